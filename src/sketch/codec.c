/*
 * codec.c - the sketch blob: what the store saves per article.
 *
 * Design note. Layout (version 1), little-endian, see sketch.h:
 *
 *   +----+---+------+-----+-------+-----+------+--------+--------+------+
 *   | v1 | k |method|flags| perms |  w  | seed |varints | sig    | fps  | check
 *   | u8 |u8 |  u8  | u8  |  u16  | u16 | u64  |ntok,nsh,nfp| u32×perms|...| u32
 *   +----+---+------+-----+-------+-----+------+--------+--------+------+
 *
 * Fingerprints come in increasing position (sl_winnow's order), stored as
 * varint deltas + raw 64-bit hashes (they are index keys; truncating them
 * would raise false matches). The trailing check (XXH3 low 32 bits) makes
 * garbage and bit flips fail as SL_SKETCH_ECORRUPT instead of decoding to a
 * plausible wrong sketch. Decoding reads through a bounds-checked cursor;
 * every count is checked against the bytes remaining before anything is
 * allocated, so a hostile blob cannot make us allocate more than ~its size.
 * Format parameters are compared only after the blob is known intact, so a
 * mismatch is reported as EPARAMS, never confused with corruption.
 */
#include "sketch/sketch.h"

#include "common/common.h"

#include <string.h>
#include <xxhash.h>

#define BLOB_VERSION 1
#define HEADER_SIZE 16

/* ======================================================================
 * Writing
 * ====================================================================== */

static size_t varint_size(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80)
        v >>= 7, n++;
    return n;
}

static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

static uint8_t *put_le(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        *p++ = (uint8_t)(v >> (8 * i));
    return p;
}

size_t sl_sketch_encoded_size(const sl_sketch *s)
{
    size_t n = HEADER_SIZE + varint_size(s->ntokens) + varint_size(s->nshingles) +
               varint_size(s->fps.n) + 4 * s->sig.n + 4;
    uint32_t prev = 0;
    for (size_t i = 0; i < s->fps.n; i++) {
        n += varint_size(s->fps.v[i].pos - prev) + 8;
        prev = s->fps.v[i].pos;
    }
    return n;
}

static int encodable(const sl_sketch *s)
{
    if (s->k < 1 || s->k > 255 || s->method < 0 || s->method > 255 || s->perms < 1 ||
        s->perms > 65535 || s->w < 1 || s->w > 65535 || s->sig.n != (size_t)s->perms)
        return 0;
    for (size_t i = 1; i < s->fps.n; i++)
        if (s->fps.v[i].pos < s->fps.v[i - 1].pos)
            return 0;
    return 1;
}

int sl_sketch_encode(uint8_t *buf, size_t cap, size_t *len, const sl_sketch *s)
{
    if (!encodable(s))
        return SL_SKETCH_EINVAL;
    *len = sl_sketch_encoded_size(s);
    if (cap < *len || !buf)
        return SL_SKETCH_EINVAL;
    uint8_t *p = buf;
    *p++ = BLOB_VERSION;
    *p++ = (uint8_t)s->k;
    *p++ = (uint8_t)s->method;
    *p++ = 0;
    p = put_le(p, (uint64_t)s->perms, 2);
    p = put_le(p, (uint64_t)s->w, 2);
    p = put_le(p, s->seed, 8);
    p = put_varint(p, s->ntokens);
    p = put_varint(p, s->nshingles);
    p = put_varint(p, s->fps.n);
    for (size_t i = 0; i < s->sig.n; i++)
        p = put_le(p, s->sig.v[i], 4);
    uint32_t prev = 0;
    for (size_t i = 0; i < s->fps.n; i++) {
        p = put_varint(p, s->fps.v[i].pos - prev);
        p = put_le(p, s->fps.v[i].hash, 8);
        prev = s->fps.v[i].pos;
    }
    p = put_le(p, (uint32_t)XXH3_64bits(buf, (size_t)(p - buf)), 4);
    return SL_SKETCH_OK;
}

