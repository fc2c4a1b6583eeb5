/*
 * storyline.h - public API of libstoryline, the news story engine.
 *
 * An engine is one database (an SQLite file in WAL mode, or ":memory:") with
 * its indexes and options. Articles go in through sl_add() (one article) or
 * sl_add_paths() (files, folders, stdin; analysed on a pool of worker threads
 * and written by one writer, one transaction per batch). What was stored comes
 * back through the query functions below.
 *
 * Conventions
 *  - Every function returning int returns SL_OK (0) or a negative SL_E* code;
 *    the message for the last error on a handle is sl_errmsg(engine).
 *  - Out-parameters come first after the handle. Anything a function
 *    allocates for the caller is released by the matching *_free function,
 *    each of which accepts NULL.
 *  - One engine handle is used by one thread at a time. The engine itself
 *    starts worker threads inside sl_add_paths(); their number never changes
 *    the results (same input in the same order gives the same database).
 *  - Strings are UTF-8 and NUL-terminated.
 */
#ifndef STORYLINE_H
#define STORYLINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SL_VERSION "0.1.0"

/* ---- status codes ----------------------------------------------------- */

enum {
    SL_OK = 0,
    SL_ERROR = -1,     /* generic failure; see sl_errmsg() */
    SL_ENOMEM = -2,    /* out of memory */
    SL_EINVAL = -3,    /* bad argument (programmer or user error) */
    SL_ENOTFOUND = -4, /* no such article/story */
    SL_EIO = -5,       /* file or database I/O failed */
    SL_EINPUT = -6,    /* the article was rejected as bad input */
    SL_EPARAMS = -7    /* database was built with incompatible parameters */
};

/* ---- options ----------------------------------------------------------- */

/* Every tunable is declared once in a table (name, default, bounds, help),
 * which sl_params() exposes; `--help` of the CLI and the HTTP service print
 * that table. Values are doubles in the table; integer tunables are whole. */
typedef struct sl_param {
    const char *name;   /* e.g. "batch-size" */
    double def;         /* default value */
    double min, max;    /* inclusive bounds, checked by sl_options_set() */
    int is_int;         /* 1 when only whole numbers are allowed */
    const char *help;   /* one line */
} sl_param;

/* The table of tunables; *n receives its length. Static storage. */
const sl_param *sl_params(size_t *n);

/* Option values, one per sl_params() entry, in table order. Initialise with
 * sl_options_default(); change with sl_options_set(). */
typedef struct sl_options {
    double v[96];
} sl_options;

void sl_options_default(sl_options *opt);

/* Sets the tunable `name` to the number in `value` after checking its
 * bounds. On failure returns SL_EINVAL and writes a one-line reason to
 * err[0..errlen). */
int sl_options_set(sl_options *opt, const char *name, const char *value,
                   char *err, size_t errlen);

/* Reads a tunable by name (returns its default when name is unknown). */
double sl_options_get(const sl_options *opt, const char *name);

/* ---- engine ------------------------------------------------------------ */

typedef struct sl_engine sl_engine;

/* Opens (creating if needed) the database at db_path (":memory:" allowed),
 * migrating its schema to the current version. opt may be NULL (defaults).
 * On failure *out may still hold a handle whose sl_errmsg() says why; the
 * caller closes it either way. */
int  sl_open(sl_engine **out, const char *db_path, const sl_options *opt);
void sl_close(sl_engine *e);                 /* NULL ok */
const char *sl_errmsg(const sl_engine *e);   /* never NULL */

/* ---- adding articles --------------------------------------------------- */

/* One article as read from a file or a request. Only `text` is required;
 * every pointer may be NULL otherwise. Nothing is retained after the call. */
typedef struct sl_article {
    const char *id;         /* the article's own id; key of the article */
    const char *url;        /* key when id is NULL; source falls back to its host */
    const char *source;     /* outlet name */
    const char *title;
    const char *date;       /* YYYY-MM-DD, RFC 3339 or RFC 2822; else kept as given and flagged */
    const char *lang;       /* ISO 639-1; NULL = "en" */
    const char *text;       /* article text, any bytes (invalid UTF-8 is repaired) */
    size_t text_len;
    const char *extra_json; /* a JSON object of other fields, kept and returned as is */
    const char *origin;     /* "FILE:LINE" used in messages; NULL = "<api>" */
} sl_article;

