/* cli-history.c: `dockward history`: the runs of `fix` recorded in the journal under the root,
 * oldest first: id, time, user, state, and what changed. cli_history_list() writes the listing,
 * for the command and for the TUI's history screen (h). */
#include <errno.h>
#include <stdio.h>

#include "apply.h"
#include "cli.h"
#include "report.h"

static void host_closep(struct host *h)
{
	host_close(h);
}

static void print_run(const struct run_record *run, bool verbose, FILE *out)
{
	char when[32];
	format_iso8601(run->started, when);
	size_t files = 0, attrs = 0, live = 0;
	for (size_t i = 0; i < run->n_entries; i++) {
		enum change_kind k = run->entries[i].kind;
		files += k == CHANGE_FILE;
		attrs += k == CHANGE_ATTR;
		live += k == CHANGE_SYSCTL || k == CHANGE_SELINUX || k == CHANGE_COMMAND;
	}
	struct strbuf sb = STRBUF_INIT;
	text_escape(&sb, run->user ? run->user : "?");
	_cleanup_free_ char *user = text_fit(sb.buf ? sb.buf : "", 16);
	strbuf_release(&sb);
	fprintf(out, "%-26s %-20s %-16s %-11s %zu file%s, %zu owner/mode, %zu live%s\n", run->id,
		when, user, run_state_to_string(run->state), files, files == 1 ? "" : "s", attrs,
		live, run->restart ? ", dockerd config" : "");
	if (verbose) {
		for (size_t i = 0; i < run->n_entries; i++) {
			struct strbuf l = STRBUF_INIT;
			text_escape(&l, run->entries[i].summary ? run->entries[i].summary
								: run->entries[i].path);
			fprintf(out, "    %s\n", l.buf ? l.buf : "");
			strbuf_release(&l);
		}
		if (run->note) {
			struct strbuf l = STRBUF_INIT;
			text_escape(&l, run->note);
			fprintf(out, "    note: %s\n", l.buf);
			strbuf_release(&l);
		}
	}
}

int cli_history_list(const struct host *h, bool verbose, FILE *out)
{
	struct run_record *runs = NULL;
	size_t n = 0;
	int r = journal_list(h, &runs, &n);
	if (r < 0)
		return r;
	if (n == 0)
		fprintf(out, "No runs recorded under %s%s.\n", STREQ(h->root, "/") ? "" : h->root,
			JOURNAL_DIR);
	else
		fprintf(out, "%-26s %-20s %-16s %-11s %s\n", "RUN", "STARTED", "USER", "STATE",
			"CHANGES");
	for (size_t i = 0; i < n; i++) {
		print_run(&runs[i], verbose, out);
		run_record_release(&runs[i]);
	}
	free(runs);
	return 0;
}

int cli_history(int argc, char **argv)
{
	if (argc > 1) {
		log_error("unexpected argument '%s'", argv[1]);
		cli_hint_help("history");
		return EXIT_BAD_INPUT;
	}
	_cleanup_(host_closep) struct host h = {.root_fd = -1};
	int r = cli_open_host(&h);
	if (r)
		return r;
	r = cli_history_list(&h, arg_verbose, stdout);
	if (r < 0) {
		log_error_errno(r, "cannot read the journal under '%s': %m", h.root);
		return EXIT_CANNOT_INSPECT;
	}
	return 0;
}
