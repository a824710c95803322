/* The strict checks of a rule's fixture file (rules test, rules check):
 * every key of the file, of each case and of its expectations is one a
 * fixture has, each verdict is fail, pass or review, each parameter is
 * one the rule declares with its default's type, and each snapshot
 * fragment's members are ones the snapshot's shapes know.  Every problem
 * is "file:line:col: what", with the nearest known word when there is one. */
#ifndef TS_CLI_RULES_FIXTURE_H
#define TS_CLI_RULES_FIXTURE_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "engine/engine.h"
#include "json/json_doc.h"
#include "util/error.h"

/* The file's own keys ("rule", "cases", "$schema") and their types. */
void cli_fixture_check_top(const struct ts_json_doc *doc, struct ts_problems *problems);

/* One case (an item of "cases") of rule `rule` of e. */
void cli_fixture_check_case(const struct ts_json_doc *doc, struct ts_engine *e, size_t rule,
                            const cJSON *c, struct ts_problems *problems);

/* The members of the snapshot fragment snap the shapes do not know
 * (regions.R.SERVICE.OPERATION... and global.SERVICE.OPERATION...). */
void cli_fixture_check_shapes(const struct ts_json_doc *doc, const cJSON *snap,
                              struct ts_problems *problems);

/* A snapshot's text made of the fragment snap as the fixture holds it, at
 * the same lines and columns (what comes before it blanked, line breaks
 * kept), with format, account_id, partition, collected_at and regions
 * added at its end when absent: a problem the snapshot loader finds in it
 * names the fixture's own line:col.  The caller frees it; *len its length. */
char *cli_fixture_snapshot_text(const struct ts_json_doc *doc, const cJSON *snap, size_t *len);

#endif
