/*
 * engine_add.c - the add pipeline: read -> parse/clean -> sequence -> analyse -> write.
 *
 * Design notes
 *
 *   reader (calling thread)   workers (N threads)             writer thread (serial)
 *   -----------------------   ---------------------------     ----------------------------
 *   raw records in units  --> phase 1 of any job: parse   --> sequence(): in input order,
 *   of UNIT (JSON lines       JSON, repair UTF-8, key,        already present?, source,
 *   are not parsed here)      text hash, lines + hashes       repeated lines of the source
 *                             phase 2 of sequenced jobs: <--
 *                             patterns, tokens, sentences,
 *                             dates                        --> write units in order,
 *                                                              commit every batch-size
 *
 * Determinism: every decision that depends on earlier articles (is the key
 * already there, which lines has this source repeated) is made by sequence(),
 * one article at a time in input order, before phase 2; phases 1 and 2 are
 * pure functions of one article; the writer stores in input order. So the
 * database does not depend on the number of threads.
 *
 * Crash safety: the writer commits every `batch-size` articles; the learned
 * repeated-line counts of a unit are saved in the same transaction as its
 * articles. A killed run loses at most the open batch, and re-running the
 * same input skips what was stored ("already present").
 *
 * Memory: at most MAX_INFLIGHT (16) units of UNIT (64) articles are held at once
 * (16 rather than 4: with 4, the workers waited 4.1 s for work in a 22 s
 * run of 20,000 generated articles, another program busy on one core;
 * with 16, 0.4 s; peak RSS +30 MB), so
 * memory does not grow with the input.
 */
#include "engine.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clean/boiler.h"
#include "cluster/cluster.h"
#include "dups.h"
#include "entity/entity.h"
#include "date/date.h"

enum { UNIT = 64, MAX_INFLIGHT = 16, LAT_BUCKETS = 100000 };

/* Counts seconds s into a latency histogram of 1 us buckets (the last one
 * takes everything from 100 ms up). */
static void lat_count(uint32_t *h, double s)
{
    size_t us = s > 0 ? (size_t)(s * 1e6) : 0;
    h[us < LAT_BUCKETS ? us : LAT_BUCKETS - 1]++;
}

/* ---- jobs --------------------------------------------------------------- */

typedef struct job {
    sl_rec rec;
    int status;                 /* sl_add_status */
    char *key;
    char *text;                 /* repaired display text */
    size_t len;
    size_t nbad;                /* invalid UTF-8 sequences replaced */
    uint64_t text_hash;
    size_t src;                 /* index into e->sources (reader side only) */
    int64_t source_id;          /* sources.id (the writer reads this) */
    struct { uint32_t *v; size_t n, cap; } lines;    /* start,end pairs */
    struct { uint64_t *v; size_t n, cap; } lhash;    /* per line: sl_line_hash or 0 */
    struct { uint8_t *v; size_t n, cap; } rule;      /* per line, 0 = keep */
    /* analysis */
    sl_doc doc;
    struct { sl_span *v; size_t n, cap; } sents;
    struct { uint32_t *v; size_t n, cap; } removed;  /* start,end,rule */
    uint32_t words;
    int parsed_here;            /* JSON parsed by a worker (bytes counted then) */
    sl_dup_art dup;             /* sketch and shingles */
    sl_mentions ms;             /* names in the article text */
    sl_cl_article clrep;        /* story features (terms, names, day) */
    struct { uint64_t *v; size_t n, cap; } aliases;  /* pairs: alias key hash, name key hash */
    uint32_t title_end;         /* end of the title inside text, or 0 */
    double t_sketch;            /* seconds spent sketching (worker) */
    char date[64], date_raw[64];
    int date_flag;
    sl_buf warnings;
} job;

static void job_free(job *j)
{
    sl_rec_clear(&j->rec);
    sl_free(j->key);
    sl_free(j->text);
    sl_free(j->lines.v);
    sl_free(j->lhash.v);
    sl_free(j->rule.v);
    sl_doc_free(&j->doc);
    sl_free(j->sents.v);
    sl_free(j->removed.v);
    sl_buf_free(&j->warnings);
    sl_dup_art_free(&j->dup);
    sl_mentions_free(&j->ms);
    sl_cl_article_free(&j->clrep);
    sl_free(j->aliases.v);
    memset(j, 0, sizeof *j);
}

static void warn(job *j, const char *w)
{
    if (j->warnings.len)
        sl_buf_putc(&j->warnings, ',');
    sl_buf_puts(&j->warnings, w);
}

/* A line count learned while reading, saved with its unit. */
typedef struct delta {
    int64_t source;
    uint64_t hash;
    uint32_t n;
} delta;

typedef struct unit {
    job jobs[UNIT];
    size_t n;
    size_t claimed1, done1;     /* phase 1 (parse, repair, hashes) */
    int sequenced;              /* sequence() ran on every job */
    size_t claimed2, done2;     /* phase 2 (analysis) */
    struct { delta *v; size_t n, cap; } deltas;
    struct unit *next;
} unit;

static void unit_free(unit *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->n; i++)
        job_free(&u->jobs[i]);
    sl_free(u->deltas.v);
    sl_free(u);
}

