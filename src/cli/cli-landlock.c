/* cli-landlock.c: the read-only sandbox of `audit`, `rules` and `baseline check`.
 *
 * An audit must not change the host. The build graph already keeps the apply module out of the
 * audit path; this makes the kernel enforce it too, so that a bug in a probe or a library
 * (augeas, libmount, libselinux) cannot write either: once applied, no file can be created,
 * written, truncated, removed, renamed or linked by this process or its children, anywhere.
 * Reading stays allowed everywhere (the root can be any directory). The report file given with
 * -o is opened before, and an fd keeps the rights it was opened with.
 *
 * One exception, for `audit --save`: beneath the report directory (an fd opened before), files
 * may be created, written, truncated and removed (the temporary file of an atomic write, and its
 * rename to the report's name). Nothing else there: no directories, links, devices or sockets.
 *
 * Landlock has no libc wrapper: raw syscalls, with the ABI version asked first so that every
 * write-type right the running kernel knows is handled, and none granted:
 *
 *   ABI 1 (5.13)  WRITE_FILE REMOVE_DIR REMOVE_FILE MAKE_CHAR MAKE_DIR MAKE_REG MAKE_SOCK
 *                 MAKE_FIFO MAKE_BLOCK MAKE_SYM
 *   ABI 2 (5.19)  + REFER (rename and link across directories)
 *   ABI 3 (6.2)   + TRUNCATE
 *   ABI 5 (6.10)  + IOCTL_DEV
 *
 * No logging here: the caller says what happened (and the unit test includes this file). */
#include <errno.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"

/* Older kernel headers lack the newer rights and syscall numbers; the values are ABI. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#endif
#ifndef __NR_landlock_restrict_self
#define __NR_landlock_restrict_self 446
#endif

/* Our own copy of struct landlock_ruleset_attr with the only member we set: the kernel accepts
 * any size up to its own and treats missing members as zero (net rights stay unhandled). */
struct ruleset_attr {
	uint64_t handled_access_fs;
};

/* struct landlock_path_beneath_attr is packed in the ABI: a u64 then an s32. */
struct path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

#ifndef __NR_landlock_add_rule
#define __NR_landlock_add_rule 445
#endif

static const struct {
	int abi; /* first ABI version that knows the right */
	uint64_t right;
} write_rights[] = {
	{1, LANDLOCK_ACCESS_FS_WRITE_FILE},
	{1, LANDLOCK_ACCESS_FS_REMOVE_DIR},
	{1, LANDLOCK_ACCESS_FS_REMOVE_FILE},
	{1, LANDLOCK_ACCESS_FS_MAKE_CHAR},
	{1, LANDLOCK_ACCESS_FS_MAKE_DIR},
	{1, LANDLOCK_ACCESS_FS_MAKE_REG},
	{1, LANDLOCK_ACCESS_FS_MAKE_SOCK},
	{1, LANDLOCK_ACCESS_FS_MAKE_FIFO},
	{1, LANDLOCK_ACCESS_FS_MAKE_BLOCK},
	{1, LANDLOCK_ACCESS_FS_MAKE_SYM},
	{2, LANDLOCK_ACCESS_FS_REFER},
	{3, LANDLOCK_ACCESS_FS_TRUNCATE},
	{5, LANDLOCK_ACCESS_FS_IOCTL_DEV},
};

int landlock_deny_writes(void)
{
	return landlock_deny_writes_except(-1);
}

int landlock_deny_writes_except(int dirfd)
{
	long abi = syscall(__NR_landlock_create_ruleset, NULL, 0,
			   (uint32_t)LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0)
		return errno == ENOSYS || errno == EOPNOTSUPP ? -EOPNOTSUPP : -errno;
	if (abi == 0)
		return -EOPNOTSUPP;

	struct ruleset_attr attr = {0};
	for (size_t i = 0; i < ELEMENTSOF(write_rights); i++)
		if (abi >= write_rights[i].abi)
			attr.handled_access_fs |= write_rights[i].right;

	long fd = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (fd < 0)
		return errno == ENOSYS || errno == EOPNOTSUPP ? -EOPNOTSUPP : -errno;

	/* the one exception, for `audit --save`: regular files beneath dirfd */
	uint64_t files = LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_WRITE_FILE |
			 LANDLOCK_ACCESS_FS_REMOVE_FILE | (abi >= 3 ? LANDLOCK_ACCESS_FS_TRUNCATE : 0);
	struct path_beneath pb = {.allowed_access = files, .parent_fd = dirfd};
	int r = 0;
	if (dirfd >= 0 &&
	    syscall(__NR_landlock_add_rule, (int)fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) < 0)
		r = -errno;
	/* no_new_privs: required for an unprivileged process, and right for us anyway: nothing we
	 * exec may gain privileges. */
	if (r == 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		r = -errno;
	if (r == 0 && syscall(__NR_landlock_restrict_self, (int)fd, 0) < 0)
		r = -errno;
	close((int)fd);
	return r < 0 ? r : (int)abi;
}
