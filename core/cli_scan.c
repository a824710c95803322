/* trailscan scan: load snapshots, evaluate rules, write reports.  Never
 * uses the network. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "baseline.h"
#include "config.h"
#include "engine.h"
#include "report.h"
#include "results.h"
#include "scan.h"
#include "snapshot_set.h"
#include "waiver.h"

static const char scan_help[] =
    "usage: trailscan scan [OPTIONS] SNAPSHOT|DIR...\n"
    "\n"
    "Evaluates rules over account snapshots (a directory stands for every\n"
    "*.json file in it).  Never uses the network.\n"
    "\n"
    "Options:\n"
    "  --rules DIR          also load the rules in DIR (repeatable)\n"
    "  --no-builtin         do not load the built-in rules\n"
    "  --only ID,...        run only these rules\n"
    "  --skip ID,...        do not run these rules\n"
    "  --format FORMAT      text, sarif, json or markdown (repeatable; each may take\n"
    "                       its own -o FILE; one may go to standard output)\n"
    "  -o, --output FILE    write the preceding --format to FILE (whole or not at all)\n"
    "  --base-uri DIR       SARIF locations are relative to DIR (default: the working\n"
    "                       directory; for code scanning, the repository's root)\n"
    "  --fail-on LEVEL      error|warning|note|never: exit 1 for findings at or above\n"
    "                       LEVEL (default error)\n"
    "  --include-passes     also report passing resources (audit evidence)\n"
    "  --config FILE        rule parameters and waivers (format trailscan-config/1)\n"
    "  --today YYYY-MM-DD   the day waivers' expiry is judged on (default: today in\n"
    "                       UTC, or $TRAILSCAN_TODAY)\n"
    "  --include-waived     keep waived results in SARIF, with suppressions (left out\n"
    "                       by default: GitHub shows suppressed results as open alerts)\n"
    "  --baseline FILE      an earlier SARIF report: mark each result new, unchanged,\n"
    "                       updated or absent (by fingerprint)\n"
    "  --fail-on-new        --fail-on counts only results that are new since the\n"
    "                       baseline, or updated to a higher level\n"
    "  --profile            print each rule's cost (instructions, seconds) on stderr\n"
    "  --jobs N             evaluate N accounts at a time (default: one per processor;\n"
    "                       the output is the same for any N)\n"
    "  --max-memory MIB     memory the rules' Lua state may hold, whatever rules\n"
    "                       kept between snapshots (default 256)\n"
    "  --max-instructions N Lua instructions one rule may run on one snapshot\n"
    "                       (default 200000000)\n"
    "  --max-seconds N      wall-clock seconds one rule may run on one snapshot\n"
    "                       (default 10)\n"
    "  --max-results N      results one rule lists on one snapshot; more are counted\n"
    "                       in one summary result (default 10000)\n"
    "  --max-results-file MIB  what all results may take in their temporary file;\n"
    "                       past it no report is written, exit 2 (default 1024)\n"
    "  -h, --help           this text\n"
    "\n"
    "Findings' levels: critical and high severity are errors, medium warnings,\n"
    "low and info notes; 'review' results (could not decide) are notes.\n"
    "\n";

#define MAX_OUTPUTS 8

struct output {
    const char *format, *path;
};

struct scan_opts {
    const char *rule_dirs[32];
    size_t nrule_dirs;
    int no_builtin, include_passes;
    const char *only, *skip;
    struct output outputs[MAX_OUTPUTS];
    size_t noutputs;
    const char *base_uri;
    enum ts_level fail_on;
    int fail_never;
    struct ts_limits limits;
    uint64_t results_file;  /* bytes the results' temporary file may hold */
    unsigned jobs;
    int profile;
    const char *config, *baseline;
    long today;
    int today_set, include_waived, fail_on_new;
};

enum { OPT_RULES = 256, OPT_NO_BUILTIN, OPT_ONLY, OPT_SKIP, OPT_FORMAT, OPT_FAIL_ON,
       OPT_PASSES, OPT_MAXMEM, OPT_MAXINS, OPT_BASE_URI, OPT_JOBS, OPT_PROFILE, OPT_CONFIG,
       OPT_TODAY, OPT_INCLUDE_WAIVED, OPT_BASELINE, OPT_FAIL_ON_NEW, OPT_MAXSEC,
       OPT_MAXRES, OPT_MAXRESFILE };

