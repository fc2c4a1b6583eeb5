/* cmd_stories.c - storyline stories / story / eval clusters */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static json_t *s_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *info_json(const sl_story_info *s)
{
    json_t *names = json_array();
    char *copy = strdup(s->names ? s->names : ""), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(names, json_string(t + (*t == ' ')));
    free(copy);
    return json_pack("{s:I,s:s,s:I,s:I,s:I,s:o,s:o,s:o}", "id", (json_int_t)s->id, "headline",
                     s->headline ? s->headline : "", "articles", (json_int_t)s->articles, "copies",
                     (json_int_t)s->copies, "sources", (json_int_t)s->sources, "first_date",
                     s_or_null(s->first_date), "last_date", s_or_null(s->last_date), "names", names);
}

typedef struct sctx {
    int json, tsv, first;
    size_t n;
} sctx;

static int on_story(void *ud, const sl_story_info *s)
{
    sctx *c = ud;
    c->n++;
    if (c->json) {
        json_t *o = info_json(s);
        char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        printf("%s%s", c->first ? "[\n" : ",\n", t);
        free(t);
        json_decref(o);
        c->first = 0;
        return 0;
    }
    printf("%6lld  %4zu art  %3zu src  %-10s %-10s  %.70s\n        names: %s\n", (long long)s->id, s->articles,
           s->sources, s->first_date ? s->first_date : "-", s->last_date ? s->last_date : "-",
           s->headline && *s->headline ? s->headline : "(untitled)", s->names && *s->names ? s->names : "-");
    return 0;
}

static int on_member(void *ud, const char *article, int64_t story)
{
    (void)ud;
    printf("%s\t%lld\n", article, (long long)story);
    return 0;
}

static void help_stories(void)
{
    printf("usage: storyline stories [--since DATE] [--json] [--format tsv] [OPTIONS]\n\n"
           "Stories (reports of one event), newest first: id, articles, sources,\n"
           "first and last date, headline, top names. --format tsv prints\n"
           "article id TAB story id for every stored article.\n\noptions:\n");
}

int cmd_stories(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *since = NULL, *format = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        CLI_ARG(&c, argc, argv, i, help_stories, 0)
        if (!strcmp(a, "--since") && i + 1 < argc)
            since = argv[++i];
        else if (!strcmp(a, "--format") && i + 1 < argc)
            format = argv[++i];
        else
            return cli_usage("stories", "unexpected argument '%s'", a);
    }
    if (format && strcmp(format, "tsv"))
        return cli_usage("stories", "--format takes tsv");
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    int rc;
    if (format) {
        rc = sl_story_members(e, on_member, NULL);
    } else {
        sctx s = {c.json, 0, 1, 0};
        rc = sl_stories(e, since, on_story, &s);
        if (c.json)
            printf(s.first ? "[]\n" : "\n]\n");
        else if (rc == SL_OK && !s.n)
            printf("no stories\n");
    }
    if (rc != SL_OK)
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : EXIT_NOTHING;
}

static void help_story(void)
{
    printf("usage: storyline story ID [--json] [--no-timeline] [OPTIONS]\n\n"
           "One story: its articles (copies folded under their original), sources,\n"
           "names, dates, and its timeline.\n\noptions:\n");
}

