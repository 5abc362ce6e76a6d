/* test-probe-sockets.c: the sockets probe on fixture roots, and once on the live /proc.
 *
 * Covers tcp and tcp6 rows as the kernel prints them (LISTEN kept, other states dropped,
 * addresses in the kernel's word order), malformed and overlong lines, absent tables, dockerd's
 * sockets found through a fake proc/PID/fd/N -> "socket:[N]", and real listeners of this test
 * process (127.0.0.1 and ::1) found on the live host both through netlink and in the proc files,
 * with the process's own fd directory standing in for dockerd's. */
#include <arpa/inet.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "facts.h"
#include "host.h"
#include "probe.h"

extern const struct probe probe_sockets;

/* ---- fixture roots ---- */

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

static void put(const char *root, const char *rel, const char *content)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
}

static void put_link(const char *root, const char *rel, const char *target)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	assert_int_equal(symlink(target, path), 0);
}

static char *make_root(void)
{
	char *t = xstrdup("/tmp/dw-test-sockets-XXXXXX");
	assert_non_null(mkdtemp(t));
	return t;
}

static int rm_one(const char *p, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(p);
}

static void remove_root(char *root)
{
	assert_int_equal(nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(root);
}

static void probe_how(const char *root, pid_t dockerd, bool files_only, struct host *h,
		      struct facts *f)
{
	assert_int_equal(host_open(h, root), 0);
	if (files_only)
		h->live = false; /* the live /proc read as a fixture would be: no netlink */
	facts_init(f, h);
	f->daemon.pid = dockerd;
	probe_sockets.run(h, NULL, f);
}

static void probe(const char *root, pid_t dockerd, struct host *h, struct facts *f)
{
	probe_how(root, dockerd, false, h, f);
}

static void assert_socket(const struct listen_socket *s, int family, const char *addr,
			  uint16_t port, uint64_t inode, bool dockerd)
{
	assert_int_equal(s->family, family);
	assert_string_equal(s->addr, addr);
	assert_int_equal(s->port, port);
	assert_int_equal(s->inode, inode);
	assert_int_equal(s->dockerd, dockerd);
}

/* Lines in the kernel's format (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c), the first two taken
 * from an x86_64 host. The kernel prints each address word as the number it is in memory, so
 * these rows are little-endian ones. */
static const char tcp[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
	" inode                                                     \n"
	"   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0"
	" 640 1 00000000133fd4b6 100 0 0 10 0                       \n"
	"   1: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   112        0"
	" 18250 1 0000000000000000 100 0 0 10 0                     \n"
	"   2: 00000000:0947 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0"
	" 12345 1 0000000000000000 100 0 0 10 0                     \n"
	"   3: 0100007F:0CEA 0100007F:A2B4 01 00000000:00000000 00:00000000 00000000  1000        0"
	" 23456 1 0000000000000000 20 4 30 10 -1                    \n"
	"   4: 0A00020F:0016 0A000202:C350 06 00000000:00000000 03:00001234 00000000     0        0"
	" 0 3 0000000000000000\n"
	"   5: garbage\n"
	"   6: 0100007G:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0"
	" 777 1 0000000000000000 100 0 0 10 0\n";

static const char tcp6[] =
	"  sl  local_address                         remote_address                        st"
	" tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	"   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A"
	" 00000000:00000000 00:00000000 00000000     0        0 21937 1 0000000000000000 100 0 0"
	" 10 0\n"
	"   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A"
	" 00000000:00000000 00:00000000 00000000     0        0 28100 1 0000000000000000 100 0 0"
	" 10 0\n"
	"   2: 0000000000000000FFFF00000100007F:0CEA 00000000000000000000000000000000:0000 0A"
	" 00000000:00000000 00:00000000 00000000   112        0 28101 1 0000000000000000 100 0 0"
	" 10 0\n"
	"   3: B80D0120000000000000000001000000:0BB8 00000000000000000000000000000000:0000 0A"
	" 00000000:00000000 00:00000000 00000000     0        0 28102 1 0000000000000000 100 0 0"
	" 10 0\n"
	"   4: 00000000000000000000000001000000:0277 00000000000000000000000001000000:D000 01"
	" 00000000:00000000 00:00000000 00000000     0        0 28103 1 0000000000000000 100 0 0"
	" 10 0\n";

static bool little_endian(void)
{
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
}

/* ---- tests ---- */

static void test_tables(void **state)
{
	(void)state;
	if (!little_endian())
		skip();
	char *root = make_root();
	put(root, "proc/net/tcp", tcp);
	put(root, "proc/net/tcp6", tcp6);
	struct host h;
	struct facts f;
	probe(root, 0, &h, &f);
	assert_int_equal(f.sockets.status.state, FACT_OK);
	assert_false(f.sockets.owners_known);
	assert_int_equal(f.sockets.n, 7);
	assert_socket(&f.sockets.items[0], 4, "0.0.0.0", 2024, 640, false);
	assert_socket(&f.sockets.items[1], 4, "127.0.0.1", 3306, 18250, false);
	assert_socket(&f.sockets.items[2], 4, "0.0.0.0", 2375, 12345, false);
	assert_socket(&f.sockets.items[3], 6, "::", 22, 21937, false);
	assert_socket(&f.sockets.items[4], 6, "::1", 631, 28100, false);
	assert_socket(&f.sockets.items[5], 6, "::ffff:127.0.0.1", 3306, 28101, false);
	assert_socket(&f.sockets.items[6], 6, "2001:db8::1", 3000, 28102, false);
	facts_release(&f);
	host_close(&h);
	remove_root(root);
}

static void test_dockerd_owner(void **state)
{
	(void)state;
	if (!little_endian())
		skip();
	char *root = make_root();
	put(root, "proc/net/tcp", tcp);
	put_link(root, "proc/4321/fd/0", "/dev/null");
	put_link(root, "proc/4321/fd/3", "socket:[99]");
	put_link(root, "proc/4321/fd/4", "anon_inode:[eventpoll]");
	put_link(root, "proc/4321/fd/7", "socket:[12345]");
	put_link(root, "proc/4321/fd/8", "pipe:[12345]");
	put_link(root, "proc/4321/fd/9", "socket:[28100");
	struct host h;
	struct facts f;
	probe(root, 4321, &h, &f);
	assert_int_equal(f.sockets.status.state, FACT_OK);
	assert_true(f.sockets.owners_known);
	assert_int_equal(f.sockets.n, 3);
	assert_socket(&f.sockets.items[0], 4, "0.0.0.0", 2024, 640, false);
	assert_socket(&f.sockets.items[1], 4, "127.0.0.1", 3306, 18250, false);
	assert_socket(&f.sockets.items[2], 4, "0.0.0.0", 2375, 12345, true);
	facts_release(&f);
	host_close(&h);

	/* a pid whose fds cannot be seen: nothing is known about owners */
	probe(root, 4322, &h, &f);
	assert_int_equal(f.sockets.status.state, FACT_OK);
	assert_false(f.sockets.owners_known);
	assert_false(f.sockets.items[2].dockerd);
	facts_release(&f);
	host_close(&h);
	remove_root(root);
}

static void test_absent_and_partial(void **state)
{
	(void)state;
	char *root = make_root();
	struct host h;
	struct facts f;
	probe(root, 0, &h, &f);
	assert_int_equal(f.sockets.status.state, FACT_ABSENT);
	assert_string_equal(f.sockets.status.source, "/proc/net/tcp");
	assert_int_equal(f.sockets.n, 0);
	facts_release(&f);
	host_close(&h);

	/* IPv6 disabled: no tcp6, still a full answer */
	put(root, "proc/net/tcp", tcp);
	probe(root, 0, &h, &f);
	assert_int_equal(f.sockets.status.state, FACT_OK);
	facts_release(&f);
	host_close(&h);

	/* tcp6 that is a directory: cannot be read, and that is said */
	_cleanup_free_ char *dir = xasprintf("%s/proc/net/tcp6/", root);
	mkdir_parents(dir);
	probe(root, 0, &h, &f);
	assert_int_equal(f.sockets.status.state, FACT_UNREADABLE);
	assert_int_equal(f.sockets.status.err, EISDIR);
	assert_string_equal(f.sockets.status.source, "/proc/net/tcp6");
	facts_release(&f);
	host_close(&h);
	remove_root(root);
}

static void test_long_lines(void **state)
{
	(void)state;
	if (!little_endian())
		skip();
	char *root = make_root();
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "  sl  local_address rem_address   st\n");
	strbuf_adds(&sb, "   0: ");
	for (int i = 0; i < 40000; i++)
		strbuf_addc(&sb, 'x');
	strbuf_adds(&sb, "\n");
	for (int i = 1; i <= 500; i++)
		strbuf_addf(&sb,
			    "%4d: 0100007F:%04X 00000000:0000 0A 00000000:00000000 00:00000000 "
			    "00000000     0        0 %d 1 0000000000000000 100 0 0 10 0\n",
			    i, i, 1000 + i);
	/* the last row has no newline */
	strbuf_adds(&sb, " 501: 0100007F:FFFF 00000000:0000 0A 00000000:00000000 00:00000000 "
			 "00000000     0        0 9999 1 0000000000000000 100 0 0 10 0");
	_cleanup_free_ char *text = strbuf_detach(&sb);
	put(root, "proc/net/tcp", text);
	struct host h;
	struct facts f;
	probe(root, 0, &h, &f);
	assert_int_equal(f.sockets.status.state, FACT_OK);
	assert_int_equal(f.sockets.n, 501);
	for (size_t i = 0; i < 500; i++)
		assert_socket(&f.sockets.items[i], 4, "127.0.0.1", (uint16_t)(i + 1), 1001 + i,
			      false);
	assert_socket(&f.sockets.items[500], 4, "127.0.0.1", 65535, 9999, false);
	facts_release(&f);
	host_close(&h);
	remove_root(root);
}

/* The live tables: a listener of this process, found by port and inode, owned by "dockerd" when
 * dockerd's pid is ours. Reads /proc only. */
static void test_live_listener(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 1), 0);
	socklen_t len = sizeof(a);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);

	/* netlink (the live path), then proc/net/tcp as it is parsed under --root */
	for (int files_only = 0; files_only <= 1; files_only++) {
		struct host h;
		struct facts f;
		probe_how("/", getpid(), files_only, &h, &f);
		if (f.sockets.status.state != FACT_OK) { /* no /proc here */
			facts_release(&f);
			host_close(&h);
			close(fd);
			skip();
		}
		const struct listen_socket *mine = NULL;
		for (size_t i = 0; i < f.sockets.n; i++)
			if (f.sockets.items[i].inode == (uint64_t)st.st_ino)
				mine = &f.sockets.items[i];
		assert_non_null(mine);
		assert_socket(mine, 4, "127.0.0.1", ntohs(a.sin_port), (uint64_t)st.st_ino, true);
		assert_true(f.sockets.owners_known);
		facts_release(&f);
		host_close(&h);
	}
	close(fd);
}

/* The same over IPv6 on ::1, the word order of tcp6 checked against the kernel's own. */
static void test_live_listener6(void **state)
{
	(void)state;
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) { /* no IPv6 here */
		if (fd >= 0)
			close(fd);
		skip();
	}
	assert_int_equal(listen(fd, 1), 0);
	socklen_t len = sizeof(a);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);

	for (int files_only = 0; files_only <= 1; files_only++) {
		struct host h;
		struct facts f;
		probe_how("/", 0, files_only, &h, &f);
		const struct listen_socket *mine = NULL;
		for (size_t i = 0; i < f.sockets.n; i++)
			if (f.sockets.items[i].inode == (uint64_t)st.st_ino)
				mine = &f.sockets.items[i];
		assert_non_null(mine);
		assert_socket(mine, 6, "::1", ntohs(a.sin6_port), (uint64_t)st.st_ino, false);
		assert_false(f.sockets.owners_known);
		facts_release(&f);
		host_close(&h);
	}
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_dockerd_owner),
		cmocka_unit_test(test_absent_and_partial),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_live_listener),
		cmocka_unit_test(test_live_listener6),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
