/* Evidence for the HTML report: the snapshot's own JSON object at a
 * result's location, read back from the file (the engine released the
 * tree long ago), pretty-printed and bounded, so a reader sees what the
 * rule judged without opening the file. */
#include "report/report_html_parts.h"

#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "util/error.h"
#include "util/file_read.h"
#include "util/utf8.h"

void ts_html_source_release(struct ts_html_source *src)
{
    free(src->path);
    free(src->text);
    free(src->lines);
    memset(src, 0, sizeof(*src));
}

/* Loads path unless it is the one loaded; 0, or -1 if it cannot be read. */
static int load(struct ts_html_source *src, const char *path)
{
    struct ts_error err;
    size_t cap = 64;

    if (src->path && !strcmp(src->path, path))
        return src->text ? 0 : -1;
    ts_html_source_release(src);
    src->path = ts_xstrdup(path);
    if (ts_file_read(path, TS_MAX_SNAPSHOT_BYTES, &src->text, &src->len, &err) < 0)
        return -1; /* remembered as unreadable: tried once per file */
    src->lines = ts_xmalloc(cap * sizeof(*src->lines));
    /* Positions count from after a byte order mark, as the scan did. */
    src->lines[src->nlines++] = strncmp(src->text, "\xEF\xBB\xBF", 3) ? 0 : 3;
    for (const char *p = src->text; (p = memchr(p, '\n', src->len - (size_t)(p - src->text)));) {
        if (src->nlines == cap)
            src->lines = ts_xrealloc(src->lines, (cap *= 2) * sizeof(*src->lines));
        src->lines[src->nlines++] = (size_t)(++p - src->text);
    }
    return 0;
}

/* The offset of line:column (UTF-16 units), or SIZE_MAX. */
static size_t offset_of(const struct ts_html_source *src, unsigned line, unsigned column)
{
    size_t at, units = 1;

    if (line == 0 || line > src->nlines || column == 0)
        return SIZE_MAX;
    at = src->lines[line - 1];
    while (units < column && at < src->len && src->text[at] != '\n') {
        size_t n = ts_utf8_seq_len((const unsigned char *)src->text + at, src->len - at);
        units += n == 4 ? 2 : 1;  /* beyond the BMP: a surrogate pair */
        at += n ? n : 1;
    }
    return units == column ? at : SIZE_MAX;
}

/* The end of the JSON container opening at text[at], or SIZE_MAX. */
static size_t container_end(const char *text, size_t len, size_t at)
{
    size_t depth = 0;

    for (size_t i = at; i < len; i++) {
        char c = text[i];
        if (c == '"') {
            for (i++; i < len && text[i] != '"'; i++)
                i += text[i] == '\\';
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return SIZE_MAX;
}

/* A copy of s cut at the last line break before max, with a note saying
 * where the whole object is.  Caller frees. */
static char *bound(enum ts_lang lang, const char *s, size_t max, const char *path,
                   unsigned line)
{
    size_t n = strlen(s), cut;
    char *out;

    if (n <= max)
        return ts_xstrdup(s);
    for (cut = max; cut > 0 && s[cut] != '\n'; cut--)
        ;
    out = ts_xmalloc(cut + strlen(path) + 128);
    if (lang == TS_LANG_JA)
        sprintf(out, "%.*s\n\xE2\x80\xA6 (ほか %zu バイト: オブジェクト全体は %s:%u にあります)",
                (int)cut, s, n - cut, path, line);
    else
        sprintf(out, "%.*s\n\xE2\x80\xA6 (%zu more bytes: the whole object is at %s:%u)", (int)cut,
                s, n - cut, path, line);
    return out;
}

char *ts_html_evidence(struct ts_html_source *src, enum ts_lang lang, const char *path,
                       unsigned line, unsigned column, size_t max)
{
    size_t at, end;
    cJSON *node;
    char *text, *shown;

    if (load(src, path) < 0 || (at = offset_of(src, line, column)) == SIZE_MAX
        || (src->text[at] != '{' && src->text[at] != '[')
        || (end = container_end(src->text, src->len, at)) == SIZE_MAX)
        return NULL;
    node = cJSON_ParseWithLength(src->text + at, end - at);
    text = node ? cJSON_Print(node) : NULL;
    cJSON_Delete(node);
    shown = text ? bound(lang, text, max, path, line) : NULL;
    cJSON_free(text);
    return shown;
}
