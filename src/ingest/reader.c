/*
 * reader.c - paths to article records. See reader.h for the contract.
 *
 * Design notes
 *  - A stack of pending paths, processed depth-first; a folder's entries are
 *    sorted by name so the order (and with it story ids) never depends on
 *    the file system.
 *  - JSONL, gzip'd or not, is read through zlib's gz* API, which reads plain
 *    files transparently. Lines are read in chunks so an oversized line is
 *    skipped without being held in memory whole.
 *  - Loops: every folder's (device, inode) is remembered; a folder reached a
 *    second time (a symlink loop, or a link to a folder already read) is
 *    reported and skipped.
 *  - JSON: two parsers, one meaning. cJSON parses the common line (an
 *    object of strings, booleans and nulls, nothing unusual) about ten
 *    times faster than jansson (449 vs 47 MB/s on 20,000 generated
 *    articles; jansson's parse was a quarter of a worker's time). Any line
 *    the fast path is not sure about goes to jansson, which decides and
 *    words every error: a parse failure, trailing bytes, a control
 *    character, an escaped NUL (cJSON strings end at NUL), a leading
 *    byte-order mark (cJSON skips it, jansson does not), a number
 *    anywhere (cJSON keeps no integer/real distinction, which `extra` must
 *    round-trip), a repeated known key, a missing, non-string, empty or
 *    oversized text. So both paths accept the same lines and give the same
 *    record; `extra` is always written by jansson (json_dumps, ASCII, in
 *    key order), from the cJSON values converted one by one. (cJSON notes
 *    the position of a failed parse in a static variable; two workers
 *    failing at once race on it, which only affects cJSON_GetErrorPtr,
 *    never called here.)
 */
#include "ingest/reader.h"

#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "text/text.h"

/* ---- records ---------------------------------------------------------- */

void sl_rec_clear(sl_rec *r)
{
    char **f[] = {&r->id, &r->url, &r->source, &r->title, &r->date, &r->lang, &r->extra, &r->text};
    for (size_t i = 0; i < SL_ARRAY_LEN(f); i++) {
        sl_free(*f[i]);
        *f[i] = NULL;
    }
    r->text_len = 0;
    r->origin[0] = r->reason[0] = 0;
    r->reject = 0;
    r->input_failed = 0;
    r->bad_utf8 = 0;
    sl_free(r->json);
    r->json = NULL;
    r->json_len = 0;
}

void sl_rec_parse(sl_rec *rec, size_t max_text)
{
    if (!rec->json)
        return;
    sl_json_to_rec(rec->json, rec->json_len, max_text, rec);
    sl_free(rec->json);
    rec->json = NULL;
    rec->json_len = 0;
}

static int reject(sl_rec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int reject(sl_rec *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reason, sizeof r->reason, fmt, ap);
    va_end(ap);
    r->reject = 1;
    return -1;
}

static int only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

/* ---- JSON ------------------------------------------------------------- */

/* Takes a string field: 0 ok (absent/null leaves *dst NULL), -1 wrong type. */
static int take_str(json_t *obj, const char *name, char **dst, int allow_int)
{
    json_t *v = json_object_get(obj, name);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        *dst = sl_strndup(json_string_value(v), json_string_length(v));
        return 0;
    }
    if (allow_int && json_is_integer(v)) {
        char b[32];
        snprintf(b, sizeof b, "%lld", (long long)json_integer_value(v));
        *dst = sl_strdup(b);
        return 0;
    }
    return -1;
}

static const char *const KNOWN[] = {"id", "url", "source", "title", "date", "lang", "text"};

/* Index of k in KNOWN, or SL_ARRAY_LEN(KNOWN) when it is not a known field. */
static size_t known_index(const char *k)
{
    size_t i = 0;
    while (i < SL_ARRAY_LEN(KNOWN) && strcmp(k, KNOWN[i]) != 0)
        i++;
    return i;
}

static int is_known(const char *k) { return known_index(k) < SL_ARRAY_LEN(KNOWN); }

