/* What rules call: fail{...}, pass{...}, review{...} to report a result
 * (pass() alone counts a pass when trailscan.keeps_passes is false), and
 * the `trailscan` table (timestamp parsing, the JSON null sentinel,
 * keeps_passes).
 * Results go to the engine registered with ts_rule_api_install. */
#ifndef TS_RULE_API_H
#define TS_RULE_API_H

#include "engine/engine.h"
#include "util/text.h"

/* Builds the API and registers it for every rule environment. */
void ts_rule_api_install(struct ts_engine *e);

/* Brings what the API tells rules up to date with the engine's settings
 * (trailscan.keeps_passes follows drop_passes, which callers set after
 * ts_engine_init).  Cheap: the engine calls it for every snapshot. */
void ts_rule_api_sync(struct ts_engine *e);

#endif
