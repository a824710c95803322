/* Reading the AWS CLI's INI files (see ini.h). */
#include "aws/ini.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/crypto.h>

#include "util/file_read.h"

/* The shared files hold a few profiles; anything this big is not one. */
#define INI_MAX_BYTES ((size_t)4 * 1024 * 1024)

void aws_ini_init(struct aws_ini *ini)
{
    memset(ini, 0, sizeof(*ini));
}

static void wipe_free(char *s)
{
    if (s) {
        OPENSSL_cleanse(s, strlen(s));
        free(s);
    }
}

void aws_ini_release(struct aws_ini *ini)
{
    for (size_t i = 0; i < ini->count; i++) {
        struct aws_ini_section *s = &ini->sections[i];
        for (size_t k = 0; k < s->count; k++) {
            free(s->keys[k].name);
            wipe_free(s->keys[k].value);
        }
        free(s->keys);
        free(s->name);
    }
    free(ini->sections);
    aws_ini_init(ini);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static char *copy_range(const char *s, size_t n)
{
    char *p = ts_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const struct aws_ini_section *aws_ini_section(const struct aws_ini *ini, const char *name)
{
    for (size_t i = 0; i < ini->count; i++)
        if (!strcmp(ini->sections[i].name, name))
            return &ini->sections[i];
    return NULL;
}

const char *aws_ini_get(const struct aws_ini_section *s, const char *key)
{
    for (size_t k = 0; s && k < s->count; k++)
        if (!strcmp(s->keys[k].name, key))
            return s->keys[k].value;
    return NULL;
}

/* Parser state: where the current section and key are, and how far the
 * key's line was indented (a deeper line continues its value). */
struct ini_state {
    struct aws_ini *ini;
    const char *path;
    size_t lineno;
    struct aws_ini_section *sect;
    struct aws_ini_key *key;
    size_t key_indent;
};

static int add_section(struct ini_state *st, const char *name, size_t n, struct ts_error *err)
{
    struct aws_ini *ini = st->ini;
    char *copy = copy_range(name, n);

    if (aws_ini_section(ini, copy)) {
        ts_error_set(err, "%s:%zu: section [%s] appears twice", st->path, st->lineno, copy);
        free(copy);
        return -1;
    }
    if (ini->count == ini->alloc) {
        ini->alloc = ini->alloc ? ini->alloc * 2 : 8;
        ini->sections = ts_xrealloc(ini->sections, ini->alloc * sizeof(*ini->sections));
    }
    st->sect = &ini->sections[ini->count++];
    memset(st->sect, 0, sizeof(*st->sect));
    st->sect->name = copy;
    st->key = NULL;
    return 0;
}

static int add_key(struct ini_state *st, const char *line, size_t n, size_t indent,
                   struct ts_error *err)
{
    struct aws_ini_section *s = st->sect;
    size_t d = 0, ne, vs, ve;
    char *name;

    while (d < n && line[d] != '=' && line[d] != ':')
        d++;
    for (ne = d; ne > 0 && is_blank(line[ne - 1]); ne--)
        ;
    if (d == n || ne == 0)
        return ts_error_set(err, "%s:%zu: expected 'name = value'", st->path, st->lineno);
    name = copy_range(line, ne);
    for (char *p = name; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    if (aws_ini_get(s, name)) {
        ts_error_set(err, "%s:%zu: '%s' appears twice in [%s]", st->path, st->lineno, name,
                     s->name);
        free(name);
        return -1;
    }
    for (vs = d + 1; vs < n && is_blank(line[vs]); vs++)
        ;
    for (ve = n; ve > vs && is_blank(line[ve - 1]); ve--)
        ;
    if (s->count == s->alloc) {
        s->alloc = s->alloc ? s->alloc * 2 : 8;
        s->keys = ts_xrealloc(s->keys, s->alloc * sizeof(*s->keys));
    }
    st->key = &s->keys[s->count++];
    st->key->name = name;
    st->key->value = copy_range(line + vs, ve - vs);
    st->key_indent = indent;
    return 0;
}

/* "value" + "\n" + the continuation line, as RawConfigParser joins them. */
static void continue_value(struct aws_ini_key *key, const char *line, size_t n)
{
    size_t old = strlen(key->value);
    char *v = ts_xmalloc(old + n + 2);

    memcpy(v, key->value, old);
    v[old] = '\n';
    memcpy(v + old + 1, line, n);
    v[old + 1 + n] = '\0';
    wipe_free(key->value);
    key->value = v;
}

/* One line, without its "\n". */
static int parse_line(struct ini_state *st, const char *line, size_t n, struct ts_error *err)
{
    size_t indent = 0, end = n;

    while (indent < n && is_blank(line[indent]))
        indent++;
    while (end > indent && is_blank(line[end - 1]))
        end--;
    if (indent == end)
        return 0;
    if (line[indent] == '#' || line[indent] == ';') {
        st->key = NULL; /* as RawConfigParser: no continuation after a comment */
        return 0;
    }
    line += indent;
    n = end - indent;
    if (st->key && indent > st->key_indent) {
        continue_value(st->key, line, n);
        return 0;
    }
    if (line[0] == '[') {
        const char *close = line + n - 1;
        while (close > line && *close != ']')
            close--;
        if (close > line + 1)
            return add_section(st, line + 1, (size_t)(close - line - 1), err);
    }
    if (!st->sect)
        return ts_error_set(err, "%s:%zu: expected a [section] header first", st->path,
                            st->lineno);
    return add_key(st, line, n, indent, err);
}

int aws_ini_parse(struct aws_ini *ini, const char *path, const char *text, size_t len,
                  struct ts_error *err)
{
    struct ini_state st = {ini, path, 0, NULL, NULL, 0};
    size_t i = 0;

    ini->present = 1;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) /* a BOM from a Windows editor */
        i = 3;
    if (memchr(text, '\0', len))
        return ts_error_set(err, "%s: not a text file (it has NUL bytes)", path);
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        st.lineno++;
        if (parse_line(&st, text + i, e - i, err))
            return -1;
        i = e + 1;
    }
    return 0;
}

int aws_ini_load(struct aws_ini *ini, const char *path, struct ts_error *err)
{
    struct stat sb;
    char *text = NULL;
    size_t len = 0;
    int rc;

    aws_ini_init(ini);
    if (!path || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0;
    if (ts_file_read(path, INI_MAX_BYTES, &text, &len, err))
        return -1;
    rc = aws_ini_parse(ini, path, text, len, err);
    OPENSSL_cleanse(text, len);
    free(text);
    return rc;
}

/* 1 if section is "TYPE NAME": blanks between, around, NAME maybe quoted. */
static int typed_is(const char *section, const char *type, const char *name)
{
    size_t tlen = strlen(type), n;
    const char *p = section;

    if (strncmp(p, type, tlen) || (p[tlen] != ' ' && p[tlen] != '\t'))
        return 0;
    for (p += tlen; *p == ' ' || *p == '\t'; p++)
        ;
    n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n >= 2 && (p[0] == '"' || p[0] == '\'') && p[n - 1] == p[0]) {
        p++;
        n -= 2;
    } else if (strcspn(p, " \t") < n) {
        return 0; /* "profile a b": three words, no profile */
    }
    return n == strlen(name) && !strncmp(p, name, n);
}

const struct aws_ini_section *aws_ini_typed_section(const struct aws_ini *ini, const char *type,
                                                   const char *name)
{
    const struct aws_ini_section *found = NULL;

    for (size_t i = 0; ini && i < ini->count; i++)
        if (typed_is(ini->sections[i].name, type, name))
            found = &ini->sections[i];
    return found;
}
