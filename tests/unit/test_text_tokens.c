/*
 * test_text_tokens.c - tokenizer, normalization, stems, flags: table-driven,
 * mostly edge and bad input.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "common/common.h"
#include "text/text.h"

typedef struct tcase {
    const char *in;
    const char *norms;   /* expected norms joined by one space */
} tcase;

static const tcase CASES[] = {
    { "", "" },
    { "      ", "" },
    { " \t\n\n \t", "" },
    { "... ,;: !!! --- ??? ** // ()", "" },
    { "Hello world", "hello world" },
    { "Syria's army", "syria 's army" },
    { "Syria\xE2\x80\x99s army", "syria 's army" },
    { "Syria 's army", "syria 's army" },
    { "Syria s army", "syria s army" },
    { "don't", "do n't" },
    { "do n't", "do n't" },
    { "can't won't", "ca n't wo n't" },
    { "they're we've I'll he'd I'm", "they 're we 've i 'll he 'd i 'm" },
    { "O'Brien and Shi'ite", "o'brien and shi'ite" },
    { "O'Brien's", "o'brien 's" },
    { "al-Hajr", "al-hajr" },
    { "Iran-backed militias", "iran-backed militias" },
    { "U.S.-led coalition", "u.s.-led coalition" },
    { "the U.S. army", "the u.s. army" },
    { "U.S", "u.s." },
    { "U.S- backed", "u.s. backed" },
    { "U.S.'s allies", "u.s. 's allies" },
    { "J.K. Rowling", "j.k. rowling" },
    { "e.g. this", "e.g. this" },
    { "two-month-long campaign", "two-month-long campaign" },
    { "word--word", "word word" },
    { "pre- and post-war", "pre and post-war" },
    { "al\xE2\x80\x90Hajr", "al-hajr" },
    { "rock'n'roll", "rock'n'roll" },
    { "'quoted' words", "quoted words" },
    { "1,500 civilians", "1,500 civilians" },
    { "1,500,000", "1,500,000" },
    { "1,50", "1 50" },
    { "3.5 percent", "3.5 percent" },
    { "$1.7 million", "1.7 million" },
    { "in 2017.", "in 2017" },
    { "at 10:30 am", "at 10:30 am" },
    { "F-16 jets", "f-16 jets" },
    { "-LRB- AFP -RRB-", "afp" },
    { "-LCB- current -RCB- of -LSB- total -RSB-", "current of total" },
    { "`` Hello , '' he said .", "hello he said" },
    { "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "\xE6\x97\xA5 \xE6\x9C\xAC \xE8\xAA\x9E" },
    { "Tokyo\xE6\x9D\xB1\xE4\xBA\xAC", "tokyo \xE6\x9D\xB1 \xE4\xBA\xAC" },
    { "\xED\x95\x9C\xEA\xB5\xAD", "\xED\x95\x9C \xEA\xB5\xAD" },
    { "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA8\xD9\x83\xD9\x85",
      "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA8\xD9\x83\xD9\x85" },
    { "I \xE2\x9D\xA4\xEF\xB8\x8F NY \xF0\x9F\x98\x80!", "i ny" },
    { "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "abc" },           /* full-width ABC */
    { "Stra\xC3\x9F" "e", "strasse" },
    { "\xC3\x89" "COLE", "\xC3\xA9" "cole" },
    { "nai\xCC\x88ve", "na\xC3\xAFve" },                          /* NFC composition */
    { "abc\xEF\xBF\xBD" "def", "abc def" },                       /* U+FFFD separates */
    { "\xEF\xAC\x81nance", "finance" },                           /* fi ligature */
    { "inter\xC2\xADnational", "international" },                 /* soft hyphen */
    { "one\xE2\x80\x8Btwo", "one two" },                           /* zero-width space */
    { "\xEF\xBB\xBFHello", "hello" },                              /* BOM */
};

static sl_text *T;
static sl_doc D;

static void setup(void) { T = sl_text_new("en"); memset(&D, 0, sizeof D); }
static void teardown(void) { sl_doc_free(&D); sl_text_free(T); }

static void analyze(const char *s, size_t n)
{
    char *rep;
    size_t rl, bad;
    cr_assert_eq(sl_utf8_repair(s, n, &rep, &rl, &bad), 0);
    cr_assert_eq(sl_text_analyze(T, rep, rl, NULL, 0, &D), 0);
    sl_free(rep);
}

static void join_norms(char *out, size_t cap, int stems)
{
    size_t o = 0;
    out[0] = 0;
    for (size_t i = 0; i < D.toks.n; i++) {
        const char *w = stems ? sl_tok_stem(&D, &D.toks.v[i]) : sl_tok_norm(&D, &D.toks.v[i]);
        int n = snprintf(out + o, cap - o, "%s%s", i ? " " : "", w);
        if (n < 0 || (size_t)n >= cap - o) break;
        o += (size_t)n;
    }
}

TestSuite(text_tokens, .init = setup, .fini = teardown);

Test(text_tokens, table)
{
    char got[2048];
    cr_assert_geq(SL_ARRAY_LEN(CASES), 30);
    for (size_t i = 0; i < SL_ARRAY_LEN(CASES); i++) {
        analyze(CASES[i].in, strlen(CASES[i].in));
        join_norms(got, sizeof got, 0);
        cr_expect_str_eq(got, CASES[i].norms, "case %zu [%s]: got [%s] want [%s]", i,
                         CASES[i].in, got, CASES[i].norms);
        for (size_t k = 0; k < D.toks.n; k++) {
            const sl_token *t = &D.toks.v[k];
            cr_assert_lt(t->start, t->end);
            cr_assert(k == 0 || D.toks.v[k - 1].end <= t->start);
            cr_assert_eq(t->hash, sl_hash64(sl_tok_norm(&D, t), strlen(sl_tok_norm(&D, t))));
            cr_assert_eq(t->stem_hash,
                         sl_hash64(sl_tok_stem(&D, t), strlen(sl_tok_stem(&D, t))));
        }
    }
}

/* Every spelling of a possessive leaves the same content stems. */
Test(text_tokens, possessive_forms_agree)
{
    static const char *const forms[] = { "Syria's army", "Syria\xE2\x80\x99s army",
                                         "Syria 's army", "Syria s army", "Syria army",
                                         "SYRIA'S ARMY" };
    char want[256], got[256];
    for (size_t f = 0; f < SL_ARRAY_LEN(forms); f++) {
        analyze(forms[f], strlen(forms[f]));
        size_t o = 0;
        got[0] = 0;
        for (size_t k = 0; k < D.toks.n; k++)
            if (!(D.toks.v[k].flags & SL_TOK_STOP))
                o += (size_t)snprintf(got + o, sizeof got - o, "%s ", sl_tok_stem(&D, &D.toks.v[k]));
        if (f == 0) strcpy(want, got);
        cr_expect_str_eq(got, want, "form [%s]", forms[f]);
    }
    cr_assert_str_eq(want, "syria armi ");
}

Test(text_tokens, stems)
{
    char got[512];
    const char *in = "Running runs ran 1990s militias militia's U.S. 's";
    analyze(in, strlen(in));
    join_norms(got, sizeof got, 1);
    cr_assert_str_eq(got, "run run ran 1990s militia militia 's u.s. 's");
    /* the cache gives the same answer the second time */
    analyze(in, strlen(in));
    join_norms(got, sizeof got, 1);
    cr_assert_str_eq(got, "run run ran 1990s militia militia 's u.s. 's");
}

typedef struct fcase {
    const char *in;
    size_t tok;
    uint32_t set, clear;
} fcase;

Test(text_tokens, flags)
{
    static const fcase F[] = {
        { "Syria", 0, SL_TOK_CAP | SL_TOK_SENT0, SL_TOK_ALLCAP | SL_TOK_NUM | SL_TOK_STOP },
        { "the AFP said", 1, SL_TOK_CAP | SL_TOK_ALLCAP, SL_TOK_SENT0 },
        { "I went", 0, SL_TOK_CAP | SL_TOK_STOP, SL_TOK_ALLCAP },        /* one letter */
        { "at 2017", 1, SL_TOK_NUM, SL_TOK_CAP },
        { "F-16", 0, SL_TOK_NUM | SL_TOK_CAP, SL_TOK_ALLCAP },   /* one letter */
        { "U.S-backed", 0, SL_TOK_CAP, SL_TOK_NUM | SL_TOK_ALLCAP },
        { "The end", 0, SL_TOK_STOP | SL_TOK_SENT0 | SL_TOK_CAP, 0 },
        { "x \xE6\x97\xA5", 1, SL_TOK_CJK, SL_TOK_CAP | SL_TOK_STOP },
        { "\xC3\x89" "COLE", 0, SL_TOK_CAP | SL_TOK_ALLCAP, 0 },
        { "iPhone", 0, 0, SL_TOK_CAP | SL_TOK_ALLCAP },
        { "One. Two", 1, SL_TOK_SENT0, 0 },
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(F); i++) {
        analyze(F[i].in, strlen(F[i].in));
        cr_assert_gt(D.toks.n, F[i].tok, "case %zu", i);
        uint32_t fl = D.toks.v[F[i].tok].flags;
        cr_expect_eq(fl & F[i].set, F[i].set, "case %zu [%s]: flags %x", i, F[i].in, fl);
        cr_expect_eq(fl & F[i].clear, 0, "case %zu [%s]: flags %x", i, F[i].in, fl);
    }
}

Test(text_tokens, very_long_token)
{
    size_t n = 200000;
    char *s = sl_malloc(n + 3);
    memset(s, 'a', n);
    memcpy(s + n, " b", 3);
    analyze(s, n + 2);
    cr_assert_eq(D.toks.n, 2);
    cr_assert_eq(D.toks.v[0].end - D.toks.v[0].start, n);
    cr_assert_eq(strlen(sl_tok_norm(&D, &D.toks.v[0])), n);
    sl_free(s);
}

Test(text_tokens, fold_and_stopwords)
{
    char *f = sl_text_fold("\xC3\x89" "cole Syria\xE2\x80\x99s", strlen("\xC3\x89" "cole Syria\xE2\x80\x99s"));
    cr_assert_str_eq(f, "\xC3\xA9" "cole syria's");
    sl_free(f);
    f = sl_text_fold(NULL, 0);
    cr_assert_str_eq(f, "");
    sl_free(f);
    f = sl_text_fold("\xFF\xFE", 2);   /* unrepaired bytes are kept, not dropped */
    cr_assert_not_null(f);
    sl_free(f);
    cr_assert(sl_is_stopword("the"));
    cr_assert(sl_is_stopword("'s"));
    cr_assert(sl_is_stopword("n't"));
    cr_assert(sl_is_stopword("s"));
    cr_assert(!sl_is_stopword("syria"));
    cr_assert(!sl_is_stopword("said"));
    cr_assert(!sl_is_stopword(""));
    cr_assert(!sl_is_stopword(NULL));
    cr_assert(!sl_is_stopword("The"));   /* expects a folded form */
}

Test(text_tokens, bad_arguments)
{
    cr_assert_eq(sl_text_analyze(NULL, "a", 1, NULL, 0, &D), -1);
    cr_assert_eq(sl_text_analyze(T, NULL, 5, NULL, 0, &D), -1);
    cr_assert_eq(sl_text_analyze(T, NULL, 0, NULL, 0, &D), 0);
    cr_assert_eq(D.toks.n, 0);
    sl_text_free(NULL);
    sl_doc_free(NULL);
    sl_text *t2 = sl_text_new("xx");   /* unknown language: English */
    cr_assert_not_null(t2);
    sl_text_free(t2);
}

/* The stem cache fills, is emptied and refills: stems stay right. */
Test(text_tokens, stem_cache_overflow)
{
    sl_text *fresh = sl_text_new("en");
    sl_doc d2 = { 0 };
    char *buf = sl_malloc(40000 * 8);
    for (int round = 0; round < 3; round++) {
        size_t o = 0;
        for (int k = 0; k < 40000; k++) {
            int v = k + round * 7919;
            buf[o++] = 'a' + v % 26, v /= 26;
            buf[o++] = 'a' + v % 26, v /= 26;
            buf[o++] = 'a' + v % 26, v /= 26;
            buf[o++] = 'a' + v % 26;
            memcpy(buf + o, "ing ", 4);
            o += 4;
        }
        analyze(buf, o);
        cr_assert_eq(D.toks.n, 40000);
        for (size_t k = 0; k < D.toks.n; k += 997) {
            const sl_token *t = &D.toks.v[k];
            cr_assert_eq(sl_text_analyze(fresh, buf + t->start, t->end - t->start, NULL, 0, &d2), 0);
            cr_assert_str_eq(sl_tok_stem(&D, t), sl_tok_stem(&d2, &d2.toks.v[0]));
            cr_assert_eq(t->stem_hash, d2.toks.v[0].stem_hash);
        }
    }
    sl_free(buf);
    sl_doc_free(&d2);
    sl_text_free(fresh);
}
