/* GitLab Code Quality (a subset of Code Climate's issue format): a JSON
 * array of issues that GitLab shows in merge requests.  Each failure and
 * review is an issue at its snapshot line; so is what left the report
 * incomplete (a rule that failed, an input left out, an account not
 * judged), since missing data is never a pass.  Passes and waived results
 * are not issues. */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json/json_stream.h"
#include "engine/results.h"
#include "engine/result.h"
#include "lua/sandbox_limits.h"
#include "util/digest.h"
#include "report/report_words.h"

#define CHECK_PREFIX "trailscan/"

/* GitLab's severities (info, minor, major, critical, blocker) by rule
 * severity; a review (not decided) is info whatever the rule's. */
static const char *severity_of(const struct ts_rule *rule, const struct ts_result *r)
{
    static const char *const names[] = {"info", "info", "minor", "major", "critical"};

    if (r->verdict != TS_FAIL || (size_t)rule->severity >= sizeof(names) / sizeof(*names))
        return "info";
    return names[rule->severity];
}

/* One issue; path is relative to --base-uri (the repository's root in CI). */
static cJSON *issue(const char *check, const char *description, const char *fingerprint,
                    const char *severity, const char *file, unsigned line,
                    const struct ts_report_opts *o)
{
    cJSON *x = cJSON_CreateObject(), *loc;
    char *path = ts_report_relpath(file, o->base_uri);

    cJSON_AddStringToObject(x, "type", "issue");
    cJSON_AddStringToObject(x, "check_name", check);
    cJSON_AddStringToObject(x, "description", description);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(x, "categories"), cJSON_CreateString("Security"));
    cJSON_AddStringToObject(x, "fingerprint", fingerprint);
    cJSON_AddStringToObject(x, "severity", severity);
    loc = cJSON_AddObjectToObject(x, "location");
    cJSON_AddStringToObject(loc, "path", path);
    cJSON_AddNumberToObject(cJSON_AddObjectToObject(loc, "lines"), "begin", line ? line : 1);
    free(path);
    return x;
}

static int shown(const struct ts_result *r, const struct ts_report_opts *o)
{
    return r->verdict != TS_PASS && ts_report_shows(r, o) && !r->waiver;
}

static cJSON *result_issue(const struct ts_engine *e, const struct ts_result *r,
                           const struct ts_report_opts *o)
{
    const struct ts_rule *rule = ts_engine_rule(e, r->rule);
    const struct ts_account *a = ts_engine_account(e, r->snapshot);
    char hash[65], check[300], label[TS_REPORT_LABEL_MAX];
    enum ts_lang lang = ts_engine_lang(e);
    char *text, *msg = ts_result_sarif_message(r, lang);
    size_t n;
    cJSON *x;

    ts_result_fingerprint(rule, a->account_id, r, hash);
    snprintf(check, sizeof(check), CHECK_PREFIX "%s", rule->id);
    n = strlen(msg) + strlen(rule->title) + sizeof(label) + 64;
    text = ts_xmalloc(n);
    snprintf(text, n, TS_SAY(lang, "%s%s (account %s): %s", "%s%s (アカウント %s): %s"),
             r->verdict != TS_REVIEW ? "" : lang == TS_LANG_JA ? "要確認: " : "Review: ",
             rule->title, ts_report_account_label(a->account_id, a->name, label, sizeof(label)),
             msg);
    x = issue(check, text, hash, severity_of(rule, r), a->file, r->line, o);
    free(text);
    free(msg);
    return x;
}

/* What left the report incomplete, item i of them: rule failures, then
 * inputs left out, then accounts not judged.  Fingerprints hash the English
 * text, so a report in another language names the same issues. */
static cJSON *gap_issue(const struct ts_engine *e, size_t i, const struct ts_report_opts *o)
{
    char text[2048], ja[2048], hash[65], label[TS_REPORT_LABEL_MAX], why[512];
    const char *check, *file, *severity = "major";
    unsigned line = 1;
    enum ts_lang lang = ts_engine_lang(e);

    if (i < ts_engine_nfailures(e)) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        const struct ts_account *a = f->snapshot == SIZE_MAX ? NULL : ts_engine_account(e, f->snapshot);
        check = CHECK_PREFIX "rule-failure";
        snprintf(text, sizeof(text), "Rule %s failed (%s)%s%s, so its results are missing: %s",
                 f->rule_id, ts_cause_name(f->cause), a ? " on account " : "",
                 a ? a->account_id : "", f->message);
        snprintf(ja, sizeof(ja), "ルール %s が%s%s%s失敗したため (%s)、その結果がありません: %s",
                 f->rule_id, a ? "アカウント " : "", a ? a->account_id : "", a ? " で" : "",
                 ts_word_cause(lang, f->cause), f->message);
        file = a ? a->file : f->rule_id;
    } else if ((i -= ts_engine_nfailures(e)) < o->nskipped) {
        const struct ts_skipped *sk = &o->skipped[i];
        check = CHECK_PREFIX "input-left-out";
        snprintf(text, sizeof(text), "Left out of this incomplete report: %s", sk->message);
        snprintf(ja, sizeof(ja), "このレポートから除外された入力 (不完全なレポート): %s",
                 sk->message);
        file = sk->file ? sk->file : "-";
        line = sk->line;
    } else {
        const struct ts_org_account *a = o->unjudged[i - o->nskipped];
        check = CHECK_PREFIX "account-not-judged";
        snprintf(text, sizeof(text), "%s%s was not judged: %s", a->id ? "Account " : "",
                 ts_report_account_label(a->id, a->name, label, sizeof(label)),
                 ts_org_account_reason(a, why, sizeof(why)));
        snprintf(ja, sizeof(ja), "%s%s は判定されていません: %s", a->id ? "アカウント " : "",
                 ts_word_org_label(lang, a, label, sizeof(label)),
                 ts_word_org_reason(lang, a, why, sizeof(why)));
        file = a->manifest;
        line = a->line;
        if (!ts_org_account_gap(a))
            severity = "info";
    }
    ts_sha256_hex(text, strlen(text), hash);
    return issue(check, lang == TS_LANG_JA ? ja : text, hash, severity, file, line, o);
}

/* Items in order: the results shown, then the gaps. */
struct stream {
    const struct ts_engine *e;
    const struct ts_report_opts *o;
    struct ts_results_iter it;
    size_t nresults;
};

static cJSON *stream_item(void *ctx, size_t i)
{
    struct stream *st = ctx;
    const struct ts_result *r;

    if (i >= st->nresults)
        return gap_issue(st->e, i - st->nresults, st->o);
    while ((r = ts_results_next(&st->it)) && !shown(r, st->o))
        ;
    return r ? result_issue(st->e, r, st->o) : NULL;
}

int ts_report_codequality(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    cJSON *doc = cJSON_CreateArray();
    struct stream st = {e, o, {0}, 0};
    const struct ts_result *r;
    size_t gaps = ts_engine_nfailures(e) + o->nskipped + o->nunjudged;
    int ret;

    ts_results_begin(&st.it, e);
    while ((r = ts_results_next(&st.it)))
        st.nresults += (size_t)shown(r, o);
    ts_results_end(&st.it);
    ts_results_begin(&st.it, e);
    ret = ts_json_stream_print(out, doc, doc, st.nresults + gaps, stream_item, &st, NULL);
    ts_results_end(&st.it);
    cJSON_Delete(doc);
    return ret < 0 || ts_results_error(e) ? -1 : 0;
}
