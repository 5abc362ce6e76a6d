/* test-docker-host.c: where the engine is (engine_resolve_host(), src/engine/docker-host.c).
 *
 * One table of (--docker-host, DOCKER_HOST, live, DOCKER_TLS_VERIFY, DOCKER_TLS,
 * DOCKER_CERT_PATH, HOME) -> the endpoint, or -EINVAL with the exact message. The docker CLI's
 * order (argument, variable, default) and its defaults (ports 2375/2376, the TLS files), an
 * offline root that only takes the argument, and every refusal: other schemes, relative or too
 * long socket paths, tcp:// without a host or with a bad port, a path, user info, unbracketed
 * IPv6, control characters, TLS files nowhere. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "util.h"

struct row {
	const char *arg, *env;
	bool offline;
	const char *verify, *tls, *cert_path, *home;
	/* expected */
	int r;
	const char *url, *socket_path, *base_url;
	bool want_tls, want_verify;
	const char *ca, *cert, *key;
	const char *why;
};

#define UNSUPPORTED ": use unix:// or tcp://"

static const struct row rows[] = {
	/* the order: argument, DOCKER_HOST, the default */
	{.url = "unix:///var/run/docker.sock", .socket_path = "/var/run/docker.sock"},
	{.env = "unix:///run/docker.sock", .url = "unix:///run/docker.sock",
	 .socket_path = "/run/docker.sock"},
	{.arg = "unix:///a.sock", .env = "tcp://10.0.0.1", .url = "unix:///a.sock",
	 .socket_path = "/a.sock"},
	{.arg = "", .env = "unix:///b.sock", .url = "unix:///b.sock", .socket_path = "/b.sock"},
	{.arg = "  ", .env = " unix:///b.sock\n", .url = "unix:///b.sock", .socket_path = "/b.sock"},
	{.env = "", .url = "unix:///var/run/docker.sock", .socket_path = "/var/run/docker.sock"},
	/* an offline root: the argument or nothing (DOCKER_HOST is the machine's, not the root's) */
	{.offline = true},
	{.offline = true, .env = "unix:///run/docker.sock"},
	{.offline = true, .env = "ssh://not-looked-at"},
	{.offline = true, .arg = "unix:///root/run/docker.sock", .env = "tcp://x",
	 .url = "unix:///root/run/docker.sock", .socket_path = "/root/run/docker.sock"},
	/* tcp:// without TLS */
	{.env = "tcp://10.0.0.1:2376", .url = "tcp://10.0.0.1:2376",
	 .base_url = "http://10.0.0.1:2376"},
	{.env = "tcp://10.0.0.1", .url = "tcp://10.0.0.1:2375", .base_url = "http://10.0.0.1:2375"},
	{.env = "tcp://docker-1.example_net:", .url = "tcp://docker-1.example_net:2375",
	 .base_url = "http://docker-1.example_net:2375"},
	{.env = "tcp://h:2376/", .url = "tcp://h:2376", .base_url = "http://h:2376"},
	{.env = "10.0.0.1:2376", .url = "tcp://10.0.0.1:2376", .base_url = "http://10.0.0.1:2376"},
	{.env = "localhost", .url = "tcp://localhost:2375", .base_url = "http://localhost:2375"},
	{.env = "tcp://[::1]:2376", .url = "tcp://[::1]:2376", .base_url = "http://[::1]:2376"},
	{.env = "tcp://[fe80::1]", .url = "tcp://[fe80::1]:2375", .base_url = "http://[fe80::1]:2375"},
	{.env = "tcp://h:1", .url = "tcp://h:1", .base_url = "http://h:1"},
	{.env = "tcp://h:65535", .url = "tcp://h:65535", .base_url = "http://h:65535"},
	/* TLS: DOCKER_TLS_VERIFY (any non-empty value), DOCKER_TLS; files from DOCKER_CERT_PATH,
	 * else HOME/.docker; the CA only when verifying */
	{.env = "tcp://10.0.0.1", .verify = "1", .home = "/root", .url = "tcp://10.0.0.1:2376",
	 .base_url = "https://10.0.0.1:2376", .want_tls = true, .want_verify = true,
	 .ca = "/root/.docker/ca.pem", .cert = "/root/.docker/cert.pem",
	 .key = "/root/.docker/key.pem"},
	{.env = "tcp://10.0.0.1:2375", .verify = "0", .cert_path = "/etc/docker/certs/",
	 .home = "/root", .url = "tcp://10.0.0.1:2375", .base_url = "https://10.0.0.1:2375",
	 .want_tls = true, .want_verify = true, .ca = "/etc/docker/certs/ca.pem",
	 .cert = "/etc/docker/certs/cert.pem", .key = "/etc/docker/certs/key.pem"},
	{.env = "tcp://h", .tls = "1", .cert_path = "/c", .url = "tcp://h:2376",
	 .base_url = "https://h:2376", .want_tls = true, .cert = "/c/cert.pem", .key = "/c/key.pem"},
	{.env = "tcp://[::1]", .tls = "yes", .home = "/", .url = "tcp://[::1]:2376",
	 .base_url = "https://[::1]:2376", .want_tls = true, .cert = "/.docker/cert.pem",
	 .key = "/.docker/key.pem"},
	{.env = "tcp://h", .tls = "1", .home = "/home/u//", .url = "tcp://h:2376",
	 .base_url = "https://h:2376", .want_tls = true, .cert = "/home/u/.docker/cert.pem",
	 .key = "/home/u/.docker/key.pem"},
	{.env = "tcp://h", .verify = "", .tls = "", .home = "/root", .url = "tcp://h:2375",
	 .base_url = "http://h:2375"},
	{.env = "tcp://h", .verify = "1", .cert_path = "/", .url = "tcp://h:2376",
	 .base_url = "https://h:2376", .want_tls = true, .want_verify = true, .ca = "/ca.pem",
	 .cert = "/cert.pem", .key = "/key.pem"},
	/* TLS is for tcp:// only */
	{.env = "unix:///s", .verify = "1", .home = "/root", .url = "unix:///s", .socket_path = "/s"},

	/* other schemes */
	{.env = "ssh://x", .r = -EINVAL,
	 .why = "DOCKER_HOST='ssh://x': ssh:// is not supported" UNSUPPORTED},
	{.arg = "npipe:////./pipe/docker_engine", .r = -EINVAL,
	 .why = "--docker-host='npipe:////./pipe/docker_engine': npipe:// is not supported"
		UNSUPPORTED},
	{.env = "fd://", .r = -EINVAL, .why = "DOCKER_HOST='fd://': fd:// is not supported" UNSUPPORTED},
	{.env = "http://h:2375", .r = -EINVAL,
	 .why = "DOCKER_HOST='http://h:2375': http:// is not supported" UNSUPPORTED},
	{.env = "TCP://h", .r = -EINVAL, .why = "DOCKER_HOST='TCP://h': TCP:// is not supported" UNSUPPORTED},
	{.env = "://h", .r = -EINVAL,
	 .why = "DOCKER_HOST='://h': no scheme before '://': use unix:// or tcp://"},
	{.env = "/var/run/docker.sock", .r = -EINVAL,
	 .why = "DOCKER_HOST='/var/run/docker.sock': no scheme: a unix socket is written "
		"unix:///var/run/docker.sock"},
	/* unix:// */
	{.env = "unix://", .r = -EINVAL, .why = "DOCKER_HOST='unix://': no socket path: use unix:///PATH"},
	{.arg = "unix://run/docker.sock", .r = -EINVAL,
	 .why = "--docker-host='unix://run/docker.sock': the socket path is relative: use "
		"unix:///PATH (absolute)"},
	/* tcp:// */
	{.env = "tcp://", .r = -EINVAL, .why = "DOCKER_HOST='tcp://': no host: use tcp://HOST:PORT"},
	{.env = "tcp://:2376", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://:2376': no host: use tcp://HOST:PORT"},
	{.env = "tcp://h:0", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://h:0': bad port '0': a number from 1 to 65535"},
	{.env = "tcp://h:65536", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://h:65536': bad port '65536': a number from 1 to 65535"},
	{.env = "tcp://h:-1", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://h:-1': bad port '-1': a number from 1 to 65535"},
	{.env = "tcp://h:http", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://h:http': bad port 'http': a number from 1 to 65535"},
	{.env = "tcp://[::1]:99999", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://[::1]:99999': bad port '99999': a number from 1 to 65535"},
	{.env = "tcp://h:2376/v1.41", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://h:2376/v1.41': a path is not allowed: use tcp://HOST:PORT"},
	{.env = "tcp://u@h:2376", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://u@h:2376': unexpected '@', '?' or '#': use tcp://HOST:PORT"},
	{.env = "tcp://h:2376?x", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://h:2376?x': unexpected '@', '?' or '#': use tcp://HOST:PORT"},
	{.env = "tcp://::1:2376", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://::1:2376': an IPv6 address goes in brackets: "
		"tcp://[ADDRESS]:PORT"},
	{.env = "tcp://[::1", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://[::1': bad IPv6 address: use tcp://[ADDRESS]:PORT"},
	{.env = "tcp://[]:1", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://[]:1': bad IPv6 address: use tcp://[ADDRESS]:PORT"},
	{.env = "tcp://[h]:1", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://[h]:1': bad IPv6 address: use tcp://[ADDRESS]:PORT"},
	{.env = "tcp://[::1]x", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://[::1]x': unexpected text after the IPv6 address"},
	{.env = "tcp://h!:1", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://h!:1': bad host name: use tcp://HOST:PORT"},
	{.arg = "tcp://h\n:1", .r = -EINVAL,
	 .why = "--docker-host='tcp://h?:1': control characters are not allowed"},
	/* TLS files nowhere, or relative */
	{.env = "tcp://h", .verify = "1", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://h': TLS is on (DOCKER_TLS_VERIFY) but neither DOCKER_CERT_PATH "
		"nor an absolute HOME says where ca.pem, cert.pem and key.pem are"},
	{.env = "tcp://h", .tls = "1", .home = "root", .r = -EINVAL,
	 .why = "DOCKER_HOST='tcp://h': TLS is on (DOCKER_TLS) but neither DOCKER_CERT_PATH "
		"nor an absolute HOME says where ca.pem, cert.pem and key.pem are"},
	{.env = "tcp://h", .verify = "1", .cert_path = "certs", .home = "/root", .r = -EINVAL,
	 .why = "DOCKER_CERT_PATH='certs': not an absolute path"},
	/* ... but not looked at without TLS */
	{.env = "tcp://h", .cert_path = "certs", .url = "tcp://h:2375", .base_url = "http://h:2375"},
};

static void check_row(const struct row *w)
{
	struct engine_endpoint ep = {.url = (char *)"untouched"};
	_cleanup_free_ char *why = NULL;
	int r = engine_resolve_host(w->arg, w->env, !w->offline, w->verify, w->tls, w->cert_path,
				    w->home, &ep, &why);
	if (r != w->r)
		fail_msg("arg '%s' env '%s': %d (%s), expected %d", w->arg ? w->arg : "(null)",
			 w->env ? w->env : "(null)", r, why ? why : "", w->r);
	if (r < 0) {
		assert_string_equal(ep.url, "untouched");
		assert_non_null(why);
		assert_string_equal(why, w->why);
		return;
	}
	assert_null(why);
	if (w->url)
		assert_string_equal(ep.url, w->url);
	else
		assert_null(ep.url);
	if (w->socket_path)
		assert_string_equal(ep.socket_path, w->socket_path);
	else
		assert_null(ep.socket_path);
	if (w->base_url)
		assert_string_equal(ep.base_url, w->base_url);
	else
		assert_null(ep.base_url);
	assert_int_equal(ep.tls, w->want_tls);
	assert_int_equal(ep.tls_verify, w->want_verify);
	const char *got[] = {ep.tls_ca, ep.tls_cert, ep.tls_key};
	const char *want[] = {w->ca, w->cert, w->key};
	for (size_t i = 0; i < 3; i++)
		if (want[i])
			assert_string_equal(got[i], want[i]);
		else
			assert_null(got[i]);
	engine_endpoint_release(&ep);
	assert_null(ep.url);
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(rows); i++)
		check_row(&rows[i]);
}

/* sun_path holds 107 bytes and the NUL; a long value is cut in the message. */
static void test_lengths(void **state)
{
	(void)state;
	char path[120];
	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[107] = '\0';
	_cleanup_free_ char *fits = xasprintf("unix://%s", path);
	struct engine_endpoint ep = {0};
	char *why = NULL;
	assert_int_equal(engine_resolve_host(fits, NULL, true, NULL, NULL, NULL, NULL, &ep, &why), 0);
	assert_int_equal(strlen(ep.socket_path), 107);
	engine_endpoint_release(&ep);

	path[107] = 'a';
	path[108] = '\0';
	_cleanup_free_ char *over = xasprintf("unix://%s", path);
	assert_int_equal(engine_resolve_host(NULL, over, true, NULL, NULL, NULL, NULL, &ep, &why),
			 -EINVAL);
	_cleanup_free_ char *want = xasprintf("DOCKER_HOST='%s': the socket path is 108 bytes long, "
					      "a unix socket address holds 107",
					      over);
	assert_string_equal(why, want);
	free(why);

	char huge[1000];
	memset(huge, 'x', sizeof(huge));
	memcpy(huge, "ssh://", 6);
	huge[sizeof(huge) - 1] = '\0';
	why = NULL;
	assert_int_equal(engine_resolve_host(huge, NULL, true, NULL, NULL, NULL, NULL, &ep, &why),
			 -EINVAL);
	_cleanup_free_ char *shown = xstrndup(huge, 200);
	_cleanup_free_ char *want_huge =
		xasprintf("--docker-host='%s...': ssh:// is not supported: use unix:// or tcp://",
			  shown);
	assert_string_equal(why, want_huge);
	free(why);
	why = NULL;

	/* no message wanted, and bad arguments */
	assert_int_equal(engine_resolve_host("ssh://x", NULL, true, NULL, NULL, NULL, NULL, &ep, NULL),
			 -EINVAL);
	assert_int_equal(engine_resolve_host(NULL, NULL, true, NULL, NULL, NULL, NULL, NULL, &why),
			 -EINVAL);
	engine_endpoint_release(NULL);
}

/* What engine_resolve_host() gives, engine_open_endpoint() takes. */
static void test_opens(void **state)
{
	(void)state;
	const char *hosts[] = {"unix:///run/docker.sock", "tcp://10.0.0.1", "tcp://[::1]:2376"};
	for (size_t i = 0; i < ELEMENTSOF(hosts); i++)
		for (int tls = 0; tls <= 1; tls++) {
			struct engine_endpoint ep = {0};
			assert_int_equal(engine_resolve_host(hosts[i], NULL, true, tls ? "1" : NULL,
							     NULL, NULL, "/root", &ep, NULL),
					 0);
			struct engine *e = NULL;
			assert_int_equal(engine_open_endpoint(&ep, &e), 0);
			assert_string_equal(engine_url(e), ep.url);
			engine_close(e);
			engine_endpoint_release(&ep);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_opens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
