/* The markdown summary for CI job summaries and pull requests: counts,
 * then the failing and undecided resources by rule, capped so a large
 * organisation still gives a readable page. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>
#include "triage/baseline.h"
#include "triage/config.h"
#include "engine/results.h"
#include "util/text.h"
#include "triage/waiver.h"
#include "engine/result.h"
#include "lua/sandbox_limits.h"
#include "report/report_compliance.h"
#include "report/report_summary.h"
#include "report/report_words.h"

#define MAX_ROWS 200

/* Markdown from names AWS accepts (alarms, filters, trails, regions from
 * a snapshot) and from rules: it must show as text, never become HTML, a
 * link, an image, emphasis, a code span, a new cell or a new line.  Two
 * writers: md_text for text and md_code for a code span (commands), both
 * safe in a table cell.  Characters a terminal or viewer acts on are shown
 * as escapes (ts_text_escape_at, as in the text report).  Ordinary text is
 * written as it is. */

static int ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Writes the character at s if it is not printable ASCII (its escape, or
 * a non-ASCII character as it is) and returns its bytes; returns 0 for
 * printable ASCII, which the caller writes. */
static size_t md_other(FILE *out, const char *s, size_t avail)
{
    char esc[8];
    size_t n;

    if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F)
        return 0;
    ts_text_escape_at(s, avail, &n, esc);
    if (esc[0])
        fputs(esc, out);
    else
        fwrite(s, 1, n, out);
    return n;
}

/* 1 if the bytes before s[i] are `word` (lower case letters; any case
 * in s) and the byte
 * before them is not a letter or digit: the start of a word. */
static int word_before(const char *s, size_t i, const char *word)
{
    size_t n = strlen(word);

    if (i < n)
        return 0;
    for (size_t j = 0; j < n; j++)
        if ((s[i - n + j] | 0x20) != word[j])
            return 0;
    return i == n || !ascii_alnum(s[i - n - 1]);
}

/* Writes the character at s[i] as an entity if GitHub's autolinks (GFM's
 * extension: http://, https://, ftp://, www. and user@host.tld) would
 * start a link there, and returns 1; else 0.  An entity starts no link,
 * and the text still reads the same; s3:// and other schemes never link,
 * so they stay as written. */
static int md_unlink(FILE *out, const char *s, size_t i)
{
    char c = s[i];

    if (c == ':' && s[i + 1] == '/' && s[i + 2] == '/'
        && (word_before(s, i, "http") || word_before(s, i, "https")
            || word_before(s, i, "ftp"))) {
        fputs("&#58;", out);
        return 1;
    }
    if (c == '.' && word_before(s, i, "www")) {
        fputs("&#46;", out);
        return 1;
    }
    if (c == '@' && i > 0 && (ascii_alnum(s[i - 1]) || strchr(".-_+", s[i - 1]))
        && ascii_alnum(s[i + 1])) {
        fputs("&#64;", out);
        return 1;
    }
    return 0;
}

/* Text in a cell or heading.  HTML's <, > and & (when it could start an
 * entity) become entities; [ ] (links, images: with them escaped, ! and (
 * start nothing, so "!=" and "(...)" stay as they are), * ~ ` and _ (unless
 * inside a word, where it cannot emphasise), | and backslash itself get a
 * backslash; what GitHub would autolink gets an entity (md_unlink). */
static void md_text(FILE *out, const char *s)
{
    size_t len = s ? strlen(s) : 0, n;

    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if ((n = md_other(out, s + i, len - i))) {
            i += n - 1;
            continue;
        }
        if (md_unlink(out, s, i))
            continue;
        switch (c) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&':
            fputs(ascii_alnum(s[i + 1]) || s[i + 1] == '#' ? "&amp;" : "&", out);
            break;
        case '_':
            if (i > 0 && ascii_alnum(s[i - 1]) && ascii_alnum(s[i + 1])) {
                fputc(c, out);
                break;
            }
            /* fall through */
        case '[': case ']': case '*': case '~': case '`': case '|': case '\\':
            fputc('\\', out);
            fputc(c, out);
            break;
        default:
            fputc(c, out);
        }
    }
}

