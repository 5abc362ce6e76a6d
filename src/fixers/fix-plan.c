/* fix-plan.c: plans one whole fix: which failing rules are selected, which fixer handles each,
 * and what the rules that no tool can fix need from a person. */
#include <string.h>

#include "fixer.h"

static void check_ids(const struct report *audit, char *const *ids, const char *option,
		      struct plan_builder *pb)
{
	for (size_t i = 0; ids && ids[i]; i++) {
		bool found = false;
		for (size_t j = 0; j < audit->n_results && !found; j++)
			found = STREQ(audit->results[j].rule->id, ids[i]);
		if (!found && audit->baseline && baseline_find_rule(audit->baseline, ids[i]))
			pb_error(pb, NULL, option, 0, 0, "rule '%s' is disabled in the baseline",
				 ids[i]);
		else if (!found)
			pb_error(pb, NULL, option, 0, 0, "no rule '%s' in the baseline", ids[i]);
	}
}

static const char *manual_text(const struct rule *r)
{
	return r->remediation ? r->remediation : "no automatic fix; see the rule's rationale";
}

static bool selected(const struct fix_selection *sel, const struct rule *r)
{
	if (sel && sel->only && !strv_contains(sel->only, r->id))
		return false;
	return !(sel && strv_contains(sel->skip, r->id));
}

/* A daemon configuration that does not parse stops the whole fix when a selected rule would
 * change the daemon's configuration: its rules are in error (not failing), so their fixers
 * would not run, and a fix that went on around a daemon that cannot start would hide that. */
static void refuse_invalid_daemon_config(const struct facts *f, const struct report *audit,
					 const struct fix_selection *sel, struct plan_builder *pb)
{
	const struct daemon_facts *d = &f->daemon;
	if (d->config.state != FACT_INVALID)
		return;
	for (size_t i = 0; i < audit->n_results; i++) {
		const struct rule *r = audit->results[i].rule;
		const struct fixer_kind *k = fixer_of_rule(r);
		if (!k || !k->plan || !k->daemon_config || !selected(sel, r))
			continue;
		const struct diag *e = &d->config_error;
		const char *file = e->file ? e->file : d->config.source;
		_cleanup_free_ char *full = file && file[0] == '/' ? host_full_path(pb_host(pb), file)
								   : xstrdup_or_null(file);
		pb_error(pb, NULL, full, e->line, e->col,
			 "%s; dockward does not write a daemon configuration it cannot read: "
			 "correct it (or --skip the daemon rules) and run fix again",
			 e->message ? e->message : "the daemon configuration does not parse");
		return;
	}
}

void fix_plan(const struct host *h, const struct facts *f, const struct report *audit,
	      const struct fix_selection *sel, bool live, struct plan *ret)
{
	_cleanup_(plan_builder_freep) struct plan_builder *pb =
		plan_builder_new(h, f, &(struct plan_builder_options){.live = live});
	check_ids(audit, sel ? sel->only : NULL, "--only", pb);
	check_ids(audit, sel ? sel->skip : NULL, "--skip", pb);
	refuse_invalid_daemon_config(f, audit, sel, pb);

	for (size_t i = 0; i < audit->n_results; i++) {
		const struct result *res = &audit->results[i];
		const struct rule *r = res->rule;
		if (!selected(sel, r))
			continue;
		if (res->status != STATUS_FAIL) {
			if (sel && sel->only) /* asked for by name: say why nothing happens */
				pb_note(pb, r, NOTE_SKIPPED, "nothing to fix: the rule is %s",
					status_to_string(res->status));
			continue;
		}
		const struct fixer_kind *k = fixer_of_rule(r);
		if (!k || !k->plan) {
			pb_note(pb, r, NOTE_MANUAL, "%s", manual_text(r));
			continue;
		}
		k->plan(r, res, pb);
	}
	plan_builder_finish(pb, ret);
}
