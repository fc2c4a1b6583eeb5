/*
 * sketch.h - recognising copies and rewrites of news articles.
 *
 * Pure algorithms: memory in, memory out, no files, no SQL, no printing.
 * The input for one article is the sequence of its token hashes (uint64,
 * one per normalized token, in text order, stopwords included) as produced
 * by the text module (sl_token.hash). For scripts written without spaces
 * (Chinese, Japanese) the caller passes one token per character (the text
 * module marks them SL_TOK_CJK); every function here then works on
 * character shingles unchanged.
 *
 * What this module gives the engine, per article:
 *
 *   tokens ──► shingles (hash of k consecutive tokens)
 *                 ├──► MinHash signature (perms × uint32) ──► LSH band keys
 *                 │      estimates Jaccard; band keys find near duplicates
 *                 └──► winnowing fingerprints (hash, token position)
 *                        find shared passages (partial reuse)
 *
 * and, for a candidate pair whose token hashes the caller has, the evidence:
 * aligned shared passages, exact Jaccard and containments, a class
 * (exact / near / reuse / none) and a direction.
 *
 * The store keeps band keys and fingerprint hashes in inverted indexes
 * (64-bit keys produced here) and saves each sketch as an opaque blob
 * (sl_sketch_encode / sl_sketch_decode). A blob records the parameters it
 * was made with; decoding it under other parameters fails with
 * SL_SKETCH_EPARAMS so the engine can say "database built with k=5, opened
 * with k=7" instead of giving wrong answers.
 *
 * Intended use, per incoming article (the engine and store own the
 * indexes; nothing here knows about them):
 *   1. sl_sketcher_run: sketch + band keys.
 *   2. Candidates: articles sharing any band key (near duplicates: found
 *      with P >= recall when Jaccard >= near), and articles sharing
 *      fingerprints (partial reuse). Fingerprints whose document frequency
 *      exceeds a cap are boilerplate: skip them in the count (sl_fp_filter).
 *   3. Cheap scoring without the texts: sl_sketch_estimate (MinHash
 *      Jaccard, containments from it and the set sizes) and the fraction of
 *      A's fingerprints found in B. Both are noisy on short articles, and
 *      the fingerprint fraction runs low (windows straddling a passage's
 *      ends: on the seeds 0.49 for an exact containment of 0.60), so use
 *      them to rank and prune with a loose threshold, not to decide.
 *   4. Decision and display: sl_evidence_compute on both token-hash
 *      sequences: exact scores, class, direction, shared passages.
 *   5. Save sl_sketch_encode's blob; index band keys and fingerprints.
 *
 * Conventions: functions return an int status (SL_SKETCH_OK = 0, negative
 * codes below); out-parameters come first; hot-path functions write into
 * caller-provided buffers sized by a companion *_count / *_size function.
 * Hashes are computed over the in-memory representation of uint64 values,
 * so sketches are portable between little-endian machines only (all the
 * targets we build for); blobs themselves are explicitly little-endian.
 * Nothing here keeps global state; a sl_sketcher is not thread-safe, use one
 * per worker thread.
 */
#ifndef SL_SKETCH_H
#define SL_SKETCH_H

#include <stddef.h>
#include <stdint.h>

/* ---- status codes ------------------------------------------------------ */

enum sl_sketch_status {
    SL_SKETCH_OK        =  0,
    SL_SKETCH_ENOMEM    = -1, /* allocation failed; outputs are unchanged or empty */
    SL_SKETCH_EINVAL    = -2, /* bad argument or parameter out of its bounds */
    SL_SKETCH_ECORRUPT  = -3, /* blob truncated, malformed or checksum mismatch */
    SL_SKETCH_EVERSION  = -4, /* blob written by an unknown format version */
    SL_SKETCH_EPARAMS   = -5, /* blob made with other parameters than expected */
};

/* A static English message for a status code ("unknown status" otherwise). */
const char *sl_sketch_strerror(int status);

/* ---- parameters -------------------------------------------------------- */

enum sl_minhash_method {
    SL_MINHASH_OPH   = 0, /* one permutation hashing + optimal densification (default) */
    SL_MINHASH_KPERM = 1, /* `perms` independent hash functions (classic MinHash) */
};

/* Every tunable of the module. Fill with sl_sketch_params_default(), change
 * fields directly or by name with sl_sketch_param_set(), and check with
 * sl_sketch_params_check() (sl_sketcher_new checks too). The first five
 * fields define the sketch format: a blob made with other values of them
 * cannot be compared and is refused on decode. The others are decision
 * thresholds and may change between runs. */
