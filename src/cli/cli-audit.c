/* cli-audit.c: `dockward audit`: baseline and waivers in, report out, exit code per DESIGN.
 *
 * The order matters:
 *   1. the baseline, then the waivers, then the HTML template: every problem printed, exit 2,
 *      nothing opened yet;
 *   2. the host root (exit 2 when it is not there);
 *   3. the report file (-o): the only file an audit writes, opened before the sandbox and
 *      written in place at the end (no O_TRUNC at open: an audit that fails leaves the previous
 *      report as it was), then fsync'ed;
 *   4. the sandbox (cli-landlock.c): from here on the process cannot write to the filesystem;
 *   5. the audit, rendered into memory, then written out in one go; for HTML, with the fix
 *      plan that `dockward fix --dry-run` would print (fixers only read: the plan is data);
 *   6. the exit code from the report (report_exit_status()).
 * With --save (cli-save.c) there is no -o: the report directory is opened in step 3, the sandbox
 * lets regular files beneath it be written, and step 5 renders both JSON and HTML. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

int cli_audit(int argc, char **argv)
{
	if (argc > 1) {
		log_error("unexpected argument '%s'", argv[1]);
		cli_hint_help("audit");
		return EXIT_BAD_INPUT;
	}
	int64_t now;
	bool fixed_clock;
	int r = cli_clock(&now, &fixed_clock);
	if (r)
		return r;
	const struct renderer *renderer = renderer_find(arg_format);
	if (!renderer) /* cli_parse() checked it */
		return EXIT_BAD_INPUT;

	_cleanup_(baseline_freep) struct baseline *b = NULL;
	r = cli_load_baseline(&b);
	if (r)
		return r;

	_cleanup_(waivers_releasep) struct waivers waivers = {0};
	r = cli_load_waivers(b, &waivers);
	if (r)
		return r;

	if (arg_save && (arg_output || !STREQ(arg_format, "text"))) {
		log_error("--save writes JSON and HTML reports itself: it takes no %s",
			  arg_output ? "-o" : "--format");
		return EXIT_BAD_INPUT;
	}
	bool html = STREQ(renderer->name, "html") || arg_save;
	if (arg_template && !html) {
		log_error("--template applies to --format html (and --save) only");
		return EXIT_BAD_INPUT;
	}
	_cleanup_(cli_template_release) struct cli_template tmpl = {0};
	if (html && (r = cli_load_template(&tmpl)))
		return r;

	_cleanup_(host_closep) struct host h = {.root_fd = -1};
	r = host_open(&h, arg_root);
	if (r < 0) {
		log_error_errno(r, "cannot open root '%s': %m", arg_root);
		return r == -ENOENT || r == -ENOTDIR ? EXIT_BAD_INPUT : EXIT_CANNOT_INSPECT;
	}
	log_info("root '%s'%s", h.root, h.live ? " (the running system)" : "");
	_cleanup_(engine_endpoint_release) struct engine_endpoint ep = {0};
	struct engine_options eo;
	r = cli_engine_options(&h, &ep, &eo);
	if (r)
		return r;

	_cleanup_(closep) int out_fd = -1;
	if (arg_output) {
		out_fd = open(arg_output, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
		if (out_fd < 0) {
			log_error_errno(-errno, "cannot open '%s' for the report: %m", arg_output);
			return EXIT_CANNOT_INSPECT;
		}
	}
	_cleanup_(cli_save_close) struct cli_save save = {.dirfd = -1};
	if (arg_save && (r = cli_save_open(&save)))
		return r;
	int fd = out_fd >= 0 ? out_fd : STDOUT_FILENO;
	unsigned flags = (arg_quiet ? RENDER_QUIET : 0) | (arg_verbose ? RENDER_VERBOSE : 0) |
			 (cli_use_color(fd) ? RENDER_COLOR : 0);

	r = cli_sandbox_except(save.dirfd);
	if (r)
		return r;

	struct audit_options opts = {
		.waivers = arg_waivers ? &waivers : NULL,
		.now = now,
		.tool_version = DOCKWARD_VERSION,
		.engine = &eo,
	};
	struct facts facts;
	struct report report;
	r = audit_run(&h, b, &opts, &facts, &report);
	if (r < 0) {
		log_error_errno(r, "audit of '%s' failed: %m", h.root);
		report_release(&report);
		facts_release(&facts);
		return EXIT_CANNOT_INSPECT;
	}
	if (fixed_clock)
		report.duration_ms = 0; /* reproducible: same host, same report */
	log_info("audit took %.1f ms", report.duration_ms);

	struct plan plan;
	plan_init(&plan);
	if (html) { /* fix_plan() initialises the plan itself */
		fix_plan(&h, &facts, &report, &(struct fix_selection){0}, h.live, &plan);
		report.plan = &plan;
	}

	char *buf = NULL;
	size_t len = 0;
	_cleanup_free_ char *render_error = NULL;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		abort(); /* out of memory: see util.h */
	if (html)
		r = report_render_html(&report, tmpl.t, mem, &render_error);
	else
		r = renderer->render(&report, flags, mem);
	if (fclose(mem) != 0 && r >= 0)
		r = -errno;
	char *json = NULL;
	size_t json_len = 0;
	if (arg_save && r >= 0) {
		FILE *jm = open_memstream(&json, &json_len);
		if (!jm)
			abort();
		r = renderer_find("json")->render(&report, 0, jm);
		if (fclose(jm) != 0 && r >= 0)
			r = -errno;
	}
	if (arg_save && r >= 0) {
		r = cli_save_write(&save, &report, json, json_len, buf, len);
		free(json);
		free(buf);
		int st = report_exit_status(&report, arg_fail_on);
		report_release(&report);
		plan_release(&plan);
		facts_release(&facts);
		return r ? r : st;
	}
	free(json);
	int status = report_exit_status(&report, arg_fail_on);
	report_release(&report);
	plan_release(&plan);
	facts_release(&facts);
	if (r < 0) {
		free(buf);
		if (render_error)
			log_error("cannot render the %s report: %s", renderer->name, render_error);
		else
			log_error_errno(r, "cannot render the %s report: %m", renderer->name);
		return r == -EINVAL && arg_template ? EXIT_BAD_INPUT : EXIT_CANNOT_INSPECT;
	}

	r = cli_write_report(fd, buf, len);
	free(buf);
	if (out_fd >= 0) {
		int fd_copy = out_fd;
		out_fd = -1;
		if (close(fd_copy) < 0 && r >= 0)
			r = -errno;
	}
	if (r < 0) {
		log_error_errno(r, "cannot write the report to '%s': %m",
				arg_output ? arg_output : "stdout");
		return EXIT_CANNOT_INSPECT;
	}
	return status;
}
