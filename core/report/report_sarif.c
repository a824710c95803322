/* SARIF 2.1.0 (DESIGN.md section 5), within GitHub code scanning's limits:
 * one run, relative URIs, ids <= 255 characters, texts <= 1024, at most
 * 25,000 results (the most severe kept, and a notification says so). */
#include "report/report.h"
#include "report/report_compliance.h"
#include "report/report_sarif_result.h"

#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "triage/baseline.h"
#include "triage/config.h"
#include "json/json_stream.h"
#include "engine/results.h"
#include "triage/waiver.h"
#include "util/timestamp.h"
#include "engine/result.h"
#include "lua/sandbox_limits.h"
#include "report/report_words.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define MAX_ID TS_SARIF_MAX_ID
#define MAX_TEXT TS_SARIF_MAX_TEXT
#define MAX_RESULTS 25000
#define MAX_RULE_TAGS 20  /* GitHub code scanning rejects a file past this */

/* Adds s cut to at most max bytes on a UTF-8 boundary, "..." marking a cut. */
static void add_text(cJSON *obj, const char *key, const char *s, size_t max)
{
    char *cut = ts_result_cut(s, max);

    cJSON_AddStringToObject(obj, key, cut);
    free(cut);
}

static cJSON *message(const char *text, size_t max)
{
    cJSON *m = cJSON_CreateObject();
    add_text(m, "text", text, max);
    return m;
}

/* GitHub reads security-severity as a CVSS-like score. */
static const char *security_severity(enum ts_severity s)
{
    static const char *const scores[] = {"1.0", "3.0", "5.5", "8.0", "9.5"};
    return scores[s];
}

/* ---- rules and taxonomies ------------------------------------------------ */

/* Frameworks in the order first met (rules and their compliance lists are
 * sorted, so this is stable). */
struct frameworks {
    char **names;
    size_t count;
};

static size_t framework_index(struct frameworks *f, const char *entry)
{
    size_t n = strcspn(entry, "\t");

    for (size_t i = 0; i < f->count; i++)
        if (strlen(f->names[i]) == n && !strncmp(f->names[i], entry, n))
            return i;
    f->names = ts_xrealloc(f->names, (f->count + 1) * sizeof(*f->names));
    f->names[f->count] = ts_xmalloc(n + 1);
    memcpy(f->names[f->count], entry, n);
    f->names[f->count][n] = '\0';
    return f->count++;
}

static char *help_markdown(const struct ts_rule *r, enum ts_lang lang)
{
    int ja = lang == TS_LANG_JA; /* 512 bytes hold either language's headings */
    size_t n = strlen(r->description) + strlen(r->remediation) + 512;
    char *md;
    size_t off;

    n += (r->fix_console ? strlen(r->fix_console) : 0) + (r->fix_cli ? strlen(r->fix_cli) : 0)
         + (r->fix_terraform ? strlen(r->fix_terraform) : 0);
    for (char **ref = r->references; ref && *ref; ref++)
        n += strlen(*ref) + 8;
    md = ts_xmalloc(n);
    off = (size_t)snprintf(md, n, "%s\n\n## %s\n", r->description,
                           ja ? "修復方法" : "Remediation");
    if (!r->fix_console && !r->fix_cli && !r->fix_terraform)
        off += (size_t)snprintf(md + off, n - off, "\n%s\n", r->remediation);
    if (r->fix_console)
        off += (size_t)snprintf(md + off, n - off, "\n**%s:** %s\n",
                                ja ? "コンソール" : "Console", r->fix_console);
    if (r->fix_cli)
        off += (size_t)snprintf(md + off, n - off, "\n**AWS CLI:**\n\n```sh\n%s\n```\n", r->fix_cli);
    if (r->fix_terraform)
        off += (size_t)snprintf(md + off, n - off, "\n**Terraform:**\n\n```hcl\n%s\n```\n",
                                r->fix_terraform);
    if (r->references) {
        off += (size_t)snprintf(md + off, n - off, "\n## %s\n\n",
                                ja ? "参考資料" : "References");
        for (char **ref = r->references; *ref; ref++)
            off += (size_t)snprintf(md + off, n - off, "- %s\n", *ref);
    }
    return md;
}

