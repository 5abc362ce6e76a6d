/* test-engine.c: the Engine API client (src/engine/engine.c) and its libcurl wrapper
 * (src/util/curl-util.c), against a fake dockerd on a unix socket (fake-engine.h).
 *
 * Every mapping of the contract: 200 with a body, another status with its body, the ping's
 * "OK" (and a 200 that is not "OK"), -ENOENT for an absent socket, -ECONNREFUSED for a socket
 * file nobody listens on and for a file that is not a socket, -ETIMEDOUT within the bound, the
 * 16 MiB body limit on both sides of the boundary (announced length and chunked), -ECONNRESET
 * for a peer that hangs up, -EPROTO for one that does not speak HTTP, and the -EINVAL cases. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
