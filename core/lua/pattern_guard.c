#include "lua/pattern_guard.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <lauxlib.h>
#include "lua/sandbox_limits.h"

static int class_letter_matches(int letter, int c)
{
    int r;

    switch (tolower(letter)) {
    case 'a': r = isalpha(c); break;
    case 'c': r = iscntrl(c); break;
    case 'd': r = isdigit(c); break;
    case 'g': r = isgraph(c); break;
    case 'l': r = islower(c); break;
    case 'p': r = ispunct(c); break;
    case 's': r = isspace(c); break;
    case 'u': r = isupper(c); break;
    case 'w': r = isalnum(c); break;
    case 'x': r = isxdigit(c); break;
    default: return letter == c; /* %. %% and the like: the character itself */
    }
    return isupper(letter) ? !r : r != 0;
}

/* Whether the class at p[0..len) ("." "%a" "[^...]" or a character)
 * matches byte c. */
static int class_matches(const char *p, size_t len, int c)
{
    size_t i, end;
    int m = 0, neg;

    if (p[0] == '.')
        return 1;
    if (p[0] == '%')
        return len > 1 && class_letter_matches((unsigned char)p[1], c);
    if (p[0] != '[' || len < 2)
        return (unsigned char)p[0] == c;
    end = len - 1;
    neg = p[1] == '^';
    i = neg ? 2 : 1;
    while (i < end) {
        if (p[i] == '%' && i + 1 < end) {
            m |= class_letter_matches((unsigned char)p[i + 1], c);
            i += 2;
        } else if (i + 2 < end && p[i + 1] == '-') {
            m |= (unsigned char)p[i] <= c && c <= (unsigned char)p[i + 2];
            i += 3;
        } else {
            m |= (unsigned char)p[i] == c;
            i++;
        }
    }
    return neg ? !m : m;
}

/* The one byte a class matches if it is a plain character, else -1. */
static int literal_of(const char *p, size_t len)
{
    if (len == 1 && p[0] != '.' && p[0] != '[')
        return (unsigned char)p[0];
    if (len == 2 && p[0] == '%' && !isalnum((unsigned char)p[1]))
        return (unsigned char)p[1];
    return -1;
}

struct item {
    const char *p; /* the class; NULL for an item that matches anything */
    size_t len;
    char quant;    /* 0, '*', '+', '-', '?' */
};

/* Whether some byte matches both items; a literal makes it one test. */
static int overlap(const struct item *a, const struct item *b)
{
    int c;

    if (!a->p || !b->p)
        return 1;
    if ((c = literal_of(b->p, b->len)) >= 0)
        return class_matches(a->p, a->len, c);
    if ((c = literal_of(a->p, a->len)) >= 0)
        return class_matches(b->p, b->len, c);
    for (c = 0; c < 256; c++)
        if (class_matches(a->p, a->len, c) && class_matches(b->p, b->len, c))
            return 1;
    return 0;
}

/* Length of the single-character class at p (0 if p starts no class). */
static size_t class_len(const char *p, size_t left)
{
    size_t i;

    if (p[0] == '%')
        return left >= 2 ? 2 : 1;
    if (p[0] != '[')
        return 1;
    i = 1;
    if (i < left && p[i] == '^')
        i++;
    if (i < left && p[i] == ']') /* a leading ']' is a member */
        i++;
    while (i < left && p[i] != ']')
        i += p[i] == '%' && i + 1 < left ? 2 : 1;
    return i < left ? i + 1 : left;
}

#define MAX_ITEMS 256

/* What the cost of a pattern depends on, besides the subject's length. */
struct shape {
    int anchored;
    int q;        /* repeated items that multiply the work of the rest */
    int rescans;  /* repeated items that may scan the rest of the subject
                   * and then fail (Lua's max_expand/min_expand rescans) */
    size_t count;
};

/* Whether a repeated item k can rescan the subject on a path that fails:
 * every one can, except a greedy one at the very end of a pattern without
 * '$' (reaching it means the match succeeds: its scan is the match) and a
 * lazy one there (it matches nothing at once). */
static int rescans(const struct item *items, size_t count, size_t k, int end_anchored)
{
    if (!items[k].p) /* %b, %1: a scan that can fail */
        return 1;
    if (k + 1 == count && !end_anchored)
        return 0;
    return 1;
}

static void shape_of(const char *p, size_t lp, struct shape *out)
{
    struct item items[MAX_ITEMS];
    size_t count = 0, i = 0;
    int anchored = lp > 0 && p[0] == '^';
    int q = 0, r = 0, end_anchored = 0;

    if (anchored)
        i = 1;
    while (i < lp && count < MAX_ITEMS) {
        size_t len;
        if (p[i] == '(' || p[i] == ')') { /* captures cost nothing by themselves */
            i++;
            continue;
        }
        if (p[i] == '$' && i + 1 == lp) {
            end_anchored = 1;
            break;
        }
        if (p[i] == '%' && i + 1 < lp && (p[i + 1] == 'b' || p[i + 1] == 'f'
                                          || isdigit((unsigned char)p[i + 1]))) {
            /* %bxy, %f[set], %1: linear scans; an item that matches anything */
            i += p[i + 1] == 'b' ? 4 : p[i + 1] == 'f' ? 2 + class_len(p + i + 2, lp - i - 2) : 2;
            items[count].p = NULL;
            items[count].len = 0;
            items[count++].quant = '*';
            continue;
        }
        len = class_len(p + i, lp - i);
        items[count].p = p + i;
        items[count].len = len;
        i += len;
        items[count].quant = 0;
        if (i < lp && strchr("*+-?", p[i]) && p[i])
            items[count].quant = p[i++];
        count++;
    }
    /* A repeated item multiplies the work when it can match what follows
     * it; one followed by a disjoint single item (like [^:]* before ':')
     * stops at one place, and one at the end ends the match.  Either way
     * it may scan to the end of the subject and fail, at every start. */
    for (size_t k = 0; k < count; k++) {
        char qk = items[k].quant;
        if (qk != '*' && qk != '+' && qk != '-')
            continue;
        r += rescans(items, count, k, end_anchored);
        if (k + 1 == count)
            continue;
        if ((items[k + 1].quant == 0 || items[k + 1].quant == '+')
            && !overlap(&items[k], &items[k + 1]))
            continue;
        q++;
    }
    /* Items past the table were not looked at: assume the worst of them. */
    if ((count == MAX_ITEMS && i < lp) || q > 8)
        q = 8;
    out->anchored = anchored;
    out->q = q;
    out->rescans = r;
    out->count = count;
}

