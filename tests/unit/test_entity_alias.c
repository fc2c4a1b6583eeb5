/* Learned aliases (brackets, initials), acronym matching, and the
 * union-find alias table. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "entity/entity.h"
#include "common/common.h"

/* "alias=name;alias=name" for every pair of `text`. */
static void learned(const char *text, char *out, size_t cap)
{
    size_t n = strlen(text);
    sl_entity *e = sl_entity_new(NULL);
    sl_mentions ms = { 0 };
    cr_assert_eq(sl_entity_extract(e, text, n, &ms), 0);
    cr_assert_eq(sl_entity_learn(text, n, &ms), 0);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < ms.pairs.n; i++) {
        const sl_mention *a = &ms.m.v[ms.pairs.v[i].alias], *b = &ms.m.v[ms.pairs.v[i].name];
        used += (size_t)snprintf(out + used, cap - used, "%s%.*s=%.*s", i ? ";" : "",
                                 (int)(a->end - a->start), text + a->start,
                                 (int)(b->end - b->start), text + b->start);
    }
    sl_mentions_free(&ms);
    sl_entity_free(e);
}

typedef struct lcase { const char *text, *want; } lcase;

static const lcase LEARN[] = {
    { "Syrian army shelled areas of Deir al-Zor still held by Daesh (ISIS).", "ISIS=Daesh" },
    { "The army is fighting IS [Daesh] along with its allies.", "Daesh=IS" },
    { "Fighters of the Islamic State group (IS) fled.", "IS=Islamic State" },
    { "He fought the Islamic State of Iraq and the Levant (ISIL) for years.",
      "ISIL=Islamic State of Iraq and the Levant" },
    { "The Kurdish-led Syrian Democratic Forces (SDF) took the city.", "SDF=Syrian Democratic Forces" },
    /* "in" does not join names, so the bracket follows only "Arabian
     * Peninsula", whose initials do not start AQAP: no pair, rather than a
     * wrong one */
    { "Envoys of Al-Qaeda in the Arabian Peninsula -LRB- AQAP -RRB- met .", "" },
    { "Leaders of the Islamic State (ISIS) fled.", "ISIS=Islamic State" },
    /* initials across the text, no brackets */
    { "Officials of the Syrian Democratic Forces met. Later the SDF said no.", "SDF=Syrian Democratic Forces" },
    { "The United Nations said so. The UN also said the United States and the U.S. agreed.",
      "UN=United Nations;U.S.=United States" },
    /* credits and datelines are not aliases */
    { "AMMAN (Reuters) - The Syrian army advanced.", "" },
    { "CAIRO , Egypt -LRB- CNN -RRB- -- Protesters gathered .", "" },
    { "Troops entered Deir az-Zour backed by deadly Russian airstrikes [AFP]", "" },
    { "Damascus (AP) - Shelling resumed.", "" },
    /* brackets that are not one name */
    { "Syria (in 2011) and Iraq (2003) were at war.", "" },
    { "The Syrian Observatory (a monitor based in Britain) said so.", "" },
    { "He met Sheikh Ali (Ali) twice.", "" },
    { "Kristen Stewart (Bella) and Robert Pattinson (Edward) starred.", "" },
    { "Police in Cinnaminson (N.J.) said so.", "" },
    { "He said Mustafa [INAUDIBLE] and left.", "" },
    { "Protesters in Miami, Florida (CNN) gathered.", "" },
    /* a person's initials are no alias */
    { "Spokesman Tommy Vietor spoke on TV. Later, Vietor left.", "" },
    /* ambiguous initials: IS could be either name, so no initials pair */
    { "Islamic State fighters and Iranian Shiite militias clashed; IS lost.", "" },
};

Test(entity_alias, learned_pairs)
{
    char got[512];
    for (size_t i = 0; i < SL_ARRAY_LEN(LEARN); i++) {
        learned(LEARN[i].text, got, sizeof got);
        cr_expect_str_eq(got, LEARN[i].want, "case %zu: got \"%s\" want \"%s\"", i, got, LEARN[i].want);
    }
}

