/* trailscan collect: build a snapshot from a live account. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aws/aws_client.h"
#include "aws/collect.h"
#include "aws/cred_provider.h"
#include "aws/credentials.h"
#include "aws/endpoint.h"
#include "aws/http.h"
#include "util/output.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot_check.h"

static const char collect_help[] =
    "usage: trailscan collect [OPTIONS] -o FILE\n"
    "\n"
    "Reads an AWS account's CloudTrail, CloudWatch Logs, CloudWatch, SNS and S3\n"
    "logging configuration and writes a trailscan-snapshot/1 file.  Read-only:\n"
    "it only calls Describe, Get and List operations.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE     the snapshot to write ('-' for stdout); written whole\n"
    "                        or not at all\n"
    "  --region REGION       a region to read (repeatable, or comma-separated);\n"
    "                        default: every region enabled for the account\n"
    "                        (EC2 DescribeRegions)\n"
    "  --profile NAME        a profile of the shared credentials and config files\n"
    "  --role-arn ARN        assume this role with the credentials found (below)\n"
    "                        and collect its account\n"
    "  --external-id ID      the ExternalId the role's trust policy asks for\n"
    "  --role-session-name N the role session's name (default trailscan-<time>)\n"
    "  --endpoint-url URL    send every call to URL (a local API server, a private\n"
    "                        endpoint; else AWS_ENDPOINT_URL_<SERVICE>,\n"
    "                        AWS_ENDPOINT_URL, the profile's services section or\n"
    "                        endpoint_url); TLS is always verified for https,\n"
    "                        and plain http is refused except to 127.0.0.0/8, ::1\n"
    "                        and localhost\n"
    "  --jobs N              requests in flight at once (default 16)\n"
    "  --timeout SECONDS     per attempt of a call (default 30)\n"
    "  --max-attempts N      attempts per call, the first included (default\n"
    "                        AWS_MAX_ATTEMPTS, else 3)\n"
    "  -q, --quiet           no progress (progress shows only on a terminal)\n"
    "  --org                 every account of an organisation into a folder:\n"
    "                        see 'trailscan collect --org --help'\n"
    "\n"
    "%s\n"
    "The region that STS and EC2 are asked in: the first --region, AWS_REGION,\n"
    "AWS_DEFAULT_REGION, the profile's region, else us-east-1.\n"
    "\n"
    "Calls that fail after retries (throttling, 429, 5xx and connection errors\n"
    "are retried with exponential backoff and full jitter) are listed in the\n"
    "snapshot's `errors`, and the snapshot is still written: exit 4 says it is\n"
    "partial.  If the account's identity cannot be read, nothing is written.\n"
    "\n"
    "Exit status:\n"
    "  0  the snapshot is complete\n"
    "  2  usage error (bad option, credential settings that cannot be used, an\n"
    "     output that is an input or cannot be written)\n"
    "  4  network or AWS error (credentials refused or not fetched, e.g. an\n"
    "     AssumeRole denied), or a partial snapshot (calls listed in `errors`)\n";

struct collect_cli {
    const char *output, *profile, *endpoint_url;
    const char *role_arn, *external_id, *role_session_name;
    char *regions[64];
    size_t nregions;
    unsigned jobs, max_attempts;
    long timeout_ms;
    int quiet;
};

enum { OPT_REGION = 256, OPT_PROFILE, OPT_ENDPOINT, OPT_JOBS, OPT_TIMEOUT, OPT_ATTEMPTS,
       OPT_ROLE_ARN, OPT_EXTERNAL_ID, OPT_SESSION_NAME };

static int parse_count(const char *v, long max, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);

    if (*v == '\0' || *end != '\0' || n <= 0 || n > max)
        return -1;
    *out = n;
    return 0;
}

static int add_regions(struct collect_cli *o, const char *list)
{
    char *copy = ts_xstrdup(list), *save = NULL;

    for (char *r = strtok_r(copy, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
        size_t len = strlen(r);
        /* What a snapshot's regions may be keyed by (validate's check). */
        if (len == 0 || len > 30 || !ts_snapshot_region_ok(r)) {
            cli_usage_error("collect", "--region '%s' is not a region name", r);
            free(copy);
            return TS_EXIT_INPUT;
        }
        if (o->nregions == sizeof(o->regions) / sizeof(o->regions[0]) - 1) {
            free(copy);
            return cli_usage_error("collect", "too many --region");
        }
        o->regions[o->nregions++] = ts_xstrdup(r);
    }
    free(copy);
    return 0;
}

