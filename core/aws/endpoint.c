/* Endpoints other than AWS's, and the rule that keeps credentials off
 * plain http on the network. */
#include "aws/endpoint.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "aws/service.h"

/* The services collect calls, for the environment's per-service names. */
static const struct aws_service *const services[] = {
    &aws_cloudtrail, &aws_logs, &aws_cloudwatch, &aws_sns, &aws_sts, &aws_ec2, &aws_s3,
    &aws_organizations, &aws_sso, NULL};

static int ignore_configured(void)
{
    const char *v = getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    return v && !strcasecmp(v, "true");
}

static const char *env_url(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static void env_name(const struct aws_service *svc, char *buf, size_t n)
{
    snprintf(buf, n, "AWS_ENDPOINT_URL_%s", svc->endpoint_env);
}

const char *aws_endpoint_url(const struct aws_service *svc, const char *cli_url)
{
    char name[64];
    const char *v;

    if (cli_url)
        return cli_url;
    if (ignore_configured())
        return NULL;
    env_name(svc, name, sizeof(name));
    return (v = env_url(name)) ? v : env_url("AWS_ENDPOINT_URL");
}

/* 127.0.0.0/8, ::1 or localhost (which curl resolves itself, to loopback,
 * never through DNS or /etc/hosts).  curl has already written numeric
 * IPv4 forms (2130706433, 0x7f.1) as dotted quads. */
static int loopback(const char *host)
{
    struct in_addr v4;
    struct in6_addr v6;
    char text[64];
    size_t len = strlen(host);

    if (!strcasecmp(host, "localhost"))
        return 1;
    if (inet_pton(AF_INET, host, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    if (len > 2 && len < sizeof(text) && host[0] == '[' && host[len - 1] == ']') {
        memcpy(text, host + 1, len - 2);
        text[len - 2] = '\0';
        return inet_pton(AF_INET6, text, &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
    }
    return 0;
}

int aws_endpoint_check(const char *what, const char *url, struct ts_error *err)
{
    CURLU *u;
    char *host = NULL;
    int rc = -1;

    if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
        return ts_error_set(err, "%s '%.200s' must start with http:// or https://", what, url);
    if (strpbrk(url, "?# "))
        return ts_error_set(err, "%s '%.200s' may have a path but no query, fragment or"
                            " space", what, url);
    if (!strncmp(url, "https://", 8))
        return 0;
    u = curl_url();
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        ts_error_set(err, "%s '%.200s' is not a usable URL", what, url);
        goto out;
    }
    if (!loopback(host)) {
        ts_error_set(err, "%s '%.200s': plain http only to this machine (127.0.0.0/8, ::1,"
                     " localhost), as requests carry credentials; use https://", what, url);
        goto out;
    }
    rc = 0;
out:
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}

int aws_endpoints_check(const char *cli_url, struct ts_error *err)
{
    char name[64];
    const char *v;

    if (cli_url)
        return aws_endpoint_check("--endpoint-url", cli_url, err);
    if (ignore_configured())
        return 0;
    if ((v = env_url("AWS_ENDPOINT_URL")) && aws_endpoint_check("AWS_ENDPOINT_URL", v, err) < 0)
        return -1;
    for (const struct aws_service *const *s = services; *s; s++) {
        env_name(*s, name, sizeof(name));
        if ((v = env_url(name)) && aws_endpoint_check(name, v, err) < 0)
            return -1;
    }
    return 0;
}
