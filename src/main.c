/* main.c: dockward's entry point: the table of subcommands, help and dispatch.
 *
 * The only place that calls exit(): every command returns its exit code (enum cli_exit) here.
 * Options are parsed once for the whole command line (src/cli/cli-common.c), so they may come
 * before or after the command; an option that the command does not take is a usage error. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

static int cmd_help(int argc, char **argv);

#define AUDIT_HELP                                                                                 \
	"Runs every enabled rule of the baseline against the host under --root and reports\n"     \
	"pass, fail, error, not applicable, waived or manual for each, with its evidence.\n"      \
	"The audit only reads: once the report file is open, Landlock denies this process\n"     \
	"every write to the filesystem (--no-sandbox turns that off).\n"                          \
	"\n"                                                                                       \
	"The running engine is asked through the Docker Engine API (GET requests only): the\n"   \
	"daemon's effective settings, every running container (--all-containers: every one;\n"  \
	"--containers REGEX and --skip-label narrow that) and the images. It is found as the\n"  \
	"docker CLI finds it: --docker-host, else DOCKER_HOST, else unix:///var/run/docker.sock.\n"\
	"Under --root it is not contacted unless --docker-host is given. When it does not\n"     \
	"answer, the rules that need it are in error with the reason; the others still run.\n"   \
	"\n"                                                                                       \
	"--format html writes one self-contained page (it loads nothing, so it reads the same\n"   \
	"offline) that also shows, for each failing rule, the change 'dockward fix' would\n"     \
	"make. --template FILE renders it with another page template; the partials it names\n"  \
	"are read next to FILE, else the built-in ones are used.\n"                             \
	"\n"                                                                                       \
	"exit status:\n"                                                                           \
	"  0  no rule fails at or above --fail-on\n"                                               \
	"  1  a rule fails at or above --fail-on\n"                                                \
	"  2  bad usage or bad input: the baseline, waivers or --template (every problem is\n"     \
	"     printed as FILE:LINE:COL: message), or a root that does not exist\n"              \
	"  3  could not inspect: a rule is in error, or the report could not be written\n"        \
	"\n"                                                                                       \
	"environment:\n"                                                                           \
	"  SOURCE_DATE_EPOCH  seconds since 1970: reported as the start time, with a duration\n"  \
	"                     of 0, so that two audits of the same host give the same report\n"  \
	"  NO_COLOR           when set, no colours\n"                                            \
	"  DOCKER_HOST        the engine, when --docker-host is not given (live root only)\n"    \
	"  DOCKER_TLS_VERIFY  for tcp://: TLS, verifying the engine's certificate against\n"     \
	"                     ca.pem; cert.pem and key.pem authenticate dockward\n"             \
	"  DOCKER_TLS         for tcp://: TLS without verifying the engine's certificate\n"      \
	"  DOCKER_CERT_PATH   where ca.pem, cert.pem and key.pem are (default ~/.docker)\n"

#define BASELINE_HELP                                                                              \
	"baseline check FILE\n"                                                                    \
	"  loads FILE (or a built-in baseline id) as an audit would; prints every problem as\n"  \
	"  FILE:LINE:COL: message on stderr and exits 2, or prints 'FILE: ok (N rules)'\n"       \
	"baseline dump FILE|ID\n"                                                                  \
	"  prints the baseline as an audit runs it (extends merged, params substituted) as\n"    \
	"  YAML that loads back to the same baseline\n"                                         \
	"baseline list\n"                                                                          \
	"  lists the built-in baselines: id, version and title (-q: only the ids)\n"

#define FIX_HELP                                                                                   \
	"Audits the host, plans a fix for every failing rule that has a fixer, prints the\n"     \
	"plan (a unified diff per file, a line per other change), asks, applies it with a\n"      \
	"journal (see 'dockward history' and 'dockward rollback'), restarts dockerd when\n"      \
	"its configuration changed, and audits again.\n"                                          \
	"\n"                                                                                      \
	"Unattended use: --yes (required when stdin is not a terminal). A second fix\n"         \
	"changes nothing. --root DIR changes files only: no live sysctl, no setenforce,\n"        \
	"no commands, and no restart unless --restart-command is given.\n"                       \
	"\n"                                                                                      \
	"--format json (fix writes text or json only) writes the JSON report, always: after\n"  \
	"a fix the audit that followed it, else the audit before. Its fix_run object says\n"    \
	"what this run changed (or, with --dry-run, would change): dry_run, changed,\n"         \
	"run_id, restarted and changes (kind, target, summary, rules).\n"                        \
	"\n"                                                                                      \
	"exit: 0 nothing fails any more, 1 rules still fail (manual ones, or waiting for\n"      \
	"a restart), 2 bad input (nothing changed), 3 could not apply or dockerd did not\n"      \
	"come back (the run was rolled back).\n"

#define REPORT_HELP                                                                                \
	"report diff OLD.json NEW.json\n"                                                           \
	"  what changed between two JSON reports of one host: new failures, fixed rules,\n"      \
	"  other changes of status, changed expected/observed/evidence, rules added to or\n"     \
	"  removed from the baseline, and objects (containers, files, users) that appeared,\n"  \
	"  disappeared or changed verdict. Exit 1 when a rule fails that did not fail before\n" \
	"  (a rule new to the baseline too) at or above --fail-on, else 0.\n"                     \
	"report merge REPORT.json...\n"                                                            \
	"  a fleet view of many hosts' reports: the rules worst first (failing on the most\n"   \
	"  hosts, then by severity), each host's score and counts, and a matrix of the\n"      \
	"  status of every rule on every host. Exit 0.\n"                                        \
	"\n"                                                                                       \
	"The reports are the output of 'dockward audit --format json' (schema\n"                 \
	"dockward-report/1); anything else is refused (exit 2), with FILE:LINE:COL for JSON\n"  \
	"syntax. --format json writes the schema dockward-report-diff/1 or dockward-fleet/1,\n" \
	"--format html a self-contained page. --root is accepted and ignored.\n"

#define RULES_HELP                                                                                 \
	"Prints each enabled rule: id, severity, CIS reference(s) and title; with -v also\n"      \
	"the check kind, and disabled rules; with -q only the ids, one per line.\n"

/* Adding a command: see the checklist in include/cli.h. Sorted by name. */
static const struct cli_command commands[] = {
	{
		.name = "audit",
		.run = cli_audit,
		.usage = "audit [--baseline FILE|ID] [--waivers FILE]\n"
			 "[--format text|json|html|junit|sarif] [-o FILE] [--fail-on SEVERITY]\n"
			 "[--docker-host URL] [--all-containers]\n"
			 "[--containers REGEX] [--skip-label KEY[=VALUE]] [--template FILE]\n"
			 "[--save [--report-dir DIR]]",
		.summary = "audit the host against a baseline (read-only)",
		.help = AUDIT_HELP,
		.options = CLI_OPT_BASELINE | CLI_OPT_WAIVERS | CLI_OPT_FORMAT | CLI_OPT_OUTPUT |
			   CLI_OPT_CONTAINERS | CLI_OPT_TEMPLATE | CLI_OPT_SAVE,
	},
	{
		.name = "baseline",
		.run = cli_baseline,
		.usage = "baseline (check FILE | dump FILE|ID | list)",
		.summary = "check a baseline file, print one as the audit runs it, or list the built-in ones",
		.help = BASELINE_HELP,
	},
	{
		.name = "fix",
		.run = cli_fix,
		.usage = "fix [--dry-run] [--yes] [--only ID,..] [--skip ID,..] [--no-restart]\n"
			 "[--restart-command CMD] [--restart-timeout SECONDS] [--baseline FILE|ID]\n"
			 "[--waivers FILE] [--format text|json] [-o FILE]",
		.summary = "make the failing rules hold (shows the plan; can be rolled back)",
		.help = FIX_HELP,
		.options = CLI_OPT_BASELINE | CLI_OPT_WAIVERS | CLI_OPT_FORMAT | CLI_OPT_OUTPUT |
			   CLI_OPT_DRY_RUN | CLI_OPT_YES | CLI_OPT_SELECT | CLI_OPT_RESTART |
			   CLI_OPT_CONTAINERS,
	},
	{
		.name = "help",
		.run = cmd_help,
		.usage = "help [COMMAND]",
		.summary = "show the help of a command",
	},
	{
		.name = "history",
		.run = cli_history,
		.usage = "history [-v]",
		.summary = "list the runs of fix recorded in the journal",
		.help = "Lists the runs under <root>/var/lib/dockward/journal, oldest first: id, start\n"
			"time, user, state (applying: killed or running; applied; rolled-back) and what\n"
			"changed. -v lists every change.\n",
	},
	{
		.name = "report",
		.run = cli_report,
		.usage = "report (diff OLD.json NEW.json | merge REPORT.json...)\n"
			 "[--format text|json|html] [-o FILE] [--fail-on SEVERITY]",
		.summary = "compare JSON reports: drift on one host, or a fleet view",
		.help = REPORT_HELP,
		.options = CLI_OPT_FORMAT | CLI_OPT_OUTPUT,
	},
	{
		.name = "rollback",
		.run = cli_rollback,
		.usage = "rollback [RUN-ID] [--dry-run] [--yes] [--force] [--no-restart]\n"
			 "[--restart-command CMD] [--restart-timeout SECONDS]",
		.summary = "undo a run of fix (default: the last one)",
		.help = "Restores every file the run changed, byte for byte with owner and mode,\n"
			"removes the files it created, restores attributes, and on a live host\n"
			"live sysctl values and the SELinux mode; then restarts dockerd if its\n"
			"configuration changed. A file changed after the run is not overwritten\n"
			"without --force. A run killed half-way can be rolled back too.\n",
		.options = CLI_OPT_DRY_RUN | CLI_OPT_YES | CLI_OPT_FORCE | CLI_OPT_RESTART,
	},
	{
		.name = "rules",
		.run = cli_rules,
		.usage = "rules [--baseline FILE|ID]",
		.summary = "list the rules of a baseline",
		.help = RULES_HELP,
		.options = CLI_OPT_BASELINE,
	},
	{
		.name = "tui",
		.run = cli_tui,
		.usage = "tui [--baseline FILE|ID] [--waivers FILE] [--docker-host URL] [--read-only]",
		.summary = "audit, then browse, preview and fix the rules interactively",
		.help = "Runs the audit of 'dockward audit', then shows its rules grouped by section:\n"
			"Enter opens a rule's detail (q or Esc goes back), Space marks, / searches,\n"
			"f and s filter by status and severity, c clears the filters, q quits (exit 0).\n"
			"d shows the fix of the marked rules (or the one under the cursor) as diffs;\n"
			"a lists what will change and y applies it as 'dockward fix --yes --only IDS'\n"
			"(journal, restart rules), then audits again; u rolls the last run back as\n"
			"'dockward rollback --yes'; r audits again. With --read-only, without root, or\n"
			"when the root is not writable, a and u are not offered.\n"
			"Needs a terminal; colours follow --no-color and NO_COLOR.\n",
		.options = CLI_OPT_BASELINE | CLI_OPT_WAIVERS | CLI_OPT_CONTAINERS | CLI_OPT_RESTART |
			   CLI_OPT_READ_ONLY,
	},
};

