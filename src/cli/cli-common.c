/* cli-common.c: what every subcommand shares: the option table and its parser, logging, the
 * clock, colour, loading the baseline, the sandbox.
 *
 * One option table drives getopt_long, the check that an option applies to the command it was
 * given with, and the option lists of --help. Options may come before or after the command
 * (`dockward -v audit` and `dockward audit -v` are the same): GNU getopt permutes argv, and the
 * first operand left is the command.
 *
 * The environment is read here and in cli-engine.c, nowhere else: SOURCE_DATE_EPOCH (the report
 * clock) and NO_COLOR here; DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_TLS, DOCKER_CERT_PATH and HOME
 * there, as the docker CLI reads them. */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"

const char *arg_root = "/";
const char *arg_docker_host;
enum severity arg_fail_on = SEVERITY_LOW;
bool arg_quiet;
bool arg_verbose;
bool arg_no_color;
bool arg_no_sandbox;
const char *arg_baseline;
const char *arg_waivers;
const char *arg_format = "text";
const char *arg_output;
const char *arg_template;
bool arg_dry_run;
bool arg_yes;
bool arg_force;
bool arg_read_only;
bool arg_no_restart;
char **arg_only;
char **arg_skip;
const char *arg_restart_command;
int arg_restart_timeout = 60;
bool arg_all_containers;
const char *arg_containers;
char **arg_skip_labels;
const char *arg_config;
bool arg_fail_on_given;
bool arg_save;
const char *arg_report_dir;

enum {
	OPT_HELP = 'h',
	OPT_OUTPUT = 'o',
	OPT_QUIET = 'q',
	OPT_VERBOSE = 'v',
	OPT_BASELINE = 0x100,
	OPT_DOCKER_HOST,
	OPT_FAIL_ON,
	OPT_FORMAT,
	OPT_NO_COLOR,
	OPT_NO_SANDBOX,
	OPT_ROOT,
	OPT_VERSION,
	OPT_WAIVERS,
	OPT_DRY_RUN,
	OPT_YES,
	OPT_READ_ONLY,
	OPT_FORCE,
	OPT_NO_RESTART,
	OPT_ONLY,
	OPT_SKIP,
	OPT_RESTART_COMMAND,
	OPT_RESTART_TIMEOUT,
	OPT_ALL_CONTAINERS,
	OPT_CONTAINERS,
	OPT_SKIP_LABEL,
	OPT_TEMPLATE,
	OPT_CONFIG,
	OPT_SAVE,
	OPT_REPORT_DIR,
};

struct cli_option {
	const char *name;
	int val;           /* short option character, or an OPT_ above 0xff */
	const char *arg;   /* NULL when it takes no value */
	unsigned flag;     /* enum cli_option_flags; 0 for the common options */
	const char *help;
};

/* Adding an option: a line here (command-specific ones first, then common ones, each group
 * sorted), an OPT_ value, its case in cli_parse(), and for a command-specific option a
 * CLI_OPT_ flag (cli.h) listed in the commands that take it. */
