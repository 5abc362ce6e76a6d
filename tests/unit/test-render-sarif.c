/* test-render-sarif.c: the SARIF renderer (src/report/render-sarif.c) on a report full of
 * hostile strings (tests/unit/render-test-util.h).
 *
 * The document parses (json-c), gives every string back (invalid UTF-8 as U+FFFD), lists every
 * rule of the baseline, has one result per failing object or failing rule, suppressions for
 * waivers, locations from evidence and objects, the rule in error as a notification; and it
 * validates against the SARIF 2.1.0 schema with counts that agree with the JSON report
 * (tests/report/validate-sarif.py, with Debian's python3-jsonschema). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "json-util.h"
#include "render-test-util.h"

#define FFFD "\xef\xbf\xbd"
#define INVALID_UTF8_FIXED "bad " FFFD FFFD " byte " FFFD " and overlong " FFFD FFFD

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no key '%s'", key);
	return v;
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v = get(o, key);
	assert_true(json_object_is_type(v, json_type_string));
	return json_object_get_string(v);
}

static bool has(json_object *o, const char *key)
{
	return json_object_object_get_ex(o, key, NULL);
}

static json_object *idx(json_object *arr, size_t i)
{
	assert_true(json_object_is_type(arr, json_type_array));
	assert_true(i < json_object_array_length(arr));
	return json_object_array_get_idx(arr, i);
}

static const char *text_of(json_object *o, const char *key)
{
	return get_str(get(o, key), "text");
}

static void test_sarif(void **state)
{
	struct render_fixture *f = *state;
	_cleanup_free_ char *text = render_to_string(&f->r, "sarif");
	_cleanup_json_ json_object *root = json_tokener_parse(text);
	assert_non_null(root);

	assert_string_equal(get_str(root, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
	assert_string_equal(get_str(root, "version"), "2.1.0");
	assert_int_equal(json_object_array_length(get(root, "runs")), 1);
	json_object *run = idx(get(root, "runs"), 0);
	json_object *driver = get(get(run, "tool"), "driver");
	assert_string_equal(get_str(driver, "name"), "dockward");
	assert_string_equal(get_str(driver, "version"), "0.1.0");

	/* Every rule of the baseline, disabled ones too. */
	json_object *rules = get(driver, "rules");
	assert_int_equal(json_object_array_length(rules), 10);
	json_object *r0 = idx(rules, 0);
	assert_string_equal(get_str(r0, "id"), "daemon.hostile");
	assert_string_equal(get_str(r0, "name"), "DaemonHostile");
	assert_string_equal(text_of(r0, "shortDescription"), HOSTILE_TITLE);
	assert_string_equal(text_of(r0, "fullDescription"), "because <b>" BIDI "</b> & \"why\"");
	assert_string_equal(text_of(r0, "help"), "set icc=false\x1b[0m in daemon.json");
	assert_string_equal(get_str(get(r0, "defaultConfiguration"), "level"), "warning");
	assert_false(has(get(r0, "defaultConfiguration"), "enabled"));
	json_object *props = get(r0, "properties");
	assert_string_equal(get_str(props, "severity"), "medium");
	assert_string_equal(get_str(props, "security-severity"), "5.5");
	json_object *tags = get(props, "tags");
	assert_int_equal(json_object_array_length(tags), 4); /* "2.2" twice gives one tag */
	assert_string_equal(json_object_get_string(idx(tags, 0)), "security");
	assert_string_equal(json_object_get_string(idx(tags, 1)), "daemon");
	assert_string_equal(json_object_get_string(idx(tags, 2)), "external/cis-docker-1.6.0/2.2");
	assert_string_equal(json_object_get_string(idx(tags, 3)), "external/nist" FFFD "/CM-7");
	assert_int_equal(json_object_array_length(get(get(props, "refs"), "nist" FFFD)), 1);
	assert_string_equal(get_str(get(idx(rules, 1), "defaultConfiguration"), "level"), "error");
	assert_string_equal(get_str(get(idx(rules, 2), "defaultConfiguration"), "level"), "note");
	assert_string_equal(text_of(idx(rules, 2), "shortDescription"),
			    "Owner of " INVALID_UTF8_FIXED);
	assert_false(has(idx(rules, 2), "fullDescription"));
	assert_false(has(idx(rules, 2), "help"));
	json_object *disabled = get(idx(rules, 9), "defaultConfiguration");
	assert_false(json_object_get_boolean(get(disabled, "enabled")));
	assert_false(has(get(idx(rules, 8), "properties"), "section"));

	/* Results: the failing rule, two failing containers, one failing file, the waived rule,
	 * the rule whose waiver expired. */
	json_object *results = get(run, "results");
	assert_int_equal(json_object_array_length(results), 6);

	json_object *x = idx(results, 0);
	assert_string_equal(get_str(x, "ruleId"), "daemon.hostile");
	assert_int_equal(json_object_get_int(get(x, "ruleIndex")), 0);
	assert_string_equal(get_str(x, "level"), "warning");
	assert_string_equal(text_of(x, "message"),
			    "expected: log-level is info; observed: " HOSTILE_OBSERVED);
	json_object *phys = get(idx(get(x, "locations"), 0), "physicalLocation");
	assert_string_equal(get_str(get(phys, "artifactLocation"), "uri"), "etc/docker/daemon.json");
	assert_string_equal(get_str(get(phys, "artifactLocation"), "uriBaseId"), "ROOT");
	assert_int_equal(json_object_get_int(get(get(phys, "region"), "startLine")), 3);
	assert_int_equal(json_object_get_int(get(get(phys, "region"), "startColumn")), 5);
	json_object *related = get(x, "relatedLocations");
	assert_int_equal(json_object_array_length(related), 3);
	assert_int_equal(json_object_get_int(get(idx(related, 2), "id")), 2);
	assert_string_equal(text_of(idx(related, 0), "message"), "\"log-level\": ]]> \r\n}");
	assert_false(has(idx(related, 1), "physicalLocation"));
	assert_string_equal(text_of(idx(related, 1), "message"), "dockerd default: info");
	assert_false(has(x, "suppressions"));
	assert_true(json_object_get_boolean(get(get(get(x, "properties"), "fix"), "restart_required")));

	for (size_t i = 1; i <= 2; i++) {
		x = idx(results, i);
		assert_string_equal(get_str(x, "ruleId"), "containers.priv");
		assert_int_equal(json_object_get_int(get(x, "ruleIndex")), 1);
		assert_string_equal(get_str(x, "level"), "error");
		json_object *logical = idx(get(idx(get(x, "locations"), 0), "logicalLocations"), 0);
		assert_string_equal(get_str(logical, "kind"), "container");
		assert_string_equal(get_str(logical, "fullyQualifiedName"),
				    i == 1 ? "3fc72f0609ed" : "7963e0ed2e5f");
		assert_string_equal(get_str(logical, "name"),
				    i == 1 ? "evil<\x1b]0;x\x07>" INVALID_UTF8_FIXED : "db");
		/* The unix:// socket is not a host file: a message only. */
		assert_false(has(idx(get(x, "relatedLocations"), 0), "physicalLocation"));
	}
	assert_string_equal(text_of(idx(results, 2), "message"),
			    "container db: privileged; expected: not privileged");
	assert_string_equal(get_str(get(get(idx(results, 2), "properties"), "object"), "image"),
			    "postgres:16");

	/* A file object with "..": not a location outside the root, a logical one. */
	x = idx(results, 3);
	assert_string_equal(get_str(x, "ruleId"), "files.mode");
	json_object *logical = idx(get(idx(get(x, "locations"), 0), "logicalLocations"), 0);
	assert_string_equal(get_str(logical, "kind"), "file");
	assert_string_equal(get_str(logical, "fullyQualifiedName"), "/etc/docker/../../x");
	phys = get(idx(get(x, "relatedLocations"), 0), "physicalLocation");
	assert_string_equal(get_str(get(phys, "artifactLocation"), "uri"), "etc/%FFgroup");
	assert_int_equal(json_object_get_int(get(get(phys, "region"), "startLine")), 7);
	assert_false(has(get(phys, "region"), "startColumn"));

	x = idx(results, 4);
	assert_string_equal(get_str(x, "ruleId"), "daemon.waived");
	assert_string_equal(get_str(x, "level"), "error");
	assert_false(has(x, "locations")); /* builtin:docker-host is no file */
	json_object *sup = idx(get(x, "suppressions"), 0);
	assert_string_equal(get_str(sup, "kind"), "external");
	assert_string_equal(get_str(sup, "status"), "accepted");
	assert_string_equal(get_str(sup, "justification"), "vendor ]]> \"says\" <so>\nsecond line");
	assert_string_equal(get_str(get(sup, "properties"), "approver"), "alice & bob");
	assert_string_equal(get_str(get(sup, "properties"), "statusWithoutWaiver"), "fail");

	x = idx(results, 5);
	assert_string_equal(get_str(x, "ruleId"), "daemon.expired");
	assert_false(has(x, "suppressions"));
	assert_true(json_object_get_boolean(get(get(get(x, "properties"), "waiver"), "expired")));

	/* The rule in error is a notification of the run. */
	json_object *inv = idx(get(run, "invocations"), 0);
	assert_false(json_object_get_boolean(get(inv, "executionSuccessful")));
	assert_string_equal(get_str(inv, "startTimeUtc"), "2026-11-23T09:40:00Z");
	json_object *notes = get(inv, "toolExecutionNotifications");
	assert_int_equal(json_object_array_length(notes), 1);
	json_object *n = idx(notes, 0);
	assert_string_equal(get_str(n, "level"), "error");
	assert_string_equal(text_of(n, "message"),
			    "daemon.undecided: could not decide: cannot read " INVALID_UTF8_FIXED);
	assert_string_equal(get_str(get(n, "associatedRule"), "id"), "daemon.undecided");
	assert_int_equal(json_object_get_int(get(get(n, "associatedRule"), "index")), 5);
	phys = get(idx(get(n, "locations"), 0), "physicalLocation");
	assert_string_equal(get_str(get(phys, "artifactLocation"), "uri"), "etc/docker/daemon.json");
	assert_false(has(phys, "region"));

	assert_string_equal(get_str(get(get(run, "originalUriBaseIds"), "ROOT"), "uri"),
			    "file:///tmp/ro%20ot/");
	json_object *summary = get(get(run, "properties"), "summary");
	assert_int_equal(json_object_get_int(get(summary, "fail")), 4);
	assert_int_equal(json_object_get_int(get(summary, "waived")), 1);
	assert_true(text[strlen(text) - 1] == '\n');
	assert_null(strstr(text, "\\/"));
}

