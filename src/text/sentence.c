/*
 * sentence.c - sentence boundaries of news text, line by line.
 *
 * Works on the tokens of one line (tokenize.c) and the gaps between them.
 * A boundary between tokens P and N is decided from the gap text and the two
 * tokens, never from anything further away:
 *
 *   gap holds ! ? (or CJK 。！？)      boundary unless N starts lower-case
 *   gap holds an ellipsis (... …)      boundary only when N is capitalized
 *   . not touching P (PTB " . ")       boundary unless N starts lower-case
 *   . touching P, or P ends in "."     by the class of P:
 *       title (Mr Dr Gen Sen vs ...)    never
 *       month (Jan Feb ... Dec)         not before a number, else as ambiguous
 *       reference (No Art Vol Fig p)    not before a number, else as ambiguous
 *       ambiguous (U.S. J.K. Inc Co a single letter ...):
 *           boundary when a quote or bracket follows the dot, or when N is a
 *           capitalized stopword ("in the U.S. The next day" splits,
 *           "George W. Bush", "U.S. Army", "J.K. Rowling" do not)
 *       anything else                   boundary unless N starts lower-case
 *
 * Decimals (3.5, $1.7) never reach the splitter: they are inside tokens.
 * The sentence ends after its terminal punctuation and the closing quotes
 * and brackets that follow it ('he said." Next' and '(AFP.) Next', PTB
 * "'' " and "-RRB-"); a straight quote counts as closing when it touches the
 * punctuation or is followed by a space.
 *
 * Lines: a line is always a sentence boundary, except that a line ending
 * without terminal punctuation continues into the next line when only one
 * newline separates them and the next starts with a lower-case word
 * (hard-wrapped text). Lines without tokens (blank, or only punctuation)
 * always break. So one-sentence-per-line input is never joined.
 * Sentences always hold at least one token.
 */
#include <string.h>

#include "common/common.h"
#include "text/text_int.h"

/* ---- abbreviation classes ------------------------------------------- */

enum { AB_NONE, AB_TITLE, AB_MONTH, AB_REF, AB_AMBIG };

typedef struct abbr { const char *w; int cls; } abbr;