/* What happened to one article. */
typedef enum sl_add_status {
    SL_ADDED = 0,     /* new article stored */
    SL_PRESENT = 1,   /* same key and same text already stored: nothing done */
    SL_UPDATED = 2,   /* same key, different text: replaced */
    SL_REJECTED = 3   /* bad input: see the diagnostic */
} sl_add_status;

/* Called once per rejected article or unreadable input, with origin
 * ("FILE:LINE" or "FILE") and a one-line reason; also for warnings on
 * stored articles when level is 1 (0 = rejected/error). */
typedef void (*sl_diag_fn)(void *ud, int level, const char *origin, const char *reason);

/* Counts of one add run. Stage times are CPU seconds (thread CPU time)
 * summed over the threads that ran the stage, so they add up to the work
 * done whatever the number of cores; `seconds` is wall-clock. */
enum {
    SL_STAGE_READ,     /* reading files (reader thread) */
    SL_STAGE_CLEAN,    /* JSON parsing, UTF-8 repair, lines, repeated-line marks */
    SL_STAGE_ANALYZE,  /* boilerplate patterns, tokens, sentences, stems, dates */
    SL_STAGE_SKETCH,   /* shingles, MinHash, band keys, fingerprints */
    SL_STAGE_DUPS,     /* copy query + verification + index insert (writer) */
    SL_STAGE_STORIES,  /* story assignment (writer) */
    SL_STAGE_WRITE,    /* storing articles (writer) */
    SL_STAGE_COUNT
};
typedef struct sl_add_report {
    uint64_t read;      /* articles read (valid or not) */
    uint64_t added;     /* newly stored */
    uint64_t present;   /* already there with the same text */
    uint64_t updated;   /* replaced (same key, new text) */
    uint64_t rejected;  /* bad input */
    uint64_t inputs_failed; /* files that could not be read at all */
    uint64_t bytes;     /* bytes of article text read */
    double seconds;     /* wall-clock time of the run */
    double stage[SL_STAGE_COUNT];
    double dup_p50_ms, dup_p99_ms, dup_max_ms;  /* per-article copy query+insert latency (wall) */
    double dup_cpu_p50_ms, dup_cpu_p99_ms;      /* the same in CPU time of the writer thread */
    double dup_query_p50_ms, dup_query_p99_ms;  /* the query alone (candidates, verification,
                                                   edges stored), without the insert (wall) */
    double dup_query_cpu_p50_ms, dup_query_cpu_p99_ms;   /* the same in CPU time */
    double writer_wait; /* wall seconds the writer waited for analysed articles */
    double worker_wait; /* wall seconds the workers waited for work (summed) */
} sl_add_report;

/* Returns the name of a stage ("read", "clean", "analyze", "write"). */
const char *sl_stage_name(int stage);

/* Adds one article (its own transaction). *status receives what happened;
 * a rejected article returns SL_EINPUT with the reason in sl_errmsg(). */
int sl_add(sl_engine *e, const sl_article *in, sl_add_status *status);

/* Adds every article found under the given paths: files (.txt = one
 * article, .jsonl / .jsonl.gz = one article per line), folders (recursive,
 * symlink loops detected), or "-" for JSONL on standard input. Bad input is
 * reported through diag (may be NULL) and skipped; the run goes on. Fills
 * *rep (may be NULL). Returns SL_OK unless the database failed. */
int sl_add_paths(sl_engine *e, const char *const *paths, size_t npaths,
                 sl_diag_fn diag, void *ud, sl_add_report *rep);

/* ---- reading back ------------------------------------------------------ */

enum sl_date_flag {
    SL_DATE_NONE = 0,     /* unknown */
    SL_DATE_GIVEN = 1,    /* from metadata, parsed */
    SL_DATE_UNPARSED = 2, /* metadata present but not a date we read; kept as given */
    SL_DATE_INFERRED = 3  /* from the text (a dateline) */
};

