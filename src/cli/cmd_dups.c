/* cmd_dups.c - storyline dups / why / forget */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static json_t *dup_json(const sl_dup *d)
{
    return json_pack("{s:s,s:s,s:s,s:f,s:f,s:f,s:I,s:s,s:s}", "a", d->a, "b", d->b, "kind", d->kind,
                     "jaccard", d->jaccard, "a_in_b", d->a_in_b, "b_in_a", d->b_in_a, "shared",
                     (json_int_t)d->shared, "source", d->source, "copy", d->copy);
}

typedef struct dctx {
    int json, tsv, first;
    double min_j, min_c;
    const char *self;      /* the article asked about */
    size_t n;
} dctx;

static int on_dup(void *ud, const sl_dup *d)
{
    dctx *c = ud;
    if (c->tsv) {
        if (d->jaccard >= c->min_j || (d->a_in_b > d->b_in_a ? d->a_in_b : d->b_in_a) >= c->min_c)
            printf("%s\t%s\t%.4f\t%.4f\t%.4f\n", d->a, d->b, d->jaccard, d->a_in_b, d->b_in_a);
        return 0;
    }
    c->n++;
    if (c->json) {
        json_t *o = dup_json(d);
        char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        printf("%s%s", c->first ? "[\n" : ",\n", t);
        free(t);
        json_decref(o);
        c->first = 0;
        return 0;
    }
    const char *other = c->self && !strcmp(d->a, c->self) ? d->b : d->a;
    if (c->self && strcmp(d->a, c->self) && strcmp(d->b, c->self))
        other = d->a; /* asked by key rather than id */
    printf("%-7s %-28s jaccard %.3f  contained %.3f / %.3f  shared %lld  %s -> %s\n", d->kind,
           c->self ? other : d->a, d->jaccard, d->a_in_b, d->b_in_a, (long long)d->shared, d->source, d->copy);
    return 0;
}

typedef struct gctx {
    int json, first;
    size_t n;
} gctx;

static int on_group(void *ud, const char *const *m, size_t n)
{
    gctx *g = ud;
    g->n++;
    if (g->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, json_string(m[i]));
        json_t *o = json_pack("{s:s,s:o}", "canonical", m[0], "members", a);
        char *t = json_dumps(o, JSON_COMPACT);
        printf("%s%s", g->first ? "[\n" : ",\n", t);
        free(t);
        json_decref(o);
        g->first = 0;
        return 0;
    }
    printf("%s", m[0]);
    for (size_t i = 1; i < n; i++)
        printf("\t%s", m[i]);
    printf("\n");
    return 0;
}

static void dups_help(void)
{
    printf("usage: storyline dups [ARTICLE] [OPTIONS]\n\n"
           "Copies and rewrites. With ARTICLE: its copies and rewrites, each with its\n"
           "kind (exact, near, reuse), Jaccard, containment both ways, shared shingles\n"
           "and direction (source -> copy). Without: every group of copies, one per\n"
           "line, the canonical copy first.\n\n"
           "options:\n"
           "  --all --format tsv  every pair at or above either bound, one line each:\n"
           "                      id_a TAB id_b TAB jaccard TAB containment_of_a_in_b TAB\n"
           "                      containment_of_b_in_a (id_a was added first)\n"
           "  --min-jaccard J     bound for --all (default: the near bound, 0.8)\n"
           "  --min-containment C bound for --all (default: the reuse bound, 0.5)\n"
           "  --exact             --all computed from scratch over every pair sharing a\n"
           "                      shingle (the correctness oracle; slow on big stores)\n"
           "  --canonical RULE    earliest (default), longest, or prefer:SRC1,SRC2,...\n");
}

