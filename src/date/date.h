/*
 * date.h - publication dates and date expressions in English news text,
 * normalized the way TimeML / TempEval-3 writes TIMEX3 values.
 *
 * Pure: memory in, memory out, no I/O, no allocation (every function writes
 * into caller-provided storage), no global state; safe to call from many
 * threads at once. Input text is UTF-8 (invalid bytes are treated as letters
 * and never crash the scanner) and may be PTB-tokenized ("Jan. 25 , 2011",
 * "-LRB-", "Sunday 's"). All offsets are byte offsets into the text given.
 *
 * Three layers:
 *   1. metadata:   sl_date_parse_meta()   "2017-10-07T10:00:00+02:00" -> 2017-10-07
 *   2. dateline:   sl_date_from_dateline() a date near the top of an article
 *   3. sentences:  sl_date_find()          every time expression, with TimeML
 *                  type and value, resolved against an sl_date_ctx;
 *                  sl_date_pick()          the one calendar date a sentence
 *                  most likely describes.
 */
#ifndef SL_DATE_H
#define SL_DATE_H

#include <stddef.h>
#include <stdint.h>

/* ---- calendar dates ---------------------------------------------------- */

/* Granularity of a resolved date. A date at SL_GRAN_MONTH has d == 0, at
 * SL_GRAN_YEAR m == d == 0; at SL_GRAN_WEEK (ISO week) y-m-d is the Monday
 * of that week. SL_GRAN_NONE means "no calendar date". */
enum sl_gran {
    SL_GRAN_NONE = 0,
    SL_GRAN_DAY,
    SL_GRAN_WEEK,
    SL_GRAN_MONTH,
    SL_GRAN_YEAR,
};

/* A proleptic Gregorian calendar date. {0,0,0} is "unknown". */
typedef struct sl_ymd {
    int y;   /* 1..9999, 0 = unknown */
    int m;   /* 1..12, 0 = not given (year granularity) */
    int d;   /* 1..31, 0 = not given (month granularity) */
} sl_ymd;

/* 1 when y-m-d is a real calendar day (y 1..9999, m 1..12, d within the
 * month, leap years per Gregorian rules), else 0. 2017-02-30 -> 0. */
int sl_date_valid(int y, int m, int d);

/* Days since 1970-01-01 (negative before) of a valid date; and back. */
long  sl_date_to_days(int y, int m, int d);
sl_ymd sl_date_from_days(long days);

/* ISO weekday of a valid date: 1 = Monday ... 7 = Sunday. */
int sl_date_weekday(int y, int m, int d);

/* Writes "YYYY-MM-DD" plus NUL into out (11 bytes) for a valid date and
 * returns 10; for {y,m,0} writes "YYYY-MM" (7), for {y,0,0} "YYYY" (4).
 * Returns -1 (out[0] = 0) when the fields do not name a real day, month or
 * year. */
int sl_date_format(char out[11], sl_ymd date);

/* ---- 1. publication-date metadata -------------------------------------- */

/* Parses the publication-date field of an article (a feed, JSON or HTTP
 * header) and stores the calendar date in *out. Accepted, with optional
 * surrounding white space and nothing else:
 *
 *   YYYY-MM-DD
 *   YYYY-MM-DD[T| ]HH:MM[:SS[.frac]][Z|z|+HH:MM|-HH:MM|+HHMM|-HHMM]   (RFC 3339 and SQL style)
 *   [Wkd, ]D[D] Mon YYYY HH:MM[:SS] (+HHMM|-HHMM|UT|GMT|Z|EST|...)   (RFC 2822; zone optional)
 *
 * The date returned is the calendar date as written, in the writer's own
 * offset: "2017-10-07T23:30:00-05:00" gives 2017-10-07, not the UTC day
 * (a news day is the newsroom's day). In RFC 2822 the weekday name is
 * checked for spelling but not against the date (feeds get it wrong).
 * Returns 0 on success, -1 when the text is not a date: impossible days
 * (2017-02-30), month 13, hour 24+, minute 60+, a bad zone, trailing
 * garbage, NULL or empty input. *out is zeroed on failure. */
int sl_date_parse_meta(const char *s, size_t len, sl_ymd *out);

/* ---- reference context ------------------------------------------------- */

/* What an expression is resolved against. Zero-initialize, then fill what is
 * known. Without `ref`, relative expressions ("yesterday", "on Sunday",
 * "last month") are never guessed: they come back unresolved (X's in the
 * value, SL_TX_UNRESOLVED). `story_year` is a weaker hint (a year the
 * story is known to be about) used only to complete day-month and month
 * expressions that lack a year ("on 5 September") when ref is unknown. */
typedef struct sl_date_ctx {
    sl_ymd ref;          /* document creation time (publication date); y == 0 if unknown */
    int    story_year;   /* 0 if unknown; ignored when ref is known */
} sl_date_ctx;

/* ---- 2. dateline ------------------------------------------------------- */

typedef struct sl_date_pub {
    sl_ymd   date;       /* the publication date found */
    int      inferred;   /* 1: found in the text, not in metadata */
    uint32_t start, end; /* byte span of the date in the text */
} sl_date_pub;

