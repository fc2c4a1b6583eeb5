/*
 * cluster_int.h - internals shared by the files of the cluster module.
 */
#ifndef SL_CLUSTER_INT_H
#define SL_CLUSTER_INT_H

#include "cluster/cluster.h"
#include "common/common.h"
#include "common/map64.h"
#include "common/sort_typed.h"

#include <stdlib.h>

/* Name hashes live in the same document-frequency and posting maps as stem
 * hashes, salted so that a name key and a stem never collide by design. */
#define CL_NAME_SALT 0x9e3779b97f4a7c15ULL
/* Capitalised words and numbers used as names (sl_cl_article_build). */
#define CL_WORD_SALT 0xc2b2ae3d27d4eb4fULL

#define CL_YEARS 4

/* A cache hint (no effect on results; nothing on compilers without it). */
#if defined(__GNUC__) || defined(__clang__)
#define CL_PREFETCH(p) __builtin_prefetch(p)
#else
#define CL_PREFETCH(p) ((void)(p))
#endif

typedef struct cl_fvec {
    sl_cl_feat *v;
    size_t n, cap;
} cl_fvec;

typedef struct cl_story {
    uint64_t id;
    cl_fvec  terms, names;   /* centroid sums of member TF-IDF unit vectors */
    cl_fvec  args;           /* members' event arguments, weight = count */
    double   tnorm, nnorm;   /* L2 norms of the centroids */
    int32_t  dmin, dmax;     /* dated members' range, SL_CL_NODAY if none */
    int64_t  active;         /* clock (day) at the last join, or INT64_MIN */
    uint64_t seq;            /* arrival number of the last join */
    uint32_t narticles;
    /* the years its members are about (sl_cl_article.year), with counts;
     * CL_YEARS slots, the least counted replaced when full */
    int32_t  yv[CL_YEARS];
    uint32_t yn[CL_YEARS];
    uint32_t live_slot;      /* index in sl_cluster.live */
    struct cl_story *older, *newer; /* activity list (by seq; sl_cluster.act) */
    struct { uint64_t *v; size_t n, cap; } contents; /* member content hashes */
    /* the features (names salted) whose posting lists hold this story,
     * sorted: the heaviest post_terms terms and post_names names of each
     * member, and what merged stories were posted under */
    struct { uint64_t *v; size_t n, cap; } posted;
} cl_story;

/* Story ids fit 32 bits (sl_cluster_add_forced refuses larger ones; ids
 * made by the clusterer stop there), so postings and id records are half
 * the size of pointers and the probe loop stays in cache. */
#define CL_MAX_ID UINT32_MAX

/* One feature of the stream, in its hash slot (postings.c): its document
 * frequency and its posting list. */
typedef struct cl_post {
    uint64_t  key;     /* feature hash (names salted); 0 = empty slot */
    uint32_t *v;       /* story ids, in the order they took the feature */
    uint32_t  n, cap;
    uint32_t  last;    /* v[n-1] when n > 0: the append check reads no list */
    uint32_t  df;      /* articles counted that hold it (saturates) */
} cl_post;

typedef struct cl_ptab {
    cl_post *slots;    /* open addressing, power-of-two capacity */
    size_t   cap, n;
} cl_ptab;

cl_post *cl_ptab_get(const cl_ptab *t, uint64_t key);   /* NULL: absent */
/* Counts one more article holding the feature (inserting it if new). */
static inline void cl_post_count(cl_post *p)
{
    if (p->df != UINT32_MAX)
        p->df++;
}
cl_post *cl_ptab_put(cl_ptab *t, uint64_t key);  /* empty list if new; NULL: ENOMEM */
/* Room for `more` insertions without growing (so without moving slots);
 * -1 when out of memory. */
int      cl_ptab_reserve(cl_ptab *t, size_t more);
void     cl_ptab_free(cl_ptab *t);
/* Starts loading the slot where key's lookup begins (a hint, no effect). */
void     cl_ptab_prefetch(const cl_ptab *t, uint64_t key);
/* Appends id unless it is already the last entry: 1 appended, 0 already
 * last, -1 out of memory. */
int      cl_post_append(cl_post *p, uint32_t id);
/* The list was cut to its first n entries (keeps `last` true; frees the
 * list when n is 0). */
