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

/* Hash of a line already in canonical form but for the case and the white
 * space at its ends (no control bytes, single spaces between words) and
 * shorter than a slice once trimmed; 0 when the line is not like that (the
 * general loop below then takes it). Same value as that loop: one slice,
 * seed 0. Prose lines are nearly all like that. */
static uint64_t line_hash_plain(const char *line, size_t len)
{
    char buf[512];
    /* white space at the ends does not count (the loop below drops it) */
    while (len && (line[len - 1] == ' ' || (line[len - 1] >= '\t' && line[len - 1] <= '\r')))
        len--;
    while (len && (line[0] == ' ' || (line[0] >= '\t' && line[0] <= '\r')))
        line++, len--;
    if (len == 0 || len >= sizeof buf - 2)
        return 0;
    /* two loops without a carried dependency, so the compiler vectorizes
     * them: lower-case + control bytes; then two spaces in a row */
    const unsigned char *u = (const unsigned char *)line;
    unsigned char bad = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = u[i];
        buf[i] = (char)(c + ((unsigned char)(c - 'A') < 26 ? 32 : 0));
        bad |= c < ' ';
    }
    for (size_t i = 0; i + 1 < len; i++)
        bad |= (u[i] == ' ') & (u[i + 1] == ' ');
    if (bad)
        return 0;
    uint64_t h = sl_hash64_seed(buf, len, 0);
    return h ? h : 1;
}

uint64_t sl_line_hash(const char *line, size_t len)
{
    uint64_t fast = line_hash_plain(line, len);
    if (fast)
        return fast;
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
