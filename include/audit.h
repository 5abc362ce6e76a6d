/* audit.h: one audit run: probes, then checks, then the report. Read-only.
 *
 * The CLI's `audit` and `rules` and the TUI call this; it links probes, checks, baseline and
 * report, and never the apply module. */
#pragma once

#include "baseline.h"
#include "facts.h"
#include "host.h"
#include "report.h"

struct audit_options {
	const struct waivers *waivers; /* may be NULL */
	int64_t now;                   /* epoch seconds for waiver expiry and "started" */
	const char *tool_version;
	const struct engine_options *engine; /* may be NULL: the engine is not contacted */
};

/* Runs every enabled rule of b against h. Fills *ret (report_init'ed by this function) and
 * *facts (facts_init'ed; the caller releases both). 0, or -errno on trouble that prevented the
 * audit as a whole (not for rules that could not decide: those are results). */
int audit_run(const struct host *h, const struct baseline *b, const struct audit_options *o,
	      struct facts *facts, struct report *ret);
