/* AWS Signature Version 4 signing (see sigv4.h): canonical request, string
 * to sign, signing key and the headers a request needs, following the
 * rules the aws4_testsuite checks and botocore's SigV4Auth/S3SigV4Auth. */
#include "aws/sigv4.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "util/digest.h"
#include "util/uri.h"

/* Bounds that keep every size computation far from overflow and make the
 * functions safe to fuzz: no real AWS request comes near them. */
#define SIGV4_MAX_HEADERS 256
#define SIGV4_MAX_TEXT ((size_t)1 << 20) /* method + path + query + headers */
#define SIGV4_MAX_SECRET 4096

/* A growable string; the inputs are capped at SIGV4_MAX_TEXT, and encoding
 * at most triples them, so lengths stay small. */
struct sbuf {
    char *p;
    size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->p = ts_xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_chr(struct sbuf *b, char c)
{
    sb_add(b, &c, 1);
}

/* The finished string (never NULL); the buffer is left empty. */
static char *sb_take(struct sbuf *b)
{
    char *p = b->p ? b->p : ts_xstrdup("");
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* RFC 3986 encoding of n bytes, keeping unreserved characters (and '/'
 * when keep_slash).  decode: undo valid %XX escapes first, so an escape
 * already on the wire is not encoded twice. */
static void uri_encode(struct sbuf *b, const char *s, size_t n, int keep_slash, int decode)
{
    char *plain = ts_xmalloc(n + 1), *out;
    size_t len = 0, out_len = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (decode && c == '%' && i + 2 < n
            && hex_value((unsigned char)s[i + 1]) >= 0 && hex_value((unsigned char)s[i + 2]) >= 0) {
            c = (unsigned char)(hex_value((unsigned char)s[i + 1]) * 16
                                + hex_value((unsigned char)s[i + 2]));
            i += 2;
        }
        plain[len++] = (char)c;
    }
    /* Inputs are capped at SIGV4_MAX_TEXT, so 3 * len + 1 cannot overflow. */
    out = ts_xmalloc(3 * len + 1);
    ts_uri_encode(out, 3 * len + 1, plain, len, keep_slash ? "/" : "", &out_len);
    sb_add(b, out, out_len);
    free(out);
    free(plain);
}

/* RFC 3986 5.2.4 dot-segment removal plus collapsing of empty segments,
 * as botocore's normalize_url_path does: "//a/./b/../c/" -> "/a/c/". */
static void normalize_path(struct sbuf *out, const char *path)
{
    size_t n = strlen(path), nseg = 0;
    size_t *start = ts_xmalloc((n / 2 + 1) * sizeof(*start));
    size_t *len = ts_xmalloc((n / 2 + 1) * sizeof(*len));

    for (size_t i = 0; i <= n;) {
        size_t j = i;
        while (j < n && path[j] != '/')
            j++;
        size_t sl = j - i;
        if (sl == 2 && path[i] == '.' && path[i + 1] == '.') {
            if (nseg)
                nseg--;
        } else if (sl && !(sl == 1 && path[i] == '.')) {
            start[nseg] = i;
            len[nseg++] = sl;
        }
        i = j + 1;
    }
    if (n && path[0] == '/')
        sb_chr(out, '/');
    for (size_t k = 0; k < nseg; k++) {
        if (k)
            sb_chr(out, '/');
        sb_add(out, path + start[k], len[k]);
    }
    if (nseg && n && path[n - 1] == '/')
        sb_chr(out, '/');
    if (!out->len)
        sb_chr(out, '/');
    free(start);
    free(len);
}

static void canonical_uri(struct sbuf *b, const char *path, int is_s3)
{
    struct sbuf norm = {0};

    if (!path || !*path) {
        sb_chr(b, '/');
        return;
    }
    if (is_s3) { /* S3 keys are signed exactly as sent: "a//b" is a key */
        sb_str(b, path);
        return;
    }
    normalize_path(&norm, path);
    uri_encode(b, norm.p, norm.len, 1, 0);
    free(norm.p);
}

struct qparam {
    char *key, *value;
};

static int qparam_cmp(const void *a, const void *b)
{
    const struct qparam *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->value, y->value);
}

