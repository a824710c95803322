/* The output shapes of the XML operations trailscan calls, transcribed from
 * botocore's models (sts 2011-06-15, sns 2010-03-31, ec2 2016-11-15,
 * s3 2006-03-01, s3control 2018-08-20).  Members are listed in the model's
 * order, which is the order the converter writes them in. */
#include "aws/xml_shapes.h"

#include <stddef.h>
#include <string.h>

/* A scalar member whose wire name is its JSON name. */
#define ONE(n, t) {n, NULL, t, AWS_XML_ONE, NULL, NULL}
/* A scalar member with its own wire name (EC2's lowerCamel names). */
#define WIRE(n, w, t) {n, w, t, AWS_XML_ONE, NULL, NULL}
#define STR(n) ONE(n, AWS_XML_STRING)
#define INT(n) ONE(n, AWS_XML_INTEGER)
#define BOOL(n) ONE(n, AWS_XML_BOOLEAN)
#define TIME(n) ONE(n, AWS_XML_TIMESTAMP)
#define STRUCT(n, m) {n, NULL, AWS_XML_STRUCTURE, AWS_XML_ONE, NULL, m}
/* A structure member with its own wire name. */
#define WSTRUCT(n, w, m) {n, w, AWS_XML_STRUCTURE, AWS_XML_ONE, NULL, m}
/* A list of structures in a wrapper element: <w><item>..</item></w>. */
#define LIST(n, w, item, m) {n, w, AWS_XML_STRUCTURE, AWS_XML_LIST, item, m}
/* A list of structures repeated in place: <w>..</w><w>..</w>. */
#define FLAT(n, w, m) {n, w, AWS_XML_STRUCTURE, AWS_XML_FLAT, NULL, m}
#define ATTR(n, w) {n, w, AWS_XML_STRING, AWS_XML_ATTRIBUTE, NULL, NULL}
#define END {NULL, NULL, AWS_XML_STRING, AWS_XML_ONE, NULL, NULL}

/* ---- sts ---- */
static const struct aws_xml_member sts_caller_identity[] = {
    STR("UserId"), STR("Account"), STR("Arn"), END};
static const struct aws_xml_member sts_credentials[] = {
    STR("AccessKeyId"), STR("SecretAccessKey"), STR("SessionToken"), TIME("Expiration"), END};
static const struct aws_xml_member sts_assumed_role_user[] = {
    STR("AssumedRoleId"), STR("Arn"), END};
static const struct aws_xml_member sts_assume_role[] = {
    STRUCT("Credentials", sts_credentials), STRUCT("AssumedRoleUser", sts_assumed_role_user),
    INT("PackedPolicySize"), STR("SourceIdentity"), END};
static const struct aws_xml_member sts_assume_role_web_identity[] = {
    STRUCT("Credentials", sts_credentials), STR("SubjectFromWebIdentityToken"),
    STRUCT("AssumedRoleUser", sts_assumed_role_user), INT("PackedPolicySize"),
    STR("Provider"), STR("Audience"), STR("SourceIdentity"), END};

/* ---- sns ---- */
static const struct aws_xml_member sns_subscription[] = {
    STR("SubscriptionArn"), STR("Owner"), STR("Protocol"), STR("Endpoint"),
    STR("TopicArn"), END};
static const struct aws_xml_member sns_subscriptions_by_topic[] = {
    LIST("Subscriptions", NULL, "member", sns_subscription),
    STR("NextToken"), END};

/* ---- ec2 ---- */
static const struct aws_xml_member ec2_geography[] = {
    WIRE("Name", "name", AWS_XML_STRING), END};
static const struct aws_xml_member ec2_region[] = {
    WIRE("OptInStatus", "optInStatus", AWS_XML_STRING),
    LIST("Geography", "geographySet", "item", ec2_geography),
    WIRE("RegionName", "regionName", AWS_XML_STRING),
    WIRE("Endpoint", "regionEndpoint", AWS_XML_STRING), END};
