/* trailscan collect --org: every account of an organisation into a folder,
 * one snapshot per account and the manifest last (DESIGN.md section 2b). */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws/aws_once.h"
#include "aws/collect_org.h"
#include "aws/credentials.h"
#include "aws/endpoint.h"
#include "aws/org_accounts.h"
#include "aws/org_folder.h"
#include "aws/org_manifest_write.h"
#include "aws/org_plan.h"
#include "snapshot/snapshot_check.h"
#include "snapshot/snapshot_org.h"
#include "util/dir_list.h"

static const char org_help[] =
    "usage: trailscan collect --org --role-name NAME -o DIR [OPTIONS]\n"
    "\n"
    "Collects every account of an AWS organisation, from its management account\n"
    "or a delegated administrator: Organizations DescribeOrganization and\n"
    "ListAccounts, then each ACTIVE account through STS AssumeRole of\n"
    "arn:<partition>:iam::<account>:role/NAME (the calling account with its own\n"
    "credentials), every region as `trailscan collect` does.  Writes\n"
    "DIR/<account>.json for each, then DIR/organization.json (the manifest:\n"
    "every account collected, failed with AWS's error, or skipped and why).\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR          the folder (made if missing); each file is\n"
    "                            written whole or not at all\n"
    "  --role-name NAME          the role to assume in each member account\n"
    "  --accounts ID,...         only these accounts (repeatable)\n"
    "  --exclude-accounts ID,... not these accounts (repeatable)\n"
    "  --skip-existing           keep DIR/<account>.json where it is complete and\n"
    "                            `validate` accepts it; collect only the others\n"
    "  --shard K/N               collect share K of N (1 <= K <= N): the accounts\n"
    "                            sorted by id, every Nth from the Kth; give each\n"
    "                            share its own DIR (a DIR holding another share's\n"
    "                            manifest is refused), then `scan DIR1 DIR2 ...`\n"
    "  --region REGION           a region to read (repeatable, or comma-separated);\n"
    "                            default: every region enabled for each account\n"
    "  --profile NAME            the calling account's profile\n"
    "  --role-arn ARN            first assume this role with the credentials found\n"
    "                            (e.g. into the management account; with\n"
    "                            --external-id X, --role-session-name N)\n"
    "  --endpoint-url URL        send every call to URL (as `collect --help` says)\n"
    "  --jobs N                  requests in flight in all (default 32); one\n"
    "                            account never has more than 4\n"
    "  --timeout SECONDS         per attempt of a call (default 30)\n"
    "  --max-attempts N          attempts per call (default AWS_MAX_ATTEMPTS, else 3)\n"
    "  -q, --quiet               no progress (progress shows only on a terminal)\n"
    "\n"
    "An account that fails (role missing, AssumeRole denied, throttled to the\n"
    "end) never stops the others: it is named on stderr and in the manifest.\n"
    "A snapshot an earlier run left for an account this run does not collect is\n"
    "renamed DIR/<account>.json.previous, so the folder agrees with its manifest.\n"
    "\n"
    "Exit status:\n"
    "  0  every selected ACTIVE account collected, complete\n"
    "  2  usage error (bad option, an --accounts id not in the organisation,\n"
    "     credentials that cannot be read, a folder that cannot be written or\n"
    "     holds another share's manifest)\n"
    "  4  network or AWS error: the organisation could not be listed, an account\n"
    "     failed, or a snapshot is partial\n";

struct org_cli {
    const char *dir, *profile, *endpoint_url, *role_name;
    const char *role_arn, *external_id, *role_session_name; /* the base role, if any */
    char *regions[64];
    size_t nregions;
    unsigned jobs, max_attempts;
    long timeout_ms;
    int quiet, skip_existing;
    struct org_select sel;
};

enum {
    OPT_ORG = 256, OPT_ROLE_NAME, OPT_ACCOUNTS, OPT_EXCLUDE, OPT_SKIP_EXISTING, OPT_SHARD,
    OPT_REGION, OPT_PROFILE, OPT_ENDPOINT, OPT_JOBS, OPT_TIMEOUT, OPT_ATTEMPTS,
    OPT_ROLE_ARN, OPT_EXTERNAL_ID, OPT_SESSION_NAME
};

/* ---- options ---------------------------------------------------------- */

static int number_in(const char *v, long max, long *out)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(v, &end, 10);
    if (*v < '0' || *v > '9' || *end || errno || n <= 0 || n > max)
        return -1;
    *out = n;
    return 0;
}

