/*
 * bench_entity - speed and merge quality of the entity module.
 *
 *   bench_entity [articles.jsonl] [groups-to-show]
 *
 * Default input: ../shared/data/t17-dev/articles.jsonl (run from the repo
 * root). Loads every article's title + text, then times sl_entity_extract
 * (+ sl_entity_learn) over all of them and prints MB/s and mentions/s. Then
 * it reports the number of distinct alias keys and the keys that gather the
 * most distinct surface forms, so false merges can be eyeballed.
 */
#include "entity/entity.h"
#include "common/common.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct doc { char *p; size_t n; } doc;
typedef struct docs { doc *v; size_t n, cap; } docs_t;
typedef struct surf { char *s; size_t count; } surf;
typedef struct group {
    char *key;
    size_t count;
    struct { surf *v; size_t n, cap; } forms;
} group;

typedef struct groups {
    struct { group *v; size_t n, cap; } g;
    uint32_t *slot;  /* index + 1 */
    size_t nslot;
} groups;

static int load(const char *path, docs_t *docs, size_t *bytes)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return -1; }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)len, 0, &err);
        if (!o) continue;
        sl_buf b = { 0 };
        const char *title = json_string_value(json_object_get(o, "title"));
        const char *text = json_string_value(json_object_get(o, "text"));
        if (title) { sl_buf_puts(&b, title); sl_buf_putc(&b, '\n'); }
        if (text) sl_buf_puts(&b, text);
        json_decref(o);
        if (!b.len) { sl_buf_free(&b); continue; }
        *bytes += b.len;
        doc d = { b.p, b.len };
        if (SL_VEC_PUSH(docs, d)) return -1;
    }
    free(line);
    fclose(f);
    return 0;
}

static group *group_get(groups *gs, const char *key)
{
    if ((gs->g.n + 1) * 2 > gs->nslot) {
        size_t ns = gs->nslot ? gs->nslot * 2 : 1024;
        uint32_t *s = calloc(ns, sizeof *s);
        for (size_t i = 0; i < gs->g.n; i++) {
            size_t j = sl_hash64(gs->g.v[i].key, strlen(gs->g.v[i].key)) & (ns - 1);
            while (s[j]) j = (j + 1) & (ns - 1);
            s[j] = (uint32_t)(i + 1);
        }
        free(gs->slot);
        gs->slot = s;
        gs->nslot = ns;
    }
    size_t j = sl_hash64(key, strlen(key)) & (gs->nslot - 1);
    while (gs->slot[j]) {
        group *g = &gs->g.v[gs->slot[j] - 1];
        if (strcmp(g->key, key) == 0) return g;
        j = (j + 1) & (gs->nslot - 1);
    }
    group ng = { strdup(key), 0, { 0 } };
    SL_VEC_PUSH(&gs->g, ng);
    gs->slot[j] = (uint32_t)gs->g.n;
    return &gs->g.v[gs->g.n - 1];
}

static void group_add(group *g, const char *s, size_t n)
{
    g->count++;
    for (size_t i = 0; i < g->forms.n; i++)
        if (strlen(g->forms.v[i].s) == n && memcmp(g->forms.v[i].s, s, n) == 0) {
            g->forms.v[i].count++;
            return;
        }
    surf f = { strndup(s, n), 1 };
    SL_VEC_PUSH(&g->forms, f);
}

static int by_forms(const void *a, const void *b)
{
    const group *x = a, *y = b;
    if (x->forms.n != y->forms.n) return x->forms.n < y->forms.n ? 1 : -1;
    return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

static int by_count(const void *a, const void *b)
{
    const surf *x = a, *y = b;
    return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/data/t17-dev/articles.jsonl";
    int show = argc > 2 ? atoi(argv[2]) : 30;
    docs_t docs = { 0 };
    size_t bytes = 0;
    if (load(path, &docs, &bytes)) return 1;

    sl_entity *e = sl_entity_new(NULL);
    sl_mentions ms = { 0 };
    size_t nment = 0, npairs = 0;
    double t0 = sl_now();
    for (size_t i = 0; i < docs.n; i++) {
        if (sl_entity_extract(e, docs.v[i].p, docs.v[i].n, &ms)) return 1;
        if (sl_entity_learn(docs.v[i].p, docs.v[i].n, &ms)) return 1;
        nment += ms.m.n;
        npairs += ms.pairs.n;
    }
    double dt = sl_now() - t0;
    printf("input: %s\n", path);
    printf("articles %zu, %.1f MB, %.3f s: %.1f MB/s, %.0f mentions/s, %zu mentions, %zu alias pairs\n",
           docs.n, bytes / 1e6, dt, bytes / 1e6 / dt, nment / dt, nment, npairs);

    /* second pass, untimed: key groups */
    groups gs = { 0 };
    size_t shown_pairs = 0;
    for (size_t i = 0; i < docs.n; i++) {
        sl_entity_extract(e, docs.v[i].p, docs.v[i].n, &ms);
        sl_entity_learn(docs.v[i].p, docs.v[i].n, &ms);
        for (size_t k = 0; k < ms.m.n; k++) {
            const sl_mention *m = &ms.m.v[k];
            group_add(group_get(&gs, sl_mention_key(&ms, m)), docs.v[i].p + m->start, m->end - m->start);
        }
        for (size_t k = 0; k < ms.pairs.n && shown_pairs < 25; k++) {
            if (getenv("SHOW_PAIRS") && ms.pairs.v[k].source != (unsigned)atoi(getenv("SHOW_PAIRS"))) continue;
            shown_pairs++;
            const sl_mention *a = &ms.m.v[ms.pairs.v[k].alias], *n = &ms.m.v[ms.pairs.v[k].name];
            printf("  pair(%s): %.*s = %.*s\n", ms.pairs.v[k].source ? "initials" : "bracket",
                   (int)(a->end - a->start), docs.v[i].p + a->start,
                   (int)(n->end - n->start), docs.v[i].p + n->start);
        }
    }
    printf("distinct keys: %zu\n", gs.g.n);
    free(gs.slot);
    qsort(gs.g.v, gs.g.n, sizeof *gs.g.v, by_forms);
    for (int i = 0; i < show && (size_t)i < gs.g.n; i++) {
        group *g = &gs.g.v[i];
        qsort(g->forms.v, g->forms.n, sizeof *g->forms.v, by_count);
        printf("%-22s %5zu mentions %3zu forms:", g->key, g->count, g->forms.n);
        for (size_t k = 0; k < g->forms.n && k < 12; k++)
            printf(" %s(%zu)", g->forms.v[k].s, g->forms.v[k].count);
        printf("\n");
    }
    for (size_t i = 0; i < gs.g.n; i++) {
        for (size_t k = 0; k < gs.g.v[i].forms.n; k++) free(gs.g.v[i].forms.v[k].s);
        sl_free(gs.g.v[i].forms.v);
        free(gs.g.v[i].key);
    }
    sl_free(gs.g.v);
    for (size_t i = 0; i < docs.n; i++) sl_free(docs.v[i].p);
    sl_free(docs.v);
    sl_mentions_free(&ms);
    sl_entity_free(e);
    return 0;
}
