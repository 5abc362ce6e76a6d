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

void fix_plan(const struct host *h, const struct facts *f, const struct report *audit,
	      const struct fix_selection *sel, bool live, struct plan *ret)
{
	_cleanup_(plan_builder_freep) struct plan_builder *pb =
		plan_builder_new(h, f, &(struct plan_builder_options){.live = live});
	check_ids(audit, sel ? sel->only : NULL, "--only", pb);
	check_ids(audit, sel ? sel->skip : NULL, "--skip", pb);

	for (size_t i = 0; i < audit->n_results; i++) {
		const struct result *res = &audit->results[i];
		const struct rule *r = res->rule;
		if (sel && sel->only && !strv_contains(sel->only, r->id))
			continue;
		if (sel && strv_contains(sel->skip, r->id))
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