/* ---- the run ------------------------------------------------------------ */

typedef struct run {
    sl_engine *e;
    sl_diag_fn diag;
    void *ud;
    sl_add_report rep;
    sl_map64 keys;              /* hash(key) -> text hash, keys seen this run */
    /* pipeline */
    pthread_mutex_t mu;
    pthread_cond_t work, done, space;
    unit *head, *tail;
    size_t inflight;
    int eof;
    int failed;                 /* the writer hit a database error */
    size_t in_txn;              /* articles written in the open transaction */
    double t_dups;              /* writer time in copy detection, stories, sequencing (not write) */
    uint32_t *lat;              /* copy query+insert latency histogram, 1 us buckets */
    uint32_t *lat_cpu;          /* the same in thread CPU time */
    uint32_t *lat_q, *lat_q_cpu;   /* the query alone, wall and CPU */
    double lat_max;             /* largest query+insert, wall seconds */
    int txn_open;
} run;

/* ---- reader side: prepare ------------------------------------------------ */

static char *url_host(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/:?#");
    if (!n)
        return NULL;
    if (n > 4 && strncmp(p, "www.", 4) == 0)
        p += 4, n -= 4;
    return sl_strndup(p, n);
}

/* Decides added / present / updated, in input order. */
static int classify(run *r, job *j)
{
    uint64_t kh = sl_hash64(j->key, strlen(j->key));
    uint64_t *seen = sl_map64_get(&r->keys, kh);
    uint64_t old = 0;
    int have = 0;
    if (seen) {
        have = 1;
        old = *seen;
    } else {
        int rc = sl_store_find_key(r->e->store, j->key, NULL, &old);
        if (rc < 0)
            return sl_engine_fail(r->e, rc, "%s", sl_store_errmsg(r->e->store));
        have = rc;
    }
    j->status = !have ? SL_ADDED : old == j->text_hash ? SL_PRESENT : SL_UPDATED;
    uint64_t *slot = sl_map64_put(&r->keys, kh, NULL);
    if (!slot)
        return SL_ENOMEM;
    *slot = j->text_hash;
    return SL_OK;
}

static int split_lines(job *j)
{
    size_t i = 0;
    while (i < j->len) {
        const char *nl = memchr(j->text + i, '\n', j->len - i);
        size_t end = nl ? (size_t)(nl - j->text) : j->len;
        size_t a = i, b = end;
        while (a < b && (j->text[a] == ' ' || j->text[a] == '\t'))
            a++;
        while (b > a && (j->text[b - 1] == ' ' || j->text[b - 1] == '\t'))
            b--;
        if (b > a) {
            if (SL_VEC_PUSH(&j->lines, (uint32_t)a) || SL_VEC_PUSH(&j->lines, (uint32_t)b) ||
                SL_VEC_PUSH(&j->rule, 0))
                return SL_ENOMEM;
        }
        i = end + 1;
    }
    return SL_OK;
}

static void load_line(void *ud, uint64_t hash, uint32_t n)
{
    sl_repeat_set(ud, hash, n);
}

/* Marks the lines this source already used in repeat-min earlier articles,
 * then counts this article's lines. */
static int mark_repeats(run *r, unit *u, job *j)
{
    sl_engine *e = r->e;
    sl_source_state *s = &e->sources.v[j->src];
    if (!s->loaded) {
        if (sl_store_lines_load(e->store, s->id, load_line, &s->repeat) != SL_OK)
            return sl_engine_fail(e, SL_EIO, "%s", sl_store_errmsg(e->store));
        s->loaded = 1;
    }
    size_t nl = j->rule.n;
    uint32_t need = (uint32_t)SL_OPT(e, SL_OPT_REPEAT_MIN);
    const uint64_t *hashes = j->lhash.v;
    size_t total = 0, kept = 0;
    for (size_t i = 0; i < nl; i++) {
        uint32_t a = j->lines.v[2 * i], b = j->lines.v[2 * i + 1];
        total += b - a;
        if (hashes[i] && sl_repeat_count(&s->repeat, hashes[i]) >= need)
            j->rule.v[i] = SL_BOILER_REPEAT;
        else
            kept += b - a;
    }
    /* a copy of an earlier article is not boilerplate: keep it whole */
    if (kept < SL_OPT(e, SL_OPT_REPEAT_KEEP) * (double)total)
        memset(j->rule.v, 0, nl);
    /* count each distinct line once per article (sorted copy: no quadratic scan) */
    uint64_t *uniq = sl_malloc((nl ? nl : 1) * sizeof *uniq);
    if (!uniq)
        return SL_ENOMEM;
    memcpy(uniq, hashes, nl * sizeof *uniq);
    sl_sort_u64(uniq, nl);
    int rc = SL_OK;
    for (size_t i = 0; rc == SL_OK && i < nl; i++) {
        if (!uniq[i] || (i && uniq[i] == uniq[i - 1]))
            continue;
        uint32_t n = sl_repeat_bump(&s->repeat, uniq[i]);
        if (n >= 2) {
            delta d = {s->id, uniq[i], n};
            if (SL_VEC_PUSH(&u->deltas, d))
                rc = SL_ENOMEM;
        }
    }
    sl_free(uniq);
    return rc;
}

