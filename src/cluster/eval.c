/*
 * eval.c - clustering metrics: pairwise and B-cubed precision/recall/F1,
 * adjusted Rand index, cluster counts, and clusters mixing two gold events
 * of one topic.
 *
 * Design note.
 * Labels are arbitrary int64; they are compacted to 0..k-1 by sorting
 * (index, label) pairs, so cost is O(n log n) and the contingency table is
 * kept sparse (one cell per distinct (pred, gold) pair).
 *   pairwise  P = sum_cells C(n_ij,2) / sum_pred C(a_i,2), R = ... / sum_gold
 *             C(b_j,2) (Manning et al., IR book 16.3); when there are no
 *             predicted (gold) pairs at all, P (R) is 1.
 *   B-cubed   (Bagga & Baldwin 1998) per item: P = |pred ∩ gold| / |pred|,
 *             R = |pred ∩ gold| / |gold|, averaged over items; each cell
 *             contributes n_ij^2 / a_i (P) and n_ij^2 / b_j (R).
 *   ARI       Hubert & Arabie 1985; 1 when the expected index equals its
 *             maximum (both partitions trivial and identical in kind).
 *   mixed     a predicted cluster holding items of two or more gold events
 *             that share a topic label.
 */
#include "cluster/cluster.h"
#include "common/common.h"

#include <stdlib.h>
#include <string.h>

/* ==== compaction ========================================================== */

typedef struct lab {
    int64_t v;
    size_t i;
} lab;

static int by_lab(const void *x, const void *y)
{
    const lab *a = x, *b = y;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Maps labels to dense ids 0..k-1 in out; returns k, or -1 (ENOMEM). */
static long compact(const int64_t *v, size_t n, uint32_t *out)
{
    lab *t = sl_malloc((n ? n : 1) * sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < n; i++)
        t[i] = (lab){v[i], i};
    qsort(t, n, sizeof *t, by_lab);
    long k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && t[i].v != t[i - 1].v)
            k++;
        out[t[i].i] = (uint32_t)k;
    }
    sl_free(t);
    return n ? k + 1 : 0;
}

static double c2(double x)
{
    return x * (x - 1) / 2;
}

typedef struct cell {
    uint32_t p, g;
} cell;

static int by_cell(const void *x, const void *y)
{
    const cell *a = x, *b = y;
    if (a->p != b->p)
        return a->p < b->p ? -1 : 1;
    return a->g < b->g ? -1 : a->g > b->g;
}

/* ==== metrics ============================================================= */

static void f1(double p, double r, double *f)
{
    *f = p + r > 0 ? 2 * p * r / (p + r) : 0;
}

typedef struct trip {
    uint32_t p, t, g;
} trip;

static int by_trip(const void *x, const void *y)
{
    const trip *a = x, *b = y;
    if (a->p != b->p)
        return a->p < b->p ? -1 : 1;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->g < b->g ? -1 : a->g > b->g;
}

/* Counts predicted clusters holding two gold events of one topic, and the
 * topics where that happens. */
static int count_mixed(const uint32_t *pc, const uint32_t *gc, const uint32_t *tc, size_t n,
                       size_t ntopics, sl_cl_eval *out)
{
    trip *x = sl_malloc((n ? n : 1) * sizeof *x);
    char *tm = sl_calloc(ntopics ? ntopics : 1, 1);
    if (!x || !tm) {
        sl_free(x);
        sl_free(tm);
        return SL_CL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        x[i] = (trip){pc[i], tc[i], gc[i]};
    qsort(x, n, sizeof *x, by_trip);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        int mixed = 0;
        while (j < n && x[j].p == x[i].p) {
            size_t k = j;
            while (k < n && x[k].p == x[j].p && x[k].t == x[j].t)
                k++;
            if (x[k - 1].g != x[j].g) {
                mixed = 1;
                tm[x[j].t] = 1;
            }
            j = k;
        }
        out->mixed += (size_t)mixed;
        i = j;
    }
    for (size_t t = 0; t < ntopics; t++)
        out->topics_mixed += (size_t)tm[t];
    sl_free(x);
    sl_free(tm);
    return SL_CL_OK;
}

static int contingency(const uint32_t *pc, const uint32_t *gc, size_t n, long np, long ng,
                       sl_cl_eval *out)
{
    cell *x = sl_malloc((n ? n : 1) * sizeof *x);
    double *a = sl_calloc((size_t)np + 1, sizeof *a), *b = sl_calloc((size_t)ng + 1, sizeof *b);
    if (!x || !a || !b) {
        sl_free(x), sl_free(a), sl_free(b);
        return SL_CL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        x[i] = (cell){pc[i], gc[i]};
        a[pc[i]]++;
        b[gc[i]]++;
    }
    qsort(x, n, sizeof *x, by_cell);
    double sum_ij = 0, b3p = 0, b3r = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && x[j].p == x[i].p && x[j].g == x[i].g)
            j++;
        double nij = (double)(j - i);
        sum_ij += c2(nij);
        b3p += nij * nij / a[x[i].p];
        b3r += nij * nij / b[x[i].g];
        i = j;
    }
    double sum_a = 0, sum_b = 0;
    for (long i = 0; i < np; i++)
        sum_a += c2(a[i]);
    for (long j = 0; j < ng; j++)
        sum_b += c2(b[j]);
    out->pair_p = sum_a > 0 ? sum_ij / sum_a : 1;
    out->pair_r = sum_b > 0 ? sum_ij / sum_b : 1;
    f1(out->pair_p, out->pair_r, &out->pair_f1);
    out->b3_p = n ? b3p / (double)n : 1;
    out->b3_r = n ? b3r / (double)n : 1;
    f1(out->b3_p, out->b3_r, &out->b3_f1);
    double total = c2((double)n);
    double expected = total > 0 ? sum_a * sum_b / total : 0;
    double maxidx = (sum_a + sum_b) / 2;
    out->ari = maxidx - expected != 0 ? (sum_ij - expected) / (maxidx - expected) : 1;
    sl_free(x), sl_free(a), sl_free(b);
    return SL_CL_OK;
}

int sl_cl_evaluate(const int64_t *pred, const int64_t *gold, const int64_t *topic, size_t n,
                   sl_cl_eval *out)
{
    if (!out || (n && (!pred || !gold)))
        return SL_CL_EINVAL;
    memset(out, 0, sizeof *out);
    size_t m = n ? n : 1;
    uint32_t *pc = sl_malloc(m * sizeof *pc), *gc = sl_malloc(m * sizeof *gc);
    uint32_t *tc = topic ? sl_malloc(m * sizeof *tc) : NULL;
    int rc = SL_CL_ENOMEM;
    long np, ng, nt = 0;
    if (pc && gc && (!topic || tc) && (np = compact(pred, n, pc)) >= 0 &&
        (ng = compact(gold, n, gc)) >= 0 && (!topic || (nt = compact(topic, n, tc)) >= 0)) {
        out->pred_clusters = (size_t)np;
        out->gold_clusters = (size_t)ng;
        rc = contingency(pc, gc, n, np, ng, out);
        if (rc == SL_CL_OK && topic)
            rc = count_mixed(pc, gc, tc, n, (size_t)nt, out);
    }
    sl_free(pc), sl_free(gc), sl_free(tc);
    return rc;
}
