/* The CSV report: one row per result a report shows, RFC 4180 (fields in
 * double quotes when they hold a comma, a quote or a line break; CRLF
 * between records), UTF-8 with a byte order mark so that Excel reads
 * non-ASCII names right.  The columns are stable and documented in the
 * README: new ones only ever go at the end. */
#include "report/report_csv.h"

#include <stdlib.h>
#include <string.h>
#include "engine/result.h"
#include "engine/results.h"
#include "triage/baseline.h"
#include "triage/config.h"
#include "triage/waiver.h"
#include "report/report_words.h"

static const char *const columns[] = {
    "account", "account_name", "region", "rule", "controls", "verdict", "level", "severity",
    "resource", "message", "fix", "waiver", "baseline", "file", "line"};
/* The same columns for a Japanese reader (--lang ja): read by people in a
 * spreadsheet, so the verdict, level and severity are the words the other
 * reports show (不合格, エラー, 高); names, messages and dates stay data. */
static const char *const columns_ja[] = {
    "アカウント", "アカウント名", "リージョン", "ルール", "コントロール", "判定", "レベル", "重大度",
    "リソース", "メッセージ", "修復方法", "免除", "ベースライン", "ファイル", "行"};

/* One field.  A spreadsheet runs a cell that starts with = + - @ (or a
 * tab or carriage return before one) as a formula, and snapshot names are
 * anyone's: such a text gets a leading apostrophe, as OWASP advises, and
 * reads the same. */
static void field(FILE *out, const char *s, int first)
{
    if (!first)
        fputc(',', out);
    if (!s)
        return;
    if (s[0] && strchr("=+-@\t\r", s[0])) {
        fputs("\"'", out);
    } else if (s[strcspn(s, ",\"\r\n")]) {
        fputc('"', out);
    } else {
        fputs(s, out);
        return;
    }
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* "cis-aws-3.0 3.5; aws-fsbp CloudTrail.1": the rule's controls, framework
 * first, in the rule's order. */
static void controls_field(FILE *out, const struct ts_rule *r)
{
    size_t n = 0;
    char *s, *p;

    for (char **c = r->compliance; c && *c; c++)
        n += strlen(*c) + 2;
    s = p = ts_xmalloc(n + 1);
    *p = '\0';
    for (char **c = r->compliance; c && *c; c++) {
        size_t fw = strcspn(*c, "\t");
        p += sprintf(p, "%s%.*s %s", p == s ? "" : "; ", (int)fw, *c, (*c)[fw] ? *c + fw + 1 : "");
    }
    field(out, s, 0);
    free(s);
}

/* "until 2027-03-31: reason (file:line)" ("2027-03-31 まで: ..." in
 * Japanese), or empty. */
static void waiver_field(FILE *out, enum ts_lang lang, const struct ts_report_opts *o,
                         const struct ts_result *r)
{
    const struct ts_waiver *w = o->config ? ts_waiver_of(o->config, r) : NULL;
    char *s;
    size_t n;

    if (!w) {
        field(out, NULL, 0);
        return;
    }
    n = strlen(w->expires) + strlen(w->reason) + strlen(o->config->doc.path) + 48;
    s = ts_xmalloc(n);
    snprintf(s, n, lang == TS_LANG_JA ? "%s まで: %s (%s:%u)" : "until %s: %s (%s:%u)",
             w->expires, w->reason, o->config->doc.path, w->line);
    field(out, s, 0);
    free(s);
}

static void row(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o,
                const struct ts_result *r)
{
    const struct ts_rule *rule = ts_engine_rule(e, r->rule);
    const struct ts_account *a = ts_engine_account(e, r->snapshot);
    enum ts_lang lang = ts_engine_lang(e);

    field(out, a->account_id, 1);
    field(out, a->name, 0);
    field(out, r->region, 0);
    field(out, rule->id, 0);
    controls_field(out, rule);
    field(out, ts_word_verdict(lang, r->verdict), 0);
    field(out, ts_word_level(lang, ts_result_level(rule, r)), 0);
    field(out, ts_word_severity(lang, rule->severity), 0);
    field(out, r->resource, 0);
    field(out, r->message, 0);
    field(out, r->fix, 0);
    waiver_field(out, lang, o, r);
    field(out, o->baseline ? ts_baseline_state_name(r->baseline_state) : NULL, 0);
    field(out, a->file, 0);
    fprintf(out, ",%u\r\n", r->line);
}

int ts_report_csv(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    struct ts_results_iter it;
    const struct ts_result *r;
    const char *const *names = ts_engine_lang(e) == TS_LANG_JA ? columns_ja : columns;

    fputs("\xEF\xBB\xBF", out);
    for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
        field(out, names[i], i == 0);
    fputs("\r\n", out);
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it)))
        if (ts_report_shows(r, o))
            row(out, e, o, r);
    ts_results_end(&it);
    return ferror(out) || ts_results_error(e) ? -1 : 0;
}
