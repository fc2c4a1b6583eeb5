/*
 * engine_dups_api.c - the read side of copies and rewrites: listing edges
 * with their direction, groups with a canonical copy, the exact-mode
 * oracle, `why`, and forgetting articles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/map64.h"
#include "dups.h"
#include "date/date.h"
#include "engine.h"

/* ---- edges -> sl_dup ---------------------------------------------------------- */

static const char *kind_name(int cls)
{
    return cls == SL_MATCH_EXACT ? "exact" : cls == SL_MATCH_NEAR ? "near"
         : cls == SL_MATCH_REUSE ? "reuse" : "similar";
}

typedef struct info2 {
    sl_article_info a, b;
    char ba[1024], bb[1024];
} info2;

/* Fills d from an edge; direction from dates, else containment. */
static int edge_to_dup(sl_engine *e, const sl_store_dup *s, info2 *in, sl_dup *d)
{
    int rc = sl_store_info(e->store, s->a, NULL, &in->a, in->ba, sizeof in->ba);
    if (rc == SL_OK)
        rc = sl_store_info(e->store, s->b, NULL, &in->b, in->bb, sizeof in->bb);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    memset(d, 0, sizeof *d);
    d->a = in->a.id;
    d->b = in->b.id;
    d->kind = kind_name(s->kind);
    d->jaccard = s->jaccard;
    d->a_in_b = s->ca;
    d->b_in_a = s->cb;
    d->shared = s->shared;
    int dated = in->a.date && in->b.date && in->a.date_flag != SL_DATE_UNPARSED &&
                in->b.date_flag != SL_DATE_UNPARSED;
    int cmp = dated ? strcmp(in->a.date, in->b.date) : 0;
    int a_src = cmp < 0 || (cmp == 0 && s->ca >= s->cb);
    if (cmp == 0 && s->cb > s->ca)
        a_src = 0;
    d->source = a_src ? d->a : d->b;
    d->copy = a_src ? d->b : d->a;
    return SL_OK;
}

typedef struct list_ctx {
    sl_engine *e;
    sl_dup_cb cb;
    void *ud;
    int rc;
} list_ctx;

static int on_edge(void *ud, const sl_store_dup *s)
{
    list_ctx *c = ud;
    info2 in;
    sl_dup d;
    if ((c->rc = edge_to_dup(c->e, s, &in, &d)) != SL_OK)
        return 1;
    return c->cb(c->ud, &d);
}

static int seq_of(sl_engine *e, const char *id, int64_t *seq)
{
    sl_article_info a;
    char buf[1024];
    int rc = sl_store_info(e->store, 0, id, &a, buf, sizeof buf);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    *seq = a.seq;
    return SL_OK;
}

int sl_dups(sl_engine *e, const char *article, sl_dup_cb cb, void *ud)
{
    int64_t seq = 0;
    int rc = article ? seq_of(e, article, &seq) : SL_OK;
    if (rc != SL_OK)
        return rc;
    list_ctx c = {e, cb, ud, SL_OK};
    rc = sl_store_dups_each(e->store, article ? seq : 0, on_edge, &c);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    return c.rc;
}

/* ---- groups -------------------------------------------------------------------- */

typedef struct uf {
    sl_map64 parent;   /* seq -> parent seq */
} uf;

static uint64_t uf_find(uf *u, uint64_t x)
{
    uint64_t *p = sl_map64_get(&u->parent, x);
    if (!p || *p == x)
        return x;
    uint64_t r = uf_find(u, *p);
    *p = r;
    return r;
}

static int uf_union(uf *u, uint64_t a, uint64_t b)
{
    uint64_t *pa = sl_map64_put(&u->parent, a, NULL);
    if (!pa)
        return -1;
    if (!*pa)
        *pa = a;
    uint64_t *pb = sl_map64_put(&u->parent, b, NULL);
    if (!pb)
        return -1;
    if (!*pb)
        *pb = b;
    uint64_t ra = uf_find(u, a), rb = uf_find(u, b);
    if (ra != rb) {
        uint64_t *slot = sl_map64_get(&u->parent, ra > rb ? ra : rb);
        *slot = ra < rb ? ra : rb; /* the smaller seq is the root: deterministic */
    }
    return 0;
}

static int on_group_edge(void *ud, const sl_store_dup *s)
{
    if (s->kind == SL_MATCH_NONE)
        return 0;
    return uf_union(ud, (uint64_t)s->a, (uint64_t)s->b) ? 1 : 0;
}

