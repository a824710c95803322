/* The config file's shape: dates, waivers read with their positions, and
 * problems that name file:line:column. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"
#include "triage/config.h"
#include "triage/waiver.h"

static char path[64];

/* Writes text to a temporary file and loads it; returns the problems' text
 * joined by newlines (caller frees) and the load's status. */
static char *load(struct ts_config *c, const char *text, int *status)
{
    struct ts_problems p;
    FILE *f;
    size_t n = 1;
    char *all;
    int fd;

    snprintf(path, sizeof(path), "/tmp/ts-config-XXXXXX");
    fd = mkstemp(path);
    f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    ts_problems_init(&p);
    ts_config_init(c);
    *status = ts_config_load(c, path, &p);
    unlink(path);
    for (size_t i = 0; i < p.count; i++)
        n += strlen(p.items[i]) + 1;
    all = calloc(1, n);
    for (size_t i = 0; i < p.count; i++) {
        strcat(all, p.items[i]);
        strcat(all, "\n");
    }
    ts_problems_release(&p);
    return all;
}

static void waivers_with_positions(void)
{
    struct ts_config c;
    int status;
    char *probs = load(&c,
        "{\"format\": \"trailscan-config/1\",\n"
        " \"waivers\": [\n"
        "  {\"rule\": \"r1\", \"resource\": \"arn:*\", \"reason\": \"why\",\n"
        "   \"ticket\": \"T-1\", \"expires\": \"2027-01-31\", \"region\": \"eu-*\"},\n"
        "    {\"rule\": \"r2\", \"account\": \"000000000001\", \"resource\": \"*\",\n"
        "     \"reason\": \"because\", \"owner\": \"me\", \"expires\": \"2027-02-01\"}]}\n",
        &status);

    ASSERT_EQ_INT(status, 0);
    ASSERT(!strcmp(probs, ""));
    ASSERT_EQ_INT(c.nwaivers, 2);
    if (c.nwaivers == 2) {
        ASSERT_EQ_INT(c.waivers[0].line, 3);
        ASSERT_EQ_INT(c.waivers[0].column, 3);
        ASSERT_EQ_INT(c.waivers[1].line, 5);
        ASSERT_EQ_INT(c.waivers[1].column, 5);
        ASSERT(!strcmp(c.waivers[0].region, "eu-*") && !c.waivers[0].account);
        ASSERT(!c.waivers[0].owner && !strcmp(c.waivers[0].ticket, "T-1"));
        ASSERT(!strcmp(c.waivers[1].account, "000000000001")); /* leading zeros kept */
        ASSERT_EQ_INT(c.waivers[1].expires_day - c.waivers[0].expires_day, 1);
    }
    free(probs);
    ts_config_release(&c);
}

static void problems_name_line_and_column(void)
{
    struct ts_config c;
    int status;
    char *probs = load(&c,
        "{\"format\": \"trailscan-config/1\",\n"
        " \"waivers\": [\n"
        "  {\"rule\": \"r1\", \"resource\": \"a[b]\", \"reason\": \"\", \"owner\": 5,\n"
        "   \"expires\": \"2027-02-30\", \"account\": \"1234\", \"note\": 1}],\n"
        " \"extra\": true}\n",
        &status);

    ASSERT_EQ_INT(status, -1);
    ASSERT_CONTAINS(probs, ":5:2: unknown key 'extra'");
    ASSERT_CONTAINS(probs, ":3:18: waiver 'resource': bad glob 'a[b]'");
    ASSERT_CONTAINS(probs, ":3:38: waiver 'reason': must not be empty");
    ASSERT_CONTAINS(probs, ":3:52: waiver 'owner': expected a string, found a number");
    ASSERT_CONTAINS(probs, ":4:4: waiver 'expires': '2027-02-30' is not a date");
    ASSERT_CONTAINS(probs, ":4:29: waiver 'account': '1234' is not an AWS account id");
    ASSERT_CONTAINS(probs, ":4:48: waiver: unknown key 'note'");
    ASSERT_EQ_INT(c.nwaivers, 0);
    free(probs);
    ts_config_release(&c);
}

static void syntax_and_root(void)
{
    struct ts_config c;
    int status;
    char *probs = load(&c, "{\"format\": \"trailscan-config/1\",\n \"params\": {\n", &status);

    ASSERT_EQ_INT(status, -1);
    ASSERT_CONTAINS(probs, ":3:1: invalid JSON: unexpected end of file (truncated?)");
    free(probs);
    ts_config_release(&c);
    probs = load(&c, "[1, 2]\n", &status);
    ASSERT_EQ_INT(status, -1);
    ASSERT_CONTAINS(probs, ":1:1: expected an object with \"format\"");
    free(probs);
    ts_config_release(&c);
    probs = load(&c, "{\"format\": \"trailscan-config/1\", \"params\": {\"r\": {\"n\": [1]}}}", &status);
    ASSERT_EQ_INT(status, -1);
    ASSERT_CONTAINS(probs, ":1:51: params 'r' 'n': expected a string, number or boolean");
    free(probs);
    ts_config_release(&c);
}

int main(void)
{
    RUN(waivers_with_positions);
    RUN(problems_name_line_and_column);
    RUN(syntax_and_root);
    return TEST_EXIT();
}
