/* Where an AWS call goes when it does not go to AWS's own endpoint, in the
 * order of the SDKs' "service-specific endpoints": the --endpoint-url of
 * the command line, else AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL,
 * else the profile's [services NAME] section's endpoint_url for the
 * service, else the profile's endpoint_url; none of the configured ones
 * when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or, when that is unset, the
 * profile's ignore_configured_endpoint_urls) is true.  Without any, AWS's
 * regional endpoint (sts.<region>.amazonaws.com for STS, as the AWS CLI
 * v2).  Every request is signed and may carry a session token, so plain
 * http goes only to this machine. */
#ifndef TS_AWS_ENDPOINT_H
#define TS_AWS_ENDPOINT_H

#include "util/error.h"

struct aws_service;
struct aws_ini;

/* The config file's endpoint settings of the profile in use. */
struct aws_endpoint_config {
    const char *profile, *where;   /* for messages: the profile, its file */
    const char *endpoint_url;      /* the profile's endpoint_url, or NULL */
    const char *services;          /* the profile's services (a section name), or NULL */
    const char *ignore;            /* ignore_configured_endpoint_urls, or NULL */
    const struct aws_ini *conf;    /* the config file, for [services NAME] */
    const char *conf_path;
    const char *sts_regional;      /* sts_regional_endpoints: legacy | regional, or NULL */
    const char *use_fips;          /* use_fips_endpoint: true | false, or NULL */
};

/* Takes c's endpoints for every later aws_endpoint_url (NULL: none).
 * Called once, before any call is made (aws_credentials_resolve does), as
 * the calls read them without a lock.  Every URL passes
 * aws_endpoint_check; -1 with err naming the setting and its file. */
int aws_endpoint_configure(const struct aws_endpoint_config *c, struct ts_error *err);

/* AWS's own endpoint for svc in region (when aws_endpoint_url gives none)
 * into buf, without a trailing '/': https://<prefix>.<region>.amazonaws.com
 * (.com.cn in China); with AWS_USE_FIPS_ENDPOINT / use_fips_endpoint true,
 * <prefix>-fips (GovCloud's regional endpoints are FIPS already, S3 apart);
 * with AWS_STS_REGIONAL_ENDPOINTS / sts_regional_endpoints legacy, STS in
 * the regions that had it there goes to the global sts.amazonaws.com, as
 * botocore does.  Returns the region the request is signed for. */
const char *aws_endpoint_aws_url(const struct aws_service *svc, const char *region, char *buf,
                                 size_t n);

/* The URL calls to svc go to, or NULL for AWS's endpoint.  cli_url (may be
 * NULL) wins over the environment. */
const char *aws_endpoint_url(const struct aws_service *svc, const char *cli_url);

/* 1 if host (as curl's URL parser gives it: IPv6 in brackets, numeric IPv4
 * forms as dotted quads) is 127.0.0.0/8, ::1 or localhost. */
int aws_endpoint_loopback(const char *host);

/* 0 if url may receive signed requests: https://, or http:// to a loopback
 * address (127.0.0.0/8, ::1, localhost); also no query, fragment or space.
 * Else -1 with err naming what (e.g. "--endpoint-url") and why. */
int aws_endpoint_check(const char *what, const char *url, struct ts_error *err);

/* Checks cli_url, or every endpoint the environment names for a service
 * collect calls: before the first request, so a refusal sends nothing. */
int aws_endpoints_check(const char *cli_url, struct ts_error *err);

#endif
