/* check-table.c: the table of check kinds (see include/check.h for adding one). */
#include <string.h>

#include "check.h"

extern const struct check_kind check_audit_watch, check_container, check_daemon_config_valid,
	check_daemon_option, check_daemon_tcp_tls, check_file_owner_mode, check_group_members,
	check_image, check_lsm_enforcing, check_manual, check_separate_mount, check_sysctl,
	check_userns_remap;

/* Sorted by name. */
const struct check_kind *const check_kinds[] = {
	&check_audit_watch,
	&check_container,
	&check_daemon_config_valid,
	&check_daemon_option,
	&check_daemon_tcp_tls,
	&check_file_owner_mode,
	&check_group_members,
	&check_image,
	&check_lsm_enforcing,
	&check_manual,
	&check_separate_mount,
	&check_sysctl,
	&check_userns_remap,
	NULL,
};

const struct check_kind *check_kind_find(const char *name)
{
	for (size_t i = 0; check_kinds[i]; i++)
		if (STREQ(check_kinds[i]->name, name))
			return check_kinds[i];
	return NULL;
}
