/*
 * entity_lex.c - the word lists of the mention extractor, as one sorted
 * table with a first-letter index. Lists are short and English-news
 * specific: function words, titles, common sentence openers, months and weekdays,
 * name particles (Arabic articles, bin/ibn, de/van/von), the connectives
 * names contain (of, for, and, the), abbreviations that keep their dot,
 * and news agencies (for rejecting "(Reuters)" as an alias).
 *
 * Lookup: the table is also loaded, once per process, into a small
 * open-addressing hash keyed by the lower-cased word packed into two 64-bit
 * words (every entry is shorter than 16 bytes): one multiply and usually one
 * probe per word, instead of a walk through the first-letter bucket (up to
 * 50 string compares; the walk was 4% of all instructions of `add`).
 */
#include "entity/entity_lex.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

typedef struct lex_entry {
    const char *w;
    unsigned char len;
    unsigned short bits;
} lex_entry;

/* Sorted by strcmp (lower case), with a first-letter index below.
 * Generated; keep both in step (sl_entity_lex_check_, run by the tests). */
static const lex_entry LEX[] = {
    { "a", 1, LX_FUNC },
    { "aa", 2, LX_AGENCY },
    { "abc", 3, LX_AGENCY },
    { "about", 5, LX_COMMON0 | LX_FUNC },
    { "above", 5, LX_FUNC },
    { "according", 9, LX_COMMON0 },
    { "ad", 2, LX_PART_HY },
    { "adh", 3, LX_PART_HY },
    { "adm", 3, LX_ABBR | LX_TITLE },
    { "admiral", 7, LX_TITLE },
    { "advertisement", 13, LX_COMMON0 },
    { "afp", 3, LX_AGENCY },
    { "after", 5, LX_COMMON0 | LX_FUNC },
    { "again", 5, LX_COMMON0 | LX_FUNC },
    { "against", 7, LX_FUNC },
    { "al", 2, LX_PART_SP | LX_START_AL },
    { "all", 3, LX_FUNC },
    { "almost", 6, LX_COMMON0 },
    { "along", 5, LX_COMMON0 },
    { "already", 7, LX_COMMON0 },
    { "also", 4, LX_COMMON0 | LX_FUNC },
    { "although", 8, LX_COMMON0 },
    { "always", 6, LX_COMMON0 },
    { "am", 2, LX_FUNC },
    { "ambassador", 10, LX_TITLE },
    { "amid", 4, LX_FUNC },
    { "among", 5, LX_FUNC },
    { "an", 2, LX_FUNC | LX_PART_HY },
    { "anadolu", 7, LX_AGENCY },
    { "analysts", 8, LX_COMMON0 },
    { "and", 3, LX_AND | LX_FUNC },
    { "another", 7, LX_COMMON0 },
    { "ansa", 4, LX_AGENCY },
    { "any", 3, LX_FUNC },
    { "ap", 2, LX_AGENCY },
    { "apr", 3, LX_MONTHDAY },
    { "april", 5, LX_MONTHDAY },
    { "ar", 2, LX_PART_HY },
    { "are", 3, LX_FUNC },
    { "around", 6, LX_COMMON0 },
    { "as", 2, LX_FUNC | LX_PART_HY },
    { "ash", 3, LX_PART_AZ | LX_PART_HY },
    { "assistant", 9, LX_TITLE2 },
    { "associate", 9, LX_TITLE2 },
    { "at", 2, LX_FUNC | LX_PART_HY },
    { "ath", 3, LX_PART_HY },
    { "attorney", 8, LX_TITLE2 },
    { "aug", 3, LX_MONTHDAY },
    { "august", 6, LX_MONTHDAY },
    { "ayatollah", 9, LX_TITLE },
    { "az", 2, LX_PART_AZ | LX_PART_HY },
    { "backed", 6, LX_COMMON0 },
    { "bbc", 3, LX_AGENCY },
    { "be", 2, LX_FUNC },
    { "because", 7, LX_COMMON0 | LX_FUNC },
    { "been", 4, LX_FUNC },
    { "before", 6, LX_COMMON0 | LX_FUNC },
    { "being", 5, LX_FUNC },
    { "below", 5, LX_FUNC },
    { "ben", 3, LX_PART_SP },
    { "between", 7, LX_FUNC },
    { "bin", 3, LX_PART_SP },
    { "bint", 4, LX_PART_SP },
    { "bishop", 6, LX_TITLE },
    { "bloomberg", 9, LX_AGENCY },
    { "both", 4, LX_COMMON0 | LX_FUNC },
    { "breaking", 8, LX_COMMON0 },
    { "but", 3, LX_FUNC },
    { "by", 2, LX_FUNC },
    { "can", 3, LX_FUNC },
    { "capt", 4, LX_ABBR | LX_TITLE },
    { "captain", 7, LX_TITLE },
    { "cardinal", 8, LX_TITLE },
    { "cbs", 3, LX_AGENCY },
    { "chairman", 8, LX_TITLE2 },
    { "chairwoman", 10, LX_TITLE2 },
    { "chancellor", 10, LX_TITLE },
    { "chief", 5, LX_TITLE },
    { "click", 5, LX_COMMON0 },
    { "cmdr", 4, LX_ABBR | LX_TITLE },
    { "cnn", 3, LX_AGENCY },
    { "col", 3, LX_ABBR | LX_TITLE },
    { "colonel", 7, LX_TITLE },
    { "commander", 9, LX_TITLE },
    { "comments", 8, LX_COMMON0 },
    { "coordinator", 11, LX_TITLE2 },
    { "correspondent", 13, LX_TITLE2 },
    { "could", 5, LX_FUNC },
    { "critics", 7, LX_COMMON0 },
    { "crown", 5, LX_TITLE },
    { "currently", 9, LX_COMMON0 },
    { "da", 2, LX_PART_SP },
    { "das", 3, LX_PART_SP },
    { "de", 2, LX_PART_SP },
    { "dec", 3, LX_MONTHDAY },
    { "december", 8, LX_MONTHDAY },
    { "del", 3, LX_PART_SP },
    { "della", 5, LX_PART_SP },
    { "den", 3, LX_PART_SP },
    { "deputy", 6, LX_TITLE2 },
    { "der", 3, LX_PART_SP },
    { "despite", 7, LX_COMMON0 },
    { "di", 2, LX_PART_SP },
    { "did", 3, LX_FUNC },
    { "director", 8, LX_TITLE2 },
    { "do", 2, LX_FUNC },
    { "doctor", 6, LX_TITLE2 },
    { "does", 4, LX_FUNC },
    { "doing", 5, LX_FUNC },
    { "dos", 3, LX_PART_SP },
    { "down", 4, LX_FUNC },
    { "dpa", 3, LX_AGENCY },
    { "dr", 2, LX_ABBR | LX_TITLE },
    { "du", 2, LX_PART_SP },
    { "during", 6, LX_COMMON0 | LX_FUNC },
    { "each", 4, LX_COMMON0 | LX_FUNC },
    { "earlier", 7, LX_COMMON0 },
    { "ed", 2, LX_PART_HY },
    { "editor", 6, LX_TITLE2 },
    { "efe", 3, LX_AGENCY },
    { "either", 6, LX_FUNC },
    { "el", 2, LX_PART_SP | LX_START_AL },
    { "elsewhere", 9, LX_COMMON0 },
    { "emir", 4, LX_TITLE },
    { "emperor", 7, LX_TITLE },
    { "en", 2, LX_PART_HY },
    { "enter", 5, LX_COMMON0 },
    { "envoy", 5, LX_TITLE2 },
    { "er", 2, LX_PART_HY },
    { "es", 2, LX_PART_HY },
    { "esh", 3, LX_PART_HY },
    { "et", 2, LX_PART_HY },
    { "even", 4, LX_COMMON0 },
    { "every", 5, LX_COMMON0 },
    { "executive", 9, LX_TITLE2 },
    { "experts", 7, LX_COMMON0 },
    { "ez", 2, LX_PART_AZ | LX_PART_HY },
    { "feb", 3, LX_MONTHDAY },
    { "february", 8, LX_MONTHDAY },
    { "few", 3, LX_COMMON0 | LX_FUNC },
    { "fighting", 8, LX_COMMON0 },
    { "finally", 7, LX_COMMON0 },
    { "follow", 6, LX_COMMON0 },
    { "following", 9, LX_COMMON0 },
    { "for", 3, LX_CONN | LX_FUNC },
    { "former", 6, LX_COMMON0 },
    { "friday", 6, LX_MONTHDAY },
    { "from", 4, LX_FUNC },
    { "ft", 2, LX_ABBR },
    { "further", 7, LX_FUNC },
    { "gen", 3, LX_ABBR | LX_TITLE },
    { "general", 7, LX_TITLE2 },
    { "gov", 3, LX_ABBR | LX_TITLE },
    { "governor", 8, LX_TITLE },
    { "had", 3, LX_FUNC },
    { "has", 3, LX_FUNC },
    { "have", 4, LX_FUNC },
    { "having", 6, LX_FUNC },
    { "he", 2, LX_FUNC },
    { "her", 3, LX_FUNC },
    { "here", 4, LX_COMMON0 | LX_FUNC },
    { "hers", 4, LX_FUNC },
    { "herself", 7, LX_FUNC },
    { "him", 3, LX_FUNC },
    { "himself", 7, LX_FUNC },
    { "his", 3, LX_FUNC },
    { "how", 3, LX_COMMON0 | LX_FUNC },
    { "however", 7, LX_COMMON0 },
    { "i", 1, LX_FUNC },
    { "ians", 4, LX_AGENCY },
    { "ibn", 3, LX_PART_SP },
    { "if", 2, LX_FUNC },
    { "image", 5, LX_COMMON0 },
    { "imam", 4, LX_TITLE },
    { "in", 2, LX_FUNC },
    { "indeed", 6, LX_COMMON0 },
    { "instead", 7, LX_COMMON0 },
    { "into", 4, LX_FUNC },
    { "irna", 4, LX_AGENCY },
    { "is", 2, LX_FUNC },
    { "it", 2, LX_FUNC },
    { "its", 3, LX_FUNC },
    { "itself", 6, LX_FUNC },
    { "jan", 3, LX_MONTHDAY },
    { "january", 7, LX_MONTHDAY },
    { "jr", 2, LX_ABBR },
    { "judge", 5, LX_TITLE },
    { "jul", 3, LX_MONTHDAY },
    { "july", 4, LX_MONTHDAY },
    { "jun", 3, LX_MONTHDAY },
    { "june", 4, LX_MONTHDAY },
    { "just", 4, LX_COMMON0 | LX_FUNC },
    { "king", 4, LX_TITLE },
    { "kuna", 4, LX_AGENCY },
    { "kyodo", 5, LX_AGENCY },
    { "la", 2, LX_PART_SP },
    { "last", 4, LX_COMMON0 },
    { "later", 5, LX_COMMON0 },
    { "le", 2, LX_PART_SP },
    { "leader", 6, LX_TITLE2 },
    { "less", 4, LX_COMMON0 },
    { "like", 4, LX_COMMON0 },
    { "local", 5, LX_COMMON0 },
    { "lt", 2, LX_ABBR | LX_TITLE },
    { "madam", 5, LX_TITLE },
    { "maj", 3, LX_ABBR },
    { "many", 4, LX_COMMON0 },
    { "mar", 3, LX_MONTHDAY },
    { "march", 5, LX_MONTHDAY },
    { "may", 3, LX_MONTHDAY },
    { "mayor", 5, LX_TITLE },
    { "me", 2, LX_FUNC },
    { "meanwhile", 9, LX_COMMON0 },
    { "mena", 4, LX_AGENCY },
    { "minister", 8, LX_TITLE },
    { "monday", 6, LX_MONTHDAY },
    { "more", 4, LX_COMMON0 | LX_FUNC },
    { "most", 4, LX_COMMON0 | LX_FUNC },
    { "mr", 2, LX_ABBR | LX_TITLE },
    { "mrs", 3, LX_ABBR | LX_TITLE },
    { "ms", 2, LX_ABBR | LX_TITLE },
    { "msnbc", 5, LX_AGENCY },
    { "mt", 2, LX_ABBR },
    { "much", 4, LX_COMMON0 },
    { "my", 2, LX_FUNC },
    { "myself", 6, LX_FUNC },
    { "nbc", 3, LX_AGENCY },
    { "nearly", 6, LX_COMMON0 },
    { "neither", 7, LX_FUNC },
    { "never", 5, LX_COMMON0 },
    { "next", 4, LX_COMMON0 },
    { "no", 2, LX_COMMON0 | LX_FUNC },
    { "nor", 3, LX_FUNC },
    { "not", 3, LX_COMMON0 | LX_FUNC },
    { "nov", 3, LX_MONTHDAY },
    { "november", 8, LX_MONTHDAY },
    { "now", 3, LX_COMMON0 | LX_FUNC },
    { "oct", 3, LX_MONTHDAY },
    { "october", 7, LX_MONTHDAY },
    { "of", 2, LX_CONN | LX_FUNC },
    { "off", 3, LX_FUNC },
    { "officer", 7, LX_TITLE2 },
    { "officials", 9, LX_COMMON0 },
    { "often", 5, LX_COMMON0 },
    { "on", 2, LX_FUNC },
    { "once", 4, LX_FUNC },
    { "only", 4, LX_COMMON0 | LX_FUNC },
    { "or", 2, LX_FUNC },
    { "other", 5, LX_COMMON0 | LX_FUNC },
    { "our", 3, LX_FUNC },
    { "ours", 4, LX_FUNC },
    { "out", 3, LX_FUNC },
    { "over", 4, LX_COMMON0 | LX_FUNC },
    { "overall", 7, LX_COMMON0 },
    { "own", 3, LX_FUNC },
    { "pa", 2, LX_AGENCY },
    { "petra", 5, LX_AGENCY },
    { "photo", 5, LX_COMMON0 },
    { "please", 6, LX_COMMON0 },
    { "police", 6, LX_COMMON0 },
    { "pope", 4, LX_TITLE },
    { "premier", 7, LX_TITLE },
    { "president", 9, LX_TITLE },
    { "previous", 8, LX_COMMON0 },
    { "prime", 5, LX_TITLE },
    { "prince", 6, LX_TITLE },
    { "princess", 8, LX_TITLE },
    { "prof", 4, LX_ABBR | LX_TITLE },
    { "professor", 9, LX_TITLE2 },
    { "pti", 3, LX_AGENCY },
    { "queen", 5, LX_TITLE },
    { "read", 4, LX_COMMON0 },
    { "recently", 8, LX_COMMON0 },
    { "related", 7, LX_COMMON0 },
    { "relatives", 9, LX_COMMON0 },
    { "rep", 3, LX_ABBR | LX_TITLE },
    { "residents", 9, LX_COMMON0 },
    { "reuters", 7, LX_AGENCY },
    { "rev", 3, LX_ABBR | LX_TITLE },
    { "ria", 3, LX_AGENCY },
    { "same", 4, LX_FUNC },
    { "sana", 4, LX_AGENCY },
    { "saturday", 8, LX_MONTHDAY },
    { "secretary", 9, LX_TITLE },
    { "see", 3, LX_COMMON0 },
    { "sen", 3, LX_ABBR | LX_TITLE },
    { "senator", 7, LX_TITLE },
    { "senior", 6, LX_TITLE2 },
    { "sep", 3, LX_MONTHDAY },
    { "separately", 10, LX_COMMON0 },
    { "sept", 4, LX_MONTHDAY },
    { "september", 9, LX_MONTHDAY },
    { "several", 7, LX_COMMON0 },
    { "sgt", 3, LX_ABBR | LX_TITLE },
    { "share", 5, LX_COMMON0 },
    { "she", 3, LX_FUNC },
    { "sheik", 5, LX_TITLE },
    { "sheikh", 6, LX_TITLE },
    { "should", 6, LX_FUNC },
    { "sign", 4, LX_COMMON0 },
    { "since", 5, LX_COMMON0 },
    { "sir", 3, LX_TITLE },
    { "situated", 8, LX_COMMON0 },
    { "smoke", 5, LX_COMMON0 },
    { "so", 2, LX_FUNC },
    { "some", 4, LX_COMMON0 | LX_FUNC },
    { "sometimes", 9, LX_COMMON0 },
    { "sources", 7, LX_COMMON0 },
    { "spokesman", 9, LX_TITLE },
    { "spokeswoman", 11, LX_TITLE },
    { "sr", 2, LX_ABBR },
    { "st", 2, LX_ABBR },
    { "still", 5, LX_COMMON0 },
    { "successive", 10, LX_COMMON0 },
    { "such", 4, LX_COMMON0 | LX_FUNC },
    { "sunday", 6, LX_MONTHDAY },
    { "supporters", 10, LX_COMMON0 },
    { "tass", 4, LX_AGENCY },
    { "than", 4, LX_FUNC },
    { "thank", 5, LX_COMMON0 },
    { "thanks", 6, LX_COMMON0 },
    { "that", 4, LX_FUNC },
    { "the", 3, LX_FUNC | LX_THE },
    { "their", 5, LX_FUNC },
    { "theirs", 6, LX_FUNC },
    { "them", 4, LX_FUNC },
    { "then", 4, LX_COMMON0 | LX_FUNC },
    { "there", 5, LX_COMMON0 | LX_FUNC },
    { "these", 5, LX_FUNC },
    { "they", 4, LX_FUNC },
    { "this", 4, LX_FUNC },
    { "those", 5, LX_FUNC },
    { "though", 6, LX_COMMON0 | LX_FUNC },
    { "through", 7, LX_FUNC },
    { "thursday", 8, LX_MONTHDAY },
    { "thus", 4, LX_COMMON0 | LX_FUNC },
    { "to", 2, LX_FUNC },
    { "today", 5, LX_COMMON0 },
    { "together", 8, LX_COMMON0 },
    { "tomorrow", 8, LX_COMMON0 },
    { "tonight", 7, LX_COMMON0 },
    { "too", 3, LX_FUNC },
    { "top", 3, LX_COMMON0 },
    { "tuesday", 7, LX_MONTHDAY },
    { "ul", 2, LX_PART_AZ | LX_PART_HY },
    { "under", 5, LX_COMMON0 | LX_FUNC },
    { "until", 5, LX_COMMON0 | LX_FUNC },
    { "up", 2, LX_FUNC },
    { "update", 6, LX_COMMON0 },
    { "updated", 7, LX_COMMON0 },
    { "upi", 3, LX_AGENCY },
    { "upon", 4, LX_FUNC },
    { "van", 3, LX_PART_SP },
    { "very", 4, LX_FUNC },
    { "via", 3, LX_FUNC },
    { "vice", 4, LX_TITLE },
    { "video", 5, LX_COMMON0 },
    { "von", 3, LX_PART_SP },
    { "wam", 3, LX_AGENCY },
    { "was", 3, LX_FUNC },
    { "watch", 5, LX_COMMON0 },
    { "we", 2, LX_FUNC },
    { "wednesday", 9, LX_MONTHDAY },
    { "were", 4, LX_FUNC },
    { "what", 4, LX_COMMON0 | LX_FUNC },
    { "when", 4, LX_COMMON0 | LX_FUNC },
    { "where", 5, LX_COMMON0 | LX_FUNC },
    { "which", 5, LX_FUNC },
    { "while", 5, LX_COMMON0 | LX_FUNC },
    { "who", 3, LX_COMMON0 | LX_FUNC },
    { "whom", 4, LX_FUNC },
    { "whose", 5, LX_FUNC },
    { "why", 3, LX_COMMON0 | LX_FUNC },
    { "will", 4, LX_FUNC },
    { "with", 4, LX_FUNC },
    { "within", 6, LX_FUNC },
    { "without", 7, LX_FUNC },
    { "witnesses", 9, LX_COMMON0 },
    { "would", 5, LX_FUNC },
    { "xinhua", 6, LX_AGENCY },
    { "yes", 3, LX_COMMON0 },
    { "yesterday", 9, LX_COMMON0 },
    { "yet", 3, LX_COMMON0 | LX_FUNC },
    { "yonhap", 6, LX_AGENCY },
    { "you", 3, LX_FUNC },
    { "your", 4, LX_FUNC },
    { "yours", 5, LX_FUNC },
};

