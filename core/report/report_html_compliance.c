/* The HTML report's compliance view (scan --compliance), drawn from the
 * model of report_compliance.h, which counts everything: per framework
 * its sections' figures, the controls worst first, the matrix (accounts x
 * controls, each cell a colour and a symbol, so it reads in black and
 * white), and a collapsible section per control. */
#include "report/report_html_parts.h"

#include <stdlib.h>
#include <string.h>
#include "report/report_compliance.h"
#include "report/report_words.h"
#include "util/error.h"

#define TOP_CONTROLS 10     /* bars in the chart of the worst controls */
#define MATRIX_OPEN_MAX 50  /* a matrix of more accounts starts collapsed */
#define CONTROL_ACCOUNTS 100 /* accounts a control's section names per status */

/* One symbol per status, in enum order. */
static const char *const symbols[TS_CONTROL_NSTATUS] = {
    TS_HTML_SYM_ERROR, "?", "\xE2\x80\x93" /* – */, TS_HTML_SYM_WAIVED, TS_HTML_SYM_PASS,
    "\xE2\x9C\x8E" /* ✎ */};

static void status_cell(FILE *out, enum ts_control_status st)
{
    fprintf(out, "<span class=\"sym st-%s\">%s</span>", ts_control_status_key(st), symbols[st]);
}

/* A status in the scan's language. */
static const char *status_name(enum ts_lang l, enum ts_control_status st)
{
    return ts_word_control(l, st);
}

static void legend(FILE *out, enum ts_lang l)
{
    fputs("<p class=\"legend\">", out);
    for (int st = 0; st < TS_CONTROL_NSTATUS; st++) {
        status_cell(out, st);
        fprintf(out, " %s%s", status_name(l, st),
                st + 1 < TS_CONTROL_NSTATUS ? " &nbsp; " : "");
    }
    fputs("</p>\n", out);
}

static void status_heads(FILE *out, enum ts_lang l)
{
    for (int st = 0; st < TS_CONTROL_NSTATUS; st++) {
        fputs("<th>", out);
        status_cell(out, st);
        fprintf(out, " %s</th>", status_name(l, st));
    }
}

static void sections(FILE *out, enum ts_lang l, const struct ts_compliance_framework *f)
{
    fprintf(out, "<table class=\"sections\"><tr><th>%s</th><th>%s</th>", ts_word(l, TS_W_SECTION),
            ts_word(l, TS_W_PASSED_OF_ASSESSED));
    status_heads(out, l);
    fputs("</tr>\n", out);
    for (size_t s = 0; s < f->nsections; s++) {
        const struct ts_compliance_section *x = &f->sections[s];
        size_t passed, assessed;
        ts_compliance_section_score(x, &passed, &assessed);
        fputs("<tr><td>", out);
        ts_html_text(out, x->title);
        fprintf(out, "</td><td class=\"n\">%zu / %zu</td>", passed, assessed);
        for (int st = 0; st < TS_CONTROL_NSTATUS; st++)
            fprintf(out, "<td class=\"n\">%zu</td>", x->by_status[st]);
        fputs("</tr>\n", out);
    }
    fprintf(out, "<tr><th>%s</th><td></td>", ts_word(l, TS_W_ALL_CONTROLS));
    for (int st = 0; st < TS_CONTROL_NSTATUS; st++)
        fprintf(out, "<td class=\"n\" data-framework-count=\"%s\">%zu</td>",
                ts_control_status_key(st), f->by_status[st]);
    fputs("</tr></table>\n", out);
}

