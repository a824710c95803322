/* util/timestamp.c: the days waivers and --today are judged by. */
#include "util/timestamp.h"

#include <time.h>
#include "test.h"

static void day_parse(void)
{
    long d, e;

    ASSERT(ts_day_parse("1970-01-01", &d) == 0 && d == 0);
    ASSERT(ts_day_parse("2027-03-31", &d) == 0 && d == 20908);
    ASSERT(ts_day_parse("2027-04-01", &e) == 0 && e == d + 1);
    ASSERT(ts_day_parse("2028-02-29", &d) == 0); /* leap year */
    ASSERT(ts_day_parse("2000-02-29", &d) == 0); /* divisible by 400 */
    ASSERT(ts_day_parse("9999-12-31", &d) == 0);
    ASSERT(ts_day_parse("2100-02-29", &d) < 0);  /* by 100, not 400 */
    ASSERT(ts_day_parse("2027-02-29", &d) < 0);
    ASSERT(ts_day_parse("2027-04-31", &d) < 0);
    ASSERT(ts_day_parse("2027-00-10", &d) < 0);
    ASSERT(ts_day_parse("2027-13-10", &d) < 0);
    ASSERT(ts_day_parse("2027-01-00", &d) < 0);
    ASSERT(ts_day_parse("1969-12-31", &d) < 0);
    ASSERT(ts_day_parse("2027-3-31", &d) < 0);
    ASSERT(ts_day_parse("2027-03-3a", &d) < 0);
    ASSERT(ts_day_parse("+027-03-31", &d) < 0);
    ASSERT(ts_day_parse("2027/03/31", &d) < 0);
    ASSERT(ts_day_parse("2027-03-31T00:00:00Z", &d) < 0);
    ASSERT(ts_day_parse("2027-03-31 ", &d) < 0);
    ASSERT(ts_day_parse("", &d) < 0);
}

/* Every day from 1970 to 2100 prints as the text it parses from. */
static void day_format_round_trips(void)
{
    char out[11];
    long back;

    for (long d = 0; d < 47482; d++) {
        ts_day_format(d, out);
        if (ts_day_parse(out, &back) != 0 || back != d) {
            ASSERT(!"round trip");
            fprintf(stderr, "day %ld -> %s -> %ld\n", d, out, back);
            break;
        }
    }
    ts_day_format(20908, out);
    ASSERT(!strcmp(out, "2027-03-31"));
}

static void today_is_utc_now(void)
{
    long before = (long)(time(NULL) / 86400), today = ts_day_today();
    long after = (long)(time(NULL) / 86400);

    ASSERT(today >= before && today <= after);
}

int main(void)
{
    RUN(day_parse);
    RUN(day_format_round_trips);
    RUN(today_is_utc_now);
    return TEST_EXIT();
}
