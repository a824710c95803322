#include "report/report_sarif_result.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/result.h"
#include "triage/config.h"
#include "triage/baseline.h"
#include "triage/waiver.h"
#include "report/report_words.h"

/* s cut to at most max bytes on a UTF-8 boundary, "..." marking a cut. */
static void cut_member(struct ts_json_w *w, const char *key, const char *s, size_t max)
{
    char *cut;

    if (strlen(s) <= max) { /* the usual case: nothing to cut, nothing to copy */
        ts_json_w_text_member(w, key, s);
        return;
    }
    cut = ts_result_cut(s, max);

    ts_json_w_text_member(w, key, cut);
    free(cut);
}

/* "key": {"text": s cut to max}. */
static void message_member(struct ts_json_w *w, const char *key, const char *s, size_t max)
{
    ts_json_w_key(w, key);
    ts_json_w_object(w);
    cut_member(w, "text", s, max);
    ts_json_w_end(w);
}

/* "region": {"startLine": line, "startColumn": column}. */
static void region_member(struct ts_json_w *w, double line, double column)
{
    ts_json_w_key(w, "region");
    ts_json_w_object(w);
    ts_json_w_number_member(w, "startLine", line);
    ts_json_w_number_member(w, "startColumn", column);
    ts_json_w_end(w);
}

void ts_sarif_artifacts_init(struct ts_sarif_artifacts *arts, const struct ts_engine *e)
{
    arts->n = ts_engine_naccounts(e);
    arts->uris = ts_xmalloc((arts->n + 1) * sizeof(*arts->uris));
    ts_name_index_init(&arts->by_file, arts->n);
}

void ts_sarif_artifacts_set(struct ts_sarif_artifacts *arts, size_t a, const char *file,
                            char *uri)
{
    arts->uris[a] = uri;
    ts_name_index_set(&arts->by_file, a, file);
}

void ts_sarif_artifacts_release(struct ts_sarif_artifacts *arts)
{
    for (size_t a = 0; a < arts->n; a++)
        free(arts->uris[a]);
    free(arts->uris);
    ts_name_index_release(&arts->by_file);
    memset(arts, 0, sizeof(*arts));
}

/* A place of evidence, as a related location: ids 1..n, into that file at
 * the object that decided the result, pointing at its artifact when that
 * account is in the run, with a message saying what it is. */
static void related_location(struct ts_json_w *w, const struct ts_engine *e,
                             const struct ts_place *p, unsigned id,
                             const struct ts_sarif_artifacts *arts)
{
    size_t a = ts_name_index_find(&arts->by_file, p->file);
    char text[300];

    ts_json_w_object(w);
    ts_json_w_number_member(w, "id", id);
    ts_json_w_key(w, "physicalLocation");
    ts_json_w_object(w);
    ts_json_w_key(w, "artifactLocation");
    ts_json_w_object(w);
    if (a != SIZE_MAX) {
        ts_json_w_text_member(w, "uri", arts->uris[a]);
        ts_json_w_number_member(w, "index", (double)a);
    } else {
        char *own = ts_report_uri(p->file, NULL);
        ts_json_w_text_member(w, "uri", own);
        free(own);
    }
    ts_json_w_end(w);
    region_member(w, p->line ? p->line : 1, p->column ? p->column : 1);
    ts_json_w_end(w);
    snprintf(text, sizeof(text), TS_SAY(ts_engine_lang(e), "Evidence: %s", "根拠: %s"),
             ts_place_what(p));
    message_member(w, "message", text, TS_SARIF_MAX_TEXT);
    ts_json_w_end(w);
}

/* "locations": the snapshot's place of the resource, and its name. */
static void locations(struct ts_json_w *w, const struct ts_result *r, const char *const *uris)
{
    ts_json_w_key(w, "locations");
    ts_json_w_array(w);
    ts_json_w_object(w);
    ts_json_w_key(w, "physicalLocation");
    ts_json_w_object(w);
    ts_json_w_key(w, "artifactLocation");
    ts_json_w_object(w);
    ts_json_w_text_member(w, "uri", uris[r->snapshot]);
    ts_json_w_number_member(w, "index", (double)r->snapshot);
    ts_json_w_end(w);
    region_member(w, r->line ? r->line : 1, r->column ? r->column : 1);
    ts_json_w_end(w);
    ts_json_w_key(w, "logicalLocations");
    ts_json_w_array(w);
    ts_json_w_object(w);
    ts_json_w_text_member(w, "fullyQualifiedName", r->resource);
    ts_json_w_text_member(w, "kind", "resource");
    ts_json_w_end(w);
    ts_json_w_end(w);
    ts_json_w_end(w);
    ts_json_w_end(w);
}

