/*
 * entity_extract.c - name mentions in raw news text.
 *
 * Design note
 * -----------
 * A capitalisation heuristic, not a trained tagger: news English marks
 * names by capitals, and what goes wrong is well known — sentence-initial
 * words, headlines, titles, months, the particles and connectives inside
 * names ("Deir ez-Zor", "Observatory for Human Rights"), possessives,
 * dotted acronyms. Each of those has a rule below. The extractor scans the
 * bytes itself (ASCII table fast path, utf8proc for the rest) so it can be
 * used without the text module.
 *
 * Data flow, one pass over the input:
 *
 *   bytes --scan_word--> ent_word {span, case flags, lexicon bits, gap}
 *         --sentence end--> process_sentence: classify (normal / headline)
 *                           -> spans of name words (extend) -> emit_span
 *   end of input --> fill_keys: alias keys of all mentions, in batches
 *                --> confirm: drop unsure mentions whose key has no sure
 *                    mention in the same input (unless opts.keep_unsure)
 *
 * The gap before a word is SPACE (only spaces/tabs), HYPHEN (exactly one
 * hyphen, no spaces) or BREAK (anything else); names never cross a BREAK.
 * Invariants: mentions are in text order, do not overlap, lie inside
 * [0, len), and every mention's key is NUL-terminated in out->strings.
 */
#include "entity/entity.h"
#include "entity/entity_lex.h"
#include "common/common.h"

#include <assert.h>
#include <string.h>
#include <utf8proc.h>

/* ---- types ------------------------------------------------------------------- */

enum {
    W_CAP = 1, W_ALLCAP = 2, W_NUM = 4, W_DOT = 8, W_POSS = 16, W_SENT0 = 32,
    W_LOWER = 64,
};
enum { GAP_BREAK = 0, GAP_SPACE = 1, GAP_HYPHEN = 2 };
enum { MODE_NORMAL = 0, MODE_HEADLINE = 1 };

typedef struct ent_word {
    uint32_t start, end;  /* span; end excludes a possessive 's */
    uint16_t flags;       /* W_* */
    uint16_t lex;         /* LX_* of the word (without a trailing dot) */
    uint8_t gap;          /* GAP_* before the word */
    uint8_t nlet;         /* letters, capped at 255 */
} ent_word;

/* Memo of alias keys by mention text: names repeat within and across
 * articles, and sl_entity_key (transliteration folding) cost as much as the
 * whole scan. Slot: hash of the raw span, where the record lives in the
 * arena; record = [raw len u16][key len u16][key hash u64][raw][key].
 * Emptied when half full, so memory stays bounded: 2^17 slots (2 MB a
 * thread). At 2^12 the generated 20k corpus missed 1.48M of its ~1.7M
 * lookups (a news stream names far more than 2,048 things); at 2^17 under
 * 40k. */
enum { KMEMO_BITS = 17, KMEMO_MAXRAW = 96, KMEMO_HDR = 12 };
typedef struct kmemo_slot {
    uint64_t h;     /* 0 = empty */
    uint32_t rec;
} kmemo_slot;

struct sl_entity {
    sl_entity_opts opts;
    kmemo_slot *memo;                           /* 1 << KMEMO_BITS slots, lazily */
    size_t memo_used;
    struct { char *v; size_t n, cap; } arena;  /* memo records */
    struct { ent_word *v; size_t n, cap; } w;  /* words of the current sentence */
    struct { uint64_t *v; size_t n, cap; } set; /* confirmation hash set */
    int mode;                                  /* of the current sentence */
    int oom;
};

/* ---- character classes ----------------------------------------------------- */

enum {
    C_UP, C_LOW, C_LET, C_MARK, C_DIGIT, C_SPACE, C_NL, C_HYPHEN, C_APOS,
    C_DOT, C_TERM, C_DASH, C_OTHER,
};

typedef struct scan {
    const uint8_t *s;
    size_t len, p;
    int spaces, hyphens, others;  /* gap since the last word */
    int term;                     /* sentence terminator seen in the gap */
} scan;

