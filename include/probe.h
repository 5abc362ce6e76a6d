/* probe.h: the probes, each reading one kind of fact from the host root.
 *
 * Probes only read. Each fills its part of struct facts and records what it could not read
 * (fact_status) rather than failing; a probe returns an error only for out-of-the-ordinary
 * trouble (never for an absent or unreadable file). Each says whether it can work offline
 * (on a root that is not the live system: an image, a chroot, a fixture). */
#pragma once

#include <stdbool.h>

#include "facts.h"
#include "host.h"

struct probe {
	const char *name;
	enum probe_flags flag;
	bool offline;    /* meaningful under --root: reads only files */
	bool needs_requests; /* runs after the rules' request() hooks */
	void (*run)(const struct host *h, const struct fact_requests *q, struct facts *f);
};

/* Adding a new probe:
 *   1. src/probes/probe-<name>.c defining `const struct probe probe_<name>`;
 *   2. its facts in include/facts.h (with release code in src/model/facts.c);
 *   3. a line in probes[] (src/probes/probe-table.c), in the order they must run;
 *   4. a unit test on a fixture tree in tests/unit/test-probe-<name>.c. */
extern const struct probe *const probes[]; /* in run order, NULL-terminated */

/* Runs the probes in `mask` whose needs_requests equals `with_requests`. */
void probes_run(const struct host *h, unsigned mask, bool with_requests,
		const struct fact_requests *q, struct facts *f);