static const struct cli_command *command_find(const char *name)
{
	for (size_t i = 0; i < ELEMENTSOF(commands); i++)
		if (STREQ(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_usage(FILE *out)
{
	fprintf(out, "usage: dockward [OPTIONS] COMMAND [ARGS]\n\n"
		     "Audits a Docker host against a YAML baseline.\n\ncommands:\n");
	for (size_t i = 0; i < ELEMENTSOF(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	cli_print_options(out, 0);
	fprintf(out, "\n'dockward help COMMAND' shows the options of a command.\n");
}

static void print_command_help(FILE *out, const struct cli_command *cmd)
{
	/* A '\n' in a usage marks where it wraps: the rest lines up after "dockward ". */
	int indent = (int)(strlen("usage: dockward  ") + strlen(cmd->name));
	fputs("usage: dockward ", out);
	for (const char *p = cmd->usage; *p; p++)
		if (*p == '\n')
			fprintf(out, "\n%*s", indent, "");
		else
			fputc(*p, out);
	fprintf(out, "\n\n%c%s.\n", toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
	if (cmd->help)
		fprintf(out, "\n%s", cmd->help);
	cli_print_options(out, cmd->options);
}

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stdout);
		return EXIT_COMPLIANT;
	}
	if (argc > 2) {
		log_error("unexpected argument '%s'", argv[2]);
		cli_hint_help("help");
		return EXIT_BAD_INPUT;
	}
	const struct cli_command *cmd = command_find(argv[1]);
	if (!cmd) {
		log_error("unknown command '%s'", argv[1]);
		cli_hint_help(NULL);
		return EXIT_BAD_INPUT;
	}
	print_command_help(stdout, cmd);
	return EXIT_COMPLIANT;
}

static int run(int argc, char **argv)
{
	struct cli_args a;
	int r = cli_parse(argc, argv, &a);
	if (r)
		return r;
	if (a.version) {
		printf("dockward %s\n", DOCKWARD_VERSION);
		return EXIT_COMPLIANT;
	}
	if (a.n_operands == 0) {
		if (a.help) {
			print_usage(stdout);
			return EXIT_COMPLIANT;
		}
		print_usage(stderr);
		return EXIT_BAD_INPUT;
	}

	const struct cli_command *cmd = command_find(a.operands[0]);
	if (!cmd) {
		log_error("unknown command '%s'", a.operands[0]);
		cli_hint_help(NULL);
		return EXIT_BAD_INPUT;
	}
	if (a.help) {
		print_command_help(stdout, cmd);
		return EXIT_COMPLIANT;
	}
	if (a.seen & ~cmd->options) {
		log_error("option '--%s' does not apply to '%s'",
			  cli_option_name(&a, a.seen & ~cmd->options), cmd->name);
		cli_hint_help(cmd->name);
		return EXIT_BAD_INPUT;
	}
	/* dockward's settings fill what the command line left unset, for commands that take a
	 * baseline (audit, fix, rules, tui): the others have nothing to take from them. */
	if (cmd->options & CLI_OPT_BASELINE) {
		r = cli_load_config(cmd->options);
		if (r)
			return r;
	}
	return cmd->run(a.n_operands, a.operands);
}

int main(int argc, char **argv)
{
	int r = run(argc, argv);
	cli_config_release();
	/* Help, `rules` and `baseline check` print to stdout: a full disk must not look like
	 * success. */
	int err = fflush(stdout) != 0 ? errno : ferror(stdout) ? EIO : 0;
	if (err) {
		log_error_errno(-err, "cannot write to stdout: %m");
		if (r != EXIT_BAD_INPUT)
			r = EXIT_CANNOT_INSPECT;
	}
	return r;
}
