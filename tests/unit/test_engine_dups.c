/* Copies and rewrites through the engine: seeds, edge cases, flood, updates,
 * forgetting, parameters recorded in the database. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storyline.h"
#include "engine_testutil.h"

static sl_engine *open_db(const char *path)
{
    sl_engine *e = NULL;
    cr_assert_eq(sl_open(&e, path, NULL), SL_OK, "%s", sl_errmsg(e));
    return e;
}

static void add(sl_engine *e, const char *id, const char *text)
{
    sl_article a = {.id = id, .source = "test", .text = text};
    sl_add_status st;
    cr_assert_eq(sl_add(e, &a, &st), SL_OK, "%s: %s", id, sl_errmsg(e));
}

typedef struct collected {
    char lines[64][256];
    size_t n;
} collected;

static int collect(void *ud, const sl_dup *d)
{
    collected *c = ud;
    if (c->n < 64)
        snprintf(c->lines[c->n], sizeof c->lines[0], "%s %s %s %.2f %.2f %.2f %s", d->a, d->b, d->kind, d->jaccard,
                 d->a_in_b, d->b_in_a, d->source);
    c->n++;
    return 0;
}

static char *long_text(int seed, int sentences)
{
    static const char *words[] = {"council", "river", "bridge", "mayor", "storm", "harbor", "ferry", "budget",
                                  "school", "police", "market", "station", "report", "island", "road", "tower"};
    size_t cap = (size_t)sentences * 120 + 1;
    char *t = malloc(cap), *p = t;
    unsigned x = (unsigned)seed * 2654435761u + 1;
    for (int s = 0; s < sentences; s++) {
        p += sprintf(p, "The");
        for (int w = 0; w < 10; w++) {
            x = x * 1103515245u + 12345u;
            p += sprintf(p, " %s%u", words[(x >> 16) % 16], (x >> 8) % 50);
        }
        p += sprintf(p, ".\n");
    }
    return t;
}

Test(engine_dups, seeds_only_000_001_reuse)
{
    if (access("../shared/seeds", R_OK) != 0)
        cr_skip_test("../shared/seeds absent");
    sl_engine *e = open_db(":memory:");
    const char *paths[] = {"../shared/seeds"};
    sl_add_report r;
    cr_assert_eq(sl_add_paths(e, paths, 1, NULL, NULL, &r), SL_OK);
    collected c = {0};
    cr_assert_eq(sl_dups(e, NULL, collect, &c), SL_OK);
    cr_assert_eq(c.n, 1, "exactly one pair: got %zu", c.n);
    cr_assert(strstr(c.lines[0], "000_c541f14009c09cbd 001_7b9815c6ccc737a2 reuse"), "%s", c.lines[0]);
    double j, ca, cb;
    char src[64];
    cr_assert_eq(sscanf(c.lines[0], "%*s %*s %*s %lf %lf %lf %63s", &j, &ca, &cb, src), 4);
    cr_assert(ca >= 0.5 && ca <= 0.7, "000 in 001 about 0.6: %f", ca);
    cr_assert(j < 0.5, "Jaccard alone would miss it: %f", j);
    cr_assert_str_eq(src, "000_c541f14009c09cbd");
    /* the evidence: passages aligned in both texts */
    sl_why *w = NULL;
    cr_assert_eq(sl_why_dup(e, "001_7b9815c6ccc737a2", "000_c541f14009c09cbd", &w), SL_OK);
    cr_assert_str_eq(w->d.a, "000_c541f14009c09cbd");
    cr_assert_gt(w->npassages, 5);
    for (size_t i = 0; i < w->npassages; i++) {
        const sl_why_passage *p = &w->passages[i];
        cr_assert_lt(p->a_start, p->a_end);
        cr_assert(strlen(w->text_a) >= p->a_end && strlen(w->text_b) >= p->b_end);
    }
    cr_assert(strstr(w->rule, "reuse"), "%s", w->rule);
    sl_why_free(w);
    cr_assert_eq(sl_why_dup(e, "002_65d78d6537130c47", "003_f4bc374b1a7ff9f1", &w), SL_OK);
    cr_assert_str_eq(w->d.kind, "none");
    sl_why_free(w);
    sl_close(e);
}