static int __attribute__((unused)) ascii_class(int c)
{
    if (c >= 'A' && c <= 'Z') return C_UP;
    if (c >= 'a' && c <= 'z') return C_LOW;
    if (c >= '0' && c <= '9') return C_DIGIT;
    switch (c) {
    case ' ': case '\t': return C_SPACE;
    case '\n': case '\r': case '\f': case '\v': return C_NL;
    case '-': return C_HYPHEN;
    case '\'': return C_APOS;
    case '.': return C_DOT;
    case '!': case '?': case ':': case ';': return C_TERM;
    default: return C_OTHER;
    }
}

static int unicode_class(int32_t c)
{
    if (c == 0x2019 || c == 0x2018 || c == 0x02BC) return C_APOS;
    if (c == 0x2010 || c == 0x2011) return C_HYPHEN;
    if (c == 0x2013 || c == 0x2014) return C_DASH;
    if (c == 0x00A0 || c == 0x2009 || c == 0x202F) return C_SPACE;
    if (c == 0x2028 || c == 0x2029 || c == 0x0085) return C_NL;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return C_UP;
    case UTF8PROC_CATEGORY_LL: return C_LOW;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: return C_LET;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND: return C_DIGIT;
    case UTF8PROC_CATEGORY_ZS: return C_SPACE;
    default: return C_OTHER;
    }
}

/* ascii_class() as a table (checked against it by sl_entity_new in debug
 * builds). U upper, L lower, G digit, S space, N newline, H hyphen,
 * P apostrophe, D dot, T terminator, O other. */
#define U C_UP
#define L C_LOW
#define G C_DIGIT
#define S C_SPACE
#define N C_NL
#define H C_HYPHEN
#define P C_APOS
#define D C_DOT
#define T C_TERM
#define O C_OTHER
static const unsigned char ASCII_CLASS[128] = {
    O, O, O, O, O, O, O, O, O, S, N, N, N, N, O, O,
    O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
    S, T, O, O, O, O, O, P, O, O, O, O, O, H, D, O,
    G, G, G, G, G, G, G, G, G, G, T, T, O, O, O, T,
    O, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
    U, U, U, U, U, U, U, U, U, U, U, O, O, O, O, O,
    O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, O,
};
#undef U
#undef L
#undef G
#undef S
#undef N
#undef H
#undef P
#undef D
#undef T
#undef O

static int __attribute__((noinline)) char_at_slow(const scan *sc, size_t p, size_t *adv)
{
    int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate(sc->s + p, (utf8proc_ssize_t)(sc->len - p), &c);
    if (k <= 0) { *adv = 1; return C_OTHER; }
    *adv = (size_t)k;
    return unicode_class(c);
}

/* Class of the character at p; *adv receives its byte length (>= 1). */
static inline int char_at(const scan *sc, size_t p, size_t *adv)
{
    if (p >= sc->len) { *adv = 0; return C_NL; }
    uint8_t b = sc->s[p];
    if (b < 0x80) { *adv = 1; return ASCII_CLASS[b]; }
    return char_at_slow(sc, p, adv);
}

static int is_letter_class(int c) { return c == C_UP || c == C_LOW || c == C_LET; }

/* PTB bracket tokens (-LRB- -RRB- -LSB- -RSB- -LCB- -RCB-) at p: length or 0. */
static size_t ptb_bracket(const uint8_t *s, size_t len, size_t p)
{
    if (p + 5 > len || s[p] != '-' || s[p + 4] != '-' || s[p + 3] != 'B') return 0;
    if (s[p + 1] != 'L' && s[p + 1] != 'R') return 0;
    return (s[p + 2] == 'R' || s[p + 2] == 'S' || s[p + 2] == 'C') ? 5 : 0;
}

/* ---- words ------------------------------------------------------------------- */

typedef struct word_acc {
    int nup, nlow, nlet, ndig, first;
} word_acc;

/* "U.S.", "J.R.R.": after a single capital and its dot, take further
 * capital letters each with an optional dot. */
static void scan_dotted(scan *sc, word_acc *a)
{
    sc->p++;  /* the dot after the first capital */
    while (sc->p < sc->len && sc->s[sc->p] >= 'A' && sc->s[sc->p] <= 'Z') {
        size_t q = sc->p + 1;
        if (q < sc->len && sc->s[q] >= 'a' && sc->s[q] <= 'z') break;
        a->nup++; a->nlet++;
        sc->p = q;
        if (q < sc->len && sc->s[q] == '.') sc->p++;
        else break;
    }
}

