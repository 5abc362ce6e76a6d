/* check-common.h: helpers shared by the check kinds, private to src/checks/.
 *
 * Every check kind has to answer the same questions in the same words: did the probe it needs
 * run, is a fact usable or why not, where does a daemon key's effective value come from (a line
 * of daemon.json, a dockerd flag, dockerd's default), how is a mode or an owner shown, does a
 * path name another one as a whole. Keeping the answers here keeps the reports consistent.
 * Pure: no I/O, no library headers; it links only the model like the checks themselves. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "baseline.h"
#include "diag.h"
#include "facts.h"
#include "result.h"
#include "value.h"

/* ---- facts ---- */

/* True when every probe in `mask` (enum probe_flags) ran. Otherwise sets STATUS_ERROR saying
 * which did not, and returns false. */
bool check_require_probes(const struct facts *f, unsigned mask, struct result *res);

/* "unreadable: Permission denied", "not collected (probe did not run)", "absent", ... for a fact
 * that is not FACT_OK. Borrowed or static; never NULL. */
const char *check_status_reason(const struct fact_status *s);

/* True when s is FACT_OK or FACT_ABSENT. Otherwise sets STATUS_ERROR with "<what> is <reason>",
 * adds evidence (s->source, else fallback_source) and returns false. */
bool check_status_usable(struct result *res, const struct fact_status *s, const char *what,
			 const char *fallback_source);

/* True when s is FACT_OK or FACT_ABSENT, without touching a result. */
static inline bool check_state_usable(enum fact_state st)
{
	return st == FACT_OK || st == FACT_ABSENT;
}

/* Evidence sources are host paths without the leading slash ("etc/group"); for text. */
const char *check_rel(const char *path);

/* ---- modes, owners, paths ---- */

/* Permission bits as 4-digit octal: "0644". */
void check_mode_format(uint32_t mode, char buf[static 8]);
/* A mode parameter: the string "0644" or "644" (both octal), or an int whose decimal digits are
 * read as octal digits (644 -> 0644: YAML may hand over an unquoted 644 as a number). 0 or
 * -EINVAL / -ERANGE. */
int check_mode_param(const struct value *v, uint32_t *ret);

/* Names for ids: the name from the accounts facts, else the number in buf. */
const char *check_uid_name(const struct accounts_facts *a, uint32_t uid, char buf[static 16]);
const char *check_gid_name(const struct accounts_facts *a, uint32_t gid, char buf[static 16]);

/* Path comparison on whole components, ignoring repeated and trailing slashes:
 * check_path_equal("/etc/docker/", "/etc/docker") is true; "/usr/bin/dockerd-rootless.sh" is
 * neither equal to nor below "/usr/bin/dockerd". */
bool check_path_equal(const char *a, const char *b);
/* True when path is strictly below dir ("/var/lib/docker" is below "/var" and below "/"). */
bool check_path_below(const char *path, const char *dir);
/* A copy without repeated or trailing slashes and without "." components. The caller frees it. */
char *check_path_normalize(const char *p);

/* ---- values ---- */

/* Null, "", [] and {} are empty; so is NULL. */
bool check_value_empty(const struct value *v);
/* Equality that does not care whether a scalar came as a string or as a bool/int: a baseline's
 * "false" equals daemon.json's false, 10 equals "10". Lists and maps compare item by item. */
bool check_value_equal(const struct value *a, const struct value *b);
/* A scalar as plain text (strings unquoted); other values as value_to_text. Caller frees. */
char *check_value_plain(const struct value *v);
/* The items of a list as value_to_text joined with ", ". Caller frees. */
char *check_list_text(const struct value *list);

/* The items of a list as plain text: "root", "root or docker", "a, b or c". Caller frees. */
char *check_list_or(const struct value *list);

/* ---- the daemon configuration ---- */

/* True when the daemon probe ran and Docker is installed; otherwise STATUS_ERROR or
 * STATUS_NOT_APPLICABLE with the reason. */
bool check_daemon_present(const struct facts *f, struct result *res);

/* True when daemon.json was read or is absent. */
bool check_daemon_config_usable(const struct daemon_facts *d);
/* "etc/docker/daemon.json:3:5: unexpected character" or the status reason. Caller frees. */
char *check_daemon_config_problem(const struct daemon_facts *d);

/* Evidence for why daemon.json cannot be used: the parse error at its line:col, or the status. */
void check_daemon_config_evidence(struct result *res, const struct daemon_facts *d);

struct daemon_lookup {
	const struct daemon_setting *setting; /* NULL when neither the file nor a flag sets it */
	const struct value *value; /* effective value; NULL when unset and dockerd has no default */
	enum daemon_source source;
};
/* The effective value of a key. False (STATUS_ERROR set, with evidence) when no flag sets the key
 * and daemon.json could not be read or parsed: then nobody can tell. */
bool check_daemon_lookup(struct result *res, const struct daemon_facts *d, const char *key,
			 struct daemon_lookup *ret);

/* True (STATUS_FAIL set, evidence from both) when the key is set both by a flag and in
 * daemon.json: dockerd refuses to start. */
bool check_daemon_conflict(struct result *res, const struct daemon_facts *d, const char *key);

/* Where the effective value comes from: "etc/docker/daemon.json:3", "dockerd flag --icc=true",
 * "dockerd default: nothing sets icc", "nothing sets icc and dockerd has no default".
 * Caller frees. */
char *check_daemon_where(const struct daemon_facts *d, const char *key);
/* "<value> (<where>)", e.g. "true (dockerd default: nothing sets icc)"; "unset (...)" when there
 * is no value. Caller frees. */
char *check_daemon_describe(const struct daemon_facts *d, const char *key);
/* Evidence for a key: the daemon.json line and/or the flag text; when neither sets it, where
 * dockward looked and dockerd's default. */
void check_daemon_evidence(struct result *res, const struct daemon_facts *d, const char *key);

/* ---- the running daemon (Engine API) ---- */

/* The running daemon's value for a daemon.json key, when the engine probe ran, the engine
 * answered and the API tells this key; else NULL. Borrowed. */
const struct engine_setting *check_engine_setting(const struct facts *f, const char *key);
/* Evidence for what the running daemon reports: source "GET /info", detail
 * "LoggingDriver: \"json-file\" (unix:///var/run/docker.sock)". */
void check_engine_evidence(struct result *res, const struct facts *f,
			   const struct engine_setting *s);

/* ---- validate() helpers: diagnostics at the check map's position ---- */

/* The position of a diag about v: v's own, else its list's (may be NULL), else the check map's. */
void check_value_pos(const struct value *check, const struct value *list, const struct value *v,
		     int *ret_line, int *ret_col);
/* 0 when exactly one of names (NULL-terminated) is a key of check; else -EINVAL with a diag. */
int check_validate_exactly_one(const struct value *check, const char *file, struct diags *diags,
			       const char *const *names);
/* 0 when the param is absent or one of allowed (NULL-terminated); else -EINVAL with a diag. */
int check_validate_enum(const struct value *check, const char *file, struct diags *diags,
			const char *name, const char *const *allowed);
/* 0 when the param is absent or names a daemon.json key of the option table. */
int check_validate_daemon_key(const struct value *check, const char *file, struct diags *diags,
			      const char *name);
/* 0 when the param is absent or an absolute path (string, or every item of a list). */
int check_validate_abs_path(const struct value *check, const char *file, struct diags *diags,
			    const char *name);
