/* The one output layer of every command: a run's output files are written
 * whole into temporary files beside them and renamed into place together,
 * only once every one is complete.  Nothing an output names is destroyed:
 *   - devices, FIFOs and standard output ("-", /dev/stdout, /dev/fd/N) are
 *     written in place, never replaced by a file;
 *   - a symbolic link is written through to its target;
 *   - an existing file keeps its mode (and owner, where permitted);
 *   - an output that is the same file as an input or as another output is
 *     refused (compared by device and inode; a file not made yet by its
 *     folder's device and inode plus its name);
 *   - SIGINT, SIGTERM and SIGHUP while temporary files exist remove them
 *     and leave the previous outputs as they were. */
#ifndef TS_OUTPUT_H
#define TS_OUTPUT_H

#include <stddef.h>
#include <stdio.h>
#include "util/error.h"

struct ts_output;

/* A run's outputs.  All of the fields are private. */
struct ts_outputs {
    struct ts_output *items;
    size_t count;
};

void ts_outputs_init(struct ts_outputs *s);

/* Adds path ("-" is standard output); returns its index, or -1 with err
 * (a directory, a folder that does not exist, the same file as an earlier
 * output).  Nothing is opened yet. */
int ts_outputs_add(struct ts_outputs *s, const char *path, struct ts_error *err);

/* -1 with err if input (a file the run reads; what says which, e.g.
 * "snapshot") is the same file as one of the outputs. */
int ts_outputs_check_input(const struct ts_outputs *s, const char *input, const char *what,
                           struct ts_error *err);

/* 1 if output i is written in place (standard output, a device, a FIFO). */
int ts_outputs_in_place(const struct ts_outputs *s, size_t i);

/* Opens output i for writing: a temporary file beside it, or the device,
 * FIFO or standard output itself.  The stream belongs to s. */
FILE *ts_outputs_open(struct ts_outputs *s, size_t i, struct ts_error *err);

/* Ends the writing of output i: flushed and synced, its temporary file kept
 * until ts_outputs_commit.  ok = 0 says the writer failed: the temporary
 * file goes at once.  -1 with err if the data could not be written. */
int ts_outputs_close(struct ts_outputs *s, size_t i, int ok, struct ts_error *err);

/* Renames every complete temporary file into place, with the signals above
 * held off so that a run's outputs change together. */
int ts_outputs_commit(struct ts_outputs *s, struct ts_error *err);

/* Removes what was not committed and frees s. */
void ts_outputs_release(struct ts_outputs *s);

#endif