static const abbr ABBR[] = {
    { "mr", AB_TITLE }, { "mrs", AB_TITLE }, { "ms", AB_TITLE }, { "messrs", AB_TITLE },
    { "dr", AB_TITLE }, { "prof", AB_TITLE }, { "gen", AB_TITLE }, { "gens", AB_TITLE },
    { "col", AB_TITLE }, { "lt", AB_TITLE }, { "sgt", AB_TITLE }, { "capt", AB_TITLE },
    { "maj", AB_TITLE }, { "adm", AB_TITLE }, { "cmdr", AB_TITLE }, { "cpl", AB_TITLE },
    { "pvt", AB_TITLE }, { "sen", AB_TITLE }, { "sens", AB_TITLE }, { "rep", AB_TITLE },
    { "reps", AB_TITLE }, { "gov", AB_TITLE }, { "pres", AB_TITLE }, { "rev", AB_TITLE },
    { "hon", AB_TITLE }, { "st", AB_TITLE }, { "mt", AB_TITLE }, { "ft", AB_TITLE },
    { "fr", AB_TITLE }, { "supt", AB_TITLE }, { "insp", AB_TITLE }, { "det", AB_TITLE },
    { "vs", AB_TITLE }, { "v", AB_TITLE }, { "cf", AB_TITLE }, { "ave", AB_AMBIG },
    { "treas", AB_TITLE }, { "atty", AB_TITLE }, { "asst", AB_TITLE }, { "amb", AB_TITLE },
    { "dep", AB_TITLE }, { "sgt", AB_TITLE }, { "msgr", AB_TITLE }, { "ret", AB_TITLE },
    /* US states as AP style abbreviates them: often end a dateline or a
     * sentence, so ambiguous */
    { "ala", AB_AMBIG }, { "ariz", AB_AMBIG }, { "ark", AB_AMBIG }, { "calif", AB_AMBIG },
    { "colo", AB_AMBIG }, { "conn", AB_AMBIG }, { "del", AB_AMBIG }, { "fla", AB_AMBIG },
    { "ga", AB_AMBIG }, { "ill", AB_AMBIG }, { "ind", AB_AMBIG }, { "kan", AB_AMBIG },
    { "ky", AB_AMBIG }, { "la", AB_AMBIG }, { "md", AB_AMBIG }, { "mass", AB_AMBIG },
    { "mich", AB_AMBIG }, { "minn", AB_AMBIG }, { "miss", AB_AMBIG }, { "mo", AB_AMBIG },
    { "mont", AB_AMBIG }, { "neb", AB_AMBIG }, { "nev", AB_AMBIG }, { "okla", AB_AMBIG },
    { "ore", AB_AMBIG }, { "pa", AB_AMBIG }, { "tenn", AB_AMBIG }, { "tex", AB_AMBIG },
    { "va", AB_AMBIG }, { "vt", AB_AMBIG }, { "wash", AB_AMBIG }, { "wis", AB_AMBIG },
    { "wyo", AB_AMBIG },
    { "jan", AB_MONTH }, { "feb", AB_MONTH }, { "mar", AB_MONTH }, { "apr", AB_MONTH },
    { "jun", AB_MONTH }, { "jul", AB_MONTH }, { "aug", AB_MONTH }, { "sep", AB_MONTH },
    { "sept", AB_MONTH }, { "oct", AB_MONTH }, { "nov", AB_MONTH }, { "dec", AB_MONTH },
    { "no", AB_REF }, { "nos", AB_REF }, { "art", AB_REF }, { "vol", AB_REF },
    { "fig", AB_REF }, { "p", AB_REF }, { "pp", AB_REF }, { "ch", AB_REF },
    { "sec", AB_REF }, { "para", AB_REF }, { "approx", AB_REF }, { "est", AB_REF },
    { "inc", AB_AMBIG }, { "corp", AB_AMBIG }, { "ltd", AB_AMBIG }, { "co", AB_AMBIG },
    { "bros", AB_AMBIG }, { "plc", AB_AMBIG }, { "llc", AB_AMBIG }, { "jr", AB_AMBIG },
    { "sr", AB_AMBIG }, { "dept", AB_AMBIG }, { "univ", AB_AMBIG }, { "assn", AB_AMBIG },
    { "blvd", AB_AMBIG }, { "rd", AB_AMBIG }, { "gov't", AB_AMBIG }, { "govt", AB_AMBIG },
};

/* Class of the token before a dot, from its norm (without a final dot). */
static int abbr_class(const char *norm, size_t len, int dotted)
{
    if (len && norm[len - 1] == '.') len--;
    if (dotted) return AB_AMBIG;
    if (len >= 2 && norm[len - 2] == '-') return AB_AMBIG;   /* R-N. H. (party-state) */
    if (len == 0 || len > 6) return AB_NONE;
    for (size_t k = 0; k < SL_ARRAY_LEN(ABBR); k++)
        if (ABBR[k].w[0] == norm[0] && strlen(ABBR[k].w) == len
            && memcmp(ABBR[k].w, norm, len) == 0)
            return ABBR[k].cls;
    return len == 1 && (norm[0] | 32) >= 'a' && (norm[0] | 32) <= 'z' ? AB_AMBIG : AB_NONE;
}

/* ---- gap scanning ------------------------------------------------------ */

enum { T_NONE, T_DOT, T_ELLIPSIS, T_BANG, T_CJK };

