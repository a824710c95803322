/* Where an AWS call goes when it does not go to AWS's own endpoint: the
 * --endpoint-url of the command line, else AWS_ENDPOINT_URL_<SERVICE>, else
 * AWS_ENDPOINT_URL (as the AWS CLI reads them; none when
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true).  Every request is signed
 * and may carry a session token, so plain http goes only to this machine. */
#ifndef TS_AWS_ENDPOINT_H
#define TS_AWS_ENDPOINT_H

#include "util/error.h"

struct aws_service;

/* The URL calls to svc go to, or NULL for AWS's endpoint.  cli_url (may be
 * NULL) wins over the environment. */
const char *aws_endpoint_url(const struct aws_service *svc, const char *cli_url);

/* 0 if url may receive signed requests: https://, or http:// to a loopback
 * address (127.0.0.0/8, ::1, localhost); also no query, fragment or space.
 * Else -1 with err naming what (e.g. "--endpoint-url") and why. */
int aws_endpoint_check(const char *what, const char *url, struct ts_error *err);

/* Checks cli_url, or every endpoint the environment names for a service
 * collect calls: before the first request, so a refusal sends nothing. */
int aws_endpoints_check(const char *cli_url, struct ts_error *err);

#endif
