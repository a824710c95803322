/* Escaping for the HTML report: every text from a snapshot, a rule, a
 * config or the command line goes through here, so a name holding
 * <script>, "onerror= or </style> is shown as text, never markup. */
#include "report/report_html_parts.h"

#include <string.h>
#include "util/text.h"

/* Writes s with the characters of markup (special: "&<>", and the quotes
 * too in an attribute) as entities and keep ("\n\t" or "") as they are. */
static void html_escape(FILE *out, const char *s, const char *special, const char *keep)
{
    size_t len = s ? strlen(s) : 0, i = 0, n;
    char esc[8];

    while (i < len) {
        size_t run = i;
        /* The plain run first, in one write: most text is plain ASCII. */
        while (run < len && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F
               && !strchr(special, s[run]))
            run++;
        fwrite(s + i, 1, run - i, out);
        if ((i = run) >= len)
            break;
        switch (s[i]) {
        case '&': fputs("&amp;", out); i++; continue;
        case '<': fputs("&lt;", out); i++; continue;
        case '>': fputs("&gt;", out); i++; continue;
        case '"': fputs("&quot;", out); i++; continue;
        case '\'': fputs("&#39;", out); i++; continue;
        }
        if (strchr(keep, s[i])) {
            fputc(s[i++], out);
            continue;
        }
        ts_text_escape_at(s + i, len - i, &n, esc);
        if (esc[0])
            fputs(esc, out);
        else
            fwrite(s + i, 1, n, out);
        i += n;
    }
}

/* Quotes are plain text outside attributes: evidence (JSON) stays small. */
void ts_html_text(FILE *out, const char *s)
{
    html_escape(out, s, "&<>", "");
}

void ts_html_lines(FILE *out, const char *s)
{
    html_escape(out, s, "&<>", "\n\t");
}

void ts_html_attr(FILE *out, const char *s)
{
    html_escape(out, s, "&<>\"'", "");
}
