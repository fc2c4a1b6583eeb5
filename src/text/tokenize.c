/*
 * tokenize.c - word tokens of one line of news text.
 *
 * A token is a run of letters, digits and combining marks, extended across
 * the connectors a reader reads through:
 *
 *   hyphen      al-Hajr, Iran-backed, two-month-long, U.S.-led   (- U+2010 U+2011)
 *   apostrophe  O'Brien, Shi'ite                                 (' U+2019)
 *   dot         U.S., J.K., e.g. (single letters only); 3.5, 1.2.3 (digits)
 *   comma       1,500 and 1,500,000 (groups of exactly three digits)
 *   colon       10:30 (digits)
 *
 * English clitics split off the way the Penn Treebank does, so that raw and
 * PTB-tokenized text give the same tokens:
 *
 *   Syria's  -> Syria | 's        Syria 's -> Syria | 's
 *   don't    -> do | n't          do n't   -> do | n't
 *   they're, we've, I'll, he'd, I'm -> word | 're 've 'll 'd 'm
 *
 * ("Syria s", where the apostrophe was lost, gives Syria | s; "s" and all
 * clitics are stopwords, so every form leaves the same content tokens.)
 * PTB bracket tokens (-LRB- -RRB- -LCB- -RCB- -LSB- -RSB-) and quotes
 * (`` '') are punctuation. Characters of scripts written without spaces
 * (Han, kana, Hangul, Thai) are one token each, with their combining marks.
 * Everything else (punctuation, symbols, emoji) separates tokens.
 *
 * Invariants: tokens are emitted in text order, never overlap, never empty,
 * and lie inside [start, end). Bad UTF-8 cannot stall the scan (the decoder
 * always advances).
 */
#include <string.h>

#include "text/text_int.h"

/* ---- character helpers ------------------------------------------------ */

typedef struct scan {
    const unsigned char *s;
    size_t end;
} scan;

/* Classes of the ASCII bytes, filled in by ascii_cc_init's table below. */
#define L SL_CC_LOWER
#define U SL_CC_UPPER
#define D SL_CC_DIGIT
#define S SL_CC_SPACE
#define O SL_CC_OTHER
static const unsigned char ASCII_CC[128] = {
    O, O, O, O, O, O, O, O, O, S, S, S, S, S, O, O,
    O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
    S, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
    D, D, D, D, D, D, D, D, D, D, O, O, O, O, O, O,
    O, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
    U, U, U, U, U, U, U, U, U, U, U, O, O, O, O, O,
    O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, O,
};
#undef L
#undef U
#undef D
#undef S
#undef O

static inline int cc_at(const scan *sc, size_t i, int *len, int32_t *cpo)
{
    int32_t cp;
    if (i >= sc->end) { *len = 0; if (cpo) *cpo = -1; return SL_CC_SPACE; }
    if (sc->s[i] < 0x80) {
        *len = 1;
        if (cpo) *cpo = sc->s[i];
        return ASCII_CC[sc->s[i]];
    } else {
        *len = sl_u8_dec(sc->s, sc->end, i, &cp);
    }
    if (cpo) *cpo = cp;
    return sl_cc_of(cp);
}

static int is_letter_cc(int cc)
{
    return cc == SL_CC_LOWER || cc == SL_CC_UPPER || cc == SL_CC_LETTER;
}

/* Length of an apostrophe (' or U+2019) at i, else 0. */
static int apos_len(const scan *sc, size_t i)
{
    if (i < sc->end && sc->s[i] == '\'') return 1;
    if (i + 2 < sc->end && sc->s[i] == 0xE2 && sc->s[i + 1] == 0x80 && sc->s[i + 2] == 0x99)
        return 3;
    return 0;
}

/* Length of a hyphen (- U+2010 U+2011) at i, else 0. */
static int hyphen_len(const scan *sc, size_t i)
{
    if (i < sc->end && sc->s[i] == '-') return 1;
    if (i + 2 < sc->end && sc->s[i] == 0xE2 && sc->s[i + 1] == 0x80
        && (sc->s[i + 2] == 0x90 || sc->s[i + 2] == 0x91))
        return 3;
    return 0;
}

/* Length of a PTB bracket token (-LRB- ...) at i, else 0. */
static int ptb_bracket_len(const scan *sc, size_t i)
{
    static const char *const br[] = { "-LRB-", "-RRB-", "-LCB-", "-RCB-", "-LSB-", "-RSB-" };
    if (i + 5 > sc->end || sc->s[i] != '-') return 0;
    for (size_t k = 0; k < sizeof br / sizeof br[0]; k++)
        if (memcmp(sc->s + i, br[k], 5) == 0) return 5;
    return 0;
}

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* The ASCII letters after an apostrophe at i+alen, if they are a clitic
 * ("s", "re", "ve", "ll", "d", "m", or "t") followed by a non-word char:
 * returns the clitic length (letters), else 0. *is_t tells "t". */
