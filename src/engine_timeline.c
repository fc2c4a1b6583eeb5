/*
 * engine_timeline.c - dates of stored articles and timelines built from them.
 *
 * Design notes
 *  - Sentence dates are computed when asked, from the stored text and the
 *    publication date (src/date): nothing extra is stored, and a better date
 *    module improves old articles too. On t17-dev that is ~0.3 s for all
 *    141k sentences.
 *  - One helper (sentence_date) dates a sentence for both sl_dates and the
 *    timelines: sl_date_find, then sl_date_pick, which ignores durations,
 *    unresolved values and page time stamps (SL_TX_TIMESTAMP: a date next to
 *    a clock time or a '|', i.e. bylines, comment and live-blog headers). So
 *    a timeline dates a sentence exactly as `storyline dates` shows it.
 *  - A timeline re-analyses its articles (tokens and stems, src/text), dates
 *    each sentence, drops comment and blog-entry headers (a stamp and a '|'
 *    past the article's opening), and hands the candidates to src/timeline
 *    (sl_tl_build):
 *    a sentence with a day-precise date of its own speaks for that day
 *    (a "mention"); one without speaks, weakly, for its publication day;
 *    sentences with neither are counted as undated and left out, never
 *    given a guessed date.
 *  - Articles without a publication date still contribute sentences whose
 *    dates the text fixes. Relative expressions ("on Sunday", "yesterday")
 *    need a reference date and stay unresolved without one. Day-month and
 *    month expressions without a year take a year hint: the article's own
 *    (a year written in its unparsed date field, "October 2017"), else, in
 *    a timeline, the story's (the most common publication year of the
 *    chosen articles). sl_dates reads one article alone, so it uses only
 *    the article's own hint: there "5 September" in an undated article
 *    stays XXXX-09-05, while the timeline of its story dates it.
 *
 * What moved the figures (storyline eval timeline on t17-dev, 10 reference
 * timelines, with the topic keywords; AR1-F / AR2-F / Date-F1; ten
 * timelines are few: differences under ~0.002 are noise)
 *
 *   engine before this note                            0.1217 0.0331 0.6853
 *   time stamps are not mentions (date module; first
 *     rule: any date next to a clock with year/zone)   0.1283 0.0351 0.6982
 *   stamps need a header context (pipe, stamp word,
 *     line start, year without "at <clock>"): event
 *     times such as "at 20:49 GMT on Friday" count     0.1287 0.0353 0.6982  kept
 *   same, without topic keywords                       0.1273 0.0341 0.6962
 *   past the first 3 sentences, a sentence holding a
 *     stamp and a '|' is a comment / blog-entry header:
 *     not a candidate                                  0.1297 0.0358 0.6967  kept
 *   same, without topic keywords                       0.1302 0.0356 0.7025
 *     (opening of 1, 2, 5 sentences: 0.1310/0.0364, 0.1299/0.0360,
 *     0.1297/0.0358; no opening exempt, any stamp: 0.1294/0.0351)
 *   cut the article at that header (comments follow)  0.1306 0.0350 0.6972  not kept: blogs with
 *     (without keywords 0.1325 0.0364 0.7055)                                several stamped
 *                                                                            entries lose text
 *   tried on the first stamp rule, not kept:
 *   one candidate per dated expression (not one per
 *     sentence via sl_date_pick)                       0.1293 0.0346 0.6997  noise; dates would
 *                                                                            differ from sl_dates
 *   drop sentences holding " | "                       0.1281 0.0349 0.6957  stamps cover it
 *   drop sentences holding a stamp, anywhere          0.1294 0.0351 0.6967  loses wire leads
 *                                                                            on dateline lines
 *   drop questions and exclamations                    0.1286 0.0349 0.6961  noise
 *   drop sentences without terminal punctuation
 *     (headlines, captions; on the final rule)         0.1286 0.0352 0.6972  noise
 *   drop first-person sentences (I, my, me)            0.1285 0.0342 0.6967  noise
 *   drop repeated sentences per source / overall       0.1278 0.0338 0.6951  worse
 *   drop each article's first sentence                 0.1265 0.0318 0.6909  the lead matters
 *   undated lead counts as a pub-day mention           0.1249 0.0327 0.6869  worse
 *   future-cue dates ("will meet on Monday") not
 *     counted as mentions                              0.1266 0.0335 0.6889  worse
 *   builder parameters one at a time: w_echo 2         0.1303 0.0364 0.6982  but worse on the
 *                                                                            bench path (0.1246
 *                                                                            0.0349): not kept;
 *     redundancy .3/.7, min_len 3/8, max_len 30/60, pub_sent .5/1, no_keyword .5/1,
 *     w_article 0/1, support_cos .25, date_spread .3: within noise; w_lead 0 or .6,
 *     w_echo 0, w_bigram .5, support_cos .35: worse. Defaults kept.
 *
 * Speed (Release, one core, on a machine shared with other builds, so
 * +-25%): the biggest topic (bpoil, 1458 articles, 53.8k candidates)
 * builds in 0.41-0.53 s, the 102-date reference of that topic (1436
 * articles) in 0.72-0.81 s, 150-270 article timelines in 0.06-0.24 s: a
 * 500-article topic is ~0.25 s. About half is re-analysing the stored text
 * (sl_dups_reanalyze) and dating sentences, half sl_tl_build. The whole dev
 * evaluation runs in ~4-5 s (adding 2430 articles ~0.7-1.3 s, ten
 * timelines ~3 s).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/map64.h"
#include "date/date.h"
#include "dups.h"
#include "engine.h"
#include "timeline/timeline.h"

/* ---- dates of one article ------------------------------------------------------ */

