/* test-landlock.c: the read-only sandbox (src/cli/cli-landlock.c, included here: it lives in
 * the executable, not in a library).
 *
 * Each case forks a child that applies the sandbox and then tries to change a temp dir in every
 * way a bug could: create, write, truncate, remove, rename, link, make a directory, a FIFO, a
 * symlink. Each must fail with EACCES, while reading files and listing directories still works
 * and an fd opened before the sandbox (the -o report file) can still be written. The child
 * exits with the number of the first step that misbehaved; on a kernel without Landlock the
 * cases are skipped. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/cli/cli-landlock.c"

#define EXIT_UNSUPPORTED 77

struct fixture {
	char dir[64];
	char *existing; /* "hello", read and attacked by the child */
	char *pre;      /* opened for writing before the sandbox */
};

static void put(const char *path, const char *content)
{
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	assert_int_equal(fputs(content, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/test-landlock-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->existing = xasprintf("%s/existing", f->dir);
	f->pre = xasprintf("%s/pre", f->dir);
	put(f->existing, "hello");
	put(f->pre, "an older, longer report");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = {"existing", "pre", "new", "d", "fifo", "sym", "hard",
					    "renamed"};
	for (size_t i = 0; i < ELEMENTSOF(names); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", f->dir, names[i]);
		(void)unlink(p);
		(void)rmdir(p);
	}
	assert_int_equal(rmdir(f->dir), 0);
	free(f->existing);
	free(f->pre);
	free(f);
	return 0;
}

/* Runs body in a sandboxed child; returns the child's exit code. */
static int in_sandbox(struct fixture *f, int (*body)(struct fixture *f, int abi, int pre_fd))
{
	int pre_fd = open(f->pre, O_WRONLY | O_CLOEXEC);
	assert_true(pre_fd >= 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int abi = landlock_deny_writes();
		if (abi == -EOPNOTSUPP)
			_exit(EXIT_UNSUPPORTED);
		if (abi < 1) {
			fprintf(stderr, "landlock_deny_writes: %s\n", strerror(-abi));
			_exit(99);
		}
		_exit(body(f, abi, pre_fd));
	}
	close(pre_fd);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == EXIT_UNSUPPORTED)
		skip();
	return WEXITSTATUS(status);
}

/* A step that must fail with EACCES: the step number when it did not. */
#define DENIED(step, call)                                                                         \
	do {                                                                                       \
		errno = 0;                                                                         \
		if ((call) >= 0 || errno != EACCES) {                                              \
			fprintf(stderr, "step %d: %s: expected EACCES, got %s\n", step, #call,      \
				strerror(errno));                                                  \
			return step;                                                               \
		}                                                                                  \
	} while (0)

static int try_writes(struct fixture *f, int abi, int pre_fd)
{
	(void)pre_fd;
	_cleanup_free_ char *new_file = xasprintf("%s/new", f->dir);
	_cleanup_free_ char *d = xasprintf("%s/d", f->dir);
	_cleanup_free_ char *fifo = xasprintf("%s/fifo", f->dir);
	_cleanup_free_ char *sym = xasprintf("%s/sym", f->dir);
	_cleanup_free_ char *hard = xasprintf("%s/hard", f->dir);
	_cleanup_free_ char *renamed = xasprintf("%s/renamed", f->dir);

	DENIED(1, open(new_file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
	DENIED(2, open(f->existing, O_WRONLY | O_CLOEXEC));
	DENIED(3, open(f->existing, O_RDWR | O_CLOEXEC));
	DENIED(4, mkdir(d, 0755));
	DENIED(5, unlink(f->existing));
	DENIED(6, rename(f->existing, renamed));
	DENIED(7, symlink("existing", sym));
	DENIED(8, link(f->existing, hard));
	DENIED(9, mkfifo(fifo, 0644));
	DENIED(10, open("/dev/null", O_WRONLY | O_CLOEXEC));
	if (abi >= 3)
		DENIED(11, truncate(f->existing, 0));
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return 12;
	return 0;
}

static void test_writes_denied(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(in_sandbox(f, try_writes), 0);
	/* Nothing changed. */
	_cleanup_free_ char *content = slurp(f->existing);
	assert_string_equal(content, "hello");
	_cleanup_free_ char *new_file = xasprintf("%s/new", f->dir);
	assert_int_equal(access(new_file, F_OK), -1);
	assert_int_equal(errno, ENOENT);
}

static int try_reads(struct fixture *f, int abi, int pre_fd)
{
	(void)abi;
	(void)pre_fd;
	_cleanup_free_ char *content = slurp(f->existing);
	if (!content || !STREQ(content, "hello"))
		return 1;
	DIR *d = opendir(f->dir);
	if (!d)
		return 2;
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += STREQ(e->d_name, "existing");
	closedir(d);
	if (n != 1)
		return 3;
	struct stat st;
	if (stat(f->existing, &st) < 0 || st.st_size != 5)
		return 4;
	_cleanup_free_ char *self = slurp("/proc/self/status");
	if (!self)
		return 5;
	return 0;
}

static void test_reads_allowed(void **state)
{
	assert_int_equal(in_sandbox(*state, try_reads), 0);
}

/* The report file is opened before the sandbox and written, cut and synced after it. */
static int try_preopened(struct fixture *f, int abi, int pre_fd)
{
	(void)f;
	(void)abi;
	if (write(pre_fd, "new", 3) != 3)
		return 1;
	if (ftruncate(pre_fd, 3) < 0)
		return 2;
	if (fsync(pre_fd) < 0)
		return 3;
	return 0;
}

static void test_preopened_fd_writable(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(in_sandbox(f, try_preopened), 0);
	_cleanup_free_ char *content = slurp(f->pre);
	assert_string_equal(content, "new");
}

/* The sandbox is inherited and cannot be undone by applying it again. */
static int try_again(struct fixture *f, int abi, int pre_fd)
{
	(void)pre_fd;
	if (landlock_deny_writes() != abi)
		return 1;
	pid_t pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		_cleanup_free_ char *new_file = xasprintf("%s/new", f->dir);
		int fd = open(new_file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		_exit(fd < 0 && errno == EACCES ? 0 : 1);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 3;
	return 0;
}

static void test_inherited(void **state)
{
	assert_int_equal(in_sandbox(*state, try_again), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writes_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preopened_fd_writable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inherited, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
