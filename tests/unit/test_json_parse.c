/* The one-pass parser of valid snapshots (json/json_parse.c) against the
 * path it speeds up (position scan, cJSON into the arena, bind): on every
 * input it either builds the same tree, names and positions, or gives up
 * (and the slow path then says what it always said).  Each edge case
 * states which of the two it expects, so a parser that took something it
 * should have left to cJSON fails here.
 *
 *   test_json_parse [DIR...]   also every *.json under each DIR (a
 *                              generated organisation, say)
 */
#include <ftw.h>
#include <stdint.h>
#include "test.h"
#include "json/json_doc.h"
#include "json/json_parse.h"
#include "snapshot/snapshot_arena.h"
#include "util/file_read.h"
#include "../fuzz/json_parse_diff.h"

enum outcome { FAST, FALLBACK };

/* Counts, for the summary line. */
static size_t n_fast, n_fallback;

/* ---- names kept once ------------------------------------------------- */

struct names {
    const char **ptrs;
    size_t count, alloc;
};

static void names_add(struct names *n, const char *p)
{
    if (n->count == n->alloc) {
        n->alloc = n->alloc ? 2 * n->alloc : 256;
        n->ptrs = realloc(n->ptrs, n->alloc * sizeof(*n->ptrs));
    }
    n->ptrs[n->count++] = p;
}

/* The member names of a tree (same shape as the other: checked before). */
static void names_of(const cJSON *node, struct names *n)
{
    const cJSON *c;

    if (node->string)
        names_add(n, node->string);
    for (c = node->child; c; c = c->next)
        names_of(c, n);
}

/* For each name, the index of the first name with the same pointer. */
static size_t first_same(const struct names *n, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (n->ptrs[j] == n->ptrs[i])
            return j;
    return i;
}

/* Both trees share names alike: the arena keeps each name once in both
 * (the slow path leaves the document's last name unshared when nothing is
 * allocated after it; the fast path shares that one too).  Quadratic:
 * only for small documents. */
static int same_sharing(const cJSON *a, const cJSON *b, const char *what)
{
    struct names na = {0}, nb = {0};
    int rc = 0;

    names_of(a, &na);
    names_of(b, &nb);
    for (size_t i = 0; i < na.count && na.count <= 3000 && rc == 0; i++) {
        size_t fa = first_same(&na, i), fb = first_same(&nb, i);
        if (fa != fb && !(i + 1 == na.count && fa == i)) {
            fprintf(stderr, "%s: name %zu '%s' shared with %zu (slow) but %zu (fast)\n", what,
                    i, na.ptrs[i], fa, fb);
            rc = -1;
        }
    }
    free(na.ptrs);
    free(nb.ptrs);
    return rc;
}

/* ---- one input through both paths ------------------------------------- */

/* The problems both loaders give text, as one string. */
static char *problems_of(const char *text, size_t len, int fast, int *rc)
{
    static const struct ts_json_doc_opts opts = {&ts_json_doc_words, ts_snapshot_arena_parse};
    struct ts_json_doc d;
    struct ts_problems probs;
    size_t n = 1;
    char *all;

    ts_json_doc_init(&d);
    ts_problems_init(&probs);
    d.text = malloc(len + 1);
    memcpy(d.text, text, len);
    d.text[len] = '\0';
    d.len = len;
    *rc = fast ? ts_json_doc_parse_fast(&d, &opts, ts_snapshot_arena_parse_valid, &probs)
               : ts_json_doc_parse(&d, &opts, &probs);
    for (size_t i = 0; i < probs.count; i++)
        n += strlen(probs.items[i]) + 1;
    all = calloc(1, n);
    for (size_t i = 0; i < probs.count; i++) {
        strcat(all, probs.items[i]);
        strcat(all, "\n");
    }
    ts_snapshot_arena_delete(d.root);
    d.root = NULL;
    free(d.text);
    d.text = NULL;
    ts_json_doc_release(&d);
    ts_problems_release(&probs);
    return all;
}

/* Runs text (len bytes, maybe with a BOM) through both paths; returns
 * which the fast one took, or -1 if it took it wrongly. */
