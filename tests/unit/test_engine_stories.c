/* Stories through the engine: seeds in one story, copies join their
 * original, stable ids across runs and restarts, thread-independence,
 * evaluation against gold labels. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storyline.h"
#include "engine_testutil.h"

typedef struct members {
    char ids[256][64];
    int64_t story[256];
    size_t n;
} members;

static int on_member(void *ud, const char *article, int64_t story)
{
    members *m = ud;
    if (m->n < 256) {
        snprintf(m->ids[m->n], sizeof m->ids[0], "%s", article);
        m->story[m->n] = story;
    }
    m->n++;
    return 0;
}

static int64_t story_of(const members *m, const char *id)
{
    for (size_t i = 0; i < m->n && i < 256; i++)
        if (!strcmp(m->ids[i], id))
            return m->story[i];
    return -1;
}

static sl_engine *open_db(const char *path, int threads)
{
    sl_options o;
    sl_options_default(&o);
    char v[8], err[128];
    snprintf(v, sizeof v, "%d", threads);
    sl_options_set(&o, "threads", v, err, sizeof err);
    sl_engine *e = NULL;
    cr_assert_eq(sl_open(&e, path, &o), SL_OK, "%s", sl_errmsg(e));
    return e;
}

static void add_path(sl_engine *e, const char *p)
{
    const char *paths[] = {p};
    sl_add_report r;
    cr_assert_eq(sl_add_paths(e, paths, 1, NULL, NULL, &r), SL_OK, "%s", sl_errmsg(e));
}

Test(engine_stories, seeds_are_one_story)
{
    if (access("../shared/seeds", R_OK) != 0)
        cr_skip_test("../shared/seeds absent");
    sl_engine *e = open_db(":memory:", 2);
    add_path(e, "../shared/seeds");
    members m = {0};
    cr_assert_eq(sl_story_members(e, on_member, &m), SL_OK);
    cr_assert_eq(m.n, 5);
    for (size_t i = 1; i < 5; i++)
        cr_assert_eq(m.story[i], m.story[0], "%s is in story %lld, not %lld", m.ids[i], (long long)m.story[i],
                     (long long)m.story[0]);
    sl_story_view *v = NULL;
    char id[16];
    snprintf(id, sizeof id, "%lld", (long long)m.story[0]);
    cr_assert_eq(sl_story_get(e, id, &v), SL_OK);
    cr_assert_eq(v->narticles, 5);
    /* 001 re-uses 000: folded under it */
    int folded = 0;
    for (size_t i = 0; i < v->narticles; i++)
        if (!strcmp(v->articles[i].id, "001_7b9815c6ccc737a2"))
            folded = v->articles[i].copy_of && !strcmp(v->articles[i].copy_of, "000_c541f14009c09cbd");
    cr_assert(folded, "001 listed as a copy of 000");
    cr_assert(strstr(v->info.names, "Deir"), "names: %s", v->info.names);
    sl_story_view_free(v);
    sl_close(e);
}

Test(engine_stories, examples_two_events_and_copy)
{
    sl_engine *e = open_db(":memory:", 1);
    add_path(e, "examples");
    members m = {0};
    cr_assert_eq(sl_story_members(e, on_member, &m), SL_OK);
    int64_t harbor = story_of(&m, "harbor-01");
    cr_assert_eq(story_of(&m, "harbor-02"), harbor, "the rewrite joins its original");
    cr_assert_neq(story_of(&m, "quake-01"), harbor, "an earthquake is another story");
    /* an exact copy arriving later joins the same story */
    sl_article a = {.id = "harbor-01-copy", .source = "Elsewhere",
                    .text = "Storm surge closes Port Avel harbor bridge\nPORT AVEL - Officials closed the Marrow Street "
                            "bridge over Port Avel harbor on Saturday after a storm surge tore away part of its eastern "
                            "ramp, city engineer Dana Whitcombe said."};
    sl_add_status st;
    cr_assert_eq(sl_add(e, &a, &st), SL_OK);
    memset(&m, 0, sizeof m);
    sl_story_members(e, on_member, &m);
    cr_assert_eq(story_of(&m, "harbor-01-copy"), story_of(&m, "harbor-01"));
    sl_why_story w;
    cr_assert_eq(sl_why_stories(e, "harbor-01", "quake-01", &w), SL_OK);
    cr_assert_neq(w.story_a, w.story_b);
    cr_assert_lt(w.total, w.threshold);
    sl_close(e);
}

