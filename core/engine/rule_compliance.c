#include "engine/rule_compliance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/catalogue.h"
#include "engine/rule_meta_where.h"
#include "util/suggest.h"

#define MAX_NEAR 3

/* One control id the catalogue lacks: at the framework's key, with the
 * nearest ids it has. */
static void unknown_control(const struct ts_rule *r, const char *fw, const char *control,
                            char **known, struct ts_problems *p)
{
    const char *near[MAX_NEAR];
    size_t n = ts_suggest_nearest(control, (const char *const *)known, near, MAX_NEAR);
    char list[256] = "";
    unsigned line = 0, col = 0;

    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(list);
        snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", near[i]);
    }
    if (ts_rule_key_where(r->file, fw, 0, &line, &col) < 0)
        line = col = 0;
    ts_problems_add_at(p, r->file, line, col, "rule field 'compliance': %s has no control"
                       " '%s' in its catalogue%s%s (`trailscan rules list --framework %s`"
                       " lists them all)", fw, control, n ? "; nearest: " : "", list, fw);
}

/* The entries of r->compliance (sorted "framework\tcontrol") from *i on
 * that name framework fw (len bytes): each checked against known. */
static void check_framework(const struct ts_rule *r, size_t *i, const char *fw, size_t len,
                            char **known, struct ts_problems *p)
{
    for (; r->compliance[*i]; (*i)++) {
        const char *entry = r->compliance[*i], *control = entry + len + 1;
        size_t k = 0;
        if (strncmp(entry, fw, len) || entry[len] != '\t')
            break;
        while (known && known[k] && strcmp(known[k], control))
            k++;
        if (known && !known[k])
            unknown_control(r, fw, control, known, p);
    }
}

int ts_rule_compliance_check(struct ts_engine *e, const struct ts_rule *r,
                             struct ts_problems *problems)
{
    size_t before = problems->count, i = 0;

    while (r->compliance && r->compliance[i]) {
        const char *tab = strchr(r->compliance[i], '\t');
        size_t len = tab ? (size_t)(tab - r->compliance[i]) : strlen(r->compliance[i]);
        char *fw = ts_xmalloc(len + 1), **known = NULL;
        struct ts_error err = {0};
        int got;

        memcpy(fw, r->compliance[i], len);
        fw[len] = '\0';
        got = ts_catalogue_controls(e, fw, &known, &err);
        if (got == -2) {
            ts_problems_add(problems, "%s: rule field 'compliance': the control catalogue"
                            " failed: %s", r->file, err.msg);
            free(fw);
            return -1;
        }
        check_framework(r, &i, fw, len, known, problems);
        ts_catalogue_free_list(known);
        free(fw);
    }
    return problems->count > before ? -1 : 0;
}
