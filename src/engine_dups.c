/*
 * engine_dups.c - copies and rewrites: exact, near-duplicate and
 * partial-reuse detection, incremental, with verified scores.
 *
 * Design notes
 *
 *  Per article, on a worker (pure):  tokens -> k-shingles (sorted set) ->
 *  MinHash signature -> LSH band keys; winnowing fingerprints. The encoded
 *  sketch blob is saved in the store (table sketches), with the hash of
 *  the token sequence (equal hashes = exact copy).
 *
 *  Per article, on the writer, in input order (query + insert = one step,
 *  so a stream behaves like a batch):
 *
 *      band keys ──► bands index ──┐
 *                                  ├─► candidates ─► prune ─► verify ─► edges
 *      fingerprints ─► fp index ───┘     (cheap)      (exact sets)
 *
 *  - Candidates: every article sharing an LSH band (near duplicates: the
 *    bands are chosen so P(candidate | J = near bound) >= 0.99), and every
 *    article sharing fingerprints (partial reuse; winnowing guarantees a
 *    shared fingerprint for any shared run of w+k-1 tokens).
 *  - Fingerprints held by more than `dup-fp-cap` articles are boilerplate
 *    or stock phrases: their postings stop growing and they no longer
 *    propose candidates.
 *  - Prune: a fingerprint-only candidate needs >= 2 shared fingerprints
 *    and a shared share of at least dup-fp-prune of the smaller article's
 *    fingerprints (the fingerprint share under-reads containment, ~0.5 for
 *    0.6 on the seeds, so the prune sits far below the reuse bound). Any
 *    candidate whose set sizes rule out an edge is dropped (exact bound,
 *    sizes_allow()).
 *  - Lookups in the two indexes are prefetched in a pipeline (slot, list
 *    header, postings): at 100,000 articles the tables are hundreds of MB,
 *    and candidate gathering was mostly waiting on memory.
 *  - Verify: the exact shingle sets of both articles (the candidate's from
 *    a cache of the 4,096 most recent articles, else read from its stored shingle set)
 *    give the true Jaccard and containments. Nothing reported is an
 *    estimate. An edge is stored when Jaccard >= dup-floor, or when the
 *    larger containment >= dup-floor and at least sketch.min_shared
 *    shingles are shared (two 181-character footers "contained" in 900
 *    articles are not 1,800 reuses).
 *
 *  Memory: the two indexes hold ~1.5 KB per article (see fpindex.h), plus
 *  4 bytes per article (fingerprint and shingle counts) and the cache of recent sets.
 *  The index is loaded from the stored sketches when the engine opens (no
 *  text is re-read or re-sketched).
 */
#include "dups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/map64.h"
#include "engine.h"
#include "sketch/fpindex.h"

enum { CACHE = 4096 };

struct sl_dup_worker {
    sl_sketcher *sk;
    sl_sketch_params p;
    int bands;   /* LSH band keys an article gets */
    struct { uint64_t *v; size_t n, cap; } tok;
    struct { uint32_t *v; size_t n, cap; } tmp;   /* radix sort scratch, reused */
};

typedef struct cache_ent {
    int64_t seq;
    uint32_t *set;
    size_t n;
} cache_ent;

typedef struct art_size {
    uint16_t fps, shingles;
} art_size;

struct sl_dupindex {
    sl_engine *e;
    sl_sketch_params p;
    int bands, rows;
    sl_fpindex bands_ix, fp_ix;
    /* per article, by seq, saturating at UINT16_MAX: fingerprints, distinct shingles */
    struct { art_size *v; size_t n, cap; } size;
    cache_ent cache[CACHE];                       /* by seq % CACHE */
    double floor, prune;
    struct { uint16_t *v; size_t n, cap; } cnt;      /* candidate counts, by seq */
    struct { uint64_t *v; size_t n, cap; } norm;     /* token-sequence hash, by seq */
    sl_map64 first;                                  /* token-sequence hash -> first seq with it */
    struct { uint32_t *v; size_t n, cap; } touched;  /* seqs with cnt != 0 */
    /* counters, printed at close when SL_DEBUG_DUPS is set */
    uint64_t n_art, n_post, n_cand, n_verify, n_miss, n_probe, n_edge;
    int debug;                                        /* SL_DEBUG_DUPS: also time the steps */
    double t_cand, t_verify, t_put, t_index;          /* CPU seconds, when debug */
};

