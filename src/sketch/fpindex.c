/*
 * fpindex.c - compact multimap from 32-bit keys to article ids; see
 * fpindex.h for the layout. Linear probing, backward-shift deletion.
 *
 * Memory is the point of this table (it holds ~150 keys an article), so:
 * the capacity is any size (slot = multiply-shift of the mixed key, no
 * power of two), the table grows by 1.5x, and it fills to 0.85 before
 * growing: the load stays between 0.57 and 0.85 (about 11 bytes a key)
 * instead of 0.35..0.7 (16 bytes) with doubling. A miss at 0.85 scans ~23
 * consecutive 8-byte slots, three cache lines.
 */
#include "sketch/fpindex.h"

#include <string.h>

#include "common/common.h"

#define LIST_BIT 0x80000000u

static inline uint32_t fix_key(uint32_t k) { return k ? k : 1; }
static inline uint32_t skey(uint64_t s) { return (uint32_t)(s >> 32); }
static inline uint32_t sval(uint64_t s) { return (uint32_t)s; }
static inline uint64_t mk(uint32_t k, uint32_t v) { return ((uint64_t)k << 32) | v; }

static inline size_t home(uint32_t k, size_t cap)
{
    uint32_t h = k * 0x9e3779b1u;
    h ^= h >> 15;
    return (size_t)(((uint64_t)h * cap) >> 32);
}

static inline size_t next(size_t i, size_t cap) { return i + 1 == cap ? 0 : i + 1; }

/* Distance from a to b going forward around the table. */
static inline size_t dist(size_t a, size_t b, size_t cap) { return b >= a ? b - a : b + cap - a; }

void sl_fpindex_init(sl_fpindex *ix, uint32_t list_cap)
{
    memset(ix, 0, sizeof *ix);
    ix->list_cap = list_cap ? list_cap : 1;
}

void sl_fpindex_free(sl_fpindex *ix)
{
    sl_free(ix->old);
    for (size_t i = 0; i < ix->lists.n; i++)
        sl_free(ix->lists.v[i].v);
    sl_free(ix->lists.v);
    sl_free(ix->free_lists.v);
    sl_free(ix->slots);
    memset(ix, 0, sizeof *ix);
}

static size_t find(const sl_fpindex *ix, uint32_t key)
{
    if (!ix->cap)
        return SIZE_MAX;
    for (size_t i = home(key, ix->cap);; i = next(i, ix->cap)) {
        if (!ix->slots[i])
            return SIZE_MAX;
        if (skey(ix->slots[i]) == key)
            return i;
    }
}

/* Finds key in the old table while it is being moved. Its slots below mig
 * are empty because they were moved, not because a probe chain ended there:
 * a probe that reaches them continues at mig (a key still here sits at mig
 * or above, and its chain from mig up is intact). Two such jumps mean a
 * full turn. */
static size_t find_old(const sl_fpindex *ix, uint32_t key)
{
    size_t i = home(key, ix->ocap);
    for (int jumps = 0;;) {
        if (i < ix->mig) {
            if (jumps++ || ix->mig >= ix->ocap)
                return SIZE_MAX;
            i = ix->mig;
        }
        if (!ix->old[i])
            return SIZE_MAX;
        if (skey(ix->old[i]) == key)
            return i;
        i = next(i, ix->ocap);
    }
}

/* The slot holding key, in either table, or NULL. */
static uint64_t *slot_of(const sl_fpindex *ix, uint32_t key)
{
    size_t i = find(ix, key);
    if (i != SIZE_MAX)
        return &ix->slots[i];
    if (ix->old && (i = find_old(ix, key)) != SIZE_MAX)
        return &ix->old[i];
    return NULL;
}

static void put_new(uint64_t *s, size_t cap, uint64_t v)
{
    size_t j = home(skey(v), cap);
    while (s[j])
        j = next(j, cap);
    s[j] = v;
}

/* Moves up to `count` slots of the old table into the new one. */
enum { MOVE_PER_ADD = 32 };

static void move_some(sl_fpindex *ix, size_t count)
{
    if (!ix->old)
        return;
    size_t end = count >= ix->ocap - ix->mig ? ix->ocap : ix->mig + count;
    for (size_t i = ix->mig; i < end; i++)
        if (ix->old[i]) {
            put_new(ix->slots, ix->cap, ix->old[i]);
            ix->old[i] = 0;
        }
    ix->mig = end;
    if (ix->mig == ix->ocap) {
        sl_free(ix->old);
        ix->old = NULL;
        ix->ocap = ix->mig = 0;
    }
}

/* Starts growth: the table becomes `old` and a 1.5x one takes the new keys.
 * At the 0.85 trigger the new table starts at 0.57 load; moving 32 slots an
 * add empties the old one within ocap/32 adds, long before the new one can
 * reach 0.85 again. */
static int grow(sl_fpindex *ix)
{
    move_some(ix, SIZE_MAX); /* (never still growing here; kept safe) */
    size_t cap = ix->cap ? ix->cap + ix->cap / 2 : 1024;
    uint64_t *s = sl_calloc(cap, sizeof *s);
    if (!s)
        return -1;
    if (ix->cap) {
        ix->old = ix->slots;
        ix->ocap = ix->cap;
        ix->mig = 0;
    }
    ix->slots = s;
    ix->cap = cap;
    return 0;
}

