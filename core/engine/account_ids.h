/* The engine's accounts by id, for a caller that looks many up: reading
 * every account back for each lookup (account_store.h) would cost a read
 * of the log per account. */
#ifndef TS_ACCOUNT_IDS_H
#define TS_ACCOUNT_IDS_H

#include <stddef.h>

struct ts_engine;
struct ts_account_id;

struct ts_account_ids {
    struct ts_account_id *v; /* sorted by id, then index */
    size_t n;
};

void ts_account_ids_build(struct ts_account_ids *ids, const struct ts_engine *e);
void ts_account_ids_release(struct ts_account_ids *ids);

/* The first account with this id, or SIZE_MAX. */
size_t ts_account_ids_find(const struct ts_account_ids *ids, const char *id);

#endif
