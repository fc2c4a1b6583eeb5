/*
 * test_date_stamp.c - time stamps (SL_TX_TIMESTAMP): a date printed next to
 * a clock time or a '|' is when the page was written, not an event the
 * sentence reports; sl_date_pick ignores it. Table-driven: each row is a
 * sentence, the expression text to look at, and whether it is a stamp.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "date/date.h"

typedef struct row {
    const char *text;
    const char *expr;   /* the expression's exact text */
    int stamp;          /* expected SL_TX_TIMESTAMP */
} row;

static const row ROWS[] = {
    /* comment and blog headers */
    {"January 28 , 2011 at 11:26 pm | Reply My soul praises the Lord", "January 28 , 2011", 1},
    {"Posted by : AJB | September 16 , 2008 12:28 PM | Report abuse", "September 16 , 2008", 1},
    {"At 2:13 pm on 28 May 2010 , corum wrote : Before commenting", "28 May 2010", 1},
    {"-- June 02 , 2010 2:41 PM Nice .", "June 02 , 2010", 1},
    /* page and wire datelines */
    {"Tuesday 5 May 2009 17.42 BST A policeman guards the hotel", "Tuesday 5 May 2009", 1},
    {"LONDON | Mon May 10 , 2010 7:51 am EDT LONDON -LRB- Reuters -RRB- - Oil major BP said", "May 10 , 2010", 1},
    {"Sat Jan 15 2011 23:01:00 As clashes spread", "Jan 15 2011", 1},
    {"Wednesday , August 4 , 2010 ; 3:54 PM A procedure to pump heavy mud", "Wednesday , August 4 , 2010", 1},
    {"6 January 2011 Last updated at 17:03 GMT Help A US report", "6 January 2011", 1},
    {"Mary Hockaday | 17:45 UK time , Wednesday , 29 April 2009 This week", "Wednesday , 29 April 2009", 1},
    {"By Jane Doe | May 03, 2013", "May 03, 2013", 1},
    {"C'mon people ... February 10 , 2011 at 8:53 pm | Report abuse | Reply I think", "February 10 , 2011", 1},
    {"flu outbreaks Saturday 25 April 2009 22.09 BST A member of cabin crew", "Saturday 25 April 2009", 1},
    {"of the Guardian on 01.06 BST on Tuesday 8 June 2010 Follow the latest news", "Tuesday 8 June 2010", 1},
    {"PUBLISHED: 02:31 GMT, 12 March 2013", "12 March 2013", 1},
    /* live blogs: a stamp word makes a weekday a stamp; the second clock has none */
    {"-LRB- Update 1:33 a.m. Wednesday in Cairo , 6:33 p.m. ET Tuesday -RRB- Obama spoke", "Wednesday", 1},
    {"-LRB- Update 1:33 a.m. Wednesday in Cairo , 6:33 p.m. ET Tuesday -RRB- Obama spoke", "Tuesday", 0},
    /* event mentions: no clock, or a clock inside the sentence's telling */
    {"The earthquake struck at 11:30 a.m. on March 17 , 2013 , officials said .", "March 17 , 2013", 0},
    {"Firefighters were alerted to the fire on the roof at 20:49 GMT on Friday .", "Friday", 0},
    {"the blaze , which started about 9:40 p.m. Friday -LRB- 1:40 a.m. ET Saturday -RRB- .", "Friday", 0},
    {"the blaze , which started about 9:40 p.m. Friday -LRB- 1:40 a.m. ET Saturday -RRB- .", "Saturday", 0},
    {"She passed away at 6:41pm PST this evening (02:41 GMT Friday) in a hospital", "this evening", 0},
    {"She passed away at 6:41pm PST this evening (02:41 GMT Friday) in a hospital", "Friday", 0},
    {"The vote on March 3 , 2011 at 10 a.m. passed .", "March 3 , 2011", 0},
    {"At 2:30 this afternoon , Senator McCain returned Senator Obama 's call", "this afternoon", 0},
    {"Obama spoke with Mubarak by phone Tuesday for roughly 30 minutes .", "Tuesday", 0},
    {"The polls closed on Friday at 10 a.m. and counting began .", "Friday", 0},
    {"The well was capped on 15 July , when BP put a temporary cap on it .", "15 July", 0},
    {"Prices rose 3.84 percent on May 5 , 2010 .", "May 5 , 2010", 0},
    {"The vote on Sunday , 22 October was delayed by 24 hours .", "Sunday , 22 October", 0},
    {"Shares fell 17.42 on 5 May .", "5 May", 0},
    {"The meeting ran from 10 to 12 March in Geneva .", "10 to 12 March", 0},
    {"Updated guidance was issued on 3 March .", "3 March", 0},
    {"The 2010 at-sea tests ended .", "2010", 0},
};

