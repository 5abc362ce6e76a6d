/* test-probe-engine.c: the engine probe's choices that need no engine: a host without Docker is
 * not an error, an engine that was named or that Docker should have is.
 *
 * The probe's conversation with a real engine is covered by the golden cases on recorded
 * answers (tests/fixtures/0100-0104, fake-dockerd.py) and the e2e test (tests/e2e). */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"
#include "facts.h"
#include "probe.h"

#define NO_SOCKET "/nonexistent-dockward-test/docker.sock"

static void run_probe(bool implicit, bool installed, struct facts *f, struct host *h)
{
	static struct engine_endpoint ep = {.url = (char *)"unix://" NO_SOCKET,
					    .socket_path = (char *)NO_SOCKET};
	static struct engine_options o;
	o = (struct engine_options){.endpoint = &ep, .implicit = implicit};
	*h = (struct host){.root = (char *)"/", .root_fd = open("/", O_PATH | O_DIRECTORY),
			   .live = true};
	assert_true(h->root_fd >= 0);
	facts_init(f, h);
	f->engine_options = &o;
	f->probed = PROBE_DAEMON; /* as if the daemon probe ran and found what `installed` says */
	f->daemon.installed = installed;
	struct fact_requests q = {0};
	probes_run(h, PROBE_ENGINE, true, &q, f);
}

static void test_no_docker_is_not_an_error(void **state)
{
	(void)state;
	struct facts f;
	struct host h;
	run_probe(true, false, &f, &h);
	assert_int_equal(f.engine.status.state, FACT_UNKNOWN);
	assert_non_null(strstr(f.engine.status.reason, "Docker is not installed"));
	facts_release(&f);
	close(h.root_fd);
}

static void test_docker_installed_but_not_answering(void **state)
{
	(void)state;
	struct facts f;
	struct host h;
	run_probe(true, true, &f, &h);
	assert_int_equal(f.engine.status.state, FACT_UNREADABLE);
	assert_non_null(strstr(f.engine.status.reason, "cannot connect to unix://" NO_SOCKET));
	facts_release(&f);
	close(h.root_fd);
}

static void test_named_engine_not_answering(void **state)
{
	(void)state;
	struct facts f;
	struct host h;
	/* --docker-host or DOCKER_HOST: the user asked for that engine, so it is an error */
	run_probe(false, false, &f, &h);
	assert_int_equal(f.engine.status.state, FACT_UNREADABLE);
	facts_release(&f);
	close(h.root_fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_docker_is_not_an_error),
		cmocka_unit_test(test_docker_installed_but_not_answering),
		cmocka_unit_test(test_named_engine_not_answering),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