static const struct aws_xml_member ec2_describe_regions[] = {
    LIST("Regions", "regionInfo", "item", ec2_region), END};

/* ---- ec2 DescribeVpcs, DescribeFlowLogs (generated from the model: every
 * member, so nested lists such as Tags are lists) ---- */
static const struct aws_xml_member ec2_vpccidrblockstate[] = {
    WIRE("State", "state", AWS_XML_STRING),
    WIRE("StatusMessage", "statusMessage", AWS_XML_STRING), END};
static const struct aws_xml_member ec2_vpcipv6cidrblockassociation[] = {
    WIRE("AssociationId", "associationId", AWS_XML_STRING),
    WIRE("Ipv6CidrBlock", "ipv6CidrBlock", AWS_XML_STRING),
    WSTRUCT("Ipv6CidrBlockState", "ipv6CidrBlockState", ec2_vpccidrblockstate),
    WIRE("NetworkBorderGroup", "networkBorderGroup", AWS_XML_STRING),
    WIRE("Ipv6Pool", "ipv6Pool", AWS_XML_STRING),
    WIRE("Ipv6AddressAttribute", "ipv6AddressAttribute", AWS_XML_STRING),
    WIRE("IpSource", "ipSource", AWS_XML_STRING), END};
static const struct aws_xml_member ec2_vpccidrblockassociation[] = {
    WIRE("AssociationId", "associationId", AWS_XML_STRING),
    WIRE("CidrBlock", "cidrBlock", AWS_XML_STRING),
    WSTRUCT("CidrBlockState", "cidrBlockState", ec2_vpccidrblockstate), END};
static const struct aws_xml_member ec2_vpcencryptioncontrolexclusion[] = {
    WIRE("State", "state", AWS_XML_STRING),
    WIRE("StateMessage", "stateMessage", AWS_XML_STRING), END};
static const struct aws_xml_member ec2_vpcencryptioncontrolexclusions[] = {
    WSTRUCT("InternetGateway", "internetGateway", ec2_vpcencryptioncontrolexclusion),
    WSTRUCT("EgressOnlyInternetGateway", "egressOnlyInternetGateway",
            ec2_vpcencryptioncontrolexclusion),
    WSTRUCT("NatGateway", "natGateway", ec2_vpcencryptioncontrolexclusion),
    WSTRUCT("VirtualPrivateGateway", "virtualPrivateGateway", ec2_vpcencryptioncontrolexclusion),
    WSTRUCT("VpcPeering", "vpcPeering", ec2_vpcencryptioncontrolexclusion),
    WSTRUCT("Lambda", "lambda", ec2_vpcencryptioncontrolexclusion),
    WSTRUCT("VpcLattice", "vpcLattice", ec2_vpcencryptioncontrolexclusion),
    WSTRUCT("ElasticFileSystem", "elasticFileSystem", ec2_vpcencryptioncontrolexclusion), END};
static const struct aws_xml_member ec2_tag_item[] = {
    WIRE("Key", "key", AWS_XML_STRING),
    WIRE("Value", "value", AWS_XML_STRING), END};
static const struct aws_xml_member ec2_vpcencryptioncontrol[] = {
    WIRE("VpcId", "vpcId", AWS_XML_STRING),
    WIRE("VpcEncryptionControlId", "vpcEncryptionControlId", AWS_XML_STRING),
    WIRE("Mode", "mode", AWS_XML_STRING),
    WIRE("State", "state", AWS_XML_STRING),
    WIRE("StateMessage", "stateMessage", AWS_XML_STRING),
    WSTRUCT("ResourceExclusions", "resourceExclusions", ec2_vpcencryptioncontrolexclusions),
    LIST("Tags", "tagSet", "item", ec2_tag_item), END};
static const struct aws_xml_member ec2_blockpublicaccessstates[] = {
    WIRE("InternetGatewayBlockMode", "internetGatewayBlockMode", AWS_XML_STRING), END};
