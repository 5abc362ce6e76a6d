/* selinux-util.c: libselinux's view of the running kernel (and setenforce), as a -errno API. */
#include <errno.h>

#include "selinux-util.h"

int selinux_live_state(int *ret_enforce)
{
	int r = is_selinux_enabled();
	if (r < 0)
		return errno > 0 ? -errno : -EIO;
	if (r == 0)
		return 0;
	errno = 0;
	int e = security_getenforce();
	if (e < 0)
		return errno > 0 ? -errno : -EIO;
	*ret_enforce = e > 0;
	return 1;
}

int selinux_set_enforce(int enforce)
{
	if (enforce != 0 && enforce != 1)
		return -EINVAL;
	errno = 0;
	if (security_setenforce(enforce) < 0)
		return errno > 0 ? -errno : -EIO;
	return 0;
}