static int rec_from_object(json_t *o, size_t max_text, sl_rec *r)
{
    json_t *t = json_object_get(o, "text");
    if (!t)
        return reject(r, "missing \"text\"");
    if (!json_is_string(t))
        return reject(r, "\"text\" is not a string");
    size_t n = json_string_length(t);
    if (n > max_text)
        return reject(r, "text is %.1f MB, over the %.1f MB limit (max-article-mb)",
                      n / 1e6, max_text / 1e6);
    if (only_space(json_string_value(t), n))
        return reject(r, "text is empty");
    struct { const char *name; char **dst; int allow_int; } f[] = {
        {"id", &r->id, 1}, {"url", &r->url, 0}, {"source", &r->source, 0},
        {"title", &r->title, 0}, {"date", &r->date, 0}, {"lang", &r->lang, 0}};
    for (size_t i = 0; i < SL_ARRAY_LEN(f); i++)
        if (take_str(o, f[i].name, f[i].dst, f[i].allow_int))
            return reject(r, "\"%s\" is not a string", f[i].name);
    r->text = sl_strndup(json_string_value(t), n);
    r->text_len = n;
    json_t *extra = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        if (!is_known(k))
            json_object_set(extra, k, v);
    }
    if (json_object_size(extra))
        r->extra = json_dumps(extra, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(extra);
    return 0;
}

/* What a line holds, in one pass of 8 bytes at a time: LB_HIGH, a byte
 * >= 0x80 (UTF-8 to check); LB_CTL, a control byte other than \n and \r
 * (the fast JSON path leaves those to jansson). */
enum { LB_HIGH = 1, LB_CTL = 2 };

static unsigned line_bytes(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t hi = 0, lt = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        hi |= x;
        lt |= (x - ones * 0x20) & ~x;   /* high bit set where a byte < 0x20 */
    }
    unsigned f = (hi & highs) ? LB_HIGH : 0;
    int ctl = (lt & highs) != 0;
    if (ctl)   /* maybe only \n or \r: look byte by byte */
        i = 0, ctl = 0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        f |= c >= 0x80 ? LB_HIGH : 0;
        ctl |= c < 0x20 && c != '\n' && c != '\r';
    }
    return f | (ctl ? LB_CTL : 0);
}

/* cJSON value -> jansson value (strings, booleans, null, arrays, objects;
 * NULL for numbers and anything else, which sends the line to jansson). */
static json_t *to_jansson(const cJSON *v, int depth)
{
    if (depth > 64)
        return NULL;
    if (cJSON_IsString(v))
        return json_stringn(v->valuestring, strlen(v->valuestring));
    if (cJSON_IsBool(v))
        return json_boolean(cJSON_IsTrue(v));
    if (cJSON_IsNull(v))
        return json_null();
    if (!cJSON_IsArray(v) && !cJSON_IsObject(v))
        return NULL;
    json_t *out = cJSON_IsArray(v) ? json_array() : json_object();
    for (const cJSON *c = v->child; out && c; c = c->next) {
        json_t *x = to_jansson(c, depth + 1);
        int bad = !x || (cJSON_IsArray(v) ? json_array_append_new(out, x)
                                          : json_object_set_new(out, c->string, x));
        if (bad) {
            json_decref(out);
            out = NULL;
        }
    }
    return out;
}

