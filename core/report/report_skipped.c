/* The inputs a --keep-going run left out, from the problems found in them
 * (messages "FILE:LINE:COL: what" or "FILE: what"). */
#include "report/report.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input a problem is about: the longest input name it starts with,
 * followed by ':'.  NULL if none. */
static const char *problem_file(const char *problem, const struct ts_strlist *files,
                                char *const *args, size_t nargs)
{
    const char *best = NULL;
    size_t nbest = 0;

    for (size_t i = 0; i < files->count + nargs; i++) {
        const char *c = i < files->count ? files->items[i] : args[i - files->count];
        size_t n = strlen(c);
        if (n > nbest && !strncmp(problem, c, n) && problem[n] == ':') {
            best = c;
            nbest = n;
        }
    }
    return best;
}

size_t ts_skipped_from_problems(const struct ts_problems *problems,
                                const struct ts_strlist *files, char *const *args,
                                size_t nargs, struct ts_skipped **out)
{
    struct ts_skipped *sk = ts_xmalloc((problems->count + 1) * sizeof(*sk));
    size_t *more = ts_xmalloc((problems->count + 1) * sizeof(*more)), n = 0;

    for (size_t p = 0; p < problems->count; p++) {
        const char *text = problems->items[p];
        const char *file = problem_file(text, files, args, nargs), *rest;
        unsigned line = 0, col = 0;
        size_t k = 0;
        while (file && k < n && !(sk[k].file && !strcmp(sk[k].file, file)))
            k++;
        if (file && k < n) {
            more[k]++;
            continue;
        }
        rest = file ? text + strlen(file) + 1 : text;
        if (file && isdigit((unsigned char)rest[0])
            && sscanf(rest, "%u:%u: ", &line, &col) == 2)
            rest = strchr(strchr(rest, ':') + 1, ':') + 1;
        else
            line = col = 0;
        while (*rest == ' ')
            rest++;
        sk[n].file = file ? ts_xstrdup(file) : NULL;
        sk[n].line = line;
        sk[n].column = col;
        sk[n].message = ts_xstrdup(rest);
        more[n++] = 0;
    }
    for (size_t k = 0; k < n; k++)
        if (more[k]) {
            size_t len = strlen(sk[k].message) + 64;
            char *m = ts_xmalloc(len);
            snprintf(m, len, "%s (and %zu more problem%s)", sk[k].message, more[k],
                     more[k] == 1 ? "" : "s");
            free(sk[k].message);
            sk[k].message = m;
        }
    free(more);
    *out = sk;
    return n;
}

void ts_skipped_free(struct ts_skipped *sk, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(sk[i].file);
        free(sk[i].message);
    }
    free(sk);
}
