/*
 * store.c - SQLite persistence for storyline. See store.h for the schema.
 *
 * Design notes
 *  - WAL mode with synchronous=NORMAL: a committed batch survives the
 *    process being killed; the batch in flight is rolled back on the next
 *    open. One writer connection; readers may open the file read-only.
 *  - Every statement is prepared once and cached in the handle (the hot
 *    path inserts ~30 rows per article).
 *  - Migrations are an ordered list of SQL scripts; meta.schema_version says
 *    how many have run. A database newer than this build is refused.
 */
#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/common.h"

/* ---- schema -------------------------------------------------------------- */

static const char *const MIGRATIONS[] = {
    /* 1 */
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE sources(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE articles("
    "  seq INTEGER PRIMARY KEY,"        /* arrival order */
    "  key TEXT NOT NULL UNIQUE,"       /* id, else url, else sha:<hash of text> */
    "  id TEXT, url TEXT, source INTEGER NOT NULL REFERENCES sources(id),"
    "  title TEXT, date TEXT, date_raw TEXT, date_flag INTEGER NOT NULL DEFAULT 0,"
    "  lang TEXT, text TEXT NOT NULL, text_hash INTEGER NOT NULL,"
    "  words INTEGER NOT NULL, nsent INTEGER NOT NULL, nremoved INTEGER NOT NULL,"
    "  warnings TEXT NOT NULL DEFAULT '', extra TEXT, origin TEXT,"
    "  sents BLOB,"                     /* sentence offsets, see pack_spans() */
    "  removed BLOB,"                   /* removed lines: offsets and rule */
    "  added_at TEXT NOT NULL);"
    "CREATE TABLE source_lines(source INTEGER NOT NULL, hash INTEGER NOT NULL,"
    "  n INTEGER NOT NULL, PRIMARY KEY(source, hash)) WITHOUT ROWID;"
    "CREATE TABLE ingest_log(id INTEGER PRIMARY KEY, finished TEXT NOT NULL, paths TEXT,"
    "  nread INTEGER, added INTEGER, present INTEGER, updated INTEGER, rejected INTEGER,"
    "  failed INTEGER, bytes INTEGER, seconds REAL,"
    "  stages TEXT);",                   /* seconds per stage, space-separated, in enum order */
    /* 2: copies and rewrites */
    "CREATE TABLE sketches(article INTEGER PRIMARY KEY, norm_hash INTEGER NOT NULL,"
    "  blob BLOB NOT NULL,"
    "  shset BLOB);"                  /* the shingle set, 32-bit, delta varints (see 4) */
    "CREATE TABLE dups(a INTEGER NOT NULL, b INTEGER NOT NULL, kind INTEGER NOT NULL,"
    "  jaccard REAL NOT NULL, ca REAL NOT NULL, cb REAL NOT NULL, shared INTEGER NOT NULL,"
    "  PRIMARY KEY(a, b)) WITHOUT ROWID;"
    "CREATE INDEX dups_b ON dups(b);",
    /* 3: stories */
    "CREATE TABLE stories(id INTEGER PRIMARY KEY, merged_into INTEGER, first_article INTEGER NOT NULL,"
    "  headline TEXT);"
    "CREATE TABLE members(article INTEGER PRIMARY KEY, story INTEGER NOT NULL, score REAL NOT NULL,"
    "  copy INTEGER NOT NULL DEFAULT 0, names TEXT);"   /* names: top names, tab-separated */
    "CREATE INDEX members_story ON members(story);"
    "CREATE TABLE clreps(article INTEGER PRIMARY KEY, blob BLOB NOT NULL);",
    /* 4: shingle sets as raw little-endian 32-bit values (no varint decode
     * when a set is read back to verify a candidate; 10% larger). Rows
     * written before keep their varint `shset` and are still read. */
    "ALTER TABLE sketches ADD COLUMN shset32 BLOB;",
    /* 5: aliases the texts stated ("Daesh (ISIS)"), as the writer folded
     * them: name key `alias` now counts as `name` (hashes as signed 64-bit),
     * in the order learned, so a restart rebuilds the same union-find */
    "CREATE TABLE aliases(id INTEGER PRIMARY KEY, alias INTEGER NOT NULL, name INTEGER NOT NULL);",
    /* 6: what a restart needs to replay merges: the story each article
     * joined before any merge its add made, and the article whose add
     * merged a story (NULL in rows written before) */
    "ALTER TABLE clreps ADD COLUMN story INTEGER;"
    "ALTER TABLE stories ADD COLUMN merged_at INTEGER;",
};

enum {
    ST_FIND_KEY, ST_SOURCE_GET, ST_SOURCE_ADD, ST_INSERT, ST_UPDATE,
    ST_LINES_LOAD, ST_LINES_SAVE, ST_SKETCH_PUT, ST_SHSET_GET, ST_MEMBER_PUT, ST_STORY_ADD,
    ST_CLREP_PUT, ST_ALIAS_PUT, ST_MEMBER_MOVE, ST_STORY_MERGED, ST_DUP_PUT, ST_SKETCH_GET, ST_TEXT_GET,
    ST_COUNT
};

static const char *const SQL[ST_COUNT] = {
    [ST_FIND_KEY] = "SELECT seq, text_hash FROM articles WHERE key = ?1",
    [ST_SOURCE_GET] = "SELECT id FROM sources WHERE name = ?1",
    [ST_SOURCE_ADD] = "INSERT INTO sources(name) VALUES (?1) RETURNING id",
    [ST_INSERT] =
        "INSERT INTO articles(key, id, url, source, title, date, date_raw, date_flag, lang,"
        " text, text_hash, words, nsent, nremoved, warnings, extra, origin, sents, removed, added_at)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,"
        " strftime('%Y-%m-%dT%H:%M:%SZ','now')) RETURNING seq",
    [ST_UPDATE] =
        "UPDATE articles SET id=?2, url=?3, source=?4, title=?5, date=?6, date_raw=?7,"
        " date_flag=?8, lang=?9, text=?10, text_hash=?11, words=?12, nsent=?13,"
        " nremoved=?14, warnings=?15, extra=?16, origin=?17, sents=?18, removed=?19,"
        " added_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE key=?1 RETURNING seq",
    [ST_SKETCH_PUT] = "INSERT OR REPLACE INTO sketches(article, norm_hash, blob, shset, shset32)"
                      " VALUES (?1,?2,?3,NULL,?4)",
    [ST_MEMBER_PUT] = "INSERT OR REPLACE INTO members(article, story, score, copy, names) VALUES (?1,?2,?3,?4,?5)",
    [ST_STORY_ADD] = "INSERT OR IGNORE INTO stories(id, first_article, headline) VALUES (?1, ?2, ?3)",
    [ST_CLREP_PUT] = "INSERT OR REPLACE INTO clreps(article, blob, story) VALUES (?1, ?2, ?3)",
    [ST_ALIAS_PUT] = "INSERT INTO aliases(alias, name) VALUES (?1, ?2)",
    [ST_MEMBER_MOVE] = "UPDATE members SET story = ?2 WHERE story = ?1",
    [ST_STORY_MERGED] = "UPDATE stories SET merged_into = ?2, merged_at = ?3 WHERE id = ?1",
    [ST_SHSET_GET] = "SELECT shset32, shset FROM sketches WHERE article = ?1",
    [ST_DUP_PUT] = "INSERT OR REPLACE INTO dups(a, b, kind, jaccard, ca, cb, shared)"
                   " VALUES (?1,?2,?3,?4,?5,?6,?7)",
    [ST_SKETCH_GET] = "SELECT norm_hash, blob FROM sketches WHERE article = ?1",
    [ST_TEXT_GET] = "SELECT text, removed, nremoved FROM articles WHERE seq = ?1",
    [ST_LINES_LOAD] = "SELECT hash, n FROM source_lines WHERE source = ?1",
    [ST_LINES_SAVE] = "INSERT INTO source_lines(source, hash, n) VALUES (?1,?2,?3)"
                      " ON CONFLICT(source, hash) DO UPDATE SET n = excluded.n",
};

/* The background checkpointer (sl_store_ckpt_start). */
typedef struct ckpt {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_mutex_t run;  /* held around each checkpoint: SQLite lets one run at a time */
    sqlite3 *db;        /* its own connection to the file */
    int pending, stop;  /* under mu */
    int pages;          /* the store's ckpt_pages */
    uint64_t background; /* under mu */
    uint64_t foreground; /* under mu */
    int max_wal;         /* under mu */
} ckpt;

struct sl_store {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
    sqlite3_blob *shset;   /* open on sketches.shset32 for sl_store_shset_count, else NULL */
    char err[512];
    int readonly;
    char *path;            /* for the checkpointer's connection */
    ckpt *ck;              /* running background checkpointer, or NULL */
    int ckpt_pages;        /* WAL pages that start a checkpoint */
    sl_store_ckpt_stats ckst; /* of the checkpointers stopped so far */
};

/* WAL pages at which a checkpoint runs: 8,000 (128 MB of 16 KB pages)
 * rather than SQLite's 1,000, so pages written several times between
 * checkpoints (B-tree interiors, indexes) reach the database file once;
 * 50k generated articles: 43-45 -> 38.5-40 CPU-s. */
enum { CKPT_PAGES = 8000 };

/* ---- helpers ------------------------------------------------------------- */

static int fail(sl_store *s, int code, const char *what)
{
    snprintf(s->err, sizeof s->err, "%s: %s", what, s->db ? sqlite3_errmsg(s->db) : "no database");
    return code;
}

static int exec(sl_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(s->err, sizeof s->err, "database: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return SL_EIO;
    }
    return SL_OK;
}

static sqlite3_stmt *stmt(sl_store *s, int which)
{
    sqlite3_stmt *st = s->st[which];
    if (!st) {
        if (sqlite3_prepare_v3(s->db, SQL[which], -1, SQLITE_PREPARE_PERSISTENT, &s->st[which], NULL) != SQLITE_OK) {
            fail(s, SL_EIO, "prepare");
            return NULL;
        }
        return s->st[which];
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static int schema_version(sl_store *s)
{
    sqlite3_stmt *st;
    int v = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key='schema_version'", -1, &st, NULL) != SQLITE_OK)
        return 0; /* no meta table yet */
    if (sqlite3_step(st) == SQLITE_ROW)
        v = atoi((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

static int migrate(sl_store *s)
{
    int have = schema_version(s);
    int want = (int)SL_ARRAY_LEN(MIGRATIONS);
    if (have > want) {
        snprintf(s->err, sizeof s->err,
                 "database schema version %d is newer than this storyline (%d)", have, want);
        return SL_EPARAMS;
    }
    if (have == want)
        return SL_OK;
    if (s->readonly) {
        snprintf(s->err, sizeof s->err, "database needs migration; open it for writing first");
        return SL_EIO;
    }
    int rc = exec(s, "BEGIN IMMEDIATE");
    for (int i = have; rc == SL_OK && i < want; i++)
        rc = exec(s, MIGRATIONS[i]);
    if (rc == SL_OK) {
        char sql[128];
        snprintf(sql, sizeof sql,
                 "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '%d')", want);
        rc = exec(s, sql);
    }
    if (rc == SL_OK)
        return exec(s, "COMMIT");
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- open / close ------------------------------------------------------- */

int sl_store_open(sl_store **out, const char *path, int readonly, char *err, size_t errlen)
{
    *out = NULL;
    sl_store *s = sl_calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return SL_ENOMEM;
    }
    s->readonly = readonly;
    int flags = readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_FULLMUTEX; /* the add pipeline's reader and writer share it */
    int rc = SL_OK;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open database: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sl_store_close(s);
        return SL_EIO;
    }
    sqlite3_busy_timeout(s->db, 10000);
    /* 16 KB pages for a new database (an existing one keeps its own): an
     * article row (text ~7 KB, offsets) and a sketch row (shingle set ~4 KB)
     * then fit in one page instead of a chain of 4 KB overflow pages */
    if (!readonly)
        rc = exec(s, "PRAGMA page_size=16384");
    if (rc == SL_OK && !readonly && strcmp(path, ":memory:") != 0)
        rc = exec(s, "PRAGMA journal_mode=WAL");
    /* checkpoint every CKPT_PAGES pages; the WAL file is cut back to 64 MB
     * after each checkpoint */
    if (rc == SL_OK)
        rc = exec(s, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
                     " PRAGMA journal_size_limit=67108864");
    s->ckpt_pages = CKPT_PAGES;
    if (rc == SL_OK)
        sqlite3_wal_autocheckpoint(s->db, s->ckpt_pages);
    if (rc == SL_OK && !readonly && strcmp(path, ":memory:") != 0 && !(s->path = sl_strdup(path)))
        rc = SL_ENOMEM;
    if (rc == SL_OK)
        rc = migrate(s);
    if (rc != SL_OK) {
        snprintf(err, errlen, "%s: %s", path, s->err);
        sl_store_close(s);
        return rc;
    }
    *out = s;
    return SL_OK;
}

void sl_store_close(sl_store *s)
{
    if (!s)
        return;
    sl_store_ckpt_stop(s);
    sl_free(s->path);
    sqlite3_blob_close(s->shset);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    sl_free(s);
}

const char *sl_store_errmsg(const sl_store *s) { return s ? s->err : "no store"; }

/* ---- background checkpoints ----------------------------------------------
 * Why: on `add`, the checkpoint SQLite runs inside the commit that crosses
 * CKPT_PAGES copies 128 MB from the WAL into the database on the writer
 * thread, the serial stage of the pipeline, while the workers run out of
 * queued work and wait. Measured on 100,000 generated articles (quiet
 * machine): with no checkpoint during the run the add took 31.8 s instead
 * of 35.7 s (1.98 instead of 1.70 cores busy).
 * How: a PASSIVE checkpoint from a second connection copies the committed
 * frames without blocking the writer. SQLite restarts the WAL from its
 * start at the first commit after the whole WAL was copied; the thread
 * repeats the checkpoint while frames are left, so it catches up between
 * two commits. Crash safety is SQLite's: a checkpoint only copies
 * committed frames, and an interrupted one is redone on the next open. */

static void *ckpt_main(void *arg)
{
    ckpt *k = arg;
    for (;;) {
        pthread_mutex_lock(&k->mu);
        while (!k->pending && !k->stop)
            pthread_cond_wait(&k->cv, &k->mu);
        int stop = k->stop;
        k->pending = 0;
        pthread_mutex_unlock(&k->mu);
        if (stop)
            break;
        /* a few rounds: the frames committed during one are copied by the next */
        for (int round = 0; round < 4; round++) {
            int nlog = 0, ncopied = 0;
            pthread_mutex_lock(&k->run);
            int rc = sqlite3_wal_checkpoint_v2(k->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &nlog, &ncopied);
            pthread_mutex_unlock(&k->run);
            if (rc != SQLITE_OK)
                break;
            if (ncopied > 0) {
                pthread_mutex_lock(&k->mu);
                k->background++;
                pthread_mutex_unlock(&k->mu);
            }
            if (ncopied >= nlog)
                break;
        }
    }
    return NULL;
}

/* After each commit (on the committing thread): wake the checkpointer at
 * CKPT_PAGES; at twice that, checkpoint here. SQLite restarts the WAL only
 * for a transaction that began with every frame copied, and the writer
 * begins its next transaction right after a commit, so the frames of the
 * last commit are copied here, between the two: by then the thread has
 * copied the rest, and this costs one commit's frames, not the WAL. */
static int ckpt_hook(void *arg, sqlite3 *db, const char *name, int nframes)
{
    ckpt *k = arg;
    pthread_mutex_lock(&k->mu);
    if (nframes > k->max_wal)
        k->max_wal = nframes;
    int finish = nframes >= 2 * k->pages;
    if (finish)
        k->foreground++;
    else if (nframes >= k->pages) {
        k->pending = 1;
        pthread_cond_signal(&k->cv);
    }
    pthread_mutex_unlock(&k->mu);
    if (finish) {
        /* a second checkpoint would get SQLITE_BUSY at once: wait for the
         * thread's round to end (it has copied most of the WAL by then) */
        pthread_mutex_lock(&k->run);
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_unlock(&k->run);
    }
    return SQLITE_OK;
}

void sl_store_set_ckpt_pages(sl_store *s, int pages)
{
    s->ckpt_pages = pages > 0 ? pages : 1;
    if (!s->ck)
        sqlite3_wal_autocheckpoint(s->db, s->ckpt_pages);
    else {
        pthread_mutex_lock(&s->ck->mu); /* the hook reads it under mu */
        s->ck->pages = s->ckpt_pages;
        pthread_mutex_unlock(&s->ck->mu);
    }
}

void sl_store_get_ckpt_stats(const sl_store *s, sl_store_ckpt_stats *out)
{
    *out = s->ckst;
    ckpt *k = s->ck;
    if (!k)
        return;
    pthread_mutex_lock(&k->mu);
    out->background += k->background;
    out->foreground += k->foreground;
    if (k->max_wal > out->max_wal_pages)
        out->max_wal_pages = k->max_wal;
    pthread_mutex_unlock(&k->mu);
}

int sl_store_ckpt_start(sl_store *s)
{
    if (!s->path || s->ck)
        return SL_OK;
    ckpt *k = sl_calloc(1, sizeof *k);
    if (!k)
        return SL_ENOMEM;
    if (sqlite3_open_v2(s->path, &k->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(k->db);
        sl_free(k);
        return SL_OK; /* checkpoints stay on the writer */
    }
    sqlite3_busy_timeout(k->db, 10000);
    k->pages = s->ckpt_pages;
    /* a connection learns the file is in WAL mode when it first reads it;
     * until then a checkpoint returns at once, copying nothing */
    if (sqlite3_exec(k->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(k->db);
        sl_free(k);
        return SL_OK;
    }
    pthread_mutex_init(&k->mu, NULL);
    pthread_mutex_init(&k->run, NULL);
    pthread_cond_init(&k->cv, NULL);
    if (pthread_create(&k->thread, NULL, ckpt_main, k)) {
        pthread_mutex_destroy(&k->run);
        pthread_mutex_destroy(&k->mu);
        pthread_cond_destroy(&k->cv);
        sqlite3_close(k->db);
        sl_free(k);
        return SL_OK;
    }
    s->ck = k;
    sqlite3_wal_hook(s->db, ckpt_hook, k); /* replaces the auto-checkpoint */
    return SL_OK;
}

void sl_store_ckpt_stop(sl_store *s)
{
    if (!s || !s->ck)
        return;
    ckpt *k = s->ck;
    sqlite3_wal_autocheckpoint(s->db, s->ckpt_pages); /* the hook is SQLite's again */
    pthread_mutex_lock(&k->mu);
    k->stop = 1;
    pthread_cond_signal(&k->cv);
    pthread_mutex_unlock(&k->mu);
    pthread_join(k->thread, NULL);
    s->ckst.background += k->background;
    s->ckst.foreground += k->foreground;
    if (k->max_wal > s->ckst.max_wal_pages)
        s->ckst.max_wal_pages = k->max_wal;
    pthread_mutex_destroy(&k->run);
    pthread_mutex_destroy(&k->mu);
    pthread_cond_destroy(&k->cv);
    sqlite3_close(k->db);
    sl_free(k);
    s->ck = NULL;
}

int sl_store_begin(sl_store *s) { return exec(s, "BEGIN IMMEDIATE"); }
/* The shingle-set blob handle is a read cursor: closed before a
 * transaction ends, reopened by the next probe. */
void sl_store_shset_release(sl_store *s)
{
    sqlite3_blob_close(s->shset);
    s->shset = NULL;
}

int sl_store_commit(sl_store *s)
{
    sl_store_shset_release(s);
    return exec(s, "COMMIT");
}

int sl_store_rollback(sl_store *s)
{
    sl_store_shset_release(s);
    return exec(s, "ROLLBACK");
}

/* ---- writes -------------------------------------------------------------- */

int sl_store_find_key(sl_store *s, const char *key, int64_t *seq, uint64_t *text_hash)
{
    sqlite3_stmt *st = stmt(s, ST_FIND_KEY);
    if (!st)
        return SL_EIO;
    bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (seq)
            *seq = sqlite3_column_int64(st, 0);
        if (text_hash)
            *text_hash = (uint64_t)sqlite3_column_int64(st, 1);
        return 1;
    }
    return rc == SQLITE_DONE ? 0 : fail(s, SL_EIO, "find article");
}

int sl_store_source(sl_store *s, const char *name, int64_t *id)
{
    sqlite3_stmt *st = stmt(s, ST_SOURCE_GET);
    if (!st)
        return SL_EIO;
    bind_text(st, 1, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        return SL_OK;
    }
    if (rc != SQLITE_DONE)
        return fail(s, SL_EIO, "find source");
    st = stmt(s, ST_SOURCE_ADD);
    if (!st)
        return SL_EIO;
    bind_text(st, 1, name);
    if (sqlite3_step(st) != SQLITE_ROW)
        return fail(s, SL_EIO, "add source");
    *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return SL_OK;
}

static void bind_article(sqlite3_stmt *st, const sl_store_article *a)
{
    bind_text(st, 1, a->key);
    bind_text(st, 2, a->id);
    bind_text(st, 3, a->url);
    sqlite3_bind_int64(st, 4, a->source);
    bind_text(st, 5, a->title);
    bind_text(st, 6, a->date);
    bind_text(st, 7, a->date_raw);
    sqlite3_bind_int(st, 8, a->date_flag);
    bind_text(st, 9, a->lang);
    sqlite3_bind_text(st, 10, a->text, (int)a->text_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)a->text_hash);
    sqlite3_bind_int64(st, 12, a->words);
    sqlite3_bind_int64(st, 13, (sqlite3_int64)a->nsents);
    sqlite3_bind_int64(st, 14, (sqlite3_int64)a->nremoved);
    bind_text(st, 15, a->warnings ? a->warnings : "");
    bind_text(st, 16, a->extra);
    bind_text(st, 17, a->origin);
}

/* Span lists are stored packed: for each span, varints of (start - previous
 * end) and (end - start), and for removed lines a third varint, the rule.
 * About 3 bytes a sentence instead of a row each. */
static int put_varint(sl_buf *b, uint64_t v)
{
    uint8_t tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return sl_buf_append(b, tmp, n);
}

static int get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        uint8_t c = *(*p)++;
        *v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return 0;
    }
    return -1;
}

static int pack_spans(sl_buf *b, const uint32_t *v, size_t n, size_t stride)
{
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        const uint32_t *t = v + i * stride;
        if (t[0] < prev || t[1] < t[0])
            return SL_EINVAL; /* spans must be sorted and well-formed */
        if (put_varint(b, t[0] - prev) || put_varint(b, t[1] - t[0]) ||
            (stride == 3 && put_varint(b, t[2])))
            return SL_ENOMEM;
        prev = t[1];
    }
    return SL_OK;
}

/* Decodes n spans (stride 2 or 3 values) into out; -1 if the blob is bad. */
static int unpack_spans(const void *blob, size_t len, uint32_t *out, size_t n, size_t stride)
{
    const uint8_t *p = blob, *end = p + len;
    uint64_t prev = 0, a, b, c = 0;
    for (size_t i = 0; i < n; i++) {
        if (get_varint(&p, end, &a) || get_varint(&p, end, &b) ||
            (stride == 3 && get_varint(&p, end, &c)))
            return -1;
        out[i * stride] = (uint32_t)(prev + a);
        out[i * stride + 1] = (uint32_t)(prev + a + b);
        if (stride == 3)
            out[i * stride + 2] = (uint32_t)c;
        prev += a + b;
    }
    return 0;
}

int sl_store_put(sl_store *s, const sl_store_article *a, int replace, int64_t *seq)
{
    sl_buf sb = {0}, rb = {0};
    int rc = pack_spans(&sb, (const uint32_t *)a->sents, a->nsents, 2);
    if (rc == SL_OK)
        rc = pack_spans(&rb, a->removed, a->nremoved, 3);
    sqlite3_stmt *st = rc == SL_OK ? stmt(s, replace ? ST_UPDATE : ST_INSERT) : NULL;
    if (!st) {
        sl_buf_free(&sb);
        sl_buf_free(&rb);
        if (rc == SL_OK)
            return SL_EIO;
        snprintf(s->err, sizeof s->err, "store: bad spans");
        return rc;
    }
    bind_article(st, a);
    sqlite3_bind_blob(st, 18, sb.p ? sb.p : "", (int)sb.len, SQLITE_STATIC);
    sqlite3_bind_blob(st, 19, rb.p ? rb.p : "", (int)rb.len, SQLITE_STATIC);
    rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    sl_buf_free(&sb);
    sl_buf_free(&rb);
    if (replace && rc == SQLITE_DONE) /* nothing to replace: insert */
        return sl_store_put(s, a, 0, seq);
    if (rc != SQLITE_ROW)
        return fail(s, SL_EIO, replace ? "update article" : "insert article");
    if (seq)
        *seq = id;
    return SL_OK;
}

int sl_store_lines_load(sl_store *s, int64_t source,
                        void (*cb)(void *ud, uint64_t hash, uint32_t n), void *ud)
{
    sqlite3_stmt *st = stmt(s, ST_LINES_LOAD);
    if (!st)
        return SL_EIO;
    sqlite3_bind_int64(st, 1, source);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        cb(ud, (uint64_t)sqlite3_column_int64(st, 0), (uint32_t)sqlite3_column_int64(st, 1));
    return rc == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, "load source lines");
}

int sl_store_lines_save(sl_store *s, int64_t source, uint64_t hash, uint32_t n)
{
    sqlite3_stmt *st = stmt(s, ST_LINES_SAVE);
    if (!st)
        return SL_EIO;
    sqlite3_bind_int64(st, 1, source);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)hash);
    sqlite3_bind_int64(st, 3, n);
    return sqlite3_step(st) == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, "save source line");
}

