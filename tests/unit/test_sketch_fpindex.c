/* fpindex: random adds and deletes against a plain reference, through
 * growth, lists, caps and backward-shift deletion. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sketch/fpindex.h"

#define KEYS 3000
#define IDS 64

static uint8_t ref[KEYS][IDS]; /* ref[key][id] = present */

static uint32_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*s >> 33);
}

Test(sketch_fpindex, random_ops_match_reference)
{
    sl_fpindex ix;
    sl_fpindex_init(&ix, 1000);
    uint64_t s = 42;
    memset(ref, 0, sizeof ref);
    for (int step = 0; step < 200000; step++) {
        uint32_t k = rnd(&s) % KEYS, id = rnd(&s) % IDS;
        uint32_t key = k * 2654435761u + 7; /* spread, never 0 for k < KEYS */
        if (rnd(&s) % 3) {
            cr_assert_eq(sl_fpindex_add(&ix, key, id), 0);
            ref[k][id] = 1;
        } else {
            sl_fpindex_del(&ix, key, id);
            ref[k][id] = 0;
        }
        if (step % 20000 == 0 || step == 199999) {
            for (uint32_t q = 0; q < KEYS; q++) {
                const uint32_t *ids;
                int capped;
                size_t n = sl_fpindex_get(&ix, q * 2654435761u + 7, &ids, &capped);
                uint8_t seen[IDS] = {0};
                for (size_t i = 0; i < n; i++) {
                    cr_assert_lt(ids[i], IDS);
                    cr_assert(ref[q][ids[i]], "key %u: id %u should be absent", q, ids[i]);
                    seen[ids[i]]++;
                }
                for (uint32_t i = 0; i < IDS; i++)
                    cr_assert_eq(seen[i], ref[q][i], "key %u id %u: %d vs %d", q, i, seen[i], ref[q][i]);
            }
        }
    }
    cr_assert_gt(sl_fpindex_bytes(&ix), 0);
    sl_fpindex_free(&ix);
}

Test(sketch_fpindex, cap_refuses_and_reports)
{
    sl_fpindex ix;
    sl_fpindex_init(&ix, 4);
    for (uint32_t id = 1; id <= 10; id++)
        cr_assert_eq(sl_fpindex_add(&ix, 99, id), 0);
    const uint32_t *ids;
    int capped;
    cr_assert_eq(sl_fpindex_get(&ix, 99, &ids, &capped), 4);
    cr_assert(capped);
    cr_assert_eq(sl_fpindex_get(&ix, 12345, &ids, &capped), 0);
    cr_assert(!capped);
    /* key 0 is reserved internally but usable */
    cr_assert_eq(sl_fpindex_add(&ix, 0, 7), 0);
    cr_assert_eq(sl_fpindex_get(&ix, 0, &ids, &capped), 1);
    cr_assert_eq(ids[0], 7);
    sl_fpindex_free(&ix);
}

/* Growth moves the old table a few slots an add: lookups during the move
 * must find every key in either table, and a delete in the middle of a move
 * (which finishes it) must keep the rest. Keys are added in bursts with a
 * full check after each add of the burst that crosses a growth. */
Test(sketch_fpindex, lookups_during_incremental_growth)
{
    sl_fpindex ix;
    sl_fpindex_init(&ix, 8);
    enum { N = 60000 };
    uint32_t *keys = malloc(N * sizeof *keys);
    uint64_t s = 7;
    size_t moves_seen = 0;
    for (uint32_t i = 0; i < N; i++) {
        keys[i] = rnd(&s) | 1;
        cr_assert_eq(sl_fpindex_add(&ix, keys[i], i & 0x7fffffff), 0);
        if (ix.old)
            moves_seen++;
        /* while a move is on, check a sample of everything added so far */
        if (ix.old && i % 97 == 0)
            for (uint32_t q = 0; q <= i; q += 13) {
                const uint32_t *ids;
                int capped;
                size_t n = sl_fpindex_get(&ix, keys[q], &ids, &capped);
                cr_assert_geq(n, 1, "key %u (added %u) lost during a move at %u", keys[q], q, i);
            }
        if (i == N / 2) {   /* a delete in the middle of whatever is moving */
            sl_fpindex_del(&ix, keys[5], 5);
            cr_assert_null(ix.old);
        }
    }
    cr_assert_gt(moves_seen, 100, "growth should have been in progress for many adds");
    for (uint32_t q = 0; q < N; q++) {
        const uint32_t *ids;
        int capped;
        size_t n = sl_fpindex_get(&ix, keys[q], &ids, &capped);
        if (q == 5) {
            int has5 = 0;
            for (size_t k = 0; k < n; k++)
                has5 |= ids[k] == 5;
            cr_assert(!has5, "deleted posting came back");
        } else {
            cr_assert_geq(n, 1, "key of %u lost", q);
        }
    }
    free(keys);
    sl_fpindex_free(&ix);
}
