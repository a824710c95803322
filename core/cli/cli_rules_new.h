/* trailscan rules new ID [--dir DIR]: a rule, its fixture and the editor's
 * settings to start from (cli_rules_new.c). */
#ifndef TS_CLI_RULES_NEW_H
#define TS_CLI_RULES_NEW_H

/* argv[0] is "new". */
int cli_rules_new(int argc, char **argv);

/* Its --help text (usage and what it writes). */
extern const char cli_rules_new_help[];

#endif