int sl_store_log_add(sl_store *s, const char *paths, const sl_add_report *r)
{
    sqlite3_stmt *st;
    const char *sql =
        "INSERT INTO ingest_log(finished, paths, nread, added, present, updated, rejected,"
        " failed, bytes, seconds, stages)"
        " VALUES (strftime('%Y-%m-%dT%H:%M:%SZ','now'),?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "log run");
    bind_text(st, 1, paths);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)r->read);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)r->added);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)r->present);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)r->updated);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)r->rejected);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)r->inputs_failed);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)r->bytes);
    sqlite3_bind_double(st, 9, r->seconds);
    char stages[SL_STAGE_COUNT * 24] = "";
    for (int i = 0; i < SL_STAGE_COUNT; i++)
        snprintf(stages + strlen(stages), sizeof stages - strlen(stages), "%s%.6f", i ? " " : "", r->stage[i]);
    bind_text(st, 10, stages);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, "log run");
}

/* ---- queries ------------------------------------------------------------- */

#define INFO_COLS \
    "a.seq, a.key, s.name, a.url, a.title, coalesce(a.date, a.date_raw), a.date_flag," \
    " a.words, a.nsent, a.nremoved, a.warnings, a.extra, a.id"

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static void read_info(sqlite3_stmt *st, sl_article_info *a)
{
    memset(a, 0, sizeof *a);
    a->seq = sqlite3_column_int64(st, 0);
    a->id = col(st, 12) ? col(st, 12) : col(st, 1);
    a->source = col(st, 2);
    a->url = col(st, 3);
    a->title = col(st, 4);
    a->date = col(st, 5);
    a->date_flag = sqlite3_column_int(st, 6);
    a->words = (uint32_t)sqlite3_column_int64(st, 7);
    a->sentences = (uint32_t)sqlite3_column_int64(st, 8);
    a->removed_lines = (uint32_t)sqlite3_column_int64(st, 9);
    a->warnings = col(st, 10) ? col(st, 10) : "";
    a->extra_json = col(st, 11);
}

