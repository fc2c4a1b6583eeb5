/*
 * test_engine_timeline.c - sentence dates and timelines through the engine
 * (sl_dates, sl_timeline_build), pinned on the five seed reports
 * (../shared/seeds, skipped when absent) and on small made-up articles.
 *
 * What the seeds must show:
 *  - 003's dateline "07 October, 2017" is its inferred publication date and
 *    its "on Friday" sentence is dated 2017-10-06;
 *  - 000 and 001 have no publication date: "on Sunday" stays unresolved
 *    (X's) and its sentence undated, in sl_dates and in a timeline;
 *  - 002 has no publication date either: read alone (sl_dates) "5 September"
 *    keeps an unknown year; in a timeline of the story it takes 2017, the
 *    year of the story's dated articles.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "storyline.h"

#define SEEDS "../shared/seeds"

static sl_engine *open_mem(void)
{
    sl_options o;
    sl_options_default(&o);
    sl_engine *e = NULL;
    cr_assert_eq(sl_open(&e, ":memory:", &o), SL_OK, "%s", sl_errmsg(e));
    return e;
}

static sl_engine *open_seeds(void)
{
    if (access(SEEDS, R_OK) != 0)
        return NULL;
    sl_engine *e = open_mem();
    const char *paths[] = {SEEDS};
    sl_add_report rep;
    cr_assert_eq(sl_add_paths(e, paths, 1, NULL, NULL, &rep), SL_OK, "%s", sl_errmsg(e));
    cr_assert_eq(rep.added, 5);
    return e;
}

#define SKIP_WITHOUT_SEEDS(e)                                                                      \
    do {                                                                                           \
        if (!(e))                                                                                  \
            cr_skip_test("%s not found (run from the repository root with the shared data)", SEEDS); \
    } while (0)

/* Index of the sentence holding `needle`, or -1. */
static long sentence_with(const sl_article_dates *d, const char *needle)
{
    for (size_t i = 0; i < d->nsentences; i++) {
        const sl_span *s = &d->sentences[i];
        const char *p = strstr(d->text + s->start, needle);
        if (p && (size_t)(p - d->text) + strlen(needle) <= s->end)
            return (long)i;
    }
    return -1;
}

/* The expression whose text is `t` (first one), or NULL. */
static const sl_date_expr *expr_named(const sl_article_dates *d, const char *t)
{
    for (size_t i = 0; i < d->nexprs; i++)
        if (!strcmp(d->exprs[i].text, t))
            return &d->exprs[i];
    return NULL;
}

Test(engine_timeline, dateline_gives_pub_date_and_friday)
{
    sl_engine *e = open_seeds();
    SKIP_WITHOUT_SEEDS(e);
    sl_article_dates *d = NULL;
    cr_assert_eq(sl_dates(e, "003_f4bc374b1a7ff9f1", &d), SL_OK, "%s", sl_errmsg(e));
    cr_assert_not_null(d->pub_date);
    cr_expect_str_eq(d->pub_date, "2017-10-07");
    cr_expect_str_eq(d->pub_flag, "inferred");
    long s = sentence_with(d, "Syrian regime forces on Friday entered");
    cr_assert_geq(s, 0);
    cr_assert_not_null(d->sentence_date[s]);
    cr_expect_str_eq(d->sentence_date[s], "2017-10-06");
    const sl_date_expr *x = expr_named(d, "Friday");
    cr_assert_not_null(x);
    cr_expect_str_eq(x->value, "2017-10-06");
    cr_expect_eq(x->sentence, (int)s);
    cr_expect(!memcmp(d->text + x->start, "Friday", 6), "offsets point at the expression");
    /* "Thursday night" is a TIME on the 5th */
    const sl_date_expr *tn = expr_named(d, "Thursday night");
    cr_assert_not_null(tn);
    cr_expect_str_eq(tn->type, "TIME");
    cr_expect_str_eq(tn->value, "2017-10-05TNI");
    sl_article_dates_free(d);
    sl_close(e);
}