/* Phase 1, on a worker: everything about one article that does not depend
 * on the articles before it. */
static int phase1(const sl_engine *e, job *j)
{
    j->parsed_here = j->rec.json != NULL;
    sl_rec_parse(&j->rec, (size_t)(SL_OPT(e, SL_OPT_MAX_ARTICLE_MB) * 1e6));
    if (j->rec.reject)
        return SL_OK;
    if (sl_utf8_repair(j->rec.text, j->rec.text_len, &j->text, &j->len, &j->nbad))
        return SL_ENOMEM;
    j->nbad += j->rec.bad_utf8;
    j->text_hash = sl_hash64(j->text, j->len);
    if (j->rec.id && *j->rec.id)
        j->key = sl_strdup(j->rec.id);
    else if (j->rec.url && *j->rec.url)
        j->key = sl_strdup(j->rec.url);
    else if (asprintf(&j->key, "sha:%016llx", (unsigned long long)j->text_hash) < 0)
        j->key = NULL;
    if (!j->key || split_lines(j) != SL_OK)
        return SL_ENOMEM;
    size_t maxlen = (size_t)SL_OPT(e, SL_OPT_REPEAT_MAX_LINE);
    for (size_t i = 0; i < j->rule.n; i++) {
        uint32_t a = j->lines.v[2 * i], b = j->lines.v[2 * i + 1];
        if (SL_VEC_PUSH(&j->lhash, b - a <= maxlen ? sl_line_hash(j->text + a, b - a) : 0))
            return SL_ENOMEM;
    }
    return SL_OK;
}

/* Serial, in input order: what depends on the articles before this one. */
static int sequence(run *r, unit *u, job *j)
{
    sl_engine *e = r->e;
    if (j->rec.reject) {
        j->status = SL_REJECTED;
        if (r->diag)
            r->diag(r->ud, 0, j->rec.origin, j->rec.reason);
        return SL_OK;
    }
    int rc = classify(r, j);
    if (rc != SL_OK || j->status == SL_PRESENT)
        return rc;
    if (j->nbad) {
        char msg[128];
        snprintf(msg, sizeof msg, "warning: %zu invalid UTF-8 sequence%s replaced with U+FFFD",
                 j->nbad, j->nbad == 1 ? "" : "s");
        if (r->diag)
            r->diag(r->ud, 1, j->rec.origin, msg);
    }
    char *host = NULL;
    const char *name = j->rec.source && *j->rec.source ? j->rec.source : NULL;
    if (!name && j->rec.url && (host = url_host(j->rec.url)))
        name = host;
    int known = name != NULL;
    sl_source_state *s = sl_engine_source(e, name ? name : "unknown");
    sl_free(host);
    if (!s)
        return sl_engine_fail(e, SL_EIO, "%s", sl_store_errmsg(e->store));
    j->src = (size_t)(s - e->sources.v);
    j->source_id = s->id;
    return known ? mark_repeats(r, u, j) : SL_OK;
}

/* ---- workers: analyse ---------------------------------------------------- */

/* Publication date: from metadata when it parses (YYYY-MM-DD, RFC 3339,
 * RFC 2822); else from a dateline near the top of the text, flagged as
 * inferred; a metadata value that does not parse is kept as given. */
static void pub_date(job *j)
{
    const char *d = j->rec.date;
    sl_ymd y;
    if (d && *d) {
        snprintf(j->date_raw, sizeof j->date_raw, "%s", d);
        if (sl_date_parse_meta(d, strlen(d), &y) == 0 && sl_date_format(j->date, y) > 0) {
            j->date_flag = SL_DATE_GIVEN;
            return;
        }
        j->date_flag = SL_DATE_UNPARSED;
        warn(j, "date-unparsed");
    }
    sl_date_pub p;
    if (sl_date_from_dateline(j->text, j->len, &p) == 0 && sl_date_format(j->date, p.date) > 0)
        j->date_flag = SL_DATE_INFERRED;
}

/* Applies the pattern table and wire-code prefixes; builds the regions. */
typedef struct region_vec { sl_region *v; size_t n, cap; } region_vec;

static int clean_lines(job *j, region_vec *regions)
{
    for (size_t i = 0; i < j->rule.n; i++) {
        uint32_t a = j->lines.v[2 * i], b = j->lines.v[2 * i + 1];
        int rule = j->rule.v[i];
        if (!rule)
            rule = sl_boiler_match(j->text + a, b - a);
        if (!rule) {
            size_t p = sl_boiler_strip_prefix(j->text + a, b - a);
            if (p) {
                int pr = sl_boiler_match(j->text + a, p);
                uint32_t t[3] = {a, a + (uint32_t)p, (uint32_t)(pr ? pr : SL_BOILER_FIRST_PATTERN)};
                for (int k = 0; k < 3; k++)
                    if (SL_VEC_PUSH(&j->removed, t[k]))
                        return SL_ENOMEM;
                a += (uint32_t)p;
            }
            sl_region rg = {a, b};
            if (a < b && SL_VEC_PUSH(regions, rg))
                return SL_ENOMEM;
            continue;
        }
        uint32_t t[3] = {a, b, (uint32_t)rule};
        for (int k = 0; k < 3; k++)
            if (SL_VEC_PUSH(&j->removed, t[k]))
                return SL_ENOMEM;
    }
    return SL_OK;
}

