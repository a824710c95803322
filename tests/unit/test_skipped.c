/* The inputs a --keep-going run left out, from the problems found: which
 * file each is about, where, and one entry per file. */
#include "test.h"
#include "report/report.h"

static void one_per_file_at_its_first_problem(void)
{
    struct ts_problems p;
    struct ts_strlist files;
    struct ts_skipped *sk;
    char org[] = "org", colons[] = "dir:with:colons";
    char *args[] = {org, colons};
    size_t n;

    ts_problems_init(&p);
    ts_strlist_init(&files);
    ts_strlist_push(&files, "org/a.json");
    ts_strlist_push(&files, "org/b.json");
    ts_strlist_push(&files, "dir:with:colons/c.json");
    ts_problems_add_at(&p, "org/a.json", 2, 17, "account_id: must be a string");
    ts_problems_add_at(&p, "org/a.json", 1, 1, "partition: missing");
    ts_problems_add_at(&p, "org/b.json", 0, 0, "account 1 is already loaded from org/x.json");
    ts_problems_add_at(&p, "dir:with:colons/c.json", 3, 4, "invalid JSON");
    ts_problems_add_at(&p, "nothere.json", 0, 0, "cannot open: No such file or directory");
    ts_problems_add(&p, "no rules to run");
    n = ts_skipped_from_problems(&p, &files, args, 2, TS_LANG_EN, &sk);
    ASSERT_EQ_INT(n, 5);
    ASSERT(!strcmp(sk[0].file, "org/a.json"));
    ASSERT_EQ_INT(sk[0].line, 2);
    ASSERT_EQ_INT(sk[0].column, 17);
    ASSERT(!strcmp(sk[0].message, "account_id: must be a string (and 1 more problem)"));
    ASSERT(!strcmp(sk[1].file, "org/b.json"));
    ASSERT_EQ_INT(sk[1].line, 0);
    ASSERT(!strcmp(sk[1].message, "account 1 is already loaded from org/x.json"));
    /* A colon in a folder's name is no position: positions are kept apart. */
    ASSERT(!strcmp(sk[2].file, "dir:with:colons/c.json"));
    ASSERT_EQ_INT(sk[2].line, 3);
    ASSERT_EQ_INT(sk[2].column, 4);
    /* Not an input it knows: the whole message, no file. */
    ASSERT(sk[3].file == NULL);
    ASSERT(!strcmp(sk[3].message, "nothere.json: cannot open: No such file or directory"));
    ASSERT(sk[4].file == NULL && sk[4].line == 0);
    ASSERT(!strcmp(sk[4].message, "no rules to run"));
    ts_skipped_free(sk, n);
    /* In Japanese the count is said in Japanese; the problem stays as the
     * input check wrote it. */
    n = ts_skipped_from_problems(&p, &files, args, 2, TS_LANG_JA, &sk);
    ASSERT(!strcmp(sk[0].message, "account_id: must be a string (ほかに問題 1 件)"));
    ASSERT(!strcmp(sk[1].message, "account 1 is already loaded from org/x.json"));
    ts_skipped_free(sk, n);
    ts_strlist_release(&files);
    ts_problems_release(&p);
}

/* Where a problem is comes with it, never from its text: a message that
 * begins like a position is a message. */
static void positions_are_not_read_from_the_text(void)
{
    struct ts_problems p, copy;
    struct ts_strlist files;
    struct ts_skipped *sk;
    struct ts_error err;
    size_t n;

    ts_problems_init(&p);
    ts_problems_init(&copy);
    ts_strlist_init(&files);
    ts_strlist_push(&files, "a.json");
    ts_strlist_push(&files, "b.json");
    ts_problems_add_at(&p, "a.json", 0, 0, "12:34: a member named like a position");
    ts_error_set_at(&err, NULL, 7, 8, "invalid UTF-8 (byte 0x%02X)", 0xFF);
    ts_problems_add_error(&p, "b.json", &err);
    ASSERT(!strcmp(p.items[0], "a.json: 12:34: a member named like a position"));
    ASSERT(!strcmp(p.items[1], "b.json:7:8: invalid UTF-8 (byte 0xFF)"));
    for (size_t i = 0; i < p.count; i++)
        ts_problems_add_copy(&copy, &p, i);
    n = ts_skipped_from_problems(&copy, &files, NULL, 0, TS_LANG_EN, &sk);
    ASSERT_EQ_INT(n, 2);
    ASSERT_EQ_INT(sk[0].line, 0);
    ASSERT(!strcmp(sk[0].message, "12:34: a member named like a position"));
    ASSERT_EQ_INT(sk[1].line, 7);
    ASSERT_EQ_INT(sk[1].column, 8);
    ASSERT(!strcmp(sk[1].message, "invalid UTF-8 (byte 0xFF)"));
    ts_skipped_free(sk, n);
    ts_strlist_release(&files);
    ts_problems_release(&p);
    ts_problems_release(&copy);
}

int main(void)
{
    RUN(one_per_file_at_its_first_problem);
    RUN(positions_are_not_read_from_the_text);
    return TEST_EXIT();
}