/* --role-arn, --external-id, --role-session-name: what STS would refuse
 * is said before anything is sent. */
int cli_collect_role_check(const char *option, const char *v)
{
    size_t n = strlen(v);

    if (!strcmp(option, "--role-arn")) {
        if (strncmp(v, "arn:", 4) || !strstr(v, ":role/") || n > 2048)
            return cli_usage_error("collect", "--role-arn '%.200s' is not a role ARN"
                                   " (arn:aws:iam::ACCOUNT:role/NAME)", v);
    } else if (!strcmp(option, "--external-id")) {
        if (n < 2 || n > 1224)
            return cli_usage_error("collect", "--external-id must have 2 to 1224 characters");
    } else if (n < 2 || n > 64 || strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789_+=,.@-") != n) {
        return cli_usage_error("collect", "--role-session-name '%.80s' must have 2 to 64"
                               " of the characters A-Z a-z 0-9 _+=,.@-", v);
    }
    return 0;
}

static int role_option(struct collect_cli *o, int c, const char *v)
{
    const char *name = c == OPT_ROLE_ARN ? "--role-arn"
                       : c == OPT_EXTERNAL_ID ? "--external-id" : "--role-session-name";

    if (cli_collect_role_check(name, v))
        return TS_EXIT_INPUT;
    if (c == OPT_ROLE_ARN)
        o->role_arn = v;
    else if (c == OPT_EXTERNAL_ID)
        o->external_id = v;
    else
        o->role_session_name = v;
    return 0;
}

/* 0: go on; 1: help printed; TS_EXIT_INPUT: misuse (already reported). */
static int parse_args(int argc, char **argv, struct collect_cli *o)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"region", required_argument, NULL, OPT_REGION},
        {"profile", required_argument, NULL, OPT_PROFILE},
        {"endpoint-url", required_argument, NULL, OPT_ENDPOINT},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"max-attempts", required_argument, NULL, OPT_ATTEMPTS},
        {"role-arn", required_argument, NULL, OPT_ROLE_ARN},
        {"external-id", required_argument, NULL, OPT_EXTERNAL_ID},
        {"role-session-name", required_argument, NULL, OPT_SESSION_NAME},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    long n;
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:q", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            printf(collect_help, aws_credentials_help());
            return 1;
        case 'o': o->output = optarg; break;
        case 'q': o->quiet = 1; break;
        case OPT_REGION:
            if (add_regions(o, optarg))
                return TS_EXIT_INPUT;
            break;
        case OPT_PROFILE: o->profile = optarg; break;
        case OPT_ENDPOINT:
            if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8))
                return cli_usage_error("collect", "--endpoint-url '%s' must start with"
                                       " http:// or https://", optarg);
            if (strpbrk(optarg, "?# "))
                return cli_usage_error("collect", "--endpoint-url '%s' may have a path but"
                                       " no query, fragment or space", optarg);
            o->endpoint_url = optarg;
            break;
        case OPT_JOBS:
            if (parse_count(optarg, 256, &n) < 0)
                return cli_usage_error("collect", "--jobs '%s' is not a number from 1"
                                       " to 256", optarg);
            o->jobs = (unsigned)n;
            break;
        case OPT_TIMEOUT:
            if (parse_count(optarg, 3600, &n) < 0)
                return cli_usage_error("collect", "--timeout '%s' is not a number of"
                                       " seconds from 1 to 3600", optarg);
            o->timeout_ms = n * 1000;
            break;
        case OPT_ATTEMPTS:
            if (parse_count(optarg, 20, &n) < 0)
                return cli_usage_error("collect", "--max-attempts '%s' is not a number"
                                       " from 1 to 20", optarg);
            o->max_attempts = (unsigned)n;
            break;
        case OPT_ROLE_ARN:
        case OPT_EXTERNAL_ID:
        case OPT_SESSION_NAME:
            if (role_option(o, c, optarg))
                return TS_EXIT_INPUT;
            break;
        default:
            return cli_usage_error("collect", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if ((o->external_id || o->role_session_name) && !o->role_arn)
        return cli_usage_error("collect", "%s needs --role-arn",
                               o->external_id ? "--external-id" : "--role-session-name");
    if (optind < argc)
        return cli_usage_error("collect", "unexpected argument '%s'", argv[optind]);
    if (!o->output)
        return cli_usage_error("collect", "no output file: give -o FILE");
    return 0;
}

