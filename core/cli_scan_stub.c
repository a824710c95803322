#include "cli.h"
int cli_scan(int argc, char **argv) { (void)argc; (void)argv; cli_error("'scan' is not built yet"); return TS_EXIT_INPUT; }
int cli_rules(int argc, char **argv) { (void)argc; (void)argv; cli_error("'rules' is not built yet"); return TS_EXIT_INPUT; }
