/*
 * engine_stories.c - stories: the engine side of online clustering.
 *
 * Design notes
 *  - The clusterer (src/cluster) is pure and in memory. The workers build
 *    each article's representation (terms, names, day) with a uniform IDF
 *    for the top-K choice (the clusterer's IDF is state only the in-order
 *    writer may read; measured: no loss on ECB+), and the writer adds it in
 *    input order, so stories do not depend on the number of threads.
 *  - Stored: stories(id, merged_into), members(article, story, score, copy,
 *    names), clreps(article, representation blob).
 *  - Copies: when copy detection found an exact or near copy, the article
 *    is filed with its original (the clusterer's copy_of hint).
 *  - Restart: the clusterer is rebuilt by re-adding, in arrival order, the
 *    stored representations of the most recent `cluster.window_articles`
 *    articles to the stories they joined (clreps.story; sl_cluster_add_forced),
 *    replaying each merge after the article whose add made it
 *    (stories.merged_at; sl_cluster_merge_forced). No text is re-read. Older stories are retired (their ids still resolve
 *    through the stories table), as they would be in a long run.
 *  - Forgetting an article removes its membership; the live centroid keeps
 *    its contribution until the story retires (the clusterer has no removal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"
#include "date/date.h"
#include "dups.h"
#include "engine.h"
#include "entity/entity.h"

/* ---- open / restore ------------------------------------------------------------- */

static int cluster_params(sl_engine *e, sl_cluster_params *p)
{
    sl_cluster_params_default(p);
    size_t n;
    const sl_cluster_param_info *info = sl_cluster_param_table(&n);
    for (size_t i = 0; i < n; i++) {
        char name[64];
        snprintf(name, sizeof name, "cluster.%s", info[i].name);
        size_t ix = sl_param_index(name);
        if (ix != (size_t)-1 && sl_cluster_param_set(p, info[i].name, e->opt.v[ix]) != SL_CL_OK)
            return sl_engine_fail(e, SL_EINVAL, "bad value for %s", name);
    }
    char err[256];
    if (sl_cluster_params_check(p, err, sizeof err) != SL_CL_OK)
        return sl_engine_fail(e, SL_EINVAL, "cluster parameters: %s", err);
    return SL_OK;
}

/* A merge to replay: story young went into old when article `at` was added. */
typedef struct merge_rec {
    int64_t young, old, at;
} merge_rec;

typedef struct restore_ctx {
    sl_engine *e;
    int rc;
    struct { merge_rec *v; size_t n, cap; } merges; /* by at */
    size_t next;                                    /* first not replayed */
} restore_ctx;

static int restore_merge(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    restore_ctx *r = ud;
    (void)ncol;
    merge_rec m = {sl_col_int(st, 0), sl_col_int(st, 1), sl_col_int(st, 2)};
    if (SL_VEC_PUSH(&r->merges, m)) {
        r->rc = SL_ENOMEM;
        return 1;
    }
    return 0;
}

/* Replays the merges made by articles before `seq` (all when seq < 0). */
static void replay_merges(restore_ctx *r, int64_t seq)
{
    for (; r->next < r->merges.n && (seq < 0 || r->merges.v[r->next].at < seq); r->next++) {
        const merge_rec *m = &r->merges.v[r->next];
        if (m->old > 0 && m->old < m->young)
            sl_cluster_merge_forced(r->e->cluster, (uint64_t)m->old, (uint64_t)m->young);
    }
}

static int restore_row(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    restore_ctx *r = ud;
    (void)ncol;
    int64_t seq = sl_col_int(st, 0), story = sl_col_int(st, 1), joined = sl_col_int(st, 3);
    size_t len;
    const void *blob = sl_col_blob(st, 2, &len);
    sl_cl_article a = {0};
    sl_cl_result res;
    if (sl_cl_article_decode(blob, len, &a) != SL_CL_OK) {
        r->rc = sl_engine_fail(r->e, SL_EIO, "article %lld: damaged story features in the database", (long long)seq);
        return 1;
    }
    /* into the story it joined, then the merges its add made, as the run
     * did (rows from before schema 6 know only the surviving story) */
    replay_merges(r, seq);
    int rc = SL_CL_EINVAL;
    if (joined > 0)
        rc = sl_cluster_add_forced(r->e->cluster, &a, (uint64_t)joined, &res);
    if (rc == SL_CL_EINVAL)
        rc = sl_cluster_add_forced(r->e->cluster, &a, (uint64_t)story, &res);
    sl_cl_article_free(&a);
    uint64_t *v = rc == SL_CL_OK ? sl_map64_put(&r->e->story_of, (uint64_t)seq, NULL) : NULL;
    if (!v) {
        r->rc = SL_ENOMEM;
        return 1;
    }
    *v = (uint64_t)story;
    return 0;
}