/* A code span: its text is literal (no HTML, no links), so only what
 * could end it early matters: a fence one backtick longer than any run
 * inside (padded with spaces if the text starts or ends with one), control
 * characters escaped. In a table cell pipes are escaped too: GitHub drops
 * that backslash only inside tables, so outside one it would stay in the
 * text a reader copies (a CIS filter pattern's `||`). */
static void md_code_span(FILE *out, const char *s, int cell)
{
    size_t len = s ? strlen(s) : 0, run = 0, longest = 0, n;
    int pad;

    for (size_t i = 0; i < len; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    pad = len && (s[0] == '`' || s[len - 1] == '`');
    for (size_t i = 0; i <= longest; i++)
        fputc('`', out);
    if (pad)
        fputc(' ', out);
    for (size_t i = 0; i < len; i++) {
        if ((n = md_other(out, s + i, len - i))) {
            i += n - 1;
            continue;
        }
        if (cell && s[i] == '|')
            fputc('\\', out);
        fputc(s[i], out);
    }
    if (pad)
        fputc(' ', out);
    for (size_t i = 0; i <= longest; i++)
        fputc('`', out);
}

/* A code span in running text or a heading. */
static void md_code(FILE *out, const char *s)
{
    md_code_span(out, s, 0);
}

/* A code span in a table cell. */
static void md_cell_code(FILE *out, const char *s)
{
    md_code_span(out, s, 1);
}

/* A code span of a followed by b (a file and ":line:col"). */
static void md_code_pair(FILE *out, const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    char *s = ts_xmalloc(n + m + 1);

    memcpy(s, a, n);
    memcpy(s + n, b, m + 1);
    md_code(out, s);
    free(s);
}

/* Expired and stale waivers, and the baseline's counts: what a reviewer
 * of the pull request should act on. */
static void print_extras(FILE *out, enum ts_lang lang, const struct ts_report_opts *o)
{
    const struct ts_config *c = o->config;
    int header = 0;

    for (size_t i = 0; c && i < c->nwaivers; i++) {
        const struct ts_waiver *w = &c->waivers[i];
        enum ts_waiver_state st = ts_waiver_state(w);
        if (!ts_waiver_state_needs_action(st))
            continue;
        if (!header) {
            fprintf(out, "### %s\n\n", ts_word(lang, TS_W_WAIVERS_TO_REVIEW));
            header = 1;
        }
        char where[64];
        snprintf(where, sizeof(where), ":%u:%u", w->line, w->column);
        fprintf(out, "- **%s** ", ts_word_waiver_state(lang, st));
        md_code_pair(out, c->doc.path, where);
        fputc(' ', out);
        md_code(out, w->rule);
        fputc(' ', out);
        md_code(out, w->resource);
        if (st == TS_WAIVER_EXPIRED && lang == TS_LANG_JA) {
            char date[TS_WORD_DATE_MAX];
            fputs(": 期限 ", out);
            md_text(out, ts_word_date(lang, w->expires, 0, date, sizeof(date)));
            fprintf(out, "。免除されなくなった結果 %zu 件\n", w->matched);
        } else if (lang == TS_LANG_JA) {
            fputs(": 一致する結果がありません。削除または修正してください\n", out);
        } else if (st == TS_WAIVER_EXPIRED) {
            fputs(": expired on ", out);
            md_text(out, w->expires);
            fprintf(out, "; %zu result%s no longer waived\n", w->matched,
                    w->matched == 1 ? "" : "s");
        } else {
            fputs(": matched nothing; remove or correct it\n", out);
        }
    }
    if (header)
        fputc('\n', out);
    if (o->baseline && lang == TS_LANG_JA)
        fprintf(out, "ベースラインとの比較: 新規 %zu 件、変化あり %zu 件、変化なし %zu 件、"
                "解消 (修正済みまたは削除済み) %zu 件。\n\n", o->baseline->counts[TS_BASELINE_NEW],
                o->baseline->counts[TS_BASELINE_UPDATED],
                o->baseline->counts[TS_BASELINE_UNCHANGED],
                o->baseline->counts[TS_BASELINE_ABSENT]);
    else if (o->baseline)
        fprintf(out, "Against the baseline: %zu new, %zu updated, %zu unchanged, %zu absent"
                " (fixed or gone).\n\n", o->baseline->counts[TS_BASELINE_NEW],
                o->baseline->counts[TS_BASELINE_UPDATED],
                o->baseline->counts[TS_BASELINE_UNCHANGED],
                o->baseline->counts[TS_BASELINE_ABSENT]);
}

/* "fail", "fail, waived", "fail, new"; in Japanese the marks go in
 * parentheses: "不合格 (免除)", "不合格 (免除、新規)". */
static void verdict_cell(FILE *out, const struct ts_result *res, enum ts_lang lang)
{
    int ja = lang == TS_LANG_JA, marks = 0;

    fputs(ts_word_verdict(lang, res->verdict), out);
    if (res->waiver) {
        fprintf(out, "%s%s", ja ? " (" : ", ", ts_word(lang, TS_W_WAIVED));
        marks++;
    }
    if (res->baseline_state == TS_BASELINE_NEW || res->baseline_state == TS_BASELINE_UPDATED) {
        fprintf(out, "%s%s", !ja ? ", " : marks ? "、" : " (",
                ts_word_baseline(lang, res->baseline_state));
        marks++;
    }
    if (ja && marks)
        fputc(')', out);
}

/* The rows shown: at most MAX_ROWS in all, the most severe first: every
 * error before any warning, warnings before notes, notes before reviews
 * (so an error that fails the build is never hidden behind notes).
 * Counting each rule's rows of each rank first gives each its share; one
 * more pass copies those rows (at most MAX_ROWS results in memory,
 * however large the scan). */
enum { RANK_ERROR, RANK_WARNING, RANK_NOTE, RANK_REVIEW, RANK_OTHER, NRANKS };

struct rows {
    size_t *room;           /* per rule and rank: rows it gets */
    size_t *shown;          /* per rule: rows it gets, all ranks */
    struct ts_result *kept; /* copies, in result order */
    size_t nkept, omitted;
};

static int rank_of(const struct ts_engine *e, const struct ts_result *r)
{
    if (r->waiver || r->verdict == TS_PASS)
        return RANK_OTHER;
    if (r->verdict == TS_REVIEW)
        return RANK_REVIEW;
    switch (ts_report_rule_level(e, r->rule)) {
    case TS_LEVEL_ERROR: return RANK_ERROR;
    case TS_LEVEL_WARNING: return RANK_WARNING;
    default: return RANK_NOTE;
    }
}

static void keep_row(struct rows *rows, const struct ts_result *r)
{
    ts_result_copy(&rows->kept[rows->nkept++], r);
}

static void collect_rows(const struct ts_engine *e, const struct ts_report_opts *o,
                         struct rows *rows)
{
    size_t nrules = ts_engine_nrules(e), cells = (nrules + 1) * NRANKS;
    size_t *taken = ts_xmalloc(cells * sizeof(size_t)), used = 0, total = 0;
    struct ts_results_iter it;
    const struct ts_result *r;

    rows->room = ts_xmalloc(cells * sizeof(size_t));
    rows->shown = ts_xmalloc((nrules + 1) * sizeof(size_t));
    memset(taken, 0, cells * sizeof(size_t));
    memset(rows->room, 0, cells * sizeof(size_t));
    memset(rows->shown, 0, (nrules + 1) * sizeof(size_t));
    rows->kept = ts_xmalloc(MAX_ROWS * sizeof(*rows->kept));
    rows->nkept = 0;
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it)))
        if (ts_report_shows(r, o)) {
            rows->room[r->rule * NRANKS + rank_of(e, r)]++;
            total++;
        }
    ts_results_end(&it);
    for (int rank = 0; rank < NRANKS; rank++)
        for (size_t i = 0; i < nrules; i++) {
            size_t *room = &rows->room[i * NRANKS + rank];
            *room = *room < MAX_ROWS - used ? *room : MAX_ROWS - used;
            used += *room;
            rows->shown[i] += *room;
        }
    rows->omitted = total - used;
    ts_results_begin(&it, e);
    while (rows->nkept < used && (r = ts_results_next(&it))) {
        size_t cell;
        if (!ts_report_shows(r, o))
            continue;
        cell = r->rule * NRANKS + rank_of(e, r);
        if (taken[cell] == rows->room[cell])
            continue;
        taken[cell]++;
        keep_row(rows, r);
    }
    ts_results_end(&it);
    free(taken);
}

