/*
 * cluster_article.c - the representation of one article for story
 * clustering, and its byte blob.
 *
 * Design note.
 * An article becomes two bounded bags of weighted features:
 *   terms  Snowball stem hashes of content tokens. Stopwords, clitics and
 *          one-character tokens are dropped. Numbers are kept only when
 *          they are specific (a decimal point or thousands separator, as in
 *          "6.1" or "1,500", or a four-digit year 1800..2199); bare small
 *          counts ("3", "10") say nothing about which event it is.
 *          Tokens mixing letters and digits ("MH17", "G20") are words.
 *   names  alias keys of name mentions (sl_mention.key_hash), so "Deir
 *          ez-Zor" and "Deir al-Zor" are one feature. Unsure mentions (a
 *          lone capitalised sentence-initial word never confirmed) are
 *          skipped.
 *   args   event arguments: each number with its unit, records and years
 *          (sl_cl_args_extract), as sorted unit|value keys of weight 1;
 *          the clusterer compares them with the story's as agreeing or
 *          conflicting figures (see "Event arguments" in cluster.c).
 * Raw weights are counts, multiplied for position: the title (title_w) and
 * the lead, the first lead_sents sentences after it (lead_w, name_lead_w),
 * because news puts the event in the headline and the first paragraph.
 * IDF is not applied here (it changes as the stream goes on): the
 * clusterer applies its current IDF when the article is added. Only the
 * selection of the top_terms / top_names features uses IDF (the
 * clusterer's, when given), so that a long article keeps its rare words
 * rather than its most frequent common ones.
 * Layout: feature arrays sorted by hash, unique (merge joins are linear).
 *
 * Blob (all little-endian):
 *   "SLC3" | varint nterms | varint nnames | varint nargs | varint day (0 = unknown,
 *   else 1 + zigzag(day)) | varint year (0 = unknown) | u64 content | per feature: varint hash delta (from the
 *   previous hash of the same list, first from 0), u16 weight (the high
 *   half of the IEEE float bits, i.e. bfloat16) | u64 XXH3 of all before.
 *   Args follow the names, in the same form. "SLC2" blobs (before the event
 *   arguments) have no nargs and decode with none; "SLC1" blobs (before
 *   the year field) have no year varint either and decode with year 0.
 */
#include "cluster/cluster_int.h"
#include "date/date.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ==== helpers ============================================================ */

void sl_cl_article_free(sl_cl_article *a)
{
    if (!a)
        return;
    sl_free(a->terms.v);
    sl_free(a->names.v);
    sl_free(a->args.v);
    memset(a, 0, sizeof *a);
}

typedef struct ranked {
    sl_cl_feat f;
    double score;
} ranked;

static int by_score(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->f.h < b->f.h ? -1 : a->f.h > b->f.h;
}

static void swap_ranked(ranked *x, ranked *y)
{
    ranked t = *x;
    *x = *y;
    *y = t;
}

/* Moves the k best of r[0..n) (by_score order, a strict order since hashes
 * are unique) to the front, in no particular order: quickselect with a
 * median-of-three pivot and Hoare partition. */
static void select_top(ranked *r, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* the boundary k lies in [lo, hi] */
    while (hi - lo > 2) {
        size_t mid = lo + (hi - lo) / 2;
        if (by_score(&r[mid], &r[lo]) < 0)
            swap_ranked(&r[mid], &r[lo]);
        if (by_score(&r[hi - 1], &r[lo]) < 0)
            swap_ranked(&r[hi - 1], &r[lo]);
        if (by_score(&r[hi - 1], &r[mid]) < 0)
            swap_ranked(&r[hi - 1], &r[mid]);
        ranked pivot = r[mid];
        size_t i = lo, j = hi - 1;
        for (;;) {
            while (by_score(&r[i], &pivot) < 0)
                i++;
            while (by_score(&pivot, &r[j]) < 0)
                j--;
            if (i >= j)
                break;
            swap_ranked(&r[i], &r[j]);
            i++, j--;
        }
        /* r[lo..j] <= pivot <= r[j+1..hi), with lo <= j <= hi - 2 */
        if (k <= j + 1)
            hi = j + 1;
        else
            lo = j + 1;
    }
    if (hi - lo == 2 && by_score(&r[lo + 1], &r[lo]) < 0)
        swap_ranked(&r[lo], &r[lo + 1]);
}

