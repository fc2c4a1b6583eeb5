/* Mention extraction: real news sentences with expected mention lists,
 * the seeds, headlines, scripts without case, and bad input. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity/entity.h"
#include "entity/entity_lex.h"
#include "common/common.h"

/* Mention surfaces joined by '|' into out (exact-size copy of the input, so
 * ASan sees over-reads). */
static int extract_joined(const char *text, int keep_unsure, char *out, size_t cap,
                          sl_mentions *ms)
{
    size_t n = strlen(text);
    char *copy = sl_malloc(n ? n : 1);
    memcpy(copy, text, n);
    sl_entity_opts o = { .keep_unsure = keep_unsure };
    sl_entity *e = sl_entity_new(&o);
    cr_assert_not_null(e);
    int rc = sl_entity_extract(e, copy, n, ms);
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; rc == 0 && i < ms->m.n; i++) {
        const sl_mention *m = &ms->m.v[i];
        cr_assert_leq(m->start, m->end);
        cr_assert_leq(m->end, n);
        used += (size_t)snprintf(out + used, cap - used, "%s%.*s", i ? "|" : "",
                                 (int)(m->end - m->start), copy + m->start);
        cr_assert_lt(used, cap);
    }
    sl_entity_free(e);
    sl_free(copy);
    return rc;
}

typedef struct ecase { const char *text, *want; } ecase;

static const ecase SENTENCES[] = {
    /* seeds 000-004, verbatim */
    { "AMMAN (Reuters) - The Syrian army, supported by Russian jets and Iranian-backed militias, "
      "escalated bombing on Sunday of areas of the Syrian city of Deir al-Zor still held by Islamic State.",
      "AMMAN|Reuters|Syrian|Russian|Iranian|Syrian|Deir al-Zor|Islamic State" },
    { "Former residents and the Syrian Observatory for Human Rights said there were heavy aerial strikes "
      "on eastern Syria s largest city as troops pushed towards the Hay al Umal area.",
      "Syrian Observatory for Human Rights|Syria|Hay al Umal" },
    { "\"With support from Russian aviation, regime forces entered Mayadeen,\" Rami Abdel Rahman, head of "
      "the Britain-based Syrian Observatory for Human Rights, told AFP.",
      "Russian|Mayadeen|Rami Abdel Rahman|Britain|Syrian Observatory for Human Rights|AFP" },
    { "Its fall to the regime of President Bashar al-Assad would deal \"a severe blow\" to the militants.",
      "Bashar al-Assad" },
    { "That was a reference to the U.S.-led coalition\xe2\x80\x99s deadly bombing campaign in the region.",
      "U.S." },
    { "They are racing with U.S- backed forces to grab territory from Islamic State.",
      "U.S|Islamic State" },
    { "The Syrian Observatory for Human Rights and former residents said the jihadists recaptured the "
      "strategic towns of al Qwaira and Makhan on Saturday.",
      "Syrian Observatory for Human Rights|al Qwaira|Makhan" },
    { "Meanwhile, at least 7 Hezbollah militants were killed a U.S. drone attack on their bastion in Badia "
      "at the enclaves of Deir Ezzor, source told Zaman al-Wasl.",
      "Hezbollah|U.S.|Badia|Deir Ezzor|Zaman al-Wasl" },
    { "A US-led international coalition has been providing air support to a Kurdish-Arab alliance, "
      "the Syrian Democratic Forces, also fighting the jihadists in their former northern bastion of Raqa city.",
      "US|Kurdish-Arab|Syrian Democratic Forces|Raqa" },
    { "Also Sunday, the Syrian Foreign Ministry said in a statement it still considers Raqqa an occupied city.",
      "Syrian Foreign Ministry|Raqqa" },
    { "After Syria\xe2\x80\x99s uprising broke out in 2011 with anti-government protests, rebel groups seized "
      "parts of Deir ez-Zor.",
      "Syria|Deir ez-Zor" },
    /* constructed: particles, connectives, titles, months */
    { "The Islamic State of Iraq and the Levant (ISIL) was driven from Albu Kamal on Friday.",
      "Islamic State of Iraq and the Levant|ISIL|Albu Kamal" },
    { "He met Mr. John O'Brien and Gen. Joseph Votel in September.", "John O'Brien|Joseph Votel" },
    { "In Syria and Iraq, ISIS and the SDF fought.", "Syria|Iraq|ISIS|SDF" },
    { "Syrian Democratic Forces (SDF) took Raqqa.", "Syrian Democratic Forces|SDF|Raqqa" },
    { "In March, Mubarak resigned on Friday, February 11.", "Mubarak" },
    { "Trump met Xi Jinping. Later, Trump left.", "Trump|Xi Jinping|Trump" },
    { "He studied at the University of California with Charles de Gaulle and Osama bin Laden.",
      "University of California|Charles de Gaulle|Osama bin Laden" },
    { "Forces reached Damascus Sunday and the Sunday Times said so.", "Damascus|Sunday Times" },
    { "It cited Foreign Minister Sergei Lavrov.", "Sergei Lavrov" },
    { "He said Associate Attorney General Tom Perrelli and General Motors agreed.",
      "Tom Perrelli|General Motors" },
    { "Rebels took al-Mayadin and Hay al-Umal.", "al-Mayadin|Hay al-Umal" },
    { "He said J.R.R. Tolkien and George W. Bush met.", "J.R.R. Tolkien|George W. Bush" },
    /* PTB-tokenised T17 text */
    { "Egypt 's President Hosni Mubarak met U.S. officials -LRB- CNN -RRB- .",
      "Hosni Mubarak|U.S.|CNN" },
    { "CAIRO , Egypt -LRB- CNN -RRB- -- Protesters gathered in Tahrir Square .",
      "CAIRO|Egypt|CNN|Tahrir Square" },
};