/* lang: the scan's; a rule whose texts are not in it says theirs. */
static cJSON *rule_descriptor(const struct ts_rule *r, struct frameworks *fw, enum ts_lang lang)
{
    cJSON *d = cJSON_CreateObject(), *props, *tags, *rels, *cfg, *help;
    char *text, *md;
    size_t n;

    add_text(d, "id", r->id, MAX_ID);
    cJSON_AddStringToObject(d, "name", r->name);
    cJSON_AddItemToObject(d, "shortDescription", message(r->title, MAX_TEXT));
    cJSON_AddItemToObject(d, "fullDescription", message(r->description, MAX_TEXT));
    if (r->references)
        cJSON_AddStringToObject(d, "helpUri", r->references[0]);
    n = strlen(r->description) + strlen(r->remediation) + 32;
    text = ts_xmalloc(n);
    snprintf(text, n, "%s\n\n%s\n%s", r->description,
             lang == TS_LANG_JA ? "修復方法:" : "Remediation:", r->remediation);
    md = help_markdown(r, lang);
    help = cJSON_AddObjectToObject(d, "help");
    cJSON_AddStringToObject(help, "text", text);
    cJSON_AddStringToObject(help, "markdown", md);
    free(text);
    free(md);
    cfg = cJSON_AddObjectToObject(d, "defaultConfiguration");
    cJSON_AddStringToObject(cfg, "level", ts_level_name(ts_severity_level(r->severity)));
    props = cJSON_AddObjectToObject(d, "properties");
    if (r->texts_lang != lang) /* English in a Japanese log: marked */
        cJSON_AddStringToObject(props, "language", ts_lang_name(r->texts_lang));
    tags = cJSON_AddArrayToObject(props, "tags");
    cJSON_AddItemToArray(tags, cJSON_CreateString("security"));
    cJSON_AddItemToArray(tags, cJSON_CreateString("logging"));
    rels = cJSON_CreateArray();
    for (char **c = r->compliance; c && *c; c++) {
        size_t fi = framework_index(fw, *c);
        const char *control = strchr(*c, '\t') + 1;
        char tag[300];
        cJSON *rel = cJSON_CreateObject(), *target = cJSON_AddObjectToObject(rel, "target");
        cJSON *tc;
        snprintf(tag, sizeof(tag), "%s/%s", fw->names[fi], control);
        /* GitHub rejects a file with more than 20 tags on a rule: the
         * first ones only (Security Hub and CIS sort first); the
         * relationships below carry every mapping. */
        if (cJSON_GetArraySize(tags) < MAX_RULE_TAGS)
            cJSON_AddItemToArray(tags, cJSON_CreateString(tag));
        cJSON_AddStringToObject(target, "id", control);
        tc = cJSON_AddObjectToObject(target, "toolComponent");
        cJSON_AddStringToObject(tc, "name", fw->names[fi]);
        cJSON_AddNumberToObject(tc, "index", (double)fi);
        cJSON_AddItemToArray(cJSON_AddArrayToObject(rel, "kinds"), cJSON_CreateString("relevant"));
        cJSON_AddItemToArray(rels, rel);
    }
    cJSON_AddStringToObject(props, "security-severity", security_severity(r->severity));
    cJSON_AddStringToObject(props, "precision", "high");
    cJSON_AddStringToObject(props, "problem.severity",
                            ts_level_name(ts_severity_level(r->severity)) );
    if (cJSON_GetArraySize(rels) > 0)
        cJSON_AddItemToObject(d, "relationships", rels);
    else
        cJSON_Delete(rels);
    return d;
}

static cJSON *taxonomies(const struct ts_engine *e, const struct frameworks *fw)
{
    cJSON *list = cJSON_CreateArray();

    for (size_t f = 0; f < fw->count; f++) {
        cJSON *tc = cJSON_CreateObject(), *taxa = cJSON_CreateArray();
        size_t n = strlen(fw->names[f]);
        cJSON_AddStringToObject(tc, "name", fw->names[f]);
        cJSON_AddItemToObject(tc, "shortDescription", message(fw->names[f], MAX_TEXT));
        /* Each control once, in rule order. */
        for (size_t i = 0; i < ts_engine_nrules(e); i++)
            for (char **c = ts_engine_rule(e, i)->compliance; c && *c; c++) {
                const cJSON *t;
                int seen = 0;
                if (strncmp(*c, fw->names[f], n) || (*c)[n] != '\t')
                    continue;
                cJSON_ArrayForEach(t, taxa)
                    seen |= !strcmp(cJSON_GetObjectItem(t, "id")->valuestring, *c + n + 1);
                if (!seen) {
                    cJSON *taxon = cJSON_CreateObject();
                    cJSON_AddStringToObject(taxon, "id", *c + n + 1);
                    cJSON_AddItemToArray(taxa, taxon);
                }
            }
        cJSON_AddItemToObject(tc, "taxa", taxa);
        cJSON_AddItemToArray(list, tc);
    }
    return list;
}