static char *digest(int threads)
{
    sl_engine *e = open_db(":memory:", threads);
    add_path(e, access("../shared/data/ecbplus-dev/articles.jsonl", R_OK) == 0 ? "../shared/data/ecbplus-dev/articles.jsonl"
                                                                                : "examples");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    members m = {0};
    sl_story_members(e, on_member, &m);
    for (size_t i = 0; i < m.n && i < 256; i++)
        fprintf(f, "%s %lld\n", m.ids[i], (long long)m.story[i]);
    fclose(f);
    sl_close(e);
    return buf;
}

Test(engine_stories, same_stories_with_1_and_4_threads)
{
    char *a = digest(1), *b = digest(4);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
}

Test(engine_stories, ids_stable_across_runs_and_restart)
{
    char db[] = "/tmp/sl_st_XXXXXX";
    temp_db(db);
    sl_engine *e = open_db(db, 2);
    add_path(e, "examples/articles.jsonl");
    members before = {0};
    sl_story_members(e, on_member, &before);
    sl_close(e);
    e = open_db(db, 2);
    add_path(e, "examples/txt");  /* ferry reports: same storm */
    members after = {0};
    sl_story_members(e, on_member, &after);
    for (size_t i = 0; i < before.n; i++) {
        /* an old id keeps resolving to the story its article is in now */
        char id[16];
        snprintf(id, sizeof id, "%lld", (long long)before.story[i]);
        sl_story_view *v = NULL;
        cr_assert_eq(sl_story_get(e, id, &v), SL_OK, "story %s: %s", id, sl_errmsg(e));
        int64_t now = story_of(&after, before.ids[i]);
        cr_assert_eq(v->info.id, now, "%s: story %s resolves to %lld, article is in %lld", before.ids[i], id,
                     (long long)v->info.id, (long long)now);
        sl_story_view_free(v);
    }
    sl_close(e);
    remove_db(db);
}

Test(engine_stories, eval_against_labels)
{
    char path[] = "/tmp/sl_gold_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "{\"id\":\"1\",\"gold\":\"A\",\"text\":\"Storm surge closes Port Avel harbor bridge. Engineer Dana "
               "Whitcombe said the Marrow Street ramp was torn away.\"}\n");
    fprintf(f, "{\"id\":\"2\",\"gold\":\"A\",\"text\":\"Port Avel harbor bridge stays shut after storm surge. Dana "
               "Whitcombe said the Marrow Street ramp must be rebuilt.\"}\n");
    fprintf(f, "{\"id\":\"3\",\"gold\":\"B\",\"text\":\"A magnitude 4.6 earthquake shook the Tarrow Valley near Hesk. "
               "The National Seismic Office reported no injuries.\"}\n");
    fclose(f);
    char jpath[64];
    snprintf(jpath, sizeof jpath, "%s.jsonl", path);
    rename(path, jpath);
    sl_engine *e = open_db(":memory:", 1);
    add_path(e, jpath);
    sl_cluster_scores s;
    cr_assert_eq(sl_eval_clusters(e, "gold", NULL, &s), SL_OK, "%s", sl_errmsg(e));
    cr_assert_eq(s.articles, 3);
    cr_assert_eq(s.gold_clusters, 2);
    cr_assert_float_eq(s.b3_f1, 1.0, 1e-9, "B3 F1 %f", s.b3_f1);
    cr_assert_float_eq(s.pair_f1, 1.0, 1e-9);
    cr_assert_eq(sl_eval_clusters(e, "nosuchfield", NULL, &s), SL_EINVAL);
    unlink(jpath);
    sl_close(e);
}
