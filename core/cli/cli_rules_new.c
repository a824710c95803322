/* trailscan rules new ID [--dir DIR]: a rule to start from.  It has every
 * metadata field, a check that runs, a fixture with one passing and one
 * failing case (so `rules test DIR` passes at once), and the editor's
 * settings (.luarc.json, .luacheckrc) when the folder has none. */
#include "cli/cli_rules_new.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "engine/engine.h"
#include "engine/rule_meta.h"
#include "util/dir_list.h"
#include "util/output.h"

const char cli_rules_new_help[] =
    "usage: trailscan rules new ID [--dir DIR]\n"
    "\n"
    "Writes a rule to start from into DIR (default: the current folder):\n"
    "  ID.lua         (dashes made underscores) every metadata field and a\n"
    "                 check that judges each trail's S3 bucket\n"
    "  ID.test.json   one passing and one failing case: 'trailscan rules test\n"
    "                 DIR' passes on it as it is\n"
    "  .luarc.json    Lua Language Server settings: the rule API, the helpers\n"
    "                 of rules/lib and the snapshot's shapes complete\n"
    "  .luacheckrc    luacheck knows check, fail, pass, review and trailscan\n"
    "The two settings files are written only when DIR has none.  An existing\n"
    "rule or fixture is never overwritten (exit 2).  ID is 1-64 letters,\n"
    "digits, '.', '_' or '-', starting with a letter or digit.\n"
    "\n";

/* The rule: {{id}} and {{name}} are replaced. */
static const char rule_template[] =
    "-- {{id}}: what it judges, in one line (the title below says it in full).\n"
    "local trails = require(\"trails\")   -- the built-in helpers (rules/lib)\n"
    "\n"
    "return {\n"
    "  id = \"{{id}}\",               -- stable and unique across all folders\n"
    "  name = \"{{name}}\",           -- PascalCase, for SARIF\n"
    "  title = \"Every trail delivers to a bucket named with the approved prefix\",\n"
    "  severity = \"medium\",         -- critical | high | medium | low | info\n"
    "  description = \"Trails that deliver to another bucket escape the retention and\"\n"
    "    .. \" alerting the approved buckets have.\",\n"
    "  remediation = {               -- or one string\n"
    "    console = \"CloudTrail > Trails > choose the trail > Edit > Storage location.\",\n"
    "    cli = \"aws cloudtrail update-trail --name <trail> --s3-bucket-name <bucket>\",\n"
    "    terraform = \"resource \\\"aws_cloudtrail\\\" \\\"main\\\" { s3_bucket_name = \\\"<bucket>\\\" }\",\n"
    "  },\n"
    "  references = {\"https://docs.aws.amazon.com/awscloudtrail/latest/userguide/\"},\n"
    "  compliance = {[\"my-standard\"] = {\"LOG-1\"}},   -- framework -> control ids\n"
    "  params = {\n"
    "    prefix = {default = \"logs-\", description = \"Approved buckets' name prefix.\"},\n"
    "  },\n"
    "  ---@param snapshot Snapshot\n"
    "  ---@param params table\n"
    "  check = function(snapshot, params)\n"
    "    -- each_listed reviews the account itself when a region's trails are\n"
    "    -- unknown: missing data is never a pass.\n"
    "    for _, t in ipairs(trails.each_listed(snapshot, \"delivers to an approved bucket\")) do\n"
    "      local result = trails.result(t)   -- resource, region, node\n"
    "      local bucket = t.trail.S3BucketName or \"\"\n"
    "      if bucket:sub(1, #params.prefix) == params.prefix then\n"
    "        result.message = string.format(\"Trail %s delivers to %s.\", trails.label(t), bucket)\n"
    "        pass(result)\n"
    "      else\n"
    "        result.message = string.format(\"Trail %s delivers to '%s', whose name does not\"\n"
    "                                       .. \" start with '%s'.\", trails.label(t), bucket,\n"
    "                                       params.prefix)\n"
    "        result.fix = \"aws cloudtrail update-trail --name \" .. t.name\n"
    "                     .. \" --s3-bucket-name \" .. params.prefix .. \"<bucket>\"\n"
    "        fail(result)\n"
    "      end\n"
    "    end\n"
    "  end,\n"
    "}\n";

