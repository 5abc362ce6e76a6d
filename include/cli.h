/* cli.h: the command line: the subcommand table, options, logging, exit codes, the sandbox.
 *
 * Only cli/ (and the TUI) print. Everything here runs in the `dockward` executable; the layers
 * below report problems as return values and diagnostics lists, and this module turns them into
 * one line on stderr ("dockward: <what failed>: <why>") and an exit code. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "baseline.h"
#include "diag.h"
#include "host.h"

/* Exit codes (shared/DESIGN.md, CLI contract). */
enum cli_exit {
	EXIT_COMPLIANT = 0,      /* nothing fails at or above --fail-on */
	EXIT_RULES_FAILING = 1,  /* rules fail at or above --fail-on */
	EXIT_BAD_INPUT = 2,      /* bad usage, a bad baseline or waivers file, no such root */
	EXIT_CANNOT_INSPECT = 3, /* could not inspect (or write the report) */
};

/* Options that only some commands take; the common ones (--root, -q, -v, ...) are always
 * accepted. A command lists the ones it takes in cli_command.options. */
enum cli_option_flags {
	CLI_OPT_BASELINE = 1 << 0,
	CLI_OPT_WAIVERS = 1 << 1,
	CLI_OPT_FORMAT = 1 << 2,
	CLI_OPT_OUTPUT = 1 << 3,
	CLI_OPT_DRY_RUN = 1 << 4,
	CLI_OPT_YES = 1 << 5,
	CLI_OPT_SELECT = 1 << 6,  /* --only, --skip */
	CLI_OPT_RESTART = 1 << 7, /* --no-restart, --restart-command, --restart-timeout */
	CLI_OPT_FORCE = 1 << 8,
	CLI_OPT_CONTAINERS = 1 << 9, /* --all-containers, --containers, --skip-label */
	CLI_OPT_TEMPLATE = 1 << 10,  /* --template (the HTML report's page) */
	CLI_OPT_READ_ONLY = 1 << 11, /* --read-only (tui: no apply, no rollback) */
	CLI_OPT_SAVE = 1 << 12,      /* --save, --report-dir (audit: dated reports in a directory) */
};

/* dockward's own settings file (cli-config.c), and where --save writes without one.
 * DOCKWARD_SYSCONFDIR comes from the build (CMake's full sysconfdir: /etc for the packages). */
#ifndef DOCKWARD_SYSCONFDIR
#define DOCKWARD_SYSCONFDIR "/etc"
#endif
#define DOCKWARD_CONFIG_FILE DOCKWARD_SYSCONFDIR "/dockward/dockward.yaml"
#define DEFAULT_REPORT_DIR "/var/lib/dockward/reports"

/* Values from the command line (src/cli/cli-common.c). */
extern const char *arg_root;        /* "/" */
extern const char *arg_docker_host; /* NULL, or "unix://PATH" / "tcp://HOST:PORT" */
extern enum severity arg_fail_on;   /* SEVERITY_LOW */
extern bool arg_quiet;
extern bool arg_verbose;
extern bool arg_no_color;
extern bool arg_no_sandbox;
extern const char *arg_baseline; /* NULL: BASELINE_DEFAULT_ID */
extern const char *arg_waivers;  /* NULL: none */
extern const char *arg_format;   /* "text" */
extern const char *arg_output;   /* NULL: stdout */
extern const char *arg_template; /* NULL: the embedded templates/report.html.tmpl */
extern bool arg_dry_run;
extern bool arg_yes;
extern bool arg_force;
extern bool arg_read_only;
extern bool arg_no_restart;
extern char **arg_only; /* strv, NULL: every rule */
extern char **arg_skip;
extern const char *arg_restart_command; /* NULL: the init system's way */
extern int arg_restart_timeout;         /* seconds (60) */
extern bool arg_all_containers;
extern const char *arg_containers; /* POSIX ERE on container names, NULL: all */
extern char **arg_skip_labels;     /* strv of KEY or KEY=VALUE */
extern const char *arg_config;     /* NULL: DOCKWARD_CONFIG_FILE when it exists */
extern bool arg_fail_on_given;     /* --fail-on was on the command line */
extern bool arg_save;              /* --save (or --report-dir) */
extern const char *arg_report_dir; /* NULL: the config's report_dir, else DEFAULT_REPORT_DIR */

struct cli_command {
	const char *name;
	/* argv[0] is the command's name, the rest its operands (options are parsed already).
	 * Returns an exit code (enum cli_exit). */
	int (*run)(int argc, char **argv);
	const char *usage;   /* after "dockward " */
	const char *summary; /* one line, lowercase, for `dockward --help` */
	const char *help;    /* more, for `dockward help CMD`: operands, notes; may be NULL */
	unsigned options;    /* enum cli_option_flags it accepts */
};

