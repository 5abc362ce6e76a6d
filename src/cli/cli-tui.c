/* cli-tui.c: `dockward tui`: the audit of `dockward audit` (same baseline, waivers, root and
 * engine), then the interactive view of its report (src/tui/).
 *
 * The audit runs before the terminal is taken over, so that a bad baseline or root is printed
 * as it is for `audit` (exit 2 or 3). The TUI only reads the report; it exits 0 when the user
 * quits, whatever the verdicts: the verdicts are the audit's exit code, not the viewer's. */
#include <errno.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "engine.h"
#include "tui.h"
#include "version.h"

static void waivers_releasep(struct waivers *w)
{
	waivers_release(w);
}

static void host_closep(struct host *h)
{
	host_close(h);
}

int cli_tui(int argc, char **argv)
{
	if (argc > 1) {
		log_error("unexpected argument '%s'", argv[1]);
		cli_hint_help("tui");
		return EXIT_BAD_INPUT;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		log_error("tui needs a terminal ('dockward audit' is the same audit without one)");
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
	if (arg_waivers) {
		struct diags diags = {0};
		r = waivers_load(arg_waivers, b, &diags, &waivers);
		cli_print_diags(&diags);
		if (r < 0 && diags.n == 0)
			log_error_errno(r, "cannot load waivers '%s': %m", arg_waivers);
		diags_release(&diags);
		if (r < 0)
			return cli_load_exit(r);
	}
	_cleanup_(host_closep) struct host h = {.root_fd = -1};
	r = cli_open_host(&h);
	if (r)
		return r;
	_cleanup_(engine_endpoint_release) struct engine_endpoint ep = {0};
	struct engine_options eo;
	r = cli_engine_options(&h, &ep, &eo);
	if (r)
		return r;

	r = cli_sandbox(); /* the TUI only reads, for now: no preview writes, no apply */
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
	r = tui_run(&report, cli_use_color(STDOUT_FILENO) ? TUI_RUN_COLOR : 0);
	report_release(&report);
	facts_release(&facts);
	if (r < 0)
		return log_error_errno(r, "cannot set up the terminal: %m"), EXIT_CANNOT_INSPECT;
	return EXIT_COMPLIANT;
}
