/* What collect stores passes the checks `validate` makes: every answer is
 * checked where it will sit in the snapshot, by the snapshot loader itself
 * (JSON text checks: UTF-8, control characters, duplicate members, depth;
 * botocore's shapes), before it is stored.  One decision, one place: the
 * loader says what a snapshot may hold, collect asks it. */
#ifndef TS_COLLECT_CHECK_H
#define TS_COLLECT_CHECK_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "util/error.h"

/* Checks answer as it would be stored at regions.<region>.<service>.
 * <operation>[.<key>] (region NULL: global.<service>...), in a snapshot
 * whose envelope has account_id and partition (NULL: placeholders that
 * pass).  Returns 0, or -1 with what is wrong in why (size n, one line,
 * no position: the text checked is not the user's file). */
int collect_check_answer(const char *account_id, const char *partition,
                         const char *region, const char *service,
                         const char *operation, const char *key,
                         const cJSON *answer, char *why, size_t n);

/* Checks a finished snapshot's text as `validate` would.  Returns 0, or -1
 * with err saying what was wrong (a bug or a case the answer checks do not
 * cover: the snapshot must not be written). */
int collect_check_snapshot(const char *text, size_t len, struct ts_error *err);

#endif
