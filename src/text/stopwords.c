/*
 * stopwords.c - the English stopword list.
 *
 * Function words of English news (articles, pronouns, auxiliaries,
 * prepositions, conjunctions, common adverbs) plus the clitics the tokenizer
 * splits off ('s n't 're 've 'll 'd 'm) and the bare letters left when an
 * apostrophe was lost ("Syria s", "don t"). Words that carry news content
 * (said, government, people, year...) are deliberately absent.
 * The list is sorted; lookup is a binary search over folded forms.
 */
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "text/text_int.h"

static const char *const STOP[] = {
    "'d", "'ll", "'m", "'re", "'s", "'ve", "a", "about", "above", "across", "after",
    "again", "against", "all", "along", "also", "am", "among", "an", "and", "any",
    "are", "around", "as", "at", "be", "because", "been", "before", "behind",
    "being", "below", "between", "beyond", "both", "but", "by", "ca", "can",
    "cannot", "could", "d", "did", "do", "does", "doing", "down", "during", "each",
    "either", "else", "ever", "every", "few", "for", "from", "further", "had",
    "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "less", "ll", "m", "many", "may", "me", "might", "more",
    "most", "much", "must", "my", "myself", "n't", "neither", "no", "nor", "not",
    "now", "of", "off", "on", "once", "only", "onto", "or", "other", "our", "ours",
    "ourselves", "out", "over", "own", "per", "rather", "re", "s", "same", "shall",
    "she", "should", "since", "so", "some", "such", "t", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they",
    "this", "those", "though", "through", "thus", "to", "too", "toward", "towards",
    "under", "until", "up", "upon", "us", "ve", "very", "via", "was", "we", "were",
    "what", "when", "where", "whether", "which", "while", "who", "whom", "whose",
    "why", "will", "with", "within", "without", "wo", "would", "yet", "you", "your",
    "yours", "yourself", "yourselves",
};

static int cmp_len(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c) return c;
    return alen < blen ? -1 : alen > blen;
}

int sl_stopword_len(const char *norm, size_t len)
{
    size_t lo = 0, hi = SL_ARRAY_LEN(STOP);
    if (len == 0 || len > 10) return 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_len(norm, len, STOP[mid]);
        if (c == 0) return 1;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

int sl_is_stopword(const char *norm)
{
    return norm ? sl_stopword_len(norm, strlen(norm)) : 0;
}
