/* check-userns-remap.c: check kind `userns_remap`.
 *
 * Decides whether dockerd maps container root to an unprivileged range, from the daemon facts
 * (effective userns-remap) and the accounts facts (etc/passwd, etc/subuid, etc/subgid).
 *
 *   Docker not installed                         -> not_applicable
 *   userns-remap unset or empty                  -> fail
 *   "root" (or 0)                                -> fail: dockerd turns user namespaces off
 *   "default"                                    -> the user dockremap; dockerd creates it and
 *                                                   its ranges at start, so absent ranges pass
 *                                                   (with evidence saying so)
 *   a named user (the part before ':')           -> must exist in etc/passwd, and own at least
 *                                                   65536 ids in etc/subuid and in etc/subgid
 *
 * dockerd looks both ranges up by the user's name (idtools.LoadIdentityMapping(username)), not
 * by the group after ':'; newer releases also accept the numeric uid, so both count here.
 *
 * Then the running daemon, when the Engine API answered: /info's SecurityOptions must say
 * name=userns as well; a configuration that holds while the daemon does not remap fails with
 * restart_required (it was not restarted since). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check-common.h"
#include "check.h"

#define SUBID_MIN 65536

static const struct check_param params[] = {{NULL}};

/* Sum of the ranges owned by name or uid; the first matching line in *ret_line. */
static uint64_t subid_total(const struct subid_range *r, size_t n, const char *name,
			    const char *uid, int *ret_line)
{
	uint64_t total = 0;
	*ret_line = 0;
	for (size_t i = 0; i < n; i++) {
		if (!STREQ(r[i].owner, name) && !(uid && STREQ(r[i].owner, uid)))
			continue;
		if (!*ret_line)
			*ret_line = r[i].line;
		total = r[i].count > UINT64_MAX - total ? UINT64_MAX : total + r[i].count;
	}
	return total;
}

/* Judges one of etc/subuid, etc/subgid; appends to why when short. Returns false on error. */
static bool judge_ranges(struct result *res, const struct fact_status *st, const char *path,
			 const struct subid_range *r, size_t n, const char *user, const char *uid,
			 bool is_default, struct strbuf *why, bool *ret_short, bool *ret_created)
{
	if (!check_status_usable(res, st, path + 1, path))
		return false;
	int line = 0;
	uint64_t total = st->state == FACT_OK ? subid_total(r, n, user, uid, &line) : 0;
	if (total >= SUBID_MIN) {
		result_add_evidence(res, path, line, 0, "%s owns %" PRIu64 " ids", user, total);
		return true;
	}
	if (total == 0 && is_default) {
		*ret_created = true;
		result_add_evidence(res, path, 0, 0,
				    "no range for %s: created by dockerd at start (userns-remap "
				    "\"default\")",
				    user);
		return true;
	}
	*ret_short = true;
	if (st->state == FACT_ABSENT) {
		result_add_evidence(res, path, 0, 0, "absent");
		strbuf_addf(why, "%s%s is absent", why->len ? "; " : "", path + 1);
	} else if (total == 0) {
		result_add_evidence(res, path, 0, 0, "no range for %s", user);
		strbuf_addf(why, "%sno range for %s in %s", why->len ? "; " : "", user, path + 1);
	} else {
		result_add_evidence(res, path, line, 0, "%s owns %" PRIu64 " ids, fewer than %d",
				    user, total, SUBID_MIN);
		strbuf_addf(why, "%s%s owns only %" PRIu64 " ids in %s (needs %d)",
			    why->len ? "; " : "", user, total, path + 1, SUBID_MIN);
	}
	return true;
}

