/*
 * params.c - the parameter table of the sketch module.
 *
 * Design note. Every tunable is declared exactly once, in `table` below:
 * name, default, bounds, help, and where it lives in sl_sketch_params
 * (offset + type). Defaults, setting by name, validation and the CLI's
 * --help all read that one table (the zstd ZSTD_cParam_getBounds idea).
 * Cross-field rules (bands*rows <= perms) live in sl_sketch_params_check.
 *
 * Why these defaults:
 *   k=5      word 5-grams: long enough that shared shingles mean shared
 *            wording, short enough that light edits leave most intact.
 *   perms=128, OPH: see minhash.c (accuracy equal to k-perm, 20-40x faster).
 *   w=16     density 2/17: ~117 fingerprints per 1,000 tokens (brief asks
 *            80-150); guarantees detection of shared runs >= 20 tokens.
 *   near=0.8, recall=0.99 → 21 bands × 6 rows (see lsh.c).
 *   reuse=0.5, min_shared=40: half of one article's 5-grams appear in the
 *            other, and enough of them (~45 words, two sentences) that it is
 *            not a short quote or a footer: in t17-dev, 181-character Reuters
 *            footer pages share exactly 20 shingles with ~900 articles each;
 *            at 20 they made 255 of the 360 reuse edges, at 40 none.
 */
#include "sketch/sketch.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SL_ARRAY_LEN_(a) (sizeof(a) / sizeof((a)[0]))

/* ======================================================================
 * The table
 * ====================================================================== */

enum ptype { P_INT, P_DBL, P_U64 };

typedef struct pslot {
    size_t off;         /* offset of the field in sl_sketch_params */
    enum ptype type;
} pslot;

#define OFF(f) offsetof(sl_sketch_params, f)

/* infos[i] and slots[i] describe the same parameter. */
static const sl_sketch_param_info infos[] = {
    {"k", 5, 1, 64, 1, "shingle size in tokens (characters for CJK text)"},
    {"perms", 128, 16, 1024, 1, "MinHash signature length"},
    {"method", 0, 0, 1, 1,
     "MinHash method: 0 = one permutation + optimal densification, 1 = independent hashes"},
    {"w", 16, 1, 1024, 1, "winnowing window in shingles; shared runs of w+k-1 tokens are always found"},
    {"seed", 1, 0, 4294967295.0, 1, "seed of all sketch hashes (part of the database format)"},
    {"near", 0.8, 0.3, 1.0, 0, "shingle Jaccard at or above which two articles are near duplicates"},
    {"recall", 0.99, 0.5, 0.99999, 0, "wanted probability that a pair at the near bound is an LSH candidate"},
    {"bands", 0, 0, 1024, 1, "LSH bands (0 = derive from perms, near and recall)"},
    {"rows", 0, 0, 1024, 1, "LSH rows per band (0 = derive)"},
    {"reuse", 0.5, 0.05, 1.0, 0, "containment of one article in the other at or above which it is reuse"},
    {"min_shared", 40, 1, 1000000, 1, "shared distinct shingles needed before a pair can be reuse"},
};

static const pslot slots[] = {
    {OFF(k), P_INT},     {OFF(perms), P_INT}, {OFF(method), P_INT}, {OFF(w), P_INT},
    {OFF(seed), P_U64},  {OFF(near), P_DBL},  {OFF(recall), P_DBL}, {OFF(bands), P_INT},
    {OFF(rows), P_INT},  {OFF(reuse), P_DBL}, {OFF(min_shared), P_INT},
};

#define NPARAMS (sizeof(infos) / sizeof(infos[0]))
_Static_assert(sizeof(infos) / sizeof(infos[0]) == sizeof(slots) / sizeof(slots[0]),
               "infos and slots must list the same parameters");

const sl_sketch_param_info *sl_sketch_param_table(size_t *n)
{
    *n = NPARAMS;
    return infos;
}

/* ======================================================================
 * Access by index
 * ====================================================================== */

static double slot_get(const sl_sketch_params *p, size_t i)
{
    const char *base = (const char *)p + slots[i].off;
    switch (slots[i].type) {
    case P_INT: return *(const int *)(const void *)base;
    case P_DBL: return *(const double *)(const void *)base;
    case P_U64: return (double)*(const uint64_t *)(const void *)base;
    }
    return 0;
}

