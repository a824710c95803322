/* Credential and region resolution as the AWS CLI does it: every
 * precedence rule, the INI dialect of the shared files, the sources that
 * are refused with a way out, and error messages that never carry a
 * secret.  Each test starts from an empty environment and a fresh HOME. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test.h"
#include "aws/credentials.h"
#include "aws/endpoint.h"
#include "aws/ini.h"
#include "aws/service.h"

#define SECRET_A "SECRETVALUEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SECRET_B "SECRETVALUEbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SECRET_C "SECRETVALUEccccccccccccccccccccccccccccccccc"

static char tmp_root[] = "/tmp/trailscan-cred-XXXXXX";
static char home[512], cred_file[600], conf_file[600];
static int home_no;

/* What the last resolve() returned. */
static struct aws_credentials cred;
static char *region;
static const char *source;
static struct ts_error err;

static const char *const vars[] = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    "AWS_ROLE_SESSION_NAME", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_EC2_METADATA_DISABLED",
    "AWS_STS_REGIONAL_ENDPOINTS", "AWS_USE_FIPS_ENDPOINT",
};

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ASSERT(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* A new, empty HOME with a .aws folder; every AWS_* variable unset. */
static void fresh(void)
{
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        unsetenv(vars[i]);
    snprintf(home, sizeof(home), "%s/home%d", tmp_root, ++home_no);
    mkdir(home, 0700);
    snprintf(cred_file, sizeof(cred_file), "%s/.aws", home);
    mkdir(cred_file, 0700);
    snprintf(cred_file, sizeof(cred_file), "%s/.aws/credentials", home);
    snprintf(conf_file, sizeof(conf_file), "%s/.aws/config", home);
    setenv("HOME", home, 1);
    /* Never the machine's own instance metadata service. */
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
}

static int resolve(const char *profile, const char *opt_region)
{
    struct aws_profile_options opt = {profile, opt_region};

    aws_credentials_release(&cred);
    free(region);
    region = NULL;
    err.msg[0] = '\0';
    static char where[512];
    struct aws_cred_provider *p = aws_credentials_resolve(&opt, &region, &err);
    int rc = -1;

    source = NULL;
    if (p) {
        rc = aws_cred_provider_get(p, &cred, &err);
        snprintf(where, sizeof(where), "%s", p->source);
        source = where;
        aws_cred_provider_free(p);
    }
    return rc;
}

static int id_is(const char *want)
{
    return cred.access_key_id && !strcmp(cred.access_key_id, want);
}

/* No secret may appear in an error message. */
static void no_secret_in_error(void)
{
    ASSERT(!strstr(err.msg, "SECRETVALUE"));
    ASSERT(!strstr(err.msg, "TOKENVALUE"));
}

static void environment_keys(void)
{
    fresh();
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET_A, 1);
    setenv("AWS_SESSION_TOKEN", "TOKENVALUE", 1);
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(id_is("AKIDENV"));
    ASSERT(cred.secret_access_key && !strcmp(cred.secret_access_key, SECRET_A));
    ASSERT(cred.session_token && !strcmp(cred.session_token, "TOKENVALUE"));
    ASSERT(source && !strcmp(source, "environment"));
    ASSERT(region == NULL);
}

static void environment_beats_aws_profile(void)
{
    fresh();
    write_file(cred_file, "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = " SECRET_B "\n");
    setenv("AWS_PROFILE", "dev", 1);
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET_A, 1);
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(id_is("AKIDENV"));
    ASSERT(cred.session_token == NULL);
}

static void profile_option_beats_environment(void)
{
    fresh();
    write_file(cred_file, "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = " SECRET_B "\n");
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET_A, 1);
    ASSERT(resolve("dev", NULL) == 0);
    ASSERT(id_is("AKIDDEV"));
    ASSERT_CONTAINS(source, "profile 'dev' in ");
    ASSERT_CONTAINS(source, "/.aws/credentials");
}

static void aws_profile_and_default(void)
{
    fresh();
    write_file(cred_file, "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = "
               SECRET_A "\n\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = "
               SECRET_B "\naws_session_token = TOKENVALUE\n");
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(id_is("AKIDDEFAULT"));
    ASSERT(cred.session_token == NULL);
    setenv("AWS_PROFILE", "dev", 1);
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(id_is("AKIDDEV"));
    ASSERT(cred.session_token && !strcmp(cred.session_token, "TOKENVALUE"));
}