/* Possessive "'s" at p (p at the apostrophe, alen its byte length)? */
static int possessive_at(const scan *sc, size_t p, size_t alen)
{
    size_t q = p + alen, adv;
    if (q >= sc->len || (sc->s[q] != 's' && sc->s[q] != 'S')) return 0;
    int c = char_at(sc, q + 1, &adv);
    return !is_letter_class(c) && c != C_DIGIT && c != C_MARK;
}

/* Scans the word at sc->p (a letter or digit) into *w. */
static void scan_word(scan *sc, ent_word *w)
{
    word_acc a = { 0, 0, 0, 0, -1 };
    size_t adv;
    w->start = (uint32_t)sc->p;
    w->flags = 0;
    for (;;) {
        /* a run of ASCII lower-case letters in one tight loop (the same
         * counts as the C_LOW branch below, letter by letter) */
        size_t q = sc->p;
        while (q < sc->len && (unsigned)(sc->s[q] - 'a') < 26u)
            q++;
        if (q > sc->p) {
            if (a.first < 0) a.first = C_LOW;
            a.nlet += (int)(q - sc->p);
            a.nlow += (int)(q - sc->p);
            sc->p = q;
        }
        int c = char_at(sc, sc->p, &adv);
        if (c == C_UP || c == C_LOW || c == C_LET) {
            if (a.first < 0) a.first = c;
            a.nlet++;
            a.nup += c == C_UP;
            a.nlow += c == C_LOW;
        } else if (c == C_DIGIT) {
            if (a.first < 0) a.first = c;
            a.ndig++;
        } else if (c == C_MARK) {
            /* continues the word */
        } else if (c == C_APOS) {
            if (possessive_at(sc, sc->p, adv)) {
                w->end = (uint32_t)sc->p;
                w->flags |= W_POSS;
                sc->p += adv + 1;
                goto done;
            }
            size_t adv2;
            if (!is_letter_class(char_at(sc, sc->p + adv, &adv2))) break;
        } else if (c == C_DOT && a.nlet == 1 && a.nup == 1 && a.ndig == 0) {
            scan_dotted(sc, &a);
            w->flags |= W_DOT;
            w->end = (uint32_t)sc->p;
            goto done;
        } else if (c == C_DOT && a.ndig > 0 && sc->p + 1 < sc->len
                   && sc->s[sc->p + 1] >= '0' && sc->s[sc->p + 1] <= '9') {
            /* 3.5 */
        } else {
            break;
        }
        sc->p += adv;
    }
    w->end = (uint32_t)sc->p;
done:
    w->nlet = (uint8_t)SL_MIN(a.nlet, 255);
    if (a.ndig) w->flags |= W_NUM;
    if (a.first == C_UP) w->flags |= W_CAP;
    if (a.first == C_LOW) w->flags |= W_LOWER;
    if ((a.nup >= 2 && a.nlow == 0) || (w->flags & W_DOT && a.nup >= 2)) w->flags |= W_ALLCAP;
    size_t n = w->end - w->start;
    int lookup = !(w->flags & (W_NUM | W_DOT)) && (!(w->flags & W_LOWER) || n <= 5);
    w->lex = lookup ? (uint16_t)sl_entity_lex_((const char *)sc->s + w->start, n) : 0;
    /* "Mr.", "Gen.", "St." keep their dot, which then ends no sentence */
    if ((w->lex & LX_ABBR) && !(w->flags & W_POSS) && sc->p < sc->len && sc->s[sc->p] == '.') {
        sc->p++;
        w->end = (uint32_t)sc->p;
    }
}

/* ---- name-word predicates ------------------------------------------------------- */

static int is_name(const sl_entity *e, const ent_word *w)
{
    if (w->flags & W_NUM) return 0;
    if (w->flags & W_DOT) return 1;
    if (w->flags & W_ALLCAP) return e->mode == MODE_NORMAL || !(w->lex & LX_FUNC);
    if (w->flags & W_CAP) return !(w->lex & LX_FUNC);
    return 0;
}

