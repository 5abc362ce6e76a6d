/* probe-sockets.c: listening TCP sockets (proc/net/tcp, proc/net/tcp6), and which are dockerd's.
 *
 * Rows in state 0A (TCP_LISTEN) become listen_socket entries: address, port, inode. The kernel
 * prints each 32-bit word of the address with %08X of the word as it sits in memory, so the
 * word is parsed as a number and stored back in host byte order before inet_ntop(); ports are
 * printed as numbers already. (A fixture taken on a machine of the other endianness would read
 * backwards; it would have to be rewritten.) The files are streamed, at most SOCKETS_ROWS_MAX
 * rows each: the kernel prints the listening hash before the established one, so on a busy host
 * the rows left unread are connections, not listeners.
 *
 * When the daemon probe found a running dockerd (facts->daemon.pid), its fds are listed
 * (proc/PID/fd, opened inside the root) and each link read without following it; a
 * "socket:[INODE]" whose inode is a listener marks that listener dockerd's. owners_known says
 * the fd directory could be read (it needs root on a live host), so that dockerd == false means
 * something. docker-proxy's sockets for published ports are not dockerd's, and are not marked.
 *
 * On a live host the same table is asked of the kernel through NETLINK_SOCK_DIAG, filtered to
 * LISTEN in the kernel (what `ss -tln` does), and the files are read only when that fails:
 * reading proc/net/tcp walks every bucket of the established hash (262144 of them on a 24 GiB
 * machine), about 1 ms per file even when empty, which alone is twice this probe's budget; the
 * dump takes tens of microseconds. Both show the network namespace of the reader, which is not
 * always dockerd's: a unit with PrivateNetwork=, or dockward run under `unshare --net`, would
 * see no listener at all, and the TCP socket rule would pass on a host whose dockerd listens on
 * 0.0.0.0:2375. So when dockerd runs (facts->daemon.pid) in another namespace than ours, its own
 * view, proc/PID/net/tcp and tcp6, is read instead (status.source says so). The namespaces are
 * compared by their ns/net links; when dockerd's cannot be read (the sandbox denies ptrace-mode
 * access to processes outside it), by the interface names in proc/self/net/dev and
 * proc/PID/net/dev, which need no such access: a namespace that systemd or unshare made has
 * other interfaces than the host's (only "lo", usually). Under --root only the files are read. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "probe.h"

#define SOCKETS_ROWS_MAX 65536   /* rows read from each table */
#define SOCKETS_FDS_MAX (1u << 20) /* dockerd's socket fds considered */
#define SOCKETS_LINE_MAX 4096    /* a real row is ~150 bytes */
#define TCP_LISTEN_STATE 0x0A

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly len hex digits (len <= 8). */
static int parse_hex(const char *s, size_t len, uint32_t *ret)
{
	uint32_t v = 0;
	for (size_t i = 0; i < len; i++) {
		int d = hexval(s[i]);
		if (d < 0)
			return -EINVAL;
		v = v << 4 | (uint32_t)d;
	}
	*ret = v;
	return 0;
}