/* Keeps the k features of f[0..*n) with the highest weight x IDF, then
 * sorts them by hash. */
static int keep_top(const sl_cluster *c, sl_cl_feat *f, size_t *n, size_t k, uint64_t salt)
{
    if (*n > k) {
        ranked *r = sl_malloc(*n * sizeof *r);
        if (!r)
            return SL_CL_ENOMEM;
        for (size_t i = 0; i < *n; i++) {
            r[i].f = f[i];
            r[i].score = f[i].w * cl_idf(c, f[i].h ^ salt);
        }
        select_top(r, *n, k);
        for (size_t i = 0; i < k; i++)
            f[i] = r[i].f;
        *n = k;
        sl_free(r);
    }
    /* typed, not qsort: glibc's qsort (a merge sort through a malloc'd
     * buffer, a call per comparison) was half of keep_top and 3% of the
     * analysis stage of a g20k add (perf) */
    cl_sort_by_hash(f, *n);
    return SL_CL_OK;
}

/* Accumulates weight w on feature h of vec (index map: hash -> slot+1). */
static int bump(sl_map64 *ix, cl_fvec *vec, uint64_t h, double w)
{
    int fresh = 0;
    uint64_t *slot = sl_map64_put(ix, h, &fresh);
    if (!slot)
        return SL_CL_ENOMEM;
    if (fresh) {
        if (SL_VEC_GROW(vec, 1)) {
            sl_map64_del(ix, h);
            return SL_CL_ENOMEM;
        }
        vec->v[vec->n].h = h;
        vec->v[vec->n].w = 0;
        *slot = ++vec->n;
    }
    vec->v[*slot - 1].w += (float)w;
    return SL_CL_OK;
}

/* ==== token selection ===================================================== */

static int is_year(const char *s)
{
    if (strlen(s) != 4)
        return 0;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    int y = atoi(s);
    return y >= 1800 && y <= 2199;
}

/* Term weight class of a token: 0 = drop, 1 = word, 2 = specific number. */
static int term_class(const sl_doc *d, const sl_token *t)
{
    if (t->flags & SL_TOK_STOP)
        return 0;
    const char *s = sl_tok_stem(d, t);
    if (!(t->flags & SL_TOK_CJK) && (s[0] == 0 || s[1] == 0))
        return 0;
    if (!(t->flags & SL_TOK_NUM))
        return 1;
    int letters = 0, sep = 0;
    for (const char *q = s; *q; q++) {
        if ((*q >= 'a' && *q <= 'z') || (unsigned char)*q >= 0x80)
            letters = 1;
        else if ((*q == '.' || *q == ',') && q[1] >= '0' && q[1] <= '9' && q > s)
            sep = 1;
    }
    if (letters)
        return 1;
    return (sep || is_year(s)) ? 2 : 0;
}

/* Byte offset where the lead ends: the end of the lead_sents-th sentence
 * that starts at or after title_end. */
static uint32_t lead_end(const sl_doc *d, uint32_t title_end, int lead_sents)
{
    uint32_t end = title_end;
    int seen = 0;
    for (size_t i = 0; i < d->sents.n && seen < lead_sents; i++) {
        if (d->sents.v[i].start < title_end)
            continue;
        end = d->sents.v[i].end;
        seen++;
    }
    return end;
}

/* ==== the article's year ================================================== */

#define YEAR_LO 1900
#define YEAR_HI 2100