/* A Title Case name word (what particles and connectives must lead to). */
static int is_cap_name(const sl_entity *e, const ent_word *w)
{
    return is_name(e, w) && !(w->flags & W_ALLCAP) && !(w->lex & LX_MONTHDAY);
}

static int lower_lex(const ent_word *w, unsigned bits)
{
    return (w->flags & W_LOWER) && (w->lex & bits);
}

/* Can a name start at word i? A name word, or "al"/"el" (or a hyphenated
 * Arabic article) right before a capitalised word: "al Qwaira", "al-Mayadin". */
static int can_start(const sl_entity *e, const ent_word *w, size_t n, size_t i)
{
    if (is_name(e, &w[i])) return 1;
    if (i + 1 >= n || !is_cap_name(e, &w[i + 1])) return 0;
    if (lower_lex(&w[i], LX_START_AL) && w[i + 1].gap != GAP_BREAK) return 1;
    return lower_lex(&w[i], LX_PART_HY) && w[i + 1].gap == GAP_HYPHEN;
}

/* ---- spans ------------------------------------------------------------------------ */

/* Is the lower-case word j an allowed joiner inside a name? `seen_conn`
 * says whether "of"/"for" occurred in the name or this joiner run. */
static int joiner_ok(const ent_word *w, size_t n, size_t j, int seen_conn, int prev_joiner)
{
    const ent_word *x = &w[j];
    if (!(x->flags & W_LOWER) || x->gap == GAP_BREAK || j + 1 >= n) return 0;
    int hy = x->gap == GAP_HYPHEN || w[j + 1].gap == GAP_HYPHEN;
    if (x->lex & (LX_PART_SP | LX_PART_AZ)) return 1;
    if ((x->lex & LX_PART_HY) && hy) return 1;
    if (x->gap != GAP_SPACE || w[j + 1].gap != GAP_SPACE) return 0;
    if (x->lex & LX_CONN) return 1;
    if (x->lex & LX_AND) return seen_conn;
    if (x->lex & LX_THE) return prev_joiner;
    return 0;
}

/* Tries to bridge joiners starting at k; returns the index of the name word
 * reached, or 0 when the bridge fails. *conn is set when of/for was used. */
static size_t bridge(const sl_entity *e, const ent_word *w, size_t n, size_t k,
                     int seen_conn, int *conn)
{
    size_t j = k;
    int c = seen_conn;
    while (j < n && j < k + 2 && joiner_ok(w, n, j, c, j > k)) {
        c |= (w[j].lex & LX_CONN) != 0;
        j++;
    }
    if (j == k || j >= n || w[j].gap == GAP_BREAK || !is_cap_name(e, &w[j])) return 0;
    *conn = c;
    return j;
}

/* All-caps words chain only with all-caps words; dotted with Title Case. */
static int compatible(const ent_word *a, const ent_word *b)
{
    int ac = (a->flags & (W_ALLCAP | W_DOT)) == W_ALLCAP;
    int bc = (b->flags & (W_ALLCAP | W_DOT)) == W_ALLCAP;
    return ac == bc;
}

#define SPAN_MAX_WORDS 12

/* Extends a name starting at word i; returns the index of its last word. */
static size_t extend(const sl_entity *e, const ent_word *w, size_t n, size_t i)
{
    size_t last = is_name(e, &w[i]) ? i : i + 1;
    int conn = 0;
    const ent_word *head = &w[last];
    size_t k = last + 1;
    while (k < n && k - i < SPAN_MAX_WORDS && !(w[last].flags & W_POSS)) {
        if (w[k].gap == GAP_BREAK || (w[k].lex & LX_MONTHDAY)) break;
        if (is_name(e, &w[k]) && compatible(head, &w[k])) {
            last = k++;
            continue;
        }
        if ((head->flags & (W_ALLCAP | W_DOT)) == W_ALLCAP) break;
        if ((w[last].lex & LX_MONTHDAY) || !(w[last].flags & (W_CAP | W_DOT))) break;
        /* "Fighters of the Islamic State": a lone sentence-initial word is
         * no evidence of a name, so it takes no "of"/"for" */
        if (last == i && (w[i].flags & W_SENT0) && (w[k].lex & LX_CONN)) break;
        int c2 = 0;
        size_t j = bridge(e, w, n, k, conn, &c2);
        if (!j) break;
        conn = c2;
        last = j;
        k = j + 1;
    }
    return last;
}

