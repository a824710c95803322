#include "cli/cli_rules_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/rule_meta.h"
#include "snapshot/snapshot.h"
#include "util/lang.h"
#include "util/suggest.h"

static const char *const top_keys[] = {"rule", "cases", "$schema", NULL};
/* "owners": other accounts' snapshots, for the organisation view (issue 16). */
/* "lang" and "messages": the case runs in that language and its results'
 * messages are these (issue 20). */
static const char *const case_keys[] = {"name", "snapshot", "expect", "params", "owners",
                                        "lang", "messages", NULL};
static const char *const verdicts[] = {"fail", "pass", "review", NULL};

/* " (did you mean 'x'?)" or "" into buf. */
static const char *hint(char *buf, size_t n, const char *word, const char *const *known)
{
    const char *near = ts_suggest(word, known, 0);

    if (near)
        snprintf(buf, n, " (did you mean '%s'?)", near);
    else
        buf[0] = '\0';
    return buf;
}

static void known_words(char *out, size_t n, const char *const *known)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; known[i] && used < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%s%s", i ? ", " : "", known[i]);
}

/* Every member of obj is one of known. */
static void check_keys(const struct ts_json_doc *doc, const cJSON *obj, const char *what,
                       const char *const *known, struct ts_problems *p)
{
    const cJSON *m;
    char near[128], all[256];

    cJSON_ArrayForEach(m, obj) {
        size_t i = 0;
        while (known[i] && strcmp(known[i], m->string))
            i++;
        if (known[i])
            continue;
        known_words(all, sizeof(all), known);
        ts_json_doc_problem(doc, p, obj, m->string, "unknown %s key '%s'%s; a %s has %s",
                            what, m->string, hint(near, sizeof(near), m->string, known),
                            what, all);
    }
}

void cli_fixture_check_top(const struct ts_json_doc *doc, struct ts_problems *p)
{
    const cJSON *root = doc->root;

    if (!cJSON_IsObject(root)) {
        ts_json_doc_problem(doc, p, root, NULL, "a fixture is an object"
                            " {\"rule\": ID, \"cases\": [...]}, not %s",
                            ts_json_type_name(root));
        return;
    }
    check_keys(doc, root, "fixture", top_keys, p);
    if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "rule")))
        ts_json_doc_problem(doc, p, root, cJSON_HasObjectItem(root, "rule") ? "rule" : NULL,
                            "a fixture needs \"rule\": the id of the rule it tests");
    if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "cases")))
        ts_json_doc_problem(doc, p, root, cJSON_HasObjectItem(root, "cases") ? "cases" : NULL,
                            "a fixture needs \"cases\": an array of cases");
}

static void check_expect(const struct ts_json_doc *doc, const cJSON *expect,
                         struct ts_problems *p)
{
    const cJSON *x;
    char near[128];

    cJSON_ArrayForEach(x, expect) {
        if (!cJSON_IsString(x)) {
            ts_json_doc_problem(doc, p, expect, x->string, "expectation for '%s' must be"
                                " \"fail\", \"pass\" or \"review\", not %s", x->string,
                                ts_json_type_name(x));
            continue;
        }
        if (strcmp(x->valuestring, "fail") && strcmp(x->valuestring, "pass")
            && strcmp(x->valuestring, "review"))
            ts_json_doc_problem(doc, p, expect, x->string, "unknown verdict '%s' for '%s'%s;"
                                " a verdict is fail, pass or review", x->valuestring,
                                x->string, hint(near, sizeof(near), x->valuestring, verdicts));
    }
}

/* Each parameter as --config checks it, but a table default may be set to
 * any table (a fixture is written by the rule's author). */
static void check_params(const struct ts_json_doc *doc, struct ts_engine *e, size_t rule,
                         const cJSON *params, struct ts_problems *p)
{
    const struct ts_rule *r = ts_engine_rule(e, rule);
    lua_State *L = ts_engine_lua(e);
    const cJSON *v;

    cJSON_ArrayForEach(v, params) {
        const char *want, *bad = ts_rule_param_problem(L, r, v, &want);
        char names[512];
        if (!bad || (!strcmp(bad, "table") && (cJSON_IsArray(v) || cJSON_IsObject(v))))
            continue;
        if (!strcmp(bad, "unknown")) {
            ts_rule_param_names(L, r, names, sizeof(names));
            ts_json_doc_problem(doc, p, params, v->string, "rule '%s' has no parameter '%s'"
                                " (%s)", r->id, v->string, names);
        } else if (!strcmp(bad, "table"))
            ts_json_doc_problem(doc, p, params, v->string, "parameter '%s' of rule '%s':"
                                " expected a table (like its default), found %s",
                                v->string, r->id, ts_json_type_name(v));
        else
            ts_json_doc_problem(doc, p, params, v->string, "parameter '%s' of rule '%s':"
                                " expected a %s (like its default), found %s", v->string,
                                r->id, want, ts_json_type_name(v));
    }
}

