/* trailscan upload [OPTIONS] SARIF: send a SARIF file to GitHub code
 * scanning.  Checks everything it can before using the network; the token
 * comes from GITHUB_TOKEN only and is never printed. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "github/upload.h"
#include "github/upload_check.h"
#include "github/upload_explain.h"
#include "github/upload_http.h"
#include "github/upload_payload.h"

static const char upload_help[] =
    "usage: trailscan upload [OPTIONS] SARIF\n"
    "\n"
    "Sends a SARIF 2.1.0 file (from 'trailscan scan --format sarif') to GitHub code\n"
    "scanning: POST /repos/OWNER/NAME/code-scanning/sarifs, gzipped and base64-encoded.\n"
    "In GitHub Actions the defaults come from the workflow's environment.\n"
    "\n"
    "Options:\n"
    "  --repo OWNER/NAME     the repository (default: $GITHUB_REPOSITORY)\n"
    "  --commit SHA          the commit analysed, 40 hex digits (default: $GITHUB_SHA)\n"
    "  --ref REF             refs/heads/BRANCH, refs/tags/TAG, refs/pull/N/merge or\n"
    "                        refs/pull/N/head (default: $GITHUB_REF)\n"
    "  --checkout-uri URI    the directory the analysis ran in, as the SARIF's paths\n"
    "                        see it (file:///...); optional\n"
    "  --tool-name NAME      the tool name GitHub shows and filters by (default trailscan)\n"
    "  --api-url URL         GitHub's REST API (default: $GITHUB_API_URL, else\n"
    "                        https://api.github.com; GitHub Enterprise Server:\n"
    "                        https://HOST/api/v3).  Plain http only for localhost.\n"
    "  --wait                wait until GitHub has processed the upload and report\n"
    "                        its status and errors\n"
    "  --wait-timeout SECS   with --wait: end within SECS seconds (default 120), the\n"
    "                        upload, each status check and every pause included\n"
    "  -h, --help            this text\n"
    "\n"
    "The token comes from the GITHUB_TOKEN environment variable only, never from an\n"
    "option (which process lists and shell history would show), and is never printed.\n"
    "It needs the security_events write permission (in GitHub Actions:\n"
    "'permissions: security-events: write').\n"
    "\n"
    "Before any network use the SARIF must parse as JSON with \"version\": \"2.1.0\"\n"
    "and gzip to at most 10 MiB (GitHub's limit).  Up to 4 tries, with exponential\n"
    "backoff and jitter: a status check after 5xx, 429 or a dropped connection; the\n"
    "upload only when GitHub cannot have acted on it (no connection, 429, 503).  An\n"
    "upload sent whole that gets no answer is not sent again: exit 4 says so.\n"
    "\n"
    "Prints 'upload id: ID' (and 'upload url: URL'); with --wait also\n"
    "'processing status: complete|failed' and 'analyses url: URL'.\n"
    "\n"
    "For tests only: TRAILSCAN_RETRY_BASE_MS (first retry delay, default 1000) and\n"
    "TRAILSCAN_POLL_MS (between status checks with --wait, default 5000).\n"
    "\n"
    "Exit status:\n"
    "  0  uploaded (with --wait: and processed)\n"
    "  2  usage or input error: a bad option, no token, a SARIF file that is missing,\n"
    "     invalid or too large\n"
    "  4  network or HTTP error, or (with --wait) GitHub failed to process the upload\n";

#define DEFAULT_API_URL "https://api.github.com"
#define DEFAULT_WAIT_S 120
#define MAX_WAIT_S 3600

struct upload_opts {
    const char *repo, *commit, *ref, *checkout_uri, *tool_name, *api_url, *sarif;
    char api[1024];
    int wait;
    unsigned wait_timeout_s, retry_base_ms, poll_ms;
};

enum { OPT_REPO = 256, OPT_COMMIT, OPT_REF, OPT_CHECKOUT, OPT_TOOL, OPT_API, OPT_WAIT,
       OPT_WAIT_TIMEOUT };

/* A non-negative decimal no larger than max. */
static int parse_uint(const char *v, unsigned max, unsigned *out)
{
    char *end;
    unsigned long n;

    if (!v || *v < '0' || *v > '9')
        return -1;
    n = strtoul(v, &end, 10);
    if (*end || n > max)
        return -1;
    *out = (unsigned)n;
    return 0;
}

