#include "triage/baseline.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/file_read.h"
#include "engine/results.h"
#include "engine/result.h"

const char *ts_baseline_state_name(int state)
{
    static const char *const names[] = {"", "new", "unchanged", "updated", "absent"};
    return state >= 0 && state <= TS_BASELINE_ABSENT ? names[state] : "";
}

void ts_baseline_init(struct ts_baseline *b)
{
    memset(b, 0, sizeof(*b));
    ts_json_doc_init(&b->doc);
}

void ts_baseline_release(struct ts_baseline *b)
{
    ts_json_doc_release(&b->doc);
    free(b->results);
    ts_baseline_init(b);
}

/* ---- reading ------------------------------------------------------------- */

#define PROBLEM(b, problems, obj, key, ...) \
    ts_json_doc_problem(&(b)->doc, (problems), (obj), (key), __VA_ARGS__)

static const char *string_at(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int level_value(const char *name)
{
    static const char *const names[] = {"none", "note", "warning", "error"};

    for (int i = 0; i < 4; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

static void read_result(struct ts_baseline *b, const cJSON *res,
                        struct ts_problems *problems)
{
    struct ts_baseline_result o;
    const cJSON *fp = cJSON_GetObjectItemCaseSensitive(res, "partialFingerprints");
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(res, "properties");
    const char *state = string_at(res, "baselineState");

    if (!cJSON_IsObject(res)) {
        PROBLEM(b, problems, res, NULL, "results: expected result objects, found %s",
                ts_json_type_name(res));
        return;
    }
    if (state && !strcmp(state, "absent"))
        return; /* already gone when that file was written */
    memset(&o, 0, sizeof(o));
    o.node = res;
    o.fingerprint = string_at(fp, TS_BASELINE_FINGERPRINT);
    o.rule_id = string_at(res, "ruleId");
    o.kind = string_at(res, "kind");
    o.level = string_at(res, "level");
    o.message = string_at(cJSON_GetObjectItemCaseSensitive(res, "message"), "text");
    o.account = string_at(props, "account");
    o.region = string_at(props, "region");
    o.resource = string_at(props, "resource");
    if (!o.fingerprint) {
        PROBLEM(b, problems, res, NULL, "result without partialFingerprints.\"%s\": cannot"
                " match it (was this SARIF written by trailscan?)", TS_BASELINE_FINGERPRINT);
        return;
    }
    if (!o.rule_id) {
        PROBLEM(b, problems, res, NULL, "result without a string 'ruleId'");
        return;
    }
    if (o.level && level_value(o.level) < 0) {
        PROBLEM(b, problems, res, "level", "result 'level': '%s' is not none, note, warning"
                " or error", o.level);
        return;
    }
    if (!o.level) /* SARIF's default: warning for a failure, else none */
        o.level = !o.kind || !strcmp(o.kind, "fail") ? "warning" : "none";
    if (!o.kind)
        o.kind = "fail";
    o.finding = !strcmp(o.kind, "fail") || !strcmp(o.kind, "review");
    b->results[b->nresults++] = o;
}

static int is_trailscan_run(const cJSON *run)
{
    const cJSON *tool = cJSON_GetObjectItemCaseSensitive(run, "tool");
    const char *name = string_at(cJSON_GetObjectItemCaseSensitive(tool, "driver"), "name");
    return name && !strcmp(name, "trailscan");
}

static void read_runs(struct ts_baseline *b, const cJSON *runs, struct ts_problems *problems)
{
    const cJSON *run, *res, *lang;
    size_t n = 0;

    cJSON_ArrayForEach(run, runs)
        n += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(run, "results"));
    b->results = ts_xmalloc((n + 1) * sizeof(*b->results));
    cJSON_ArrayForEach(run, runs) {
        const cJSON *results = cJSON_GetObjectItemCaseSensitive(run, "results");
        if (!cJSON_IsObject(run)) {
            PROBLEM(b, problems, runs, NULL, "runs: expected run objects, found %s",
                    ts_json_type_name(run));
            continue;
        }
        if (!is_trailscan_run(run))
            continue; /* another tool's run in a merged file */
        lang = cJSON_GetObjectItemCaseSensitive(run, "language");
        if (cJSON_IsString(lang) && !strncmp(lang->valuestring, "ja", 2))
            b->lang = TS_LANG_JA;
        if (results && !cJSON_IsArray(results)) {
            PROBLEM(b, problems, run, "results", "run 'results': expected an array, found %s",
                    ts_json_type_name(results));
            continue;
        }
        cJSON_ArrayForEach(res, results)
            read_result(b, res, problems);
    }
}

static int cmp_old(const void *pa, const void *pb)
{
    const struct ts_baseline_result *a = pa, *b = pb;

    if (a->finding != b->finding)
        return a->finding - b->finding;
    return strcmp(a->fingerprint, b->fingerprint);
}

int ts_baseline_load(struct ts_baseline *b, const char *path, struct ts_problems *problems)
{
    size_t before = problems->count;
    const cJSON *root, *runs;
    const char *version;

    ts_baseline_release(b);
    if (ts_json_doc_load(&b->doc, path, TS_MAX_SNAPSHOT_BYTES, problems) < 0)
        return -1;
    root = b->doc.root;
    if (!cJSON_IsObject(root)) {
        PROBLEM(b, problems, root, NULL, "expected a SARIF log (an object), found %s",
                ts_json_type_name(root));
        return -1;
    }
    version = string_at(root, "version");
    runs = cJSON_GetObjectItemCaseSensitive(root, "runs");
    if (!version || strcmp(version, "2.1.0"))
        PROBLEM(b, problems, root, version ? "version" : NULL, "not SARIF 2.1.0 (\"version\":"
                " \"2.1.0\" is required)");
    else if (!cJSON_IsArray(runs))
        PROBLEM(b, problems, root, runs ? "runs" : NULL, "'runs': expected an array, found %s",
                runs ? ts_json_type_name(runs) : "nothing");
    else
        read_runs(b, runs, problems);
    if (problems->count > before)
        return -1;
    qsort(b->results, b->nresults, sizeof(*b->results), cmp_old);
    return 0;
}

/* ---- comparing ----------------------------------------------------------- */

/* The first old result of that class and fingerprint not yet matched. */
static struct ts_baseline_result *find_old(struct ts_baseline *b, int finding,
                                           const char *fingerprint)
{
    struct ts_baseline_result key;
    size_t lo = 0, hi = b->nresults;

    memset(&key, 0, sizeof(key));
    key.finding = finding;
    key.fingerprint = fingerprint;
    while (lo < hi) { /* lower bound */
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_old(&b->results[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < b->nresults && cmp_old(&b->results[lo], &key) == 0; lo++)
        if (!b->results[lo].matched)
            return &b->results[lo];
    return NULL;
}

static const char *kind_name(enum ts_verdict v)
{
    static const char *const kinds[] = {"fail", "pass", "review"};
    return kinds[v];
}

/* Whether the rule ran on the account without failing: only then does an
 * old result missing now mean it is gone. */
static int judged_again(const struct ts_engine *e, const struct ts_name_index *ids,
                        const struct ts_baseline_result *o)
{
    if (ts_engine_find_rule(e, o->rule_id) == SIZE_MAX)
        return 0;
    if (!o->account) /* not ours to tell: judged if any account was scanned */
        return ts_engine_naccounts(e) > 0;
    return ts_engine_judged(e, o->rule_id, ts_name_index_find(ids, o->account));
}

static int compare(struct ts_baseline *b, const struct ts_engine *e, struct ts_result *r)
{
    const struct ts_rule *rule = ts_engine_rule(e, r->rule);
    struct ts_baseline_result *old;
    char fp[65], *text;
    int state, level = (int)ts_result_level(rule, r);

    r->worse = 0;
    ts_result_fingerprint(rule, ts_engine_account(e, r->snapshot)->account_id, r, fp);
    old = find_old(b, r->verdict != TS_PASS, fp);
    if (!old)
        return TS_BASELINE_NEW;
    old->matched = 1;
    text = ts_result_sarif_message(r, ts_engine_lang(e));
    state = strcmp(old->kind, kind_name(r->verdict)) || level != level_value(old->level)
                    || (ts_baseline_compares_messages(b, e)
                        && (!old->message || strcmp(old->message, text)))
                ? TS_BASELINE_UPDATED
                : TS_BASELINE_UNCHANGED;
    free(text);
    r->worse = level > level_value(old->level);
    return state;
}

int ts_baseline_compares_messages(const struct ts_baseline *b, const struct ts_engine *e)
{
    return b->lang == ts_engine_lang(e);
}

void ts_baseline_apply(struct ts_baseline *b, struct ts_engine *e, int include_passes)
{
    struct ts_results_iter it;
    struct ts_result *r;
    struct ts_name_index ids;

    memset(b->counts, 0, sizeof(b->counts));
    for (size_t i = 0; i < b->nresults; i++)
        b->results[i].matched = b->results[i].absent = 0;
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it))) {
        r->baseline_state = compare(b, e, r);
        ts_results_save(&it);
        b->counts[r->baseline_state]++;
    }
    ts_results_end(&it);
    ts_engine_account_ids(e, &ids);
    for (size_t i = 0; i < b->nresults; i++) {
        struct ts_baseline_result *o = &b->results[i];
        o->absent = !o->matched && (o->finding || include_passes) && judged_again(e, &ids, o);
        b->counts[TS_BASELINE_ABSENT] += (size_t)o->absent;
    }
    ts_name_index_release(&ids);
}

int ts_baseline_counts_as_new(const struct ts_result *r)
{
    return r->baseline_state == TS_BASELINE_NEW
           || (r->baseline_state == TS_BASELINE_UPDATED && r->worse);
}
