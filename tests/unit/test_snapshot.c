/* The loader over every kind of bad input: each gets a clear problem with
 * file:line:column where it applies, never a crash. */
#include <stdlib.h>
#include "test.h"
#include "snapshot/snapshot_errors.h"
#include "snapshot/snapshot_load.h"
#include "snapshot/snapshot_set.h"
#include "util/timestamp.h"

#define GOOD_HEAD "{\"format\": \"trailscan-snapshot/1\", \"account_id\": \"123456789012\"," \
                  " \"partition\": \"aws\", \"collected_at\": \"2026-11-25T12:00:00Z\","

/* Loads text; returns the first problem (static buffer) or NULL if valid. */
static const char *load(const char *text, size_t len, struct ts_snapshot *out)
{
    static char first[1024];
    struct ts_problems p;
    struct ts_snapshot s;
    int bad;

    ts_problems_init(&p);
    ts_snapshot_init(&s);
    bad = ts_snapshot_load_text(&s, "t.json", text, len, &p) < 0;
    first[0] = '\0';
    if (bad)
        snprintf(first, sizeof(first), "%s", p.count ? p.items[0] : "(no message)");
    ts_problems_release(&p);
    if (out)
        *out = s;
    else
        ts_snapshot_release(&s);
    return bad ? first : NULL;
}

static const char *load_str(const char *text)
{
    return load(text, strlen(text), NULL);
}

static void valid_minimal(void)
{
    struct ts_snapshot s;
    ASSERT(load(GOOD_HEAD " \"regions\": {}}", strlen(GOOD_HEAD) + 15, &s) == NULL);
    ASSERT(s.account_id && !strcmp(s.account_id, "123456789012"));
    ASSERT(s.collected_epoch == 1795608000.0);
    ts_snapshot_release(&s);
}

static void not_json(void)
{
    ASSERT_CONTAINS(load_str("hello"), "t.json:1:1: invalid JSON near 'hello'");
    ASSERT_CONTAINS(load_str("{\"a\": 1,\n \"b\": tru}"), "t.json:2:7: invalid JSON");
}

static void truncated(void)
{
    ASSERT_CONTAINS(load_str(GOOD_HEAD "\n \"regions\": {\"us-east-1\": {"),
                    "unexpected end of file (truncated?)");
    ASSERT_CONTAINS(load_str("{\"a\": \"unterminated"), "t.json:1:8: invalid JSON near 'unterminated' (the file ends inside a string");
}

static void empty(void)
{
    ASSERT_CONTAINS(load("", 0, NULL), "t.json: empty file");
    ASSERT_CONTAINS(load_str(" \n\t\r\n"), "t.json: empty file");
}

/* The snapshot's syntax messages, whole: json_doc words them for every
 * input, and a snapshot's must stay the bytes users and scripts know. */
