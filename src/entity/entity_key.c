/*
 * entity_key.c - alias keys: one short string per name, shared by the
 * transliteration variants of that name.
 *
 * Design note
 * -----------
 * News spells Arabic (and Russian, Persian...) names many ways: the article
 * "al-" is written al/el/ez/az/ad or dropped, and assimilated to the next
 * consonant ("ez-Zor", "Ezzor"); vowels are guessed (Hezbollah, Hizbollah,
 * Hizballah; Muhammad, Mohammed); q is written q, k or g (Qaddafi, Kadhafi,
 * Gaddafi); consonants are doubled or not (Raqqa, Raqa); digraphs vary
 * (Tchaikovsky, Tschaikowsky). The key folds exactly these differences and
 * keeps what tells places apart: the consonant sequence, the number of
 * vowel runs, and the class of the first and of the final vowel run (Gaza
 * "kAzA" vs Giza "kEzA", Cuba "kObA" vs Kobe "kObE", Iran "ErVn" vs Oran
 * "OrVn"). Interior vowels are the least reliable part of a transliteration
 * and the least telling part of a name, so they become a generic V.
 *
 * Pipeline: fold (utf8proc NFKD + case fold + strip marks, ASCII fast path)
 * into words -> drop "the" and Arabic article particles -> join -> skeleton.
 * Output alphabet: lower-case consonants (k covers c/k/q/g, C = ch, S = sh,
 * j, v covers v/w), vowel classes A E O and V, digits, and non-Latin letters
 * copied as folded UTF-8.
 *
 * Short one-word names and letter-by-letter acronyms are keyed by their
 * folded letters instead (see "short words and acronyms" below).
 *
 * Measured on t17-dev (bench_entity): the largest groups are true variants
 * (Mubarak 14 forms, al-Qaeda 9, Mohammed 8); the false merges seen there
 * are short words with one interior vowel (Iraq/Eric, Reagan/Region).
 *
 * Invariants: the key is a pure function of the folded words, so upper/lower
 * case, diacritics, hyphen vs space and apostrophes never change it; words
 * that are all capitals (acronyms) keep doubled letters ("USS" != "US").
 */
#include "entity/entity.h"
#include "common/common.h"

#include <string.h>
#include <utf8proc.h>

/* ---- scratch buffer (stack first, heap when long) ------------------------ */

typedef struct kbuf {
    char *p;
    size_t n, cap;
    int heap;
    int oom;
} kbuf;

static void kb_put(kbuf *b, char c)
{
    if (b->n + 1 >= b->cap) {
        size_t nc = b->cap * 2;
        char *np = b->heap ? sl_realloc(b->p, nc) : sl_malloc(nc);
        if (!np) { b->oom = 1; return; }
        if (!b->heap) memcpy(np, b->p, b->n);
        b->p = np; b->cap = nc; b->heap = 1;
    }
    b->p[b->n++] = c;
}

static void kb_free(kbuf *b)
{
    if (b->heap) sl_free(b->p);
}

/* ---- fold into words -------------------------------------------------------
 * Folded letters go to `f`; word boundaries are recorded as a byte '\1'
 * (never produced by folding). Upper-case letters of the input are counted
 * per word to know which words are all capitals.                           */

typedef struct word_ref {
    size_t start, len;
    int allcaps;
    int hyphen;    /* a hyphen follows the word: "ar-Raqqa" */
} word_ref;

#define KEY_MAX_WORDS 32

typedef struct fold_state {
    kbuf f;
    word_ref w[KEY_MAX_WORDS];
    size_t nw;
    size_t wstart;
    int nup, nlow;
    int prev_low;   /* the last input letter was a small ASCII letter */
} fold_state;

static void fold_end_word(fold_state *s)
{
    if (s->f.n > s->wstart && s->nw < KEY_MAX_WORDS) {
        word_ref *w = &s->w[s->nw++];
        w->start = s->wstart;
        w->len = s->f.n - s->wstart;
        w->allcaps = s->nup >= 1 && s->nlow == 0;
        w->hyphen = 0;
    } else if (s->f.n > s->wstart) {
        /* too many words: glue the rest onto the last one */
        s->w[s->nw - 1].len = s->f.n - s->w[s->nw - 1].start;
        return;
    }
    s->wstart = s->f.n;
    s->nup = s->nlow = 0;
}

