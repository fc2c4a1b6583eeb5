/*
 * entity.h - names in news text, and alias keys so that spelling variants
 * of one name meet. Pure: memory in, memory out, no I/O, no printing.
 *
 * Three parts:
 *
 *   1. Mention extraction (sl_entity_extract). Finds capitalised spans
 *      ("Syrian Observatory for Human Rights", "Deir al-Zor", "Bashar
 *      al-Assad", "U.S.", "ISIS") in raw UTF-8 text. The extractor does its
 *      own light word scanning (utf8proc categories), so it does not depend
 *      on the text module; it takes a whole article or a single sentence.
 *
 *   2. Alias keys (sl_entity_key). Maps a name to a short key so that
 *      transliteration variants meet: "Deir al-Zor", "Deir ez-Zor",
 *      "Deir az-Zour", "Deir Ezzor", "Dayr az Zawr" all give one key, while
 *      "Gaza"/"Giza", "Iran"/"Iraq", "Homs"/"Hama" stay apart.
 *
 *   3. Aliases stated by the text (sl_entity_learn: "Daesh (ISIS)",
 *      "Syrian Democratic Forces (SDF)", an acronym and its expansion in one
 *      article) and a small union-find table (sl_alias_table) that maps
 *      alias keys to one canonical key.
 *
 * Thread safety: an sl_entity context is used by one thread at a time; make
 * one per worker. sl_entity_key and sl_entity_acronym_matches are reentrant.
 * An sl_alias_table is not synchronised.
 */
#ifndef SL_ENTITY_H
#define SL_ENTITY_H

#include <stddef.h>
#include <stdint.h>

/* ---- mentions ----------------------------------------------------------- */

typedef enum sl_mention_kind {
    SL_MENT_NAME    = 0, /* one or more capitalised words: "Deir al-Zor" */
    SL_MENT_ACRONYM = 1, /* one all-caps or dotted word: "SDF", "U.S." */
} sl_mention_kind;

enum sl_mention_flag {
    /* The mention starts at the first word of a sentence (capitalisation
     * there says nothing). */
    SL_MENT_SENT0  = 1 << 0,
    /* Capitalisation is weak evidence here: a lone sentence-initial word
     * ("Fighting", "Moscow"), or a word of an all-caps or Title Case
     * headline ("SYRIAN ARMY ENTERS MAYADEEN"). Unsure mentions are dropped
     * unless confirmed (see sl_entity_opts.keep_unsure). */
    SL_MENT_UNSURE = 1 << 1,
};

typedef struct sl_mention {
    uint32_t start, end; /* byte span of the surface text in the input */
    uint32_t key;        /* offset in sl_mentions.strings: sl_entity_key() */
    uint64_t key_hash;   /* sl_hash64 of that key string */
    uint16_t kind;       /* sl_mention_kind */
    uint16_t flags;      /* sl_mention_flag */
    uint16_t nwords;     /* words in the surface (hyphen parts count) */
} sl_mention;

/* An alias the text states or implies. Spans are byte spans in the same
 * input as the mentions; `name` is the fuller form, `alias` the other one. */
typedef enum sl_alias_source {
    SL_ALIAS_BRACKET  = 0, /* "Syrian Democratic Forces (SDF)", "IS [Daesh]" */
    SL_ALIAS_INITIALS = 1, /* "SDF" elsewhere in the text, matching initials */
} sl_alias_source;

typedef struct sl_alias_pair {
    uint32_t name;    /* index of the name mention in sl_mentions.m */
    uint32_t alias;   /* index of the alias mention in sl_mentions.m */
    uint32_t source;  /* sl_alias_source */
} sl_alias_pair;

/* Result of one extraction. Zero-initialise before first use; reuse across
 * calls (sl_entity_extract resets it, keeping memory). */