static const char fixture_template[] =
    "{\n"
    "  \"rule\": \"{{id}}\",\n"
    "  \"cases\": [\n"
    "    {\n"
    "      \"name\": \"a trail delivering to an approved bucket passes\",\n"
    "      \"snapshot\": {\n"
    "        \"regions\": {\"us-east-1\": {\"cloudtrail\": {\"DescribeTrails\": {\"trailList\": [\n"
    "          {\"Name\": \"main\", \"HomeRegion\": \"us-east-1\", \"S3BucketName\": \"logs-main\",\n"
    "           \"TrailARN\": \"arn:aws:cloudtrail:us-east-1:123456789012:trail/main\"}]}}}}\n"
    "      },\n"
    "      \"expect\": {\"arn:aws:cloudtrail:us-east-1:123456789012:trail/main\": \"pass\"}\n"
    "    },\n"
    "    {\n"
    "      \"name\": \"a trail delivering elsewhere fails\",\n"
    "      \"params\": {\"prefix\": \"central-\"},\n"
    "      \"snapshot\": {\n"
    "        \"regions\": {\"us-east-1\": {\"cloudtrail\": {\"DescribeTrails\": {\"trailList\": [\n"
    "          {\"Name\": \"main\", \"HomeRegion\": \"us-east-1\", \"S3BucketName\": \"logs-main\",\n"
    "           \"TrailARN\": \"arn:aws:cloudtrail:us-east-1:123456789012:trail/main\"}]}}}}\n"
    "      },\n"
    "      \"expect\": {\"arn:aws:cloudtrail:us-east-1:123456789012:trail/main\": \"fail\"}\n"
    "    }\n"
    "  ]\n"
    "}\n";

/* Lua Language Server: the definitions of the rule API, of every built-in
 * helper (require("trails") completes) and of the snapshot's shapes. */
static const char luarc_template[] =
    "{\n"
    "  \"$schema\": \"https://raw.githubusercontent.com/LuaLS/vscode-lua/master/setting/schema.json\",\n"
    "  \"runtime.version\": \"Lua 5.4\",\n"
    "  \"runtime.path\": [\"lib/?.lua\"],\n"
    "  \"workspace.library\": [\"{{editor}}\"],\n"
    "  \"workspace.checkThirdParty\": false,\n"
    "  \"diagnostics.globals\": [\"fail\", \"pass\", \"review\", \"trailscan\"],\n"
    "  \"diagnostics.disable\": [\"lowercase-global\"]\n"
    "}\n";

static const char luacheckrc_template[] =
    "-- luacheck settings for trailscan rules (written by 'trailscan rules new').\n"
    "std = \"lua54\"\n"
    "-- What the sandbox gives every rule; nothing else is there.\n"
    "read_globals = {\"fail\", \"pass\", \"review\", \"trailscan\"}\n"
    "max_line_length = 100\n";

/* "acme-central.bucket" -> "AcmeCentralBucket". */
static char *pascal_name(const char *id)
{
    char *out = ts_xmalloc(strlen(id) + 2), *o = out;
    int up = 1;

    if (isdigit((unsigned char)id[0]))
        *o++ = 'R';
    for (const char *p = id; *p; p++) {
        if (!isalnum((unsigned char)*p)) {
            up = 1;
            continue;
        }
        *o++ = up ? (char)toupper((unsigned char)*p) : *p;
        up = 0;
    }
    *o = '\0';
    return out;
}

struct subst {
    const char *key, *value;
};

