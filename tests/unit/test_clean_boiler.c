/*
 * test_clean_boiler.c - boilerplate line rules: lines that must match (with
 * their rule), real news lines that must not, wire-code and glued prefixes,
 * and the seed reports (every real line unmatched, every boilerplate line
 * matched). The seeds are read from ../shared/seeds when present.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "clean/boiler.h"

typedef struct bcase {
    const char *line;
    const char *rule;   /* expected rule name, "none" for article text */
} bcase;

static const bcase CASES[] = {
    /* comment prompts */
    { "Please enter your comment!", "comment-prompt" },
    { "Please enter your name here", "comment-prompt" },
    { "Comments About This Article", "comment-prompt" },
    { "Please fill the fields below.", "comment-prompt" },
    { "Leave a comment", "comment-prompt" },
    { "LEAVE A REPLY", "comment-prompt" },
    { "12 comments", "comment-prompt" },
    { "1 Comment", "comment-prompt" },
    { "Comments (3)", "comment-prompt" },
    { "This discussion is now closed .", "comment-prompt" },
    { "Views expressed in the comments do not represent those of Reuters .", "comment-prompt" },
    { "We welcome comments that advance the story through relevant opinion , anecdotes , links "
      "and data .", "comment-prompt" },
    { "Comments are not pre-screened before they post .", "comment-prompt" },
    { "You must be logged in to post a comment.", "comment-prompt" },
    { "Notify me of follow-up comments via email .", "comment-prompt" },
    /* share, sign-up, newsletter, navigation */
    { "Share this article", "share-signup" },
    { "Share on Facebook", "share-signup" },
    { "Sign up for our newsletter", "share-signup" },
    { "Sign up for our daily newsletter and get the news first.", "share-signup" },
    { "Follow us on Twitter", "share-signup" },
    { "Follow @CNNTravel on Twitter for the latest updates .", "share-signup" },
    { "Click here to subscribe", "share-signup" },
    { "Click here for PDF .", "share-signup" },
    { "To read all of CNN 's Egypt coverage in Arabic , click here .", "share-signup" },
    { "Get Wonkbook delivered to your inbox or mobile device every morning .", "share-signup" },
    { "Read more: Syria's war in numbers", "share-signup" },
    { "Tweet", "share-signup" },
    { "Related Articles", "share-signup" },
    /* edition pickers */
    { "You've selected the U.S. Edition", "edition-picker" },
    { "You 've selected the U.S. Edition .", "edition-picker" },
    { "You\xE2\x80\x99ve selected the International Edition.", "edition-picker" },
    { "Would you like to make this your default edition ?", "edition-picker" },
    { "YES | NO", "edition-picker" },
    /* adverts, read time */
    { "Advertisement", "advertisement" },
    { "ADVERTISEMENT", "advertisement" },
    { "Story continues below advertisement", "advertisement" },
    { "2 min read", "read-time" },
    { "5 minute read", "read-time" },
    /* photo credits alone */
    { "Photo: Reuters", "photo-credit" },
    { "(Photo: AFP)", "photo-credit" },
    { "Photograph : Dave Martin\\/AP", "photo-credit" },
    { "REUTERS/Omar Sanadiki", "photo-credit" },
    { "AFP/Getty Images", "photo-credit" },
    { "[AFP]", "photo-credit" },
    { "Credit : Reuters\\/Bob Laura\\/U .", "photo-credit" },
    /* copyright */
    { "\xC2\xA9 2017 Reuters", "copyright" },
    { "(c) 2017 Thomson Reuters. All rights reserved.", "copyright" },
    { "Copyright 2017 The Associated Press.", "copyright" },
    { "All rights reserved.", "copyright" },
    { "This material may not be published, broadcast, rewritten or redistributed.", "copyright" },
    /* wire codes, datelines, credits, terms */
    { "[L8N1MX05W]", "wire-code" },
    { "  [L8N1N25IJ]  ", "wire-code" },
    { "07 October, 2017", "dateline" },
    { "Updated: May 24, 2005, 3: 23 PM ET", "dateline" },
    { "Sunday, 21 July 2013", "dateline" },
    { "January 20th , 2009 .", "dateline" },
    { "Published: March 13, 2013", "dateline" },
    { "2017-10-07", "dateline" },
    { "Additional reporting by Tim Webb in London .", "wire-credit" },
    { "(Reporting by Tom Bergin; Editing by David Holmes)", "wire-credit" },
    { "-LRB- Reporting by Tom Hals , editing by Steve Orlofsky -RRB- .", "wire-credit" },
    { "The Associated Press contributed to this report .", "wire-credit" },
    { "By registering for this service , you are consenting to this collection , storage , and "
      "use .", "terms-privacy" },
    { "By clicking on `` sign up '' you agree with CNN 's Terms of Service .", "terms-privacy" },

    { "Posted by : dakotahgeo | June 16 , 2010 3:45 PM | Report abuse", "comment-prompt" },
    { "January 30 , 2011 at 3:07 pm | Report abuse | `` Does this boondoggle have to be "
      "rebutted ?", "comment-prompt" },
    { "Some comments edited for length or clarity .", "comment-prompt" },
    { "Please create a screen name .", "comment-prompt" },
    { "The opinions expressed in this commentary are solely those of John Smith .", "disclaimer" },
    { "The opinions expressed are his own .", "disclaimer" },
    { "Most stock quote data provided by BATS .", "disclaimer" },
    { "All times are ET .", "disclaimer" },
    { "Market data provided by Interactive Data.", "disclaimer" },
    { "Disclaimer: this is not financial advice.", "disclaimer" },
    { "Disclaimers on the product were inadequate, the court ruled.", "none" },
    /* real news that talks about the same things: never boilerplate */
    { "The views expressed by the minister angered the opposition.", "none" },
    { "Posted troops were withdrawn from the border on Monday.", "none" },
    { "Posted by the embassy on Twitter, the video shows the strike.", "none" },
    { "Posted by : Martin", "comment-prompt" },
    { "He reported abuse at the detention center to the authorities.", "none" },
    { "He declined to comment.", "none" },
    { "Reuters could not immediately reach the ministry for comment .", "none" },
    { "The comments drew criticism from opposition leaders, who called them reckless.", "none" },
    { "Facebook changed its privacy policy on Tuesday, the company said.", "none" },
    { "Subscribers to the newsletter fell by half last year.", "none" },
    { "Share prices fell sharply on Monday.", "none" },
    { "Shares of BP rose 2 percent .", "none" },
    { "Photographs of the scene showed destroyed buildings across the city.", "none" },
    { "The photo was taken by an AFP photographer in Raqqa on Sunday.", "none" },
    { "Copyright lawsuits against the company mounted.", "none" },
    { "All rights groups condemned the attack.", "none" },
    { "The U.S. edition of the newspaper was suspended.", "none" },
    { "Yes, he said, no one was hurt.", "none" },
    { "Advertising revenue fell 5 percent in the quarter.", "none" },
    { "Reporting by the New York Times showed the agency had spied on allies.", "none" },
    { "Reporting by the Times showed fraud.", "none" },
    { "October 7, 2017 was the day the city fell.", "none" },
    { "On Sunday, fighting resumed.", "none" },
    { "Follow-up talks are planned for next week.", "none" },
    { "Sign-ups for the program were slow, officials said.", "none" },
    { "Click, the BBC's technology programme, reported the flaw.", "none" },
    { "He said he would read more about the case.", "none" },
    { "The 2 min video shows the strike.", "none" },
    { "Egyptian President Hosni Mubarak stepped down as president of Egypt on February 11 .",
      "none" },
    { "The U.S.-led coalition against Islamic State is waging a separate campaign.", "none" },
    { "Photo", "none" },
    { "Photos by AFP showed the dead.", "none" },
    { "Photographers from Reuters were hurt.", "none" },
    { "File photo: Reuters", "photo-credit" },
    { "Photo AFP", "photo-credit" },
    { "", "none" },
    { "   ", "none" },
    { "....", "none" },
};

