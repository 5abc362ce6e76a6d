/* curl-util.h: the one door to libcurl (HTTP GET over a unix socket).
 *
 * The Docker Engine API listens on a unix socket; libcurl speaks HTTP/1.1 to it
 * (CURLOPT_UNIX_SOCKET_PATH) so that we do not write an HTTP parser of our own. Only what the
 * engine client needs is exposed: one bounded GET, its status and its body, with libcurl's
 * errors mapped to -errno. No libcurl type leaks out of this header's users. */
#pragma once

#include <stddef.h>

#include "util.h"

#define CURL_UNIX_BODY_MAX (16u << 20) /* 16 MiB: an answer bigger than this is refused */

/* GET http://localhost<path> through the unix socket socket_path (absolute, shorter than
 * sun_path). path must start with '/' and hold only printable ASCII without spaces.
 * timeout_ms (> 0) bounds the whole request (connect, send, wait, body). At most max_body bytes
 * of body are accepted (0 means CURL_UNIX_BODY_MAX).
 * 0 with *ret_status (the HTTP status, whatever it is) and *ret_body (NUL-terminated, the caller
 * frees it; *ret_len may be NULL), or -errno:
 *   -EINVAL        bad arguments; -ENAMETOOLONG: socket path too long for sun_path
 *   -ENOENT        the socket file does not exist
 *   -ECONNREFUSED  nothing listens there (or the connect failed otherwise: -EACCES, ...)
 *   -ETIMEDOUT     no complete answer within timeout_ms
 *   -EFBIG         the body is bigger than max_body
 *   -ECONNRESET    the peer closed or reset the connection without a complete answer
 *   -EPROTO        the answer is not HTTP
 *   -EIO           any other libcurl failure
 * libcurl's global state is initialised once (pthread_once), on first use: curl_global_init()
 * is not thread-safe in every libcurl, so nothing else may call it concurrently. */
int curl_unix_get(const char *socket_path, const char *path, int timeout_ms, size_t max_body,
		  long *ret_status, char **ret_body, size_t *ret_len);
