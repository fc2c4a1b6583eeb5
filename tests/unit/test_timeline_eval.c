/* test_timeline_eval.c - tilse-style timeline metrics on hand-computed cases. */
#include <criterion/criterion.h>
#include <math.h>

#include "common/common.h"
#include "timeline/timeline.h"

#define EPS 1e-9
#define D(y, m, d) sl_tl_days_from_civil(y, m, d)

static sl_tl_eval *ev;
static void setup(void) { ev = sl_tl_eval_new(); cr_assert_not_null(ev); }
static void teardown(void) { sl_tl_eval_free(ev); }

static sl_tl_scores eval(const sl_tl_entry *p, size_t np, const sl_tl_entry *r, size_t nr)
{
    sl_tl_scores s;
    cr_assert_eq(sl_tl_evaluate(ev, p, np, r, nr, &s), 0);
    return s;
}

static void near(double got, double want, const char *what)
{
    cr_expect(fabs(got - want) < EPS, "%s: got %.12f want %.12f", what, got, want);
}

TestSuite(timeline_eval, .init = setup, .fini = teardown);

/* ---- days ------------------------------------------------------------- */

Test(timeline_eval, days_known_values)
{
    static const struct { int y, m, d; int32_t day; } t[] = {
        {1970, 1, 1, 0}, {1970, 1, 2, 1}, {1969, 12, 31, -1}, {2000, 3, 1, 11017},
        {2000, 2, 29, 11016}, {2010, 4, 20, 14719}, {1900, 3, 1, -25508},
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(t); i++)
        cr_expect_eq(D(t[i].y, t[i].m, t[i].d), t[i].day, "%d-%d-%d", t[i].y, t[i].m, t[i].d);
}

Test(timeline_eval, days_round_trip)
{
    for (int32_t z = -800000; z < 800000; z += 37) {
        int y, m, d;
        sl_tl_civil_from_days(z, &y, &m, &d);
        cr_assert_eq(D(y, m, d), z, "day %d -> %d-%d-%d", z, y, m, d);
        cr_assert(m >= 1 && m <= 12 && d >= 1 && d <= 31);
    }
    sl_tl_civil_from_days(5, NULL, NULL, NULL); /* NULL outs allowed */
}

/* ---- stopwords and tokens ------------------------------------------------- */

Test(timeline_eval, stopword_lookup)
{
    static const struct { const char *w; int stop; } t[] = {
        {"the", 1}, {"said", 1}, {"a", 1}, {"z", 1}, {"yourselves", 1}, {"oil", 0},
        {"spill", 0}, {"", 0}, {"The", 0 /* caller lower-cases */}, {"zzzz", 0},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0},
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(t); i++)
        cr_expect_eq(sl_tl_is_rouge_stopword(t[i].w, strlen(t[i].w)), t[i].stop, "%s", t[i].w);
}

Test(timeline_eval, stopword_list_sorted_and_every_word_found)
{
    const char *const *w;
    size_t n = sl_tl_rouge_stopwords(&w);
    cr_assert_gt(n, 400);
    cr_expect_eq(sl_tl_rouge_stopwords(NULL), n);
    for (size_t i = 0; i < n; i++) {
        if (i)
            cr_assert_lt(strcmp(w[i - 1], w[i]), 0, "%s before %s", w[i - 1], w[i]);
        cr_assert(sl_tl_is_rouge_stopword(w[i], strlen(w[i])), "%s", w[i]);
    }
    cr_expect_eq(sl_tl_is_rouge_stopword(NULL, 3), 0);
}

Test(timeline_eval, rouge_tokens_fold_stem_drop_stopwords_and_punct)
{
    const char *ps[] = {"The SPILLS were spreading , fast !"};
    const char *rs[] = {"spill spread-fast"};
    sl_tl_entry p = {D(2010, 5, 1), ps, 1}, r = {D(2010, 5, 1), rs, 1};
    sl_tl_scores s = eval(&p, 1, &r, 1);
    near(s.r1.f, 1.0, "r1");     /* spill spread fast on both sides */
    near(s.r2.f, 1.0, "r2");     /* (spill spread) (spread fast) */
    near(s.ar1.f, 1.0, "ar1");
    near(s.date.f, 1.0, "date");
}

/* ---- the four reference cases ------------------------------------------------ */

static const char *S1[] = {"Oil spill spreads across the gulf .", "BP shares tumble ."};
static const char *S2[] = {"Engineers cap the leaking well ."};
static const char *S3[] = {"Rain floods the valley villages ."};