Test(entity_alias, learn_bad_input)
{
    sl_mentions ms = { 0 };
    cr_assert_eq(sl_entity_learn("", 0, &ms), 0);
    cr_assert_eq(ms.pairs.n, 0);
    cr_assert_eq(sl_entity_learn(NULL, 3, &ms), -1);
    cr_assert_eq(sl_entity_learn("abc", 3, NULL), -1);
    /* mentions from a longer text than the one given: refused */
    sl_entity *e = sl_entity_new(NULL);
    const char *t = "The Syrian Democratic Forces (SDF) won.";
    cr_assert_eq(sl_entity_extract(e, t, strlen(t), &ms), 0);
    cr_assert_eq(sl_entity_learn(t, 10, &ms), -1);
    sl_mentions_free(&ms);
    sl_entity_free(e);
}

typedef struct acase { const char *acr, *name; int want; } acase;

static const acase ACR[] = {
    { "SDF", "Syrian Democratic Forces", 1 },
    { "USA", "U.S. Army", 0 },
    { "USA", "United States Army", 1 },
    { "ISIL", "Islamic State of Iraq and the Levant", 1 },
    { "ISIS", "Islamic State of Iraq and Syria", 1 },
    { "ISIS", "Islamic State in Iraq and Syria", 1 },
    { "IS", "Islamic State", 1 },
    { "U.S.", "United States", 1 },
    { "US", "United States of America", 0 },   /* "America" must be used */
    { "USA", "United States of America", 1 },
    { "AQAP", "Al-Qaeda in the Arabian Peninsula", 1 },
    { "UNHCR", "United Nations High Commissioner for Refugees", 1 },
    { "sdf", "syrian democratic forces", 1 },
    { "SDF", "Syrian Forces", 0 },
    { "SDF", "Syrian Democratic Forces Command", 0 },
    { "FS", "Syrian Forces", 0 },
    { "S", "Syria", 0 },                      /* one letter is no acronym */
    { "S1", "Syrian One", 0 },
    { "", "Syrian Democratic Forces", 0 },
    { "SDF", "", 0 },
    { "ABCDEFGHIJKLM", "A B C D E F G H I J K L M", 0 },  /* over 12 letters */
};

Test(entity_alias, acronym_matching)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(ACR); i++)
        cr_expect_eq(sl_entity_acronym_matches(ACR[i].acr, strlen(ACR[i].acr), ACR[i].name, strlen(ACR[i].name)),
                     ACR[i].want, "%s / %s", ACR[i].acr, ACR[i].name);
    cr_assert_eq(sl_entity_acronym_matches(NULL, 0, "A B", 3), 0);
    cr_assert_eq(sl_entity_acronym_matches("AB", 2, NULL, 0), 0);
}

Test(entity_alias, table_groups_and_canonical)
{
    sl_alias_table *t = sl_alias_table_new();
    cr_assert_not_null(t);
    cr_assert_str_eq(sl_alias_table_resolve(t, "unknown"), "unknown");
    cr_assert_eq(sl_alias_table_add(t, "dES", "EsVs"), 0);
    cr_assert_eq(sl_alias_table_add(t, "Es", "dES"), 0);
    cr_assert_eq(sl_alias_table_add(t, "EslVmVkstVtE", "Es"), 0);
    cr_assert_eq(sl_alias_table_add(t, "sdf", "sErVndVmVkrVtVkfVrsVs"), 0);
    cr_assert_eq(sl_alias_table_add(t, "sdf", "sdf"), 0);            /* self pair */
    cr_assert_eq(sl_alias_table_add(t, "dES", "EsVs"), 0);           /* repeat */
    cr_assert_eq(sl_alias_table_size(t), 6);
    /* the longest member is canonical */
    static const char *const is_group[] = { "dES", "EsVs", "Es", "EslVmVkstVtE" };
    for (size_t i = 0; i < SL_ARRAY_LEN(is_group); i++)
        cr_expect_str_eq(sl_alias_table_resolve(t, is_group[i]), "EslVmVkstVtE");
    cr_expect_str_eq(sl_alias_table_resolve(t, "sdf"), "sErVndVmVkrVtVkfVrsVs");
    cr_expect_str_neq(sl_alias_table_resolve(t, "sdf"), sl_alias_table_resolve(t, "Es"));
    sl_alias_table_free(t);
    sl_alias_table_free(NULL);
}

