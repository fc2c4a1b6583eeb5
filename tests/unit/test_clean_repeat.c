/* Line hashes for the repeated-lines rule: case and white space do not
 * matter, words and their order do; a prose line (the fast path) and the
 * same line with odd spacing (the general loop) hash alike, at every
 * length around the 512-byte slice. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "clean/repeat.h"
#include "common/common.h"

static const struct {
    const char *a, *b;
    int same;
} cases[] = {
    {"Share this article", "share this article", 1},
    {"Share this article", "  Share   this\tarticle \r\n", 1},
    {"Share this article", "Share this  article", 1},
    {"Share this article", "SHARE THIS ARTICLE", 1},
    {"Share this article", "Share this article.", 0},
    {"Share this article", "Sharethis article", 0},
    {"Share this article", "article this Share", 0},
    {"a", " a", 1},
    {"a", "a\n", 1},
    {"a b", "a\vb", 1},
    {"a\x01" "b", "a\x01" "b", 1},
    {"a\x01" "b", "a b", 0},
    {"caf\xc3\xa9 au lait", "CAF\xc3\xa9  au lait", 1},
    {"caf\xc3\xa9", "caf\xc3\x89", 0},   /* only ASCII letters are folded */
    {"[L8N1MX05W]", "[l8n1mx05w]", 1},
};

Test(clean_repeat, line_hash_table)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(cases); i++) {
        uint64_t ha = sl_line_hash(cases[i].a, strlen(cases[i].a));
        uint64_t hb = sl_line_hash(cases[i].b, strlen(cases[i].b));
        cr_expect_neq(ha, 0, "case %zu", i);
        cr_expect_eq(ha == hb, cases[i].same, "case %zu: '%s' vs '%s'", i, cases[i].a, cases[i].b);
    }
    cr_expect_eq(sl_line_hash("", 0), 0);
    cr_expect_eq(sl_line_hash("  \t ", 4), 0);
    cr_expect_eq(sl_line_hash(NULL, 0), 0);
}

Test(clean_repeat, line_hash_every_length_around_the_slice)
{
    /* words "w0 w1 ..." up to n bytes; the spaced copy doubles every space
     * and adds margins, so only the general loop can take it */
    for (size_t n = 1; n < 1100; n += (n > 480 && n < 540) ? 1 : 37) {
        char *plain = malloc(n + 1), *spaced = malloc(2 * n + 8);
        for (size_t i = 0; i < n; i++)
            plain[i] = (i % 7 == 6 && i + 1 < n) ? ' ' : (char)('A' + i % 26);
        plain[n] = 0;
        size_t k = 0;
        spaced[k++] = ' ';
        for (size_t i = 0; i < n; i++) {
            spaced[k++] = (char)(plain[i] >= 'A' && plain[i] <= 'Z' ? plain[i] + 32 : plain[i]);
            if (plain[i] == ' ')
                spaced[k++] = ' ';
        }
        spaced[k++] = '\t';
        cr_expect_eq(sl_line_hash(plain, n), sl_line_hash(spaced, k), "length %zu", n);
        free(plain);
        free(spaced);
    }
}