Test(entity_extract, real_sentences)
{
    sl_mentions ms = { 0 };
    char got[1024];
    for (size_t i = 0; i < SL_ARRAY_LEN(SENTENCES); i++) {
        cr_assert_eq(extract_joined(SENTENCES[i].text, 0, got, sizeof got, &ms), 0);
        cr_expect_str_eq(got, SENTENCES[i].want, "case %zu: got   %s\n want  %s", i, got, SENTENCES[i].want);
    }
    sl_mentions_free(&ms);
}

Test(entity_extract, sentence_start)
{
    sl_mentions ms = { 0 };
    char got[512];
    /* a lone sentence-initial word is unsure: dropped unless confirmed */
    extract_joined("Moscow denies it targets civilians.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "");
    extract_joined("Moscow denies it targets civilians.", 1, got, sizeof got, &ms);
    cr_assert_str_eq(got, "Moscow");
    cr_assert(ms.m.v[0].flags & SL_MENT_UNSURE);
    cr_assert(ms.m.v[0].flags & SL_MENT_SENT0);
    extract_joined("Moscow denies it. Officials in Moscow agree.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "Moscow|Moscow");
    /* common openers are never names, even if confirmed */
    extract_joined("Fighting continued. Former residents fled. However, Fighting stopped.", 1, got, sizeof got, &ms);
    cr_assert_str_eq(got, "");
    extract_joined("Former Syrian President Hafez al-Assad died.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "Hafez al-Assad");
    /* multi-word names at sentence start are sure */
    extract_joined("Deir ez-Zor is the capital.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "Deir ez-Zor");
    cr_assert_eq(ms.m.v[0].flags, SL_MENT_SENT0);
    sl_mentions_free(&ms);
}

Test(entity_extract, headlines)
{
    sl_mentions ms = { 0 };
    char got[512];
    extract_joined("SYRIAN ARMY ENTERS MAYADEEN", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "");
    extract_joined("SYRIAN ARMY ENTERS MAYADEEN", 1, got, sizeof got, &ms);
    cr_assert_str_eq(got, "SYRIAN|ARMY|ENTERS|MAYADEEN");
    for (size_t i = 0; i < ms.m.n; i++) cr_assert(ms.m.v[i].flags & SL_MENT_UNSURE);
    extract_joined("SYRIAN ARMY ENTERS MAYADEEN\nThe army entered Mayadeen on Friday.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "MAYADEEN|Mayadeen");
    cr_assert_str_eq(sl_mention_key(&ms, &ms.m.v[0]), sl_mention_key(&ms, &ms.m.v[1]));
    extract_joined("Comments About This Article\nPlease fill the fields below.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "");
    extract_joined("Syrian Regime Forces Enter Mayadeen", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "");
    extract_joined("McCain Calls for Debate Delay to Focus on Financial Crisis", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "");
    /* a byline is names, not a headline */
    extract_joined("By Michael D. Shear and Robert Barnes NEW YORK -- The crisis grew.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "Michael D. Shear|Robert Barnes|NEW YORK");
    /* a normal sentence full of names is not a headline */
    extract_joined("The Islamic State of Iraq and the Levant left Albu Kamal.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "Islamic State of Iraq and the Levant|Albu Kamal");
    sl_mentions_free(&ms);
}

Test(entity_extract, kinds_and_possessives)
{
    sl_mentions ms = { 0 };
    char got[512];
    extract_joined("Officials said Assad's forces and ISIS's fighters met the U.N. envoy.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "Assad|ISIS|U.N.");
    cr_assert_eq(ms.m.v[0].kind, SL_MENT_NAME);
    cr_assert_eq(ms.m.v[1].kind, SL_MENT_ACRONYM);
    cr_assert_eq(ms.m.v[2].kind, SL_MENT_ACRONYM);
    extract_joined("He met O'Brien, a Shi'ite cleric, and D'Alema.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "O'Brien|Shi'ite|D'Alema");
    sl_mentions_free(&ms);
}

Test(entity_extract, scripts_without_case)
{
    sl_mentions ms = { 0 };
    char got[512];
    /* Arabic and Chinese: no case, no mentions, no crash */
    extract_joined("\xd8\xaf\xd9\x8a\xd8\xb1 \xd8\xa7\xd9\x84\xd8\xb2\xd9\x88\xd8\xb1 \xd9\x85\xd8\xaf\xd9\x8a\xd9\x86\xd8\xa9.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "");
    extract_joined("\xe5\x8f\x99\xe5\x88\xa9\xe4\xba\x9a\xe5\x86\x9b\xe9\x98\x9f\xe8\xbf\x9b\xe5\x85\xa5", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "");
    /* Cyrillic has case: whole-word mentions */
    extract_joined("\xd0\x9e\xd0\xbd \xd0\xb2\xd1\x81\xd1\x82\xd1\x80\xd0\xb5\xd1\x82\xd0\xb8\xd0\xbb\xd1\x81\xd1\x8f "
                   "\xd1\x81 \xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd\xd1\x8b\xd0\xbc \xd0\xb2 "
                   "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb5.", 0, got, sizeof got, &ms);
    cr_assert_str_eq(got, "\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd\xd1\x8b\xd0\xbc|\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb5");
    sl_mentions_free(&ms);
}

Test(entity_extract, empty_and_bad_input)
{
    sl_entity *e = sl_entity_new(NULL);
    sl_mentions ms = { 0 };
    cr_assert_eq(sl_entity_extract(e, "", 0, &ms), 0);
    cr_assert_eq(ms.m.n, 0);
    cr_assert_eq(sl_entity_extract(e, NULL, 0, &ms), 0);
    cr_assert_eq(sl_entity_extract(e, NULL, 5, &ms), -1);
    cr_assert_eq(sl_entity_extract(NULL, "A", 1, &ms), -1);
    cr_assert_eq(sl_entity_extract(e, "A", 1, NULL), -1);
    /* NUL bytes, invalid UTF-8, lone continuation bytes, truncated sequence */
    static const char bad[] = "Deir\0ez-Zor \xff\xfe Raqqa \x80\x80 al-\xc3 Mayadeen \xe2\x80";
    cr_assert_eq(sl_entity_extract(e, bad, sizeof bad - 1, &ms), 0);
    for (size_t i = 0; i < ms.m.n; i++) cr_assert_leq(ms.m.v[i].end, sizeof bad - 1);
    /* only separators */
    cr_assert_eq(sl_entity_extract(e, " - -- . \n\n ( ) ' ", 17, &ms), 0);
    cr_assert_eq(ms.m.n, 0);
    sl_mentions_free(&ms);
    sl_mentions_free(&ms);   /* twice is fine */
    sl_mentions_free(NULL);
    sl_entity_free(e);
    sl_entity_free(NULL);
}

/* Random text from name-like pieces: invariants hold, nothing crashes. */
Test(entity_extract, random_text_invariants)
{
    static const char *const piece[] = {
        "Deir", "al", "-", "Zor", " ", " ", "of", "the", "U.S.", ".", "\n", "'s", "(", ")",
        "[", "ISIS", "O'", "\xc3\x89", "\xc3", "Mr.", "and", "\xe2\x80\x99", "-LRB-", "X",
    };
    sl_entity_opts o = { .keep_unsure = 0 };
    sl_entity *e = sl_entity_new(&o);
    sl_mentions ms = { 0 };
    unsigned seed = 12345;
    for (int round = 0; round < 400; round++) {
        char buf[512];
        size_t n = 0;
        int k = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 60;
        for (int j = 0; j < k; j++) {
            const char *p = piece[((seed = seed * 1103515245u + 12345u) >> 16) % SL_ARRAY_LEN(piece)];
            size_t l = strlen(p);
            if (n + l >= sizeof buf) break;
            memcpy(buf + n, p, l);
            n += l;
        }
        char *copy = sl_malloc(n ? n : 1);
        memcpy(copy, buf, n);
        cr_assert_eq(sl_entity_extract(e, copy, n, &ms), 0);
        cr_assert_eq(sl_entity_learn(copy, n, &ms), 0);
        uint32_t prev_end = 0;
        for (size_t i = 0; i < ms.m.n; i++) {
            const sl_mention *m = &ms.m.v[i];
            cr_assert_lt(m->start, m->end);
            cr_assert_leq(m->end, n);
            cr_assert_geq(m->start, prev_end, "overlap in round %d", round);
            cr_assert_lt(m->key, ms.strings.n);
            prev_end = m->end;
        }
        for (size_t i = 0; i < ms.pairs.n; i++) {
            cr_assert_lt(ms.pairs.v[i].name, ms.m.n);
            cr_assert_lt(ms.pairs.v[i].alias, ms.m.n);
        }
        sl_free(copy);
    }
    sl_mentions_free(&ms);
    sl_entity_free(e);
}

Test(entity_extract, allocation_failure)
{
    const char *t = "The Syrian Observatory for Human Rights said Daesh (ISIS) left Deir ez-Zor. "
                    "Moscow agreed. SDF and Syrian Democratic Forces met in Raqqa.";
    for (long k = 0; k < 40; k++) {
        sl_alloc_fail_after(k);
        sl_entity *e = sl_entity_new(NULL);
        sl_mentions ms = { 0 };
        if (e) {
            int rc = sl_entity_extract(e, t, strlen(t), &ms);
            if (rc == 0) rc = sl_entity_learn(t, strlen(t), &ms);
            cr_assert(rc == 0 || rc == -1);
        }
        sl_alloc_fail_after(-1);
        sl_mentions_free(&ms);
        sl_entity_free(e);
    }
}

Test(entity_extract, lexicon_tables_sorted)
{
    cr_assert_eq(sl_entity_lex_check_(), 0);
}

/* ---- seeds ------------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *p = sl_malloc((size_t)n + 1);
    *len = fread(p, 1, (size_t)n, f);
    p[*len] = '\0';
    fclose(f);
    return p;
}

/* Key of the first mention whose surface is `surface` in seed file `id`. */
static char *seed_key(const char *id, const char *surface)
{
    char path[256];
    snprintf(path, sizeof path, "../shared/seeds/%s", id);
    size_t len;
    char *t = read_file(path, &len);
    cr_assert_not_null(t, "cannot read %s", path);
    sl_entity *e = sl_entity_new(NULL);
    sl_mentions ms = { 0 };
    cr_assert_eq(sl_entity_extract(e, t, len, &ms), 0);
    char *key = NULL;
    for (size_t i = 0; i < ms.m.n && !key; i++) {
        const sl_mention *m = &ms.m.v[i];
        if (m->end - m->start == strlen(surface) && memcmp(t + m->start, surface, m->end - m->start) == 0)
            key = sl_strdup(sl_mention_key(&ms, m));
    }
    cr_assert_not_null(key, "no mention \"%s\" in %s", surface, id);
    sl_mentions_free(&ms);
    sl_entity_free(e);
    sl_free(t);
    return key;
}

static void expect_one_key(const char *const (*ids)[2], size_t n)
{
    char *k0 = seed_key(ids[0][0], ids[0][1]);
    for (size_t i = 1; i < n; i++) {
        char *k = seed_key(ids[i][0], ids[i][1]);
        cr_expect_str_eq(k, k0, "%s in %s", ids[i][1], ids[i][0]);
        sl_free(k);
    }
    sl_free(k0);
}

Test(entity_extract, seeds_spellings_meet)
{
    FILE *f = fopen("../shared/seeds/000_c541f14009c09cbd.txt", "rb");
    if (!f) cr_skip_test("../shared/seeds not found (run from the repo root next to ../shared)");
    fclose(f);
    static const char *const deir[][2] = {
        { "000_c541f14009c09cbd.txt", "Deir al-Zor" }, { "002_65d78d6537130c47.txt", "Deir ez-Zor" },
        { "003_f4bc374b1a7ff9f1.txt", "Deir az-Zour" }, { "004_c64e7654828bad3c.txt", "Deir Ezzor" },
    };
    static const char *const maya[][2] = {
        { "000_c541f14009c09cbd.txt", "Mayadeen" }, { "001_7b9815c6ccc737a2.txt", "Mayadin" },
        { "003_f4bc374b1a7ff9f1.txt", "Mayadeen" },
    };
    static const char *const albu[][2] = {
        { "000_c541f14009c09cbd.txt", "Albu Kamal" }, { "001_7b9815c6ccc737a2.txt", "Albukamal" },
        { "004_c64e7654828bad3c.txt", "Albukamal" },
    };
    static const char *const raqqa[][2] = {
        { "001_7b9815c6ccc737a2.txt", "Raqqa" }, { "004_c64e7654828bad3c.txt", "Raqa" },
    };
    expect_one_key(deir, SL_ARRAY_LEN(deir));
    expect_one_key(maya, SL_ARRAY_LEN(maya));
    expect_one_key(albu, SL_ARRAY_LEN(albu));
    expect_one_key(raqqa, SL_ARRAY_LEN(raqqa));
}

Test(entity_extract, seeds_no_boilerplate_names)
{
    size_t len;
    char *t = read_file("../shared/seeds/004_c64e7654828bad3c.txt", &len);
    if (!t) cr_skip_test("../shared/seeds not found (run from the repo root next to ../shared)");
    sl_entity *e = sl_entity_new(NULL);
    sl_mentions ms = { 0 };
    cr_assert_eq(sl_entity_extract(e, t, len, &ms), 0);
    cr_assert_gt(ms.m.n, 20);
    for (size_t i = 0; i < ms.m.n; i++) {
        const sl_mention *m = &ms.m.v[i];
        cr_expect(strncmp(t + m->start, "Comments", 8) != 0, "boilerplate taken as a name");
        cr_expect(strncmp(t + m->start, "Please", 6) != 0, "boilerplate taken as a name");
    }
    sl_mentions_free(&ms);
    sl_entity_free(e);
    sl_free(t);
}

/* Alias keys are memoised per extractor: the same text must give the same
 * keys whether the extractor is fresh, warm, or has just emptied its memo
 * (thousands of distinct names fill it past half). */
static void keys_of(sl_entity *e, const char *text, char **keys, uint64_t *hashes, size_t *n)
{
    sl_mentions ms = {0};
    cr_assert_eq(sl_entity_extract(e, text, strlen(text), &ms), 0);
    *n = ms.m.n;
    cr_assert_leq(ms.m.n, 4 * 3000, "more mentions than the test has room for");
    for (size_t i = 0; i < ms.m.n; i++) {
        keys[i] = strdup(sl_mention_key(&ms, &ms.m.v[i]));
        hashes[i] = ms.m.v[i].key_hash;
    }
    sl_mentions_free(&ms);
}

Test(entity_extract, key_memo_gives_fresh_keys)
{
    enum { NAMES = 3000 };
    size_t cap = (size_t)NAMES * 64 + 200;   /* a sentence is under 64 bytes */
    char *text = malloc(cap), *p = text;
    static const char *const first[] = {"Deir", "Abu", "Hasim", "Mayadeen", "Albu", "Kamal"};
    for (int i = 0; i < NAMES; i++)
        p += sprintf(p, "Officials said %s Zor%c%c%c visited the town. ", first[i % 6],
                     'a' + (i / 676) % 26, 'a' + (i / 26) % 26, 'a' + i % 26);
    p += sprintf(p, "Deir ez-Zor and Deir al-Zor were named again by Hasim Rahman.");
    char **k1 = calloc(4 * NAMES, sizeof *k1), **k2 = calloc(4 * NAMES, sizeof *k2);
    uint64_t *h1 = calloc(4 * NAMES, sizeof *h1), *h2 = calloc(4 * NAMES, sizeof *h2);
    size_t n1, n2;
    sl_entity *warm = sl_entity_new(NULL);
    keys_of(warm, text, k1, h1, &n1);   /* fills the memo, empties it on the way */
    for (size_t i = 0; i < n1; i++)
        free(k1[i]);
    keys_of(warm, text, k1, h1, &n1);   /* warm */
    sl_entity *fresh = sl_entity_new(NULL);
    keys_of(fresh, text, k2, h2, &n2);
    cr_assert_eq(n1, n2);
    cr_assert_gt(n1, NAMES);
    for (size_t i = 0; i < n1; i++) {
        cr_expect_str_eq(k1[i], k2[i], "mention %zu", i);
        cr_expect_eq(h1[i], h2[i], "mention %zu", i);
        free(k1[i]);
        free(k2[i]);
    }
    sl_entity_free(warm);
    sl_entity_free(fresh);
    free(k1), free(k2), free(h1), free(h2), free(text);
}
