/* cmd_eval.c - storyline eval timeline|clusters ... */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int cmd_eval(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fprintf(argc < 2 ? stderr : stdout, "usage: storyline eval timeline REFERENCES.jsonl ARTICLES.jsonl --keywords FILE [--write-system OUT]\n"
               "       storyline eval clusters GOLD.jsonl --label FIELD [--json]\n");
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (!strcmp(argv[1], "timeline"))
        return cmd_eval_timeline(argc - 1, argv + 1);
    if (!strcmp(argv[1], "clusters"))
        return cmd_eval_clusters(argc - 1, argv + 1);
    return cli_usage("eval", "unknown evaluation '%s' (timeline or clusters)", argv[1]);
}

