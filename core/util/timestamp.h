/* Timestamps as the snapshot format allows them: epoch seconds (numbers)
 * or ISO 8601 / RFC 3339 strings as the AWS CLI prints them. */
#ifndef TS_TIMESTAMP_H
#define TS_TIMESTAMP_H

/* Parses "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)" ('t', 'z' and a
 * space separator also accepted) into epoch seconds.  Returns 0 or -1. */
int ts_timestamp_parse(const char *s, double *epoch);

#include <stdint.h>

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard
 * Hinnant's days_from_civil / civil_from_days): no time zone, no locale. */
int64_t ts_days_from_civil(int64_t y, unsigned m, unsigned d);
void ts_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* Days as waivers and --today name them: whole UTC days since 1970-01-01. */

/* "YYYY-MM-DD", exactly, a real date from 1970 on -> day.  0 or -1. */
int ts_day_parse(const char *s, long *day);

/* Today in UTC. */
long ts_day_today(void);

/* "YYYY-MM-DD" of a day; out has room for 11 bytes. */
void ts_day_format(long day, char out[11]);

#endif
