/* rules test --coverage: which lines of each rule and lib file ran.  A
 * line observer in the sandbox (off unless asked: a line hook makes Lua
 * stop at every line) counts the lines run; the lines that could run are
 * the active lines of every function each file shown defines, called or
 * not (cli_rules_coverage_lines.h), and of those seen running or reachable
 * from a rule's check (its upvalues: modules, local helpers). */
#ifndef TS_CLI_RULES_COVERAGE_H
#define TS_CLI_RULES_COVERAGE_H

#include <stdio.h>
#include "engine/engine.h"

/* Starts counting, from nothing. */
void cli_coverage_start(void);

/* Adds the lines that could run of e's rules: after they are loaded,
 * before a check runs (a snapshot's tables are not walked).  root is the
 * folder they were loaded from: the report shows the files under the
 * folders noted (rules and lib/), not the built-in helpers a custom rule
 * uses. */
void cli_coverage_note(struct ts_engine *e, const char *root);

/* Per file "N/M lines (P%)" and the lines never run, on out; with
 * lcov_path, an LCOV tracefile there too.  -1 (said) if it cannot be
 * written. */
int cli_coverage_report(FILE *out, const char *lcov_path);

/* Stops counting and forgets (safe when not started). */
void cli_coverage_stop(void);

#endif
