/*
 * store.h - the embedded database (SQLite, WAL mode): schema, migrations and
 * every SQL statement storyline runs. The store owns the database file; the
 * layers above it deal in plain structs.
 *
 * Tables (schema version 1):
 *   meta(key, value)                  schema_version, parameters in force
 *   sources(id, name)                 outlets
 *   articles(seq, key, ...)           one row per article; seq = arrival order;
 *                                     sents and removed hold the sentence spans and
 *                                     the removed boilerplate lines (offsets into
 *                                     text, packed varints: one row per article
 *                                     keeps the writer at ~20 us an article)
 *   source_lines(source, hash, n)     lines a source repeated (n >= 2 only)
 *   ingest_log(id, ...)               one row per add run: counts and stage times
 *
 * The clean text of an article is its text minus its removed lines; it is not
 * stored twice.
 */
#ifndef SL_STORE_H
#define SL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "storyline.h"

#define SL_SCHEMA_VERSION 1

typedef struct sl_store sl_store;

/* Opens or creates the database and migrates it. readonly opens an existing
 * file for reading only (a second connection for a reader thread). On error
 * returns SL_EIO/SL_ERROR and writes the reason into err. */
int  sl_store_open(sl_store **out, const char *path, int readonly, char *err, size_t errlen);
void sl_store_close(sl_store *s);                 /* NULL ok */
const char *sl_store_errmsg(const sl_store *s);

/* Background checkpoints for a long run of writes (`add`): until
 * sl_store_ckpt_stop, commits no longer checkpoint the WAL on the calling
 * thread; a thread with its own connection copies the WAL into the
 * database once it holds CKPT_PAGES pages, while the writer goes on. At
 * twice that, the committing thread copies what is left (the frames of its
 * last commit, normally), so that the WAL can start over. No-op (SL_OK) for :memory: and
 * read-only stores, or when the thread cannot start. */
int  sl_store_ckpt_start(sl_store *s);
void sl_store_ckpt_stop(sl_store *s);            /* NULL ok; idempotent */
/* The WAL size (pages) that wakes the checkpointer; default 8,000. */
void sl_store_set_ckpt_pages(sl_store *s, int pages);
/* Since open, the running checkpointer included: checkpoints the thread
 * ran that copied frames, checkpoints the committing thread ran, and the
 * largest WAL (pages) after a commit while a checkpointer ran. */
typedef struct sl_store_ckpt_stats {
    uint64_t background, foreground;
    int max_wal_pages;
} sl_store_ckpt_stats;
void sl_store_get_ckpt_stats(const sl_store *s, sl_store_ckpt_stats *out);

int sl_store_begin(sl_store *s);
int sl_store_commit(sl_store *s);
int sl_store_rollback(sl_store *s);

/* Looks up an article by key: returns 1 and fills seq/hash when found, 0
 * when not, < 0 on error. */
int sl_store_find_key(sl_store *s, const char *key, int64_t *seq, uint64_t *text_hash);

/* Source id for a name, created when new (cached in memory). */
int sl_store_source(sl_store *s, const char *name, int64_t *id);

/* One analysed article ready to store. */
typedef struct sl_store_article {
    const char *key, *id, *url, *title, *date, *date_raw, *lang, *warnings, *extra, *origin;
    int64_t source;
    int date_flag;
    const char *text; size_t text_len;
    uint64_t text_hash;
    uint32_t words;
    const sl_span *sents; size_t nsents;
    const uint32_t *removed; size_t nremoved;  /* triples: start, end, rule */
} sl_store_article;

/* Inserts a new article, or replaces the one with the same key (keeping its
 * seq) when replace is set. *seq receives its arrival number. */
int sl_store_put(sl_store *s, const sl_store_article *a, int replace, int64_t *seq);

/* Repeated-line counts of one source: cb is called for each stored line. */
int sl_store_lines_load(sl_store *s, int64_t source,
                        void (*cb)(void *ud, uint64_t hash, uint32_t n), void *ud);
int sl_store_lines_save(sl_store *s, int64_t source, uint64_t hash, uint32_t n);

int sl_store_log_add(sl_store *s, const char *paths, const sl_add_report *r);

/* Queries for the public API. */
int sl_store_articles(sl_store *s, int (*cb)(void *ud, const sl_article_info *a), void *ud);
int sl_store_get(sl_store *s, const char *id, sl_article_view **out,
                     const char *(*rule_name)(int));
int sl_store_stats(sl_store *s, sl_stats_info *out);

/* ---- copies and rewrites ---- */

#define SL_SCHEMA_DUPS 2

/* meta key/value: returns 1 found (value copied), 0 absent, < 0 error. */
int sl_store_meta_get(sl_store *s, const char *key, char *out, size_t cap);
int sl_store_meta_set(sl_store *s, const char *key, const char *value);

