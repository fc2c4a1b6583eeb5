/*
 * test_text_sentences.c - sentence splitting, table-driven.
 * Each case: input text -> expected sentences joined with " || ".
 * Real lines come from /work/shared/seeds and t17-dev (copied as literals).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "text/text.h"

typedef struct scase {
    const char *in;
    const char *want;
} scase;

static const scase CASES[] = {
    /* basics */
    { "", "" },
    { "   \n\n  ", "" },
    { "One sentence.", "One sentence." },
    { "No terminal punctuation", "No terminal punctuation" },
    { "First one. Second one.", "First one. || Second one." },
    { "Is it? Yes! Fine.", "Is it? || Yes! || Fine." },
    { "Wait?! Now.", "Wait?! || Now." },
    { "  padded sentence.   Next one.  ", "padded sentence. || Next one." },
    { "...", "" },
    { "!!! ??? ...", "" },
    /* abbreviations and titles */
    { "Mr. Smith went home. He slept.", "Mr. Smith went home. || He slept." },
    { "Mrs. Jones and Dr. Who met.", "Mrs. Jones and Dr. Who met." },
    { "Gen. Petraeus and Col. Smith and Lt. Jones arrived.",
      "Gen. Petraeus and Col. Smith and Lt. Jones arrived." },
    { "Sen. Rand Paul and Rep. Michele Bachmann spoke. Gov. Palin did not.",
      "Sen. Rand Paul and Rep. Michele Bachmann spoke. || Gov. Palin did not." },
    { "He lives on Main St. near the park.", "He lives on Main St. near the park." },
    { "St. Louis is in Missouri.", "St. Louis is in Missouri." },
    { "It happened on Jan. 5 in Cairo. Then Feb. 2 came.",
      "It happened on Jan. 5 in Cairo. || Then Feb. 2 came." },
    { "By Aug. 20, Sept. 3 and Oct. 9, Nov. 1 and Dec. 25 all passed.",
      "By Aug. 20, Sept. 3 and Oct. 9, Nov. 1 and Dec. 25 all passed." },
    { "Apple Inc. reported profits. Shares rose.", "Apple Inc. reported profits. || Shares rose." },
    { "Shares of Acme Corp. and Foo Ltd. fell.", "Shares of Acme Corp. and Foo Ltd. fell." },
    { "He sold it to Acme Co. The deal closed.", "He sold it to Acme Co. || The deal closed." },
    { "He lives at No. 10 Downing Street.", "He lives at No. 10 Downing Street." },
    { "Ali vs. Frazier was a fight. It ended.", "Ali vs. Frazier was a fight. || It ended." },
    { "Bring pens, paper, etc. and come early.", "Bring pens, paper, etc. and come early." },
    /* U.S. and dotted abbreviations */
    { "The U.S. Army left.", "The U.S. Army left." },
    { "The U.S.-led coalition struck.", "The U.S.-led coalition struck." },
    { "He lives in the U.S. The next day he left.",
      "He lives in the U.S. || The next day he left." },
    { "Troops left the U.S. It was cold.", "Troops left the U.S. || It was cold." },
    { "Aid came from the U.S. But it was late.", "Aid came from the U.S. || But it was late." },
    { "They flew to the U.S. In May they returned.",
      "They flew to the U.S. || In May they returned." },
    { "The U.N. Security Council met.", "The U.N. Security Council met." },
    { "Talks with the U.N. She said no.", "Talks with the U.N. || She said no." },
    { "The meeting ended at 5 p.m. Police then left.",
      "The meeting ended at 5 p.m. Police then left." },
    { "It ended at 5 p.m. The police left.", "It ended at 5 p.m. || The police left." },
    { "Use tools, e.g. hammers.", "Use tools, e.g. hammers." },
    /* initials */
    { "George W. Bush spoke.", "George W. Bush spoke." },
    { "J.K. Rowling wrote it. She is rich.", "J.K. Rowling wrote it. || She is rich." },
    { "Michael D. Shear and Robert E. Thomason reported.",
      "Michael D. Shear and Robert E. Thomason reported." },
    { "He took vitamin C. The cold went away.", "He took vitamin C. || The cold went away." },
    /* numbers */
    { "Prices rose 3.5 percent. Oil fell.", "Prices rose 3.5 percent. || Oil fell." },
    { "Revenue of between $1.7 million and $5.1 million a month.",
      "Revenue of between $1.7 million and $5.1 million a month." },
    { "It was founded in 2011. 2012 was worse.", "It was founded in 2011. || 2012 was worse." },
    { "About 1,500 civilians are trapped. Aid is short.",
      "About 1,500 civilians are trapped. || Aid is short." },
    /* quotes and brackets */
    { "\"We will win,\" he said. \"We must.\" Then he left.",
      "\"We will win,\" he said. || \"We must.\" || Then he left." },
    { "He said \"stop.\" Next they ran.", "He said \"stop.\" || Next they ran." },
    { "The war is over (AFP.) Next week is new.", "The war is over (AFP.) || Next week is new." },
    { "It was great. (She agreed.) They left.", "It was great. || (She agreed.) || They left." },
    { "\xE2\x80\x9CIt is over.\xE2\x80\x9D The crowd cheered.",
      "\xE2\x80\x9CIt is over.\xE2\x80\x9D || The crowd cheered." },
    { "\"Really?\" he asked.", "\"Really?\" he asked." },
    { "He asked 'why?' and left.", "He asked 'why?' and left." },
    /* ellipses */
    { "It was ... strange. We left.", "It was ... strange. || We left." },
    { "He waited... Then he left.", "He waited... || Then he left." },
    { "He waited\xE2\x80\xA6 Then he left.", "He waited\xE2\x80\xA6 || Then he left." },
    /* lines */
    { "First line without dot\nSecond Line", "First line without dot || Second Line" },
    { "A wrapped line that goes\non in lower case.", "A wrapped line that goes\non in lower case." },
    { "A line that ends.\nlower case start.", "A line that ends. || lower case start." },
    { "A paragraph that goes\n\non after a blank line.",
      "A paragraph that goes || on after a blank line." },
    { "Headline Here\nThe story starts.", "Headline Here || The story starts." },
    { "line one\r\nline two", "line one\nline two" },   /* CRLF -> LF, then wrapped */
    { "Line one.\r\nLine two.", "Line one. || Line two." },
    /* PTB (t17-dev) */
    { "The U.S. Senate did the same thing last month . \nIt failed .",
      "The U.S. Senate did the same thing last month . || It failed ." },
    { "Sen. Jim DeMint , R-South Carolina , said so . \n`` Yes , '' he said .",
      "Sen. Jim DeMint , R-South Carolina , said so . || `` Yes , '' he said ." },
    { "You asked : `` Have you ever prayed with an open heart ? '' \nNo .",
      "You asked : `` Have you ever prayed with an open heart ? '' || No ." },
    { "`` We will win . '' The crowd cheered .", "`` We will win . '' || The crowd cheered ." },
    { "He left -LRB- for now . -RRB- Then came back .",
      "He left -LRB- for now . -RRB- || Then came back ." },
    { "Egypt 's army said U.S. aid would continue .\nU.S. President Barack Obama spoke .",
      "Egypt 's army said U.S. aid would continue . || U.S. President Barack Obama spoke ." },
    /* seeds */
    { "They are racing with U.S- backed forces to grab territory from Islamic State.\n"
      "The coalition secured the Omar oilfield, Syria s largest oilfield, this month.",
      "They are racing with U.S- backed forces to grab territory from Islamic State. || "
      "The coalition secured the Omar oilfield, Syria s largest oilfield, this month." },
    { "There was no immediate confirmation from official sources. A Syrian military source "
      "earlier said government troops only held around 80% of the city.",
      "There was no immediate confirmation from official sources. || A Syrian military source "
      "earlier said government troops only held around 80% of the city." },
    { "Meanwhile, at least 7 Hezbollah militants were killed a U.S. drone attack on their "
      "bastion in Badia.",
      "Meanwhile, at least 7 Hezbollah militants were killed a U.S. drone attack on their "
      "bastion in Badia." },
    { "The pro-Hezbollah websites posted photos of the 10 slain fighters. (With agencies)",
      "The pro-Hezbollah websites posted photos of the 10 slain fighters. || (With agencies)" },
    { "Syrian regime forces enter IS-held Mayadeen\n\nSyrian regime forces enter IS-held Mayadeen\n"
      "2 min read",
      "Syrian regime forces enter IS-held Mayadeen || Syrian regime forces enter IS-held "
      "Mayadeen || 2 min read" },
    { "Its fall to the regime of President Bashar al-Assad would deal \"a severe blow\" to the "
      "militants, according to a Syrian military source.\nSuccessive defeats for IS in Iraq.",
      "Its fall to the regime of President Bashar al-Assad would deal \"a severe blow\" to the "
      "militants, according to a Syrian military source. || Successive defeats for IS in Iraq." },
    { "\"With support from Russian aviation, regime forces entered Mayadeen,\" Rami Abdel "
      "Rahman told AFP. Situated in the province of Deir az-Zour, Mayadeen is key.",
      "\"With support from Russian aviation, regime forces entered Mayadeen,\" Rami Abdel "
      "Rahman told AFP. || Situated in the province of Deir az-Zour, Mayadeen is key." },
    { "Arlington , Va. : My husband and I are saving .",
      "Arlington , Va. : My husband and I are saving ." },
    { "and Gregg Judd -LRB- R-N. H. -RRB- hold a press conference .",
      "and Gregg Judd -LRB- R-N. H. -RRB- hold a press conference ." },
    { "Gov. Arnold Schwarzenegger sends a letter to Treas. Sec. Paulson .",
      "Gov. Arnold Schwarzenegger sends a letter to Treas. Sec. Paulson ." },
    { "He was born in Austin, Tex. The family moved.", "He was born in Austin, Tex. || The family moved." },
    { "Yahoo!, the company, fell.", "Yahoo!, the company, fell." },
    /* CJK and other scripts */
    { "\xE6\x97\xA5\xE6\x9C\xAC\xE3\x80\x82\xE4\xB8\xAD\xE5\x9B\xBD\xE3\x80\x82",
      "\xE6\x97\xA5\xE6\x9C\xAC\xE3\x80\x82 || \xE4\xB8\xAD\xE5\x9B\xBD\xE3\x80\x82" },
    { "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7. Hello.",
      "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7. || Hello." },
};