static void syntax_words_exact(void)
{
    const char *m;

    m = load_str("{\"a\": 1,}");
    ASSERT(m && !strcmp(m, "t.json:1:10: invalid JSON at the end of the file"));
    m = load_str("{\"a\": [1, 2");
    ASSERT(m && !strcmp(m, "t.json:1:12: invalid JSON: unexpected end of file (truncated?)"));
    m = load_str("{\"a\": 1} x");
    ASSERT(m && !strcmp(m, "t.json:1:10: invalid JSON near 'x'"));
    /* 23 bytes of context, cut back to a whole character. */
    m = load_str("{\"a\": 1, b: 12345678901234567890123456789}");
    ASSERT(m && !strcmp(m, "t.json:1:11: invalid JSON near ': 123456789012345678901'"));
    m = load_str("{\"a\": 1, b: \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
    ASSERT(m && !strcmp(m, "t.json:1:11: invalid JSON near ': \"\xc3\xa9\xc3\xa9\xc3\xa9"
                        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9' (the file ends inside"
                        " a string or container: truncated?)"));
    m = load_str("\xEF\xBB\xBF \n");
    ASSERT(m && !strcmp(m, "t.json: empty file"));
}

/* The `errors` member as the lines a report shows: empty fields left out,
 * invalid UTF-8 and control characters but newline and tab cleaned, file
 * order. */
static void error_lines(void)
{
    static const char text[] = GOOD_HEAD " \"regions\": {}, \"errors\": ["
        "{\"region\": \"us-east-1\", \"service\": \"cloudtrail\","
        " \"operation\": \"GetEventSelectors\", \"key\": \"arn:t\","
        " \"code\": \"AccessDenied\", \"message\": \"no\\nway\"},"
        "{\"service\": \"s3\", \"operation\": \"GetBucketPolicy\","
        " \"code\": \"Throttling\", \"message\": null}]}";
    struct ts_snapshot s;
    char **lines;

    ASSERT(load(text, strlen(text), &s) == NULL);
    lines = ts_snapshot_error_lines(&s);
    ASSERT(lines[0] && lines[1] && !lines[2]);
    if (lines[0] && lines[1]) {
        ASSERT(!strcmp(lines[0], "us-east-1 cloudtrail GetEventSelectors arn:t: AccessDenied:"
                       " no\nway"));
        ASSERT(!strcmp(lines[1], "s3 GetBucketPolicy: Throttling"));
    }
    ts_snapshot_error_lines_free(lines);
    ts_snapshot_release(&s);
    lines = ts_snapshot_error_lines(&s); /* no tree: no lines */
    ASSERT(lines[0] == NULL);
    ts_snapshot_error_lines_free(lines);
}

static void binary_garbage(void)
{
    unsigned char junk[512];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof(junk); i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    ASSERT(load((const char *)junk, sizeof(junk), NULL) != NULL);
    ASSERT_CONTAINS(load("\x7f" "ELF\x02\x01\x01\0\0", 9, NULL), "t.json:1:");
}

static void invalid_utf8(void)
{
    ASSERT_CONTAINS(load_str(GOOD_HEAD "\n \"regions\": {\"us-east-1\": {\"x\": \"\xff\"}}}"),
                    "t.json:2:34: invalid UTF-8 (byte 0xFF)");
}

static void wrong_types(void)
{
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": []}"),
                    "regions: expected an object, found an array");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"cloudtrail\":"
                             " {\"DescribeTrails\": {\"trailList\": {}}}}}}"),
                    "regions.us-east-1.cloudtrail.DescribeTrails.trailList: expected an array,"
                    " found an object");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"cloudtrail\":"
                             " {\"GetTrailStatus\": {\"arn:x\": true}}}}}"),
                    "GetTrailStatus.arn:x: expected an object");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"logs\":"
                             " {\"DescribeLogGroups\": {\"logGroups\": [1]}}}}}"),
                    "logGroups[0]: expected an object, found a number");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {}, \"errors\": [{\"service\": 1}]}"),
                    "errors[0].service: expected a string, found a number");
    ASSERT_CONTAINS(load_str("[1, 2]"), "expected a snapshot object at the top");
}

/* Deeper than the operations: every value whose shape botocore's model
 * gives, at its line and column; members the model does not know, and
 * nulls, are fine. */
