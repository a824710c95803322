/* Test driver for core/aws/xml.c, used by xml_botocore.py:
 *   xml_tool SERVICE OPERATION FILE   the answer in FILE as trailscan's JSON
 *   xml_tool --error FILE             {"Code": ..., "Message": ...} of an error
 *   xml_tool --shapes                 the whole shape table as JSON
 * Prints JSON on stdout; on failure the reason on stderr and exit 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/xml.h"
#include "aws/xml_shapes.h"
#include "util/file_read.h"

static const char *const type_names[] = {"string", "boolean", "integer", "timestamp",
                                         "structure"};
static const char *const form_names[] = {"one", "list", "flat", "attribute"};

static cJSON *dump_members(const struct aws_xml_member *members)
{
    cJSON *obj = cJSON_CreateObject();

    for (const struct aws_xml_member *m = members; m->name; m++) {
        cJSON *d = cJSON_AddObjectToObject(obj, m->name);
        cJSON_AddStringToObject(d, "wire", m->wire ? m->wire : m->name);
        cJSON_AddStringToObject(d, "type", type_names[m->type]);
        cJSON_AddStringToObject(d, "form", form_names[m->form]);
        if (m->item)
            cJSON_AddStringToObject(d, "item", m->item);
        if (m->type == AWS_XML_STRUCTURE)
            cJSON_AddItemToObject(d, "members", dump_members(m->members));
    }
    return obj;
}

static cJSON *dump_shapes(void)
{
    static const char *const protocols[] = {"query", "ec2", "rest-xml", "rest-xml-payload",
                                             "rest-xml-root-text"};
    cJSON *all = cJSON_CreateArray();

    for (const struct aws_xml_operation *op = aws_xml_operations; op->service; op++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "service", op->service);
        cJSON_AddStringToObject(o, "operation", op->operation);
        cJSON_AddStringToObject(o, "protocol", protocols[op->protocol]);
        if (op->result)
            cJSON_AddStringToObject(o, "result", op->result);
        cJSON_AddItemToObject(o, "members", dump_members(op->members));
        cJSON_AddItemToArray(all, o);
    }
    return all;
}

static int print_json(cJSON *j)
{
    char *text = cJSON_Print(j);

    puts(text);
    free(text);
    cJSON_Delete(j);
    return 0;
}

int main(int argc, char **argv)
{
    struct ts_error err;
    char *body = NULL, code[256], message[1024];
    size_t len = 0;
    cJSON *out;
    int rc = 1;

    if (argc == 2 && !strcmp(argv[1], "--shapes"))
        return print_json(dump_shapes());
    if (argc == 3 && !strcmp(argv[1], "--error")) {
        if (ts_file_read(argv[2], AWS_XML_MAX_BODY * 2, &body, &len, &err) < 0)
            fprintf(stderr, "xml_tool: %s\n", err.msg);
        else if (aws_xml_error(body, len, code, sizeof(code), message, sizeof(message)) < 0)
            fprintf(stderr, "xml_tool: %s: not an AWS error answer\n", argv[2]);
        else {
            out = cJSON_CreateObject();
            cJSON_AddStringToObject(out, "Code", code);
            cJSON_AddStringToObject(out, "Message", message);
            rc = print_json(out);
        }
        free(body);
        return rc;
    }
    if (argc != 4) {
        fprintf(stderr, "usage: xml_tool SERVICE OPERATION FILE | --error FILE | --shapes\n");
        return 2;
    }
    if (ts_file_read(argv[3], AWS_XML_MAX_BODY * 2, &body, &len, &err) < 0)
        fprintf(stderr, "xml_tool: %s\n", err.msg);
    else if (!(out = aws_xml_to_json(argv[1], argv[2], body, len, &err)))
        fprintf(stderr, "xml_tool: %s\n", err.msg);
    else
        rc = print_json(out);
    free(body);
    return rc;
}
