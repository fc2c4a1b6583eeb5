/* The seed reports: 001 re-uses most of 000 and adds more. With a simple
 * local tokenizer (the real one is tested in the text module) the sketch
 * module must see 000 as contained in 001 (reuse), not as a near duplicate,
 * and find the shared passages; the sketches must agree with the exact
 * scores; and unrelated seed pairs must not be reuse. */
#include <criterion/criterion.h>

#include <glob.h>
#include <math.h>

#include "sketch_testutil.h"

static uint64_t *load(const char *pattern, size_t *n)
{
    glob_t g;
    if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc < 1) {
        globfree(&g);
        return NULL;
    }
    size_t len;
    char *text = tu_slurp(g.gl_pathv[0], &len);
    globfree(&g);
    if (!text)
        return NULL;
    uint64_t *t = tu_tokenize(text, len, n);
    sl_free(text);
    return t;
}

Test(sketch_seeds, reuse_of_000_in_001)
{
    size_t na, nb;
    uint64_t *a = load("../shared/seeds/000*.txt", &na);
    uint64_t *b = load("../shared/seeds/001*.txt", &nb);
    if (!a || !b)
        cr_skip_test("../shared/seeds not found (run from the repo root next to ../shared)");
    sl_sketch_params p;
    sl_sketch_params_default(&p);
    sl_evidence ev = {0};
    cr_assert_eq(sl_evidence_compute(&ev, a, na, b, nb, &p), SL_SKETCH_OK);
    cr_log_info("seeds: %zu/%zu tokens, J=%.3f C(000 in 001)=%.3f C(001 in 000)=%.3f shared=%zu passages=%zu",
                na, nb, ev.jaccard, ev.contain_a, ev.contain_b, ev.shared, ev.passages.n);
    cr_expect_geq(ev.contain_a, 0.5, "containment %.3f", ev.contain_a);
    cr_expect_leq(ev.contain_a, 0.8, "containment %.3f", ev.contain_a);
    cr_expect_lt(ev.jaccard, 0.5, "jaccard %.3f", ev.jaccard);
    cr_expect_gt(ev.jaccard, 0.15, "jaccard %.3f", ev.jaccard);
    cr_expect_eq(ev.cls, SL_MATCH_REUSE, "class %s", sl_match_class_name(ev.cls));
    cr_expect_eq(ev.dir, SL_DIR_A_IN_B, "dir %s", sl_match_dir_name(ev.dir));
    cr_expect_geq(ev.passages.n, 1);
    cr_expect_gt(ev.shared_tokens, na / 2, "%zu of %zu tokens in passages", ev.shared_tokens, na);
    size_t longest = 0;
    for (size_t i = 0; i < ev.passages.n; i++)
        longest = SL_MAX(longest, (size_t)(ev.passages.v[i].a_end - ev.passages.v[i].a_start));
    cr_expect_geq(longest, 50, "a long verbatim passage, longest %zu", longest);

    /* the sketches see it too: shared fingerprints, MinHash near exact J */
    sl_sketcher *sk;
    sl_sketch sa = {0}, sb = {0};
    cr_assert_eq(sl_sketcher_new(&sk, &p), 0);
    cr_assert_eq(sl_sketcher_run(sk, &sa, NULL, NULL, a, na), 0);
    cr_assert_eq(sl_sketcher_run(sk, &sb, NULL, NULL, b, nb), 0);
    cr_expect_eq(sa.nshingles, ev.na);
    size_t common = 0;
    for (size_t i = 0; i < sa.fps.n; i++)
        for (size_t j = 0; j < sb.fps.n; j++)
            if (sa.fps.v[i].hash == sb.fps.v[j].hash) {
                common++;
                break;
            }
    cr_expect_gt(common, sa.fps.n / 3, "%zu of %zu fingerprints of 000 found in 001", common,
                 sa.fps.n);
    double est = sl_minhash_jaccard(sa.sig.v, sb.sig.v, p.perms);
    cr_expect_lt(fabs(est - ev.jaccard), 0.15, "MinHash %.3f vs exact %.3f", est, ev.jaccard);
    sl_sketch_free(&sa);
    sl_sketch_free(&sb);
    sl_sketcher_free(sk);
    sl_evidence_free(&ev);
    sl_free(a);
    sl_free(b);
}

Test(sketch_seeds, other_outlets_are_not_reuse)
{
    static const char *const pats[] = {"../shared/seeds/002*.txt", "../shared/seeds/003*.txt",
                                       "../shared/seeds/004*.txt"};
    size_t na;
    uint64_t *a = load("../shared/seeds/000*.txt", &na);
    if (!a)
        cr_skip_test("../shared/seeds not found");
    sl_sketch_params p;
    sl_sketch_params_default(&p);
    for (size_t i = 0; i < SL_ARRAY_LEN(pats); i++) {
        size_t nb;
        uint64_t *b = load(pats[i], &nb);
        if (!b)
            continue;
        sl_evidence ev = {0};
        cr_assert_eq(sl_evidence_compute(&ev, a, na, b, nb, &p), 0);
        cr_log_info("000 vs %s: J=%.3f C=%.3f/%.3f class %s", pats[i], ev.jaccard, ev.contain_a,
                    ev.contain_b, sl_match_class_name(ev.cls));
        cr_expect_neq(ev.cls, SL_MATCH_NEAR, "%s", pats[i]);
        cr_expect_neq(ev.cls, SL_MATCH_EXACT, "%s", pats[i]);
        sl_evidence_free(&ev);
        sl_free(b);
    }
    sl_free(a);
}