static void credentials_file_beats_config_file(void)
{
    fresh();
    write_file(cred_file, "[dev]\naws_access_key_id = AKIDCRED\naws_secret_access_key = " SECRET_A "\n");
    write_file(conf_file, "[profile dev]\naws_access_key_id = AKIDCONF\naws_secret_access_key = "
               SECRET_B "\nregion = eu-north-1\n");
    ASSERT(resolve("dev", NULL) == 0);
    ASSERT(id_is("AKIDCRED"));
    ASSERT(region && !strcmp(region, "eu-north-1"));
}

static void config_file_sections(void)
{
    fresh();
    write_file(conf_file, "[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = " SECRET_A
               "\n[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = " SECRET_B
               "\n[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = " SECRET_C
               "\n[profile \"two words\"]\naws_access_key_id = AKIDQUOTED\n"
               "aws_secret_access_key = " SECRET_C "\n");
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(id_is("AKIDDEF"));
    ASSERT_CONTAINS(source, "/.aws/config");
    ASSERT(resolve("dev", NULL) == 0);
    ASSERT(id_is("AKIDDEV"));
    ASSERT(resolve("two words", NULL) == 0);
    ASSERT(id_is("AKIDQUOTED"));
    /* In the config file "[ops]" is not a profile: only "[profile ops]" is. */
    ASSERT(resolve("ops", NULL) == -1);
    ASSERT_CONTAINS(err.msg, "profile 'ops' not found in ");
    no_secret_in_error();
}

static void profile_default_section_in_config(void)
{
    fresh();
    write_file(conf_file, "[profile default]\naws_access_key_id = AKIDPD\n"
               "aws_secret_access_key = " SECRET_A "\n");
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(id_is("AKIDPD"));
}

static void region_precedence(void)
{
    fresh();
    write_file(conf_file, "[default]\nregion = ap-south-1\n");
    write_file(cred_file, "[default]\naws_access_key_id = AKID\naws_secret_access_key = " SECRET_A "\n");
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(region && !strcmp(region, "ap-south-1"));
    setenv("AWS_DEFAULT_REGION", "us-west-1", 1);
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(region && !strcmp(region, "us-west-1"));
    setenv("AWS_REGION", "us-west-2", 1);
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(region && !strcmp(region, "us-west-2"));
    ASSERT(resolve(NULL, "eu-west-3") == 0);
    ASSERT(region && !strcmp(region, "eu-west-3"));
    /* Keys from the environment, region still from the profile. */
    fresh();
    write_file(conf_file, "[profile dev]\nregion = ca-central-1\n");
    setenv("AWS_PROFILE", "dev", 1);
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET_A, 1);
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(region && !strcmp(region, "ca-central-1"));
}

static void ini_dialect(void)
{
    fresh();
    write_file(cred_file,
               "# a comment\n; another\n\n"
               "[dev]\r\n"
               "  AWS_ACCESS_KEY_ID=AKIDUPPER   \r\n"
               "  Aws_Secret_Access_Key :  " SECRET_A "\r\n"
               "s3 =\n    max_concurrent_requests = 10\n    addressing_style = path\n"
               "   # indented comment\n"
               "region = us-east-1 # not a comment\n");
    /* The value is "us-east-1 # not a comment", which is not a region. */
    ASSERT(resolve("dev", NULL) == -1);
    ASSERT_CONTAINS(err.msg, "the region 'us-east-1 # not a comment' from the environment or "
                    "profile is not a region name");
    write_file(cred_file,
               "[dev]\r\n"
               "  AWS_ACCESS_KEY_ID=AKIDUPPER   \r\n"
               "  Aws_Secret_Access_Key :  " SECRET_A "\r\n");
    ASSERT(resolve("dev", NULL) == 0);
    ASSERT(id_is("AKIDUPPER"));
    ASSERT(cred.secret_access_key && !strcmp(cred.secret_access_key, SECRET_A));
}

/* "[TYPE NAME]" as botocore splits it: blanks, quotes, exactly two words,
 * the last match; the same for profiles, SSO sessions and services. */
