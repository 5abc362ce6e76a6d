/* plan.h: a remediation plan: the changes that would make failing rules hold.
 *
 * Plain data (src/model/plan.c). Fixers (src/fixers/) build it without writing anything; the
 * CLI shows it (unified diffs for files, one line for every other action); apply (src/apply/)
 * carries it out with a journal. Every change says which rules it serves. Paths are host paths
 * ("/etc/docker/daemon.json"), resolved under the host root by whoever touches them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "diag.h"
#include "util.h"

enum change_kind {
	CHANGE_FILE,     /* write a whole file (create or replace), atomically */
	CHANGE_ATTR,     /* chmod and/or chown of an existing path */
	CHANGE_SYSCTL,   /* write a value to proc/sys/... (live host only) */
	CHANGE_SELINUX,  /* switch SELinux to enforcing now (live host, policy loaded) */
	CHANGE_COMMAND,  /* run a program (live host only): load audit rules, aa-enforce ... */
	_CHANGE_KIND_MAX,
};
const char *change_kind_to_string(enum change_kind k);

struct change {
	enum change_kind kind;
	char *path;      /* FILE, ATTR: host path; SYSCTL: dotted key; COMMAND: argv[0] */
	char *summary;   /* one line for people: "set icc=false in /etc/docker/daemon.json" */
	char **rule_ids; /* strv: the rules this change serves */
	bool daemon_config; /* dockerd reads it at start: a restart is needed for it to count */

	/* CHANGE_FILE: what is there now (read when planning) and what will be there. */
	bool old_exists;
	char *old_content; /* NULL when absent */
	size_t old_len;
	char old_sha256[65]; /* "" when absent; apply refuses when the file changed since */
	char *new_content;
	size_t new_len;

	/* CHANGE_FILE and CHANGE_ATTR: owner and mode after the change (a new file gets them;
	 * an existing file keeps its own unless a fixer asked). -1 in set_* means "keep". */
	uint32_t old_mode; /* permission bits; 0 when absent */
	uint32_t old_uid, old_gid;
	int64_t set_mode;  /* -1 or permission bits */
	int64_t set_uid;   /* -1 or uid */
	int64_t set_gid;   /* -1 or gid */

	/* CHANGE_SYSCTL */
	char *value;     /* new value */
	char *old_value; /* live value when planning; NULL when unknown */

	/* CHANGE_COMMAND */
	char **argv;
};

enum note_kind {
	NOTE_WARNING, /* read before applying: "the data root changes ..." */
	NOTE_MANUAL,  /* a person must do this; the exact instruction */
	NOTE_SKIPPED, /* a rule that was not fixed and why (flag source unknown, ...) */
	_NOTE_KIND_MAX,
};
const char *note_kind_to_string(enum note_kind k);

struct plan_note {
	enum note_kind kind;
	char *rule_id; /* may be NULL for notes about the whole plan */
	char *text;
};

struct plan {
	struct change *changes; /* in the order they are applied */
	size_t n_changes;
	struct plan_note *notes;
	size_t n_notes;
	/* dockerd must restart for the plan to take effect (a daemon_config file changes) */
	bool restart;
	char **restart_rules; /* strv: rules that wait for that restart */
	/* Input that stops the whole fix (a daemon.json that does not parse ...): file:line:col.
	 * A plan with errors must not be applied. */
	struct diags errors;
	char **rules_planned; /* strv: rules that the changes make hold (once applied) */
};

void plan_init(struct plan *p);
void plan_release(struct plan *p);
void change_release(struct change *c);
/* Appends a zeroed change (set_* = -1) of kind k and returns it. */
struct change *plan_add_change(struct plan *p, enum change_kind k);
void plan_add_note(struct plan *p, enum note_kind k, const char *rule_id, const char *fmt, ...)
	_printf_(4, 5);
/* The change that writes path (CHANGE_FILE) or changes its attributes, or NULL. Borrowed. */
struct change *plan_find_change(struct plan *p, enum change_kind k, const char *path);
/* Adds rule_id to c->rule_ids unless it is there. */
void change_add_rule(struct change *c, const char *rule_id);
/* True when the plan changes nothing. */
bool plan_is_empty(const struct plan *p);