typedef struct dates_mem {
    sl_article_dates d;
    sl_buf arena;
    char *text;
    char buf[1024];
    size_t *expr_offs;      /* arena offsets: text, value, value2 per expr */
    size_t *sd_offs;        /* arena offsets of sentence dates (SIZE_MAX = none) */
} dates_mem;

void sl_article_dates_free(sl_article_dates *d)
{
    if (!d)
        return;
    dates_mem *m = (dates_mem *)d;
    sl_free(d->exprs);
    sl_free(d->sentences);
    sl_free((void *)d->sentence_date);
    sl_free(m->expr_offs);
    sl_free(m->sd_offs);
    sl_free(m->text);
    sl_buf_free(&m->arena);
    sl_free(m);
}

static const char *flag_name(int f)
{
    static const char *const n[] = {"none", "given", "unparsed", "inferred"};
    return f >= 0 && f < 4 ? n[f] : "none";
}

static const char *timex_type(int t)
{
    static const char *const n[] = {"DATE", "TIME", "DURATION", "SET"};
    return t >= 0 && t < 4 ? n[t] : "DATE";
}

/* The year written in an article's own unparsed date field ("October
 * 2017", "2017"): a standalone 4-digit number 1900..2099, else 0. */
static int own_year(const sl_article_info *a)
{
    if (!a->date || a->date_flag != SL_DATE_UNPARSED)
        return 0;
    for (const char *p = a->date; *p; p++) {
        if (*p < '0' || *p > '9' || (p > a->date && p[-1] >= '0' && p[-1] <= '9'))
            continue;
        int n = 0, v = 0;
        while (p[n] >= '0' && p[n] <= '9' && n < 5)
            v = v * 10 + (p[n++] - '0');
        if (n == 4 && v >= 1900 && v <= 2099)
            return v;
    }
    return 0;
}

/* Reference context of an article: its publication date when known; else
 * the year of its own unparsed date field, else `story_year` (the year of
 * the story it is read with; 0 = none), as a hint for day-month and month
 * expressions without a year. Relative expressions stay unresolved. */
static sl_date_ctx article_ctx(const sl_article_info *a, int story_year)
{
    sl_date_ctx c = {{0, 0, 0}, 0};
    if (a->date && (a->date_flag == SL_DATE_GIVEN || a->date_flag == SL_DATE_INFERRED))
        sl_date_parse_meta(a->date, strlen(a->date), &c.ref);
    int own = own_year(a);
    c.story_year = own ? own : story_year;
    return c;
}

#define TX_CAP 64

