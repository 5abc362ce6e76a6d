/* fake-engine.h: a tiny HTTP/1.1 server on a unix socket (or TCP) that plays dockerd for the tests
 * of the Engine API client (test-engine.c) and of the restart logic (test-restart.c).
 *
 * It runs in a forked child, in its own process group, and forks once more per connection so
 * that a slow answer does not hold up the next request. Connections are persistent, as dockerd's
 * are: a connection serves requests until the client closes it (or sends HTTP/1.0 or
 * "Connection: close"). fake_engine_stats, shared with the server, counts the connections it
 * accepted and the most it had open at once, so that tests can see connection reuse. Routes:
 *   /_ping          200 "OK"                /v1.41/info   200 JSON with the server's pid
 *   /500            500 "boom"              /not-ok       200 "NOPE"
 *   /slow           200 "OK" after 3 s      /close        closes without answering
 *   /sleep/N        200 "OK" after N ms     /echo/X       200 "X"
 *   /last           200 "OK" with "Connection: close", then closes
 *   /garbage        a line that is not HTTP
 *   (a TLS ClientHello instead of a request: a plain 400, then it closes)
 *   /bytes/N        N bytes with a Content-Length
 *   /chunked/N      N bytes in chunked encoding (no length announced)
 *   anything else   404 */
#pragma once

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

struct fake_engine_stats {
	int accepted; /* connections accepted since the server started */
	int open;     /* connections open now */
	int max_open; /* the most open at once */
};
/* Shared (MAP_SHARED) with the servers fake_engine_start*() start; NULL before the first. */
static struct fake_engine_stats *fake_engine_stats;

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

static void fe_answer(int fd, int status, const char *body, bool last)
{
	char head[256];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.1 %d X\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n%s\r\n",
			 status, strlen(body), last ? "Connection: close\r\n" : "");
	fe_write_all(fd, head, (size_t)n);
	fe_write_all(fd, body, strlen(body));
}

