#include "json/json_pos.h"
#include "json/json_bits.h"

#include <stdlib.h>
#include <string.h>

void ts_json_pos_init(struct ts_json_pos *pos)
{
    memset(pos, 0, sizeof(*pos));
}

void ts_json_pos_release(struct ts_json_pos *pos)
{
    free(pos->marks);
    free(pos->keys);
    free(pos->vals);
    ts_json_pos_init(pos);
}

/* Walks the text one character at a time keeping line and column. */
struct cursor {
    const unsigned char *s;
    size_t len, off;
    uint32_t line, column;
};

/* Advances past one character; returns its byte length or 0 if invalid. */
static size_t cursor_step(struct cursor *c)
{
    unsigned char ch = c->s[c->off];
    size_t n;

    if (ch == '\n' || ch == '\r') {
        /* CRLF is one line break. */
        if (ch == '\r' && c->off + 1 < c->len && c->s[c->off + 1] == '\n')
            c->off++;
        c->off++;
        c->line++;
        c->column = 1;
        return 1;
    }
    n = ts_utf8_seq_len(c->s + c->off, c->len - c->off);
    if (n == 0)
        return 0;
    c->off += n;
    c->column += n == 4 ? 2 : 1; /* astral characters are two UTF-16 units */
    return n;
}

static int push_mark(struct ts_json_pos *pos, size_t *alloc, const struct cursor *c)
{
    if (pos->count == *alloc) {
        *alloc = *alloc ? *alloc * 2 : 256;
        pos->marks = ts_xrealloc(pos->marks, *alloc * sizeof(*pos->marks));
    }
    pos->marks[pos->count].offset = c->off;
    pos->marks[pos->count].line = c->line;
    pos->marks[pos->count].column = c->column;
    pos->count++;
    return 0;
}

/* Byte classes for the scan's fast paths. */
enum { C_PLAIN, C_NUM, C_QUOTE, C_BACKSLASH, C_OPEN, C_CLOSE, C_LF, C_CR, C_NUL, C_HIGH,
       C_CTRL };

/* Classes of ASCII bytes; every byte >= 0x80 is C_HIGH.  A literal table:
 * nothing to initialise, safe to share between threads.  C_NUM (what a
 * number can start with, and '+' and '.' that cannot) is plain inside
 * strings. */
#define P C_PLAIN
#define N C_NUM
#define Q C_QUOTE
#define B C_BACKSLASH
#define O C_OPEN
#define C C_CLOSE
#define L C_LF
#define R C_CR
#define Z C_NUL
#define T C_CTRL
static const unsigned char ascii_class[128] = {
    Z, T, T, T, T, T, T, T, T, T, L, T, T, R, T, T,
    T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T,
    P, P, Q, P, P, P, P, P, P, P, P, N, P, N, N, P,
    N, N, N, N, N, N, N, N, N, N, P, P, P, P, P, P,
    P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
    P, P, P, P, P, P, P, P, P, P, P, O, B, C, P, P,
    P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
    P, P, P, P, P, P, P, P, P, P, P, O, P, C, P, P,
};
#undef P
#undef N
#undef Q
#undef B
#undef O
#undef C
#undef L
#undef R
#undef Z
#undef T

/* Column (UTF-16 units, 1-based) of offset off on the line starting at
 * line_start: a plain subtraction unless the line has non-ASCII text. */
static uint32_t column_at(const unsigned char *s, size_t line_start, size_t off, int ascii)
{
    uint32_t col = 1;

    if (ascii)
        return (uint32_t)(off - line_start + 1);
    for (size_t i = line_start; i < off;) {
        size_t n = ts_utf8_seq_len(s + i, off - i);
        col += n == 4 ? 2 : 1;
        i += n ? n : 1;
    }
    return col;
}

#define ONES ((uint64_t)0x0101010101010101ull)
#define HIGHS ((uint64_t)0x8080808080808080ull)

/* 1 if none of the 8 bytes at s can end a run of plain string bytes: no
 * quote, backslash, byte below 0x20 or above 0x7F (bit tricks on one word:
 * a byte's high bit is set in the test exactly when it is such a byte, or
 * after one, which only stops the word early). */