static void ini_typed_sections(void)
{
    static const char text[] =
        "[profile a]\nk = 1\n[profile  'b c' ]\nk = 2\n[sso-session s x]\nk = 3\n"
        "[sso-session \"s\"]\nk = 4\n[services a]\nk = 5\n[profilea]\nk = 6\n";
    struct aws_ini ini;

    aws_ini_init(&ini);
    ASSERT(aws_ini_parse(&ini, "x", text, sizeof(text) - 1, &err) == 0);
    ASSERT(!strcmp(aws_ini_get(aws_ini_typed_section(&ini, "profile", "a"), "k"), "1"));
    ASSERT(!strcmp(aws_ini_get(aws_ini_typed_section(&ini, "profile", "b c"), "k"), "2"));
    ASSERT(!strcmp(aws_ini_get(aws_ini_typed_section(&ini, "sso-session", "s"), "k"), "4"));
    ASSERT(!strcmp(aws_ini_get(aws_ini_typed_section(&ini, "services", "a"), "k"), "5"));
    ASSERT(aws_ini_typed_section(&ini, "profile", "profilea") == NULL);
    ASSERT(aws_ini_typed_section(&ini, "sso-session", "s x") == NULL);
    ASSERT(aws_ini_typed_section(NULL, "profile", "a") == NULL);
    aws_ini_release(&ini);
}

static void ini_errors_name_file_and_line(void)
{
    struct aws_ini ini;

    fresh();
    write_file(cred_file, "[dev]\naws_access_key_id = AKID\n" SECRET_A "\n");
    ASSERT(resolve("dev", NULL) == -1);
    ASSERT_CONTAINS(err.msg, "/.aws/credentials:3: expected 'name = value'");
    no_secret_in_error();
    write_file(cred_file, "[dev]\na = 1\n[dev]\n");
    ASSERT(resolve("dev", NULL) == -1);
    ASSERT_CONTAINS(err.msg, "credentials:3: section [dev] appears twice");
    write_file(cred_file, "[dev]\naws_secret_access_key = " SECRET_A "\naws_secret_access_key = "
               SECRET_B "\n");
    ASSERT(resolve("dev", NULL) == -1);
    ASSERT_CONTAINS(err.msg, "credentials:3: 'aws_secret_access_key' appears twice in [dev]");
    no_secret_in_error();
    write_file(cred_file, "aws_access_key_id = AKID\n");
    ASSERT(resolve(NULL, NULL) == -1);
    ASSERT_CONTAINS(err.msg, "credentials:1: expected a [section] header first");
    aws_ini_init(&ini);
    ASSERT(aws_ini_parse(&ini, "x", "[a]\nk=v\0", 8, &err) == -1);
    ASSERT_CONTAINS(err.msg, "NUL bytes");
    aws_ini_release(&ini);
}

/* Resolve profile and expect an error containing want (and no secret). */
static void expect_error(const char *profile, const char *want)
{
    ASSERT(resolve(profile, NULL) == -1);
    ASSERT_CONTAINS(err.msg, want);
    no_secret_in_error();
}

static void role_settings_checked_before_any_call(void)
{
    /* A role wins over keys in the same profile, as in the CLI: the
     * missing source profile is said, not the keys used. */
    fresh();
    write_file(cred_file, "[audit]\naws_access_key_id = AKID\naws_secret_access_key = " SECRET_A "\n");
    write_file(conf_file, "[profile audit]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = b\n");
    setenv("AWS_PROFILE", "audit", 1);
    expect_error(NULL, "The source_profile \"b\" referenced in the profile \"audit\" does not "
                 "exist");
    ASSERT_CONTAINS(err.msg, "fix source_profile in ");
    fresh();
    write_file(conf_file, "[profile r]\nrole_arn = arn:aws:iam::1:role/x\n");
    expect_error("r", "Partial credentials found in assume-role, missing: source_profile or "
                 "credential_source");
    write_file(conf_file, "[profile r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = r\n"
               "credential_source = Environment\n");
    expect_error("r", "The profile \"r\" contains both source_profile and credential_source");
    write_file(conf_file, "[profile r]\nrole_arn = arn:aws:iam::1:role/x\n"
               "credential_source = Ec2\n");
    expect_error("r", "The credential source \"Ec2\" referenced in profile \"r\" is not valid: "
                 "use Environment, Ec2InstanceMetadata or EcsContainer");
    write_file(conf_file, "[profile r]\nrole_arn = arn:aws:iam::1:role/x\n"
               "credential_source = Environment\n");
    expect_error("r", "No credentials found in credential_source referenced in profile r");
    write_file(conf_file, "[profile r]\nrole_arn = arn:aws:iam::1:role/x\n"
               "credential_source = Environment\nduration_seconds = 60\n");
    expect_error("r", "profile 'r': duration_seconds '60' is not a number of seconds from 900");
    write_file(conf_file, "[profile r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = s\n"
               "[profile s]\nregion = eu-west-1\n");
    expect_error("r", "The source profile \"s\" must have credentials");
}

