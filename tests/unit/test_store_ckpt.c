/* Background checkpoints (sl_store_ckpt_start): the thread copies the WAL
 * into the database while commits go on, the WAL starts over instead of
 * growing, and every committed row is there after a reopen. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "common/common.h"
#include "engine_testutil.h"
#include "store/store.h"

enum { NCOMMIT = 300, NVAL = 5000, PAGES = 40 };

static void fill(uint32_t *v, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (uint32_t)(i * 7919u + seed); /* sorted, distinct */
}

Test(store_ckpt, wal_copied_in_background_and_restarted)
{
    char db[] = "/tmp/sl_ckpt_XXXXXX";
    temp_db(db);
    sl_store *s;
    char err[256];
    cr_assert_eq(sl_store_open(&s, db, 0, err, sizeof err), SL_OK, "%s", err);
    sl_store_set_ckpt_pages(s, PAGES);
    cr_assert_eq(sl_store_ckpt_start(s), SL_OK);
    cr_assert_eq(sl_store_ckpt_start(s), SL_OK, "a second start is a no-op");
    static uint32_t v[NVAL];
    sl_store_ckpt_stats st;
    /* first up to the mark (a commit adds a few pages): the thread is woken
     * and, the committing thread not taking over before twice the mark,
     * copies the WAL on its own */
    int i = 0;
    for (sl_store_get_ckpt_stats(s, &st); st.max_wal_pages < PAGES; sl_store_get_ckpt_stats(s, &st), i++) {
        cr_assert_lt(i, 20);
        fill(v, NVAL, (uint32_t)i);
        cr_assert_eq(sl_store_begin(s), SL_OK);
        cr_assert_eq(sl_store_sketch_put(s, i + 1, 7, "x", 1, v, NVAL), SL_OK, "%s", sl_store_errmsg(s));
        cr_assert_eq(sl_store_commit(s), SL_OK, "%s", sl_store_errmsg(s));
    }
    cr_assert_lt(st.max_wal_pages, 2 * PAGES, "one commit added %d pages", st.max_wal_pages);
    for (int wait = 0; wait < 1000 && st.background == 0; wait++) {
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
        sl_store_get_ckpt_stats(s, &st);
    }
    cr_assert_gt(st.background, 0, "the thread copied the WAL");
    cr_assert_eq(st.foreground, 0);
    for (; i < NCOMMIT; i++) {
        fill(v, NVAL, (uint32_t)i);
        cr_assert_eq(sl_store_begin(s), SL_OK);
        /* 20 KB of set: two 16 KB pages or more a commit */
        cr_assert_eq(sl_store_sketch_put(s, i + 1, 7, "x", 1, v, NVAL), SL_OK, "%s", sl_store_errmsg(s));
        cr_assert_eq(sl_store_commit(s), SL_OK, "%s", sl_store_errmsg(s));
    }
    sl_store_ckpt_stop(s);
    sl_store_ckpt_stop(s); /* idempotent */
    sl_store_get_ckpt_stats(s, &st);
    cr_assert_gt(st.foreground, 0, "the committing thread finished some, so the WAL could start over");
    /* the WAL starts over: never much past twice the mark plus a commit */
    cr_assert_lt(st.max_wal_pages, 2 * PAGES + 8, "WAL reached %d pages", st.max_wal_pages);
    sl_store_close(s);

    cr_assert_eq(sl_store_open(&s, db, 0, err, sizeof err), SL_OK, "%s", err);
    for (i = 0; i < NCOMMIT; i++) {
        uint32_t *got = NULL;
        size_t n = 0;
        cr_assert_eq(sl_store_shset_get(s, i + 1, &got, &n), SL_OK, "row %d", i + 1);
        cr_assert_eq(n, NVAL);
        fill(v, NVAL, (uint32_t)i);
        cr_assert_eq(memcmp(got, v, sizeof v), 0, "row %d intact", i + 1);
        sl_free(got);
    }
    sl_store_close(s);
    remove_db(db);
}

Test(store_ckpt, memory_store_is_a_no_op)
{
    sl_store *s;
    char err[256];
    cr_assert_eq(sl_store_open(&s, ":memory:", 0, err, sizeof err), SL_OK, "%s", err);
    cr_assert_eq(sl_store_ckpt_start(s), SL_OK);
    cr_assert_eq(sl_store_begin(s), SL_OK);
    uint32_t v[3] = {1, 2, 3};
    cr_assert_eq(sl_store_sketch_put(s, 1, 7, "x", 1, v, 3), SL_OK);
    cr_assert_eq(sl_store_commit(s), SL_OK);
    sl_store_ckpt_stop(s);
    sl_store_ckpt_stats st;
    sl_store_get_ckpt_stats(s, &st);
    cr_assert_eq(st.background + st.foreground, 0);
    sl_store_close(s);
    sl_store_ckpt_stop(NULL);
}