typedef struct sl_article_info {
    int64_t seq;            /* arrival number, 1-based */
    const char *id;         /* external id (or the key derived from url/text) */
    const char *source;     /* "unknown" when none */
    const char *url;        /* may be NULL */
    const char *title;      /* may be NULL */
    const char *date;       /* YYYY-MM-DD, or as given when unparsed, or NULL */
    int date_flag;          /* enum sl_date_flag */
    uint32_t words;         /* tokens in the clean text */
    uint32_t sentences;
    uint32_t removed_lines; /* boilerplate lines excluded from analysis */
    const char *warnings;   /* comma-separated, "" when none */
    const char *extra_json; /* JSON object of other input fields, or NULL */
} sl_article_info;

/* Calls cb for every stored article in arrival order; cb returns non-zero
 * to stop early. Pointers are valid during the call only. */
int sl_articles(sl_engine *e, int (*cb)(void *ud, const sl_article_info *a), void *ud);

typedef struct sl_span {
    uint32_t start, end;    /* byte offsets into sl_article_view.text */
} sl_span;

typedef struct sl_removed_line {
    uint32_t start, end;    /* byte offsets into text */
    const char *rule;       /* rule that removed it, e.g. "comment-prompt" */
} sl_removed_line;

/* One stored article in full. Owned by the caller: sl_article_view_free(). */
typedef struct sl_article_view {
    sl_article_info info;
    const char *text;       /* display text: the input, UTF-8 repaired */
    size_t text_len;
    sl_span *sentences;     size_t nsentences;
    sl_removed_line *removed; size_t nremoved;
} sl_article_view;

/* Looks up an article by its id (or key). SL_ENOTFOUND when absent. */
int  sl_article_get(sl_engine *e, const char *id, sl_article_view **out);
void sl_article_view_free(sl_article_view *v);

typedef struct sl_stats_info {
    uint64_t articles, sources, sentences, removed_lines, words;
    uint64_t text_bytes;          /* bytes of stored article text */
    uint64_t db_bytes;            /* size of the database (pages in use) */
    int schema_version;
    int has_last_add;             /* 1 when an add run was logged */
    sl_add_report last_add;       /* counts and stage times of the last add run */
    char last_add_when[32];       /* UTC, ISO 8601 */
} sl_stats_info;

int sl_stats(sl_engine *e, sl_stats_info *out);

/* ---- copies and rewrites -------------------------------------------------
 * Every added article is compared with everything stored: candidates come
 * from MinHash LSH bands and winnowing fingerprints, and every candidate is
 * verified on the exact shingle sets, so every score reported is exact.
 * Kinds: "exact" (same normalized token sequence), "near" (Jaccard of the
 * word-shingle sets >= sketch.near), "reuse" (one contains >= sketch.reuse
 * of the other's shingles, sharing >= sketch.min_shared of them), and
 * "similar" (kept because a score reached dup-floor, but none of the three). */

typedef struct sl_dup {
    const char *a, *b;       /* article ids; a was added first */
    const char *kind;        /* "exact", "near", "reuse" or "similar" */
    double jaccard;          /* |A ∩ B| / |A ∪ B| over word shingles */
    double a_in_b, b_in_a;   /* containments: |A ∩ B| / |A|, |A ∩ B| / |B| */
    int64_t shared;          /* shared distinct shingles */
    const char *source;      /* the original: earlier publication date when both are
                              * known, else the contained one, else a */
    const char *copy;        /* the other one */
} sl_dup;

typedef int (*sl_dup_cb)(void *ud, const sl_dup *d);   /* non-zero stops */

/* Copy edges of one article (article != NULL) or all, ordered by (a, b). */
int sl_dups(sl_engine *e, const char *article, sl_dup_cb cb, void *ud);

/* Exact mode: recomputes from the stored texts every pair of articles that
 * share a shingle, with true set similarities, and reports those with
 * Jaccard >= min_jaccard, or containment >= min_containment and at least
 * sketch.min_shared shared shingles. The correctness oracle for sl_dups();
 * memory and time grow with the corpus, so it is for evaluation. */
