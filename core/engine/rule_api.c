#include "engine/rule_api.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "engine/rule_env.h"
#include "lua/lua_json.h"
#include "lua/readonly.h"
#include "lua/sandbox_limits.h"
#include "engine/rule_org.h"
#include "util/error.h"
#include "util/text.h"
#include "util/utf8.h"
#include "util/timestamp.h"
#include "util/suggest.h"
#include "engine/rule_meta_where.h"

static const char api_key = 'a'; /* registry: the `trailscan` table's backing */

#define MAX_RESOURCE 2048
#define MAX_REGION 64
#define MAX_MESSAGE 4096
#define MAX_WHAT 256        /* what a place of evidence is */
/* Instructions a result past the listing limit is charged: about what
 * report() does for it in C. */
#define UNLISTED_COST 32

/* What most results never need (evidence in other accounts, a mistake's
 * message) is kept out of report()'s code, so that the part every result
 * runs stays in few cache lines: the rules' Lua runs between two results
 * and evicts them. */
#if defined(__GNUC__)
#define COLD __attribute__((noinline, cold))
#else
#define COLD
#endif

/* report()'s upvalues: a userdata saying its verdict, the run and the
 * addresses of the field names' texts (see gather_fields), read with one
 * call, then the names of the result fields in result_fields' order, as
 * Lua strings (they keep those texts alive; a result's keys are found with
 * no string made or hashed per result). */
#define UV_HEAD 1
#define UV_FIELDS 2
enum { F_RESOURCE, F_MESSAGE, F_REGION, F_FIX, F_NODE, F_EVIDENCE, NFIELDS };
/* The fields before this one are texts. */
#define NTEXTS F_NODE

static const char *const result_fields[] = {"resource", "message", "region", "fix", "node",
                                            "evidence", NULL};

struct report_head {
    struct ts_rule_run *run;
    enum ts_verdict verdict;
    const char *known[NFIELDS];
    struct ts_lua_json_state *json; /* the state's proxies, once there are some */
};

/* Where gather_fields leaves field f's value when it is not a text (nil
 * when the table has none). */
#define FIELD_SLOT(f) (2 + (f))

/* The texts gather_fields found: their types (LUA_TNIL when absent) and,
 * for strings, their bytes (the result table at 1 keeps them alive). */
struct texts {
    int type[NTEXTS];
    const char *s[NTEXTS];
    size_t len[NTEXTS];
};

/* A text field of the result table.  Any length: texts come from snapshot
 * data, which may hold anything, and a result must not fail on it
 * (report() keeps each within its limit). */
static const char *field(lua_State *L, const struct texts *t, int f, int required, size_t *len)
{
    const char *key = result_fields[f];

    if (t->type[f] == LUA_TNIL) {
        if (required)
            luaL_error(L, "result needs '%s' (a string)", key);
        return NULL;
    }
    if (t->type[f] != LUA_TSTRING)
        luaL_error(L, "result field '%s' must be a string, not %s", key,
                   lua_typename(L, t->type[f]));
    *len = t->len[f];
    return t->s[f];
}

/* What a result keeps of a text of len bytes. */
static size_t kept_len(size_t len, size_t max)
{
    return len < max ? len : max;
}

#ifdef __SSE2__
/* Whether none of the 16 bytes at s is NUL or above 0x7F. */
static int plain16(const char *s)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);

    return !_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128())));
}
#endif

/* Whether ts_clean_keep_controls would give the len bytes at s back as they
 * are: within max, no NUL (it would cut the text), valid UTF-8.  Control
 * characters are kept: every writer shows them as escapes (\x1b, \r), JSON
 * by JSON's.  Most result texts are: they are then copied, not rebuilt. */
static int kept_as_is(const char *s, size_t len, size_t max)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;

    if (len > max)
        return 0;
#ifdef __SSE2__
    /* Sixteen bytes at a time while none is NUL or above 0x7F (the sign
     * bits of the bytes and of their comparison with zero), the last
     * sixteen of a longer text too (again where they overlap). */
    for (; len - i >= 16; i += 16)
        if (!plain16(s + i))
            break;
    if (len >= 16 && i < len && len - i < 16 && plain16(s + len - 16))
        return 1;
