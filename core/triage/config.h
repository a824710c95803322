/* The --config file (format "trailscan-config/1"): rule parameters and
 * waivers.  Loading checks its shape; checking against the loaded rules
 * finds unknown rule ids, parameter names and types.  Every problem names
 * file:line:column. */
#ifndef TS_CONFIG_H
#define TS_CONFIG_H

#include <stddef.h>
#include "engine/engine.h"
#include "util/error.h"
#include "json/json_doc.h"

#define TS_CONFIG_FORMAT "trailscan-config/1"

/* Largest config file read: a config is written by people. */
#define TS_MAX_CONFIG_BYTES ((size_t)16 * 1024 * 1024)

/* An accepted risk: results of `rule` in its scope are waived until the end
 * of the `expires` day (UTC).  Strings point into the config's tree. */
struct ts_waiver {
    const cJSON *node;          /* the waiver's object in the config */
    const char *rule;
    const char *account;        /* 12 digits, or NULL: any account */
    const char *region;         /* glob, or NULL: any region (and none) */
    const char *resource;       /* glob */
    const char *reason, *owner, *ticket; /* owner or ticket may be NULL, not both */
    const char *expires;        /* "YYYY-MM-DD" */
    long expires_day;           /* days since 1970-01-01 */
    unsigned line, column;      /* of the waiver's '{' */
    /* Set by ts_waivers_apply: */
    int expired;                /* expires_day is before today */
    int evaluated;              /* its rule ran on an account in its scope */
    size_t matched;             /* results it waives (expired: would have waived) */
};

struct ts_config {
    struct ts_json_doc doc;
    const cJSON *params;        /* rule id -> {name: value}, or NULL */
    struct ts_waiver *waivers;
    size_t nwaivers;
};

void ts_config_init(struct ts_config *c);
void ts_config_release(struct ts_config *c);

/* Reads path and checks its shape (format, keys, types, dates, globs,
 * account ids, required waiver fields).  Problems go to problems; returns
 * -1 if there was any. */
int ts_config_load(struct ts_config *c, const char *path, struct ts_problems *problems);

/* Checks rule ids, parameter names and parameter types against the rules
 * loaded in e (before --only/--skip, so that a typo is caught whatever is
 * selected).  Returns -1 if there was any problem. */
int ts_config_check_rules(const struct ts_config *c, struct ts_engine *e,
                          struct ts_problems *problems);

/* Sets the parameters of the rules of e that the config names (rules not
 * selected are skipped).  Returns -1 on a problem. */
int ts_config_apply_params(const struct ts_config *c, struct ts_engine *e,
                           struct ts_problems *problems);

/* 1 if the config sets any parameter. */
int ts_config_has_params(const struct ts_config *c);

#endif