/* Progress on a terminal: one line, redrawn at most ten times a second. */
static void show_progress(const struct collect_progress *p, void *ctx)
{
    uint64_t *last = ctx, now = http_now_ms();

    if (now - *last < 100 && p->calls_done != p->calls_started)
        return;
    *last = now;
    fprintf(stderr, "\rtrailscan: regions %u/%u, calls %lu/%lu, retries %lu, errors %lu ",
            p->regions_done, p->regions_total, p->calls_done, p->calls_started,
            p->retries, p->errors);
}

static unsigned env_count(const char *name, unsigned fallback, unsigned max)
{
    const char *v = getenv(name);
    long n;

    return v && parse_count(v, max, &n) == 0 ? (unsigned)n : fallback;
}

/* The shared credentials or config file: $VAR, else ~/.aws/LEAF.  Caller
 * frees; NULL without a home. */
static char *aws_file(const char *var, const char *leaf)
{
    const char *v = getenv(var), *home = getenv("HOME");
    size_t n;
    char *p;

    if (v && *v && strncmp(v, "~/", 2))
        return ts_xstrdup(v);
    if (!home || !*home)
        return NULL;
    n = strlen(home) + (v && *v ? strlen(v) : strlen(leaf) + 7) + 1;
    p = ts_xmalloc(n);
    if (v && *v)
        snprintf(p, n, "%s%s", home, v + 1);
    else
        snprintf(p, n, "%s/.aws/%s", home, leaf);
    return p;
}

/* Said before any call is made: a folder that is not there, an output that
 * is a folder, or the AWS files the credentials come from. */
static int prepare_output(struct ts_outputs *outs, const char *path)
{
    static const char *const files[][3] = {
        {"AWS_SHARED_CREDENTIALS_FILE", "credentials", "AWS credentials file"},
        {"AWS_CONFIG_FILE", "config", "AWS config file"}};
    struct ts_error err;

    if (ts_outputs_add(outs, path, &err) < 0) {
        cli_error("%s", err.msg);
        return -1;
    }
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char *f = aws_file(files[i][0], files[i][1]);
        int bad = f && ts_outputs_check_input(outs, f, files[i][2], &err) < 0;
        free(f);
        if (bad) {
            cli_usage_error("collect", "%s", err.msg);
            return -1;
        }
    }
    return 0;
}

/* The snapshot, whole or not at all. */
static int write_snapshot(struct ts_outputs *outs, const char *path, const char *text,
                          struct ts_error *err)
{
    FILE *f = ts_outputs_open(outs, 0, err);
    size_t len = strlen(text);
    int written, saved;

    if (!f)
        return -1;
    errno = 0;
    written = fwrite(text, 1, len, f) == len;
    saved = errno ? errno : EIO;
    if (ts_outputs_close(outs, 0, written, err) < 0) {
        if (!written)
            ts_error_set(err, "%s: cannot write: %s", path, strerror(saved));
        return -1;
    }
    return ts_outputs_commit(outs, err);
}

