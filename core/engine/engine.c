#include "engine/engine.h"
#include "engine/account_store.h"

#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <lauxlib.h>
#include "engine/rule_org.h"
#include "engine/budget.h"
#include "engine/rule_api.h"
#include "engine/rule_env.h"
#include "engine/rule_meta.h"
#include "engine/rule_texts.h"
#include "lua/lua_json.h"
#include "lua/lua_source.h"
#include "lua/readonly.h"
#include "lua/sandbox.h"
#include "snapshot/snapshot_errors.h"
#include "util/digest.h"
#include "util/dir_list.h"
#include "util/strlist.h"
#include "util/text.h"

/* All of the fields of this struct are private: other files go through
 * engine.h's functions. */
struct ts_engine {
    struct ts_sandbox sb;
    /* The limits as set; on a snapshot sb.limits adds its size's share
     * (budget.h). */
    struct ts_limits base_limits;
    struct ts_engine_opts opts;
    struct ts_rule *rules;
    size_t nrules;
    /* Results in memory: all of them, or with keep_log only those of the
     * account being evaluated.  Read them all with results.h. */
    struct ts_result *results;
    size_t nresults, aresults;
    struct ts_result_log **logs; /* owned; results go to the last one */
    size_t nlogs;
    /* What the logs may hold: own_quota, or a scan's workers share their
     * main engine's. */
    struct ts_result_quota own_quota, *quota;
    struct ts_failure *failures;
    size_t nfailures, afailures;
    struct ts_account_store accounts;
    /* What the rule API sees of the rule running, and its counts; the
     * total of passes counted, not kept, is run.dropped_passes. */
    struct ts_rule_run run;
};

static void add_result(void *sink, const struct ts_result *r)
{
    ts_engine_add_result(sink, r);
}

struct ts_engine *ts_engine_new(const struct ts_limits *limits)
{
    struct ts_engine *e = ts_xmalloc(sizeof(*e));

    memset(e, 0, sizeof(*e));
    ts_result_quota_init(&e->own_quota, TS_RESULT_LOG_MAX);
    e->quota = &e->own_quota;
    e->base_limits = *limits;
    if (ts_sandbox_open(&e->sb, limits) < 0) {
        free(e);
        return NULL;
    }
    e->run.limits = &e->sb.limits;
    e->run.add_result = add_result;
    e->run.sink = e;
    ts_rule_api_install(e->sb.L, &e->run);
    return e;
}

void ts_engine_set_opts(struct ts_engine *e, const struct ts_engine_opts *opts)
{
    e->opts = *opts;
    e->run.drop_passes = opts->drop_passes;
}

void ts_engine_set_lang(struct ts_engine *e, enum ts_lang lang)
{
    e->run.lang = lang;
    ts_rule_api_sync(e->sb.L, &e->run);
}

enum ts_lang ts_engine_lang(const struct ts_engine *e)
{
    return e->run.lang;
}

struct ts_result_quota *ts_engine_quota(struct ts_engine *e)
{
    return e->quota;
}

size_t ts_engine_nrules(const struct ts_engine *e)
{
    return e->nrules;
}

const struct ts_rule *ts_engine_rule(const struct ts_engine *e, size_t i)
{
    return &e->rules[i];
}

size_t ts_engine_naccounts(const struct ts_engine *e)
{
    return e->accounts.n;
}

/* Reading a parked account back fills the store's cache, which is no
 * part of what the engine holds: hence the cast. */
const struct ts_account *ts_engine_account(const struct ts_engine *e, size_t i)
{
    return ts_account_store_get((struct ts_account_store *)&e->accounts, i);
}

void ts_engine_account_ids(const struct ts_engine *e, struct ts_name_index *ix)
{
    ts_name_index_init(ix, e->accounts.n);
    for (size_t i = 0; i < e->accounts.n; i++)
        ts_name_index_set(ix, i, ts_engine_account(e, i)->account_id);
    ts_name_index_sort(ix);
}

size_t ts_engine_nfailures(const struct ts_engine *e)
{
    return e->nfailures;
}

