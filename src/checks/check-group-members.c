/* check-group-members.c: check kind `group_members`.
 *
 * Decides whether only allowed users are in a group (typically docker, whose members are root
 * on the host), from the accounts facts: the secondary members listed in etc/group, plus every
 * user whose primary gid in etc/passwd is the group's, plus the members of any other group line
 * with the same gid (the kernel only knows the number, so they have the same access).
 *
 *   etc/group or etc/passwd unreadable/invalid/not collected  -> error
 *   etc/group absent                                          -> not_applicable
 *   the group does not exist                                  -> pass (nobody can be in it)
 *   a member not in `allowed`                                 -> fail
 * One object (kind "user") per member. */
#include <inttypes.h>
#include <string.h>

#include "check-common.h"
#include "check.h"

static const struct check_param params[] = {
	{"group", PARAM_STRING, true, "name of the group, e.g. docker"},
	{"allowed", PARAM_STRING_LIST, true, "user names that may be members"},
	{NULL},
};

static bool allowed(const struct value *list, const char *name)
{
	for (size_t i = 0; list && list->type == VALUE_LIST && i < list->list.n; i++)
		if (value_is_string(list->list.items[i], name))
			return true;
	return false;
}

struct tally {
	char **seen;
	size_t n_bad;
	struct strbuf all, bad;
};

static void member(struct result *res, const struct value *ok, struct tally *t, const char *name,
		   const char *how)
{
	if (!*name || strv_contains(t->seen, name))
		return;
	strv_extend(&t->seen, name);
	bool good = allowed(ok, name);
	strbuf_addf(&t->all, "%s%s", t->all.len ? ", " : "", name);
	if (!good) {
		strbuf_addf(&t->bad, "%s%s", t->bad.len ? ", " : "", name);
		t->n_bad++;
	}
	result_add_object(res, "user", NULL, name, good ? STATUS_PASS : STATUS_FAIL, "%s%s", how,
			  good ? "" : ", not allowed");
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	const struct accounts_facts *a = &f->accounts;
	const char *name = check_param_string(r, "group", "");
	const struct value *ok = check_param(r, "allowed");
	_cleanup_free_ char *ok_text = check_list_text(ok);

	result_expect(res, "members of %s only among %s", name, ok_text);
	if (!check_require_probes(f, PROBE_ACCOUNTS, res))
		return;
	if (!check_status_usable(res, &a->group, "etc/group", "/etc/group"))
		return;
	if (a->group.state == FACT_ABSENT) {
		result_set(res, STATUS_NOT_APPLICABLE, "etc/group is absent: no local groups");
		result_add_evidence(res, "/etc/group", 0, 0, "absent");
		return;
	}
	const struct account_group *g = accounts_find_group(a, name);
	if (!g) {
		result_set(res, STATUS_PASS, "group %s does not exist: nobody can be in it", name);
		result_add_evidence(res, "/etc/group", 0, 0, "no group %s", name);
		return;
	}

	struct tally t = {.all = STRBUF_INIT, .bad = STRBUF_INIT};
	for (size_t i = 0; i < a->n_groups; i++) {
		const struct account_group *x = &a->groups[i];
		if (x->gid != g->gid)
			continue;
		_cleanup_free_ char *list = strv_join(x->members, ",");
		result_add_evidence(res, "/etc/group", x->line, 0, "%s (gid %" PRIu32 "): %s",
				    x->name, x->gid, *list ? list : "no secondary members");
		for (size_t j = 0; x->members && x->members[j]; j++) {
			_cleanup_free_ char *how =
				x == g ? xasprintf("secondary member (etc/group:%d)", x->line)
				       : xasprintf("member of %s, which has the same gid %" PRIu32
						   " (etc/group:%d)",
						   x->name, x->gid, x->line);
			member(res, ok, &t, x->members[j], how);
		}
	}

	/* users whose primary group it is: etc/passwd must be readable to know them */
	bool passwd_ok = check_state_usable(a->passwd.state);
	if (a->passwd.state == FACT_ABSENT)
		result_add_evidence(res, "/etc/passwd", 0, 0, "absent: no local users");
	for (size_t i = 0; passwd_ok && i < a->n_users; i++) {
		const struct account_user *u = &a->users[i];
		if (u->gid != g->gid)
			continue;
		_cleanup_free_ char *how = xasprintf("primary group (etc/passwd:%d)", u->line);
		result_add_evidence(res, "/etc/passwd", u->line, 0, "%s: gid %" PRIu32, u->name,
				    u->gid);
		member(res, ok, &t, u->name, how);
	}

	_cleanup_free_ char *all = strbuf_detach(&t.all);
	_cleanup_free_ char *bad = strbuf_detach(&t.bad);
	strv_free(t.seen);
	if (t.n_bad)
		result_set(res, STATUS_FAIL, "%s has members not allowed: %s (members: %s)", name, bad,
			   all);
	else if (!passwd_ok)
		check_status_usable(res, &a->passwd, "etc/passwd (users whose primary group it is)",
				    "/etc/passwd");
	else if (*all)
		result_set(res, STATUS_PASS, "%s members: %s", name, all);
	else
		result_set(res, STATUS_PASS, "%s has no members", name);
}

const struct check_kind check_group_members = {
	.name = "group_members",
	.help = "only allowed users are members of a group (secondary or primary)",
	.params = params,
	.probes = PROBE_ACCOUNTS,
	.eval = eval,
};
