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
#include "report/report_compliance.h"
#include "report/report_summary.h"
#include "report/report_words.h"
#include "util/text_width.h"

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

/* put() padded with spaces to width columns: display columns, so that
 * Japanese (two columns a character) lines up too. */
static void put_padded(FILE *out, const char *s, int width)
{
    char *v = ts_text_is_plain(s) ? NULL : ts_text_visible(s);
    size_t cols = ts_text_width(v ? v : s);

    fputs(v ? v : s, out);
    if (cols < (size_t)width)
        fprintf(out, "%*s", width - (int)cols, "");
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
 * subscriptions)": every place in another file that decided the result
 * (joined with 、 in Japanese). */
static void print_evidence(FILE *out, enum ts_lang lang, const struct ts_result *r)
{
    const char *sep = lang == TS_LANG_JA ? "、" : ", ";

    if (!r->nevidence && !r->evidence_more)
        return;
    fprintf(out, "           %s: ", lang == TS_LANG_JA ? "根拠" : "evidence");
    for (unsigned i = 0; i < r->nevidence; i++) {
        fputs(i ? sep : "", out);
        put(out, r->evidence[i].file);
        fprintf(out, ":%u (", r->evidence[i].line);
        put(out, ts_place_what(&r->evidence[i]));
        fputc(')', out);
    }
    if (r->evidence_more && lang == TS_LANG_JA)
        fprintf(out, "%sほか %u 件", r->nevidence ? sep : "", r->evidence_more);
    else if (r->evidence_more)
        fprintf(out, "%sand %u more", r->nevidence ? sep : "", r->evidence_more);
    fputc('\n', out);
}

static void print_result(FILE *out, const struct style *s, const struct ts_engine *e,
                         const struct ts_result *r, const struct ts_report_opts *o)
{
    static const enum ts_word_key label[] = {TS_W_FAIL_UPPER, TS_W_PASS_UPPER, TS_W_REVIEW_UPPER};
    const struct ts_waiver *w = ts_waiver_of(o->config, r);
    enum ts_lang lang = ts_engine_lang(e);

    fprintf(out, "    %s", w ? s->dim : verdict_color(s, e, r));
    put_padded(out, ts_word(lang, w ? TS_W_WAIVED_UPPER : label[r->verdict]), 6);
    fprintf(out, "%s ", s->off);
    put_padded(out, r->region ? r->region : "-", 14);
    fputc(' ', out);
    put(out, r->resource);
    if (r->baseline_state == TS_BASELINE_NEW || r->baseline_state == TS_BASELINE_UPDATED)
        fprintf(out, "  %s(%s)%s", s->bold,
                ts_word_baseline(lang, r->baseline_state), s->off);
    fputc('\n', out);
    /* The message is what the reader came for: never dimmed. */
    fputs("           ", out);
    put(out, r->message);
    fputc('\n', out);
    print_evidence(out, lang, r);
    if (w) {
        char about[600];
        ts_word_waiver(lang, w, 1, about, sizeof(about));
        if (lang == TS_LANG_JA)
            fprintf(out, "           免除 (%s): ", ts_word_verdict(lang, r->verdict));
        else
            fprintf(out, "           waived (%s): ", ts_verdict_name(r->verdict));
        put(out, w->reason);
        fputs(" (", out);
        put(out, about);
        fputs(lang == TS_LANG_JA ? "、" : "; ", out);
        put(out, o->config->doc.path);
        fprintf(out, ":%u:%u)\n", w->line, w->column);
        return;
    }
    if ((w = ts_waiver_expired_of(o->config, e, r))) {
        char date[TS_WORD_DATE_MAX];
        fprintf(out, "           %s%s", s->yellow,
                lang == TS_LANG_JA ? "免除の期限切れ: " : "waiver expired on ");
        put(out, ts_word_date(lang, w->expires, 0, date, sizeof(date)));
        fprintf(out, "%s (", s->off);
        put(out, o->config->doc.path);
        fprintf(out, ":%u:%u): ", w->line, w->column);
        put(out, w->reason);
        fputc('\n', out);
    }
    if (r->verdict != TS_PASS) {
        /* The result's own fix names its resources; else the rule's hint. */
        char *hint = r->fix ? NULL : ts_report_fix_hint(ts_engine_rule(e, r->rule));
        fprintf(out, "           %s: ", ts_word(ts_engine_lang(e), TS_W_FIX));
        put(out, r->fix ? r->fix : hint);
        fputc('\n', out);
        free(hint);
    }
}

