/* cli-apply.c: the steps after "yes" that `dockward fix`, `dockward rollback` and the TUI's
 * apply and undo keys share: the journaled apply, the restart of dockerd when its configuration
 * changed (with the rollback when dockerd does not come back), and the rollback of a run.
 *
 * One place, so that the TUI cannot drift from the CLI: a run applied from the TUI is the run
 * `dockward fix --yes --only IDS` would make, journal and restart rules included. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "cli.h"
#include "plan.h"
#include "report.h"

/* Whether run id changed dockerd's configuration: the journal knows (changes already in
 * effect were neither journaled nor made); the plan when the journal cannot be read. */
static bool run_restarts(const struct host *h, const char *id, const struct plan *p)
{
	struct run_record run;
	if (journal_load(h, id, &run) < 0)
		return p->restart;
	bool restart = run.restart;
	run_record_release(&run);
	return restart;
}

int cli_apply(const struct host *h, const struct plan *p, int64_t now, FILE *text, char **ret_id,
	      bool *ret_waiting, bool *ret_restarted)
{
	*ret_id = NULL;
	*ret_waiting = false;
	if (ret_restarted)
		*ret_restarted = false;
	_cleanup_free_ char *user = cli_user();
	struct apply_options ao = {.live = h->live, .now = now, .user = user};
	_cleanup_free_ char *id = NULL, *err = NULL;
	int r = apply_plan(h, p, &ao, &id, &err);
	if (r < 0) {
		log_error("%s", err ? err : "applying the plan failed");
		if (!id)
			log_error("nothing was changed");
		else if (!err || !strstr(err, "rollback failed"))
			log_error("every change of this run was undone (run %s)", id);
		return EXIT_CANNOT_INSPECT;
	}
	if (!id)
		return 0;
	if (text)
		fprintf(text, "\nApplied: run %s (undo with: dockward rollback %s).\n", id, id);

	bool restart = run_restarts(h, id, p);
	r = cli_restart(h, restart);
	if (r < 0) {
		_cleanup_free_ char *rerr = NULL;
		bool rs = false;
		int k = rollback_run(h, id, &(struct rollback_options){.live = h->live}, &rs, &rerr);
		if (k < 0) {
			log_error("rolling back run %s failed too: %s", id, rerr ? rerr : "?");
			log_error("the host has the new configuration and dockerd is not answering: "
				  "see 'dockward history' and restore by hand");
		} else {
			log_error("run %s rolled back: the previous configuration is restored", id);
			if (cli_restart(h, true) < 0)
				log_error("dockerd did not come back with the previous configuration either");
			else
				log_error("dockerd is running with the previous configuration");
		}
		return EXIT_CANNOT_INSPECT;
	}
	*ret_waiting = restart && r == 0;
	if (ret_restarted)
		*ret_restarted = r > 0;
	*ret_id = TAKE_PTR(id);
	return 0;
}

void cli_mark_waiting(struct report *rep, const struct plan *p)
{
	for (size_t i = 0; i < rep->n_results; i++) {
		struct result *res = &rep->results[i];
		if (!strv_contains(p->restart_rules, res->rule->id))
			continue;
		res->restart_required = true;
		if (res->status == STATUS_PASS) {
			res->status = STATUS_FAIL;
			result_add_evidence(res, "dockerd", 0, 0,
					    "the configuration holds in its files, but dockerd was "
					    "not restarted");
		}
	}
	report_summarize(rep);
}

int cli_rollback_run(const struct host *h, const char *id, bool force, FILE *out)
{
	bool restart = false;
	_cleanup_free_ char *err = NULL;
	int r = rollback_run(h, id, &(struct rollback_options){.live = h->live, .force = force},
			     &restart, &err);
	if (r == -EALREADY || r == -ESTALE) {
		log_error("%s", err ? err : "cannot roll back");
		return EXIT_BAD_INPUT;
	}
	if (r < 0) {
		log_error("%s", err ? err : "rollback failed");
		return EXIT_CANNOT_INSPECT;
	}
	if (out)
		fprintf(out, "Run %s rolled back.\n", id);
	if (cli_restart(h, restart) < 0)
		return EXIT_CANNOT_INSPECT;
	return 0;
}
