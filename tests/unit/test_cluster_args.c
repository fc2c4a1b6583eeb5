/*
 * test_cluster_args.c - event arguments (sl_cl_args_extract): which
 * numbers become a unit and a value (ages stated without "-year-old"
 * included), which are skipped, and how the
 * clusterer scores agreeing and conflicting arguments (arg_pen, arg_bonus,
 * arg_agree_min, arg_spec: values common in the stream earn no bonus).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "cluster/cluster.h"
#include "common/common.h"
#include "entity/entity.h"
#include "text/text.h"

#include "cluster_testutil.h"

TestSuite(cluster_args, .init = setup, .fini = teardown);

static uint64_t key(const char *unit, const char *value)
{
    return sl_cl_arg_key(unit, strlen(unit), value, strlen(value));
}

/* Extracts the arguments of text (with the text, or without: NULL). */
static size_t extract(const char *text, int with_text, uint64_t *out, size_t cap)
{
    sl_doc doc = {0};
    cr_assert_eq(sl_text_analyze(tx, text, strlen(text), NULL, 0, &doc), 0);
    size_t n = sl_cl_args_extract(&doc, with_text ? text : NULL, out, cap);
    sl_doc_free(&doc);
    return n;
}

Test(cluster_args, table)
{
    static const struct {
        const char *text;
        const char *unit[3], *value[3]; /* expected keys in text order */
        size_t n;
    } cases[] = {
        /* units */
        {"The 36-year-old champion won.", {"year-old"}, {"36"}, 1},
        {"The 36 - year - old champion won.", {"year-old"}, {"36"}, 1},
        {"A 6.1-magnitude quake hit.", {"magnitude"}, {"6.1"}, 1},
        {"The quake killed 3 people.", {"people"}, {"3"}, 1},
        {"About 1,500 homes were damaged.", {"home"}, {"1500"}, 1},
        {"He stopped him in the 6th round.", {"round"}, {"6"}, 1},
        {"an offer of $200 million", {"million"}, {"200"}, 1},
        {"Klitschko (52-3, 46 knockouts) won.", {"#score", "knockout"}, {"52-3", "46"}, 2},
        {"It happened in 2008 and again in 2011.", {"#year", "#year"}, {"2008", "2011"}, 2},
        {"The 2012 season ended.", {"#year"}, {"2012"}, 1},
        {"They waited 45 minutes and 3 hours.", {"minute", "hour"}, {"45", "3"}, 2},
        /* ages without "-year-old" */
        {"Bettie Page, 85, died on Thursday.", {"year-old"}, {"85"}, 1},
        {"Bettie Page , 85 , died on Thursday.", {"year-old"}, {"85"}, 1},
        {"She died aged 85 in Los Angeles.", {"year-old"}, {"85"}, 1},
        {"She died at the age of 85.", {"year-old"}, {"85"}, 1},
        {"She died at age 91 on Thursday.", {"year-old"}, {"91"}, 1},
        {"In Chapter 7, 2 pages were torn.", {"page"}, {"2"}, 1}, /* not after a comma */
        {"Oscar Night, 9, was long.", {NULL}, {NULL}, 0},        /* under 10 */
        {"the crowd, 85, cheered", {NULL}, {NULL}, 0},          /* not after a name */
        {"Boeing, 747, and Airbus", {NULL}, {NULL}, 0},         /* over 120 */
        /* skipped */
        {"", {NULL}, {NULL}, 0},
        {"No figures here at all.", {NULL}, {NULL}, 0},
        {"It started at 10:30 pm.", {NULL}, {NULL}, 0},
        {"It started at 7: 40 pm.", {NULL}, {NULL}, 0},
        {"It opened at 10am on time.", {NULL}, {NULL}, 0},
        {"Flight MH17 was lost.", {NULL}, {NULL}, 0},
        {"On 7 July they met.", {NULL}, {NULL}, 0},   /* capitalised word */
        {"The toll rose to 7, officials said.", {NULL}, {NULL}, 0},
        {"The toll rose to 7 on Monday.", {NULL}, {NULL}, 0}, /* stopword */
        {"In 1492 ships sailed.", {"ship"}, {"1492"}, 1},  /* not a year: outside 1800..2199 */
        {"It cost 12345678901234567890123456789012345 dollars.", {NULL}, {NULL}, 0}, /* too long */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t got[8];
        size_t n = extract(cases[i].text, 1, got, 8);
        cr_assert_eq(n, cases[i].n, "case %zu (%s): %zu keys", i, cases[i].text, n);
        for (size_t k = 0; k < n; k++)
            cr_assert_eq(got[k], key(cases[i].unit[k], cases[i].value[k]), "case %zu (%s) key %zu",
                         i, cases[i].text, k);
    }
}

