/* The parsers of the credential sources: credential_process's command
 * split as Python's shlex.split splits it (expected words from shlex
 * itself), the JSON answers of credential_process, the metadata services
 * and the SSO portal (errors never quote a value), the name of the SSO
 * token cache file (SHA-1 as botocore computes it), and which metadata
 * URLs plain http may go to. */
#include <time.h>
#include "test.h"
#include "aws/cred_json.h"
#include "aws/cred_metadata_url.h"
#include "aws/cred_sources.h"
#include "aws/credentials.h"
#include "util/shlex.h"

#define SECRET "SECRETVALUEzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"

/* Splits s and compares with the words (NULL-terminated) shlex gives. */
static void split_is(const char *s, const char *const *want)
{
    char **argv;
    size_t argc, n = 0;
    struct ts_error err;

    ASSERT_EQ_INT(ts_shlex_split(s, &argv, &argc, &err), 0);
    while (want[n])
        n++;
    ASSERT_EQ_INT(argc, n);
    for (size_t i = 0; argv && i < argc && i < n; i++)
        if (strcmp(argv[i], want[i])) {
            fprintf(stderr, "split of [%s], word %zu: [%s], shlex says [%s]\n", s, i, argv[i],
                    want[i]);
            test_failures++;
        }
    ASSERT(argv && argv[argc] == NULL);
    ts_shlex_free(argv);
}

static void shlex_split_as_python(void)
{
    /* Each expectation is what python3 -c 'import shlex; print(shlex.split(S))' prints. */
    split_is("a b  c", (const char *const[]){"a", "b", "c", NULL});
    split_is("\"my tools/x\" 'an arg; not'", (const char *const[]){"my tools/x", "an arg; not", NULL});
    split_is("a\\ b", (const char *const[]){"a b", NULL});
    split_is("\"a\\\"b\\\\c\\$d\"", (const char *const[]){"a\"b\\c\\$d", NULL});
    split_is("x\"\"y", (const char *const[]){"xy", NULL});
    split_is("\"\"", (const char *const[]){"", NULL});
    split_is("'a\\b'", (const char *const[]){"a\\b", NULL});
    split_is("$HOME `x` a|b", (const char *const[]){"$HOME", "`x`", "a|b", NULL});
    split_is("a\"b c\"d", (const char *const[]){"ab cd", NULL});
    split_is("  \t\n ", (const char *const[]){NULL});
}

static void shlex_errors(void)
{
    static const char *const bad[] = {"a \"b", "'x", "tail\\"};
    char **argv;
    size_t argc;
    struct ts_error err;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ASSERT_EQ_INT(ts_shlex_split(bad[i], &argv, &argc, &err), -1);
        ASSERT(argv == NULL && argc == 0);
    }
    ts_shlex_split("'" SECRET, &argv, &argc, &err);
    ASSERT_CONTAINS(err.msg, "no closing quotation");
    ASSERT(!strstr(err.msg, SECRET));
}

static int parse(const char *text, const struct aws_cred_json_shape *shape,
                 struct aws_credentials *c, time_t *exp, struct ts_error *err)
{
    return aws_cred_json_parse(text, strlen(text), shape, c, exp, err);
}