typedef struct wctx {
    sl_text *tx;
    sl_dup_worker *dw;
    sl_entity *ent;
    const sl_cluster_params *clp;  /* read-only, shared */
    int stories;                   /* story features wanted (option `stories`) */
} wctx;

/* Keeps the mentions that lie in article text (not in removed lines). */
static void keep_mentions_in(sl_mentions *ms, const sl_region *rg, size_t nrg)
{
    size_t k = 0, r = 0;
    for (size_t i = 0; i < ms->m.n; i++) {
        uint32_t s = ms->m.v[i].start;
        while (r < nrg && rg[r].end <= s)
            r++;
        if (r < nrg && rg[r].start <= s)
            ms->m.v[k++] = ms->m.v[i];
    }
    ms->m.n = k;
    ms->pairs.n = 0;
}

/* Where the title ends in the text, when the text starts with it. */
static uint32_t title_end(const job *j)
{
    const char *t = j->rec.title;
    if (!t || !*t)
        return 0;
    size_t n = strlen(t), i = 0;
    while (i < j->len && (j->text[i] == ' ' || j->text[i] == '\n' || j->text[i] == '\t'))
        i++;
    return i + n <= j->len && memcmp(j->text + i, t, n) == 0 ? (uint32_t)(i + n) : 0;
}

static int analyze(wctx *w, job *j)
{
    if (j->status == SL_REJECTED || j->status == SL_PRESENT)
        return SL_OK;
    region_vec regions = {0};
    int rc = clean_lines(j, &regions);
    if (rc == SL_OK && sl_text_analyze(w->tx, j->text, j->len, regions.v, regions.n, &j->doc))
        rc = SL_ENOMEM;
    if (rc == SL_OK && w->stories && sl_entity_extract(w->ent, j->text, j->len, &j->ms) != 0)
        rc = SL_ENOMEM;
    if (rc == SL_OK && w->stories)
        keep_mentions_in(&j->ms, regions.v, regions.n);
    /* aliases the text states ("Daesh (ISIS)", "SDF" for "Syrian Democratic
     * Forces"): the writer folds them into one name key across articles */
    if (rc == SL_OK && w->stories && j->ms.m.n && sl_entity_learn(j->text, j->len, &j->ms) == 0)
        for (size_t i = 0; rc == SL_OK && i < j->ms.pairs.n; i++) {
            const sl_alias_pair *p = &j->ms.pairs.v[i];
            if (SL_VEC_PUSH(&j->aliases, j->ms.m.v[p->alias].key_hash) ||
                SL_VEC_PUSH(&j->aliases, j->ms.m.v[p->name].key_hash))
                rc = SL_ENOMEM;
        }
    j->title_end = title_end(j);
    double t0 = sl_cpu_now();
    if (rc == SL_OK)
        rc = sl_dup_analyze(w->dw, &j->doc, &j->dup);
    j->t_sketch = sl_cpu_now() - t0;
    size_t nregions = regions.n;
    sl_free(regions.v);
    if (rc != SL_OK)
        return rc;
    for (size_t i = 0; i < j->doc.sents.n; i++) {
        sl_span sp = {j->doc.sents.v[i].start, j->doc.sents.v[i].end};
        if (SL_VEC_PUSH(&j->sents, sp))
            return SL_ENOMEM;
    }
    j->words = (uint32_t)j->doc.toks.n;
    if (j->nbad) {
        char w[48];
        snprintf(w, sizeof w, "invalid-utf8:%zu", j->nbad);
        warn(j, w);
    }
    if (!nregions)
        warn(j, "only-boilerplate");
    pub_date(j);
    /* story features: built here with a uniform IDF (the clusterer's own
     * IDF is state only the in-order writer may read; its top-K choice is
     * the only use, and the clusterer applies its IDF when scoring) */
    if (!w->stories)
        return SL_OK;
    int32_t day = SL_CL_NODAY;
    sl_ymd y;
    if ((j->date_flag == SL_DATE_GIVEN || j->date_flag == SL_DATE_INFERRED) &&
        sl_date_parse_meta(j->date, strlen(j->date), &y) == 0)
        day = (int32_t)sl_date_to_days(y.y, y.m, y.d);
    if (sl_cl_article_build(NULL, w->clp, &j->doc, j->text, &j->ms, j->title_end, day, &j->clrep) != SL_CL_OK)
        return SL_ENOMEM;
    return SL_OK;
}

/* ---- writer ---------------------------------------------------------------- */

