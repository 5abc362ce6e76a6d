/* fd-write.c: the two primitives that every writer of dockward shares: a whole buffer to an fd,
 * and a new temporary file beside the one it will replace. They only act on what the caller
 * opened or names; which files may be written at all is the callers' business (apply/ for the
 * host, `audit --save` for its report directory, inside the sandbox's one exception). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/random.h>
#include <unistd.h>

#include "util.h"

int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len > (1u << 30) ? (1u << 30) : len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int random_temp_name(const char *prefix, char **ret)
{
	static const char chars[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[6];
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return errno ? -errno : -EIO;
	char suffix[7];
	for (size_t i = 0; i < 6; i++)
		suffix[i] = chars[rnd[i] % (sizeof(chars) - 1)];
	suffix[6] = '\0';
	*ret = xasprintf("%s%s", prefix, suffix);
	return 0;
}

int open_temp_at(int dirfd, const char *prefix, unsigned mode, char **ret_name)
{
	for (int tries = 0; tries < 100; tries++) {
		char *tmp = NULL;
		int r = random_temp_name(prefix, &tmp);
		if (r < 0)
			return r;
		int fd = openat(dirfd, tmp,
				O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, mode);
		if (fd >= 0) {
			*ret_name = tmp;
			return fd;
		}
		int e = errno;
		free(tmp);
		if (e != EEXIST)
			return -e;
	}
	return -EEXIST;
}
