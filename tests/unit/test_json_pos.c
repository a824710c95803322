/* Positions: the node -> line:column index over pretty, minified, CRLF and
 * escaped text, and line:column of byte offsets. */
#include <stdlib.h>
#include "test.h"
#include "json/json_doc.h"
#include "json/json_pos.h"
#include "snapshot/snapshot.h"

/* Parses text and returns the mark of root[path...] (objects by key,
 * arrays by index given as "#N"). */
static const struct ts_json_mark *mark_of(struct ts_json_pos *pos, cJSON **root,
                                          const char *text, const char *const *path)
{
    struct ts_error err;
    const cJSON *node;

    ts_json_pos_init(pos);
    if (ts_json_pos_scan(pos, text, strlen(text), &err) < 0)
        return NULL;
    *root = cJSON_Parse(text);
    if (!*root || ts_json_pos_bind(pos, *root) < 0)
        return NULL;
    node = *root;
    for (; *path; path++)
        node = (*path)[0] == '#' ? cJSON_GetArrayItem(node, atoi(*path + 1))
                                 : cJSON_GetObjectItemCaseSensitive(node, *path);
    return ts_json_pos_of(pos, node);
}

static void check(const char *text, const char *const *path, unsigned line, unsigned col)
{
    struct ts_json_pos pos;
    cJSON *root = NULL;
    const struct ts_json_mark *m = mark_of(&pos, &root, text, path);

    ASSERT(m != NULL);
    if (m) {
        ASSERT_EQ_INT(m->line, line);
        ASSERT_EQ_INT(m->column, col);
        ASSERT(text[m->offset] == '{' || text[m->offset] == '[');
    }
    cJSON_Delete(root);
    ts_json_pos_release(&pos);
}

static const char *const third_trail[] = {"regions", "us-east-1", "cloudtrail",
                                          "DescribeTrails", "trailList", "#2", NULL};

static void pretty_printed(void)
{
    const char *t =
        "{\n"
        "  \"regions\": {\n"
        "    \"us-east-1\": {\n"
        "      \"cloudtrail\": {\n"
        "        \"DescribeTrails\": {\n"
        "          \"trailList\": [\n"
        "            {\"Name\": \"a\"},\n"
        "            {\"Name\": \"b\", \"Tags\": [{}]},\n"
        "            {\n"
        "              \"Name\": \"c\"\n"
        "            }\n"
        "          ]\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  }\n"
        "}\n";
    check(t, third_trail, 9, 13);
}

static void minified(void)
{
    const char *t = "{\"regions\":{\"us-east-1\":{\"cloudtrail\":{\"DescribeTrails\":"
                    "{\"trailList\":[{\"Name\":\"a\"},{\"Name\":\"b\"},{\"Name\":\"c\"}]}}}}}";
    check(t, third_trail, 1, (unsigned)(strstr(t, "{\"Name\":\"c\"") - t) + 1);
}

static void crlf(void)
{
    const char *t = "{\r\n \"a\": [\r\n  1,\r\n  {\"b\": 2}\r\n ]\r\n}\r\n";
    const char *const path[] = {"a", "#1", NULL};
    check(t, path, 4, 3);
}

static void escaped_strings(void)
{
    /* Brackets and escaped quotes inside strings are not structure. */
    const char *t = "{\"x\": \"{[\\\"]}\\\\\", \"y\": [\"]\", {\"z\": \"\\u007b\"}]}";
    const char *const path[] = {"y", "#1", NULL};
    check(t, path, 1, (unsigned)(strstr(t, "{\"z\"") - t) + 1);
}

static void utf16_columns(void)
{
    /* "é" is one UTF-16 unit, "😀" two: SARIF's default columnKind. */
    const char *t = "{\"k\": \"\xC3\xA9\xF0\x9F\x98\x80\", \"o\": {}}";
    const char *const path[] = {"o", NULL};
    check(t, path, 1, 19);
}