static void deep_types(void)
{
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"cloudtrail\":\n"
                             " {\"GetEventSelectors\": {\"arn:t\": {\"AdvancedEventSelectors\":"
                             " [{\"FieldSelectors\":\n [{\"Field\": \"eventCategory\"}, 5]}]}}}}}}"),
                    "t.json:3:2: regions.us-east-1.cloudtrail.GetEventSelectors.arn:t"
                    ".AdvancedEventSelectors[0].FieldSelectors[1]: expected an object, found a number");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"cloudtrail\":"
                             " {\"GetEventSelectors\": {\"arn:t\": {\"EventSelectors\":"
                             " [{\"DataResources\": [{\"Values\": [\"arn:aws:s3\", 7]}]}]}}}}}}"),
                    "EventSelectors[0].DataResources[0].Values[1]: expected a string, found a number");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"cloudtrail\":"
                             " {\"DescribeTrails\": {\"trailList\": [{\"IsMultiRegionTrail\":"
                             " \"yes\"}]}}}}}"),
                    "trailList[0].IsMultiRegionTrail: expected a boolean, found a string");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"logs\":"
                             " {\"DescribeLogGroups\": {\"logGroups\": [{\"retentionInDays\":"
                             " \"365\"}]}}}}}"),
                    "logGroups[0].retentionInDays: expected a number, found a string");
    /* A map's values, and a timestamp the old checks did not list. */
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"sns\":"
                             " {\"GetTopicAttributes\": {\"arn:t\": {\"Attributes\":"
                             " {\"Policy\": {}}}}}}}}"),
                    "GetTopicAttributes.arn:t.Attributes.Policy: expected a string, found an object");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"cloudwatch\":"
                             " {\"DescribeAlarms\": {\"MetricAlarms\": [{\"StateTransitionedTimestamp\":"
                             " \"2026-11-40T03:14:27Z\"}]}}}}}"),
                    "MetricAlarms[0].StateTransitionedTimestamp: '2026-11-40T03:14:27Z' is not an"
                    " ISO 8601 timestamp");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {}, \"global\": {\"s3\":"
                             " {\"GetBucketLifecycleConfiguration\": {\"b\": {\"Rules\":"
                             " [{\"Expiration\": {\"Days\": [30]}}]}}}}}"),
                    "global.s3.GetBucketLifecycleConfiguration.b.Rules[0].Expiration.Days:"
                    " expected a number, found an array");
    ASSERT(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"cloudtrail\":"
                    " {\"DescribeTrails\": {\"trailList\": [{\"Name\": null,"
                    " \"SomethingNew\": [1, {\"x\": 2}], \"IsMultiRegionTrail\": true}]},"
                    " \"GetEventSelectors\": {\"arn:t\": {\"EventSelectors\": null}}}}}}")
           == NULL);
}

/* A file wrong throughout lists its first 100 problems and counts the
 * rest (each problem's position costs a scan of the text). */
static void many_problems(void)
{
    char *text = malloc(200000), *p = text;
    struct ts_problems problems;
    struct ts_snapshot s;

    p += sprintf(p, GOOD_HEAD " \"regions\": {\"us-east-1\": {\"cloudtrail\":"
                 " {\"DescribeTrails\": {\"trailList\": [");
    for (int i = 0; i < 150; i++)
        p += sprintf(p, "%s{\"IsMultiRegionTrail\": \"yes\"}", i ? ", " : "");
    sprintf(p, "]}}}}}");
    ts_problems_init(&problems);
    ts_snapshot_init(&s);
    ASSERT(ts_snapshot_load_text(&s, "t.json", text, strlen(text), &problems) < 0);
    ASSERT_EQ_INT(problems.count, 101);
    if (problems.count == 101) {
        ASSERT_CONTAINS(problems.items[99], "trailList[99].IsMultiRegionTrail: expected a boolean");
        ASSERT_CONTAINS(problems.items[100], "t.json: 50 more problems like these (only the"
                        " first 100 are listed)");
    }
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
    free(text);
}

