/*
 * sketcher.c - the per-article pipeline: tokens → shingles → distinct
 * count, MinHash signature, LSH band keys, winnowing fingerprints.
 *
 * Design note. A sl_sketcher owns validated parameters and scratch arrays
 * (shingle hashes, a hash set for the distinct count) that grow to the
 * largest article seen and are reused, so sketching allocates nothing in
 * steady state. The output sl_sketch owns its arrays and is also reused by
 * the caller. The distinct count uses an open-addressing set (linear
 * probing, load <= 1/2, key 0 tracked apart) instead of sorting: O(n) and
 * a few ns per shingle.
 */
#include "sketch/sketch.h"

#include "common/common.h"

#include <string.h>

struct sl_sketcher {
    sl_sketch_params p;
    int bands, rows;                          /* resolved LSH shape */
    struct { uint64_t *v; size_t n, cap; } sh;  /* shingle hashes */
    uint64_t *set;                            /* distinct-count table */
    size_t set_cap;                           /* power of two, or 0 */
};

/* ======================================================================
 * Lifetime
 * ====================================================================== */

int sl_sketcher_new(sl_sketcher **out, const sl_sketch_params *p)
{
    *out = NULL;
    if (sl_sketch_params_check(p, NULL, 0) != SL_SKETCH_OK)
        return SL_SKETCH_EINVAL;
    sl_sketcher *sk = sl_calloc(1, sizeof *sk);
    if (!sk)
        return SL_SKETCH_ENOMEM;
    sk->p = *p;
    if (sl_sketch_params_bands(p, &sk->bands, &sk->rows) != SL_SKETCH_OK) {
        sl_free(sk);
        return SL_SKETCH_EINVAL;
    }
    *out = sk;
    return SL_SKETCH_OK;
}

void sl_sketcher_free(sl_sketcher *sk)
{
    if (!sk)
        return;
    sl_free(sk->sh.v);
    sl_free(sk->set);
    sl_free(sk);
}

const sl_sketch_params *sl_sketcher_params(const sl_sketcher *sk)
{
    return &sk->p;
}

void sl_sketch_free(sl_sketch *s)
{
    if (!s)
        return;
    sl_free(s->sig.v);
    sl_free(s->fps.v);
    memset(s, 0, sizeof *s);
}

/* ======================================================================
 * Distinct count
 * ====================================================================== */

static int set_reserve(sl_sketcher *sk, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap <<= 1;
    if (cap <= sk->set_cap)
        return 0;
    uint64_t *t = sl_malloc(cap * sizeof *t);
    if (!t)
        return -1;
    sl_free(sk->set);
    sk->set = t;
    sk->set_cap = cap;
    return 0;
}

static size_t count_distinct(sl_sketcher *sk, const uint64_t *sh, size_t n)
{
    size_t cap = 16, count = 0;
    int zero = 0;
    while (cap < 2 * n)
        cap <<= 1;
    uint64_t *t = sk->set, mask = cap - 1;
    memset(t, 0, cap * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        uint64_t x = sh[i];
        if (x == 0) {
            count += !zero, zero = 1;
            continue;
        }
        size_t j = (size_t)(x * 0x9e3779b97f4a7c15ULL >> 20) & mask;
        while (t[j] && t[j] != x)
            j = (j + 1) & mask;
        count += !t[j];
        t[j] = x;
    }
    return count;
}

/* ======================================================================
 * The pipeline
 * ====================================================================== */

static int reserve_outputs(sl_sketch *out, int perms, size_t nfp)
{
    if (out->sig.cap < (size_t)perms) {
        out->sig.n = 0;
        if (SL_VEC_GROW(&out->sig, (size_t)perms))
            return -1;
    }
    if (out->fps.cap < nfp) {
        out->fps.n = 0;
        if (SL_VEC_GROW(&out->fps, nfp))
            return -1;
    }
    return 0;
}

static int sig_is_empty(const uint32_t *sig, int m)
{
    for (int i = 0; i < m; i++)
        if (sig[i] != SL_MINHASH_EMPTY)
            return 0;
    return 1;
}

int sl_sketcher_run(sl_sketcher *sk, sl_sketch *out, uint64_t *keys, size_t *nkeys,
                    const uint64_t *tok, size_t n)
{
    const sl_sketch_params *p = &sk->p;
    size_t ns = sl_shingle_count(n, p->k);

    if (nkeys)
        *nkeys = 0;
    if (sk->sh.cap < ns) {
        sk->sh.n = 0;
        if (SL_VEC_GROW(&sk->sh, ns))
            return SL_SKETCH_ENOMEM;
    }
    if (set_reserve(sk, ns) || reserve_outputs(out, p->perms, sl_winnow_max(ns)))
        return SL_SKETCH_ENOMEM;
    uint64_t *sh = sk->sh.v;
    sk->sh.n = sl_shingles(sh, tok, n, p->k, p->seed);

    out->k = p->k, out->perms = p->perms, out->method = p->method, out->w = p->w;
    out->seed = p->seed;
    out->ntokens = n;
    out->nshingles = count_distinct(sk, sh, ns);
    if (p->method == SL_MINHASH_KPERM)
        sl_minhash_kperm(out->sig.v, p->perms, sh, ns, p->seed);
    else
        sl_minhash_oph(out->sig.v, p->perms, sh, ns, p->seed);
    out->sig.n = (size_t)p->perms;
    out->fps.n = sl_winnow(out->fps.v, sh, ns, p->w);

    if (keys && ns > 0) {
        sl_lsh_band_keys(keys, out->sig.v, sk->bands, sk->rows, p->seed);
        if (nkeys)
            *nkeys = (size_t)sk->bands;
    }
    return SL_SKETCH_OK;
}

const uint64_t *sl_sketcher_shingles(const sl_sketcher *sk, size_t *n)
{
    *n = sk->sh.n;
    return sk->sh.v;
}

int sl_sketch_band_keys(uint64_t *keys, size_t *nkeys, const sl_sketch *s,
                        const sl_sketch_params *p)
{
    int b, r;
    *nkeys = 0;
    if (sl_sketch_params_bands(p, &b, &r) != SL_SKETCH_OK || (size_t)b * (size_t)r > s->sig.n)
        return SL_SKETCH_EINVAL;
    if (s->sig.n == 0 || sig_is_empty(s->sig.v, (int)s->sig.n))
        return SL_SKETCH_OK;
    sl_lsh_band_keys(keys, s->sig.v, b, r, s->seed);
    *nkeys = (size_t)b;
    return SL_SKETCH_OK;
}

/* ======================================================================
 * Estimates from sketches
 * ====================================================================== */

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

int sl_sketch_estimate(double *jaccard, double *contain_a, double *contain_b,
                       const sl_sketch *a, const sl_sketch *b)
{
    if (a->k != b->k || a->perms != b->perms || a->method != b->method || a->seed != b->seed ||
        a->sig.n != b->sig.n || a->sig.n != (size_t)a->perms)
        return SL_SKETCH_EINVAL;
    double j = sl_minhash_jaccard(a->sig.v, b->sig.v, a->perms);
    double inter = j * (double)(a->nshingles + b->nshingles) / (1.0 + j);
    if (jaccard)
        *jaccard = j;
    if (contain_a)
        *contain_a = a->nshingles ? clamp01(inter / (double)a->nshingles) : 0.0;
    if (contain_b)
        *contain_b = b->nshingles ? clamp01(inter / (double)b->nshingles) : 0.0;
    return SL_SKETCH_OK;
}
