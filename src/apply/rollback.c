/* rollback.c: undoing a run from its journal.
 *
 * Two passes. The first only looks, newest entry first: every file must still be what the
 * run left (sha256_after) or what it found (sha256_before: the run was killed before that
 * change, or it was never made), and every saved original must read back with its hash; if a
 * file is anything else, someone changed it after the run and nothing is touched (-ESTALE)
 * unless forced. The same path written twice in one run is followed through its entries. The
 * second pass restores, newest first: originals back with their owner and mode (atomically,
 * and not at all when already there; on a full disk by linking the saved copy back, which
 * needs no space), created files and the directories made for them
 * removed, temp files of a killed write removed, attributes, live sysctls and SELinux mode
 * put back; commands (reloads) run again last, once the files they read are restored. A step
 * that fails does not stop the others: a half rollback is worse than one with a known gap,
 * and the manifest then keeps its state with a note saying what is left. */
#include <errno.h>
#include <string.h>

#include "journal-internal.h"
#include "selinux-util.h"

struct sim {
	const char *path;
	bool exists;
	char sha256[65];
};

static struct sim *sim_find(struct sim *v, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (STREQ(v[i].path, path))
			return &v[i];
	return NULL;
}

static void add_error(char **first, int *first_r, int r, char *msg)
{
	if (*first) {
		free(msg);
		return;
	}
	*first = msg;
	*first_r = r;
}

