/*
 * test_date_meta.c - calendar arithmetic, sl_date_format, publication-date
 * metadata (sl_date_parse_meta) with good and bad input, and datelines.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date/date.h"

typedef struct meta_row {
    const char *in;
    int y, m, d;      /* y == 0: must be rejected */
} meta_row;

static const meta_row META[] = {
    {"2017-10-07", 2017, 10, 7},
    {"  2017-10-07\n", 2017, 10, 7},
    {"2017-10-07T10:00:00Z", 2017, 10, 7},
    {"2017-10-07T10:00:00z", 2017, 10, 7},
    {"2017-10-07t10:00:00Z", 2017, 10, 7},
    {"2017-10-07T23:30:00-05:00", 2017, 10, 7},
    {"2017-10-07T00:30:00+0200", 2017, 10, 7},
    {"2017-10-07T10:00:00.123456+01:00", 2017, 10, 7},
    {"2017-10-07T10:00", 2017, 10, 7},
    {"2017-10-07 10:00:00", 2017, 10, 7},
    {"2016-02-29", 2016, 2, 29},
    {"2000-02-29", 2000, 2, 29},
    {"Sat, 07 Oct 2017 10:00:00 +0000", 2017, 10, 7},
    {"Sat, 7 Oct 2017 10:00:00 GMT", 2017, 10, 7},
    {"7 Oct 2017 10:00 -0500", 2017, 10, 7},
    {"Saturday, 07 Oct 2017 10:00:00 EST", 2017, 10, 7},
    {"07 Oct 2017", 2017, 10, 7},
    {"Mon, 07 Oct 2017 10:00:00 +0000", 2017, 10, 7},   /* weekday not checked against date */
    /* bad */
    {"", 0, 0, 0},
    {"   ", 0, 0, 0},
    {"2017-02-30", 0, 0, 0},
    {"2017-02-29", 0, 0, 0},
    {"1900-02-29", 0, 0, 0},
    {"2017-13-01", 0, 0, 0},
    {"2017-00-10", 0, 0, 0},
    {"2017-10-00", 0, 0, 0},
    {"2017-10-32", 0, 0, 0},
    {"2017-1-07", 0, 0, 0},
    {"17-10-07", 0, 0, 0},
    {"2017/10/07", 0, 0, 0},
    {"2017-10-07X", 0, 0, 0},
    {"2017-10-07T25:00:00Z", 0, 0, 0},
    {"2017-10-07T10:60:00Z", 0, 0, 0},
    {"2017-10-07T10:00:61Z", 0, 0, 0},
    {"2017-10-07T10:00:00+25:00", 0, 0, 0},
    {"2017-10-07T10:00:00.Z", 0, 0, 0},
    {"2017-10-07T", 0, 0, 0},
    {"2017-10-07 garbage", 0, 0, 0},
    {"Sat, 30 Feb 2017 10:00:00 +0000", 0, 0, 0},
    {"Sat, 07 Foo 2017 10:00:00 +0000", 0, 0, 0},
    {"Xyz, 07 Oct 2017 10:00:00 +0000", 0, 0, 0},
    {"Sat 07 Oct 2017", 0, 0, 0},
    {"Sat, 07 Oct 17 10:00:00 +0000", 0, 0, 0},
    {"Sat, 07 Oct 2017 10:00:00 +00", 0, 0, 0},
    {"Sat, 07 Oct 2017 10:00:00 TOOLONGZONE", 0, 0, 0},
    {"October 7, 2017", 0, 0, 0},
    {"yesterday", 0, 0, 0},
    {"0000-01-01", 0, 0, 0},
};