/* ---- results ------------------------------------------------------------- */

/* An old result that is gone now, as it was, marked absent; its indexes
 * pointed into the old file's rules and artifacts, so they are redone or
 * dropped. */
static cJSON *absent_result(const struct ts_engine *e, const struct ts_baseline_result *b)
{
    cJSON *o = cJSON_Duplicate(b->node, 1), *loc;
    size_t rule = ts_engine_find_rule(e, b->rule_id);

    cJSON_DeleteItemFromObjectCaseSensitive(o, "ruleIndex");
    cJSON_DeleteItemFromObjectCaseSensitive(o, "baselineState");
    if (rule != SIZE_MAX)
        cJSON_AddNumberToObject(o, "ruleIndex", (double)rule);
    cJSON_ArrayForEach(loc, cJSON_GetObjectItemCaseSensitive(o, "locations")) {
        cJSON *phys = cJSON_GetObjectItemCaseSensitive(loc, "physicalLocation");
        cJSON_DeleteItemFromObjectCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(phys, "artifactLocation"), "index");
    }
    cJSON_AddStringToObject(o, "baselineState", "absent");
    return o;
}

/* When there are too many results, the most severe are kept: all those
 * above the cut's level, and the first `room` at that level, in order.
 * A pick's level is its SARIF level for failures, 0 for others. */
struct cut {
    int level;              /* -1: no cut, every candidate goes in */
    size_t room;
};

static int candidate(const struct ts_result *r, const struct ts_report_opts *o)
{
    return ts_report_shows(r, o) && (!r->waiver || o->include_waived);
}

static int pick_level(const struct ts_engine *e, const struct ts_result *r)
{
    return r->verdict == TS_FAIL ? (int)ts_result_level(ts_engine_rule(e, r->rule), r) : 0;
}

/* Whether r goes in; seen counts the candidates at each level so far. */
static int goes_in(const struct cut *c, const struct ts_engine *e, const struct ts_result *r,
                   const struct ts_report_opts *o, size_t seen[])
{
    int level;

    if (!candidate(r, o))
        return 0;
    level = pick_level(e, r);
    if (c->level < 0 || level > c->level)
        return 1;
    return level == c->level && seen[level]++ < c->room;
}

/* Where to cut, from the candidates' count at each level. */
static struct cut cut_at(const size_t by_level[], size_t total)
{
    struct cut c = {-1, 0};
    size_t above = 0;

    if (total <= MAX_RESULTS)
        return c;
    for (c.level = TS_LEVEL_ERROR; c.level > 0 && above + by_level[c.level] < MAX_RESULTS;
         c.level--)
        above += by_level[c.level];
    c.room = MAX_RESULTS - above;
    return c;
}

static void add_notification(cJSON *list, const char *level, const char *text,
                             const char *rule_id, size_t rule_index)
{
    cJSON *n = cJSON_CreateObject();

    cJSON_AddStringToObject(n, "level", level);
    cJSON_AddItemToObject(n, "message", message(text, MAX_TEXT));
    if (rule_id) {
        cJSON *ref = cJSON_AddObjectToObject(n, "associatedRule");
        add_text(ref, "id", rule_id, MAX_ID);
        if (rule_index != SIZE_MAX)
            cJSON_AddNumberToObject(ref, "index", (double)rule_index);
    }
    cJSON_AddItemToArray(list, n);
}