static const struct aws_xml_member ec2_vpc[] = {
    WIRE("OwnerId", "ownerId", AWS_XML_STRING),
    WIRE("InstanceTenancy", "instanceTenancy", AWS_XML_STRING),
    LIST("Ipv6CidrBlockAssociationSet", "ipv6CidrBlockAssociationSet", "item",
            ec2_vpcipv6cidrblockassociation),
    LIST("CidrBlockAssociationSet", "cidrBlockAssociationSet", "item", ec2_vpccidrblockassociation),
    WIRE("IsDefault", "isDefault", AWS_XML_BOOLEAN),
    WSTRUCT("EncryptionControl", "encryptionControl", ec2_vpcencryptioncontrol),
    LIST("Tags", "tagSet", "item", ec2_tag_item),
    WSTRUCT("BlockPublicAccessStates", "blockPublicAccessStates", ec2_blockpublicaccessstates),
    WIRE("VpcId", "vpcId", AWS_XML_STRING),
    WIRE("State", "state", AWS_XML_STRING),
    WIRE("CidrBlock", "cidrBlock", AWS_XML_STRING),
    WIRE("DhcpOptionsId", "dhcpOptionsId", AWS_XML_STRING), END};
static const struct aws_xml_member ec2_describevpcsresult[] = {
    WIRE("NextToken", "nextToken", AWS_XML_STRING),
    LIST("Vpcs", "vpcSet", "item", ec2_vpc), END};
static const struct aws_xml_member ec2_destinationoptionsresponse[] = {
    WIRE("FileFormat", "fileFormat", AWS_XML_STRING),
    WIRE("HiveCompatiblePartitions", "hiveCompatiblePartitions", AWS_XML_BOOLEAN),
    WIRE("PerHourPartition", "perHourPartition", AWS_XML_BOOLEAN), END};
static const struct aws_xml_member ec2_flowlog[] = {
    WIRE("CreationTime", "creationTime", AWS_XML_TIMESTAMP),
    WIRE("DeliverLogsErrorMessage", "deliverLogsErrorMessage", AWS_XML_STRING),
    WIRE("DeliverLogsPermissionArn", "deliverLogsPermissionArn", AWS_XML_STRING),
    WIRE("DeliverCrossAccountRole", "deliverCrossAccountRole", AWS_XML_STRING),
    WIRE("DeliverLogsStatus", "deliverLogsStatus", AWS_XML_STRING),
    WIRE("FlowLogId", "flowLogId", AWS_XML_STRING),
    WIRE("FlowLogStatus", "flowLogStatus", AWS_XML_STRING),
    WIRE("LogGroupName", "logGroupName", AWS_XML_STRING),
    WIRE("ResourceId", "resourceId", AWS_XML_STRING),
    WIRE("TrafficType", "trafficType", AWS_XML_STRING),
    WIRE("LogDestinationType", "logDestinationType", AWS_XML_STRING),
    WIRE("LogDestination", "logDestination", AWS_XML_STRING),
    WIRE("LogFormat", "logFormat", AWS_XML_STRING),
    LIST("Tags", "tagSet", "item", ec2_tag_item),
    WIRE("MaxAggregationInterval", "maxAggregationInterval", AWS_XML_INTEGER),
    WSTRUCT("DestinationOptions", "destinationOptions", ec2_destinationoptionsresponse), END};
static const struct aws_xml_member ec2_describeflowlogsresult[] = {
    LIST("FlowLogs", "flowLogSet", "item", ec2_flowlog),
    WIRE("NextToken", "nextToken", AWS_XML_STRING), END};

/* ---- s3: shared shapes ---- */
static const struct aws_xml_member s3_owner[] = {
    STR("DisplayName"), STR("ID"), END};
static const struct aws_xml_member s3_grantee[] = {
    STR("DisplayName"), STR("EmailAddress"), STR("ID"),
    ATTR("Type", "xsi:type"), STR("URI"), END};
