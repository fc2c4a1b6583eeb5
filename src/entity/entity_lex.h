/*
 * entity_lex.h - internal: the small word lists the mention extractor needs.
 * Not a public header.
 */
#ifndef SL_ENTITY_LEX_H
#define SL_ENTITY_LEX_H

#include <stddef.h>

enum {
    LX_FUNC     = 1 << 0,  /* function word: never a name word when Title Case */
    LX_TITLE    = 1 << 1,  /* Mr, President, Sheikh... cut before a name */
    LX_COMMON0  = 1 << 2,  /* common sentence opener: Former, Meanwhile... */
    LX_MONTHDAY = 1 << 3,  /* month or weekday */
    LX_PART_SP  = 1 << 4,  /* name particle joined by space or hyphen: al, bin, de, van */
    LX_PART_HY  = 1 << 5,  /* Arabic article that needs a hyphen or is unambiguous */
    LX_PART_AZ  = 1 << 6,  /* az, ez, ash, ...: also fine between spaces */
    LX_CONN     = 1 << 7,  /* of, for */
    LX_AND      = 1 << 8,  /* and */
    LX_THE      = 1 << 9,  /* the */
    LX_ABBR     = 1 << 10, /* abbreviation that keeps its dot: Mr. Gen. St. */
    LX_AGENCY   = 1 << 11, /* news agency credit: Reuters, AFP */
    LX_START_AL = 1 << 12, /* al, el: may start a name before a capital */
    LX_TITLE2   = 1 << 13, /* General, Attorney, Deputy...: cut only when two
                              name words remain ("General Motors" stays) */
};

/* Lexicon bits of the word w[0..n) (ASCII, any case; compared folded).
 * Words longer than 15 bytes or with non-ASCII bytes have none. */
unsigned sl_entity_lex_(const char *w, size_t n);

/* 0 when the internal tables are sorted (checked by the tests). */
int sl_entity_lex_check_(void);

#endif
