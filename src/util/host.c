/* host.c: resolving and reading host paths under the host root.
 *
 * A path is resolved in two steps. chase() computes the canonical path inside the root by
 * walking it one component at a time and following symlinks by hand: an absolute target
 * restarts at the root and ".." never climbs above it, so a hostile image cannot point us at the
 * auditing machine's own files. walk() then opens that canonical path from the root fd with
 * O_NOFOLLOW on every component, so a component swapped for a symlink in between makes the
 * open fail (ELOOP) instead of escaping. Works on every kernel (openat2's RESOLVE_IN_ROOT would
 * do the same, but RHEL 8's 4.18 does not have it). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "host.h"

int host_open(struct host *h, const char *root)
{
	*h = (struct host){.root_fd = -1};
	char *real = realpath(root, NULL);
	if (!real)
		return -errno;
	int fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int r = -errno;
		free(real);
		return r;
	}
	h->root = real;
	h->root_fd = fd;
	h->live = STREQ(real, "/");
	return 0;
}

void host_close(struct host *h)
{
	if (h->root_fd >= 0)
		close(h->root_fd);
	free(h->root);
	*h = (struct host){.root_fd = -1};
}

char *host_full_path(const struct host *h, const char *path)
{
	if (STREQ(h->root, "/"))
		return xstrdup(path);
	return xasprintf("%s%s%s", h->root, path[0] == '/' ? "" : "/", path);
}

/* Pops the last component of a canonical path ("/a/b" -> "/a"; "/" stays). */
static void pop_component(struct strbuf *p)
{
	while (p->len > 0 && p->buf[p->len - 1] != '/')
		p->len--;
	if (p->len > 0)
		p->len--;
	if (p->buf)
		p->buf[p->len] = '\0';
}

/* Relative form for *at(): "/etc/x" -> "etc/x", "/" -> ".". */
static const char *rel(const char *canonical)
{
	while (*canonical == '/')
		canonical++;
	return *canonical ? canonical : ".";
}

static int chase(const struct host *h, const char *path, bool follow_last, char **ret)
{
	if (!path || path[0] != '/')
		return -EINVAL;
	_cleanup_free_ char *todo = xstrdup(path);
	struct strbuf done = STRBUF_INIT;
	unsigned links = 0;
	int r = 0;

	char *p = todo;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		_cleanup_free_ char *comp = xstrndup(p, len);
		p += len;
		bool last = true;
		for (const char *q = p; *q; q++)
			if (*q != '/') {
				last = false;
				break;
			}
		/* "file/" names a directory, as for the kernel: the last component must then be
		 * one (a symlink in it is followed whatever follow_last says). */
		bool want_dir = !last || *p == '/';

		if (STREQ(comp, "."))
			continue;
		if (STREQ(comp, "..")) {
			pop_component(&done);
			continue;
		}
		size_t old_len = done.len;
		strbuf_addc(&done, '/');
		strbuf_adds(&done, comp);

		struct stat st;
		if (fstatat(h->root_fd, rel(done.buf), &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT && last)
				break; /* the path itself may be absent: the caller decides */
			r = -errno;
			goto out;
		}
		if (S_ISLNK(st.st_mode) && (want_dir || follow_last)) {
			if (++links > HOST_LINK_MAX) {
				r = -ELOOP;
				goto out;
			}
			char target[PATH_MAX];
			ssize_t n =
				readlinkat(h->root_fd, rel(done.buf), target, sizeof(target) - 1);
			if (n < 0) {
				r = -errno;
				goto out;
			}
			if ((size_t)n >= sizeof(target) - 1) { /* may have been cut short */
				r = -ENAMETOOLONG;
				goto out;
			}
			target[n] = '\0';
			if (target[0] == '/') {
				done.len = 0;
				if (done.buf)
					done.buf[0] = '\0';
			} else {
				done.len = old_len;
				done.buf[old_len] = '\0';
			}
			char *next = xasprintf("%s%s", target, p); /* p is "" or "/..." */
			free(todo);
			todo = next;
			p = todo;
			continue;
		}
		if (want_dir && !S_ISDIR(st.st_mode)) {
			r = -ENOTDIR;
			goto out;
		}
	}
	*ret = done.len ? strbuf_detach(&done) : xstrdup("/");
out:
	strbuf_release(&done);
	return r;
}

