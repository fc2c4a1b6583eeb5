/* Sketch blobs: round trip, parameter mismatch, and clean failure on every
 * truncation, on bit flips and on garbage. Blobs are copied into exact-size
 * heap buffers so any over-read shows under ASan. */
#include <criterion/criterion.h>

#include "sketch_testutil.h"

static sl_sketch_params P;
static sl_sketcher *SK;

static void setup(void)
{
    sl_sketch_params_default(&P);
    cr_assert_eq(sl_sketcher_new(&SK, &P), SL_SKETCH_OK);
}

static void teardown(void)
{
    sl_sketcher_free(SK);
}

static uint8_t *encode(const sl_sketch *s, size_t *len)
{
    size_t need = sl_sketch_encoded_size(s), got = 0;
    uint8_t *buf = sl_malloc(need);
    cr_assert_eq(sl_sketch_encode(buf, need, &got, s), SL_SKETCH_OK);
    cr_assert_eq(got, need);
    *len = need;
    return buf;
}

static void assert_same(const sl_sketch *a, const sl_sketch *b)
{
    cr_assert_eq(a->k, b->k);
    cr_assert_eq(a->perms, b->perms);
    cr_assert_eq(a->method, b->method);
    cr_assert_eq(a->w, b->w);
    cr_assert_eq(a->seed, b->seed);
    cr_assert_eq(a->ntokens, b->ntokens);
    cr_assert_eq(a->nshingles, b->nshingles);
    cr_assert_eq(a->sig.n, b->sig.n);
    cr_assert_arr_eq(a->sig.v, b->sig.v, a->sig.n * sizeof *a->sig.v);
    cr_assert_eq(a->fps.n, b->fps.n);
    for (size_t i = 0; i < a->fps.n; i++) {
        cr_assert_eq(a->fps.v[i].hash, b->fps.v[i].hash);
        cr_assert_eq(a->fps.v[i].pos, b->fps.v[i].pos);
    }
}

static const size_t sizes[] = {0, 1, 4, 5, 17, 1000, 30000};

Test(sketch_codec, round_trip_sizes, .init = setup, .fini = teardown)
{
    uint64_t rng = 3;
    for (size_t c = 0; c < SL_ARRAY_LEN(sizes); c++) {
        uint64_t *tok = tu_tokens(sizes[c], 3000, &rng);
        sl_sketch s = {0}, d = {0};
        cr_assert_eq(sl_sketcher_run(SK, &s, NULL, NULL, tok, sizes[c]), SL_SKETCH_OK);
        size_t len;
        uint8_t *blob = encode(&s, &len);
        sl_sketch_params found;
        cr_assert_eq(sl_sketch_decode(&d, &found, blob, len, &P), SL_SKETCH_OK, "n=%zu", sizes[c]);
        assert_same(&s, &d);
        cr_assert_eq(found.k, P.k);
        if (sizes[c] == 1000)
            cr_expect_lt(len, 2200, "blob of a 1,000-token article: %zu bytes", len);
        /* the decoded sketch gives the same band keys */
        uint64_t k1[64], k2[64];
        size_t n1, n2;
        cr_assert_eq(sl_sketch_band_keys(k1, &n1, &s, &P), SL_SKETCH_OK);
        cr_assert_eq(sl_sketch_band_keys(k2, &n2, &d, &P), SL_SKETCH_OK);
        cr_assert_eq(n1, sizes[c] ? 21u : 0u);
        cr_assert_eq(n1, n2);
        cr_assert_arr_eq(k1, k2, n1 * sizeof *k1);
        sl_free(blob);
        sl_free(tok);
        sl_sketch_free(&s);
        sl_sketch_free(&d);
    }
}

Test(sketch_codec, encode_reports_size_when_buffer_small, .init = setup, .fini = teardown)
{
    uint64_t rng = 4, *tok = tu_tokens(100, 100, &rng);
    sl_sketch s = {0};
    sl_sketcher_run(SK, &s, NULL, NULL, tok, 100);
    uint8_t small[8];
    size_t len = 0;
    cr_assert_eq(sl_sketch_encode(small, sizeof small, &len, &s), SL_SKETCH_EINVAL);
    cr_assert_eq(len, sl_sketch_encoded_size(&s));
    sl_free(tok);
    sl_sketch_free(&s);
}

static const struct { const char *name; double value; const char *msg; } mismatch_cases[] = {
    {"k", 7, "built with k=5, opened with k=7"},
    {"perms", 64, "built with perms=128, opened with perms=64"},
    {"method", 1, "built with method=0, opened with method=1"},
    {"w", 20, "built with w=16, opened with w=20"},
    {"seed", 2, "built with seed=1, opened with seed=2"},
};

