/* selinux-util.c: libselinux's view of the running kernel, as a -errno API. */
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