static void waiver_notifications(cJSON *notes, const struct ts_engine *e,
                                 const struct ts_report_opts *o, size_t left_out)
{
    const struct ts_config *c = o->config;
    enum ts_lang lang = ts_engine_lang(e);
    char text[2048], about[600], date[TS_WORD_DATE_MAX];

    for (size_t i = 0; c && i < c->nwaivers; i++) {
        const struct ts_waiver *w = &c->waivers[i];
        enum ts_waiver_state st = ts_waiver_state(w);
        ts_word_waiver(lang, w, st != TS_WAIVER_EXPIRED, about, sizeof(about));
        if (st == TS_WAIVER_EXPIRED && lang == TS_LANG_JA)
            snprintf(text, sizeof(text), "%s:%u:%u の免除 (%s、%s) は %sに期限切れになりました "
                     "(%s)。免除していた結果 %zu 件を再び報告します", c->doc.path, w->line,
                     w->column, w->rule, w->resource,
                     ts_word_date(lang, w->expires, 0, date, sizeof(date)), about, w->matched);
        else if (st == TS_WAIVER_STALE && lang == TS_LANG_JA)
            snprintf(text, sizeof(text), "%s:%u:%u の免除 (%s、%s) に一致する結果がありません "
                     "(%s)。削除または修正してください", c->doc.path, w->line, w->column,
                     w->rule, w->resource, about);
        else if (st == TS_WAIVER_EXPIRED)
            snprintf(text, sizeof(text), "Waiver at %s:%u:%u for %s on %s expired on %s (%s):"
                     " %zu result%s it covered %s reported again", c->doc.path, w->line,
                     w->column, w->rule, w->resource, w->expires, about, w->matched,
                     w->matched == 1 ? "" : "s", w->matched == 1 ? "is" : "are");
        else if (st == TS_WAIVER_STALE)
            snprintf(text, sizeof(text), "Stale waiver at %s:%u:%u for %s on %s (%s): it"
                     " matched nothing; remove or correct it", c->doc.path, w->line,
                     w->column, w->rule, w->resource, about);
        else
            continue;
        add_notification(notes, "warning", text, w->rule, ts_engine_find_rule(e, w->rule));
    }
    if (left_out && lang == TS_LANG_JA) {
        snprintf(text, sizeof(text), "免除された結果 %zu 件を省きました (GitHub code scanning "
                 "は抑制された結果を未解決のアラートとして表示するため)。"
                 "--include-waived を指定すると suppressions 付きで含めます", left_out);
        add_notification(notes, "note", text, NULL, SIZE_MAX);
    } else if (left_out) {
        snprintf(text, sizeof(text), "%zu waived result%s left out (GitHub code scanning"
                 " shows suppressed results as open alerts); --include-waived keeps them,"
                 " with suppressions", left_out, left_out == 1 ? " was" : "s were");
        add_notification(notes, "note", text, NULL, SIZE_MAX);
    }
}

/* --keep-going: each input left out, at its first problem, as an error (the
 * run is incomplete: alerts of its accounts must not close as fixed). */
static void skipped_notifications(cJSON *notes, const struct ts_report_opts *o,
                                  enum ts_lang lang)
{
    for (size_t i = 0; i < o->nskipped; i++) {
        const struct ts_skipped *sk = &o->skipped[i];
        cJSON *n = cJSON_CreateObject(), *phys, *reg, *loc;
        char *text, *uri;
        size_t len = strlen(sk->message) + (sk->file ? 2 * strlen(sk->file) : 0) + 160;

        text = ts_xmalloc(len);
        /* The problem itself stays as the input check wrote it. */
        if (sk->file && sk->line)
            snprintf(text, len, TS_SAY(lang, "Input %s skipped: %s:%u:%u: %s. Its results are"
                                       " missing from this incomplete report.",
                                       "入力 %s をスキップしました: %s:%u:%u: %s。"
                                       "その結果がないため、このレポートは不完全です。"),
                     sk->file, sk->file, sk->line, sk->column, sk->message);
        else if (sk->file)
            snprintf(text, len, TS_SAY(lang, "Input %s skipped: %s. Its results are missing"
                                       " from this incomplete report.",
                                       "入力 %s をスキップしました: %s。その結果がないため、"
                                       "このレポートは不完全です。"),
                     sk->file, sk->message);
        else
            snprintf(text, len, TS_SAY(lang, "An input was skipped: %s. Its results are missing"
                                       " from this incomplete report.",
                                       "入力をスキップしました: %s。その結果がないため、"
                                       "このレポートは不完全です。"),
                     sk->message);
        cJSON_AddStringToObject(n, "level", "error");
        cJSON_AddItemToObject(n, "message", message(text, MAX_TEXT));
        free(text);
        if (sk->file) {
            phys = cJSON_CreateObject();
            uri = ts_report_uri(sk->file, o->base_uri);
            cJSON_AddStringToObject(cJSON_AddObjectToObject(phys, "artifactLocation"), "uri",
                                    uri);
            free(uri);
            if (sk->line) {
                reg = cJSON_AddObjectToObject(phys, "region");
                cJSON_AddNumberToObject(reg, "startLine", sk->line);
                cJSON_AddNumberToObject(reg, "startColumn", sk->column ? sk->column : 1);
            }
            loc = cJSON_CreateObject();
            cJSON_AddItemToObject(loc, "physicalLocation", phys);
            cJSON_AddItemToArray(cJSON_AddArrayToObject(n, "locations"), loc);
        }
        cJSON_AddItemToArray(notes, n);
    }
}