typedef struct sl_mentions {
    struct { sl_mention *v; size_t n, cap; } m;        /* in text order */
    struct { sl_alias_pair *v; size_t n, cap; } pairs; /* filled by sl_entity_learn */
    struct { char *v; size_t n, cap; } strings;        /* NUL-terminated keys */
} sl_mentions;

static inline const char *sl_mention_key(const sl_mentions *ms, const sl_mention *m)
{
    return ms->strings.v + m->key;
}
void sl_mentions_reset(sl_mentions *ms);  /* empties, keeps memory */
void sl_mentions_free(sl_mentions *ms);   /* NULL ok; leaves it zeroed */

typedef struct sl_entity_opts {
    /* 0 (default): an SL_MENT_UNSURE mention is kept only when a sure
     * mention with the same key occurs in the same input ("Moscow denies..."
     * is kept when "Moscow" also appears mid-sentence), so pass a whole
     * article when you can. 1: keep every unsure mention, flagged. */
    int keep_unsure;
} sl_entity_opts;

typedef struct sl_entity sl_entity;

/* opts may be NULL (defaults). Returns NULL when out of memory. */
sl_entity *sl_entity_new(const sl_entity_opts *opts);
void       sl_entity_free(sl_entity *e);  /* NULL ok */

/*
 * Extracts the name mentions of text[0..len) (UTF-8; invalid bytes are
 * treated as punctuation) into *out, which is reset first. Returns 0, or -1
 * when out of memory (out then holds a consistent prefix). text may be NULL
 * when len is 0. Inputs of 4 GiB or more are refused (-1).
 *
 * Input: a whole article or one sentence; plain text or PTB-tokenised text
 * ("Syria 's", "-LRB- SDF -RRB-"). Sentences are guessed internally: a new
 * one starts at the beginning, after a newline, after ':' and after '.', '!'
 * or '?' that is not part of an initial ("W."), a dotted acronym ("U.S.")
 * or a title abbreviation ("Mr.", "Gen.").
 *
 * Words: maximal runs of letters, combining marks and digits, with internal
 * apostrophes (O'Brien, Shi'ite). A final "'s" / "’s" is a possessive and is
 * left out of the span ("Syria's" -> "Syria"); a possessive ends a name.
 * "U.S." and "J.R.R." are one dotted word; "U.S.-led" -> "U.S.".
 *
 * A mention is a maximal run of name words (capitalised, or all-caps, or
 * dotted, not a function word like "The"/"In", no digit) joined by single
 * spaces or hyphens, possibly through:
 *   - name particles: al, el, bin, ibn, de, van, von, da, di, du, del, der,
 *     le, la, and, when hyphen-joined, the Arabic articles ad, ar, as, at,
 *     az, ez, ed, es, ash, ul ("Deir ez-Zor", "Hay al Umal"); a mention may
 *     also start with "al"/"el" before a capitalised word ("al Qwaira",
 *     "al-Mayadin");
 *   - the connectives "of", "for" (and "the" right after them), and "and"
 *     once the mention already holds "of"/"for" ("University of California",
 *     "Islamic State of Iraq and the Levant"), never before a month or
 *     weekday.
 * All-caps words chain only with all-caps words ("NEW YORK"), so "BBC News"
 * is two mentions; dotted words chain with capitalised ones ("U.S. Army").
 * A month or weekday never continues a name ("Damascus Sunday" -> "Damascus").
 * Hyphenated compounds: capitalised parts stay together ("Kurdish-Arab",
 * "Jean-Claude"); a lower-case part ends the name: "Iranian-backed" ->
 * "Iranian", "IS-held" -> "IS".
 *
 * A dash with a space before it also starts a sentence ("AMMAN (Reuters) -
 * The ..."). Then: titles (Mr, Dr, President, Minister, Gen, Sheikh, King,
 * ...) among the first four words are cut, through the last one, when a
 * name follows ("Foreign Minister Sergei Lavrov" -> "Sergei Lavrov"); a sentence-initial common word (Former, Last,
 * Earlier, However, ...) is cut; a lone month or weekday is dropped; a lone
 * other sentence-initial word is SL_MENT_UNSURE. A headline yields one
 * unsure mention per name word, since case carries no information there:
 * a sentence of 4+ words that is 80% all caps (3 words if one is THE, OF...),
 * or Title Case: capitalised function words inside it ("Comments About This
 * Article") or 4+ content words none of them lower-case ("McCain Calls for
 * Debate Delay"). Bylines ("By X and Y") are not headlines. Scripts without case
 * (Arabic, CJK, ...) yield no mentions.
 */