static const sl_timex *find_expr(const sl_timex *tx, size_t n, const char *text, const char *expr)
{
    for (size_t k = 0; k < n; k++)
        if (tx[k].end - tx[k].start == strlen(expr) && !memcmp(text + tx[k].start, expr, strlen(expr)))
            return &tx[k];
    return NULL;
}

Test(date_stamp, table)
{
    sl_date_ctx c;
    memset(&c, 0, sizeof c);
    c.ref = (sl_ymd){2011, 1, 30};
    for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0]; i++) {
        const row *r = &ROWS[i];
        sl_timex tx[16];
        size_t n = sl_date_find(&c, r->text, strlen(r->text), tx, 16);
        const sl_timex *x = find_expr(tx, n < 16 ? n : 16, r->text, r->expr);
        cr_assert_not_null(x, "row %zu: \"%s\" not found in \"%s\"", i, r->expr, r->text);
        cr_expect_eq(!!(x->flags & SL_TX_TIMESTAMP), r->stamp, "row %zu: \"%s\" in \"%s\": stamp %d", i, r->expr,
                     r->text, !!(x->flags & SL_TX_TIMESTAMP));
        cr_expect_neq(x->value[0], 0, "row %zu: a stamp still has its value", i);
    }
}

/* A stamp still resolves; sl_date_pick skips it for the event date. */
Test(date_stamp, pick_ignores_stamps)
{
    sl_date_ctx c;
    memset(&c, 0, sizeof c);
    c.ref = (sl_ymd){2011, 2, 4};
    const char *s = "February 3 , 2011 at 5:18 pm | Mubarak said on Tuesday he would not run again .";
    sl_timex tx[8];
    size_t n = sl_date_find(&c, s, strlen(s), tx, 8);
    cr_assert_eq(n, 2);
    cr_expect(tx[0].flags & SL_TX_TIMESTAMP);
    cr_expect_str_eq(tx[0].value, "2011-02-03");
    cr_expect(!(tx[1].flags & SL_TX_TIMESTAMP));
    sl_ymd y;
    cr_assert_eq(sl_date_pick(tx, n, &y), SL_GRAN_DAY);
    cr_expect(y.y == 2011 && y.m == 2 && y.d == 1, "the Tuesday before 2011-02-04, not the stamp: %d-%d-%d", y.y,
              y.m, y.d);
    /* only a stamp: no date at all */
    const char *t = "Posted by : AJB | September 16 , 2008 12:28 PM | Report abuse";
    n = sl_date_find(&c, t, strlen(t), tx, 8);
    cr_assert_eq(n, 1);
    cr_expect_eq(sl_date_pick(tx, n, &y), SL_GRAN_NONE);
    cr_expect_eq(sl_date_of_sentence(&c, t, strlen(t), &y), SL_GRAN_NONE);
    cr_expect_eq(y.y, 0);
}

/* Clock-like text at the very ends of the buffer, lone pieces, line starts. */
Test(date_stamp, edges)
{
    static const char *const texts[] = {
        "|", "5 May |", "| 5 May", "5 May 2010 12:", "5 May 2010 12:3", "5 May 2010 1:30 p.", "5 May 2010 1:30 p.m",
        "11:26 pm 5 May", ": 5 May", "at 24:00 on 5 May 2010", "5 May 2010 99:99", "5 May 2010 at", "pm 5 May 2010",
        "At 9:00 on 5 May 2010", "Sales rose on 5 May 2010 at 9:00",
    };
    static const int stamp[] = {-1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0};
    sl_date_ctx c;
    memset(&c, 0, sizeof c);
    c.ref = (sl_ymd){2010, 5, 9};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        sl_timex tx[4];
        size_t n = sl_date_find(&c, texts[i], strlen(texts[i]), tx, 4);
        if (stamp[i] < 0) {
            cr_expect_eq(n, 0, "%s", texts[i]);
            continue;
        }
        cr_assert_geq(n, 1, "%s", texts[i]);
        cr_expect_eq(!!(tx[0].flags & SL_TX_TIMESTAMP), stamp[i], "\"%s\": stamp %d", texts[i],
                     !!(tx[0].flags & SL_TX_TIMESTAMP));
    }
}
