/* container-test-resources.c: container tests about the limits a container runs under.
 *
 *   memory_limit     CIS 5.10  HostConfig.Memory 0: no memory limit
 *   cpu_limit        CIS 5.11  passes with NanoCpus or CpuQuota set, or CpuShares other than
 *                              0 and 1024 (1024 is the default weight: no limit at all)
 *   pids_limit       CIS 5.28  PidsLimit unset, 0 or -1 (the facts say 0): unlimited
 *   readonly_rootfs  CIS 5.12  ReadonlyRootfs false
 *   cgroup_parent    CIS 5.24  CgroupParent set: the container leaves the engine's cgroup and
 *                              the limits dockerd gives it */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check-common.h"
#include "container-tests.h"

static const char *const no_params[] = {NULL};

static void set(struct container_verdict *v, enum status s, char *observed)
{
	v->status = s;
	v->observed = observed;
}

/* "64 MiB" or "1000 bytes". */
static char *bytes_text(int64_t b)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
	if (b < 1024)
		return xasprintf("%" PRId64 " bytes", b);
	for (size_t i = ELEMENTSOF(units); i-- > 0;) {
		int64_t u = (int64_t)1 << (10 * (i + 1));
		if (b % u == 0)
			return xasprintf("%" PRId64 " %s", b / u, units[i]);
	}
	return xasprintf("%" PRId64 " bytes", b);
}

static void memory_judge(const struct rule *r, const struct facts *f,
			 const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	(void)f;
	if (c->memory <= 0) {
		set(v, STATUS_FAIL, xstrdup("no memory limit (Memory 0)"));
		return;
	}
	_cleanup_free_ char *t = bytes_text(c->memory);
	set(v, STATUS_PASS, xasprintf("Memory %s", t));
}

const struct container_test container_test_memory_limit = {
	.name = "memory_limit",
	.help = "the container has a memory limit (--memory)",
	.params = no_params,
	.judge = memory_judge,
};

static void cpu_judge(const struct rule *r, const struct facts *f, const struct container_fact *c,
		      struct container_verdict *v)
{
	(void)r;
	(void)f;
	if (c->nano_cpus > 0) {
		int64_t whole = c->nano_cpus / 1000000000, frac = c->nano_cpus % 1000000000;
		char ftext[16] = "";
		if (frac) {
			snprintf(ftext, sizeof(ftext), ".%09" PRId64, frac);
			for (size_t n = strlen(ftext); n > 1 && ftext[n - 1] == '0'; n--)
				ftext[n - 1] = '\0';
		}
		set(v, STATUS_PASS, xasprintf("NanoCpus %" PRId64 " (%" PRId64 "%s CPUs)",
					      c->nano_cpus, whole, ftext));
	} else if (c->cpu_quota > 0) {
		set(v, STATUS_PASS, xasprintf("CpuQuota %" PRId64 " per period %" PRId64,
					      c->cpu_quota, c->cpu_period));
	} else if (c->cpu_shares != 0 && c->cpu_shares != 1024) {
		set(v, STATUS_PASS, xasprintf("CpuShares %" PRId64, c->cpu_shares));
	} else {
		set(v, STATUS_FAIL, xasprintf("no CPU limit (NanoCpus 0, CpuQuota %" PRId64
					      ", CpuShares %" PRId64 ")",
					      c->cpu_quota, c->cpu_shares));
	}
}

const struct container_test container_test_cpu_limit = {
	.name = "cpu_limit",
	.help = "the container has a CPU limit or weight (--cpus, --cpu-quota, or --cpu-shares "
		"other than 1024)",
	.params = no_params,
	.judge = cpu_judge,
};

static void pids_judge(const struct rule *r, const struct facts *f, const struct container_fact *c,
		       struct container_verdict *v)
{
	(void)r;
	(void)f;
	if (c->pids_limit > 0)
		set(v, STATUS_PASS, xasprintf("PidsLimit %" PRId64, c->pids_limit));
	else
		set(v, STATUS_FAIL, xstrdup("no PIDs limit"));
}

const struct container_test container_test_pids_limit = {
	.name = "pids_limit",
	.help = "the container has a PIDs limit (--pids-limit)",
	.params = no_params,
	.judge = pids_judge,
};

static void readonly_judge(const struct rule *r, const struct facts *f,
			   const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	(void)f;
	if (c->readonly_rootfs)
		set(v, STATUS_PASS, xstrdup("read-only root filesystem"));
	else
		set(v, STATUS_FAIL, xstrdup("writable root filesystem (ReadonlyRootfs false)"));
}

const struct container_test container_test_readonly_rootfs = {
	.name = "readonly_rootfs",
	.help = "the container's root filesystem is read-only (--read-only)",
	.params = no_params,
	.judge = readonly_judge,
};

static void cgroup_parent_judge(const struct rule *r, const struct facts *f,
				const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	(void)f;
	if (c->cgroup_parent && *c->cgroup_parent)
		set(v, STATUS_FAIL, xasprintf("CgroupParent %.200s", c->cgroup_parent));
	else
		set(v, STATUS_PASS, xstrdup("the engine's default cgroup parent"));
}

const struct container_test container_test_cgroup_parent = {
	.name = "cgroup_parent",
	.help = "the container stays in the engine's default cgroup parent (no --cgroup-parent)",
	.params = no_params,
	.judge = cgroup_parent_judge,
};
