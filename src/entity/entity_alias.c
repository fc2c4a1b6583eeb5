/*
 * entity_alias.c - aliases the text states, acronyms by initials, and the
 * union-find alias table.
 *
 * Design note
 * -----------
 * News introduces short forms in a fixed pattern: the full name, then the
 * short form in brackets ("Syrian Democratic Forces (SDF)"), or the other
 * way round for foreign terms ("Daesh (ISIS)", "IS [Daesh]"). We read those
 * pairs off the mention list of one extraction (no rescanning of words):
 * mention i, optional one lower-case word, an opening bracket, mention i+1
 * filling the bracket exactly, a closing bracket. Credits look the same
 * ("AMMAN (Reuters)"), so agencies and all-caps datelines are refused
 * unless the initials prove the pair.
 *
 * The alias table is a union-find over interned keys (open addressing on
 * sl_hash64). Each root also stores the group's canonical member: the
 * longest key, ties by byte order, so the result does not depend on the
 * order of additions. Union by size, path halving.
 */
#include "entity/entity.h"
#include "entity/entity_lex.h"
#include "common/common.h"

#include <string.h>
#include <strings.h>

/* ---- acronyms ----------------------------------------------------------------- */

#define ACR_MAX 12
#define ACR_WORDS 24

typedef struct acr_word {
    char first;     /* lower-case first letter */
    int optional;   /* of, and, the, for, in, on, de, al, el */
} acr_word;

