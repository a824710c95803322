/* A result's SARIF message (also the code quality report's and the
 * baseline's): the message, then its fix labelled in the scan's language
 * when the whole fits in SARIF's 1,024 bytes, else a sentence saying where
 * the fix stands whole (never a command cut short); the text cut on a
 * UTF-8 boundary with "..." past 1,024 bytes.  Checked at every length
 * around the limits, against the rule written out plainly; and a result's
 * fingerprint, at every length. */
#include <stdio.h>
#include "test.h"
#include "engine/result.h"
#include "util/digest.h"

#define ELSEWHERE_EN "Fix: too long for this message; this result's properties.fix and the" \
    " text, JSON and markdown reports give it whole."
#define ELSEWHERE_JA "修復方法: コマンドが長いためここには含めていません。" \
    "この結果の properties.fix と、テキスト・JSON・Markdown のレポートに全文があります。"

/* What the message must be, written the plain way. */
static char *expected(const struct ts_result *r, enum ts_lang lang)
{
    const char *label = lang == TS_LANG_JA ? "修復方法:" : "Fix:";
    const char *elsewhere = lang == TS_LANG_JA ? ELSEWHERE_JA : ELSEWHERE_EN;
    size_t len = strlen(r->message);
    const char *sep = lang == TS_LANG_JA && len >= 3 && !strcmp(r->message + len - 3, "。") ? ""
                                                                                          : " ";
    char *text, *cut;
    size_t n;

    if (!r->fix || r->verdict == TS_PASS)
        return ts_result_cut(r->message, TS_RESULT_MAX_TEXT);
    n = len + strlen(elsewhere) + strlen(label) + strlen(r->fix) + 8;
    text = malloc(n);
    if (len + strlen(label) + strlen(r->fix) + 3 <= TS_RESULT_MAX_TEXT)
        snprintf(text, n, "%s%s%s %s", r->message, sep, label, r->fix);
    else
        snprintf(text, n, "%s%s%s", r->message, sep, elsewhere);
    cut = ts_result_cut(text, TS_RESULT_MAX_TEXT);
    free(text);
    return cut;
}

/* A text of n bytes: ASCII, or "日" (3 bytes each) with ASCII to fill, so
 * that cuts fall inside characters too. */
static char *text_of(size_t n, int wide, const char *end)
{
    size_t e = strlen(end), i = 0;
    char *s = malloc(n + e + 1);

    while (i < n) {
        if (wide && n - i >= 3) {
            memcpy(s + i, "日", 3);
            i += 3;
        } else {
            s[i] = (char)('a' + i % 26);
            i++;
        }
    }
    memcpy(s + n, end, e + 1);
    return s;
}

static int check(const struct ts_result *r, enum ts_lang lang)
{
    char *got = ts_result_sarif_message(r, lang), *want = expected(r, lang);
    int same = !strcmp(got, want) && strlen(got) <= TS_RESULT_MAX_TEXT;

    if (!same) {
        fprintf(stderr, "message %zu bytes, fix %zu bytes, %s, %s:\n  got  %.120s\n  want %.120s\n",
                strlen(r->message), r->fix ? strlen(r->fix) : 0, ts_verdict_name(r->verdict),
                lang == TS_LANG_JA ? "ja" : "en", got, want);
        test_failures++;
    }
    free(got);
    free(want);
    return same;
}

