/* Endpoints other than AWS's, and the rule that keeps credentials off
 * plain http on the network. */
#include "aws/endpoint.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <curl/curl.h>

#include "aws/ini.h"
#include "aws/service.h"

#define N_SERVICES 13
#define URL_MAX 1024

/* The services collect calls, for the environment's per-service names. */
static const struct aws_service *const services[N_SERVICES + 1] = {
    &aws_cloudtrail, &aws_logs, &aws_cloudwatch, &aws_sns, &aws_sts, &aws_ec2, &aws_s3,
    &aws_organizations, &aws_sso, &aws_config, &aws_kms, &aws_securityhub, &aws_s3control,
    NULL};

/* The config file's endpoints for the profile in use: written once by
 * aws_endpoint_configure, before any call, and only read afterwards. */
static struct {
    char global[URL_MAX];             /* the profile's endpoint_url */
    char service[N_SERVICES][URL_MAX]; /* its services section's, by services[] */
    int ignore;                       /* ignore_configured_endpoint_urls = true */
    int sts_legacy;                   /* sts_regional_endpoints = legacy */
    int fips;                         /* use_fips_endpoint = true */
} configured;

/* AWS_IGNORE_CONFIGURED_ENDPOINT_URLS when set (true or false), else the
 * profile's ignore_configured_endpoint_urls: the environment wins, as for
 * every setting that has both. */
static int ignore_configured(void)
{
    const char *v = getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

    if (v && *v)
        return !strcasecmp(v, "true");
    return configured.ignore;
}

static int service_index(const struct aws_service *svc)
{
    for (int i = 0; i < N_SERVICES; i++)
        if (services[i] == svc)
            return i;
    return -1;
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
    int i;

    if (cli_url)
        return cli_url;
    if (ignore_configured())
        return NULL;
    env_name(svc, name, sizeof(name));
    if ((v = env_url(name)) || (v = env_url("AWS_ENDPOINT_URL")))
        return v;
    i = service_index(svc);
    if (i >= 0 && configured.service[i][0])
        return configured.service[i];
    return configured.global[0] ? configured.global : NULL;
}

/* 127.0.0.0/8, ::1 or localhost (which curl resolves itself, to loopback,
 * never through DNS or /etc/hosts).  curl has already written numeric
 * IPv4 forms (2130706433, 0x7f.1) as dotted quads. */
int aws_endpoint_loopback(const char *host)
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
    if (!aws_endpoint_loopback(host)) {
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

/* s[0..n) without blanks at either end: *start, and the length. */
static size_t trim(const char *s, size_t n, const char **start)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    *start = s;
    return n;
}

/* The services section's setting for one service: "sts =" followed by
 * indented "endpoint_url = URL" lines (the INI reader joined them with
 * newlines).  The URL is copied into out (size URL_MAX); "" when absent;
 * -1 when too long. */