static void fe_bytes(int fd, uint64_t n, bool chunked)
{
	char head[256];
	int hn = chunked ? snprintf(head, sizeof(head),
				    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
			 : snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Length: %llu\r\n\r\n",
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

/* Answers one request (the head in req). False when the connection must close after it. */
static bool fe_route(int fd, const char *req)
{
	char path[1024] = "", version[16] = "";
	if (sscanf(req, "GET %1023s HTTP/%15s", path, version) != 2)
		return false;
	bool last = !STREQ(version, "1.1") || strcasestr(req, "\r\nConnection: close\r\n");
	uint64_t n;
	if (STREQ(path, "/_ping"))
		fe_answer(fd, 200, "OK", last);
	else if (STREQ(path, "/v1.41/info")) {
		_cleanup_free_ char *b = xasprintf("{\"Debug\":false,\"LoggingDriver\":\"json-file\","
						   "\"ServerPid\":%d}",
						   (int)fake_engine_server_pid);
		fe_answer(fd, 200, b, last);
	} else if (STREQ(path, "/500"))
		fe_answer(fd, 500, "boom", last);
	else if (STREQ(path, "/not-ok"))
		fe_answer(fd, 200, "NOPE", last);
	else if (STREQ(path, "/slow")) {
		sleep(3);
		fe_answer(fd, 200, "OK", last);
	} else if (startswith(path, "/sleep/") && parse_uint64(path + 7, &n) == 0 && n < 10000) {
		struct timespec ts = {.tv_sec = (time_t)(n / 1000),
				      .tv_nsec = (long)(n % 1000) * 1000000};
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		fe_answer(fd, 200, "OK", last);
	} else if (startswith(path, "/echo/"))
		fe_answer(fd, 200, path + 6, last);
	else if (STREQ(path, "/last")) {
		fe_answer(fd, 200, "OK", true);
		return false;
	} else if (STREQ(path, "/close"))
		return false;
	else if (STREQ(path, "/garbage")) {
		fe_write_all(fd, "garbage\r\n\r\n", 11);
		return false;
	} else if (startswith(path, "/bytes/") && parse_uint64(path + 7, &n) == 0)
		fe_bytes(fd, n, false);
	else if (startswith(path, "/chunked/") && parse_uint64(path + 9, &n) == 0)
		fe_bytes(fd, n, true);
	else
		fe_answer(fd, 404, "not found", last);
	return !last;
}

/* Serves the requests of one connection until either side closes it. */
static void fe_handle(int fd)
{
	char req[8192];
	size_t len = 0;
	for (;;) {
		char *end;
		req[len] = '\0';
		while (!(end = strstr(req, "\r\n\r\n"))) {
			if (len > 0 && req[0] == 0x16) {
				/* a TLS ClientHello to this plain HTTP server: a 400 in plain
				 * HTTP, which the client's TLS layer cannot take for a handshake */
				fe_answer(fd, 400, "plain HTTP here", true);
				return;
			}
			if (len >= sizeof(req) - 1)
				return; /* a head this big is not ours */
			ssize_t n = read(fd, req + len, sizeof(req) - 1 - len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return;
			len += (size_t)n;
			req[len] = '\0';
		}
		end += 4;
		char save = *end;
		*end = '\0';
		bool more = fe_route(fd, req);
		*end = save;
		if (!more)
			return;
		/* GETs have no body: whatever follows the head is the next request */
		len -= (size_t)(end - req);
		memmove(req, end, len);
	}
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

/* Binds and listens on 127.0.0.1 at a free port (*ret_port). fd or -errno. */
static _unused_ int fake_engine_listen_tcp(uint16_t *ret_port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 64) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	*ret_port = ntohs(sa.sin_port);
	return fd;
}

/* Serves lfd forever (in the process that calls it). */
static _Noreturn void fake_engine_serve(int lfd)
{
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN); /* connection children are reaped by the kernel */
	fake_engine_server_pid = getpid();
	struct fake_engine_stats *st = fake_engine_stats;
	for (;;) {
		int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0)
			continue;
		if (st) {
			__atomic_add_fetch(&st->accepted, 1, __ATOMIC_SEQ_CST);
			int open = __atomic_add_fetch(&st->open, 1, __ATOMIC_SEQ_CST);
			int max = __atomic_load_n(&st->max_open, __ATOMIC_SEQ_CST);
			while (open > max && !__atomic_compare_exchange_n(&st->max_open, &max, open,
									  false, __ATOMIC_SEQ_CST,
									  __ATOMIC_SEQ_CST))
				;
		}
		pid_t pid = fork();
		if (pid == 0) {
			close(lfd);
			fe_handle(c);
			shutdown(c, SHUT_WR);
			close(c);
			if (st)
				__atomic_sub_fetch(&st->open, 1, __ATOMIC_SEQ_CST);
			_exit(0);
		}
		if (pid < 0 && st)
			__atomic_sub_fetch(&st->open, 1, __ATOMIC_SEQ_CST);
		close(c);
	}
}

/* Zeroes the counters (mapping them on first use). */
static void fake_engine_stats_reset(void)
{
	if (!fake_engine_stats) {
		void *p = mmap(NULL, sizeof(*fake_engine_stats), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return;
		fake_engine_stats = p;
	}
	__atomic_store_n(&fake_engine_stats->accepted, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&fake_engine_stats->open, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&fake_engine_stats->max_open, 0, __ATOMIC_SEQ_CST);
}

/* Forks the server; in the child, lfd < 0 means "listen on path first". Its pid, or -errno. */
static pid_t fe_start(const char *path, int lfd)
{
	fake_engine_stats_reset();
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
		if (lfd < 0)
			lfd = fake_engine_listen(path);
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

/* Starts a server on path in a forked child (own process group). Its pid, or -errno. The socket
 * listens before this returns, and the child is the one that called listen() (SO_PEERCRED
 * names it, as it names dockerd). The counters start from zero. */
static pid_t fake_engine_start(const char *path)
{
	return fe_start(path, -1);
}

/* The same on 127.0.0.1, at a free port (*ret_port). */
static _unused_ pid_t fake_engine_start_tcp(uint16_t *ret_port)
{
	int lfd = fake_engine_listen_tcp(ret_port);
	if (lfd < 0)
		return lfd;
	pid_t pid = fe_start(NULL, lfd);
	close(lfd);
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
