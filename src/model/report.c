/* report.c: the report model: lifecycle, summary, score and exit status. No I/O. */
#include <string.h>

#include "report.h"

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
}

void report_release(struct report *r)
{
	free(r->tool_version);
	free(r->root);
	free(r->hostname);
	free(r->docker_source);
	free(r->docker_version);
	for (size_t i = 0; i < r->n_results; i++)
		result_release(&r->results[i]);
	free(r->results);
	memset(r, 0, sizeof(*r));
}

void report_summarize(struct report *r)
{
	memset(r->summary, 0, sizeof(r->summary));
	for (size_t i = 0; i < r->n_results; i++)
		if (r->results[i].status >= 0 && r->results[i].status < _STATUS_MAX)
			r->summary[r->results[i].status]++;
}

double report_score(const struct report *r)
{
	size_t decided = r->summary[STATUS_PASS] + r->summary[STATUS_FAIL];
	if (decided == 0)
		return 100.0;
	return 100.0 * (double)r->summary[STATUS_PASS] / (double)decided;
}

int report_exit_status(const struct report *r, enum severity fail_on)
{
	bool error = false;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *x = &r->results[i];
		if (x->status == STATUS_FAIL && x->rule->severity >= fail_on)
			return 1;
		if (x->status == STATUS_ERROR)
			error = true;
	}
	return error ? 3 : 0;
}
