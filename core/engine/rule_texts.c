#include "engine/rule_texts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include "lua/readonly.h"
#include "util/error.h"
#include "util/strlist.h"
#include "util/text.h"

#define MAX_TEXT 8192
#define MAX_NAME 64

/* The languages a rule may give texts in besides English (its own fields). */
static const char *const other_langs[] = {"ja", NULL};
static const char *const text_fields[] = {"title", "description", "remediation", NULL};

/* The value at the top in place of a read-only proxy over it: a rule may
 * give a built-in module's catalogue, which is frozen. */
static int unwrap(lua_State *L)
{
    if (ts_readonly_backing(L, -1))
        lua_remove(L, -2);
    return lua_type(L, -1);
}

/* Pushes t[key] without metamethods (through a frozen module's proxy). */
static int raw_field(lua_State *L, int t, const char *key)
{
    t = lua_absindex(L, t);
    lua_pushstring(L, key);
    lua_rawget(L, t);
    return unwrap(L);
}

static int known(const char *const *names, const char *key)
{
    for (size_t i = 0; names[i]; i++)
        if (!strcmp(names[i], key))
            return 1;
    return 0;
}

/* Appends "," (after the first) and name to the n bytes of out, as
 * snprintf(out + n, cap - n, "%s%s", ...) would (what fits, then a NUL);
 * returns n plus what it would have written.  Every rule's catalogues are
 * checked as the rules load: snprintf cost more than the rest of it. */
static size_t append_name(char *out, size_t cap, size_t n, const char *name)
{
    size_t len = strlen(name), sep = n ? 1 : 0, at = n, room = cap - n - 1, k;

    if (sep && room > 0) {
        out[at++] = ',';
        room--;
    }
    k = len < room ? len : room;
    memcpy(out + at, name, k);
    out[at + k] = '\0';
    return n + sep + len;
}

/* The names of s's {placeholders}, sorted, each once, as "a,b,c" in out. */
static void placeholders(const char *s, char *out, size_t cap)
{
    struct ts_strlist names;
    size_t n = 0;

    ts_strlist_init(&names);
    for (const char *p = s; (p = strchr(p, '{')) != NULL; p++) {
        char name[MAX_NAME];
        size_t k = 0;
        while (k + 1 < sizeof(name) && (isalnum((unsigned char)p[1 + k]) || p[1 + k] == '_'))
            name[k] = p[1 + k], k++;
        name[k] = '\0';
        if (k > 0 && p[1 + k] == '}')
            ts_strlist_push(&names, name);
    }
    ts_strlist_sort(&names);
    out[0] = '\0';
    for (size_t i = 0; i < names.count && n < cap; i++) {
        if (i > 0 && !strcmp(names.items[i], names.items[i - 1]))
            continue;
        n = append_name(out, cap, n, names.items[i]);
    }
    ts_strlist_release(&names);
}

/* messages[lang] (at t) against messages.en (at en): the same keys, each
 * a string with the same placeholders. */
static void check_catalogue(lua_State *L, int t, int en, const char *file, const char *lang,
                            struct ts_problems *p)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        if (!key || lua_type(L, -1) != LUA_TSTRING) {
            ts_problems_add(p, "%s: rule field 'messages.%s': each message must be a string"
                            " under a name", file, lang);
        } else if (raw_field(L, en, key) != LUA_TSTRING) {
            ts_problems_add(p, "%s: rule field 'messages.%s.%s' has no English"
                            " 'messages.en.%s'", file, lang, key, key);
            lua_pop(L, 1);
        } else {
            char want[512], got[512];
            placeholders(lua_tostring(L, -1), want, sizeof(want));
            placeholders(lua_tostring(L, -2), got, sizeof(got));
            if (strcmp(want, got))
                ts_problems_add(p, "%s: rule field 'messages.%s.%s' has placeholders {%s},"
                                " the English one {%s}", file, lang, key, got, want);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    /* And every English message is translated. */
    lua_pushnil(L);
    while (lua_next(L, en)) {
        if (lua_type(L, -2) == LUA_TSTRING) {
            if (raw_field(L, t, lua_tostring(L, -2)) == LUA_TNIL)
                ts_problems_add(p, "%s: rule field 'messages.%s' lacks '%s' (English: \"%.80s\")",
                                file, lang, lua_tostring(L, -3), lua_tostring(L, -2));
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
}

/* messages = { en = {...}, ja = {...} }: *has[i] set for other_langs[i]. */
static void check_messages(lua_State *L, int rule, const char *file, int *has,
                           struct ts_problems *p)
{
    int type = raw_field(L, rule, "messages"), m = lua_gettop(L);

    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (type != LUA_TTABLE || raw_field(L, m, "en") != LUA_TTABLE) {
        ts_problems_add(p, "%s: rule field 'messages' must be a table of catalogues by"
                        " language, English ('en') first", file);
        lua_settop(L, m - 1);
        return;
    }
    lua_pushnil(L);
    while (lua_next(L, m)) {
        const char *lang = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
        size_t i = 0;
        while (other_langs[i] && strcmp(other_langs[i], lang))
            i++;
        if (!strcmp(lang, "en"))
            ;
        else if (!other_langs[i] || unwrap(L) != LUA_TTABLE)
            ts_problems_add(p, "%s: rule field 'messages.%s' must be a catalogue of a known"
                            " language (en, ja)", file, lang);
        else {
            has[i] = 1;
            check_catalogue(L, lua_gettop(L), m + 1, file, lang, p);
        }
        lua_pop(L, 1);
    }
    lua_settop(L, m - 1);
}

/* texts.<lang>.<key>: a non-empty string, or (optional) nothing. */
static int text_ok(lua_State *L, int t, const char *key, int required)
{
    int type = raw_field(L, t, key);
    int ok = type == LUA_TSTRING ? lua_rawlen(L, -1) > 0 : !required && type == LUA_TNIL;
    lua_pop(L, 1);
    return ok;
}

/* One language's texts (at t): complete, with its messages. */
static void check_lang_texts(lua_State *L, int t, const char *file, const char *lang,
                             int has_messages, const struct ts_rule *r, struct ts_problems *p)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING || !known(text_fields, lua_tostring(L, -2)))
            ts_problems_add(p, "%s: unknown field of 'texts.%s' '%s' (title, description,"
                            " remediation)", file, lang,
                            lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "");
        lua_pop(L, 1);
    }
    for (size_t i = 0; i < 2; i++)
        if (!text_ok(L, t, text_fields[i], 1))
            ts_problems_add(p, "%s: rule field 'texts.%s.%s' must be a non-empty string",
                            file, lang, text_fields[i]);
    if (raw_field(L, t, "remediation") == LUA_TSTRING && lua_rawlen(L, -1) > 0)
        ;
    else if (lua_type(L, -1) != LUA_TTABLE || (r->fix_console && !text_ok(L, -1, "console", 1))
             || !text_ok(L, -1, "cli", 0) || !text_ok(L, -1, "terraform", 0))
        ts_problems_add(p, "%s: rule field 'texts.%s.remediation' must be a string or a table"
                        " with console (and, if their comments differ, cli and terraform)"
                        " strings", file, lang);
    lua_pop(L, 1);
    if (!has_messages)
        ts_problems_add(p, "%s: rule field 'texts.%s' needs its findings' messages too:"
                        " 'messages.%s'", file, lang, lang);
}

