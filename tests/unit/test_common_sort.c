/* The integer sorts against qsort: sizes on both sides of the 8-bit /
 * 11-bit switch of the radix sort and of the bucket path's limits (full
 * 32-bit keys take the bucket path up to 131,072 keys), keys with equal
 * digits (passes that move nothing), skewed keys and many repeats (the
 * bucket path gives way to the radix sort), extremes. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"

static int cmp32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t rng(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 17;
}

Test(common_sort, radix_u32_matches_qsort)
{
    static const size_t sizes[] = {0, 1, 2, 3, 17, 255, 256, 1000, 4096, 65536, 65537, 131072, 131073, 200000};
    static const uint32_t masks[] = {0xFFFFFFFFu, 0xFFu, 0xFF00u, 0xFFFF0000u, 0xFFF00000u, 0x80000001u, 0x7u, 0u};
    uint64_t seed = 7;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
        for (size_t mi = 0; mi < sizeof masks / sizeof masks[0]; mi++) {
            size_t n = sizes[si];
            uint32_t *a = malloc((n + 1) * sizeof *a), *tmp = malloc((n + 1) * sizeof *a),
                     *want = malloc((n + 1) * sizeof *a);
            for (size_t i = 0; i < n; i++)
                a[i] = want[i] = (uint32_t)rng(&seed) & masks[mi];
            if (n > 2)
                a[0] = want[0] = 0, a[n - 1] = want[n - 1] = masks[mi];
            qsort(want, n, sizeof *want, cmp32);
            sl_radix_u32(a, tmp, n);
            cr_expect(n == 0 || memcmp(a, want, n * sizeof *a) == 0, "n %zu mask %08x", n, masks[mi]);
            free(a);
            free(tmp);
            free(want);
        }
}