Test(engine_timeline, sunday_without_pub_date_is_unresolved)
{
    sl_engine *e = open_seeds();
    SKIP_WITHOUT_SEEDS(e);
    static const char *const ids[] = {"000_c541f14009c09cbd", "001_7b9815c6ccc737a2"};
    for (size_t k = 0; k < 2; k++) {
        sl_article_dates *d = NULL;
        cr_assert_eq(sl_dates(e, ids[k], &d), SL_OK, "%s", sl_errmsg(e));
        cr_expect_null(d->pub_date, "%s has no publication date", ids[k]);
        cr_expect_str_eq(d->pub_flag, "none");
        const sl_date_expr *x = expr_named(d, "Sunday");
        cr_assert_not_null(x, "%s: Sunday found", ids[k]);
        cr_expect(strchr(x->value, 'X'), "%s: Sunday is unresolved: %s", ids[k], x->value);
        cr_expect_null(d->sentence_date[x->sentence], "%s: the Sunday sentence is undated", ids[k]);
        /* no sentence of an undated article gets a day from a relative word */
        for (size_t i = 0; i < d->nsentences; i++)
            cr_expect(!d->sentence_date[i] || strlen(d->sentence_date[i]) < 10,
                      "%s sentence %zu dated %s without any reference", ids[k], i, d->sentence_date[i]);
        sl_article_dates_free(d);
    }
    sl_close(e);
}

Test(engine_timeline, alone_002_keeps_unknown_year)
{
    sl_engine *e = open_seeds();
    SKIP_WITHOUT_SEEDS(e);
    sl_article_dates *d = NULL;
    cr_assert_eq(sl_dates(e, "002_65d78d6537130c47", &d), SL_OK, "%s", sl_errmsg(e));
    cr_expect_null(d->pub_date);
    const sl_date_expr *x = expr_named(d, "5 September");
    cr_assert_not_null(x);
    cr_expect_str_eq(x->value, "XXXX-09-05");
    cr_expect_null(d->sentence_date[x->sentence]);
    const sl_date_expr *r = expr_named(d, "28 to 29 October");
    cr_assert_not_null(r);
    cr_expect_str_eq(r->value, "XXXX-10-28");
    cr_expect_str_eq(r->value2, "XXXX-10-29");
    sl_article_dates_free(d);
    sl_close(e);
}

/* The entry of day `date`, or NULL. */
static const sl_timeline_entry *entry_of(const sl_timeline *t, const char *date)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->entries[i].date, date))
            return &t->entries[i];
    return NULL;
}

/* Does entry `en` hold a sentence of article `art` containing `needle`? */
static int entry_has(const sl_timeline_entry *en, const char *art, const char *needle)
{
    for (size_t k = 0; en && k < en->nsentences; k++)
        if (!strcmp(en->sentence_article[k], art) && strstr(en->sentences[k], needle))
            return 1;
    return 0;
}

