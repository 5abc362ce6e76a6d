/* fixer-audit-rules.c: fixer kind `audit_rules`: auditd watches on Docker's files.
 *
 * One file, DOCKWARD_AUDIT_RULES_FILE (/etc/audit/rules.d/60-dockward-docker.rules, 0640 like
 * auditd's own), holds `-w PATH -p wa -k docker` for every path an audit_watch rule found
 * unwatched: the objects of its result with status fail, taken exactly as the check names them
 * (the candidate path, not its real path: the check accepts either, and the administrator wrote
 * the candidate). When auditd has no rules at all the check fails without objects; the
 * candidates are then the rule's paths (and, with from_daemon, the dockerd binary) that exist.
 *
 * The file is edited by a small line editor (Debian's augeas has no lens for audit rules): lines
 * of exactly dockward's form are dockward's and are rewritten sorted and without duplicates at
 * the end of the file; every other line (the header, comments, rules an administrator added)
 * stays where it is. Several rules write the same file in one plan; the result does not depend
 * on their order.
 *
 * Loading: on a live host with auditd's tools under the root, `augenrules --load` (which builds
 * audit.rules from rules.d and loads it) or, without augenrules, `auditctl -R FILE`. Without
 * auditctl the rules only take effect once auditd is installed (a manual note says so). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fixer.h"

#define AUDIT_HEADER                                                                               \
	"## Written by dockward (dockward fix): audit watches on Docker's files.\n"               \
	"## dockward rewrites the -w ... -k docker lines it manages; other lines are kept.\n"
#define WATCH_PREFIX "-w "
#define WATCH_SUFFIX " -p wa -k docker"

static const struct check_param params[] = {
	{NULL},
};

/* The path of a line dockward wrote ("-w PATH -p wa -k docker"), or NULL. Caller frees. */
static char *our_path(const char *line, size_t len)
{
	size_t pl = strlen(WATCH_PREFIX), sl = strlen(WATCH_SUFFIX);
	if (len <= pl + sl || strncmp(line, WATCH_PREFIX, pl) != 0 ||
	    strncmp(line + len - sl, WATCH_SUFFIX, sl) != 0)
		return NULL;
	char *p = xstrndup(line + pl, len - pl - sl);
	if (!*p || strpbrk(p, " \t")) {
		free(p);
		return NULL;
	}
	return p;
}

/* Adds the watch lines for paths (sorted, deduplicated, after the lines dockward did not
 * write). text may be NULL (a new file gets the header). Caller frees. */
static char *rules_add(const char *text, char *const *paths)
{
	struct strbuf keep = STRBUF_INIT;
	char **ours = NULL;
	if (!text)
		text = AUDIT_HEADER;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *path = our_path(p, len);
		if (path) {
			if (!strv_contains(ours, path))
				strv_extend(&ours, path);
			free(path);
		} else {
			strbuf_add(&keep, p, len);
			strbuf_addc(&keep, '\n');
		}
		p = nl ? nl + 1 : p + len;
	}
	for (size_t i = 0; paths && paths[i]; i++)
		if (!strv_contains(ours, paths[i]))
			strv_extend(&ours, paths[i]);
	strv_sort(ours);
	for (size_t i = 0; ours && ours[i]; i++)
		strbuf_addf(&keep, WATCH_PREFIX "%s" WATCH_SUFFIX "\n", ours[i]);
	strv_free(ours);
	return strbuf_detach(&keep);
}

/* A path auditctl can take as one word of a rules file. */
static bool path_ok(const char *p)
{
	if (p[0] != '/')
		return false;
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == '"' || *c == '#' || *c == 0x7f)
			return false;
	return true;
}

