/* The report printer (json_print.c) writes exactly cJSON_Print's bytes:
 * compared on fixed edge cases and on thousands of random trees, at depth
 * 0 and deeper (cJSON's text with depth tabs after each line break). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "test.h"
#include "json/json_print.h"

/* cJSON_Print(item), each line after the first depth tabs further in. */
static char *cjson_at(const cJSON *item, size_t depth)
{
    char *text = cJSON_Print(item), *out, *o;
    size_t lines = 0;

    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    out = o = malloc(strlen(text) + lines * depth + 1);
    for (const char *p = text; *p; p++) {
        *o++ = *p;
        if (*p == '\n')
            for (size_t d = 0; d < depth; d++)
                *o++ = '\t';
    }
    *o = '\0';
    cJSON_free(text);
    return out;
}

static int same_at(const cJSON *item, size_t depth)
{
    struct ts_json_buf b = {NULL, 0, 0};
    char *want = cjson_at(item, depth);
    int same = ts_json_print(&b, item, depth) == 0 && strcmp(want, b.text) == 0
               && b.len == strlen(want);

    if (!same)
        fprintf(stderr, "depth %zu\n--- cJSON\n%s\n--- ts_json_print\n%s\n", depth, want,
                b.text ? b.text : "(null)");
    free(want);
    free(b.text);
    return same;
}

static const double numbers[] = {
    0, 1, -1, 12, 365, 1e14, 999999999999999.0, 1e15, 1e16, -1e15, 123456789012345678.0,
    0.5, -0.25, 0.1, 1.0 / 3, 2.5e-7, 1e300, -1e-300, DBL_MAX, DBL_MIN, 4294967296.0,
    2147483647.0, 2147483648.0, -2147483649.0, 9007199254740993.0, 3.14159265358979};

static void edge_cases(void)
{
    cJSON *o = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(o, "numbers");

    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
        cJSON_AddItemToArray(list, cJSON_CreateNumber(numbers[i]));
    cJSON_AddItemToArray(list, cJSON_CreateNumber(-0.0));
    cJSON_AddItemToArray(list, cJSON_CreateNumber(NAN));
    cJSON_AddItemToArray(list, cJSON_CreateNumber(INFINITY));
    cJSON_AddStringToObject(o, "escapes", "q\" b\\ \b\f\n\r\t \x01\x1f\x7f é 日本語 </script>");
    cJSON_AddStringToObject(o, "", "empty key");
    cJSON_AddStringToObject(o, "tab\tkey", "");
    cJSON_AddItemToObject(o, "raw", cJSON_CreateRaw("{\"pre\": 1}"));
    cJSON_AddNullToObject(o, "null");
    cJSON_AddTrueToObject(o, "yes");
    cJSON_AddFalseToObject(o, "no");
    cJSON_AddObjectToObject(o, "empty object");
    cJSON_AddArrayToObject(o, "empty array");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "objects in an array"), cJSON_CreateObject());
    cJSON_AddItemToArray(cJSON_GetObjectItem(o, "objects in an array"),
                         cJSON_Parse("{\"a\": [[], [{}], {\"b\": [1, \"x\"]}]}"));
    for (size_t d = 0; d < 4; d++)
        ASSERT(same_at(o, d));
    cJSON_Delete(o);
}

/* Strings the printer scans eight bytes at a time: each byte to escape at
 * every offset of a long string, beside plain ASCII and UTF-8 bytes (a
 * borrow from one byte must not hide or invent another). */
static void escapes_at_every_offset(void)
{
    static const char special[] = {'"', '\\', '\n', '\t', 1, 0x1f, ' ', '!', '#', '[', ']'};
    static const char fill[] = {'a', (char)0xc3, (char)0xa9, ' ', '~', (char)0x80, (char)0xff};

    for (size_t f = 0; f < sizeof(fill); f++)
        for (size_t c = 0; c < sizeof(special); c++)
            for (size_t at = 0; at < 40; at++) {
                char text[41];
                cJSON *o = cJSON_CreateObject();
                memset(text, fill[f], 40);
                text[40] = '\0';
                text[at] = special[c];
                cJSON_AddStringToObject(o, text, text);
                ASSERT(same_at(o, 1));
                cJSON_Delete(o);
            }
}

/* A small deterministic generator (the test must not vary run to run). */
static unsigned long long seed = 88172645463325252ULL;

static unsigned next(unsigned n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)(seed % n);
}

static char *random_text(char *buf, size_t cap)
{
    static const char pool[] = "aZ09 \"\\/\b\f\n\r\t\x01\x1f{}[]:,\xc3\xa9\xe6\x97\xa5";
    size_t n = next((unsigned)cap);

    for (size_t i = 0; i < n; i++)
        buf[i] = pool[next(sizeof(pool) - 1)];
    buf[n] = '\0';
    return buf;
}