/* The fast path: 1 when it filled r, 0 when jansson must decide. */
static int fast_json_to_rec(const char *p, size_t len, size_t max_text, sl_rec *r)
{
    if (memmem(p, len, "\\u0000", 6) || (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0))
        return 0;   /* an escaped NUL; a byte-order mark (cJSON skips it) */
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithLengthOpts(p, len, &end, 0);
    if (!o)
        return 0;
    int ok = cJSON_IsObject(o) && end;
    for (const char *q = end; ok && q < p + len; q++)
        ok = *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r';
    /* known fields: strings (or null), each at most once */
    char **dst[] = {&r->id, &r->url, &r->source, &r->title, &r->date, &r->lang, &r->text};
    const cJSON *known[SL_ARRAY_LEN(KNOWN)] = {0};
    const cJSON *extras[64];   /* the other fields, in order (more: jansson) */
    size_t nextra = 0;
    for (const cJSON *c = o->child; ok && c; c = c->next) {
        size_t k = known_index(c->string);
        if (k == SL_ARRAY_LEN(KNOWN)) {
            ok = nextra < SL_ARRAY_LEN(extras);
            if (ok)
                extras[nextra++] = c;
            continue;
        }
        ok = !known[k] && (cJSON_IsString(c) || (cJSON_IsNull(c) && k != SL_ARRAY_LEN(KNOWN) - 1));
        known[k] = c;
    }
    const cJSON *t = known[SL_ARRAY_LEN(KNOWN) - 1];
    size_t n = ok && t ? strlen(t->valuestring) : 0;
    ok = ok && t && n <= max_text && !only_space(t->valuestring, n);
    json_t *extra = ok && nextra ? json_object() : NULL;
    for (size_t i = 0; extra && i < nextra; i++) {
        const cJSON *c = extras[i];
        json_t *x = to_jansson(c, 0);
        if (!x || json_object_set_new(extra, c->string, x)) {
            json_decref(extra);
            extra = NULL;
            ok = 0;
        }
    }
    if (ok) {
        for (size_t k = 0; k < SL_ARRAY_LEN(KNOWN); k++)
            if (known[k] && cJSON_IsString(known[k]))
                *dst[k] = sl_strdup(known[k]->valuestring);
        r->text_len = n;
        if (extra)
            r->extra = json_dumps(extra, JSON_COMPACT | JSON_ENSURE_ASCII);
    }
    json_decref(extra);
    cJSON_Delete(o);
    return ok;
}

int sl_json_to_rec(const char *line, size_t len, size_t max_text, sl_rec *r)
{
    const char *p = line;
    char *fixed = NULL;
    size_t nbad = 0;
    unsigned lb = line_bytes(line, len);
    if (lb & LB_HIGH) {   /* one repair pass; its copy is used only when it fixed something */
        size_t flen;
        if (sl_utf8_repair(line, len, &fixed, &flen, &nbad))
            return reject(r, "out of memory");
        if (nbad) {
            p = fixed;
            len = flen;
        } else {
            sl_free(fixed);
            fixed = NULL;
        }
    }
    if (!(lb & LB_CTL) && fast_json_to_rec(p, len, max_text, r)) {   /* control bytes: jansson */
        r->bad_utf8 = (unsigned)nbad;
        sl_free(fixed);
        return 0;
    }
    json_error_t err;
    json_t *o = json_loadb(p, len, JSON_ALLOW_NUL, &err);
    int rc;
    if (!o)
        rc = reject(r, "invalid JSON: %s (column %d)", err.text, err.column);
    else if (!json_is_object(o))
        rc = reject(r, "not a JSON object");
    else
        rc = rec_from_object(o, max_text, r);
    if (rc == 0)
        r->bad_utf8 = (unsigned)nbad;
    json_decref(o);
    sl_free(fixed);
    return rc;
}

/* ---- the reader ------------------------------------------------------- */

typedef struct dev_ino { dev_t dev; ino_t ino; } dev_ino;

struct sl_reader {
    struct { char **v; size_t n, cap; } stack;  /* pending paths, last = next */
    struct { dev_ino *v; size_t n, cap; } seen; /* folders visited */
    sl_reader_opts o;
    sl_diag_fn diag;
    void *ud;
    uint64_t failed;
    struct { char **v; size_t n, cap; } pending; /* "origin\treason" of failed inputs */
    size_t pending_next;
    /* current JSONL input */
    gzFile gz;
    char *gz_name;
    uint64_t line;
    sl_buf buf;            /* the current line */
    char *ib;              /* input buffer over the gz stream */
    size_t ib_pos, ib_len;
    int ib_eof, first_chunk;
};

sl_reader *sl_reader_new(const char *const *paths, size_t n, const sl_reader_opts *o,
                         sl_diag_fn diag, void *ud)
{
    sl_reader *r = sl_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->o = *o;
    r->diag = diag;
    r->ud = ud;
    for (size_t i = n; i-- > 0;) {
        char *p = sl_strdup(paths[i]);
        if (!p || SL_VEC_PUSH(&r->stack, p)) {
            sl_free(p);
            sl_reader_free(r);
            return NULL;
        }
    }
    return r;
}

static void close_gz(sl_reader *r)
{
    if (r->gz)
        gzclose(r->gz);
    r->gz = NULL;
    sl_free(r->gz_name);
    r->gz_name = NULL;
}

