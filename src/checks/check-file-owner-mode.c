/* check-file-owner-mode.c: check kind `file_owner_mode`.
 *
 * Decides whether files have an allowed owner, group and no permission bit beyond a maximum,
 * from the files facts (a stat of each path this rule requested, following symlinks inside the
 * root, plus every entry below it when recursive), the accounts facts (names for uids and gids)
 * and, with `daemon_option`, the daemon facts (the path is a daemon key's effective value, such
 * as tlscacert).
 *
 *   mode:   ((mode & 07777) & ~max_mode) == 0, shown as 4-digit octal ("0664")
 *   owner:  the user name of the uid (or the number, which an allowed "0" also matches; uid 0
 *           is root even when etc/passwd cannot be read); group likewise
 *   absent: the `missing` policy (not_applicable by default; fail; pass); an unset daemon key
 *           counts as missing
 *   unreadable stat, or names that cannot be resolved          -> error for that file
 *   one object per file; any failing file fails the rule, else any error makes it an error */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check-common.h"
#include "check.h"

#define SHOW_MAX 3 /* files named in the observed text */

static const struct check_param params[] = {
	{"path", PARAM_STRING, false, "absolute path of the file or directory"},
	{"paths", PARAM_STRING_LIST, false, "absolute paths, each judged on its own"},
	{"daemon_option", PARAM_STRING, false,
	 "a daemon.json key whose effective value is the path (e.g. tlscacert)"},
	{"recursive", PARAM_BOOL, false, "also judge every entry below a directory (default false)"},
	{"types", PARAM_STRING_LIST, false,
	 "judge only these file types: file, dir, socket, link (default: all); for a recursive "
	 "walk over certificates whose directories have other modes"},
	{"owner", PARAM_STRING_LIST, false, "allowed owner user names (or numeric uids)"},
	{"group", PARAM_STRING_LIST, false, "allowed group names (or numeric gids)"},
	{"max_mode", PARAM_MODE, false,
	 "octal permission bits the file may have at most, e.g. \"0644\" (\"644\" is octal too)"},
	{"missing", PARAM_STRING, false,
	 "status when the path does not exist or the daemon key is unset: not_applicable "
	 "(default), fail or pass"},
	{NULL},
};

static const char *const sources[] = {"path", "paths", "daemon_option", NULL};
static const char *const missing_values[] = {"not_applicable", "fail", "pass", NULL};
static const char *const type_names[] = {"file", "dir", "socket", "link", NULL};

static int validate(const struct value *check, const char *file, struct diags *diags)
{
	int r = check_validate_exactly_one(check, file, diags, sources);
	int k;
	if ((k = check_validate_enum(check, file, diags, "missing", missing_values)) < 0)
		r = k;
	if ((k = check_validate_daemon_key(check, file, diags, "daemon_option")) < 0)
		r = k;
	if ((k = check_validate_abs_path(check, file, diags, "path")) < 0)
		r = k;
	const struct value *types = value_map_get(check, "types");
	for (size_t i = 0; types && types->type == VALUE_LIST && i < types->list.n; i++) {
		const struct value *t = types->list.items[i];
		bool known = false;
		for (size_t j = 0; type_names[j]; j++)
			known |= t->type == VALUE_STRING && STREQ(t->s, type_names[j]);
		if (!known) {
			diags_add(diags, file, t->line, t->col,
				  "types: expected one of file, dir, socket, link");
			r = -EINVAL;
		}
	}
	if ((k = check_validate_abs_path(check, file, diags, "paths")) < 0)
		r = k;
	const struct value *m = value_map_get(check, "max_mode");
	uint32_t mode;
	if (m && check_mode_param(m, &mode) < 0) {
		_cleanup_free_ char *t = value_to_text(m);
		int line, col;
		check_value_pos(check, NULL, m, &line, &col);
		diags_add(diags, file, line, col,
			  "max_mode: %s is not an octal mode such as \"0644\"", t);
		r = -EINVAL;
	}
	if (!value_map_get(check, "owner") && !value_map_get(check, "group") && !m) {
		diags_add(diags, file, check->line, check->col,
			  "at least one of owner, group, max_mode is required");
		r = -EINVAL;
	}
	return r;
}

