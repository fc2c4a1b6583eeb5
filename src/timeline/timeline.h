/*
 * timeline.h - timeline summarization: construction and evaluation.
 * Pure: memory in, memory out, no files, no printing.
 *
 * Two halves share this header.
 *
 *  (A) Evaluation (tl_eval.c). The standard metrics of timeline
 *      summarization, as computed by tilse (Martschat & Markert, EACL 2017 /
 *      CoNLL 2018) and reported by news-tls (Gholipour Ghalandari & Ifrim,
 *      ACL 2020): concat ROUGE-1/2, alignment ROUGE "align+ m:1" (AR1, AR2)
 *      and Date-F1, plus the averaging over many timelines that the papers
 *      report (F of the mean precision and the mean recall).
 *
 *  (B) Construction (tl_build.c). Given candidate sentences that carry a
 *      date, an article, a source and content stems, choose l dates and k
 *      sentences per date, unsupervised, and name the (source, article)
 *      pairs that support each entry.
 *
 * Days are plain integers: days since 1970-01-01 in the proleptic Gregorian
 * calendar (sl_tl_days_from_civil). Only differences of days matter to the
 * metrics, so any consistent day numbering works.
 */
#ifndef SL_TIMELINE_H
#define SL_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

/* ---- days ------------------------------------------------------------- */

/* Day number of y-m-d (proleptic Gregorian; 1970-01-01 is 0). No range
 * check: the caller passes a valid date (m 1..12, d 1..31). */
int32_t sl_tl_days_from_civil(int y, int m, int d);
/* Inverse of sl_tl_days_from_civil. Any out-pointer may be NULL. */
void sl_tl_civil_from_days(int32_t day, int *y, int *m, int *d);

/* ======================================================================
 * (A) EVALUATION
 * ====================================================================== */

/* One dated entry of a timeline to evaluate: `nsents` sentences as UTF-8
 * strings (NUL-terminated; not modified, not kept). A timeline is an array
 * of entries. Order does not matter. Two entries with the same day are
 * merged (their sentences concatenated in array order), as if the caller
 * had made one; a caller who wants "the last entry wins" keeps only that
 * one. An entry with zero sentences still counts as a date (Date-F1) and
 * contributes no n-grams. */
typedef struct sl_tl_entry {
    int32_t day;               /* sl_tl_days_from_civil */
    const char *const *sents;  /* nsents strings; NULL allowed when nsents == 0 */
    size_t nsents;
} sl_tl_entry;

typedef struct sl_prf {
    double p, r, f;            /* precision, recall, F1; 0 when undefined */
} sl_prf;

/* Scores of one predicted timeline against one reference timeline.
 *
 * Tokens for ROUGE (r1, r2, ar1, ar2), as ROUGE-1.5.5 run with -m -s
 * (what tilse's pyrouge wrapper does): ASCII lower-case; every byte that is
 * not [a-z0-9] separates tokens; stopwords removed (a SMART-style English
 * list, tl_stopwords.c); Porter stemmer (Snowball "porter") applied to
 * tokens longer than 3 bytes. One day's sentences are joined into one
 * token sequence, so a bigram may span two sentences of the same day.
 * Counts: hit = sum over n-grams of min(pred count, ref count).
 *
 *  r1, r2   concat: all days of each timeline pooled.
 *  ar1, ar2 tilse align+ m:1. For precision every predicted day is mapped
 *           to the reference day of least cost; for recall every reference
 *           day to the predicted day of least cost (two separate
 *           many-to-one alignments). cost(a, b) = (1 - 1/(|a-b|+1)) *
 *           (1 - F), F = a ROUGE-1 F1 on raw whitespace tokens (no case
 *           folding, no stemming, stopwords kept); ties go to the earliest
 *           day. Then P = sum over predicted days of hit/(|dp-dr|+1) divided
 *           by the predicted n-gram count, R = the same weighting over
 *           reference days divided by the reference n-gram count.
 *  date     |pred days & ref days| / |pred days| and / |ref days|.
 * An empty side gives 0 for every value that would divide by it. */
