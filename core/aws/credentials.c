/* Finding AWS credentials and the region as the AWS CLI v2 does (see
 * credentials.h); botocore's credential chain (credentials.py:
 * create_credential_resolver, AssumeRoleProvider,
 * AssumeRoleWithWebIdentityProvider) is the reference for the order and
 * for which settings win. */
#include "aws/credentials.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>

#include "aws/aws_client.h"
#include "aws/cred_chain.h"
#include "aws/cred_role.h"
#include "aws/cred_web_identity.h"
#include "aws/endpoint.h"

#define EXPORT_HINT "aws configure export-credentials --profile %s --format env"

const char *aws_credentials_help(void)
{
    return AWS_CREDENTIALS_HELP;
}

/* An environment variable, or NULL when unset or empty (as botocore). */
static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* The home directory: HOME, else the password database, else NULL. */
static const char *home_dir(void)
{
    const char *h = env("HOME");
    struct passwd *pw;

    if (h)
        return h;
    pw = getpwuid(getuid());
    return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : NULL;
}

/* The file named by env var `var` ("~/" expanded), else ~/.aws/<leaf>;
 * NULL when there is neither.  Caller frees. */
static char *file_path(const char *var, const char *leaf)
{
    const char *v = env(var), *home = home_dir();
    size_t n;
    char *p;

    if (v && !(v[0] == '~' && (v[1] == '/' || !v[1])))
        return ts_xstrdup(v);
    if (!home)
        return NULL;
    n = strlen(home) + (v ? strlen(v) : strlen(leaf) + 7) + 1;
    p = ts_xmalloc(n);
    if (v)
        snprintf(p, n, "%s%s", home, v + 1);
    else
        snprintf(p, n, "%s/.aws/%s", home, leaf);
    return p;
}

/* Config sections name profiles "[profile NAME]" or "[default]"; the last
 * match wins, as in botocore. */
static const struct aws_ini_section *config_profile(const struct aws_ini *ini, const char *name)
{
    const struct aws_ini_section *found = aws_ini_typed_section(ini, "profile", name);

    if (!strcmp(name, "default")) {
        /* "[default]" and "[profile default]": the later one wins. */
        const struct aws_ini_section *plain = aws_ini_section(ini, "default");
        if (plain && (!found || plain > found))
            found = plain;
    }
    return found;
}

/* The profile name in either file; 0 when neither has it. */
int aws_cred_find_profile(const struct aws_cred_ctx *c, const char *name,
                          struct aws_cred_prof *out)
{
    out->name = name;
    out->cs = aws_ini_section(&c->cred_file, name);
    out->ps = config_profile(&c->conf_file, name);
    return out->cs || out->ps;
}

/* A profile setting: the credentials file's value wins over the config
 * file's (botocore merges them that way); *where names the file. */
const char *aws_cred_setting(const struct aws_cred_ctx *c, const struct aws_cred_prof *p,
                             const char *key, const char **where)
{
    const char *v = aws_ini_get(p->cs, key);

    if (v) {
        if (where)
            *where = c->cred_path;
        return v;
    }
    v = aws_ini_get(p->ps, key);
    if (v && where)
        *where = c->conf_path;
    return v;
}

static int unsupported(const struct aws_cred_ctx *c, const struct aws_cred_prof *p,
                       const char *what, const char *where, struct ts_error *err)
{
    return ts_error_set(err,
                        "profile '%s' gets its credentials from %s (in %s), which trailscan "
                        "does not support; export temporary keys with '" EXPORT_HINT
                        "' and run trailscan with them in the environment%s",
                        p->name, what, where, p->name,
                        c->from_option ? " and without --profile" : "");
}

static char *dup_or_null(const char *s)
{
    return s && *s ? ts_xstrdup(s) : NULL;
}

/* Keys from one file's section; 1 if it has none, -1 on a half pair,
 * said first in botocore's words (method: its provider's name,
 * "shared-credentials-file" or "config-file"), which users search for. */
static int keys_from(const struct aws_cred_prof *p, const struct aws_ini_section *s,
                     const char *path, const char *method, struct aws_credentials *cred,
                     struct ts_error *err)
{
    const char *id = aws_ini_get(s, "aws_access_key_id");
    const char *secret = aws_ini_get(s, "aws_secret_access_key");
    const char *token = aws_ini_get(s, "aws_session_token");

    if ((!id || !*id) && (!secret || !*secret))
        return 1;
    if (!id || !*id || !secret || !*secret)
        return ts_error_set(err, "Partial credentials found in %s, missing: %s: profile '%s' "
                            "in %s has %s but no %s", method,
                            id && *id ? "aws_secret_access_key" : "aws_access_key_id",
                            p->name, path,
                            id && *id ? "aws_access_key_id" : "aws_secret_access_key",
                            id && *id ? "aws_secret_access_key" : "aws_access_key_id");
    if (!token || !*token)
        token = aws_ini_get(s, "aws_security_token"); /* the older name */
    cred->access_key_id = ts_xstrdup(id);
    cred->secret_access_key = ts_xstrdup(secret);
    cred->session_token = dup_or_null(token);
    return 0;
}