int sl_store_articles(sl_store *s, int (*cb)(void *ud, const sl_article_info *a), void *ud)
{
    sqlite3_stmt *st;
    const char *sql = "SELECT " INFO_COLS " FROM articles a JOIN sources s ON s.id = a.source ORDER BY a.seq";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "list articles");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sl_article_info a;
        read_info(st, &a);
        if (cb(ud, &a))
            break;
    }
    int bad = rc != SQLITE_ROW && rc != SQLITE_DONE;
    sqlite3_finalize(st);
    return bad ? fail(s, SL_EIO, "list articles") : SL_OK;
}

/* The view owns one arena holding every string, so one free releases it. */
typedef struct view_mem {
    sl_article_view v;
    sl_buf arena;
} view_mem;

static const char *keep(sl_buf *arena, const char *p, size_t *offs, int *nulls, int i)
{
    nulls[i] = p == NULL;
    offs[i] = arena->len;
    if (p)
        sl_buf_append(arena, p, strlen(p) + 1);
    return p;
}

int sl_store_get(sl_store *s, const char *id, sl_article_view **out,
                     const char *(*rule_name)(int))
{
    *out = NULL;
    sqlite3_stmt *st;
    const char *sql = "SELECT " INFO_COLS ", a.text, a.sents, a.removed FROM articles a"
                      " JOIN sources s ON s.id = a.source"
                      " WHERE a.key = ?1 OR a.id = ?1 ORDER BY a.key = ?1 DESC LIMIT 1";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "load article");
    bind_text(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE) {
            snprintf(s->err, sizeof s->err, "no article with id '%s'", id);
            return SL_ENOTFOUND;
        }
        return fail(s, SL_EIO, "load article");
    }
    view_mem *m = sl_calloc(1, sizeof *m);
    if (!m) {
        sqlite3_finalize(st);
        return SL_ENOMEM;
    }
    sl_article_info a;
    read_info(st, &a);
    /* copy every string into the arena, then fix pointers */
    size_t offs[10];
    int nulls[10];
    const char *strs[10] = {a.id, a.source, a.url, a.title, a.date, a.warnings, a.extra_json,
                            col(st, 13)};
    for (int i = 0; i < 8; i++)
        keep(&m->arena, strs[i], offs, nulls, i);
    m->v.info = a;
    m->v.text_len = (size_t)sqlite3_column_bytes(st, 13);
    /* spans */
    size_t ns = a.sentences, nr = a.removed_lines;
    uint32_t *sp = sl_calloc(ns ? ns * 2 : 1, sizeof *sp), *rm = sl_calloc(nr ? nr * 3 : 1, sizeof *rm);
    rc = sp && rm ? SL_OK : SL_ENOMEM;
    if (rc == SL_OK &&
        (unpack_spans(sqlite3_column_blob(st, 14), (size_t)sqlite3_column_bytes(st, 14), sp, ns, 2) ||
         unpack_spans(sqlite3_column_blob(st, 15), (size_t)sqlite3_column_bytes(st, 15), rm, nr, 3))) {
        snprintf(s->err, sizeof s->err, "article '%s': damaged span data", id);
        rc = SL_EIO;
    }
    sqlite3_finalize(st);
    const char **dst[8] = {&m->v.info.id, &m->v.info.source, &m->v.info.url, &m->v.info.title,
                           &m->v.info.date, &m->v.info.warnings, &m->v.info.extra_json, &m->v.text};
    for (int i = 0; i < 8; i++)
        *dst[i] = nulls[i] ? NULL : m->arena.p + offs[i];
    if (!m->v.text)
        m->v.text = "";
    if (rc == SL_OK) {
        m->v.sentences = (sl_span *)sp;
        m->v.nsentences = ns;
        m->v.removed = sl_calloc(nr ? nr : 1, sizeof *m->v.removed);
        if (!m->v.removed)
            rc = SL_ENOMEM;
        for (size_t i = 0; rc == SL_OK && i < nr; i++)
            m->v.removed[i] = (sl_removed_line){rm[3 * i], rm[3 * i + 1], rule_name((int)rm[3 * i + 2])};
        m->v.nremoved = nr;
        sp = NULL;
    }
    sl_free(sp);
    sl_free(rm);
    if (rc != SL_OK) {
        sl_article_view_free(&m->v);
        return rc;
    }
    *out = &m->v;
    return SL_OK;
}

