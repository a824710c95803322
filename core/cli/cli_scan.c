/* trailscan scan: load snapshots, evaluate rules, write reports.  Never
 * uses the network. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "triage/baseline.h"
#include "triage/config.h"
#include "util/dir_list.h"
#include "engine/engine.h"
#include "lua/sandbox_limits.h"
#include "util/file_read.h"
#include "util/output.h"
#include "report/report.h"
#include "report/report_csv.h"
#include "report/report_html.h"
#include "engine/results.h"
#include "engine/scan.h"
#include "snapshot/orgs.h"
#include "snapshot/snapshot_set.h"
#include "triage/waiver.h"
#include "util/timestamp.h"
#include "engine/result.h"
#include "triage/fail_on.h"
#include "engine/catalogue.h"
#include "report/report_compliance.h"
#include "report/report_summary.h"
#include "util/glob.h"

static const char scan_help[] =
    "usage: trailscan scan [OPTIONS] SNAPSHOT|DIR...\n"
    "\n"
    "Evaluates rules over account snapshots (a directory stands for every\n"
    "*.json file in it).  Never uses the network.  An organisation's folder\n"
    "(collect --org) has a manifest, organization.json: it names the accounts,\n"
    "and those it lists as failed, skipped or missing are reported as not\n"
    "judged (exit 4 unless only skipped).  Naming the manifest scans the\n"
    "snapshots it lists.\n"
    "\n"
    "Options:\n"
    "  --rules DIR          also load the rules in DIR (repeatable)\n"
    "  --no-builtin         do not load the built-in rules\n"
    "  --only ID,...        run only these rules (globs: 'cis-alarm-*'; repeatable:\n"
    "                       the rules of every --only run)\n"
    "  --skip ID,...        do not run these rules (globs too; repeatable)\n"
    "  --compliance ID      run the rules mapped to framework ID (e.g. cis-aws-3.0,\n"
    "                       aws-fsbp; repeatable; with --only/--skip) and show its\n"
    "                       controls' status in every report\n"
    "  --format FORMAT      text, sarif, json, markdown, csv, html or codequality\n"
    "                       (GitLab Code Quality); repeatable, each may take its own\n"
    "                       -o FILE; one may go to standard output\n"
    "  -o, --output FILE    write the preceding --format to FILE (whole or not at all;\n"
    "                       never an input or another -o's file)\n"
    "  --base-uri DIR       SARIF locations are relative to DIR (default: the working\n"
    "                       directory; for code scanning, the repository's root)\n"
    "  --fail-on LEVEL      error|warning|note|never: exit 1 for findings at or above\n"
    "                       LEVEL (default error)\n"
    "  --include-passes     also report passing resources (audit evidence)\n"
    "  --verbose            the text report of more than 20 accounts (or inputs)\n"
    "                       lists every result by account (by default: by rule,\n"
    "                       errors listed)\n"
    "  --lang en|ja         the language of the reports and the rules' texts (default:\n"
    "                       $TRAILSCAN_LANG, else ja if the locale is Japanese, else en)\n"
    "  --keep-going         when inputs are bad, still report on the others, marked\n"
    "                       incomplete (exit 2 all the same); without it an input\n"
    "                       error writes no report\n"
    "  --config FILE        rule parameters and waivers (format trailscan-config/1)\n"
    "  --today YYYY-MM-DD   the day waivers' expiry is judged on (default: today in\n"
    "                       UTC, or $TRAILSCAN_TODAY)\n"
    "  --include-waived     keep waived results in SARIF, with suppressions (left out\n"
    "                       by default: GitHub shows suppressed results as open alerts)\n"
    "  --baseline FILE      an earlier SARIF report: mark each result new, unchanged,\n"
    "                       updated or absent (by fingerprint)\n"
    "  --fail-on-new        --fail-on counts only results that are new since the\n"
    "                       baseline, or updated to a higher level\n"
    "  --profile            print each rule's cost (instructions, seconds) on stderr;\n"
    "                       counts every instruction from the start (slower)\n"
    "  --jobs N             evaluate N accounts at a time (default: one per processor;\n"
    "                       the output is the same for any N)\n"
    "  --max-memory MIB     memory the rules' Lua state may hold, whatever rules\n"
    "                       kept between snapshots (default 256)\n"
    "  --max-instructions N Lua instructions one rule may run on one snapshot\n"
    "                       (default 200000000), plus 16 per byte of the snapshot;\n"
    "                       counted once a call has run 10 ms (from its start\n"
    "                       under 20000000 or with --profile; library work always)\n"
    "  --max-seconds N      wall-clock seconds one rule may run on one snapshot\n"
    "                       (default 10), plus 4 per MiB of the snapshot\n"
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
#define MAX_FRAMEWORKS 16

struct output {
    const char *format, *path;
};

struct scan_opts {
    const char *rule_dirs[32];
    size_t nrule_dirs;
    int no_builtin, include_passes;
    char *only, *skip;      /* every --only, every --skip: comma lists, owned */
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
    int keep_going;
    const char *frameworks[MAX_FRAMEWORKS]; /* --compliance */
    size_t nframeworks;
    int verbose;
    enum ts_lang lang;      /* --lang, else the environment's */
};

