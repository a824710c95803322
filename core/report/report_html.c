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
#include "report/report_words.h"

static void head(FILE *out, const struct ts_engine *e)
{
    char *style = ts_html_css_hash();
    size_t na = ts_engine_naccounts(e);
    char title[96];

    if (ts_engine_lang(e) == TS_LANG_JA)
        snprintf(title, sizeof(title), "trailscan レポート: %zu アカウント", na);
    else
        snprintf(title, sizeof(title), "trailscan report: %zu account%s", na, na == 1 ? "" : "s");
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src %s; img-src data:; base-uri 'none'; form-action 'none'\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"trailscan " TRAILSCAN_VERSION "\">\n"
            /* no favicon request (which the policy would refuse, noisily) */
            "<link rel=\"icon\" href=\"data:,\">\n"
            "<title>%s</title>\n<style>%s</style>\n</head>\n",
            ts_lang_name(ts_engine_lang(e)), style, title, ts_html_css);
    free(style);
}

/* The earliest and latest collected_at (RFC 3339 in UTC: they compare
 * as text). */
static void collected(FILE *out, const struct ts_engine *e)
{
    char *first = NULL, *last = NULL;
    enum ts_lang lang = ts_engine_lang(e);
    char date[TS_WORD_DATE_MAX];

    /* Copies: an account read back is only lent (engine.h). */
    for (size_t i = 0; i < ts_engine_naccounts(e); i++) {
        const char *at = ts_engine_account(e, i)->collected_at;
        if (at && (!first || strcmp(at, first) < 0)) {
            free(first);
            first = ts_xstrdup(at);
        }
        if (at && (!last || strcmp(at, last) > 0)) {
            free(last);
            last = ts_xstrdup(at);
        }
    }
    if (!first)
        return;
    /* In Japanese the day in prose: the report's date is its data's, so the
     * same snapshots give the same page on any day.  It says "collected",
     * never "made": a reader takes a bare date for the day of the report. */
    fputs(lang == TS_LANG_JA ? "<p class=\"meta\">スナップショットの収集日時: "
                             : "<p class=\"meta\">Snapshots collected ", out);
    ts_html_text(out, ts_word_date(lang, first, 1, date, sizeof(date)));
    if (strcmp(first, last)) {
        fputs(lang == TS_LANG_JA ? " ～ " : " to ", out);
        ts_html_text(out, ts_word_date(lang, last, 1, date, sizeof(date)));
    }
    fputs("</p>\n", out);
    free(first);
    free(last);
}

static void header(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    size_t na = ts_engine_naccounts(e), nr = ts_engine_nrules(e);
    int ja = ts_engine_lang(e) == TS_LANG_JA;

    if (ja)
        fprintf(out, "<body>\n<header><h1>CloudTrail ログ記録: trailscan レポート</h1>\n"
                "<p class=\"meta\">%zu" TS_HTML_NBSP "アカウント、%zu" TS_HTML_NBSP "ルール</p>\n",
                na, nr);
    else
        fprintf(out, "<body>\n<header><h1>CloudTrail logging: trailscan report</h1>\n"
                "<p class=\"meta\">%zu account%s, %zu rule%s</p>\n", na, na == 1 ? "" : "s",
                nr, nr == 1 ? "" : "s");
    collected(out, e);
    fputs("</header>\n", out);
    if (!ts_report_complete(o))
        fputs(ja ? "<p class=\"banner error\" id=\"incomplete\">不完全: 除外された入力または判定"
                   "されなかったアカウントがあります (下記)。その内容はこのレポートに含まれていません。"
                   "</p>\n"
                 : "<p class=\"banner error\" id=\"incomplete\">INCOMPLETE: inputs were left out "
                   "or accounts were not judged (below); what they hold is not in this report."
                   "</p>\n", out);
    if (ts_engine_nfailures(e) && ja)
        fprintf(out, "<p class=\"banner error\">ルールの実行失敗 %zu 件: 失敗したルールは、"
                "そのアカウントでは何も判定していません (合格ではありません。"
                "<a href=\"#rule-failures\">下記</a>参照)。</p>\n",
                ts_engine_nfailures(e));
    else if (ts_engine_nfailures(e))
        fprintf(out, "<p class=\"banner error\">%zu rule failure%s: those rules judged nothing "
                "there, which is no pass (<a href=\"#rule-failures\">below</a>).</p>\n",
                ts_engine_nfailures(e), ts_engine_nfailures(e) == 1 ? "" : "s");
}

static void footer(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    enum ts_lang lang = ts_engine_lang(e);

    fputs("<footer><p>trailscan " TRAILSCAN_VERSION "</p>", out);
    if (o->argc) {
        /* The command as typed: argv starts at the subcommand. */
        fprintf(out, "<p>%s: <code>trailscan", ts_word(lang, TS_W_COMMAND));
        for (int i = 0; i < o->argc; i++) {
            fputc(' ', out);
            ts_html_text(out, o->argv[i]);
        }
        fputs("</code></p>", out);
    }
    fprintf(out, "<p>%s: %d</p></footer>\n</body>\n</html>\n", ts_word(lang, TS_W_EXIT_STATUS),
            o->exit_code);
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
    footer(out, e, o);
    ts_html_tally_release(&t);
    return ferror(out) || ts_results_error(e) ? -1 : 0;
}
