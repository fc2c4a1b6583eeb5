/*
 * date_cal.c - calendar arithmetic and publication-date metadata parsing.
 *
 * Design note
 * -----------
 * Calendar: proleptic Gregorian, days counted from 1970-01-01 with the
 * era-of-400-years method (an era has exactly 146097 days, so a date is an
 * era number, a year-of-era and a day-of-year with March as month 0, which
 * puts the leap day last). No tables beyond month lengths, no time zones.
 *
 * Metadata parser: one small function per form, in the style of SQLite's
 * date.c: each takes a cursor struct (`cur`: pointer, end) and either
 * consumes its form and returns 0, or returns -1 leaving the caller to try
 * the next form on a fresh cursor. The forms are tried in order ISO
 * (RFC 3339 / SQL), then RFC 2822. After a form, only white space may remain.
 *
 * Invariants: every function here is pure; a failed parse zeroes *out.
 */
#include "date/date.h"

#include <string.h>

/* ======================================================================
 * Calendar
 * ==================================================================== */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_len(int y, int m)
{
    static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

int sl_date_valid(int y, int m, int d)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return 0;
    return d <= month_len(y, m);
}

long sl_date_to_days(int y, int m, int d)
{
    long yy = y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;                                  /* [0, 399] */
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  /* [0, 365] */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

sl_ymd sl_date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    sl_ymd r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

int sl_date_weekday(int y, int m, int d)
{
    long z = sl_date_to_days(y, m, d);          /* 1970-01-01 was a Thursday (4) */
    long w = (z % 7 + 7 + 3) % 7;               /* 0 = Monday */
    return (int)w + 1;
}

static void put_num(char *o, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) { o[i] = (char)('0' + v % 10); v /= 10; }
}

int sl_date_format(char out[11], sl_ymd t)
{
    out[0] = 0;
    if (t.y < 1 || t.y > 9999) return -1;
    if (t.m == 0 && t.d == 0) { put_num(out, t.y, 4); out[4] = 0; return 4; }
    if (t.m < 1 || t.m > 12) return -1;
    if (t.d == 0) { put_num(out, t.y, 4); out[4] = '-'; put_num(out + 5, t.m, 2); out[7] = 0; return 7; }
    if (!sl_date_valid(t.y, t.m, t.d)) return -1;
    put_num(out, t.y, 4); out[4] = '-'; put_num(out + 5, t.m, 2); out[7] = '-';
    put_num(out + 8, t.d, 2); out[10] = 0;
    return 10;
}

/* ======================================================================
 * Metadata parsing: cursor helpers
 * ==================================================================== */

typedef struct cur {
    const char *p, *e;
} cur;

static int at(const cur *c, char ch) { return c->p < c->e && *c->p == ch; }
static int eat(cur *c, char ch) { if (!at(c, ch)) return 0; c->p++; return 1; }
static void skip_ws(cur *c) { while (c->p < c->e && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++; }

/* Exactly n digits -> *v; 0 or -1. */
static int digits(cur *c, int n, int *v)
{
    int x = 0;
    if (c->e - c->p < n) return -1;
    for (int i = 0; i < n; i++) {
        if (c->p[i] < '0' || c->p[i] > '9') return -1;
        x = x * 10 + (c->p[i] - '0');
    }
    c->p += n;
    *v = x;
    return 0;
}

static int lower(int ch) { return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch; }
static int is_alpha(int ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }

/* Three-letter English month abbreviation (any case) -> 1..12, else 0. */
static int month3(const char *p)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    for (int i = 0; i < 12; i++)
        if (lower(p[0]) == names[3 * i] && lower(p[1]) == names[3 * i + 1] && lower(p[2]) == names[3 * i + 2])
            return i + 1;
    return 0;
}

static int weekday3(const char *p)
{
    static const char names[] = "monwedtuethufrisatsun";
    for (int i = 0; i < 7; i++)
        if (lower(p[0]) == names[3 * i] && lower(p[1]) == names[3 * i + 1] && lower(p[2]) == names[3 * i + 2])
            return 1;
    return 0;
}

/* ======================================================================
 * Metadata parsing: one function per form
 * ==================================================================== */

