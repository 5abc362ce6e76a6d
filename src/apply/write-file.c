/* write-file.c: the one function that writes a file on the host, and its helpers.
 *
 * A host path is resolved under the root one component at a time, from directory fds: a
 * symlink on the way is followed by hand (an absolute target restarts at the root), a ".."
 * that would climb above the root is refused with -EXDEV instead of being clamped as the
 * read-only resolver in host.c does, because a link that tries to leave the root in a tree we
 * are about to write is an attack, not an accident. Each directory is opened with O_NOFOLLOW,
 * so a component swapped for a symlink between the look and the open fails (ELOOP).
 *
 * The write itself: ".NAME.dockward-XXXXXX" in the same directory (O_CREAT|O_EXCL|O_NOFOLLOW,
 * 0600), all bytes, fsync, fchown, fchmod, renameat over the target, fsync of the directory.
 * Named rather than O_TMPFILE so that it works on every filesystem (overlayfs and NFS of older
 * kernels refuse O_TMPFILE); a SIGKILL can leave the temp file behind, which rollback removes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal-internal.h"

/* Relative form of a canonical host path for *at() from the root: "/etc" -> "etc". */
static const char *rel(const char *canonical)
{
	while (*canonical == '/')
		canonical++;
	return *canonical ? canonical : ".";
}

/* Opens canonical host path (no symlinks, no "..") from the root with O_NOFOLLOW everywhere. */
static int reopen_canonical(const struct host *h, const char *canonical)
{
	int cur = openat(h->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cur < 0)
		return -errno;
	const char *p = rel(canonical);
	if (STREQ(p, "."))
		return cur;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		_cleanup_free_ char *comp = xstrndup(p, len);
		int next = openat(cur, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int e = errno;
		close(cur);
		if (next < 0)
			return -e;
		cur = next;
		p += len;
		while (*p == '/')
			p++;
	}
	return cur;
}

static void pop_component(struct strbuf *p)
{
	while (p->len > 0 && p->buf[p->len - 1] != '/')
		p->len--;
	if (p->len > 0)
		p->len--;
	if (p->buf)
		p->buf[p->len] = '\0';
}

/* Opens directory `path` (a host path) under the root, creating what is missing when mkdir_p. */
static int open_dir(const struct host *h, const char *path, bool mkdir_p)
{
	_cleanup_free_ char *todo = xstrdup(path);
	struct strbuf done = STRBUF_INIT; /* canonical host path of cur; "" is the root */
	unsigned links = 0;
	int r = 0;
	int cur = openat(h->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cur < 0)
		return -errno;

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

		if (STREQ(comp, "."))
			continue;
		if (STREQ(comp, "..")) {
			if (done.len == 0) {
				r = -EXDEV; /* would climb above the root */
				goto fail;
			}
			pop_component(&done);
			close(cur);
			cur = reopen_canonical(h, done.len ? done.buf : "/");
			if (cur < 0) {
				r = cur;
				goto fail;
			}
			continue;
		}

		struct stat st;
		bool created = false;
		if (fstatat(cur, comp, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno != ENOENT || !mkdir_p) {
				r = -errno;
				goto fail;
			}
			if (mkdirat(cur, comp, 0755) < 0) {
				if (errno != EEXIST) {
					r = -errno;
					goto fail;
				}
			} else
				created = true;
			if (fstatat(cur, comp, &st, AT_SYMLINK_NOFOLLOW) < 0) {
				r = -errno;
				goto fail;
			}
		}
		if (S_ISLNK(st.st_mode)) {
			if (++links > HOST_LINK_MAX) {
				r = -ELOOP;
				goto fail;
			}
			char target[PATH_MAX];
			ssize_t n = readlinkat(cur, comp, target, sizeof(target) - 1);
			if (n < 0) {
				r = -errno;
				goto fail;
			}
			if ((size_t)n >= sizeof(target) - 1) {
				r = -ENAMETOOLONG;
				goto fail;
			}
			target[n] = '\0';
			if (target[0] == '/') {
				done.len = 0;
				if (done.buf)
					done.buf[0] = '\0';
				close(cur);
				cur = reopen_canonical(h, "/");
				if (cur < 0) {
					r = cur;
					goto fail;
				}
			}
			char *next = xasprintf("%s/%s", target, p); /* p is "" or "/..." */
			free(todo);
			todo = next;
			p = todo;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			r = -ENOTDIR;
			goto fail;
		}
		int next = openat(cur, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			r = -errno;
			goto fail;
		}
		if (created) {
			/* 0755 root:root whatever the umask; the new entry is durable before
			 * anything goes into it. Not root (tests, rootless): our own ids. */
			if (geteuid() == 0 && fchown(next, 0, 0) < 0)
				r = -errno;
			if (r == 0 && fchmod(next, 0755) < 0)
				r = -errno;
			if (r == 0 && fsync(cur) < 0)
				r = -errno;
			if (r < 0) {
				close(next);
				goto fail;
			}
		}
		close(cur);
		cur = next;
		strbuf_addc(&done, '/');
		strbuf_adds(&done, comp);
	}
	strbuf_release(&done);
	return cur;
