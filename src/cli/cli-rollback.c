/* cli-rollback.c: `dockward rollback [RUN-ID]`: restores what a run of `fix` changed (default:
 * the newest run not rolled back yet), byte for byte with owner and mode, removes the files it
 * created, reverses live settings on a live host, and restarts dockerd when its configuration
 * changed. Files changed by someone else after the run are not overwritten without --force. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "apply.h"
#include "cli.h"

static void host_closep(struct host *h)
{
	host_close(h);
}

int cli_rollback(int argc, char **argv)
{
	if (argc > 2) {
		log_error("unexpected argument '%s'", argv[2]);
		cli_hint_help("rollback");
		return EXIT_BAD_INPUT;
	}
	_cleanup_(host_closep) struct host h = {.root_fd = -1};
	int r = cli_open_host(&h);
	if (r)
		return r;
	_cleanup_free_ char *id = NULL;
	if (argc == 2) {
		id = xstrdup(argv[1]);
	} else {
		r = journal_last_id(&h, &id);
		if (r == -ENOENT) {
			log_error("no run to roll back under '%s'", h.root);
			return EXIT_BAD_INPUT;
		}
		if (r < 0) {
			log_error_errno(r, "cannot read the journal: %m");
			return EXIT_CANNOT_INSPECT;
		}
	}
	struct run_record run;
	r = journal_load(&h, id, &run);
	if (r == -ENOENT) {
		log_error("no run '%s' in the journal (see 'dockward history')", id);
		return EXIT_BAD_INPUT;
	}
	if (r < 0) {
		log_error_errno(r, "cannot load run '%s': %m", id);
		return EXIT_CANNOT_INSPECT;
	}
	printf("Rolling back run %s (%s, %zu change%s):\n", run.id, run_state_to_string(run.state),
	       run.n_entries, run.n_entries == 1 ? "" : "s");
	for (size_t i = run.n_entries; i-- > 0;)
		printf("  undo: %s\n", run.entries[i].summary ? run.entries[i].summary
							      : run.entries[i].path);
	run_record_release(&run);
	if (arg_dry_run) {
		printf("Dry run: nothing was changed.\n");
		return 0;
	}
	fflush(stdout);
	if (!cli_confirm("Roll back these changes?"))
		return arg_yes || !isatty(0) ? EXIT_BAD_INPUT : 0;

	return cli_rollback_run(&h, id, arg_force, stdout);
}
