/* Choosing the accounts of a run: selection, shard, state. */
#include "aws/org_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int org_in_shard(size_t index, unsigned k, unsigned n)
{
    return n == 0 || index % n == (size_t)(k - 1);
}

static int listed(const struct ts_strlist *l, const char *id)
{
    for (size_t i = 0; i < l->count; i++)
        if (!strcmp(l->items[i], id))
            return 1;
    return 0;
}

void org_plan_release(struct org_plan *p)
{
    free(p->entries);
    memset(p, 0, sizeof(*p));
}

/* Why an account of the shard is not collected, or NULL. */
static const char *skip_reason(const struct org_account *a, const struct org_select *sel)
{
    if (sel->accounts.count && !listed(&sel->accounts, a->id))
        return "not in --accounts";
    if (listed(&sel->exclude, a->id))
        return "excluded by --exclude-accounts";
    if (strcmp(a->state, "ACTIVE"))
        return a->state;
    return NULL;
}

int org_plan_make(const struct org_listing *l, const struct org_select *sel,
                  const char *caller, struct org_plan *out, struct ts_strlist *warnings,
                  struct ts_error *err)
{
    char line[256];

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < sel->accounts.count; i++)
        if (!org_listing_find(l, sel->accounts.items[i]))
            return ts_error_set(err, "--accounts: %s is not an account of organization %s"
                                " (ListAccounts lists %zu)", sel->accounts.items[i],
                                l->org_id, l->count);
    for (size_t i = 0; i < sel->exclude.count; i++)
        if (!org_listing_find(l, sel->exclude.items[i])) {
            snprintf(line, sizeof(line), "--exclude-accounts: %s is not an account of"
                     " organization %s; nothing to exclude", sel->exclude.items[i], l->org_id);
            ts_strlist_push(warnings, line);
        }
    out->entries = ts_xmalloc((l->count + 1) * sizeof(*out->entries));
    for (size_t i = 0; i < l->count; i++) {
        struct org_entry *e;
        const char *why;
        if (!org_in_shard(i, sel->shard_k, sel->shard_n))
            continue;
        e = &out->entries[out->count++];
        memset(e, 0, sizeof(*e));
        e->acct = &l->accounts[i];
        e->self = caller && !strcmp(caller, e->acct->id);
        if ((why = skip_reason(e->acct, sel)) != NULL) {
            e->status = ORG_SKIPPED;
            snprintf(e->reason, sizeof(e->reason), "%s", why);
        }
    }
    return 0;
}
