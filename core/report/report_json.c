/* The JSON report for scripts (format "trailscan-report/1", README has the
 * fields).  Stable: fields are only ever added. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "triage/baseline.h"
#include "triage/config.h"
#include "json/json_stream.h"
#include "engine/results.h"
#include "triage/waiver.h"
#include "util/timestamp.h"
#include "engine/result.h"
#include "lua/sandbox_limits.h"
#include "report/report_compliance.h"
#include "report/report_words.h"

/* Waived results are counted apart from fail and review. */
static cJSON *summary(const struct ts_engine *e, const struct ts_report_opts *o)
{
    cJSON *s = cJSON_CreateObject(), *levels;
    struct ts_report_counts n;

    ts_report_count(e, o, &n);
    cJSON_AddNumberToObject(s, "accounts", (double)ts_engine_naccounts(e));
    cJSON_AddNumberToObject(s, "rules", (double)ts_engine_nrules(e));
    cJSON_AddNumberToObject(s, "fail", (double)n.verdicts[TS_FAIL]);
    cJSON_AddNumberToObject(s, "review", (double)n.verdicts[TS_REVIEW]);
    cJSON_AddNumberToObject(s, "pass", (double)n.verdicts[TS_PASS]);
    levels = cJSON_AddObjectToObject(s, "fail_by_level");
    for (int l = TS_LEVEL_ERROR; l >= TS_LEVEL_NOTE; l--)
        cJSON_AddNumberToObject(levels, ts_level_name((enum ts_level)l), (double)n.by_level[l]);
    cJSON_AddNumberToObject(s, "rule_failures", (double)ts_engine_nfailures(e));
    if (o->config) {
        cJSON_AddNumberToObject(s, "waived", (double)n.waived);
        cJSON_AddNumberToObject(s, "waivers_expired", (double)n.expired);
        cJSON_AddNumberToObject(s, "waivers_stale", (double)n.stale);
    }
    if (!ts_report_complete(o)) /* only then: a complete run's report is unchanged */
        cJSON_AddFalseToObject(s, "complete");
    if (o->nunjudged)
        cJSON_AddNumberToObject(s, "accounts_not_judged", (double)o->nunjudged);
    if (o->baseline) {
        cJSON *b = cJSON_AddObjectToObject(s, "baseline");
        for (int st = TS_BASELINE_NEW; st <= TS_BASELINE_ABSENT; st++)
            cJSON_AddNumberToObject(b, ts_baseline_state_name(st),
                                    (double)o->baseline->counts[st]);
    }
    return s;
}

static void add_string_or_null(cJSON *o, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static cJSON *waiver_object(const struct ts_config *c, const struct ts_waiver *w)
{
    cJSON *o = cJSON_CreateObject();

    cJSON_AddStringToObject(o, "file", c->doc.path);
    cJSON_AddNumberToObject(o, "line", w->line);
    cJSON_AddNumberToObject(o, "column", w->column);
    cJSON_AddStringToObject(o, "rule", w->rule);
    add_string_or_null(o, "account", w->account);
    add_string_or_null(o, "region", w->region);
    cJSON_AddStringToObject(o, "resource", w->resource);
    cJSON_AddStringToObject(o, "reason", w->reason);
    add_string_or_null(o, "owner", w->owner);
    add_string_or_null(o, "ticket", w->ticket);
    cJSON_AddStringToObject(o, "expires", w->expires);
    return o;
}

static cJSON *waivers_list(const struct ts_config *c)
{
    cJSON *list = cJSON_CreateArray();

    for (size_t i = 0; i < c->nwaivers; i++) {
        const struct ts_waiver *w = &c->waivers[i];
        cJSON *o = waiver_object(c, w);
        cJSON_AddStringToObject(o, "state", ts_waiver_state_name(ts_waiver_state(w)));
        cJSON_AddNumberToObject(o, "results", (double)w->matched);
        cJSON_AddItemToArray(list, o);
    }
    return list;
}

static cJSON *absent_list(const struct ts_baseline *b)
{
    cJSON *list = cJSON_CreateArray();

    for (size_t i = 0; i < b->nresults; i++) {
        const struct ts_baseline_result *r = &b->results[i];
        cJSON *o;
        if (!r->absent)
            continue;
        o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "rule", r->rule_id);
        cJSON_AddStringToObject(o, "verdict", r->kind);
        cJSON_AddStringToObject(o, "level", r->level);
        add_string_or_null(o, "account", r->account);
        add_string_or_null(o, "region", r->region);
        add_string_or_null(o, "resource", r->resource);
        add_string_or_null(o, "message", r->message);
        cJSON_AddStringToObject(o, "fingerprint", r->fingerprint);
        cJSON_AddItemToArray(list, o);
    }
    return list;
}

