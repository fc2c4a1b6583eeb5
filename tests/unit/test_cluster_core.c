/*
 * test_cluster_core.c - ids, merges, determinism, blobs and parameters of
 * the story clusterer, on hand-made feature sets.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"
#include "common/common.h"

static int by_h(const void *x, const void *y)
{
    const sl_cl_feat *a = x, *b = y;
    return a->h < b->h ? -1 : a->h > b->h;
}

/* Article from term ids and name ids (small integers, hashed here). */
static void art(sl_cl_article *a, const int *terms, size_t nt, const int *names, size_t nn,
                int32_t day)
{
    sl_cl_article_free(a);
    a->terms.v = sl_calloc(nt + 1, sizeof *a->terms.v);
    a->names.v = sl_calloc(nn + 1, sizeof *a->names.v);
    for (size_t i = 0; i < nt; i++)
        a->terms.v[i] = (sl_cl_feat){sl_hash64(&terms[i], sizeof terms[i]), 1.0f + (float)(i % 3)};
    for (size_t i = 0; i < nn; i++)
        a->names.v[i] = (sl_cl_feat){sl_hash64_seed(&names[i], sizeof names[i], 7), 2.0f};
    qsort(a->terms.v, nt, sizeof *a->terms.v, by_h);
    qsort(a->names.v, nn, sizeof *a->names.v, by_h);
    a->terms.n = a->terms.cap = nt;
    a->names.n = a->names.cap = nn;
    a->day = day;
    a->content = sl_hash64(a->terms.v, nt * sizeof *a->terms.v) ^ (uint64_t)day;
}

#define N(x) (sizeof(x) / sizeof((x)[0]))

Test(cluster_core, ids_monotonic_and_stable_after_merge)
{
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    p.merge = 0.0; /* any article linking two stories merges them */
    sl_cluster *c = sl_cluster_new(&p);
    cr_assert(c);
    static const int ta[] = {1, 2, 3, 4, 5, 6}, tb[] = {11, 12, 13, 14, 15, 16};
    static const int tab[] = {1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16};
    static const int tz[] = {31, 32, 33, 34};
    sl_cl_article a = {0};
    sl_cl_result r;
    art(&a, ta, N(ta), NULL, 0, SL_CL_NODAY);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert_eq(r.story, 1);
    cr_assert(r.is_new);
    art(&a, tb, N(tb), NULL, 0, SL_CL_NODAY);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert_eq(r.story, 2);
    art(&a, tab, N(tab), NULL, 0, SL_CL_NODAY);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert_eq(r.story, 1, "the older id survives");
    cr_assert_eq(r.merged, 2);
    cr_assert_eq(sl_cluster_resolve(c, 2), 1);
    cr_assert_eq(sl_cluster_resolve(c, 1), 1);
    art(&a, tz, N(tz), NULL, 0, SL_CL_NODAY);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert_eq(r.story, 3, "ids are never reused after a merge");
    art(&a, tb, N(tb), NULL, 0, 5);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert_eq(r.story, 1, "a B-like article goes to the merged story");
    cr_assert_eq(sl_cluster_resolve(c, 0), 0);
    cr_assert_eq(sl_cluster_resolve(c, 99), 0);
    sl_cluster_stats st;
    sl_cluster_get_stats(c, &st);
    cr_assert_eq(st.stories, 3);
    cr_assert_eq(st.merges, 1);
    cr_assert_eq(st.live, 2);
    cr_assert_eq(st.articles, 5);
    sl_cl_article_free(&a);
    sl_cluster_free(c);
}