static cJSON *random_value(int depth)
{
    char text[24];
    unsigned kind = next(depth > 4 ? 6 : 8);

    switch (kind) {
    case 0: return cJSON_CreateNull();
    case 1: return cJSON_CreateBool(next(2));
    case 2: return cJSON_CreateNumber((double)(int)next(100000) - 50000);
    case 3: return cJSON_CreateNumber(numbers[next(sizeof(numbers) / sizeof(numbers[0]))]
                                      * (next(2) ? 1 : -1) / (1 + next(7)));
    case 4: case 5: return cJSON_CreateString(random_text(text, sizeof(text)));
    case 6: {
        cJSON *a = cJSON_CreateArray();
        for (unsigned i = next(4); i > 0; i--)
            cJSON_AddItemToArray(a, random_value(depth + 1));
        return a;
    }
    default: {
        cJSON *o = cJSON_CreateObject();
        for (unsigned i = next(5); i > 0; i--)
            cJSON_AddItemToObject(o, random_text(text, 8), random_value(depth + 1));
        return o;
    }
    }
}

static void random_trees(void)
{
    for (int i = 0; i < 3000; i++) {
        cJSON *o = cJSON_CreateObject();
        for (unsigned m = next(6); m > 0; m--) {
            char key[8];
            cJSON_AddItemToObject(o, random_text(key, sizeof(key)), random_value(1));
        }
        ASSERT(same_at(o, (size_t)next(4)));
        cJSON_Delete(o);
    }
}

/* Describes item to the writer call by call (null, booleans and raw
 * items as trees). */
static void walk(struct ts_json_w *w, const cJSON *item)
{
    const cJSON *c;

    switch (item->type & 0xFF) {
    case cJSON_String: ts_json_w_string(w, item->valuestring); break;
    case cJSON_Number: ts_json_w_number(w, item->valuedouble); break;
    case cJSON_Array:
        ts_json_w_array(w);
        cJSON_ArrayForEach(c, item) walk(w, c);
        ts_json_w_end(w);
        break;
    case cJSON_Object:
        ts_json_w_object(w);
        cJSON_ArrayForEach(c, item) {
            ts_json_w_key(w, c->string);
            walk(w, c);
        }
        ts_json_w_end(w);
        break;
    default: ts_json_w_tree(w, item); break;
    }
}

static int written_same_at(const cJSON *item, size_t depth)
{
    struct ts_json_buf b = {NULL, 0, 0};
    struct ts_json_w w;
    char *want = cjson_at(item, depth);
    int same;

    ts_json_w_start(&w, &b, depth);
    walk(&w, item);
    same = ts_json_w_finish(&w) == 0 && strcmp(want, b.text) == 0;
    if (!same)
        fprintf(stderr, "depth %zu\n--- cJSON\n%s\n--- written\n%s\n", depth, want,
                b.text ? b.text : "(null)");
    free(want);
    free(b.text);
    return same;
}

static void written_value_by_value(void)
{
    cJSON *fixed = cJSON_Parse("{\"a\": [[], [{}], {\"b\": [1, \"x\", null, true]}],"
                               " \"e\": {}, \"n\": -0.5}");

    for (size_t d = 0; d < 3; d++)
        ASSERT(written_same_at(fixed, d));
    cJSON_Delete(fixed);
    for (int i = 0; i < 2000; i++) {
        cJSON *o = random_value(0);
        ASSERT(written_same_at(o, (size_t)next(4)));
        cJSON_Delete(o);
    }
}

/* A key inside an array, an end too many or one missing: refused. */
static void writer_misuse_refused(void)
{
    struct ts_json_buf b = {NULL, 0, 0};
    struct ts_json_w w;

    ts_json_w_start(&w, &b, 0);
    ts_json_w_array(&w);
    ts_json_w_key(&w, "k");
    ts_json_w_end(&w);
    ASSERT_EQ_INT(ts_json_w_finish(&w), -1);
    ts_json_w_start(&w, &b, 0);
    ts_json_w_object(&w);
    ASSERT_EQ_INT(ts_json_w_finish(&w), -1);
    ts_json_w_start(&w, &b, 0);
    ts_json_w_end(&w);
    ASSERT_EQ_INT(ts_json_w_finish(&w), -1);
    ts_json_w_start(&w, &b, 0);
    for (int i = 0; i <= TS_JSON_W_NEST; i++)
        ts_json_w_array(&w);
    ASSERT_EQ_INT(ts_json_w_finish(&w), -1);
    free(b.text);
}

/* What cJSON cannot print, neither can it (a report then fails whole). */
static void refuses_what_cjson_cannot_print(void)
{
    struct ts_json_buf b = {NULL, 0, 0};
    cJSON *raw = cJSON_CreateRaw("x"), *bad = cJSON_CreateObject();

    free(raw->valuestring);
    raw->valuestring = NULL;
    ASSERT(cJSON_Print(raw) == NULL);
    ASSERT_EQ_INT(ts_json_print(&b, raw, 0), -1);
    cJSON_AddItemToObject(bad, "invalid", cJSON_CreateNull());
    cJSON_GetObjectItem(bad, "invalid")->type = cJSON_Invalid;
    ASSERT(cJSON_Print(bad) == NULL);
    b.len = 0;
    ASSERT_EQ_INT(ts_json_print(&b, bad, 0), -1);
    cJSON_Delete(raw);
    cJSON_Delete(bad);
    free(b.text);
}

int main(void)
{
    RUN(edge_cases);
    RUN(escapes_at_every_offset);
    RUN(random_trees);
    RUN(refuses_what_cjson_cannot_print);
    RUN(written_value_by_value);
    RUN(writer_misuse_refused);
    return TEST_EXIT();
}
