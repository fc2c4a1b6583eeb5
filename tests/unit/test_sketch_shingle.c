/* Shingles and exact set helpers: counts, short articles, degenerate input,
 * character tokens, and the Jaccard / containment arithmetic. */
#include <criterion/criterion.h>

#include "sketch_testutil.h"

/* ---- shingle counts ---------------------------------------------------- */

static const struct { size_t n; int k; size_t want; } count_cases[] = {
    {0, 5, 0}, {1, 5, 1}, {4, 5, 1}, {5, 5, 1}, {6, 5, 2}, {1000, 5, 996},
    {1, 1, 1}, {10, 1, 10}, {0, 1, 0}, {10, 0, 0},
};

Test(sketch_shingle, counts)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(count_cases); i++)
        cr_expect_eq(sl_shingle_count(count_cases[i].n, count_cases[i].k), count_cases[i].want,
                     "n=%zu k=%d", count_cases[i].n, count_cases[i].k);
}

Test(sketch_shingle, empty_writes_nothing)
{
    uint64_t out[1] = {42};
    cr_assert_eq(sl_shingles(out, NULL, 0, 5, 1), 0);
    cr_assert_eq(out[0], 42);
}

Test(sketch_shingle, short_article_is_one_shingle_distinct_from_full_ones)
{
    uint64_t tok[5] = {11, 22, 33, 44, 55}, s4[1], s5[1], s1[1];
    cr_assert_eq(sl_shingles(s4, tok, 4, 5, 1), 1);
    cr_assert_eq(sl_shingles(s5, tok, 5, 5, 1), 1);
    cr_assert_eq(sl_shingles(s1, tok, 1, 5, 1), 1);
    cr_assert_neq(s4[0], s5[0]);
    cr_assert_neq(s1[0], s4[0]);
    uint64_t again[1];
    sl_shingles(again, tok, 4, 5, 1);
    cr_assert_eq(again[0], s4[0], "deterministic");
}

Test(sketch_shingle, position_and_seed)
{
    uint64_t tok[8] = {1, 2, 3, 4, 5, 1, 2, 3}, a[6], b[6], c[1];
    uint64_t t2[3] = {1, 2, 3};
    cr_assert_eq(sl_shingles(a, tok, 8, 3, 7), 6);
    cr_assert_eq(a[5], a[0], "tokens 5..7 repeat tokens 0..2");
    cr_assert_neq(a[1], a[0]);
    sl_shingles(c, t2, 3, 3, 7);
    cr_assert_eq(c[0], a[0], "same k tokens, same hash, whatever the article");
    sl_shingles(b, tok, 8, 3, 8);
    cr_assert_neq(a[0], b[0], "seed changes hashes");
}

Test(sketch_shingle, identical_tokens_collapse_to_one_set_element)
{
    size_t n = 10000;
    uint64_t *tok = sl_malloc(n * sizeof *tok), *sh = sl_malloc(n * sizeof *sh);
    for (size_t i = 0; i < n; i++)
        tok[i] = 0xabcdef;
    size_t ns = sl_shingles(sh, tok, n, 5, 1);
    cr_assert_eq(ns, n - 4);
    cr_assert_eq(sl_set_make(sh, ns), 1);
    sl_free(tok);
    sl_free(sh);
}

Test(sketch_shingle, cjk_character_tokens)
{
    /* 北京今天下雨了 / 北京今天下雪了: one character differs; character
     * 2-shingles share 4 of 6+6-... elements. Tokens are code points. */
    const uint32_t s1[] = {0x5317, 0x4eac, 0x4eca, 0x5929, 0x4e0b, 0x96e8, 0x4e86};
    const uint32_t s2[] = {0x5317, 0x4eac, 0x4eca, 0x5929, 0x4e0b, 0x96ea, 0x4e86};
    uint64_t t1[7], t2[7], a[6], b[6];
    for (int i = 0; i < 7; i++)
        t1[i] = sl_hash64(&s1[i], 4), t2[i] = sl_hash64(&s2[i], 4);
    size_t na = sl_set_make(a, sl_shingles(a, t1, 7, 2, 1));
    size_t nb = sl_set_make(b, sl_shingles(b, t2, 7, 2, 1));
    cr_assert_eq(na, 6);
    cr_assert_eq(nb, 6);
    cr_assert_eq(sl_set_intersect(a, na, b, nb), 4);
    cr_assert_float_eq(sl_set_jaccard(a, na, b, nb), 4.0 / 8.0, 1e-12);
}

/* ---- set arithmetic ---------------------------------------------------- */

