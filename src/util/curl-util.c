/* curl-util.c: bounded HTTP GETs to the Docker engine, with libcurl, over kept-alive connections.
 *
 * A handle owns one multi handle and up to CURL_PARALLEL_MAX easy handles. Every request, a single
 * GET as well as a batch, runs through the multi handle, whose connection cache outlives each
 * request: the next GET finds the previous one's connection open and sends on it, and a batch
 * keeps `parallel` easy handles in flight, each taking the next request of the batch as soon as
 * its own is done (so a queued request never waits inside libcurl with its timeout running, and
 * the connections are limited by the handles in flight, not only by CURLMOPT_MAX_*).
 *
 * Every easy handle is locked down: no proxy from the environment (http_proxy would otherwise be
 * asked to forward a request meant for the local socket), no redirects, no signals (libcurl's
 * SIGALRM resolver timeouts are unsafe in threads), only the scheme of the target, HTTP/1.1
 * (one request per connection at a time: `parallel` means connections), TLS 1.2 at least, and
 * sockets opened close-on-exec (the restart path runs commands while a handle is open). When a
 * CA file is given it is the only one trusted: an engine's certificates come from its own CA,
 * never from the public ones. */
#include <errno.h>
#include <pthread.h>
#include <sys/socket.h>
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

struct body {
	struct strbuf sb;
	size_t max;
	bool too_big;
};

/* One easy handle and the request it runs (req == NULL while idle). */
struct xfer {
	CURL *easy;
	struct curl_request *req;
	struct body body;
	char errbuf[CURL_ERROR_SIZE];
};