/* LEX_FIRST[c - 'a'] .. LEX_FIRST[c - 'a' + 1]: the entries starting with c. */
static const unsigned short LEX_FIRST[27] = {
    0, 51, 69, 91, 115, 137, 150, 154, 168, 183, 192, 195, 204, 226, 237, 255, 270, 271, 280, 317, 344, 352, 358, 379, 380, 387, 387,
};

enum { LEX_HASH_BITS = 11 };   /* 2,048 slots for ~390 words */

typedef struct lex_slot {
    uint64_t k0, k1;       /* the word, zero-padded; k0 == 0: empty */
    unsigned short bits;
} lex_slot;

static lex_slot LEX_HASH[1u << LEX_HASH_BITS];
static pthread_once_t LEX_ONCE = PTHREAD_ONCE_INIT;

static inline size_t lex_slot_of(uint64_t k0, uint64_t k1)
{
    uint64_t h = (k0 ^ (k1 * 0xc2b2ae3d27d4eb4fULL)) * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> (64 - LEX_HASH_BITS));
}

static void lex_hash_build(void)
{
    for (size_t i = 0; i < sizeof LEX / sizeof LEX[0]; i++) {
        uint64_t k[2] = {0, 0};
        memcpy(k, LEX[i].w, LEX[i].len < 16 ? LEX[i].len : 15);
        size_t j = lex_slot_of(k[0], k[1]);
        while (LEX_HASH[j].k0)
            j = (j + 1) & ((1u << LEX_HASH_BITS) - 1);
        LEX_HASH[j] = (lex_slot){k[0], k[1], LEX[i].bits};
    }
}