static const struct {
    uint64_t a[8]; size_t na;
    uint64_t b[8]; size_t nb;
    double jac, cab, cba;
} set_cases[] = {
    {{0}, 0, {0}, 0, 0.0, 0.0, 0.0},
    {{1}, 1, {0}, 0, 0.0, 0.0, 0.0},
    {{1}, 1, {1}, 1, 1.0, 1.0, 1.0},
    {{1, 2, 3, 4}, 4, {3, 4, 5, 6}, 4, 2.0 / 6, 0.5, 0.5},
    {{1, 2}, 2, {1, 2, 3, 4, 5, 6, 7, 8}, 8, 0.25, 1.0, 0.25},
    {{1, 3, 5}, 3, {2, 4, 6}, 3, 0.0, 0.0, 0.0},
    {{UINT64_MAX}, 1, {0, UINT64_MAX}, 2, 0.5, 1.0, 0.5},
};

Test(sketch_shingle, set_scores)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(set_cases); i++) {
        const uint64_t *a = set_cases[i].a, *b = set_cases[i].b;
        size_t na = set_cases[i].na, nb = set_cases[i].nb;
        cr_expect_float_eq(sl_set_jaccard(a, na, b, nb), set_cases[i].jac, 1e-12, "case %zu", i);
        cr_expect_float_eq(sl_set_containment(a, na, b, nb), set_cases[i].cab, 1e-12, "case %zu", i);
        cr_expect_float_eq(sl_set_containment(b, nb, a, na), set_cases[i].cba, 1e-12, "case %zu", i);
    }
}

Test(sketch_shingle, set_make_sorts_and_dedups)
{
    uint64_t a[] = {5, 3, 5, UINT64_MAX, 0, 3, 3, 0};
    size_t n = sl_set_make(a, SL_ARRAY_LEN(a));
    uint64_t want[] = {0, 3, 5, UINT64_MAX};
    cr_assert_eq(n, 4);
    cr_assert_arr_eq(a, want, sizeof want);
    uint64_t one[] = {9};
    cr_assert_eq(sl_set_make(one, 1), 1);
    cr_assert_eq(sl_set_make(NULL, 0), 0);
}

/* Sizes on both sides of the galloping switch (one set 16x the other),
 * against a plain count: empty, one element, all shared, none shared,
 * matches at both ends, the extreme values. */
static size_t naive_count32(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t c = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            c += a[i] == b[j];
    return c;
}

static size_t random_set32(uint32_t *v, size_t n, uint64_t *seed, uint32_t range)
{
    for (size_t i = 0; i < n; i++) {
        *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
        v[i] = (uint32_t)((*seed >> 33) % range);
    }
    /* sort + dedup (insertion sort: small arrays) */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint32_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || v[i] != v[m - 1])
            v[m++] = v[i];
    return m;
}

Test(sketch_shingle, intersect_gallop_matches_merge)
{
    static const size_t sizes[][2] = {{0, 0},   {0, 50},   {1, 1},     {1, 2000}, {3, 48},
                                      {3, 47},  {5, 2000}, {60, 2000}, {125, 2000}, {126, 2000},
                                      {2000, 7}, {2000, 2000}};
    static const uint32_t ranges[] = {40, 4000, UINT32_MAX};
    static uint32_t a[2000], b[2000];
    uint64_t seed = 42;
    for (size_t r = 0; r < SL_ARRAY_LEN(ranges); r++)
        for (size_t i = 0; i < SL_ARRAY_LEN(sizes); i++) {
            size_t na = random_set32(a, sizes[i][0], &seed, ranges[r]);
            size_t nb = random_set32(b, sizes[i][1], &seed, ranges[r]);
            size_t want = naive_count32(a, na, b, nb);
            cr_expect_eq(sl_set_intersect32(a, na, b, nb), want, "sizes %zu/%zu range %u", na, nb,
                         ranges[r]);
            cr_expect_eq(sl_set_intersect32(b, nb, a, na), want, "sizes %zu/%zu swapped", nb, na);
        }
    /* the extremes, and a small set entirely inside a large one */
    uint32_t big[64], small[] = {0, 31, UINT32_MAX};
    for (uint32_t i = 0; i < 63; i++)
        big[i] = i;
    big[63] = UINT32_MAX;
    cr_expect_eq(sl_set_intersect32(small, 3, big, 64), 3);
    cr_expect_eq(sl_set_intersect32(big, 64, small, 3), 3);
    uint64_t big64[40], small64[] = {0, UINT64_MAX};
    for (uint64_t i = 0; i < 39; i++)
        big64[i] = i * 3;
    big64[39] = UINT64_MAX;
    cr_expect_eq(sl_set_intersect(small64, 2, big64, 40), 2);
    cr_expect_eq(sl_set_intersect(big64, 40, small64, 2), 2);
}