static void rows_release(struct rows *rows)
{
    for (size_t i = 0; i < rows->nkept; i++)
        ts_result_copy_release(&rows->kept[i]);
    free(rows->kept);
    free(rows->room);
    free(rows->shown);
}

/* After the message: "<br>Evidence: mgmt.json:14 (organisation trail),
 * ...", every place in another file that decided the result (joined with
 * 、 in Japanese). */
static void print_evidence(FILE *out, enum ts_lang lang, const struct ts_result *res)
{
    const char *sep = lang == TS_LANG_JA ? "、" : ", ";

    if (!res->nevidence && !res->evidence_more)
        return;
    fprintf(out, "<br>%s: ", ts_word(lang, TS_W_EVIDENCE));
    for (unsigned i = 0; i < res->nevidence; i++) {
        char at[32];
        fputs(i ? sep : "", out);
        md_text(out, res->evidence[i].file);
        snprintf(at, sizeof(at), ":%u (", res->evidence[i].line);
        md_text(out, at);
        md_text(out, ts_place_what(&res->evidence[i]));
        fputc(')', out);
    }
    if (res->evidence_more && lang == TS_LANG_JA)
        fprintf(out, "%sほか %u 件", res->nevidence ? sep : "", res->evidence_more);
    else if (res->evidence_more)
        fprintf(out, "%sand %u more", res->nevidence ? sep : "", res->evidence_more);
}

