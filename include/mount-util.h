/* mount-util.h: the one door to libmount (mountinfo of the host root).
 *
 * libmount parses; it never opens a file for us: the probe reads <root>/proc/self/mountinfo with
 * host_read_file() (bounded, inside the root) and hands the text over, so that no path outside
 * the root is ever opened and no libmount cache, fstab or utab is consulted. */
#pragma once

#include <libmount/libmount.h>

#include "util.h"

static inline void mnt_free_tablep(struct libmnt_table **t)
{
	if (*t)
		mnt_unref_table(*t);
}
static inline void mnt_free_iterp(struct libmnt_iter **i)
{
	if (*i)
		mnt_free_iter(*i);
}

/* Parses mountinfo text (len bytes, no NUL inside) into a new table. Every line that is not a
 * blank line or a '#' comment must be a mountinfo line: 0 and *ret (the caller unrefs it);
 * -EBADMSG when one is not, with *ret_bad_line its number (1-based) and *ret_n_bad how many
 * there are; -ENOMEM. Sources are kept as written (libmount would otherwise replace
 * "/dev/root" by a device it guesses from the auditing machine's own /sys and /proc/cmdline). */
int mountinfo_parse_text(const char *text, size_t len, struct libmnt_table **ret,
			 int *ret_bad_line, unsigned *ret_n_bad);
