/* common.c - options shared by every storyline command. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

void cli_common_init(cli_common *c)
{
    memset(c, 0, sizeof *c);
    c->db = "storyline.db";
    sl_options_default(&c->opt);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "storyline %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try storyline %s --help)\n", cmd);
    return EXIT_USAGE;
}

static int set_tunable(cli_common *c, const char *name, const char *val)
{
    char err[256];
    if (sl_options_set(&c->opt, name, val, err, sizeof err) != SL_OK) {
        fprintf(stderr, "storyline: %s\n", err);
        return -1;
    }
    return 1;
}

int cli_common_opt(cli_common *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char *val = NULL;
    int has_next = *i + 1 < argc;
    if (!strcmp(a, "--json")) {
        c->json = 1;
        return 1;
    }
    if (!strncmp(a, "--db=", 5)) {
        c->db = a + 5;
        return 1;
    }
    if (!strcmp(a, "--db") || !strcmp(a, "--threads") || !strcmp(a, "--set")) {
        if (!has_next) {
            fprintf(stderr, "storyline: %s needs a value\n", a);
            return -1;
        }
        val = argv[++*i];
        if (!strcmp(a, "--db")) {
            c->db = val;
            return 1;
        }
        if (!strcmp(a, "--threads"))
            return set_tunable(c, "threads", val);
        const char *eq = strchr(val, '=');
        if (!eq) {
            fprintf(stderr, "storyline: --set takes NAME=VALUE\n");
            return -1;
        }
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - val), val);
        return set_tunable(c, name, eq + 1);
    }
    return 0;
}

void cli_common_help(FILE *f, int with_tunables)
{
    fprintf(f, "  --db FILE          database file (default ./storyline.db; :memory: works)\n"
               "  --json             JSON output\n"
               "  --threads N        analysis threads (0 = one per core)\n"
               "  --set NAME=VALUE   set a tunable (below)\n");
    if (!with_tunables)
        return;
    size_t n;
    const sl_param *p = sl_params(&n);
    fprintf(f, "\ntunables (NAME default [min, max]):\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %-18s %-8g [%g, %g]  %s\n", p[i].name, p[i].def, p[i].min, p[i].max, p[i].help);
}

sl_engine *cli_open(const cli_common *c)
{
    sl_engine *e = NULL;
    if (sl_open(&e, c->db, &c->opt) != SL_OK) {
        fprintf(stderr, "storyline: %s\n", sl_errmsg(e));
        sl_close(e);
        return NULL;
    }
    return e;
}

int cli_arg(cli_common *c, int argc, char **argv, int *i, void (*help)(void), int tunables)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
        help();
        cli_common_help(stdout, tunables);
        return CLI_HELP;
    }
    int r = cli_common_opt(c, argc, argv, i);
    return r < 0 ? CLI_BAD : r ? CLI_TAKEN : CLI_OWN;
}
