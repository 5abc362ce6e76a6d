/* curl-util.c: a bounded HTTP GET over a unix socket, with libcurl.
 *
 * Each request uses its own easy handle: requests are rare (a ping every 100 ms while dockerd
 * restarts, a few reads of its settings), so reusing connections buys nothing and a fresh
 * handle cannot carry state (cookies, a half-read answer) from one request to the next. The
 * handle is locked down: no proxy from the environment (http_proxy would otherwise be asked to
 * forward a request meant for the local socket), no redirects, no signals (libcurl's SIGALRM
 * resolver timeouts are not needed for a unix socket and are unsafe in threads), HTTP only. */
#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <curl/curl.h>

#include "curl-util.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result = CURLE_FAILED_INIT;

static void curl_init_once(void)
{
	/* Never paired with curl_global_cleanup(): other threads may still use libcurl at exit,
	 * and what it holds is released by the process exiting. */
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static inline void curl_easy_cleanupp(CURL **c)
{
	if (*c)
		curl_easy_cleanup(*c);
}

struct body {
	struct strbuf sb;
	size_t max;
	bool too_big;
};

static size_t on_body(char *data, size_t size, size_t n, void *userdata)
{
	struct body *b = userdata;
	size_t len = size * n; /* libcurl guarantees size == 1 */
	if (len > b->max || b->sb.len > b->max - len) {
		b->too_big = true;
		return 0; /* anything but len aborts the transfer with CURLE_WRITE_ERROR */
	}
	strbuf_add(&b->sb, data, len);
	return len;
}

static bool path_ok(const char *path)
{
	if (!path || path[0] != '/')
		return false;
	for (const char *p = path; *p; p++)
		if (*p <= ' ' || *p >= 0x7f)
			return false;
	return true;
}

/* A failed connect: libcurl keeps the connect(2) errno (CURLINFO_OS_ERRNO). Without one, an
 * absent socket file still says -ENOENT, anything else -ECONNREFUSED. */
static int connect_error(CURL *c, const char *socket_path)
{
	long os_errno = 0;
	if (curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno) == CURLE_OK && os_errno > 0 &&
	    os_errno < 4096)
		return -(int)os_errno;
	struct stat st;
	if (lstat(socket_path, &st) < 0 && errno == ENOENT)
		return -ENOENT;
	return -ECONNREFUSED;
}

static int map_error(CURL *c, CURLcode code, const struct body *b, const char *socket_path)
{
	switch (code) {
	case CURLE_COULDNT_CONNECT:
		return connect_error(c, socket_path);
	case CURLE_OPERATION_TIMEDOUT:
		return -ETIMEDOUT;
	case CURLE_WRITE_ERROR:
		return b->too_big ? -EFBIG : -EIO;
	case CURLE_FILESIZE_EXCEEDED:
		return -EFBIG;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		return -ECONNRESET;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL: /* "HTTP/0.9 not allowed": the peer is not HTTP */
		return -EPROTO;
	case CURLE_URL_MALFORMAT:
		return -EINVAL;
	case CURLE_OUT_OF_MEMORY:
		return -ENOMEM;
	default:
		return -EIO;
	}
}

int curl_unix_get(const char *socket_path, const char *path, int timeout_ms, size_t max_body,
		  long *ret_status, char **ret_body, size_t *ret_len)
{
	if (!socket_path || socket_path[0] != '/' || !path_ok(path) || timeout_ms <= 0 ||
	    !ret_status || !ret_body)
		return -EINVAL;
	if (strlen(socket_path) >= sizeof(((struct sockaddr_un *)NULL)->sun_path))
		return -ENAMETOOLONG;
	if (max_body == 0 || max_body > CURL_UNIX_BODY_MAX)
		max_body = CURL_UNIX_BODY_MAX;

	pthread_once(&curl_once, curl_init_once);
	if (curl_init_result != CURLE_OK)
		return -EIO;

	_cleanup_(curl_easy_cleanupp) CURL *c = curl_easy_init();
	if (!c)
		return -ENOMEM;
	_cleanup_free_ char *url = xasprintf("http://localhost%s", path);
	struct body b = {.sb = STRBUF_INIT, .max = max_body};

	bool ok = curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, socket_path) == CURLE_OK &&
		  curl_easy_setopt(c, CURLOPT_URL, url) == CURLE_OK &&
		  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http") == CURLE_OK &&
		  curl_easy_setopt(c, CURLOPT_PROXY, "") == CURLE_OK &&
		  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
		  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
		  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms) == CURLE_OK &&
		  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_body) == CURLE_OK &&
		  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK &&
		  curl_easy_setopt(c, CURLOPT_WRITEDATA, &b) == CURLE_OK;
	if (!ok) {
		strbuf_release(&b.sb);
		return -EIO;
	}

	CURLcode code = curl_easy_perform(c);
	if (code != CURLE_OK) {
		int r = map_error(c, code, &b, socket_path);
		strbuf_release(&b.sb);
		return r;
	}
	long status = 0;
	if (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status <= 0) {
		strbuf_release(&b.sb);
		return -EPROTO;
	}
	size_t len = b.sb.len;
	*ret_status = status;
	*ret_body = strbuf_detach(&b.sb);
	if (ret_len)
		*ret_len = len;
	return 0;
}
