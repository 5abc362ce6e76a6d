/* test-render-html.c: the HTML report (src/report/render-html.c, report-fix.c and the embedded
 * templates/) on a report full of hostile strings (tests/unit/render-test-util.h).
 *
 * The view model: score, counts, the order of sections and rules (failing first), the chart
 * geometry, labels, evidence positions, control characters and bidi overrides made visible;
 * the fix plan per rule (report_fix_diff() exactly, fix.diff in the JSON report, diff lines
 * classed for the page); and the page rendered with the embedded template: every hostile string
 * escaped, nothing fetched, one script, every rule present. The browser checks are in
 * tests/report/html-chromium.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "render-test-util.h"
#include "template.h"
#include "templates.h"

static const struct value *get(const struct value *v, const char *path)
{
	_cleanup_free_ char *copy = xstrdup(path);
	char *save = NULL;
	for (char *k = strtok_r(copy, ".", &save); k && v; k = strtok_r(NULL, ".", &save)) {
		if (v->type == VALUE_LIST) {
			uint32_t i;
			if (parse_uint32(k, &i) < 0 || i >= v->list.n)
				return NULL;
			v = v->list.items[i];
		} else {
			v = value_map_get(v, k);
		}
	}
	return v;
}

static const char *str(const struct value *v, const char *path)
{
	const struct value *x = get(v, path);
	if (!x || x->type != VALUE_STRING)
		fail_msg("%s: not a string", path);
	return x->s;
}

static int64_t num(const struct value *v, const char *path)
{
	const struct value *x = get(v, path);
	if (!x || x->type != VALUE_INT)
		fail_msg("%s: not an int", path);
	return x->i;
}

static bool flag(const struct value *v, const char *path)
{
	const struct value *x = get(v, path);
	if (!x || x->type != VALUE_BOOL)
		fail_msg("%s: not a bool", path);
	return x->b;
}

static size_t len(const struct value *v, const char *path)
{
	const struct value *x = get(v, path);
	if (!x || x->type != VALUE_LIST)
		fail_msg("%s: not a list", path);
	return x->list.n;
}

static void assert_contains(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("missing: %s", needle);
}

static void assert_lacks(const char *text, const char *needle)
{
	if (strstr(text, needle))
		fail_msg("present: %s", needle);
}

static size_t count(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_view_summary(void **state)
{
	struct render_fixture *f = *state;
	_cleanup_(value_freep) struct value *v = report_html_view(&f->r);

	assert_string_equal(str(v, "title"), "dockward report: h1<&>");
	assert_string_equal(str(v, "started"), "2026-11-23T09:40:00Z");
	assert_int_equal(num(v, "n_rules"), 9);
	assert_string_equal(str(v, "baseline_sha_short"), "bbbbbbbbbbbb");
	/* 1 pass, 4 fail: 20% */
	assert_int_equal(num(v, "score.percent"), 20);
	assert_int_equal(num(v, "score.decided"), 5);
	assert_string_equal(str(v, "score.grade"), "poor");
	assert_string_equal(str(v, "score.dash"), "52.8 263.9"); /* 2 pi 42 = 263.89 */

	/* totals: every status, fail first */
	assert_int_equal(len(v, "totals"), 6);
	const char *order[] = {"fail", "error", "manual", "waived", "pass", "not_applicable"};
	const int64_t counts[] = {4, 1, 1, 1, 1, 1};
	for (size_t i = 0; i < 6; i++) {
		char path[32];
		snprintf(path, sizeof(path), "totals.%zu.status", i);
		assert_string_equal(str(v, path), order[i]);
		snprintf(path, sizeof(path), "totals.%zu.count", i);
		assert_int_equal(num(v, path), counts[i]);
	}
	assert_string_equal(str(v, "totals.5.label"), "N/A");
	assert_string_equal(str(v, "totals.5.name"), "not applicable");

	/* severities, critical first: rules and failing rules */
	assert_string_equal(str(v, "severities.0.severity"), "critical");
	assert_int_equal(num(v, "severities.0.count"), 1);
	assert_int_equal(num(v, "severities.1.count"), 2); /* high: waived, expired */
	assert_int_equal(num(v, "severities.1.failing"), 1);
	assert_int_equal(num(v, "severities.2.count"), 3); /* medium: hostile, undecided, manual */
	assert_int_equal(num(v, "severities.3.count"), 3); /* low: files.mode, na, pass */

	/* the canonical report rides along */
	assert_string_equal(str(v, "report.schema"), REPORT_SCHEMA);
	assert_string_equal(str(v, "report.host.hostname"), "h1<&>");
	assert_false(flag(v, "plan.present"));
}

