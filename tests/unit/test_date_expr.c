/*
 * test_date_expr.c - table-driven tests of sl_date_find / sl_date_pick:
 * one row per sentence, with its reference date (or none), an optional
 * story-year hint, and the exact list of expressions expected as
 * "text|TYPE|value[/value2]" items joined by ";" ("" = nothing fires).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date/date.h"

int sl_date_lexicon_check_(void);

typedef struct row {
    const char *sent;
    const char *ref;        /* YYYY-MM-DD or NULL */
    int story_year;
    const char *expect;
} row;

static const row ROWS[] = {
    /* ---- seeds ---- */
    {"Syrian regime forces on Friday entered the eastern town of Mayadeen.", "2017-10-07", 0, "Friday|DATE|2017-10-06"},
    {"The Observatory said Russian air strikes on Thursday night killed 14 people.", "2017-10-07", 0, "Thursday night|TIME|2017-10-05TNI"},
    {"On Wednesday, another Russian air strike killed 38 civilians.", "2017-10-07", 0, "Wednesday|DATE|2017-10-04"},
    {"killed at least 18 civilians in a strike on Raqqa on Tuesday.", "2017-10-07", 0, "Tuesday|DATE|2017-10-03"},
    {"since the battle for east Aleppo late last year.", "2017-10-07", 0, "late last year|DATE|2016"},
    {"\"For the past two weeks, we have seen an increasingly worrying spike\"", "2017-10-07", 0, "the past two weeks|DURATION|P2W"},
    {"destroyed in US-led coalition air strikes in 2015.", "2017-10-07", 0, "2015|DATE|2015"},
    {"1 million a month, according to the coalition.", "2017-10-07", 0, "a month|DURATION|P1M"},
    {"The Syrian army escalated bombing on Sunday of areas of the city.", NULL, 0, "Sunday|DATE|XXXX-WXX-7"},
    {"escalated bombing Sunday of areas of the Syrian city of Deir al-Zor", NULL, 0, "Sunday|DATE|XXXX-WXX-7"},
    {"Also Sunday, the Syrian Foreign Ministry said in a statement", NULL, 0, "Sunday|DATE|XXXX-WXX-7"},
    {"after it opened a land route into the city in September with the help", NULL, 0, "September|DATE|XXXX-09"},
    {"after it opened a land route into the city in September with the help", NULL, 2017, "September|DATE|2017-09"},
    {"the militants lost earlier this month.", NULL, 0, "earlier this month|DATE|XXXX-XX"},
    {"The coalition secured the Omar oilfield, Syria s largest oilfield, this month.", "2017-10-23", 0, "this month|DATE|2017-10"},
    {"less than two weeks after a U.S.-backed alliance drove Daesh out", NULL, 0, "two weeks|DURATION|P2W"},
    {"where an estimated 1,500 civilians are trapped.", NULL, 0, ""},
    {"Syria s more than six-year long civil war.", NULL, 0, "six-year|DURATION|P6Y"},
    {"in a two-month-long campaign backed by Russian air power", NULL, 2017, "two-month|DURATION|P2M"},
    {"broke a three-yearIsis siege of a regime enclave in the city in early September.", NULL, 2017, "early September|DATE|2017-09"},
    {"lost most of the territory they seized in a lightning 2014 advance across Syria", NULL, 2017, "2014|DATE|2014"},
    {"After Syria's uprising broke out in 2011 with anti-government protests", NULL, 2017, "2011|DATE|2011"},
    {"By January 2015, it had seized parts of the city", NULL, 2017, "January 2015|DATE|2015-01"},
    {"the militants were still able to seize more territory in January.", NULL, 2017, "January|DATE|2017-01"},
    {"broke the siege on the northern part of the city on 5 September, entering via the Brigade 137 base", NULL, 2017, "5 September|DATE|2017-09-05"},
    {"The UN began air dropping aid into the city in April 2016, but the programme was briefly suspended after the militant advance in January overran", NULL, 2017,
     "April 2016|DATE|2016-04;January|DATE|2017-01"},
    {"captured two new districts and the municipal stadium from 28 to 29 October, the Observatory said.", NULL, 2017, "28 to 29 October|DATE|2017-10-28/2017-10-29"},
    {"The SDF announced the recapture of Al-Omar, one of Syria\xe2\x80\x99s largest oilfields, on 22 October \xe2\x80\x93 a week after regime forces had seized",
     NULL, 2017, "22 October|DATE|2017-10-22;a week|DURATION|P1W"},
    {"On Thursday, the Observatory said Syria\xe2\x80\x99s army had captured the last areas", NULL, 2017, "Thursday|DATE|XXXX-WXX-4"},
    {"Russia's warplanes have conducted more than 50 raids since early Monday on eastern Deir Ezzor province", "2017-11-08", 0, "early Monday|DATE|2017-11-06"},
    {"has left more than 3000 people killed including 955 civilians since September, the deadliest month of the conflict this year",
     "2017-10-05", 0, "September|DATE|2017-09;this year|DATE|2017"},
    {"The 955 civilians killed in September included 207 children", "2017-10-05", 0, "September|DATE|2017-09"},
    {"Earlier this week, the jihadists launched an assault", "2017-10-05", 0, "Earlier this week|DATE|2017-W40"},
    {"has been held by IS since 2014.", "2017-10-05", 0, "2014|DATE|2014"},
    {"Last month, they broke a years-long IS siege of government enclaves", "2017-10-05", 0, "Last month|DATE|2017-09"},
    {"On Friday, 10 Hezbollah fighters killed by ISIS in Homs desert", "2017-10-05", 0, "Friday|DATE|2017-09-29"},

    /* ---- absolute dates, all orders ---- */
    {"It happened on 5 September.", "2017-10-07", 0, "5 September|DATE|2017-09-05"},
    {"It happened on September 5.", "2017-10-07", 0, "September 5|DATE|2017-09-05"},
    {"It happened on September 5, 2016.", "2017-10-07", 0, "September 5, 2016|DATE|2016-09-05"},
    {"It happened on the 5th of September.", "2017-10-07", 0, "5th of September|DATE|2017-09-05"},
    {"07 October, 2017", NULL, 0, "07 October, 2017|DATE|2017-10-07"},
    {"Posted Sept. 5 by staff", "2017-10-07", 0, "Sept. 5|DATE|2017-09-05"},
    {"The report is dated 2017-10-05 in the archive.", NULL, 0, "2017-10-05|DATE|2017-10-05"},
    {"Filed 10/25/2017 in court.", NULL, 0, "10/25/2017|DATE|2017-10-25"},
    {"Filed 25/10/2017 in court.", NULL, 0, "25/10/2017|DATE|2017-10-25"},
    {"Filed 10/10/2017 in court.", NULL, 0, "10/10/2017|DATE|2017-10-10"},
    {"Filed 10/05/2017 in court.", NULL, 0, ""},
    {"Filed 13/13/2017 in court.", NULL, 0, ""},
    {"Cairo , Egypt -LRB- CNN -RRB- -- Jan. 25 , 2011 was a day of rage.", NULL, 0, "Jan. 25 , 2011|DATE|2011-01-25;a day|DURATION|P1D"},
    {"Mubarak stepped down as president of Egypt on February 11 .", "2011-02-12", 0, "February 11|DATE|2011-02-11"},
    {"Mubarak stepped down on February 11 .", NULL, 0, "February 11|DATE|XXXX-02-11"},
    {"The spill began on April 20, 2010, off Louisiana.", NULL, 0, "April 20, 2010|DATE|2010-04-20"},
    {"The spill began April 20th.", "2010-06-01", 0, "April 20th|DATE|2010-04-20"},
    {"The well was capped on July 15th , 2010 .", NULL, 0, "July 15th , 2010|DATE|2010-07-15"},
    {"Sunday 8 October 2017", NULL, 0, "Sunday 8 October 2017|DATE|2017-10-08"},
    {"Sunday, October 8, 2017", NULL, 0, "Sunday, October 8, 2017|DATE|2017-10-08"},
    {"on Oct 7 2017 at noon", NULL, 0, "Oct 7 2017|DATE|2017-10-07"},
    {"May 03, 2013", NULL, 0, "May 03, 2013|DATE|2013-05-03"},
    {"on 3 May the vote took place", "2013-05-10", 0, "3 May|DATE|2013-05-03"},
    {"March 15 marked the anniversary", "2013-05-10", 0, "March 15|DATE|2013-03-15"},
    {"DECEMBER 28 was cold", "2018-01-03", 0, "DECEMBER 28|DATE|2017-12-28"},
    {"December 28 was cold", "2018-01-03", 0, "December 28|DATE|2017-12-28"},
    {"The vote is due on January 5.", "2017-12-20", 0, "January 5|DATE|2018-01-05"},
    /* nearest wins; the past tense is not read (documented gap) */
    {"The talks took place on January 5.", "2017-12-20", 0, "January 5|DATE|2018-01-05"},
    {"The talks took place on January 5.", "2018-03-20", 0, "January 5|DATE|2018-01-05"},
    {"Elections will be held on March 5.", "2017-11-20", 0, "March 5|DATE|2018-03-05"},
    {"It was signed on February 29.", "2016-03-10", 0, "February 29|DATE|2016-02-29"},
    {"It was signed on February 30.", "2016-03-10", 0, ""},
    {"It was signed on 31 April 2016.", NULL, 0, ""},
    {"It was signed on 32 May.", NULL, 0, ""},
    {"the 2nd of November", NULL, 2017, "2nd of November|DATE|2017-11-02"},
    {"on 1 November 2017 .", NULL, 0, "1 November 2017|DATE|2017-11-01"},
    {"by Nov. 30", "2017-11-08", 0, "Nov. 30|DATE|2017-11-30"},
    {"as of Dec. 1 , 2009", NULL, 0, "Dec. 1 , 2009|DATE|2009-12-01"},

    /* ---- month-year, month, year ---- */
    {"Prices fell in January 2015.", NULL, 0, "January 2015|DATE|2015-01"},
    {"Prices fell in January.", "2015-03-02", 0, "January|DATE|2015-01"},
    {"Prices fell in December.", "2015-03-02", 0, "December|DATE|2014-12"},
    {"Prices will rise in December.", "2015-03-02", 0, "December|DATE|2015-12"},
    {"Prices fell in October, 2014 and after.", NULL, 0, "October, 2014|DATE|2014-10"},
    {"the uprising in mid-October", "2017-11-01", 0, "mid-October|DATE|2017-10"},
    {"by the end of October", "2017-11-01", 0, "October|DATE|2017-10"},
    {"between March and May", "2017-11-01", 0, "March and May|DATE|2017-03/2017-05"},
    {"from March to May 2016", NULL, 0, "March to May 2016|DATE|2016-03/2016-05"},
    {"in 2014", NULL, 0, "2014|DATE|2014"},
    {"In 2014 people fled the city.", NULL, 0, "2014|DATE|2014"},
    {"the 2014 elections", NULL, 0, "2014|DATE|2014"},
    {"Egypt 's 2011 revolution", NULL, 0, "2011|DATE|2011"},
    {"from 2011 to 2013", NULL, 0, "2011 to 2013|DATE|2011/2013"},
    {"the 2011-2013 period", NULL, 0, "2011-2013|DATE|2011/2013"},
    {"in early 2014", NULL, 0, "early 2014|DATE|2014"},
    {"in the 1990s", NULL, 0, "1990s|DATE|199"},
    {"September saw heavy fighting.", "2017-10-07", 0, "September|DATE|2017-09"},

    /* ---- things that must not fire ---- */
    {"he may go to the meeting", "2017-10-07", 0, ""},
    {"May I ask a question?", "2017-10-07", 0, ""},
    {"They said May would decide.", "2017-10-07", 0, ""},
    {"Theresa May said the deal was done.", "2017-10-07", 0, ""},
    {"a march on the capital", "2017-10-07", 0, ""},
    {"March on Washington organisers met.", "2017-10-07", 0, ""},
    {"troops march towards the city", "2017-10-07", 0, ""},
    {"The Sunday Times reported the claim.", "2017-10-07", 0, ""},
    {"a speech to the Monday Club", "2017-10-07", 0, ""},
    {"About 2014 people attended.", "2017-10-07", 0, ""},
    {"some 2014 soldiers were deployed", "2017-10-07", 0, ""},
    {"an estimated 1,500 civilians", "2017-10-07", 0, ""},
    {"it cost $2017 in fees", "2017-10-07", 0, ""},
    {"it cost \xc2\xa3" "2017 in fees", "2017-10-07", 0, ""},
    {"up 2014% on the year before", "2017-10-07", 0, ""},
    {"the score was 2014.5 points", "2017-10-07", 0, ""},
    {"at 20:14 local time", "2017-10-07", 0, ""},
    {"April Ryan asked the president", "2017-10-07", 0, ""},
    {"June Carter sang", "2017-10-07", 0, ""},
    {"the april fool", "2017-10-07", 0, ""},
    {"Good Friday agreement", "2017-10-07", 0, ""},
    {"Super Tuesday results", "2017-10-07", 0, ""},
    {"the september issue", "2017-10-07", 0, ""},
    {"Oct was a mess", "2017-10-07", 0, ""},
    {"Room 1998 on floor 3", "2017-10-07", 0, ""},
    {"the road was 1,2014 km long", "2017-10-07", 0, ""},
    {"", "2017-10-07", 0, ""},
    {"\xff\xfe\xfd garbage \xe2\x80", "2017-10-07", 0, ""},
    {"Sundays are quiet", "2017-10-07", 0, ""},

    /* ---- weekdays and tense ---- */
    {"They will meet on Sunday.", "2017-10-07", 0, "Sunday|DATE|2017-10-08"},
    {"They met on Sunday.", "2017-10-07", 0, "Sunday|DATE|2017-10-01"},
    {"They met on Saturday.", "2017-10-07", 0, "Saturday|DATE|2017-10-07"},
    {"They 'll meet on Monday.", "2017-10-07", 0, "Monday|DATE|2017-10-09"},
    {"They wo n't meet on Monday.", "2017-10-07", 0, "Monday|DATE|2017-10-09"},
    {"The vote is scheduled for Tuesday.", "2017-10-07", 0, "Tuesday|DATE|2017-10-10"},
    {"He said he will travel, the ministry said on Tuesday.", "2017-10-07", 0, "Tuesday|DATE|2017-10-03"},
    {"next Sunday", "2017-10-08", 0, "next Sunday|DATE|2017-10-15"},
    {"last Sunday", "2017-10-08", 0, "last Sunday|DATE|2017-10-01"},
    {"on Sunday", "2017-10-08", 0, "Sunday|DATE|2017-10-08"},
    {"last Friday", "2017-10-08", 0, "last Friday|DATE|2017-10-06"},
    {"late Tuesday", "2017-10-08", 0, "late Tuesday|DATE|2017-10-03"},
    {"Wednesday morning", "2017-10-08", 0, "Wednesday morning|TIME|2017-10-04TMO"},
    {"on Monday afternoon", "2017-10-08", 0, "Monday afternoon|TIME|2017-10-02TAF"},
    {"Friday evening", NULL, 0, "Friday evening|TIME|XXXX-WXX-5TEV"},
    {"Friday 's attack", "2017-10-08", 0, "Friday|DATE|2017-10-06"},
    {"Friday's attack", "2017-10-08", 0, "Friday|DATE|2017-10-06"},
    {"north of Damascus Sunday, sending panicked children", "2017-10-30", 0, "Sunday|DATE|2017-10-29"},

    /* ---- relative ---- */
    {"yesterday", "2017-10-07", 0, "yesterday|DATE|2017-10-06"},
    {"today", "2017-10-07", 0, "today|DATE|2017-10-07"},
    {"tomorrow", "2017-12-31", 0, "tomorrow|DATE|2018-01-01"},
    {"yesterday", "2017-03-01", 0, "yesterday|DATE|2017-02-28"},
    {"yesterday", NULL, 0, "yesterday|DATE|XXXX-XX-XX"},
    {"tonight", "2017-10-07", 0, "tonight|TIME|2017-10-07TNI"},
    {"last night", "2017-10-07", 0, "last night|TIME|2017-10-06TNI"},
    {"this morning", "2017-10-07", 0, "this morning|TIME|2017-10-07TMO"},
    {"yesterday morning", "2017-10-07", 0, "yesterday morning|TIME|2017-10-06TMO"},
    {"right now", "2017-10-07", 0, "now|DATE|PRESENT_REF"},
    {"He is currently abroad.", "2017-10-07", 0, "currently|DATE|PRESENT_REF"},
    {"He recently left.", "2017-10-07", 0, "recently|DATE|PAST_REF"},
    {"last month", "2017-01-15", 0, "last month|DATE|2016-12"},
    {"next month", "2017-12-15", 0, "next month|DATE|2018-01"},
    {"this month", "2017-10-07", 0, "this month|DATE|2017-10"},
    {"last month", NULL, 0, "last month|DATE|XXXX-XX"},
    {"last week", "2017-10-07", 0, "last week|DATE|2017-W39"},
    {"this week", "2018-01-01", 0, "this week|DATE|2018-W01"},
    {"this week", "2016-01-01", 0, "this week|DATE|2015-W53"},
    {"last week", NULL, 0, "last week|DATE|XXXX-WXX"},
    {"this weekend", "2017-10-05", 0, "this weekend|DATE|2017-W40-WE"},
    {"two weeks ago", "2017-10-07", 0, "two weeks ago|DATE|2017-W38"},
    {"three days ago", "2017-10-02", 0, "three days ago|DATE|2017-09-29"},
    {"two months ago", "2017-01-07", 0, "two months ago|DATE|2016-11"},
    {"a year ago", "2017-01-07", 0, "a year ago|DATE|2016"},
    {"a few days ago", "2017-01-07", 0, "a few days ago|DATE|PAST_REF"},
    {"two weeks ago", NULL, 0, "two weeks ago|DATE|XXXX-WXX"},
    {"last year", "2017-10-07", 0, "last year|DATE|2016"},
    {"next year", "2017-10-07", 0, "next year|DATE|2018"},
    {"earlier this year", "2017-10-07", 0, "earlier this year|DATE|2017"},
    {"later this month", "2017-10-07", 0, "later this month|DATE|2017-10"},

    /* ---- durations and sets ---- */
    {"for two weeks", NULL, 0, "two weeks|DURATION|P2W"},
    {"for three days", NULL, 0, "three days|DURATION|P3D"},
    {"for 48 hours", NULL, 0, "48 hours|DURATION|PT48H"},
    {"for 30 minutes", NULL, 0, "30 minutes|DURATION|PT30M"},
    {"for a decade", NULL, 0, "a decade|DURATION|P1DE"},
    {"in the past year", NULL, 0, "the past year|DURATION|P1Y"},
    {"over the past few days", NULL, 0, "the past few days|DURATION|PXD"},
    {"in the coming weeks", NULL, 0, "the coming weeks|DURATION|PXW"},
    {"several months", NULL, 0, "several months|DURATION|PXM"},
    {"every day", NULL, 0, "every day|SET|P1D"},
    {"each year", NULL, 0, "each year|SET|P1Y"},
    {"every Sunday", NULL, 0, "every Sunday|SET|XXXX-WXX-7"},
    {"every two weeks", NULL, 0, "every two weeks|SET|P2W"},

    {"to see what is going to happen later on Tuesday .", "2011-01-31", 0, "Tuesday|DATE|2011-02-01"},
    {"an 18-year-old woman", NULL, 0, ""},
    {"a six-month moratorium", NULL, 0, "six-month|DURATION|P6M"},
    {"It was found guilty in July of last year .", "2011-01-31", 0, "July|DATE|2010-07;last year|DATE|2010"},
    {"He started school last August .", "2011-02-08", 0, "August|DATE|2010-08"},
    {"The Dow rose 2.3 % on Friday and fell on Monday .", "2011-02-08", 0, "Friday|DATE|2011-02-04;Monday|DATE|2011-02-07"},
    {"the mid-1980s", NULL, 0, "mid-1980s|DATE|198"},
    {"BP said late Tuesday that it agreed", "2010-05-25", 0, "late Tuesday|DATE|2010-05-25"},

    {"Friday\xe2\x80\x99s attack", "2017-10-08", 0, "Friday|DATE|2017-10-06"},
    {"They\xe2\x80\x99ll meet on Friday", "2017-10-08", 0, "Friday|DATE|2017-10-13"},
    {"Stamped 2017-10-07T10:00:00Z by the server", NULL, 0, "2017-10-07|DATE|2017-10-07"},
    {"call 555-2017-10 now", NULL, 0, "now|DATE|PRESENT_REF"},
    {"MONDAY 9 OCTOBER 2017", NULL, 0, "MONDAY 9 OCTOBER 2017|DATE|2017-10-09"},

    {"BOEHNER : I was meeting with him the next day .", "2011-01-26", 0, ""},
    {"The April 6 Movement , started in 2008 on Facebook", "2011-01-27", 0, "2008|DATE|2008"},
    {"the 14 March Alliance met", NULL, 0, ""},
    {"after the 2011 Egyptian revolution", NULL, 0, "2011|DATE|2011"},
    {"Egyptians will learn in school about the January 25th revolution .", "2011-01-26", 0, "January 25th|DATE|2011-01-25"},
    {"since the April 20 explosion", "2010-06-16", 0, "April 20|DATE|2010-04-20"},

    /* ---- ranges ---- */
    {"28-29 October", NULL, 2017, "28-29 October|DATE|2017-10-28/2017-10-29"},
    {"28\xe2\x80\x93" "29 October 2017", NULL, 0, "28\xe2\x80\x93" "29 October 2017|DATE|2017-10-28/2017-10-29"},
    {"between 3 and 5 May 2017", NULL, 0, "3 and 5 May 2017|DATE|2017-05-03/2017-05-05"},
    {"October 28-29, 2017", NULL, 0, "October 28-29, 2017|DATE|2017-10-28/2017-10-29"},
    {"from 5 September to 22 October", NULL, 2017, "5 September to 22 October|DATE|2017-09-05/2017-10-22"},
    {"from 28 to 29 October", NULL, 0, "28 to 29 October|DATE|XXXX-10-28/XXXX-10-29"},
    {"Monday through Wednesday", "2017-10-12", 0, "Monday|DATE|2017-10-09;Wednesday|DATE|2017-10-11"},

    /* ---- several in one sentence ---- */
    {"On Monday, a day after the vote on Sunday, the council met for three hours.", "2017-10-10", 0,
     "Monday|DATE|2017-10-09;a day|DURATION|P1D;Sunday|DATE|2017-10-08;three hours|DURATION|PT3H"},
    {"In 2010 and again in March 2011 , protesters gathered on January 25 .", NULL, 0,
     "2010|DATE|2010;March 2011|DATE|2011-03;January 25|DATE|XXXX-01-25"},
};