static int nested_endpoint(const char *value, char *out)
{
    out[0] = '\0';
    for (const char *line = value; line && *line;) {
        const char *nl = strchr(line, '\n'), *key, *val;
        size_t n = nl ? (size_t)(nl - line) : strlen(line), klen, vlen;
        const char *eq = memchr(line, '=', n);

        if (eq) {
            klen = trim(line, (size_t)(eq - line), &key);
            vlen = trim(eq + 1, n - (size_t)(eq - line) - 1, &val);
            if (klen == 12 && !strncasecmp(key, "endpoint_url", 12)) {
                if (vlen >= URL_MAX)
                    return -1;
                memcpy(out, val, vlen);
                out[vlen] = '\0';
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

/* "[services NAME]" in the config file, or NULL. */
static const struct aws_ini_section *services_section(const struct aws_ini *conf,
                                                      const char *name)
{
    return aws_ini_typed_section(conf, "services", name);
}

static int set_global(const struct aws_endpoint_config *c, struct ts_error *err)
{
    char what[600];

    if (!c->endpoint_url || !*c->endpoint_url)
        return 0;
    snprintf(what, sizeof(what), "endpoint_url of profile '%.200s' in %.300s", c->profile,
             c->where);
    if (strlen(c->endpoint_url) >= URL_MAX)
        return ts_error_set(err, "%s is too long", what);
    if (aws_endpoint_check(what, c->endpoint_url, err) < 0)
        return -1;
    snprintf(configured.global, URL_MAX, "%s", c->endpoint_url);
    return 0;
}

/* Each service's endpoint_url in the profile's [services NAME] section. */
static int set_services(const struct aws_endpoint_config *c, struct ts_error *err)
{
    const struct aws_ini_section *s;
    char key[64], what[700];

    if (!c->services || !*c->services)
        return 0;
    if (!(s = services_section(c->conf, c->services)))
        return ts_error_set(err, "profile '%.200s' names services '%.200s' but %.300s has no "
                            "[services %.200s] section", c->profile, c->services,
                            c->conf_path, c->services);
    for (int i = 0; i < N_SERVICES; i++) {
        const char *v;
        size_t k;

        for (k = 0; services[i]->endpoint_env[k] && k + 1 < sizeof(key); k++)
            key[k] = (char)tolower((unsigned char)services[i]->endpoint_env[k]);
        key[k] = '\0';
        if (!(v = aws_ini_get(s, key)))
            continue;
        snprintf(what, sizeof(what), "endpoint_url of %s in [services %.200s] of %.300s", key,
                 c->services, c->conf_path);
        if (nested_endpoint(v, configured.service[i]) < 0)
            return ts_error_set(err, "%s is too long", what);
        if (configured.service[i][0] &&
            aws_endpoint_check(what, configured.service[i], err) < 0)
            return -1;
    }
    return 0;
}

/* ---- AWS's own endpoints ---- */

/* The regions whose STS calls went to the global sts.amazonaws.com before
 * regional endpoints became the default (botocore's
 * LEGACY_GLOBAL_STS_REGIONS). */
static const char *const legacy_sts_regions[] = {
    "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1",
    "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", NULL};

static int legacy_sts_region(const char *region)
{
    for (const char *const *r = legacy_sts_regions; *r; r++)
        if (!strcmp(*r, region))
            return 1;
    return 0;
}

/* The environment's value (var) when set, else the profile's (key). */
static const char *setting(const char *var, const char *profile_value)
{
    const char *v = getenv(var);

    return v && *v ? v : profile_value && *profile_value ? profile_value : NULL;
}

/* sts_regional_endpoints: exactly "legacy" or "regional", as botocore
 * (which refuses "Legacy"); use_fips_endpoint: true or false in any case.
 * botocore takes any other FIPS value as false; trailscan refuses it, so
 * a FIPS requirement is never dropped for a typing mistake. */
static int set_aws_endpoints(const struct aws_endpoint_config *c, struct ts_error *err)
{
    const char *sts = setting("AWS_STS_REGIONAL_ENDPOINTS", c->sts_regional);
    const char *fips = setting("AWS_USE_FIPS_ENDPOINT", c->use_fips);

    if (sts && strcmp(sts, "legacy") && strcmp(sts, "regional"))
        return ts_error_set(err, "STS regional endpoints option %.40s is invalid. Valid "
                            "options are: \"legacy\", \"regional\" (AWS_STS_REGIONAL_ENDPOINTS "
                            "or sts_regional_endpoints of profile '%.200s')", sts, c->profile);
    if (fips && strcasecmp(fips, "true") && strcasecmp(fips, "false"))
        return ts_error_set(err, "use_fips_endpoint is '%.40s': it must be true or false "
                            "(AWS_USE_FIPS_ENDPOINT or use_fips_endpoint of profile '%.200s')",
                            fips, c->profile);
    configured.sts_legacy = sts && !strcmp(sts, "legacy");
    configured.fips = fips && !strcasecmp(fips, "true");
    return 0;
}

const char *aws_endpoint_aws_url(const struct aws_service *svc, const char *region, char *buf,
                                 size_t n)
{
    /* The partition as aws_partition_of says (aws_client.h, which uses
     * this file, so not included here). */
    int china = !strncmp(region, "cn-", 3), gov = !strncmp(region, "us-gov-", 7);
    const char *suffix = china ? "amazonaws.com.cn" : "amazonaws.com";
    /* GovCloud's regional endpoints are FIPS endpoints already, S3 apart. */
    int fips = configured.fips && (!gov || svc == &aws_s3);

    if (svc == &aws_sts && configured.sts_legacy && !configured.fips
        && legacy_sts_region(region)) {
        snprintf(buf, n, "https://sts.amazonaws.com");
        return "us-east-1"; /* the global endpoint signs for us-east-1 */
    }
    snprintf(buf, n, "https://%s%s.%s.%s", svc->host_prefix, fips ? "-fips" : "", region,
             suffix);
    return region;
}

int aws_endpoint_configure(const struct aws_endpoint_config *c, struct ts_error *err)
{
    memset(&configured, 0, sizeof(configured));
    if (!c)
        return 0;
    configured.ignore = c->ignore && !strcasecmp(c->ignore, "true");
    if (set_global(c, err) < 0 || set_services(c, err) < 0 || set_aws_endpoints(c, err) < 0) {
        memset(&configured, 0, sizeof(configured));
        return -1;
    }
    return 0;
}
