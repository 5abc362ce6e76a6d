/* test-report-compare.c: `report diff` and `report merge` below the CLI: the loader of JSON
 * reports (src/report/report-load.c), the diff (report-diff.c), the fleet view (report-merge.c)
 * and their renderers (report-diff-render.c, report-merge-render.c, report-compare-html.c).
 *
 * Loader: every field read back, unknown fields ignored, every problem with its exact message
 * (JSON syntax with line and column, another schema, wrong types, unknown statuses, duplicate
 * ids), NUL bytes kept visible, files that are not regular or not there. Diff: the whole table
 * of status transitions, fields, objects per rule and over the reports (appeared, disappeared,
 * verdict changed, recreated), the exit gate with --fail-on. Merge: order of rules and hosts,
 * the matrix with absent rules, baselines, the rule limit. Renderers: exact text, valid JSON of
 * the documented schemas, hostile strings escaped in text and HTML, invalid UTF-8 repaired. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "json-util.h"
#include "report-compare.h"
#include "report.h"

/* ---- building reports ---- */

#define HEAD_H(host)                                                                               \
	"{\"schema\": \"dockward-report/1\", \"tool\": {\"name\": \"dockward\", \"version\": "     \
	"\"0.1.0\"}, \"host\": {\"root\": \"/\", \"hostname\": " host ", \"docker\": {\"source\": " \
	"\"files\", \"version\": null}}, \"baseline\": {\"id\": \"base\", \"version\": 1, "          \
	"\"file\": \"b.yaml\", \"sha256\": \"aaaa\"}, \"started\": \"2026-11-23T08:00:00Z\", "        \
	"\"duration_ms\": 1.5, \"summary\": {\"pass\": 999}, \"results\": ["
#define HEAD HEAD_H("\"h1\"")
#define TAIL "]}"
#define RES(id, sev, st)                                                                           \
	"{\"id\": \"" id "\", \"title\": \"Title " id "\", \"section\": \"s\", \"severity\": \"" sev \
	"\", \"status\": \"" st "\"}"
#define RESX(id, sev, st, extra)                                                                   \
	"{\"id\": \"" id "\", \"title\": \"Title " id "\", \"section\": \"s\", \"severity\": \"" sev \
	"\", \"status\": \"" st "\", " extra "}"
#define OBJ(kind, id, name, st, obs)                                                               \
	"{\"kind\": \"" kind "\", \"id\": \"" id "\", \"name\": \"" name "\", \"status\": \"" st      \
	"\", \"observed\": \"" obs "\"}"

static void parse_ok(const char *name, const char *text, unsigned flags, struct report_file *r)
{
	struct diags d = {0};
	int ret = report_file_parse(name, text, strlen(text), flags, r, &d);
	for (size_t i = 0; i < d.n; i++) {
		_cleanup_free_ char *line = diag_format(&d.items[i]);
		print_error("unexpected: %s\n", line);
	}
	assert_int_equal(ret, 0);
	assert_int_equal(d.n, 0);
	diags_release(&d);
}

/* Every diagnostic, one per line. */
static char *parse_err(const char *text, size_t len, int expect)
{
	struct diags d = {0};
	struct report_file r;
	int ret = report_file_parse("r.json", text, len, 0, &r, &d);
	assert_int_equal(ret, expect);
	assert_null(r.results);
	assert_null(r.doc);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < d.n; i++) {
		_cleanup_free_ char *line = diag_format(&d.items[i]);
		strbuf_addf(&sb, "%s\n", line);
	}
	diags_release(&d);
	return strbuf_detach(&sb);
}

#define assert_parse_err(text, expect, msg)                                                        \
	do {                                                                                       \
		_cleanup_free_ char *_m = parse_err(text, strlen(text), expect);                    \
		assert_string_equal(_m, msg);                                                      \
	} while (0)

/* ---- loader ---- */

static void test_load_fields(void **state)
{
	(void)state;
	struct report_file r;
	parse_ok("a.json",
		 HEAD RESX("x.one", "high", "fail",
			   "\"refs\": {\"cis\": [\"1.1\"]}, \"expected\": \"e\", \"observed\": \"o\", "
			   "\"evidence\": [{\"source\": \"etc/f\", \"line\": 3, \"col\": 4, \"detail\": "
			   "\"d\"}, {\"source\": \"p\", \"detail\": null}], \"fix\": {\"available\": "
			   "true}, \"objects\": [" OBJ("container", "abc", "web", "fail", "root") ", "
			   "{\"kind\": \"user\", \"id\": null, \"name\": \"alice\", \"image\": "
			   "\"nginx\", \"status\": \"pass\", \"observed\": null}], "
			   "\"future_field\": {\"nested\": [1, 2]}")
		 ", " RES("x.two", "low", "pass") ", " RES("x.three", "critical", "not_applicable")
		 TAIL,
		 0, &r);
	assert_string_equal(r.file, "a.json");
	assert_string_equal(r.tool_version, "0.1.0");
	assert_string_equal(r.hostname, "h1");
	assert_string_equal(r.root, "/");
	assert_string_equal(r.docker_source, "files");
	assert_null(r.docker_version);
	assert_string_equal(r.baseline_id, "base");
	assert_int_equal(r.baseline_version, 1);
	assert_string_equal(r.baseline_sha256, "aaaa");
	assert_string_equal(r.started, "2026-11-23T08:00:00Z");
	assert_int_equal(r.n_results, 3);
	/* counted, not taken from the file's summary */
	assert_int_equal(r.summary[STATUS_PASS], 1);
	assert_int_equal(r.summary[STATUS_FAIL], 1);
	assert_int_equal(r.summary[STATUS_NOT_APPLICABLE], 1);
	const struct loaded_result *x = &r.results[0];
	assert_string_equal(x->id, "x.one");
	assert_string_equal(x->title, "Title x.one");
	assert_string_equal(x->section, "s");
	assert_int_equal(x->severity, SEVERITY_HIGH);
	assert_int_equal(x->status, STATUS_FAIL);
	assert_string_equal(x->expected, "e");
	assert_string_equal(x->observed, "o");
	assert_int_equal(x->n_evidence, 2);
	assert_string_equal(x->evidence[0].source, "etc/f");
	assert_int_equal(x->evidence[0].line, 3);
	assert_int_equal(x->evidence[0].col, 4);
	assert_string_equal(x->evidence[0].detail, "d");
	assert_int_equal(x->evidence[1].line, 0);
	assert_null(x->evidence[1].detail);
	assert_int_equal(x->n_objects, 2);
	assert_string_equal(x->objects[0].kind, "container");
	assert_string_equal(x->objects[0].id, "abc");
	assert_string_equal(x->objects[0].name, "web");
	assert_null(x->objects[0].image);
	assert_int_equal(x->objects[0].status, STATUS_FAIL);
	assert_string_equal(x->objects[0].observed, "root");
	assert_null(x->objects[1].id);
	assert_string_equal(x->objects[1].image, "nginx");
	assert_null(x->objects[1].observed);
	assert_int_equal(r.results[2].severity, SEVERITY_CRITICAL);
	assert_true(report_file_score(&r) == 50.0);
	report_file_release(&r);
	assert_null(r.file);
	assert_null(r.results);
}

