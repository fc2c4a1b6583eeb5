/*
 * test_cluster_features.c - the article features added by the cltune pass:
 * the article's year (sl_cl_article.year), capitalised words and numbers
 * as name features (word_w), the year conflict factor (year_w), the SLC2
 * blob with its SLC1 fallback, and the bounds of the new parameters.
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

TestSuite(cluster_features, .init = setup, .fini = teardown);

static int32_t day_of(int y, int m, int d)
{
    return (int32_t)sl_date_to_days(y, m, d);
}

/* Builds title + "\n" + body with parameters p (NULL = defaults); with_ms 0
 * passes no mentions. */
static void make(const sl_cluster_params *p, const char *title, const char *body, int32_t day,
                 int with_ms, sl_cl_article *out)
{
    cl_make(NULL, p, title, body, day, with_ms, out);
}

/* ---- the article's year ---------------------------------------------------- */

typedef struct year_case {
    const char *title, *body;
    int32_t day;   /* 0 = SL_CL_NODAY */
    int32_t want;
    const char *why;
} year_case;

Test(cluster_features, article_year)
{
    const int32_t d2013 = day_of(2013, 5, 3);
    const year_case cases[] = {
        {"Quake hits the coast in 2011", "The 2011 quake was strong. Rescue teams came.", 0, 2011,
         "title and lead mentions"},
        {"Quake hits the coast", "Teams came. Roads closed. Schools shut. It was worse in 2008.", 0, 0,
         "one mention in the body is not enough"},
        {"Quake hits the coast", "Teams came. Roads closed. Schools shut. It was worse in 2008.", d2013,
         2013, "the publication year outweighs a passing mention"},
        {"Quake in 2008 and 2011", "Nothing else.", 0, 0, "a tie gives no year"},
        {"Quake", "It had 1500 victims. Roads closed. Rescue came.", 0, 0, "no year at all"},
        {"Quake in 1850", "The 1850 quake.", 0, 0, "years before 1900 are not read"},
        {"Quake hits", "", d2013, 2013, "only the publication year"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sl_cl_article a = {0};
        make(NULL, cases[i].title, cases[i].body, cases[i].day ? cases[i].day : SL_CL_NODAY, 1, &a);
        cr_assert_eq(a.year, cases[i].want, "%s: year %d, want %d", cases[i].why, a.year,
                     cases[i].want);
        sl_cl_article_free(&a);
    }
}

Test(cluster_features, year_min_bound)
{
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    cr_assert_eq(sl_cluster_param_set(&p, "year_min", 1), SL_CL_OK);
    sl_cl_article a = {0};
    make(&p, "Quake hits the coast", "Teams came. Roads closed. Schools shut. It was worse in 2008.",
         SL_CL_NODAY, 1, &a);
    cr_assert_eq(a.year, 2008, "with year_min 1 one body mention is enough");
    sl_cl_article_free(&a);
}

/* ---- year conflict ----------------------------------------------------------- */

Test(cluster_features, year_conflict_scales_total)
{
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    cr_assert_eq(sl_cluster_param_set(&p, "year_w", 0.5), SL_CL_OK);
    sl_cluster *c = sl_cluster_new(&p);
    cr_assert(c);
    const char *body = "A strong earthquake struck the coast near Iquique in northern Chile, "
                       "officials said. Rescue teams reached the port city.";
    sl_cl_article a = {0}, b = {0}, u = {0};
    make(&p, "Earthquake strikes Chile in 2011", body, SL_CL_NODAY, 1, &a);
    make(&p, "Earthquake strikes Chile in 2014", body, SL_CL_NODAY, 1, &b);
    make(&p, "Earthquake strikes Chile", body, SL_CL_NODAY, 1, &u);
    cr_assert_eq(a.year, 2011);
    cr_assert_eq(b.year, 2014);
    cr_assert_eq(u.year, 0);
    sl_cl_why same, other, unknown;
    cr_assert_eq(sl_cluster_why(c, &a, &a, &same), SL_CL_OK);
    cr_assert_eq(sl_cluster_why(c, &a, &b, &other), SL_CL_OK);
    cr_assert_eq(sl_cluster_why(c, &u, &a, &unknown), SL_CL_OK);
    cr_assert_gt(same.total, 0.5);
    cr_assert_lt(other.total, 0.6 * same.total, "another year halves the score (%.3f vs %.3f)",
                 other.total, same.total);
    cr_assert_gt(unknown.total, other.total, "an article without a year is not penalised");
    /* streamed: the 2014 report starts its own story, a 2011 report joins */
    sl_cl_result r1, r2, r3;
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r1), SL_CL_OK);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r2), SL_CL_OK);
    cr_assert_eq(r2.story, r1.story);
    sl_cluster_free(c);
    /* year_w 1: off by default (event arguments off too: their "#year"
     * unit would see the same conflict, tested in test_cluster_args.c) */
    sl_cluster_params_default(&p);
    p.arg_pen = 0;
    p.arg_bonus = 0;
    c = sl_cluster_new(&p);
    cr_assert_eq(sl_cluster_why(c, &a, &b, &other), SL_CL_OK);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r3), SL_CL_OK);
    cr_assert_float_eq(other.total, same.total, 0.2, "no year factor by default");
    sl_cluster_free(c);
    sl_cl_article_free(&a);
    sl_cl_article_free(&b);
    sl_cl_article_free(&u);
}