/* Appends the ids of a comma list; each must be 12 digits. */
static int add_ids(struct ts_strlist *l, const char *opt, const char *list)
{
    char *copy = ts_xstrdup(list), *save = NULL;
    int rc = 0;

    for (char *id = strtok_r(copy, ",", &save); id && !rc; id = strtok_r(NULL, ",", &save))
        if (!ts_account_id_ok(id))
            rc = cli_usage_error("collect", "%s '%s' is not an account id of 12 digits", opt,
                                 id);
        else
            ts_strlist_push(l, id);
    if (!rc && l->count == 0)
        rc = cli_usage_error("collect", "%s: no account id", opt);
    free(copy);
    return rc;
}

static int add_regions(struct org_cli *o, const char *list)
{
    char *copy = ts_xstrdup(list), *save = NULL;
    int rc = 0;

    for (char *r = strtok_r(copy, ",", &save); r && !rc; r = strtok_r(NULL, ",", &save)) {
        if (strlen(r) > 30 || !ts_snapshot_region_ok(r))
            rc = cli_usage_error("collect", "--region '%s' is not a region name", r);
        else if (o->nregions == sizeof(o->regions) / sizeof(o->regions[0]) - 1)
            rc = cli_usage_error("collect", "too many --region");
        else
            o->regions[o->nregions++] = ts_xstrdup(r);
    }
    free(copy);
    return rc;
}

static int parse_shard(struct org_cli *o, const char *v)
{
    const char *slash = strchr(v, '/');
    char k[16];
    long kn, nn;

    if (!slash || (size_t)(slash - v) >= sizeof(k))
        return cli_usage_error("collect", "--shard '%s' is not K/N (e.g. 2/4)", v);
    memcpy(k, v, (size_t)(slash - v));
    k[slash - v] = '\0';
    if (number_in(k, 10000, &kn) < 0 || number_in(slash + 1, 10000, &nn) < 0 || kn > nn)
        return cli_usage_error("collect", "--shard '%s' is not K/N with 1 <= K <= N <= 10000",
                               v);
    o->sel.shard_k = (unsigned)kn;
    o->sel.shard_n = (unsigned)nn;
    return 0;
}

/* An IAM role name, with its path if it has one ("audit/trailscan"): what
 * may stand in the role's ARN. */
static int role_name_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 512 || s[0] == '/' || s[n - 1] == '/' || strstr(s, "//"))
        return 0;
    return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                     "+=,.@_-/") == n;
}

/* An account both asked for and excluded: the run would collect nothing of
 * it and say nothing, which is never what was meant. */
static int contradiction(const struct org_cli *o)
{
    for (size_t i = 0; i < o->sel.accounts.count; i++)
        for (size_t k = 0; k < o->sel.exclude.count; k++)
            if (!strcmp(o->sel.accounts.items[i], o->sel.exclude.items[k]))
                return cli_usage_error("collect", "account %s is in both --accounts and"
                                       " --exclude-accounts", o->sel.accounts.items[i]);
    return 0;
}

static int parse_value(struct org_cli *o, int c, const char *v)
{
    long n;

    switch (c) {
    case 'o': o->dir = v; return 0;
    case OPT_ROLE_NAME:
        if (!role_name_ok(v))
            return cli_usage_error("collect", "--role-name '%s' is not an IAM role name"
                                   " (letters, digits and +=,.@_-, a path before it with /)",
                                   v);
        o->role_name = v;
        return 0;
    case OPT_ACCOUNTS: return add_ids(&o->sel.accounts, "--accounts", v);
    case OPT_EXCLUDE: return add_ids(&o->sel.exclude, "--exclude-accounts", v);
    case OPT_SHARD: return parse_shard(o, v);
    case OPT_REGION: return add_regions(o, v);
    case OPT_PROFILE: o->profile = v; return 0;
    case OPT_ENDPOINT: o->endpoint_url = v; return 0;
    case OPT_ROLE_ARN: o->role_arn = v; return cli_collect_role_check("--role-arn", v);
    case OPT_EXTERNAL_ID: o->external_id = v; return cli_collect_role_check("--external-id", v);
    case OPT_SESSION_NAME:
        o->role_session_name = v;
        return cli_collect_role_check("--role-session-name", v);
    case OPT_JOBS:
        if (number_in(v, 256, &n) < 0)
            return cli_usage_error("collect", "--jobs '%s' is not a number from 1 to 256", v);
        o->jobs = (unsigned)n;
        return 0;
    case OPT_TIMEOUT:
        if (number_in(v, 3600, &n) < 0)
            return cli_usage_error("collect", "--timeout '%s' is not a number of seconds from"
                                   " 1 to 3600", v);
        o->timeout_ms = n * 1000;
        return 0;
    case OPT_ATTEMPTS:
        if (number_in(v, 20, &n) < 0)
            return cli_usage_error("collect", "--max-attempts '%s' is not a number from 1"
                                   " to 20", v);
        o->max_attempts = (unsigned)n;
        return 0;
    }
    return cli_usage_error("collect", "unknown option");
}