int sl_entity_extract(sl_entity *e, const char *text, size_t len, sl_mentions *out);

/* ---- alias keys --------------------------------------------------------- */

/*
 * Writes the alias key of name[0..len) into out[0..cap) and returns its
 * length (excluding the NUL). When the return value is >= cap the key was
 * truncated (out still NUL-terminated if cap > 0); call again with a larger
 * buffer (the return value + 1 bytes suffice). Empty or letterless
 * input gives the empty key "", and so does running out of memory on
 * very long names (over 256 bytes folded).
 *
 * Construction (details and reasons in entity_key.c):
 *   1. fold: NFKD, strip marks, case-fold (ß -> ss, ø -> o, ...); drop
 *      apostrophes, dots and transliteration marks (ʿ ʾ); split words at
 *      spaces, hyphens and other punctuation;
 *   2. drop a leading "the"; in a name of two or more words drop Arabic
 *      article particles (al, el, ul, ad, ar, as, at, az, ash, ed, es, ez,
 *      an, en) that are not the last word (as the first word only al, el,
 *      ul, il, or any form before a hyphen: "ar-Raqqa", but "Ed Miliband"
 *      keeps "Ed"), and undo an attached assimilated
 *      article on a non-first word ("Ezzor" -> "zor", "Arrahman" ->
 *      "rahman"; only before d, t, r, z, n: "Assad" stays);
 *   3. join the words and write a skeleton of the Latin letters: digraphs
 *      (tch/tsch/ch, sh/sch, kh, gh, th, dh, ph) to one consonant, c to k or
 *      s, q/k/g to one class, w to v, x to ks, doubled consonants collapsed
 *      (not in all-caps words, so "US" and "USS" stay apart), h dropped
 *      after a vowel at the end of the name; vowels (with y/w next to a
 *      vowel, as in "Dayr", "Zawr", "Kyiv") form runs. The first run is
 *      written as its class (A: a; E: e i y ai ay ei ae...; O: o u au aw
 *      ou...), the final run (when the name ends in a vowel) as the classes
 *      of its first and last letters ("Syria" ends "EA", "Sierra" "A"),
 *      every other run as a generic V.
 *   Letters outside a-z (other scripts) and digits are copied folded.
 *   Exception: a one-word name of at most 3 letters, or without consonant,
 *   or all capitals and not pronounceable as a word (CIA, IAEA; not NATO,
 *   ISIS) is keyed by its folded letters ("cia", "us" for "U.S."), because
 *   a skeleton of so little would merge "Say", "See" and "Sea".
 *
 * So "Deir al-Zor" and "Dayr az Zawr" -> "dErzVr"; "Gaddafi", "Qaddafi",
 * "Kadhafi" -> "kAdVfE"; "Gaza" ("kAzA") and "Giza" ("kEzA") differ.
 * Deliberate gaps: "Abu Kamal" and "Albu Kamal" do not meet ("abu" is a
 * productive name prefix and "al" inside a word is not an article), nor do
 * "Al-Bukamal" and "Albukamal". Known false merges, the price of the
 * vowel and q/k/g classes: short names with one interior vowel ("Iraq" /
 * "Eric", "Reagan" / "Region", "Rubin" / "Robin"), "Greek" / "Craig".
 * Learned aliases (sl_entity_learn) cover what the key does not.
 */
size_t sl_entity_key(const char *name, size_t len, char *out, size_t cap);

