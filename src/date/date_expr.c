/*
 * date_expr.c - time expressions in English news sentences (TIMEX3 style),
 * the date of a sentence, and the dateline of an article.
 *
 * Design note
 * -----------
 * No regular expressions: a hand-written tokenizer turns the bytes into a
 * short array of tokens (words, numbers, punctuation), each word looked up
 * once, case-insensitively, in a sorted lexicon (binary search) that gives it
 * an id: a month (1-12), a weekday (21-27) or a keyword (signal words,
 * units, number words, future cues). Every parser is then a small function
 * over token ids, in the style of SQLite's date.c (one form per function):
 *
 *     bytes ──tokenize──▶ tok[] ──p_*(scan, i, &cand)──▶ cand ──resolve──▶ sl_timex
 *                                   (syntax only)            (needs sl_date_ctx)
 *
 * At each token the parsers are tried longest-form first (ISO, slash, full
 * day-month-year, ranges, month-year, month, year, relative words, weekday,
 * durations); the first that matches consumes its tokens. A candidate
 * (`cand`) records only what was written (fields present, unit, count,
 * direction); `resolve_*` turns it into a TIMEX3 value against the reference
 * date, and never invents a year or a day when the reference is missing
 * (X's instead). A last pass merges "between A and B", "from A to B", "A-B"
 * into one range expression.
 *
 * Guards against false positives are local context rules (see date.h for
 * the list): capitalization, signal words before, a capitalized name after,
 * digits glued to '$' ',' '.' ':' '%'. They are cheap and predictable,
 * which matters more here than the last point of recall.
 *
 * Time stamps: after the parse, each expression is checked against its
 * neighbour tokens (is_stamp): a '|' right before or after, or a clock time
 * (10:30, 17.42 BST, 5 pm, 9:40 p.m.) within three connector tokens, and
 * something that tells a page stamp from "struck at 20:49 GMT on Friday":
 * a '|' next to the group, a stamp word (Posted, Updated), the group opening
 * its line, or a written year with no lower-case "at"/"about"... before the
 * clock ("At 2:13 pm on 28 May 2010 , X wrote :" is a stamp, "At 2:30 this
 * afternoon , McCain called" is not). The flag only informs the callers
 * (sl_date_pick skips stamps; the dateline reader still uses them): on
 * t17-dev comment headers and wire datelines had been the most frequent
 * "mentions" of publication days (+0.007 AR1-F, +0.002 AR2-F, +0.013
 * Date-F1 for the timelines).
 *
 * Long texts are tokenized in windows of at most TOK_WINDOW tokens, cut at
 * a line break or sentence end when possible.
 *
 * Invariants: token spans are within the text and increasing; a candidate's
 * token range [b, e) is non-empty and e <= ntok; emitted expressions are in
 * text order and do not overlap.
 */
#include "date/date.h"

#include <stdio.h>
#include <string.h>

/* ======================================================================
 * Lexicon
 * ==================================================================== */

enum {
    LX_NONE = 0,
    /* 1..12 months, 21..27 weekdays (ISO: 21 = Monday) */
    LX_WD = 20,
    K_FIRST = 40,
    K_YESTERDAY, K_TODAY, K_TOMORROW, K_TONIGHT, K_NOW, K_CURRENTLY, K_RECENTLY,
    K_LAST, K_NEXT, K_THIS, K_PAST, K_COMING, K_AGO,
    K_EARLIER, K_LATER, K_EARLY, K_LATE, K_MID,
    K_MORNING, K_AFTERNOON, K_EVENING, K_NIGHT,
    K_DAY, K_WEEK, K_MONTH, K_YEAR, K_HOUR, K_MINUTE, K_DECADE, K_WEEKEND,
    K_OF, K_THE, K_ON, K_IN, K_FROM, K_TO, K_BETWEEN, K_AND, K_THROUGH,
    K_THROUGHOUT, K_UNTIL, K_TILL, K_SINCE, K_BY, K_BEFORE, K_AFTER,
    K_DURING, K_AROUND, K_POSS,
    K_WILL, K_FUTCUE, K_SAID,
    K_NUMW, K_A, K_FEW, K_EVERY, K_PEOPLE, K_HOLI,
};

enum { F_ABBR = 1, F_AMBIG = 2, F_PLURAL = 4 };

typedef struct lex {
    const char *w;
    short id;
    unsigned char flags;
    signed char val;     /* number words: value; few/several: -1 */
} lex;

/* Sorted by strcmp (bytes); tests check the order (sl_date_lexicon_check_). */
static const lex LEXICON[] = {
    {"'ll", K_WILL, 0, 0},       {"'s", K_POSS, 0, 0},
    {"a", K_A, 0, 1},            {"after", K_AFTER, 0, 0},
    {"afternoon", K_AFTERNOON, 0, 0}, {"ago", K_AGO, 0, 0},
    {"an", K_A, 0, 1},           {"and", K_AND, 0, 0},
    {"announced", K_SAID, 0, 0}, {"apr", 4, F_ABBR, 0},
    {"april", 4, F_AMBIG, 0},    {"around", K_AROUND, 0, 0},
    {"ash", K_HOLI, 0, 0},       {"aug", 8, F_ABBR, 0},
    {"august", 8, 0, 0},         {"before", K_BEFORE, 0, 0},
    {"between", K_BETWEEN, 0, 0}, {"black", K_HOLI, 0, 0},
    {"bloody", K_HOLI, 0, 0},    {"by", K_BY, 0, 0},
    {"children", K_PEOPLE, 0, 0}, {"coming", K_COMING, 0, 0},
    {"currently", K_CURRENTLY, 0, 0}, {"cyber", K_HOLI, 0, 0},
    {"day", K_DAY, 0, 0},        {"days", K_DAY, F_PLURAL, 0},
    {"dec", 12, F_ABBR, 0},      {"decade", K_DECADE, 0, 0},
    {"decades", K_DECADE, F_PLURAL, 0}, {"december", 12, 0, 0},
    {"due", K_FUTCUE, 0, 0},     {"during", K_DURING, 0, 0},
    {"each", K_EVERY, 0, 0},     {"earlier", K_EARLIER, 0, 0},
    {"early", K_EARLY, 0, 0},    {"easter", K_HOLI, 0, 0},
    {"eight", K_NUMW, 0, 8},     {"eleven", K_NUMW, 0, 11},
    {"evening", K_EVENING, 0, 0}, {"every", K_EVERY, 0, 0},
    {"expected", K_FUTCUE, 0, 0}, {"feb", 2, F_ABBR, 0},
    {"february", 2, 0, 0},       {"few", K_FEW, 0, -1},
    {"five", K_NUMW, 0, 5},      {"four", K_NUMW, 0, 4},
    {"friday", 25, 0, 0},        {"from", K_FROM, 0, 0},
    {"going", K_FUTCUE, 0, 0},   {"good", K_HOLI, 0, 0},      {"holy", K_HOLI, 0, 0},
    {"hour", K_HOUR, 0, 0},      {"hours", K_HOUR, F_PLURAL, 0},
    {"in", K_IN, 0, 0},          {"jan", 1, F_ABBR, 0},
    {"january", 1, 0, 0},        {"jul", 7, F_ABBR, 0},
    {"july", 7, 0, 0},           {"jun", 6, F_ABBR, 0},
    {"june", 6, F_AMBIG, 0},     {"last", K_LAST, 0, 0},
    {"late", K_LATE, 0, 0},      {"later", K_LATER, 0, 0},
    {"mar", 3, F_ABBR, 0},       {"march", 3, F_AMBIG, 0},
    {"may", 5, F_AMBIG, 0},      {"men", K_PEOPLE, 0, 0},
    {"mid", K_MID, 0, 0},        {"minute", K_MINUTE, 0, 0},
    {"minutes", K_MINUTE, F_PLURAL, 0}, {"monday", 21, 0, 0},
    {"month", K_MONTH, 0, 0},    {"months", K_MONTH, F_PLURAL, 0},
    {"morning", K_MORNING, 0, 0}, {"next", K_NEXT, 0, 0},
    {"night", K_NIGHT, 0, 0},    {"nine", K_NUMW, 0, 9},
    {"nov", 11, F_ABBR, 0},      {"november", 11, 0, 0},
    {"now", K_NOW, 0, 0},        {"oct", 10, F_ABBR, 0},
    {"october", 10, 0, 0},       {"of", K_OF, 0, 0},
    {"on", K_ON, 0, 0},          {"one", K_NUMW, 0, 1},
    {"palm", K_HOLI, 0, 0},      {"past", K_PAST, 0, 0},
    {"people", K_PEOPLE, 0, 0},  {"persons", K_PEOPLE, 0, 0},
    {"planned", K_FUTCUE, 0, 0}, {"plans", K_FUTCUE, 0, 0},
    {"recently", K_RECENTLY, 0, 0}, {"said", K_SAID, 0, 0},
    {"saturday", 26, 0, 0},      {"scheduled", K_FUTCUE, 0, 0},
    {"sep", 9, F_ABBR, 0},       {"sept", 9, F_ABBR, 0},
    {"september", 9, 0, 0},      {"seven", K_NUMW, 0, 7},
    {"several", K_FEW, 0, -1},   {"shall", K_WILL, 0, 0},
    {"since", K_SINCE, 0, 0},    {"six", K_NUMW, 0, 6},
    {"sunday", 27, 0, 0},        {"super", K_HOLI, 0, 0},
    {"ten", K_NUMW, 0, 10},      {"the", K_THE, 0, 0},
    {"this", K_THIS, 0, 0},      {"three", K_NUMW, 0, 3},
    {"through", K_THROUGH, 0, 0}, {"throughout", K_THROUGHOUT, 0, 0},
    {"thursday", 24, 0, 0},      {"till", K_TILL, 0, 0},
    {"to", K_TO, 0, 0},          {"today", K_TODAY, 0, 0},
    {"told", K_SAID, 0, 0},      {"tomorrow", K_TOMORROW, 0, 0},
    {"tonight", K_TONIGHT, 0, 0}, {"tuesday", 22, 0, 0},
    {"twelve", K_NUMW, 0, 12},   {"two", K_NUMW, 0, 2},
    {"until", K_UNTIL, 0, 0},    {"upcoming", K_FUTCUE, 0, 0},
    {"wednesday", 23, 0, 0},     {"week", K_WEEK, 0, 0},
    {"weekend", K_WEEKEND, 0, 0}, {"weekends", K_WEEKEND, F_PLURAL, 0},
    {"weeks", K_WEEK, F_PLURAL, 0}, {"will", K_WILL, 0, 0},
    {"wo", K_WILL, 0, 0},        {"women", K_PEOPLE, 0, 0},
    {"year", K_YEAR, 0, 0},      {"years", K_YEAR, F_PLURAL, 0},
    {"yesterday", K_YESTERDAY, 0, 0},
};