int cmd_story(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *id = NULL;
    int with_timeline = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        CLI_ARG(&c, argc, argv, i, help_story, 0)
        if (!strcmp(a, "--no-timeline"))
            with_timeline = 0;
        else if (a[0] == '-' || id)
            return cli_usage("story", "unexpected argument '%s'", a);
        else
            id = a;
    }
    if (!id)
        return cli_usage("story", "no ID given");
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    sl_story_view *v = NULL;
    int rc = sl_story_get(e, id, &v);
    sl_timeline *t = NULL;
    if (rc == SL_OK && with_timeline) {
        sl_timeline_query q = {.story = id};
        if (sl_timeline_build(e, &q, &t) != SL_OK)
            t = NULL;
    }
    if (rc != SL_OK) {
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    } else if (c.json) {
        json_t *o = info_json(&v->info);
        json_t *arts = json_array(), *srcs = json_array();
        for (size_t i = 0; i < v->narticles; i++) {
            const sl_story_article *a = &v->articles[i];
            json_array_append_new(arts, json_pack("{s:s,s:s,s:o,s:o,s:o,s:f}", "id", a->id, "source", a->source,
                                                  "date", s_or_null(a->date), "title", s_or_null(a->title),
                                                  "copy_of", s_or_null(a->copy_of), "score", a->score));
        }
        for (size_t i = 0; i < v->nsources; i++)
            json_array_append_new(srcs, json_string(v->source_names[i]));
        json_object_set_new(o, "article_list", arts);
        json_object_set_new(o, "source_list", srcs);
        if (t) {
            json_t *en = json_array();
            for (size_t i = 0; i < t->n; i++) {
                json_t *ss = json_array(), *src = json_array();
                for (size_t k = 0; k < t->entries[i].nsentences; k++)
                    json_array_append_new(ss, json_string(t->entries[i].sentences[k]));
                for (size_t k = 0; k < t->entries[i].nsources; k++)
                    json_array_append_new(src, json_pack("[s,s]", t->entries[i].sources[k].source,
                                                         t->entries[i].sources[k].article));
                json_array_append_new(en, json_pack("{s:s,s:o,s:o}", "date", t->entries[i].date, "sentences", ss,
                                                    "sources", src));
            }
            json_object_set_new(o, "timeline", json_pack("{s:o}", "entries", en));
        }
        char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
        json_decref(o);
    } else {
        const sl_story_info *s = &v->info;
        printf("story %lld: %s\n", (long long)s->id, s->headline && *s->headline ? s->headline : "(untitled)");
        printf("articles %zu (%zu copies), sources %zu, dates %s .. %s\n", s->articles, s->copies, s->sources,
               s->first_date ? s->first_date : "-", s->last_date ? s->last_date : "-");
        printf("names    %s\nsources ", *s->names ? s->names : "-");
        for (size_t i = 0; i < v->nsources; i++)
            printf(" %s%s", v->source_names[i], i + 1 < v->nsources ? "," : "");
        printf("\n\narticles:\n");
        for (size_t i = 0; i < v->narticles; i++) {
            const sl_story_article *a = &v->articles[i];
            printf("  %s%-24s %-16s %-10s %.60s\n", a->copy_of ? "  copy: " : "", a->id, a->source,
                   a->date ? a->date : "-", a->title ? a->title : "");
        }
        if (t && t->n) {
            printf("\ntimeline:\n");
            for (size_t i = 0; i < t->n; i++) {
                printf("  %s\n", t->entries[i].date);
                for (size_t k = 0; k < t->entries[i].nsentences; k++)
                    printf("    - %s\n", t->entries[i].sentences[k]);
                printf("      sources:");
                for (size_t k = 0; k < t->entries[i].nsources; k++)
                    printf(" %s (%s)%s", t->entries[i].sources[k].source, t->entries[i].sources[k].article,
                           k + 1 < t->entries[i].nsources ? "," : "");
                printf("\n");
            }
            if (t->undated)
                printf("  (%zu sentences with no date of their own and no publication date left out)\n", t->undated);
        }
    }
    sl_timeline_free(t);
    sl_story_view_free(v);
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : EXIT_NOTHING;
}

/* Writes the lines of path in a seeded random order to a temporary .jsonl
 * file; returns its path (caller unlinks and frees) or NULL. */
static char *shuffled_copy(const char *path, unsigned long seed)
{
    FILE *in = fopen(path, "r");
    if (!in)
        return NULL;
    char **lines = NULL, *line = NULL;
    size_t n = 0, cap = 0, lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, in)) > 0) {
        if (n == cap)
            lines = realloc(lines, (cap = cap ? cap * 2 : 256) * sizeof *lines);
        lines[n++] = strdup(line);
    }
    free(line);
    fclose(in);
    unsigned long long x = seed * 0x9E3779B97F4A7C15ULL + 1;
    for (size_t i = n; i > 1; i--) { /* Fisher-Yates with a splitmix-style generator */
        x += 0x9E3779B97F4A7C15ULL;
        unsigned long long z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        size_t j = (size_t)(z % i);
        char *t = lines[i - 1];
        lines[i - 1] = lines[j];
        lines[j] = t;
    }
    char tmpl[] = "/tmp/storyline_shuffle_XXXXXX";
    int fd = mkstemp(tmpl);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    for (size_t i = 0; i < n; i++) {
        if (out)
            fputs(lines[i], out);
        free(lines[i]);
    }
    free(lines);
    if (!out)
        return NULL;
    fclose(out);
    char *named = malloc(strlen(tmpl) + 7);
    sprintf(named, "%s.jsonl", tmpl);
    if (rename(tmpl, named) != 0) {
        unlink(tmpl);
        free(named);
        return NULL;
    }
    return named;
}

