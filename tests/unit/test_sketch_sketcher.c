/* The per-article pipeline on edge input: what sl_sketcher_run gives for
 * empty, one-word, shorter-than-k, repetitive and ordinary articles, and
 * that it reuses its memory across articles. */
#include <criterion/criterion.h>

#include "sketch_testutil.h"

enum kind { K_RANDOM, K_SAME };

static const struct {
    size_t n;
    enum kind kind;
    uint64_t nshingles;
    size_t nkeys;
    size_t fps_min, fps_max;
} cases[] = {
    {0, K_RANDOM, 0, 0, 0, 0},           /* empty */
    {1, K_RANDOM, 1, 21, 1, 1},          /* one word */
    {4, K_RANDOM, 1, 21, 1, 1},          /* shorter than k */
    {5, K_RANDOM, 1, 21, 1, 1},          /* exactly k */
    {20, K_RANDOM, 16, 21, 1, 1},        /* one window */
    {10000, K_SAME, 1, 21, 500, 700},    /* 10,000 identical tokens */
    {1000, K_RANDOM, 996, 21, 80, 150},  /* ordinary article */
};

Test(sketch_sketcher, edge_table)
{
    sl_sketch_params p;
    sl_sketcher *sk;
    sl_sketch s = {0};
    uint64_t keys[64], rng = 21;
    size_t nk;
    sl_sketch_params_default(&p);
    cr_assert_eq(sl_sketcher_new(&sk, &p), SL_SKETCH_OK);
    for (size_t c = 0; c < SL_ARRAY_LEN(cases); c++) {
        uint64_t *tok = tu_tokens(cases[c].n, 1u << 30, &rng);
        if (cases[c].kind == K_SAME)
            for (size_t i = 0; i < cases[c].n; i++)
                tok[i] = 99;
        cr_assert_eq(sl_sketcher_run(sk, &s, keys, &nk, tok, cases[c].n), SL_SKETCH_OK);
        cr_expect_eq(s.ntokens, cases[c].n, "case %zu", c);
        cr_expect_eq(s.nshingles, cases[c].nshingles, "case %zu: %llu shingles", c,
                     (unsigned long long)s.nshingles);
        cr_expect_eq(nk, cases[c].nkeys, "case %zu", c);
        cr_expect(s.fps.n >= cases[c].fps_min && s.fps.n <= cases[c].fps_max, "case %zu: %zu fps", c,
                  s.fps.n);
        cr_expect_eq(s.sig.n, 128);
        for (size_t i = 0; i < s.sig.n; i++)
            cr_expect_eq(s.sig.v[i] == SL_MINHASH_EMPTY, cases[c].n == 0, "case %zu slot %zu", c, i);
        sl_free(tok);
    }
    sl_sketch_free(&s);
    sl_sketch_free(NULL);
    sl_sketcher_free(sk);
}

/* Same shingle set, same signature: 10,000 and 20 copies of one token. */
Test(sketch_sketcher, same_set_same_signature)
{
    sl_sketch_params p;
    sl_sketcher *sk;
    sl_sketch a = {0}, b = {0};
    uint64_t ka[64], kb[64], tok[10000];
    size_t na, nb;
    for (size_t i = 0; i < 10000; i++)
        tok[i] = 5;
    sl_sketch_params_default(&p);
    sl_sketcher_new(&sk, &p);
    sl_sketcher_run(sk, &a, ka, &na, tok, 10000);
    sl_sketcher_run(sk, &b, kb, &nb, tok, 20);
    cr_assert_arr_eq(a.sig.v, b.sig.v, 128 * sizeof *a.sig.v);
    cr_assert_arr_eq(ka, kb, na * sizeof *ka);
    cr_assert_float_eq(sl_minhash_jaccard(a.sig.v, b.sig.v, 128), 1.0, 1e-12);
    sl_sketch_free(&a);
    sl_sketch_free(&b);
    sl_sketcher_free(sk);
}

