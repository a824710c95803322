/* What the engine remembers of each account it ran rules on, kept flat in
 * the number of accounts.
 *
 * An organisation's reports need each account's file, id, name, time,
 * hash and collection errors, but only once the scan is over, and one or a
 * few accounts at a time.  Held in memory for the whole scan, they made
 * the peak grow by some 350 bytes an account (and more in the heap's
 * fragments).  So once an account is done and its results are in a log
 * (result_log.h), its record is written to that log after them (parked),
 * and the store keeps 24 bytes of it: where the record is.  Reading an
 * account back decodes its record into a small cache. */
#ifndef TS_ACCOUNT_STORE_H
#define TS_ACCOUNT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "engine/result_log.h"

/* What the engine remembers of each snapshot after releasing it. */
struct ts_account {
    char *file, *account_id, *partition;
    char *name;             /* the account's name (snapshot or manifest), or NULL */
    char *collected_at;     /* the snapshot's "as of" time, or NULL */
    char sha256[65];        /* of the file's bytes, if want_hashes; else "" */
    char **errors;          /* the snapshot's `errors`, one line each; NULL-terminated */
    /* Its results, when the engine keeps them in a log (see keep_log): */
    struct ts_result_log *log;
    uint64_t log_offset;
    size_t nlogged;
};

/* Parked accounts read back, by index modulo this: a record returned
 * stays valid until another account with the same index modulo this is
 * read (so a caller holds one account at a time). */
#define TS_ACCOUNT_CACHE 16

struct ts_account_store {
    struct ts_account_ref *refs;
    size_t n, cap;
    struct ts_account_cached *cache; /* TS_ACCOUNT_CACHE of them, made on first use */
};

void ts_account_store_init(struct ts_account_store *st);
void ts_account_store_release(struct ts_account_store *st);

/* Adds a (moved in: its strings change owner, a is cleared); returns its
 * index. */
size_t ts_account_store_add(struct ts_account_store *st, struct ts_account *a);

/* Account i in memory (not parked), to fill in or change; NULL if parked. */
struct ts_account *ts_account_store_held(struct ts_account_store *st, size_t i);

/* Account i, read back into the cache if it is parked (see
 * TS_ACCOUNT_CACHE for how long it stays valid).  Not from two threads at
 * once: reading back fills the store's cache.  A record that cannot be
 * read back (the log's file failed: its read_errno says why, and the
 * reports check it) reads as an account with empty fields. */
const struct ts_account *ts_account_store_get(struct ts_account_store *st, size_t i);

/* Writes held account i's record to the log its results are in (a->log,
 * which must be set) and frees it from memory.  Returns 0, or -1 when the
 * log's quota refuses it: it then stays held. */
int ts_account_store_park(struct ts_account_store *st, size_t i);

/* Moves account i of from to the end of to (from's slot is left empty and
 * must not be read again); returns its index in to. */
size_t ts_account_store_move(struct ts_account_store *to, struct ts_account_store *from,
                             size_t i);

/* Moves the accounts from base on to the (empty) store to; from keeps
 * base of them. */
void ts_account_store_split(struct ts_account_store *from, size_t base,
                            struct ts_account_store *to);

#endif
