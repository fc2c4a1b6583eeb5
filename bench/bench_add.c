/*
 * bench_add - end-to-end throughput of `storyline add` through the library.
 *
 * usage: bench_add CORPUS.jsonl [--db PATH] [--OPTION VALUE ...]
 *
 * --OPTION VALUE sets any engine option (--threads 1, --stories 0, ...).
 *
 * Adds the corpus to a fresh database (default: a file in /tmp, removed
 * afterwards) and prints articles/s, MB/s of article text, peak RSS, and the
 * share of time per stage (stage times are wall-clock per thread, summed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "storyline.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_add CORPUS.jsonl [--db PATH] [--OPTION VALUE ...]\n");
        return 2;
    }
    char dbpath[256];
    snprintf(dbpath, sizeof dbpath, "/tmp/bench_add_%d.db", (int)getpid());
    const char *db = dbpath;
    sl_options o;
    sl_options_default(&o);
    char err[128];
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db"))
            db = argv[i + 1];
        else if (strncmp(argv[i], "--", 2) != 0 ||
                 sl_options_set(&o, argv[i] + 2, argv[i + 1], err, sizeof err) != SL_OK) {
            fprintf(stderr, "%s\n", err);
            return 2;
        }
    }
    sl_engine *e = NULL;
    if (sl_open(&e, db, &o) != SL_OK) {
        fprintf(stderr, "bench_add: %s\n", sl_errmsg(e));
        return 1;
    }
    const char *paths[] = {argv[1]};
    sl_add_report r;
    int rc = sl_add_paths(e, paths, 1, NULL, NULL, &r);
    sl_close(e);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    if (rc != SL_OK)
        fprintf(stderr, "bench_add: add failed\n");
    double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
    printf("articles        %llu (added %llu, present %llu, rejected %llu)\n",
           (unsigned long long)r.read, (unsigned long long)r.added, (unsigned long long)r.present,
           (unsigned long long)r.rejected);
    printf("text            %.1f MB\n", r.bytes / 1e6);
    printf("wall            %.2f s   cpu %.2f s (%.2f cores busy)\n", r.seconds, cpu, cpu / r.seconds);
    printf("throughput      %.0f articles/s   %.1f MB/s\n", r.read / r.seconds, r.bytes / 1e6 / r.seconds);
    printf("peak RSS        %.1f MB\n", ru.ru_maxrss / 1024.0);
    printf("waits           writer %.2f s for analysis, workers %.2f s for work (wall, summed)\n",
           r.writer_wait, r.worker_wait);
    double tot = 0;
    for (int i = 0; i < SL_STAGE_COUNT; i++)
        tot += r.stage[i];
    for (int i = 0; i < SL_STAGE_COUNT; i++)
        printf("stage %-9s %7.2f s  %5.1f%%\n", sl_stage_name(i), r.stage[i], 100 * r.stage[i] / tot);
    if (db == dbpath) {
        char p[300];
        unlink(dbpath);
        snprintf(p, sizeof p, "%s-wal", dbpath);
        unlink(p);
        snprintf(p, sizeof p, "%s-shm", dbpath);
        unlink(p);
    }
    return rc == SL_OK ? 0 : 1;
}
