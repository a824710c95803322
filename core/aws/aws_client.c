/* AWS calls on the wire: endpoint, protocol, signature, answer, retry. */
#include "aws/aws_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/crypto.h>

#include "aws/endpoint.h"
#include "aws/sigv4.h"
#include "aws/xml.h"
#include "util/backoff.h"
#include "util/uri.h"
#include "json/json_pos.h"

int aws_region_ok(const char *name)
{
    size_t len = strlen(name);
    return len > 0 && len < 32 && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

const char *aws_partition_of(const char *region)
{
    if (!strncmp(region, "cn-", 3))
        return "aws-cn";
    if (!strncmp(region, "us-gov-", 7))
        return "aws-us-gov";
    return "aws";
}

int aws_form_encode(char *buf, size_t n, const char *s)
{
    size_t len = strlen(buf);

    return ts_uri_encode(buf + len, n - len, s, strlen(s), "", NULL);
}

struct aws_call *aws_call_new(struct aws_client *c, const struct aws_service *svc,
                              const char *region, const char *operation,
                              const char *params, const char *key,
                              aws_answer_fn answer, void *ctx)
{
    struct aws_call *call = ts_xmalloc(sizeof(*call));

    memset(call, 0, sizeof(*call));
    call->client = c;
    call->svc = svc;
    snprintf(call->region, sizeof(call->region), "%s", region);
    call->operation = operation;
    call->params = ts_xstrdup(params ? params : "");
    call->key = key ? ts_xstrdup(key) : NULL;
    call->answer = answer;
    call->ctx = ctx;
    return call;
}

void aws_call_free(struct aws_call *call)
{
    if (!call)
        return;
    free(call->params);
    free(call->key);
    free(call);
}

/* ---- building a request ---- */

/* REST-JSON operations: each its method and path (botocore's "http"). */
static const struct rest_route {
    const char *operation, *method, *path;
} rest_routes[] = {
    {"DescribeHub", "GET", "/accounts"},
    {"GetEnabledStandards", "POST", "/standards/get"},
};

static const struct rest_route *rest_route(const char *operation)
{
    for (size_t i = 0; i < sizeof(rest_routes) / sizeof(rest_routes[0]); i++)
        if (!strcmp(rest_routes[i].operation, operation))
            return &rest_routes[i];
    return NULL;
}

/* S3 Control's host starts with the account: https://<account>.s3-control... */
static void add_account_label(const struct aws_call *call, char *buf, size_t n)
{
    const char *auth = strstr(buf, "://");
    char rest[1024];

    if (call->svc != &aws_s3control || !call->account[0] || !auth)
        return;
    snprintf(rest, sizeof(rest), "%s", auth + 3);
    snprintf(buf + (auth + 3 - buf), n - (size_t)(auth + 3 - buf), "%s.%s", call->account,
             rest);
}

/* Scheme and authority the request goes to, without a trailing '/'.
 * Returns the region it is signed for. */
static const char *base_url(const struct aws_call *call, char *buf, size_t n)
{
    const char *ep = aws_endpoint_url(call->svc, call->client->endpoint_url);
    const char *sign_region;

    /* A configured endpoint is used as given: no S3 Control account label
     * (botocore adds one there too, which no local API's name resolves). */
    if (ep) {
        size_t len;
        snprintf(buf, n, "%s", ep);
        len = strlen(buf);
        while (len && buf[len - 1] == '/')
            buf[--len] = '\0';
        return call->region;
    }
    sign_region = aws_endpoint_aws_url(call->svc, call->region, buf, n);
    add_account_label(call, buf, n);
    return sign_region;
}

/* The Host header curl will send for url: host, and the port unless it is
 * the scheme's default.  The signature covers it, so it must match. */
static int host_of(const char *url, char *buf, size_t n, struct ts_error *err)
{
    CURLU *u = curl_url();
    char *host = NULL, *port = NULL;
    int rc = -1;

    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        ts_error_set(err, "not a usable URL: '%s'", url);
        goto out;
    }
    if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK && port)
        snprintf(buf, n, "%s:%s", host, port);
    else
        snprintf(buf, n, "%s", host);
    rc = 0;