static void slot_put(sl_sketch_params *p, size_t i, double v)
{
    char *base = (char *)p + slots[i].off;
    switch (slots[i].type) {
    case P_INT: *(int *)(void *)base = (int)v; break;
    case P_DBL: *(double *)(void *)base = v; break;
    case P_U64: *(uint64_t *)(void *)base = (uint64_t)v; break;
    }
}

static int find(const char *name)
{
    for (size_t i = 0; name && i < NPARAMS; i++)
        if (strcmp(infos[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int in_bounds(size_t i, double v)
{
    if (!(v >= infos[i].min && v <= infos[i].max)) /* also rejects NaN */
        return 0;
    return !infos[i].is_int || floor(v) == v;
}

/* ======================================================================
 * Public functions
 * ====================================================================== */

void sl_sketch_params_default(sl_sketch_params *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < NPARAMS; i++)
        slot_put(p, i, infos[i].def);
}

int sl_sketch_param_set(sl_sketch_params *p, const char *name, double value)
{
    int i = find(name);
    if (i < 0 || !in_bounds((size_t)i, value))
        return SL_SKETCH_EINVAL;
    slot_put(p, (size_t)i, value);
    return SL_SKETCH_OK;
}

int sl_sketch_param_get(const sl_sketch_params *p, const char *name, double *value)
{
    int i = find(name);
    if (i < 0)
        return SL_SKETCH_EINVAL;
    *value = slot_get(p, (size_t)i);
    return SL_SKETCH_OK;
}

static int fail(char *err, size_t cap, const char *fmt, const char *name, double v)
{
    if (err && cap)
        snprintf(err, cap, fmt, name, v);
    return SL_SKETCH_EINVAL;
}

int sl_sketch_params_check(const sl_sketch_params *p, char *err, size_t cap)
{
    if (!p)
        return fail(err, cap, "%s%.0f", "no parameters", 0);
    for (size_t i = 0; i < NPARAMS; i++) {
        double v = slot_get(p, i);
        if (slots[i].type == P_U64 && *(const uint64_t *)(const void *)((const char *)p + slots[i].off) >
                                          (uint64_t)infos[i].max)
            return fail(err, cap, "parameter %s out of bounds (%.0f)", infos[i].name, v);
        if (!in_bounds(i, v))
            return fail(err, cap, "parameter %s out of bounds (%g)", infos[i].name, v);
    }
    if ((p->bands == 0) != (p->rows == 0))
        return fail(err, cap, "%s: set both or neither (bands=%.0f)", "bands and rows", p->bands);
    if ((long)p->bands * p->rows > p->perms)
        return fail(err, cap, "%s exceed perms (%.0f)", "bands * rows", (double)p->bands * p->rows);
    return SL_SKETCH_OK;
}

int sl_sketch_params_mismatch(const sl_sketch_params *built, const sl_sketch_params *opened,
                              char *buf, size_t cap)
{
    static const char *const fmt_names[] = {"k", "perms", "method", "w", "seed"};
    char b[256] = "", o[256] = "";
    size_t bl = 0, ol = 0;
    int diff = 0;
    for (size_t f = 0; f < SL_ARRAY_LEN_(fmt_names); f++) {
        int i = find(fmt_names[f]);
        double vb = slot_get(built, (size_t)i), vo = slot_get(opened, (size_t)i);
        if (vb == vo)
            continue;
        bl += (size_t)snprintf(b + bl, sizeof b - bl, "%s%s=%.0f", diff ? ", " : "", fmt_names[f], vb);
        ol += (size_t)snprintf(o + ol, sizeof o - ol, "%s%s=%.0f", diff ? ", " : "", fmt_names[f], vo);
        diff++;
    }
    if (buf && cap) {
        if (diff)
            snprintf(buf, cap, "built with %s, opened with %s", b, o);
        else
            buf[0] = '\0';
    }
    return diff;
}

const char *sl_sketch_strerror(int status)
{
    switch (status) {
    case SL_SKETCH_OK: return "ok";
    case SL_SKETCH_ENOMEM: return "out of memory";
    case SL_SKETCH_EINVAL: return "invalid argument or parameter";
    case SL_SKETCH_ECORRUPT: return "sketch blob truncated or corrupt";
    case SL_SKETCH_EVERSION: return "sketch blob of an unknown format version";
    case SL_SKETCH_EPARAMS: return "sketch made with other parameters";
    }
    return "unknown status";
}