/* The expressions of one sentence (up to TX_CAP, count in *n) and its date
 * (sl_date_pick: time stamps, unresolved values, durations never count).
 * Both sl_dates and the timelines use this, so a timeline dates a sentence
 * exactly as `storyline dates` shows it. */
static int sentence_date(const sl_date_ctx *ctx, const char *s, size_t len, sl_timex tv[TX_CAP], size_t *n,
                         sl_ymd *out)
{
    *n = sl_date_find(ctx, s, len, tv, TX_CAP);
    if (*n > TX_CAP)
        *n = TX_CAP;
    return sl_date_pick(tv, *n, out);
}

int sl_dates(sl_engine *e, const char *article, sl_article_dates **out)
{
    *out = NULL;
    dates_mem *m = sl_calloc(1, sizeof *m);
    sl_text *tx = sl_text_new(NULL);
    sl_doc doc = {0};
    if (!m || !tx) {
        sl_free(m);
        sl_text_free(tx);
        return sl_engine_fail(e, SL_ENOMEM, "out of memory");
    }
    sl_article_info a;
    int rc = sl_store_info(e->store, 0, article, &a, m->buf, sizeof m->buf);
    size_t len = 0;
    if (rc == SL_OK)
        rc = sl_dups_reanalyze(e, tx, a.seq, &doc, &m->text, &len);
    if (rc != SL_OK) {
        sl_text_free(tx);
        sl_doc_free(&doc);
        sl_article_dates_free(&m->d);
        return e->err[0] ? rc : sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    }
    sl_date_ctx ctx = article_ctx(&a, 0);
    struct { sl_date_expr *v; size_t n, cap; } ex = {0};
    struct { size_t *v; size_t n, cap; } offs = {0};
    size_t ns = doc.sents.n;
    m->d.sentences = sl_calloc(ns ? ns : 1, sizeof *m->d.sentences);
    m->sd_offs = sl_calloc(ns ? ns : 1, sizeof *m->sd_offs);
    rc = m->d.sentences && m->sd_offs ? SL_OK : SL_ENOMEM;
    sl_timex tv[TX_CAP];
    for (size_t i = 0; rc == SL_OK && i < ns; i++) {
        const sl_sentence *s = &doc.sents.v[i];
        m->d.sentences[i] = (sl_span){s->start, s->end};
        size_t n;
        sl_ymd y;
        int g = sentence_date(&ctx, m->text + s->start, s->end - s->start, tv, &n, &y);
        char iso[11];
        m->sd_offs[i] = SIZE_MAX;
        if (g != SL_GRAN_NONE && sl_date_format(iso, y) > 0) {
            m->sd_offs[i] = m->arena.len;
            sl_buf_append(&m->arena, iso, strlen(iso) + 1);
        }
        for (size_t k = 0; k < n && rc == SL_OK; k++) {
            sl_date_expr x = {s->start + tv[k].start, s->start + tv[k].end, NULL, timex_type(tv[k].type),
                              NULL, NULL, (int)i};
            size_t o[3] = {m->arena.len, 0, 0};
            sl_buf_append(&m->arena, m->text + x.start, x.end - x.start);
            sl_buf_putc(&m->arena, 0);
            o[1] = m->arena.len;
            sl_buf_append(&m->arena, tv[k].value, strlen(tv[k].value) + 1);
            o[2] = m->arena.len;
            sl_buf_append(&m->arena, tv[k].value2, strlen(tv[k].value2) + 1);
            if (SL_VEC_PUSH(&ex, x) || SL_VEC_PUSH(&offs, o[0]) || SL_VEC_PUSH(&offs, o[1]) ||
                SL_VEC_PUSH(&offs, o[2]))
                rc = SL_ENOMEM;
        }
    }
    sl_text_free(tx);
    sl_doc_free(&doc);
    if (rc == SL_OK && !(m->d.sentence_date = sl_calloc(ns ? ns : 1, sizeof *m->d.sentence_date)))
        rc = SL_ENOMEM;
    if (rc != SL_OK || !m->arena.p) {
        if (rc == SL_OK)
            sl_buf_putc(&m->arena, 0);
    }
    if (rc != SL_OK) {
        sl_free(ex.v);
        sl_free(offs.v);
        sl_article_dates_free(&m->d);
        return sl_engine_fail(e, rc, "out of memory");
    }
    /* the arena is complete: turn offsets into pointers */
    for (size_t i = 0; i < ex.n; i++) {
        ex.v[i].text = m->arena.p + offs.v[3 * i];
        ex.v[i].value = m->arena.p + offs.v[3 * i + 1];
        ex.v[i].value2 = m->arena.p + offs.v[3 * i + 2];
    }
    for (size_t i = 0; i < ns; i++)
        m->d.sentence_date[i] = m->sd_offs[i] == SIZE_MAX ? NULL : m->arena.p + m->sd_offs[i];
    sl_free(offs.v);
    m->d.exprs = ex.v;
    m->d.nexprs = ex.n;
    m->d.nsentences = ns;
    m->d.text = m->text;
    m->d.id = a.id;
    m->d.pub_date = a.date_flag == SL_DATE_GIVEN || a.date_flag == SL_DATE_INFERRED ? a.date : NULL;
    m->d.pub_flag = flag_name(a.date_flag);
    *out = &m->d;
    return SL_OK;
}

