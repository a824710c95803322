/* What rules call: fail{...}, pass{...}, review{...} to report a result,
 * and the `trailscan` table (timestamp parsing, the JSON null sentinel).
 * Results go to the engine registered with ts_rule_api_install. */
#ifndef TS_RULE_API_H
#define TS_RULE_API_H

#include "engine.h"
#include "text.h"

/* Builds the API and registers it for every rule environment. */
void ts_rule_api_install(struct ts_engine *e);

#endif
