#include "util/gzip_count.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <zlib.h>

/* Two buffers: the writer fills one while the worker compresses the
 * other, so memory stays at two chunks whatever the stream's size. */
#define CHUNK ((size_t)1 << 20)

struct ts_gzip_count {
    z_stream z;
    int z_ok;               /* z is set up and has not failed */
    size_t size;            /* compressed bytes so far */
    int threaded;           /* else compressed in line, in put */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *fill;             /* the writer's buffer */
    size_t nfill;
    char *work;             /* handed to the worker; NULL when it is idle */
    size_t nwork;
    char *spare;            /* the worker's last buffer, back to the writer */
    int ending;             /* no more buffers will come */
    FILE *file;             /* read back at the end (start_file), or NULL */
    int fd;
    off_t at;               /* where the stream starts in it */
    size_t raw;             /* its bytes so far */
};

static void compress_bytes(struct ts_gzip_count *g, const char *p, size_t n, int flush)
{
    unsigned char out[16384];

    if (!g->z_ok)
        return;
    do {
        uInt take = n > UINT_MAX ? UINT_MAX : (uInt)n;

        g->z.next_in = (Bytef *)(uintptr_t)p;
        g->z.avail_in = take;
        p += take;
        n -= take;
        do {
            g->z.next_out = out;
            g->z.avail_out = sizeof(out);
            if (deflate(&g->z, n ? Z_NO_FLUSH : flush) == Z_STREAM_ERROR) {
                g->z_ok = 0;
                return;
            }
            g->size += sizeof(out) - g->z.avail_out;
        } while (g->z.avail_out == 0);
    } while (n);
}