/* Lua tries the pattern at every start (once if anchored); at each, the
 * repeated items multiply (q) and each may scan to the end (rescans). */
static double shape_cost(const struct shape *sh, size_t n)
{
    double starts = sh->anchored ? 1 : (double)n + 1, per_start;

    per_start = (double)(sh->count ? sh->count : 1) + (double)sh->rescans * ((double)n + 1);
    for (int k = 0; k < sh->q; k++)
        per_start *= (double)n + 1;
    return starts * per_start + (double)n;
}

double ts_pattern_cost(const char *p, size_t lp, size_t n)
{
    struct shape sh;

    shape_of(p, lp, &sh);
    return shape_cost(&sh, n);
}

/* Rules match the same few patterns over and over: their shapes are kept
 * per thread, by text (the slot is picked by address, the text decides). */
#define SHAPE_SLOTS 64
#define SHAPE_TEXT 48

struct shape_slot {
    size_t lp;
    char text[SHAPE_TEXT];
    struct shape sh;
};

static _Thread_local struct shape_slot shapes[SHAPE_SLOTS];

/* How a library function uses its pattern. */
enum use { USE_PATTERN, USE_PLAIN, USE_ITERATE };

static double pattern_cost_cached(const char *p, size_t lp, size_t n, enum use use)
{
    struct shape_slot *slot = &shapes[((uintptr_t)p >> 4) % SHAPE_SLOTS];
    struct shape sh;

    if (lp == 0 || lp > SHAPE_TEXT) {
        shape_of(p, lp, &sh);
    } else {
        if (slot->lp != lp || memcmp(slot->text, p, lp) != 0) {
            shape_of(p, lp, &slot->sh);
            memcpy(slot->text, p, lp);
            slot->lp = lp;
        }
        sh = slot->sh;
    }
    /* gmatch tries every start: a leading '^' anchors nothing there. */
    if (use == USE_ITERATE)
        sh.anchored = 0;
    return shape_cost(&sh, n);
}


/* The bytes a find, match or gmatch looks at: from its init (argument 3,
 * read as the string library reads it) to the end.  A loop of finds that
 * walks a text with init pays for the text once, not once per find. */
static size_t subject_length(lua_State *L, size_t ls, enum use use, int has_init)
{
    lua_Integer init;

    if (!has_init || lua_type(L, 3) != LUA_TNUMBER || !lua_isinteger(L, 3))
        return ls;
    (void)use;
    init = lua_tointeger(L, 3);
    if (init > 0) {
        if ((lua_Unsigned)init > (lua_Unsigned)ls)
            return 0;
        return ls - (size_t)init + 1;
    }
    if (init == 0 || (lua_Unsigned)-init > (lua_Unsigned)ls)
        return ls;
    return (size_t)-init;
}

static int charge_pattern(lua_State *L, enum use use, int has_init)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);

    ls = subject_length(L, ls, use, has_init);
    /* A plain find compares the pattern at every start: (ls - lp + 1) * lp. */
    double cost = use == USE_PLAIN
                      ? (double)ls + (lp <= ls ? ((double)ls - (double)lp + 1) * (double)lp : 0)
                      : pattern_cost_cached(p, lp, ls, use);

    (void)s;
    if (!sb->guarded)
        return 0;
    if ((double)sb->spent + cost > (double)sb->limits.instructions)
        return ts_sandbox_limit(L, TS_CAUSE_INSTRUCTIONS, "pattern matching could take up to"
                                " more steps than the instruction budget has left");
    sb->spent += (long long)cost;
    return 0;
}

/* Calls the state's own library function (the closure's upvalue, fixed
 * when the sandbox was built) once the pattern is paid for. */
static int guarded(lua_State *L, enum use use, int has_init)
{
    int n;

    charge_pattern(L, use, has_init);
    n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

static int g_find(lua_State *L)
{
    return guarded(L, lua_toboolean(L, 4) ? USE_PLAIN : USE_PATTERN, 1);
}

static int g_match(lua_State *L)
{
    return guarded(L, USE_PATTERN, 1);
}

/* gsub's third argument is its replacement, not an init. */
static int g_gsub(lua_State *L)
{
    return guarded(L, USE_PATTERN, 0);
}

static int g_gmatch(lua_State *L)
{
    return guarded(L, USE_ITERATE, 1);
}

void ts_pattern_guard_install(lua_State *L)
{
    static const luaL_Reg fns[] = {{"find", g_find}, {"match", g_match},
                                   {"gmatch", g_gmatch}, {"gsub", g_gsub}, {NULL, NULL}};

    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_getglobal(L, "string");
        lua_getfield(L, -1, f->name);
        lua_remove(L, -2);
        lua_pushcclosure(L, f->func, 1);
        lua_setfield(L, -2, f->name);
    }
}
