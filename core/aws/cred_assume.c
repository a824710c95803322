/* Assume-role profiles (see cred_chain.h): role_arn with source_profile
 * or credential_source, checked and built as botocore's
 * AssumeRoleProvider does, with its words for each mistake. */
#include "aws/cred_chain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "aws/cred_mfa.h"
#include "aws/cred_role.h"

/* role_arn without web_identity_token_file: botocore's AssumeRoleProvider
 * takes the profile (its own keys, if any, are then ignored). */
int aws_cred_has_role(const struct aws_cred_ctx *c, const struct aws_cred_prof *p)
{
    return aws_cred_setting(c, p, "role_arn", NULL) &&
           !aws_cred_setting(c, p, "web_identity_token_file", NULL);
}

static int has_keys(const struct aws_cred_ctx *c, const struct aws_cred_prof *p)
{
    return aws_cred_setting(c, p, "aws_access_key_id", NULL) ||
           aws_cred_setting(c, p, "aws_secret_access_key", NULL);
}

/* "a -> b -> c", the chain followed so far, into buf. */
static void visited_text(const struct aws_cred_ctx *c, char *buf, size_t n)
{
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < c->nvisited && len + 1 < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? " -> " : "", c->visited[i]);
}

/* botocore's checks before following source_profile from parent: the
 * profile exists; it was not visited (a profile may name itself only to
 * use its own keys). */
static int check_source_profile(struct aws_cred_ctx *c, const struct aws_cred_prof *parent,
                                const char *name, const char *where, struct aws_cred_prof *out,
                                struct ts_error *err)
{
    char chain[600];

    if (!aws_cred_find_profile(c, name, out))
        return ts_error_set(err, "The source_profile \"%s\" referenced in the profile \"%s\" "
                            "does not exist: add it to %s or %s, or fix source_profile in %s",
                            name, parent->name, aws_cred_path(c->cred_path),
                            aws_cred_path(c->conf_path), where);
    for (size_t i = 0; i < c->nvisited; i++) {
        if (strcmp(c->visited[i], name))
            continue;
        if (!strcmp(name, parent->name) && has_keys(c, out))
            return 0;
        visited_text(c, chain, sizeof(chain));
        return ts_error_set(err, "Infinite loop in credential configuration detected. "
                            "Attempting to load from profile %s which has already been "
                            "visited. Visited profiles: %s -> %s; fix source_profile in %s",
                            name, chain, name, where);
    }
    if (c->nvisited == AWS_CRED_MAX_CHAIN)
        return ts_error_set(err, "profile '%s': more than %d profiles chained through "
                            "source_profile", c->top.name, AWS_CRED_MAX_CHAIN);
    return 0;
}

/* The credentials source_profile name gives: its own providers when it
 * has keys or no role, else its role (the chain goes on). */
static struct aws_cred_provider *from_source_profile(struct aws_cred_ctx *c,
                                                     const struct aws_cred_prof *parent,
                                                     const char *name, const char *where,
                                                     struct ts_error *err)
{
    struct aws_cred_provider *p;
    struct aws_cred_prof sp;
    int self;

    if (check_source_profile(c, parent, name, where, &sp, err) < 0)
        return NULL;
    self = !strcmp(name, parent->name);
    if (!self)
        c->visited[c->nvisited++] = name;
    if (self || has_keys(c, &sp) || !aws_cred_has_role(c, &sp)) {
        if (!(p = aws_cred_profile_sources(c, &sp, 0, err)) && !err->msg[0])
            ts_error_set(err, "The source profile \"%s\" must have credentials: give it keys, "
                         "a role or another source (referenced in the profile \"%s\")", name,
                         parent->name);
        return p;
    }
    return aws_cred_assume_profile(c, &sp, err);
}