static const struct cli_option options[] = {
	{"all-containers", OPT_ALL_CONTAINERS, NULL, CLI_OPT_CONTAINERS,
	 "judge stopped and created containers too, not only running ones"},
	{"baseline", OPT_BASELINE, "FILE|ID", CLI_OPT_BASELINE,
	 "baseline file, or the id of a built-in one (default " BASELINE_DEFAULT_ID ")"},
	{"containers", OPT_CONTAINERS, "REGEX", CLI_OPT_CONTAINERS,
	 "only containers whose name matches REGEX (POSIX extended)"},
	{"dry-run", OPT_DRY_RUN, NULL, CLI_OPT_DRY_RUN, "print the plan and change nothing"},
	{"force", OPT_FORCE, NULL, CLI_OPT_FORCE,
	 "restore even files that changed after the run"},
	{"format", OPT_FORMAT, "FORMAT", CLI_OPT_FORMAT,
	 "report format: text (default), json, html, junit or sarif"},
	{"no-restart", OPT_NO_RESTART, NULL, CLI_OPT_RESTART,
	 "leave dockerd alone; the report says which rules wait for a restart"},
	{"only", OPT_ONLY, "ID,..", CLI_OPT_SELECT, "fix only these rules"},
	{"output", OPT_OUTPUT, "FILE", CLI_OPT_OUTPUT,
	 "write the report to FILE instead of stdout"},
	{"read-only", OPT_READ_ONLY, NULL, CLI_OPT_READ_ONLY,
	 "only look: apply and rollback are not offered"},
	{"report-dir", OPT_REPORT_DIR, "DIR", CLI_OPT_SAVE,
	 "with --save: the directory for the reports (default: report_dir of the config, else "
	 DEFAULT_REPORT_DIR ")"},
	{"restart-command", OPT_RESTART_COMMAND, "CMD", CLI_OPT_RESTART,
	 "how to restart dockerd (run with /bin/sh -c; default: the init system)"},
	{"restart-timeout", OPT_RESTART_TIMEOUT, "SECONDS", CLI_OPT_RESTART,
	 "how long to wait for dockerd to answer after a restart (default 60)"},
	{"save", OPT_SAVE, NULL, CLI_OPT_SAVE,
	 "write dated JSON and HTML reports into the report directory, print one summary line"},
	{"skip", OPT_SKIP, "ID,..", CLI_OPT_SELECT, "do not fix these rules"},
	{"skip-label", OPT_SKIP_LABEL, "KEY[=VALUE]", CLI_OPT_CONTAINERS,
	 "leave out containers with this label (repeatable)"},
	{"template", OPT_TEMPLATE, "FILE", CLI_OPT_TEMPLATE,
	 "page template for --format html (default: the built-in one)"},
	{"waivers", OPT_WAIVERS, "FILE", CLI_OPT_WAIVERS, "waivers file (YAML)"},
	{"yes", OPT_YES, NULL, CLI_OPT_YES, "do not ask for confirmation"},

	{"config", OPT_CONFIG, "FILE", 0,
	 "dockward's settings (default " DOCKWARD_CONFIG_FILE ", when it exists)"},
	{"docker-host", OPT_DOCKER_HOST, "URL", 0,
	 "Docker Engine API: unix://PATH or tcp://HOST:PORT (default DOCKER_HOST, else "
	 "unix:///var/run/docker.sock; under --root: not contacted unless given)"},
	{"fail-on", OPT_FAIL_ON, "SEVERITY", 0,
	 "exit 1 when a rule fails at SEVERITY or above (default low)"},
	{"help", OPT_HELP, NULL, 0, "show this help"},
	{"no-color", OPT_NO_COLOR, NULL, 0, "no colours (also when NO_COLOR is set)"},
	{"no-sandbox", OPT_NO_SANDBOX, NULL, 0,
	 "do not restrict the process with Landlock (for debugging)"},
	{"quiet", OPT_QUIET, NULL, 0, "print only failing rules and the summary"},
	{"root", OPT_ROOT, "DIR", 0, "audit the host tree mounted at DIR (default /)"},
	{"verbose", OPT_VERBOSE, NULL, 0, "details for every rule, and what dockward is doing"},
	{"version", OPT_VERSION, NULL, 0, "show the version"},
};

/* ---- logging ---- */

static FILE *log_stream; /* NULL: stderr */

void cli_log_to(FILE *f)
{
	log_stream = f;
}

