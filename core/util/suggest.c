#include "util/suggest.h"

#include <ctype.h>
#include <string.h>

#define MAX_WORD 64

/* Levenshtein distance ignoring case (a case slip costs nothing: "FAIL"
 * is "fail"); words past MAX_WORD are never near. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[MAX_WORD + 1];

    if (la > MAX_WORD || lb > MAX_WORD)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *ts_suggest(const char *word, const char *const *known, size_t n)
{
    const char *best = NULL;
    size_t best_d = strlen(word) / 3 + 1;

    for (size_t i = 0; n ? i < n : known[i] != NULL; i++) {
        size_t d = distance(word, known[i]);
        if (d <= best_d && (!best || d < best_d)) {
            best = known[i];
            best_d = d;
        }
    }
    return best;
}

size_t ts_suggest_nearest(const char *word, const char *const *known, const char **out,
                          size_t max)
{
    size_t best = (size_t)-1, n = 0;

    for (size_t i = 0; known[i]; i++) {
        size_t d = distance(word, known[i]);
        if (d < best)
            best = d;
    }
    for (size_t i = 0; known[i] && n < max; i++)
        if (distance(word, known[i]) == best)
            out[n++] = known[i];
    return n;
}