static int alias_link(sl_engine *e, uint64_t a, uint64_t b);

/* A stored alias link, in the order learned (before the stories: their
 * stored features already carry the folded names). */
static int restore_alias(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    restore_ctx *r = ud;
    (void)ncol;
    r->rc = alias_link(r->e, (uint64_t)sl_col_int(st, 0), (uint64_t)sl_col_int(st, 1));
    return r->rc != SL_OK;
}

int sl_stories_open(sl_engine *e)
{
    sl_cluster_params p;
    int rc = cluster_params(e, &p);
    if (rc != SL_OK)
        return rc;
    if (!(e->cluster = sl_cluster_new(&p)))
        return sl_engine_fail(e, SL_ENOMEM, "out of memory");
    /* the most recent window of articles, in arrival order */
    int64_t keep = (int64_t)p.window_articles;
    restore_ctx r = {e, SL_OK, {NULL, 0, 0}, 0};
    rc = sl_store_query(e->store, "SELECT alias, name FROM aliases ORDER BY id", NULL, 0, NULL,
                        restore_alias, &r);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    if (r.rc != SL_OK)
        return sl_engine_fail(e, r.rc, "out of memory");
    rc = sl_store_query(e->store,
                        "SELECT id, merged_into, merged_at FROM stories WHERE merged_at >"
                        " (SELECT coalesce(max(article), 0) FROM members) - ?1 ORDER BY merged_at, id",
                        &keep, 1, NULL, restore_merge, &r);
    if (rc == SL_OK && r.rc == SL_OK)
        rc = sl_store_query(e->store,
                            "SELECT m.article, coalesce(s.merged_into, m.story), c.blob, c.story FROM members m"
                            " JOIN clreps c ON c.article = m.article LEFT JOIN stories s ON s.id = m.story"
                            " WHERE m.article > (SELECT coalesce(max(article), 0) FROM members) - ?1"
                            " ORDER BY m.article",
                            &keep, 1, NULL, restore_row, &r);
    if (rc == SL_OK && r.rc == SL_OK)
        replay_merges(&r, -1);
    sl_free(r.merges.v);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    return r.rc == SL_ENOMEM ? sl_engine_fail(e, r.rc, "out of memory") : r.rc;
}

void sl_stories_close(sl_engine *e)
{
    if (getenv("SL_DEBUG_STORIES")) {
        sl_cluster_stats st;
        sl_cluster_get_stats(e->cluster, &st);
        fprintf(stderr, "stories: %zu learned aliases; %llu articles, %llu stories, %llu live, %llu merges,"
                " %llu retired, %llu postings, %llu features; story_of %zu of %zu slots\n",
                e->alias_of.n, (unsigned long long)st.articles, (unsigned long long)st.stories,
                (unsigned long long)st.live, (unsigned long long)st.merges, (unsigned long long)st.retired,
                (unsigned long long)st.postings, (unsigned long long)st.features, e->story_of.n, e->story_of.cap);
    }
    sl_cluster_free(e->cluster);
    e->cluster = NULL;
    sl_map64_free(&e->story_of);
    sl_map64_free(&e->alias_of);
}

/* ---- assignment (writer) ---------------------------------------------------------- */