static void help_eval_clusters(void)
{
    printf("usage: storyline eval clusters GOLD.jsonl --label FIELD [--topic FIELD] [--json] [OPTIONS]\n\n"
           "Adds the file's articles to a fresh in-memory database in file order and\n"
           "compares the stories with the gold label FIELD: pairwise and B-cubed\n"
           "precision/recall/F1, ARI, predicted vs gold cluster counts, and how many\n"
           "stories mix two gold events of one topic (--topic FIELD, default topic).\n"
           "--shuffle SEED adds them in a seeded random order instead.\n\noptions:\n");
}

int cmd_eval_clusters(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    c.db = ":memory:";
    const char *gold = NULL, *label = NULL, *topic = "topic";
    long shuffle = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        CLI_ARG(&c, argc, argv, i, help_eval_clusters, 1)
        if (!strcmp(a, "--label") && i + 1 < argc)
            label = argv[++i];
        else if (!strcmp(a, "--topic") && i + 1 < argc)
            topic = argv[++i];
        else if (!strcmp(a, "--shuffle") && i + 1 < argc) {
            char *end;
            shuffle = strtol(argv[++i], &end, 10);
            if (*end || shuffle < 0)
                return cli_usage("eval clusters", "--shuffle takes a seed (a whole number >= 0)");
        }
        else if (a[0] == '-' || gold)
            return cli_usage("eval clusters", "unexpected argument '%s'", a);
        else
            gold = a;
    }
    if (!gold || !label)
        return cli_usage("eval clusters", "give GOLD.jsonl and --label FIELD");
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    char *tmp = shuffle >= 0 ? shuffled_copy(gold, (unsigned long)shuffle) : NULL;
    if (shuffle >= 0 && !tmp) {
        fprintf(stderr, "storyline: %s: cannot read or shuffle\n", gold);
        sl_close(e);
        return EXIT_NOTHING;
    }
    const char *paths[] = {tmp ? tmp : gold};
    sl_add_report rep;
    int rc = sl_add_paths(e, paths, 1, NULL, NULL, &rep);
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    sl_cluster_scores s;
    if (rc == SL_OK)
        rc = sl_eval_clusters(e, label, topic, &s);
    if (rc != SL_OK) {
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    } else if (c.json) {
        json_t *o = json_pack("{s:I,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:I,s:I,s:I,s:I}", "articles", (json_int_t)s.articles,
                              "pairwise_precision", s.pair_p, "pairwise_recall", s.pair_r, "pairwise_f1", s.pair_f1,
                              "bcubed_precision", s.b3_p, "bcubed_recall", s.b3_r, "bcubed_f1", s.b3_f1, "ari", s.ari,
                              "predicted_clusters", (json_int_t)s.pred_clusters, "gold_clusters",
                              (json_int_t)s.gold_clusters, "mixed_stories", (json_int_t)s.mixed, "topics_mixed",
                              (json_int_t)s.topics_mixed);
        char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(t);
        free(t);
        json_decref(o);
    } else {
        printf("articles         %zu\n", s.articles);
        printf("pairwise         P %.4f  R %.4f  F1 %.4f\n", s.pair_p, s.pair_r, s.pair_f1);
        printf("B-cubed          P %.4f  R %.4f  F1 %.4f\n", s.b3_p, s.b3_r, s.b3_f1);
        printf("ARI              %.4f\n", s.ari);
        printf("clusters         %zu predicted, %zu gold\n", s.pred_clusters, s.gold_clusters);
        printf("mixed            %zu stories mix two events of one topic (%zu topics)\n", s.mixed, s.topics_mixed);
    }
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : EXIT_NOTHING;
}
