/* The inputs a --keep-going run left out, from the problems found in them
 * (each says which file it is about, and where in it). */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input a problem is about, if it is about one: a file the arguments
 * named, or found in a folder they named.  NULL if none. */
static const char *problem_file(const struct ts_problem_where *w,
                                const struct ts_strlist *files, char *const *args,
                                size_t nargs)
{
    for (size_t i = 0; w->file && i < files->count + nargs; i++) {
        const char *c = i < files->count ? files->items[i] : args[i - files->count];
        if (!strcmp(w->file, c))
            return c;
    }
    return NULL;
}

size_t ts_skipped_from_problems(const struct ts_problems *problems,
                                const struct ts_strlist *files, char *const *args,
                                size_t nargs, enum ts_lang lang, struct ts_skipped **out)
{
    struct ts_skipped *sk = ts_xmalloc((problems->count + 1) * sizeof(*sk));
    size_t *more = ts_xmalloc((problems->count + 1) * sizeof(*more)), n = 0;

    for (size_t p = 0; p < problems->count; p++) {
        const struct ts_problem_where *w = &problems->where[p];
        const char *file = problem_file(w, files, args, nargs);
        size_t k = 0;
        while (file && k < n && !(sk[k].file && !strcmp(sk[k].file, file)))
            k++;
        if (file && k < n) {
            more[k]++;
            continue;
        }
        sk[n].file = file ? ts_xstrdup(file) : NULL;
        sk[n].line = file ? w->line : 0;
        sk[n].column = file ? w->column : 0;
        sk[n].message = ts_xstrdup(problems->items[p] + (file ? w->what : 0));
        more[n++] = 0;
    }
    for (size_t k = 0; k < n; k++)
        if (more[k]) {
            size_t len = strlen(sk[k].message) + 64;
            char *m = ts_xmalloc(len);
            if (lang == TS_LANG_JA)
                snprintf(m, len, "%s (ほかに問題 %zu 件)", sk[k].message, more[k]);
            else
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
