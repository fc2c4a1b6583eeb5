/* Alias keys: transliteration variants that must meet, look-alike names
 * that must not, and bad input. */
#include <criterion/criterion.h>
#include <string.h>

#include "entity/entity.h"
#include "common/common.h"

static void key_of(const char *s, char *out, size_t cap)
{
    size_t n = sl_entity_key(s, strlen(s), out, cap);
    cr_assert_lt(n, cap, "key of \"%s\" too long (%zu)", s, n);
}

typedef struct pair { const char *a, *b; } pair;

/* Spelling variants of one name (place, person, group). */
static const pair MEET[] = {
    { "Deir al-Zor", "Deir ez-Zor" },     { "Deir al-Zor", "Deir az-Zour" },
    { "Deir al-Zor", "Deir Ezzor" },      { "Deir al-Zor", "Deir el-Zour" },
    { "Deir al-Zor", "Dayr az Zawr" },    { "Deir al-Zor", "Deir-ez-Zor" },
    { "Deir ez-Zor", "DEIR EZ-ZOR" },     { "Mayadeen", "Mayadin" },
    { "Mayadeen", "al-Mayadin" },         { "Al Mayadeen", "Mayadin" },
    { "Albu Kamal", "Albukamal" },        { "Albu Kamal", "Albu-Kamal" },
    { "Raqqa", "Raqa" },                  { "Raqqa", "Rakka" },
    { "Raqqa", "ar-Raqqa" },              { "Qaddafi", "Gaddafi" },
    { "Qaddafi", "Kadhafi" },             { "Gaddafi", "Gadhafi" },
    { "Qaddafi", "Khadafy" },             { "Mubarak", "Moubarak" },
    { "Hezbollah", "Hizbollah" },         { "Hezbollah", "Hizballah" },
    { "Hezbollah", "Hizbullah" },         { "Al-Qaeda", "al Qaida" },
    { "Al-Qaeda", "Al Qaeda" },           { "al-Qaeda", "al-Qa'ida" },
    { "Muhammad", "Mohammed" },           { "Muhammad", "Mohamed" },
    { "Mohammed", "Mohamad" },            { "Tchaikovsky", "Tschaikowsky" },
    { "Tchaikovsky", "Chaikovsky" },      { "Tchaikovsky", "Tchaikovski" },
    { "Bashar al-Assad", "Bashar Assad" }, { "Bashar al-Assad", "Bashar al Asad" },
    { "Kyiv", "Kiev" },                   { "Iraq", "Irak" },
    { "Hama", "Hamah" },                  { "Beirut", "Bayrut" },
    { "Jeddah", "Jiddah" },               { "Qatar", "Katar" },
    { "Baghdad", "Bagdad" },              { "Idlib", "Edlib" },
    { "Fallujah", "Falluja" },            { "Nasrallah", "Nasrullah" },
    { "Morsi", "Mursi" },                 { "Erdogan", "Erdo\xc4\x9f" "an" },
    { "Zelensky", "Zelenskyy" },          { "Osama bin Laden", "Usama bin Ladin" },
    { "Ahmadinejad", "Ahmadinezhad" },    { "Gorbachev", "Gorbachov" },
    { "ISIS", "Isis" },                   { "NATO", "Nato" },
    { "U.S.", "US" },                     { "U.K.", "UK" },
    { "C.I.A.", "CIA" },                  { "Shiite", "Shi'ite" },
    { "Shiite", "Shi\xe2\x80\x99ite" },   { "O'Brien", "OBrien" },
    { "Ahmed", "Ahmad" },                 { "Khaled Said", "Khalid Said" },
    { "Omar Suleiman", "Omar Sulaiman" }, { "Zine El Abidine Ben Ali", "Zine el-Abidine Ben Ali" },
    { "ElBaradei", "El Baradei" },        { "AlJazeera", "Al-Jazeera" },        { "the Euphrates", "Euphrates" },
    { "S\xc3\xa3o Paulo", "Sao Paulo" },  { "Z\xc3\xbcrich", "Zurich" },
    { "Ren\xc3\xa9", "Rene" },            { "Stra\xc3\x9f" "e", "Strasse" },
    { "Kurdistan", "Kordestan" },         { "Khamenei", "Khamanei" },
};

