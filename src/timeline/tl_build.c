/*
 * tl_build.c - unsupervised timeline construction from dated sentences.
 *
 * What it implements
 * ------------------
 * A date-wise timeline summarizer in the spirit of the strong unsupervised
 * baselines of news-tls (Gholipour Ghalandari & Ifrim, ACL 2020: date
 * ranking by how often a date is *mentioned*, then one summary per date)
 * and of Tran et al. (2013) / Martschat & Markert (2018), without any
 * learning from reference timelines:
 *
 *   1. Vectors. Every candidate becomes a sparse TF-IDF vector over its
 *      content stems (IDF over the candidates given: a stem every sentence
 *      has weighs nothing).
 *   2. Date importance. For each day d:
 *        score(d) = w_mention * sum_{c mentions d} kw(c)
 *                 + w_pub     * sum_{c published on d, no own date} kw(c)
 *                 + w_article * |distinct articles mentioning d|
 *      kw(c) = 1 + w_keyword when c holds a query keyword, else 1. A
 *      mention is the strong signal (a reporter looked back and named the
 *      day); publication volume only breaks ties among quiet days.
 *   3. The l best days are kept (ties: earlier day), counting only days
 *      that have at least one candidate of usable length (and, with
 *      date_spread > 0, discounting days crowding a better one).
 *   4. Per kept day, most important first: the day's centroid (mention
 *      candidates weigh 1, publication-only ones 0.5, keyword ones double)
 *      and each usable candidate's cosine to it; the sentence score is
 *      that cosine
 *        x pub_sent            when the candidate has no date of its own
 *        x no_keyword          when keywords are given and it has none
 *        x (1 + w_lead/(1+pos)) lead bias: news puts the event first
 *        x (1 + w_echo ln(1 + e)) e = other sources whose candidates of
 *                              the day have cosine >= support_cos to it
 *                              (computed on the 200 best by cosine)
 *      Greedy: best score first, skipping a candidate whose cosine to any
 *      sentence already chosen (this day or a more important one) exceeds
 *      `redundancy`, or that is a copy of a chosen sentence, until k.
 *      Optional: stem-bigram features (w_bigram) and temporal diversity of
 *      the chosen days (date_spread); both off by default, neither helped
 *      on t17-dev.
 *   5. Support of a day = every (source, article) of the day's candidates
 *      whose cosine to a chosen sentence is >= support_cos.
 *
 * Automatic l and k (when 0): l = number of days mentioned by at least two
 * distinct articles, clamped to 3..40 (and to the days available); k = 1,
 * or 2 when the median chosen day has at least 8 candidates.
 *
 * Calibration (bench/bench_timeline.c, t17-dev, 10 reference timelines,
 * standard protocol, interim date parser in the bench)
 * ---------------------------------------------------------------------
 *   defaults:                       AR1-F 0.127  AR2-F 0.035  Date-F1 0.697
 *   automatic l and k (-a):         AR1-F 0.123  AR2-F 0.034  Date-F1 0.693
 *   published (Timeline17, full):   DATEWISE 0.120 / 0.035 / 0.544
 *   engine path (storyline eval timeline: src/date, src/text, cleaning;
 *   same defaults):                 AR1-F 0.129  AR2-F 0.035  Date-F1 0.698
 *   (what moved those: the note at the top of src/engine_timeline.c)
 * What moved the figures: not counting timestamps (a date next to a clock
 * time, comment and live-blog headers) as mentions, +0.005 AR1; lead bias,
 * echo weight 1 and support cosine 0.3, +0.005 AR1 / +0.005 AR2 (better
 * on 7 of 10 timelines). Neutral or worse, hence off: bigram features,
 * temporal spread of dates, retrospective/future mention weights, shorter
 * or longer length limits, a minimum relative score for extra sentences.
 * Ten timelines are few: differences under 0.003 are noise.
 *
 * Data layout
 * -----------
 *   dict      open-addressing map stem hash -> dense id (0..V-1), plus df[V]
 *   vectors   CSR: vec_off[n+1] into vec_id[] / vec_w[] (ids ascending,
 *             duplicates merged), vec_norm[n]
 *   by_day    candidate indices sorted by (day, index); day_runs[] =
 *             [begin, end) of each distinct day
 *   centroid  dense float[V]; the ids touched for a day are listed once each
 *             (stamp[V] = day counter) and reset after the day
 *
 * Cost: O(total stems) for vectors, O(n log n) for sorting, and per chosen
 * day O(m * avg stems) for centroid scores plus O(min(m,200)^2) cosines for
 * support, m = the day's candidates.
 *
 * Invariants: candidates outside the range or with no stems never enter
 * by_day; every output index is < n; output days are strictly increasing.
 */