/* ---- per article (workers) ------------------------------------------------- */

void sl_dup_art_free(sl_dup_art *a)
{
    if (!a)
        return;
    sl_free(a->set);
    sl_free(a->keys);
    sl_free(a->blob);
    sl_sketch_free(&a->sk);
    memset(a, 0, sizeof *a);
}

int sl_dup_worker_new(sl_dup_worker **out, const sl_sketch_params *p)
{
    *out = NULL;
    sl_dup_worker *w = sl_calloc(1, sizeof *w);
    if (!w)
        return SL_ENOMEM;
    w->p = *p;
    int rows;
    if (sl_sketch_params_bands(p, &w->bands, &rows) != SL_SKETCH_OK || sl_sketcher_new(&w->sk, p) != SL_SKETCH_OK) {
        sl_free(w);
        return SL_EINVAL;
    }
    *out = w;
    return SL_OK;
}

void sl_dup_worker_free(sl_dup_worker *w)
{
    if (!w)
        return;
    sl_sketcher_free(w->sk);
    sl_free(w->tok.v);
    sl_free(w->tmp.v);
    sl_free(w);
}

int sl_doc_token_hashes(const sl_doc *doc, uint64_t **out, size_t *n)
{
    *out = sl_malloc((doc->toks.n ? doc->toks.n : 1) * sizeof **out);
    if (!*out)
        return SL_ENOMEM;
    for (size_t i = 0; i < doc->toks.n; i++)
        (*out)[i] = doc->toks.v[i].hash;
    *n = doc->toks.n;
    return SL_OK;
}

/* The verification set: the top 32 bits of each distinct shingle, sorted.
 * Two different shingles collide with probability 2^-32, so over the ~10^6
 * shingle pairs of two articles about 2e-4 false shared shingles are
 * expected: the scores are exact to that (and the exact mode, which the
 * benchmark compares against, uses the full 64 bits). 32 bits halve the
 * memory, radix-sort in four 8-bit passes, and store in 4 bytes a shingle. */

int sl_dup_analyze(sl_dup_worker *w, const sl_doc *doc, sl_dup_art *a)
{
    memset(a, 0, sizeof *a);
    w->tok.n = 0;
    if (SL_VEC_GROW(&w->tok, doc->toks.n + 1))
        return SL_ENOMEM;
    for (size_t i = 0; i < doc->toks.n; i++)
        w->tok.v[i] = doc->toks.v[i].hash;
    w->tok.n = doc->toks.n;
    a->ntok = doc->toks.n;
    a->norm_hash = sl_hash64(w->tok.v, w->tok.n * sizeof *w->tok.v);
    a->keys = sl_malloc((size_t)(w->bands > 0 ? w->bands : 1) * sizeof *a->keys);
    if (!a->keys)
        return SL_ENOMEM;
    if (sl_sketcher_run(w->sk, &a->sk, a->keys, &a->nkeys, w->tok.v, w->tok.n) != SL_SKETCH_OK)
        return SL_ENOMEM;
    /* verification set: top 32 bits of each shingle (the sketcher's, not
     * hashed a second time), radix-sorted, unique */
    size_t ns;
    const uint64_t *sh = sl_sketcher_shingles(w->sk, &ns);
    uint32_t *v = sl_malloc((ns ? ns : 1) * sizeof *v);
    if (!v || SL_VEC_GROW(&w->tmp, ns + 1)) {
        sl_free(v);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < ns; i++)
        v[i] = (uint32_t)(sh[i] >> 32);
    sl_radix_u32(v, w->tmp.v, ns);
    size_t m = 0;
    for (size_t i = 0; i < ns; i++)
        if (!m || v[m - 1] != v[i])
            v[m++] = v[i];
    a->set = v;
    a->nset = m;
    size_t bcap = sl_sketch_encoded_size(&a->sk);
    a->blob = sl_malloc(bcap ? bcap : 1);
    if (!a->blob || sl_sketch_encode(a->blob, bcap, &a->blob_len, &a->sk) != SL_SKETCH_OK)
        return SL_ENOMEM;
    return SL_OK;
}

/* ---- regions of a stored article ------------------------------------------------ */

