/* fixer-manual.c: fixer kind `manual`: the rule cannot be fixed by a tool (a separate partition
 * for /var/lib/docker, a TLS setup, a storage driver migration). It plans nothing; `fix` lists
 * the rule's remediation text as a manual step, and the report says no fix is available. */
#include "fixer.h"

static const struct check_param params[] = {
	{NULL},
};

const struct fixer_kind fixer_manual = {
	.name = "manual",
	.help = "no automatic fix: fix lists the rule's remediation as a manual step",
	.params = params,
	.plan = NULL,
};