unsigned sl_entity_lex_(const char *w, size_t n)
{
    uint64_t k[2] = {0, 0};
    char *low = (char *)k;
    if (n == 0 || n >= sizeof k)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 0x80)
            return 0;
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (low[0] < 'a' || low[0] > 'z')
        return 0;
    pthread_once(&LEX_ONCE, lex_hash_build);
    for (size_t j = lex_slot_of(k[0], k[1]); LEX_HASH[j].k0; j = (j + 1) & ((1u << LEX_HASH_BITS) - 1))
        if (LEX_HASH[j].k0 == k[0] && LEX_HASH[j].k1 == k[1])
            return LEX_HASH[j].bits;
    return 0;
}

int sl_entity_lex_check_(void)
{
    size_t n = sizeof LEX / sizeof LEX[0];
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(LEX[i - 1].w, LEX[i].w) >= 0) return -1;
        if (LEX[i].len != strlen(LEX[i].w) || LEX[i].len >= 16) return -1;
        int b = LEX[i].w[0] - 'a';
        if (b < 0 || b > 25 || i < LEX_FIRST[b] || i >= LEX_FIRST[b + 1]) return -1;
        /* the hash finds every word, in any case */
        char up[16];
        for (size_t k = 0; k < LEX[i].len; k++)
            up[k] = (char)(LEX[i].w[k] >= 'a' && LEX[i].w[k] <= 'z' ? LEX[i].w[k] - 32 : LEX[i].w[k]);
        if (sl_entity_lex_(LEX[i].w, LEX[i].len) != LEX[i].bits ||
            sl_entity_lex_(up, LEX[i].len) != LEX[i].bits)
            return -1;
    }
    return LEX_FIRST[26] == n ? 0 : -1;
}