Test(clean_boiler, table)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(CASES); i++) {
        const char *l = CASES[i].line;
        int r = sl_boiler_match(l, strlen(l));
        cr_expect_str_eq(sl_boiler_rule_name(r), CASES[i].rule, "case %zu [%s]: got %s", i, l,
                         sl_boiler_rule_name(r));
    }
}

Test(clean_boiler, rule_names)
{
    cr_assert_str_eq(sl_boiler_rule_name(SL_BOILER_NONE), "none");
    cr_assert_str_eq(sl_boiler_rule_name(SL_BOILER_REPEAT), "repeated-by-source");
    cr_assert_str_eq(sl_boiler_rule_name(-5), "unknown");
    cr_assert_str_eq(sl_boiler_rule_name(sl_boiler_rule_count()), "unknown");
    for (int r = SL_BOILER_FIRST_PATTERN; r < sl_boiler_rule_count(); r++)
        cr_assert_str_neq(sl_boiler_rule_name(r), "unknown");
    cr_assert_eq(sl_boiler_match(NULL, 0), SL_BOILER_NONE);
    cr_assert_eq(sl_boiler_strip_prefix(NULL, 0), 0);
}

typedef struct pcase {
    const char *line;
    const char *rest;   /* what remains after the prefix */
} pcase;