static void envelope(void)
{
    ASSERT_CONTAINS(load_str("{\"format\": \"trailscan-snapshot/2\", \"account_id\":"
                             " \"123456789012\", \"partition\": \"aws\", \"collected_at\":"
                             " \"2026-11-25T12:00:00Z\", \"regions\": {}}"),
                    "t.json:1:2: format: unsupported format 'trailscan-snapshot/2'");
    ASSERT_CONTAINS(load_str("{\"format\": \"trailscan-snapshot/1\", \"account_id\":"
                             " 123456789012, \"partition\": \"aws\", \"collected_at\":"
                             " \"2026-11-25T12:00:00Z\", \"regions\": {}}"),
                    "account_id: must be a string of 12 digits, not a number");
    ASSERT_CONTAINS(load_str("{\"format\": \"trailscan-snapshot/1\", \"account_id\":"
                             " \"12345\", \"partition\": \"aws\", \"collected_at\":"
                             " \"2026-11-25T12:00:00Z\", \"regions\": {}}"),
                    "account_id: '12345' is not 12 digits");
    ASSERT_CONTAINS(load_str("{\"format\": \"trailscan-snapshot/1\", \"account_id\":"
                             " \"123456789012\", \"partition\": \"azure\", \"collected_at\":"
                             " \"2026-11-25T12:00:00Z\", \"regions\": {}}"),
                    "unknown partition 'azure'");
    ASSERT_CONTAINS(load_str("{\"format\": \"trailscan-snapshot/1\", \"account_id\":"
                             " \"123456789012\", \"partition\": \"aws\", \"collected_at\":"
                             " \"yesterday\", \"regions\": {}}"),
                    "collected_at: 'yesterday' is not an RFC 3339 timestamp");
    ASSERT_CONTAINS(load_str("{\"account_id\": \"123456789012\", \"partition\": \"aws\","
                             " \"collected_at\": \"2026-11-25T12:00:00Z\", \"regions\": {}}"),
                    "format: missing");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"mars-north-1x\": {}}}"),
                    "is not an AWS region name");
}

static void timestamps_both_forms(void)
{
    double t;

    ASSERT(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"cloudtrail\": {\"GetTrailStatus\":"
                    " {\"a\": {\"LatestDeliveryTime\": 1795607412.512,"
                    " \"StartLoggingTime\": \"2026-11-25T11:40:12.345000+00:00\"}}}}}}") == NULL);
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {\"us-east-1\": {\"cloudtrail\":"
                             " {\"GetTrailStatus\": {\"a\": {\"LatestDeliveryTime\": \"soon\"}}}}}}"),
                    "LatestDeliveryTime: 'soon' is not an ISO 8601 timestamp");
    ASSERT(ts_timestamp_parse("2026-11-25T11:40:12.5+01:00", &t) == 0 && t == 1795603212.5);
    ASSERT(ts_timestamp_parse("2024-02-30T00:00:00Z", &t) < 0);
    ASSERT(ts_timestamp_parse("2026-11-25T12:00:00", &t) < 0);
}

static void deep_nesting(void)
{
    size_t n = 5000;
    char *t = malloc(2 * n + 1);
    memset(t, '[', n);
    memset(t + n, ']', n);
    t[2 * n] = '\0';
    ASSERT_CONTAINS(load(t, 2 * n, NULL), "t.json:1:1001: nesting deeper than 1000 levels");
    free(t);
}

static void duplicate_members(void)
{
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {},\n \"extra\": null, \"extra\": \"surprise\"}"),
                    "t.json:1:1: (object): member 'extra' appears more than once");
    ASSERT_CONTAINS(load_str(GOOD_HEAD " \"regions\": {}, \"extra\": {\"k1\": 1, \"k2\": 2,"
                             " \"k3\": 3, \"k4\": 4, \"k5\": 5, \"k6\": 6, \"k7\": 7, \"k8\": 8,"
                             " \"k9\": 9, \"k10\": 1, \"k11\": 1, \"k12\": 1, \"k13\": 1,"
                             " \"k14\": 1, \"k15\": 1, \"k16\": 1, \"k17\": 1, \"k3\": 1}}"),
                    "member 'k3' appears more than once");
}

static void bom_and_unknown_fields(void)
{
    ASSERT(load_str("\xEF\xBB\xBF" GOOD_HEAD " \"regions\": {\"us-east-1\": {\"newservice\":"
                    " {\"Whatever\": {}}}}, \"extra\": [1]}") == NULL);
}

/* text with each "<c*n>" written out as n times c. */
static char *expand(const char *t)
{
    char *out = malloc(4096), *o = out;
    char c;
    int n;

    while (*t) {
        if (*t == '<' && sscanf(t, "<%c*%d>", &c, &n) == 2) {
            memset(o, c, (size_t)n);
            o += n;
            t = strchr(t, '>') + 1;
        } else {
            *o++ = *t++;
        }
    }
    *o = '\0';
    return out;
}