fail:
	strbuf_release(&done);
	if (cur >= 0)
		close(cur);
	return r;
}

/* Splits "/a/b/c" into "/a/b" and "c". */
static int split_path(const char *path, char **ret_dir, char **ret_name)
{
	if (!path || path[0] != '/')
		return -EINVAL;
	size_t len = strlen(path);
	if (path[len - 1] == '/')
		return -EISDIR; /* "/" or "dir/" */
	const char *slash = strrchr(path, '/');
	const char *name = slash + 1;
	if (STREQ(name, ".") || STREQ(name, ".."))
		return -EINVAL;
	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	*ret_dir = slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	*ret_name = xstrdup(name);
	return 0;
}

int apply_open_parent(const struct host *h, const char *path, bool mkdir_parents, int *ret_dirfd,
		      char **ret_name)
{
	_cleanup_free_ char *dir = NULL, *name = NULL;
	int r = split_path(path, &dir, &name);
	if (r < 0)
		return r;
	int fd = open_dir(h, dir, mkdir_parents);
	if (fd < 0)
		return fd;
	*ret_dirfd = fd;
	*ret_name = TAKE_PTR(name);
	return 0;
}

void file_state_release(struct file_state *s)
{
	free(s->data);
	*s = (struct file_state){0};
}

/* Reads name in dirfd (see apply_read_current). */
static int read_at(int dirfd, const char *name, struct file_state *ret)
{
	struct stat st;
	*ret = (struct file_state){0};
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EINVAL; /* never open a FIFO or a device node */
	if ((uint64_t)st.st_size > APPLY_FILE_MAX)
		return -EFBIG;
	_cleanup_close_ int fd =
		openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st2;
	if (fstat(fd, &st2) < 0)
		return -errno;
	if (st2.st_dev != st.st_dev || st2.st_ino != st.st_ino || !S_ISREG(st2.st_mode))
		return -EBUSY; /* swapped under our feet */
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int r = -errno;
			strbuf_release(&sb);
			return r;
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > APPLY_FILE_MAX) {
			strbuf_release(&sb);
			return -EFBIG;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	ret->exists = true;
	ret->len = sb.len;
	ret->data = strbuf_detach(&sb);
	ret->mode = st2.st_mode & 07777;
	ret->uid = st2.st_uid;
	ret->gid = st2.st_gid;
	sha256_hex(ret->data, ret->len, ret->sha256);
	return 0;
}

int apply_read_current(const struct host *h, const char *path, struct file_state *ret)
{
	_cleanup_close_ int dirfd = -1;
	_cleanup_free_ char *name = NULL;
	int r = apply_open_parent(h, path, false, &dirfd, &name);
	if (r == -ENOENT) {
		*ret = (struct file_state){0};
		return 0;
	}
	if (r < 0)
		return r;
	struct file_state s;
	r = read_at(dirfd, name, &s);
	if (r < 0)
		return r;
	*ret = s;
	return 0;
}

