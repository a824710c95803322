/* The benchmark's floor: read each file and cJSON_Parse it, nothing else.
 * usage: bench_parse FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <cjson/cJSON.h>
#include "util/file_read.h"

int main(int argc, char **argv)
{
    size_t bytes = 0, ok = 0;

    for (int i = 1; i < argc; i++) {
        struct ts_error err;
        char *text;
        size_t len;
        cJSON *root;

        if (ts_file_read(argv[i], TS_MAX_SNAPSHOT_BYTES, &text, &len, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 2;
        }
        root = cJSON_ParseWithLength(text, len);
        ok += root != NULL;
        bytes += len;
        cJSON_Delete(root);
        free(text);
    }
    printf("%zu files, %zu parsed, %zu bytes\n", (size_t)(argc - 1), ok, bytes);
    return 0;
}
