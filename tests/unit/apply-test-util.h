/* apply-test-util.h: fake roots for the apply tests (test-apply-*.c): making files with an
 * owner and mode, reading them back, and a snapshot of a whole tree (type, mode, owner, bytes
 * or link target of every entry) to prove that a rollback restores it exactly. */
#pragma once

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static inline void t_mkdirs(const char *path)
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

/* Creates root/rel/ and its parents (0755). */
static inline void t_mkdirs_at(const char *root, const char *rel)
{
	_cleanup_free_ char *path = xasprintf("%s/%s/", root, rel);
	t_mkdirs(path);
}

/* Writes root/rel with mode and owner (parents created 0755). */
static inline void t_put(const char *root, const char *rel, const void *data, size_t len,
			 mode_t mode, uid_t uid, gid_t gid)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	t_mkdirs(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		abort();
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n <= 0)
			abort();
		p += n;
		len -= (size_t)n;
	}
	if (fchown(fd, uid, gid) < 0 || fchmod(fd, mode) < 0 || close(fd) < 0)
		abort();
}

static inline void t_puts(const char *root, const char *rel, const char *s)
{
	t_put(root, rel, s, strlen(s), 0644, 0, 0);
}

/* Reads root/rel; NULL when absent. */
static inline char *t_read(const char *root, const char *rel, size_t *ret_len)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	close(fd);
	if (ret_len)
		*ret_len = sb.len;
	return strbuf_detach(&sb);
}

static inline int t_lstat(const char *root, const char *rel, struct stat *st)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	return lstat(path, st) < 0 ? -errno : 0;
}

/* ---- tree snapshots ---- */

static char **t_snap_lines;
static size_t t_snap_skip_len;
static const char *t_snap_exclude;

static int t_snap_one(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
	(void)type;
	(void)ftw;
	const char *relp = p + t_snap_skip_len;
	if (!*relp)
		relp = "/";
	if (t_snap_exclude && startswith(relp, t_snap_exclude))
		return 0;
	char what[80] = "";
	if (S_ISREG(st->st_mode)) {
		int fd = open(p, O_RDONLY | O_CLOEXEC);
		struct strbuf sb = STRBUF_INIT;
		char buf[65536];
		ssize_t n;
		while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
			strbuf_add(&sb, buf, (size_t)n);
		if (fd >= 0)
			close(fd);
		sha256_hex(sb.buf ? sb.buf : "", sb.len, what);
		strbuf_release(&sb);
	} else if (S_ISLNK(st->st_mode)) {
		ssize_t n = readlink(p, what, sizeof(what) - 1);
		what[n > 0 ? n : 0] = '\0';
	}
	strv_push(&t_snap_lines, xasprintf("%s %o %u:%u %s", relp, (unsigned)st->st_mode,
					   (unsigned)st->st_uid, (unsigned)st->st_gid, what));
	return 0;
}

static int t_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One line per entry under root ("PATH MODE UID:GID SHA256-or-LINK"), sorted, joined; entries
 * under exclude (a path relative to the root with a leading slash) are left out. */
static inline char *t_snapshot(const char *root, const char *exclude)
{
	t_snap_lines = NULL;
	t_snap_skip_len = strlen(root);
	t_snap_exclude = exclude;
	if (nftw(root, t_snap_one, 16, FTW_PHYS) < 0)
		abort();
	size_t n = strv_length(t_snap_lines);
	if (n)
		qsort(t_snap_lines, n, sizeof(char *), t_cmp_str);
	char *s = strv_join(t_snap_lines, "\n");
	t_snap_lines = strv_free(t_snap_lines);
	return s;
}

/* Prints the lines that differ (to help whoever reads a failure). */
static inline void t_snapshot_diff(const char *a, const char *b)
{
	if (STREQ(a, b))
		return;
	fprintf(stderr, "tree differs:\n--- expected\n%s\n+++ actual\n%s\n", a, b);
}

static int t_rm_one(const char *p, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(p);
}

static inline void t_rm_rf(const char *dir)
{
	(void)nftw(dir, t_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Number of entries in dir/rel whose name contains infix. */
static inline int t_count_names(const char *root, const char *rel, const char *infix)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strstr(de->d_name, infix))
			n++;
	closedir(d);
	return n;
}
