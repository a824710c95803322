/* Fuzz target: an organisation's manifest (core/snapshot/org_manifest.h):
 * its checks, its lookups, and a snapshot's claim against it, as `scan DIR`
 * makes them.  Beyond "no crash, leak or undefined behaviour" it checks
 * what a user relies on: every problem names the file; a manifest that
 * loads sends scan to no file outside its folder, lists each account and
 * file once, and gives each status what it needs; a snapshot of a listed
 * account in its listed file agrees with it and takes its name. */
#include <stdio.h>
#include <string.h>
#include "fuzz_target.h"
#include "snapshot/orgs.h"
#include "snapshot/snapshot_load.h"
#include "snapshot/snapshot_org.h"

#define FUZZ_DIR_PREFIX "fuzz-org-nonexistent/"
#define FUZZ_PATH FUZZ_DIR_PREFIX "organization.json"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void check_account(const struct ts_org_manifest *m, const struct ts_org_account *a)
{
    char buf[128];

    FUZZ_CHECK(a->id && ts_account_id_ok(a->id), "an account without a valid id loaded");
    FUZZ_CHECK(ts_org_manifest_find(m, a->id) == a, "account %s is not found as itself", a->id);
    FUZZ_CHECK(!a->name || !ts_account_name_problem(a->name, buf, sizeof(buf)),
               "a bad name loaded");
    switch (a->status) {
    case TS_ORG_COLLECTED:
        FUZZ_CHECK(a->file && a->path, "a collected account without a file");
        FUZZ_CHECK(!strchr(a->file, '/') && a->file[0] != '.', "file '%s' leaves the folder",
                   a->file);
        FUZZ_CHECK(strncmp(a->path, FUZZ_DIR_PREFIX, strlen(FUZZ_DIR_PREFIX)) == 0
                   && !strcmp(a->path + strlen(FUZZ_DIR_PREFIX), a->file),
                   "path '%s' is not the folder's '%s'", a->path, a->file);
        FUZZ_CHECK(!ts_org_manifest_named(a->file), "the manifest listed as a snapshot");
        break;
    case TS_ORG_FAILED:
        FUZZ_CHECK(a->code != NULL, "a failed account without its error code");
        break;
    case TS_ORG_SKIPPED:
        FUZZ_CHECK(a->reason != NULL, "a skipped account without its reason");
        break;
    default:
        FUZZ_CHECK(0, "status %d loaded", (int)a->status);
    }
}

/* A snapshot of account a in its listed file agrees with the manifest. */
static void check_claim(const struct ts_orgs *orgs, const struct ts_org_account *a)
{
    char text[512];
    struct ts_snapshot s;
    struct ts_problems problems;
    int n = snprintf(text, sizeof(text), "{\"format\": \"trailscan-snapshot/1\", \"account_id\":"
                     " \"%s\", \"partition\": \"aws\", \"collected_at\":"
                     " \"2026-11-25T12:00:00Z\", \"regions\": {}}", a->id);

    ts_snapshot_init(&s);
    ts_problems_init(&problems);
    FUZZ_CHECK(ts_snapshot_load_text(&s, a->path, text, (size_t)n, &problems) == 0,
               "%s", problems.items[0]);
    FUZZ_CHECK(ts_orgs_claim(orgs, &s, &problems) == 0, "a listed snapshot refused: %s",
               problems.items[0]);
    FUZZ_CHECK(s.account_name == a->name, "the manifest's name was not given");
    ts_problems_release(&problems);
    ts_snapshot_release(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ts_orgs orgs;
    struct ts_problems problems;
    struct ts_org_manifest *m;
    size_t claims = 0;
    int ret;

    ts_orgs_init(&orgs);
    ts_problems_init(&problems);
    orgs.items = ts_xmalloc(sizeof(*orgs.items));
    orgs.count = 1;
    m = &orgs.items[0];
    ts_org_manifest_init(m);
    ret = ts_org_manifest_load_text(m, FUZZ_PATH, (const char *)data, size, &problems);
    FUZZ_CHECK((ret == 0) == (problems.count == 0), "returned %d with %zu problems", ret,
               problems.count);
    for (size_t i = 0; i < problems.count; i++)
        FUZZ_CHECK(strncmp(problems.items[i], FUZZ_PATH ":", strlen(FUZZ_PATH) + 1) == 0,
                   "problem does not name the file: %s", problems.items[i]);
    if (ret == 0) {
        FUZZ_CHECK(m->org_id && ts_org_id_ok(m->org_id), "a bad organization id loaded");
        FUZZ_CHECK(m->management_account_id && ts_account_id_ok(m->management_account_id),
                   "a bad management account loaded");
        for (size_t k = 0; k < m->naccounts; k++) {
            check_account(m, &m->accounts[k]);
            if (m->accounts[k].status == TS_ORG_COLLECTED && claims++ < 4)
                check_claim(&orgs, &m->accounts[k]);
        }
    }
    ts_orgs_release(&orgs);
    ts_problems_release(&problems);
    return 0;
}
