/*
 * bench_timeline.c - timeline construction on Timeline17 (t17-dev), scored
 * with the tilse-style metrics of src/timeline.
 *
 * Usage: bench_timeline [DATA_DIR] [-v] [-a] [-n] [param=value ...]
 *   DATA_DIR defaults to ../shared/data/t17-dev (relative to the cwd, i.e.
 *   run it from the repository root). -v prints each built timeline; -a
 *   lets sl_tl_build choose l and k (instead of the protocol's); -n gives it
 *   no topic keywords (as for a story without a query); param=value
 *   overrides an sl_tl_params field (w_mention, w_pub, ..., max_len).
 *   Environment: BENCH_KEEP_STAMPS=1 counts dates next to clock times as
 *   mentions, BENCH_KEEP_PIPES=1 keeps lines holding " | ", BENCH_DATELINE=1
 *   ignores the publication date when the first line names it,
 *   BENCH_SKIP_FIRST=1 drops first lines (headline + lead).
 *
 * Protocol (tilse / news-tls): each reference timeline gets every article
 * of its topic published between the reference's first and last date; l =
 * its number of dates, k = round(mean sentences per date); where a
 * reference repeats a date the last entry is kept. Printed: per timeline
 * AR1-F, AR2-F, Date-F1 and build time; then F of the mean P and mean R.
 *
 * Glue only: one sentence per line (T17 is pre-split), tokens = lower-case
 * words split on spaces, stopwords and punctuation dropped, Snowball
 * English stems. Sentence dates come from a small interim parser in this
 * file ("Month D[, YYYY]", "D Month [YYYY]", weekday names, yesterday,
 * today) until the date module is wired in.
 */
#include "common/common.h"
#include "timeline/timeline.h"

#include <ctype.h>
#include <jansson.h>
#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- data ---------------------------------------------------------------- */

typedef struct sent {
    char *text;
    size_t stem_off, nstems;  /* into g.stems */
    size_t date_off, ndates;  /* into g.dates */
} sent;

typedef struct article {
    char *topic;
    uint32_t source;
    int32_t pub;
    size_t sent_off, nsents;  /* into g.sents */
} article;

static struct {
    struct { article *v; size_t n, cap; } arts;
    struct { sent *v; size_t n, cap; } sents;
    struct { uint64_t *v; size_t n, cap; } stems;
    struct { int32_t *v; size_t n, cap; } dates;
    struct { char **v; size_t n, cap; } sources;
    struct sb_stemmer *stemmer;
    int verbose;
    int auto_lk;              /* -a: let sl_tl_build choose l and k */
    int no_keywords;          /* -n: give sl_tl_build no query keywords */
    sl_tl_params base;        /* defaults + key=value overrides from argv */
} g;

static void die(const char *msg)
{
    fprintf(stderr, "bench_timeline: %s\n", msg);
    exit(1);
}

static uint32_t source_id(const char *s)
{
    for (size_t i = 0; i < g.sources.n; i++)
        if (!strcmp(g.sources.v[i], s))
            return (uint32_t)i;
    if (SL_VEC_PUSH(&g.sources, sl_strdup(s)))
        die("out of memory");
    return (uint32_t)(g.sources.n - 1);
}

