/*
 * evidence.c - why two articles match: exact shingle-set scores, class,
 * direction, and the aligned shared passages.
 *
 * Design note. Called on a candidate pair (from LSH band keys or shared
 * fingerprints) when the caller has both token-hash sequences.
 *
 *  1. Scores: shingle both, make exact sets (sort + unique), intersect:
 *     Jaccard, containment of A in B and of B in A.
 *  2. Class (first rule that holds): exact (identical non-empty token
 *     sequences), near (Jaccard >= near), reuse (max containment >= reuse
 *     and >= min_shared shared shingles), else none. Direction: the article
 *     with the larger containment is the contained one (a shorter text
 *     quoted in a longer one has the larger containment).
 *  3. Passages, seed-and-extend (the BLAST idea, on shingles):
 *
 *       index of B: (shingle hash, position) sorted by hash then position
 *       i = 0
 *       while i < shingles(A):
 *           for each of <= 64 positions j of sh_A[i] in B, j not yet used:
 *               extend: count t while a[i+t] == b[j+t] and b[j+t] unused
 *           keep the longest (earliest j on ties); if >= one shingle long,
 *           emit [i, i+len) ~ [j, j+len), mark b[j, j+len) used, i += len
 *           else i += 1
 *
 *     Extension compares tokens, so a 64-bit shingle-hash collision cannot
 *     make a false passage. Passages come out in A order, disjoint in A (the
 *     scan jumps past each) and in B (used marks). Greedy, not optimal: a
 *     passage that B repeats is matched to its first free copy.
 *     The 64-candidate cap bounds the work on degenerate input (10,000
 *     identical tokens); a run that reaches the end of A stops the search.
 */
#include "sketch/sketch.h"

#include "common/common.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CANDIDATES 64

typedef struct posting {
    uint64_t hash;
    uint32_t pos;
} posting;

/* Scratch of one comparison, freed at the end. */
typedef struct ev_ctx {
    const uint64_t *a, *b;
    size_t na, nb;             /* tokens */
    uint64_t *sa, *sb;         /* shingle hashes, by position */
    size_t nsa, nsb;
    posting *ix;               /* B's shingles sorted by (hash, pos) */
    uint8_t *used;             /* per token of B */
    size_t klen;               /* tokens per shingle: min(k, n) */
} ev_ctx;

/* ======================================================================
 * Names and classification
 * ====================================================================== */

const char *sl_match_class_name(int cls)
{
    static const char *const names[] = {"none", "exact", "near", "reuse"};
    return cls >= 0 && cls <= 3 ? names[cls] : "?";
}

const char *sl_match_dir_name(int dir)
{
    static const char *const names[] = {"none", "a_in_b", "b_in_a", "equal"};
    return dir >= 0 && dir <= 3 ? names[dir] : "?";
}

int sl_match_classify(int *dir, int identical, double jaccard, double contain_a,
                      double contain_b, size_t shared, const sl_sketch_params *p)
{
    if (shared == 0 && !identical)
        *dir = SL_DIR_NONE;
    else if (contain_a > contain_b)
        *dir = SL_DIR_A_IN_B;
    else if (contain_b > contain_a)
        *dir = SL_DIR_B_IN_A;
    else
        *dir = SL_DIR_EQUAL;
    if (identical)
        return SL_MATCH_EXACT;
    if (shared > 0 && jaccard >= p->near)
        return SL_MATCH_NEAR;
    if (SL_MAX(contain_a, contain_b) >= p->reuse && shared >= (size_t)p->min_shared)
        return SL_MATCH_REUSE;
    return SL_MATCH_NONE;
}

/* ======================================================================
 * Scores
 * ====================================================================== */

static int scores(sl_evidence *ev, const ev_ctx *c)
{
    uint64_t *s = sl_malloc((c->nsa + c->nsb + 1) * sizeof *s);
    if (!s)
        return SL_SKETCH_ENOMEM;
    memcpy(s, c->sa, c->nsa * sizeof *s);
    memcpy(s + c->nsa, c->sb, c->nsb * sizeof *s);
    size_t ua = sl_set_make(s, c->nsa);
    size_t ub = sl_set_make(s + c->nsa, c->nsb);
    ev->na = ua, ev->nb = ub;
    ev->shared = sl_set_intersect(s, ua, s + c->nsa, ub);
    ev->jaccard = sl_set_jaccard(s, ua, s + c->nsa, ub);
    ev->contain_a = ua ? (double)ev->shared / (double)ua : 0.0;
    ev->contain_b = ub ? (double)ev->shared / (double)ub : 0.0;
    sl_free(s);
    return SL_SKETCH_OK;
}

