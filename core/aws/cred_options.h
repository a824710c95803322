/* What the credential chain is asked for: a profile, a region, how its
 * STS calls are made and a role to assume on top (collect's options).
 * Apart from credentials.h so that the chain's own files (cred_chain.h)
 * can use them without including the chain's interface. */
#ifndef TS_AWS_CRED_OPTIONS_H
#define TS_AWS_CRED_OPTIONS_H

struct aws_profile_options {
    const char *profile; /* --profile, or NULL */
    const char *region;  /* --region (the first one), or NULL */
};

/* How the chain's STS calls (roles, web identity) are made, and a role
 * to assume on top of the credentials found (collect --role-arn). */
struct aws_chain_options {
    const char *endpoint_url;  /* --endpoint-url, or NULL (aws/endpoint.h) */
    unsigned max_attempts;     /* 0: 3 */
    long timeout_ms;           /* per attempt; 0: 30 s */
    const char *role_arn, *external_id, *role_session_name; /* NULL: no role */
    /* Out: 1 when the settings were right but fetching the credentials
     * failed (AWS refused the AssumeRole, no answer, a token file or
     * process that failed): a network or AWS error, not a usage one. */
    int fetch_failed;
};

#endif
