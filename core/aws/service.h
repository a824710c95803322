/* The AWS services collect calls: how each is addressed, signed and
 * spoken to.  Apart from aws_client.h so that endpoint.c, which
 * aws_client.c uses, can list them without including the client. */
#ifndef TS_AWS_SERVICE_H
#define TS_AWS_SERVICE_H

/* AWS_PROTO_REST_JSON: Security Hub through aws_client.c; the SSO portal's
 * one call is unsigned and made with aws/http_sync.h. */
enum aws_protocol { AWS_PROTO_JSON, AWS_PROTO_QUERY, AWS_PROTO_REST_XML, AWS_PROTO_REST_JSON };

struct aws_service {
    const char *id;            /* snapshot's service key: "cloudtrail", "cloudwatch", ... */
    const char *host_prefix;   /* endpoint's first label: "monitoring" for cloudwatch */
    const char *signing_name;  /* SigV4 service name */
    enum aws_protocol protocol;
    const char *json_version;  /* "1.1" or "1.0" (JSON protocol) */
    const char *target;        /* X-Amz-Target prefix (JSON protocol) */
    const char *api_version;   /* Version= (query protocol) */
    const char *endpoint_env;  /* AWS_ENDPOINT_URL_<this>: the SDKs' service id */
};

extern const struct aws_service aws_cloudtrail, aws_logs, aws_cloudwatch, aws_sns,
    aws_sts, aws_ec2, aws_s3, aws_organizations, aws_sso, aws_config, aws_kms,
    aws_securityhub, aws_s3control;

#endif