typedef struct member {
    uint64_t root, seq;
} member;

static int cmp_member(const void *x, const void *y)
{
    const member *a = x, *b = y;
    if (a->root != b->root)
        return a->root < b->root ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Is a better canonical than b under the rule? */
static int better(const sl_article_info *a, const sl_article_info *b, int rule,
                  const char *const *pref, size_t npref)
{
    if (rule == SL_CANON_PREFERRED) {
        size_t ra = npref, rb = npref;
        for (size_t i = 0; i < npref; i++) {
            if (ra == npref && strcmp(a->source, pref[i]) == 0)
                ra = i;
            if (rb == npref && strcmp(b->source, pref[i]) == 0)
                rb = i;
        }
        if (ra != rb)
            return ra < rb;
    }
    if (rule == SL_CANON_LONGEST && a->words != b->words)
        return a->words > b->words;
    if (rule != SL_CANON_LONGEST) {
        int da = a->date && a->date_flag != SL_DATE_UNPARSED;
        int db = b->date && b->date_flag != SL_DATE_UNPARSED;
        if (da && db && strcmp(a->date, b->date) != 0)
            return strcmp(a->date, b->date) < 0;
        if (da != db)
            return da;
    }
    return a->seq < b->seq;
}

static int emit_group(sl_engine *e, const member *m, size_t n, int rule, const char *const *pref,
                      size_t npref, int (*cb)(void *, const char *const *, size_t), void *ud)
{
    sl_article_info *infos = sl_calloc(n, sizeof *infos);
    char (*bufs)[512] = sl_calloc(n, sizeof *bufs);
    const char **ids = sl_calloc(n, sizeof *ids);
    int rc = infos && bufs && ids ? SL_OK : SL_ENOMEM;
    size_t best = 0;
    for (size_t i = 0; rc == SL_OK && i < n; i++) {
        rc = sl_store_info(e->store, (int64_t)m[i].seq, NULL, &infos[i], bufs[i], sizeof bufs[i]);
        if (rc == SL_OK && i && better(&infos[i], &infos[best], rule, pref, npref))
            best = i;
    }
    int stop = 0;
    if (rc == SL_OK) {
        size_t k = 0;
        ids[k++] = infos[best].id;
        for (size_t i = 0; i < n; i++)
            if (i != best)
                ids[k++] = infos[i].id;
        stop = cb(ud, ids, n);
    }
    sl_free(infos);
    sl_free(bufs);
    sl_free(ids);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    return stop ? 1 : SL_OK;
}

int sl_dup_groups(sl_engine *e, int rule, const char *const *preferred, size_t npreferred,
                  int (*cb)(void *ud, const char *const *members, size_t n), void *ud)
{
    uf u = {0};
    int rc = sl_store_dups_each(e->store, 0, on_group_edge, &u);
    if (rc != SL_OK) {
        sl_map64_free(&u.parent);
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    }
    struct { member *v; size_t n, cap; } ms = {0};
    for (size_t i = 0; i < u.parent.cap; i++)
        if (u.parent.keys[i]) {
            member m = {uf_find(&u, u.parent.keys[i]), u.parent.keys[i]};
            if (SL_VEC_PUSH(&ms, m)) {
                rc = SL_ENOMEM;
                break;
            }
        }
    if (ms.n)
        qsort(ms.v, ms.n, sizeof *ms.v, cmp_member);
    for (size_t i = 0; rc == SL_OK && i < ms.n;) {
        size_t j = i;
        while (j < ms.n && ms.v[j].root == ms.v[i].root)
            j++;
        rc = emit_group(e, ms.v + i, j - i, rule, preferred, npreferred, cb, ud);
        i = j;
    }
    sl_free(ms.v);
    sl_map64_free(&u.parent);
    return rc == 1 ? SL_OK : rc;
}

/* ---- exact mode --------------------------------------------------------------- */

typedef struct art_set {
    int64_t seq;
    uint64_t *set;
    size_t n;
    uint64_t norm_hash;
} art_set;

static int collect_seq(void *ud, const sl_article_info *a)
{
    struct { int64_t *v; size_t n, cap; } *v = ud;
    return SL_VEC_PUSH(v, a->seq) ? 1 : 0;
}

static int load_sets(sl_engine *e, art_set **out, size_t *nout)
{
    struct { int64_t *v; size_t n, cap; } seqs = {0};
    int rc = sl_store_articles(e->store, collect_seq, &seqs);
    art_set *arts = sl_calloc(seqs.n ? seqs.n : 1, sizeof *arts);
    sl_text *tx = sl_text_new(NULL);
    sl_doc doc = {0};
    if (rc == SL_OK && (!arts || !tx))
        rc = SL_ENOMEM;
    const sl_sketch_params *p = sl_dups_params(e->dups);
    for (size_t i = 0; rc == SL_OK && i < seqs.n; i++) {
        char *text = NULL;
        size_t len;
        rc = sl_dups_reanalyze(e, tx, seqs.v[i], &doc, &text, &len);
        sl_free(text);
        uint64_t *tok = NULL;
        size_t ntok = 0;
        if (rc == SL_OK && sl_doc_token_hashes(&doc, &tok, &ntok))
            rc = SL_ENOMEM;
        if (rc == SL_OK) {
            arts[i].seq = seqs.v[i];
            arts[i].norm_hash = sl_hash64(tok, ntok * sizeof *tok);
            size_t cap = sl_shingle_count(ntok, p->k);
            arts[i].set = sl_malloc((cap ? cap : 1) * sizeof *arts[i].set);
            if (!arts[i].set)
                rc = SL_ENOMEM;
            else
                arts[i].n = sl_set_make(arts[i].set, sl_shingles(arts[i].set, tok, ntok, p->k, p->seed));
        }
        sl_free(tok);
    }
    sl_doc_free(&doc);
    sl_text_free(tx);
    sl_free(seqs.v);
    *out = arts;
    *nout = arts ? seqs.n : 0;
    return rc;
}

typedef struct u32vec { uint32_t *v; size_t n, cap; } u32vec;

typedef struct posting_lists {
    sl_map64 ix;                                     /* shingle -> list index */
    struct { u32vec *v; size_t n, cap; } lists;
} posting_lists;

static void free_lists(posting_lists *pl)
{
    for (size_t i = 0; i < pl->lists.n; i++)
        sl_free(pl->lists.v[i].v);
    sl_free(pl->lists.v);
    sl_map64_free(&pl->ix);
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

int sl_dups_exact(sl_engine *e, double min_jaccard, double min_containment, sl_dup_cb cb, void *ud)
{
    art_set *arts = NULL;
    size_t n = 0;
    int rc = load_sets(e, &arts, &n);
    posting_lists pl = {0};
    uint32_t *count = sl_calloc(n ? n : 1, sizeof *count);
    struct { uint32_t *v; size_t n, cap; } touched = {0};
    const sl_sketch_params *p = sl_dups_params(e->dups);
    if (rc == SL_OK && !count)
        rc = SL_ENOMEM;
    int stop = 0;
    for (size_t i = 0; rc == SL_OK && !stop && i < n; i++) {
        touched.n = 0;
        for (size_t k = 0; rc == SL_OK && k < arts[i].n; k++) {
            int fresh;
            uint64_t *slot = sl_map64_put(&pl.ix, arts[i].set[k], &fresh);
            if (!slot) {
                rc = SL_ENOMEM;
                break;
            }
            if (fresh) {
                u32vec z = {0};
                if (SL_VEC_PUSH(&pl.lists, z)) {
                    rc = SL_ENOMEM;
                    break;
                }
                *slot = pl.lists.n - 1;
            }
            u32vec *l = &pl.lists.v[*slot];
            for (size_t m = 0; m < l->n; m++)
                if (count[l->v[m]]++ == 0 && SL_VEC_PUSH(&touched, l->v[m]))
                    rc = SL_ENOMEM;
            if (SL_VEC_PUSH(l, (uint32_t)i))
                rc = SL_ENOMEM;
        }
        /* report in (a, b) order: candidates a < i ascending */
        if (touched.n)
            qsort(touched.v, touched.n, sizeof *touched.v, cmp_u32);
        for (size_t t = 0; t < touched.n; t++) {
            uint32_t jx = touched.v[t];
            size_t shared = count[jx];
            count[jx] = 0;
            if (rc != SL_OK || stop)
                continue;
            double uni = (double)(arts[jx].n + arts[i].n - shared);
            double jac = shared / uni, ca = (double)shared / arts[jx].n, cbv = (double)shared / arts[i].n;
            if (!(jac >= min_jaccard || (SL_MAX(ca, cbv) >= min_containment && shared >= (size_t)p->min_shared)))
                continue;
            int dir;
            int cls = sl_match_classify(&dir, arts[jx].norm_hash == arts[i].norm_hash, jac, ca, cbv, shared, p);
            sl_store_dup s = {arts[jx].seq, arts[i].seq, cls, jac, ca, cbv, (int64_t)shared};
            info2 in;
            sl_dup d;
            rc = edge_to_dup(e, &s, &in, &d);
            if (rc == SL_OK)
                stop = cb(ud, &d);
        }
    }
    for (size_t i = 0; i < n; i++)
        sl_free(arts[i].set);
    sl_free(arts);
    sl_free(count);
    sl_free(touched.v);
    free_lists(&pl);
    if (rc == SL_ENOMEM && !e->err[0])
        sl_engine_fail(e, rc, "out of memory");
    return rc;
}

/* ---- why ---------------------------------------------------------------------------- */

typedef struct why_mem {
    sl_why w;
    char *text_a, *text_b;
    char bufs[2][1024];
} why_mem;

void sl_why_free(sl_why *w)
{
    if (!w)
        return;
    why_mem *m = (why_mem *)w;
    sl_free(m->text_a);
    sl_free(m->text_b);
    sl_free(w->passages);
    sl_free(m);
}

static void explain(sl_why *w, const sl_sketch_params *p)
{
    const sl_dup *d = &w->d;
    double c = SL_MAX(d->a_in_b, d->b_in_a);
    if (!strcmp(d->kind, "exact"))
        snprintf(w->rule, sizeof w->rule, "exact: the same normalized text (%lld shingles)", (long long)d->shared);
    else if (!strcmp(d->kind, "near"))
        snprintf(w->rule, sizeof w->rule, "near: Jaccard %.3f >= near bound %.2f", d->jaccard, p->near);
    else if (!strcmp(d->kind, "reuse"))
        snprintf(w->rule, sizeof w->rule,
                 "reuse: containment %.3f >= reuse bound %.2f with %lld shared shingles >= %d",
                 c, p->reuse, (long long)d->shared, p->min_shared);
    else
        snprintf(w->rule, sizeof w->rule,
                 "none: Jaccard %.3f < %.2f, containment %.3f %s %.2f, %lld shared shingles %s %d",
                 d->jaccard, p->near, c, c >= p->reuse ? ">=" : "<", p->reuse, (long long)d->shared,
                 d->shared >= p->min_shared ? ">=" : "<", p->min_shared);
}

int sl_why_dup(sl_engine *e, const char *a, const char *b, sl_why **out)
{
    *out = NULL;
    why_mem *m = sl_calloc(1, sizeof *m);
    if (!m)
        return SL_ENOMEM;
    sl_article_info ia, ib;
    int rc = sl_store_info(e->store, 0, a, &ia, m->bufs[0], sizeof m->bufs[0]);
    if (rc == SL_OK)
        rc = sl_store_info(e->store, 0, b, &ib, m->bufs[1], sizeof m->bufs[1]);
    if (rc != SL_OK) {
        sl_free(m);
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    }
    if (ia.seq > ib.seq) { /* a is the one added first */
        sl_article_info t = ia;
        ia = ib;
        ib = t;
    }
    sl_text *tx = sl_text_new(NULL);
    sl_doc da = {0}, db = {0};
    size_t la, lb;
    uint64_t *ta = NULL, *tb = NULL;
    size_t na = 0, nb = 0;
    sl_evidence ev = {0};
    rc = tx ? SL_OK : SL_ENOMEM;
    if (rc == SL_OK)
        rc = sl_dups_reanalyze(e, tx, ia.seq, &da, &m->text_a, &la);
    if (rc == SL_OK)
        rc = sl_dups_reanalyze(e, tx, ib.seq, &db, &m->text_b, &lb);
    if (rc == SL_OK && (sl_doc_token_hashes(&da, &ta, &na) || sl_doc_token_hashes(&db, &tb, &nb)))
        rc = SL_ENOMEM;
    const sl_sketch_params *p = sl_dups_params(e->dups);
    if (rc == SL_OK && sl_evidence_compute(&ev, ta, na, tb, nb, p) != SL_SKETCH_OK)
        rc = SL_ENOMEM;
    if (rc == SL_OK) {
        sl_why *w = &m->w;
        sl_store_dup s = {ia.seq, ib.seq, ev.cls, ev.jaccard, ev.contain_a, ev.contain_b, (int64_t)ev.shared};
        info2 in;
        rc = edge_to_dup(e, &s, &in, &w->d);
        if (rc == SL_OK) {
            /* edge_to_dup's strings live in `in`: point at our copies instead */
            w->d.a = ia.id;
            w->d.b = ib.id;
            int a_src = strcmp(w->d.source, in.a.id) == 0;
            w->d.source = a_src ? ia.id : ib.id;
            w->d.copy = a_src ? ib.id : ia.id;
            w->d.kind = ev.cls == SL_MATCH_NONE ? "none" : kind_name(ev.cls);
            explain(w, p);
            w->text_a = m->text_a;
            w->text_b = m->text_b;
            w->shared_tokens = ev.shared_tokens;
            w->passages = sl_calloc(ev.passages.n ? ev.passages.n : 1, sizeof *w->passages);
            if (!w->passages)
                rc = SL_ENOMEM;
            for (size_t i = 0; rc == SL_OK && i < ev.passages.n; i++) {
                const sl_passage *ps = &ev.passages.v[i];
                w->passages[i] = (sl_why_passage){da.toks.v[ps->a_start].start, da.toks.v[ps->a_end - 1].end,
                                                  db.toks.v[ps->b_start].start, db.toks.v[ps->b_end - 1].end};
            }
            w->npassages = ev.passages.n;
        }
    }
    sl_evidence_free(&ev);
    sl_free(ta);
    sl_free(tb);
    sl_doc_free(&da);
    sl_doc_free(&db);
    sl_text_free(tx);
    if (rc != SL_OK) {
        sl_why_free(&m->w);
        if (!e->err[0] || rc == SL_ENOMEM)
            sl_engine_fail(e, rc, rc == SL_ENOMEM ? "out of memory" : "%s", sl_store_errmsg(e->store));
        return rc;
    }
    *out = &m->w;
    return SL_OK;
}

/* ---- forget ------------------------------------------------------------------------ */

static int forget_seq(sl_engine *e, int64_t seq)
{
    int rc = sl_dups_forget(e->dups, seq);
    if (rc != SL_OK && rc != SL_ENOTFOUND)
        return rc;
    rc = sl_store_forget(e->store, seq);
    return rc == SL_OK ? rc : sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
}

int sl_forget(sl_engine *e, const char *const *ids, size_t n, size_t *forgotten)
{
    *forgotten = 0;
    int rc = sl_store_begin(e->store);
    for (size_t i = 0; rc == SL_OK && i < n; i++) {
        sl_article_info a;
        char buf[1024];
        int r = sl_store_info(e->store, 0, ids[i], &a, buf, sizeof buf);
        if (r == SL_ENOTFOUND)
            continue;
        rc = r == SL_OK ? forget_seq(e, a.seq) : r;
        if (rc == SL_OK)
            ++*forgotten;
    }
    if (rc == SL_OK)
        return sl_store_commit(e->store) == SL_OK ? SL_OK : sl_engine_fail(e, SL_EIO, "%s", sl_store_errmsg(e->store));
    sl_store_rollback(e->store);
    return rc;
}

int sl_forget_before(sl_engine *e, const char *date, size_t *forgotten)
{
    *forgotten = 0;
    sl_ymd y;
    if (sl_date_parse_meta(date, strlen(date), &y) != 0)
        return sl_engine_fail(e, SL_EINVAL, "'%s' is not a date (YYYY-MM-DD)", date);
    char iso[11];
    sl_date_format(iso, y);
    int64_t *seqs;
    size_t n;
    int rc = sl_store_seqs_before(e->store, iso, &seqs, &n);
    if (rc != SL_OK)
        return sl_engine_fail(e, rc, "%s", sl_store_errmsg(e->store));
    rc = sl_store_begin(e->store);
    for (size_t i = 0; rc == SL_OK && i < n; i++)
        rc = forget_seq(e, seqs[i]);
    sl_free(seqs);
    if (rc == SL_OK) {
        *forgotten = n;
        return sl_store_commit(e->store) == SL_OK ? SL_OK : sl_engine_fail(e, SL_EIO, "%s", sl_store_errmsg(e->store));
    }
    sl_store_rollback(e->store);
    return rc;
}
