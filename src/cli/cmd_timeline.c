/* cmd_timeline.c - storyline dates / timeline / eval timeline */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "cli/cli.h"
#include "timeline/timeline.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- dates ------------------------------------------------------------------------ */

static void help_dates(void)
{
    printf("usage: storyline dates ARTICLE [OPTIONS]\n\n"
           "Every date expression of an article, with its character offsets into\n"
           "the article's text, its TimeML type (DATE, TIME, DURATION, SET) and value\n"
           "resolved against the publication date; then each sentence's date.\n"
           "Without a publication date, relative expressions stay unresolved (X's).\n\noptions:\n");
}

int cmd_dates(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *id = NULL;
    for (int i = 1; i < argc; i++) {
        CLI_ARG(&c, argc, argv, i, help_dates, 0)
        if (argv[i][0] == '-' || id)
            return cli_usage("dates", "unexpected argument '%s'", argv[i]);
        id = argv[i];
    }
    if (!id)
        return cli_usage("dates", "no ARTICLE given");
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    sl_article_dates *d = NULL;
    int rc = sl_dates(e, id, &d);
    if (rc != SL_OK) {
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    } else if (c.json) {
        json_t *o = json_pack("{s:s,s:o,s:s}", "id", d->id, "publication_date",
                              d->pub_date ? json_string(d->pub_date) : json_null(), "publication_date_source", d->pub_flag);
        json_t *ex = json_array();
        for (size_t i = 0; i < d->nexprs; i++) {
            const sl_date_expr *x = &d->exprs[i];
            json_t *xo = json_pack("{s:i,s:i,s:s,s:s,s:s,s:i}", "start", x->start, "end", x->end, "text", x->text,
                                   "type", x->type, "value", x->value, "sentence", x->sentence);
            if (*x->value2)
                json_object_set_new(xo, "value_end", json_string(x->value2));
            json_array_append_new(ex, xo);
        }
        json_object_set_new(o, "expressions", ex);
        json_t *ss = json_array();
        for (size_t i = 0; i < d->nsentences; i++)
            json_array_append_new(ss, json_pack("{s:i,s:i,s:o}", "start", d->sentences[i].start, "end",
                                                d->sentences[i].end, "date",
                                                d->sentence_date[i] ? json_string(d->sentence_date[i]) : json_null()));
        json_object_set_new(o, "sentences", ss);
        char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(t);
        free(t);
        json_decref(o);
    } else {
        printf("%s: published %s (%s)\n\n", d->id, d->pub_date ? d->pub_date : "-", d->pub_flag);
        printf("expressions:\n");
        for (size_t i = 0; i < d->nexprs; i++) {
            const sl_date_expr *x = &d->exprs[i];
            printf("  %6u-%-6u %-8s %-12s%s%s  \"%s\"\n", x->start, x->end, x->type, x->value, *x->value2 ? " .. " : "",
                   x->value2, x->text);
        }
        if (!d->nexprs)
            printf("  none\n");
        printf("\nsentences:\n");
        for (size_t i = 0; i < d->nsentences; i++) {
            int n = (int)(d->sentences[i].end - d->sentences[i].start);
            printf("  %3zu %-10s %.*s%s\n", i + 1, d->sentence_date[i] ? d->sentence_date[i] : "undated", n > 90 ? 90 : n,
                   d->text + d->sentences[i].start, n > 90 ? "..." : "");
        }
    }
    sl_article_dates_free(d);
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : EXIT_NOTHING;
}

/* ---- timeline ------------------------------------------------------------------------ */

static json_t *timeline_json(const sl_timeline *t)
{
    json_t *en = json_array();
    for (size_t i = 0; i < t->n; i++) {
        const sl_timeline_entry *e = &t->entries[i];
        json_t *ss = json_array(), *src = json_array(), *arts = json_array();
        for (size_t k = 0; k < e->nsentences; k++) {
            json_array_append_new(ss, json_string(e->sentences[k]));
            json_array_append_new(arts, json_string(e->sentence_article[k]));
        }
        for (size_t k = 0; k < e->nsources; k++)
            json_array_append_new(src, json_pack("[s,s]", e->sources[k].source, e->sources[k].article));
        json_array_append_new(en, json_pack("{s:s,s:o,s:o,s:o}", "date", e->date, "sentences", ss, "sentence_articles",
                                            arts, "sources", src));
    }
    return json_pack("{s:o}", "entries", en);
}