/* Test hook: 0 when LEXICON is strictly sorted, else the first bad index. */
int sl_date_lexicon_check_(void);
int sl_date_lexicon_check_(void)
{
    for (size_t i = 1; i < sizeof LEXICON / sizeof LEXICON[0]; i++)
        if (strcmp(LEXICON[i - 1].w, LEXICON[i].w) >= 0) return (int)i;
    return 0;
}

/* Case-insensitive lookup of bytes [p, p+n); "’" (E2 80 99) reads as "'". */
static const lex *lookup(const char *p, size_t n)
{
    char k[16];
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)p[i + 1] == 0x80 && (unsigned char)p[i + 2] == 0x99) {
            c = '\'';
            i += 2;
        }
        if (m + 1 >= sizeof k) return NULL;
        k[m++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    k[m] = 0;
    size_t lo = 0, hi = sizeof LEXICON / sizeof LEXICON[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int r = strcmp(k, LEXICON[mid].w);
        if (r == 0) return &LEXICON[mid];
        if (r < 0) hi = mid; else lo = mid + 1;
    }
    return NULL;
}

/* ======================================================================
 * Tokenizer
 * ==================================================================== */

enum { T_WORD = 1, T_NUM, T_PUNCT };

typedef struct tok {
    uint32_t s, e;        /* byte span */
    uint8_t  kind;        /* T_WORD / T_NUM / T_PUNCT */
    uint8_t  sp;          /* white space before it (0 = glued to the previous token) */
    uint8_t  nl;          /* a line break before it */
    uint8_t  cap;         /* word starts with an ASCII capital */
    uint8_t  ndig;        /* number: digit count */
    uint8_t  ord;         /* number: with st/nd/rd/th suffix */
    uint8_t  dot;         /* month abbreviation with its period inside the span */
    uint8_t  lflags;      /* lexicon flags */
    char     ch;          /* punct: the ASCII char ('-' for en/em dash, '$' for £ €) */
    short    lex;         /* lexicon id or 0 */
    signed char lval;     /* lexicon value (number words) */
    int32_t  num;         /* number value (capped at 99999) */
} tok;

#define TOK_WINDOW 512

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Length of a typographic punctuation sequence at p (E2 80 9x, E2 82 AC,
 * C2 A3), with its ASCII stand-in in *ch; 0 if none. */
static int uni_punct(const unsigned char *p, const unsigned char *e, char *ch)
{
    if (p + 1 < e && p[0] == 0xC2 && p[1] == 0xA3) { *ch = '$'; return 2; }
    if (p + 2 >= e || p[0] != 0xE2) return 0;
    if (p[1] == 0x82 && p[2] == 0xAC) { *ch = '$'; return 3; }
    if (p[1] != 0x80) return 0;
    if (p[2] == 0x93 || p[2] == 0x94) { *ch = '-'; return 3; }
    if (p[2] == 0x98 || p[2] == 0x99) { *ch = '\''; return 3; }
    if (p[2] == 0x9C || p[2] == 0x9D) { *ch = '"'; return 3; }
    return 0;
}

static int is_word_byte(const unsigned char *p, const unsigned char *e)
{
    char ch;
    if (is_alpha(*p)) return 1;
    return *p >= 0x80 && !uni_punct(p, e, &ch) && !(p + 1 < e && p[0] == 0xC2 && p[1] == 0xA0);
}

typedef struct tokenizer {
    const unsigned char *s, *p, *e;
    int sp, nl;
} tokenizer;

static void tk_number(tokenizer *z, tok *t)
{
    const unsigned char *q = z->p;
    long v = 0;
    t->kind = T_NUM;
    while (q < z->e && is_digit(*q)) {
        if (v < 99999) v = v * 10 + (*q - '0');
        q++;
        if (t->ndig < 255) t->ndig++;
    }
    t->num = (int32_t)(v > 99999 ? 99999 : v);
    if (q + 1 < z->e && is_alpha(q[0]) && is_alpha(q[1]) && !(q + 2 < z->e && is_alpha(q[2]))) {
        char a = (char)(q[0] | 32), b = (char)(q[1] | 32);
        if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') || (a == 't' && b == 'h')) {
            t->ord = 1;
            q += 2;
        }
    }
    z->p = q;
}

static void tk_word(tokenizer *z, tok *t, int apos_len)
{
    const unsigned char *q = z->p + apos_len;
    t->kind = T_WORD;
    t->cap = *q >= 'A' && *q <= 'Z';
    while (q < z->e && is_word_byte(q, z->e)) q++;
    const lex *l = lookup((const char *)z->p, (size_t)(q - z->p));
    if (l) {
        t->lex = l->id;
        t->lflags = l->flags;
        t->lval = l->val;
        if ((l->flags & F_ABBR) && q < z->e && *q == '.') { q++; t->dot = 1; }
    }
    z->p = q;
}

