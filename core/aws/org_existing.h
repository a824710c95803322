/* collect --org --skip-existing: whether a snapshot an earlier run left in
 * the folder can stand for this run's collection of an account. */
#ifndef TS_ORG_EXISTING_H
#define TS_ORG_EXISTING_H

#include <stddef.h>

/* 1 if path is a snapshot `validate` accepts, of account id, complete (no
 * error listed in it but the "nothing configured" answers), of
 * organisation org_id when it names one, and holding this run's regions
 * (regions, NULL-terminated; NULL: every region enabled when it was
 * collected, which only a collection of them all records); 0 otherwise
 * (missing, partial, of another account or organisation, fewer regions,
 * refused), with why (size n). */
int org_existing_complete(const char *path, const char *id, const char *org_id,
                          const char *const *regions, char *why, size_t n);

#endif
