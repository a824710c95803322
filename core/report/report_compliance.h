/* The compliance view of a scan (scan --compliance): for each framework
 * asked, its controls grouped in sections, each control's status on each
 * account and over all of them, and an overall figure per section.  Built
 * once after the scan (waivers applied) from the engine's results and the
 * frameworks' catalogues (engine/catalogue.h); every writer draws its
 * compliance section from it and counts nothing itself.
 *
 * A writer walks it so:
 *   for each framework f in c->frameworks[0 .. c->nframeworks):
 *     for each section s in f->sections[0 .. f->nsections):
 *       s->by_status[] says how many of its controls have each status;
 *       for each control k in f->controls[s->first .. s->first + s->count):
 *         k->status, k->accounts[] (accounts by status), k->failed /
 *         k->review / k->waived / k->passed (resources), and
 *         k->cells[a] for account a (ts_engine_account(e, a): the matrix).
 */
#ifndef TS_REPORT_COMPLIANCE_H
#define TS_REPORT_COMPLIANCE_H

#include <stddef.h>
#include <stdio.h>
#include "engine/catalogue.h"
#include "engine/engine.h"

/* Worst first: a control's status over accounts is the first of these any
 * account has (manual: no account is judged, people are). */
enum ts_control_status {
    TS_CONTROL_FAILED,       /* a resource fails (not waived) */
    TS_CONTROL_REVIEW,       /* a resource could not be decided */
    TS_CONTROL_NOT_ASSESSED, /* no rule judges it, or one of its rules did not run
                                there (not loaded, --skip, failed): never a pass */
    TS_CONTROL_WAIVED,       /* its only failures are waived */
    TS_CONTROL_PASSED,       /* every rule ran and nothing failed */
    TS_CONTROL_MANUAL,       /* a process of people: no rule can judge it */
    TS_CONTROL_NSTATUS
};

/* "failed", "to review", "not assessed", "waived", "passed", "manual". */
const char *ts_control_status_name(enum ts_control_status s);
/* One word for ids and CSS classes: "failed", "review", "not-assessed",
 * "waived", "passed", "manual". */
const char *ts_control_status_key(enum ts_control_status s);

/* A control on one account.  A resource judged by two rules of the
 * control is counted once, at its worst (fail, review, waived, pass). */
struct ts_compliance_cell {
    enum ts_control_status status;
    size_t failed, review, waived;
    size_t passed;          /* 0 unless passes are kept (--include-passes) */
};

struct ts_compliance_control {
    char *id, *title;
    char *note;             /* the catalogue's status: what its rules leave out,
                               or why none judges it; or NULL */
    char **rules;           /* the rule ids that judge it, NULL-terminated */
    size_t nrules, nloaded; /* how many; how many of them ran in this scan */
    size_t section;         /* index into the framework's sections */
    enum ts_control_status status;        /* over all accounts */
    size_t accounts[TS_CONTROL_NSTATUS];  /* accounts by their cell's status */
    size_t failed, review, waived, passed; /* resources, over all accounts */
    struct ts_compliance_cell *cells;     /* one per account, in engine order */
};

struct ts_compliance_section {
    char *id, *title;       /* e.g. "3", "3 Logging" */
    size_t first, count;    /* its controls: framework->controls[first ..] */
    size_t by_status[TS_CONTROL_NSTATUS]; /* its controls by status */
};

struct ts_compliance_framework {
    char *id, *title, *scope, *source;
    struct ts_compliance_section *sections;
    size_t nsections;
    struct ts_compliance_control *controls; /* section by section, catalogue order within */
    size_t ncontrols;
    size_t by_status[TS_CONTROL_NSTATUS];   /* all its controls by status */
};

struct ts_compliance {
    struct ts_compliance_framework *frameworks;
    size_t nframeworks;
    size_t naccounts;       /* = ts_engine_naccounts(e) when built */
};

/* Builds c from the results of e (read once) for the catalogues given (in
 * the order asked).  Waived results (ts_result.waiver) count as waived. */
void ts_compliance_build(struct ts_compliance *c, const struct ts_engine *e,
                         const struct ts_catalogue *catalogues, size_t ncatalogues);
void ts_compliance_release(struct ts_compliance *c);

/* A section's overall figure: its controls that passed (waived ones
 * included) over those a rule assessed (failed, to review, waived,
 * passed); *assessed may be 0. */
void ts_compliance_section_score(const struct ts_compliance_section *s, size_t *passed,
                                 size_t *assessed);
/* The same in words, for the text and markdown views: "6 of 9 assessed
 * controls passed, 3 failed, 2 not-assessed", or in Japanese "評価した 9
 * コントロールのうち 6 件が合格 (うち免除 1 件)、3 件が不合格、未評価 2 件" or
 * "評価したコントロールはありません (手動確認 1 件)". */
void ts_compliance_section_score_put(FILE *out, enum ts_lang lang,
                                     const struct ts_compliance_section *s);

#endif
