/*
 * boiler.c - declared rules for lines of a web page that are not article
 * text.
 *
 * Every rule is a name and a matcher over a prepared line (struct bline):
 *
 *   raw    the line as given (no newline)
 *   key    the line squashed to lower-case ASCII letters and digits plus
 *          non-ASCII letters: spaces, punctuation, PTB tokens' spacing and
 *          typographic marks vanish, so "You 've selected the U.S. Edition ."
 *          and "You’ve selected the U.S. edition" both read
 *          "youveselectedtheusedition"
 *   words  number of space-separated words holding a letter or digit
 *
 * Rules are deliberately conservative: they match whole lines of site
 * furniture (comment prompts, share and sign-up lines, edition pickers,
 * "Advertisement", "2 min read", photo credits, copyright lines, wire codes,
 * lines that are only a date) and bound the number of words, so a sentence
 * of news that merely mentions a comment, a newsletter or a photo never
 * matches. Matching is case-insensitive by construction of the key.
 * Lines longer than MAX_LINE bytes never match.
 */
#include <string.h>

#include "common/common.h"
#include "clean/boiler.h"

#define MAX_LINE 600
#define KEY_CAP  640

/* ---- prepared line --------------------------------------------------- */

enum { TR_COMMENT = 1, TR_LEGAL = 2, TR_INBOX = 4, TR_RIGHTS = 8 };

typedef struct bline {
    unsigned trig;        /* TR_* substrings present in key (one pass) */
    const char *raw;
    size_t len;
    char key[KEY_CAP];
    size_t klen;
    int words;
} bline;

static int is_alnum_a(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Bytes of a non-ASCII punctuation/symbol char at s[i] to drop (0 = keep):
 * U+0080..U+00BF (C2 xx: nbsp, ©, «, »...) and U+2000..U+206F (E2 80/81 xx). */
static size_t drop_len(const unsigned char *s, size_t i, size_t n)
{
    if (s[i] == 0xC2 && i + 1 < n) return 2;
    if (s[i] == 0xE2 && i + 2 < n && (s[i + 1] == 0x80 || s[i + 1] == 0x81)) return 3;
    return 0;
}

/* One pass over the key for the substrings the rules look for anywhere in a
 * line, so that ordinary sentences cost one scan, not one strstr per word. */
static const char TRIG2[128] = {
    ['c'] = 'o', ['p'] = 'r', ['t'] = 'e', ['i'] = 'n', ['n'] = 'e', ['a'] = 'l',
};

static unsigned triggers(const char *k, size_t n)
{
    unsigned t = 0;
#define AT(w) (i + sizeof(w) - 1 <= n && memcmp(k + i, w, sizeof(w) - 1) == 0)
    for (size_t i = 0; i + 5 <= n; i++) {
        if (TRIG2[(unsigned char)k[i] & 0x7F] != k[i + 1]) continue;   /* rare pairs only */
        switch (k[i]) {
        case 'c':
            if (AT("comment")) t |= TR_COMMENT;
            else if (AT("cookie")) t |= TR_LEGAL;
            break;
        case 'p': if (AT("privacypolicy")) t |= TR_LEGAL; break;
        case 't': if (AT("termsof")) t |= TR_LEGAL; break;
        case 'i': if (AT("inbox")) t |= TR_INBOX; break;
        case 'n': if (AT("newsletter")) t |= TR_INBOX; break;
        case 'a': if (AT("allrightsreserved")) t |= TR_RIGHTS; break;
        default: break;
        }
    }
#undef AT
    return t;
}

static int is_ptb_bracket(const char *p)
{
    return !strncmp(p, "-LRB-", 5) || !strncmp(p, "-RRB-", 5) || !strncmp(p, "-LCB-", 5)
        || !strncmp(p, "-RCB-", 5) || !strncmp(p, "-LSB-", 5) || !strncmp(p, "-RSB-", 5);
}

/* KEYMAP[c]: the key byte for ASCII c (lower-cased letter or digit), 0 to
 * drop it, 1 for white space. */
static const unsigned char KEYMAP[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 0, 0, 0, 0, 0, 0,
    0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
    0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
};

static void prepare(bline *l, const char *line, size_t len)
{
    const unsigned char *s = (const unsigned char *)line;
    unsigned has = 0, words = 0;   /* has: the current word holds a letter/digit */
    size_t kl = 0;
    l->raw = line, l->len = len;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        if (c >= 0x80 || c == '-') {   /* rare: the branch-free path can't take these */
            size_t d;
            if (c == '-') i += (i + 5 <= len && is_ptb_bracket(line + i)) ? 5 : 1;
            else if ((d = drop_len(s, i, len)) != 0) i += d;
            else l->key[kl++] = (char)c, has = 1, i++;
            continue;
        }
        unsigned k = KEYMAP[c], alnum = k > 1, sp = k == 1;
        l->key[kl] = (char)k;
        kl += alnum;
        words += sp & has;
        has = (has | alnum) & !sp;
        i++;
    }
    l->words = (int)(words + has);
    l->klen = kl;
    l->key[kl] = 0;
    l->trig = triggers(l->key, kl);
}

