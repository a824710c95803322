#include "json/json_parse.h"
#include "json/json_bits.h"

#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/utf8.h"

/* Every function returns GIVE_UP when the text is not something it is
 * sure of; nothing is reported, the slow path says what is wrong. */
#define GIVE_UP (-1)

struct parser {
    const unsigned char *s; /* the text, s[len] == '\0' */
    size_t len, i;
    /* Where the line of s[i] starts, and how many of its bytes before i
     * are not UTF-16 units of their own (the tails of multi-byte
     * characters): a column is then a subtraction. */
    size_t line_start, wide;
    uint32_t line;
    int depth;
    char *top, *end;        /* the free part of the current block */
    const struct ts_json_parse_mem *mem;
    struct ts_json_pos *pos;
    const cJSON **nodes;    /* the container of each mark */
    size_t alloc;           /* marks and nodes allocated */
};

/* ---- memory ---------------------------------------------------------- */

/* n bytes from a new block (the old one's rest is left unused). */
static void *take_block(struct parser *p, size_t n)
{
    size_t size = 0;
    char *b = p->mem->block(p->mem->ctx, n, &size);

    if (!b)
        return NULL;
    p->top = b + n;
    p->end = b + size;
    return b;
}

/* n bytes for a string: packed, as the arena packs cJSON's. */
static inline char *take(struct parser *p, size_t n)
{
    char *r = p->top;

    if ((size_t)(p->end - p->top) < n)
        return take_block(p, n);
    p->top += n;
    return r;
}

/* A zeroed node, 8-byte aligned, as cJSON_New_Item's. */
static inline cJSON *new_node(struct parser *p)
{
    uintptr_t at = ((uintptr_t)p->top + 7) & ~(uintptr_t)7;
    cJSON *n;

    if (at > (uintptr_t)p->end || (uintptr_t)p->end - at < sizeof(cJSON)) {
        n = take_block(p, sizeof(cJSON));
        if (!n)
            return NULL;
    } else {
        n = (cJSON *)at;
        p->top = (char *)(at + sizeof(cJSON));
    }
    memset(n, 0, sizeof(*n));
    return n;
}

/* ---- positions ------------------------------------------------------- */

static inline void newline(struct parser *p)
{
    p->line++;
    p->line_start = p->i;
    p->wide = 0;
}

/* Index of the first byte from i that is not a space: a line's
 * indentation, 16 bytes at a time where there are 16. */
static inline size_t skip_indent(const unsigned char *s, size_t i, size_t len)
{
#ifdef TS_JSON_BITS
    while (len - i >= 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(ts_json_lane(s + i),
                                                                _mm_set1_epi8(' ')));
        if (m != 0xFFFF)
            return i + (unsigned)__builtin_ctz(~m);
        i += 16;
    }
#endif
    while (s[i] == ' ')
        i++;
    return i;
}

/* Skips what JSON allows between tokens.  cJSON skips every byte up to
 * 32; the others (NUL among them) are the slow path's to judge. */
static inline void skip_space(struct parser *p)
{
    const unsigned char *s = p->s;

    for (;;) {
        unsigned char c = s[p->i];
        if (c == ' ' || c == '\t') {
            p->i++;
        } else if (c == '\n') {
            p->i++;
            newline(p);
            p->i = skip_indent(s, p->i, p->len);
        } else if (c == '\r') {
            p->i += 1 + (s[p->i + 1] == '\n'); /* CRLF is one line break */
            newline(p);
        } else {
            return;
        }
    }
}

/* The mark of the container node whose bracket is at p->i. */
static int push_mark(struct parser *p, const cJSON *node)
{
    struct ts_json_pos *pos = p->pos;
    struct ts_json_mark *m;

    if (pos->count == p->alloc) {
        p->alloc = p->alloc ? p->alloc * 2 : 256;
        pos->marks = ts_xrealloc(pos->marks, p->alloc * sizeof(*pos->marks));
        p->nodes = ts_xrealloc(p->nodes, p->alloc * sizeof(*p->nodes));
    }
    m = &pos->marks[pos->count];
    m->offset = p->i;
    m->line = p->line;
    m->column = (uint32_t)(p->i - p->line_start - p->wide + 1);
    p->nodes[pos->count++] = node;
    return 0;
}

