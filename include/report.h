/* report.h: the report model (schema dockward-report/1) and its renderers.
 *
 * One model, many formats: the JSON report is the canonical one; text is for people at a
 * terminal; HTML, JUnit and SARIF come later. Renderers write to a FILE* and never touch the
 * host otherwise. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "baseline.h"
#include "result.h"

#define REPORT_SCHEMA "dockward-report/1"

struct report {
	char *tool_version;
	char *root;     /* host root as given */
	char *hostname;
	char *docker_source;  /* "files" (or "api" once the engine is read) */
	char *docker_version; /* NULL when unknown */
	const struct baseline *baseline; /* borrowed */
	int64_t started;     /* epoch seconds */
	double duration_ms;
	struct result *results; /* one per enabled rule, in baseline order */
	size_t n_results;
	size_t summary[_STATUS_MAX];
};

void report_init(struct report *r);
void report_release(struct report *r);
/* Recounts summary[] from the results. */
void report_summarize(struct report *r);
/* Percentage of decided rules that pass (pass / (pass + fail)), 100 when none decided. */
double report_score(const struct report *r);
/* Exit status per the CLI contract: 1 when a rule fails at or above fail_on, else 3 when a
 * rule is in error, else 0. */
int report_exit_status(const struct report *r, enum severity fail_on);

enum render_flags {
	RENDER_COLOR = 1 << 0,
	RENDER_VERBOSE = 1 << 1, /* expected/observed/evidence for every rule, not only failures */
	RENDER_QUIET = 1 << 2,   /* only failing and erroring rules, and the summary */
};

struct renderer {
	const char *name; /* "text", "json" */
	int (*render)(const struct report *r, unsigned flags, FILE *out);
};
/* Adding a new format: src/report/render-<name>.c, a line here (sorted), a golden test. */
extern const struct renderer *const renderers[]; /* NULL-terminated */
const struct renderer *renderer_find(const char *name);