/* ---- timelines ------------------------------------------------------------------------ */

typedef struct tl_art {
    int64_t seq;
    sl_article_info info;
    char buf[1024];
    int32_t pub_day;     /* INT32_MIN when unknown */
    uint32_t source;
} tl_art;

typedef struct tl_sent {
    uint32_t art;
    uint32_t start, end;   /* in the article's text */
    size_t text_off;       /* offset of the sentence text in the arena */
} tl_sent;

typedef struct tl_ctx {
    sl_engine *e;
    struct { tl_art *v; size_t n, cap; } arts;
    struct { tl_sent *v; size_t n, cap; } sents;
    struct { sl_tl_cand *v; size_t n, cap; } cands;
    struct { uint64_t *v; size_t n, cap; } stems;      /* all candidates' stems */
    struct { size_t *v; size_t n, cap; } stem_off;     /* per candidate */
    struct { char **v; size_t n, cap; } sources;
    sl_map64 source_ix, sent_ix;
    sl_buf arena;                                       /* sentence texts */
    size_t undated;
} tl_ctx;

static int collect(void *ud, int64_t seq)
{
    tl_ctx *c = ud;
    tl_art a = {.seq = seq};
    return SL_VEC_PUSH(&c->arts, a) ? 1 : 0;
}

static int story_year(tl_ctx *c)
{
    int years[64] = {0}, base = 0, best = 0, best_n = 0;
    for (size_t i = 0; i < c->arts.n; i++) {
        if (c->arts.v[i].pub_day == INT32_MIN)
            continue;
        int y, m, d;
        sl_tl_civil_from_days(c->arts.v[i].pub_day, &y, &m, &d);
        if (!base)
            base = y - 32;
        if (y - base >= 0 && y - base < 64 && ++years[y - base] > best_n) {
            best_n = years[y - base];
            best = y;
        }
    }
    return best;
}

static uint32_t source_id(tl_ctx *c, const char *name)
{
    uint64_t h = sl_hash64(name, strlen(name));
    int fresh;
    uint64_t *v = sl_map64_put(&c->source_ix, h, &fresh);
    if (!v)
        return 0;
    if (fresh) {
        char *copy = sl_strdup(name);
        if (!copy || SL_VEC_PUSH(&c->sources, copy)) {
            sl_free(copy);
            return 0;
        }
        *v = c->sources.n - 1;
    }
    return (uint32_t)*v;
}

/* Sentences of an article's opening (headline, byline, dateline + lead)
 * never count as comment headers: wire leads share a line with their
 * stamped dateline ("LONDON | Mon May 10 , 2010 7:51 am EDT LONDON
 * (Reuters) - BP said ..."). */
#define OPENING_SENTS 3

/* A sentence holding a page time stamp and a '|' ("January 30 , 2011 at
 * 2:14 pm | Report abuse | ...", "Posted by : X | September 24 , 2008 4:26
 * PM | ..."): past the opening, that is a reader comment's or a blog
 * entry's header, not reporting. */
