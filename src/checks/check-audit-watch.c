/* check-audit-watch.c: check kind `audit_watch`.
 *
 * Decides whether auditd watches Docker's files, from the audit facts (-w PATH and
 * -F path=/dir= rules of etc/audit/audit.rules and the .rules files in etc/audit/rules.d), the
 * files facts (which candidates exist here, and their real paths) and, with from_daemon, the
 * daemon facts (the path of the dockerd binary found).
 *
 * A candidate that exists must be watched, by its own path or its real path (so a watch on the
 * target counts for a symlink), or by a watch on a directory above it (auditd watches a
 * directory's whole tree). Paths match as whole components, never as substrings:
 * /usr/bin/dockerd-rootless.sh does not watch /usr/bin/dockerd, nor /usr/bin/docker.
 *
 *   no candidate exists                          -> not_applicable
 *   no rules file at all                         -> fail (auditd not configured)
 *   an existing candidate not watched            -> fail
 *   a candidate's stat or the rules unreadable   -> error (unless something already fails) */
#include <errno.h>
#include <string.h>

#include "check-common.h"
#include "check.h"

static const struct check_param params[] = {
	{"paths", PARAM_STRING_LIST, false,
	 "candidate paths; each that exists must be watched (e.g. [/usr/bin/dockerd, "
	 "/usr/sbin/dockerd])"},
	{"from_daemon", PARAM_BOOL, false,
	 "also the dockerd binary the daemon probe found (default false)"},
	{NULL},
};

static int validate(const struct value *check, const char *file, struct diags *diags)
{
	const struct value *paths = value_map_get(check, "paths");
	const struct value *fd = value_map_get(check, "from_daemon");
	int r = check_validate_abs_path(check, file, diags, "paths");
	bool any = (paths && paths->type == VALUE_LIST && paths->list.n > 0) ||
		   (fd && fd->type == VALUE_BOOL && fd->b);
	if (!any) {
		diags_add(diags, file, check->line, check->col,
			  "paths (non-empty) or from_daemon: true is required");
		r = -EINVAL;
	}
	return r;
}

/* The candidates, without duplicates. */
static char **candidates(const struct rule *r, const struct facts *f)
{
	char **v = NULL;
	const struct value *paths = check_param(r, "paths");
	for (size_t i = 0; paths && paths->type == VALUE_LIST && i < paths->list.n; i++)
		if (paths->list.items[i]->type == VALUE_STRING &&
		    !strv_contains(v, paths->list.items[i]->s))
			strv_extend(&v, paths->list.items[i]->s);
	if (check_param_bool(r, "from_daemon", false) && f->daemon.dockerd_path &&
	    !strv_contains(v, f->daemon.dockerd_path))
		strv_extend(&v, f->daemon.dockerd_path);
	return v;
}

static void request(const struct rule *r, const struct facts *f, struct fact_requests *q)
{
	_cleanup_strv_free_ char **c = candidates(r, f);
	for (size_t i = 0; c && c[i]; i++)
		fact_requests_add_file(q, c[i], false);
}