static int parse_args(int argc, char **argv, struct upload_opts *o)
{
    static const struct option longopts[] = {
        {"repo", required_argument, NULL, OPT_REPO},
        {"commit", required_argument, NULL, OPT_COMMIT},
        {"ref", required_argument, NULL, OPT_REF},
        {"checkout-uri", required_argument, NULL, OPT_CHECKOUT},
        {"tool-name", required_argument, NULL, OPT_TOOL},
        {"api-url", required_argument, NULL, OPT_API},
        {"wait", no_argument, NULL, OPT_WAIT},
        {"wait-timeout", required_argument, NULL, OPT_WAIT_TIMEOUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(upload_help, stdout);
            return 1;
        case OPT_REPO: o->repo = optarg; break;
        case OPT_COMMIT: o->commit = optarg; break;
        case OPT_REF: o->ref = optarg; break;
        case OPT_CHECKOUT: o->checkout_uri = optarg; break;
        case OPT_TOOL: o->tool_name = optarg; break;
        case OPT_API: o->api_url = optarg; break;
        case OPT_WAIT: o->wait = 1; break;
        case OPT_WAIT_TIMEOUT:
            if (parse_uint(optarg, MAX_WAIT_S, &o->wait_timeout_s) < 0 || !o->wait_timeout_s)
                return cli_usage_error("upload", "--wait-timeout '%s': seconds, 1-%d", optarg,
                                       MAX_WAIT_S);
            break;
        default:
            if (optopt)
                return cli_usage_error("upload", "option '-%c' is unknown", optopt);
            return cli_usage_error("upload", "option '%s' is unknown or needs a value",
                                   argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("upload", "no SARIF file given");
    if (optind + 1 < argc)
        return cli_usage_error("upload", "one SARIF file at a time ('%s' is extra)",
                               argv[optind + 1]);
    o->sarif = argv[optind];
    return 0;
}

/* An option, else the environment variable (empty counts as unset). */
static const char *or_env(const char *v, const char *name)
{
    const char *e;

    if (v)
        return v;
    e = getenv(name);
    return e && *e ? e : NULL;
}

static int env_ms(const char *name, unsigned dflt, unsigned *out)
{
    const char *v = getenv(name);

    *out = dflt;
    if (v && *v && parse_uint(v, 600000, out) < 0)
        return cli_usage_error("upload", "%s='%s': a number of milliseconds", name, v);
    return 0;
}

static int resolve_defaults(struct upload_opts *o)
{
    o->repo = or_env(o->repo, "GITHUB_REPOSITORY");
    o->commit = or_env(o->commit, "GITHUB_SHA");
    o->ref = or_env(o->ref, "GITHUB_REF");
    o->api_url = or_env(o->api_url, "GITHUB_API_URL");
    if (!o->api_url)
        o->api_url = DEFAULT_API_URL;
    if (!o->tool_name)
        o->tool_name = "trailscan";
    if (!o->wait_timeout_s)
        o->wait_timeout_s = DEFAULT_WAIT_S;
    if (!o->repo)
        return cli_usage_error("upload", "no repository: give --repo OWNER/NAME (or set"
                               " GITHUB_REPOSITORY)");
    if (!o->commit)
        return cli_usage_error("upload", "no commit: give --commit SHA (or set GITHUB_SHA)");
    if (!o->ref)
        return cli_usage_error("upload", "no ref: give --ref REF (or set GITHUB_REF)");
    if (env_ms("TRAILSCAN_RETRY_BASE_MS", 1000, &o->retry_base_ms) != 0
        || env_ms("TRAILSCAN_POLL_MS", 5000, &o->poll_ms) != 0)
        return TS_EXIT_INPUT;
    return 0;
}

static int check_opts(struct upload_opts *o)
{
    struct ts_error err;

    if (ts_upload_check_repo(o->repo, &err) < 0 || ts_upload_check_commit(o->commit, &err) < 0
        || ts_upload_check_ref(o->ref, &err) < 0
        || ts_upload_check_api_url(o->api_url, o->api, sizeof(o->api), &err) < 0
        || ts_upload_check_text("--tool-name", o->tool_name, &err) < 0
        || (o->checkout_uri && ts_upload_check_text("--checkout-uri", o->checkout_uri, &err) < 0))
        return cli_usage_error("upload", "%s", err.msg);
    return 0;
}

/* The token is never echoed, not even in part: only say what is wrong. */
static const char *read_token(void)
{
    const char *t = getenv("GITHUB_TOKEN");

    if (!t || !*t) {
        cli_error("GITHUB_TOKEN is not set: the upload needs a token with the"
                  " security_events write permission (in GitHub Actions:"
                  " 'GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}' and 'permissions:"
                  " security-events: write')");
        return NULL;
    }
    for (const char *p = t; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7F) {
            cli_error("GITHUB_TOKEN holds a space or control character, which no token has");
            return NULL;
        }
    return t;
}

/* Progress from the exchange, on stderr; ctx is the token, cut out again
 * in case a server echoed it into a message. */
static void print_note(void *ctx, const char *msg)
{
    char *clean = ts_upload_printable(msg, strlen(msg), 1000, ctx);

    cli_error("%s", clean);
    free(clean);
}

static int report_status(const struct ts_upload_status *s)
{
    printf("processing status: %s\n", s->state == TS_UPLOAD_COMPLETE ? "complete" : "failed");
    if (s->analyses_url)
        printf("analyses url: %s\n", s->analyses_url);
    if (s->state == TS_UPLOAD_COMPLETE) {
        for (size_t i = 0; i < s->errors.count; i++) /* partial processing */
            cli_error("GitHub reports: %s", s->errors.items[i]);
        return TS_EXIT_OK;
    }
    cli_error("GitHub could not process the upload%s", s->errors.count ? ":" : "");
    for (size_t i = 0; i < s->errors.count; i++)
        cli_error("  %s", s->errors.items[i]);
    return TS_EXIT_NETWORK;
}

static int exchange(const struct upload_opts *o, const char *token, const char *body)
{
    struct ts_upload_target t = {o->api, o->repo, token};
    /* With --wait, --wait-timeout bounds the whole run, the upload included. */
    struct ts_upload_policy p = {4, o->retry_base_ms, o->poll_ms, o->wait_timeout_s,
                                 o->wait ? ts_upload_clock_ms() + o->wait_timeout_s * 1000ull : 0,
                                 print_note, (void *)token};
    struct ts_upload_receipt r;
    struct ts_upload_status s;
    struct ts_error err;
    int status = TS_EXIT_NETWORK;

    ts_upload_status_init(&s);
    if (ts_upload_http_global_init(&err) < 0) {
        cli_error("%s", err.msg);
        return TS_EXIT_NETWORK;
    }
    if (ts_upload_send(&t, body, strlen(body), &p, &r, &err) < 0) {
        cli_error("%s", err.msg);
        goto out;
    }
    printf("upload id: %s\n", r.id);
    if (r.url)
        printf("upload url: %s\n", r.url);
    fflush(stdout);
    if (!o->wait)
        status = TS_EXIT_OK;
    else if (ts_upload_wait(&t, r.id, &p, &s, &err) < 0)
        cli_error("%s", err.msg);
    else
        status = report_status(&s);
    ts_upload_receipt_release(&r);
out:
    ts_upload_status_release(&s);
    ts_upload_http_global_cleanup();
    return status;
}

int cli_upload(int argc, char **argv)
{
    struct upload_opts o = {0};
    struct ts_upload_fields f;
    struct ts_error err;
    const char *token;
    char *body = NULL;
    size_t gz = 0;
    int rc;

    if ((rc = parse_args(argc, argv, &o)) != 0)
        return rc == 1 ? cli_finish_stdout(TS_EXIT_OK) : rc;
    if ((rc = resolve_defaults(&o)) != 0 || (rc = check_opts(&o)) != 0)
        return rc;
    if (!(token = read_token()))
        return TS_EXIT_INPUT;
    f = (struct ts_upload_fields){o.commit, o.ref, o.checkout_uri, o.tool_name};
    if (ts_upload_payload(o.sarif, &f, &body, &gz, &err) < 0) {
        cli_error("%s", err.msg);
        return TS_EXIT_INPUT;
    }
    rc = exchange(&o, token, body);
    free(body);
    return cli_finish_stdout(rc);
}