out:
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return rc;
}

/* Path (and query) part of the request, and its body. */
static void wire_parts(const struct aws_call *call, char **path, char **body,
                       size_t *body_len)
{
    const struct aws_service *svc = call->svc;

    if (svc->protocol == AWS_PROTO_REST_XML) {
        *path = ts_xstrdup(call->params[0] ? call->params : "/");
        *body = NULL;
        *body_len = 0;
    } else if (svc->protocol == AWS_PROTO_JSON) {
        *path = ts_xstrdup("/");
        *body = ts_xstrdup(call->params[0] ? call->params : "{}");
        *body_len = strlen(*body);
    } else if (svc->protocol == AWS_PROTO_REST_JSON) {
        const struct rest_route *r = rest_route(call->operation);
        int post = r && !strcmp(r->method, "POST");
        *path = ts_xstrdup(r ? r->path : "/");
        *body = post ? ts_xstrdup(call->params[0] ? call->params : "{}") : NULL;
        *body_len = *body ? strlen(*body) : 0;
    } else {
        size_t n = strlen(call->operation) + strlen(svc->api_version) +
                   strlen(call->params) + 32;
        *path = ts_xstrdup("/");
        *body = ts_xmalloc(n);
        snprintf(*body, n, "Action=%s&Version=%s%s%s", call->operation,
                 svc->api_version, call->params[0] ? "&" : "", call->params);
        *body_len = strlen(*body);
    }
}

/* Signs with the keys of this attempt: a provider refreshes them before
 * they expire, so a retry an hour later is signed with fresh ones. */
static int sign(const struct aws_call *call, const char *region,
                const struct sigv4_request *sreq, char ***signed_headers, struct ts_error *err)
{
    struct aws_credentials cred;
    int rc;

    if (aws_cred_provider_get(call->client->creds, &cred, err) < 0)
        return -1;
    rc = sigv4_sign(sreq, &cred, region, call->svc->signing_name, time(NULL),
                    signed_headers, err);
    aws_credentials_release(&cred);
    return rc;
}