Test(engine_dups, edge_cases_no_false_pairs)
{
    sl_engine *e = open_db(":memory:");
    add(e, "one", "Hello.");
    add(e, "one-b", "Goodbye.");
    add(e, "boiler", "Please enter your comment!\nShare this article\n");
    add(e, "short", "Two words.");
    collected c = {0};
    cr_assert_eq(sl_dups(e, NULL, collect, &c), SL_OK);
    cr_assert_eq(c.n, 0, "%s", c.n ? c.lines[0] : "");
    /* identical texts, different ids: exact */
    add(e, "one-copy", "Hello.");
    memset(&c, 0, sizeof c);
    cr_assert_eq(sl_dups(e, "one-copy", collect, &c), SL_OK);
    cr_assert_eq(c.n, 1);
    cr_assert(strstr(c.lines[0], "one one-copy exact 1.00"), "%s", c.lines[0]);
    sl_close(e);
}

Test(engine_dups, chinese_character_shingles)
{
    sl_engine *e = open_db(":memory:");
    const char *a = "北京市政府今天宣布，从下个月开始，全市公交车将免费向老年人开放。这项政策预计将惠及数百万居民。";
    char b[512];
    snprintf(b, sizeof b, "%s%s", a, "专家认为这一措施有助于减少交通拥堵。");
    add(e, "zh1", a);
    add(e, "zh2", b);
    add(e, "zh3", "上海今天举行了国际电影节开幕式，众多明星出席了红毯仪式。");
    collected c = {0};
    cr_assert_eq(sl_dups(e, NULL, collect, &c), SL_OK);
    cr_assert_eq(c.n, 1, "got %zu", c.n);
    cr_assert(strstr(c.lines[0], "zh1 zh2"), "%s", c.lines[0]);
    sl_close(e);
}

Test(engine_dups, update_follows_new_text)
{
    sl_engine *e = open_db(":memory:");
    char *t1 = long_text(1, 20), *t2 = long_text(2, 20);
    add(e, "a", t1);
    add(e, "b", t1);               /* exact copy of a */
    collected c = {0};
    cr_assert_eq(sl_dups(e, "b", collect, &c), SL_OK);
    cr_assert_eq(c.n, 1);
    add(e, "b", t2);               /* b updated: no longer a copy */
    memset(&c, 0, sizeof c);
    cr_assert_eq(sl_dups(e, "b", collect, &c), SL_OK);
    cr_assert_eq(c.n, 0, "%s", c.lines[0]);
    add(e, "c", t2);               /* the index holds b's new text */
    memset(&c, 0, sizeof c);
    cr_assert_eq(sl_dups(e, "c", collect, &c), SL_OK);
    cr_assert_eq(c.n, 1);
    cr_assert(strstr(c.lines[0], "b c exact"), "%s", c.lines[0]);
    free(t1);
    free(t2);
    sl_close(e);
}

Test(engine_dups, flood_of_copies_stays_bounded)
{
    char path[] = "/tmp/sl_flood_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    char *t = long_text(7, 30);
    for (char *p = t; *p; p++)
        if (*p == '\n')
            *p = ' ';
    for (int i = 0; i < 10000; i++)
        fprintf(f, "{\"id\":\"c%d\",\"text\":\"%s\"}\n", i, t);
    fclose(f);
    char jpath[64];
    snprintf(jpath, sizeof jpath, "%s.jsonl", path);
    rename(path, jpath);
    sl_engine *e = open_db(":memory:");
    const char *paths[] = {jpath};
    sl_add_report r;
    cr_assert_eq(sl_add_paths(e, paths, 1, NULL, NULL, &r), SL_OK);
    cr_assert_eq(r.added, 10000);
    /* every copy is linked to the first; the groups join them all */
    collected c = {0};
    cr_assert_eq(sl_dups(e, "c9999", collect, &c), SL_OK);
    cr_assert_geq(c.n, 1);
    cr_assert(strstr(c.lines[0], "c0 c9999 exact"), "%s", c.lines[0]);
    cr_assert_lt(r.dup_p99_ms, 50.0, "query stays cheap: p99 %.3f ms", r.dup_p99_ms);
    unlink(jpath);
    free(t);
    sl_close(e);
}