static int32_t parse_iso(const char *s)
{
    int y, m, d;
    if (!s || sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
        return INT32_MIN;
    return sl_tl_days_from_civil(y, m, d);
}

/* ---- interim date parser (bench only) -------------------------------------- */

static const char *k_months[] = {"january", "february", "march",     "april",   "may",      "june",
                                 "july",    "august",   "september", "october", "november", "december"};
static const char *k_wdays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

static int month_of(const char *w)
{
    size_t n = strlen(w);
    if (n && w[n - 1] == '.')
        n--;
    if (n < 3)
        return 0;
    for (int i = 0; i < 12; i++) {
        if (strlen(k_months[i]) == n && !strncmp(k_months[i], w, n))
            return i + 1;
        /* abbreviations: jan feb mar apr aug sep sept oct nov dec */
        if (n <= 4 && i != 4 && !strncmp(k_months[i], w, n) && (n == 3 || !strcmp(w, "sept") ||
                                                                 !strncmp(w, "sept.", 5)))
            return i + 1;
    }
    return 0;
}

static int num_of(const char *w, int lo, int hi)
{
    char *e;
    if (!isdigit((unsigned char)w[0]))
        return 0;
    long v = strtol(w, &e, 10);
    if ((*e && strcmp(e, "st") && strcmp(e, "nd") && strcmp(e, "rd") && strcmp(e, "th")) ||
        v < lo || v > hi)
        return 0;
    return (int)v;
}

static int wday_of(const char *w)
{
    for (int i = 0; i < 7; i++)
        if (!strcmp(k_wdays[i], w))
            return i + 1;
    return 0;
}

/* Month-day without year: the year putting it nearest the publication. */
static int32_t nearest_year(int m, int d, int32_t pub)
{
    int py;
    sl_tl_civil_from_days(pub, &py, NULL, NULL);
    int32_t best = 0;
    long bd = -1;
    for (int y = py - 1; y <= py + 1; y++) {
        int32_t z = sl_tl_days_from_civil(y, m, d);
        long dist = labs((long)z - pub);
        if (bd < 0 || dist < bd)
            bd = dist, best = z;
    }
    return best;
}

/* 1970-01-01 was a Thursday: weekday (Mon=1) of day z. */
static int weekday(int32_t z)
{
    return (int)(((z % 7) + 7 + 3) % 7) + 1;
}

static int add_date(int32_t z)
{
    return SL_VEC_PUSH(&g.dates, z);
}

/* A clock time: 5:25 17.37 a.m. p.m. pm am et bst gmt edt est. */
static int is_clock(const char *w)
{
    static const char *const k[] = {"a.m.", "p.m.", "am", "pm", "et", "bst", "gmt", "edt", "est"};
    for (size_t i = 0; i < SL_ARRAY_LEN(k); i++)
        if (!strcmp(w, k[i]))
            return 1;
    const char *p = w;
    while (isdigit((unsigned char)*p))
        p++;
    return p > w && (*p == ':' || *p == '.') && isdigit((unsigned char)p[1]) &&
           isdigit((unsigned char)p[2]) && !p[3];
}

/* A date expression in words [b, e) next to a clock time or a "|" is a
 * timestamp (byline, comment, live-blog update), not an event mention. */
static int is_timestamp(char **w, size_t n, size_t b, size_t e)
{
    if (b > 0 && is_clock(w[b - 1]))
        return 1;
    if (e < n && (is_clock(w[e]) || !strcmp(w[e], "|")))
        return 1;
    return e + 1 < n && !strcmp(w[e], "at") && is_clock(w[e + 1]);
}

static void add_if(char **w, size_t n, size_t b, size_t e, int32_t z)
{
    if (!getenv("BENCH_KEEP_STAMPS") && is_timestamp(w, n, b, e))
        return;
    add_date(z);
}

/* Dates in the lower-cased words w[0..n) of a sentence published on pub. */
static void parse_dates(char **w, size_t n, int32_t pub)
{
    for (size_t i = 0; i < n; i++) {
        int m = month_of(w[i]), d, y;
        if (m && i + 1 < n && (d = num_of(w[i + 1], 1, 31))) {
            size_t j = i + 2;
            if (j < n && !strcmp(w[j], ","))
                j++;
            y = j < n ? num_of(w[j], 1900, 2100) : 0;
            size_t e = y ? j + 1 : i + 2;
            add_if(w, n, i, e, y ? sl_tl_days_from_civil(y, m, d) : nearest_year(m, d, pub));
            i = e - 1;
        } else if ((d = num_of(w[i], 1, 31)) && i + 1 < n && (m = month_of(w[i + 1]))) {
            y = i + 2 < n ? num_of(w[i + 2], 1900, 2100) : 0;
            size_t b = i > 0 && wday_of(w[i - 1]) ? i - 1 : i, e = y ? i + 3 : i + 2;
            add_if(w, n, b, e, y ? sl_tl_days_from_civil(y, m, d) : nearest_year(m, d, pub));
            i = e - 1;
        } else if ((d = wday_of(w[i]))) {
            int back = (weekday(pub) - d + 7) % 7;
            add_if(w, n, i, i + 1, pub - back);
        } else if (!strcmp(w[i], "yesterday")) {
            add_date(pub - 1);
        } else if (!strcmp(w[i], "today") || !strcmp(w[i], "tonight")) {
            add_date(pub);
        }
    }
}

/* ---- tokens ------------------------------------------------------------------- */

static int has_alnum(const char *w)
{
    for (; *w; w++)
        if (isalnum((unsigned char)*w))
            return 1;
    return 0;
}

static uint64_t stem_hash(const char *w)
{
    const sb_symbol *s = sb_stemmer_stem(g.stemmer, (const sb_symbol *)w, (int)strlen(w));
    if (!s)
        die("stemmer out of memory");
    return sl_hash64(s, (size_t)sb_stemmer_length(g.stemmer));
}

static void analyse_sentence(char *line, int32_t pub, int first)
{
    sent s = {.text = sl_strdup(line), .stem_off = g.stems.n, .date_off = g.dates.n};
    char *words[512];
    size_t n = 0;
    for (char *p = line; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (char *tok = strtok(line, " \t"); tok && n < SL_ARRAY_LEN(words); tok = strtok(NULL, " \t"))
        words[n++] = tok;
    parse_dates(words, n, pub);
    if (first && getenv("BENCH_DATELINE")) { /* the pub date in a dateline is no mention */
        size_t w = s.date_off;
        for (size_t i = s.date_off; i < g.dates.n; i++)
            if (g.dates.v[i] != pub)
                g.dates.v[w++] = g.dates.v[i];
        g.dates.n = w;
    }
    for (size_t i = 0; i < n; i++) {
        if (!has_alnum(words[i]) || words[i][0] == '-' ||
            sl_tl_is_rouge_stopword(words[i], strlen(words[i])))
            continue;
        if (SL_VEC_PUSH(&g.stems, stem_hash(words[i])))
            die("out of memory");
    }
    s.nstems = g.stems.n - s.stem_off;
    s.ndates = g.dates.n - s.date_off;
    if (SL_VEC_PUSH(&g.sents, s))
        die("out of memory");
}

static void add_article(json_t *o)
{
    const char *text = json_string_value(json_object_get(o, "text"));
    const char *topic = json_string_value(json_object_get(o, "topic"));
    const char *src = json_string_value(json_object_get(o, "source"));
    int32_t pub = parse_iso(json_string_value(json_object_get(o, "date")));
    if (!text || !topic || pub == INT32_MIN)
        return;
    article a = {.topic = sl_strdup(topic), .source = source_id(src ? src : "?"), .pub = pub,
                 .sent_off = g.sents.n};
    char *copy = sl_strdup(text);
    char *save = NULL;
    int first = 1;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strlen(line) > 1 && !(first && getenv("BENCH_SKIP_FIRST")) &&
            !(!getenv("BENCH_KEEP_PIPES") && strstr(line, " | ")))
            analyse_sentence(line, pub, first);
        first = 0;
    }
    sl_free(copy);
    a.nsents = g.sents.n - a.sent_off;
    if (SL_VEC_PUSH(&g.arts, a))
        die("out of memory");
}

