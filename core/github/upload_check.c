#include "github/upload_check.h"

#include <string.h>

#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return 1;
    return 0;
}

int ts_upload_check_repo(const char *repo, struct ts_error *err)
{
    const char *slash = strchr(repo, '/');
    size_t owner = slash ? (size_t)(slash - repo) : 0, name = slash ? strlen(slash + 1) : 0;

    if (!slash || owner == 0 || owner > 39 || strspn(repo, ALNUM "-") != owner
        || name == 0 || name > 100 || strspn(slash + 1, ALNUM "._-") != name
        || !strcmp(slash + 1, ".") || !strcmp(slash + 1, ".."))
        return ts_error_set(err, "--repo: '%s' is not OWNER/NAME (owner: letters, digits"
                            " and '-'; name: letters, digits, '.', '_' and '-')",
                            has_control(repo) ? "?" : repo);
    return 0;
}

int ts_upload_check_commit(const char *sha, struct ts_error *err)
{
    if (strlen(sha) != 40 || strspn(sha, "0123456789abcdefABCDEF") != 40)
        return ts_error_set(err, "--commit: '%s' is not a commit SHA (40 hex digits)",
                            has_control(sha) ? "?" : sha);
    return 0;
}

static int pull_ref(const char *rest)
{
    size_t digits = strspn(rest, "0123456789");

    return digits > 0 && (!strcmp(rest + digits, "/merge") || !strcmp(rest + digits, "/head"));
}

static int branch_or_tag(const char *name)
{
    return *name && !has_control(name) && !strpbrk(name, " ~^:?*[\\") && !strstr(name, "..")
           && name[strlen(name) - 1] != '/';
}

int ts_upload_check_ref(const char *ref, struct ts_error *err)
{
    int ok = 0;

    if (!strncmp(ref, "refs/heads/", 11))
        ok = branch_or_tag(ref + 11);
    else if (!strncmp(ref, "refs/tags/", 10))
        ok = branch_or_tag(ref + 10);
    else if (!strncmp(ref, "refs/pull/", 10))
        ok = pull_ref(ref + 10);
    if (!ok)
        return ts_error_set(err, "--ref: '%s' is not a full Git ref (refs/heads/BRANCH,"
                            " refs/tags/TAG, refs/pull/N/merge or refs/pull/N/head)",
                            has_control(ref) ? "?" : ref);
    return 0;
}

static int loopback(const char *host, size_t n)
{
    static const char *const names[] = {"localhost", "127.0.0.1", "[::1]"};

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (n == strlen(names[i]) && !strncmp(host, names[i], n))
            return 1;
    return 0;
}

int ts_upload_check_api_url(const char *url, char *out, size_t n, struct ts_error *err)
{
    int https = !strncmp(url, "https://", 8);
    const char *host = url + (https ? 8 : 7), *end;
    size_t hlen, len;

    if (!https && strncmp(url, "http://", 7))
        return ts_error_set(err, "--api-url: '%s' is not an http(s):// address",
                            has_control(url) ? "?" : url);
    if (has_control(url) || strpbrk(url, " @?#\"<>\\"))
        return ts_error_set(err, "--api-url: an address without spaces, credentials, query"
                            " or fragment, please");
    end = host + strcspn(host, "/");
    /* The host ends at its port, unless it is a bracketed IPv6 address. */
    hlen = (size_t)(end - host);
    if (*host == '[') {
        const char *close = memchr(host, ']', hlen);
        hlen = close ? (size_t)(close - host) + 1 : 0;
    } else {
        const char *colon = memchr(host, ':', hlen);
        if (colon)
            hlen = (size_t)(colon - host);
    }
    if (hlen == 0)
        return ts_error_set(err, "--api-url: '%s' has no host", url);
    if (!https && !loopback(host, hlen))
        return ts_error_set(err, "--api-url: '%s' must use https, since the token goes there"
                            " (plain http only for localhost)", url);
    len = strlen(url);
    while (len > 0 && url[len - 1] == '/')
        len--;
    if (len + 1 > n)
        return ts_error_set(err, "--api-url: too long");
    memcpy(out, url, len);
    out[len] = '\0';
    return 0;
}

int ts_upload_check_text(const char *what, const char *s, struct ts_error *err)
{
    if (!*s || strlen(s) > 1024 || has_control(s))
        return ts_error_set(err, "%s: 1 to 1024 characters without control characters,"
                            " please", what);
    return 0;
}
