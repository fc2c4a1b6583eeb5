/*
 * text.h - text analysis of one article: UTF-8 repair, normalization,
 * tokens, sentences, stems. Pure: memory in, memory out, no I/O.
 *
 * The analysed text is the article's display text (already UTF-8 repaired).
 * The caller passes the regions of it that are article text (the lines the
 * cleaner kept); tokens and sentences are found only inside regions, and a
 * sentence never spans two regions unless the first ends without terminal
 * punctuation and the second starts lower-case (hard-wrapped text).
 * All offsets are byte offsets into that text.
 *
 * Lines: a region (or the whole text) is cut at its newlines and each line
 * is handled as a region of its own, so one-sentence-per-line input keeps
 * its sentences. The wrapped-text join needs the two lines to be separated
 * by white space holding exactly one newline (a blank line, or a dropped
 * boilerplate line in between, always breaks). A line without tokens
 * (blank, punctuation only) always breaks.
 *
 * Tokens (see tokenize.c for the full rules):
 *   - runs of letters, digits and combining marks, joined across hyphens
 *     (al-Hajr, Iran-backed, U.S.-led: one token each, the norm keeps the
 *     hyphen), internal apostrophes (O'Brien), number punctuation (1,500
 *     3.5 10:30) and the dots of letter-dot abbreviations (U.S., J.K.: the
 *     dots are in the span, the norm is "u.s."; a broken "U.S" also folds to
 *     "u.s.");
 *   - English clitics split off as the Penn Treebank does: Syria's ->
 *     "syria" + "'s", don't -> "do" + "n't", they're -> "they" + "'re"; a
 *     PTB "Syria 's" and a broken "Syria s" give the same content tokens
 *     (all clitics and the bare letters s, t, d, m, ll, re, ve are stopwords);
 *   - PTB brackets (-LRB- -RRB- -LCB- -RCB- -LSB- -RSB-) and quotes (`` '')
 *     are punctuation, never tokens;
 *   - Han, kana, Hangul and Thai: one token per character (SL_TOK_CJK);
 *   - punctuation, symbols and emoji separate tokens and are dropped.
 * Titles like "Mr." keep the dot outside the token ("mr"); the sentence
 * splitter reads it from the text.
 *
 * Every sentence holds at least one token; every token is in exactly one
 * sentence (token.sent), the first one flagged SL_TOK_SENT0.
 */
#ifndef SL_TEXT_H
#define SL_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* ---- UTF-8 ------------------------------------------------------------ */

/* Copies `len` bytes of `in` into a new NUL-terminated string in *out, each
 * maximal invalid sequence replaced by U+FFFD (EF BF BD); NUL bytes and C0
 * controls other than \t \n \r become U+FFFD too, \r\n and lone \r become
 * \n. *nbad receives the number of replacements. Returns 0, or -1 when out
 * of memory. *out_len receives the output length. */
int sl_utf8_repair(const char *in, size_t len, char **out, size_t *out_len, size_t *nbad);

/* ---- analysis result -------------------------------------------------- */

enum sl_tok_flag {
    SL_TOK_NUM    = 1 << 0, /* contains a digit (1,500 3.5 2017 U.S-backed is not) */
    SL_TOK_CAP    = 1 << 1, /* first letter upper-case in the original text */
    SL_TOK_ALLCAP = 1 << 2, /* every letter upper-case and at least two letters */
    SL_TOK_STOP   = 1 << 3, /* stopword of the article's language */
    SL_TOK_SENT0  = 1 << 4, /* first token of its sentence */
    SL_TOK_CJK    = 1 << 5, /* one ideograph/kana/hangul character (no-space scripts) */
};

typedef struct sl_token {
    uint32_t start, end;   /* byte span in the analysed text */
    uint32_t norm;         /* offset in sl_doc.strings: NFKC case-folded form */
    uint32_t stem;         /* offset in sl_doc.strings: Snowball stem of norm
                              (= norm for numbers, CJK, clitics) */
    uint64_t hash;         /* sl_hash64 of norm */
    uint64_t stem_hash;    /* sl_hash64 of stem */
    uint32_t flags;        /* sl_tok_flag */
    uint32_t sent;         /* index of the sentence holding it */
} sl_token;

typedef struct sl_sentence {
    uint32_t start, end;         /* byte span, trimmed of surrounding space */
    uint32_t tok_begin, tok_end; /* token index range [begin, end) */
} sl_sentence;

typedef struct sl_region {
    uint32_t start, end;   /* byte span of article text (typically one line) */
} sl_region;

typedef struct sl_doc {
    struct { sl_token *v; size_t n, cap; } toks;
    struct { sl_sentence *v; size_t n, cap; } sents;
    struct { char *v; size_t n, cap; } strings; /* NUL-terminated strings */
} sl_doc;

void sl_doc_reset(sl_doc *d);   /* empties, keeps memory for reuse */
void sl_doc_free(sl_doc *d);
static inline const char *sl_tok_norm(const sl_doc *d, const sl_token *t)
{
    return d->strings.v + t->norm;
}
static inline const char *sl_tok_stem(const sl_doc *d, const sl_token *t)
{
    return d->strings.v + t->stem;
}

/* ---- analyser --------------------------------------------------------- */

/* An analyser holds a stemmer, a bounded cache of stems (norm -> stem,
 * stopword) and scratch memory; one per thread. NULL when out of memory.
 * lang: ISO 639-1 code ("en"); NULL or unknown means "en". */
typedef struct sl_text sl_text;
sl_text *sl_text_new(const char *lang);
void     sl_text_free(sl_text *t);   /* NULL ok */

/* Analyses text[0..len) restricted to `regions` (sorted, non-overlapping;
 * NULL/0 = the whole text) into *out (reset first). Returns 0 or -1 (out of
 * memory, t NULL, text NULL with len > 0, or len >= 4 GiB). Regions that
 * reach past len are clipped, parts overlapping an earlier region skipped.
 * The text should be repaired UTF-8 (sl_utf8_repair); stray bad bytes are
 * tolerated (they separate tokens). *out may be zero-initialised. */
int sl_text_analyze(sl_text *t, const char *text, size_t len,
                    const sl_region *regions, size_t nregions, sl_doc *out);

/* NFKC + case fold of one string into a new string (caller frees with
 * sl_free; NULL when out of memory). Default-ignorables (soft hyphen, ZWJ)
 * are dropped (UTF8PROC_IGNORE). Typographic apostrophes U+2019 U+2018
 * become ' and U+2010 becomes -, the forms token norms use. ASCII input is
 * lower-cased directly; bytes that are not valid UTF-8 are copied as-is. */
char *sl_text_fold(const char *s, size_t len);

/* True when `norm` (already folded) is an English stopword. */
int sl_is_stopword(const char *norm);

#endif
