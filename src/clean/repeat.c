/* repeat.c - per-source repeated-line counts. See repeat.h. */
#include "clean/repeat.h"

#include "common/common.h"

void sl_repeat_init(sl_repeat *r, size_t cap)
{
    r->counts = (sl_map64){0};
    r->cap = cap ? cap : 1;
}

void sl_repeat_free(sl_repeat *r) { sl_map64_free(&r->counts); }

uint32_t sl_repeat_count(const sl_repeat *r, uint64_t hash)
{
    const uint64_t *v = sl_map64_get(&r->counts, hash);
    return v ? (uint32_t)*v : 0;
}

/* Forget every line seen once: they are the bulk (ordinary sentences). */
static void prune(sl_repeat *r)
{
    sl_map64 *m = &r->counts;
    sl_map64 kept = {0};
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] && m->vals[i] > 1) {
            uint64_t *v = sl_map64_put(&kept, m->keys[i], NULL);
            if (!v) {
                sl_map64_free(&kept);
                return; /* keep the old map: correct, just larger */
            }
            *v = m->vals[i];
        }
    }
    sl_map64_free(m);
    *m = kept;
}

uint32_t sl_repeat_bump(sl_repeat *r, uint64_t hash)
{
    if (r->counts.n >= r->cap)
        prune(r);
    uint64_t *v = sl_map64_put(&r->counts, hash, NULL);
    if (!v)
        return 0;
    return (uint32_t)++*v;
}

int sl_repeat_set(sl_repeat *r, uint64_t hash, uint32_t n)
{
    uint64_t *v = sl_map64_put(&r->counts, hash, NULL);
    if (!v)
        return -1;
    *v = n;
    return 0;
}

uint64_t sl_line_hash(const char *line, size_t len)
{
    char buf[512];
    size_t n = 0;
    int space = 0;
    uint64_t h = 0;
    int started = 0;
    /* hash in 512-byte slices so lines of any length work without memory */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
            space = started;
            continue;
        }
        if (space) {
            buf[n++] = ' ';
            space = 0;
        }
        started = 1;
        buf[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (n >= sizeof buf - 2) {
            h = sl_hash64_seed(buf, n, h);
            n = 0;
        }
    }
    if (!started)
        return 0;
    h = sl_hash64_seed(buf, n, h);
    return h ? h : 1;
}