int sl_regions_from_removed(const char *text, size_t len, const uint32_t *removed, size_t nremoved,
                            sl_region_vec *out)
{
    size_t r = 0, i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t a = i, b = end;
        while (a < b && (text[a] == ' ' || text[a] == '\t'))
            a++;
        while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t'))
            b--;
        while (r < nremoved && removed[3 * r] < a)
            r++;
        if (b > a) {
            sl_region rg = {(uint32_t)a, (uint32_t)b};
            if (r < nremoved && removed[3 * r] == a) {
                rg.start = removed[3 * r + 1]; /* whole line, or a code before text */
                r++;
            }
            if (rg.start < rg.end && SL_VEC_PUSH(out, rg))
                return SL_ENOMEM;
        }
        i = end + 1;
    }
    return SL_OK;
}

int sl_dups_reanalyze(sl_engine *e, sl_text *tx, int64_t seq, sl_doc *doc, char **text, size_t *len)
{
    uint32_t *removed;
    size_t nremoved;
    int rc = sl_store_text(e->store, seq, text, len, &removed, &nremoved);
    if (rc != SL_OK)
        return rc == SL_ENOTFOUND ? rc : sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    sl_region_vec rg = {0};
    rc = sl_regions_from_removed(*text, *len, removed, nremoved, &rg);
    if (rc == SL_OK && sl_text_analyze(tx, *text, *len, rg.v, rg.n, doc))
        rc = SL_ENOMEM;
    sl_free(rg.v);
    sl_free(removed);
    return rc;
}

/* ---- the index --------------------------------------------------------------- */

static inline uint32_t key32(uint64_t h) { return (uint32_t)(h ^ (h >> 32)); }

static int remember_norm(sl_dupindex *d, int64_t seq, uint64_t norm)
{
    while (d->norm.n <= (size_t)seq)
        if (SL_VEC_PUSH(&d->norm, 0))
            return SL_ENOMEM;
    d->norm.v[seq] = norm;
    int fresh;
    uint64_t *f = sl_map64_put(&d->first, norm, &fresh);
    if (!f)
        return SL_ENOMEM;
    if (fresh)
        *f = (uint64_t)seq;
    return SL_OK;
}

static int index_add(sl_dupindex *d, int64_t seq, const sl_sketch *sk, const uint64_t *keys, size_t nkeys)
{
    uint32_t id = (uint32_t)seq;
    for (size_t i = 0; i < nkeys; i++)
        if (sl_fpindex_add(&d->bands_ix, key32(keys[i]), id))
            return SL_ENOMEM;
    for (size_t i = 0; i < sk->fps.n && i < 8; i++)
        sl_fpindex_prefetch(&d->fp_ix, key32(sk->fps.v[i].hash), 0);
    for (size_t i = 0; i < sk->fps.n; i++) {
        if (i + 8 < sk->fps.n)
            sl_fpindex_prefetch(&d->fp_ix, key32(sk->fps.v[i + 8].hash), 0);
        if (sl_fpindex_add(&d->fp_ix, key32(sk->fps.v[i].hash), id))
            return SL_ENOMEM;
    }
    while (d->size.n <= (size_t)seq)
        if (SL_VEC_PUSH(&d->size, ((art_size){0, 0})))
            return SL_ENOMEM;
    d->size.v[seq] = (art_size){(uint16_t)SL_MIN(sk->fps.n, (size_t)UINT16_MAX),
                                (uint16_t)SL_MIN(sk->nshingles, (uint64_t)UINT16_MAX)};
    return SL_OK;
}

static int decode(sl_dupindex *d, const void *blob, size_t len, sl_sketch *sk)
{
    sl_sketch_params found;
    int rc = sl_sketch_decode(sk, &found, blob, len, &d->p);
    if (rc == SL_SKETCH_OK)
        return SL_OK;
    if (rc == SL_SKETCH_EPARAMS) {
        char why[256];
        sl_sketch_params_mismatch(&found, &d->p, why, sizeof why);
        return sl_engine_fail(d->e, SL_EPARAMS, "database sketches were %s", why);
    }
    return sl_engine_fail(d->e, SL_EIO, "damaged sketch in the database: %s", sl_sketch_strerror(rc));
}