static void timeline_text(const sl_timeline *t, int markdown)
{
    for (size_t i = 0; i < t->n; i++) {
        const sl_timeline_entry *e = &t->entries[i];
        printf(markdown ? "## %s\n\n" : "%s\n", e->date);
        for (size_t k = 0; k < e->nsentences; k++)
            printf(markdown ? "- %s (%s)\n" : "  - %s [%s]\n", e->sentences[k], e->sentence_article[k]);
        printf(markdown ? "\n*Sources:* " : "    sources: ");
        for (size_t k = 0; k < e->nsources; k++)
            printf("%s%s (%s)", k ? ", " : "", e->sources[k].source, e->sources[k].article);
        printf("\n\n");
    }
    printf(markdown ? "_%zu articles, %zu dated sentences, %zu sentences without any date left out._\n"
                    : "(%zu articles, %zu dated sentences, %zu sentences without any date left out)\n",
           t->articles, t->candidates, t->undated);
}

static void help_timeline(void)
{
    printf("usage: storyline timeline STORY [OPTIONS]\n"
           "       storyline timeline --all [--from DATE --to DATE] [--keywords w,w,...] [OPTIONS]\n\n"
           "The dates on which things happened, a few sentences for each, and who\n"
           "reported them. Dates are ranked by how many sentences and articles point\n"
           "at them (not only by publication dates); sentences are chosen central\n"
           "among their date's sentences, not redundant, preferring what several\n"
           "sources report.\n\noptions:\n"
           "  --dates N          number of dates (default: chosen from the articles)\n"
           "  --per-date K       sentences per date (default: chosen)\n"
           "  --from D --to D    only articles published in [D, D] (YYYY-MM-DD)\n"
           "  --keywords w,...   prefer sentences about these words\n"
           "  --where FIELD=VAL  only articles whose input field FIELD equals VAL\n"
           "  --markdown         Markdown output\n");
}

int cmd_timeline(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    sl_timeline_query q = {0};
    int all = 0, markdown = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        CLI_ARG(&c, argc, argv, i, help_timeline, 0)
        int has = i + 1 < argc;
        if (!strcmp(a, "--all"))
            all = 1;
        else if (!strcmp(a, "--markdown"))
            markdown = 1;
        else if (!strcmp(a, "--from") && has)
            q.from = argv[++i];
        else if (!strcmp(a, "--to") && has)
            q.to = argv[++i];
        else if (!strcmp(a, "--keywords") && has)
            q.keywords = argv[++i];
        else if (!strcmp(a, "--where") && has) {
            char *eq = strchr(argv[++i], '=');
            if (!eq)
                return cli_usage("timeline", "--where takes FIELD=VALUE");
            *eq = 0;
            q.extra_key = argv[i];
            q.extra_value = eq + 1;
        } else if ((!strcmp(a, "--dates") || !strcmp(a, "--per-date")) && has) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > 10000)
                return cli_usage("timeline", "%s takes a number from 1 to 10000", a);
            *(a[2] == 'd' ? &q.dates : &q.per_date) = (size_t)v;
        } else if (a[0] == '-')
            return cli_usage("timeline", "unknown option or missing value '%s'", a);
        else if (q.story)
            return cli_usage("timeline", "one STORY at a time");
        else
            q.story = a;
    }
    if (!all == !q.story)
        return cli_usage("timeline", "give a STORY or --all");
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    sl_timeline *t = NULL;
    int rc = sl_timeline_build(e, &q, &t);
    if (rc != SL_OK) {
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    } else if (c.json) {
        json_t *o = timeline_json(t);
        char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
        json_decref(o);
    } else {
        timeline_text(t, markdown);
    }
    sl_timeline_free(t);
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : rc == SL_EINVAL ? EXIT_USAGE : EXIT_NOTHING;
}

/* ---- eval timeline ------------------------------------------------------------------------ */

typedef struct ref_tl {
    char *id, *topic;
    sl_tl_entry *e;
    size_t n;
    size_t nsents;
    char first[11], last[11];
} ref_tl;

static void ref_free(ref_tl *r)
{
    for (size_t i = 0; i < r->n; i++) {
        for (size_t k = 0; k < r->e[i].nsents; k++)
            free((void *)r->e[i].sents[k]);
        free((void *)r->e[i].sents);
    }
    free(r->e);
    free(r->id);
    free(r->topic);
}

