/* mount-util.h: the one door to libmount (mountinfo of the host root). */
#pragma once

#include <libmount/libmount.h>

#include "util.h"

static inline void mnt_free_tablep(struct libmnt_table **t)
{
	if (*t)
		mnt_unref_table(*t);
}
