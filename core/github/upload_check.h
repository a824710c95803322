/* What GitHub accepts as a repository, commit, ref and API address, checked
 * before anything is sent: the repository goes into a URL path and the
 * token goes to the API address, so both are held to strict shapes. */
#ifndef TS_UPLOAD_CHECK_H
#define TS_UPLOAD_CHECK_H

#include <stddef.h>
#include "util/error.h"

/* OWNER/NAME: owner 1-39 of [A-Za-z0-9-], name 1-100 of [A-Za-z0-9._-],
 * not "." or "..". */
int ts_upload_check_repo(const char *repo, struct ts_error *err);

/* 40 hexadecimal digits. */
int ts_upload_check_commit(const char *sha, struct ts_error *err);

/* refs/heads/NAME, refs/tags/NAME (no spaces, control characters or ".."),
 * refs/pull/N/merge or refs/pull/N/head. */
int ts_upload_check_ref(const char *ref, struct ts_error *err);

/* http(s)://HOST[:PORT][/PATH] without credentials, query or fragment;
 * plain http only to localhost, 127.0.0.1 or [::1], since the token goes
 * there.  Copies it without trailing slashes into out (size n). */
int ts_upload_check_api_url(const char *url, char *out, size_t n, struct ts_error *err);

/* A free text field (tool name, checkout URI): 1-1024 bytes, no control
 * characters. */
int ts_upload_check_text(const char *what, const char *s, struct ts_error *err);

#endif