/* ---- word features ----------------------------------------------------------- */

Test(cluster_features, capitalised_words_and_numbers_are_names)
{
    const char *title = "Klitschko stops Thompson in round 6";
    const char *body = "Wladimir Klitschko stopped Tony Thompson at Stade de Suisse, 58 - 3 now.";
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    cr_assert_gt(p.word_w, 0, "on by default");
    sl_cl_article a = {0};
    make(&p, title, body, SL_CL_NODAY, 0, &a);
    cr_assert_gt(a.names.n, 5, "words without mentions still give name features (%zu)", a.names.n);
    for (size_t i = 1; i < a.names.n; i++)
        cr_assert_lt(a.names.v[i - 1].h, a.names.v[i].h, "sorted by hash, unique");
    cr_assert_eq(sl_cluster_param_set(&p, "word_w", 0), SL_CL_OK);
    sl_cl_article b = {0};
    make(&p, title, body, SL_CL_NODAY, 0, &b);
    cr_assert_eq(b.names.n, 0, "word_w 0 and no mentions: no names");
    sl_cl_article_free(&b);
    make(&p, title, body, SL_CL_NODAY, 1, &b);
    cr_assert_lt(b.names.n, a.names.n + 8, "mentions alone");
    cr_assert_gt(b.names.n, 0);
    sl_cl_article_free(&a);
    sl_cl_article_free(&b);
}

Test(cluster_features, different_opponent_scores_lower)
{
    /* two fights of one champion: the opponents and figures differ */
    sl_cluster *c = sl_cluster_new(NULL);
    cr_assert(c);
    sl_cl_article a = {0}, a2 = {0}, b = {0};
    make(NULL, "Klitschko stops Rahman in seventh round",
         "Wladimir Klitschko stopped Hasim Rahman in the seventh round at SAP Arena in Mannheim "
         "to keep his IBF heavyweight title. Rahman was floored twice.",
         SL_CL_NODAY, 1, &a);
    make(NULL, "Rahman stopped by Klitschko in Mannheim",
         "Hasim Rahman was stopped by Wladimir Klitschko in the seventh round at SAP Arena, "
         "Mannheim. Klitschko kept the IBF heavyweight title.",
         SL_CL_NODAY, 1, &a2);
    make(NULL, "Klitschko stops Thompson in sixth round",
         "Wladimir Klitschko stopped Tony Thompson in the sixth round at Stade de Suisse in Bern "
         "to keep his WBA, IBF and WBO heavyweight titles. Thompson was floored twice.",
         SL_CL_NODAY, 1, &b);
    sl_cl_why same, other;
    cr_assert_eq(sl_cluster_why(c, &a2, &a, &same), SL_CL_OK);
    cr_assert_eq(sl_cluster_why(c, &b, &a, &other), SL_CL_OK);
    cr_assert_gt(same.total, other.total, "same fight %.3f vs other fight %.3f", same.total,
                 other.total);
    sl_cluster_free(c);
    sl_cl_article_free(&a);
    sl_cl_article_free(&a2);
    sl_cl_article_free(&b);
}

/* ---- blob ---------------------------------------------------------------------- */

static void put_u64(sl_buf *b, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        sl_buf_putc(b, (char)(v >> (8 * i)));
}