static void rejects_bad_bytes(void)
{
    struct ts_json_pos pos;
    struct ts_error err;

    ts_json_pos_init(&pos);
    ASSERT(ts_json_pos_scan(&pos, "{\"a\":\n \"\xC3\x28\"}", 13, &err) < 0);
    ASSERT_CONTAINS(err.msg, "2:3: invalid UTF-8");
    ASSERT(ts_json_pos_scan(&pos, "{\"a\": \xED\xA0\x80}", 10, &err) < 0); /* surrogate */
    ASSERT(ts_json_pos_scan(&pos, "{\"a\": \xC0\xAF}", 9, &err) < 0);      /* overlong */
    ASSERT(ts_json_pos_scan(&pos, "{\"a\"\0: 1}", 9, &err) < 0);
    ASSERT_CONTAINS(err.msg, "1:5: NUL byte");
    /* Raw control characters inside strings; a tab or line break between
     * tokens is whitespace. */
    ASSERT(ts_json_pos_scan(&pos, "{\"a\":\t\"x\x19y\"}", 12, &err) < 0);
    ASSERT_CONTAINS(err.msg, "1:9: control character U+0019 inside a string");
    ASSERT(ts_json_pos_scan(&pos, "{\"a\":\r\n\"x\ty\"}", 13, &err) < 0);
    ASSERT_CONTAINS(err.msg, "2:3: control character U+0009");
    ASSERT(ts_json_pos_scan(&pos, "{\"a\": \"x\ny\"}", 12, &err) < 0);
    ASSERT_CONTAINS(err.msg, "1:9: control character U+000A");
    ASSERT(ts_json_pos_scan(&pos, "{\"a\":\t\"x\\ty\"}\r\n", 15, &err) == 0);
    ts_json_pos_release(&pos);
}

/* An escaped NUL cuts a string short in cJSON ("123456789012" then NUL
 * then "zz" read as an account id): refused where it is. */
static void rejects_escaped_nul(void)
{
    struct ts_json_pos pos;
    struct ts_error err;
    const char *t = "{\"account_id\": \"123456789012\\u0000zz\"}";

    ts_json_pos_init(&pos);
    ASSERT(ts_json_pos_scan(&pos, t, strlen(t), &err) < 0);
    ASSERT_CONTAINS(err.msg, "1:29: \\u0000 (NUL) inside a string");
    t = "{\"a\":\n {\"\\u0000\": 1}}"; /* in a member name too */
    ASSERT(ts_json_pos_scan(&pos, t, strlen(t), &err) < 0);
    ASSERT_CONTAINS(err.msg, "2:4: \\u0000");
    /* An escaped backslash before "u0000" is text; other escapes pass. */
    t = "{\"a\": \"\\\\u0000\", \"b\": \"\\u0001\\u00e9\\u0000\"}";
    ASSERT(ts_json_pos_scan(&pos, t, strlen(t), &err) < 0);
    ASSERT_CONTAINS(err.msg, "1:36: \\u0000");
    t = "{\"a\": \"\\\\u0000\", \"b\": \"\\u0001\\u00e9\\u1000\"}";
    ASSERT(ts_json_pos_scan(&pos, t, strlen(t), &err) == 0);
    ts_json_pos_release(&pos);
}

/* Numbers: RFC 8259's grammar, where cJSON takes whatever strtod takes. */
static void rejects_bad_numbers(void)
{
    static const char *const bad[] = {"01", "-01", "1.", ".5", "+1", "1e", "1e+", "-",
                                      "-.5", "1.5.2", "1e5e1", "00", "0x10", "1.e5", "-a",
                                      NULL};
    static const char *const good[] = {"0", "-0", "10", "1.5", "-0.25", "1e5", "1E+5",
                                       "2.5e-3", "123456789012", NULL};
    struct ts_json_pos pos;
    struct ts_error err;
    char t[64];

    ts_json_pos_init(&pos);
    for (const char *const *n = bad; *n; n++) {
        snprintf(t, sizeof(t), "{\"a\": [1,\n  %s]}", *n);
        err.msg[0] = '\0';
        ASSERT(ts_json_pos_scan(&pos, t, strlen(t), &err) < 0);
        ASSERT_CONTAINS(err.msg, "2:3: invalid number");
        if (!strstr(err.msg, "invalid number"))
            fprintf(stderr, "    (number %s)\n", *n);
    }
    for (const char *const *n = good; *n; n++) {
        snprintf(t, sizeof(t), "{\"a\": [1,\n  %s], \"b\": %s}", *n, *n);
        ASSERT(ts_json_pos_scan(&pos, t, strlen(t), &err) == 0);
    }
    /* Digits, '+' and '.' inside strings are text. */
    ASSERT(ts_json_pos_scan(&pos, "{\"01\": \"+.5 1. 007\"}", 20, &err) == 0);
    ts_json_pos_release(&pos);
}

