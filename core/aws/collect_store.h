/* The snapshot a collection assembles (DESIGN.md section 2): answers put
 * where the format says, pages concatenated, failures listed in `errors`,
 * and everything in a stable order so two collections of the same account
 * give the same bytes. */
#ifndef TS_COLLECT_STORE_H
#define TS_COLLECT_STORE_H

#include <cjson/cJSON.h>

struct collect_store {
    cJSON *root, *regions, *global, *errors;
    unsigned failures;      /* errors that make the snapshot partial */
};

/* Starts the envelope; collected_at is "now" in UTC.  Exits on no memory. */
void collect_store_init(struct collect_store *s);
void collect_store_release(struct collect_store *s);

void collect_store_identity(struct collect_store *s, const char *account_id,
                            const char *partition);

/* The optional account_name (name may be NULL) and organization (org_id
 * NULL: none) of collect --org, placed after `collector`. */
void collect_store_org(struct collect_store *s, const char *name, const char *org_id,
                       const char *management_id);

/* 1 if a listed error with this code makes a snapshot partial: not one of
 * the codes that mean "nothing is configured". */
int collect_store_code_partial(const char *code);

/* The object an operation's answer lives in: regions.<region>.<service> or,
 * with region NULL, global.<service>.  Created on demand. */
cJSON *collect_store_service(struct collect_store *s, const char *region, const char *service);

/* Stores answer (taken) under <service>.<operation>, or under
 * <service>.<operation>.<key> when key is not NULL.  A later page (page > 0)
 * is merged: the lists named in lists[] are appended to the stored ones.
 * Pagination tokens named in tokens[] are removed from what is stored. */
void collect_store_answer(struct collect_store *s, const char *region, const char *service,
                          const char *operation, const char *key, cJSON *answer,
                          unsigned page, const char *const *lists,
                          const char *const *tokens);

/* Lists a failed call.  Codes that mean "nothing is configured" (no
 * lifecycle, no public access block, no bucket policy) are answers the rules
 * read, so they do not make the snapshot partial. */
void collect_store_error(struct collect_store *s, const char *region, const char *service,
                         const char *operation, const char *key, const char *code,
                         const char *message);

/* Sorts regions, per-resource maps and errors; returns the snapshot's text
 * (caller frees), or NULL when out of memory. */
char *collect_store_finish(struct collect_store *s);

#endif
