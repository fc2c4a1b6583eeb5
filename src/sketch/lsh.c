/*
 * lsh.c - LSH banding of MinHash signatures (Indyk & Motwani 1998; the
 * banding form of Rajaraman & Ullman, Mining of Massive Datasets, ch. 3).
 *
 * Design note. The signature (m slots) is cut into b bands of r rows; two
 * articles become candidates when some band agrees in all r rows:
 *
 *     P(candidate | J) = 1 - (1 - J^r)^b            (the S-curve)
 *
 *     sig: [s0 .. s5][s6 .. s11] ... [s120 .. s125] s126 s127 (unused)
 *           band 0    band 1          band 20
 *
 * Choice of (b, r): for the near bound s and the wanted recall, take the
 * largest r such that b = floor(m/r) bands still give P(s) >= recall. A
 * larger r sharpens the curve's lower part (fewer false candidates, the
 * cost that grows with the collection), a smaller one raises recall. For
 * m=128, s=0.8, recall 0.99: r=6, b=21, P(0.8)=0.9983, P(0.5)=0.28,
 * P(0.3)=0.015; r=7 would give P(0.8)=0.986 only. Candidates are then
 * verified by the signature estimate or the exact evidence, so false
 * candidates cost time, not precision.
 *
 * Band key = XXH3-64(seed) of (u32 band index, r × u32 values): the band
 * index keeps equal value runs in different bands apart, so one inverted
 * index can hold every band.
 */
#include "sketch/sketch.h"

#include <math.h>
#include <string.h>
#include <xxhash.h>

/* ======================================================================
 * The S-curve and the choice of (b, r)
 * ====================================================================== */

double sl_lsh_prob(double j, int b, int r)
{
    if (b <= 0 || r <= 0)
        return 0.0;
    return 1.0 - pow(1.0 - pow(j, r), b);
}

int sl_lsh_choose(int *b, int *r, int m, double bound, double recall)
{
    if (m < 1 || !(bound > 0.0 && bound <= 1.0) || !(recall > 0.0 && recall < 1.0))
        return SL_SKETCH_EINVAL;
    for (int rr = m; rr >= 1; rr--) {
        int bb = m / rr;
        if (sl_lsh_prob(bound, bb, rr) >= recall) {
            *b = bb, *r = rr;
            return SL_SKETCH_OK;
        }
    }
    *b = m, *r = 1; /* tiny bound: one row per band is the best we can do */
    return SL_SKETCH_OK;
}

int sl_sketch_params_bands(const sl_sketch_params *p, int *b, int *r)
{
    if (p->bands > 0 && p->rows > 0) {
        if ((long)p->bands * p->rows > p->perms)
            return SL_SKETCH_EINVAL;
        *b = p->bands, *r = p->rows;
        return SL_SKETCH_OK;
    }
    return sl_lsh_choose(b, r, p->perms, p->near, p->recall);
}

/* ======================================================================
 * Band keys
 * ====================================================================== */

void sl_lsh_band_keys(uint64_t *keys, const uint32_t *sig, int b, int r, uint64_t seed)
{
    uint32_t buf[1 + 1024];
    if (r < 1 || r > 1024)
        return;
    for (int i = 0; i < b; i++) {
        buf[0] = (uint32_t)i;
        memcpy(buf + 1, sig + (size_t)i * (size_t)r, (size_t)r * sizeof *sig);
        keys[i] = XXH3_64bits_withSeed(buf, (size_t)(r + 1) * sizeof *buf, seed);
    }
}
