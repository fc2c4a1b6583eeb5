/* common.c - allocation wrapper, buffers, hashing. See common.h. */
#include "common/common.h"
#include "common/sort_typed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

/* ---- allocation -------------------------------------------------------- */

static long fail_countdown = -1; /* tests only; not thread-safe by design */

static int should_fail(void)
{
    if (fail_countdown < 0)
        return 0;
    if (fail_countdown == 0) {
        fail_countdown = -1;
        return 1;
    }
    fail_countdown--;
    return 0;
}

void sl_alloc_fail_after(long n) { fail_countdown = n; }

void *sl_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *sl_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *sl_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void sl_free(void *p) { free(p); }

char *sl_strndup(const char *s, size_t n)
{
    char *d = sl_malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *sl_strdup(const char *s) { return s ? sl_strndup(s, strlen(s)) : NULL; }

/* ---- buffers ----------------------------------------------------------- */

int sl_buf_reserve(sl_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = sl_realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

int sl_buf_append(sl_buf *b, const void *p, size_t n)
{
    if (sl_buf_reserve(b, n))
        return -1;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = 0;
    return 0;
}

int sl_buf_puts(sl_buf *b, const char *s) { return sl_buf_append(b, s, strlen(s)); }
int sl_buf_putc(sl_buf *b, char c) { return sl_buf_append(b, &c, 1); }

int sl_buf_vprintf(sl_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0 || sl_buf_reserve(b, (size_t)n))
        return -1;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int sl_buf_printf(sl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = sl_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

void sl_buf_reset(sl_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = 0;
}

void sl_buf_free(sl_buf *b)
{
    sl_free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

char *sl_buf_steal(sl_buf *b)
{
    if (!b->p && sl_buf_reserve(b, 0))
        return NULL;
    b->p[b->len] = 0;
    char *p = b->p;
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

int sl_vec_grow_(void **v, size_t *cap, size_t n, size_t need, size_t elem)
{
    if (n + need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 8;
    while (c < n + need)
        c *= 2;
    void *p = sl_realloc(*v, c * elem);
    if (!p)
        return -1;
    *v = p;
    *cap = c;
    return 0;
}

/* ---- hashing & time ---------------------------------------------------- */

uint64_t sl_hash64(const void *p, size_t n) { return XXH3_64bits(p, n); }
uint64_t sl_hash64_seed(const void *p, size_t n, uint64_t seed)
{
    return XXH3_64bits_withSeed(p, n, seed);
}

double sl_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

double sl_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- sorting ------------------------------------------------------------- */

#define SL_U64_KEY(x) (x)
SL_DEFINE_SORT(sort_u64, uint64_t, SL_U64_KEY)

void sl_sort_u64(uint64_t *a, size_t n) { sort_u64(a, n); }

/* Keys that spread evenly over the 32 bits (hashes: the shingle sets of
 * copy detection) are sorted by one counting pass on their top bits, about
 * two keys a bucket, and an insertion sort that only moves keys within
 * their bucket: 2.4 ns a key against 6.4 for the four radix passes at
 * 1,000 keys (9.3 vs 2.6 at 5,000). Returns 0 without touching a when a
 * bucket would hold more than 32 keys (skewed keys, many repeats): the
 * insertion sort would no longer be linear. */
static int bucket_u32(uint32_t *a, uint32_t *tmp, size_t n)
{
    enum { MAX_BITS = 12, MAX_BUCKET = 32 };
    unsigned bits = 1;
    while (((size_t)1 << bits) < n / 2 && bits < MAX_BITS)
        bits++;
    size_t nb = (size_t)1 << bits;
    static _Thread_local uint32_t cnt[((size_t)1 << MAX_BITS) + 1];
    memset(cnt, 0, (nb + 1) * sizeof *cnt);
    unsigned shift = 32 - bits;
    for (size_t i = 0; i < n; i++)
        cnt[(a[i] >> shift) + 1]++;
    for (size_t b = 1; b <= nb; b++) {
        if (cnt[b] > MAX_BUCKET)
            return 0;
        cnt[b] += cnt[b - 1];
    }
    for (size_t i = 0; i < n; i++)
        tmp[cnt[a[i] >> shift]++] = a[i];
    for (size_t i = 1; i < n; i++) {
        uint32_t x = tmp[i];
        size_t j = i;
        for (; j > 0 && tmp[j - 1] > x; j--)
            tmp[j] = tmp[j - 1];
        tmp[j] = x;
    }
    memcpy(a, tmp, n * sizeof *a);
    return 1;
}

/* LSD radix sort of 32-bit keys through tmp (n elements). Linear time:
 * for the ~1,000 shingles of an article it is several times faster than a
 * comparison sort. The histograms of all passes are counted in one read of
 * the input. Up to 64K keys: 4 passes of 8 bits (4 KB of counters; the
 * result lands back in a); above: 3 passes of 11 bits (fewer passes over
 * big inputs, 24 KB of counters). */
void sl_radix_u32(uint32_t *a, uint32_t *tmp, size_t n)
{
    if (n < 2)
        return;
    if (n <= 32 * ((size_t)1 << 12) && bucket_u32(a, tmp, n))
        return;
    int small = n <= 65536;
    unsigned bits = small ? 8 : 11, passes = small ? 4 : 3;
    uint32_t mask = (1u << bits) - 1;
    static _Thread_local uint32_t count[3 * 2048];
    memset(count, 0, passes * (mask + 1) * sizeof *count);
    for (size_t i = 0; i < n; i++)
        for (unsigned p = 0; p < passes; p++)
            count[p * (mask + 1) + ((a[i] >> (p * bits)) & mask)]++;
    uint32_t *src = a, *dst = tmp;
    for (unsigned p = 0; p < passes; p++) {
        uint32_t *c = count + p * (mask + 1), sum = 0;
        if (c[(src[0] >> (p * bits)) & mask] == n)
            continue;   /* every key has the same digit: nothing moves */
        for (uint32_t b = 0; b <= mask; b++) {
            uint32_t x = c[b];
            c[b] = sum;
            sum += x;
        }
        for (size_t i = 0; i < n; i++)
            dst[c[(src[i] >> (p * bits)) & mask]++] = src[i];
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}
