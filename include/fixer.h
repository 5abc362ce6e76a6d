/* fixer.h: fixer kinds (one table) and the plan builder they write into.
 *
 * A fixer kind turns one failing rule into planned changes. It never writes: it asks the plan
 * builder for the planned text of a file (the file's current bytes, or what an earlier fixer
 * planned for it), transforms that text with a pure editor (json-c for daemon.json, augeas
 * lenses on text for sysctl.d, group, shadow, selinux config and /etc/default/docker, small line
 * editors where Debian's augeas has no lens), and hands the new text back. The builder reads the
 * target files through host.h (read-only, under the host root) and, at the end, turns what
 * changed into a struct plan; files whose planned text equals their current bytes are left out,
 * so a second fix plans nothing.
 *
 * Adding a fixer kind:
 *   1. src/fixers/fixer-<name>.c defining `const struct fixer_kind fixer_<name>`, with its
 *      parameter schema and a comment on what it changes;
 *   2. a line in fixer_kinds[] (src/fixers/fixer-table.c), kept sorted by name;
 *   3. unit tests in tests/unit/test-fixer-<name>.c and a golden fix case in tests/fixtures/. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "baseline.h"
#include "check.h"
#include "facts.h"
#include "host.h"
#include "plan.h"
#include "report.h"
#include "result.h"

struct plan_builder;

struct fixer_kind {
	const char *name; /* "daemon_json" */
	const char *help; /* one line */
	const struct check_param *params; /* the fix map's keys besides `kind`, {NULL}-terminated */
	/* Optional: combinations the schema cannot express. 0 or -EINVAL with diags added. */
	int (*validate)(const struct value *fix, const char *file, struct diags *diags);
	/* Plans the changes for a failing rule r (res is its audit result: objects name the files or
	 * users at fault). NULL for kinds that only describe a manual step (`manual`): the report
	 * then says no fix is available. */
	void (*plan)(const struct rule *r, const struct result *res, struct plan_builder *pb);
	bool daemon_config; /* its changes only count after dockerd restarts */
};

extern const struct fixer_kind *const fixer_kinds[]; /* sorted, NULL-terminated */
const struct fixer_kind *fixer_kind_find(const char *name);
/* The fixer kind of a rule's fix map, or NULL when the rule has none. */
const struct fixer_kind *fixer_of_rule(const struct rule *r);
/* Whether `dockward fix` can act on the rule (a fix map whose kind plans changes). */
bool fixer_available(const struct rule *r);

/* Fix-map accessors (the loader guarantees the types). */
const struct value *fix_param(const struct rule *r, const char *name);
const char *fix_param_string(const struct rule *r, const char *name, const char *def);

/* ---- the plan builder (src/fixers/plan-builder.c) ---- */

struct plan_builder_options {
	bool live; /* the host root is the running system: live actions (sysctl, setenforce,
		      commands) may be planned. False under --root. */
};

struct plan_builder *plan_builder_new(const struct host *h, const struct facts *f,
				      const struct plan_builder_options *o);
struct plan_builder *plan_builder_free(struct plan_builder *pb);
static inline void plan_builder_freep(struct plan_builder **pb)
{
	plan_builder_free(*pb);
}

const struct facts *pb_facts(const struct plan_builder *pb);
const struct host *pb_host(const struct plan_builder *pb);
bool pb_live(const struct plan_builder *pb);

/* The planned text of a file: its current bytes under the root, or what an earlier fixer of
 * this plan gave it. *ret_text is NULL (and *ret_len 0) when the file is absent and nothing is
 * planned for it. Borrowed until the next pb_file_put of that path. 0, or -errno when the file
 * cannot be read (then the fixer reports it with pb_error and plans nothing for the rule).
 * A path whose last component is a symlink is refused with -ELOOP: dockward does not write
 * through links it did not make. */
int pb_file_get(struct plan_builder *pb, const char *path, const char **ret_text,
		size_t *ret_len);
/* Plans new contents for path on behalf of rule r. A file that does not exist yet is created
 * with create_mode, owned by root:root (its directory is created with 0755 if missing). An
 * existing file keeps its owner and mode. daemon_config: dockerd reads the file at start (the
 * plan then asks for a restart). `what` is one line for the plan ("set icc=false"). */
void pb_file_put(struct plan_builder *pb, const struct rule *r, const char *path,
		 const char *text, size_t len, uint32_t create_mode, bool daemon_config,
		 const char *what_fmt, ...) _printf_(8, 9);
/* Plans chmod (mode >= 0) and/or chown (uid, gid >= 0) of an existing path. Paths that already
 * have them are skipped. */
void pb_attr(struct plan_builder *pb, const struct rule *r, const char *path, int64_t mode,
	     int64_t uid, int64_t gid);
/* Plans a live write of proc/sys/<key as path> (skipped unless live). */
void pb_sysctl_live(struct plan_builder *pb, const struct rule *r, const char *key,
		    const char *value, const char *old_value);
/* Plans switching SELinux to enforcing now (skipped unless live). */
void pb_selinux_enforce(struct plan_builder *pb, const struct rule *r);
/* Plans running argv (skipped unless live); summary says what it does. Planned once: the same
 * argv asked again only adds the rule. */
void pb_command(struct plan_builder *pb, const struct rule *r, char *const *argv,
		const char *summary);
/* Adds a note (warning, manual step, skipped). */
void pb_note(struct plan_builder *pb, const struct rule *r, enum note_kind k, const char *fmt,
	     ...) _printf_(4, 5);
/* Input that stops the whole fix (file:line:col and what was expected). */
void pb_error(struct plan_builder *pb, const struct rule *r, const char *file, int line, int col,
	      const char *fmt, ...) _printf_(6, 7);
/* The rule will hold once the plan is applied (and dockerd restarted, for daemon_config). */
void pb_rule_planned(struct plan_builder *pb, const struct rule *r);
/* The shared augeas session (loaded on first use; lenses load when first used). */
struct augeas_session *pb_augeas(struct plan_builder *pb);

/* Turns what was planned into *ret (plan_init'ed here): file changes in the order they were
 * first touched, then attribute changes, then live actions; identical files dropped; attribute
 * changes on a planned file folded into it. Consumes nothing; the builder is freed by the
 * caller. */
void plan_builder_finish(struct plan_builder *pb, struct plan *ret);

/* ---- planning a whole fix (src/fixers/fix-plan.c) ---- */

struct fix_selection {
	char **only; /* strv of rule ids (or NULL: every failing rule) */
	char **skip; /* strv of rule ids */
};

/* Plans fixes for every failing result of the report whose rule has an available fixer and is
 * selected. Results that are not failing are left alone. Unknown ids in only/skip are errors
 * (in ret->errors). live: see plan_builder_options. */
void fix_plan(const struct host *h, const struct facts *f, const struct report *audit,
	      const struct fix_selection *sel, bool live, struct plan *ret);

/* ---- shared editors (pure: text in, text out) ---- */

/* The host path of the sysctl.d file dockward owns, and of its auditd rules file. */
#define DOCKWARD_SYSCTL_FILE "/etc/sysctl.d/60-dockward.conf"
#define DOCKWARD_AUDIT_RULES_FILE "/etc/audit/rules.d/60-dockward-docker.rules"
#define DOCKWARD_DOCKER_DROPIN "/etc/systemd/system/docker.service.d/60-dockward.conf"
#define DOCKWARD_SOCKET_DROPIN "/etc/systemd/system/docker.socket.d/60-dockward.conf"