static void *worker(void *arg)
{
    struct ts_gzip_count *g = arg;

    pthread_mutex_lock(&g->mu);
    for (;;) {
        char *p;
        size_t n;

        while (!g->work && !g->ending)
            pthread_cond_wait(&g->cv, &g->mu);
        if (!g->work)
            break;
        p = g->work;
        n = g->nwork;
        pthread_mutex_unlock(&g->mu);
        compress_bytes(g, p, n, Z_NO_FLUSH);
        pthread_mutex_lock(&g->mu);
        g->spare = p;
        g->work = NULL;
        pthread_cond_broadcast(&g->cv);
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

/* Gives the full buffer to the worker once it has finished the last. */
static void hand_over(struct ts_gzip_count *g)
{
    pthread_mutex_lock(&g->mu);
    while (g->work)
        pthread_cond_wait(&g->cv, &g->mu);
    g->work = g->fill;
    g->nwork = g->nfill;
    g->fill = g->spare;
    g->spare = NULL;
    g->nfill = 0;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

struct ts_gzip_count *ts_gzip_count_start(void)
{
    struct ts_gzip_count *g = calloc(1, sizeof(*g));

    if (!g)
        return NULL;
    g->z_ok = deflateInit(&g->z, 6) == Z_OK;
    g->fill = malloc(CHUNK);
    g->spare = malloc(CHUNK);
    if (g->fill && g->spare && pthread_mutex_init(&g->mu, NULL) == 0) {
        if (pthread_cond_init(&g->cv, NULL) == 0) {
            g->threaded = pthread_create(&g->thread, NULL, worker, g) == 0;
            if (!g->threaded)
                pthread_cond_destroy(&g->cv);
        }
        if (!g->threaded)
            pthread_mutex_destroy(&g->mu);
    }
    return g;
}

/* Whether out is a regular file opened for reading too, and where. */
static int readable_file(FILE *out, off_t *at)
{
    struct stat st;
    int fd = fileno(out), fl;

    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    fl = fcntl(fd, F_GETFL);
    if (fl < 0 || (fl & O_ACCMODE) != O_RDWR || fflush(out) != 0)
        return -1;
    *at = ftello(out);
    return *at < 0 ? -1 : fd;
}

struct ts_gzip_count *ts_gzip_count_start_file(FILE *out)
{
    struct ts_gzip_count *g;
    off_t at;
    int fd = readable_file(out, &at);

    if (fd < 0)
        return ts_gzip_count_start();
    if (!(g = calloc(1, sizeof(*g))))
        return NULL;
    g->file = out;
    g->fd = fd;
    g->at = at;
    return g;
}

/* What deflate may hold back at any point (its window and pending
 * block), far above zlib's own (about 100 KiB at memLevel 8). */
#define HELD_BACK ((size_t)1 << 20)
/* A zlib stream's header and Adler-32 trailer, around raw deflate's data. */
#define ZLIB_WRAPPER 6

/* The compressed size (zlib's) of the file's stream at `level`, or, as
 * soon as what is left cannot take it past TS_GZIP_LIMIT, a bound at most
 * that; 0 on failure.  Raw deflate: the same data as zlib's, without the
 * Adler-32 sum nobody reads. */
static size_t compress_file(struct ts_gzip_count *g, int level)
{
    char *buf = malloc(CHUNK);
    size_t done = 0, bound = 0;

    g->size = ZLIB_WRAPPER;
    g->z_ok = buf && deflateInit2(&g->z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    while (g->z_ok && done < g->raw) {
        size_t want = g->raw - done < CHUNK ? g->raw - done : CHUNK;
        ssize_t got;

        bound = g->size + HELD_BACK + compressBound((uLong)(g->raw - done));
        if (bound <= TS_GZIP_LIMIT)
            break; /* decided: the rest cannot pass the limit */
        bound = 0;
        got = pread(g->fd, buf, want, g->at + (off_t)done);
        if (got <= 0) {
            g->z_ok = 0;
            break;
        }
        compress_bytes(g, buf, (size_t)got, Z_NO_FLUSH);
        done += (size_t)got;
    }
    if (!bound)
        compress_bytes(g, "", 0, Z_FINISH);
    if (buf)
        deflateEnd(&g->z);
    free(buf);
    return !g->z_ok ? 0 : bound ? bound : g->size;
}

/* start_file's end: as little compression as decides against the limit. */
static size_t finish_file(struct ts_gzip_count *g)
{
    size_t size;

    /* zlib's own worst case: stored blocks and the wrapper. */
    if (compressBound((uLong)g->raw) <= TS_GZIP_LIMIT)
        return compressBound((uLong)g->raw);
    if (fflush(g->file) != 0)
        return 0;
    size = compress_file(g, Z_BEST_SPEED);
    if (size > TS_GZIP_LIMIT)
        size = compress_file(g, 6); /* more than level 6's: it decides */
    return size;
}

void ts_gzip_count_put(struct ts_gzip_count *g, const char *p, size_t n)
{
    if (g->file) {
        g->raw += n;
        return;
    }
    if (!g->threaded) {
        compress_bytes(g, p, n, Z_NO_FLUSH);
        return;
    }
    while (n) {
        size_t take = CHUNK - g->nfill < n ? CHUNK - g->nfill : n;

        memcpy(g->fill + g->nfill, p, take);
        g->nfill += take;
        p += take;
        n -= take;
        if (g->nfill == CHUNK)
            hand_over(g);
    }
}

size_t ts_gzip_count_finish(struct ts_gzip_count *g)
{
    size_t size;

    if (g->file) {
        size = finish_file(g);
        free(g);
        return size;
    }
    if (g->threaded) {
        if (g->nfill)
            hand_over(g);
        pthread_mutex_lock(&g->mu);
        g->ending = 1;
        pthread_cond_broadcast(&g->cv);
        pthread_mutex_unlock(&g->mu);
        pthread_join(g->thread, NULL);
        pthread_cond_destroy(&g->cv);
        pthread_mutex_destroy(&g->mu);
    }
    compress_bytes(g, "", 0, Z_FINISH);
    size = g->z_ok ? g->size : 0;
    deflateEnd(&g->z);
    free(g->fill);
    free(g->spare);
    free(g);
    return size;
}
