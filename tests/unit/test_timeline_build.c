/* test_timeline_build.c - unsupervised timeline construction: contracts,
 * edge input, and small worked cases. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/common.h"
#include "timeline/timeline.h"

#define D(y, m, d) sl_tl_days_from_civil(y, m, d)

/* ---- helpers: candidates from space-separated words ---------------------- */

typedef struct pool {
    uint64_t stems[64][32];
    sl_tl_cand c[64];
    size_t n;
} pool;

static size_t add(pool *p, int32_t day, int32_t pub, int mention, uint32_t art, uint32_t src,
                  const char *words)
{
    size_t i = p->n++;
    cr_assert(i < 64);
    uint32_t k = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", words);
    for (char *w = strtok(buf, " "); w && k < 32; w = strtok(NULL, " "))
        p->stems[i][k++] = sl_hash64(w, strlen(w));
    p->c[i] = (sl_tl_cand){.day = day, .pub_day = pub, .flags = mention ? SL_TLC_MENTION : 0,
                           .article = art, .source = src, .sent = (uint32_t)i, .pos = 3,
                           .stems = p->stems[i], .nstems = k};
    return i;
}

static sl_tl_params params(size_t l, size_t k)
{
    sl_tl_params p;
    sl_tl_params_default(&p);
    p.l = l;
    p.k = k;
    p.min_len = 2;
    return p;
}

static void check_shape(const sl_tl_result *r, size_t n)
{
    for (size_t i = 0; i < r->n; i++) {
        if (i)
            cr_assert_lt(r->days[i - 1].day, r->days[i].day, "chronological, unique");
        cr_assert_gt(r->days[i].ncands, 0);
        for (size_t j = 0; j < r->days[i].ncands; j++)
            cr_assert_lt(r->days[i].cands[j], n);
        for (size_t j = 1; j < r->days[i].nsupport; j++) {
            const sl_tl_support *a = &r->days[i].support[j - 1], *b = &r->days[i].support[j];
            cr_assert(a->source < b->source || (a->source == b->source && a->article < b->article),
                      "support sorted and distinct");
        }
    }
}

/* ---- bad input ---------------------------------------------------------------- */

Test(timeline_build, empty_input_gives_empty_timeline)
{
    sl_tl_params p = params(5, 2);
    sl_tl_result r;
    cr_assert_eq(sl_tl_build(NULL, 0, &p, &r), 0);
    cr_expect_eq(r.n, 0);
    sl_tl_result_free(&r);
    sl_tl_result_free(&r); /* idempotent */
    sl_tl_result_free(NULL);
}

Test(timeline_build, parameters_out_of_bounds_rejected)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    add(pl, D(2010, 1, 1), D(2010, 1, 1), 1, 0, 0, "oil spill gulf");
    static const struct { const char *what; void (*set)(sl_tl_params *); } t[] = {
        {"redundancy > 1", NULL}, {"min_len > max_len", NULL}, {"min_len 0", NULL},
        {"negative weight", NULL}, {"keywords NULL", NULL}, {"inverted range", NULL},
        {"date_spread > 1", NULL}, {"k > 1000", NULL}, {"min_rel_score > 1", NULL},
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(t); i++) {
        sl_tl_params p = params(1, 1);
        switch (i) {
        case 0: p.redundancy = 1.5; break;
        case 1: p.min_len = 10; p.max_len = 5; break;
        case 2: p.min_len = 0; break;
        case 3: p.w_mention = -1; break;
        case 4: p.nkeywords = 2; p.keywords = NULL; break;
        case 5: p.use_range = 1; p.day_min = 10; p.day_max = 5; break;
        case 6: p.date_spread = 2; break;
        case 7: p.k = 1001; break;
        case 8: p.min_rel_score = 1.5; break;
        }
        sl_tl_result r;
        cr_expect_eq(sl_tl_build(pl->c, pl->n, &p, &r), -2, "%s", t[i].what);
        cr_expect_eq(r.n, 0);
    }
    sl_tl_result r;
    cr_expect_eq(sl_tl_build(pl->c, pl->n, NULL, &r), -2, "NULL params");
    sl_tl_params p = params(1, 1);
    cr_expect_eq(sl_tl_build(NULL, 3, &p, &r), -2, "NULL candidates with n > 0");
    sl_free(pl);
}

