/* What the credential chain's files share (credentials.c, the chain and
 * the profiles' other sources; cred_assume.c, assume-role profiles): the
 * loaded shared files and one profile's settings.  Not for other callers:
 * they use aws/credentials.h. */
#ifndef TS_AWS_CRED_CHAIN_H
#define TS_AWS_CRED_CHAIN_H

#include "aws/cred_sources.h"
#include "aws/cred_options.h"
#include "aws/ini.h"

/* Longest source_profile chain followed (a loop is caught before). */
#define AWS_CRED_MAX_CHAIN 32

/* A profile: its section in each file (either may be NULL). */
struct aws_cred_prof {
    const char *name;
    const struct aws_ini_section *cs; /* in the credentials file */
    const struct aws_ini_section *ps; /* in the config file */
};

/* Everything resolution looks at. */
struct aws_cred_ctx {
    const struct aws_profile_options *opt;
    struct aws_chain_options chain;  /* max_attempts, timeout_ms set */
    int explicit_profile, from_option;
    char *cred_path, *conf_path;
    struct aws_ini cred_file, conf_file;
    struct aws_cred_prof top;
    char *region;                    /* where STS is asked */
    const char *visited[AWS_CRED_MAX_CHAIN]; /* the source_profile chain so far */
    size_t nvisited;
};

/* Profile name in either file into out; 0 when neither has it. */
int aws_cred_find_profile(const struct aws_cred_ctx *c, const char *name,
                          struct aws_cred_prof *out);

/* A profile setting: the credentials file's value wins over the config
 * file's (botocore merges them that way); *where (may be NULL) names the
 * file.  NULL when unset. */
const char *aws_cred_setting(const struct aws_cred_ctx *c, const struct aws_cred_prof *p,
                             const char *key, const char **where);

/* The path, or "(no home directory)" for NULL. */
const char *aws_cred_path(const char *path);

/* The profile's instance-metadata settings into s. */
void aws_cred_imds_settings(const struct aws_cred_ctx *c, const struct aws_cred_prof *p,
                            struct aws_imds_settings *s);

/* AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ token) into cred: 0; 1 when
 * neither is set; -1 with err on half a pair. */
int aws_cred_from_environment(struct aws_credentials *cred, struct ts_error *err);

/* A provider of the keys just read (cred is released), described by desc. */
struct aws_cred_provider *aws_cred_keys_provider(struct aws_credentials *cred,
                                                 const char *desc);

/* The profile's sources other than its role, in botocore's order (web
 * identity, SSO, keys in the credentials file, login, credential_process,
 * keys in the config file); use_env: the web identity variables count.
 * NULL with err on an error, NULL with err->msg empty when it has none. */
struct aws_cred_provider *aws_cred_profile_sources(const struct aws_cred_ctx *c,
                                                   const struct aws_cred_prof *p, int use_env,
                                                   struct ts_error *err);

/* 1 when p is an assume-role profile: role_arn without
 * web_identity_token_file (botocore's AssumeRoleProvider takes it). */
int aws_cred_has_role(const struct aws_cred_ctx *c, const struct aws_cred_prof *p);

/* The role of profile p on top of its source_profile (followed to any
 * depth, loops refused by name) or credential_source, the MFA code asked
 * for when mfa_serial is set.  Nothing is fetched.  NULL with err. */
struct aws_cred_provider *aws_cred_assume_profile(struct aws_cred_ctx *c,
                                                  const struct aws_cred_prof *p,
                                                  struct ts_error *err);

#endif
