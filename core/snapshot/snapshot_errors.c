#include "snapshot/snapshot_errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/error.h"
#include "util/text.h"

char **ts_snapshot_error_lines(const struct ts_snapshot *s)
{
    static const char *const f[6] = {"region", "service", "operation", "key", "code",
                                     "message"};
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(s->root, "errors"), *e;
    char **out = ts_xmalloc(sizeof(*out) * ((size_t)cJSON_GetArraySize(errors) + 1));
    size_t n = 0;

    cJSON_ArrayForEach(e, errors) {
        const char *v[6];
        char line[2048];
        for (int i = 0; i < 6; i++) {
            const cJSON *x = cJSON_GetObjectItemCaseSensitive(e, f[i]);
            v[i] = cJSON_IsString(x) ? x->valuestring : "";
        }
        snprintf(line, sizeof(line), "%s%s%s %s%s%s: %s%s%s", v[0], *v[0] ? " " : "", v[1],
                 v[2], *v[3] ? " " : "", v[3], v[4], *v[5] ? ": " : "", v[5]);
        out[n++] = ts_clean_text(line, strlen(line), sizeof(line));
    }
    out[n] = NULL;
    return out;
}

void ts_snapshot_error_lines_free(char **lines)
{
    if (!lines)
        return;
    for (char **l = lines; *l; l++)
        free(*l);
    free(lines);
}
