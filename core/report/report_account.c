/* How every report names an account (its id, and its name when the
 * snapshot or the organisation's manifest gives one), and what reports
 * share about the accounts an organisation's manifest lists that no
 * snapshot judged. */
#include "report/report.h"

#include <stdio.h>

const char *ts_report_account_label(const char *id, const char *name, char *buf, size_t n)
{
    if (!id)    /* not an account: what scan lacks (a share, a manifest) */
        return name;
    if (!name)
        return id;
    snprintf(buf, n, "%s (%s)", id, name);
    return buf;
}

const char *ts_report_account_in_file(enum ts_lang lang, const struct ts_account *a, char *buf,
                                     size_t n)
{
    if (lang == TS_LANG_JA && a->name)
        snprintf(buf, n, "%s (%s、%s)", a->account_id, a->name, a->file);
    else if (a->name)
        snprintf(buf, n, "%s (%s) (%s)", a->account_id, a->name, a->file);
    else
        snprintf(buf, n, "%s (%s)", a->account_id, a->file);
    return buf;
}

size_t ts_report_gaps(const struct ts_report_opts *o)
{
    size_t n = 0;

    for (size_t i = 0; i < o->nunjudged; i++)
        n += (size_t)ts_org_account_gap(o->unjudged[i]);
    return n;
}

int ts_report_complete(const struct ts_report_opts *o)
{
    return o->nskipped == 0 && ts_report_gaps(o) == 0;
}