static int write_job(run *r, job *j)
{
    sl_engine *e = r->e;
    switch (j->status) {
    case SL_REJECTED: r->rep.rejected += !j->rec.input_failed; return SL_OK;
    case SL_PRESENT: r->rep.present++; return SL_OK;
    case SL_UPDATED: r->rep.updated++; break;
    default: r->rep.added++; break;
    }
    sl_store_article a = {
        .key = j->key, .id = j->rec.id, .url = j->rec.url, .title = j->rec.title,
        .date = j->date[0] ? j->date : NULL, .date_raw = j->date_raw[0] ? j->date_raw : NULL,
        .lang = j->rec.lang, .warnings = j->warnings.p ? j->warnings.p : "",
        .extra = j->rec.extra, .origin = j->rec.origin,
        .source = j->source_id, .date_flag = j->date_flag,
        .text = j->text, .text_len = j->len, .text_hash = j->text_hash, .words = j->words,
        .sents = j->sents.v, .nsents = j->sents.n,
        .removed = j->removed.v, .nremoved = j->removed.n / 3,
    };
    int64_t seq;
    int rc = sl_store_put(e->store, &a, j->status == SL_UPDATED, &seq);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    double t0 = sl_now(), c0 = sl_cpu_now(), qw = 0, qc = 0;
    int64_t copy_of = 0;
    rc = sl_dups_insert(e->dups, seq, &j->dup, j->status == SL_UPDATED, &copy_of, &qw, &qc);
    double dt = sl_now() - t0, dc = sl_cpu_now() - c0;
    r->rep.stage[SL_STAGE_DUPS] += dc;
    r->t_dups += dc;
    if (r->lat) {
        lat_count(r->lat, dt);
        lat_count(r->lat_cpu, dc);
        lat_count(r->lat_q, qw);
        lat_count(r->lat_q_cpu, qc);
        if (dt > r->lat_max)
            r->lat_max = dt;
    }
    if (rc != SL_OK || !SL_OPT(e, SL_OPT_STORIES))
        return rc;
    double s0 = sl_cpu_now();
    rc = sl_story_assign(e, seq, j->rec.title, j->text, &j->doc, &j->ms, &j->clrep, j->aliases.v,
                         j->aliases.n / 2, copy_of);
    double ds = sl_cpu_now() - s0;
    r->rep.stage[SL_STAGE_STORIES] += ds;
    r->t_dups += ds;
    return rc;
}

static int sequence_next(run *r);

static int write_unit(run *r, unit *u)
{
    sl_engine *e = r->e;
    int rc = SL_OK;
    if (!r->txn_open) {
        if ((rc = sl_store_begin(e->store)) != SL_OK)
            return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
        r->txn_open = 1;
    }
    for (size_t i = 0; rc == SL_OK && i < u->n; i++) {
        rc = write_job(r, &u->jobs[i]);
        pthread_mutex_lock(&r->mu);
        sequence_next(r);
        pthread_mutex_unlock(&r->mu);
    }
    for (size_t i = 0; rc == SL_OK && i < u->deltas.n; i++) {
        delta *d = &u->deltas.v[i];
        if ((rc = sl_store_lines_save(e->store, d->source, d->hash, d->n)) != SL_OK)
            sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    }
    r->in_txn += u->n;
    if (rc == SL_OK && r->in_txn >= (size_t)SL_OPT(e, SL_OPT_BATCH)) {
        if ((rc = sl_store_commit(e->store)) != SL_OK)
            sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
        r->txn_open = 0;
        r->in_txn = 0;
    }
    return rc;
}

/* ---- threads ---------------------------------------------------------------- */

typedef struct worker_arg {
    run *r;
    double seconds;
    int rc;
} worker_arg;

/* Next job for a worker: phase 2 of the oldest sequenced unit first (it
 * unblocks the writer), else phase 1. Called with the lock held. */
static job *claim(run *r, unit **uu, int *phase)
{
    for (unit *u = r->head; u; u = u->next)
        if (u->sequenced && u->claimed2 < u->n) {
            *uu = u;
            *phase = 2;
            return &u->jobs[u->claimed2++];
        }
    for (unit *u = r->head; u; u = u->next)
        if (u->claimed1 < u->n) {
            *uu = u;
            *phase = 1;
            return &u->jobs[u->claimed1++];
        }
    return NULL;
}