typedef int (*report_writer)(FILE *, const struct ts_engine *, const struct ts_report_opts *);

static report_writer writer_for(const char *format)
{
    static const struct {
        const char *name;
        report_writer write;
    } writers[] = {{"text", ts_report_text}, {"sarif", ts_report_sarif},
                   {"json", ts_report_json}, {"markdown", ts_report_markdown}};

    for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
        if (!strcmp(format, writers[i].name))
            return writers[i].write;
    return NULL;
}

static int parse_fail_on(const char *v, struct scan_opts *o)
{
    static const char *const names[] = {"never", "note", "warning", "error"};

    for (int i = 0; i < 4; i++)
        if (!strcmp(v, names[i])) {
            o->fail_never = i == 0;
            o->fail_on = (enum ts_level)i;
            return 0;
        }
    return -1;
}

static int parse_positive(const char *v, long long *out)
{
    char *end;
    long long n = strtoll(v, &end, 10);

    if (*v == '\0' || *end != '\0' || n <= 0)
        return -1;
    *out = n;
    return 0;
}

static int parse_args(int argc, char **argv, struct scan_opts *o)
{
    static const struct option longopts[] = {
        {"rules", required_argument, NULL, OPT_RULES},
        {"no-builtin", no_argument, NULL, OPT_NO_BUILTIN},
        {"only", required_argument, NULL, OPT_ONLY},
        {"skip", required_argument, NULL, OPT_SKIP},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
        {"include-passes", no_argument, NULL, OPT_PASSES},
        {"max-memory", required_argument, NULL, OPT_MAXMEM},
        {"max-instructions", required_argument, NULL, OPT_MAXINS},
        {"max-seconds", required_argument, NULL, OPT_MAXSEC},
        {"max-results", required_argument, NULL, OPT_MAXRES},
        {"max-results-file", required_argument, NULL, OPT_MAXRESFILE},
        {"base-uri", required_argument, NULL, OPT_BASE_URI},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {"profile", no_argument, NULL, OPT_PROFILE},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"today", required_argument, NULL, OPT_TODAY},
        {"include-waived", no_argument, NULL, OPT_INCLUDE_WAIVED},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"fail-on-new", no_argument, NULL, OPT_FAIL_ON_NEW},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    long long n;
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(scan_help, stdout);
            fputs(cli_exit_help, stdout);
            return 1;
        case OPT_RULES:
            if (o->nrule_dirs == sizeof(o->rule_dirs) / sizeof(o->rule_dirs[0]))
                return cli_usage_error("scan", "too many --rules");
            o->rule_dirs[o->nrule_dirs++] = optarg;
            break;
        case OPT_NO_BUILTIN: o->no_builtin = 1; break;
        case OPT_ONLY: o->only = optarg; break;
        case OPT_SKIP: o->skip = optarg; break;
        case OPT_PASSES: o->include_passes = 1; break;
        case OPT_FORMAT:
            if (!writer_for(optarg))
                return cli_usage_error("scan", "unknown --format '%s' (text, sarif, json,"
                                       " markdown)", optarg);
            if (o->noutputs == MAX_OUTPUTS)
                return cli_usage_error("scan", "too many --format");
            o->outputs[o->noutputs].format = optarg;
            o->outputs[o->noutputs++].path = NULL;
            break;
        case 'o':
            if (o->noutputs == 0) /* -o alone: the default text report */
                o->outputs[o->noutputs++].format = "text";
            if (o->outputs[o->noutputs - 1].path)
                return cli_usage_error("scan", "-o '%s': each --format takes one -o", optarg);
            o->outputs[o->noutputs - 1].path = optarg;
            break;
        case OPT_PROFILE: o->profile = 1; break;
        case OPT_CONFIG: o->config = optarg; break;
        case OPT_BASELINE: o->baseline = optarg; break;
        case OPT_INCLUDE_WAIVED: o->include_waived = 1; break;
        case OPT_FAIL_ON_NEW: o->fail_on_new = 1; break;
        case OPT_TODAY:
            if (ts_config_parse_date(optarg, &o->today) < 0)
                return cli_usage_error("scan", "--today '%s': a date YYYY-MM-DD", optarg);
            o->today_set = 1;
            break;
        case OPT_JOBS:
            if (parse_positive(optarg, &n) < 0 || n > 1024)
                return cli_usage_error("scan", "--jobs '%s': a number of threads (1-1024)",
                                       optarg);
            o->jobs = (unsigned)n;
            break;
        case OPT_BASE_URI:
            o->base_uri = optarg;
            break;
        case OPT_FAIL_ON:
            if (parse_fail_on(optarg, o) < 0)
                return cli_usage_error("scan", "--fail-on '%s': use error, warning, note or"
                                       " never", optarg);
            break;
        case OPT_MAXMEM:
            if (parse_positive(optarg, &n) < 0 || n > 65536)
                return cli_usage_error("scan", "--max-memory '%s': a number of MiB", optarg);
            o->limits.memory = (size_t)n << 20;
            break;
        case OPT_MAXINS:
            if (parse_positive(optarg, &n) < 0)
                return cli_usage_error("scan", "--max-instructions '%s': a positive number",
                                       optarg);
            o->limits.instructions = n;
            break;
        case OPT_MAXSEC:
            if (parse_positive(optarg, &n) < 0 || n > 86400)
                return cli_usage_error("scan", "--max-seconds '%s': a number of seconds"
                                       " (1-86400)", optarg);
            o->limits.seconds = (double)n;
            break;
        case OPT_MAXRES:
            if (parse_positive(optarg, &n) < 0 || n > 100000000)
                return cli_usage_error("scan", "--max-results '%s': a number of results (1 to"
                                       " 100000000)", optarg);
            o->limits.results = (size_t)n;
            break;
        case OPT_MAXRESFILE:
            if (parse_positive(optarg, &n) < 0 || n > ((long long)1 << 30))
                return cli_usage_error("scan", "--max-results-file '%s': a number of MiB",
                                       optarg);
            o->results_file = (uint64_t)n << 20;
            break;
        default:
            if (optopt)
                return cli_usage_error("scan", "option '-%c' %s", optopt,
                                       strchr("o", optopt) ? "needs a value" : "is unknown");
            return cli_usage_error("scan", "option '%s' is unknown or needs a value",
                                   argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("scan", "no snapshot given");
    if (o->fail_on_new && !o->baseline)
        return cli_usage_error("scan", "--fail-on-new needs --baseline OLD.sarif");
    if (o->noutputs == 0)
        o->outputs[o->noutputs++].format = "text";
    {
        int to_stdout = 0;
        for (size_t i = 0; i < o->noutputs; i++)
            to_stdout += !o->outputs[i].path || !strcmp(o->outputs[i].path, "-");
        if (to_stdout > 1)
            return cli_usage_error("scan", "only one report can go to standard output:"
                                   " give the others -o FILE");
    }
    return 0;
}