Test(clean_boiler, strip_prefix)
{
    static const pcase P[] = {
        { "[L8N1N25IJ] The Syrian Observatory said so.", "The Syrian Observatory said so." },
        { "[L8N1MX05W]  The Islamic State was able", "The Islamic State was able" },
        { "[L8N1MX05W]", "[L8N1MX05W]" },               /* only a code: a match, not a prefix */
        { "[L8N1MX05W] ", "[L8N1MX05W] " },
        { "[AFP] Syrian forces advanced.", "[AFP] Syrian forces advanced." },  /* no digits */
        { "L8N1N25IJ The Syrian", "L8N1N25IJ The Syrian" },  /* unbracketed: kept */
        { "MIAPJ0000PUS fell 14 percent .", "MIAPJ0000PUS fell 14 percent ." },
        { "YES | NO Egyptian President Hosni Mubarak stepped down .",
          "Egyptian President Hosni Mubarak stepped down ." },
        { "Please fill the fields below.Opposition activists reported at least 11 dead.",
          "Opposition activists reported at least 11 dead." },
        { "Please enter your comment! The army advanced.", "The army advanced." },
        { "George W. Bush took more vacations than any president .",
          "George W. Bush took more vacations than any president ." },
        { "Geesh ... now that scares me .", "Geesh ... now that scares me ." },
        { "On April 28.2010 Ken Salazar announced his decision .",
          "On April 28.2010 Ken Salazar announced his decision ." },
        { "Please enter your comment!", "Please enter your comment!" },
        { "Advertisement.", "Advertisement." },
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(P); i++) {
        size_t n = strlen(P[i].line);
        size_t k = sl_boiler_strip_prefix(P[i].line, n);
        cr_assert_leq(k, n);
        cr_expect_str_eq(P[i].line + k, P[i].rest, "case %zu: got [%s]", i, P[i].line + k);
    }
}

/* ---- the seed reports ----------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = sl_malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        sl_free(b);
        b = NULL;
    }
    fclose(f);
    if (b) b[n] = 0, *len = (size_t)n;
    return b;
}

static const char *const SEED_BOILER[] = {
    "Please enter your comment!", "Please enter your name here", "Comments About This Article",
    "Please fill the fields below.", "2 min read", "07 October, 2017", "[L8N1MX05W]", NULL,
};

static int is_seed_boiler(const char *l, size_t n)
{
    for (const char *const *p = SEED_BOILER; *p; p++)
        if (strlen(*p) == n && memcmp(*p, l, n) == 0) return 1;
    return 0;
}

Test(clean_boiler, seeds)
{
    static const char *const files[] = {
        "000_c541f14009c09cbd.txt", "001_7b9815c6ccc737a2.txt", "002_65d78d6537130c47.txt",
        "003_f4bc374b1a7ff9f1.txt", "004_c64e7654828bad3c.txt",
    };
    size_t nreal = 0, nboiler = 0, ncode = 0;
    for (size_t f = 0; f < SL_ARRAY_LEN(files); f++) {
        char path[256];
        size_t len;
        snprintf(path, sizeof path, "../shared/seeds/%s", files[f]);
        char *s = slurp(path, &len);
        if (!s) cr_skip_test("seed reports not found at ../shared/seeds (run from the repo root)");
        for (size_t a = 0; a < len;) {
            const char *nl = memchr(s + a, '\n', len - a);
            size_t z = nl ? (size_t)(nl - s) : len, n = z - a;
            const char *l = s + a;
            while (n && (l[n - 1] == ' ' || l[n - 1] == '\r')) n--;
            if (n) {
                int r = sl_boiler_match(l, n);
                size_t p = sl_boiler_strip_prefix(l, n);
                if (is_seed_boiler(l, n)) {
                    cr_expect_neq(r, SL_BOILER_NONE, "%s: boilerplate not matched: [%.*s]",
                                  files[f], (int)n, l);
                    nboiler++;
                } else {
                    cr_expect_eq(r, SL_BOILER_NONE, "%s: real text matched by %s: [%.*s]",
                                 files[f], sl_boiler_rule_name(r), (int)n, l);
                    if (l[0] == '[') {
                        cr_expect_eq(p, 12, "%s: code prefix [%.*s]", files[f], (int)n, l);
                        ncode++;
                    } else {
                        cr_expect_eq(p, 0, "%s: prefix stripped from [%.*s]", files[f], (int)n, l);
                    }
                    nreal++;
                }
            }
            a = z + 1;
        }
        sl_free(s);
    }
    cr_expect_eq(nboiler, 7, "seeds hold 7 boilerplate lines, saw %zu", nboiler);
    cr_expect_geq(nreal, 60, "seeds hold many real lines, saw %zu", nreal);
    cr_expect_eq(ncode, 2);
}

/* The reference timelines of t17-dev are sentences of real news written by
 * journalists: none of them is boilerplate. */
#include <jansson.h>

Test(clean_boiler, t17_reference_sentences_are_text)
{
    FILE *f = fopen("../shared/data/t17-dev/references.jsonl", "r");
    if (!f) cr_skip_test("../shared/data/t17-dev/references.jsonl not found");
    char *line = NULL;
    size_t cap = 0, nsent = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        json_t *o = json_loadb(line, (size_t)n, 0, NULL);
        json_t *entries = json_object_get(o, "entries"), *e, *s;
        size_t i, j;
        json_array_foreach(entries, i, e) {
            json_array_foreach(json_object_get(e, "sentences"), j, s) {
                const char *t = json_string_value(s);
                if (!t) continue;
                int r = sl_boiler_match(t, strlen(t));
                cr_expect_eq(r, SL_BOILER_NONE, "matched by %s: [%s]", sl_boiler_rule_name(r), t);
                cr_expect_eq(sl_boiler_strip_prefix(t, strlen(t)), 0, "prefix in [%s]", t);
                nsent++;
            }
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    cr_expect_gt(nsent, 1000);
}
