/* test-engine.c: the Engine API client (src/engine/engine.c) and its libcurl wrapper
 * (src/util/curl-util.c), against a fake dockerd on a unix socket or TCP (fake-engine.h) and
 * against `openssl s_server` for TLS.
 *
 * Every mapping of the contract: 200 with a body, another status with its body, the ping's
 * "OK" (and a 200 that is not "OK"), -ENOENT for an absent socket, -ECONNREFUSED for a socket
 * file nobody listens on and for a file that is not a socket, -ETIMEDOUT within the bound, the
 * 16 MiB body limit on both sides of the boundary (announced length and chunked), -ECONNRESET
 * for a peer that hangs up, -EPROTO for one that does not speak HTTP, and the -EINVAL cases.
 * Connection reuse, counted by the fake server: 50 GETs on one handle are one connection (a
 * one-shot GET is one each), a server that closes or is replaced is survived, a batch of 200
 * over 4 connections is exactly 4, with each request's own outcome (404s, a timeout, nothing
 * listening). TLS with certificates made at test time (data/tls/make-certs.sh): the right CA
 * and client certificate pass; a server from another CA, a server for another name, a client
 * certificate refused or absent are -EKEYREJECTED; unusable files are -ENOKEY. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "curl-util.h"
#include "engine.h"
#include "fake-engine.h"

struct fixture {
	char *dir;
	char *sock;
	pid_t server;
	struct engine *e;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char tmpl[] = "/tmp/dw-engine.XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	f->dir = xstrdup(tmpl);
	f->sock = xasprintf("%s/docker.sock", f->dir);
	f->server = fake_engine_start(f->sock);
	assert_true(f->server > 0);
	_cleanup_free_ char *host = xasprintf("unix://%s", f->sock);
	assert_int_equal(engine_open(host, &f->e), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fake_engine_stop(f->server);
	engine_close(f->e);
	_cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f->sock);
	free(f->dir);
	free(f);
	return 0;
}

static void test_open(void **state)
{
	(void)state;
	struct engine *e = NULL;
	assert_int_equal(engine_open("unix:///run/docker.sock", &e), 0);
	assert_non_null(e);
	engine_close(e);
	engine_close(NULL);
	assert_int_equal(engine_open("tcp://127.0.0.1:2375", &e), -EINVAL);
	assert_int_equal(engine_open("npipe:////./pipe/docker_engine", &e), -EINVAL);
	assert_int_equal(engine_open("unix://", &e), -EINVAL);
	assert_int_equal(engine_open("unix://run/docker.sock", &e), -EINVAL);
	assert_int_equal(engine_open("/run/docker.sock", &e), -EINVAL);
	assert_int_equal(engine_open(NULL, &e), -EINVAL);
	char longpath[200];
	memset(longpath, 'a', sizeof(longpath));
	memcpy(longpath, "unix:///", 8);
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(engine_open(longpath, &e), -EINVAL);
}

static void test_ping_and_info(void **state)
{
	struct fixture *f = *state;
	assert_true(engine_ping(f->e, 2000));

	long status = 0;
	_cleanup_free_ char *body = NULL;
	assert_int_equal(engine_get(f->e, "/v1.41/info", 2000, &status, &body), 0);
	assert_int_equal(status, 200);
	_cleanup_free_ char *want = xasprintf("\"ServerPid\":%d}", (int)f->server);
	assert_non_null(strstr(body, "\"Debug\":false"));
	assert_non_null(strstr(body, want));
}

static void test_status_and_body(void **state)
{
	struct fixture *f = *state;
	long status = 0;
	_cleanup_free_ char *body = NULL, *body404 = NULL, *nope = NULL;
	assert_int_equal(engine_get(f->e, "/500", 2000, &status, &body), 0);
	assert_int_equal(status, 500);
	assert_string_equal(body, "boom");
	assert_int_equal(engine_get(f->e, "/nothing-here", 2000, &status, &body404), 0);
	assert_int_equal(status, 404);
	/* a 200 that is not "OK" is not a ping */
	assert_int_equal(engine_get(f->e, "/not-ok", 2000, &status, &nope), 0);
	assert_int_equal(status, 200);
	assert_string_equal(nope, "NOPE");
}

