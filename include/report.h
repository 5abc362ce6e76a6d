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
#include "plan.h"
#include "result.h"

#define REPORT_SCHEMA "dockward-report/1"

struct report {
	char *tool_version;
	char *root;     /* host root as given */
	char *hostname;
	char *docker_source;  /* "api" when the Engine API answered, else "files" */
	char *docker_version; /* NULL when unknown */
	const struct baseline *baseline; /* borrowed */
	int64_t started;     /* epoch seconds */
	double duration_ms;
	struct result *results; /* one per enabled rule, in baseline order */
	size_t n_results;
	size_t summary[_STATUS_MAX];
	/* The plan `dockward fix --dry-run` would show for this audit, or NULL (borrowed; set by
	 * the CLI for the HTML report). With it, results carry the diff of their fix. */
	const struct plan *plan;
	/* What `dockward fix` did, or NULL (borrowed; set by the CLI): the JSON report then has a
	 * top-level "fix_run" object, so that unattended callers (the Ansible role) can tell what
	 * changed from the report alone. */
	const struct fix_run *fix_run;
};

struct fix_run {
	bool dry_run;           /* --dry-run: plan lists what would change; nothing changed */
	bool changed;           /* this run applied changes (run_id is set) */
	bool restarted;         /* dockerd was restarted for them */
	const char *run_id;     /* the journal's run, for `dockward rollback`; NULL when none */
	const struct plan *plan; /* the changes, planned or applied (NULL: none) */
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

/* The JSON report (schema dockward-report/1) as a value tree, as render-json.c writes it: the
 * model that templates render (src/report/render-json.c). The caller frees it. */
struct value *report_to_value(const struct report *r);

/* The unified diff ("--- a/PATH", "+++ b/PATH", 3 lines of context) of every file that r->plan
 * writes for rule_id, in plan order, or NULL when there is no plan or it writes no file for the
 * rule. A file that serves several rules carries all their edits. NUL bytes in file contents
 * show as U+FFFD. The caller frees it. (src/report/report-fix.c) */
char *report_fix_diff(const struct report *r, const char *rule_id);

/* The HTML report (src/report/render-html.c): the view model (report_to_value() plus score,
 * counts, chart geometry, rules grouped by section with failing ones first, fix diffs) rendered
 * with template t (template.h; templates.h has the embedded one, which the "html" renderer
 * uses). 0, -EINVAL with *ret_error (caller frees) when the template puts a list or map where
 * only text can go, or -EIO. */
struct template;
int report_render_html(const struct report *r, const struct template *t, FILE *out,
		       char **ret_error);
/* The view model alone (for tests and template authors). The caller frees it. */
struct value *report_html_view(const struct report *r);

/* A remediation plan as text: a unified diff per file written, a line per other action, then
 * the restart, warnings, manual steps and rules not fixed (src/report/render-plan.c). Flags:
 * RENDER_COLOR. 0 or -EIO. */
int plan_render_text(const struct plan *p, unsigned flags, FILE *out);

/* Text for people (the text renderer and the CLI's tables; src/report/render-text.c).
 * Baselines, waivers and host files are hostile: control characters, bidi overrides and invalid
 * UTF-8 are shown as escapes ("\n", "\x1b", "\u202e") so that no string can move the cursor,
 * recolour the terminal or forge a line. Widths are display columns (UTF-8 decoded; East Asian
 * wide characters count 2, combining marks 0). */
/* Decodes the UTF-8 sequence at s: its length in bytes with *ret_cp set, or 0 when it is invalid
 * (bad or missing continuation byte, overlong form, surrogate, beyond U+10FFFF). */
size_t text_utf8_decode(const char *s, uint32_t *ret_cp);
/* Appends s (NULL: nothing) to sb with every byte that is not part of valid UTF-8 replaced by
 * U+FFFD: the JSON, SARIF and comparison outputs must be valid UTF-8 whatever a host file held. */
void text_utf8_repair(struct strbuf *sb, const char *s);
/* Appends s (NULL: nothing) escaped to sb. */
void text_escape(struct strbuf *sb, const char *s);
/* Display width of an already escaped string. */
size_t text_width(const char *s);
/* s escaped, then cut to at most width columns ending in "..." when cut; never splits a UTF-8
 * sequence. The caller frees it. */
char *text_fit(const char *s, size_t width);
/* Appends s padded with spaces to width columns (s must be escaped and fit). */
void text_pad(struct strbuf *sb, const char *s, size_t width);