/* Looks for the publication date in the first 6 lines / 600 bytes of an
 * article's text: a full explicit date (day, month and year all written),
 * such as "07 October, 2017", "October 7, 2017", "Oct. 7 , 2017",
 * "Sunday 8 October 2017", "2017-10-07". A line that is little more than
 * the date (at most 40 bytes besides it: "By Jane Doe | May 03, 2013")
 * wins. Otherwise the first full date in the window that starts its line,
 * or follows punctuation other than a comma, or follows a weekday
 * abbreviation ("WASHINGTON (Reuters) Oct. 7, 2017 -", "GENEVA | Thu Apr
 * 30 , 2009"). A date after a word or a comma ("after Sept. 11 , 2001",
 * a photo caption "in Tokyo Wednesday , Oct. 15 , 2008") is never a
 * dateline. Returns 0 and fills *out (inferred = 1), or -1 when no such
 * date is there (*out zeroed). */
int sl_date_from_dateline(const char *text, size_t len, sl_date_pub *out);

/* ---- 3. time expressions ----------------------------------------------- */

enum sl_timex_type { SL_TIMEX_DATE = 0, SL_TIMEX_TIME, SL_TIMEX_DURATION, SL_TIMEX_SET };

enum sl_timex_flag {
    SL_TX_UNRESOLVED = 1 << 0, /* value has X's (no reference / no year) */
    SL_TX_RANGE      = 1 << 1, /* a range; date2/value2 hold its end */
    SL_TX_RELATIVE   = 1 << 2, /* anchored on ctx.ref (yesterday, on Sunday, last week) */
    SL_TX_YEAR_GUESS = 1 << 3, /* year not written: taken from ref or story_year */
    SL_TX_BOUNDARY   = 1 << 4, /* introduced by since/until/till/by/before/after */
    SL_TX_FUTURE     = 1 << 5, /* resolved forward because of a future cue */
    SL_TX_TIMESTAMP  = 1 << 6, /* a time stamp of the page (byline, comment or
                                  live-blog header), not an event mention */
};

#define SL_TIMEX_VALUE_MAX 24

/* One time expression. `value` follows TIMEX3 conventions:
 *   DATE      2017-10-29  2017-09  2017  2017-W40  2017-W40-WE  201 (the 2010s)
 *             XXXX-10-22 (year unknown)  XXXX-WXX-7 (a Sunday, unresolved)
 *             XXXX-XX-XX / XXXX-XX / XXXX / XXXX-WXX (relative, no reference)
 *             PRESENT_REF ("now", "currently")  PAST_REF ("recently")
 *   TIME      2017-10-05TNI (Thursday night; TMO TAF TEV TNI parts of day)
 *   DURATION  P2W  P3D  P1Y  PT5H  PXD ("the past few days")
 *   SET       P1D (every day)  XXXX-WXX-7 (every Sunday)
 * Signal words ("on", "in", "since", "from") are outside the span;
 * modifiers ("early Monday", "mid-October", "earlier this month") and a
 * leading weekday of a full date ("Sunday 8 October 2017") are inside.
 * A range ("from 28 to 29 October", "28-29 October", "between March and
 * May", "2011-2013") is ONE expression spanning both ends, flagged
 * SL_TX_RANGE, with the start in date/value and the end in date2/value2. */
typedef struct sl_timex {
    uint32_t    start, end;   /* byte span [start, end) in the text */
    const char *text;         /* text + start; not NUL-terminated (length end - start) */
    uint8_t     type;         /* enum sl_timex_type */
    uint8_t     gran;         /* enum sl_gran of `date`; NONE when unresolved/duration/set */
    uint16_t    flags;        /* enum sl_timex_flag */
    sl_ymd      date;         /* resolved calendar date (start of a range) */
    sl_ymd      date2;        /* range end, when SL_TX_RANGE */
    char        value[SL_TIMEX_VALUE_MAX];  /* TIMEX3 value, NUL-terminated */
    char        value2[SL_TIMEX_VALUE_MAX]; /* range end value, or "" */
} sl_timex;