/* The accounts an organisation's manifest lists that no snapshot judged,
 * at their entry in the manifest: a gap (collection failed, snapshot
 * missing) is an error, as an input left out is; a skip is a note. */
static void unjudged_notifications(cJSON *notes, const struct ts_report_opts *o,
                                   enum ts_lang lang)
{
    char label[TS_REPORT_LABEL_MAX], why[1024], text[2048];

    for (size_t i = 0; i < o->nunjudged; i++) {
        const struct ts_org_account *a = o->unjudged[i];
        int gap = ts_org_account_gap(a);
        cJSON *n = cJSON_CreateObject(), *phys, *reg, *loc, *props;
        char *uri = ts_report_uri(a->manifest, o->base_uri);

        if (lang == TS_LANG_JA)
            snprintf(text, sizeof(text), "%s%s は判定されていません: %s。%s",
                     a->id ? "アカウント " : "",
                     ts_word_org_label(lang, a, label, sizeof(label)),
                     ts_word_org_reason(lang, a, why, sizeof(why)),
                     gap ? "その結果がないため、このレポートは不完全です。" : "");
        else
            snprintf(text, sizeof(text), "%s%s was not judged: %s.%s", a->id ? "Account " : "",
                     ts_report_account_label(a->id, a->name, label, sizeof(label)),
                     ts_org_account_reason(a, why, sizeof(why)),
                     gap ? " Its results are missing from this incomplete report." : "");
        cJSON_AddStringToObject(n, "level", gap ? "error" : "note");
        cJSON_AddItemToObject(n, "message", message(text, MAX_TEXT));
        phys = cJSON_CreateObject();
        cJSON_AddStringToObject(cJSON_AddObjectToObject(phys, "artifactLocation"), "uri", uri);
        free(uri);
        reg = cJSON_AddObjectToObject(phys, "region");
        cJSON_AddNumberToObject(reg, "startLine", a->line);
        cJSON_AddNumberToObject(reg, "startColumn", a->column);
        loc = cJSON_CreateObject();
        cJSON_AddItemToObject(loc, "physicalLocation", phys);
        cJSON_AddItemToArray(cJSON_AddArrayToObject(n, "locations"), loc);
        props = cJSON_AddObjectToObject(n, "properties");
        if (a->id)
            cJSON_AddStringToObject(props, "account", a->id);
        if (a->name)
            cJSON_AddStringToObject(props, "accountName", a->name);
        cJSON_AddStringToObject(props, "state", ts_org_account_state(a));
        cJSON_AddItemToArray(notes, n);
    }
}