/* Terminal punctuation at i: kind and byte length. */
static int term_at(const unsigned char *s, size_t i, size_t end, int *len)
{
    *len = 1;
    if (s[i] == '.') {
        size_t k = i;
        while (k < end && s[k] == '.') k++;
        *len = (int)(k - i);
        return k - i >= 2 ? T_ELLIPSIS : T_DOT;
    }
    if (s[i] == '!' || s[i] == '?') return T_BANG;
    if (i + 3 > end) return T_NONE;
    *len = 3;
    if (s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0xA6) return T_ELLIPSIS;
    if ((s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82)
        || (s[i] == 0xEF && s[i + 1] == 0xBC && (s[i + 2] == 0x81 || s[i + 2] == 0x9F)))
        return T_CJK;
    *len = 1;
    return T_NONE;
}

/* Length of a closing quote/bracket at i (p = end of the punctuation run
 * before it, nend = where the next token starts), else 0. */
static size_t closer_at(const unsigned char *s, size_t i, size_t p, size_t nend)
{
    static const char *const cl[] = { "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB", "''",
                                      "-RRB-", "-RSB-", "-RCB-" };
    if (s[i] == ')' || s[i] == ']' || s[i] == '}') return 1;
    for (size_t k = 0; k < SL_ARRAY_LEN(cl); k++) {
        size_t l = strlen(cl[k]);
        if (i + l <= nend && memcmp(s + i, cl[k], l) == 0) return l;
    }
    if (s[i] == '"' || s[i] == '\'') {   /* touching the next word: it opens */
        if (i == p || (i + 1 < nend && (s[i + 1] == ' ' || s[i + 1] == '\t'))) return 1;
    }
    return 0;
}

static int is_sp(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* End of the sentence whose terminal run starts at p (gap ends at nend). */
static size_t sentence_end(const unsigned char *s, size_t p, size_t nend)
{
    int len;
    while (p < nend && term_at(s, p, nend, &len) != T_NONE) p += (size_t)len;
    for (;;) {
        size_t q = p, l;
        while (q < nend && is_sp(s[q])) q++;
        if (q >= nend || (l = closer_at(s, q, p, nend)) == 0) break;
        p = q + l;
        while (p < nend && term_at(s, p, nend, &len) != T_NONE) p += (size_t)len;
    }
    return p;
}

/* ---- the boundary decision -------------------------------------------- */

static int tok_starts_lower(const char *text, const sl_token *t)
{
    int32_t cp;
    sl_u8_dec((const unsigned char *)text, t->end, t->start, &cp);
    return sl_cc_of(cp) == SL_CC_LOWER;
}

static int gap_has_quote(const unsigned char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (s[i] == '"' || s[i] == '`' || s[i] == '\'' || s[i] == ')' || s[i] == ']'
            || s[i] == 0xE2 || (s[i] == '-' && i + 1 < b && s[i + 1] == 'R'))
            return 1;
    return 0;
}

/* A comma, colon or semicolon after the terminal punctuation: no sentence
 * starts with one, so the dot was an abbreviation's. */
static int clause_punct(const unsigned char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (s[i] == ',' || s[i] == ';' || s[i] == ':') return 1;
    return 0;
}

/* Does a sentence end between tokens i and i+1? *bend = where it ends. */
static int boundary(const sl_split *sp, size_t i, size_t *bend)
{
    const unsigned char *s = (const unsigned char *)sp->text;
    const sl_token *P = &sp->d->toks.v[i], *N = &sp->d->toks.v[i + 1];
    size_t g = P->end, ge = N->start, tp = ge;
    int kind = T_NONE, len = 0;
    int tend = s[P->end - 1] == '.';
    for (size_t k = g; k < ge; k++)
        if ((kind = term_at(s, k, ge, &len)) != T_NONE) { tp = k; break; }
    if (kind == T_NONE && !tend) return 0;
    int lower = tok_starts_lower(sp->text, N);
    *bend = sentence_end(s, kind == T_NONE ? g : tp, ge);
    if (kind == T_CJK) return 1;
    if (clause_punct(s, *bend, ge)) return 0;   /* "Va. : My", "Yahoo!, Inc." */
    if (kind == T_BANG) return !lower;
    if (kind == T_ELLIPSIS) return (N->flags & SL_TOK_CAP) != 0;
    if (lower) return 0;
    if (kind == T_DOT && tp != g) return 1;           /* " . " */
    if (kind == T_DOT && tend) return 1;              /* "U.S.." */
    const char *norm = sl_tok_norm(sp->d, P);
    size_t nl = strlen(norm);
    int cls = abbr_class(norm, nl, nl > 1 && memchr(norm, '.', nl - 1) != NULL);
    if (cls == AB_NONE) return 1;
    if (cls == AB_TITLE) return 0;
    if ((cls == AB_MONTH || cls == AB_REF) && (N->flags & SL_TOK_NUM)) return 0;
    if (gap_has_quote(s, tend ? g : tp + 1, ge)) return 1;
    return (N->flags & SL_TOK_CAP) && (N->flags & SL_TOK_STOP) && !(N->flags & SL_TOK_ALLCAP);
}

/* ---- sentences and lines ---------------------------------------------- */

static sl_sentence *cur(sl_split *sp) { return &sp->d->sents.v[sp->d->sents.n - 1]; }

static int open_at(sl_split *sp, size_t tok, size_t start)
{
    sl_sentence st = { (uint32_t)start, (uint32_t)start, (uint32_t)tok, (uint32_t)tok + 1 };
    if (SL_VEC_PUSH(&sp->d->sents, st)) return -1;
    sp->open = 1;
    return 0;
}

/* Only white space with exactly one newline between a and b. */
static int one_newline(const char *s, size_t a, size_t b)
{
    int nl = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '\n') nl++;
        else if (s[i] != ' ' && s[i] != '\t') return 0;
    }
    return nl == 1;
}

