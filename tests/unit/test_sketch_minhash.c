/* MinHash estimators and LSH banding: accuracy against known Jaccard for
 * both methods (statistical, with fixed seeds so results are stable),
 * edge input, and the (bands, rows) choice. */
#include <criterion/criterion.h>

#include <math.h>

#include "sketch_testutil.h"

typedef void (*mh_fn)(uint32_t *, int, const uint64_t *, size_t, uint64_t);

/* Two random sets with |A∩B| = c, |A\B| = x, |B\A| = y. */
static void make_pair(uint64_t *a, size_t *na, uint64_t *b, size_t *nb, size_t c, size_t x,
                      size_t y, uint64_t *rng)
{
    *na = *nb = 0;
    for (size_t i = 0; i < c; i++) {
        uint64_t v = tu_rand(rng);
        a[(*na)++] = v, b[(*nb)++] = v;
    }
    for (size_t i = 0; i < x; i++)
        a[(*na)++] = tu_rand(rng);
    for (size_t i = 0; i < y; i++)
        b[(*nb)++] = tu_rand(rng);
}

static const struct { size_t c, x, y; } acc_cases[] = {
    {10, 45, 45},   /* J = 0.1, tiny sets (densification does most work) */
    {6, 7, 7},      /* J = 0.3, 13-element sets */
    {16, 2, 2},     /* J = 0.8, 18-element sets */
    {300, 350, 350},/* J = 0.3 */
    {500, 250, 250},/* J = 0.5 */
    {800, 100, 100},/* J = 0.8 */
    {950, 25, 25},  /* J = 0.95 */
    {200, 0, 1800}, /* J = 0.1, A inside a much larger B */
};

static void check_accuracy(mh_fn fn, const char *name)
{
    static uint64_t a[4000], b[4000];
    uint32_t sa[128], sb[128];
    uint64_t rng = 12345;
    for (size_t t = 0; t < SL_ARRAY_LEN(acc_cases); t++) {
        double j = (double)acc_cases[t].c / (double)(acc_cases[t].c + acc_cases[t].x + acc_cases[t].y);
        double sum = 0, sumabs = 0;
        int trials = 60;
        for (int r = 0; r < trials; r++) {
            size_t na, nb;
            make_pair(a, &na, b, &nb, acc_cases[t].c, acc_cases[t].x, acc_cases[t].y, &rng);
            uint64_t seed = tu_rand(&rng);
            fn(sa, 128, a, na, seed);
            fn(sb, 128, b, nb, seed);
            double e = sl_minhash_jaccard(sa, sb, 128) - j;
            sum += e, sumabs += fabs(e);
        }
        /* sd of one estimate <= 0.045; mean of 60 has sd <= 0.006 */
        cr_expect_lt(fabs(sum / trials), 0.025, "%s J=%.2f bias %.4f", name, j, sum / trials);
        cr_expect_lt(sumabs / trials, 0.05, "%s J=%.2f mae %.4f", name, j, sumabs / trials);
    }
}

Test(sketch_minhash, oph_accuracy)
{
    check_accuracy(sl_minhash_oph, "oph");
}

Test(sketch_minhash, kperm_accuracy)
{
    check_accuracy(sl_minhash_kperm, "kperm");
}

static const mh_fn methods[] = {sl_minhash_oph, sl_minhash_kperm};

Test(sketch_minhash, empty_input_is_all_empty_and_estimates_zero)
{
    for (size_t i = 0; i < 2; i++) {
        uint32_t s[64], t[64];
        methods[i](s, 64, NULL, 0, 1);
        methods[i](t, 64, NULL, 0, 1);
        for (int j = 0; j < 64; j++)
            cr_assert_eq(s[j], SL_MINHASH_EMPTY);
        cr_assert_float_eq(sl_minhash_jaccard(s, t, 64), 0.0, 1e-12);
    }
}

Test(sketch_minhash, single_shingle_fills_every_slot)
{
    for (size_t i = 0; i < 2; i++) {
        uint64_t x = 0x1234;
        uint32_t s[128], t[128];
        methods[i](s, 128, &x, 1, 9);
        methods[i](t, 128, &x, 1, 9);
        for (int j = 0; j < 128; j++)
            cr_assert_neq(s[j], SL_MINHASH_EMPTY, "method %zu slot %d", i, j);
        cr_assert_float_eq(sl_minhash_jaccard(s, t, 128), 1.0, 1e-12);
    }
}

Test(sketch_minhash, duplicates_and_order_do_not_matter)
{
    uint64_t a[] = {5, 9, 7, 5, 5, 9}, b[] = {9, 7, 5};
    for (size_t i = 0; i < 2; i++) {
        uint32_t s[128], t[128];
        methods[i](s, 128, a, 6, 3);
        methods[i](t, 128, b, 3, 3);
        cr_assert_arr_eq(s, t, sizeof s);
    }
}

Test(sketch_minhash, disjoint_sets_estimate_near_zero)
{
    uint64_t rng = 99, a[500], b[500];
    for (int i = 0; i < 500; i++)
        a[i] = tu_rand(&rng), b[i] = tu_rand(&rng);
    for (size_t i = 0; i < 2; i++) {
        uint32_t s[128], t[128];
        methods[i](s, 128, a, 500, 3);
        methods[i](t, 128, b, 500, 3);
        cr_assert_lt(sl_minhash_jaccard(s, t, 128), 0.03);
    }
}