static int load_one(void *ud, int64_t seq, uint64_t norm_hash, const void *blob, size_t len)
{
    sl_dupindex *d = ud;
    if (remember_norm(d, seq, norm_hash) != SL_OK)
        return SL_ENOMEM;
    sl_sketch sk = {0};
    int rc = decode(d, blob, len, &sk);
    uint64_t keys[1024];
    size_t nkeys = 0;
    if (rc == SL_OK && sl_sketch_band_keys(keys, &nkeys, &sk, &d->p) != SL_SKETCH_OK)
        rc = SL_ENOMEM;
    if (rc == SL_OK)
        rc = index_add(d, seq, &sk, keys, nkeys);
    sl_sketch_free(&sk);
    return rc;
}

/* The format parameters in force, as text for the meta table. */
static void params_text(const sl_sketch_params *p, char *out, size_t cap)
{
    snprintf(out, cap, "k=%d perms=%d method=%d w=%d seed=%llu", p->k, p->perms, p->method, p->w,
             (unsigned long long)p->seed);
}

static int check_params(sl_dupindex *d)
{
    char have[256], want[256];
    params_text(&d->p, want, sizeof want);
    int rc = sl_store_meta_get(d->e->store, "sketch_params", have, sizeof have);
    if (rc < 0)
        return sl_engine_fail(d->e, rc, "%s", sl_store_errmsg(d->e->store));
    if (rc == 0)
        return sl_store_meta_set(d->e->store, "sketch_params", want) == SL_OK
                   ? SL_OK
                   : sl_engine_fail(d->e, SL_EIO, "%s", sl_store_errmsg(d->e->store));
    if (strcmp(have, want) != 0)
        return sl_engine_fail(d->e, SL_EPARAMS,
                              "database was built with sketch parameters '%s' but opened with '%s';"
                              " open it with the same --set sketch.* values", have, want);
    return SL_OK;
}

static int engine_sketch_params(sl_engine *e, sl_sketch_params *p)
{
    sl_sketch_params_default(p);
    size_t n;
    const sl_sketch_param_info *info = sl_sketch_param_table(&n);
    for (size_t i = 0; i < n; i++) {
        char name[64];
        snprintf(name, sizeof name, "sketch.%s", info[i].name);
        size_t ix = sl_param_index(name);
        if (ix != (size_t)-1 && sl_sketch_param_set(p, info[i].name, e->opt.v[ix]) != SL_SKETCH_OK)
            return sl_engine_fail(e, SL_EINVAL, "bad value for %s", name);
    }
    char err[256];
    if (sl_sketch_params_check(p, err, sizeof err) != SL_SKETCH_OK)
        return sl_engine_fail(e, SL_EINVAL, "sketch parameters: %s", err);
    return SL_OK;
}

int sl_dups_open(sl_dupindex **out, sl_engine *e)
{
    *out = NULL;
    sl_dupindex *d = sl_calloc(1, sizeof *d);
    if (!d)
        return SL_ENOMEM;
    d->e = e;
    d->debug = getenv("SL_DEBUG_DUPS") ? atoi(getenv("SL_DEBUG_DUPS")) : 0;
    int rc = engine_sketch_params(e, &d->p);
    if (rc == SL_OK && sl_sketch_params_bands(&d->p, &d->bands, &d->rows) != SL_SKETCH_OK)
        rc = sl_engine_fail(e, SL_EINVAL, "cannot choose LSH bands for these parameters");
    sl_fpindex_init(&d->bands_ix, (uint32_t)SL_OPT(e, SL_OPT_DUP_BAND_CAP));
    sl_fpindex_init(&d->fp_ix, (uint32_t)SL_OPT(e, SL_OPT_DUP_FP_CAP));
    d->floor = SL_OPT(e, SL_OPT_DUP_FLOOR);
    d->prune = SL_OPT(e, SL_OPT_DUP_FP_PRUNE);
    if (rc == SL_OK)
        rc = check_params(d);
    if (rc == SL_OK)
        rc = sl_store_sketches_each(e->store, load_one, d);
    if (rc != SL_OK) {
        if (!e->err[0])
            sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
        sl_dups_free(d);
        return rc;
    }
    *out = d;
    return SL_OK;
}