/* Opens a canonical path from the root, refusing a symlink at every component. */
static int walk(const struct host *h, const char *canonical, int flags)
{
	const char *p = rel(canonical);
	if (STREQ(p, ".")) {
		int fd = openat(h->root_fd, ".", flags | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	int dir = fcntl(h->root_fd, F_DUPFD_CLOEXEC, 3);
	if (dir < 0)
		return -errno;
	for (;;) {
		const char *slash = strchr(p, '/');
		if (!slash) {
			int fd = openat(dir, p, flags | O_NOFOLLOW | O_CLOEXEC);
			int r = fd < 0 ? -errno : fd;
			close(dir);
			return r;
		}
		_cleanup_free_ char *comp = xstrndup(p, (size_t)(slash - p));
		int next = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int e = errno;
		close(dir);
		if (next < 0)
			return -e;
		dir = next;
		p = slash + 1;
	}
}

int host_realpath(const struct host *h, const char *path, char **ret)
{
	_cleanup_free_ char *c = NULL;
	int r = chase(h, path, true, &c);
	if (r < 0)
		return r;
	struct stat st;
	if (fstatat(h->root_fd, rel(c), &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	*ret = TAKE_PTR(c);
	return 0;
}

int host_open_path(const struct host *h, const char *path, int flags, bool follow_last)
{
	_cleanup_free_ char *c = NULL;
	int r = chase(h, path, follow_last, &c);
	if (r < 0)
		return r;
	/* O_NOFOLLOW on a final symlink with O_PATH opens the link itself (lstat semantics). */
	return walk(h, c, flags);
}

int host_stat(const struct host *h, const char *path, bool follow_last, struct stat *ret)
{
	int fd = host_open_path(h, path, O_PATH, follow_last);
	if (fd < 0)
		return fd;
	int r = fstat(fd, ret) < 0 ? -errno : 0;
	close(fd);
	return r;
}

int host_read_file(const struct host *h, const char *path, size_t max, bool allow_nul, char **ret,
		   size_t *ret_len)
{
	if (max == 0)
		max = HOST_FILE_MAX;
	_cleanup_free_ char *c = NULL;
	int r = chase(h, path, true, &c);
	if (r < 0)
		return r;
	/* Look before opening: opening a device node of a hostile image can have effects of its
	 * own (a tape rewinds, a watchdog arms), and a FIFO would never end. */
	int fd = walk(h, c, O_PATH);
	if (fd < 0)
		return fd;
	struct stat st;
	r = fstat(fd, &st) < 0 ? -errno : 0;
	close(fd);
	if (r < 0)
		return r;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EBADFD;
	fd = walk(h, c, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	struct stat st2;
	r = fstat(fd, &st2) < 0 ? -errno : 0;
	if (r == 0 && (st2.st_dev != st.st_dev || st2.st_ino != st.st_ino))
		r = -EBADFD; /* swapped under our feet */
	else if (r == 0 && (uint64_t)st2.st_size > max)
		r = -EFBIG; /* /proc and /sys files say 0 or 4096: the reads below count too */
	if (r < 0) {
		close(fd);
		return r;
	}
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > max) {
			r = -EFBIG;
			break;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	close(fd);
	if (r == 0 && !allow_nul && sb.len && memchr(sb.buf, '\0', sb.len))
		r = -EBADMSG;
	if (r < 0) {
		strbuf_release(&sb);
		return r;
	}
	if (ret_len)
		*ret_len = sb.len;
	*ret = strbuf_detach(&sb);
	return 0;
}

int host_list_dir(const struct host *h, const char *path, char ***ret)
{
	int fd = host_open_path(h, path, O_RDONLY | O_DIRECTORY, true);
	if (fd < 0)
		return fd;
	DIR *d = fdopendir(fd);
	if (!d) {
		int r = -errno;
		close(fd);
		return r;
	}
	char **v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (STREQ(de->d_name, ".") || STREQ(de->d_name, ".."))
			continue;
		if (n + 1 >= cap) { /* doubling: a directory of 100k entries stays linear */
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(char *));
		}
		v[n++] = xstrdup(de->d_name);
		v[n] = NULL;
	}
	closedir(d);
	if (n)
		strv_sort(v);
	else
		v = xcalloc(1, sizeof(char *));
	*ret = v;
	return 0;
}
