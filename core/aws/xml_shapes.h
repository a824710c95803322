/* What each supported AWS XML answer looks like: a small table per
 * operation, written from botocore's service models (service-2.json), that
 * drives the one generic converter in xml.c.  tests/collect/xml_botocore.py
 * checks every entry against botocore's model, so a typo here fails a test. */
#ifndef TS_AWS_XML_SHAPES_H
#define TS_AWS_XML_SHAPES_H

/* The value's type: a scalar, or a structure with members of its own. */
enum aws_xml_type {
    AWS_XML_STRING,
    AWS_XML_BOOLEAN,        /* "true" is true, anything else false (botocore) */
    AWS_XML_INTEGER,        /* botocore's integer and long */
    AWS_XML_TIMESTAMP,      /* ISO 8601 on the wire, printed as the CLI does */
    AWS_XML_STRUCTURE
};

/* How a member sits in its parent element. */
enum aws_xml_form {
    AWS_XML_ONE,            /* <Wire>value</Wire> */
    AWS_XML_LIST,           /* <Wire><item/><item/></Wire>: every child is an item */
    AWS_XML_FLAT,           /* <Wire/><Wire/> repeated in the parent, no wrapper */
    AWS_XML_ATTRIBUTE       /* a namespaced attribute of the parent: xsi:type */
};

struct aws_xml_member {
    const char *name;       /* member name in the CLI's JSON */
    const char *wire;       /* element (or attribute) name on the wire; NULL: name */
    enum aws_xml_type type; /* of the value, or of each list item */
    enum aws_xml_form form;
    const char *item;       /* AWS_XML_LIST: the item element's modeled name */
    const struct aws_xml_member *members; /* AWS_XML_STRUCTURE: ends with name NULL */
};

enum aws_xml_protocol {
    AWS_XML_QUERY,          /* <XResponse><XResult>members</XResult><ResponseMetadata> */
    AWS_XML_EC2,            /* <XResponse>members<requestId/></XResponse> */
    AWS_XML_REST,           /* the root element holds the members */
    AWS_XML_REST_PAYLOAD,   /* the root element is the one member (the payload) */
    AWS_XML_REST_ROOT_TEXT  /* the root's text is the one member's value, null when
                             * empty: botocore's handler for GetBucketLocation */
};

struct aws_xml_operation {
    const char *service;    /* "sts", "sns", "ec2", "s3", "s3control" */
    const char *operation;  /* AWS's name: "GetBucketAcl" */
    enum aws_xml_protocol protocol;
    const char *result;     /* AWS_XML_QUERY: the result wrapper element */
    const struct aws_xml_member *members; /* the output shape's members */
};

/* The table entry for service and operation, or NULL if there is none.
 * The table is static: nothing to free. */
const struct aws_xml_operation *aws_xml_operation_find(const char *service,
                                                       const char *operation);

/* Every entry, ended by one whose service is NULL (for the model check). */
extern const struct aws_xml_operation aws_xml_operations[];

#endif
