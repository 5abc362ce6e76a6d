/* cli-fix.c: `dockward fix`: audit, plan, show, confirm, apply with a journal, restart dockerd,
 * audit again.
 *
 * The order is what keeps a production host safe:
 *   1. baseline, waivers, root: bad input is exit 2 before anything is read from the host;
 *   2. a read-only audit, then the plan (fixers are pure); a plan with errors (a daemon.json
 *      that does not parse ...) is printed with file:line:col and nothing happens: exit 2;
 *   3. the plan is shown (diffs and actions); --dry-run stops here;
 *   4. confirmation on a terminal, or --yes; without either nothing happens (exit 2);
 *   5. apply (src/apply/): journal first, then each change; a failure rolls the run back: exit 3;
 *   6. when dockerd's configuration changed: restart it (init system, or --restart-command),
 *      wait for the API; if it does not come back, roll the run back, restart again: exit 3;
 *   7. a second audit gives the exit code; rules that wait for a restart that did not happen
 *      (--no-restart, no way to restart) stay failing with fix.restart_required. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "audit.h"
#include "cli.h"
#include "engine.h"
#include "fixer.h"
#include "report.h"
#include "version.h"

static void host_closep(struct host *h)
{
	host_close(h);
}

static struct restart_options restart_options(const struct host *h)
{
	return (struct restart_options){
		.live = h->live,
		.command = arg_restart_command,
		.docker_host = arg_docker_host,
		.timeout_ms = arg_restart_timeout * 1000,
	};
}

/* Restarts dockerd when the configuration changed. 1 when it was restarted, 0 when it was
 * left alone (said why), -errno when the restart failed (said why). */
int cli_restart(const struct host *h, bool needed)
{
	if (!needed)
		return 0;
	if (arg_no_restart) {
		log_error("dockerd not restarted (--no-restart): the new configuration counts from its "
			  "next start");
		return 0;
	}
	struct restart_options ro = restart_options(h);
	_cleanup_free_ char *why = NULL;
	_cleanup_free_ char *method = restart_method(h, &ro, &why);
	if (!method) {
		log_error("dockerd not restarted: %s", why ? why : "no way to restart it");
		return 0;
	}
	log_info("restarting dockerd: %s", method);
	_cleanup_free_ char *err = NULL;
	int r = restart_docker(h, &ro, &err);
	if (r < 0) {
		log_error("restarting dockerd failed: %s", err ? err : "unknown error");
		return r;
	}
	return 1;
}

static const struct engine_options *fix_engine; /* set by cli_fix() */

static int audit(const struct host *h, const struct baseline *b, const struct waivers *w,
		 int64_t now, struct facts *facts, struct report *report)
{
	struct audit_options opts = {.waivers = w,
				     .now = now,
				     .tool_version = DOCKWARD_VERSION,
				     .engine = fix_engine};
	int r = audit_run(h, b, &opts, facts, report);
	if (r < 0) {
		log_error_errno(r, "audit of '%s' failed: %m", h->root);
		return EXIT_CANNOT_INSPECT;
	}
	return 0;
}

/* Writes the report in --format (JSON: with fix_run, what this run changed) to -o or stdout; the
 * text format goes to stdout only with -o (the plan and the summary are the text output). */
static int write_report(struct report *rep, const struct fix_run *fr)
{
	const struct renderer *renderer = renderer_find(arg_format);
	if (STREQ(renderer->name, "text") && !arg_output)
		return 0;
	FILE *out = stdout;
	FILE *file = NULL;
	if (arg_output) {
		file = fopen(arg_output, "we");
		if (!file) {
			log_error_errno(-errno, "cannot open '%s' for the report: %m", arg_output);
			return EXIT_CANNOT_INSPECT;
		}
		out = file;
	}
	rep->fix_run = fr;
	int r = renderer->render(rep, cli_use_color(fileno(out)) ? RENDER_COLOR : 0, out);
	rep->fix_run = NULL;
	if (file && fclose(file) != 0 && r >= 0)
		r = -errno;
	if (r < 0) {
		log_error_errno(r, "cannot write the report: %m");
		return EXIT_CANNOT_INSPECT;
	}
	return 0;
}

static int finish(struct report *rep, const struct fix_run *fr, FILE *text_out)
{
	int r = write_report(rep, fr);
	if (r)
		return r;
	fprintf(text_out,
		"\nAfter fix: %zu pass, %zu fail, %zu error, %zu not applicable, %zu waived, "
		"%zu manual.\n",
		rep->summary[STATUS_PASS], rep->summary[STATUS_FAIL], rep->summary[STATUS_ERROR],
		rep->summary[STATUS_NOT_APPLICABLE], rep->summary[STATUS_WAIVED],
		rep->summary[STATUS_MANUAL]);
	return report_exit_status(rep, arg_fail_on);
}

