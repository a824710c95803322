/* trailscan rules list|show ID|test [DIR] */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/engine.h"
#include "engine/rule_env.h"
#include "engine/rule_meta.h"
#include "engine/scan.h"
#include "cli/cli_rules_test.h"
#include "cli/cli_rules_new.h"
#include "util/text.h"
#include "util/text_width.h"
#include "engine/result.h"
#include "report/report_words.h"

static const char list_help[] =
    "usage: trailscan rules list [--framework ID] [--rules DIR]... [--no-builtin]\n"
    "                            [--lang en|ja]\n"
    "\n"
    "Id, severity, title and frameworks of every rule.  With --framework ID,\n"
    "that framework's control catalogue: every logging and monitoring\n"
    "control, the rules that judge it or why none does (ids: aws-fsbp,\n"
    "aws-securityhub, cis-aws-1.2 ... cis-aws-7.0, pci-dss-3.2.1,\n"
    "pci-dss-4.0.1, nist-800-53-r5, nist-800-171-r2, iso-27001-2022, soc2).\n"
    "\n";

static const char show_help[] =
    "usage: trailscan rules show ID [--rules DIR]... [--no-builtin] [--lang en|ja]\n"
    "\n"
    "All of one rule's metadata and remediation.  --lang: in that language\n"
    "(default: $TRAILSCAN_LANG, else the locale's); a rule without its texts\n"
    "is shown in English, marked.\n"
    "\n";

struct rules_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
};

/* Loads the rules the arguments name into a new *ep, which stays NULL if
 * Lua cannot start (or the arguments are wrong). */
static int load(struct ts_engine **ep, int argc, char **argv, int first, const char **id,
                const char **framework)
{
    struct ts_problems problems;
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    const char **dirs = ts_xmalloc((size_t)argc * sizeof(*dirs));
    struct ts_scan_plan plan = {.rule_dirs = dirs, .builtin = 1};
    size_t ndirs = 0;
    struct ts_engine *e;
    int ret = 0, lang_set = 0;

    *ep = NULL;
    ts_problems_init(&problems);
    for (int i = first; i < argc; i++) {
        if (!strcmp(argv[i], "--no-builtin"))
            plan.builtin = 0;
        else if (!strcmp(argv[i], "--lang") || !strncmp(argv[i], "--lang=", 7)) {
            const char *v = argv[i][6] == '=' ? argv[i] + 7 : i + 1 < argc ? argv[++i] : "";
            if (cli_lang("rules", v, &plan.lang) != 0) {
                free(dirs);
                return TS_EXIT_INPUT;
            }
            lang_set = 1;
        }
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            dirs[ndirs++] = argv[++i];
        else if (framework && !strcmp(argv[i], "--framework") && i + 1 < argc)
            *framework = argv[++i];
        else if (framework && !strcmp(argv[i], "--framework")) {
            free(dirs);
            return cli_usage_error("rules", "'--framework' needs a framework id");
        }
        else if (framework && !strcmp(argv[i], "--framework") && i + 1 < argc)
            *framework = argv[++i];
        else if (framework && !strcmp(argv[i], "--framework")) {
            free(dirs);
            return cli_usage_error("rules", "'--framework' needs a framework id");
        }
        else if (argv[i][0] != '-' && id && !*id)
            *id = argv[i];
        else {
            free(dirs);
            return cli_usage_error("rules", "unexpected argument '%s'", argv[i]);
        }
    }
    plan.nrule_dirs = ndirs;
    if (!lang_set && cli_lang("rules", NULL, &plan.lang) != 0) {
        free(dirs);
        return TS_EXIT_INPUT;
    }
    if (!(*ep = e = ts_engine_new(&limits))) {
        free(dirs);
        return TS_EXIT_INPUT;
    }
    if (ts_scan_load_all(e, &plan, &problems) < 0)
        ret = TS_EXIT_INPUT;
    free(dirs);
    cli_print_problems(&problems);
    ts_problems_release(&problems);
    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        cli_error("rule '%s' failed while loading: %s: %s", ts_engine_failure(e, i)->rule_id,
                  ts_cause_name(ts_engine_failure(e, i)->cause), ts_engine_failure(e, i)->message);
        ret = ts_exit_worst(ret, TS_EXIT_RULE_FAILED);
    }
    return ret;
}

