/* cmd_articles.c - storyline articles [--json]; storyline article ID [--json] [--raw] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char *date_flag_name(int f)
{
    static const char *const n[] = {"none", "given", "unparsed", "inferred"};
    return f >= 0 && f < 4 ? n[f] : "?";
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *info_json(const sl_article_info *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(a->id));
    json_object_set_new(o, "seq", json_integer(a->seq));
    json_object_set_new(o, "source", json_string(a->source));
    json_object_set_new(o, "url", str_or_null(a->url));
    json_object_set_new(o, "title", str_or_null(a->title));
    json_object_set_new(o, "date", str_or_null(a->date));
    json_object_set_new(o, "date_flag", json_string(date_flag_name(a->date_flag)));
    json_object_set_new(o, "words", json_integer(a->words));
    json_object_set_new(o, "sentences", json_integer(a->sentences));
    json_object_set_new(o, "removed_lines", json_integer(a->removed_lines));
    json_t *w = json_array();
    if (a->warnings && *a->warnings) {
        char *copy = strdup(a->warnings), *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
            json_array_append_new(w, json_string(t));
        free(copy);
    }
    json_object_set_new(o, "warnings", w);
    json_t *extra = a->extra_json ? json_loads(a->extra_json, 0, NULL) : NULL;
    json_object_set_new(o, "extra", extra ? extra : json_object());
    return o;
}

static void dump(json_t *o, int compact)
{
    char *t = json_dumps(o, (compact ? JSON_COMPACT : JSON_INDENT(2)) | JSON_PRESERVE_ORDER);
    puts(t);
    free(t);
}

/* ---- articles -------------------------------------------------------------- */

typedef struct list_ctx {
    int json;
    int first;
} list_ctx;