/* The year the article is about: each four-digit year token 1900..2099
 * counts 1 (2 in the title or lead), the publication year counts 3; the
 * heaviest year wins when it reaches year_min and no other year ties it.
 * Years tell same-kind events apart (the 2008 and the 2011 earthquake);
 * a year mentioned once in passing ("in 2008 he ...") does not make it. */
static int32_t article_year(const sl_cluster_params *p, const sl_doc *doc, uint32_t lead,
                            int32_t day)
{
    float w[YEAR_HI - YEAR_LO] = {0};
    for (size_t i = 0; i < doc->toks.n; i++) {
        const sl_token *t = &doc->toks.v[i];
        if (!(t->flags & SL_TOK_NUM) || t->end - t->start != 4)
            continue;
        const char *s = sl_tok_stem(doc, t);
        if (!is_year(s))
            continue;
        int y = atoi(s);
        if (y >= YEAR_LO && y < YEAR_HI)
            w[y - YEAR_LO] += t->start < lead ? 2.0f : 1.0f;
    }
    if (day != SL_CL_NODAY) {
        sl_ymd d = sl_date_from_days(day);
        if (d.y >= YEAR_LO && d.y < YEAR_HI)
            w[d.y - YEAR_LO] += 3.0f;
    }
    int best = -1;
    float bw = 0, second = 0;
    for (int i = 0; i < YEAR_HI - YEAR_LO; i++) {
        if (w[i] > bw) {
            second = bw;
            bw = w[i];
            best = i;
        } else if (w[i] > second) {
            second = w[i];
        }
    }
    if (best < 0 || bw < p->year_min || second >= bw)
        return 0;
    return YEAR_LO + best;
}

/* ==== event arguments ===================================================== */

uint64_t sl_cl_arg_key(const char *unit, size_t ulen, const char *value, size_t vlen)
{
    const uint64_t vmask = ((uint64_t)1 << SL_CL_ARG_VBITS) - 1;
    uint64_t k = (sl_hash64(unit, ulen) & ~vmask) | (sl_hash64(value, vlen) & vmask);
    return k ? k : 1;
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static int is_lower(char ch)
{
    return ch >= 'a' && ch <= 'z';
}

/* Appends word w[0..n) to the unit buffer u (hyphen first when not
 * empty), minus a plural "s"; 0 when it does not fit or is not a plain
 * lower-case word. */
static int unit_add(char *u, size_t *ul, size_t cap, const char *w, size_t n)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_lower(w[i]))
            return 0;
    if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
        n--;
    if (*ul + n + 1 >= cap)
        return 0;
    if (*ul)
        u[(*ul)++] = '-';
    memcpy(u + *ul, w, n);
    *ul += n;
    return 1;
}

/* Appends the hyphen-separated lower-case words of s (a token norm such as
 * "year-old") to the unit; 0 unless every part is a plain word. */
static int unit_add_parts(char *u, size_t *ul, size_t cap, const char *s)
{
    size_t before = *ul;
    while (*s) {
        const char *e = strchr(s, '-');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (!unit_add(u, ul, cap, s, n)) {
            *ul = before;
            return 0;
        }
        s += n + (e != NULL);
    }
    return *ul > before;
}

/* The bytes between two tokens: 1 when only spaces (no text: exactly one
 * byte), 2 when spaces around one hyphen, 0 otherwise. */
static int gap_kind(const char *text, uint32_t from, uint32_t to)
{
    if (!text)
        return to == from + 1 ? 1 : 0;
    int hyphens = 0;
    for (uint32_t i = from; i < to; i++) {
        char ch = text[i];
        if (ch == '-')
            hyphens++;
        else if (ch != ' ')
            return 0;
    }
    return hyphens == 0 ? 1 : hyphens == 1 ? 2 : 0;
}

/* A colon next to the token (skipping spaces): a clock time. */
static int by_colon(const char *text, const sl_token *t)
{
    if (!text)
        return 0;
    uint32_t i = t->start;
    while (i > 0 && text[i - 1] == ' ')
        i--;
    if (i > 0 && text[i - 1] == ':')
        return 1;
    const char *e = text + t->end;
    while (*e == ' ')
        e++;
    return *e == ':';
}

