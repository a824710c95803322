/* Small assertion macros for the C unit tests: print file, line and the
 * expression, count failures, keep going. */
#ifndef TS_TEST_H
#define TS_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures;

#define ASSERT(expr)                                                          \
    do {                                                                      \
        if (!(expr)) {                                                        \
            fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__,        \
                    __LINE__, #expr);                                         \
            test_failures++;                                                  \
        }                                                                     \
    } while (0)

#define ASSERT_EQ_INT(a, b)                                                   \
    do {                                                                      \
        long long a_ = (long long)(a), b_ = (long long)(b);                   \
        if (a_ != b_) {                                                       \
            fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n",         \
                    __FILE__, __LINE__, #a, #b, a_, b_);                      \
            test_failures++;                                                  \
        }                                                                     \
    } while (0)

#define ASSERT_CONTAINS(hay, needle)                                          \
    do {                                                                      \
        const char *h_ = (hay), *n_ = (needle);                               \
        if (!h_ || !strstr(h_, n_)) {                                         \
            fprintf(stderr, "%s:%d: expected \"%s\" in \"%s\"\n", __FILE__,   \
                    __LINE__, n_, h_ ? h_ : "(null)");                        \
            test_failures++;                                                  \
        }                                                                     \
    } while (0)

#define RUN(test)                                                             \
    do {                                                                      \
        int before_ = test_failures;                                          \
        test();                                                               \
        printf("%s %s\n", test_failures == before_ ? "ok  " : "FAIL", #test); \
    } while (0)

#define TEST_EXIT() (test_failures ? 1 : 0)

/* Writes text to the file `name` in a new temporary folder made from the
 * mkdtemp template dir (changed in place); its path goes to path.  Returns
 * 0, or -1 (counted as a failure). */
static inline int test_write_temp_file(char *dir, const char *name, const char *text,
                                       char *path, size_t pathlen)
{
    FILE *f;

    if (!mkdtemp(dir)) {
        ASSERT(!"mkdtemp");
        return -1;
    }
    snprintf(path, pathlen, "%s/%s", dir, name);
    f = fopen(path, "w");
    ASSERT(f != NULL);
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f) == 0 ? 0 : -1;
}

#endif
