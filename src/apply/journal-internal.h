/* journal-internal.h: what the files of src/apply/ share and nobody else may call.
 *
 * Path resolution for writing (parent directory resolved inside the root, escapes refused),
 * the state of one file as apply sees it (never through a symlink), the journal's on-disk
 * layout (manifest, backups, lock) and the rollback of a loaded run, which apply_plan uses to
 * undo a failed run and rollback_run uses for `dockward rollback`. */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"

#define JOURNAL_SCHEMA "dockward-journal/1"
#define APPLY_FILE_MAX (64u << 20) /* 64 MiB: the largest file apply reads, backs up or writes */
#define JOURNAL_MANIFEST_MAX (16u << 20)
#define APPLY_COMMAND_TIMEOUT_MS 120000
#define TEMP_INFIX ".dockward-" /* temp files are ".NAME.dockward-XXXXXX" */

static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

/* strerror() with the words apply's own refusals deserve. */
static inline const char *apply_strerror(int r)
{
	switch (r) {
	case -EXDEV:
		return "a symlink on the way leads out of the root (refused)";
	case -ELOOP:
		return "is a symlink (refused)";
	case -ESTALE:
		return "changed since the plan";
	default:
		return strerror(r < 0 ? -r : r);
	}
}

/* ---- write-file.c ---- */

/* Resolves the directory of host path `path` under the root (see apply_write_file) and
 * returns an O_RDONLY|O_DIRECTORY fd on it and the last component. -EXDEV for an escape,
 * -EISDIR for "/" or a trailing slash, -EINVAL for a relative path or "."/".." last. */
int apply_open_parent(const struct host *h, const char *path, bool mkdir_parents, int *ret_dirfd,
		      char **ret_name);

/* A file as apply sees it: absent, or a regular file with its bytes, attributes and hash. */
struct file_state {
	bool exists;
	char *data; /* NUL-terminated; NULL when absent */
	size_t len;
	uint32_t mode, uid, gid;
	char sha256[65]; /* "" when absent */
};
void file_state_release(struct file_state *s);
/* Reads path under the root without following a symlink in the last component: -ELOOP for a
 * symlink, -EISDIR, -EINVAL for anything but a regular file, -EFBIG; absent (the file or a
 * directory on the way) is not an error. */
int apply_read_current(const struct host *h, const char *path, struct file_state *ret);
/* The directories on the way to path that do not exist (outermost first), as host paths. */
int apply_missing_dirs(const struct host *h, const char *path, char ***ret);
/* Removes directory path when it is empty (ENOENT, ENOTEMPTY are not errors). */
int apply_remove_empty_dir(const struct host *h, const char *path);
/* Puts backup (a host path: a journal file on the same filesystem) back at path by a hard link
 * renamed over it, with the given owner and mode, then removes the backup's name: a restore
 * that needs no free space, for when apply_write_file fails with ENOSPC or EDQUOT. -EXDEV when
 * the journal is on another filesystem. */
int apply_restore_by_link(const struct host *h, const char *path, const char *backup, uint32_t mode,
			  uint32_t uid, uint32_t gid);
/* Removes temp files of apply_write_file for path left behind by a killed run. */
int apply_remove_temp_files(const struct host *h, const char *path);

/* ---- journal.c ---- */

/* "/var/lib/dockward/journal/<id>[/<name>]"; the caller frees it. */
char *journal_path(const char *id, const char *name);
/* Creates the journal directory if needed and takes its lock (flock). -EBUSY when another run
 * holds it. The caller closes *ret_fd to release it. */
int journal_lock(const struct host *h, int *ret_fd);
/* Creates the run's directory with its first manifest, atomically (a staging directory is
 * renamed into place, so a run directory always has a manifest). Sets r->id from r->started
 * and the pid (with a counter when taken). Needs the lock. */
int journal_create_run(const struct host *h, struct run_record *r);
/* Rewrites the run's manifest atomically (temp file, fsync, rename, fsync of the directory). */
int journal_save(const struct host *h, const struct run_record *r);
/* Saves the original bytes of entry number n (1-based) as files/NNNN (0600, fsynced);
 * *ret_name gets the journal-relative name. */
int journal_write_backup(const struct host *h, const char *id, size_t n, const void *data,
			 size_t len, char **ret_name);
/* Reads a backup back; -EBADMSG when its hash is not sha256. */
int journal_read_backup(const struct host *h, const char *id, const char *name, const char *sha256,
			char **ret, size_t *ret_len);
/* Frees what one entry holds. */
void run_entry_release(struct run_entry *e);

/* ---- rollback.c ---- */

/* Undoes the entries of r in reverse order (see rollback_run), then marks r rolled back with
 * note (when everything was undone) and saves its manifest. Needs the lock. */
int rollback_record(const struct host *h, struct run_record *r, const struct rollback_options *o,
		    const char *note, bool *ret_restart, char **ret_error);