static int is_apostrophe_like(int32_t c)
{
    return c == '\'' || c == '`' || c == '.' || c == 0x2019 || c == 0x2018
        || c == 0x02BC || c == 0x02BB || c == 0x02BE || c == 0x02BF
        || c == 0x00B4;
}

/* Letters NFKD leaves alone but that readers see as Latin letters. */
static const char *fold_special(int32_t c)
{
    switch (c) {
    case 0x00F8: case 0x00D8: return "o";   /* ø */
    case 0x0142: case 0x0141: return "l";   /* ł */
    case 0x0111: case 0x0110: case 0x00F0: case 0x00D0: return "d";
    case 0x00FE: case 0x00DE: return "th";  /* þ */
    case 0x00E6: case 0x00C6: return "ae";
    case 0x0153: case 0x0152: return "oe";
    case 0x0131: return "i";                /* dotless i */
    case 0x0127: case 0x0126: return "h";   /* ħ */
    case 0x00DF: return "ss";
    default: return NULL;
    }
}

/* "ElBaradei", "AlJazeera": a capital after a small letter starts a word,
 * so an attached article is seen as one. */
static void fold_ascii(fold_state *s, int c)
{
    if (c >= 'A' && c <= 'Z') {
        if (s->prev_low) fold_end_word(s);
        s->nup++;
        kb_put(&s->f, (char)(c + 32));
    } else if (c >= 'a' && c <= 'z') { s->nlow++; kb_put(&s->f, (char)c); }
    else if (c >= '0' && c <= '9') kb_put(&s->f, (char)c);
    else if (is_apostrophe_like(c)) { /* dropped, no word break */ }
    else {
        fold_end_word(s);
        if (c == '-' && s->nw > 0) s->w[s->nw - 1].hyphen = 1;
    }
}

static void fold_put_cp(fold_state *s, int32_t c)
{
    uint8_t enc[4];
    utf8proc_ssize_t k = utf8proc_encode_char(c, enc);
    for (utf8proc_ssize_t i = 0; i < k; i++) kb_put(&s->f, (char)enc[i]);
}

static void fold_unicode(fold_state *s, int32_t c)
{
    if (is_apostrophe_like(c)) return;
    const char *sp = fold_special(c);
    utf8proc_category_t cat = utf8proc_category(c);
    if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) s->nup++;
    else if (cat == UTF8PROC_CATEGORY_LL) s->nlow++;
    if (sp) { for (; *sp; sp++) kb_put(&s->f, *sp); return; }
    int32_t d[32];
    int bc = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 32,
        UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_DECOMPOSE, &bc);
    if (n < 0 || n > 32) { fold_end_word(s); return; }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        int32_t x = d[i];
        if (x < 0x80) { int up = s->nup, lo = s->nlow; fold_ascii(s, (int)x); s->nup = up; s->nlow = lo; continue; }
        utf8proc_category_t xc = utf8proc_category(x);
        if (xc >= UTF8PROC_CATEGORY_LU && xc <= UTF8PROC_CATEGORY_LO) fold_put_cp(s, x);
        else if (xc >= UTF8PROC_CATEGORY_MN && xc <= UTF8PROC_CATEGORY_ME) continue;
        else if (xc == UTF8PROC_CATEGORY_ND) fold_put_cp(s, x);
        else fold_end_word(s);
    }
}

static void fold_name(fold_state *s, const char *name, size_t len)
{
    const uint8_t *p = (const uint8_t *)name;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            fold_ascii(s, p[i]);
            s->prev_low = p[i] >= 'a' && p[i] <= 'z';
            i++;
            continue;
        }
        s->prev_low = 0;
        int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) { fold_end_word(s); i++; continue; }
        fold_unicode(s, c);
        i += (size_t)k;
    }
    fold_end_word(s);
}

/* ---- particles ------------------------------------------------------------ */

