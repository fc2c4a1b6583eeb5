/*
 * tl_eval.c - evaluation metrics for timeline summarization.
 *
 * What it implements
 * ------------------
 * The metrics of tilse (Martschat & Markert, "Improving ROUGE for Timeline
 * Summarization", EACL 2017; "A temporally sensitive submodularity framework
 * for timeline summarization", CoNLL 2018) in the variant news-tls
 * (Gholipour Ghalandari & Ifrim, ACL 2020) reports: AR1-F / AR2-F = tilse's
 * `evaluate_align_date_content_costs_many_to_one`, Date-F1 = news-tls'
 * `evaluate_dates`, and concat ROUGE for reference. Re-implemented from the
 * published definitions and a reading of tilse's `rouge.py` / `util.py`:
 *
 *   1. Dates on both sides are sorted ascending.
 *   2. Cost of a (predicted day p, reference day r) pair:
 *        (1 - 1/(|p - r| + 1)) * (1 - F1approx(p, r))
 *      F1approx is tilse's `compute_rouge_approximation`: unigram F1 on the
 *      raw whitespace tokens (str.split(): no case folding, no stemming,
 *      stopwords and punctuation kept). A same-day pair costs 0 whatever
 *      the content.
 *   3. Precision alignment: each predicted day -> the reference day of least
 *      cost (numpy argmin: first minimum, i.e. the earliest day on ties).
 *      Recall alignment, separately: each reference day -> predicted day of
 *      least cost. Hence "m:1" in both directions.
 *   4. P = sum_p hit(p, a(p)) / (|p - a(p)| + 1)  /  sum_p count(p)
 *      R = sum_r hit(a(r), r) / (|a(r) - r| + 1)  /  sum_r count(r)
 *      with ROUGE-N hit and count on ROUGE-tokenized text (see timeline.h),
 *      F = 2PR/(P+R). A day with nothing to align with adds its count to
 *      the denominator and nothing to the numerator.
 *
 * Differences from tilse, known and deliberate
 * --------------------------------------------
 *  - tilse calls ROUGE-1.5.5 (-m -s) through pyrouge. We re-implement its
 *    n-gram counting as its readText/createNGram do it: a summary's lines
 *    joined by spaces, lower-cased, every byte outside [A-Za-z0-9-] made a
 *    space, "-" split off (and then dropped: only tokens starting with
 *    [a-z0-9] are kept), stopwords removed before stemming, tokens longer
 *    than 3 bytes stemmed. Differences: (a) our stopword list is our own
 *    SMART-style list, not a copy of smart_common_words.txt; (b) ROUGE's
 *    MorphStem first looks irregular forms up in WordNet's exception list
 *    ("children" -> "child", "found" -> "find"); we only run the Porter
 *    stemmer (Snowball "porter", Porter's original algorithm).
 *  - One reference timeline per call (news-tls evaluates each reference
 *    separately). With several references tilse pools them; not supported.
 *  - Floating point: costs are computed in the same order of operations as
 *    tilse so that ties break the same way.
 *
 * Data layout
 * -----------
 *   gram_set: three sorted uint64 arrays per day (ROUGE unigrams, ROUGE
 *   bigrams, raw tokens), each a hash of the token (bigram: hash of the
 *   pair). The multiset intersection size is a linear merge of two sorted
 *   arrays. Hash collisions (64-bit) are ignored.
 *
 * Invariants: after prep, days[] is sorted by day and has unique days.
 */
#include "timeline/timeline.h"

#include "common/common.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

/* ---- days ---------------------------------------------------------------- */

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no tables, no loops. */
int32_t sl_tl_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void sl_tl_civil_from_days(int32_t z, int *yp, int *mp, int *dp)
{
    int64_t zz = (int64_t)z + 719468;
    int64_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
    int64_t doe = zz - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp0 = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp0 + 2) / 5 + 1;
    int64_t m = mp0 < 10 ? mp0 + 3 : mp0 - 9;
    if (yp)
        *yp = (int)(y + (m <= 2));
    if (mp)
        *mp = (int)m;
    if (dp)
        *dp = (int)d;
}

/* ---- evaluator and gram sets ---------------------------------------------- */

struct sl_tl_eval {
    struct sb_stemmer *stem;
};

typedef struct u64vec {
    uint64_t *v;
    size_t n, cap;
} u64vec;

typedef struct gram_set {
    int32_t day;
    u64vec uni, bi, raw;       /* sorted after prep */
} gram_set;