/* Next token into *t; 0 at end of text. */
static int tk_next(tokenizer *z, tok *t)
{
    memset(t, 0, sizeof *t);
    for (;;) {
        if (z->p >= z->e) return 0;
        unsigned char c = *z->p;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
            z->sp = 1;
            if (c == '\n') z->nl = 1;
            z->p++;
        } else if (c == 0xC2 && z->p + 1 < z->e && z->p[1] == 0xA0) {
            z->sp = 1;
            z->p += 2;
        } else break;
    }
    t->s = (uint32_t)(z->p - z->s);
    t->sp = (uint8_t)z->sp;
    t->nl = (uint8_t)z->nl;
    z->sp = z->nl = 0;
    char ch = 0;
    int ul = uni_punct(z->p, z->e, &ch);
    if (is_digit(*z->p)) tk_number(z, t);
    else if (*z->p == '\'' && z->p + 1 < z->e && is_alpha(z->p[1])) tk_word(z, t, 1);
    else if (ul == 3 && ch == '\'' && z->p + 3 < z->e && is_alpha(z->p[3])) tk_word(z, t, 3);
    else if (ul) { t->kind = T_PUNCT; t->ch = ch; z->p += ul; }
    else if (is_word_byte(z->p, z->e)) tk_word(z, t, 0);
    else { t->kind = T_PUNCT; t->ch = (char)*z->p; z->p++; }
    t->e = (uint32_t)(z->p - z->s);
    return 1;
}

/* ======================================================================
 * Scan state and token predicates
 * ==================================================================== */

typedef struct cand {
    int kind;          /* C_* */
    size_t b, e;       /* token range [b, e) */
    int y, m, d;       /* written fields, 0 = absent */
    int d2;            /* inline day range end ("28-29 October"), 0 = none */
    int wd;            /* weekday 1..7 */
    int dir;           /* -1 last, +1 next, 0 plain, 2 this */
    int unit;          /* K_DAY, K_WEEK, K_MONTH, K_YEAR, K_HOUR, K_MINUTE, K_DECADE, K_WEEKEND */
    int n;             /* count or offset; -9999 = unknown ("a few") */
    int pod;           /* part of day: 0, 'M' 'A' 'E' 'N' */
} cand;

enum { C_ABS = 1, C_DECADE, C_WDAY, C_REL, C_PRESENT, C_PASTREF, C_DUR, C_SET };
#define N_UNKNOWN (-9999)

typedef struct scan {
    const sl_date_ctx *ctx;
    const char *text;
    tok *t;
    size_t n;          /* tokens in window */
} scan;

static const tok *T(const scan *sc, size_t i) { return i < sc->n ? &sc->t[i] : NULL; }
static int lex_at(const scan *sc, size_t i) { return i < sc->n ? sc->t[i].lex : 0; }
static int is_month(const scan *sc, size_t i) { int l = lex_at(sc, i); return l >= 1 && l <= 12; }
static int is_wday(const scan *sc, size_t i) { int l = lex_at(sc, i); return l > LX_WD && l <= LX_WD + 7; }
static int punct_at(const scan *sc, size_t i, char ch)
{
    return i < sc->n && sc->t[i].kind == T_PUNCT && sc->t[i].ch == ch;
}
static int glued(const scan *sc, size_t i) { return i < sc->n && !sc->t[i].sp; }

/* A number that stands alone: not part of 1,500 / 3.5 / 10:30 / $2017 / 50%. */
static int num_free(const scan *sc, size_t i)
{
    const tok *t = T(sc, i);
    if (!t || t->kind != T_NUM) return 0;
    if (i > 0 && glued(sc, i)) {
        const tok *p = &sc->t[i - 1];
        if (p->kind == T_NUM || p->kind == T_WORD) return 0;
        if (p->ch == '$' || p->ch == '#' || p->ch == ':' || p->ch == '/') return 0;
        if ((p->ch == ',' || p->ch == '.') && i > 1 && glued(sc, i - 1) && sc->t[i - 2].kind == T_NUM) return 0;
    }
    if (glued(sc, i + 1) && !t->ord) {
        const tok *q = &sc->t[i + 1];
        if (q->kind == T_WORD && !(q->ch == 0 && q->lex == K_POSS)) return 0;
        if (q->kind == T_PUNCT && (q->ch == '%' || q->ch == ':' || q->ch == '/')) return 0;
        if ((q->ch == ',' || q->ch == '.') && glued(sc, i + 2) && T(sc, i + 2)->kind == T_NUM) return 0;
    }
    return 1;
}

static int day_num(const scan *sc, size_t i)
{
    const tok *t = T(sc, i);
    return t && num_free(sc, i) && t->ndig <= 2 && t->num >= 1 && t->num <= 31 ? t->num : 0;
}

static int year_num(const scan *sc, size_t i, int lo, int hi)
{
    const tok *t = T(sc, i);
    if (!t || !num_free(sc, i) || t->ndig != 4 || t->num < lo || t->num > hi || t->ord) return 0;
    if (punct_at(sc, i + 1, '-') && glued(sc, i + 1) && glued(sc, i + 2) && T(sc, i + 2)->kind == T_NUM
        && T(sc, i + 2)->ndig == 2)
        return 0;                                   /* 2017-10-05, 2014-15 */
    return t->num;
}

/* A capitalized word that is not a date word: the tail of a name. */
static int name_word(const scan *sc, size_t i)
{
    const tok *t = T(sc, i);
    return t && t->kind == T_WORD && t->cap && !is_month(sc, i) && !is_wday(sc, i) && t->lex != K_POSS;
}

static int cue_month(int l)
{
    switch (l) {
    case K_IN: case K_SINCE: case K_BY: case K_UNTIL: case K_TILL: case K_BEFORE: case K_AFTER:
    case K_FROM: case K_TO: case K_THROUGH: case K_DURING: case K_OF: case K_EARLY: case K_LATE:
    case K_MID: case K_LAST: case K_NEXT: case K_THIS: case K_BETWEEN: case K_AROUND:
    case K_THROUGHOUT: case K_AND:
        return 1;
    }
    return 0;
}

/* Token index before i skipping a glued '-' ("mid-October"), or SIZE_MAX. */
static size_t prev_word(const scan *sc, size_t i)
{
    if (i == 0) return (size_t)-1;
    if (punct_at(sc, i - 1, '-') && i >= 2) return i - 2;
    return i - 1;
}

/* A month word at i usable without a number next to it. */
static int month_alone_ok(const scan *sc, size_t i)
{
    const tok *t = T(sc, i);
    if (!t->cap || ((t->lflags & F_ABBR) && !t->dot)) return 0;
    size_t p = prev_word(sc, i);
    int pl = p == (size_t)-1 ? 0 : sc->t[p].lex;
    if (pl == K_AND || pl == K_TO) {
        for (size_t k = p >= 4 ? p - 4 : 0; k < p; k++)
            if (is_month(sc, k)) return 1;
        if (t->lflags & F_AMBIG) return 0;
    } else if (cue_month(pl)) return 1;
    if (t->lflags & F_AMBIG) return 0;
    return !name_word(sc, i + 1);
}

/* A month word at i followed or preceded by a day/year number. */
static int month_num_ok(const scan *sc, size_t i)
{
    const tok *t = T(sc, i);
    return t->cap != 0;
}

/* Optional "[,] YYYY" after token i-1; returns the year and advances *j. */
static int opt_year(const scan *sc, size_t *j)
{
    size_t k = *j;
    if (punct_at(sc, k, ',')) k++;
    int y = year_num(sc, k, 1000, 2999);
    if (!y) return 0;
    *j = k + 1;
    return y;
}

/* ======================================================================
 * Parsers: one form each. Return 1 and fill *c (c->b = i), or 0.
 * ==================================================================== */

/* 2017-10-05 */
static int p_iso(const scan *sc, size_t i, cand *c)
{
    const tok *a = T(sc, i);
    if (!a || a->kind != T_NUM || a->ndig != 4 || !punct_at(sc, i + 1, '-') || !glued(sc, i + 1)) return 0;
    const tok *b = T(sc, i + 2), *d = T(sc, i + 4);
    if (!b || b->ndig != 2 || !glued(sc, i + 2) || !punct_at(sc, i + 3, '-') || !glued(sc, i + 3)) return 0;
    if (!d || d->kind != T_NUM || d->ndig != 2 || !glued(sc, i + 4) || d->ord) return 0;
    if (!sl_date_valid(a->num, b->num, d->num)) return 0;
    if (glued(sc, i + 5) && (T(sc, i + 5)->kind == T_NUM || punct_at(sc, i + 5, '-'))) return 0;
    c->kind = C_ABS; c->e = i + 5; c->y = a->num; c->m = b->num; c->d = d->num;
    return 1;
}