Test(cluster_args, without_text_and_caps)
{
    uint64_t got[4];
    /* without the text a spaced hyphen cannot be seen: "36" and "year"
     * are three bytes apart, so nothing pairs */
    cr_assert_eq(extract("The 36 - year - old won.", 0, got, 4), 0);
    cr_assert_eq(extract("The quake killed 3 people.", 0, got, 4), 1);
    cr_assert_eq(got[0], key("people", "3"));
    /* the cap holds, in text order */
    cr_assert_eq(extract("In 2001, 2002, 2003 and 2004.", 1, got, 2), 2);
    cr_assert_eq(got[1], key("#year", "2002"));
    cr_assert_eq(extract("In 2001.", 1, got, 0), 0);
    cr_assert_eq(sl_cl_args_extract(NULL, NULL, got, 4), 0);
    /* keys are never 0 and keep the unit in the high bits */
    uint64_t a = key("people", "3"), b = key("people", "4");
    cr_assert_neq(a, 0);
    cr_assert_eq(a >> SL_CL_ARG_VBITS, b >> SL_CL_ARG_VBITS);
}

static void make(const char *title, const char *body, sl_cl_article *out)
{
    cl_make(NULL, NULL, title, body, SL_CL_NODAY, 1, out);
}

Test(cluster_args, scoring)
{
    const char *t = "Champion stops challenger in Mannheim";
    sl_cl_article a = {0}, same = {0}, other = {0};
    make(t, "The 32-year-old champion won in the 7th round and is now 52-3.", &a);
    make(t, "The 32-year-old champion won in the 7th round and is now 52-3.", &same);
    make(t, "The 36-year-old champion won in the 6th round and is now 58-3.", &other);
    cr_assert_eq(a.args.n, 3);
    sl_cl_why w;
    cr_assert_eq(sl_cluster_why(NULL, &same, &a, &w), SL_CL_OK);
    cr_assert_eq(w.args_agree, 3);
    cr_assert_eq(w.args_conflict, 0);
    cr_assert_float_eq(w.args, 2.0, 1e-9, "defaults: bonus 1 x r 1");
    cr_assert_eq(sl_cluster_why(NULL, &other, &a, &w), SL_CL_OK);
    cr_assert_eq(w.args_agree, 0);
    cr_assert_eq(w.args_conflict, 3);
    cr_assert_float_eq(w.args, 0.8, 1e-9, "defaults: penalty 0.2 x r 1");
    /* the factor itself: smoothing, the agreement minimum, off */
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    p.arg_pen = 0.5, p.arg_bonus = 1, p.arg_k = 1, p.arg_agree_min = 2;
    sl_cluster *c = sl_cluster_new(&p);
    cr_assert(c);
    cr_assert_eq(sl_cluster_why(c, &other, &a, &w), SL_CL_OK);
    cr_assert_float_eq(w.args, 1 - 0.5 * 3.0 / 4.0, 1e-9);
    sl_cluster_free(c);
    sl_cl_article one = {0};
    make(t, "The 32-year-old champion won.", &one);
    p.arg_k = 0;
    c = sl_cluster_new(&p);
    cr_assert_eq(sl_cluster_why(c, &one, &a, &w), SL_CL_OK);
    cr_assert_eq(w.args_agree, 1);
    cr_assert_float_eq(w.args, 1.0, 1e-9, "one shared figure is below arg_agree_min");
    sl_cluster_free(c);
    /* bad values are refused */
    cr_assert_eq(sl_cluster_param_set(&p, "arg_pen", 1.5), SL_CL_EINVAL);
    cr_assert_eq(sl_cluster_param_set(&p, "arg_bonus", -1), SL_CL_EINVAL);
    cr_assert_eq(sl_cluster_param_set(&p, "top_args", 2.5), SL_CL_EINVAL);
    sl_cl_article_free(&a);
    sl_cl_article_free(&same);
    sl_cl_article_free(&other);
    sl_cl_article_free(&one);
}