Test(engine_timeline, story_year_completes_002)
{
    sl_engine *e = open_seeds();
    SKIP_WITHOUT_SEEDS(e);
    sl_timeline_query q = {.dates = 100, .per_date = 20};
    sl_timeline *t = NULL;
    cr_assert_eq(sl_timeline_build(e, &q, &t), SL_OK, "%s", sl_errmsg(e));
    cr_expect_eq(t->articles, 5);
    cr_expect_gt(t->undated, 0, "000/001/002/004 sentences without a date are left out");
    static const char *const want[][2] = {
        {"2017-09-05", "on 5 September"},
        {"2017-10-22", "on 22 October"},
        {"2017-10-28", "from 28 to 29 October"},
    };
    for (size_t i = 0; i < 3; i++) {
        const sl_timeline_entry *en = entry_of(t, want[i][0]);
        cr_assert_not_null(en, "an entry on %s", want[i][0]);
        cr_expect(entry_has(en, "002_65d78d6537130c47", want[i][1]), "%s holds 002's \"%s\"", want[i][0],
                  want[i][1]);
    }
    const sl_timeline_entry *fr = entry_of(t, "2017-10-06");
    cr_assert_not_null(fr);
    cr_expect(entry_has(fr, "003_f4bc374b1a7ff9f1", "on Friday entered"));
    /* nothing from 000/001's "on Sunday": they have no reference date */
    for (size_t i = 0; i < t->n; i++) {
        const sl_timeline_entry *en = &t->entries[i];
        cr_expect(!entry_has(en, "000_c541f14009c09cbd", "Sunday"), "%s dated from 000's Sunday", en->date);
        cr_expect(!entry_has(en, "001_7b9815c6ccc737a2", "Sunday"), "%s dated from 001's Sunday", en->date);
        cr_expect(!strcmp(en->date, "2017-10-28") || strcmp(en->date, "2017-10-01") > 0 ||
                      !strcmp(en->date, "2017-09-05"),
                  "unexpected day %s", en->date);
        for (size_t k = 1; k < en->nsentences; k++)
            cr_expect(strcmp(en->sentences[k], en->sentences[k - 1]), "a sentence repeated on %s", en->date);
        if (i > 0)
            cr_expect_lt(strcmp(t->entries[i - 1].date, en->date), 0, "chronological, no repeated date");
    }
    sl_timeline_free(t);
    sl_close(e);
}

/* Page stamps (a date next to a clock time, comment headers) never make a
 * day; the reported weekday does. */
Test(engine_timeline, stamps_are_not_events)
{
    sl_engine *e = open_mem();
    static const char *const texts[] = {
        "Markets in turmoil\nSeptember 24 , 2008 4:51 PM | Report abuse The economy was strong all along says a "
        "reader in the comments below.\nThe central bank cut its main interest rate on Monday to calm the "
        "markets.\n",
        "Rate cut\nThe central bank cut its main interest rate on Monday , surprising traders and economists.\n"
        "Posted by : Anon | September 24 , 2008 6:10 PM | Report abuse I think the bank acted far too late here.\n",
    };
    for (size_t i = 0; i < 2; i++) {
        char id[8];
        snprintf(id, sizeof id, "s%zu", i);
        sl_article a = {.id = id, .source = i ? "b" : "a", .date = "2008-09-24", .text = texts[i]};
        sl_add_status st;
        cr_assert_eq(sl_add(e, &a, &st), SL_OK, "%s", sl_errmsg(e));
    }
    sl_article_dates *d = NULL;
    cr_assert_eq(sl_dates(e, "s0", &d), SL_OK, "%s", sl_errmsg(e));
    /* the comment header is either removed as boilerplate or, if kept, undated */
    long s = sentence_with(d, "Report abuse");
    if (s >= 0)
        cr_expect_null(d->sentence_date[s], "a comment header is no event: %s", d->sentence_date[s]);
    long m = sentence_with(d, "cut its main interest rate on Monday");
    cr_assert_geq(m, 0);
    cr_expect_str_eq(d->sentence_date[m], "2008-09-22");
    sl_article_dates_free(d);
    sl_timeline_query q = {.dates = 1, .per_date = 1};
    sl_timeline *t = NULL;
    cr_assert_eq(sl_timeline_build(e, &q, &t), SL_OK, "%s", sl_errmsg(e));
    cr_assert_eq(t->n, 1);
    cr_expect_str_eq(t->entries[0].date, "2008-09-22", "the reported Monday, not the comment stamps");
    cr_expect_eq(t->entries[0].nsources, 2, "both outlets reported the cut");
    sl_timeline_free(t);
    sl_close(e);
}

/* Past the opening, a stamped line with a '|' is a reader comment's header:
 * never a timeline sentence, even when it names a day. A wire lead sharing
 * its line with the stamped dateline (in the opening) still counts. */
