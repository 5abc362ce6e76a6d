/* run.c: apply_plan: one run of a plan, each change journaled before it is made.
 *
 * For every change the order is fixed, and it is what makes a kill at any instant safe:
 *
 *   1. look at what is there now (a file changed since the plan: stop, -ESTALE);
 *   2. save the original in the run's directory (files/NNNN, fsynced);
 *   3. rewrite the manifest listing the entry (atomic, fsynced);
 *   4. make the change (itself atomic: rename of a fsynced temp file).
 *
 * A kill between 3 and 4 leaves an entry whose target is still the original, which rollback
 * recognises (sha256_before) and leaves alone. Changes that are already in effect are neither
 * journaled nor made, and a plan with nothing left to do writes no journal at all, so a second
 * `fix` changes nothing on the host, not even var/lib/dockward. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "journal-internal.h"
#include "selinux-util.h"

/* The owner and mode a CHANGE_FILE leaves (see plan.h). */
static void file_target_attrs(const struct change *c, const struct file_state *cur, uint32_t *mode,
			      uint32_t *uid, uint32_t *gid)
{
	*mode = c->set_mode >= 0 ? (uint32_t)c->set_mode : cur->exists ? cur->mode : 0644;
	*uid = c->set_uid >= 0 ? (uint32_t)c->set_uid : cur->exists ? cur->uid : 0;
	*gid = c->set_gid >= 0 ? (uint32_t)c->set_gid : cur->exists ? cur->gid : 0;
}

static bool file_is_done(const struct change *c, const struct file_state *cur)
{
	uint32_t mode, uid, gid;
	file_target_attrs(c, cur, &mode, &uid, &gid);
	return cur->exists && cur->len == c->new_len &&
	       (c->new_len == 0 || memcmp(cur->data, c->new_content, c->new_len) == 0) &&
	       cur->mode == mode && cur->uid == uid && cur->gid == gid;
}