static size_t clitic_after(const scan *sc, size_t j, int *is_t)
{
    char r[3];
    size_t k = 0;
    while (j + k < sc->end && k < 3) {
        int c = sc->s[j + k];
        if (!((c | 32) >= 'a' && (c | 32) <= 'z')) break;
        r[k++] = (char)ascii_lower(c);
    }
    if (k == 0 || k > 2) return 0;
    int l;
    if (sl_cc_is_word(cc_at(sc, j + k, &l, NULL)) || cc_at(sc, j + k, &l, NULL) == SL_CC_MARK)
        return 0;
    *is_t = 0;
    if (k == 1 && (r[0] == 's' || r[0] == 'd' || r[0] == 'm')) return 1;
    if (k == 1 && r[0] == 't') { *is_t = 1; return 1; }
    if (k == 2 && ((r[0] == 'r' && r[1] == 'e') || (r[0] == 'v' && r[1] == 'e')
                   || (r[0] == 'l' && r[1] == 'l')))
        return 2;
    return 0;
}

/* ---- word scanner ------------------------------------------------------ */

typedef struct word {
    size_t pos;           /* scan position (end of token so far) */
    int prev_cc;          /* class of the last char taken */
    int prev_cp;          /* last code point taken */
    size_t seg;           /* chars since the last connector */
    int all_single;       /* every finished segment was one letter */
    int dotted;           /* letter-dot abbreviation */
    unsigned nlet, nup, ndig, first_case; /* first_case: 0 none, 1 lower, 2 upper, 3 caseless */
} word;

static void take(word *w, int cc, int32_t cp, int len)
{
    if (is_letter_cc(cc)) {
        w->nlet++;
        if (cc == SL_CC_UPPER) w->nup++;
        if (!w->first_case)
            w->first_case = cc == SL_CC_UPPER ? 2 : cc == SL_CC_LOWER ? 1 : 3;
    } else if (cc == SL_CC_DIGIT) {
        w->ndig++;
    }
    w->pos += (size_t)len;
    w->prev_cc = cc;
    w->prev_cp = cp;
    if (cc != SL_CC_MARK) w->seg++;
}

static void connector(word *w, size_t len)
{
    if (w->seg != 1 || !is_letter_cc(w->prev_cc)) w->all_single = 0;
    w->pos += len;
    w->seg = 0;
}

/* Tries the dot at w->pos; returns 1 when the token goes on, 0 when it ends
 * (possibly after taking a final abbreviation dot). */
static int word_dot(const scan *sc, word *w)
{
    int l1, l2;
    int c1 = cc_at(sc, w->pos + 1, &l1, NULL);
    if (w->prev_cc == SL_CC_DIGIT && c1 == SL_CC_DIGIT) {
        connector(w, 1);
        w->all_single = 0;
        return 1;
    }
    int single = is_letter_cc(w->prev_cc) && w->seg == 1 && w->all_single;
    if (single && is_letter_cc(c1)) {
        int c2 = cc_at(sc, w->pos + 1 + (size_t)l1, &l2, NULL);
        if (!sl_cc_is_word(c2) && c2 != SL_CC_MARK && c2 != SL_CC_CJK) {
            w->dotted = 1;
            connector(w, 1);
            return 1;
        }
    }
    if (single && w->dotted) {
        w->pos += 1;   /* final dot of U.S. */
        int hl = hyphen_len(sc, w->pos);
        if (hl && !ptb_bracket_len(sc, w->pos)
            && sl_cc_is_word(cc_at(sc, w->pos + (size_t)hl, &l2, NULL))) {
            connector(w, (size_t)hl);
            w->all_single = 0;
            return 1;
        }
    }
    return 0;
}

/* Tries an apostrophe at w->pos; 1 = token goes on, 0 = ends at w->pos. */
static int word_apos(const scan *sc, word *w, size_t start, int alen)
{
    int l, is_t = 0;
    if (!is_letter_cc(w->prev_cc) && !(w->dotted && sc->s[w->pos - 1] == '.')) return 0;
    size_t k = clitic_after(sc, w->pos + (size_t)alen, &is_t);
    if (k && !is_t) return 0;                       /* Syria | 's */
    if (k && is_t && (w->prev_cp == 'n' || w->prev_cp == 'N')) {
        if (w->pos - start > 1) w->pos -= 1;        /* do | n't */
        else w->pos += (size_t)alen + 1;            /* n't */
        return 0;
    }
    if (!is_letter_cc(cc_at(sc, w->pos + (size_t)alen, &l, NULL))) return 0;
    connector(w, (size_t)alen);                     /* O'Brien */
    return 1;
}

