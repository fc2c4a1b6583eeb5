/* The parameter table: defaults, bounds, setting by name, cross-field
 * checks, and the sketcher refusing bad parameters. */
#include <criterion/criterion.h>

#include <math.h>

#include "sketch_testutil.h"

Test(sketch_params, table_is_consistent)
{
    size_t n;
    const sl_sketch_param_info *t = sl_sketch_param_table(&n);
    cr_assert_geq(n, 10);
    sl_sketch_params p;
    sl_sketch_params_default(&p);
    for (size_t i = 0; i < n; i++) {
        double v;
        cr_assert_eq(sl_sketch_param_get(&p, t[i].name, &v), 0, "%s", t[i].name);
        cr_expect_eq(v, t[i].def, "%s default", t[i].name);
        cr_expect(t[i].min <= t[i].def && t[i].def <= t[i].max, "%s bounds", t[i].name);
        cr_expect(t[i].help && strlen(t[i].help) > 10, "%s help", t[i].name);
    }
    cr_assert_eq(sl_sketch_params_check(&p, NULL, 0), SL_SKETCH_OK);
    cr_assert_eq(p.k, 5);
    cr_assert_eq(p.perms, 128);
    cr_assert_eq(p.method, SL_MINHASH_OPH);
    cr_assert_eq(p.w, 16);
    int b, r;
    cr_assert_eq(sl_sketch_params_bands(&p, &b, &r), 0);
    cr_assert_eq(b, 21);
    cr_assert_eq(r, 6);
}

static const struct { const char *name; double v; int ok; } set_cases[] = {
    {"k", 5, 1}, {"k", 0, 0}, {"k", 65, 0}, {"k", 2.5, 0}, {"k", NAN, 0},
    {"perms", 16, 1}, {"perms", 2048, 0}, {"method", 1, 1}, {"method", 2, 0},
    {"w", 1, 1}, {"w", 0, 0}, {"near", 0.9, 1}, {"near", 1.1, 0}, {"reuse", 0.0, 0},
    {"seed", 4294967295.0, 1}, {"seed", -1, 0}, {"nope", 1, 0}, {NULL, 1, 0},
    {"min_shared", 0, 0}, {"recall", 1.0, 0},
};

Test(sketch_params, set_by_name)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(set_cases); i++) {
        sl_sketch_params p, before;
        sl_sketch_params_default(&p);
        before = p;
        int rc = sl_sketch_param_set(&p, set_cases[i].name, set_cases[i].v);
        cr_expect_eq(rc == SL_SKETCH_OK, set_cases[i].ok, "case %zu (%s)", i,
                     set_cases[i].name ? set_cases[i].name : "NULL");
        if (!set_cases[i].ok)
            cr_expect_arr_eq(&p, &before, sizeof p, "unchanged on error");
        else
            cr_expect_eq(sl_sketch_params_check(&p, NULL, 0), SL_SKETCH_OK);
    }
}

Test(sketch_params, cross_field_rules)
{
    sl_sketch_params p;
    char err[128];
    sl_sketch_params_default(&p);
    p.bands = 20;
    cr_assert_eq(sl_sketch_params_check(&p, err, sizeof err), SL_SKETCH_EINVAL);
    cr_assert(strstr(err, "bands"), "%s", err);
    p.rows = 7;
    cr_assert_eq(sl_sketch_params_check(&p, err, sizeof err), SL_SKETCH_EINVAL, "140 > 128");
    p.rows = 6;
    cr_assert_eq(sl_sketch_params_check(&p, err, sizeof err), SL_SKETCH_OK);
    int b, r;
    sl_sketch_params_bands(&p, &b, &r);
    cr_assert_eq(b, 20);
    p.k = 99;
    cr_assert_eq(sl_sketch_params_check(&p, err, sizeof err), SL_SKETCH_EINVAL);
    cr_assert(strstr(err, "k"), "%s", err);
    sl_sketcher *sk = (sl_sketcher *)1;
    cr_assert_eq(sl_sketcher_new(&sk, &p), SL_SKETCH_EINVAL);
    cr_assert_null(sk);
    sl_sketcher_free(NULL);
}

Test(sketch_params, mismatch_lists_every_difference)
{
    sl_sketch_params a, b;
    char msg[256];
    sl_sketch_params_default(&a);
    b = a;
    cr_assert_eq(sl_sketch_params_mismatch(&a, &b, msg, sizeof msg), 0);
    cr_assert_str_eq(msg, "");
    b.k = 7, b.w = 20, b.near = 0.5;
    cr_assert_eq(sl_sketch_params_mismatch(&a, &b, msg, sizeof msg), 2);
    cr_assert_str_eq(msg, "built with k=5, w=16, opened with k=7, w=20");
}