static cJSON *invocation(const struct ts_engine *e, const struct ts_report_opts *o,
                         size_t dropped, size_t left_out)
{
    char label[TS_REPORT_LABEL_MAX + 1024]; /* an account and its snapshot's path */
    cJSON *inv = cJSON_CreateObject(), *notes = cJSON_CreateArray(), *args;
    char text[2048];
    enum ts_lang lang = ts_engine_lang(e);

    if (o->argv) {
        size_t n = sizeof("trailscan");
        char *cmd;
        for (int i = 0; i < o->argc; i++)
            n += strlen(o->argv[i]) + 1;
        cmd = ts_xmalloc(n);
        strcpy(cmd, "trailscan");
        args = cJSON_AddArrayToObject(inv, "arguments");
        for (int i = 0; i < o->argc; i++) {
            strcat(cmd, " ");
            strcat(cmd, o->argv[i]);
            cJSON_AddItemToArray(args, cJSON_CreateString(o->argv[i]));
        }
        cJSON_AddStringToObject(inv, "commandLine", cmd);
        free(cmd);
    }
    /* A rule that failed, an input left out (--keep-going) or an account of
     * the organisation not collected: incomplete. */
    cJSON_AddBoolToObject(inv, "executionSuccessful",
                          ts_engine_nfailures(e) == 0 && ts_report_complete(o));
    cJSON_AddNumberToObject(inv, "exitCode", o->exit_code);
    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        /* The Lua error stays as Lua wrote it. */
        if (f->snapshot == SIZE_MAX)
            snprintf(text, sizeof(text), TS_SAY(lang, "Rule %s failed while loading (%s): %s",
                                                "ルール %s の読み込みに失敗しました (%s): %s"),
                     f->rule_id, ts_word_cause(lang, f->cause), f->message);
        else
            snprintf(text, sizeof(text), TS_SAY(lang, "Rule %s failed on account %s: %s:"
                                                " %s. Its results for this account are missing.",
                                                "ルール %s はアカウント %s で失敗しました:"
                                                " %s: %s。このアカウントの結果はありません。"),
                     f->rule_id,
                     ts_report_account_in_file(lang, ts_engine_account(e, f->snapshot), label,
                                               sizeof(label)),
                     ts_word_cause(lang, f->cause), f->message);
        add_notification(notes, "error", text, f->rule_id, ts_engine_find_rule(e, f->rule_id));
    }
    skipped_notifications(notes, o, lang);
    unjudged_notifications(notes, o, lang);
    for (size_t i = 0; i < ts_engine_naccounts(e); i++) {
        const struct ts_account *a = ts_engine_account(e, i);
        for (char **x = a->errors; x && *x; x++) {
            snprintf(text, sizeof(text),
                     TS_SAY(lang, "Missing data in account %s: the collector could not"
                            " read %s", "アカウント %s のデータが欠けています:"
                            " 収集時に読み取れませんでした: %s"),
                     ts_report_account_in_file(lang, a, label, sizeof(label)), *x);
            add_notification(notes, "warning", text, NULL, SIZE_MAX);
        }
    }
    if (dropped) {
        snprintf(text, sizeof(text),
                 TS_SAY(lang, "%zu less severe results were left out: GitHub code scanning"
                        " accepts at most %d results per run",
                        "重大度の低い結果 %zu 件を省きました: "
                        "GitHub code scanning が受け付ける結果は 1 回の実行あたり %d 件までです"),
                 dropped, MAX_RESULTS);
        add_notification(notes, "warning", text, NULL, SIZE_MAX);
    }
    waiver_notifications(notes, e, o, left_out);
    cJSON_AddItemToObject(inv, "toolExecutionNotifications", notes);
    if (o->config && o->config->nwaivers) {
        char day[11];
        ts_day_format(o->today, day);
        cJSON_AddStringToObject(cJSON_AddObjectToObject(inv, "properties"), "waiversJudgedOn",
                                day);
    }
    return inv;
}

/* What the results array holds: made one at a time while printing. */
struct stream {
    const struct ts_engine *e;
    const struct ts_report_opts *o;
    struct ts_sarif_artifacts arts;
    struct cut cut;         /* which results go in */
    size_t kept;
    size_t *absent;         /* baseline results gone since, that go in */
    size_t nabsent;
    struct ts_results_iter it;
    size_t at_level[TS_LEVEL_ERROR + 1]; /* results at the cut's level so far */
};

static int stream_item(void *ctx, size_t i, struct ts_json_w *w)
{
    struct stream *st = ctx;
    const struct ts_report_opts *o = st->o;
    const struct ts_result *r;

    if (i >= st->kept) {
        cJSON *gone = absent_result(st->e, &o->baseline->results[st->absent[i - st->kept]]);
        if (!gone)
            return -1;
        ts_json_w_tree(w, gone);
        cJSON_Delete(gone);
        return 0;
    }
    while ((r = ts_results_next(&st->it)) && !goes_in(&st->cut, st->e, r, o, st->at_level))
        ;
    if (!r)
        return -1;
    ts_sarif_write_result(w, st->e, r, &st->arts, o);
    return 0;
}

/* The document without its results; *results is the empty array they go
 * in, and st says which they are. */
/* The account a snapshot is of, its name and its "as of" time (every
 * finding is true as of collectedAt). */
