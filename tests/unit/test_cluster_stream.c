/*
 * test_cluster_stream.c - behaviour of the story clusterer on small streams
 * of real-looking articles (text -> sl_text + sl_entity -> sl_cl_article).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "cluster/cluster.h"
#include "common/common.h"
#include "date/date.h"
#include "entity/entity.h"
#include "text/text.h"

#include "cluster_testutil.h"

TestSuite(cluster_stream, .init = setup, .fini = teardown);

static int32_t day_of(const char *ymd)
{
    if (!ymd)
        return SL_CL_NODAY;
    sl_ymd d;
    cr_assert_eq(sl_date_parse_meta(ymd, strlen(ymd), &d), 0, "%s", ymd);
    return (int32_t)sl_date_to_days(d.y, d.m, d.d);
}

/* Builds the representation of title + "\n" + body dated ymd (NULL: unknown). */
static void make(const sl_cluster *c, const char *title, const char *body, const char *ymd,
                 sl_cl_article *out)
{
    cl_make(c, NULL, title, body, day_of(ymd), 1, out);
}

static uint64_t add(sl_cluster *c, const char *title, const char *body, const char *ymd)
{
    sl_cl_article a = {0};
    make(c, title, body, ymd, &a);
    sl_cl_result r;
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    sl_cl_article_free(&a);
    return r.story;
}

/* Background stories so that IDF means something. */
static const char *bg[][2] = {
    {"Central bank raises interest rates", "The central bank raised its benchmark interest rate by a quarter point on Wednesday, citing stubborn inflation in services and wages."},
    {"Storm knocks out power to thousands", "A winter storm brought heavy snow and freezing rain, leaving thousands of homes without power and closing schools across the region."},
    {"Team wins championship in overtime", "The home team won the championship in overtime after a late goal, ending a drought of more than two decades for its fans."},
    {"New smartphone goes on sale", "The company's new smartphone went on sale on Friday with a faster chip, a brighter screen and a longer battery life."},
    {"Parliament passes budget bill", "Lawmakers passed the annual budget bill after a long night of debate over spending on hospitals, roads and defence."},
};

static void background(sl_cluster *c, const char *ymd)
{
    for (size_t i = 0; i < sizeof bg / sizeof bg[0]; i++)
        add(c, bg[i][0], bg[i][1], ymd);
}

static const char *quake_a_t = "Strong earthquake strikes northern Chile near Iquique";
static const char *quake_a_b = "A magnitude 6.8 earthquake struck off the coast of northern Chile near the port city of Iquique on Tuesday, "
    "killing two people and damaging hundreds of homes, Chile's emergency office ONEMI said. "
    "President Gabriel Boric said rescue teams were on their way to Iquique and Alto Hospicio.";
static const char *quake_a2_t = "Chile quake: Iquique counts damage after magnitude 6.8 tremor";
static const char *quake_a2_b = "Residents of Iquique cleared rubble on Wednesday after the magnitude 6.8 earthquake that hit northern Chile. "
    "ONEMI said two people died and more than 300 homes were damaged in Iquique and Alto Hospicio. "
    "Boric visited the port city and promised help.";
static const char *quake_b_t = "Strong earthquake strikes eastern Turkey near Malatya";
static const char *quake_b_b = "A magnitude 6.8 earthquake struck eastern Turkey near the city of Malatya on Tuesday, "
    "killing two people and damaging hundreds of homes, Turkey's disaster agency AFAD said. "
    "President Recep Tayyip Erdogan said rescue teams were on their way to Malatya and Elazig.";

Test(cluster_stream, same_event_joins, .description = "two reports of one quake form one story")
{
    sl_cluster *c = sl_cluster_new(NULL);
    background(c, "2023-03-01");
    uint64_t s1 = add(c, quake_a_t, quake_a_b, "2023-03-07");
    uint64_t s2 = add(c, quake_a2_t, quake_a2_b, "2023-03-08");
    cr_assert_eq(s1, s2);
    sl_cluster_free(c);
}