/* The controls failing on the most accounts, then to review on most. */
static void worst_controls(FILE *out, enum ts_lang l, const struct ts_compliance_framework *f)
{
    struct ts_html_bar bars[TOP_CONTROLS];
    size_t nb = 0;
    char *used = ts_xmalloc(f->ncontrols ? f->ncontrols : 1);

    memset(used, 0, f->ncontrols ? f->ncontrols : 1);
    while (nb < TOP_CONTROLS) {
        size_t best = SIZE_MAX;
        for (size_t k = 0; k < f->ncontrols; k++) {
            const struct ts_compliance_control *c = &f->controls[k], *b;
            if (used[k] || !(c->accounts[TS_CONTROL_FAILED] || c->accounts[TS_CONTROL_REVIEW]))
                continue;
            b = best == SIZE_MAX ? NULL : &f->controls[best];
            if (!b || c->accounts[TS_CONTROL_FAILED] > b->accounts[TS_CONTROL_FAILED]
                || (c->accounts[TS_CONTROL_FAILED] == b->accounts[TS_CONTROL_FAILED]
                    && c->accounts[TS_CONTROL_REVIEW] > b->accounts[TS_CONTROL_REVIEW]))
                best = k;
        }
        if (best == SIZE_MAX)
            break;
        used[best] = 1;
        bars[nb++] = (struct ts_html_bar){f->controls[best].id,
                                          {f->controls[best].accounts[TS_CONTROL_FAILED], 0, 0,
                                           f->controls[best].accounts[TS_CONTROL_REVIEW]}};
    }
    free(used);
    if (nb)
        ts_html_bars(out, l, ts_word(l, TS_W_CONTROLS_CHART), bars, nb, TS_HTML_ACCOUNTS);
}

/* How many controls account a fails, then has to review: its rank. */
struct account_rank {
    size_t a, failed, review;
};

static int cmp_rank(const void *pa, const void *pb)
{
    const struct account_rank *x = pa, *y = pb;

    if (x->failed != y->failed)
        return x->failed > y->failed ? -1 : 1;
    if (x->review != y->review)
        return x->review > y->review ? -1 : 1;
    return x->a < y->a ? -1 : x->a > y->a;
}

static struct account_rank *rank_accounts(const struct ts_compliance_framework *f, size_t na)
{
    struct account_rank *r = ts_xmalloc((na ? na : 1) * sizeof(*r));

    for (size_t a = 0; a < na; a++) {
        r[a] = (struct account_rank){a, 0, 0};
        for (size_t k = 0; k < f->ncontrols; k++) {
            r[a].failed += f->controls[k].cells[a].status == TS_CONTROL_FAILED;
            r[a].review += f->controls[k].cells[a].status == TS_CONTROL_REVIEW;
        }
    }
    qsort(r, na, sizeof(*r), cmp_rank);
    return r;
}

static void cell(FILE *out, enum ts_lang l, enum ts_control_status st,
                 const struct ts_compliance_cell *c)
{
    fprintf(out, "<td class=\"m st-%s\" data-status=\"%s\"", ts_control_status_key(st),
            ts_control_status_key(st));
    if (c && (c->failed || c->review || c->waived))
        fprintf(out, l == TS_LANG_JA ? " title=\"不合格 %zu 件、要確認 %zu 件、免除 %zu 件\""
                                     : " title=\"%zu failed, %zu to review, %zu waived\"",
                c->failed, c->review, c->waived);
    fprintf(out, ">%s</td>", symbols[st]);
}