/* 10/25/2017, 25/10/2017: only when the order is unambiguous. */
static int p_slash(const scan *sc, size_t i, cand *c)
{
    const tok *a = T(sc, i), *b = T(sc, i + 2), *y = T(sc, i + 4);
    if (!a || a->kind != T_NUM || a->ndig > 2 || !punct_at(sc, i + 1, '/') || !glued(sc, i + 1)) return 0;
    if (!b || b->kind != T_NUM || b->ndig > 2 || !glued(sc, i + 2) || !punct_at(sc, i + 3, '/') || !glued(sc, i + 3)) return 0;
    if (!y || y->kind != T_NUM || y->ndig != 4 || !glued(sc, i + 4)) return 0;
    int m, d;
    if (a->num > 12 && b->num <= 12) { d = a->num; m = b->num; }
    else if (b->num > 12 && a->num <= 12) { m = a->num; d = b->num; }
    else if (a->num == b->num) { m = d = a->num; }
    else return 0;
    if (!sl_date_valid(y->num, m, d)) return 0;
    c->kind = C_ABS; c->e = i + 5; c->y = y->num; c->m = m; c->d = d;
    return 1;
}

/* 5 September [2017] | 07 October, 2017 | 5th of September | 28-29 October | 28 to 29 October */
static int p_daymonth(const scan *sc, size_t i, cand *c)
{
    int d = day_num(sc, i), d2 = 0;
    size_t j = i + 1;
    if (!d) return 0;
    if ((punct_at(sc, j, '-') || lex_at(sc, j) == K_TO || lex_at(sc, j) == K_AND || lex_at(sc, j) == K_THROUGH)
        && (d2 = day_num(sc, j + 1)) > d)
        j += 2;
    else
        d2 = 0;
    if (lex_at(sc, j) == K_OF && T(sc, j - 1)->ord) j++;
    if (!is_month(sc, j) || !month_num_ok(sc, j)) return 0;
    c->m = sc->t[j].lex;
    j++;
    c->y = opt_year(sc, &j);
    c->kind = C_ABS; c->d = d; c->d2 = d2; c->e = j;
    return 1;
}

/* September 5[, 2017] | Oct. 7 , 2017 | October 28-29 | January 2015 | October, 2017 */
static int p_monthday(const scan *sc, size_t i, cand *c)
{
    if (!is_month(sc, i) || !month_num_ok(sc, i)) return 0;
    size_t j = i + 1;
    int d = day_num(sc, j);
    c->kind = C_ABS;
    c->m = sc->t[i].lex;
    if (d) {
        j++;
        int d2;
        if (punct_at(sc, j, '-') && (d2 = day_num(sc, j + 1)) > d) { c->d2 = d2; j += 2; }
        c->d = d;
        c->y = opt_year(sc, &j);
        c->e = j;
        return 1;
    }
    c->y = opt_year(sc, &j);
    if (!c->y || ((sc->t[i].lflags & F_ABBR) && !sc->t[i].dot && punct_at(sc, i + 1, ','))) return 0;
    c->e = j;
    return 1;
}

/* Sunday 8 October 2017 | Sunday, October 8, 2017: the weekday joins a full date. */
static int p_wday_date(const scan *sc, size_t i, cand *c)
{
    if (!is_wday(sc, i) || !sc->t[i].cap) return 0;
    size_t j = i + 1 + punct_at(sc, i + 1, ',');
    if (!p_daymonth(sc, j, c) && !p_monthday(sc, j, c)) return 0;
    if (!c->d) return 0;
    c->wd = sc->t[i].lex - LX_WD;
    return 1;
}

/* Modifier tokens at i: early/late/mid [-]; 0 if none. */
static size_t mod_len(const scan *sc, size_t i)
{
    int l = lex_at(sc, i);
    if (l != K_EARLY && l != K_LATE && l != K_MID) return 0;
    return punct_at(sc, i + 1, '-') ? 2 : 1;
}

/* [early|late|mid] September */
static int p_month(const scan *sc, size_t i, cand *c)
{
    size_t j = i + mod_len(sc, i);
    if (!is_month(sc, j) || !month_alone_ok(sc, j)) return 0;
    c->kind = C_ABS; c->m = sc->t[j].lex; c->e = j + 1;
    return 1;
}

/* Is the word at i a count noun after a number ("2014 people", "2014 soldiers")? */
static int count_noun(const scan *sc, size_t i)
{
    const tok *t = T(sc, i);
    if (!t || t->kind != T_WORD || t->cap) return 0;
    if (t->lex == K_PEOPLE) return 1;
    size_t n = t->e - t->s;
    const char *w = sc->text + t->s;
    return t->lex == 0 && n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i';
}

static int cue_year(int l) { return cue_month(l) || l == K_THE || l == K_POSS || l == K_ON; }

/* [early|late|mid] 2014 | the 1990s */
static int p_year(const scan *sc, size_t i, cand *c)
{
    size_t m = mod_len(sc, i), j = i + m;
    const tok *t = T(sc, j);
    if (!t || t->kind != T_NUM) return 0;
    size_t p = prev_word(sc, j);
    int cue = m || (p != (size_t)-1 && cue_year(sc->t[p].lex));
    if (t->ndig == 4 && t->num >= 1900 && t->num <= 2099 && t->num % 10 == 0 && glued(sc, j + 1)
        && T(sc, j + 1)->kind == T_WORD && T(sc, j + 1)->e - T(sc, j + 1)->s == 1
        && sc->text[T(sc, j + 1)->s] == 's') {
        c->kind = C_DECADE; c->y = t->num; c->e = j + 2;
        return 1;
    }
    if (!year_num(sc, j, 1900, 2099)) return 0;
    if (!cue && count_noun(sc, j + 1)) return 0;
    if (!cue && p != (size_t)-1 && name_word(sc, p) && sc->t[p].lex == 0) return 0;   /* Resolution 2254 */
    c->kind = C_ABS; c->y = t->num; c->e = j + 1;
    return 1;
}

static int pod_of(int l)
{
    switch (l) {
    case K_MORNING: return 'M';
    case K_AFTERNOON: return 'A';
    case K_EVENING: return 'E';
    case K_NIGHT: return 'N';
    }
    return 0;
}

/* yesterday [morning] | today | tomorrow | tonight | now | currently | recently */
static int p_relword(const scan *sc, size_t i, cand *c)
{
    int l = lex_at(sc, i);
    c->e = i + 1;
    c->kind = C_REL;
    c->unit = K_DAY;
    switch (l) {
    case K_YESTERDAY: c->n = -1; break;
    case K_TODAY: c->n = 0; break;
    case K_TOMORROW: c->n = 1; break;
    case K_TONIGHT: c->n = 0; c->pod = 'N'; return 1;
    case K_NOW: case K_CURRENTLY: c->kind = C_PRESENT; return 1;
    case K_RECENTLY: c->kind = C_PASTREF; return 1;
    default: return 0;
    }
    if ((c->pod = pod_of(lex_at(sc, i + 1))) != 0) c->e = i + 2;
    return 1;
}

static int is_unit(int l)
{
    return l == K_DAY || l == K_WEEK || l == K_MONTH || l == K_YEAR || l == K_WEEKEND;
}

/* A count at i: digits, number word, a/an, few/several; N_UNKNOWN for X. */
static int count_at(const scan *sc, size_t i, int *n)
{
    const tok *t = T(sc, i);
    if (!t) return 0;
    if (t->kind == T_NUM && num_free(sc, i) && t->ndig <= 3 && !t->ord) { *n = t->num; return 1; }
    if (t->lex == K_NUMW || t->lex == K_A) { *n = t->lval; return 1; }
    if (t->lex == K_FEW) { *n = N_UNKNOWN; return 1; }
    return 0;
}

/* [earlier|later|early|late] (last|this|next|past|coming) (week|month|year|weekend|Sunday|night|morning)
 * and "the past two weeks" (a duration). */
