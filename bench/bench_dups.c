/*
 * bench_dups - copies and rewrites: quality against the exact mode, speed,
 * memory, query latency.
 *
 * usage: bench_dups CORPUS.jsonl [--no-exact] [--threads N] [--set NAME=VALUE]
 *
 * Adds the corpus to a fresh database, then compares the pairs found by
 * the index (sl_dups) with the exact mode (sl_dups_exact: every pair that
 * shares a shingle, true set similarities) for Jaccard >= 0.8, >= 0.5 and
 * containment >= 0.8, >= 0.5 (containment pairs also need sketch.min_shared
 * shared shingles, in both modes). Prints recall and precision of each,
 * throughput of shingling + sketching + query + insert per core, the
 * latency of the per-article query+insert (p50, p99, max) and of the query
 * alone (p50, p99), and peak RSS.
 * Reference (measured independently, not here): datasketch MinHashLSH
 * (128 permutations, threshold 0.8) adds ~450-500 T17-sized articles/s and
 * held ~6.8 GB for 50,000 articles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common/common.h"
#include "common/map64.h"
#include "storyline.h"

typedef struct pairs {
    sl_map64 m;   /* hash(a,b) -> packed flags: 1 J>=.8, 2 J>=.5, 4 C>=.8, 8 C>=.5 */
} pairs;

static double min_shared;

static int flags_of(const sl_dup *d)
{
    double c = d->a_in_b > d->b_in_a ? d->a_in_b : d->b_in_a;
    int ok_c = d->shared >= min_shared;
    return (d->jaccard >= 0.8) | (d->jaccard >= 0.5) << 1 | (ok_c && c >= 0.8) << 2 | (ok_c && c >= 0.5) << 3;
}

static int on_pair(void *ud, const sl_dup *d)
{
    pairs *p = ud;
    char key[512];
    snprintf(key, sizeof key, "%s\t%s", d->a, d->b);
    int f = flags_of(d);
    if (!f)
        return 0;
    uint64_t *v = sl_map64_put(&p->m, sl_hash64(key, strlen(key)), NULL);
    if (v)
        *v = (uint64_t)f;
    return 0;
}

static double peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_dups CORPUS.jsonl [--no-exact] [--threads N] [--set NAME=VALUE]\n");
        return 2;
    }
    int exact = 1;
    sl_options o;
    sl_options_default(&o);
    char err[128];
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--no-exact"))
            exact = 0;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            sl_options_set(&o, "threads", argv[++i], err, sizeof err);
        else if (!strcmp(argv[i], "--set") && i + 1 < argc) {
            char name[64];
            const char *v = argv[++i], *eq = strchr(v, '=');
            snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - v) : 0, v);
            if (!eq || sl_options_set(&o, name, eq + 1, err, sizeof err) != SL_OK) {
                fprintf(stderr, "bench_dups: bad --set %s: %s\n", v, eq ? err : "NAME=VALUE");
                return 2;
            }
        }
    }
    min_shared = sl_options_get(&o, "sketch.min_shared");
    char db[64];
    snprintf(db, sizeof db, "/tmp/bench_dups_%d.db", (int)getpid());
    sl_engine *e = NULL;
    if (sl_open(&e, db, &o) != SL_OK) {
        fprintf(stderr, "bench_dups: %s\n", sl_errmsg(e));
        return 1;
    }
    const char *paths[] = {argv[1]};
    sl_add_report r;
    if (sl_add_paths(e, paths, 1, NULL, NULL, &r) != SL_OK) {
        fprintf(stderr, "bench_dups: %s\n", sl_errmsg(e));
        return 1;
    }
    double rss_add = peak_rss_mb();
    double dup_s = r.stage[SL_STAGE_SKETCH] + r.stage[SL_STAGE_DUPS];
    printf("corpus          %llu articles, %.1f MB of text\n", (unsigned long long)r.read, r.bytes / 1e6);
    printf("add             %.2f s wall, %.0f articles/s, %.1f MB/s end to end\n", r.seconds,
           r.read / r.seconds, r.bytes / 1e6 / r.seconds);
    printf("copy detection  sketch %.2f s + query/verify/insert %.2f s = %.1f MB/s per core, %.0f articles/s per core\n",
           r.stage[SL_STAGE_SKETCH], r.stage[SL_STAGE_DUPS], r.bytes / 1e6 / dup_s, r.read / dup_s);
    printf("                = %.0fx datasketch MinHashLSH's ~475 articles/s\n", r.read / dup_s / 475.0);
    printf("query+insert    p50 %.3f ms, p99 %.3f ms, max %.3f ms per article (wall clock)\n", r.dup_p50_ms,
           r.dup_p99_ms, r.dup_max_ms);
    printf("                p50 %.3f ms, p99 %.3f ms (CPU time of the writer thread)\n", r.dup_cpu_p50_ms,
           r.dup_cpu_p99_ms);
    printf("query alone     p50 %.3f ms, p99 %.3f ms wall; p50 %.3f ms, p99 %.3f ms CPU\n"
           "                (candidates, verification, edges stored; not the sketch store and index insert)\n",
           r.dup_query_p50_ms, r.dup_query_p99_ms, r.dup_query_cpu_p50_ms, r.dup_query_cpu_p99_ms);
    printf("peak RSS        %.1f MB after add (%.2f KB per article, everything included)\n", rss_add,
           rss_add * 1024 / (double)(r.read ? r.read : 1));
    if (exact) {
        pairs approx = {0}, truth = {0};
        double t0 = sl_now();
        sl_dups(e, NULL, on_pair, &approx);
        double t1 = sl_now();
        if (sl_dups_exact(e, 0.5, 0.5, on_pair, &truth) != SL_OK) {
            fprintf(stderr, "bench_dups: exact mode: %s\n", sl_errmsg(e));
            return 1;
        }
        double t2 = sl_now();
        printf("exact mode      %.2f s (index listing %.2f s)\n", t2 - t1, t1 - t0);
        const char *names[4] = {"Jaccard >= 0.8", "Jaccard >= 0.5", "containment >= 0.8", "containment >= 0.5"};
        for (int k = 0; k < 4; k++) {
            size_t tp = 0, fn = 0, fp = 0;
            for (size_t i = 0; i < truth.m.cap; i++)
                if (truth.m.keys[i] && (truth.m.vals[i] >> k & 1)) {
                    uint64_t *v = sl_map64_get(&approx.m, truth.m.keys[i]);
                    (v && (*v >> k & 1)) ? tp++ : fn++;
                }
            for (size_t i = 0; i < approx.m.cap; i++)
                if (approx.m.keys[i] && (approx.m.vals[i] >> k & 1)) {
                    uint64_t *v = sl_map64_get(&truth.m, approx.m.keys[i]);
                    if (!v || !(*v >> k & 1))
                        fp++;
                }
            printf("%-19s exact pairs %6zu  found %6zu  recall %.4f  precision %.4f\n", names[k], tp + fn,
                   tp + fp, tp + fn ? (double)tp / (tp + fn) : 1.0, tp + fp ? (double)tp / (tp + fp) : 1.0);
        }
        sl_map64_free(&approx.m);
        sl_map64_free(&truth.m);
    }
    sl_close(e);
    char p[96];
    unlink(db);
    snprintf(p, sizeof p, "%s-wal", db);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db);
    unlink(p);
    return 0;
}