static int lower_ascii(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_alpha_ascii(int c) { c = lower_ascii(c); return c >= 'a' && c <= 'z'; }

static int optional_word(const char *w, size_t n)
{
    char a = (char)lower_ascii((unsigned char)w[0]);
    char b = n > 1 ? (char)lower_ascii((unsigned char)w[1]) : 0;
    char c = n > 2 ? (char)lower_ascii((unsigned char)w[2]) : 0;
    if (n == 2)
        return (a == 'o' && (b == 'f' || b == 'n')) || (a == 'i' && b == 'n')
            || (a == 'd' && b == 'e') || (a == 'a' && b == 'l') || (a == 'e' && b == 'l');
    if (n == 3)
        return (a == 'a' && b == 'n' && c == 'd') || (a == 't' && b == 'h' && c == 'e')
            || (a == 'f' && b == 'o' && c == 'r');
    return 0;
}

/* Splits a name into words at anything but letters, digits, apostrophes,
 * dots ("U.S. Army" is two words) and non-ASCII bytes; returns the number
 * of words (0 when too many). */
static size_t acr_split(const char *s, size_t n, acr_word *w)
{
    size_t nw = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (!(is_alpha_ascii(c) || c >= 0x80 || (c >= '0' && c <= '9'))) { i++; continue; }
        size_t j = i;
        while (j < n && (is_alpha_ascii((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80
                         || s[j] == '\'' || s[j] == '.' || (s[j] >= '0' && s[j] <= '9')))
            j++;
        if (nw == ACR_WORDS) return 0;
        w[nw].first = (char)lower_ascii(c);
        w[nw].optional = optional_word(s + i, j - i);
        nw++;
        i = j;
    }
    return nw;
}

static int acr_match(const char *a, size_t na, const acr_word *w, size_t nw)
{
    if (na == 0) {
        for (size_t j = 0; j < nw; j++) if (!w[j].optional) return 0;
        return 1;
    }
    if (nw == 0) return 0;
    if (w[0].optional && acr_match(a, na, w + 1, nw - 1)) return 1;
    return w[0].first == a[0] && acr_match(a + 1, na - 1, w + 1, nw - 1);
}

int sl_entity_acronym_matches(const char *acr, size_t alen, const char *name, size_t nlen)
{
    char a[ACR_MAX];
    size_t na = 0;
    acr_word w[ACR_WORDS];
    if (!acr || !name) return 0;
    for (size_t i = 0; i < alen; i++) {
        unsigned char c = (unsigned char)acr[i];
        if (c == '.') continue;
        if (!is_alpha_ascii(c) || na == ACR_MAX) return 0;
        a[na++] = (char)lower_ascii(c);
    }
    if (na < 2) return 0;
    size_t nw = acr_split(name, nlen, w);
    if (nw < 2) return 0;
    return acr_match(a, na, w, nw);
}

/* ---- stated aliases ---------------------------------------------------------------- */

static size_t skip_spaces(const char *t, size_t len, size_t p)
{
    while (p < len && (t[p] == ' ' || t[p] == '\t')) p++;
    return p;
}

/* Opening bracket at p: its length, else 0. */
static size_t open_at(const char *t, size_t len, size_t p)
{
    if (p < len && (t[p] == '(' || t[p] == '[')) return 1;
    if (p + 5 <= len && (memcmp(t + p, "-LRB-", 5) == 0 || memcmp(t + p, "-LSB-", 5) == 0))
        return 5;
    return 0;
}

static int close_at(const char *t, size_t len, size_t p)
{
    if (p < len && (t[p] == ')' || t[p] == ']')) return 1;
    return p + 5 <= len && (memcmp(t + p, "-RRB-", 5) == 0 || memcmp(t + p, "-RSB-", 5) == 0);
}

/* One lower-case word between the name and the bracket ("group")? Returns
 * the position after it, or 0. */
static size_t lower_word_after(const char *t, size_t len, size_t p)
{
    size_t q = p;
    while (q < len && t[q] >= 'a' && t[q] <= 'z') q++;
    if (q == p || q - p > 20 || q >= len || (t[q] != ' ' && t[q] != '\t')) return 0;
    return skip_spaces(t, len, q);
}

/* Are the initials of the name's non-optional words a prefix of the
 * acronym's letters? */
static int initials_prefix(const char *acr, size_t alen, const char *name, size_t nlen)
{
    acr_word w[ACR_WORDS];
    size_t nw = acr_split(name, nlen, w), k = 0;
    for (size_t i = 0; i < nw; i++) {
        if (w[i].optional) continue;
        while (k < alen && !is_alpha_ascii((unsigned char)acr[k])) k++;
        if (k >= alen || lower_ascii((unsigned char)acr[k]) != w[i].first) return 0;
        k++;
    }
    return nw > 0;
}

/* "CAIRO, Egypt (CNN) --", "(Reuters) -": a credit ends in a dash. */
static int dash_at(const char *t, size_t len, size_t p)
{
    if (p < len && (t[p] == '-' || t[p] == ':')) return 1;
    return p + 3 <= len && (memcmp(t + p, "\xe2\x80\x94", 3) == 0 || memcmp(t + p, "\xe2\x80\x93", 3) == 0);
}

static int has_dot(const char *t, const sl_mention *m)
{
    return memchr(t + m->start, '.', m->end - m->start) != NULL;
}

static int is_credit(const char *t, const sl_mention *name, const sl_mention *alias)
{
    unsigned lx = sl_entity_lex_(t + alias->start, alias->end - alias->start);
    if (lx & LX_AGENCY) return 1;
    /* "AMMAN (Reuters) -": an all-caps dateline at the start of a line */
    return name->kind == SL_MENT_ACRONYM && (name->flags & SL_MENT_SENT0);
}

static int pair_seen(const sl_mentions *ms, uint64_t ha, uint64_t hn)
{
    for (size_t i = 0; i < ms->pairs.n; i++) {
        const sl_alias_pair *p = &ms->pairs.v[i];
        if (ms->m.v[p->alias].key_hash == ha && ms->m.v[p->name].key_hash == hn) return 1;
    }
    return 0;
}

static int add_pair(sl_mentions *ms, size_t name, size_t alias, int source)
{
    if (pair_seen(ms, ms->m.v[alias].key_hash, ms->m.v[name].key_hash)) return 0;
    sl_alias_pair p = { (uint32_t)name, (uint32_t)alias, (uint32_t)source };
    return SL_VEC_PUSH(&ms->pairs, p);
}

static int bracket_pair(const char *t, size_t len, sl_mentions *ms, size_t i)
{
    const sl_mention *a = &ms->m.v[i], *b = &ms->m.v[i + 1];
    size_t p = skip_spaces(t, len, a->end);
    int via_word = 0;
    size_t ob = open_at(t, len, p);
    if (!ob) {
        p = lower_word_after(t, len, p);
        if (!p || !(ob = open_at(t, len, p))) return 0;
        via_word = 1;
    }
    if (skip_spaces(t, len, p + ob) != b->start) return 0;
    size_t cl = skip_spaces(t, len, b->end);
    if (!close_at(t, len, cl)) return 0;
    size_t after = skip_spaces(t, len, cl + (t[cl] == '-' ? 5 : 1));
    if (a->key_hash == b->key_hash) return 0;
    /* "Kristen Stewart (Bella)", "Slumdog Millionaire (Simon Beaufoy)":
     * brackets between two plain names are roles, credits, places; one
     * side must be an acronym */
    if (a->kind != SL_MENT_ACRONYM && b->kind != SL_MENT_ACRONYM) return 0;
    int init = b->kind == SL_MENT_ACRONYM
        && sl_entity_acronym_matches(t + b->start, b->end - b->start, t + a->start, a->end - a->start);
    if (via_word && !init) return 0;
    /* "Arabian Peninsula (AQAP)" is the tail of a longer name: an acronym
     * after a multi-word name must spell its initials, or start with them
     * ("Islamic State (ISIS)") */
    if (!init && b->kind == SL_MENT_ACRONYM && a->nwords >= 2
        && !initials_prefix(t + b->start, b->end - b->start, t + a->start, a->end - a->start))
        return 0;
    if (!init && (is_credit(t, a, b) || dash_at(t, len, after))) return 0;
    /* "Cinnaminson (N.J.)", "Mustafa [INAUDIBLE]": a dotted abbreviation is
     * a place or state, a long all-caps word a transcript marker */
    if (!init && (has_dot(t, b) || (b->kind == SL_MENT_ACRONYM && b->end - b->start > 6)))
        return 0;
    return add_pair(ms, i, i + 1, SL_ALIAS_BRACKET);
}

/* First ASCII letter of a mention, lower-cased, and whether its first word
 * may be skipped by an acronym ("al-Qaeda in the Arabian Peninsula"). */
static int first_letter(const char *t, const sl_mention *m, int *optional)
{
    size_t i = m->start, j;
    while (i < m->end && !is_alpha_ascii((unsigned char)t[i])) i++;
    for (j = i; j < m->end && is_alpha_ascii((unsigned char)t[j]); j++) {}
    *optional = j > i && optional_word(t + i, j - i);
    return i < m->end ? lower_ascii((unsigned char)t[i]) : 0;
}

/* Is the last word of name mention n also a one-word mention of the text?
 * Then n is most likely a person ("Tommy Vietor" ... "Vietor said"), whose
 * initials ("TV") are no alias; organisations are not called by their last
 * word ("United States" ... "States"). */
static int surname_used(const char *t, const sl_mentions *ms, const sl_mention *n)
{
    size_t s = n->end;
    while (s > n->start && (unsigned char)t[s - 1] != ' ' && t[s - 1] != '-') s--;
    char k[64];
    size_t kl = sl_entity_key(t + s, n->end - s, k, sizeof k);
    if (kl == 0 || kl >= sizeof k) return 0;
    uint64_t h = sl_hash64(k, kl);
    for (size_t i = 0; i < ms->m.n; i++)
        if (ms->m.v[i].nwords == 1 && ms->m.v[i].key_hash == h) return 1;
    return 0;
}

/* Per-mention data for initials matching, computed once per call. */
typedef struct init_info {
    char first;     /* first ASCII letter, lower-cased (0: none) */
    char optional;  /* the first word may be skipped */
} init_info;

/* The one name key whose initials spell acronym mention a: its mention
 * index, or -1 when none or several distinct names match ("IS": "Islamic
 * State" and "Iranian Shiite" -> ambiguous, no pair). Sentence-initial
 * name mentions are not used ("Unless Samantha" is no "U.S."). */
static long initials_name(const char *t, const sl_mentions *ms, const init_info *inf, size_t ia,
                          const uint32_t *names, size_t nnames)
{
    const sl_mention *a = &ms->m.v[ia];
    long found = -1;        /* a usable (not sentence-initial) match */
    uint64_t key = 0;       /* the one matching name key so far */
    int any = 0;
    for (size_t k = 0; k < nnames; k++) {
        size_t j = names[k];
        const sl_mention *n = &ms->m.v[j];
        if (inf[j].first != inf[ia].first && !inf[j].optional) continue;
        if (any && key == n->key_hash && (found >= 0 || (n->flags & SL_MENT_SENT0))) continue;
        if (!sl_entity_acronym_matches(t + a->start, a->end - a->start,
                                       t + n->start, n->end - n->start))
            continue;
        if (any && key != n->key_hash) return -1;
        any = 1;
        key = n->key_hash;
        if (!(n->flags & SL_MENT_SENT0)) found = (long)j;
    }
    return found >= 0 && surname_used(t, ms, &ms->m.v[found]) ? -1 : found;
}

static int seen_hash(const uint64_t *h, size_t n, uint64_t x)
{
    for (size_t i = 0; i < n; i++) if (h[i] == x) return 1;
    return 0;
}

static int initials_pairs(const char *t, sl_mentions *ms)
{
    size_t n = ms->m.n, nseen = 0;
    if (n == 0) return 0;
    init_info *inf = sl_malloc(n * sizeof *inf);
    uint64_t *seen = sl_malloc(n * sizeof *seen);
    /* the mentions an acronym can stand for (names of two words or more),
     * listed once: each acronym scanned every mention (perf, bench_add g20k:
     * initials_name ~2% of the analysis stage) */
    uint32_t *names = sl_malloc(n * sizeof *names);
    size_t nnames = 0;
    int rc = (inf && seen && names) ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int opt;
        inf[i].first = (char)first_letter(t, &ms->m.v[i], &opt);
        inf[i].optional = (char)opt;
        if (ms->m.v[i].nwords >= 2 && ms->m.v[i].kind == SL_MENT_NAME)
            names[nnames++] = (uint32_t)i;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        const sl_mention *a = &ms->m.v[i];
        if (a->kind != SL_MENT_ACRONYM || seen_hash(seen, nseen, a->key_hash)) continue;
        seen[nseen++] = a->key_hash;
        long j = initials_name(t, ms, inf, i, names, nnames);
        if (j >= 0) rc = add_pair(ms, (size_t)j, i, SL_ALIAS_INITIALS);
    }
    sl_free(inf);
    sl_free(seen);
    sl_free(names);
    return rc;
}

/* Bracket pairs first, then acronym/initials pairs over the whole input. */
int sl_entity_learn(const char *text, size_t len, sl_mentions *ms)
{
    if (!ms || (!text && len)) return -1;
    ms->pairs.n = 0;
    for (size_t i = 0; i + 1 < ms->m.n; i++) {
        if (ms->m.v[i].end > len || ms->m.v[i + 1].end > len) return -1;
        if (bracket_pair(text, len, ms, i)) return -1;
    }
    return initials_pairs(text, ms);
}

/* ---- alias table -------------------------------------------------------------------- */

struct sl_alias_table {
    char **key;         /* interned keys, by id */
    uint32_t *parent;   /* union-find parent, by id */
    uint32_t *size;     /* group size, valid at roots */
    uint32_t *canon;    /* canonical member id, valid at roots */
    size_t n, cap;      /* ids in use, capacity of the arrays above */
    uint32_t *slot;     /* open addressing: id + 1, 0 = empty */
    size_t nslot;       /* power of two */
};

sl_alias_table *sl_alias_table_new(void)
{
    return sl_calloc(1, sizeof(sl_alias_table));
}

void sl_alias_table_free(sl_alias_table *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n; i++) sl_free(t->key[i]);
    sl_free(t->key); sl_free(t->parent); sl_free(t->size); sl_free(t->canon);
    sl_free(t->slot);
    sl_free(t);
}