typedef struct gram_list {
    gram_set *v;
    size_t n, cap;
} gram_list;

sl_tl_eval *sl_tl_eval_new(void)
{
    sl_tl_eval *ev = sl_calloc(1, sizeof *ev);
    if (!ev)
        return NULL;
    ev->stem = sb_stemmer_new("porter", NULL);
    if (!ev->stem) {
        sl_free(ev);
        return NULL;
    }
    return ev;
}

void sl_tl_eval_free(sl_tl_eval *ev)
{
    if (!ev)
        return;
    sb_stemmer_delete(ev->stem);
    sl_free(ev);
}

static void gram_set_free(gram_set *g)
{
    sl_free(g->uni.v);
    sl_free(g->bi.v);
    sl_free(g->raw.v);
    memset(g, 0, sizeof *g);
}

static void gram_list_free(gram_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        gram_set_free(&l->v[i]);
    sl_free(l->v);
    memset(l, 0, sizeof *l);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void u64_sort(u64vec *v)
{
    if (v->n > 1)
        qsort(v->v, v->n, sizeof v->v[0], cmp_u64);
}

/* Size of the multiset intersection of two sorted arrays. */
static size_t hit_count(const u64vec *a, const u64vec *b)
{
    size_t i = 0, j = 0, hit = 0;
    while (i < a->n && j < b->n) {
        if (a->v[i] < b->v[j]) {
            i++;
        } else if (a->v[i] > b->v[j]) {
            j++;
        } else {
            hit++;
            i++;
            j++;
        }
    }
    return hit;
}

/* ---- tokenizers ------------------------------------------------------------ */

static int is_alnum_lc(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* One ROUGE token (already lower-case ASCII alphanumerics) -> hash, or 0
 * with *skip = 1 when it is a stopword. */
static int rouge_token(sl_tl_eval *ev, const char *t, size_t len, uint64_t *h, int *skip)
{
    *skip = sl_tl_is_rouge_stopword(t, len);
    if (*skip)
        return 0;
    if (len > 3) {
        const sb_symbol *s = sb_stemmer_stem(ev->stem, (const sb_symbol *)t, (int)len);
        if (!s)
            return -1;
        *h = sl_hash64(s, (size_t)sb_stemmer_length(ev->stem));
    } else {
        *h = sl_hash64(t, len);
    }
    return 0;
}

static uint64_t pair_hash(uint64_t a, uint64_t b)
{
    uint64_t x[2] = {a, b};
    return sl_hash64(x, sizeof x);
}

/* Appends the ROUGE unigrams of `s` to g->uni in text order, and the
 * bigrams they form (continuing from *prev across sentences). */
static int rouge_sentence(sl_tl_eval *ev, const char *s, gram_set *g, uint64_t *prev,
                          int *have_prev)
{
    char tok[64];
    size_t len = 0, full = 0;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c && is_alnum_lc(c)) {
            if (len < sizeof tok)
                tok[len] = (char)c;
            len++;
            continue;
        }
        if (len) {
            full = len < sizeof tok ? len : sizeof tok; /* overlong tokens truncated */
            uint64_t h = 0;
            int skip = 0;
            if (rouge_token(ev, tok, full, &h, &skip))
                return -1;
            if (!skip) {
                if (SL_VEC_PUSH(&g->uni, h))
                    return -1;
                if (*have_prev && SL_VEC_PUSH(&g->bi, pair_hash(*prev, h)))
                    return -1;
                *prev = h;
                *have_prev = 1;
            }
            len = 0;
        }
        if (!c)
            break;
    }
    return 0;
}

static int is_py_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Raw whitespace tokens of `s`, as Python's str.split() finds them (ASCII
 * whitespace only). */
static int raw_sentence(const char *s, gram_set *g)
{
    const char *p = s;
    while (*p) {
        while (*p && is_py_space((unsigned char)*p))
            p++;
        const char *b = p;
        while (*p && !is_py_space((unsigned char)*p))
            p++;
        if (p > b && SL_VEC_PUSH(&g->raw, sl_hash64(b, (size_t)(p - b))))
            return -1;
    }
    return 0;
}

/* ---- preparing one timeline -------------------------------------------------- */

typedef struct ent_ref {
    int32_t day;
    size_t idx;                /* position in the caller's array (stable order) */
} ent_ref;

