/*
 * test_date_pick.c - exact offsets, the output-capacity contract, and the
 * per-sentence date policy (sl_date_pick / sl_date_of_sentence).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "date/date.h"

static sl_date_ctx ctx_ref(int y, int m, int d)
{
    sl_date_ctx c;
    memset(&c, 0, sizeof c);
    c.ref = (sl_ymd){y, m, d};
    return c;
}

Test(date_pick, exact_offsets)
{
    sl_date_ctx c = ctx_ref(2017, 10, 7);
    const char *s = "Syrian regime forces on Friday entered the town, after clashes from 28 to 29 October.";
    sl_timex tx[4];
    size_t n = sl_date_find(&c, s, strlen(s), tx, 4);
    cr_assert_eq(n, 2);
    cr_expect_eq(tx[0].start, 24);
    cr_expect_eq(tx[0].end, 30);
    cr_expect_eq(tx[1].start, 68);
    cr_expect_eq(tx[1].end, 84);
    cr_expect(!memcmp(s + 68, "28 to 29 October", 16));
}

Test(date_pick, offsets_with_utf8_before)
{
    sl_date_ctx c = ctx_ref(2017, 10, 7);
    const char *s = "Syria\xe2\x80\x99s army \xe2\x80\x94 \xc3\xa9t\xc3\xa9 \xe2\x80\x93 on 5 September";
    sl_timex tx[2];
    size_t n = sl_date_find(&c, s, strlen(s), tx, 2);
    cr_assert_eq(n, 1);
    cr_expect_eq(tx[0].end, strlen(s));
    cr_expect_eq(tx[0].start, strlen(s) - strlen("5 September"));
    cr_expect_str_eq(tx[0].value, "2017-09-05");
}

Test(date_pick, offsets_ptb)
{
    sl_date_ctx c = ctx_ref(2011, 2, 1);
    const char *s = "CAIRO , Egypt -LRB- CNN -RRB- -- Protests that began Jan. 25 , 2011 went on .";
    sl_timex tx[2];
    size_t n = sl_date_find(&c, s, strlen(s), tx, 2);
    cr_assert_eq(n, 1);
    cr_expect_eq(tx[0].start, (uint32_t)(strstr(s, "Jan.") - s));
    cr_expect_eq(tx[0].end, (uint32_t)(strstr(s, " went") - s));
}

Test(date_pick, capacity_reports_total)
{
    sl_date_ctx c = ctx_ref(2017, 10, 7);
    const char *s = "on Monday, Tuesday and Wednesday";
    sl_timex tx[1];
    cr_expect_eq(sl_date_find(&c, s, strlen(s), NULL, 0), 3);
    cr_expect_eq(sl_date_find(&c, s, strlen(s), tx, 1), 3);
    cr_expect_str_eq(tx[0].value, "2017-10-02");
    cr_expect_eq(sl_date_find(&c, NULL, 5, tx, 1), 0);
    cr_expect_eq(sl_date_find(NULL, s, strlen(s), tx, 1), 3);   /* NULL ctx = nothing known */
    cr_expect_str_eq(tx[0].value, "XXXX-WXX-1");
}

Test(date_pick, long_text_windows)
{
    /* more tokens than one window: expressions late in the text still found */
    static char big[40000];
    size_t w = 0;
    for (int i = 0; i < 600; i++) w += (size_t)snprintf(big + w, sizeof big - w, "word %d went on. ", i);
    w += (size_t)snprintf(big + w, sizeof big - w, "It ended on 5 September 2017.");
    sl_timex tx[4];
    sl_date_ctx c = ctx_ref(2017, 10, 7);
    size_t n = sl_date_find(&c, big, w, tx, 4);
    cr_assert_eq(n, 1);
    cr_expect_str_eq(tx[0].value, "2017-09-05");
    cr_expect(!memcmp(big + tx[0].start, "5 September 2017", 16));
}

typedef struct pick_row {
    const char *sent;
    int ry, rm, rd;      /* ref, 0 = none */
    int story_year;
    int gran;
    int y, m, d;
} pick_row;

static const pick_row PICK[] = {
    {"Syrian regime forces on Friday entered the eastern town of Mayadeen.", 2017, 10, 7, 0, SL_GRAN_DAY, 2017, 10, 6},
    {"The army escalated bombing on Sunday of areas of the city.", 0, 0, 0, 0, SL_GRAN_NONE, 0, 0, 0},
    {"The army escalated bombing on Sunday of areas of the city.", 0, 0, 0, 2017, SL_GRAN_NONE, 0, 0, 0},
    {"broke the siege on 5 September, entering via the Brigade 137 base", 0, 0, 0, 2017, SL_GRAN_DAY, 2017, 9, 5},
    {"In 2014, it seized the city on 5 September.", 0, 0, 0, 2017, SL_GRAN_DAY, 2017, 9, 5},
    {"In September 2014, it seized the city.", 0, 0, 0, 0, SL_GRAN_MONTH, 2014, 9, 0},
    {"In 2014 it seized the city.", 0, 0, 0, 0, SL_GRAN_YEAR, 2014, 0, 0},
    {"It has held the city since Monday and attacked on Tuesday.", 2017, 10, 7, 0, SL_GRAN_DAY, 2017, 10, 3},
    {"It has held the city since Monday.", 2017, 10, 7, 0, SL_GRAN_DAY, 2017, 10, 2},
    {"The siege lasted two weeks, every day.", 2017, 10, 7, 0, SL_GRAN_NONE, 0, 0, 0},
    {"Talks are going on now.", 2017, 10, 7, 0, SL_GRAN_NONE, 0, 0, 0},
    {"Russian air strikes on Thursday night killed 14 people.", 2017, 10, 7, 0, SL_GRAN_DAY, 2017, 10, 5},
    {"Earlier this week, the jihadists launched an assault.", 2017, 10, 5, 0, SL_GRAN_WEEK, 2017, 10, 2},
    {"Clashes from 28 to 29 October killed 70.", 0, 0, 0, 2017, SL_GRAN_DAY, 2017, 10, 28},
    {"Last month, they broke the siege; last year it began.", 2017, 10, 5, 0, SL_GRAN_MONTH, 2017, 9, 0},
    {"No date in this sentence at all.", 2017, 10, 5, 0, SL_GRAN_NONE, 0, 0, 0},
    {"About 2014 people attended.", 2017, 10, 5, 0, SL_GRAN_NONE, 0, 0, 0},
};

Test(date_pick, policy)
{
    for (size_t i = 0; i < sizeof PICK / sizeof PICK[0]; i++) {
        const pick_row *r = &PICK[i];
        sl_date_ctx c = ctx_ref(r->ry, r->rm, r->rd);
        c.story_year = r->story_year;
        sl_ymd out = {7, 7, 7};
        int g = sl_date_of_sentence(&c, r->sent, strlen(r->sent), &out);
        cr_expect_eq(g, r->gran, "row %zu \"%s\": gran %d", i, r->sent, g);
        cr_expect(out.y == r->y && out.m == r->m && out.d == r->d, "row %zu \"%s\": %d-%d-%d", i, r->sent,
                  out.y, out.m, out.d);
    }
}

Test(date_pick, empty_list)
{
    sl_ymd out = {1, 1, 1};
    cr_expect_eq(sl_date_pick(NULL, 0, &out), SL_GRAN_NONE);
    cr_expect_eq(out.y, 0);
}