/* Member key of c, if present, is an object (array: an array of objects). */
static const cJSON *want(const struct ts_json_doc *doc, const cJSON *c, const char *key,
                         int array, struct ts_problems *p)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key), *item;

    if (!v)
        return NULL;
    if (array ? !cJSON_IsArray(v) : !cJSON_IsObject(v)) {
        ts_json_doc_problem(doc, p, c, key, "case key '%s' must be %s, not %s", key,
                            array ? "an array of snapshots" : "an object",
                            ts_json_type_name(v));
        return NULL;
    }
    if (array)
        cJSON_ArrayForEach(item, v)
            if (!cJSON_IsObject(item))
                ts_json_doc_problem(doc, p, item, NULL, "each of '%s' must be a snapshot"
                                    " object, not %s", key, ts_json_type_name(item));
    return v;
}

/* "lang": "en" or "ja"; "messages": {resource: the message}. */
static void check_lang(const struct ts_json_doc *doc, const cJSON *c, struct ts_problems *p)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "lang"), *x;

    if (v && !(cJSON_IsString(v) && ts_lang_parse(v->valuestring) >= 0))
        ts_json_doc_problem(doc, p, c, "lang", "case key 'lang' must be \"en\" or \"ja\"");
    if ((v = want(doc, c, "messages", 0, p)))
        cJSON_ArrayForEach(x, v)
            if (!cJSON_IsString(x))
                ts_json_doc_problem(doc, p, v, x->string, "the message expected for '%s' must"
                                    " be a string, not %s", x->string, ts_json_type_name(x));
}

void cli_fixture_check_case(const struct ts_json_doc *doc, struct ts_engine *e, size_t rule,
                            const cJSON *c, struct ts_problems *p)
{
    const cJSON *v, *name;

    if (!cJSON_IsObject(c)) {
        ts_json_doc_problem(doc, p, c, NULL, "a case is an object with name, snapshot and"
                            " expect, not %s", ts_json_type_name(c));
        return;
    }
    check_keys(doc, c, "case", case_keys, p);
    name = cJSON_GetObjectItemCaseSensitive(c, "name");
    if (name && !cJSON_IsString(name))
        ts_json_doc_problem(doc, p, c, "name", "case key 'name' must be a string, not %s",
                            ts_json_type_name(name));
    for (const char *const *k = (const char *const[]){"snapshot", "expect", NULL}; *k; k++)
        if (!cJSON_HasObjectItem(c, *k))
            ts_json_doc_problem(doc, p, c, NULL, "a case needs \"%s\"", *k);
    if ((v = want(doc, c, "snapshot", 0, p)))
        cli_fixture_check_shapes(doc, v, p);
    if ((v = want(doc, c, "expect", 0, p)))
        check_expect(doc, v, p);
    if ((v = want(doc, c, "params", 0, p)))
        check_params(doc, e, rule, v, p);
    check_lang(doc, c, p);
    if ((v = want(doc, c, "owners", 1, p))) {
        const cJSON *o;
        cJSON_ArrayForEach(o, v)
            if (cJSON_IsObject(o))
                cli_fixture_check_shapes(doc, o, p);
    }
}

/* ---- the fragment as a snapshot's text ----------------------------------- */

/* Offset of the '}' that closes the object opening at text[open]. */
static size_t closing(const char *t, size_t len, size_t open)
{
    int depth = 0, in_string = 0;

    for (size_t i = open; i < len; i++) {
        char ch = t[i];
        if (in_string) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_string = 0;
        } else if (ch == '"')
            in_string = 1;
        else if (ch == '{' || ch == '[')
            depth++;
        else if ((ch == '}' || ch == ']') && --depth == 0)
            return i;
    }
    return len;
}

static void add_default(FILE *f, const cJSON *snap, const char *key, const char *value,
                        int *first)
{
    if (cJSON_HasObjectItem(snap, key))
        return;
    fprintf(f, "%s\"%s\": %s", *first ? "" : ", ", key, value);
    *first = 0;
}

char *cli_fixture_snapshot_text(const struct ts_json_doc *doc, const cJSON *snap, size_t *len)
{
    const char *t = doc->text + doc->bom;
    size_t tlen = doc->len - doc->bom;
    const struct ts_json_mark *m = ts_json_pos_of(&doc->pos, snap);
    size_t open, close;
    char *buf = NULL;
    int first;
    FILE *f;

    if (!m || (close = closing(t, tlen, open = m->offset)) >= tlen)
        return NULL;
    if (!(f = open_memstream(&buf, len)))
        return NULL;
    /* Blank what comes before, a column for each UTF-16 unit it took. */
    for (size_t i = 0; i < open; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch == '\n')
            fputc('\n', f);
        else if ((ch & 0xC0) != 0x80)
            fputs(ch >= 0xF0 ? "  " : " ", f);
    }
    fwrite(t + open, 1, close - open, f);
    first = snap->child == NULL;
    add_default(f, snap, "format", "\"" TS_SNAPSHOT_FORMAT "\"", &first);
    add_default(f, snap, "account_id", "\"123456789012\"", &first);
    add_default(f, snap, "partition", "\"aws\"", &first);
    add_default(f, snap, "collected_at", "\"2026-11-25T12:00:00Z\"", &first);
    add_default(f, snap, "regions", "{}", &first);
    fputs("}\n", f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