size_t sl_alias_table_size(const sl_alias_table *t) { return t ? t->n : 0; }

static size_t slot_of(const sl_alias_table *t, const char *key, int *found)
{
    size_t mask = t->nslot - 1, j = sl_hash64(key, strlen(key)) & mask;
    while (t->slot[j]) {
        if (strcmp(t->key[t->slot[j] - 1], key) == 0) { *found = 1; return j; }
        j = (j + 1) & mask;
    }
    *found = 0;
    return j;
}

static int rehash(sl_alias_table *t, size_t nslot)
{
    uint32_t *s = sl_calloc(nslot, sizeof *s);
    if (!s) return -1;
    sl_free(t->slot);
    t->slot = s;
    t->nslot = nslot;
    for (size_t id = 0; id < t->n; id++) {
        int f;
        t->slot[slot_of(t, t->key[id], &f)] = (uint32_t)(id + 1);
    }
    return 0;
}

static int grow_arrays(sl_alias_table *t)
{
    size_t nc = t->cap ? t->cap * 2 : 16;
    char **k = sl_realloc(t->key, nc * sizeof *k);
    if (!k) return -1;
    t->key = k;
    uint32_t **arr[3] = { &t->parent, &t->size, &t->canon };
    for (int i = 0; i < 3; i++) {
        uint32_t *p = sl_realloc(*arr[i], nc * sizeof *p);
        if (!p) return -1;
        *arr[i] = p;
    }
    t->cap = nc;
    return 0;
}

