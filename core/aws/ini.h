/* The AWS CLI's shared config and credentials files, read the way it reads
 * them (Python's RawConfigParser): "[section]" headers, "key = value" or
 * "key: value", keys case-insensitive, full-line comments with '#' or ';'
 * (no inline comments: "x = a # b" is "a # b"), indented lines continuing
 * the value above, duplicate sections or keys an error. */
#ifndef TS_AWS_INI_H
#define TS_AWS_INI_H

#include <stddef.h>
#include "util/error.h"

struct aws_ini_key {
    char *name; /* lowercased */
    char *value;
};

struct aws_ini_section {
    char *name; /* as written between the brackets */
    struct aws_ini_key *keys;
    size_t count, alloc;
};

struct aws_ini {
    struct aws_ini_section *sections;
    size_t count, alloc;
    int present; /* 0: no such file (not an error) */
};

void aws_ini_init(struct aws_ini *ini);

/* Reads path into ini.  A path that does not exist or is not a regular file
 * leaves ini empty and returns 0, as the CLI treats it.  Returns -1 with err
 * naming path:line for a file it cannot read or parse; err never quotes a
 * value (values may be secrets). */
int aws_ini_load(struct aws_ini *ini, const char *path, struct ts_error *err);

/* Parses text (len bytes) read from path; the same rules. */
int aws_ini_parse(struct aws_ini *ini, const char *path, const char *text, size_t len,
                  struct ts_error *err);

/* The section named exactly name, or NULL. */
const struct aws_ini_section *aws_ini_section(const struct aws_ini *ini, const char *name);

/* The last section "[TYPE NAME]" (NAME may be quoted; exactly two words, as
 * botocore's shlex split of the name requires): config files name
 * "[profile NAME]", "[sso-session NAME]" and "[services NAME]" so.  NULL
 * when there is none; ini may be NULL. */
const struct aws_ini_section *aws_ini_typed_section(const struct aws_ini *ini, const char *type,
                                                   const char *name);

/* The value of key (lowercase) in s, or NULL; s may be NULL. */
const char *aws_ini_get(const struct aws_ini_section *s, const char *key);

/* Frees everything, wiping the values first. */
void aws_ini_release(struct aws_ini *ini);

#endif
