/* Finding AWS credentials and the region as the AWS CLI v2 does (see
 * credentials.h); botocore's credential chain is the reference for the
 * order, including which settings turn a profile into an unsupported
 * source. */
#include "aws/credentials.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>

#include "aws/cred_sources.h"
#include "aws/ini.h"

#define EXPORT_HINT "aws configure export-credentials --profile %s --format env"

const char *aws_credentials_unsupported_help(void)
{
    return AWS_CREDENTIALS_UNSUPPORTED_HELP;
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

/* Everything resolution looks at. */
struct cred_ctx {
    const char *profile;
    int explicit_profile, from_option;
    char *cred_path, *conf_path;
    struct aws_ini cred_file, conf_file;
    const struct aws_ini_section *cs; /* profile in the credentials file */
    const struct aws_ini_section *ps; /* profile in the config file */
};

/* Config sections name profiles "[profile NAME]" (shlex-split, so quotes
 * allowed) or "[default]"; the last match wins, as in botocore. */
static int is_config_profile(const char *section, const char *profile)
{
    const char *p = section;
    size_t n;

    if (!strcmp(section, "default"))
        return !strcmp(profile, "default");
    if (strncmp(p, "profile", 7) || (p[7] != ' ' && p[7] != '\t'))
        return 0;
    for (p += 7; *p == ' ' || *p == '\t'; p++)
        ;
    n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n >= 2 && (p[0] == '"' || p[0] == '\'') && p[n - 1] == p[0]) {
        p++;
        n -= 2;
    } else if (strcspn(p, " \t") < n) {
        return 0; /* "profile a b": three words, no profile */
    }
    return n == strlen(profile) && !strncmp(p, profile, n);
}

static const struct aws_ini_section *config_profile(const struct aws_ini *ini, const char *name)
{
    const struct aws_ini_section *found = NULL;

    for (size_t i = 0; i < ini->count; i++)
        if (is_config_profile(ini->sections[i].name, name))
            found = &ini->sections[i];
    return found;
}

/* A profile setting: the credentials file's value wins over the config
 * file's (botocore merges them that way); *where names the file. */
static const char *setting(const struct cred_ctx *c, const char *key, const char **where)
{
    const char *v = aws_ini_get(c->cs, key);

    if (v) {
        if (where)
            *where = c->cred_path;
        return v;
    }
    v = aws_ini_get(c->ps, key);
    if (v && where)
        *where = c->conf_path;
    return v;
}

static int unsupported(const struct cred_ctx *c, const char *what, const char *where,
                       struct ts_error *err)
{
    return ts_error_set(err,
                        "profile '%s' gets its credentials from %s (in %s), which trailscan "
                        "does not support yet; export temporary keys with '" EXPORT_HINT
                        "' and run trailscan with them in the environment%s",
                        c->profile, what, where, c->profile,
                        c->from_option ? " and without --profile" : "");
}

static char *dup_or_null(const char *s)
{
    return s && *s ? ts_xstrdup(s) : NULL;
}

/* Keys from one file's section; 1 if it has none, -1 on a half pair. */
static int keys_from(const struct cred_ctx *c, const struct aws_ini_section *s,
                     const char *path, struct aws_credentials *cred, struct ts_error *err)
{
    const char *id = aws_ini_get(s, "aws_access_key_id");
    const char *secret = aws_ini_get(s, "aws_secret_access_key");
    const char *token = aws_ini_get(s, "aws_session_token");

    if ((!id || !*id) && (!secret || !*secret))
        return 1;
    if (!id || !*id || !secret || !*secret)
        return ts_error_set(err, "profile '%s' in %s has %s but no %s", c->profile, path,
                            id && *id ? "aws_access_key_id" : "aws_secret_access_key",
                            id && *id ? "aws_secret_access_key" : "aws_access_key_id");
    if (!token || !*token)
        token = aws_ini_get(s, "aws_security_token"); /* the older name */
    cred->access_key_id = ts_xstrdup(id);
    cred->secret_access_key = ts_xstrdup(secret);
    cred->session_token = dup_or_null(token);
    return 0;
}

