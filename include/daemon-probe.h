/* daemon-probe.h: the parts of the daemon probe (private to src/probes/).
 *
 * The daemon probe (probe-daemon.c) puts together dockerd's effective configuration from four
 * small readers, one job each:
 *   daemon-json.c    daemon.json text -> top-level keys with values and key positions
 *   systemd-unit.c   docker.service + drop-ins -> effective ExecStart= and its environment
 *   env-file.c       EnvironmentFile= syntax (systemd's, shell-like) -> NAME=value list
 *   shell-words.c    systemd's word splitting, unquoting and $VAR / ${VAR} expansion
 *   dockerd-flags.c  dockerd's argv -> settings, through the option table (daemon-options.h)
 * None of them prints; problems come back as data. Only systemd-unit.c and probe-daemon.c read
 * the host (through host.h). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "daemon-options.h"
#include "diag.h"
#include "host.h"
#include "value.h"

/* ---- daemon-json.c ---- */

#define DAEMON_JSON_MAX_DEPTH 64 /* nesting; real daemon.json files use 3 */

struct daemon_json_key {
	char *key;           /* decoded ("\u0069cc" is "icc") */
	struct value *value; /* owned */
	int line, col;       /* of the key's opening quote, 1-based, columns in characters */
};

struct daemon_json {
	struct daemon_json_key *keys; /* in file order; a repeated key once, at its last place */
	size_t n;
	/* When the text is not a valid daemon.json: where and why. */
	int err_line, err_col;
	char *err_message;
};

/* Parses daemon.json text (len bytes, need not be NUL-terminated, may hold anything). A UTF-8
 * byte order mark is skipped and an empty (or all-whitespace) file has no keys, as dockerd 23+
 * does. Returns 0 (ret->keys filled), or -EBADMSG when the text is not JSON, not an object, or
 * uses what json-c accepts but Go's encoding/json (dockerd) refuses: NaN, Infinity, single
 * quotes, raw control characters in strings, a NUL byte; then ret->err_* say where and why.
 * -EFBIG for more than INT_MAX bytes. ret is always initialised; release it either way. */
int daemon_json_parse(const char *text, size_t len, struct daemon_json *ret);
void daemon_json_release(struct daemon_json *j);

/* ---- shell-words.c ---- */

enum split_flags {
	SPLIT_RELAX = 1 << 0,     /* an unterminated quote ends at the end (EXTRACT_RELAX) */
	SPLIT_CUNESCAPE = 1 << 1, /* C escapes (\n, \x41, \u00e9 ...) (EXTRACT_CUNESCAPE) */
};

/* Splits s into words the way systemd's extract_first_word() does with EXTRACT_UNQUOTE:
 * whitespace separates, '...' and "..." group (anywhere in a word) and are removed, a backslash
 * escapes the next character. 0 and *ret (a strv, possibly empty), or -EINVAL with *ret_error a
 * static message ("unterminated quote", "bad escape"). With SPLIT_RELAX an unterminated quote
 * is not an error, but *ret_error still names it (NULL when all was well). */
int shell_split(const char *s, unsigned flags, char ***ret, const char **ret_error);

/* Bounds on hostile units: each assignment looks its name up among at most ENV_MAX others, so
 * a unit's environment costs at most ENV_ASSIGN_MAX * ENV_MAX comparisons (~1 ms). */
#define ENV_MAX 256          /* variables kept from Environment= and EnvironmentFile= */
#define ENV_ASSIGN_MAX 4096  /* assignments read for one unit, all its files together */

/* Looks NAME (name_len bytes) up in env, a strv of NAME=value; NULL when unset. Borrowed. */
const char *env_get(char *const *env, const char *name, size_t name_len);
/* Sets NAME=value in *env, replacing an earlier assignment of NAME. 0, or -E2BIG when env
 * already holds ENV_MAX variables (nothing is changed then). */
int env_set(char ***env, const char *name, size_t name_len, const char *value);
/* A shell variable name: [A-Za-z_][A-Za-z0-9_]*. */
bool env_name_is_valid(const char *name, size_t len);

/* systemd's replace_env_argv(): a word that is exactly "$NAME" becomes the variable's value
 * split into words (quotes honoured, zero words when unset); "${NAME}" anywhere in a word is
 * replaced by the value as-is; "$$" is a literal '$'. *ret gets the new argv; names that were
 * not set (or not valid names) are appended to *ret_unset, and values whose split found an
 * unterminated quote to *ret_bad_quote. */
void shell_expand_argv(char *const *words, char *const *env, char ***ret, char ***ret_unset,
		       char ***ret_bad_quote);

/* ---- env-file.c ---- */

/* Applies an EnvironmentFile= (systemd's parse_env_file syntax: KEY=value lines, '#'/';'
 * comments at the start of a line, '...' and "..." quotes, backslash escapes and
 * continuations) to *env. Problems (unterminated quote, invalid name) are added to problems
 * with source and line; like systemd, the assignment still counts unless the name is invalid.
 * Reads at most max_assign assignments (then says so) and returns how many it read. */
size_t env_file_parse(const char *text, size_t len, const char *source, char ***env,
		      struct diags *problems, size_t max_assign);

/* ---- systemd-unit.c ---- */

struct systemd_exec {
	char *unit_path;     /* host path of the unit file used, NULL when none was found */
	bool masked;         /* the unit is a link to /dev/null (or empty) */
	char **argv;         /* effective ExecStart=, unquoted, variables expanded; NULL if none */
	char *exec_source;   /* host path of the file with the effective ExecStart= */
	int exec_line;
	char **env;          /* Environment= then EnvironmentFile= assignments: NAME=value */
};

/* Loads unit `name` ("docker.service") from the unit directories under the host root, applies
 * its drop-ins and environment files, and expands the effective ExecStart=. Problems go to
 * problems with file and line. 0, or -ENOENT when no unit file exists (ret->unit_path NULL).
 * Release ret either way. */
int systemd_unit_load(const struct host *h, const char *name, struct systemd_exec *ret,
		      struct diags *problems);
void systemd_exec_release(struct systemd_exec *e);

/* ---- dockerd-flags.c ---- */

#define DOCKERD_ARGV_MAX 4096 /* words of dockerd's command line considered */

struct dockerd_flag_setting {
	const struct daemon_option *option; /* the row of the key set ("graph" maps to data-root) */
	struct value *value;                /* owned; accumulated over repeated flags */
	char *text;                         /* the flags as written, joined by ' ' */
};

struct dockerd_flags {
	struct dockerd_flag_setting *items; /* one per key, in order of first appearance */
	size_t n;
	char *config_file; /* --config-file's value, NULL when not given */
	char **unknown;    /* flags dockerd does not know, as written */
	char **problems;   /* messages: a flag without its value, a bad boolean, a stray argument */
};

/* Parses dockerd's argv (argv[0] is the program and is skipped) with pflag's rules: --flag=v,
 * --flag v, -Xv, -X v, -X=v, clusters of one-letter booleans (-Dl debug), booleans never take
 * the next word, "--" ends the flags. Values are typed from the option table: lists and maps
 * accumulate, other repeated flags keep the last value. */
void dockerd_flags_parse(char *const *argv, struct dockerd_flags *ret);
void dockerd_flags_release(struct dockerd_flags *f);
