/* cmd_stats.c - storyline stats [--json] */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void help(void)
{
    printf("usage: storyline stats [OPTIONS]\n\n"
           "Counts of what is stored, the database size, and the counts and\n"
           "per-stage time of the last add run.\n\noptions:\n");
}

static void print_json(const sl_stats_info *s)
{
    json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:i}",
                          "articles", (json_int_t)s->articles, "sources", (json_int_t)s->sources,
                          "sentences", (json_int_t)s->sentences, "removed_lines",
                          (json_int_t)s->removed_lines, "words", (json_int_t)s->words,
                          "text_bytes", (json_int_t)s->text_bytes, "db_bytes",
                          (json_int_t)s->db_bytes, "schema_version", s->schema_version);
    if (s->has_last_add) {
        const sl_add_report *r = &s->last_add;
        json_t *stages = json_object();
        for (int i = 0; i < SL_STAGE_COUNT; i++)
            json_object_set_new(stages, sl_stage_name(i), json_real(r->stage[i]));
        json_object_set_new(o, "last_add",
            json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:o}", "when", s->last_add_when,
                      "read", (json_int_t)r->read, "added", (json_int_t)r->added,
                      "present", (json_int_t)r->present, "updated", (json_int_t)r->updated,
                      "rejected", (json_int_t)r->rejected, "unreadable_inputs",
                      (json_int_t)r->inputs_failed, "bytes", (json_int_t)r->bytes,
                      "seconds", r->seconds, "stage_seconds", stages));
    }
    char *txt = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    puts(txt);
    free(txt);
    json_decref(o);
}

static void print_text(const sl_stats_info *s)
{
    printf("articles       %llu\n", (unsigned long long)s->articles);
    printf("sources        %llu\n", (unsigned long long)s->sources);
    printf("sentences      %llu\n", (unsigned long long)s->sentences);
    printf("words          %llu\n", (unsigned long long)s->words);
    printf("removed lines  %llu\n", (unsigned long long)s->removed_lines);
    printf("text           %.2f MB\n", s->text_bytes / 1e6);
    printf("database       %.2f MB (schema %d)\n", s->db_bytes / 1e6, s->schema_version);
    if (!s->has_last_add) {
        printf("last add       none\n");
        return;
    }
    const sl_add_report *r = &s->last_add;
    printf("last add       %s: read %llu, added %llu, already present %llu, rejected %llu,"
           " updated %llu in %.2f s (%.1f MB/s)\n",
           s->last_add_when, (unsigned long long)r->read, (unsigned long long)r->added,
           (unsigned long long)r->present, (unsigned long long)r->rejected,
           (unsigned long long)r->updated, r->seconds,
           r->seconds > 0 ? r->bytes / 1e6 / r->seconds : 0.0);
    double total = 0;
    for (int i = 0; i < SL_STAGE_COUNT; i++)
        total += r->stage[i];
    for (int i = 0; i < SL_STAGE_COUNT; i++)
        printf("  %-12s %8.3f s  %5.1f%%\n", sl_stage_name(i), r->stage[i],
               total > 0 ? 100 * r->stage[i] / total : 0.0);
}

int cmd_stats(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    for (int i = 1; i < argc; i++) {
        CLI_ARG(&c, argc, argv, i, help, 0)
        return cli_usage("stats", "unexpected argument '%s'", argv[i]);
    }
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    sl_stats_info s;
    int rc = sl_stats(e, &s);
    if (rc == SL_OK)
        c.json ? print_json(&s) : print_text(&s);
    else
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    sl_close(e);
    return rc == SL_OK ? EXIT_OK : EXIT_NOTHING;
}