#include "timeline/timeline.h"

#include "common/common.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define SUPPORT_CAP 200 /* candidates per day compared pairwise for support */

/* ---- parameters --------------------------------------------------------
 * One table declares every numeric tunable once: name, field, default,
 * bounds, help. Defaults, validation, sl_tl_param_set and any --help text
 * all read it.                                                            */

enum { PT_DOUBLE, PT_U32, PT_SIZE };

typedef struct param_slot {
    sl_tl_param_desc d;
    size_t off;
    int type;
} param_slot;

#define PD(name, def, lo, hi, help) {{#name, def, lo, hi, help}, offsetof(sl_tl_params, name), PT_DOUBLE}
#define PU(name, def, lo, hi, help) {{#name, def, lo, hi, help}, offsetof(sl_tl_params, name), PT_U32}
#define PZ(name, def, lo, hi, help) {{#name, def, lo, hi, help}, offsetof(sl_tl_params, name), PT_SIZE}

static const param_slot k_params[] = {
    PZ(l, 0, 0, 100000, "dates wanted (0 = automatic)"),
    PZ(k, 0, 0, 1000, "sentences per date (0 = automatic)"),
    PD(w_mention, 1.0, 0, 100, "date score per sentence mentioning the day"),
    PD(w_pub, 0.01, 0, 100, "date score per sentence merely published that day"),
    PD(w_article, 0.5, 0, 100, "date score per distinct article mentioning the day"),
    PD(w_keyword, 1.0, 0, 100, "date-score bonus of a sentence holding a keyword"),
    PD(redundancy, 0.5, 0, 1, "max cosine between two chosen sentences"),
    PU(min_len, 5, 1, 10000, "min content stems of a chosen sentence"),
    PU(max_len, 40, 1, 10000, "max content stems of a chosen sentence"),
    PD(support_cos, 0.3, 0, 1, "cosine at which a sentence says the same"),
    PD(pub_sent, 0.8, 0, 1, "score factor of a sentence without its own date"),
    PD(no_keyword, 0.7, 0, 1, "score factor of a sentence without a keyword"),
    PD(w_echo, 1.0, 0, 100, "score x (1 + w ln(1 + other sources saying it))"),
    PD(w_bigram, 0.0, 0, 100, "weight of stem-bigram features in vectors"),
    PD(w_lead, 0.3, 0, 100, "score x (1 + w / (1 + position in article))"),
    PD(date_spread, 0.0, 0, 1, "temporal diversity of the chosen dates"),
    PD(min_rel_score, 0.0, 0, 1, "extra sentences need this share of the best score"),
};

size_t sl_tl_param_table(sl_tl_param_desc *out, size_t cap)
{
    for (size_t i = 0; out && i < cap && i < SL_ARRAY_LEN(k_params); i++)
        out[i] = k_params[i].d;
    return SL_ARRAY_LEN(k_params);
}

static double slot_get(const sl_tl_params *p, const param_slot *s)
{
    const char *b = (const char *)p + s->off;
    if (s->type == PT_DOUBLE)
        return *(const double *)b;
    if (s->type == PT_U32)
        return *(const uint32_t *)b;
    return (double)*(const size_t *)b;
}

static void slot_put(sl_tl_params *p, const param_slot *s, double v)
{
    char *b = (char *)p + s->off;
    if (s->type == PT_DOUBLE)
        *(double *)b = v;
    else if (s->type == PT_U32)
        *(uint32_t *)b = (uint32_t)v;
    else
        *(size_t *)b = (size_t)v;
}

static int slot_ok(const param_slot *s, double v)
{
    if (!(v >= s->d.lo && v <= s->d.hi)) /* also rejects NaN */
        return 0;
    return s->type == PT_DOUBLE || v == floor(v);
}

void sl_tl_params_default(sl_tl_params *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < SL_ARRAY_LEN(k_params); i++)
        slot_put(p, &k_params[i], k_params[i].d.def);
}