static int cmp_ent(const void *a, const void *b)
{
    const ent_ref *x = a, *y = b;
    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int add_entry_text(sl_tl_eval *ev, const sl_tl_entry *e, gram_set *g,
                          uint64_t *prev, int *have_prev)
{
    for (size_t s = 0; s < e->nsents; s++) {
        const char *txt = e->sents[s] ? e->sents[s] : "";
        if (rouge_sentence(ev, txt, g, prev, have_prev) || raw_sentence(txt, g))
            return -1;
    }
    return 0;
}

static void sort_set(gram_set *g)
{
    u64_sort(&g->uni);
    u64_sort(&g->bi);
    u64_sort(&g->raw);
}

/* Builds one gram_set per distinct day (sorted by day) into *out, and the
 * pooled set of the whole timeline (days in order) into *all. */
static int prep_timeline(sl_tl_eval *ev, const sl_tl_entry *e, size_t n, gram_list *out,
                         gram_set *all)
{
    ent_ref *ord = sl_malloc((n ? n : 1) * sizeof *ord);
    if (!ord)
        return -1;
    for (size_t i = 0; i < n; i++)
        ord[i] = (ent_ref){e[i].day, i};
    qsort(ord, n, sizeof *ord, cmp_ent);
    uint64_t prev = 0, aprev = 0;
    int have = 0, ahave = 0, rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (i == 0 || ord[i].day != ord[i - 1].day) {
            rc = SL_VEC_PUSH(out, ((gram_set){.day = ord[i].day}));
            have = 0;
        }
        if (!rc)
            rc = add_entry_text(ev, &e[ord[i].idx], &out->v[out->n - 1], &prev, &have);
        if (!rc)
            rc = add_entry_text(ev, &e[ord[i].idx], all, &aprev, &ahave);
    }
    for (size_t i = 0; i < out->n; i++)
        sort_set(&out->v[i]);
    sort_set(all);
    sl_free(ord);
    return rc;
}

/* ---- alignment ------------------------------------------------------------- */