/* Rows: all accounts, then each account worst first; columns: controls. */
static void matrix(FILE *out, const struct ts_engine *e, const struct ts_compliance *c,
                   size_t fi)
{
    const struct ts_compliance_framework *f = &c->frameworks[fi];
    struct account_rank *r = rank_accounts(f, c->naccounts);
    enum ts_lang l = ts_engine_lang(e);

    fprintf(out, "<details class=\"matrix\"%s><summary>", c->naccounts <= MATRIX_OPEN_MAX ? " open"
                                                                                      : "");
    fprintf(out, l == TS_LANG_JA ? "マトリクス: %zu" TS_HTML_NBSP "コントロール × %zu" TS_HTML_NBSP
                                   "アカウント (深刻なアカウント順)"
                                 : "Matrix: %zu controls x %zu accounts, worst accounts first",
            f->ncontrols, c->naccounts);
    fputs("</summary>\n", out);
    legend(out, l);
    fputs("<div class=\"scroll\"><table class=\"matrix\" data-framework=\"", out);
    ts_html_attr(out, f->id);
    fprintf(out, "\"><tr><th>%s</th>", ts_word(l, TS_W_ACCOUNT));
    for (size_t k = 0; k < f->ncontrols; k++) {
        fprintf(out, "<th data-control=\"");
        ts_html_attr(out, f->controls[k].id);
        fprintf(out, "\"><a href=\"#c-%zu-%zu\">", fi, k);
        ts_html_text(out, f->controls[k].id);
        fputs("</a></th>", out);
    }
    fprintf(out, "</tr>\n<tr class=\"all\"><th>%s</th>", ts_word(l, TS_W_ALL_ACCOUNTS));
    for (size_t k = 0; k < f->ncontrols; k++)
        cell(out, l, f->controls[k].status, NULL);
    fputs("</tr>\n", out);
    for (size_t i = 0; i < c->naccounts; i++) {
        const struct ts_account *a = ts_engine_account(e, r[i].a);
        char label[TS_REPORT_LABEL_MAX];
        fputs("<tr data-account=\"", out);
        ts_html_attr(out, a->account_id);
        fprintf(out, "\"><th><a href=\"#a-%zu\">", r[i].a);
        ts_html_text(out, ts_report_account_label(a->account_id, a->name, label, sizeof(label)));
        fputs("</a></th>", out);
        for (size_t k = 0; k < f->ncontrols; k++)
            cell(out, l, f->controls[k].cells[r[i].a].status, &f->controls[k].cells[r[i].a]);
        fputs("</tr>\n", out);
    }
    fputs("</table></div></details>\n", out);
    free(r);
}

/* The accounts of one status on control k, at most CONTROL_ACCOUNTS. */
static void accounts_of(FILE *out, const struct ts_engine *e, const struct ts_compliance *c,
                        const struct ts_compliance_control *k, enum ts_control_status st)
{
    size_t shown = 0;
    enum ts_lang l = ts_engine_lang(e);

    if (!k->accounts[st])
        return;
    fprintf(out, "<p>");
    status_cell(out, st);
    if (l == TS_LANG_JA) /* "不合格 (5 アカウント): 333333333333 (1 件)、..." */
        fprintf(out, " %s (%zu" TS_HTML_NBSP "アカウント): ", status_name(l, st), k->accounts[st]);
    else
        fprintf(out, " %s on %zu account%s: ", ts_control_status_name(st), k->accounts[st],
                k->accounts[st] == 1 ? "" : "s");
    for (size_t a = 0; a < c->naccounts && shown < CONTROL_ACCOUNTS; a++) {
        const struct ts_compliance_cell *x = &k->cells[a];
        if (x->status != st)
            continue;
        fprintf(out, "%s<a href=\"#a-%zu\">", shown++ ? l == TS_LANG_JA ? "、" : ", " : "", a);
        ts_html_text(out, ts_engine_account(e, a)->account_id);
        fputs("</a>", out);
        if (x->failed || x->review)
            fprintf(out, l == TS_LANG_JA ? " (%zu" TS_HTML_NBSP "件)" : " (%zu)",
                    x->failed + x->review);
    }
    if (k->accounts[st] > shown)
        fprintf(out, l == TS_LANG_JA ? "、ほか %zu" TS_HTML_NBSP "アカウント (すべてマトリクスにあります)"
                                     : " and %zu more (the matrix has them all)",
                k->accounts[st] - shown);
    fputs("</p>\n", out);
}

