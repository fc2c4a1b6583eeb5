/* Helpers shared by the sketch tests: a deterministic RNG, synthetic
 * token streams, and a simple ASCII tokenizer (the real one lives in
 * src/text and is not used here, so these tests stand alone). */
#ifndef SKETCH_TESTUTIL_H
#define SKETCH_TESTUTIL_H

#include "common/common.h"
#include "sketch/sketch.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static inline uint64_t tu_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* n token hashes drawn from a vocabulary of `vocab` words. */
static inline uint64_t *tu_tokens(size_t n, uint64_t vocab, uint64_t *rng)
{
    uint64_t *t = sl_malloc((n + 1) * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        uint64_t w = tu_rand(rng) % vocab;
        t[i] = sl_hash64(&w, sizeof w);
    }
    return t;
}

/* Splits text on non-alphanumerics, lower-cases ASCII, hashes each word.
 * Returns a sl_malloc'd array, *n = count. */
static inline uint64_t *tu_tokenize(const char *s, size_t len, size_t *n)
{
    size_t cap = 64, m = 0;
    uint64_t *t = sl_malloc(cap * sizeof *t);
    char w[256];
    size_t i = 0;
    while (i < len) {
        while (i < len && !isalnum((unsigned char)s[i]))
            i++;
        size_t wl = 0;
        while (i < len && isalnum((unsigned char)s[i])) {
            if (wl < sizeof w)
                w[wl++] = (char)tolower((unsigned char)s[i]);
            i++;
        }
        if (!wl)
            continue;
        if (m == cap)
            t = sl_realloc(t, (cap *= 2) * sizeof *t);
        t[m++] = sl_hash64(w, wl);
    }
    *n = m;
    return t;
}

static inline char *tu_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sl_buf b = {0};
    char tmp[65536];
    size_t r;
    while ((r = fread(tmp, 1, sizeof tmp, f)) > 0)
        sl_buf_append(&b, tmp, r);
    fclose(f);
    *len = b.len;
    return b.p ? b.p : sl_strdup("");
}

#endif
