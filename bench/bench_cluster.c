/*
 * bench_cluster - story clustering quality and speed.
 *
 *   bench_cluster [articles.jsonl] [name=value ...] [--quick] [--sweep name lo hi step]
 *                 [--speed other.jsonl]
 *
 * Default input: ../shared/data/ecbplus-dev/articles.jsonl (run from the
 * repo root); gold labels are the `story` field, topics the `topic` field.
 * Every article goes through sl_text_analyze + sl_entity_extract; the date
 * is the `date` field, else a dateline found in the text (sl_date). Then
 * the articles are clustered in file order and in three seeded shuffles,
 * and for each the B-cubed and pairwise P/R/F1, ARI, cluster counts and the
 * clusters mixing two gold events of one topic are printed, and the B-cubed
 * precision against the topics (topicP: false merges across topics). On a
 * corpus from gen_corpus, `story` is the pool article a generated article
 * is built on and `topic` that article's topic: `--quick` then measures
 * story quality at scale (B3 R: articles on one base kept together;
 * topicP: articles of different topics kept apart). A baseline
 * (plain TF-IDF cosine to the centroid, single pass, no names, no dates, no
 * position weights, no merges; its threshold tuned on file order) and an
 * ablation table follow, then assignment speed (sl_cluster_add only, one
 * core) on the input and on --speed (default ../shared/data/t17-dev).
 * name=value pairs override cluster parameters (see cluster_params.c).
 *
 * Diagnostics (environment): DUMP=1 prints "pred gold topic day" per
 * article of each run; TRACE=1 prints each decision with its score; PAIRS=1
 * prints the score components of every same-topic pair (final IDF);
 * WARM=1 counts every article into the IDF before clustering (an oracle
 * IDF, to measure what the cold start costs); NAMES=i prints the mention
 * keys of article i; SPEEDONLY=1 only times the input.
 */
#include "cluster/cluster.h"
#include "common/common.h"
#include "common/map64.h"
#include "date/date.h"
#include "entity/entity.h"
#include "text/text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct art {
    sl_doc doc;
    char *text;            /* the analysed text (NUL-terminated) */
    sl_mentions ms;
    uint32_t title_end;
    int32_t day;
    int64_t gold, topic;
} art;

typedef struct corpus {
    art *v;
    size_t n, cap;
    size_t dated, dateline;
} corpus;

/* ==== loading ============================================================= */

static int64_t label(json_t *o, const char *key, sl_map64 *ids)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        return json_integer_value(v);
    const char *s = json_string_value(v);
    if (!s)
        return -1;
    int fresh;
    uint64_t *slot = sl_map64_put(ids, sl_hash64(s, strlen(s)), &fresh);
    if (fresh)
        *slot = ids->n;
    return (int64_t)*slot;
}

static int32_t article_day(json_t *o, const char *text, size_t len, corpus *c)
{
    const char *d = json_string_value(json_object_get(o, "date"));
    sl_ymd ymd;
    if (d && sl_date_parse_meta(d, strlen(d), &ymd) == 0) {
        c->dated++;
        return (int32_t)sl_date_to_days(ymd.y, ymd.m, ymd.d);
    }
    sl_date_pub pub;
    if (sl_date_from_dateline(text, len, &pub) == 0 && sl_date_valid(pub.date.y, pub.date.m, pub.date.d)) {
        c->dateline++;
        return (int32_t)sl_date_to_days(pub.date.y, pub.date.m, pub.date.d);
    }
    return SL_CL_NODAY;
}

static int load(const char *path, corpus *c)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    sl_text *tx = sl_text_new("en");
    sl_entity *en = sl_entity_new(NULL);
    sl_map64 gold = {0}, topic = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)len, 0, &err);
        if (!o)
            continue;
        const char *title = json_string_value(json_object_get(o, "title"));
        const char *text = json_string_value(json_object_get(o, "text"));
        sl_buf b = {0};
        uint32_t title_end = 0;
        if (title && text && strncmp(text, title, strlen(title)) == 0) {
            title_end = (uint32_t)strlen(title);
        } else if (title) {
            sl_buf_puts(&b, title);
            sl_buf_putc(&b, '\n');
            title_end = (uint32_t)strlen(title);
        }
        if (text)
            sl_buf_puts(&b, text);
        if (!b.len) {
            json_decref(o);
            continue;
        }
        if (SL_VEC_GROW(c, 1))
            return -1;
        art *a = &c->v[c->n++];
        memset(a, 0, sizeof *a);
        a->title_end = title_end;
        a->day = article_day(o, b.p, b.len, c);
        a->gold = label(o, "story", &gold);
        a->topic = label(o, "topic", &topic);
        if (sl_text_analyze(tx, b.p, b.len, NULL, 0, &a->doc) ||
            sl_entity_extract(en, b.p, b.len, &a->ms))
            return -1;
        a->text = b.p; /* kept: event arguments read punctuation from it */
        json_decref(o);
    }
    free(line);
    fclose(f);
    sl_text_free(tx);
    sl_entity_free(en);
    sl_map64_free(&gold);
    sl_map64_free(&topic);
    return 0;
}

