#include "util/glob.h"

#include <stddef.h>

int ts_glob_check(const char *pattern, const char **why)
{
    if (!*pattern) {
        *why = "an empty pattern matches nothing (use \"*\" for everything)";
        return -1;
    }
    for (const char *p = pattern; *p; p++) {
        if ((unsigned char)*p < 0x20) {
            *why = "control character in the pattern";
            return -1;
        }
        if (*p == '[' || *p == ']') {
            *why = "'[' and ']' are reserved (no character classes): write \\[ or \\]";
            return -1;
        }
        if (*p == '\\' && !*++p) {
            *why = "the pattern ends with a lone '\\'";
            return -1;
        }
    }
    return 0;
}

/* Iterative, with one backtrack point per '*': linear-ish, never
 * exponential whatever the pattern. */
int ts_glob_match(const char *pattern, const char *s)
{
    const char *p = pattern, *star = NULL, *resume = NULL;

    while (*s) {
        if (*p == '*') {
            star = ++p;
            resume = s;
            continue;
        }
        if (*p && (*p == '?' || (*p == '\\' ? p[1] == *s : *p == *s))) {
            p += *p == '\\' ? 2 : 1;
            s++;
            continue;
        }
        if (!star)
            return 0;
        p = star; /* let the last '*' swallow one more character */
        s = ++resume;
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}
