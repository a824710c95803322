/* The report for people: by account, then rule; failing and undecided
 * resources with their region and message; a summary line. */
#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct style {
    const char *red, *yellow, *cyan, *green, *bold, *dim, *off;
};

static const struct style colors = {"\033[31m", "\033[33m", "\033[36m", "\033[32m",
                                    "\033[1m", "\033[2m", "\033[0m"};
static const struct style plain = {"", "", "", "", "", "", ""};

static const char *verdict_color(const struct style *s, const struct ts_engine *e,
                                 const struct ts_result *r)
{
    switch (ts_result_level(e, r)) {
    case TS_LEVEL_ERROR: return s->red;
    case TS_LEVEL_WARNING: return s->yellow;
    case TS_LEVEL_NOTE: return s->cyan;
    default: return s->green;
    }
}

static int shown(const struct ts_result *r, const struct ts_report_opts *o)
{
    return r->verdict != TS_PASS || o->include_passes;
}

static void print_result(FILE *out, const struct style *s, const struct ts_engine *e,
                         const struct ts_result *r)
{
    static const char *const label[] = {"FAIL", "PASS", "REVIEW"};

    fprintf(out, "    %s%-6s%s %-14s %s\n", verdict_color(s, e, r), label[r->verdict], s->off,
            r->region ? r->region : "-", r->resource);
    fprintf(out, "           %s%s%s\n", s->dim, r->message, s->off);
    if (r->verdict != TS_PASS) {
        /* The result's own fix names its resources; else the rule's hint. */
        char *hint = r->fix ? NULL : ts_report_fix_hint(&e->rules[r->rule]);
        fprintf(out, "           fix: %s\n", r->fix ? r->fix : hint);
        free(hint);
    }
}

/* Prints one account's results grouped by rule.  The engine appends results
 * account by account and, within one, rule by rule, so one pass does it;
 * *next is the first result not yet printed. */
static void print_account(FILE *out, const struct style *s, const struct ts_engine *e,
                          size_t acct, size_t *next, const struct ts_report_opts *o)
{
    const struct ts_account *a = &e->accounts[acct];
    size_t rule = (size_t)-1;

    fprintf(out, "%sAccount %s%s  (%s, %s)\n", s->bold, a->account_id, s->off, a->file,
            a->partition);
    for (; *next < e->nresults && e->results[*next].snapshot == acct; (*next)++) {
        const struct ts_result *r = &e->results[*next];
        if (!shown(r, o))
            continue;
        if (r->rule != rule) {
            const struct ts_rule *ru = &e->rules[r->rule];
            fprintf(out, "  %s%s%s [%s] %s\n", s->bold, ru->id, s->off,
                    ts_severity_name(ru->severity), ru->title);
            rule = r->rule;
        }
        print_result(out, s, e, r);
    }
    for (size_t i = 0; i < e->nfailures; i++)
        if (e->failures[i].snapshot == acct)
            fprintf(out, "  %sRULE FAILED%s %s: %s: %s\n", s->red, s->off,
                    e->failures[i].rule_id, ts_cause_name(e->failures[i].cause),
                    e->failures[i].message);
}

int ts_report_text(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    const struct style *s = o->color ? &colors : &plain;
    size_t by_level[4] = {0}, passes = e->dropped_passes, reviews = 0;

    size_t next = 0;

    for (size_t i = 0; i < e->nfailures; i++)
        if (e->failures[i].snapshot == SIZE_MAX)
            fprintf(out, "%sRULE FAILED TO LOAD%s %s: %s: %s\n\n", s->red, s->off,
                    e->failures[i].rule_id, ts_cause_name(e->failures[i].cause),
                    e->failures[i].message);
    for (size_t a = 0; a < e->naccounts; a++) {
        print_account(out, s, e, a, &next, o);
        fputc('\n', out);
    }
    for (size_t i = 0; i < e->nresults; i++) {
        const struct ts_result *r = &e->results[i];
        if (r->verdict == TS_PASS)
            passes++;
        else if (r->verdict == TS_REVIEW)
            reviews++;
        else
            by_level[ts_result_level(e, r)]++;
    }
    fprintf(out, "%sSummary:%s %zu account%s, %zu rule%s: %s%zu failed%s (%zu error, %zu warning,"
            " %zu note), %zu to review, %zu passed",
            s->bold, s->off, e->naccounts, e->naccounts == 1 ? "" : "s", e->nrules,
            e->nrules == 1 ? "" : "s", s->red,
            by_level[TS_LEVEL_ERROR] + by_level[TS_LEVEL_WARNING] + by_level[TS_LEVEL_NOTE],
            s->off, by_level[TS_LEVEL_ERROR], by_level[TS_LEVEL_WARNING],
            by_level[TS_LEVEL_NOTE], reviews, passes);
    if (e->nfailures)
        fprintf(out, ", %s%zu rule failure%s%s", s->red, e->nfailures,
                e->nfailures == 1 ? "" : "s", s->off);
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}