/* The article's most frequent names, tab-separated, first surface form of each. */
static char *top_names(const sl_doc *doc, const sl_mentions *ms, const char *text)
{
    (void)doc;
    enum { TOP = 5 };
    typedef struct name_n { uint64_t key; uint32_t n, first; } name_n;
    name_n best[64];
    size_t nb = 0;
    for (size_t i = 0; i < ms->m.n; i++) {
        const sl_mention *m = &ms->m.v[i];
        size_t k = 0;
        while (k < nb && best[k].key != m->key_hash)
            k++;
        if (k == nb) {
            if (nb == 64)
                continue;
            best[nb++] = (name_n){m->key_hash, 0, (uint32_t)i};
        }
        best[k].n++;
    }
    sl_buf b = {0};
    for (int t = 0; t < TOP; t++) {
        size_t arg = nb;
        for (size_t k = 0; k < nb; k++)
            if (best[k].n && (arg == nb || best[k].n > best[arg].n))
                arg = k;
        if (arg == nb)
            break;
        const sl_mention *m = &ms->m.v[best[arg].first];
        if (b.len)
            sl_buf_putc(&b, '\t');
        sl_buf_append(&b, text + m->start, m->end - m->start);
        best[arg].n = 0;
    }
    return b.p;
}

/* A story's headline: its first article's title, else its first sentence. */
static char *headline_of(const char *title, const char *text, const sl_doc *doc)
{
    if (title && *title)
        return sl_strdup(title);
    if (!doc->sents.n)
        return NULL;
    const sl_sentence *s = &doc->sents.v[0];
    size_t n = s->end - s->start;
    if (n > 200) { /* cut at a word boundary */
        n = 200;
        while (n > 100 && text[s->start + n] != ' ')
            n--;
    }
    return sl_strndup(text + s->start, n);
}

/* ---- learned aliases ---------------------------------------------------------------
 * A small union-find over name key hashes, kept by the writer in input order
 * (so deterministic): "Daesh (ISIS)" makes ISIS an alias of Daesh, and every
 * later article's ISIS counts as Daesh. Bounded by the pairs texts state
 * (about one pair every two articles in t17-dev). Every link it makes is
 * stored (aliases table, in the batch's transaction) and replayed on open,
 * so a restart continues with the same folding. */

static uint64_t alias_root(sl_engine *e, uint64_t h)
{
    for (int hops = 0; hops < 32; hops++) {
        uint64_t *p = sl_map64_get(&e->alias_of, h);
        if (!p || *p == h)
            return h;
        h = *p;
    }
    return h;
}

static int alias_link(sl_engine *e, uint64_t a, uint64_t b)
{
    uint64_t *slot = sl_map64_put(&e->alias_of, a, NULL); /* the alias joins the name */
    if (!slot)
        return SL_ENOMEM;
    *slot = b;
    return SL_OK;
}

static int learn_aliases(sl_engine *e, const uint64_t *pairs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t a = alias_root(e, pairs[2 * i]), b = alias_root(e, pairs[2 * i + 1]);
        if (a == b)
            continue;
        int rc = alias_link(e, a, b);
        if (rc == SL_OK)
            rc = sl_store_alias_put(e->store, a, b);
        if (rc != SL_OK)
            return rc;
    }
    return SL_OK;
}

static int cmp_feat(const void *x, const void *y)
{
    uint64_t a = ((const sl_cl_feat *)x)->h, b = ((const sl_cl_feat *)y)->h;
    return a < b ? -1 : a > b;
}

/* Rewrites the article's names through the aliases, merging weights; the
 * clusterer wants names sorted by hash without duplicates. */
static void apply_aliases(sl_engine *e, sl_cl_article *rep)
{
    if (!e->alias_of.n)
        return;
    size_t k = 0;
    for (size_t i = 0; i < rep->names.n; i++) {
        uint64_t h = alias_root(e, rep->names.v[i].h);
        size_t j = 0;
        while (j < k && rep->names.v[j].h != h)
            j++;
        if (j < k) {
            rep->names.v[j].w += rep->names.v[i].w;
            continue;
        }
        rep->names.v[k] = rep->names.v[i];
        rep->names.v[k++].h = h;
    }
    rep->names.n = k;
    if (k > 1)
        qsort(rep->names.v, k, sizeof *rep->names.v, cmp_feat);
}