#endif
    /* Eight bytes at a time likewise (bit tricks on one word); the loop
     * below judges the rest exactly. */
    for (; len - i >= 8; i += 8) {
        uint64_t x;

        memcpy(&x, s + i, sizeof(x));
        if ((((x - ones) & ~x) | x) & highs)
            break;
    }
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : ts_utf8_seq_len((const unsigned char *)s + i, len - i);
        if (c == 0 || n == 0)
            return 0;
        i += n;
    }
    return 1;
}

/* ts_clean_keep_controls, with a shortcut for a text kept as it is. */
static char *clean_result_text(const char *s, size_t len, size_t max)
{
    char *out;

    if (!kept_as_is(s, len, max))
        return ts_clean_keep_controls(s, len, max);
    out = ts_xmalloc(len + 1);
    memcpy(out, s, len);
    out[len] = '\0';
    return out;
}

/* A result's texts (resource, region, message, fix; NULL: absent), each
 * cleaned within its max, into r in one allocation (ts_result_set_texts'
 * form: r->resource heads it). */
static void keep_texts(struct ts_result *r, const char *const t[4], const size_t len[4],
                       const size_t max[4])
{
    char **to[4] = {&r->resource, &r->region, &r->message, &r->fix};
    char *cleaned[4] = {NULL, NULL, NULL, NULL};
    size_t n[4], size = 0;
    char *p;

    for (int i = 0; i < 4; i++) {
        n[i] = 0;
        if (!t[i])
            continue;
        if (kept_as_is(t[i], len[i], max[i]))
            n[i] = len[i];
        else
            n[i] = strlen(cleaned[i] = ts_clean_keep_controls(t[i], len[i], max[i]));
        size += n[i] + 1;
    }
    p = ts_xmalloc(size);
    for (int i = 0; i < 4; i++) {
        *to[i] = t[i] ? p : NULL;
        if (!t[i])
            continue;
        memcpy(p, cleaned[i] ? cleaned[i] : t[i], n[i]);
        p[n[i]] = '\0';
        p += n[i] + 1;
        free(cleaned[i]);
    }
}

/* pass() with no table: a pass counted, with nothing to keep.  Rules do
 * this only when trailscan.keeps_passes is false, so they need not build a
 * message, an ARN and a fix for each of thousands of compliant resources. */
static int count_bare_pass(struct ts_rule_run *run)
{
    run->dropped_passes++;
    run->dropped++;
    return 0;
}

/* A result past the listing limit: counted, not kept (engine.c's summary
 * result says how many).  Counting is charged as the work it is, so that a
 * rule that reports in an endless loop stops sooner than by its own steps. */
static int count_unlisted(lua_State *L, struct ts_rule_run *run, enum ts_verdict verdict)
{
    ts_sandbox_charge(L, UNLISTED_COST);
    run->unlisted[verdict]++;
    return 0;
}

/* fail() or review() with no table, where run->countable allows it: a
 * result counted as report() counts one it keeps no text of (past the
 * listing limit's count, unlisted).  No weight: run->countable is only set
 * when none could reach the byte cap. */
static int count_bare(lua_State *L, struct ts_rule_run *run, enum ts_verdict verdict)
{
    if (run->listed >= run->limits->results)
        return count_unlisted(L, run, verdict);
    run->listed++;
    run->textless_n[verdict]++;
    return 0;
}

static COLD int bare_refused(lua_State *L, enum ts_verdict verdict)
{
    if (verdict == TS_PASS)
        return luaL_error(L, "pass() without a result only counts when"
                             " trailscan.keeps_passes is false; here passes are kept:"
                             " give pass{...} its resource and message");
    return luaL_error(L, "%s() without a result only counts when trailscan.keeps_%ss is"
                         " false; here they are kept: give %s{...} its resource and message",
                      ts_verdict_name(verdict), ts_verdict_name(verdict),
                      ts_verdict_name(verdict));
}

/* One place of a result's evidence as the rule gave it. */
struct given {
    const cJSON *node;
    const char *what;       /* NULL: the owner's snapshot */
    size_t lwhat;
};