static void canonical_query(struct sbuf *b, const char *query)
{
    size_t n = query ? strlen(query) : 0, count = 0;
    struct qparam *params;

    if (!n)
        return;
    params = ts_xmalloc((n / 2 + 1) * sizeof(*params));
    for (size_t i = 0; i < n;) {
        size_t j = i, eq;
        struct sbuf k = {0}, v = {0};
        while (j < n && query[j] != '&')
            j++;
        if (j > i) { /* "a=1&&b=2": an empty piece is no parameter */
            for (eq = i; eq < j && query[eq] != '='; eq++)
                ;
            uri_encode(&k, query + i, eq - i, 0, 1);
            if (eq < j)
                uri_encode(&v, query + eq + 1, j - eq - 1, 0, 1);
            params[count].key = sb_take(&k);
            params[count++].value = sb_take(&v);
        }
        i = j + 1;
    }
    qsort(params, count, sizeof(*params), qparam_cmp);
    for (size_t i = 0; i < count; i++) {
        if (i)
            sb_chr(b, '&');
        sb_str(b, params[i].key);
        sb_chr(b, '=');
        sb_str(b, params[i].value);
        free(params[i].key);
        free(params[i].value);
    }
    free(params);
}

static int is_tchar(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
           || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

struct canon_header {
    char *name; /* lowercased */
    const char *value;
    size_t order;
};

static int canon_header_cmp(const void *a, const void *b)
{
    const struct canon_header *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Trimmed, every run of white space (folded lines included) one space. */
static void canonical_value(struct sbuf *b, const char *v)
{
    int pending = 0, any = 0;

    for (; *v; v++) {
        if (is_space(*v)) {
            pending = any;
            continue;
        }
        if (pending)
            sb_chr(b, ' ');
        sb_chr(b, *v);
        pending = 0;
        any = 1;
    }
}

static char *lower_name(const char *name)
{
    char *l = ts_xstrdup(name);
    for (char *p = l; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return l;
}

/* Checks a header name; the message quotes at most 64 bytes of it. */
static int check_name(const char *name, struct ts_error *err)
{
    if (!name || !*name)
        return ts_error_set(err, "signing: a header has an empty name");
    for (const char *p = name; *p; p++)
        if (!is_tchar((unsigned char)*p))
            return ts_error_set(err, "signing: header name '%.64s' is not a valid HTTP token",
                                name);
    return 0;
}

/* Appends the canonical header lines (sorted, duplicates joined with ','
 * in their order) to b and the signed-headers list to sig. */
static int canonical_headers(struct sbuf *b, struct sbuf *sig, const struct sigv4_request *req,
                             struct ts_error *err)
{
    size_t n = 0, total = req->header_count + 1;
    struct canon_header *h = ts_xmalloc(total * sizeof(*h));
    int rc = -1;

    if (req->host) {
        h[n].name = ts_xstrdup("host");
        h[n].value = req->host;
        h[n].order = n;
        n++;
    }
    for (size_t i = 0; i < req->header_count; i++) {
        const struct sigv4_header *in = &req->headers[i];
        if (check_name(in->name, err))
            goto out;
        if (req->host && !strcasecmp(in->name, "host")) {
            ts_error_set(err, "signing: Host given both as the host and among the headers");
            goto out;
        }
        h[n].name = lower_name(in->name);
        h[n].value = in->value ? in->value : "";
        h[n].order = n;
        n++;
    }
    qsort(h, n, sizeof(*h), canon_header_cmp);
    for (size_t i = 0; i < n; i++) {
        int same = i && !strcmp(h[i].name, h[i - 1].name);
        if (same) {
            sb_chr(b, ',');
        } else {
            if (i) {
                sb_chr(b, '\n');
                sb_chr(sig, ';');
            }
            sb_str(b, h[i].name);
            sb_chr(b, ':');
            sb_str(sig, h[i].name);
        }
        canonical_value(b, h[i].value);
    }
    if (n)
        sb_chr(b, '\n');
    rc = 0;
out:
    for (size_t i = 0; i < n; i++)
        free(h[i].name);
    free(h);
    return rc;
}

static size_t text_size(const struct sigv4_request *req)
{
    size_t total = 0;
    const char *parts[] = {req->method, req->host, req->path, req->query};

    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        total += parts[i] ? strlen(parts[i]) : 0;
    for (size_t i = 0; i < req->header_count && total <= SIGV4_MAX_TEXT; i++) {
        const struct sigv4_header *h = &req->headers[i];
        total += (h->name ? strlen(h->name) : 0) + (h->value ? strlen(h->value) : 0);
    }
    return total;
}

int sigv4_canonical_request(const struct sigv4_request *req, const char *service,
                            char **out, struct ts_error *err)
{
    struct sbuf b = {0}, sig = {0};
    char hash[65];

    *out = NULL;
    if (!req || !req->method || !*req->method || !service)
        return ts_error_set(err, "signing: no method or service");
    if (req->header_count > SIGV4_MAX_HEADERS || (req->header_count && !req->headers))
        return ts_error_set(err, "signing: too many headers (%zu; at most %d)",
                            req->header_count, SIGV4_MAX_HEADERS);
    if (text_size(req) > SIGV4_MAX_TEXT)
        return ts_error_set(err, "signing: request line and headers too large to sign");
    sb_str(&b, req->method);
    sb_chr(&b, '\n');
    canonical_uri(&b, req->path, !strcmp(service, "s3"));
    sb_chr(&b, '\n');
    canonical_query(&b, req->query);
    sb_chr(&b, '\n');
    if (canonical_headers(&b, &sig, req, err)) {
        free(b.p);
        free(sig.p);
        return -1;
    }
    sb_chr(&b, '\n');
    sb_add(&b, sig.p ? sig.p : "", sig.len);
    sb_chr(&b, '\n');
    ts_sha256_hex(req->body ? req->body : "", req->body ? req->body_len : 0, hash);
    sb_str(&b, hash);
    free(sig.p);
    *out = sb_take(&b);
    return 0;
}

char *sigv4_signed_headers_of(const char *creq)
{
    const char *last = creq ? strrchr(creq, '\n') : NULL, *start;

    if (!last || last == creq)
        return NULL;
    for (start = last - 1; start > creq && start[-1] != '\n'; start--)
        ;
    char *s = ts_xmalloc((size_t)(last - start) + 1);
    memcpy(s, start, (size_t)(last - start));
    s[last - start] = '\0';
    return s;
}

int sigv4_amz_date(time_t now, char out[17])
{
    struct tm tm;

    if (!gmtime_r(&now, &tm) || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900
        || strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) != 16) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}

/* A scope part (region, service) goes between '/' in the credential
 * scope: non-empty, no '/', no space or control characters. */
static int check_scope_part(const char *what, const char *s, struct ts_error *err)
{
    if (!s || !*s)
        return ts_error_set(err, "signing: no %s", what);
    if (strlen(s) > 128)
        return ts_error_set(err, "signing: %s too long", what);
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '/' || (unsigned char)*p >= 0x7f)
            return ts_error_set(err, "signing: %s '%s' has a character not allowed in a "
                                "credential scope", what, s);
    return 0;
}

static int check_amz_date(const char *d, struct ts_error *err)
{
    if (!d || strlen(d) != 16 || d[8] != 'T' || d[15] != 'Z')
        return ts_error_set(err, "signing: date must look like 20150830T123600Z");
    return 0;
}

int sigv4_string_to_sign(const char *creq, const char *amz_date, const char *region,
                         const char *service, char **out, struct ts_error *err)
{
    struct sbuf b = {0};
    char hash[65];

    *out = NULL;
    if (!creq || check_amz_date(amz_date, err) || check_scope_part("region", region, err)
        || check_scope_part("service", service, err))
        return creq ? -1 : ts_error_set(err, "signing: no canonical request");
    ts_sha256_hex(creq, strlen(creq), hash);
    sb_str(&b, "AWS4-HMAC-SHA256\n");
    sb_str(&b, amz_date);
    sb_chr(&b, '\n');
    sb_add(&b, amz_date, 8);
    sb_chr(&b, '/');
    sb_str(&b, region);
    sb_chr(&b, '/');
    sb_str(&b, service);
    sb_str(&b, "/aws4_request\n");
    sb_str(&b, hash);
    *out = sb_take(&b);
    return 0;
}

static int hmac(const void *key, size_t klen, const char *msg, unsigned char out[32])
{
    unsigned int n = 0;

    if (!HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)msg, strlen(msg), out, &n)
        || n != 32)
        return -1;
    return 0;
}

/* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
 * "aws4_request"); every intermediate key is wiped. */
static int signing_key(const char *secret, const char *date8, const char *region,
                       const char *service, unsigned char key[32])
{
    size_t n = strlen(secret);
    unsigned char *k0 = ts_xmalloc(n + 4), k1[32], k2[32];
    int rc;

    memcpy(k0, "AWS4", 4);
    memcpy(k0 + 4, secret, n);
    rc = hmac(k0, n + 4, date8, k1) || hmac(k1, 32, region, k2) || hmac(k2, 32, service, k1)
                 || hmac(k1, 32, "aws4_request", key)
             ? -1
             : 0;
    OPENSSL_cleanse(k0, n + 4);
    OPENSSL_cleanse(k1, sizeof(k1));
    OPENSSL_cleanse(k2, sizeof(k2));
    free(k0);
    return rc;
}

/* The access key id goes into the Credential= field: printable ASCII, no
 * '/', ',' or space, which would change how AWS splits the header. */
static int check_credentials(const struct aws_credentials *cred, struct ts_error *err)
{
    if (!cred || !cred->access_key_id || !*cred->access_key_id)
        return ts_error_set(err, "signing: no access key id");
    if (!cred->secret_access_key || !*cred->secret_access_key)
        return ts_error_set(err, "signing: no secret access key");
    if (strlen(cred->secret_access_key) > SIGV4_MAX_SECRET || strlen(cred->access_key_id) > 256)
        return ts_error_set(err, "signing: access key id or secret access key too long");
    for (const char *p = cred->access_key_id; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || *p == '/' || *p == ',')
            return ts_error_set(err, "signing: the access key id has a character an access "
                                "key id cannot have");
    if (cred->session_token)
        for (const char *p = cred->session_token; *p; p++)
            if ((unsigned char)*p < ' ' || (unsigned char)*p == 0x7f)
                return ts_error_set(err, "signing: the session token has a control character");
    return 0;
}