/* The daemon key's value as a path, or NULL. */
static const char *daemon_path(const struct facts *f, const char *key)
{
	const struct value *v = daemon_facts_effective(&f->daemon, key, NULL);
	return v && v->type == VALUE_STRING && v->s[0] == '/' ? v->s : NULL;
}

static void request(const struct rule *r, const struct facts *f, struct fact_requests *q)
{
	bool rec = check_param_bool(r, "recursive", false);
	const struct value *v;
	const char *key;
	if ((v = check_param(r, "path")) && v->type == VALUE_STRING)
		fact_requests_add_file(q, v->s, rec);
	if ((v = check_param(r, "paths")) && v->type == VALUE_LIST)
		for (size_t i = 0; i < v->list.n; i++)
			if (v->list.items[i]->type == VALUE_STRING)
				fact_requests_add_file(q, v->list.items[i]->s, rec);
	if ((key = check_param_string(r, "daemon_option", NULL)) && daemon_path(f, key))
		fact_requests_add_file(q, daemon_path(f, key), rec);
}

static bool name_allowed(const struct value *allowed, const char *name, uint32_t id)
{
	char num[16];
	snprintf(num, sizeof(num), "%" PRIu32, id);
	for (size_t i = 0; allowed && allowed->type == VALUE_LIST && i < allowed->list.n; i++) {
		const struct value *a = allowed->list.items[i];
		if (a->type == VALUE_STRING && ((name && STREQ(a->s, name)) || STREQ(a->s, num)))
			return true;
		if (a->type == VALUE_INT && a->i == (int64_t)id)
			return true;
	}
	return false;
}

/* Whether every allowed entry is a number (then names are not needed). */
static bool all_numeric(const struct value *allowed)
{
	uint32_t n;
	for (size_t i = 0; allowed && allowed->type == VALUE_LIST && i < allowed->list.n; i++) {
		const struct value *a = allowed->list.items[i];
		if (a->type == VALUE_STRING && parse_uint32(a->s, &n) < 0)
			return false;
	}
	return true;
}

struct tally {
	size_t n_pass, n_fail, n_error, n_missing;
	struct strbuf fails, errors, missing;
	char *first_observed; /* of the first file, for the one-file case */
};

static void note(struct strbuf *sb, size_t n, const char *path, const char *what)
{
	if (n < SHOW_MAX)
		strbuf_addf(sb, "%s%s: %s", n ? "; " : "", path, what);
	else if (n == SHOW_MAX)
		strbuf_adds(sb, "; ...");
}

struct spec {
	const struct value *owner, *group;
	const struct value *types; /* NULL: every type */
	bool has_mode;
	uint32_t max_mode;
	enum status missing;
};

static const char *type_name(mode_t mode)
{
	if (S_ISREG(mode))
		return "file";
	if (S_ISDIR(mode))
		return "dir";
	if (S_ISSOCK(mode))
		return "socket";
	if (S_ISLNK(mode))
		return "link";
	return "other";
}

static bool type_selected(const struct spec *sp, const struct file_fact *ff)
{
	if (!sp->types || ff->status.state != FACT_OK)
		return true;
	const char *name = type_name(ff->mode);
	for (size_t i = 0; sp->types->type == VALUE_LIST && i < sp->types->list.n; i++)
		if (value_is_string(sp->types->list.items[i], name))
			return true;
	return false;
}