/* The fields of a row, split in place on spaces. Returns how many (at most max). */
static size_t split_fields(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;
	while (n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		fields[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (!*p)
			break;
		*p++ = '\0';
	}
	return n;
}

/* "0100007F:0CEA" (family 4) or 32 hex digits and a port (family 6). */
static int parse_local(const char *s, int family, char addr[static 64], uint16_t *ret_port)
{
	size_t hex_len = family == 4 ? 8 : 32;
	if (strlen(s) != hex_len + 5 || s[hex_len] != ':')
		return -EINVAL;
	uint32_t words[4], port;
	for (size_t i = 0; i < hex_len / 8; i++)
		if (parse_hex(s + 8 * i, 8, &words[i]) < 0)
			return -EINVAL;
	if (parse_hex(s + hex_len + 1, 4, &port) < 0)
		return -EINVAL;
	if (family == 4) {
		struct in_addr a;
		memcpy(&a.s_addr, &words[0], 4);
		if (!inet_ntop(AF_INET, &a, addr, 64))
			return -EINVAL;
	} else {
		struct in6_addr a;
		memcpy(a.s6_addr, words, 16);
		if (!inet_ntop(AF_INET6, &a, addr, 64))
			return -EINVAL;
	}
	*ret_port = (uint16_t)port;
	return 0;
}

static void parse_row(char *line, int family, struct sockets_facts *s)
{
	char *fields[12];
	size_t n = split_fields(line, fields, ELEMENTSOF(fields));
	if (n < 10 || !endswith(fields[0], ":")) /* the header, or garbage */
		return;
	uint32_t state;
	if (strlen(fields[3]) != 2 || parse_hex(fields[3], 2, &state) < 0 ||
	    state != TCP_LISTEN_STATE)
		return;
	struct listen_socket x = {.family = family};
	if (parse_local(fields[1], family, x.addr, &x.port) < 0 ||
	    parse_uint64(fields[9], &x.inode) < 0)
		return;
	*GROW(s->items, s->n) = x;
}

/* Streams one table. 0, or -errno when it could not be opened or read. */
static int read_table(const struct host *h, const char *path, int family, struct sockets_facts *s)
{
	struct stat st;
	int r = host_stat(h, path, true, &st);
	if (r < 0)
		return r;
	if (!S_ISREG(st.st_mode)) /* never open a device node or FIFO of an image */
		return S_ISDIR(st.st_mode) ? -EISDIR : -EBADFD;
	int fd = host_open_path(h, path, O_RDONLY | O_NOCTTY | O_NONBLOCK, true);
	if (fd < 0)
		return fd;

	char buf[SOCKETS_LINE_MAX * 4];
	size_t have = 0, rows = 0;
	bool skipping = false; /* inside an overlong line */
	r = 0;
	while (rows < SOCKETS_ROWS_MAX) {
		ssize_t k = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		bool eof = k == 0;
		have += (size_t)k;
		buf[have] = '\0';
		char *p = buf;
		for (;;) {
			char *nl = memchr(p, '\n', have - (size_t)(p - buf));
			if (!nl && !(eof && p < buf + have))
				break;
			if (nl)
				*nl = '\0';
			if (!skipping && rows < SOCKETS_ROWS_MAX) {
				parse_row(p, family, s);
				rows++;
			}
			skipping = false;
			p = nl ? nl + 1 : buf + have;
		}
		have -= (size_t)(p - buf);
		memmove(buf, p, have);
		if (eof)
			break;
		if (have == sizeof(buf) - 1) { /* a line longer than the buffer: drop it */
			have = 0;
			skipping = true;
		}
	}
	close(fd);
	return r;
}

/* One NETLINK_SOCK_DIAG dump of the TCP listeners of a family into s. 0 or -errno. */
static int dump_listeners(int fd, int af, struct sockets_facts *s)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg = {
		.nlh = {
			.nlmsg_len = sizeof(msg),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = (uint32_t)af,
		},
		.req = {
			.sdiag_family = (uint8_t)af,
			.sdiag_protocol = IPPROTO_TCP,
			.idiag_states = 1u << TCP_LISTEN_STATE,
		},
	};
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	if (sendto(fd, &msg, sizeof(msg), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;

	_Alignas(struct nlmsghdr) char buf[32768];
	size_t rows = 0;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		size_t len = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != (uint32_t)af)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return -EBADMSG;
				return e->error < 0 ? e->error : -EIO;
			}
			if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
				continue;
			const struct inet_diag_msg *m = NLMSG_DATA(h);
			if (m->idiag_state != TCP_LISTEN_STATE || m->idiag_family != af ||
			    rows >= SOCKETS_ROWS_MAX)
				continue;
			struct listen_socket x = {
				.family = af == AF_INET ? 4 : 6,
				.port = ntohs(m->id.idiag_sport),
				.inode = m->idiag_inode,
			};
			if (!inet_ntop(af, m->id.idiag_src, x.addr, sizeof(x.addr)))
				continue;
			*GROW(s->items, s->n) = x;
			rows++;
		}
	}
}

