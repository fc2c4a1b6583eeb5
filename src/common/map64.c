/* map64.c - see map64.h. */
#include "common/map64.h"

#include <string.h>

#include "common/common.h"

static inline uint64_t fix(uint64_t k) { return k ? k : 1; }

static inline size_t slot(uint64_t k, size_t cap)
{
    /* keys are usually hashes already; mix anyway for sequential ids */
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

uint64_t *sl_map64_get(const sl_map64 *m, uint64_t key)
{
    if (!m->cap)
        return NULL;
    key = fix(key);
    for (size_t i = slot(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key)
            return &m->vals[i];
        if (!m->keys[i])
            return NULL;
    }
}

static int rehash(sl_map64 *m, size_t cap)
{
    uint64_t *k = sl_calloc(cap, sizeof *k), *v = sl_calloc(cap, sizeof *v);
    if (!k || !v) {
        sl_free(k);
        sl_free(v);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = slot(m->keys[i], cap);
        while (k[j])
            j = (j + 1) & (cap - 1);
        k[j] = m->keys[i];
        v[j] = m->vals[i];
    }
    sl_free(m->keys);
    sl_free(m->vals);
    m->keys = k;
    m->vals = v;
    m->cap = cap;
    return 0;
}

static int grow(sl_map64 *m) { return rehash(m, m->cap ? m->cap * 2 : 64); }

int sl_map64_reserve(sl_map64 *m, size_t n)
{
    size_t cap = m->cap ? m->cap : 64;
    while (n * 10 > cap * 7)
        cap *= 2;
    return cap == m->cap ? 0 : rehash(m, cap);
}

uint64_t *sl_map64_put(sl_map64 *m, uint64_t key, int *fresh)
{
    if (fresh)
        *fresh = 0;
    if ((m->n + 1) * 10 > m->cap * 7 && grow(m))
        return NULL;
    key = fix(key);
    size_t i = slot(key, m->cap);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->vals[i] = 0;
        m->n++;
        if (fresh)
            *fresh = 1;
    }
    return &m->vals[i];
}

int sl_map64_del(sl_map64 *m, uint64_t key)
{
    if (!m->cap)
        return 0;
    key = fix(key);
    size_t mask = m->cap - 1, i = slot(key, m->cap);
    while (m->keys[i] != key) {
        if (!m->keys[i])
            return 0;
        i = (i + 1) & mask;
    }
    /* backward-shift deletion */
    size_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (!m->keys[j])
            break;
        size_t home = slot(m->keys[j], m->cap);
        /* move j to i when its home is not in (i, j] cyclically */
        if ((j > i && (home <= i || home > j)) || (j < i && (home <= i && home > j))) {
            m->keys[i] = m->keys[j];
            m->vals[i] = m->vals[j];
            i = j;
        }
    }
    m->keys[i] = 0;
    m->vals[i] = 0;
    m->n--;
    return 1;
}

void sl_map64_clear(sl_map64 *m)
{
    if (m->cap) {
        memset(m->keys, 0, m->cap * sizeof *m->keys);
        memset(m->vals, 0, m->cap * sizeof *m->vals);
    }
    m->n = 0;
}

void sl_map64_free(sl_map64 *m)
{
    sl_free(m->keys);
    sl_free(m->vals);
    memset(m, 0, sizeof *m);
}