static const struct aws_xml_member s3_grant[] = {
    STRUCT("Grantee", s3_grantee), STR("Permission"), END};
static const struct aws_xml_member s3_tag[] = {STR("Key"), STR("Value"), END};

/* ---- s3 ListBuckets ---- */
static const struct aws_xml_member s3_bucket[] = {
    STR("Name"), TIME("CreationDate"), STR("BucketRegion"), STR("BucketArn"), END};
static const struct aws_xml_member s3_list_buckets[] = {
    LIST("Buckets", NULL, "Bucket", s3_bucket), STRUCT("Owner", s3_owner),
    STR("ContinuationToken"), STR("Prefix"), END};

/* ---- s3 GetBucketLogging ---- */
static const struct aws_xml_member s3_empty[] = {END};
static const struct aws_xml_member s3_partitioned_prefix[] = {
    STR("PartitionDateSource"), END};
static const struct aws_xml_member s3_key_format[] = {
    STRUCT("SimplePrefix", s3_empty),
    STRUCT("PartitionedPrefix", s3_partitioned_prefix), END};
static const struct aws_xml_member s3_logging_enabled[] = {
    STR("TargetBucket"), LIST("TargetGrants", NULL, "Grant", s3_grant),
    STR("TargetPrefix"), STRUCT("TargetObjectKeyFormat", s3_key_format), END};
static const struct aws_xml_member s3_bucket_logging[] = {
    STRUCT("LoggingEnabled", s3_logging_enabled), END};

/* ---- s3 GetBucketLocation: <LocationConstraint>eu-west-1</LocationConstraint> ---- */
static const struct aws_xml_member s3_bucket_location[] = {
    STR("LocationConstraint"), END};

/* ---- s3 GetBucketPolicyStatus, GetPublicAccessBlock (payload members) ---- */
static const struct aws_xml_member s3_policy_status_fields[] = {
    BOOL("IsPublic"), END};
static const struct aws_xml_member s3_policy_status[] = {
    STRUCT("PolicyStatus", s3_policy_status_fields), END};
static const struct aws_xml_member s3_pab_fields[] = {
    BOOL("BlockPublicAcls"), BOOL("IgnorePublicAcls"), BOOL("BlockPublicPolicy"),
    BOOL("RestrictPublicBuckets"), END};
static const struct aws_xml_member s3_public_access_block[] = {
    STRUCT("PublicAccessBlockConfiguration", s3_pab_fields), END};

/* ---- s3 GetBucketAcl ---- */
static const struct aws_xml_member s3_bucket_acl[] = {
    STRUCT("Owner", s3_owner), LIST("Grants", "AccessControlList", "Grant", s3_grant),
    END};

/* ---- s3 GetBucketLifecycleConfiguration ---- */
static const struct aws_xml_member s3_expiration[] = {
    TIME("Date"), INT("Days"), BOOL("ExpiredObjectDeleteMarker"), END};
static const struct aws_xml_member s3_filter_and[] = {
    STR("Prefix"), FLAT("Tags", "Tag", s3_tag), INT("ObjectSizeGreaterThan"),
    INT("ObjectSizeLessThan"), END};
static const struct aws_xml_member s3_filter[] = {
    STR("Prefix"), STRUCT("Tag", s3_tag), INT("ObjectSizeGreaterThan"),
    INT("ObjectSizeLessThan"), STRUCT("And", s3_filter_and), END};
static const struct aws_xml_member s3_transition[] = {
    TIME("Date"), INT("Days"), STR("StorageClass"), END};
static const struct aws_xml_member s3_noncurrent_transition[] = {
    INT("NoncurrentDays"), STR("StorageClass"), INT("NewerNoncurrentVersions"), END};
static const struct aws_xml_member s3_noncurrent_expiration[] = {
    INT("NoncurrentDays"), INT("NewerNoncurrentVersions"), END};
