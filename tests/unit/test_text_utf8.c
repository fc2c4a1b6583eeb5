/*
 * test_text_utf8.c - strict UTF-8 repair (table 3-7 of the Unicode
 * standard, maximal-subpart replacement), and a random-bytes safety test:
 * repair then analysis of arbitrary input must not crash (run under ASan).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "text/text.h"
#include "clean/boiler.h"

#define R "\xEF\xBF\xBD"   /* U+FFFD */

typedef struct ucase {
    const char *in;
    size_t len;          /* bytes of in (may hold NUL) */
    const char *out;
    size_t nbad;
} ucase;

#define U(in, out, nbad) { in, sizeof(in) - 1, out, nbad }

static const ucase CASES[] = {
    U("", "", 0),
    U("plain ASCII text, 8+ bytes long", "plain ASCII text, 8+ bytes long", 0),
    U("a\r\nb\rc\n", "a\nb\nc\n", 0),
    U("\r\r\n", "\n\n", 0),
    U("tab\tok", "tab\tok", 0),
    U("nul\0x", "nul" R "x", 1),
    U("\x01\x1f", R R, 2),
    U("\x7f", "\x7f", 0),
    U("caf\xC3\xA9", "caf\xC3\xA9", 0),                     /* 2 bytes */
    U("\xE2\x82\xAC", "\xE2\x82\xAC", 0),                   /* 3 bytes: euro */
    U("\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80", 0),           /* 4 bytes: emoji */
    U("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF", 0),           /* U+10FFFF */
    U("\xC0\x80", R R, 2),                                   /* overlong NUL */
    U("\xC1\xBF", R R, 2),                                   /* overlong */
    U("\xE0\x80\x80", R R R, 3),                             /* overlong 3 */
    U("\xE0\x9F\xBF", R R R, 3),
    U("\xF0\x80\x80\x80", R R R R, 4),                       /* overlong 4 */
    U("\xF0\x8F\xBF\xBF", R R R R, 4),
    U("\xED\xA0\x80", R R R, 3),                             /* surrogate D800 */
    U("\xED\xBF\xBF", R R R, 3),                             /* surrogate DFFF */
    U("\xED\x9F\xBF", "\xED\x9F\xBF", 0),                   /* U+D7FF ok */
    U("\xF4\x90\x80\x80", R R R R, 4),                       /* > U+10FFFF */
    U("\xF5\x80\x80\x80", R R R R, 4),
    U("\xFF\xFE", R R, 2),
    U("\x80", R, 1),                                         /* lone continuation */
    U("\xC3", R, 1),                                         /* truncated at end */
    U("\xE2\x82", R, 1),                                     /* truncated: one FFFD */
    U("\xF0\x9F\x98", R, 1),
    U("\xE1\x80\x41", R "A", 1),                             /* maximal subpart */
    U("\xF1\x80\x80\xE1\x80\xC0", R R R, 3),
    U("a\xC3" "b", "a" R "b", 1),
    U("\xC2\xA0" "nbsp", "\xC2\xA0" "nbsp", 0),
};

Test(text_utf8, repair_table)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(CASES); i++) {
        char *out = NULL;
        size_t ol = 0, nbad = 99;
        cr_assert_eq(sl_utf8_repair(CASES[i].in, CASES[i].len, &out, &ol, &nbad), 0);
        cr_expect_eq(ol, strlen(CASES[i].out), "case %zu: length %zu", i, ol);
        cr_expect(memcmp(out, CASES[i].out, strlen(CASES[i].out) + 1) == 0, "case %zu", i);
        cr_expect_eq(nbad, CASES[i].nbad, "case %zu: nbad %zu", i, nbad);
        sl_free(out);
    }
}

/* Repaired output is always valid: repairing it again changes nothing. */
Test(text_utf8, idempotent_on_random)
{
    srand(12345);
    for (int it = 0; it < 2000; it++) {
        size_t n = (size_t)(rand() % 64);
        char *in = sl_malloc(n + 1), *a, *b;
        size_t al, bl, bad;
        for (size_t k = 0; k < n; k++) in[k] = (char)(rand() & 0xFF);
        cr_assert_eq(sl_utf8_repair(in, n, &a, &al, &bad), 0);
        cr_assert_eq(sl_utf8_repair(a, al, &b, &bl, &bad), 0);
        cr_assert_eq(bad, 0);
        cr_assert_eq(al, bl);
        cr_assert(memcmp(a, b, al) == 0);
        sl_free(in);
        sl_free(a);
        sl_free(b);
    }
}