static int k_eq(const bline *l, const char *w)
{
    return l->key[0] == w[0] && strcmp(l->key, w) == 0;
}
static int k_pre(const bline *l, const char *w)
{
    return l->key[0] == w[0] && strncmp(l->key, w, strlen(w)) == 0;
}
static int k_has(const bline *l, const char *w) { return strstr(l->key, w) != NULL; }
static int k_suf(const bline *l, const char *w)
{
    size_t n = strlen(w);
    return l->klen >= n && memcmp(l->key + l->klen - n, w, n) == 0;
}

static int k_any(const bline *l, int (*f)(const bline *, const char *), const char *const *ws)
{
    if (f == k_eq && l->klen > 48) return 0;   /* no exact key is that long */
    for (; *ws; ws++)
        if (f(l, *ws)) return 1;
    return 0;
}

/* Skips leading digits of the key; returns the rest (NULL if no digit). */
static const char *after_number(const bline *l)
{
    size_t i = 0;
    while (l->key[i] >= '0' && l->key[i] <= '9') i++;
    return i ? l->key + i : NULL;
}

/* ---- rules ----------------------------------------------------------- */

static int r_comment(const bline *l)
{
    static const char *const eq[] = {
        "pleaseenteryourcomment", "pleaseenteryournamehere", "commentsaboutthisarticle",
        "pleasefillthefieldsbelow", "leaveacomment", "leaveareply", "postacomment",
        "addacomment", "addyourcomment", "showcomments", "viewcomments", "hidecomments",
        "comments", "comment", "nocomments", "thisdiscussionisnowclosed", "commentsareclosed",
        "commentsclosed", "jointhediscussion", "jointheconversation", "discussthisarticle",
        "readcomments", "loadcomments", "postcomment", "submitcomment", "yourcomment",
        "yourname", "youremail", "name", "email", "website", "pleaseenteryouremail",
        "pleaseenteryouremailaddress", "pleaseenteryourcommentandname", NULL };
    static const char *const pre[] = {
        "youmustbeloggedintopost", "notifymeof", "commentsarenotprescreened",
        "viewsexpressedinthecomments", "wewelcomecomments", "pleasegetinvolvedandleaveacomment",
        "commentsonthisstory", "commentingisclosed", "thecommentsbelowhavebeen",
        "requiredbutwillnotbedisplayed", "somecommentseditedfor", "pleasecreateascreenname",
        NULL };
    const char *r;
    if (l->len > 16 && memchr(l->raw, '|', l->len)
        && memmem(l->raw, l->len, "| Report abuse", 14))
        return 1;   /* reader posts */
    if (l->len > 10 && (l->raw[0] | 32) == 'p' && strncasecmp(l->raw, "Posted by", 9) == 0) {         /* "Posted by : x" */
        size_t i = 9;
        while (i < l->len && l->raw[i] == ' ') i++;
        if (i < l->len && l->raw[i] == ':' && l->words <= 16) return 1;
    }
    if (l->words > 40) return 0;
    if (k_any(l, k_eq, eq) || (l->words <= 16 && k_any(l, k_pre, pre))) return 1;
    if ((l->trig & TR_COMMENT) && k_has(l, "comments") && l->words <= 30
        && (k_has(l, "wewelcome") || k_has(l, "courteous") || k_has(l, "rulesofconduct")
            || k_has(l, "prescreened") || k_has(l, "donotrepresent")))
        return 1;
    if ((r = after_number(l)) != NULL && l->words <= 3)
        return !strcmp(r, "comments") || !strcmp(r, "comment") || !strcmp(r, "replies");
    if (k_pre(l, "comments") && l->klen > 8 && l->words <= 2) {   /* Comments (12) */
        for (size_t i = 8; i < l->klen; i++)
            if (l->key[i] < '0' || l->key[i] > '9') return 0;
        return 1;
    }
    return 0;
}