static void *worker_main(void *arg)
{
    worker_arg *w = arg;
    run *r = w->r;
    /* the writer is the serial stage: let it win the cores when both want
     * them. Workers run at nice 19: at nice 5 a worker sharing the writer's
     * core still took enough of it that the writer's wall-clock latency
     * was ~40% over its CPU time (g100k copy query p99 1.39 ms wall, 1.32
     * CPU); at 19 the gap is a few percent (1.21 / 1.18) and throughput is
     * the same or better (13.7 vs 12.8 MB/s, one run each). Failure to
     * renice is harmless. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
    pthread_setname_np(pthread_self(), "sl-worker");   /* for top and perf */
    wctx wc = {sl_text_new(NULL), NULL, sl_entity_new(NULL), sl_cluster_get_params(r->e->cluster),
               SL_OPT(r->e, SL_OPT_STORIES) != 0};
    if (sl_dup_worker_new(&wc.dw, sl_dups_params(r->e->dups)) != SL_OK)
        wc.dw = NULL;
    int ok = wc.tx && wc.dw && wc.ent;
    if (!ok)
        w->rc = SL_ENOMEM;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        unit *u;
        int phase;
        job *j = claim(r, &u, &phase);
        if (j) {
            pthread_mutex_unlock(&r->mu);
            double t0 = sl_cpu_now();
            int rc = !ok ? SL_ENOMEM : phase == 1 ? phase1(r->e, j) : analyze(&wc, j);
            double dt = sl_cpu_now() - t0;
            if (rc != SL_OK && w->rc == SL_OK)
                w->rc = rc;
            pthread_mutex_lock(&r->mu);
            if (phase == 1) {
                r->rep.stage[SL_STAGE_CLEAN] += dt;
                if (j->parsed_here && !j->rec.reject)
                    r->rep.bytes += j->rec.text_len; /* parsed here, not by the reader */
                if (++u->done1 == u->n)
                    pthread_cond_broadcast(&r->done);
            } else {
                r->rep.stage[SL_STAGE_ANALYZE] += dt - j->t_sketch;
                r->rep.stage[SL_STAGE_SKETCH] += j->t_sketch;
                if (++u->done2 == u->n)
                    pthread_cond_broadcast(&r->done);
            }
            continue;
        }
        if (r->eof && !r->head)
            break;
        double w0 = sl_now();
        pthread_cond_wait(&r->work, &r->mu);
        r->rep.worker_wait += sl_now() - w0;
    }
    pthread_mutex_unlock(&r->mu);
    sl_text_free(wc.tx);
    sl_dup_worker_free(wc.dw);
    sl_entity_free(wc.ent);
    return NULL;
}

static int sequence_unit(run *r, unit *u)
{
    int rc = SL_OK;
    for (size_t i = 0; rc == SL_OK && i < u->n; i++)
        rc = sequence(r, u, &u->jobs[i]);
    return rc;
}

/* Sequences the oldest unsequenced unit when its phase 1 is done; returns
 * whether it did. Called with the lock held (released while sequencing).
 * The writer calls it between units and also between the articles of the
 * unit it writes, so the workers get phase-2 work while a long unit is
 * being written instead of waiting for it (they idled a third of the time
 * when units were sequenced only between writes). Its CPU time counts as
 * clean, and r->t_dups keeps it out of the write stage. */
static int sequence_next(run *r)
{
    unit *q = r->head;
    while (q && q->sequenced)
        q = q->next;
    if (!q || q->done1 != q->n)
        return 0;
    pthread_mutex_unlock(&r->mu);
    double t0 = sl_cpu_now();
    int rc = r->failed ? SL_OK : sequence_unit(r, q);
    double dt = sl_cpu_now() - t0;
    pthread_mutex_lock(&r->mu);
    r->rep.stage[SL_STAGE_CLEAN] += dt;
    r->t_dups += dt;
    if (rc != SL_OK && !r->failed)
        r->failed = rc;
    q->sequenced = 1;
    pthread_cond_broadcast(&r->work);
    return 1;
}

/* The writer thread also sequences units, in order, as their phase 1 ends. */
static void *writer_main(void *arg)
{
    run *r = arg;
    pthread_setname_np(pthread_self(), "sl-writer");
    pthread_mutex_lock(&r->mu);
    for (;;) {
        if (sequence_next(r))
            continue;
        unit *u = r->head;
        if (u && u->sequenced && u->done2 == u->n) {
            pthread_mutex_unlock(&r->mu);
            double t0 = sl_cpu_now(), d0 = r->t_dups;
            int rc = r->failed ? SL_OK : write_unit(r, u);
            double dt = sl_cpu_now() - t0 - (r->t_dups - d0);
            pthread_mutex_lock(&r->mu);
            r->rep.stage[SL_STAGE_WRITE] += dt;
            if (rc != SL_OK && !r->failed)
                r->failed = rc;
            r->head = u->next;
            if (!r->head)
                r->tail = NULL;
            r->inflight--;
            pthread_cond_broadcast(&r->space);
            pthread_cond_broadcast(&r->work);
            pthread_mutex_unlock(&r->mu);
            unit_free(u);
            pthread_mutex_lock(&r->mu);
            continue;
        }
        if (!r->head && r->eof)
            break;
        double w0 = sl_now();
        pthread_cond_wait(&r->done, &r->mu);
        r->rep.writer_wait += sl_now() - w0;
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static void enqueue(run *r, unit *u)
{
    pthread_mutex_lock(&r->mu);
    while (r->inflight >= MAX_INFLIGHT)
        pthread_cond_wait(&r->space, &r->mu);
    if (r->tail)
        r->tail->next = u;
    else
        r->head = u;
    r->tail = u;
    r->inflight++;
    pthread_cond_broadcast(&r->work);
    pthread_cond_broadcast(&r->done);
    pthread_mutex_unlock(&r->mu);
}

static size_t thread_count(const sl_engine *e)
{
    size_t n = (size_t)SL_OPT(e, SL_OPT_THREADS);
    if (!n) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        n = c > 0 ? (size_t)c : 1;
    }
    return n;
}

/* Reads everything, feeding the pipeline; returns the first fatal error. */
static int feed(run *r, sl_reader *rd)
{
    unit *u = NULL;
    int rc = SL_OK;
    for (;;) {
        if (r->failed)
            break;
        if (!u && !(u = sl_calloc(1, sizeof *u))) {
            rc = SL_ENOMEM;
            break;
        }
        job *j = &u->jobs[u->n];
        double t0 = sl_cpu_now();
        int got = sl_reader_next(rd, &j->rec);
        double t1 = sl_cpu_now();
        r->rep.stage[SL_STAGE_READ] += t1 - t0;
        if (got <= 0) {
            sl_rec_clear(&j->rec);
            rc = got;
            break;
        }
        (void)t1;
        if (!j->rec.input_failed)
            r->rep.read++;
        if (!j->rec.json)
            r->rep.bytes += j->rec.text_len;
        u->n++;
        if (u->n == UNIT) {
            enqueue(r, u);
            u = NULL;
        }
    }
    if (u && u->n && rc == SL_OK)
        enqueue(r, u);
    else
        unit_free(u);
    return rc;
}

static int run_init(run *r, sl_engine *e, sl_diag_fn diag, void *ud)
{
    memset(r, 0, sizeof *r);
    r->e = e;
    r->diag = diag;
    r->ud = ud;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->work, NULL);
    pthread_cond_init(&r->done, NULL);
    pthread_cond_init(&r->space, NULL);
    return SL_OK;
}