Test(engine_timeline, comment_headers_left_out)
{
    sl_engine *e = open_mem();
    const char *text =
        "LONDON | Tue Sep 23 , 2008 7:51 am EDT LONDON (Reuters) - The central bank cut its main interest rate on "
        "Monday to calm the markets , officials said .\n"
        "Traders welcomed the cut of the main interest rate on Monday after a week of heavy losses .\n"
        "Economists expect the bank to cut the rate again within weeks .\n"
        "Analysts said the main interest rate cut on Monday came late for the markets .\n"
        "Posted by : Anon | September 23 , 2008 4:26 PM | Report abuse The main interest rate cut on Monday "
        "came far too late for the markets .\n";
    sl_article a = {.id = "c1", .source = "x", .date = "2008-09-23", .text = text};
    sl_add_status st;
    cr_assert_eq(sl_add(e, &a, &st), SL_OK, "%s", sl_errmsg(e));
    sl_timeline_query q = {.dates = 5, .per_date = 10};
    sl_timeline *t = NULL;
    cr_assert_eq(sl_timeline_build(e, &q, &t), SL_OK, "%s", sl_errmsg(e));
    const sl_timeline_entry *mon = entry_of(t, "2008-09-22");
    cr_assert_not_null(mon);
    int lead = 0;
    for (size_t i = 0; i < t->n; i++)
        for (size_t k = 0; k < t->entries[i].nsentences; k++) {
            cr_expect(!strstr(t->entries[i].sentences[k], "Report abuse"), "comment chosen on %s",
                      t->entries[i].date);
            lead |= strstr(t->entries[i].sentences[k], "(Reuters)") != NULL;
        }
    cr_expect(lead, "the wire lead on the dateline line is a candidate");
    sl_timeline_free(t);
    sl_close(e);
}

/* An article whose date field is not a date we read ("October 2017") lends
 * its own year to day-month expressions, and nothing else. */
Test(engine_timeline, own_unparsed_year)
{
    sl_engine *e = open_mem();
    sl_article a = {.id = "u1", .source = "x", .date = "October 2017",
                    .text = "Troops entered the town on 5 September after a long siege.\n"
                            "They advanced again on Sunday , officials said.\n"};
    sl_add_status st;
    cr_assert_eq(sl_add(e, &a, &st), SL_OK, "%s", sl_errmsg(e));
    sl_article_dates *d = NULL;
    cr_assert_eq(sl_dates(e, "u1", &d), SL_OK, "%s", sl_errmsg(e));
    cr_expect_null(d->pub_date);
    const sl_date_expr *x = expr_named(d, "5 September");
    cr_assert_not_null(x);
    cr_expect_str_eq(x->value, "2017-09-05");
    cr_expect_str_eq(d->sentence_date[x->sentence], "2017-09-05");
    const sl_date_expr *su = expr_named(d, "Sunday");
    cr_assert_not_null(su);
    cr_expect(strchr(su->value, 'X'), "%s", su->value);
    cr_expect_null(d->sentence_date[su->sentence]);
    sl_article_dates_free(d);
    sl_close(e);
}

Test(engine_timeline, empty_store_and_bad_range)
{
    sl_engine *e = open_mem();
    sl_timeline_query q = {0};
    sl_timeline *t = NULL;
    cr_assert_eq(sl_timeline_build(e, &q, &t), SL_OK, "%s", sl_errmsg(e));
    cr_expect_eq(t->n, 0);
    cr_expect_eq(t->articles, 0);
    sl_timeline_free(t);
    t = NULL;
    sl_timeline_query bad = {.from = "2017-13-01"};
    cr_expect_neq(sl_timeline_build(e, &bad, &t), SL_OK);
    cr_expect_null(t);
    sl_article_dates *d = NULL;
    cr_expect_eq(sl_dates(e, "missing", &d), SL_ENOTFOUND);
    cr_expect_null(d);
    sl_close(e);
}
