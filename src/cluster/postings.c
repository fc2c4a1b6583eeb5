/*
 * postings.c - the inverted index of the clusterer: feature hash -> the
 * live stories whose centroid holds (or held) the feature.
 *
 * Design note.
 *
 * The index is read 40 times and written up to 160 times per article, at
 * random features, so its cost is cache misses. A general map from the
 * feature to an index into an array of list headers costs three misses per
 * lookup (key, value, header) and the append check (is this story already
 * the last entry?) a fourth, in the list itself. Here the header lives in
 * the hash slot and keeps a copy of the last entry, so a lookup or an
 * append check is one miss:
 *
 *   slots[cap]  { key | v -> [id id id ...] | n | cap | last }   32 bytes
 *               open addressing, linear probing, power-of-two capacity,
 *               load under 0.7, deletion by backward shift (no tombstones);
 *               key 0 marks an empty slot (a feature hashing to 0 is filed
 *               as 1, as sl_map64 does).
 *
 * Invariants: a slot's `last` equals v[n-1] whenever n > 0 (whoever
 * shortens a list calls cl_post_trimmed); lists are in append order.
 */
#include "cluster/cluster_int.h"

#include <string.h>

static inline uint64_t fix(uint64_t k) { return k ? k : 1; }

static inline size_t home(uint64_t k, size_t cap)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

cl_post *cl_ptab_get(const cl_ptab *t, uint64_t key)
{
    if (!t->cap)
        return NULL;
    key = fix(key);
    for (size_t i = home(key, t->cap);; i = (i + 1) & (t->cap - 1)) {
        if (t->slots[i].key == key)
            return &t->slots[i];
        if (!t->slots[i].key)
            return NULL;
    }
}

void cl_ptab_prefetch(const cl_ptab *t, uint64_t key)
{
    if (t->cap)
        CL_PREFETCH(&t->slots[home(fix(key), t->cap)]);
}

static int grow(cl_ptab *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    cl_post *s = sl_calloc(cap, sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].key)
            continue;
        size_t j = home(t->slots[i].key, cap);
        while (s[j].key)
            j = (j + 1) & (cap - 1);
        s[j] = t->slots[i];
    }
    sl_free(t->slots);
    t->slots = s;
    t->cap = cap;
    return 0;
}

int cl_ptab_reserve(cl_ptab *t, size_t more)
{
    while ((t->n + more) * 10 > t->cap * 7)
        if (grow(t))
            return -1;
    return 0;
}

cl_post *cl_ptab_put(cl_ptab *t, uint64_t key)
{
    if ((t->n + 1) * 10 > t->cap * 7 && grow(t))
        return NULL;
    key = fix(key);
    size_t i = home(key, t->cap);
    while (t->slots[i].key && t->slots[i].key != key)
        i = (i + 1) & (t->cap - 1);
    if (!t->slots[i].key) {
        memset(&t->slots[i], 0, sizeof t->slots[i]);
        t->slots[i].key = key;
        t->n++;
    }
    return &t->slots[i];
}

void cl_ptab_del(cl_ptab *t, uint64_t key)
{
    if (!t->cap)
        return;
    key = fix(key);
    size_t mask = t->cap - 1, i = home(key, t->cap);
    while (t->slots[i].key != key) {
        if (!t->slots[i].key)
            return;
        i = (i + 1) & mask;
    }
    sl_free(t->slots[i].v);
    /* backward shift: move a later entry into the hole unless its home
     * lies cyclically in (hole, entry] */
    for (size_t j = i;;) {
        j = (j + 1) & mask;
        if (!t->slots[j].key)
            break;
        size_t h = home(t->slots[j].key, t->cap);
        if ((j > i && (h <= i || h > j)) || (j < i && (h <= i && h > j))) {
            t->slots[i] = t->slots[j];
            i = j;
        }
    }
    memset(&t->slots[i], 0, sizeof t->slots[i]);
    t->n--;
}

void cl_ptab_free(cl_ptab *t)
{
    for (size_t i = 0; i < t->cap; i++)
        sl_free(t->slots[i].v);
    sl_free(t->slots);
    memset(t, 0, sizeof *t);
}

int cl_post_append(cl_post *p, uint32_t id)
{
    if (p->n && p->last == id)
        return 0;
    if (p->n == p->cap) {
        uint32_t cap = p->cap ? p->cap + p->cap / 2 + 1 : 4;
        if (cap < p->cap) /* cannot happen below 2^32 live stories */
            return -1;
        uint32_t *v = sl_realloc(p->v, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = id;
    p->last = id;
    return 1;
}

void cl_post_trimmed(cl_post *p, uint32_t n)
{
    p->n = n;
    p->last = n ? p->v[n - 1] : 0;
}