static void every_length_around_the_limits(void)
{
    static const size_t msg_lens[] = {0, 1, 40, 500, 1000, 1013, 1014, 1015, 1016, 1017, 1020,
                                      1021, 1022, 1023, 1024, 1025, 1026, 2000, 5000};
    static const size_t fix_lens[] = {0, 1, 10, 100, 400, 1000, 1010, 1014, 1015, 1016, 1017,
                                      1020, 1030, 4096};
    static const char *const ends[] = {"", ".", "。"};

    for (size_t m = 0; m < sizeof(msg_lens) / sizeof(msg_lens[0]); m++)
        for (int wide = 0; wide < 2; wide++)
            for (size_t k = 0; k < 3; k++) {
                char *msg = text_of(msg_lens[m], wide, ends[k]);
                for (size_t f = 0; f <= sizeof(fix_lens) / sizeof(fix_lens[0]); f++) {
                    char *fix = f < sizeof(fix_lens) / sizeof(fix_lens[0])
                                    ? text_of(fix_lens[f], wide, "")
                                    : NULL;
                    struct ts_result r;
                    memset(&r, 0, sizeof(r));
                    r.message = msg;
                    r.fix = fix;
                    for (int v = TS_FAIL; v <= TS_REVIEW; v++) {
                        r.verdict = (enum ts_verdict)v;
                        check(&r, TS_LANG_EN);
                        check(&r, TS_LANG_JA);
                    }
                    free(fix);
                }
                free(msg);
            }
}

/* The cases spelt out, so the rule above is seen to be the right one. */
static void plain_cases(void)
{
    char en[] = "Trail t is not encrypted.", ja[] = "証跡 t は暗号化されていません。";
    char fix[] = "aws cloudtrail update-trail --name t", m[] = "m";
    struct ts_result r;
    char *got;

    memset(&r, 0, sizeof(r));
    r.verdict = TS_FAIL;
    r.message = en;
    r.fix = fix;
    got = ts_result_sarif_message(&r, TS_LANG_EN);
    ASSERT(!strcmp(got, "Trail t is not encrypted. Fix: aws cloudtrail update-trail --name t"));
    free(got);
    r.message = ja;
    got = ts_result_sarif_message(&r, TS_LANG_JA);
    ASSERT(!strcmp(got, "証跡 t は暗号化されていません。修復方法: aws cloudtrail update-trail"
                        " --name t"));
    free(got);
    r.verdict = TS_PASS;
    got = ts_result_sarif_message(&r, TS_LANG_JA);
    ASSERT(!strcmp(got, "証跡 t は暗号化されていません。"));
    free(got);
    r.verdict = TS_REVIEW;
    r.message = m;
    r.fix = NULL;
    got = ts_result_sarif_message(&r, TS_LANG_EN);
    ASSERT(!strcmp(got, "m"));
    free(got);
}

/* The fingerprint hashes rule id, account, region ("" when absent) and
 * resource, each with its NUL, at any length (short ones are joined on
 * the stack, long ones not). */
static void fingerprint_at_every_length(void)
{
    static const size_t lens[] = {0, 1, 400, 480, 490, 491, 492, 493, 494, 500, 511, 512, 600,
                                  4096};
    char id[] = "cloudtrail-enabled", acct[] = "123456789012", region[] = "eu-west-1";
    struct ts_rule rule;

    memset(&rule, 0, sizeof(rule));
    rule.id = id;
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
        for (int with_region = 0; with_region < 2; with_region++) {
            char *res = text_of(lens[i], (int)(i % 2), "");
            const char *reg = with_region ? region : "";
            size_t n = strlen(id) + strlen(acct) + strlen(reg) + lens[i] + 4, at = 0;
            char *joined = malloc(n), got[65], want[65];
            struct ts_result r;
            memset(&r, 0, sizeof(r));
            r.resource = res;
            r.region = with_region ? region : NULL;
            memcpy(joined, id, strlen(id) + 1);
            at += strlen(id) + 1;
            memcpy(joined + at, acct, strlen(acct) + 1);
            at += strlen(acct) + 1;
            memcpy(joined + at, reg, strlen(reg) + 1);
            at += strlen(reg) + 1;
            memcpy(joined + at, res, lens[i] + 1);
            ts_sha256_hex(joined, n, want);
            ts_result_fingerprint(&rule, acct, &r, got);
            ASSERT_EQ_INT(strlen(got), 64);
            if (strcmp(got, want)) {
                fprintf(stderr, "fingerprint of a %zu-byte resource differs\n", lens[i]);
                test_failures++;
            }
            free(joined);
            free(res);
        }
}

int main(void)
{
    RUN(plain_cases);
    RUN(fingerprint_at_every_length);
    RUN(every_length_around_the_limits);
    return TEST_EXIT();
}