struct curl_conn {
	char *socket_path, *base_url;
	bool tls, tls_verify;
	char *tls_ca, *tls_cert, *tls_key;
	CURLM *multi;
	struct xfer xfers[CURL_PARALLEL_MAX];
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

static curl_socket_t open_socket_cloexec(void *clientp, curlsocktype purpose,
					 struct curl_sockaddr *addr)
{
	(void)clientp;
	(void)purpose;
	return socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
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
static int connect_error(CURL *easy, const char *socket_path)
{
	long os_errno = 0;
	if (curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno) == CURLE_OK && os_errno > 0 &&
	    os_errno < 4096)
		return -(int)os_errno;
	struct stat st;
	if (socket_path && lstat(socket_path, &st) < 0 && errno == ENOENT)
		return -ENOENT;
	return -ECONNREFUSED;
}

/* A TLS 1.3 server checks our certificate after our side of the handshake is done: its refusal
 * is an alert that arrives where the answer should ("tlsv13 alert certificate required"), and
 * libcurl reports a receive or send error. Or the alert is lost: dockerd (Go) sends it and
 * closes, our request meets the closed socket, the reset discards the alert, and all we see is
 * a connection made for this request that closed before a byte of answer. Either way the news
 * is the refusal, not the reset; an engine that accepted us does not hang up unanswered. */
static bool tls_refused(const struct curl_conn *c, const struct xfer *x)
{
	if (!c->tls)
		return false;
	if (strstr(x->errbuf, "alert"))
		return true;
	long connects = 0, header_bytes = 0;
	return curl_easy_getinfo(x->easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK &&
	       curl_easy_getinfo(x->easy, CURLINFO_HEADER_SIZE, &header_bytes) == CURLE_OK &&
	       connects > 0 && header_bytes == 0;
}

static int map_error(const struct curl_conn *c, const struct xfer *x, CURLcode code)
{
	switch (code) {
	case CURLE_COULDNT_CONNECT:
		return connect_error(x->easy, c->socket_path);
	case CURLE_COULDNT_RESOLVE_HOST:
		return -EHOSTUNREACH;
	case CURLE_OPERATION_TIMEDOUT:
		return -ETIMEDOUT;
	case CURLE_WRITE_ERROR:
		return x->body.too_big ? -EFBIG : -EIO;
	case CURLE_FILESIZE_EXCEEDED:
		return -EFBIG;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		return tls_refused(c, x) ? -EKEYREJECTED : -ECONNRESET;
	case CURLE_PARTIAL_FILE:
		return -ECONNRESET;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL: /* "HTTP/0.9 not allowed": the peer is not HTTP */
		return -EPROTO;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_USE_SSL_FAILED:
		return -EKEYREJECTED;
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
		return -ENOKEY;
	case CURLE_URL_MALFORMAT:
		return -EINVAL;
	case CURLE_OUT_OF_MEMORY:
		return -ENOMEM;
	default:
		return -EIO;
	}
}

/* The options that never change for the handle's life. */
static int xfer_init(const struct curl_conn *c, struct xfer *x)
{
	CURL *easy = curl_easy_init();
	if (!easy)
		return -ENOMEM;
	bool ok = curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, c->tls ? "https" : "http") ==
			  CURLE_OK &&
		  curl_easy_setopt(easy, CURLOPT_PROXY, "") == CURLE_OK &&
		  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
		  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
		  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1) ==
			  CURLE_OK &&
		  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, open_socket_cloexec) ==
			  CURLE_OK &&
		  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK &&
		  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &x->body) == CURLE_OK &&
		  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, x->errbuf) == CURLE_OK &&
		  curl_easy_setopt(easy, CURLOPT_PRIVATE, x) == CURLE_OK;
	if (ok && c->socket_path)
		ok = curl_easy_setopt(easy, CURLOPT_UNIX_SOCKET_PATH, c->socket_path) == CURLE_OK;
	if (ok && c->tls) {
		ok = curl_easy_setopt(easy, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2) ==
			     CURLE_OK &&
		     curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, c->tls_verify ? 1L : 0L) ==
			     CURLE_OK &&
		     curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, c->tls_verify ? 2L : 0L) ==
			     CURLE_OK;
		if (ok && c->tls_ca)
			ok = curl_easy_setopt(easy, CURLOPT_CAINFO, c->tls_ca) == CURLE_OK &&
			     curl_easy_setopt(easy, CURLOPT_CAPATH, NULL) == CURLE_OK;
		if (ok && c->tls_cert)
			ok = curl_easy_setopt(easy, CURLOPT_SSLCERT, c->tls_cert) == CURLE_OK &&
			     curl_easy_setopt(easy, CURLOPT_SSLCERTTYPE, "PEM") == CURLE_OK;
		if (ok && c->tls_key)
			ok = curl_easy_setopt(easy, CURLOPT_SSLKEY, c->tls_key) == CURLE_OK &&
			     curl_easy_setopt(easy, CURLOPT_SSLKEYTYPE, "PEM") == CURLE_OK;
	}
	if (!ok) {
		curl_easy_cleanup(easy);
		return -EIO;
	}
	x->easy = easy;
	return 0;
}

/* Hands req to x and adds x to the multi handle. 0 or -errno (req untouched). */
static int xfer_start(struct curl_conn *c, struct xfer *x, struct curl_request *req,
		      int timeout_ms, size_t max_body)
{
	if (!x->easy) {
		int r = xfer_init(c, x);
		if (r < 0)
			return r;
	}
	_cleanup_free_ char *url =
		xasprintf("%s%s", c->base_url ? c->base_url : "http://localhost", req->path);
	if (curl_easy_setopt(x->easy, CURLOPT_URL, url) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, (long)timeout_ms) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_body) != CURLE_OK)
		return -EIO;
	strbuf_release(&x->body.sb);
	x->body = (struct body){.sb = STRBUF_INIT, .max = max_body};
	x->errbuf[0] = '\0';
	if (curl_multi_add_handle(c->multi, x->easy) != CURLM_OK)
		return -EIO;
	x->req = req;
	return 0;
}

