/* test-restart.c: choosing how to restart dockerd, and restarting it (src/apply/restart.c).
 *
 * restart_method() on fake roots: systemd (its runtime directory, or PID 1's comm), the SysV
 * script (only when executable), neither (with the reason), --root without a command (none),
 * a restart_command (always). restart_docker() with restart commands that play the init
 * system: the "daemon" is this test binary run as `test-restart --serve SOCKET PIDFILE` (the
 * fake engine of fake-engine.h). Cases: a daemon started in the background that keeps the
 * command's output pipe open; a restart that returns while the OLD daemon still answers for a
 * while (the answer must come from the new one); an old daemon that never goes away; nothing
 * comes back (bounded); the command fails (its output in the message); the command hangs
 * (killed, bounded); no way to restart; an unsupported docker host; the default socket under
 * the root through a var/run link. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "apply.h"
#include "engine.h"
#include "fake-engine.h"
#include "host.h"

static char self[PATH_MAX];

struct fixture {
	char *dir;  /* <tmp> */
	char *root; /* <tmp>/root */
	char *sock; /* <tmp>/docker.sock */
	char *docker_host;
	char *pidfile; /* the new daemon's */
	pid_t old;     /* a daemon we started ourselves */
	struct host h;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void mkdir_parents(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			(void)mkdir(buf, 0755);
			*p = '/';
		}
}

