/* cli-report.c: `dockward report diff OLD NEW` and `dockward report merge REPORT...`: JSON
 * reports (dockward-report/1) read back and compared, without touching any host.
 *
 *   diff   drift between two audits of one host; exit 1 when a rule fails now that did not
 *          before (at or above --fail-on), so that CI can gate on it;
 *   merge  a fleet view of many hosts' reports; exit 0.
 *
 * As in `audit`: the output file (-o) is opened first and written in place at the end (no
 * O_TRUNC: a command that fails leaves the previous output as it was), then the sandbox denies
 * every write, then the reports are read. merge reads them ahead on a worker thread per CPU
 * and takes them in the order given (report-reader.c), a few at a time, so a thousand reports
 * cost the memory of a few. --root is accepted (it is a common option) and means nothing here:
 * the reports name their hosts. Bad input is exit 2, with every problem printed as
 * FILE:LINE:COL: message or FILE: message, in the order of the files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "report-compare.h"
#include "report.h"
#include "version.h"

static void report_file_releasep(struct report_file *r)
{
	report_file_release(r);
}

static void report_diff_releasep(struct report_diff *d)
{
	report_diff_release(d);
}

static void fleet_releasep(struct fleet *f)
{
	fleet_release(f);
}

/* The output: opened before the sandbox, written at the end. */
struct output {
	int fd; /* -1: stdout */
	unsigned flags; /* enum render_flags */
};