enum { OPT_RULES = 256, OPT_NO_BUILTIN, OPT_ONLY, OPT_SKIP, OPT_FORMAT, OPT_FAIL_ON,
       OPT_PASSES, OPT_MAXMEM, OPT_MAXINS, OPT_BASE_URI, OPT_JOBS, OPT_PROFILE, OPT_CONFIG,
       OPT_TODAY, OPT_INCLUDE_WAIVED, OPT_BASELINE, OPT_FAIL_ON_NEW, OPT_MAXSEC,
       OPT_MAXRES, OPT_MAXRESFILE, OPT_LANG };
enum { OPT_KEEP_GOING = 320 }; /* apart: other options are added above */
enum { OPT_COMPLIANCE = 330, OPT_VERBOSE };

typedef int (*report_writer)(FILE *, const struct ts_engine *, const struct ts_report_opts *);

static const struct {
    const char *name;
    report_writer write;
} writers[] = {{"text", ts_report_text}, {"sarif", ts_report_sarif},
               {"json", ts_report_json}, {"markdown", ts_report_markdown},
               {"csv", ts_report_csv}, {"html", ts_report_html},
               {"codequality", ts_report_codequality}};

const char *cli_scan_format(size_t i)
{
    return i < sizeof(writers) / sizeof(writers[0]) ? writers[i].name : NULL;
}

static report_writer writer_for(const char *format)
{
    for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
        if (!strcmp(format, writers[i].name))
            return writers[i].write;
    return NULL;
}

static int parse_fail_on(const char *v, struct scan_opts *o)
{
    return ts_fail_on_parse(v, &o->fail_on, &o->fail_never);
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

/* --base-uri names the folder SARIF's URIs are relative to: one that is
 * not there would give URIs that lead nowhere. */
static int check_base_uri(const char *dir)
{
    struct stat st;

    if (stat(dir, &st) != 0)
        return cli_usage_error("scan", "--base-uri '%s': %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return cli_usage_error("scan", "--base-uri '%s': not a directory", dir);
    return 0;
}

/* A repeated --only or --skip adds to the ones before (their union), as
 * --format and --compliance repeat: the last one alone would silently drop
 * the others. */
static void list_add(char **list, const char *item)
{
    size_t n = *list ? strlen(*list) : 0, m = strlen(item);
    char *joined = ts_xmalloc(n + m + 2);

    if (n) {
        memcpy(joined, *list, n);
        joined[n++] = ',';
    }
    memcpy(joined + n, item, m + 1);
    free(*list);
    *list = joined;
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
        {"keep-going", no_argument, NULL, OPT_KEEP_GOING},
        {"compliance", required_argument, NULL, OPT_COMPLIANCE},
        {"verbose", no_argument, NULL, OPT_VERBOSE},
        {"lang", required_argument, NULL, OPT_LANG},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    long long n;
    int c, lang_set = 0;

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
        case OPT_ONLY: list_add(&o->only, optarg); break;
        case OPT_SKIP: list_add(&o->skip, optarg); break;
        case OPT_PASSES: o->include_passes = 1; break;
        case OPT_FORMAT:
            if (!writer_for(optarg))
                return cli_usage_error("scan", "unknown --format '%s' (text, sarif, json,"
                                       " markdown, csv, html, codequality)", optarg);
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
        case OPT_KEEP_GOING: o->keep_going = 1; break;
        case OPT_VERBOSE: o->verbose = 1; break;
        case OPT_LANG:
            if (cli_lang("scan", optarg, &o->lang) != 0)
                return TS_EXIT_INPUT;
            lang_set = 1;
            break;
        case OPT_COMPLIANCE:
            if (o->nframeworks == MAX_FRAMEWORKS)
                return cli_usage_error("scan", "too many --compliance");
            o->frameworks[o->nframeworks++] = optarg;
            break;
        case OPT_TODAY:
            if (ts_day_parse(optarg, &o->today) < 0)
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
            if (check_base_uri(optarg) != 0)
                return TS_EXIT_INPUT;
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
    if (!lang_set && cli_lang("scan", NULL, &o->lang) != 0)
        return TS_EXIT_INPUT;
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
    plan->lang = o->lang;
    for (size_t i = 0; i < o->noutputs; i++)
        plan->want_hashes |= !strcmp(o->outputs[i].format, "sarif")
                             || !strcmp(o->outputs[i].format, "json");
}

/* Whether the results can be kept brief (ts_engine_opts.brief): the one
 * report is an organisation's text summary (more than
 * TS_REPORT_MANY_ACCOUNTS inputs, no --verbose), which lists the texts of
 * error-level failures only, and nothing else reads the others' texts:
 * no waivers (matched by resource), no --baseline (fingerprints), no
 * --compliance (by resource), no passes listed.  An organisation's
 * results then write some 40 bytes each to the results' file instead of
 * some 450, and read as little back. */
static int brief_results(const struct scan_opts *o, const struct ts_config *cfg,
                         size_t ninputs)
{
    return o->noutputs == 1 && !strcmp(o->outputs[0].format, "text") && !o->verbose
           && ninputs > TS_REPORT_MANY_ACCOUNTS && !(o->config && cfg->nwaivers)
           && !o->baseline && o->nframeworks == 0 && !o->include_passes;
}

/* The rule file that failed while loading and was to be rule id: the id is
 * only in its source, since the code that would have returned it failed. */
static const struct ts_failure *failed_to_load(const struct ts_engine *e, const char *id,
                                               size_t len)
{
    char *quoted = ts_xmalloc(len + 3);
    const struct ts_failure *found = NULL;

    for (size_t i = 0; !found && i < ts_engine_nfailures(e); i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        struct ts_error err;
        char *text;
        size_t n;
        if (f->snapshot != SIZE_MAX
            || ts_file_read(f->rule_id, TS_MAX_SNAPSHOT_BYTES, &text, &n, &err) < 0)
            continue;
        snprintf(quoted, len + 3, "\"%.*s\"", (int)len, id);
        if (strstr(text, quoted))
            found = f;
        quoted[0] = quoted[len + 1] = '\'';
        if (strstr(text, quoted))
            found = f;
        free(text);
    }
    free(quoted);
    return found;
}

/* The comma list without the ids of rules whose file failed to load (the
 * failure is reported as any rule failure; "no rule with id" would be
 * wrong), each said so.  NULL for NULL; caller frees. */
static char *without_failed(const struct ts_engine *e, const char *list)
{
    char *kept;

    if (!list)
        return NULL;
    kept = ts_xmalloc(strlen(list) + 1);
    kept[0] = '\0';
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        const struct ts_failure *f = NULL;
        if (len && ts_engine_find_rule_n(e, p, len) == SIZE_MAX)
            f = failed_to_load(e, p, len);
        if (f)
            cli_error("rule '%.*s' failed to load: %s: %s: %s", (int)len, p, f->rule_id,
                      ts_cause_name(f->cause), f->message);
        else
            sprintf(kept + strlen(kept), "%s%.*s", kept[0] ? "," : "", (int)len, p);
        p += len + (p[len] == ',');
    }
    return kept;
}

/* ---- which rules run: --only, --skip (ids or globs), --compliance ---- */

/* A growable comma list. */
static void append_id(char **list, size_t *len, const char *id, size_t n)
{
    *list = ts_xrealloc(*list, *len + n + 2);
    if (*len)
        (*list)[(*len)++] = ',';
    memcpy(*list + *len, id, n);
    *len += n;
    (*list)[*len] = '\0';
}

/* 1 if id is an item of the comma list of ids. */
static int listed(const char *list, const char *id)
{
    size_t n = strlen(id);

    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && !strncmp(p, id, n))
            return 1;
        p += len + (p[len] == ',');
    }
    return 0;
}

