/* The inputs a --keep-going run left out, read from the problems' messages:
 * which file each is about, where, and one entry per file. */
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
    ts_problems_add(&p, "org/a.json:2:17: account_id: must be a string");
    ts_problems_add(&p, "org/a.json:1:1: partition: missing");
    ts_problems_add(&p, "org/b.json: account 1 is already loaded from org/x.json");
    ts_problems_add(&p, "dir:with:colons/c.json:3:4: invalid JSON");
    ts_problems_add(&p, "nothere.json: cannot open: No such file or directory");
    n = ts_skipped_from_problems(&p, &files, args, 2, &sk);
    ASSERT_EQ_INT(n, 4);
    ASSERT(!strcmp(sk[0].file, "org/a.json"));
    ASSERT_EQ_INT(sk[0].line, 2);
    ASSERT_EQ_INT(sk[0].column, 17);
    ASSERT(!strcmp(sk[0].message, "account_id: must be a string (and 1 more problem)"));
    ASSERT(!strcmp(sk[1].file, "org/b.json"));
    ASSERT_EQ_INT(sk[1].line, 0);
    ASSERT(!strcmp(sk[1].message, "account 1 is already loaded from org/x.json"));
    /* The longest name wins: a colon in a folder's name is no position. */
    ASSERT(!strcmp(sk[2].file, "dir:with:colons/c.json"));
    ASSERT_EQ_INT(sk[2].line, 3);
    ASSERT_EQ_INT(sk[2].column, 4);
    /* Not an input it knows: the whole message, no file. */
    ASSERT(sk[3].file == NULL);
    ASSERT_CONTAINS(sk[3].message, "nothere.json: cannot open");
    ts_skipped_free(sk, n);
    ts_strlist_release(&files);
    ts_problems_release(&p);
}

int main(void)
{
    RUN(one_per_file_at_its_first_problem);
    return TEST_EXIT();
}
