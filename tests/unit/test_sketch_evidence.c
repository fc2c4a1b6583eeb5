/* Evidence: classes, direction, passages and their invariants on edge
 * input (empty, one word, shorter than k, identical, degenerate runs, a
 * 5 MB article, CJK characters). */
#include <criterion/criterion.h>

#include "sketch_testutil.h"

static sl_sketch_params P;

static void setup(void)
{
    sl_sketch_params_default(&P);
}

/* Every passage is real, ordered, and disjoint in A and B. */
static void check_passages(const sl_evidence *ev, const uint64_t *a, size_t na, const uint64_t *b,
                           size_t nb)
{
    size_t covered = 0;
    uint8_t *usedb = sl_calloc(nb + 1, 1);
    for (size_t i = 0; i < ev->passages.n; i++) {
        const sl_passage *p = &ev->passages.v[i];
        cr_assert_lt(p->a_start, p->a_end);
        cr_assert_eq(p->a_end - p->a_start, p->b_end - p->b_start);
        cr_assert_leq(p->a_end, na);
        cr_assert_leq(p->b_end, nb);
        cr_assert_arr_eq(a + p->a_start, b + p->b_start, (p->a_end - p->a_start) * sizeof *a);
        if (i)
            cr_assert_geq(p->a_start, ev->passages.v[i - 1].a_end, "disjoint and sorted in A");
        for (uint32_t j = p->b_start; j < p->b_end; j++) {
            cr_assert(!usedb[j], "overlap in B at %u", j);
            usedb[j] = 1;
        }
        covered += p->a_end - p->a_start;
    }
    cr_assert_eq(covered, ev->shared_tokens);
    sl_free(usedb);
}

static void run(sl_evidence *ev, const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    cr_assert_eq(sl_evidence_compute(ev, a, na, b, nb, &P), SL_SKETCH_OK);
    check_passages(ev, a, na, b, nb);
}

/* Token sequences written as letters: each letter is one token. */
static uint64_t *letters(const char *s, size_t *n)
{
    *n = strlen(s);
    uint64_t *t = sl_malloc((*n + 1) * sizeof *t);
    for (size_t i = 0; i < *n; i++)
        t[i] = 1000 + (uint64_t)(unsigned char)s[i];
    return t;
}

static const struct {
    const char *a, *b;
    int cls, dir;
    size_t npass;
} cases[] = {
    {"", "", SL_MATCH_NONE, SL_DIR_NONE, 0},
    {"", "abcdefgh", SL_MATCH_NONE, SL_DIR_NONE, 0},
    {"a", "a", SL_MATCH_EXACT, SL_DIR_EQUAL, 1},            /* one word */
    {"a", "b", SL_MATCH_NONE, SL_DIR_NONE, 0},
    {"abc", "abc", SL_MATCH_EXACT, SL_DIR_EQUAL, 1},        /* shorter than k */
    {"abc", "abcdefgh", SL_MATCH_NONE, SL_DIR_NONE, 0},     /* a short shingle never equals a full one */
    {"abcdefghij", "abcdefghij", SL_MATCH_EXACT, SL_DIR_EQUAL, 1},
    {"abcdefghij", "abcdefghiX", SL_MATCH_NONE, SL_DIR_EQUAL, 1}, /* J = 5/7: below near, too few for reuse */
    {"abcdefghij", "XYZWVU", SL_MATCH_NONE, SL_DIR_NONE, 0},
    {"abcdefghijklmno", "abcdeXfghijklmno", SL_MATCH_NONE, SL_DIR_A_IN_B, 2}, /* insertion: B is larger */
};

Test(sketch_evidence, small_table, .init = setup)
{
    for (size_t c = 0; c < SL_ARRAY_LEN(cases); c++) {
        size_t na, nb;
        uint64_t *a = letters(cases[c].a, &na), *b = letters(cases[c].b, &nb);
        sl_evidence ev = {0};
        run(&ev, a, na, b, nb);
        cr_expect_eq(ev.cls, cases[c].cls, "case %zu: class %s", c, sl_match_class_name(ev.cls));
        cr_expect_eq(ev.dir, cases[c].dir, "case %zu: dir %s", c, sl_match_dir_name(ev.dir));
        cr_expect_eq(ev.passages.n, cases[c].npass, "case %zu: %zu passages", c, ev.passages.n);
        sl_evidence_free(&ev);
        sl_free(a);
        sl_free(b);
    }
}