int sl_story_assign(sl_engine *e, int64_t seq, const char *title, const char *text, const sl_doc *doc,
                    const struct sl_mentions *ms, struct sl_cl_article *rep, const uint64_t *aliases,
                    size_t naliases, int64_t copy_of)
{
    int rc = learn_aliases(e, aliases, naliases);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", rc == SL_ENOMEM ? "out of memory" : sl_store_errmsg(e->store));
    apply_aliases(e, rep);
    uint64_t hint = 0;
    if (copy_of) {
        uint64_t *s = sl_map64_get(&e->story_of, (uint64_t)copy_of);
        hint = s ? sl_cluster_resolve(e->cluster, *s) : 0;
    }
    sl_cl_result res;
    rc = sl_cluster_add(e->cluster, rep, hint, &res) == SL_CL_OK ? SL_OK : SL_ENOMEM;
    sl_buf blob = {0};
    if (rc == SL_OK && sl_cl_article_encode(rep, &blob) != SL_CL_OK)
        rc = SL_ENOMEM;
    uint64_t *slot = rc == SL_OK ? sl_map64_put(&e->story_of, (uint64_t)seq, NULL) : NULL;
    if (rc == SL_OK && !slot)
        rc = SL_ENOMEM;
    if (rc != SL_OK) {
        sl_buf_free(&blob);
        return sl_engine_fail(e, rc, "out of memory");
    }
    *slot = res.story;
    char *names = ms->m.n ? top_names(doc, ms, text) : NULL;
    char *head = res.is_new ? headline_of(title, text, doc) : NULL;
    rc = sl_store_member_put(e->store, seq, (int64_t)res.story, res.score, res.is_copy || copy_of != 0,
                             res.is_new, names, head);
    sl_free(head);
    sl_free(names);
    if (rc == SL_OK)
        rc = sl_store_clrep_put(e->store, seq, blob.p ? blob.p : "", blob.len, (int64_t)res.joined);
    if (rc == SL_OK && res.merged)
        rc = sl_store_story_merge(e->store, (int64_t)res.merged, (int64_t)res.story, seq);
    sl_buf_free(&blob);
    return rc == SL_OK ? rc : sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
}

/* ---- read side ---------------------------------------------------------------------- */

typedef struct one_int {
    int64_t v;
    int found;
} one_int;

static int take_int(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    one_int *o = ud;
    (void)ncol;
    o->v = sl_col_int(st, 0);
    o->found = 1;
    return 1;
}

int sl_story_seq(sl_engine *e, const char *id, int64_t *out)
{
    *out = 0;
    char *end;
    long long v = strtoll(id, &end, 10);
    if (!*id || *end || v <= 0)
        return sl_engine_fail(e, SL_ENOTFOUND, "no story '%s' (story ids are numbers)", id);
    /* follow merges to the surviving story */
    for (int hops = 0; hops < 64; hops++) {
        one_int o = {0, 0};
        int64_t q = v;
        int rc = sl_store_query(e->store, "SELECT coalesce(merged_into, 0) FROM stories WHERE id = ?1", &q, 1,
                                NULL, take_int, &o);
        if (rc != SL_OK)
            return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
        if (!o.found)
            return sl_engine_fail(e, SL_ENOTFOUND, "no story '%s'", id);
        if (!o.v) {
            *out = v;
            return SL_OK;
        }
        v = o.v;
    }
    return sl_engine_fail(e, SL_EIO, "story '%s': merge chain too long", id);
}

/* Most frequent names over the members' name lists. */
static char *story_names(sl_engine *e, int64_t story);

#define STORY_COLS \
    "SELECT m.story, count(*), sum(m.copy OR EXISTS (SELECT 1 FROM dups d JOIN members m2 ON m2.article = d.a" \
    "   WHERE d.b = m.article AND d.kind > 0 AND m2.story = m.story))," \
    " count(DISTINCT a.source), min(a.date), max(a.date)," \
    " (SELECT coalesce(headline, '') FROM stories WHERE id = m.story)" \
    " FROM members m JOIN articles a ON a.seq = m.article"

typedef struct stories_ctx {
    sl_engine *e;
    int (*cb)(void *, const sl_story_info *);
    void *ud;
    int stop;
} stories_ctx;

static int story_row(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    stories_ctx *c = ud;
    (void)ncol;
    sl_story_info s = {0};
    s.id = sl_col_int(st, 0);
    s.articles = (size_t)sl_col_int(st, 1);
    s.copies = (size_t)sl_col_int(st, 2);
    s.sources = (size_t)sl_col_int(st, 3);
    s.first_date = sl_col_text(st, 4);
    s.last_date = sl_col_text(st, 5);
    s.headline = sl_col_text(st, 6);
    char *names = story_names(c->e, s.id);
    s.names = names ? names : "";
    c->stop = c->cb(c->ud, &s);
    sl_free(names);
    return c->stop;
}