/* The comma list with each glob (an item with '*' or '?') replaced by the
 * ids of the loaded rules it matches; a glob that is not valid or matches
 * none is a problem.  NULL for NULL; caller frees. */
static char *expand_globs(const struct ts_engine *e, const char *list, const char *opt,
                          struct ts_problems *problems)
{
    char *out = ts_xstrdup(""), *item;
    size_t len = 0;

    if (!list) {
        free(out);
        return NULL;
    }
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ","), matched = 0;
        const char *why;
        item = ts_xmalloc(n + 1);
        memcpy(item, p, n);
        item[n] = '\0';
        p += n + (p[n] == ',');
        if (!strpbrk(item, "*?")) {
            if (n)
                append_id(&out, &len, item, n);
        } else if (ts_glob_check(item, &why) < 0) {
            ts_problems_add(problems, "%s '%s': %s", opt, item, why);
        } else {
            for (size_t i = 0; i < ts_engine_nrules(e); i++)
                if (ts_glob_match(item, ts_engine_rule(e, i)->id)) {
                    append_id(&out, &len, ts_engine_rule(e, i)->id,
                              strlen(ts_engine_rule(e, i)->id));
                    matched++;
                }
            if (!matched)
                ts_problems_add(problems, "%s: no rule matches '%s'", opt, item);
        }
        free(item);
    }
    return out;
}

/* 1 if rule r judges a control of one of the catalogues: the catalogue
 * names it, or its own compliance field maps it to the framework. */
static int judges_framework(const struct ts_rule *r, const struct ts_catalogue *cats,
                            size_t ncats)
{
    for (size_t c = 0; c < ncats; c++) {
        size_t n = strlen(cats[c].id);
        for (size_t i = 0; r->compliance && r->compliance[i]; i++)
            if (!strncmp(r->compliance[i], cats[c].id, n) && r->compliance[i][n] == '\t')
                return 1;
        for (size_t k = 0; k < cats[c].nrows; k++)
            for (char **id = cats[c].rows[k].rules; *id; id++)
                if (!strcmp(*id, r->id))
                    return 1;
    }
    return 0;
}

/* --compliance: the loaded rules that --only and --skip leave and that
 * judge a framework asked, as the comma list --only becomes (workers load
 * their rules afresh and choose these).  Caller frees. */
