/* How many results an engine holds, in memory and in its result logs:
 * what tests compare (the binary never needs the total). */
#ifndef TS_RESULTS_COUNT_H
#define TS_RESULTS_COUNT_H

#include <stddef.h>
#include "engine/engine.h"

size_t ts_results_count(const struct ts_engine *e);

#endif