/* x's transfer ended with code: its outcome into its request; x is idle again. */
static void xfer_done(struct curl_conn *c, struct xfer *x, CURLcode code)
{
	struct curl_request *req = x->req;
	long status = 0;
	if (code != CURLE_OK)
		req->error = map_error(c, x, code);
	else if (curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK ||
		 status <= 0)
		req->error = -EPROTO;
	else {
		req->error = 0;
		req->status = status;
		req->len = x->body.sb.len;
		req->body = strbuf_detach(&x->body.sb);
	}
	strbuf_release(&x->body.sb);
	(void)curl_multi_remove_handle(c->multi, x->easy);
	x->req = NULL;
}

/* Starts the first request from *next on that can start, on x. True when one runs. */
static bool xfer_next(struct curl_conn *c, struct xfer *x, struct curl_request *reqs, size_t n,
		      size_t *next, int timeout_ms, size_t max_body)
{
	while (*next < n) {
		struct curl_request *req = &reqs[(*next)++];
		if (req->error < 0) /* a bad path */
			continue;
		int r = xfer_start(c, x, req, timeout_ms, max_body);
		if (r == 0)
			return true;
		req->error = r;
	}
	return false;
}

/* The multi handle failed as a whole: whatever runs or waits gets -EIO. */
static void abandon(struct curl_conn *c, struct curl_request *reqs, size_t n, size_t next)
{
	for (unsigned i = 0; i < CURL_PARALLEL_MAX; i++)
		if (c->xfers[i].req) {
			c->xfers[i].req->error = -EIO;
			strbuf_release(&c->xfers[i].body.sb);
			(void)curl_multi_remove_handle(c->multi, c->xfers[i].easy);
			c->xfers[i].req = NULL;
		}
	for (size_t i = next; i < n; i++)
		if (reqs[i].error == 0)
			reqs[i].error = -EIO;
}

int curl_conn_get_many(struct curl_conn *c, struct curl_request *reqs, size_t n,
		       unsigned parallel, int timeout_ms, size_t max_body)
{
	if (!c || (n > 0 && !reqs) || parallel < 1 || parallel > CURL_PARALLEL_MAX ||
	    timeout_ms <= 0)
		return -EINVAL;
	if (max_body == 0 || max_body > CURL_UNIX_BODY_MAX)
		max_body = CURL_UNIX_BODY_MAX;
	for (size_t i = 0; i < n; i++)
		reqs[i] = (struct curl_request){
			.path = reqs[i].path,
			.error = path_ok(reqs[i].path) ? 0 : -EINVAL,
		};
	if (curl_multi_setopt(c->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)parallel) !=
		    CURLM_OK ||
	    curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)parallel) != CURLM_OK) {
		abandon(c, reqs, n, 0);
		return n > 0 ? reqs[0].error : 0;
	}

	size_t next = 0;
	unsigned active = 0;
	for (unsigned i = 0; i < parallel; i++)
		if (xfer_next(c, &c->xfers[i], reqs, n, &next, timeout_ms, max_body))
			active++;
	while (active > 0) {
		int running = 0;
		if (curl_multi_perform(c->multi, &running) != CURLM_OK) {
			abandon(c, reqs, n, next);
			break;
		}
		CURLMsg *m;
		int left;
		while ((m = curl_multi_info_read(c->multi, &left))) {
			struct xfer *x = NULL;
			if (m->msg != CURLMSG_DONE ||
			    curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x) !=
				    CURLE_OK ||
			    !x || !x->req)
				continue;
			xfer_done(c, x, m->data.result);
			active--;
			if (xfer_next(c, x, reqs, n, &next, timeout_ms, max_body))
				active++;
		}
		if (active == 0)
			break;
		/* wakes on socket activity or when libcurl's next timeout (a request's bound)
		 * expires, whichever is first */
		if (curl_multi_poll(c->multi, NULL, 0, 1000, NULL) != CURLM_OK) {
			abandon(c, reqs, n, next);
			break;
		}
	}

	for (size_t i = 0; i < n; i++)
		if (reqs[i].error == 0)
			return 0;
	return n > 0 ? reqs[0].error : 0;
}

