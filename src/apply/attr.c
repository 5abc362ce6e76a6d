/* attr.c: chmod and chown of a host path without following a symlink in its last component.
 *
 * The path is pinned with an O_PATH|O_NOFOLLOW fd first, so that the object we checked is the
 * object we change, whatever it is (a unix socket cannot be opened for reading, which is why
 * fchmod on an ordinary fd is not an option). chown goes through fchownat(fd, "",
 * AT_EMPTY_PATH); chmod through /proc/self/fd/N, the kernel's handle on that very inode. Where
 * /proc is not mounted, the name is checked again (same inode, still not a link) and changed
 * with fchmodat: a narrow window, and Linux has no fchmodat(AT_SYMLINK_NOFOLLOW) to close it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal-internal.h"

int apply_set_attr(const struct host *h, const char *path, int64_t mode, int64_t uid, int64_t gid)
{
	if (mode > 07777 || uid > UINT32_MAX - 1 || gid > UINT32_MAX - 1)
		return -EINVAL;
	_cleanup_close_ int dirfd = -1;
	_cleanup_free_ char *name = NULL;
	int r = apply_open_parent(h, path, false, &dirfd, &name);
	if (r < 0)
		return r;
	_cleanup_close_ int fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;

	if ((uid >= 0 && (uint32_t)uid != st.st_uid) || (gid >= 0 && (uint32_t)gid != st.st_gid)) {
		if (fchownat(fd, "", uid >= 0 ? (uid_t)uid : (uid_t)-1,
			     gid >= 0 ? (gid_t)gid : (gid_t)-1, AT_EMPTY_PATH) < 0)
			return -errno;
		if (fstat(fd, &st) < 0) /* chown may have cleared set-id bits */
			return -errno;
	}
	if (mode < 0 || (st.st_mode & 07777) == (uint32_t)mode)
		return 0;

	char proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (chmod(proc, (mode_t)mode) == 0)
		return 0;
	if (errno != ENOENT)
		return -errno;
	/* no /proc: look again, then change by name */
	struct stat again;
	if (fstatat(dirfd, name, &again, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (S_ISLNK(again.st_mode) || again.st_dev != st.st_dev || again.st_ino != st.st_ino)
		return -EBUSY;
	return fchmodat(dirfd, name, (mode_t)mode, 0) < 0 ? -errno : 0;
}