/* Convenience: the key in a new string (sl_free it); NULL when out of memory. */
char *sl_entity_key_dup(const char *name, size_t len);

/* ---- learned aliases ---------------------------------------------------- */

/*
 * True (1) when the acronym acr[0..alen) ("SDF", "ISIL", "U.S.") is spelled
 * by the initials of name[0..nlen) ("Syrian Democratic Forces", "Islamic
 * State of Iraq and the Levant"). Each acronym letter takes the first letter
 * of the next word in order; words "of", "and", "the", "for", "in", "on",
 * "de", "al", "el" may be used or skipped, other words must all be used.
 * Hyphen parts are words ("Al-Qaeda in the Arabian Peninsula" = AQAP).
 * Case-insensitive on ASCII; acronyms must have 2..12 letters.
 */
int sl_entity_acronym_matches(const char *acr, size_t alen, const char *name, size_t nlen);

/*
 * Appends to ms->pairs (after clearing it) the aliases stated in
 * text[0..len), which must be the input of the sl_entity_extract call that
 * filled ms. Returns 0 or -1 (ENOMEM).
 *
 *   - SL_ALIAS_BRACKET: a mention followed by "(X)", "[X]" or "-LRB- X -RRB-"
 *     where X is exactly one mention and one of the two is an acronym:
 *     "Daesh (ISIS)", "IS [Daesh]", "Syrian Democratic Forces (SDF)" (but
 *     not "Kristen Stewart (Bella)", and so not "Islamic State (Daesh)"). One lower-case word may come between
 *     the name and the bracket when X is an acronym of the name ("the Islamic
 *     State group (IS)"). An acronym after a multi-word name must spell its
 *     initials or start with them ("Islamic State (ISIS)"; not "Arabian
 *     Peninsula (AQAP)"). Not taken unless the initials fit: credits and
 *     datelines ("AMMAN (Reuters) -", "[AFP]", "Florida (CNN)"), dotted
 *     abbreviations ("Cinnaminson (N.J.)"), all-caps words over 6 bytes
 *     ("[INAUDIBLE]"). Never: content with digits, two mentions of the same
 *     key.
 *   - SL_ALIAS_INITIALS: an acronym mention and a multi-word name mention
 *     of the same text whose initials match (sl_entity_acronym_matches);
 *     an acronym whose initials fit two different names of the text ("IS":
 *     "Islamic State", "Iranian Shiite") is ambiguous and pairs with none;
 *     a name seen only at sentence starts is not paired ("Unless Samantha"),
 *     nor a name whose last word is also a mention on its own (a person:
 *     "Tommy Vietor" ... "Vietor said" is no "TV").
 *   Each (alias key, name key) pair is reported once.
 */
int sl_entity_learn(const char *text, size_t len, sl_mentions *ms);

/* ---- alias table ---------------------------------------------------------- */

/*
 * A set of alias keys grouped by union-find. Every group has one canonical
 * key: its longest member, ties broken by byte order, so the canonical key
 * does not depend on the order of sl_alias_table_add calls. Keys are copied.
 */
typedef struct sl_alias_table sl_alias_table;

sl_alias_table *sl_alias_table_new(void);         /* NULL when out of memory */
void            sl_alias_table_free(sl_alias_table *t); /* NULL ok */

/* Records that keys a and b name the same thing (both are inserted if new).
 * Returns 0 or -1 (ENOMEM; no groups are joined then, though `a` may have
 * been inserted as a group of its own). */
int sl_alias_table_add(sl_alias_table *t, const char *a, const char *b);

/* The canonical key of key's group, or key itself when the table has never
 * seen it. The returned pointer is owned by the table (or is `key`) and is
 * valid until the next sl_alias_table_add or _free. */
const char *sl_alias_table_resolve(sl_alias_table *t, const char *key);

/* Number of distinct keys stored. */
size_t sl_alias_table_size(const sl_alias_table *t);

#endif
