/* The JSON report for scripts (format "trailscan-report/1", README has the
 * fields).  Stable: fields are only ever added. */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

static cJSON *summary(const struct ts_engine *e)
{
    cJSON *s = cJSON_CreateObject(), *levels;
    size_t verdicts[3] = {0}, by_level[4] = {0};

    for (size_t i = 0; i < e->nresults; i++) {
        verdicts[e->results[i].verdict]++;
        if (e->results[i].verdict == TS_FAIL)
            by_level[ts_result_level(e, &e->results[i])]++;
    }
    cJSON_AddNumberToObject(s, "accounts", (double)e->naccounts);
    cJSON_AddNumberToObject(s, "rules", (double)e->nrules);
    cJSON_AddNumberToObject(s, "fail", (double)verdicts[TS_FAIL]);
    cJSON_AddNumberToObject(s, "review", (double)verdicts[TS_REVIEW]);
    cJSON_AddNumberToObject(s, "pass", (double)(verdicts[TS_PASS] + e->dropped_passes));
    levels = cJSON_AddObjectToObject(s, "fail_by_level");
    for (int l = TS_LEVEL_ERROR; l >= TS_LEVEL_NOTE; l--)
        cJSON_AddNumberToObject(levels, ts_level_name((enum ts_level)l), (double)by_level[l]);
    cJSON_AddNumberToObject(s, "rule_failures", (double)e->nfailures);
    return s;
}

static cJSON *rule_object(const struct ts_rule *r)
{
    cJSON *o = cJSON_CreateObject(), *comp = cJSON_AddObjectToObject(o, "compliance");
    char *hint = ts_report_fix_hint(r), *rel;

    cJSON_AddStringToObject(o, "id", r->id);
    cJSON_AddStringToObject(o, "name", r->name);
    cJSON_AddStringToObject(o, "title", r->title);
    cJSON_AddStringToObject(o, "severity", ts_severity_name(r->severity));
    cJSON_AddStringToObject(o, "fix", hint);
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

static cJSON *result_object(const struct ts_engine *e, const struct ts_result *r)
{
    cJSON *o = cJSON_CreateObject();
    const struct ts_account *a = &e->accounts[r->snapshot];

    cJSON_AddStringToObject(o, "rule", e->rules[r->rule].id);
    cJSON_AddStringToObject(o, "verdict", ts_verdict_name(r->verdict));
    cJSON_AddStringToObject(o, "level", ts_level_name(ts_result_level(e, r)));
    cJSON_AddStringToObject(o, "severity", ts_severity_name(e->rules[r->rule].severity));
    cJSON_AddStringToObject(o, "account", a->account_id);
    if (r->region)
        cJSON_AddStringToObject(o, "region", r->region);
    else
        cJSON_AddNullToObject(o, "region");
    cJSON_AddStringToObject(o, "resource", r->resource);
    cJSON_AddStringToObject(o, "message", r->message);
    if (r->fix)
        cJSON_AddStringToObject(o, "fix", r->fix);
    else
        cJSON_AddNullToObject(o, "fix");
    cJSON_AddStringToObject(o, "file", a->file);
    cJSON_AddNumberToObject(o, "line", r->line);
    cJSON_AddNumberToObject(o, "column", r->column);
    return o;
}

int ts_report_json(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    cJSON *doc = cJSON_CreateObject(), *list, *tool;
    char *text;
    int ret = 0;

    cJSON_AddStringToObject(doc, "format", "trailscan-report/1");
    tool = cJSON_AddObjectToObject(doc, "tool");
    cJSON_AddStringToObject(tool, "name", "trailscan");
    cJSON_AddStringToObject(tool, "version", TRAILSCAN_VERSION);
    cJSON_AddItemToObject(doc, "summary", summary(e));
    list = cJSON_AddArrayToObject(doc, "accounts");
    for (size_t i = 0; i < e->naccounts; i++) {
        cJSON *a = cJSON_CreateObject(), *errs = cJSON_CreateArray();
        cJSON_AddStringToObject(a, "account", e->accounts[i].account_id);
        cJSON_AddStringToObject(a, "partition", e->accounts[i].partition);
        cJSON_AddStringToObject(a, "file", e->accounts[i].file);
        cJSON_AddStringToObject(a, "sha256", e->accounts[i].sha256);
        for (char **x = e->accounts[i].errors; x && *x; x++)
            cJSON_AddItemToArray(errs, cJSON_CreateString(*x));
        cJSON_AddItemToObject(a, "collection_errors", errs);
        cJSON_AddItemToArray(list, a);
    }
    list = cJSON_AddArrayToObject(doc, "rules");
    for (size_t i = 0; i < e->nrules; i++)
        cJSON_AddItemToArray(list, rule_object(&e->rules[i]));
    list = cJSON_AddArrayToObject(doc, "results");
    for (size_t i = 0; i < e->nresults; i++)
        if (e->results[i].verdict != TS_PASS || o->include_passes)
            cJSON_AddItemToArray(list, result_object(e, &e->results[i]));
    list = cJSON_AddArrayToObject(doc, "rule_failures");
    for (size_t i = 0; i < e->nfailures; i++) {
        const struct ts_failure *f = &e->failures[i];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "rule", f->rule_id);
        if (f->snapshot == SIZE_MAX)
            cJSON_AddNullToObject(x, "account");
        else
            cJSON_AddStringToObject(x, "account", e->accounts[f->snapshot].account_id);
        cJSON_AddStringToObject(x, "cause", ts_cause_name(f->cause));
        cJSON_AddStringToObject(x, "message", f->message);
        cJSON_AddItemToArray(list, x);
    }
    cJSON_AddNumberToObject(doc, "exit_code", o->exit_code);
    text = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!text)
        return -1;
    if (fputs(text, out) == EOF || fputc('\n', out) == EOF)
        ret = -1;
    free(text);
    return ret;
}