static void vlog(const char *fmt, va_list ap) _printf_(1, 0);
static void vlog(const char *fmt, va_list ap)
{
	FILE *out = log_stream ? log_stream : stderr;
	fflush(stdout); /* keep the order of lines when both go to one terminal */
	fputs("dockward: ", out);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

int log_error_errno(int err, const char *fmt, ...)
{
	va_list ap;
	errno = err < 0 ? -err : err;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
	return err;
}

void log_info(const char *fmt, ...)
{
	if (!arg_verbose || arg_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void cli_print_diags(const struct diags *d)
{
	fflush(stdout);
	for (size_t i = 0; i < d->n; i++) {
		_cleanup_free_ char *line = diag_format(&d->items[i]);
		fprintf(stderr, "%s\n", line);
	}
}

void cli_hint_help(const char *command)
{
	fprintf(stderr, "try 'dockward %s%s--help' for more information\n", command ? command : "",
		command ? " " : "");
}

/* ---- options ---- */

const char *cli_option_name(const struct cli_args *a, unsigned flags)
{
	for (unsigned bit = 0; bit < 32; bit++)
		if (flags & (1u << bit))
			return a->first_seen[bit] ? a->first_seen[bit] : "?";
	return "?";
}

static const struct cli_option *option_by_val(int val)
{
	for (size_t i = 0; i < ELEMENTSOF(options); i++)
		if (options[i].val == val)
			return &options[i];
	return NULL;
}

void cli_print_options(FILE *out, unsigned accepted)
{
	for (int common = 0; common <= 1; common++) {
		bool any = false;
		for (size_t i = 0; i < ELEMENTSOF(options); i++) {
			const struct cli_option *o = &options[i];
			if ((o->flag == 0) != (common == 1) || (o->flag && !(o->flag & accepted)))
				continue;
			if (!any)
				fprintf(out, "\n%s:\n", common ? "common options" : "options");
			any = true;
			char name[40];
			if (o->val < 0x100)
				snprintf(name, sizeof(name), "-%c, --%s%s%s", o->val, o->name,
					 o->arg ? " " : "", o->arg ? o->arg : "");
			else
				snprintf(name, sizeof(name), "    --%s%s%s", o->name,
					 o->arg ? " " : "", o->arg ? o->arg : "");
			fprintf(out, "  %-30s %s\n", name, o->help);
		}
	}
}

static int parse_value(int val, const char *v)
{
	switch (val) {
	case OPT_FAIL_ON: {
		enum severity s = severity_from_string(v);
		if (s < 0) {
			log_error("invalid severity '%s' for --fail-on: expected low, medium, "
				  "high or critical", v);
			return EXIT_BAD_INPUT;
		}
		arg_fail_on = s;
		arg_fail_on_given = true;
		return 0;
	}
	case OPT_FORMAT:
		if (!renderer_find(v)) {
			_cleanup_strv_free_ char **names = NULL;
			for (size_t i = 0; renderers[i]; i++)
				strv_extend(&names, renderers[i]->name);
			_cleanup_free_ char *list = strv_join(names, ", ");
			log_error("unknown format '%s': expected one of %s", v, list);
			return EXIT_BAD_INPUT;
		}
		arg_format = v;
		return 0;
	case OPT_DOCKER_HOST:
		if (!*v) {
			log_error("empty value for '--docker-host'");
			return EXIT_BAD_INPUT;
		}
		arg_docker_host = v; /* checked by cli_engine_options() */
		return 0;
	case OPT_CONTAINERS: {
		regex_t re;
		int rc = regcomp(&re, v, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char msg[256];
			regerror(rc, &re, msg, sizeof(msg));
			log_error("invalid --containers '%s': %s", v, msg);
			return EXIT_BAD_INPUT;
		}
		regfree(&re);
		arg_containers = v;
		return 0;
	}
	case OPT_SKIP_LABEL:
		if (!*v || *v == '=') {
			log_error("invalid --skip-label '%s': expected KEY or KEY=VALUE", v);
			return EXIT_BAD_INPUT;
		}
		strv_extend(&arg_skip_labels, v);
		return 0;
	case OPT_ONLY:
	case OPT_SKIP: {
		char ***list = val == OPT_ONLY ? &arg_only : &arg_skip;
		_cleanup_free_ char *copy = xstrdup(v);
		char *save = NULL;
		for (char *id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save))
			if (*strstrip(id) && !strv_contains(*list, id))
				strv_extend(list, id);
		if (!*list) {
			log_error("empty rule list for '--%s'", option_by_val(val)->name);
			return EXIT_BAD_INPUT;
		}
		return 0;
	}
	case OPT_RESTART_TIMEOUT: {
		uint32_t t;
		if (parse_uint32(v, &t) < 0 || t < 1 || t > 3600) {
			log_error("invalid --restart-timeout '%s': expected seconds, 1 to 3600", v);
			return EXIT_BAD_INPUT;
		}
		arg_restart_timeout = (int)t;
		return 0;
	}
	case OPT_RESTART_COMMAND:
		if (!*v) {
			log_error("empty value for '--restart-command'");
			return EXIT_BAD_INPUT;
		}
		arg_restart_command = v;
		return 0;
	case OPT_ROOT:
	case OPT_BASELINE:
	case OPT_WAIVERS:
	case OPT_OUTPUT:
	case OPT_TEMPLATE:
	case OPT_CONFIG:
	case OPT_REPORT_DIR:
		if (!*v) {
			log_error("empty value for '--%s'", option_by_val(val)->name);
			return EXIT_BAD_INPUT;
		}
		if (val == OPT_ROOT)
			arg_root = v;
		else if (val == OPT_BASELINE)
			arg_baseline = v;
		else if (val == OPT_WAIVERS)
			arg_waivers = v;
		else if (val == OPT_TEMPLATE)
			arg_template = v;
		else if (val == OPT_CONFIG)
			arg_config = v;
		else if (val == OPT_REPORT_DIR) {
			arg_report_dir = v;
			arg_save = true;
		}
		else
			arg_output = v;
		return 0;
	}
	return 0;
}

int cli_parse(int argc, char **argv, struct cli_args *ret)
{
	struct option longopts[ELEMENTSOF(options) + 1];
	char shortopts[2 + 2 * ELEMENTSOF(options) + 1];
	size_t n_short = 0;

	/* ':' first: a missing value is reported as ':' so that we can word the message. */
	shortopts[n_short++] = ':';
	for (size_t i = 0; i < ELEMENTSOF(options); i++) {
		longopts[i] = (struct option){options[i].name,
					      options[i].arg ? required_argument : no_argument,
					      NULL, options[i].val};
		if (options[i].val < 0x100) {
			shortopts[n_short++] = (char)options[i].val;
			if (options[i].arg)
				shortopts[n_short++] = ':';
		}
	}
	longopts[ELEMENTSOF(options)] = (struct option){0};
	shortopts[n_short] = '\0';

	*ret = (struct cli_args){0};
	opterr = 0;
	optind = 0; /* 0: full reinitialisation in glibc (the unit test parses more than once) */
	for (;;) {
		int c = getopt_long(argc, argv, shortopts, longopts, NULL);
		if (c == -1)
			break;
		if (c == '?' || c == ':') {
			/* optopt is 0 for an unknown long option, the letter of an unknown short
			 * one, else the option's value; argv[optind - 1] is the word it was in. */
			const char *word = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
			if (optopt > 0 && optopt < 0x100 && !option_by_val(optopt)) {
				log_error("unknown option '-%c'", optopt);
			} else if (optopt && !startswith(word, "--")) {
				log_error("option '-%c' needs a value", optopt);
			} else {
				_cleanup_free_ char *name = xstrdup(word);
				char *eq = strchr(name, '=');
				if (eq)
					*eq = '\0';
				if (!optopt)
					log_error("unknown option '%s'", name);
				else if (c == '?')
					log_error("option '%s' takes no value", name);
				else
					log_error("option '%s' needs a value", name);
			}
			cli_hint_help(NULL);
			return EXIT_BAD_INPUT;
		}

		const struct cli_option *o = option_by_val(c);
		if (o && o->flag) {
			unsigned bit = (unsigned)__builtin_ctz(o->flag);
			if (!ret->first_seen[bit])
				ret->first_seen[bit] = o->name;
			ret->seen |= o->flag;
		}
		switch (c) {
		case OPT_HELP:
			ret->help = true;
			break;
		case OPT_VERSION:
			ret->version = true;
			break;
		case OPT_QUIET:
			arg_quiet = true;
			break;
		case OPT_VERBOSE:
			arg_verbose = true;
			break;
		case OPT_NO_COLOR:
			arg_no_color = true;
			break;
		case OPT_NO_SANDBOX:
			arg_no_sandbox = true;
			break;
		case OPT_DRY_RUN:
			arg_dry_run = true;
			break;
		case OPT_YES:
			arg_yes = true;
			break;
		case OPT_FORCE:
			arg_force = true;
			break;
		case OPT_READ_ONLY:
			arg_read_only = true;
			break;
		case OPT_NO_RESTART:
			arg_no_restart = true;
			break;
		case OPT_ALL_CONTAINERS:
			arg_all_containers = true;
			break;
		case OPT_SAVE:
			arg_save = true;
			break;
		default: {
			int r = parse_value(c, optarg);
			if (r)
				return r;
		}
		}
	}
	ret->operands = argv + optind;
	ret->n_operands = argc - optind;
	return 0;
}

/* ---- shared steps ---- */

int cli_clock(int64_t *ret_now, bool *ret_fixed)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		int64_t t;
		if (parse_int64(e, &t) < 0 || t < 0) {
			log_error("invalid SOURCE_DATE_EPOCH '%s': expected seconds since 1970", e);
			return EXIT_BAD_INPUT;
		}
		*ret_now = t;
		*ret_fixed = true;
		return 0;
	}
	*ret_now = (int64_t)time(NULL);
	*ret_fixed = false;
	return 0;
}

