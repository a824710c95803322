/* The report for people: by account, then rule; failing and undecided
 * resources with their region and message; a summary line. */
#include "report/report.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "triage/baseline.h"
#include "triage/config.h"
#include "engine/results.h"
#include "util/text.h"
#include "triage/waiver.h"
#include "util/timestamp.h"
#include "engine/result.h"
#include "lua/sandbox_limits.h"

struct style {
    const char *red, *yellow, *cyan, *green, *bold, *dim, *off;
};

static const struct style colors = {"\033[31m", "\033[33m", "\033[36m", "\033[32m",
                                    "\033[1m", "\033[2m", "\033[0m"};
static const struct style plain = {"", "", "", "", "", "", ""};

/* Every text from a snapshot, rule, config or baseline goes through put():
 * a line break, ESC or bidirectional override in a name must not forge a
 * line (a fake "Summary:"), colour the terminal or reorder what is shown. */
static void put(FILE *out, const char *s)
{
    ts_text_put(out, s);
}

/* put() padded with spaces to width columns (bytes, as printf's %-Ns). */
static void put_padded(FILE *out, const char *s, int width)
{
    char *v;

    if (ts_text_is_plain(s)) {
        fprintf(out, "%-*s", width, s);
        return;
    }
    v = ts_text_visible(s);
    fprintf(out, "%-*s", width, v);
    free(v);
}

static const char *verdict_color(const struct style *s, const struct ts_engine *e,
                                 const struct ts_result *r)
{
    switch (ts_result_level(ts_engine_rule(e, r->rule), r)) {
    case TS_LEVEL_ERROR: return s->red;
    case TS_LEVEL_WARNING: return s->yellow;
    case TS_LEVEL_NOTE: return s->cyan;
    default: return s->green;
    }
}

/* "evidence: mgmt.json:14 (organisation trail), audit.json:40 (SNS topic
 * subscriptions)": every place in another file that decided the result. */
static void print_evidence(FILE *out, const struct ts_result *r)
{
    if (!r->nevidence && !r->evidence_more)
        return;
    fputs("           evidence: ", out);
    for (unsigned i = 0; i < r->nevidence; i++) {
        fputs(i ? ", " : "", out);
        put(out, r->evidence[i].file);
        fprintf(out, ":%u (", r->evidence[i].line);
        put(out, ts_place_what(&r->evidence[i]));
        fputc(')', out);
    }
    if (r->evidence_more)
        fprintf(out, "%sand %u more", r->nevidence ? ", " : "", r->evidence_more);
    fputc('\n', out);
}

static void print_result(FILE *out, const struct style *s, const struct ts_engine *e,
                         const struct ts_result *r, const struct ts_report_opts *o)
{
    static const char *const label[] = {"FAIL", "PASS", "REVIEW"};
    const struct ts_waiver *w = ts_waiver_of(o->config, r);

    fprintf(out, "    %s%-6s%s ", w ? s->dim : verdict_color(s, e, r),
            w ? "WAIVED" : label[r->verdict], s->off);
    put_padded(out, r->region ? r->region : "-", 14);
    fputc(' ', out);
    put(out, r->resource);
    if (r->baseline_state == TS_BASELINE_NEW || r->baseline_state == TS_BASELINE_UPDATED)
        fprintf(out, "  %s(%s)%s", s->bold, ts_baseline_state_name(r->baseline_state), s->off);
    fputc('\n', out);
    fprintf(out, "           %s", s->dim);
    put(out, r->message);
    fprintf(out, "%s\n", s->off);
    print_evidence(out, r);
    if (w) {
        char about[600];
        ts_waiver_describe(w, 1, about, sizeof(about));
        fprintf(out, "           waived (%s): ", ts_verdict_name(r->verdict));
        put(out, w->reason);
        fputs(" (", out);
        put(out, about);
        fputs("; ", out);
        put(out, o->config->doc.path);
        fprintf(out, ":%u:%u)\n", w->line, w->column);
        return;
    }
    if ((w = ts_waiver_expired_of(o->config, e, r))) {
        fprintf(out, "           %swaiver expired on ", s->yellow);
        put(out, w->expires);
        fprintf(out, "%s (", s->off);
        put(out, o->config->doc.path);
        fprintf(out, ":%u:%u): ", w->line, w->column);
        put(out, w->reason);
        fputc('\n', out);
    }
    if (r->verdict != TS_PASS) {
        /* The result's own fix names its resources; else the rule's hint. */
        char *hint = r->fix ? NULL : ts_report_fix_hint(ts_engine_rule(e, r->rule));
        fputs("           fix: ", out);
        put(out, r->fix ? r->fix : hint);
        fputc('\n', out);
        free(hint);
    }
}

/* "RULE FAILED id: cause: message". */
static void print_failure(FILE *out, const struct style *s, const char *indent,
                          const char *label, const struct ts_failure *f, const char *end)
{
    fprintf(out, "%s%s%s%s ", indent, s->red, label, s->off);
    put(out, f->rule_id);
    fprintf(out, ": %s: ", ts_cause_name(f->cause));
    put(out, f->message);
    fputs(end, out);
}