static int compare(const char *text, size_t len, const char *what)
{
    char *buf = malloc(len + 1), why[256];
    struct ts_json_pos ps, pf;
    cJSON *slow, *fast;
    int result, rc_slow, rc_fast;
    char *p_slow, *p_fast;

    memcpy(buf, text, len);
    buf[len] = '\0';
    result = ts_diff_parse(buf, len, &slow, &ps, &fast, &pf, why, sizeof(why));
    if (result < 0)
        fprintf(stderr, "%s: %s\n", what, why);
    else if (result == 1 && same_sharing(slow, fast, what) < 0)
        result = -1;
    /* What a user sees: the same problems and verdict either way. */
    p_slow = problems_of(text, len, 0, &rc_slow);
    p_fast = problems_of(text, len, 1, &rc_fast);
    if (rc_slow != rc_fast || strcmp(p_slow, p_fast)) {
        fprintf(stderr, "%s: problems differ:\n%s---\n%s", what, p_slow, p_fast);
        result = -1;
    }
    free(p_slow);
    free(p_fast);
    ts_snapshot_arena_delete(slow);
    ts_snapshot_arena_delete(fast);
    ts_json_pos_release(&ps);
    ts_json_pos_release(&pf);
    free(buf);
    if (result == 1)
        n_fast++;
    else if (result == 0)
        n_fallback++;
    return result < 0 ? -1 : result == 1 ? FAST : FALLBACK;
}

/* ---- edge cases ------------------------------------------------------- */

static void expect_n(const char *text, size_t len, enum outcome want)
{
    int got = compare(text, len, text);

    if (got != (int)want)
        fprintf(stderr, "case %s: %s, expected %s\n", text,
                got < 0 ? "WRONG" : got == FAST ? "fast" : "fell back",
                want == FAST ? "fast" : "a fallback");
    ASSERT(got == (int)want);
}

static void expect(const char *text, enum outcome want)
{
    expect_n(text, strlen(text), want);
}

static void escapes(void)
{
    expect("{\"a\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", FAST);
    expect("[\"\\u00e9\\u4E2D\\ud83d\\ude00 \\u0041\\u0001\"]", FAST);
    expect("{\"\\u006cogGroupName\": 1, \"logGroupName\": \"\\u00e9\"}", FAST);
    expect("[\"\\ud83d\"]", FALLBACK);            /* a lone high surrogate */
    expect("[\"\\ud83d\\u0041\"]", FALLBACK);
    expect("[\"\\ude00\"]", FALLBACK);            /* a lone low one */
    expect("[\"\\u0000\"]", FALLBACK);            /* the scan refuses it */
    expect("[\"\\u00G0\"]", FALLBACK);
    expect("[\"\\u00e\"]", FALLBACK);
    expect("[\"\\x41\"]", FALLBACK);
    expect("[\"\\'\"]", FALLBACK);
    expect("[\"a\\", FALLBACK);
    /* A bucket policy: JSON in a string. */
    expect("{\"Policy\": \"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[]}\"}", FAST);
}

static void numbers(void)
{
    expect("[-0, 0, -0.0, 1e400, -1e400, 0.1, 1E5, 1e-400, 1.5e+10, -1.25E-3]", FAST);
    expect("[123456789012345678, 999999999999999, 9999999999999999, 1e15]", FAST);
    expect("[2147483647, 2147483648, -2147483648, -2147483649, 2147483647.5, -2147483648.5]",
           FAST);
    expect("[18446744073709551616, 1.7976931348623157e308, 4.9e-324, 0.30000000000000004]",
           FAST);
    expect("[01]", FALLBACK);
    expect("[-01]", FALLBACK);
    expect("[1.]", FALLBACK);
    expect("[.5]", FALLBACK);
    expect("[+1]", FALLBACK);
    expect("[-]", FALLBACK);
    expect("[1e]", FALLBACK);
    expect("[1e+]", FALLBACK);
    expect("[0x10]", FALLBACK);
    expect("[1.5.2]", FALLBACK);
    expect("[1-2]", FALLBACK);
    expect("[Infinity, NaN]", FALLBACK);
    /* 63 characters cJSON reads whole; 64 it cuts. */
    expect("[0.123456789012345678901234567890123456789012345678901234567890]", FAST);
    expect("[0.12345678901234567890123456789012345678901234567890123456789012]", FALLBACK);
}

