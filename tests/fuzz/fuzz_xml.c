/* Fuzz target: AWS XML answers to the AWS CLI's JSON (core/aws/xml.h), the
 * path every collected STS, SNS, EC2 and S3 answer takes.  The first byte
 * picks the operation (from the model's table), the rest is the body.
 * Beyond "no crash, leak or hang" it checks the promises a caller relies
 * on: a result is a JSON object that prints, a failure says why, and the
 * error reader always leaves both strings terminated (and empty when the
 * body is no error). */
#include <string.h>
#include "aws/xml.h"
#include "aws/xml_shapes.h"
#include "fuzz_target.h"

static size_t noperations;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    aws_xml_init();
    while (aws_xml_operations[noperations].service)
        noperations++;
    FUZZ_CHECK(noperations > 0, "the model has no operations");
    return 0;
}

static void check_error_reader(const char *body, size_t len)
{
    char code[64], message[256];
    int ret;

    memset(code, 'x', sizeof(code));
    memset(message, 'x', sizeof(message));
    ret = aws_xml_error(body, len, code, sizeof(code), message, sizeof(message));
    FUZZ_CHECK(memchr(code, '\0', sizeof(code)) && memchr(message, '\0', sizeof(message)),
               "code or message left unterminated");
    /* An error answer may have an empty <Code/>: the caller falls back to
     * the HTTP status then, so only a non-error must leave both empty. */
    FUZZ_CHECK(ret == 0 || ret == -1, "returned %d", ret);
    if (ret < 0)
        FUZZ_CHECK(code[0] == '\0' && message[0] == '\0', "no error, yet code '%s'", code);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct aws_xml_operation *op;
    struct ts_error err;
    const char *body;
    size_t len;
    cJSON *json;
    char *text;

    if (size < 1)
        return 0;
    op = &aws_xml_operations[data[0] % noperations];
    body = (const char *)data + 1;
    len = size - 1;
    err.msg[0] = '\0';
    json = aws_xml_to_json(op->service, op->operation, body, len, &err);
    if (json) {
        FUZZ_CHECK(cJSON_IsObject(json), "%s %s: the result is not an object",
                   op->service, op->operation);
        /* What the collector does next: print it into the snapshot. */
        text = cJSON_PrintUnformatted(json);
        FUZZ_CHECK(text != NULL, "the result does not print");
        free(text);
        cJSON_Delete(json);
    } else {
        FUZZ_CHECK(err.msg[0] != '\0', "%s %s: failed without saying why", op->service,
                   op->operation);
    }
    check_error_reader(body, len);
    return 0;
}