static void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        sl_doc_free(&c->v[i].doc);
        sl_mentions_free(&c->v[i].ms);
        sl_free(c->v[i].text);
    }
    sl_free(c->v);
    memset(c, 0, sizeof *c);
}

/* ==== runs ================================================================ */

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state += 0x9e3779b97f4a7c15ULL;
    uint64_t z = rng_state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void order_make(size_t *ord, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++)
        ord[i] = i;
    if (!seed)
        return;
    rng_state = seed;
    for (size_t i = n; i > 1; i--) {
        size_t j = rng() % i;
        size_t t = ord[i - 1];
        ord[i - 1] = ord[j];
        ord[j] = t;
    }
}

typedef struct run {
    sl_cl_eval ev;
    double topic_p;   /* B-cubed precision against the topics (false merges) */
    double add_secs, build_secs;
} run;

/* Clusters corpus in order ord with params p; fills metrics and times. */
static int run_once(const corpus *c, const size_t *ord, const sl_cluster_params *p, run *out)
{
    sl_cluster *cl = sl_cluster_new(p);
    if (!cl)
        return -1;
    uint64_t *story = sl_malloc(c->n * sizeof *story);
    int64_t *pred = sl_malloc(c->n * sizeof *pred), *gold = sl_malloc(c->n * sizeof *gold);
    int64_t *topic = sl_malloc(c->n * sizeof *topic);
    sl_cl_article rep = {0};
    double tb = 0, ta = 0;
    if (getenv("WARM")) {
        for (size_t k = 0; k < c->n; k++) {
            const art *a = &c->v[ord[k]];
            sl_cl_article_build(cl, p, &a->doc, a->text, &a->ms, a->title_end, a->day, &rep);
            sl_cluster_observe(cl, &rep);
        }
    }
    for (size_t k = 0; k < c->n; k++) {
        const art *a = &c->v[ord[k]];
        double t0 = sl_now();
        sl_cl_article_build(getenv("BUILDNULL") ? NULL : cl, p, &a->doc, a->text, &a->ms, a->title_end,
                            a->day, &rep);
        double t1 = sl_now();
        sl_cl_result r;
        sl_cl_why w = {0};
        sl_cluster_add(cl, &rep, 0, &r);
        if (getenv("TRACE") && !r.is_new) {
            sl_cluster_why_story(cl, &rep, r.story, &w);
            printf("TRACE %zu gold %lld story %llu score %.3f cos %.3f names %.3f used %d time %.2f year %d\n", ord[k],
                   (long long)a->gold, (unsigned long long)r.story, r.score, w.cosine, w.names,
                   w.names_used, w.time, rep.year);
        } else if (getenv("TRACE"))
            printf("TRACE %zu gold %lld story %llu NEW year %d\n", ord[k], (long long)a->gold, (unsigned long long)r.story, rep.year);
        ta += sl_now() - t1;
        tb += t1 - t0;
        story[k] = r.story;
        gold[k] = a->gold;
        topic[k] = a->topic;
    }
    for (size_t k = 0; k < c->n; k++)
        pred[k] = (int64_t)sl_cluster_resolve(cl, story[k]);
    if (getenv("PAIRS")) {
        sl_cl_article *reps = sl_calloc(c->n, sizeof *reps);
        for (size_t i = 0; i < c->n; i++)
            sl_cl_article_build(cl, p, &c->v[i].doc, c->v[i].text, &c->v[i].ms, c->v[i].title_end, c->v[i].day, &reps[i]);
        for (size_t i = 0; i < c->n; i++)
            for (size_t j = i + 1; j < c->n; j++) {
                if (c->v[i].topic != c->v[j].topic)
                    continue;
                sl_cl_why w;
                sl_cluster_why(cl, &reps[i], &reps[j], &w);
                printf("PAIR %zu %zu %d %.4f %.4f %d %.1f %zu\n", i, j, c->v[i].gold == c->v[j].gold, w.cosine,
                       w.names, w.names_used, w.gap_days, w.nshared);
            }
    }
    if (getenv("DUMP")) {
        for (size_t k = 0; k < c->n; k++)
            printf("DUMP %lld %lld %lld %d\n", (long long)pred[k], (long long)gold[k],
                   (long long)topic[k], c->v[ord[k]].day);
    }
    sl_cl_evaluate(pred, gold, topic, c->n, &out->ev);
    sl_cl_eval et;
    sl_cl_evaluate(pred, topic, NULL, c->n, &et);
    out->topic_p = et.b3_p;
    out->add_secs = ta;
    out->build_secs = tb;
    sl_cl_article_free(&rep);
    sl_free(story), sl_free(pred), sl_free(gold), sl_free(topic);
    sl_cluster_free(cl);
    return 0;
}