static void print_row(FILE *out, const struct ts_engine *e, const struct ts_result *res)
{
    const struct ts_account *a = ts_engine_account(e, res->snapshot);
    char label[TS_REPORT_LABEL_MAX];

    fputs("| ", out);
    verdict_cell(out, res, ts_engine_lang(e));
    fputs(" | ", out);
    md_text(out, ts_report_account_label(a->account_id, a->name, label, sizeof(label)));
    fputs(" | ", out);
    md_text(out, res->region ? res->region : "-");
    fputs(" | ", out);
    md_text(out, res->resource);
    fputs(" | ", out);
    md_text(out, res->message);
    print_evidence(out, ts_engine_lang(e), res);
    fputs(" | ", out);
    if (res->fix && res->verdict != TS_PASS)
        md_cell_code(out, res->fix);
    fputs(" |\n", out);
}

static void print_rule(FILE *out, const struct ts_engine *e, size_t rule,
                       const struct rows *rows)
{
    const struct ts_rule *r = ts_engine_rule(e, rule);
    char *hint = ts_report_fix_hint(r);

    fputs("### ", out);
    md_code(out, r->id);
    fputc(' ', out);
    md_text(out, r->title);
    if (r->texts_lang != ts_engine_lang(e)) /* not translated: said so, as in the text report */
        fputs(" [英語のみ]", out);
    /* "(medium)"; a bare "(中)" reads as "inside" in Japanese: its label says what */
    if (ts_engine_lang(e) == TS_LANG_JA)
        fprintf(out, " (%s: %s)", ts_word(ts_engine_lang(e), TS_W_SEVERITY),
                ts_word_severity(ts_engine_lang(e), r->severity));
    else
        fprintf(out, " (%s)", ts_word_severity(ts_engine_lang(e), r->severity));
    fprintf(out, "\n\n%s: ", ts_word(ts_engine_lang(e), TS_W_FIX_CAP));
    md_code(out, hint);
    if (ts_engine_lang(e) == TS_LANG_JA)
        fputs("\n\n| 判定 | アカウント | リージョン | リソース | メッセージ | 修復方法 |\n"
              "|---|---|---|---|---|---|\n", out);
    else
        fputs("\n\n| verdict | account | region | resource | message | fix |\n"
              "|---|---|---|---|---|---|\n", out);
    free(hint);
    for (int rank = 0; rank < NRANKS; rank++)
        for (size_t i = 0; i < rows->nkept; i++)
            if (rows->kept[i].rule == rule && rank_of(e, &rows->kept[i]) == rank)
                print_row(out, e, &rows->kept[i]);
    fputc('\n', out);
}