Test(cluster_features, blob_keeps_year_and_reads_slc1)
{
    sl_cl_article a = {0}, b = {0};
    make(NULL, "Quake hits the coast in 2011", "The 2011 quake was strong.", SL_CL_NODAY, 1, &a);
    cr_assert_eq(a.year, 2011);
    sl_buf buf = {0};
    cr_assert_eq(sl_cl_article_encode(&a, &buf), SL_CL_OK);
    cr_assert_eq(memcmp(buf.p, "SLC3", 4), 0);
    cr_assert_eq(sl_cl_article_decode(buf.p, buf.len, &b), SL_CL_OK);
    cr_assert_eq(b.year, 2011);
    cr_assert_eq(b.terms.n, a.terms.n);
    cr_assert_eq(b.names.n, a.names.n);
    cr_assert_eq(a.args.n, 1, "the year 2011, once as a key");
    cr_assert_eq(b.args.n, a.args.n);
    cr_assert_eq(b.args.v[0].h, a.args.v[0].h);
    sl_buf_free(&buf);
    sl_cl_article_free(&b);

    /* an SLC1 blob (no year varint): no features, day unknown */
    sl_buf old = {0};
    sl_buf_append(&old, "SLC1", 4);
    sl_buf_putc(&old, 0); /* nterms */
    sl_buf_putc(&old, 0); /* nnames */
    sl_buf_putc(&old, 0); /* day unknown */
    put_u64(&old, 0x1234);
    put_u64(&old, sl_hash64(old.p, old.len));
    cr_assert_eq(sl_cl_article_decode(old.p, old.len, &b), SL_CL_OK);
    cr_assert_eq(b.year, 0);
    cr_assert_eq(b.day, SL_CL_NODAY);
    cr_assert_eq(b.content, 0x1234);
    /* an SLC2 blob (year, no event arguments) decodes with none */
    sl_buf v2 = {0};
    sl_buf_append(&v2, "SLC2", 4);
    sl_buf_putc(&v2, 0); /* nterms */
    sl_buf_putc(&v2, 0); /* nnames */
    sl_buf_putc(&v2, 0); /* day unknown */
    sl_buf_putc(&v2, 0x7f); /* year 127 */
    put_u64(&v2, 0x99);
    put_u64(&v2, sl_hash64(v2.p, v2.len));
    cr_assert_eq(sl_cl_article_decode(v2.p, v2.len, &b), SL_CL_OK);
    cr_assert_eq(b.year, 127);
    cr_assert_eq(b.args.n, 0);
    /* the same bytes under SLC3 lack a count: refused */
    memcpy(v2.p, "SLC3", 4);
    v2.len -= 8;
    put_u64(&v2, sl_hash64(v2.p, v2.len));
    cr_assert_eq(sl_cl_article_decode(v2.p, v2.len, &b), SL_CL_ECORRUPT);
    sl_buf_free(&v2);
    /* the same bytes under SLC2 lack the year: refused */
    memcpy(old.p, "SLC2", 4);
    old.len -= 8;
    put_u64(&old, sl_hash64(old.p, old.len));
    cr_assert_eq(sl_cl_article_decode(old.p, old.len, &b), SL_CL_ECORRUPT);
    sl_buf_free(&old);

    /* a year of 65536 or more is corrupt */
    sl_buf big = {0};
    sl_buf_append(&big, "SLC2", 4);
    sl_buf_putc(&big, 0);
    sl_buf_putc(&big, 0);
    sl_buf_putc(&big, 0);
    sl_buf_putc(&big, (char)0x80); /* varint 65536 = 0x80 0x80 0x04 */
    sl_buf_putc(&big, (char)0x80);
    sl_buf_putc(&big, 0x04);
    put_u64(&big, 0);
    put_u64(&big, sl_hash64(big.p, big.len));
    cr_assert_eq(sl_cl_article_decode(big.p, big.len, &b), SL_CL_ECORRUPT);
    sl_buf_free(&big);
    sl_cl_article_free(&a);
    sl_cl_article_free(&b);
}

/* ---- parameters ------------------------------------------------------------------ */

Test(cluster_features, new_param_bounds)
{
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    const struct {
        const char *name;
        double v;
        int ok;
    } cases[] = {
        {"year_w", 0.0, 1},      {"year_w", 1.0, 1},      {"year_w", 1.5, 0},
        {"year_w", -0.1, 0},     {"year_min", 0, 1},      {"year_min", -1, 0},
        {"word_w", 0, 1},        {"word_w", 101, 0},      {"cover_back", 1, 1},
        {"cover_back", 1.01, 0}, {"probe_names", 0, 1},   {"probe_names", 2.5, 0},
        {"probe_names", -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = sl_cluster_param_set(&p, cases[i].name, cases[i].v);
        cr_assert_eq(rc == SL_CL_OK, cases[i].ok, "%s=%g", cases[i].name, cases[i].v);
    }
    /* every row round-trips through get/set on its own field */
    size_t n;
    const sl_cluster_param_info *info = sl_cluster_param_table(&n);
    for (size_t i = 0; i < n; i++) {
        sl_cluster_params q;
        sl_cluster_params_default(&q);
        double v = info[i].is_int ? info[i].min : (info[i].min + info[i].max) / 2;
        cr_assert_eq(sl_cluster_param_set(&q, info[i].name, v), SL_CL_OK, "%s", info[i].name);
        for (size_t j = 0; j < n; j++) {
            double got;
            cr_assert_eq(sl_cluster_param_get(&q, info[j].name, &got), SL_CL_OK);
            cr_assert_eq(got, i == j ? v : info[j].def, "setting %s changed %s", info[i].name,
                         info[j].name);
        }
    }
}