static int plain_word(const unsigned char *s)
{
    uint64_t x, q, b;

    memcpy(&x, s, sizeof(x));
    q = x ^ (ONES * '"');
    b = x ^ (ONES * '\\');
    return ((((q - ONES) & ~q) | ((b - ONES) & ~b) | ((x - ONES * 0x20) & ~x) | x) & HIGHS)
           == 0;
}

/* Index of the first byte from i that ends a run of plain string bytes. */
static size_t skip_plain(const unsigned char *s, size_t i, size_t len)
{
    while (len - i >= 8 && plain_word(s + i))
        i += 8;
    while (i < len && s[i] < 0x80 && ascii_class[s[i]] <= C_NUM)
        i++;
    return i;
}

/* Index of the first byte from i, outside strings, that the scan must
 * look at: a quote, bracket, number, line break, NUL or non-ASCII byte (words of
 * indentation first).  A backslash outside a string is cJSON's to refuse. */
static size_t skip_outside(const unsigned char *s, size_t i, size_t len)
{
    uint64_t x;

    while (len - i >= 8) {
        memcpy(&x, s + i, sizeof(x));
        if (x != ONES * ' ')
            break;
        i += 8;
    }
    while (i < len && s[i] < 0x80 && (ascii_class[s[i]] == C_PLAIN
                                      || ascii_class[s[i]] == C_CTRL
                                      || ascii_class[s[i]] == C_BACKSLASH))
        i++;
    return i;
}

/* cJSON takes raw control characters (line breaks too) inside a string;
 * JSON, jq and Python do not: what tools would read differently is
 * refused. */
static int control_in_string(struct ts_error *err, uint32_t line, uint32_t column,
                             unsigned char c)
{
    return ts_error_set_at(err, NULL, line, column, "control character U+%04X inside a string"
                           " (JSON needs it escaped, as \\u%04X)", c, c);
}

/* Bytes that would continue a number token: what cJSON hands strtod, and
 * letters ("0x10", "1f"). */