/* Different places and people with similar spellings. */
static const pair APART[] = {
    { "Homs", "Hama" },         { "Iran", "Oran" },        { "Iraq", "Iran" },
    { "Austria", "Australia" }, { "Sudan", "Sweden" },     { "Niger", "Nigeria" },
    { "Gaza", "Giza" },         { "Baku", "Beck" },        { "Mali", "Malawi" },
    { "Dubai", "Debbie" },      { "Paris", "Peru" },       { "Kiev", "Kobe" },
    { "Aleppo", "Alpha" },      { "Mosul", "Misel" },      { "Georgia", "Gorgia" },
    { "Cuba", "Kobe" },         { "Oman", "Amman" },       { "Oman", "Yemen" },
    { "Libya", "Lebanon" },     { "Syria", "Serbia" },     { "Syria", "Sierra" },
    { "Russia", "Prussia" },    { "Russia", "Rose" },      { "Tunis", "Tunisia" },
    { "India", "Indiana" },     { "Chile", "China" },      { "Dakar", "Dhaka" },
    { "Laos", "Lagos" },        { "Malta", "Mali" },       { "Obama", "Osama" },
    { "Hamas", "Hama" },        { "Kerry", "Carey" },      { "Biden", "Baden" },
    { "Putin", "Patton" },      { "Bush", "Bash" },        { "Saddam", "Sadat" },
    { "Morsi", "Moussa" },      { "Fatah", "Fatih" },      { "Raqqa", "Riga" },
    { "Assad", "Saad" },        { "Clinton", "Clanton" },  { "Trump", "Tramp" },
    { "Merkel", "Markel" },     { "US", "USS" },           { "IS", "ISIS" },
    { "Albu Kamal", "Abu Kamal" }, { "Iraq", "Iraqi" },    { "Syria", "Syrian" },
    { "George", "Georgia" },    { "Korea", "Gore" },       { "Aden", "Eden" },
    { "CIA", "CEO" },           { "EU", "IAEA" },          { "UK", "OK" },
    { "Say", "Sea" },           { "Lee", "Lie" },          { "God", "Good" },
    { "Benghazi", "Ghazni" },     { "Deir ez-Zor", "Deir Hafer" }, { "Islamic State", "Islamic Jihad" },
    { "Egypt", "Egyptian" },    { "Ed Stefanski", "Stefanski" }, { "Es Sider", "Sider" },    { "Jordan", "Jordanian" },
};

Test(entity_key, variants_meet)
{
    cr_assert_geq(SL_ARRAY_LEN(MEET), 40);
    for (size_t i = 0; i < SL_ARRAY_LEN(MEET); i++) {
        char a[128], b[128];
        key_of(MEET[i].a, a, sizeof a);
        key_of(MEET[i].b, b, sizeof b);
        cr_expect_str_eq(a, b, "\"%s\" (%s) should meet \"%s\" (%s)", MEET[i].a, a, MEET[i].b, b);
        cr_expect_neq(a[0], '\0', "empty key for \"%s\"", MEET[i].a);
    }
}

Test(entity_key, lookalikes_apart)
{
    cr_assert_geq(SL_ARRAY_LEN(APART), 40);
    for (size_t i = 0; i < SL_ARRAY_LEN(APART); i++) {
        char a[128], b[128];
        key_of(APART[i].a, a, sizeof a);
        key_of(APART[i].b, b, sizeof b);
        cr_expect_str_neq(a, b, "\"%s\" and \"%s\" both give %s", APART[i].a, APART[i].b, a);
    }
}