static int p_relunit(const scan *sc, size_t i, cand *c)
{
    size_t j = i;
    int l = lex_at(sc, j);
    if (l == K_EARLIER || l == K_LATER || l == K_EARLY || l == K_LATE) l = lex_at(sc, ++j);
    if (l == K_THE && (lex_at(sc, j + 1) == K_PAST || lex_at(sc, j + 1) == K_LAST || lex_at(sc, j + 1) == K_COMING)
        && j == i)
        l = lex_at(sc, ++j);
    if (l != K_LAST && l != K_THIS && l != K_NEXT && l != K_PAST && l != K_COMING) return 0;
    int n, u = lex_at(sc, j + 1);
    if ((l == K_PAST || l == K_LAST || l == K_COMING) && count_at(sc, j + 1, &n) && is_unit(lex_at(sc, j + 2))
        && lex_at(sc, j + 1) != K_A) {
        c->kind = C_DUR; c->n = n; c->unit = lex_at(sc, j + 2); c->e = j + 3;
        return 1;
    }
    if ((l == K_PAST || l == K_COMING) && is_unit(u)) {
        c->kind = C_DUR; c->n = (sc->t[j + 1].lflags & F_PLURAL) ? N_UNKNOWN : 1; c->unit = u; c->e = j + 2;
        return 1;
    }
    if (lex_at(sc, i) == K_THE) return 0;
    int dir = l == K_LAST ? -1 : l == K_NEXT ? 1 : l == K_THIS ? 2 : 0;
    if (!dir) return 0;
    if (is_wday(sc, j + 1) && sc->t[j + 1].cap) {
        c->kind = C_WDAY; c->wd = u - LX_WD; c->dir = dir; c->e = j + 2;
        if ((c->pod = pod_of(lex_at(sc, j + 2))) != 0) c->e++;
        return 1;
    }
    if (pod_of(u) && dir != 1) {        /* last night, this morning */
        c->kind = C_REL; c->unit = K_DAY; c->n = dir == -1 && u == K_NIGHT ? -1 : 0;
        if (dir == -1 && u != K_NIGHT) return 0;
        c->pod = pod_of(u); c->e = j + 2;
        return 1;
    }
    if (!is_unit(u) || u == K_DAY || (sc->t[j + 1].lflags & F_PLURAL)) return 0;   /* "the next day": event-anchored */
    c->kind = C_REL; c->unit = u; c->n = dir == 2 ? 0 : dir; c->e = j + 2;
    return 1;
}

/* every day | each year | every Sunday | every two weeks */
static int p_set(const scan *sc, size_t i, cand *c)
{
    if (lex_at(sc, i) != K_EVERY) return 0;
    int n = 1;
    size_t j = i + 1;
    if (is_wday(sc, j) && sc->t[j].cap) { c->kind = C_SET; c->wd = sc->t[j].lex - LX_WD; c->e = j + 1; return 1; }
    if (count_at(sc, j, &n) && n != N_UNKNOWN && lex_at(sc, j) != K_A) j++;
    else n = 1;
    if (!is_unit(lex_at(sc, j)) && lex_at(sc, j) != K_HOUR) return 0;
    c->kind = C_SET; c->n = n; c->unit = lex_at(sc, j); c->e = j + 1;
    return 1;
}

/* two weeks [ago] | a year | three-day | 48 hours | a few days ago */
static int p_count(const scan *sc, size_t i, cand *c)
{
    int n;
    if (!count_at(sc, i, &n)) return 0;
    size_t j = i + 1 + (punct_at(sc, i + 1, '-') && glued(sc, i + 1));
    if (lex_at(sc, i) == K_A && lex_at(sc, j) == K_FEW) { n = N_UNKNOWN; j++; }
    int u = lex_at(sc, j);
    if (!is_unit(u) && u != K_HOUR && u != K_MINUTE && u != K_DECADE) return 0;
    if (u == K_WEEKEND) return 0;
    if (n == 1 && (sc->t[j].lflags & F_PLURAL)) return 0;
    if (punct_at(sc, j + 1, '-') && glued(sc, j + 1) && glued(sc, j + 2) && sc->t[j + 2].kind == T_WORD
        && sc->t[j + 2].e - sc->t[j + 2].s == 3 && !memcmp(sc->text + sc->t[j + 2].s, "old", 3))
        return 0;                                   /* an 18-year-old: an age, not a time */
    if (n > 1 && sc->t[i].kind == T_NUM && !(sc->t[j].lflags & F_PLURAL) && !punct_at(sc, i + 1, '-')) return 0;
    c->unit = u; c->n = n; c->e = j + 1;
    if (lex_at(sc, j + 1) == K_AGO && u != K_HOUR && u != K_MINUTE) {
        c->kind = n == N_UNKNOWN ? C_PASTREF : C_REL;
        c->n = -n;
        c->e = j + 2;
        return 1;
    }
    c->kind = C_DUR;
    return 1;
}

/* [early|late] Sunday [morning|afternoon|evening|night] */
static int p_wday(const scan *sc, size_t i, cand *c)
{
    size_t j = i + mod_len(sc, i);
    if (!is_wday(sc, j) || !sc->t[j].cap) return 0;
    if (name_word(sc, j + 1) && !(sc->t[j + 1].lex >= K_FIRST)) return 0;   /* Sunday Times */
    size_t p = prev_word(sc, j);
    if (p != (size_t)-1 && sc->t[p].lex == K_HOLI && sc->t[p].cap) return 0;  /* Good Friday */
    c->kind = C_WDAY; c->wd = sc->t[j].lex - LX_WD; c->e = j + 1;
    if ((c->pod = pod_of(lex_at(sc, j + 1))) != 0) c->e++;
    return 1;
}

typedef int (*parser_fn)(const scan *, size_t, cand *);

static const parser_fn PARSERS[] = {
    p_iso, p_slash, p_wday_date, p_daymonth, p_monthday, p_relunit, p_month, p_year,
    p_relword, p_set, p_count, p_wday,
};

/* "the April 6 Movement", "the 14 March Alliance": a name, not a date. */
static int date_in_name(const scan *sc, const cand *c)
{
    return c->kind == C_ABS && c->m && c->b > 0 && sc->t[c->b - 1].lex == K_THE && name_word(sc, c->e)
        && sc->t[c->e].lex == 0;
}

static int parse_at(const scan *sc, size_t i, cand *c)
{
    for (size_t k = 0; k < sizeof PARSERS / sizeof PARSERS[0]; k++) {
        memset(c, 0, sizeof *c);
        c->b = i;
        if (PARSERS[k](sc, i, c)) return !date_in_name(sc, c);
    }
    return 0;
}

/* ======================================================================
 * Resolution: candidate + context -> TIMEX3 value
 * ==================================================================== */

static int has_ref(const sl_date_ctx *x) { return x && sl_date_valid(x->ref.y, x->ref.m, x->ref.d); }

/* A future cue within 8 tokens before i, not across a sentence end or a
 * reporting verb ("said"). */
static int future_before(const scan *sc, size_t i)
{
    for (size_t k = i, steps = 0; k > 0 && steps < 8; k--, steps++) {
        const tok *t = &sc->t[k - 1];
        if (t->kind == T_PUNCT && (t->ch == '.' || t->ch == '!' || t->ch == '?' || t->ch == ';')) return 0;
        if (t->lex == K_SAID) return 0;
        if (t->lex == K_WILL || t->lex == K_FUTCUE) return 1;
    }
    return 0;
}

static void put_day(sl_timex *x, long days, int pod)
{
    sl_ymd r = sl_date_from_days(days);
    x->date = r;
    x->gran = SL_GRAN_DAY;
    if (pod) {
        x->type = SL_TIMEX_TIME;
        snprintf(x->value, sizeof x->value, "%04d-%02d-%02dT%c%c", r.y, r.m, r.d,
                 pod == 'M' ? 'M' : pod == 'A' ? 'A' : pod == 'E' ? 'E' : 'N',
                 pod == 'M' ? 'O' : pod == 'A' ? 'F' : pod == 'E' ? 'V' : 'I');
    } else {
        sl_date_format(x->value, r);
    }
}