static void depth_limit(void)
{
    struct ts_json_pos pos;
    struct ts_error err;
    size_t n = TS_JSON_MAX_DEPTH + 1;
    char *t = malloc(2 * n + 1);

    memset(t, '[', n);
    memset(t + n, ']', n);
    t[2 * n] = '\0';
    ts_json_pos_init(&pos);
    ASSERT(ts_json_pos_scan(&pos, t, 2 * n, &err) < 0);
    ASSERT_CONTAINS(err.msg, "nesting deeper than");
    ASSERT(ts_json_pos_scan(&pos, t + 1, 2 * n - 2, &err) == 0); /* exactly the limit */
    ts_json_pos_release(&pos);
    free(t);
}

/* A member's position counted from its object's mark is the one a pass
 * from the start finds, across multi-byte text and CRLF; no key or an
 * absent one gives the object's; an unknown node gives -1. */
static void where_member(void)
{
    const char *text = "{\"\xc3\xa9\": \"\xf0\x9f\x98\x80\",\r\n \"o\": {\"x\": 1,\r\n"
                       "   \"\xe2\x82\xac\": [1], \"k\": \"v\"}}";
    static const char *const path[] = {"o", NULL};
    struct ts_json_pos pos;
    cJSON *root = NULL, *stray = cJSON_CreateObject();
    const struct ts_json_mark *m = mark_of(&pos, &root, text, path);
    unsigned line = 0, col = 0;
    uint32_t l, c;

    ASSERT(m != NULL);
    if (m) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "o");
        ASSERT_EQ_INT(ts_json_pos_where(&pos, text, strlen(text), o, "k", &line, &col), 0);
        ts_json_line_col(text, strlen(text), (size_t)(strstr(text, "\"k\"") - text), &l, &c);
        ASSERT_EQ_INT(line, l);
        ASSERT_EQ_INT(col, c);
        ASSERT_EQ_INT(line, 3);
        ASSERT_EQ_INT(col, 14);
        ASSERT_EQ_INT(ts_json_pos_where(&pos, text, strlen(text), o, NULL, &line, &col), 0);
        ASSERT_EQ_INT(line, 2);
        ASSERT_EQ_INT(col, 7);
        ASSERT_EQ_INT(ts_json_pos_where(&pos, text, strlen(text), o, "absent", &line, &col), 0);
        ASSERT_EQ_INT(line, 2);
        ASSERT_EQ_INT(col, 7);
        ASSERT_EQ_INT(ts_json_pos_where(&pos, text, strlen(text), stray, "k", &line, &col), -1);
    }
    cJSON_Delete(stray);
    cJSON_Delete(root);
    ts_json_pos_release(&pos);
}

/* json_doc's own words for configs and baselines, whole. */
static const char *doc_parse(const char *text)
{
    static const struct ts_json_doc_opts opts = {&ts_json_doc_words, NULL};
    static char first[512];
    struct ts_problems p;
    struct ts_json_doc d;
    int bad;

    ts_problems_init(&p);
    ts_json_doc_init(&d);
    d.path = ts_xstrdup("c.json");
    d.len = strlen(text);
    d.text = ts_xmalloc(d.len + 1);
    memcpy(d.text, text, d.len + 1);
    bad = ts_json_doc_parse(&d, &opts, &p) < 0;
    snprintf(first, sizeof(first), "%s", bad && p.count ? p.items[0] : "");
    ts_problems_release(&p);
    ts_json_doc_release(&d);
    return first;
}

static void doc_words_exact(void)
{
    ASSERT(!strcmp(doc_parse(""), "c.json:1:1: invalid JSON: unexpected end of file"));
    ASSERT(!strcmp(doc_parse(" \n"), "c.json:2:1: invalid JSON: unexpected end of file"));
    ASSERT(!strcmp(doc_parse("{\"a\": [1"),
                   "c.json:1:9: invalid JSON: unexpected end of file (truncated?)"));
    ASSERT(!strcmp(doc_parse("{\"a\": 1, b: 12345678901234567890123456789}"),
                   "c.json:1:11: invalid JSON near ': 123456789012345678'"));
    ASSERT(!strcmp(doc_parse("{\"a\": \"abc"), "c.json:1:8: invalid JSON near 'abc'"));
    ASSERT(!strcmp(doc_parse("\xEF\xBB\xBF{\"a\": 1}"), ""));
}