static void output_closep(struct output *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

static int output_open(struct output *o)
{
	if (arg_output) {
		o->fd = open(arg_output, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
		if (o->fd < 0) {
			log_error_errno(-errno, "cannot open '%s' for the output: %m", arg_output);
			return EXIT_CANNOT_INSPECT;
		}
	}
	int fd = o->fd >= 0 ? o->fd : STDOUT_FILENO;
	o->flags = (arg_quiet ? RENDER_QUIET : 0) | (arg_verbose ? RENDER_VERBOSE : 0) |
		   (cli_use_color(fd) && STREQ(arg_format, "text") ? RENDER_COLOR : 0);
	return cli_sandbox();
}

/* Writes buf; for a regular file also cuts what an earlier, longer output left and syncs it. */
static int output_write(struct output *o, const char *buf, size_t len)
{
	int fd = o->fd >= 0 ? o->fd : STDOUT_FILENO;
	int r = cli_write_report(fd, buf, len);
	if (o->fd >= 0) {
		int copy = o->fd;
		o->fd = -1;
		if (close(copy) < 0 && r >= 0)
			r = -errno;
	}
	if (r < 0) {
		log_error_errno(r, "cannot write the output to '%s': %m",
				arg_output ? arg_output : "stdout");
		return EXIT_CANNOT_INSPECT;
	}
	return 0;
}

/* Renders through fn into memory, then writes it out in one go. */
typedef int (*render_fn)(const void *model, unsigned flags, FILE *out);

static int render_and_write(struct output *o, render_fn fn, const void *model)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		abort(); /* out of memory: see util.h */
	int r = fn(model, o->flags, mem);
	if (fclose(mem) != 0 && r >= 0)
		r = -errno;
	if (r < 0) {
		free(buf);
		log_error_errno(r, "cannot render the %s output: %m", arg_format);
		return EXIT_CANNOT_INSPECT;
	}
	r = output_write(o, buf, len);
	free(buf);
	return r;
}

static int load(const char *path, unsigned flags, struct report_file *ret)
{
	struct diags diags = {0};
	int r = report_file_load(path, flags, ret, &diags);
	cli_print_diags(&diags);
	diags_release(&diags);
	return r < 0 ? cli_load_exit(r) : 0;
}

static int check_format(const char *command)
{
	if (STREQ(arg_format, "text") || STREQ(arg_format, "json") || STREQ(arg_format, "html"))
		return 0;
	log_error("format '%s' is not available for 'report %s': expected text, json or html",
		  arg_format, command);
	return EXIT_BAD_INPUT;
}

/* The built-in templates are part of the binary: one that does not render is a bug, said
 * once here (exit 3). */
static int html_failed(int r, char *error)
{
	log_error("the built-in template failed: %s", error ? error : "?");
	free(error);
	return r;
}

/* ---- diff ---- */

static int render_diff(const void *model, unsigned flags, FILE *out)
{
	const struct report_diff *d = model;
	if (STREQ(arg_format, "html")) {
		char *error = NULL;
		int r = report_diff_render_html(d, DOCKWARD_VERSION, out, &error);
		return r < 0 ? html_failed(r, error) : r;
	}
	if (STREQ(arg_format, "json"))
		return report_diff_render_json(d, DOCKWARD_VERSION, out);
	return report_diff_render_text(d, flags, out);
}

static int report_diff(int argc, char **argv)
{
	if (argc != 4) {
		if (argc < 4)
			log_error("'report diff' needs two reports: OLD.json NEW.json");
		else
			log_error("unexpected argument '%s'", argv[4]);
		cli_hint_help("report");
		return EXIT_BAD_INPUT;
	}
	int r = check_format("diff");
	if (r)
		return r;
	_cleanup_(output_closep) struct output o = {.fd = -1};
	r = output_open(&o);
	if (r)
		return r;

	_cleanup_(report_file_releasep) struct report_file old = {0}, new = {0};
	int r_old = load(argv[2], 0, &old);
	int r_new = load(argv[3], 0, &new);
	if (r_old || r_new)
		return r_old > r_new ? r_old : r_new;

	_cleanup_(report_diff_releasep) struct report_diff d = {0};
	report_diff_compute(&old, &new, &d);
	size_t failing = report_diff_new_failures(&d, arg_fail_on);
	log_info("%zu new failures at or above %s", failing, severity_to_string(arg_fail_on));

	r = render_and_write(&o, render_diff, &d);
	if (r)
		return r;
	return failing ? EXIT_RULES_FAILING : EXIT_COMPLIANT;
}

/* ---- merge ---- */

static int render_fleet(const void *model, unsigned flags, FILE *out)
{
	const struct fleet *f = model;
	if (STREQ(arg_format, "html")) {
		char *error = NULL;
		int r = fleet_render_html(f, DOCKWARD_VERSION, out, &error);
		return r < 0 ? html_failed(r, error) : r;
	}
	if (STREQ(arg_format, "json"))
		return fleet_render_json(f, DOCKWARD_VERSION, out);
	return fleet_render_text(f, flags, out);
}

static int report_merge(int argc, char **argv)
{
	if (argc < 3) {
		log_error("'report merge' needs at least one report");
		cli_hint_help("report");
		return EXIT_BAD_INPUT;
	}
	int r = check_format("merge");
	if (r)
		return r;
	_cleanup_(output_closep) struct output o = {.fd = -1};
	r = output_open(&o);
	if (r)
		return r;

	/* Every file is read, so that every bad one is reported in one run; reading is done
	 * ahead on worker threads (parsing is most of the time), in the order given. */
	_cleanup_(fleet_releasep) struct fleet f;
	fleet_init(&f);
	_cleanup_(report_reader_freep) struct report_reader *rd =
		report_reader_new(argv + 2, (size_t)argc - 2, REPORT_LOAD_BRIEF, 0);
	int status = 0;
	for (;;) {
		struct report_file rep;
		struct diags diags = {0};
		r = report_reader_next(rd, &rep, &diags);
		if (r == 0)
			break;
		if (r > 0 && status == 0 && fleet_add(&f, &rep, &diags) < 0)
			status = EXIT_BAD_INPUT;
		cli_print_diags(&diags);
		diags_release(&diags);
		if (r < 0) {
			int code = cli_load_exit(r);
			status = code > status ? code : status;
		} else {
			report_file_release(&rep);
		}
	}
	if (status)
		return status;
	fleet_finish(&f);
	log_info("merged %zu reports: %zu rules", f.n_hosts, f.n_rules);

	r = render_and_write(&o, render_fleet, &f);
	return r ? r : EXIT_COMPLIANT;
}

int cli_report(int argc, char **argv)
{
	if (argc < 2) {
		log_error("'report' needs a subcommand: diff or merge");
		cli_hint_help("report");
		return EXIT_BAD_INPUT;
	}
	if (STREQ(argv[1], "diff"))
		return report_diff(argc, argv);
	if (STREQ(argv[1], "merge"))
		return report_merge(argc, argv);
	log_error("unknown subcommand 'report %s': expected diff or merge", argv[1]);
	cli_hint_help("report");
	return EXIT_BAD_INPUT;
}