static int comment_header(const char *s, size_t len, const sl_timex *tv, size_t n)
{
    if (!memchr(s, '|', len))
        return 0;
    for (size_t k = 0; k < n; k++)
        if (tv[k].flags & SL_TX_TIMESTAMP)
            return 1;
    return 0;
}

/* Adds one article's sentences as candidates: a sentence with a day of its
 * own (sentence_day) speaks for that day; one without speaks, weakly, for
 * its article's publication day; one with neither is counted as undated.
 * Sentences with the same content stems share a sentence id, so copies of
 * one sentence (wire copy, page furniture) are recognised by the builder. */
static int add_article(tl_ctx *c, sl_text *tx, sl_doc *doc, uint32_t ai, int year)
{
    tl_art *a = &c->arts.v[ai];
    char *text = NULL;
    size_t len;
    int rc = sl_dups_reanalyze(c->e, tx, a->seq, doc, &text, &len);
    if (rc != SL_OK) {
        sl_free(text);
        return rc == SL_ENOTFOUND ? SL_OK : rc;
    }
    sl_date_ctx ctx = article_ctx(&a->info, year);
    sl_timex tv[TX_CAP];
    for (size_t i = 0; rc == SL_OK && i < doc->sents.n; i++) {
        const sl_sentence *s = &doc->sents.v[i];
        const char *st = text + s->start;
        size_t sl = s->end - s->start;
        sl_ymd y;
        size_t ntx;
        int32_t day;
        uint32_t flags = 0;
        int g = sentence_date(&ctx, st, sl, tv, &ntx, &y);
        if (i >= OPENING_SENTS && comment_header(st, sl, tv, ntx))
            continue;
        if (g == SL_GRAN_DAY) {
            day = sl_tl_days_from_civil(y.y, y.m, y.d);
            flags = SL_TLC_MENTION;
        } else if (a->pub_day != INT32_MIN) {
            day = a->pub_day;
        } else {
            c->undated++;
            continue;
        }
        size_t off = c->stems.n;
        uint64_t sh = 0;
        for (uint32_t t = s->tok_begin; t < s->tok_end; t++) {
            const sl_token *tk = &doc->toks.v[t];
            if (tk->flags & SL_TOK_STOP)
                continue;
            sh = sh * 0x100000001b3ULL ^ tk->stem_hash;
            if (SL_VEC_PUSH(&c->stems, tk->stem_hash))
                rc = SL_ENOMEM;
        }
        int fresh;
        uint64_t *sid = rc == SL_OK ? sl_map64_put(&c->sent_ix, sh ? sh : 1, &fresh) : NULL;
        if (!sid) {
            rc = SL_ENOMEM;
            break;
        }
        if (fresh)
            *sid = c->sent_ix.n;
        tl_sent ts = {ai, s->start, s->end, c->arena.len};
        sl_buf_append(&c->arena, st, sl);
        sl_buf_putc(&c->arena, 0);
        sl_tl_cand cd = {day, a->pub_day == INT32_MIN ? day : a->pub_day, flags, ai, a->source,
                         (uint32_t)*sid, (uint32_t)i, NULL, (uint32_t)(c->stems.n - off)};
        if (SL_VEC_PUSH(&c->sents, ts) || SL_VEC_PUSH(&c->cands, cd) || SL_VEC_PUSH(&c->stem_off, off))
            rc = SL_ENOMEM;
    }
    sl_free(text);
    return rc;
}

static int keyword_stems(sl_text *tx, const char *kw, uint64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!kw || !*kw)
        return SL_OK;
    sl_doc d = {0};
    size_t len = strlen(kw);
    char *copy = sl_strdup(kw);
    if (!copy)
        return SL_ENOMEM;
    for (char *p = copy; *p; p++)
        if (*p == ',')
            *p = '\n';
    int rc = sl_text_analyze(tx, copy, len, NULL, 0, &d) ? SL_ENOMEM : SL_OK;
    if (rc == SL_OK && d.toks.n) {
        *out = sl_malloc(d.toks.n * sizeof **out);
        if (!*out)
            rc = SL_ENOMEM;
        for (size_t i = 0; rc == SL_OK && i < d.toks.n; i++)
            (*out)[(*n)++] = d.toks.v[i].stem_hash;
    }
    sl_free(copy);
    sl_doc_free(&d);
    return rc;
}

