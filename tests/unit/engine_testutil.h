/* Temporary database files for the engine tests: a fresh path (the file
 * itself removed, so the engine creates it) and the removal of the file with
 * its WAL and shared-memory companions. */
#ifndef SL_ENGINE_TESTUTIL_H
#define SL_ENGINE_TESTUTIL_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* path: a writable "/tmp/NAME_XXXXXX" template, filled in place. */
static inline void temp_db(char *path)
{
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0, "mkstemp %s", path);
    close(fd);
    unlink(path);
}

static inline void remove_db(const char *path)
{
    char p[512];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

#endif