static void replace(char **slot, lua_State *L, int t, const char *key)
{
    size_t len;
    const char *s;

    if (raw_field(L, t, key) == LUA_TSTRING) {
        s = lua_tolstring(L, -1, &len);
        free(*slot);
        *slot = ts_clean_text(s, len, MAX_TEXT);
    }
    lua_pop(L, 1);
}

/* The remediation as one text, its parts under lang's labels. */
static void join_remediation(struct ts_rule *r, enum ts_lang lang)
{
    const char *labels[3] = {lang == TS_LANG_JA ? "コンソール" : "Console", "AWS CLI",
                             "Terraform"};
    const char *parts[3] = {r->fix_console, r->fix_cli, r->fix_terraform};
    size_t n = 1, k = 0;

    for (size_t i = 0; i < 3; i++)
        n += parts[i] ? strlen(labels[i]) + strlen(parts[i]) + 4 : 0;
    if (n == 1)
        return;
    free(r->remediation);
    r->remediation = ts_xmalloc(n);
    for (size_t i = 0; i < 3; i++)
        if (parts[i])
            k += (size_t)snprintf(r->remediation + k, n - k, "%s%s:\n%s\n", k ? "\n" : "",
                                  labels[i], parts[i]);
}

/* lang's texts (at t) in place of r's English ones. */
static void apply(lua_State *L, int t, enum ts_lang lang, struct ts_rule *r)
{
    replace(&r->title, L, t, "title");
    replace(&r->description, L, t, "description");
    if (raw_field(L, t, "remediation") == LUA_TSTRING) {
        replace(&r->remediation, L, t, "remediation");
    } else if (lua_type(L, -1) == LUA_TTABLE) {
        replace(&r->fix_console, L, -1, "console");
        replace(&r->fix_cli, L, -1, "cli");
        replace(&r->fix_terraform, L, -1, "terraform");
        join_remediation(r, lang);
    }
    lua_pop(L, 1);
    r->texts_lang = lang;
}

int ts_rule_texts_read(lua_State *L, int idx, const char *file, enum ts_lang lang,
                       struct ts_rule *r, struct ts_problems *p)
{
    size_t before = p->count;
    int has[sizeof(other_langs) / sizeof(other_langs[0])] = {0};
    int rule = lua_absindex(L, idx), texts, type;

    r->texts_lang = TS_LANG_EN;
    check_messages(L, rule, file, has, p);
    type = raw_field(L, rule, "texts");
    texts = lua_gettop(L);
    if (type != LUA_TNIL && type != LUA_TTABLE)
        ts_problems_add(p, "%s: rule field 'texts' must be a table of texts by language"
                        " (ja = {title = ..., description = ..., remediation = ...})", file);
    for (size_t i = 0; type == LUA_TTABLE && other_langs[i]; i++) {
        if (raw_field(L, texts, other_langs[i]) == LUA_TTABLE)
            check_lang_texts(L, lua_gettop(L), file, other_langs[i], has[i], r, p);
        else if (!lua_isnil(L, -1))
            ts_problems_add(p, "%s: rule field 'texts.%s' must be a table", file,
                            other_langs[i]);
        lua_pop(L, 1);
    }
    if (type == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, texts)) {
            if (lua_type(L, -2) != LUA_TSTRING || !known(other_langs, lua_tostring(L, -2)))
                ts_problems_add(p, "%s: rule field 'texts' has texts of an unknown language"
                                " '%s' (ja; English is the rule's own fields)", file,
                                lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "");
            lua_pop(L, 1);
        }
    }
    if (p->count == before && type == LUA_TTABLE && lang != TS_LANG_EN
        && raw_field(L, texts, ts_lang_name(lang)) == LUA_TTABLE)
        apply(L, lua_gettop(L), lang, r);
    else if (p->count == before && lang != TS_LANG_EN)
        join_remediation(r, lang); /* English texts, under our labels in lang */
    lua_settop(L, texts - 1);
    return p->count > before ? -1 : 0;
}