static void artifact_properties(cJSON *art, const struct ts_account *a)
{
    cJSON *props;

    if (!a->name && !a->collected_at)
        return;
    props = cJSON_AddObjectToObject(art, "properties");
    cJSON_AddStringToObject(props, "account", a->account_id);
    if (a->name)
        cJSON_AddStringToObject(props, "accountName", a->name);
    if (a->collected_at)
        cJSON_AddStringToObject(props, "collectedAt", a->collected_at);
}

/* --compliance: each control's status over the accounts, as run
 * properties (the taxonomies name the controls; this says how they fare). */
static cJSON *compliance_properties(const struct ts_compliance *c)
{
    cJSON *list = cJSON_CreateArray();

    for (size_t i = 0; i < c->nframeworks; i++) {
        const struct ts_compliance_framework *f = &c->frameworks[i];
        cJSON *fo = cJSON_CreateObject(), *sections;
        cJSON_AddStringToObject(fo, "framework", f->id);
        cJSON_AddStringToObject(fo, "title", f->title);
        sections = cJSON_AddArrayToObject(fo, "sections");
        for (size_t s = 0; s < f->nsections; s++) {
            const struct ts_compliance_section *x = &f->sections[s];
            cJSON *so = cJSON_CreateObject(), *controls;
            size_t passed, assessed;
            ts_compliance_section_score(x, &passed, &assessed);
            cJSON_AddStringToObject(so, "id", x->id);
            cJSON_AddStringToObject(so, "title", x->title);
            cJSON_AddNumberToObject(so, "controlsPassed", (double)passed);
            cJSON_AddNumberToObject(so, "controlsAssessed", (double)assessed);
            controls = cJSON_AddArrayToObject(so, "controls");
            for (size_t k = x->first; k < x->first + x->count; k++) {
                const struct ts_compliance_control *ctl = &f->controls[k];
                cJSON *co = cJSON_CreateObject();
                cJSON_AddStringToObject(co, "id", ctl->id);
                cJSON_AddStringToObject(co, "status", ts_control_status_key(ctl->status));
                cJSON_AddNumberToObject(co, "accountsFailed",
                                        (double)ctl->accounts[TS_CONTROL_FAILED]);
                cJSON_AddNumberToObject(co, "resourcesFailed", (double)ctl->failed);
                cJSON_AddNumberToObject(co, "accountsToReview",
                                        (double)ctl->accounts[TS_CONTROL_REVIEW]);
                cJSON_AddNumberToObject(co, "accountsPassed",
                                        (double)ctl->accounts[TS_CONTROL_PASSED]);
                cJSON_AddNumberToObject(co, "accountsNotAssessed",
                                        (double)ctl->accounts[TS_CONTROL_NOT_ASSESSED]);
                cJSON_AddItemToArray(controls, co);
            }
            cJSON_AddItemToArray(sections, so);
        }
        cJSON_AddItemToArray(list, fo);
    }
    return list;
}

static cJSON *build(const struct ts_engine *e, const struct ts_report_opts *o,
                    struct stream *st, cJSON **results)
{
    cJSON *doc = cJSON_CreateObject(), *run, *driver, *rules, *artifacts;
    struct frameworks fw = {NULL, 0};
    struct ts_results_iter it;
    const struct ts_result *r;
    size_t by_level[TS_LEVEL_ERROR + 1] = {0};
    struct cut cut;
    struct ts_sarif_artifacts arts;
    size_t kept = 0, dropped = 0, left_out = 0, absent = 0, *gone;
    char auto_id[64];