static int prepare(struct http_job *job, struct http_request *req, struct ts_error *err)
{
    struct aws_call *call = (struct aws_call *)job;
    const struct aws_service *svc = call->svc;
    char base[1024], host[512], ctype[64], target[256];
    const char *sign_region;
    char *path = NULL, *query, **signed_headers = NULL;
    struct sigv4_header hdrs[3];
    size_t nhdrs = 0, url_len;
    struct sigv4_request sreq;
    int rc = -1;

    if (!aws_region_ok(call->region))
        return ts_error_set(err, "'%.64s' is not a region name", call->region);
    sign_region = base_url(call, base, sizeof(base));
    /* Checked up front by collect; here too, so no caller can send
     * credentials in clear by forgetting to. */
    if (aws_endpoint_check("the endpoint", base, err) < 0)
        return -1;
    wire_parts(call, &path, &req->body, &req->body_len);
    url_len = strlen(base) + strlen(path) + 1;
    req->url = ts_xmalloc(url_len);
    snprintf(req->url, url_len, "%s%s", base, path);
    req->method = svc->protocol == AWS_PROTO_REST_XML ? "GET" : "POST";
    if (svc->protocol == AWS_PROTO_REST_JSON) {
        const struct rest_route *r = rest_route(call->operation);
        if (!r) {
            ts_error_set(err, "%s has no REST route", call->operation);
            goto out;
        }
        req->method = r->method;
    }
    if (host_of(req->url, host, sizeof(host), err) < 0)
        goto out;
    if (svc->protocol == AWS_PROTO_JSON) {
        snprintf(ctype, sizeof(ctype), "application/x-amz-json-%s", svc->json_version);
        snprintf(target, sizeof(target), "%s.%s", svc->target, call->operation);
        hdrs[nhdrs++] = (struct sigv4_header){"Content-Type", ctype};
        hdrs[nhdrs++] = (struct sigv4_header){"X-Amz-Target", target};
    } else if (svc->protocol == AWS_PROTO_QUERY) {
        snprintf(ctype, sizeof(ctype), "application/x-www-form-urlencoded; charset=utf-8");
        hdrs[nhdrs++] = (struct sigv4_header){"Content-Type", ctype};
    } else if (svc->protocol == AWS_PROTO_REST_JSON && req->body) {
        snprintf(ctype, sizeof(ctype), "application/json");
        hdrs[nhdrs++] = (struct sigv4_header){"Content-Type", ctype};
    }
    if (call->account[0])
        hdrs[nhdrs++] = (struct sigv4_header){"x-amz-account-id", call->account};
    {
        /* An --endpoint-url with a path (a proxy's prefix) is part of what
         * is signed: sign the path the URL really has. */
        const char *auth = strstr(base, "://");
        const char *prefix = auth ? strchr(auth + 3, '/') : NULL;
        size_t plen = prefix ? strlen(prefix) : 0;
        char *full = ts_xmalloc(plen + strlen(path) + 1);
        memcpy(full, prefix ? prefix : "", plen);
        strcpy(full + plen, path);
        free(path);
        path = full;
    }
    query = strchr(path, '?');
    if (query)
        *query++ = '\0';
    sreq = (struct sigv4_request){req->method, host, path, query, hdrs, nhdrs,
                                  req->body, req->body_len};
    if (call->client->creds && sign(call, sign_region, &sreq, &signed_headers, err) < 0)
        goto out;
    {
        /* The Host curl would send is what was signed; say it outright. */
        char line[600];
        snprintf(line, sizeof(line), "Host: %s", host);
        req->headers = curl_slist_append(req->headers, line);
    }
    for (size_t i = 0; i < nhdrs; i++) {
        char line[512];
        snprintf(line, sizeof(line), "%s: %s", hdrs[i].name, hdrs[i].value);
        req->headers = curl_slist_append(req->headers, line);
    }
    for (char **h = signed_headers; h && *h; h++)
        req->headers = curl_slist_append(req->headers, *h);
    rc = 0;
out:
    sigv4_headers_free(signed_headers);
    free(path);
    return rc;
}

/* ---- reading an answer ---- */

static const char *const retryable_codes[] = {
    /* Throttling, as the SDKs' standard retry mode lists it. */
    "Throttling", "ThrottlingException", "ThrottledException",
    "RequestThrottledException", "TooManyRequestsException",
    "ProvisionedThroughputExceededException", "TransactionInProgressException",
    "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
    "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "EC2ThrottledException",
    /* Transient. */
    "RequestTimeout", "RequestTimeoutException", "InternalError",
    "InternalFailure", "ServiceUnavailable", NULL};

static int code_retryable(const char *code)
{
    for (const char *const *c = retryable_codes; *c; c++)
        if (!strcmp(code, *c))
            return 1;
    return 0;
}

static int transport_retryable(CURLcode c)
{
    switch (c) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return 1;
    default:
        return 0;
    }
}

/* JSON protocol errors: {"__type": "ns#Code", "message": "..."}. */
static void json_fault(const struct http_response *resp, struct aws_fault *f)
{
    cJSON *doc = resp->body.data ? cJSON_ParseWithLength(resp->body.data, resp->body.len) : NULL;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(doc, "__type");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(doc, "message");

    if (!cJSON_IsString(msg))
        msg = cJSON_GetObjectItemCaseSensitive(doc, "Message");
    {    const char *code = cJSON_IsString(type) && type->valuestring ? type->valuestring : NULL;

    /* Without __type, the x-amzn-ErrorType header names the error. */
    for (unsigned h = 0; !code && h < resp->namz; h++)
        if (!strcmp(resp->amz[h].name, "x-amzn-errortype"))
            code = resp->amz[h].value;
    if (code) {
        /* "namespace#Code:http://..." -> "Code", as the SDKs read it. */
        const char *hash = strrchr(code, '#');
        code = hash ? hash + 1 : code;
        snprintf(f->code, sizeof(f->code), "%.*s", (int)strcspn(code, ":"), code);
    }
    }
    if (cJSON_IsString(msg) && msg->valuestring)
        snprintf(f->message, sizeof(f->message), "%s", msg->valuestring);
    cJSON_Delete(doc);
}