/* The accounts an organisation's manifest lists that no snapshot judged. */
static cJSON *unjudged_list(const struct ts_report_opts *o, enum ts_lang lang)
{
    cJSON *list = cJSON_CreateArray();
    char why[1024];

    for (size_t i = 0; i < o->nunjudged; i++) {
        const struct ts_org_account *a = o->unjudged[i];
        cJSON *x = cJSON_CreateObject();
        add_string_or_null(x, "account", a->id);
        add_string_or_null(x, "name", a->name);
        cJSON_AddStringToObject(x, "state", ts_org_account_state(a));
        cJSON_AddBoolToObject(x, "gap", ts_org_account_gap(a));
        cJSON_AddStringToObject(x, "reason", ts_word_org_reason(lang, a, why, sizeof(why)));
        add_string_or_null(x, "code", a->code);
        add_string_or_null(x, "message", a->message);
        cJSON_AddStringToObject(x, "manifest", a->manifest);
        cJSON_AddNumberToObject(x, "line", a->line);
        cJSON_AddNumberToObject(x, "column", a->column);
        cJSON_AddItemToArray(list, x);
    }
    return list;
}

/* lang: the scan's; a rule whose texts are not in it says theirs. */
static cJSON *rule_object(const struct ts_rule *r, enum ts_lang lang)
{
    cJSON *o = cJSON_CreateObject(), *comp = cJSON_AddObjectToObject(o, "compliance");
    char *hint = ts_report_fix_hint(r), *rel;

    cJSON_AddStringToObject(o, "id", r->id);
    cJSON_AddStringToObject(o, "name", r->name);
    cJSON_AddStringToObject(o, "title", r->title);
    cJSON_AddStringToObject(o, "severity", ts_severity_name(r->severity));
    cJSON_AddStringToObject(o, "fix", hint);
    if (r->texts_lang != lang) /* English in a Japanese report: marked */
        cJSON_AddStringToObject(o, "language", ts_lang_name(r->texts_lang));
    free(hint);
    for (char **c = r->compliance; c && *c; c++) {
        size_t n = strcspn(*c, "\t");
        char fw[256];
        cJSON *list;
        snprintf(fw, sizeof(fw), "%.*s", (int)n, *c);
        list = cJSON_GetObjectItemCaseSensitive(comp, fw);
        if (!list)
            list = cJSON_AddArrayToObject(comp, fw);
        cJSON_AddItemToArray(list, cJSON_CreateString(*c + n + 1));
    }
    rel = ts_report_relpath(r->file, NULL);
    cJSON_AddStringToObject(o, "file", rel);
    free(rel);
    return o;
}

/* A member that is text, or null. */
static void text_or_null(struct ts_json_w *w, const char *key, const char *v)
{
    ts_json_w_key(w, key);
    if (v)
        ts_json_w_string(w, v);
    else
        ts_json_w_null(w);
}

/* Evidence in other places (the organisation view): "evidence", a list of
 * {file, line, column, what}, and "evidence_more", the places past the
 * list's cap, when there are. */
