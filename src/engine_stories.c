/*
 * engine_stories.c - stories: online clustering of the article stream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

int sl_story_seq(sl_engine *e, const char *id, int64_t *out)
{
    *out = 0;
    char *end;
    long long v = strtoll(id, &end, 10);
    if (!*id || *end || v <= 0)
        return sl_engine_fail(e, SL_ENOTFOUND, "no story '%s'", id);
    return sl_engine_fail(e, SL_ENOTFOUND, "no story '%s' (stories are not built yet)", id);
}