static void line_col_of_offset(void)
{
    uint32_t l, c;
    const char *t = "ab\r\ncd\nef";

    ts_json_line_col(t, strlen(t), 5, &l, &c);
    ASSERT_EQ_INT(l, 2);
    ASSERT_EQ_INT(c, 2);
    ts_json_line_col(t, strlen(t), strlen(t), &l, &c);
    ASSERT_EQ_INT(l, 3);
    ASSERT_EQ_INT(c, 3);
}

/* ---- the 64-byte block path against the byte loop ----------------------- */

static unsigned long long rng_state = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

struct buf {
    char *s;
    size_t n, cap;
};

static void put(struct buf *b, const char *t, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, t, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_(struct buf *b, const char *t)
{
    put(b, t, strlen(t));
}

/* Whitespace, mostly what pretty printers write, now and then a CR, a
 * tab or a long run of spaces. */
static void space(struct buf *b, int depth)
{
    static const char *const ws[] = {"", " ", "\n", "\r\n", "\t", "\r", "\n        "};
    unsigned k = rnd(20);

    if (k < 10)
        return;
    if (k < 17) {
        puts_(b, "\n");
        for (int i = 0; i < depth; i++)
            puts_(b, " ");
        return;
    }
    puts_(b, ws[rnd(7)]);
}

static void text(struct buf *b)
{
    static const char *const parts[] = {
        "abc", "TrailARN", "arn:aws:logs:us-east-1:123456789012:log-group:x:*", "0123",
        "+.5 -1e", "{[]}", ",:", "\\\"", "\\\\", "\\n", "\\u00e9", "\\u0000", "\\u0001",
        "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\t", "\n", "\r", "\x1F",
        "                                ", "\\", "\xC3", "\xFF"};
    unsigned n = rnd(6);

    puts_(b, "\"");
    for (unsigned i = 0; i < n; i++) {
        unsigned k = rnd(100);
        /* Mostly plain text; the odd parts (escapes, raw control bytes,
         * broken UTF-8) are rare, so most blocks take the block path. */
        puts_(b, parts[k < 70 ? k % 5 : k < 90 ? 5 + k % 11 : 16 + k % 8]);
    }
    puts_(b, "\"");
}

static void number(struct buf *b)
{
    static const char *const nums[] = {"0", "-0", "365", "1.5", "-0.25", "1e5", "2.5E-3",
                                       "123456789012345678901234567890", "01", "1.", "+1",
                                       ".5", "-", "1e", "0x10", "1f"};
    unsigned k = rnd(100);

    puts_(b, nums[k < 90 ? k % 8 : 8 + k % 8]);
}

static void value(struct buf *b, int depth)
{
    unsigned k = rnd(depth > 6 ? 6 : 10);

    if (k < 3)
        text(b);
    else if (k < 5)
        number(b);
    else if (k < 6)
        puts_(b, rnd(2) ? "true" : "null");
    else {
        int obj = k < 8;
        unsigned n = rnd(6);
        puts_(b, obj ? "{" : "[");
        for (unsigned i = 0; i < n; i++) {
            if (i)
                puts_(b, ",");
            space(b, depth + 1);
            if (obj) {
                text(b);
                puts_(b, ": ");
            }
            value(b, depth + 1);
        }
        space(b, depth);
        puts_(b, obj ? "}" : "]");
    }
}

/* Whether scans a and b said the same: verdict, message, marks and
 * whether the text ends open. */
static int same_result(int ra, const struct ts_json_pos *a, const struct ts_error *ea, int rb,
                       const struct ts_json_pos *b, const struct ts_error *eb)
{
    int same = ra == rb;

    if (same && ra < 0)
        same = !strcmp(ea->msg, eb->msg);
    if (same && ra == 0) {
        same = a->count == b->count && a->unclosed == b->unclosed;
        for (size_t i = 0; same && i < a->count; i++)
            same = a->marks[i].offset == b->marks[i].offset
                   && a->marks[i].line == b->marks[i].line
                   && a->marks[i].column == b->marks[i].column;
    }
    return same;
}

/* Whether the three scans of t (n bytes) say the same: in the widest
 * blocks the CPU has, in 16-byte lanes, and byte by byte. */
static int same_scan(const char *t, size_t n)
{
    struct ts_json_pos a, b, c;
    struct ts_error ea, eb, ec;
    int ra, rb, rc, same;

    ts_json_pos_init(&a);
    ts_json_pos_init(&b);
    ts_json_pos_init(&c);
    memset(&ea, 0, sizeof(ea));
    memset(&eb, 0, sizeof(eb));
    memset(&ec, 0, sizeof(ec));
    ra = ts_json_pos_scan(&a, t, n, &ea);
    rb = ts_json_pos_scan_bytes(&b, t, n, &eb);
    rc = ts_json_pos_scan_lanes(&c, t, n, &ec);
    same = same_result(ra, &a, &ea, rb, &b, &eb) && same_result(rc, &c, &ec, rb, &b, &eb);
    if (!same)
        fprintf(stderr, "    blocks %d '%s', lanes %d '%s', bytes %d '%s' (%zu bytes)\n", ra,
                ea.msg, rc, ec.msg, rb, eb.msg, n);
    ts_json_pos_release(&a);
    ts_json_pos_release(&b);
    ts_json_pos_release(&c);
    return same;
}

/* Thousands of generated texts, valid and not, and each with a few bytes
 * changed: the block path marks, refuses and counts lines exactly as the
 * byte loop does, wherever a block starts or ends. */
static void blocks_match_bytes(void)
{
    static const char odd[] = {'"', '\\', '\n', '\r', '\t', '\0', '{', '}', '[', ']', '-',
                               '7', 'e', (char)0x80, (char)0xC3, (char)0xFF, 0x1F};
    struct buf b = {NULL, 0, 0};
    int failed = 0;

    for (int round = 0; round < 4000 && failed < 5; round++) {
        b.n = 0;
        puts_(&b, "{");
        for (unsigned i = 0, n = 1 + rnd(12); i < n; i++) {
            if (i)
                puts_(&b, ",");
            space(&b, 1);
            text(&b);
            puts_(&b, ": ");
            value(&b, 1);
        }
        puts_(&b, "\n}\n");
        if (!same_scan(b.s, b.n))
            failed++;
        for (int m = 0; m < 3; m++) {
            size_t at = rnd((unsigned)b.n);
            char was = b.s[at];
            b.s[at] = odd[rnd(sizeof(odd))];
            if (!same_scan(b.s, b.n))
                failed++;
            b.s[at] = was;
        }
        /* Cut short: a text that ends inside a string or container. */
        if (!same_scan(b.s, rnd((unsigned)b.n)))
            failed++;
    }
    /* A close with nothing open is not counted below zero, in a block
     * as in the byte loop: what opens after it stays open. */
    b.n = 0;
    puts_(&b, "}]");
    for (int i = 0; i < 100; i++)
        puts_(&b, " ");
    puts_(&b, "[1, {\"a\": 2}");
    if (!same_scan(b.s, b.n))
        failed++;
    ASSERT_EQ_INT(failed, 0);
    free(b.s);
}

/* A snapshot as the generator writes it (pretty, one-space indents, most
 * blocks plain): the marks the block path finds are the byte loop's. */
static void blocks_pretty_snapshot(void)
{
    struct buf b = {NULL, 0, 0};

    puts_(&b, "{\n \"format\": \"trailscan-snapshot/1\",\n \"regions\": {\n  \"us-east-1\": {\n"
              "   \"logs\": {\n    \"DescribeLogGroups\": {\n     \"logGroups\": [\n");
    for (int i = 0; i < 400; i++) {
        char g[400];
        snprintf(g, sizeof(g), "%s      {\n       \"logGroupName\": \"/aws/lambda/fn-%d\",\n"
                 "       \"retentionInDays\": %d,\n       \"storedBytes\": %d.5,\n"
                 "       \"tags\": [\"a\", {\"b\": [1, -2e3]}],\n"
                 "       \"arn\": \"arn:aws:logs:us-east-1:123456789012:log-group:/aws/"
                 "lambda/fn-%d:*\"\n      }", i ? ",\n" : "", i, i % 400, i * 7, i);
        puts_(&b, g);
    }
    puts_(&b, "\n     ]\n    }\n   }\n  }\n }\n}\n");
    ASSERT(same_scan(b.s, b.n));
    free(b.s);
}

int main(void)
{
    RUN(pretty_printed);
    RUN(minified);
    RUN(crlf);
    RUN(escaped_strings);
    RUN(utf16_columns);
    RUN(rejects_bad_bytes);
    RUN(rejects_escaped_nul);
    RUN(rejects_bad_numbers);
    RUN(depth_limit);
    RUN(line_col_of_offset);
    RUN(where_member);
    RUN(doc_words_exact);
    RUN(blocks_match_bytes);
    RUN(blocks_pretty_snapshot);
    return TEST_EXIT();
}