int sl_dups_exact(sl_engine *e, double min_jaccard, double min_containment, sl_dup_cb cb, void *ud);

/* Groups of copies (articles joined by exact, near or reuse edges), each
 * with a canonical article chosen by a rule that gives the same answer
 * every run: SL_CANON_EARLIEST (earliest publication date, then first
 * added), SL_CANON_LONGEST (most words, then first added), or
 * SL_CANON_PREFERRED (the first of `preferred` sources present, else
 * earliest). members[0] is the canonical one; the others follow in arrival
 * order. */
enum { SL_CANON_EARLIEST = 0, SL_CANON_LONGEST = 1, SL_CANON_PREFERRED = 2 };
int sl_dup_groups(sl_engine *e, int rule, const char *const *preferred, size_t npreferred,
                  int (*cb)(void *ud, const char *const *members, size_t n), void *ud);

/* Why two articles are (or are not) copies: the scores, the rule that
 * fired, and the shared passages aligned in both texts. */
typedef struct sl_why_passage {
    uint32_t a_start, a_end;   /* byte span in text_a */
    uint32_t b_start, b_end;   /* byte span in text_b */
} sl_why_passage;

typedef struct sl_why {
    sl_dup d;                  /* scores and kind ("none" when no rule fired) */
    char rule[256];            /* the rule that fired, with its numbers */
    const char *text_a, *text_b;
    sl_why_passage *passages;
    size_t npassages;
    size_t shared_tokens;      /* tokens of a covered by passages */
} sl_why;

int  sl_why_dup(sl_engine *e, const char *a, const char *b, sl_why **out);
void sl_why_free(sl_why *w);

/* Removes articles (by id) and everything derived from them: text, copy
 * edges, index entries. *forgotten receives how many were found. */
int sl_forget(sl_engine *e, const char *const *ids, size_t n, size_t *forgotten);
/* Removes every article published before date (YYYY-MM-DD). */
int sl_forget_before(sl_engine *e, const char *date, size_t *forgotten);

/* ---- stories -----------------------------------------------------------------
 * Each added article is filed under a story (one real-world event) as it
 * arrives: compared with the live stories found through an inverted index
 * (TF-IDF over stems with title and lead weighted up, name alias keys, and
 * a decay on the date gap), it joins the best one above a threshold or
 * starts a new story. Story ids are 1, 2, 3, ... and never renumbered;
 * stories that grow into one another are merged and the old id resolves to
 * the surviving one. */

typedef struct sl_story_info {
    int64_t id;
    const char *headline;     /* title (or first sentence) of its first article */
    size_t articles;          /* members */
    size_t copies;            /* members that are copies or rewrites of an earlier member */
    size_t sources;           /* distinct outlets */
    const char *first_date;   /* earliest publication date, or NULL */
    const char *last_date;    /* latest publication date, or NULL */
    const char *names;        /* most frequent names, comma-separated */
} sl_story_info;

/* Every story (since: only stories with an article published on or after
 * since, YYYY-MM-DD; NULL = all), newest first. */
int sl_stories(sl_engine *e, const char *since, int (*cb)(void *ud, const sl_story_info *s), void *ud);

/* article id and story id of every stored article, in arrival order. */
int sl_story_members(sl_engine *e, int (*cb)(void *ud, const char *article, int64_t story), void *ud);

typedef struct sl_story_article {
    const char *id, *source, *date, *title;
    const char *copy_of;      /* the article it copies (exact/near/reuse source), or NULL */
    double score;             /* its score to the story when it joined (0: started it) */
} sl_story_article;

typedef struct sl_story_view {
    sl_story_info info;
    sl_story_article *articles;  size_t narticles;   /* originals first, each followed by its copies */
    const char **source_names;   size_t nsources;
} sl_story_view;

int  sl_story_get(sl_engine *e, const char *id, sl_story_view **out);
void sl_story_view_free(sl_story_view *v);