Test(entity_alias, table_canonical_independent_of_order)
{
    static const char *const k[] = { "bb", "a", "ccc", "dd", "e" };
    /* a chain in two different orders: same canonical ("ccc": longest) */
    sl_alias_table *t1 = sl_alias_table_new(), *t2 = sl_alias_table_new();
    for (size_t i = 0; i + 1 < SL_ARRAY_LEN(k); i++) sl_alias_table_add(t1, k[i], k[i + 1]);
    for (size_t i = SL_ARRAY_LEN(k) - 1; i > 0; i--) sl_alias_table_add(t2, k[i], k[i - 1]);
    for (size_t i = 0; i < SL_ARRAY_LEN(k); i++) {
        cr_expect_str_eq(sl_alias_table_resolve(t1, k[i]), "ccc");
        cr_expect_str_eq(sl_alias_table_resolve(t2, k[i]), "ccc");
    }
    /* tie on length: byte order decides */
    sl_alias_table_add(t1, "zz", "yy");
    cr_expect_str_eq(sl_alias_table_resolve(t1, "zz"), "yy");
    sl_alias_table_free(t1);
    sl_alias_table_free(t2);
}

Test(entity_alias, table_many_keys)
{
    sl_alias_table *t = sl_alias_table_new();
    char a[32], b[32];
    /* 5000 pairs (i, i+1) for even i: 5000 groups of two after growth */
    for (int i = 0; i < 10000; i += 2) {
        snprintf(a, sizeof a, "k%d", i);
        snprintf(b, sizeof b, "k%dx", i);
        cr_assert_eq(sl_alias_table_add(t, a, b), 0);
    }
    cr_assert_eq(sl_alias_table_size(t), 10000);
    for (int i = 0; i < 10000; i += 2) {
        snprintf(a, sizeof a, "k%d", i);
        snprintf(b, sizeof b, "k%dx", i);
        cr_assert_str_eq(sl_alias_table_resolve(t, a), b);
    }
    sl_alias_table_free(t);
}

Test(entity_alias, table_bad_input_and_oom)
{
    sl_alias_table *t = sl_alias_table_new();
    cr_assert_eq(sl_alias_table_add(NULL, "a", "b"), -1);
    cr_assert_eq(sl_alias_table_add(t, NULL, "b"), -1);
    cr_assert_null(sl_alias_table_resolve(t, NULL));
    cr_assert_str_eq(sl_alias_table_resolve(NULL, "x"), "x");
    cr_assert_eq(sl_alias_table_size(NULL), 0);
    for (long k = 0; k < 12; k++) {
        sl_alloc_fail_after(k);
        int rc = sl_alias_table_add(t, "p", "q");
        sl_alloc_fail_after(-1);
        cr_assert(rc == 0 || rc == -1);
    }
    cr_assert_eq(sl_alias_table_add(t, "p", "q"), 0);
    cr_assert_str_eq(sl_alias_table_resolve(t, "q"), sl_alias_table_resolve(t, "p"));
    sl_alias_table_free(t);
    sl_alloc_fail_after(0);
    cr_assert_null(sl_alias_table_new());
    sl_alloc_fail_after(-1);
}

Test(entity_alias, seed_001_daesh)
{
    FILE *f = fopen("../shared/seeds/001_7b9815c6ccc737a2.txt", "rb");
    if (!f) cr_skip_test("../shared/seeds not found (run from the repo root next to ../shared)");
    char *t = sl_malloc(1 << 16);
    size_t n = fread(t, 1, (1 << 16) - 1, f);
    fclose(f);
    t[n] = '\0';
    sl_entity *e = sl_entity_new(NULL);
    sl_mentions ms = { 0 };
    cr_assert_eq(sl_entity_extract(e, t, n, &ms), 0);
    cr_assert_eq(sl_entity_learn(t, n, &ms), 0);
    /* Daesh (ISIS) and IS [Daesh] link IS, ISIS and Daesh into one group */
    sl_alias_table *tab = sl_alias_table_new();
    for (size_t i = 0; i < ms.pairs.n; i++)
        sl_alias_table_add(tab, sl_mention_key(&ms, &ms.m.v[ms.pairs.v[i].alias]),
                           sl_mention_key(&ms, &ms.m.v[ms.pairs.v[i].name]));
    char kd[32], ki[32], kis[32];
    sl_entity_key("Daesh", 5, kd, sizeof kd);
    sl_entity_key("ISIS", 4, ki, sizeof ki);
    sl_entity_key("IS", 2, kis, sizeof kis);
    const char *c = sl_alias_table_resolve(tab, kd);
    cr_expect_str_eq(sl_alias_table_resolve(tab, ki), c);
    cr_expect_str_eq(sl_alias_table_resolve(tab, kis), c);
    sl_alias_table_free(tab);
    sl_mentions_free(&ms);
    sl_entity_free(e);
    sl_free(t);
}