/* Finds the time expressions in `text` (typically one sentence; a longer
 * text works too, but future-tense cues are then looked for across sentence
 * ends) and writes up to `cap` of them, in text order, to out. Returns the
 * number found, which may exceed cap (only cap are written): the caller
 * can retry with a larger array. out may be NULL when cap is 0.
 *
 * Resolution against ctx (see sl_date_ctx):
 *  - "today" = ref, "yesterday" = ref - 1, "tomorrow" = ref + 1, "tonight"
 *    = ref TNI, "last night" = ref - 1 TNI, "now" = PRESENT_REF.
 *  - A bare weekday ("on Sunday", "Sunday", "early Monday") is the latest
 *    such day on or before ref, unless a future cue precedes it within 8
 *    tokens (will, 'll, shall, wo(n't), going, upcoming, scheduled, expected,
 *    due, plans/planned): then the first one on or after ref. "last Sunday" is
 *    strictly before ref, "next Sunday" strictly after, "this Sunday"
 *    follows the tense rule.
 *  - Day-month without a year takes the year that puts it nearest to ref
 *    (ties go to the past; forward only with a future cue): "December 28"
 *    in a 2018-01-03 article is 2017-12-28. A month without a year is the
 *    latest such month on or before ref (or the next one with a future
 *    cue). Without ref, story_year is used (flag SL_TX_YEAR_GUESS), and
 *    without either the year stays XXXX.
 *  - "last/this/next week|month|year|weekend", "earlier/later this ...",
 *    "N days|weeks|months|years ago" are counted from ref.
 *
 * What does not fire (context rules, all local to a few tokens):
 *  - Month names must be capitalized. "May", "March", "April", "June" (also
 *    verbs, nouns or given names) fire only next to a day number or year,
 *    or right after a date cue (in, since, by, until, till, before, after,
 *    from, to, through, during, of, early, late, mid, last, next, this,
 *    between, around, throughout, and). Other months also fire alone unless
 *    followed by a capitalized non-date word ("April Ryan", "September
 *    Dossier"). Abbreviations (Sept, Oct) need a period or a number.
 *  - Weekdays must be capitalized and are not read when followed by a
 *    capitalized non-date word ("Sunday Times", "Monday Club") or preceded
 *    by a holiday word ("Good Friday", "Super Tuesday", "Bloody Sunday").
 *  - A bare 4-digit number 1900-2099 is a year unless glued to a currency
 *    sign, thousands separator, decimal point, colon or '%', or followed by
 *    a count noun (people, men, women, children, or a lower-case plural)
 *    without a preceding preposition: "2014 people", "1,500", "$2017",
 *    "2014 soldiers" do not fire; "in 2014 people fled", "2014 advance" do.
 *    Nor right after a capitalized non-date word, which reads as a label
 *    ("Resolution 2254", "Room 1998", "Flight 2017").
 *  - "the" + a date with a month + a capitalized non-date word is a name:
 *    "the April 6 Movement", "the 14 March Alliance" do not fire.
 *  - "the next day", "the following day" are anchored on an event, not on
 *    ref, and do not fire; "next week/month/year" do.
 *  - A date used as a modifier after "the" ("the January 25th revolution")
 *    ignores future cues: it names a known event.
 *  - A syntactically complete but impossible date ("31 April 2016",
 *    "February 30") yields nothing; its tokens are not re-read as
 *    "April 2016".
 *  - Slash dates fire only when unambiguous: "10/25/2017" (M/D/Y),
 *    "25/10/2017" (D/M/Y), "10/10/2017"; "10/05/2017" does not fire. */
size_t sl_date_find(const sl_date_ctx *ctx, const char *text, size_t len,
                    sl_timex *out, size_t cap);

/* Time stamps (flag SL_TX_TIMESTAMP; the value is still resolved as usual).
 * Pages print when things were written next to what they report: "January
 * 28 , 2011 at 11:26 pm | Reply ...", "Posted by : AJB | September 16 ,
 * 2008 12:28 PM", "Tuesday 5 May 2009 17.42 BST", "LONDON | Mon May 10 ,
 * 2010 7:51 am EDT", "-LRB- Update 1:33 a.m. Wednesday in Cairo -RRB-".
 * An expression is a time stamp when
 *  - a '|' comes right before or right after it, or
 *  - a clock time (10:30, 17.42 + zone, 5 pm, 9:40 p.m.) is next to it, with
 *    at most three connectors between them (, ; - : ( ) | at on UK local
 *    time last posted updated update published), and the date + clock
 *    group is a header: a '|' right before or after the group, or a stamp
 *    word (Posted, Updated, Update, Published) in it or just before it, or
 *    the group opens its line (nothing but punctuation before it), or the
 *    expression writes its year and the clock is not introduced by a
 *    lower-case preposition (at, about, around, by, until, from, after ...).
 * So "struck at 11:30 a.m. on March 17 , 2013", "at 20:49 GMT on Friday"
 * and "on Friday at 10 a.m." stay event mentions, while "At 2:13 pm on 28
 * May 2010 , X wrote :" and "outbreaks Saturday 25 April 2009 22.09 BST"
 * are stamps. */

/* ---- 4. the date of a sentence ----------------------------------------- */

/* Picks the calendar date a sentence most likely describes from the
 * expressions sl_date_find() returned for it. Only DATE and TIME
 * expressions with a resolved date count (durations, sets, unresolved
 * values, time stamps and PRESENT_REF never do). Ranked by granularity: day (TIME
 * counts as day), then week, month, year; within the best granularity the
 * first one not flagged SL_TX_BOUNDARY, else the first one. A range gives
 * its start. Returns the granularity (enum sl_gran) and fills *out, or
 * SL_GRAN_NONE with *out zeroed. */
int sl_date_pick(const sl_timex *tx, size_t n, sl_ymd *out);

/* Convenience: sl_date_find() into a local array of 32, then
 * sl_date_pick(). Same return as sl_date_pick(). */
int sl_date_of_sentence(const sl_date_ctx *ctx, const char *text, size_t len,
                        sl_ymd *out);

#endif