static int r_share(const bline *l)
{
    static const char *const pre[] = {
        "sharethis", "shareon", "shareyourimages", "shareyourstory", "shareyourphotos",
        "shareviaemail", "sharethisstory", "emailthisarticle", "printthisarticle",
        "followuson", "likeuson", "clickhere", "tapheretosubscribe", "enteryouremail",
        "subscribetoour", "subscribetothe", "signupforour", "signupforthe", "signuptoour",
        "signuptoreceive", "signupnow", "downloadourapp", "getourapp", NULL };
    static const char *const eq[] = {
        "share", "sharethis", "shares", "tweet", "email", "print", "facebook", "twitter",
        "whatsapp", "linkedin", "pinterest", "reddit", "messenger", "copylink", "subscribe",
        "signup", "signin", "login", "register", "newsletter", "readmore", "related",
        "relatedarticles", "relatedstories", "relatedcoverage", "moreonthisstory",
        "backtotop", "skiptocontent", "skiptomaincontent", "nextarticle", "previousarticle",
        "nextstory", "topstories", "mostread", "mostpopular", "youmayalsolike", "seealso",
        "recommended", "loading", "enlargethisimage", "togglecaption", "hidecaption",
        "continuereading", "continuereadingthemainstory", "watch", "listen",
        "listentothisarticle", NULL };
    if (l->words > 25) return 0;
    if (k_any(l, k_eq, eq)) return 1;
    if (k_any(l, k_pre, pre) && l->words <= 20) return 1;
    if (k_suf(l, "clickhere") || k_suf(l, "clickheretosubscribe")) return 1;
    if (k_pre(l, "follow") && (k_has(l, "ontwitter") || k_has(l, "onfacebook")
                               || k_has(l, "oninstagram")) && l->words <= 12)
        return 1;
    if ((l->trig & TR_INBOX) && (k_has(l, "toyourinbox") || k_has(l, "inyourinbox") || k_has(l, "ournewsletter"))
        && (k_has(l, "get") || k_has(l, "signup") || k_has(l, "subscribe")))
        return 1;
    if (l->len > 9 && strncasecmp(l->raw, "read more", 9) == 0) {   /* "Read more: ..." */
        size_t i = 9;
        while (i < l->len && l->raw[i] == ' ') i++;
        return i < l->len && l->raw[i] == ':';
    }
    return 0;
}

static int r_edition(const bline *l)
{
    if (l->words > 20) return 0;
    return (k_pre(l, "youveselected") && k_has(l, "edition"))
        || k_pre(l, "wouldyouliketomakethisyourdefaultedition") || k_eq(l, "yesno")
        || (k_pre(l, "setedition") || k_pre(l, "changeedition") || k_pre(l, "selectedition"));
}

static int r_advert(const bline *l)
{
    static const char *const eq[] = {
        "advertisement", "advertisements", "advertising", "ad", "ads", "adchoices",
        "sponsored", "sponsoredcontent", "sponsoredlinks", "paidcontent", "promoted",
        "storycontinuesbelowadvertisement", "articlecontinuesbelowadvertisement",
        "continuereadingbelow", "advertisementcontinuereadingthemainstory",
        "reportanad", "partnercontent", NULL };
    return l->words <= 6 && k_any(l, k_eq, eq);
}