static int number_like(unsigned char c)
{
    return c < 0x80 && (ascii_class[c] == C_NUM || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
}

/* Index of the first byte from j that is not a digit. */
static size_t skip_digits(const unsigned char *s, size_t j, size_t len)
{
    while (j < len && (unsigned)(s[j] - '0') <= 9)
        j++;
    return j;
}

/* Index just past the number at i, or (size_t)-1 if it is outside JSON's
 * grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? (RFC 8259).
 * cJSON leaves numbers to strtod, which also takes "01", "1." and "-.5";
 * other tools read those differently or not at all.  After a leading 0 a
 * digit is refused by the last test, as is anything number-like. */
static size_t number_end(const unsigned char *s, size_t i, size_t len)
{
    size_t j = i + (s[i] == '-'), k;

    if (j >= len || (unsigned)(s[j] - '0') > 9)
        return (size_t)-1;
    j = s[j] == '0' ? j + 1 : skip_digits(s, j, len);
    if (j < len && s[j] == '.') {
        k = skip_digits(s, j + 1, len);
        if (k == j + 1)
            return (size_t)-1;
        j = k;
    }
    if (j < len && (s[j] | 0x20) == 'e') {
        j++;
        if (j < len && (s[j] == '+' || s[j] == '-'))
            j++;
        k = skip_digits(s, j, len);
        if (k == j)
            return (size_t)-1;
        j = k;
    }
    /* Nothing number-like may follow ("01", "1.5.2", "0x10"). */
    if (j < len && number_like(s[j]))
        return (size_t)-1;
    return j;
}

static int bad_number(struct ts_error *err, const unsigned char *s, size_t i, size_t len,
                      uint32_t line, uint32_t column)
{
    size_t n = 0;

    while (n < 24 && i + n < len && number_like(s[i + n]))
        n++;
    return ts_error_set_at(err, NULL, line, column, "invalid number '%.*s' (JSON has no leading"
                           " zeros, no leading '+' or '.', and digits after '.' and 'e')",
                           (int)n, (const char *)s + i);
}

/* An escaped NUL (backslash, u0000): cJSON ends the string there, so an
 * account id "123456789012" followed by it and "zz" would read as
 * "123456789012" where other tools see more. */
static int is_escaped_nul(const unsigned char *s, size_t i, size_t len)
{
    return len - i >= 6 && s[i + 1] == 'u' && !memcmp(s + i + 2, "0000", 4);
}

/* How the scan takes blocks: not at all, 16-byte lanes, or the widest
 * lanes this CPU has. */
enum { BY_BYTES, BY_LANES, BY_WIDEST };

/* ---- 64 bytes at a time ---------------------------------------------------
 * Most of a snapshot is plain ASCII with no escapes: there a block of 64
 * bytes is classified with SSE2 (x86-64's baseline) into one bit per byte
 * and per class, the bytes inside strings found by a prefix XOR of the
 * quotes, lines counted from the LF bits, and only the brackets and numbers
 * outside strings visited one by one.  Any block with a backslash, a byte
 * above 0x7F, a control byte other than LF (CR and tab included), or an LF
 * inside a string is left to the byte loop below, which reports problems:
 * the two give the same marks and the same verdicts (tests/unit/test_json_pos
 * compares them). */
#ifdef TS_JSON_BITS
#define POS_BLOCKS 1
#define BLOCK TS_JSON_BLOCK

/* What the byte loop carries from one byte to the next. */
struct scan_state {
    size_t line_start;
    uint32_t line;
    int in_string, depth, ascii;
};

struct block_masks {
    uint64_t quote, lf, open, close, num;
    int odd;            /* a byte the block path leaves to the byte loop */
};

static struct block_masks block_classify(const unsigned char *s)
{
    const __m128i quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'),
                  c1f = _mm_set1_epi8(0x1F), fold = _mm_set1_epi8(0x20),
                  open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}'),
                  plus = _mm_set1_epi8('+'), span = _mm_set1_epi8('9' - '+'),
                  comma = _mm_set1_epi8(','), slash = _mm_set1_epi8('/'),
                  bslash = _mm_set1_epi8('\\');
    struct block_masks m = {0, 0, 0, 0, 0, 0};
    __m128i odd = _mm_setzero_si128();

#pragma GCC unroll 4
    for (int k = 0; k < BLOCK / 16; k++) {
        const __m128i v = ts_json_lane(s + 16 * k);
        const __m128i folded = _mm_or_si128(v, fold); /* [ -> {, ] -> } */
        const __m128i t = _mm_sub_epi8(v, plus);
        const __m128i is_lf = _mm_cmpeq_epi8(v, lf);
        const __m128i ctrl = _mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v);
        /* '+' .. '9' without ',' and '/': the bytes a number starts with. */
        const __m128i num = _mm_andnot_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, slash)),
            _mm_cmpeq_epi8(_mm_min_epu8(t, span), t));
        const int at = 16 * k;

        /* A backslash, a byte above 0x7F (its sign bit), a control byte
         * other than LF. */
        odd = _mm_or_si128(odd, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, bslash), v),
                                             _mm_andnot_si128(is_lf, ctrl)));
        m.quote |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) << at;
        m.lf |= (uint64_t)(uint16_t)_mm_movemask_epi8(is_lf) << at;
        m.open |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(folded, open)) << at;
        m.close |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(folded, close)) << at;
        m.num |= (uint64_t)(uint16_t)_mm_movemask_epi8(num) << at;
    }
    m.odd = _mm_movemask_epi8(odd) != 0;
    return m;
}

/* The same masks from two 32-byte lanes, where the CPU has AVX2 (most
 * x86-64 CPUs made since 2013): half the instructions of four 16-byte
 * lanes, for the pass over every byte of every snapshot.  Chosen at run
 * time (block_scanner), so the binary still runs on any x86-64. */
#if defined(__x86_64__) && (defined(__clang__) || __GNUC__ >= 5)
#include <immintrin.h>
#define POS_WIDE 1

