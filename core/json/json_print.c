#include "json/json_print.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "util/error.h"

/* Room for n more bytes and the NUL. */
static char *room(struct ts_json_buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->text = ts_xrealloc(b->text, cap);
        b->cap = cap;
    }
    return b->text + b->len;
}

static void put(struct ts_json_buf *b, const char *s, size_t n)
{
    memcpy(room(b, n), s, n);
    b->len += n;
}

static void put_tabs(struct ts_json_buf *b, size_t n)
{
    memset(room(b, n), '\t', n);
    b->len += n;
}

/* Bytes a JSON string cannot hold as they are: control characters, '"'
 * and the backslash. */
static const unsigned char escaped[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

/* cJSON's string escapes: the two-letter ones, \u00XX for other control
 * characters, every other byte as it is (UTF-8 stays raw).  Runs of plain
 * bytes are copied whole. */
static void put_string(struct ts_json_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    put(b, "\"", 1);
    for (;;) {
        size_t plain = 0;
        char esc;

        while (!escaped[p[plain]])
            plain++;
        put(b, (const char *)p, plain);
        p += plain;
        if (!*p)
            break;
        switch (*p) {
        case '"': esc = '"'; break;
        case '\\': esc = '\\'; break;
        case '\b': esc = 'b'; break;
        case '\f': esc = 'f'; break;
        case '\n': esc = 'n'; break;
        case '\r': esc = 'r'; break;
        case '\t': esc = 't'; break;
        default: esc = 0; break;
        }
        if (esc) {
            char two[2] = {'\\', esc};
            put(b, two, 2);
        } else {
            char six[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            put(b, six, 6);
        }
        p++;
    }
    put(b, "\"", 1);
}

/* cJSON's own test: does the 15-digit text give the number back? */
static int same_double(double a, double b)
{
    double most = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

    return fabs(a - b) <= most * DBL_EPSILON;
}

/* "%1.15g", or "%1.17g" when 15 digits lose the number; "null" for NaN
 * and infinities; the locale's decimal point printed as '.'.  A whole
 * number below 1e15 (every count and position a report holds) prints as
 * its digits under "%1.15g", so it skips sprintf. */
static void put_number(struct ts_json_buf *b, double d)
{
    char text[32];
    int n;

    if (isnan(d) || isinf(d)) {
        put(b, "null", 4);
        return;
    }
    if (d == floor(d) && fabs(d) < 1e15 && !(d == 0 && signbit(d))) {
        long long v = (long long)d;
        unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        char *end = text + sizeof(text), *s = end;

        do {
            *--s = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v < 0)
            *--s = '-';
        put(b, s, (size_t)(end - s));
        return;
    }
    n = snprintf(text, sizeof(text), "%1.15g", d);
    {
        double back = 0;
        if (sscanf(text, "%lg", &back) != 1 || !same_double(back, d))
            n = snprintf(text, sizeof(text), "%1.17g", d);
    }
    if (n < 0 || (size_t)n >= sizeof(text))
        n = 0;
    {
        const struct lconv *lc = localeconv();
        char point = lc && lc->decimal_point ? lc->decimal_point[0] : '.';
        for (int i = 0; i < n; i++)
            if (text[i] == point)
                text[i] = '.';
    }
    put(b, text, (size_t)n);
}

static int put_value(struct ts_json_buf *b, const cJSON *item, size_t depth);

/* "[a, b]": items on one line; the depth still grows, as cJSON's does. */
static int put_array(struct ts_json_buf *b, const cJSON *item, size_t depth)
{
    put(b, "[", 1);
    for (const cJSON *c = item->child; c; c = c->next) {
        if (put_value(b, c, depth + 1) < 0)
            return -1;
        if (c->next)
            put(b, ", ", 2);
    }
    put(b, "]", 1);
    return 0;
}

/* "{\n" then each member on its own line, depth + 1 tabs in, as
 * "key":<tab>value, then depth tabs and "}". */
static int put_object(struct ts_json_buf *b, const cJSON *item, size_t depth)
{
    put(b, "{\n", 2);
    for (const cJSON *c = item->child; c; c = c->next) {
        put_tabs(b, depth + 1);
        put_string(b, c->string);
        put(b, ":\t", 2);
        if (put_value(b, c, depth + 1) < 0)
            return -1;
        put(b, c->next ? ",\n" : "\n", c->next ? 2 : 1);
    }
    put_tabs(b, depth);
    put(b, "}", 1);
    return 0;
}

static int put_value(struct ts_json_buf *b, const cJSON *item, size_t depth)
{
    switch (item->type & 0xFF) {
    case cJSON_NULL: put(b, "null", 4); return 0;
    case cJSON_False: put(b, "false", 5); return 0;
    case cJSON_True: put(b, "true", 4); return 0;
    case cJSON_Number: put_number(b, item->valuedouble); return 0;
    case cJSON_Raw:
        if (!item->valuestring)
            return -1;
        put(b, item->valuestring, strlen(item->valuestring));
        return 0;
    case cJSON_String: put_string(b, item->valuestring); return 0;
    case cJSON_Array: return put_array(b, item, depth);
    case cJSON_Object: return put_object(b, item, depth);
    default: return -1;
    }
}

int ts_json_print(struct ts_json_buf *b, const cJSON *item, size_t depth)
{
    int ret = item ? put_value(b, item, depth) : -1;

    room(b, 0)[0] = '\0';
    return ret;
}

/* ---- writing value by value ---------------------------------------------- */

void ts_json_w_start(struct ts_json_w *w, struct ts_json_buf *b, size_t depth)
{
    memset(w, 0, sizeof(*w));
    w->b = b;
    w->depth = depth;
}

/* Before a value: ", " between an array's items. */
static void before_value(struct ts_json_w *w)
{
    if (w->level == 0)
        return;
    if (w->array[w->level - 1]) {
        if (!w->first[w->level - 1])
            put(w->b, ", ", 2);
    }
    w->first[w->level - 1] = 0;
}

static void open_container(struct ts_json_w *w, int array)
{
    before_value(w);
    if (w->level == TS_JSON_W_NEST) {
        w->failed = 1;
        return;
    }
    put(w->b, array ? "[" : "{\n", array ? 1 : 2);
    w->array[w->level] = (unsigned char)array;
    w->first[w->level] = 1;
    w->level++;
    w->depth++;
}

void ts_json_w_object(struct ts_json_w *w)
{
    open_container(w, 0);
}

void ts_json_w_array(struct ts_json_w *w)
{
    open_container(w, 1);
}

/* "]", or the last member's line break, depth tabs and "}". */
void ts_json_w_end(struct ts_json_w *w)
{
    if (w->level == 0) {
        w->failed = 1;
        return;
    }
    w->level--;
    w->depth--;
    if (w->array[w->level]) {
        put(w->b, "]", 1);
        return;
    }
    if (!w->first[w->level])
        put(w->b, "\n", 1);
    put_tabs(w->b, w->depth);
    put(w->b, "}", 1);
}

/* A member's line: the previous one's ",\n", its tabs, "key":<tab>. */
void ts_json_w_key(struct ts_json_w *w, const char *key)
{
    if (w->level == 0 || w->array[w->level - 1]) {
        w->failed = 1;
        return;
    }
    if (!w->first[w->level - 1])
        put(w->b, ",\n", 2);
    w->first[w->level - 1] = 0;
    put_tabs(w->b, w->depth);
    put_string(w->b, key);
    put(w->b, ":\t", 2);
}

void ts_json_w_string(struct ts_json_w *w, const char *s)
{
    before_value(w);
    put_string(w->b, s);
}

void ts_json_w_number(struct ts_json_w *w, double d)
{
    before_value(w);
    put_number(w->b, d);
}

void ts_json_w_null(struct ts_json_w *w)
{
    before_value(w);
    put(w->b, "null", 4);
}

void ts_json_w_text_member(struct ts_json_w *w, const char *key, const char *s)
{
    if (!s)
        return;
    ts_json_w_key(w, key);
    ts_json_w_string(w, s);
}

void ts_json_w_number_member(struct ts_json_w *w, const char *key, double d)
{
    ts_json_w_key(w, key);
    ts_json_w_number(w, d);
}

void ts_json_w_tree(struct ts_json_w *w, const cJSON *item)
{
    before_value(w);
    if (!item || put_value(w->b, item, w->depth) < 0)
        w->failed = 1;
}

int ts_json_w_finish(struct ts_json_w *w)
{
    room(w->b, 0)[0] = '\0';
    return w->failed || w->level ? -1 : 0;
}