static void judge_file(const struct facts *f, const struct spec *sp, const struct file_fact *ff,
		       struct result *res, struct tally *t)
{
	const struct accounts_facts *a = &f->accounts;
	if (!type_selected(sp, ff))
		return;
	if (ff->status.state != FACT_OK) {
		const char *why = check_status_reason(&ff->status);
		t->n_error++;
		note(&t->errors, t->n_error - 1, ff->path, why);
		result_add_object(res, "file", ff->path, ff->path, STATUS_ERROR, "%s", why);
		result_add_evidence(res, ff->path, 0, 0, "%s", why);
		if (!t->first_observed)
			t->first_observed = xasprintf("%s: %s", ff->path, why);
		return;
	}

	char ubuf[16], gbuf[16], mbuf[8], maxbuf[8];
	const char *uname = accounts_user_name(a, ff->uid);
	const char *gname = accounts_group_name(a, ff->gid);
	if (!uname && ff->uid == 0)
		uname = "root"; /* uid 0 is root on every system dockerd runs on */
	if (!gname && ff->gid == 0)
		gname = "root";
	const char *ushow = uname ? uname : check_uid_name(NULL, ff->uid, ubuf);
	const char *gshow = gname ? gname : check_gid_name(NULL, ff->gid, gbuf);
	uint32_t perm = ff->mode & 07777;
	check_mode_format(perm, mbuf);
	check_mode_format(sp->max_mode, maxbuf);

	struct strbuf bad = STRBUF_INIT;
	const struct fact_status *unresolved = NULL; /* the accounts file that could not name it */
	if (sp->owner && !name_allowed(sp->owner, uname, ff->uid)) {
		if (!uname && !check_state_usable(a->passwd.state) && !all_numeric(sp->owner))
			unresolved = &a->passwd;
		else
			strbuf_addf(&bad, "owner %s%s not allowed", ushow,
				    uname ? "" : " (no such user in etc/passwd)");
	}
	if (sp->group && !name_allowed(sp->group, gname, ff->gid)) {
		if (!gname && !check_state_usable(a->group.state) && !all_numeric(sp->group))
			unresolved = &a->group;
		else
			strbuf_addf(&bad, "%sgroup %s%s not allowed", bad.len ? ", " : "", gshow,
				    gname ? "" : " (no such group in etc/group)");
	}
	if (sp->has_mode && (perm & ~sp->max_mode)) {
		char extra[8];
		check_mode_format(perm & ~sp->max_mode, extra);
		strbuf_addf(&bad, "%smode %s has bits %s beyond %s", bad.len ? ", " : "", mbuf, extra,
			    maxbuf);
	}
	_cleanup_free_ char *b = strbuf_detach(&bad);
	_cleanup_free_ char *state = xasprintf("%s:%s %s", ushow, gshow, mbuf);
	_cleanup_free_ char *via = ff->real_path && !check_path_equal(ff->real_path, ff->path)
					   ? xasprintf(" (-> %s)", ff->real_path)
					   : xstrdup("");

	if (*b) {
		t->n_fail++;
		_cleanup_free_ char *what = xasprintf("%s (%s)", state, b);
		note(&t->fails, t->n_fail - 1, ff->path, what);
		result_add_object(res, "file", ff->path, ff->path, STATUS_FAIL, "%s%s", what, via);
		result_add_evidence(res, ff->path, 0, 0, "%s%s", what, via);
		if (!t->first_observed)
			t->first_observed = xasprintf("%s: %s", ff->path, what);
	} else if (unresolved) {
		bool user = unresolved == &a->passwd;
		_cleanup_free_ char *why = xasprintf("%s: cannot name the %s: %s is %s", state,
						     user ? "owner" : "group",
						     user ? "etc/passwd" : "etc/group",
						     check_status_reason(unresolved));
		t->n_error++;
		note(&t->errors, t->n_error - 1, ff->path, why);
		result_add_object(res, "file", ff->path, ff->path, STATUS_ERROR, "%s", why);
		result_add_evidence(res, ff->path, 0, 0, "%s", why);
		if (!t->first_observed)
			t->first_observed = xasprintf("%s: %s", ff->path, why);
	} else {
		t->n_pass++;
		result_add_object(res, "file", ff->path, ff->path, STATUS_PASS, "%s%s", state, via);
		if (!t->first_observed)
			t->first_observed = xasprintf("%s: %s", ff->path, state);
		if (t->n_pass <= 20)
			result_add_evidence(res, ff->path, 0, 0, "%s%s", state, via);
	}
}

