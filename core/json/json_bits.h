/* One bit per byte of a 64-byte block, for the scans that walk JSON text
 * without parsing it (json_pos.c's checks, org_index.c's skim): SSE2 is
 * x86-64's baseline, so where it exists (TS_JSON_BITS defined) a block is
 * classified in a few instructions per class instead of a few per byte.
 * Elsewhere the callers keep their byte loops. */
#ifndef TS_JSON_BITS_H
#define TS_JSON_BITS_H

#include <stdint.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define TS_JSON_BITS 1
#define TS_JSON_BLOCK 64

/* The sign bits of four 16-byte comparisons, as 64 bits (byte i, bit i). */
static inline uint64_t ts_json_bits4(__m128i m0, __m128i m1, __m128i m2, __m128i m3)
{
    return (uint64_t)(uint16_t)_mm_movemask_epi8(m0)
           | (uint64_t)(uint16_t)_mm_movemask_epi8(m1) << 16
           | (uint64_t)(uint16_t)_mm_movemask_epi8(m2) << 32
           | (uint64_t)(uint16_t)_mm_movemask_epi8(m3) << 48;
}

static inline __m128i ts_json_lane(const unsigned char *s)
{
    return _mm_loadu_si128((const __m128i *)(const void *)s);
}

/* The bytes of the 64 at s that equal c. */
static inline uint64_t ts_json_bits_eq(const unsigned char *s, char c)
{
    const __m128i k = _mm_set1_epi8(c);

    return ts_json_bits4(_mm_cmpeq_epi8(ts_json_lane(s), k),
                         _mm_cmpeq_epi8(ts_json_lane(s + 16), k),
                         _mm_cmpeq_epi8(ts_json_lane(s + 32), k),
                         _mm_cmpeq_epi8(ts_json_lane(s + 48), k));
}

/* The brackets among the 64 bytes at s: '{' and '[' (opens), '}' and ']'
 * (closes); a bracket is one of those with 0x20 set. */
static inline uint64_t ts_json_bits_folded(const unsigned char *s, char c)
{
    const __m128i k = _mm_set1_epi8(c), f = _mm_set1_epi8(0x20);

    return ts_json_bits4(_mm_cmpeq_epi8(_mm_or_si128(ts_json_lane(s), f), k),
                         _mm_cmpeq_epi8(_mm_or_si128(ts_json_lane(s + 16), f), k),
                         _mm_cmpeq_epi8(_mm_or_si128(ts_json_lane(s + 32), f), k),
                         _mm_cmpeq_epi8(_mm_or_si128(ts_json_lane(s + 48), f), k));
}
#endif

/* Bit i set when an odd number of the bits 0..i of x are: with x the
 * quotes of a block without escapes, each opening quote and the inside of
 * its string. */
static inline uint64_t ts_json_prefix_xor(uint64_t x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

#endif