typedef struct sl_tl_scores {
    sl_prf r1, r2;             /* concat ROUGE-1, ROUGE-2 */
    sl_prf ar1, ar2;           /* align+ m:1 ROUGE-1, ROUGE-2 (AR1-F, AR2-F) */
    sl_prf date;               /* Date-F1 */
} sl_tl_scores;

/* An evaluator holds a Porter stemmer, the stopword set and scratch
 * memory; one per thread. NULL when out of memory. */
typedef struct sl_tl_eval sl_tl_eval;
sl_tl_eval *sl_tl_eval_new(void);
void        sl_tl_eval_free(sl_tl_eval *ev);   /* NULL ok */

/* Scores `pred` (npred entries) against `ref` (nref entries) into *out.
 * Either side may be empty. Returns 0, or -1 when out of memory (then *out
 * is zeroed). */
int sl_tl_evaluate(sl_tl_eval *ev, const sl_tl_entry *pred, size_t npred,
                   const sl_tl_entry *ref, size_t nref, sl_tl_scores *out);

/* True (1) when the lower-cased ASCII word `w` is in the ROUGE stopword
 * list used above. */
int sl_tl_is_rouge_stopword(const char *w, size_t len);
/* The list itself (static storage, sorted in strcmp order); returns its
 * length and points *out at it when out is not NULL. */
size_t sl_tl_rouge_stopwords(const char *const **out);

/* Averaging over many timelines, as news-tls reports it: for every metric
 * the mean precision and the mean recall over the timelines added, and F
 * computed from those two means (not the mean of the per-timeline F).
 * Zero-initialise (`sl_tl_mean m = {0};`), add, then read. */
typedef struct sl_tl_mean {
    sl_tl_scores sum;          /* sums of p and r (f unused) */
    size_t n;                  /* timelines added */
} sl_tl_mean;
void sl_tl_mean_add(sl_tl_mean *m, const sl_tl_scores *s);
/* Means into *out (all zero when nothing was added). */
void sl_tl_mean_get(const sl_tl_mean *m, sl_tl_scores *out);
/* F1 of p and r; 0 when p + r == 0. */
double sl_tl_f1(double p, double r);

/* ======================================================================
 * (B) CONSTRUCTION
 * ====================================================================== */

enum sl_tl_cand_flag {
    SL_TLC_MENTION = 1 << 0,   /* `day` comes from a date expression in the
                                  sentence; otherwise `day` is the article's
                                  publication date */
};

/* One candidate sentence. A sentence that mentions several dates is given
 * once per date (same `sent` id), each copy with its own `day`. `stems`
 * are hashes of the sentence's content stems in text order (stopwords
 * already removed; repeats allowed; adjacent stems form the bigram
 * features); they are read during sl_tl_build only. */
typedef struct sl_tl_cand {
    int32_t day;               /* the date this candidate speaks for */
    int32_t pub_day;           /* publication date of its article */
    uint32_t flags;            /* sl_tl_cand_flag */
    uint32_t article;          /* article index (caller's numbering) */
    uint32_t source;           /* source / outlet id (caller's numbering) */
    uint32_t sent;             /* sentence id (caller's numbering; copies of
                                  one sentence share it) */
    uint32_t pos;              /* position of the sentence in its article,
                                  0 = first (lead) */
    const uint64_t *stems;     /* nstems content stem hashes */
    uint32_t nstems;
} sl_tl_cand;

/* Parameters. Start from sl_tl_params_default and change what you need.
 * Every field is a tunable with the bounds given; sl_tl_build rejects
 * values outside them (returns -2). */