static void put_week(sl_timex *x, long monday, int weekend)
{
    long thu = monday + 3;
    sl_ymd t = sl_date_from_days(thu);
    int wk = (int)((thu - sl_date_to_days(t.y, 1, 1)) / 7) + 1;
    x->date = sl_date_from_days(monday);
    x->gran = SL_GRAN_WEEK;
    snprintf(x->value, sizeof x->value, weekend ? "%04d-W%02d-WE" : "%04d-W%02d", t.y, wk);
}

static void put_month(sl_timex *x, int y, int m)
{
    x->date.y = y; x->date.m = m; x->date.d = 0;
    x->gran = SL_GRAN_MONTH;
    sl_date_format(x->value, x->date);
}

static void put_year(sl_timex *x, int y)
{
    x->date.y = y; x->date.m = 0; x->date.d = 0;
    x->gran = SL_GRAN_YEAR;
    sl_date_format(x->value, x->date);
}

static long ref_days(const sl_date_ctx *ctx) { return sl_date_to_days(ctx->ref.y, ctx->ref.m, ctx->ref.d); }

/* Year for a day-month without one: nearest to ref (ties to the past), or
 * the first on/after ref when `fut`. 0 if no candidate is a valid day. */
static int guess_year_day(const sl_date_ctx *ctx, int m, int d, int fut)
{
    long r = ref_days(ctx), best = 0;
    int by = 0;
    for (int y = ctx->ref.y - 1; y <= ctx->ref.y + 1; y++) {
        if (!sl_date_valid(y, m, d)) continue;
        long diff = sl_date_to_days(y, m, d) - r;
        if (fut && diff < 0) continue;
        long a = diff < 0 ? -diff : diff;
        if (!by || a < best) { best = a; by = y; }
    }
    return by;
}

/* "the April 20 explosion", "the January 25th revolution": a date used as
 * a modifier names a known (past) event; the clause's tense is not its own. */
static int date_as_modifier(const scan *sc, const cand *c)
{
    return c->b > 0 && sc->t[c->b - 1].lex == K_THE;
}

static int resolve_abs(const scan *sc, const cand *c, sl_timex *x)
{
    const sl_date_ctx *ctx = sc->ctx;
    int y = c->y, fut = future_before(sc, c->b) && !date_as_modifier(sc, c);
    if (!y && c->m) {
        x->flags |= SL_TX_YEAR_GUESS;
        if (has_ref(ctx) && c->d) y = guess_year_day(ctx, c->m, c->d, fut);
        else if (has_ref(ctx)) y = fut ? ctx->ref.y + (c->m < ctx->ref.m) : ctx->ref.y - (c->m > ctx->ref.m);
        else if (ctx && ctx->story_year > 0 && ctx->story_year <= 9999) y = ctx->story_year;
        if (fut && has_ref(ctx)) x->flags |= SL_TX_FUTURE;
    }
    if (c->d && !(y ? sl_date_valid(y, c->m, c->d) : sl_date_valid(2000, c->m, c->d))) return 0;
    if (!y) {
        x->flags |= SL_TX_UNRESOLVED;
        x->flags &= (uint16_t)~SL_TX_YEAR_GUESS;
        if (c->d) snprintf(x->value, sizeof x->value, "XXXX-%02d-%02d", c->m, c->d);
        else snprintf(x->value, sizeof x->value, "XXXX-%02d", c->m);
        if (c->d2) {
            x->flags |= SL_TX_RANGE;
            snprintf(x->value2, sizeof x->value2, "XXXX-%02d-%02d", c->m, c->d2);
        }
        return 1;
    }
    if (c->d) put_day(x, sl_date_to_days(y, c->m, c->d), 0);
    else if (c->m) put_month(x, y, c->m);
    else put_year(x, y);
    if (c->d2 && sl_date_valid(y, c->m, c->d2)) {
        x->flags |= SL_TX_RANGE;
        x->date2 = (sl_ymd){y, c->m, c->d2};
        sl_date_format(x->value2, x->date2);
    }
    return 1;
}

static int resolve_wday(const scan *sc, const cand *c, sl_timex *x)
{
    x->flags |= SL_TX_RELATIVE;
    if (c->pod) x->type = SL_TIMEX_TIME;
    if (!has_ref(sc->ctx)) {
        x->flags |= SL_TX_UNRESOLVED;
        snprintf(x->value, sizeof x->value, c->pod ? "XXXX-WXX-%dT%s" : "XXXX-WXX-%d", c->wd,
                 c->pod == 'M' ? "MO" : c->pod == 'A' ? "AF" : c->pod == 'E' ? "EV" : "NI");
        return 1;
    }
    long r = ref_days(sc->ctx);
    int rw = sl_date_weekday(sc->ctx->ref.y, sc->ctx->ref.m, sc->ctx->ref.d);
    int back = (rw - c->wd + 7) % 7, fwd = (c->wd - rw + 7) % 7;
    long day;
    if (c->dir == -1) day = r - (back ? back : 7);
    else if (c->dir == 1) day = r + (fwd ? fwd : 7);
    else if (future_before(sc, c->b)) { day = r + fwd; x->flags |= SL_TX_FUTURE; }
    else day = r - back;
    put_day(x, day, c->pod);
    return 1;
}

static void add_months(int *y, int *m, int n)
{
    int t = *y * 12 + (*m - 1) + n;
    *y = t / 12;
    *m = t % 12 + 1;
}

static int resolve_rel(const scan *sc, const cand *c, sl_timex *x)
{
    x->flags |= SL_TX_RELATIVE;
    if (c->pod) x->type = SL_TIMEX_TIME;
    if (!has_ref(sc->ctx)) {
        static const char *unres[] = {"XXXX-XX-XX", "XXXX-WXX", "XXXX-XX", "XXXX"};
        int k = c->unit == K_DAY ? 0 : (c->unit == K_WEEK || c->unit == K_WEEKEND) ? 1 : c->unit == K_MONTH ? 2 : 3;
        x->flags |= SL_TX_UNRESOLVED;
        snprintf(x->value, sizeof x->value, "%s", unres[k]);
        return 1;
    }
    const sl_ymd *R = &sc->ctx->ref;
    long r = ref_days(sc->ctx);
    int y = R->y, m = R->m;
    switch (c->unit) {
    case K_DAY: put_day(x, r + c->n, c->pod); break;
    case K_WEEK: case K_WEEKEND:
        put_week(x, r - (sl_date_weekday(R->y, R->m, R->d) - 1) + 7L * c->n, c->unit == K_WEEKEND);
        break;
    case K_MONTH: add_months(&y, &m, c->n); put_month(x, y, m); break;
    case K_YEAR: put_year(x, y + c->n); break;
    default: return 0;
    }
    if (x->date.y < 1 || x->date.y > 9999) return 0;
    return 1;
}

static char unit_letter(int u)
{
    switch (u) {
    case K_DAY: return 'D';
    case K_WEEK: return 'W';
    case K_MONTH: return 'M';
    case K_YEAR: return 'Y';
    case K_HOUR: return 'H';
    case K_MINUTE: return 'M';
    case K_DECADE: return 'E';   /* DE = decade, TimeML-style P1DE */
    }
    return 'X';
}

static void put_period(char *out, size_t cap, int n, int unit)
{
    const char *t = unit == K_HOUR || unit == K_MINUTE ? "T" : "";
    const char *u = unit == K_DECADE ? "DE" : NULL;
    char num[12];
    if (n == N_UNKNOWN) snprintf(num, sizeof num, "X");
    else snprintf(num, sizeof num, "%d", n);
    if (u) snprintf(out, cap, "P%s%s", num, u);
    else snprintf(out, cap, "P%s%s%c", t, num, unit_letter(unit));
}

static int resolve_kind(const scan *sc, const cand *c, sl_timex *x);

/* Candidate -> expression; 0 to drop it (impossible day, or a date pushed
 * outside years 1..9999 by arithmetic on an extreme reference). */
