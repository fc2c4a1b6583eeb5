/* sl_store_shset_count: the count of a short sorted set's values present in
 * a stored set, read by probing the blob, against a plain merge count. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine_testutil.h"
#include "store/store.h"

static uint32_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*s >> 32);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* sorts and removes repeats; returns the new length */
static size_t sort_unique(uint32_t *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_u32);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || v[k - 1] != v[i])
            v[k++] = v[i];
    return k;
}

static size_t merge_count(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0, c = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j])
            i++;
        else if (a[i] > b[j])
            j++;
        else
            c++, i++, j++;
    }
    return c;
}

typedef struct shset_case {
    const char *name;
    size_t nb;        /* stored set size before repeats are removed */
    size_t na;        /* probe set size, before repeats are removed */
    int shared_pct;   /* share of the probe set taken from the stored set */
    int skew;         /* 0 uniform; 1 stored values crowded into [0, 2^20) */
    int extremes;     /* both sets hold 0 and UINT32_MAX */
} shset_case;

static const shset_case CASES[] = {
    {"empty stored set", 0, 20, 0, 0, 0},
    {"one stored value, hit", 1, 1, 100, 0, 0},
    {"one stored value, miss", 1, 5, 0, 0, 0},
    {"small both, half shared", 40, 40, 50, 0, 0},
    {"short in long, all shared", 5000, 60, 100, 0, 0},
    {"short in long, half shared", 5000, 60, 50, 0, 0},
    {"short in long, none shared", 5000, 60, 0, 0, 0},
    {"very long, 100k", 100000, 200, 60, 0, 0},
    {"extremes 0 and UINT32_MAX", 3000, 50, 40, 0, 1},
    {"skewed stored values (not uniform)", 20000, 120, 70, 1, 0},
    {"skewed with extremes", 20000, 120, 30, 1, 1},
    {"probe larger than stored", 300, 2000, 10, 0, 0},
    {"empty probe set", 4000, 0, 0, 0, 0},
};

Test(store_shset, probe_count_matches_merge)
{
    char db[] = "/tmp/sl_shset_XXXXXX";
    temp_db(db);
    sl_store *s;
    char err[256];
    cr_assert_eq(sl_store_open(&s, db, 0, err, sizeof err), SL_OK, "%s", err);
    size_t ncase = sizeof CASES / sizeof CASES[0];
    uint32_t *b[sizeof CASES / sizeof CASES[0]];
    size_t nb[sizeof CASES / sizeof CASES[0]];
    uint64_t seed = 42;
    cr_assert_eq(sl_store_begin(s), SL_OK);
    for (size_t c = 0; c < ncase; c++) {
        const shset_case *k = &CASES[c];
        b[c] = malloc((k->nb + 2) * sizeof *b[c]);
        size_t n = 0;
        for (size_t i = 0; i < k->nb; i++)
            b[c][n++] = k->skew ? rnd(&seed) >> 12 : rnd(&seed);
        if (k->extremes)
            b[c][n++] = 0, b[c][n++] = UINT32_MAX;
        nb[c] = sort_unique(b[c], n);
        cr_assert_eq(sl_store_sketch_put(s, (int64_t)c + 1, 7, "x", 1, b[c], nb[c]), SL_OK, "%s",
                     sl_store_errmsg(s));
    }
    cr_assert_eq(sl_store_commit(s), SL_OK);
    for (int round = 0; round < 2; round++) {   /* 2: the handle is reopened on another row */
        for (size_t c = 0; c < ncase; c++) {
            const shset_case *k = &CASES[c];
            uint32_t *a = malloc((k->na + 2) * sizeof *a);
            size_t n = 0;
            for (size_t i = 0; i < k->na; i++) {
                int from_b = nb[c] && (int)(rnd(&seed) % 100) < k->shared_pct;
                a[n++] = from_b ? b[c][rnd(&seed) % nb[c]] : rnd(&seed);
            }
            if (k->extremes)
                a[n++] = 0, a[n++] = UINT32_MAX;
            n = sort_unique(a, n);
            size_t got_nb = 99, got = 99;
            int rc = sl_store_shset_count(s, (int64_t)c + 1, a, n, &got_nb, &got);
            cr_assert_eq(rc, 0, "%s: rc %d", k->name, rc);
            cr_assert_eq(got_nb, nb[c], "%s: size %zu, want %zu", k->name, got_nb, nb[c]);
            size_t want = merge_count(a, n, b[c], nb[c]);
            cr_assert_eq(got, want, "%s (round %d): %zu shared, want %zu", k->name, round, got, want);
            free(a);
        }
    }
    /* a missing row asks the caller to read the set another way */
    size_t x, y;
    uint32_t one = 5;
    cr_assert_eq(sl_store_shset_count(s, 999, &one, 1, &x, &y), 1);
    /* and the next probe of a present row works again */
    cr_assert_eq(sl_store_shset_count(s, 5, &one, 1, &x, &y), 0);
    cr_assert_eq(x, nb[4]);
    /* writing to the table while a probe handle is open, then a commit */
    cr_assert_eq(sl_store_begin(s), SL_OK);
    cr_assert_eq(sl_store_sketch_put(s, 500, 7, "x", 1, b[4], nb[4]), SL_OK, "%s", sl_store_errmsg(s));
    cr_assert_eq(sl_store_shset_count(s, 500, b[4], 10, &x, &y), 0);
    cr_assert_eq(y, 10u);
    cr_assert_eq(sl_store_commit(s), SL_OK, "%s", sl_store_errmsg(s));
    for (size_t c = 0; c < ncase; c++)
        free(b[c]);
    sl_store_close(s);
    remove_db(db);
}
