/*
 * test_cluster_args.c - event arguments (sl_cl_args_extract): which
 * numbers become a unit and a value, which are skipped, and how the
 * clusterer scores agreeing and conflicting arguments (arg_pen, arg_bonus,
 * arg_agree_min).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "cluster/cluster.h"
#include "common/common.h"
#include "entity/entity.h"
#include "text/text.h"

static sl_text *tx;
static sl_entity *en;

static void setup(void)
{
    tx = sl_text_new("en");
    en = sl_entity_new(NULL);
    cr_assert(tx && en);
}

static void teardown(void)
{
    sl_text_free(tx);
    sl_entity_free(en);
}

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
    sl_buf b = {0};
    sl_buf_puts(&b, title);
    sl_buf_putc(&b, '\n');
    sl_buf_puts(&b, body);
    sl_doc doc = {0};
    sl_mentions ms = {0};
    cr_assert_eq(sl_text_analyze(tx, b.p, b.len, NULL, 0, &doc), 0);
    cr_assert_eq(sl_entity_extract(en, b.p, b.len, &ms), 0);
    cr_assert_eq(sl_cl_article_build(NULL, NULL, &doc, b.p, &ms, (uint32_t)strlen(title),
                                     SL_CL_NODAY, out),
                 SL_CL_OK);
    sl_doc_free(&doc);
    sl_mentions_free(&ms);
    sl_buf_free(&b);
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
