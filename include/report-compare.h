/* report-compare.h: reading JSON reports back, and comparing them (`dockward report`).
 *
 * Owns these, each a file of src/report/:
 *   report-load.c   a dockward-report/1 file -> struct report_file, a light read-only model;
 *   report-diff.c   two reports of one host -> struct report_diff (drift: new failures, fixed
 *                   rules, changed statuses and details, rules added to or removed from the
 *                   baseline, objects that appeared, disappeared or changed verdict);
 *   report-reader.c many report files read ahead on worker threads, in order;
 *   report-merge.c  many reports, one at a time -> struct fleet (worst rules first, a score per
 *                   host, a host x rule matrix of statuses);
 * and their renderers: text and JSON (report-diff-render.c, report-merge-render.c), HTML
 * (report-compare-html.c, with templates/report-diff.html.tmpl and templates/fleet.html.tmpl).
 *
 * The input is hostile: any file may be handed to `report`. It is read bounded (REPORT_FILE_MAX),
 * parsed strictly by json-c with a bounded depth, and every field that is used is type-checked;
 * fields that are not used are ignored (reports may gain fields within the schema version), and
 * a document with another "schema" is refused. Problems go into a diags list as
 * "FILE:LINE:COL: message" (JSON syntax) or "FILE: message" (structure). Nothing here prints.
 *
 * JSON schemas written here (key order as listed; null for unknown values):
 *
 * dockward-report-diff/1 (`report diff OLD NEW --format json`):
 *   {"schema": "dockward-report-diff/1", "tool": {"name", "version"},
 *    "old": REPORT, "new": REPORT,
 *    "summary": {"new_failures", "fixed", "status_changed", "changed", "added", "removed",
 *                "unchanged",
 *                "objects": {"appeared", "disappeared", "status_changed", "changed"}},
 *    "changes": [CHANGE, ...],        in the order of "change" below, then of the new report
 *                                     (removed rules: of the old one)
 *    "objects": [OBJECT_SUMMARY, ...]} the same objects over the whole reports: in the order
 *                                     of "change", then by kind and name
 *   REPORT = {"file", "hostname", "root", "baseline": {"id", "version", "sha256"}, "started",
 *             "summary": {"pass", "fail", "error", "not_applicable", "waived", "manual"},
 *             "score"}                score: pass / (pass + fail) in percent, 100 when neither
 *   CHANGE = {"id", "title", "section", "severity",
 *             "change": "new_failure"     fails now, did not before (or is new to the baseline)
 *                     | "fixed"           failed, now passes or is not applicable
 *                     | "status_changed"  any other change of status (fail -> waived, pass -> error)
 *                     | "changed"         same status; "fields" says what changed
 *                     | "added"           new to the baseline, not failing
 *                     | "removed",        no longer in the baseline
 *             "fields": ["severity", "expected", "observed", "evidence", "objects"] (those that
 *                       differ, when the rule is in both reports),
 *             "old": SIDE or null, "new": SIDE or null,
 *             "objects": [OBJECT, ...]}  objects that appeared, disappeared or changed
 *   SIDE   = {"status", "severity", "expected", "observed", "evidence": [{"source", "line"?,
 *             "col"?, "detail"}]}
 *   OBJECT = {"kind", "name", "change": "appeared" | "disappeared" | "status_changed" | "changed",
 *             "old": {"id", "image", "status", "observed"} or null, "new": the same or null}
 *             (in one rule; "changed": same status, another observed value or image)
 *   OBJECT_SUMMARY = {"kind", "name",
 *             "change": "appeared"          in no rule of the old report
 *                     | "disappeared"       in no rule of the new report
 *                     | "status_changed"    a rule in both reports judges it otherwise
 *                     | "changed",          the verdicts are the same, its id (recreated) or
 *                                           image changed
 *             "old": {"id", "image"} or null, "new": the same or null,
 *             "rules": [{"id", "old", "new"}]}  statuses (null: not on that side): for
 *                       "appeared" the rules it fails, for "disappeared" those it failed, for
 *                       "status_changed" those whose verdict changed
 *   Objects are matched by kind and name (by id when they have no name): a container recreated
 *   under the same name is the same object, with a new id.
 *
 * dockward-fleet/1 (`report merge A B ... --format json`):
 *   {"schema": "dockward-fleet/1", "tool": {"name", "version"},
 *    "summary": {"hosts", "rules", "hosts_failing", "rules_failing"},
 *    "baselines": [{"id", "version", "hosts"}, ...],         in order of first appearance
 *    "hosts": [{"file", "hostname", "root", "baseline": {"id", "version"}, "started",
 *               "summary": {"pass", ..., "manual"}, "score"}, ...],
 *    "rules": [{"id", "title", "section", "severity",
 *               "hosts": {"pass", "fail", "error", "not_applicable", "waived", "manual",
 *                         "absent"}}, ...],
 *    "matrix": [["fail", "pass", null, ...], ...]}
 *   Hosts come worst first (lowest score, then most failures, then the order given); rules
 *   come worst first (failing on most hosts, then highest severity, then in error on most
 *   hosts, then in the order first seen). matrix[i][j] is the status of rules[j] on hosts[i],
 *   null when that host's report has no such rule. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "result.h"
#include "value.h"

#define REPORT_DIFF_SCHEMA "dockward-report-diff/1"
#define FLEET_SCHEMA "dockward-fleet/1"

/* Limits on hostile input. */
#define REPORT_FILE_MAX (64u << 20) /* one report file */
#define REPORT_DEPTH_MAX 16         /* JSON nesting (a report needs 6) */
#define REPORT_RESULTS_MAX 20000    /* results in one report (baselines have at most 2000) */
#define FLEET_RULES_MAX 20000       /* distinct rule ids over all the merged reports */
#define FLEET_HOSTS_MAX 1000000     /* reports merged */

