/* The HTML report's rules: each rule with a result shown, once, with its
 * description, controls and its console / AWS CLI / Terraform
 * remediation in full (findings link here instead of repeating it). */
#include "report/report_html_parts.h"

#include <stdlib.h>
#include <string.h>
#include "engine/result.h"
#include "report/report_words.h"

static void part(FILE *out, const char *title, const char *text)
{
    if (!text)
        return;
    fprintf(out, "<h4>%s</h4><pre>", title);
    ts_html_lines(out, text);
    fputs("</pre>\n", out);
}

static void controls(FILE *out, enum ts_lang l, const struct ts_rule *r)
{
    if (!r->compliance || !r->compliance[0])
        return;
    fprintf(out, "<dt>%s</dt><dd>", ts_word(l, TS_W_CONTROLS));
    for (char **c = r->compliance; *c; c++) {
        size_t fw = strcspn(*c, "\t");
        char name[256];
        /* "framework\tcontrol" (rule_meta.c) shown as "framework control" */
        snprintf(name, sizeof(name), "%.*s", (int)fw, *c);
        fputs(c == r->compliance ? "" : l == TS_LANG_JA ? "、" : ", ", out);
        ts_html_text(out, name);
        if ((*c)[fw]) {
            fputc(' ', out);
            ts_html_text(out, *c + fw + 1);
        }
    }
    fputs("</dd>", out);
}

/* References that are web addresses become links; anything else is text
 * (a rule from a folder could name a javascript: address). */
static void references(FILE *out, enum ts_lang l, const struct ts_rule *r)
{
    if (!r->references || !r->references[0])
        return;
    fprintf(out, "<h4>%s</h4><ul>\n", ts_word(l, TS_W_REFERENCES));
    for (char **ref = r->references; *ref; ref++) {
        int web = !strncmp(*ref, "https://", 8);
        fputs(web ? "<li><a rel=\"noreferrer\" href=\"" : "<li>", out);
        if (web) {
            ts_html_attr(out, *ref);
            fputs("\">", out);
        }
        ts_html_text(out, *ref);
        fputs(web ? "</a></li>\n" : "</li>\n", out);
    }
    fputs("</ul>\n", out);
}

static void rule(FILE *out, const struct ts_engine *e, size_t i, const struct ts_html_count *c)
{
    const struct ts_rule *r = ts_engine_rule(e, i);
    const char *sym, *cls = ts_html_count_class(c, &sym);
    char *rel = ts_report_relpath(r->file, NULL);
    enum ts_lang l = ts_engine_lang(e);

    fprintf(out, "<details class=\"rule\" id=\"r-%zu\"><summary><span class=\"sym %s\">%s"
            "</span> ", i, cls, sym);
    ts_html_text(out, r->id);
    fputs(": ", out);
    ts_html_text(out, r->title);
    /* a rule without texts in the scan's language says so, as in the text report */
    if (r->texts_lang != l)
        fprintf(out, " <span class=\"tag\">%s</span>", ts_word(l, TS_W_ENGLISH_ONLY));
    fputs("</summary>\n<p>", out);
    ts_html_text(out, r->description);
    fprintf(out, "</p>\n<dl><dt>%s</dt><dd>%s</dd>", ts_word(l, TS_W_SEVERITY),
            ts_word_severity(l, r->severity));
    controls(out, l, r);
    fprintf(out, "<dt>%s</dt><dd><code>", ts_word(l, TS_W_RULE_FILE));
    ts_html_text(out, rel);
    fputs("</code></dd></dl>\n", out);
    free(rel);
    if (r->fix_console || r->fix_cli || r->fix_terraform) {
        part(out, ts_word(l, TS_W_CONSOLE), r->fix_console);
        part(out, "AWS CLI", r->fix_cli);
        part(out, "Terraform", r->fix_terraform);
    } else {
        part(out, ts_word(l, TS_W_REMEDIATION), r->remediation);
    }
    references(out, l, r);
    fputs("</details>\n", out);
}

void ts_html_rules(FILE *out, const struct ts_engine *e, const struct ts_html_tally *t)
{
    fprintf(out, "<section id=\"rules\"><h2>%s</h2>\n",
            ts_word(ts_engine_lang(e), TS_W_RULES_AND_THEIR_REMEDIATION));
    for (size_t i = 0; i < ts_engine_nrules(e); i++) {
        const struct ts_html_count *c = &t->by_rule[i];
        if (c->fail[1] || c->fail[2] || c->fail[3] || c->review || c->waived || c->pass)
            rule(out, e, i, c);
    }
    fputs("</section>\n", out);
}