/* The rule's candidates that exist here, for a result without objects (no rules at all). */
static void existing_candidates(const struct rule *r, const struct facts *f, char ***paths)
{
	const struct value *v = check_param(r, "paths");
	char **cand = NULL;
	for (size_t i = 0; v && v->type == VALUE_LIST && i < v->list.n; i++)
		if (v->list.items[i]->type == VALUE_STRING)
			strv_extend(&cand, v->list.items[i]->s);
	if (check_param_bool(r, "from_daemon", false) && f->daemon.dockerd_path)
		strv_extend(&cand, f->daemon.dockerd_path);
	for (size_t i = 0; cand && cand[i]; i++) {
		const struct file_fact *ff = facts_find_file(&f->files, cand[i]);
		if (ff && ff->status.state == FACT_OK && !strv_contains(*paths, cand[i]))
			strv_extend(paths, cand[i]);
	}
	strv_free(cand);
}

static const char *find_tool(const struct host *h, const char *name, char **buf)
{
	static const char *const dirs[] = {"/sbin", "/usr/sbin"};
	for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
		free(*buf);
		*buf = xasprintf("%s/%s", dirs[i], name);
		struct stat st;
		if (host_stat(h, *buf, true, &st) == 0 && S_ISREG(st.st_mode))
			return *buf;
	}
	return NULL;
}

static void plan(const struct rule *r, const struct result *res, struct plan_builder *pb)
{
	const struct facts *f = pb_facts(pb);
	_cleanup_strv_free_ char **paths = NULL;
	size_t n_fail_objects = 0;
	for (size_t i = 0; i < res->n_objects; i++) {
		const struct result_object *o = &res->objects[i];
		if (o->status != STATUS_FAIL || !o->kind || !STREQ(o->kind, "file") || !o->id)
			continue;
		n_fail_objects++;
		if (!path_ok(o->id)) {
			pb_note(pb, r, NOTE_SKIPPED, "'%s' cannot be written as an audit watch "
				"(blanks, quotes or control characters)", o->id);
			continue;
		}
		if (!strv_contains(paths, o->id))
			strv_extend(&paths, o->id);
	}
	if (n_fail_objects == 0 && f->audit.status.state == FACT_ABSENT)
		existing_candidates(r, f, &paths);
	if (!paths) {
		if (n_fail_objects == 0)
			pb_note(pb, r, NOTE_SKIPPED, "the result names no unwatched path");
		return;
	}

	const char *text = NULL;
	size_t len = 0;
	int k = pb_file_get(pb, DOCKWARD_AUDIT_RULES_FILE, &text, &len);
	if (k < 0) {
		pb_note(pb, r, NOTE_SKIPPED, "%s cannot be edited: %s", DOCKWARD_AUDIT_RULES_FILE,
			strerror(-k));
		return;
	}
	_cleanup_free_ char *copy = text ? xstrndup(text, len) : NULL;
	_cleanup_free_ char *out = rules_add(copy, paths);
	_cleanup_free_ char *list = strv_join(paths, ", ");
	pb_file_put(pb, r, DOCKWARD_AUDIT_RULES_FILE, out, strlen(out), 0640, false, "watch %s",
		    list);
	if (n_fail_objects == strv_length(paths) || n_fail_objects == 0)
		pb_rule_planned(pb, r);

	const struct host *h = pb_host(pb);
	_cleanup_free_ char *auditctl = NULL, *augenrules = NULL;
	if (!find_tool(h, "auditctl", &auditctl)) {
		if (copy) /* said once, by the fixer that creates the file */
			return;
		pb_note(pb, r, NOTE_MANUAL, "auditd is not installed: `apt-get install auditd` "
			"(or your distribution's audit package) so that %s is loaded",
			DOCKWARD_AUDIT_RULES_FILE);
		return;
	}
	if (find_tool(h, "augenrules", &augenrules))
		pb_command(pb, r, (char *const[]){augenrules, "--load", NULL},
			   "augenrules --load (load the audit rules of /etc/audit/rules.d)");
	else
		pb_command(pb, r, (char *const[]){auditctl, "-R", DOCKWARD_AUDIT_RULES_FILE, NULL},
			   "auditctl -R " DOCKWARD_AUDIT_RULES_FILE " (load the audit watches)");
}

const struct fixer_kind fixer_audit_rules = {
	.name = "audit_rules",
	.help = "add auditd watches (-w PATH -p wa -k docker) for the unwatched paths",
	.params = params,
	.plan = plan,
	.daemon_config = false,
};