/* 0: go on; 1: help printed; TS_EXIT_INPUT: misuse (already reported). */
static int parse_args(int argc, char **argv, struct org_cli *o)
{
    static const struct option longopts[] = {
        {"org", no_argument, NULL, OPT_ORG},
        {"output", required_argument, NULL, 'o'},
        {"role-name", required_argument, NULL, OPT_ROLE_NAME},
        {"accounts", required_argument, NULL, OPT_ACCOUNTS},
        {"exclude-accounts", required_argument, NULL, OPT_EXCLUDE},
        {"skip-existing", no_argument, NULL, OPT_SKIP_EXISTING},
        {"shard", required_argument, NULL, OPT_SHARD},
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
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:q", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(org_help, stdout);
            return 1;
        }
        if (c == 'q' || c == OPT_ORG || c == OPT_SKIP_EXISTING) {
            o->quiet |= c == 'q';
            o->skip_existing |= c == OPT_SKIP_EXISTING;
            continue;
        }
        if (c == '?' || c == ':')
            return cli_usage_error("collect", "unknown option '%s'", argv[optind - 1]);
        if (parse_value(o, c, optarg))
            return TS_EXIT_INPUT;
    }
    if (optind < argc)
        return cli_usage_error("collect", "unexpected argument '%s'", argv[optind]);
    if ((o->external_id || o->role_session_name) && !o->role_arn)
        return cli_usage_error("collect", "%s needs --role-arn",
                               o->external_id ? "--external-id" : "--role-session-name");
    if (contradiction(o))
        return TS_EXIT_INPUT;
    if (!o->role_name)
        return cli_usage_error("collect", "--org needs --role-name NAME (the role to assume"
                               " in each member account)");
    if (!o->dir)
        return cli_usage_error("collect", "--org needs -o DIR (a folder for the snapshots)");
    if (!strcmp(o->dir, "-"))
        return cli_usage_error("collect", "--org writes a folder, not standard output: give"
                               " -o DIR");
    return 0;
}

/* ---- the run -------------------------------------------------------------- */

struct org_run_cli {
    const struct org_cli *o;
    int line_open;              /* a progress line is on the terminal */
};

/* A message on its own line, after a progress line if one is drawn. */
static void new_line(struct org_run_cli *r)
{
    if (r->line_open)
        fputc('\n', stderr);
    r->line_open = 0;
}

static void account_label(const struct org_entry *e, char *buf, size_t n)
{
    if (e->acct->name)
        snprintf(buf, n, "account %s (%.256s)", e->acct->id, e->acct->name);
    else
        snprintf(buf, n, "account %s", e->acct->id);
}

static void on_done(struct org_entry *e, char *text, void *ctx)
{
    struct org_run_cli *r = ctx;
    struct ts_error err;
    char label[320];

    account_label(e, label, sizeof(label));
    if (text && org_folder_write(r->o->dir, e->file, text, &err) < 0) {
        e->status = ORG_FAILED;
        snprintf(e->fault.code, sizeof(e->fault.code), "WriteError");
        snprintf(e->fault.message, sizeof(e->fault.message), "%.500s", err.msg);
    }
    free(text);
    if (e->status == ORG_FAILED) {
        new_line(r);
        cli_error("%s: not collected: %s%s%s", label, e->fault.code,
                  e->fault.message[0] ? ": " : "", e->fault.message);
    } else if (e->failed_calls) {
        char *path = ts_path_join(r->o->dir, e->file);
        new_line(r);
        cli_error("%s: %s: partial snapshot: %u call%s failed (listed in its errors)", path,
                  label, e->failed_calls, e->failed_calls == 1 ? "" : "s");
        free(path);
    }
}

