/* augeas-util.h: the one door to augeas (config files, root-aware, lenses loaded lazily). */
#pragma once

#include <augeas.h>

#include "util.h"

static inline void aug_closep(augeas **a)
{
	if (*a)
		aug_close(*a);
}
