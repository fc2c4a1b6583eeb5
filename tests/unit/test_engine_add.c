/* Engine add path: keys, idempotency, updates, repeated-line learning,
 * determinism across thread counts, options. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storyline.h"

static sl_engine *open_mem(int threads)
{
    sl_options o;
    sl_options_default(&o);
    char v[16], err[128];
    snprintf(v, sizeof v, "%d", threads);
    cr_assert_eq(sl_options_set(&o, "threads", v, err, sizeof err), SL_OK);
    sl_engine *e = NULL;
    cr_assert_eq(sl_open(&e, ":memory:", &o), SL_OK, "%s", sl_errmsg(e));
    return e;
}

static sl_add_status add(sl_engine *e, const char *id, const char *source, const char *text)
{
    sl_article a = {.id = id, .source = source, .text = text};
    sl_add_status st = SL_REJECTED;
    sl_add(e, &a, &st);
    return st;
}

Test(engine_add, key_present_updated_rejected)
{
    sl_engine *e = open_mem(1);
    cr_assert_eq(add(e, "a1", "x", "One sentence here. Another one."), SL_ADDED);
    cr_assert_eq(add(e, "a1", "x", "One sentence here. Another one."), SL_PRESENT);
    cr_assert_eq(add(e, "a1", "x", "Changed text. Quite different."), SL_UPDATED);
    cr_assert_eq(add(e, "a2", "x", "   \n\t  "), SL_REJECTED);
    cr_assert(strstr(sl_errmsg(e), "empty"), "%s", sl_errmsg(e));
    /* no id: the key is a hash of the text, so the same text is present */
    cr_assert_eq(add(e, NULL, "x", "Keyless text. It has two sentences."), SL_ADDED);
    cr_assert_eq(add(e, NULL, "x", "Keyless text. It has two sentences."), SL_PRESENT);
    sl_stats_info s;
    cr_assert_eq(sl_stats(e, &s), SL_OK);
    cr_assert_eq(s.articles, 2);
    sl_article_view *v = NULL;
    cr_assert_eq(sl_article_get(e, "a1", &v), SL_OK);
    cr_assert_str_eq(v->text, "Changed text. Quite different.");
    cr_assert_eq(v->nsentences, 2);
    sl_article_view_free(v);
    cr_assert_eq(sl_article_get(e, "nope", &v), SL_ENOTFOUND);
    cr_assert_null(v);
    sl_close(e);
}

Test(engine_add, url_is_key_and_source)
{
    sl_engine *e = open_mem(1);
    sl_article a = {.url = "https://www.example.org/a/b?x=1", .text = "Text of the page. More."};
    sl_add_status st;
    cr_assert_eq(sl_add(e, &a, &st), SL_OK);
    sl_article_view *v = NULL;
    cr_assert_eq(sl_article_get(e, "https://www.example.org/a/b?x=1", &v), SL_OK);
    cr_assert_str_eq(v->info.source, "example.org");
    sl_article_view_free(v);
    sl_close(e);
}

Test(engine_add, invalid_utf8_repaired_with_warning)
{
    sl_engine *e = open_mem(1);
    const char bad[] = "Caf\xc3 au lait \xff\xfe is good. Second sentence.";
    sl_article a = {.id = "u", .text = bad, .text_len = sizeof bad - 1};
    sl_add_status st;
    cr_assert_eq(sl_add(e, &a, &st), SL_OK);
    sl_article_view *v = NULL;
    cr_assert_eq(sl_article_get(e, "u", &v), SL_OK);
    cr_assert(strstr(v->info.warnings, "invalid-utf8:"), "%s", v->info.warnings);
    cr_assert(strstr(v->text, "\xef\xbf\xbd"));
    sl_article_view_free(v);
    sl_close(e);
}