Test(engine_dups, big_article)
{
    sl_engine *e = open_db(":memory:");
    char *big = long_text(3, 45000); /* about 5 MB */
    cr_assert_gt(strlen(big), 4000000);
    add(e, "big", big);
    big[strlen(big) / 2] = 0;       /* its first half: contained */
    add(e, "half", big);
    collected c = {0};
    cr_assert_eq(sl_dups(e, "half", collect, &c), SL_OK);
    cr_assert_eq(c.n, 1);
    cr_assert(strstr(c.lines[0], "big half reuse"), "%s", c.lines[0]);
    free(big);
    sl_close(e);
}

Test(engine_dups, forget_and_params_survive_restart)
{
    char db[] = "/tmp/sl_dups_XXXXXX";
    temp_db(db);
    char *t = long_text(9, 20);
    sl_engine *e = open_db(db);
    add(e, "x", t);
    add(e, "y", t);
    sl_close(e);
    /* reopened: the index is loaded from the stored sketches */
    e = open_db(db);
    add(e, "z", t);
    collected c = {0};
    cr_assert_eq(sl_dups(e, "z", collect, &c), SL_OK);
    cr_assert_eq(c.n, 2, "z is a copy of x and y after a restart");
    const char *ids[] = {"x"};
    size_t n;
    cr_assert_eq(sl_forget(e, ids, 1, &n), SL_OK);
    cr_assert_eq(n, 1);
    memset(&c, 0, sizeof c);
    cr_assert_eq(sl_dups(e, "z", collect, &c), SL_OK);
    cr_assert_eq(c.n, 1);
    sl_close(e);
    /* other sketch parameters: a clear error, not wrong answers */
    sl_options o;
    sl_options_default(&o);
    char err[128];
    cr_assert_eq(sl_options_set(&o, "sketch.k", "7", err, sizeof err), SL_OK);
    e = NULL;
    cr_assert_eq(sl_open(&e, db, &o), SL_EPARAMS);
    cr_assert(strstr(sl_errmsg(e), "k=5") && strstr(sl_errmsg(e), "k=7"), "%s", sl_errmsg(e));
    sl_close(e);
    free(t);
    remove_db(db);
}

/* A database from before schema 4 holds shingle sets as delta varints in
 * `shset`: after the migration those rows are still read (a candidate's set
 * read back from the store gives the same scores as a fresh database). */