static void write_evidence(struct ts_json_w *w, const struct ts_result *r)
{
    ts_json_w_key(w, "evidence");
    ts_json_w_array(w);
    for (unsigned i = 0; i < r->nevidence; i++) {
        ts_json_w_object(w);
        ts_json_w_text_member(w, "file", r->evidence[i].file);
        ts_json_w_number_member(w, "line", r->evidence[i].line);
        ts_json_w_number_member(w, "column", r->evidence[i].column);
        ts_json_w_text_member(w, "what", ts_place_what(&r->evidence[i]));
        ts_json_w_end(w);
    }
    ts_json_w_end(w);
    if (r->evidence_more)
        ts_json_w_number_member(w, "evidence_more", r->evidence_more);
}

/* A result, written value by value (json_print.h): a report holds tens of
 * thousands, and building, printing and freeing a tree for each cost more
 * than judging them. */
static void write_result(struct ts_json_w *w, const struct ts_engine *e,
                         const struct ts_result *r, const struct ts_report_opts *opts)
{
    const struct ts_account *a = ts_engine_account(e, r->snapshot);
    const struct ts_rule *rule = ts_engine_rule(e, r->rule);

    ts_json_w_object(w);
    ts_json_w_text_member(w, "rule", rule->id);
    ts_json_w_text_member(w, "verdict", ts_verdict_name(r->verdict));
    ts_json_w_text_member(w, "level", ts_level_name(ts_result_level(rule, r)));
    ts_json_w_text_member(w, "severity", ts_severity_name(rule->severity));
    ts_json_w_text_member(w, "account", a->account_id);
    /* only named: reports of unnamed accounts are unchanged */
    ts_json_w_text_member(w, "account_name", a->name);
    text_or_null(w, "region", r->region);
    ts_json_w_text_member(w, "resource", r->resource);
    ts_json_w_text_member(w, "message", r->message);
    text_or_null(w, "fix", r->fix);
    ts_json_w_text_member(w, "file", a->file);
    ts_json_w_number_member(w, "line", r->line);
    ts_json_w_number_member(w, "column", r->column);
    if (r->nevidence || r->evidence_more)
        write_evidence(w, r);
    if (opts->config) {
        const struct ts_waiver *wv = ts_waiver_of(opts->config, r);
        ts_json_w_key(w, "waiver");
        if (wv) {
            cJSON *x = waiver_object(opts->config, wv);
            ts_json_w_tree(w, x);
            cJSON_Delete(x);
        } else {
            ts_json_w_null(w);
        }
    }
    if (opts->baseline)
        ts_json_w_text_member(w, "baseline_state", ts_baseline_state_name(r->baseline_state));
    ts_json_w_end(w);
}

/* ---- the compliance view (--compliance) --------------------------------- */

static cJSON *status_counts(const size_t n[TS_CONTROL_NSTATUS])
{
    cJSON *o = cJSON_CreateObject();

    for (int st = 0; st < TS_CONTROL_NSTATUS; st++)
        cJSON_AddNumberToObject(o, ts_control_status_key(st), (double)n[st]);
    return o;
}

static cJSON *control_object(const struct ts_engine *e, const struct ts_compliance_control *k,
                             size_t naccounts)
{
    cJSON *o = cJSON_CreateObject(), *rules, *res, *cells;

    cJSON_AddStringToObject(o, "id", k->id);
    cJSON_AddStringToObject(o, "title", k->title);
    cJSON_AddStringToObject(o, "status", ts_control_status_key(k->status));
    add_string_or_null(o, "note", k->note);
    rules = cJSON_AddArrayToObject(o, "rules");
    for (size_t r = 0; r < k->nrules; r++)
        cJSON_AddItemToArray(rules, cJSON_CreateString(k->rules[r]));
    cJSON_AddItemToObject(o, "accounts", status_counts(k->accounts));
    res = cJSON_AddObjectToObject(o, "resources");
    cJSON_AddNumberToObject(res, "failed", (double)k->failed);
    cJSON_AddNumberToObject(res, "review", (double)k->review);
    cJSON_AddNumberToObject(res, "waived", (double)k->waived);
    cells = cJSON_AddArrayToObject(o, "by_account");
    for (size_t a = 0; a < naccounts; a++) {
        const struct ts_compliance_cell *c = &k->cells[a];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "account", ts_engine_account(e, a)->account_id);
        cJSON_AddStringToObject(x, "status", ts_control_status_key(c->status));
        cJSON_AddNumberToObject(x, "failed", (double)c->failed);
        cJSON_AddNumberToObject(x, "review", (double)c->review);
        cJSON_AddNumberToObject(x, "waived", (double)c->waived);
        cJSON_AddItemToArray(cells, x);
    }
    return o;
}