/* Percentiles of a latency histogram, in milliseconds. */
static void percentiles(const uint32_t *h, double *p50, double *p99, double *max)
{
    uint64_t n = 0, seen = 0;
    for (size_t i = 0; i < LAT_BUCKETS; i++)
        n += h[i];
    if (!n)
        return;
    double *out[2] = {p50, p99};
    double q[2] = {0.5, 0.99};
    int k = 0;
    for (size_t i = 0; i < LAT_BUCKETS; i++) {
        seen += h[i];
        while (k < 2 && seen >= q[k] * n)
            *out[k++] = (i + 1) / 1000.0;
        if (h[i] && max)
            *max = (i + 1) / 1000.0;
    }
}

static void latencies(run *r)
{
    if (!r->lat)
        return;
    percentiles(r->lat, &r->rep.dup_p50_ms, &r->rep.dup_p99_ms, NULL);
    percentiles(r->lat_cpu, &r->rep.dup_cpu_p50_ms, &r->rep.dup_cpu_p99_ms, NULL);
    percentiles(r->lat_q, &r->rep.dup_query_p50_ms, &r->rep.dup_query_p99_ms, NULL);
    percentiles(r->lat_q_cpu, &r->rep.dup_query_cpu_p50_ms, &r->rep.dup_query_cpu_p99_ms, NULL);
    r->rep.dup_max_ms = r->lat_max * 1000.0;
}

static void run_free(run *r)
{
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->work);
    pthread_cond_destroy(&r->done);
    pthread_cond_destroy(&r->space);
    sl_map64_free(&r->keys);
    sl_free(r->lat);
    sl_free(r->lat_cpu);
    sl_free(r->lat_q);
    sl_free(r->lat_q_cpu);
    while (r->head) {
        unit *u = r->head;
        r->head = u->next;
        unit_free(u);
    }
}

static int finish_txn(run *r, int rc)
{
    if (!r->txn_open)
        return rc;
    r->txn_open = 0;
    if (rc == SL_OK) {
        int c = sl_store_commit(r->e->store);
        if (c != SL_OK)
            return sl_engine_fail(r->e, c, "%s", sl_store_errmsg(r->e->store));
        return SL_OK;
    }
    sl_store_rollback(r->e->store);
    return rc;
}

static char *join_paths(const char *const *paths, size_t n)
{
    sl_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (i)
            sl_buf_putc(&b, ' ');
        sl_buf_puts(&b, paths[i]);
    }
    return sl_buf_steal(&b);
}

