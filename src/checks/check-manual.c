/* check-manual.c: check kind `manual`.
 *
 * For what a host tool cannot decide (a process, a review, something outside the host): always
 * STATUS_MANUAL, with the rule's instructions as the observed text so that the report says what
 * a person has to look at. Uses no facts. */
#include "check.h"

static const struct check_param params[] = {
	{"instructions", PARAM_STRING, true, "what a person has to check, shown in the report"},
	{NULL},
};

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	(void)f;
	const char *what = check_param_string(r, "instructions", "");
	result_expect(res, "decided by a person");
	result_set(res, STATUS_MANUAL, "%s", what);
	if (r->file)
		result_add_evidence(res, r->file, r->line, r->col, "manual check: %s", what);
	else
		result_add_evidence(res, "baseline", r->line, r->col, "manual check: %s", what);
}

const struct check_kind check_manual = {
	.name = "manual",
	.help = "a person must decide; the report shows the instructions",
	.params = params,
	.probes = 0,
	.eval = eval,
};