/* ---- loading (report-load.c) ---- */

struct json_object;

/* Strings are borrowed from the parsed document (or, for the rare string with a NUL byte in
 * it, from a copy in which each NUL reads "\u0000"): they live as long as the report_file.
 * NULL stands for a JSON null or an absent member. */
struct loaded_evidence {
	const char *source;
	int64_t line, col; /* 0 when absent */
	const char *detail;
};

struct loaded_object {
	const char *kind, *id, *name, *image;
	enum status status;
	const char *observed;
};

struct loaded_result {
	const char *id; /* never NULL, never empty */
	const char *title, *section;
	enum severity severity;
	enum status status;
	const char *expected, *observed;
	struct loaded_evidence *evidence;
	size_t n_evidence;
	struct loaded_object *objects;
	size_t n_objects;
};

struct report_file {
	char *file; /* the name given, for messages and the output */
	const char *tool_version, *hostname, *root, *docker_source, *docker_version;
	const char *baseline_id, *baseline_sha256;
	int64_t baseline_version; /* -1 when unknown */
	const char *started;
	struct loaded_result *results; /* in the report's order; ids are unique */
	size_t n_results;
	size_t summary[_STATUS_MAX]; /* counted from the results (not the file's own summary) */
	struct json_object *doc;     /* owns the strings */
	char **copies;               /* strings that had to be copied */
	size_t n_copies;
	char *pool;                  /* after report_file_compact(): every string, one block */
};

enum report_load_flags {
	/* Only the rule-level verdicts: expected, observed, evidence and objects are neither
	 * checked nor kept (what `report merge` needs). */
	REPORT_LOAD_BRIEF = 1 << 0,
};

/* Reads and parses the report at path (named `path` in diagnostics). 0, or -EBADMSG (not JSON),
 * -EINVAL (not a dockward-report/1 document, or a field of the wrong type), or a read error
 * (-ENOENT, -EISDIR, -EFBIG beyond REPORT_FILE_MAX, ...); every problem is in diags, and *ret is
 * released and zeroed. Release *ret with report_file_release(). */
int report_file_load(const char *path, unsigned flags, struct report_file *ret,
		     struct diags *diags);
/* The same from text in memory (len bytes). */
int report_file_parse(const char *name, const char *text, size_t len, unsigned flags,
		      struct report_file *ret, struct diags *diags);
