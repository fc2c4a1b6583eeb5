/*
 * test_cluster_eval.c - clustering metrics against hand-computed values.
 */
#include <criterion/criterion.h>

#include "cluster/cluster.h"

typedef struct ecase {
    const char *name;
    size_t n;
    int64_t pred[10], gold[10], topic[10];
    double pair_p, pair_r, b3_p, b3_r, ari;
    size_t npred, ngold, mixed, topics_mixed;
} ecase;

/*
 * Hand computations:
 *  perfect: any perfect partition scores 1.
 *  merged:  gold {0,1,2}{3,4}, pred all one. pairs: pred 10, gold 3+1=4,
 *           shared 4 -> P .4 R 1. B3 P = (3*3/5 + 2*2/5)/5 = 13/25 = .52,
 *           R 1. ARI: sum_ij 4, a 10, b 4, total 10, expected 4, max 7 -> 0.
 *  split:   gold one cluster of 4, pred {0,1}{2,3}: pairs pred 2, gold 6,
 *           shared 2 -> P 1 R 1/3. B3 R = (2*4/4)... each item: 2/4 -> .5.
 *           ARI: sum_ij 2, a 2, b 6, total 6, expected 2, max 4 -> 0.
 *           (topic labels all 0: both events in one topic -> 1 mixed.)
 *  mixed topic: gold events 10,11 (topic 1) and 20 (topic 2); pred puts
 *           10+11 together and 20 alone -> 1 mixed cluster, 1 topic.
 *           pred {0,1,2,3}{4,5}, gold {0,1}{2,3}{4,5}: pairs pred 6+1=7,
 *           gold 1+1+1=3, shared 3 -> P 3/7, R 1. B3 P = (2*4/4*... ) =
 *           items 0-3: 2/4 each, 4-5: 1 -> (4*.5+2)/6 = 2/3. ARI: sum 3,
 *           a 7, b 3, total 15, exp 21/15=1.4, max 5 -> 1.6/3.6 = 4/9.
 *  cross:   gold {0,1}{2,3}, pred {0,2}{1,3}: shared 0, P 0 R 0, B3 .5/.5,
 *           ARI: sum 0, a 2, b 2, total 6, exp 4/6, max 2 -> -(2/3)/(4/3) = -.5.
 */
static const ecase cases[] = {
    {"perfect", 5, {7, 7, 7, 9, 9}, {1, 1, 1, 2, 2}, {0}, 1, 1, 1, 1, 1, 2, 2, 0, 0},
    {"merged", 5, {1, 1, 1, 1, 1}, {0, 0, 0, 1, 1}, {0}, .4, 1, .52, 1, 0, 1, 2, 1, 1},
    {"split", 4, {1, 1, 2, 2}, {5, 5, 5, 5}, {0}, 1, 1.0 / 3, 1, .5, 0, 2, 1, 0, 0},
    {"mixed topic", 6, {1, 1, 1, 1, 2, 2}, {10, 10, 11, 11, 20, 20}, {1, 1, 1, 1, 2, 2},
     3.0 / 7, 1, 2.0 / 3, 1, 4.0 / 9, 2, 3, 1, 1},
    {"cross", 4, {1, 2, 1, 2}, {1, 1, 2, 2}, {3, 3, 3, 3}, 0, 0, .5, .5, -.5, 2, 2, 2, 1},
    {"singletons", 3, {1, 2, 3}, {1, 2, 3}, {0}, 1, 1, 1, 1, 1, 3, 3, 0, 0},
};

Test(cluster_eval, table)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ecase *c = &cases[i];
        sl_cl_eval e;
        cr_assert_eq(sl_cl_evaluate(c->pred, c->gold, c->topic, c->n, &e), SL_CL_OK);
        cr_assert_float_eq(e.pair_p, c->pair_p, 1e-9, "%s pair P %f", c->name, e.pair_p);
        cr_assert_float_eq(e.pair_r, c->pair_r, 1e-9, "%s pair R %f", c->name, e.pair_r);
        cr_assert_float_eq(e.b3_p, c->b3_p, 1e-9, "%s B3 P %f", c->name, e.b3_p);
        cr_assert_float_eq(e.b3_r, c->b3_r, 1e-9, "%s B3 R %f", c->name, e.b3_r);
        cr_assert_float_eq(e.ari, c->ari, 1e-9, "%s ARI %f", c->name, e.ari);
        double f = c->b3_p + c->b3_r > 0 ? 2 * c->b3_p * c->b3_r / (c->b3_p + c->b3_r) : 0;
        cr_assert_float_eq(e.b3_f1, f, 1e-9, "%s", c->name);
        cr_assert_eq(e.pred_clusters, c->npred, "%s", c->name);
        cr_assert_eq(e.gold_clusters, c->ngold, "%s", c->name);
        cr_assert_eq(e.mixed, c->mixed, "%s mixed %zu", c->name, e.mixed);
        cr_assert_eq(e.topics_mixed, c->topics_mixed, "%s", c->name);
    }
}

Test(cluster_eval, edges)
{
    sl_cl_eval e;
    cr_assert_eq(sl_cl_evaluate(NULL, NULL, NULL, 0, &e), SL_CL_OK);
    cr_assert_eq(e.b3_f1, 1);
    cr_assert_eq(e.pred_clusters, 0);
    int64_t x[2] = {1, 1};
    cr_assert_eq(sl_cl_evaluate(NULL, x, NULL, 2, &e), SL_CL_EINVAL);
    cr_assert_eq(sl_cl_evaluate(x, x, NULL, 2, NULL), SL_CL_EINVAL);
    /* no topics: mixed stays 0 */
    int64_t p[3] = {1, 1, 1}, g[3] = {1, 2, 3};
    cr_assert_eq(sl_cl_evaluate(p, g, NULL, 3, &e), SL_CL_OK);
    cr_assert_eq(e.mixed, 0);
    cr_assert_eq(e.pair_p, 0);
    cr_assert_eq(e.pair_r, 1);
}