static int word_connector(const scan *sc, word *w, size_t start)
{
    int l, len;
    const unsigned char c = sc->s[w->pos];
    if (c == '.') return word_dot(sc, w);
    if ((c == ',' || c == ':') && w->prev_cc == SL_CC_DIGIT) {
        size_t k = 0;
        while (w->pos + 1 + k < sc->end && sc->s[w->pos + 1 + k] >= '0'
               && sc->s[w->pos + 1 + k] <= '9')
            k++;
        if ((c == ',' && k == 3) || (c == ':' && k == 2)) {
            connector(w, 1);
            w->all_single = 0;
            return 1;
        }
        return 0;
    }
    if ((len = hyphen_len(sc, w->pos)) != 0) {
        if (ptb_bracket_len(sc, w->pos)) return 0;
        if (!sl_cc_is_word(cc_at(sc, w->pos + (size_t)len, &l, NULL))) return 0;
        connector(w, (size_t)len);
        w->all_single = 0;
        return 1;
    }
    if ((len = apos_len(sc, w->pos)) != 0) return word_apos(sc, w, start, len);
    return 0;
}

static void word_flags(const word *w, sl_rawtok *t)
{
    t->flags = 0;
    if (w->ndig) t->flags |= SL_TOK_NUM;
    if (w->first_case == 2) t->flags |= SL_TOK_CAP;
    if (w->nlet >= 2 && w->nup == w->nlet) t->flags |= SL_TOK_ALLCAP;
    t->dotted = w->dotted && w->all_single && w->seg <= 1;
}

/* Scans the word starting at i (a word char); fills t, returns its end. */
static size_t scan_word(const scan *sc, size_t i, sl_rawtok *t)
{
    word w = { .pos = i, .all_single = 1 };
    for (;;) {
        /* a run of ASCII lower-case letters, the bulk of any word, taken in
         * one tight loop: the same as take() on each of them */
        size_t p = w.pos;
        while (p < sc->end && (unsigned)(sc->s[p] - 'a') < 26u)
            p++;
        if (p > w.pos) {
            if (!w.first_case)
                w.first_case = 1;
            w.nlet += (unsigned)(p - w.pos);
            w.seg += p - w.pos;
            w.prev_cc = SL_CC_LOWER;
            w.prev_cp = sc->s[p - 1];
            w.pos = p;
        }
        int len;
        int32_t cp;
        int cc = cc_at(sc, w.pos, &len, &cp);
        if (w.pos >= sc->end) break;
        if (sl_cc_is_word(cc) || cc == SL_CC_MARK) {
            take(&w, cc, cp, len);
            continue;
        }
        if (cc == SL_CC_CJK || !word_connector(sc, &w, i)) break;
    }
    word_flags(&w, t);
    t->start = (uint32_t)i;
    t->end = (uint32_t)w.pos;
    return w.pos;
}

/* ---- the scan loop ----------------------------------------------------- */

/* A clitic written apart ("Syria 's", or right after a token that stopped
 * at its apostrophe): returns its end, or 0. */
static size_t scan_clitic(const scan *sc, size_t i, size_t last_end, sl_rawtok *t)
{
    int alen = apos_len(sc, i), is_t = 0;
    int attached = last_end == i || (last_end + 1 == i && sc->s[i - 1] == ' ');
    if (!alen || !attached || last_end == 0) return 0;
    size_t k = clitic_after(sc, i + (size_t)alen, &is_t);
    if (!k || is_t) return 0;
    t->start = (uint32_t)i;
    t->end = (uint32_t)(i + (size_t)alen + k);
    t->dotted = 0;
    t->flags = (sc->s[i + (size_t)alen] >= 'A' && sc->s[i + (size_t)alen] <= 'Z') ? SL_TOK_CAP : 0;
    return t->end;
}

static size_t scan_cjk(const scan *sc, size_t i, int len, sl_rawtok *t)
{
    size_t p = i + (size_t)len;
    int l;
    while (p < sc->end && cc_at(sc, p, &l, NULL) == SL_CC_MARK) p += (size_t)l;
    t->start = (uint32_t)i;
    t->end = (uint32_t)p;
    t->flags = SL_TOK_CJK;
    t->dotted = 0;
    return p;
}

int sl_tokenize_span(const char *text, size_t start, size_t end,
                     sl_tok_emit emit, void *ctx)
{
    scan sc = { (const unsigned char *)text, end };
    size_t i = start, last_end = 0, e;
    while (i < end) {
        int len, rc;
        int cc = cc_at(&sc, i, &len, NULL);
        sl_rawtok t;
        if (sl_cc_is_word(cc)) e = scan_word(&sc, i, &t);
        else if (cc == SL_CC_CJK) e = scan_cjk(&sc, i, len, &t);
        else if ((e = scan_clitic(&sc, i, last_end, &t)) == 0) {
            int b = ptb_bracket_len(&sc, i);
            i += b ? (size_t)b : (size_t)len;
            continue;
        }
        if ((rc = emit(ctx, &t)) != 0) return rc;
        i = last_end = e;
    }
    return 0;
}