Test(text_utf8, out_of_memory)
{
    char *out = (char *)1;
    size_t ol, nb;
    sl_alloc_fail_after(0);
    int rc = sl_utf8_repair("abc", 3, &out, &ol, &nb);
    sl_alloc_fail_after(-1);
    cr_assert_eq(rc, -1);
}

/* Random bytes, biased towards text, punctuation and multi-byte lead
 * bytes; repaired, cut into random regions, matched against the
 * boilerplate rules line by line, and analysed. Exact-size copies so that
 * ASan sees any over-read. */
static const char ALPHA[] = "aZ .'\"-,?!\n\n\t()[]`$1.5:U.S.\xE2\x80\x99\xE3\x80\x82\xE6\x97\xA5"
                            "\xC3\xA9\xCC\x88\xF0\x9F\x98\x80-LRB-''``...";

Test(text_utf8, random_bytes_analysis_safe)
{
    sl_text *t = sl_text_new("en");
    sl_doc d = { 0 };
    srand(777);
    for (int it = 0; it < 3000; it++) {
        size_t n = (size_t)(rand() % 300);
        char *in = sl_malloc(n ? n : 1);
        for (size_t k = 0; k < n; k++)
            in[k] = (rand() % 3) ? ALPHA[rand() % (sizeof ALPHA - 1)] : (char)(rand() & 0xFF);
        char *rep;
        size_t rl, bad;
        cr_assert_eq(sl_utf8_repair(in, n, &rep, &rl, &bad), 0);
        char *exact = sl_malloc(rl ? rl : 1);
        memcpy(exact, rep, rl);
        sl_region regs[4];
        size_t nr = (size_t)(rand() % 4);
        uint32_t pos = 0;
        for (size_t k = 0; k < nr; k++) {
            uint32_t a = pos + (uint32_t)(rand() % 40), z = a + (uint32_t)(rand() % 120);
            regs[k].start = a, regs[k].end = z;   /* may exceed rl: clamped */
            pos = z;
        }
        cr_assert_eq(sl_text_analyze(t, exact, rl, nr ? regs : NULL, nr, &d), 0);
        for (size_t k = 0; k < d.toks.n; k++) {
            cr_assert_lt(d.toks.v[k].start, d.toks.v[k].end);
            cr_assert_leq(d.toks.v[k].end, rl);
        }
        for (size_t k = 0; k < d.sents.n; k++) cr_assert_leq(d.sents.v[k].end, rl);
        for (size_t a = 0; a < rl;) {
            const char *nl = memchr(exact + a, '\n', rl - a);
            size_t z = nl ? (size_t)(nl - exact) : rl;
            int r = sl_boiler_match(exact + a, z - a);
            cr_assert_str_neq(sl_boiler_rule_name(r), "unknown");
            cr_assert_leq(sl_boiler_strip_prefix(exact + a, z - a), z - a);
            a = z + 1;
        }
        sl_free(exact);
        sl_free(rep);
        sl_free(in);
    }
    sl_doc_free(&d);
    sl_text_free(t);
}

/* Allocation failure anywhere inside analysis is reported, never a crash. */
Test(text_utf8, analysis_out_of_memory)
{
    const char *in = "The U.S.-led coalition said on Sunday. \xC3\x89" "cole Syria's army.";
    for (long k = 0; k < 40; k++) {
        sl_text *t = sl_text_new("en");
        sl_doc d = { 0 };
        if (!t) continue;
        sl_alloc_fail_after(k);
        int rc = sl_text_analyze(t, in, strlen(in), NULL, 0, &d);
        sl_alloc_fail_after(-1);
        cr_assert(rc == 0 || rc == -1);
        sl_doc_free(&d);
        sl_text_free(t);
    }
}