static void test_timeout(void **state)
{
	struct fixture *f = *state;
	long status = 0;
	char *body = NULL;
	int64_t t0 = now_ms();
	assert_int_equal(engine_get(f->e, "/slow", 300, &status, &body), -ETIMEDOUT);
	int64_t took = now_ms() - t0;
	assert_null(body);
	assert_true(took >= 250);
	assert_true(took < 2000); /* the server answers after 3 s: we did not wait for it */
}

static void test_body_limit(void **state)
{
	struct fixture *f = *state;
	long status = 0;
	const size_t max = CURL_UNIX_BODY_MAX;
	assert_int_equal(max, 16u << 20);
	for (int chunked = 0; chunked <= 1; chunked++) {
		_cleanup_free_ char *at = xasprintf("/%s/%zu", chunked ? "chunked" : "bytes", max);
		_cleanup_free_ char *over =
			xasprintf("/%s/%zu", chunked ? "chunked" : "bytes", max + 1);
		_cleanup_free_ char *body = NULL;
		char *none = NULL;
		assert_int_equal(engine_get(f->e, at, 10000, &status, &body), 0);
		assert_int_equal(status, 200);
		assert_int_equal(strlen(body), max);
		assert_int_equal(engine_get(f->e, over, 10000, &status, &none), -EFBIG);
		assert_null(none);
	}
	/* a smaller bound through the wrapper */
	_cleanup_free_ char *small = NULL;
	size_t len = 0;
	assert_int_equal(curl_unix_get(f->sock, "/bytes/100", 2000, 100, &status, &small, &len), 0);
	assert_int_equal(len, 100);
	char *none = NULL;
	assert_int_equal(curl_unix_get(f->sock, "/chunked/101", 2000, 100, &status, &none, NULL),
			 -EFBIG);
}

static void test_not_http(void **state)
{
	struct fixture *f = *state;
	long status = 0;
	char *body = NULL;
	assert_int_equal(engine_get(f->e, "/close", 2000, &status, &body), -ECONNRESET);
	assert_int_equal(engine_get(f->e, "/garbage", 2000, &status, &body), -EPROTO);
	assert_null(body);
}

static void test_nobody_listens(void **state)
{
	struct fixture *f = *state;
	long status = 0;
	char *body = NULL;
	struct engine *e = NULL;

	/* absent socket file */
	_cleanup_free_ char *absent = xasprintf("unix://%s/absent.sock", f->dir);
	assert_int_equal(engine_open(absent, &e), 0);
	assert_int_equal(engine_get(e, "/_ping", 1000, &status, &body), -ENOENT);
	assert_false(engine_ping(e, 1000));
	engine_close(e);

	/* a socket file that nobody listens on (bound, then closed: dockerd killed -9) */
	_cleanup_free_ char *dead = xasprintf("%s/dead.sock", f->dir);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	memcpy(sa.sun_path, dead, strlen(dead));
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	_cleanup_free_ char *dead_host = xasprintf("unix://%s", dead);
	assert_int_equal(engine_open(dead_host, &e), 0);
	assert_int_equal(engine_get(e, "/_ping", 1000, &status, &body), -ECONNREFUSED);
	assert_false(engine_ping(e, 1000));
	engine_close(e);

	/* a regular file */
	_cleanup_free_ char *file = xasprintf("%s/file", f->dir);
	FILE *fp = fopen(file, "we");
	assert_non_null(fp);
	fclose(fp);
	_cleanup_free_ char *file_host = xasprintf("unix://%s", file);
	assert_int_equal(engine_open(file_host, &e), 0);
	assert_int_equal(engine_get(e, "/_ping", 1000, &status, &body), -ECONNREFUSED);
	engine_close(e);
	assert_null(body);

	/* and once the server is gone, the live socket too */
	fake_engine_stop(f->server);
	f->server = 0;
	assert_false(engine_ping(f->e, 1000));
	assert_int_equal(engine_get(f->e, "/_ping", 1000, &status, &body), -ECONNREFUSED);
}