void sl_dups_free(sl_dupindex *d)
{
    if (!d)
        return;
    if (d->debug)
        fprintf(stderr, "dups: %llu articles, %llu postings, %llu candidates, %llu verified, %llu set reads, %llu probed, %llu edges;"
                " CPU s: candidates %.2f, verify %.2f, store sketch %.2f, index %.2f\n",
                (unsigned long long)d->n_art, (unsigned long long)d->n_post, (unsigned long long)d->n_cand,
                (unsigned long long)d->n_verify, (unsigned long long)d->n_miss, (unsigned long long)d->n_probe,
                (unsigned long long)d->n_edge, d->t_cand, d->t_verify, d->t_put, d->t_index);
    if (d->debug)
        fprintf(stderr, "dups: band index %zu keys in %zu slots, %.1f MB; fingerprint index %zu keys in %zu slots, %.1f MB\n",
                d->bands_ix.n, d->bands_ix.cap, sl_fpindex_bytes(&d->bands_ix) / 1e6, d->fp_ix.n, d->fp_ix.cap,
                sl_fpindex_bytes(&d->fp_ix) / 1e6);
    sl_fpindex_free(&d->bands_ix);
    sl_fpindex_free(&d->fp_ix);
    sl_free(d->size.v);
    sl_free(d->cnt.v);
    sl_free(d->norm.v);
    sl_map64_free(&d->first);
    sl_free(d->touched.v);
    for (int i = 0; i < CACHE; i++)
        sl_free(d->cache[i].set);
    sl_free(d);
}

const sl_sketch_params *sl_dups_params(const sl_dupindex *d) { return &d->p; }

/* ---- verification ---------------------------------------------------------------- */

static void cache_put(sl_dupindex *d, int64_t seq, uint32_t *set, size_t n)
{
    cache_ent *c = &d->cache[seq % CACHE];
    sl_free(c->set);
    c->seq = seq;
    c->set = set;
    c->n = n;
}

/* The shingle set of a stored article (cached, else read from the store). */
static int get_set(sl_dupindex *d, int64_t seq, const uint32_t **set, size_t *n)
{
    cache_ent *c = &d->cache[seq % CACHE];
    if (c->set && c->seq == seq) {
        *set = c->set;
        *n = c->n;
        return SL_OK;
    }
    uint32_t *s;
    size_t ns;
    d->n_miss++;
    int rc = sl_store_shset_get(d->e->store, seq, &s, &ns);
    if (rc != SL_OK)
        return rc == SL_ENOTFOUND ? rc : sl_engine_fail(d->e, rc, "%s", sl_store_errmsg(d->e->store));
    cache_put(d, seq, s, ns);
    *set = s;
    *n = ns;
    return SL_OK;
}

typedef struct cand {
    uint32_t id;
    uint32_t fps;   /* shared fingerprints */
    int lsh;        /* shares an LSH band */
} cand;

static int cmp_cand(const void *a, const void *b)
{
    uint32_t x = ((const cand *)a)->id, y = ((const cand *)b)->id;
    return x < y ? -1 : x > y;
}

/* Gathers candidates of article a. Counting goes through a direct-mapped
 * array indexed by article (2 bytes an article, top bit = shares an LSH
 * band) and a list of the touched entries, which is much cheaper than a
 * hash map at hundreds of postings an article. The order of candidates
 * does not matter: each is verified on its own. */
#define CNT_LSH 0x8000u

/* Index lookups are prefetched in a pipeline: the slot of the key 12
 * ahead, the list header of the key 8 ahead (its slot has landed), the
 * postings of the key 4 ahead. The tables are far bigger than the cache. */
enum { PF_SLOT = 12, PF_HEAD = 8, PF_LIST = 4 };

static inline void prefetch_key(const sl_dupindex *d, const sl_dup_art *a, size_t i, int stage)
{
    if (i < a->nkeys)
        sl_fpindex_prefetch(&d->bands_ix, key32(a->keys[i]), stage);
    else
        sl_fpindex_prefetch(&d->fp_ix, key32(a->sk.fps.v[i - a->nkeys].hash), stage);
}

