/* The HTML report's accounts: one collapsible section each, in scan
 * order, with what the snapshot says of itself (name, collected_at,
 * collection errors) and every finding with its message, its fix, its
 * waiver and baseline state, and the snapshot's object as evidence. */
#include "report/report_html_parts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "engine/result.h"
#include "engine/results.h"
#include "triage/baseline.h"
#include "triage/config.h"
#include "triage/waiver.h"
#include "report/report_words.h"
#include "util/error.h"

#define EVIDENCE_MAX 3000 /* bytes of one finding's evidence shown */

struct walk {
    FILE *out;
    const struct ts_engine *e;
    const struct ts_report_opts *o;
    const struct ts_html_tally *t;
    struct ts_html_source src;
    size_t account;         /* the open section's, or SIZE_MAX */
    size_t next;            /* the first account without a section yet */
    size_t rule;            /* the rule whose findings are being listed */
    /* The evidence the open section shows already (many findings judge the
     * same object: each shows it once, the others link to it). */
    struct shown { uint64_t file; unsigned line, column; size_t id; } *shown;
    size_t nshown, cap;
    size_t nfinding;        /* findings so far: their ids */
    enum ts_lang lang;      /* the scan's: the words around the findings */
};

static void dd(FILE *out, const char *term, const char *text)
{
    fprintf(out, "<dt>%s</dt><dd>", term);
    ts_html_text(out, text);
    fputs("</dd>", out);
}