/* Prints one account's results grouped by rule.  Results come account by
 * account and, within one, rule by rule, so one pass does it; *next is the
 * first result not yet printed (NULL at the end). */
static void print_account(FILE *out, const struct style *s, const struct ts_engine *e,
                          size_t acct, struct ts_results_iter *it, struct ts_result **next,
                          const struct ts_report_opts *o)
{
    const struct ts_account *a = ts_engine_account(e, acct);
    size_t rule = (size_t)-1;
    char label[TS_REPORT_LABEL_MAX];

    fprintf(out, "%sAccount ", s->bold);
    put(out, ts_report_account_label(a->account_id, a->name, label, sizeof(label)));
    fprintf(out, "%s  (", s->off);
    put(out, a->file);
    fputs(", ", out);
    put(out, a->partition);
    fputs(")\n", out);
    for (; *next && (*next)->snapshot == acct; *next = ts_results_next(it)) {
        const struct ts_result *r = *next;
        if (!ts_report_shows(r, o))
            continue;
        if (r->rule != rule) {
            const struct ts_rule *ru = ts_engine_rule(e, r->rule);
            fprintf(out, "  %s", s->bold);
            put(out, ru->id);
            fprintf(out, "%s [%s] ", s->off, ts_severity_name(ru->severity));
            put(out, ru->title);
            fputc('\n', out);
            rule = r->rule;
        }
        print_result(out, s, e, r, o);
    }
    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        if (ts_engine_failure(e, i)->snapshot == acct)
            print_failure(out, s, "  ", "RULE FAILED", ts_engine_failure(e, i), "\n");
}

/* "EXPIRED ", "STALE   ": the state's name in capitals, in a column. */
static void put_state(FILE *out, const struct style *s, const char *name)
{
    fputs("  ", out);
    fputs(s->yellow, out);
    for (const char *n = name; *n; n++)
        fputc(toupper((unsigned char)*n), out);
    fprintf(out, "%s%*s", s->off, (int)(8 - strlen(name)), "");
}

/* Expired and stale waivers: both need someone to act. */
static void print_waivers(FILE *out, const struct style *s, const struct ts_report_opts *o)
{
    const struct ts_config *c = o->config;
    char about[600], day[11];
    int header = 0;

    for (size_t i = 0; c && i < c->nwaivers; i++) {
        const struct ts_waiver *w = &c->waivers[i];
        enum ts_waiver_state st = ts_waiver_state(w);
        if (!ts_waiver_state_needs_action(st))
            continue;
        if (!header) {
            ts_day_format(o->today, day);
            fprintf(out, "%sWaivers%s (", s->bold, s->off);
            put(out, c->doc.path);
            fprintf(out, ", judged on %s)\n", day);
            header = 1;
        }
        ts_waiver_describe(w, st != TS_WAIVER_EXPIRED, about, sizeof(about));
        put_state(out, s, ts_waiver_state_name(st));
        put(out, c->doc.path);
        fprintf(out, ":%u:%u ", w->line, w->column);
        put(out, w->rule);
        fputc(' ', out);
        put(out, w->resource);
        if (st == TS_WAIVER_EXPIRED) {
            fputs(": expired on ", out);
            put(out, w->expires);
            fputs(" (", out);
            put(out, about);
            fprintf(out, "); %zu result%s no longer waived\n", w->matched,
                    w->matched == 1 ? "" : "s");
        } else {
            fputs(": matched nothing (", out);
            put(out, about);
            fputs("); remove or correct it\n", out);
        }
    }
    if (header)
        fputc('\n', out);
}

/* Findings of the baseline that are gone now. */
static void print_absent(FILE *out, const struct style *s, const struct ts_report_opts *o)
{
    const struct ts_baseline *b = o->baseline;
    int header = 0;

    for (size_t i = 0; b && i < b->nresults; i++) {
        const struct ts_baseline_result *r = &b->results[i];
        if (!r->absent)
            continue;
        if (!header) {
            fprintf(out, "%sNo longer found%s (in ", s->bold, s->off);
            put(out, b->doc.path);
            fputs(", absent now)\n", out);
            header = 1;
        }
        fprintf(out, "  %sABSENT%s ", s->green, s->off);
        put(out, r->rule_id);
        fputc(' ', out);
        put(out, r->account ? r->account : "-");
        fputc(' ', out);
        put(out, r->region ? r->region : "-");
        fputc(' ', out);
        put(out, r->resource ? r->resource : r->fingerprint);
        fputc('\n', out);
    }
    if (header)
        fputc('\n', out);
}

/* --keep-going: the inputs left out, first, so nobody reads the rest as
 * the whole. */