static cJSON *framework_object(const struct ts_engine *e, const struct ts_compliance *c,
                               const struct ts_compliance_framework *f)
{
    cJSON *o = cJSON_CreateObject(), *sections = NULL;

    cJSON_AddStringToObject(o, "framework", f->id);
    cJSON_AddStringToObject(o, "title", f->title);
    add_string_or_null(o, "scope", f->scope);
    cJSON_AddItemToObject(o, "controls", status_counts(f->by_status));
    sections = cJSON_AddArrayToObject(o, "sections");
    for (size_t s = 0; s < f->nsections; s++) {
        const struct ts_compliance_section *x = &f->sections[s];
        cJSON *so = cJSON_CreateObject(), *list;
        size_t passed, assessed;
        ts_compliance_section_score(x, &passed, &assessed);
        cJSON_AddStringToObject(so, "id", x->id);
        cJSON_AddStringToObject(so, "title", x->title);
        cJSON_AddNumberToObject(so, "passed", (double)passed);
        cJSON_AddNumberToObject(so, "assessed", (double)assessed);
        cJSON_AddItemToObject(so, "by_status", status_counts(x->by_status));
        list = cJSON_AddArrayToObject(so, "controls");
        for (size_t k = x->first; k < x->first + x->count; k++)
            cJSON_AddItemToArray(list, control_object(e, &f->controls[k], c->naccounts));
        cJSON_AddItemToArray(sections, so);
    }
    return o;
}

static cJSON *compliance_list(const struct ts_engine *e, const struct ts_compliance *c)
{
    cJSON *list = cJSON_CreateArray();

    for (size_t i = 0; i < c->nframeworks; i++)
        cJSON_AddItemToArray(list, framework_object(e, c, &c->frameworks[i]));
    return list;
}

/* The results that go in, read and made one at a time while printing. */
struct stream {
    const struct ts_engine *e;
    const struct ts_report_opts *o;
    struct ts_results_iter it;
};

/* Items are asked for in order: item i is the next result shown. */
static int stream_item(void *ctx, size_t i, struct ts_json_w *w)
{
    struct stream *st = ctx;
    const struct ts_result *r;

    (void)i;
    while ((r = ts_results_next(&st->it)) && !ts_report_shows(r, st->o))
        ;
    if (!r)
        return -1;
    write_result(w, st->e, r, st->o);
    return 0;
}