int cmd_dups(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *article = NULL, *format = NULL, *canon = "earliest";
    int all = 0, exact = 0;
    double min_j = -1, min_c = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        CLI_ARG(&c, argc, argv, i, dups_help, 0)
        int has = i + 1 < argc;
        if (!strcmp(a, "--all"))
            all = 1;
        else if (!strcmp(a, "--exact"))
            exact = 1;
        else if (!strcmp(a, "--format") && has)
            format = argv[++i];
        else if (!strcmp(a, "--canonical") && has)
            canon = argv[++i];
        else if ((!strcmp(a, "--min-jaccard") || !strcmp(a, "--min-containment")) && has) {
            char *end;
            double v = strtod(argv[++i], &end);
            if (*end || v < 0 || v > 1)
                return cli_usage("dups", "%s takes a number in [0, 1]", a);
            *(a[6] == 'j' ? &min_j : &min_c) = v;
        } else if (a[0] == '-')
            return cli_usage("dups", "unknown option or missing value '%s'", a);
        else if (article)
            return cli_usage("dups", "one ARTICLE at a time");
        else
            article = a;
    }
    if (format && strcmp(format, "tsv"))
        return cli_usage("dups", "--format takes tsv");
    if ((format || exact || min_j >= 0 || min_c >= 0) && !all)
        return cli_usage("dups", "--format, --exact and the bounds go with --all");
    if (all && article)
        return cli_usage("dups", "--all lists every pair; give no ARTICLE");
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    int rc;
    if (all) {
        double near = sl_options_get(&c.opt, "sketch.near"), reuse = sl_options_get(&c.opt, "sketch.reuse");
        dctx d = {.json = c.json && !format, .tsv = !c.json || format, .first = 1,
                  .min_j = min_j >= 0 ? min_j : near, .min_c = min_c >= 0 ? min_c : reuse};
        rc = exact ? sl_dups_exact(e, d.min_j, d.min_c, on_dup, &d) : sl_dups(e, NULL, on_dup, &d);
        if (d.json)
            printf(d.first ? "[]\n" : "\n]\n");
    } else if (article) {
        dctx d = {.json = c.json, .first = 1, .self = article};
        rc = sl_dups(e, article, on_dup, &d);
        if (c.json)
            printf(d.first ? "[]\n" : "\n]\n");
        else if (rc == SL_OK && !d.n)
            printf("no copies or rewrites of %s\n", article);
    } else {
        int rule = SL_CANON_EARLIEST;
        const char *pref[64];
        size_t npref = 0;
        char *copy = NULL;
        if (!strcmp(canon, "longest"))
            rule = SL_CANON_LONGEST;
        else if (!strncmp(canon, "prefer:", 7)) {
            rule = SL_CANON_PREFERRED;
            copy = strdup(canon + 7);
            for (char *s = NULL, *t = strtok_r(copy, ",", &s); t && npref < 64; t = strtok_r(NULL, ",", &s))
                pref[npref++] = t;
        } else if (strcmp(canon, "earliest")) {
            sl_close(e);
            return cli_usage("dups", "--canonical takes earliest, longest or prefer:SRC,...");
        }
        gctx g = {c.json, 1, 0};
        rc = sl_dup_groups(e, rule, pref, npref, on_group, &g);
        if (c.json)
            printf(g.first ? "[]\n" : "\n]\n");
        else if (rc == SL_OK && !g.n)
            printf("no copies or rewrites\n");
        free(copy);
    }
    if (rc != SL_OK)
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : EXIT_NOTHING;
}

/* ---- why ------------------------------------------------------------------------ */

static void print_span(const char *text, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b; i++)
        putchar(text[i] == '\n' ? ' ' : text[i]);
}

static void help_why(void)
{
    printf("usage: storyline why A B [OPTIONS]\n\n"
           "The evidence for two articles being copies (or not): Jaccard,\n"
           "containment both ways, the rule that fired, and the shared passages\n"
           "aligned in both texts.\n\noptions:\n");
}

