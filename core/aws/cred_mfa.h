/* The MFA code an assume-role profile's mfa_serial asks for, read from the
 * terminal as the AWS CLI does ("Enter MFA code for <serial>: ", not
 * echoed).  Without a terminal there is no one to ask: an error says how
 * to run instead. */
#ifndef TS_AWS_CRED_MFA_H
#define TS_AWS_CRED_MFA_H

#include <stddef.h>
#include "util/error.h"

/* The code typed for serial into code (size n), when stdin and stderr are
 * terminals (the prompt and the answer go through /dev/tty).  profile
 * names the profile for messages.  Returns 0, or -1 with err. */
int aws_cred_mfa_code(const char *profile, const char *serial, char *code, size_t n,
                      struct ts_error *err);

#endif