static int candidates(sl_dupindex *d, int64_t seq, const sl_dup_art *a, cand **out, size_t *nout)
{
    while (d->cnt.n <= (size_t)seq)
        if (SL_VEC_PUSH(&d->cnt, 0))
            return SL_ENOMEM;
    d->touched.n = 0;
    size_t nk = a->nkeys + a->sk.fps.n;
    for (size_t i = 0; i < nk && i < PF_SLOT; i++)
        prefetch_key(d, a, i, 0);
    for (size_t i = 0; i < nk; i++) {
        int is_band = i < a->nkeys;
        const uint32_t *ids;
        int capped;
        if (i + PF_SLOT < nk)
            prefetch_key(d, a, i + PF_SLOT, 0);
        if (i + PF_HEAD < nk)
            prefetch_key(d, a, i + PF_HEAD, 1);
        if (i + PF_LIST < nk)
            prefetch_key(d, a, i + PF_LIST, 2);
        size_t n = is_band ? sl_fpindex_get(&d->bands_ix, key32(a->keys[i]), &ids, &capped)
                           : sl_fpindex_get(&d->fp_ix, key32(a->sk.fps.v[i - a->nkeys].hash), &ids, &capped);
        if (capped)
            continue; /* boilerplate or stock phrase */
        d->n_post += n;
        for (size_t k = 0; k < n; k++) {
            uint32_t id = ids[k];
            if ((int64_t)id == seq || id >= d->cnt.n)
                continue;
            uint16_t *c = &d->cnt.v[id];
            if (!*c && SL_VEC_PUSH(&d->touched, id))
                return SL_ENOMEM;
            if (is_band)
                *c |= CNT_LSH;
            else if ((*c & ~CNT_LSH) < 0x7fff)
                ++*c;
            if (!*c)
                *c = 1; /* never 0 once touched */
        }
    }
    struct { cand *v; size_t n, cap; } cs = {0};
    if (SL_VEC_GROW(&cs, d->touched.n + 1))
        return SL_ENOMEM;
    for (size_t i = 0; i < d->touched.n; i++) {
        uint32_t id = d->touched.v[i];
        uint16_t c = d->cnt.v[id];
        d->cnt.v[id] = 0;
        cs.v[cs.n++] = (cand){id, c & ~CNT_LSH, (c & CNT_LSH) != 0};
    }
    *out = cs.v;
    *nout = cs.n;
    return SL_OK;
}

/* Can the pair reach an edge at all, judging by set sizes alone? An edge
 * needs Jaccard >= floor, which needs small/large >= floor, or min_shared
 * shared shingles, which needs small >= min_shared. The sizes are the
 * sketches' distinct 64-bit shingle counts; the verification sets (32-bit)
 * can only be smaller, by a 32-bit collision (~1e-4 per article), so the
 * larger side gets a slack and the test never drops a pair that could pass.
 * A stored count of UINT16_MAX means "at least that": it only weakens the
 * test (the new article's own count is exact).
 * This is what keeps a short article that shares a sentence with dozens of
 * long ones from verifying them all (the latency tail of the generated
 * corpus). */
static int sizes_allow(const sl_dupindex *d, size_t nsh_a, uint32_t b)
{
    size_t nsh_b = b < d->size.n ? d->size.v[b].shingles : UINT16_MAX;
    if (!nsh_a || !nsh_b)
        return 1;
    size_t small = SL_MIN(nsh_a, nsh_b), large = SL_MAX(nsh_a, nsh_b);
    if (small >= (size_t)d->p.min_shared)
        return 1;
    double slack = 2.0 + (double)large / 1000.0;
    return (double)small >= d->floor * ((double)large - slack);
}

static int worth_verifying(const sl_dupindex *d, const cand *c, size_t nfp_a, size_t nsh_a)
{
    if (!sizes_allow(d, nsh_a, c->id))
        return 0;
    if (c->lsh)
        return 1;
    size_t nfp_b = c->id < d->size.n ? d->size.v[c->id].fps : 0;
    size_t small = SL_MIN(nfp_a, nfp_b);
    if (small <= 2)
        return c->fps >= 1;
    return c->fps >= 2 && c->fps >= d->prune * (double)small;
}

/* Is the candidate's set better probed in the store than read whole? When
 * it is not cached, holds at least PROBE_MIN values and at least
 * PROBE_RATIO times as many as the new article's: a short article sharing
 * a sentence with a long one (a live blog, a transcript) then costs reads
 * near its own values instead of a read of the whole long set. Measured
 * warm on a 20k-article store: a whole read costs ~2 ns a value (4 above
 * 40k values) plus the merge, a probe ~40 ns a value of the short side, so
 * probing wins from about 10x the size. A 43,600-value set against 50
 * values: 171 us read, 8 us probed. The short-article verification storms
 * were the latency tail of the generated corpus. */
enum { PROBE_RATIO = 16, PROBE_MIN = 2048 };

static int probe_first(const sl_dupindex *d, uint32_t other, size_t nset_a)
{
    const cache_ent *c = &d->cache[other % CACHE];
    if (c->set && c->seq == other)
        return 0;
    size_t nb = other < d->size.n ? d->size.v[other].shingles : 0;
    return nb >= PROBE_MIN && nb >= PROBE_RATIO * nset_a;
}