static void make_plan(const struct scan_opts *o, struct ts_scan_plan *plan)
{
    memset(plan, 0, sizeof(*plan));
    plan->rule_dirs = o->rule_dirs;
    plan->nrule_dirs = o->nrule_dirs;
    plan->builtin = !o->no_builtin;
    plan->only = o->only;
    plan->skip = o->skip;
    plan->limits = o->limits;
    plan->jobs = o->jobs;
    for (size_t i = 0; i < o->noutputs; i++)
        plan->want_hashes |= !strcmp(o->outputs[i].format, "sarif")
                             || !strcmp(o->outputs[i].format, "json");
}

/* Loads the rules; checks the config against all of them before --only and
 * --skip choose (a typo in the config is caught whatever runs), then sets
 * the chosen rules' parameters.  Problems are printed. */
static int load_rules(struct ts_engine *e, const struct ts_scan_plan *plan,
                      const struct ts_config *cfg)
{
    struct ts_scan_plan all = *plan;
    struct ts_problems problems;
    int ret;

    all.only = all.skip = NULL;
    ts_problems_init(&problems);
    ret = ts_scan_load_rules(e, &all, &problems);
    if (ret == 0 && cfg && ts_config_check_rules(cfg, e, &problems) < 0)
        ret = -1;
    if (ret == 0)
        ret = ts_engine_select(e, plan->only, plan->skip, &problems);
    if (ret == 0 && e->nrules == 0 && e->nfailures == 0) {
        ts_problems_add(&problems, "no rules to run");
        ret = -1;
    }
    if (ret == 0 && cfg)
        ret = ts_config_apply_params(cfg, e, &problems);
    cli_print_problems(&problems);
    ts_problems_release(&problems);
    return ret;
}