/* The unit that follows token i: a lower-case content word in the same
 * sentence, one space (or a spaced hyphen) away, extended over spaced
 * hyphens ("36 - year - old"). Length written to *ul; 0 when none. */
static void next_unit(const sl_doc *doc, const char *text, size_t i, char *u, size_t *ul,
                      size_t cap)
{
    const sl_token *prev = &doc->toks.v[i];
    *ul = 0;
    for (size_t j = i + 1; j < doc->toks.n; j++) {
        const sl_token *t = &doc->toks.v[j];
        int gap = gap_kind(text, prev->end, t->start);
        if (t->sent != prev->sent || !gap || (*ul && gap != 2))
            return;
        if (t->flags & (SL_TOK_NUM | SL_TOK_STOP | SL_TOK_CAP | SL_TOK_CJK))
            return;
        if (!unit_add_parts(u, ul, cap, sl_tok_norm(doc, t)))
            return;
        prev = t;
    }
}

/* Only spaces and one comma between bytes from and to of text. */
static int comma_between(const char *text, uint32_t from, uint32_t to)
{
    int commas = 0;
    for (uint32_t k = from; k < to; k++) {
        if (text[k] == ',')
            commas++;
        else if (text[k] != ' ')
            return 0;
    }
    return commas == 1;
}

/* Whether the bare number at token i states an age: "aged 85", "at age
 * 85", "at the age of 85", or an appositive after a name, "Bettie Page,
 * 85, died" (10..120 only: "Boeing, 747," is no age, and a single digit
 * between commas is more often a list or a score). */
static int is_age(const sl_doc *doc, const char *text, size_t i, int value)
{
    const sl_token *t = &doc->toks.v[i], *prev = i ? t - 1 : NULL;
    if (!prev || prev->sent != t->sent)
        return 0;
    const char *b1 = sl_tok_norm(doc, prev);
    if (!strcmp(b1, "aged") || !strcmp(b1, "age"))
        return 1;
    if (!strcmp(b1, "of") && i >= 2 && t[-2].sent == t->sent &&
        !strcmp(sl_tok_norm(doc, &t[-2]), "age"))
        return 1;
    return text && value >= 10 && value <= 120 && (prev->flags & SL_TOK_CAP) && i + 1 < doc->toks.n &&
           t[1].sent == t->sent && comma_between(text, prev->end, t->start) &&
           comma_between(text, t->end, t[1].start);
}