/* Verifies one candidate; stores an edge when it passes the floors. */
static int verify(sl_dupindex *d, int64_t seq, const sl_dup_art *a, uint32_t other, int64_t *best,
                  double *best_j)
{
    const uint32_t *set = NULL;
    size_t n = 0;
    int identical = other < d->norm.n && d->norm.v[other] == a->norm_hash && a->ntok;
    int rc = SL_OK;
    size_t shared;
    if (identical) { /* same token sequence: same set, no need to read it */
        n = shared = a->nset;
    } else if (probe_first(d, other, a->nset) &&
               sl_store_shset_count(d->e->store, other, a->set, a->nset, &n, &shared) == 0) {
        d->n_probe++;
    } else {
        rc = get_set(d, other, &set, &n);
        if (rc == SL_ENOTFOUND)
            return SL_OK; /* forgotten meanwhile */
        if (rc != SL_OK)
            return rc;
        shared = sl_set_intersect32(set, n, a->set, a->nset);
    }
    if (!shared)
        return SL_OK;
    double uni = (double)(n + a->nset - shared);
    double j = shared / uni, ca = (double)shared / n, cb = (double)shared / a->nset;
    int keep = j >= d->floor || (SL_MAX(ca, cb) >= d->floor && shared >= (size_t)d->p.min_shared);
    if (!keep)
        return SL_OK;
    int dir;
    int cls = sl_match_classify(&dir, identical, j, ca, cb, shared, &d->p);
    sl_store_dup e = {other, seq, cls, j, ca, cb, (int64_t)shared};
    d->n_edge++;
    if ((cls == SL_MATCH_EXACT || cls == SL_MATCH_NEAR) && j > *best_j) {
        *best = other;
        *best_j = j;
    }
    rc = sl_store_dup_put(d->e->store, &e);
    return rc == SL_OK ? rc : sl_engine_fail(d->e, rc, "%s", sl_store_errmsg(d->e->store));
}