static void collection_errors(FILE *out, enum ts_lang l, const struct ts_account *a)
{
    size_t n = ts_account_nerrors(a);

    if (!n)
        return;
    if (l == TS_LANG_JA)
        fprintf(out, "<h4 class=\"warning\">収集エラー (%zu" TS_HTML_NBSP "件): 読み取れなかった"
                "ものは判定されていません</h4>\n<ul class=\"collection-errors\">\n", n);
    else
        fprintf(out, "<h4 class=\"warning\">Collection errors (%zu): what could not be read is "
                "not judged</h4>\n<ul class=\"collection-errors\">\n", n);
    for (size_t i = 0; i < n; i++) {
        fputs("<li>", out);
        ts_html_text(out, a->errors[i]);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
}

static void open_account(struct walk *w, size_t i)
{
    const struct ts_account *a = ts_engine_account(w->e, i);
    const struct ts_html_count *c = &w->t->by_account[i];
    char label[TS_REPORT_LABEL_MAX], words[256];
    const char *sym, *cls = ts_html_count_class(c, &sym);
    enum ts_lang l = w->lang;
    char date[TS_WORD_DATE_MAX];

    ts_html_count_words(l, c, words, sizeof(words));
    fprintf(w->out, "<details class=\"account\" id=\"a-%zu\" data-account=\"", i);
    ts_html_attr(w->out, a->account_id);
    fprintf(w->out, "\"><summary><span class=\"sym %s\">%s</span> ", cls, sym);
    ts_html_text(w->out, ts_report_account_label(a->account_id, a->name, label, sizeof(label)));
    fprintf(w->out, ": %s</summary>\n<dl>", words);
    dd(w->out, ts_word(l, TS_W_ACCOUNT), a->account_id);
    if (a->name)
        dd(w->out, ts_word(l, TS_W_NAME), a->name);
    if (a->collected_at && l == TS_LANG_JA) {
        /* the day in prose, and the timestamp itself: it is data */
        fprintf(w->out, "<dt>%s</dt><dd>", ts_word(l, TS_W_COLLECTED_AT));
        ts_html_text(w->out, ts_word_date(l, a->collected_at, 1, date, sizeof(date)));
        fputs(" (", w->out);
        ts_html_text(w->out, a->collected_at);
        fputs(")</dd>", w->out);
    } else {
        dd(w->out, ts_word(l, TS_W_COLLECTED_AT), a->collected_at ? a->collected_at
                                                              : ts_word(l, TS_W_UNKNOWN));
    }
    dd(w->out, ts_word(l, TS_W_PARTITION), a->partition);
    dd(w->out, ts_word(l, TS_W_SNAPSHOT), a->file);
    if (a->sha256[0])
        dd(w->out, "SHA-256", a->sha256);
    fputs("</dl>\n", w->out);
    collection_errors(w->out, l, a);
    w->account = i;
    w->next = i + 1;
    w->nshown = 0;
    w->rule = SIZE_MAX;
}

static void close_account(struct walk *w)
{
    if (w->account != SIZE_MAX)
        fputs("</details>\n", w->out);
    w->account = SIZE_MAX;
}

/* Moves on to account k's section (k = the number of accounts: past the
 * last): the accounts in between have one all the same, saying they had
 * nothing to report -- they were judged. */
static void goto_account(struct walk *w, size_t k)
{
    close_account(w);
    while (w->next < k) {
        open_account(w, w->next);
        fprintf(w->out, "<p>%s</p>\n", ts_word(w->lang, TS_W_NOTHING_TO_REPORT));
        close_account(w);
    }
    if (k < ts_engine_naccounts(w->e))
        open_account(w, k);
}

static void rule_heading(struct walk *w, size_t rule)
{
    const struct ts_rule *r = ts_engine_rule(w->e, rule);

    fprintf(w->out, "<h4><a href=\"#r-%zu\">", rule);
    ts_html_text(w->out, r->id);
    fputs("</a>: ", w->out);
    ts_html_text(w->out, r->title);
    /* its findings below are English: said where they are read, as in the
     * text report, not only under "Rules and their remediation" */
    if (r->texts_lang != w->lang)
        fprintf(w->out, " <span class=\"tag\">%s</span>", ts_word(w->lang, TS_W_ENGLISH_ONLY));
    fputs("</h4>\n", w->out);
    w->rule = rule;
}

static void tags(struct walk *w, const struct ts_result *r, const char *cls, const char *sym)
{
    const struct ts_rule *rule = ts_engine_rule(w->e, r->rule);
    enum ts_lang l = w->lang;

    fprintf(w->out, "<p><span class=\"tag %s\"><span class=\"sym\">%s</span> %s",
            cls, sym, l == TS_LANG_JA ? ts_word_verdict(l, r->verdict)
                      : r->verdict == TS_REVIEW ? "to review" : ts_verdict_name(r->verdict));
    if (r->verdict == TS_FAIL)
        fprintf(w->out, ": %s", ts_word_level(l, ts_result_level(rule, r)));
    fputs("</span>", w->out);
    if (r->waiver)
        fprintf(w->out, "<span class=\"tag waived\">%s</span>", ts_word(l, TS_W_WAIVED));
    if (w->o->baseline && r->baseline_state != TS_BASELINE_NONE)
        fprintf(w->out, "<span class=\"tag baseline\">%s%s</span>",
                ts_word_baseline(l, r->baseline_state),
                r->worse ? ts_word(l, TS_W_WORSE) : "");
    fputs("<span class=\"res\">", w->out);
    ts_html_text(w->out, r->resource);
    fputs("</span>", w->out);
    if (r->region) {
        fputs(" <span class=\"region\">", w->out);
        ts_html_text(w->out, r->region);
        fputs("</span>", w->out);
    }
    fputs("</p>\n", w->out);
}

static void waiver(struct walk *w, const struct ts_result *r)
{
    const struct ts_config *c = w->o->config;
    const struct ts_waiver *wv = c ? ts_waiver_of(c, r) : NULL;
    char who[512];

    if (!wv)
        return;
    ts_word_waiver(w->lang, wv, 1, who, sizeof(who));
    fprintf(w->out, "<p class=\"waiver\">%s (", ts_word(w->lang, TS_W_WAIVED_CAP));
    ts_html_text(w->out, who);
    fputs("): ", w->out);
    ts_html_text(w->out, wv->reason);
    fputs(" <code>", w->out);
    ts_html_text(w->out, c->doc.path);
    fprintf(w->out, ":%u:%u</code></p>\n", wv->line, wv->column);
}

/* FNV-1a of a path: shown evidence is told apart by file, line, column. */
static uint64_t path_hash(const char *s)
{
    uint64_t h = 14695981039346656037u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The finding whose evidence is this object, if the section showed it;
 * else SIZE_MAX, and it is remembered as shown by finding `id`. */
static size_t shown_by(struct walk *w, const char *file, unsigned line, unsigned column,
                       size_t id)
{
    uint64_t h = path_hash(file);

    for (size_t i = 0; i < w->nshown; i++)
        if (w->shown[i].file == h && w->shown[i].line == line && w->shown[i].column == column)
            return w->shown[i].id;
    if (w->nshown == w->cap)
        w->shown = ts_xrealloc(w->shown, (w->cap = w->cap ? 2 * w->cap : 64) * sizeof(*w->shown));
    w->shown[w->nshown++] = (struct shown){h, line, column, id};
    return SIZE_MAX;
}

/* The object at file:line:column, said as label ("Evidence", or what an
 * organisation-view place is); shown once, later mentions link to it. */
static void evidence_at(struct walk *w, const char *label, const char *file, unsigned line,
                        unsigned column)
{
    size_t first;
    char *text;

    if (!line)
        return;
    if ((first = shown_by(w, file, line, column, w->nfinding)) != SIZE_MAX) {
        fputs("<p class=\"evidence\">", w->out);
        ts_html_text(w->out, label);
        fputs(": <code>", w->out);
        ts_html_text(w->out, file);
        fprintf(w->out, w->lang == TS_LANG_JA ? ":%u:%u</code> (<a href=\"#f-%zu\">%s</a>)</p>\n"
                                              : ":%u:%u</code>, <a href=\"#f-%zu\">%s</a></p>\n",
                line, column, first, ts_word(w->lang, TS_W_SHOWN_ABOVE));
        return;
    }
    text = ts_html_evidence(&w->src, w->lang, file, line, column, EVIDENCE_MAX);
    fputs("<details class=\"evidence\"><summary>", w->out);
    ts_html_text(w->out, label);
    fputs(": <code>", w->out);
    ts_html_text(w->out, file);
    fprintf(w->out, ":%u:%u</code></summary>", line, column);
    if (text) {
        fputs("<pre>", w->out);
        ts_html_lines(w->out, text);
        fputs("</pre>", w->out);
    } else {
        fprintf(w->out, "<p>%s</p>", ts_word(w->lang, TS_W_SNAPSHOT_NOT_READ));
    }
    fputs("</details>\n", w->out);
    free(text);
}

/* The object the rule judged, then each place in another account's
 * snapshot that decided it (the organisation view). */
static void evidence(struct walk *w, const struct ts_result *r)
{
    const char *word = ts_word(w->lang, TS_W_EVIDENCE);

    evidence_at(w, word, ts_engine_account(w->e, r->snapshot)->file, r->line, r->column);
    for (unsigned i = 0; i < r->nevidence; i++) {
        char label[300];
        snprintf(label, sizeof(label), "%s (%s)", word, ts_place_what(&r->evidence[i]));
        evidence_at(w, label, r->evidence[i].file, r->evidence[i].line, r->evidence[i].column);
    }
    if (r->evidence_more)
        fprintf(w->out, w->lang == TS_LANG_JA ? "<p class=\"evidence\">ほかに根拠の箇所 %u"
                                                TS_HTML_NBSP "件</p>\n"
                                              : "<p class=\"evidence\">and %u more places of"
                                                " evidence</p>\n", r->evidence_more);
}

static void finding(struct walk *w, const struct ts_result *r)
{
    const struct ts_rule *rule = ts_engine_rule(w->e, r->rule);
    const char *sym, *cls = ts_html_result_class(w->e, r, &sym);

    if (r->snapshot != w->account)
        goto_account(w, r->snapshot);
    if (r->rule != w->rule)
        rule_heading(w, r->rule);
    fprintf(w->out, "<div class=\"finding f-%s\" id=\"f-%zu\" data-verdict=\"%s\" "
            "data-level=\"%s\" "
            "data-rule=\"", cls, w->nfinding, ts_verdict_name(r->verdict),
            ts_level_name(ts_result_level(rule, r)));
    ts_html_attr(w->out, rule->id);
    fprintf(w->out, "\"%s>\n", r->waiver ? " data-waived=\"1\"" : "");
    tags(w, r, cls, sym);
    fputs("<p class=\"msg\">", w->out);
    ts_html_text(w->out, r->message);
    fputs("</p>\n", w->out);
    if (r->fix) {
        fprintf(w->out, "<p>%s:</p><pre class=\"fix\">", ts_word(w->lang, TS_W_FIX_CAP));
        ts_html_lines(w->out, r->fix);
        fputs("</pre>\n", w->out);
    }
    waiver(w, r);
    evidence(w, r);
    fputs("</div>\n", w->out);
    w->nfinding++;
}

void ts_html_accounts(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o,
                      const struct ts_html_tally *t)
{
    struct walk w = {out, e, o, t, {0}, SIZE_MAX, 0, SIZE_MAX, NULL, 0, 0, 0, ts_engine_lang(e)};
    struct ts_results_iter it;
    const struct ts_result *r;

    fprintf(out, "<section id=\"accounts\"><h2>%s</h2>\n", ts_word(w.lang, TS_W_ACCOUNTS_CAP));
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it)))
        if (ts_report_shows(r, o))
            finding(&w, r);
    ts_results_end(&it);
    goto_account(&w, ts_engine_naccounts(e));
    ts_html_source_release(&w.src);
    free(w.shown);
    fputs("</section>\n", out);
}
