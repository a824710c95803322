/* One generic walker turns an AWS XML answer into the AWS CLI's JSON,
 * driven by the operation's shape table (xml_shapes.c).  It follows
 * botocore's XML parsers (botocore/parsers.py) where they decide something
 * a user would see: element names without namespace, the first element when
 * a single value is repeated, every child of a list wrapper as an item,
 * <Empty/> as "", booleans true only for "true". */
#include "aws/xml.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "util/timestamp.h"
#include "aws/xml_parse.h"
#include "aws/xml_shapes.h"

/* ---- small tree helpers ---- */

static int is_named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The first child element called name (namespaces ignored, as botocore
 * strips them), or NULL. */
static const xmlNode *child_named(const xmlNode *parent, const char *name)
{
    for (const xmlNode *c = parent->children; c; c = c->next)
        if (is_named(c, name))
            return c;
    return NULL;
}

static int has_child_element(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return 1;
    return 0;
}

/* The element's own text (its text children joined).  Caller frees. */
static char *text_of(const xmlNode *n)
{
    size_t len = 0, at = 0;
    char *s;

    for (const xmlNode *c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            len += strlen((const char *)c->content);
    s = ts_xmalloc(len + 1);
    for (const xmlNode *c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            size_t k = strlen((const char *)c->content);
            memcpy(s + at, c->content, k);
            at += k;
        }
    s[len] = '\0';
    return s;
}

/* A namespaced attribute such as xsi:type, matched by its local name the
 * way botocore matches it (any namespace counts; a bare "type" does not). */
static const char *attribute_value(const xmlNode *n, const char *wire)
{
    const char *colon = strchr(wire, ':');
    const char *local = colon ? colon + 1 : wire;

    for (const xmlAttr *a = n->properties; a; a = a->next)
        if ((a->ns || !colon) && !strcmp((const char *)a->name, local) && a->children
            && a->children->type == XML_TEXT_NODE && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

/* ---- scalars ---- */

static const char *trim(char *s)
{
    size_t n = strlen(s);

    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

/* Python's int(): optional sign, digits, surrounding blanks. */
static int parse_integer(char *text, double *out)
{
    const char *s = trim(text);
    char *end;
    long long v;

    if (!*s || !(isdigit((unsigned char)*s) || *s == '-' || *s == '+'))
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = (double)v;
    return 0;
}


/* ISO 8601 (or epoch seconds) -> what the AWS CLI prints: the instant in
 * UTC as Python's isoformat() writes it, "2026-11-25T12:00:00+00:00", with
 * ".ffffff" only when there are microseconds. */
static int format_timestamp(char *text, char *out, size_t size)
{
    const char *s = trim(text);
    double t, secs;
    char *end;
    long usec;
    int64_t whole, days, rem, y;
    unsigned mo, d;

    if (ts_timestamp_parse(s, &t) < 0) {
        if (!isdigit((unsigned char)*s) || s[strspn(s, "0123456789.")])
            return -1;
        t = strtod(s, &end);
        if (*end)
            return -1;
    }
    /* Python's datetime holds years 1 to 9999 */
    if (!isfinite(t) || t < -62135596800.0 || t > 253402300799.0)
        return -1;
    secs = floor(t);
    usec = lround((t - secs) * 1e6);
    if (usec >= 1000000) {
        secs += 1;
        usec -= 1000000;
    }
    whole = (int64_t)secs;
    days = whole >= 0 ? whole / 86400 : -((-whole + 86399) / 86400);
    rem = whole - days * 86400;
    ts_civil_from_days(days, &y, &mo, &d);
    if (usec)
        snprintf(out, size, "%04lld-%02u-%02uT%02d:%02d:%02d.%06ld+00:00", (long long)y,
                 mo, d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60), usec);
    else
        snprintf(out, size, "%04lld-%02u-%02uT%02d:%02d:%02d+00:00", (long long)y, mo,
                 d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
    return 0;
}

/* One scalar element's value as the model types it.  NULL with err when
 * the text is not what the model says. */
static cJSON *convert_scalar(const xmlNode *n, const struct aws_xml_member *m,
                             struct ts_error *err)
{
    char *text = text_of(n), stamp[64];
    double num;
    cJSON *v = NULL;
    int bad = 0;

    switch (m->type) {
    case AWS_XML_BOOLEAN:
        v = cJSON_CreateBool(!strcmp(text, "true"));
        break;
    case AWS_XML_INTEGER:
        if (parse_integer(text, &num) == 0)
            v = cJSON_CreateNumber(num);
        else
            bad = ts_error_set(err, "<%s> is not an integer: '%.40s'",
                               (const char *)n->name, text);
        break;
    case AWS_XML_TIMESTAMP:
        if (format_timestamp(text, stamp, sizeof(stamp)) == 0)
            v = cJSON_CreateString(stamp);
        else
            bad = ts_error_set(err, "<%s> is not a timestamp: '%.40s'",
                               (const char *)n->name, text);
        break;
    default:
        v = cJSON_CreateString(text);
        break;
    }
    if (!v && !bad)
        ts_error_set(err, "out of memory");
    free(text);
    return v;
}

/* ---- the walker ---- */

static int convert_members(const xmlNode *n, const struct aws_xml_member *members,
                           cJSON *out, int depth, struct ts_error *err);

static cJSON *convert_value(const xmlNode *n, const struct aws_xml_member *m, int depth,
                            struct ts_error *err)
{
    cJSON *obj;

    if (m->type != AWS_XML_STRUCTURE)
        return convert_scalar(n, m, err);
    if (!(obj = cJSON_CreateObject()))
        return ts_error_set(err, "out of memory"), NULL;
    if (convert_members(n, m->members, obj, depth + 1, err) < 0) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

/* The items of a list: every child element of the wrapper (botocore does
 * not look at the item's name), or every repeated element of a flattened
 * list.  An empty wrapper gives []. */
static cJSON *convert_list(const xmlNode *first, const struct aws_xml_member *m,
                           int depth, struct ts_error *err)
{
    const char *wire = m->wire ? m->wire : m->name;
    const xmlNode *items = m->form == AWS_XML_LIST ? first->children : first;
    cJSON *list = cJSON_CreateArray();

    if (!list)
        return ts_error_set(err, "out of memory"), NULL;
    for (const xmlNode *c = items; c; c = c->next) {
        cJSON *v;
        if (c->type != XML_ELEMENT_NODE || (m->form == AWS_XML_FLAT && !is_named(c, wire)))
            continue;
        if (!(v = convert_value(c, m, depth + 1, err))) {
            cJSON_Delete(list);
            return NULL;
        }
        cJSON_AddItemToArray(list, v); /* appending allocates nothing */
    }
    return list;
}

static const struct aws_xml_member *member_by_wire(const struct aws_xml_member *members,
                                                   const char *name)
{
    for (const struct aws_xml_member *m = members; m->name; m++)
        if (m->form != AWS_XML_ATTRIBUTE && !strcmp(m->wire ? m->wire : m->name, name))
            return m;
    return NULL;
}

static int is_member_name(const struct aws_xml_member *members, const char *name)
{
    for (const struct aws_xml_member *m = members; m->name; m++)
        if (!strcmp(m->name, name))
            return 1;
    return 0;
}

static int keep_unknown(const xmlNode *n, const struct aws_xml_member *members,
                        cJSON *out, int depth, struct ts_error *err);

/* An element the model does not know: an object of its children, or its
 * text as a string. */
static cJSON *convert_unknown(const xmlNode *n, int depth, struct ts_error *err)
{
    static const struct aws_xml_member none[] = {{NULL, NULL, AWS_XML_STRING, AWS_XML_ONE, NULL, NULL}};
    cJSON *obj;
    char *text;

    if (!has_child_element(n)) {
        text = text_of(n);
        obj = cJSON_CreateString(text);
        free(text);
        if (!obj)
            ts_error_set(err, "out of memory");
        return obj;
    }
    if (!(obj = cJSON_CreateObject()))
        return ts_error_set(err, "out of memory"), NULL;
    if (keep_unknown(n, none, obj, depth + 1, err) < 0) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

/* Adds v under name; a name seen before becomes an array of its values.
 * Returns 0, or -1 (v freed) when out of memory. */
static int add_repeatable(cJSON *out, cJSON *seen, const char *name, cJSON *v)
{
    cJSON *list;

    if (!seen)
        return cJSON_AddItemToObject(out, name, v) ? 0 : (cJSON_Delete(v), -1);
    if (cJSON_IsArray(seen))
        return cJSON_AddItemToArray(seen, v) ? 0 : (cJSON_Delete(v), -1);
    if (!(list = cJSON_CreateArray()))
        return cJSON_Delete(v), -1;
    cJSON_AddItemToArray(list, cJSON_DetachItemViaPointer(out, seen));
    cJSON_AddItemToArray(list, v);
    return cJSON_AddItemToObject(out, name, list) ? 0 : (cJSON_Delete(list), -1);
}

/* Unknown children are kept under their own name (the snapshot keeps
 * unknown fields); a repeated one becomes an array.  A name that is already
 * a known member's JSON name is skipped.  At most AWS_XML_MAX_UNKNOWN
 * different names per element: finding a name is a linear search, and AWS
 * adds members a few at a time. */
static int keep_unknown(const xmlNode *n, const struct aws_xml_member *members,
                        cJSON *out, int depth, struct ts_error *err)
{
    int names = 0;

    if (depth > AWS_XML_MAX_DEPTH)
        return ts_error_set(err, "the answer is nested deeper than %d elements",
                            AWS_XML_MAX_DEPTH);
    for (const xmlNode *c = n->children; c; c = c->next) {
        const char *name = (const char *)c->name;
        cJSON *seen, *v;

        if (c->type != XML_ELEMENT_NODE || member_by_wire(members, name)
            || is_member_name(members, name))
            continue;
        seen = cJSON_GetObjectItemCaseSensitive(out, name);
        if (!seen && ++names > AWS_XML_MAX_UNKNOWN)
            return ts_error_set(err, "<%s> has more than %d unknown members",
                                (const char *)n->name, AWS_XML_MAX_UNKNOWN);
        if (!(v = convert_unknown(c, depth, err)))
            return -1;
        if (add_repeatable(out, seen, name, v) < 0)
            return ts_error_set(err, "out of memory");
    }
    return 0;
}

/* Fills out with n's members as the table describes them, in the table's
 * order, then the children the table does not know. */
static int convert_members(const xmlNode *n, const struct aws_xml_member *members,
                           cJSON *out, int depth, struct ts_error *err)
{
    if (depth > AWS_XML_MAX_DEPTH)
        return ts_error_set(err, "the answer is nested deeper than %d elements",
                            AWS_XML_MAX_DEPTH);
    for (const struct aws_xml_member *m = members; m->name; m++) {
        const char *wire = m->wire ? m->wire : m->name;
        const xmlNode *c = NULL;
        const char *attr;
        cJSON *v;

        if (m->form == AWS_XML_ATTRIBUTE) {
            if ((attr = attribute_value(n, wire)) && !cJSON_AddStringToObject(out, m->name, attr))
                return ts_error_set(err, "out of memory");
            continue;
        }
        if (!(c = child_named(n, wire)))
            continue;
        v = m->form == AWS_XML_ONE ? convert_value(c, m, depth, err)
                                   : convert_list(c, m, depth, err);
        if (!v)
            return -1;
        if (!cJSON_AddItemToObject(out, m->name, v)) {
            cJSON_Delete(v);
            return ts_error_set(err, "out of memory");
        }
    }
    return keep_unknown(n, members, out, depth, err);
}

/* ---- errors ---- */

/* The <Error> element of an AWS error answer, or NULL: S3's <Error>, the
 * query protocol's <ErrorResponse><Error>, EC2's <Response><Errors><Error>,
 * and the mixes botocore accepts too (moto's auth errors are
 * <ErrorResponse><Errors><Error>). */
static const xmlNode *error_element(const xmlNode *root)
{
    const xmlNode *e = NULL, *errors;

    if (is_named(root, "Error"))
        e = root;
    else if (is_named(root, "ErrorResponse") || is_named(root, "Response")) {
        e = child_named(root, "Error");
        if (!e && (errors = child_named(root, "Errors")))
            e = child_named(errors, "Error");
    }
    return e && child_named(e, "Code") ? e : NULL;
}

/* Copies src into dst (size > 0), cut at a UTF-8 character boundary. */
static void copy_cut(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void error_fields(const xmlNode *e, char *code, size_t code_size, char *message,
                         size_t message_size)
{
    const xmlNode *msg = child_named(e, "Message");
    char *text;

    if (!msg) /* some services (and moto) spell it in lower case */
        msg = child_named(e, "message");
    text = text_of(child_named(e, "Code"));
    if (code_size)
        copy_cut(code, code_size, trim(text));
    free(text);
    text = msg ? text_of(msg) : ts_xstrdup("");
    if (message_size)
        copy_cut(message, message_size, trim(text));
    free(text);
}

int aws_xml_error(const char *body, size_t len, char *code, size_t code_size,
                  char *message, size_t message_size)
{
    struct ts_error ignored;
    const xmlNode *e;
    xmlDocPtr doc;

    if (code_size)
        code[0] = '\0';
    if (message_size)
        message[0] = '\0';
    if (!(doc = aws_xml_parse(body, len, &ignored)))
        return -1;
    e = error_element(xmlDocGetRootElement(doc));
    if (e)
        error_fields(e, code, code_size, message, message_size);
    xmlFreeDoc(doc);
    return e ? 0 : -1;
}

/* ---- the entry point ---- */

/* The protocol's wrapper peeled off, members converted into out. */
static int convert_answer(const struct aws_xml_operation *op, const xmlNode *root,
                          cJSON *out, struct ts_error *err)
{
    const xmlNode *start = root;
    char *text;
    cJSON *v;

    switch (op->protocol) {
    case AWS_XML_QUERY:
        if (!(start = child_named(root, op->result)))
            return ts_error_set(err, "no <%s> in the answer (root <%s>)", op->result,
                                (const char *)root->name);
        return convert_members(start, op->members, out, 1, err);
    case AWS_XML_EC2:
        if (convert_members(root, op->members, out, 1, err) < 0)
            return -1;
        /* botocore moves it to ResponseMetadata, which the CLI drops */
        cJSON_DeleteItemFromObjectCaseSensitive(out, "requestId");
        return 0;
    case AWS_XML_REST_PAYLOAD:
        if (!(v = convert_value(root, &op->members[0], 1, err)))
            return -1;
        if (!cJSON_AddItemToObject(out, op->members[0].name, v)) {
            cJSON_Delete(v);
            return ts_error_set(err, "out of memory");
        }
        return 0;
    case AWS_XML_REST_ROOT_TEXT:
        /* us-east-1 is an empty element, which the CLI prints as null */
        text = text_of(root);
        v = text[0] ? cJSON_CreateString(text) : cJSON_CreateNull();
        free(text);
        if (!v || !cJSON_AddItemToObject(out, op->members[0].name, v)) {
            cJSON_Delete(v);
            return ts_error_set(err, "out of memory");
        }
        return 0;
    default:
        return convert_members(root, op->members, out, 1, err);
    }
}

/* Messages are one line: libxml2's and AWS's texts may hold newlines. */
static void one_line(struct ts_error *err)
{
    for (char *p = err->msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
}

cJSON *aws_xml_to_json(const char *service, const char *operation,
                       const char *body, size_t len, struct ts_error *err)
{
    const struct aws_xml_operation *op = aws_xml_operation_find(service, operation);
    struct ts_error why;
    const xmlNode *root, *e;
    cJSON *out = NULL;
    xmlDocPtr doc;
    char code[128], message[256];

    if (!op) {
        ts_error_set(err, "%s %s: no XML shape for this operation",
                     service ? service : "(null)", operation ? operation : "(null)");
        return NULL;
    }
    if (!(doc = aws_xml_parse(body, len, &why))) {
        ts_error_set(err, "%s %s: %s", service, operation, why.msg);
        one_line(err);
        return NULL;
    }
    root = xmlDocGetRootElement(doc);
    if ((e = error_element(root))) {
        error_fields(e, code, sizeof(code), message, sizeof(message));
        ts_error_set(err, "%s %s: AWS answered with an error: %s: %s", service,
                     operation, code, message);
        goto out;
    }
    out = cJSON_CreateObject();
    if (!out) {
        ts_error_set(err, "%s %s: out of memory", service, operation);
        goto out;
    }
    if (convert_answer(op, root, out, &why) < 0) {
        ts_error_set(err, "%s %s: %s", service, operation, why.msg);
        cJSON_Delete(out);
        out = NULL;
    }
out:
    xmlFreeDoc(doc);
    if (!out)
        one_line(err);
    return out;
}