static int name_row(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    sl_buf *all = ud;
    (void)ncol;
    const char *n = sl_col_text(st, 0);
    if (n) {
        sl_buf_puts(all, n);
        sl_buf_putc(all, '\t');
    }
    return 0;
}

typedef struct name_count {
    char *name;
    uint64_t key;
    size_t n;
} name_count;

static char *story_names(sl_engine *e, int64_t story)
{
    sl_buf all = {0};
    int64_t q = story;
    sl_store_query(e->store, "SELECT names FROM members WHERE story = ?1 ORDER BY article LIMIT 200", &q, 1, NULL,
                   name_row, &all);
    if (!all.p)
        return NULL;
    struct { name_count *v; size_t n, cap; } nc = {0};
    char *save = NULL;
    for (char *t = strtok_r(all.p, "\t", &save); t; t = strtok_r(NULL, "\t", &save)) {
        char key[256];
        sl_entity_key(t, strlen(t), key, sizeof key);
        uint64_t k = sl_hash64(key, strlen(key));
        size_t i = 0;
        while (i < nc.n && nc.v[i].key != k)
            i++;
        if (i == nc.n) {
            name_count x = {t, k, 0};
            if (SL_VEC_PUSH(&nc, x))
                break;
        }
        nc.v[i].n++;
    }
    sl_buf out = {0};
    for (int t = 0; t < 5; t++) {
        size_t best = nc.n;
        for (size_t i = 0; i < nc.n; i++)
            if (nc.v[i].n && (best == nc.n || nc.v[i].n > nc.v[best].n))
                best = i;
        if (best == nc.n)
            break;
        if (out.len)
            sl_buf_puts(&out, ", ");
        sl_buf_puts(&out, nc.v[best].name);
        nc.v[best].n = 0;
    }
    sl_free(nc.v);
    sl_buf_free(&all);
    return out.p;
}

int sl_stories(sl_engine *e, const char *since, int (*cb)(void *ud, const sl_story_info *s), void *ud)
{
    stories_ctx c = {e, cb, ud, 0};
    const char *sql = since ? STORY_COLS " GROUP BY m.story HAVING max(a.date) >= ?1 ORDER BY m.story DESC"
                            : STORY_COLS " GROUP BY m.story ORDER BY m.story DESC";
    int rc = sl_store_query(e->store, sql, NULL, 0, since, story_row, &c);
    return rc == SL_OK ? rc : sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
}

typedef struct members_ctx {
    int (*cb)(void *, const char *, int64_t);
    void *ud;
} members_ctx;

static int member_row(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    members_ctx *c = ud;
    (void)ncol;
    return c->cb(c->ud, sl_col_text(st, 0), sl_col_int(st, 1));
}

int sl_story_members(sl_engine *e, int (*cb)(void *ud, const char *article, int64_t story), void *ud)
{
    members_ctx c = {cb, ud};
    int rc = sl_store_query(e->store,
                            "SELECT coalesce(a.id, a.key), m.story FROM articles a JOIN members m ON m.article = a.seq"
                            " ORDER BY a.seq",
                            NULL, 0, NULL, member_row, &c);
    return rc == SL_OK ? rc : sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
}

/* ---- one story ------------------------------------------------------------------------- */

typedef struct view_mem {
    sl_story_view v;
    sl_buf arena;
    struct { size_t *v; size_t n, cap; } offs;  /* arena offsets, 4 per article (SIZE_MAX = NULL) */
    struct { double *v; size_t n, cap; } score; /* join score per article */
    struct { size_t *v; size_t n, cap; } srcs;  /* arena offsets of source names */
    struct { int64_t *v; size_t n, cap; } seqs; /* member seqs */
    struct { int64_t *v; size_t n, cap; } orig; /* seq of the original, or 0 */
} view_mem;

void sl_story_view_free(sl_story_view *v)
{
    if (!v)
        return;
    view_mem *m = (view_mem *)v;
    sl_free(v->articles);
    sl_free(v->source_names);
    sl_buf_free(&m->arena);
    sl_free(m->offs.v);
    sl_free(m->score.v);
    sl_free(m->srcs.v);
    sl_free(m->seqs.v);
    sl_free(m->orig.v);
    sl_free(m);
}