/* A pseudo-random stream of articles drawn from a few "events". */
static void run_stream(uint64_t *out, size_t n, unsigned seed)
{
    sl_cluster *c = sl_cluster_new(NULL);
    sl_cl_article a = {0};
    srand(seed);
    for (size_t i = 0; i < n; i++) {
        int ev = rand() % 7, terms[12], names[3];
        for (int k = 0; k < 12; k++)
            terms[k] = ev * 100 + rand() % 20;
        for (int k = 0; k < 3; k++)
            names[k] = ev * 100 + rand() % 4;
        art(&a, terms, 12, names, 3, 1000 + (int32_t)(i / 10));
        /* duplicates in the term list are merged by hand: keep unique */
        size_t u = 0;
        for (size_t k = 0; k < a.terms.n; k++)
            if (u == 0 || a.terms.v[u - 1].h != a.terms.v[k].h)
                a.terms.v[u++] = a.terms.v[k];
        a.terms.n = u;
        u = 0;
        for (size_t k = 0; k < a.names.n; k++)
            if (u == 0 || a.names.v[u - 1].h != a.names.v[k].h)
                a.names.v[u++] = a.names.v[k];
        a.names.n = u;
        sl_cl_result r;
        cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
        out[i] = r.story;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = sl_cluster_resolve(c, out[i]);
    sl_cl_article_free(&a);
    sl_cluster_free(c);
}

Test(cluster_core, deterministic)
{
    enum { n = 400 };
    uint64_t x[n], y[n];
    run_stream(x, n, 42);
    run_stream(y, n, 42);
    cr_assert_arr_eq(x, y, sizeof x);
    /* and it found structure: far fewer stories than articles */
    uint64_t maxid = 0;
    for (size_t i = 0; i < n; i++)
        maxid = x[i] > maxid ? x[i] : maxid;
    cr_assert_lt(maxid, 100);
}

Test(cluster_core, empty_article_and_bad_args)
{
    sl_cluster *c = sl_cluster_new(NULL);
    sl_cl_article a = {0};
    a.day = SL_CL_NODAY;
    sl_cl_result r;
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert(r.is_new);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert(r.is_new, "two empty articles share nothing");
    cr_assert_eq(sl_cluster_add(NULL, &a, 0, &r), SL_CL_EINVAL);
    cr_assert_eq(sl_cluster_add(c, NULL, 0, &r), SL_CL_EINVAL);
    cr_assert_eq(sl_cluster_add_forced(c, &a, 0, &r), SL_CL_EINVAL);
    sl_cl_why w;
    cr_assert_eq(sl_cluster_why_story(c, &a, 12345, &w), SL_CL_EINVAL);
    sl_cluster_free(c);
    sl_cluster_free(NULL);
}

Test(cluster_core, forced_rebuild_keeps_ids)
{
    sl_cluster *c = sl_cluster_new(NULL);
    static const int ta[] = {1, 2, 3, 4, 5, 6}, tb[] = {11, 12, 13, 14, 15, 16};
    sl_cl_article a = {0};
    sl_cl_result r;
    art(&a, ta, N(ta), NULL, 0, 100);
    cr_assert_eq(sl_cluster_add_forced(c, &a, 17, &r), SL_CL_OK);
    cr_assert_eq(r.story, 17);
    cr_assert(r.is_new);
    art(&a, tb, N(tb), NULL, 0, 100);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert_eq(r.story, 18, "new ids continue after the largest restored id");
    static const int ta2[] = {1, 2, 3, 4, 5, 7};
    art(&a, ta2, N(ta2), NULL, 0, 101);
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert_eq(r.story, 17, "restored story takes its articles");
    sl_cl_article_free(&a);
    sl_cluster_free(c);
}

Test(cluster_core, why_components)
{
    static const int ta[] = {1, 2, 3, 4, 5, 6}, na[] = {1, 2, 3}, nb[] = {3, 4};
    sl_cl_article a = {0}, b = {0};
    art(&a, ta, N(ta), na, N(na), 100);
    art(&b, ta, N(ta), nb, N(nb), 140);
    sl_cl_why w;
    cr_assert_eq(sl_cluster_why(NULL, &a, &b, &w), SL_CL_OK);
    cr_assert_float_eq(w.cosine, 1.0, 1e-6);
    cr_assert_eq(w.names_used, 1);
    cr_assert_eq(w.nshared, 1);
    cr_assert_eq(w.shared[0], sl_hash64_seed(&na[2], sizeof na[2], 7));
    /* names: a = (1,1,1)/sqrt3, b = (1,1)/sqrt2, one shared: cosine
     * 1/sqrt6; coverage of a's names by b 1/3, of b's by a 1/2, taken
     * both ways (cover_back 0.5): sqrt(1/3 * 1/2); cover 0.5 mixes them */
    sl_cluster_params dp;
    sl_cluster_params_default(&dp);
    cr_assert_float_eq(dp.cover, 0.5, 1e-12);
    cr_assert_float_eq(dp.cover_back, 0.5, 1e-12);
    cr_assert_float_eq(w.names, 0.5 / sqrt(6.0) + 0.5 * sqrt(1.0 / 6), 1e-6);
    cr_assert_float_eq(w.threshold, dp.threshold + dp.young, 1e-9);
    cr_assert_float_eq(w.gap_days, 40, 1e-9);
    /* defaults: grace 30, tau 365 -> 1 / (1 + 10/365) */
    cr_assert_float_eq(w.time, 1 / (1 + (40 - 30) / 365.0), 1e-9);
    cr_assert_gt(w.threshold, 0);
    cr_assert_lt(w.total, w.cosine);
    b.day = SL_CL_NODAY;
    cr_assert_eq(sl_cluster_why(NULL, &a, &b, &w), SL_CL_OK);
    cr_assert_eq(w.gap_days, -1);
    cr_assert_eq(w.time, 1.0);
    sl_cl_article_free(&a);
    sl_cl_article_free(&b);
}

/* ---- blobs ---------------------------------------------------------------- */

Test(cluster_core, blob_round_trip)
{
    static const int ta[] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, na[] = {1, 2};
    static const int32_t days[] = {SL_CL_NODAY, 0, -1, 19000, -719162, 2932896};
    for (size_t d = 0; d < N(days); d++) {
        sl_cl_article a = {0}, b = {0};
        art(&a, ta, N(ta), na, N(na), days[d]);
        sl_buf buf = {0};
        cr_assert_eq(sl_cl_article_encode(&a, &buf), SL_CL_OK);
        cr_assert_leq(buf.len, 4 + 1 + 1 + 5 + 8 + 11 * 12 + 8);
        cr_assert_eq(sl_cl_article_decode(buf.p, buf.len, &b), SL_CL_OK);
        cr_assert_eq(b.day, a.day);
        cr_assert_eq(b.content, a.content);
        cr_assert_eq(b.terms.n, a.terms.n);
        cr_assert_eq(b.names.n, a.names.n);
        for (size_t i = 0; i < a.terms.n; i++) {
            cr_assert_eq(b.terms.v[i].h, a.terms.v[i].h);
            cr_assert_float_eq(b.terms.v[i].w, a.terms.v[i].w, 0.01);
        }
        sl_buf_free(&buf);
        sl_cl_article_free(&a);
        sl_cl_article_free(&b);
    }
}

Test(cluster_core, blob_corrupt)
{
    static const int ta[] = {1, 2, 3}, na[] = {1};
    sl_cl_article a = {0}, b = {0};
    art(&a, ta, N(ta), na, N(na), 77);
    sl_buf buf = {0};
    cr_assert_eq(sl_cl_article_encode(&a, &buf), SL_CL_OK);
    /* every truncation and every single-bit flip is refused */
    for (size_t n = 0; n < buf.len; n++)
        cr_assert_eq(sl_cl_article_decode(buf.p, n, &b), SL_CL_ECORRUPT, "length %zu", n);
    for (size_t i = 0; i < buf.len; i++)
        for (int bit = 0; bit < 8; bit++) {
            buf.p[i] ^= (char)(1 << bit);
            cr_assert_eq(sl_cl_article_decode(buf.p, buf.len, &b), SL_CL_ECORRUPT);
            buf.p[i] ^= (char)(1 << bit);
        }
    cr_assert_eq(b.terms.n, 0, "a failed decode leaves an empty article");
    cr_assert_eq(sl_cl_article_decode(NULL, 5, &b), SL_CL_EINVAL);
    cr_assert_eq(sl_cl_article_decode(buf.p, buf.len, &b), SL_CL_OK);
    sl_buf_free(&buf);
    sl_cl_article_free(&a);
    sl_cl_article_free(&b);
}

/* ---- parameters ----------------------------------------------------------- */

Test(cluster_core, param_table)
{
    size_t n;
    const sl_cluster_param_info *t = sl_cluster_param_table(&n);
    cr_assert_eq(n * sizeof(double), sizeof(sl_cluster_params));
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    char err[128];
    cr_assert_eq(sl_cluster_params_check(&p, err, sizeof err), SL_CL_OK, "%s", err);
    for (size_t i = 0; i < n; i++) {
        double v;
        cr_assert_eq(sl_cluster_param_get(&p, t[i].name, &v), SL_CL_OK);
        cr_assert_eq(v, t[i].def, "%s", t[i].name);
        cr_assert(t[i].min <= t[i].def && t[i].def <= t[i].max, "%s", t[i].name);
        cr_assert(t[i].help && t[i].help[0]);
        cr_assert_eq(sl_cluster_param_set(&p, t[i].name, t[i].max + 1), SL_CL_EINVAL);
        if (t[i].is_int)
            cr_assert_eq(sl_cluster_param_set(&p, t[i].name, t[i].min + 0.5), SL_CL_EINVAL);
    }
    cr_assert_eq(sl_cluster_param_set(&p, "nope", 1), SL_CL_EINVAL);
    cr_assert_eq(sl_cluster_param_set(&p, "threshold", 0.5), SL_CL_OK);
    cr_assert_eq(p.threshold, 0.5);
    p.w_cos = p.w_names = 0;
    cr_assert_eq(sl_cluster_params_check(&p, err, sizeof err), SL_CL_EINVAL);
    cr_assert(err[0]);
    cr_assert_null(sl_cluster_new(&p));
}

/* ---- restart ---------------------------------------------------------------- */

Test(cluster_core, restart_from_blobs)
{
    /* run a stream, keep each article's blob and story; rebuild a fresh
     * clusterer from the blobs with add_forced; the next article must land
     * where it lands in the original */
    enum { n = 120 };
    sl_cluster *c = sl_cluster_new(NULL);
    sl_buf blobs[n];
    uint64_t story[n];
    memset(blobs, 0, sizeof blobs);
    sl_cl_article a = {0};
    srand(7);
    for (size_t i = 0; i < n + 1; i++) {
        int ev = rand() % 5, terms[10], names[2];
        for (int k = 0; k < 10; k++)
            terms[k] = ev * 100 + k * 3 + rand() % 3;
        for (int k = 0; k < 2; k++)
            names[k] = ev * 100 + k;
        art(&a, terms, 10, names, 2, 2000 + (int32_t)i / 20);
        sl_cl_result r;
        if (i == n) {
            cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
            sl_cluster *d = sl_cluster_new(NULL);
            for (size_t k = 0; k < n; k++) {
                sl_cl_article b = {0};
                cr_assert_eq(sl_cl_article_decode(blobs[k].p, blobs[k].len, &b), SL_CL_OK);
                sl_cl_result rr;
                cr_assert_eq(sl_cluster_add_forced(d, &b, sl_cluster_resolve(c, story[k]), &rr),
                             SL_CL_OK);
                sl_cl_article_free(&b);
            }
            sl_cl_result r2;
            cr_assert_eq(sl_cluster_add(d, &a, 0, &r2), SL_CL_OK);
            cr_assert_eq(r2.story, sl_cluster_resolve(c, r.story));
            sl_cluster_free(d);
            break;
        }
        cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
        story[i] = r.story;
        cr_assert_eq(sl_cl_article_encode(&a, &blobs[i]), SL_CL_OK);
    }
    for (size_t i = 0; i < n; i++)
        sl_buf_free(&blobs[i]);
    sl_cl_article_free(&a);
    sl_cluster_free(c);
}

/* Adds article i of a stream of unrelated one-article stories (six terms
 * of its own) dated day; returns the result. */
static sl_cl_result add_lone(sl_cluster *c, sl_cl_article *a, int i, int32_t day)
{
    int terms[6];
    for (int k = 0; k < 6; k++)
        terms[k] = i * 10 + k;
    art(a, terms, 6, NULL, 0, day);
    sl_cl_result r;
    cr_assert_eq(sl_cluster_add(c, a, 0, &r), SL_CL_OK);
    return r;
}

Test(cluster_core, index_bounded_by_window)
{
    /* 3000 one-article stories, one per day, 10-day window: the live set
     * and the index stay small while stories keep being created */
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    p.window_days = 10;
    p.window_articles = 0;
    sl_cluster *c = sl_cluster_new(&p);
    sl_cl_article a = {0};
    uint64_t max_post = 0, max_live = 0;
    for (int i = 0; i < 3000; i++) {
        cr_assert(add_lone(c, &a, i, 10000 + i).is_new);
        sl_cluster_stats st;
        sl_cluster_get_stats(c, &st);
        max_post = st.postings > max_post ? st.postings : max_post;
        max_live = st.live > max_live ? st.live : max_live;
    }
    sl_cluster_stats st;
    sl_cluster_get_stats(c, &st);
    cr_assert_eq(st.stories, 3000);
    cr_assert_leq(max_live, 11 + 64, "live %llu", (unsigned long long)max_live);
    cr_assert_leq(max_post, 6 * (2 * 75 + 256), "postings %llu", (unsigned long long)max_post);
    cr_assert_gt(st.retired, 2800);
    /* the cap on live stories works without dates too */
    sl_cluster_free(c);
    p.max_live = 50;
    c = sl_cluster_new(&p);
    for (int i = 0; i < 1000; i++)
        add_lone(c, &a, i, SL_CL_NODAY);
    sl_cluster_get_stats(c, &st);
    cr_assert_leq(st.live, 50 + 64);
    sl_cl_article_free(&a);
    sl_cluster_free(c);
}

Test(cluster_core, window_out_of_date_order)
{
    /* an archive arriving out of date order: 3000 one-article stories
     * dated at random over three years. The clock (newest date seen) runs
     * ahead at once, so "quiet" must be judged by each story's own dates:
     * a story whose dates are over window_days behind the clock retires
     * once window_articles later arrivals have not joined it; one with
     * recent dates gets another window. */
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    p.window_days = 10;
    p.window_articles = 100;
    sl_cluster *c = sl_cluster_new(&p);
    sl_cl_article a = {0};
    uint64_t max_live = 0, x = 12345;
    for (int i = 0; i < 3000; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        add_lone(c, &a, i, 10000 + (int32_t)((x >> 33) % 1095));
        sl_cluster_stats st;
        sl_cluster_get_stats(c, &st);
        max_live = st.live > max_live ? st.live : max_live;
    }
    sl_cluster_stats st;
    sl_cluster_get_stats(c, &st);
    /* the window, the sweep's 64, and the stories dated in the newest 10
     * days (about 1% of 3000) renewed */
    cr_assert_leq(max_live, 100 + 64 + 60, "live %llu", (unsigned long long)max_live);
    cr_assert_gt(st.retired, 2700);
    sl_cl_article_free(&a);
    sl_cluster_free(c);
}

/* Article with term ids terms[i] of raw weight w[i], no names. */
static void art_w(sl_cl_article *a, const int *terms, const float *w, size_t nt, uint64_t content)
{
    sl_cl_article_free(a);
    a->terms.v = sl_calloc(nt, sizeof *a->terms.v);
    for (size_t i = 0; i < nt; i++)
        a->terms.v[i] = (sl_cl_feat){sl_hash64(&terms[i], sizeof terms[i]), w[i]};
    qsort(a->terms.v, nt, sizeof *a->terms.v, by_h);
    a->terms.n = a->terms.cap = nt;
    a->day = SL_CL_NODAY;
    a->content = content;
}

static uint64_t postings(const sl_cluster *c)
{
    sl_cluster_stats st;
    sl_cluster_get_stats(c, &st);
    return st.postings;
}

Test(cluster_core, posted_under_heaviest_terms)
{
    /* post_terms 3: a story is posted under the 3 heaviest terms of each
     * article it takes, once; a term that was light in its first article
     * and is heavy in a later one gets posted then */
    const int t[5] = {1, 2, 3, 4, 5};
    const float w1[5] = {5, 4, 3, 2, 1.5f}, w3[5] = {1, 1.1f, 1.2f, 8, 9};
    for (int post = 0; post <= 3; post += 3) {
        sl_cluster_params p;
        sl_cluster_params_default(&p);
        p.post_terms = post;
        sl_cluster *c = sl_cluster_new(&p);
        sl_cl_article a = {0};
        sl_cl_result r1, r;
        art_w(&a, t, w1, 5, 111);
        cr_assert_eq(sl_cluster_add(c, &a, 0, &r1), SL_CL_OK);
        cr_assert(r1.is_new);
        cr_assert_eq(postings(c), post ? 3u : 5u);
        cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK); /* exact copy: joins */
        cr_assert_eq(r.story, r1.story);
        cr_assert_eq(postings(c), post ? 3u : 5u, "a copy posts nothing new");
        art_w(&a, t, w3, 5, 111); /* same content hash: joins; 4 and 5 now heaviest */
        cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
        cr_assert_eq(r.story, r1.story);
        cr_assert_eq(postings(c), 5u, "post %d: terms 4 and 5 posted once they are heavy", post);
        sl_cluster_free(c);
        sl_cl_article_free(&a);
    }
}

