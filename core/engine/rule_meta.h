/* The rule contract of DESIGN.md section 4: checks a rule's table and
 * copies its metadata out. */
#ifndef TS_RULE_META_H
#define TS_RULE_META_H

#include <stdio.h>
#include <cjson/cJSON.h>
#include <lua.h>
#include "engine/result.h"
#include "util/error.h"

/* Reads the rule table at idx into r (refs to check and params are taken).
 * Each problem names file and field; returns -1 if any. */
int ts_rule_meta_read(lua_State *L, int idx, const char *file, struct ts_rule *r,
                      struct ts_problems *problems);

/* Prints "name = value" for each parameter default, sorted by name. */
void ts_rule_meta_print_params(lua_State *L, const struct ts_rule *r, FILE *out);

/* Whether s is a valid rule id: 1-64 letters, digits, '.', '_' or '-',
 * starting with a letter or digit (rule files and `rules new` alike). */
int ts_rule_id_ok(const char *s);

void ts_rule_meta_release(lua_State *L, struct ts_rule *r);

/* Checks v (a config's value for the parameter named v->string) against the
 * rule's declared default: NULL if it fits, else "unknown" (no such
 * parameter), "table" (a table default, not settable) or "type" (*want
 * names the type it needs). */
const char *ts_rule_param_problem(lua_State *L, const struct ts_rule *r, const cJSON *v,
                                  const char **want);

/* "a, b, c": the rule's parameter names, or "it has none". */
void ts_rule_param_names(lua_State *L, const struct ts_rule *r, char *out, size_t cap);

#endif
