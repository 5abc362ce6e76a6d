/* check-separate-mount.c: check kind `separate_mount`.
 *
 * Decides whether a directory (typically Docker's data root) lives on a filesystem of its own,
 * so that filling it cannot fill the root filesystem. From the mounts facts (mountinfo), the
 * daemon facts when the path is a daemon key's value (data-root), and the files facts for the
 * path's real location when it is a symlink.
 *
 * The covering mount is the one with the longest target that is the path or a parent of it
 * (whole components; for equal targets the later entry, which is mounted on top, wins).
 *
 *   covering mount is "/"                                      -> fail
 *   covering mount has the major:minor of the mount covering its
 *   parent directory, or of "/": a bind mount of a directory of
 *   the same filesystem (root field not "/"; also btrfs
 *   subvolumes, which share the pool) or that filesystem again  -> fail
 *   otherwise (its own mount, or a separate parent such as /var) -> pass
 *   mountinfo absent: error on a live host, not_applicable under --root (an image has none)
 *   mountinfo unreadable/invalid/not collected                   -> error */
#include <errno.h>
#include <string.h>

#include "check-common.h"
#include "check.h"

static const struct check_param params[] = {
	{"path", PARAM_STRING, false, "absolute path of the directory, e.g. /var/lib/docker"},
	{"daemon_option", PARAM_STRING, false,
	 "a daemon.json key whose effective value is the directory, e.g. data-root"},
	{"default", PARAM_STRING, false,
	 "the directory when the daemon key is unset and dockerd has no default"},
	{NULL},
};

static const char *const sources[] = {"path", "daemon_option", NULL};

static int validate(const struct value *check, const char *file, struct diags *diags)
{
	int r = check_validate_exactly_one(check, file, diags, sources);
	int k;
	if ((k = check_validate_daemon_key(check, file, diags, "daemon_option")) < 0)
		r = k;
	if ((k = check_validate_abs_path(check, file, diags, "path")) < 0)
		r = k;
	if ((k = check_validate_abs_path(check, file, diags, "default")) < 0)
		r = k;
	const struct value *def = value_map_get(check, "default");
	if (def && !value_map_get(check, "daemon_option")) {
		int line, col;
		check_value_pos(check, NULL, def, &line, &col);
		diags_add(diags, file, line, col,
			  "default: only meaningful with daemon_option");
		r = -EINVAL;
	}
	return r;
}

/* daemon.json's "graph", the pre-17.05 name of data-root that dockerd 20.10 still honours when
 * data-root itself is not set. NULL when it does not apply. */
static const struct daemon_setting *graph_setting(const struct facts *f, const char *key)
{
	const struct daemon_setting *g = daemon_facts_find(&f->daemon, "graph");
	if (!key || !STREQ(key, "data-root") || daemon_facts_find(&f->daemon, "data-root") || !g)
		return NULL;
	const struct value *v = g->flag_value ? g->flag_value : g->file_value;
	return v && v->type == VALUE_STRING && v->s[0] == '/' ? g : NULL;
}

/* The directory: the path, the daemon key's value, or the default. NULL when none. */
static const char *target_path(const struct rule *r, const struct facts *f)
{
	const char *path = check_param_string(r, "path", NULL);
	if (path)
		return path;
	const char *key = check_param_string(r, "daemon_option", NULL);
	const struct daemon_setting *g = graph_setting(f, key);
	if (g)
		return g->flag_value ? g->flag_value->s : g->file_value->s;
	const struct value *v = key ? daemon_facts_effective(&f->daemon, key, NULL) : NULL;
	if (v && v->type == VALUE_STRING && v->s[0] == '/')
		return v->s;
	return check_param_string(r, "default", NULL);
}

static void request(const struct rule *r, const struct facts *f, struct fact_requests *q)
{
	const char *p = target_path(r, f);
	if (p)
		fact_requests_add_file(q, p, false);
}

/* Index of the mount covering path, or -1. */
static ssize_t covering(const struct mounts_facts *m, const char *path)
{
	ssize_t best = -1;
	size_t best_len = 0;
	for (size_t i = 0; i < m->n; i++) {
		const char *t = m->items[i].target;
		if (!t || !(check_path_equal(t, path) || check_path_below(path, t)))
			continue;
		_cleanup_free_ char *n = check_path_normalize(t);
		size_t len = strlen(n);
		if (best < 0 || len >= best_len) {
			best = (ssize_t)i;
			best_len = len;
		}
	}
	return best;
}

static void mount_evidence(struct result *res, const char *src, const struct mount_entry *e)
{
	result_add_evidence(res, src, 0, 0, "%d %d %u:%u %s %s - %s %s", e->id, e->parent_id,
			    e->major, e->minor, e->root ? e->root : "?", e->target,
			    e->fstype ? e->fstype : "?", e->source ? e->source : "?");
}