Test(cluster_core, join_posts_what_the_probe_picked)
{
    /* an article joining by score posts its post_terms heaviest terms:
     * taken from the probe when probe_terms = post_terms (3 / 3), selected
     * again when they differ (4 / 3); the index ends the same */
    const int t[5] = {1, 2, 3, 4, 5};
    const float w1[5] = {5, 4, 3, 2, 1.5f}, w2[5] = {1, 1.1f, 1.2f, 8, 9};
    for (int probe = 3; probe <= 4; probe++) {
        sl_cluster_params p;
        sl_cluster_params_default(&p);
        p.post_terms = 3;
        p.probe_terms = probe;
        sl_cluster *c = sl_cluster_new(&p);
        sl_cl_article a = {0};
        sl_cl_result r1, r2;
        art_w(&a, t, w1, 5, 111);
        cr_assert_eq(sl_cluster_add(c, &a, 0, &r1), SL_CL_OK);
        cr_assert_eq(postings(c), 3u);
        art_w(&a, t, w2, 5, 222); /* other text, same terms: joins by score */
        cr_assert_eq(sl_cluster_add(c, &a, 0, &r2), SL_CL_OK);
        cr_assert(!r2.is_new && !r2.is_copy && r2.story == r1.story, "probe %d", probe);
        cr_assert_eq(postings(c), 5u, "probe %d: terms 1 2 3, then 5 4 (3 again)", probe);
        sl_cluster_free(c);
        sl_cl_article_free(&a);
    }
}