/* Id of key, inserting it when new; -1 when out of memory. */
static long intern(sl_alias_table *t, const char *key)
{
    if ((t->n + 1) * 2 > t->nslot && rehash(t, t->nslot ? t->nslot * 2 : 32)) return -1;
    int found;
    size_t j = slot_of(t, key, &found);
    if (found) return (long)t->slot[j] - 1;
    if (t->n == t->cap && grow_arrays(t)) return -1;
    char *dup = sl_strdup(key);
    if (!dup) return -1;
    size_t id = t->n++;
    t->key[id] = dup;
    t->parent[id] = t->canon[id] = (uint32_t)id;
    t->size[id] = 1;
    t->slot[j] = (uint32_t)(id + 1);
    return (long)id;
}

static uint32_t find_root(sl_alias_table *t, uint32_t x)
{
    while (t->parent[x] != x) {
        t->parent[x] = t->parent[t->parent[x]];
        x = t->parent[x];
    }
    return x;
}

/* Is key id a a better canonical form than id b? Longer, then byte order. */
static int better(const sl_alias_table *t, uint32_t a, uint32_t b)
{
    size_t la = strlen(t->key[a]), lb = strlen(t->key[b]);
    if (la != lb) return la > lb;
    return strcmp(t->key[a], t->key[b]) < 0;
}

int sl_alias_table_add(sl_alias_table *t, const char *a, const char *b)
{
    if (!t || !a || !b) return -1;
    long ia = intern(t, a);
    if (ia < 0) return -1;
    long ib = intern(t, b);
    if (ib < 0) return -1;
    uint32_t ra = find_root(t, (uint32_t)ia), rb = find_root(t, (uint32_t)ib);
    if (ra == rb) return 0;
    if (t->size[ra] < t->size[rb]) { uint32_t x = ra; ra = rb; rb = x; }
    t->parent[rb] = ra;
    t->size[ra] += t->size[rb];
    if (better(t, t->canon[rb], t->canon[ra])) t->canon[ra] = t->canon[rb];
    return 0;
}

const char *sl_alias_table_resolve(sl_alias_table *t, const char *key)
{
    if (!t || !key || t->n == 0) return key;
    int found;
    size_t j = slot_of(t, key, &found);
    if (!found) return key;
    return t->key[t->canon[find_root(t, t->slot[j] - 1)]];
}