/* Item i of the evidence list at idx, into g; raises on a wrong one. */
static COLD void given_item(lua_State *L, int idx, lua_Integer i, struct given *g)
{
    int item;

    lua_rawgeti(L, idx, i);
    item = lua_gettop(L);
    g->what = NULL;
    g->lwhat = 0;
    if ((g->node = ts_lua_json_node(L, item)) != NULL) {
        lua_pop(L, 1);
        return;
    }
    if (lua_type(L, item) != LUA_TTABLE)
        luaL_error(L, "evidence place %d must be a table from a snapshot, or"
                      " {node = <table>, what = <string>}", (int)i);
    lua_pushliteral(L, "node");
    lua_rawget(L, item);
    if (!(g->node = ts_lua_json_node(L, -1)))
        luaL_error(L, "evidence place %d: 'node' must be a table from a snapshot", (int)i);
    lua_pushliteral(L, "what");
    if (lua_rawget(L, item) != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "evidence place %d: 'what' must be a string", (int)i);
        g->what = lua_tolstring(L, -1, &g->lwhat); /* the item keeps it alive */
    }
    lua_pop(L, 3);
}

/* The result table's 'evidence' (at index 1) into g: one node of a
 * snapshot, or a list of places (nodes, or {node = t, what = "..."}).
 * Keeps the first TS_RESULT_MAX_PLACES; returns how many it holds in all. */
static COLD size_t given_evidence(lua_State *L, struct given *g, unsigned *n)
{
    lua_Integer len;

    *n = 0;
    if (lua_isnil(L, FIELD_SLOT(F_EVIDENCE)))
        return 0;
    lua_pushvalue(L, FIELD_SLOT(F_EVIDENCE));
    if ((g[0].node = ts_lua_json_node(L, -1)) != NULL) {
        g[0].what = NULL;
        lua_pop(L, 1);
        return *n = 1;
    }
    if (lua_type(L, -1) != LUA_TTABLE)
        luaL_error(L, "result field 'evidence' must be a table from another account's"
                      " snapshot (trailscan.org.snapshot), or a list of places");
    len = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= len && i <= TS_RESULT_MAX_PLACES; i++)
        given_item(L, lua_gettop(L), i, &g[(*n)++]);
    lua_pop(L, 1);
    return (size_t)len;
}

/* A place found, with the length of its what (a rule's text, not yet
 * cleaned). */
struct found {
    struct ts_place at;
    size_t lwhat;
};

/* The places of g in other accounts' snapshots (the result's own file it
 * points at already), each once, into f; returns how many, and adds the
 * bytes the result will keep for them to *need. */
static COLD unsigned find_places(lua_State *L, const struct given *g, unsigned n, struct found *f,
                            size_t *need)
{
    unsigned k = 0;

    for (unsigned i = 0; i < n; i++) {
        struct ts_place *p = &f[k].at;
        const char *file;
        int dup = 0;
        if (ts_rule_org_where(L, g[i].node, &file, &p->line, &p->column) < 0)
            continue;
        for (unsigned j = 0; j < k && !dup; j++)
            dup = f[j].at.line == p->line && f[j].at.column == p->column
                  && !strcmp(f[j].at.file, file);
        if (dup)
            continue;
        p->file = (char *)file;      /* borrowed until keep_places copies them */
        p->what = (char *)g[i].what;
        f[k].lwhat = g[i].lwhat;
        *need += sizeof(*p) + strlen(file) + 1
                 + (p->what ? kept_len(g[i].lwhat, MAX_WHAT) + 1 : 0);
        k++;
    }
    return k;
}

/* The result's own copies of the n places found. */
static COLD struct ts_place *keep_places(const struct found *f, unsigned n)
{
    struct ts_place *c = n ? ts_xmalloc(n * sizeof(*c)) : NULL;

    for (unsigned i = 0; i < n; i++) {
        c[i] = f[i].at;
        c[i].file = ts_xstrdup(f[i].at.file);
        c[i].what = f[i].at.what ? clean_result_text(f[i].at.what, f[i].lwhat, MAX_WHAT)
                                 : NULL;
    }
    return c;
}

/* Raises "file:line:col: result field 'arn' is unknown ..." with the place
 * the field is written in the rule (the caller's line, or the nearest
 * `key =` before it: a result table is often built lines earlier). */