int sl_dups_insert(sl_dupindex *d, int64_t seq, const sl_dup_art *a, int replaced, int64_t *copy_of,
                   double *query_wall, double *query_cpu)
{
    int rc = SL_OK;
    double best_j = 0;
    *copy_of = 0;
    if (replaced) {
        if ((rc = sl_dups_forget(d, seq)) != SL_OK && rc != SL_ENOTFOUND)
            return rc;
        if ((rc = sl_store_dups_delete(d->e->store, seq)) != SL_OK)
            return sl_engine_fail(d->e, rc, "%s", sl_store_errmsg(d->e->store));
    }
    cand *cs = NULL;
    size_t nc = 0;
    double qw = query_wall ? sl_now() : 0, qc = query_cpu ? sl_cpu_now() : 0;
    double t0 = d->debug ? sl_cpu_now() : 0, t1 = 0, t2 = 0, t3 = 0;
    rc = candidates(d, seq, a, &cs, &nc);
    /* the first article with the same token sequence is always a candidate,
     * even when the index lists are full (a flood of copies) */
    uint64_t *first = a->ntok ? sl_map64_get(&d->first, a->norm_hash) : NULL;
    if (rc == SL_OK && first && (int64_t)*first != seq) {
        int have = 0;
        for (size_t i = 0; i < nc && !have; i++)
            have = cs[i].id == (uint32_t)*first;
        if (!have) {
            cand *grown = sl_realloc(cs, (nc + 1) * sizeof *cs);
            if (!grown)
                rc = SL_ENOMEM;
            else {
                cs = grown;
                cs[nc++] = (cand){(uint32_t)*first, 0, 1};
            }
        }
    }
    d->n_art++;
    d->n_cand += nc;
    /* keep the candidates worth verifying (few), then verify them in seq
     * order so the cache is used the same way every run */
    size_t nv = 0, nsh_a = (size_t)a->sk.nshingles;
    for (size_t i = 0; rc == SL_OK && i < nc; i++)
        if (worth_verifying(d, &cs[i], a->sk.fps.n, nsh_a))
            cs[nv++] = cs[i];
    if (rc == SL_OK && nv > 1)
        qsort(cs, nv, sizeof *cs, cmp_cand);
    if (d->debug)
        t1 = sl_cpu_now();
    uint64_t miss0 = d->n_miss, edge0 = d->n_edge;
    uint64_t vsz = 0, probe0 = d->n_probe;
    for (size_t i = 0; rc == SL_OK && i < nv; i++) {
        if (d->debug > 1)
            vsz += cs[i].id < d->size.n ? d->size.v[cs[i].id].shingles : 0;
        d->n_verify++;
        rc = verify(d, seq, a, cs[i].id, copy_of, &best_j);
    }
    sl_free(cs);
    sl_store_shset_release(d->e->store);
    if (d->debug > 1) { /* SL_DEBUG_DUPS=2: every query over 0.5 ms CPU */
        double tv = sl_cpu_now();
        if (tv - t0 > 0.0005)
            fprintf(stderr, "dups slow seq %lld: %.3f ms (cand %.3f, verify %.3f) keys %zu fps %zu shingles %zu "
                            "cand %zu verified %zu read %llu edges %llu probed %llu of %llu shingles\n",
                    (long long)seq, (tv - t0) * 1e3, (t1 - t0) * 1e3, (tv - t1) * 1e3, a->nkeys, a->sk.fps.n,
                    nsh_a, nc, nv, (unsigned long long)(d->n_miss - miss0),
                    (unsigned long long)(d->n_edge - edge0), (unsigned long long)(d->n_probe - probe0),
                    (unsigned long long)vsz);
    }
    if (query_wall)
        *query_wall = sl_now() - qw;
    if (query_cpu)
        *query_cpu = sl_cpu_now() - qc;
    if (rc != SL_OK)
        return rc;
    if (d->debug)
        t2 = sl_cpu_now();
    rc = sl_store_sketch_put(d->e->store, seq, a->norm_hash, a->blob, a->blob_len, a->set, a->nset);
    if (rc != SL_OK)
        return sl_engine_fail(d->e, rc, "%s", sl_store_errmsg(d->e->store));
    if (d->debug)
        t3 = sl_cpu_now();
    rc = index_add(d, seq, &a->sk, a->keys, a->nkeys);
    if (d->debug) {
        double t4 = sl_cpu_now();
        d->t_cand += t1 - t0, d->t_verify += t2 - t1, d->t_put += t3 - t2, d->t_index += t4 - t3;
    }
    if (rc == SL_OK)
        rc = remember_norm(d, seq, a->norm_hash);
    if (rc == SL_OK) {
        uint32_t *copy = sl_malloc((a->nset ? a->nset : 1) * sizeof *copy);
        if (copy) {
            memcpy(copy, a->set, a->nset * sizeof *copy);
            cache_put(d, seq, copy, a->nset);
        }
    }
    return rc;
}

int sl_dups_forget(sl_dupindex *d, int64_t seq)
{
    uint64_t nh;
    void *blob;
    size_t len;
    int rc = sl_store_sketch_get(d->e->store, seq, &nh, &blob, &len);
    if (rc <= 0)
        return rc == 0 ? SL_ENOTFOUND : sl_engine_fail(d->e, rc, "%s", sl_store_errmsg(d->e->store));
    sl_sketch sk = {0};
    rc = decode(d, blob, len, &sk);
    sl_free(blob);
    uint64_t keys[1024];
    size_t nkeys = 0;
    if (rc == SL_OK && sl_sketch_band_keys(keys, &nkeys, &sk, &d->p) != SL_SKETCH_OK)
        rc = SL_ENOMEM;
    if (rc == SL_OK) {
        for (size_t i = 0; i < nkeys; i++)
            sl_fpindex_del(&d->bands_ix, key32(keys[i]), (uint32_t)seq);
        for (size_t i = 0; i < sk.fps.n; i++)
            sl_fpindex_del(&d->fp_ix, key32(sk.fps.v[i].hash), (uint32_t)seq);
        if ((size_t)seq < d->norm.n) {
            uint64_t *f = sl_map64_get(&d->first, d->norm.v[seq]);
            if (f && (int64_t)*f == seq)
                sl_map64_del(&d->first, d->norm.v[seq]);
            d->norm.v[seq] = 0;
        }
        cache_ent *c = &d->cache[seq % CACHE];
        if (c->seq == seq) {
            sl_free(c->set);
            memset(c, 0, sizeof *c);
        }
    }
    sl_sketch_free(&sk);
    return rc;
}