int aws_cred_from_environment(struct aws_credentials *cred, struct ts_error *err)
{
    const char *id = env("AWS_ACCESS_KEY_ID"), *secret = env("AWS_SECRET_ACCESS_KEY");
    const char *token = env("AWS_SESSION_TOKEN");

    if (!id && !secret)
        return 1;
    if (!id || !secret)
        return ts_error_set(err, "Partial credentials found in env, missing: %s: %s is set "
                            "but %s is not: set both (or neither, to use a profile)",
                            id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID",
                            id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                            id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
    cred->access_key_id = ts_xstrdup(id);
    cred->secret_access_key = ts_xstrdup(secret);
    cred->session_token = dup_or_null(token ? token : env("AWS_SECURITY_TOKEN"));
    return 0;
}

const char *aws_cred_path(const char *p)
{
    return p ? p : "(no home directory)";
}

/* A provider of the static keys just read, described by desc. */
struct aws_cred_provider *aws_cred_keys_provider(struct aws_credentials *cred, const char *desc)
{
    struct aws_cred_provider *p = aws_cred_provider_static(cred, desc);

    aws_credentials_release(cred);
    return p;
}

/* ---- web identity ---- */

/* One web identity setting: the environment's (unless the profile came
 * from --profile, which turns the environment off) wins over the
 * profile's, key by key, as in botocore. */
static const char *web_setting(const struct aws_cred_ctx *c, const struct aws_cred_prof *p,
                               int use_env, const char *key, const char *var, int *from_env)
{
    const char *v = use_env ? env(var) : NULL;

    if (from_env)
        *from_env = v != NULL;
    return v ? v : aws_cred_setting(c, p, key, NULL);
}

/* AssumeRoleWithWebIdentity with a token file; NULL with err->msg empty
 * when no token file is configured. */
static struct aws_cred_provider *from_web_identity(const struct aws_cred_ctx *c,
                                                   const struct aws_cred_prof *p, int use_env,
                                                   struct ts_error *err)
{
    struct aws_web_identity_opts w;
    char origin[700];
    int file_env;
    const char *where = NULL;

    memset(&w, 0, sizeof(w));
    w.token_file = web_setting(c, p, use_env, "web_identity_token_file",
                               "AWS_WEB_IDENTITY_TOKEN_FILE", &file_env);
    if (!w.token_file || !*w.token_file)
        return NULL;
    aws_cred_setting(c, p, "web_identity_token_file", &where);
    w.role_arn = web_setting(c, p, use_env, "role_arn", "AWS_ROLE_ARN", NULL);
    if (!w.role_arn || !*w.role_arn) {
        ts_error_set(err, "The provided profile or the current environment is configured to "
                     "assume role with web identity but has no role ARN configured: set "
                     "AWS_ROLE_ARN or the role_arn of profile '%s'", p->name);
        return NULL;
    }
    w.session_name = web_setting(c, p, use_env, "role_session_name", "AWS_ROLE_SESSION_NAME",
                                 NULL);
    if (file_env)
        snprintf(origin, sizeof(origin), "AWS_WEB_IDENTITY_TOKEN_FILE");
    else
        snprintf(origin, sizeof(origin), "profile '%.200s' in %.400s", p->name, where);
    w.origin = origin;
    w.region = c->region;
    w.endpoint_url = c->chain.endpoint_url;
    w.max_attempts = c->chain.max_attempts;
    w.timeout_ms = c->chain.timeout_ms;
    return aws_cred_web_identity_new(&w);
}

/* ---- the providers of one profile, without its role ---- */

/* botocore's profile providers for p, in order: web identity, SSO, keys
 * in the credentials file, login, credential_process, keys in the config
 * file.  use_env: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_* count (not
 * with --profile, nor for a source profile).  NULL with err on an error,
 * NULL with err->msg empty when the profile names no credentials. */
struct aws_cred_provider *aws_cred_profile_sources(const struct aws_cred_ctx *c,
                                                   const struct aws_cred_prof *p, int use_env,
                                                   struct ts_error *err)
{
    struct aws_credentials cred = {0};
    struct aws_cred_provider *w;
    const char *where = NULL, *v;
    char desc[1200];
    int rc;

    err->msg[0] = '\0';
    if ((w = from_web_identity(c, p, use_env, err)) || err->msg[0])
        return w;
    if (aws_ini_get(p->ps, "sso_account_id") || aws_ini_get(p->ps, "sso_role_name")
        || aws_ini_get(p->ps, "sso_session") || aws_ini_get(p->ps, "sso_start_url"))
        return aws_cred_sso_new(p->name, &c->conf_file, p->ps, c->conf_path, err);
    if ((rc = keys_from(p, p->cs, c->cred_path, "shared-credentials-file", &cred, err)) <= 0) {
        snprintf(desc, sizeof(desc), "profile '%s' in %s", p->name, c->cred_path);
        return rc ? NULL : aws_cred_keys_provider(&cred, desc);
    }
    if (aws_cred_setting(c, p, "login_session", &where)) {
        unsupported(c, p, "login_session", where, err);
        return NULL;
    }
    if ((v = aws_cred_setting(c, p, "credential_process", &where)))
        return aws_cred_process_new(p->name, v, where, err);
    if ((rc = keys_from(p, p->ps, c->conf_path, "config-file", &cred, err)) <= 0) {
        snprintf(desc, sizeof(desc), "profile '%s' in %s", p->name, c->conf_path);
        return rc ? NULL : aws_cred_keys_provider(&cred, desc);
    }
    return NULL;
}

/* ---- the chain ---- */

/* The chosen profile: its role, else its other sources. */
static struct aws_cred_provider *from_profile(struct aws_cred_ctx *c, struct ts_error *err)
{
    err->msg[0] = '\0';
    if (aws_cred_has_role(c, &c->top))
        return aws_cred_assume_profile(c, &c->top, err);
    return aws_cred_profile_sources(c, &c->top, !c->from_option, err);
}

void aws_cred_imds_settings(const struct aws_cred_ctx *c, const struct aws_cred_prof *p,
                            struct aws_imds_settings *s)
{
    s->endpoint = aws_cred_setting(c, p, "ec2_metadata_service_endpoint", NULL);
    s->endpoint_mode = aws_cred_setting(c, p, "ec2_metadata_service_endpoint_mode", NULL);
    s->timeout = aws_cred_setting(c, p, "metadata_service_timeout", NULL);
    s->attempts = aws_cred_setting(c, p, "metadata_service_num_attempts", NULL);
}

/* Container, then instance metadata credentials: the chain's last links. */
static struct aws_cred_provider *from_metadata(const struct aws_cred_ctx *c, struct ts_error *err)
{
    struct aws_imds_settings s;

    aws_cred_imds_settings(c, &c->top, &s);

    if (aws_cred_container_configured())
        return aws_cred_container_new(err);
    if (aws_cred_imds_disabled())
        return NULL;
    return aws_cred_imds_new(&s, err);
}

static int nothing_found(const struct aws_cred_ctx *c, struct ts_error *err)
{
    return ts_error_set(err,
                        "Unable to locate credentials: none in AWS_ACCESS_KEY_ID/"
                        "AWS_SECRET_ACCESS_KEY, web identity, profile '%s' in %s or %s, "
                        "container or instance metadata; give --profile NAME, set "
                        "AWS_PROFILE, or configure one with 'aws configure'%s",
                        c->top.name, aws_cred_path(c->cred_path), aws_cred_path(c->conf_path),
                        aws_cred_imds_disabled() ? " (AWS_EC2_METADATA_DISABLED is true)" : "");
}

static int load_files(struct aws_cred_ctx *c, const struct aws_profile_options *opt,
                      struct ts_error *err)
{
    const char *name;

    c->opt = opt;
    c->from_option = opt && opt->profile && *opt->profile;
    name = c->from_option ? opt->profile : env("AWS_PROFILE");
    c->explicit_profile = name != NULL;
    if (!name)
        name = "default";
    c->cred_path = file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    c->conf_path = file_path("AWS_CONFIG_FILE", "config");
    if (aws_ini_load(&c->cred_file, c->cred_path, err)
        || aws_ini_load(&c->conf_file, c->conf_path, err))
        return -1;
    if (!aws_cred_find_profile(c, name, &c->top) && c->explicit_profile)
        return ts_error_set(err, "The config profile (%s) could not be found: profile '%s' "
                            "not found in %s or %s", name, name,
                            aws_cred_path(c->cred_path), aws_cred_path(c->conf_path));
    c->visited[c->nvisited++] = c->top.name;
    return 0;
}

/* The region: opt's, AWS_REGION, AWS_DEFAULT_REGION, the profile's.  It
 * also names STS's regional endpoint, so it must be a region name. */
static int pick_region(struct aws_cred_ctx *c, struct ts_error *err)
{
    const char *r = c->opt && c->opt->region && *c->opt->region ? c->opt->region : NULL;

    if (!r)
        r = env("AWS_REGION");
    if (!r)
        r = env("AWS_DEFAULT_REGION");
    if (!r)
        r = aws_cred_setting(c, &c->top, "region", NULL);
    c->region = dup_or_null(r);
    if (c->region && !aws_region_ok(c->region))
        return ts_error_set(err, "the region '%.64s' from the environment or profile is not "
                            "a region name", c->region);
    return 0;
}

/* The profile's endpoint_url, services and ignore_configured_endpoint_urls
 * for every call (aws/endpoint.h). */
static int configure_endpoints(const struct aws_cred_ctx *c, struct ts_error *err)
{
    struct aws_endpoint_config e;
    const char *where = c->conf_path;

    memset(&e, 0, sizeof(e));
    e.profile = c->top.name;
    e.endpoint_url = aws_cred_setting(c, &c->top, "endpoint_url", &where);
    e.where = aws_cred_path(where);
    e.services = aws_ini_get(c->top.ps, "services");
    e.ignore = aws_cred_setting(c, &c->top, "ignore_configured_endpoint_urls", NULL);
    e.conf = &c->conf_file;
    e.conf_path = aws_cred_path(c->conf_path);
    e.sts_regional = aws_cred_setting(c, &c->top, "sts_regional_endpoints", NULL);
    e.use_fips = aws_cred_setting(c, &c->top, "use_fips_endpoint", NULL);
    return aws_endpoint_configure(&e, err);
}

/* The first source that has credentials, as a provider; NULL with err. */
static struct aws_cred_provider *first_source(struct aws_cred_ctx *c, struct ts_error *err)
{
    struct aws_credentials cred = {0};
    struct aws_cred_provider *p;
    int found = c->from_option ? 1 : aws_cred_from_environment(&cred, err);

    if (found == 0)
        return aws_cred_keys_provider(&cred, "environment");
    if (found < 0)
        return NULL;
    if ((p = from_profile(c, err)) || err->msg[0])
        return p;
    if ((p = from_metadata(c, err)) || err->msg[0])
        return p;
    nothing_found(c, err);
    return NULL;
}

/* --role-arn: that role, assumed with the credentials found. */
static struct aws_cred_provider *with_role_option(const struct aws_cred_ctx *c,
                                                  struct aws_cred_provider *base)
{
    struct aws_cred_role_opts o;

    memset(&o, 0, sizeof(o));
    o.source = base;
    o.own_source = 1;
    o.role.role_arn = c->chain.role_arn;
    o.role.external_id = c->chain.external_id;
    o.role.session_name = c->chain.role_session_name;
    o.region = c->region;
    o.endpoint_url = c->chain.endpoint_url;
    o.max_attempts = c->chain.max_attempts;
    o.timeout_ms = c->chain.timeout_ms;
    return aws_cred_role_new(&o);
}

/* The chain's provider, fetched once so that a wrong setting is said
 * before any call.  NULL with err. */
static struct aws_cred_provider *resolve(struct aws_cred_ctx *c, struct ts_error *err)
{
    struct aws_cred_provider *p;
    struct aws_credentials first;

    if (load_files(c, c->opt, err) < 0 || pick_region(c, err) < 0
        || configure_endpoints(c, err) < 0 || !(p = first_source(c, err)))
        return NULL;
    if (c->chain.role_arn && *c->chain.role_arn)
        p = with_role_option(c, p);
    if (aws_cred_provider_get(p, &first, err) < 0) {
        c->chain.fetch_failed = 1;
        aws_cred_provider_free(p);
        p = NULL;
    }
    aws_credentials_release(&first);
    return p;
}

struct aws_cred_provider *aws_credentials_resolve(const struct aws_profile_options *opt,
                                                  char **region, struct ts_error *err)
{
    return aws_credentials_resolve_chain(opt, NULL, region, err);
}

struct aws_cred_provider *aws_credentials_resolve_chain(const struct aws_profile_options *opt,
                                                        struct aws_chain_options *chain,
                                                        char **region, struct ts_error *err)
{
    struct aws_cred_provider *p;
    struct aws_cred_ctx c;

    memset(&c, 0, sizeof(c));
    *region = NULL;
    err->msg[0] = '\0';
    aws_ini_init(&c.cred_file);
    aws_ini_init(&c.conf_file);
    c.opt = opt;
    if (chain)
        c.chain = *chain;
    if (!c.chain.max_attempts)
        c.chain.max_attempts = 3;
    if (!c.chain.timeout_ms)
        c.chain.timeout_ms = 30000;
    p = resolve(&c, err);
    if (chain)
        chain->fetch_failed = c.chain.fetch_failed;
    if (p) {
        *region = c.region;
        c.region = NULL;
    }
    free(c.region);
    aws_ini_release(&c.cred_file);
    aws_ini_release(&c.conf_file);
    free(c.cred_path);
    free(c.conf_path);
    return p;
}