static size_t keep(sl_buf *a, const char *s)
{
    if (!s)
        return SIZE_MAX;
    size_t o = a->len;
    sl_buf_append(a, s, strlen(s) + 1);
    return o;
}

typedef struct info_ctx {
    view_mem *m;
    sl_story_info info;
    int found;
    char headline[512], first[32], last[32];
} info_ctx;

static int info_row(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    info_ctx *c = ud;
    (void)ncol;
    c->found = 1;
    c->info.id = sl_col_int(st, 0);
    c->info.articles = (size_t)sl_col_int(st, 1);
    c->info.copies = (size_t)sl_col_int(st, 2);
    c->info.sources = (size_t)sl_col_int(st, 3);
    snprintf(c->first, sizeof c->first, "%s", sl_col_text(st, 4) ? sl_col_text(st, 4) : "");
    snprintf(c->last, sizeof c->last, "%s", sl_col_text(st, 5) ? sl_col_text(st, 5) : "");
    snprintf(c->headline, sizeof c->headline, "%s", sl_col_text(st, 6) ? sl_col_text(st, 6) : "");
    return 1;
}

static int article_row(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    view_mem *m = ud;
    (void)ncol;
    int64_t seq = sl_col_int(st, 0);
    size_t o[4] = {keep(&m->arena, sl_col_text(st, 1)), keep(&m->arena, sl_col_text(st, 2)),
                   keep(&m->arena, sl_col_text(st, 3)), keep(&m->arena, sl_col_text(st, 4))};
    for (int i = 0; i < 4; i++)
        if (SL_VEC_PUSH(&m->offs, o[i]))
            return 1;
    return SL_VEC_PUSH(&m->score, sl_col_double(st, 5)) || SL_VEC_PUSH(&m->seqs, seq) ||
           SL_VEC_PUSH(&m->orig, sl_col_int(st, 6));
}

static int source_row(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    view_mem *m = ud;
    (void)ncol;
    return SL_VEC_PUSH(&m->srcs, keep(&m->arena, sl_col_text(st, 0)));
}

/* Member j of the view as a public record (strings point into the arena). */
static sl_story_article article_at(const view_mem *m, size_t j)
{
    const char *A = m->arena.p;
    const size_t *o = &m->offs.v[4 * j];
    return (sl_story_article){A + o[0], A + o[1], o[2] == SIZE_MAX ? NULL : A + o[2],
                              o[3] == SIZE_MAX ? NULL : A + o[3], NULL, m->score.v[j]};
}