static void judge_path(const struct facts *f, const struct spec *sp, const char *path,
		       bool recursive, struct result *res, struct tally *t)
{
	const struct file_fact *ff = facts_find_file(&f->files, path);
	if (!ff) {
		t->n_error++;
		note(&t->errors, t->n_error - 1, path, "not collected (no request for it)");
		result_add_object(res, "file", path, path, STATUS_ERROR, "not collected");
		result_add_evidence(res, path, 0, 0, "not collected by the files probe");
		return;
	}
	if (ff->status.state == FACT_ABSENT) {
		strbuf_addf(&t->missing, "%s%s", t->n_missing ? ", " : "", path);
		t->n_missing++;
		result_add_object(res, "file", path, path, sp->missing, "absent");
		result_add_evidence(res, path, 0, 0, "absent");
		return;
	}
	judge_file(f, sp, ff, res, t);
	if (!recursive || ff->status.state != FACT_OK)
		return;
	if (ff->status.reason) { /* the walk below it was cut short: what was not seen cannot pass */
		t->n_error++;
		note(&t->errors, t->n_error - 1, path, ff->status.reason);
		result_add_evidence(res, path, 0, 0, "%s", ff->status.reason);
	}
	for (size_t i = 0; i < f->files.n; i++) {
		const struct file_fact *c = &f->files.items[i];
		if (c->from_recursion && check_path_below(c->path, path))
			judge_file(f, sp, c, res, t);
	}
}

static void expectation(const struct rule *r, const struct spec *sp, struct result *res)
{
	struct strbuf sb = STRBUF_INIT;
	const char *key = check_param_string(r, "daemon_option", NULL);
	const struct value *v;
	if (key)
		strbuf_addf(&sb, "the file named by %s", key);
	else if ((v = check_param(r, "paths"))) {
		_cleanup_free_ char *list = NULL;
		struct strbuf l = STRBUF_INIT;
		for (size_t i = 0; v->type == VALUE_LIST && i < v->list.n; i++) {
			_cleanup_free_ char *t = check_value_plain(v->list.items[i]);
			strbuf_addf(&l, "%s%s", i ? ", " : "", t);
		}
		list = strbuf_detach(&l);
		strbuf_addf(&sb, "each of %s", list);
	}
	else
		strbuf_adds(&sb, check_param_string(r, "path", "the file"));
	if (check_param_bool(r, "recursive", false))
		strbuf_adds(&sb, " and everything below it");
	const char *sep = ":";
	if (sp->owner) {
		_cleanup_free_ char *o = check_list_or(sp->owner);
		strbuf_addf(&sb, "%s owner %s", sep, o);
		sep = ",";
	}
	if (sp->group) {
		_cleanup_free_ char *g = check_list_or(sp->group);
		strbuf_addf(&sb, "%s group %s", sep, g);
		sep = ",";
	}
	if (sp->has_mode) {
		char m[8];
		check_mode_format(sp->max_mode, m);
		strbuf_addf(&sb, "%s mode at most %s", sep, m);
	}
	_cleanup_free_ char *s = strbuf_detach(&sb);
	result_expect(res, "%s", s);
}

static enum status missing_status(const char *s)
{
	if (STREQ(s, "fail"))
		return STATUS_FAIL;
	if (STREQ(s, "pass"))
		return STATUS_PASS;
	return STATUS_NOT_APPLICABLE;
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	struct spec sp = {
		.owner = check_param(r, "owner"),
		.group = check_param(r, "group"),
		.types = check_param(r, "types"),
		.missing = missing_status(check_param_string(r, "missing", "not_applicable")),
	};
	const struct value *m = check_param(r, "max_mode");
	bool recursive = check_param_bool(r, "recursive", false);
	const char *key = check_param_string(r, "daemon_option", NULL);

