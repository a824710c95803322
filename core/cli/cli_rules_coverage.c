#include "cli/cli_rules_coverage.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include "cli/cli.h"
#include "cli/cli_rules_coverage_lines.h"
#include "lua/readonly.h"
#include "lua/sandbox_limits.h"
#include "util/dir_list.h"
#include "util/output.h"
#include "util/strlist.h"
#include "util/text.h"

/* Deeper than any rule's helpers reach; bounds the walk of upvalues. */
#define MAX_DEPTH 8
#define MAX_LINE 1000000

struct cov_file {
    char *path;
    uint32_t *hits;          /* per line: times run */
    unsigned char *code;     /* per line: 1 if some function has code there */
    unsigned char *seen_fn;  /* per line: a function defined there was seen */
    size_t nlines;
};

static struct {
    struct cov_file *files;
    size_t count;
    size_t last;             /* the file of the previous line event */
    struct ts_strlist roots; /* the folders under test: only their files are shown */
} cov;

static struct cov_file *file_of(const char *source)
{
    if (source[0] != '@')
        return NULL;
    source++;
    if (cov.last < cov.count && !strcmp(cov.files[cov.last].path, source))
        return &cov.files[cov.last];
    for (size_t i = 0; i < cov.count; i++)
        if (!strcmp(cov.files[i].path, source))
            return &cov.files[cov.last = i];
    cov.files = ts_xrealloc(cov.files, (cov.count + 1) * sizeof(*cov.files));
    memset(&cov.files[cov.count], 0, sizeof(*cov.files));
    cov.files[cov.count].path = ts_xstrdup(source);
    return &cov.files[cov.last = cov.count++];
}

/* Room for line n in f. */
static int reach(struct cov_file *f, size_t n)
{
    size_t want = f->nlines;

    if (n >= MAX_LINE)
        return 0;
    if (n < f->nlines)
        return 1;
    while (want <= n)
        want = want ? want * 2 : 64;
    f->hits = ts_xrealloc(f->hits, want * sizeof(*f->hits));
    f->code = ts_xrealloc(f->code, want);
    f->seen_fn = ts_xrealloc(f->seen_fn, want);
    memset(f->hits + f->nlines, 0, (want - f->nlines) * sizeof(*f->hits));
    memset(f->code + f->nlines, 0, want - f->nlines);
    memset(f->seen_fn + f->nlines, 0, want - f->nlines);
    f->nlines = want;
    return 1;
}

/* The table of active lines lua_getinfo's "L" pushed: code lines of f. */
static void take_lines(lua_State *L, struct cov_file *f)
{
    if (lua_istable(L, -1)) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_isinteger(L, -2) && lua_tointeger(L, -2) > 0
                && reach(f, (size_t)lua_tointeger(L, -2)))
                f->code[lua_tointeger(L, -2)] = 1;
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}

static void on_line(lua_State *L, lua_Debug *ar)
{
    struct cov_file *f;

    if (!lua_getinfo(L, "S", ar) || !(f = file_of(ar->source)) || ar->currentline <= 0
        || !reach(f, (size_t)ar->currentline))
        return;
    f->hits[ar->currentline]++;
    f->code[ar->currentline] = 1;
    /* A function's other lines, once per function. */
    if (ar->linedefined >= 0 && reach(f, (size_t)ar->linedefined)
        && !f->seen_fn[ar->linedefined]) {
        f->seen_fn[ar->linedefined] = 1;
        if (lua_getinfo(L, "L", ar))
            take_lines(L, f);
    }
}

void cli_coverage_start(void)
{
    cli_coverage_stop();
    ts_sandbox_observe_lines(on_line);
}

void cli_coverage_stop(void)
{
    ts_sandbox_observe_lines(NULL);
    for (size_t i = 0; i < cov.count; i++) {
        free(cov.files[i].path);
        free(cov.files[i].hits);
        free(cov.files[i].code);
        free(cov.files[i].seen_fn);
    }
    free(cov.files);
    ts_strlist_release(&cov.roots);
    memset(&cov, 0, sizeof(cov));
    ts_strlist_init(&cov.roots);
}

static void walk(lua_State *L, int idx, int depth, int seen);

/* In protected mode: the table behind a read-only proxy (a frozen module),
 * or the table itself.  A proxy of snapshot data from an account no longer
 * loaded raises: its table is then skipped. */
static int backing_of(lua_State *L)
{
    if (!ts_readonly_backing(L, 1))
        lua_pushvalue(L, 1);
    return 1;
}

/* The functions in table t (a module), read raw through a read-only proxy. */
static void walk_table(lua_State *L, int t, int depth, int seen)
{
    lua_pushcfunction(L, backing_of);
    lua_pushvalue(L, t);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
        lua_pop(L, 1);
        return;
    }
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_isfunction(L, -1) || lua_istable(L, -1))
            walk(L, lua_gettop(L), depth + 1, seen);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* The Lua function or table at idx and what its upvalues reach, each once
 * (seen: a table of visited values). */
