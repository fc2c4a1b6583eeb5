/*
 * cli.h - the storyline command line: one file per group of subcommands,
 * each a function taking argc/argv after the subcommand name. Uses only the
 * public header (plus jansson to print JSON).
 */
#ifndef SL_CLI_H
#define SL_CLI_H

#include <stdio.h>

#include "storyline.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_NOTHING = 1, EXIT_USAGE = 2 };

/* Options every command accepts. */
typedef struct cli_common {
    const char *db;        /* --db FILE (default ./storyline.db) */
    int json;              /* --json */
    sl_options opt;        /* --set NAME=VALUE, --threads N */
} cli_common;

/* One step of a command's argument loop: --help/-h prints help() and the
 * common options (with the tunables when `tunables`), returning CLI_HELP;
 * a common option is consumed (CLI_TAKEN, *i advanced past its value); a
 * bad one prints why (CLI_BAD); anything else is the command's (CLI_OWN).
 * CLI_ARG() wraps it for the usual loop: it returns or continues for all
 * but CLI_OWN. */
enum { CLI_OWN, CLI_TAKEN, CLI_HELP, CLI_BAD };
int cli_arg(cli_common *c, int argc, char **argv, int *i, void (*help)(void), int tunables);
#define CLI_ARG(c, argc, argv, i, help, tunables)                         \
    switch (cli_arg((c), (argc), (argv), &(i), (help), (tunables))) {     \
    case CLI_HELP: return EXIT_OK;                                         \
    case CLI_BAD: return EXIT_USAGE;                                       \
    case CLI_TAKEN: continue;                                              \
    default: break;                                                        \
    }

/* Parses a common option at argv[*i]; returns 1 when consumed (advancing
 * *i past its value), 0 when not a common option, -1 on a usage error
 * (message printed). */
int cli_common_opt(cli_common *c, int argc, char **argv, int *i);
void cli_common_init(cli_common *c);
/* Prints the common options' help, and the tunables table. */
void cli_common_help(FILE *f, int with_tunables);
/* Opens the engine or prints "storyline: DB: reason" and returns NULL. */
sl_engine *cli_open(const cli_common *c);
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int cmd_add(int argc, char **argv);
int cmd_articles(int argc, char **argv);
int cmd_article(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_dups(int argc, char **argv);
int cmd_why(int argc, char **argv);
int cmd_forget(int argc, char **argv);
int cmd_dates(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_eval_timeline(int argc, char **argv);
int cmd_eval_clusters(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_story(int argc, char **argv);

#endif
