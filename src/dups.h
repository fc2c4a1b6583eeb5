/*
 * dups.h - copies and rewrites inside the engine: per-article sketching (on
 * the workers), and the in-memory candidate index with exact verification
 * (on the writer, in input order). Engine-internal.
 */
#ifndef SL_DUPS_H
#define SL_DUPS_H

#include <stddef.h>
#include <stdint.h>

#include "sketch/sketch.h"
#include "store/store.h"
#include "text/text.h"

typedef struct sl_engine sl_engine;

/* What the workers compute for one article (pure). */
typedef struct sl_dup_art {
    uint32_t *set;         /* sorted distinct shingles, top 32 bits (verification) */
    size_t nset;
    size_t ntok;
    uint64_t norm_hash;    /* hash of the token sequence: equal = exact copy */
    sl_sketch sk;
    uint64_t *keys;        /* LSH band keys */
    size_t nkeys;
    uint8_t *blob;         /* encoded sketch */
    size_t blob_len;
} sl_dup_art;

void sl_dup_art_free(sl_dup_art *a);

/* Per-thread sketching context. */
typedef struct sl_dup_worker sl_dup_worker;
int  sl_dup_worker_new(sl_dup_worker **out, const sl_sketch_params *p);
void sl_dup_worker_free(sl_dup_worker *w);
int  sl_dup_analyze(sl_dup_worker *w, const sl_doc *doc, sl_dup_art *out);

/* Token hashes of an analysed document, in order. */
int sl_doc_token_hashes(const sl_doc *doc, uint64_t **out, size_t *n);

typedef struct sl_dupindex sl_dupindex;

/* Checks the database's sketch parameters against the engine's (writing
 * them on first use) and loads the index from the stored sketches.
 * SL_EPARAMS with a message naming the difference when they disagree. */
int  sl_dups_open(sl_dupindex **out, sl_engine *e);
void sl_dups_free(sl_dupindex *d);

/* Writer side, in input order: finds and verifies the copies of article
 * `seq` among those indexed, stores the edges and the sketch, then indexes
 * it. `replaced` when seq held another text before (an update). *copy_of
 * receives the article it is an exact or near copy of (the highest
 * Jaccard), or 0. *query_wall and *query_cpu (either may be NULL) receive
 * the seconds the query took (candidates, verification, edges stored),
 * wall clock and thread CPU time, without the insert that follows. */
int sl_dups_insert(sl_dupindex *d, int64_t seq, const sl_dup_art *a, int replaced, int64_t *copy_of,
                   double *query_wall, double *query_cpu);

/* Removes an article from the index (its sketch must still be stored). */
int sl_dups_forget(sl_dupindex *d, int64_t seq);

/* Regions of a stored article's text that were analysed: its lines minus
 * the removed spans (the same rule the add pipeline applies). */
typedef struct sl_region_vec { sl_region *v; size_t n, cap; } sl_region_vec;
int sl_regions_from_removed(const char *text, size_t len, const uint32_t *removed, size_t nremoved,
                            sl_region_vec *out);

/* Re-analyses a stored article: tokens into *doc (tx is the analyser). */
int sl_dups_reanalyze(sl_engine *e, sl_text *tx, int64_t seq, sl_doc *doc, char **text, size_t *len);

const sl_sketch_params *sl_dups_params(const sl_dupindex *d);

#endif
