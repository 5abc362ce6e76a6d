/* docker-host.c: where the engine is, resolved as the docker CLI resolves it.
 *
 * An operator who runs `docker info` and then dockward must have both talk to the same engine,
 * so the order and the defaults are the CLI's: --docker-host, else DOCKER_HOST, else the default
 * socket; tcp:// gets TLS from DOCKER_TLS_VERIFY or DOCKER_TLS, its files from DOCKER_CERT_PATH
 * or ~/.docker, and port 2376 (TLS) or 2375 (plain) when none is written; a bare "HOST:PORT" is
 * tcp://. Where the CLI would reach something we cannot (ssh://, npipe://, fd://) or guess
 * (tcp:// without a host means localhost to the CLI), we refuse with the value and where it came
 * from, rather than audit some other engine. The CLI's contexts (~/.docker/config.json,
 * DOCKER_CONTEXT) are not read: this function does no I/O, the caller passes the environment. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>

#include "engine.h"
#include "util.h"

#define DEFAULT_HOST "unix:///var/run/docker.sock"
#define SHOWN_MAX 200 /* bytes of a value quoted in a message */

static bool isempty(const char *s)
{
	return !s || !*s;
}

/* The value as a message may quote it: control bytes as '?', long values cut. */
static char *shown(const char *v)
{
	size_t n = strlen(v);
	bool cut = n > SHOWN_MAX;
	char *s = xstrndup(v, cut ? SHOWN_MAX : n);
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	if (cut) {
		char *t = xasprintf("%s...", s);
		free(s);
		s = t;
	}
	return s;
}

struct origin {
	const char *source; /* "--docker-host", "DOCKER_HOST" */
	const char *value;
	char **ret_why;
};

static int refuse(const struct origin *o, const char *fmt, ...) _printf_(2, 3);
static int refuse(const struct origin *o, const char *fmt, ...)
{
	if (o->ret_why) {
		va_list ap;
		va_start(ap, fmt);
		_cleanup_free_ char *what = xvasprintf(fmt, ap);
		va_end(ap);
		_cleanup_free_ char *v = shown(o->value);
		*o->ret_why = xasprintf("%s='%s': %s", o->source, v, what);
	}
	return -EINVAL;
}

static int resolve_unix(const struct origin *o, const char *path, struct engine_endpoint *ep)
{
	if (!*path)
		return refuse(o, "no socket path: use unix:///PATH");
	if (path[0] != '/')
		return refuse(o, "the socket path is relative: use unix:///PATH (absolute)");
	size_t max = sizeof(((struct sockaddr_un *)NULL)->sun_path) - 1;
	if (strlen(path) > max)
		return refuse(o, "the socket path is %zu bytes long, a unix socket address holds %zu",
			      strlen(path), max);
	ep->url = xasprintf("unix://%s", path);
	ep->socket_path = xstrdup(path);
	return 0;
}

static bool host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_';
}

static bool ipv6_char(char c)
{
	return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') ||
	       c == ':' || c == '.';
}

/* addr: what follows "tcp://" (or the whole value without a scheme). The host as it goes into a
 * URL (brackets kept) into *ret_host, the port into *ret_port. */
static int split_tcp(const struct origin *o, const char *addr, bool tls, char **ret_host,
		     unsigned *ret_port)
{
	_cleanup_free_ char *a = xstrdup(addr);
	size_t n = strlen(a);
	if (n > 0 && a[n - 1] == '/') /* the CLI accepts "tcp://h:2376/", no other path */
		a[--n] = '\0';
	if (strchr(a, '/'))
		return refuse(o, "a path is not allowed: use tcp://HOST:PORT");
	if (strpbrk(a, "@?#"))
		return refuse(o, "unexpected '@', '?' or '#': use tcp://HOST:PORT");

	const char *port = NULL; /* after the ':' */
	size_t hlen;
	if (a[0] == '[') {
		char *close = strchr(a, ']');
		if (!close || close == a + 1)
			return refuse(o, "bad IPv6 address: use tcp://[ADDRESS]:PORT");
		for (const char *p = a + 1; p < close; p++)
			if (!ipv6_char(*p))
				return refuse(o, "bad IPv6 address: use tcp://[ADDRESS]:PORT");
		if (close[1] == ':')
			port = close + 2;
		else if (close[1])
			return refuse(o, "unexpected text after the IPv6 address");
		hlen = (size_t)(close + 1 - a);
	} else {
		char *colon = strchr(a, ':');
		if (colon && strchr(colon + 1, ':'))
			return refuse(o, "an IPv6 address goes in brackets: tcp://[ADDRESS]:PORT");
		if (colon)
			port = colon + 1;
		hlen = colon ? (size_t)(colon - a) : n;
		if (hlen == 0)
			return refuse(o, "no host: use tcp://HOST:PORT");
		for (size_t i = 0; i < hlen; i++)
			if (!host_char(a[i]))
				return refuse(o, "bad host name: use tcp://HOST:PORT");
	}

	uint32_t p = tls ? 2376 : 2375;
	if (port && *port && (parse_uint32(port, &p) < 0 || p < 1 || p > 65535))
		return refuse(o, "bad port '%s': a number from 1 to 65535", port);
	*ret_host = xstrndup(a, hlen);
	*ret_port = p;
	return 0;
}