Test(sketch_codec, other_parameters_give_eparams, .init = setup, .fini = teardown)
{
    uint64_t rng = 5, *tok = tu_tokens(300, 1000, &rng);
    sl_sketch s = {0}, d = {0};
    sl_sketcher_run(SK, &s, NULL, NULL, tok, 300);
    size_t len;
    uint8_t *blob = encode(&s, &len);
    for (size_t c = 0; c < SL_ARRAY_LEN(mismatch_cases); c++) {
        sl_sketch_params other = P, found;
        cr_assert_eq(sl_sketch_param_set(&other, mismatch_cases[c].name, mismatch_cases[c].value), 0);
        cr_assert_eq(sl_sketch_decode(&d, &found, blob, len, &other), SL_SKETCH_EPARAMS, "%s",
                     mismatch_cases[c].name);
        char msg[128];
        cr_assert_eq(sl_sketch_params_mismatch(&found, &other, msg, sizeof msg), 1);
        cr_assert_str_eq(msg, mismatch_cases[c].msg);
    }
    /* thresholds are not format parameters */
    sl_sketch_params other = P;
    other.near = 0.9, other.reuse = 0.3, other.min_shared = 5;
    cr_assert_eq(sl_sketch_decode(&d, NULL, blob, len, &other), SL_SKETCH_OK);
    cr_assert_eq(sl_sketch_decode(&d, NULL, blob, len, NULL), SL_SKETCH_OK, "no expectation");
    sl_free(blob);
    sl_free(tok);
    sl_sketch_free(&s);
    sl_sketch_free(&d);
}

Test(sketch_codec, every_truncation_fails_cleanly, .init = setup, .fini = teardown)
{
    uint64_t rng = 6, *tok = tu_tokens(400, 1000, &rng);
    sl_sketch s = {0}, d = {0};
    sl_sketcher_run(SK, &s, NULL, NULL, tok, 400);
    size_t len;
    uint8_t *blob = encode(&s, &len);
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *b = sl_malloc(cut ? cut : 1);
        memcpy(b, blob, cut);
        int rc = sl_sketch_decode(&d, NULL, b, cut, &P);
        cr_assert(rc == SL_SKETCH_ECORRUPT, "cut at %zu gave %d", cut, rc);
        sl_free(b);
    }
    sl_free(blob);
    sl_free(tok);
    sl_sketch_free(&s);
    sl_sketch_free(&d);
}

Test(sketch_codec, bit_flips_and_garbage_fail, .init = setup, .fini = teardown)
{
    uint64_t rng = 7, *tok = tu_tokens(200, 1000, &rng);
    sl_sketch s = {0}, d = {0};
    sl_sketcher_run(SK, &s, NULL, NULL, tok, 200);
    size_t len;
    uint8_t *blob = encode(&s, &len);
    for (size_t i = 0; i < len; i++) {
        uint8_t *b = sl_malloc(len);
        memcpy(b, blob, len);
        b[i] ^= (uint8_t)(1u << (i % 8));
        int rc = sl_sketch_decode(&d, NULL, b, len, &P);
        cr_assert(rc == SL_SKETCH_ECORRUPT || (i == 0 && rc == SL_SKETCH_EVERSION),
                  "flip at %zu gave %d", i, rc);
        sl_free(b);
    }
    for (int t = 0; t < 2000; t++) {
        size_t n = tu_rand(&rng) % 600;
        uint8_t *b = sl_malloc(n + 1);
        for (size_t i = 0; i < n; i++)
            b[i] = (uint8_t)tu_rand(&rng);
        if (n)
            b[0] = 1; /* get past the version check */
        int rc = sl_sketch_decode(&d, NULL, b, n, NULL);
        cr_assert(rc == SL_SKETCH_ECORRUPT, "garbage of %zu bytes gave %d", n, rc);
        sl_free(b);
    }
    sl_free(blob);
    sl_free(tok);
    sl_sketch_free(&s);
    sl_sketch_free(&d);
}

Test(sketch_codec, unknown_version, .init = setup, .fini = teardown)
{
    uint8_t b[64] = {2};
    sl_sketch d = {0};
    cr_assert_eq(sl_sketch_decode(&d, NULL, b, sizeof b, &P), SL_SKETCH_EVERSION);
    b[0] = 0;
    cr_assert_eq(sl_sketch_decode(&d, NULL, b, sizeof b, &P), SL_SKETCH_EVERSION);
    cr_assert_eq(sl_sketch_decode(&d, NULL, NULL, 0, &P), SL_SKETCH_ECORRUPT);
    cr_assert_str_eq(sl_sketch_strerror(SL_SKETCH_EPARAMS), "sketch made with other parameters");
}

/* A well-formed blob (valid checksum) whose counts lie must still fail. */
Test(sketch_codec, lying_counts_with_valid_checksum, .init = setup, .fini = teardown)
{
    uint8_t b[64] = {1, 5, 0, 0, 128, 0, 16, 0, 1, 0, 0, 0, 0, 0, 0, 0,
                     /* ntok */ 3, /* nsh */ 1, /* nfp: huge varint */ 0xff, 0xff, 0xff, 0xff, 0x0f};
    size_t len = 23 + 8;
    uint64_t h = sl_hash64(b, len - 4);
    for (int i = 0; i < 4; i++)
        b[len - 4 + (size_t)i] = (uint8_t)(h >> (8 * i));
    sl_sketch d = {0};
    cr_assert_eq(sl_sketch_decode(&d, NULL, b, len, &P), SL_SKETCH_ECORRUPT);
    sl_sketch_free(&d);
}