static void test_bad_arguments(void **state)
{
	struct fixture *f = *state;
	long status = 0;
	char *body = NULL;
	assert_int_equal(engine_get(f->e, "_ping", 1000, &status, &body), -EINVAL);
	assert_int_equal(engine_get(f->e, "/a b", 1000, &status, &body), -EINVAL);
	assert_int_equal(engine_get(f->e, "/a\r\nX: y", 1000, &status, &body), -EINVAL);
	assert_int_equal(engine_get(f->e, "/_ping", 0, &status, &body), -EINVAL);
	assert_int_equal(engine_get(f->e, "/_ping", -5, &status, &body), -EINVAL);
	assert_int_equal(curl_unix_get("relative.sock", "/_ping", 1000, 0, &status, &body, NULL),
			 -EINVAL);
	char longpath[200];
	memset(longpath, 'a', sizeof(longpath));
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(curl_unix_get(longpath, "/_ping", 1000, 0, &status, &body, NULL),
			 -ENAMETOOLONG);
	assert_null(body);
}

static int accepted(void)
{
	return __atomic_load_n(&fake_engine_stats->accepted, __ATOMIC_SEQ_CST);
}

static int max_open(void)
{
	return __atomic_load_n(&fake_engine_stats->max_open, __ATOMIC_SEQ_CST);
}

static void test_url(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *want = xasprintf("unix://%s", f->sock);
	assert_string_equal(engine_url(f->e), want);
	assert_null(engine_url(NULL));
}

static void test_keep_alive(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(accepted(), 0);
	for (int i = 0; i < 50; i++) {
		_cleanup_free_ char *path = xasprintf("/echo/req-%d", i);
		_cleanup_free_ char *want = xasprintf("req-%d", i);
		_cleanup_free_ char *body = NULL;
		long status = 0;
		assert_int_equal(engine_get(f->e, path, 2000, &status, &body), 0);
		assert_int_equal(status, 200);
		assert_string_equal(body, want);
	}
	assert_int_equal(accepted(), 1);
	/* statuses other than 200 keep the connection too */
	_cleanup_free_ char *b404 = NULL, *b500 = NULL;
	long status = 0;
	assert_int_equal(engine_get(f->e, "/nothing-here", 2000, &status, &b404), 0);
	assert_int_equal(status, 404);
	assert_int_equal(engine_get(f->e, "/500", 2000, &status, &b500), 0);
	assert_int_equal(status, 500);
	assert_true(engine_ping(f->e, 2000));
	assert_int_equal(accepted(), 1);

	/* the one-shot wrapper: a connection each */
	for (int i = 0; i < 10; i++) {
		_cleanup_free_ char *body = NULL;
		assert_int_equal(curl_unix_get(f->sock, "/_ping", 2000, 0, &status, &body, NULL), 0);
		assert_string_equal(body, "OK");
	}
	assert_int_equal(accepted(), 11);
}

/* The server closes after an answer ("Connection: close"), or goes away and another takes its
 * socket (dockerd restarted): the next request opens a new connection, no error. */
static void test_reconnect(void **state)
{
	struct fixture *f = *state;
	long status = 0;
	_cleanup_free_ char *last = NULL, *ping = NULL, *info1 = NULL, *info2 = NULL;
	assert_int_equal(engine_get(f->e, "/last", 2000, &status, &last), 0);
	assert_string_equal(last, "OK");
	assert_int_equal(engine_get(f->e, "/_ping", 2000, &status, &ping), 0);
	assert_string_equal(ping, "OK");
	assert_int_equal(accepted(), 2);

	assert_int_equal(engine_get(f->e, "/v1.41/info", 2000, &status, &info1), 0);
	pid_t old = f->server;
	_cleanup_free_ char *want_old = xasprintf("\"ServerPid\":%d}", (int)old);
	assert_non_null(strstr(info1, want_old));
	fake_engine_stop(old);
	f->server = fake_engine_start(f->sock);
	assert_true(f->server > 0);
	assert_int_equal(engine_get(f->e, "/v1.41/info", 2000, &status, &info2), 0);
	assert_int_equal(status, 200);
	_cleanup_free_ char *want_new = xasprintf("\"ServerPid\":%d}", (int)f->server);
	assert_non_null(strstr(info2, want_new));
	assert_int_equal(accepted(), 1);
}