__attribute__((target("avx2"))) static inline struct block_masks
block_classify_wide(const unsigned char *s)
{
    const __m256i quote = _mm256_set1_epi8('"'), lf = _mm256_set1_epi8('\n'),
                  c1f = _mm256_set1_epi8(0x1F), fold = _mm256_set1_epi8(0x20),
                  open = _mm256_set1_epi8('{'), close = _mm256_set1_epi8('}'),
                  plus = _mm256_set1_epi8('+'), span = _mm256_set1_epi8('9' - '+'),
                  comma = _mm256_set1_epi8(','), slash = _mm256_set1_epi8('/'),
                  bslash = _mm256_set1_epi8('\\');
    struct block_masks m = {0, 0, 0, 0, 0, 0};
    __m256i odd = _mm256_setzero_si256();

    for (int k = 0; k < BLOCK / 32; k++) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s + 32 * k));
        const __m256i folded = _mm256_or_si256(v, fold);
        const __m256i t = _mm256_sub_epi8(v, plus);
        const __m256i is_lf = _mm256_cmpeq_epi8(v, lf);
        const __m256i ctrl = _mm256_cmpeq_epi8(_mm256_min_epu8(v, c1f), v);
        const __m256i num = _mm256_andnot_si256(
            _mm256_or_si256(_mm256_cmpeq_epi8(v, comma), _mm256_cmpeq_epi8(v, slash)),
            _mm256_cmpeq_epi8(_mm256_min_epu8(t, span), t));
        const int at = 32 * k;

        odd = _mm256_or_si256(odd, _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, bslash),
                                                                    v),
                                                   _mm256_andnot_si256(is_lf, ctrl)));
        m.quote |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, quote)) << at;
        m.lf |= (uint64_t)(uint32_t)_mm256_movemask_epi8(is_lf) << at;
        m.open |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(folded, open)) << at;
        m.close |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(folded, close))
                   << at;
        m.num |= (uint64_t)(uint32_t)_mm256_movemask_epi8(num) << at;
    }
    m.odd = _mm256_movemask_epi8(odd) != 0;
    return m;
}
#endif

/* The numbers outside strings among num (bits of the block at base): each
 * checked as the byte loop does.  Returns the offset past the last one
 * (base + 64 if none runs past the block), or (size_t)-1 if one is bad. */
static size_t block_numbers(const unsigned char *s, size_t base, size_t len, uint64_t num)
{
    size_t end = base + BLOCK;

    while (num) {
        size_t at = base + (size_t)__builtin_ctzll(num), e = number_end(s, at, len);
        if (e == (size_t)-1)
            return (size_t)-1;
        if (e - base >= BLOCK)
            return e > end ? e : end;
        num &= ~(uint64_t)0 << (e - base); /* the rest of this number */
    }
    return end;
}

/* Marks the opening brackets among brackets (outside strings, of the
 * block at base whose LF bits are lf) and counts the depth; -1 past the
 * depth limit (err set). */
static int block_brackets(struct scan_state *st, struct ts_json_pos *pos, size_t *alloc,
                          const unsigned char *s, size_t base, size_t len, uint64_t brackets,
                          uint64_t opens, uint64_t lf, struct ts_error *err)
{
    while (brackets) {
        unsigned b = (unsigned)__builtin_ctzll(brackets);
        uint64_t lf_below = lf & (((uint64_t)1 << b) - 1);
        size_t at = base + b, start;
        struct cursor c;

        brackets &= brackets - 1;
        if (!(opens >> b & 1)) {
            if (st->depth > 0)
                st->depth--;
            continue;
        }
        start = lf_below ? base + 64 - (size_t)__builtin_clzll(lf_below) : st->line_start;
        c = (struct cursor){s, len, at, st->line + ts_json_count_bits(lf_below),
                            column_at(s, start, at, lf_below ? 1 : st->ascii)};
        if (++st->depth > TS_JSON_MAX_DEPTH)
            return ts_error_set_at(err, NULL, c.line, c.column,
                                   "nesting deeper than %d levels", TS_JSON_MAX_DEPTH);
        push_mark(pos, alloc, &c);
    }
    return 0;
}

/* Scans blocks of 64 bytes from *i while the block path may (see above),
 * moving *i past them, classifying them with AVX2 if wide.  Returns 0 when
 * the byte loop is to go on from *i (whose next 64 bytes it must take, if
 * there are 64), -1 on a problem (err).  Inlined into one function per
 * width. */
