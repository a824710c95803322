/* Globs for waiver scopes (resource ARNs, regions): '*' matches any run of
 * characters, ':' and '/' included; '?' one character; '\' makes the next
 * character literal.  '[' and ']' are reserved (no character classes), so
 * that a pattern means the same here as a reader expects. */
#ifndef TS_GLOB_H
#define TS_GLOB_H

/* 0 if pattern is a valid glob; else -1 and *why says what is wrong. */
int ts_glob_check(const char *pattern, const char **why);

/* 1 if s matches the (valid) pattern, whole. */
int ts_glob_match(const char *pattern, const char *s);

#endif
