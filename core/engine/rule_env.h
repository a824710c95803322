/* A rule's environment: the sandbox's allow-listed globals, the rule API
 * (rule_api.c), and a require that finds helper modules only in lib/ of the
 * rule's own folder and of the built-in rules.  Each rule gets its own
 * environment.  Built-in rules share the built-in modules, loaded once per
 * Lua state and deeply frozen; other rules get their own module instances.
 * Either way nothing one rule does to a module is seen by another. */
#ifndef TS_RULE_ENV_H
#define TS_RULE_ENV_H

#include "lua/sandbox.h"

/* Pushes a new environment for a rule (or module) under rule_root. */
void ts_rule_env_push(struct ts_sandbox *sb, const char *rule_root, const char *builtin_root);

/* Registers the table at the top of the stack (popped) as the rule API that
 * every environment receives. */
void ts_rule_env_set_api(lua_State *L);

#endif