int sigv4_authorization(const struct aws_credentials *cred, const char *amz_date,
                        const char *region, const char *service, const char *signed_headers,
                        const char *sts, char **out, struct ts_error *err)
{
    unsigned char key[32], sig[32];
    char date8[9], hex[65];
    struct sbuf b = {0};

    *out = NULL;
    if (check_credentials(cred, err) || check_amz_date(amz_date, err)
        || check_scope_part("region", region, err) || check_scope_part("service", service, err))
        return -1;
    if (!signed_headers || !sts)
        return ts_error_set(err, "signing: no signed headers or string to sign");
    memcpy(date8, amz_date, 8);
    date8[8] = '\0';
    if (signing_key(cred->secret_access_key, date8, region, service, key)
        || hmac(key, sizeof(key), sts, sig)) {
        OPENSSL_cleanse(key, sizeof(key));
        return ts_error_set(err, "signing: HMAC-SHA256 failed (OpenSSL)");
    }
    OPENSSL_cleanse(key, sizeof(key));
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", sig[i]);
    sb_str(&b, "AWS4-HMAC-SHA256 Credential=");
    sb_str(&b, cred->access_key_id);
    sb_chr(&b, '/');
    sb_add(&b, date8, 8);
    sb_chr(&b, '/');
    sb_str(&b, region);
    sb_chr(&b, '/');
    sb_str(&b, service);
    sb_str(&b, "/aws4_request, SignedHeaders=");
    sb_str(&b, signed_headers);
    sb_str(&b, ", Signature=");
    sb_str(&b, hex);
    *out = sb_take(&b);
    return 0;
}

static char *header_line(const char *name, const char *value)
{
    struct sbuf b = {0};
    sb_str(&b, name);
    sb_str(&b, ": ");
    sb_str(&b, value);
    return sb_take(&b);
}

/* Headers sigv4_sign sets itself; the caller's copies are replaced. */
static int is_replaced(const char *name, int is_s3)
{
    return !strcasecmp(name, "x-amz-date") || !strcasecmp(name, "x-amz-security-token")
           || !strcasecmp(name, "authorization")
           || (is_s3 && !strcasecmp(name, "x-amz-content-sha256"));
}

void sigv4_signed_release(struct sigv4_signed *s)
{
    free(s->canonical_request);
    free(s->string_to_sign);
    free(s->authorization);
    sigv4_headers_free(s->headers);
    memset(s, 0, sizeof(*s));
}

/* The headers to sign: the caller's, minus those sigv4 sets, plus
 * X-Amz-Date, the session token and (S3) the payload hash.  *n gets the
 * count; the array (not the strings) is the caller's to free. */