int sl_tl_param_set(sl_tl_params *p, const char *name, double value)
{
    for (size_t i = 0; p && name && i < SL_ARRAY_LEN(k_params); i++) {
        if (strcmp(k_params[i].d.name, name))
            continue;
        if (!slot_ok(&k_params[i], value))
            return -2;
        slot_put(p, &k_params[i], value);
        return 0;
    }
    return -2;
}

static int params_ok(const sl_tl_params *p)
{
    if (!p)
        return 0;
    for (size_t i = 0; i < SL_ARRAY_LEN(k_params); i++)
        if (!slot_ok(&k_params[i], slot_get(p, &k_params[i])))
            return 0;
    return p->min_len <= p->max_len && (p->nkeywords == 0 || p->keywords) &&
           (!p->use_range || p->day_min <= p->day_max);
}

/* ---- stem dictionary ----------------------------------------------------- */

typedef struct dict {
    uint64_t *key;     /* 0 = empty slot; hash 0 is stored as 1 */
    uint32_t *val;
    size_t cap;        /* power of two */
    uint32_t n;
} dict;

static uint64_t fix_key(uint64_t h) { return h ? h : 1; }

static int dict_init(dict *d, size_t want)
{
    d->cap = 16;
    while (d->cap < want * 2)
        d->cap <<= 1;
    d->key = sl_calloc(d->cap, sizeof *d->key);
    d->val = sl_calloc(d->cap, sizeof *d->val);
    d->n = 0;
    return d->key && d->val ? 0 : -1;
}

static void dict_free(dict *d)
{
    sl_free(d->key);
    sl_free(d->val);
}

/* Id of `h`, inserting it when `add`; UINT32_MAX when absent. */
static uint32_t dict_get(dict *d, uint64_t h, int add)
{
    h = fix_key(h);
    size_t i = (size_t)(h ^ (h >> 29)) & (d->cap - 1);
    while (d->key[i]) {
        if (d->key[i] == h)
            return d->val[i];
        i = (i + 1) & (d->cap - 1);
    }
    if (!add)
        return UINT32_MAX;
    d->key[i] = h;
    d->val[i] = d->n;
    return d->n++;
}

/* ---- build context ----------------------------------------------------------- */

typedef struct day_run {
    int32_t day;
    size_t b, e;       /* range in by_day */
    double score;
    size_t usable;     /* candidates of usable length */
} day_run;

typedef struct ctx {
    const sl_tl_cand *c;
    size_t n;
    const sl_tl_params *p;
    dict dict;
    uint32_t *df;
    size_t *vec_off;   /* n + 1 */
    uint32_t *vec_id;
    float *vec_w;
    float *vec_norm;
    uint8_t *kw;       /* per candidate: holds a keyword */
    uint8_t *is_bi;    /* per feature id: a bigram (ids < is_bi_cap) */
    size_t is_bi_cap;
    uint32_t *by_day;
    size_t nby;
    day_run *runs;
    size_t nruns;
    float *centroid;   /* V; zero between days */
    uint32_t *touched; /* ids of centroid touched this day (at most V) */
    uint32_t *stamp;   /* per id: cur_stamp when touched this day */
    uint32_t cur_stamp;
    size_t ntouched;
    uint32_t *chosen;  /* all chosen candidates so far (redundancy) */
    size_t nchosen;
} ctx;

static void ctx_free(ctx *x)
{
    dict_free(&x->dict);
    sl_free(x->df);
    sl_free(x->vec_off);
    sl_free(x->vec_id);
    sl_free(x->vec_w);
    sl_free(x->vec_norm);
    sl_free(x->kw);
    sl_free(x->is_bi);
    sl_free(x->by_day);
    sl_free(x->runs);
    sl_free(x->centroid);
    sl_free(x->touched);
    sl_free(x->stamp);
    sl_free(x->chosen);
}

static int usable_cand(const ctx *x, size_t i)
{
    const sl_tl_cand *c = &x->c[i];
    if (c->nstems == 0 || !c->stems)
        return 0;
    return !x->p->use_range || (c->day >= x->p->day_min && c->day <= x->p->day_max);
}

static int len_ok(const ctx *x, size_t i)
{
    return x->c[i].nstems >= x->p->min_len && x->c[i].nstems <= x->p->max_len;
}