static char *framework_rules(const struct ts_engine *e, const char *only, const char *skip,
                             const struct ts_catalogue *cats, size_t ncats)
{
    char *out = ts_xstrdup("");
    size_t len = 0;

    for (size_t i = 0; i < ts_engine_nrules(e); i++) {
        const struct ts_rule *r = ts_engine_rule(e, i);
        if ((only && !listed(only, r->id)) || listed(skip, r->id)
            || !judges_framework(r, cats, ncats))
            continue;
        append_id(&out, &len, r->id, strlen(r->id));
    }
    return out;
}

/* The catalogues of the frameworks --compliance names, into cats.  An
 * unknown id is a usage error (the message lists the known ones). */
static int read_catalogues(struct ts_engine *e, const struct scan_opts *o,
                           struct ts_catalogue *cats, size_t *ncats)
{
    struct ts_error err;

    for (size_t i = 0; i < o->nframeworks; i++) {
        int dup = 0;
        for (size_t k = 0; k < *ncats; k++)
            dup |= !strcmp(cats[k].id, o->frameworks[i]);
        if (dup)
            continue;
        switch (ts_catalogue_read(e, o->frameworks[i], &cats[*ncats], &err)) {
        case 0: ++*ncats; break;
        case -1: return cli_usage_error("scan", "--compliance: %s", err.msg);
        default: cli_error("%s", err.msg); return TS_EXIT_RULE_FAILED;
        }
    }
    return 0;
}

/* The rules chosen: --only and --skip with globs expanded and, with
 * --compliance, only the rules of its frameworks.  The lists plan points
 * at are kept[2] and kept[3] (to be freed). */
static int choose_rules(struct ts_engine *e, struct ts_scan_plan *plan,
                        const struct ts_catalogue *cats, size_t ncats, char *kept[4],
                        struct ts_problems *problems)
{
    size_t before = problems->count;

    plan->only = kept[2] = expand_globs(e, plan->only, "--only", problems);
    plan->skip = kept[3] = expand_globs(e, plan->skip, "--skip", problems);
    if (problems->count > before)
        return -1;
    if (ncats) {
        char *only = framework_rules(e, plan->only, plan->skip, cats, ncats);
        if (!*only) {
            ts_problems_add(problems, "no rules to run: none of the rules chosen judges a"
                            " control of --compliance %s%s", cats[0].id,
                            ncats > 1 ? " or the others" : "");
            free(only);
            return -1;
        }
        free(kept[2]);
        plan->only = kept[2] = only;
    }
    return 0;
}

/* Loads the rules; checks the config against all of them before --only and
 * --skip choose (a typo in the config is caught whatever runs), then sets
 * the chosen rules' parameters.  Problems are printed.  plan's --only and
 * --skip lose the rules that failed to load, globs become ids and
 * --compliance narrows --only (into kept[4], to be freed). */