static int new_list(sl_fpindex *ix, uint32_t a, uint32_t b, uint32_t *out)
{
    uint32_t li;
    if (ix->free_lists.n) {
        li = ix->free_lists.v[--ix->free_lists.n];
    } else {
        sl_fplist z = {0};
        if (SL_VEC_PUSH(&ix->lists, z))
            return -1;
        li = (uint32_t)(ix->lists.n - 1);
    }
    sl_fplist *l = &ix->lists.v[li];
    l->v = sl_malloc(4 * sizeof *l->v);
    if (!l->v)
        return -1;
    l->cap = 4;
    l->n = 2;
    l->capped = 0;
    l->v[0] = a;
    l->v[1] = b;
    *out = li;
    return 0;
}

int sl_fpindex_add(sl_fpindex *ix, uint32_t key, uint32_t id)
{
    key = fix_key(key);
    move_some(ix, MOVE_PER_ADD);
    uint64_t *slot = slot_of(ix, key);
    if (!slot) {
        if ((ix->n + 1) * 20 > ix->cap * 17 && grow(ix))
            return -1;
        put_new(ix->slots, ix->cap, mk(key, id));
        ix->n++;
        return 0;
    }
    uint32_t v = sval(*slot);
    if (!(v & LIST_BIT)) {
        if (v == id)
            return 0;
        uint32_t li;
        if (new_list(ix, v, id, &li))
            return -1;
        *slot = mk(key, li | LIST_BIT);
        return 0;
    }
    sl_fplist *l = &ix->lists.v[v & ~LIST_BIT];
    for (uint32_t k = l->n; k-- > 0;) /* a set: newest ids are last, look there first */
        if (l->v[k] == id)
            return 0;
    if (l->n >= ix->list_cap) {
        l->capped++;
        return 0;
    }
    if (l->n == l->cap) {
        uint32_t nc = l->cap * 2;
        uint32_t *p = sl_realloc(l->v, nc * sizeof *p);
        if (!p)
            return -1;
        l->v = p;
        l->cap = nc;
    }
    l->v[l->n++] = id;
    return 0;
}

static void del_slot(sl_fpindex *ix, size_t i)
{
    size_t j = i;
    for (;;) {
        j = next(j, ix->cap);
        if (!ix->slots[j])
            break;
        size_t h = home(skey(ix->slots[j]), ix->cap);
        /* j may move back to the hole at i when its home is not between i and j */
        if (dist(h, j, ix->cap) >= dist(i, j, ix->cap)) {
            ix->slots[i] = ix->slots[j];
            i = j;
        }
    }
    ix->slots[i] = 0;
    ix->n--;
}

void sl_fpindex_del(sl_fpindex *ix, uint32_t key, uint32_t id)
{
    key = fix_key(key);
    /* backward-shift deletion needs whole probe chains: finish any move
     * first (deletes are rare: forget and updates) */
    move_some(ix, SIZE_MAX);
    size_t i = find(ix, key);
    if (i == SIZE_MAX)
        return;
    uint32_t v = sval(ix->slots[i]);
    if (!(v & LIST_BIT)) {
        if (v == id)
            del_slot(ix, i);
        return;
    }
    uint32_t li = v & ~LIST_BIT;
    sl_fplist *l = &ix->lists.v[li];
    for (uint32_t k = 0; k < l->n; k++)
        if (l->v[k] == id) {
            memmove(l->v + k, l->v + k + 1, (l->n - k - 1) * sizeof *l->v);
            l->n--;
            break;
        }
    if (l->n == 1 && !l->capped) {
        ix->slots[i] = mk(key, l->v[0]);
        sl_free(l->v);
        memset(l, 0, sizeof *l);
        SL_VEC_PUSH(&ix->free_lists, li); /* on failure the slot is just not reused */
    }
}

size_t sl_fpindex_get(const sl_fpindex *ix, uint32_t key, const uint32_t **ids, int *capped)
{
    *capped = 0;
    const uint64_t *slot = slot_of(ix, fix_key(key));
    if (!slot) {
        *ids = NULL;
        return 0;
    }
    uint32_t v = sval(*slot);
    if (!(v & LIST_BIT)) {
        /* the id lives in the low half of the slot (little-endian) */
        *ids = (const uint32_t *)slot;
        return 1;
    }
    const sl_fplist *l = &ix->lists.v[v & ~LIST_BIT];
    *ids = l->v;
    *capped = l->capped > 0;
    return l->n;
}

void sl_fpindex_prefetch(const sl_fpindex *ix, uint32_t key, int stage)
{
    if (!ix->cap)
        return;
    if (stage == 0) {
        __builtin_prefetch(&ix->slots[home(fix_key(key), ix->cap)]);
        if (ix->old)
            __builtin_prefetch(&ix->old[home(fix_key(key), ix->ocap)]);
        return;
    }
    /* the slot was fetched by stage 0: follow it to the list */
    const uint64_t *slot = slot_of(ix, fix_key(key));
    uint32_t v = slot ? sval(*slot) : 0;
    if (!(v & LIST_BIT))
        return;
    const sl_fplist *l = &ix->lists.v[v & ~LIST_BIT];
    if (stage == 1)
        __builtin_prefetch(l);
    else
        __builtin_prefetch(l->v);
}

size_t sl_fpindex_bytes(const sl_fpindex *ix)
{
    size_t b = (ix->cap + ix->ocap) * sizeof *ix->slots + ix->lists.cap * sizeof(sl_fplist);
    for (size_t i = 0; i < ix->lists.n; i++)
        b += ix->lists.v[i].cap * sizeof(uint32_t);
    return b;
}
