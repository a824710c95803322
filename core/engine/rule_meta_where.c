#include "engine/rule_meta_where.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "lua/lua_source.h"
#include "util/file_read.h"

/* Past a long bracket "[==[" at t[i] ('[' then level '=' then '['), or i
 * itself when there is none. */
static size_t long_bracket_end(const char *t, size_t len, size_t i, unsigned *line)
{
    size_t level = 0, j = i + 1;

    while (j < len && t[j] == '=')
        level++, j++;
    if (j >= len || t[j] != '[')
        return i;
    for (j++; j < len; j++) {
        if (t[j] == '\n')
            ++*line;
        if (t[j] == ']') {
            size_t k = j + 1, n = 0;
            while (k < len && t[k] == '=')
                n++, k++;
            if (n == level && k < len && t[k] == ']')
                return k + 1;
        }
    }
    return len;
}

/* 1 if `= ` (not `==`) follows t[i] after blanks. */
static int assigned(const char *t, size_t len, size_t i)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t'))
        i++;
    return i < len && t[i] == '=' && (i + 1 >= len || t[i + 1] != '=');
}

static int is_ident(int c)
{
    return isalnum(c) || c == '_';
}

int ts_rule_key_find(const char *t, size_t len, const char *key, unsigned before,
                     unsigned *line, unsigned *column)
{
    size_t klen = strlen(key), bol = 0, i = 0;
    unsigned ln = 1;
    int found = 0;

    while (i < len && !(before && ln > before && found)) {
        char c = t[i];
        if (c == '\n') {
            ln++;
            bol = ++i;
        } else if (c == '-' && i + 1 < len && t[i + 1] == '-') {
            size_t end = i + 2 < len && t[i + 2] == '[' ? long_bracket_end(t, len, i + 2, &ln)
                                                          : i + 2;
            if (end == i + 2)
                while (end < len && t[end] != '\n')
                    end++;
            i = end;
        } else if (c == '"' || c == '\'') {
            /* ["key"] = ... is a key; any other string is skipped. */
            size_t s = ++i;
            while (i < len && t[i] != c && t[i] != '\n')
                i += t[i] == '\\' ? 2 : 1;
            if (s >= 2 && t[s - 2] == '[' && i - s == klen && !memcmp(t + s, key, klen)
                && i + 1 < len && t[i + 1] == ']' && assigned(t, len, i + 2)
                && (!before || ln <= before)) {
                *line = ln;
                *column = (unsigned)(s - 1 - bol);
                found = 1;
                if (!before)
                    return 0;
            }
            i++;
        } else if (c == '[') {
            size_t end = long_bracket_end(t, len, i, &ln);
            i = end == i ? i + 1 : end;
        } else if (is_ident((unsigned char)c)) {
            size_t s = i;
            while (i < len && is_ident((unsigned char)t[i]))
                i++;
            /* `x.key =` sets a result's field (looked for before a line);
             * a rule table's field is never written so. */
            if (i - s == klen && !memcmp(t + s, key, klen) && (before || s == 0 || t[s - 1] != '.')
                && assigned(t, len, i) && (!before || ln <= before)) {
                *line = ln;
                *column = (unsigned)(s - bol + 1);
                found = 1;
                if (!before)
                    return 0;
            }
        } else
            i++;
    }
    return found ? 0 : -1;
}

int ts_rule_key_where(const char *path, const char *key, unsigned before, unsigned *line,
                      unsigned *column)
{
    struct ts_error err;
    char *text;
    size_t len;
    int ret;

    if (ts_file_read(path, TS_MAX_RULE_BYTES, &text, &len, &err) < 0)
        return -1;
    ret = ts_rule_key_find(text, len, key, before, line, column);
    free(text);
    return ret;
}