static void join_sents(const sl_doc *d, const char *text, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = 0;
    for (size_t i = 0; i < d->sents.n; i++) {
        const sl_sentence *s = &d->sents.v[i];
        int n = snprintf(out + o, cap - o, "%s%.*s", i ? " || " : "", (int)(s->end - s->start),
                         text + s->start);
        if (n < 0 || (size_t)n >= cap - o) break;
        o += (size_t)n;
    }
}

Test(text_sentences, table)
{
    sl_text *t = sl_text_new("en");
    sl_doc d = { 0 };
    char got[4096];
    cr_assert_not_null(t);
    cr_assert_geq(SL_ARRAY_LEN(CASES), 60);
    for (size_t i = 0; i < SL_ARRAY_LEN(CASES); i++) {
        const char *in = CASES[i].in;
        char *rep;
        size_t rl, bad;
        cr_assert_eq(sl_utf8_repair(in, strlen(in), &rep, &rl, &bad), 0);
        cr_assert_eq(sl_text_analyze(t, rep, rl, NULL, 0, &d), 0);
        join_sents(&d, rep, got, sizeof got);
        cr_expect_str_eq(got, CASES[i].want, "case %zu: [%s]\n got  [%s]\n want [%s]", i, in, got,
                         CASES[i].want);
        sl_free(rep);
    }
    sl_doc_free(&d);
    sl_text_free(t);
}