/* Adding a command:
 *   1. src/cli/cli-<name>.c with `int cli_<name>(int argc, char **argv)` (declared below);
 *   2. a line in commands[] (src/main.c), kept sorted, with its usage, summary and options;
 *   3. new options: a line in the option table (src/cli/cli-common.c) and a CLI_OPT_ flag;
 *   4. a case in tests/unit/test-cli-args.c. */
int cli_audit(int argc, char **argv);
int cli_baseline(int argc, char **argv);
int cli_rules(int argc, char **argv);
int cli_fix(int argc, char **argv);
int cli_history(int argc, char **argv);
/* The runs of the journal under h's root as `dockward history` lists them (verbose: `-v`, each
 * change and note too), to out: for the command and the TUI (h). 0 or -errno. */
int cli_history_list(const struct host *h, bool verbose, FILE *out);
int cli_report(int argc, char **argv);
int cli_rollback(int argc, char **argv);
int cli_tui(int argc, char **argv);

/* ---- dockward's settings (cli-config.c) ---- */

/* Reads the settings file (--config FILE, else DOCKWARD_CONFIG_FILE when it exists) and fills
 * in what the command line left unset among the options that the command takes (`options`:
 * enum cli_option_flags): baseline, waivers, report_dir, fail_on, docker_host. Problems are
 * printed as FILE:LINE:COL: message. 0, or an exit code (EXIT_BAD_INPUT). */
int cli_load_config(unsigned options);
/* Frees what cli_load_config() kept (the arg_ globals may point into it). */
void cli_config_release(void);

/* ---- parsing (cli-common.c) ---- */

struct cli_args {
	char **operands; /* the command and its operands, in order (points into argv) */
	int n_operands;
	unsigned seen;   /* enum cli_option_flags that were given */
	const char *first_seen[32]; /* [bit of a flag]: the name of the first option given for it */
	bool help;
	bool version;
};

/* Parses every option, before or after the command (GNU getopt permutes argv), and sets the
 * arg_ globals. 0, or EXIT_BAD_INPUT after printing why. */
int cli_parse(int argc, char **argv, struct cli_args *ret);
/* Prints the options that a command with `options` accepts (the common ones last), or all of
 * them when options is ~0u. */
void cli_print_options(FILE *out, unsigned options);
/* The name of the option given for the first flag set in `flags` ("report-dir" for
 * CLI_OPT_SAVE when that is what was typed). */
const char *cli_option_name(const struct cli_args *a, unsigned flags);

/* ---- logging: "dockward: ..." on stderr ---- */

void log_error(const char *fmt, ...) _printf_(1, 2);
/* Sets errno to -err for "%m" and returns err. */
int log_error_errno(int err, const char *fmt, ...) _printf_(2, 3);
/* Only with -v (and without -q). */
void log_info(const char *fmt, ...) _printf_(1, 2);
/* "try 'dockward [COMMAND ]--help' for more information", after a usage error. */
void cli_hint_help(const char *command);
/* Every diagnostic as "FILE:LINE:COL: message". */
void cli_print_diags(const struct diags *d);

/* ---- shared steps ---- */

/* The clock for reports: time(NULL), or SOURCE_DATE_EPOCH when set (reproducible reports):
 * then *ret_fixed is true and durations are reported as 0. 0 or EXIT_BAD_INPUT. */
int cli_clock(int64_t *ret_now, bool *ret_fixed);
/* Whether to colour output written to fd: a tty, no --no-color, NO_COLOR unset. */
bool cli_use_color(int fd);
/* The exit code for a loader's -errno: EXIT_BAD_INPUT when the input is at fault (bad,
 * absent, too big, not readable by us), EXIT_CANNOT_INSPECT for other trouble. */
int cli_load_exit(int r);
/* Loads arg_baseline (or the default) printing every problem. 0, or an exit code. */
int cli_load_baseline(struct baseline **ret);
/* The HTML report's template, parsed (cli-template.c): --template FILE (its partials read next
 * to it, else the built-in ones) or the built-in page. Release with cli_template_release(). */
struct template;
struct cli_template {
	struct template *t;
	char **texts; /* the texts t was parsed from */
};
/* Loads and parses it, printing every problem. 0, or an exit code: EXIT_BAD_INPUT for a bad
 * --template, EXIT_CANNOT_INSPECT for other trouble. */
int cli_load_template(struct cli_template *ret);
void cli_template_release(struct cli_template *ct);
/* Loads arg_waivers (when given) for baseline b, printing every problem; *ret stays empty
 * without --waivers. 0, or an exit code. */
int cli_load_waivers(const struct baseline *b, struct waivers *ret);
static inline void waivers_releasep(struct waivers *w)
{
	waivers_release(w);
}
/* Applies the read-only sandbox unless --no-sandbox, saying what it did with -v. 0, or
 * EXIT_CANNOT_INSPECT when the kernel has Landlock and it could not be applied. */