static void source_profile_loops_named(void)
{
    fresh();
    write_file(conf_file,
               "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
               "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n"
               "[profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = a\n");
    expect_error("a", "Infinite loop in credential configuration detected. Attempting to load "
                 "from profile a which has already been visited. Visited profiles: "
                 "a -> b -> c -> a");
    /* A profile may name itself only to use its own keys. */
    write_file(conf_file, "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = a\n");
    expect_error("a", "Visited profiles: a -> a");
    /* The loop is found wherever it starts. */
    expect_error(NULL, "Unable to locate credentials");
    write_file(conf_file,
               "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
               "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = b\n");
    expect_error("a", "Visited profiles: a -> b -> b");
}

static void mfa_without_a_terminal(void)
{
    fresh();
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET_A, 1);
    write_file(conf_file, "[profile m]\nrole_arn = arn:aws:iam::1:role/x\n"
               "credential_source = Environment\nmfa_serial = arn:aws:iam::1:mfa/me\n");
    expect_error("m", "profile 'm' needs an MFA code (mfa_serial arn:aws:iam::1:mfa/me) and "
                 "there is no terminal to ask for it: run trailscan from a terminal, or "
                 "export temporary keys first");
    ASSERT_CONTAINS(err.msg, "aws configure export-credentials --profile m --format env");
}

static void web_identity_settings(void)
{
    char token[700];

    fresh();
    snprintf(token, sizeof(token), "%s/token", home);
    setenv("AWS_WEB_IDENTITY_TOKEN_FILE", token, 1);
    expect_error(NULL, "configured to assume role with web identity but has no role ARN "
                 "configured: set AWS_ROLE_ARN or the role_arn of profile 'default'");
    setenv("AWS_ROLE_ARN", "arn:aws:iam::1:role/ci", 1);
    expect_error(NULL, "Unable to load web identity token file (");
    ASSERT_CONTAINS(err.msg, token);
    ASSERT_CONTAINS(err.msg, "from AWS_WEB_IDENTITY_TOKEN_FILE");
    write_file(token, "  \n");
    expect_error(NULL, "is empty");
    /* The profile's file, and its role_arn with the environment's file. */
    fresh();
    write_file(conf_file, "[profile w]\nweb_identity_token_file = /nonexistent/t\n"
               "role_arn = arn:aws:iam::1:role/ci\n");
    expect_error("w", "Unable to load web identity token file (/nonexistent/t, from profile 'w' "
                 "in ");
    /* --profile turns the environment's web identity off, as in botocore. */
    fresh();
    setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/t", 1);
    setenv("AWS_ROLE_ARN", "arn:aws:iam::1:role/ci", 1);
    write_file(cred_file, "[k]\naws_access_key_id = AKIDK\naws_secret_access_key = " SECRET_A "\n");
    ASSERT(resolve("k", NULL) == 0);
    ASSERT(id_is("AKIDK"));
    /* Environment keys come first. */
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET_B, 1);
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(id_is("AKIDENV"));
}

static void other_sources_in_order(void)
{
    /* credential_process comes after keys in the credentials file. */
    fresh();
    write_file(cred_file, "[p]\naws_access_key_id = AKIDP\naws_secret_access_key = " SECRET_A "\n");
    write_file(conf_file, "[profile p]\ncredential_process = /bin/false\n");
    ASSERT(resolve("p", NULL) == 0);
    ASSERT(id_is("AKIDP"));
    write_file(conf_file, "[profile p]\nlogin_session = x\n");
    ASSERT(resolve("p", NULL) == 0);
}

/* The endpoint collect's calls to svc go to, after resolving profile. */
static const char *endpoint_for(const struct aws_service *svc, const char *profile)
{
    ASSERT(resolve(profile, NULL) == 0);
    return aws_endpoint_url(svc, NULL);
}