/* ---- emitting ------------------------------------------------------------------------- */

/* The alias key of raw[0, rl) into key (NUL-terminated, cut to cap - 1),
 * through the memo when rh (the memo hash of raw, memo_hash) is not 0;
 * returns its length and sets *h to its hash. */
static size_t mention_key(sl_entity *e, const char *raw, size_t rl, uint64_t rh, char *key,
                          size_t cap, uint64_t *h)
{
    size_t mask = ((size_t)1 << KMEMO_BITS) - 1, i = 0;
    int memo = rh != 0;
    if (memo) {
        for (i = (size_t)rh & mask; e->memo[i].h; i = (i + 1) & mask) {
            if (e->memo[i].h != rh)
                continue;
            const char *r = e->arena.v + e->memo[i].rec;
            uint16_t r_len, k_len;
            memcpy(&r_len, r, 2);
            memcpy(&k_len, r + 2, 2);
            if (r_len != rl || memcmp(r + KMEMO_HDR, raw, rl) != 0)
                continue;
            memcpy(h, r + 4, 8);
            memcpy(key, r + KMEMO_HDR + rl, k_len);
            key[k_len] = 0;
            return k_len;
        }
    }
    size_t kl = sl_entity_key(raw, rl, key, cap);
    if (kl >= cap) kl = cap - 1;  /* keys of very long spans are cut */
    key[kl] = 0;
    *h = sl_hash64(key, kl);
    if (!memo)
        return kl;
    if (e->memo_used * 2 >= mask) {   /* half full: start again */
        memset(e->memo, 0, (mask + 1) * sizeof *e->memo);
        e->memo_used = 0;
        e->arena.n = 0;
        for (i = (size_t)rh & mask; e->memo[i].h; i = (i + 1) & mask)
            ;
    }
    if (SL_VEC_GROW(&e->arena, KMEMO_HDR + rl + kl))
        return kl;   /* memo is best effort */
    char *r = e->arena.v + e->arena.n;
    uint16_t r_len = (uint16_t)rl, k_len = (uint16_t)kl;
    memcpy(r, &r_len, 2);
    memcpy(r + 2, &k_len, 2);
    memcpy(r + 4, h, 8);
    memcpy(r + KMEMO_HDR, raw, rl);
    memcpy(r + KMEMO_HDR + rl, key, kl);
    e->memo[i].h = rh;
    e->memo[i].rec = (uint32_t)e->arena.n;
    e->arena.n += KMEMO_HDR + rl + kl;
    e->memo_used++;
    return kl;
}

/* The memo hash of a mention's text (never 0), or 0 when it is not memoised
 * (too long, or no memo for want of memory). */
static uint64_t memo_hash(sl_entity *e, const char *raw, size_t rl)
{
    if (rl > KMEMO_MAXRAW) return 0;
    if (!e->memo && !(e->memo = sl_calloc((size_t)1 << KMEMO_BITS, sizeof *e->memo)))
        return 0;
    return sl_hash64(raw, rl) | 1;
}

/* Mentions are pushed without their key; keys are filled in at the end of
 * the input, in text order, a batch of KEY_BATCH at a time: the memo's slots
 * of the batch are prefetched, then the records they point at, then the
 * keys are read. One mention at a time the lookup waited on two dependent
 * cache misses (slot, record: 93% of push_mention's samples, perf of
 * bench_add g20k), the memo (2 MB of slots) not staying in L2. */
#define KEY_BATCH 16

static int push_mention(sl_mentions *out, uint32_t start, uint32_t end, int kind, int flags,
                        int nwords)
{
    sl_mention m = {
        .start = start, .end = end, .key = 0, .key_hash = 0, .kind = (uint16_t)kind,
        .flags = (uint16_t)flags, .nwords = (uint16_t)nwords,
    };
    return SL_VEC_PUSH(&out->m, m);
}