/* A worker engine's parameters, as the main engine got them (checked there
 * already, so problems cannot arise here). */
static int apply_params(struct ts_engine *e, void *cfg)
{
    struct ts_problems problems;
    int ret;

    ts_problems_init(&problems);
    ret = ts_config_apply_params(cfg, e, &problems);
    ts_problems_release(&problems);
    return ret;
}

/* Reads --config and --baseline before any work; problems are printed. */
static int load_inputs(const struct scan_opts *o, struct ts_config *cfg,
                       struct ts_baseline *base)
{
    struct ts_problems problems;
    int ret = 0;

    ts_problems_init(&problems);
    if (o->config && ts_config_load(cfg, o->config, &problems) < 0)
        ret = -1;
    if (o->baseline && ts_baseline_load(base, o->baseline, &problems) < 0)
        ret = -1;
    cli_print_problems(&problems);
    ts_problems_release(&problems);
    return ret;
}

/* Evaluates every input; problems are printed, in file order. */
static enum ts_exit scan_inputs(struct ts_engine *e, const struct ts_scan_plan *plan,
                                char *const *args, size_t nargs)
{
    struct ts_strlist files;
    struct ts_problems problems;
    enum ts_exit status = TS_EXIT_OK;

    ts_strlist_init(&files);
    ts_problems_init(&problems);
    if (ts_inputs_expand(args, nargs, &files, &problems) < 0)
        status = TS_EXIT_INPUT;
    status = ts_exit_worst(status, ts_scan_files(e, plan, &files, &problems));
    cli_print_problems(&problems);
    ts_problems_release(&problems);
    ts_strlist_release(&files);
    return status;
}

static void print_failures(const struct ts_engine *e)
{
    for (size_t i = 0; i < e->nfailures; i++) {
        const struct ts_failure *f = &e->failures[i];
        if (f->snapshot == SIZE_MAX)
            cli_error("rule '%s' failed while loading: %s: %s", f->rule_id,
                      ts_cause_name(f->cause), f->message);
        else
            cli_error("rule '%s' failed on account %s (%s): %s: %s", f->rule_id,
                      e->accounts[f->snapshot].account_id, e->accounts[f->snapshot].file,
                      ts_cause_name(f->cause), f->message);
    }
}