Test(timeline_build, candidates_without_stems_or_out_of_range_ignored)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    add(pl, D(2010, 1, 1), D(2010, 1, 1), 1, 0, 0, "");              /* no stems */
    size_t bad = add(pl, D(2010, 1, 1), D(2010, 1, 1), 1, 1, 0, "oil spill gulf");
    pl->c[bad].stems = NULL;                                         /* NULL stems */
    add(pl, D(2009, 1, 1), D(2010, 1, 2), 1, 2, 0, "rig explosion gulf"); /* before range */
    size_t ok = add(pl, D(2010, 1, 5), D(2010, 1, 6), 1, 3, 1, "well capped engineers");
    sl_tl_params p = params(5, 1);
    p.use_range = 1;
    p.day_min = D(2010, 1, 1);
    p.day_max = D(2010, 12, 31);
    sl_tl_result r;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r), 0);
    cr_assert_eq(r.n, 1);
    cr_expect_eq(r.days[0].day, D(2010, 1, 5));
    cr_expect_eq(r.days[0].cands[0], ok);
    check_shape(&r, pl->n);
    sl_tl_result_free(&r);
    sl_free(pl);
}

/* ---- worked cases ------------------------------------------------------------------ */

Test(timeline_build, mentioned_day_beats_busy_publication_day)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    int32_t a = D(2010, 4, 20), b = D(2010, 4, 25);
    for (uint32_t i = 0; i < 3; i++) /* three articles name April 20 */
        add(pl, a, b, 1, i, i, "rig explosion kills eleven workers gulf");
    for (uint32_t i = 3; i < 9; i++) /* six articles merely published April 25 */
        add(pl, b, b, 0, i, i, "residents worry about tourism season");
    sl_tl_params p = params(1, 1);
    sl_tl_result r;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r), 0);
    cr_assert_eq(r.n, 1);
    cr_expect_eq(r.days[0].day, a);
    cr_expect_eq(r.days[0].nsupport, 3, "three sources say it");
    check_shape(&r, pl->n);
    sl_tl_result_free(&r);
    sl_free(pl);
}

Test(timeline_build, k_and_redundancy_within_and_across_days)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    int32_t a = D(2010, 5, 1), b = D(2010, 5, 2);
    add(pl, a, a, 1, 0, 0, "oil slick reaches louisiana coast marshes");
    add(pl, a, a, 1, 1, 1, "oil slick reaches louisiana coast marshes"); /* same words */
    add(pl, a, a, 1, 2, 2, "federal officials close fishing waters");
    size_t copy = add(pl, b, a, 1, 0, 0, "oil slick reaches louisiana coast marshes");
    pl->c[copy].sent = 0; /* the same sentence also mentions day b */
    add(pl, b, b, 1, 3, 3, "coast guard burns surface oil");
    sl_tl_params p = params(2, 3);
    sl_tl_result r;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r), 0);
    cr_assert_eq(r.n, 2);
    cr_expect_eq(r.days[0].ncands, 2, "the duplicate is redundant, k = 3 not reached");
    cr_expect_eq(r.days[1].ncands, 1, "the copy of a chosen sentence is not chosen again");
    cr_expect_eq(pl->c[r.days[1].cands[0]].article, 3);
    check_shape(&r, pl->n);
    sl_tl_result_free(&r);
    sl_free(pl);
}

Test(timeline_build, keyword_sentence_preferred)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    int32_t a = D(2010, 6, 1);
    add(pl, a, a, 1, 0, 0, "weather forecast warm sunny week");
    size_t kw = add(pl, a, a, 1, 1, 1, "spill cleanup crews sunny week");
    uint64_t key = sl_hash64("spill", 5);
    sl_tl_params p = params(1, 1);
    p.keywords = &key;
    p.nkeywords = 1;
    sl_tl_result r;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r), 0);
    cr_assert_eq(r.n, 1);
    cr_expect_eq(r.days[0].cands[0], kw);
    sl_tl_result_free(&r);
    sl_free(pl);
}

