/*
 * minhash.c - MinHash signatures: one permutation hashing with optimal
 * densification (default) and k independent hash functions (reference).
 *
 * Design note.
 *
 * Classic MinHash (Broder 1997) keeps, for each of m hash functions, the
 * minimum over the article's shingles; P(slot agrees) = Jaccard. It costs
 * m hash evaluations per shingle. Here h_i(x) = a_i x + b_i mod 2^64 with
 * a_i odd (a bijection; multiply-shift family, Dietzfelbinger 1996) and the
 * slot keeps the top 32 bits; x is already an XXH3 output, so the family
 * only needs to decorrelate slots, not to hash.
 *
 * One permutation hashing (Li, Owen, Zhang 2012) mixes each shingle once:
 *
 *   h' = mix(x ^ seed)       product P = h' * m   (128-bit)
 *   bin = P >> 64            (uniform in [0, m): "fastrange")
 *   val = top 32 bits of (P mod 2^64)   (the rank of h' inside its bin)
 *
 * and keeps the minimum val per bin. Short articles leave bins empty; optimal
 * densification (Shrivastava, ICML 2017) fills each empty bin i from the bin
 * j = fastrange(mix(seed, i, attempt), m) for attempt = 1, 2, ... until j was
 * non-empty before densification. Because j depends only on (i, attempt) and
 * on which bins are empty, two articles copy from the same bin exactly when
 * the bins agree in emptiness, which keeps the estimator unbiased with
 * variance close to classic MinHash. Cost O(n + m * m/filled).
 *
 * Measured (bench/bench_sketch.c, m=128, 4 seeds, error = estimate - exact
 * shingle Jaccard on real within-topic pairs with J >= 0.3):
 *   T17  (88 pairs):  OPH mean abs err 0.032 (rmse 0.040), k-perm 0.032 (0.041)
 *   ECB+ (29 pairs):  OPH 0.028 (0.035), k-perm 0.033 (0.041)
 * i.e. the same accuracy (both near the binomial sd sqrt(J(1-J)/m) ~ 0.04),
 * while OPH costs 0.4-0.8 us per KB of text against ~15 us for k-perm
 * (20-40x; the whole pipeline runs at ~430 MB/s with OPH, ~57 MB/s with
 * k-perm, one core). OPH is the default. Values are 32-bit: a false agreement has probability 2^-32,
 * negligible next to the sampling error 1/sqrt(m) ≈ 0.09.
 *
 * Invariant: a non-empty input never yields SL_MINHASH_EMPTY in any slot.
 */
#include "sketch/sketch.h"

#include <string.h>

/* ======================================================================
 * Mixing
 * ====================================================================== */

__extension__ typedef unsigned __int128 u128;

/* The murmur3 / splitmix64 finalizer: a bijection with full avalanche. */
static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static inline uint32_t clamp_val(uint64_t v)
{
    uint32_t r = (uint32_t)(v >> 32);
    return r == SL_MINHASH_EMPTY ? SL_MINHASH_EMPTY - 1 : r;
}

/* ======================================================================
 * One permutation hashing + optimal densification
 * ====================================================================== */

static void densify(uint32_t *sig, int m, const uint8_t *filled, uint64_t seed)
{
    for (int i = 0; i < m; i++) {
        if (filled[i])
            continue;
        for (uint64_t t = 1;; t++) {
            uint64_t h = mix64(seed ^ mix64(((uint64_t)(uint32_t)i << 32) | (t & 0xffffffffu)));
            uint32_t j = (uint32_t)(((u128)h * (uint64_t)m) >> 64);
            if (filled[j]) {
                sig[i] = sig[j];
                break;
            }
        }
    }
}

void sl_minhash_oph(uint32_t *sig, int m, const uint64_t *sh, size_t n, uint64_t seed)
{
    uint8_t filled[1024];
    uint64_t s = mix64(seed + 0x9e3779b97f4a7c15ULL);
    size_t nfill = 0;

    for (int i = 0; i < m; i++)
        sig[i] = SL_MINHASH_EMPTY;
    if (n == 0 || m <= 0 || m > 1024)
        return;
    for (size_t i = 0; i < n; i++) {
        u128 p = (u128)mix64(sh[i] ^ s) * (uint64_t)m;
        uint32_t bin = (uint32_t)(p >> 64);
        uint32_t val = clamp_val((uint64_t)p);
        sig[bin] = val < sig[bin] ? val : sig[bin];
    }
    /* real values are never EMPTY, so emptiness is read off the bins */
    for (int i = 0; i < m; i++) {
        filled[i] = sig[i] != SL_MINHASH_EMPTY;
        nfill += filled[i];
    }
    if (nfill < (size_t)m)
        densify(sig, m, filled, s ^ 0xd6e8feb86659fd93ULL);
}

/* ======================================================================
 * k independent hash functions
 * ====================================================================== */

void sl_minhash_kperm(uint32_t *sig, int m, const uint64_t *sh, size_t n, uint64_t seed)
{
    uint64_t a[1024], b[1024];
    uint64_t st = seed ^ 0x2545f4914f6cdd1dULL;

    for (int i = 0; i < m; i++)
        sig[i] = SL_MINHASH_EMPTY;
    if (n == 0 || m <= 0 || m > 1024)
        return;
    for (int i = 0; i < m; i++) {
        a[i] = mix64(st += 0x9e3779b97f4a7c15ULL) | 1u;
        b[i] = mix64(st += 0x9e3779b97f4a7c15ULL);
    }
    for (size_t j = 0; j < n; j++) {
        uint64_t x = sh[j];
        for (int i = 0; i < m; i++) {
            uint32_t v = (uint32_t)((a[i] * x + b[i]) >> 32);
            sig[i] = v < sig[i] ? v : sig[i];
        }
    }
    for (int i = 0; i < m; i++) /* keep EMPTY for empty input only */
        if (sig[i] == SL_MINHASH_EMPTY)
            sig[i] = SL_MINHASH_EMPTY - 1;
}

/* ======================================================================
 * Estimation
 * ====================================================================== */

double sl_minhash_jaccard(const uint32_t *a, const uint32_t *b, int m)
{
    int eq = 0;
    if (m <= 0)
        return 0.0;
    for (int i = 0; i < m; i++)
        eq += a[i] == b[i] && a[i] != SL_MINHASH_EMPTY;
    return (double)eq / m;
}