	if (m && check_mode_param(m, &sp.max_mode) == 0)
		sp.has_mode = true;
	expectation(r, &sp, res);
	if (m && !sp.has_mode) {
		_cleanup_free_ char *t = value_to_text(m);
		result_set(res, STATUS_ERROR, "max_mode %s is not an octal mode", t);
		result_add_evidence(res, r->file, m->line, m->col, "max_mode: %s", t);
		return;
	}
	if (!check_require_probes(f, PROBE_FILES, res))
		return;

	/* the paths */
	_cleanup_strv_free_ char **paths = NULL;
	const struct value *v;
	if (key) {
		if (!check_daemon_present(f, res))
			return;
		struct daemon_lookup l;
		if (!check_daemon_lookup(res, &f->daemon, key, &l))
			return;
		_cleanup_free_ char *d = check_daemon_describe(&f->daemon, key);
		check_daemon_evidence(res, &f->daemon, key);
		if (check_value_empty(l.value)) {
			result_set(res, sp.missing, "%s is not set: %s", key, d);
			return;
		}
		if (l.value->type != VALUE_STRING || l.value->s[0] != '/') {
			result_set(res, STATUS_ERROR, "%s is not an absolute path: %s", key, d);
			return;
		}
		strv_extend(&paths, l.value->s);
	} else if ((v = check_param(r, "paths")) && v->type == VALUE_LIST) {
		for (size_t i = 0; i < v->list.n; i++)
			if (v->list.items[i]->type == VALUE_STRING)
				strv_extend(&paths, v->list.items[i]->s);
	} else {
		strv_extend(&paths, check_param_string(r, "path", "/"));
	}

	struct tally t = {.fails = STRBUF_INIT, .errors = STRBUF_INIT, .missing = STRBUF_INIT};
	for (size_t i = 0; paths && paths[i]; i++)
		judge_path(f, &sp, paths[i], recursive, res, &t);

	_cleanup_free_ char *fails = strbuf_detach(&t.fails);
	_cleanup_free_ char *errors = strbuf_detach(&t.errors);
	_cleanup_free_ char *missing = strbuf_detach(&t.missing);
	_cleanup_free_ char *first = TAKE_PTR(t.first_observed);
	size_t n_seen = t.n_pass + t.n_fail + t.n_error;
	/* "; absent: /a, /b" appended to a verdict, or "" */
	_cleanup_free_ char *absent = t.n_missing ? xasprintf("; absent: %s", missing)
						  : xstrdup("");

	if (n_seen + t.n_missing == 0)
		result_set(res, STATUS_ERROR, "no path to judge");
	else if (t.n_fail)
		result_set(res, STATUS_FAIL, "%s%s", fails, absent);
	else if (t.n_missing && sp.missing == STATUS_FAIL)
		result_set(res, STATUS_FAIL, "%s", absent + 2);
	else if (t.n_error)
		result_set(res, STATUS_ERROR, "%s", errors);
	else if (n_seen == 1)
		result_set(res, STATUS_PASS, "%s%s", first, absent);
	else if (n_seen)
		result_set(res, STATUS_PASS, "%zu files as expected%s", n_seen, absent);
	else
		result_set(res, sp.missing, "%s", absent + 2);
}

const struct check_kind check_file_owner_mode = {
	.name = "file_owner_mode",
	.help = "files have an allowed owner and group and no permission bit beyond a maximum",
	.params = params,
	.probes = PROBE_FILES | PROBE_ACCOUNTS | PROBE_DAEMON,
	.validate = validate,
	.request = request,
	.eval = eval,
};