bool cli_use_color(int fd)
{
	return !arg_no_color && !getenv("NO_COLOR") && isatty(fd);
}

int cli_load_exit(int r)
{
	switch (-r) {
	case EINVAL:
	case EBADMSG:
	case ENOENT:
	case ENOTDIR:
	case EISDIR:
	case EFBIG:
	case ELOOP:
	case ERANGE:
	case EACCES:
	case ENAMETOOLONG:
		return EXIT_BAD_INPUT;
	}
	return EXIT_CANNOT_INSPECT;
}

int cli_load_baseline(struct baseline **ret)
{
	const char *spec = arg_baseline ? arg_baseline : BASELINE_DEFAULT_ID;
	struct diags diags = {0};
	struct baseline *b = NULL;

	int r = baseline_load(spec, &diags, &b);
	cli_print_diags(&diags);
	if (r < 0) {
		if (diags.n == 0 || cli_load_exit(r) != EXIT_BAD_INPUT)
			log_error_errno(r, "cannot load baseline '%s': %m", spec);
		diags_release(&diags);
		baseline_free(b);
		return cli_load_exit(r);
	}
	diags_release(&diags);
	log_info("baseline '%s': %s v%lld, %zu rules, sha256 %s", spec, b->id,
		 (long long)b->version, b->n_rules, b->sha256);
	*ret = b;
	return 0;
}