static int resolve(const scan *sc, const cand *c, sl_timex *x)
{
    if (!resolve_kind(sc, c, x)) return 0;
    if (x->gran == SL_GRAN_NONE) return 1;
    sl_ymd d = x->date;
    if (d.y < 1 || d.y > 9999) return 0;
    return x->gran == SL_GRAN_YEAR || x->gran == SL_GRAN_MONTH || sl_date_valid(d.y, d.m, d.d);
}

static int resolve_kind(const scan *sc, const cand *c, sl_timex *x)
{
    memset(x, 0, sizeof *x);
    x->start = sc->t[c->b].s;
    x->end = sc->t[c->e - 1].e;
    x->text = sc->text + x->start;
    x->type = SL_TIMEX_DATE;
    size_t p = c->b ? c->b - 1 : (size_t)-1;
    if (p != (size_t)-1) {
        int l = sc->t[p].lex;
        if (l == K_SINCE || l == K_UNTIL || l == K_TILL || l == K_BY || l == K_BEFORE || l == K_AFTER)
            x->flags |= SL_TX_BOUNDARY;
    }
    switch (c->kind) {
    case C_ABS: return resolve_abs(sc, c, x);
    case C_DECADE: snprintf(x->value, sizeof x->value, "%03d", c->y / 10); return 1;
    case C_WDAY: return resolve_wday(sc, c, x);
    case C_REL: return resolve_rel(sc, c, x);
    case C_PRESENT: snprintf(x->value, sizeof x->value, "PRESENT_REF"); return 1;
    case C_PASTREF: snprintf(x->value, sizeof x->value, "PAST_REF"); return 1;
    case C_DUR:
        x->type = SL_TIMEX_DURATION;
        put_period(x->value, sizeof x->value, c->n, c->unit);
        return 1;
    case C_SET:
        x->type = SL_TIMEX_SET;
        if (c->wd) snprintf(x->value, sizeof x->value, "XXXX-WXX-%d", c->wd);
        else put_period(x->value, sizeof x->value, c->n, c->unit);
        return 1;
    }
    return 0;
}

/* ======================================================================
 * Ranges: "between A and B", "from A to B", "A - B", "A through B"
 * ==================================================================== */

typedef struct found {
    cand c;
    sl_timex x;
} found;

static int range_link(const scan *sc, const cand *a, const cand *b)
{
    if (b->b != a->e + 1) return 0;
    int l = lex_at(sc, a->e);
    size_t p = a->b ? a->b - 1 : (size_t)-1;
    int pl = p == (size_t)-1 ? 0 : sc->t[p].lex;
    if (punct_at(sc, a->e, '-') || l == K_THROUGH) return 1;
    if (l == K_AND) return pl == K_BETWEEN;
    if (l == K_TO || l == K_UNTIL || l == K_TILL) return pl == K_FROM;
    return 0;
}

static void merge_ranges(const scan *sc, found *f, size_t *nf)
{
    size_t w = 0;
    for (size_t k = 0; k < *nf; k++) {
        found *a = &f[w ? w - 1 : 0];
        found *b = &f[k];
        if (w && a->x.type == SL_TIMEX_DATE && b->x.type == SL_TIMEX_DATE && !(a->x.flags & SL_TX_RANGE)
            && a->c.kind == C_ABS && b->c.kind == C_ABS && range_link(sc, &a->c, &b->c)
            && (!a->c.m) == (!b->c.m)) {
            if (!a->c.y && b->c.y) {              /* "from March to May 2017": year flows back */
                cand c2 = a->c;
                sl_timex x2;
                c2.y = b->c.y;
                if (resolve(sc, &c2, &x2)) a->x = x2;
            }
            a->x.end = b->x.end;
            a->x.flags |= SL_TX_RANGE;
            a->x.date2 = b->x.date;
            memcpy(a->x.value2, b->x.value, sizeof a->x.value2);
            a->c.e = b->c.e;
            continue;
        }
        f[w++] = *b;
    }
    *nf = w;
}

/* ======================================================================
 * Time stamps: a date printed next to a clock time or a '|' (see date.h)
 * ==================================================================== */

/* Token i is the word w (ASCII, lower-case), case-insensitively. */
static int word_is(const scan *sc, size_t i, const char *w)
{
    const tok *t = T(sc, i);
    size_t n = strlen(w);
    if (!t || t->kind != T_WORD || t->e - t->s != n) return 0;
    for (size_t k = 0; k < n; k++) {
        char c = sc->text[t->s + k];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != w[k]) return 0;
    }
    return 1;
}

static int zone_word(const scan *sc, size_t i)
{
    static const char *const z[] = {"et", "gmt", "bst", "edt", "est", "utc", "cet", "cest", "pst", "pdt",
                                    "cst", "cdt", "mst", "mdt", "jst", "ist", "aest", "eet", "eest"};
    for (size_t k = 0; k < sizeof z / sizeof z[0]; k++)
        if (word_is(sc, i, z[k])) return 1;
    return 0;
}

/* am / pm / a.m. / p.m. at i: the number of tokens it takes, else 0. */
static size_t ampm_len(const scan *sc, size_t i)
{
    if (word_is(sc, i, "am") || word_is(sc, i, "pm")) return 1;
    if ((word_is(sc, i, "a") || word_is(sc, i, "p")) && punct_at(sc, i + 1, '.') && glued(sc, i + 1)
        && word_is(sc, i + 2, "m") && glued(sc, i + 2))
        return punct_at(sc, i + 3, '.') && glued(sc, i + 3) ? 4 : 3;
    return 0;
}

/* A clock time starting at token i: 10:30[:00] | 17.42 + zone/am/pm |
 * 5 pm, then optional am/pm and zone. Returns the tokens taken (0: none);
 * *zone = 1 when a time zone is named. */
static size_t clock_at(const scan *sc, size_t i, int *zone)
{
    const tok *h = T(sc, i);
    size_t j;
    *zone = 0;
    if (!h || h->kind != T_NUM || h->ndig > 2 || h->num > 24 || h->ord) return 0;
    if (i > 0 && glued(sc, i) && (sc->t[i - 1].kind == T_NUM || punct_at(sc, i - 1, ':'))) return 0;
    int sep = punct_at(sc, i + 1, ':') ? ':' : punct_at(sc, i + 1, '.') ? '.' : 0;
    if (sep && glued(sc, i + 1) && glued(sc, i + 2) && T(sc, i + 2)->kind == T_NUM && T(sc, i + 2)->ndig == 2) {
        j = i + 3;
        if (punct_at(sc, j, ':') && glued(sc, j) && glued(sc, j + 1) && T(sc, j + 1)->kind == T_NUM) j += 2;
    } else {
        sep = 0;
        j = i + 1;
    }
    size_t a = ampm_len(sc, j);
    j += a;
    if (zone_word(sc, j)) { *zone = 1; j++; }
    if (sep == ':' || a || (sep == '.' && *zone)) return j - i;
    return 0;
}

/* Words that label a time stamp: Posted, Updated, Update, Published. */
static int stamp_word(const scan *sc, size_t i)
{
    return word_is(sc, i, "posted") || word_is(sc, i, "updated") || word_is(sc, i, "update")
        || word_is(sc, i, "published");
}

/* Words allowed between a date and its clock: , ; - : ( ) | at on UK local time. */
static int stamp_connector(const scan *sc, size_t i)
{
    const tok *t = T(sc, i);
    if (!t) return 0;
    if (t->kind == T_PUNCT)
        return t->ch == ',' || t->ch == ';' || t->ch == '-' || t->ch == ':' || t->ch == '(' || t->ch == ')' || t->ch == '|';
    return t->lex == K_ON || word_is(sc, i, "at") || word_is(sc, i, "uk") || word_is(sc, i, "local")
        || word_is(sc, i, "time") || word_is(sc, i, "-lrb-") || word_is(sc, i, "-rrb-") || stamp_word(sc, i)
        || word_is(sc, i, "last");
}

#define STAMP_GAP 3

/* A lower-case preposition right before the clock at i ("struck at 10:30",
 * "about 9 p.m."): an event told with its time. */