static int r_readtime(const bline *l)
{
    const char *r = after_number(l);
    if (!r || l->words > 4) return 0;
    return !strcmp(r, "minread") || !strcmp(r, "minsread") || !strcmp(r, "minuteread")
        || !strcmp(r, "minutesread") || !strcmp(r, "minreading") || !strcmp(r, "minuteslisten")
        || !strcmp(r, "minlisten");
}

/* Agency tokens that make up photo credits. */
static int has_agency(const bline *l)
{
    static const char *const ag[] = {
        "afp", "reuters", "gettyimages", "getty", "apphoto", "epa", "anadolu", "xinhua",
        "shutterstock", "alamy", "sana", "efe", "ansa", "dpa", NULL };
    return k_any(l, k_has, ag);
}

/* "Photo: Reuters", "(Photo: AFP)", "File photo Reuters". */
static int photo_word_credit(const bline *l, size_t i)
{
    static const char *const pre[] = {
        "photo", "photos", "photograph", "photographer", "image", "images", "picture",
        "pictures", "credit", "image credit", "photo credit", "file photo", "pic", NULL };
    const unsigned char *s = (const unsigned char *)l->raw;
    for (const char *const *p = pre; *p; p++) {
        size_t n = strlen(*p), j = i + n;
        if (j >= l->len || (s[i] | 32) != (*p)[0] || strncasecmp(l->raw + i, *p, n) != 0
            || is_alnum_a(s[j]))
            continue;
        while (j < l->len && s[j] == ' ') j++;
        if (j < l->len && (s[j] == ':' || s[j] == '/' || s[j] == '|')) return 1;
        if (has_agency(l) && l->words <= 4) return 1;
    }
    return 0;
}

static int r_photo(const bline *l)
{
    const unsigned char *s = (const unsigned char *)l->raw;
    size_t i = 0;
    int slash = memchr(l->raw, '/', l->len) != NULL;
    if (l->klen == 0 || l->words > 12 || (l->words > 7 && !slash)) return 0;
    if (memchr(l->raw, '?', l->len)) return 0;
    while (i < l->len && s[i] == ' ') i++;
    int bracket = i < l->len && (s[i] == '(' || s[i] == '[');
    i += (size_t)bracket;
    if (photo_word_credit(l, i)) return 1;
    if (bracket && has_agency(l) && l->words <= 4) return 1;   /* "(AFP)", "[Getty Images]" */
    /* "REUTERS/Omar Sanadiki", "AFP/Getty Images": an upper-case agency, a slash */
    size_t j = i;
    while (j < l->len && s[j] >= 'A' && s[j] <= 'Z') j++;
    return j > i + 1 && j < l->len && s[j] == '/' && has_agency(l) && l->words <= 6;
}

static int has_year(const bline *l)
{
    for (size_t i = 0; i + 4 <= l->klen; i++)
        if ((l->key[i] == '1' && l->key[i + 1] == '9') || (l->key[i] == '2' && l->key[i + 1] == '0'))
            if (l->key[i + 2] >= '0' && l->key[i + 2] <= '9' && l->key[i + 3] >= '0'
                && l->key[i + 3] <= '9')
                return 1;
    return 0;
}

static int r_copyright(const bline *l)
{
    const unsigned char *s = (const unsigned char *)l->raw;
    size_t i = 0;
    while (i < l->len && s[i] == ' ') i++;
    int sign = (i + 1 < l->len && s[i] == 0xC2 && s[i + 1] == 0xA9)
               || (i + 2 < l->len && s[i] == '(' && (s[i + 1] | 32) == 'c' && s[i + 2] == ')');
    if (sign && l->words <= 25) return 1;
    if (k_pre(l, "copyright") && l->words <= 25 && (has_year(l) || l->words <= 3)) return 1;
    if ((l->trig & TR_RIGHTS) && l->words <= 30) return 1;
    return k_pre(l, "thismaterialmaynotbepublished") || k_pre(l, "thiscopymaynotbeinitsfinalform")
        || k_pre(l, "youmaynotalterorremoveanytrademark");
}

