/*
 * common.h - the small shared toolkit every layer of storyline may include.
 *
 * One allocation wrapper (so allocation failure can be injected in tests),
 * a growable byte buffer, a growable array macro, and a 64-bit hash helper.
 * Nothing here does I/O.
 */
#ifndef SL_COMMON_H
#define SL_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* ---- allocation ------------------------------------------------------- */

/* All storyline allocations go through these. They return NULL on failure
 * (never abort); sl_alloc_fail_after(n) makes the n-th next call fail, for
 * tests (n < 0 disables injection). */
void *sl_malloc(size_t n);
void *sl_calloc(size_t count, size_t size);
void *sl_realloc(void *p, size_t n);
void  sl_free(void *p);
char *sl_strdup(const char *s);
char *sl_strndup(const char *s, size_t n);
void  sl_alloc_fail_after(long n);

/* ---- growable byte buffer -------------------------------------------- */

typedef struct sl_buf {
    char  *p;    /* always NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
} sl_buf;

int  sl_buf_reserve(sl_buf *b, size_t extra);          /* 0 or -1 (ENOMEM) */
int  sl_buf_append(sl_buf *b, const void *p, size_t n);
int  sl_buf_puts(sl_buf *b, const char *s);
int  sl_buf_putc(sl_buf *b, char c);
int  sl_buf_printf(sl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int  sl_buf_vprintf(sl_buf *b, const char *fmt, va_list ap);
void sl_buf_reset(sl_buf *b);                           /* len = 0, keeps memory */
void sl_buf_free(sl_buf *b);
/* Takes the buffer's memory (NUL-terminated, never NULL on success). */
char *sl_buf_steal(sl_buf *b);

/* ---- growable array ---------------------------------------------------
 * A struct with fields `T *v; size_t n, cap;` grows with SL_VEC_PUSH.
 * SL_VEC_GROW(vec, need) makes room for `need` more elements; both evaluate
 * to 0 on success, -1 on allocation failure.                               */
int sl_vec_grow_(void **v, size_t *cap, size_t n, size_t need, size_t elem);
/* The room check inline, the call only to grow: pushes are hot (a call per
 * push was ~2% of the analysis stage of a g20k add, perf). */
static inline int sl_vec_grow_inl_(void **v, size_t *cap, size_t n, size_t need, size_t elem)
{
    return n + need <= *cap ? 0 : sl_vec_grow_(v, cap, n, need, elem);
}
#define SL_VEC_GROW(vec, need) \
    sl_vec_grow_inl_((void **)&(vec)->v, &(vec)->cap, (vec)->n, (need), sizeof(*(vec)->v))
#define SL_VEC_PUSH(vec, x) \
    (SL_VEC_GROW(vec, 1) ? -1 : ((vec)->v[(vec)->n++] = (x), 0))

/* ---- hashing ----------------------------------------------------------- */

uint64_t sl_hash64(const void *p, size_t n);          /* XXH3 64-bit */
uint64_t sl_hash64_seed(const void *p, size_t n, uint64_t seed);

/* ---- misc -------------------------------------------------------------- */

/* Sorts n integers ascending, in place. */
void sl_sort_u64(uint64_t *a, size_t n);
/* Sorts n 32-bit integers ascending, in place, using tmp (n elements):
 * one bucket pass and an insertion sort when the keys spread evenly
 * (hashes), else an LSD radix sort. */
void sl_radix_u32(uint32_t *a, uint32_t *tmp, size_t n);

#define SL_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SL_MAX(a, b) ((a) > (b) ? (a) : (b))
#define SL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Monotonic clock in seconds. */
double sl_now(void);
/* CPU time of the calling thread in seconds. */
double sl_cpu_now(void);

#endif