/* A command run while a handle is open (the restart path) inherits none of its connections. */
static void test_cloexec(void **state)
{
	struct fixture *f = *state;
	struct engine_request reqs[8] = {{0}};
	for (size_t i = 0; i < ELEMENTSOF(reqs); i++)
		reqs[i].path = "/sleep/50";
	assert_int_equal(engine_get_many(f->e, reqs, ELEMENTSOF(reqs), 4, 2000), 0);
	for (size_t i = 0; i < ELEMENTSOF(reqs); i++) {
		assert_int_equal(reqs[i].error, 0);
		free(reqs[i].body);
	}
	assert_int_equal(accepted(), 4);
	DIR *d = opendir("/proc/self/fd");
	assert_non_null(d);
	int sockets = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		uint32_t fd;
		struct sockaddr_un peer = {0};
		socklen_t len = sizeof(peer);
		/* the connections to the server (libcurl 7.88's own wakeup socketpair is not
		 * close-on-exec, and we cannot reach it: it leads nowhere) */
		if (parse_uint32(de->d_name, &fd) < 0 || (int)fd == dirfd(d) ||
		    getpeername((int)fd, (struct sockaddr *)&peer, &len) < 0 ||
		    peer.sun_family != AF_UNIX || !STREQ(peer.sun_path, f->sock))
			continue;
		sockets++;
		assert_true(fcntl((int)fd, F_GETFD) & FD_CLOEXEC);
	}
	closedir(d);
	assert_int_equal(sockets, 4); /* the kept-alive connections */
}

static void requests_free(struct engine_request *reqs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(reqs[i].body);
}

static void test_get_many(void **state)
{
	struct fixture *f = *state;
	enum { N = 200 };
	struct engine_request reqs[N] = {{0}};
	char *paths[N];
	for (size_t i = 0; i < N; i++) {
		paths[i] = xasprintf("/echo/container-%zu", i);
		reqs[i] = (struct engine_request){.path = paths[i], .error = 1, .status = 1};
	}
	assert_int_equal(engine_get_many(f->e, reqs, N, 4, 5000), 0);
	for (size_t i = 0; i < N; i++) {
		_cleanup_free_ char *want = xasprintf("container-%zu", i);
		assert_ptr_equal(reqs[i].path, paths[i]);
		assert_int_equal(reqs[i].error, 0);
		assert_int_equal(reqs[i].status, 200);
		assert_string_equal(reqs[i].body, want);
		assert_int_equal(reqs[i].len, strlen(want));
	}
	requests_free(reqs, N);
	assert_int_equal(accepted(), 4);
	assert_true(max_open() <= 4);

	/* the next batch and the next single GET find the same connections */
	assert_int_equal(engine_get_many(f->e, reqs, N, 4, 5000), 0);
	requests_free(reqs, N);
	assert_true(engine_ping(f->e, 2000));
	assert_int_equal(accepted(), 4);
	for (size_t i = 0; i < N; i++)
		free(paths[i]);

	/* parallel 1: one connection for everything */
	struct engine *e = NULL;
	_cleanup_free_ char *host = xasprintf("unix://%s", f->sock);
	assert_int_equal(engine_open(host, &e), 0);
	struct engine_request few[30] = {{0}};
	for (size_t i = 0; i < ELEMENTSOF(few); i++)
		few[i].path = "/_ping";
	assert_int_equal(engine_get_many(e, few, ELEMENTSOF(few), 1, 2000), 0);
	for (size_t i = 0; i < ELEMENTSOF(few); i++)
		assert_string_equal(few[i].body, "OK");
	requests_free(few, ELEMENTSOF(few));
	engine_close(e);
	assert_int_equal(accepted(), 5);
	assert_int_equal(engine_get_many(f->e, few, 0, 4, 1000), 0);
}

