/* rules test --coverage: the lines that could run in a Lua file, from every
 * function it defines, called or not.  Lua's API lists the lines of a
 * function value only, and a function nothing calls (a local helper, a lib
 * function no rule uses) never becomes one; so the file is compiled apart
 * (never run) and its nested functions read from the 5.4 bytecode dump. */
#ifndef TS_CLI_RULES_COVERAGE_LINES_H
#define TS_CLI_RULES_COVERAGE_LINES_H

/* Calls mark(ctx, line) for each line holding code of every function the
 * Lua file at path defines (not its main chunk's own lines: those run when
 * it loads).  -1 if it cannot be read, compiled or its dump is not Lua
 * 5.4's format: the caller keeps the lines it already knows. */
int cli_coverage_code_lines(const char *path, void (*mark)(void *ctx, unsigned line), void *ctx);

#endif