static void test_view_charts(void **state)
{
	struct render_fixture *f = *state;
	_cleanup_(value_freep) struct value *v = report_html_view(&f->r);

	/* one scale for all rows: the largest row (3 rules) is 280 wide, so a rule is 93.3 */
	assert_int_equal(len(v, "charts.severity.rows"), 4);
	assert_int_equal(num(v, "charts.severity.height"), 4 * 2 + 4 * 20);
	assert_string_equal(str(v, "charts.severity.rows.0.label"), "critical");
	assert_string_equal(str(v, "charts.severity.rows.0.y"), "7.5");
	assert_string_equal(str(v, "charts.severity.rows.0.ty"), "18");
	assert_int_equal(len(v, "charts.severity.rows.0.segments"), 1);
	assert_string_equal(str(v, "charts.severity.rows.0.segments.0.status"), "fail");
	assert_string_equal(str(v, "charts.severity.rows.0.segments.0.x"), "96");
	assert_string_equal(str(v, "charts.severity.rows.0.segments.0.w"), "93.3");
	assert_string_equal(str(v, "charts.severity.rows.0.segments.0.title"), "critical: 1 fail");
	assert_true(flag(v, "charts.severity.rows.0.segments.0.show_count"));
	assert_string_equal(str(v, "charts.severity.rows.0.total_x"), "194.3");
	/* medium: fail, error, manual in page order, side by side */
	assert_string_equal(str(v, "charts.severity.rows.2.segments.0.status"), "fail");
	assert_string_equal(str(v, "charts.severity.rows.2.segments.1.status"), "error");
	assert_string_equal(str(v, "charts.severity.rows.2.segments.1.x"), "189.3");
	assert_string_equal(str(v, "charts.severity.rows.2.segments.2.status"), "manual");
	assert_string_equal(str(v, "charts.severity.rows.2.segments.2.x"), "282.7");
	assert_string_equal(str(v, "charts.severity.rows.2.summary"), "1 fail · 1 error · 1 manual");

	/* sections, in page order: daemon has 4 rules, the largest row */
	assert_int_equal(len(v, "charts.section.rows"), 5);
	assert_string_equal(str(v, "charts.section.rows.0.label"), "containers");
	assert_string_equal(str(v, "charts.section.rows.1.label"), "daemon");
	assert_string_equal(str(v, "charts.section.rows.1.segments.0.w"), "140");
	assert_string_equal(str(v, "charts.section.rows.0.segments.0.w"), "70");
	assert_true(flag(v, "charts.section.rows.0.segments.0.show_count"));
}

/* A section name longer than the chart's label column is cut there, whole in the title. */
static void test_view_chart_long_label(void **state)
{
	struct render_fixture *f = *state;
	free(f->b->rules[6].section); /* host.na */
	f->b->rules[6].section = xstrdup("a-very-long-section-name");
	_cleanup_(value_freep) struct value *v = report_html_view(&f->r);
	assert_string_equal(str(v, "charts.section.rows.3.label"), "a-very-long...");
	assert_string_equal(str(v, "charts.section.rows.3.segments.0.title"),
			    "a-very-long-section-name: 1 not applicable");
	assert_string_equal(str(v, "sections.3.name"), "a-very-long-section-name");
}