Test(cluster_stream, same_kind_same_day_other_place, .description = "two quakes on one day in two countries are two stories")
{
    sl_cluster *c = sl_cluster_new(NULL);
    background(c, "2023-03-01");
    uint64_t s1 = add(c, quake_a_t, quake_a_b, "2023-03-07");
    uint64_t s2 = add(c, quake_b_t, quake_b_b, "2023-03-07");
    cr_assert_neq(s1, s2, "the Turkish quake joined the Chilean one");
    uint64_t s3 = add(c, quake_a2_t, quake_a2_b, "2023-03-07");
    cr_assert_eq(s3, s1, "the Chile follow-up must join the Chile story");
    sl_cluster_free(c);
}

Test(cluster_stream, no_names, .description = "articles without any names still cluster by their words")
{
    sl_cluster *c = sl_cluster_new(NULL);
    background(c, NULL);
    const char *b1 = "the water supply was cut off after a main pipe burst under the old market street, "
                     "leaving residents queueing at tanker trucks for drinking water all day.";
    const char *b2 = "residents queued at tanker trucks for drinking water for a second day after the main pipe "
                     "burst under the old market street cut off the water supply.";
    sl_cl_article a = {0};
    make(c, "water pipe burst cuts supply", b1, NULL, &a);
    cr_assert_eq(a.names.n, 0, "no capitalised names expected");
    sl_cl_result r1, r2;
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r1), SL_CL_OK);
    make(c, "residents queue for water after pipe burst", b2, NULL, &a);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r2), SL_CL_OK);
    cr_assert_eq(r1.story, r2.story);
    cr_assert_eq(r2.is_new, 0);
    sl_cl_article_free(&a);
    sl_cluster_free(c);
}

Test(cluster_stream, no_date, .description = "an undated article joins a dated story (dates are neutral)")
{
    sl_cluster *c = sl_cluster_new(NULL);
    background(c, "2023-03-01");
    uint64_t s1 = add(c, quake_a_t, quake_a_b, "2023-03-07");
    uint64_t s2 = add(c, quake_a2_t, quake_a2_b, NULL);
    cr_assert_eq(s1, s2);
    sl_cl_article a = {0};
    make(c, quake_a2_t, quake_a2_b, NULL, &a);
    sl_cl_why w;
    cr_assert_eq(sl_cluster_why_story(c, &a, s1, &w), SL_CL_OK);
    cr_assert_eq(w.gap_days, -1);
    cr_assert_eq(w.time, 1.0);
    sl_cl_article_free(&a);
    sl_cluster_free(c);
}

Test(cluster_stream, old_article_arrives_late, .description = "an article dated years back does not join today's look-alike story, and its own story stays open")
{
    sl_cluster *c = sl_cluster_new(NULL);
    background(c, "2023-03-01");
    uint64_t now = add(c, quake_a_t, quake_a_b, "2023-03-07");
    uint64_t old1 = add(c, quake_a2_t, quake_a2_b, "2014-04-01");
    cr_assert_neq(old1, now, "a 9-year gap must keep them apart");
    /* the stream goes on; the old story must not be retired right away */
    for (int i = 0; i < 70; i++)
        background(c, "2023-03-08");
    uint64_t old2 = add(c, "Iquique clears rubble after Chile earthquake",
                        "Residents of Iquique in northern Chile cleared rubble after the magnitude 6.8 earthquake. "
                        "ONEMI said two people died in Iquique and Alto Hospicio; Boric promised help.",
                        "2014-04-02");
    cr_assert_eq(sl_cluster_resolve(c, old2), sl_cluster_resolve(c, old1));
    sl_cluster_free(c);
}