/* ======================================================================
 * Reading
 * ====================================================================== */

typedef struct cursor {
    const uint8_t *p, *end;
    int bad;            /* set once any read ran past the end */
} cursor;

static uint64_t get_le(cursor *c, int bytes)
{
    uint64_t v = 0;
    if (c->end - c->p < bytes) {
        c->bad = 1;
        return 0;
    }
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)c->p[i] << (8 * i);
    c->p += bytes;
    return v;
}

static uint64_t get_varint(cursor *c)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (c->p >= c->end)
            break;
        uint8_t b = *c->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    c->bad = 1;
    return 0;
}

static void read_header(cursor *c, sl_sketch_params *f)
{
    sl_sketch_params_default(f);
    f->k = (int)get_le(c, 1);
    f->method = (int)get_le(c, 1);
    (void)get_le(c, 1); /* flags */
    f->perms = (int)get_le(c, 2);
    f->w = (int)get_le(c, 2);
    f->seed = get_le(c, 8);
}

static int same_format(const sl_sketch_params *a, const sl_sketch_params *b)
{
    return a->k == b->k && a->perms == b->perms && a->method == b->method && a->w == b->w &&
           a->seed == b->seed;
}

static int read_body(sl_sketch *out, cursor *c, const sl_sketch_params *f)
{
    uint64_t ntok = get_varint(c), nsh = get_varint(c), nfp = get_varint(c);
    size_t left = (size_t)(c->end - c->p);
    if (c->bad || f->perms < 1 || (uint64_t)f->perms * 4 > left || nfp > (left - 4 * (size_t)f->perms) / 9)
        return SL_SKETCH_ECORRUPT;
    out->sig.n = out->fps.n = 0;
    if (SL_VEC_GROW(&out->sig, (size_t)f->perms) || SL_VEC_GROW(&out->fps, (size_t)nfp))
        return SL_SKETCH_ENOMEM;
    for (int i = 0; i < f->perms; i++)
        out->sig.v[i] = (uint32_t)get_le(c, 4);
    uint64_t pos = 0;
    for (uint64_t i = 0; i < nfp && !c->bad; i++) {
        pos += get_varint(c);
        out->fps.v[i].hash = get_le(c, 8);
        out->fps.v[i].pos = (uint32_t)pos;
        if (pos > UINT32_MAX)
            c->bad = 1;
    }
    if (c->bad || c->p != c->end)
        return SL_SKETCH_ECORRUPT;
    out->sig.n = (size_t)f->perms;
    out->fps.n = (size_t)nfp;
    out->k = f->k, out->perms = f->perms, out->method = f->method, out->w = f->w;
    out->seed = f->seed;
    out->ntokens = ntok, out->nshingles = nsh;
    return SL_SKETCH_OK;
}

int sl_sketch_decode(sl_sketch *out, sl_sketch_params *found, const uint8_t *blob,
                     size_t len, const sl_sketch_params *expect)
{
    sl_sketch_params f;
    if (!blob || len < 1)
        return SL_SKETCH_ECORRUPT;
    if (blob[0] != BLOB_VERSION)
        return SL_SKETCH_EVERSION;
    if (len < HEADER_SIZE + 3 + 4)
        return SL_SKETCH_ECORRUPT;
    cursor c = {blob + 1, blob + len - 4, 0};
    read_header(&c, &f);
    if (found)
        *found = f;
    uint32_t check = (uint32_t)blob[len - 4] | (uint32_t)blob[len - 3] << 8 |
                     (uint32_t)blob[len - 2] << 16 | (uint32_t)blob[len - 1] << 24;
    if (check != (uint32_t)XXH3_64bits(blob, len - 4))
        return SL_SKETCH_ECORRUPT;
    if (expect && !same_format(&f, expect))
        return SL_SKETCH_EPARAMS;
    return read_body(out, &c, &f);
}
