/* PLACEHOLDER: replaced by the real check kind. */
#include "check.h"
static const struct check_param params[] = {{NULL}};
static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	(void)r; (void)f;
	result_set(res, STATUS_ERROR, "check kind 'lsm_enforcing' is not built yet");
}
const struct check_kind check_lsm_enforcing = {.name = "lsm_enforcing", .help = "", .params = params, .eval = eval};
