/* Streamed JSON printing: the same bytes as cJSON_Print of the whole
 * document, wherever the streamed array sits, and the gzip size a SARIF
 * upload is warned about. */
#include <stdlib.h>
#include <zlib.h>
#include "test.h"
#include "util/gzip_count.h"
#include "json/json_stream.h"

/* Items like a report's results: nested objects, arrays, escapes. */
static cJSON *make_item(size_t i)
{
    cJSON *o = cJSON_CreateObject(), *loc = cJSON_AddObjectToObject(o, "location");

    cJSON_AddNumberToObject(o, "index", (double)i);
    cJSON_AddStringToObject(o, "message", "a \"quoted\"\tline\nbreak {\n\t\"x\":\t0");
    cJSON_AddNumberToObject(cJSON_AddObjectToObject(loc, "region"), "startLine", (double)i + 1);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "tags"), cJSON_CreateString("t"));
    cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "empty"), cJSON_CreateObject());
    return o;
}

static cJSON *item_fn(void *ctx, size_t i)
{
    (void)ctx;
    return make_item(i);
}

/* A document with the streamed array `depth` objects deep, and members
 * before and after it.  *slot is that array, empty. */
static cJSON *make_doc(int depth, cJSON **slot)
{
    cJSON *doc = cJSON_CreateObject(), *o = doc;

    cJSON_AddStringToObject(doc, "format", "test");
    for (int d = 0; d < depth; d++) {
        cJSON *list = cJSON_AddArrayToObject(o, "runs");
        cJSON *next = cJSON_CreateObject();
        cJSON_AddItemToArray(list, next);
        cJSON_AddStringToObject(next, "before", "x");
        o = next;
    }
    *slot = cJSON_AddArrayToObject(o, "results");
    cJSON_AddNumberToObject(o, "after", 1);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "tail"), cJSON_CreateString("y"));
    return doc;
}

/* What cJSON_Print gives for the same document, items in place. */
static char *expected(int depth, size_t n)
{
    cJSON *slot, *doc = make_doc(depth, &slot);
    char *text, *out;

    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(slot, make_item(i));
    text = cJSON_Print(doc);
    cJSON_Delete(doc);
    out = malloc(strlen(text) + 2);
    strcpy(out, text);
    strcat(out, "\n");
    cJSON_free(text);
    return out;
}

static char *streamed(int depth, size_t n, size_t *gz)
{
    cJSON *slot, *doc = make_doc(depth, &slot);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    ASSERT_EQ_INT(ts_json_stream_print(f, doc, slot, n, item_fn, NULL, gz), 0);
    ASSERT_EQ_INT(cJSON_GetArraySize(slot), 0);
    cJSON_Delete(doc);
    fclose(f);
    return buf;
}

static void same_bytes_as_cjson(void)
{
    /* 40: past the writer's run of tabs, written in pieces. */
    static const int depths[] = {0, 1, 2, 3, 40};

    for (size_t d = 0; d < sizeof(depths) / sizeof(depths[0]); d++)
        for (size_t n = 0; n <= 3; n++) {
            int depth = depths[d];
            char *want = expected(depth, n), *got = streamed(depth, n, NULL);
            if (strcmp(want, got) != 0)
                fprintf(stderr, "depth %d, %zu items:\n--- want\n%s--- got\n%s", depth, n, want,
                        got);
            ASSERT(strcmp(want, got) == 0);
            free(want);
            free(got);
        }
}

static void gzip_size(void)
{
    size_t gz = 0;
    char *text = streamed(2, 500, &gz);
    uLongf bound = compressBound((uLong)strlen(text));
    Bytef *z = malloc(bound);

    ASSERT_EQ_INT(compress2(z, &bound, (const Bytef *)text, (uLong)strlen(text), 6), Z_OK);
    ASSERT_EQ_INT(gz, bound);
    ASSERT(gz < strlen(text) / 4);
    free(z);
    free(text);
}