static int event_prep(const scan *sc, size_t i)
{
    static const char *const w[] = {"at", "about", "around", "by", "until", "till", "from", "after", "before",
                                    "since", "to", "between", "and"};
    if (i == 0 || sc->t[i - 1].cap) return 0;
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
        if (word_is(sc, i - 1, w[k])) return 1;
    return 0;
}

/* Token i opens its line: only punctuation before it on the line. */
static int opens_line(const scan *sc, size_t i)
{
    size_t k = i;
    while (k > 0 && !sc->t[k].nl && sc->t[k - 1].kind == T_PUNCT) k--;
    return k == 0 || sc->t[k].nl;
}

/* Is candidate c (tokens [b, e)) a time stamp? See date.h for the rule. */
static int is_stamp(const scan *sc, const cand *c)
{
    if ((c->b > 0 && punct_at(sc, c->b - 1, '|')) || punct_at(sc, c->e, '|')) return 1;
    int zone;
    size_t gb = c->b, ge = c->e, cb = SIZE_MAX;
    for (size_t j = c->e, gap = 0; j < sc->n && gap <= STAMP_GAP; j++, gap++) {
        size_t n = clock_at(sc, j, &zone);
        if (n) { cb = j; ge = j + n; break; }
        if (!stamp_connector(sc, j)) break;
    }
    if (cb == SIZE_MAX) {   /* backwards: up to STAMP_GAP connectors, then a clock ending there */
        size_t k = c->b, gap = 0;
        while (k > 0 && gap < STAMP_GAP && stamp_connector(sc, k - 1)) k--, gap++;
        for (size_t s = k >= 9 ? k - 9 : 0; s < k && cb == SIZE_MAX; s++)
            if (clock_at(sc, s, &zone) == k - s) cb = gb = s;
    }
    if (cb == SIZE_MAX) return 0;
    if ((gb > 0 && punct_at(sc, gb - 1, '|')) || punct_at(sc, ge, '|')) return 1;
    for (size_t q = gb >= 2 ? gb - 2 : 0; q < ge; q++)
        if (stamp_word(sc, q)) return 1;
    if (opens_line(sc, gb)) return 1;
    return c->y != 0 && !event_prep(sc, cb);
}

/* ======================================================================
 * Driver
 * ==================================================================== */

#define FOUND_MAX 64

/* Tokenize a window starting at *z; returns the token count. The window is
 * cut at the last line break or sentence end in its final quarter. */
static size_t fill_window(tokenizer *z, tok *t)
{
    size_t n = 0;
    while (n < TOK_WINDOW && tk_next(z, &t[n])) n++;
    if (n < TOK_WINDOW) return n;
    for (size_t k = n - 1; k > TOK_WINDOW * 3 / 4; k--) {
        if (t[k].nl || (t[k - 1].kind == T_PUNCT && t[k - 1].ch == '.')) {
            z->p = z->s + t[k].s;
            return k;
        }
    }
    return n;
}

size_t sl_date_find(const sl_date_ctx *ctx, const char *text, size_t len, sl_timex *out, size_t cap)
{
    static const sl_date_ctx none;
    tok toks[TOK_WINDOW];
    found f[FOUND_MAX];
    size_t total = 0;
    if (!text) return 0;
    tokenizer z = {(const unsigned char *)text, (const unsigned char *)text, (const unsigned char *)text + len, 0, 0};
    scan sc = {ctx ? ctx : &none, text, toks, 0};
    while ((sc.n = fill_window(&z, toks)) > 0) {
        size_t nf = 0;
        for (size_t i = 0; i < sc.n && nf < FOUND_MAX;) {
            if (!parse_at(&sc, i, &f[nf].c)) { i++; continue; }
            i = f[nf].c.e;                 /* an impossible date is consumed, not re-read */
            if (resolve(&sc, &f[nf].c, &f[nf].x)) nf++;
        }
        merge_ranges(&sc, f, &nf);
        for (size_t k = 0; k < nf; k++, total++) {
            if (is_stamp(&sc, &f[k].c)) f[k].x.flags |= SL_TX_TIMESTAMP;
            if (total < cap) out[total] = f[k].x;
        }
    }
    return total;
}

/* ======================================================================
 * The date of a sentence
 * ==================================================================== */

static int gran_rank(int g)
{
    switch (g) {
    case SL_GRAN_DAY: return 4;
    case SL_GRAN_WEEK: return 3;
    case SL_GRAN_MONTH: return 2;
    case SL_GRAN_YEAR: return 1;
    }
    return 0;
}

int sl_date_pick(const sl_timex *tx, size_t n, sl_ymd *out)
{
    static const sl_ymd zero;
    int best = -1, bscore = 0;
    for (size_t k = 0; k < n; k++) {
        const sl_timex *x = &tx[k];
        if ((x->type != SL_TIMEX_DATE && x->type != SL_TIMEX_TIME) || (x->flags & (SL_TX_UNRESOLVED | SL_TX_TIMESTAMP)))
            continue;
        int s = gran_rank(x->gran) * 2;
        if (!s) continue;
        s += !(x->flags & SL_TX_BOUNDARY);
        if (s > bscore) { bscore = s; best = (int)k; }
    }
    *out = zero;
    if (best < 0) return SL_GRAN_NONE;
    *out = tx[best].date;
    return tx[best].gran;
}

int sl_date_of_sentence(const sl_date_ctx *ctx, const char *text, size_t len, sl_ymd *out)
{
    sl_timex tx[32];
    size_t n = sl_date_find(ctx, text, len, tx, 32);
    return sl_date_pick(tx, n < 32 ? n : 32, out);
}

/* ======================================================================
 * Dateline
 * ==================================================================== */

#define DATELINE_LINES 6
#define DATELINE_BYTES 600
#define DATELINE_SHORT 40

/* Inside a longer line a date is a dateline only when it starts the line or
 * follows punctuation ("WASHINGTON (Reuters) Oct. 7, 2017 -", "GENEVA |
 * Thu Apr 30 , 2009"), or a three-letter weekday abbreviation; a date after
 * a word or a comma is part of a sentence or a photo caption ("in Tokyo Wednesday ,
 * Oct. 15 , 2008", "after Sept. 11 , 2001"). */
static int dateline_like(const char *line, size_t start)
{
    size_t k = start;
    while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t')) k--;
    if (k == 0) return 1;
    unsigned char c = (unsigned char)line[k - 1];
    if (c == '|' || c == '-' || c == ':' || c == ')' || c == '(' || c == '/' || c >= 0x80) return 1;
    if (k >= 3 && (k == 3 || line[k - 4] == ' ' || line[k - 4] == '|')) {
        static const char *ab[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        for (int i = 0; i < 7; i++)
            if (!memcmp(line + k - 3, ab[i], 3)) return 1;
    }
    return 0;
}

int sl_date_from_dateline(const char *text, size_t len, sl_date_pub *out)
{
    static const sl_date_pub zero;
    static const sl_date_ctx none;
    *out = zero;
    if (!text) return -1;
    size_t lim = len < DATELINE_BYTES ? len : DATELINE_BYTES, pos = 0;
    int have_long = 0;
    sl_date_pub first = zero;
    for (int line = 0; line < DATELINE_LINES && pos < lim; line++) {
        size_t e = pos;
        while (e < len && text[e] != '\n') e++;
        sl_timex tx[16];
        size_t n = sl_date_find(&none, text + pos, e - pos, tx, 16);
        for (size_t k = 0; k < n && k < 16; k++) {
            const sl_timex *x = &tx[k];
            if (x->type != SL_TIMEX_DATE || x->gran != SL_GRAN_DAY || (x->flags & (SL_TX_YEAR_GUESS | SL_TX_RELATIVE)))
                continue;
            sl_date_pub p = {x->date, 1, (uint32_t)(pos + x->start), (uint32_t)(pos + x->end)};
            if ((e - pos) - (x->end - x->start) <= DATELINE_SHORT) { *out = p; return 0; }
            if (!have_long && pos + x->start < lim && dateline_like(text + pos, x->start)) {
                first = p;
                have_long = 1;
            }
        }
        pos = e + 1;
    }
    if (!have_long) return -1;
    *out = first;
    return 0;
}
