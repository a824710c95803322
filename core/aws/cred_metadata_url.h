/* Which URLs the container and instance metadata sources may ask.  Their
 * requests carry no signature, only the endpoint's own token, and the
 * answers are credentials: so https anywhere, and plain http only to this
 * machine or to the link-local metadata addresses AWS serves on the host
 * itself (never routed off it; http.c sends plain http without a proxy
 * and follows no redirect). */
#ifndef TS_AWS_CRED_METADATA_URL_H
#define TS_AWS_CRED_METADATA_URL_H

#include "util/error.h"

/* The link-local hosts of container credentials (ECS, EKS Pod Identity),
 * as botocore allows them, and of instance metadata.  NULL-terminated. */
extern const char *const aws_container_hosts[];
extern const char *const aws_imds_hosts[];

/* 0 if url is https://, or http:// to loopback (127.0.0.0/8, ::1,
 * localhost) or to one of hosts; else -1 with err naming what and why. */
int aws_metadata_url_check(const char *what, const char *url, const char *const *hosts,
                           struct ts_error *err);

#endif