static void test_load_brief(void **state)
{
	(void)state;
	struct report_file r;
	/* Objects and evidence are not even checked in brief mode. */
	parse_ok("b.json",
		 HEAD RESX("x.one", "high", "fail", "\"observed\": \"o\", \"evidence\": 5, "
						    "\"objects\": [{\"status\": \"bogus\"}]") TAIL,
		 REPORT_LOAD_BRIEF, &r);
	assert_int_equal(r.n_results, 1);
	assert_null(r.results[0].observed);
	assert_int_equal(r.results[0].n_objects, 0);
	report_file_release(&r);
}

static void test_load_minimal(void **state)
{
	(void)state;
	struct report_file r;
	/* Only schema and results are required; a BOM and spaces around are fine. */
	parse_ok("m.json",
		 "\xef\xbb\xbf  {\"results\": [{\"id\": \"a\", \"severity\": \"low\", \"status\": "
		 "\"manual\"}], \"schema\": \"dockward-report/1\"}\n\n",
		 0, &r);
	assert_null(r.hostname);
	assert_null(r.baseline_id);
	assert_int_equal(r.baseline_version, -1);
	assert_null(r.results[0].title);
	assert_int_equal(r.summary[STATUS_MANUAL], 1);
	assert_true(report_file_score(&r) == 100.0);
	report_file_release(&r);
}

static void test_load_nul_in_string(void **state)
{
	(void)state;
	struct report_file r;
	parse_ok("n.json",
		 HEAD RESX("x.one", "high", "fail", "\"observed\": \"a\\u0000b\", \"title\": "
						    "\"t\\u0000\"") TAIL,
		 0, &r);
	assert_string_equal(r.results[0].observed, "a\\u0000b");
	assert_int_equal(r.n_copies, 2);
	report_file_release(&r);
}

static void test_load_compact(void **state)
{
	(void)state;
	struct report_file r;
	parse_ok("c.json",
		 HEAD RESX("x.one", "high", "fail",
			   "\"observed\": \"a\\u0000b\", \"evidence\": [{\"source\": \"s\", "
			   "\"detail\": \"d\"}], \"objects\": [" OBJ("container", "i", "web", "fail", "o") "]")
		 TAIL,
		 0, &r);
	report_file_compact(&r);
	assert_null(r.doc);
	assert_null(r.copies);
	assert_non_null(r.pool);
	assert_string_equal(r.hostname, "h1");
	assert_string_equal(r.started, "2026-11-23T08:00:00Z");
	assert_null(r.docker_version);
	assert_string_equal(r.results[0].id, "x.one");
	assert_string_equal(r.results[0].observed, "a\\u0000b");
	assert_string_equal(r.results[0].evidence[0].detail, "d");
	assert_string_equal(r.results[0].objects[0].name, "web");
	assert_string_equal(r.results[0].objects[0].observed, "o");
	report_file_compact(&r); /* once is enough; a second does nothing */
	report_file_release(&r);
}

static void test_load_syntax(void **state)
{
	(void)state;
	assert_parse_err("{\"schema\": \"dockward-report/1\", \"results\": [\n  {\"id\": \"a\",}\n]}",
			 -EBADMSG, "r.json:2:14: unexpected character\n");
	assert_parse_err("", -EBADMSG, "r.json:1:1: unexpected end of file\n");
	assert_parse_err("{\"schema\": \"dockward-report/1\",\n\"results\": [", -EBADMSG,
			 "r.json:2:13: unexpected end of file\n");
	/* json-c's strict mode stops at what follows the document */
	assert_parse_err("{\"schema\": \"dockward-report/1\", \"results\": []} x", -EBADMSG,
			 "r.json:1:48: unexpected character\n");
	assert_parse_err("{\"a\" 1}", -EBADMSG,
			 "r.json:1:6: object property name separator ':' expected\n");
	assert_parse_err("[tru]", -EBADMSG, "r.json:1:5: boolean expected\n");
	/* NUL bytes are refused where they are */
	_cleanup_free_ char *m = parse_err("{\n \0}", 4, -EBADMSG);
	assert_string_equal(m, "r.json:2:2: contains a NUL byte\n");
	/* deeper than REPORT_DEPTH_MAX */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "{\"schema\": \"dockward-report/1\", \"results\": [], \"x\": ");
	for (int i = 0; i < 20; i++)
		strbuf_addc(&sb, '[');
	for (int i = 0; i < 20; i++)
		strbuf_addc(&sb, ']');
	strbuf_addc(&sb, '}');
	_cleanup_free_ char *deep = parse_err(sb.buf, sb.len, -EBADMSG);
	assert_string_equal(deep, "r.json:1:68: nesting too deep\n"); /* the 16th level */
	strbuf_release(&sb);
}

static void test_load_schema(void **state)
{
	(void)state;
	assert_parse_err("{\"schema\": \"dockward-report-diff/1\", \"results\": []}", -EINVAL,
			 "r.json: not a dockward-report/1 report (schema \"dockward-report-diff/1\")\n");
	assert_parse_err("{\"results\": []}", -EINVAL,
			 "r.json: not a dockward-report/1 report (no \"schema\")\n");
	assert_parse_err("{\"schema\": 1}", -EINVAL,
			 "r.json: not a dockward-report/1 report (\"schema\" is a number)\n");
	assert_parse_err("[1, 2]", -EINVAL,
			 "r.json: not a dockward-report/1 report (an array, not an object)\n");
	assert_parse_err("\"x\"", -EINVAL,
			 "r.json: not a dockward-report/1 report (a string, not an object)\n");
	/* a hostile schema is quoted escaped and cut */
	assert_parse_err("{\"schema\": \"x\\u001b[2J"
			 "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\"}",
			 -EINVAL,
			 "r.json: not a dockward-report/1 report (schema "
			 "\"x\\x1b[2Jyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...\")\n");
	assert_parse_err("{\"schema\": \"dockward-report/1\"}", -EINVAL,
			 "r.json: results: missing (an array is required)\n");
	assert_parse_err("{\"schema\": \"dockward-report/1\", \"results\": {}}", -EINVAL,
			 "r.json: results: expected an array, got an object\n");
}

static void test_load_types(void **state)
{
	(void)state;
	assert_parse_err(
		"{\"schema\": \"dockward-report/1\", \"host\": {\"hostname\": 5, \"docker\": []}, "
		"\"baseline\": {\"version\": -1, \"id\": true}, \"tool\": \"x\", \"started\": 1, "
		"\"results\": [" RES("a", "high", "bogus") ", " RES("b", "urgent", "pass") ", "
		"{\"severity\": \"low\", \"status\": \"pass\"}, 5, "
		"{\"id\": \"\", \"severity\": \"low\", \"status\": \"pass\"}, "
		RESX("c", "low", "pass", "\"evidence\": [{\"line\": \"3\"}, 1], \"objects\": "
					 "[{\"kind\": 1, \"status\": \"ok\"}], \"observed\": []")
		", " RES("a", "low", "pass") "]}",
		-EINVAL,
		"r.json: tool: expected an object, got a string\n"
		"r.json: host.hostname: expected a string, got a number\n"
		"r.json: host.docker: expected an object, got an array\n"
		"r.json: baseline.id: expected a string, got a boolean\n"
		"r.json: baseline.version: expected a non-negative integer, got -1\n"
		"r.json: started: expected a string, got a number\n"
		"r.json: results[0].status: unknown status 'bogus': expected pass, fail, error, "
		"not_applicable, waived or manual\n"
		"r.json: results[1].severity: unknown severity 'urgent': expected low, medium, high "
		"or critical\n"
		"r.json: results[2].id: missing (a string is required)\n"
		"r.json: results[3]: expected an object, got a number\n"
		"r.json: results[4].id: empty\n"
		"r.json: results[5].observed: expected a string, got an array\n"
		"r.json: results[5].evidence[0].line: expected a non-negative integer, got \"3\"\n"
		"r.json: results[5].evidence[1]: expected an object, got a number\n"
		"r.json: results[5].objects[0].kind: expected a string, got a number\n"
		"r.json: results[5].objects[0].status: unknown status 'ok': expected pass, fail, "
		"error, not_applicable, waived or manual\n"
		"r.json: results[6].id: rule 'a' appears twice (also results[0])\n");
}