/* ---- vectors ------------------------------------------------------------------- */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static uint64_t bigram_key(uint64_t a, uint64_t b)
{
    uint64_t k[2] = {a, b};
    return sl_hash64_seed(k, sizeof k, 0x9e3779b97f4a7c15ULL);
}

/* Remembers that feature `id` is a bigram (is_bi grows with the dict). */
static int mark_bigram(ctx *x, uint32_t id)
{
    if (id >= x->is_bi_cap) {
        size_t nc = x->is_bi_cap ? x->is_bi_cap : 1024;
        while (nc <= id)
            nc *= 2;
        uint8_t *v = sl_realloc(x->is_bi, nc);
        if (!v)
            return -1;
        memset(v + x->is_bi_cap, 0, nc - x->is_bi_cap);
        x->is_bi = v;
        x->is_bi_cap = nc;
    }
    x->is_bi[id] = 1;
    return 0;
}

/* Feature ids of every candidate (stems, and stem bigrams when w_bigram >
 * 0), sorted, into vec_id (with repeats). `total` counts them. */
static int fill_ids(ctx *x, size_t total)
{
    if (dict_init(&x->dict, total + 1))
        return -1;
    x->vec_off = sl_calloc(x->n + 1, sizeof *x->vec_off);
    x->vec_id = sl_malloc((total + 1) * sizeof *x->vec_id);
    x->vec_w = sl_malloc((total + 1) * sizeof *x->vec_w);
    x->vec_norm = sl_calloc(x->n + 1, sizeof *x->vec_norm);
    if (!x->vec_off || !x->vec_id || !x->vec_w || !x->vec_norm)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < x->n; i++) {
        x->vec_off[i] = o;
        if (!usable_cand(x, i))
            continue;
        const uint64_t *st = x->c[i].stems;
        for (uint32_t s = 0; s < x->c[i].nstems; s++) {
            x->vec_id[o++] = dict_get(&x->dict, st[s], 1);
            if (x->p->w_bigram > 0 && s > 0) {
                uint32_t id = dict_get(&x->dict, bigram_key(st[s - 1], st[s]), 1);
                if (mark_bigram(x, id))
                    return -1;
                x->vec_id[o++] = id;
            }
        }
        qsort(x->vec_id + x->vec_off[i], o - x->vec_off[i], sizeof *x->vec_id, cmp_u32);
    }
    x->vec_off[x->n] = o;
    return 0;
}

/* Merges repeated ids into tf, counts df, then weights tf * idf. */
static int weigh(ctx *x)
{
    x->df = sl_calloc(x->dict.n + 1, sizeof *x->df);
    if (!x->df)
        return -1;
    size_t w = 0, docs = 0;
    for (size_t i = 0; i < x->n; i++) {
        size_t b = x->vec_off[i], e = x->vec_off[i + 1];
        x->vec_off[i] = w;
        docs += e > b;
        for (size_t j = b; j < e; j++) {
            if (w > x->vec_off[i] && x->vec_id[w - 1] == x->vec_id[j]) {
                x->vec_w[w - 1] += 1.0f;
                continue;
            }
            x->vec_id[w] = x->vec_id[j];
            x->vec_w[w++] = 1.0f;
            x->df[x->vec_id[j]]++;
        }
    }
    x->vec_off[x->n] = w;
    for (size_t i = 0; i < x->n; i++) {
        double norm = 0;
        for (size_t j = x->vec_off[i]; j < x->vec_off[i + 1]; j++) {
            uint32_t id = x->vec_id[j];
            double idf = log((double)(docs + 1) / (double)x->df[id]);
            if (id < x->is_bi_cap && x->is_bi[id])
                idf *= x->p->w_bigram;
            x->vec_w[j] = (float)(x->vec_w[j] * idf);
            norm += (double)x->vec_w[j] * x->vec_w[j];
        }
        x->vec_norm[i] = (float)sqrt(norm);
    }
    return 0;
}

static int mark_keywords(ctx *x)
{
    x->kw = sl_calloc(x->n + 1, 1);
    if (!x->kw)
        return -1;
    for (size_t k = 0; k < x->p->nkeywords; k++) {
        uint32_t id = dict_get(&x->dict, x->p->keywords[k], 0);
        if (id == UINT32_MAX)
            continue;
        for (size_t i = 0; i < x->n; i++)
            for (size_t j = x->vec_off[i]; j < x->vec_off[i + 1]; j++)
                if (x->vec_id[j] == id)
                    x->kw[i] = 1;
    }
    return 0;
}

