/*
 * sort_typed.h - one quicksort for arrays of any element type, with the
 * key read inline (median of three, recursion on the smaller side,
 * insertion sort below 24 elements). Several times faster than qsort():
 * no call per comparison, no merge buffer.
 *
 *   SL_DEFINE_SORT(name, type, key)  defines  static inline void name(type *a, size_t n)
 *
 * `key` is a macro or function taking an element (a value of `type`) and
 * returning an unsigned integer; elements are ordered by it, ascending.
 * Equal keys end up adjacent in no particular order.
 */
#ifndef SL_SORT_TYPED_H
#define SL_SORT_TYPED_H

#include <stddef.h>

#define SL_DEFINE_SORT(name, type, key)                                                         \
    static inline void name(type *a, size_t n)                                                 \
    {                                                                                          \
        while (n > 24) {                                                                       \
            __typeof__(key(a[0])) x = key(a[0]), y = key(a[n / 2]), z = key(a[n - 1]);          \
            __typeof__(x) p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y)); \
            size_t i = 0, j = n - 1;                                                           \
            for (;;) {                                                                         \
                while (key(a[i]) < p)                                                          \
                    i++;                                                                       \
                while (key(a[j]) > p)                                                          \
                    j--;                                                                       \
                if (i >= j)                                                                    \
                    break;                                                                     \
                type t = a[i];                                                                 \
                a[i] = a[j];                                                                   \
                a[j] = t;                                                                      \
                i++;                                                                           \
                j--;                                                                           \
            }                                                                                  \
            size_t left = j + 1; /* a[0..left) <= p <= a[left..n) */                           \
            if (left < n - left) {                                                             \
                name(a, left);                                                                 \
                a += left;                                                                     \
                n -= left;                                                                     \
            } else {                                                                           \
                name(a + left, n - left);                                                      \
                n = left;                                                                      \
            }                                                                                  \
        }                                                                                      \
        for (size_t i = 1; i < n; i++) {                                                       \
            type t = a[i];                                                                     \
            size_t j = i;                                                                      \
            for (; j > 0 && key(a[j - 1]) > key(t); j--)                                       \
                a[j] = a[j - 1];                                                               \
            a[j] = t;                                                                          \
        }                                                                                      \
    }

#endif