void sl_reader_free(sl_reader *r)
{
    if (!r)
        return;
    close_gz(r);
    for (size_t i = 0; i < r->stack.n; i++)
        sl_free(r->stack.v[i]);
    sl_free(r->stack.v);
    sl_free(r->seen.v);
    sl_buf_free(&r->buf);
    sl_free(r->ib);
    for (size_t i = 0; i < r->pending.n; i++)
        sl_free(r->pending.v[i]);
    sl_free(r->pending.v);
    sl_free(r);
}

uint64_t sl_reader_failed(const sl_reader *r) { return r->failed; }

static void input_failed(sl_reader *r, const char *origin, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void input_failed(sl_reader *r, const char *origin, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->failed++;
    char *p = NULL;
    if (asprintf(&p, "%s\t%s", origin, msg) < 0)
        return;
    char *q = sl_strdup(p);
    free(p);
    if (q && SL_VEC_PUSH(&r->pending, q))
        sl_free(q);
}

/* Returns the next queued input failure as a record: 1, or 0 if none. */
static int pop_failure(sl_reader *r, sl_rec *rec)
{
    if (r->pending_next == r->pending.n) {
        for (size_t i = 0; i < r->pending.n; i++)
            sl_free(r->pending.v[i]);
        r->pending.n = r->pending_next = 0;
        return 0;
    }
    char *m = r->pending.v[r->pending_next++];
    char *tab = strchr(m, '\t');
    snprintf(rec->origin, sizeof rec->origin, "%.*s", (int)(tab - m), m);
    snprintf(rec->reason, sizeof rec->reason, "%s", tab + 1);
    rec->reject = rec->input_failed = 1;
    return 1;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

enum { K_SKIP, K_TXT, K_JSONL };

static int kind_of(const char *path)
{
    if (ends_with(path, ".txt"))
        return K_TXT;
    if (ends_with(path, ".jsonl") || ends_with(path, ".jsonl.gz") || ends_with(path, ".ndjson") ||
        ends_with(path, ".ndjson.gz"))
        return K_JSONL;
    return K_SKIP;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pushes a folder's entries (sorted, reversed so the first pops first). */
static int push_dir(sl_reader *r, const char *path, const struct stat *st)
{
    for (size_t i = 0; i < r->seen.n; i++)
        if (r->seen.v[i].dev == st->st_dev && r->seen.v[i].ino == st->st_ino) {
            input_failed(r, path, "directory loop (folder already read), skipped");
            return 0;
        }
    dev_ino di = {st->st_dev, st->st_ino};
    if (SL_VEC_PUSH(&r->seen, di))
        return SL_ENOMEM;
    DIR *d = opendir(path);
    if (!d) {
        input_failed(r, path, "cannot open folder: %s", strerror(errno));
        return 0;
    }
    struct { char **v; size_t n, cap; } names = {0};
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue; /* ., .., hidden files */
        char *full = NULL;
        if (asprintf(&full, "%s/%s", path, e->d_name) < 0) {
            rc = SL_ENOMEM;
            break;
        }
        struct stat es;
        /* inside folders, only folders and known file types are read */
        if (kind_of(full) == K_SKIP && !(stat(full, &es) == 0 && S_ISDIR(es.st_mode))) {
            free(full);
            continue;
        }
        if (SL_VEC_PUSH(&names, full)) {
            free(full);
            rc = SL_ENOMEM;
            break;
        }
    }
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    for (size_t i = names.n; rc == 0 && i-- > 0;) {
        char *p = sl_strdup(names.v[i]);
        if (!p || SL_VEC_PUSH(&r->stack, p)) {
            sl_free(p);
            rc = SL_ENOMEM;
        }
    }
    for (size_t i = 0; i < names.n; i++)
        free(names.v[i]);
    sl_free(names.v);
    return rc;
}

static int looks_binary(const char *p, size_t n)
{
    size_t ctl = 0, m = SL_MIN(n, (size_t)8192);
    for (size_t i = 0; i < m; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == 0)
            return 1;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
            ctl++;
    }
    return m && ctl * 10 > m;
}

static char *base_id(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    return sl_strndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

/* .txt: one article; first non-empty line is the title unless too long. */
static int read_txt(sl_reader *r, const char *path, const struct stat *st, sl_rec *rec)
{
    snprintf(rec->origin, sizeof rec->origin, "%s", path);
    if ((size_t)st->st_size > r->o.max_text) {
        reject(rec, "text is %.1f MB, over the %.1f MB limit (max-article-mb)",
               st->st_size / 1e6, r->o.max_text / 1e6);
        return 1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        input_failed(r, path, "cannot open: %s", strerror(errno));
        return 0;
    }
    sl_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= r->o.max_text)
        if (sl_buf_append(&b, chunk, got)) {
            fclose(f);
            sl_buf_free(&b);
            return SL_ENOMEM;
        }
    int err = ferror(f);
    fclose(f);
    if (err) {
        sl_buf_free(&b);
        input_failed(r, path, "read error: %s", strerror(errno ? errno : EIO));
        return 0;
    }
    if (looks_binary(b.p, b.len)) {
        sl_buf_free(&b);
        reject(rec, "binary file, not text");
        return 1;
    }
    if (b.len > r->o.max_text) {
        sl_buf_free(&b);
        reject(rec, "text is over the %.1f MB limit (max-article-mb)", r->o.max_text / 1e6);
        return 1;
    }
    if (!b.p || only_space(b.p, b.len)) {
        sl_buf_free(&b);
        reject(rec, "text is empty");
        return 1;
    }
    rec->text_len = b.len;
    rec->text = sl_buf_steal(&b);
    rec->id = base_id(path);
    /* title: first non-empty line */
    const char *p = rec->text, *end = rec->text + rec->text_len;
    while (p < end && (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t'))
        p++;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    while (le > p && (le[-1] == '\r' || le[-1] == ' ' || le[-1] == '\t'))
        le--;
    if (le > p && (size_t)(le - p) <= r->o.title_max)
        rec->title = sl_strndup(p, (size_t)(le - p));
    return 1;
}

enum { IB_SIZE = 1 << 17 };

static int open_jsonl(sl_reader *r, const char *path)
{
    int fd = strcmp(path, "-") == 0 ? dup(0) : -1;
    errno = 0;
    r->gz = fd >= 0 ? gzdopen(fd, "rb") : gzopen(path, "rb");
    if (!r->gz) {
        if (fd >= 0)
            close(fd);
        input_failed(r, path, "cannot open: %s", strerror(errno ? errno : EIO));
        return 0;
    }
    if (!r->ib && !(r->ib = sl_malloc(IB_SIZE)))
        return SL_ENOMEM;
    gzbuffer(r->gz, 1 << 17);
    r->gz_name = sl_strdup(fd >= 0 ? "<stdin>" : path);
    r->line = 0;
    r->ib_pos = r->ib_len = 0;
    r->ib_eof = 0;
    r->first_chunk = 1;
    return 1;
}

/* Refills the input buffer. Returns 1 with data, 0 at end, -1 on error. */
static int refill(sl_reader *r)
{
    if (r->ib_eof)
        return 0;
    int n = gzread(r->gz, r->ib, IB_SIZE);
    if (n < 0)
        return -1;
    if (n == 0) {
        int errnum;
        gzerror(r->gz, &errnum);
        r->ib_eof = 1;
        return errnum == Z_OK || errnum == Z_STREAM_END ? 0 : -1;
    }
    r->ib_pos = 0;
    r->ib_len = (size_t)n;
    return 1;
}

/* Reads one line into r->buf (no newline). A line longer than limit is
 * consumed but not kept (*line_len tells its size). Returns 1 with a line,
 * 0 at end, -1 on a stream error (r->buf holds what was read), -2 binary. */
static int gz_line(sl_reader *r, size_t limit, size_t *line_len)
{
    sl_buf_reset(&r->buf);
    *line_len = 0;
    int got = 0;
    for (;;) {
        if (r->ib_pos == r->ib_len) {
            int rc = refill(r);
            if (rc < 0)
                return -1;
            if (rc == 0)
                return got ? 1 : 0;
            if (r->first_chunk) {
                r->first_chunk = 0;
                if (memchr(r->ib, 0, SL_MIN(r->ib_len, (size_t)4096)))
                    return -2;
            }
        }
        got = 1;
        char *s = r->ib + r->ib_pos;
        size_t avail = r->ib_len - r->ib_pos;
        char *nl = memchr(s, '\n', avail);
        size_t take = nl ? (size_t)(nl - s) : avail;
        *line_len += take;
        if (*line_len <= limit && sl_buf_append(&r->buf, s, take))
            return -1;
        r->ib_pos += take + (nl ? 1 : 0);
        if (nl)
            return 1;
    }
}

/* Next record from the open JSONL stream: 1 record, 0 stream ended. */
static int next_json(sl_reader *r, sl_rec *rec)
{
    size_t limit = r->o.max_text + r->o.max_text / 4 + 65536; /* JSON escapes */
    for (;;) {
        size_t len;
        int rc = gz_line(r, limit, &len);
        if (rc == -2) {
            input_failed(r, r->gz_name, "binary file, not JSONL; skipped");
            close_gz(r);
            return 0;
        }
        if (rc == 0) {
            close_gz(r);
            return 0;
        }
        r->line++;
        if (rc == -1) {
            int errnum;
            const char *msg = gzerror(r->gz, &errnum);
            char origin[600];
            snprintf(origin, sizeof origin, "%s:%llu", r->gz_name, (unsigned long long)r->line);
            input_failed(r, origin, "truncated or corrupt input (%s); rest of file skipped",
                         errnum == Z_BUF_ERROR ? "unexpected end of gzip stream" : msg);
            close_gz(r);
            return 0;
        }
        if (only_space(r->buf.p ? r->buf.p : "", r->buf.len) && len <= limit)
            continue; /* blank lines are not articles */
        snprintf(rec->origin, sizeof rec->origin, "%s:%llu", r->gz_name, (unsigned long long)r->line);
        if (len > limit)
            reject(rec, "line is %.1f MB, over the %.1f MB limit (max-article-mb)", len / 1e6,
                   r->o.max_text / 1e6);
        else if (r->o.defer_json) {
            rec->json_len = r->buf.len;
            rec->json = sl_buf_steal(&r->buf);
            if (!rec->json)
                return reject(rec, "out of memory"), 1;
        } else
            sl_json_to_rec(r->buf.p, r->buf.len, r->o.max_text, rec);
        return 1;
    }
}

/* Opens the next path; returns 1 when it produced a record (txt), 0 when
 * it opened a stream or folder or failed, <0 on ENOMEM. */
static int open_next(sl_reader *r, char *path, sl_rec *rec)
{
    struct stat st;
    int is_stdin = strcmp(path, "-") == 0;
    if (!is_stdin && stat(path, &st) != 0) {
        input_failed(r, path, "cannot read: %s", strerror(errno));
        return 0;
    }
    if (!is_stdin && S_ISDIR(st.st_mode))
        return push_dir(r, path, &st);
    int k = is_stdin ? K_JSONL : kind_of(path);
    if (k == K_SKIP) {
        input_failed(r, path, "unsupported file type (expected .txt, .jsonl or .jsonl.gz); skipped");
        return 0;
    }
    if (!is_stdin && !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
        input_failed(r, path, "not a regular file; skipped");
        return 0;
    }
    if (k == K_TXT)
        return read_txt(r, path, &st, rec);
    int rc = open_jsonl(r, path);
    return rc < 0 ? rc : 0;
}

int sl_reader_next(sl_reader *r, sl_rec *rec)
{
    sl_rec_clear(rec);
    for (;;) {
        if (pop_failure(r, rec))
            return 1;
        if (r->gz) {
            if (next_json(r, rec))
                return 1;
            continue;
        }
        if (r->stack.n == 0)
            return 0;
        char *path = r->stack.v[--r->stack.n];
        /* files found inside folders but of other types are skipped quietly */
        int rc = open_next(r, path, rec);
        sl_free(path);
        if (rc < 0)
            return rc;
        if (rc == 1) {
            /* a failure queued while opening goes first, the record after */
            if (r->pending_next < r->pending.n) {
                sl_rec tmp = *rec;
                memset(rec, 0, sizeof *rec);
                pop_failure(r, rec);
                (void)tmp; /* cannot happen: opening a .txt queues nothing and returns 1 */
                sl_rec_clear(&tmp);
            }
            return 1;
        }
    }
}
