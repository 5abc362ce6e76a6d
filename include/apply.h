/* apply.h: the only module that writes to the host: atomic writes, the journal, rollback,
 * live actions and restarting dockerd.
 *
 * A run applies one plan. Before its first change, the run's journal directory and manifest
 * exist under <root>/var/lib/dockward/journal/<RUN-ID>/; before each change, the original (bytes,
 * owner, mode, or "absent"; a live sysctl value; the SELinux mode) is saved there and the
 * manifest is rewritten atomically to list it. So a run killed at any instant can be rolled
 * back: rollback restores every entry of the manifest whose current state is not the original
 * (an entry recorded just before the kill but never carried out is already in its original
 * state). Files are written as: temp file in the same directory, write, fsync, fchown, fchmod,
 * rename, fsync of the directory; identical contents are not written (not even the mtime
 * changes). The audit path never links this library. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "host.h"
#include "plan.h"

#define JOURNAL_DIR "/var/lib/dockward/journal" /* under the host root */

/* ---- one file (src/apply/write-file.c) ---- */

/* Writes data to path under the root atomically (see above), with permission bits `mode` and
 * owner uid:gid. Directories on the way are resolved inside the root (symlinks in them followed
 * there; a link that climbs out of the root is refused with -EXDEV); missing directories are
 * created 0755 root:root when mkdir_parents. A last component that is a symlink is refused
 * (-ELOOP), as is anything but a regular file (-EISDIR / -EINVAL).
 * expect_sha256: NULL to write whatever is there; "" when the file must still be absent; else
 * the hex sha256 the file must still have (it changed since the plan: -ESTALE).
 * *ret_changed (may be NULL) says whether anything was written; when the bytes, mode and owner
 * are already these, nothing is. 0, or -errno with nothing half-written (the temp file is
 * removed; the target is the old file or the new one). */
int apply_write_file(const struct host *h, const char *path, const void *data, size_t len,
		     uint32_t mode, uint32_t uid, uint32_t gid, const char *expect_sha256,
		     bool mkdir_parents, bool *ret_changed);
/* Removes a regular file (or symlink-free path) under the root and fsyncs its directory.
 * -ENOENT when absent. */
int apply_remove_file(const struct host *h, const char *path);
/* chmod (mode >= 0) and chown (uid/gid >= 0) of path under the root without following a
 * symlink in the last component (sockets included). 0 or -errno. */
int apply_set_attr(const struct host *h, const char *path, int64_t mode, int64_t uid,
		   int64_t gid);

/* ---- live actions (src/apply/live.c) ---- */

/* Writes value to /proc/sys/<key with dots as slashes>. 0 or -errno. */
int apply_sysctl_live(const char *key, const char *value);
/* Reads the live value (whitespace-normalised). 0 or -errno; the caller frees *ret. */
int apply_sysctl_read(const char *key, char **ret);
/* Runs argv (no shell), stdout and stderr captured (bounded) into *ret_output (may be NULL).
 * Returns the exit status (>= 0), or -errno when it could not run. timeout_ms bounds it (it is
 * killed then: -ETIMEDOUT). */
int apply_run_command(char *const *argv, int timeout_ms, char **ret_output);

/* ---- runs: apply, journal, history, rollback (src/apply/journal.c, run.c, rollback.c) ---- */

enum run_state {
	RUN_APPLYING,    /* started; killed or still going if it stays so */
	RUN_APPLIED,
	RUN_ROLLED_BACK, /* by `dockward rollback` or by fix itself after a failure */
	_RUN_STATE_MAX,
};
const char *run_state_to_string(enum run_state s);