static void test_view_order(void **state)
{
	struct render_fixture *f = *state;
	_cleanup_(value_freep) struct value *v = report_html_view(&f->r);

	/* sections with failing rules first (worst failing severity, then most failures), then
	 * the others in baseline order; a rule without a section is in "other" */
	assert_int_equal(len(v, "sections"), 5);
	assert_string_equal(str(v, "sections.0.name"), "containers");
	assert_string_equal(str(v, "sections.1.name"), "daemon");
	assert_string_equal(str(v, "sections.2.name"), "files");
	assert_string_equal(str(v, "sections.3.name"), "host");
	assert_string_equal(str(v, "sections.4.name"), "other");
	/* in a section: fail (high before medium), error, manual, waived, pass, n/a */
	assert_int_equal(len(v, "sections.1.rules"), 4);
	assert_string_equal(str(v, "sections.1.rules.0.id"), "daemon.expired");
	assert_string_equal(str(v, "sections.1.rules.1.id"), "daemon.hostile");
	assert_string_equal(str(v, "sections.1.rules.2.id"), "daemon.undecided");
	assert_string_equal(str(v, "sections.1.rules.3.id"), "daemon.waived");
	assert_string_equal(str(v, "sections.3.rules.0.id"), "host.manual");
	assert_string_equal(str(v, "sections.3.rules.1.id"), "host.na");
	/* section counts: only the statuses that occur, in page order */
	assert_int_equal(len(v, "sections.1.counts"), 3);
	assert_string_equal(str(v, "sections.1.counts.0.name"), "fail");
	assert_int_equal(num(v, "sections.1.counts.0.count"), 2);
	assert_string_equal(str(v, "sections.1.counts.2.name"), "waived");
	assert_int_equal(num(v, "sections.1.failing"), 2);
}