static const struct aws_xml_member s3_abort_mpu[] = {
    INT("DaysAfterInitiation"), END};
static const struct aws_xml_member s3_lifecycle_rule[] = {
    STRUCT("Expiration", s3_expiration), STR("ID"), STR("Prefix"),
    STRUCT("Filter", s3_filter), STR("Status"),
    FLAT("Transitions", "Transition", s3_transition),
    FLAT("NoncurrentVersionTransitions", "NoncurrentVersionTransition",
         s3_noncurrent_transition),
    STRUCT("NoncurrentVersionExpiration", s3_noncurrent_expiration),
    STRUCT("AbortIncompleteMultipartUpload", s3_abort_mpu), END};
static const struct aws_xml_member s3_lifecycle[] = {
    FLAT("Rules", "Rule", s3_lifecycle_rule), END};

/* ---- s3control GetPublicAccessBlock (the account's block; payload member) ---- */
static const struct aws_xml_member s3control_publicaccessblockconfiguration[] = {
    ONE("BlockPublicAcls", AWS_XML_BOOLEAN),
    ONE("IgnorePublicAcls", AWS_XML_BOOLEAN),
    ONE("BlockPublicPolicy", AWS_XML_BOOLEAN),
    ONE("RestrictPublicBuckets", AWS_XML_BOOLEAN), END};
static const struct aws_xml_member s3control_getpublicaccessblockoutput[] = {
    STRUCT("PublicAccessBlockConfiguration", s3control_publicaccessblockconfiguration), END};


const struct aws_xml_operation aws_xml_operations[] = {
    {"sts", "GetCallerIdentity", AWS_XML_QUERY, "GetCallerIdentityResult",
     sts_caller_identity},
    {"sts", "AssumeRole", AWS_XML_QUERY, "AssumeRoleResult", sts_assume_role},
    {"sts", "AssumeRoleWithWebIdentity", AWS_XML_QUERY, "AssumeRoleWithWebIdentityResult",
     sts_assume_role_web_identity},
    {"sns", "ListSubscriptionsByTopic", AWS_XML_QUERY,
     "ListSubscriptionsByTopicResult", sns_subscriptions_by_topic},
    {"ec2", "DescribeRegions", AWS_XML_EC2, NULL, ec2_describe_regions},
    {"ec2", "DescribeVpcs", AWS_XML_EC2, NULL, ec2_describevpcsresult},
    {"ec2", "DescribeFlowLogs", AWS_XML_EC2, NULL, ec2_describeflowlogsresult},
    {"s3", "ListBuckets", AWS_XML_REST, NULL, s3_list_buckets},
    {"s3", "GetBucketLocation", AWS_XML_REST_ROOT_TEXT, NULL, s3_bucket_location},
    {"s3", "GetBucketLogging", AWS_XML_REST, NULL, s3_bucket_logging},
    {"s3", "GetBucketPolicyStatus", AWS_XML_REST_PAYLOAD, NULL, s3_policy_status},
    {"s3", "GetPublicAccessBlock", AWS_XML_REST_PAYLOAD, NULL, s3_public_access_block},
    {"s3", "GetBucketAcl", AWS_XML_REST, NULL, s3_bucket_acl},
    {"s3", "GetBucketLifecycleConfiguration", AWS_XML_REST, NULL, s3_lifecycle},
    {"s3control", "GetPublicAccessBlock", AWS_XML_REST_PAYLOAD, NULL,
     s3control_getpublicaccessblockoutput},
    {NULL, NULL, AWS_XML_REST, NULL, NULL}};

const struct aws_xml_operation *aws_xml_operation_find(const char *service,
                                                       const char *operation)
{
    if (!service || !operation)
        return NULL;
    for (const struct aws_xml_operation *op = aws_xml_operations; op->service; op++)
        if (!strcmp(op->service, service) && !strcmp(op->operation, operation))
            return op;
    return NULL;
}