/* --keep-going: the inputs left out, before anything else is read. */
static void print_skipped(FILE *out, enum ts_lang lang, const struct ts_report_opts *o)
{
    if (!o->nskipped)
        return;
    if (lang == TS_LANG_JA)
        fprintf(out, "**不完全: 除外された入力 %zu 件。**\n\n", o->nskipped);
    else
        fprintf(out, "**Incomplete: %zu input%s skipped.**\n\n", o->nskipped,
                o->nskipped == 1 ? "" : "s");
    for (size_t i = 0; i < o->nskipped; i++) {
        const struct ts_skipped *sk = &o->skipped[i];
        fputs("- ", out);
        if (sk->file)
            md_text(out, sk->file);
        if (sk->file && sk->line)
            fprintf(out, ":%u:%u", sk->line, sk->column);
        fputs(sk->file ? ": " : "", out);
        md_text(out, sk->message);
        fputc('\n', out);
    }
    fputc('\n', out);
}

/* The accounts an organisation's manifest lists that no snapshot judged. */
static void print_unjudged(FILE *out, enum ts_lang lang, const struct ts_report_opts *o)
{
    char label[TS_REPORT_LABEL_MAX], why[1024];
    size_t gaps = ts_report_gaps(o);

    if (!o->nunjudged)
        return;
    if (gaps && lang == TS_LANG_JA)
        fprintf(out, "**不完全: 判定されなかった組織のアカウント %zu 件。**\n\n", gaps);
    else if (gaps)
        fprintf(out, "**Incomplete: %zu account%s of the organisation not judged.**\n\n", gaps,
                gaps == 1 ? "" : "s");
    for (size_t i = 0; i < o->nunjudged; i++) {
        const struct ts_org_account *a = o->unjudged[i];
        if (lang == TS_LANG_JA)
            fprintf(out, "- %s ", ts_org_account_gap(a) ? "未判定:" : "スキップ:");
        else
            fprintf(out, "- %s ", ts_org_account_gap(a) ? "not judged:" : "skipped:");
        md_text(out, ts_word_org_label(lang, a, label, sizeof(label)));
        fputs(": ", out);
        md_text(out, ts_word_org_reason(lang, a, why, sizeof(why)));
        fputs(" (", out);
        md_text(out, a->manifest);
        fprintf(out, ":%u:%u)\n", a->line, a->column);
    }
    fputc('\n', out);
}

/* ---- totals first: by rule, by account -------------------------------- */

/* Every rule with a failure or review, worst first: the count table that
 * says what the rows below may not all show. */
static void print_by_rule(FILE *out, const struct ts_engine *e,
                          const struct ts_report_summary *sum)
{
    if (!sum->nrule_order)
        return;
    if (ts_engine_lang(e) == TS_LANG_JA)
        fputs("### ルール別\n\n| レベル | ルール | 不合格 | 要確認 | アカウント数 | 免除 |\n"
              "|---|---|---:|---:|---:|---:|\n", out);
    else
        fputs("### By rule\n\n| level | rule | failed | to review | accounts | waived |\n"
              "|---|---|---:|---:|---:|---:|\n", out);
    for (size_t i = 0; i < sum->nrule_order; i++) {
        size_t k = sum->rule_order[i];
        const struct ts_rule_tally *t = &sum->rules[k];
        const char *level = t->failed ? ts_word_level(ts_engine_lang(e), ts_report_rule_level(e, k))
                                       : ts_word(ts_engine_lang(e), TS_W_REVIEW);
        fprintf(out, "| %s | ", level);
        md_cell_code(out, ts_engine_rule(e, k)->id);
        fprintf(out, " | %zu | %zu | %zu | %zu |\n", t->failed, t->review, t->accounts,
                t->waived);
    }
    fputc('\n', out);
}