Test(timeline_eval, identical_timelines_score_one)
{
    sl_tl_entry t[] = {{D(2010, 4, 20), S1, 2}, {D(2010, 7, 15), S2, 1}};
    sl_tl_scores s = eval(t, 2, t, 2);
    const sl_prf *all[] = {&s.r1, &s.r2, &s.ar1, &s.ar2, &s.date};
    for (size_t i = 0; i < SL_ARRAY_LEN(all); i++) {
        near(all[i]->p, 1, "p");
        near(all[i]->r, 1, "r");
        near(all[i]->f, 1, "f");
    }
}

Test(timeline_eval, disjoint_timelines_score_zero)
{
    sl_tl_entry p[] = {{D(2010, 4, 20), S1, 2}};
    sl_tl_entry r[] = {{D(2011, 1, 2), S3, 1}};
    sl_tl_scores s = eval(p, 1, r, 1);
    near(s.ar1.f, 0, "ar1");
    near(s.ar2.f, 0, "ar2");
    near(s.r1.f, 0, "r1");
    near(s.date.f, 0, "date");
}

Test(timeline_eval, one_day_shift_halves_alignment_score)
{
    sl_tl_entry p[] = {{D(2010, 4, 21), S1, 2}};
    sl_tl_entry r[] = {{D(2010, 4, 20), S1, 2}};
    sl_tl_scores s = eval(p, 1, r, 1);
    near(s.ar1.p, 0.5, "ar1 p");
    near(s.ar1.r, 0.5, "ar1 r");
    near(s.ar2.f, 0.5, "ar2 f");
    near(s.r1.f, 1.0, "concat ignores dates");
    near(s.date.f, 0, "date");
}

Test(timeline_eval, many_to_one_precision_side)
{
    /* "oil spill spreads" -> oil spill spread: 3 unigrams, 2 bigrams.
     * Both predicted days map to the one reference day:
     * P1 = (3 + 3/2) / 6 = 0.75; recall: the reference maps to the same
     * day (cost 0): R1 = 1. F = 2*.75/1.75. */
    static const char *x[] = {"oil spill spreads"};
    sl_tl_entry p[] = {{D(2010, 4, 20), x, 1}, {D(2010, 4, 21), x, 1}};
    sl_tl_entry r[] = {{D(2010, 4, 20), x, 1}};
    sl_tl_scores s = eval(p, 2, r, 1);
    near(s.ar1.p, 0.75, "ar1 p");
    near(s.ar1.r, 1.0, "ar1 r");
    near(s.ar1.f, 1.5 / 1.75, "ar1 f");
    near(s.ar2.p, 0.75, "ar2 p");
    near(s.date.p, 0.5, "date p");
    near(s.date.r, 1.0, "date r");
}

Test(timeline_eval, content_beats_nearer_date_in_alignment)
{
    /* pred day 1 says what ref day 3 says; ref day 0 says something else.
     * cost(1,0) = 0.5 * 1 = 0.5; cost(1,3) = 0.75 * 0 = 0 -> aligned to 3.
     * P1 = 3 * (1/3) / 3 = 1/3. Recall: ref 0 -> pred 1 (only choice),
     * weight 1/2, 0 hits; ref 3 -> pred 1, weight 1/3, 3 hits: R1 = 1/5. */
    static const char *a[] = {"alpha beta gamma"}, *b[] = {"delta epsilon"};
    sl_tl_entry p[] = {{D(2010, 1, 2), a, 1}};
    sl_tl_entry r[] = {{D(2010, 1, 1), b, 1}, {D(2010, 1, 4), a, 1}};
    sl_tl_scores s = eval(p, 1, r, 2);
    near(s.ar1.p, 1.0 / 3, "ar1 p");
    near(s.ar1.r, 0.2, "ar1 r");
}

Test(timeline_eval, tie_goes_to_earliest_reference_day)
{
    /* Raw-token F is 0 to both refs (case differs), so cost = date factor,
     * equal (1/2) for day 0 and day 2: argmin takes day 0, whose ROUGE
     * content differs -> P1 = 0. Were day 2 chosen P1 would be 1/2. */
    static const char *a[] = {"oil spill"}, *b[] = {"rain floods"}, *c[] = {"OIL SPILL"};
    sl_tl_entry p[] = {{D(2010, 1, 2), a, 1}};
    sl_tl_entry r[] = {{D(2010, 1, 1), b, 1}, {D(2010, 1, 3), c, 1}};
    sl_tl_scores s = eval(p, 1, r, 2);
    near(s.ar1.p, 0.0, "ar1 p");
}

