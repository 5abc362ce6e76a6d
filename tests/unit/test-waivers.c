/* test-waivers.c: the waivers loader (src/baseline/waivers.c).
 *
 * Covers a valid file field by field, an expired waiver (loads: the audit reports it as
 * expired), bad dates, unknown rules with and without a baseline, duplicates, missing and
 * unknown keys, the shape of the file, unreadable files, and that a failed load leaves the
 * output untouched. Every problem is checked with its exact FILE:LINE:COL message. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "baseline.h"

static char dir[] = "/tmp/test-waivers.XXXXXX";
static struct baseline *base;

static const char baseline_text[] =
	"id: test\ntitle: T\nversion: 1\nrules:\n"
	"- {id: a.one, title: One, severity: low, check: {kind: manual, "
	"instructions: x}}\n"
	"- {id: a.two, title: Two, severity: low, check: {kind: manual, "
	"instructions: x}}\n";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	struct diags d = {0};
	int r = baseline_load_buffer("test.yaml", baseline_text, strlen(baseline_text), &d, &base);
	diags_release(&d);
	return r;
}

static int teardown(void **state)
{
	(void)state;
	baseline_free(base);
	return 0;
}

static char *put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static char *diags_text(const struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < d->n; i++) {
		_cleanup_free_ char *s = diag_format(&d->items[i]);
		strbuf_addf(&sb, "%s\n", s);
	}
	return strbuf_detach(&sb);
}

/* Writes text to w.yaml, loads it against b and expects err with these diagnostics, in which
 * "@" stands for the file's path. */
static void expect_fail(const char *text, const struct baseline *b, int err, const char *expected)
{
	_cleanup_free_ char *path = put("w.yaml", text);
	struct diags d = {0};
	struct waivers w = {(struct waiver *)0x1, 42}; /* must stay untouched */
	int r = waivers_load(path, b, &d, &w);
	_cleanup_free_ char *got = diags_text(&d);
	struct strbuf want = STRBUF_INIT;
	for (const char *p = expected; *p; p++)
		if (*p == '@')
			strbuf_adds(&want, path);
		else
			strbuf_addc(&want, *p);
	if (!STREQ(got, want.buf))
		print_error("input:\n%s\nexpected:\n%s\ngot:\n%s\n", text, want.buf, got);
	assert_string_equal(got, want.buf);
	assert_int_equal(r, err);
	assert_ptr_equal(w.items, (struct waiver *)0x1);
	assert_int_equal(w.n, 42);
	strbuf_release(&want);
	diags_release(&d);
	unlink(path);
}