static void to_schema3(const char *db)
{
    sqlite3 *h;
    cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *sel, *upd;
    cr_assert_eq(sqlite3_prepare_v2(h, "SELECT article, shset32 FROM sketches", -1, &sel, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(h, "UPDATE sketches SET shset = ?2 WHERE article = ?1", -1, &upd, NULL),
                 SQLITE_OK);
    while (sqlite3_step(sel) == SQLITE_ROW) {
        const uint8_t *p = sqlite3_column_blob(sel, 1);
        size_t n = (size_t)sqlite3_column_bytes(sel, 1) / 4, len = 0;
        uint8_t *out = malloc(n * 5 + 1);
        uint32_t prev = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t v = p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
                         (uint32_t)p[4 * i + 3] << 24;
            uint32_t d = v - prev;
            prev = v;
            do {
                out[len++] = (uint8_t)((d & 0x7f) | (d > 0x7f ? 0x80 : 0));
                d >>= 7;
            } while (d);
        }
        sqlite3_bind_int64(upd, 1, sqlite3_column_int64(sel, 0));
        sqlite3_bind_blob(upd, 2, out, (int)len, SQLITE_TRANSIENT);
        cr_assert_eq(sqlite3_step(upd), SQLITE_DONE);
        sqlite3_reset(upd);
        free(out);
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(upd);
    cr_assert_eq(sqlite3_exec(h,
                              "ALTER TABLE sketches DROP COLUMN shset32;"
                              "DROP TABLE aliases;" /* schema 5 */
                              "ALTER TABLE clreps DROP COLUMN story;" /* schema 6 */
                              "ALTER TABLE stories DROP COLUMN merged_at;"
                              "UPDATE meta SET value = '3' WHERE key = 'schema_version';",
                              NULL, NULL, NULL),
                 SQLITE_OK, "%s", sqlite3_errmsg(h));
    sqlite3_close(h);
}

Test(engine_dups, varint_sets_of_schema_3_still_read)
{
    char db[] = "/tmp/sl_dups3_XXXXXX";
    temp_db(db);
    char *t = long_text(11, 20), *extra = long_text(12, 6);
    char *w = malloc(strlen(t) + strlen(extra) + 1);
    strcpy(w, t);
    strcat(w, extra);
    sl_engine *e = open_db(db);
    add(e, "x", t);
    sl_close(e);
    to_schema3(db);
    e = open_db(db);   /* migrates to 6; x's set is read from its varint column */
    add(e, "w", w);
    collected old = {0}, fresh = {0};
    cr_assert_eq(sl_dups(e, "w", collect, &old), SL_OK);
    sl_close(e);
    e = open_db(":memory:");
    add(e, "x", t);
    add(e, "w", w);
    cr_assert_eq(sl_dups(e, "w", collect, &fresh), SL_OK);
    sl_close(e);
    cr_assert_eq(old.n, 1, "x is contained in w");
    cr_assert_eq(fresh.n, 1);
    cr_assert_str_eq(old.lines[0], fresh.lines[0]);
    cr_assert(strstr(old.lines[0], "x w reuse 0.") && strstr(old.lines[0], " 1.00 "), "%s", old.lines[0]);
    free(t);
    free(extra);
    free(w);
    remove_db(db);
}

/* Pairs whose sizes sit around the bounds the index prunes by (Jaccard 0.5
 * needs small/large >= 0.5; reuse needs sketch.min_shared = 40 shingles on
 * the smaller side): a short article of s sentences inside a longer one
 * that adds t sentences, for s and t on both sides of each bound. The
 * index must report exactly the pairs the exact mode reports. */
typedef struct pairset {
    char pairs[256][64];
    size_t n;
} pairset;

static int collect_pair(void *ud, const sl_dup *d)
{
    pairset *p = ud;
    if (p->n < 256)
        snprintf(p->pairs[p->n++], sizeof p->pairs[0], "%s %s", d->a, d->b);
    return 0;
}

static int pair_cmp(const void *x, const void *y) { return strcmp(x, y); }

Test(engine_dups, size_bound_matches_exact_mode)
{
    sl_engine *e = open_db(":memory:");
    /* 11 tokens a sentence: s sentences give 11s - 4 shingles */
    int ns = 0;
    for (int s = 2; s <= 6; s++) {
        for (int t = s - 2; t <= s + 2; t++) {
            if (t < 1)
                continue;
            char *shortt = long_text(1000 + ns, s), *extra = long_text(5000 + ns, t);
            size_t n = strlen(shortt) + strlen(extra) + 1;
            char *longt = malloc(n);
            snprintf(longt, n, "%s%s", shortt, extra);
            char ida[32], idb[32];
            snprintf(ida, sizeof ida, "s%d-%d", s, t);
            snprintf(idb, sizeof idb, "l%d-%d", s, t);
            add(e, ida, shortt);
            add(e, idb, longt);
            free(shortt), free(extra), free(longt);
            ns++;
        }
    }
    pairset ix = {0}, ex = {0};
    cr_assert_eq(sl_dups(e, NULL, collect_pair, &ix), SL_OK);
    cr_assert_eq(sl_dups_exact(e, 0.5, 0.5, collect_pair, &ex), SL_OK);
    cr_assert_gt(ex.n, 5, "the table should hold pairs on both sides of the bounds (%zu)", ex.n);
    cr_assert_lt(ex.n, (size_t)ns, "some pairs must fall below both bounds (%zu of %d)", ex.n, ns);
    qsort(ix.pairs, ix.n, sizeof ix.pairs[0], pair_cmp);
    qsort(ex.pairs, ex.n, sizeof ex.pairs[0], pair_cmp);
    cr_assert_eq(ix.n, ex.n, "index %zu pairs, exact %zu", ix.n, ex.n);
    for (size_t i = 0; i < ix.n; i++)
        cr_assert_str_eq(ix.pairs[i], ex.pairs[i]);
    sl_close(e);
}

/* Short articles that quote long ones stored earlier (after a restart, so
 * the long sets are not cached and are probed in the store, not read
 * whole): the same pairs and scores as a run where every set is at hand. */
Test(engine_dups, probed_long_sets_score_like_read_sets)
{
    char db[] = "/tmp/sl_dupsprobe_XXXXXX";
    temp_db(db);
    enum { NLONG = 4 };
    char *longt[NLONG], *shortt[NLONG * 4];
    char id[NLONG * 5][16];
    for (int i = 0; i < NLONG; i++)
        longt[i] = long_text(300 + i, 320); /* 11 tokens a sentence: ~3,500 shingles */
    for (int i = 0; i < NLONG * 4; i++) {
        /* 5..8 sentences copied from long i/4, then 0..9 sentences of its own */
        int from = i / 4, copied = 5 + i % 4, own = (i * 3) % 10;
        char *src = longt[from], *p = src;
        for (int s = 0; s < 40 * (i % 4 + 1); s++)
            p = strchr(p, '\n') + 1;
        char *q = p;
        for (int s = 0; s < copied; s++)
            q = strchr(q, '\n') + 1;
        char *mine = long_text(900 + i, own ? own : 1);
        size_t n = (size_t)(q - p) + strlen(mine) + 1;
        shortt[i] = malloc(n);
        memcpy(shortt[i], p, (size_t)(q - p));
        strcpy(shortt[i] + (q - p), own ? mine : "");
        free(mine);
    }
    sl_engine *e = open_db(db);
    for (int i = 0; i < NLONG; i++) {
        snprintf(id[i], sizeof id[i], "long%d", i);
        add(e, id[i], longt[i]);
    }
    sl_close(e);
    e = open_db(db); /* nothing cached: the long sets are probed */
    for (int i = 0; i < NLONG * 4; i++) {
        snprintf(id[NLONG + i], sizeof id[0], "short%02d", i);
        add(e, id[NLONG + i], shortt[i]);
    }
    collected probed = {0}, read = {0};
    cr_assert_eq(sl_dups(e, NULL, collect, &probed), SL_OK);
    sl_close(e);
    e = open_db(":memory:");
    for (int i = 0; i < NLONG * 5; i++)
        add(e, id[i], i < NLONG ? longt[i] : shortt[i - NLONG]);
    cr_assert_eq(sl_dups(e, NULL, collect, &read), SL_OK);
    sl_close(e);
    cr_assert_geq(read.n, 8u, "most short articles should be reuses (%zu)", read.n);
    cr_assert_eq(probed.n, read.n);
    for (size_t i = 0; i < read.n && i < 64; i++)
        cr_assert_str_eq(probed.lines[i], read.lines[i]);
    for (int i = 0; i < NLONG; i++)
        free(longt[i]);
    for (int i = 0; i < NLONG * 4; i++)
        free(shortt[i]);
    remove_db(db);
}
