#include "aws/cred_metadata_url.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "aws/endpoint.h"

const char *const aws_container_hosts[] = {"169.254.170.2", "169.254.170.23",
                                           "[fd00:ec2::23]", NULL};
const char *const aws_imds_hosts[] = {"169.254.169.254", "[fd00:ec2::254]", NULL};

/* host among hosts; IPv6 compared as addresses (fd00:ec2:0::23 is fd00:ec2::23). */
static int listed(const char *host, const char *const *hosts)
{
    struct in6_addr a, b;
    char text[64];
    size_t len = strlen(host);
    int v6 = 0;

    if (len > 2 && len < sizeof(text) && host[0] == '[' && host[len - 1] == ']') {
        memcpy(text, host + 1, len - 2);
        text[len - 2] = '\0';
        v6 = inet_pton(AF_INET6, text, &a) == 1;
    }
    for (; *hosts; hosts++) {
        if (!strcmp(host, *hosts))
            return 1;
        if (v6 && (*hosts)[0] == '[') {
            len = strlen(*hosts);
            memcpy(text, *hosts + 1, len - 2);
            text[len - 2] = '\0';
            if (inet_pton(AF_INET6, text, &b) == 1 && !memcmp(&a, &b, sizeof(a)))
                return 1;
        }
    }
    return 0;
}

static void host_list(const char *const *hosts, char *buf, size_t n)
{
    size_t used = 0;

    buf[0] = '\0';
    for (; *hosts && used < n; hosts++)
        used += (size_t)snprintf(buf + used, n - used, ", %s", *hosts);
}

int aws_metadata_url_check(const char *what, const char *url, const char *const *hosts,
                           struct ts_error *err)
{
    CURLU *u;
    char *host = NULL, list[200];
    int rc = -1;

    if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
        return ts_error_set(err, "%s '%.200s' must start with http:// or https://", what, url);
    if (strpbrk(url, "# \r\n\t"))
        return ts_error_set(err, "%s '%.200s' may not have a fragment or a blank", what, url);
    u = curl_url();
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK
        || curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        ts_error_set(err, "%s '%.200s' is not a usable URL", what, url);
        goto out;
    }
    host_list(hosts, list, sizeof(list));
    if (strncmp(url, "https://", 8) && !aws_endpoint_loopback(host) && !listed(host, hosts)) {
        ts_error_set(err, "%s '%.200s': unsupported host '%.100s'; plain http goes only to "
                     "a loopback address or one of these hosts%s (use https:// otherwise)",
                     what, url, host, list + 1);
        goto out;
    }
    rc = 0;
out:
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}
