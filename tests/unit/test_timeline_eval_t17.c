/* test_timeline_eval_t17.c - the metrics on the real Timeline17 reference
 * timelines (../shared/data/t17-dev/references.jsonl): self-evaluation gives
 * 1, a one-day shift gives exactly 1/2 on the alignment metrics and 0 on
 * dates, and dropping half the dates halves date recall. Skipped when the
 * data is absent. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/common.h"
#include "timeline/timeline.h"

#define REFS "../shared/data/t17-dev/references.jsonl"

typedef struct tl {
    sl_tl_entry *e;
    size_t n;
    json_t *root;              /* owns the strings */
} tl;

static int32_t iso_day(const char *s)
{
    int y, m, d;
    cr_assert(s && sscanf(s, "%d-%d-%d", &y, &m, &d) == 3);
    return sl_tl_days_from_civil(y, m, d);
}

static void load(json_t *o, tl *t)
{
    json_t *en = json_object_get(o, "entries");
    t->root = o;
    t->n = json_array_size(en);
    t->e = sl_calloc(t->n + 1, sizeof *t->e);
    for (size_t i = 0; i < t->n; i++) {
        json_t *x = json_array_get(en, i), *ss = json_object_get(x, "sentences");
        const char **v = sl_calloc(json_array_size(ss) + 1, sizeof *v);
        for (size_t j = 0; j < json_array_size(ss); j++)
            v[j] = json_string_value(json_array_get(ss, j));
        t->e[i] = (sl_tl_entry){iso_day(json_string_value(json_object_get(x, "date"))),
                                (const char *const *)v, json_array_size(ss)};
    }
}

static void drop(tl *t)
{
    for (size_t i = 0; i < t->n; i++)
        sl_free((void *)t->e[i].sents);
    sl_free(t->e);
    json_decref(t->root);
}

/* No two days equal or adjacent: a one-day shift then lands on no
 * reference day. */
static int spaced_days(const tl *t)
{
    for (size_t i = 0; i < t->n; i++)
        for (size_t j = i + 1; j < t->n; j++)
            if (abs(t->e[i].day - t->e[j].day) <= 1)
                return 0;
    return 1;
}

Test(timeline_eval_t17, self_shift_and_subset_on_real_references)
{
    FILE *f = fopen(REFS, "r");
    if (!f)
        cr_skip_test("no " REFS " (run from the repository root with ../shared/data present)");
    sl_tl_eval *ev = sl_tl_eval_new();
    cr_assert_not_null(ev);
    char *line = NULL;
    size_t cap = 0, seen = 0, spaced = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        cr_assert_not_null(o, "bad JSON line: %s", err.text);
        tl t;
        load(o, &t);
        seen++;
        sl_tl_scores s;
        cr_assert_eq(sl_tl_evaluate(ev, t.e, t.n, t.e, t.n, &s), 0);
        cr_expect(fabs(s.ar1.f - 1) < 1e-9 && fabs(s.ar2.f - 1) < 1e-9 && fabs(s.date.f - 1) < 1e-9,
                  "self: ar1 %f ar2 %f date %f", s.ar1.f, s.ar2.f, s.date.f);
        if (spaced_days(&t)) {
            /* every day one later: same-content pairs cost 1/2 * 0 = 0 and
             * any other pair costs more, so each maps to its own day. */
            spaced++;
            sl_tl_entry *sh = sl_calloc(t.n + 1, sizeof *sh);
            for (size_t i = 0; i < t.n; i++)
                sh[i] = t.e[i], sh[i].day += 1;
            cr_assert_eq(sl_tl_evaluate(ev, sh, t.n, t.e, t.n, &s), 0);
            cr_expect(fabs(s.ar1.f - 0.5) < 1e-9, "shift: ar1 %f", s.ar1.f);
            cr_expect(s.date.f == 0, "shift: date %f", s.date.f);
            cr_assert_eq(sl_tl_evaluate(ev, t.e, (t.n + 1) / 2, t.e, t.n, &s), 0);
            cr_expect(fabs(s.date.p - 1) < 1e-9);
            cr_expect(fabs(s.date.r - (double)((t.n + 1) / 2) / (double)t.n) < 1e-9);
            cr_expect(s.ar1.p > 0.99, "a subset is all precise: %f", s.ar1.p);
            sl_free(sh);
        }
        drop(&t);
    }
    free(line);
    fclose(f);
    sl_tl_eval_free(ev);
    cr_expect_gt(seen, 0);
    cr_expect_gt(spaced, 0, "some reference has no adjacent days");
}