/* Both families from the kernel (live host only). 0, or -errno with s left as it was. */
static int read_netlink(struct sockets_facts *s)
{
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -errno;
	/* a dump is synchronous; the timeout only guards against a broken kernel */
	struct timeval tv = {.tv_sec = 1};
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	struct sockets_facts got = {0};
	int r = dump_listeners(fd, AF_INET, &got);
	if (r >= 0)
		r = dump_listeners(fd, AF_INET6, &got);
	close(fd);
	if (r < 0) {
		free(got.items);
		return r;
	}
	s->items = got.items;
	s->n = got.n;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* "socket:[12345]" -> 12345. */
static int parse_socket_link(const char *t, uint64_t *ret)
{
	if (!startswith(t, "socket:["))
		return -EINVAL;
	t += strlen("socket:[");
	size_t len = strlen(t);
	if (len < 2 || len > 21 || t[len - 1] != ']')
		return -EINVAL;
	char digits[24];
	memcpy(digits, t, len - 1);
	digits[len - 1] = '\0';
	return parse_uint64(digits, ret);
}

/* Marks the listeners among dockerd's fds. false when its fd directory could not be read. */
static bool mark_dockerd(const struct host *h, pid_t pid, struct sockets_facts *s)
{
	_cleanup_free_ char *path = xasprintf("/proc/%d/fd", (int)pid);
	int fd = host_open_path(h, path, O_RDONLY | O_DIRECTORY, true);
	if (fd < 0)
		return false;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return false;
	}
	uint64_t *inodes = NULL;
	size_t n = 0;
	bool complete = true;
	for (;;) {
		errno = 0;
		struct dirent *de = readdir(d);
		if (!de) {
			if (errno != 0) /* some fds were not seen */
				complete = false;
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		char target[64];
		ssize_t k = readlinkat(dirfd(d), de->d_name, target, sizeof(target) - 1);
		if (k < 0)
			continue; /* the fd was closed meanwhile, or not a link */
		target[k] = '\0';
		uint64_t ino;
		if (parse_socket_link(target, &ino) < 0)
			continue;
		if (n >= SOCKETS_FDS_MAX) {
			complete = false;
			break;
		}
		*GROW(inodes, n) = ino;
	}
	closedir(d);

	if (n > 1)
		qsort(inodes, n, sizeof(*inodes), cmp_u64);
	for (size_t i = 0; i < s->n; i++)
		s->items[i].dockerd =
			n && bsearch(&s->items[i].inode, inodes, n, sizeof(*inodes), cmp_u64);
	free(inodes);
	return complete;
}

/* The interface names of a namespace, from PATH (".../net/dev"), sorted and joined by ' ';
 * NULL when it cannot be read. The caller frees. */
static char *interface_names(const char *path)
{
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	if (read_regular_file(path, 1 << 20, &data, &len, NULL) < 0)
		return NULL;
	_cleanup_strv_free_ char **names = NULL;
	char *save = NULL;
	for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');
		if (!colon || strchr(line, '|')) /* the two heading lines have '|', no ':' */
			continue;
		*colon = '\0';
		strv_extend(&names, strstrip(line));
	}
	strv_sort(names);
	return names ? strv_join(names, " ") : xstrdup("");
}

/* 1 when this process is in pid's network namespace, 0 when not (see the top of the file). */
static bool same_netns(pid_t pid)
{
	char own[64], theirs[64], path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	ssize_t a = readlink("/proc/self/ns/net", own, sizeof(own) - 1);
	ssize_t b = readlink(path, theirs, sizeof(theirs) - 1);
	if (a > 0 && b > 0)
		return a == b && memcmp(own, theirs, (size_t)a) == 0;
	snprintf(path, sizeof(path), "/proc/%d/net/dev", (int)pid);
	_cleanup_free_ char *mine = interface_names("/proc/self/net/dev");
	_cleanup_free_ char *its = interface_names(path);
	return !mine || !its || STREQ(mine, its);
}

static void run(const struct host *h, const struct fact_requests *q, struct facts *f)
{
	(void)q;
	struct sockets_facts *s = &f->sockets;
	int r4 = -ENOENT, r6 = -ENOENT;
	char tcp[48] = "/proc/net/tcp", tcp6[48] = "/proc/net/tcp6";
	bool theirs = h->live && f->daemon.pid > 0 && !same_netns(f->daemon.pid);
	if (theirs) {
		snprintf(tcp, sizeof(tcp), "/proc/%d/net/tcp", (int)f->daemon.pid);
		snprintf(tcp6, sizeof(tcp6), "/proc/%d/net/tcp6", (int)f->daemon.pid);
	}
	if (h->live && !theirs && read_netlink(s) >= 0)
		r4 = r6 = 0;
	else {
		r4 = read_table(h, tcp, 4, s);
		r6 = read_table(h, tcp6, 6, s);
	}

	if (r4 < 0 && r4 != -ENOENT)
		fact_status_from_errno(&s->status, tcp, r4);
	else if (r6 < 0 && r6 != -ENOENT)
		fact_status_from_errno(&s->status, tcp6, r6);
	else if (r4 == -ENOENT && r6 == -ENOENT)
		fact_status_from_errno(&s->status, tcp, r4);
	else
		fact_status_set(&s->status, tcp, FACT_OK, 0, NULL);

	if (f->daemon.pid > 0 && s->status.state == FACT_OK)
		s->owners_known = mark_dockerd(h, f->daemon.pid, s);
}

const struct probe probe_sockets = {
	.name = "sockets",
	.flag = PROBE_SOCKETS,
	.offline = true,
	.run = run,
};