void report_file_release(struct report_file *r);
/* Copies every string of r into one block and frees the parsed document: a few blocks of
 * memory instead of thousands (what a reader thread does before it hands a report over, so
 * that the tree is freed by the thread that built it). */
void report_file_compact(struct report_file *r);
/* pass / (pass + fail) in percent, 100 when neither (as report_score()). */
double report_file_score(const struct report_file *r);

/* Many files read ahead on worker threads and handed over in the order given
 * (report-reader.c): a few parsed reports in memory at a time, whatever n is. paths is
 * borrowed until report_reader_free(); threads: 0 one per CPU (at most 8), 1 none (the caller
 * reads each file in report_reader_next()). Never NULL. */
struct report_reader;
struct report_reader *report_reader_new(char *const *paths, size_t n, unsigned flags,
					unsigned threads);
/* The next report: 1 with *ret (release it), 0 after the last one, or report_file_load()'s
 * -errno (*ret zeroed). Each file's problems are added to diags in order. */
int report_reader_next(struct report_reader *rd, struct report_file *ret, struct diags *diags);
/* Stops the workers, frees what they read ahead; returns NULL. */
struct report_reader *report_reader_free(struct report_reader *rd);
static inline void report_reader_freep(struct report_reader **rd)
{
	report_reader_free(*rd);
}

/* ---- diff (report-diff.c) ---- */

enum diff_change { /* in the order they are listed */
	DIFF_NEW_FAILURE,
	DIFF_FIXED,
	DIFF_STATUS_CHANGED,
	DIFF_CHANGED,
	DIFF_ADDED,
	DIFF_REMOVED,
	_DIFF_CHANGE_MAX,
};
/* "new_failure", "fixed", ... as in the JSON schema above. */
const char *diff_change_to_string(enum diff_change c);

enum diff_fields {
	DIFF_FIELD_SEVERITY = 1 << 0,
	DIFF_FIELD_EXPECTED = 1 << 1,
	DIFF_FIELD_OBSERVED = 1 << 2,
	DIFF_FIELD_EVIDENCE = 1 << 3,
	DIFF_FIELD_OBJECTS = 1 << 4,
	_DIFF_FIELD_COUNT = 5,
};
/* "severity", ... for the single flag f. */
const char *diff_field_to_string(enum diff_fields f);

enum object_change {
	OBJECT_APPEARED,
	OBJECT_DISAPPEARED,
	OBJECT_STATUS_CHANGED,
	OBJECT_CHANGED, /* same status; another observed value or image (in a rule), or recreated
			   with a new id, or another image (over the report) */
	_OBJECT_CHANGE_MAX,
};
const char *object_change_to_string(enum object_change c);

/* One object in one rule that is in both reports. */
struct object_diff {
	enum object_change change;
	const struct loaded_object *old, *new; /* borrowed; NULL when absent on that side */
};

struct rule_diff {
	enum diff_change change;
	unsigned fields;                       /* enum diff_fields, when both sides are there */
	const struct loaded_result *old, *new; /* borrowed; NULL when absent on that side */
	struct object_diff *objects;           /* when both sides are there */
	size_t n_objects;
};

/* One object over the whole reports (a container, whatever rules looked at it). */
struct object_rule_status {
	const char *rule_id;
	enum status old, new; /* _STATUS_INVALID when not on that side */
};

struct object_summary {
	enum object_change change; /* appeared: in no rule of the old report; disappeared: in no
				      rule of the new one; status_changed: a rule in both reports
				      judges it otherwise; changed: only its id or image changed */
	const struct loaded_object *old, *new; /* its first entry on each side, or NULL */
	struct object_rule_status *rules; /* appeared: the rules it fails; disappeared: the rules
					     it failed; status_changed: the rules whose verdict on
					     it changed (rules in both reports only) */
	size_t n_rules;
};

struct report_diff {
	const struct report_file *old, *new; /* borrowed */
	struct rule_diff *rules;             /* changed rules only, in enum diff_change order */
	size_t n_rules;
	size_t counts[_DIFF_CHANGE_MAX];
	size_t unchanged;
	struct object_summary *objects; /* in enum object_change order, then by kind and name */
	size_t n_objects;
	size_t object_counts[_OBJECT_CHANGE_MAX];
};

