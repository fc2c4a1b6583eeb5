/* JSON lines -> records. The reader has a fast parser (cJSON) and a careful
 * one (jansson) that decides every line the fast one is unsure about; the
 * record must not depend on which one read it. Each case is checked against
 * an oracle built here from jansson alone (the reader's rules: text a
 * non-empty string, known fields strings or null, id also an integer,
 * every other field in `extra` as compact ASCII JSON), and a few against
 * literal expectations. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/reader.h"

static const char *const KNOWN[] = {"id", "url", "source", "title", "date", "lang", "text"};

/* The oracle: 0 and the fields, or -1 when the line must be rejected. */
typedef struct want {
    char *f[7];   /* as KNOWN */
    char *extra;
} want;

static int oracle(const char *line, want *w)
{
    memset(w, 0, sizeof *w);
    json_error_t err;
    json_t *o = json_loadb(line, strlen(line), JSON_ALLOW_NUL, &err);
    int rc = -1;
    json_t *t = o && json_is_object(o) ? json_object_get(o, "text") : NULL;
    if (t && json_is_string(t) && strspn(json_string_value(t), " \t\n\r\f\v") < json_string_length(t)) {
        rc = 0;
        for (size_t k = 0; k < 7; k++) {
            json_t *v = json_object_get(o, KNOWN[k]);
            if (!v || json_is_null(v))
                continue;
            if (json_is_string(v))
                w->f[k] = strndup(json_string_value(v), json_string_length(v));
            else if (k == 0 && json_is_integer(v) && asprintf(&w->f[k], "%lld", (long long)json_integer_value(v)) > 0)
                ;
            else
                rc = -1;
        }
        json_t *extra = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(o, key, v) {
            size_t k = 0;
            while (k < 7 && strcmp(key, KNOWN[k]) != 0)
                k++;
            if (k == 7)
                json_object_set(extra, key, v);
        }
        if (json_object_size(extra))
            w->extra = json_dumps(extra, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(extra);
    }
    json_decref(o);
    return rc;
}

static void want_free(want *w)
{
    for (size_t k = 0; k < 7; k++)
        free(w->f[k]);
    free(w->extra);
}

static void check_line(const char *line, const char *label)
{
    want w;
    int wrc = oracle(line, &w);
    sl_rec r = {0};
    int rc = sl_json_to_rec(line, strlen(line), 50 * 1000 * 1000, &r);
    cr_expect_eq(rc, wrc, "%s: rc %d, oracle %d (%s)", label, rc, wrc, r.reason);
    if (rc == 0 && wrc == 0) {
        char *got[7] = {r.id, r.url, r.source, r.title, r.date, r.lang, r.text};
        for (size_t k = 0; k < 7; k++) {
            if (!w.f[k])
                cr_expect_null(got[k], "%s: %s should be absent", label, KNOWN[k]);
            else if (got[k])
                cr_expect_str_eq(got[k], w.f[k], "%s: field %s", label, KNOWN[k]);
            else
                cr_expect(0, "%s: field %s missing", label, KNOWN[k]);
        }
        cr_expect_eq(r.text_len, strlen(w.f[6]), "%s: text length", label);
        if (w.extra && r.extra)
            cr_expect_str_eq(r.extra, w.extra, "%s: extra", label);
        else
            cr_expect(!w.extra && !r.extra, "%s: extra %s vs %s", label, r.extra ? r.extra : "(none)",
                      w.extra ? w.extra : "(none)");
    }
    sl_rec_clear(&r);
    want_free(&w);
}

static const char *const LINES[] = {
    /* plain */
    "{\"id\":\"a1\",\"title\":\"T\",\"text\":\"Body text.\",\"date\":\"2017-10-01\",\"source\":\"S\",\"url\":\"http://x/y\"}",
    "{\"text\":\"only text\"}",
    "  {\"text\" : \"spaces around\" , \"id\" : \"s\" }  ",
    "{\"text\":\"trailing newline\"}\r\n",
    /* escapes and Unicode */
    "{\"text\":\"quote \\\" backslash \\\\ slash \\/ tab \\t nl \\n\",\"title\":\"\\u00e9t\\u00e9\"}",
    "{\"text\":\"caf\xc3\xa9 \xe2\x80\x99 \\ud83d\\ude00 emoji\"}",
    "{\"text\":\"x\",\"lang\":\"de\",\"note\":\"\xc3\xa9\\u00e8 \\ud83d\\ude00\"}",
    /* extra fields: strings, booleans, nulls, nested, in key order */
    "{\"id\":\"e\",\"text\":\"t\",\"story\":\"s1\",\"topic\":\"T9\",\"gold\":true,\"x\":null}",
    "{\"z\":\"first\",\"text\":\"t\",\"a\":[\"p\",[\"q\"],{\"k\":false}],\"m\":{\"b\":\"1\",\"a\":\"2\"}}",
    /* numbers: jansson keeps integers and reals apart */
    "{\"text\":\"t\",\"n\":5,\"r\":5.0,\"e\":1e3,\"big\":12345678901234567890}",
    "{\"id\":42,\"text\":\"numeric id\"}",
    "{\"id\":4.5,\"text\":\"real id\"}",
    "{\"text\":\"t\",\"deep\":[1,[2,[3.25]]]}",
    /* repeated keys */
    "{\"text\":\"first\",\"text\":\"second\"}",
    "{\"text\":\"t\",\"k\":\"1\",\"k\":\"2\"}",
    /* rejected: the careful parser words these */
    "{\"text\":\"\"}",
    "{\"text\":\"  \\n\\t \"}",
    "{\"title\":\"no text\"}",
    "{\"text\":null}",
    "{\"text\":17}",
    "{\"text\":[\"a\"]}",
    "{\"text\":\"t\",\"title\":7}",
    "{\"text\":\"t\",\"date\":false}",
    "[\"text\"]",
    "\"text\"",
    "{\"text\":\"t\"} trailing",
    "{\"text\":\"t\"}{\"text\":\"u\"}",
    "{\"text\":\"t\",}",
    "{\"text\":\"raw\ttab\"}",
    "{\"text\":'single'}",
    "{\"text\":\"bad escape \\x\"}",
    "{\"text\":\"lone surrogate \\ud800\"}",
    "{\"text\":\"t\",\"n\":01}",
    "{\"text\":\"t\",\"n\":NaN}",
    "{\"text\":\"unterminated}",
    "\xef\xbb\xbf{\"text\":\"after a byte-order mark\"}",
    "{}",
    "",
    "   ",
    "nul",
};

Test(ingest_json, fast_and_careful_parsers_agree)
{
    char label[32];
    for (size_t i = 0; i < sizeof LINES / sizeof LINES[0]; i++) {
        snprintf(label, sizeof label, "line %zu", i);
        check_line(LINES[i], label);
    }
}

Test(ingest_json, literal_expectations)
{
    sl_rec r = {0};
    const char *l = "{\"z\":\"first\",\"text\":\"caf\\u00e9\",\"a\":[\"\xc3\xa9\",true,null]}";
    cr_assert_eq(sl_json_to_rec(l, strlen(l), 1000, &r), 0, "%s", r.reason);
    cr_expect_str_eq(r.text, "caf\xc3\xa9");
    cr_expect_eq(r.text_len, 5);
    cr_expect_str_eq(r.extra, "{\"z\":\"first\",\"a\":[\"\\u00E9\",true,null]}");
    sl_rec_clear(&r);
    /* an escaped NUL stays in the text (the careful parser reads it) */
    l = "{\"text\":\"a\\u0000b\"}";
    cr_assert_eq(sl_json_to_rec(l, strlen(l), 1000, &r), 0, "%s", r.reason);
    cr_expect_eq(r.text_len, 3);
    cr_expect_eq(memcmp(r.text, "a\0b", 3), 0);
    sl_rec_clear(&r);
    /* over the size limit: rejected with the limit in the reason */
    l = "{\"text\":\"0123456789\"}";
    cr_expect_eq(sl_json_to_rec(l, strlen(l), 5, &r), -1);
    cr_expect(strstr(r.reason, "limit") != NULL, "%s", r.reason);
    sl_rec_clear(&r);
    l = "{\"text\":\"t\"} x";
    cr_expect_eq(sl_json_to_rec(l, strlen(l), 100, &r), -1);
    cr_expect(strstr(r.reason, "invalid JSON") != NULL, "%s", r.reason);
    sl_rec_clear(&r);
}

/* Real files: every line read the same way by both (skips without them). */
static void check_file(const char *path, size_t max_lines)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t len;
    while (n < max_lines && (len = getline(&line, &cap, f)) > 0) {
        char label[600];
        snprintf(label, sizeof label, "%s:%zu", path, ++n);
        check_line(line, label);
    }
    free(line);
    fclose(f);
}

Test(ingest_json, real_files_agree)
{
    check_file("examples/articles.jsonl", 100);
    if (access("../shared/data/t17-dev/articles.jsonl", R_OK) != 0)
        cr_skip_test("../shared/data absent: only examples/ checked");
    check_file("../shared/data/t17-dev/articles.jsonl", 400);
    check_file("../shared/data/ecbplus-dev/articles.jsonl", 462);
}
