/* The markdown summary for CI job summaries and pull requests: counts,
 * then the failing and undecided resources by rule, capped so a large
 * organisation still gives a readable page. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 200

/* Writes s for a table cell: pipes escaped, newlines as spaces. */
static void cell(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", out);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', out);
        else
            fputc(*s, out);
    }
}

int ts_report_markdown(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    size_t verdicts[3] = {0}, by_level[4] = {0}, rows = 0, omitted = 0;

    for (size_t i = 0; i < e->nresults; i++) {
        verdicts[e->results[i].verdict]++;
        if (e->results[i].verdict == TS_FAIL)
            by_level[ts_result_level(e, &e->results[i])]++;
    }
    fprintf(out, "## trailscan: %zu account%s, %zu rule%s\n\n", e->naccounts,
            e->naccounts == 1 ? "" : "s", e->nrules, e->nrules == 1 ? "" : "s");
    fprintf(out, "| failed | error | warning | note | to review | passed | rule failures |\n"
                 "|---:|---:|---:|---:|---:|---:|---:|\n"
                 "| %zu | %zu | %zu | %zu | %zu | %zu | %zu |\n\n",
            verdicts[TS_FAIL], by_level[TS_LEVEL_ERROR], by_level[TS_LEVEL_WARNING],
            by_level[TS_LEVEL_NOTE], verdicts[TS_REVIEW], verdicts[TS_PASS] + e->dropped_passes,
            e->nfailures);
    for (size_t rule = 0; rule < e->nrules; rule++) {
        const struct ts_rule *r = &e->rules[rule];
        int header = 0;
        for (size_t i = 0; i < e->nresults; i++) {
            const struct ts_result *res = &e->results[i];
            if (res->rule != rule || (res->verdict == TS_PASS && !o->include_passes))
                continue;
            if (rows >= MAX_ROWS) {
                omitted++;
                continue;
            }
            if (!header) {
                char *hint = ts_report_fix_hint(r);
                fprintf(out, "### `%s` %s (%s)\n\nFix: `", r->id, r->title,
                        ts_severity_name(r->severity));
                cell(out, hint);
                fputs("`\n\n| verdict | account | region | resource | message | fix |\n"
                      "|---|---|---|---|---|---|\n", out);
                free(hint);
                header = 1;
            }
            fprintf(out, "| %s | %s | %s | ", ts_verdict_name(res->verdict),
                    e->accounts[res->snapshot].account_id, res->region ? res->region : "-");
            cell(out, res->resource);
            fputs(" | ", out);
            cell(out, res->message);
            fputs(" | ", out);
            if (res->fix && res->verdict != TS_PASS) {
                fputc('`', out);
                cell(out, res->fix);
                fputc('`', out);
            }
            fputs(" |\n", out);
            rows++;
        }
        if (header)
            fputc('\n', out);
    }
    if (omitted)
        fprintf(out, "_%zu more results are not shown here; see the full report._\n\n", omitted);
    if (e->nfailures) {
        fputs("### Rule failures\n\n", out);
        for (size_t i = 0; i < e->nfailures; i++) {
            fprintf(out, "- `%s`: %s: ", e->failures[i].rule_id,
                    ts_cause_name(e->failures[i].cause));
            cell(out, e->failures[i].message);
            fputc('\n', out);
        }
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