static double cosine(const ctx *x, size_t a, size_t b)
{
    if (x->vec_norm[a] == 0 || x->vec_norm[b] == 0)
        return 0;
    size_t i = x->vec_off[a], ie = x->vec_off[a + 1];
    size_t j = x->vec_off[b], je = x->vec_off[b + 1];
    double dot = 0;
    while (i < ie && j < je) {
        if (x->vec_id[i] < x->vec_id[j])
            i++;
        else if (x->vec_id[i] > x->vec_id[j])
            j++;
        else
            dot += (double)x->vec_w[i++] * x->vec_w[j++];
    }
    return dot / ((double)x->vec_norm[a] * x->vec_norm[b]);
}

/* ---- days and their importance ---------------------------------------------- */

typedef struct day_idx {
    int32_t day;
    uint32_t idx;
} day_idx;

static int cmp_day_idx(const void *a, const void *b)
{
    const day_idx *x = a, *y = b;
    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int group_days(ctx *x)
{
    x->by_day = sl_malloc((x->n + 1) * sizeof *x->by_day);
    x->runs = sl_malloc((x->n + 1) * sizeof *x->runs);
    if (!x->by_day || !x->runs)
        return -1;
    day_idx *tmp = sl_malloc((x->n + 1) * sizeof *tmp);
    if (!tmp)
        return -1;
    for (size_t i = 0; i < x->n; i++)
        if (usable_cand(x, i))
            tmp[x->nby++] = (day_idx){x->c[i].day, (uint32_t)i};
    qsort(tmp, x->nby, sizeof *tmp, cmp_day_idx);
    for (size_t i = 0; i < x->nby; i++)
        x->by_day[i] = tmp[i].idx;
    sl_free(tmp);
    for (size_t i = 0; i < x->nby; i++) {
        int32_t d = x->c[x->by_day[i]].day;
        if (x->nruns == 0 || x->runs[x->nruns - 1].day != d)
            x->runs[x->nruns++] = (day_run){.day = d, .b = i, .e = i};
        x->runs[x->nruns - 1].e = i + 1;
    }
    return 0;
}

/* Distinct articles among the mention candidates of run r. */
static size_t distinct_mention_articles(const ctx *x, const day_run *r, uint32_t *scratch)
{
    size_t m = 0;
    for (size_t i = r->b; i < r->e; i++) {
        const sl_tl_cand *c = &x->c[x->by_day[i]];
        if (c->flags & SL_TLC_MENTION)
            scratch[m++] = c->article;
    }
    qsort(scratch, m, sizeof *scratch, cmp_u32);
    size_t d = 0;
    for (size_t i = 0; i < m; i++)
        d += i == 0 || scratch[i] != scratch[i - 1];
    return d;
}

static int score_days(ctx *x, size_t *n_multi)
{
    uint32_t *scratch = sl_malloc((x->nby + 1) * sizeof *scratch);
    if (!scratch)
        return -1;
    const sl_tl_params *p = x->p;
    *n_multi = 0;
    for (size_t r = 0; r < x->nruns; r++) {
        day_run *run = &x->runs[r];
        double s = 0;
        for (size_t i = run->b; i < run->e; i++) {
            uint32_t ci = x->by_day[i];
            double kw = x->kw[ci] ? 1.0 + p->w_keyword : 1.0;
            s += (x->c[ci].flags & SL_TLC_MENTION ? p->w_mention : p->w_pub) * kw;
            run->usable += len_ok(x, ci);
        }
        size_t arts = distinct_mention_articles(x, run, scratch);
        *n_multi += arts >= 2;
        run->score = s + p->w_article * (double)arts;
    }
    sl_free(scratch);
    return 0;
}

static int cmp_run_score(const void *a, const void *b)
{
    const day_run *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->day > y->day) - (x->day < y->day);
}

/* ---- per-day sentence choice --------------------------------------------------- */

typedef struct scored {
    uint32_t cand;
    double score;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->cand > y->cand) - (x->cand < y->cand);
}

static double cand_weight(const ctx *x, uint32_t ci)
{
    double w = x->c[ci].flags & SL_TLC_MENTION ? 1.0 : 0.5;
    return x->kw[ci] ? 2 * w : w;
}

