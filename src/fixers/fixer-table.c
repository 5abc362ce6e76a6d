/* fixer-table.c: the table of fixer kinds (see include/fixer.h for adding one). */
#include <string.h>

#include "fixer.h"

extern const struct fixer_kind fixer_audit_rules, fixer_daemon_json, fixer_daemon_tcp_hosts,
	fixer_file_mode, fixer_file_owner, fixer_group_members, fixer_lsm, fixer_manual, fixer_sysctl,
	fixer_userns_remap;

/* Sorted by name. */
const struct fixer_kind *const fixer_kinds[] = {
	&fixer_audit_rules,
	&fixer_daemon_json,
	&fixer_daemon_tcp_hosts,
	&fixer_file_mode,
	&fixer_file_owner,
	&fixer_group_members,
	&fixer_lsm,
	&fixer_manual,
	&fixer_sysctl,
	&fixer_userns_remap,
	NULL,
};

const struct fixer_kind *fixer_kind_find(const char *name)
{
	for (size_t i = 0; fixer_kinds[i]; i++)
		if (STREQ(fixer_kinds[i]->name, name))
			return fixer_kinds[i];
	return NULL;
}

const struct fixer_kind *fixer_of_rule(const struct rule *r)
{
	const struct value *k = r->fix ? value_map_get(r->fix, "kind") : NULL;
	return k && k->type == VALUE_STRING ? fixer_kind_find(k->s) : NULL;
}

bool fixer_available(const struct rule *r)
{
	const struct fixer_kind *k = fixer_of_rule(r);
	return k && k->plan;
}

const struct value *fix_param(const struct rule *r, const char *name)
{
	return r->fix ? value_map_get(r->fix, name) : NULL;
}

const char *fix_param_string(const struct rule *r, const char *name, const char *def)
{
	const struct value *v = fix_param(r, name);
	return v && v->type == VALUE_STRING ? v->s : def;
}