static int load_rules(struct ts_engine *e, struct ts_scan_plan *plan,
                      const struct ts_config *cfg, char *kept[4], struct ts_catalogue *cats,
                      size_t *ncats, const struct scan_opts *o)
{
    struct ts_problems problems;
    int ret;

    ts_problems_init(&problems);
    /* All of them first (nothing to run is said before the config). */
    ret = ts_scan_load_all(e, plan, &problems);
    if (ret == 0)
        ret = ts_scan_choose(e, NULL, NULL, &problems);
    if (ret == 0 && (ret = read_catalogues(e, o, cats, ncats)) != 0) {
        cli_print_problems(&problems);
        ts_problems_release(&problems);
        return ret;
    }
    if (ret == 0 && cfg && ts_config_check_rules(cfg, e, &problems) < 0)
        ret = -1;
    if (ret == 0 && ts_engine_nfailures(e)) {
        plan->only = kept[0] = without_failed(e, plan->only);
        plan->skip = kept[1] = without_failed(e, plan->skip);
    }
    if (ret == 0)
        ret = choose_rules(e, plan, cats, *ncats, kept, &problems);
    if (ret == 0)
        ret = ts_scan_choose(e, plan->only, plan->skip, &problems);
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

/* The snapshot files the command line names, the organisations' manifests,
 * and the problems in naming them (a path that is not there, a folder
 * without snapshots, a bad manifest). */
struct inputs {
    char *const *args;
    size_t nargs;
    struct ts_strlist files, manifests;
    struct ts_orgs orgs;
    struct ts_problems problems;
    int bad;
};

/* A manifest named on the command line stands for the snapshots it lists
 * as collected (those that are there), in name order, as its folder would. */
static void add_listed(struct inputs *in, const struct ts_org_manifest *m)
{
    struct ts_strlist listed;

    ts_strlist_init(&listed);
    for (size_t k = 0; k < m->naccounts; k++)
        if (m->accounts[k].status == TS_ORG_COLLECTED && m->accounts[k].path
            && !m->accounts[k].missing)
            ts_strlist_push(&listed, m->accounts[k].path);
    ts_strlist_sort(&listed);
    for (size_t k = 0; k < listed.count; k++)
        ts_strlist_push(&in->files, listed.items[k]);
    ts_strlist_release(&listed);
}

static int named(const struct inputs *in, const char *path)
{
    for (size_t i = 0; i < in->nargs; i++)
        if (!strcmp(in->args[i], path))
            return 1;
    return 0;
}

/* The folders named without a manifest in them: an organisation's
 * snapshots there lack their list of accounts (a gap, org_manifest.h).  A
 * bad manifest is not missing: it is an input error of its own. */
static void watch_folders(struct inputs *in)
{
    struct stat st;

    for (size_t i = 0; i < in->nargs; i++) {
        char *m;
        int has = 0;
        if (stat(in->args[i], &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        m = ts_path_join(in->args[i], TS_ORG_MANIFEST_NAME);
        for (size_t k = 0; k < in->manifests.count && !has; k++)
            has = !strcmp(in->manifests.items[k], m);
        if (!has)
            ts_orgs_watch_folder(&in->orgs, in->args[i]);
        free(m);
    }
}

/* Expands the command line's paths and reads the manifests.  A bad
 * manifest is an input error; it is then not used (its folder's snapshots
 * are still scanned with --keep-going). */
static void read_inputs(struct inputs *in)
{
    in->bad = ts_inputs_expand(in->args, in->nargs, &in->files, &in->manifests,
                               &in->problems) < 0;
    for (size_t i = 0; i < in->manifests.count; i++) {
        const char *path = in->manifests.items[i];
        if (ts_orgs_add(&in->orgs, path, &in->problems) < 0) {
            ts_org_manifest_release(&in->orgs.items[--in->orgs.count]);
            in->bad = 1;
        } else if (named(in, path)) {
            add_listed(in, &in->orgs.items[in->orgs.count - 1]);
        }
    }
    watch_folders(in);
}

static void inputs_release(struct inputs *in)
{
    ts_strlist_release(&in->files);
    ts_strlist_release(&in->manifests);
    ts_orgs_release(&in->orgs);
    ts_problems_release(&in->problems);
}

/* Drops from list the accounts a snapshot judged after all (another
 * folder's: a shard of the organisation collected elsewhere); returns how
 * many are left. */
static size_t drop_judged(const struct ts_engine *e, const struct ts_org_account **list,
                          size_t n)
{
    struct ts_name_index ids;
    size_t kept = 0;

    ts_engine_account_ids(e, &ids);
    for (size_t i = 0; i < n; i++)
        if (!list[i]->id || ts_name_index_find(&ids, list[i]->id) == SIZE_MAX)
            list[kept++] = list[i];
    ts_name_index_release(&ids);
    return kept;
}

/* The accounts an organisation's manifest lists that no snapshot judged:
 * said on stderr too.  Exit 4 (what collect said of them) when one is a
 * gap; accounts skipped on purpose change nothing. */
static enum ts_exit report_unjudged(const struct ts_engine *e, struct inputs *in,
                                    struct ts_report_opts *ro)
{
    const struct ts_org_account **list;
    enum ts_exit status = TS_EXIT_OK;
    char why[1024], label[TS_REPORT_LABEL_MAX];
    size_t n;

    ts_orgs_find_gaps(&in->orgs);
    n = ts_orgs_unjudged(&in->orgs, &list);

    ro->nunjudged = drop_judged(e, list, n);
    ro->unjudged = list;
    for (size_t i = 0; i < ro->nunjudged; i++) {
        const struct ts_org_account *a = list[i];
        cli_error("%s%s:%u:%u: %s%s not judged: %s", ts_org_account_gap(a) ? "" : "note: ",
                  a->manifest, a->line, a->column, a->id ? "account " : "",
                  ts_report_account_label(a->id, a->name, label, sizeof(label)),
                  ts_org_account_reason(a, why, sizeof(why)));
        if (ts_org_account_gap(a))
            status = TS_EXIT_NETWORK;
    }
    return status;
}

/* Evaluates every input; problems are printed, in file order, and kept. */
static enum ts_exit scan_inputs(struct ts_engine *e, const struct ts_scan_plan *plan,
                                struct inputs *in)
{
    enum ts_exit status = in->bad ? TS_EXIT_INPUT : TS_EXIT_OK;

    status = ts_exit_worst(status, ts_scan_files(e, plan, &in->files, &in->problems));
    cli_print_problems(&in->problems);
    return status;
}

static void print_failures(const struct ts_engine *e)
{
    char label[TS_REPORT_LABEL_MAX];

    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        const struct ts_account *a;
        if (f->snapshot == SIZE_MAX) {
            cli_error("rule '%s' failed while loading: %s: %s", f->rule_id,
                      ts_cause_name(f->cause), f->message);
            continue;
        }
        a = ts_engine_account(e, f->snapshot);
        cli_error("rule '%s' failed on account %s (%s): %s: %s", f->rule_id,
                  ts_report_account_label(a->account_id, a->name, label, sizeof(label)),
                  a->file, ts_cause_name(f->cause), f->message);
    }
}

/* --profile: what each rule cost over the whole scan, costliest first. */
static void print_profile(const struct ts_engine *e)
{
    size_t *order = ts_xmalloc((ts_engine_nrules(e) + 1) * sizeof(*order));

    for (size_t i = 0; i < ts_engine_nrules(e); i++)
        order[i] = i;
    for (size_t i = 0; i + 1 < ts_engine_nrules(e); i++)
        for (size_t j = i + 1; j < ts_engine_nrules(e); j++)
            if (ts_engine_rule(e, order[j])->instructions
                > ts_engine_rule(e, order[i])->instructions) {
                size_t t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
    fprintf(stderr, "trailscan: profile: %-36s %14s %9s\n", "rule", "instructions", "seconds");
    for (size_t i = 0; i < ts_engine_nrules(e); i++) {
        const struct ts_rule *r = ts_engine_rule(e, order[i]);
        fprintf(stderr, "trailscan: profile: %-36s %14lld %9.3f\n", r->id, r->instructions,
                r->seconds);
    }
    free(order);
}

static int is_stdout(const struct output *out)
{
    return !out->path || !strcmp(out->path, "-");
}

/* Every report's file is known before any work: one that cannot be made,
 * or that is the same file as another report, stops the run.  Problems
 * are printed. */
static int add_outputs(const struct scan_opts *o, struct ts_outputs *outs)
{
    struct ts_error err;

    for (size_t i = 0; i < o->noutputs; i++)
        if (ts_outputs_add(outs, is_stdout(&o->outputs[i]) ? "-" : o->outputs[i].path,
                           &err) < 0) {
            if (!strstr(err.msg, ": the same file as "))
                cli_error("%s", err.msg);
            else
                cli_usage_error("scan", "%s", err.msg);
            return -1;
        }
    return 0;
}

/* -1 (printed) if a report would overwrite the file path, an input. */
static int check_input(const struct ts_outputs *outs, const char *path, const char *what)
{
    struct ts_error err;

    if (ts_outputs_check_input(outs, path, what, &err) == 0)
        return 0;
    cli_usage_error("scan", "%s", err.msg);
    return -1;
}

static int check_inputs(const struct scan_opts *o, const struct ts_outputs *outs,
                        const struct inputs *in)
{
    if (o->config && check_input(outs, o->config, "--config file") < 0)
        return -1;
    if (o->baseline && check_input(outs, o->baseline, "--baseline file") < 0)
        return -1;
    for (size_t i = 0; i < in->files.count; i++)
        if (check_input(outs, in->files.items[i], "snapshot") < 0)
            return -1;
    for (size_t i = 0; i < in->manifests.count; i++)
        if (check_input(outs, in->manifests.items[i], "organisation's manifest") < 0)
            return -1;
    return 0;
}

/* The helpers rules `require` from DIR/lib are rule files too. */
static int check_lib_files(const char *dir, const struct ts_outputs *outs)
{
    struct ts_strlist names;
    struct ts_error err;
    char *lib = ts_path_join(dir, "lib");
    int ret = 0;

    ts_strlist_init(&names);
    if (ts_dir_list(lib, &names, &err) == 0)
        for (size_t i = 0; ret == 0 && i < names.count; i++) {
            char *path = ts_path_join(lib, names.items[i]);
            ret = check_input(outs, path, "rule file");
            free(path);
        }
    ts_strlist_release(&names);
    free(lib);
    return ret;
}

static int check_rule_files(const struct scan_opts *o, const struct ts_engine *e,
                            const struct ts_outputs *outs)
{
    if (!o->no_builtin && ts_engine_builtin_dir() && check_lib_files(ts_engine_builtin_dir(), outs) < 0)
        return -1;
    for (size_t i = 0; i < o->nrule_dirs; i++)
        if (check_lib_files(o->rule_dirs[i], outs) < 0)
            return -1;
    for (size_t i = 0; i < ts_engine_nrules(e); i++)
        if (check_input(outs, ts_engine_rule(e, i)->file, "rule file") < 0)
            return -1;
    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        if (ts_engine_failure(e, i)->snapshot == SIZE_MAX
            && check_input(outs, ts_engine_failure(e, i)->rule_id, "rule file") < 0)
            return -1;
    return 0;
}

/* Writes report i; -1 (printed) if it could not be written whole. */
static int write_report(const struct ts_engine *e, const struct scan_opts *o,
                        struct ts_report_opts *ro, struct ts_outputs *outs, size_t i)
{
    const struct output *out = &o->outputs[i];
    const char *nc = getenv("NO_COLOR");
    struct ts_error err;
    FILE *f = ts_outputs_open(outs, i, &err);
    int ok;

    if (!f) {
        cli_error("%s", err.msg);
        return -1;
    }
    ro->color = is_stdout(out) && isatty(STDOUT_FILENO) && !(nc && *nc);
    errno = 0;
    ok = writer_for(out->format)(f, e, ro) == 0;
    if (!ok && !errno)
        errno = EIO;
    if (ts_outputs_close(outs, i, ok, &err) == 0)
        return 0;
    if (ts_results_error(e))
        return -1; /* said once, by results_lost */
    if (!ok && is_stdout(out))
        cli_error("cannot write the %s report to standard output", out->format);
    else if (!ok)
        cli_error("%s: cannot write: %s", out->path, strerror(errno));
    else
        cli_error("%s", err.msg);
    return -1;
}

/* Every report, then all of them into place together: the files first
 * (into temporary files), then standard output, devices and FIFOs. */
static int write_outputs(const struct ts_engine *e, const struct scan_opts *o,
                         struct ts_outputs *outs, const struct ts_report_opts *base,
                         int argc, char **argv, enum ts_exit status)
{
    struct ts_report_opts ro = *base;
    struct ts_error err;

    ro.argc = argc;
    ro.argv = argv;
    ro.exit_code = (int)status;
    for (int in_place = 0; in_place <= 1; in_place++)
        for (size_t i = 0; i < o->noutputs; i++)
            if (ts_outputs_in_place(outs, i) == in_place
                && write_report(e, o, &ro, outs, i) < 0)
                return -1;
    if (ts_outputs_commit(outs, &err) < 0) {
        cli_error("%s", err.msg);
        return -1;
    }
    return 0;
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
    return ts_fail_on_reached(e, o->fail_on, o->fail_never, o->fail_on_new) ? TS_EXIT_FINDINGS
                                                                            : TS_EXIT_OK;
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
        enum ts_waiver_state st = ts_waiver_state(w);
        if (st == TS_WAIVER_EXPIRED)
            cli_error("warning: %s:%u:%u: waiver for %s on %s expired on %s; %zu result%s no"
                      " longer waived", cfg->doc.path, w->line, w->column, w->rule,
                      w->resource, w->expires, w->matched, w->matched == 1 ? "" : "s");
        else if (st == TS_WAIVER_STALE)
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
        if (ts_day_parse(env, &o->today) < 0) {
            cli_error("TRAILSCAN_TODAY '%s': a date YYYY-MM-DD", env);
            return -1;
        }
        return 0;
    }
    o->today = ts_day_today();
    return 0;
}

static void apply_after_scan(struct ts_engine *e, const struct scan_opts *o,
                             struct ts_config *cfg, struct ts_baseline *base, size_t ninputs,
                             struct ts_report_opts *ro)
{
    memset(ro, 0, sizeof(*ro));
    ro->ninputs = ninputs;
    ro->include_passes = o->include_passes;
    ro->include_waived = o->include_waived;
    ro->verbose = o->verbose;
    ro->base_uri = o->base_uri;
    ro->today = o->today;
    if (o->config) {
        ts_waivers_apply(cfg, e, o->today);
        ro->config = cfg;
    }
    if (o->baseline) {
        ts_baseline_apply(base, e, o->include_passes);
        ro->baseline = base;
        if (!ts_baseline_compares_messages(base, e))
            cli_error("note: %s is in %s, this scan in %s: results are compared by kind and"
                      " level, not by message", o->baseline, ts_lang_name(base->lang),
                      ts_lang_name(ts_engine_lang(e)));
    }
}

/* What a run reads and writes, known before it starts. */
struct scan_run {
    struct scan_opts *o;
    struct ts_config *cfg;
    struct ts_baseline *base;
    struct ts_outputs outs;
    struct inputs in;
    int argc;
    char **argv;
};

/* Writes the reports, unless an input was bad: then only with --keep-going,
 * marked incomplete, for exit 2 must never look like a complete run. */
static enum ts_exit report(struct scan_run *run, const struct ts_engine *e,
                           struct ts_report_opts *ro, enum ts_exit status, int inputs_bad)
{
    struct ts_skipped *skipped = NULL;

    if (inputs_bad && !run->o->keep_going) {
        cli_error("no report written: an input is bad (--keep-going reports on the others,"
                  " marked incomplete)");
        return status;
    }
    if (inputs_bad) {
        /* A bad manifest is an input left out too, by its own name. */
        struct ts_strlist named;
        ts_strlist_init(&named);
        for (size_t i = 0; i < run->in.files.count + run->in.manifests.count; i++)
            ts_strlist_push(&named, i < run->in.files.count ? run->in.files.items[i]
                                    : run->in.manifests.items[i - run->in.files.count]);
        ro->nskipped = ts_skipped_from_problems(&run->in.problems, &named, run->in.args,
                                                run->in.nargs, ts_engine_lang(e), &skipped);
        ro->skipped = skipped;
        ts_strlist_release(&named);
    }
    if (write_outputs(e, run->o, &run->outs, ro, run->argc, run->argv, status) < 0)
        status = ts_exit_worst(status, TS_EXIT_INPUT);
    ts_skipped_free(skipped, ro->nskipped);
    return status;
}

static enum ts_exit run_scan(struct scan_run *run)
{
    struct scan_opts *o = run->o;
    struct ts_scan_plan plan;
    struct ts_report_opts ro = {0};
    struct ts_engine *e;
    struct ts_engine_opts eo = {0};
    enum ts_exit status;
    char *kept[4] = {NULL, NULL, NULL, NULL};
    struct ts_catalogue cats[MAX_FRAMEWORKS];
    struct ts_compliance compliance;
    size_t ncats = 0;
    int inputs_bad, ret;

    ts_sandbox_count_exactly(o->profile); /* the profile's counts are exact */
    if (!(e = ts_engine_new(&o->limits))) {
        cli_error("cannot start Lua");
        return TS_EXIT_INPUT;
    }
    make_plan(o, &plan);
    plan.orgs = &run->in.orgs;
    /* Worker threads load their rules afresh: give them the parameters too. */
    if (o->config && ts_config_has_params(run->cfg)) {
        plan.prepare = apply_params;
        plan.prepare_ctx = run->cfg;
    }
    eo.want_hashes = plan.want_hashes;
    eo.drop_passes = !o->include_passes;
    eo.brief = brief_results(o, run->cfg, run->in.files.count);
    eo.keep_log = 1;
    ts_engine_set_opts(e, &eo);
    ts_engine_quota(e)->max = o->results_file;
    memset(&compliance, 0, sizeof(compliance));
    /* The other workers load their rules while e loads its own. */
    plan.early = ts_scan_start(&plan, &run->in.files);
    if ((ret = load_rules(e, &plan, o->config ? run->cfg : NULL, kept, cats, &ncats, o)) != 0
        || check_rule_files(o, e, &run->outs) < 0) {
        status = ret > 0 ? (enum ts_exit)ret : TS_EXIT_INPUT;
        goto out;
    }
    status = scan_inputs(e, &plan, &run->in);
    inputs_bad = status == TS_EXIT_INPUT;
    print_failures(e);
    if (o->profile)
        print_profile(e);
    if (ts_engine_nfailures(e))
        status = ts_exit_worst(status, TS_EXIT_RULE_FAILED);
    apply_after_scan(e, o, run->cfg, run->base, run->in.files.count, &ro);
    status = ts_exit_worst(status, report_unjudged(e, &run->in, &ro));
    status = ts_exit_worst(status, findings_status(e, o));
    warn_results_file(e);
    if (ts_results_over_quota(e)) {
        cli_error("the results take more than %llu MiB (--max-results-file): not all were"
                  " kept, so no report is written", (unsigned long long)(o->results_file >> 20));
        status = TS_EXIT_INPUT;
        goto out;
    }
    if (results_lost(e)) {
        status = TS_EXIT_INPUT;
        goto out;
    }
    if (o->config)
        warn_waivers(o, run->cfg);
    if (ncats) {
        ts_compliance_build(&compliance, e, cats, ncats);
        ro.compliance = &compliance;
    }
    status = report(run, e, &ro, status, inputs_bad);
    if (results_lost(e))
        status = ts_exit_worst(status, TS_EXIT_INPUT);
out:
    ts_scan_early_free(plan.early);
    free((void *)ro.unjudged);
    for (size_t i = 0; i < 4; i++)
        free(kept[i]);
    ts_compliance_release(&compliance);
    for (size_t i = 0; i < ncats; i++)
        ts_catalogue_release(&cats[i]);
    ts_engine_free(e);
    return status;
}

int cli_scan(int argc, char **argv)
{
    struct scan_opts o;
    struct ts_config cfg;
    struct ts_baseline base;
    struct scan_run run;
    enum ts_exit status = TS_EXIT_INPUT;
    int r;

    memset(&o, 0, sizeof(o));
    memset(&run, 0, sizeof(run));
    run.o = &o;
    run.cfg = &cfg;
    run.base = &base;
    run.argc = argc;
    run.argv = argv;
    o.fail_on = TS_LEVEL_ERROR;
    o.limits.memory = TS_DEFAULT_MEMORY_LIMIT;
    o.limits.instructions = TS_DEFAULT_INSTRUCTION_LIMIT;
    o.limits.results = TS_DEFAULT_RESULT_LIMIT;
    o.limits.seconds = TS_DEFAULT_SECONDS;
    o.results_file = TS_RESULT_LOG_MAX;
    o.jobs = ts_scan_default_jobs();
    if ((r = parse_args(argc, argv, &o)) != 0 || waiver_day(&o) < 0) {
        free(o.only);
        free(o.skip);
        if (r == 0)
            return TS_EXIT_INPUT;
        return r == 1 ? cli_finish_stdout(TS_EXIT_OK) : r;
    }
    ts_config_init(&cfg);
    ts_baseline_init(&base);
    ts_outputs_init(&run.outs);
    ts_strlist_init(&run.in.files);
    ts_strlist_init(&run.in.manifests);
    ts_orgs_init(&run.in.orgs);
    ts_problems_init(&run.in.problems);
    run.in.args = argv + optind;
    run.in.nargs = (size_t)(argc - optind);
    read_inputs(&run.in);
    if (add_outputs(&o, &run.outs) == 0 && check_inputs(&o, &run.outs, &run.in) == 0)
        status = load_inputs(&o, &cfg, &base) < 0 ? TS_EXIT_INPUT : run_scan(&run);
    ts_outputs_release(&run.outs);
    inputs_release(&run.in);
    ts_config_release(&cfg);
    ts_baseline_release(&base);
    free(o.only);
    free(o.skip);
    return cli_finish_stdout(status);
}