static struct sigv4_header *signing_headers(const struct sigv4_request *req, const char *date,
                                            const char *token, const char *hash, int is_s3,
                                            size_t *n, struct ts_error *err)
{
    struct sigv4_header *h = ts_xmalloc((req->header_count + 3) * sizeof(*h));

    *n = 0;
    for (size_t i = 0; i < req->header_count; i++) {
        if (check_name(req->headers[i].name, err)) {
            free(h);
            return NULL;
        }
        if (!is_replaced(req->headers[i].name, is_s3))
            h[(*n)++] = req->headers[i];
    }
    h[(*n)++] = (struct sigv4_header){"X-Amz-Date", date};
    if (token)
        h[(*n)++] = (struct sigv4_header){"X-Amz-Security-Token", token};
    if (is_s3)
        h[(*n)++] = (struct sigv4_header){"X-Amz-Content-Sha256", hash};
    return h;
}

/* The "Name: value" lines sigv4_sign hands back, NULL-terminated. */
static char **added_headers(const char *date, const char *token, const char *hash,
                            const char *authorization)
{
    char **out = ts_xmalloc(5 * sizeof(*out));
    size_t k = 0;

    out[k++] = header_line("X-Amz-Date", date);
    if (token)
        out[k++] = header_line("X-Amz-Security-Token", token);
    if (hash)
        out[k++] = header_line("X-Amz-Content-Sha256", hash);
    out[k++] = header_line("Authorization", authorization);
    out[k] = NULL;
    return out;
}

int sigv4_sign_detailed(const struct sigv4_request *req, const struct aws_credentials *cred,
                        const char *region, const char *service, time_t now,
                        struct sigv4_signed *out, struct ts_error *err)
{
    char date[17], hash[65], *sig_list = NULL;
    const char *token;
    struct sigv4_header *h;
    struct sigv4_request r;
    size_t n;
    int is_s3, rc = -1;

    memset(out, 0, sizeof(*out));
    if (!req || check_credentials(cred, err) || check_scope_part("region", region, err)
        || check_scope_part("service", service, err))
        return req ? -1 : ts_error_set(err, "signing: no request");
    if (req->header_count > SIGV4_MAX_HEADERS || (req->header_count && !req->headers))
        return ts_error_set(err, "signing: too many headers (%zu; at most %d)",
                            req->header_count, SIGV4_MAX_HEADERS);
    if (sigv4_amz_date(now, date))
        return ts_error_set(err, "signing: the clock gives a time that cannot be signed");
    is_s3 = !strcmp(service, "s3");
    token = cred->session_token && *cred->session_token ? cred->session_token : NULL;
    ts_sha256_hex(req->body ? req->body : "", req->body ? req->body_len : 0, hash);
    if (!(h = signing_headers(req, date, token, hash, is_s3, &n, err)))
        return -1;
    r = *req;
    r.headers = h;
    r.header_count = n;
    if (sigv4_canonical_request(&r, service, &out->canonical_request, err)
        || !(sig_list = sigv4_signed_headers_of(out->canonical_request))
        || sigv4_string_to_sign(out->canonical_request, date, region, service,
                                &out->string_to_sign, err)
        || sigv4_authorization(cred, date, region, service, sig_list, out->string_to_sign,
                               &out->authorization, err))
        goto out;
    out->headers = added_headers(date, token, is_s3 ? hash : NULL, out->authorization);
    rc = 0;
out:
    if (rc)
        sigv4_signed_release(out);
    free(sig_list);
    free(h);
    return rc;
}

int sigv4_sign(const struct sigv4_request *req, const struct aws_credentials *cred,
               const char *region, const char *service, time_t now, char ***headers,
               struct ts_error *err)
{
    struct sigv4_signed s;
    size_t have = 0, add = 0;

    if (sigv4_sign_detailed(req, cred, region, service, now, &s, err))
        return -1;
    while (*headers && (*headers)[have])
        have++;
    while (s.headers[add])
        add++;
    *headers = ts_xrealloc(*headers, (have + add + 1) * sizeof(**headers));
    memcpy(*headers + have, s.headers, (add + 1) * sizeof(**headers));
    free(s.headers);
    s.headers = NULL;
    sigv4_signed_release(&s);
    return 0;
}

void sigv4_headers_free(char **headers)
{
    if (!headers)
        return;
    for (char **p = headers; *p; p++) {
        OPENSSL_cleanse(*p, strlen(*p));  /* X-Amz-Security-Token is one */
        free(*p);
    }
    free(headers);
}
