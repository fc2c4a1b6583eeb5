/* cmd_add.c - storyline add [--db FILE] PATH... */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void help(void)
{
    printf("usage: storyline add [OPTIONS] PATH...\n\n"
           "Adds articles: .txt files (one article each; first line = title),\n"
           ".jsonl / .jsonl.gz (one JSON object per line: id, title, text, date,\n"
           "source, url; other fields are kept), folders (recursively), or - for\n"
           "JSONL on standard input. Bad input gets one line FILE:LINE: reason on\n"
           "stderr and the rest goes on; the run ends with the counts.\n"
           "Exit status: 0 if anything was read, 1 if nothing could be, 2 on usage errors.\n\n"
           "options:\n"
           "  --quiet            no warnings, only errors and counts\n");
}

typedef struct diag_ctx {
    int quiet;
} diag_ctx;

static void on_diag(void *ud, int level, const char *origin, const char *reason)
{
    diag_ctx *d = ud;
    if (level > 0 && d->quiet)
        return;
    fprintf(stderr, "%s: %s\n", origin, reason);
}

int cmd_add(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    diag_ctx d = {0};
    const char *paths[argc];
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        CLI_ARG(&c, argc, argv, i, help, 1)
        if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
            d.quiet = 1;
        else if (a[0] == '-' && a[1])
            return cli_usage("add", "unknown option '%s'", a);
        else
            paths[n++] = a;
    }
    if (!n)
        return cli_usage("add", "no PATH given");
    sl_engine *e = cli_open(&c);
    if (!e)
        return EXIT_NOTHING;
    sl_add_report rep;
    int rc = sl_add_paths(e, paths, n, on_diag, &d, &rep);
    if (rc != SL_OK)
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
    printf("read %llu, added %llu, already present %llu, rejected %llu",
           (unsigned long long)rep.read, (unsigned long long)rep.added,
           (unsigned long long)rep.present, (unsigned long long)rep.rejected);
    if (rep.updated)
        printf(", updated %llu", (unsigned long long)rep.updated);
    if (rep.inputs_failed)
        printf(", unreadable inputs %llu", (unsigned long long)rep.inputs_failed);
    printf("\n");
    sl_close(e);
    if (rc != SL_OK)
        return EXIT_NOTHING;
    if (!rep.read)
        fprintf(stderr, "storyline add: nothing could be read\n");
    return rep.read ? EXIT_OK : EXIT_NOTHING;
}
