/* fixer-file-owner.c: fixer kind `file_owner`: chown the files a file_owner_mode rule found with
 * an owner or group it does not allow.
 *
 * Every object of the result with status fail (kind "file", id = path) gets the fix's owner and
 * group, resolved to ids through the accounts facts (etc/passwd, etc/group under the root: the
 * ids of the host being fixed, not of the machine running dockward). A number is taken as an id.
 * A name that does not resolve stops the whole fix with an error at the fix map's position:
 * chowning to a guessed id would be worse than not fixing. Ids that are already right are left
 * alone (the plan builder skips them); changes are planned on the real path, never through a
 * symlink.
 *
 * With `socket_unit: docker.socket`, SocketGroup= (and SocketUser= when the owner is not root,
 * systemd's default) go into dockward's docker.socket drop-in when the unit exists, merged with
 * what file_mode writes there (socket-dropin.c). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "fixer.h"
#include "socket-dropin.h"

static const struct check_param params[] = {
	{"owner", PARAM_STRING, false, "user name (or uid) the failing files get"},
	{"group", PARAM_STRING, false, "group name (or gid) the failing files get"},
	{"socket_unit", PARAM_STRING, false,
	 "docker.socket: also set SocketUser=/SocketGroup= in dockward's drop-in for that unit"},
	{NULL},
};

static int validate(const struct value *fix, const char *file, struct diags *diags)
{
	int r = socket_dropin_validate(fix, file, diags);
	if (!value_map_get(fix, "owner") && !value_map_get(fix, "group")) {
		diags_add(diags, file, fix->line, fix->col, "at least one of owner, group is required");
		r = -EINVAL;
	}
	return r;
}

/* Resolves the fix's owner (user) or group param into *ret (-1 when the param is absent).
 * False (with pb_error) when the name does not resolve. */
static bool resolve(const struct rule *r, struct plan_builder *pb, bool user, int64_t *ret)
{
	const struct accounts_facts *a = &pb_facts(pb)->accounts;
	const char *param = user ? "owner" : "group";
	const struct value *v = fix_param(r, param);
	*ret = -1;
	if (!v || v->type != VALUE_STRING)
		return true;
	uint32_t id;
	if (parse_uint32(v->s, &id) == 0) {
		*ret = id;
		return true;
	}
	if (user) {
		const struct account_user *u = accounts_find_user(a, v->s);
		if (u)
			*ret = u->uid;
	} else {
		const struct account_group *g = accounts_find_group(a, v->s);
		if (g)
			*ret = g->gid;
	}
	if (*ret < 0 && STREQ(v->s, "root"))
		*ret = 0; /* uid and gid 0 are root everywhere dockerd runs */
	if (*ret >= 0)
		return true;
	const struct fact_status *s = user ? &a->passwd : &a->group;
	const char *file = user ? "/etc/passwd" : "/etc/group";
	int line = v->line ? v->line : r->line, col = v->line ? v->col : r->col;
	if (s->state == FACT_OK)
		pb_error(pb, r, r->file, line, col, "%s: no %s '%s' in %s", param,
			 user ? "user" : "group", v->s, file);
	else
		pb_error(pb, r, r->file, line, col, "%s: cannot resolve '%s': %s is %s", param, v->s,
			 file, s->reason ? s->reason : fact_state_to_string(s->state));
	return false;
}

static void plan(const struct rule *r, const struct result *res, struct plan_builder *pb)
{
	const struct facts *f = pb_facts(pb);
	int64_t uid, gid;
	bool ok_u = resolve(r, pb, true, &uid), ok_g = resolve(r, pb, false, &gid);
	if (!ok_u || !ok_g)
		return;

	_cleanup_strv_free_ char **done = NULL;
	size_t n_fail = 0;
	bool all = true;
	for (size_t i = 0; i < res->n_objects; i++) {
		const struct result_object *o = &res->objects[i];
		if (o->status != STATUS_FAIL || !o->kind || !STREQ(o->kind, "file") || !o->id)
			continue;
		n_fail++;
		const struct file_fact *ff = facts_find_file(&f->files, o->id);
		if (ff && ff->status.state != FACT_OK) { /* `missing: fail`: chown cannot create it */
			pb_note(pb, r, NOTE_SKIPPED, "%s is %s: nothing to chown", o->id,
				fact_state_to_string(ff->status.state));
			all = false;
			continue;
		}
		const char *path = ff && ff->real_path ? ff->real_path : o->id;
		if (strv_contains(done, path))
			continue;
		strv_extend(&done, path);
		pb_attr(pb, r, path, -1, uid, gid);
	}

	const char *unit = fix_param_string(r, "socket_unit", NULL);
	if (unit && n_fail) {
		const char *owner = fix_param_string(r, "owner", NULL);
		const char *group = fix_param_string(r, "group", NULL);
		if (owner && uid != 0)
			socket_dropin_set(pb, r, unit, "SocketUser", owner);
		if (group)
			socket_dropin_set(pb, r, unit, "SocketGroup", group);
	}
	if (n_fail && all)
		pb_rule_planned(pb, r);
	else
		pb_note(pb, r, NOTE_SKIPPED, "the result names no failing file to change");
}

const struct fixer_kind fixer_file_owner = {
	.name = "file_owner",
	.help = "chown the failing files to an owner and group (names resolved on the host)",
	.params = params,
	.validate = validate,
	.plan = plan,
	.daemon_config = false,
};