/* "RULE FAILED id: cause: message". */
static void print_failure(FILE *out, const struct style *s, enum ts_lang lang,
                          const char *indent, const char *label, const struct ts_failure *f,
                          const char *end)
{
    fprintf(out, "%s%s%s%s ", indent, s->red, label, s->off);
    put(out, f->rule_id);
    fprintf(out, ": %s: ", ts_word_cause(lang, f->cause));
    put(out, f->message);
    fputs(end, out);
}

/* The snapshot's `errors`: calls that failed while collecting, so that
 * the reader knows what the rules could not see. */
static void print_collection_errors(FILE *out, const struct style *s, enum ts_lang lang,
                                    const struct ts_account *a, int named)
{
    char label[TS_REPORT_LABEL_MAX];

    for (size_t i = 0; a->errors && a->errors[i]; i++) {
        fprintf(out, "  %s%s:%s ", s->yellow, lang == TS_LANG_JA ? "収集エラー" : "collection error",
                s->off);
        if (named) { /* apart from the account's heading */
            put(out, ts_report_account_label(a->account_id, a->name, label, sizeof(label)));
            fputs(": ", out);
        }
        put(out, a->errors[i]);
        fputc('\n', out);
    }
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
    char label[TS_REPORT_LABEL_MAX], date[TS_WORD_DATE_MAX];
    enum ts_lang lang = ts_engine_lang(e);

    fprintf(out, "%s%s ", s->bold, ts_word(ts_engine_lang(e), TS_W_ACCOUNT_CAP));
    if (lang == TS_LANG_JA) {
        /* "アカウント N (name、file、パーティション aws、収集日時 ...)": one
         * parenthesis, each item named */
        put(out, a->account_id);
        fprintf(out, "%s (", s->off);
        if (a->name) {
            put(out, a->name);
            fputs("、", out);
        }
    } else {
        put(out, ts_report_account_label(a->account_id, a->name, label, sizeof(label)));
        fprintf(out, "%s  (", s->off);
    }
    put(out, a->file);
    fprintf(out, lang == TS_LANG_JA ? "、%s " : ", ", ts_word(lang, TS_W_PARTITION));
    put(out, a->partition);
    if (a->collected_at) {
        fprintf(out, "%s%s ", lang == TS_LANG_JA ? "、" : ", ", ts_word(lang, TS_W_AS_OF));
        put(out, ts_word_date(lang, a->collected_at, 1, date, sizeof(date)));
    }
    fputs(")\n", out);
    print_collection_errors(out, s, lang, a, 0);
    for (; *next && (*next)->snapshot == acct; *next = ts_results_next(it)) {
        const struct ts_result *r = *next;
        if (!ts_report_shows(r, o))
            continue;
        if (r->rule != rule) {
            const struct ts_rule *ru = ts_engine_rule(e, r->rule);
            fprintf(out, "  %s", s->bold);
            put(out, ru->id);
            fprintf(out, "%s [%s] ", s->off, ts_word_severity(lang, ru->severity));
            put(out, ru->title);
            if (ru->texts_lang != ts_engine_lang(e)) /* not translated: said so */
                fputs(" [英語のみ]", out);
            fputc('\n', out);
            rule = r->rule;
        }
        print_result(out, s, e, r, o);
    }
    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        if (ts_engine_failure(e, i)->snapshot == acct)
            print_failure(out, s, lang, "  ", ts_word(lang, TS_W_RULE_FAILED_UPPER),
                          ts_engine_failure(e, i), "\n");
}

/* "EXPIRED ", "STALE   ": the state's name in capitals, in a column (its
 * Japanese word, padded to the same display width). */
static void put_state(FILE *out, const struct style *s, enum ts_lang lang,
                      enum ts_waiver_state st)
{
    const char *name = ts_waiver_state_name(st);

    fputs("  ", out);
    fputs(s->yellow, out);
    if (lang == TS_LANG_JA) {
        put_padded(out, ts_word_waiver_state(lang, st), 9); /* 期限切れ: 8 columns, and a space */
        fputs(s->off, out);
        return;
    }
    for (const char *n = name; *n; n++)
        fputc(toupper((unsigned char)*n), out);
    fprintf(out, "%s%*s", s->off, (int)(8 - strlen(name)), "");
}