void sl_article_view_free(sl_article_view *v)
{
    if (!v)
        return;
    view_mem *m = (view_mem *)v;
    sl_free(v->sentences);
    sl_free(v->removed);
    sl_buf_free(&m->arena);
    sl_free(m);
}

static int64_t scalar(sl_store *s, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int sl_store_stats(sl_store *s, sl_stats_info *out)
{
    memset(out, 0, sizeof *out);
    out->articles = (uint64_t)scalar(s, "SELECT count(*) FROM articles");
    out->sources = (uint64_t)scalar(s, "SELECT count(*) FROM sources");
    out->sentences = (uint64_t)scalar(s, "SELECT coalesce(sum(nsent),0) FROM articles");
    out->removed_lines = (uint64_t)scalar(s, "SELECT coalesce(sum(nremoved),0) FROM articles");
    out->words = (uint64_t)scalar(s, "SELECT coalesce(sum(words),0) FROM articles");
    out->text_bytes = (uint64_t)scalar(s, "SELECT coalesce(sum(length(CAST(text AS BLOB))),0) FROM articles");
    out->db_bytes = (uint64_t)(scalar(s, "PRAGMA page_count") * scalar(s, "PRAGMA page_size"));
    out->schema_version = schema_version(s);
    sqlite3_stmt *st;
    const char *sql = "SELECT finished, nread, added, present, updated, rejected, failed, bytes,"
                      " seconds, stages FROM ingest_log ORDER BY id DESC LIMIT 1";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "stats");
    if (sqlite3_step(st) == SQLITE_ROW) {
        sl_add_report *r = &out->last_add;
        out->has_last_add = 1;
        snprintf(out->last_add_when, sizeof out->last_add_when, "%s", col(st, 0));
        r->read = (uint64_t)sqlite3_column_int64(st, 1);
        r->added = (uint64_t)sqlite3_column_int64(st, 2);
        r->present = (uint64_t)sqlite3_column_int64(st, 3);
        r->updated = (uint64_t)sqlite3_column_int64(st, 4);
        r->rejected = (uint64_t)sqlite3_column_int64(st, 5);
        r->inputs_failed = (uint64_t)sqlite3_column_int64(st, 6);
        r->bytes = (uint64_t)sqlite3_column_int64(st, 7);
        r->seconds = sqlite3_column_double(st, 8);
        const char *p = col(st, 9);
        for (int i = 0; p && i < SL_STAGE_COUNT; i++) {
            char *end;
            r->stage[i] = strtod(p, &end);
            p = end;
        }
    }
    sqlite3_finalize(st);
    return SL_OK;
}