static int lstat_path(const struct host *h, const char *path, struct stat *st)
{
	_cleanup_close_ int dirfd = -1;
	_cleanup_free_ char *name = NULL;
	int r = apply_open_parent(h, path, false, &dirfd, &name);
	if (r < 0)
		return r;
	return fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

static bool attr_is_done(const struct change *c, const struct stat *st)
{
	return (c->set_mode < 0 || (st->st_mode & 07777) == (uint32_t)c->set_mode) &&
	       (c->set_uid < 0 || st->st_uid == (uint32_t)c->set_uid) &&
	       (c->set_gid < 0 || st->st_gid == (uint32_t)c->set_gid);
}

/* Whether change c still has something to do. Errors count as "yes": the run reports them. */
static bool change_is_needed(const struct host *h, const struct change *c, bool live)
{
	switch (c->kind) {
	case CHANGE_FILE: {
		struct file_state cur;
		if (apply_read_current(h, c->path, &cur) < 0)
			return true;
		bool done = file_is_done(c, &cur);
		file_state_release(&cur);
		return !done;
	}
	case CHANGE_ATTR: {
		struct stat st;
		if (lstat_path(h, c->path, &st) < 0)
			return true;
		return S_ISLNK(st.st_mode) || !attr_is_done(c, &st);
	}
	case CHANGE_SYSCTL: {
		if (!live)
			return false;
		_cleanup_free_ char *v = NULL;
		if (apply_sysctl_read(c->path, &v) < 0 || !c->value)
			return true;
		/* compare as apply_sysctl_read prints it: "1024 65000" */
		struct strbuf sb = STRBUF_INIT;
		bool space = false;
		for (const char *q = c->value; *q; q++) {
			if (*q == ' ' || *q == '\t' || *q == '\n') {
				space = sb.len > 0;
				continue;
			}
			if (space)
				strbuf_addc(&sb, ' ');
			space = false;
			strbuf_addc(&sb, *q);
		}
		_cleanup_free_ char *norm = strbuf_detach(&sb);
		return !STREQ(v, norm);
	}
	case CHANGE_SELINUX: {
		if (!live)
			return false;
		int enforce = 0;
		return selinux_live_state(&enforce) <= 0 || !enforce;
	}
	case CHANGE_COMMAND:
		return live;
	default:
		return true;
	}
}

/* The entry for change c, with the fields every kind shares. */
static struct run_entry *add_entry(struct run_record *r, const struct change *c)
{
	struct run_entry *e = GROW(r->entries, r->n_entries);
	e->kind = c->kind;
	e->path = xstrdup(c->path ? c->path : (c->argv && c->argv[0] ? c->argv[0] : ""));
	e->summary = xstrdup_or_null(c->summary);
	for (size_t i = 0; c->rule_ids && c->rule_ids[i]; i++)
		strv_extend(&e->rule_ids, c->rule_ids[i]);
	e->daemon_config = c->daemon_config;
	return e;
}

/* Drops the last entry again (it was never listed in a manifest). */
static void drop_last_entry(struct run_record *r)
{
	run_entry_release(&r->entries[--r->n_entries]);
}

static int apply_file_change(const struct host *h, struct run_record *run, const struct change *c,
			     char **ret_error)
{
	struct file_state cur;
	int r = apply_read_current(h, c->path, &cur);
	if (r < 0) {
		*ret_error = xasprintf("%s: cannot read: %s", c->path, apply_strerror(r));
		return r;
	}
	/* the plan was made from what was there then */
	char planned_sha[65] = "";
	if (c->old_exists) {
		if (c->old_sha256[0])
			memcpy(planned_sha, c->old_sha256, sizeof(planned_sha));
		else if (c->old_content)
			sha256_hex(c->old_content, c->old_len, planned_sha);
	}
	if (cur.exists != c->old_exists ||
	    (cur.exists && planned_sha[0] && !STREQ(cur.sha256, planned_sha))) {
		file_state_release(&cur);
		*ret_error = xasprintf("%s: changed since the plan", c->path);
		return -ESTALE;
	}
	if (file_is_done(c, &cur)) {
		file_state_release(&cur);
		return 0;
	}
	uint32_t mode, uid, gid;
	file_target_attrs(c, &cur, &mode, &uid, &gid);

	struct run_entry *e = add_entry(run, c);
	e->existed = cur.exists;
	memcpy(e->sha256_before, cur.sha256, sizeof(e->sha256_before));
	sha256_hex(c->new_content ? c->new_content : "", c->new_len, e->sha256_after);
	if (cur.exists) {
		e->mode = cur.mode;
		e->uid = cur.uid;
		e->gid = cur.gid;
		r = journal_write_backup(h, run->id, run->n_entries, cur.data, cur.len, &e->backup);
		if (r < 0) {
			drop_last_entry(run);
			file_state_release(&cur);
			*ret_error = xasprintf("%s: cannot save the original in the journal: %s",
					       c->path, apply_strerror(r));
			return r;
		}
	} else {
		r = apply_missing_dirs(h, c->path, &e->dirs_created);
		if (r < 0) {
			drop_last_entry(run);
			file_state_release(&cur);
			*ret_error =
				xasprintf("%s: cannot resolve: %s", c->path, apply_strerror(r));
			return r;
		}
	}
	char expect[65];
	memcpy(expect, cur.sha256, sizeof(expect));
	file_state_release(&cur);

	r = journal_save(h, run);
	if (r < 0) {
		drop_last_entry(run);
		*ret_error =
			xasprintf("%s: cannot write the journal: %s", c->path, apply_strerror(r));
		return r;
	}
	r = apply_write_file(h, c->path, c->new_content ? c->new_content : "", c->new_len, mode,
			     uid, gid, expect, true, NULL);
	if (r < 0) {
		*ret_error = r == -ESTALE ? xasprintf("%s: changed since the plan", c->path)
					  : xasprintf("%s: cannot write: %s", c->path,
						      apply_strerror(r));
		return r;
	}
	if (c->daemon_config)
		run->restart = true;
	return 0;
}

static int apply_attr_change(const struct host *h, struct run_record *run, const struct change *c,
			     char **ret_error)
{
	struct stat st;
	int r = lstat_path(h, c->path, &st);
	if (r == 0 && S_ISLNK(st.st_mode))
		r = -ELOOP;
	if (r < 0) {
		*ret_error = xasprintf("%s: cannot change owner or mode: %s", c->path,
				       apply_strerror(r));
		return r;
	}
	if (attr_is_done(c, &st))
		return 0;
	struct run_entry *e = add_entry(run, c);
	e->mode = st.st_mode & 07777;
	e->uid = st.st_uid;
	e->gid = st.st_gid;
	r = journal_save(h, run);
	if (r < 0) {
		drop_last_entry(run);
		*ret_error =
			xasprintf("%s: cannot write the journal: %s", c->path, apply_strerror(r));
		return r;
	}
	r = apply_set_attr(h, c->path, c->set_mode, c->set_uid, c->set_gid);
	if (r < 0) {
		*ret_error = xasprintf("%s: cannot change owner or mode: %s", c->path,
				       apply_strerror(r));
		return r;
	}
	if (c->daemon_config)
		run->restart = true;
	return 0;
}

static int apply_sysctl_change(const struct host *h, struct run_record *run, const struct change *c,
			       char **ret_error)
{
	_cleanup_free_ char *old = NULL;
	int r = c->value ? apply_sysctl_read(c->path, &old) : -EINVAL;
	if (r < 0) {
		*ret_error =
			xasprintf("%s: cannot read the live value: %s", c->path, apply_strerror(r));
		return r;
	}
	struct run_entry *e = add_entry(run, c);
	e->old_value = TAKE_PTR(old);
	e->new_value = xstrdup(c->value);
	r = journal_save(h, run);
	if (r < 0) {
		drop_last_entry(run);
		*ret_error =
			xasprintf("%s: cannot write the journal: %s", c->path, apply_strerror(r));
		return r;
	}
	r = apply_sysctl_live(c->path, c->value);
	if (r < 0) {
		*ret_error = xasprintf("%s: cannot write the live value: %s", c->path,
				       apply_strerror(r));
		return r;
	}
	return 0;
}

static int apply_selinux_change(const struct host *h, struct run_record *run,
				const struct change *c, char **ret_error)
{
	int enforce = 0;
	int r = selinux_live_state(&enforce);
	if (r == 0)
		r = -ENOTSUP;
	if (r < 0) {
		*ret_error = xasprintf("selinux: cannot switch to enforcing: %s",
				       r == -ENOTSUP ? "SELinux is disabled" : apply_strerror(r));
		return r;
	}
	struct run_entry *e = add_entry(run, c);
	free(e->path);
	e->path = xstrdup("selinux");
	e->old_value = xstrdup(enforce ? "1" : "0");
	e->new_value = xstrdup("1");
	r = journal_save(h, run);
	if (r < 0) {
		drop_last_entry(run);
		*ret_error = xasprintf("selinux: cannot write the journal: %s", apply_strerror(r));
		return r;
	}
	r = selinux_set_enforce(1);
	if (r < 0) {
		*ret_error =
			xasprintf("selinux: cannot switch to enforcing: %s", apply_strerror(r));
		return r;
	}
	return 0;
}

static int apply_command_change(const struct host *h, struct run_record *run,
				const struct change *c, char **ret_error)
{
	if (!c->argv || !c->argv[0]) {
		*ret_error = xasprintf("%s: no command to run", c->path ? c->path : "command");
		return -EINVAL;
	}
	struct run_entry *e = add_entry(run, c);
	for (size_t i = 0; c->argv[i]; i++)
		strv_extend(&e->argv, c->argv[i]);
	int r = journal_save(h, run);
	if (r < 0) {
		drop_last_entry(run);
		*ret_error = xasprintf("%s: cannot write the journal: %s", c->argv[0],
				       apply_strerror(r));
		return r;
	}
	_cleanup_free_ char *out = NULL;
	r = apply_run_command(c->argv, APPLY_COMMAND_TIMEOUT_MS, &out);
	if (r < 0) {
		*ret_error = xasprintf("%s: cannot run: %s", c->argv[0], apply_strerror(r));
		return r;
	}
	if (r > 0) {
		*ret_error = xasprintf("%s: exited with status %d%s%s", c->argv[0], r,
				       out && *out ? ": " : "", out ? strstrip(out) : "");
		return -EIO;
	}
	return 0;
}

int apply_plan(const struct host *h, const struct plan *p, const struct apply_options *o,
	       char **ret_id, char **ret_error)
{
	*ret_id = NULL;
	if (p->errors.n > 0) {
		*ret_error = xstrdup("the plan has errors: it must not be applied");
		return -EINVAL;
	}
	_cleanup_free_ bool *needed = p->n_changes ? xcalloc(p->n_changes, sizeof(bool)) : NULL;
	size_t n_needed = 0;
	for (size_t i = 0; i < p->n_changes; i++)
		if ((needed[i] = change_is_needed(h, &p->changes[i], o->live)))
			n_needed++;
	if (n_needed == 0)
		return 0;

	_cleanup_close_ int lock = -1;
	int r = journal_lock(h, &lock);
	if (r < 0) {
		*ret_error = r == -EBUSY ? xstrdup("journal: another dockward run is in progress")
					 : xasprintf("journal: cannot create '%s%s': %s",
						     STREQ(h->root, "/") ? "" : h->root,
						     JOURNAL_DIR, apply_strerror(r));
		return r;
	}
	int64_t now = o->now ? o->now : (int64_t)time(NULL);
	struct run_record run = {
		.started = now,
		.user = o->user ? xstrdup(o->user) : xasprintf("%u", (unsigned)getuid()),
		.root = xstrdup(h->root),
		.state = RUN_APPLYING,
	};
	r = journal_create_run(h, &run);
	if (r < 0) {
		*ret_error = xasprintf("journal: cannot create the run: %s", apply_strerror(r));
		run_record_release(&run);
		return r;
	}

	_cleanup_free_ char *error = NULL;
	for (size_t i = 0; i < p->n_changes && r >= 0; i++) {
		const struct change *c = &p->changes[i];
		if (!needed[i])
			continue;
		switch (c->kind) {
		case CHANGE_FILE:
			r = apply_file_change(h, &run, c, &error);
			break;
		case CHANGE_ATTR:
			r = apply_attr_change(h, &run, c, &error);
			break;
		case CHANGE_SYSCTL:
			r = apply_sysctl_change(h, &run, c, &error);
			break;
		case CHANGE_SELINUX:
			r = apply_selinux_change(h, &run, c, &error);
			break;
		case CHANGE_COMMAND:
			r = apply_command_change(h, &run, c, &error);
			break;
		default:
			error = xasprintf("change %zu: unknown kind", i + 1);
			r = -EINVAL;
		}
	}
	if (r >= 0) {
		run.state = RUN_APPLIED;
		run.finished = now;
		r = journal_save(h, &run);
		if (r < 0)
			error = xasprintf("journal: cannot mark run '%s' applied: %s", run.id,
					  apply_strerror(r));
	}
	if (r < 0) {
		/* undo what this run did; the message says what failed first */
		struct rollback_options ro = {.live = o->live, .force = false};
		_cleanup_free_ char *rb_error = NULL;
		_cleanup_free_ char *note = xasprintf("apply failed: %s", error);
		bool restart = false;
		run.finished = now;
		int k = rollback_record(h, &run, &ro, note, &restart, &rb_error);
		if (k < 0) {
			char *both = xasprintf("%s (and the rollback failed: %s)", error,
					       rb_error ? rb_error : apply_strerror(k));
			free(error);
			error = both;
		}
		*ret_error = TAKE_PTR(error);
	}
	*ret_id = TAKE_PTR(run.id);
	run_record_release(&run);
	return r < 0 ? r : 0;
}