static const uint64_t seeds[4] = {0, 11, 22, 33};

static void print_head(void)
{
    printf("%-16s %6s %6s %6s  %6s %6s %6s  %6s %5s %5s %5s %6s\n", "run", "B3 P", "B3 R", "B3 F1",
           "pw P", "pw R", "pw F1", "ARI", "pred", "gold", "mixT", "topicP");
}

static void print_row(const char *name, const run *r)
{
    const sl_cl_eval *e = &r->ev;
    printf("%-16s %6.3f %6.3f %6.3f  %6.3f %6.3f %6.3f  %6.3f %5zu %5zu %5zu %6.4f\n", name, e->b3_p,
           e->b3_r, e->b3_f1, e->pair_p, e->pair_r, e->pair_f1, e->ari, e->pred_clusters,
           e->gold_clusters, e->topics_mixed, r->topic_p);
}

/* Runs file order + 3 shuffles; prints rows when verbose; returns mean B3 F1
 * and fills worst pairwise F1. */
static double run_all(const corpus *c, const sl_cluster_params *p, const char *tag, int verbose,
                      double *mean_pw)
{
    size_t *ord = sl_malloc(c->n * sizeof *ord);
    double sb = 0, sp = 0;
    for (int s = 0; s < 4; s++) {
        order_make(ord, c->n, seeds[s]);
        run r;
        run_once(c, ord, p, &r);
        sb += r.ev.b3_f1;
        sp += r.ev.pair_f1;
        if (verbose) {
            char name[64];
            snprintf(name, sizeof name, "%s%s%llu", tag, s ? " shuf" : " file",
                     (unsigned long long)seeds[s]);
            print_row(name, &r);
        }
    }
    sl_free(ord);
    if (mean_pw)
        *mean_pw = sp / 4;
    return sb / 4;
}

static void baseline_params(sl_cluster_params *p)
{
    sl_cluster_params_default(p);
    p->w_names = 0;
    p->name_floor = 0;
    p->cover = 0;
    p->young = 0;
    p->bigram_w = 0;
    p->surname_w = 0;
    p->title_w = 1;
    p->lead_w = 1;
    p->name_lead_w = 1;
    p->tau_days = 100000;
    p->grace_days = 100000;
    p->merge = 1.0;
    p->top_terms = 100000;
    p->centroid_terms = 1000000;
    p->probe_terms = 100000;
    p->candidates = 100000;
}

/* ==== speed =============================================================== */

static void speed(const char *name, const corpus *c, const sl_cluster_params *p)
{
    size_t *ord = sl_malloc(c->n * sizeof *ord);
    order_make(ord, c->n, 0);
    double best = 1e9, build = 0;
    for (int i = 0; i < 5; i++) {
        run r;
        run_once(c, ord, p, &r);
        if (r.add_secs < best) {
            best = r.add_secs;
            build = r.build_secs;
        }
    }
    printf("speed %-10s %5zu articles: assignment %8.0f articles/s, build %8.0f articles/s\n", name,
           c->n, c->n / best, c->n / build);
    sl_free(ord);
}

/* ==== main ================================================================ */

static int parse_set(sl_cluster_params *p, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq)
        return -1;
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
    if (sl_cluster_param_set(p, name, atof(eq + 1)) != SL_CL_OK) {
        fprintf(stderr, "bad parameter %s\n", arg);
        return -1;
    }
    return 0;
}

typedef struct ablation {
    const char *name;
    const char *sets[6];
} ablation;

