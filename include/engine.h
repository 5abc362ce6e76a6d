/* engine.h: the Docker Engine API client (libcurl), read-only: GET requests only.
 *
 * It reaches the engine as the docker CLI does: a unix socket (unix:///var/run/docker.sock), or
 * tcp://HOST:PORT, plain or with TLS client certificates. One handle keeps its connection alive
 * between requests, and engine_get_many() spreads a batch of GETs over a few parallel
 * connections, so that inspecting a hundred containers costs about what the raw API calls do.
 * The remediation path uses it to wait for a restarted dockerd (/_ping); the running-engine
 * probe (probe-engine.c) reads /version, /info, /networks/bridge, containers and images. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct engine;

/* Where the engine is and how to speak to it (see engine_resolve_host()). */
struct engine_endpoint {
	char *url;        /* normalised: "unix:///var/run/docker.sock", "tcp://10.0.0.1:2376" */
	char *socket_path; /* for unix://, else NULL */
	char *base_url;   /* for tcp://: "https://10.0.0.1:2376" or "http://..."; else NULL */
	bool tls, tls_verify; /* tcp:// only */
	char *tls_ca, *tls_cert, *tls_key; /* absolute paths or NULL */
};
/* Frees the strings and zeroes *ep. Accepts NULL. */
void engine_endpoint_release(struct engine_endpoint *ep);

/* Resolves where the engine is, as the docker CLI does, from (in this order) the --docker-host
 * argument, then DOCKER_HOST (env_host), then unix:///var/run/docker.sock. Under an offline root
 * (live == false) neither DOCKER_HOST nor the default is used: only an explicit argument; then
 * 0 with ret->url == NULL (not contacted).
 * TLS for tcp:// as the CLI: on when tls_verify_env (DOCKER_TLS_VERIFY) is non-empty or
 * tls_env (DOCKER_TLS) is non-empty; the files are ca.pem, cert.pem and key.pem in cert_path_env
 * (DOCKER_CERT_PATH), else in home/.docker. A tcp:// address without a port gets 2376 with TLS,
 * 2375 without. Only unix:// and tcp:// are accepted ("ssh://", "npipe://", "fd://" are not).
 * As the CLI: values are trimmed, an empty one is unset, a bare "HOST[:PORT]" is tcp://, the CA
 * file is only set when verifying, and TLS settings do not apply to unix://. Stricter than the
 * CLI: tcp:// without a host (the CLI's localhost) and relative paths are refused. The CLI's
 * contexts (DOCKER_CONTEXT, config.json) and DOCKER_CONFIG are not read. No I/O: the files are
 * named, not checked.
 * 0, or -EINVAL with *ret_why (caller frees; ret_why may be NULL) saying what is wrong with
 * which value, e.g. "DOCKER_HOST='ssh://x': ssh:// is not supported: use unix:// or tcp://";
 * *ret is written only on success. */
int engine_resolve_host(const char *arg, const char *env_host, bool live, const char *tls_verify_env,
			const char *tls_env, const char *cert_path_env, const char *home,
			struct engine_endpoint *ret, char **ret_why);

/* docker_host: "unix:///run/docker.sock" (plain unix socket). 0 or -EINVAL. */
int engine_open(const char *docker_host, struct engine **ret);
/* Any endpoint (copied). 0 or -EINVAL (an inconsistent endpoint: url missing, neither or both of
 * socket_path and base_url, a relative socket path, https:// without tls or tls without https://).
 * A client certificate or key file that does not exist is not presented, as the CLI does with
 * its default files (only one of the two missing fails later with -ENOKEY); when tls_ca is set
 * it is the only CA trusted (the CLI adds it to the system's). No I/O beyond that: nothing is
 * contacted until the first request. The handle is not thread-safe. */
int engine_open_endpoint(const struct engine_endpoint *ep, struct engine **ret);
void engine_close(struct engine *e);
/* "unix:///var/run/docker.sock": for messages and evidence. Borrowed. */
const char *engine_url(const struct engine *e);

/* GET path (e.g. "/_ping", "/v1.41/info"), on the handle's kept-alive connection. 0 with
 * *ret_status (the HTTP status) and *ret_body (NUL-terminated, bounded to 16 MiB; the caller
 * frees it), or -errno: -ECONNREFUSED / -ENOENT when nothing listens (or connect(2)'s errno:
 * -EACCES, -EHOSTUNREACH...), -EHOSTUNREACH for a host name that does not resolve, -ETIMEDOUT,
 * -ECONNRESET, -EPROTO (not HTTP), -EFBIG, -EINVAL (a path not starting with '/' or not printable
 * ASCII without spaces, timeout_ms <= 0), -EIO; for TLS: -EKEYREJECTED (handshake failed, the
 * server's certificate not trusted or not for that name, ours refused), -ENOKEY (the CA,
 * certificate or key file could not be read or used). A kept-alive connection that the engine
 * closed meanwhile (restarted) is replaced transparently. */
int engine_get(struct engine *e, const char *path, int timeout_ms, long *ret_status,
	       char **ret_body);

/* One request of a batch. */
struct engine_request {
	const char *path; /* in */
	int error;        /* out: 0 or -errno as engine_get() */
	long status;      /* out */
	char *body;       /* out: NUL-terminated, the caller frees it (also on a non-2xx status) */
	size_t len;
};
/* Runs every request, over at most `parallel` connections at once (1..16), each bounded by
 * timeout_ms from the moment it is sent (a request waiting for a free connection does not use
 * up its time). The connections stay open for the next batch or engine_get(). Each request's
 * outcome is in its .error (a bad path: -EINVAL, that request only), .status, .body, .len.
 * Returns 0 when at least one request got an answer (look at each .error and .status), or the
 * first request's -errno when none did (the engine could not be reached at all); -EINVAL for a
 * bad parallel or timeout_ms (nothing run). */
int engine_get_many(struct engine *e, struct engine_request *reqs, size_t n, unsigned parallel,
		    int timeout_ms);

/* True when GET /_ping answers 200 "OK" within timeout_ms. */
bool engine_ping(struct engine *e, int timeout_ms);
