/* How much one rule may spend on one snapshot: the limits the user set
 * (or the defaults), plus a share that grows with the snapshot's size.  An
 * honest rule's cost is linear in its snapshot, so it always fits, however
 * many log groups an account has; a runaway rule on an ordinary snapshot
 * still stops within the base limits. */
#ifndef TS_BUDGET_H
#define TS_BUDGET_H

#include <stddef.h>

/* Instructions added for each byte of the snapshot file.  The heaviest
 * built-in rule, logs-log-group-retention, spends 3.7 per byte on 1,000,000
 * failing log groups of 128 bytes each, 4.6 on groups of 50 bytes (the
 * shortest a group with a retention can be, near enough), under 0.4 on
 * the accounts of a 1,000-account organisation (tools/gen-org): 16 is a
 * margin of more than 3x. */
#define TS_BUDGET_INSTRUCTIONS_PER_BYTE 16LL

/* Seconds added for each MiB of the snapshot file.  On 1,000,000 log
 * groups logs-log-group-retention takes 0.07 s of processor time per MiB
 * in a Release build and 0.12 s in a Debug build with sanitizers; on a
 * 2-core machine at load 14 both took 0.47 s of wall-clock time per MiB:
 * 4 is a margin of more than 8x. */
#define TS_BUDGET_SECONDS_PER_MIB 4.0

/* base (--max-instructions) plus the share of a snapshot of `bytes`,
 * saturating at LLONG_MAX. */
long long ts_budget_instructions(long long base, size_t bytes);

/* base (--max-seconds) plus the share of a snapshot of `bytes`; 0 (no
 * limit) stays 0. */
double ts_budget_seconds(double base, size_t bytes);

#endif
