/*
 * boiler.h - boilerplate line rules: lines of a page that are not article
 * text (comment prompts, share and sign-up lines, edition pickers, wire codes).
 * Pure: a declared pattern table, no I/O. Lines a source repeats across its
 * articles are learned by the engine (see clean/repeat.h), not here.
 */
#ifndef SL_BOILER_H
#define SL_BOILER_H

#include <stddef.h>

/* Rule ids. 0 = not boilerplate. SL_BOILER_REPEAT is assigned by the engine
 * for lines learned from a source's repetition. */
enum {
    SL_BOILER_NONE = 0,
    SL_BOILER_REPEAT = 1,
    SL_BOILER_FIRST_PATTERN = 2
};

/* Returns the rule id that matches the line (text[0..len), no newline), or 0. */
int sl_boiler_match(const char *line, size_t len);

/* Name of a rule ("comment-prompt", "wire-code", "repeated-by-source" ...). */
const char *sl_boiler_rule_name(int rule);

/* One past the largest rule id (ids run 0 .. count-1), for tables of
 * per-rule counters. */
int sl_boiler_rule_count(void);



/* Some lines carry a code before real text ("[L8N1N25IJ] The Syrian ...").
 * Returns how many leading bytes of the line are such a code (and the space
 * after it), 0 if none; the rest of the line stays article text.
 * Also strips a boilerplate sentence glued in front of text when the page
 * lost a line break: "YES | NO Egyptian President ..." and "Please fill the
 * fields below.Opposition activists ..." (the first sentence of the line,
 * if it matches a rule of sl_boiler_match on its own). Never returns the
 * whole line: a line that is only a code is sl_boiler_match's business. */
size_t sl_boiler_strip_prefix(const char *line, size_t len);
#endif