/* ---- copies and rewrites -------------------------------------------------- */

int sl_store_meta_get(sl_store *s, const char *key, char *out, size_t cap)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "read meta");
    bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(out, cap, "%s", col(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : fail(s, SL_EIO, "read meta");
}

int sl_store_meta_set(sl_store *s, const char *key, const char *value)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", -1, &st,
                           NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "write meta");
    bind_text(st, 1, key);
    bind_text(st, 2, value);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, "write meta");
}

/* Shingle sets are stored as little-endian 32-bit values: the array itself
 * on a little-endian host, a converted copy (*owned, to free) elsewhere. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
enum { HOST_LE = 1 };
#else
enum { HOST_LE = 0 };
#endif

static const void *le32_bytes(const uint32_t *v, size_t n, uint8_t **owned)
{
    *owned = NULL;
    if (HOST_LE || n == 0)
        return n ? (const void *)v : "";
    if (!(*owned = sl_malloc(n * 4)))
        return NULL;
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 4; b++)
            (*owned)[4 * i + (size_t)b] = (uint8_t)(v[i] >> (8 * b));
    return *owned;
}

static void get_le32(uint32_t *v, const uint8_t *in, size_t n)
{
    if (HOST_LE) {
        memcpy(v, in, n * 4);
        return;
    }
    for (size_t i = 0; i < n; i++)
        v[i] = in[4 * i] | (uint32_t)in[4 * i + 1] << 8 | (uint32_t)in[4 * i + 2] << 16 |
               (uint32_t)in[4 * i + 3] << 24;
}

int sl_store_sketch_put(sl_store *s, int64_t seq, uint64_t norm_hash, const void *blob, size_t len,
                        const uint32_t *set, size_t nset)
{
    if (nset > (size_t)INT32_MAX / 4)
        return fail(s, SL_EINPUT, "store sketch: shingle set too large");
    uint8_t *owned;
    const void *bytes = le32_bytes(set, nset, &owned);
    if (!bytes)
        return SL_ENOMEM;
    sqlite3_stmt *st = stmt(s, ST_SKETCH_PUT);
    if (!st) {
        sl_free(owned);
        return SL_EIO;
    }
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)norm_hash);
    sqlite3_bind_blob(st, 3, blob, (int)len, SQLITE_STATIC);
    sqlite3_bind_blob(st, 4, bytes, (int)(nset * 4), SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sl_free(owned);
    return rc == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, "store sketch");
}

/* Steps a cached single-row statement keyed by ?1 = seq: SL_OK with the
 * row in *out, SL_ENOTFOUND, or SL_EIO (message set). */