static bool same_dev(const struct mount_entry *a, const struct mount_entry *b)
{
	return a->major == b->major && a->minor == b->minor;
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	const struct mounts_facts *mf = &f->mounts;
	const char *key = check_param_string(r, "daemon_option", NULL);
	const char *shown = key ? key : check_param_string(r, "path", "?");

	result_expect(res, "%s on a filesystem of its own (not /, not a bind mount of a directory of "
			   "the filesystem below it)",
		      shown);
	if (key) {
		if (!check_daemon_present(f, res))
			return;
		struct daemon_lookup l;
		if (!check_daemon_lookup(res, &f->daemon, key, &l))
			return;
		if (graph_setting(f, key))
			check_daemon_evidence(res, &f->daemon, "graph");
		else
			check_daemon_evidence(res, &f->daemon, key);
	}
	const char *path = target_path(r, f);
	if (!path) {
		_cleanup_free_ char *d = check_daemon_describe(&f->daemon, key);
		result_set(res, STATUS_ERROR, "no directory to judge: %s is %s and the rule has no "
					      "default",
			   key, d);
		return;
	}
	if (key)
		result_expect(res, "%s (%s) on a filesystem of its own (not /, not a bind mount of a "
				   "directory of the filesystem below it)",
			      path, key);
	else
		result_expect(res, "%s on a filesystem of its own (not /, not a bind mount of a "
				   "directory of the filesystem below it)",
			      path);

	if (!check_require_probes(f, PROBE_MOUNTS, res))
		return;
	const char *src = mf->status.source ? mf->status.source : "/proc/self/mountinfo";
	if (mf->status.state == FACT_ABSENT) {
		bool live = !f->host || f->host->live;
		result_set(res, live ? STATUS_ERROR : STATUS_NOT_APPLICABLE,
			   "%s is absent%s: mounts cannot be seen", check_rel(src),
			   live ? "" : " (not a live root: an image has no mount table)");
		result_add_evidence(res, src, 0, 0, "absent");
		return;
	}
	if (!check_status_usable(res, &mf->status, check_rel(src), src))
		return;

	/* a symlinked directory lives where its target is */
	_cleanup_free_ char *real = NULL;
	const struct file_fact *ff = (f->probed & PROBE_FILES) ? facts_find_file(&f->files, path)
							       : NULL;
	if (ff && ff->status.state == FACT_OK && ff->real_path &&
	    !check_path_equal(ff->real_path, path)) {
		real = xstrdup(ff->real_path);
		result_add_evidence(res, path, 0, 0, "symlink to %s", real);
	}
	const char *p = real ? real : path;
	_cleanup_free_ char *via = real ? xasprintf(" (-> %s)", real) : xstrdup("");

	ssize_t c = covering(mf, p);
	if (c < 0) {
		result_set(res, STATUS_ERROR, "no mount in %s covers %s", check_rel(src), p);
		result_add_evidence(res, src, 0, 0, "%zu entries, none for / or a parent of %s",
				    mf->n, p);
		return;
	}
	const struct mount_entry *m = &mf->items[c];
	mount_evidence(res, src, m);
	if (check_path_equal(m->target, "/")) {
		result_set(res, STATUS_FAIL, "%s%s is on the root filesystem (%s %s, %u:%u)", path,
			   via, m->fstype ? m->fstype : "?", m->source ? m->source : "?", m->major,
			   m->minor);
		return;
	}

	_cleanup_free_ char *parent = check_path_normalize(m->target);
	char *slash = strrchr(parent, '/');
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	ssize_t pc = covering(mf, parent);
	ssize_t rc = covering(mf, "/");
	const struct mount_entry *below = NULL;
	if (pc >= 0 && same_dev(&mf->items[pc], m))
		below = &mf->items[pc];
	else if (rc >= 0 && same_dev(&mf->items[rc], m))
		below = &mf->items[rc];
	if (below) {
		mount_evidence(res, src, below);
		if (m->root && !STREQ(m->root, "/"))
			result_set(res, STATUS_FAIL,
				   "%s%s is on %s, a bind mount of directory %s of the filesystem of "
				   "%s (%u:%u): not a separate filesystem",
				   path, via, m->target, m->root, below->target, m->major, m->minor);
		else
			result_set(res, STATUS_FAIL,
				   "%s%s is on %s, the filesystem of %s (%u:%u) mounted again: not a "
				   "separate filesystem",
				   path, via, m->target, below->target, m->major, m->minor);
		return;
	}
	if (check_path_equal(m->target, p))
		result_set(res, STATUS_PASS, "%s%s is its own mount (%s %s, %u:%u)", path, via,
			   m->fstype ? m->fstype : "?", m->source ? m->source : "?", m->major,
			   m->minor);
	else
		result_set(res, STATUS_PASS, "%s%s is on the separate mount %s (%s %s, %u:%u)", path,
			   via, m->target, m->fstype ? m->fstype : "?", m->source ? m->source : "?",
			   m->major, m->minor);
}

const struct check_kind check_separate_mount = {
	.name = "separate_mount",
	.help = "a directory (e.g. Docker's data root) is on a filesystem of its own",
	.params = params,
	.probes = PROBE_MOUNTS | PROBE_DAEMON | PROBE_FILES,
	.validate = validate,
	.request = request,
	.eval = eval,
};
