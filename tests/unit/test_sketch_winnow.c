/* Winnowing: density, the detection guarantee, robustness on runs of equal
 * hashes, short input, positions, and the boilerplate filter hook. */
#include <criterion/criterion.h>

#include "sketch_testutil.h"

static size_t winnow_tokens(sl_fp *out, const uint64_t *tok, size_t n, int k, int w)
{
    uint64_t *sh = sl_malloc((n + 1) * sizeof *sh);
    size_t ns = sl_shingles(sh, tok, n, k, 1);
    size_t nf = sl_winnow(out, sh, ns, w);
    sl_free(sh);
    return nf;
}

Test(sketch_winnow, empty_and_short)
{
    uint64_t sh[3] = {30, 10, 10};
    sl_fp fp[3];
    cr_assert_eq(sl_winnow(fp, sh, 0, 16), 0);
    cr_assert_eq(sl_winnow(fp, sh, 1, 16), 1);
    cr_assert_eq(fp[0].pos, 0);
    cr_assert_eq(sl_winnow(fp, sh, 3, 16), 1, "fewer shingles than w: one window");
    cr_assert_eq(fp[0].hash, 10);
    cr_assert_eq(fp[0].pos, 2, "rightmost minimum");
}

static const struct { uint64_t sh[17]; size_t n; int w; size_t nfp; uint32_t pos[8]; } small_cases[] = {
    /* the example of the paper (§3.1), w = 4: 17 39 17 8 39 17 selected
     * at 3 6 8 11 (positions of shingles, 0-based) */
    {{77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98}, 17, 4, 5,
     {3, 6, 8, 11, 15}},
    {{1, 2, 3, 4, 5}, 5, 1, 5, {0, 1, 2, 3, 4}},      /* w = 1 keeps all */
    {{5, 4, 3, 2, 1}, 5, 2, 4, {1, 2, 3, 4}},
    {{7, 7, 7, 7, 7, 7, 7, 7}, 8, 3, 2, {2, 5}}, /* robust: kept while inside */
};

Test(sketch_winnow, small_table)
{
    for (size_t c = 0; c < SL_ARRAY_LEN(small_cases); c++) {
        sl_fp fp[17];
        size_t n = sl_winnow(fp, small_cases[c].sh, small_cases[c].n, small_cases[c].w);
        cr_expect_eq(n, small_cases[c].nfp, "case %zu: %zu fingerprints", c, n);
        for (size_t i = 0; i < n && i < small_cases[c].nfp; i++)
            cr_expect_eq(fp[i].pos, small_cases[c].pos[i], "case %zu fp %zu", c, i);
    }
}

Test(sketch_winnow, default_density_for_1000_tokens)
{
    uint64_t rng = 1;
    sl_fp *fp = sl_malloc(1000 * sizeof *fp);
    double total = 0;
    for (int t = 0; t < 20; t++) {
        uint64_t *tok = tu_tokens(1000, 20000, &rng);
        size_t n = winnow_tokens(fp, tok, 1000, 5, 16);
        cr_expect(n >= 80 && n <= 150, "%zu fingerprints", n);
        for (size_t i = 1; i < n; i++)
            cr_assert_gt(fp[i].pos, fp[i - 1].pos, "increasing positions");
        total += (double)n;
        sl_free(tok);
    }
    cr_expect(total / 20 > 105 && total / 20 < 130, "mean %.1f", total / 20);
    sl_free(fp);
}

/* Plant a shared run of exactly w+k-1 tokens in two unrelated articles:
 * they must share a fingerprint (and the fingerprint lies in the run). */
Test(sketch_winnow, guarantee_shared_run_of_w_plus_k_minus_1)
{
    const int k = 5, w = 16, run = w + k - 1;
    uint64_t rng = 2024;
    sl_fp *fa = sl_malloc(600 * sizeof *fa), *fb = sl_malloc(600 * sizeof *fb);
    for (int t = 0; t < 200; t++) {
        uint64_t *a = tu_tokens(500, 1000000, &rng), *b = tu_tokens(600, 1000000, &rng);
        size_t pa = tu_rand(&rng) % (500 - run), pb = tu_rand(&rng) % (600 - run);
        memcpy(b + pb, a + pa, run * sizeof *a);
        size_t na = winnow_tokens(fa, a, 500, k, w), nb = winnow_tokens(fb, b, 600, k, w);
        int shared = 0;
        for (size_t i = 0; i < na; i++)
            for (size_t j = 0; j < nb; j++)
                if (fa[i].hash == fb[j].hash && fa[i].pos >= pa && fa[i].pos + k <= pa + run &&
                    fb[j].pos == pb + (fa[i].pos - pa))
                    shared = 1;
        cr_assert(shared, "trial %d: run at %zu/%zu not detected", t, pa, pb);
        sl_free(a);
        sl_free(b);
    }
    sl_free(fa);
    sl_free(fb);
}

Test(sketch_winnow, ten_thousand_identical_tokens)
{
    size_t n = 10000;
    uint64_t *tok = sl_malloc(n * sizeof *tok);
    for (size_t i = 0; i < n; i++)
        tok[i] = 42;
    sl_fp *fp = sl_malloc(n * sizeof *fp);
    size_t nf = winnow_tokens(fp, tok, n, 5, 16);
    /* robust winnowing: one per w shingles, not one per shingle */
    cr_assert_leq(nf, (n - 4) / 16 + 1);
    cr_assert_geq(nf, 1);
    for (size_t i = 1; i < nf; i++)
        cr_assert_eq(fp[i].hash, fp[0].hash);
    sl_free(tok);
    sl_free(fp);
}

static int keep_odd(uint64_t h, void *ctx)
{
    (*(int *)ctx)++;
    return (int)(h & 1);
}

Test(sketch_winnow, filter_keeps_order)
{
    sl_fp fp[] = {{2, 0}, {3, 4}, {5, 9}, {8, 12}, {9, 20}};
    int calls = 0;
    size_t n = sl_fp_filter(fp, 5, keep_odd, &calls);
    cr_assert_eq(calls, 5);
    cr_assert_eq(n, 3);
    cr_assert_eq(fp[0].pos, 4);
    cr_assert_eq(fp[1].pos, 9);
    cr_assert_eq(fp[2].pos, 20);
    cr_assert_eq(sl_fp_filter(fp, 0, keep_odd, &calls), 0);
}