Test(engine_add, source_repeated_lines_become_boilerplate)
{
    sl_engine *e = open_mem(1);
    char text[512], id[16];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "r%d", i);
        snprintf(text, sizeof text,
                 "Report number %d about a different topic each time.\n"
                 "The council met on day %d and voted on item %d.\n"
                 "Read more from the Example Gazette newsroom today\n", i, i * 7, i * 13);
        cr_assert_eq(add(e, id, "gazette", text), SL_ADDED);
    }
    /* the footer line was used by r0 and r1 before r2: removed from r2 on */
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "r%d", i);
        sl_article_view *v = NULL;
        cr_assert_eq(sl_article_get(e, id, &v), SL_OK);
        cr_assert_eq(v->nremoved, i >= 2 ? 1u : 0u, "article %d removed %zu", i, v->nremoved);
        if (i >= 2)
            cr_assert_str_eq(v->removed[0].rule, "repeated-by-source");
        sl_article_view_free(v);
    }
    /* another source is not affected */
    cr_assert_eq(add(e, "o1", "other", "Read more from the Example Gazette newsroom today\nA real sentence."), SL_ADDED);
    sl_article_view *v = NULL;
    cr_assert_eq(sl_article_get(e, "o1", &v), SL_OK);
    cr_assert_eq(v->nremoved, 0);
    sl_article_view_free(v);
    sl_close(e);
}

Test(engine_add, copies_of_one_article_are_not_emptied)
{
    sl_engine *e = open_mem(1);
    const char *t = "A wire story line one.\nA wire story line two.\nA wire story line three.\n";
    char id[8];
    for (int i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "c%d", i);
        cr_assert_eq(add(e, id, "wire", t), SL_ADDED);
    }
    sl_article_view *v = NULL;
    cr_assert_eq(sl_article_get(e, "c5", &v), SL_OK);
    cr_assert_eq(v->nremoved, 0, "a copy keeps its text");
    cr_assert_eq(v->nsentences, 3);
    sl_article_view_free(v);
    sl_close(e);
}

/* ---- determinism across thread counts -------------------------------------- */

static int digest_cb(void *ud, const sl_article_info *a)
{
    FILE *f = ud;
    fprintf(f, "%lld|%s|%s|%s|%u|%u|%u|%s\n", (long long)a->seq, a->id, a->source,
            a->date ? a->date : "-", a->words, a->sentences, a->removed_lines, a->warnings);
    return 0;
}

static char *digest(int threads, const char *path)
{
    sl_engine *e = open_mem(threads);
    const char *paths[] = {path};
    sl_add_report rep;
    cr_assert_eq(sl_add_paths(e, paths, 1, NULL, NULL, &rep), SL_OK, "%s", sl_errmsg(e));
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sl_articles(e, digest_cb, f);
    fclose(f);
    sl_close(e);
    return buf;
}

Test(engine_add, same_result_with_1_and_4_threads)
{
    const char *path = "../shared/data/t17-dev/articles.jsonl";
    if (access(path, R_OK) != 0)
        path = "examples";
    char *a = digest(1, path), *b = digest(4, path);
    cr_assert_gt(strlen(a), 100);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
}

/* ---- options ------------------------------------------------------------------ */

Test(options, bounds_and_names)
{
    sl_options o;
    sl_options_default(&o);
    char err[128];
    cr_assert_eq(sl_options_get(&o, "batch-size"), 1000);
    cr_assert_eq(sl_options_set(&o, "batch-size", "0", err, sizeof err), SL_EINVAL);
    cr_assert(strstr(err, "out of range"), "%s", err);
    cr_assert_eq(sl_options_set(&o, "batch-size", "2.5", err, sizeof err), SL_EINVAL);
    cr_assert_eq(sl_options_set(&o, "batch-size", "abc", err, sizeof err), SL_EINVAL);
    cr_assert_eq(sl_options_set(&o, "batch-size", "", err, sizeof err), SL_EINVAL);
    cr_assert_eq(sl_options_set(&o, "no-such", "1", err, sizeof err), SL_EINVAL);
    cr_assert(strstr(err, "unknown tunable"));
    cr_assert_eq(sl_options_set(&o, "batch-size", "10", err, sizeof err), SL_OK);
    cr_assert_eq(sl_options_get(&o, "batch-size"), 10);
    size_t n;
    const sl_param *p = sl_params(&n);
    cr_assert_gt(n, 3);
    for (size_t i = 0; i < n; i++) {
        cr_assert(p[i].def >= p[i].min && p[i].def <= p[i].max, "%s default in bounds", p[i].name);
        cr_assert(p[i].help && *p[i].help);
    }
}

Test(engine, open_bad_path_fails_cleanly)
{
    sl_engine *e = NULL;
    int rc = sl_open(&e, "/nonexistent-dir/x/storyline.db", NULL);
    cr_assert_neq(rc, SL_OK);
    cr_assert(strstr(sl_errmsg(e), "/nonexistent-dir/x/storyline.db"), "%s", sl_errmsg(e));
    sl_close(e);
    sl_close(NULL);
}