typedef struct tl_mem {
    sl_timeline t;
    sl_buf arena;
    size_t *offs;   /* pointer fix-ups: pairs (field address index, arena offset) */
} tl_mem;

void sl_timeline_free(sl_timeline *t)
{
    if (!t)
        return;
    tl_mem *m = (tl_mem *)t;
    for (size_t i = 0; i < t->n; i++) {
        sl_free(t->entries[i].sentences);
        sl_free(t->entries[i].sentence_article);
        sl_free(t->entries[i].sources);
    }
    sl_free(t->entries);
    sl_buf_free(&m->arena);
    sl_free(m);
}

/* Converts the builder's result; every string is copied into the result's
 * own storage (strings of articles point into tl_art buffers, so copy). */
static int convert(tl_ctx *c, const sl_tl_result *r, sl_timeline **out)
{
    tl_mem *m = sl_calloc(1, sizeof *m);
    if (!m)
        return SL_ENOMEM;
    sl_timeline *t = &m->t;
    t->entries = sl_calloc(r->n ? r->n : 1, sizeof *t->entries);
    if (!t->entries) {
        sl_free(m);
        return SL_ENOMEM;
    }
    t->n = r->n;
    /* first pass: sizes into the arena as offsets; second: pointers */
    struct { size_t *v; size_t n, cap; } offs = {0};
    int rc = SL_OK;
    for (size_t i = 0; rc == SL_OK && i < r->n; i++) {
        const sl_tl_day *d = &r->days[i];
        sl_timeline_entry *en = &t->entries[i];
        int y, mo, dd;
        sl_tl_civil_from_days(d->day, &y, &mo, &dd);
        snprintf(en->date, sizeof en->date, "%04d-%02d-%02d", y, mo, dd);
        en->score = d->score;
        en->nsentences = d->ncands;
        en->nsources = d->nsupport;
        en->sentences = sl_calloc(d->ncands ? d->ncands : 1, sizeof *en->sentences);
        en->sentence_article = sl_calloc(d->ncands ? d->ncands : 1, sizeof *en->sentence_article);
        en->sources = sl_calloc(d->nsupport ? d->nsupport : 1, sizeof *en->sources);
        if (!en->sentences || !en->sentence_article || !en->sources) {
            rc = SL_ENOMEM;
            break;
        }
        for (size_t k = 0; k < d->ncands; k++) {
            const tl_sent *s = &c->sents.v[d->cands[k]];
            const char *txt = c->arena.p + s->text_off;
            SL_VEC_PUSH(&offs, m->arena.len);
            sl_buf_append(&m->arena, txt, strlen(txt) + 1);
            SL_VEC_PUSH(&offs, m->arena.len);
            const char *id = c->arts.v[s->art].info.id;
            sl_buf_append(&m->arena, id, strlen(id) + 1);
        }
        for (size_t k = 0; k < d->nsupport; k++) {
            SL_VEC_PUSH(&offs, m->arena.len);
            const char *src = c->sources.v[d->support[k].source];
            sl_buf_append(&m->arena, src, strlen(src) + 1);
            SL_VEC_PUSH(&offs, m->arena.len);
            const char *id = c->arts.v[d->support[k].article].info.id;
            sl_buf_append(&m->arena, id, strlen(id) + 1);
        }
    }
    if (rc == SL_OK && !m->arena.p)
        sl_buf_putc(&m->arena, 0);
    size_t o = 0;
    for (size_t i = 0; rc == SL_OK && i < r->n; i++) {
        sl_timeline_entry *en = &t->entries[i];
        for (size_t k = 0; k < en->nsentences; k++) {
            en->sentences[k] = m->arena.p + offs.v[o++];
            en->sentence_article[k] = m->arena.p + offs.v[o++];
        }
        for (size_t k = 0; k < en->nsources; k++) {
            en->sources[k].source = m->arena.p + offs.v[o++];
            en->sources[k].article = m->arena.p + offs.v[o++];
        }
    }
    sl_free(offs.v);
    if (rc != SL_OK || o != offs.n) {
        sl_timeline_free(t);
        return SL_ENOMEM;
    }
    *out = t;
    return SL_OK;
}