Test(entity_key, case_hyphen_and_space_do_not_matter)
{
    static const char *const forms[] = {
        "deir ez zor", "DEIR EZ ZOR", "Deir-Ez-Zor", "Deir  ez-Zor", "Deir ez\xe2\x80\x90Zor",
    };
    char k0[64], k[64];
    key_of("Deir ez-Zor", k0, sizeof k0);
    for (size_t i = 0; i < SL_ARRAY_LEN(forms); i++) {
        key_of(forms[i], k, sizeof k);
        cr_expect_str_eq(k, k0, "\"%s\"", forms[i]);
    }
}

Test(entity_key, empty_and_letterless_input)
{
    char k[16] = "x";
    cr_assert_eq(sl_entity_key("", 0, k, sizeof k), 0);
    cr_assert_str_eq(k, "");
    cr_assert_eq(sl_entity_key(NULL, 0, k, sizeof k), 0);
    cr_assert_eq(sl_entity_key("-- ,.'", 6, k, sizeof k), 0);
    cr_assert_str_eq(k, "");
    cr_assert_eq(sl_entity_key("Raqqa", 5, NULL, 0), 4);  /* size query */
}

Test(entity_key, truncation_reports_full_length)
{
    char big[64], small[4];
    size_t n = sl_entity_key("Syrian Observatory for Human Rights", 35, big, sizeof big);
    cr_assert_gt(n, 3);
    size_t m = sl_entity_key("Syrian Observatory for Human Rights", 35, small, sizeof small);
    cr_assert_eq(m, n);
    cr_assert_eq(strlen(small), 3);
    cr_assert_eq(memcmp(small, big, 3), 0);
}

Test(entity_key, length_is_respected_without_nul)
{
    /* exact-size copy: an over-read past len would be caught by ASan */
    const char *src = "Mayadeen province";
    char *buf = sl_malloc(8);
    memcpy(buf, src, 8);   /* "Mayadeen", no NUL */
    char a[32], b[32];
    sl_entity_key(buf, 8, a, sizeof a);
    key_of("Mayadeen", b, sizeof b);
    cr_assert_str_eq(a, b);
    sl_free(buf);
}

Test(entity_key, other_scripts_and_bad_utf8)
{
    char k[64];
    /* Arabic: kept as folded letters, not empty, no crash */
    const char *ar = "\xd8\xaf\xd9\x8a\xd8\xb1 \xd8\xa7\xd9\x84\xd8\xb2\xd9\x88\xd8\xb1";
    cr_assert_gt(sl_entity_key(ar, strlen(ar), k, sizeof k), 0);
    /* Cyrillic case folds */
    char k2[64];
    sl_entity_key("\xd0\x9c\xd0\x9e\xd0\xa1\xd0\x9a\xd0\x92\xd0\x90", 12, k, sizeof k);
    sl_entity_key("\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", 12, k2, sizeof k2);
    cr_assert_str_eq(k, k2);
    /* invalid bytes act as separators */
    const char bad[] = "Ra\xff\xfeqqa \xc3";
    sl_entity_key(bad, sizeof bad - 1, k, sizeof k);
    cr_assert_neq(k[0], '\0');
}

Test(entity_key, long_input_does_not_crash)
{
    size_t n = 5000;
    char *s = sl_malloc(n);
    for (size_t i = 0; i < n; i++) s[i] = (i % 7 == 6) ? ' ' : "Wayyawx"[i % 7];
    size_t need = sl_entity_key(s, n, NULL, 0);
    char *k = sl_malloc(need + 1);
    cr_assert_eq(sl_entity_key(s, n, k, need + 1), need);
    cr_assert_eq(strlen(k), need);
    sl_free(k);
    sl_free(s);
}

Test(entity_key, dup_matches_buffer_version)
{
    char k[64];
    key_of("Syrian Democratic Forces", k, sizeof k);
    char *d = sl_entity_key_dup("Syrian Democratic Forces", 24);
    cr_assert_not_null(d);
    cr_assert_str_eq(d, k);
    sl_free(d);
    sl_alloc_fail_after(0);
    cr_assert_null(sl_entity_key_dup("Raqqa", 5));
    sl_alloc_fail_after(-1);
}