static void properties(struct ts_json_w *w, const struct ts_account *a, const struct ts_result *r)
{
    ts_json_w_key(w, "properties");
    ts_json_w_object(w);
    ts_json_w_text_member(w, "account", a->account_id);
    ts_json_w_text_member(w, "accountName", a->name); /* only named: unnamed accounts' SARIF is unchanged */
    ts_json_w_text_member(w, "region", r->region);
    ts_json_w_text_member(w, "resource", r->resource);
    ts_json_w_text_member(w, "verdict", ts_verdict_name(r->verdict));
    ts_json_w_text_member(w, "fix", r->fix);
    if (r->evidence_more) /* places of evidence past relatedLocations' cap */
        ts_json_w_number_member(w, "evidenceMore", r->evidence_more);
    ts_json_w_end(w);
}

/* SARIF's way to say "accepted risk": GitHub ignores it (and shows the
 * result as an open alert), other viewers honour it. */
static void suppressions(struct ts_json_w *w, const struct ts_waiver *wv,
                         const struct ts_report_opts *o, enum ts_lang lang)
{
    char about[600], *just, *uri;
    size_t n;

    ts_json_w_key(w, "suppressions");
    ts_json_w_array(w);
    ts_json_w_object(w);
    ts_json_w_text_member(w, "kind", "external");
    ts_json_w_text_member(w, "status", "accepted");
    ts_word_waiver(lang, wv, 1, about, sizeof(about));
    n = strlen(wv->reason) + strlen(about) + 4;
    just = ts_xmalloc(n);
    snprintf(just, n, "%s (%s)", wv->reason, about);
    cut_member(w, "justification", just, TS_SARIF_MAX_TEXT);
    free(just);
    /* Where the waiver is written, for an auditor to find it. */
    ts_json_w_key(w, "location");
    ts_json_w_object(w);
    ts_json_w_key(w, "physicalLocation");
    ts_json_w_object(w);
    ts_json_w_key(w, "artifactLocation");
    ts_json_w_object(w);
    uri = ts_report_uri(o->config->doc.path, o->base_uri);
    ts_json_w_text_member(w, "uri", uri);
    free(uri);
    ts_json_w_end(w);
    region_member(w, wv->line, wv->column);
    ts_json_w_end(w);
    ts_json_w_end(w);
    ts_json_w_key(w, "properties");
    ts_json_w_object(w);
    ts_json_w_text_member(w, "owner", wv->owner);
    ts_json_w_text_member(w, "ticket", wv->ticket);
    ts_json_w_text_member(w, "expires", wv->expires);
    ts_json_w_end(w);
    ts_json_w_end(w);
    ts_json_w_end(w);
}

void ts_sarif_write_result(struct ts_json_w *w, const struct ts_engine *e,
                           const struct ts_result *r, const struct ts_sarif_artifacts *arts,
                           const struct ts_report_opts *o)
{
    static const char *const kinds[] = {"fail", "pass", "review"};
    const struct ts_rule *rule = ts_engine_rule(e, r->rule);
    const struct ts_account *a = ts_engine_account(e, r->snapshot);
    char hash[65], *text;

    ts_json_w_object(w);
    cut_member(w, "ruleId", rule->id, TS_SARIF_MAX_ID);
    ts_json_w_number_member(w, "ruleIndex", (double)r->rule);
    ts_json_w_text_member(w, "kind", kinds[r->verdict]);
    /* fail: from the severity; pass: none.  review: note, as DESIGN.md asks,
     * although SARIF 3.27.10 wants "none" for every kind but "fail": GitHub
     * code scanning ignores `kind`, and a "could not decide" must stay
     * visible there (the schema and Microsoft's validator accept it). */
    ts_json_w_text_member(w, "level", ts_level_name(ts_result_level(rule, r)));
    text = ts_result_sarif_message(r, ts_engine_lang(e));
    message_member(w, "message", text, TS_SARIF_MAX_TEXT);
    free(text);
    locations(w, r, (const char *const *)arts->uris);
    if (r->nevidence) {
        ts_json_w_key(w, "relatedLocations");
        ts_json_w_array(w);
        for (unsigned i = 0; i < r->nevidence; i++)
            related_location(w, e, &r->evidence[i], i + 1, arts);
        ts_json_w_end(w);
    }
    ts_result_fingerprint(rule, a->account_id, r, hash);
    ts_json_w_key(w, "partialFingerprints");
    ts_json_w_object(w);
    ts_json_w_text_member(w, "trailscanResource/v1", hash);
    ts_json_w_end(w);
    properties(w, a, r);
    if (r->waiver)
        suppressions(w, ts_waiver_of(o->config, r), o, ts_engine_lang(e));
    if (o->baseline)
        ts_json_w_text_member(w, "baselineState", ts_baseline_state_name(r->baseline_state));
    ts_json_w_end(w);
}
