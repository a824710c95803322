/* The manifest `collect --org` writes last, DIR/organization.json
 * (trailscan-organization/1, DESIGN.md section 2b): the organisation, and
 * every account of the run's plan with what became of it. */
#ifndef TS_ORG_MANIFEST_WRITE_H
#define TS_ORG_MANIFEST_WRITE_H

#include "aws/org_plan.h"
#include "snapshot/org_manifest.h" /* TS_ORG_FORMAT, TS_ORG_MANIFEST_NAME */

/* The manifest's text (caller frees): l's organisation, p's accounts in
 * their order; shard_n > 0 adds "shard": {"index": K, "count": N}, so that
 * the manifests of the N folders can be told apart and counted.
 * collected_at: when the run began (RFC 3339). */
char *org_manifest_text(const struct org_listing *l, const struct org_plan *p,
                        unsigned shard_k, unsigned shard_n, const char *collected_at);

#endif