int apply_missing_dirs(const struct host *h, const char *path, char ***ret)
{
	_cleanup_free_ char *dir = NULL, *name = NULL;
	int r = split_path(path, &dir, &name);
	if (r < 0)
		return r;
	char **v = NULL;
	bool missing = false;
	/* every prefix "/a", "/a/b", ... of the directory, in order */
	for (size_t i = 1; dir[i - 1]; i++) {
		if (dir[i] != '/' && dir[i] != '\0')
			continue;
		if (dir[i - 1] == '/')
			continue; /* the root, "//" */
		_cleanup_free_ char *prefix = xstrndup(dir, i);
		if (!missing) {
			int fd = open_dir(h, prefix, false);
			if (fd >= 0) {
				close(fd);
				continue;
			}
			if (fd != -ENOENT) {
				strv_free(v);
				return fd;
			}
			missing = true;
		}
		strv_push(&v, TAKE_PTR(prefix));
	}
	*ret = v;
	return 0;
}

int apply_remove_empty_dir(const struct host *h, const char *path)
{
	_cleanup_close_ int dirfd = -1;
	_cleanup_free_ char *name = NULL;
	int r = apply_open_parent(h, path, false, &dirfd, &name);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0)
		return errno == ENOENT || errno == ENOTEMPTY || errno == EEXIST ? 0 : -errno;
	return fsync(dirfd) < 0 ? -errno : 0;
}

/* ".NAME.dockward-" (NAME cut so that the temp name fits NAME_MAX). */
static char *temp_prefix(const char *name)
{
	size_t max = NAME_MAX - 1 - strlen(TEMP_INFIX) - 6;
	size_t n = strlen(name);
	return xasprintf(".%.*s%s", (int)(n > max ? max : n), name, TEMP_INFIX);
}

int apply_remove_temp_files(const struct host *h, const char *path)
{
	_cleanup_close_ int dirfd = -1;
	_cleanup_free_ char *name = NULL;
	int r = apply_open_parent(h, path, false, &dirfd, &name);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	_cleanup_free_ char *prefix = temp_prefix(name);
	size_t plen = strlen(prefix);
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	DIR *d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	char **victims = NULL;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strncmp(de->d_name, prefix, plen) == 0 && strlen(de->d_name) == plen + 6)
			strv_extend(&victims, de->d_name);
	closedir(d);
	bool removed = false;
	for (size_t i = 0; victims && victims[i]; i++) {
		struct stat st;
		if (fstatat(dirfd, victims[i], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && unlinkat(dirfd, victims[i], 0) == 0)
			removed = true;
	}
	strv_free(victims);
	if (removed && fsync(dirfd) < 0)
		return -errno;
	return 0;
}

/* Creates ".NAME.dockward-XXXXXX" in dirfd; *ret_name gets its name. */
static int open_temp(int dirfd, const char *name, char **ret_name)
{
	_cleanup_free_ char *prefix = temp_prefix(name);
	return open_temp_at(dirfd, prefix, 0600, ret_name);
}