/* Dense centroid of run r into x->centroid (ids touched listed in
 * x->touched); returns its norm. */
static double make_centroid(ctx *x, const day_run *r)
{
    x->ntouched = 0;
    x->cur_stamp++;
    for (size_t i = r->b; i < r->e; i++) {
        uint32_t ci = x->by_day[i];
        if (x->vec_norm[ci] == 0)
            continue;
        double w = cand_weight(x, ci) / x->vec_norm[ci];
        for (size_t j = x->vec_off[ci]; j < x->vec_off[ci + 1]; j++) {
            uint32_t id = x->vec_id[j];
            if (x->stamp[id] != x->cur_stamp) { /* first touch this day */
                x->stamp[id] = x->cur_stamp;
                x->touched[x->ntouched++] = id;
            }
            x->centroid[id] += (float)(w * x->vec_w[j]);
        }
    }
    double norm = 0;
    for (size_t i = 0; i < x->ntouched; i++)
        norm += (double)x->centroid[x->touched[i]] * x->centroid[x->touched[i]];
    return sqrt(norm);
}

static void clear_centroid(ctx *x)
{
    for (size_t i = 0; i < x->ntouched; i++)
        x->centroid[x->touched[i]] = 0;
    x->ntouched = 0;
}

static double centroid_cos(const ctx *x, uint32_t ci, double cnorm)
{
    if (x->vec_norm[ci] == 0 || cnorm == 0)
        return 0;
    double dot = 0;
    for (size_t j = x->vec_off[ci]; j < x->vec_off[ci + 1]; j++)
        dot += (double)x->vec_w[j] * x->centroid[x->vec_id[j]];
    return dot / (x->vec_norm[ci] * cnorm);
}

/* Distinct sources other than cand's among top[0..m) saying the same. */
static size_t echo_sources(const ctx *x, const scored *top, size_t m, uint32_t ci,
                           uint32_t *scratch)
{
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        uint32_t o = top[i].cand;
        if (o != ci && x->c[o].source != x->c[ci].source &&
            cosine(x, ci, o) >= x->p->support_cos)
            scratch[k++] = x->c[o].source;
    }
    qsort(scratch, k, sizeof *scratch, cmp_u32);
    size_t d = 0;
    for (size_t i = 0; i < k; i++)
        d += i == 0 || scratch[i] != scratch[i - 1];
    return d;
}

static int redundant(const ctx *x, uint32_t ci)
{
    for (size_t i = 0; i < x->nchosen; i++) {
        uint32_t o = x->chosen[i];
        if (o == ci || x->c[o].sent == x->c[ci].sent || cosine(x, ci, o) > x->p->redundancy)
            return 1;
    }
    return 0;
}

/* Scores the usable candidates of run r into sc (returns how many). */
static size_t score_cands(ctx *x, const day_run *r, scored *sc, uint32_t *scratch)
{
    double cnorm = make_centroid(x, r);
    size_t m = 0;
    for (size_t i = r->b; i < r->e; i++) {
        uint32_t ci = x->by_day[i];
        if (!len_ok(x, ci))
            continue;
        double s = centroid_cos(x, ci, cnorm);
        if (!(x->c[ci].flags & SL_TLC_MENTION))
            s *= x->p->pub_sent;
        if (x->p->nkeywords && !x->kw[ci])
            s *= x->p->no_keyword;
        s *= 1.0 + x->p->w_lead / (1.0 + x->c[ci].pos);
        sc[m++] = (scored){ci, s};
    }
    clear_centroid(x);
    qsort(sc, m, sizeof *sc, cmp_scored);
    size_t top = SL_MIN(m, (size_t)SUPPORT_CAP);
    for (size_t i = 0; i < top; i++)
        sc[i].score *= 1.0 + x->p->w_echo * log1p((double)echo_sources(x, sc, top, sc[i].cand, scratch));
    qsort(sc, top, sizeof *sc, cmp_scored);
    return m;
}

/* ---- output ----------------------------------------------------------------------- */

static int cmp_support(const void *a, const void *b)
{
    const sl_tl_support *x = a, *y = b;
    if (x->source != y->source)
        return (x->source > y->source) - (x->source < y->source);
    return (x->article > y->article) - (x->article < y->article);
}

