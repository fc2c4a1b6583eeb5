/*
 * engine.h - internals shared by engine.c (handle, queries), engine_add.c
 * (the add pipeline) and options.c. Not a public header.
 */
#ifndef SL_ENGINE_H
#define SL_ENGINE_H

#include <stdint.h>

#include "common/common.h"
#include "common/map64.h"
#include "clean/repeat.h"
#include "ingest/reader.h"
#include "store/store.h"
#include "storyline.h"
#include "text/text.h"

/* Indexes into sl_options.v, in the order of the table in options.c. */
enum {
    SL_OPT_THREADS,
    SL_OPT_BATCH,
    SL_OPT_MAX_ARTICLE_MB,
    SL_OPT_TITLE_MAX,
    SL_OPT_REPEAT_MIN,
    SL_OPT_REPEAT_MAX_LINE,
    SL_OPT_REPEAT_KEEP,
    SL_OPT_REPEAT_CAP,
    SL_OPT_DUP_FP_CAP,
    SL_OPT_DUP_FLOOR,
    SL_OPT_DUP_FP_PRUNE,
    SL_OPT_DUP_BAND_CAP,
    SL_OPT_STORIES,
    SL_OPT_COUNT,
    SL_OPT_MAX = 96  /* own + every module's tunables */
};

/* Index of a tunable in sl_options.v by its full name, or (size_t)-1. */
size_t sl_param_index(const char *name);

#define SL_OPT(e, i) ((e)->opt.v[(i)])

/* Per-source state the engine keeps while open. */
typedef struct sl_source_state {
    int64_t id;
    int loaded;         /* repeat counts loaded from the store */
    sl_repeat repeat;
} sl_source_state;

struct sl_dupindex;
struct sl_cluster;

struct sl_engine {
    sl_store *store;
    struct sl_dupindex *dups;      /* copy/rewrite index (dups.h) */
    struct sl_cluster *cluster;    /* live stories (cluster/cluster.h) */
    sl_map64 story_of;             /* article seq -> story id, for copy hints */
    sl_map64 alias_of;             /* name key hash -> the name key it is an alias of */
    sl_options opt;
    char err[1024];
    sl_map64 source_by_name;   /* hash of name -> index in sources */
    struct { sl_source_state *v; size_t n, cap; } sources;
};

/* Sets the handle's error message; returns code. */
int sl_engine_fail(sl_engine *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Opens the clusterer with the engine's parameters and restores the live
 * stories from the store (engine_stories.c). */
int sl_stories_open(sl_engine *e);
void sl_stories_close(sl_engine *e);

/* Files article seq under a story (writer side, in input order). rep: its
 * features (built on a worker; its names are rewritten through the learned
 * aliases); aliases: naliases pairs (alias key hash, name key hash) the
 * text states; copy_of: seq of an article it is a copy of, or 0. */
struct sl_mentions;
struct sl_cl_article;
int sl_story_assign(sl_engine *e, int64_t seq, const char *title, const char *text, const sl_doc *doc,
                    const struct sl_mentions *ms, struct sl_cl_article *rep, const uint64_t *aliases,
                    size_t naliases, int64_t copy_of);

/* Internal number of a story from its public id (resolving merged ids). */
int sl_story_seq(sl_engine *e, const char *id, int64_t *out);

/* Source state for a name (created, with its store row, when new). */
sl_source_state *sl_engine_source(sl_engine *e, const char *name);

#endif