void     cl_post_trimmed(cl_post *p, uint32_t n);

struct sl_cluster {
    sl_cluster_params p;
    uint64_t ndocs;            /* articles counted into df */
    cl_ptab  feats;            /* feature hash -> document frequency and
                                  the live stories posted under it */
    uint64_t npostings;        /* entries in all posting lists */
    uint64_t gone_at_compact;  /* retired + merged at the last compaction */
    /* per id ever made, index id-1 (two arrays: the probe reads only slots) */
    struct { uint32_t *v; size_t n, cap; } parent; /* 0: not merged; else
                                                      the id it merged into */
    struct { uint32_t *v; size_t n, cap; } slot;   /* 1 + index in live, or 0
                                                      when not live (retired,
                                                      merged, never made) */
    struct { cl_story **v; size_t n, cap; } live;
    /* live stories from least to most recently active (ascending seq, and
     * so ascending active): retirement takes from the front */
    struct { cl_story *oldest, *newest; } act;
    sl_map64 content;          /* content hash -> story id */
    sl_map64 argdf;            /* event-argument key -> stories that took it */
    int64_t  clock;            /* largest article day seen, INT64_MIN if none */
    uint64_t seq;
    sl_cluster_stats stats;
    /* scratch */
    cl_fvec  at, an;           /* the incoming article's unit vectors */
    cl_fvec  merge;            /* centroid merge buffer (swapped with centroids) */
    cl_fvec  top;              /* heaviest article features to probe */
    cl_fvec  sel;              /* the heaviest features of a joining article */
    struct { uint64_t *v; size_t n, cap; } pkeys;  /* its features to post */
    uint64_t pkeys_seq;        /* seq of the article pkeys were picked for */
    struct { uint64_t *v; size_t n, cap; } pmerge; /* posted-set merge buffer */
    struct { cl_post **v; size_t n, cap; } lists;  /* their posting lists */
    struct { uint64_t *v; size_t n, cap; } fresh;  /* features a centroid
                                                      gained (salted) */
    /* probe accumulators by live slot: the summed article weight of the
     * lists naming the story, valid where the slot's bit in `seen` is set;
     * dense, so a probe touches two small arrays, not the stories */
    struct { double *v; size_t n, cap; } acc;
    struct { uint64_t *v; size_t n, cap; } seen;   /* bitmap by live slot */
    struct { uint32_t *v; size_t n, cap; } touched; /* live slots probed */
    struct { cl_story **v; size_t n, cap; } cand;  /* best by probe score */
};

/* Sorts features by hash (cl_sort_by_hash(v, n); n may be 0): article
 * features and centroid trims, where hashes are unique. */
#define CL_FEAT_HASH(f) ((f).h)
SL_DEFINE_SORT(cl_sort_by_hash, sl_cl_feat, CL_FEAT_HASH)

/* IDF of feature h (already salted for names) under the clusterer's counts;
 * uniform (1) when c is NULL. */
double cl_idf(const sl_cluster *c, uint64_t h);

/* Article feature list -> unit TF-IDF vector (sorted by hash). */
int cl_weigh(const sl_cluster *c, const sl_cl_feat *f, size_t n, uint64_t salt, cl_fvec *out);

/* Dot product of two hash-sorted vectors; optionally collects shared hashes. */
double cl_dot(const cl_fvec *a, const cl_fvec *b);

double cl_cover(const cl_fvec *a, const cl_fvec *b);

double cl_time_factor(const sl_cluster_params *p, int32_t day, int32_t dmin, int32_t dmax,
                      double *gap);
double cl_year_factor(const sl_cluster_params *p, int32_t year, const int32_t *yv,
                      const uint32_t *yn);
/* Event-argument evidence of article arguments a against story arguments
 * b (both sorted by key): units both state sharing a value (*agree; those
 * sharing a value few stories took, *specific: arg_spec, all when c is
 * NULL) or none (*conflict). */
void cl_args_match(const sl_cluster *c, const sl_cluster_params *p, const sl_cl_feat *a,
                   size_t na, const sl_cl_feat *b, size_t nb, int *agree, int *specific,
                   int *conflict);
double cl_args_factor(const sl_cluster_params *p, int agree, int specific, int conflict);
double cl_combine(const sl_cluster_params *p, double cos, double names, int names_used,
                  double time);

#endif