/* template with every {{key}} replaced; the caller frees it. */
static char *fill(const char *tmpl, const struct subst *subs, size_t nsubs)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f)
        return NULL;
    for (const char *p = tmpl; *p;) {
        size_t i = 0;
        if (p[0] == '{' && p[1] == '{')
            while (i < nsubs && strncmp(p + 2, subs[i].key, strlen(subs[i].key)))
                i++;
        if (p[0] == '{' && p[1] == '{' && i < nsubs) {
            fputs(subs[i].value, f);
            p += 2 + strlen(subs[i].key) + 2;
        } else
            fputc(*p++, f);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* The editor folder beside the built-in rules, absolute when it can be. */
static char *sibling(const char *name)
{
    char *joined = ts_path_join(ts_engine_builtin_dir(), name);
    char *real = realpath(joined, NULL);

    if (real) {
        free(joined);
        return real;
    }
    return joined;
}

/* The editor's definition files: beside the rules when installed
 * (share/trailscan/{rules,editor}), under tools/ in a source tree. */
static char *editor_meta(void)
{
    char *installed = sibling("../editor/meta");
    char *source;

    if (ts_is_dir(installed))
        return installed;
    source = sibling("../tools/editor/meta");
    if (ts_is_dir(source)) {
        free(installed);
        return source;
    }
    free(source);
    return installed;
}

struct new_file {
    char *path;
    char *text;
    int optional; /* a settings file: kept as it is when there */
};

int cli_rules_new(int argc, char **argv)
{
    const char *id = NULL, *dir = ".";
    char *name, *file_base, *editor;
    struct new_file files[4];
    struct ts_outputs outs;
    struct ts_error err;
    int ret = TS_EXIT_OK;
    size_t nout = 0;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dir") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--dir"))
            return cli_usage_error("rules new", "'--dir' needs a folder");
        else if (argv[i][0] != '-' && !id)
            id = argv[i];
        else
            return cli_usage_error("rules new", "unexpected argument '%s'", argv[i]);
    }
    if (!id)
        return cli_usage_error("rules new", "'rules new' needs a rule id");
    if (!ts_rule_id_ok(id))
        return cli_usage_error("rules new", "rule id '%s' must be 1-64 letters, digits, '.',"
                               " '_' or '-', starting with a letter or digit", id);
    if (!ts_is_dir(dir)) {
        cli_error("%s: not a folder (make it first: mkdir -p %s)", dir, dir);
        return TS_EXIT_INPUT;
    }
    name = pascal_name(id);
    file_base = ts_xstrdup(id);
    for (char *p = file_base; *p; p++)
        if (*p == '-' || *p == '.')
            *p = '_';
    editor = editor_meta();
    {
        const struct subst subs[] = {{"id", id}, {"name", name}, {"editor", editor}};
        const char *const tmpl[4] = {rule_template, fixture_template, luarc_template,
                                     luacheckrc_template};
        char base[PATH_MAX];
        for (size_t i = 0; i < 4; i++) {
            snprintf(base, sizeof(base), "%s%s", i < 2 ? file_base : "",
                     i == 0 ? ".lua" : i == 1 ? ".test.json" : i == 2 ? ".luarc.json"
                                                                   : ".luacheckrc");
            files[i].path = ts_path_join(dir, base);
            files[i].optional = i >= 2;
            files[i].text = fill(tmpl[i], subs, sizeof(subs) / sizeof(subs[0]));
            if (!files[i].text) { /* open_memstream failed: no memory */
                cli_error("%s: cannot be made (out of memory)", files[i].path);
                ret = TS_EXIT_INPUT;
            }
        }
    }
    ts_outputs_init(&outs);
    for (size_t i = 0; i < 4 && ret == TS_EXIT_OK; i++) {
        if (!exists(files[i].path))
            continue;
        if (files[i].optional) {
            free(files[i].text);
            files[i].text = NULL;
            continue;
        }
        cli_error("%s: already exists (not overwritten; choose another id or --dir)",
                  files[i].path);
        ret = TS_EXIT_INPUT;
    }
    for (size_t i = 0; i < 4 && ret == TS_EXIT_OK; i++) {
        FILE *f;
        if (!files[i].text)
            continue;
        /* A write error shows in the close's flush (err says it). */
        if (ts_outputs_add(&outs, files[i].path, &err) < 0
            || !(f = ts_outputs_open(&outs, nout, &err))
            || (fputs(files[i].text, f), ts_outputs_close(&outs, nout, 1, &err) < 0)) {
            cli_error("%s", err.msg);
            ret = TS_EXIT_INPUT;
        }
        nout++;
    }
    if (ret == TS_EXIT_OK && ts_outputs_commit(&outs, &err) < 0) {
        cli_error("%s", err.msg);
        ret = TS_EXIT_INPUT;
    }
    ts_outputs_release(&outs);
    for (size_t i = 0; i < 4; i++) {
        if (ret == TS_EXIT_OK && files[i].text)
            printf("wrote %s\n", files[i].path);
        free(files[i].path);
        free(files[i].text);
    }
    if (ret == TS_EXIT_OK)
        printf("next: trailscan rules test %s\n", dir);
    free(name);
    free(file_base);
    free(editor);
    return cli_finish_stdout(ret);
}