/* A made-up word of its own for each (i, k): no two filler articles share
 * a word. */
static void word(char *out, int i, int k, int cap)
{
    static const char *syl[] = {"ka", "lo", "mi", "ru", "te", "vo", "zi", "pa", "ne", "gu"};
    int n = i * 16 + k;
    snprintf(out, 16, "%s%s%s%s", cap ? "Qu" : "qu", syl[n % 10], syl[n / 10 % 10],
             syl[n / 100 % 10]);
}

/* Unrelated stories that share only a year and a common figure: the
 * shared values say "same period", not "same event", so they must not earn
 * the agreement bonus (arg_spec); a value few stories took still does. */
Test(cluster_args, common_values_no_bonus)
{
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    cr_assert_gt(p.arg_spec, 0);
    for (int spec_on = 1; spec_on >= 0; spec_on--) {
        if (!spec_on)
            p.arg_spec = 0;
        sl_cluster *c = sl_cluster_new(&p);
        cr_assert(c);
        /* 20 stories on 20 unrelated subjects (one article each, placed by
         * id), every one stating the year 2009 and a rise of 10 percent */
        for (int i = 0; i < 20; i++) {
            char w[9][16], title[64], body[256];
            for (int k = 0; k < 9; k++)
                word(w[k], i, k, k == 0 || k == 4);
            snprintf(title, sizeof title, "%s %s %s", w[0], w[1], w[2]);
            snprintf(body, sizeof body, "%s %s %s in 2009, when %s %s rose 10 percent.", w[0], w[3],
                     w[1], w[4], w[5]);
            sl_cl_article f = {0};
            make(title, body, &f);
            sl_cl_result r;
            cr_assert_eq(sl_cluster_add_forced(c, &f, (uint64_t)i + 1, &r), SL_CL_OK);
            cr_assert(r.is_new);
            sl_cl_article_free(&f);
        }
        sl_cl_article x = {0}, y = {0}, z = {0};
        make("Quake hits Lorvania",
             "A 6.1-magnitude quake killed 37 people in Lorvania in 2009, and prices rose 10 percent.",
             &x);
        make("Pemberg votes for a new mayor",
             "Voters in Pemberg elected a mayor in 2009, and turnout rose 10 percent.", &y);
        make("Lorvania mourns",
             "The 6.1-magnitude quake that killed 37 people in 2009 left prices 10 percent higher.",
             &z);
        sl_cl_result r;
        cr_assert_eq(sl_cluster_add_forced(c, &x, 21, &r), SL_CL_OK);
        cr_assert(r.is_new);
        sl_cl_why w;
        cr_assert_eq(sl_cluster_why_story(c, &y, r.story, &w), SL_CL_OK);
        cr_assert_eq(w.args_agree, 2, "the year and the percentage are shared");
        cr_assert_eq(w.args_conflict, 0);
        if (spec_on)
            cr_assert_float_eq(w.args, 1.0, 1e-9, "values 21 of 21 stories took: no bonus");
        else
            cr_assert_float_eq(w.args, 2.0, 1e-9, "arg_spec 0: any shared value counts");
        /* the quake's own figures (one story took them) still count; the
         * year and the percentage add to the evidence but not the bonus */
        cr_assert_eq(sl_cluster_why_story(c, &z, r.story, &w), SL_CL_OK);
        cr_assert_eq(w.args_agree, 4);
        cr_assert_float_eq(w.args, spec_on ? 1.5 : 2.0, 1e-9);
        sl_cl_article_free(&x);
        sl_cl_article_free(&y);
        sl_cl_article_free(&z);
        sl_cluster_free(c);
    }
}
