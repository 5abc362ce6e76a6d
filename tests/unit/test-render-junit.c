/* test-render-junit.c: the JUnit renderer (src/report/render-junit.c) on a report full of
 * hostile strings (tests/unit/render-test-util.h).
 *
 * Exact element and attribute text for each status; "]]>", "<", "&" and quotes escaped in
 * attributes and text; control characters, DEL, C1 controls, U+FFFE and invalid UTF-8 replaced
 * with U+FFFD; the whole document valid UTF-8 with only characters XML 1.0 allows; and Debian's
 * python3 (expat) parses it, with counts that agree with the JSON report
 * (tests/report/validate-junit.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "render-test-util.h"

#define FFFD "\xef\xbf\xbd"

static void assert_contains(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("missing: %s", needle);
}

/* Every character is valid UTF-8 and one XML 1.0 allows (and none of the discouraged C1). */
static void assert_xml_chars(const char *text)
{
	for (const char *p = text; *p;) {
		uint32_t cp;
		size_t len = text_utf8_decode(p, &cp);
		assert_true(len > 0);
		bool ok = cp == '\t' || cp == '\n' ||
			  (cp >= 0x20 && cp < 0x7f) || (cp > 0x9f && cp != 0xfffe && cp != 0xffff);
		if (!ok)
			fail_msg("character U+%04X at offset %zu", (unsigned)cp, (size_t)(p - text));
		p += len;
	}
}

static void test_junit(void **state)
{
	struct render_fixture *f = *state;
	_cleanup_free_ char *text = render_to_string(&f->r, "junit");

	assert_xml_chars(text);
	assert_null(strstr(text, "]]>"));
	assert_true(startswith(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				     "<testsuites name=\"dockward\" tests=\"9\" failures=\"4\" "
				     "errors=\"1\" skipped=\"3\" time=\"0\">\n"
				     "  <testsuite name=\"daemon\" tests=\"4\" failures=\"2\" "
				     "errors=\"1\" skipped=\"1\" time=\"0\" "
				     "timestamp=\"2026-11-23T09:40:00\" hostname=\"h1&lt;&amp;&gt;\">\n"
				     "    <testcase classname=\"daemon\" name=\"daemon.hostile: Title "
				     "]]&gt; with &lt;tag&gt; &amp; &quot;quotes&quot; &apos;too&apos;\" "
				     "time=\"0\">\n"
				     "      <failure message=\"debug" FFFD "[31m red" FFFD " del" FFFD
				     " c1" FFFD " nonchar" FFFD " end\" type=\"medium\">"
				     "expected: log-level is info\n"
				     "observed: debug" FFFD "[31m red" FFFD " del" FFFD " c1" FFFD
				     " nonchar" FFFD " end\n"
				     "evidence: etc/docker/daemon.json:3:5: &quot;log-level&quot;: "
				     "]]&gt; &#13;\n}\n"
				     "evidence: dockerd default: info\n"
				     "evidence: etc/docker/daemon.json:3:5: &quot;log-level&quot;: "
				     "]]&gt; &#13;\n}\n"
				     "fix: set log-level=info in daemon.json (restarts dockerd)"
				     "</failure>\n"
				     "    </testcase>\n"));

	/* Sections in the order of first use; a rule without one is in "other". */
	const char *d = strstr(text, "<testsuite name=\"daemon\"");
	const char *c = strstr(text, "<testsuite name=\"containers\" tests=\"1\" failures=\"1\" "
				     "errors=\"0\" skipped=\"0\"");
	const char *fi = strstr(text, "<testsuite name=\"files\" tests=\"1\" failures=\"1\"");
	const char *h = strstr(text, "<testsuite name=\"host\" tests=\"2\" failures=\"0\" "
				     "errors=\"0\" skipped=\"2\"");
	const char *o = strstr(text, "<testsuite name=\"other\" tests=\"1\" failures=\"0\" "
				     "errors=\"0\" skipped=\"0\"");
	assert_true(d && c && fi && h && o);
	assert_true(d < c && c < fi && fi < h && h < o);

	/* The daemon rules of the baseline come together, even with other sections between. */
	assert_contains(text, "    <testcase classname=\"daemon\" name=\"daemon.waived: A waived "
			      "rule\" time=\"0\">\n"
			      "      <skipped message=\"waived: vendor ]]&gt; &quot;says&quot; "
			      "&lt;so&gt;&#10;second line (approved by alice &amp; bob, expires "
			      "2099-12-31)\">expected: nothing\n"
			      "observed: something\n"
			      "evidence: builtin:docker-host: x\n"
			      "waived: vendor ]]&gt; &quot;says&quot; &lt;so&gt;\nsecond line; "
			      "approved by alice &amp; bob, expires 2099-12-31; status without "
			      "it: fail</skipped>\n");
	assert_contains(text, "waiver: expired 2020-01-01 (no longer counts): old; approved by "
			      "bob\nmallory</failure>\n");
	assert_contains(text, "      <error message=\"cannot read bad " FFFD FFFD " byte " FFFD
			      " and overlong " FFFD FFFD "\">expected: a readable daemon.json\n");

	/* Containers: the failing ones only, with a hostile name made harmless. */
	assert_contains(text, "<testcase classname=\"containers\" name=\"containers.priv: "
			      "Containers are not privileged \xe2\x80\xae txet desrever\" "
			      "time=\"0\">\n"
			      "      <failure message=\"2 of 3 containers are privileged\" "
			      "type=\"critical\">");
	assert_contains(text, "object: container evil&lt;" FFFD "]0;x" FFFD "&gt;bad " FFFD FFFD
			      " byte " FFFD " and overlong " FFFD FFFD " (3fc72f0609ed) image "
			      "busybox: fail: privileged\n"
			      "object: container db (7963e0ed2e5f) image postgres:16: fail: "
			      "privileged</failure>");
	assert_null(strstr(text, "object: container web"));

	assert_contains(text, "name=\"files.mode: Owner of bad " FFFD FFFD " byte " FFFD
			      " and overlong " FFFD FFFD "\"");
	assert_contains(text, "evidence: etc/" FFFD "group:7: mode 0666\n");
	assert_contains(text, "      <skipped message=\"not applicable: no dockerd\">"
			      "expected: a running dockerd\nobserved: no dockerd</skipped>\n");
	assert_contains(text, "      <skipped message=\"manual: look at the thing\">");
	assert_contains(text, "    <testcase classname=\"other\" name=\"host.pass: Passing rule\" "
			      "time=\"0\"/>\n  </testsuite>\n</testsuites>\n");
	assert_null(strstr(text, "daemon.disabled"));
}

