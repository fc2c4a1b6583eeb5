/*
 * text.c - the analyser: regions -> lines -> tokens (norm, stem, flags) ->
 * sentences.
 *
 * Data layout of the result (sl_doc):
 *
 *   toks.v    [tok0][tok1]...      spans into the analysed text
 *   sents.v   [s0 = toks 0..k)...  token ranges, in text order
 *   strings.v "syrians\0's\0u.s.\0syrian\0'\0..."
 *                                  the norms of a batch of tokens, then the
 *                                  stems among them that differ from their
 *                                  norm; when the stem equals the norm both
 *                                  offsets point at the same string
 *
 * Normalization: tokens made only of ASCII bytes are lower-cased byte by
 * byte (NFKC and case folding leave ASCII letters, digits and the
 * connectors - ' . , : unchanged otherwise); other tokens go through
 * utf8proc_map(STABLE | COMPOSE | COMPAT | CASEFOLD | IGNORE: the last drops
 * default-ignorables such as the soft hyphen, which the tokenizer reads
 * through inside words), after which the
 * typographic apostrophes U+2019 U+2018 become ' and the hyphen U+2010
 * becomes -, so Syria’s and Syria's, al‐Hajr and al-Hajr fold alike.
 * A dotted abbreviation that lost its final dot (U.S-backed -> "U.S") gets
 * it back in the norm: "u.s.".
 *
 * Stems: Snowball "english" (libstemmer) on the norm; tokens with a digit
 * and no-space-script characters keep their norm as stem, and so does any
 * token the stemmer would empty (the clitic 's) or longer than STEM_MAXLEN. Stemming and stopword
 * lookup are memoised per analyser in an open-addressing table keyed by the
 * norm's XXH3 hash (the norm hash is needed for the token anyway); the table
 * is emptied when half full, so memory stays bounded on endless input.
 */
#include <string.h>
#include <stdlib.h>
#include <libstemmer.h>
#include <utf8proc.h>

#include "common/common.h"
#include "text/text_int.h"

/* ---- analyser state --------------------------------------------------- */

/* The stem cache holds up to 64k words (1 MB of slots a thread), cleared
 * when half full. At 15 bits the generated 20k corpus (built from T17's
 * sentences) missed 1.5M of 22M tokens and cleared 90 times; at 17 bits it
 * misses under 0.1M and clears once (a miss runs the Snowball stemmer). */
#define STEM_CACHE_BITS 17
#define STEM_CACHE_MAXKEY 48
#define STEM_MAXLEN 256

/* Slot of the stem cache: a tag (high half of the norm hash, never 0 in a
 * used slot) and where the record lives in the arena. A record is
 *   [stem_hash u64][key_len u16][stem_len u16][stop u8][key bytes][stem bytes]
 * so one lookup touches the 8-byte slot and one contiguous record. */
typedef struct stem_ent {
    uint32_t tag;
    uint32_t rec;
} stem_ent;

#define REC_HDR 13
struct sl_text {
    struct sb_stemmer *stemmer;
    stem_ent *tab;        /* 1 << STEM_CACHE_BITS slots */
    size_t used;
    struct { char *v; size_t n, cap; } arena;
};

sl_text *sl_text_new(const char *lang)
{
    (void)lang;   /* only English is supported; others fall back to it */
    sl_text *t = sl_calloc(1, sizeof *t);
    if (!t) return NULL;
    t->stemmer = sb_stemmer_new("english", "UTF_8");
    t->tab = sl_calloc((size_t)1 << STEM_CACHE_BITS, sizeof *t->tab);
    if (!t->stemmer || !t->tab) {
        sl_text_free(t);
        return NULL;
    }
    return t;
}

void sl_text_free(sl_text *t)
{
    if (!t) return;
    if (t->stemmer) sb_stemmer_delete(t->stemmer);
    sl_free(t->tab);
    sl_free(t->arena.v);
    sl_free(t);
}

void sl_doc_reset(sl_doc *d)
{
    d->toks.n = d->sents.n = d->strings.n = 0;
}

void sl_doc_free(sl_doc *d)
{
    if (!d) return;
    sl_free(d->toks.v);
    sl_free(d->sents.v);
    sl_free(d->strings.v);
    memset(d, 0, sizeof *d);
}