Test(sketch_evidence, near_and_reuse_thresholds, .init = setup)
{
    uint64_t rng = 10;
    uint64_t *a = tu_tokens(1000, 50000, &rng);
    uint64_t *b = sl_malloc(2000 * sizeof *b);
    sl_evidence ev = {0};

    /* B = A with 3 tokens changed: near duplicate */
    memcpy(b, a, 1000 * sizeof *a);
    b[100] = 1, b[500] = 2, b[900] = 3;
    run(&ev, a, 1000, b, 1000);
    cr_expect_eq(ev.cls, SL_MATCH_NEAR);
    cr_expect_eq(ev.passages.n, 4);
    cr_expect_gt(ev.jaccard, 0.95);

    /* B = first 600 tokens of A + 1,000 new ones: A is 60% contained */
    memcpy(b, a, 600 * sizeof *a);
    uint64_t *fresh = tu_tokens(1000, 50000, &rng);
    memcpy(b + 600, fresh, 1000 * sizeof *b);
    run(&ev, a, 1000, b, 1600);
    cr_expect_eq(ev.cls, SL_MATCH_REUSE, "class %s", sl_match_class_name(ev.cls));
    cr_expect_eq(ev.dir, SL_DIR_A_IN_B);
    cr_expect_float_eq(ev.contain_a, 596.0 / 996.0, 0.01);
    cr_expect_eq(ev.passages.n, 1);
    cr_expect_eq(ev.passages.v[0].a_start, 0);
    cr_expect_eq(ev.passages.v[0].a_end, 600);

    /* swapped: B is the contained one */
    run(&ev, b, 1600, a, 1000);
    cr_expect_eq(ev.dir, SL_DIR_B_IN_A);

    /* a 30-token quote: containment small, not reuse */
    memcpy(b, fresh, 1000 * sizeof *b);
    memcpy(b + 400, a + 200, 30 * sizeof *a);
    run(&ev, a, 1000, b, 1000);
    cr_expect_eq(ev.cls, SL_MATCH_NONE);
    cr_expect_eq(ev.passages.n, 1);
    cr_expect_eq(ev.passages.v[0].a_start, 200);
    cr_expect_eq(ev.passages.v[0].b_start, 400);
    cr_expect_eq(ev.passages.v[0].a_end, 230);

    /* a short article entirely quoted: containment 1 but < min_shared */
    run(&ev, a + 10, 15, a, 1000);
    cr_expect_float_eq(ev.contain_a, 1.0, 1e-9);
    cr_expect_eq(ev.shared, 11);
    cr_expect_eq(ev.cls, SL_MATCH_NONE);
    sl_evidence_free(&ev);
    sl_free(a);
    sl_free(b);
    sl_free(fresh);
}

Test(sketch_evidence, reordered_paragraphs, .init = setup)
{
    uint64_t rng = 11, *a = tu_tokens(900, 50000, &rng), b[900];
    memcpy(b, a + 600, 300 * sizeof *a); /* C A B */
    memcpy(b + 300, a, 300 * sizeof *a);
    memcpy(b + 600, a + 300, 300 * sizeof *a);
    sl_evidence ev = {0};
    run(&ev, a, 900, b, 900);
    cr_expect_eq(ev.passages.n, 2, "A+B joined, C separate: %zu", ev.passages.n);
    cr_expect_eq(ev.shared_tokens, 900);
    cr_expect_eq(ev.cls, SL_MATCH_NEAR);
    sl_evidence_free(&ev);
    sl_free(a);
}