const struct ts_failure *ts_engine_failure(const struct ts_engine *e, size_t i)
{
    return &e->failures[i];
}

size_t ts_engine_nresults(const struct ts_engine *e)
{
    return e->nresults;
}

struct ts_result *ts_engine_result(const struct ts_engine *e, size_t i)
{
    return &e->results[i];
}

size_t ts_engine_nlogs(const struct ts_engine *e)
{
    return e->nlogs;
}

struct ts_result_log *ts_engine_log(const struct ts_engine *e, size_t i)
{
    return e->logs[i];
}

size_t ts_engine_dropped_passes(const struct ts_engine *e)
{
    return e->run.dropped_passes;
}

lua_State *ts_engine_lua(const struct ts_engine *e)
{
    return e->sb.L;
}

struct ts_sandbox *ts_engine_sandbox(struct ts_engine *e)
{
    return &e->sb;
}

/* Frees what the engine adds to a rule's metadata, then the metadata. */
static void release_rule(lua_State *L, struct ts_rule *r)
{
    free(r->root);
    r->root = NULL;
    ts_rule_meta_release(L, r);
}

static void free_result(struct ts_result *r)
{
    ts_result_free_texts(r);
    ts_places_free(r->evidence, r->nevidence);
}

size_t ts_account_nerrors(const struct ts_account *a)
{
    size_t n = 0;

    while (a->errors && a->errors[n])
        n++;
    return n;
}

void ts_engine_free(struct ts_engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nrules; i++)
        release_rule(e->sb.L, &e->rules[i]);
    free(e->rules);
    for (size_t i = 0; i < e->nresults; i++)
        free_result(&e->results[i]);
    free(e->results);
    for (size_t i = 0; i < e->nlogs; i++) {
        ts_result_log_release(e->logs[i]);
        free(e->logs[i]);
    }
    free(e->logs);
    for (size_t i = 0; i < e->nfailures; i++) {
        free(e->failures[i].rule_id);
        free(e->failures[i].message);
    }
    free(e->failures);
    ts_account_store_release(&e->accounts);
    ts_sandbox_close(&e->sb);
    free(e);
}

static struct ts_failure *new_failure(struct ts_engine *e)
{
    if (e->nfailures == e->afailures) {
        e->afailures = e->afailures ? e->afailures * 2 : 8;
        e->failures = ts_xrealloc(e->failures, e->afailures * sizeof(*e->failures));
    }
    return &e->failures[e->nfailures++];
}

void ts_engine_add_failure(struct ts_engine *e, const char *rule_id, size_t snapshot,
                           enum ts_cause cause, const char *message)
{
    struct ts_failure *f = new_failure(e);

    f->rule_id = ts_clean_line(rule_id, strlen(rule_id));
    f->snapshot = snapshot;
    f->cause = cause;
    f->message = ts_clean_line(message, strlen(message));
}

/* Moves f (from another engine) in, on account snapshot; f is cleared and
 * marked as no account's. */
static void take_failure(struct ts_engine *e, struct ts_failure *f, size_t snapshot)
{
    struct ts_failure *to = new_failure(e);

    *to = *f;
    to->snapshot = snapshot;
    memset(f, 0, sizeof(*f));
    f->snapshot = SIZE_MAX - 1;
}

size_t ts_engine_take_account(struct ts_engine *e, struct ts_account *a)
{
    return ts_account_store_add(&e->accounts, a);
}

int ts_engine_load_file(struct ts_engine *e, const char *file, const char *rule_root,
                        struct ts_problems *problems)
{
    lua_State *L = e->sb.L;
    struct ts_rule r;
    enum ts_cause cause;
    char msg[1024];
    int top = lua_gettop(L), ret = 0;
    size_t dup;