static void put(const char *root, const char *rel, const char *content, mode_t mode)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static pid_t read_pidfile(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	int pid = 0;
	if (fscanf(f, "%d", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char tmpl[] = "/tmp/dw-restart.XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	f->dir = xstrdup(tmpl);
	f->root = xasprintf("%s/root", f->dir);
	assert_int_equal(mkdir(f->root, 0755), 0);
	f->sock = xasprintf("%s/docker.sock", f->dir);
	f->docker_host = xasprintf("unix://%s", f->sock);
	f->pidfile = xasprintf("%s/new.pid", f->dir);
	assert_int_equal(host_open(&f->h, f->root), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fake_engine_stop(f->old);
	pid_t p = read_pidfile(f->pidfile);
	if (p > 0)
		(void)kill(p, SIGKILL);
	host_close(&f->h);
	_cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f->dir);
	free(f->root);
	free(f->sock);
	free(f->docker_host);
	free(f->pidfile);
	free(f);
	return 0;
}

/* ---- restart_method ---- */

static void expect_method(const struct fixture *f, bool live, const char *command,
			  const char *want, const char *why_part)
{
	struct restart_options o = {.live = live, .command = command};
	_cleanup_free_ char *why = NULL;
	_cleanup_free_ char *m = restart_method(&f->h, &o, &why);
	if (want) {
		assert_non_null(m);
		assert_string_equal(m, want);
		assert_null(why);
	} else {
		assert_null(m);
		assert_non_null(why);
		assert_non_null(strstr(why, why_part));
	}
}

static void test_method_systemd_dir(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *d = xasprintf("%s/run/systemd/system/", f->root);
	mkdir_parents(d);
	put(f->root, "etc/init.d/docker", "#!/bin/sh\n", 0755);
	expect_method(f, true, NULL, "systemctl restart docker.service", NULL);
	expect_method(f, false, NULL, NULL, "--root: nothing live is restarted");
	expect_method(f, true, "my-restart", "my-restart", NULL);
	expect_method(f, false, "my-restart", "my-restart", NULL);
}

static void test_method_systemd_comm(void **state)
{
	struct fixture *f = *state;
	put(f->root, "proc/1/comm", "systemd\n", 0644);
	expect_method(f, true, NULL, "systemctl restart docker.service", NULL);
}

static void test_method_sysv(void **state)
{
	struct fixture *f = *state;
	put(f->root, "proc/1/comm", "init\n", 0644);
	put(f->root, "etc/init.d/docker", "#!/bin/sh\n", 0755);
	expect_method(f, true, NULL, "/etc/init.d/docker restart", NULL);
	expect_method(f, false, NULL, NULL, "--root");
	expect_method(f, true, "", "/etc/init.d/docker restart", NULL); /* empty = unset */
}

static void test_method_none(void **state)
{
	struct fixture *f = *state;
	put(f->root, "proc/1/comm", "tini\n", 0644);
	expect_method(f, true, NULL, NULL, "PID 1 is not systemd and there is no /etc/init.d/docker");
	/* a script that cannot be run is no way either */
	put(f->root, "etc/init.d/docker", "#!/bin/sh\n", 0644);
	expect_method(f, true, NULL, NULL, "set restart_command");
	expect_method(f, true, "true", "true", NULL);
}

/* ---- restart_docker ---- */

static int restart(struct fixture *f, const char *command, int timeout_ms, char **ret_error,
		   int64_t *ret_took)
{
	struct restart_options o = {
		.live = false,
		.command = command,
		.docker_host = f->docker_host,
		.timeout_ms = timeout_ms,
	};
	int64_t t0 = now_ms();
	int r = restart_docker(&f->h, &o, ret_error);
	*ret_took = now_ms() - t0;
	return r;
}

/* The pid in the info answer of whoever listens on the socket now. */
static int serving_pid(const struct fixture *f)
{
	struct engine *e = NULL;
	assert_int_equal(engine_open(f->docker_host, &e), 0);
	long status = 0;
	_cleanup_free_ char *body = NULL;
	int r = engine_get(e, "/v1.41/info", 2000, &status, &body);
	engine_close(e);
	assert_int_equal(r, 0);
	const char *p = strstr(body, "\"ServerPid\":");
	assert_non_null(p);
	int pid = 0;
	assert_int_equal(sscanf(p, "\"ServerPid\":%d", &pid), 1);
	return pid;
}

static void test_restart_starts_daemon(void **state)
{
	struct fixture *f = *state;
	/* the daemon is started in the background and keeps our output pipe open: the command's
	 * exit is what counts, not the end of its output */
	_cleanup_free_ char *cmd =
		xasprintf("echo starting; '%s' --serve '%s' '%s' &", self, f->sock, f->pidfile);
	_cleanup_free_ char *err = NULL;
	int64_t took;
	assert_int_equal(restart(f, cmd, 5000, &err, &took), 0);
	assert_null(err);
	assert_true(took < 4000);
	pid_t p = read_pidfile(f->pidfile);
	assert_true(p > 0);
	assert_int_equal(serving_pid(f), p);
}

static void test_restart_waits_for_new_daemon(void **state)
{
	struct fixture *f = *state;
	f->old = fake_engine_start(f->sock);
	assert_true(f->old > 0);
	assert_int_equal(serving_pid(f), f->old);
	/* returns at once; the old daemon answers for another 700 ms, then the new one starts */
	_cleanup_free_ char *cmd =
		xasprintf("(sleep 0.7; kill -9 %d; exec '%s' --serve '%s' '%s') >/dev/null 2>&1 &",
			  (int)f->old, self, f->sock, f->pidfile);
	_cleanup_free_ char *err = NULL;
	int64_t took;
	int r = restart(f, cmd, 5000, &err, &took);
	if (r < 0)
		fail_msg("restart_docker: %s", err);
	assert_true(took >= 650);
	pid_t p = read_pidfile(f->pidfile);
	assert_true(p > 0);
	assert_int_not_equal(p, f->old);
	assert_int_equal(serving_pid(f), p);
}

static void test_restart_old_daemon_stays(void **state)
{
	struct fixture *f = *state;
	f->old = fake_engine_start(f->sock);
	assert_true(f->old > 0);
	_cleanup_free_ char *err = NULL;
	int64_t took;
	assert_int_equal(restart(f, "echo pretending", 600, &err, &took), -ETIMEDOUT);
	assert_true(took >= 600);
	assert_true(took < 2500);
	_cleanup_free_ char *want = xasprintf("the old daemon (pid %d) still answers", (int)f->old);
	if (!strstr(err, want))
		fail_msg("unexpected message: %s", err);
	assert_non_null(strstr(err, "pretending"));
}

static void test_restart_never_comes_back(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *err = NULL;
	int64_t took;
	assert_int_equal(restart(f, "echo stopped-it", 500, &err, &took), -ETIMEDOUT);
	assert_true(took >= 500);
	assert_true(took < 2500);
	assert_non_null(strstr(err, "did not answer on"));
	assert_non_null(strstr(err, f->sock));
	assert_non_null(strstr(err, "within 500 ms"));
	assert_non_null(strstr(err, "stopped-it"));
}

static void test_restart_command_fails(void **state)
{
	struct fixture *f = *state;
	f->old = fake_engine_start(f->sock);
	_cleanup_free_ char *err = NULL;
	int64_t took;
	assert_int_equal(restart(f, "echo out-line; echo err-line >&2; exit 1", 5000, &err, &took),
			 -EIO);
	assert_true(took < 4000); /* no waiting for the API after a failed command */
	assert_non_null(strstr(err, "failed with exit status 1"));
	assert_non_null(strstr(err, "out-line"));
	assert_non_null(strstr(err, "err-line"));
	free(err);
	err = NULL;
	assert_int_equal(restart(f, "kill -9 $$", 5000, &err, &took), -EIO);
	assert_non_null(strstr(err, "killed by signal 9"));
	free(err);
	err = NULL;
	/* a long output: only its tail is quoted */
	assert_int_equal(restart(f, "seq 1 100000; echo the-end; exit 3", 5000, &err, &took),
			 -EIO);
	assert_non_null(strstr(err, "exit status 3"));
	assert_non_null(strstr(err, "the-end"));
	assert_null(strstr(err, "\n1\n"));
	assert_true(strlen(err) < 4000);
}

static void test_restart_command_hangs(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *err = NULL;
	int64_t took;
	assert_int_equal(restart(f, "echo hanging; sleep 30", 400, &err, &took), -ETIMEDOUT);
	assert_true(took < 2000);
	assert_non_null(strstr(err, "did not finish within 400 ms"));
	assert_non_null(strstr(err, "hanging"));
}

static void test_restart_no_way(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *err = NULL;
	int64_t took;
	assert_int_equal(restart(f, NULL, 500, &err, &took), -ENOTSUP);
	assert_non_null(strstr(err, "--root: nothing live is restarted"));
	free(err);
	err = NULL;

	struct restart_options o = {.command = "true", .docker_host = "tcp://127.0.0.1:2375",
				    .timeout_ms = 500};
	assert_int_equal(restart_docker(&f->h, &o, &err), -EINVAL);
	assert_non_null(strstr(err, "tcp://127.0.0.1:2375"));
	assert_int_equal(restart_docker(&f->h, &o, NULL), -EINVAL);
}

static void test_restart_default_socket(void **state)
{
	struct fixture *f = *state;
	/* <root>/var/run -> ../run, as on Debian: the socket is <root>/run/docker.sock */
	_cleanup_free_ char *run = xasprintf("%s/run", f->root);
	_cleanup_free_ char *var = xasprintf("%s/var", f->root);
	_cleanup_free_ char *link = xasprintf("%s/var/run", f->root);
	assert_int_equal(mkdir(run, 0755), 0);
	assert_int_equal(mkdir(var, 0755), 0);
	assert_int_equal(symlink("../run", link), 0);
	_cleanup_free_ char *sock = xasprintf("%s/run/docker.sock", f->root);
	_cleanup_free_ char *cmd = xasprintf("'%s' --serve '%s' '%s' >/dev/null 2>&1 &", self,
					     sock, f->pidfile);
	struct restart_options o = {.command = cmd, .timeout_ms = 5000};
	_cleanup_free_ char *err = NULL;
	int r = restart_docker(&f->h, &o, &err);
	if (r < 0)
		fail_msg("restart_docker: %s", err);
}

/* `test-restart --serve SOCKET PIDFILE`: the fake daemon that restart commands start. */
static int serve(const char *sock, const char *pidfile)
{
	int lfd = fake_engine_listen(sock);
	if (lfd < 0)
		return 1;
	_cleanup_free_ char *tmp = xasprintf("%s.tmp", pidfile);
	FILE *f = fopen(tmp, "we");
	if (!f)
		return 1;
	fprintf(f, "%d\n", (int)getpid());
	if (fclose(f) != 0 || rename(tmp, pidfile) < 0)
		return 1;
	fake_engine_serve(lfd);
}

int main(int argc, char **argv)
{
	if (argc == 4 && STREQ(argv[1], "--serve"))
		return serve(argv[2], argv[3]);
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 1;
	self[n] = '\0';

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_method_systemd_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_method_systemd_comm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_method_sysv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_method_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_starts_daemon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_waits_for_new_daemon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_old_daemon_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_never_comes_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_command_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_command_hangs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_no_way, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_default_socket, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