static int fill_keys(sl_entity *e, sl_mentions *out, const char *text)
{
    size_t mask = ((size_t)1 << KMEMO_BITS) - 1;
    uint64_t rh[KEY_BATCH];
    for (size_t b = 0; b < out->m.n; b += KEY_BATCH) {
        size_t nb = SL_MIN((size_t)KEY_BATCH, out->m.n - b);
        for (size_t k = 0; k < nb; k++) {
            const sl_mention *m = &out->m.v[b + k];
            rh[k] = memo_hash(e, text + m->start, m->end - m->start);
            if (rh[k]) __builtin_prefetch(&e->memo[rh[k] & mask]);
        }
        for (size_t k = 0; k < nb; k++) {
            const kmemo_slot *sl = rh[k] ? &e->memo[rh[k] & mask] : NULL;
            if (sl && sl->h) __builtin_prefetch(e->arena.v + sl->rec);
        }
        for (size_t k = 0; k < nb; k++) {
            sl_mention *m = &out->m.v[b + k];
            char tmp[256];
            size_t kl = mention_key(e, text + m->start, m->end - m->start, rh[k], tmp,
                                    sizeof tmp, &m->key_hash);
            if (SL_VEC_GROW(&out->strings, kl + 1)) return -1;
            m->key = (uint32_t)out->strings.n;
            memcpy(out->strings.v + out->strings.n, tmp, kl + 1);
            out->strings.n += kl + 1;
        }
    }
    return 0;
}

static int span_letters(const ent_word *w, size_t a, size_t b)
{
    int s = 0;
    for (size_t i = a; i <= b; i++) s += w[i].nlet;
    return s;
}

/* Cuts openers and titles, drops what is not a name, and pushes the rest. */
static int emit_span(sl_entity *e, const ent_word *w, size_t n, size_t a, size_t last,
                     sl_mentions *out)
{
    if ((w[a].flags & W_SENT0) && (w[a].lex & LX_COMMON0)) a++;
    /* "Foreign Minister Sergei Lavrov", "Bank of England Governor Mark
     * Carney": cut through the last title among the first four words */
    size_t cut = a;
    for (size_t t = a; t < last && t < a + 4; t++) {
        if (!(w[t].flags & W_CAP)) continue;
        if ((w[t].lex & LX_TITLE) || ((w[t].lex & LX_TITLE2) && t + 2 <= last)) cut = t + 1;
    }
    a = cut;
    while (a <= last && !can_start(e, w, n, a)) a++;
    if (a > last) return 0;
    const ent_word *x = &w[a];
    if (a == last && (x->lex & (LX_MONTHDAY | LX_TITLE | LX_COMMON0))) return 0;
    if (span_letters(w, a, last) < 2) return 0;
    int flags = 0;
    if (x->flags & W_SENT0) flags |= SL_MENT_SENT0;
    if (a == last && (x->flags & W_SENT0) && !(x->flags & (W_ALLCAP | W_DOT)))
        flags |= SL_MENT_UNSURE;
    int kind = (a == last && (x->flags & (W_ALLCAP | W_DOT))) ? SL_MENT_ACRONYM : SL_MENT_NAME;
    return push_mention(out, x->start, w[last].end, kind, flags, (int)(last - a + 1));
}

/* ---- sentences ------------------------------------------------------------------------ */

/* Headline: mostly all caps ("SYRIAN ARMY ENTERS MAYADEEN") or Title Case
 * ("Comments About This Article"); capitals then say nothing about names. */
static int is_by(const ent_word *w, const char *text)
{
    return w->end - w->start == 2 && (text[w->start] | 32) == 'b' && (text[w->start + 1] | 32) == 'y';
}

/* Bylines ("By Michael D. Shear and Robert Barnes") and lists of names look
 * like Title Case too; "By" and a lower-case "and" mark them. */