Test(sketch_evidence, ten_thousand_identical_tokens, .init = setup)
{
    size_t n = 10000;
    uint64_t *a = sl_malloc(n * sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] = 7;
    sl_evidence ev = {0};
    run(&ev, a, n, a, n);
    cr_assert_eq(ev.cls, SL_MATCH_EXACT);
    cr_assert_eq(ev.na, 1);
    cr_assert_eq(ev.passages.n, 1);
    cr_assert_eq(ev.shared_tokens, n);
    /* against half of it: the one shared shingle makes J = 1 */
    run(&ev, a, n, a, n / 2);
    cr_assert_eq(ev.cls, SL_MATCH_NEAR);
    cr_assert_eq(ev.passages.n, 1, "B is used up after one passage");
    sl_evidence_free(&ev);
    sl_free(a);
}

Test(sketch_evidence, five_megabyte_article, .init = setup, .timeout = 60)
{
    /* 5 MB of text is ~850,000 tokens */
    size_t n = 850000;
    uint64_t rng = 12, *a = tu_tokens(n, 100000, &rng);
    uint64_t *b = sl_malloc(n * sizeof *b);
    memcpy(b, a, n * sizeof *a);
    for (size_t i = 0; i < 1000; i++)
        b[400000 + i] = tu_rand(&rng);
    sl_evidence ev = {0};
    run(&ev, a, n, b, n);
    cr_assert_eq(ev.cls, SL_MATCH_NEAR);
    cr_assert_eq(ev.passages.n, 2);
    cr_assert_eq(ev.passages.v[0].a_end, 400000);
    cr_assert_eq(ev.passages.v[1].a_start, 401000);

    sl_sketch_params p;
    sl_sketch_params_default(&p);
    sl_sketcher *sk;
    sl_sketch s = {0};
    uint64_t keys[64];
    size_t nk;
    cr_assert_eq(sl_sketcher_new(&sk, &p), SL_SKETCH_OK);
    cr_assert_eq(sl_sketcher_run(sk, &s, keys, &nk, a, n), SL_SKETCH_OK);
    cr_assert_eq(nk, 21);
    cr_assert_eq(s.ntokens, n);
    double expect = 2.0 * (double)(n - 4) / 17.0;
    cr_assert(s.fps.n > expect * 0.9 && s.fps.n < expect * 1.1, "%zu fingerprints", s.fps.n);
    sl_sketch_free(&s);
    sl_sketcher_free(sk);
    sl_evidence_free(&ev);
    sl_free(a);
    sl_free(b);
}

Test(sketch_evidence, cjk_characters, .init = setup)
{
    /* The same sentence of 24 characters quoted inside a longer text,
     * tokens = code points, k = 3 for characters. */
    static const uint32_t quote[] = {0x56fd, 0x9645, 0x539f, 0x5b50, 0x80fd, 0x673a, 0x6784, 0x8868,
                                     0x793a, 0x4f0a, 0x6717, 0x5df2, 0x7ecf, 0x505c, 0x6b62, 0x6d53,
                                     0x7f29, 0x94c0, 0x6d3b, 0x52a8, 0x4eca, 0x5929, 0x5ba3, 0x5e03};
    uint64_t a[24], b[64], rng = 13;
    for (int i = 0; i < 24; i++)
        a[i] = sl_hash64(&quote[i], 4);
    for (int i = 0; i < 64; i++)
        b[i] = tu_rand(&rng);
    memcpy(b + 20, a, sizeof a);
    sl_sketch_params p = P;
    cr_assert_eq(sl_sketch_param_set(&p, "k", 3), 0);
    cr_assert_eq(sl_sketch_param_set(&p, "min_shared", 10), 0);
    sl_evidence ev = {0};
    cr_assert_eq(sl_evidence_compute(&ev, a, 24, b, 64, &p), SL_SKETCH_OK);
    cr_assert_eq(ev.cls, SL_MATCH_REUSE);
    cr_assert_eq(ev.dir, SL_DIR_A_IN_B);
    cr_assert_eq(ev.passages.n, 1);
    cr_assert_eq(ev.passages.v[0].b_start, 20);
    cr_assert_eq(ev.passages.v[0].b_end, 44);
    sl_evidence_free(&ev);
}

