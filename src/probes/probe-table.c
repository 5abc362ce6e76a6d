/* probe-table.c: the probes, in the order they run (see include/probe.h for adding one).
 *
 * daemon runs first: the data root, certificate paths and dockerd's pid that later probes and
 * rule requests use come from it. files, sysctl and engine run after the rules said what they
 * want (engine: whether images and container processes are needed). */
#include "probe.h"

extern const struct probe probe_daemon, probe_accounts, probe_mounts, probe_lsm, probe_audit,
	probe_sockets, probe_files, probe_sysctl, probe_engine;

const struct probe *const probes[] = {
	&probe_daemon,  &probe_accounts, &probe_mounts, &probe_lsm,
	&probe_audit,   &probe_sockets,  &probe_files,  &probe_sysctl,
	&probe_engine,
	NULL,
};

void probes_run(const struct host *h, unsigned mask, bool with_requests,
		const struct fact_requests *q, struct facts *f)
{
	for (size_t i = 0; probes[i]; i++) {
		const struct probe *p = probes[i];
		if (!(mask & p->flag) || p->needs_requests != with_requests)
			continue;
		p->run(h, q, f);
		f->probed |= p->flag;
	}
}