/* The TLS files of the CLI: ca.pem (only when verifying), cert.pem, key.pem. */
static int tls_files(const struct origin *o, const char *why_tls, const char *cert_path,
		     const char *home, struct engine_endpoint *ep)
{
	_cleanup_free_ char *dir = NULL;
	if (!isempty(cert_path)) {
		if (cert_path[0] != '/') {
			struct origin co = {"DOCKER_CERT_PATH", cert_path, o->ret_why};
			return refuse(&co, "not an absolute path");
		}
		dir = xstrdup(cert_path);
	} else if (!isempty(home) && home[0] == '/') {
		size_t n = strlen(home);
		while (n > 1 && home[n - 1] == '/')
			n--;
		dir = xasprintf("%.*s/.docker", STREQ(home, "/") ? 0 : (int)n, home);
	} else
		return refuse(o, "TLS is on (%s) but neither DOCKER_CERT_PATH nor an absolute HOME "
				 "says where ca.pem, cert.pem and key.pem are",
			      why_tls);
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	const char *sep = STREQ(dir, "/") ? "" : "/";
	if (ep->tls_verify)
		ep->tls_ca = xasprintf("%s%sca.pem", dir, sep);
	ep->tls_cert = xasprintf("%s%scert.pem", dir, sep);
	ep->tls_key = xasprintf("%s%skey.pem", dir, sep);
	return 0;
}

static int resolve_tcp(const struct origin *o, const char *addr, const char *tls_verify_env,
		       const char *tls_env, const char *cert_path, const char *home,
		       struct engine_endpoint *ep)
{
	ep->tls_verify = !isempty(tls_verify_env);
	ep->tls = ep->tls_verify || !isempty(tls_env);
	_cleanup_free_ char *host = NULL;
	unsigned port = 0;
	int r = split_tcp(o, addr, ep->tls, &host, &port);
	if (r < 0)
		return r;
	if (ep->tls) {
		r = tls_files(o, ep->tls_verify ? "DOCKER_TLS_VERIFY" : "DOCKER_TLS", cert_path,
			      home, ep);
		if (r < 0)
			return r;
	}
	ep->url = xasprintf("tcp://%s:%u", host, port);
	ep->base_url = xasprintf("%s://%s:%u", ep->tls ? "https" : "http", host, port);
	return 0;
}

int engine_resolve_host(const char *arg, const char *env_host, bool live, const char *tls_verify_env,
			const char *tls_env, const char *cert_path_env, const char *home,
			struct engine_endpoint *ret, char **ret_why)
{
	if (!ret)
		return -EINVAL;
	/* the CLI trims the value, and an empty one means "not set" */
	_cleanup_free_ char *a = arg ? strstrip(xstrdup(arg)) : NULL;
	_cleanup_free_ char *h = env_host ? strstrip(xstrdup(env_host)) : NULL;
	struct origin o = {.ret_why = ret_why};
	if (!isempty(a)) {
		o.source = "--docker-host";
		o.value = a;
	} else if (!live) {
		*ret = (struct engine_endpoint){0};
		return 0;
	} else if (!isempty(h)) {
		o.source = "DOCKER_HOST";
		o.value = h;
	} else {
		o.source = "the default";
		o.value = DEFAULT_HOST;
	}

	for (const char *p = o.value; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return refuse(&o, "control characters are not allowed");

	struct engine_endpoint ep = {0};
	int r;
	const char *sep = strstr(o.value, "://");
	if (!sep) {
		if (o.value[0] == '/') {
			_cleanup_free_ char *v = shown(o.value);
			return refuse(&o, "no scheme: a unix socket is written unix://%s", v);
		}
		r = resolve_tcp(&o, o.value, tls_verify_env, tls_env, cert_path_env, home, &ep);
	} else if (startswith(o.value, "unix://"))
		r = resolve_unix(&o, sep + 3, &ep);
	else if (startswith(o.value, "tcp://"))
		r = resolve_tcp(&o, sep + 3, tls_verify_env, tls_env, cert_path_env, home, &ep);
	else {
		_cleanup_free_ char *raw = xstrndup(o.value, (size_t)(sep - o.value));
		_cleanup_free_ char *scheme = shown(raw);
		if (!*scheme)
			r = refuse(&o, "no scheme before '://': use unix:// or tcp://");
		else
			r = refuse(&o, "%s:// is not supported: use unix:// or tcp://", scheme);
	}
	if (r < 0) {
		engine_endpoint_release(&ep);
		return r;
	}
	*ret = ep;
	return 0;
}

void engine_endpoint_release(struct engine_endpoint *ep)
{
	if (!ep)
		return;
	free(ep->url);
	free(ep->socket_path);
	free(ep->base_url);
	free(ep->tls_ca);
	free(ep->tls_cert);
	free(ep->tls_key);
	*ep = (struct engine_endpoint){0};
}