/* Does the line end (after its last token) with terminal punctuation? */
static int line_terminal(const sl_split *sp, size_t last_tok, size_t lend)
{
    const unsigned char *s = (const unsigned char *)sp->text;
    const sl_token *t = &sp->d->toks.v[last_tok];
    int len;
    if (s[t->end - 1] == '.') return 1;
    for (size_t k = t->end; k < lend; k++)
        if (term_at(s, k, lend, &len) != T_NONE) return 1;
    return 0;
}

int sl_split_line(sl_split *sp, uint32_t lstart, uint32_t lend, size_t b, size_t e)
{
    if (b == e) {
        sp->open = 0;
        return 0;
    }
    int join = sp->open && !sp->prev_terminal && one_newline(sp->text, sp->prev_end, lstart)
               && tok_starts_lower(sp->text, &sp->d->toks.v[b]);
    if (!join && open_at(sp, b, lstart)) return -1;
    for (size_t i = b; i + 1 < e; i++) {
        size_t bend;
        if (!boundary(sp, i, &bend)) continue;
        cur(sp)->end = (uint32_t)bend;
        cur(sp)->tok_end = (uint32_t)(i + 1);
        size_t st = bend;
        while (st < sp->d->toks.v[i + 1].start && is_sp((unsigned char)sp->text[st])) st++;
        if (open_at(sp, i + 1, st)) return -1;
    }
    cur(sp)->end = lend;
    cur(sp)->tok_end = (uint32_t)e;
    sp->prev_terminal = line_terminal(sp, e - 1, lend);
    sp->prev_end = lend;
    return 0;
}

void sl_split_finish(sl_split *sp)
{
    sl_doc *d = sp->d;
    sp->open = 0;
    for (size_t k = 0; k < d->sents.n; k++) {
        const sl_sentence *st = &d->sents.v[k];
        for (uint32_t i = st->tok_begin; i < st->tok_end; i++) {
            d->toks.v[i].sent = (uint32_t)k;
            if (i == st->tok_begin) d->toks.v[i].flags |= SL_TOK_SENT0;
        }
    }
}