static void test_valid(void **state)
{
	(void)state;
	_cleanup_free_ char *path =
		put("ok.yaml", "# waivers\n"
			       "waivers:\n"
			       "  - rule: a.one\n"
			       "    reason: the LB terminates TLS\n"
			       "    approver: jane@example.org\n"
			       "    expires: 2099-12-31\n"
			       "  - {rule: a.two, reason: r, approver: a, expires: "
			       "\"2000-01-01\"}\n");
	struct diags d = {0};
	struct waivers w = {0};
	assert_int_equal(waivers_load(path, base, &d, &w), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(w.n, 2);
	const struct waiver *x = waivers_find(&w, "a.one");
	assert_ptr_equal(x, &w.items[0]);
	assert_string_equal(x->rule_id, "a.one");
	assert_string_equal(x->reason, "the LB terminates TLS");
	assert_string_equal(x->approver, "jane@example.org");
	assert_string_equal(x->expires_text, "2099-12-31");
	assert_true(x->expires == INT64_C(4102444799)); /* 2099-12-31T23:59:59Z */
	assert_string_equal(x->file, path);
	assert_int_equal(x->line, 3);
	/* expired: loads all the same, the audit decides what it means */
	x = waivers_find(&w, "a.two");
	assert_non_null(x);
	assert_true(x->expires == INT64_C(946771199)); /* 2000-01-01T23:59:59Z */
	assert_int_equal(x->line, 7);
	assert_null(waivers_find(&w, "a.three"));
	waivers_release(&w);
	assert_int_equal(w.n, 0);

	/* without a baseline any rule id goes; an empty list is fine */
	_cleanup_free_ char *p2 = put("any.yaml", "waivers:\n- {rule: x.y, reason: r, approver: a, "
						  "expires: 2030-01-01}\n");
	assert_int_equal(waivers_load(p2, NULL, &d, &w), 0);
	assert_int_equal(w.n, 1);
	waivers_release(&w);
	_cleanup_free_ char *p3 = put("empty.yaml", "waivers: []\n");
	assert_int_equal(waivers_load(p3, base, &d, &w), 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(d.n, 0);
	waivers_release(&w);
	unlink(path);
	unlink(p2);
	unlink(p3);
}

static void test_dates(void **state)
{
	(void)state;
	expect_fail(
		"waivers:\n"
		"- {rule: a.one, reason: r, approver: a, expires: 2025-02-30}\n"
		"- {rule: a.two, reason: r, approver: a, expires: tomorrow}\n",
		base, -EINVAL,
		"@:2:50: waivers[0].expires: expected a date YYYY-MM-DD, got string "
		"'2025-02-30'\n"
		"@:3:50: waivers[1].expires: expected a date YYYY-MM-DD, got string 'tomorrow'\n");
	expect_fail(
		"waivers:\n"
		"- {rule: a.one, reason: r, approver: a, expires: 20250101}\n"
		"- {rule: a.two, reason: r, approver: a, expires: 2025-1-1}\n",
		base, -EINVAL,
		"@:2:50: waivers[0].expires: expected a date YYYY-MM-DD, got int 20250101\n"
		"@:3:50: waivers[1].expires: expected a date YYYY-MM-DD, got string '2025-1-1'\n");
}

static void test_rules(void **state)
{
	(void)state;
	expect_fail(
		"waivers:\n"
		"- {rule: a.one, reason: r, approver: a, expires: 2030-01-01}\n"
		"- {rule: a.three, reason: r, approver: a, expires: 2030-01-01}\n"
		"- {rule: a.one, reason: again, approver: b, expires: 2031-01-01}\n",
		base, -EINVAL,
		"@:3:10: waivers[1].rule: no rule 'a.three' in baseline 'test'\n"
		"@:4:10: waivers[2].rule: duplicate waiver for rule 'a.one' (first at line 2)\n");
	/* every problem of a waiver is reported, not just the first */
	expect_fail("waivers:\n"
		    "- {rule: a.nine, reason: r, approver: a, expires: never}\n",
		    base, -EINVAL,
		    "@:2:10: waivers[0].rule: no rule 'a.nine' in baseline 'test'\n"
		    "@:2:51: waivers[0].expires: expected a date YYYY-MM-DD, got string 'never'\n");
}

static void test_schema(void **state)
{
	(void)state;
	expect_fail("waivers:\n"
		    "- rule: a.one\n"
		    "  reason: ''\n"
		    "  approved_by: a\n"
		    "- [a.two]\n"
		    "- {rule: 5, reason: r, approver: a, expires: 2030-01-01}\n",
		    base, -EINVAL,
		    "@:2:3: waivers[0]: missing required key 'approver'\n"
		    "@:2:3: waivers[0]: missing required key 'expires'\n"
		    "@:3:11: waivers[0].reason: expected a non-empty string, got string ''\n"
		    "@:4:3: waivers[0]: unknown key 'approved_by', expected one of rule, reason, "
		    "approver, expires\n"
		    "@:5:3: waivers[1]: expected map, got list\n"
		    "@:6:10: waivers[2].rule: expected a non-empty string, got int 5\n");
	expect_fail("waiver:\n- {rule: a.one}\n", base, -EINVAL,
		    "@:1:1: unknown key 'waiver', expected one of waivers\n"
		    "@:1:1: missing required key 'waivers'\n");
	expect_fail("waivers: {rule: a.one}\n", base, -EINVAL,
		    "@:1:10: waivers: expected list, got map\n");
	expect_fail("- a\n", base, -EINVAL, "@:1:1: expected a map at the top, got list\n");
	expect_fail("", base, -EINVAL,
		    "@: empty waivers file, expected a map with key 'waivers'\n");
	expect_fail("waivers: [\n", base, -EBADMSG,
		    "@:2:1: invalid yaml: did not find expected node content (while parsing a flow "
		    "node at line 2)\n");
	expect_fail("waivers: &w []\n", base, -EINVAL,
		    "@:1:10: anchors and aliases are not allowed (anchor 'w')\n");
}

static void test_files(void **state)
{
	(void)state;
	struct diags d = {0};
	struct waivers w = {0};
	_cleanup_free_ char *missing = xasprintf("%s/missing.yaml", dir);
	assert_int_equal(waivers_load(missing, base, &d, &w), -ENOENT);
	_cleanup_free_ char *m = diag_format(&d.items[0]);
	_cleanup_free_ char *want = xasprintf("%s: cannot read waivers: No such file or directory",
					      missing);
	assert_string_equal(m, want);
	diags_release(&d);
	assert_int_equal(waivers_load(dir, base, &d, &w), -EISDIR);
	diags_release(&d);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
