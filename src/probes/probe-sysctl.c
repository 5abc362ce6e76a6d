/* PLACEHOLDER: replaced by the real probe. */
#include "probe.h"
static void run(const struct host *h, const struct fact_requests *q, struct facts *f)
{
	(void)h; (void)q; (void)f;
}
const struct probe probe_sysctl = {.name = "sysctl", .flag = PROBE_SYSCTL, .offline = true, .needs_requests = true, .run = run};
