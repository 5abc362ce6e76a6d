/* selinux-util.h: the one door to libselinux (live SELinux state on the running host). */
#pragma once

#include <selinux/selinux.h>

#include "util.h"