/* One verified copy/rewrite edge; a is the article added first. */
typedef struct sl_store_dup {
    int64_t a, b;
    int kind;            /* enum sl_match_class */
    double jaccard, ca, cb;  /* ca: containment of a in b; cb: of b in a */
    int64_t shared;      /* shared distinct shingles */
} sl_store_dup;

/* Saves an article's sketch blob and its shingle set (sorted distinct
 * 32-bit values, stored raw little-endian: 4 bytes a shingle, read back
 * without decoding; rows from before schema 4 hold delta varints and are
 * still read by sl_store_shset_get). */
int sl_store_sketch_put(sl_store *s, int64_t seq, uint64_t norm_hash, const void *blob, size_t len,
                        const uint32_t *set, size_t nset);
/* The stored shingle set of an article (*set allocated, caller frees). */
int sl_store_shset_get(sl_store *s, int64_t seq, uint32_t **set, size_t *n);
/* |a ∩ stored set of seq| for a sorted distinct a, reading only the parts
 * of the stored set near a's values (for a small a against a large set);
 * *nb = the stored set's size. Returns 0, or 1 when the row is missing or its
 * set predates schema 4: use sl_store_shset_get then. */
int sl_store_shset_count(sl_store *s, int64_t seq, const uint32_t *a, size_t na, size_t *nb, size_t *shared);
/* Closes the read cursor sl_store_shset_count keeps open (before writing to
 * the sketches table: an open cursor there makes every write save it). */
void sl_store_shset_release(sl_store *s);
/* 1 found (*blob allocated, caller frees), 0 absent, < 0 error. */
int sl_store_sketch_get(sl_store *s, int64_t seq, uint64_t *norm_hash, void **blob, size_t *len);
int sl_store_sketches_each(sl_store *s, int (*cb)(void *ud, int64_t seq, uint64_t norm_hash,
                                                  const void *blob, size_t len), void *ud);
int sl_store_dup_put(sl_store *s, const sl_store_dup *d);
/* Edges of one article (article > 0) or all (article <= 0), ordered by (a, b). */
int sl_store_dups_each(sl_store *s, int64_t article, int (*cb)(void *ud, const sl_store_dup *d), void *ud);
/* Text and removed spans (triples) of an article; caller frees both. */
int sl_store_text(sl_store *s, int64_t seq, char **text, size_t *len, uint32_t **removed,
                  size_t *nremoved);
/* Info of one article by seq (> 0) or id; strings copied into buf. */
int sl_store_info(sl_store *s, int64_t seq, const char *id, sl_article_info *out, char *buf, size_t cap);
/* Removes the copy edges of an article. */
int sl_store_dups_delete(sl_store *s, int64_t seq);
/* Removes an article, its sketch and its edges. */
int sl_store_forget(sl_store *s, int64_t seq);
/* Articles dated before date (YYYY-MM-DD); *out allocated. */
int sl_store_seqs_before(sl_store *s, const char *date, int64_t **out, size_t *n);

/* ---- stories ---- */
int sl_store_member_put(sl_store *s, int64_t article, int64_t story, double score, int copy, int is_new,
                        const char *names, const char *headline);
/* Story `from` merged into `into` by the add of article `at`. */
int sl_store_story_merge(sl_store *s, int64_t from, int64_t into, int64_t at);
/* An article's story features and the story it joined (before any merge). */
int sl_store_clrep_put(sl_store *s, int64_t article, const void *blob, size_t len, int64_t story);
/* A learned alias: name key `alias` counts as `name` from now on (rows
 * keep the order learned; engine_stories.c replays them on open). */
int sl_store_alias_put(sl_store *s, uint64_t alias, uint64_t name);

/* A read query with integer parameters ?1..?n and an optional text ?n+1;
 * cb gets each row (use the sl_col_* accessors), non-zero stops. For the
 * engine's read-side queries, so SQL stays in the store. */
typedef struct sqlite3_stmt *sqlite3_stmt_ptr;
int sl_store_query(sl_store *s, const char *sql, const int64_t *ints, size_t nints, const char *text,
                   int (*cb)(void *ud, int ncol, sqlite3_stmt_ptr st), void *ud);
/* The same with two text parameters ?1 and ?2. */
int sl_store_query2(sl_store *s, const char *sql, const char *t1, const char *t2,
                    int (*cb)(void *ud, int ncol, sqlite3_stmt_ptr st), void *ud);
int64_t sl_col_int(sqlite3_stmt_ptr st, int i);
double sl_col_double(sqlite3_stmt_ptr st, int i);
const char *sl_col_text(sqlite3_stmt_ptr st, int i);
const void *sl_col_blob(sqlite3_stmt_ptr st, int i, size_t *len);

/* ---- selections ---- */
typedef struct sl_store_filter {
    const char *from, *to;                /* publication date bounds, inclusive */
    const char *extra_key, *extra_value;  /* input field equality */
    int64_t story;                        /* > 0: members of this story */
} sl_store_filter;
int sl_store_select(sl_store *s, const sl_store_filter *f, int (*cb)(void *ud, int64_t seq), void *ud);

#endif