/* ---- LSH ---------------------------------------------------------------- */

static const struct { int m; double bound, recall; int b, r; } choose_cases[] = {
    {128, 0.8, 0.99, 21, 6},
    {128, 0.8, 0.95, 18, 7},
    {128, 0.9, 0.99, 12, 10},
    {256, 0.8, 0.99, 32, 8},
    {16, 0.8, 0.99, 8, 2},
    {1, 0.8, 0.5, 1, 1},
};

Test(sketch_lsh, choose_table)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(choose_cases); i++) {
        int b = 0, r = 0;
        cr_assert_eq(sl_lsh_choose(&b, &r, choose_cases[i].m, choose_cases[i].bound,
                                   choose_cases[i].recall), SL_SKETCH_OK);
        cr_expect_eq(b, choose_cases[i].b, "case %zu b=%d", i, b);
        cr_expect_eq(r, choose_cases[i].r, "case %zu r=%d", i, r);
        cr_expect_geq(sl_lsh_prob(choose_cases[i].bound, b, r), choose_cases[i].recall);
        cr_expect_leq(b * r, choose_cases[i].m);
    }
}

Test(sketch_lsh, choose_rejects_bad_input)
{
    int b, r;
    cr_expect_eq(sl_lsh_choose(&b, &r, 0, 0.8, 0.99), SL_SKETCH_EINVAL);
    cr_expect_eq(sl_lsh_choose(&b, &r, 128, 0.0, 0.99), SL_SKETCH_EINVAL);
    cr_expect_eq(sl_lsh_choose(&b, &r, 128, 1.5, 0.99), SL_SKETCH_EINVAL);
    cr_expect_eq(sl_lsh_choose(&b, &r, 128, 0.8, 1.0), SL_SKETCH_EINVAL);
    cr_expect_eq(sl_lsh_choose(&b, &r, 128, NAN, 0.9), SL_SKETCH_EINVAL);
}

Test(sketch_lsh, s_curve_documented_values)
{
    cr_expect_float_eq(sl_lsh_prob(0.8, 21, 6), 0.9983, 1e-4);
    cr_expect_float_eq(sl_lsh_prob(0.5, 21, 6), 0.2816, 1e-3);
    cr_expect_float_eq(sl_lsh_prob(0.3, 21, 6), 0.0152, 1e-3);
    cr_expect_float_eq(sl_lsh_prob(0.0, 21, 6), 0.0, 1e-12);
    cr_expect_float_eq(sl_lsh_prob(1.0, 21, 6), 1.0, 1e-12);
}

Test(sketch_lsh, band_keys_agree_exactly_with_bands)
{
    uint32_t s[128], t[128];
    uint64_t ks[21], kt[21];
    uint64_t rng = 5;
    for (int i = 0; i < 128; i++)
        s[i] = t[i] = (uint32_t)tu_rand(&rng);
    t[6 * 3 + 2] ^= 1; /* band 3 differs */
    sl_lsh_band_keys(ks, s, 21, 6, 1);
    sl_lsh_band_keys(kt, t, 21, 6, 1);
    for (int i = 0; i < 21; i++)
        cr_expect_eq(ks[i] == kt[i], i != 3, "band %d", i);
    /* the same values in another band give another key */
    uint32_t u[128];
    memcpy(u, s, sizeof u);
    memcpy(u + 6, s, 6 * sizeof *s);
    uint64_t ku[21];
    sl_lsh_band_keys(ku, u, 21, 6, 1);
    cr_expect_neq(ku[1], ks[0]);
}

Test(sketch_lsh, near_duplicates_become_candidates)
{
    /* articles of 1,000 tokens, J ≈ 0.82 after 20 single-token edits */
    sl_sketch_params p;
    sl_sketch_params_default(&p);
    sl_sketcher *sk;
    cr_assert_eq(sl_sketcher_new(&sk, &p), SL_SKETCH_OK);
    sl_sketch sa = {0}, sb = {0};
    uint64_t ka[64], kb[64], rng = 77;
    size_t nka, nkb;
    int found = 0, trials = 50;
    for (int t = 0; t < trials; t++) {
        uint64_t *a = tu_tokens(1000, 5000, &rng);
        uint64_t *b = sl_malloc(1000 * sizeof *b);
        memcpy(b, a, 1000 * sizeof *b);
        for (int e = 0; e < 20; e++)
            b[tu_rand(&rng) % 1000] = tu_rand(&rng);
        sl_sketcher_run(sk, &sa, ka, &nka, a, 1000);
        sl_sketcher_run(sk, &sb, kb, &nkb, b, 1000);
        cr_assert_eq(nka, 21);
        int hit = 0;
        for (size_t i = 0; i < nka; i++)
            hit |= ka[i] == kb[i];
        found += hit;
        sl_free(a);
        sl_free(b);
    }
    cr_expect_geq(found, trials - 2, "found %d of %d", found, trials);
    sl_sketch_free(&sa);
    sl_sketch_free(&sb);
    sl_sketcher_free(sk);
}
