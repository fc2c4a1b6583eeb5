/*
 * repeat.h - learning the lines a source repeats across its articles
 * ("Share this article", a newsletter box, the outlet's footer), so they can
 * be excluded like the declared boilerplate patterns.
 *
 * One sl_repeat per source counts, for each distinct line hash, in how many
 * of the source's articles the line appeared. Memory is bounded: when more
 * than `cap` lines are held, the ones seen only once are forgotten (a line
 * that really is boilerplate comes back quickly and reaches 2 between two
 * prunes; lines that reached 2 are also persisted by the engine).
 */
#ifndef SL_REPEAT_H
#define SL_REPEAT_H

#include <stddef.h>
#include <stdint.h>

#include "common/map64.h"

typedef struct sl_repeat {
    sl_map64 counts;  /* line hash -> articles seen in */
    size_t cap;       /* prune threshold */
} sl_repeat;

void     sl_repeat_init(sl_repeat *r, size_t cap);
void     sl_repeat_free(sl_repeat *r);
uint32_t sl_repeat_count(const sl_repeat *r, uint64_t hash);
/* Counts one more article holding the line; returns the new count (0 when
 * out of memory). */
uint32_t sl_repeat_bump(sl_repeat *r, uint64_t hash);
/* Sets a count (loading persisted counts). */
int      sl_repeat_set(sl_repeat *r, uint64_t hash, uint32_t n);

/* Hash of a line for repetition: ASCII lower-cased, runs of white space as
 * one space, trimmed; 0 for a blank line. */
uint64_t sl_line_hash(const char *line, size_t len);

#endif
