/* A raw HTTP/1.1 request (the aws4_testsuite's .req format) read into a
 * sigv4_request: for the signature test suite, the signing test tool and
 * fuzzing the signer with arbitrary bytes. */
#ifndef TS_SIGV4_RAW_H
#define TS_SIGV4_RAW_H

#include <stddef.h>
#include "aws/sigv4.h"
#include "util/error.h"

/* The parsed request; req points into the other members. */
struct sigv4_raw {
    struct sigv4_request req;
    struct sigv4_header *headers; /* every header but Host */
    char *storage;                /* a copy of the input the strings live in */
};

void sigv4_raw_init(struct sigv4_raw *r);

/* Parses "METHOD TARGET VERSION", header lines (continuation lines that
 * start with a space or tab belong to the header above), an empty line and
 * the body.  Lines end in "\n" or "\r\n".  TARGET may contain spaces (the
 * suite's "GET /example space/ HTTP/1.1"); its query starts at the first
 * '?'.  The Host header becomes req.host.  Returns 0, or -1 with err filled
 * for input that is no such request (NUL bytes, no request line, a line
 * without ':', two Host headers, more than 256 headers).  Safe on any
 * bytes.  Release r with sigv4_raw_release() either way. */
int sigv4_raw_parse(const char *raw, size_t len, struct sigv4_raw *r, struct ts_error *err);

void sigv4_raw_release(struct sigv4_raw *r);

#endif