/* Several of the counter's 1 MiB chunks, put in odd-sized pieces. */
static void gzip_count_many_chunks(void)
{
    size_t len = 5 * 1024 * 1024 + 12345, at = 0, piece = 1;
    char *text = malloc(len);
    uLongf bound = compressBound((uLong)len);
    Bytef *z = malloc(bound);
    struct ts_gzip_count *g = ts_gzip_count_start();
    unsigned x = 1;

    for (size_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        text[i] = (char)('a' + (x >> 16) % 7);
    }
    ASSERT(g != NULL);
    while (at < len) {
        size_t n = piece < len - at ? piece : len - at;
        ts_gzip_count_put(g, text + at, n);
        at += n;
        piece = piece * 3 + 1;
    }
    ASSERT_EQ_INT(compress2(z, &bound, (const Bytef *)text, (uLong)len, 6), Z_OK);
    ASSERT_EQ_INT(ts_gzip_count_finish(g), bound);
    free(z);
    free(text);
}

/* len bytes: random (incompressible) or from 7 letters (about 3x). */
static char *bytes(size_t len, int random)
{
    char *text = malloc(len);
    unsigned x = 1;

    for (size_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        text[i] = random ? (char)(x >> 23) : (char)('a' + (x >> 16) % 7);
    }
    return text;
}

static size_t zlib_size(const char *text, size_t len, int level)
{
    uLongf bound = compressBound((uLong)len);
    Bytef *z = malloc(bound);

    ASSERT_EQ_INT(compress2(z, &bound, (const Bytef *)text, (uLong)len, level), Z_OK);
    free(z);
    return bound;
}

/* Counts len bytes written to f after a prefix the count must not see. */
static size_t count_file(FILE *f, const char *text, size_t len)
{
    struct ts_gzip_count *g;

    fputs("prefix, not counted", f);
    g = ts_gzip_count_start_file(f);
    ASSERT(g != NULL);
    for (size_t at = 0; at < len; at += 65536) {
        size_t n = len - at < 65536 ? len - at : 65536;
        fwrite(text + at, 1, n, f);
        ts_gzip_count_put(g, text + at, n);
    }
    return ts_gzip_count_finish(g);
}

/* A report file is read back at the end and compressed only as far as
 * decides against GitHub's limit: not at all below it (the raw size
 * bounds it), at the fastest level and only until the rest cannot pass it
 * when that is enough, at level 6 (the figure reported) when it is not. */
static void gzip_count_file_decides_cheaply(void)
{
    size_t small = 3 * 1024 * 1024, big = TS_GZIP_LIMIT + 500000, got;
    char *text = bytes(big, 0), *noise = bytes(big, 1);
    FILE *f = tmpfile();

    ASSERT(f != NULL);
    ASSERT_EQ_INT(count_file(f, text, small), compressBound((uLong)small));
    fclose(f);
    f = tmpfile();
    got = count_file(f, text, big);
    ASSERT(got <= TS_GZIP_LIMIT && got >= zlib_size(text, big, 6)); /* a bound, decided */
    fclose(f);
    f = tmpfile();
    ASSERT_EQ_INT(count_file(f, noise, big), zlib_size(noise, big, 6));
    ASSERT(zlib_size(noise, big, 6) > TS_GZIP_LIMIT);
    fclose(f);
    /* A file it cannot read back: counted as the bytes go, at level 6. */
    f = fopen("/dev/null", "w");
    ASSERT_EQ_INT(count_file(f, text, small), zlib_size(text, small, 6));
    fclose(f);
    free(text);
    free(noise);
}

static void write_error(void)
{
    FILE *f = fopen("/dev/full", "w");
    cJSON *slot, *doc = make_doc(1, &slot);

    if (!f) {
        fprintf(stderr, "skipped: no /dev/full\n");
        cJSON_Delete(doc);
        return;
    }
    setvbuf(f, NULL, _IONBF, 0);
    ASSERT_EQ_INT(ts_json_stream_print(f, doc, slot, 50, item_fn, NULL, NULL), -1);
    fclose(f);
    cJSON_Delete(doc);
}

static cJSON *failing_item(void *ctx, size_t i)
{
    (void)ctx;
    return i == 2 ? NULL : make_item(i);
}

static void item_out_of_memory(void)
{
    cJSON *slot, *doc = make_doc(1, &slot);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    ASSERT_EQ_INT(ts_json_stream_print(f, doc, slot, 5, failing_item, NULL, NULL), -1);
    fclose(f);
    free(buf);
    cJSON_Delete(doc);
}

int main(void)
{
    RUN(same_bytes_as_cjson);
    RUN(gzip_size);
    RUN(gzip_count_many_chunks);
    RUN(gzip_count_file_decides_cheaply);
    RUN(write_error);
    RUN(item_out_of_memory);
    return TEST_EXIT();
}
