/*
 * map64.h - open-addressing hash map from a 64-bit key to a 64-bit value.
 * Key 0 is reserved (callers hash into it rarely; sl_map64 remaps 0 to 1).
 * Linear probing, power-of-two capacity, load kept under 0.7. Deletion by
 * backward shift, so no tombstones.
 */
#ifndef SL_MAP64_H
#define SL_MAP64_H

#include <stddef.h>
#include <stdint.h>

typedef struct sl_map64 {
    uint64_t *keys;
    uint64_t *vals;
    size_t cap;   /* power of two, or 0 */
    size_t n;
} sl_map64;

/* Returns a pointer to the value of key, or NULL when absent. */
uint64_t *sl_map64_get(const sl_map64 *m, uint64_t key);
/* Returns a pointer to the value of key, inserting it with value 0 when
 * absent (*fresh = 1 then). NULL when out of memory. */
uint64_t *sl_map64_put(sl_map64 *m, uint64_t key, int *fresh);
/* Makes room for n keys in all without growing again; 0 or -1 (no memory). */
int sl_map64_reserve(sl_map64 *m, size_t n);
/* Removes key; returns 1 when it was there. */
int  sl_map64_del(sl_map64 *m, uint64_t key);
void sl_map64_clear(sl_map64 *m);   /* keeps memory */
void sl_map64_free(sl_map64 *m);

/* Iteration: for (size_t i = 0; i < m->cap; i++) if (m->keys[i]) ... */

#endif
