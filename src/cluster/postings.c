/*
 * postings.c - the feature table of the clusterer: feature hash -> its
 * document frequency and the live stories whose centroid holds (or held)
 * the feature (the inverted index).
 *
 * Design note.
 *
 * Every feature of an article is counted (160 random features per
 * article), and the same features are then probed (40) and posted (up to
 * 160), so the cost is cache misses. General maps (one for the document
 * frequencies, one from the feature to an index into an array of list
 * headers) cost two misses per count, three per lookup (key, value, header)
 * and a fourth for the append check (is this story already the last
 * entry?) in the list itself. Here one slot holds all of it, the list
 * header and a copy of its last entry included: one miss per feature per
 * article, taken when it is counted; probing and posting then find the
 * slot in cache.
 *
 *   slots[cap]  { key | v -> [id id id ...] | n | cap | last | df }  32 bytes
 *               open addressing, linear probing, power-of-two capacity,
 *               load under 0.7; no deletion (the df table keeps every
 *               feature seen, as it did; an emptied list is freed and its
 *               slot stays); key 0 marks an empty slot (a feature hashing
 *               to 0 is filed as 1, as sl_map64 does).
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
    if (n == 0) {
        sl_free(p->v);
        p->v = NULL;
        p->cap = 0;
    }
}
