/* Bar charts as inline SVG: no script and no image file, so they show
 * wherever the page does, print, and read without colour (each bar is
 * labelled and carries its total; each part has a title). */
#include "report/report_html_parts.h"

#include <stdlib.h>
#include "engine/result.h"
#include "report/report_words.h"

#define LABEL_W 300     /* room for a rule id or an account's label */
#define BAR_W 330
#define ROW_H 22
#define LABEL_MAX 44 /* bytes of a label that fit LABEL_W */

static const char *const classes[TS_HTML_BAR_PARTS] = {"error", "warning", "note", "review",
                                                        "waived", "pass"};
static const enum ts_word_key class_words[TS_HTML_BAR_PARTS] = {
    TS_W_ERROR, TS_W_WARNING, TS_W_NOTE, TS_W_REVIEW, TS_W_WAIVED, TS_W_PASS};
/* Accounts are counted by their status on a control: any failure fails it. */
static const enum ts_word_key account_words[TS_HTML_BAR_PARTS] = {
    TS_W_FAILED, TS_W_FAILED, TS_W_FAILED, TS_W_REVIEW, TS_W_WAIVED, TS_W_PASS};

static size_t total(const struct ts_html_bar *b)
{
    size_t n = 0;

    for (int k = 0; k < TS_HTML_BAR_PARTS; k++)
        n += b->part[k];
    return n;
}

/* The parts of one bar, end to end; returns where the bar ends. */
static double parts(FILE *out, enum ts_lang l, const struct ts_html_bar *b, size_t max,
                    size_t y, enum ts_html_unit unit)
{
    double x = LABEL_W;

    for (int k = 0; k < TS_HTML_BAR_PARTS; k++) {
        /* A part above 0 is at least 2 units long: it shows. */
        double w = b->part[k] ? 2.0 + (BAR_W - 2.0) * (double)b->part[k] / (double)max : 0.0;
        if (!b->part[k])
            continue;
        fprintf(out, "<rect class=\"%s\" x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"%d\">",
                classes[k], x, y, w, ROW_H - 6);
        if (l == TS_LANG_JA && unit == TS_HTML_ACCOUNTS) /* 不合格 5 アカウント */
            fprintf(out, "<title>%s %zu アカウント</title></rect>", ts_word(l, account_words[k]),
                    b->part[k]);
        else if (l == TS_LANG_JA)
            fprintf(out, "<title>%s %zu 件</title></rect>", ts_word(l, class_words[k]), b->part[k]);
        else
            fprintf(out, "<title>%zu %s</title></rect>", b->part[k], classes[k]);
        x += w;
    }
    return x;
}

void ts_html_bars(FILE *out, enum ts_lang l, const char *title, const struct ts_html_bar *bars,
                  size_t n, enum ts_html_unit unit)
{
    size_t max = 1;

    for (size_t i = 0; i < n; i++)
        max = total(&bars[i]) > max ? total(&bars[i]) : max;
    fprintf(out, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %zu\" "
            "xmlns=\"http://www.w3.org/2000/svg\"><title>", LABEL_W + BAR_W + 90,
            n * ROW_H + 4);
    ts_html_text(out, title);
    fputs("</title>\n", out);
    for (size_t i = 0; i < n; i++) {
        size_t y = i * ROW_H + 2;
        char *label = ts_result_cut(bars[i].label, LABEL_MAX);
        double end;
        fprintf(out, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">", LABEL_W - 6, y + 15);
        ts_html_text(out, label);
        free(label);
        fputs("</text>", out);
        end = parts(out, l, &bars[i], max, y + 2, unit);
        fprintf(out, "<text x=\"%.1f\" y=\"%zu\">%zu</text>\n", end + 6, y + 15,
                total(&bars[i]));
    }
    fputs("</svg>\n", out);
}
