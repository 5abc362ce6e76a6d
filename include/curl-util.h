/* curl-util.h: the one door to libcurl (HTTP GET to the Docker engine).
 *
 * The Docker Engine API listens on a unix socket or on TCP (plain, or TLS with client
 * certificates); libcurl speaks HTTP/1.1 to it so that we do not write an HTTP parser, nor a TLS
 * client, of our own. Only what the engine client needs is exposed: a connection handle that
 * keeps its connections alive between requests, one bounded GET on it, and a batch of GETs
 * spread over a few parallel connections, with libcurl's errors mapped to -errno. No libcurl
 * type leaks out of this header. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

#define CURL_UNIX_BODY_MAX (16u << 20) /* 16 MiB: an answer bigger than this is refused */
#define CURL_PARALLEL_MAX 16u          /* connections of one handle at once */

/* Where the engine is. Exactly one of socket_path and base_url. */
struct curl_target {
	const char *socket_path; /* unix socket: absolute, shorter than sun_path */
	const char *base_url;    /* TCP: "http://HOST:PORT" or "https://HOST:PORT" (no path) */
	/* https only: check the server's certificate chain and name (against tls_ca alone when it
	 * is set, else the system's CAs); tls_cert and tls_key (PEM files, both or neither) are
	 * the client certificate presented to the server. */
	bool tls_verify;
	const char *tls_ca, *tls_cert, *tls_key;
};

/* A connection handle: its connections stay open between requests (HTTP/1.1 keep-alive) and
 * are shared by curl_conn_get() and curl_conn_get_many(). Not thread-safe: one thread at a
 * time. Its sockets are close-on-exec, so a command run meanwhile inherits none. */
struct curl_conn;

/* t is copied. 0, -EINVAL (no or both of socket_path and base_url, a relative socket path, a
 * base_url that is not http:// or https://), -ENAMETOOLONG (socket path too long for
 * sun_path), -ENOMEM or -EIO (libcurl could not be initialised).
 * libcurl's global state is initialised once (pthread_once), on first use: curl_global_init()
 * is not thread-safe in every libcurl, so nothing else may call it concurrently. */
int curl_conn_new(const struct curl_target *t, struct curl_conn **ret);
/* Closes its connections. Accepts NULL; returns NULL. */
struct curl_conn *curl_conn_free(struct curl_conn *c);

/* GET <base><path>. path must start with '/' and hold only printable ASCII without spaces.
 * timeout_ms (> 0) bounds the whole request (connect, TLS handshake, send, wait, body). At most
 * max_body bytes of body are accepted (0 means CURL_UNIX_BODY_MAX).
 * 0 with *ret_status (the HTTP status, whatever it is) and *ret_body (NUL-terminated, the caller
 * frees it; *ret_len may be NULL), or -errno:
 *   -EINVAL        bad arguments
 *   -ENOENT        the socket file does not exist
 *   -ECONNREFUSED  nothing listens there (or the connect failed otherwise: -EACCES,
 *                  -EHOSTUNREACH, -ENETUNREACH... as connect(2) said)
 *   -EHOSTUNREACH  the host name does not resolve
 *   -ETIMEDOUT     no complete answer within timeout_ms
 *   -EFBIG         the body is bigger than max_body
 *   -ECONNRESET    the peer closed or reset the connection without a complete answer
 *   -EPROTO        the answer is not HTTP
 *   -EKEYREJECTED  TLS: the handshake failed, the server's certificate was not trusted, or the
 *                  server refused ours
 *   -ENOKEY        TLS: the CA, certificate or key file could not be read or used
 *   -EIO           any other libcurl failure */
int curl_conn_get(struct curl_conn *c, const char *path, int timeout_ms, size_t max_body,
		  long *ret_status, char **ret_body, size_t *ret_len);

/* One request of a batch. */
struct curl_request {
	const char *path; /* in */
	int error;        /* out: 0 or -errno as curl_conn_get() */
	long status;      /* out: when error == 0 */
	char *body;       /* out: when error == 0, NUL-terminated, the caller frees it; else NULL */
	size_t len;
};
/* Runs every request, at most `parallel` (1..CURL_PARALLEL_MAX) at once, each on its own
 * connection (kept alive, reused by the next request). Each is bounded by timeout_ms from the
 * moment it is sent, not from the start of the batch. Every request's outcome is in its fields.
 * Returns 0 when at least one request got an answer (or n == 0), else the first request's
 * -errno (the engine could not be reached at all); -EINVAL for a bad parallel or timeout_ms. */
int curl_conn_get_many(struct curl_conn *c, struct curl_request *reqs, size_t n,
		       unsigned parallel, int timeout_ms, size_t max_body);

/* A one-shot curl_conn_get() on a fresh connection to the unix socket socket_path: -EINVAL for
 * a relative path, -ENAMETOOLONG for one too long for sun_path, else as curl_conn_get(). */
int curl_unix_get(const char *socket_path, const char *path, int timeout_ms, size_t max_body,
		  long *ret_status, char **ret_body, size_t *ret_len);