int cmd_why(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *ids[2];
    int n = 0;
    for (int i = 1; i < argc; i++) {
        CLI_ARG(&c, argc, argv, i, help_why, 0)
        if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("why", "unknown option '%s'", argv[i]);
        if (n == 2)
            return cli_usage("why", "give exactly two articles");
        ids[n++] = argv[i];
    }
    if (n != 2)
        return cli_usage("why", "give exactly two articles");
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    sl_why *w = NULL;
    int rc = sl_why_dup(e, ids[0], ids[1], &w);
    if (rc != SL_OK) {
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    } else if (c.json) {
        json_t *o = dup_json(&w->d);
        json_object_set_new(o, "rule", json_string(w->rule));
        json_t *ps = json_array();
        for (size_t i = 0; i < w->npassages; i++) {
            const sl_why_passage *p = &w->passages[i];
            json_array_append_new(ps, json_pack("{s:i,s:i,s:i,s:i,s:s#,s:s#}", "a_start", p->a_start, "a_end",
                                                p->a_end, "b_start", p->b_start, "b_end", p->b_end, "a_text",
                                                w->text_a + p->a_start, (int)(p->a_end - p->a_start), "b_text",
                                                w->text_b + p->b_start, (int)(p->b_end - p->b_start)));
        }
        json_object_set_new(o, "passages", ps);
        char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(t);
        free(t);
        json_decref(o);
    } else {
        const sl_dup *d = &w->d;
        printf("%s (added first) and %s\n", d->a, d->b);
        printf("copy:        %s\n", w->rule);
        printf("jaccard      %.3f\n", d->jaccard);
        printf("contained    %.3f of %s is in %s\n", d->a_in_b, d->a, d->b);
        printf("contained    %.3f of %s is in %s\n", d->b_in_a, d->b, d->a);
        printf("shared       %lld shingles, %zu passages, %zu tokens of %s\n", (long long)d->shared,
               w->npassages, w->shared_tokens, d->a);
        if (strcmp(d->kind, "none"))
            printf("direction    %s -> %s\n", d->source, d->copy);
        sl_why_story ws;
        if (sl_why_stories(e, ids[0], ids[1], &ws) == SL_OK) {
            printf("story:       %s (story %lld and story %lld)\n",
                   ws.story_a == ws.story_b ? "same story" : "different stories", (long long)ws.story_a,
                   (long long)ws.story_b);
            printf("             similarity %.3f vs join threshold %.3f: TF-IDF cosine %.3f, names %.3f (%s),"
                   " time factor %.3f", ws.total, ws.threshold, ws.cosine, ws.names, ws.shared_names, ws.time);
            if (ws.gap_days >= 0)
                printf(" (%.0f day%s apart)", ws.gap_days, ws.gap_days == 1 ? "" : "s");
            if (ws.args_agree + ws.args_conflict)
                printf(", event figures %.3f (%d agree, %d conflict)", ws.args, ws.args_agree,
                       ws.args_conflict);
            printf("\n");
        }
        for (size_t i = 0; i < w->npassages; i++) {
            const sl_why_passage *p = &w->passages[i];
            printf("\n[%zu] %s %u-%u = %s %u-%u\n    ", i + 1, d->a, p->a_start, p->a_end, d->b, p->b_start, p->b_end);
            print_span(w->text_a, p->a_start, p->a_end);
            printf("\n");
        }
    }
    sl_why_free(w);
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : EXIT_NOTHING;
}

/* ---- forget ------------------------------------------------------------------ */

static void help_forget(void)
{
    printf("usage: storyline forget ARTICLE... | --before DATE [OPTIONS]\n\n"
           "Removes articles and everything derived from them (text, copy edges,\n"
           "index entries). --before removes every article published before DATE.\n\noptions:\n");
}

int cmd_forget(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *before = NULL;
    const char *ids[argc];
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        CLI_ARG(&c, argc, argv, i, help_forget, 0)
        if (!strcmp(argv[i], "--before") && i + 1 < argc)
            before = argv[++i];
        else if (argv[i][0] == '-')
            return cli_usage("forget", "unknown option or missing value '%s'", argv[i]);
        else
            ids[n++] = argv[i];
    }
    if (!n == !before)
        return cli_usage("forget", "give ARTICLE ids or --before DATE");
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    size_t done = 0;
    int rc = before ? sl_forget_before(e, before, &done) : sl_forget(e, ids, n, &done);
    if (rc != SL_OK)
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    else
        printf("forgot %zu article%s\n", done, done == 1 ? "" : "s");
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : rc == SL_EINVAL ? EXIT_USAGE : EXIT_NOTHING;
}
