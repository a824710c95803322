/* trailscan rules test: each rule's fixture cases.  A fixture file
 * (NAME.test.json, anywhere under a rules folder) is
 *   {"rule": "ID", "cases": [{"name": "...", "snapshot": {...},
 *                             "expect": {"<resource>": "fail|pass|review"}}]}
 * A case's snapshot may be a fragment: format, account_id (123456789012),
 * partition (aws), collected_at (2026-11-25T12:00:00Z) and regions ({})
 * are filled in when absent.  A case passes when the rule reports exactly
 * the expected resources with the expected verdicts. */
#ifndef TS_CLI_RULES_TEST_H
#define TS_CLI_RULES_TEST_H

int rule_test_main(int argc, char **argv);

/* Its --help text. */
extern const char cli_rules_test_help[];

/* trailscan rules check DIR... (argv[0] is "check"): every rule and
 * fixture read and checked, nothing run. */
int cli_rules_check(int argc, char **argv);
extern const char cli_rules_check_help[];

#endif
