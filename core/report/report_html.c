/* The HTML report: one self-contained page (README, "HTML report").  Its
 * Content-Security-Policy lets it load nothing and run nothing: the only
 * style is the inline sheet (allowed by its hash), there is no script, and
 * no text from a snapshot or a rule is ever markup (report_html_escape.c).
 * It reads without JavaScript, collapses each account, and prints whole. */
#include "report/report_html.h"

#include <stdlib.h>
#include <string.h>
#include "engine/results.h"
#include "report/report_html_parts.h"

static void head(FILE *out, const struct ts_engine *e)
{
    char *style = ts_html_css_hash();

    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src %s; img-src data:; base-uri 'none'; form-action 'none'\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"trailscan " TRAILSCAN_VERSION "\">\n"
            /* no favicon request (which the policy would refuse, noisily) */
            "<link rel=\"icon\" href=\"data:,\">\n"
            "<title>trailscan report: %zu account%s</title>\n<style>%s</style>\n</head>\n",
            style, ts_engine_naccounts(e), ts_engine_naccounts(e) == 1 ? "" : "s", ts_html_css);
    free(style);
}

/* The earliest and latest collected_at (RFC 3339 in UTC: they compare
 * as text). */
static void collected(FILE *out, const struct ts_engine *e)
{
    const char *first = NULL, *last = NULL;

    for (size_t i = 0; i < ts_engine_naccounts(e); i++) {
        const char *at = ts_engine_account(e, i)->collected_at;
        if (!at)
            continue;
        if (!first || strcmp(at, first) < 0)
            first = at;
        if (!last || strcmp(at, last) > 0)
            last = at;
    }
    if (!first)
        return;
    fputs("<p class=\"meta\">Snapshots collected ", out);
    ts_html_text(out, first);
    if (strcmp(first, last)) {
        fputs(" to ", out);
        ts_html_text(out, last);
    }
    fputs("</p>\n", out);
}

static void header(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    size_t na = ts_engine_naccounts(e), nr = ts_engine_nrules(e);

    fprintf(out, "<body>\n<header><h1>CloudTrail logging: trailscan report</h1>\n"
            "<p class=\"meta\">%zu account%s, %zu rule%s</p>\n", na, na == 1 ? "" : "s", nr,
            nr == 1 ? "" : "s");
    collected(out, e);
    fputs("</header>\n", out);
    if (!ts_report_complete(o))
        fputs("<p class=\"banner error\" id=\"incomplete\">INCOMPLETE: inputs were left out "
              "or accounts were not judged (below); what they hold is not in this report."
              "</p>\n", out);
    if (ts_engine_nfailures(e))
        fprintf(out, "<p class=\"banner error\">%zu rule failure%s: those rules judged nothing "
                "there, which is no pass (<a href=\"#rule-failures\">below</a>).</p>\n",
                ts_engine_nfailures(e), ts_engine_nfailures(e) == 1 ? "" : "s");
}

static void footer(FILE *out, const struct ts_report_opts *o)
{
    fputs("<footer><p>trailscan " TRAILSCAN_VERSION "</p>", out);
    if (o->argc) {
        /* The command as typed: argv starts at the subcommand. */
        fputs("<p>Command: <code>trailscan", out);
        for (int i = 0; i < o->argc; i++) {
            fputc(' ', out);
            ts_html_text(out, o->argv[i]);
        }
        fputs("</code></p>", out);
    }
    fprintf(out, "<p>Exit status: %d</p></footer>\n</body>\n</html>\n", o->exit_code);
}

int ts_report_html(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    struct ts_html_tally t;

    ts_html_tally_build(&t, e, o);
    head(out, e);
    header(out, e, o);
    ts_html_overview(out, e, o, &t);
    ts_html_compliance(out, e, o);
    ts_html_accounts(out, e, o, &t);
    ts_html_rules(out, e, &t);
    footer(out, o);
    ts_html_tally_release(&t);
    return ferror(out) || ts_results_error(e) ? -1 : 0;
}