static int sentence_mode(const ent_word *w, size_t n, const char *text)
{
    int nalpha = 0, nallcap = 0, capfunc = 0, nnf = 0, nlow = 0, allcapfunc = 0, lowand = 0;
    for (size_t i = 0; i < n; i++) {
        if ((w[i].flags & W_NUM) || w[i].nlet < 2) continue;
        nalpha++;
        if (w[i].flags & W_ALLCAP) {
            nallcap++;
            allcapfunc += (w[i].lex & LX_FUNC) != 0;
        }
        if (w[i].lex & LX_FUNC) {
            capfunc += (w[i].flags & W_CAP) && !(w[i].flags & (W_SENT0 | W_ALLCAP))
                       && !is_by(&w[i], text);
            lowand += (w[i].flags & W_LOWER) && (w[i].lex & LX_AND);
            continue;
        }
        if (w[i].lex & (LX_PART_SP | LX_PART_HY)) continue;
        nnf++;
        nlow += (w[i].flags & W_LOWER) != 0;
    }
    if (nallcap * 5 >= nalpha * 4 && (nalpha >= 4 || (nalpha == 3 && allcapfunc)))
        return MODE_HEADLINE;
    /* Title Case: capitalised function words, or only capitalised words */
    if (capfunc >= 1 && nnf >= 2 && nlow * 5 <= nnf) return MODE_HEADLINE;
    if (nnf >= 4 && nlow == 0 && lowand == 0) return MODE_HEADLINE;
    return MODE_NORMAL;
}

static int process_headline(sl_entity *e, sl_mentions *out)
{
    const ent_word *w = e->w.v;
    for (size_t i = 0; i < e->w.n; i++) {
        if (!is_name(e, &w[i]) || w[i].nlet < 2 || (w[i].lex & (LX_MONTHDAY | LX_TITLE)))
            continue;
        int flags = SL_MENT_UNSURE | ((w[i].flags & W_SENT0) ? SL_MENT_SENT0 : 0);
        int kind = (w[i].flags & (W_ALLCAP | W_DOT)) && w[i].nlet <= 5 ? SL_MENT_ACRONYM
                                                                       : SL_MENT_NAME;
        if (push_mention(out, w[i].start, w[i].end, kind, flags, 1)) return -1;
    }
    return 0;
}

static int process_sentence(sl_entity *e, const char *text, sl_mentions *out)
{
    const ent_word *w = e->w.v;
    size_t n = e->w.n;
    if (n == 0) return 0;
    e->mode = sentence_mode(w, n, text);
    int rc = 0;
    if (e->mode == MODE_HEADLINE) {
        rc = process_headline(e, out);
    } else {
        size_t i = 0;
        while (i < n && rc == 0) {
            if (!can_start(e, w, n, i)) { i++; continue; }
            size_t last = extend(e, w, n, i);
            rc = emit_span(e, w, n, i, last, out);
            i = last + 1;
        }
    }
    e->w.n = 0;
    e->mode = MODE_NORMAL;
    return rc;
}

/* ---- confirmation of unsure mentions -------------------------------------------------- */

static int set_build(sl_entity *e, const sl_mentions *out)
{
    size_t cap = 16;
    while (cap < out->m.n * 2) cap *= 2;
    e->set.n = 0;
    if (SL_VEC_GROW(&e->set, cap)) return -1;
    memset(e->set.v, 0, cap * sizeof *e->set.v);
    for (size_t i = 0; i < out->m.n; i++) {
        if (out->m.v[i].flags & SL_MENT_UNSURE) continue;
        uint64_t h = out->m.v[i].key_hash | 1;  /* 0 marks an empty slot */
        size_t j = h & (cap - 1);
        while (e->set.v[j] && e->set.v[j] != h) j = (j + 1) & (cap - 1);
        e->set.v[j] = h;
    }
    e->set.n = cap;
    return 0;
}

static int set_has(const sl_entity *e, uint64_t h)
{
    h |= 1;
    size_t cap = e->set.n, j = h & (cap - 1);
    while (e->set.v[j]) {
        if (e->set.v[j] == h) return 1;
        j = (j + 1) & (cap - 1);
    }
    return 0;
}