int sl_story_get(sl_engine *e, const char *id, sl_story_view **out)
{
    *out = NULL;
    int64_t story;
    int rc = sl_story_seq(e, id, &story);
    if (rc != SL_OK)
        return rc;
    view_mem *m = sl_calloc(1, sizeof *m);
    if (!m)
        return sl_engine_fail(e, SL_ENOMEM, "out of memory");
    info_ctx ic = {.m = m};
    rc = sl_store_query(e->store, STORY_COLS " WHERE m.story = ?1 GROUP BY m.story", &story, 1, NULL, info_row, &ic);
    /* members with the original each copy points at (a copy edge to an
     * earlier member of the same story, exact/near/reuse) */
    if (rc == SL_OK)
        rc = sl_store_query(e->store,
                            "SELECT a.seq, coalesce(a.id, a.key), s.name, a.date, a.title, m.score,"
                            " coalesce((SELECT d.a FROM dups d JOIN members m2 ON m2.article = d.a"
                            "   WHERE d.b = a.seq AND d.kind > 0 AND m2.story = m.story ORDER BY d.jaccard DESC LIMIT 1), 0)"
                            " FROM members m JOIN articles a ON a.seq = m.article JOIN sources s ON s.id = a.source"
                            " WHERE m.story = ?1 ORDER BY a.seq",
                            &story, 1, NULL, article_row, m);
    if (rc == SL_OK)
        rc = sl_store_query(e->store,
                            "SELECT DISTINCT s.name FROM members m JOIN articles a ON a.seq = m.article"
                            " JOIN sources s ON s.id = a.source WHERE m.story = ?1 ORDER BY s.name",
                            &story, 1, NULL, source_row, m);
    size_t n = m->seqs.n;
    size_t hoff = keep(&m->arena, ic.headline), foff = keep(&m->arena, ic.first), loff = keep(&m->arena, ic.last);
    char *names = story_names(e, story);
    size_t noff = keep(&m->arena, names ? names : "");
    sl_free(names);
    m->v.articles = sl_calloc(n ? n : 1, sizeof *m->v.articles);
    m->v.source_names = sl_calloc(m->srcs.n ? m->srcs.n : 1, sizeof *m->v.source_names);
    if (rc == SL_OK && (!m->v.articles || !m->v.source_names || !m->arena.p))
        rc = SL_ENOMEM;
    if (rc != SL_OK) {
        sl_story_view_free(&m->v);
        return sl_engine_fail(e, rc, "%s", rc == SL_ENOMEM ? "out of memory" : sl_store_errmsg(e->store));
    }
    const char *A = m->arena.p;
    /* order: originals in arrival order, each followed by its copies */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (m->orig.v[i])
            continue;
        for (size_t pass = 0; pass < 2; pass++)
            for (size_t j = 0; j < n; j++) {
                int take = pass == 0 ? j == i : (m->orig.v[j] == m->seqs.v[i]);
                if (!take)
                    continue;
                sl_story_article *sa = &m->v.articles[k++];
                *sa = article_at(m, j);
                if (pass)
                    sa->copy_of = A + m->offs.v[4 * i];
            }
    }
    /* copies whose original is itself a copy: list them at the end */
    for (size_t j = 0; j < n && k < n; j++) {
        if (!m->orig.v[j])
            continue;
        int placed = 0;
        for (size_t i = 0; i < n; i++)
            if (!m->orig.v[i] && m->orig.v[j] == m->seqs.v[i])
                placed = 1;
        if (placed)
            continue;
        sl_story_article *sa = &m->v.articles[k++];
        *sa = article_at(m, j);
        for (size_t i = 0; i < n; i++)
            if (m->seqs.v[i] == m->orig.v[j])
                sa->copy_of = A + m->offs.v[4 * i];
    }
    m->v.narticles = k;
    for (size_t i = 0; i < m->srcs.n; i++)
        m->v.source_names[i] = A + m->srcs.v[i];
    m->v.nsources = m->srcs.n;
    m->v.info = ic.info;
    m->v.info.headline = A + hoff;
    m->v.info.first_date = *(A + foff) ? A + foff : NULL;
    m->v.info.last_date = *(A + loff) ? A + loff : NULL;
    m->v.info.names = A + noff;
    *out = &m->v;
    return SL_OK;
}

/* ---- why (stories) ----------------------------------------------------------------------- */

typedef struct rep_ctx {
    sl_cl_article a;
    int64_t story;
    int found, bad;
} rep_ctx;

static int rep_row(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    rep_ctx *r = ud;
    (void)ncol;
    size_t len;
    const void *b = sl_col_blob(st, 0, &len);
    r->story = sl_col_int(st, 1);
    r->found = 1;
    r->bad = sl_cl_article_decode(b, len, &r->a) != SL_CL_OK;
    return 1;
}

static int load_rep(sl_engine *e, const char *id, rep_ctx *r)
{
    sl_article_info a;
    char buf[1024];
    int rc = sl_store_info(e->store, 0, id, &a, buf, sizeof buf);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    int64_t q = a.seq;
    rc = sl_store_query(e->store,
                        "SELECT c.blob, coalesce(s.merged_into, m.story) FROM clreps c JOIN members m ON m.article = c.article"
                        " LEFT JOIN stories s ON s.id = m.story WHERE c.article = ?1",
                        &q, 1, NULL, rep_row, r);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    if (!r->found || r->bad)
        return sl_engine_fail(e, SL_ENOTFOUND, "article '%s' has no story features", id);
    return SL_OK;
}

