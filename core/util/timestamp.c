#include "util/timestamp.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static int digits(const char **p, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)**p))
            return -1;
        v = v * 10 + (*(*p)++ - '0');
    }
    *out = v;
    return 0;
}

static int expect(const char **p, char c)
{
    if (**p != c)
        return -1;
    (*p)++;
    return 0;
}

int64_t ts_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void ts_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

int ts_day_parse(const char *s, long *day)
{
    const char *p = s;
    int y, m, d;

    if (digits(&p, 4, &y) < 0 || expect(&p, '-') < 0 || digits(&p, 2, &m) < 0 ||
        expect(&p, '-') < 0 || digits(&p, 2, &d) < 0 || *p != '\0')
        return -1;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *day = (long)ts_days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

long ts_day_today(void)
{
    return (long)(time(NULL) / 86400);
}

void ts_day_format(long day, char out[11])
{
    int64_t y;
    unsigned m, d, yy;

    ts_civil_from_days(day, &y, &m, &d);
    yy = y < 0 ? 0 : (unsigned)y % 10000;
    snprintf(out, 11, "%04u-%02u-%02u", yy, m % 13, d % 32);
}

int ts_timestamp_parse(const char *s, double *epoch)
{
    const char *p = s;
    int Y, M, D, h, mi, sec, oh = 0, om = 0, sign = 0;
    double frac = 0, scale = 0.1;

    if (!s || digits(&p, 4, &Y) || expect(&p, '-') || digits(&p, 2, &M)
        || expect(&p, '-') || digits(&p, 2, &D))
        return -1;
    if (*p != 'T' && *p != 't' && *p != ' ')
        return -1;
    p++;
    if (digits(&p, 2, &h) || expect(&p, ':') || digits(&p, 2, &mi)
        || expect(&p, ':') || digits(&p, 2, &sec))
        return -1;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return -1;
        while (isdigit((unsigned char)*p)) {
            frac += (*p++ - '0') * scale;
            scale /= 10;
        }
    }
    if (*p == 'Z' || *p == 'z')
        p++;
    else if (*p == '+' || *p == '-') {
        sign = *p++ == '-' ? -1 : 1;
        if (digits(&p, 2, &oh) || expect(&p, ':') || digits(&p, 2, &om))
            return -1;
    } else
        return -1;
    if (*p != '\0')
        return -1;
    if (M < 1 || M > 12 || D < 1 || D > days_in_month(Y, M) || h > 23 || mi > 59
        || sec > 60 || oh > 23 || om > 59)
        return -1;
    *epoch = (double)(ts_days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400
                      + h * 3600 + mi * 60 + sec)
             + frac - sign * (oh * 3600 + om * 60);
    return 0;
}