int sl_add_paths(sl_engine *e, const char *const *paths, size_t npaths,
                 sl_diag_fn diag, void *ud, sl_add_report *rep)
{
    double t0 = sl_now();
    e->err[0] = 0;
    sl_reader_opts ro = {
        .max_text = (size_t)(SL_OPT(e, SL_OPT_MAX_ARTICLE_MB) * 1e6),
        .title_max = (size_t)SL_OPT(e, SL_OPT_TITLE_MAX),
        .defer_json = 1,
    };
    sl_reader *rd = sl_reader_new(paths, npaths, &ro, diag, ud);
    if (!rd)
        return sl_engine_fail(e, SL_ENOMEM, "out of memory");
    run r;
    run_init(&r, e, diag, ud);
    /* four histograms, or none when out of memory (r.lat is the flag) */
    r.lat = sl_calloc(LAT_BUCKETS, sizeof *r.lat);
    r.lat_cpu = sl_calloc(LAT_BUCKETS, sizeof *r.lat_cpu);
    r.lat_q = sl_calloc(LAT_BUCKETS, sizeof *r.lat_q);
    r.lat_q_cpu = sl_calloc(LAT_BUCKETS, sizeof *r.lat_q_cpu);
    if (!r.lat_cpu || !r.lat_q || !r.lat_q_cpu) {
        sl_free(r.lat);
        r.lat = NULL;
    }
    size_t nw = thread_count(e);
    pthread_t wt[64], writer;
    worker_arg wa[64];
    memset(wa, 0, sizeof wa);
    size_t started = 0;
    for (; started < nw && started < 64; started++) {
        wa[started].r = &r;
        if (pthread_create(&wt[started], NULL, worker_main, &wa[started]))
            break;
    }
    /* the WAL is copied into the database by a thread of the store, not
     * in the writer's commits (store.c, "background checkpoints") */
    sl_store_ckpt_start(e->store);
    int have_writer = pthread_create(&writer, NULL, writer_main, &r) == 0;
    int rc = started && have_writer ? feed(&r, rd) : sl_engine_fail(e, SL_ERROR, "cannot start threads");
    pthread_mutex_lock(&r.mu);
    r.eof = 1;
    pthread_cond_broadcast(&r.work);
    pthread_cond_broadcast(&r.done);
    pthread_mutex_unlock(&r.mu);
    for (size_t i = 0; i < started; i++) {
        pthread_join(wt[i], NULL);
        if (rc == SL_OK && wa[i].rc != SL_OK)
            rc = sl_engine_fail(e, wa[i].rc, "analysis failed (out of memory)");
    }
    if (have_writer)
        pthread_join(writer, NULL);
    if (rc == SL_OK && r.failed)
        rc = r.failed;
    rc = finish_txn(&r, rc);
    sl_store_ckpt_stop(e->store);
    r.rep.inputs_failed = sl_reader_failed(rd);
    latencies(&r);
    r.rep.seconds = sl_now() - t0;
    if (rc == SL_OK) {
        char *p = join_paths(paths, npaths);
        int lrc = sl_store_log_add(e->store, p, &r.rep);
        sl_free(p);
        if (lrc != SL_OK)
            rc = sl_engine_fail(e, lrc, "%s", sl_store_errmsg(e->store));
    }
    if (rep)
        *rep = r.rep;
    run_free(&r);
    sl_reader_free(rd);
    return rc;
}

/* ---- one article ------------------------------------------------------------- */

static int rec_from_article(const sl_article *in, size_t max_text, sl_rec *rec)
{
    snprintf(rec->origin, sizeof rec->origin, "%s", in->origin ? in->origin : "<api>");
    if (!in->text) {
        snprintf(rec->reason, sizeof rec->reason, "missing \"text\"");
        rec->reject = 1;
        return SL_OK;
    }
    size_t n = in->text_len ? in->text_len : strlen(in->text);
    size_t sp = 0;
    while (sp < n && strchr(" \t\r\n\f\v", in->text[sp]))
        sp++;
    if (sp == n || n > max_text) {
        if (sp == n)
            snprintf(rec->reason, sizeof rec->reason, "text is empty");
        else
            snprintf(rec->reason, sizeof rec->reason,
                     "text is %.1f MB, over the %.1f MB limit (max-article-mb)", n / 1e6, max_text / 1e6);
        rec->reject = 1;
        return SL_OK;
    }
    const char *src[] = {in->id, in->url, in->source, in->title, in->date, in->lang, in->extra_json};
    char **dst[] = {&rec->id, &rec->url, &rec->source, &rec->title, &rec->date, &rec->lang, &rec->extra};
    for (size_t i = 0; i < SL_ARRAY_LEN(src); i++)
        if (src[i] && !(*dst[i] = sl_strdup(src[i])))
            return SL_ENOMEM;
    if (!(rec->text = sl_strndup(in->text, n)))
        return SL_ENOMEM;
    rec->text_len = n;
    return SL_OK;
}

int sl_add(sl_engine *e, const sl_article *in, sl_add_status *status)
{
    e->err[0] = 0;
    unit *u = sl_calloc(1, sizeof *u);
    wctx wc = {sl_text_new(in->lang), NULL, sl_entity_new(NULL), sl_cluster_get_params(e->cluster),
               SL_OPT(e, SL_OPT_STORIES) != 0};
    sl_dup_worker_new(&wc.dw, sl_dups_params(e->dups));
    run r;
    run_init(&r, e, NULL, NULL);
    int rc = u && wc.tx && wc.dw && wc.ent ? SL_OK : SL_ENOMEM;
    job *j = u ? &u->jobs[0] : NULL;
    if (rc == SL_OK) {
        u->n = 1;
        rc = rec_from_article(in, (size_t)(SL_OPT(e, SL_OPT_MAX_ARTICLE_MB) * 1e6), &j->rec);
    }
    if (rc == SL_OK)
        rc = phase1(e, j);
    if (rc == SL_OK)
        rc = sequence(&r, u, j);
    if (rc == SL_OK)
        rc = analyze(&wc, j);
    if (rc == SL_OK)
        rc = write_unit(&r, u);
    rc = finish_txn(&r, rc);
    if (rc == SL_OK && j->status == SL_REJECTED)
        rc = sl_engine_fail(e, SL_EINPUT, "%s: %s", j->rec.origin, j->rec.reason);
    if (status)
        *status = j ? (sl_add_status)j->status : SL_REJECTED;
    if (rc == SL_ENOMEM && !e->err[0])
        sl_engine_fail(e, rc, "out of memory");
    run_free(&r);
    unit_free(u);
    sl_text_free(wc.tx);
    sl_dup_worker_free(wc.dw);
    sl_entity_free(wc.ent);
    return rc;
}