/* ---- strings --------------------------------------------------------- */

/* Index of the first byte from i that is not plain inside a string: a
 * quote, a backslash, a byte below 0x20 (the NUL at len among them) or
 * above 0x7F. */
static inline size_t skip_plain(const unsigned char *s, size_t i, size_t len)
{
#ifdef TS_JSON_BITS
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                  space = _mm_set1_epi8(0x20);

    while (len - i >= 16) {
        const __m128i v = ts_json_lane(s + i);
        /* Signed: bytes above 0x7F are below 0x20 too. */
        const __m128i odd = _mm_or_si128(_mm_cmplt_epi8(v, space),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                      _mm_cmpeq_epi8(v, bslash)));
        unsigned m = (unsigned)_mm_movemask_epi8(odd);
        if (m)
            return i + (unsigned)__builtin_ctz(m);
        i += 16;
    }
#endif
    while (s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
        i++;
    return i;
}

/* The value of 4 hex digits at h, or -1.  Stops at the first non-digit,
 * so it never reads past the text's NUL. */
static long hex4(const unsigned char *h)
{
    long v = 0;

    for (int k = 0; k < 4; k++) {
        unsigned c = h[k], d;
        if (c - '0' < 10)
            d = c - '0';
        else if ((c | 0x20) - 'a' < 6)
            d = (c | 0x20) - 'a' + 10;
        else
            return -1;
        v = v * 16 + (long)d;
    }
    return v;
}

/* The code point of the \u escape at s (backslash first) and its length
 * in the text (6, or 12 for a surrogate pair), or GIVE_UP where cJSON
 * would fail or read it differently than JSON does: a lone or reversed
 * surrogate, \u0000 (the scan refuses it: it would cut the string). */
static int unicode_escape(const unsigned char *s, unsigned long *cp)
{
    long first = hex4(s + 2), second;

    if (first <= 0 || (first >= 0xDC00 && first <= 0xDFFF))
        return GIVE_UP;
    if (first < 0xD800 || first > 0xDBFF) {
        *cp = (unsigned long)first;
        return 6;
    }
    if (s[6] != '\\' || s[7] != 'u')
        return GIVE_UP;
    second = hex4(s + 8);
    if (second < 0xDC00 || second > 0xDFFF)
        return GIVE_UP;
    *cp = 0x10000 + (((unsigned long)(first & 0x3FF) << 10) | (unsigned long)(second & 0x3FF));
    return 12;
}

/* Length in the text of the escape at s (backslash first), or GIVE_UP for
 * one cJSON does not decode. */
