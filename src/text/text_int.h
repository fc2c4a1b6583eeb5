/*
 * text_int.h - internals shared by the files of src/text/ (not public).
 *
 * A lenient UTF-8 decoder for already repaired text, a character classifier
 * with an ASCII fast table, and the pieces the analyser, tokenizer and
 * sentence splitter pass to each other.
 */
#ifndef SL_TEXT_INT_H
#define SL_TEXT_INT_H

#include <stddef.h>
#include <stdint.h>
#include "text/text.h"

/* ---- decoding ----------------------------------------------------------- */

/* Decodes one code point at s[i] (i < n) into *cp and returns its byte
 * length (>= 1). Text is expected to be repaired; a malformed byte decodes
 * as U+FFFD of length 1, so callers always make progress. */
static inline int sl_u8_dec(const unsigned char *s, size_t n, size_t i, int32_t *cp)
{
    unsigned c = s[i];
    if (c < 0x80) { *cp = (int32_t)c; return 1; }
    if (c >= 0xC2 && c < 0xE0 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
        *cp = (int32_t)(((c & 0x1F) << 6) | (s[i + 1] & 0x3F));
        return 2;
    }
    if (c >= 0xE0 && c < 0xF0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80
        && (s[i + 2] & 0xC0) == 0x80) {
        *cp = (int32_t)(((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F));
        return 3;
    }
    if (c >= 0xF0 && c < 0xF5 && i + 3 < n && (s[i + 1] & 0xC0) == 0x80
        && (s[i + 2] & 0xC0) == 0x80 && (s[i + 3] & 0xC0) == 0x80) {
        *cp = (int32_t)(((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12)
                        | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F));
        return 4;
    }
    *cp = 0xFFFD;
    return 1;
}

/* ---- character classes -------------------------------------------------- */

enum sl_cc {
    SL_CC_OTHER = 0, /* space, punctuation, symbols, emoji */
    SL_CC_LOWER,     /* lower-case letter (Ll) */
    SL_CC_UPPER,     /* upper- or title-case letter (Lu, Lt) */
    SL_CC_LETTER,    /* caseless letter (Lm, Lo outside no-space scripts) */
    SL_CC_DIGIT,     /* decimal digit (Nd) */
    SL_CC_MARK,      /* combining mark (Mn, Mc, Me): continues a word */
    SL_CC_CJK,       /* Han, kana, Hangul, Thai: a token of its own */
    SL_CC_SPACE      /* white space */
};

int sl_cc_of(int32_t cp);   /* classifier for any code point */

static inline int sl_cc_is_word(int cc)
{
    return cc >= SL_CC_LOWER && cc <= SL_CC_DIGIT;
}

/* ---- analyser internals ------------------------------------------------- */

/* Raw token found by the tokenizer, before normalization. */
typedef struct sl_rawtok {
    uint32_t start, end;
    uint32_t flags;       /* SL_TOK_NUM / CAP / ALLCAP / CJK */
    int dotted;           /* letter-dot abbreviation (U.S., J.K.) */
} sl_rawtok;

/* Tokenizes text[start..end) calling emit for each token; returns 0 or the
 * first non-zero value emit returned. */
typedef int (*sl_tok_emit)(void *ctx, const sl_rawtok *t);
int sl_tokenize_span(const char *text, size_t start, size_t end,
                     sl_tok_emit emit, void *ctx);

/* Sentence splitting of one line's tokens [b, e) of d (see sentence.c). */
typedef struct sl_split {
    const char *text;
    sl_doc *d;
    int open;             /* a sentence is open (d->sents.v[d->sents.n-1]) */
    int prev_terminal;    /* the previous line ended with terminal punctuation */
    uint32_t prev_end;    /* end byte of the previous line (trimmed) */
} sl_split;
int sl_split_line(sl_split *sp, uint32_t lstart, uint32_t lend, size_t b, size_t e);
void sl_split_finish(sl_split *sp);

/* Abbreviation classes used by the splitter (sentence.c). */
int sl_stopword_len(const char *norm, size_t len);

#endif
