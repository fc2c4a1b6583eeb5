/*
 * engine.c - implements include/storyline.h: the handle, its error message,
 * and the read-side queries. The add pipeline is in engine_add.c.
 */
#include "engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clean/boiler.h"
#include "dups.h"

int sl_engine_fail(sl_engine *e, int code, const char *fmt, ...)
{
    if (!e)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->err, sizeof e->err, fmt, ap);
    va_end(ap);
    return code;
}

int sl_open(sl_engine **out, const char *db_path, const sl_options *opt)
{
    *out = NULL;
    sl_engine *e = sl_calloc(1, sizeof *e);
    if (!e)
        return SL_ENOMEM;
    if (opt)
        e->opt = *opt;
    else
        sl_options_default(&e->opt);
    *out = e;
    if (!db_path || !*db_path)
        return sl_engine_fail(e, SL_EINVAL, "no database path given");
    int rc = sl_store_open(&e->store, db_path, 0, e->err, sizeof e->err);
    if (rc == SL_OK)
        rc = sl_dups_open(&e->dups, e);
    if (rc == SL_OK)
        rc = sl_stories_open(e);
    return rc;
}

void sl_close(sl_engine *e)
{
    if (!e)
        return;
    sl_dups_free(e->dups);
    sl_stories_close(e);
    sl_store_close(e->store);
    for (size_t i = 0; i < e->sources.n; i++)
        sl_repeat_free(&e->sources.v[i].repeat);
    sl_free(e->sources.v);
    sl_map64_free(&e->source_by_name);
    sl_free(e);
}

const char *sl_errmsg(const sl_engine *e)
{
    if (!e)
        return "out of memory";
    return e->err[0] ? e->err : "no error";
}

sl_source_state *sl_engine_source(sl_engine *e, const char *name)
{
    uint64_t h = sl_hash64(name, strlen(name));
    int fresh;
    uint64_t *slot = sl_map64_put(&e->source_by_name, h, &fresh);
    if (!slot)
        return NULL;
    if (!fresh)
        return &e->sources.v[*slot];
    sl_source_state st = {0};
    if (sl_store_source(e->store, name, &st.id) != SL_OK || SL_VEC_PUSH(&e->sources, st)) {
        sl_map64_del(&e->source_by_name, h);
        return NULL;
    }
    sl_source_state *s = &e->sources.v[e->sources.n - 1];
    sl_repeat_init(&s->repeat, (size_t)SL_OPT(e, SL_OPT_REPEAT_CAP));
    *slot = e->sources.n - 1;
    return s;
}

static int store_rc(sl_engine *e, int rc)
{
    if (rc != SL_OK)
        snprintf(e->err, sizeof e->err, "%s", sl_store_errmsg(e->store));
    return rc;
}

int sl_articles(sl_engine *e, int (*cb)(void *ud, const sl_article_info *a), void *ud)
{
    return store_rc(e, sl_store_articles(e->store, cb, ud));
}

int sl_article_get(sl_engine *e, const char *id, sl_article_view **out)
{
    return store_rc(e, sl_store_get(e->store, id, out, sl_boiler_rule_name));
}

int sl_stats(sl_engine *e, sl_stats_info *out)
{
    return store_rc(e, sl_store_stats(e->store, out));
}

const char *sl_stage_name(int stage)
{
    static const char *const names[SL_STAGE_COUNT] = {"read", "clean", "analyze", "sketch", "dups", "stories", "write"};
    return stage >= 0 && stage < SL_STAGE_COUNT ? names[stage] : "?";
}