typedef struct sl_tl_params {
    size_t l;                  /* dates wanted, <= 100000; 0 = automatic (see tl_build.c:
                                  dates backed by >= 2 articles, at least one
                                  mention, clamped to 3..40) */
    size_t k;                  /* sentences per date, <= 1000; 0 = automatic:
                                  1, or 2 when the median chosen date has
                                  >= 8 candidates */
    int     use_range;         /* 1: only days within [day_min, day_max] */
    int32_t day_min, day_max;
    const uint64_t *keywords;  /* query stem hashes (may be NULL) */
    size_t nkeywords;
    double w_mention;          /* [0,100] weight of a sentence mentioning the
                                  day, default 1 */
    double w_pub;              /* [0,100] weight of a sentence merely
                                  published that day, default 0.01 */
    double w_article;          /* [0,100] weight per distinct article that
                                  mentions the day, default 0.5 */
    double w_keyword;          /* [0,100] multiplier bonus of a sentence with
                                  a keyword, default 1 (weight x (1+w)) */
    double redundancy;         /* [0,1] max cosine between two chosen
                                  sentences, default 0.5 */
    uint32_t min_len, max_len; /* content stems per chosen sentence, default
                                  5..40 (1 <= min_len <= max_len <= 10000) */
    double support_cos;        /* [0,1] cosine at which another candidate of
                                  the day counts as saying the same, 0.3 */
    double pub_sent;           /* [0,1] sentence-score factor of a candidate
                                  without its own date, default 0.8 */
    double no_keyword;         /* [0,1] sentence-score factor of a candidate
                                  without a keyword (when keywords given), 0.7 */
    double w_echo;             /* [0,100] sentence score x (1 + w_echo *
                                  ln(1 + other sources saying the same)), 1 */
    double w_bigram;           /* [0,100] weight of stem-bigram features
                                  (adjacent stems) next to single stems in
                                  the sentence vectors; default 0 = stems
                                  only (bigrams did not help on t17-dev) */
    double w_lead;             /* [0,100] sentence score x (1 + w_lead /
                                  (1 + pos)): lead bias, default 0.3 */
    double date_spread;        /* [0,1] temporal diversity of the chosen
                                  dates (see tl_build.c), default 0 */
    double min_rel_score;      /* [0,1] a day's 2nd..k-th sentence is taken
                                  only if its score is >= this times the
                                  day's first; default 0 (always k) */
} sl_tl_params;
void sl_tl_params_default(sl_tl_params *p);

/* The numeric tunables above (every field but use_range, day_min, day_max,
 * keywords, nkeywords), declared once: name = the field's name. */
typedef struct sl_tl_param_desc {
    const char *name;          /* field name, e.g. "w_lead" */
    double def, lo, hi;        /* default and inclusive bounds */
    const char *help;          /* one line */
} sl_tl_param_desc;
/* Copies up to cap descriptions into out (may be NULL) and returns how
 * many there are. */
size_t sl_tl_param_table(sl_tl_param_desc *out, size_t cap);
/* Sets the field called `name` to `value`. Returns 0, or -2 for an unknown
 * name or a value out of bounds (or not whole for an integer field). */
int sl_tl_param_set(sl_tl_params *p, const char *name, double value);

typedef struct sl_tl_support {
    uint32_t source, article;
} sl_tl_support;

/* One date of the built timeline. */
typedef struct sl_tl_day {
    int32_t day;
    double score;              /* date importance (higher = more important) */
    uint32_t *cands;           /* ncands indices into the input candidates,
                                  best first */
    size_t ncands;
    sl_tl_support *support;    /* distinct (source, article) pairs whose
                                  candidates of this day say what a chosen
                                  sentence says (including the chosen ones),
                                  sorted by source then article */
    size_t nsupport;
} sl_tl_day;

typedef struct sl_tl_result {
    sl_tl_day *days;           /* chronological */
    size_t n;
    size_t l_used, k_used;     /* the l and k actually applied (l_used is
                                  at most the number of usable days) */
} sl_tl_result;

/* Builds a timeline from n candidates (n < 2^32 - 1: output indices are
 * uint32_t). *out is overwritten (not freed first). Fewer than l dates come
 * back when fewer days have a usable candidate; a day may hold fewer than
 * k sentences for the same reason or because the rest were redundant (a
 * day left with none is dropped).
 * Deterministic: same input, same output. Returns 0, -1 when out of memory
 * (*out empty), -2 on a parameter out of bounds (*out empty). */
int  sl_tl_build(const sl_tl_cand *c, size_t n, const sl_tl_params *p,
                 sl_tl_result *out);
void sl_tl_result_free(sl_tl_result *r);   /* NULL ok; leaves it empty */

#endif