/* Invariants over every case: sentences ordered, non-empty, hold tokens,
 * token->sent agrees, SENT0 exactly on first tokens. */
Test(text_sentences, invariants)
{
    sl_text *t = sl_text_new(NULL);
    sl_doc d = { 0 };
    for (size_t i = 0; i < SL_ARRAY_LEN(CASES); i++) {
        const char *in = CASES[i].in;
        cr_assert_eq(sl_text_analyze(t, in, strlen(in), NULL, 0, &d), 0);
        uint32_t prev_end = 0, next_tok = 0;
        for (size_t k = 0; k < d.sents.n; k++) {
            const sl_sentence *s = &d.sents.v[k];
            cr_assert_lt(s->start, s->end, "case %zu", i);
            cr_assert_geq(s->start, prev_end, "case %zu", i);
            cr_assert_eq(s->tok_begin, next_tok, "case %zu", i);
            cr_assert_lt(s->tok_begin, s->tok_end, "case %zu", i);
            for (uint32_t j = s->tok_begin; j < s->tok_end; j++) {
                cr_assert_eq(d.toks.v[j].sent, k);
                cr_assert_eq(!!(d.toks.v[j].flags & SL_TOK_SENT0), j == s->tok_begin);
                cr_assert_geq(d.toks.v[j].start, s->start);
                cr_assert_leq(d.toks.v[j].end, s->end);
            }
            prev_end = s->end;
            next_tok = s->tok_end;
        }
        cr_assert_eq(next_tok, d.toks.n, "case %zu: every token in a sentence", i);
    }
    sl_doc_free(&d);
    sl_text_free(t);
}

/* Regions: a sentence never crosses regions unless the wrapped-text rule
 * applies; text outside regions yields nothing. */
