/* A rules folder's rule whose id a built-in rule already has: `scan --rules
 * DIR` stops on it ("duplicate rule id"), so rules check and rules test say
 * so before the scan does. */
#ifndef TS_CLI_RULES_BUILTIN_H
#define TS_CLI_RULES_BUILTIN_H

#include "engine/engine.h"
#include "util/error.h"

/* Adds to problems, at each clashing rule file's `id =` line, every rule of
 * e (a folder's rules, loaded without the built-ins) whose id a different
 * built-in rule file has.  Returns how many. */
size_t cli_rules_builtin_clashes(const struct ts_engine *e, struct ts_problems *problems);

#endif