int cli_load_waivers(const struct baseline *b, struct waivers *ret)
{
	if (!arg_waivers)
		return 0;
	struct diags diags = {0};
	int r = waivers_load(arg_waivers, b, &diags, ret);
	cli_print_diags(&diags);
	if (r < 0 && diags.n == 0)
		log_error_errno(r, "cannot load waivers '%s': %m", arg_waivers);
	diags_release(&diags);
	if (r < 0)
		return cli_load_exit(r);
	log_info("waivers '%s': %zu", arg_waivers, ret->n);
	return 0;
}

int cli_sandbox(void)
{
	return cli_sandbox_except(-1);
}

int cli_sandbox_except(int dirfd)
{
	if (arg_no_sandbox) {
		log_info("sandbox: off (--no-sandbox)");
		return 0;
	}
	int r = landlock_deny_writes_except(dirfd);
	if (r == -EOPNOTSUPP) {
		log_info("sandbox: landlock not supported by this kernel, continuing without it");
		return 0;
	}
	if (r < 0) {
		log_error_errno(r, "cannot restrict writes with landlock: %m");
		log_error("--no-sandbox runs without it");
		return EXIT_CANNOT_INSPECT;
	}
	log_info("sandbox: landlock ABI %d, every write to the filesystem denied%s", r,
		 dirfd >= 0 ? " but files in the report directory" : "");
	return 0;
}

int cli_open_host(struct host *h)
{
	int r = host_open(h, arg_root);
	if (r < 0) {
		log_error_errno(r, "cannot open root '%s': %m", arg_root);
		return r == -ENOENT || r == -ENOTDIR ? EXIT_BAD_INPUT : EXIT_CANNOT_INSPECT;
	}
	log_info("root '%s'%s", h->root, h->live ? " (the running system)" : "");
	return 0;
}

bool cli_confirm(const char *question)
{
	if (arg_yes)
		return true;
	if (!isatty(STDIN_FILENO)) {
		log_error("stdin is not a terminal: pass --yes to apply without asking");
		return false;
	}
	fflush(stdout);
	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	char line[64];
	if (!fgets(line, sizeof(line), stdin))
		return false;
	char *a = strstrip(line);
	return STREQ(a, "y") || STREQ(a, "Y") || STREQ(a, "yes") || STREQ(a, "YES");
}

char *cli_user(void)
{
	const char *sudo = getenv("SUDO_USER");
	if (sudo && *sudo)
		return xasprintf("%s (via sudo)", sudo);
	struct passwd pw, *res = NULL;
	char buf[1024];
	if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) == 0 && res)
		return xstrdup(res->pw_name);
	return xasprintf("%u", (unsigned)getuid());
}

/* ---- output ---- */

/* Writes the report to fd; for a regular file also cuts what an earlier, longer report left
 * and syncs it. 0 or -errno. */
int cli_write_report(int fd, const char *buf, size_t len)
{
	int r = write_all(fd, buf, len);
	if (r < 0)
		return r;
	struct stat st;
	if (fd == STDOUT_FILENO || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (ftruncate(fd, (off_t)len) < 0 || fsync(fd) < 0)
		return -errno;
	return 0;
}