static inline __attribute__((always_inline)) int
scan_blocks_as(struct scan_state *st, struct ts_json_pos *pos, size_t *alloc,
               const unsigned char *s, size_t *i, size_t len, struct ts_error *err, int wide)
{
    while (len - *i >= BLOCK) {
        size_t base = *i, end;
        struct block_masks m;
#ifdef POS_WIDE
        if (wide)
            m = block_classify_wide(s + base);
        else
#endif
            m = block_classify(s + base);
        uint64_t inside;

        if (m.odd)
            return 0;
        inside = ts_json_prefix_xor(m.quote) ^ (st->in_string ? ~(uint64_t)0 : 0);
        if (m.lf & inside)
            return 0; /* a raw LF inside a string: the byte loop says so */
        end = block_numbers(s, base, len, m.num & ~inside);
        if (end == (size_t)-1)
            return 0;
        if ((m.open | m.close) & ~inside
            && block_brackets(st, pos, alloc, s, base, len, (m.open | m.close) & ~inside,
                              m.open, m.lf, err) < 0)
            return -1;
        if (m.lf) {
            st->line += ts_json_count_bits(m.lf);
            st->line_start = base + 64 - (size_t)__builtin_clzll(m.lf);
            st->ascii = 1;
        }
        st->in_string = (int)(inside >> 63);
        *i = end;
    }
    (void)wide;
    return 0;
}

static int scan_blocks(struct scan_state *st, struct ts_json_pos *pos, size_t *alloc,
                       const unsigned char *s, size_t *i, size_t len, struct ts_error *err)
{
    return scan_blocks_as(st, pos, alloc, s, i, len, err, 0);
}

#ifdef POS_WIDE
__attribute__((target("avx2"))) static int
scan_blocks_wide(struct scan_state *st, struct ts_json_pos *pos, size_t *alloc,
                 const unsigned char *s, size_t *i, size_t len, struct ts_error *err)
{
    return scan_blocks_as(st, pos, alloc, s, i, len, err, 1);
}
#endif

typedef int block_scan_fn(struct scan_state *st, struct ts_json_pos *pos, size_t *alloc,
                          const unsigned char *s, size_t *i, size_t len, struct ts_error *err);

/* The block scanner for how (NULL: the byte loop alone). */
static block_scan_fn *block_scanner(int how)
{
#ifdef POS_WIDE
    if (how == BY_WIDEST && __builtin_cpu_supports("avx2"))
        return scan_blocks_wide;
#endif
    return how == BY_BYTES ? NULL : scan_blocks;
}
#endif

/* The scan, taking blocks as how says (BY_BYTES: the byte loop alone). */
static int scan(struct ts_json_pos *pos, const char *text, size_t len, struct ts_error *err,
                int how)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t alloc = 0, i = 0, line_start = 0;
#ifdef POS_BLOCKS
    size_t bytes_from = 0; /* the byte loop's until here */
    block_scan_fn *blocks = block_scanner(how);
