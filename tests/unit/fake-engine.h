/* fake-engine.h: a tiny HTTP/1.1 server on a unix socket that plays dockerd for the tests of the
 * Engine API client (test-engine.c) and of the restart logic (test-restart.c).
 *
 * It runs in a forked child, in its own process group, and forks once more per connection so
 * that a slow answer does not hold up the next request. Routes:
 *   /_ping          200 "OK"                /v1.41/info   200 JSON with the server's pid
 *   /500            500 "boom"              /not-ok       200 "NOPE"
 *   /slow           200 "OK" after 3 s      /close        closes without answering
 *   /garbage        a line that is not HTTP
 *   /bytes/N        N bytes with a Content-Length
 *   /chunked/N      N bytes in chunked encoding (no length announced)
 *   anything else   404 */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static pid_t fake_engine_server_pid;

static void fe_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		c += w;
		n -= (size_t)w;
	}
}

static void fe_answer(int fd, int status, const char *body)
{
	char head[256];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.1 %d X\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 status, strlen(body));
	fe_write_all(fd, head, (size_t)n);
	fe_write_all(fd, body, strlen(body));
}

static void fe_bytes(int fd, uint64_t n, bool chunked)
{
	char head[256];
	int hn = chunked ? snprintf(head, sizeof(head),
				    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
				    "Connection: close\r\n\r\n")
			 : snprintf(head, sizeof(head),
				    "HTTP/1.1 200 OK\r\nContent-Length: %llu\r\n"
				    "Connection: close\r\n\r\n",
				    (unsigned long long)n);
	fe_write_all(fd, head, (size_t)hn);
	static char block[65536];
	memset(block, 'x', sizeof(block));
	while (n > 0) {
		size_t k = n < sizeof(block) ? (size_t)n : sizeof(block);
		if (chunked) {
			char c[32];
			int cn = snprintf(c, sizeof(c), "%zx\r\n", k);
			fe_write_all(fd, c, (size_t)cn);
		}
		fe_write_all(fd, block, k);
		if (chunked)
			fe_write_all(fd, "\r\n", 2);
		n -= k;
	}
	if (chunked)
		fe_write_all(fd, "0\r\n\r\n", 5);
}

static void fe_handle(int fd)
{
	char req[8192];
	size_t len = 0;
	while (len < sizeof(req) - 1) {
		ssize_t n = read(fd, req + len, sizeof(req) - 1 - len);
		if (n <= 0)
			return;
		len += (size_t)n;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	char path[1024] = "";
	if (sscanf(req, "GET %1023s HTTP/1.1", path) != 1)
		return;
	uint64_t n;
	if (STREQ(path, "/_ping"))
		fe_answer(fd, 200, "OK");
	else if (STREQ(path, "/v1.41/info")) {
		_cleanup_free_ char *b = xasprintf("{\"Debug\":false,\"LoggingDriver\":\"json-file\","
						   "\"ServerPid\":%d}",
						   (int)fake_engine_server_pid);
		fe_answer(fd, 200, b);
	} else if (STREQ(path, "/500"))
		fe_answer(fd, 500, "boom");
	else if (STREQ(path, "/not-ok"))
		fe_answer(fd, 200, "NOPE");
	else if (STREQ(path, "/slow")) {
		sleep(3);
		fe_answer(fd, 200, "OK");
	} else if (STREQ(path, "/close"))
		return;
	else if (STREQ(path, "/garbage"))
		fe_write_all(fd, "garbage\r\n\r\n", 11);
	else if (startswith(path, "/bytes/") && parse_uint64(path + 7, &n) == 0)
		fe_bytes(fd, n, false);
	else if (startswith(path, "/chunked/") && parse_uint64(path + 9, &n) == 0)
		fe_bytes(fd, n, true);
	else
		fe_answer(fd, 404, "not found");
}

/* Binds and listens on path (removing what is there first, as dockerd does). fd or -errno. */
static int fake_engine_listen(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path));
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	(void)unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 64) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/* Serves lfd forever (in the process that calls it). */
static _Noreturn void fake_engine_serve(int lfd)
{
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN); /* connection children are reaped by the kernel */
	fake_engine_server_pid = getpid();
	for (;;) {
		int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0)
			continue;
		pid_t pid = fork();
		if (pid == 0) {
			close(lfd);
			fe_handle(c);
			shutdown(c, SHUT_WR);
			close(c);
			_exit(0);
		}
		close(c);
	}
}

/* Starts a server on path in a forked child (own process group). Its pid, or -errno. The socket
 * listens before this returns, and the child is the one that called listen() (SO_PEERCRED
 * names it, as it names dockerd). */
static pid_t fake_engine_start(const char *path)
{
	int ready[2];
	if (pipe2(ready, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		close(ready[0]);
		close(ready[1]);
		return -errno;
	}
	if (pid == 0) {
		setpgid(0, 0);
		close(ready[0]);
		int lfd = fake_engine_listen(path);
		if (lfd < 0)
			_exit(1);
		fe_write_all(ready[1], "1", 1);
		close(ready[1]);
		fake_engine_serve(lfd);
	}
	setpgid(pid, pid);
	close(ready[1]);
	char c;
	ssize_t n;
	while ((n = read(ready[0], &c, 1)) < 0 && errno == EINTR)
		;
	close(ready[0]);
	if (n != 1) {
		(void)waitpid(pid, NULL, 0);
		return -EIO;
	}
	return pid;
}

/* Kills the server and its connection children; reaps it when it is our child. */
static void fake_engine_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	(void)kill(-pid, SIGKILL);
	(void)kill(pid, SIGKILL);
	(void)waitpid(pid, NULL, 0);
}
