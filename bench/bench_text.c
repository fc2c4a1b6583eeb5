/*
 * bench_text - single-thread throughput of the text layer.
 *
 * Reads a JSONL file of articles (field `text`), then times, over all of
 * them in memory: UTF-8 repair, boilerplate rules on every line (wire-code
 * prefix stripped, matched lines left out of the regions), and analysis
 * (normalization, tokens, stems, sentences). Prints MB/s, articles/s,
 * tokens/s and sentences/s for the best pass (wall clock) and MB per CPU
 * second. Usage: bench_text [file.jsonl] [passes, default 3]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#include "common/common.h"
#include "text/text.h"
#include "clean/boiler.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct texts { char **v; size_t n, cap; } texts;

static int load(const char *path, texts *tx, size_t *bytes)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    if (!f) return -1;
    while ((n = getline(&line, &cap, f)) > 0) {
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)n, 0, &err);
        const char *t = o ? json_string_value(json_object_get(o, "text")) : NULL;
        if (t) {
            char *c = sl_strdup(t);
            if (!c || SL_VEC_PUSH(tx, c)) return -1;
            *bytes += strlen(t);
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    return 0;
}

typedef struct regs { sl_region *v; size_t n, cap; } regs;

/* Lines that are not boilerplate become regions (minus a wire-code prefix). */
static int clean_regions(const char *s, size_t len, regs *r, size_t *nboiler)
{
    r->n = 0;
    for (size_t a = 0; a < len;) {
        const char *nl = memchr(s + a, '\n', len - a);
        size_t z = nl ? (size_t)(nl - s) : len;
        if (sl_boiler_match(s + a, z - a)) {
            (*nboiler)++;
        } else if (z > a) {
            size_t p = sl_boiler_strip_prefix(s + a, z - a);
            sl_region g = { (uint32_t)(a + p), (uint32_t)z };
            if (SL_VEC_PUSH(r, g)) return -1;
        }
        a = z + 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/data/t17-dev/articles.jsonl";
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    if (reps < 1) reps = 1;
    texts tx = { 0 };
    size_t bytes = 0, ntok = 0, nsent = 0, nbad = 0, nboiler = 0;
    if (load(path, &tx, &bytes)) {
        fprintf(stderr, "bench_text: cannot read %s\n", path);
        return 1;
    }
    sl_text *t = sl_text_new("en");
    sl_doc d = { 0 };
    regs r = { 0 };
    double best = 1e30, best_cpu = 1e30, total = 0;
    for (int k = 0; k < reps; k++) {
        double t0 = sl_now(), c0 = cpu_now();
        ntok = nsent = 0;
        for (size_t i = 0; i < tx.n; i++) {
            char *rep;
            size_t rl, bad;
            if (sl_utf8_repair(tx.v[i], strlen(tx.v[i]), &rep, &rl, &bad)) return 1;
            nbad += bad;
            if (clean_regions(rep, rl, &r, &nboiler)) return 1;
            if (sl_text_analyze(t, rep, rl, r.v, r.n, &d)) return 1;
            ntok += d.toks.n;
            nsent += d.sents.n;
            sl_free(rep);
        }
        double dt = sl_now() - t0, dc = cpu_now() - c0;
        total += dt;
        if (dt < best) best = dt;
        if (dc < best_cpu) best_cpu = dc;
    }
    double mb = (double)bytes / 1e6;
    printf("bench_text: %s (one thread, best of %d passes)\n", path, reps);
    printf("  articles %zu, %.1f MB, %zu tokens, %zu sentences, %zu bad bytes, "
           "%zu boilerplate lines\n", tx.n, mb, ntok, nsent, nbad / (size_t)reps,
           nboiler / (size_t)reps);
    printf("  wall %.3f s (mean %.3f): %.1f MB/s, %.0f articles/s, %.0f tokens/s, "
           "%.0f sentences/s\n", best, total / reps, mb / best, tx.n / best, ntok / best,
           nsent / best);
    printf("  cpu  %.3f s: %.1f MB/s per core\n", best_cpu, mb / best_cpu);
    for (size_t i = 0; i < tx.n; i++) sl_free(tx.v[i]);
    sl_free(tx.v);
    sl_free(r.v);
    sl_doc_free(&d);
    sl_text_free(t);
    return 0;
}
