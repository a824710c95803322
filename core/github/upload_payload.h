/* The body of GitHub's "Upload an analysis as SARIF data" request
 * (POST /repos/{owner}/{repo}/code-scanning/sarifs): the SARIF file checked,
 * gzipped and base64-encoded, with the commit it belongs to.  No network. */
#ifndef TS_UPLOAD_PAYLOAD_H
#define TS_UPLOAD_PAYLOAD_H

#include <stddef.h>
#include "util/error.h"

/* GitHub refuses SARIF whose gzip passes 10 MB; we refuse first, before any
 * network use, so the user learns it without a token or a round trip. */
#define TS_UPLOAD_MAX_GZIP ((size_t)10 * 1024 * 1024)
/* The SARIF file itself: anything that compresses under the limit above is
 * far smaller than this. */
#define TS_UPLOAD_MAX_SARIF ((size_t)256 * 1024 * 1024)

struct ts_upload_fields {
    const char *commit_sha;   /* 40 hex digits */
    const char *ref;          /* refs/heads/..., refs/tags/..., refs/pull/N/merge|head */
    const char *checkout_uri; /* or NULL */
    const char *tool_name;    /* or NULL */
};

/* Reads the SARIF file at path, checks it is JSON with "version": "2.1.0"
 * and a "runs" array, gzips it (refusing past TS_UPLOAD_MAX_GZIP) and
 * base64-encodes it into the JSON body, which *body holds (caller frees).
 * started_at is taken from the first run's first invocation when it has a
 * startTimeUtc.  *gzip_len tells the compressed size.  Returns -1 with
 * "path[:line:col]: what" in err. */
int ts_upload_payload(const char *path, const struct ts_upload_fields *f, char **body,
                      size_t *gzip_len, struct ts_error *err);

#endif
