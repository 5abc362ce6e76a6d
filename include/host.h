/* host.h: the host root, and every read of the host's files.
 *
 * A single struct host (root path plus an O_PATH fd on it) is passed to every probe. Paths given
 * to these functions are host paths ("/etc/docker/daemon.json"); they are resolved under the root
 * one component at a time with openat(O_NOFOLLOW), and symlinks are followed by hand so that they
 * can never leave the root (an absolute link target restarts at the root, ".." stops at the root),
 * as systemd's chase() does with CHASE_PREFIX_ROOT. Reads are bounded. Nothing here writes. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "util.h"

/* Hard limits on what is read from the host (hostile input). */
#define HOST_FILE_MAX (4u << 20)  /* 4 MiB: daemon.json, units, rules files */
#define HOST_LINK_MAX 40          /* symlinks followed while resolving one path */

struct host {
	char *root;  /* "/" or the --root directory, absolute, no trailing slash unless "/" */
	int root_fd; /* O_PATH|O_DIRECTORY */
	bool live;   /* root is "/" of the running system: /proc is the kernel's */
};

/* Opens the root. 0, or -errno (-ENOTDIR, -ENOENT, ...). */
int host_open(struct host *h, const char *root);
void host_close(struct host *h);

/* Opens path (a host path, absolute) under the root. flags: O_RDONLY plus O_DIRECTORY/O_PATH.
 * follow_last: whether a symlink in the last component is followed (inside the root).
 * Returns an fd or -errno (-ENOENT when absent, -ELOOP, -EACCES ...). */
int host_open_path(const struct host *h, const char *path, int flags, bool follow_last);

/* lstat()/stat() of a host path under the root. 0 or -errno. */
int host_stat(const struct host *h, const char *path, bool follow_last, struct stat *ret);

/* Reads a whole file (regular files and /proc-style files alike), at most max bytes (0 means
 * HOST_FILE_MAX); rejects embedded NUL unless allow_nul. The buffer is NUL-terminated; the caller
 * frees *ret. 0, -ENOENT, -EFBIG (too big), -EBADMSG (embedded NUL), or another -errno. */
int host_read_file(const struct host *h, const char *path, size_t max, bool allow_nul, char **ret,
		   size_t *ret_len);

/* Resolves a host path (symlinks followed inside the root) to its canonical host path.
 * 0 or -errno. The caller frees *ret. */
int host_realpath(const struct host *h, const char *path, char **ret);

/* Lists the entries of a host directory (no "." and ".."), sorted by name (C locale).
 * 0 or -errno; the caller frees the strv. */
int host_list_dir(const struct host *h, const char *path, char ***ret);

/* "<root><path>" for display and for libraries that want a real path (libmount, augeas root).
 * The caller frees it. */
char *host_full_path(const struct host *h, const char *path);
