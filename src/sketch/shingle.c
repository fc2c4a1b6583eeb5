/*
 * shingle.c - word (or character) shingles and exact shingle sets.
 *
 * Design note. A shingle is k consecutive tokens; its hash is XXH3-64 of
 * the k token hashes as they lie in memory (k*8 bytes), seeded with the
 * sketch seed. Shingle i starts at token i, so out[] is indexed by start
 * position and winnowing/evidence can map hashes back to token ranges.
 *
 *   tok:  t0 t1 t2 t3 t4 t5 t6 ...
 *   sh0:  [t0 ........ t4]
 *   sh1:     [t1 ........ t5]
 *
 * An article shorter than k tokens is one shingle of all its tokens: still
 * comparable with itself (exact copies of very short items match), never
 * equal to a full k-shingle since XXH3 hashes the length too.
 * Hashing each window from scratch costs one XXH3 call per token (~40 bytes
 * for k=5, a few ns): well above the throughput target, and unlike a
 * rolling hash its quality does not depend on the token hash bits.
 *
 * Sets are sorted, duplicate-free uint64 arrays; set operations are linear
 * merges.
 */
#include "sketch/sketch.h"
#include "common/common.h"

#include <stdlib.h>

/* Inline XXH3 here: with the length a compile-time constant (k = 5, the
 * default) the 17-128-byte path is specialised and unrolled, about twice as
 * fast as the call into libxxhash. Same function, same output. */
#define XXH_INLINE_ALL
#include <xxhash.h>

/* ======================================================================
 * Shingles
 * ====================================================================== */

size_t sl_shingle_count(size_t n, int k)
{
    if (n == 0 || k < 1)
        return 0;
    return n >= (size_t)k ? n - (size_t)k + 1 : 1;
}

size_t sl_shingles(uint64_t *out, const uint64_t *tok, size_t n, int k, uint64_t seed)
{
    size_t ns = sl_shingle_count(n, k);
    if (ns == 0)
        return 0;
    size_t len = n >= (size_t)k ? (size_t)k : n;
    if (len == 5) {
        for (size_t i = 0; i < ns; i++)
            out[i] = XXH3_64bits_withSeed(tok + i, 5 * sizeof *tok, seed);
    } else {
        for (size_t i = 0; i < ns; i++)
            out[i] = XXH3_64bits_withSeed(tok + i, len * sizeof *tok, seed);
    }
    return ns;
}

/* ======================================================================
 * Exact sets
 * ====================================================================== */


size_t sl_set_make(uint64_t *a, size_t n)
{
    if (n < 2)
        return n;
    sl_sort_u64(a, n);
    size_t m = 1;
    for (size_t i = 1; i < n; i++)
        if (a[i] != a[m - 1])
            a[m++] = a[i];
    return m;
}

/* Merge-walk of two sorted unique arrays; one body for both widths.
 * Branch-free: which side advances depends on random hashes, so a branch
 * would mispredict about every other step (verification spent 13% of the
 * writer's time here with branches). */
#define SET_INTERSECT(a, na, b, nb)                                      \
    do {                                                                 \
        size_t i_ = 0, j_ = 0, c_ = 0;                                   \
        while (i_ < (na) && j_ < (nb)) {                                 \
            __typeof__((a)[0]) x_ = (a)[i_], y_ = (b)[j_];               \
            c_ += x_ == y_;                                              \
            i_ += x_ <= y_;                                              \
            j_ += y_ <= x_;                                              \
        }                                                                \
        return c_;                                                       \
    } while (0)

/* Galloping intersection for sets of very different sizes: each element of
 * the small set is looked up in the large one by an exponential search from
 * the previous match position, then a binary search: O(ns log(nl / ns))
 * instead of O(ns + nl). A 50-shingle article checked against a cached
 * 10,000-shingle one walked all 10,000 in the merge. */
enum { GALLOP_RATIO = 16 };

#define SET_GALLOP(T, s, ns, l, nl)                                      \
    do {                                                                 \
        size_t lo_ = 0, c_ = 0;                                          \
        for (size_t i_ = 0; i_ < (ns) && lo_ < (nl); i_++) {             \
            T x_ = (s)[i_];                                              \
            size_t hi_ = lo_, step_ = 1;                                 \
            while (hi_ < (nl) && (l)[hi_] < x_) {                        \
                lo_ = hi_ + 1;                                           \
                hi_ += step_;                                            \
                step_ <<= 1;                                             \
            }                                                            \
            size_t b_ = hi_ < (nl) ? hi_ : (nl);                         \
            while (lo_ < b_) {                                           \
                size_t m_ = lo_ + (b_ - lo_) / 2;                        \
                if ((l)[m_] < x_)                                        \
                    lo_ = m_ + 1;                                        \
                else                                                     \
                    b_ = m_;                                             \
            }                                                            \
            if (lo_ < (nl) && (l)[lo_] == x_)                            \
                c_++, lo_++;                                             \
        }                                                                \
        return c_;                                                       \
    } while (0)

/* Merge walk, or galloping from the smaller set when one is GALLOP_RATIO
 * times the other. */
#define SET_COUNT(T, a, na, b, nb)                                       \
    do {                                                                 \
        if ((na) * GALLOP_RATIO <= (nb))                                 \
            SET_GALLOP(T, a, na, b, nb);                                 \
        if ((nb) * GALLOP_RATIO <= (na))                                 \
            SET_GALLOP(T, b, nb, a, na);                                 \
        SET_INTERSECT(a, na, b, nb);                                     \
    } while (0)

size_t sl_set_intersect(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    SET_COUNT(uint64_t, a, na, b, nb);
}

double sl_set_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t c = sl_set_intersect(a, na, b, nb);
    size_t u = na + nb - c;
    return u ? (double)c / (double)u : 0.0;
}

double sl_set_containment(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    return na ? (double)sl_set_intersect(a, na, b, nb) / (double)na : 0.0;
}

size_t sl_set_intersect32(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    SET_COUNT(uint32_t, a, na, b, nb);
}
