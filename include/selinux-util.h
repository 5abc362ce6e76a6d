/* selinux-util.h: the one door to libselinux (live SELinux state on the running host).
 *
 * Only for the live host (struct host.live): libselinux looks at the auditing machine's own
 * selinuxfs, wherever it is mounted, which is the truth there and meaningless under --root. */
#pragma once

#include <selinux/selinux.h>

#include "util.h"

/* The running kernel's SELinux state as libselinux sees it: 1 when SELinux is enabled, with
 * *ret_enforce 1 (enforcing) or 0 (permissive); 0 when it is disabled (selinuxfs not mounted);
 * -errno when libselinux cannot tell (the enforce file unreadable). */
int selinux_live_state(int *ret_enforce);

/* Switches the running kernel to enforcing (1) or permissive (0) now, as setenforce(8) does.
 * Live host only. 0, or -errno (-ENOENT without selinuxfs, -EACCES/-EPERM without the right). */
int selinux_set_enforce(int enforce);