Test(timeline_eval, bigrams_span_sentences_of_one_day)
{
    static const char *p2[] = {"oil spill", "grows"}, *r1[] = {"oil spill grows"};
    sl_tl_entry p = {D(2010, 1, 1), p2, 2}, r = {D(2010, 1, 1), r1, 1};
    sl_tl_scores s = eval(&p, 1, &r, 1);
    near(s.ar2.f, 1.0, "ar2");
}

/* ---- edges -------------------------------------------------------------------- */

Test(timeline_eval, empty_sides_give_zero_not_nan)
{
    sl_tl_entry r[] = {{D(2010, 4, 20), S1, 2}};
    sl_tl_scores s = eval(NULL, 0, r, 1);
    near(s.ar1.f, 0, "pred empty ar1");
    near(s.date.r, 0, "pred empty date r");
    s = eval(r, 1, NULL, 0);
    near(s.ar1.p, 0, "ref empty ar1 p");
    s = eval(NULL, 0, NULL, 0);
    cr_expect(!isnan(s.ar1.f) && !isnan(s.date.f) && s.r2.f == 0);
}

Test(timeline_eval, entry_without_sentences_counts_as_date_only)
{
    sl_tl_entry p[] = {{D(2010, 4, 20), NULL, 0}, {D(2010, 4, 22), S2, 1}};
    sl_tl_entry r[] = {{D(2010, 4, 20), S1, 2}};
    sl_tl_scores s = eval(p, 2, r, 1);
    near(s.date.p, 0.5, "date p");
    near(s.date.r, 1, "date r");
    near(s.ar1.p, 0, "no shared words");
}

Test(timeline_eval, null_sentence_and_only_stopwords_and_symbols)
{
    const char *ps[] = {NULL, "the of and !!! ... ", "\xff\xfe caf\xc3\xa9"};
    static const char *rs[] = {"caf"};
    sl_tl_entry p = {D(2010, 1, 1), ps, 3}, r = {D(2010, 1, 1), rs, 1};
    sl_tl_scores s = eval(&p, 1, &r, 1);
    near(s.r1.f, 1.0, "non-ASCII bytes separate tokens as in ROUGE");
}

Test(timeline_eval, duplicate_days_are_merged)
{
    static const char *a[] = {"oil spill"}, *b[] = {"spreads"}, *all[] = {"oil spill spreads"};
    sl_tl_entry p[] = {{D(2010, 1, 1), a, 1}, {D(2010, 1, 1), b, 1}};
    sl_tl_entry r[] = {{D(2010, 1, 1), all, 1}};
    sl_tl_scores s = eval(p, 2, r, 1);
    near(s.date.p, 1.0, "one date");
    near(s.ar1.f, 1.0, "ar1");
    near(s.ar2.f, 1.0, "ar2 (bigram across the merged entries)");
}

Test(timeline_eval, null_arguments_rejected)
{
    sl_tl_scores s;
    cr_expect_eq(sl_tl_evaluate(NULL, NULL, 0, NULL, 0, &s), -1);
    cr_expect_eq(sl_tl_evaluate(ev, NULL, 3, NULL, 0, &s), -1);
}

Test(timeline_eval, out_of_memory_reported)
{
    sl_tl_entry t[] = {{D(2010, 4, 20), S1, 2}, {D(2010, 7, 15), S2, 1}};
    int failures = 0;
    for (long k = 0; k < 40; k++) {
        sl_tl_scores s;
        sl_alloc_fail_after(k);
        int rc = sl_tl_evaluate(ev, t, 2, t, 2, &s);
        sl_alloc_fail_after(-1);
        if (rc) {
            failures++;
            cr_expect_eq(s.ar1.f, 0.0);
        } else {
            near(s.ar1.f, 1.0, "after injected failures");
        }
    }
    cr_expect(failures > 0);
}

/* ---- averaging ------------------------------------------------------------------- */

Test(timeline_eval, mean_is_f_of_mean_p_and_mean_r)
{
    sl_tl_mean m = {0};
    sl_tl_scores a = {0}, b = {0}, out;
    sl_tl_mean_get(&m, &out);
    cr_expect_eq(out.ar1.f, 0.0);
    a.ar1 = (sl_prf){1, 0, 0};
    b.ar1 = (sl_prf){0, 1, 0};
    sl_tl_mean_add(&m, &a);
    sl_tl_mean_add(&m, &b);
    sl_tl_mean_get(&m, &out);
    near(out.ar1.p, 0.5, "p");
    near(out.ar1.r, 0.5, "r");
    near(out.ar1.f, 0.5, "f of means (mean of f would be 0)");
    near(sl_tl_f1(0, 0), 0, "f1(0,0)");
}