static void test_view_rule(void **state)
{
	struct render_fixture *f = *state;
	_cleanup_(value_freep) struct value *v = report_html_view(&f->r);

	const struct value *hostile = get(v, "sections.1.rules.1");
	assert_string_equal(str(hostile, "id"), "daemon.hostile");
	assert_string_equal(str(hostile, "status_label"), "FAIL");
	assert_string_equal(str(hostile, "severity_label"), "MEDIUM");
	assert_string_equal(str(hostile, "state"), "open");
	assert_true(flag(hostile, "show_fix"));
	assert_string_equal(str(hostile, "ref_short"), "2.2, 2.2");
	assert_string_equal(str(hostile, "refs_list.0.name"), "CIS Docker 1.6.0");
	assert_string_equal(str(hostile, "refs_list.1.name"), "nist\xef\xbf\xbd");
	/* markup stays (the template escapes it); escapes and bidi overrides become visible */
	assert_string_equal(str(hostile, "title"), HOSTILE_TITLE);
	assert_string_equal(str(hostile, "observed"),
			    "debug\\x1b[31m red\\x01 del\\x7f c1\\u0085 nonchar\xef\xbf\xbe end");
	assert_string_equal(str(hostile, "rationale"),
			    "because <b>\\u202e txet desrever</b> & \"why\"");
	assert_string_equal(str(hostile, "remediation"), "set icc=false\\x1b[0m in daemon.json");
	assert_string_equal(str(hostile, "evidence.0.where"), "etc/docker/daemon.json:3:5");
	assert_string_equal(str(hostile, "evidence.0.detail"), "\"log-level\": ]]> \\r\n}");
	assert_string_equal(str(hostile, "evidence.1.where"), "dockerd default");

	const struct value *priv = get(v, "sections.0.rules.0");
	assert_int_equal(num(priv, "n_objects"), 3);
	assert_int_equal(num(priv, "n_objects_failing"), 2);
	assert_string_equal(str(priv, "objects.0.status_label"), "FAIL");
	assert_string_equal(str(priv, "objects.2.name"), "web"); /* failing first */
	assert_string_equal(str(priv, "objects.0.name"),
			    "evil<\\x1b]0;x\\x07>bad \xef\xbf\xbd\xef\xbf\xbd byte \xef\xbf\xbd"
			    " and overlong \xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(str(priv, "objects.0.short_id"), "3fc72f0609ed");

	const struct value *waived = get(v, "sections.1.rules.3");
	assert_string_equal(str(waived, "state"), "closed");
	assert_string_equal(str(waived, "waiver.waiver_class"), "active");
	assert_string_equal(str(waived, "waiver.reason"), "vendor ]]> \"says\" <so>\nsecond line");
	const struct value *expired = get(v, "sections.1.rules.0");
	assert_string_equal(str(expired, "waiver.waiver_class"), "expired");
	assert_string_equal(str(expired, "waiver.waiver_title"), "Waiver expired (not counted):");

	const struct value *pass = get(v, "sections.4.rules.0");
	assert_string_equal(str(pass, "state"), "closed");
	assert_false(flag(pass, "show_fix"));
	assert_false(flag(pass, "has_refs"));
}

/* A plan: daemon.json rewritten for daemon.hostile and daemon.expired, a chmod for files.mode,
 * a manual note for host.manual, and a restart. */
static void add_plan(struct plan *p)
{
	plan_init(p);
	struct change *c = plan_add_change(p, CHANGE_FILE);
	c->path = xstrdup("/etc/docker/daemon.json");
	c->summary = xstrdup("set log-level=info in /etc/docker/daemon.json");
	c->old_exists = true;
	c->old_content = xstrdup("{\n  \"log-level\": \"debug\"\n}\n");
	c->old_len = strlen(c->old_content);
	c->new_content = xstrdup("{\n  \"log-level\": \"info\x1b\"\n}\n");
	c->new_len = strlen(c->new_content);
	c->daemon_config = true;
	change_add_rule(c, "daemon.hostile");
	change_add_rule(c, "daemon.expired");
	c = plan_add_change(p, CHANGE_ATTR);
	c->path = xstrdup("/etc/docker/../../x");
	c->summary = xstrdup("chmod 0644 /etc/docker/../../x");
	c->set_mode = 0644;
	change_add_rule(c, "files.mode");
	plan_add_note(p, NOTE_MANUAL, "host.manual", "look at <it>");
	p->restart = true;
	strv_extend(&p->restart_rules, "daemon.hostile");
	strv_extend(&p->rules_planned, "daemon.hostile");
	strv_extend(&p->rules_planned, "files.mode");
}

#define DAEMON_DIFF                                                                                \
	"--- a/etc/docker/daemon.json\n"                                                           \
	"+++ b/etc/docker/daemon.json\n"                                                           \
	"@@ -1,3 +1,3 @@\n"                                                                        \
	" {\n"                                                                                     \
	"-  \"log-level\": \"debug\"\n"                                                            \
	"+  \"log-level\": \"info\x1b\"\n"                                                         \
	" }\n"

static void test_fix_diff(void **state)
{
	struct render_fixture *f = *state;
	assert_null(report_fix_diff(&f->r, "daemon.hostile")); /* no plan */
	struct plan p;
	add_plan(&p);
	f->r.plan = &p;

	_cleanup_free_ char *d = report_fix_diff(&f->r, "daemon.hostile");
	assert_string_equal(d, DAEMON_DIFF);
	_cleanup_free_ char *d2 = report_fix_diff(&f->r, "daemon.expired");
	assert_string_equal(d2, DAEMON_DIFF);
	assert_null(report_fix_diff(&f->r, "files.mode")); /* a chmod has no diff */
	assert_null(report_fix_diff(&f->r, "host.pass"));

	/* the JSON report carries it as fix.diff, only where there is one */
	char *json = render_to_string(&f->r, "json");
	assert_contains(json, "\"diff\": \"--- a/etc/docker/daemon.json\\n+++ b/etc/docker/"
			      "daemon.json\\n@@ -1,3 +1,3 @@\\n {\\n-  \\\"log-level\\\": "
			      "\\\"debug\\\"\\n+  \\\"log-level\\\": \\\"info\\u001b\\\"\\n }\\n\"");
	assert_int_equal(count(json, "\"diff\""), 2); /* daemon.hostile and daemon.expired */
	free(json);

	_cleanup_(value_freep) struct value *v = report_html_view(&f->r);
	assert_true(flag(v, "plan.present"));
	assert_int_equal(num(v, "plan.files"), 1);
	assert_int_equal(num(v, "plan.attrs"), 1);
	assert_int_equal(num(v, "plan.rules"), 2);
	assert_true(flag(v, "plan.restart"));
	const struct value *hostile = get(v, "sections.1.rules.1");
	assert_string_equal(str(hostile, "id"), "daemon.hostile");
	assert_true(flag(hostile, "fix.planned"));
	assert_true(flag(hostile, "fix.waits_restart"));
	assert_int_equal(len(hostile, "fix.changes"), 1);
	assert_string_equal(str(hostile, "fix.changes.0.kind_label"), "write file");
	assert_string_equal(str(hostile, "fix.changes.0.anchor"), "change-1");
	/* daemon.json serves two rules: its diff is in the plan, linked from both */
	assert_true(flag(hostile, "fix.changes.0.shared"));
	assert_false(flag(hostile, "fix.changes.0.has_diff"));
	assert_true(flag(hostile, "fix.changes.0.diff_in_plan"));
	assert_int_equal(num(hostile, "fix.changes.0.n_rules"), 2);
	assert_true(flag(hostile, "fix.has_shared"));
	assert_int_equal(len(hostile, "fix.shared_with"), 1);
	assert_string_equal(str(hostile, "fix.shared_with.0.id"), "daemon.expired");

	/* the whole plan, every change with its diff */
	assert_true(flag(v, "plan.has_details"));
	assert_int_equal(len(v, "plan.changes"), 2);
	assert_string_equal(str(v, "plan.changes.0.path"), "/etc/docker/daemon.json");
	assert_string_equal(str(v, "plan.changes.0.rules.1.id"), "daemon.expired");
	assert_true(flag(v, "plan.changes.0.has_diff"));
	const char *cls[] = {"meta", "meta", "hunk", "ctx", "del", "add", "ctx"};
	assert_int_equal(len(v, "plan.changes.0.diff"), ELEMENTSOF(cls));
	for (size_t i = 0; i < ELEMENTSOF(cls); i++) {
		char path[48];
		snprintf(path, sizeof(path), "plan.changes.0.diff.%zu.cls", i);
		assert_string_equal(str(v, path), cls[i]);
	}
	assert_string_equal(str(v, "plan.changes.0.diff.5.text"),
			    "+  \"log-level\": \"info\\x1b\"");
	assert_string_equal(str(v, "plan.changes.1.anchor"), "change-2");
	assert_string_equal(str(v, "plan.summary"),
			    "write 1 file, change the owner or mode of 1 path, then restart dockerd");
	assert_string_equal(str(v, "plan.rules_text"), "2 failing rules");

	/* a change that serves one rule: under that rule (a chmod has no diff) */
	const struct value *mode = get(v, "sections.2.rules.0");
	assert_string_equal(str(mode, "id"), "files.mode");
	assert_string_equal(str(mode, "fix.changes.0.kind_label"), "owner/mode");
	assert_false(flag(mode, "fix.changes.0.shared"));
	assert_false(flag(mode, "fix.changes.0.has_diff"));
	assert_false(flag(mode, "fix.changes.0.diff_in_plan"));
	assert_false(flag(mode, "fix.has_shared"));
	assert_false(flag(mode, "fix.waits_restart"));
	const struct value *manual = get(v, "sections.3.rules.0");
	assert_string_equal(str(manual, "fix.notes.0.kind"), "manual");
	assert_string_equal(str(manual, "fix.notes.0.text"), "look at <it>");

	f->r.plan = NULL;
	plan_release(&p);
}

static char *render_page(const struct report *r)
{
	const struct embedded_template *e = embedded_template_find(TEMPLATE_HTML_REPORT);
	assert_non_null(e);
	struct diags diags = {0};
	struct template *t = NULL;
	int ret = template_parse(e->name, e->data, e->len, embedded_template_partial, NULL, &diags,
				 &t);
	for (size_t i = 0; i < diags.n; i++) {
		_cleanup_free_ char *line = diag_format(&diags.items[i]);
		print_error("%s\n", line);
	}
	diags_release(&diags);
	assert_int_equal(ret, 0);
	char *buf = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&buf, &n);
	assert_non_null(mem);
	_cleanup_free_ char *err = NULL;
	assert_int_equal(report_render_html(r, t, mem, &err), 0);
	assert_int_equal(fclose(mem), 0);
	template_free(t);
	assert_int_equal(strlen(buf), n);
	return buf;
}

