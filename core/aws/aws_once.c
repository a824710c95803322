#include "aws/aws_once.h"

#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>

struct once_result {
    cJSON *answer;
    struct aws_fault fault;
};

static void on_answer(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct once_result *r = call->ctx;

    r->answer = answer;
    if (fault)
        r->fault = *fault;
    aws_call_free(call);
}

cJSON *aws_call_once(const struct aws_once_opts *o, const struct aws_service *svc,
                     const char *region, const char *operation, const char *params,
                     struct aws_fault *fault)
{
    struct http_pool_opts po = {1, o->timeout_ms ? o->timeout_ms : 30000, 16u << 20};
    struct aws_client client;
    struct once_result r;
    struct ts_error err;

    memset(&r, 0, sizeof(r));
    memset(&client, 0, sizeof(client));
    client.creds = o->creds;
    client.endpoint_url = o->endpoint_url;
    client.max_attempts = o->max_attempts ? o->max_attempts : 3;
    client.base_delay_ms = o->base_delay_ms ? o->base_delay_ms : 1000;
    client.max_delay_ms = o->max_delay_ms ? o->max_delay_ms : 20000;
    client.rng = (uint64_t)http_now_ms() * 0x9E3779B97F4A7C15u;
    client.pool = http_pool_new(&po);
    if (!client.pool) {
        memset(fault, 0, sizeof(*fault));
        snprintf(fault->code, sizeof(fault->code), "ConnectionError");
        snprintf(fault->message, sizeof(fault->message), "cannot start curl");
        return NULL;
    }
    aws_call_start(aws_call_new(&client, svc, region, operation, params, NULL, on_answer, &r));
    if (http_pool_run(client.pool, &err) < 0 && !r.answer && !r.fault.code[0]) {
        snprintf(r.fault.code, sizeof(r.fault.code), "ConnectionError");
        snprintf(r.fault.message, sizeof(r.fault.message), "%.500s", err.msg);
    }
    http_pool_free(client.pool);
    if (!r.answer)
        *fault = r.fault;
    return r.answer;
}

static void wipe(cJSON *node)
{
    for (; node; node = node->next) {
        if (node->valuestring)
            OPENSSL_cleanse(node->valuestring, strlen(node->valuestring));
        wipe(node->child);
    }
}

void aws_once_wipe(cJSON *doc)
{
    if (!doc)
        return;
    wipe(doc->child);
    cJSON_Delete(doc);
}
