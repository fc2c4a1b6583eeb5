/*
 * winnow.c - robust winnowing of shingle hashes (Schleimer, Wilkerson,
 * Aiken, "Winnowing: local algorithms for document fingerprinting",
 * SIGMOD 2003).
 *
 * Design note. Slide a window of w shingle hashes over the article; in each
 * window select the minimum. On ties, robust winnowing (paper, §4.2) keeps
 * the previous window's choice while it is still in the window, otherwise
 * takes the rightmost minimum: in runs of equal hashes (10,000 identical
 * tokens, a repeated boilerplate phrase) it selects one hash per w
 * shingles instead of one per shingle. A selected shingle is recorded
 * once, when it first becomes the window's choice.
 *
 *   sh:   77 74 42 17 98 50 17 98  8 88 67 39 77 74 42 17 98   (w = 4)
 *   win:  [77 74 42 17]            → 17 @3
 *            [74 42 17 98]         → 17 @3 (same, not recorded again)
 *                  [17 98 50 17]   → 17 @3 (tie: previous choice kept)
 *                     [98 50 17 98]→ 17 @6 (recorded)
 *
 * Guarantees (paper, §4): any run of w shingles (w + k - 1 tokens) shared by
 * two articles contains a window whose selection is the same in both, so
 * they share a fingerprint; and selection is local, so it does not depend on
 * the rest of the article or on any index (a caller may drop boilerplate
 * fingerprints by document frequency without affecting other articles).
 * Expected density 2/(w+1).
 *
 * The window minimum is kept incrementally: a new hash < the current
 * minimum replaces it (an equal one does not: robust); when it leaves the
 * window, the window is rescanned. Rescans are rare on random hashes
 * (amortised O(1) per shingle), at worst O(w) each.
 */
#include "sketch/sketch.h"

/* ======================================================================
 * Winnowing
 * ====================================================================== */

size_t sl_winnow_max(size_t ns)
{
    return ns;
}

/* Rightmost minimum of sh[lo..hi]. */
static size_t rightmost_min(const uint64_t *sh, size_t lo, size_t hi)
{
    size_t m = lo;
    for (size_t i = lo + 1; i <= hi; i++)
        if (sh[i] <= sh[m])
            m = i;
    return m;
}

size_t sl_winnow(sl_fp *out, const uint64_t *sh, size_t ns, int w)
{
    size_t nout = 0, W = w < 1 ? 1 : (size_t)w;
    if (ns == 0)
        return 0;
    if (ns <= W) {
        size_t m = rightmost_min(sh, 0, ns - 1);
        out[0] = (sl_fp){sh[m], (uint32_t)m};
        return 1;
    }
    size_t m = rightmost_min(sh, 0, W - 1);
    out[nout++] = (sl_fp){sh[m], (uint32_t)m};
    for (size_t end = W; end < ns; end++) { /* window is [end-W+1, end] */
        size_t lo = end - W + 1, prev = m;
        if (sh[end] < sh[m])
            m = end;
        else if (m < lo)
            m = rightmost_min(sh, lo, end);
        if (m != prev)
            out[nout++] = (sl_fp){sh[m], (uint32_t)m};
    }
    return nout;
}

size_t sl_fp_filter(sl_fp *fp, size_t n, int (*keep)(uint64_t hash, void *ctx), void *ctx)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (keep(fp[i].hash, ctx))
            fp[m++] = fp[i];
    return m;
}