static int word_is(const fold_state *s, const word_ref *w, const char *lit)
{
    size_t n = strlen(lit);
    return w->len == n && memcmp(s->f.p + w->start, lit, n) == 0;
}

/* Arabic article forms as transliterated in news (al-, el-, and the
 * sun-letter assimilations ad-, ar-, as-, ash-, at-, az-, ez-...). */
static int is_article(const fold_state *s, const word_ref *w)
{
    static const char *const art[] = {
        "al", "el", "ul", "il", "ad", "ar", "as", "at", "az", "an",
        "ash", "ath", "adh", "ed", "er", "es", "et", "ez", "en", "esh",
    };
    if (w->len < 2 || w->len > 3) return 0;
    for (size_t i = 0; i < SL_ARRAY_LEN(art); i++)
        if (word_is(s, w, art[i])) return 1;
    return 0;
}

/* As a first word, al/el (ul/il) are always articles ("Al Jazeera", "El
 * Baradei"); other forms only before a hyphen ("ar-Raqqa", not "Ed
 * Miliband"). */
static int is_al(const fold_state *s, const word_ref *w)
{
    return word_is(s, w, "al") || word_is(s, w, "el") || word_is(s, w, "ul") || word_is(s, w, "il");
}

static int is_vowel(int c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* "Ezzor" -> "zor", "Arrahman" -> "rahman": an article written attached
 * and assimilated to d, t, r, z or n (not s: "Assad" is a root, not al+Sad).
 * Returns how many leading bytes to skip. */
static size_t assimilated_prefix(const fold_state *s, const word_ref *w)
{
    const char *p = s->f.p + w->start;
    if (w->len < 5) return 0;
    if (p[0] != 'a' && p[0] != 'e') return 0;
    if (p[1] != p[2] || !strchr("dtrzn", p[1])) return 0;
    return is_vowel((unsigned char)p[3]) ? 2 : 0;
}

/* ---- join ------------------------------------------------------------------ */

/* Joined letters in `j`, with a parallel flag per byte: 1 when the byte
 * comes from an all-caps word (no doubled-letter collapse there). */
static void join_words(const fold_state *s, kbuf *j, kbuf *caps)
{
    size_t first = 0, n = s->nw;
    if (n >= 2 && word_is(s, &s->w[0], "the")) first = 1;
    int multi = n - first >= 2;
    int kept = 0;
    for (size_t i = first; i < n; i++) {
        const word_ref *w = &s->w[i];
        if (multi && i + 1 < n && is_article(s, w) && (i > first || is_al(s, w) || w->hyphen))
            continue;
        size_t skip = (kept && multi) ? assimilated_prefix(s, w) : 0;
        for (size_t k = skip; k < w->len; k++) {
            kb_put(j, s->f.p[w->start + k]);
            kb_put(caps, (char)(w->allcaps && w->len > 1));
        }
        kept++;
    }
}

/* ---- skeleton ------------------------------------------------------------ */

typedef struct skel {
    const char *s;     /* joined letters */
    const char *caps;  /* per byte: from an all-caps word */
    size_t n;
    kbuf *out;
    int last_cons;     /* last consonant symbol written, 0 after a vowel */
    int runs;          /* vowel runs written so far */
} skel;

/* y and w are vowels inside a vowel run ("Dayr", "Zawr", "Kyiv"), consonants
 * before a vowel at the start or after a vowel ("Yemen", "Mayadin", "Awad"). */
static int yw_is_vowel(const skel *k, size_t i)
{
    int c = (unsigned char)k->s[i];
    int next_v = i + 1 < k->n && is_vowel((unsigned char)k->s[i + 1]);
    int prev_v = i > 0 && is_vowel((unsigned char)k->s[i - 1]);
    if (c == 'y') return !(next_v && (i == 0 || prev_v));
    /* w: "Zawr", "Kiew", "Moscow" but not "Tschaikowsky" */
    return prev_v && !next_v && (i + 1 == k->n || k->s[i - 1] == 'a');
}

static int vowel_at(const skel *k, size_t i)
{
    int c = (unsigned char)k->s[i];
    if (is_vowel(c)) return 1;
    if (c == 'y' || c == 'w') return yw_is_vowel(k, i);
    return 0;
}

static char run_class(const char *r, size_t len)
{
    int c0 = (unsigned char)r[0], c1 = len > 1 ? (unsigned char)r[1] : 0;
    if (c0 == 'a') {
        if (c1 == 'i' || c1 == 'e' || c1 == 'y') return 'E';
        if (c1 == 'u' || c1 == 'w' || c1 == 'o') return 'O';
        return 'A';
    }
    if (c0 == 'o' || c0 == 'u' || c0 == 'w') return 'O';
    return 'E';
}

static void emit_cons(skel *k, int sym, int from_caps)
{
    if (sym == k->last_cons && !from_caps) return;  /* doubled consonant */
    kb_put(k->out, (char)sym);
    k->last_cons = sym;
}

static int starts(const skel *k, size_t i, const char *lit)
{
    size_t n = strlen(lit);
    return i + n <= k->n && memcmp(k->s + i, lit, n) == 0;
}

/* Maps the consonant(s) at i to one symbol; returns bytes consumed. */
static size_t consonant(const skel *k, size_t i, int *sym)
{
    int c = (unsigned char)k->s[i];
    int nx = i + 1 < k->n ? (unsigned char)k->s[i + 1] : 0;
    if (starts(k, i, "tsch")) { *sym = 'C'; return 4; }
    if (starts(k, i, "tch")) { *sym = 'C'; return 3; }
    if (starts(k, i, "sch")) { *sym = 'S'; return 3; }
    if (nx == 'h') {
        switch (c) {
        case 'c': *sym = 'C'; return 2;
        case 's': *sym = 'S'; return 2;
        case 'k': case 'g': *sym = 'k'; return 2;
        case 't': *sym = 't'; return 2;
        case 'd': *sym = 'd'; return 2;
        case 'p': *sym = 'f'; return 2;
        case 'z': *sym = 'j'; return 2;
        default: break;
        }
    }
    if (c == 'c' && nx == 'k') { *sym = 'k'; return 2; }
    if (c == 'd' && nx == 'j') { *sym = 'j'; return 2; }
    switch (c) {
    case 'c': *sym = (nx == 'e' || nx == 'i' || nx == 'y') ? 's' : 'k'; return 1;
    case 'q': case 'g': *sym = 'k'; return 1;
    case 'w': *sym = 'v'; return 1;
    default: *sym = c; return 1;
    }
}

static char letter_class(int c)
{
    return c == 'a' ? 'A' : (c == 'o' || c == 'u' || c == 'w') ? 'O' : 'E';
}

/* The first run keeps its class, the final run its first and last letter
 * classes ("Syria" ends "EA", "Sierra" "A"; "George" "E", "Georgia" "EA"),
 * interior runs become V. */
static void emit_run(skel *k, size_t i, size_t j)
{
    char cls = run_class(k->s + i, j - i);
    if (j >= k->n && k->runs > 0) {
        char a = letter_class((unsigned char)k->s[i]);
        char b = letter_class((unsigned char)k->s[j - 1]);
        kb_put(k->out, a);
        if (b != a) kb_put(k->out, b);
    } else {
        kb_put(k->out, k->runs == 0 ? cls : 'V');
    }
    k->runs++;
    k->last_cons = 0;
}

static void skeleton(skel *k)
{
    /* a final h after a vowel is silent: Hamah = Hama, Hezbollah */
    while (k->n >= 3 && k->s[k->n - 1] == 'h' && is_vowel((unsigned char)k->s[k->n - 2]))
        k->n--;
    size_t i = 0;
    while (i < k->n) {
        unsigned char c = (unsigned char)k->s[i];
        if (c >= 0x80 || (c >= '0' && c <= '9')) {   /* other scripts, digits */
            kb_put(k->out, (char)c);
            k->last_cons = 0;
            i++;
            continue;
        }
        if (vowel_at(k, i)) {
            size_t j = i + 1;
            while (j < k->n && k->s[j] < 0x7f && vowel_at(k, j)) j++;
            emit_run(k, i, j);
            i = j;
            continue;
        }
        int sym;
        size_t used = consonant(k, i, &sym);
        if (sym == 'x') { emit_cons(k, 'k', k->caps[i]); emit_cons(k, 's', k->caps[i]); }
        else emit_cons(k, sym, k->caps[i]);
        i += used;
    }
}

/* ---- short words and acronyms -------------------------------------------------
 * A skeleton is only safe when there is enough of a word to sketch. Short
 * words ("Say", "See", "Sea") and letter-by-letter acronyms ("CIA", "CEO",
 * "IAEA") would collide, so a one-word name is keyed by its folded letters
 * when it has at most 3 letters, no consonant, or is all capitals and not
 * pronounceable as a word (NATO, ISIS are; IAEA, NSFW are not), so that
 * "ISIS" still meets "Isis".                                                */

static int pronounceable(const char *p, size_t n)
{
    static const char *const dip[] = { "ai", "au", "ea", "ee", "ei", "eu", "ie", "oa", "oi", "oo", "ou", "ue" };
    int cons = 0, vow = 0, any_v = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)p[i];
        int v = is_vowel(c) || (c == 'y' && !(i > 0 && is_vowel((unsigned char)p[i - 1]))
                                 && !(i + 1 < n && is_vowel((unsigned char)p[i + 1])));
        if (c >= 0x80 || (c >= '0' && c <= '9')) return 0;
        cons = v ? 0 : cons + 1;
        if (v) {
            vow++;
            any_v = 1;
            if (vow == 2) {
                int ok = 0;
                for (size_t d = 0; d < SL_ARRAY_LEN(dip); d++)
                    ok |= p[i - 1] == dip[d][0] && c == dip[d][1];
                if (!ok) return 0;
            }
            if (vow >= 3) return 0;
        } else {
            vow = 0;
        }
        if (cons >= 3) return 0;
    }
    return any_v;
}