static int row_by_seq(sl_store *s, int which, int64_t seq, const char *what, sqlite3_stmt **out)
{
    sqlite3_stmt *st = stmt(s, which);
    if (!st)
        return SL_EIO;
    sqlite3_bind_int64(st, 1, seq);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return SL_ENOTFOUND;
    if (rc != SQLITE_ROW)
        return fail(s, SL_EIO, what);
    *out = st;
    return SL_OK;
}

int sl_store_shset_get(sl_store *s, int64_t seq, uint32_t **set, size_t *n)
{
    *set = NULL;
    *n = 0;
    sqlite3_stmt *st;
    int rc = row_by_seq(s, ST_SHSET_GET, seq, "read shingle set", &st);
    if (rc != SL_OK)
        return rc;
    if (sqlite3_column_type(st, 0) == SQLITE_BLOB) {   /* raw 32-bit (schema 4 on) */
        const uint8_t *p = sqlite3_column_blob(st, 0);
        size_t bytes = (size_t)sqlite3_column_bytes(st, 0);
        if (bytes % 4) {
            sqlite3_reset(st);
            snprintf(s->err, sizeof s->err, "article %lld: damaged shingle set", (long long)seq);
            return SL_EIO;
        }
        uint32_t *v = sl_malloc(bytes ? bytes : 4);
        if (!v) {
            sqlite3_reset(st);
            return SL_ENOMEM;
        }
        get_le32(v, p, bytes / 4);
        sqlite3_reset(st);
        *set = v;
        *n = bytes / 4;
        return SL_OK;
    }
    /* delta varints (rows written before schema 4) */
    const uint8_t *p = sqlite3_column_blob(st, 1), *end = p + sqlite3_column_bytes(st, 1);
    size_t cap = (size_t)(end - p);  /* at least one byte per value */
    uint32_t *v = sl_malloc((cap ? cap : 1) * sizeof *v);
    if (!v) {
        sqlite3_reset(st);
        return SL_ENOMEM;
    }
    uint64_t x, prev = 0;
    size_t k = 0;
    while (p && p < end) {
        if (get_varint(&p, end, &x)) {
            sl_free(v);
            sqlite3_reset(st);
            snprintf(s->err, sizeof s->err, "article %lld: damaged shingle set", (long long)seq);
            return SL_EIO;
        }
        prev += x;
        v[k++] = (uint32_t)prev;
    }
    sqlite3_reset(st);
    *set = v;
    *n = k;
    return SL_OK;
}

/* Reads values [i, i + n) of the open shingle-set blob. */
static int shset_read(sl_store *s, uint32_t *v, size_t i, size_t n)
{
    uint8_t buf[4 * 64];
    if (sqlite3_blob_read(s->shset, buf, (int)(4 * n), (int)(4 * i)) != SQLITE_OK)
        return -1;
    get_le32(v, buf, n);
    return 0;
}

/* Counts the values of a (sorted, distinct) present in article seq's stored
 * set without reading all of it: the set is sorted 32-bit hashes, close to
 * uniform, so interpolation finds each value's neighbourhood in a couple of
 * reads of 32 values (binary search after 4 misses bounds the worst case).
 * a is sorted, so the search for a[i] starts where the one for a[i-1]
 * ended. The count is exact. */
int sl_store_shset_count(sl_store *s, int64_t seq, const uint32_t *a, size_t na, size_t *nb, size_t *shared)
{
    enum { W = 32 };
    *nb = *shared = 0;
    int rc = s->shset ? sqlite3_blob_reopen(s->shset, seq)
                      : sqlite3_blob_open(s->db, "main", "sketches", "shset32", seq, 0, &s->shset);
    if (rc != SQLITE_OK) {   /* no such row, or a set stored before schema 4 */
        sl_store_shset_release(s);
        return 1;
    }
    size_t n = (size_t)sqlite3_blob_bytes(s->shset);
    if (n % 4)
        return 1;
    n /= 4;
    *nb = n;
    size_t lo = 0, hit = 0;          /* values before lo are < the current a[i] */
    uint64_t vlo = 0;                /* a lower bound of values at lo.. */
    uint32_t w[W];
    for (size_t i = 0; i < na && lo < n; i++) {
        uint64_t x = a[i];
        size_t l = lo, h = n;        /* x, if present, is in [l, h) */
        uint64_t vl = vlo, vh = (uint64_t)UINT32_MAX + 1;
        for (int step = 0;; step++) {
            if (x < vl || l >= h)
                break;
            /* interpolate; halve after a few misses (values far from
             * uniform must not cost a read per W values) */
            size_t pos = step < 4 ? l + (size_t)((double)(x - vl) / (double)(vh - vl) * (double)(h - l))
                                  : l + (h - l) / 2;
            size_t st = pos > W / 2 ? pos - W / 2 : 0;
            if (st < l)
                st = l;
            size_t cnt = SL_MIN((size_t)W, h - st);
            if (st + cnt > h)
                st = h - cnt;
            if (shset_read(s, w, st, cnt))
                return 1;
            if (x < w[0]) {
                h = st;
                vh = w[0];
                continue;
            }
            if (x > w[cnt - 1]) {
                l = st + cnt;
                vl = (uint64_t)w[cnt - 1] + 1;
                continue;
            }
            size_t k = 0;
            while (w[k] < x)
                k++;
            hit += w[k] == x;
            l = st + k + (w[k] == x);   /* the next a[i] is larger */
            vl = x + 1;
            break;
        }
        lo = l;
        vlo = vl;
    }
    *shared = hit;
    return SL_OK;
}