/* credential_source: Environment, Ec2InstanceMetadata or EcsContainer. */
static struct aws_cred_provider *from_named_source(const struct aws_cred_ctx *c,
                                                   const struct aws_cred_prof *p,
                                                   const char *name, struct ts_error *err)
{
    struct aws_imds_settings s;
    struct aws_cred_provider *found = NULL;
    struct aws_credentials cred = {0};
    int rc;

    err->msg[0] = '\0';
    aws_cred_imds_settings(c, p, &s);
    if (!strcmp(name, "Environment")) {
        if ((rc = aws_cred_from_environment(&cred, err)) < 0)
            return NULL;
        if (rc == 0)
            found = aws_cred_keys_provider(&cred, "environment");
    } else if (!strcmp(name, "EcsContainer")) {
        if (aws_cred_container_configured())
            found = aws_cred_container_new(err);
    } else if (!strcmp(name, "Ec2InstanceMetadata")) {
        if (!aws_cred_imds_disabled())
            found = aws_cred_imds_new(&s, err);
    } else {
        ts_error_set(err, "The credential source \"%s\" referenced in profile \"%s\" is not "
                     "valid: use Environment, Ec2InstanceMetadata or EcsContainer", name,
                     p->name);
        return NULL;
    }
    if (!found && !err->msg[0])
        ts_error_set(err, "No credentials found in credential_source referenced in profile "
                     "%s (credential_source = %s)", p->name, name);
    return found;
}

/* duration_seconds: what STS accepts (15 minutes to 12 hours). */
static int role_duration(const struct aws_cred_prof *p, const char *v, unsigned *out,
                         struct ts_error *err)
{
    char *end;
    long n;

    *out = 0;
    if (!v)
        return 0;
    n = strtol(v, &end, 10);
    if (!*v || *end || n < 900 || n > 43200)
        return ts_error_set(err, "profile '%s': duration_seconds '%.40s' is not a number of "
                            "seconds from 900 to 43200", p->name, v);
    *out = (unsigned)n;
    return 0;
}

/* The source of p's role: credential_source or source_profile. */
static struct aws_cred_provider *role_source(struct aws_cred_ctx *c,
                                             const struct aws_cred_prof *p, struct ts_error *err)
{
    const char *where = NULL, *sp = aws_cred_setting(c, p, "source_profile", &where);
    const char *named = aws_cred_setting(c, p, "credential_source", NULL);

    if (sp && named) {
        ts_error_set(err, "The profile \"%s\" contains both source_profile and "
                     "credential_source: keep one (in %s)", p->name, where);
        return NULL;
    }
    if (!sp && !named) {
        aws_cred_setting(c, p, "role_arn", &where);
        ts_error_set(err, "Partial credentials found in assume-role, missing: source_profile "
                     "or credential_source (profile '%s' in %s has role_arn)", p->name, where);
        return NULL;
    }
    return named ? from_named_source(c, p, named, err)
                 : from_source_profile(c, p, sp, where, err);
}

/* The role of profile p (role_arn and its settings) on top of its source. */
struct aws_cred_provider *aws_cred_assume_profile(struct aws_cred_ctx *c,
                                                  const struct aws_cred_prof *p,
                                                  struct ts_error *err)
{
    struct aws_cred_role_opts o;
    struct aws_cred_provider *source;
    char code[64] = "", desc[600];
    int rc = 0;

    memset(&o, 0, sizeof(o));
    o.role.role_arn = aws_cred_setting(c, p, "role_arn", NULL);
    o.role.session_name = aws_cred_setting(c, p, "role_session_name", NULL);
    o.role.external_id = aws_cred_setting(c, p, "external_id", NULL);
    o.role.mfa_serial = aws_cred_setting(c, p, "mfa_serial", NULL);
    if (role_duration(p, aws_cred_setting(c, p, "duration_seconds", NULL),
                      &o.role.duration_seconds, err) < 0 || !(source = role_source(c, p, err)))
        return NULL;
    if (o.role.mfa_serial)
        rc = aws_cred_mfa_code(p->name, o.role.mfa_serial, code, sizeof(code), err);
    if (rc < 0) {
        aws_cred_provider_free(source);
        return NULL;
    }
    o.role.token_code = code[0] ? code : NULL;
    o.source = source;
    o.own_source = 1;
    o.region = c->region;
    o.endpoint_url = c->chain.endpoint_url;
    o.max_attempts = c->chain.max_attempts;
    o.timeout_ms = c->chain.timeout_ms;
    snprintf(desc, sizeof(desc), "profile '%.100s' (%.450s)", p->name, source->source);
    o.source_desc = desc;
    source = aws_cred_role_new(&o);
    OPENSSL_cleanse(code, sizeof(code));
    return source;
}