Test(cluster_core, merge_forced_replays_a_merge)
{
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    sl_cluster *c = sl_cluster_new(&p);
    sl_cl_article a = {0};
    const int t1[3] = {1, 2, 3}, t2[3] = {7, 8, 9};
    art(&a, t1, 3, NULL, 0, SL_CL_NODAY);
    cr_assert_eq(sl_cluster_add_forced(c, &a, 1, NULL), SL_CL_OK);
    art(&a, t2, 3, NULL, 0, SL_CL_NODAY);
    cr_assert_eq(sl_cluster_add_forced(c, &a, 2, NULL), SL_CL_OK);
    cr_assert_eq(sl_cluster_merge_forced(c, 2, 1), SL_CL_EINVAL, "the older id survives");
    cr_assert_eq(sl_cluster_merge_forced(c, 1, 1), SL_CL_EINVAL);
    cr_assert_eq(sl_cluster_merge_forced(c, 1, 5), SL_CL_OK, "an id never made: nothing happens");
    cr_assert_eq(sl_cluster_resolve(c, 2), 2u);
    cr_assert_eq(sl_cluster_merge_forced(c, 1, 2), SL_CL_OK);
    cr_assert_eq(sl_cluster_resolve(c, 2), 1u);
    sl_cluster_stats st;
    sl_cluster_get_stats(c, &st);
    cr_assert_eq(st.live, 1u);
    cr_assert_eq(st.merges, 1u);
    /* the survivor holds both articles' terms: an article of the second
     * is now a copy candidate of story 1 */
    sl_cl_result r;
    cr_assert_eq(sl_cluster_add(c, &a, 0, &r), SL_CL_OK);
    cr_assert_eq(r.story, 1u);
    cr_assert_eq(sl_cluster_merge_forced(c, 1, 2), SL_CL_OK, "already merged: nothing happens");
    sl_cluster_free(c);
    sl_cl_article_free(&a);
}