static void print_field(const char *s, int width)
{
    /* one line per article: tabs and newlines in titles become spaces */
    int n = 0;
    for (const char *p = s ? s : "-"; *p && (width <= 0 || n < width); p++, n++)
        putchar(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

static int on_article(void *ud, const sl_article_info *a)
{
    list_ctx *c = ud;
    if (c->json) {
        json_t *o = info_json(a);
        char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        printf("%s%s", c->first ? "[\n" : ",\n", t);
        free(t);
        json_decref(o);
    } else {
        print_field(a->id, 0);
        putchar('\t');
        print_field(a->source, 0);
        putchar('\t');
        print_field(a->date, 0);
        printf("\t%u\t%u\t%s\t", a->words, a->sentences, *a->warnings ? a->warnings : "-");
        print_field(a->title, 80);
        putchar('\n');
    }
    c->first = 0;
    return 0;
}

static void help_articles(void)
{
    printf("usage: storyline articles [OPTIONS]\n\n"
           "Lists stored articles in arrival order, tab-separated:\n"
           "id, source, date, words, sentences, warnings, title.\n"
           "--json prints an array of objects (with the input's other fields as \"extra\").\n\noptions:\n");
}

int cmd_articles(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    for (int i = 1; i < argc; i++) {
        CLI_ARG(&c, argc, argv, i, help_articles, 0)
        return cli_usage("articles", "unexpected argument '%s'", argv[i]);
    }
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    list_ctx lc = {c.json, 1};
    if (!c.json)
        printf("id\tsource\tdate\twords\tsentences\twarnings\ttitle\n");
    int rc = sl_articles(e, on_article, &lc);
    if (c.json)
        printf(lc.first ? "[]\n" : "\n]\n");
    if (rc != SL_OK)
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : EXIT_NOTHING;
}

/* ---- article ----------------------------------------------------------------- */

static json_t *span_text(const sl_article_view *v, uint32_t a, uint32_t b)
{
    return json_stringn(v->text + a, b - a);
}

static void article_json(const sl_article_view *v, int raw)
{
    json_t *o = info_json(&v->info);
    json_t *s = json_array();
    for (size_t i = 0; i < v->nsentences; i++)
        json_array_append_new(s, json_pack("{s:i,s:i,s:o}", "start", v->sentences[i].start, "end",
                                           v->sentences[i].end, "text",
                                           span_text(v, v->sentences[i].start, v->sentences[i].end)));
    json_object_set_new(o, "sentences", s);
    json_t *r = json_array();
    for (size_t i = 0; i < v->nremoved; i++)
        json_array_append_new(r, json_pack("{s:i,s:i,s:s,s:o}", "start", v->removed[i].start,
                                           "end", v->removed[i].end, "rule", v->removed[i].rule,
                                           "text", span_text(v, v->removed[i].start, v->removed[i].end)));
    json_object_set_new(o, "removed", r);
    if (raw)
        json_object_set_new(o, "text", json_stringn(v->text, v->text_len));
    dump(o, 0);
    json_decref(o);
}

static void header(const sl_article_view *v)
{
    const sl_article_info *a = &v->info;
    printf("id:        %s\n", a->id);
    printf("source:    %s\n", a->source);
    if (a->url)
        printf("url:       %s\n", a->url);
    printf("title:     %s\n", a->title ? a->title : "-");
    printf("date:      %s (%s)\n", a->date ? a->date : "-", date_flag_name(a->date_flag));
    printf("words:     %u, sentences %u, removed lines %u\n", a->words, a->sentences, a->removed_lines);
    if (*a->warnings)
        printf("warnings:  %s\n", a->warnings);
    printf("\n");
}

/* --raw: every line of the input; removed ones marked with their rule. */
static void article_raw(const sl_article_view *v)
{
    size_t r = 0, i = 0;
    while (i < v->text_len) {
        const char *nl = memchr(v->text + i, '\n', v->text_len - i);
        size_t end = nl ? (size_t)(nl - v->text) : v->text_len;
        while (r < v->nremoved && v->removed[r].end <= i)
            r++;
        const sl_removed_line *rm = NULL;
        for (size_t k = r; k < v->nremoved && v->removed[k].start < end; k++)
            if (v->removed[k].start >= i)
                rm = &v->removed[k];
        /* a removed span is the whole (trimmed) line, or a code before text */
        size_t e2 = end;
        while (e2 > i && (v->text[e2 - 1] == ' ' || v->text[e2 - 1] == '\t' || v->text[e2 - 1] == '\r'))
            e2--;
        int whole = rm && rm->end >= e2;
        if (rm && whole)
            printf("- [%s] %.*s\n", rm->rule, (int)(end - i), v->text + i);
        else if (rm)
            printf("~ [%s: %.*s] %.*s\n", rm->rule, (int)(rm->end - rm->start), v->text + rm->start,
                   (int)(end - rm->end), v->text + rm->end);
        else
            printf("  %.*s\n", (int)(end - i), v->text + i);
        i = end + 1;
    }
}

static void help_article(void)
{
    printf("usage: storyline article ID [OPTIONS]\n\n"
           "Shows one article: its metadata and its clean text split into\n"
           "sentences. --raw shows every input line instead, the removed ones\n"
           "marked '- [rule]' with the rule that removed them.\n\noptions:\n"
           "  --raw              every line, removed ones marked\n");
}

int cmd_article(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    int raw = 0;
    const char *id = NULL;
    for (int i = 1; i < argc; i++) {
        CLI_ARG(&c, argc, argv, i, help_article, 0)
        if (!strcmp(argv[i], "--raw"))
            raw = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("article", "unknown option '%s'", argv[i]);
        else if (id)
            return cli_usage("article", "one ID at a time");
        else
            id = argv[i];
    }
    if (!id)
        return cli_usage("article", "no ID given");
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    sl_article_view *v = NULL;
    int rc = sl_article_get(e, id, &v);
    if (rc != SL_OK) {
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    } else if (c.json) {
        article_json(v, raw);
    } else {
        header(v);
        if (raw)
            article_raw(v);
        else
            for (size_t i = 0; i < v->nsentences; i++)
                printf("%3zu  %.*s\n", i + 1, (int)(v->sentences[i].end - v->sentences[i].start),
                       v->text + v->sentences[i].start);
    }
    sl_article_view_free(v);
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : EXIT_NOTHING;
}