static int run(struct collect_cli *o, struct ts_outputs *outs)
{
    struct aws_profile_options popt = {o->profile, o->nregions ? o->regions[0] : NULL};
    struct aws_chain_options chain = {o->endpoint_url,
                                      o->max_attempts ? o->max_attempts
                                                      : env_count("AWS_MAX_ATTEMPTS", 3, 20),
                                      o->timeout_ms, o->role_arn, o->external_id,
                                      o->role_session_name, 0};
    struct aws_cred_provider *creds;
    struct collect_opts co;
    struct ts_error err;
    char *region = NULL, *text;
    unsigned failures = 0;
    uint64_t last = 0;
    int status = TS_EXIT_OK, progress;

    if (aws_endpoints_check(o->endpoint_url, &err) < 0)
        return cli_usage_error("collect", "%s", err.msg);
    if (prepare_output(outs, o->output) < 0)
        return TS_EXIT_INPUT;
    if (!(creds = aws_credentials_resolve_chain(&popt, &chain, &region, &err))) {
        cli_error("%s", err.msg);
        return chain.fetch_failed ? TS_EXIT_NETWORK : TS_EXIT_INPUT;
    }
    if (region && !aws_region_ok(region)) {
        cli_error("the region '%.64s' from the environment or profile is not a region name",
                  region);
        free(region);
        aws_cred_provider_free(creds);
        return TS_EXIT_INPUT;
    }
    progress = !o->quiet && isatty(STDERR_FILENO);
    memset(&co, 0, sizeof(co));
    co.creds = creds;
    co.home_region = o->nregions ? o->regions[0] : region ? region : "us-east-1";
    co.regions = o->nregions ? (const char *const *)o->regions : NULL;
    co.endpoint_url = o->endpoint_url;
    co.parallel = o->jobs ? o->jobs : 16;
    co.timeout_ms = o->timeout_ms ? o->timeout_ms : 30000;
    co.max_attempts = o->max_attempts ? o->max_attempts
                                      : env_count("AWS_MAX_ATTEMPTS", 3, 20);
    /* Tests shorten the backoff; the SDKs' standard mode starts at 1 s. */
    co.base_delay_ms = env_count("TRAILSCAN_RETRY_BASE_MS", 1000, 60000);
    co.max_delay_ms = 20000;
    co.progress = progress ? show_progress : NULL;
    co.progress_ctx = &last;
    if (progress)
        fprintf(stderr, "trailscan: collecting with credentials from %s\n", creds->source);
    text = collect_account(&co, &failures, &err);
    if (progress)
        fputc('\n', stderr);
    if (!text) {
        cli_error("nothing collected: %s", err.msg);
        status = TS_EXIT_NETWORK;
    } else if (write_snapshot(outs, o->output, text, &err) < 0) {
        cli_error("%s", err.msg);
        status = failures ? TS_EXIT_NETWORK : TS_EXIT_INPUT;  /* the highest wins */
    } else if (failures) {
        cli_error("%s: partial snapshot: %u call%s failed (listed in its errors)",
                  o->output, failures, failures == 1 ? "" : "s");
        status = TS_EXIT_NETWORK;
    }
    free(text);
    free(region);
    aws_cred_provider_free(creds);
    return status;
}

int cli_collect(int argc, char **argv)
{
    struct collect_cli o;
    struct ts_outputs outs;
    int rc;

    if (cli_collect_wants_org(argc, argv))
        return cli_collect_org(argc, argv);
    memset(&o, 0, sizeof(o));
    ts_outputs_init(&outs);
    rc = parse_args(argc, argv, &o);
    if (rc == 0)
        rc = run(&o, &outs);
    else if (rc == 1)
        rc = TS_EXIT_OK;
    ts_outputs_release(&outs);
    for (size_t i = 0; i < o.nregions; i++)
        free(o.regions[i]);
    return cli_finish_stdout(rc);
}
