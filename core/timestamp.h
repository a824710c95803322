/* Timestamps as the snapshot format allows them: epoch seconds (numbers)
 * or ISO 8601 / RFC 3339 strings as the AWS CLI prints them. */
#ifndef TS_TIMESTAMP_H
#define TS_TIMESTAMP_H

/* Parses "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)" ('t', 'z' and a
 * space separator also accepted) into epoch seconds.  Returns 0 or -1. */
int ts_timestamp_parse(const char *s, double *epoch);

#endif
