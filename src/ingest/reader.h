/*
 * reader.h - turns paths into a stream of articles: .txt files (one article
 * each), .jsonl and .jsonl.gz (one JSON object per line), folders walked
 * recursively (symlink loops detected by device+inode), and "-" for JSONL on
 * standard input. Owns files; knows nothing of the database.
 *
 * Every record comes back with its origin ("FILE:LINE" or "FILE"). A record
 * that cannot be an article (malformed JSON, no "text", a binary file, an
 * oversized article) comes back with `reject` set and a one-line reason, so
 * the caller counts it and goes on. Problems that lose no article but stop a
 * file (unreadable file, directory loop, truncated gzip) come back in order as
 * records with `input_failed` (and `reject`) set, and are counted in
 * sl_reader_failed(); they are not articles.
 */
#ifndef SL_READER_H
#define SL_READER_H

#include <stddef.h>
#include <stdint.h>

#include "common/common.h"
#include "storyline.h"

/* One record; every string is owned by the record (sl_rec_clear frees). */
typedef struct sl_rec {
    char *id, *url, *source, *title, *date, *lang, *extra;
    char *text; size_t text_len;
    char origin[512];
    unsigned bad_utf8;   /* invalid UTF-8 sequences replaced while reading */
    char *json;          /* deferred: the JSON line, parsed later by sl_rec_parse() */
    size_t json_len;
    int reject;          /* 1: not an article; reason says why */
    int input_failed;    /* 1: not an article but a file/folder that failed (with reject) */
    char reason[256];
} sl_rec;

void sl_rec_clear(sl_rec *r);

typedef struct sl_reader sl_reader;

typedef struct sl_reader_opts {
    size_t max_text;     /* bytes; larger articles are rejected */
    int defer_json;      /* return JSONL lines unparsed (rec->json) for a worker */
    size_t title_max;    /* .txt: first line longer than this is not a title */
} sl_reader_opts;

sl_reader *sl_reader_new(const char *const *paths, size_t n, const sl_reader_opts *o,
                         sl_diag_fn diag, void *ud);
void sl_reader_free(sl_reader *r);

/* Fills *rec (cleared first) with the next record: returns 1, 0 at the end,
 * SL_ENOMEM when out of memory. */
int sl_reader_next(sl_reader *r, sl_rec *rec);

/* Inputs (files or folders) that could not be read at all, or not to the end. */
uint64_t sl_reader_failed(const sl_reader *r);

/* Parses a deferred record's JSON line (no-op for other records). */
void sl_rec_parse(sl_rec *rec, size_t max_text);

/* Parses one JSON object line into rec (used by the reader and the HTTP
 * service). Returns 0, or -1 with rec->reject/reason set. */
int sl_json_to_rec(const char *line, size_t len, size_t max_text, sl_rec *rec);

#endif