/* Each request has its own outcome: statuses, one that times out, one that is refused. */
static void test_get_many_mixed(void **state)
{
	struct fixture *f = *state;
	enum { N = 60 };
	struct engine_request reqs[N] = {{0}};
	char *paths[N];
	for (size_t i = 0; i < N; i++) {
		paths[i] = i == 7 ? xstrdup("/slow")
			   : i % 3 == 1 ? xasprintf("/missing/%zu", i)
			   : i % 3 == 2 ? xstrdup("/500")
					: xasprintf("/echo/%zu", i);
		reqs[i].path = paths[i];
	}
	reqs[11].path = "/bad path";
	int64_t t0 = now_ms();
	assert_int_equal(engine_get_many(f->e, reqs, N, 4, 800), 0);
	int64_t took = now_ms() - t0;
	assert_true(took >= 750);
	assert_true(took < 2500); /* /slow answers after 3 s: not waited for */
	for (size_t i = 0; i < N; i++) {
		if (i == 7) {
			assert_int_equal(reqs[i].error, -ETIMEDOUT);
			assert_null(reqs[i].body);
			continue;
		}
		if (i == 11) {
			assert_int_equal(reqs[i].error, -EINVAL);
			assert_null(reqs[i].body);
			continue;
		}
		assert_int_equal(reqs[i].error, 0);
		if (i % 3 == 1) {
			assert_int_equal(reqs[i].status, 404);
			assert_string_equal(reqs[i].body, "not found");
		} else if (i % 3 == 2) {
			assert_int_equal(reqs[i].status, 500);
			assert_string_equal(reqs[i].body, "boom");
		} else {
			_cleanup_free_ char *want = xasprintf("%zu", i);
			assert_int_equal(reqs[i].status, 200);
			assert_string_equal(reqs[i].body, want);
		}
	}
	requests_free(reqs, N);
	for (size_t i = 0; i < N; i++)
		free(paths[i]);

	/* limits of the body, and a peer that hangs up, per request */
	_cleanup_free_ char *over = xasprintf("/bytes/%u", CURL_UNIX_BODY_MAX + 1);
	struct engine_request odd[4] = {
		{.path = over}, {.path = "/close"}, {.path = "/garbage"}, {.path = "/_ping"}};
	assert_int_equal(engine_get_many(f->e, odd, 4, 2, 10000), 0);
	assert_int_equal(odd[0].error, -EFBIG);
	assert_int_equal(odd[1].error, -ECONNRESET);
	assert_int_equal(odd[2].error, -EPROTO);
	assert_int_equal(odd[3].error, 0);
	assert_string_equal(odd[3].body, "OK");
	requests_free(odd, 4);
}

static void test_get_many_unreachable(void **state)
{
	struct fixture *f = *state;
	struct engine_request reqs[20] = {{0}};
	for (size_t i = 0; i < ELEMENTSOF(reqs); i++)
		reqs[i].path = "/_ping";
	struct engine *e = NULL;
	_cleanup_free_ char *absent = xasprintf("unix://%s/absent.sock", f->dir);
	assert_int_equal(engine_open(absent, &e), 0);
	assert_int_equal(engine_get_many(e, reqs, ELEMENTSOF(reqs), 4, 1000), -ENOENT);
	for (size_t i = 0; i < ELEMENTSOF(reqs); i++) {
		assert_int_equal(reqs[i].error, -ENOENT);
		assert_null(reqs[i].body);
	}
	engine_close(e);

	fake_engine_stop(f->server);
	f->server = 0;
	assert_int_equal(engine_get_many(f->e, reqs, ELEMENTSOF(reqs), 4, 1000), -ECONNREFUSED);
	for (size_t i = 0; i < ELEMENTSOF(reqs); i++)
		assert_int_equal(reqs[i].error, -ECONNREFUSED);

	/* bad arguments: nothing is run */
	assert_int_equal(engine_get_many(f->e, reqs, ELEMENTSOF(reqs), 0, 1000), -EINVAL);
	assert_int_equal(engine_get_many(f->e, reqs, ELEMENTSOF(reqs), 17, 1000), -EINVAL);
	assert_int_equal(engine_get_many(f->e, reqs, ELEMENTSOF(reqs), 4, 0), -EINVAL);
	assert_int_equal(engine_get_many(f->e, NULL, 3, 4, 1000), -EINVAL);
	assert_int_equal(engine_get_many(NULL, reqs, ELEMENTSOF(reqs), 4, 1000), -EINVAL);
}