#endif
    uint32_t line = 1;
    int in_string = 0, depth = 0, ascii = 1;

    ts_json_pos_release(pos);
    while (i < len) {
        unsigned char cls;
        size_t n;

#ifdef POS_BLOCKS
        if (blocks && i >= bytes_from && len - i >= BLOCK) {
            struct scan_state st = {line_start, line, in_string, depth, ascii};
            size_t from = i;
            if (blocks(&st, pos, &alloc, s, &i, len, err) < 0)
                return -1;
            line_start = st.line_start;
            line = st.line;
            in_string = st.in_string;
            depth = st.depth;
            ascii = st.ascii;
            if (i != from)
                continue;
            bytes_from = i + BLOCK; /* this block is the byte loop's */
        }
#endif

        /* Fast paths: the runs of plain bytes inside strings and of
         * indentation outside them are most of a snapshot. */
        i = in_string ? skip_plain(s, i, len) : skip_outside(s, i, len);
        if (i == len)
            break;
        cls = s[i] >= 0x80 ? C_HIGH : ascii_class[s[i]];

        switch (cls) {
        case C_CTRL: /* outside strings: a tab, or cJSON's to refuse */
            if (in_string)
                return control_in_string(err, line, column_at(s, line_start, i, ascii), s[i]);
            /* fall through */
        case C_PLAIN:
            i++;
            continue;
        case C_NUM: { /* outside strings: skip_plain takes them inside */
            size_t end = number_end(s, i, len);
            if (end == (size_t)-1)
                return bad_number(err, s, i, len, line, column_at(s, line_start, i, ascii));
            i = end;
            continue;
        }
        case C_QUOTE:
            in_string = !in_string;
            i++;
            continue;
        case C_BACKSLASH:
            /* An escape: skip the escaped byte if it is ASCII (a quote or
             * backslash must not end the string). */
            if (in_string && is_escaped_nul(s, i, len))
                return ts_error_set_at(err, NULL, line, column_at(s, line_start, i, ascii),
                                       "\\u0000 (NUL) inside a string: trailscan refuses"
                                       " it, as it would cut the string short");
            i += in_string && i + 1 < len && s[i + 1] < 0x80 && s[i + 1] != '\0' ? 2 : 1;
            continue;
        case C_OPEN:
            if (!in_string) {
                struct cursor c = {s, len, i, line, column_at(s, line_start, i, ascii)};
                if (++depth > TS_JSON_MAX_DEPTH)
                    return ts_error_set_at(err, NULL, c.line, c.column,
                                           "nesting deeper than %d levels", TS_JSON_MAX_DEPTH);
                push_mark(pos, &alloc, &c);
            }
            i++;
            continue;
        case C_CLOSE:
            if (!in_string && depth > 0)
                depth--;
            i++;
            continue;
        case C_CR:
            if (in_string)
                return control_in_string(err, line, column_at(s, line_start, i, ascii), s[i]);
            if (i + 1 < len && s[i + 1] == '\n')
                i++; /* CRLF is one line break */
            /* fall through */
        case C_LF:
            if (in_string)
                return control_in_string(err, line, column_at(s, line_start, i, ascii), s[i]);
            i++;
            line++;
            line_start = i;
            ascii = 1;
            continue;
        case C_NUL:
            return ts_error_set_at(err, NULL, line, column_at(s, line_start, i, ascii),
                                   "NUL byte in JSON text (is this a binary file?)");
        default: /* C_HIGH */
            n = ts_utf8_seq_len(s + i, len - i);
            if (n == 0)
                return ts_error_set_at(err, NULL, line, column_at(s, line_start, i, ascii),
                                       "invalid UTF-8 (byte 0x%02X)", s[i]);
            ascii = 0;
            i += n;
        }
    }
    pos->unclosed = in_string || depth > 0;
    (void)how;
    return 0;
}

int ts_json_pos_scan(struct ts_json_pos *pos, const char *text, size_t len,
                     struct ts_error *err)
{
    return scan(pos, text, len, err, BY_WIDEST);
}

int ts_json_pos_scan_lanes(struct ts_json_pos *pos, const char *text, size_t len,
                           struct ts_error *err)
{
    return scan(pos, text, len, err, BY_LANES);
}

int ts_json_pos_scan_bytes(struct ts_json_pos *pos, const char *text, size_t len,
                           struct ts_error *err)
{
    return scan(pos, text, len, err, BY_BYTES);
}

static size_t hash_ptr(const void *p, size_t cap)
{
    uintptr_t x = (uintptr_t)p >> 4;
    x *= (uintptr_t)0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 7) & (cap - 1);
}

static void map_put(struct ts_json_pos *pos, const cJSON *node, uint32_t idx)
{
    size_t i = hash_ptr(node, pos->cap);

    while (pos->keys[i])
        i = (i + 1) & (pos->cap - 1);
    pos->keys[i] = node;
    pos->vals[i] = idx;
}

/* Whether node is an object or an array (cJSON_IsObject || cJSON_IsArray,
 * without two library calls for each of a snapshot's values). */
static int container(const cJSON *node)
{
    return node && ((node->type & 0xFF) == cJSON_Object || (node->type & 0xFF) == cJSON_Array);
}

/* Pre-order walk of containers without recursion depth concerns: nesting
 * is capped at TS_JSON_MAX_DEPTH by the scan, so recursion is bounded. */