static void print_frameworks(const struct ts_rule *r)
{
    const char *prev = NULL;
    size_t plen = 0;

    for (char **c = r->compliance; c && *c; c++) {
        size_t n = strcspn(*c, "\t");
        if (prev && n == plen && !strncmp(prev, *c, n))
            continue;
        char *name = ts_xmalloc(n + 1);
        memcpy(name, *c, n);
        name[n] = '\0';
        fputs(prev ? "," : "", stdout);
        ts_text_put(stdout, name);
        free(name);
        prev = *c;
        plen = n;
    }
}

/* ---- the control catalogue (rules/lib/compliance_catalogue.lua) -------- */

/* In the sandbox: require("compliance_catalogue").of(framework).  Stack:
 * 1 the environment's require, 2 the framework id. */
static int catalogue_of(lua_State *L)
{
    lua_pushvalue(L, 1);
    lua_pushliteral(L, "compliance_catalogue");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "of");
    lua_pushvalue(L, 2);
    lua_call(L, 1, 2);
    return 2;
}

/* A string field of a catalogue table, or NULL.  The string stays valid
 * after the pop: the table still holds it. */
static const char *text_field(lua_State *L, int t, const char *name)
{
    const char *s;

    lua_getfield(L, t, name);
    s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1);
    return s;
}

static void put_field(lua_State *L, int t, const char *name)
{
    const char *s = text_field(L, t, name);
    ts_text_put(stdout, s ? s : "");
}

/* The number of items of the list field `name` of t, pushed (0 if it is not
 * a table). */
static lua_Integer push_list(lua_State *L, int t, const char *name)
{
    lua_getfield(L, t, name);
    return lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1) : 0;
}

/* "a, b" for the rules of a row, a rule not loaded marked so; returns how
 * many are loaded. */
static size_t print_rules(const struct ts_engine *e, lua_State *L, int row)
{
    size_t loaded = 0;
    lua_Integer n = push_list(L, row, "rules");

    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, -1, i) == LUA_TSTRING) {
            fputs(i == 1 ? "" : ts_engine_lang(e) == TS_LANG_JA ? "、" : ", ", stdout);
            ts_text_put(stdout, lua_tostring(L, -1));
            if (ts_engine_find_rule(e, lua_tostring(L, -1)) == SIZE_MAX)
                fputs(ts_engine_lang(e) == TS_LANG_JA ? " (未読み込み)" : " (not loaded)", stdout);
            else
                loaded++;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return loaded;
}

/* One line a control: "ID  title -- rules[; status]" or "-- status", the
 * titles in one column as wide as the longest id (width). */
static void print_row(const struct ts_engine *e, lua_State *L, int row, size_t width,
                      size_t *judged)
{
    const char *status = text_field(L, row, "status"), *control = text_field(L, row, "control");
    int named = push_list(L, row, "rules") > 0;

    lua_pop(L, 1);
    fputs(control ? "" : "?", stdout);
    if (control)
        ts_text_put(stdout, control);
    printf("%*s", (int)(width + 1 - (control ? strlen(control) : 1)), "");
    put_field(L, row, "title");
    fputs(" -- ", stdout);
    if (print_rules(e, L, row) > 0)
        ++*judged;
    if (status) {
        fputs(named ? "; " : "", stdout);
        ts_text_put(stdout, status);
    }
    fputc('\n', stdout);
}

/* The widest control id of the n rows of the list at index rows (at least
 * 9, so that short ids keep their old column; ids are ASCII). */
static size_t id_width(lua_State *L, int rows, lua_Integer n)
{
    size_t width = 9;

    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, rows, i) == LUA_TTABLE) {
            const char *control = text_field(L, lua_gettop(L), "control");
            if (control && strlen(control) > width && strlen(control) <= 64)
                width = strlen(control);
        }
        lua_pop(L, 1);
    }
    return width;
}

