/* AWS XML answers (query protocol: STS, SNS, EC2; REST-XML: S3) turned into
 * the JSON the AWS CLI prints for them, which is what the snapshot stores
 * (DESIGN.md section 2): botocore's member names, lists as arrays even with
 * one item or none, booleans as true/false, integers as numbers, timestamps
 * as the CLI prints them ("2026-11-25T12:00:00+00:00"), absent members left
 * out.  Elements the model does not know are kept (text as strings).
 *
 * The parser is libxml2 with no network access, no DTD (a document that has
 * one is refused, so no entity is ever declared or expanded), and caps on
 * size, depth, attributes and unknown names that keep the work linear in
 * the body's length.  Any bytes are safe input.
 *
 * Threads: call aws_xml_init() once before starting threads that use this
 * module (aws_xml_to_json calls it too, guarded by pthread_once; libxml2
 * 2.9's own first-call initialisation is not thread-safe, hence the guard).
 * After that the functions are safe to call from any thread.  They install
 * a silent libxml2 generic error handler in the calling thread (libxml2
 * would otherwise print some errors on stderr; trailscan uses libxml2
 * nowhere else). */
#ifndef TS_AWS_XML_H
#define TS_AWS_XML_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "util/error.h"
#include "aws/xml_parse.h" /* aws_xml_init, AWS_XML_MAX_* */

/* An element with more differently named unknown children than this is
 * refused (AWS adds members a few at a time). */
#define AWS_XML_MAX_UNKNOWN 256

/* Converts an XML answer of service ("sts", "sns", "ec2", "s3") and operation
 * (AWS's name, e.g. "ListSubscriptionsByTopic") into the AWS CLI's JSON for it.
 * Operations: sts GetCallerIdentity, sns ListSubscriptionsByTopic, ec2
 * DescribeRegions, s3 ListBuckets, GetBucketLocation ({"LocationConstraint":
 * null} for us-east-1, as the CLI prints it), GetBucketLogging,
 * GetBucketPolicyStatus, GetPublicAccessBlock, GetBucketAcl,
 * GetBucketLifecycleConfiguration (xml_shapes.c).
 * The query protocol's <XResponse><XResult> wrapper and its ResponseMetadata
 * (EC2: requestId) are unwrapped as botocore does.  Pagination tokens
 * (NextToken, ContinuationToken) stay in the object for the caller to follow.
 * Returns a new cJSON object (caller owns; cJSON_Delete), or NULL with err
 * filled: not XML, a DTD, too big or too deep, an operation with no shape,
 * a value that is not what the model says (an integer, a timestamp), or an
 * AWS error answer where a result was expected.
 *
 * This is the fuzz entry point for the XML path: it must never crash, leak
 * or hang, whatever body holds. */
cJSON *aws_xml_to_json(const char *service, const char *operation,
                       const char *body, size_t len, struct ts_error *err);

/* Reads an AWS error answer: query protocol <ErrorResponse><Error><Code>/
 * <Message>, EC2 <Response><Errors><Error>, S3 <Error><Code>/<Message>.
 * Returns 0 and fills code and message (truncated to their size, always
 * NUL-terminated; message "" when there is none), or -1 if body is not an
 * AWS XML error (then code and message are ""). */
int aws_xml_error(const char *body, size_t len, char *code, size_t code_size,
                  char *message, size_t message_size);

#endif