/* Every account, or past TS_REPORT_MANY_ACCOUNTS the worst few. */
static void print_by_account(FILE *out, const struct ts_engine *e,
                             const struct ts_report_summary *sum)
{
    size_t n = sum->naccounts, shown = n > TS_REPORT_MANY_ACCOUNTS ? TS_REPORT_WORST_ACCOUNTS : n;
    char label[TS_REPORT_LABEL_MAX], date[TS_WORD_DATE_MAX];

    if (!n)
        return;
    if (ts_engine_lang(e) == TS_LANG_JA) {
        fputs("### アカウント別", out);
        if (shown < n)
            fprintf(out, " (%zu 件中、深刻な %zu 件)", n, shown);
        fputs("\n\n| アカウント | 収集日時 | エラー | 警告 | 注記 | 要確認 | 免除 | 収集エラー |\n"
              "|---|---|---:|---:|---:|---:|---:|---:|\n", out);
    } else {
        fputs("### By account", out);
        if (shown < n)
            fprintf(out, " (the %zu worst of %zu)", shown, n);
        fputs("\n\n| account | as of | error | warning | note | to review | waived |"
              " collection errors |\n|---|---|---:|---:|---:|---:|---:|---:|\n", out);
    }
    for (size_t i = 0; i < shown; i++) {
        size_t k = sum->account_order[i];
        const struct ts_account *a = ts_engine_account(e, k);
        const struct ts_account_tally *t = &sum->accounts[k];
        fputs("| ", out);
        md_text(out, ts_report_account_label(a->account_id, a->name, label, sizeof(label)));
        fputs(" | ", out);
        md_text(out, a->collected_at ? ts_word_date(ts_engine_lang(e), a->collected_at, 1, date,
                                                    sizeof(date)) : "-");
        fprintf(out, " | %zu | %zu | %zu | %zu | %zu | %zu |\n", t->failed[TS_LEVEL_ERROR],
                t->failed[TS_LEVEL_WARNING], t->failed[TS_LEVEL_NOTE], t->review, t->waived,
                ts_account_nerrors(a));
    }
    fputc('\n', out);
}

/* The snapshots' `errors`: what the rules could not see. */
static void print_collection_errors(FILE *out, const struct ts_engine *e)
{
    char label[TS_REPORT_LABEL_MAX];
    size_t listed = 0, total = 0;

    for (size_t k = 0; k < ts_engine_naccounts(e); k++)
        total += ts_account_nerrors(ts_engine_account(e, k));
    if (!total)
        return;
    fprintf(out, "### %s\n\n", ts_word(ts_engine_lang(e), TS_W_COLLECTION_ERRORS));
    for (size_t k = 0; k < ts_engine_naccounts(e) && listed < MAX_ROWS; k++) {
        const struct ts_account *a = ts_engine_account(e, k);
        for (size_t i = 0; a->errors && a->errors[i] && listed < MAX_ROWS; i++, listed++) {
            fputs("- ", out);
            md_text(out, ts_report_account_label(a->account_id, a->name, label, sizeof(label)));
            fputs(": ", out);
            md_text(out, a->errors[i]);
            fputc('\n', out);
        }
    }
    if (listed < total && ts_engine_lang(e) == TS_LANG_JA)
        fprintf(out, "- _ほか %zu 件。JSON レポートにすべてあります。_\n", total - listed);
    else if (listed < total)
        fprintf(out, "- _%zu more; the JSON report lists them all._\n", total - listed);
    fputc('\n', out);
}

/* ---- the compliance view (--compliance) --------------------------------- */

static void print_control(FILE *out, enum ts_lang lang, const struct ts_compliance_control *k)
{
    fputs("| ", out);
    md_text(out, k->id);
    fprintf(out, " | %s | %zu | %zu | %zu | %zu | %zu | ",
            ts_word_control(lang, k->status),
            k->accounts[TS_CONTROL_FAILED], k->failed, k->accounts[TS_CONTROL_REVIEW],
            k->accounts[TS_CONTROL_PASSED], k->accounts[TS_CONTROL_NOT_ASSESSED]);
    md_text(out, k->title);
    if (k->nrules == 0 && k->note) {
        fputs(" (", out);
        md_text(out, k->note);
        fputc(')', out);
    }
    fputs(" |\n", out);
}

static void print_compliance(FILE *out, enum ts_lang lang, const struct ts_report_opts *o)
{
    const struct ts_compliance *c = o->compliance;

    for (size_t i = 0; c && i < c->nframeworks; i++) {
        const struct ts_compliance_framework *f = &c->frameworks[i];
        fprintf(out, "### %s: ", lang == TS_LANG_JA ? "コンプライアンス" : "Compliance");
        md_code(out, f->id);
        fputc(' ', out);
        md_text(out, f->title);
        fputs("\n\n", out);
        for (size_t sec = 0; sec < f->nsections; sec++) {
            const struct ts_compliance_section *x = &f->sections[sec];
            fputs("**", out);
            md_text(out, x->title);
            fputs("**: ", out);
            ts_compliance_section_score_put(out, lang, x);
            if (lang == TS_LANG_JA)
                fputs("\n\n| コントロール | 状態 | 不合格のアカウント | 不合格のリソース |"
                      " 要確認のアカウント | 合格のアカウント | 未評価のアカウント | タイトル |\n"
                      "|---|---|---:|---:|---:|---:|---:|---|\n", out);
            else
                fputs("\n\n| control | status | accounts failed | resources failed |"
                      " accounts to review | accounts passed | accounts not assessed | title |\n"
                      "|---|---|---:|---:|---:|---:|---:|---|\n", out);
            for (size_t k = x->first; k < x->first + x->count; k++)
                print_control(out, lang, &f->controls[k]);
            fputc('\n', out);
        }
    }
}