static COLD int unknown_field(lua_State *L, const char *key)
{
    const char *near = ts_suggest(key, result_fields, 0);
    lua_Debug ar;
    unsigned line = 0, col = 0;

    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.source[0] == '@'
        && ar.currentline > 0) {
        line = (unsigned)ar.currentline;
        if (ts_rule_key_where(ar.source + 1, key, line, &line, &col) < 0)
            col = 0;
        lua_pushfstring(L, "%s:%d:", ar.source + 1, (int)line);
        if (col)
            lua_pushfstring(L, "%d: ", (int)col);
        else
            lua_pushliteral(L, " ");
        lua_concat(L, 2);
    } else
        lua_pushliteral(L, "");
    lua_pushfstring(L, "result field '%s' is unknown%s%s%s; a result has resource, message,"
                    " region, fix, node and evidence", key, near ? " (did you mean '" : "",
                    near ? near : "", near ? "'?)" : "");
    lua_concat(L, 2);
    return lua_error(L);
}

/* Every key of the result table at 1 is a result field: a misspelt one
 * ("arn", "mesage") would be dropped without a word.  One walk over the
 * table (raw: no metamethods of the rule's) both checks its keys and takes
 * each field's value: a text's type and bytes into t, another's value to
 * FIELD_SLOT(f), so no field is looked up again. */
static void gather_fields(lua_State *L, const struct report_head *head, struct texts *t)
{
    const char *first = NULL; /* of the unknown ones, by name: the table's order varies */
    /* Lua keeps one copy of each short string: a field's name is at the
     * address of report()'s upvalue, so most keys match with no strcmp. */
    const char *const *known = head->known;
    int odd = 0;

    for (int f = 0; f < NTEXTS; f++)
        t->type[f] = LUA_TNIL;
    lua_settop(L, 1 + NFIELDS);
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        size_t i = 0;
        while (key && i < NFIELDS && known[i] != key)
            i++;
        if (i < NTEXTS) {
            if ((t->type[i] = lua_type(L, -1)) == LUA_TSTRING)
                t->s[i] = lua_tolstring(L, -1, &t->len[i]);
            lua_pop(L, 1);
            continue;
        }
        if (i < NFIELDS) {
            lua_replace(L, FIELD_SLOT((int)i));
            continue;
        }
        i = 0;
        while (key && result_fields[i] && strcmp(result_fields[i], key))
            i++;
        if (!key)
            odd = 1;
        else if (!result_fields[i] && (!first || strcmp(key, first) < 0))
            first = key; /* a key of the table at 1: stays alive */
        lua_pop(L, 1);
    }
    if (first || odd)
        unknown_field(L, first ? first : "(not a name)");
}

/* The node of the result's 'node' (a table at FIELD_SLOT(F_NODE)), or NULL
 * when it is none of this snapshot's. */
static const cJSON *node_of(lua_State *L, struct report_head *head)
{
    if (!head->json && !(head->json = ts_lua_json_state(L)))
        return NULL;
    return ts_lua_json_node_in(L, head->json, FIELD_SLOT(F_NODE));
}

