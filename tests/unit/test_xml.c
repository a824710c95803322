/* AWS XML answers -> the AWS CLI's JSON: every supported operation on AWS's
 * documented examples and on what moto answers (tests/data/xml), one-item
 * and empty lists, the three error layouts, and hostile input (garbage,
 * truncation, entity bombs, depth) that must give an error, never a crash.
 * tests/collect/xml_botocore.py checks the same files against botocore. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"
#include "aws/xml.h"
#include "util/file_read.h"

/* Expected JSON is written with single quotes to stay readable. */
static cJSON *parse_expected(const char *text)
{
    char *s = ts_xstrdup(text);
    cJSON *j;

    for (char *p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    j = cJSON_Parse(s);
    free(s);
    return j;
}

/* Asserts that got (consumed) equals want, structurally (key order aside). */
#define ASSERT_JSON(got, want) assert_json(__FILE__, __LINE__, (got), (want))
static void assert_json(const char *file, int line, cJSON *got, const char *want)
{
    cJSON *w = parse_expected(want);
    char *g;

    if (!w) {
        fprintf(stderr, "%s:%d: bad expected JSON: %s\n", file, line, want);
        test_failures++;
    } else if (!got || !cJSON_Compare(got, w, 1)) {
        g = got ? cJSON_PrintUnformatted(got) : NULL;
        fprintf(stderr, "%s:%d: JSON differs\n  got:  %s\n  want: %s\n", file, line,
                g ? g : "(null)", want);
        free(g);
        test_failures++;
    }
    cJSON_Delete(w);
    cJSON_Delete(got);
}

/* Converts tests/data/xml/<name> as service operation. */
static cJSON *convert_file(const char *service, const char *operation, const char *name)
{
    const char *src = getenv("TRAILSCAN_SOURCE");
    char path[4096], *body = NULL;
    struct ts_error err;
    size_t len;
    cJSON *out;

    snprintf(path, sizeof(path), "%s/tests/data/xml/%s", src ? src : ".", name);
    if (ts_file_read(path, AWS_XML_MAX_BODY, &body, &len, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        test_failures++;
        return NULL;
    }
    out = aws_xml_to_json(service, operation, body, len, &err);
    if (!out)
        fprintf(stderr, "%s: %s\n", name, err.msg);
    free(body);
    return out;
}

static cJSON *convert(const char *service, const char *operation, const char *xml,
                      struct ts_error *err)
{
    return aws_xml_to_json(service, operation, xml, strlen(xml), err);
}

/* Converting must fail, with a message that contains needle. */
static void assert_refused(const char *service, const char *operation, const char *xml,
                           size_t len, const char *needle)
{
    struct ts_error err;
    cJSON *out;

    err.msg[0] = '\0';
    out = aws_xml_to_json(service, operation, xml, len, &err);
    ASSERT(out == NULL);
    ASSERT_CONTAINS(err.msg, needle);
    cJSON_Delete(out);
}

static void sts_caller_identity(void)
{
    ASSERT_JSON(convert_file("sts", "GetCallerIdentity", "sts.GetCallerIdentity.xml"),
                "{'UserId': 'AKIAI44QH8DHBEXAMPLE', 'Account': '123456789012',"
                " 'Arn': 'arn:aws:iam::123456789012:user/Alice'}");
    ASSERT_JSON(convert_file("sts", "GetCallerIdentity", "sts.GetCallerIdentity.moto.xml"),
                "{'UserId': 'AKIAIOSFODNN7EXAMPLE', 'Account': '123456789012',"
                " 'Arn': 'arn:aws:sts::123456789012:user/moto'}");
}

static void sns_subscriptions(void)
{
    /* A page: two subscriptions, the token kept for the caller, &amp; and
     * CDATA read as text. */
    ASSERT_JSON(convert_file("sns", "ListSubscriptionsByTopic",
                             "sns.ListSubscriptionsByTopic.page1.xml"),
                "{'Subscriptions': ["
                "{'TopicArn': 'arn:aws:sns:eu-west-1:123456789012:cloudtrail-alarms',"
                " 'Protocol': 'email', 'SubscriptionArn': 'PendingConfirmation',"
                " 'Owner': '123456789012', 'Endpoint': 'soc&audit@example.com'},"
                "{'TopicArn': 'arn:aws:sns:eu-west-1:123456789012:cloudtrail-alarms',"
                " 'Protocol': 'https', 'SubscriptionArn': 'arn:aws:sns:eu-west-1:"
                "123456789012:cloudtrail-alarms:0c8f3a1e-5b7d-4c2a-9e61-2f4d8b9a7c10',"
                " 'Owner': '123456789012',"
                " 'Endpoint': 'https://hooks.example.com/aws?team=sec&env=prod'}],"
                " 'NextToken': 'AAGZ3gW8xQ+Yq2k1mV8ZpN0b7sR4tLdVh6eXcC9fJ2uA=='}");
}

static void sns_one_and_empty(void)
{
    ASSERT_JSON(convert_file("sns", "ListSubscriptionsByTopic",
                             "sns.ListSubscriptionsByTopic.xml"),
                "{'Subscriptions': [{'TopicArn': 'arn:aws:sns:us-east-2:123456789012:My-Topic',"
                " 'Protocol': 'email', 'SubscriptionArn': 'arn:aws:sns:us-east-2:"
                "123456789012:My-Topic:80289ba6-0fd4-4079-afb4-ce8c8260f0ca',"
                " 'Owner': '123456789012', 'Endpoint': 'example@amazon.com'}]}");
    ASSERT_JSON(convert_file("sns", "ListSubscriptionsByTopic",
                             "sns.ListSubscriptionsByTopic.moto-empty.xml"),
                "{'Subscriptions': []}");
}

static void ec2_regions(void)
{
    /* lowerCamel wire names renamed, regionEndpoint -> Endpoint, requestId
     * dropped (the CLI drops ResponseMetadata). */
    ASSERT_JSON(convert_file("ec2", "DescribeRegions", "ec2.DescribeRegions.xml"),
                "{'Regions': ["
                "{'RegionName': 'us-east-2', 'Endpoint': 'ec2.us-east-2.amazonaws.com',"
                " 'OptInStatus': 'opt-in-not-required'},"
                "{'RegionName': 'ap-east-1', 'Endpoint': 'ec2.ap-east-1.amazonaws.com',"
                " 'OptInStatus': 'not-opted-in'},"
                "{'RegionName': 'af-south-1', 'Endpoint': 'ec2.af-south-1.amazonaws.com',"
                " 'OptInStatus': 'opted-in', 'Geography': [{'Name': 'South Africa'}]}]}");
    ASSERT_JSON(convert_file("ec2", "DescribeRegions", "ec2.DescribeRegions.one.xml"),
                "{'Regions': [{'RegionName': 'eu-central-1',"
                " 'Endpoint': 'ec2.eu-central-1.amazonaws.com',"
                " 'OptInStatus': 'opt-in-not-required'}]}");
}

static void ec2_regions_moto(void)
{
    cJSON *out = convert_file("ec2", "DescribeRegions", "ec2.DescribeRegions.moto.xml");
    cJSON *regions = cJSON_GetObjectItemCaseSensitive(out, "Regions");
    cJSON *first = cJSON_GetArrayItem(regions, 0);

    ASSERT(cJSON_GetArraySize(regions) > 20);
    ASSERT(cJSON_GetObjectItemCaseSensitive(out, "requestId") == NULL);
    ASSERT_JSON(cJSON_Duplicate(first, 1),
                "{'OptInStatus': 'opt-in-not-required', 'RegionName': 'af-south-1',"
                " 'Endpoint': 'ec2.af-south-1.amazonaws.com'}");
    cJSON_Delete(out);
}

static void s3_list_buckets(void)
{
    /* Timestamps as the CLI prints them; microseconds only when present. */
    ASSERT_JSON(convert_file("s3", "ListBuckets", "s3.ListBuckets.xml"),
                "{'Owner': {'ID': 'bcaf1ffd86f461ca5fb16fd081034f', 'DisplayName': 'webfile'},"
                " 'Buckets': ["
                "{'Name': 'amzn-s3-demo-bucket', 'CreationDate': '2019-12-11T23:32:47+00:00',"
                " 'BucketRegion': 'us-east-1', 'BucketArn': 'arn:aws:s3:::amzn-s3-demo-bucket'},"
                "{'Name': 'amzn-s3-demo-bucket1',"
                " 'CreationDate': '2025-03-04T17:08:02.512000+00:00', 'BucketRegion': 'eu-west-1'}]}");
    ASSERT_JSON(convert_file("s3", "ListBuckets", "s3.ListBuckets.page1.xml"),
                "{'Owner': {'ID': 'bcaf1ffd86f461ca5fb16fd081034f'},"
                " 'Buckets': [{'Name': 'cloudtrail-logs-123456789012',"
                " 'CreationDate': '2021-06-30T08:15:00+00:00', 'BucketRegion': 'us-east-1'}],"
                " 'ContinuationToken': 'eyJDb250aW51YXRpb25Ub2tlbiI6ICJjbG91ZHRyYWlsIn0=',"
                " 'Prefix': 'cloudtrail-'}");
    ASSERT_JSON(convert_file("s3", "ListBuckets", "s3.ListBuckets.moto-empty.xml"),
                "{'Buckets': [], 'Owner': {'DisplayName': 'webfile',"
                " 'ID': 'bcaf1ffd86f41161ca5fb16fd081034f'}}");
}

static void s3_timestamps(void)
{
    struct ts_error err;
    const char *head = "<ListAllMyBucketsResult><Buckets><Bucket><CreationDate>";
    const char *tail = "</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>";
    const char *cases[][2] = {
        {"2026-11-25T12:00:00Z", "2026-11-25T12:00:00+00:00"},
        {"2026-11-25T14:30:00+02:30", "2026-11-25T12:00:00+00:00"},
        {" 2024-02-29T23:59:59.5Z\n", "2024-02-29T23:59:59.500000+00:00"},
        {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59+00:00"},
    };
    char xml[512], want[256];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(xml, sizeof(xml), "%s%s%s", head, cases[i][0], tail);
        snprintf(want, sizeof(want), "{'Buckets': [{'CreationDate': '%s'}]}", cases[i][1]);
        ASSERT_JSON(convert("s3", "ListBuckets", xml, &err), want);
    }
    snprintf(xml, sizeof(xml), "%s%s%s", head, "yesterday", tail);
    assert_refused("s3", "ListBuckets", xml, strlen(xml), "<CreationDate> is not a timestamp: 'yesterday'");
}

static void s3_location(void)
{
    /* The root's text is the value; us-east-1 is empty, which the CLI
     * prints as null. */
    ASSERT_JSON(convert_file("s3", "GetBucketLocation", "s3.GetBucketLocation.xml"),
                "{'LocationConstraint': 'eu-central-1'}");
    ASSERT_JSON(convert_file("s3", "GetBucketLocation", "s3.GetBucketLocation.eu.xml"),
                "{'LocationConstraint': 'EU'}");
    ASSERT_JSON(convert_file("s3", "GetBucketLocation", "s3.GetBucketLocation.us-east-1.xml"),
                "{'LocationConstraint': null}");
    ASSERT_JSON(convert_file("s3", "GetBucketLocation", "s3.GetBucketLocation.moto-us-east-1.xml"),
                "{'LocationConstraint': null}");
    ASSERT_JSON(convert_file("s3", "GetBucketLocation", "s3.GetBucketLocation.moto.xml"),
                "{'LocationConstraint': 'eu-west-1'}");
}

static void s3_logging(void)
{
    ASSERT_JSON(convert_file("s3", "GetBucketLogging", "s3.GetBucketLogging.xml"),
                "{'LoggingEnabled': {'TargetBucket': 'mybucketlogs',"
                " 'TargetPrefix': 'mybucket-access_log-/',"
                " 'TargetGrants': [{'Grantee': {'Type': 'AmazonCustomerByEmail',"
                " 'EmailAddress': 'user@company.com'}, 'Permission': 'READ'}],"
                " 'TargetObjectKeyFormat': {'PartitionedPrefix':"
                " {'PartitionDateSource': 'EventTime'}}}}");
    /* Empty elements: "" for a string, [] for a list, {} for a structure. */
    ASSERT_JSON(convert_file("s3", "GetBucketLogging", "s3.GetBucketLogging.simple.xml"),
                "{'LoggingEnabled': {'TargetBucket': 'access-logs-123456789012',"
                " 'TargetPrefix': '', 'TargetGrants': [],"
                " 'TargetObjectKeyFormat': {'SimplePrefix': {}}}}");
    ASSERT_JSON(convert_file("s3", "GetBucketLogging", "s3.GetBucketLogging.empty.xml"), "{}");
    ASSERT_JSON(convert_file("s3", "GetBucketLogging", "s3.GetBucketLogging.moto-empty.xml"), "{}");
    ASSERT_JSON(convert_file("s3", "GetBucketLogging", "s3.GetBucketLogging.moto.xml"),
                "{'LoggingEnabled': {'TargetBucket': 'access-logs',"
                " 'TargetPrefix': 'trail-logs/'}}");
}

static void s3_policy_status(void)
{
    struct ts_error err;

    ASSERT_JSON(convert_file("s3", "GetBucketPolicyStatus", "s3.GetBucketPolicyStatus.xml"),
                "{'PolicyStatus': {'IsPublic': true}}");
    ASSERT_JSON(convert_file("s3", "GetBucketPolicyStatus",
                             "s3.GetBucketPolicyStatus.private.xml"),
                "{'PolicyStatus': {'IsPublic': false}}");
    /* botocore (so the CLI) takes only "true" as true; AWS's docs show
     * "TRUE" but S3 sends lower case. */
    ASSERT_JSON(convert("s3", "GetBucketPolicyStatus",
                        "<PolicyStatus><IsPublic>TRUE</IsPublic></PolicyStatus>", &err),
                "{'PolicyStatus': {'IsPublic': false}}");
    /* moto answers a ListBucketResult: no IsPublic, its members kept. */
    ASSERT_JSON(convert_file("s3", "GetBucketPolicyStatus", "s3.GetBucketPolicyStatus.moto.xml"),
                "{'PolicyStatus': {'IsTruncated': 'false', 'Name': 'trail-logs',"
                " 'MaxKeys': '1000'}}");
}

static void s3_public_access_block(void)
{
    ASSERT_JSON(convert_file("s3", "GetPublicAccessBlock", "s3.GetPublicAccessBlock.xml"),
                "{'PublicAccessBlockConfiguration': {'BlockPublicAcls': true,"
                " 'IgnorePublicAcls': true, 'BlockPublicPolicy': false,"
                " 'RestrictPublicBuckets': false}}");
    ASSERT_JSON(convert_file("s3", "GetPublicAccessBlock", "s3.GetPublicAccessBlock.moto.xml"),
                "{'PublicAccessBlockConfiguration': {'BlockPublicAcls': true,"
                " 'IgnorePublicAcls': true, 'BlockPublicPolicy': true,"
                " 'RestrictPublicBuckets': false}}");
}

static void s3_acl(void)
{
    /* Type comes from the xsi:type attribute, whatever the prefix is. */
    ASSERT_JSON(convert_file("s3", "GetBucketAcl", "s3.GetBucketAcl.xml"),
                "{'Owner': {'ID': '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a',"
                " 'DisplayName': 'CustomersName@amazon.com'},"
                " 'Grants': ["
                "{'Grantee': {'Type': 'CanonicalUser',"
                " 'ID': '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a',"
                " 'DisplayName': 'CustomersName@amazon.com'}, 'Permission': 'FULL_CONTROL'},"
                "{'Grantee': {'Type': 'Group',"
                " 'URI': 'http://acs.amazonaws.com/groups/global/AllUsers'}, 'Permission': 'READ'},"
                "{'Grantee': {'Type': 'AmazonCustomerByEmail',"
                " 'EmailAddress': 'auditor@example.com'}, 'Permission': 'READ_ACP'}]}");
    ASSERT_JSON(convert_file("s3", "GetBucketAcl", "s3.GetBucketAcl.moto.xml"),
                "{'Owner': {'DisplayName': 'webfile',"
                " 'ID': '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a'},"
                " 'Grants': [{'Grantee': {'Type': 'CanonicalUser',"
                " 'ID': '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a'},"
                " 'Permission': 'FULL_CONTROL'},"
                "{'Grantee': {'Type': 'Group',"
                " 'URI': 'http://acs.amazonaws.com/groups/s3/LogDelivery'},"
                " 'Permission': 'READ_ACP'}]}");
}

static void s3_lifecycle(void)
{
    ASSERT_JSON(convert_file("s3", "GetBucketLifecycleConfiguration",
                             "s3.GetBucketLifecycleConfiguration.xml"),
                "{'Rules': [{'ID': 'id1', 'Filter': {'Prefix': 'documents/'}, 'Status': 'Enabled',"
                " 'Transitions': [{'Days': 30, 'StorageClass': 'GLACIER'}]},"
                "{'ID': 'id2', 'Filter': {'Prefix': 'logs/'}, 'Status': 'Enabled',"
                " 'Expiration': {'Days': 365}}]}");
    ASSERT_JSON(convert_file("s3", "GetBucketLifecycleConfiguration",
                             "s3.GetBucketLifecycleConfiguration.full.xml"),
                "{'Rules': ["
                "{'ID': 'legacy-prefix', 'Prefix': 'AWSLogs/', 'Status': 'Enabled',"
                " 'Expiration': {'Date': '2027-01-01T00:00:00+00:00'},"
                " 'Transitions': [{'Date': '2026-12-01T00:00:00+00:00', 'StorageClass': 'STANDARD_IA'}]},"
                "{'ID': 'tagged-and-sized', 'Status': 'Disabled',"
                " 'Filter': {'And': {'Prefix': 'AWSLogs/123456789012/CloudTrail/',"
                " 'Tags': [{'Key': 'retention', 'Value': 'long'}, {'Key': 'class', 'Value': 'audit'}],"
                " 'ObjectSizeGreaterThan': 128, 'ObjectSizeLessThan': 10737418240}},"
                " 'Transitions': [{'Days': 30, 'StorageClass': 'STANDARD_IA'},"
                " {'Days': 90, 'StorageClass': 'GLACIER'}, {'Days': 365, 'StorageClass': 'DEEP_ARCHIVE'}],"
                " 'NoncurrentVersionTransitions': [{'NoncurrentDays': 30, 'StorageClass': 'GLACIER_IR',"
                " 'NewerNoncurrentVersions': 2}],"
                " 'NoncurrentVersionExpiration': {'NoncurrentDays': 400, 'NewerNoncurrentVersions': 5},"
                " 'AbortIncompleteMultipartUpload': {'DaysAfterInitiation': 7}},"
                "{'ID': 'one-tag', 'Filter': {'Tag': {'Key': 'temp', 'Value': 'yes'}},"
                " 'Status': 'Enabled', 'Expiration': {'Days': 1}},"
                "{'ID': 'markers', 'Filter': {'ObjectSizeGreaterThan': 0}, 'Status': 'Enabled',"
                " 'Expiration': {'ExpiredObjectDeleteMarker': true}},"
                "{'ID': 'everything', 'Filter': {}, 'Status': 'Enabled',"
                " 'NoncurrentVersionExpiration': {'NoncurrentDays': 30}}]}");
}

static void s3_lifecycle_one_each(void)
{
    /* Flattened lists with a single element are still arrays. */
    ASSERT_JSON(convert_file("s3", "GetBucketLifecycleConfiguration",
                             "s3.GetBucketLifecycleConfiguration.one.xml"),
                "{'Rules': [{'ID': 'only', 'Filter': {'And': {'Prefix': 'p/',"
                " 'Tags': [{'Key': 'k', 'Value': 'v'}]}}, 'Status': 'Enabled',"
                " 'Transitions': [{'Days': 0, 'StorageClass': 'INTELLIGENT_TIERING'}]}]}");
}

static void s3_lifecycle_moto(void)
{
    /* moto drops ObjectSizeGreaterThan from the filter: <Filter/> -> {}. */
    cJSON *out = convert_file("s3", "GetBucketLifecycleConfiguration",
                              "s3.GetBucketLifecycleConfiguration.moto.xml");
    cJSON *rules = cJSON_GetObjectItemCaseSensitive(out, "Rules");

    ASSERT_EQ_INT(cJSON_GetArraySize(rules), 4);
    ASSERT_JSON(cJSON_Duplicate(cJSON_GetArrayItem(rules, 3), 1),
                "{'Expiration': {'ExpiredObjectDeleteMarker': true}, 'ID': 'markers',"
                " 'Filter': {}, 'Status': 'Enabled'}");
    ASSERT_JSON(cJSON_Duplicate(cJSON_GetArrayItem(rules, 2), 1),
                "{'Expiration': {'Date': '2027-01-01T00:00:00+00:00'}, 'ID': 'one-tag',"
                " 'Filter': {'Tag': {'Key': 'k', 'Value': 'v'}}, 'Status': 'Enabled'}");
    cJSON_Delete(out);
}

static void unknown_elements_kept(void)
{
    struct ts_error err;

    /* New members AWS adds later survive into the snapshot: text as a
     * string, nested as an object, repeated as an array. */
    ASSERT_JSON(convert("sts", "GetCallerIdentity",
                        "<GetCallerIdentityResponse><GetCallerIdentityResult>"
                        "<Account>123456789012</Account><Tier>gold</Tier>"
                        "<Extra><A>1</A><B><C>2</C></B></Extra>"
                        "<Flag>x</Flag><Flag>y</Flag><Flag>z</Flag>"
                        "</GetCallerIdentityResult></GetCallerIdentityResponse>", &err),
                "{'Account': '123456789012', 'Tier': 'gold',"
                " 'Extra': {'A': '1', 'B': {'C': '2'}}, 'Flag': ['x', 'y', 'z']}");
    /* A second copy of a known member: the first wins (as in botocore). */
    ASSERT_JSON(convert("sts", "GetCallerIdentity",
                        "<R><GetCallerIdentityResult><Arn>a</Arn><Arn>b</Arn>"
                        "</GetCallerIdentityResult></R>", &err),
                "{'Arn': 'a'}");
}

static void bad_values(void)
{
    const char *xml = "<LifecycleConfiguration><Rule><Expiration><Days>forever</Days>"
                      "</Expiration></Rule></LifecycleConfiguration>";

    assert_refused("s3", "GetBucketLifecycleConfiguration", xml, strlen(xml),
                   "s3 GetBucketLifecycleConfiguration: <Days> is not an integer: 'forever'");
    xml = "<LifecycleConfiguration><Rule><Expiration><Days>99999999999999999999</Days>"
          "</Expiration></Rule></LifecycleConfiguration>";
    assert_refused("s3", "GetBucketLifecycleConfiguration", xml, strlen(xml),
                   "is not an integer");
    xml = "<R><NoResult/></R>";
    assert_refused("sts", "GetCallerIdentity", xml, strlen(xml),
                   "no <GetCallerIdentityResult> in the answer (root <R>)");
    assert_refused("s3", "GetBucketTagging", "<Tagging/>", 10,
                   "s3 GetBucketTagging: no XML shape for this operation");
}

static void error_layouts(void)
{
    char code[64], message[128];
    const char *query = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        "<Error><Type>Sender</Type><Code>ExpiredToken</Code>"
                        "<Message>The security token included in the request is expired</Message>"
                        "</Error><RequestId>x</RequestId></ErrorResponse>";
    const char *ec2 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
                      "<Code>UnauthorizedOperation</Code><Message>You are not authorized"
                      " to perform this operation.</Message></Error></Errors>"
                      "<RequestID>y</RequestID></Response>";
    const char *s3 = "<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy"
                     " does not exist</Message><BucketName>b</BucketName></Error>";
    const char *moto_auth = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ErrorResponse><Errors>"
                            "<Error><Code>SignatureDoesNotMatch</Code><Message>The request"
                            " signature we calculated does not match</Message>"
                            "<Type>Sender</Type></Error></Errors></ErrorResponse>";
    const char *sns_moto = "<ErrorResponse><Error><Code>NotFound</Code>"
                           "<message>Topic does not exist</message></Error></ErrorResponse>";

    ASSERT_EQ_INT(aws_xml_error(query, strlen(query), code, sizeof(code), message, sizeof(message)), 0);
    ASSERT(!strcmp(code, "ExpiredToken"));
    ASSERT(!strcmp(message, "The security token included in the request is expired"));
    ASSERT_EQ_INT(aws_xml_error(ec2, strlen(ec2), code, sizeof(code), message, sizeof(message)), 0);
    ASSERT(!strcmp(code, "UnauthorizedOperation"));
    ASSERT(!strcmp(message, "You are not authorized to perform this operation."));
    ASSERT_EQ_INT(aws_xml_error(s3, strlen(s3), code, sizeof(code), message, sizeof(message)), 0);
    ASSERT(!strcmp(code, "NoSuchBucketPolicy"));
    ASSERT(!strcmp(message, "The bucket policy does not exist"));
    ASSERT_EQ_INT(aws_xml_error(sns_moto, strlen(sns_moto), code, sizeof(code), message,
                                sizeof(message)), 0);
    ASSERT(!strcmp(message, "Topic does not exist"));
    /* moto's auth errors mix the layouts; botocore reads them, so do we */
    ASSERT_EQ_INT(aws_xml_error(moto_auth, strlen(moto_auth), code, sizeof(code), message,
                                sizeof(message)), 0);
    ASSERT(!strcmp(code, "SignatureDoesNotMatch"));
    ASSERT(!strcmp(message, "The request signature we calculated does not match"));
}

static void error_truncated_and_not_errors(void)
{
    char code[8], message[12];
    const char *s3 = "<Error><Code>AccessDeniedException</Code>"
                     "<Message>Acc\xC3\xA8s refus\xC3\xA9 \xC3\xA0 tous</Message></Error>";
    const char *not_errors[] = {"<PolicyStatus><IsPublic>true</IsPublic></PolicyStatus>",
                                "<Error><Message>no code</Message></Error>",
                                "<Result><Error><Code>X</Code></Error></Result>",
                                "not xml at all", "<Error><Code>X</Code>", ""};

    ASSERT_EQ_INT(aws_xml_error(s3, strlen(s3), code, sizeof(code), message, sizeof(message)), 0);
    ASSERT(!strcmp(code, "AccessD"));
    /* cut before a character, never inside one: "Accès refu" is 11 bytes */
    ASSERT(!strcmp(message, "Acc\xC3\xA8s refu"));
    for (size_t i = 0; i < sizeof(not_errors) / sizeof(not_errors[0]); i++) {
        strcpy(code, "junk");
        ASSERT_EQ_INT(aws_xml_error(not_errors[i], strlen(not_errors[i]), code, sizeof(code),
                                    message, sizeof(message)), -1);
        ASSERT(code[0] == '\0' && message[0] == '\0');
    }
}

static void answer_is_an_error(void)
{
    const char *s3 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                     "<Message>Access Denied</Message><RequestId>r</RequestId></Error>";

    assert_refused("s3", "GetBucketAcl", s3, strlen(s3),
                   "s3 GetBucketAcl: AWS answered with an error: AccessDenied: Access Denied");
}

static void garbage_and_truncated(void)
{
    const char *acl = "<AccessControlPolicy><Owner><ID>abc</ID></Owner><AccessControlList>"
                      "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                      " xsi:type=\"Group\"><URI>u</URI></Grantee></Grant></AccessControlList>"
                      "</AccessControlPolicy>";
    const char nul[] = "<PolicyStatus><IsPublic>tr\0ue</IsPublic></PolicyStatus>";

    assert_refused("s3", "GetBucketAcl", "", 0, "the answer is empty");
    assert_refused("s3", "GetBucketAcl", NULL, 0, "the answer is empty");
    assert_refused("s3", "GetBucketAcl", "{\"json\": true}", 15, "not well-formed XML: line 1");
    assert_refused("s3", "GetBucketAcl", "\xff\xfe\x00<\x01", 5, "not well-formed XML");
    assert_refused("s3", "GetBucketPolicyStatus", nul, sizeof(nul) - 1, "not well-formed XML");
    /* libxml2's own message spans two lines; ours is one */
    assert_refused("s3", "GetBucketAcl", "<R>\xc3\x28</R>", 9,
                   "Input is not proper UTF-8, indicate encoding ! Bytes: 0xC3 0x28");
    /* every prefix of a good answer: an error or a result, never a crash */
    for (size_t n = 0; n < strlen(acl); n++) {
        struct ts_error err;
        cJSON *out = aws_xml_to_json("s3", "GetBucketAcl", acl, n, &err);
        ASSERT(out == NULL);
        cJSON_Delete(out);
    }
}

static void entity_bombs_refused(void)
{
    const char *laughs =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
        " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
        " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
        " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
        " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
        "]>\n<PolicyStatus><IsPublic>&lol9;</IsPublic></PolicyStatus>";
    const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                      "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>&x;</Arn>"
                      "</GetCallerIdentityResult></GetCallerIdentityResponse>";
    const char *ext_dtd = "<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\"><r/>";
    const char *undeclared = "<PolicyStatus><IsPublic>&lol;</IsPublic></PolicyStatus>";
    char code[16], message[16];

    assert_refused("s3", "GetBucketPolicyStatus", laughs, strlen(laughs), "has a DTD");
    assert_refused("sts", "GetCallerIdentity", xxe, strlen(xxe), "has a DTD");
    assert_refused("s3", "GetBucketPolicyStatus", ext_dtd, strlen(ext_dtd), "has a DTD");
    assert_refused("s3", "GetBucketPolicyStatus", undeclared, strlen(undeclared),
                   "not well-formed XML");
    ASSERT_EQ_INT(aws_xml_error(laughs, strlen(laughs), code, sizeof(code), message,
                                sizeof(message)), -1);
}

/* A library prints nothing: libxml2's encoding errors would go to stderr
 * through its generic handler unless it is silenced. */
static void prints_nothing(void)
{
    const char *bodies[] = {"<?xml version=\"1.0\" encoding=\"EBCDIC-US\"?><R/>",
                            "<?xml version=\"1.0\" encoding=\"bogus\"?><R/>",
                            "<R>\xc3\x28</R>", "<R><unclosed></R>"};
    FILE *tmp = tmpfile();
    int saved = dup(2);
    long size;

    ASSERT(tmp && saved >= 0);
    if (!tmp || saved < 0)
        return;
    fflush(stderr);
    dup2(fileno(tmp), 2);
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        struct ts_error err;
        cJSON_Delete(aws_xml_to_json("s3", "GetBucketAcl", bodies[i], strlen(bodies[i]), &err));
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fseek(tmp, 0, SEEK_END);
    size = ftell(tmp);
    fclose(tmp);
    ASSERT_EQ_INT(size, 0);
}

static void limits(void)
{
    char *deep = ts_xmalloc(AWS_XML_MAX_DEPTH * 7 * 2 + 200), *p = deep, *big;
    size_t len;

    p += sprintf(p, "<R><GetCallerIdentityResult>");
    for (int i = 0; i < AWS_XML_MAX_DEPTH + 5; i++)
        p += sprintf(p, "<a>");
    for (int i = 0; i < AWS_XML_MAX_DEPTH + 5; i++)
        p += sprintf(p, "</a>");
    p += sprintf(p, "</GetCallerIdentityResult></R>");
    assert_refused("sts", "GetCallerIdentity", deep, (size_t)(p - deep),
                   "nested deeper than 64 elements");
    free(deep);

    /* each of these would take libxml2 minutes at full size */
    p = deep = ts_xmalloc(AWS_XML_MAX_ATTRIBUTES * 16 + 100);
    p += sprintf(p, "<R");
    for (int i = 0; i <= AWS_XML_MAX_ATTRIBUTES; i++)
        p += sprintf(p, " a%d=\"\"", i);
    p += sprintf(p, "/>");
    assert_refused("s3", "GetBucketAcl", deep, (size_t)(p - deep), "more than 256 attributes");
    free(deep);
    p = deep = ts_xmalloc(AWS_XML_MAX_NAMESPACES * 40 + 100);
    for (int i = 0; i <= AWS_XML_MAX_NAMESPACES; i++)
        p += sprintf(p, "<e xmlns:p%d=\"u\">", i);
    p += sprintf(p, "<p0:x/>");
    assert_refused("s3", "GetBucketAcl", deep, (size_t)(p - deep), "more than 64 namespaces in scope");
    free(deep);
    p = deep = ts_xmalloc(AWS_XML_MAX_UNKNOWN * 12 + 100);
    p += sprintf(p, "<R><GetCallerIdentityResult>");
    for (int i = 0; i <= AWS_XML_MAX_UNKNOWN; i++)
        p += sprintf(p, "<u%d/>", i);
    p += sprintf(p, "</GetCallerIdentityResult></R>");
    assert_refused("sts", "GetCallerIdentity", deep, (size_t)(p - deep),
                   "<GetCallerIdentityResult> has more than 256 unknown members");
    free(deep);

    len = AWS_XML_MAX_BODY + 1;
    big = ts_xmalloc(len);
    memset(big, ' ', len);
    memcpy(big, "<R>", 3);
    assert_refused("sts", "GetCallerIdentity", big, len, "too big");
    free(big);
}

/* Deterministic mutations of a real answer: flipped bytes, cut tails and
 * spliced markup must give an error or a result, never a crash or a leak
 * (ASan and LeakSanitizer watch this). */
static void mutations_never_crash(void)
{
    const char *base = "<?xml version=\"1.0\"?><LifecycleConfiguration xmlns=\"x\"><Rule><ID>a</ID>"
                       "<Filter><And><Prefix>p</Prefix><Tag><Key>k</Key><Value>v</Value></Tag>"
                       "</And></Filter><Status>Enabled</Status><Transition><Days>30</Days>"
                       "<Date>2026-01-01T00:00:00Z</Date></Transition><Expiration><Days>1</Days>"
                       "</Expiration></Rule></LifecycleConfiguration>";
    static const char splice[] = "<>&;\"'/=![]?x\0\xff";
    size_t n = strlen(base), results = 0;
    char *buf = ts_xmalloc(n);
    uint32_t seed = 12345;

    for (int round = 0; round < 3000; round++) {
        struct ts_error err;
        cJSON *out;
        memcpy(buf, base, n);
        for (int k = 0; k < 1 + round % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[(seed >> 8) % n] = splice[(seed >> 20) % (sizeof(splice) - 1)];
        }
        out = aws_xml_to_json("s3", "GetBucketLifecycleConfiguration", buf,
                              n - (size_t)(round % 7), &err);
        results += out != NULL;
        cJSON_Delete(out);
    }
    free(buf);
    ASSERT(results > 0); /* some mutations still parse: the loop tests both paths */
}

int main(void)
{
    aws_xml_init();
    RUN(sts_caller_identity);
    RUN(sns_subscriptions);
    RUN(sns_one_and_empty);
    RUN(ec2_regions);
    RUN(ec2_regions_moto);
    RUN(s3_list_buckets);
    RUN(s3_timestamps);
    RUN(s3_location);
    RUN(s3_logging);
    RUN(s3_policy_status);
    RUN(s3_public_access_block);
    RUN(s3_acl);
    RUN(s3_lifecycle);
    RUN(s3_lifecycle_one_each);
    RUN(s3_lifecycle_moto);
    RUN(unknown_elements_kept);
    RUN(bad_values);
    RUN(error_layouts);
    RUN(error_truncated_and_not_errors);
    RUN(answer_is_an_error);
    RUN(garbage_and_truncated);
    RUN(entity_bombs_refused);
    RUN(prints_nothing);
    RUN(limits);
    RUN(mutations_never_crash);
    return TEST_EXIT();
}