static void test_page(void **state)
{
	struct render_fixture *f = *state;
	struct plan p;
	add_plan(&p);
	f->r.plan = &p;
	_cleanup_free_ char *page = render_page(&f->r);
	f->r.plan = NULL;
	plan_release(&p);

	assert_true(startswith(page, "<!DOCTYPE html>\n"));
	assert_contains(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
			      "'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
			      "img-src data:\">");
	/* nothing from the data unescaped: no tag from a title, a name, a reason, a diff */
	assert_lacks(page, "<tag>");
	assert_lacks(page, "<so>");
	assert_lacks(page, "<it>");
	assert_lacks(page, "<b>\\u202e");
	assert_lacks(page, "evil<");
	assert_lacks(page, "h1<&>");
	assert_contains(page, "h1&lt;&amp;&gt;");
	assert_contains(page, "&lt;tag&gt;");
	assert_contains(page, "evil&lt;\\x1b]0;x\\x07&gt;");
	assert_contains(page, "look at &lt;it&gt;");
	/* no raw control character, no bidi override, valid UTF-8 throughout */
	for (const char *q = page; *q;) {
		uint32_t cp;
		size_t n = text_utf8_decode(q, &cp);
		assert_true(n > 0);
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f || cp == 0x202e)
			fail_msg("character U+%04X at offset %zu", (unsigned)cp, (size_t)(q - page));
		q += n;
	}
	/* one script (the template's), nothing fetched */
	assert_int_equal(count(page, "<script"), 1);
	assert_lacks(page, "src=");
	for (const char *h = page; (h = strstr(h, "href=\"")); h++) /* in-page links only */
		assert_int_equal(h[strlen("href=\"")], '#');
	assert_lacks(page, "<link");
	assert_lacks(page, "@import");
	/* every rule, once; failing rules open; the diff lines classed */
	assert_int_equal(count(page, "<article "), 9);
	assert_contains(page, "id=\"rule-daemon.hostile\" data-status=\"fail\" "
			      "data-severity=\"medium\" data-state=\"open\"");
	assert_contains(page, "id=\"rule-host.pass\" data-status=\"pass\" data-severity=\"low\" "
			      "data-state=\"closed\"");
	assert_contains(page, "<span class=\"d-add\">+  &quot;log-level&quot;: "
			      "&quot;info\\x1b&quot;\n</span>");
	assert_contains(page, "<div class=\"pchange\" id=\"change-1\">");
	assert_contains(page, "<a href=\"#change-1\">fix plan</a>");
	assert_contains(page, "<a class=\"rlink\" href=\"#rule-daemon.expired\">daemon.expired</a>");
	/* sections in page order */
	const char *c = strstr(page, "id=\"section-containers\"");
	const char *d = strstr(page, "id=\"section-daemon\"");
	const char *o = strstr(page, "id=\"section-other\"");
	assert_true(c && d && o && c < d && d < o);
}