double sl_tl_f1(double p, double r)
{
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

/* tilse util.compute_rouge_approximation with one reference summary. */
static double approx_f1(const gram_set *pred, const gram_set *ref)
{
    double match = (double)hit_count(&pred->raw, &ref->raw);
    double p = pred->raw.n ? match / (double)pred->raw.n : 0.0;
    double r = ref->raw.n ? match / (double)ref->raw.n : 0.0;
    return sl_tl_f1(p, r);
}

static double pair_cost(const gram_set *pred, const gram_set *ref)
{
    double dist = (double)labs((long)pred->day - (long)ref->day);
    double date_factor = 1.0 - 1.0 / (dist + 1.0);
    double content_factor = 1.0 - approx_f1(pred, ref);
    return date_factor * content_factor;
}

/* For each row of `from`, the index in `to` of least cost (first minimum).
 * `from_is_pred` tells which side is predicted (cost is not symmetric). */
static void align(const gram_list *from, const gram_list *to, int from_is_pred, size_t *best)
{
    for (size_t i = 0; i < from->n; i++) {
        double bc = 0;
        best[i] = 0;
        for (size_t j = 0; j < to->n; j++) {
            double c = from_is_pred ? pair_cost(&from->v[i], &to->v[j])
                                    : pair_cost(&to->v[j], &from->v[i]);
            if (j == 0 || c < bc) {
                bc = c;
                best[i] = j;
            }
        }
    }
}

typedef struct frac {
    double num, den;
} frac;

static double frac_val(frac f)
{
    return f.den == 0 ? 0.0 : f.num / f.den;
}

/* Weighted hit / count sums of `from` days aligned into `to` days, for
 * unigrams (f[0]) and bigrams (f[1]). */
static void aligned_sums(const gram_list *from, const gram_list *to, const size_t *best,
                         frac f[2])
{
    for (size_t i = 0; i < from->n; i++) {
        const gram_set *a = &from->v[i];
        f[0].den += (double)a->uni.n;
        f[1].den += (double)a->bi.n;
        if (to->n == 0)
            continue;
        const gram_set *b = &to->v[best[i]];
        double w = 1.0 / ((double)labs((long)a->day - (long)b->day) + 1.0);
        f[0].num += w * (double)hit_count(&a->uni, &b->uni);
        f[1].num += w * (double)hit_count(&a->bi, &b->bi);
    }
}

static sl_prf make_prf(double p, double r)
{
    return (sl_prf){p, r, sl_tl_f1(p, r)};
}

static int score_align(const gram_list *pred, const gram_list *ref, sl_tl_scores *out)
{
    size_t *bp = sl_malloc((pred->n + 1) * sizeof *bp);
    size_t *br = sl_malloc((ref->n + 1) * sizeof *br);
    if (!bp || !br) {
        sl_free(bp);
        sl_free(br);
        return -1;
    }
    align(pred, ref, 1, bp);
    align(ref, pred, 0, br);
    frac pf[2] = {{0, 0}, {0, 0}}, rf[2] = {{0, 0}, {0, 0}};
    aligned_sums(pred, ref, bp, pf);
    aligned_sums(ref, pred, br, rf);
    out->ar1 = make_prf(frac_val(pf[0]), frac_val(rf[0]));
    out->ar2 = make_prf(frac_val(pf[1]), frac_val(rf[1]));
    sl_free(bp);
    sl_free(br);
    return 0;
}

/* ---- concat and dates ---------------------------------------------------------- */

static void score_concat(const gram_set *p, const gram_set *r, sl_tl_scores *out)
{
    double h1 = (double)hit_count(&p->uni, &r->uni);
    double h2 = (double)hit_count(&p->bi, &r->bi);
    out->r1 = make_prf(p->uni.n ? h1 / (double)p->uni.n : 0, r->uni.n ? h1 / (double)r->uni.n : 0);
    out->r2 = make_prf(p->bi.n ? h2 / (double)p->bi.n : 0, r->bi.n ? h2 / (double)r->bi.n : 0);
}

static void score_dates(const gram_list *p, const gram_list *r, sl_tl_scores *out)
{
    size_t i = 0, j = 0, shared = 0;
    while (i < p->n && j < r->n) {
        if (p->v[i].day < r->v[j].day)
            i++;
        else if (p->v[i].day > r->v[j].day)
            j++;
        else
            shared++, i++, j++;
    }
    out->date = make_prf(p->n ? (double)shared / (double)p->n : 0,
                         r->n ? (double)shared / (double)r->n : 0);
}

/* ---- entry point ---------------------------------------------------------------- */

int sl_tl_evaluate(sl_tl_eval *ev, const sl_tl_entry *pred, size_t npred,
                   const sl_tl_entry *ref, size_t nref, sl_tl_scores *out)
{
    memset(out, 0, sizeof *out);
    gram_list pl = {0}, rl = {0};
    gram_set pall = {0}, rall = {0};
    int rc = -1;
    if (!ev || (npred && !pred) || (nref && !ref))
        return -1;
    if (prep_timeline(ev, pred, npred, &pl, &pall) || prep_timeline(ev, ref, nref, &rl, &rall))
        goto cleanup;
    if (score_align(&pl, &rl, out))
        goto cleanup;
    score_concat(&pall, &rall, out);
    score_dates(&pl, &rl, out);
    rc = 0;
cleanup:
    if (rc)
        memset(out, 0, sizeof *out);
    gram_list_free(&pl);
    gram_list_free(&rl);
    gram_set_free(&pall);
    gram_set_free(&rall);
    return rc;
}

/* ---- averaging ------------------------------------------------------------------ */

static void prf_add(sl_prf *sum, const sl_prf *x)
{
    sum->p += x->p;
    sum->r += x->r;
}

static sl_prf prf_mean(const sl_prf *sum, size_t n)
{
    return make_prf(sum->p / (double)n, sum->r / (double)n);
}

void sl_tl_mean_add(sl_tl_mean *m, const sl_tl_scores *s)
{
    prf_add(&m->sum.r1, &s->r1);
    prf_add(&m->sum.r2, &s->r2);
    prf_add(&m->sum.ar1, &s->ar1);
    prf_add(&m->sum.ar2, &s->ar2);
    prf_add(&m->sum.date, &s->date);
    m->n++;
}

void sl_tl_mean_get(const sl_tl_mean *m, sl_tl_scores *out)
{
    memset(out, 0, sizeof *out);
    if (!m->n)
        return;
    out->r1 = prf_mean(&m->sum.r1, m->n);
    out->r2 = prf_mean(&m->sum.r2, m->n);
    out->ar1 = prf_mean(&m->sum.ar1, m->n);
    out->ar2 = prf_mean(&m->sum.ar2, m->n);
    out->date = prf_mean(&m->sum.date, m->n);
}