    cJSON_AddStringToObject(doc, "$schema", SARIF_SCHEMA);
    cJSON_AddStringToObject(doc, "version", "2.1.0");
    run = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "runs"), run);
    driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
    cJSON_AddStringToObject(driver, "name", "trailscan");
    cJSON_AddStringToObject(driver, "semanticVersion", TRAILSCAN_VERSION);
    cJSON_AddStringToObject(driver, "version", TRAILSCAN_VERSION);
    cJSON_AddStringToObject(driver, "informationUri", TRAILSCAN_HOMEPAGE);
    rules = cJSON_AddArrayToObject(driver, "rules");
    for (size_t i = 0; i < ts_engine_nrules(e); i++)
        cJSON_AddItemToArray(rules, rule_descriptor(ts_engine_rule(e, i), &fw, ts_engine_lang(e)));
    if (fw.count) {
        cJSON *supported = cJSON_AddArrayToObject(driver, "supportedTaxonomies");
        for (size_t f = 0; f < fw.count; f++) {
            cJSON *ref = cJSON_CreateObject();
            cJSON_AddStringToObject(ref, "name", fw.names[f]);
            cJSON_AddNumberToObject(ref, "index", (double)f);
            cJSON_AddItemToArray(supported, ref);
        }
        cJSON_AddItemToObject(run, "taxonomies", taxonomies(e, &fw));
    }
    artifacts = cJSON_AddArrayToObject(run, "artifacts");
    ts_sarif_artifacts_init(&arts, e);
    for (size_t a = 0; a < ts_engine_naccounts(e); a++) {
        const struct ts_account *acct = ts_engine_account(e, a);
        cJSON *art = cJSON_CreateObject(), *hashes;
        ts_sarif_artifacts_set(&arts, a, acct->file, ts_report_uri(acct->file, o->base_uri));
        cJSON_AddStringToObject(cJSON_AddObjectToObject(art, "location"), "uri", arts.uris[a]);
        hashes = cJSON_AddObjectToObject(art, "hashes");
        cJSON_AddStringToObject(hashes, "sha-256", acct->sha256);
        cJSON_AddItemToArray(cJSON_AddArrayToObject(art, "roles"),
                             cJSON_CreateString("analysisTarget"));
        artifact_properties(art, acct);
        cJSON_AddItemToArray(artifacts, art);
    }
    ts_name_index_sort(&arts.by_file);
    /* Which results go in: passes only when asked, at most MAX_RESULTS. */
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it))) {
        if (!ts_report_shows(r, o))
            continue;
        if (!candidate(r, o)) {
            left_out++;
            continue;
        }
        by_level[pick_level(e, r)]++;
        kept++;
    }
    ts_results_end(&it);
    cut = cut_at(by_level, kept);
    if (kept > MAX_RESULTS) {
        dropped = kept - MAX_RESULTS;
        kept = MAX_RESULTS;
    }
    /* Results gone since the baseline, within the same cap. */
    for (size_t i = 0; o->baseline && i < o->baseline->nresults; i++)
        absent += (size_t)o->baseline->results[i].absent;
    if (kept + absent > MAX_RESULTS) {
        dropped += kept + absent - MAX_RESULTS;
        absent = MAX_RESULTS - kept;
    }
    gone = ts_xmalloc((absent + 1) * sizeof(*gone));
    for (size_t i = 0, n = 0; n < absent; i++)
        if (o->baseline->results[i].absent)
            gone[n++] = i;
    cJSON_AddItemToArray(cJSON_AddArrayToObject(run, "invocations"),
                         invocation(e, o, dropped, left_out));
    if (ts_engine_naccounts(e) == 1)
        snprintf(auto_id, sizeof(auto_id), "trailscan/%s/", ts_engine_account(e, 0)->account_id);
    else
        snprintf(auto_id, sizeof(auto_id), "trailscan/organization/");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(run, "automationDetails"), "id", auto_id);
    cJSON_AddStringToObject(run, "columnKind", "utf16CodeUnits");
    /* SARIF's run.language: absent means en-US, the English of before --lang. */
    if (ts_engine_lang(e) == TS_LANG_JA)
        cJSON_AddStringToObject(run, "language", "ja-JP");
    if (o->compliance)
        cJSON_AddItemToObject(cJSON_AddObjectToObject(run, "properties"), "compliance",
                              compliance_properties(o->compliance));
    *results = cJSON_AddArrayToObject(run, "results");
    for (size_t f = 0; f < fw.count; f++)
        free(fw.names[f]);
    free(fw.names);
    memset(st, 0, sizeof(*st));
    st->e = e;
    st->o = o;
    st->arts = arts;
    st->cut = cut;
    st->kept = kept;
    st->absent = gone;
    st->nabsent = absent;
    return doc;
}

static void stream_release(struct stream *st)
{
    ts_sarif_artifacts_release(&st->arts);
    free(st->absent);
}

int ts_report_sarif(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o)
{
    struct stream st;
    cJSON *results, *doc = build(e, o, &st, &results);
    size_t gz = 0;
    int ret;

    ts_results_begin(&st.it, e);
    ret = ts_json_stream_write(out, doc, results, st.kept + st.nabsent, stream_item, &st, &gz);
    ts_results_end(&st.it);
    cJSON_Delete(doc);
    stream_release(&st);
    ts_report_gzip_warning(gz);
    return ret < 0 || ts_results_error(e) ? -1 : 0;
}