static void control(FILE *out, const struct ts_engine *e, const struct ts_compliance *c,
                    size_t fi, size_t ki)
{
    const struct ts_compliance_control *k = &c->frameworks[fi].controls[ki];
    enum ts_lang l = ts_engine_lang(e);

    fprintf(out, "<details class=\"control\" id=\"c-%zu-%zu\" data-status=\"%s\"><summary>", fi,
            ki, ts_control_status_key(k->status));
    status_cell(out, k->status);
    fputc(' ', out);
    ts_html_text(out, k->id);
    fputs(" ", out);
    ts_html_text(out, k->title);
    fprintf(out, ": %s", status_name(l, k->status));
    /* each count with its unit: accounts fail a control, resources fail or
     * are to review */
    if ((k->failed || k->review) && l == TS_LANG_JA)
        fprintf(out, " (不合格: %zu" TS_HTML_NBSP "アカウント・%zu" TS_HTML_NBSP "リソース、"
                "要確認: %zu" TS_HTML_NBSP "リソース)",
                k->accounts[TS_CONTROL_FAILED], k->failed, k->review);
    else if (k->failed || k->review)
        fprintf(out, " (%zu account%s failed, %zu resource%s failed, %zu to review)",
                k->accounts[TS_CONTROL_FAILED], k->accounts[TS_CONTROL_FAILED] == 1 ? "" : "s",
                k->failed, k->failed == 1 ? "" : "s", k->review);
    fputs("</summary>\n", out);
    if (k->note) {
        fputs("<p class=\"note-text\">", out);
        ts_html_text(out, k->note);
        fputs("</p>\n", out);
    }
    fprintf(out, l == TS_LANG_JA ? "<p>ルール %zu" TS_HTML_NBSP "件 (実行済み %zu" TS_HTML_NBSP
                                   "件): " : "<p>Rules (%zu, %zu ran): ",
            k->nrules, k->nloaded);
    for (size_t r = 0; r < k->nrules; r++) {
        size_t i = ts_engine_find_rule(e, k->rules[r]);
        fputs(r ? l == TS_LANG_JA ? "、" : ", " : "", out);
        if (i != SIZE_MAX)
            fprintf(out, "<a href=\"#r-%zu\">", i);
        ts_html_text(out, k->rules[r]);
        fputs(i != SIZE_MAX ? "</a>" : ts_word(l, TS_W_DID_NOT_RUN), out);
    }
    fprintf(out, "%s</p>\n", k->nrules ? "" : ts_word(l, TS_W_NONE));
    for (int st = 0; st < TS_CONTROL_NSTATUS; st++)
        if (st != TS_CONTROL_PASSED && st != TS_CONTROL_MANUAL)
            accounts_of(out, e, c, k, st);
    if (k->accounts[TS_CONTROL_PASSED] && l == TS_LANG_JA)
        fprintf(out, "<p>%s %zu" TS_HTML_NBSP "アカウントで合格。</p>\n", symbols[TS_CONTROL_PASSED],
                k->accounts[TS_CONTROL_PASSED]);
    else if (k->accounts[TS_CONTROL_PASSED])
        fprintf(out, "<p>%s passed on %zu account%s.</p>\n", symbols[TS_CONTROL_PASSED],
                k->accounts[TS_CONTROL_PASSED], k->accounts[TS_CONTROL_PASSED] == 1 ? "" : "s");
    fputs("</details>\n", out);
}

void ts_html_compliance(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    const struct ts_compliance *c = o->compliance;
    enum ts_lang l = ts_engine_lang(e);

    for (size_t fi = 0; c && fi < c->nframeworks; fi++) {
        const struct ts_compliance_framework *f = &c->frameworks[fi];
        fprintf(out, "<section class=\"compliance\" id=\"compliance-%zu\"><h2>", fi);
        ts_html_text(out, f->title);
        fputs(" (", out);
        ts_html_text(out, f->id);
        fputs(")</h2>\n", out);
        if (f->scope) {
            fputs("<p class=\"meta\">", out);
            ts_html_text(out, f->scope);
            fputs("</p>\n", out);
        }
        sections(out, l, f);
        worst_controls(out, l, f);
        matrix(out, e, c, fi);
        fprintf(out, "<h3>%s</h3>\n", ts_word(l, TS_W_CONTROLS_CAP));
        for (size_t s = 0; s < f->nsections; s++) {
            const struct ts_compliance_section *x = &f->sections[s];
            fputs("<h4>", out);
            ts_html_text(out, x->title);
            fputs("</h4>\n", out);
            for (size_t k = x->first; k < x->first + x->count; k++)
                control(out, e, c, fi, k);
        }
        fputs("</section>\n", out);
    }
}
