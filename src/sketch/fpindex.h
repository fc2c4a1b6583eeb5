/*
 * fpindex.h - a compact in-memory inverted index from 32-bit keys (LSH band
 * keys, winnowing fingerprint hashes, truncated) to the articles (32-bit
 * arrival numbers) that hold them.
 *
 * Layout: one open-addressing table of 8-byte slots {key, val}. val is an
 * article id when its top bit is clear (the key has one posting, the common
 * case for fingerprints), or, with the top bit set, the index of a growable
 * list in `lists` (two or more postings). About 11 bytes per distinct key
 * (load kept between 0.57 and 0.85), plus 4 bytes per extra posting: with
 * ~150 keys an article, about 1.7 KB of memory per indexed article.
 *
 * Growth is incremental: a full table becomes `old`, and every later add
 * moves a few of its slots into the new one, so no single add pays for
 * moving millions of keys (one-step growth from 25.9M to 38.8M slots took
 * 1.02 s) and the two tables live together only briefly.
 *
 * Keys are truncated 64-bit hashes, so two different fingerprints may share
 * a key: the index only proposes candidates, which the caller verifies.
 * Lists stop growing at `cap` postings (a fingerprint that common is
 * boilerplate or a stock phrase); the list remembers it was capped.
 */
#ifndef SL_FPINDEX_H
#define SL_FPINDEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct sl_fplist {
    uint32_t *v;
    uint32_t n, cap;
    uint32_t capped;   /* postings refused once n reached the index cap */
} sl_fplist;

typedef struct sl_fpindex {
    uint64_t *slots;   /* (key << 32) | val; 0 = empty */
    size_t cap, n;     /* slots, and keys held (in both tables while growing) */
    uint64_t *old;     /* while growing: the previous table, being moved */
    size_t ocap, mig;  /* its capacity; its slots below mig have been moved */
    struct { sl_fplist *v; size_t n, cap; } lists;
    struct { uint32_t *v; size_t n, cap; } free_lists;   /* reusable list indexes */
    uint32_t list_cap; /* max postings per key */
} sl_fpindex;

void sl_fpindex_init(sl_fpindex *ix, uint32_t list_cap);
void sl_fpindex_free(sl_fpindex *ix);

/* Adds article `id` (< 2^31) under `key` (a set: adding it twice keeps one).
 * Returns 0, or -1 when out of memory. */
int sl_fpindex_add(sl_fpindex *ix, uint32_t key, uint32_t id);

/* Removes article `id` from `key` (no-op when absent). */
void sl_fpindex_del(sl_fpindex *ix, uint32_t key, uint32_t id);

/* The postings of key: *ids points into the index (valid until the next
 * change); returns their count, and *capped says whether postings were
 * refused (so the key is too common to be evidence). */
size_t sl_fpindex_get(const sl_fpindex *ix, uint32_t key, const uint32_t **ids, int *capped);

/* Asks the CPU to fetch what a get or add of key will read (a table of
 * millions of slots misses the cache on every lookup): stage 0 its home
 * slot; stage 1 (after stage 0 has landed) its list header; stage 2 (after
 * stage 1) the first postings of the list. */
void sl_fpindex_prefetch(const sl_fpindex *ix, uint32_t key, int stage);

/* Bytes of memory held. */
size_t sl_fpindex_bytes(const sl_fpindex *ix);

#endif
