/*
 * test_date_fuzz.c - random input must never crash, read outside the
 * buffer (run under ASan), or break the output invariants: spans inside the
 * text, in order, non-overlapping, values NUL-terminated, resolved dates
 * valid. Inputs are random bytes and random mixes of date words, numbers
 * and punctuation (deterministic seed), each in an exact-size buffer.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "date/date.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

static const char *PIECES[] = {
    "May", "may", "March", "Sunday", "Sunday Times", "on", "in", "from", "to", "between", "and", "-", "\xe2\x80\x93",
    "28", "29", "5th", "2017", "2014", "1,500", "$", "%", ",", ".", "Sept.", "Oct", "of", "the", "last", "next",
    "this", "week", "weeks", "ago", "two", "a", "few", "every", "early", "mid", "-", "yesterday", "will", "'ll",
    "\xe2\x80\x99", "night", "1990s", "/", "10", "13", "2017-10-07", ":", "\xff", "\xc2\xa0", "\n", "Thursday",
    "31", "February", "30", "-LRB-", "`` ", "old", "year", "hours", "since", "now",
    "|", "pm", "a.m.", "p", "m", "GMT", "EDT", "at", "Posted", "Updated", "17.42", "11:26", "23:01:00",
};

static void check(const sl_date_ctx *c, const char *buf, size_t len)
{
    sl_timex tx[64];
    size_t n = sl_date_find(c, buf, len, tx, 64);
    uint32_t last = 0;
    for (size_t k = 0; k < n && k < 64; k++) {
        const sl_timex *x = &tx[k];
        if (!(x->start < x->end && x->end <= len && x->start >= last))
            cr_assert_fail("bad span [%u,%u) len %zu", x->start, x->end, len);
        last = x->end;
        cr_assert(memchr(x->value, 0, sizeof x->value) && memchr(x->value2, 0, sizeof x->value2));
        cr_assert(x->type <= SL_TIMEX_SET);
        if (x->gran == SL_GRAN_DAY || x->gran == SL_GRAN_WEEK)
            cr_assert(sl_date_valid(x->date.y, x->date.m, x->date.d), "invalid date in %s", x->value);
    }
    sl_ymd out;
    sl_date_pick(tx, n < 64 ? n : 64, &out);
    sl_date_pub p;
    if (sl_date_from_dateline(buf, len, &p) == 0) cr_assert(p.end <= len && sl_date_valid(p.date.y, p.date.m, p.date.d));
    sl_date_parse_meta(buf, len, &out);
}

Test(date_fuzz, random_bytes)
{
    sl_date_ctx c = {{2017, 10, 7}, 0};
    for (int it = 0; it < 3000; it++) {
        size_t len = next() % 200;
        char *buf = malloc(len ? len : 1);
        for (size_t i = 0; i < len; i++) buf[i] = (char)(next() & 0xFF);
        check(&c, buf, len);
        free(buf);
    }
}

Test(date_fuzz, random_date_words)
{
    sl_date_ctx refs[] = {{{2017, 10, 7}, 0}, {{0, 0, 0}, 0}, {{0, 0, 0}, 2017}, {{1, 1, 1}, 0}, {{9999, 12, 31}, 0}};
    char tmp[2048];
    for (int it = 0; it < 20000; it++) {
        size_t w = 0, nw = next() % 14;
        for (size_t i = 0; i < nw; i++) {
            const char *p = PIECES[next() % (sizeof PIECES / sizeof PIECES[0])];
            size_t l = strlen(p);
            if (w + l + 1 >= sizeof tmp) break;
            memcpy(tmp + w, p, l);
            w += l;
            if (next() % 4) tmp[w++] = ' ';
        }
        char *buf = malloc(w ? w : 1);
        memcpy(buf, tmp, w);
        check(&refs[it % 5], buf, w);
        free(buf);
    }
}