/* levels of [ and {"k": alternating, closed. */
static void nesting(int levels, enum outcome want)
{
    char *s = malloc(6 * (size_t)levels + 1);
    size_t n = 0;

    for (int i = 0; i < levels; i++) {
        if (i % 2) {
            memcpy(s + n, "{\"k\":", 5);
            n += 5;
        } else {
            s[n++] = '[';
        }
    }
    if (levels % 2 == 0)
        s[n++] = '0'; /* the innermost member's value */
    for (int i = levels - 1; i >= 0; i--)
        s[n++] = i % 2 ? '}' : ']';
    s[n] = '\0';
    expect_n(s, n, want);
    free(s);
}

static void structure(void)
{
    expect("{}", FAST);
    expect("[]", FAST);
    expect("{\"a\": {}, \"b\": [], \"c\": [{}, [], {\"d\": []}]}", FAST);
    expect("{\"a\": 1, \"a\": 2, \"a\": {\"a\": \"a\"}}", FAST); /* cJSON keeps both */
    expect("  {\"a\" :\t[ true , false , null ] }  \n", FAST);
    expect("1", FAST);
    expect("\"x\"", FAST);
    expect("true", FAST);
    expect("null", FAST);
    expect("nul", FALLBACK);
    expect("truex", FALLBACK);
    expect("[truex]", FALLBACK);
    expect("[1,]", FALLBACK);
    expect("{\"a\": 1,}", FALLBACK);
    expect("{\"a\" 1}", FALLBACK);
    expect("{a: 1}", FALLBACK);
    expect("{} x", FALLBACK);
    expect("{}{}", FALLBACK);
    expect("", FALLBACK);
    expect("   \n", FALLBACK);
    expect("{\"a\": [1, 2", FALLBACK);           /* truncated */
    expect("{\"a", FALLBACK);
    expect("\"abc", FALLBACK);
    expect("[1, 2]]", FALLBACK);
    expect_n("{}\0", 3, FALLBACK);               /* a NUL */
    expect_n("[\"a\0b\"]", 7, FALLBACK);
    nesting(TS_JSON_MAX_DEPTH, FAST);
    nesting(TS_JSON_MAX_DEPTH + 1, FALLBACK);
}

static void text_forms(void)
{
    expect("\xEF\xBB\xBF{\"a\": [1]}", FAST);                      /* BOM */
    expect("\xEF\xBB\xBF\xEF\xBB\xBF{}", FALLBACK);                /* cJSON skips a second */
    expect("{\r\n  \"a\": [\r {},\r\n\r\n  {\"b\": []}]\n}", FAST); /* CRLF, lone CR */
    expect("{\"\xF0\x9F\x98\x80\xC3\xA9\": [1], \"b\": {\"\xE4\xB8\xAD\": [{}]}}", FAST);
    expect("[\"\xF0\x9F\x98\x80\", {}]\n[", FALLBACK);
    expect("[\"x\x01\"]", FALLBACK);       /* a raw control character in a string */
    expect("[\"x\ny\"]", FALLBACK);
    expect("[\"x\ty\"]", FALLBACK);
    expect("[1,\x01 2]", FALLBACK);        /* cJSON's whitespace, not JSON's */
    expect("[1,\f2]", FALLBACK);
    expect("[1,\v2]", FALLBACK);
    expect("[\"\xC3(\"]", FALLBACK);       /* invalid UTF-8 */
    expect("[\"\xC0\xAF\"]", FALLBACK);    /* overlong */
    expect("[\"\xED\xA0\x80\"]", FALLBACK); /* an encoded surrogate */
    expect("{\"\xFF\": 1}", FALLBACK);
    expect("[\"\xE4\xB8\"]", FALLBACK);    /* cut short */
    expect("[1]\xC3\xA9", FALLBACK);
}

/* Names: one copy each, past the arena's limits too (long names, more
 * distinct names than it keeps). */