/* Parses one reference line; keeps the last entry of a repeated date. */
static int parse_ref(json_t *o, ref_tl *r)
{
    memset(r, 0, sizeof *r);
    json_t *en = json_object_get(o, "entries");
    const char *id = json_string_value(json_object_get(o, "id"));
    const char *topic = json_string_value(json_object_get(o, "topic"));
    if (!id || !topic || !json_is_array(en))
        return -1;
    r->id = strdup(id);
    r->topic = strdup(topic);
    r->e = calloc(json_array_size(en) + 1, sizeof *r->e);
    size_t i;
    json_t *x;
    json_array_foreach(en, i, x) {
        const char *d = json_string_value(json_object_get(x, "date"));
        json_t *ss = json_object_get(x, "sentences");
        int y, m, dd;
        if (!d || sscanf(d, "%d-%d-%d", &y, &m, &dd) != 3 || !json_is_array(ss))
            return -1;
        int32_t day = sl_tl_days_from_civil(y, m, dd);
        size_t k = 0;
        while (k < r->n && r->e[k].day != day)
            k++;
        if (k < r->n) { /* repeated date: the last entry wins */
            for (size_t j = 0; j < r->e[k].nsents; j++)
                free((void *)r->e[k].sents[j]);
            free((void *)r->e[k].sents);
        } else {
            r->n++;
        }
        const char **sv = calloc(json_array_size(ss) + 1, sizeof *sv);
        size_t j;
        json_t *s;
        size_t ns = 0;
        json_array_foreach(ss, j, s) if (json_is_string(s)) sv[ns++] = strdup(json_string_value(s));
        r->e[k] = (sl_tl_entry){day, sv, ns};
    }
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (size_t k = 0; k < r->n; k++) {
        lo = r->e[k].day < lo ? r->e[k].day : lo;
        hi = r->e[k].day > hi ? r->e[k].day : hi;
        r->nsents += r->e[k].nsents;
    }
    int y, m, d;
    sl_tl_civil_from_days(lo, &y, &m, &d);
    snprintf(r->first, sizeof r->first, "%04d-%02d-%02d", y, m, d);
    sl_tl_civil_from_days(hi, &y, &m, &d);
    snprintf(r->last, sizeof r->last, "%04d-%02d-%02d", y, m, d);
    return r->n ? 0 : -1;
}

static char *topic_keywords(json_t *kw, const char *topic)
{
    json_t *a = json_object_get(kw, topic);
    size_t i;
    json_t *w;
    size_t len = 0;
    json_array_foreach(a, i, w) len += json_string_length(w) + 1;
    char *out = calloc(len + 1, 1);
    json_array_foreach(a, i, w) {
        if (*out)
            strcat(out, ",");
        strcat(out, json_string_value(w));
    }
    return out;
}

static void print_scores(const char *name, const sl_tl_scores *s)
{
    printf("%-36s %.4f  %.4f  %.4f\n", name, s->ar1.f, s->ar2.f, s->date.f);
}

static void help_eval_timeline(void)
{
    printf("usage: storyline eval timeline REFERENCES.jsonl ARTICLES.jsonl --keywords KEYWORDS.json\n"
           "                               [--write-system OUT.jsonl] [OPTIONS]\n\n"
           "The standard Timeline17 protocol: ARTICLES are added to a fresh in-memory\n"
           "database; each reference timeline gets every article of its topic published\n"
           "between its first and last date, with l = its number of dates and k = round(mean\n"
           "sentences per date); scores are AR1-F, AR2-F (align+ m:1, ROUGE over Porter\n"
           "stems without stopwords) and Date-F1, averaged as F of mean P and mean R.\n\n"
           "options:\n"
           "  --keywords FILE       topic keywords (JSON object: topic -> [words])\n"
           "  --write-system FILE   write the produced timelines, one JSON line per reference\n");
}