static int confirm(sl_entity *e, sl_mentions *out)
{
    int any = 0;
    for (size_t i = 0; i < out->m.n && !any; i++) any = out->m.v[i].flags & SL_MENT_UNSURE;
    if (!any || e->opts.keep_unsure) return 0;
    if (set_build(e, out)) return -1;
    size_t k = 0;
    for (size_t i = 0; i < out->m.n; i++) {
        sl_mention *m = &out->m.v[i];
        if (!(m->flags & SL_MENT_UNSURE) || set_has(e, m->key_hash)) out->m.v[k++] = *m;
    }
    out->m.n = k;
    return 0;
}

/* ---- scanning loop ------------------------------------------------------------------------ */

static int gap_kind(const scan *sc)
{
    if (sc->others == 0 && sc->hyphens == 0 && sc->spaces > 0) return GAP_SPACE;
    if (sc->others == 0 && sc->hyphens == 1 && sc->spaces == 0) return GAP_HYPHEN;
    return GAP_BREAK;
}

static void gap_reset(scan *sc)
{
    sc->spaces = sc->hyphens = sc->others = 0;
    sc->term = 0;
}

static int add_word(sl_entity *e, scan *sc)
{
    ent_word w;
    int g = gap_kind(sc);
    scan_word(sc, &w);
    w.gap = (uint8_t)(e->w.n == 0 ? GAP_BREAK : g);
    if (e->w.n == 0) w.flags |= W_SENT0;
    gap_reset(sc);
    return SL_VEC_PUSH(&e->w, w);
}

/* Handles one non-word character; returns 1 when a sentence ends there. */
static int gap_char(scan *sc, int c, size_t adv)
{
    size_t br = c == C_HYPHEN ? ptb_bracket(sc->s, sc->len, sc->p) : 0;
    if (br) { sc->others++; sc->p += br; return 0; }
    sc->p += adv;
    switch (c) {
    case C_NL: gap_reset(sc); sc->others = 1; return 1;
    case C_SPACE: sc->spaces++; if (sc->term) { sc->term = 0; return 1; } return 0;
    /* a spaced dash ("AMMAN (Reuters) - The", "CAIRO -- Protesters") opens
     * a new sentence-like unit */
    case C_HYPHEN: sc->hyphens++; sc->term |= sc->spaces > 0; return 0;
    case C_DASH: sc->others++; sc->term |= sc->spaces > 0; return 0;
    case C_DOT: case C_TERM: sc->term = 1; sc->others++; return 0;
    default: sc->others++; return 0;
    }
}

int sl_entity_extract(sl_entity *e, const char *text, size_t len, sl_mentions *out)
{
    if (!e || !out || (!text && len) || len >= UINT32_MAX) return -1;
    sl_mentions_reset(out);
    e->w.n = 0;
    e->mode = MODE_NORMAL;
    scan sc = { (const uint8_t *)text, len, 0, 0, 0, 1, 0 };
    while (sc.p < len) {
        size_t adv;
        int c = char_at(&sc, sc.p, &adv);
        if (is_letter_class(c) || c == C_DIGIT) {
            if (add_word(e, &sc)) return -1;
        } else if (gap_char(&sc, c, adv)) {
            if (process_sentence(e, text, out)) return -1;
        }
    }
    if (process_sentence(e, text, out) || fill_keys(e, out, text)) return -1;
    return confirm(e, out);
}

/* ---- lifecycle ------------------------------------------------------------------------------ */

sl_entity *sl_entity_new(const sl_entity_opts *opts)
{
    sl_entity *e = sl_calloc(1, sizeof *e);
    if (!e) return NULL;
    if (opts) e->opts = *opts;
#ifndef NDEBUG
    for (int c = 0; c < 128; c++) assert(ASCII_CLASS[c] == ascii_class(c));
#endif
    return e;
}

void sl_entity_free(sl_entity *e)
{
    if (!e) return;
    sl_free(e->w.v);
    sl_free(e->set.v);
    sl_free(e->memo);
    sl_free(e->arena.v);
    sl_free(e);
}

void sl_mentions_reset(sl_mentions *ms)
{
    ms->m.n = 0;
    ms->pairs.n = 0;
    ms->strings.n = 0;
}

void sl_mentions_free(sl_mentions *ms)
{
    if (!ms) return;
    sl_free(ms->m.v);
    sl_free(ms->pairs.v);
    sl_free(ms->strings.v);
    memset(ms, 0, sizeof *ms);
}
