#include "aws/cred_sso_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/endpoint.h"
#include "aws/service.h"

/* "[sso-session NAME]" (NAME may be quoted, as profile names may). */
static const struct aws_ini_section *find_session(const struct aws_ini *conf, const char *name)
{
    return aws_ini_typed_section(conf, "sso-session", name);
}

/* key from the session (which must agree with the profile), else the profile. */
static int merged(const char *key, const struct aws_ini_section *ps,
                  const struct aws_ini_section *ss, const char **out, struct ts_error *err)
{
    const char *pv = aws_ini_get(ps, key), *sv = aws_ini_get(ss, key);

    if (pv && sv && strcmp(pv, sv))
        return ts_error_set(err, "The value for %s is inconsistent between profile (%.200s) "
                            "and sso-session (%.200s).", key, pv, sv);
    *out = sv ? sv : pv;
    return 0;
}

static void add_missing(char *buf, size_t n, const char *key, const char *v)
{
    size_t used = strlen(buf);

    if (!v || !*v)
        snprintf(buf + used, n - used, "%s%s", used ? ", " : "", key);
}

/* The portal: AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL, else AWS's. */
static int portal(const char *region, char **out, struct ts_error *err)
{
    const char *url = aws_endpoint_url(&aws_sso, NULL);
    char buf[200];
    size_t n;

    if (url) {
        if (aws_endpoint_check("the IAM Identity Center portal (AWS_ENDPOINT_URL_SSO)", url,
                               err) < 0)
            return -1;
        *out = ts_xstrdup(url);
    } else {
        if (strspn(region, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(region))
            return ts_error_set(err, "sso_region '%.100s' is not a region name", region);
        snprintf(buf, sizeof(buf), "https://portal.sso.%s.amazonaws.com%s", region,
                 strncmp(region, "cn-", 3) ? "" : ".cn");
        *out = ts_xstrdup(buf);
    }
    n = strlen(*out);
    while (n && (*out)[n - 1] == '/')
        (*out)[--n] = '\0';
    return 0;
}

int aws_sso_config_read(const char *profile, const struct aws_ini *conf,
                        const struct aws_ini_section *ps, const char *conf_path,
                        struct aws_sso_config *c, struct ts_error *err)
{
    const char *session = aws_ini_get(ps, "sso_session");
    const struct aws_ini_section *ss = NULL;
    const char *url = NULL, *region = NULL, *account, *role;
    char missing[200] = "";

    memset(c, 0, sizeof(*c));
    if (session && !(ss = find_session(conf, session)))
        return ts_error_set(err, "The specified sso-session does not exist: \"%.200s\" (profile "
                            "'%s' in %s names it; add a [sso-session %.200s] section)", session,
                            profile, conf_path, session);
    if (merged("sso_start_url", ps, ss, &url, err) < 0
        || merged("sso_region", ps, ss, &region, err) < 0)
        return -1;
    account = aws_ini_get(ps, "sso_account_id");
    role = aws_ini_get(ps, "sso_role_name");
    add_missing(missing, sizeof(missing), "sso_role_name", role);
    add_missing(missing, sizeof(missing), "sso_account_id", account);
    add_missing(missing, sizeof(missing), "sso_start_url", url);
    add_missing(missing, sizeof(missing), "sso_region", region);
    if (missing[0])
        return ts_error_set(err, "The profile \"%s\" is configured to use SSO but is missing "
                            "required configuration: %s (in %s%s)", profile, missing,
                            conf_path, session ? " or its sso-session" : "");
    if (portal(region, &c->portal, err) < 0)
        return -1;
    c->session = session ? ts_xstrdup(session) : NULL;
    c->start_url = ts_xstrdup(url);
    c->region = ts_xstrdup(region);
    c->account = ts_xstrdup(account);
    c->role = ts_xstrdup(role);
    return 0;
}

void aws_sso_config_release(struct aws_sso_config *c)
{
    free(c->session);
    free(c->start_url);
    free(c->region);
    free(c->account);
    free(c->role);
    free(c->portal);
    memset(c, 0, sizeof(*c));
}