static void test_junit_python(void **state)
{
	struct render_fixture *f = *state;
	if (!render_have_python("xml.etree.ElementTree"))
		skip();
	assert_int_equal(render_validate(&f->r, "junit", "validate-junit.py", NULL), 0);
}

/* The validator must be able to fail: a count off by one is caught. */
static void test_junit_python_catches_wrong_counts(void **state)
{
	struct render_fixture *f = *state;
	if (!render_have_python("xml.etree.ElementTree"))
		skip();
	f->r.summary[STATUS_FAIL]++;
	assert_int_not_equal(render_validate(&f->r, "junit", "validate-junit.py", NULL), 0);
}

static void test_junit_empty(void **state)
{
	(void)state;
	struct report r;
	report_init(&r);
	r.duration_ms = 1500;
	_cleanup_free_ char *text = render_to_string(&r, "junit");
	assert_string_equal(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				  "<testsuites name=\"dockward\" tests=\"0\" failures=\"0\" "
				  "errors=\"0\" skipped=\"0\" time=\"1.5\">\n"
				  "</testsuites>\n");
	r.duration_ms = 4.2;
	_cleanup_free_ char *text2 = render_to_string(&r, "junit");
	assert_non_null(strstr(text2, " time=\"0.004\">"));
	report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_junit, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_junit_python, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_junit_python_catches_wrong_counts,
						render_fixture_setup, render_fixture_teardown),
		cmocka_unit_test(test_junit_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