static void eval_config(const struct rule *r, const struct facts *f, struct result *res)
{
	(void)r;
	const struct daemon_facts *d = &f->daemon;
	const struct accounts_facts *a = &f->accounts;

	result_expect(res, "userns-remap set to \"default\" or to a user with at least %d ids in "
			   "etc/subuid and etc/subgid",
		      SUBID_MIN);
	if (!check_daemon_present(f, res))
		return;
	if (check_daemon_conflict(res, d, "userns-remap"))
		return;
	struct daemon_lookup l;
	if (!check_daemon_lookup(res, d, "userns-remap", &l))
		return;
	_cleanup_free_ char *observed = check_daemon_describe(d, "userns-remap");
	check_daemon_evidence(res, d, "userns-remap");

	if (check_value_empty(l.value) || l.source == DAEMON_SOURCE_DEFAULT) {
		result_set(res, STATUS_FAIL, "userns-remap is off: %s; containers' root is the host's "
					     "root",
			   observed);
		return;
	}
	if (l.value->type != VALUE_STRING) {
		result_set(res, STATUS_FAIL, "not a user name: %s", observed);
		return;
	}

	_cleanup_free_ char *user = xstrndup(l.value->s, strcspn(l.value->s, ":"));
	bool is_default = STREQ(l.value->s, "default");
	if (is_default) {
		free(user);
		user = xstrdup("dockremap");
	}
	if (STREQ(user, "root") || STREQ(user, "0")) {
		result_set(res, STATUS_FAIL, "%s: root cannot be remapped to itself, dockerd turns "
					     "user namespaces off",
			   observed);
		return;
	}
	if (!check_require_probes(f, PROBE_ACCOUNTS, res))
		return;

	/* the user: must exist unless dockerd creates it ("default") */
	char uidbuf[16];
	const char *uid = NULL;
	if (!check_status_usable(res, &a->passwd, "etc/passwd", "/etc/passwd"))
		return;
	const struct account_user *u = accounts_find_user(a, user);
	uint32_t num;
	if (!u && parse_uint32(user, &num) == 0) {
		const char *name = accounts_user_name(a, num);
		if (name) {
			u = accounts_find_user(a, name);
			free(user);
			user = xstrdup(name);
		}
	}
	if (u) {
		snprintf(uidbuf, sizeof(uidbuf), "%" PRIu32, u->uid);
		uid = uidbuf;
		result_add_evidence(res, "/etc/passwd", u->line, 0, "%s: uid %" PRIu32, u->name,
				    u->uid);
	} else if (is_default) {
		result_add_evidence(res, "/etc/passwd", 0, 0,
				    "no user dockremap: created by dockerd at start");
	} else {
		result_add_evidence(res, "/etc/passwd", 0, 0, "no user %s", user);
		result_set(res, STATUS_FAIL, "%s: user %s does not exist; dockerd refuses to start",
			   observed, user);
		return;
	}

	struct strbuf why = STRBUF_INIT;
	bool is_short = false, created = !u;
	if (!judge_ranges(res, &a->subuid, "/etc/subuid", a->subuids, a->n_subuids, user, uid,
			  is_default, &why, &is_short, &created) ||
	    !judge_ranges(res, &a->subgid, "/etc/subgid", a->subgids, a->n_subgids, user, uid,
			  is_default, &why, &is_short, &created)) {
		strbuf_release(&why);
		return;
	}
	_cleanup_free_ char *w = strbuf_detach(&why);
	if (is_short)
		result_set(res, STATUS_FAIL, "%s; %s", observed, w);
	else
		result_set(res, STATUS_PASS, "%s; %s", observed,
			   created ? "dockerd creates dockremap and its id ranges at start"
				   : "its subordinate id ranges are in place");
}

/* The running daemon: /info SecurityOptions has "name=userns" when it remaps. */
static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	eval_config(r, f, res);
	if (!(f->probed & PROBE_ENGINE) || f->engine.status.state != FACT_OK ||
	    f->engine.info.state != FACT_OK)
		return;
	if (res->status != STATUS_PASS && res->status != STATUS_FAIL)
		return;
	bool on = f->engine.userns;
	result_add_evidence(res, "GET /info", 0, 0, "SecurityOptions: %s (%s)",
			    on ? "name=userns" : "no name=userns", f->engine.docker_host);
	_cleanup_free_ char *cfg = xstrdup(res->observed ? res->observed : "");
	if (res->status == STATUS_PASS && !on) {
		res->restart_required = true;
		result_set(res, STATUS_FAIL,
			   "%s, but the running daemon does not remap users: it was not restarted "
			   "since the configuration changed",
			   cfg);
	} else if (res->status == STATUS_PASS) {
		result_set(res, STATUS_PASS, "%s; the running daemon remaps users", cfg);
	} else if (on) {
		result_set(res, STATUS_FAIL,
			   "%s; the running daemon still remaps users, until its next restart", cfg);
	}
}

const struct check_kind check_userns_remap = {
	.name = "userns_remap",
	.help = "dockerd remaps container root (userns-remap) to a user with subordinate id ranges",
	.params = params,
	.probes = PROBE_DAEMON | PROBE_ACCOUNTS | PROBE_ENGINE,
	.eval = eval,
};