int cli_sandbox(void);
/* The same, with the exception of landlock_deny_writes_except(dirfd). */
int cli_sandbox_except(int dirfd);

/* Where the Engine API is (--docker-host, DOCKER_HOST, the default socket on a live root; the
 * TLS settings from DOCKER_TLS_VERIFY, DOCKER_TLS, DOCKER_CERT_PATH) and which containers to
 * look at, for audit_run(). *ep is filled (release it with engine_endpoint_release()); ret
 * points into it and into the arg_ globals. 0, or EXIT_BAD_INPUT after saying why. */
struct engine_endpoint;
struct engine_options;
int cli_engine_options(const struct host *h, struct engine_endpoint *ep,
		       struct engine_options *ret);

/* Writes a rendered report or output to fd (a file opened before the sandbox, or stdout); for a
 * regular file also cuts what an earlier, longer one left, and syncs it. 0 or -errno. */
int cli_write_report(int fd, const char *buf, size_t len);

/* `audit --save` (cli-save.c): the report directory, opened (created, 0750, when its parent
 * exists) before the sandbox; then the JSON and HTML reports written into it atomically as
 * HOST-YYYYmmddTHHMMSSZ.json and .html (0640), and one summary line on stdout. */
struct cli_save {
	int dirfd;
	const char *dir;
};
/* 0, or EXIT_CANNOT_INSPECT after saying why. */
int cli_save_open(struct cli_save *s);
void cli_save_close(struct cli_save *s);
/* Writes both reports of rep (rendered already) and prints the line. 0 or EXIT_CANNOT_INSPECT. */
struct report;
int cli_save_write(struct cli_save *s, const struct report *rep, const char *json, size_t json_len,
		   const char *html, size_t html_len);

/* Opens the host root (--root), printing why not. 0, or an exit code. */
int cli_open_host(struct host *h);
/* Asks "question [y/N] " on the terminal unless --yes. true to go on. Without a terminal on
 * stdin and without --yes: prints that --yes is needed and returns false. */
bool cli_confirm(const char *question);
/* Who runs this, for the journal: SUDO_USER when set, else the login name of the uid, else the
 * uid. The caller frees it. */
char *cli_user(void);

/* Restarts dockerd when needed (the init system's way, or --restart-command), unless
 * --no-restart, and waits for the API. 1 restarted, 0 left alone (printed why), -errno when the
 * restart failed (printed why). (cli-fix.c) */
int cli_restart(const struct host *h, bool needed);

/* ---- applying and rolling back (cli-apply.c: shared by fix, rollback and the TUI) ---- */

struct plan;
struct report;
/* Applies plan p with the journal (apply_plan()), then restarts dockerd when this run changed
 * its configuration (cli_restart()); when that restart fails, rolls the run back and restarts
 * again. Prints "Applied: run ID ..." to text when text is not NULL; problems are logged.
 * *ret_id: the run (NULL when nothing needed changing); *ret_waiting: dockerd's configuration
 * changed but it was not restarted (cli_mark_waiting()); *ret_restarted (may be NULL): dockerd
 * was restarted. 0 or EXIT_CANNOT_INSPECT. */
int cli_apply(const struct host *h, const struct plan *p, int64_t now, FILE *text, char **ret_id,
	      bool *ret_waiting, bool *ret_restarted);
/* Rules of p that wait for a dockerd restart that did not happen: failing again in rep, with
 * fix.restart_required (the running daemon does not have the new settings yet). */
void cli_mark_waiting(struct report *rep, const struct plan *p);
/* Rolls run id back (rollback_run(), force as --force) and restarts dockerd when its
 * configuration changed. Prints "Run ID rolled back." to out when not NULL; problems are
 * logged. 0, EXIT_BAD_INPUT (already rolled back, changed since), or EXIT_CANNOT_INSPECT. */
int cli_rollback_run(const struct host *h, const char *id, bool force, FILE *out);
/* Where log_error() and log_info() write: NULL for stderr (the default); the TUI points it at a
 * buffer while it owns the terminal. */
void cli_log_to(FILE *f);

/* ---- the sandbox (cli-landlock.c; no logging, the unit test includes the file) ---- */

/* Denies every write-type filesystem right the kernel's Landlock ABI knows (creating, removing,
 * renaming, linking, truncating, writing files; ioctl on devices) to this process and its
 * children, for ever; reading stays allowed everywhere. Files opened before keep their rights:
 * open the report file first. Sets no_new_privs. Returns the Landlock ABI version (>= 1),
 * -EOPNOTSUPP when the kernel has no Landlock (older than 5.13, or not enabled), or -errno. */
int landlock_deny_writes(void);
/* The same, except that beneath directory dirfd (when >= 0) regular files may be created,
 * written, truncated and removed: `audit --save` writes its reports there. */
int landlock_deny_writes_except(int dirfd);
