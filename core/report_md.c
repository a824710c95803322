/* The markdown summary for CI job summaries and pull requests: counts,
 * then the failing and undecided resources by rule, capped so a large
 * organisation still gives a readable page. */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "config.h"
#include "results.h"
#include "waiver.h"

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

/* Expired and stale waivers, and the baseline's counts: what a reviewer
 * of the pull request should act on. */
static void print_extras(FILE *out, const struct ts_report_opts *o)
{
    const struct ts_config *c = o->config;
    int header = 0;

    for (size_t i = 0; c && i < c->nwaivers; i++) {
        const struct ts_waiver *w = &c->waivers[i];
        int stale = ts_waiver_is_stale(w);
        if (!w->expired && !stale)
            continue;
        if (!header) {
            fputs("### Waivers to review\n\n", out);
            header = 1;
        }
        fprintf(out, "- %s `%s:%u:%u` `%s` `", w->expired ? "**expired**" : "**stale**",
                c->doc.path, w->line, w->column, w->rule);
        cell(out, w->resource);
        if (w->expired)
            fprintf(out, "`: expired on %s; %zu result%s no longer waived\n", w->expires,
                    w->matched, w->matched == 1 ? "" : "s");
        else
            fputs("`: matched nothing; remove or correct it\n", out);
    }
    if (header)
        fputc('\n', out);
    if (o->baseline)
        fprintf(out, "Against the baseline: %zu new, %zu updated, %zu unchanged, %zu absent"
                " (fixed or gone).\n\n", o->baseline->counts[TS_BASELINE_NEW],
                o->baseline->counts[TS_BASELINE_UPDATED],
                o->baseline->counts[TS_BASELINE_UNCHANGED],
                o->baseline->counts[TS_BASELINE_ABSENT]);
}

/* "fail", "fail, waived", "fail, new". */
static void verdict_cell(FILE *out, const struct ts_result *res)
{
    fputs(ts_verdict_name(res->verdict), out);
    if (res->waiver)
        fputs(", waived", out);
    if (res->baseline_state == TS_BASELINE_NEW || res->baseline_state == TS_BASELINE_UPDATED)
        fprintf(out, ", %s", ts_baseline_state_name(res->baseline_state));
}

/* The rows shown: rule by rule, at most MAX_ROWS in all.  Counting each
 * rule's rows first gives each its share; one more pass copies those rows
 * (at most MAX_ROWS results in memory, however large the scan). */
struct rows {
    size_t *room;           /* per rule: rows it gets */
    struct ts_result *kept; /* copies, in result order */
    size_t nkept, omitted;
};

static void collect_rows(const struct ts_engine *e, const struct ts_report_opts *o,
                         struct rows *rows)
{
    size_t *taken = ts_xmalloc((e->nrules + 1) * sizeof(size_t)), used = 0, total = 0;
    struct ts_results_iter it;
    const struct ts_result *r;

    rows->room = ts_xmalloc((e->nrules + 1) * sizeof(size_t));
    memset(taken, 0, (e->nrules + 1) * sizeof(size_t));
    memset(rows->room, 0, (e->nrules + 1) * sizeof(size_t));
    rows->kept = ts_xmalloc(MAX_ROWS * sizeof(*rows->kept));
    rows->nkept = 0;
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it)))
        if (ts_report_shows(r, o)) {
            rows->room[r->rule]++;
            total++;
        }
    ts_results_end(&it);
    for (size_t i = 0; i < e->nrules; i++) {
        rows->room[i] = rows->room[i] < MAX_ROWS - used ? rows->room[i] : MAX_ROWS - used;
        used += rows->room[i];
    }
    rows->omitted = total - used;
    ts_results_begin(&it, e);
    while (rows->nkept < used && (r = ts_results_next(&it))) {
        struct ts_result *k;
        if (!ts_report_shows(r, o) || taken[r->rule] == rows->room[r->rule])
            continue;
        taken[r->rule]++;
        k = &rows->kept[rows->nkept++];
        *k = *r;
        k->resource = ts_xstrdup(r->resource);
        k->region = r->region ? ts_xstrdup(r->region) : NULL;
        k->message = ts_xstrdup(r->message);
        k->fix = r->fix ? ts_xstrdup(r->fix) : NULL;
    }
    ts_results_end(&it);
    free(taken);
}