int sl_why_stories(sl_engine *e, const char *a, const char *b, sl_why_story *out)
{
    memset(out, 0, sizeof *out);
    rep_ctx ra = {0}, rb = {0};
    int rc = load_rep(e, a, &ra);
    if (rc == SL_OK)
        rc = load_rep(e, b, &rb);
    sl_cl_why w;
    if (rc == SL_OK && sl_cluster_why(e->cluster, &ra.a, &rb.a, &w) != SL_CL_OK)
        rc = sl_engine_fail(e, SL_ENOMEM, "out of memory");
    if (rc == SL_OK) {
        out->story_a = (int64_t)sl_cluster_resolve(e->cluster, (uint64_t)ra.story);
        out->story_b = (int64_t)sl_cluster_resolve(e->cluster, (uint64_t)rb.story);
        if (!out->story_a)
            out->story_a = ra.story;
        if (!out->story_b)
            out->story_b = rb.story;
        out->cosine = w.cosine;
        out->names = w.names;
        out->time = w.time;
        out->total = w.total;
        out->threshold = w.threshold;
        out->gap_days = w.gap_days;
        out->args = w.args;
        out->args_agree = w.args_agree;
        out->args_conflict = w.args_conflict;
        snprintf(out->shared_names, sizeof out->shared_names, "%zu shared names", w.nshared);
    }
    sl_cl_article_free(&ra.a);
    sl_cl_article_free(&rb.a);
    return rc;
}

/* ---- evaluation ----------------------------------------------------------------------------- */

typedef struct eval_ctx {
    struct { int64_t *v; size_t n, cap; } pred, gold, topic;
    sl_map64 gold_ix, topic_ix;
    int has_topic, rc;
} eval_ctx;

static int64_t label_id(sl_map64 *m, const char *s)
{
    if (!s)
        return -1;
    int fresh;
    uint64_t *v = sl_map64_put(m, sl_hash64(s, strlen(s)), &fresh);
    if (!v)
        return -1;
    if (fresh)
        *v = m->n;
    return (int64_t)*v;
}

static int eval_row(void *ud, int ncol, sqlite3_stmt_ptr st)
{
    eval_ctx *c = ud;
    (void)ncol;
    const char *g = sl_col_text(st, 1), *t = sl_col_text(st, 2);
    if (!g)
        return 0; /* unlabelled articles are not scored */
    int64_t gi = label_id(&c->gold_ix, g), ti = t ? label_id(&c->topic_ix, t) : 0;
    if (t)
        c->has_topic = 1;
    if (SL_VEC_PUSH(&c->pred, sl_col_int(st, 0)) || SL_VEC_PUSH(&c->gold, gi) || SL_VEC_PUSH(&c->topic, ti)) {
        c->rc = SL_ENOMEM;
        return 1;
    }
    return 0;
}

int sl_eval_clusters(sl_engine *e, const char *label, const char *topic, sl_cluster_scores *out)
{
    memset(out, 0, sizeof *out);
    eval_ctx c = {0};
    /* labels are input fields kept in `extra` (JSON) */
    int rc = sl_store_query2(e->store,
                             "SELECT coalesce(s.merged_into, m.story), json_extract(a.extra, '$.' || ?1),"
                             " json_extract(a.extra, '$.' || ?2) FROM articles a JOIN members m ON m.article = a.seq"
                             " LEFT JOIN stories s ON s.id = m.story ORDER BY a.seq",
                             label, topic ? topic : "\x01none", eval_row, &c);
    if (rc == SL_OK)
        rc = c.rc;
    if (rc == SL_OK && !c.pred.n)
        rc = sl_engine_fail(e, SL_EINVAL, "no stored article has the field '%s'", label);
    else if (rc != SL_OK)
        sl_engine_fail(e, rc, "%s", rc == SL_ENOMEM ? "out of memory" : sl_store_errmsg(e->store));
    sl_cl_eval ev;
    if (rc == SL_OK && sl_cl_evaluate(c.pred.v, c.gold.v, c.has_topic ? c.topic.v : NULL, c.pred.n, &ev) != SL_CL_OK)
        rc = sl_engine_fail(e, SL_ENOMEM, "out of memory");
    if (rc == SL_OK) {
        *out = (sl_cluster_scores){ev.pair_p, ev.pair_r, ev.pair_f1, ev.b3_p, ev.b3_r, ev.b3_f1, ev.ari,
                                   c.pred.n, ev.pred_clusters, ev.gold_clusters, ev.mixed, ev.topics_mixed};
    }
    sl_free(c.pred.v);
    sl_free(c.gold.v);
    sl_free(c.topic.v);
    sl_map64_free(&c.gold_ix);
    sl_map64_free(&c.topic_ix);
    return rc;
}