static const ablation ablations[] = {
    {"full", {NULL}},
    {"-names", {"w_names=0", NULL}},
    {"-dates", {"grace_days=100000", NULL}},
    {"-title/lead", {"title_w=1", "lead_w=1", "name_lead_w=1", NULL}},
    {"-numbers", {"num_w=0", NULL}},
    {"+bigrams", {"bigram_w=1", NULL}},
    {"-surnames", {"surname_w=0", NULL}},
    {"-name floor", {"name_floor=0", NULL}},
    {"-coverage", {"cover=0", NULL}},
    {"-young margin", {"young=0", NULL}},
    {"-merges", {"merge=1", NULL}},
    {"K=1000", {"top_terms=1000", "centroid_terms=5000", NULL}},
    {"K=30", {"top_terms=30", NULL}},
};

int main(int argc, char **argv)
{
    const char *path = "../shared/data/ecbplus-dev/articles.jsonl";
    const char *speed_path = "../shared/data/t17-dev/articles.jsonl";
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    int quick = 0;
    const char *sweep = NULL;
    double lo = 0, hi = 0, step = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else if (strcmp(argv[i], "--sweep") == 0 && i + 4 < argc) {
            sweep = argv[++i];
            lo = atof(argv[++i]);
            hi = atof(argv[++i]);
            step = atof(argv[++i]);
        } else if (strcmp(argv[i], "--speed") == 0 && i + 1 < argc)
            speed_path = argv[++i];
        else if (strchr(argv[i], '='))
            parse_set(&p, argv[i]);
        else
            path = argv[i];
    }
    corpus c = {0};
    if (load(path, &c) || c.n == 0) {
        fprintf(stderr, "cannot load %s\n", path);
        return 1;
    }
    if (getenv("NAMES")) {
        const art *a = &c.v[atoi(getenv("NAMES"))];
        for (size_t i = 0; i < a->ms.m.n; i++)
            printf("[%s%s] ", sl_mention_key(&a->ms, &a->ms.m.v[i]),
                   (a->ms.m.v[i].flags & SL_MENT_UNSURE) ? "?" : "");
        printf("\n");
    }
    printf("%s: %zu articles, dates: %zu from metadata, %zu from datelines\n", path, c.n, c.dated,
           c.dateline);
    if (getenv("SPEEDONLY")) {
        speed("input", &c, &p);
        corpus_free(&c);
        return 0;
    }
    if (sweep) {
        for (double v = lo; v <= hi + 1e-9; v += step) {
            sl_cluster_params q = p;
            if (sl_cluster_param_set(&q, sweep, v))
                continue;
            double pw, b3 = run_all(&c, &q, "", 0, &pw);
            printf("%s=%g  mean B3 F1 %.4f  mean pw F1 %.4f\n", sweep, v, b3, pw);
        }
        corpus_free(&c);
        return 0;
    }
    print_head();
    run_all(&c, &p, "cluster", 1, NULL);
    if (quick) {
        corpus_free(&c);
        return 0;
    }

    /* baseline: tune the threshold on file order */
    sl_cluster_params b;
    baseline_params(&b);
    double best_t = 0, best_f = -1;
    size_t *ord = sl_malloc(c.n * sizeof *ord);
    order_make(ord, c.n, 0);
    for (double t = 0.05; t < 0.8; t += 0.01) {
        b.threshold = t;
        run r;
        run_once(&c, ord, &b, &r);
        if (r.ev.b3_f1 > best_f)
            best_f = r.ev.b3_f1, best_t = t;
    }
    b.threshold = best_t;
    printf("baseline: plain TF-IDF centroid cosine, threshold tuned on file order = %.2f\n", best_t);
    run_all(&c, &b, "baseline", 1, NULL);

    printf("\nablation (mean over file order + 3 shuffles)\n");
    for (size_t i = 0; i < sizeof ablations / sizeof ablations[0]; i++) {
        sl_cluster_params q = p;
        for (int k = 0; ablations[i].sets[k]; k++)
            parse_set(&q, ablations[i].sets[k]);
        double pw, b3 = run_all(&c, &q, "", 0, &pw);
        printf("  %-14s B3 F1 %.4f  pw F1 %.4f\n", ablations[i].name, b3, pw);
    }
    printf("\n");
    speed("input", &c, &p);
    corpus t = {0};
    if (load(speed_path, &t) == 0 && t.n)
        speed("--speed", &t, &p);
    corpus_free(&t);
    corpus_free(&c);
    sl_free(ord);
    return 0;
}