static int has_consonant(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)p[i];
        if (c >= 'a' && c <= 'z' && !is_vowel(c)) return 1;
    }
    return 0;
}

static int key_exact(const fold_state *fs)
{
    size_t first = fs->nw >= 2 && word_is(fs, &fs->w[0], "the") ? 1 : 0;
    if (fs->nw - first != 1) return 0;
    const word_ref *w = &fs->w[first];
    const char *p = fs->f.p + w->start;
    if (w->len <= 3 || !has_consonant(p, w->len)) return 1;
    return w->allcaps && !pronounceable(p, w->len);
}

/* ---- public ---------------------------------------------------------------- */

size_t sl_entity_key(const char *name, size_t len, char *out, size_t cap)
{
    char s1[256], s2[256], s3[256], s4[256];
    fold_state fs = { .f = { s1, 0, sizeof s1, 0, 0 } };
    kbuf j = { s2, 0, sizeof s2, 0, 0 }, caps = { s3, 0, sizeof s3, 0, 0 };
    kbuf o = { s4, 0, sizeof s4, 0, 0 };
    if (name) fold_name(&fs, name, len);
    if (fs.nw > 0 && key_exact(&fs)) {
        const word_ref *w = &fs.w[fs.nw - 1];
        for (size_t i = 0; i < w->len; i++) kb_put(&o, fs.f.p[w->start + i]);
    } else {
        join_words(&fs, &j, &caps);
        skel k = { j.p, caps.p, j.n, &o, 0, 0 };
        skeleton(&k);
    }
    size_t n = o.n;
    if (fs.f.oom || j.oom || caps.oom || o.oom) n = 0;   /* degrade to "" */
    if (cap > 0) {
        size_t c = SL_MIN(n, cap - 1);
        memcpy(out, o.p, c);
        out[c] = '\0';
    }
    kb_free(&fs.f); kb_free(&j); kb_free(&caps); kb_free(&o);
    return n;
}

char *sl_entity_key_dup(const char *name, size_t len)
{
    char tmp[128];
    size_t n = sl_entity_key(name, len, tmp, sizeof tmp);
    char *r = sl_malloc(n + 1);
    if (!r) return NULL;
    if (n < sizeof tmp) { memcpy(r, tmp, n + 1); return r; }
    sl_entity_key(name, len, r, n + 1);
    return r;
}