static void print_skipped(FILE *out, const struct style *s, const struct ts_report_opts *o)
{
    for (size_t i = 0; i < o->nskipped; i++) {
        const struct ts_skipped *sk = &o->skipped[i];
        fprintf(out, "%sINPUT SKIPPED%s ", s->red, s->off);
        if (sk->file) {
            put(out, sk->file);
            if (sk->line)
                fprintf(out, ":%u:%u", sk->line, sk->column);
            fputs(": ", out);
        }
        put(out, sk->message);
        fputc('\n', out);
    }
    if (o->nskipped)
        fputs("This report is incomplete: the inputs above are left out.\n\n", out);
}

/* ", 2 accounts not judged: INCOMPLETE, 1 account skipped" */
static void print_unjudged_counts(FILE *out, const struct style *s,
                                  const struct ts_report_opts *o)
{
    size_t gaps = ts_report_gaps(o), skips = o->nunjudged - gaps;

    if (gaps)
        fprintf(out, ", %s%zu account%s not judged: INCOMPLETE%s", s->red, gaps,
                gaps == 1 ? "" : "s", s->off);
    if (skips)
        fprintf(out, ", %zu account%s skipped", skips, skips == 1 ? "" : "s");
}

/* The accounts an organisation's manifest lists that no snapshot judged,
 * first too: a gap (failed, missing) makes the report incomplete. */
static void print_unjudged(FILE *out, const struct style *s, const struct ts_report_opts *o)
{
    char label[TS_REPORT_LABEL_MAX], why[1024];
    size_t gaps = ts_report_gaps(o);

    for (size_t i = 0; i < o->nunjudged; i++) {
        const struct ts_org_account *a = o->unjudged[i];
        int gap = ts_org_account_gap(a);
        fprintf(out, "%s%s%s ", gap ? s->red : s->yellow,
                gap ? "ACCOUNT NOT JUDGED" : "ACCOUNT SKIPPED", s->off);
        put(out, ts_report_account_label(a->id, a->name, label, sizeof(label)));
        fputs(": ", out);
        put(out, ts_org_account_reason(a, why, sizeof(why)));
        fputs(" (", out);
        put(out, a->manifest);
        fprintf(out, ":%u:%u)\n", a->line, a->column);
    }
    if (gaps)
        fprintf(out, "This report is incomplete: %zu account%s of the organisation %s no"
                " results.\n", gaps, gaps == 1 ? "" : "s", gaps == 1 ? "has" : "have");
    if (o->nunjudged)
        fputc('\n', out);
}

int ts_report_text(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    const struct style *s = o->color ? &colors : &plain;
    struct ts_report_counts n;
    struct ts_results_iter it;
    struct ts_result *next;

    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        if (ts_engine_failure(e, i)->snapshot == SIZE_MAX)
            print_failure(out, s, "", "RULE FAILED TO LOAD", ts_engine_failure(e, i), "\n\n");
    print_skipped(out, s, o);
    print_unjudged(out, s, o);
    ts_results_begin(&it, e);
    next = ts_results_next(&it);
    for (size_t a = 0; a < ts_engine_naccounts(e); a++) {
        print_account(out, s, e, a, &it, &next, o);
        fputc('\n', out);
    }
    ts_results_end(&it);
    print_waivers(out, s, o);
    print_absent(out, s, o);
    ts_report_count(e, o, &n);
    fprintf(out, "%sSummary:%s %zu account%s, %zu rule%s: %s%zu failed%s (%zu error, %zu warning,"
            " %zu note), %zu to review, %zu passed",
            s->bold, s->off, ts_engine_naccounts(e), ts_engine_naccounts(e) == 1 ? "" : "s",
            ts_engine_nrules(e), ts_engine_nrules(e) == 1 ? "" : "s", s->red,
            n.verdicts[TS_FAIL], s->off, n.by_level[TS_LEVEL_ERROR],
            n.by_level[TS_LEVEL_WARNING], n.by_level[TS_LEVEL_NOTE], n.verdicts[TS_REVIEW],
            n.verdicts[TS_PASS]);
    if (o->config && o->config->nwaivers)
        fprintf(out, ", %zu waived (%zu waiver%s expired, %zu stale)", n.waived, n.expired,
                n.expired == 1 ? "" : "s", n.stale);
    if (o->baseline)
        fprintf(out, ", against the baseline: %zu new, %zu updated, %zu unchanged, %zu absent",
                o->baseline->counts[TS_BASELINE_NEW], o->baseline->counts[TS_BASELINE_UPDATED],
                o->baseline->counts[TS_BASELINE_UNCHANGED],
                o->baseline->counts[TS_BASELINE_ABSENT]);
    if (ts_engine_nfailures(e))
        fprintf(out, ", %s%zu rule failure%s%s", s->red, ts_engine_nfailures(e),
                ts_engine_nfailures(e) == 1 ? "" : "s", s->off);
    if (o->nskipped)
        fprintf(out, ", %s%zu input%s skipped: INCOMPLETE%s", s->red, o->nskipped,
                o->nskipped == 1 ? "" : "s", s->off);
    print_unjudged_counts(out, s, o);
    fputc('\n', out);
    return ferror(out) || ts_results_error(e) ? -1 : 0;
}