static void process_answers(void)
{
    struct aws_credentials c;
    struct ts_error err;
    time_t exp;

    ASSERT_EQ_INT(parse("{\"Version\": 1, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \""
                        SECRET "\", \"SessionToken\": \"TOK\", \"Expiration\": "
                        "\"2030-01-02T03:04:05Z\"}", &aws_cred_json_process, &c, &exp, &err), 0);
    ASSERT(c.access_key_id && !strcmp(c.access_key_id, "AKID"));
    ASSERT(c.secret_access_key && !strcmp(c.secret_access_key, SECRET));
    ASSERT(c.session_token && !strcmp(c.session_token, "TOK"));
    ASSERT_EQ_INT(exp, 1893553445);
    aws_credentials_release(&c);
    /* Long-term keys: no token, no expiry. */
    ASSERT_EQ_INT(parse("{\"Version\": 1, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"S\"}",
                        &aws_cred_json_process, &c, &exp, &err), 0);
    ASSERT(c.session_token == NULL && exp == 0);
    aws_credentials_release(&c);

    ASSERT_EQ_INT(parse("{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}",
                        &aws_cred_json_process, &c, &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "Version is missing");
    ASSERT_EQ_INT(parse("{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}",
                        &aws_cred_json_process, &c, &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "unsupported Version");
    ASSERT_EQ_INT(parse("{\"Version\": 1, \"AccessKeyId\": \"A\"}", &aws_cred_json_process, &c,
                        &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "SecretAccessKey is missing");
    ASSERT(c.access_key_id == NULL);
    ASSERT_EQ_INT(parse("{\"Version\": 1, \"AccessKeyId\": 5, \"SecretAccessKey\": \"" SECRET
                        "\"}", &aws_cred_json_process, &c, &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "AccessKeyId is not a non-empty string");
    ASSERT_EQ_INT(parse("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"" SECRET
                        "\", \"Expiration\": \"" SECRET "\"}", &aws_cred_json_process, &c, &exp,
                        &err), -1);
    ASSERT_CONTAINS(err.msg, "Expiration is not an ISO 8601 time");
    ASSERT(!strstr(err.msg, SECRET));
    ASSERT_EQ_INT(parse(SECRET, &aws_cred_json_process, &c, &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "not JSON");
    ASSERT(!strstr(err.msg, SECRET));
    ASSERT_EQ_INT(parse("[1]", &aws_cred_json_process, &c, &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "not a JSON object");
}

/* A member given twice: the last one counts, as json.loads (botocore)
 * keeps it -- json.loads('{"a": 1, "a": 2}') is {'a': 2}. */
static void repeated_members_last_wins(void)
{
    struct aws_credentials c;
    struct ts_error err;
    time_t exp;

    ASSERT_EQ_INT(parse("{\"Version\": 2, \"Version\": 1, \"AccessKeyId\": \"OLD\", "
                        "\"SecretAccessKey\": \"S1\", \"AccessKeyId\": \"NEW\", "
                        "\"SecretAccessKey\": \"" SECRET "\", \"Expiration\": \"bad\", "
                        "\"Expiration\": \"2030-01-02T03:04:05Z\"}", &aws_cred_json_process,
                        &c, &exp, &err), 0);
    ASSERT(c.access_key_id && !strcmp(c.access_key_id, "NEW"));
    ASSERT(c.secret_access_key && !strcmp(c.secret_access_key, SECRET));
    ASSERT_EQ_INT(exp, 1893553445);
    aws_credentials_release(&c);
    /* The last may be the wrong one: then the answer is refused. */
    ASSERT_EQ_INT(parse("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", "
                        "\"AccessKeyId\": 5}", &aws_cred_json_process, &c, &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "AccessKeyId is not a non-empty string");
    ASSERT_EQ_INT(parse("{\"roleCredentials\": {\"accessKeyId\": \"X\"}, \"roleCredentials\": "
                        "{\"accessKeyId\": \"SSOID\", \"secretAccessKey\": \"S\", "
                        "\"sessionToken\": \"T\", \"expiration\": 1893553445000}}",
                        &aws_cred_json_sso, &c, &exp, &err), 0);
    ASSERT(c.access_key_id && !strcmp(c.access_key_id, "SSOID"));
    aws_credentials_release(&c);
}

static void metadata_and_sso_answers(void)
{
    struct aws_credentials c;
    struct ts_error err;
    time_t exp;

    ASSERT_EQ_INT(parse("{\"Code\": \"Success\", \"AccessKeyId\": \"ASIA\", \"SecretAccessKey\":"
                        " \"S\", \"Token\": \"T\", \"Expiration\": \"2030-01-02T03:04:05+01:00\"}",
                        &aws_cred_json_metadata, &c, &exp, &err), 0);
    ASSERT(c.session_token && !strcmp(c.session_token, "T"));
    ASSERT_EQ_INT(exp, 1893553445 - 3600);
    aws_credentials_release(&c);
    /* An answer without Token or Expiration (IMDS's error shape) is refused. */
    ASSERT_EQ_INT(parse("{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", \"Expiration\":"
                        " \"2030-01-02T03:04:05Z\"}", &aws_cred_json_metadata, &c, &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "Token is missing");
    ASSERT_EQ_INT(parse("{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", \"Token\": \"T\"}",
                        &aws_cred_json_metadata, &c, &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "Expiration is missing");

    ASSERT_EQ_INT(parse("{\"roleCredentials\": {\"accessKeyId\": \"ASIA\", \"secretAccessKey\":"
                        " \"S\", \"sessionToken\": \"T\", \"expiration\": 1893553445000}}",
                        &aws_cred_json_sso, &c, &exp, &err), 0);
    ASSERT_EQ_INT(exp, 1893553445);
    ASSERT(c.access_key_id && !strcmp(c.access_key_id, "ASIA"));
    aws_credentials_release(&c);
    ASSERT_EQ_INT(parse("{\"message\": \"x\"}", &aws_cred_json_sso, &c, &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "roleCredentials is missing");
    ASSERT_EQ_INT(parse("{\"roleCredentials\": {\"accessKeyId\": \"A\", \"secretAccessKey\": "
                        "\"S\", \"sessionToken\": \"T\", \"expiration\": \"soon\"}}",
                        &aws_cred_json_sso, &c, &exp, &err), -1);
    ASSERT_CONTAINS(err.msg, "expiration is not a time in milliseconds");
}

static void sso_cache_file_name(void)
{
    char name[46];

    /* python3 -c 'import hashlib; print(hashlib.sha1(b"corp").hexdigest())' */
    aws_sso_cache_name("corp", name);
    ASSERT(!strcmp(name, "ee0bfd2552fbd840c02cc48b6e823320543c450f.json"));
    aws_sso_cache_name("https://my-sso-portal.awsapps.com/start", name);
    ASSERT(!strcmp(name, "c7aaaf71fcc8777ae2475525ed049d39fe16c484.json"));
}

static void metadata_urls(void)
{
    static const char *const good_container[] = {
        "http://169.254.170.2/v2/credentials/abc", "http://169.254.170.23/v1/credentials",
        "http://[fd00:ec2::23]/v1/credentials", "http://[fd00:ec2:0::23]/x",
        "http://127.0.0.1:8080/creds", "http://localhost/creds", "http://[::1]:99/x",
        "https://creds.example.com/x"};
    static const char *const bad_container[] = {
        "http://169.254.169.254/latest", "http://example.com/x", "http://169.254.170.2.evil/x",
        "http://169.254.170.2evil.com/x", "ftp://127.0.0.1/x", "http://10.0.0.1/x"};
    struct ts_error err;

    for (size_t i = 0; i < sizeof(good_container) / sizeof(good_container[0]); i++)
        if (aws_metadata_url_check("u", good_container[i], aws_container_hosts, &err)) {
            fprintf(stderr, "refused %s: %s\n", good_container[i], err.msg);
            test_failures++;
        }
    for (size_t i = 0; i < sizeof(bad_container) / sizeof(bad_container[0]); i++)
        if (!aws_metadata_url_check("u", bad_container[i], aws_container_hosts, &err)) {
            fprintf(stderr, "allowed %s\n", bad_container[i]);
            test_failures++;
        }
    ASSERT_EQ_INT(aws_metadata_url_check("e", "http://169.254.169.254", aws_imds_hosts, &err), 0);
    ASSERT_EQ_INT(aws_metadata_url_check("e", "http://[fd00:ec2::254]", aws_imds_hosts, &err), 0);
    ASSERT_EQ_INT(aws_metadata_url_check("e", "http://169.254.170.2", aws_imds_hosts, &err), -1);
    ASSERT_CONTAINS(err.msg, "unsupported host '169.254.170.2'");
}

int main(void)
{
    RUN(shlex_split_as_python);
    RUN(shlex_errors);
    RUN(process_answers);
    RUN(repeated_members_last_wins);
    RUN(metadata_and_sso_answers);
    RUN(sso_cache_file_name);
    RUN(metadata_urls);
    return TEST_EXIT();
}
