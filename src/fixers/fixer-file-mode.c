/* fixer-file-mode.c: fixer kind `file_mode`: chmod the files a file_owner_mode rule found with
 * permission bits beyond its maximum.
 *
 * Every object of the result with status fail (kind "file", id = the path as the check judged
 * it) gets exactly the fix's mode; files that pass are left alone, so a 0600 file under a 0644
 * rule stays 0600. The change is planned on the file's real path (the check follows symlinks
 * inside the root; dockward never changes attributes through a link). Directories, which a
 * recursive check lists too, get the fix's mode plus an x bit wherever it has an r bit (0644 ->
 * 0755, 0444 -> 0555): a directory without its search bit cannot be used. That mode is then
 * limited to the check's max_mode so that the rule holds afterwards.
 *
 * With `socket_unit: docker.socket`, SocketMode= goes into dockward's docker.socket drop-in too
 * (when the unit exists under the root), so the mode survives systemd creating the socket again;
 * see socket-dropin.c for why the socket unit is not restarted. Not daemon configuration: the
 * changes count without restarting dockerd. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fixer.h"
#include "socket-dropin.h"

static const struct check_param params[] = {
	{"mode", PARAM_MODE, true, "the permission bits failing files get, e.g. \"0644\""},
	{"socket_unit", PARAM_STRING, false,
	 "docker.socket: also set SocketMode= in dockward's drop-in for that unit"},
	{NULL},
};

/* A mode value: "0644"/"644" (octal), or an int whose decimal digits are octal digits. */
static int mode_value(const struct value *v, uint32_t *ret)
{
	if (v && v->type == VALUE_STRING)
		return parse_mode(v->s, ret);
	if (v && v->type == VALUE_INT && v->i >= 0) {
		char buf[24];
		snprintf(buf, sizeof(buf), "%" PRId64, v->i);
		return parse_mode(buf, ret);
	}
	return -EINVAL;
}

static int validate(const struct value *fix, const char *file, struct diags *diags)
{
	int r = socket_dropin_validate(fix, file, diags);
	const struct value *m = value_map_get(fix, "mode");
	uint32_t mode;
	if (m && mode_value(m, &mode) < 0) {
		_cleanup_free_ char *t = value_to_text(m);
		diags_add(diags, file, m->line ? m->line : fix->line, m->line ? m->col : fix->col,
			  "mode: %s is not an octal mode such as \"0644\"", t);
		r = -EINVAL;
	}
	return r;
}

/* The mode a directory gets for a fix mode (see the top of the file). */
static uint32_t dir_mode(const struct rule *r, uint32_t mode)
{
	uint32_t m = mode | ((mode & 0444) >> 2), max;
	if (mode_value(check_param(r, "max_mode"), &max) == 0)
		m &= max;
	return m;
}

static void plan(const struct rule *r, const struct result *res, struct plan_builder *pb)
{
	const struct facts *f = pb_facts(pb);
	uint32_t mode;
	if (mode_value(fix_param(r, "mode"), &mode) < 0) {
		const struct value *m = fix_param(r, "mode");
		pb_error(pb, r, r->file, m ? m->line : r->line, m ? m->col : r->col,
			 "mode: not an octal mode");
		return;
	}
	_cleanup_strv_free_ char **done = NULL;
	size_t n_planned = 0, n_fail = 0;
	for (size_t i = 0; i < res->n_objects; i++) {
		const struct result_object *o = &res->objects[i];
		if (o->status != STATUS_FAIL || !o->kind || !STREQ(o->kind, "file") || !o->id)
			continue;
		n_fail++;
		const struct file_fact *ff = facts_find_file(&f->files, o->id);
		if (ff && ff->status.state != FACT_OK) { /* `missing: fail`: chmod cannot create it */
			pb_note(pb, r, NOTE_SKIPPED, "%s is %s: nothing to chmod", o->id,
				fact_state_to_string(ff->status.state));
			continue;
		}
		const char *path = ff && ff->real_path ? ff->real_path : o->id;
		if (strv_contains(done, path)) { /* /lib and /usr/lib of a merged-/usr system */
			n_planned++;
			continue;
		}
		strv_extend(&done, path);
		uint32_t m = ff && S_ISDIR(ff->mode) ? dir_mode(r, mode) : mode;
		pb_attr(pb, r, path, m, -1, -1);
		n_planned++;
	}

	const char *unit = fix_param_string(r, "socket_unit", NULL);
	if (unit && n_fail) {
		char buf[8];
		snprintf(buf, sizeof(buf), "%04" PRIo32, mode);
		socket_dropin_set(pb, r, unit, "SocketMode", buf);
	}
	if (n_fail && n_planned == n_fail)
		pb_rule_planned(pb, r);
	else if (!n_fail)
		pb_note(pb, r, NOTE_SKIPPED, "the result names no failing file to change");
}

const struct fixer_kind fixer_file_mode = {
	.name = "file_mode",
	.help = "chmod the failing files to a mode (directories keep their search bits)",
	.params = params,
	.validate = validate,
	.plan = plan,
	.daemon_config = false,
};