/* AWS's SignatureDoesNotMatch quotes the canonical request, session token
 * included.  A message keeps none of it: it is cut where the quote starts,
 * any run of the token (16 characters or more) is masked, and it is made
 * one line. */
static void redact(struct aws_fault *f, struct aws_cred_provider *creds)
{
    char token[4096] = "";
    char *cut = strstr(f->message, "The Canonical String");
    size_t tlen;

    if (creds)
        aws_cred_provider_token(creds, token, sizeof(token));
    tlen = strlen(token);
    if (cut)
        *cut = '\0';
    for (char *p = f->message; tlen >= 16 && *p; p++) {
        size_t n = 0;
        while (n < tlen && p[n] && p[n] == token[n])
            n++;
        if (n >= 16) {
            memmove(p + 3, p + n, strlen(p + n) + 1);
            memcpy(p, "***", 3);
        }
    }
    for (char *p = f->message; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    OPENSSL_cleanse(token, sizeof(token));
}

static void http_fault(const struct aws_call *call, const struct http_response *resp,
                       struct aws_fault *f)
{
    memset(f, 0, sizeof(*f));
    f->status = resp->status;
    if (resp->curl_code != CURLE_OK) {
        snprintf(f->code, sizeof(f->code), "%s",
                 resp->curl_code == CURLE_OPERATION_TIMEDOUT ? "Timeout"
                 : resp->curl_code == CURLE_FILESIZE_EXCEEDED ? "AnswerTooLarge"
                 : "ConnectionError");
        snprintf(f->message, sizeof(f->message), "%s", resp->curl_error);
        return;
    }
    if (call->svc->protocol == AWS_PROTO_JSON || call->svc->protocol == AWS_PROTO_REST_JSON)
        json_fault(resp, f);
    /* XML also for JSON services: some front ends (and moto's signature
     * check) answer errors in XML whatever the protocol. */
    if (!f->code[0] && resp->body.data)
        aws_xml_error(resp->body.data, resp->body.len, f->code, sizeof(f->code),
                      f->message, sizeof(f->message));
    if (!f->code[0])
        snprintf(f->code, sizeof(f->code), "HTTP%ld", resp->status);
    if (!f->message[0])
        snprintf(f->message, sizeof(f->message), "HTTP status %ld", resp->status);
    redact(f, call->client->creds);
}

/* REST answers put some members in headers (botocore's "location": "header"). */
static const struct { const char *operation, *header, *member; } header_members[] = {
    {"GetBucketLifecycleConfiguration", "x-amz-transition-default-minimum-object-size",
     "TransitionDefaultMinimumObjectSize"},
};

static void add_header_members(const struct aws_call *call, const struct http_response *resp,
                               cJSON *doc)
{
    for (size_t i = 0; i < sizeof(header_members) / sizeof(header_members[0]); i++) {
        if (strcmp(call->operation, header_members[i].operation))
            continue;
        for (unsigned h = 0; h < resp->namz; h++)
            if (!strcmp(resp->amz[h].name, header_members[i].header))
                cJSON_AddStringToObject(doc, header_members[i].member, resp->amz[h].value);
    }
}

/* The answer as the AWS CLI's JSON, or NULL with f filled. */
static cJSON *parse_answer(const struct aws_call *call, const struct http_response *resp,
                           struct aws_fault *f)
{
    const char *body = resp->body.data ? resp->body.data : "";
    struct ts_error err;
    cJSON *doc;

    if (call->svc->protocol == AWS_PROTO_JSON || call->svc->protocol == AWS_PROTO_REST_JSON) {
        /* The text checks a snapshot's loader makes (UTF-8, NUL, control
         * characters...), on the answer as it came: cJSON would turn some
         * of what they refuse into other text (collect_check.h checks the
         * rest). */
        struct ts_json_pos pos;
        int text_ok;
        ts_json_pos_init(&pos);
        text_ok = ts_json_pos_scan(&pos, body, resp->body.len, &err) == 0;
        ts_json_pos_release(&pos);
        if (!text_ok) {
            snprintf(f->code, sizeof(f->code), "InvalidResponse");
            snprintf(f->message, sizeof(f->message), "the answer is not what AWS sends:"
                     " %.400s", err.msg);
            f->status = resp->status;
            return NULL;
        }
        doc = resp->body.len ? cJSON_ParseWithLength(body, resp->body.len)
                             : cJSON_CreateObject();
        if (cJSON_IsObject(doc))
            return doc;
        cJSON_Delete(doc);
        snprintf(f->message, sizeof(f->message), "the answer is not a JSON object");
    } else {
        doc = aws_xml_to_json(call->svc->id, call->operation, body, resp->body.len, &err);
        if (doc) {
            if (call->svc->protocol == AWS_PROTO_REST_XML)
                add_header_members(call, resp, doc);
            return doc;
        }
        snprintf(f->message, sizeof(f->message), "%.500s", err.msg);
    }
    snprintf(f->code, sizeof(f->code), "InvalidResponse");
    f->status = resp->status;
    return NULL;
}

/* The AWS SDKs' standard mode: full jitter under base * 2^retry, capped. */
static unsigned backoff_ms(struct aws_client *c, unsigned retry)
{
    return (unsigned)ts_backoff_delay_ms(retry, c->base_delay_ms, c->max_delay_ms,
                                         TS_JITTER_FULL, &c->rng);
}

/* S3 answers a request for a bucket in another region with a redirect
 * naming the region: ask again there, without counting an attempt. */
static int moved_bucket(struct aws_call *call, const struct http_response *resp)
{
    if (call->svc != &aws_s3 || !aws_region_ok(resp->bucket_region) ||
        (resp->status != 301 && resp->status != 307 && resp->status != 400) ||
        !strcmp(resp->bucket_region, call->region) || call->attempt > 8)
        return 0;
    snprintf(call->region, sizeof(call->region), "%.31s", resp->bucket_region);
    return 1;
}

static void on_done(struct http_job *job, const struct http_response *resp)
{
    struct aws_call *call = (struct aws_call *)job;
    struct aws_client *c = call->client;
    struct aws_fault fault;
    int retry;

    call->attempt++;
    if (resp->curl_code == CURLE_OK && resp->status >= 200 && resp->status < 300) {
        cJSON *doc = parse_answer(call, resp, &fault);
        call->bytes = resp->body.len;
        c->finished++;
        if (!doc)
            c->failed++;
        call->answer(call, doc, doc ? NULL : &fault);
        return;
    }
    if (moved_bucket(call, resp)) {
        http_pool_add(c->pool, &call->job, 0);
        return;
    }
    http_fault(call, resp, &fault);
    retry = resp->curl_code != CURLE_OK ? transport_retryable(resp->curl_code)
                                        : resp->status == 429 || resp->status == 500 ||
                                              resp->status == 502 || resp->status == 503 ||
                                              resp->status == 504 || code_retryable(fault.code);
    if (retry && call->attempt < c->max_attempts) {
        c->retries++;
        http_pool_add(c->pool, &call->job, backoff_ms(c, call->attempt - 1));
        return;
    }
    c->finished++;
    c->failed++;
    call->answer(call, NULL, &fault);
}

void aws_call_start(struct aws_call *call)
{
    call->job.prepare = prepare;
    call->job.done = on_done;
    call->attempt = 0;
    call->client->started++;
    http_pool_add(call->client->pool, &call->job, 0);
}