typedef struct sl_sketch_params {
    int      k;          /* shingle size in tokens (default 5) */
    int      perms;      /* MinHash signature length (default 128) */
    int      method;     /* enum sl_minhash_method (default OPH) */
    int      w;          /* winnowing window, in shingles (default 16) */
    uint64_t seed;       /* seed of every hash in the module (default 1) */
    double   near;       /* Jaccard at or above which a pair is `near` (0.8) */
    double   recall;     /* wanted P(LSH candidate | Jaccard = near) (0.99) */
    int      bands;      /* LSH bands; 0 = derive from perms, near, recall */
    int      rows;       /* LSH rows per band; 0 = derive (set both or neither) */
    double   reuse;      /* containment at or above which a pair is `reuse` (0.5) */
    int      min_shared; /* shared distinct shingles needed for `reuse` (20) */
} sl_sketch_params;

/* One row of the parameter table: the single declaration of a tunable's
 * name, default, bounds and help text. Values are doubles for printing;
 * integer parameters hold integral values. */
typedef struct sl_sketch_param_info {
    const char *name;    /* as accepted by sl_sketch_param_set ("k", "near", ...) */
    double      def;
    double      min;
    double      max;
    int         is_int;  /* 1 if the value must be integral */
    const char *help;    /* one line, no trailing newline */
} sl_sketch_param_info;

/* The table, in a fixed order; *n receives its length. Static storage. */
const sl_sketch_param_info *sl_sketch_param_table(size_t *n);

/* Fills *p with every default from the table. */
void sl_sketch_params_default(sl_sketch_params *p);

/* Sets parameter `name` to `value` after checking it is known, within its
 * bounds and integral where required. Returns SL_SKETCH_OK or
 * SL_SKETCH_EINVAL (p unchanged). */
int sl_sketch_param_set(sl_sketch_params *p, const char *name, double value);

/* Reads parameter `name` into *value. SL_SKETCH_EINVAL if unknown. */
int sl_sketch_param_get(const sl_sketch_params *p, const char *name, double *value);

/* Checks every field against its bounds and the cross-field rules
 * (bands*rows <= perms; bands and rows both zero or both set). On error
 * returns SL_SKETCH_EINVAL and, if err is not NULL, writes a one-line
 * reason (NUL-terminated, truncated to cap). */
int sl_sketch_params_check(const sl_sketch_params *p, char *err, size_t cap);

/* Writes into buf (NUL-terminated, truncated to cap) a description of the
 * format parameters that differ between `built` (found in a blob) and
 * `opened` (the ones in use), e.g. "built with k=5, opened with k=7".
 * Returns the number of differing format parameters (0: compatible). */
int sl_sketch_params_mismatch(const sl_sketch_params *built,
                              const sl_sketch_params *opened,
                              char *buf, size_t cap);

/* ---- shingles ---------------------------------------------------------- */

/* Number of shingles sl_shingles writes for n tokens: n-k+1 when n >= k,
 * 1 when 0 < n < k (a short article is one shingle of all its tokens), 0
 * when n == 0. */
size_t sl_shingle_count(size_t n, int k);

/* Writes the shingle hashes of tok[0..n) into out (room for
 * sl_shingle_count(n, k) values): out[i] is XXH3-64 (seeded) of the k token
 * hashes tok[i..i+k), so shingle i starts at token i. A short article gives
 * one hash of all its n tokens, which never equals a k-shingle by accident
 * (different length). Works the same on character tokens. Returns the
 * number written. k must be >= 1. No allocation. */
size_t sl_shingles(uint64_t *out, const uint64_t *tok, size_t n, int k, uint64_t seed);

/* Sorts a[0..n) ascending and removes duplicates in place; returns the new
 * length. Turns a shingle array into the exact shingle set. */
size_t sl_set_make(uint64_t *a, size_t n);