Test(date_meta, table)
{
    for (size_t i = 0; i < sizeof META / sizeof META[0]; i++) {
        const meta_row *r = &META[i];
        size_t len = strlen(r->in);
        char *buf = malloc(len ? len : 1);     /* exact size: over-reads trip ASan */
        memcpy(buf, r->in, len);
        sl_ymd out = {9, 9, 9};
        int rc = sl_date_parse_meta(buf, len, &out);
        if (r->y) {
            cr_expect_eq(rc, 0, "row %zu \"%s\" rejected", i, r->in);
            cr_expect(out.y == r->y && out.m == r->m && out.d == r->d, "row %zu \"%s\" -> %d-%d-%d", i, r->in,
                      out.y, out.m, out.d);
        } else {
            cr_expect_eq(rc, -1, "row %zu \"%s\" accepted as %d-%d-%d", i, r->in, out.y, out.m, out.d);
            cr_expect(out.y == 0 && out.m == 0 && out.d == 0, "row %zu: out not zeroed", i);
        }
        free(buf);
    }
}

Test(date_meta, null_input)
{
    sl_ymd out = {1, 1, 1};
    cr_expect_eq(sl_date_parse_meta(NULL, 10, &out), -1);
    cr_expect_eq(out.y, 0);
    cr_expect_eq(sl_date_parse_meta("2017-10-07", 0, &out), -1);
    /* a length shorter than the string cuts it */
    cr_expect_eq(sl_date_parse_meta("2017-10-07", 9, &out), -1);
    cr_expect_eq(sl_date_parse_meta("2017-10-07T10:00Zjunk", 17, &out), 0);
    cr_expect_eq(out.d, 7);
}

Test(date_meta, format)
{
    char b[11];
    cr_expect_eq(sl_date_format(b, (sl_ymd){2017, 10, 7}), 10);
    cr_expect_str_eq(b, "2017-10-07");
    cr_expect_eq(sl_date_format(b, (sl_ymd){5, 1, 2}), 10);
    cr_expect_str_eq(b, "0005-01-02");
    cr_expect_eq(sl_date_format(b, (sl_ymd){2017, 9, 0}), 7);
    cr_expect_str_eq(b, "2017-09");
    cr_expect_eq(sl_date_format(b, (sl_ymd){2017, 0, 0}), 4);
    cr_expect_str_eq(b, "2017");
    cr_expect_eq(sl_date_format(b, (sl_ymd){2017, 2, 30}), -1);
    cr_expect_str_eq(b, "");
    cr_expect_eq(sl_date_format(b, (sl_ymd){2017, 13, 0}), -1);
    cr_expect_eq(sl_date_format(b, (sl_ymd){0, 1, 1}), -1);
    cr_expect_eq(sl_date_format(b, (sl_ymd){10000, 1, 1}), -1);
    cr_expect_eq(sl_date_format(b, (sl_ymd){2017, 0, 5}), -1);
}

Test(date_meta, calendar)
{
    cr_expect_eq(sl_date_to_days(1970, 1, 1), 0);
    cr_expect_eq(sl_date_to_days(2000, 3, 1), 11017);
    cr_expect_eq(sl_date_to_days(1969, 12, 31), -1);
    cr_expect_eq(sl_date_weekday(2017, 10, 7), 6);     /* Saturday */
    cr_expect_eq(sl_date_weekday(2017, 10, 8), 7);     /* Sunday */
    cr_expect_eq(sl_date_weekday(1970, 1, 1), 4);
    cr_expect_eq(sl_date_weekday(1900, 1, 1), 1);
    /* round trip over four centuries, and validity agrees */
    long z0 = sl_date_to_days(1900, 1, 1), z1 = sl_date_to_days(2300, 1, 1);
    for (long z = z0; z < z1; z++) {
        sl_ymd d = sl_date_from_days(z);
        if (!sl_date_valid(d.y, d.m, d.d) || sl_date_to_days(d.y, d.m, d.d) != z)
            cr_assert_fail("round trip broke at %ld (%d-%d-%d)", z, d.y, d.m, d.d);
    }
    cr_expect(sl_date_valid(2400, 2, 29));
    cr_expect(!sl_date_valid(2100, 2, 29));
    cr_expect(!sl_date_valid(2017, 4, 31));
}

/* ---- datelines ---- */

typedef struct dl_row {
    const char *text;
    const char *want;      /* YYYY-MM-DD or NULL */
    const char *span;      /* text of the date found */
} dl_row;