/* ---- folding ---------------------------------------------------------- */

/* A byte vector seen through pointers to its fields (sl_doc.strings or a
 * local one); passed by pointer, never by value, on the hot path. */
typedef struct strvec { char **v; size_t *n, *cap; } strvec;

static inline int sv_grow(const strvec *sv, size_t need)
{
    if (*sv->n + need <= *sv->cap) return 0;
    return sl_vec_grow_((void **)sv->v, sv->cap, *sv->n, need, 1);
}

/* SL_VEC_GROW without the call when there is room (hot path). */
#define GROW(vec, need) \
    ((vec)->n + (need) <= (vec)->cap ? 0 : SL_VEC_GROW(vec, need))
#define PUSH(vec, x) (GROW(vec, 1) ? -1 : ((vec)->v[(vec)->n++] = (x), 0))

/* Appends the fold of s[0..len) (no NUL) to sv; returns 0 or -1. */
static int fold_append(const strvec *sv, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && !((unsigned char)s[i] & 0x80)) i++;
    if (i == len) {
        if (sv_grow(sv, len + 2)) return -1;
        char *o = *sv->v + *sv->n;
        for (i = 0; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            o[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        *sv->n += len;
        return 0;
    }
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t ml = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
                                       UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT
                                       | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    if (ml < 0) {   /* invalid UTF-8 (unrepaired input): keep the bytes */
        if (sv_grow(sv, len + 2)) return -1;
        memcpy(*sv->v + *sv->n, s, len);
        *sv->n += len;
        return 0;
    }
    if (sv_grow(sv, (size_t)ml + 2)) { free(m); return -1; }
    char *o = *sv->v + *sv->n;
    size_t j = 0;
    for (utf8proc_ssize_t k = 0; k < ml; k++) {
        if (k + 2 < ml && m[k] == 0xE2 && m[k + 1] == 0x80
            && (m[k + 2] == 0x98 || m[k + 2] == 0x99 || m[k + 2] == 0x90)) {
            o[j++] = m[k + 2] == 0x90 ? '-' : '\'';
            k += 2;
            continue;
        }
        o[j++] = (char)m[k];
    }
    free(m);   /* utf8proc allocates with malloc */
    *sv->n += j;
    return 0;
}

char *sl_text_fold(const char *s, size_t len)
{
    char *v = NULL;
    size_t n = 0, cap = 0;
    strvec sv = { &v, &n, &cap };
    if (fold_append(&sv, s ? s : "", s ? len : 0) || sv_grow(&sv, 1)) {
        sl_free(v);
        return NULL;
    }
    v[n] = 0;
    return v;
}

/* ---- stems ------------------------------------------------------------ */

typedef struct stem_res {
    const char *stem;
    size_t len;
    uint64_t hash;
    int stop;
} stem_res;

static void cache_clear(sl_text *t)
{
    memset(t->tab, 0, ((size_t)1 << STEM_CACHE_BITS) * sizeof *t->tab);
    t->used = 0;
    t->arena.n = 0;
}

/* Computes stem and stopword flag of `norm` without the cache. */
static void stem_compute(sl_text *t, const char *norm, size_t len, uint32_t flags,
                         uint64_t h, stem_res *r)
{
    r->stem = norm, r->len = len, r->hash = h, r->stop = 0;
    if (flags & (SL_TOK_NUM | SL_TOK_CJK)) return;
    r->stop = sl_stopword_len(norm, len);
    if (len > STEM_MAXLEN) return;   /* not a word: keep it whole */
    const sb_symbol *st = sb_stemmer_stem(t->stemmer, (const sb_symbol *)norm, (int)len);
    int sl = sb_stemmer_length(t->stemmer);
    if (!st || sl <= 0 || ((size_t)sl == len && memcmp(st, norm, len) == 0)) return;
    r->stem = (const char *)st;
    r->len = (size_t)sl;
    r->hash = sl_hash64(st, (size_t)sl);
}

/* Stem of norm through the cache. r->stem may point into the stemmer or
 * arena; copy it before the next call. Returns 0 (caching is best effort). */
static int stem_of(sl_text *t, const char *norm, size_t len, uint32_t flags, uint64_t h,
                   stem_res *r)
{
    size_t mask = ((size_t)1 << STEM_CACHE_BITS) - 1, i = (size_t)h & mask;
    uint32_t tag = (uint32_t)(h >> 32) | 1;
    /* numbers and CJK characters are not stemmed: no lookup, and they
     * would only crowd words out of the cache */
    if (len > STEM_CACHE_MAXKEY || (flags & (SL_TOK_NUM | SL_TOK_CJK))) {
        stem_compute(t, norm, len, flags, h, r);
        return 0;
    }
    for (; t->tab[i].tag; i = (i + 1) & mask) {
        if (t->tab[i].tag != tag) continue;
        const unsigned char *rec = (const unsigned char *)t->arena.v + t->tab[i].rec;
        uint16_t kl, sl;
        memcpy(&kl, rec + 8, 2);
        if (kl != len || memcmp(rec + REC_HDR, norm, len) != 0) continue;
        memcpy(&sl, rec + 10, 2);
        memcpy(&r->hash, rec, 8);
        r->stop = rec[12];
        r->stem = (const char *)rec + REC_HDR + kl;
        r->len = sl;
        return 0;
    }
    stem_compute(t, norm, len, flags, h, r);
    if (t->used * 2 >= mask || r->len > 0xFFFF) return 0;   /* full: cleared next call */
    size_t need = REC_HDR + len + r->len;
    if (SL_VEC_GROW(&t->arena, need)) return 0;
    unsigned char *rec = (unsigned char *)t->arena.v + t->arena.n;
    uint16_t kl = (uint16_t)len, sl = (uint16_t)r->len;
    memcpy(rec, &r->hash, 8);
    memcpy(rec + 8, &kl, 2);
    memcpy(rec + 10, &sl, 2);
    rec[12] = (unsigned char)r->stop;
    memcpy(rec + REC_HDR, norm, len);
    memcpy(rec + REC_HDR + len, r->stem, r->len);
    r->stem = (const char *)rec + REC_HDR + len;
    t->tab[i].tag = tag;
    t->tab[i].rec = (uint32_t)t->arena.n;
    t->arena.n += need;
    t->used++;
    return 0;
}

/* ---- tokens ----------------------------------------------------------- */

/* Tokens are finished in batches: emit_token folds and hashes a token and
 * prefetches its stem-cache slot; finish_stems then, for the batch, first
 * prefetches the cache record each slot points at and only then looks the
 * stems up. The cache (1 MB of slots, a few MB of records) does not fit in
 * L2, and one token at a time the lookup waited on two dependent misses:
 * they were ~70% of emit_token's samples (perf, bench_add g20k). */
#define STEM_BATCH 16

typedef struct actx {
    sl_text *t;
    sl_doc *d;
    const char *text;
    strvec sv;            /* d->strings */
    size_t pend;          /* first token of d->toks whose stem is not looked up yet */
    size_t plen[STEM_BATCH]; /* norm lengths of the pending tokens */
} actx;

static int put_str(sl_doc *d, const char *s, size_t n, uint32_t *off)
{
    if (GROW(&d->strings, n + 1)) return -1;
    memcpy(d->strings.v + d->strings.n, s, n);
    *off = (uint32_t)d->strings.n;
    d->strings.n += n;
    d->strings.v[d->strings.n++] = 0;
    return 0;
}

static int stem_cached(uint32_t flags, size_t len)
{
    return len <= STEM_CACHE_MAXKEY && !(flags & (SL_TOK_NUM | SL_TOK_CJK));
}

/* Stems, stopword flags and stem strings of tokens [c->pend, d->toks.n). */
static int finish_stems(actx *c)
{
    sl_doc *d = c->d;
    sl_text *t = c->t;
    size_t mask = ((size_t)1 << STEM_CACHE_BITS) - 1;
    for (size_t k = c->pend; k < d->toks.n; k++) {
        const sl_token *tk = &d->toks.v[k];
        const stem_ent *se = &t->tab[(size_t)tk->hash & mask];
        if (se->tag && stem_cached(tk->flags, c->plen[k - c->pend]))
            __builtin_prefetch(t->arena.v + se->rec);
    }
    for (size_t k = c->pend; k < d->toks.n; k++) {
        sl_token *tk = &d->toks.v[k];
        size_t len = c->plen[k - c->pend];
        const char *norm = d->strings.v + tk->norm;
        stem_res r;
        if (stem_of(t, norm, len, tk->flags, tk->hash, &r)) return -1;
        if (r.stop) tk->flags |= SL_TOK_STOP;
        if (r.stem != norm && (r.len != len || memcmp(r.stem, norm, len) != 0)) {
            tk->stem_hash = r.hash;
            if (put_str(d, r.stem, r.len, &tk->stem)) return -1;
        }
    }
    c->pend = d->toks.n;
    return 0;
}

/* Folds and hashes one token; its stem follows in finish_stems. */
static int emit_token(void *vctx, const sl_rawtok *rt)
{
    actx *c = vctx;
    sl_doc *d = c->d;
    if (GROW(&d->toks, 1)) return -1;
    uint32_t off = (uint32_t)d->strings.n;
    if (fold_append(&c->sv, c->text + rt->start, rt->end - rt->start)) return -1;
    if (rt->dotted && d->strings.v[d->strings.n - 1] != '.') d->strings.v[d->strings.n++] = '.';
    size_t len = d->strings.n - off;
    d->strings.v[d->strings.n++] = 0;
    sl_token *tk = &d->toks.v[d->toks.n++];
    tk->start = rt->start;
    tk->end = rt->end;
    tk->norm = tk->stem = off;
    tk->flags = rt->flags;
    tk->sent = 0;
    tk->hash = tk->stem_hash = sl_hash64(d->strings.v + off, len);
    c->plen[d->toks.n - 1 - c->pend] = len;
    if (stem_cached(tk->flags, len))
        __builtin_prefetch(&c->t->tab[(size_t)tk->hash & (((size_t)1 << STEM_CACHE_BITS) - 1)]);
    return d->toks.n - c->pend >= STEM_BATCH ? finish_stems(c) : 0;
}

/* ---- analysis --------------------------------------------------------- */

static int is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static int analyze_line(actx *c, sl_split *sp, size_t a, size_t z)
{
    while (a < z && is_blank((unsigned char)c->text[a])) a++;
    while (z > a && is_blank((unsigned char)c->text[z - 1])) z--;
    size_t b = c->d->toks.n;
    if (a < z && (sl_tokenize_span(c->text, a, z, emit_token, c) || finish_stems(c))) return -1;
    return sl_split_line(sp, (uint32_t)a, (uint32_t)z, b, c->d->toks.n);
}

static int analyze_region(actx *c, sl_split *sp, size_t a, size_t z)
{
    while (a < z) {
        const char *nl = memchr(c->text + a, '\n', z - a);
        size_t le = nl ? (size_t)(nl - c->text) : z;
        if (analyze_line(c, sp, a, le)) return -1;
        a = le + 1;
    }
    return 0;
}

int sl_text_analyze(sl_text *t, const char *text, size_t len,
                    const sl_region *regions, size_t nregions, sl_doc *out)
{
    sl_doc_reset(out);
    if (!t || (!text && len) || len >= UINT32_MAX) return -1;
    if (t->used * 2 >= ((size_t)1 << STEM_CACHE_BITS) - 1) cache_clear(t);
    /* room for the usual case up front (about a token per 6 bytes, norms
     * and stems about the text's size, a sentence per 120 bytes): growing
     * by doubling copied each vector several times per article */
    if (GROW(&out->toks, len / 6 + 16) || GROW(&out->strings, len + len / 4 + 64) ||
        GROW(&out->sents, len / 120 + 4))
        return -1;
    actx c = { t, out, text, { &out->strings.v, &out->strings.n, &out->strings.cap }, 0, {0} };
    sl_split sp = { .text = text, .d = out, .prev_terminal = 1 };
    sl_region whole = { 0, (uint32_t)len };
    if (!regions || !nregions) regions = &whole, nregions = 1;
    size_t done = 0;
    for (size_t k = 0; k < nregions; k++) {
        size_t a = SL_MAX((size_t)regions[k].start, done), z = SL_MIN((size_t)regions[k].end, len);
        if (a >= z) continue;
        if (analyze_region(&c, &sp, a, z)) return -1;
        done = z;
    }
    sl_split_finish(&sp);
    return 0;
}