static void names(void)
{
    size_t cap = 6000 * 24 + 600, n = 0;
    char *t = malloc(cap);

    n += (size_t)sprintf(t + n, "{\"%0200d\": 1, \"%0200d\": [2]", 7, 7);
    for (int i = 0; i < 5000; i++)
        n += (size_t)sprintf(t + n, ", \"k%d\": {\"k%d\": %d}", i, i / 2, i);
    n += (size_t)sprintf(t + n, ", \"k1\": 0}");
    expect_n(t, n, FAST);
    free(t);
}

/* Mutations of a small snapshot-like document: bytes changed, dropped,
 * doubled and inserted, the text cut, from a fixed seed.  Each must be
 * taken identically or left to the slow path. */
static void mutations(void)
{
    static const char base[] =
        "{\"account_id\": \"123456789012\", \"regions\": {\"us-east-1\": {\"trails\": [\n"
        "  {\"Name\": \"t\\u00e9\", \"IsMultiRegionTrail\": true, \"Size\": -12.5e3,\n"
        "   \"Sel\": [{\"ReadWriteType\": \"All\", \"Ids\": [1, 22, 333]}, null, false]},\r\n"
        "  {\"Policy\": \"{\\\"a\\\":[\\\"\\ud83d\\ude00\\\"]}\", \"\xC3\xA9\": {}}]}}}\n";
    static const char specials[] = "\"\\{}[],: \t\r\n0-.eEu\x01\x7f\xC3\xA9\xF0";
    uint64_t seed = 88172645463325252ull;
    char buf[sizeof(base) + 8];
    int wrong = 0;

    for (int round = 0; round < 4000; round++) {
        size_t len = sizeof(base) - 1, at;
        char what[32];
        memcpy(buf, base, len);
        for (int k = 0; k < 1 + round % 3; k++) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            at = (size_t)(seed >> 8) % len;
            switch ((seed >> 40) % 5) {
            case 0: buf[at] = specials[(seed >> 20) % (sizeof(specials) - 1)]; break;
            case 1: memmove(buf + at, buf + at + 1, len - at - 1); len--; break;
            case 2: if (len < sizeof(buf) - 1) { memmove(buf + at + 1, buf + at, len - at); len++; } break;
            case 3: len = at; break;
            default: buf[at] ^= (char)(1 << ((seed >> 24) % 8)); break;
            }
        }
        snprintf(what, sizeof(what), "mutation %d", round);
        if (compare(buf, len, what) < 0)
            wrong++;
    }
    ASSERT_EQ_INT(wrong, 0);
}

/* ---- files ------------------------------------------------------------ */

static int file_wrong;

static int one_file(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    size_t n = strlen(path), len;
    char *text = NULL;
    struct ts_error err;

    (void)st;
    (void)ftw;
    if (flag != FTW_F || n < 5 || strcmp(path + n - 5, ".json"))
        return 0;
    if (ts_file_read(path, (size_t)1 << 30, &text, &len, &err) < 0)
        return 0;
    if (compare(text, len, path) < 0)
        file_wrong++;
    free(text);
    return 0;
}

static void files(int argc, char **argv)
{
    const char *data = getenv("TRAILSCAN_TESTDATA"), *src = getenv("TRAILSCAN_SOURCE");
    char dir[4096];
    size_t before = n_fast;

    if (data)
        nftw(data, one_file, 16, FTW_PHYS);
    if (src) {
        snprintf(dir, sizeof(dir), "%s/snapshots", src);
        nftw(dir, one_file, 16, FTW_PHYS);
        snprintf(dir, sizeof(dir), "%s/tests/fuzz/seeds/snapshot", src);
        nftw(dir, one_file, 16, FTW_PHYS);
    }
    for (int i = 1; i < argc; i++)
        nftw(argv[i], one_file, 16, FTW_PHYS);
    ASSERT_EQ_INT(file_wrong, 0);
    /* The project's own snapshots are valid: most must take the fast path. */
    ASSERT(n_fast - before > 10);
}

int main(int argc, char **argv)
{
    RUN(escapes);
    RUN(numbers);
    RUN(structure);
    RUN(text_forms);
    RUN(names);
    RUN(mutations);
    files(argc, argv);
    printf("%zu inputs parsed in one pass, identical; %zu left to cJSON\n", n_fast, n_fallback);
    return TEST_EXIT();
}
