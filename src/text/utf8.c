/*
 * utf8.c - strict UTF-8 validation and repair, and the character classifier.
 *
 * Repair follows the Unicode "maximal subpart" practice (Unicode 15, ch. 3,
 * U+FFFD substitution): a well-formed prefix of a sequence that breaks off
 * is replaced by one U+FFFD, a byte that can never start a sequence by one
 * U+FFFD each. Well-formedness is table 3-7 of the standard:
 *
 *     00..7F
 *     C2..DF 80..BF
 *     E0     A0..BF 80..BF        (no overlongs)
 *     E1..EC 80..BF 80..BF
 *     ED     80..9F 80..BF        (no surrogates)
 *     EE..EF 80..BF 80..BF
 *     F0     90..BF 80..BF 80..BF (no overlongs)
 *     F1..F3 80..BF 80..BF 80..BF
 *     F4     80..8F 80..BF 80..BF (nothing above U+10FFFF)
 *
 * The ASCII fast path copies 8 bytes at a time while none has the high bit
 * set and none is a control byte; everything else goes byte by byte.
 * The output is never longer than 3 * input + 1 bytes (one byte -> U+FFFD).
 */
#include <string.h>
#include <utf8proc.h>

#include "common/common.h"
#include "text/text_int.h"

/* ---- repair -------------------------------------------------------------- */

/* Length of the well-formed sequence at s[i], or 0 with *bad = number of
 * bytes forming its maximal ill-formed subpart (>= 1). */
static size_t seq_len(const unsigned char *s, size_t n, size_t i, size_t *bad)
{
    unsigned c = s[i];
    unsigned lo = 0x80, hi = 0xBF;
    size_t need;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *bad = 1;
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        unsigned b = i + k < n ? s[i + k] : 0;
        unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (i + k >= n || b < l || b > h) {
            *bad = k;
            return 0;
        }
    }
    return need + 1;
}

static inline int ascii8_clean(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    if (w & 0x8080808080808080ULL) return 0;
    /* any byte < 0x20 ? (classic haszero on w - 0x20 per byte) */
    uint64_t t = (w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL;
    return t == 0;
}

static const char FFFD[3] = { (char)0xEF, (char)0xBF, (char)0xBD };

int sl_utf8_repair(const char *in, size_t len, char **out, size_t *out_len, size_t *nbad)
{
    const unsigned char *s = (const unsigned char *)in;
    char *o = sl_malloc(len * 3 + 1);
    size_t j = 0, bad = 0, i = 0;
    if (!o) return -1;
    while (i < len) {
        if (i + 8 <= len && ascii8_clean(s + i)) {
            memcpy(o + j, s + i, 8);
            i += 8, j += 8;
            continue;
        }
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x80) { o[j++] = (char)c; i++; continue; }
        if (c == '\t' || c == '\n') { o[j++] = (char)c; i++; continue; }
        if (c == '\r') {
            o[j++] = '\n';
            i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c < 0x20) { memcpy(o + j, FFFD, 3); j += 3; bad++; i++; continue; }
        size_t nb, k = seq_len(s, len, i, &nb);
        if (k) { memcpy(o + j, s + i, k); j += k; i += k; continue; }
        memcpy(o + j, FFFD, 3);
        j += 3, bad++, i += nb;
    }
    o[j] = 0;
    *out = o;
    if (out_len) *out_len = j;
    if (nbad) *nbad = bad;
    return 0;
}

/* ---- character classes ------------------------------------------------- */

static int is_nospace_script(int32_t cp)
{
    return (cp >= 0x0E00 && cp <= 0x0E7F)       /* Thai */
        || (cp >= 0x1100 && cp <= 0x11FF)       /* Hangul Jamo */
        || (cp >= 0x3040 && cp <= 0x30FF)       /* Hiragana, Katakana */
        || (cp >= 0x3130 && cp <= 0x318F)       /* Hangul compatibility Jamo */
        || (cp >= 0x31F0 && cp <= 0x31FF)       /* Katakana extension */
        || (cp >= 0x3400 && cp <= 0x4DBF)       /* Han ext. A */
        || (cp >= 0x4E00 && cp <= 0x9FFF)       /* Han */
        || (cp >= 0xAC00 && cp <= 0xD7AF)       /* Hangul syllables */
        || (cp >= 0xF900 && cp <= 0xFAFF)       /* Han compatibility */
        || (cp >= 0xFF66 && cp <= 0xFF9F)       /* half-width Katakana */
        || (cp >= 0x20000 && cp <= 0x3FFFF);    /* Han ext. B.. */
}

int sl_cc_of(int32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z') return SL_CC_LOWER;
        if (cp >= 'A' && cp <= 'Z') return SL_CC_UPPER;
        if (cp >= '0' && cp <= '9') return SL_CC_DIGIT;
        if (cp == ' ' || (cp >= '\t' && cp <= '\r')) return SL_CC_SPACE;
        return SL_CC_OTHER;
    }
    /* invisible inside words: soft hyphen, ZWNJ, ZWJ, word joiner, BOM */
    if (cp == 0xAD || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF)
        return SL_CC_MARK;
    if (cp == 0x200B) return SL_CC_SPACE;   /* zero-width space */
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT: return is_nospace_script(cp) ? SL_CC_CJK : SL_CC_UPPER;
    case UTF8PROC_CATEGORY_LL: return SL_CC_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: return is_nospace_script(cp) ? SL_CC_CJK : SL_CC_LETTER;
    case UTF8PROC_CATEGORY_ND: return SL_CC_DIGIT;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return SL_CC_MARK;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: return SL_CC_SPACE;
    default: return SL_CC_OTHER;
    }
}