static int report(lua_State *L)
{
    struct report_head *head = lua_touserdata(L, lua_upvalueindex(UV_HEAD));
    struct ts_rule_run *run = head->run;
    enum ts_verdict verdict = head->verdict;
    struct texts t;
    const char *resource, *region, *message, *fix;
    size_t lres = 0, lreg = 0, lmsg = 0, lfix = 0, need, ngiven;
    const cJSON *node = NULL;
    struct given given[TS_RESULT_MAX_PLACES];
    struct found places[TS_RESULT_MAX_PLACES];
    unsigned ngiven_kept, nplaces, line = 0, column = 0;
    struct ts_result r;

    if (!run || !run->snapshot)
        return luaL_error(L, "results can only be reported while a check runs");
    if (lua_isnoneornil(L, 1)) {
        if (verdict == TS_PASS && run->drop_passes)
            return count_bare_pass(run);
        if (run->countable & (1u << verdict))
            return count_bare(L, run, verdict);
        return bare_refused(L, verdict);
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    gather_fields(L, head, &t);
    resource = field(L, &t, F_RESOURCE, 1, &lres);
    message = field(L, &t, F_MESSAGE, 1, &lmsg);
    region = field(L, &t, F_REGION, 0, &lreg);
    fix = field(L, &t, F_FIX, 0, &lfix);
    /* A cut command could do something else: an overlong fix is left out. */
    if (fix && lfix > MAX_MESSAGE) {
        fix = NULL;
        lfix = 0;
    }
    if (!lua_isnil(L, FIELD_SLOT(F_NODE)) && !(node = node_of(L, head)))
        return luaL_error(L, "result field 'node' must be a table from this snapshot");
    ngiven = 0;
    ngiven_kept = 0;
    if (!lua_isnil(L, FIELD_SLOT(F_EVIDENCE)))
        ngiven = given_evidence(L, given, &ngiven_kept);
    /* A pass no report will show is only counted: an organisation has
     * tens of thousands of compliant log groups. */
    if (verdict == TS_PASS && run->drop_passes)
        return count_bare_pass(run);
    /* Past the listing limit (a count, and the memory cap for the bytes
     * results keep outside Lua's heap) results are counted, not kept: one
     * summary result says how many (engine.c).  A rule's findings are
     * never all lost to a large account. */
    need = kept_len(lres, MAX_RESOURCE) + kept_len(lreg, MAX_REGION)
           + kept_len(lmsg, MAX_MESSAGE) + lfix + sizeof(r);
    if (run->listed >= run->limits->results
        || run->listed_bytes + need > run->limits->memory)
        return count_unlisted(L, run, verdict);
    /* The result points at its node in this snapshot; a node of an owner's
     * snapshot is evidence when none is given (the result then points at
     * this file's top). */
    if (!node || ts_snapshot_position(run->snapshot, node, &line, &column) < 0) {
        if (node && !ngiven) {
            given[0].node = node;
            given[0].what = NULL;
            ngiven = ngiven_kept = 1;
        }
        ts_snapshot_position(run->snapshot, run->snapshot->root, &line, &column);
    }
    nplaces = ngiven_kept ? find_places(L, given, ngiven_kept, places, &need) : 0;
    run->listed_bytes += need;
    run->listed++;
    /* Checked, and counted against the listing limit as if kept, so what
     * is listed is the same either way; then only counted. */
    if (run->textless & (1u << verdict)) {
        run->textless_n[verdict]++;
        return 0;
    }
    /* No Lua call below this line: nothing can raise while we own memory. */
    memset(&r, 0, sizeof(r));
    r.rule = run->rule;
    r.snapshot = run->account;
    r.verdict = verdict;
    {
        const char *const texts[4] = {resource, region, message, fix};
        const size_t lens[4] = {lres, lreg, lmsg, lfix};
        const size_t maxes[4] = {MAX_RESOURCE, MAX_REGION, MAX_MESSAGE, MAX_MESSAGE};
        keep_texts(&r, texts, lens, maxes);
    }
    r.evidence = nplaces ? keep_places(places, nplaces) : NULL;
    r.nevidence = nplaces;
    r.evidence_more = (unsigned)(ngiven - ngiven_kept);
    r.line = line;
    r.column = column;
    run->add_result(run->sink, &r);
    return 0;
}

/* Sets trailscan.keeps_fails and keeps_reviews in the table at the top:
 * false when that verdict may be reported with no table (run->countable). */
static void push_keeps(lua_State *L, const struct ts_rule_run *run)
{
    lua_pushboolean(L, !(run->countable & (1u << TS_FAIL)));
    lua_setfield(L, -2, "keeps_fails");
    lua_pushboolean(L, !(run->countable & (1u << TS_REVIEW)));
    lua_setfield(L, -2, "keeps_reviews");
}

/* trailscan.timestamp(v): epoch seconds from a number or an ISO 8601
 * string; nil (and a reason) for anything else. */
static int api_timestamp(lua_State *L)
{
    double t;

    if (lua_type(L, 1) == LUA_TNUMBER) {
        lua_settop(L, 1);
        return 1;
    }
    if (lua_type(L, 1) == LUA_TSTRING && ts_timestamp_parse(lua_tostring(L, 1), &t) == 0) {
        lua_pushnumber(L, t);
        return 1;
    }
    lua_pushnil(L);
    lua_pushliteral(L, "not a timestamp");
    return 2;
}

void ts_rule_api_install(lua_State *L, struct ts_rule_run *run)
{
    static const char *const verdicts[] = {"fail", "pass", "review"};

    lua_createtable(L, 0, 4);
    for (int v = TS_FAIL; v <= TS_REVIEW; v++) {
        struct report_head *head = lua_newuserdatauv(L, sizeof(*head), 0);
        head->run = run;
        head->verdict = (enum ts_verdict)v;
        head->json = NULL;
        for (int f = 0; f < NFIELDS; f++)
            head->known[f] = lua_pushstring(L, result_fields[f]);
        lua_pushcclosure(L, report, UV_FIELDS - 1 + NFIELDS);
        lua_setfield(L, -2, verdicts[v]);
    }
    lua_createtable(L, 0, 8);
    lua_pushcfunction(L, api_timestamp);
    lua_setfield(L, -2, "timestamp");
    lua_pushcfunction(L, ts_lua_json_columns);
    lua_setfield(L, -2, "columns");
    ts_lua_json_push_null(L);
    lua_setfield(L, -2, "null");
    lua_pushliteral(L, TRAILSCAN_VERSION);
    lua_setfield(L, -2, "version");
    lua_pushboolean(L, !run->drop_passes);
    lua_setfield(L, -2, "keeps_passes");
    push_keeps(L, run);
    lua_pushstring(L, ts_lang_name(run->lang));
    lua_setfield(L, -2, "lang");
    ts_rule_org_install(L, NULL);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &api_key);
    ts_readonly_wrap(L, -1);
    lua_remove(L, -2);
    lua_setfield(L, -2, "trailscan");
    ts_rule_env_set_api(L);
}