static void clock_text(long ms, char *buf, size_t n)
{
    long s = ms / 1000;
    if (s >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
}

/* One line, redrawn at most ten times a second. */
static void on_progress(const struct collect_org_progress *p, void *ctx)
{
    struct org_run_cli *r = ctx;
    char elapsed[32], left[32] = "?";

    clock_text((long)p->elapsed_ms, elapsed, sizeof(elapsed));
    if (p->left_ms >= 0)
        clock_text(p->left_ms, left, sizeof(left));
    fprintf(stderr, "\rtrailscan: accounts %u/%u, calls %lu, retries %lu, errors %lu,"
            " elapsed %s, left ~%s \033[K", p->accounts_done, p->accounts_total, p->calls,
            p->retries, p->errors, elapsed, left);
    r->line_open = 1;
}

/* A snapshot an earlier run left for an account this run did not collect
 * is renamed <id>.json.previous, and said once. */
static void set_aside(const struct org_cli *o, const struct org_plan *plan)
{
    struct ts_strlist problems;
    unsigned moved;

    ts_strlist_init(&problems);
    moved = org_folder_set_aside(o->dir, plan, &problems);
    for (size_t i = 0; i < problems.count; i++)
        cli_error("%s", problems.items[i]);
    if (moved)
        cli_error("%s: %u earlier snapshot%s of accounts this run did not collect renamed"
                  " *.json.previous", o->dir, moved, moved == 1 ? "" : "s");
    ts_strlist_release(&problems);
}

static void now_text(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The manifest, then the summary on stderr; the exit status. */
static int finish(const struct org_cli *o, const struct org_listing *l,
                  const struct org_plan *plan, const char *started)
{
    char *text = org_manifest_text(l, plan, o->sel.shard_k, o->sel.shard_n, started);
    unsigned failed = 0, partial = 0;
    struct ts_error err;
    char ids[512] = "";
    int status = TS_EXIT_OK;

    if (!text || org_folder_write(o->dir, TS_ORG_MANIFEST_NAME, text, &err) < 0) {
        cli_error("%s", text ? err.msg : "out of memory writing the manifest");
        status = TS_EXIT_INPUT;
    }
    free(text);
    for (size_t i = 0; i < plan->count; i++) {
        const struct org_entry *e = &plan->entries[i];
        size_t len = strlen(ids);
        partial += e->status == ORG_COLLECTED && e->failed_calls;
        if (e->status != ORG_FAILED)
            continue;
        if (failed++ < 20)
            snprintf(ids + len, sizeof(ids) - len, "%s%s", len ? ", " : "", e->acct->id);
    }
    if (failed) {
        char *path = ts_path_join(o->dir, TS_ORG_MANIFEST_NAME);
        cli_error("%u account%s not collected: %s%s (the manifest %s says why)", failed,
                  failed == 1 ? "" : "s", ids, failed > 20 ? ", ..." : "", path);
        free(path);
    }
    if (failed || partial)
        status = ts_exit_worst(status, TS_EXIT_NETWORK);
    return status;
}

static unsigned env_count(const char *name, unsigned fallback, unsigned max)
{
    const char *v = getenv(name);
    long n;

    return v && number_in(v, max, &n) == 0 ? (unsigned)n : fallback;
}

static void collect_opts_of(const struct org_cli *o, const char *home,
                            struct aws_cred_provider *creds, struct collect_opts *co)
{
    memset(co, 0, sizeof(*co));
    co->creds = creds;
    co->home_region = home;
    co->regions = o->nregions ? (const char *const *)o->regions : NULL;
    co->endpoint_url = o->endpoint_url;
    co->timeout_ms = o->timeout_ms ? o->timeout_ms : 30000;
    co->max_attempts = o->max_attempts ? o->max_attempts
                                       : env_count("AWS_MAX_ATTEMPTS", 3, 20);
    /* Tests shorten the backoff; the SDKs' standard mode starts at 1 s. */
    co->base_delay_ms = env_count("TRAILSCAN_RETRY_BASE_MS", 1000, 60000);
    co->max_delay_ms = 20000;
}

/* Lists the organisation, plans the run and collects it. */
static int collect_org(const struct org_cli *o, struct aws_cred_provider *creds,
                       const char *home)
{
    struct collect_org_opts co;
    struct aws_once_opts once;
    struct org_listing l;
    struct org_plan plan;
    struct ts_strlist warnings;
    struct org_run_cli rc = {o, 0};
    struct aws_fault fault;
    struct ts_error err;
    char caller[16], partition[16], started[32];
    int status;

    memset(&co, 0, sizeof(co));
    collect_opts_of(o, home, creds, &co.account);
    once = (struct aws_once_opts){creds, o->endpoint_url, co.account.max_attempts,
                                  co.account.timeout_ms, co.account.base_delay_ms,
                                  co.account.max_delay_ms};
    now_text(started, sizeof(started));
    if (org_caller(&once, home, caller, partition, &err) < 0) {
        cli_error("%s", err.msg);
        return TS_EXIT_NETWORK;
    }
    if (org_list_accounts(&once, home, &l, &fault, &err) < 0) {
        cli_error("%s", err.msg);
        return TS_EXIT_NETWORK;
    }
    ts_strlist_init(&warnings);
    if (org_plan_make(&l, &o->sel, caller, &plan, &warnings, &err) < 0) {
        cli_usage_error("collect", "%s", err.msg);
        org_listing_release(&l);
        return TS_EXIT_INPUT;
    }
    for (size_t i = 0; i < warnings.count; i++)
        cli_error("warning: %s", warnings.items[i]);
    ts_strlist_release(&warnings);
    if (o->skip_existing)
        org_folder_keep_existing(o->dir, &plan, l.org_id,
                                 o->nregions ? (const char *const *)o->regions : NULL);
    co.role_name = o->role_name;
    co.partition = partition;
    co.org_id = l.org_id;
    co.management_id = l.management_id;
    co.jobs = o->jobs ? o->jobs : 32;
    co.done = on_done;
    co.progress = !o->quiet && isatty(STDERR_FILENO) ? on_progress : NULL;
    co.ctx = &rc;
    if (co.progress)
        fprintf(stderr, "trailscan: organization %s: %zu accounts listed, credentials from"
                " %s\n", l.org_id, l.count, creds->source);
    if (collect_org_run(&co, &plan, &err) < 0) {
        cli_error("%s", err.msg);
        status = TS_EXIT_NETWORK;
    } else {
        new_line(&rc);
        set_aside(o, &plan);
        status = finish(o, &l, &plan, started);
    }
    org_plan_release(&plan);
    org_listing_release(&l);
    return status;
}

static int run(const struct org_cli *o)
{
    struct aws_profile_options popt = {o->profile, o->nregions ? o->regions[0] : NULL};
    /* The chain's own STS calls (roles, web identity) go where collect's do. */
    struct aws_chain_options chain = {o->endpoint_url, o->max_attempts, o->timeout_ms,
                                      o->role_arn, o->external_id, o->role_session_name, 0};
    struct aws_cred_provider *creds;
    struct ts_error err;
    char *region = NULL;
    int status;

    if (aws_endpoints_check(o->endpoint_url, &err) < 0)
        return cli_usage_error("collect", "%s", err.msg);
    if (org_folder_prepare(o->dir, o->sel.shard_k, o->sel.shard_n, &err) < 0) {
        cli_error("%s", err.msg);
        return TS_EXIT_INPUT;
    }
    if (!(creds = aws_credentials_resolve_chain(&popt, &chain, &region, &err))) {
        cli_error("%s", err.msg);
        return chain.fetch_failed ? TS_EXIT_NETWORK : TS_EXIT_INPUT;
    }
    if (region && !aws_region_ok(region)) {
        cli_error("the region '%.64s' from the environment or profile is not a region name",
                  region);
        status = TS_EXIT_INPUT;
    } else {
        status = collect_org(o, creds, o->nregions ? o->regions[0]
                                                   : region ? region : "us-east-1");
    }
    free(region);
    aws_cred_provider_free(creds);
    return status;
}

int cli_collect_org(int argc, char **argv)
{
    struct org_cli o;
    int rc;

    memset(&o, 0, sizeof(o));
    ts_strlist_init(&o.sel.accounts);
    ts_strlist_init(&o.sel.exclude);
    rc = parse_args(argc, argv, &o);
    if (rc == 0)
        rc = run(&o);
    else if (rc == 1)
        rc = TS_EXIT_OK;
    ts_strlist_release(&o.sel.accounts);
    ts_strlist_release(&o.sel.exclude);
    for (size_t i = 0; i < o.nregions; i++)
        free(o.regions[i]);
    return cli_finish_stdout(rc);
}

int cli_collect_wants_org(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--org"))
            return 1;
    return 0;
}