static const dl_row DL[] = {
    {"Syrian regime forces enter IS-held Mayadeen\n\nSyrian regime forces enter IS-held Mayadeen\n"
     "Syrian government forces prepare to deal a 'severe blow' to the IS group.\n2 min read\n07 October, 2017\n"
     "Syria's army is advancing in Deir az-Zour\n",
     "2017-10-07", "07 October, 2017"},
    {"Headline here\nOctober 7, 2017\nBody text.", "2017-10-07", "October 7, 2017"},
    {"Headline\nBy Jane Doe | May 03, 2013\nBody.", "2013-05-03", "May 03, 2013"},
    {"Headline\nSunday 8 October 2017\nBody.", "2017-10-08", "Sunday 8 October 2017"},
    {"Headline\nUpdated 2017-10-07\nBody.", "2017-10-07", "2017-10-07"},
    {"WASHINGTON (Reuters) Oct. 7, 2017 - The Senate, which last met on Sept. 5, 2017, voted on a bill that "
     "had been debated for weeks.\n",
     "2017-10-07", "Oct. 7, 2017"},
    /* a long line's date loses to a later short dateline */
    {"The treaty signed on October 7, 2016 by both sides was discussed again in a long lead paragraph here.\n"
     "9 November 2017\nBody.",
     "2017-11-09", "9 November 2017"},
    {"Swine flu spreads\nA policewoman wears a mask in Mexico City April 27 , 2009 . GENEVA | Thu Apr 30 , 2009 11:39 am "
     "EDT The World Health Organization raised its alert .\n",
     "2009-04-30", "Apr 30 , 2009"},
    /* nothing usable */
    {"Stocks fell\nPedestrians look at stock indicators in Tokyo Wednesday , Oct. 15 , 2008 . Japan 's index dropped .\n",
     NULL, NULL},
    {"Pigs in the Manshiyat Nasser area in Cairo , May 4 , 2009 .\nMore text.\n", NULL, NULL},
    {"Its work accelerated after Sept. 11 , 2001 , when Congress swept the Coast Guard into a new department.\n", NULL, NULL},
    {"Headline\nOn Sunday the army advanced.\nIn October fighting went on.", NULL, NULL},
    {"Headline\nOctober 7\nBody.", NULL, NULL},
    {"", NULL, NULL},
    /* beyond the window (7th line) */
    {"a\nb\nc\nd\ne\nf\n07 October, 2017\n", NULL, NULL},
};

Test(date_meta, dateline)
{
    for (size_t i = 0; i < sizeof DL / sizeof DL[0]; i++) {
        const dl_row *r = &DL[i];
        sl_date_pub p;
        size_t len = strlen(r->text);
        int rc = sl_date_from_dateline(r->text, len, &p);
        if (!r->want) {
            cr_expect_eq(rc, -1, "row %zu found %d-%d-%d", i, p.date.y, p.date.m, p.date.d);
            cr_expect_eq(p.inferred, 0);
            continue;
        }
        char b[11];
        cr_expect_eq(rc, 0, "row %zu: no date", i);
        sl_date_format(b, p.date);
        cr_expect_str_eq(b, r->want, "row %zu", i);
        cr_expect_eq(p.inferred, 1);
        cr_expect(p.end <= len && p.start < p.end);
        cr_expect(strlen(r->span) == p.end - p.start && !memcmp(r->text + p.start, r->span, p.end - p.start),
                  "row %zu span \"%.*s\"", i, (int)(p.end - p.start), r->text + p.start);
    }
}

Test(date_meta, dateline_seed_003)
{
    FILE *f = fopen("../shared/seeds/003_f4bc374b1a7ff9f1.txt", "rb");
    if (!f) cr_skip_test("seed 003 not found under ../shared/seeds");
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    sl_date_pub p;
    cr_assert_eq(sl_date_from_dateline(buf, n, &p), 0);
    cr_expect(p.date.y == 2017 && p.date.m == 10 && p.date.d == 7);
}
