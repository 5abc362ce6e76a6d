/* fixer-daemon-json.c: fixer kind `daemon_json`: set and remove daemon.json keys.
 *
 * Edits the daemon configuration file dockerd reads (its --config-file, else
 * /etc/docker/daemon.json; created 0644 root:root when absent) with json_daemon_edit(): every
 * key it does not manage keeps its place and value, set keys replace in place or are appended,
 * removed keys go. A key that dockerd also gets as a flag (which would stop dockerd from
 * starting) has that flag taken out of its source first, or the rule is left unfixed with the
 * reason: see daemon-fix.c. A daemon.json that does not parse stops the whole fix (file:line:col)
 * rather than being rewritten.
 *
 *   fix: {kind: daemon_json, set: {icc: false, log-level: info}}
 *   fix: {kind: daemon_json, remove: [insecure-registries]} */
#include <errno.h>
#include <string.h>

#include "daemon-fix.h"
#include "fixer.h"

static const struct check_param params[] = {
	{"set", PARAM_ANY, false, "map of daemon.json keys to the values to write"},
	{"remove", PARAM_STRING_LIST, false,
	 "daemon.json keys to remove (from the file and from dockerd's flags)"},
	{NULL},
};

static int validate(const struct value *fix, const char *file, struct diags *diags)
{
	const struct value *set = value_map_get(fix, "set");
	if (set && set->type != VALUE_MAP) {
		diags_add(diags, file, set->line, set->col,
			  "set: a map of daemon.json keys to values, not a %s",
			  value_type_to_string(set->type));
		return -EINVAL;
	}
	return daemon_fix_validate_keys(fix, file, diags);
}

/* "set icc=false, log-level=info; remove iptables" */
static char *describe(const struct value *set, char *const *remove)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; set && i < set->map.n; i++) {
		_cleanup_free_ char *t = value_to_text(set->map.vals[i]);
		strbuf_addf(&sb, "%s%s=%s", i ? ", " : "set ", set->map.keys[i], t);
	}
	for (size_t i = 0; remove && remove[i]; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : sb.len ? "; remove " : "remove ", remove[i]);
	return strbuf_detach(&sb);
}

static void plan(const struct rule *r, const struct result *res, struct plan_builder *pb)
{
	(void)res;
	const struct value *set = fix_param(r, "set");
	const struct value *rm = fix_param(r, "remove");
	_cleanup_strv_free_ char **remove = NULL;
	for (size_t i = 0; rm && rm->type == VALUE_LIST && i < rm->list.n; i++)
		if (rm->list.items[i]->type == VALUE_STRING)
			strv_extend(&remove, rm->list.items[i]->s);
	if (set && set->type != VALUE_MAP)
		set = NULL;

	_cleanup_free_ char *what = describe(set, remove);
	struct daemon_change c = {.set = set, .remove = remove, .what = what};
	if (daemon_fix_plan(pb, r, &c))
		pb_rule_planned(pb, r);
}

const struct fixer_kind fixer_daemon_json = {
	.name = "daemon_json",
	.help = "set or remove daemon.json keys, moving clashing dockerd flags out of the unit or "
		"DOCKER_OPTS",
	.params = params,
	.validate = validate,
	.plan = plan,
	.daemon_config = true,
};