static void test_load_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/test-report-compare.XXXXXX";
	assert_non_null(mkdtemp(dir));
	_cleanup_free_ char *path = xasprintf("%s/r.json", dir);
	_cleanup_free_ char *fifo = xasprintf("%s/fifo", dir);
	_cleanup_free_ char *missing = xasprintf("%s/missing.json", dir);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(HEAD RES("a", "low", "fail") TAIL, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);

	struct diags d = {0};
	struct report_file r;
	assert_int_equal(report_file_load(path, 0, &r, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(r.file, path);
	assert_int_equal(r.summary[STATUS_FAIL], 1);
	report_file_release(&r);

	assert_int_equal(report_file_load(missing, 0, &r, &d), -ENOENT);
	assert_int_equal(report_file_load(dir, 0, &r, &d), -EISDIR);
	assert_int_equal(report_file_load(fifo, 0, &r, &d), -EINVAL);
	assert_int_equal(d.n, 3);
	_cleanup_free_ char *m0 = diag_format(&d.items[0]);
	_cleanup_free_ char *e0 = xasprintf("%s: cannot read: No such file or directory", missing);
	assert_string_equal(m0, e0);
	_cleanup_free_ char *m1 = diag_format(&d.items[1]);
	_cleanup_free_ char *e1 = xasprintf("%s: cannot read: Is a directory", dir);
	assert_string_equal(m1, e1);
	_cleanup_free_ char *m2 = diag_format(&d.items[2]);
	_cleanup_free_ char *e2 = xasprintf("%s: not a regular file", fifo);
	assert_string_equal(m2, e2);
	diags_release(&d);
	unlink(path);
	unlink(fifo);
	rmdir(dir);
}

static void test_reader(void **state)
{
	(void)state;
	/* Files read ahead by workers come back in the order given, with their problems. */
	char dir[] = "/tmp/test-report-reader.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char **paths = NULL;
	for (int i = 0; i < 40; i++) {
		char *path = xasprintf("%s/r%02d.json", dir, i);
		strv_push(&paths, path);
		if (i == 7)
			continue; /* missing */
		FILE *f = fopen(path, "we");
		assert_non_null(f);
		if (i == 20)
			fputs("{\"schema\": \"x\"}", f);
		else
			fprintf(f, HEAD_H("\"h%02d\"") RES("a", "low", "pass") TAIL, i);
		assert_int_equal(fclose(f), 0);
	}
	for (unsigned threads = 0; threads <= 3; threads++) {
		struct report_reader *rd = report_reader_new(paths, 40, REPORT_LOAD_BRIEF, threads);
		for (int i = 0; i < 40; i++) {
			struct report_file r;
			struct diags d = {0};
			int ret = report_reader_next(rd, &r, &d);
			if (i == 7 || i == 20) {
				assert_int_equal(ret, i == 7 ? -ENOENT : -EINVAL);
				assert_int_equal(d.n, 1);
				assert_string_equal(d.items[0].file, paths[i]);
			} else {
				assert_int_equal(ret, 1);
				assert_int_equal(d.n, 0);
				char want[8];
				snprintf(want, sizeof(want), "h%02d", i);
				assert_string_equal(r.hostname, want);
				report_file_release(&r);
			}
			diags_release(&d);
		}
		struct report_file r;
		struct diags d = {0};
		assert_int_equal(report_reader_next(rd, &r, &d), 0);
		report_reader_free(rd);
	}
	/* freed before the end: what was read ahead is released */
	struct report_reader *rd = report_reader_new(paths, 40, 0, 2);
	struct report_file r;
	struct diags d = {0};
	assert_int_equal(report_reader_next(rd, &r, &d), 1);
	report_file_release(&r);
	assert_null(report_reader_free(rd));
	STRV_FOREACH(p, paths)
		unlink(*p);
	strv_free(paths);
	rmdir(dir);
}

/* ---- diff ---- */

struct pair {
	struct report_file old, new;
	struct report_diff d;
};

static void pair_load(struct pair *p, const char *old, const char *new)
{
	parse_ok("old.json", old, 0, &p->old);
	parse_ok("new.json", new, 0, &p->new);
	report_diff_compute(&p->old, &p->new, &p->d);
}

static void pair_release(struct pair *p)
{
	report_diff_release(&p->d);
	report_file_release(&p->old);
	report_file_release(&p->new);
}

static const struct rule_diff *change_of(const struct report_diff *d, const char *id)
{
	for (size_t i = 0; i < d->n_rules; i++) {
		const struct loaded_result *r = d->rules[i].new ? d->rules[i].new : d->rules[i].old;
		if (STREQ(r->id, id))
			return &d->rules[i];
	}
	return NULL;
}

static void test_diff_transitions(void **state)
{
	(void)state;
	struct pair p;
	pair_load(&p,
		  HEAD RES("same.pass", "low", "pass") ", " RES("p.f", "medium", "pass") ", "
		  RES("f.p", "high", "fail") ", " RES("f.na", "low", "fail") ", "
		  RES("f.w", "low", "fail") ", " RES("f.e", "low", "fail") ", "
		  RES("e.f", "critical", "error") ", " RES("p.e", "low", "pass") ", "
		  RESX("f.f.obs", "low", "fail", "\"observed\": \"a\"") ", "
		  RES("gone.fail", "high", "fail") ", " RES("sev", "low", "pass") ", "
		  RESX("exp", "low", "pass", "\"expected\": \"x\"") ", "
		  RESX("ev", "low", "pass", "\"evidence\": [{\"source\": \"s\", \"line\": 1, "
					    "\"detail\": \"d\"}]") TAIL,
		  HEAD RES("new.fail", "low", "fail") ", " RES("same.pass", "low", "pass") ", "
		  RES("p.f", "medium", "fail") ", " RES("f.p", "high", "pass") ", "
		  RES("f.na", "low", "not_applicable") ", " RES("f.w", "low", "waived") ", "
		  RES("f.e", "low", "error") ", " RES("e.f", "critical", "fail") ", "
		  RES("p.e", "low", "error") ", "
		  RESX("f.f.obs", "low", "fail", "\"observed\": \"b\"") ", "
		  RES("new.pass", "low", "pass") ", " RES("sev", "high", "pass") ", "
		  RESX("exp", "low", "pass", "\"expected\": \"y\"") ", "
		  RESX("ev", "low", "pass", "\"evidence\": [{\"source\": \"s\", \"line\": 2, "
					    "\"detail\": \"d\"}]") TAIL);
	const struct report_diff *d = &p.d;
	struct {
		const char *id;
		enum diff_change change;
		unsigned fields;
	} want[] = {
		/* in enum order, then the new report's order; removed last */
		{"new.fail", DIFF_NEW_FAILURE, 0},
		{"p.f", DIFF_NEW_FAILURE, 0},
		{"e.f", DIFF_NEW_FAILURE, 0},
		{"f.p", DIFF_FIXED, 0},
		{"f.na", DIFF_FIXED, 0},
		{"f.w", DIFF_STATUS_CHANGED, 0},
		{"f.e", DIFF_STATUS_CHANGED, 0},
		{"p.e", DIFF_STATUS_CHANGED, 0},
		{"f.f.obs", DIFF_CHANGED, DIFF_FIELD_OBSERVED},
		{"sev", DIFF_CHANGED, DIFF_FIELD_SEVERITY},
		{"exp", DIFF_CHANGED, DIFF_FIELD_EXPECTED},
		{"ev", DIFF_CHANGED, DIFF_FIELD_EVIDENCE},
		{"new.pass", DIFF_ADDED, 0},
		{"gone.fail", DIFF_REMOVED, 0},
	};
	assert_int_equal(d->n_rules, ELEMENTSOF(want));
	for (size_t i = 0; i < ELEMENTSOF(want); i++) {
		const struct rule_diff *rd = &d->rules[i];
		const struct loaded_result *r = rd->new ? rd->new : rd->old;
		assert_string_equal(r->id, want[i].id);
		assert_int_equal(rd->change, want[i].change);
		assert_int_equal(rd->fields, want[i].fields);
	}
	assert_null(change_of(d, "new.fail")->old);
	assert_null(change_of(d, "gone.fail")->new);
	assert_null(change_of(d, "same.pass"));
	assert_int_equal(d->counts[DIFF_NEW_FAILURE], 3);
	assert_int_equal(d->counts[DIFF_FIXED], 2);
	assert_int_equal(d->counts[DIFF_STATUS_CHANGED], 3);
	assert_int_equal(d->counts[DIFF_CHANGED], 4);
	assert_int_equal(d->counts[DIFF_ADDED], 1);
	assert_int_equal(d->counts[DIFF_REMOVED], 1);
	assert_int_equal(d->unchanged, 1);
	/* --fail-on: new.fail low, p.f medium, e.f critical */
	assert_int_equal(report_diff_new_failures(d, SEVERITY_LOW), 3);
	assert_int_equal(report_diff_new_failures(d, SEVERITY_MEDIUM), 2);
	assert_int_equal(report_diff_new_failures(d, SEVERITY_HIGH), 1);
	assert_int_equal(report_diff_new_failures(d, SEVERITY_CRITICAL), 1);
	assert_string_equal(diff_change_to_string(DIFF_STATUS_CHANGED), "status_changed");
	assert_string_equal(diff_field_to_string(DIFF_FIELD_EVIDENCE), "evidence");
	pair_release(&p);
}

static void test_diff_identical(void **state)
{
	(void)state;
	struct pair p;
	const char *text = HEAD RESX("a", "low", "fail", "\"objects\": [" OBJ("container", "1", "w",
									   "fail", "x") "]") TAIL;
	pair_load(&p, text, text);
	assert_int_equal(p.d.n_rules, 0);
	assert_int_equal(p.d.unchanged, 1);
	assert_int_equal(p.d.n_objects, 0);
	assert_int_equal(report_diff_new_failures(&p.d, SEVERITY_LOW), 0);
	pair_release(&p);

	/* empty reports */
	pair_load(&p, HEAD TAIL, HEAD TAIL);
	assert_int_equal(p.d.n_rules, 0);
	assert_int_equal(p.d.unchanged, 0);
	pair_release(&p);
}

static void test_diff_objects(void **state)
{
	(void)state;
	struct pair p;
	pair_load(&p,
		  HEAD RESX("c.user", "medium", "fail",
			    "\"objects\": [" OBJ("container", "s1", "sshd", "fail", "root") ", "
			    OBJ("container", "h1", "hard", "pass", "65534") ", "
			    OBJ("container", "a1", "always", "fail", "root") ", "
			    OBJ("container", "c1", "cfg", "pass", "1000") ", "
			    OBJ("user", "", "alice", "fail", "member") "]")
		  ", " RESX("c.ro", "low", "fail",
			    "\"objects\": [" OBJ("container", "s1", "sshd", "pass", "ro") ", "
			    OBJ("container", "h1", "hard", "pass", "ro") ", "
			    OBJ("container", "a1", "always", "fail", "rw") "]") TAIL,
		  HEAD RESX("c.user", "medium", "fail",
			    "\"objects\": [" OBJ("container", "h1", "hard", "pass", "65534") ", "
			    OBJ("container", "a2", "always", "fail", "root") ", "
			    OBJ("container", "c1", "cfg", "pass", "1001") ", "
			    OBJ("container", "w1", "web", "fail", "root") ", "
			    OBJ("user", "", "alice", "fail", "member") "]")
		  ", " RESX("c.ro", "low", "fail",
			    "\"objects\": [" OBJ("container", "h1", "hard", "fail", "rw") ", "
			    OBJ("container", "a2", "always", "fail", "rw") ", "
			    OBJ("container", "w1", "web", "pass", "ro") "]") TAIL);
	const struct report_diff *d = &p.d;
	assert_int_equal(d->n_rules, 2);

	/* per rule: always recreated (new id, same verdict) is no change of the rule */
	const struct rule_diff *u = change_of(d, "c.user");
	assert_int_equal(u->change, DIFF_CHANGED);
	assert_int_equal(u->fields, DIFF_FIELD_OBJECTS);
	assert_int_equal(u->n_objects, 3);
	assert_int_equal(u->objects[0].change, OBJECT_CHANGED); /* cfg: 1000 -> 1001 */
	assert_string_equal(u->objects[0].new->name, "cfg");
	assert_string_equal(u->objects[0].old->observed, "1000");
	assert_int_equal(u->objects[1].change, OBJECT_APPEARED);
	assert_string_equal(u->objects[1].new->name, "web");
	assert_null(u->objects[1].old);
	assert_int_equal(u->objects[2].change, OBJECT_DISAPPEARED);
	assert_string_equal(u->objects[2].old->name, "sshd");
	assert_null(u->objects[2].new);

	const struct rule_diff *ro = change_of(d, "c.ro");
	assert_int_equal(ro->n_objects, 3);
	assert_int_equal(ro->objects[0].change, OBJECT_STATUS_CHANGED);
	assert_string_equal(ro->objects[0].new->name, "hard");
	assert_int_equal(ro->objects[0].old->status, STATUS_PASS);
	assert_int_equal(ro->objects[1].change, OBJECT_APPEARED);
	assert_int_equal(ro->objects[2].change, OBJECT_DISAPPEARED);

	/* over the reports, by change then kind and name; cfg's observed value changed in one
	 * rule, which that rule says: over the reports it is the same object with the same
	 * verdicts */
	assert_int_equal(d->n_objects, 4);
	const struct object_summary *o = d->objects;
	assert_int_equal(o[0].change, OBJECT_APPEARED);
	assert_string_equal(o[0].new->name, "web");
	assert_int_equal(o[0].n_rules, 1); /* fails c.user only */
	assert_string_equal(o[0].rules[0].rule_id, "c.user");
	assert_int_equal(o[0].rules[0].old, _STATUS_INVALID);
	assert_int_equal(o[0].rules[0].new, STATUS_FAIL);
	assert_int_equal(o[1].change, OBJECT_DISAPPEARED);
	assert_string_equal(o[1].old->name, "sshd");
	assert_int_equal(o[1].n_rules, 1); /* failed c.user, passed c.ro */
	assert_string_equal(o[1].rules[0].rule_id, "c.user");
	assert_int_equal(o[2].change, OBJECT_STATUS_CHANGED);
	assert_string_equal(o[2].new->name, "hard");
	assert_int_equal(o[2].n_rules, 1);
	assert_string_equal(o[2].rules[0].rule_id, "c.ro");
	assert_int_equal(o[2].rules[0].old, STATUS_PASS);
	assert_int_equal(o[2].rules[0].new, STATUS_FAIL);
	assert_int_equal(o[3].change, OBJECT_CHANGED); /* always: recreated */
	assert_string_equal(o[3].old->id, "a1");
	assert_string_equal(o[3].new->id, "a2");
	assert_int_equal(d->object_counts[OBJECT_APPEARED], 1);
	assert_int_equal(d->object_counts[OBJECT_DISAPPEARED], 1);
	assert_int_equal(d->object_counts[OBJECT_STATUS_CHANGED], 1);
	assert_int_equal(d->object_counts[OBJECT_CHANGED], 1);
	pair_release(&p);
}

static void test_diff_duplicate_objects(void **state)
{
	(void)state;
	/* Two objects with one key are paired in order; the third one appeared. */
	struct pair p;
	pair_load(&p,
		  HEAD RESX("r", "low", "pass", "\"objects\": [" OBJ("file", "/x", "/x", "pass", "a")
						", " OBJ("file", "/x", "/x", "pass", "b") "]") TAIL,
		  HEAD RESX("r", "low", "pass", "\"objects\": [" OBJ("file", "/x", "/x", "pass", "a")
						", " OBJ("file", "/x", "/x", "fail", "c") ", "
						OBJ("file", "/x", "/x", "pass", "d") "]") TAIL);
	const struct rule_diff *rd = change_of(&p.d, "r");
	assert_non_null(rd);
	assert_int_equal(rd->n_objects, 2);
	assert_int_equal(rd->objects[0].change, OBJECT_STATUS_CHANGED);
	assert_string_equal(rd->objects[0].old->observed, "b");
	assert_int_equal(rd->objects[1].change, OBJECT_APPEARED);
	assert_string_equal(rd->objects[1].new->observed, "d");
	pair_release(&p);
}

/* ---- renderers of the diff ---- */

/* noinline: gcc 12 takes the memstream's buffer, once inlined, for a dangling local. */
__attribute__((noinline)) static char *render_to_string(int (*fn)(const void *, unsigned, FILE *),
							const void *model, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(fn(model, flags, f), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static int diff_text(const void *m, unsigned flags, FILE *f)
{
	return report_diff_render_text(m, flags, f);
}

static int diff_json(const void *m, unsigned flags, FILE *f)
{
	(void)flags;
	return report_diff_render_json(m, "9.9", f);
}

static int diff_html(const void *m, unsigned flags, FILE *f)
{
	(void)flags;
	char *error = NULL;
	int r = report_diff_render_html(m, "9.9", f, &error);
	if (r < 0)
		print_error("%s\n", error);
	free(error);
	return r;
}

/* Every line within 100 columns, no control character but the newline, valid UTF-8. */
static void assert_clean_text(const char *s)
{
	size_t col = 0;
	while (*s) {
		uint32_t cp;
		size_t len = text_utf8_decode(s, &cp);
		assert_int_not_equal(len, 0);
		if (cp == '\n') {
			col = 0;
		} else {
			assert_true(cp >= 0x20 && cp != 0x7f && !(cp >= 0x202a && cp <= 0x202e));
			assert_true(++col <= 100);
		}
		s += len;
	}
}

#define HOSTILE "evil \\u001b[2J\\nFAIL forged \\u202e \\\"q\\\" <script>x</script>"

static const char diff_old[] =
	HEAD_H("\"web-1\"") RESX("files.sock", "critical", "pass",
				 "\"expected\": \"mode at most 0660\", \"observed\": \"0660\", "
				 "\"evidence\": [{\"source\": \"var/run/docker.sock\", \"detail\": "
				 "\"root:docker 0660\"}]")
	", " RES("kernel.kptr", "low", "fail") ", "
	RESX("c.user", "medium", "fail",
	     "\"observed\": \"1 of 2 fail\", \"objects\": ["
	     OBJ("container", "s100000000000000", "sshd", "fail", "root") ", "
	     OBJ("container", "h1", "hard", "pass", "65534") "]")
	", " RES("gone", "low", "pass") TAIL;
static const char diff_new[] =
	HEAD_H("\"web-1\"") RESX("files.sock", "critical", "fail",
				 "\"expected\": \"mode at most 0660\", \"observed\": \"0666\", "
				 "\"evidence\": [{\"source\": \"var/run/docker.sock\", \"detail\": "
				 "\"root:docker 0666\"}]")
	", " RES("kernel.kptr", "low", "pass") ", "
	RESX("c.user", "medium", "fail",
	     "\"observed\": \"2 of 2 fail\", \"objects\": ["
	     OBJ("container", "h1", "hard", "fail", "root") ", "
	     OBJ("container", "w200000000000000", "web", "fail", "root") "]")
	", " RESX("added.rule", "high", "pass", "\"title\": \"" HOSTILE "\"") TAIL;

static void test_diff_text(void **state)
{
	(void)state;
	struct pair p;
	pair_load(&p, diff_old, diff_new);
	_cleanup_free_ char *t = render_to_string(diff_text, &p.d, 0);
	assert_string_equal(
		t,
		"dockward report diff of web-1 (root /)\n"
		"  old  old.json, started 2026-11-23T08:00:00Z, baseline base v1\n"
		"       2 pass, 2 fail, 0 error, 0 not applicable, 0 waived, 0 manual; score 50%\n"
		"  new  new.json, started 2026-11-23T08:00:00Z, baseline base v1\n"
		"       2 pass, 2 fail, 0 error, 0 not applicable, 0 waived, 0 manual; score 50%\n"
		"\n"
		"new failures (1)\n"
		"  FAIL   critical files.sock  was PASS   Title files.sock\n"
		"     expected: mode at most 0660\n"
		"     observed: 0666\n"
		"       before: 0660\n"
		"    -evidence: var/run/docker.sock: root:docker 0660\n"
		"    +evidence: var/run/docker.sock: root:docker 0666\n"
		"\n"
		"fixed (1)\n"
		"  PASS   low      kernel.kptr was FAIL   Title kernel.kptr\n"
		"     observed: (none)\n"
		"\n"
		"changed, same status (1)\n"
		"  FAIL   medium   c.user                 Title c.user\n"
		"     observed: 2 of 2 fail\n"
		"       before: 1 of 2 fail\n"
		"       object: container hard (h1): fail (was pass): root\n"
		"       object: container web (w20000000000): appeared, fail: root\n"
		"  and objects: 1 disappeared (-v lists them)\n"
		"\n"
		"added to the baseline (1)\n"
		"  PASS   high     added.rule  new rule   evil \\x1b[2J\\nFAIL forged \\u202e \"q\" "
		"<script>x</script>\n"
		"\n"
		"removed from the baseline (1)\n"
		"  PASS   low      gone        removed    Title gone\n"
		"\n"
		"objects (3)\n"
		"  container web (w20000000000): appeared, fails 1 rule: c.user\n"
		"  container sshd (s10000000000): disappeared, failed 1 rule: c.user\n"
		"  container hard (h1): c.user fail (was pass)\n"
		"\n"
		"rules: 1 new failure, 1 fixed, 0 status changed, 1 changed, 1 added, 1 removed, 0 "
		"unchanged\n"
		"objects: 1 appeared, 1 disappeared, 1 changed verdict, 0 changed otherwise\n"
		"score: 50% -> 50%\n");
	assert_clean_text(t);

	/* -q: the new failures and the summary (ids aligned among those shown) */
	_cleanup_free_ char *q = render_to_string(diff_text, &p.d, RENDER_QUIET);
	assert_string_equal(
		q,
		"new failures (1)\n"
		"  FAIL   critical files.sock was PASS   Title files.sock\n"
		"     expected: mode at most 0660\n"
		"     observed: 0666\n"
		"       before: 0660\n"
		"    -evidence: var/run/docker.sock: root:docker 0660\n"
		"    +evidence: var/run/docker.sock: root:docker 0666\n"
		"\n"
		"rules: 1 new failure, 1 fixed, 0 status changed, 1 changed, 1 added, 1 removed, 0 "
		"unchanged\n"
		"objects: 1 appeared, 1 disappeared, 1 changed verdict, 0 changed otherwise\n"
		"score: 50% -> 50%\n");

	/* -v: every object of a rule */
	_cleanup_free_ char *v = render_to_string(diff_text, &p.d, RENDER_VERBOSE);
	assert_non_null(strstr(v, "       object: container sshd (s10000000000): disappeared (was "
				  "fail)\n"));
	assert_null(strstr(v, "-v lists them"));
	assert_clean_text(v);

	/* colour: tags and headings only */
	_cleanup_free_ char *c = render_to_string(diff_text, &p.d, RENDER_COLOR);
	assert_non_null(strstr(c, "\033[1mnew failures (1)\033[0m\n  \033[1;31mFAIL\033[0m   "));
	pair_release(&p);
}

static const char *jget_string(json_object *o, const char *path)
{
	_cleanup_strv_free_ char **parts = NULL;
	for (const char *p = path; *p;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		strv_push(&parts, xstrndup(p, n));
		p += n + (dot != NULL);
	}
	json_object *v = o;
	STRV_FOREACH(k, parts) {
		char *end;
		unsigned long idx = strtoul(*k, &end, 10);
		if (*end == '\0' && json_object_is_type(v, json_type_array))
			v = json_object_array_get_idx(v, idx);
		else if (!json_object_object_get_ex(v, *k, &v))
			return "<absent>";
	}
	return v ? json_object_get_string(v) : "<null>";
}

static void test_diff_json(void **state)
{
	(void)state;
	struct pair p;
	pair_load(&p, diff_old, diff_new);
	_cleanup_free_ char *t = render_to_string(diff_json, &p.d, 0);
	_cleanup_json_ json_object *o = json_tokener_parse(t);
	assert_non_null(o);
	assert_string_equal(jget_string(o, "schema"), "dockward-report-diff/1");
	assert_string_equal(jget_string(o, "tool.version"), "9.9");
	assert_string_equal(jget_string(o, "old.file"), "old.json");
	assert_string_equal(jget_string(o, "old.hostname"), "web-1");
	assert_string_equal(jget_string(o, "old.baseline.version"), "1");
	assert_string_equal(jget_string(o, "old.summary.fail"), "2");
	assert_string_equal(jget_string(o, "old.score"), "50");
	assert_string_equal(jget_string(o, "new.score"), "50");
	assert_string_equal(jget_string(o, "summary.new_failures"), "1");
	assert_string_equal(jget_string(o, "summary.unchanged"), "0");
	assert_string_equal(jget_string(o, "summary.objects.disappeared"), "1");
	assert_string_equal(jget_string(o, "changes.0.id"), "files.sock");
	assert_string_equal(jget_string(o, "changes.0.change"), "new_failure");
	assert_string_equal(jget_string(o, "changes.0.fields.0"), "observed");
	assert_string_equal(jget_string(o, "changes.0.fields.1"), "evidence");
	assert_string_equal(jget_string(o, "changes.0.old.status"), "pass");
	assert_string_equal(jget_string(o, "changes.0.new.observed"), "0666");
	assert_string_equal(jget_string(o, "changes.0.new.evidence.0.detail"), "root:docker 0666");
	assert_string_equal(jget_string(o, "changes.2.objects.0.change"), "status_changed");
	assert_string_equal(jget_string(o, "changes.2.objects.0.old.status"), "pass");
	assert_string_equal(jget_string(o, "changes.2.objects.1.old"), "<null>");
	assert_string_equal(jget_string(o, "changes.3.change"), "added");
	assert_string_equal(jget_string(o, "changes.3.old"), "<null>");
	assert_string_equal(jget_string(o, "changes.3.title"),
			    "evil \033[2J\nFAIL forged \xe2\x80\xae \"q\" <script>x</script>");
	assert_string_equal(jget_string(o, "changes.4.change"), "removed");
	assert_string_equal(jget_string(o, "changes.4.new"), "<null>");
	assert_string_equal(jget_string(o, "objects.0.change"), "appeared");
	assert_string_equal(jget_string(o, "objects.0.new.id"), "w200000000000000");
	assert_string_equal(jget_string(o, "objects.0.rules.0.id"), "c.user");
	assert_string_equal(jget_string(o, "objects.0.rules.0.old"), "<null>");
	assert_string_equal(jget_string(o, "objects.2.rules.0.new"), "fail");
	pair_release(&p);
}

static void test_diff_invalid_utf8(void **state)
{
	(void)state;
	/* json-c does not validate UTF-8 here: the renderers repair or escape it. */
	struct pair p;
	pair_load(&p, HEAD RES("a", "low", "pass") TAIL,
		  HEAD RESX("a", "low", "fail", "\"title\": \"bad \xff\xfe end\"") TAIL);
	_cleanup_free_ char *j = render_to_string(diff_json, &p.d, 0);
	assert_non_null(strstr(j, "\"title\": \"bad \xef\xbf\xbd\xef\xbf\xbd end\""));
	_cleanup_free_ char *t = render_to_string(diff_text, &p.d, 0);
	assert_non_null(strstr(t, "bad \\xff\\xfe end"));
	assert_clean_text(t);
	pair_release(&p);
}

static void test_diff_html(void **state)
{
	(void)state;
	struct pair p;
	pair_load(&p, diff_old, diff_new);
	_cleanup_free_ char *h = render_to_string(diff_html, &p.d, 0);
	assert_true(startswith(h, "<!DOCTYPE html>\n"));
	assert_non_null(strstr(h, "<title>dockward: drift on web-1</title>"));
	/* escaped for HTML, controls and bidi shown as escapes */
	assert_non_null(strstr(h, "evil \\x1b[2J\nFAIL forged \\u202e &quot;q&quot; "
				  "&lt;script&gt;x&lt;/script&gt;"));
	assert_null(strstr(h, "<script>"));
	assert_null(strstr(h, "\033"));
	assert_non_null(strstr(h, "<span class=\"badge st-fail\">FAIL</span>"));
	assert_non_null(strstr(h, "id=\"change-new_failure\""));
	assert_non_null(strstr(h, "<span class=\"chg c-appeared\">appeared</span>"));
	/* an object does not inherit its rule's "was" */
	assert_null(strstr(h, "was WAIVED"));
	pair_release(&p);
}

/* ---- merge ---- */

static void fleet_add_text(struct fleet *f, const char *name, const char *text)
{
	struct report_file r;
	parse_ok(name, text, REPORT_LOAD_BRIEF, &r);
	struct diags d = {0};
	assert_int_equal(fleet_add(f, &r, &d), 0);
	assert_int_equal(d.n, 0);
	report_file_release(&r);
}

static void build_fleet(struct fleet *f)
{
	fleet_init(f);
	fleet_add_text(f, "a.json",
		       HEAD_H("\"a\"") RES("r.low", "low", "fail") ", " RES("r.crit", "critical",
									       "pass")
		       ", " RES("r.high", "high", "fail") ", " RES("r.err", "low", "error") TAIL);
	fleet_add_text(f, "b.json",
		       HEAD_H("null") RES("r.low", "low", "fail") ", " RES("r.crit", "critical",
									   "fail")
		       ", " RES("r.high", "medium", "pass") ", " RES("r.new", "low", "waived")
		       TAIL);
	fleet_add_text(f, "c.json",
		       HEAD_H("\"c\"") RES("r.low", "low", "pass") ", " RES("r.crit", "critical",
									       "pass") TAIL);
	fleet_finish(f);
}

static void test_merge_model(void **state)
{
	(void)state;
	struct fleet f;
	build_fleet(&f);
	assert_int_equal(f.n_hosts, 3);
	assert_int_equal(f.n_rules, 5);
	/* worst first: r.low fails on 2; r.crit and r.high on 1 each, critical first; then r.err
	 * (in error on one host) before r.new */
	const char *order[] = {"r.low", "r.crit", "r.high", "r.err", "r.new"};
	for (size_t i = 0; i < ELEMENTSOF(order); i++)
		assert_string_equal(f.rules[f.rule_order[i]].id, order[i]);
	const struct fleet_rule *high = &f.rules[f.rule_order[2]];
	assert_int_equal(high->severity, SEVERITY_HIGH); /* the highest given */
	assert_int_equal(high->counts[STATUS_FAIL], 1);
	assert_int_equal(high->counts[STATUS_PASS], 1);
	assert_int_equal(high->absent, 1);
	assert_int_equal(f.rules[f.rule_order[4]].absent, 2);
	/* hosts worst first: a and b tie (1 pass, 2 fail: 33.3%), so the order given */
	assert_string_equal(f.hosts[f.host_order[0]].file, "a.json");
	assert_string_equal(f.hosts[f.host_order[1]].file, "b.json");
	assert_string_equal(f.hosts[f.host_order[2]].file, "c.json");
	assert_null(f.hosts[1].hostname);
	/* rows: c's row is as long as the rules known when it came; the rest is absent */
	assert_int_equal(f.hosts[2].n_row, 5);
	assert_int_equal(f.hosts[0].n_row, 4);
	assert_int_equal(f.hosts[0].row[3], STATUS_ERROR);
	assert_int_equal(f.hosts[2].row[2], FLEET_ABSENT);
	assert_int_equal(f.hosts_failing, 2);
	assert_int_equal(f.rules_failing, 3);
	assert_int_equal(f.n_baselines, 1);
	assert_int_equal(f.baselines[0].hosts, 3);
	assert_int_equal(fleet_status_letter(STATUS_FAIL), 'F');
	assert_int_equal(fleet_status_letter(FLEET_ABSENT), ' ');
	fleet_release(&f);
}

static int fleet_text(const void *m, unsigned flags, FILE *f)
{
	return fleet_render_text(m, flags, f);
}

static int fleet_json(const void *m, unsigned flags, FILE *f)
{
	(void)flags;
	return fleet_render_json(m, "9.9", f);
}

static int fleet_html(const void *m, unsigned flags, FILE *f)
{
	(void)flags;
	char *error = NULL;
	int r = fleet_render_html(m, "9.9", f, &error);
	if (r < 0)
		print_error("%s\n", error);
	free(error);
	return r;
}

static void test_merge_text(void **state)
{
	(void)state;
	struct fleet f;
	build_fleet(&f);
	_cleanup_free_ char *t = render_to_string(fleet_text, &f, 0);
	assert_string_equal(
		t,
		"dockward fleet view of 3 hosts against base v1\n"
		"\n"
		"rules, worst first\n"
		"    #   fail  error   pass severity id     title\n"
		"    1      2      0      1 low      r.low  Title r.low\n"
		"    2      1      0      2 critical r.crit Title r.crit\n"
		"    3      1      0      1 high     r.high Title r.high\n"
		"    4      0      1      0 low      r.err  Title r.err\n"
		"    5      0      0      0 low      r.new  Title r.new\n"
		"\n"
		"hosts, worst first\n"
		"  host    score   pass   fail  error    n/a waived manual\n"
		"  a       33.3%      1      2      1      0      0      0\n"
		"  b.json  33.3%      1      2      0      0      1      0\n"
		"  c        100%      2      0      0      0      0      0\n"
		"\n"
		"matrix: a row per host, a column per rule (numbered as above): F fail, . pass, E error, "
		"- not\n"
		"applicable, W waived, M manual, blank: not in that host's report\n"
		"         12345\n"
		"  a      F.FE\n"
		"  b.json FF. W\n"
		"  c      ..\n"
		"\n"
		"3 hosts, 2 failing; 5 rules, 3 failing on at least one host\n");
	assert_clean_text(t);
	_cleanup_free_ char *q = render_to_string(fleet_text, &f, RENDER_QUIET);
	assert_string_equal(q,
			    "\n"
			    "rules failing or in error, worst first\n"
			    "    #   fail  error   pass severity id     title\n"
			    "    1      2      0      1 low      r.low  Title r.low\n"
			    "    2      1      0      2 critical r.crit Title r.crit\n"
			    "    3      1      0      1 high     r.high Title r.high\n"
			    "    4      0      1      0 low      r.err  Title r.err\n"
			    "\n"
			    "3 hosts, 2 failing; 5 rules, 3 failing on at least one host\n");
	fleet_release(&f);
}

static void test_merge_matrix_blocks(void **state)
{
	(void)state;
	/* 120 rules: blocks of 50, numbered downwards with hundreds only where there are */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, HEAD_H("\"h\""));
	for (int i = 0; i < 120; i++)
		strbuf_addf(&sb, "%s{\"id\": \"r%03d\", \"severity\": \"low\", \"status\": \"%s\"}",
			    i ? ", " : "", i, i % 7 == 0 ? "fail" : "pass");
	strbuf_adds(&sb, TAIL);
	struct fleet f;
	fleet_init(&f);
	fleet_add_text(&f, "h.json", sb.buf);
	strbuf_release(&sb);
	fleet_finish(&f);
	_cleanup_free_ char *t = render_to_string(fleet_text, &f, 0);
	const char *m = strstr(t, "report\n");
	assert_non_null(m);
	/* 18 rules fail (every 7th), worst first; the host column is at least "host" wide */
	assert_true(startswith(m + 7,
			       "                1 1111111112 2222222223 3333333334 4444444445\n"
			       "       1234567890 1234567890 1234567890 1234567890 1234567890\n"
			       "  h    FFFFFFFFFF FFFFFFFF.. .......... .......... ..........\n"
			       "\n"
			       "                                                            1\n"
			       "       5555555556 6666666667 7777777778 8888888889 9999999990\n"
			       "       1234567890 1234567890 1234567890 1234567890 1234567890\n"
			       "  h    .......... .......... .......... .......... ..........\n"
			       "\n"
			       "       1111111111 1111111111\n"
			       "       0000000001 1111111112\n"
			       "       1234567890 1234567890\n"
			       "  h    .......... ..........\n"
			       "\n"
			       "1 host, 1 failing; 120 rules, 18 failing on at least one host\n"));
	assert_clean_text(t);
	fleet_release(&f);
}

static void test_merge_json(void **state)
{
	(void)state;
	struct fleet f;
	build_fleet(&f);
	_cleanup_free_ char *t = render_to_string(fleet_json, &f, 0);
	_cleanup_json_ json_object *o = json_tokener_parse(t);
	assert_non_null(o);
	assert_string_equal(jget_string(o, "schema"), "dockward-fleet/1");
	assert_string_equal(jget_string(o, "summary.hosts"), "3");
	assert_string_equal(jget_string(o, "summary.rules"), "5");
	assert_string_equal(jget_string(o, "summary.hosts_failing"), "2");
	assert_string_equal(jget_string(o, "summary.rules_failing"), "3");
	assert_string_equal(jget_string(o, "baselines.0.id"), "base");
	assert_string_equal(jget_string(o, "baselines.0.hosts"), "3");
	assert_string_equal(jget_string(o, "hosts.0.file"), "a.json");
	assert_string_equal(jget_string(o, "hosts.0.score"), "33.3");
	assert_string_equal(jget_string(o, "hosts.1.hostname"), "<null>");
	assert_string_equal(jget_string(o, "hosts.1.score"), "33.3");
	assert_string_equal(jget_string(o, "hosts.1.summary.waived"), "1");
	assert_string_equal(jget_string(o, "rules.0.id"), "r.low");
	assert_string_equal(jget_string(o, "rules.0.hosts.fail"), "2");
	assert_string_equal(jget_string(o, "rules.4.hosts.absent"), "2");
	assert_string_equal(jget_string(o, "rules.2.severity"), "high");
	/* matrix[host][rule] in the orders above */
	assert_string_equal(jget_string(o, "matrix.0.0"), "fail");
	assert_string_equal(jget_string(o, "matrix.0.3"), "error");
	assert_string_equal(jget_string(o, "matrix.0.4"), "<null>");
	assert_string_equal(jget_string(o, "matrix.1.4"), "waived");
	assert_string_equal(jget_string(o, "matrix.2.2"), "<null>");
	assert_int_equal(json_object_array_length(json_object_object_get(o, "matrix")), 3);
	fleet_release(&f);
}

static void test_merge_html(void **state)
{
	(void)state;
	struct fleet f;
	fleet_init(&f);
	fleet_add_text(&f, "x.json",
		       HEAD_H("\"<b>h</b>\"") RESX("r.a", "high", "fail", "\"title\": \"" HOSTILE
									   "\"") TAIL);
	fleet_finish(&f);
	_cleanup_free_ char *h = render_to_string(fleet_html, &f, 0);
	assert_true(startswith(h, "<!DOCTYPE html>\n"));
	assert_non_null(strstr(h, "<title>dockward: fleet of 1 host</title>"));
	assert_non_null(strstr(h, "<b>&lt;b&gt;h&lt;/b&gt;</b>"));
	assert_non_null(strstr(h, "&lt;script&gt;x&lt;/script&gt;"));
	assert_non_null(strstr(h, "\\x1b[2J"));
	assert_null(strstr(h, "\033"));
	assert_non_null(strstr(h, "<td class=\"m-fail\">F</td>"));
	assert_non_null(strstr(h, "<rect class=\"s-fail\" x=\"0.00\" y=\"0\" width=\"100.00\""));
	fleet_release(&f);
}

static void test_merge_limits(void **state)
{
	(void)state;
	/* FLEET_RULES_MAX distinct ids over the reports, then -E2BIG */
	struct fleet f;
	fleet_init(&f);
	for (int k = 0; k < 3; k++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, HEAD);
		for (int i = 0; i < FLEET_RULES_MAX / 2; i++)
			strbuf_addf(&sb, "%s{\"id\": \"r%d-%d\", \"severity\": \"low\", "
					 "\"status\": \"pass\"}", i ? ", " : "", k, i);
		strbuf_adds(&sb, TAIL);
		struct report_file r;
		parse_ok("big.json", sb.buf, REPORT_LOAD_BRIEF, &r);
		strbuf_release(&sb);
		struct diags d = {0};
		int ret = fleet_add(&f, &r, &d);
		report_file_release(&r);
		if (k < 2) {
			assert_int_equal(ret, 0);
			assert_int_equal(d.n, 0);
		} else {
			assert_int_equal(ret, -E2BIG);
			assert_int_equal(d.n, 1);
			_cleanup_free_ char *m = diag_format(&d.items[0]);
			assert_string_equal(m, "big.json: more than 20000 distinct rules in the reports "
					       "to merge");
		}
		diags_release(&d);
	}
	assert_int_equal(f.n_rules, FLEET_RULES_MAX);
	assert_int_equal(f.n_hosts, 2);
	fleet_release(&f);

	/* more than REPORT_RESULTS_MAX results in one report */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, HEAD);
	for (int i = 0; i <= REPORT_RESULTS_MAX; i++)
		strbuf_addf(&sb, "%s{}", i ? ", " : "");
	strbuf_adds(&sb, TAIL);
	_cleanup_free_ char *m = parse_err(sb.buf, sb.len, -EINVAL);
	assert_string_equal(m, "r.json: results: 20001 results, more than 20000\n");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_fields),
		cmocka_unit_test(test_load_brief),
		cmocka_unit_test(test_load_minimal),
		cmocka_unit_test(test_load_nul_in_string),
		cmocka_unit_test(test_load_compact),
		cmocka_unit_test(test_load_syntax),
		cmocka_unit_test(test_load_schema),
		cmocka_unit_test(test_load_types),
		cmocka_unit_test(test_load_files),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_diff_transitions),
		cmocka_unit_test(test_diff_identical),
		cmocka_unit_test(test_diff_objects),
		cmocka_unit_test(test_diff_duplicate_objects),
		cmocka_unit_test(test_diff_text),
		cmocka_unit_test(test_diff_json),
		cmocka_unit_test(test_diff_invalid_utf8),
		cmocka_unit_test(test_diff_html),
		cmocka_unit_test(test_merge_model),
		cmocka_unit_test(test_merge_text),
		cmocka_unit_test(test_merge_matrix_blocks),
		cmocka_unit_test(test_merge_json),
		cmocka_unit_test(test_merge_html),
		cmocka_unit_test(test_merge_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