static void walk(lua_State *L, int idx, int depth, int seen)
{
    lua_Debug ar;

    idx = lua_absindex(L, idx);
    if (depth > MAX_DEPTH || !lua_checkstack(L, 8))
        return;
    lua_pushvalue(L, idx);
    if (lua_rawget(L, seen) != LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, idx);
    lua_pushboolean(L, 1);
    lua_rawset(L, seen);
    if (lua_istable(L, idx)) {
        walk_table(L, idx, depth, seen);
        return;
    }
    if (lua_iscfunction(L, idx))
        return;
    lua_pushvalue(L, idx);
    if (lua_getinfo(L, ">SL", &ar)) {
        struct cov_file *f = file_of(ar.source);
        if (f)
            take_lines(L, f);
        else
            lua_pop(L, 1);
    }
    for (int i = 1; lua_getupvalue(L, idx, i); i++) {
        if (lua_isfunction(L, -1) || lua_istable(L, -1))
            walk(L, lua_gettop(L), depth + 1, seen);
        lua_pop(L, 1);
    }
}

void cli_coverage_note(struct ts_engine *e, const char *root)
{
    lua_State *L = ts_engine_lua(e);
    int top = lua_gettop(L), seen;

    ts_strlist_push(&cov.roots, root);
    lua_newtable(L);
    seen = lua_gettop(L);
    for (size_t i = 0; i < ts_engine_nrules(e); i++) {
        if (lua_rawgeti(L, LUA_REGISTRYINDEX, ts_engine_rule(e, i)->check_ref)
            == LUA_TFUNCTION)
            walk(L, -1, 0, seen);
        lua_pop(L, 1);
    }
    lua_settop(L, top);
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const struct cov_file *)a)->path, ((const struct cov_file *)b)->path);
}

/* " 12, 15-17" for the code lines of f never run. */
static void print_missed(FILE *out, const struct cov_file *f)
{
    size_t n = 0;

    for (size_t l = 1; l < f->nlines; l++) {
        size_t end = l;
        if (!f->code[l] || f->hits[l])
            continue;
        while (end + 1 < f->nlines && f->code[end + 1] && !f->hits[end + 1])
            end++;
        fprintf(out, "%s%zu", n++ ? ", " : "    never run: ", l);
        if (end > l)
            fprintf(out, "-%zu", end);
        l = end;
    }
    if (n)
        fputc('\n', out);
}

/* A file of a folder under test (the built-in helpers a custom rule
 * uses are not the author's to cover). */
static int shown(const struct cov_file *f)
{
    for (size_t i = 0; i < cov.roots.count; i++)
        if (ts_path_inside(f->path, cov.roots.items[i]))
            return 1;
    return 0;
}

static void write_lcov(FILE *out)
{
    for (size_t i = 0; i < cov.count; i++) {
        const struct cov_file *f = &cov.files[i];
        size_t found = 0, hit = 0;
        if (!shown(f))
            continue;
        fprintf(out, "TN:\nSF:%s\n", f->path);
        for (size_t l = 1; l < f->nlines; l++)
            if (f->code[l]) {
                fprintf(out, "DA:%zu,%lu\n", l, (unsigned long)f->hits[l]);
                found++;
                hit += f->hits[l] > 0;
            }
        fprintf(out, "LF:%zu\nLH:%zu\nend_of_record\n", found, hit);
    }
}

static void mark_code(void *ctx, unsigned line)
{
    struct cov_file *f = ctx;

    if (reach(f, line))
        f->code[line] = 1;
}

int cli_coverage_report(FILE *out, const char *lcov_path)
{
    struct ts_outputs outs;
    struct ts_error err;
    FILE *f;
    int ret = 0;

    if (cov.count)
        qsort(cov.files, cov.count, sizeof(*cov.files), by_path);
    cov.last = 0;
    fputs("coverage:\n", out);
    for (size_t i = 0; i < cov.count; i++) {
        struct cov_file *c = &cov.files[i];
        size_t found = 0, hit = 0;
        if (!shown(c))
            continue;
        /* Every function of the file, called or not (a local helper nothing
         * calls, a lib function no rule uses); the lines of the functions
         * seen stay if it cannot be read. */
        cli_coverage_code_lines(c->path, mark_code, c);
        for (size_t l = 1; l < c->nlines; l++) {
            found += c->code[l];
            hit += c->code[l] && c->hits[l];
        }
        fputs("  ", out);
        ts_text_put(out, c->path);
        fprintf(out, ": %zu/%zu lines (%zu%%)\n", hit, found, found ? hit * 100 / found : 100);
        print_missed(out, c);
    }
    if (!lcov_path)
        return 0;
    ts_outputs_init(&outs);
    if (ts_outputs_add(&outs, lcov_path, &err) < 0 || !(f = ts_outputs_open(&outs, 0, &err))) {
        ret = -1;
    } else {
        write_lcov(f);
        if (ts_outputs_close(&outs, 0, !ferror(f), &err) < 0 || ts_outputs_commit(&outs, &err) < 0)
            ret = -1;
    }
    if (ret < 0)
        cli_error("%s", err.msg);
    ts_outputs_release(&outs);
    return ret;
}