int cli_fix(int argc, char **argv)
{
	if (argc > 1) {
		log_error("unexpected argument '%s'", argv[1]);
		cli_hint_help("fix");
		return EXIT_BAD_INPUT;
	}
	/* text for people, JSON (with fix_run) for programs; the audit writes the other formats */
	if (!STREQ(arg_format, "text") && !STREQ(arg_format, "json")) {
		log_error("fix writes --format text or json, not '%s' (use 'dockward audit --format %s' "
			  "after the fix)", arg_format, arg_format);
		return EXIT_BAD_INPUT;
	}
	int64_t now;
	bool fixed_clock;
	int r = cli_clock(&now, &fixed_clock);
	if (r)
		return r;
	_cleanup_(baseline_freep) struct baseline *b = NULL;
	r = cli_load_baseline(&b);
	if (r)
		return r;
	_cleanup_(waivers_releasep) struct waivers waivers = {0};
	if ((r = cli_load_waivers(b, &waivers)))
		return r;
	_cleanup_(host_closep) struct host h = {.root_fd = -1};
	if ((r = cli_open_host(&h)))
		return r;
	_cleanup_(engine_endpoint_release) struct engine_endpoint ep = {0};
	struct engine_options eo;
	if ((r = cli_engine_options(&h, &ep, &eo)))
		return r;
	fix_engine = &eo;
	const struct waivers *w = arg_waivers ? &waivers : NULL;
	/* text goes to stdout unless stdout carries a JSON report */
	FILE *text = STREQ(arg_format, "text") || arg_output ? stdout : stderr;

	struct facts facts;
	struct report rep;
	r = audit(&h, b, w, now, &facts, &rep);
	if (r) {
		report_release(&rep);
		facts_release(&facts);
		return r;
	}
	struct plan plan;
	struct fix_selection sel = {.only = arg_only, .skip = arg_skip};
	fix_plan(&h, &facts, &rep, &sel, h.live, &plan);
	facts_release(&facts);
	if (plan.errors.n > 0) {
		cli_print_diags(&plan.errors);
		log_error("nothing was changed");
		plan_release(&plan);
		report_release(&rep);
		return EXIT_BAD_INPUT;
	}
	if (!arg_quiet)
		plan_render_text(&plan, cli_use_color(fileno(text)) ? RENDER_COLOR : 0, text);
	if (!h.live && !arg_quiet && !plan_is_empty(&plan))
		fprintf(text, "\n--root %s: files only; nothing live is touched (no sysctl writes, "
			      "no setenforce, no commands)%s.\n",
			h.root, arg_restart_command ? "" : ", and dockerd is not restarted");

	if (arg_dry_run || plan_is_empty(&plan)) {
		/* the report of the audit before, with what would change */
		struct fix_run fr = {.dry_run = arg_dry_run, .plan = &plan};
		int status = write_report(&rep, &fr);
		if (!status)
			status = report_exit_status(&rep, arg_fail_on);
		if (arg_dry_run && !plan_is_empty(&plan))
			fprintf(text, "\nDry run: nothing was changed.\n");
		plan_release(&plan);
		report_release(&rep);
		return status;
	}
	fflush(text);
	if (!cli_confirm("Apply these changes?")) {
		plan_release(&plan);
		report_release(&rep);
		if (arg_yes || !isatty(STDIN_FILENO))
			return EXIT_BAD_INPUT;
		fprintf(text, "Nothing was changed.\n");
		return EXIT_RULES_FAILING;
	}
	report_release(&rep);

	/* journal, apply, restart when this run changed dockerd's configuration (cli-apply.c) */
	_cleanup_free_ char *id = NULL;
	bool waiting = false, restarted = false;
	r = cli_apply(&h, &plan, now, text, &id, &waiting, &restarted);
	if (r) {
		plan_release(&plan);
		return r;
	}

	struct report after;
	r = audit(&h, b, w, now, &facts, &after);
	facts_release(&facts);
	if (r) {
		report_release(&after);
		plan_release(&plan);
		return r;
	}
	if (waiting)
		cli_mark_waiting(&after, &plan);
	struct fix_run fr = {
		.changed = id != NULL,
		.restarted = restarted,
		.run_id = id,
		.plan = &plan,
	};
	int status = finish(&after, &fr, text);
	report_release(&after);
	plan_release(&plan);
	return status;
}