/* --profile: what each rule cost over the whole scan, costliest first. */
static void print_profile(const struct ts_engine *e)
{
    size_t *order = ts_xmalloc((e->nrules + 1) * sizeof(*order));

    for (size_t i = 0; i < e->nrules; i++)
        order[i] = i;
    for (size_t i = 0; i + 1 < e->nrules; i++)
        for (size_t j = i + 1; j < e->nrules; j++)
            if (e->rules[order[j]].instructions > e->rules[order[i]].instructions) {
                size_t t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
    fprintf(stderr, "trailscan: profile: %-36s %14s %9s\n", "rule", "instructions", "seconds");
    for (size_t i = 0; i < e->nrules; i++) {
        const struct ts_rule *r = &e->rules[order[i]];
        fprintf(stderr, "trailscan: profile: %-36s %14lld %9.3f\n", r->id, r->instructions,
                r->seconds);
    }
    free(order);
}

static int write_outputs(const struct ts_engine *e, const struct scan_opts *o,
                         const struct ts_report_opts *base, int argc, char **argv,
                         enum ts_exit status)
{
    struct ts_report_opts ro = *base;
    struct ts_error err;
    int ret = 0;

    ro.argc = argc;
    ro.argv = argv;
    ro.exit_code = (int)status;
    for (size_t i = 0; i < o->noutputs; i++) {
        const struct output *out = &o->outputs[i];
        report_writer write = writer_for(out->format);
        if (!out->path || !strcmp(out->path, "-")) {
            const char *nc = getenv("NO_COLOR");
            ro.color = isatty(STDOUT_FILENO) && !(nc && *nc);
            if (write(stdout, e, &ro) < 0) {
                if (!ts_results_error(e))
                    cli_error("cannot write the %s report to standard output", out->format);
                ret = -1;
            }
        } else {
            ro.color = 0;
            if (ts_report_write_file(out->path, write, e, &ro, &err) < 0) {
                cli_error("%s", err.msg);
                ret = -1;
            }
        }
    }
    return ret;
}

/* The results live in a temporary file: a warning if it could not be
 * made or written (they stayed in memory instead). */
static void warn_results_file(const struct ts_engine *e)
{
    const char *dir = getenv("TMPDIR");
    int file = ts_results_file_error(e);

    if (file)
        cli_error("warning: results kept in memory: no temporary file in %s: %s",
                  dir && *dir ? dir : "/tmp", strerror(file));
}

/* If the results could not be read back, every pass over them since stopped
 * short: counts, waivers and reports would all be wrong.  Says so. */
static int results_lost(const struct ts_engine *e)
{
    int lost = ts_results_error(e);

    if (lost)
        cli_error("the results could not be read back from their temporary file: %s",
                  strerror(lost));
    return lost != 0;
}

/* Waived results never count; with --fail-on-new only new or worsened ones. */
static enum ts_exit findings_status(const struct ts_engine *e, const struct scan_opts *o)
{
    struct ts_results_iter it;
    const struct ts_result *r;
    enum ts_exit status = TS_EXIT_OK;

    if (o->fail_never)
        return TS_EXIT_OK;
    ts_results_begin(&it, e);
    while (status == TS_EXIT_OK && (r = ts_results_next(&it))) {
        enum ts_level l = ts_result_level(e, r);
        if (r->waiver || (o->fail_on_new && !ts_baseline_counts_as_new(r)))
            continue;
        if (l != TS_LEVEL_NONE && l >= o->fail_on)
            status = TS_EXIT_FINDINGS;
    }
    ts_results_end(&it);
    return status;
}

/* Expired and stale waivers on stderr too, when no text report shows them
 * (a CI log of a SARIF-only run still says so). */
static void warn_waivers(const struct scan_opts *o, const struct ts_config *cfg)
{
    for (size_t i = 0; i < o->noutputs; i++)
        if (!strcmp(o->outputs[i].format, "text"))
            return;
    for (size_t i = 0; i < cfg->nwaivers; i++) {
        const struct ts_waiver *w = &cfg->waivers[i];
        if (w->expired)
            cli_error("warning: %s:%u:%u: waiver for %s on %s expired on %s; %zu result%s no"
                      " longer waived", cfg->doc.path, w->line, w->column, w->rule,
                      w->resource, w->expires, w->matched, w->matched == 1 ? "" : "s");
        else if (ts_waiver_is_stale(w))
            cli_error("warning: %s:%u:%u: stale waiver for %s on %s: it matched nothing",
                      cfg->doc.path, w->line, w->column, w->rule, w->resource);
    }
}

/* The day waivers are judged on: --today, else $TRAILSCAN_TODAY, else the
 * wall clock's date in UTC. */
static int waiver_day(struct scan_opts *o)
{
    const char *env = getenv("TRAILSCAN_TODAY");

    if (o->today_set)
        return 0;
    if (env && *env) {
        if (ts_config_parse_date(env, &o->today) < 0) {
            cli_error("TRAILSCAN_TODAY '%s': a date YYYY-MM-DD", env);
            return -1;
        }
        return 0;
    }
    o->today = ts_waiver_today();
    return 0;
}

static void apply_after_scan(struct ts_engine *e, const struct scan_opts *o,
                             struct ts_config *cfg, struct ts_baseline *base,
                             struct ts_report_opts *ro)
{
    memset(ro, 0, sizeof(*ro));
    ro->include_passes = o->include_passes;
    ro->include_waived = o->include_waived;
    ro->base_uri = o->base_uri;
    ro->today = o->today;
    if (o->config) {
        ts_waivers_apply(cfg, e, o->today);
        ro->config = cfg;
    }
    if (o->baseline) {
        ts_baseline_apply(base, e, o->include_passes);
        ro->baseline = base;
    }
}

static enum ts_exit run_scan(struct scan_opts *o, struct ts_config *cfg,
                             struct ts_baseline *base, int argc, char **argv)
{
    struct ts_scan_plan plan;
    struct ts_report_opts ro;
    struct ts_engine e;
    enum ts_exit status;

    if (ts_engine_init(&e, &o->limits) < 0) {
        cli_error("cannot start Lua");
        return TS_EXIT_INPUT;
    }
    make_plan(o, &plan);
    /* Worker threads load their rules afresh: give them the parameters too. */
    if (o->config && ts_config_has_params(cfg)) {
        plan.prepare = apply_params;
        plan.prepare_ctx = cfg;
    }
    e.want_hashes = plan.want_hashes;
    e.drop_passes = !o->include_passes;
    e.keep_log = 1;
    e.quota->max = o->results_file;
    if (load_rules(&e, &plan, o->config ? cfg : NULL) < 0) {
        ts_engine_release(&e);
        return TS_EXIT_INPUT;
    }
    status = scan_inputs(&e, &plan, argv + optind, (size_t)(argc - optind));
    print_failures(&e);
    if (o->profile)
        print_profile(&e);
    if (e.nfailures)
        status = ts_exit_worst(status, TS_EXIT_RULE_FAILED);
    apply_after_scan(&e, o, cfg, base, &ro);
    status = ts_exit_worst(status, findings_status(&e, o));
    warn_results_file(&e);
    if (ts_results_over_quota(&e)) {
        cli_error("the results take more than %llu MiB (--max-results-file): not all were"
                  " kept, so no report is written", (unsigned long long)(o->results_file >> 20));
        ts_engine_release(&e);
        return TS_EXIT_INPUT;
    }
    if (results_lost(&e)) {
        ts_engine_release(&e);
        return TS_EXIT_INPUT;
    }
    if (o->config)
        warn_waivers(o, cfg);
    if (write_outputs(&e, o, &ro, argc, argv, status) < 0)
        status = ts_exit_worst(status, TS_EXIT_INPUT);
    if (results_lost(&e))
        status = ts_exit_worst(status, TS_EXIT_INPUT);
    ts_engine_release(&e);
    return status;
}

int cli_scan(int argc, char **argv)
{
    struct scan_opts o;
    struct ts_config cfg;
    struct ts_baseline base;
    enum ts_exit status;
    int r;

    memset(&o, 0, sizeof(o));
    o.fail_on = TS_LEVEL_ERROR;
    o.limits.memory = TS_DEFAULT_MEMORY_LIMIT;
    o.limits.instructions = TS_DEFAULT_INSTRUCTION_LIMIT;
    o.limits.results = TS_DEFAULT_RESULT_LIMIT;
    o.limits.seconds = TS_DEFAULT_SECONDS;
    o.results_file = TS_RESULT_LOG_MAX;
    o.jobs = ts_scan_default_jobs();
    if ((r = parse_args(argc, argv, &o)) != 0)
        return r == 1 ? cli_finish_stdout(TS_EXIT_OK) : r;
    if (waiver_day(&o) < 0)
        return TS_EXIT_INPUT;
    ts_config_init(&cfg);
    ts_baseline_init(&base);
    if (load_inputs(&o, &cfg, &base) < 0)
        status = TS_EXIT_INPUT;
    else
        status = run_scan(&o, &cfg, &base, argc, argv);
    ts_config_release(&cfg);
    ts_baseline_release(&base);
    return cli_finish_stdout(status);
}
