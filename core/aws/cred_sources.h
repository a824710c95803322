/* The credential sources that fetch temporary keys from somewhere else:
 * a child process, the container's or the instance's metadata endpoint,
 * the IAM Identity Center portal.  Each constructor only checks its
 * settings; the provider fetches on first use and again before expiry
 * (aws/cred_provider.h).  credentials.c decides when each one applies. */
#ifndef TS_AWS_CRED_SOURCES_H
#define TS_AWS_CRED_SOURCES_H

#include "aws/cred_provider.h"
#include "aws/ini.h"

/* credential_process: command is the profile's setting (run without a
 * shell); where names the file, for messages.  NULL with err. */
struct aws_cred_provider *aws_cred_process_new(const char *profile, const char *command,
                                               const char *where, struct ts_error *err);

/* 1 when AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI is set. */
int aws_cred_container_configured(void);

/* Container (ECS, EKS Pod Identity) credentials from the environment's
 * settings.  NULL with err. */
struct aws_cred_provider *aws_cred_container_new(struct ts_error *err);

/* The profile's instance-metadata settings (NULL when unset; the
 * environment's AWS_EC2_METADATA_* win, as in the CLI). */
struct aws_imds_settings {
    const char *endpoint;       /* ec2_metadata_service_endpoint */
    const char *endpoint_mode;  /* ec2_metadata_service_endpoint_mode: IPv4 | IPv6 */
    const char *timeout;        /* metadata_service_timeout (seconds) */
    const char *attempts;       /* metadata_service_num_attempts */
};

/* 1 when AWS_EC2_METADATA_DISABLED is true: the source is skipped. */
int aws_cred_imds_disabled(void);

/* EC2 instance metadata (IMDSv2).  NULL with err. */
struct aws_cred_provider *aws_cred_imds_new(const struct aws_imds_settings *s,
                                            struct ts_error *err);

/* IAM Identity Center for profile (its section ps of the config file conf,
 * read from conf_path): the sso_session form or the legacy sso_start_url
 * form.  NULL with err. */
struct aws_cred_provider *aws_cred_sso_new(const char *profile, const struct aws_ini *conf,
                                           const struct aws_ini_section *ps,
                                           const char *conf_path, struct ts_error *err);

/* The name `aws sso login` gives its cached token: the lowercase hex SHA-1
 * of the sso-session's name, or of the start URL for the legacy form
 * (botocore's SSOTokenLoader), + ".json".  out holds 46 bytes. */
void aws_sso_cache_name(const char *session_or_url, char out[46]);

#endif