Test(sketch_sketcher, methods_and_band_override)
{
    sl_sketch_params p;
    sl_sketcher *sk;
    sl_sketch s = {0};
    uint64_t keys[64], rng = 8, *tok = tu_tokens(300, 1000, &rng);
    size_t nk;
    sl_sketch_params_default(&p);
    p.method = SL_MINHASH_KPERM;
    p.perms = 64;
    p.bands = 16, p.rows = 4;
    cr_assert_eq(sl_sketcher_new(&sk, &p), SL_SKETCH_OK);
    cr_assert_eq(sl_sketcher_run(sk, &s, keys, &nk, tok, 300), SL_SKETCH_OK);
    cr_assert_eq(nk, 16);
    cr_assert_eq(s.sig.n, 64);
    cr_assert_eq(s.method, SL_MINHASH_KPERM);
    uint32_t ref[64];
    uint64_t sh[300];
    size_t ns = sl_shingles(sh, tok, 300, 5, p.seed);
    sl_minhash_kperm(ref, 64, sh, ns, p.seed);
    cr_assert_arr_eq(s.sig.v, ref, sizeof ref, "pipeline = the documented pieces");
    uint64_t k2[64];
    size_t n2;
    cr_assert_eq(sl_sketch_band_keys(k2, &n2, &s, &p), SL_SKETCH_OK);
    cr_assert_eq(n2, 16);
    cr_assert_arr_eq(k2, keys, 16 * sizeof *keys);
    sl_sketch_free(&s);
    sl_sketcher_free(sk);
    sl_free(tok);
}

Test(sketch_sketcher, allocation_failure_is_reported)
{
    sl_sketch_params p;
    sl_sketcher *sk = NULL;
    sl_sketch s = {0};
    uint64_t rng = 9, *tok = tu_tokens(5000, 1000, &rng);
    sl_sketch_params_default(&p);
    sl_alloc_fail_after(0);
    int rc = sl_sketcher_new(&sk, &p);
    sl_alloc_fail_after(-1);
    cr_assert_eq(rc, SL_SKETCH_ENOMEM);
    cr_assert_null(sk);
    cr_assert_eq(sl_sketcher_new(&sk, &p), SL_SKETCH_OK);
    for (long f = 0; f < 4; f++) {
        sl_alloc_fail_after(f);
        rc = sl_sketcher_run(sk, &s, NULL, NULL, tok, 5000);
        sl_alloc_fail_after(-1);
        if (rc == SL_SKETCH_OK)
            break;
        cr_assert_eq(rc, SL_SKETCH_ENOMEM, "fail after %ld", f);
    }
    cr_assert_eq(sl_sketcher_run(sk, &s, NULL, NULL, tok, 5000), SL_SKETCH_OK);
    cr_assert_eq(s.ntokens, 5000);
    sl_sketch_free(&s);
    sl_sketcher_free(sk);
    sl_free(tok);
}

Test(sketch_sketcher, estimate_from_sketches)
{
    sl_sketch_params p;
    sl_sketcher *sk;
    sl_sketch a = {0}, b = {0}, e = {0};
    uint64_t rng = 31, *ta = tu_tokens(2000, 1u << 30, &rng);
    uint64_t *tb = sl_malloc(4000 * sizeof *tb), *fresh = tu_tokens(2000, 1u << 30, &rng);
    memcpy(tb, ta, 2000 * sizeof *ta);       /* B = A + 2,000 new tokens */
    memcpy(tb + 2000, fresh, 2000 * sizeof *tb);
    sl_sketch_params_default(&p);
    sl_sketcher_new(&sk, &p);
    sl_sketcher_run(sk, &a, NULL, NULL, ta, 2000);
    sl_sketcher_run(sk, &b, NULL, NULL, tb, 4000);
    double j, ca, cb;
    cr_assert_eq(sl_sketch_estimate(&j, &ca, &cb, &a, &b), SL_SKETCH_OK);
    cr_expect_float_eq(j, 0.5, 0.12, "J %.3f", j);
    cr_expect_float_eq(ca, 1.0, 0.15, "C(A in B) %.3f", ca);
    cr_expect_float_eq(cb, 0.5, 0.12, "C(B in A) %.3f", cb);
    sl_sketcher_run(sk, &e, NULL, NULL, NULL, 0);
    cr_assert_eq(sl_sketch_estimate(&j, &ca, NULL, &e, &e), SL_SKETCH_OK);
    cr_expect_eq(j, 0.0);
    cr_expect_eq(ca, 0.0);
    b.k = 7;
    cr_assert_eq(sl_sketch_estimate(&j, NULL, NULL, &a, &b), SL_SKETCH_EINVAL);
    sl_sketch_free(&a);
    sl_sketch_free(&b);
    sl_sketch_free(&e);
    sl_sketcher_free(sk);
    sl_free(ta);
    sl_free(tb);
    sl_free(fresh);
}