int curl_conn_get(struct curl_conn *c, const char *path, int timeout_ms, size_t max_body,
		  long *ret_status, char **ret_body, size_t *ret_len)
{
	if (!c || !path_ok(path) || timeout_ms <= 0 || !ret_status || !ret_body)
		return -EINVAL;
	struct curl_request req = {.path = path};
	int r = curl_conn_get_many(c, &req, 1, 1, timeout_ms, max_body);
	if (r < 0)
		return r;
	*ret_status = req.status;
	*ret_body = req.body;
	if (ret_len)
		*ret_len = req.len;
	return 0;
}

static bool socket_path_fits(const char *path)
{
	return strlen(path) < sizeof(((struct sockaddr_un *)NULL)->sun_path);
}

int curl_conn_new(const struct curl_target *t, struct curl_conn **ret)
{
	if (!t || !ret || !t->socket_path == !t->base_url)
		return -EINVAL;
	bool tls = false;
	if (t->socket_path) {
		if (t->socket_path[0] != '/')
			return -EINVAL;
		if (!socket_path_fits(t->socket_path))
			return -ENAMETOOLONG;
	} else if (startswith(t->base_url, "https://"))
		tls = true;
	else if (!startswith(t->base_url, "http://"))
		return -EINVAL;
	if (!!t->tls_cert != !!t->tls_key)
		return -EINVAL;

	pthread_once(&curl_once, curl_init_once);
	if (curl_init_result != CURLE_OK)
		return -EIO;
	CURLM *multi = curl_multi_init();
	if (!multi)
		return -ENOMEM;
	/* HTTP/1.1 only, so no multiplexing; keep every connection a batch may open */
	if (curl_multi_setopt(multi, CURLMOPT_PIPELINING, (long)CURLPIPE_NOTHING) != CURLM_OK ||
	    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)CURL_PARALLEL_MAX) != CURLM_OK) {
		curl_multi_cleanup(multi);
		return -EIO;
	}
	struct curl_conn *c = xcalloc(1, sizeof(*c));
	c->multi = multi;
	c->socket_path = xstrdup_or_null(t->socket_path);
	c->base_url = xstrdup_or_null(t->base_url);
	c->tls = tls;
	if (tls) {
		c->tls_verify = t->tls_verify;
		c->tls_ca = xstrdup_or_null(t->tls_ca);
		c->tls_cert = xstrdup_or_null(t->tls_cert);
		c->tls_key = xstrdup_or_null(t->tls_key);
	}
	*ret = c;
	return 0;
}

struct curl_conn *curl_conn_free(struct curl_conn *c)
{
	if (!c)
		return NULL;
	for (unsigned i = 0; i < CURL_PARALLEL_MAX; i++) {
		struct xfer *x = &c->xfers[i];
		if (x->easy) {
			if (x->req)
				(void)curl_multi_remove_handle(c->multi, x->easy);
			curl_easy_cleanup(x->easy);
		}
		strbuf_release(&x->body.sb);
	}
	curl_multi_cleanup(c->multi); /* closes the cached connections */
	free(c->socket_path);
	free(c->base_url);
	free(c->tls_ca);
	free(c->tls_cert);
	free(c->tls_key);
	free(c);
	return NULL;
}

static inline void curl_conn_freep(struct curl_conn **c)
{
	curl_conn_free(*c);
}

int curl_unix_get(const char *socket_path, const char *path, int timeout_ms, size_t max_body,
		  long *ret_status, char **ret_body, size_t *ret_len)
{
	if (!socket_path || !path_ok(path) || timeout_ms <= 0 || !ret_status || !ret_body)
		return -EINVAL;
	_cleanup_(curl_conn_freep) struct curl_conn *c = NULL;
	int r = curl_conn_new(&(struct curl_target){.socket_path = socket_path}, &c);
	if (r < 0)
		return r;
	return curl_conn_get(c, path, timeout_ms, max_body, ret_status, ret_body, ret_len);
}