static void test_open_endpoint(void **state)
{
	(void)state;
	struct engine *e = NULL;
	struct engine_endpoint ok = {.url = "tcp://127.0.0.1:2376",
				     .base_url = "https://127.0.0.1:2376",
				     .tls = true,
				     .tls_verify = true,
				     .tls_ca = "/nonexistent/ca.pem"};
	assert_int_equal(engine_open_endpoint(&ok, &e), 0);
	assert_string_equal(engine_url(e), "tcp://127.0.0.1:2376");
	engine_close(e);

	const struct engine_endpoint bad[] = {
		{.socket_path = "/run/docker.sock"}, /* no url */
		{.url = "unix:///run/docker.sock"},  /* neither */
		{.url = "x", .socket_path = "/s", .base_url = "http://h:1"},    /* both */
		{.url = "unix://run/docker.sock", .socket_path = "run/docker.sock"},
		{.url = "x", .socket_path = "/s", .tls = true}, /* TLS on a unix socket */
		{.url = "x", .base_url = "https://h:1"},        /* https without tls */
		{.url = "x", .base_url = "http://h:1", .tls = true},
		{.url = "x", .base_url = "ftp://h:1"},
		{.url = "x", .base_url = "http://h:1", .tls_verify = true},
	};
	for (size_t i = 0; i < ELEMENTSOF(bad); i++)
		assert_int_equal(engine_open_endpoint(&bad[i], &e), -EINVAL);
	assert_int_equal(engine_open_endpoint(NULL, &e), -EINVAL);
}

struct tcp_fixture {
	pid_t server;
	uint16_t port;
};

static int tcp_setup(void **state)
{
	struct tcp_fixture *t = xcalloc(1, sizeof(*t));
	t->server = fake_engine_start_tcp(&t->port);
	assert_true(t->server > 0);
	*state = t;
	return 0;
}

static int tcp_teardown(void **state)
{
	struct tcp_fixture *t = *state;
	fake_engine_stop(t->server);
	free(t);
	return 0;
}

/* The same client over plain TCP (tcp://HOST:PORT without TLS). */
static void test_tcp(void **state)
{
	struct tcp_fixture *t = *state;
	uint16_t port = t->port;
	_cleanup_free_ char *url = xasprintf("tcp://127.0.0.1:%u", port);
	_cleanup_free_ char *base = xasprintf("http://127.0.0.1:%u", port);
	struct engine_endpoint ep = {.url = url, .base_url = base};
	struct engine *e = NULL;
	assert_int_equal(engine_open_endpoint(&ep, &e), 0);
	for (int i = 0; i < 30; i++)
		assert_true(engine_ping(e, 2000));
	assert_int_equal(accepted(), 1);
	struct engine_request reqs[100] = {{0}};
	for (size_t i = 0; i < ELEMENTSOF(reqs); i++)
		reqs[i].path = i % 2 ? "/_ping" : "/nothing";
	assert_int_equal(engine_get_many(e, reqs, ELEMENTSOF(reqs), 3, 2000), 0);
	for (size_t i = 0; i < ELEMENTSOF(reqs); i++) {
		assert_int_equal(reqs[i].error, 0);
		assert_int_equal(reqs[i].status, i % 2 ? 200 : 404);
	}
	requests_free(reqs, ELEMENTSOF(reqs));
	assert_int_equal(accepted(), 3); /* the kept one and two more */
	assert_true(max_open() <= 3);

	/* https to a server that speaks plain HTTP: no handshake */
	_cleanup_free_ char *sbase = xasprintf("https://127.0.0.1:%u", port);
	struct engine_endpoint tls = {.url = url, .base_url = sbase, .tls = true, .tls_verify = true};
	struct engine *te = NULL;
	assert_int_equal(engine_open_endpoint(&tls, &te), 0);
	long status = 0;
	char *body = NULL;
	assert_int_equal(engine_get(te, "/_ping", 2000, &status, &body), -EKEYREJECTED);
	engine_close(te);

	fake_engine_stop(t->server);
	t->server = 0;
	assert_int_equal(engine_get(e, "/_ping", 2000, &status, &body), -ECONNREFUSED);
	assert_null(body);
	engine_close(e);
}

/* TLS: `openssl s_server` requiring a client certificate from ca.pem. */
struct tls_fixture {
	char *dir;
	pid_t servers[3];
	uint16_t good, other, wrongname; /* ports: cert from ca, from other-ca, for another name */
};

static int connect_port(uint16_t port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int r = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -errno : 0;
	close(fd);
	return r;
}