Test(sketch_evidence, bad_arguments, .init = setup)
{
    sl_evidence ev = {0};
    uint64_t t[3] = {1, 2, 3};
    sl_sketch_params bad = P;
    bad.k = 0;
    cr_assert_eq(sl_evidence_compute(&ev, t, 3, t, 3, &bad), SL_SKETCH_EINVAL);
    cr_assert_eq(sl_evidence_compute(&ev, NULL, 3, t, 3, &P), SL_SKETCH_EINVAL);
    cr_assert_eq(sl_evidence_compute(NULL, t, 3, t, 3, &P), SL_SKETCH_EINVAL);
    sl_evidence_free(&ev);
    sl_evidence_free(NULL);
}

Test(sketch_evidence, allocation_failure_is_reported_without_leaks, .init = setup)
{
    uint64_t rng = 14, *a = tu_tokens(300, 100, &rng);
    int failed = 0;
    for (long f = 0; f < 12; f++) {
        sl_evidence ev = {0};
        sl_alloc_fail_after(f);
        int rc = sl_evidence_compute(&ev, a, 300, a, 300, &P);
        sl_alloc_fail_after(-1);
        cr_assert(rc == SL_SKETCH_OK || rc == SL_SKETCH_ENOMEM, "fail after %ld: %d", f, rc);
        failed += rc == SL_SKETCH_ENOMEM;
        if (rc == SL_SKETCH_OK)
            cr_assert_eq(ev.cls, SL_MATCH_EXACT);
        sl_evidence_free(&ev);
    }
    cr_assert_geq(failed, 5);
    sl_free(a);
}

/* Random rewrites: B is made of pieces of A (some reordered) and new text.
 * Every planted piece of >= 2k tokens must be covered by passages, and the
 * passage invariants must hold. Tokens are drawn from a huge vocabulary so
 * pieces are unique in A. */
Test(sketch_evidence, random_rewrites_keep_invariants, .init = setup)
{
    uint64_t rng = 15;
    for (int t = 0; t < 100; t++) {
        size_t na = 200 + tu_rand(&rng) % 800;
        uint64_t *a = tu_tokens(na, 1ull << 40, &rng);
        uint64_t *b = sl_malloc(4 * na * sizeof *b);
        size_t nb = 0, planted = 0;
        size_t starts[8], lens[8], bstarts[8];
        int np = (int)(tu_rand(&rng) % 8);
        for (int i = 0; i < np; i++) {
            size_t gap = tu_rand(&rng) % 30;
            for (size_t g = 0; g < gap; g++)
                b[nb++] = tu_rand(&rng);
            size_t len = 10 + tu_rand(&rng) % 60, st = tu_rand(&rng) % (na - len);
            memcpy(b + nb, a + st, len * sizeof *a);
            starts[planted] = st, lens[planted] = len, bstarts[planted] = nb;
            planted++;
            nb += len;
        }
        sl_evidence ev = {0};
        run(&ev, a, na, b, nb);
        for (size_t i = 0; i < planted; i++) {
            /* pieces may overlap in A; only check pieces disjoint from others */
            int alone = 1;
            for (size_t j = 0; j < planted; j++)
                if (j != i && starts[j] < starts[i] + lens[i] && starts[i] < starts[j] + lens[j])
                    alone = 0;
            if (!alone)
                continue;
            size_t cov = 0;
            for (size_t q = 0; q < ev.passages.n; q++) {
                const sl_passage *p = &ev.passages.v[q];
                if (p->b_start <= bstarts[i] && p->b_end >= bstarts[i] + lens[i])
                    cov = lens[i];
            }
            cr_assert_eq(cov, lens[i], "trial %d piece %zu (A %zu+%zu at B %zu) not covered", t, i,
                         starts[i], lens[i], bstarts[i]);
        }
        sl_evidence_free(&ev);
        sl_free(a);
        sl_free(b);
    }
}