void ts_rule_api_sync(lua_State *L, const struct ts_rule_run *run)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &api_key) == LUA_TTABLE) {
        lua_pushboolean(L, !run->drop_passes);
        lua_setfield(L, -2, "keeps_passes");
        push_keeps(L, run);
        lua_pushstring(L, ts_lang_name(run->lang));
        lua_setfield(L, -2, "lang");
    }
    lua_pop(L, 1);
}

/* Whether no result can reach the listing limit's byte cap before the
 * count: a rule's run lists at most limits->results results, and each
 * weighs (report()'s need) at most every text at its cap and every place
 * with the longest file name a place can have.  (Division: no overflow.) */
static int weight_cannot_bind(const struct ts_rule_run *run)
{
    size_t place = sizeof(struct ts_place) + run->longest_path + 1 + MAX_WHAT + 1;
    size_t most = sizeof(struct ts_result) + MAX_RESOURCE + MAX_REGION + 2 * MAX_MESSAGE
                  + TS_RESULT_MAX_PLACES * place;

    return run->limits->results == 0 || most <= run->limits->memory / run->limits->results;
}

/* Whether a rule that only counts could stop elsewhere than one that
 * reports whole, under a limit that stops a rule at the same point in
 * every run: an instruction budget counted exactly (--profile, or a small
 * one: sandbox_limits.h) or a memory cap below the default (what a rule
 * keeps between calls differs: its kept texts).  Otherwise a budget only
 * counts from the end of a time slice, and --max-seconds is time: where
 * they stop a rule varies from run to run already. */
static int budget_could_bind(lua_State *L, const struct ts_rule_run *run)
{
    return ts_sandbox_counts_exactly(ts_sandbox_of(L))
           || run->limits->memory < TS_DEFAULT_MEMORY_LIMIT;
}

void ts_rule_api_set_textless(lua_State *L, struct ts_rule_run *run, unsigned textless)
{
    unsigned countable = 0;

    run->textless = textless;
    if (textless && weight_cannot_bind(run) && !budget_could_bind(L, run))
        countable = textless & ((1u << TS_FAIL) | (1u << TS_REVIEW));
    if (countable == run->countable)
        return;
    run->countable = countable;
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &api_key) == LUA_TTABLE)
        push_keeps(L, run);
    lua_pop(L, 1);
}