int ts_report_markdown(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    struct ts_report_counts n;
    struct ts_report_summary sum;
    struct rows rows;
    int waivers = o->config && o->config->nwaivers;
    size_t omitted;

    ts_report_count(e, o, &n);
    if (ts_engine_lang(e) == TS_LANG_JA)
        fprintf(out, "## trailscan: %zu アカウント、%zu ルール\n\n"
                     "| 不合格 | エラー | 警告 | 注記 | 要確認 | 合格 | ルール実行失敗 |%s\n",
                ts_engine_naccounts(e), ts_engine_nrules(e), waivers ? " 免除 |" : "");
    else
        fprintf(out, "## trailscan: %zu account%s, %zu rule%s\n\n"
                     "| failed | error | warning | note | to review | passed | rule failures |%s\n",
                ts_engine_naccounts(e), ts_engine_naccounts(e) == 1 ? "" : "s",
                ts_engine_nrules(e), ts_engine_nrules(e) == 1 ? "" : "s",
                waivers ? " waived |" : "");
    fprintf(out, "|---:|---:|---:|---:|---:|---:|---:|%s\n"
                 "| %zu | %zu | %zu | %zu | %zu | %zu | %zu |",
            waivers ? "---:|" : "", n.verdicts[TS_FAIL], n.by_level[TS_LEVEL_ERROR],
            n.by_level[TS_LEVEL_WARNING], n.by_level[TS_LEVEL_NOTE], n.verdicts[TS_REVIEW], n.verdicts[TS_PASS],
            ts_engine_nfailures(e));
    if (waivers)
        fprintf(out, " %zu |", n.waived);
    fputs("\n\n", out);
    print_skipped(out, ts_engine_lang(e), o);
    print_unjudged(out, ts_engine_lang(e), o);
    ts_report_summary_build(&sum, e);
    print_by_rule(out, e, &sum);
    print_by_account(out, e, &sum);
    print_collection_errors(out, e);
    print_compliance(out, ts_engine_lang(e), o);
    print_extras(out, ts_engine_lang(e), o);
    collect_rows(e, o, &rows);
    /* The worst rules first, then those showing only passes or waivers. */
    for (size_t i = 0; i < sum.nrule_order; i++)
        if (rows.shown[sum.rule_order[i]]) {
            print_rule(out, e, sum.rule_order[i], &rows);
            rows.shown[sum.rule_order[i]] = 0;
        }
    for (size_t rule = 0; rule < ts_engine_nrules(e); rule++)
        if (rows.shown[rule])
            print_rule(out, e, rule, &rows);
    omitted = rows.omitted;
    rows_release(&rows);
    ts_report_summary_release(&sum);
    if (omitted && ts_engine_lang(e) == TS_LANG_JA)
        fprintf(out, "_ほかに表示していない結果が %zu 件あります。完全なレポートを参照してください。_\n\n",
                omitted);
    else if (omitted)
        fprintf(out, "_%zu more results are not shown here; see the full report._\n\n", omitted);
    if (ts_engine_nfailures(e)) {
        fprintf(out, "### %s\n\n", ts_word(ts_engine_lang(e), TS_W_RULE_FAILURES_CAP));
        for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
            fputs("- ", out);
            md_code(out, ts_engine_failure(e, i)->rule_id);
            fprintf(out, ": %s: ",
                    ts_word_cause(ts_engine_lang(e), ts_engine_failure(e, i)->cause));
            md_text(out, ts_engine_failure(e, i)->message);
            fputc('\n', out);
        }
        fputc('\n', out);
    }
    return ferror(out) || ts_results_error(e) ? -1 : 0;
}