static void test_sarif_schema(void **state)
{
	struct render_fixture *f = *state;
	if (!render_have_python("jsonschema"))
		skip();
	const char *data = getenv("DOCKWARD_TEST_DATA");
	assert_non_null(data);
	_cleanup_free_ char *schema = xasprintf("'%s/../../report/sarif-2.1.0-rtm.5.json'", data);
	assert_int_equal(render_validate(&f->r, "sarif", "validate-sarif.py", schema), 0);
	/* ... and the validator fails when the counts disagree. */
	f->r.summary[STATUS_ERROR]++;
	assert_int_not_equal(render_validate(&f->r, "sarif", "validate-sarif.py", schema), 0);
}

/* Nothing failing, nothing in error: no results, no notifications, a successful run. */
static void test_sarif_clean(void **state)
{
	(void)state;
	struct baseline *b = baseline_new();
	render_add_rule(b, "host.pass", "host", SEVERITY_LOW, "Passing");
	struct report r;
	report_init(&r);
	r.baseline = b;
	r.root = xstrdup("relative/root");
	r.results = xcalloc(1, sizeof(struct result));
	result_init(&r.results[r.n_results++], &b->rules[0]);
	result_set(&r.results[0], STATUS_PASS, "ok");
	report_summarize(&r);

	_cleanup_free_ char *text = render_to_string(&r, "sarif");
	_cleanup_json_ json_object *root = json_tokener_parse(text);
	assert_non_null(root);
	json_object *run = idx(get(root, "runs"), 0);
	assert_int_equal(json_object_array_length(get(run, "results")), 0);
	json_object *inv = idx(get(run, "invocations"), 0);
	assert_true(json_object_get_boolean(get(inv, "executionSuccessful")));
	assert_false(has(inv, "toolExecutionNotifications"));
	/* A relative root has no file:// URI. */
	assert_false(has(get(get(run, "originalUriBaseIds"), "ROOT"), "uri"));
	assert_string_equal(get_str(get(idx(get(get(get(run, "tool"), "driver"), "rules"), 0),
					"defaultConfiguration"),
				    "level"),
			    "note");
	report_release(&r);
	baseline_free(b);
}