/* Why two articles are (not) in one story: the clustering score parts. */
typedef struct sl_why_story {
    int64_t story_a, story_b;  /* their stories (same id = one story) */
    double cosine, names, time, total, threshold;
    double gap_days;           /* -1 when a date is unknown */
    double args;               /* event-argument factor (1: no figures in common) */
    int args_agree, args_conflict; /* figure units both state with a shared value / none */
    char shared_names[512];    /* the heaviest shared names (alias keys) */
} sl_why_story;

int sl_why_stories(sl_engine *e, const char *a, const char *b, sl_why_story *out);

/* Clustering quality against gold labels: `label` and (optionally) `topic`
 * are input fields of the stored articles (kept as extra). */
typedef struct sl_cluster_scores {
    double pair_p, pair_r, pair_f1;
    double b3_p, b3_r, b3_f1;
    double ari;
    size_t articles, pred_clusters, gold_clusters;
    size_t mixed;              /* predicted stories mixing two gold events of one topic */
    size_t topics_mixed;       /* topics with such a story */
} sl_cluster_scores;

int sl_eval_clusters(sl_engine *e, const char *label, const char *topic, sl_cluster_scores *out);

/* ---- dates and timelines --------------------------------------------------- */

/* Date expressions of one stored article, normalized as TimeML values
 * against its publication date (or, without one, only what the text fixes:
 * relative expressions stay unresolved, never guessed). */
typedef struct sl_date_expr {
    uint32_t start, end;     /* byte offsets into the article's text */
    const char *text;        /* the expression (NUL-terminated copy) */
    const char *type;        /* "DATE", "TIME", "DURATION" or "SET" */
    const char *value;       /* TimeML value: 2017-10-29, 2017-09, 2017-W40, XXXX-WXX-7, P2W ... */
    const char *value2;      /* end of a range ("" when not a range) */
    int sentence;            /* index of the sentence holding it */
} sl_date_expr;

typedef struct sl_article_dates {
    const char *id;
    const char *pub_date;    /* YYYY-MM-DD or NULL */
    const char *pub_flag;    /* "given", "inferred", "unparsed", "none" */
    sl_date_expr *exprs;     size_t nexprs;
    const char *text;        /* the article's text */
    sl_span *sentences;      size_t nsentences;
    const char **sentence_date;  /* per sentence: YYYY-MM-DD / YYYY-MM / YYYY, or NULL */
} sl_article_dates;

int  sl_dates(sl_engine *e, const char *article, sl_article_dates **out);
void sl_article_dates_free(sl_article_dates *d);

/* Which articles a timeline is built from, and its size. */
typedef struct sl_timeline_query {
    const char *story;        /* a story id, or NULL for everything stored */
    const char *from, *to;    /* publication dates YYYY-MM-DD (inclusive), or NULL */
    const char *keywords;     /* comma-separated words sentences should be about, or NULL */
    const char *extra_key;    /* only articles whose input field extra_key ... */
    const char *extra_value;  /* ... equals extra_value (e.g. "topic" = "H1N1"), or NULL */
    size_t dates;             /* dates wanted; 0 = chosen from the articles */
    size_t per_date;          /* sentences per date; 0 = chosen */
} sl_timeline_query;

typedef struct sl_timeline_source {
    const char *source;       /* outlet */
    const char *article;      /* article id */
} sl_timeline_source;

typedef struct sl_timeline_entry {
    char date[11];                        /* YYYY-MM-DD */
    const char **sentences;   size_t nsentences;
    const char **sentence_article;        /* article id of each sentence */
    sl_timeline_source *sources; size_t nsources;   /* who reported it */
    double score;                         /* date importance */
} sl_timeline_entry;

typedef struct sl_timeline {
    sl_timeline_entry *entries;  size_t n;   /* chronological */
    size_t articles;             /* articles the timeline was built from */
    size_t candidates;           /* sentences considered */
    size_t undated;              /* sentences with no date of their own nor a publication date */
} sl_timeline;

int  sl_timeline_build(sl_engine *e, const sl_timeline_query *q, sl_timeline **out);
void sl_timeline_free(sl_timeline *t);

#ifdef __cplusplus
}
#endif

#endif