static int from_environment(struct aws_credentials *cred, struct ts_error *err)
{
    const char *id = env("AWS_ACCESS_KEY_ID"), *secret = env("AWS_SECRET_ACCESS_KEY");
    const char *token = env("AWS_SESSION_TOKEN");

    if (!id && !secret)
        return 1;
    if (!id || !secret)
        return ts_error_set(err, "%s is set but %s is not: set both (or neither, to use a "
                            "profile)", id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                            id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
    cred->access_key_id = ts_xstrdup(id);
    cred->secret_access_key = ts_xstrdup(secret);
    cred->session_token = dup_or_null(token ? token : env("AWS_SECURITY_TOKEN"));
    return 0;
}

static const char *path_or_none(const char *p)
{
    return p ? p : "(no home directory)";
}

/* A provider of the static keys just read, described by desc. */
static struct aws_cred_provider *keys_provider(struct aws_credentials *cred, const char *desc)
{
    struct aws_cred_provider *p = aws_cred_provider_static(cred, desc);

    aws_credentials_release(cred);
    return p;
}

/* The profile's credentials, in botocore's provider order: assume role,
 * web identity, SSO, credentials file, login, process, config file.
 * NULL with err on an error, NULL with err->msg empty when the profile
 * names no credentials. */
static struct aws_cred_provider *from_profile(const struct cred_ctx *c, struct ts_error *err)
{
    struct aws_credentials cred = {0};
    const char *where = NULL, *v;
    char desc[1200];
    int rc;

    err->msg[0] = '\0';
    if (setting(c, "role_arn", &where)) {
        unsupported(c, setting(c, "web_identity_token_file", NULL)
                           ? "web_identity_token_file (web identity)"
                           : "role_arn (assume role)", where, err);
        return NULL;
    }
    if (setting(c, "web_identity_token_file", &where)) {
        unsupported(c, "web_identity_token_file (web identity)", where, err);
        return NULL;
    }
    if (!c->from_option && env("AWS_WEB_IDENTITY_TOKEN_FILE")) {
        ts_error_set(err, "AWS_WEB_IDENTITY_TOKEN_FILE is set: web identity "
                     "credentials are not supported yet; export temporary keys as "
                     "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN");
        return NULL;
    }
    if (aws_ini_get(c->ps, "sso_account_id") || aws_ini_get(c->ps, "sso_role_name")
        || aws_ini_get(c->ps, "sso_session") || aws_ini_get(c->ps, "sso_start_url"))
        return aws_cred_sso_new(c->profile, &c->conf_file, c->ps, c->conf_path, err);
    if ((rc = keys_from(c, c->cs, c->cred_path, &cred, err)) <= 0) {
        snprintf(desc, sizeof(desc), "profile '%s' in %s", c->profile, c->cred_path);
        return rc ? NULL : keys_provider(&cred, desc);
    }
    if (setting(c, "login_session", &where)) {
        unsupported(c, "login_session", where, err);
        return NULL;
    }
    if ((v = setting(c, "credential_process", &where)))
        return aws_cred_process_new(c->profile, v, where, err);
    if ((rc = keys_from(c, c->ps, c->conf_path, &cred, err)) <= 0) {
        snprintf(desc, sizeof(desc), "profile '%s' in %s", c->profile, c->conf_path);
        return rc ? NULL : keys_provider(&cred, desc);
    }
    return NULL;
}

/* Container, then instance metadata credentials: the chain's last links. */
static struct aws_cred_provider *from_metadata(const struct cred_ctx *c, struct ts_error *err)
{
    struct aws_imds_settings s = {setting(c, "ec2_metadata_service_endpoint", NULL),
                                  setting(c, "ec2_metadata_service_endpoint_mode", NULL),
                                  setting(c, "metadata_service_timeout", NULL),
                                  setting(c, "metadata_service_num_attempts", NULL)};

    if (aws_cred_container_configured())
        return aws_cred_container_new(err);
    if (aws_cred_imds_disabled())
        return NULL;
    return aws_cred_imds_new(&s, err);
}

static int nothing_found(const struct cred_ctx *c, struct ts_error *err)
{
    return ts_error_set(err,
                        "no AWS credentials found: not in --profile, AWS_ACCESS_KEY_ID/"
                        "AWS_SECRET_ACCESS_KEY, or profile '%s' in %s or %s (instance "
                        "metadata credentials are not supported yet; '" EXPORT_HINT
                        "' exports keys from any profile the AWS CLI can use)",
                        c->profile, path_or_none(c->cred_path), path_or_none(c->conf_path),
                        c->profile);
}

static int load_files(struct cred_ctx *c, const struct aws_profile_options *opt,
                      struct ts_error *err)
{
    c->from_option = opt && opt->profile && *opt->profile;
    c->profile = c->from_option ? opt->profile : env("AWS_PROFILE");
    c->explicit_profile = c->profile != NULL;
    if (!c->profile)
        c->profile = "default";
    c->cred_path = file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    c->conf_path = file_path("AWS_CONFIG_FILE", "config");
    if (aws_ini_load(&c->cred_file, c->cred_path, err)
        || aws_ini_load(&c->conf_file, c->conf_path, err))
        return -1;
    c->cs = aws_ini_section(&c->cred_file, c->profile);
    c->ps = config_profile(&c->conf_file, c->profile);
    if (c->explicit_profile && !c->cs && !c->ps)
        return ts_error_set(err, "profile '%s' not found in %s or %s", c->profile,
                            path_or_none(c->cred_path), path_or_none(c->conf_path));
    return 0;
}

static char *pick_region(const struct cred_ctx *c, const struct aws_profile_options *opt)
{
    const char *r = opt && opt->region && *opt->region ? opt->region : NULL;

    if (!r)
        r = env("AWS_REGION");
    if (!r)
        r = env("AWS_DEFAULT_REGION");
    if (!r)
        r = setting(c, "region", NULL);
    return dup_or_null(r);
}

/* The first source that has credentials, as a provider; NULL with err. */
static struct aws_cred_provider *first_source(struct cred_ctx *c, struct ts_error *err)
{
    struct aws_credentials cred = {0};
    struct aws_cred_provider *p;
    int found = c->from_option ? 1 : from_environment(&cred, err);

    if (found == 0)
        return keys_provider(&cred, "environment");
    if (found < 0)
        return NULL;
    if ((p = from_profile(c, err)) || err->msg[0])
        return p;
    if ((p = from_metadata(c, err)) || err->msg[0])
        return p;
    nothing_found(c, err);
    return NULL;
}

struct aws_cred_provider *aws_credentials_resolve(const struct aws_profile_options *opt,
                                                  char **region, struct ts_error *err)
{
    struct aws_cred_provider *p = NULL;
    struct aws_credentials first;
    struct cred_ctx c;

    memset(&c, 0, sizeof(c));
    *region = NULL;
    err->msg[0] = '\0';
    aws_ini_init(&c.cred_file);
    aws_ini_init(&c.conf_file);
    if (load_files(&c, opt, err) == 0 && (p = first_source(&c, err))) {
        /* Fetched now, so that a wrong setting is said before any call. */
        if (aws_cred_provider_get(p, &first, err) < 0) {
            aws_cred_provider_free(p);
            p = NULL;
        }
        aws_credentials_release(&first);
    }
    if (p)
        *region = pick_region(&c, opt);
    aws_ini_release(&c.cred_file);
    aws_ini_release(&c.conf_file);
    free(c.cred_path);
    free(c.conf_path);
    return p;
}