static void fmt_all(const sl_timex *tx, size_t n, char *out, size_t cap)
{
    static const char *ty[] = {"DATE", "TIME", "DURATION", "SET"};
    size_t w = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && w < cap; i++) {
        w += (size_t)snprintf(out + w, cap - w, "%s%.*s|%s|%s%s%s", i ? ";" : "",
                              (int)(tx[i].end - tx[i].start), tx[i].text, ty[tx[i].type], tx[i].value,
                              tx[i].value2[0] ? "/" : "", tx[i].value2);
    }
}

#define NROWS (sizeof ROWS / sizeof ROWS[0])

static sl_date_ctx ctx_of(const row *r)
{
    sl_date_ctx c;
    memset(&c, 0, sizeof c);
    if (r->ref) cr_assert_eq(sl_date_parse_meta(r->ref, strlen(r->ref), &c.ref), 0, "bad ref %s", r->ref);
    c.story_year = r->story_year;
    return c;
}

Test(date_expr, table_has_150_rows)
{
    cr_assert_geq(NROWS, 150, "only %zu rows", NROWS);
}

Test(date_expr, lexicon_sorted)
{
    cr_assert_eq(sl_date_lexicon_check_(), 0, "lexicon out of order at %d", sl_date_lexicon_check_());
}

/* Each sentence copied into an exact-size heap buffer (no NUL after it) so
 * ASan catches any read past `len`. */
Test(date_expr, table)
{
    for (size_t i = 0; i < NROWS; i++) {
        const row *r = &ROWS[i];
        sl_date_ctx c = ctx_of(r);
        size_t len = strlen(r->sent);
        char *buf = malloc(len ? len : 1);
        memcpy(buf, r->sent, len);
        sl_timex tx[16];
        size_t n = sl_date_find(&c, buf, len, tx, 16);
        char got[1024];
        fmt_all(tx, n < 16 ? n : 16, got, sizeof got);
        cr_expect_str_eq(got, r->expect, "row %zu \"%s\" (ref %s)\n   got: %s\nwanted: %s", i, r->sent,
                         r->ref ? r->ref : "none", got, r->expect);
        for (size_t k = 0; k < n && k < 16; k++) {
            cr_expect(tx[k].start < tx[k].end && tx[k].end <= len, "row %zu span", i);
            cr_expect(tx[k].text == buf + tx[k].start, "row %zu text pointer", i);
        }
        free(buf);
    }
}