Test(cluster_stream, quiet_month_resumes, .description = "a story quiet for a month takes the next report")
{
    sl_cluster *c = sl_cluster_new(NULL);
    uint64_t s1 = add(c, quake_a_t, quake_a_b, "2023-03-07");
    static const char *days[] = {"2023-03-10", "2023-03-15", "2023-03-20", "2023-03-25", "2023-03-30",
                                 "2023-04-04", "2023-04-06"};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
        background(c, days[i]);
    uint64_t s2 = add(c, "Iquique rebuilds a month after Chile earthquake",
                      "A month after the magnitude 6.8 earthquake that struck northern Chile, Iquique and Alto Hospicio "
                      "are rebuilding the homes damaged in the quake. ONEMI said aid has reached most families, "
                      "and Boric returned to the port city of Iquique.",
                      "2023-04-07");
    cr_assert_eq(s1, s2);
    sl_cluster_free(c);
}

Test(cluster_stream, window_retires, .description = "a story quiet beyond the window is retired and no longer joined")
{
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    p.window_days = 10;
    p.window_articles = 0;
    sl_cluster *c = sl_cluster_new(&p);
    uint64_t s1 = add(c, quake_a_t, quake_a_b, "2023-03-07");
    for (int i = 0; i < 14; i++)
        background(c, "2023-04-20");
    sl_cluster_stats st;
    sl_cluster_get_stats(c, &st);
    cr_assert_geq(st.retired, 1);
    uint64_t s2 = add(c, quake_a2_t, quake_a2_b, "2023-04-21");
    cr_assert_neq(s2, s1);
    cr_assert_eq(sl_cluster_resolve(c, s1), s1, "retired ids still resolve");
    sl_cluster_free(c);
}

Test(cluster_stream, exact_copy_joins, .description = "an exact copy joins its original's story, also when forced by copy_of")
{
    sl_cluster *c = sl_cluster_new(NULL);
    background(c, "2023-03-01");
    uint64_t s1 = add(c, quake_a_t, quake_a_b, "2023-03-07");
    sl_cl_article a = {0};
    make(c, quake_a_t, quake_a_b, "2023-03-07", &a);
    sl_cl_result r;
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert_eq(r.story, s1);
    cr_assert_eq(r.is_copy, 1);
    /* the engine's hint wins over the scores: a background article forced
     * into the quake story */
    make(c, bg[0][0], bg[0][1], "2023-03-07", &a);
    cr_assert_eq(sl_cluster_add(c, &a, s1, &r), SL_CL_OK);
    cr_assert_eq(r.story, s1);
    cr_assert_eq(r.is_copy, 1);
    /* an unknown hint is ignored */
    cr_assert_eq(sl_cluster_add(c, &a, 999999, &r), SL_CL_OK);
    cr_assert_eq(r.is_copy, 1, "still an exact copy of the background article");
    sl_cl_article_free(&a);
    sl_cluster_free(c);
}

/* The five seed reports (one story, five outlets, spelling variants of the
 * place, web boilerplate left in) must form one story, among unrelated
 * background articles. */
Test(cluster_stream, seeds_one_story)
{
    static const char *files[] = {"000_c541f14009c09cbd.txt", "001_7b9815c6ccc737a2.txt",
                                  "002_65d78d6537130c47.txt", "003_f4bc374b1a7ff9f1.txt",
                                  "004_c64e7654828bad3c.txt"};
    sl_cluster *c = sl_cluster_new(NULL);
    background(c, NULL);
    uint64_t first = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "../shared/seeds/%s", files[i]);
        FILE *f = fopen(path, "rb");
        if (!f) {
            sl_cluster_free(c);
            cr_skip_test("seed %s not found (run from the repo root with ../shared/seeds)", path);
        }
        char buf[65536];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = 0;
        /* the first line is the title or the dateline lead */
        char *nl = strchr(buf, '\n');
        const char *body = nl ? nl + 1 : "";
        if (nl)
            *nl = 0;
        uint64_t s = add(c, buf, body, NULL);
        if (i == 0)
            first = s;
        cr_assert_eq(sl_cluster_resolve(c, s), sl_cluster_resolve(c, first), "seed %zu split off", i);
    }
    sl_cluster_free(c);
}