    snprintf(e->sb.label, sizeof(e->sb.label), "rule file '%.300s'", file);
    ts_rule_env_push(&e->sb, rule_root, ts_engine_builtin_dir());
    if (ts_lua_load_source(L, file, -1) != LUA_OK) {
        ts_problems_add(problems, "%s", lua_tostring(L, -1));
        lua_settop(L, top);
        return -1;
    }
    cause = ts_sandbox_call(&e->sb, 0, 1, msg, sizeof(msg));
    if (cause != TS_CAUSE_NONE) {
        /* The rule's own code failed: the others still run (exit 3). */
        ts_engine_add_failure(e, file, SIZE_MAX, cause, msg);
        lua_settop(L, top);
        return 0;
    }
    if (ts_rule_meta_read(L, -1, file, &r, problems) < 0
        || ts_rule_texts_read(L, -1, file, e->run.lang, &r, problems) < 0) {
        ts_rule_meta_release(L, &r);
        lua_settop(L, top);
        return -1;
    }
    r.root = ts_xstrdup(rule_root ? rule_root : "");
    if ((dup = ts_engine_find_rule(e, r.id)) != SIZE_MAX) {
        ts_problems_add(problems, "%s: duplicate rule id '%s' (also in %s)", file, r.id,
                        e->rules[dup].file);
        release_rule(L, &r);
        ret = -1;
    } else {
        e->rules = ts_xrealloc(e->rules, (e->nrules + 1) * sizeof(*e->rules));
        e->rules[e->nrules++] = r;
    }
    lua_settop(L, top);
    return ret;
}

size_t ts_engine_find_rule_n(const struct ts_engine *e, const char *id, size_t len)
{
    for (size_t i = 0; i < e->nrules; i++)
        if (!strncmp(e->rules[i].id, id, len) && e->rules[i].id[len] == '\0')
            return i;
    return SIZE_MAX;
}

size_t ts_engine_find_rule(const struct ts_engine *e, const char *id)
{
    return ts_engine_find_rule_n(e, id, strlen(id));
}

void ts_engine_share(struct ts_engine *w, struct ts_engine *e)
{
    ts_engine_set_opts(w, &e->opts);
    w->quota = e->quota; /* one quota for all the scan's results */
}

size_t ts_engine_take_worker_account(struct ts_engine *e, struct ts_engine *w, size_t a,
                                     size_t *cursor)
{
    size_t to = ts_account_store_move(&e->accounts, &w->accounts, a);

    /* A logged account's results stay in the worker's log (given to e at
     * the end).  Otherwise they are in the worker's memory, in its account
     * order: skip to this one's. */
    while (*cursor < w->nresults && w->results[*cursor].snapshot < a)
        (*cursor)++;
    for (; *cursor < w->nresults && w->results[*cursor].snapshot == a; (*cursor)++) {
        struct ts_result r = w->results[*cursor];
        r.snapshot = to;
        ts_engine_add_result(e, &r);
        memset(&w->results[*cursor], 0, sizeof(w->results[*cursor]));
    }
    for (size_t i = 0; i < w->nfailures; i++)
        if (w->failures[i].snapshot == a)
            take_failure(e, &w->failures[i], to);
    return to;
}

struct ts_engine *ts_engine_split(struct ts_engine *e, size_t base)
{
    struct ts_engine *w = ts_xmalloc(sizeof(*w));
    size_t nr = 0, nf = 0;

    memset(w, 0, sizeof(*w));
    w->quota = &w->own_quota;
    ts_account_store_split(&e->accounts, base, &w->accounts);
    /* Results and failures keep their order on both sides. */
    for (size_t i = 0; i < e->nresults; i++) {
        struct ts_result r = e->results[i];
        if (r.snapshot >= base) {
            r.snapshot -= base;
            ts_engine_add_result(w, &r);
        } else {
            e->results[nr++] = r;
        }
    }
    e->nresults = nr;
    for (size_t i = 0; i < e->nfailures; i++) {
        struct ts_failure *f = &e->failures[i];
        if (f->snapshot >= base && f->snapshot < base + w->accounts.n)
            take_failure(w, f, f->snapshot - base);
        else
            e->failures[nf++] = *f;
    }
    e->nfailures = nf;
    return w;
}

