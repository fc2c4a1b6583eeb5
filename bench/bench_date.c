/*
 * bench_date.c - throughput and coverage of the date module on real news.
 *
 * Usage: bench_date [articles.jsonl] [max_articles]
 * Default input: ../shared/data/t17-dev/articles.jsonl (run from the repo
 * root). Each article's `date` field is the reference date; its text is
 * split into sentences at line breaks (T17 is one sentence per line).
 * Prints sentences/s and MB/s for sl_date_find + sl_date_pick (timed over
 * the parse loop only, JSON decoding excluded), how many sentences get a
 * date (by granularity), where day-level picks fall relative to the
 * article's date, expression counts by type, and how often the dateline
 * finder agrees with the metadata date. Never fails on a time.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "date/date.h"

typedef struct doc {
    char *text;
    size_t len;
    sl_ymd ref;
} doc;

typedef struct docs {
    doc *v;
    size_t n, cap;
} docs;

static int load(const char *path, long max, docs *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t r;
    while ((r = getline(&line, &cap, f)) > 0 && (max <= 0 || (long)out->n < max)) {
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)r, 0, &err);
        if (!o) continue;
        const char *t = json_string_value(json_object_get(o, "text"));
        const char *d = json_string_value(json_object_get(o, "date"));
        if (t) {
            doc x;
            memset(&x, 0, sizeof x);
            x.len = strlen(t);
            x.text = sl_strndup(t, x.len);
            if (d) sl_date_parse_meta(d, strlen(d), &x.ref);
            if (x.text && SL_VEC_PUSH(out, x) == 0) {
            } else sl_free(x.text);
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    return 0;
}

typedef struct stats {
    size_t sents, bytes, dated, by_gran[5], by_type[4], exprs, unresolved;
    size_t day_week, day_future, day_older;   /* day picks: 0-7 days before ref, after ref, older */
} stats;

static void run(const docs *D, stats *st)
{
    sl_timex tx[32];
    for (size_t i = 0; i < D->n; i++) {
        const doc *d = &D->v[i];
        sl_date_ctx ctx;
        memset(&ctx, 0, sizeof ctx);
        ctx.ref = d->ref;
        size_t p = 0;
        while (p < d->len) {
            size_t e = p;
            while (e < d->len && d->text[e] != '\n') e++;
            if (e > p) {
                size_t n = sl_date_find(&ctx, d->text + p, e - p, tx, 32);
                if (n > 32) n = 32;
                sl_ymd out;
                int g = sl_date_pick(tx, n, &out);
                st->sents++;
                st->bytes += e - p;
                st->by_gran[g]++;
                st->dated += g != SL_GRAN_NONE;
                if (g == SL_GRAN_DAY && d->ref.y) {
                    long delta = sl_date_to_days(d->ref.y, d->ref.m, d->ref.d) - sl_date_to_days(out.y, out.m, out.d);
                    if (delta < 0) st->day_future++;
                    else if (delta <= 7) st->day_week++;
                    else st->day_older++;
                }
                st->exprs += n;
                for (size_t k = 0; k < n; k++) {
                    st->by_type[tx[k].type]++;
                    st->unresolved += (tx[k].flags & SL_TX_UNRESOLVED) != 0;
                }
            }
            p = e + 1;
        }
    }
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/data/t17-dev/articles.jsonl";
    long max = argc > 2 ? atol(argv[2]) : 0;
    docs D = {0};
    if (load(path, max, &D) || D.n == 0) {
        fprintf(stderr, "bench_date: cannot read %s (run from the repo root)\n", path);
        return 1;
    }
    stats st;
    int reps = 0;
    double t0 = sl_now(), t;
    do {
        memset(&st, 0, sizeof st);
        run(&D, &st);
        reps++;
        t = sl_now() - t0;
    } while (t < 1.0 && reps < 20);
    double per = t / reps;
    printf("bench_date: %zu articles, %zu sentences, %.1f MB (%d pass%s, %.3f s/pass)\n", D.n, st.sents,
           st.bytes / 1e6, reps, reps > 1 ? "es" : "", per);
    printf("  throughput: %.0f sentences/s, %.1f MB/s (sl_date_find + sl_date_pick)\n", st.sents / per,
           st.bytes / 1e6 / per);
    printf("  expressions: %zu (DATE %zu, TIME %zu, DURATION %zu, SET %zu), unresolved %zu\n", st.exprs,
           st.by_type[0], st.by_type[1], st.by_type[2], st.by_type[3], st.unresolved);
    printf("  sentences with a date: %zu (%.1f%%): day %zu, week %zu, month %zu, year %zu\n", st.dated,
           100.0 * st.dated / (st.sents ? st.sents : 1), st.by_gran[SL_GRAN_DAY], st.by_gran[SL_GRAN_WEEK],
           st.by_gran[SL_GRAN_MONTH], st.by_gran[SL_GRAN_YEAR]);

    printf("  day-level picks vs the article's date: %zu within the 7 days before, %zu after it, %zu older\n",
           st.day_week, st.day_future, st.day_older);

    size_t with_meta = 0, found = 0, agree = 0;
    for (size_t i = 0; i < D.n; i++) {
        sl_date_pub p;
        if (sl_date_from_dateline(D.v[i].text, D.v[i].len, &p)) continue;
        found++;
        if (!D.v[i].ref.y) continue;
        with_meta++;
        agree += p.date.y == D.v[i].ref.y && p.date.m == D.v[i].ref.m && p.date.d == D.v[i].ref.d;
    }
    printf("  dateline: found in %zu of %zu articles; equals metadata date in %zu of %zu\n", found, D.n, agree,
           with_meta);
    for (size_t i = 0; i < D.n; i++) sl_free(D.v[i].text);
    sl_free(D.v);
    return 0;
}