static int push_support(sl_tl_day *d, size_t *cap, uint32_t src, uint32_t art)
{
    if (d->nsupport == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        sl_tl_support *v = sl_realloc(d->support, nc * sizeof *v);
        if (!v)
            return -1;
        d->support = v;
        *cap = nc;
    }
    d->support[d->nsupport++] = (sl_tl_support){src, art};
    return 0;
}

static int fill_support(const ctx *x, const day_run *r, sl_tl_day *d)
{
    size_t cap = 0;
    for (size_t i = r->b; i < r->e; i++) {
        uint32_t ci = x->by_day[i];
        int hit = 0;
        for (size_t s = 0; s < d->ncands && !hit; s++)
            hit = d->cands[s] == ci || cosine(x, ci, d->cands[s]) >= x->p->support_cos;
        if (hit && push_support(d, &cap, x->c[ci].source, x->c[ci].article))
            return -1;
    }
    if (d->nsupport > 1)
        qsort(d->support, d->nsupport, sizeof *d->support, cmp_support);
    size_t w = 0;
    for (size_t i = 0; i < d->nsupport; i++)
        if (w == 0 || cmp_support(&d->support[w - 1], &d->support[i]))
            d->support[w++] = d->support[i];
    d->nsupport = w;
    return 0;
}

/* Chooses up to k sentences of run r into d. */
static int fill_day(ctx *x, const day_run *r, size_t k, sl_tl_day *d, scored *sc,
                    uint32_t *scratch)
{
    size_t m = score_cands(x, r, sc, scratch);
    d->day = r->day;
    d->score = r->score;
    d->cands = sl_malloc((k + 1) * sizeof *d->cands);
    if (!d->cands)
        return -1;
    double first = -1;
    for (size_t i = 0; i < m && d->ncands < k; i++) {
        if (first >= 0 && sc[i].score < x->p->min_rel_score * first)
            break;
        if (redundant(x, sc[i].cand))
            continue;
        if (first < 0)
            first = sc[i].score;
        d->cands[d->ncands++] = sc[i].cand;
        x->chosen[x->nchosen++] = sc[i].cand;
    }
    return fill_support(x, r, d);
}