static void load_articles(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open articles.jsonl");
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        if (o)
            add_article(o);
        json_decref(o);
    }
    free(line);
    fclose(f);
}

/* ---- one reference timeline ------------------------------------------------------ */

typedef struct ref_tl {
    char *id, *topic;
    sl_tl_entry *e;
    size_t n;
    size_t total_sents;
} ref_tl;

static int cmp_entry(const void *a, const void *b)
{
    const sl_tl_entry *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

/* Reference entries, the last entry winning on a repeated date. */
static int load_ref(json_t *o, ref_tl *r)
{
    json_t *entries = json_object_get(o, "entries");
    r->id = sl_strdup(json_string_value(json_object_get(o, "id")));
    r->topic = sl_strdup(json_string_value(json_object_get(o, "topic")));
    size_t ne = json_array_size(entries);
    r->e = sl_calloc(ne + 1, sizeof *r->e);
    for (size_t i = 0; i < ne; i++) {
        json_t *en = json_array_get(entries, i);
        int32_t day = parse_iso(json_string_value(json_object_get(en, "date")));
        json_t *ss = json_object_get(en, "sentences");
        size_t slot = r->n;
        for (size_t j = 0; j < r->n; j++)
            if (r->e[j].day == day)
                slot = j;
        if (slot == r->n)
            r->n++;
        else { /* the last entry for a repeated date wins */
            r->total_sents -= r->e[slot].nsents;
            for (size_t j = 0; j < r->e[slot].nsents; j++)
                sl_free((void *)r->e[slot].sents[j]);
            sl_free((void *)r->e[slot].sents);
        }
        const char **v = sl_calloc(json_array_size(ss) + 1, sizeof *v);
        for (size_t j = 0; j < json_array_size(ss); j++)
            v[j] = sl_strdup(json_string_value(json_array_get(ss, j)));
        r->e[slot] = (sl_tl_entry){day, (const char *const *)v, json_array_size(ss)};
        r->total_sents += json_array_size(ss);
    }
    qsort(r->e, r->n, sizeof *r->e, cmp_entry);
    return r->n ? 0 : -1;
}

typedef struct kw_set {
    uint64_t v[16];
    size_t n;
} kw_set;

static kw_set topic_keywords(json_t *kw, const char *topic)
{
    kw_set k = {0};
    json_t *a = json_object_get(kw, topic);
    for (size_t i = 0; i < json_array_size(a) && k.n < 16; i++) {
        char w[64];
        snprintf(w, sizeof w, "%s", json_string_value(json_array_get(a, i)));
        k.v[k.n++] = stem_hash(w);
    }
    return k;
}

static void free_ref(ref_tl *r)
{
    for (size_t i = 0; i < r->n; i++) {
        for (size_t j = 0; j < r->e[i].nsents; j++)
            sl_free((void *)r->e[i].sents[j]);
        sl_free((void *)r->e[i].sents);
    }
    sl_free(r->e);
    sl_free(r->id);
    sl_free(r->topic);
}

static void free_data(void)
{
    for (size_t i = 0; i < g.arts.n; i++)
        sl_free(g.arts.v[i].topic);
    for (size_t i = 0; i < g.sents.n; i++)
        sl_free(g.sents.v[i].text);
    for (size_t i = 0; i < g.sources.n; i++)
        sl_free(g.sources.v[i]);
    sl_free(g.arts.v);
    sl_free(g.sents.v);
    sl_free(g.stems.v);
    sl_free(g.dates.v);
    sl_free(g.sources.v);
    sb_stemmer_delete(g.stemmer);
}

struct cand_vec { sl_tl_cand *v; size_t n, cap; };

static void add_cands(const article *a, uint32_t art, struct cand_vec *cv)
{
    for (size_t s = a->sent_off; s < a->sent_off + a->nsents; s++) {
        const sent *st = &g.sents.v[s];
        sl_tl_cand c = {.day = a->pub, .pub_day = a->pub, .article = art, .source = a->source,
                        .sent = (uint32_t)s, .pos = (uint32_t)(s - a->sent_off), .stems = g.stems.v + st->stem_off,
                        .nstems = (uint32_t)st->nstems};
        if (st->ndates == 0 && SL_VEC_PUSH(cv, c))
            die("out of memory");
        for (size_t d = 0; d < st->ndates; d++) {
            c.day = g.dates.v[st->date_off + d];
            c.flags = SL_TLC_MENTION;
            if (SL_VEC_PUSH(cv, c))
                die("out of memory");
        }
    }
}

static void print_day(int32_t z)
{
    int y, m, d;
    sl_tl_civil_from_days(z, &y, &m, &d);
    printf("%04d-%02d-%02d", y, m, d);
}

static void run_one(sl_tl_eval *ev, const ref_tl *r, const kw_set *kw, sl_tl_mean *mean,
                    double *secs)
{
    int32_t lo = r->e[0].day, hi = r->e[r->n - 1].day;
    struct cand_vec cv = {0};
    size_t narts = 0;
    for (size_t i = 0; i < g.arts.n; i++) {
        const article *a = &g.arts.v[i];
        if (strcmp(a->topic, r->topic) || a->pub < lo || a->pub > hi)
            continue;
        add_cands(a, (uint32_t)i, &cv);
        narts++;
    }
    sl_tl_params p = g.base;
    p.l = g.auto_lk ? 0 : r->n;
    p.k = g.auto_lk ? 0 : (size_t)lround((double)r->total_sents / (double)r->n);
    p.use_range = 1;
    p.day_min = lo;
    p.day_max = hi;
    p.keywords = kw->v;
    p.nkeywords = g.no_keywords ? 0 : kw->n;
    sl_tl_result res;
    double t0 = sl_now();
    if (sl_tl_build(cv.v, cv.n, &p, &res))
        die("sl_tl_build failed");
    double dt = sl_now() - t0;
    *secs += dt;
    sl_tl_entry *pe = sl_calloc(res.n + 1, sizeof *pe);
    for (size_t i = 0; i < res.n; i++) {
        const char **v = sl_calloc(res.days[i].ncands + 1, sizeof *v);
        for (size_t j = 0; j < res.days[i].ncands; j++)
            v[j] = g.sents.v[cv.v[res.days[i].cands[j]].sent].text;
        pe[i] = (sl_tl_entry){res.days[i].day, (const char *const *)v, res.days[i].ncands};
    }
    sl_tl_scores s;
    if (sl_tl_evaluate(ev, pe, res.n, r->e, r->n, &s))
        die("sl_tl_evaluate failed");
    sl_tl_mean_add(mean, &s);
    printf("%-58s arts %4zu cands %6zu l %3zu k %zu  AR1 %.3f AR2 %.3f Date %.3f  %.3fs\n", r->id,
           narts, cv.n, res.l_used, res.k_used, s.ar1.f, s.ar2.f, s.date.f, dt);
    for (size_t i = 0; g.verbose && i < res.n; i++) {
        printf("  ");
        print_day(res.days[i].day);
        printf(" (score %.1f, %zu supp)\n", res.days[i].score, res.days[i].nsupport);
        for (size_t j = 0; j < pe[i].nsents; j++)
            printf("     %s\n", pe[i].sents[j]);
    }
    for (size_t i = 0; i < res.n; i++)
        sl_free((void *)pe[i].sents);
    sl_free(pe);
    sl_tl_result_free(&res);
    sl_free(cv.v);
}

/* key=value overrides of sl_tl_params (any name of sl_tl_param_table). */
static void set_param(const char *kv)
{
    char name[64];
    const char *eq = strchr(kv, '=');
    snprintf(name, sizeof name, "%.*s", (int)(eq - kv), kv);
    if (sl_tl_param_set(&g.base, name, atof(eq + 1))) {
        sl_tl_param_desc d[64];
        size_t n = sl_tl_param_table(d, 64);
        fprintf(stderr, "bench_timeline: bad parameter %s; known:\n", kv);
        for (size_t i = 0; i < n && i < 64; i++)
            fprintf(stderr, "  %-14s default %-6g [%g, %g]  %s\n", d[i].name, d[i].def, d[i].lo,
                    d[i].hi, d[i].help);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    const char *dir = "../shared/data/t17-dev";
    sl_tl_params_default(&g.base);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v"))
            g.verbose = 1;
        else if (!strcmp(argv[i], "-a"))
            g.auto_lk = 1;
        else if (!strcmp(argv[i], "-n"))
            g.no_keywords = 1;
        else if (strchr(argv[i], '='))
            set_param(argv[i]);
        else
            dir = argv[i];
    }
    char path[1024];
    g.stemmer = sb_stemmer_new("english", NULL);
    double t0 = sl_now();
    snprintf(path, sizeof path, "%s/articles.jsonl", dir);
    load_articles(path);
    printf("loaded %zu articles, %zu sentences in %.2fs\n", g.arts.n, g.sents.n, sl_now() - t0);
    json_error_t err;
    snprintf(path, sizeof path, "%s/keywords.json", dir);
    json_t *kw = json_load_file(path, 0, &err);
    snprintf(path, sizeof path, "%s/references.jsonl", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open references.jsonl");
    sl_tl_eval *ev = sl_tl_eval_new();
    sl_tl_mean mean = {0};
    double secs = 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *o = json_loads(line, 0, &err);
        ref_tl r = {0};
        if (o && !load_ref(o, &r)) {
            kw_set k = topic_keywords(kw, r.topic);
            run_one(ev, &r, &k, &mean, &secs);
        }
        free_ref(&r);
        json_decref(o);
    }
    free(line);
    fclose(f);
    sl_tl_scores m;
    sl_tl_mean_get(&mean, &m);
    printf("\nmean over %zu timelines (F of mean P, mean R):\n", mean.n);
    printf("  AR1-F %.4f (P %.4f R %.4f)\n", m.ar1.f, m.ar1.p, m.ar1.r);
    printf("  AR2-F %.4f (P %.4f R %.4f)\n", m.ar2.f, m.ar2.p, m.ar2.r);
    printf("  Date-F1 %.4f (P %.4f R %.4f)\n", m.date.f, m.date.p, m.date.r);
    printf("  concat R1-F %.4f R2-F %.4f\n", m.r1.f, m.r2.f);
    printf("  build time total %.3fs\n", secs);
    sl_tl_eval_free(ev);
    json_decref(kw);
    free_data();
    return 0;
}