static int same(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

static void endpoints_from_the_config_file(void)
{
    fresh();
    write_file(cred_file, "[e]\naws_access_key_id = AKIDE\naws_secret_access_key = " SECRET_A "\n");
    write_file(conf_file, "[profile e]\nendpoint_url = https://all.example\nservices = local\n"
               "[services local]\nsts =\n  endpoint_url = http://127.0.0.1:4566\n"
               "cloudwatch_logs =\n  region = x\n  endpoint_url = https://logs.example/\n");
    ASSERT(same(endpoint_for(&aws_sts, "e"), "http://127.0.0.1:4566"));
    ASSERT(same(aws_endpoint_url(&aws_logs, NULL), "https://logs.example/"));
    ASSERT(same(aws_endpoint_url(&aws_cloudtrail, NULL), "https://all.example"));
    ASSERT(same(aws_endpoint_url(&aws_sts, "http://127.0.0.1:1"), "http://127.0.0.1:1"));
    /* The environment's global URL beats the services section. */
    setenv("AWS_ENDPOINT_URL", "https://env.example", 1);
    ASSERT(same(endpoint_for(&aws_sts, "e"), "https://env.example"));
    setenv("AWS_ENDPOINT_URL_STS", "https://sts.env.example", 1);
    ASSERT(same(endpoint_for(&aws_sts, "e"), "https://sts.env.example"));
    ASSERT(same(aws_endpoint_url(&aws_logs, NULL), "https://env.example"));
    setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
    ASSERT(endpoint_for(&aws_sts, "e") == NULL);
    unsetenv("AWS_ENDPOINT_URL");
    unsetenv("AWS_ENDPOINT_URL_STS");
    unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    /* The profile's ignore_configured_endpoint_urls; the environment wins. */
    write_file(conf_file, "[profile e]\nendpoint_url = https://all.example\n"
               "ignore_configured_endpoint_urls = true\n");
    ASSERT(endpoint_for(&aws_sts, "e") == NULL);
    setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false", 1);
    ASSERT(same(endpoint_for(&aws_sts, "e"), "https://all.example"));
    unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    /* Another profile has none. */
    write_file(cred_file, "[e]\naws_access_key_id = AKIDE\naws_secret_access_key = " SECRET_A
               "\n[f]\naws_access_key_id = AKIDF\naws_secret_access_key = " SECRET_B "\n");
    write_file(conf_file, "[profile e]\nendpoint_url = https://all.example\n");
    ASSERT(endpoint_for(&aws_sts, "f") == NULL);
    /* Plain http only to this machine, the setting named. */
    write_file(conf_file, "[profile e]\nendpoint_url = http://sts.example\n");
    expect_error("e", "endpoint_url of profile 'e' in ");
    ASSERT_CONTAINS(err.msg, "plain http only to this machine");
    write_file(conf_file, "[profile e]\nservices = s\n[services s]\nsts =\n"
               "  endpoint_url = http://10.0.0.1\n");
    expect_error("e", "endpoint_url of sts in [services s] of ");
    write_file(conf_file, "[profile e]\nservices = gone\n");
    expect_error("e", "profile 'e' names services 'gone' but ");
    ASSERT_CONTAINS(err.msg, "has no [services gone] section");
    write_file(conf_file, "[profile e]\n");
    ASSERT(endpoint_for(&aws_sts, "e") == NULL);
}

/* AWS's own endpoint for svc in region, and the region it is signed for,
 * compared with want and want_sign. */
static void aws_url_is(const struct aws_service *svc, const char *in, const char *want,
                       const char *want_sign)
{
    char url[300];
    const char *sign = aws_endpoint_aws_url(svc, in, url, sizeof(url));

    if (strcmp(url, want) || strcmp(sign, want_sign)) {
        fprintf(stderr, "%s in %s: %s signed for %s; botocore: %s signed for %s\n", svc->id,
                in, url, sign, want, want_sign);
        test_failures++;
    }
}

/* sts_regional_endpoints = legacy: the global STS endpoint for the regions
 * that had it, signed for us-east-1; regional elsewhere.  Each expectation
 * is botocore 1.3x's endpoint_url and signing region for the same setting. */
static void sts_regional_endpoints(void)
{
    fresh();
    write_file(cred_file, "[l]\naws_access_key_id = AKIDL\naws_secret_access_key = " SECRET_A "\n");
    write_file(conf_file, "[profile l]\nsts_regional_endpoints = legacy\n");
    ASSERT(resolve("l", NULL) == 0);
    aws_url_is(&aws_sts, "eu-west-1", "https://sts.amazonaws.com", "us-east-1");
    aws_url_is(&aws_sts, "us-east-1", "https://sts.amazonaws.com", "us-east-1");
    aws_url_is(&aws_sts, "ap-east-1", "https://sts.ap-east-1.amazonaws.com", "ap-east-1");
    aws_url_is(&aws_sts, "us-gov-west-1", "https://sts.us-gov-west-1.amazonaws.com",
               "us-gov-west-1");
    aws_url_is(&aws_cloudtrail, "eu-west-1", "https://cloudtrail.eu-west-1.amazonaws.com",
               "eu-west-1");
    /* The environment wins; regional is the default (the CLI v2's). */
    setenv("AWS_STS_REGIONAL_ENDPOINTS", "regional", 1);
    ASSERT(resolve("l", NULL) == 0);
    aws_url_is(&aws_sts, "eu-west-1", "https://sts.eu-west-1.amazonaws.com", "eu-west-1");
    /* A profile without the setting: regional, unless the environment says
     * legacy. */
    fresh();
    write_file(cred_file, "[l]\naws_access_key_id = AKIDL\naws_secret_access_key = " SECRET_A "\n");
    ASSERT(resolve("l", NULL) == 0);
    aws_url_is(&aws_sts, "eu-west-1", "https://sts.eu-west-1.amazonaws.com", "eu-west-1");
    setenv("AWS_STS_REGIONAL_ENDPOINTS", "legacy", 1);
    ASSERT(resolve("l", NULL) == 0);
    aws_url_is(&aws_sts, "us-west-2", "https://sts.amazonaws.com", "us-east-1");
    /* botocore's words for a value it refuses (it is case-sensitive). */
    setenv("AWS_STS_REGIONAL_ENDPOINTS", "Legacy", 1);
    ASSERT(resolve("l", NULL) == -1);
    ASSERT_CONTAINS(err.msg, "STS regional endpoints option Legacy is invalid. Valid options "
                    "are: \"legacy\", \"regional\"");
    ASSERT_CONTAINS(err.msg, "AWS_STS_REGIONAL_ENDPOINTS or sts_regional_endpoints");
}

/* use_fips_endpoint = true: the FIPS endpoints of every service collect
 * calls, as botocore names them (GovCloud's regional endpoints are FIPS
 * ones, S3's apart); FIPS wins over the legacy global STS endpoint. */
static void fips_endpoints(void)
{
    fresh();
    write_file(cred_file, "[f]\naws_access_key_id = AKIDF\naws_secret_access_key = " SECRET_A "\n");
    write_file(conf_file, "[profile f]\nuse_fips_endpoint = true\n"
               "sts_regional_endpoints = legacy\n");
    ASSERT(resolve("f", NULL) == 0);
    aws_url_is(&aws_cloudtrail, "us-east-1", "https://cloudtrail-fips.us-east-1.amazonaws.com",
               "us-east-1");
    aws_url_is(&aws_logs, "eu-west-1", "https://logs-fips.eu-west-1.amazonaws.com", "eu-west-1");
    aws_url_is(&aws_cloudwatch, "ap-east-1", "https://monitoring-fips.ap-east-1.amazonaws.com",
               "ap-east-1");
    aws_url_is(&aws_sns, "eu-west-1", "https://sns-fips.eu-west-1.amazonaws.com", "eu-west-1");
    aws_url_is(&aws_sts, "eu-west-1", "https://sts-fips.eu-west-1.amazonaws.com", "eu-west-1");
    aws_url_is(&aws_ec2, "ap-east-1", "https://ec2-fips.ap-east-1.amazonaws.com", "ap-east-1");
    aws_url_is(&aws_s3, "eu-west-1", "https://s3-fips.eu-west-1.amazonaws.com", "eu-west-1");
    aws_url_is(&aws_organizations, "us-east-1",
               "https://organizations-fips.us-east-1.amazonaws.com", "us-east-1");
    aws_url_is(&aws_config, "eu-west-1", "https://config-fips.eu-west-1.amazonaws.com",
               "eu-west-1");
    aws_url_is(&aws_kms, "eu-west-1", "https://kms-fips.eu-west-1.amazonaws.com", "eu-west-1");
    aws_url_is(&aws_securityhub, "us-east-1", "https://securityhub-fips.us-east-1.amazonaws.com",
               "us-east-1");
    /* S3 Control's account label is added by the client (aws_client.c). */
    aws_url_is(&aws_s3control, "us-east-1", "https://s3-control-fips.us-east-1.amazonaws.com",
               "us-east-1");
    aws_url_is(&aws_cloudtrail, "us-gov-west-1", "https://cloudtrail.us-gov-west-1.amazonaws.com",
               "us-gov-west-1");
    aws_url_is(&aws_sts, "us-gov-west-1", "https://sts.us-gov-west-1.amazonaws.com",
               "us-gov-west-1");
    aws_url_is(&aws_s3, "us-gov-west-1", "https://s3-fips.us-gov-west-1.amazonaws.com",
               "us-gov-west-1");
    aws_url_is(&aws_ec2, "cn-north-1", "https://ec2-fips.cn-north-1.amazonaws.com.cn",
               "cn-north-1");
    /* The environment wins over the profile; false is the default. */
    setenv("AWS_USE_FIPS_ENDPOINT", "false", 1);
    ASSERT(resolve("f", NULL) == 0);
    aws_url_is(&aws_cloudtrail, "us-east-1", "https://cloudtrail.us-east-1.amazonaws.com",
               "us-east-1");
    aws_url_is(&aws_sts, "eu-west-1", "https://sts.amazonaws.com", "us-east-1");
    /* Anything but true or false is refused: a FIPS requirement is never
     * dropped for a typing mistake. */
    setenv("AWS_USE_FIPS_ENDPOINT", "yes", 1);
    ASSERT(resolve("f", NULL) == -1);
    ASSERT_CONTAINS(err.msg, "use_fips_endpoint is 'yes': it must be true or false "
                    "(AWS_USE_FIPS_ENDPOINT or use_fips_endpoint of profile 'f')");
    setenv("AWS_USE_FIPS_ENDPOINT", "TRUE", 1);
    write_file(conf_file, "[profile f]\n");
    ASSERT(resolve("f", NULL) == 0);
    aws_url_is(&aws_sns, "eu-west-1", "https://sns-fips.eu-west-1.amazonaws.com", "eu-west-1");
    unsetenv("AWS_USE_FIPS_ENDPOINT");
    /* Another profile has neither. */
    write_file(cred_file, "[g]\naws_access_key_id = AKIDG\naws_secret_access_key = " SECRET_A "\n");
    ASSERT(resolve("g", NULL) == 0);
    aws_url_is(&aws_cloudtrail, "us-east-1", "https://cloudtrail.us-east-1.amazonaws.com",
               "us-east-1");
}

static void nothing_anywhere(void)
{
    fresh();
    ASSERT(resolve(NULL, NULL) == -1);
    ASSERT_CONTAINS(err.msg, "Unable to locate credentials: none in AWS_ACCESS_KEY_ID");
    ASSERT_CONTAINS(err.msg, "give --profile NAME");
    ASSERT(!strstr(err.msg, "not supported"));
    ASSERT(cred.access_key_id == NULL && region == NULL);
}

static void profile_not_found_names_both_files(void)
{
    fresh();
    write_file(cred_file, "[default]\naws_access_key_id = A\naws_secret_access_key = " SECRET_A "\n");
    ASSERT(resolve("nope", NULL) == -1);
    ASSERT_CONTAINS(err.msg, "The config profile (nope) could not be found");
    ASSERT_CONTAINS(err.msg, "profile 'nope' not found in ");
    ASSERT_CONTAINS(err.msg, cred_file);
    ASSERT_CONTAINS(err.msg, conf_file);
    setenv("AWS_PROFILE", "gone", 1);
    ASSERT(resolve(NULL, NULL) == -1);
    ASSERT_CONTAINS(err.msg, "profile 'gone' not found");
}

static void half_a_key_pair(void)
{
    fresh();
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    ASSERT(resolve(NULL, NULL) == -1);
    ASSERT_CONTAINS(err.msg, "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY");
    ASSERT_CONTAINS(err.msg, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    fresh();
    setenv("AWS_SECRET_ACCESS_KEY", SECRET_A, 1);
    ASSERT(resolve(NULL, NULL) == -1);
    ASSERT_CONTAINS(err.msg, "Partial credentials found in env, missing: AWS_ACCESS_KEY_ID");
    ASSERT_CONTAINS(err.msg, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
    no_secret_in_error();
    fresh();
    write_file(cred_file, "[dev]\naws_secret_access_key = " SECRET_A "\n");
    ASSERT(resolve("dev", NULL) == -1);
    ASSERT_CONTAINS(err.msg, "profile 'dev' in ");
    ASSERT_CONTAINS(err.msg, "Partial credentials found in shared-credentials-file, missing: "
                    "aws_access_key_id");
    ASSERT_CONTAINS(err.msg, "has aws_secret_access_key but no aws_access_key_id");
    no_secret_in_error();
    fresh();
    write_file(conf_file, "[profile dev]\naws_access_key_id = AKIDCONF\n");
    ASSERT(resolve("dev", NULL) == -1);
    ASSERT_CONTAINS(err.msg, "Partial credentials found in config-file, missing: "
                    "aws_secret_access_key");
    ASSERT_CONTAINS(err.msg, "has aws_access_key_id but no aws_secret_access_key");
    /* Empty variables count as unset, as in botocore. */
    fresh();
    setenv("AWS_ACCESS_KEY_ID", "", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "", 1);
    write_file(cred_file, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = " SECRET_A "\n");
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(id_is("AKIDFILE"));
}

static void file_locations_from_environment(void)
{
    char path[700];

    fresh();
    snprintf(path, sizeof(path), "%s/elsewhere", home);
    write_file(path, "[x]\naws_access_key_id = AKIDELSE\naws_secret_access_key = " SECRET_A "\n");
    setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
    ASSERT(resolve("x", NULL) == 0);
    ASSERT(id_is("AKIDELSE"));
    ASSERT_CONTAINS(source, "/elsewhere");
    setenv("AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere", 1); /* ~ expanded */
    ASSERT(resolve("x", NULL) == 0);
    ASSERT(id_is("AKIDELSE"));
    snprintf(path, sizeof(path), "%s/conf", home);
    write_file(path, "[profile y]\naws_access_key_id = AKIDY\naws_secret_access_key = " SECRET_B "\n");
    setenv("AWS_CONFIG_FILE", path, 1);
    ASSERT(resolve("y", NULL) == 0);
    ASSERT(id_is("AKIDY"));
}

static void home_unset(void)
{
    char path[700];

    fresh();
    unsetenv("HOME");
    /* Falls back to the password database; whatever it finds, no crash. */
    int rc = resolve(NULL, NULL);
    ASSERT(rc == 0 || rc == -1);
    snprintf(path, sizeof(path), "%s/c", home);
    write_file(path, "[default]\naws_access_key_id = AKIDNOHOME\naws_secret_access_key = " SECRET_A "\n");
    setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
    setenv("AWS_CONFIG_FILE", path, 1);
    ASSERT(resolve(NULL, NULL) == 0);
    ASSERT(id_is("AKIDNOHOME"));
}

static void release_wipes_and_empties(void)
{
    struct aws_credentials c = {0};

    aws_credentials_release(&c); /* an empty one is fine */
    fresh();
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET_A, 1);
    ASSERT(resolve(NULL, NULL) == 0);
    aws_credentials_release(&cred);
    ASSERT(cred.access_key_id == NULL && cred.secret_access_key == NULL);
    ASSERT_CONTAINS(aws_credentials_help(), "credential_source");
}

int main(void)
{
    ASSERT(mkdtemp(tmp_root) != NULL);
    /* No terminal to ask an MFA code on, however the suite is run. */
    ASSERT(freopen("/dev/null", "r", stdin) != NULL);
    RUN(environment_keys);
    RUN(environment_beats_aws_profile);
    RUN(profile_option_beats_environment);
    RUN(aws_profile_and_default);
    RUN(credentials_file_beats_config_file);
    RUN(config_file_sections);
    RUN(profile_default_section_in_config);
    RUN(region_precedence);
    RUN(ini_dialect);
    RUN(ini_errors_name_file_and_line);
    RUN(ini_typed_sections);
    RUN(role_settings_checked_before_any_call);
    RUN(source_profile_loops_named);
    RUN(mfa_without_a_terminal);
    RUN(web_identity_settings);
    RUN(other_sources_in_order);
    RUN(endpoints_from_the_config_file);
    RUN(sts_regional_endpoints);
    RUN(fips_endpoints);
    RUN(nothing_anywhere);
    RUN(profile_not_found_names_both_files);
    RUN(half_a_key_pair);
    RUN(file_locations_from_environment);
    RUN(home_unset);
    RUN(release_wipes_and_empties);
    aws_credentials_release(&cred);
    free(region);
    {
        char cmd[600];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_root);
        ASSERT(system(cmd) == 0);
    }
    return TEST_EXIT();
}