static int print_catalogue(struct ts_engine *e, const char *framework)
{
    struct ts_sandbox *sb = ts_engine_sandbox(e);
    lua_State *L = sb->L;
    int top = lua_gettop(L), cat;
    size_t rows = 0, judged = 0, width;
    lua_Integer n;
    char msg[1024];
    int ja = ts_engine_lang(e) == TS_LANG_JA;

    snprintf(sb->label, sizeof(sb->label), "the control catalogue");
    lua_pushcfunction(L, catalogue_of);
    ts_rule_env_push(sb, ts_engine_builtin_dir(), ts_engine_builtin_dir());
    lua_getfield(L, -1, "require");
    lua_remove(L, -2);
    lua_pushstring(L, framework);
    if (ts_sandbox_call(sb, 2, 2, msg, sizeof(msg)) != TS_CAUSE_NONE) {
        cli_error("%s", msg);
        lua_settop(L, top);
        return TS_EXIT_RULE_FAILED;
    }
    if (!lua_istable(L, -2)) {
        int ret = cli_usage_error("rules", "%s",
                                  lua_isstring(L, -1) ? lua_tostring(L, -1) : "unknown framework");
        lua_settop(L, top);
        return ret;
    }
    cat = lua_absindex(L, -2);
    put_field(L, cat, "id");
    fputs(": ", stdout);
    put_field(L, cat, "title");
    fputs(ja ? "、" : ", ", stdout);
    put_field(L, cat, "scope");
    fprintf(stdout, "\n%s: ", ja ? "番号の出典" : "numbering");
    put_field(L, cat, "source");
    fputc('\n', stdout);
    n = push_list(L, cat, "notes");
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, -1, i) == LUA_TSTRING) {
            fputs(ja ? "注記: " : "note: ", stdout);
            ts_text_put(stdout, lua_tostring(L, -1));
            fputc('\n', stdout);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    fputc('\n', stdout);
    n = push_list(L, cat, "rows");
    width = id_width(L, lua_gettop(L), n);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, -1, i) == LUA_TTABLE) {
            print_row(e, L, lua_gettop(L), width, &judged);
            rows++;
        }
        lua_pop(L, 1);
    }
    if (ja)
        printf("\n%zu コントロール (うち読み込んだルールで判定するもの %zu)\n", rows, judged);
    else
        printf("\n%zu controls, %zu judged by the rules loaded\n", rows, judged);
    lua_settop(L, top);
    return 0;
}

/* s, then spaces to a display width of width (Japanese takes two
 * columns a character). */
static void put_padded(const char *s, size_t width)
{
    fputs(s, stdout);
    for (size_t w = ts_text_width(s); w < width; w++)
        fputc(' ', stdout);
}

/* A field's label: English's own, padded; Japanese padded to the display
 * width (after its line break, if it begins with one). */
static void put_label(enum ts_lang lang, const char *en, const char *ja, size_t width)
{
    if (lang != TS_LANG_JA) {
        fputs(en, stdout);
        return;
    }
    if (*ja == '\n')
        fputc(*ja++, stdout);
    put_padded(ja, width);
}

static int rules_list(int argc, char **argv)
{
    struct ts_engine *e;
    const char *framework = NULL;
    int status = load(&e, argc, argv, 1, NULL, &framework);

    if (!e)
        return status;
    if (framework) {
        status = ts_exit_worst(status, print_catalogue(e, framework));
        ts_engine_free(e);
        return cli_finish_stdout(status);
    }
    for (size_t i = 0; i < ts_engine_nrules(e); i++) {
        const struct ts_rule *r = ts_engine_rule(e, i);
        printf("%-36s ", r->id);
        put_padded(ts_word_severity(ts_engine_lang(e), r->severity), 9);
        ts_text_put(stdout, r->title);
        if (r->texts_lang != ts_engine_lang(e)) /* English in a Japanese list: marked */
            fputs(" [英語のみ]", stdout);
        fputs("  [", stdout);
        print_frameworks(r);
        printf("]\n");
    }
    ts_engine_free(e);
    return cli_finish_stdout(status);
}

/* The parameters and their defaults, escaped like every other text;
 * none said in lang. */
