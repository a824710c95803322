#include "cli/cli_rules_coverage_lines.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include "lua/lua_source.h"
#include "util/error.h"
#include "util/file_read.h"

/* Lua 5.4's dump (ldump.c): a header, then each function as source,
 * lines, sizes, code, constants, upvalues, nested functions, and debug
 * information (per instruction a line delta, or ABSLINEINFO and an entry
 * in the absolute line list). */
#define ABSLINEINFO (-0x80)
#define MAX_NESTING 200 /* deeper than Lua's own parser allows */

struct dump {
    unsigned char *p;
    size_t len, at;
    int bad;
    size_t int_size, num_size, ins_size;
    void (*mark)(void *ctx, unsigned line);
    void *ctx;
};

static int take(struct dump *d, size_t n)
{
    if (d->bad || n > d->len - d->at) {
        d->bad = 1;
        return 0;
    }
    d->at += n;
    return 1;
}

static unsigned byte(struct dump *d)
{
    return take(d, 1) ? d->p[d->at - 1] : 0;
}

/* A size: 7 bits a byte, most significant first, the last byte's top bit set. */
static size_t size(struct dump *d)
{
    size_t x = 0;
    unsigned b;

    do {
        b = byte(d);
        if (x > SIZE_MAX >> 8)
            d->bad = 1;
        x = (x << 7) | (b & 0x7f);
    } while (!d->bad && !(b & 0x80));
    return d->bad ? 0 : x;
}

static void skip_string(struct dump *d)
{
    size_t n = size(d);
    if (n)
        take(d, n - 1);
}

static void skip_constants(struct dump *d)
{
    size_t n = size(d);

    for (size_t i = 0; i < n && !d->bad; i++) {
        switch (byte(d)) {
        case 3: take(d, d->int_size); break;   /* LUA_VNUMINT */
        case 19: take(d, d->num_size); break;  /* LUA_VNUMFLT */
        case 4: case 20: skip_string(d); break; /* short, long string */
        case 0: case 1: case 17: break;         /* nil, false, true */
        default: d->bad = 1;
        }
    }
}

/* The lines of a function's instructions, as lua_getinfo's "L" counts
 * them (5.4.4: a vararg function's first instruction, VARARGPREP, not).
 * Each ABSLINEINFO instruction has the next entry of the absolute list. */
static void mark_lines(struct dump *d, long line, int vararg, int nested)
{
    size_t n = size(d), info = d->at, nabs, next;

    if (!take(d, n))
        return;
    nabs = size(d);
    next = d->at;
    for (size_t i = 0; i < nabs && !d->bad; i++)
        size(d), size(d);
    for (size_t pc = 0; pc < n && !d->bad; pc++) {
        signed char delta = (signed char)d->p[info + pc];
        if (delta != ABSLINEINFO)
            line += delta;
        else if (nabs--) {
            size_t end = d->at;
            d->at = next;
            size(d); /* its pc */
            line = (long)size(d);
            next = d->at;
            d->at = end;
        } else
            d->bad = 1;
        if (nested && !(vararg && pc == 0) && line > 0 && line < 100000000)
            d->mark(d->ctx, (unsigned)line);
    }
}

static void function(struct dump *d, int depth)
{
    long line;
    int vararg;
    size_t n;

    if (depth > MAX_NESTING) {
        d->bad = 1;
        return;
    }
    skip_string(d);
    line = (long)size(d);
    size(d); /* last line */
    byte(d); /* parameters */
    vararg = (int)byte(d);
    byte(d); /* stack size */
    n = size(d);
    if (n > (d->len - d->at) / (d->ins_size ? d->ins_size : 1)) {
        d->bad = 1;
        return;
    }
    take(d, n * d->ins_size);
    skip_constants(d);
    n = size(d);
    take(d, n > d->len ? d->len + 1 : n * 3); /* upvalues: instack, idx, kind */
    n = size(d);
    for (size_t i = 0; i < n && !d->bad; i++)
        function(d, depth + 1);
    mark_lines(d, line, vararg, depth > 0);
    n = size(d); /* local variables */
    for (size_t i = 0; i < n && !d->bad; i++)
        skip_string(d), size(d), size(d);
    n = size(d); /* upvalue names */
    for (size_t i = 0; i < n && !d->bad; i++)
        skip_string(d);
}

struct bytes {
    unsigned char *p;
    size_t len, cap;
};

static int write_dump(lua_State *L, const void *p, size_t n, void *ud)
{
    struct bytes *b = ud;

    (void)L;
    if (n > b->cap - b->len) {
        while (n > b->cap - b->len)
            b->cap = b->cap ? b->cap * 2 : 4096;
        b->p = ts_xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
    return 0;
}

/* The header: Lua 5.4's, format 0, and the sizes that follow. */
static int header(struct dump *d)
{
    static const char sig[] = "\x1bLua\x54\x00\x19\x93\r\n\x1a\n";

    if (d->len < sizeof(sig) - 1 + 3 || memcmp(d->p, sig, sizeof(sig) - 1))
        return -1;
    d->at = sizeof(sig) - 1;
    d->ins_size = byte(d);
    d->int_size = byte(d);
    d->num_size = byte(d);
    take(d, d->int_size + d->num_size); /* their check values */
    byte(d);                            /* the main function's upvalues */
    return d->bad ? -1 : 0;
}

/* In protected mode: compiles the text (arguments: its address and
 * length) and dumps it into the bytes (argument 3). */
static int compile_and_dump(lua_State *L)
{
    const char *text = lua_touserdata(L, 1);
    size_t len = (size_t)lua_tointeger(L, 2);
    struct bytes *b = lua_touserdata(L, 3);

    if (luaL_loadbufferx(L, text, len, "=coverage", "t") != LUA_OK)
        return lua_error(L);
    lua_dump(L, write_dump, b, 0);
    return 0;
}

int cli_coverage_code_lines(const char *path, void (*mark)(void *ctx, unsigned line), void *ctx)
{
    struct dump d = {.mark = mark, .ctx = ctx};
    struct bytes b = {0};
    struct ts_error err;
    char *text;
    size_t len;
    lua_State *L;
    int ret = -1;

    if (ts_file_read(path, TS_MAX_RULE_BYTES, &text, &len, &err) < 0)
        return -1;
    if (!(L = luaL_newstate())) {
        free(text);
        return -1;
    }
    /* Compiled only, in a state of its own: nothing of the file runs. */
    lua_pushcfunction(L, compile_and_dump);
    lua_pushlightuserdata(L, text);
    lua_pushinteger(L, (lua_Integer)len);
    lua_pushlightuserdata(L, &b);
    if (lua_pcall(L, 3, 0, 0) == LUA_OK) {
        d.p = b.p;
        d.len = b.len;
        if (header(&d) == 0) {
            function(&d, 0);
            ret = d.bad ? -1 : 0;
        }
    }
    lua_close(L);
    free(text);
    free(b.p);
    return ret;
}