Test(text_sentences, regions)
{
    const char *txt = "[L8N1MX05W] The Islamic State was able to push back\n"
                      "Please enter your comment!\n"
                      "the regime, said Amer Huweidi.\n"
                      "Next line here.";
    const char *c = strstr(txt, "The Islamic");
    const char *d1 = strstr(txt, "the regime");
    const char *e = strstr(txt, "Next line");
    sl_region r[3] = {
        { (uint32_t)(c - txt), (uint32_t)(strchr(c, '\n') - txt) },
        { (uint32_t)(d1 - txt), (uint32_t)(strchr(d1, '\n') - txt) },
        { (uint32_t)(e - txt), (uint32_t)strlen(txt) },
    };
    sl_text *t = sl_text_new("en");
    sl_doc d = { 0 };
    char got[1024];
    cr_assert_eq(sl_text_analyze(t, txt, strlen(txt), r, 3, &d), 0);
    join_sents(&d, txt, got, sizeof got);
    /* the dropped line sits between: no joining across it */
    cr_assert_str_eq(got, "The Islamic State was able to push back || the regime, said Amer "
                          "Huweidi. || Next line here.");
    /* adjacent regions on consecutive lines do join when wrapped */
    r[0].end = (uint32_t)(strchr(c, '\n') - txt);
    const char *txt2 = "The Islamic State was able to push back\nthe regime, said Amer.";
    sl_region r2[2] = { { 0, 39 }, { 40, (uint32_t)strlen(txt2) } };
    cr_assert_eq(sl_text_analyze(t, txt2, strlen(txt2), r2, 2, &d), 0);
    cr_assert_eq(d.sents.n, 1);
    /* regions out of range, empty, overlapping: clamped, no crash */
    sl_region bad[3] = { { 5, 3 }, { 0, 1000 }, { 2, 10 } };
    cr_assert_eq(sl_text_analyze(t, txt2, strlen(txt2), bad, 3, &d), 0);
    cr_assert_eq(d.sents.n, 1);
    sl_doc_free(&d);
    sl_text_free(t);
}

/* t17-dev is one sentence per line: across its articles, a sentence may
 * hold a newline only where the line before it lacks terminal punctuation
 * and the next line starts lower-case; and few lines split in two. */
#include <jansson.h>

static int ends_terminal(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\'' || s[n - 1] == '"' || s[n - 1] == ')'))
        n--;
    return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?');
}

Test(text_sentences, t17_lines_never_joined)
{
    FILE *f = fopen("../shared/data/t17-dev/articles.jsonl", "r");
    if (!f) cr_skip_test("../shared/data/t17-dev/articles.jsonl not found");
    sl_text *t = sl_text_new("en");
    sl_doc d = { 0 };
    char *line = NULL;
    size_t cap = 0, narticles = 0, nlines = 0, nsents = 0;
    ssize_t n;
    while (narticles < 400 && (n = getline(&line, &cap, f)) > 0) {
        json_t *o = json_loadb(line, (size_t)n, 0, NULL);
        const char *txt = json_string_value(json_object_get(o, "text"));
        if (txt) {
            size_t len = strlen(txt);
            cr_assert_eq(sl_text_analyze(t, txt, len, NULL, 0, &d), 0);
            for (size_t k = 0; k < d.sents.n; k++) {
                const sl_sentence *s = &d.sents.v[k];
                for (uint32_t i = s->start; i < s->end; i++) {
                    if (txt[i] != '\n') continue;
                    cr_assert(!ends_terminal(txt + s->start, i - s->start),
                              "joined across a terminated line: [%.*s]",
                              (int)(s->end - s->start), txt + s->start);
                    uint32_t j = i + 1;
                    while (j < s->end && txt[j] == ' ') j++;
                    cr_assert(j < s->end && txt[j] >= 'a' && txt[j] <= 'z',
                              "joined before a non-lower-case line: [%.*s]",
                              (int)(s->end - s->start), txt + s->start);
                }
            }
            for (size_t i = 0; i < len; i++) nlines += txt[i] == '\n';
            nsents += d.sents.n;
            narticles++;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    sl_doc_free(&d);
    sl_text_free(t);
    cr_assert_gt(narticles, 100);
    /* about one sentence per line: at most 5% more sentences than lines */
    cr_expect_leq(nsents, nlines + nlines / 20 + narticles, "%zu sentences for %zu lines",
                  nsents, nlines);
    cr_expect_geq(nsents, nlines / 2, "%zu sentences for %zu lines", nsents, nlines);
}