static void print_params(lua_State *L, const struct ts_rule *r, enum ts_lang lang)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f)
        return;
    ts_rule_meta_print_params(L, r, f);
    if (fclose(f) == 0)
        ts_text_put(stdout, lang == TS_LANG_JA && !strcmp(buf, " none") ? " なし" : buf);
    free(buf);
}

static int rules_show(int argc, char **argv)
{
    struct ts_engine *e;
    const char *id = NULL;
    int status = load(&e, argc, argv, 1, &id, NULL);
    const struct ts_rule *r = NULL;
    enum ts_lang lang;

    if (!e)
        return status;
    lang = ts_engine_lang(e);
    if (!id) {
        ts_engine_free(e);
        return cli_usage_error("rules", "'rules show' needs a rule id");
    }
    if (ts_engine_find_rule(e, id) == SIZE_MAX) {
        cli_error("no rule with id '%s' (see 'trailscan rules list')", id);
        ts_engine_free(e);
        return TS_EXIT_INPUT;
    }
    r = ts_engine_rule(e, ts_engine_find_rule(e, id));
    /* Every text comes from a rule file, maybe someone else's: escaped
     * (ts_text_put), only the description and remediation keep lines. */
    put_label(lang, "id:          ", "ID:", 18);
    ts_text_put(stdout, r->id);
    put_label(lang, "\nname:        ", "\n名前:", 18);
    ts_text_put(stdout, r->name);
    put_label(lang, "\ntitle:       ", "\nタイトル:", 18);
    ts_text_put(stdout, r->title);
    if (r->texts_lang != lang)
        fputs(" [英語のみ]", stdout);
    put_label(lang, "\nseverity:    ", "\n重大度:", 18);
    fputs(ts_word_severity(lang, r->severity), stdout);
    put_label(lang, "\nfile:        ", "\nファイル:", 18);
    ts_text_put(stdout, r->file);
    put_label(lang, "\ncompliance: ", "\nコンプライアンス:", 17);
    for (char **c = r->compliance; c && *c; c++) {
        char *item = ts_xstrdup(*c);
        item[strcspn(item, "\t")] = ' ';
        fputs(c == r->compliance ? " " : "; ", stdout); /* between items, none after */
        ts_text_put(stdout, item);
        free(item);
    }
    put_label(lang, "\nparameters: ", "\nパラメーター:", 17);
    print_params(ts_engine_lua(e), r, lang);
    fputs("\n\n", stdout);
    ts_text_put_lines(stdout, r->description);
    printf("\n\n%s:\n", ts_engine_lang(e) == TS_LANG_JA ? "修復方法" : "Remediation");
    ts_text_put_lines(stdout, r->remediation);
    fputc('\n', stdout);
    if (r->references) {
        printf("\n%s:\n", ts_engine_lang(e) == TS_LANG_JA ? "参考資料" : "References");
        for (char **ref = r->references; *ref; ref++) {
            fputs("  ", stdout);
            ts_text_put(stdout, *ref);
            fputc('\n', stdout);
        }
    }
    ts_engine_free(e);
    return cli_finish_stdout(status);
}

static int rules_test(int argc, char **argv)
{
    return rule_test_main(argc - 1, argv + 1);
}

static const struct rules_command commands[] = {
    {"list", rules_list, list_help},
    {"show", rules_show, show_help},
    {"test", rules_test, cli_rules_test_help},
    {"check", cli_rules_check, cli_rules_check_help},
    {"new", cli_rules_new, cli_rules_new_help},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int asks_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    return 0;
}

int cli_rules(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("rules", "say list, show ID, test [DIR], check DIR or new ID");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        for (size_t i = 0; i < NCOMMANDS; i++)
            fputs(commands[i].help, stdout);
        fputs(cli_exit_help, stdout);
        return cli_finish_stdout(TS_EXIT_OK);
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[1], commands[i].name))
            continue;
        /* argv[1] is the subcommand: "rules test --help" documents it. */
        if (asks_help(argc - 1, argv + 1)) {
            fputs(commands[i].help, stdout);
            fputs(cli_exit_help, stdout);
            return cli_finish_stdout(TS_EXIT_OK);
        }
        return commands[i].run(argc - 1, argv + 1);
    }
    return cli_usage_error("rules", "unknown rules command '%s'", argv[1]);
}