struct run_entry {
	enum change_kind kind;
	char *path;       /* host path; sysctl key; argv[0] */
	char *summary;
	char **rule_ids;
	bool existed;     /* FILE: the file existed before */
	uint32_t mode, uid, gid; /* FILE/ATTR: before */
	char *backup;     /* FILE: journal-relative name of the saved bytes, NULL when absent */
	char sha256_before[65], sha256_after[65]; /* FILE */
	char *old_value, *new_value; /* SYSCTL; SELINUX: "0"/"1" */
	char **argv;      /* COMMAND: run again after a rollback (reload what was restored) */
	bool daemon_config;
	char **dirs_created; /* FILE: missing directories created for it, outermost first (strv,
			      * may be NULL); a rollback removes those that are empty again */
};

struct run_record {
	char *id;         /* "20261123T140501Z-4242": sortable */
	int64_t started;  /* epoch seconds */
	int64_t finished; /* 0 while applying */
	char *user;       /* who ran it: login name (SUDO_USER when set), else the uid */
	char *root;       /* the --root it was applied to, "/" when live */
	enum run_state state;
	bool restart;     /* the daemon configuration changed */
	char *note;       /* why it was rolled back, ... (may be NULL) */
	struct run_entry *entries;
	size_t n_entries;
};
void run_record_release(struct run_record *r);

struct apply_options {
	bool live;        /* live actions (sysctl, setenforce, commands) are carried out */
	int64_t now;      /* epoch seconds for the run id and times */
	const char *user; /* for the journal */
};

/* Applies plan p on h: creates the run's journal, then each change in order, journaling it
 * first. On any failure, rolls back what this run did (in reverse order), marks the run rolled
 * back, and returns -errno with *ret_error saying which change failed and why. 0 on success.
 * *ret_id gets the run id in both cases once the journal exists (NULL when nothing was
 * started: an empty plan writes no journal). */
int apply_plan(const struct host *h, const struct plan *p, const struct apply_options *o,
	       char **ret_id, char **ret_error);

/* Lists the runs of the journal, oldest first. 0 (none is fine), or -errno. */
int journal_list(const struct host *h, struct run_record **ret, size_t *ret_n);
/* Loads one run. -ENOENT when there is no such run, -EBADMSG for a damaged manifest. */
int journal_load(const struct host *h, const char *id, struct run_record *ret);

struct rollback_options {
	bool live;  /* reverse live actions (sysctl, SELinux) and rerun commands */
	bool force; /* restore even files changed after the run (otherwise: -ESTALE, nothing done) */
};
/* Restores the run's originals in reverse order: files byte for byte with owner and mode,
 * files the run created removed, attributes, sysctls. Refuses (nothing changed) when a file
 * changed after the run unless force. Marks the run rolled back. *ret_restart says whether the
 * daemon configuration changed (restart dockerd). 0, or -errno with *ret_error. */
int rollback_run(const struct host *h, const char *id, const struct rollback_options *o,
		 bool *ret_restart, char **ret_error);
/* The newest run that is not rolled back, or -ENOENT. */
int journal_last_id(const struct host *h, char **ret);

/* ---- restarting dockerd (src/apply/restart.c) ---- */

struct restart_options {
	bool live;               /* the host root is the running system */
	const char *command;     /* restart_command (run with /bin/sh -c), or NULL: detect */
	const char *docker_host; /* "unix:///PATH" to wait on; NULL: <root>/var/run/docker.sock */
	int timeout_ms;          /* how long to wait for the API to answer after the restart */
};
/* How dockerd would be restarted: "systemctl restart docker.service", "/etc/init.d/docker
 * restart", the restart_command, or NULL when there is no way (then *ret_why says so). Under a
 * --root without a restart_command there is none: nothing live is touched. */
char *restart_method(const struct host *h, const struct restart_options *o, char **ret_why);
/* Restarts dockerd and waits until the Engine API answers /_ping (bounded by timeout_ms).
 * 0, -ENOTSUP when there is no way to restart (see restart_method), -ETIMEDOUT when it did not
 * come back, or another -errno; *ret_error says what happened (with the command's output). */
int restart_docker(const struct host *h, const struct restart_options *o, char **ret_error);
