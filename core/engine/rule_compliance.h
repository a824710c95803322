/* A rule's compliance field against the control catalogues: a control id
 * a known framework's catalogue lacks would be silently left out of the
 * compliance view, so it is a load-time problem instead. */
#ifndef TS_RULE_COMPLIANCE_H
#define TS_RULE_COMPLIANCE_H

#include "engine/engine.h"
#include "engine/result.h"
#include "util/error.h"

/* Adds a problem (at the framework's key in r's file) for each control id
 * of r->compliance that its framework's catalogue does not list, naming
 * the nearest ones it does.  Frameworks the catalogue does not know (a
 * rule's own) are not checked.  Returns -1 if it added any. */
int ts_rule_compliance_check(struct ts_engine *e, const struct ts_rule *r,
                             struct ts_problems *problems);

#endif