/* "[L8N1MX05W]" or "L8N1MX05W": 6..14 upper-case letters and digits, both. */
static size_t wire_code_len(const char *s, size_t len)
{
    size_t i = 0, a = 0, d = 0;
    int br = len > 0 && (s[0] == '[' || s[0] == '(');
    i = (size_t)br;
    size_t b = i;
    while (i < len && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) {
        if (s[i] >= '0' && s[i] <= '9') d++;
        else a++;
        i++;
    }
    size_t n = i - b;
    if (n < 6 || n > 14 || !a || d < 2) return 0;
    if (br) {
        if (i >= len || s[i] != (s[0] == '[' ? ']' : ')')) return 0;
        i++;
    }
    return i;
}

static int r_wirecode(const bline *l)
{
    size_t a = 0, z = l->len;
    while (a < z && (l->raw[a] == ' ' || l->raw[a] == '\t')) a++;
    while (z > a && (l->raw[z - 1] == ' ' || l->raw[z - 1] == '\t')) z--;
    return z > a && wire_code_len(l->raw + a, z - a) == z - a;
}

static int is_month_or_day(const char *w, size_t n)
{
    static const char *const mw[] = {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", NULL };
    for (const char *const *p = mw; *p; p++)
        if (strlen(*p) == n && strncasecmp(*p, w, n) == 0) return 2;
    static const char *const dw[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "updated", "published", "posted",
        "last", "on", "at", "am", "pm", "a.m", "p.m", "gmt", "bst", "utc", "et", "est", "edt",
        "cet", "cest", "pt", "pst", "pdt", "ist", "local", "time", "hours", "ago", "h", NULL };
    for (const char *const *p = dw; *p; p++)
        if (strlen(*p) == n && strncasecmp(*p, w, n) == 0) return 1;
    return 0;
}

/* A line that is only a date and/or time ("07 October, 2017",
 * "Updated 1:05 PM ET, Sun October 8, 2017", "2017-10-07"). */
static int r_dateline(const bline *l)
{
    int month = 0, num = 0;
    if (l->words > 12 || l->klen == 0) return 0;
    for (size_t i = 0; i < l->len;) {
        unsigned char c = (unsigned char)l->raw[i];
        if (!is_alnum_a(c)) {
            if (c >= 0x80 || !strchr(" \t,.:;-/|()", c)) return 0;
            i++;
            continue;
        }
        size_t j = i;
        while (j < l->len && (is_alnum_a((unsigned char)l->raw[j])
                              || (l->raw[j] == '.' && j + 1 < l->len && l->raw[j + 1] != ' ')))
            j++;
        if (c >= '0' && c <= '9') {
            size_t k = i;
            while (k < j && l->raw[k] >= '0' && l->raw[k] <= '9') k++;
            if (k < j && !(j - k == 2 && strchr("sSnNrRtT", l->raw[k]))) return 0; /* 7th */
            num++;
        } else {
            int m = is_month_or_day(l->raw + i, j - i);
            if (!m) return 0;
            if (m == 2) month++;
        }
        i = j;
    }
    return num > 0 && (month > 0 || (l->klen == 8 && num >= 3));
}

/* After the first `skip` words, every word is capitalized or a joiner
 * ("Reporting by Tom Bergin in London ; Editing by David Holmes"), so the
 * line names people rather than saying something. */
static int names_only(const bline *l, int skip)
{
    static const char *const join[] = { "and", "in", "at", "from", "with", "by", "editing",
                                        "writing", "reporting", "of", "al", "de", "van", NULL };
    const char *s = l->raw, *e = s + l->len;
    int w = 0;
    while (s < e) {
        while (s < e && !is_alnum_a((unsigned char)*s) && (unsigned char)*s < 0x80) {
            if (*s == ')' && w > skip) return 1;   /* the credit's bracket closes */
            s++;
        }
        const char *b = s;
        while (s < e && (is_alnum_a((unsigned char)*s) || (unsigned char)*s >= 0x80
                         || *s == '\'' || *s == '.' || *s == '-'))
            s++;
        if (s == b) continue;
        if (w++ < skip || (*b >= 'A' && *b <= 'Z') || (unsigned char)*b >= 0x80) continue;
        if (s - b == 3 && !strncmp(b, "RRB", 3)) return 1;
        int ok = 0;
        for (const char *const *j = join; *j && !ok; j++)
            ok = strlen(*j) == (size_t)(s - b) && !strncasecmp(b, *j, (size_t)(s - b));
        if (!ok) return 0;
    }
    return 1;
}

static int r_credit(const bline *l)
{
    static const char *const pre[] = {
        "reportingby", "additionalreportingby", "editingby", "writingby", "compiledby", NULL };
    static const char *const shortpre[] = {
        "reportedby", "graphicby", "graphicsby", "videoby", "photosby", NULL };
    if (l->words > 40) return 0;
    if (k_any(l, k_pre, pre) && names_only(l, k_pre(l, "additional") ? 3 : 2)) return 1;
    if (l->words <= 8 && k_any(l, k_pre, shortpre) && names_only(l, 2)) return 1;
    return l->words <= 15 && (k_suf(l, "contributedtothisreport")
                              || k_suf(l, "contributedreporting"));
}

static int r_terms(const bline *l)
{
    if (l->words > 80) return 0;
    if (k_pre(l, "byregisteringforthisservice")) return 1;
    if (!(l->trig & TR_LEGAL)) return 0;
    int legal = k_has(l, "termsofservice") || k_has(l, "termsofuse") || k_has(l, "privacypolicy")
                || k_has(l, "cookiepolicy") || k_has(l, "cookies");
    int you = k_has(l, "youagree") || k_has(l, "byclicking") || k_has(l, "byusingthis")
              || k_has(l, "byregistering") || k_has(l, "weusecookies") || k_has(l, "youconsent")
              || k_has(l, "youareconsenting");
    return legal && you;
}

/* Opinion and market-data disclaimers. */
static int r_disclaimer(const bline *l)
{
    static const char *const pre[] = {
        "theopinionsexpressed", "theviewsexpressed", "opinionsexpressed", "viewsexpressed",
        NULL };
    static const char *const data[] = {
        "marketdataprovidedby", "moststockquotedata", "stockquotedataprovidedby",
        "quotesdelayed", "alltimesareet", "alltimesaregmt", NULL };
    if (l->words > 25) return 0;
    if (k_any(l, k_pre, pre)
        && (k_suf(l, "own") || k_has(l, "solely") || k_has(l, "donotnecessarily")
            || k_has(l, "donotreflect")))
        return 1;
    if (l->len >= 10 && strncasecmp(l->raw, "disclaimer", 10) == 0
        && (l->len == 10 || !is_alnum_a((unsigned char)l->raw[10])))
        return 1;
    return k_any(l, k_pre, data);
}

typedef struct boiler_rule {
    const char *name;
    int (*match)(const bline *l);
} boiler_rule;

static const boiler_rule RULES[] = {
    { "comment-prompt", r_comment },
    { "share-signup", r_share },
    { "edition-picker", r_edition },
    { "advertisement", r_advert },
    { "read-time", r_readtime },
    { "photo-credit", r_photo },
    { "copyright", r_copyright },
    { "wire-code", r_wirecode },
    { "dateline", r_dateline },
    { "wire-credit", r_credit },
    { "terms-privacy", r_terms },
    { "disclaimer", r_disclaimer },
};

/* ---- public ------------------------------------------------------------ */

int sl_boiler_match(const char *line, size_t len)
{
    bline l;
    if (!line || len == 0 || len > MAX_LINE) return SL_BOILER_NONE;
    prepare(&l, line, len);
    if (l.klen == 0) return SL_BOILER_NONE;
    for (size_t k = 0; k < SL_ARRAY_LEN(RULES); k++)
        if (RULES[k].match(&l)) return SL_BOILER_FIRST_PATTERN + (int)k;
    return SL_BOILER_NONE;
}

const char *sl_boiler_rule_name(int rule)
{
    if (rule == SL_BOILER_NONE) return "none";
    if (rule == SL_BOILER_REPEAT) return "repeated-by-source";
    rule -= SL_BOILER_FIRST_PATTERN;
    if (rule < 0 || (size_t)rule >= SL_ARRAY_LEN(RULES)) return "unknown";
    return RULES[rule].name;
}

int sl_boiler_rule_count(void)
{
    return SL_BOILER_FIRST_PATTERN + (int)SL_ARRAY_LEN(RULES);
}

/* Nonzero when one of the 8 bytes of x is 0. */
static uint64_t has_zero_byte(uint64_t x)
{
    return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}

/* 1 + the first i < min(len - 1, 64) where line[i] is . ! or ? followed by a
 * space, a tab or a capital; 0 when none. Eight bytes without . ! ? are
 * passed over in one step: the byte loop was ~2% of a g20k add's analysis
 * stage (perf), run on every line and mostly finding nothing. */
static size_t first_sentence_end(const char *line, size_t len)
{
    const uint64_t ones = 0x0101010101010101ULL;
    if (len < 2) return 0;
    size_t end = SL_MIN(len - 1, (size_t)64), i = 0;
    while (i < end) {
        if (i + 8 <= end) {
            uint64_t x;
            memcpy(&x, line + i, 8);
            if (!has_zero_byte(x ^ ('.' * ones)) && !has_zero_byte(x ^ ('!' * ones))
                && !has_zero_byte(x ^ ('?' * ones))) {
                i += 8;
                continue;
            }
        }
        for (size_t stop = SL_MIN(i + 8, end); i < stop; i++) {
            unsigned char c = (unsigned char)line[i], nx = (unsigned char)line[i + 1];
            if (c != '.' && c != '!' && c != '?') continue;
            if (nx == ' ' || nx == '\t' || (nx >= 'A' && nx <= 'Z')) return i + 1;
        }
    }
    return 0;
}

/* A boilerplate sentence glued in front of text ("YES | NO Egyptian ...",
 * "Please fill the fields below.Opposition activists ..."): the prefix up to
 * and including the first . ! ? or "YES | NO", when it matches a rule on its
 * own and real text follows. */
static size_t glued_prefix(const char *line, size_t len)
{
    size_t cut = 0;
    int yesno = 0;
    if (len > 9 && (line[0] | 32) == 'y' && strncasecmp(line, "YES | NO ", 9) == 0)
        cut = 9, yesno = 1;
    if (!cut)
        cut = first_sentence_end(line, len);
    if (!cut) return 0;
    size_t rest = cut;
    while (rest < len && !is_alnum_a((unsigned char)line[rest])
           && (unsigned char)line[rest] < 0x80)
        rest++;
    if (rest >= len) return 0;
    int r = sl_boiler_match(line, cut);
    if (!yesno && r != SL_BOILER_FIRST_PATTERN + 0 && r != SL_BOILER_FIRST_PATTERN + 1
        && r != SL_BOILER_FIRST_PATTERN + 2 && r != SL_BOILER_FIRST_PATTERN + 3)
        return 0;   /* only prompts, share lines, edition pickers, adverts */
    if (sl_boiler_match(line, len) != SL_BOILER_NONE) return 0;
    while (cut < len && (line[cut] == ' ' || line[cut] == '\t')) cut++;
    return cut;
}

size_t sl_boiler_strip_prefix(const char *line, size_t len)
{
    if (!line || len == 0) return 0;
    size_t n = wire_code_len(line, len);
    if (n && line[0] == '[' && n < len && (line[n] == ' ' || line[n] == '\t')) {
        while (n < len && (line[n] == ' ' || line[n] == '\t')) n++;
        return n < len ? n : 0;
    }
    return glued_prefix(line, len);
}
