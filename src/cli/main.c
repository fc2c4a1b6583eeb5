/* main.c - storyline's command dispatcher. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command COMMANDS[] = {
    {"add", cmd_add, "add articles from files, folders or stdin"},
    {"articles", cmd_articles, "list stored articles"},
    {"article", cmd_article, "show one article: clean text in sentences, or --raw"},
    {"stats", cmd_stats, "counts, database size, per-stage time of the last add"},
    {"stories", cmd_stories, "stories (reports of one event): list, or article-to-story TSV"},
    {"story", cmd_story, "one story: its articles, copies folded, sources, names, timeline"},
    {"dups", cmd_dups, "copies and rewrites: of one article, all groups, or every pair"},
    {"why", cmd_why, "why two articles are (not) copies: scores, rule, shared passages"},
    {"forget", cmd_forget, "remove articles (by id, or published before a date)"},
    {"dates", cmd_dates, "date expressions of an article and each sentence's date"},
    {"timeline", cmd_timeline, "what happened when, with sources: of a story or of everything"},
    {"eval", cmd_eval, "evaluate: timeline (Timeline17 protocol) or clusters (gold labels)"},
};

static void usage(FILE *f)
{
    fprintf(f, "storyline %s - a news story engine\n\n"
               "usage: storyline COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", SL_VERSION);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\n'storyline COMMAND --help' tells more. Options every command takes:\n");
    cli_common_help(f, 1);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("storyline %s\n", SL_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (!strcmp(cmd, COMMANDS[i].name))
            return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "storyline: unknown command '%s' (try storyline --help)\n", cmd);
    return EXIT_USAGE;
}