/* Expired and stale waivers: both need someone to act. */
static void print_waivers(FILE *out, const struct style *s, enum ts_lang lang,
                          const struct ts_report_opts *o)
{
    const struct ts_config *c = o->config;
    char about[600], day[11], date[TS_WORD_DATE_MAX];
    int header = 0;

    for (size_t i = 0; c && i < c->nwaivers; i++) {
        const struct ts_waiver *w = &c->waivers[i];
        enum ts_waiver_state st = ts_waiver_state(w);
        if (!ts_waiver_state_needs_action(st))
            continue;
        if (!header) {
            ts_day_format(o->today, day);
            fprintf(out, "%s%s%s (", s->bold, lang == TS_LANG_JA ? "免除" : "Waivers", s->off);
            put(out, c->doc.path);
            if (lang == TS_LANG_JA) {
                fprintf(out, "、%s時点の判定)\n", ts_word_date(lang, day, 0, date, sizeof(date)));
            } else {
                fprintf(out, ", judged on %s)\n", day);
            }
            header = 1;
        }
        ts_word_waiver(lang, w, st != TS_WAIVER_EXPIRED, about, sizeof(about));
        put_state(out, s, lang, st);
        put(out, c->doc.path);
        fprintf(out, ":%u:%u ", w->line, w->column);
        put(out, w->rule);
        fputc(' ', out);
        put(out, w->resource);
        if (st == TS_WAIVER_EXPIRED && lang == TS_LANG_JA) {
            fputs(": 期限 ", out);
            put(out, ts_word_date(lang, w->expires, 0, date, sizeof(date)));
            fputs(" (", out);
            put(out, about);
            fprintf(out, ")。免除されなくなった結果 %zu 件\n", w->matched);
        } else if (st != TS_WAIVER_EXPIRED && lang == TS_LANG_JA) {
            fputs(": 一致する結果がありません (", out);
            put(out, about);
            fputs(")。削除または修正してください\n", out);
        } else if (st == TS_WAIVER_EXPIRED) {
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
static void print_absent(FILE *out, const struct style *s, enum ts_lang lang,
                         const struct ts_report_opts *o)
{
    const struct ts_baseline *b = o->baseline;
    int header = 0;

    for (size_t i = 0; b && i < b->nresults; i++) {
        const struct ts_baseline_result *r = &b->results[i];
        if (!r->absent)
            continue;
        if (!header) {
            fprintf(out, "%s%s%s (%s", s->bold, lang == TS_LANG_JA ? "検出されなくなったもの"
                                                                 : "No longer found", s->off,
                    lang == TS_LANG_JA ? "" : "in ");
            put(out, b->doc.path);
            fputs(lang == TS_LANG_JA ? " にあり、今回は解消)\n" : ", absent now)\n", out);
            header = 1;
        }
        fprintf(out, "  %s%s%s ", s->green, lang == TS_LANG_JA ? "解消" : "ABSENT", s->off);
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
static void print_skipped(FILE *out, const struct style *s, enum ts_lang lang,
                          const struct ts_report_opts *o)
{
    for (size_t i = 0; i < o->nskipped; i++) {
        const struct ts_skipped *sk = &o->skipped[i];
        fprintf(out, "%s%s%s ", s->red, lang == TS_LANG_JA ? "除外された入力" : "INPUT SKIPPED",
                s->off);
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
        fputs(lang == TS_LANG_JA ? "このレポートは不完全です: 上記の入力が除外されています。\n\n"
                                 : "This report is incomplete: the inputs above are left out.\n\n",
              out);
}

/* ", 2 accounts not judged: INCOMPLETE, 1 account skipped" */
static void print_unjudged_counts(FILE *out, const struct style *s, enum ts_lang lang,
                                  const struct ts_report_opts *o)
{
    size_t gaps = ts_report_gaps(o), skips = o->nunjudged - gaps;

    if (lang == TS_LANG_JA) {
        if (gaps)
            fprintf(out, "、%s判定されなかったアカウント %zu 件: 不完全%s", s->red, gaps, s->off);
        if (skips)
            fprintf(out, "、スキップしたアカウント %zu 件", skips);
        return;
    }
    if (gaps)
        fprintf(out, ", %s%zu account%s not judged: INCOMPLETE%s", s->red, gaps,
                gaps == 1 ? "" : "s", s->off);
    if (skips)
        fprintf(out, ", %zu account%s skipped", skips, skips == 1 ? "" : "s");
}

/* The accounts an organisation's manifest lists that no snapshot judged,
 * first too: a gap (failed, missing) makes the report incomplete. */
static void print_unjudged(FILE *out, const struct style *s, enum ts_lang lang,
                           const struct ts_report_opts *o)
{
    char label[TS_REPORT_LABEL_MAX], why[1024];
    size_t gaps = ts_report_gaps(o);

    for (size_t i = 0; i < o->nunjudged; i++) {
        const struct ts_org_account *a = o->unjudged[i];
        int gap = ts_org_account_gap(a);
        if (lang == TS_LANG_JA)
            fprintf(out, "%s%s%s ", gap ? s->red : s->yellow,
                    gap ? "判定されなかったアカウント" : "スキップしたアカウント", s->off);
        else
            fprintf(out, "%s%s%s ", gap ? s->red : s->yellow,
                    gap ? "ACCOUNT NOT JUDGED" : "ACCOUNT SKIPPED", s->off);
        put(out, ts_word_org_label(lang, a, label, sizeof(label)));
        fputs(": ", out);
        put(out, ts_word_org_reason(lang, a, why, sizeof(why)));
        fputs(" (", out);
        put(out, a->manifest);
        fprintf(out, ":%u:%u)\n", a->line, a->column);
    }
    if (gaps && lang == TS_LANG_JA)
        fprintf(out, "このレポートは不完全です: 組織のアカウント %zu 件に結果がありません。\n", gaps);
    else if (gaps)
        fprintf(out, "This report is incomplete: %zu account%s of the organisation %s no"
                " results.\n", gaps, gaps == 1 ? "" : "s", gaps == 1 ? "has" : "have");
    if (o->nunjudged)
        fputc('\n', out);
}

/* ---- totals first ------------------------------------------------------ */

/* "3 failed (1 error, 0 warning, 2 note), 2 to review": the one way
 * every summary line says it. */
static void put_failed(FILE *out, const size_t failed[4], size_t review, enum ts_lang lang)
{
    if (lang == TS_LANG_JA) {
        fprintf(out, "不合格 %zu 件 (エラー %zu、警告 %zu、注記 %zu)、要確認 %zu 件",
                failed[TS_LEVEL_ERROR] + failed[TS_LEVEL_WARNING] + failed[TS_LEVEL_NOTE],
                failed[TS_LEVEL_ERROR], failed[TS_LEVEL_WARNING], failed[TS_LEVEL_NOTE],
                review);
        return;
    }
    fprintf(out, "%zu failed (%zu error, %zu warning, %zu note), %zu to review",
            failed[TS_LEVEL_ERROR] + failed[TS_LEVEL_WARNING] + failed[TS_LEVEL_NOTE],
            failed[TS_LEVEL_ERROR], failed[TS_LEVEL_WARNING], failed[TS_LEVEL_NOTE], review);
}

static void print_by_rule(FILE *out, const struct style *s, const struct ts_engine *e,
                          const struct ts_report_summary *sum)
{
    if (!sum->nrule_order)
        return;
    fprintf(out, "%s%s%s%s:\n", s->bold, ts_word(ts_engine_lang(e), TS_W_BY_RULE), s->off,
            ts_engine_lang(e) == TS_LANG_JA ? " (深刻な順)" : " (worst first)");
    for (size_t i = 0; i < sum->nrule_order; i++) {
        size_t k = sum->rule_order[i];
        const struct ts_rule_tally *t = &sum->rules[k];
        const char *level = t->failed ? ts_word_level(ts_engine_lang(e), ts_report_rule_level(e, k))
                                       : ts_word(ts_engine_lang(e), TS_W_REVIEW);
        fputs("  ", out);
        put_padded(out, level, 8); /* display width: エラー */
        fputc(' ', out);
        put_padded(out, ts_engine_rule(e, k)->id, 40);
        if (ts_engine_lang(e) == TS_LANG_JA)
            fprintf(out, " 不合格 %zu 件、要確認 %zu 件、%zu アカウント", t->failed, t->review,
                    t->accounts);
        else
            fprintf(out, " %zu failed, %zu to review, in %zu account%s", t->failed, t->review,
                    t->accounts, t->accounts == 1 ? "" : "s");
        if (t->waived)
            fprintf(out, ts_engine_lang(e) == TS_LANG_JA ? "、免除 %zu 件" : "; %zu waived",
                    t->waived);
        fputc('\n', out);
    }
}

static void print_account_line(FILE *out, const struct ts_engine *e,
                               const struct ts_report_summary *sum, size_t k)
{
    const struct ts_account *a = ts_engine_account(e, k);
    const struct ts_account_tally *t = &sum->accounts[k];
    char label[TS_REPORT_LABEL_MAX], date[TS_WORD_DATE_MAX];
    size_t nerr = ts_account_nerrors(a);

    fputs("  ", out);
    put(out, ts_report_account_label(a->account_id, a->name, label, sizeof(label)));
    if (a->collected_at) {
        fprintf(out, " %s ", ts_word(ts_engine_lang(e), TS_W_AS_OF));
        put(out, ts_word_date(ts_engine_lang(e), a->collected_at, 1, date, sizeof(date)));
    }
    fputs(": ", out);
    put_failed(out, t->failed, t->review, ts_engine_lang(e));
    if (ts_engine_lang(e) == TS_LANG_JA) {
        if (t->waived)
            fprintf(out, "、免除 %zu 件", t->waived);
        if (nerr)
            fprintf(out, "、収集エラー %zu 件", nerr);
    } else {
        if (t->waived)
            fprintf(out, ", %zu waived", t->waived);
        if (nerr)
            fprintf(out, "; %zu collection error%s", nerr, nerr == 1 ? "" : "s");
    }
    fputc('\n', out);
}

/* Every account, or past TS_REPORT_MANY_ACCOUNTS the worst few (the
 * details have them all). */
static void print_by_account(FILE *out, const struct style *s, const struct ts_engine *e,
                             const struct ts_report_summary *sum, const struct ts_report_opts *o)
{
    size_t n = sum->naccounts, shown = n;

    if (!n)
        return;
    if (n > TS_REPORT_MANY_ACCOUNTS && !o->verbose)
        shown = TS_REPORT_WORST_ACCOUNTS;
    fprintf(out, "%s%s%s%s", s->bold, ts_word(ts_engine_lang(e), TS_W_BY_ACCOUNT), s->off,
            ts_engine_lang(e) == TS_LANG_JA ? " (深刻な順" : " (worst first");
    if (shown < n && ts_engine_lang(e) == TS_LANG_JA)
        fprintf(out, "、%zu 件中の上位 %zu 件", n, shown);
    else if (shown < n)
        fprintf(out, "; the %zu worst of %zu", shown, n);
    fputs("):\n", out);
    for (size_t i = 0; i < shown; i++)
        print_account_line(out, e, sum, sum->account_order[i]);
}

static void print_totals(FILE *out, const struct style *s, const struct ts_engine *e,
                         const struct ts_report_opts *o, const struct ts_report_summary *sum,
                         const struct ts_report_counts *n)
{
    if (ts_engine_lang(e) == TS_LANG_JA)
        fprintf(out, "%strailscan:%s %zu アカウント、%zu ルール\n", s->bold, s->off,
                ts_engine_naccounts(e), ts_engine_nrules(e));
    else
        fprintf(out, "%strailscan:%s %zu account%s, %zu rule%s\n", s->bold, s->off,
                ts_engine_naccounts(e), ts_engine_naccounts(e) == 1 ? "" : "s",
                ts_engine_nrules(e), ts_engine_nrules(e) == 1 ? "" : "s");
    fprintf(out, "%s%s:%s ", s->bold, ts_word(ts_engine_lang(e), TS_W_TOTALS), s->off);
    put_failed(out, n->by_level, n->verdicts[TS_REVIEW], ts_engine_lang(e));
    if (ts_engine_lang(e) == TS_LANG_JA)
        fprintf(out, "、合格 %zu 件", n->verdicts[TS_PASS]);
    else
        fprintf(out, ", %zu passed", n->verdicts[TS_PASS]);
    if (ts_engine_lang(e) == TS_LANG_JA) {
        if (n->waived)
            fprintf(out, "、免除 %zu 件", n->waived);
        if (ts_engine_nfailures(e))
            fprintf(out, "、ルール実行失敗 %zu 件", ts_engine_nfailures(e));
    } else {
        if (n->waived)
            fprintf(out, ", %zu waived", n->waived);
        if (ts_engine_nfailures(e))
            fprintf(out, ", %zu rule failure%s", ts_engine_nfailures(e),
                    ts_engine_nfailures(e) == 1 ? "" : "s");
    }
    fputc('\n', out);
    print_by_rule(out, s, e, sum);
    print_by_account(out, s, e, sum, o);
    fputc('\n', out);
}

/* ---- the compliance view (--compliance) --------------------------------- */

/* "failed in 2 accounts (3 resources), passed in 1 account". */
static void put_control_counts(FILE *out, enum ts_lang lang,
                               const struct ts_compliance_control *k)
{
    static const enum ts_control_status order[] = {
        TS_CONTROL_FAILED, TS_CONTROL_REVIEW, TS_CONTROL_WAIVED, TS_CONTROL_NOT_ASSESSED,
        TS_CONTROL_PASSED};
    const char *sep = "";

    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        enum ts_control_status st = order[i];
        size_t n = k->accounts[st];
        size_t res = st == TS_CONTROL_FAILED ? k->failed : st == TS_CONTROL_REVIEW ? k->review
                   : st == TS_CONTROL_WAIVED ? k->waived : 0;
        if (!n)
            continue;
        if (lang == TS_LANG_JA) { /* "2 アカウントで不合格 (リソース 3 件)、1 アカウントで合格" */
            fprintf(out, "%s%zu アカウントで%s", sep, n, ts_word_control(lang, st));
            if (res)
                fprintf(out, " (リソース %zu 件)", res);
            sep = "、";
            continue;
        }
        fprintf(out, "%s%s in %zu account%s", sep, ts_control_status_name(st), n,
                n == 1 ? "" : "s");
        if (res)
            fprintf(out, " (%zu resource%s)", res, res == 1 ? "" : "s");
        sep = ", ";
    }
}

static const char *status_color(const struct style *s, enum ts_control_status st)
{
    switch (st) {
    case TS_CONTROL_FAILED: return s->red;
    case TS_CONTROL_REVIEW: case TS_CONTROL_NOT_ASSESSED: return s->yellow;
    case TS_CONTROL_PASSED: return s->green;
    default: return s->cyan;
    }
}

/* The width of the control-id column: the framework's longest id, at
 * least 8 ("CloudTrail.10" is longer). */
static int id_width(const struct ts_compliance_framework *f)
{
    size_t w = 8;

    for (size_t k = 0; k < f->ncontrols; k++) {
        char *v = ts_text_is_plain(f->controls[k].id) ? NULL : ts_text_visible(f->controls[k].id);
        size_t cols = ts_text_width(v ? v : f->controls[k].id);
        w = cols > w ? cols : w;
        free(v);
    }
    return w > 64 ? 64 : (int)w; /* a catalogue's odd id must not push the rest off screen */
}

/* id_w: the id column's width; the counts line starts under the status. */
static void print_control(FILE *out, const struct style *s, enum ts_lang lang,
                          const struct ts_compliance_control *k, int id_w)
{
    fputs("    ", out);
    put_padded(out, k->id, id_w);
    fprintf(out, " %s", status_color(s, k->status));
    put_padded(out, ts_word_control(lang, k->status), 12);
    fprintf(out, "%s ", s->off);
    put(out, k->title);
    fprintf(out, "\n%*s", 4 + id_w + 1, "");
    if (k->status == TS_CONTROL_MANUAL || k->nrules == 0) {
        put(out, k->note ? k->note : ts_word(lang, TS_W_NO_RULE_JUDGES_IT));
    } else {
        put_control_counts(out, lang, k);
        fputs(lang == TS_LANG_JA ? "。ルール: " : "; rules: ", out);
        for (size_t r = 0; r < k->nrules; r++) {
            fputs(r ? lang == TS_LANG_JA ? "、" : ", " : "", out);
            put(out, k->rules[r]);
        }
        if (k->nloaded < k->nrules)
            fprintf(out, lang == TS_LANG_JA ? " (未実行 %zu 件)" : " (%zu not run)",
                    k->nrules - k->nloaded);
    }
    fputc('\n', out);
}

static void print_compliance(FILE *out, const struct style *s, enum ts_lang lang,
                             const struct ts_report_opts *o)
{
    const struct ts_compliance *c = o->compliance;

    for (size_t i = 0; c && i < c->nframeworks; i++) {
        const struct ts_compliance_framework *f = &c->frameworks[i];
        int id_w = id_width(f);
        fprintf(out, "%s%s: ", s->bold, lang == TS_LANG_JA ? "コンプライアンス" : "Compliance");
        put(out, f->id);
        /* "id (title、scope)" in Japanese: one colon, one list */
        fprintf(out, "%s%s", s->off, lang == TS_LANG_JA ? " (" : " ");
        put(out, f->title);
        if (f->scope) {
            fputs(lang == TS_LANG_JA ? "、" : ", ", out);
            put(out, f->scope);
        }
        if (lang == TS_LANG_JA)
            fprintf(out, "): %zu コントロール、%zu アカウント\n", f->ncontrols, c->naccounts);
        else
            fprintf(out, ": %zu controls over %zu account%s\n", f->ncontrols, c->naccounts,
                    c->naccounts == 1 ? "" : "s");
        for (size_t sec = 0; sec < f->nsections; sec++) {
            const struct ts_compliance_section *x = &f->sections[sec];
            fprintf(out, "  %s", s->bold);
            put(out, x->title);
            fprintf(out, "%s: ", s->off);
            ts_compliance_section_score_put(out, lang, x);
            fputc('\n', out);
            for (size_t k = x->first; k < x->first + x->count; k++)
                print_control(out, s, lang, &f->controls[k], id_w);
        }
        fputc('\n', out);
    }
}

/* ---- an organisation's details: by rule --------------------------------- */

/* Past TS_REPORT_MANY_ACCOUNTS (without --verbose) the details are by
 * rule, with counts; only errors are listed one by one.  They are copied
 * on the summary's walk (errors only: what a build fails on, and few). */
struct error_rows {
    struct ts_result *items;
    size_t n, alloc;
};

static void keep_error(struct error_rows *rows, const struct ts_result *r)
{
    if (rows->n == rows->alloc) {
        rows->alloc = rows->alloc ? 2 * rows->alloc : 64;
        rows->items = ts_xrealloc(rows->items, rows->alloc * sizeof(*rows->items));
    }
    ts_result_copy(&rows->items[rows->n++], r);
}

static void error_rows_release(struct error_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++)
        ts_result_copy_release(&rows->items[i]);
    free(rows->items);
}

static void print_error_row(FILE *out, const struct style *s, const struct ts_engine *e,
                            const struct ts_result *r, const struct ts_report_opts *o)
{
    const struct ts_account *a = ts_engine_account(e, r->snapshot);
    char label[TS_REPORT_LABEL_MAX];

    fprintf(out, "    %s ", ts_word(ts_engine_lang(e), TS_W_ACCOUNT));
    put(out, ts_report_account_label(a->account_id, a->name, label, sizeof(label)));
    fputs(":\n", out);
    print_result(out, s, e, r, o);
}

/* What the text report takes from each result on the summary's walk: its
 * counts, and the errors the details by rule list (rows NULL: by account). */
struct first_walk {
    const struct ts_engine *e;
    struct ts_report_counts *n;
    struct error_rows *rows;
};

static void on_first_walk(void *ctx, const struct ts_result *r)
{
    const struct first_walk *w = ctx;

    ts_report_count_add(w->e, w->n, r);
    if (w->rows && r->verdict == TS_FAIL && !r->waiver
        && ts_report_rule_level(w->e, r->rule) == TS_LEVEL_ERROR)
        keep_error(w->rows, r);
}

static void print_by_rule_details(FILE *out, const struct style *s, const struct ts_engine *e,
                                  const struct ts_report_opts *o,
                                  const struct ts_report_summary *sum,
                                  const struct error_rows *errors)
{
    enum ts_lang lang = ts_engine_lang(e);
    size_t n = ts_engine_naccounts(e);

    if (n == 0) /* (many inputs, none judged: nothing to detail) */
        return;
    if (lang == TS_LANG_JA)
        fprintf(out, "%sルール別の詳細%s (%zu アカウント: エラーのみ記載。--verbose でアカウント別に"
                "すべての結果を記載)\n", s->bold, s->off, n);
    else
        fprintf(out, "%sDetails by rule%s (%zu account%s: errors listed; --verbose lists every"
                " result by account)\n", s->bold, s->off, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < sum->nrule_order; i++) {
        size_t k = sum->rule_order[i];
        const struct ts_rule *ru = ts_engine_rule(e, k);
        const struct ts_rule_tally *t = &sum->rules[k];
        fprintf(out, "  %s", s->bold);
        put(out, ru->id);
        fprintf(out, "%s [%s] ", s->off, ts_word_severity(lang, ru->severity));
        put(out, ru->title);
        if (lang == TS_LANG_JA)
            fprintf(out, ": 不合格 %zu 件、要確認 %zu 件、%zu アカウント\n", t->failed, t->review,
                    t->accounts);
        else
            fprintf(out, ": %zu failed, %zu to review, in %zu account%s\n", t->failed, t->review,
                    t->accounts, t->accounts == 1 ? "" : "s");
        for (size_t j = 0; j < errors->n; j++)
            if (errors->items[j].rule == k)
                print_error_row(out, s, e, &errors->items[j], o);
    }
    for (size_t a = 0; a < ts_engine_naccounts(e); a++)
        print_collection_errors(out, s, lang, ts_engine_account(e, a), 1);
    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        if (ts_engine_failure(e, i)->snapshot != SIZE_MAX)
            print_failure(out, s, lang, "  ", ts_word(lang, TS_W_RULE_FAILED_UPPER),
                          ts_engine_failure(e, i), "\n");
    fputc('\n', out);
}

static void print_by_account_details(FILE *out, const struct style *s,
                                     const struct ts_engine *e, const struct ts_report_opts *o)
{
    struct ts_results_iter it;
    struct ts_result *next;

    ts_results_begin(&it, e);
    next = ts_results_next(&it);
    for (size_t a = 0; a < ts_engine_naccounts(e); a++) {
        print_account(out, s, e, a, &it, &next, o);
        fputc('\n', out);
    }
    ts_results_end(&it);
}

/* The summary line's waivers, baseline, failures and skipped inputs. */
static void print_summary_tail(FILE *out, const struct style *s, const struct ts_engine *e,
                               const struct ts_report_opts *o, const struct ts_report_counts *n)
{
    if (o->config && o->config->nwaivers)
        fprintf(out, ", %zu waived (%zu waiver%s expired, %zu stale)", n->waived, n->expired,
                n->expired == 1 ? "" : "s", n->stale);
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
}

static void print_summary_tail_ja(FILE *out, const struct style *s, const struct ts_engine *e,
                                  const struct ts_report_opts *o,
                                  const struct ts_report_counts *n)
{
    if (o->config && o->config->nwaivers)
        fprintf(out, "、免除 %zu 件 (期限切れの免除 %zu 件、該当のない免除 %zu 件)", n->waived,
                n->expired, n->stale);
    if (o->baseline)
        fprintf(out, "、ベースラインとの比較: 新規 %zu 件、変化あり %zu 件、変化なし %zu 件、"
                "解消 %zu 件", o->baseline->counts[TS_BASELINE_NEW],
                o->baseline->counts[TS_BASELINE_UPDATED],
                o->baseline->counts[TS_BASELINE_UNCHANGED],
                o->baseline->counts[TS_BASELINE_ABSENT]);
    if (ts_engine_nfailures(e))
        fprintf(out, "、%sルール実行失敗 %zu 件%s", s->red, ts_engine_nfailures(e), s->off);
    if (o->nskipped)
        fprintf(out, "、%s除外された入力 %zu 件: 不完全%s", s->red, o->nskipped, s->off);
}

int ts_report_text(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    const struct style *s = o->color ? &colors : &plain;
    struct ts_report_counts n;
    struct ts_report_summary sum;
    enum ts_lang lang = ts_engine_lang(e);
    int by_rule = !o->verbose && (ts_engine_naccounts(e) > TS_REPORT_MANY_ACCOUNTS
                                  || o->ninputs > TS_REPORT_MANY_ACCOUNTS);
    struct error_rows errors = {NULL, 0, 0};
    struct first_walk walk = {e, &n, by_rule ? &errors : NULL};

    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        if (ts_engine_failure(e, i)->snapshot == SIZE_MAX)
            print_failure(out, s, lang, "", ts_word(lang, TS_W_RULE_FAILED_TO_LOAD_UPPER),
                          ts_engine_failure(e, i), "\n\n");
    print_skipped(out, s, lang, o);
    print_unjudged(out, s, lang, o);
    /* The totals, the summary line's counts and the errors listed by rule
     * all come from one reading of the result log (each reads every
     * result back). */
    ts_report_count_start(e, o, &n);
    ts_report_summary_build_each(&sum, e, on_first_walk, &walk);
    print_totals(out, s, e, o, &sum, &n);
    print_compliance(out, s, lang, o);
    if (by_rule)
        print_by_rule_details(out, s, e, o, &sum, &errors);
    else
        print_by_account_details(out, s, e, o);
    error_rows_release(&errors);
    ts_report_summary_release(&sum);
    print_waivers(out, s, lang, o);
    print_absent(out, s, lang, o);
    if (ts_engine_lang(e) == TS_LANG_JA)
        fprintf(out, "%s概要:%s %zu アカウント、%zu ルール: %s不合格 %zu 件%s (エラー %zu、警告 %zu、"
                "注記 %zu)、要確認 %zu 件、合格 %zu 件", s->bold, s->off, ts_engine_naccounts(e),
                ts_engine_nrules(e), s->red, n.verdicts[TS_FAIL], s->off,
                n.by_level[TS_LEVEL_ERROR], n.by_level[TS_LEVEL_WARNING],
                n.by_level[TS_LEVEL_NOTE], n.verdicts[TS_REVIEW], n.verdicts[TS_PASS]);
    else
        fprintf(out, "%sSummary:%s %zu account%s, %zu rule%s: %s%zu failed%s (%zu error, %zu"
                " warning, %zu note), %zu to review, %zu passed",
                s->bold, s->off, ts_engine_naccounts(e), ts_engine_naccounts(e) == 1 ? "" : "s",
                ts_engine_nrules(e), ts_engine_nrules(e) == 1 ? "" : "s", s->red,
                n.verdicts[TS_FAIL], s->off, n.by_level[TS_LEVEL_ERROR],
                n.by_level[TS_LEVEL_WARNING], n.by_level[TS_LEVEL_NOTE], n.verdicts[TS_REVIEW],
                n.verdicts[TS_PASS]);
    if (lang == TS_LANG_JA)
        print_summary_tail_ja(out, s, e, o, &n);
    else
        print_summary_tail(out, s, e, o, &n);
    print_unjudged_counts(out, s, lang, o);
    fputc('\n', out);
    return ferror(out) || ts_results_error(e) ? -1 : 0;
}