void ts_engine_take_worker_rest(struct ts_engine *e, struct ts_engine *w)
{
    e->run.dropped_passes += w->run.dropped_passes;
    if (ts_engine_same_rules(e, w))
        for (size_t r = 0; r < e->nrules; r++) {
            e->rules[r].instructions += w->rules[r].instructions;
            e->rules[r].seconds += w->rules[r].seconds;
        }
    if (w->nlogs == 0)
        return;
    e->logs = ts_xrealloc(e->logs, (e->nlogs + w->nlogs) * sizeof(*e->logs));
    memcpy(e->logs + e->nlogs, w->logs, w->nlogs * sizeof(*w->logs));
    e->nlogs += w->nlogs;
    free(w->logs);
    w->logs = NULL;
    w->nlogs = 0;
}

int ts_engine_same_rules(const struct ts_engine *a, const struct ts_engine *b)
{
    if (a->nrules != b->nrules)
        return 0;
    for (size_t i = 0; i < a->nrules; i++)
        if (strcmp(a->rules[i].id, b->rules[i].id) != 0)
            return 0;
    return 1;
}

int ts_engine_judged(const struct ts_engine *e, const char *rule_id, size_t account)
{
    if (account >= e->accounts.n || ts_engine_find_rule(e, rule_id) == SIZE_MAX)
        return 0;
    for (size_t f = 0; f < e->nfailures; f++)
        if (e->failures[f].snapshot == account && !strcmp(e->failures[f].rule_id, rule_id))
            return 0;
    return 1;
}

/* Rule files under dir, depth first; lib/ at the top holds helpers (walked
 * too, so a link in it that leaves the folder is refused up front). */
static int find_rule_files(const char *dir, struct ts_strlist *out,
                           struct ts_problems *problems)
{
    struct ts_strlist all;
    char *lib = ts_path_join(dir, "lib/");
    size_t nlib = strlen(lib);
    int ret;

    ts_strlist_init(&all);
    ret = ts_dir_find_files(dir, ".lua", "a rules directory", &all, problems);
    for (size_t i = 0; i < all.count; i++)
        if (strncmp(all.items[i], lib, nlib) != 0)
            ts_strlist_push(out, all.items[i]);
    ts_strlist_release(&all);
    free(lib);
    return ret;
}

int ts_engine_load_dir(struct ts_engine *e, const char *dir, struct ts_problems *problems)
{
    struct ts_strlist files;
    char root[PATH_MAX];
    size_t n = strlen(dir);
    int ret;

    /* "rules/" and "rules" are the same folder; messages name it one way. */
    while (n > 1 && dir[n - 1] == '/')
        n--;
    snprintf(root, sizeof(root), "%.*s", (int)n, dir);
    ts_strlist_init(&files);
    ret = find_rule_files(root, &files, problems);
    for (size_t i = 0; i < files.count; i++)
        if (ts_engine_load_file(e, files.items[i], root, problems) < 0)
            ret = -1;
    ts_strlist_release(&files);
    return ret;
}

/* 1 if id is an item of the comma-separated list. */
static int in_list(const char *list, const char *id)
{
    size_t n = strlen(id);

    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && !strncmp(p, id, n))
            return 1;
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

static int check_known(struct ts_engine *e, const char *list, const char *opt,
                       struct ts_problems *problems)
{
    int ret = 0;

    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len && ts_engine_find_rule_n(e, p, len) == SIZE_MAX) {
            ts_problems_add(problems, "%s: no rule with id '%.*s'", opt, (int)len, p);
            ret = -1;
        }
        p = comma ? comma + 1 : NULL;
    }
    return ret;
}

int ts_engine_select(struct ts_engine *e, const char *only, const char *skip,
                     struct ts_problems *problems)
{
    size_t kept = 0;

    if (check_known(e, only, "--only", problems) < 0
        || check_known(e, skip, "--skip", problems) < 0)
        return -1;
    for (size_t i = 0; i < e->nrules; i++) {
        if ((only && !in_list(only, e->rules[i].id)) || in_list(skip, e->rules[i].id))
            release_rule(e->sb.L, &e->rules[i]);
        else
            e->rules[kept++] = e->rules[i];
    }
    e->nrules = kept;
    return 0;
}

