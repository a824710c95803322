/* An engine as a scan leaves it, made by hand: for tests of what reads an
 * engine (waivers, the rule lookup), which would otherwise need a scan. */
#ifndef TS_TEST_ENGINE_H
#define TS_TEST_ENGINE_H

#include "engine/engine.h"

/* An engine holding rules with these ids, in this order (loaded from small
 * rule files that report nothing, made and removed here), and accounts
 * with these ids.  Both lists NULL-terminated.  NULL on failure (said on
 * stderr).  Free it with ts_engine_free. */
struct ts_engine *ts_test_engine(const char *const *rule_ids, const char *const *account_ids);

/* Adds a copy of r (its texts copied; NULL texts stay NULL). */
void ts_test_engine_result(struct ts_engine *e, const struct ts_result *r);

#endif