static int cmp_out_day(const void *a, const void *b)
{
    const sl_tl_day *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

static size_t auto_l(const ctx *x, size_t n_multi, size_t avail)
{
    size_t l = SL_MAX(n_multi, (size_t)3);
    l = SL_MIN(l, (size_t)40);
    return SL_MIN(l, avail);
}

static size_t auto_k(const day_run *runs, size_t l)
{
    if (l == 0)
        return 1;
    size_t *u = sl_malloc(l * sizeof *u);
    if (!u)
        return 1;
    for (size_t i = 0; i < l; i++)
        u[i] = runs[i].e - runs[i].b;
    size_t med = 0; /* partial selection sort up to the median: l <= 40 */
    for (size_t i = 0; i <= l / 2; i++)
        for (size_t j = i + 1; j < l; j++)
            if (u[j] < u[i]) {
                size_t t = u[i];
                u[i] = u[j];
                u[j] = t;
            }
    med = u[l / 2];
    sl_free(u);
    return med >= 8 ? 2 : 1;
}

/* Runs kept: runs[0..nk) after sorting by score, usable ones first. */
static size_t keep_runs(ctx *x)
{
    size_t w = 0;
    for (size_t i = 0; i < x->nruns; i++)
        if (x->runs[i].usable)
            x->runs[w++] = x->runs[i];
    qsort(x->runs, w, sizeof *x->runs, cmp_run_score);
    return w;
}

/* Nearest-day penalty of run r against the chosen runs[0..nchosen). */
static double crowding(const ctx *x, const day_run *r, size_t nchosen, double tau)
{
    double worst = 0;
    for (size_t i = 0; i < nchosen; i++) {
        double d = fabs((double)r->day - (double)x->runs[i].day);
        worst = fmax(worst, exp(-d / tau));
    }
    return worst;
}

/* Temporal diversity: re-orders runs[0..avail) so that runs[0..l) are
 * chosen greedily by score * (1 - date_spread * exp(-gap / tau)), gap =
 * days to the nearest day already chosen, tau = (span of the available
 * days) / (2 l), at least 1. With date_spread 0 this keeps the score
 * order. Days crowding a more important day give way to quieter periods,
 * as in the temporal-diversity constraints of Martschat & Markert (2018). */
static void spread_dates(ctx *x, size_t avail, size_t l)
{
    if (x->p->date_spread <= 0 || avail < 2 || l < 2)
        return;
    int32_t lo = x->runs[0].day, hi = x->runs[0].day;
    for (size_t i = 1; i < avail; i++) {
        lo = x->runs[i].day < lo ? x->runs[i].day : lo;
        hi = x->runs[i].day > hi ? x->runs[i].day : hi;
    }
    double tau = fmax(1.0, ((double)hi - lo + 1) / (2.0 * (double)l));
    for (size_t c = 1; c < l && c < avail; c++) {
        size_t best = c;
        double bs = -1;
        for (size_t i = c; i < avail; i++) {
            double s = x->runs[i].score *
                       (1.0 - x->p->date_spread * crowding(x, &x->runs[i], c, tau));
            if (s > bs)
                bs = s, best = i;
        }
        day_run t = x->runs[c];
        x->runs[c] = x->runs[best];
        x->runs[best] = t;
    }
}

static int build_days(ctx *x, size_t l, size_t k, sl_tl_result *out)
{
    size_t maxm = 0;
    for (size_t i = 0; i < l; i++)
        maxm = SL_MAX(maxm, x->runs[i].e - x->runs[i].b);
    scored *sc = sl_malloc((maxm + 1) * sizeof *sc);
    uint32_t *scratch = sl_malloc((maxm + 1) * sizeof *scratch);
    x->centroid = sl_calloc(x->dict.n + 1, sizeof *x->centroid);
    x->touched = sl_malloc((x->dict.n + 1) * sizeof *x->touched);
    x->stamp = sl_calloc(x->dict.n + 1, sizeof *x->stamp);
    x->chosen = sl_malloc((l * k + 1) * sizeof *x->chosen);
    out->days = sl_calloc(l + 1, sizeof *out->days);
    int rc = (!sc || !scratch || !x->centroid || !x->touched || !x->stamp || !x->chosen || !out->days) ? -1 : 0;
    for (size_t i = 0; i < l && !rc; i++) {
        out->n++;
        rc = fill_day(x, &x->runs[i], k, &out->days[i], sc, scratch);
    }
    sl_free(sc);
    sl_free(scratch);
    if (!rc) {
        size_t w = 0; /* drop days left empty by redundancy */
        for (size_t i = 0; i < out->n; i++) {
            if (out->days[i].ncands)
                out->days[w++] = out->days[i];
            else
                sl_free(out->days[i].cands), sl_free(out->days[i].support);
        }
        out->n = w;
        qsort(out->days, out->n, sizeof *out->days, cmp_out_day);
    }
    return rc;
}

/* ---- entry points -------------------------------------------------------------------- */

void sl_tl_result_free(sl_tl_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        sl_free(r->days[i].cands);
        sl_free(r->days[i].support);
    }
    sl_free(r->days);
    memset(r, 0, sizeof *r);
}

static int prepare(ctx *x, size_t *n_multi)
{
    size_t total = 0;
    for (size_t i = 0; i < x->n; i++)
        if (usable_cand(x, i))
            total += x->p->w_bigram > 0 ? 2 * (size_t)x->c[i].nstems : x->c[i].nstems;
    if (fill_ids(x, total) || weigh(x) || mark_keywords(x) || group_days(x))
        return -1;
    return score_days(x, n_multi);
}

int sl_tl_build(const sl_tl_cand *c, size_t n, const sl_tl_params *p, sl_tl_result *out)
{
    memset(out, 0, sizeof *out);
    if (!params_ok(p) || (n && !c) || n >= UINT32_MAX)
        return -2;
    ctx x = {.c = c, .n = n, .p = p};
    size_t n_multi = 0;
    int rc = prepare(&x, &n_multi);
    if (!rc) {
        size_t avail = keep_runs(&x);
        size_t l = p->l ? SL_MIN(p->l, avail) : auto_l(&x, n_multi, avail);
        spread_dates(&x, avail, l);
        size_t k = p->k ? p->k : auto_k(x.runs, l);
        out->l_used = l;
        out->k_used = k;
        rc = build_days(&x, l, k, out);
    }
    ctx_free(&x);
    if (rc)
        sl_tl_result_free(out);
    return rc;
}