int sl_store_sketch_get(sl_store *s, int64_t seq, uint64_t *norm_hash, void **blob, size_t *len)
{
    *blob = NULL;
    *len = 0;
    sqlite3_stmt *st;
    int rc = row_by_seq(s, ST_SKETCH_GET, seq, "read sketch", &st);
    if (rc != SL_OK)
        return rc == SL_ENOTFOUND ? 0 : rc;
    *norm_hash = (uint64_t)sqlite3_column_int64(st, 0);
    *len = (size_t)sqlite3_column_bytes(st, 1);
    *blob = sl_malloc(*len ? *len : 1);
    if (!*blob)
        return SL_ENOMEM;
    memcpy(*blob, sqlite3_column_blob(st, 1), *len);
    sqlite3_reset(st);
    return 1;
}

int sl_store_sketches_each(sl_store *s, int (*cb)(void *ud, int64_t seq, uint64_t norm_hash,
                                                  const void *blob, size_t len), void *ud)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT article, norm_hash, blob FROM sketches ORDER BY article",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "load sketches");
    int rc, r = SL_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        r = cb(ud, sqlite3_column_int64(st, 0), (uint64_t)sqlite3_column_int64(st, 1),
               sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2));
        if (r != SL_OK)
            break;
    }
    sqlite3_finalize(st);
    if (r != SL_OK)
        return r;
    return rc == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, "load sketches");
}

int sl_store_dup_put(sl_store *s, const sl_store_dup *d)
{
    sqlite3_stmt *st = stmt(s, ST_DUP_PUT);
    if (!st)
        return SL_EIO;
    sqlite3_bind_int64(st, 1, d->a);
    sqlite3_bind_int64(st, 2, d->b);
    sqlite3_bind_int(st, 3, d->kind);
    sqlite3_bind_double(st, 4, d->jaccard);
    sqlite3_bind_double(st, 5, d->ca);
    sqlite3_bind_double(st, 6, d->cb);
    sqlite3_bind_int64(st, 7, d->shared);
    return sqlite3_step(st) == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, "store copy edge");
}

int sl_store_text(sl_store *s, int64_t seq, char **text, size_t *len, uint32_t **removed,
                  size_t *nremoved)
{
    *text = NULL;
    *removed = NULL;
    *len = *nremoved = 0;
    sqlite3_stmt *st;
    int rc = row_by_seq(s, ST_TEXT_GET, seq, "read text", &st);
    if (rc != SL_OK)
        return rc;
    *len = (size_t)sqlite3_column_bytes(st, 0);
    *nremoved = (size_t)sqlite3_column_int64(st, 2);
    *text = sl_strndup((const char *)sqlite3_column_text(st, 0), *len);
    *removed = sl_calloc(*nremoved ? *nremoved * 3 : 1, sizeof **removed);
    rc = *text && *removed ? SL_OK : SL_ENOMEM;
    if (rc == SL_OK && unpack_spans(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1),
                                    *removed, *nremoved, 3))
        rc = SL_EIO;
    sqlite3_reset(st);
    if (rc != SL_OK) {
        sl_free(*text);
        sl_free(*removed);
        *text = NULL;
        *removed = NULL;
    }
    return rc;
}

int sl_store_dups_each(sl_store *s, int64_t article, int (*cb)(void *ud, const sl_store_dup *d), void *ud)
{
    sqlite3_stmt *st;
    const char *sql = article > 0
        ? "SELECT a, b, kind, jaccard, ca, cb, shared FROM dups WHERE a = ?1"
          " UNION ALL SELECT a, b, kind, jaccard, ca, cb, shared FROM dups WHERE b = ?1 ORDER BY 1, 2"
        : "SELECT a, b, kind, jaccard, ca, cb, shared FROM dups ORDER BY a, b";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "list copies");
    if (article > 0)
        sqlite3_bind_int64(st, 1, article);
    int rc, r = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sl_store_dup d = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2),
                          sqlite3_column_double(st, 3), sqlite3_column_double(st, 4),
                          sqlite3_column_double(st, 5), sqlite3_column_int64(st, 6)};
        if ((r = cb(ud, &d)))
            break;
    }
    sqlite3_finalize(st);
    return r || rc == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, "list copies");
}

int sl_store_info(sl_store *s, int64_t seq, const char *id, sl_article_info *out, char *buf, size_t cap)
{
    sqlite3_stmt *st;
    const char *sql = seq > 0
        ? "SELECT " INFO_COLS " FROM articles a JOIN sources s ON s.id = a.source WHERE a.seq = ?1"
        : "SELECT " INFO_COLS " FROM articles a JOIN sources s ON s.id = a.source"
          " WHERE a.key = ?2 OR a.id = ?2 ORDER BY a.key = ?2 DESC LIMIT 1";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "find article");
    if (seq > 0)
        sqlite3_bind_int64(st, 1, seq);
    else
        bind_text(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE) {
            snprintf(s->err, sizeof s->err, "no article with id '%s'", id ? id : "?");
            return SL_ENOTFOUND;
        }
        return fail(s, SL_EIO, "find article");
    }
    sl_article_info a;
    read_info(st, &a);
    /* copy the strings the callers use into buf: id, source, date, title */
    size_t off = 0;
    const char *src[4] = {a.id, a.source, a.date, a.title};
    const char **dst[4] = {&out->id, &out->source, &out->date, &out->title};
    *out = a;
    out->url = out->warnings = out->extra_json = NULL;
    for (int i = 0; i < 4; i++) {
        if (!src[i]) {
            *dst[i] = NULL;
            continue;
        }
        size_t n = strlen(src[i]) + 1;
        if (off + n > cap)
            n = cap - off;
        memcpy(buf + off, src[i], n);
        buf[off + n - 1] = 0;
        *dst[i] = buf + off;
        off += n;
    }
    sqlite3_finalize(st);
    return SL_OK;
}

/* Runs each statement with ?1 = seq. */
static int exec_each(sl_store *s, const char *const *sqls, size_t n, int64_t seq, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, sqls[i], -1, &st, NULL) != SQLITE_OK)
            return fail(s, SL_EIO, what);
        sqlite3_bind_int64(st, 1, seq);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return fail(s, SL_EIO, what);
    }
    return SL_OK;
}