static int escape_len(const unsigned char *s)
{
    unsigned long cp;

    switch (s[1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        return 2;
    case 'u':
        return unicode_escape(s, &cp);
    default:
        return GIVE_UP;
    }
}

/* Writes code point cp as UTF-8 at out; returns the bytes written. */
static size_t put_utf8(unsigned char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the n text bytes at s (a string's inside, its escapes already
 * checked) to out, as cJSON's parse_string; returns the bytes written. */
static size_t decode(const unsigned char *s, size_t n, unsigned char *out)
{
    static const char simple[128] = {['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b',
                                     ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t'};
    size_t o = 0;
    unsigned long cp;

    for (size_t i = 0; i < n;) {
        if (s[i] != '\\') {
            out[o++] = s[i++];
        } else if (s[i + 1] != 'u') {
            out[o++] = (unsigned char)simple[s[i + 1]];
            i += 2;
        } else {
            i += (size_t)unicode_escape(s + i, &cp);
            o += put_utf8(out + o, cp);
        }
    }
    return o;
}

/* The string whose opening quote is at p->i, copied (decoded) to memory
 * from p; p->i moves past its closing quote.  *n gets its length. */
static char *parse_string(struct parser *p, size_t *n)
{
    const unsigned char *s = p->s;
    size_t from = p->i + 1, i = from, escapes = 0;
    char *out;
    int step;

    for (;;) {
        i = skip_plain(s, i, p->len);
        if (s[i] == '"')
            break;
        if (s[i] == '\\') {
            if ((step = escape_len(s + i)) == GIVE_UP)
                return NULL;
            escapes += step == 12 ? 2 : 1;
            i += (size_t)step;
        } else if (s[i] >= 0x80 && (step = (int)ts_utf8_seq_len(s + i, p->len - i)) > 0) {
            p->wide += (size_t)(step == 4 ? 2 : step - 1);
            i += (size_t)step;
        } else {
            return NULL; /* a control byte, invalid UTF-8, the end */
        }
    }
    /* cJSON's size: the text less one byte per escape, and the NUL. */
    out = take(p, i - from - escapes + 1);
    if (!out)
        return NULL;
    if (escapes) {
        *n = decode(s + from, i - from, (unsigned char *)out);
    } else {
        *n = i - from;
        memcpy(out, s + from, *n);
    }
    out[*n] = '\0';
    p->i = i + 1;
    return out;
}

/* A member name: its string, then the copy the tree keeps (mem->name). */
static int parse_name(struct parser *p, cJSON *node)
{
    size_t n;
    char *name = parse_string(p, &n);
    const char *kept;

    if (!name)
        return GIVE_UP;
    kept = p->mem->name(p->mem->ctx, name, n);
    if (kept != name)
        p->top = name; /* the latest allocation: take it back */
    node->string = (char *)kept;
    return 0;
}

/* ---- numbers --------------------------------------------------------- */

static inline size_t skip_digits(const unsigned char *s, size_t i)
{
    while ((unsigned)(s[i] - '0') < 10)
        i++;
    return i;
}

/* cJSON's conversion: the number's characters, '.' as the locale's
 * decimal point, through strtod; GIVE_UP where strtod would stop early. */
static int number_by_strtod(const unsigned char *s, size_t n, double *d)
{
    char buf[64], *end = NULL;
    const struct lconv *lc = localeconv();
    char point = lc && lc->decimal_point ? lc->decimal_point[0] : '.';

    if (n >= sizeof(buf))
        return GIVE_UP; /* cJSON would read only the first 63 */
    for (size_t k = 0; k < n; k++)
        buf[k] = s[k] == '.' ? point : (char)s[k];
    buf[n] = '\0';
    *d = strtod(buf, &end);
    return end == buf + n ? 0 : GIVE_UP;
}

/* A number in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
 * Up to 15 digits with no fraction or exponent a double holds exactly, so
 * they are summed here; the rest go through strtod as in cJSON. */
static int parse_number(struct parser *p, cJSON *node)
{
    const unsigned char *s = p->s;
    size_t start = p->i, i = start + (s[start] == '-'), digits_from = i;
    int plain = 1;
    double d;

    if (s[i] == '0')
        i++;
    else if ((unsigned)(s[i] - '1') < 9)
        i = skip_digits(s, i);
    else
        return GIVE_UP;
    if (s[i] == '.') {
        plain = 0;
        if (skip_digits(s, i + 1) == i + 1)
            return GIVE_UP;
        i = skip_digits(s, i + 1);
    }
    if ((s[i] | 0x20) == 'e') {
        plain = 0;
        i += 1 + (s[i + 1] == '+' || s[i + 1] == '-');
        if (skip_digits(s, i) == i)
            return GIVE_UP;
        i = skip_digits(s, i);
    }
    if (plain && i - digits_from <= 15) {
        uint64_t v = 0;
        for (size_t k = digits_from; k < i; k++)
            v = v * 10 + (uint64_t)(s[k] - '0');
        d = s[start] == '-' ? -(double)v : (double)v; /* "-0" is -0.0, as strtod's */
    } else if (number_by_strtod(s + start, i - start, &d) < 0) {
        return GIVE_UP;
    }
    node->type = cJSON_Number;
    node->valuedouble = d;
    /* cJSON's saturation. */
    if (d >= INT_MAX)
        node->valueint = INT_MAX;
    else if (d <= (double)INT_MIN)
        node->valueint = INT_MIN;
    else
        node->valueint = (int)d;
    p->i = i;
    return 0;
}

/* ---- values ---------------------------------------------------------- */

static int parse_value(struct parser *p, cJSON *node);

/* After a container's opening bracket: its mark, one level deeper. */
static int open_container(struct parser *p, cJSON *node, int type)
{
    if (++p->depth > TS_JSON_MAX_DEPTH)
        return GIVE_UP;
    node->type = type;
    push_mark(p, node);
    p->i++;
    skip_space(p);
    return 0;
}

/* Links child after *last (cJSON's order: next forward, prev back, and
 * the head's prev at the last child once the container is done). */
static inline void append(cJSON *parent, cJSON **last, cJSON *child)
{
    if (*last) {
        (*last)->next = child;
        child->prev = *last;
    } else {
        parent->child = child;
    }
    *last = child;
}

/* After a value in a container: a comma (1), its closing byte (0, moved
 * past) or anything else (GIVE_UP). */
static inline int next_item(struct parser *p, unsigned char close)
{
    skip_space(p);
    if (p->s[p->i] == ',') {
        p->i++;
        skip_space(p);
        return 1;
    }
    if (p->s[p->i] != close)
        return GIVE_UP;
    p->i++;
    return 0;
}

static int parse_array(struct parser *p, cJSON *node)
{
    cJSON *last = NULL;
    int more = 1;

    if (open_container(p, node, cJSON_Array) < 0)
        return GIVE_UP;
    if (p->s[p->i] == ']') {
        p->i++;
        more = 0;
    }
    while (more) {
        cJSON *child = new_node(p);
        if (!child)
            return GIVE_UP;
        append(node, &last, child);
        if (parse_value(p, child) < 0 || (more = next_item(p, ']')) < 0)
            return GIVE_UP;
    }
    if (node->child)
        node->child->prev = last;
    p->depth--;
    return 0;
}

static int parse_object(struct parser *p, cJSON *node)
{
    cJSON *last = NULL;
    int more = 1;

    if (open_container(p, node, cJSON_Object) < 0)
        return GIVE_UP;
    if (p->s[p->i] == '}') {
        p->i++;
        more = 0;
    }
    while (more) {
        cJSON *child;
        if (p->s[p->i] != '"' || !(child = new_node(p)))
            return GIVE_UP;
        append(node, &last, child);
        if (parse_name(p, child) < 0)
            return GIVE_UP;
        skip_space(p);
        if (p->s[p->i] != ':')
            return GIVE_UP;
        p->i++;
        skip_space(p);
        if (parse_value(p, child) < 0 || (more = next_item(p, '}')) < 0)
            return GIVE_UP;
    }
    if (node->child)
        node->child->prev = last;
    p->depth--;
    return 0;
}

/* true, false, null: word at p->i (strncmp stops at the text's NUL). */
static int parse_word(struct parser *p, cJSON *node, const char *word, int type)
{
    size_t n = strlen(word);

    if (strncmp((const char *)p->s + p->i, word, n) != 0)
        return GIVE_UP;
    node->type = type;
    node->valueint = type == cJSON_True;
    p->i += n;
    return 0;
}

static int parse_value(struct parser *p, cJSON *node)
{
    size_t n;

    switch (p->s[p->i]) {
    case '"':
        node->valuestring = parse_string(p, &n);
        node->type = cJSON_String;
        return node->valuestring ? 0 : GIVE_UP;
    case '{':
        return parse_object(p, node);
    case '[':
        return parse_array(p, node);
    case 't':
        return parse_word(p, node, "true", cJSON_True);
    case 'f':
        return parse_word(p, node, "false", cJSON_False);
    case 'n':
        return parse_word(p, node, "null", cJSON_NULL);
    default:
        return parse_number(p, node);
    }
}

cJSON *ts_json_parse(const char *text, size_t len, const struct ts_json_parse_mem *mem,
                     struct ts_json_pos *pos)
{
    struct parser p = {(const unsigned char *)text, len, 0, 0, 0, 1, 0, NULL, NULL, mem, pos,
                       NULL, 0};
    cJSON *root;

    ts_json_pos_release(pos);
    if (!take_block(&p, 0))
        return NULL;
    skip_space(&p);
    root = new_node(&p);
    if (!root || parse_value(&p, root) < 0)
        goto give_up;
    skip_space(&p);
    if (p.i != len || ts_json_pos_index(pos, p.nodes) < 0)
        goto give_up;
    free(p.nodes);
    return root;
give_up:
    free(p.nodes);
    ts_json_pos_release(pos);
    return NULL;
}