static pid_t s_server_start(const char *dir, const char *cert, const char *key, uint16_t *ret_port)
{
	/* a free port: bind it, let it go, hand it to s_server (it may be taken meanwhile: the
	 * start then fails visibly) */
	int lfd = fake_engine_listen_tcp(ret_port);
	if (lfd < 0)
		return lfd;
	close(lfd);
	_cleanup_free_ char *accept = xasprintf("127.0.0.1:%u", *ret_port);
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (null < 0 || chdir(dir) < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
		    dup2(null, 2) < 0)
			_exit(127);
		execlp("openssl", "openssl", "s_server", "-quiet", "-www", "-accept", accept,
		       "-cert", cert, "-key", key, "-CAfile", "ca.pem", "-Verify", "1",
		       "-verify_return_error", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {
		if (connect_port(*ret_port) == 0)
			return pid;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -EIO;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -ETIMEDOUT;
}

static int tls_setup(void **state)
{
	const char *data = getenv("DOCKWARD_TEST_DATA");
	if (!data || system("openssl version >/dev/null 2>&1") != 0) {
		*state = NULL;
		return 0;
	}
	struct tls_fixture *t = xcalloc(1, sizeof(*t));
	char tmpl[] = "/tmp/dw-tls.XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	t->dir = xstrdup(tmpl);
	_cleanup_free_ char *cmd = xasprintf("'%s/tls/make-certs.sh' '%s'", data, t->dir);
	assert_int_equal(system(cmd), 0);
	t->servers[0] = s_server_start(t->dir, "server-cert.pem", "server-key.pem", &t->good);
	t->servers[1] =
		s_server_start(t->dir, "other-server-cert.pem", "other-server-key.pem", &t->other);
	t->servers[2] =
		s_server_start(t->dir, "wrongname-cert.pem", "wrongname-key.pem", &t->wrongname);
	for (size_t i = 0; i < ELEMENTSOF(t->servers); i++)
		assert_true(t->servers[i] > 0);
	*state = t;
	return 0;
}

static int tls_teardown(void **state)
{
	struct tls_fixture *t = *state;
	if (!t)
		return 0;
	for (size_t i = 0; i < ELEMENTSOF(t->servers); i++)
		if (t->servers[i] > 0) {
			kill(t->servers[i], SIGKILL);
			waitpid(t->servers[i], NULL, 0);
		}
	_cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t->dir);
	free(t);
	return 0;
}

/* GET / on port with these files (names in the fixture's directory, or NULL). */
static int tls_get(const struct tls_fixture *t, uint16_t port, bool verify, const char *ca,
		   const char *cert, const char *key, long *ret_status, char **ret_body)
{
	_cleanup_free_ char *url = xasprintf("tcp://127.0.0.1:%u", port);
	_cleanup_free_ char *base = xasprintf("https://127.0.0.1:%u", port);
	_cleanup_free_ char *ca_path = ca ? xasprintf("%s/%s", t->dir, ca) : NULL;
	_cleanup_free_ char *cert_path = cert ? xasprintf("%s/%s", t->dir, cert) : NULL;
	_cleanup_free_ char *key_path = key ? xasprintf("%s/%s", t->dir, key) : NULL;
	struct engine_endpoint ep = {.url = url, .base_url = base, .tls = true,
				     .tls_verify = verify, .tls_ca = ca_path,
				     .tls_cert = cert_path, .tls_key = key_path};
	struct engine *e = NULL;
	int r = engine_open_endpoint(&ep, &e);
	if (r < 0)
		return r;
	r = engine_get(e, "/", 5000, ret_status, ret_body);
	engine_close(e);
	return r;
}

static void test_tls(void **state)
{
	struct tls_fixture *t = *state;
	if (!t)
		skip();
	long status = 0;
	char *none = NULL;

	/* the right CA and a client certificate from it */
	_cleanup_free_ char *body = NULL;
	assert_int_equal(tls_get(t, t->good, true, "ca.pem", "cert.pem", "key.pem", &status, &body),
			 0);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "<HTML>"));

	/* a batch over TLS */
	_cleanup_free_ char *url = xasprintf("tcp://127.0.0.1:%u", t->good);
	_cleanup_free_ char *base = xasprintf("https://127.0.0.1:%u", t->good);
	_cleanup_free_ char *ca = xasprintf("%s/ca.pem", t->dir);
	_cleanup_free_ char *cert = xasprintf("%s/cert.pem", t->dir);
	_cleanup_free_ char *key = xasprintf("%s/key.pem", t->dir);
	struct engine_endpoint ep = {.url = url, .base_url = base, .tls = true, .tls_verify = true,
				     .tls_ca = ca, .tls_cert = cert, .tls_key = key};
	struct engine *e = NULL;
	assert_int_equal(engine_open_endpoint(&ep, &e), 0);
	struct engine_request reqs[6] = {{0}};
	for (size_t i = 0; i < ELEMENTSOF(reqs); i++)
		reqs[i].path = "/";
	assert_int_equal(engine_get_many(e, reqs, ELEMENTSOF(reqs), 2, 5000), 0);
	for (size_t i = 0; i < ELEMENTSOF(reqs); i++) {
		assert_int_equal(reqs[i].error, 0);
		assert_int_equal(reqs[i].status, 200);
	}
	requests_free(reqs, ELEMENTSOF(reqs));
	engine_close(e);

	/* the server's certificate is from another CA, or for another name */
	assert_int_equal(tls_get(t, t->other, true, "ca.pem", "cert.pem", "key.pem", &status, &none),
			 -EKEYREJECTED);
	assert_int_equal(tls_get(t, t->good, true, "other-ca.pem", "cert.pem", "key.pem", &status,
				 &none),
			 -EKEYREJECTED);
	assert_int_equal(tls_get(t, t->wrongname, true, "ca.pem", "cert.pem", "key.pem", &status,
				 &none),
			 -EKEYREJECTED);
	/* DOCKER_TLS without DOCKER_TLS_VERIFY: the server is not checked, as with the CLI */
	_cleanup_free_ char *unverified = NULL;
	assert_int_equal(tls_get(t, t->other, false, NULL, "cert.pem", "key.pem", &status,
				 &unverified),
			 0);
	assert_int_equal(status, 200);

	/* the server refuses our certificate, or the lack of one (absent files are not sent) */
	assert_int_equal(tls_get(t, t->good, true, "ca.pem", "other-cert.pem", "other-key.pem",
				 &status, &none),
			 -EKEYREJECTED);
	assert_int_equal(tls_get(t, t->good, true, "ca.pem", NULL, NULL, &status, &none),
			 -EKEYREJECTED);
	assert_int_equal(tls_get(t, t->good, true, "ca.pem", "absent.pem", "absent-key.pem",
				 &status, &none),
			 -EKEYREJECTED);

	/* files that cannot be used */
	_cleanup_free_ char *junk = xasprintf("%s/junk.pem", t->dir);
	FILE *fp = fopen(junk, "we");
	assert_non_null(fp);
	fputs("not a certificate\n", fp);
	fclose(fp);
	assert_int_equal(tls_get(t, t->good, true, "absent-ca.pem", "cert.pem", "key.pem", &status,
				 &none),
			 -ENOKEY);
	assert_int_equal(tls_get(t, t->good, true, "junk.pem", "cert.pem", "key.pem", &status,
				 &none),
			 -ENOKEY);
	assert_int_equal(tls_get(t, t->good, true, "ca.pem", "junk.pem", "key.pem", &status, &none),
			 -ENOKEY);
	assert_int_equal(tls_get(t, t->good, true, "ca.pem", "cert.pem", "junk.pem", &status, &none),
			 -ENOKEY);
	assert_int_equal(tls_get(t, t->good, true, "ca.pem", "cert.pem", "other-key.pem", &status,
				 &none),
			 -ENOKEY);
	/* a certificate without its key (or the reverse) is not silently dropped */
	assert_int_equal(tls_get(t, t->good, true, "ca.pem", "cert.pem", "absent-key.pem", &status,
				 &none),
			 -ENOKEY);
	assert_null(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),
		cmocka_unit_test_setup_teardown(test_ping_and_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_and_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_body_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_http, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nobody_listens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_alive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reconnect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cloexec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_many_mixed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_many_unreachable, setup, teardown),
		cmocka_unit_test(test_open_endpoint),
		cmocka_unit_test_setup_teardown(test_tcp, tcp_setup, tcp_teardown),
		cmocka_unit_test_setup_teardown(test_tls, tls_setup, tls_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
