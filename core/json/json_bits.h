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

static inline __m128i ts_json_lane(const unsigned char *s)
{
    return _mm_loadu_si128((const __m128i *)(const void *)s);
}

/* The masks a walk over strings and brackets needs, of the 64 bytes at s:
 * quotes, backslashes, opening brackets ('{', '[') and closing ones. */
struct ts_json_bits_brackets {
    uint64_t quote, bslash, open, close;
};

static inline struct ts_json_bits_brackets ts_json_bits_brackets(const unsigned char *s)
{
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                  fold = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{'),
                  close = _mm_set1_epi8('}');
    struct ts_json_bits_brackets m = {0, 0, 0, 0};

#pragma GCC unroll 4
    for (int k = 0; k < TS_JSON_BLOCK / 16; k++) {
        const __m128i v = ts_json_lane(s + 16 * k);
        const __m128i folded = _mm_or_si128(v, fold); /* [ -> {, ] -> } */
        const int at = 16 * k;

        m.quote |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) << at;
        m.bslash |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, bslash)) << at;
        m.open |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(folded, open)) << at;
        m.close |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(folded, close)) << at;
    }
    return m;
}

/* The same masks from two 32-byte lanes where the CPU has AVX2 (chosen at
 * run time by the caller, with __builtin_cpu_supports, so the binary still
 * runs on any x86-64): a third of the instructions. */
#if defined(__x86_64__) && (defined(__clang__) || __GNUC__ >= 5)
#include <immintrin.h>
#define TS_JSON_BITS_WIDE 1

__attribute__((target("avx2"))) static inline struct ts_json_bits_brackets
ts_json_bits_brackets_wide(const unsigned char *s)
{
    const __m256i quote = _mm256_set1_epi8('"'), bslash = _mm256_set1_epi8('\\'),
                  fold = _mm256_set1_epi8(0x20), open = _mm256_set1_epi8('{'),
                  close = _mm256_set1_epi8('}');
    const __m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)s);
    const __m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)(s + 32));
    const __m256i flo = _mm256_or_si256(lo, fold), fhi = _mm256_or_si256(hi, fold);
    struct ts_json_bits_brackets m;

#define TS_JSON_MASK64(a, b) \
    ((uint64_t)(uint32_t)_mm256_movemask_epi8(a) | (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32)
    m.quote = TS_JSON_MASK64(_mm256_cmpeq_epi8(lo, quote), _mm256_cmpeq_epi8(hi, quote));
    m.bslash = TS_JSON_MASK64(_mm256_cmpeq_epi8(lo, bslash), _mm256_cmpeq_epi8(hi, bslash));
    m.open = TS_JSON_MASK64(_mm256_cmpeq_epi8(flo, open), _mm256_cmpeq_epi8(fhi, open));
    m.close = TS_JSON_MASK64(_mm256_cmpeq_epi8(flo, close), _mm256_cmpeq_epi8(fhi, close));
#undef TS_JSON_MASK64
    return m;
}
#endif

#endif

/* Bits set in x (x86-64's baseline has no popcount instruction, and
 * __builtin_popcountll is a library call without one). */
static inline unsigned ts_json_count_bits(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ull;
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

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