static void test_page_empty(void **state)
{
	(void)state;
	struct report r;
	report_init(&r);
	r.tool_version = xstrdup("0.1.0");
	r.root = xstrdup("/");
	r.hostname = xstrdup("empty");
	r.docker_source = xstrdup("files");
	_cleanup_free_ char *page = render_page(&r);
	assert_contains(page, "No rule could be decided pass or fail.");
	assert_int_equal(count(page, "<article "), 0);
	_cleanup_(value_freep) struct value *v = report_html_view(&r);
	assert_int_equal(num(v, "score.percent"), 100);
	assert_int_equal(len(v, "sections"), 0);
	assert_int_equal(len(v, "charts.section.rows"), 0);
	report_release(&r);
}

/* The renderer table's entry renders the embedded template too. */
static void test_renderer_entry(void **state)
{
	struct render_fixture *f = *state;
	_cleanup_free_ char *page = render_to_string(&f->r, "html");
	_cleanup_free_ char *direct = render_page(&f->r);
	assert_string_equal(page, direct);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_view_summary, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_view_charts, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_view_chart_long_label, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_view_order, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_view_rule, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_fix_diff, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_page, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test(test_page_empty),
		cmocka_unit_test_setup_teardown(test_renderer_entry, render_fixture_setup,
						render_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
