/* A framework's control catalogue, read out of the rules' Lua library
 * (rules/lib/compliance_sections.lua over compliance_catalogue.lua): every
 * control of the framework's logging and monitoring scope, its section,
 * the rules that judge it, or why none does.  What the controls are is
 * policy, so it stays in Lua; this file only copies it into C. */
#ifndef TS_CATALOGUE_H
#define TS_CATALOGUE_H

#include <stddef.h>
#include "engine/engine.h"
#include "util/error.h"

struct ts_catalogue_row {
    char *control, *title;
    char *section, *section_title;  /* e.g. "3", "3 Logging" */
    char *status;           /* what the rules leave out, or why none judges it; or NULL */
    char **rules;           /* rule ids, NULL-terminated (maybe empty) */
};

struct ts_catalogue {
    char *id, *title, *scope, *source;
    char **notes;           /* NULL-terminated */
    struct ts_catalogue_row *rows;
    size_t nrows;
};

/* The framework ids the catalogue knows, in its order: a NULL-terminated
 * list the caller frees with ts_catalogue_free_list, or NULL (err says
 * why: the library failed). */
char **ts_catalogue_ids(struct ts_engine *e, struct ts_error *err);
void ts_catalogue_free_list(char **list);

/* Reads framework id's catalogue into *out (released by
 * ts_catalogue_release).  Returns 0; -1 for an unknown id (err lists the
 * known ones); -2 when the library failed to run (err says how). */
/* The control ids of framework id's catalogue into *out (NULL-terminated,
 * freed with ts_catalogue_free_list).  Returns 0; 1 for a framework the
 * catalogue does not know (*out NULL: a rule's own framework); -2 when
 * the library failed to run (err says how). */
int ts_catalogue_controls(struct ts_engine *e, const char *id, char ***out,
                          struct ts_error *err);

int ts_catalogue_read(struct ts_engine *e, const char *id, struct ts_catalogue *out,
                      struct ts_error *err);
void ts_catalogue_release(struct ts_catalogue *c);

#endif
