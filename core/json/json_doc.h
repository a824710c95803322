/* A JSON file with positions: the one loader of trailscan's JSON inputs
 * (snapshots through snapshot_load.c, --config, --baseline, rule
 * fixtures), so every problem names file:line:column the same way. */
#ifndef TS_JSON_DOC_H
#define TS_JSON_DOC_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "util/error.h"
#include "json/json_pos.h"

struct ts_json_doc {
    char *path;               /* as the user named it */
    char *text;               /* the file's bytes, NUL-terminated */
    size_t len, bom;
    cJSON *root;
    struct ts_json_pos pos;
};

void ts_json_doc_init(struct ts_json_doc *d);
void ts_json_doc_release(struct ts_json_doc *d);

/* How a loader words a syntax problem ("file:line:col: <what>").  Each
 * input kept the words it has always printed: reports and scripts match
 * them, so they are data here rather than two copies of the code. */
struct ts_json_doc_words {
    const char *empty;        /* a file of only whitespace; NULL: a syntax error */
    const char *end;          /* the text stops where a value is due */
    const char *end_unclosed; /* ... inside a string or container */
    int near_bytes;           /* at most this much of the text after "near" */
    const char *near_unclosed;/* added after "near '...'" when unclosed */
};

struct ts_json_doc_opts {
    const struct ts_json_doc_words *words;
    /* cJSON_ParseWithLengthOpts(json, len, end, 1) or a replacement with
     * the same contract (the snapshot arena's); NULL: cJSON's own. */
    cJSON *(*parse)(const char *json, size_t len, const char **end);
};

/* Words of configs, baselines and fixtures. */
extern const struct ts_json_doc_words ts_json_doc_words;

/* Parses the text already in d (path, text NUL-terminated, len set by the
 * caller): BOM, UTF-8/position scan, parse, positions bound to the tree.
 * A problem goes to problems as "file[:line:col]: what"; returns -1 then.
 * On return d->root (maybe NULL) was made by opts->parse. */
int ts_json_doc_parse(struct ts_json_doc *d, const struct ts_json_doc_opts *opts,
                      struct ts_problems *problems);

/* The same, trying first fast(json, len, pos): a one-pass parse of valid
 * text (BOM skipped) that fills pos and returns the tree, or returns NULL
 * (pos released) for anything it is not sure of, which then takes the
 * path above from scratch, so problems are worded as they always were. */
typedef cJSON *ts_json_doc_fast_fn(const char *json, size_t len, struct ts_json_pos *pos);
int ts_json_doc_parse_fast(struct ts_json_doc *d, const struct ts_json_doc_opts *opts,
                           ts_json_doc_fast_fn *fast, struct ts_problems *problems);

/* Reads and parses path (at most max_bytes), with cJSON and the words
 * above.  A problem goes to problems as "file[:line:col]: what"; returns
 * -1 then. */
int ts_json_doc_load(struct ts_json_doc *d, const char *path, size_t max_bytes,
                     struct ts_problems *problems);

/* Line and column of member `key` of object obj (key NULL: of obj itself),
 * falling back to obj's own position; 1:1 if obj is unknown. */
void ts_json_doc_where(const struct ts_json_doc *d, const cJSON *obj, const char *key,
                       unsigned *line, unsigned *column);

/* Adds "file:line:col: <what>" for member key of obj (see above).  After
 * TS_JSON_DOC_MAX_PROBLEMS problems it adds one line saying more were found
 * and then nothing: each costs a scan of its object's text, and a hostile
 * file could ask for millions. */
#define TS_JSON_DOC_MAX_PROBLEMS 100
void ts_json_doc_problem(const struct ts_json_doc *d, struct ts_problems *problems,
                         const cJSON *obj, const char *key, const char *fmt, ...)
    TS_PRINTF(5, 6);

/* The one line that says problems past TS_JSON_DOC_MAX_PROBLEMS in path
 * are not listed: how many, when the checker counted them (a snapshot's,
 * which go on cheaply), or 0 when it stopped looking (a config's).  The
 * two wordings are what each input has always printed. */
void ts_json_doc_more_problems(struct ts_problems *problems, const char *path, size_t more);

/* cJSON's type of v in words ("a string", "an object", ...). */
const char *ts_json_type_name(const cJSON *v);

/* The first member name that appears twice in obj (in name order when obj
 * is large), or NULL.  cJSON keeps duplicates and finds the first, so a
 * second member would be silently ignored: callers refuse them. */
const char *ts_json_duplicate_key(const cJSON *obj);

#endif