int ts_engine_set_params(struct ts_engine *e, size_t rule, const cJSON *overrides,
                         struct ts_error *err)
{
    lua_State *L = e->sb.L;
    struct ts_rule *r = &e->rules[rule];
    const cJSON *o;
    int top = lua_gettop(L);

    lua_newtable(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->defaults_ref);
    ts_readonly_backing(L, -1);
    lua_pushnil(L);
    while (lua_next(L, -2)) { /* start from the declared defaults */
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, top + 1);
    }
    lua_settop(L, top + 1);
    cJSON_ArrayForEach(o, overrides) {
        if (!o->string) {
            lua_settop(L, top);
            return ts_error_set(err, "parameters of rule '%s' must be an object", r->id);
        }
        lua_getfield(L, top + 1, o->string);
        if (lua_isnil(L, -1)) {
            lua_settop(L, top);
            return ts_error_set(err, "rule '%s' has no parameter '%s'", r->id, o->string);
        }
        lua_pop(L, 1);
        if (!cJSON_IsString(o) && !cJSON_IsNumber(o) && !cJSON_IsBool(o)) {
            lua_settop(L, top);
            return ts_error_set(err, "parameter '%s' of rule '%s' must be a string, number"
                                " or boolean", o->string, r->id);
        }
        ts_lua_json_push(L, o);
        lua_setfield(L, top + 1, o->string);
    }
    ts_readonly_wrap(L, top + 1);
    luaL_unref(L, LUA_REGISTRYINDEX, r->params_ref);
    r->params_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_settop(L, top);
    return 0;
}

static void record_account(struct ts_engine *e, const struct ts_snapshot *s)
{
    struct ts_account acct, *a;

    memset(&acct, 0, sizeof(acct));
    a = ts_account_store_held(&e->accounts, ts_engine_take_account(e, &acct));
    a->file = ts_xstrdup(s->path);
    a->account_id = ts_xstrdup(s->account_id ? s->account_id : "");
    a->partition = ts_xstrdup(s->partition ? s->partition : "");
    a->name = s->account_name ? ts_xstrdup(s->account_name) : NULL;
    a->collected_at = s->collected_at ? ts_xstrdup(s->collected_at) : NULL;
    /* Hashing costs a good part of a parse: only when a report shows it. */
    a->sha256[0] = '\0';
    if (e->opts.want_hashes && s->sha256[0])
        memcpy(a->sha256, s->sha256, sizeof(a->sha256)); /* hashed before its text went */
    else if (e->opts.want_hashes && s->text)
        ts_sha256_hex(s->text, s->len, a->sha256);
    a->errors = ts_snapshot_error_lines(s);
    a->log = NULL;
    a->log_offset = 0;
    a->nlogged = 0;
}