/* The watch covering path, or NULL; *ret_exact tells a watch on the path itself. */
static const struct audit_watch *find_watch(const struct audit_facts *a, const char *path,
					    bool *ret_exact)
{
	const struct audit_watch *dir = NULL;
	for (size_t i = 0; path && i < a->n; i++) {
		const char *w = a->items[i].path;
		if (!w)
			continue;
		if (check_path_equal(w, path)) {
			*ret_exact = true;
			return &a->items[i];
		}
		if (!dir && !check_path_equal(w, "/") && check_path_below(path, w))
			dir = &a->items[i];
	}
	*ret_exact = false;
	return dir;
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	const struct audit_facts *a = &f->audit;
	bool from_daemon = check_param_bool(r, "from_daemon", false);
	_cleanup_strv_free_ char **cand = NULL;

	unsigned need = PROBE_AUDIT | PROBE_FILES | (from_daemon ? PROBE_DAEMON : 0);
	cand = candidates(r, f);
	_cleanup_free_ char *list = cand ? strv_join(cand, ", ") : xstrdup("(none)");
	result_expect(res, "an audit watch on each existing one of %s%s", list,
		      from_daemon && !f->daemon.dockerd_path ? " and the dockerd binary" : "");
	if (!check_require_probes(f, need, res))
		return;
	if (from_daemon)
		result_add_evidence(res, f->daemon.flags_source ? f->daemon.flags_source : "dockerd",
				    0, 0, "dockerd binary: %s",
				    f->daemon.dockerd_path ? f->daemon.dockerd_path : "none found");

	size_t n_exist = 0, n_error = 0;
	struct strbuf unwatched = STRBUF_INIT, errors = STRBUF_INIT, watched = STRBUF_INIT;
	bool rules_ok = a->status.state == FACT_OK;
	for (size_t i = 0; cand && cand[i]; i++) {
		const struct file_fact *ff = facts_find_file(&f->files, cand[i]);
		if (!ff || ff->status.state == FACT_UNKNOWN) {
			n_error++;
			strbuf_addf(&errors, "%s%s: not collected", errors.len ? "; " : "", cand[i]);
			result_add_object(res, "file", cand[i], cand[i], STATUS_ERROR,
					  "not collected by the files probe");
			continue;
		}
		if (ff->status.state == FACT_ABSENT) {
			result_add_object(res, "file", cand[i], cand[i], STATUS_NOT_APPLICABLE,
					  "absent");
			result_add_evidence(res, cand[i], 0, 0, "absent");
			continue;
		}
		if (ff->status.state != FACT_OK) {
			const char *why = check_status_reason(&ff->status);
			n_error++;
			strbuf_addf(&errors, "%s%s: %s", errors.len ? "; " : "", cand[i], why);
			result_add_object(res, "file", cand[i], cand[i], STATUS_ERROR, "%s", why);
			result_add_evidence(res, cand[i], 0, 0, "%s", why);
			continue;
		}
		n_exist++;
		if (!rules_ok)
			continue;
		bool exact = false;
		const char *real = ff->real_path && !check_path_equal(ff->real_path, cand[i])
					   ? ff->real_path
					   : NULL;
		const struct audit_watch *w = find_watch(a, cand[i], &exact);
		if ((!w || !exact) && real) {
			bool e2 = false;
			const struct audit_watch *w2 = find_watch(a, real, &e2);
			if (w2 && (e2 || !w)) {
				w = w2;
				exact = e2;
			}
		}
		if (!w) {
			_cleanup_free_ char *also = real ? xasprintf(" (nor its real path %s)", real)
							 : xstrdup("");
			strbuf_addf(&unwatched, "%s%s%s", unwatched.len ? ", " : "", cand[i], also);
			result_add_object(res, "file", cand[i], cand[i], STATUS_FAIL, "not watched%s",
					  also);
			continue;
		}
		_cleanup_free_ char *how = xasprintf("%swatch %s%s%s%s%s", exact ? "" : "directory ",
						     w->path, w->perms ? " -p " : "",
						     w->perms ? w->perms : "", w->key ? " -k " : "",
						     w->key ? w->key : "");
		result_add_object(res, "file", cand[i], cand[i], STATUS_PASS, "watched: %s (%s:%d)",
				  how, check_rel(w->source), w->line);
		result_add_evidence(res, w->source, w->line, 0, "%s", how);
		strbuf_addf(&watched, "%s%s", watched.len ? ", " : "", cand[i]);
	}
	_cleanup_free_ char *unw = strbuf_detach(&unwatched);
	_cleanup_free_ char *err = strbuf_detach(&errors);
	_cleanup_free_ char *wat = strbuf_detach(&watched);

	if (!cand) {
		result_set(res, STATUS_NOT_APPLICABLE, "no dockerd binary found, and no paths given");
		return;
	}
	if (n_exist == 0 && n_error == 0) {
		result_set(res, STATUS_NOT_APPLICABLE, "none of %s exists on this host", list);
		return;
	}
	if (n_exist && a->status.state == FACT_ABSENT) {
		result_set(res, STATUS_FAIL, "no audit rules at all (auditd not configured)");
		result_add_evidence(res, a->status.source ? a->status.source : "/etc/audit/audit.rules",
				    0, 0, "absent, and no etc/audit/rules.d/*.rules");
		return;
	}
	if (n_exist && !rules_ok) {
		check_status_usable(res, &a->status, "the audit rules file",
				    "/etc/audit/audit.rules");
		return;
	}
	if (*unw) {
		_cleanup_free_ char *files = a->files_read ? strv_join(a->files_read, ", ")
							   : xstrdup("");
		result_add_evidence(res, a->files_read ? a->files_read[0] : "/etc/audit/audit.rules",
				    0, 0, "%zu watch%s in %s; none for %s", a->n, a->n == 1 ? "" : "es",
				    files, unw);
		result_set(res, STATUS_FAIL, "not watched: %s", unw);
		return;
	}
	if (n_error) {
		result_set(res, STATUS_ERROR, "%s", err);
		return;
	}
	result_set(res, STATUS_PASS, "watched: %s", wat);
}

const struct check_kind check_audit_watch = {
	.name = "audit_watch",
	.help = "auditd watches each of the given files that exists (whole-path match)",
	.params = params,
	.probes = PROBE_AUDIT | PROBE_FILES | PROBE_DAEMON,
	.validate = validate,
	.request = request,
	.eval = eval,
};