int apply_restore_by_link(const struct host *h, const char *path, const char *backup, uint32_t mode,
			  uint32_t uid, uint32_t gid)
{
	if (mode > 07777)
		return -EINVAL;
	_cleanup_close_ int dirfd = -1, bdirfd = -1;
	_cleanup_free_ char *name = NULL, *bname = NULL;
	int r = apply_open_parent(h, path, true, &dirfd, &name);
	if (r < 0)
		return r;
	r = apply_open_parent(h, backup, false, &bdirfd, &bname);
	if (r < 0)
		return r;
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode))
			return -ELOOP;
		if (S_ISDIR(st.st_mode))
			return -EISDIR;
		if (!S_ISREG(st.st_mode))
			return -EINVAL;
	} else if (errno != ENOENT)
		return -errno;
	if (fstatat(bdirfd, bname, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;

	_cleanup_free_ char *tmp = NULL, *prefix = temp_prefix(name);
	for (int tries = 0;; tries++) {
		free(tmp);
		tmp = NULL;
		if (tries == 100)
			return -EEXIST;
		r = random_temp_name(prefix, &tmp);
		if (r < 0)
			return r;
		if (linkat(bdirfd, bname, dirfd, tmp, 0) == 0)
			break;
		if (errno != EEXIST)
			return -errno; /* EXDEV: the journal is on another filesystem */
	}
	int fd = openat(dirfd, tmp, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	r = fd < 0 ? -errno : 0;
	if (r == 0 && fchown(fd, uid, gid) < 0)
		r = -errno;
	if (r == 0 && fchmod(fd, mode) < 0)
		r = -errno;
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (fd >= 0)
		close(fd);
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = -errno;
	if (r < 0) {
		(void)unlinkat(dirfd, tmp, 0);
		return r;
	}
	if (fsync(dirfd) < 0)
		return -errno;
	/* the restored file must not share its inode with the journal */
	if (unlinkat(bdirfd, bname, 0) < 0 || fsync(bdirfd) < 0)
		return -errno;
	return 0;
}

int apply_write_file(const struct host *h, const char *path, const void *data, size_t len,
		     uint32_t mode, uint32_t uid, uint32_t gid, const char *expect_sha256,
		     bool mkdir_parents, bool *ret_changed)
{
	if (len > APPLY_FILE_MAX)
		return -EFBIG;
	if (mode > 07777)
		return -EINVAL;
	bool must_exist = expect_sha256 && expect_sha256[0];
	_cleanup_close_ int dirfd = -1;
	_cleanup_free_ char *name = NULL;
	/* Directories are created only once we know that the file may be created. */
	int r = apply_open_parent(h, path, false, &dirfd, &name);
	if (r == -ENOENT) {
		if (must_exist)
			return -ESTALE;
		if (mkdir_parents)
			r = apply_open_parent(h, path, true, &dirfd, &name);
	}
	if (r < 0)
		return r;

	struct file_state cur;
	r = read_at(dirfd, name, &cur);
	if (r < 0)
		return r;
	if (expect_sha256) {
		bool ok = must_exist ? cur.exists && STREQ(cur.sha256, expect_sha256) : !cur.exists;
		if (!ok) {
			file_state_release(&cur);
			return -ESTALE;
		}
	}
	bool same = cur.exists && cur.len == len &&
		    (len == 0 || memcmp(cur.data, data, len) == 0) && cur.mode == mode &&
		    cur.uid == uid && cur.gid == gid;
	file_state_release(&cur);
	if (same) {
		if (ret_changed)
			*ret_changed = false;
		return 0;
	}

	_cleanup_free_ char *tmp = NULL;
	int fd = open_temp(dirfd, name, &tmp);
	if (fd < 0)
		return fd;
	r = write_all(fd, data, len);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	/* owner before mode: chown clears set-id bits */
	if (r == 0 && fchown(fd, uid, gid) < 0)
		r = -errno;
	if (r == 0 && fchmod(fd, mode) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = -errno;
	if (r < 0) {
		(void)unlinkat(dirfd, tmp, 0);
		return r;
	}
	/* The rename is done: the new file is in place even if the directory's fsync fails. */
	if (fsync(dirfd) < 0)
		return -errno;
	if (ret_changed)
		*ret_changed = true;
	return 0;
}

int apply_remove_file(const struct host *h, const char *path)
{
	_cleanup_close_ int dirfd = -1;
	_cleanup_free_ char *name = NULL;
	int r = apply_open_parent(h, path, false, &dirfd, &name);
	if (r < 0)
		return r;
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if (unlinkat(dirfd, name, 0) < 0)
		return -errno;
	return fsync(dirfd) < 0 ? -errno : 0;
}
