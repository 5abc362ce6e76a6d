/* test-diff.c: unified diffs. Properties on random texts: applying our hunks to a gives b
 * exactly, and the number of changed lines is minimal (GNU `diff --minimal` agrees); plus exact
 * outputs for the shapes a plan shows (new file, missing final newline, far-apart changes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "diff.h"

static char *diff_of(const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;
	diff_unified(&sb, "a", a, a ? strlen(a) : 0, "b", b, b ? strlen(b) : 0, 3);
	return strbuf_detach(&sb);
}

static void test_equal_is_empty(void **state)
{
	(void)state;
	char *d = diff_of("x\ny\n", "x\ny\n");
	assert_string_equal(d, "");
	free(d);
}

static void test_new_file(void **state)
{
	(void)state;
	char *d = diff_of(NULL, "{\n  \"icc\": false\n}\n");
	assert_string_equal(d, "--- a\n+++ b\n@@ -0,0 +1,3 @@\n+{\n+  \"icc\": false\n+}\n");
	free(d);
}

static void test_no_newline(void **state)
{
	(void)state;
	char *d = diff_of("a\nb", "a\nb\n");
	assert_string_equal(d, "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of "
			       "file\n+b\n");
	free(d);
}

static void test_two_hunks(void **state)
{
	(void)state;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	for (int i = 1; i <= 20; i++) {
		strbuf_addf(&a, "%d\n", i);
		strbuf_addf(&b, "%d\n", i == 2 ? 200 : i == 18 ? 1800 : i);
	}
	char *d = diff_of(a.buf, b.buf);
	assert_string_equal(d, "--- a\n+++ b\n"
			       "@@ -1,5 +1,5 @@\n 1\n-2\n+200\n 3\n 4\n 5\n"
			       "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+1800\n 19\n 20\n");
	free(d);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* Applies a unified diff produced for a to a; returns the result. */
static char *apply(const char *a, const char *d)
{
	struct strbuf out = STRBUF_INIT;
	const char *ap = a;
	size_t aline = 0; /* lines of a consumed */
	const char *p = strstr(d, "@@ -");
	if (!p)
		p = d + strlen(d); /* no hunks: a is b */
	while (*p) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		if (startswith(p, "@@ -")) {
			unsigned long start = strtoul(p + 4, NULL, 10);
			unsigned long count = 1;
			const char *comma = strchr(p + 4, ',');
			const char *space = strchr(p + 4, ' ');
			if (comma && comma < space)
				count = strtoul(comma + 1, NULL, 10);
			size_t first = count == 0 ? start : start - 1;
			while (aline < first) { /* copy untouched lines */
				const char *e = strchr(ap, '\n');
				size_t l = e ? (size_t)(e - ap) + 1 : strlen(ap);
				strbuf_add(&out, ap, l);
				ap += l;
				aline++;
			}
		} else if (*p == ' ' || *p == '-' || *p == '+') {
			bool last_no_nl = startswith(nl + 1, "\\ No newline");
			if (*p != '+') {
				const char *e = strchr(ap, '\n');
				ap += e ? (size_t)(e - ap) + 1 : strlen(ap);
				aline++;
			}
			if (*p != '-') {
				strbuf_add(&out, p + 1, (size_t)(nl - p - 1));
				if (!last_no_nl)
					strbuf_addc(&out, '\n');
			}
		}
		p = nl + 1;
	}
	strbuf_adds(&out, ap);
	return strbuf_detach(&out);
}

static char *random_text(unsigned *seed, int lines)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < lines; i++) {
		strbuf_addf(&sb, "l%d", rand_r(seed) % 6);
		if (i < lines - 1 || rand_r(seed) % 4)
			strbuf_addc(&sb, '\n');
	}
	return strbuf_detach(&sb);
}

static size_t gnu_changed(const char *a, const char *b)
{
	char fa[] = "/tmp/dw-diff-a-XXXXXX", fb[] = "/tmp/dw-diff-b-XXXXXX";
	int da = mkstemp(fa), db = mkstemp(fb);
	assert_true(da >= 0 && db >= 0);
	assert_true(write(da, a, strlen(a)) == (ssize_t)strlen(a));
	assert_true(write(db, b, strlen(b)) == (ssize_t)strlen(b));
	close(da);
	close(db);
	char *cmd = xasprintf("diff --minimal -u %s %s | grep -c '^[-+][^-+]\\|^[-+]$'", fa, fb);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	unsigned long n = 0;
	assert_int_equal(fscanf(f, "%lu", &n), 1);
	pclose(f);
	free(cmd);
	unlink(fa);
	unlink(fb);
	return n;
}

static void test_random_roundtrip(void **state)
{
	(void)state;
	unsigned seed = 42;
	for (int t = 0; t < 300; t++) {
		char *a = random_text(&seed, rand_r(&seed) % 25);
		char *b = random_text(&seed, rand_r(&seed) % 25);
		struct strbuf sb = STRBUF_INIT;
		size_t changed = diff_unified(&sb, "a", a, strlen(a), "b", b, strlen(b), 3);
		char *d = strbuf_detach(&sb);
		char *got = apply(a, d);
		if (!STREQ(got, b))
			fail_msg("trial %d: patch does not give b\na=[%s]\nb=[%s]\ndiff:\n%s", t, a,
				 b, d);
		if (t % 10 == 0 && changed != gnu_changed(a, b))
			fail_msg("trial %d: %zu changed lines, GNU diff --minimal has %zu", t,
				 changed, gnu_changed(a, b));
		free(a);
		free(b);
		free(d);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_is_empty),
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_no_newline),
		cmocka_unit_test(test_two_hunks),
		cmocka_unit_test(test_random_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