/* Which evidence sources and file objects become physical locations, and how they are encoded:
 * only paths inside the root, relative, with no scheme, empty, "." or ".." segment. */
static void test_sarif_paths(void **state)
{
	(void)state;
	static const struct {
		const char *source, *uri; /* uri NULL: a message only */
	} cases[] = {
		{"/", NULL},
		{"etc//x", NULL},
		{"./etc/x", NULL},
		{"etc/./x", NULL},
		{"etc/../../x", NULL},
		{"etc/x y", NULL},
		{"GET /info", NULL},
		{"c:/x", NULL},
		{"unix:///run/docker.sock", NULL},
		{"etc/\x01x", NULL},
		{"etc", NULL},
		{"etc/ok:1/z", "etc/ok:1/z"},
		{"etc/%zz/\xc3\xa9\xff", "etc/%25zz/%C3%A9%FF"},
		{"/etc/docker/", "etc/docker/"},
	};
	struct baseline *b = baseline_new();
	render_add_rule(b, "files.x", "files", SEVERITY_HIGH, "Files");
	struct report r;
	report_init(&r);
	r.baseline = b;
	r.results = xcalloc(1, sizeof(struct result));
	result_init(&r.results[r.n_results++], &b->rules[0]);
	struct result *x = &r.results[0];
	result_set(x, STATUS_FAIL, "bad");
	for (size_t i = 0; i < ELEMENTSOF(cases); i++)
		result_add_evidence(x, cases[i].source, 1, 0, "e%zu", i);
	result_add_object(x, "file", "//", "//", STATUS_FAIL, "odd");
	result_add_object(x, "file", "etc/relative", NULL, STATUS_FAIL, "relative");
	result_add_object(x, "file", "/etc/docker", "/etc/docker", STATUS_FAIL, "mode 0777");
	report_summarize(&r);

	_cleanup_free_ char *text = render_to_string(&r, "sarif");
	_cleanup_json_ json_object *root = json_tokener_parse(text);
	assert_non_null(root);
	json_object *results = get(idx(get(root, "runs"), 0), "results");
	assert_int_equal(json_object_array_length(results), 3);
	json_object *related = get(idx(results, 0), "relatedLocations");
	assert_int_equal(json_object_array_length(related), ELEMENTSOF(cases));
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		json_object *loc = idx(related, i);
		if (!cases[i].uri) {
			if (has(loc, "physicalLocation"))
				fail_msg("'%s' is a physical location", cases[i].source);
			continue;
		}
		json_object *art = get(get(loc, "physicalLocation"), "artifactLocation");
		assert_string_equal(get_str(art, "uri"), cases[i].uri);
	}
	/* Objects: "//" and a relative id are not paths of the root; "/etc/docker" is. */
	for (size_t i = 0; i < 2; i++)
		assert_true(has(idx(get(idx(results, i), "locations"), 0), "logicalLocations"));
	json_object *phys = get(idx(get(idx(results, 2), "locations"), 0), "physicalLocation");
	assert_string_equal(get_str(get(phys, "artifactLocation"), "uri"), "etc/docker");
	assert_false(has(phys, "region"));
	report_release(&r);
	baseline_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sarif, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_sarif_schema, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test(test_sarif_clean),
		cmocka_unit_test(test_sarif_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