static int cmp_opt(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_result(const void *pa, const void *pb)
{
    const struct ts_result *a = pa, *b = pb;
    int c;

    if ((c = strcmp(a->resource, b->resource)) != 0 || (c = cmp_opt(a->region, b->region)) != 0)
        return c;
    if (a->verdict != b->verdict)
        return (int)a->verdict - (int)b->verdict;
    return strcmp(a->message, b->message);
}

/* Whether the n results are in order already, as most are: a rule reports
 * in the order of the snapshot's lists (often its ARNs' order), and brief
 * results (ts_engine_opts.brief) have no texts to order them by.  A sort
 * would still compare each result some log n times. */
static int in_order(const struct ts_result *r, size_t n)
{
    for (size_t k = 1; k < n; k++)
        if (cmp_result(&r[k - 1], &r[k]) > 0)
            return 0;
    return 1;
}

void ts_engine_add_result(struct ts_engine *e, const struct ts_result *r)
{
    if (e->nresults == e->aresults) {
        e->aresults = e->aresults ? e->aresults * 2 : 256;
        e->results = ts_xrealloc(e->results, e->aresults * sizeof(*e->results));
    }
    e->results[e->nresults++] = *r;
}

/* The results the call counted and did not keep (ts_engine_opts.brief):
 * one result, with no texts, for those of each verdict. */
static void add_counted(struct ts_engine *e)
{
    const struct ts_snapshot *s = e->run.snapshot;

    for (int v = 0; v < 3; v++) {
        struct ts_result r;

        if (e->run.textless_n[v] == 0)
            continue;
        memset(&r, 0, sizeof(r));
        r.rule = e->run.rule;
        r.snapshot = e->run.account;
        r.verdict = (enum ts_verdict)v;
        r.more = e->run.textless_n[v] - 1;
        ts_result_set_texts(&r, "", NULL, "", NULL);
        ts_snapshot_position(s, s->root, &r.line, &r.column);
        ts_engine_add_result(e, &r);
    }
}

/* Results past the listing limit were counted, not kept: one result, after
 * the rule's others, says how many of each verdict are not listed.  Its
 * verdict is the worst of them, so --fail-on still sees an unlisted fail. */
static void add_unlisted_summary(struct ts_engine *e)
{
    const size_t *n = e->run.unlisted;
    const struct ts_snapshot *s = e->run.snapshot;
    size_t total = n[TS_FAIL] + n[TS_PASS] + n[TS_REVIEW];
    char text[512], why[160], resource[512];
    struct ts_result r;

    if (total == 0)
        return;
    memset(&r, 0, sizeof(r));
    r.rule = e->run.rule;
    r.snapshot = e->run.account;
    r.verdict = n[TS_FAIL] ? TS_FAIL : n[TS_REVIEW] ? TS_REVIEW : TS_PASS;
    snprintf(resource, sizeof(resource), "AWS::::Account:%s", s->account_id ? s->account_id : "");
    if (e->run.listed >= e->sb.limits.results)
        snprintf(why, sizeof(why), "one rule lists at most %zu results on one account"
                 " (--max-results)", e->sb.limits.results);
    else
        snprintf(why, sizeof(why), "the listed results' texts reached --max-memory");
    snprintf(text, sizeof(text), "%zu more results on account %s are not listed (%zu fail,"
             " %zu review, %zu pass): %s.", total, s->account_id ? s->account_id : "",
             n[TS_FAIL], n[TS_REVIEW], n[TS_PASS], why);
    ts_result_set_texts(&r, resource, NULL, text, NULL);
    ts_snapshot_position(s, s->root, &r.line, &r.column);
    ts_engine_add_result(e, &r);
}

/* The memory cap counts the whole state, so what a rule keeps between
 * accounts (globals, upvalues, its modules) counts too.  Loading a rule's
 * check afresh from its file makes what the old one kept garbage; if it
 * cannot be loaded again, it is not run.  Returns the bytes that freed. */
static size_t reload_check(struct ts_engine *e, struct ts_rule *r)
{
    lua_State *L = e->sb.L;
    char msg[1024];
    int top = lua_gettop(L);
    size_t before = e->sb.used, freed;

    luaL_unref(L, LUA_REGISTRYINDEX, r->check_ref);
    r->check_ref = LUA_NOREF;
    lua_gc(L, LUA_GCCOLLECT);
    freed = before > e->sb.used ? before - e->sb.used : 0;
    ts_rule_env_push(&e->sb, r->root, ts_engine_builtin_dir());
    if (ts_lua_load_source(L, r->file, -1) == LUA_OK
        && ts_sandbox_call(&e->sb, 0, 1, msg, sizeof(msg)) == TS_CAUSE_NONE
        && lua_istable(L, -1)) {
        lua_pushliteral(L, "check");
        if (lua_rawget(L, -2) == LUA_TFUNCTION)
            r->check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    lua_settop(L, top);
    return freed;
}

/* Whether rule id already has a failure on the account being evaluated
 * (failures are recorded in account order, so only the last few look). */
static int failed_here(const struct ts_engine *e, const char *id)
{
    for (size_t k = e->nfailures; k > 0; k--) {
        const struct ts_failure *f = &e->failures[k - 1];
        if (f->snapshot != e->accounts.n - 1)
            return 0;
        if (!strcmp(f->rule_id, id))
            return 1;
    }
    return 0;
}

/* Drops rule j's results on the account being evaluated: they were made
 * with what it kept, and it is reported as failed there instead. */
static void drop_rule_results(struct ts_engine *e, size_t j)
{
    size_t n = 0, acct = e->accounts.n - 1;

    for (size_t k = 0; k < e->nresults; k++) {
        if (e->results[k].rule == j && e->results[k].snapshot == acct)
            free_result(&e->results[k]);
        else
            e->results[n++] = e->results[k];
    }
    e->nresults = n;
}

/* Between calls the state should hold little: an honest rule keeps nothing
 * from one snapshot to the next.  When it holds more than half the cap,
 * even after a full collection, every rule is loaded afresh in rule order
 * and what each reload freed is what that rule kept; a rule that kept more
 * than a quarter of the cap is reported on this account (its results here
 * dropped, and not run here if it has not run yet).  So a rule always
 * starts with at least half the cap for its own work, and a cap reached
 * during a call is the running rule's own doing.  In the normal case this
 * costs one comparison per call. */
static void find_keepers(struct ts_engine *e, size_t cur)
{
    size_t cap = e->sb.limits.memory, quarter = cap / 4;
    char text[200];

    if (!cap || e->sb.used <= cap / 2 || e->sb.used <= e->sb.kept_floor)
        return;
    lua_gc(e->sb.L, LUA_GCCOLLECT);
    if (e->sb.used <= cap / 2 || e->sb.used <= e->sb.kept_floor)
        return;
    for (size_t j = 0; j < e->nrules; j++) {
        struct ts_rule *r = &e->rules[j];
        size_t freed;

        if (r->check_ref == LUA_NOREF)
            continue;
        freed = reload_check(e, r);
        if (freed <= quarter || failed_here(e, r->id))
            continue;
        /* Usually j == cur: only a call that kept memory brings the state
         * over half the cap.  (An earlier rule's unlisted passes on this
         * account stay counted: they are not tracked per rule.) */
        if (j <= cur)
            drop_rule_results(e, j);
        if (j == cur)
            e->run.dropped_passes -= e->run.dropped;
        snprintf(text, sizeof(text), "kept %zu MiB between snapshots (more than a quarter of"
                 " --max-memory): loaded afresh", freed >> 20);
        ts_engine_add_failure(e, r->id, e->accounts.n - 1, TS_CAUSE_MEMORY, text);
    }
    /* What no rule could be blamed for (a large snapshot, say) is not
     * searched again until it grows by another quarter of the cap. */
    e->sb.kept_floor = e->sb.used > cap / 2 ? e->sb.used + quarter : 0;
}

static void run_rule(struct ts_engine *e, size_t i, int root_ref)
{
    lua_State *L = e->sb.L;
    struct ts_rule *r = &e->rules[i];
    enum ts_cause cause;
    char msg[1024];
    struct timespec t0, t1;

    size_t first = e->nresults;

    e->run.rule = i;
    ts_rule_api_set_textless(L, &e->run, !e->opts.brief ? 0
                             : (1u << TS_PASS) | (1u << TS_REVIEW)
                                   | (ts_severity_level(r->severity) == TS_LEVEL_ERROR
                                          ? 0 : 1u << TS_FAIL));
    e->run.listed = e->run.listed_bytes = e->run.dropped = 0;
    memset(e->run.unlisted, 0, sizeof(e->run.unlisted));
    memset(e->run.textless_n, 0, sizeof(e->run.textless_n));
    snprintf(e->sb.label, sizeof(e->sb.label), "rule '%s'", r->id);
    if (failed_here(e, r->id))
        return; /* reported for what it kept (find_keepers) */
    if (r->check_ref == LUA_NOREF) {
        ts_engine_add_failure(e, r->id, e->accounts.n - 1, TS_CAUSE_MEMORY, "not run: after it"
                              " reached the memory limit its file could not be loaded again");
        return;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->check_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, root_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->params_ref);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cause = ts_sandbox_call(&e->sb, 2, 0, msg, sizeof(msg));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r->instructions += e->sb.spent;
    if (cause == TS_CAUSE_NONE) {
        add_counted(e);
        /* Same input, same output, whatever order the rule reported in.
         * (None kept: results may be NULL, which takes no offset.) */
        if (e->nresults > first && !in_order(e->results + first, e->nresults - first))
            qsort(e->results + first, e->nresults - first, sizeof(*e->results), cmp_result);
        add_unlisted_summary(e);
        find_keepers(e, i);
        return;
    }
    /* A half-run check's results would mislead: keep none of them. */
    while (e->nresults > first)
        free_result(&e->results[--e->nresults]);
    e->run.dropped_passes -= e->run.dropped;
    ts_engine_add_failure(e, r->id, e->accounts.n - 1, cause, msg);
    /* It may hold what filled the cap: every rule after it would fail too. */
    if (cause == TS_CAUSE_MEMORY)
        reload_check(e, r);
    find_keepers(e, i);
}

/* Moves the account's results (all in memory now) to the engine's log,
 * then its record (account_store.h). */
static void log_account(struct ts_engine *e)
{
    struct ts_account *a = ts_account_store_held(&e->accounts, e->accounts.n - 1);
    struct ts_result_log *log;

    if (e->nlogs == 0) {
        e->logs = ts_xmalloc(sizeof(*e->logs));
        e->logs[e->nlogs++] = log = ts_xmalloc(sizeof(*log));
        ts_result_log_init(log);
        if (e->opts.log_tail)
            log->tail_limit = e->opts.log_tail;
        log->quota = e->quota;
    }
    log = e->logs[e->nlogs - 1];
    a->log = log;
    a->log_offset = ts_result_log_size(log);
    a->nlogged = 0;
    for (size_t i = 0; i < e->nresults; i++) {
        if (ts_result_log_append(log, &e->results[i]) == 0)
            a->nlogged++;
        free_result(&e->results[i]);
    }
    e->nresults = 0;
    ts_account_store_park(&e->accounts, e->accounts.n - 1); /* refused: it stays in memory */
}

void ts_engine_run(struct ts_engine *e, const struct ts_snapshot *s)
{
    ts_engine_run_rules(e, s, 0, e->nrules);
}

void ts_engine_run_rules(struct ts_engine *e, const struct ts_snapshot *s, size_t first,
                         size_t count)
{
    lua_State *L = e->sb.L;
    int root_ref;

    record_account(e, s);
    ts_rule_api_sync(L, &e->run);
    ts_lua_json_new_generation(L);
    ts_lua_json_push(L, s->root);
    ts_rule_org_start(L, s, -1);
    e->run.longest_path = ts_rule_org_longest_path(L);
    root_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    e->run.snapshot = s;
    e->run.account = e->accounts.n - 1;
    /* An honest rule's cost grows with the snapshot: a large account never
     * loses a rule's findings to a budget sized for an ordinary one. */
    e->sb.limits.instructions = ts_budget_instructions(e->base_limits.instructions, s->len);
    e->sb.limits.seconds = ts_budget_seconds(e->base_limits.seconds, s->len);
    /* Once the results' quota is spent no report will be written: the
     * rest of the scan would be wasted work. */
    for (size_t i = first; i < first + count && i < e->nrules && !atomic_load(&e->quota->over);
         i++)
        run_rule(e, i, root_ref);
    ts_rule_org_finish(L);
    e->run.snapshot = NULL;
    e->sb.limits.instructions = e->base_limits.instructions;
    e->sb.limits.seconds = e->base_limits.seconds;
    luaL_unref(L, LUA_REGISTRYINDEX, root_ref);
    if (e->opts.keep_log)
        log_account(e);
}