/* The JSON paths of problems under services, operations and responses
 * are joined only when a problem is told (not for every response): long
 * names are cut where they always were (250 bytes a name, 200 the top of
 * a response's path). */
static void long_paths_cut_as_before(void)
{
    static const char *const text =
        GOOD_HEAD "\n \"regions\": {\"us-east-1\": {\"cloudtrail\": {\"GetTrailStatus\": {\n"
        "  \"arn:<k*300>\": true,\n  \"arn:<m*150>\": {\"IsLogging\": \"no\"}},\n"
        "  \"<X*260>\": 5},\n \"<s*300>\": 1}},\n"
        " \"global\": {\"s3\": {\"GetBucketLogging\": {\"<b*240>\": {\"LoggingEnabled\": 7}}}}}";
    static const char *const want[] = {
        "t.json:3:3: regions.us-east-1.cloudtrail.GetTrailStatus.arn:<k*246>: expected an"
        " object (the response for 'arn:<k*196>'), found a boolean",
        "t.json:4:162: regions.us-east-1.cloudtrail.GetTrailStatus.arn:<m*150>.IsLogging:"
        " expected a boolean, found a string",
        "t.json:5:3: regions.us-east-1.cloudtrail.<X*250>: expected an object (the response),"
        " found a number",
        "t.json:6:2: regions.us-east-1.<s*250>: expected an object, found a number",
        "t.json:7:286: global.s3.GetBucketLogging.<b*173>.LoggingEnabled: expected an object,"
        " found a number",
    };
    char *json = expand(text);
    struct ts_problems p;
    struct ts_snapshot s;

    ts_problems_init(&p);
    ts_snapshot_init(&s);
    ASSERT(ts_snapshot_load_text(&s, "t.json", json, strlen(json), &p) < 0);
    ASSERT_EQ_INT(p.count, 5);
    for (size_t i = 0; i < p.count && i < 5; i++) {
        char *w = expand(want[i]);
        if (strcmp(p.items[i], w) != 0) {
            fprintf(stderr, "    got  %s\n    want %s\n", p.items[i], w);
            test_failures++;
        }
        free(w);
    }
    ts_problems_release(&p);
    ts_snapshot_release(&s);
    free(json);
}

/* One snapshot per account, among thousands: every repeat is refused,
 * naming the file that had the account first; no other id is. */
static void accounts_claimed_once(void)
{
    struct ts_accounts seen;
    struct ts_problems problems;
    char id[16], file[32];
    size_t refused = 0;

    ts_accounts_init(&seen);
    ts_problems_init(&problems);
    for (int i = 0; i < 6000; i++) {
        snprintf(id, sizeof(id), "%012d", i < 5000 ? i * 7919 % 5000 : (i - 5000) * 5);
        snprintf(file, sizeof(file), "f%d.json", i);
        refused += ts_accounts_claim(&seen, id, file, &problems) < 0;
    }
    ASSERT_EQ_INT(refused, 1000);
    ASSERT_EQ_INT(problems.count, 1000);
    /* 000000000005 was first claimed by file i with i * 7919 % 5000 == 5. */
    ASSERT_CONTAINS(problems.items[1], "f5001.json");
    ASSERT_CONTAINS(problems.items[1], "account 000000000005 is already loaded from f3395.json");
    ts_problems_release(&problems);
    ts_accounts_release(&seen);
}

int main(void)
{
    RUN(valid_minimal);
    RUN(not_json);
    RUN(truncated);
    RUN(empty);
    RUN(syntax_words_exact);
    RUN(error_lines);
    RUN(binary_garbage);
    RUN(invalid_utf8);
    RUN(wrong_types);
    RUN(deep_types);
    RUN(many_problems);
    RUN(envelope);
    RUN(timestamps_both_forms);
    RUN(deep_nesting);
    RUN(duplicate_members);
    RUN(long_paths_cut_as_before);
    RUN(bom_and_unknown_fields);
    RUN(accounts_claimed_once);
    return TEST_EXIT();
}