/* Size of the intersection of two sorted, duplicate-free arrays. */
size_t sl_set_intersect(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);
/* The same for sorted unique 32-bit values (the engine's verification sets). */
size_t sl_set_intersect32(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* Exact Jaccard |A∩B| / |A∪B| of two sets from sl_set_make; 0 when both
 * are empty. */
double sl_set_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* Exact containment of A in B: |A∩B| / |A| (0 when A is empty). Call with
 * the arguments swapped for the other direction. */
double sl_set_containment(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* ---- MinHash ----------------------------------------------------------- */

/* Value of a signature slot that saw no shingle (only for empty input). */
#define SL_MINHASH_EMPTY UINT32_MAX

/* Signature of the shingle array sh[0..n) (duplicates allowed, order
 * irrelevant) into sig[0..m), m >= 1, by one permutation hashing: each
 * shingle is mixed once, falls into one of m bins and keeps the bin minimum;
 * bins left empty borrow the value of a non-empty bin chosen by a hash of
 * (bin, attempt) -- optimal densification (Shrivastava, ICML 2017). Cost
 * O(n), plus O(m^2 / f) expected when only f < m bins are filled (short
 * articles). 1 <= m <= 1024 (else all slots are left SL_MINHASH_EMPTY).
 * Empty input gives m times SL_MINHASH_EMPTY. Values are the top 32 bits
 * of the within-bin rank, never SL_MINHASH_EMPTY. */
void sl_minhash_oph(uint32_t *sig, int m, const uint64_t *sh, size_t n, uint64_t seed);

/* Same contract by m independent hash functions h_i(x) = top32(a_i x + b_i)
 * (a_i odd and b_i drawn from the seed). Cost O(n m); slower by about m,
 * kept as the reference estimator. m <= 1024. */
void sl_minhash_kperm(uint32_t *sig, int m, const uint64_t *sh, size_t n, uint64_t seed);

/* Estimated Jaccard: the fraction of the m slots where a and b agree
 * (slots where both are SL_MINHASH_EMPTY do not count as agreement, so two
 * empty articles estimate 0). Signatures must come from the same method,
 * m and seed. */
double sl_minhash_jaccard(const uint32_t *a, const uint32_t *b, int m);

/* ---- LSH banding ------------------------------------------------------- */

/* P(a pair of Jaccard j becomes a candidate) with b bands of r rows:
 * 1 - (1 - j^r)^b. */
double sl_lsh_prob(double j, int b, int r);

/* Chooses bands *b and rows *r for a signature of m slots so that
 * sl_lsh_prob(bound, b, r) >= recall, taking the largest such r (fewest
 * false candidates) and then b = floor(m / r). Returns SL_SKETCH_EINVAL if
 * m < 1, bound not in (0,1], or recall not in (0,1). With the defaults
 * (m=128, bound 0.8, recall 0.99) this gives b=21, r=6:
 *
 *     J     0.2     0.3    0.4    0.5    0.6    0.7    0.8     0.9
 *     P   0.0013  0.015  0.083  0.282  0.633  0.928  0.9983  1.0000
 *
 * (P=0.5 at J≈0.57). r=7 (b=18) would give only 0.986 at J=0.8. */
int sl_lsh_choose(int *b, int *r, int m, double bound, double recall);

/* Resolves the bands and rows to use for p: p->bands/p->rows when set,
 * else sl_lsh_choose(p->perms, p->near, p->recall). */
int sl_sketch_params_bands(const sl_sketch_params *p, int *b, int *r);

/* Writes b band keys into keys: keys[i] = XXH3-64 (seeded) of the band
 * index i followed by sig[i*r .. i*r+r). Band keys of two signatures are
 * equal exactly when a band agrees (up to 64-bit collisions). The caller
 * should not index an empty article's keys (sig all SL_MINHASH_EMPTY);
 * sl_sketcher_run gives 0 keys for it. Requires b*r <= length of sig. */
void sl_lsh_band_keys(uint64_t *keys, const uint32_t *sig, int b, int r, uint64_t seed);

/* ---- winnowing --------------------------------------------------------- */

/* One fingerprint: a shingle hash selected by winnowing and where it
 * starts (token index of the shingle's first token). */
typedef struct sl_fp {
    uint64_t hash;
    uint32_t pos;
} sl_fp;

/* Upper bound on the number of fingerprints sl_winnow writes for ns
 * shingles (ns itself); the expected number is about 2 ns / (w + 1). */
size_t sl_winnow_max(size_t ns);

/* Robust winnowing (Schleimer, Wilkerson, Aiken, SIGMOD 2003) of the
 * shingle hashes sh[0..ns): in every window of w consecutive shingles the
 * minimum hash is selected (on ties the previous window's choice if still
 * inside, else the rightmost), and each selected shingle is written once,
 * in increasing position. When ns < w the whole
 * article is one window (one fingerprint). w >= 1; w = 1 selects all.
 *
 * Guarantee: if two articles share a run of at least w + k - 1 identical
 * tokens (w shingles), they share at least one fingerprint hash (at
 * corresponding positions unless the run repeats a shingle); runs shorter
 * than k tokens are never detected. Defaults k=5, w=16: every shared run of
 * 20 tokens or more is found; density 2/(w+1) ≈ 0.118, i.e. about 117
 * fingerprints for a 1,000-token article.
 *
 * Boilerplate cap: selection does not depend on any index, so the caller
 * may drop fingerprints whose document frequency exceeds a cap
 * (sl_fp_filter) without changing what other articles select. Returns the
 * number written. No allocation. */
size_t sl_winnow(sl_fp *out, const uint64_t *sh, size_t ns, int w);

/* Keeps the fingerprints for which keep(hash, ctx) returns non-zero,
 * compacting fp[0..n) in place in order; returns the new count. */
size_t sl_fp_filter(sl_fp *fp, size_t n, int (*keep)(uint64_t hash, void *ctx), void *ctx);

/* ---- the sketch of one article ---------------------------------------- */

/* What the store saves per article. Arrays are owned by the struct and
 * reused across sl_sketcher_run calls (zero-initialise once, free with
 * sl_sketch_free). */
typedef struct sl_sketch {
    int      k, perms, method, w;   /* format parameters it was made with */
    uint64_t seed;
    uint64_t ntokens;                /* tokens of the article */
    uint64_t nshingles;              /* distinct shingles (|set|) */
    struct { uint32_t *v; size_t n, cap; } sig;   /* perms values */
    struct { sl_fp *v; size_t n, cap; } fps;      /* winnowing fingerprints */
} sl_sketch;

void sl_sketch_free(sl_sketch *s);   /* frees the arrays, zeroes *s; NULL ok */

/* A sketcher: validated parameters plus scratch memory, reused across
 * articles so that sketching allocates nothing once warmed up. One per
 * thread. */
typedef struct sl_sketcher sl_sketcher;

/* Creates a sketcher for *p (copied). SL_SKETCH_EINVAL on bad parameters,
 * SL_SKETCH_ENOMEM. *out is NULL on error. */
int  sl_sketcher_new(sl_sketcher **out, const sl_sketch_params *p);
void sl_sketcher_free(sl_sketcher *sk);                 /* NULL ok */
const sl_sketch_params *sl_sketcher_params(const sl_sketcher *sk);

/* Sketches one article: shingles, distinct count, MinHash signature by the
 * configured method, and winnowing fingerprints, into *out (its arrays are
 * grown as needed). If keys is not NULL it must have room for the
 * resolved number of bands (sl_sketch_params_bands); *nkeys receives the
 * number of band keys written (0 for an empty article). Returns
 * SL_SKETCH_OK or SL_SKETCH_ENOMEM. */
int sl_sketcher_run(sl_sketcher *sk, sl_sketch *out, uint64_t *keys, size_t *nkeys,
                    const uint64_t *tok, size_t n);

/* The k-shingle hashes (in text order, with repeats) of the last
 * sl_sketcher_run, valid until the next run; *n receives their number. */
const uint64_t *sl_sketcher_shingles(const sl_sketcher *sk, size_t *n);

/* Band keys of an already made sketch (e.g. decoded from the store after
 * the bound changed): writes *nkeys keys, 0 for an empty article. */
int sl_sketch_band_keys(uint64_t *keys, size_t *nkeys, const sl_sketch *s,
                        const sl_sketch_params *p);

/* Estimates from two sketches alone (same format parameters, else
 * SL_SKETCH_EINVAL): *jaccard = sl_minhash_jaccard of the signatures, and
 * the containments implied by it and the distinct-shingle counts,
 * |A∩B| ≈ J (|A| + |B|) / (1 + J), clamped to [0, 1]. Any output pointer
 * may be NULL. Two empty articles give 0. */
int sl_sketch_estimate(double *jaccard, double *contain_a, double *contain_b,
                       const sl_sketch *a, const sl_sketch *b);

/* ---- serialization ----------------------------------------------------- */

/* Blob layout (version 1), all integers little-endian:
 *
 *   u8 version=1 | u8 k | u8 method | u8 flags=0 | u16 perms | u16 w | u64 seed
 *   varint ntokens | varint nshingles | varint nfps
 *   perms × u32 signature
 *   nfps × (varint position delta from previous | u64 hash)
 *   u32 check = low 32 bits of XXH3-64 of all preceding bytes
 *
 * About 4 perms + 9 nfps + 30 bytes: ~1.6 KB for a 1,000-token article. */

/* Exact size of s's blob. */
size_t sl_sketch_encoded_size(const sl_sketch *s);

/* Writes the blob into buf (cap bytes). *len receives the blob size even
 * when cap is too small, in which case SL_SKETCH_EINVAL is returned and
 * nothing is written. */
int sl_sketch_encode(uint8_t *buf, size_t cap, size_t *len, const sl_sketch *s);

/* Decodes blob[0..len) into *out (arrays grown as needed). If expect is
 * not NULL, the blob's format parameters (k, perms, method, w, seed) must
 * equal expect's, else SL_SKETCH_EPARAMS; in every case where the header
 * could be read, *found (if not NULL) receives them (the threshold fields
 * are set to defaults) so sl_sketch_params_mismatch can describe the
 * difference. Truncated, malformed, or checksum-failing input gives
 * SL_SKETCH_ECORRUPT; an unknown version byte SL_SKETCH_EVERSION. Never
 * reads outside blob[0..len). */
int sl_sketch_decode(sl_sketch *out, sl_sketch_params *found, const uint8_t *blob,
                     size_t len, const sl_sketch_params *expect);

/* ---- evidence ---------------------------------------------------------- */

enum sl_match_class {
    SL_MATCH_NONE  = 0,
    SL_MATCH_EXACT = 1, /* identical, non-empty token sequences */
    SL_MATCH_NEAR  = 2, /* shingle Jaccard >= near */
    SL_MATCH_REUSE = 3, /* max containment >= reuse and shared >= min_shared */
};

enum sl_match_dir {
    SL_DIR_NONE   = 0, /* no shared shingle */
    SL_DIR_A_IN_B = 1, /* A is the contained one: |A∩B|/|A| > |A∩B|/|B| */
    SL_DIR_B_IN_A = 2, /* B is the contained one */
    SL_DIR_EQUAL  = 3, /* both containments equal (same set sizes) */
};

const char *sl_match_class_name(int cls);  /* "none" "exact" "near" "reuse" */
const char *sl_match_dir_name(int dir);    /* "none" "a_in_b" "b_in_a" "equal" */

/* A shared passage: tokens a[a_start..a_end) equal b[b_start..b_end)
 * token for token (same length, at least min(k, n) tokens). */
typedef struct sl_passage {
    uint32_t a_start, a_end;
    uint32_t b_start, b_end;
} sl_passage;

typedef struct sl_evidence {
    struct { sl_passage *v; size_t n, cap; } passages; /* sorted by a_start, disjoint in A and in B */
    size_t   na, nb;         /* distinct shingles of A and B */
    size_t   shared;         /* distinct shingles in both */
    double   jaccard;        /* shared / |A ∪ B| */
    double   contain_a;      /* shared / na: how much of A is in B */
    double   contain_b;      /* shared / nb */
    size_t   shared_tokens;  /* tokens of A covered by passages */
    int      cls;            /* enum sl_match_class */
    int      dir;            /* enum sl_match_dir */
} sl_evidence;

/* Compares two articles' token-hash sequences: exact shingle-set scores,
 * the class and direction under p's thresholds, and the aligned shared
 * passages, found by seed-and-extend: scanning A in order, each shingle of
 * A present in B seeds candidate positions in B (at most 64 per seed), each
 * extended token by token over tokens of B not yet used; the longest wins
 * and the scan resumes after it. Passages are therefore maximal runs, in A
 * order, never overlapping in A or in B. *ev's arrays are reused; free with
 * sl_evidence_free. Returns SL_SKETCH_OK, SL_SKETCH_EINVAL (bad p) or
 * SL_SKETCH_ENOMEM. Time O((na + nb) log nb) plus the extension work. */
int sl_evidence_compute(sl_evidence *ev, const uint64_t *a, size_t na,
                        const uint64_t *b, size_t nb, const sl_sketch_params *p);

/* Class and direction from scores alone (used by sl_evidence_compute):
 * exact if `identical`, else near if jaccard >= p->near, else reuse if
 * max(contain_a, contain_b) >= p->reuse and shared >= p->min_shared. */
int sl_match_classify(int *dir, int identical, double jaccard, double contain_a,
                      double contain_b, size_t shared, const sl_sketch_params *p);

void sl_evidence_free(sl_evidence *ev);    /* NULL ok */

#endif
