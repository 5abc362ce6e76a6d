/* fixer-group-members.c: fixer kind `group_members`: takes users the baseline does not allow
 * out of a group (the docker group: membership is root on the host).
 *
 * The rule's check (group_members: params group, allowed) names every member it does not allow
 * as a failing object (kind "user", name = the user). A secondary member listed on the group's
 * line is removed from the member list of /etc/group (augeas Group.lns) and, when the file
 * exists, of /etc/gshadow (Gshadow.lns), which is what `gpasswd -d USER GROUP` does; both files
 * keep their other lines, owner and mode. Two kinds of membership cannot be undone by editing a
 * member list, and the plan gives the exact commands instead (manual notes):
 *   - the group is the user's primary group (the gid in /etc/passwd): the user needs another
 *     primary group first, and files created with that gid keep it;
 *   - the user is in another group line with the same gid (the kernel only sees the number):
 *     which of the two lines is a mistake is for a person to decide.
 * The rule counts as planned only when every failing user is handled by the edits. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "augeas-util.h"
#include "fixer.h"

#define GROUP_FILE "/etc/group"
#define GSHADOW_FILE "/etc/gshadow"

static const struct check_param params[] = {
	{NULL},
};

/* Characters of Rx.word, which the Group and Gshadow lenses accept for names: nothing that
 * could end the quoted augeas path. */
static bool name_ok(const char *s)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("_.-", *p)))
			return false;
	return true;
}

/* Removes users from the member lists (label `member`) of group in text through lens. 0 with
 * *ret (NULL when text is NULL), or -errno with *ret_error. */
static int remove_members(struct plan_builder *pb, const char *lens, const char *label,
			  const char *text, size_t len, const char *group, char *const *users,
			  char **ret, char **ret_error)
{
	*ret = NULL;
	*ret_error = NULL;
	if (!text)
		return 0;
	size_t n = strv_length(users);
	struct augeas_op *ops = xcalloc(n, sizeof(*ops));
	char **paths = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		paths[i] = xasprintf("%s/%s[. = '%s']", group, label, users[i]);
		ops[i] = (struct augeas_op){AUGEAS_RM, paths[i], NULL};
	}
	_cleanup_free_ char *copy = xstrndup(text, len);
	int k = augeas_edit_text(pb_augeas(pb), lens, copy, ops, n, ret, ret_error);
	strv_free(paths);
	free(ops);
	return k;
}

static void plan(const struct rule *r, const struct result *res, struct plan_builder *pb)
{
	const struct accounts_facts *a = &pb_facts(pb)->accounts;
	const char *name = check_param_string(r, "group", NULL);
	const struct account_group *g = name ? accounts_find_group(a, name) : NULL;
	if (!g) {
		pb_note(pb, r, NOTE_SKIPPED, "group %s is not in /etc/group", name ? name : "?");
		return;
	}
	if (!name_ok(g->name)) {
		pb_note(pb, r, NOTE_MANUAL, "group '%s': name not editable by dockward; remove the "
			"members that are not allowed with `gpasswd -d USER GROUP`", g->name);
		return;
	}

	_cleanup_strv_free_ char **remove = NULL;
	bool all = true;
	size_t n_fail = 0;
	for (size_t i = 0; i < res->n_objects; i++) {
		const struct result_object *o = &res->objects[i];
		if (o->status != STATUS_FAIL || !o->kind || !STREQ(o->kind, "user") || !o->name)
			continue;
		const char *user = o->name;
		n_fail++;
		if (!name_ok(user)) {
			pb_note(pb, r, NOTE_MANUAL, "user '%s': name not editable by dockward; run "
				"`gpasswd -d '%s' %s`", user, user, g->name);
			all = false;
			continue;
		}
		if (strv_contains(g->members, user) && !strv_contains(remove, user))
			strv_extend(&remove, user);
		const struct account_user *u = accounts_find_user(a, user);
		if (u && u->gid == g->gid) {
			const struct account_group *own = accounts_find_group(a, user);
			_cleanup_free_ char *cmd =
				own && own->gid != g->gid
					? xasprintf("usermod -g %s %s", user, user)
					: xasprintf("groupadd %s && usermod -g %s %s", user, user, user);
			pb_note(pb, r, NOTE_MANUAL,
				"%s has %s as primary group (/etc/passwd:%d): give it another one, e.g. "
				"`%s`; files it created keep group %s (`find / -xdev -user %s -group "
				"%s`)",
				user, g->name, u->line, cmd, g->name, user, g->name);
			all = false;
		}
		for (size_t j = 0; j < a->n_groups; j++) {
			const struct account_group *x = &a->groups[j];
			if (x == g || x->gid != g->gid || !strv_contains(x->members, user))
				continue;
			pb_note(pb, r, NOTE_MANUAL,
				"%s is a member of %s (/etc/group:%d), which has the same gid %" PRIu32
				" as %s: remove it with `gpasswd -d %s %s`, or give %s a gid of its "
				"own with `groupmod -g NEWGID %s`",
				user, x->name, x->line, x->gid, g->name, user, x->name, x->name,
				x->name);
			all = false;
		}
	}
	if (!remove) {
		if (!n_fail)
			pb_note(pb, r, NOTE_SKIPPED, "the result names no member to remove");
		return;
	}

	_cleanup_free_ char *list = strv_join(remove, ", ");
	const char *files[] = {GROUP_FILE, GSHADOW_FILE};
	const char *lenses[] = {"Group.lns", "Gshadow.lns"};
	const char *labels[] = {"user", "member"};
	for (size_t i = 0; i < ELEMENTSOF(files); i++) {
		const char *text = NULL;
		size_t len = 0;
		int k = pb_file_get(pb, files[i], &text, &len);
		_cleanup_free_ char *out = NULL, *err = NULL;
		if (k >= 0)
			k = remove_members(pb, lenses[i], labels[i], text, len, g->name, remove, &out,
					   &err);
		if (k < 0) {
			pb_note(pb, r, NOTE_MANUAL, "%s cannot be edited (%s): run `gpasswd -d USER "
				"%s` for %s", files[i], err ? err : strerror(-k), g->name, list);
			all = false;
			break; /* /etc/gshadow is not edited alone */
		}
		if (out)
			pb_file_put(pb, r, files[i], out, strlen(out), 0644, false,
				    "remove %s from %s", list, g->name);
	}
	if (all)
		pb_rule_planned(pb, r);
}

const struct fixer_kind fixer_group_members = {
	.name = "group_members",
	.help = "remove users the baseline does not allow from a group (/etc/group, /etc/gshadow)",
	.params = params,
	.plan = plan,
	.daemon_config = false,
};