int rollback_record(const struct host *h, struct run_record *rec, const struct rollback_options *o,
		    const char *note, bool *ret_restart, char **ret_error)
{
	size_t n = rec->n_entries;
	struct sim *sims = NULL;
	size_t n_sims = 0;
	char **backups = n ? xcalloc(n, sizeof(char *)) : NULL;
	size_t *backup_len = n ? xcalloc(n, sizeof(size_t)) : NULL;
	char *error = NULL;
	int r = 0;
	bool restart = false;

	/* pass 1: look */
	for (size_t i = n; i > 0 && r == 0; i--) {
		struct run_entry *e = &rec->entries[i - 1];
		if (e->kind != CHANGE_FILE)
			continue;
		struct sim *s = sim_find(sims, n_sims, e->path);
		bool exists;
		char sha[65] = "";
		if (s) {
			exists = s->exists;
			memcpy(sha, s->sha256, sizeof(sha));
		} else {
			struct file_state cur;
			int k = apply_read_current(h, e->path, &cur);
			if (k < 0 && !o->force) {
				error = xasprintf("%s: cannot read: %s", e->path,
						  apply_strerror(k));
				r = k;
				break;
			}
			exists = k == 0 && cur.exists;
			if (k < 0)
				memcpy(sha, "?", 2); /* unreadable: neither state */
			else
				memcpy(sha, cur.sha256, sizeof(sha));
			if (k == 0)
				file_state_release(&cur);
			s = GROW(sims, n_sims);
			s->path = e->path;
		}
		bool is_before = e->existed ? exists && STREQ(sha, e->sha256_before) : !exists;
		bool is_after = exists && STREQ(sha, e->sha256_after);
		if (!is_before && !is_after && !o->force) {
			error = xasprintf(
				"%s: changed after run '%s' (it is neither the original nor "
				"what the run wrote); nothing was restored",
				e->path, rec->id);
			r = -ESTALE;
			break;
		}
		/* the bytes are needed only where they are not the original already */
		if (e->existed && !is_before) {
			int k = journal_read_backup(h, rec->id, e->backup, e->sha256_before,
						    &backups[i - 1], &backup_len[i - 1]);
			if (k < 0) {
				error = xasprintf("%s: the saved original '%s' cannot be used: %s",
						  e->path, e->backup,
						  k == -EBADMSG ? "damaged" : apply_strerror(k));
				r = k;
				break;
			}
		}
		s->exists = e->existed;
		memcpy(s->sha256, e->sha256_before, sizeof(s->sha256));
	}
	if (r < 0)
		goto out;

	/* pass 2: restore, newest first */
	for (size_t i = n; i > 0; i--) {
		struct run_entry *e = &rec->entries[i - 1];
		int k = 0;
		bool changed = false;
		switch (e->kind) {
		case CHANGE_FILE:
			if (e->existed && !backups[i - 1]) {
				/* the original bytes are there (killed before this change) */
				k = apply_set_attr(h, e->path, e->mode, e->uid, e->gid);
				if (k < 0)
					add_error(&error, &r, k,
						  xasprintf("%s: cannot restore owner and mode: %s",
							    e->path, apply_strerror(k)));
			} else if (e->existed) {
				k = apply_write_file(h, e->path, backups[i - 1], backup_len[i - 1],
						     e->mode, e->uid, e->gid, NULL, true, &changed);
				if (k == -ENOSPC || k == -EDQUOT) {
					/* a full disk: the saved copy itself goes back, linked */
					_cleanup_free_ char *b = journal_path(rec->id, e->backup);
					if (apply_restore_by_link(h, e->path, b, e->mode, e->uid,
								  e->gid) == 0) {
						k = 0;
						changed = true;
					}
				}
				if (k < 0)
					add_error(&error, &r, k,
						  xasprintf("%s: cannot restore: %s", e->path,
							    apply_strerror(k)));
			} else {
				/* temp files first: the directory must be empty to go */
				(void)apply_remove_temp_files(h, e->path);
				k = apply_remove_file(h, e->path);
				if (k == 0)
					changed = true;
				else if (k != -ENOENT)
					add_error(&error, &r, k,
						  xasprintf("%s: cannot remove: %s", e->path,
							    apply_strerror(k)));
				if (k == 0 || k == -ENOENT)
					for (size_t j = strv_length(e->dirs_created); j > 0; j--)
						(void)apply_remove_empty_dir(
							h, e->dirs_created[j - 1]);
			}
			(void)apply_remove_temp_files(h, e->path);
			break;
		case CHANGE_ATTR:
			k = apply_set_attr(h, e->path, e->mode, e->uid, e->gid);
			if (k < 0)
				add_error(&error, &r, k,
					  xasprintf("%s: cannot restore owner and mode: %s",
						    e->path, apply_strerror(k)));
			else
				changed = true;
			break;
		case CHANGE_SYSCTL:
			if (!o->live || !e->old_value)
				break;
			k = apply_sysctl_live(e->path, e->old_value);
			if (k < 0)
				add_error(&error, &r, k,
					  xasprintf("%s: cannot restore the live value '%s': %s",
						    e->path, e->old_value, apply_strerror(k)));
			break;
		case CHANGE_SELINUX:
			if (!o->live || !e->old_value)
				break;
			k = selinux_set_enforce(STREQ(e->old_value, "1") ? 1 : 0);
			if (k < 0)
				add_error(&error, &r, k,
					  xasprintf("selinux: cannot restore mode %s: %s",
						    e->old_value, apply_strerror(k)));
			break;
		default:
			break;
		}
		if (changed && e->daemon_config)
			restart = true;
	}

	/* reloads, in the run's order, once the files are back */
	for (size_t i = 0; i < n && o->live; i++) {
		struct run_entry *e = &rec->entries[i];
		if (e->kind != CHANGE_COMMAND || !e->argv || !e->argv[0])
			continue;
		char *out = NULL;
		int k = apply_run_command(e->argv, APPLY_COMMAND_TIMEOUT_MS, &out);
		if (k != 0)
			add_error(&error, &r, k < 0 ? k : -EIO,
				  k < 0 ? xasprintf("%s: cannot run: %s", e->argv[0],
						    apply_strerror(k))
					: xasprintf("%s: exited with status %d%s%s", e->argv[0], k,
						    out && *out ? ": " : "",
						    out ? strstrip(out) : ""));
		free(out);
	}

	free(rec->note);
	if (r == 0) {
		rec->state = RUN_ROLLED_BACK;
		rec->note = xstrdup_or_null(note);
	} else
		rec->note = xasprintf("%s%srollback incomplete: %s", note ? note : "",
				      note ? "; " : "", error);
	{
		int k = journal_save(h, rec);
		if (k < 0)
			add_error(&error, &r, k,
				  xasprintf("journal: cannot save the manifest of run '%s': %s",
					    rec->id, apply_strerror(k)));
	}
out:
	for (size_t i = 0; i < n; i++)
		free(backups[i]);
	free(backups);
	free(backup_len);
	free(sims);
	*ret_restart = restart;
	if (r < 0) {
		*ret_error = error;
		return r;
	}
	free(error);
	return 0;
}

int rollback_run(const struct host *h, const char *id, const struct rollback_options *o,
		 bool *ret_restart, char **ret_error)
{
	if (!id) {
		*ret_error = xstrdup("no run to roll back");
		return -EINVAL;
	}
	_cleanup_close_ int lock = -1;
	int r = journal_lock(h, &lock);
	if (r < 0) {
		*ret_error = r == -EBUSY ? xstrdup("journal: another dockward run is in progress")
					 : xasprintf("journal: %s", apply_strerror(r));
		return r;
	}
	struct run_record rec;
	r = journal_load(h, id, &rec);
	if (r < 0) {
		*ret_error = r == -ENOENT || r == -EINVAL
				     ? xasprintf("no run '%s' in the journal", id)
				     : xasprintf("run '%s': cannot load its manifest: %s", id,
						 r == -EBADMSG ? "damaged" : apply_strerror(r));
		return r;
	}
	if (rec.state == RUN_ROLLED_BACK) {
		*ret_error = xasprintf("run '%s' is already rolled back", id);
		run_record_release(&rec);
		return -EALREADY;
	}
	r = rollback_record(h, &rec, o, o->force ? "rolled back (forced)" : "rolled back",
			    ret_restart, ret_error);
	run_record_release(&rec);
	return r;
}
