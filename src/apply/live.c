/* live.c: actions on the running system: sysctl writes and reads, and running a program.
 *
 * Only for a live host (apply_plan and rollback_run call these when told to). /proc/sys is the
 * running kernel's, never resolved under a --root. Programs run without a shell, with stdin
 * from /dev/null and stdout+stderr captured (bounded), and are killed when they outlast their
 * time: an apply must never hang on an `augenrules --load` that waits for something. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "journal-internal.h"

#define SYSCTL_VALUE_MAX 65536
#define COMMAND_OUTPUT_MAX 65536

extern char **environ;

/* "net.ipv4.ip_forward" -> "/proc/sys/net/ipv4/ip_forward"; a key with slashes is taken as
 * written (sysctl(8) does the same: "net/ipv4/conf/eth0.100/forwarding"). */
static int sysctl_path(const char *key, char **ret)
{
	if (!key || !*key || strlen(key) > 512)
		return -EINVAL;
	bool slashes = strchr(key, '/') != NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "/proc/sys/");
	const char *p = key;
	while (*p == '/')
		p++;
	char sep = slashes ? '/' : '.';
	while (*p) {
		const char *end = strchr(p, sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0 || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.')) {
			strbuf_release(&sb);
			return -EINVAL;
		}
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)p[i] <= ' ' || p[i] == '/' || p[i] == 0x7f) {
				strbuf_release(&sb);
				return -EINVAL;
			}
		if (sb.buf[sb.len - 1] != '/')
			strbuf_addc(&sb, '/');
		strbuf_add(&sb, p, len);
		p += len;
		if (*p)
			p++;
	}
	*ret = strbuf_detach(&sb);
	return 0;
}

int apply_sysctl_live(const char *key, const char *value)
{
	_cleanup_free_ char *path = NULL;
	int r = sysctl_path(key, &path);
	if (r < 0)
		return r;
	if (!value || strchr(value, '\n'))
		return -EINVAL;
	_cleanup_close_ int fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* one write: the kernel parses each write() of a sysctl file on its own */
	_cleanup_free_ char *line = xasprintf("%s\n", value);
	size_t len = strlen(line);
	ssize_t n;
	do
		n = write(fd, line, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int apply_sysctl_read(const char *key, char **ret)
{
	_cleanup_free_ char *path = NULL;
	int r = sysctl_path(key, &path);
	if (r < 0)
		return r;
	_cleanup_close_ int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			strbuf_release(&sb);
			return r;
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > SYSCTL_VALUE_MAX) {
			strbuf_release(&sb);
			return -EFBIG;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	/* "32768\t60999\n" -> "32768 60999" */
	struct strbuf out = STRBUF_INIT;
	bool space = false;
	for (size_t i = 0; i < sb.len; i++) {
		char c = sb.buf[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0') {
			space = out.len > 0;
			continue;
		}
		if (space)
			strbuf_addc(&out, ' ');
		space = false;
		strbuf_addc(&out, c);
	}
	strbuf_release(&sb);
	*ret = strbuf_detach(&out);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int apply_run_command(char *const *argv, int timeout_ms, char **ret_output)
{
	if (!argv || !argv[0])
		return -EINVAL;
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	/* the child starts with default signal dispositions and an empty mask */
	sigset_t all, none;
	sigfillset(&all);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	pid_t pid;
	int e = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(pipefd[1]);
	if (e != 0) {
		close(pipefd[0]);
		return -e;
	}

	int rfd = pipefd[0];
	(void)fcntl(rfd, F_SETFL, O_NONBLOCK);
	struct strbuf out = STRBUF_INIT;
	int64_t deadline = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
	int status = 0;
	int r = 0;
	for (;;) {
		/* read what is there */
		while (rfd >= 0) {
			char buf[4096];
			ssize_t n = read(rfd, buf, sizeof(buf));
			if (n > 0) {
				if (out.len < COMMAND_OUTPUT_MAX)
					strbuf_add(&out, buf,
						   (size_t)n < COMMAND_OUTPUT_MAX - out.len
							   ? (size_t)n
							   : COMMAND_OUTPUT_MAX - out.len);
				continue;
			}
			if (n == 0) {
				close(rfd);
				rfd = -1;
			} else if (errno == EINTR)
				continue;
			break;
		}
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			r = -errno;
			break;
		}
		int wait_ms = 50;
		if (deadline) {
			int64_t left = deadline - now_ms();
			if (left <= 0) {
				(void)kill(pid, SIGKILL);
				while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
					;
				r = -ETIMEDOUT;
				break;
			}
			if (left < wait_ms)
				wait_ms = (int)left;
		}
		struct pollfd pfd = {.fd = rfd, .events = POLLIN};
		(void)poll(&pfd, rfd >= 0 ? 1 : 0, wait_ms);
	}
	/* whatever the exited child left in the pipe (a grandchild keeping it open is not waited
	 * for: O_NONBLOCK) */
	while (rfd >= 0 && r == 0) {
		char buf[4096];
		ssize_t n = read(rfd, buf, sizeof(buf));
		if (n <= 0)
			break;
		if (out.len < COMMAND_OUTPUT_MAX)
			strbuf_add(&out, buf,
				   (size_t)n < COMMAND_OUTPUT_MAX - out.len
					   ? (size_t)n
					   : COMMAND_OUTPUT_MAX - out.len);
	}
	if (rfd >= 0)
		close(rfd);
	if (r == 0)
		r = WIFEXITED(status)	  ? WEXITSTATUS(status)
		    : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
					  : 255;
	if (ret_output)
		*ret_output = strbuf_detach(&out);
	else
		strbuf_release(&out);
	return r;
}