size_t sl_cl_args_extract(const sl_doc *doc, const char *text, uint64_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; doc && i < doc->toks.n && n < cap; i++) {
        const sl_token *t = &doc->toks.v[i];
        if (!(t->flags & SL_TOK_NUM) || (t->flags & SL_TOK_CJK))
            continue;
        const char *s = sl_tok_norm(doc, t);
        if (!is_digit(s[0]) || strchr(s, ':') || by_colon(text, t))
            continue;
        /* the number: digits, with ',' or '.' between digits */
        char val[32], unit[64];
        size_t vl = 0, ul = 0, k = 0;
        int sep = 0;
        for (; s[k]; k++) {
            if (is_digit(s[k])) {
                if (vl + 1 >= sizeof val)
                    break;
                val[vl++] = s[k];
            } else if ((s[k] == ',' || s[k] == '.') && k > 0 && is_digit(s[k + 1])) {
                sep = 1;
                if (s[k] == '.' && vl + 1 < sizeof val)
                    val[vl++] = '.';
            } else {
                break;
            }
        }
        const char *rest = s + k;
        if (rest[0] == '-' && is_digit(rest[1])) { /* 52-3: a record, a score */
            out[n++] = sl_cl_arg_key("#score", 6, s, strlen(s));
            continue;
        }
        if (vl == 0 || vl + 1 >= sizeof val)
            continue;
        if (rest[0] == '-') { /* 36-year-old, 6.1-magnitude */
            if (unit_add_parts(unit, &ul, sizeof unit, rest + 1))
                out[n++] = sl_cl_arg_key(unit, ul, val, vl);
            continue;
        }
        int ordinal = (rest[0] == 's' && rest[1] == 't') || (rest[0] == 'n' && rest[1] == 'd') ||
                      (rest[0] == 'r' && rest[1] == 'd') || (rest[0] == 't' && rest[1] == 'h');
        if (rest[0] && !(ordinal && rest[2] == 0))
            continue; /* 10am, 200mm */
        val[vl] = 0;
        if (!ordinal && !sep && vl == 4) {
            int y = atoi(val);
            if (y >= 1800 && y <= 2199) {
                out[n++] = sl_cl_arg_key("#year", 5, val, vl);
                continue;
            }
        }
        next_unit(doc, text, i, unit, &ul, sizeof unit);
        if (ul)
            out[n++] = sl_cl_arg_key(unit, ul, val, vl);
        else if (!ordinal && !sep && vl <= 3 && is_age(doc, text, i, atoi(val)))
            out[n++] = sl_cl_arg_key("year-old", 8, val, vl); /* as "85-year-old" */
    }
    return n;
}

static int build_args(const sl_cluster_params *p, const sl_doc *doc, const char *text,
                      sl_cl_article *out)
{
    size_t cap = (size_t)p->top_args;
    if (!cap)
        return SL_CL_OK;
    uint64_t *keys = sl_malloc(cap * sizeof *keys);
    if (!keys)
        return SL_CL_ENOMEM;
    size_t n = sl_cl_args_extract(doc, text, keys, cap);
    sl_sort_u64(keys, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || keys[i] != keys[m - 1])
            keys[m++] = keys[i];
    int rc = SL_CL_OK;
    if (m) {
        out->args.v = sl_malloc(m * sizeof *out->args.v);
        if (!out->args.v)
            rc = SL_CL_ENOMEM;
        for (size_t i = 0; rc == SL_CL_OK && i < m; i++) {
            out->args.v[i].h = keys[i];
            out->args.v[i].w = 1.0f;
        }
        if (rc == SL_CL_OK)
            out->args.n = out->args.cap = m;
    }
    sl_free(keys);
    return rc;
}

/* ==== build =============================================================== */

static int build_terms(const sl_cluster_params *p, const sl_doc *doc, uint32_t title_end,
                       uint32_t lead, sl_cl_article *out)
{
    sl_map64 ix = {0};
    cl_fvec vec = {0};
    uint64_t content = 0x51c1u;
    /* distinct terms are about half the tokens: room up front, no rehash */
    int rc = sl_map64_reserve(&ix, SL_MIN(doc->toks.n / 2 + 16, (size_t)8192)) ? SL_CL_ENOMEM : SL_CL_OK;
    uint64_t prev = 0; /* stem hash of the previous content token, 0 after a gap */
    for (size_t i = 0; i < doc->toks.n && rc == SL_CL_OK; i++) {
        const sl_token *t = &doc->toks.v[i];
        content = sl_hash64_seed(&t->hash, sizeof t->hash, content);
        int cls = term_class(doc, t);
        if (!cls || (t->flags & SL_TOK_SENT0))
            prev = 0;
        if (!cls)
            continue;
        double w = cls == 2 ? p->num_w : 1.0;
        if (t->start < title_end)
            w *= p->title_w;
        else if (t->start < lead)
            w *= p->lead_w;
        if (w > 0)
            rc = bump(&ix, &vec, t->stem_hash, w);
        /* adjacent content stems as a phrase ("sixth round", "bank fire") */
        if (prev && p->bigram_w > 0 && rc == SL_CL_OK) {
            uint64_t pair[2] = {prev, t->stem_hash};
            rc = bump(&ix, &vec, sl_hash64(pair, sizeof pair), w * p->bigram_w);
        }
        prev = t->stem_hash;
    }
    sl_map64_free(&ix);
    out->content = doc->toks.n ? content : 0;
    out->terms.v = vec.v;
    out->terms.n = vec.n;
    out->terms.cap = vec.cap;
    return rc;
}