static void rows_release(struct rows *rows)
{
    for (size_t i = 0; i < rows->nkept; i++) {
        free(rows->kept[i].resource);
        free(rows->kept[i].region);
        free(rows->kept[i].message);
        free(rows->kept[i].fix);
    }
    free(rows->kept);
    free(rows->room);
}

static void print_row(FILE *out, const struct ts_engine *e, const struct ts_result *res)
{
    fputs("| ", out);
    verdict_cell(out, res);
    fprintf(out, " | %s | %s | ", e->accounts[res->snapshot].account_id,
            res->region ? res->region : "-");
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
}

static void print_rule(FILE *out, const struct ts_engine *e, size_t rule,
                       const struct rows *rows)
{
    const struct ts_rule *r = &e->rules[rule];
    char *hint = ts_report_fix_hint(r);

    fprintf(out, "### `%s` %s (%s)\n\nFix: `", r->id, r->title, ts_severity_name(r->severity));
    cell(out, hint);
    fputs("`\n\n| verdict | account | region | resource | message | fix |\n"
          "|---|---|---|---|---|---|\n", out);
    free(hint);
    for (size_t i = 0; i < rows->nkept; i++)
        if (rows->kept[i].rule == rule)
            print_row(out, e, &rows->kept[i]);
    fputc('\n', out);
}

/* --keep-going: the inputs left out, before anything else is read. */
static void print_skipped(FILE *out, const struct ts_report_opts *o)
{
    if (!o->nskipped)
        return;
    fprintf(out, "**Incomplete: %zu input%s skipped.**\n\n", o->nskipped,
            o->nskipped == 1 ? "" : "s");
    for (size_t i = 0; i < o->nskipped; i++) {
        const struct ts_skipped *sk = &o->skipped[i];
        fputs("- ", out);
        if (sk->file)
            cell(out, sk->file);
        if (sk->file && sk->line)
            fprintf(out, ":%u:%u", sk->line, sk->column);
        fputs(sk->file ? ": " : "", out);
        cell(out, sk->message);
        fputc('\n', out);
    }
    fputc('\n', out);
}

int ts_report_markdown(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    struct ts_report_counts n;
    struct rows rows;
    int waivers = o->config && o->config->nwaivers;
    size_t omitted;

    ts_report_count(e, o, &n);
    fprintf(out, "## trailscan: %zu account%s, %zu rule%s\n\n", e->naccounts,
            e->naccounts == 1 ? "" : "s", e->nrules, e->nrules == 1 ? "" : "s");
    fprintf(out, "| failed | error | warning | note | to review | passed | rule failures |%s\n"
                 "|---:|---:|---:|---:|---:|---:|---:|%s\n"
                 "| %zu | %zu | %zu | %zu | %zu | %zu | %zu |",
            waivers ? " waived |" : "", waivers ? "---:|" : "",
            n.verdicts[TS_FAIL], n.by_level[TS_LEVEL_ERROR], n.by_level[TS_LEVEL_WARNING],
            n.by_level[TS_LEVEL_NOTE], n.verdicts[TS_REVIEW], n.verdicts[TS_PASS],
            e->nfailures);
    if (waivers)
        fprintf(out, " %zu |", n.waived);
    fputs("\n\n", out);
    print_skipped(out, o);
    print_extras(out, o);
    collect_rows(e, o, &rows);
    for (size_t rule = 0; rule < e->nrules; rule++)
        if (rows.room[rule])
            print_rule(out, e, rule, &rows);
    omitted = rows.omitted;
    rows_release(&rows);
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
    return ferror(out) || ts_results_error(e) ? -1 : 0;
}