/* Compares two reports of one host; *ret borrows from both (keep them until it is released).
 * Linear in the size of the reports (plus sorting). */
void report_diff_compute(const struct report_file *old, const struct report_file *new,
			 struct report_diff *ret);
void report_diff_release(struct report_diff *d);
/* New failures of severity fail_on or above: what makes `report diff` exit 1. */
size_t report_diff_new_failures(const struct report_diff *d, enum severity fail_on);

/* Renderers (report-diff-render.c). flags: enum render_flags of report.h (colour; -q only new
 * failures and the summary; -v unchanged objects' details too). 0 or -EIO. */
int report_diff_render_text(const struct report_diff *d, unsigned flags, FILE *out);
int report_diff_render_json(const struct report_diff *d, const char *tool_version, FILE *out);
/* A self-contained HTML page from the built-in template report-diff.html.tmpl
 * (report-compare-html.c). 0, or -EINVAL/-E2BIG (the template could not render the data:
 * *ret_error says where), -EIO; *ret_error is set on every error (the caller frees it). */
int report_diff_render_html(const struct report_diff *d, const char *tool_version, FILE *out,
			    char **ret_error);
/* The view model that template reads (its fields are listed in the template). Caller frees. */
struct value *report_diff_html_view(const struct report_diff *d, const char *tool_version);

/* ---- merge (report-merge.c) ---- */

#define FLEET_ABSENT 0xff /* in a host's row: the host's report has no such rule */

struct fleet_rule {
	char *id, *title, *section;
	enum severity severity; /* the highest any report gave it */
	size_t counts[_STATUS_MAX];
	size_t absent; /* hosts whose report does not have it (set by fleet_finish()) */
};

struct fleet_host {
	char *file, *hostname, *root, *baseline_id, *started;
	int64_t baseline_version;
	size_t summary[_STATUS_MAX];
	uint8_t *row; /* enum status per rule index (FLEET_ABSENT), n_row of them */
	size_t n_row;
};

struct fleet_baseline {
	char *id;
	int64_t version;
	size_t hosts;
};

struct lh_table;

struct fleet {
	struct fleet_rule *rules; /* in the order first seen */
	size_t n_rules, cap_rules;
	struct fleet_host *hosts; /* in the order added */
	size_t n_hosts, cap_hosts;
	struct fleet_baseline *baselines; /* in the order first seen */
	size_t n_baselines, cap_baselines;
	struct lh_table *index;          /* rule id -> index in rules */
	struct lh_table *baseline_index; /* "VERSION ID" -> index in baselines */
	/* set by fleet_finish() */
	size_t *rule_order; /* indices into rules, worst first */
	size_t *host_order; /* indices into hosts, worst first */
	size_t hosts_failing, rules_failing;
};

void fleet_init(struct fleet *f);
void fleet_release(struct fleet *f);
/* Adds one host's report (loaded with REPORT_LOAD_BRIEF or not); r may be released right
 * after. 0, or -E2BIG beyond FLEET_RULES_MAX rules or FLEET_HOSTS_MAX hosts (a diag says
 * which). Linear in the report's results. */
int fleet_add(struct fleet *f, const struct report_file *r, struct diags *diags);
/* Counts and orders once every report is in. */
void fleet_finish(struct fleet *f);
/* pass / (pass + fail) in percent, 100 when neither. */
double fleet_host_score(const struct fleet_host *h);
/* The letter of a status in the text matrix: 'F' fail, '.' pass, ... ' ' for FLEET_ABSENT. */
char fleet_status_letter(uint8_t status);

/* Renderers (report-merge-render.c); the fleet must be finished. flags as for the diff. 0 or
 * -EIO. */
int fleet_render_text(const struct fleet *f, unsigned flags, FILE *out);
int fleet_render_json(const struct fleet *f, const char *tool_version, FILE *out);
/* The same as HTML, from the built-in template fleet.html.tmpl. */
int fleet_render_html(const struct fleet *f, const char *tool_version, FILE *out,
		      char **ret_error);
struct value *fleet_html_view(const struct fleet *f, const char *tool_version);