int cmd_eval_timeline(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    c.db = ":memory:";
    const char *refs = NULL, *arts = NULL, *kwpath = NULL, *system = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        CLI_ARG(&c, argc, argv, i, help_eval_timeline, 0)
        if (!strcmp(a, "--keywords") && i + 1 < argc)
            kwpath = argv[++i];
        else if (!strcmp(a, "--write-system") && i + 1 < argc)
            system = argv[++i];
        else if (a[0] == '-')
            return cli_usage("eval timeline", "unknown option or missing value '%s'", a);
        else if (!refs)
            refs = a;
        else if (!arts)
            arts = a;
        else
            return cli_usage("eval timeline", "unexpected argument '%s'", a);
    }
    if (!refs || !arts)
        return cli_usage("eval timeline", "give REFERENCES.jsonl and ARTICLES.jsonl");
    json_error_t jerr;
    json_t *kw = kwpath ? json_load_file(kwpath, 0, &jerr) : json_object();
    if (!kw) {
        fprintf(stderr, "%s:%d: %s\n", kwpath, jerr.line, jerr.text);
        return EXIT_NOTHING;
    }
    FILE *rf = fopen(refs, "r");
    if (!rf) {
        fprintf(stderr, "%s: cannot open\n", refs);
        json_decref(kw);
        return EXIT_NOTHING;
    }
    FILE *sys = system ? fopen(system, "w") : NULL;
    if (system && !sys) {
        fprintf(stderr, "%s: cannot write\n", system);
        fclose(rf);
        json_decref(kw);
        return EXIT_NOTHING;
    }
    sl_engine *e = cli_open(&c);
    if (!e) {
        fclose(rf);
        json_decref(kw);
        return EXIT_NOTHING;
    }
    const char *paths[] = {arts};
    sl_add_report rep;
    double t0 = now();
    int rc = sl_add_paths(e, paths, 1, NULL, NULL, &rep);
    double t_add = now() - t0;
    if (rc != SL_OK || !rep.added) {
        fprintf(stderr, "storyline: %s: %s\n", arts, rc != SL_OK ? sl_errmsg(e) : "no articles");
        sl_close(e);
        fclose(rf);
        json_decref(kw);
        return EXIT_NOTHING;
    }
    sl_tl_eval *ev = sl_tl_eval_new();
    sl_tl_mean mean = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0, nref = 0;
    double t_build = 0;
    printf("%-36s %-7s %-7s %s\n", "timeline", "AR1-F", "AR2-F", "Date-F1");
    while ((len = getline(&line, &cap, rf)) > 0) {
        lineno++;
        json_t *o = json_loadb(line, (size_t)len, 0, &jerr);
        ref_tl r;
        if (!o || parse_ref(o, &r)) {
            fprintf(stderr, "%s:%d: not a reference timeline, skipped\n", refs, lineno);
            if (o)
                ref_free(&r);
            json_decref(o);
            continue;
        }
        json_decref(o);
        char *words = topic_keywords(kw, r.topic);
        sl_timeline_query q = {NULL, r.first, r.last, *words ? words : NULL, "topic", r.topic, r.n,
                               (size_t)lround((double)r.nsents / r.n)};
        if (!q.per_date)
            q.per_date = 1;
        sl_timeline *t = NULL;
        double t1 = now();
        rc = sl_timeline_build(e, &q, &t);
        t_build += now() - t1;
        if (rc != SL_OK) {
            fprintf(stderr, "storyline: %s: %s\n", r.id, sl_errmsg(e));
            free(words);
            ref_free(&r);
            break;
        }
        sl_tl_entry *pred = calloc(t->n + 1, sizeof *pred);
        for (size_t i = 0; i < t->n; i++) {
            int y, m, d;
            sscanf(t->entries[i].date, "%d-%d-%d", &y, &m, &d);
            pred[i] = (sl_tl_entry){sl_tl_days_from_civil(y, m, d), t->entries[i].sentences, t->entries[i].nsentences};
        }
        sl_tl_scores s;
        sl_tl_evaluate(ev, pred, t->n, r.e, r.n, &s);
        sl_tl_mean_add(&mean, &s);
        print_scores(r.id, &s);
        nref++;
        if (sys) {
            json_t *o2 = timeline_json(t);
            json_object_set_new(o2, "id", json_string(r.id));
            char *txt = json_dumps(o2, JSON_COMPACT | JSON_PRESERVE_ORDER);
            fprintf(sys, "%s\n", txt);
            free(txt);
            json_decref(o2);
        }
        free(pred);
        sl_timeline_free(t);
        free(words);
        ref_free(&r);
    }
    sl_tl_scores m;
    sl_tl_mean_get(&mean, &m);
    print_scores("mean (F of mean P and mean R)", &m);
    printf("%d timelines; adding %llu articles took %.2f s, building the timelines %.2f s\n", nref,
           (unsigned long long)rep.added, t_add, t_build);
    free(line);
    sl_tl_eval_free(ev);
    sl_close(e);
    fclose(rf);
    if (sys)
        fclose(sys);
    json_decref(kw);
    return rc == SL_OK && nref ? EXIT_OK : EXIT_NOTHING;
}