int ts_report_json(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    cJSON *doc = cJSON_CreateObject(), *list, *tool, *results;
    struct stream st = {e, o, {0}};
    const struct ts_result *r;
    size_t nshown = 0;
    int ret;

    cJSON_AddStringToObject(doc, "format", "trailscan-report/1");
    tool = cJSON_AddObjectToObject(doc, "tool");
    cJSON_AddStringToObject(tool, "name", "trailscan");
    cJSON_AddStringToObject(tool, "version", TRAILSCAN_VERSION);
    if (ts_engine_lang(e) != TS_LANG_EN) /* absent: English, as before --lang */
        cJSON_AddStringToObject(doc, "language", ts_lang_name(ts_engine_lang(e)));
    cJSON_AddItemToObject(doc, "summary", summary(e, o));
    list = cJSON_AddArrayToObject(doc, "accounts");
    for (size_t i = 0; i < ts_engine_naccounts(e); i++) {
        cJSON *a = cJSON_CreateObject(), *errs = cJSON_CreateArray();
        const struct ts_account *acc = ts_engine_account(e, i);
        cJSON_AddStringToObject(a, "account", acc->account_id);
        if (acc->name)
            cJSON_AddStringToObject(a, "name", acc->name);
        cJSON_AddStringToObject(a, "partition", acc->partition);
        if (acc->collected_at)
            cJSON_AddStringToObject(a, "collected_at", acc->collected_at);
        cJSON_AddStringToObject(a, "file", acc->file);
        cJSON_AddStringToObject(a, "sha256", acc->sha256);
        for (char **x = acc->errors; x && *x; x++)
            cJSON_AddItemToArray(errs, cJSON_CreateString(*x));
        cJSON_AddItemToObject(a, "collection_errors", errs);
        cJSON_AddItemToArray(list, a);
    }
    if (o->compliance)
        cJSON_AddItemToObject(doc, "compliance", compliance_list(e, o->compliance));
    list = cJSON_AddArrayToObject(doc, "rules");
    for (size_t i = 0; i < ts_engine_nrules(e); i++)
        cJSON_AddItemToArray(list, rule_object(ts_engine_rule(e, i), ts_engine_lang(e)));
    results = cJSON_AddArrayToObject(doc, "results");
    ts_results_begin(&st.it, e);
    while ((r = ts_results_next(&st.it)))
        nshown += (size_t)ts_report_shows(r, o);
    ts_results_end(&st.it);
    if (o->config) {
        char day[11];
        ts_day_format(o->today, day);
        cJSON_AddStringToObject(doc, "waivers_judged_on", day);
        cJSON_AddItemToObject(doc, "waivers", waivers_list(o->config));
    }
    if (o->baseline)
        cJSON_AddItemToObject(doc, "absent", absent_list(o->baseline));
    list = cJSON_AddArrayToObject(doc, "rule_failures");
    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "rule", f->rule_id);
        if (f->snapshot == SIZE_MAX)
            cJSON_AddNullToObject(x, "account");
        else
            cJSON_AddStringToObject(x, "account", ts_engine_account(e, f->snapshot)->account_id);
        if (f->snapshot != SIZE_MAX && ts_engine_account(e, f->snapshot)->name)
            cJSON_AddStringToObject(x, "account_name", ts_engine_account(e, f->snapshot)->name);
        cJSON_AddStringToObject(x, "cause", ts_cause_name(f->cause));
        cJSON_AddStringToObject(x, "message", f->message);
        cJSON_AddItemToArray(list, x);
    }
    if (o->nskipped) {
        list = cJSON_AddArrayToObject(doc, "skipped_inputs");
        for (size_t i = 0; i < o->nskipped; i++) {
            const struct ts_skipped *sk = &o->skipped[i];
            cJSON *x = cJSON_CreateObject();
            if (sk->file)
                cJSON_AddStringToObject(x, "file", sk->file);
            else
                cJSON_AddNullToObject(x, "file");
            cJSON_AddNumberToObject(x, "line", sk->line);
            cJSON_AddNumberToObject(x, "column", sk->column);
            cJSON_AddStringToObject(x, "message", sk->message);
            cJSON_AddItemToArray(list, x);
        }
    }
    if (o->nunjudged)
        cJSON_AddItemToObject(doc, "accounts_not_judged", unjudged_list(o, ts_engine_lang(e)));
    cJSON_AddNumberToObject(doc, "exit_code", o->exit_code);
    ts_results_begin(&st.it, e);
    ret = ts_json_stream_write(out, doc, results, nshown, stream_item, &st, NULL);
    ts_results_end(&st.it);
    cJSON_Delete(doc);
    return ret < 0 || ts_results_error(e) ? -1 : 0;
}