/* The token of doc that ends at byte `end` (binary search), or NULL. */
static const sl_token *token_ending_at(const sl_doc *d, uint32_t end)
{
    size_t lo = 0, hi = d->toks.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->toks.v[mid].end < end)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->toks.n && d->toks.v[lo].end == end ? &d->toks.v[lo] : NULL;
}

/* Alias-key hash of the last word of a multi-word name ("Hasim Rahman" ->
 * key of "rahman"), so that later bare-surname mentions meet the full name;
 * 0 when there is none (one word, or the word is not a plain token). */
static uint64_t surname_hash(const sl_doc *doc, const sl_mention *m)
{
    if (m->kind != SL_MENT_NAME || m->nwords < 2)
        return 0;
    const sl_token *t = token_ending_at(doc, m->end);
    if (!t || t->start <= m->start || (t->flags & (SL_TOK_NUM | SL_TOK_STOP)))
        return 0;
    const char *norm = sl_tok_norm(doc, t);
    char key[128];
    size_t n = sl_entity_key(norm, strlen(norm), key, sizeof key);
    if (n == 0 || n >= sizeof key)
        return 0;
    return sl_hash64(key, n);
}

static int build_names(const sl_cluster_params *p, const sl_doc *doc, const sl_mentions *ms,
                       uint32_t lead, sl_cl_article *out)
{
    sl_map64 ix = {0};
    cl_fvec vec = {0};
    int rc = sl_map64_reserve(&ix, SL_MIN(doc->toks.n / 4 + 16, (size_t)4096)) ? SL_CL_ENOMEM : SL_CL_OK;
    for (size_t i = 0; ms && i < ms->m.n && rc == SL_CL_OK; i++) {
        const sl_mention *m = &ms->m.v[i];
        if ((m->flags & SL_MENT_UNSURE) || sl_mention_key(ms, m)[0] == 0)
            continue;
        double w = m->start < lead ? p->name_lead_w : 1.0;
        if (w > 0)
            rc = bump(&ix, &vec, m->key_hash, w);
        uint64_t sur = p->surname_w > 0 ? surname_hash(doc, m) : 0;
        if (sur && sur != m->key_hash && rc == SL_CL_OK)
            rc = bump(&ix, &vec, sur, w * p->surname_w);
    }
    /* Capitalised words and numbers, one by one, in the same bag: they
     * meet across spellings and partial names ("Betty Ford" in "Betty Ford
     * Center"), and numbers (scores, ages, tolls, rounds) tell same-kind
     * events apart. Salted apart from mention keys. */
    for (size_t i = 0; p->word_w > 0 && i < doc->toks.n && rc == SL_CL_OK; i++) {
        const sl_token *t = &doc->toks.v[i];
        if ((t->flags & SL_TOK_STOP) || !(t->flags & (SL_TOK_CAP | SL_TOK_NUM)) ||
            (t->flags & SL_TOK_CJK) || t->end - t->start < 2)
            continue;
        double w = p->word_w * (t->start < lead ? p->name_lead_w : 1.0);
        rc = bump(&ix, &vec, t->stem_hash ^ CL_WORD_SALT, w);
    }
    sl_map64_free(&ix);
    out->names.v = vec.v;
    out->names.n = vec.n;
    out->names.cap = vec.cap;
    return rc;
}

