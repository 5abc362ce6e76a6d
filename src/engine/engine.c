/* engine.c: the Docker Engine API client, on top of curl-util (GET over kept-alive connections).
 *
 * The handle is an endpoint (where, and which TLS files) and a curl-util connection handle:
 * sequential GETs reuse one connection, and engine_get_many() spreads a batch over a few. Where
 * the endpoint comes from (--docker-host, DOCKER_HOST, TLS variables) is docker-host.c's job;
 * engine_open() is the short path for a unix socket, which the remediation path uses to wait
 * for a restarted dockerd. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "curl-util.h"
#include "engine.h"
#include "util.h"

struct engine {
	struct engine_endpoint ep;
	struct curl_conn *conn;
};

static bool socket_path_ok(const char *path)
{
	/* absolute, and short enough for sun_path (connect would fail later, less clearly) */
	return path && path[0] == '/' &&
	       strlen(path) < sizeof(((struct sockaddr_un *)NULL)->sun_path);
}

/* A client certificate or key that is not there is not presented, as the docker CLI does with
 * its default files: a server that does not ask for one must still be reachable. A file that is
 * there but unusable is libcurl's -ENOKEY. */
static char *present_or_null(const char *path)
{
	struct stat st;
	if (!path || (lstat(path, &st) < 0 && errno == ENOENT))
		return NULL;
	return xstrdup(path);
}

int engine_open_endpoint(const struct engine_endpoint *ep, struct engine **ret)
{
	if (!ep || !ret || !ep->url || !ep->socket_path == !ep->base_url)
		return -EINVAL;
	if (ep->socket_path && (!socket_path_ok(ep->socket_path) || ep->tls))
		return -EINVAL;
	if (ep->base_url &&
	    !startswith(ep->base_url, ep->tls ? "https://" : "http://"))
		return -EINVAL;
	if (ep->tls_verify && !ep->tls)
		return -EINVAL;

	struct engine *e = xcalloc(1, sizeof(*e));
	e->ep = (struct engine_endpoint){
		.url = xstrdup(ep->url),
		.socket_path = xstrdup_or_null(ep->socket_path),
		.base_url = xstrdup_or_null(ep->base_url),
		.tls = ep->tls,
		.tls_verify = ep->tls_verify,
		.tls_ca = ep->tls ? xstrdup_or_null(ep->tls_ca) : NULL,
		.tls_cert = ep->tls ? present_or_null(ep->tls_cert) : NULL,
		.tls_key = ep->tls ? present_or_null(ep->tls_key) : NULL,
	};
	/* one without the other: libcurl would look for the key in the certificate file; fail
	 * there with -ENOKEY rather than not present either */
	if (e->ep.tls && !e->ep.tls_cert != !e->ep.tls_key) {
		if (!e->ep.tls_cert)
			e->ep.tls_cert = xstrdup(ep->tls_cert);
		if (!e->ep.tls_key)
			e->ep.tls_key = xstrdup(ep->tls_key);
	}
	struct curl_target t = {
		.socket_path = e->ep.socket_path,
		.base_url = e->ep.base_url,
		.tls_verify = e->ep.tls_verify,
		.tls_ca = e->ep.tls_ca,
		.tls_cert = e->ep.tls_cert,
		.tls_key = e->ep.tls_key,
	};
	int r = curl_conn_new(&t, &e->conn);
	if (r < 0) {
		engine_close(e);
		return r == -ENAMETOOLONG ? -EINVAL : r;
	}
	*ret = e;
	return 0;
}

int engine_open(const char *docker_host, struct engine **ret)
{
	if (!docker_host || !ret || !startswith(docker_host, "unix://"))
		return -EINVAL;
	const char *path = docker_host + strlen("unix://");
	if (!socket_path_ok(path))
		return -EINVAL;
	struct engine_endpoint ep = {.url = (char *)docker_host, .socket_path = (char *)path};
	return engine_open_endpoint(&ep, ret);
}

void engine_close(struct engine *e)
{
	if (!e)
		return;
	curl_conn_free(e->conn);
	engine_endpoint_release(&e->ep);
	free(e);
}

const char *engine_url(const struct engine *e)
{
	return e ? e->ep.url : NULL;
}

int engine_get(struct engine *e, const char *path, int timeout_ms, long *ret_status,
	       char **ret_body)
{
	if (!e || !path || !ret_status || !ret_body)
		return -EINVAL;
	return curl_conn_get(e->conn, path, timeout_ms, 0, ret_status, ret_body, NULL);
}

int engine_get_many(struct engine *e, struct engine_request *reqs, size_t n, unsigned parallel,
		    int timeout_ms)
{
	if (!e || (n > 0 && !reqs) || parallel < 1 || parallel > CURL_PARALLEL_MAX ||
	    timeout_ms <= 0)
		return -EINVAL;
	if (n == 0)
		return 0;
	_cleanup_free_ struct curl_request *cr = xcalloc(n, sizeof(*cr));
	for (size_t i = 0; i < n; i++)
		cr[i].path = reqs[i].path;
	int r = curl_conn_get_many(e->conn, cr, n, parallel, timeout_ms, 0);
	for (size_t i = 0; i < n; i++)
		reqs[i] = (struct engine_request){
			.path = reqs[i].path,
			.error = cr[i].error,
			.status = cr[i].status,
			.body = cr[i].body,
			.len = cr[i].len,
		};
	return r;
}

bool engine_ping(struct engine *e, int timeout_ms)
{
	long status = 0;
	_cleanup_free_ char *body = NULL;
	if (engine_get(e, "/_ping", timeout_ms, &status, &body) < 0)
		return false;
	return status == 200 && STREQ(strstrip(body), "OK");
}