/* ======================================================================
 * Seed and extend
 * ====================================================================== */

static int cmp_posting(const void *x, const void *y)
{
    const posting *a = x, *b = y;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static size_t lower_bound(const posting *ix, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix[mid].hash < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t extend(const ev_ctx *c, size_t i, size_t j)
{
    size_t t = 0;
    while (i + t < c->na && j + t < c->nb && !c->used[j + t] && c->a[i + t] == c->b[j + t])
        t++;
    return t;
}

/* Best extension from A position i over B's copies of sh_A[i]. */
static size_t best_seed(const ev_ctx *c, size_t i, size_t *best_j)
{
    size_t k = lower_bound(c->ix, c->nsb, c->sa[i]), best = 0, tried = 0;
    for (; k < c->nsb && c->ix[k].hash == c->sa[i] && tried < MAX_CANDIDATES; k++) {
        size_t j = c->ix[k].pos;
        if (c->used[j])
            continue;
        tried++;
        size_t len = extend(c, i, j);
        if (len > best)
            best = len, *best_j = j;
        if (best == c->na - i)
            break;
    }
    return best;
}

static int align(sl_evidence *ev, ev_ctx *c)
{
    for (size_t i = 0; i < c->nsb; i++)
        c->ix[i] = (posting){c->sb[i], (uint32_t)i};
    qsort(c->ix, c->nsb, sizeof *c->ix, cmp_posting);
    for (size_t i = 0; i < c->nsa;) {
        size_t j = 0, len = best_seed(c, i, &j);
        if (len < c->klen) {
            i++;
            continue;
        }
        sl_passage ps = {(uint32_t)i, (uint32_t)(i + len), (uint32_t)j, (uint32_t)(j + len)};
        if (SL_VEC_PUSH(&ev->passages, ps))
            return SL_SKETCH_ENOMEM;
        memset(c->used + j, 1, len);
        ev->shared_tokens += len;
        i += len;
    }
    return SL_SKETCH_OK;
}

/* ======================================================================
 * Entry point
 * ====================================================================== */

static void ctx_free(ev_ctx *c)
{
    sl_free(c->sa);
    sl_free(c->sb);
    sl_free(c->ix);
    sl_free(c->used);
}

static int ctx_init(ev_ctx *c, const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
                    const sl_sketch_params *p)
{
    memset(c, 0, sizeof *c);
    c->a = a, c->b = b, c->na = na, c->nb = nb;
    c->nsa = sl_shingle_count(na, p->k);
    c->nsb = sl_shingle_count(nb, p->k);
    c->klen = (size_t)p->k;
    c->sa = sl_malloc((c->nsa + 1) * sizeof *c->sa);
    c->sb = sl_malloc((c->nsb + 1) * sizeof *c->sb);
    c->ix = sl_malloc((c->nsb + 1) * sizeof *c->ix);
    c->used = sl_calloc(nb + 1, 1);
    if (!c->sa || !c->sb || !c->ix || !c->used)
        return SL_SKETCH_ENOMEM;
    sl_shingles(c->sa, a, na, p->k, p->seed);
    sl_shingles(c->sb, b, nb, p->k, p->seed);
    return SL_SKETCH_OK;
}

int sl_evidence_compute(sl_evidence *ev, const uint64_t *a, size_t na,
                        const uint64_t *b, size_t nb, const sl_sketch_params *p)
{
    ev_ctx c;
    int rc;
    if (!ev || (na && !a) || (nb && !b) || sl_sketch_params_check(p, NULL, 0) != SL_SKETCH_OK)
        return SL_SKETCH_EINVAL;
    if (na > UINT32_MAX || nb > UINT32_MAX)
        return SL_SKETCH_EINVAL;
    ev->passages.n = 0;
    ev->shared_tokens = 0;
    rc = ctx_init(&c, a, na, b, nb, p);
    if (rc == SL_SKETCH_OK)
        rc = scores(ev, &c);
    if (rc == SL_SKETCH_OK) {
        int identical = na > 0 && na == nb && memcmp(a, b, na * sizeof *a) == 0;
        if (na < c.klen)
            c.klen = na; /* a short A can only match as a whole */
        ev->cls = sl_match_classify(&ev->dir, identical, ev->jaccard, ev->contain_a,
                                    ev->contain_b, ev->shared, p);
        if (ev->shared > 0)
            rc = align(ev, &c);
    }
    ctx_free(&c);
    return rc;
}

void sl_evidence_free(sl_evidence *ev)
{
    if (!ev)
        return;
    sl_free(ev->passages.v);
    memset(ev, 0, sizeof *ev);
}