static int bind_walk(struct ts_json_pos *pos, const cJSON *node, size_t *next)
{
    const cJSON *child;

    if (*next >= pos->count)
        return -1;
    map_put(pos, node, (uint32_t)(*next)++);
    cJSON_ArrayForEach(child, node)
        if (container(child) && bind_walk(pos, child, next) < 0)
            return -1;
    return 0;
}

/* An empty map with room for every mark, at most half full. */
static int alloc_map(struct ts_json_pos *pos)
{
    pos->cap = 16;
    while (pos->cap < pos->count * 2)
        pos->cap *= 2;
    pos->keys = calloc(pos->cap, sizeof(*pos->keys));
    pos->vals = calloc(pos->cap, sizeof(*pos->vals));
    return pos->keys && pos->vals ? 0 : -1;
}

int ts_json_pos_bind(struct ts_json_pos *pos, const cJSON *root)
{
    size_t next = 0;

    if (alloc_map(pos) < 0)
        return -1;
    if ((container(root) && bind_walk(pos, root, &next) < 0) || next != pos->count)
        return -1;
    return 0;
}

int ts_json_pos_index(struct ts_json_pos *pos, const cJSON *const *nodes)
{
    if (alloc_map(pos) < 0)
        return -1;
    for (size_t i = 0; i < pos->count; i++)
        map_put(pos, nodes[i], (uint32_t)i);
    return 0;
}

const struct ts_json_mark *ts_json_pos_of(const struct ts_json_pos *pos,
                                          const cJSON *node)
{
    size_t i;

    if (!pos->cap || !node)
        return NULL;
    for (i = hash_ptr(node, pos->cap); pos->keys[i]; i = (i + 1) & (pos->cap - 1))
        if (pos->keys[i] == node)
            return &pos->marks[pos->vals[i]];
    return NULL;
}

void ts_json_line_col(const char *text, size_t len, size_t offset,
                      uint32_t *line, uint32_t *column)
{
    static const struct ts_json_mark start = {0, 1, 1};

    ts_json_line_col_from(text, len, &start, offset, line, column);
}

void ts_json_line_col_from(const char *text, size_t len, const struct ts_json_mark *from,
                           size_t offset, uint32_t *line, uint32_t *column)
{
    struct cursor c = {(const unsigned char *)text, len, from->offset, from->line, from->column};

    if (from->offset > offset || from->offset > len)
        c = (struct cursor){(const unsigned char *)text, len, 0, 1, 1};
    if (offset > len)
        offset = len;
    while (c.off < offset)
        if (cursor_step(&c) == 0) {
            c.off++; /* invalid bytes were reported earlier; count one column */
            c.column++;
        }
    *line = c.line;
    *column = c.column;
}

size_t ts_json_find_member(const char *t, size_t len, size_t off, const char *key)
{
    size_t klen = strlen(key);
    int depth = 0, expect_key = 0;

    for (size_t i = off; i < len; i++) {
        char c = t[i];
        if (c == '"') {
            size_t start = i++;
            while (i < len && t[i] != '"')
                i += t[i] == '\\' ? 2 : 1;
            if (depth == 1 && expect_key && i - start - 1 == klen
                && memcmp(t + start + 1, key, klen) == 0)
                return start;
            expect_key = 0;
        } else if (c == '{' || c == '[') {
            depth++;
            expect_key = c == '{' && depth == 1;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                break;
        } else if (c == ',' && depth == 1) {
            expect_key = 1;
        }
    }
    return (size_t)-1;
}

int ts_json_pos_where(const struct ts_json_pos *pos, const char *json, size_t jlen,
                      const cJSON *obj, const char *key, unsigned *line, unsigned *column)
{
    const struct ts_json_mark *m = ts_json_pos_of(pos, obj);
    size_t at;
    uint32_t l, c;

    if (!m)
        return -1;
    *line = m->line;
    *column = m->column;
    at = key ? ts_json_find_member(json, jlen, m->offset, key) : (size_t)-1;
    if (at == (size_t)-1)
        return 0;
    ts_json_line_col_from(json, jlen, m, at, &l, &c);
    *line = l;
    *column = c;
    return 0;
}