static void tl_ctx_free(tl_ctx *c)
{
    sl_free(c->arts.v);
    sl_free(c->sents.v);
    sl_free(c->cands.v);
    sl_free(c->stems.v);
    sl_free(c->stem_off.v);
    for (size_t i = 0; i < c->sources.n; i++)
        sl_free(c->sources.v[i]);
    sl_free(c->sources.v);
    sl_map64_free(&c->source_ix);
    sl_map64_free(&c->sent_ix);
    sl_buf_free(&c->arena);
}

static int32_t day_of(const char *iso)
{
    sl_ymd y;
    if (!iso || sl_date_parse_meta(iso, strlen(iso), &y) != 0)
        return INT32_MIN;
    return sl_tl_days_from_civil(y.y, y.m, y.d);
}

int sl_timeline_build(sl_engine *e, const sl_timeline_query *q, sl_timeline **out)
{
    *out = NULL;
    tl_ctx c = {.e = e};
    int32_t lo = day_of(q->from), hi = day_of(q->to);
    if ((q->from && lo == INT32_MIN) || (q->to && hi == INT32_MIN))
        return sl_engine_fail(e, SL_EINVAL, "--from/--to take dates as YYYY-MM-DD");
    sl_store_filter f = {q->from, q->to, q->extra_key, q->extra_value, 0};
    if (q->story) {
        int rc = sl_story_seq(e, q->story, &f.story);
        if (rc != SL_OK)
            return rc;
    }
    int rc = sl_store_select(e->store, &f, collect, &c);
    if (rc != SL_OK) {
        tl_ctx_free(&c);
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    }
    for (size_t i = 0; rc == SL_OK && i < c.arts.n; i++) {
        tl_art *a = &c.arts.v[i];
        rc = sl_store_info(e->store, a->seq, NULL, &a->info, a->buf, sizeof a->buf);
        int usable = a->info.date && (a->info.date_flag == SL_DATE_GIVEN || a->info.date_flag == SL_DATE_INFERRED);
        a->pub_day = usable ? day_of(a->info.date) : INT32_MIN;
        a->source = source_id(&c, a->info.source ? a->info.source : "unknown");
    }
    int year = story_year(&c);
    sl_text *tx = sl_text_new(NULL);
    sl_doc doc = {0};
    if (rc == SL_OK && !tx)
        rc = SL_ENOMEM;
    for (size_t i = 0; rc == SL_OK && i < c.arts.n; i++)
        rc = add_article(&c, tx, &doc, (uint32_t)i, year);
    uint64_t *kw = NULL;
    size_t nkw = 0;
    if (rc == SL_OK)
        rc = keyword_stems(tx, q->keywords, &kw, &nkw);
    sl_doc_free(&doc);
    sl_text_free(tx);
    for (size_t i = 0; rc == SL_OK && i < c.cands.n; i++)
        c.cands.v[i].stems = c.stems.v + c.stem_off.v[i];
    sl_tl_result res = {0};
    if (rc == SL_OK) {
        sl_tl_params p;
        sl_tl_params_default(&p);
        p.l = q->dates;
        p.k = q->per_date;
        p.keywords = kw;
        p.nkeywords = nkw;
        if (q->from || q->to) {
            p.use_range = 1;
            p.day_min = q->from ? lo : INT32_MIN / 2;
            p.day_max = q->to ? hi : INT32_MAX / 2;
        }
        int b = sl_tl_build(c.cands.v, c.cands.n, &p, &res);
        rc = b == 0 ? SL_OK : b == -1 ? SL_ENOMEM : SL_EINVAL;
    }
    if (rc == SL_OK)
        rc = convert(&c, &res, out);
    if (rc == SL_OK) {
        (*out)->articles = c.arts.n;
        (*out)->candidates = c.cands.n;
        (*out)->undated = c.undated;
    }
    sl_tl_result_free(&res);
    sl_free(kw);
    tl_ctx_free(&c);
    if (rc != SL_OK && !e->err[0])
        sl_engine_fail(e, rc, rc == SL_ENOMEM ? "out of memory" : "timeline failed");
    return rc;
}