Test(timeline_build, fewer_days_than_l_and_length_limits)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    add(pl, D(2010, 1, 1), D(2010, 1, 1), 1, 0, 0, "short");            /* too short */
    add(pl, D(2010, 1, 2), D(2010, 1, 2), 1, 1, 0, "long enough sentence here");
    sl_tl_params p = params(10, 1);
    sl_tl_result r;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r), 0);
    cr_expect_eq(r.n, 1, "a day without a usable sentence is not offered");
    cr_expect_eq(r.days[0].day, D(2010, 1, 2));
    sl_tl_result_free(&r);
    sl_free(pl);
}

Test(timeline_build, automatic_l_and_k)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    for (int d = 1; d <= 6; d++)
        for (uint32_t a = 0; a < 2; a++)
            add(pl, D(2010, 3, d), D(2010, 3, 10), 1, (uint32_t)d * 10 + a, a,
                d % 2 ? "markets fall banks fail" : "rescue plan vote congress");
    sl_tl_params p = params(0, 0);
    sl_tl_result r;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r), 0);
    cr_expect_eq(r.l_used, 6, "six days backed by two articles each");
    cr_expect_eq(r.k_used, 1);
    cr_expect_leq(r.n, 6);
    check_shape(&r, pl->n);
    sl_tl_result_free(&r);
    sl_free(pl);
}

Test(timeline_build, deterministic_and_optional_features)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    for (int d = 1; d <= 20; d++)
        add(pl, D(2011, 1, d), D(2011, 1, 21), d % 3 != 0, (uint32_t)d, (uint32_t)d % 4,
            d % 2 ? "protesters march square police tear gas" : "president speech cabinet resign");
    sl_tl_params p = params(5, 2);
    p.w_bigram = 1;
    p.date_spread = 0.5;
    sl_tl_result r1, r2;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r1), 0);
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r2), 0);
    cr_assert_eq(r1.n, r2.n);
    for (size_t i = 0; i < r1.n; i++) {
        cr_expect_eq(r1.days[i].day, r2.days[i].day);
        cr_expect_eq(r1.days[i].ncands, r2.days[i].ncands);
        cr_expect_eq(r1.days[i].cands[0], r2.days[i].cands[0]);
    }
    check_shape(&r1, pl->n);
    sl_tl_result_free(&r1);
    sl_tl_result_free(&r2);
    sl_free(pl);
}

Test(timeline_build, out_of_memory_reported_cleanly)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    for (int d = 1; d <= 10; d++)
        add(pl, D(2011, 2, d), D(2011, 2, 11), 1, (uint32_t)d, (uint32_t)d % 3,
            "army statement protesters square");
    sl_tl_params p = params(4, 2);
    p.w_bigram = 1;
    int failures = 0, successes = 0;
    for (long k = 0; k < 80; k++) {
        sl_tl_result r;
        sl_alloc_fail_after(k);
        int rc = sl_tl_build(pl->c, pl->n, &p, &r);
        sl_alloc_fail_after(-1);
        cr_assert(rc == 0 || rc == -1);
        if (rc) {
            failures++;
            cr_expect_eq(r.n, 0);
            cr_expect_null(r.days);
        } else {
            successes++;
            check_shape(&r, pl->n);
        }
        sl_tl_result_free(&r);
    }
    cr_expect(failures > 0 && successes > 0);
    sl_free(pl);
}