int sl_store_dups_delete(sl_store *s, int64_t seq)
{
    static const char *const sqls[] = {"DELETE FROM dups WHERE a = ?1", "DELETE FROM dups WHERE b = ?1"};
    return exec_each(s, sqls, SL_ARRAY_LEN(sqls), seq, "delete copy edges");
}

int sl_store_forget(sl_store *s, int64_t seq)
{
    static const char *const sqls[] = {"DELETE FROM dups WHERE a = ?1", "DELETE FROM dups WHERE b = ?1",
                                       "DELETE FROM sketches WHERE article = ?1",
                                       "DELETE FROM members WHERE article = ?1",
                                       "DELETE FROM clreps WHERE article = ?1", "DELETE FROM articles WHERE seq = ?1"};
    return exec_each(s, sqls, SL_ARRAY_LEN(sqls), seq, "forget");
}

int sl_store_seqs_before(sl_store *s, const char *date, int64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT seq FROM articles WHERE date IS NOT NULL AND date < ?1 ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "forget");
    bind_text(st, 1, date);
    struct { int64_t *v; size_t n, cap; } v = {0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (SL_VEC_PUSH(&v, sqlite3_column_int64(st, 0))) {
            rc = SQLITE_NOMEM;
            break;
        }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        sl_free(v.v);
        return fail(s, SL_EIO, "forget");
    }
    *out = v.v;
    *n = v.n;
    return SL_OK;
}

/* ---- selections ------------------------------------------------------------ */

int sl_store_select(sl_store *s, const sl_store_filter *f, int (*cb)(void *ud, int64_t seq), void *ud)
{
    sl_buf q = {0};
    sl_buf_puts(&q, "SELECT a.seq FROM articles a WHERE 1");
    if (f->from)
        sl_buf_puts(&q, " AND a.date >= ?1");
    if (f->to)
        sl_buf_puts(&q, " AND a.date <= ?2");
    if (f->extra_key && f->extra_value)
        sl_buf_puts(&q, " AND json_extract(a.extra, '$.' || ?3) = ?4");
    if (f->story > 0)
        sl_buf_puts(&q, " AND a.seq IN (SELECT article FROM members WHERE story = ?5)");
    sl_buf_puts(&q, " ORDER BY a.seq");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, q.p, -1, &st, NULL);
    sl_buf_free(&q);
    if (rc != SQLITE_OK)
        return fail(s, SL_EIO, "select articles");
    bind_text(st, 1, f->from);
    bind_text(st, 2, f->to);
    bind_text(st, 3, f->extra_key);
    bind_text(st, 4, f->extra_value);
    sqlite3_bind_int64(st, 5, f->story);
    int r = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((r = cb(ud, sqlite3_column_int64(st, 0))))
            break;
    sqlite3_finalize(st);
    return r || rc == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, "select articles");
}

/* ---- stories ------------------------------------------------------------------ */

static int step_done(sl_store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, what);
}

int sl_store_member_put(sl_store *s, int64_t article, int64_t story, double score, int copy, int is_new,
                        const char *names, const char *headline)
{
    sqlite3_stmt *st;
    if (is_new) {
        if (!(st = stmt(s, ST_STORY_ADD)))
            return SL_EIO;
        sqlite3_bind_int64(st, 1, story);
        sqlite3_bind_int64(st, 2, article);
        bind_text(st, 3, headline);
        if (step_done(s, st, "add story") != SL_OK)
            return SL_EIO;
    }
    if (!(st = stmt(s, ST_MEMBER_PUT)))
        return SL_EIO;
    sqlite3_bind_int64(st, 1, article);
    sqlite3_bind_int64(st, 2, story);
    sqlite3_bind_double(st, 3, score);
    sqlite3_bind_int(st, 4, copy);
    bind_text(st, 5, names);
    return step_done(s, st, "add story member");
}

int sl_store_story_merge(sl_store *s, int64_t from, int64_t into, int64_t at)
{
    sqlite3_stmt *st = stmt(s, ST_MEMBER_MOVE);
    if (!st)
        return SL_EIO;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, into);
    if (step_done(s, st, "merge stories") != SL_OK)
        return SL_EIO;
    if (!(st = stmt(s, ST_STORY_MERGED)))
        return SL_EIO;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, into);
    sqlite3_bind_int64(st, 3, at);
    return step_done(s, st, "merge stories");
}

int sl_store_clrep_put(sl_store *s, int64_t article, const void *blob, size_t len, int64_t story)
{
    sqlite3_stmt *st = stmt(s, ST_CLREP_PUT);
    if (!st)
        return SL_EIO;
    sqlite3_bind_int64(st, 1, article);
    sqlite3_bind_blob(st, 2, blob, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, story);
    return step_done(s, st, "store story features");
}

int sl_store_alias_put(sl_store *s, uint64_t alias, uint64_t name)
{
    sqlite3_stmt *st = stmt(s, ST_ALIAS_PUT);
    if (!st)
        return SL_EIO;
    sqlite3_bind_int64(st, 1, (int64_t)alias);
    sqlite3_bind_int64(st, 2, (int64_t)name);
    return step_done(s, st, "store a learned alias");
}

static int run_rows(sl_store *s, sqlite3_stmt *st, int (*cb)(void *ud, int ncol, sqlite3_stmt_ptr st), void *ud)
{
    int rc, r = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((r = cb(ud, sqlite3_column_count(st), st)))
            break;
    sqlite3_finalize(st);
    return r || rc == SQLITE_DONE ? SL_OK : fail(s, SL_EIO, "query");
}

int sl_store_query(sl_store *s, const char *sql, const int64_t *ints, size_t nints, const char *text,
                   int (*cb)(void *ud, int ncol, sqlite3_stmt_ptr st), void *ud)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "query");
    for (size_t i = 0; i < nints; i++)
        sqlite3_bind_int64(st, (int)i + 1, ints[i]);
    if (text)
        bind_text(st, (int)nints + 1, text);
    return run_rows(s, st, cb, ud);
}

int64_t sl_col_int(sqlite3_stmt_ptr st, int i) { return sqlite3_column_int64(st, i); }
double sl_col_double(sqlite3_stmt_ptr st, int i) { return sqlite3_column_double(st, i); }
const char *sl_col_text(sqlite3_stmt_ptr st, int i) { return (const char *)sqlite3_column_text(st, i); }
const void *sl_col_blob(sqlite3_stmt_ptr st, int i, size_t *len)
{
    *len = (size_t)sqlite3_column_bytes(st, i);
    return sqlite3_column_blob(st, i);
}

int sl_store_query2(sl_store *s, const char *sql, const char *t1, const char *t2,
                    int (*cb)(void *ud, int ncol, sqlite3_stmt_ptr st), void *ud)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(s, SL_EIO, "query");
    bind_text(st, 1, t1);
    bind_text(st, 2, t2);
    return run_rows(s, st, cb, ud);
}
