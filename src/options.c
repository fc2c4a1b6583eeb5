/*
 * options.c - the table of tunables. Each tunable is declared once here with
 * its default, bounds and help; sl_options, the CLI's --help and the HTTP
 * service read this table. Index constants live in engine.h (SL_OPT_*), in
 * the same order; a static assert keeps them in step.
 */
#include "engine.h"
#include "cluster/cluster.h"
#include "sketch/sketch.h"

#include <errno.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sl_param OWN[SL_OPT_COUNT] = {
    [SL_OPT_THREADS] = {"threads", 0, 0, 64, 1,
        "analysis worker threads (0 = one per core); results never depend on it"},
    [SL_OPT_BATCH] = {"batch-size", 1000, 1, 1000000, 1,
        "articles per transaction: a crash loses at most the batch in flight"},
    [SL_OPT_MAX_ARTICLE_MB] = {"max-article-mb", 20, 0.001, 1024, 0,
        "articles with more text than this (MB) are rejected"},
    [SL_OPT_TITLE_MAX] = {"title-max-chars", 300, 0, 10000, 1,
        ".txt input: the first line is the title unless it is longer than this"},
    [SL_OPT_REPEAT_MIN] = {"repeat-min", 2, 1, 1000, 1,
        "a line is boilerplate once its source has used it in this many earlier articles"},
    [SL_OPT_REPEAT_MAX_LINE] = {"repeat-max-line", 400, 10, 100000, 1,
        "only lines up to this many bytes are counted as possible repeated boilerplate"},
    [SL_OPT_REPEAT_KEEP] = {"repeat-keep", 0.2, 0, 1, 0,
        "repeated-line removal is skipped when it would keep less than this share of an article's bytes"},
    [SL_OPT_REPEAT_CAP] = {"repeat-cap", 20000, 1000, 100000000, 1,
        "per source, lines counted in memory before the once-seen ones are forgotten"},
    [SL_OPT_DUP_FP_CAP] = {"dup-fp-cap", 64, 2, 1000000, 1,
        "a fingerprint held by more articles than this is boilerplate: it proposes no candidates"},
    [SL_OPT_DUP_FLOOR] = {"dup-floor", 0.5, 0.1, 1, 0,
        "verified pairs are kept when Jaccard, or containment with enough shared text, reaches this"},
    [SL_OPT_DUP_FP_PRUNE] = {"dup-fp-prune", 0.3, 0, 1, 0,
        "a fingerprint-only candidate is verified when it shares this share of the smaller article's fingerprints"},
    [SL_OPT_DUP_BAND_CAP] = {"dup-band-cap", 256, 2, 1000000, 1,
        "an LSH band held by more articles than this proposes no candidates (a flood of copies)"},
    [SL_OPT_STORIES] = {"stories", 1, 0, 1, 1,
        "1: file every article under a story; 0: skip story assignment (copy detection and timelines only)"},
};

/* The engine's own tunables first, then each module's table under a
 * prefix ("sketch.near"): every tunable is still declared once, in its
 * module, and this view only concatenates. */
static sl_param PARAMS[SL_OPT_MAX];
static char NAMES[SL_OPT_MAX][48];
static size_t NPARAMS;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void add_module(const char *prefix, const char *name, double def, double min, double max,
                       int is_int, const char *help)
{
    if (NPARAMS >= SL_OPT_MAX)
        return;
    size_t i = NPARAMS++;
    snprintf(NAMES[i], sizeof NAMES[i], "%s.%s", prefix, name);
    PARAMS[i] = (sl_param){NAMES[i], def, min, max, is_int, help};
}

static void build(void)
{
    for (int i = 0; i < SL_OPT_COUNT; i++)
        PARAMS[NPARAMS++] = OWN[i];
    size_t n;
    const sl_sketch_param_info *sk = sl_sketch_param_table(&n);
    for (size_t i = 0; i < n; i++)
        add_module("sketch", sk[i].name, sk[i].def, sk[i].min, sk[i].max, sk[i].is_int, sk[i].help);
    const sl_cluster_param_info *cl = sl_cluster_param_table(&n);
    for (size_t i = 0; i < n; i++)
        add_module("cluster", cl[i].name, cl[i].def, cl[i].min, cl[i].max, cl[i].is_int, cl[i].help);
}

_Static_assert(SL_OPT_MAX <= sizeof(((sl_options *)0)->v) / sizeof(double), "sl_options.v too small");

const sl_param *sl_params(size_t *n)
{
    pthread_once(&once, build);
    if (n)
        *n = NPARAMS;
    return PARAMS;
}

size_t sl_param_index(const char *name)
{
    size_t n;
    const sl_param *p = sl_params(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].name, name) == 0)
            return i;
    return (size_t)-1;
}

void sl_options_default(sl_options *opt)
{
    size_t n;
    const sl_param *p = sl_params(&n);
    memset(opt, 0, sizeof *opt);
    for (size_t i = 0; i < n; i++)
        opt->v[i] = p[i].def;
}

static int find_param(const char *name)
{
    size_t i = sl_param_index(name);
    return i == (size_t)-1 ? -1 : (int)i;
}

int sl_options_set(sl_options *opt, const char *name, const char *value,
                   char *err, size_t errlen)
{
    int i = find_param(name);
    if (i < 0) {
        snprintf(err, errlen, "unknown tunable '%s' (see --help)", name);
        return SL_EINVAL;
    }
    const sl_param *p = &PARAMS[i];
    char *end = NULL;
    errno = 0;
    double v = strtod(value ? value : "", &end);
    if (!value || !*value || *end || errno || !isfinite(v)) {
        snprintf(err, errlen, "%s: '%s' is not a number", name, value ? value : "");
        return SL_EINVAL;
    }
    if (p->is_int && v != floor(v)) {
        snprintf(err, errlen, "%s: '%s' must be a whole number", name, value);
        return SL_EINVAL;
    }
    if (v < p->min || v > p->max) {
        snprintf(err, errlen, "%s: %s is out of range [%g, %g]", name, value, p->min, p->max);
        return SL_EINVAL;
    }
    opt->v[i] = v;
    return SL_OK;
}

double sl_options_get(const sl_options *opt, const char *name)
{
    int i = find_param(name);
    return i < 0 ? 0 : opt->v[i];
}