Test(timeline_build, min_rel_score_limits_weak_extra_sentences)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    int32_t a = D(2010, 6, 1);
    for (uint32_t i = 0; i < 4; i++) /* four sources agree */
        add(pl, a, a, 1, i, i, "judge blocks drilling moratorium ruling");
    add(pl, a, a, 1, 9, 9, "unrelated gardening column roses");
    sl_tl_params p = params(1, 2);
    sl_tl_result r;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r), 0);
    cr_expect_eq(r.days[0].ncands, 2, "k = 2 filled by default");
    cr_expect_eq(r.days[0].nsupport, 5, "four agreeing sources + the chosen column");
    sl_tl_result_free(&r);
    p.min_rel_score = 0.9;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r), 0);
    cr_expect_eq(r.days[0].ncands, 1, "the off-topic second sentence is dropped");
    cr_expect_eq(r.days[0].nsupport, 4, "the four agreeing sources only");
    sl_tl_result_free(&r);
    sl_free(pl);
}

Test(timeline_build, lead_bias_breaks_a_tie)
{
    pool *pl = sl_calloc(1, sizeof *pl);
    int32_t a = D(2010, 7, 15);
    add(pl, a, a, 1, 0, 0, "cap stops oil flow well");
    size_t lead = add(pl, a, a, 1, 1, 1, "cap stops oil flow well");
    pl->c[lead].pos = 0;
    sl_tl_params p = params(1, 1);
    sl_tl_result r;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r), 0);
    cr_expect_eq(r.days[0].cands[0], lead);
    sl_tl_result_free(&r);
    p.w_lead = 0;
    cr_assert_eq(sl_tl_build(pl->c, pl->n, &p, &r), 0);
    cr_expect_eq(r.days[0].cands[0], 0, "without lead bias the lower index wins the tie");
    cr_expect_eq(r.l_used, 1);
    sl_tl_result_free(&r);
    sl_free(pl);
}

/* ---- the parameter table ------------------------------------------------------------ */

Test(timeline_build, param_table_defaults_bounds_and_set)
{
    sl_tl_param_desc d[64];
    size_t n = sl_tl_param_table(d, 64);
    cr_assert(n > 10 && n <= 64);
    cr_expect_eq(sl_tl_param_table(NULL, 0), n);
    sl_tl_params p;
    sl_tl_params_default(&p);
    for (size_t i = 0; i < n; i++) {
        cr_expect(d[i].lo <= d[i].def && d[i].def <= d[i].hi, "%s default in bounds", d[i].name);
        cr_expect(d[i].help && d[i].help[0], "%s has help", d[i].name);
        sl_tl_params q = p;
        cr_expect_eq(sl_tl_param_set(&q, d[i].name, d[i].def), 0, "%s", d[i].name);
        cr_expect_eq(memcmp(&q, &p, sizeof p), 0, "%s: setting the default changes nothing",
                     d[i].name);
        cr_expect_eq(sl_tl_param_set(&q, d[i].name, d[i].hi + 1), -2, "%s above", d[i].name);
        cr_expect_eq(sl_tl_param_set(&q, d[i].name, d[i].lo - 1), -2, "%s below", d[i].name);
        cr_expect_eq(sl_tl_param_set(&q, d[i].name, NAN), -2, "%s NaN", d[i].name);
    }
    cr_expect_eq(p.min_len, 5);
    cr_expect(fabs(p.w_lead - 0.3) < 1e-12);
    cr_expect_eq(sl_tl_param_set(&p, "no_such_knob", 1), -2);
    cr_expect_eq(sl_tl_param_set(&p, NULL, 1), -2);
    cr_expect_eq(sl_tl_param_set(NULL, "w_lead", 1), -2);
    cr_expect_eq(sl_tl_param_set(&p, "min_len", 2.5), -2, "integer field");
    cr_expect_eq(sl_tl_param_set(&p, "min_len", 7), 0);
    cr_expect_eq(p.min_len, 7);
    cr_expect_eq(sl_tl_param_set(&p, "w_lead", 0.75), 0);
    cr_expect(fabs(p.w_lead - 0.75) < 1e-12);
    p.w_echo = NAN; /* set directly: sl_tl_build must still refuse it */
    sl_tl_result r;
    cr_expect_eq(sl_tl_build(NULL, 0, &p, &r), -2);
}
