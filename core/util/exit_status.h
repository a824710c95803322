/* Exit statuses: the outside contract of DESIGN.md section 3. */
#ifndef TS_EXIT_STATUS_H
#define TS_EXIT_STATUS_H

enum ts_exit {
    TS_EXIT_OK = 0,          /* nothing at or above --fail-on */
    TS_EXIT_FINDINGS = 1,    /* findings at or above --fail-on */
    TS_EXIT_INPUT = 2,       /* usage or input error: bad snapshot, rule file, config */
    TS_EXIT_RULE_FAILED = 3, /* a rule failed at run time or hit a sandbox limit */
    TS_EXIT_NETWORK = 4      /* network/AWS error in collect/upload, partial snapshot */
};

/* When several apply, the highest wins. */
static inline enum ts_exit ts_exit_worst(enum ts_exit a, enum ts_exit b)
{
    return a > b ? a : b;
}

#endif