/* HH:MM[:SS[.frac]] with range checks (a leap second 60 is allowed). */
static int p_clock(cur *c)
{
    int h, mi, s;
    if (digits(c, 2, &h) || !eat(c, ':') || digits(c, 2, &mi)) return -1;
    if (h > 23 || mi > 59) return -1;
    if (eat(c, ':')) {
        if (digits(c, 2, &s) || s > 60) return -1;
        if (eat(c, '.') || eat(c, ',')) {
            if (!(c->p < c->e && *c->p >= '0' && *c->p <= '9')) return -1;
            while (c->p < c->e && *c->p >= '0' && *c->p <= '9') c->p++;
        }
    }
    return 0;
}

/* +HH:MM, -HH:MM, +HHMM, -HHMM (colon optional when `colon_ok`). */
static int p_numeric_zone(cur *c)
{
    int h, mi;
    if (!eat(c, '+') && !eat(c, '-')) return -1;
    if (digits(c, 2, &h)) return -1;
    eat(c, ':');
    if (digits(c, 2, &mi) || h > 23 || mi > 59) return -1;
    return 0;
}

/* YYYY-MM-DD[(T|t| )clock[zone]] */
static int p_iso(cur *c, sl_ymd *out)
{
    int y, m, d;
    if (digits(c, 4, &y) || !eat(c, '-') || digits(c, 2, &m) || !eat(c, '-') || digits(c, 2, &d)) return -1;
    if (!sl_date_valid(y, m, d)) return -1;
    if (eat(c, 'T') || eat(c, 't') || (at(c, ' ') && c->e - c->p > 1 && c->p[1] >= '0' && c->p[1] <= '9' && eat(c, ' '))) {
        if (p_clock(c)) return -1;
        if (eat(c, 'Z') || eat(c, 'z')) {
            /* UTC */
        } else if (at(c, '+') || at(c, '-')) {
            if (p_numeric_zone(c)) return -1;
        }
    }
    out->y = y; out->m = m; out->d = d;
    return 0;
}

/* RFC 2822 zone: +HHMM / -HHMM or 1-5 letters (UT, GMT, EST, Z, military). */
static int p_rfc_zone(cur *c)
{
    if (at(c, '+') || at(c, '-')) return p_numeric_zone(c);
    int n = 0;
    while (c->p < c->e && is_alpha(*c->p) && n < 6) { c->p++; n++; }
    return n >= 1 && n <= 5 ? 0 : -1;
}

/* [Wkd, ]D[D] Mon YYYY [HH:MM[:SS] [zone]] */
static int p_rfc2822(cur *c, sl_ymd *out)
{
    int y, m, d;
    if (c->e - c->p >= 4 && is_alpha(c->p[0])) {
        if (!weekday3(c->p)) return -1;
        c->p += 3;
        while (c->p < c->e && is_alpha(*c->p)) c->p++;      /* "Saturday" too */
        if (!eat(c, ',')) return -1;
        skip_ws(c);
    }
    if (digits(c, 2, &d) && digits(c, 1, &d)) return -1;
    if (!eat(c, ' ')) return -1;
    skip_ws(c);
    if (c->e - c->p < 3 || !(m = month3(c->p))) return -1;
    c->p += 3;
    if (!eat(c, ' ')) return -1;
    skip_ws(c);
    if (digits(c, 4, &y) || !sl_date_valid(y, m, d)) return -1;
    skip_ws(c);
    if (c->p < c->e) {
        if (p_clock(c)) return -1;
        skip_ws(c);
        if (c->p < c->e && p_rfc_zone(c)) return -1;
    }
    out->y = y; out->m = m; out->d = d;
    return 0;
}

int sl_date_parse_meta(const char *s, size_t len, sl_ymd *out)
{
    static const sl_ymd zero;
    *out = zero;
    if (!s || !len) return -1;
    typedef int (*form_fn)(cur *, sl_ymd *);
    static const form_fn forms[] = {p_iso, p_rfc2822};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        cur c = {s, s + len};
        sl_ymd r = zero;
        skip_ws(&c);
        if (forms[i](&c, &r)) continue;
        skip_ws(&c);
        if (c.p != c.e) continue;
        *out = r;
        return 0;
    }
    return -1;
}