int sl_cl_article_build(const sl_cluster *c, const sl_cluster_params *p,
                        const sl_doc *doc, const char *text, const sl_mentions *ms,
                        uint32_t title_end, int32_t day, sl_cl_article *out)
{
    if (!doc || !out)
        return SL_CL_EINVAL;
    sl_cluster_params def;
    if (!p) {
        if (c) {
            p = sl_cluster_get_params(c);
        } else {
            sl_cluster_params_default(&def);
            p = &def;
        }
    }
    sl_cl_article_free(out);
    out->day = day;
    uint32_t lead = lead_end(doc, title_end, (int)p->lead_sents);
    out->year = article_year(p, doc, lead, day);
    int rc = build_terms(p, doc, title_end, lead, out);
    if (rc == SL_CL_OK)
        rc = build_names(p, doc, ms, lead, out);
    if (rc == SL_CL_OK)
        rc = keep_top(c, out->terms.v, &out->terms.n, (size_t)p->top_terms, 0);
    if (rc == SL_CL_OK)
        rc = keep_top(c, out->names.v, &out->names.n, (size_t)p->top_names, CL_NAME_SALT);
    if (rc == SL_CL_OK)
        rc = build_args(p, doc, text, out);
    if (rc != SL_CL_OK)
        sl_cl_article_free(out);
    return rc;
}

/* ==== blob ================================================================ */

static int put_varint(sl_buf *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    do {
        unsigned char byte = v & 0x7f;
        v >>= 7;
        tmp[n++] = byte | (v ? 0x80 : 0);
    } while (v);
    return sl_buf_append(b, tmp, n);
}

static int put_u64(sl_buf *b, uint64_t v)
{
    unsigned char tmp[8];
    for (int i = 0; i < 8; i++)
        tmp[i] = (unsigned char)(v >> (8 * i));
    return sl_buf_append(b, tmp, 8);
}

static uint16_t to_bf16(float w)
{
    uint32_t bits;
    memcpy(&bits, &w, 4);
    bits += 0x7fff + ((bits >> 16) & 1); /* round to nearest even */
    return (uint16_t)(bits >> 16);
}

static float from_bf16(uint16_t h)
{
    uint32_t bits = (uint32_t)h << 16;
    float w;
    memcpy(&w, &bits, 4);
    return w;
}

static int put_feats(sl_buf *b, const sl_cl_feat *f, size_t n)
{
    uint64_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        uint16_t w = to_bf16(f[i].w);
        unsigned char wb[2] = {(unsigned char)w, (unsigned char)(w >> 8)};
        if (put_varint(b, f[i].h - prev) || sl_buf_append(b, wb, 2))
            return -1;
        prev = f[i].h;
    }
    return 0;
}

int sl_cl_article_encode(const sl_cl_article *a, sl_buf *b)
{
    if (!a || !b)
        return SL_CL_EINVAL;
    size_t start = b->len;
    /* 0 = unknown, else 1 + zigzag(day) */
    int64_t d = a->day;
    uint64_t zz = a->day == SL_CL_NODAY ? 0
                  : 1 + (d < 0 ? ((uint64_t)(-(d + 1)) << 1) | 1 : (uint64_t)d << 1);
    uint64_t year = a->year > 0 && a->year < 65536 ? (uint64_t)a->year : 0;
    if (sl_buf_append(b, "SLC3", 4) || put_varint(b, a->terms.n) ||
        put_varint(b, a->names.n) || put_varint(b, a->args.n) || put_varint(b, zz) ||
        put_varint(b, year) || put_u64(b, a->content) ||
        put_feats(b, a->terms.v, a->terms.n) || put_feats(b, a->names.v, a->names.n) ||
        put_feats(b, a->args.v, a->args.n) ||
        put_u64(b, sl_hash64(b->p + start, b->len - start))) {
        b->len = start;
        return SL_CL_ENOMEM;
    }
    return SL_CL_OK;
}

typedef struct reader {
    const unsigned char *p, *end;
    int bad;
} reader;

static uint64_t get_varint(reader *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->bad = 1;
            return 0;
        }
        unsigned char byte = *r->p++;
        v |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

static uint64_t get_u64(reader *r)
{
    if (r->end - r->p < 8) {
        r->bad = 1;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    return v;
}

static int get_feats(reader *r, cl_fvec *out, uint64_t n)
{
    /* Each feature takes at least 3 bytes: reject impossible counts before
     * allocating. */
    if (n > (uint64_t)(r->end - r->p) / 3) {
        r->bad = 1;
        return SL_CL_ECORRUPT;
    }
    out->v = n ? sl_malloc(n * sizeof *out->v) : NULL;
    if (n && !out->v)
        return SL_CL_ENOMEM;
    out->cap = n;
    uint64_t prev = 0;
    for (uint64_t i = 0; i < n && !r->bad; i++) {
        uint64_t delta = get_varint(r);
        if (i > 0 && delta == 0)
            r->bad = 1;
        if (r->end - r->p < 2) {
            r->bad = 1;
            break;
        }
        uint16_t w = (uint16_t)(r->p[0] | r->p[1] << 8);
        r->p += 2;
        prev += delta;
        out->v[i].h = prev;
        out->v[i].w = from_bf16(w);
        if (!isfinite(out->v[i].w) || out->v[i].w < 0)
            r->bad = 1;
        out->n = i + 1;
    }
    return r->bad ? SL_CL_ECORRUPT : SL_CL_OK;
}

int sl_cl_article_decode(const void *blob, size_t len, sl_cl_article *out)
{
    if (!out || (!blob && len))
        return SL_CL_EINVAL;
    sl_cl_article_free(out);
    const unsigned char *s = blob;
    /* SLC1: before the year field (decodes with year 0); SLC2: before the
     * event arguments (decodes with none) */
    int v3 = len >= 4 && memcmp(s, "SLC3", 4) == 0;
    int v2 = v3 || (len >= 4 && memcmp(s, "SLC2", 4) == 0);
    if (len < 4 + 3 + 8 + 8 || (!v2 && memcmp(s, "SLC1", 4) != 0))
        return SL_CL_ECORRUPT;
    uint64_t sum = 0;
    for (int i = 0; i < 8; i++)
        sum |= (uint64_t)s[len - 8 + i] << (8 * i);
    if (sum != sl_hash64(s, len - 8))
        return SL_CL_ECORRUPT;
    reader r = {s + 4, s + len - 8, 0};
    uint64_t nt = get_varint(&r), nn = get_varint(&r);
    uint64_t na = v3 ? get_varint(&r) : 0;
    uint64_t zz = get_varint(&r);
    uint64_t year = v2 ? get_varint(&r) : 0;
    if (year >= 65536)
        r.bad = 1;
    out->year = (int32_t)year;
    out->content = get_u64(&r);
    uint64_t v = zz - 1;
    int64_t d = (v & 1) ? -(int64_t)(v >> 1) - 1 : (int64_t)(v >> 1);
    if (zz != 0 && (v >> 1 > INT32_MAX || d <= INT32_MIN || d > INT32_MAX))
        r.bad = 1;
    out->day = zz == 0 ? SL_CL_NODAY : (int32_t)d;
    int rc = r.bad ? SL_CL_ECORRUPT : SL_CL_OK;
    cl_fvec t = {0}, n = {0}, g = {0};
    if (rc == SL_CL_OK)
        rc = get_feats(&r, &t, nt);
    if (rc == SL_CL_OK)
        rc = get_feats(&r, &n, nn);
    if (rc == SL_CL_OK)
        rc = get_feats(&r, &g, na);
    if (rc == SL_CL_OK && r.p != r.end)
        rc = SL_CL_ECORRUPT;
    out->terms.v = t.v, out->terms.n = t.n, out->terms.cap = t.cap;
    out->names.v = n.v, out->names.n = n.n, out->names.cap = n.cap;
    out->args.v = g.v, out->args.n = g.n, out->args.cap = g.cap;
    if (rc != SL_CL_OK)
        sl_cl_article_free(out);
    return rc;
}
