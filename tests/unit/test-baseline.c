/* test-baseline.c: the baseline loader and dumper (src/baseline/, src/util/yaml-util.c).
 *
 * Covers a good baseline field by field, `extends` (param override reaching the parent's rules,
 * rule replacement, disable, a three-level chain, a built-in parent), the scalar resolution
 * rules, every class of problem with its exact FILE:LINE:COL message and -errno (YAML syntax,
 * limits, anchors and aliases, tags, keys, schema, params, check kinds, extends cycles and
 * depth), in the order of the file, that a failed load returns no baseline, that nothing is
 * quadratic in the number of keys, and the dump round trip (load -> dump -> load -> dump gives
 * the same bytes). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "baseline.h"
#include "check.h"
#include "yaml-util.h"

/* ---- helpers ---- */

static char *data_path(const char *name)
{
	const char *dir = getenv("DOCKWARD_TEST_DATA");
	return xasprintf("%s/baseline/%s", dir ? dir : "tests/unit/data", name);
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

/* Loads text as "t.yaml" and expects failure err with exactly these diagnostics. */
static void expect_fail_named(const char *name, const char *text, size_t len, int err,
			      const char *expected)
{
	struct diags d = {0};
	struct baseline *b = (struct baseline *)0x1; /* must stay untouched */
	int r = baseline_load_buffer(name, text, len, &d, &b);
	_cleanup_free_ char *got = diags_text(&d);
	if (!STREQ(got, expected))
		print_error("input:\n%s\nexpected:\n%s\ngot:\n%s\n", text, expected, got);
	assert_string_equal(got, expected);
	assert_int_equal(r, err);
	assert_ptr_equal(b, (struct baseline *)0x1);
	diags_release(&d);
}

static void expect_fail(const char *text, int err, const char *expected)
{
	expect_fail_named("t.yaml", text, strlen(text), err, expected);
}

static struct baseline *load_ok_text(const char *text)
{
	struct diags d = {0};
	struct baseline *b = NULL;
	int r = baseline_load_buffer("t.yaml", text, strlen(text), &d, &b);
	_cleanup_free_ char *got = diags_text(&d);
	if (r < 0)
		print_error("%s", got);
	assert_int_equal(r, 0);
	assert_int_equal(d.n, 0);
	assert_non_null(b);
	return b;
}

static struct baseline *load_ok(const char *spec)
{
	struct diags d = {0};
	struct baseline *b = NULL;
	int r = baseline_load(spec, &d, &b);
	_cleanup_free_ char *got = diags_text(&d);
	if (r < 0)
		print_error("%s", got);
	assert_int_equal(r, 0);
	assert_int_equal(d.n, 0);
	return b;
}

static char *dump_text(const struct baseline *b)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(baseline_dump(b, f), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static char *read_all(const char *path, size_t *ret_len)
{
	char *data = NULL;
	assert_int_equal(read_regular_file(path, BASELINE_FILE_MAX, &data, ret_len, NULL), 0);
	return data;
}

/* text with every "@D@" replaced by dir */
static char *subst_dir(const char *text, const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = text; *p;) {
		const char *at = strstr(p, "@D@");
		if (!at) {
			strbuf_adds(&sb, p);
			break;
		}
		strbuf_add(&sb, p, (size_t)(at - p));
		strbuf_adds(&sb, dir);
		p = at + 3;
	}
	return strbuf_detach(&sb);
}

static char *make_tmpdir(void)
{
	char *dir = xstrdup("/tmp/test-baseline.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void put(const char *dir, const char *name, const char *text)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void rm_rf(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- good baselines ---- */

static void test_good(void **state)
{
	(void)state;
	_cleanup_free_ char *path = data_path("good.yaml");
	struct baseline *b = load_ok(path);
	assert_string_equal(b->id, "test-good");
	assert_string_equal(b->title, "Test baseline");
	assert_string_equal(b->description, "Two lines\nof description.\n");
	assert_int_equal(b->version, 3);
	assert_string_equal(b->file, path);
	assert_null(b->extends);

	size_t len;
	_cleanup_free_ char *bytes = read_all(path, &len);
	char sha[65];
	sha256_hex(bytes, len, sha);
	assert_string_equal(b->sha256, sha);

	assert_int_equal(b->params->map.n, 4);
	assert_string_equal(b->params->map.keys[1], "log_drivers");
	assert_int_equal(b->params->map.vals[1]->type, VALUE_LIST);

	assert_int_equal(b->n_rules, 3);
	const struct rule *r = &b->rules[0];
	assert_string_equal(r->id, "daemon.icc");
	assert_string_equal(r->title, "Restrict traffic between containers");
	assert_string_equal(r->section, "daemon"); /* the id up to its first '.' */
	assert_int_equal(r->severity, SEVERITY_MEDIUM);
	assert_string_equal(r->rationale,
			    "Containers on the default bridge can talk to each other.");
	assert_string_equal(r->remediation, "Set icc to false in daemon.json.");
	assert_int_equal(r->n_refs, 2);
	assert_string_equal(r->refs[0].name, "cis-docker-1.6.0");
	assert_int_equal(strv_length(r->refs[0].ids), 1);
	assert_string_equal(r->refs[0].ids[0], "2.2");
	assert_string_equal(r->refs[1].ids[1], "b");
	assert_ptr_equal(r->kind, check_kind_find("daemon_option"));
	assert_string_equal(check_param_string(r, "key", NULL), "icc");
	const struct value *eq = check_param(r, "equals");
	assert_non_null(eq);
	assert_int_equal(eq->type, VALUE_BOOL); /* {param: icc} substituted */
	assert_false(eq->b);
	assert_int_equal(eq->line, 21); /* reported where the reference is */
	assert_int_equal(eq->col, 52);
	assert_non_null(r->fix);
	assert_true(value_is_string(value_map_get(r->fix, "kind"), "daemon_json"));
	assert_true(r->enabled);
	assert_string_equal(r->file, path);
	assert_int_equal(r->line, 15);
	assert_int_equal(r->col, 5);

	r = &b->rules[1];
	assert_string_equal(r->section, "logging");
	assert_true(r->enabled); /* {param: strict} */
	const struct value *one_of = check_param(r, "one_of");
	assert_int_equal(one_of->type, VALUE_LIST);
	assert_int_equal(one_of->list.n, 2);
	assert_null(r->fix);
	assert_null(r->rationale);

	r = baseline_find_rule(b, "host.review");
	assert_non_null(r);
	assert_int_equal(r->severity, SEVERITY_HIGH);
	assert_ptr_equal(r->kind, check_kind_find("manual"));
	assert_string_equal(check_param_string(r, "instructions", NULL), "ask the operator");
	baseline_free(b);
}

static void test_extends(void **state)
{
	(void)state;
	_cleanup_free_ char *path = data_path("child.yaml");
	struct baseline *b = load_ok(path);
	assert_string_equal(b->id, "test-child");
	assert_string_equal(b->extends, "good.yaml");
	assert_null(b->description); /* not inherited */

	/* params: the parent's order, the child's values, new ones at the end */
	assert_int_equal(b->params->map.n, 5);
	assert_string_equal(b->params->map.keys[0], "icc");
	assert_true(b->params->map.vals[0]->b);
	assert_string_equal(b->params->map.keys[4], "extra");

	assert_int_equal(b->n_rules, 4);
	/* the parent's rule sees the child's param */
	const struct rule *r = &b->rules[0];
	assert_string_equal(r->id, "daemon.icc");
	assert_true(check_param(r, "equals")->b);
	assert_true(endswith(r->file, "/good.yaml"));
	/* disabled, still there */
	r = &b->rules[1];
	assert_string_equal(r->id, "daemon.log-driver");
	assert_false(r->enabled);
	/* replaced in place */
	r = &b->rules[2];
	assert_string_equal(r->id, "host.review");
	assert_string_equal(r->title, "Review the host with the checklist");
	assert_int_equal(r->severity, SEVERITY_CRITICAL);
	assert_string_equal(r->file, path);
	assert_int_equal(r->line, 10);
	/* added */
	r = &b->rules[3];
	assert_string_equal(r->id, "host.extra");
	assert_false(r->enabled);
	baseline_free(b);
}

static void test_extends_chain(void **state)
{
	(void)state;
	_cleanup_free_ char *path = data_path("grandchild.yaml");
	struct baseline *b = load_ok(path);
	assert_string_equal(b->id, "test-grandchild");
	assert_int_equal(b->n_rules, 4);
	assert_string_equal(check_param_string(&b->rules[2], "instructions", NULL),
			    "use the checklist");
	assert_string_equal(value_map_get(b->params, "note")->s, "not used any more");
	baseline_free(b);
}

static void test_builtin(void **state)
{
	(void)state;
	struct baseline *b = load_ok(BASELINE_DEFAULT_ID);
	assert_string_equal(b->file, "builtin:" BASELINE_DEFAULT_ID);
	assert_string_equal(b->id, BASELINE_DEFAULT_ID);
	assert_true(b->n_rules > 0);
	const struct builtin_baseline *bi = builtin_baseline_find(BASELINE_DEFAULT_ID);
	char sha[65];
	sha256_hex(bi->data, bi->len, sha);
	assert_string_equal(b->sha256, sha);
	_cleanup_free_ char *first = xstrdup(b->rules[0].id);
	baseline_free(b);

	/* A file can extend a built-in and disable one of its rules. */
	_cleanup_free_ char *dir = make_tmpdir();
	_cleanup_free_ char *text = xasprintf("id: site\ntitle: Site\nversion: 1\n"
					      "extends: " BASELINE_DEFAULT_ID "\ndisable: [%s]\n",
					      first);
	put(dir, "site.yaml", text);
	_cleanup_free_ char *path = xasprintf("%s/site.yaml", dir);
	b = load_ok(path);
	assert_string_equal(b->rules[0].id, first);
	assert_false(b->rules[0].enabled);
	baseline_free(b);
	rm_rf(dir);

	/* Every built-in loads. */
	for (size_t i = 0; i < builtin_baselines_count; i++) {
		b = load_ok(builtin_baselines[i].id);
		baseline_free(b);
	}
}

static void test_builtin_errors(void **state)
{
	(void)state;
	struct diags d = {0};
	struct baseline *b = NULL;
	assert_int_equal(baseline_load("no-such-baseline", &d, &b), -ENOENT);
	assert_null(b);
	assert_int_equal(d.n, 1);
	_cleanup_free_ char *msg = diag_format(&d.items[0]);
	_cleanup_free_ char *want =
		xasprintf("no-such-baseline: no built-in baseline "
			  "'no-such-baseline' (built-in: %s; a file path needs a "
			  "'/' or a .yaml suffix)",
			  builtin_baselines[0].id);
	if (builtin_baselines_count == 1)
		assert_string_equal(msg, want);
	diags_release(&d);

	/* the id inside a built-in is its file name */
	expect_fail_named("builtin:other", "id: something\ntitle: T\nversion: 1\n", 33, -EINVAL,
			  "builtin:other:1:5: id: expected 'other' (the built-in's file name), got "
			  "'something'\n");
	/* a built-in extends only built-ins */
	const char *text = "id: other\ntitle: T\nversion: 1\nextends: ./x.yaml\n";
	expect_fail_named("builtin:other", text, strlen(text), -EINVAL,
			  "builtin:other:4:10: extends: a built-in baseline can only extend "
			  "built-ins, got path './x.yaml'\n");
	text = "id: t\ntitle: T\nversion: 1\nextends: nothing-like-this\n";
	_cleanup_free_ char *want2 = xasprintf(
		"t.yaml:4:10: extends: no built-in baseline 'nothing-like-this' (built-in: %s)\n",
		builtin_baselines[0].id);
	if (builtin_baselines_count == 1)
		expect_fail(text, -EINVAL, want2);
}

/* ---- files ---- */

static void test_files(void **state)
{
	(void)state;
	_cleanup_free_ char *dir = make_tmpdir();
	struct diags d = {0};
	struct baseline *b = NULL;
	_cleanup_free_ char *missing = xasprintf("%s/missing.yaml", dir);
	assert_int_equal(baseline_load(missing, &d, &b), -ENOENT);
	_cleanup_free_ char *m0 = diag_format(&d.items[0]);
	_cleanup_free_ char *w0 = xasprintf("%s: cannot read baseline: No such file or directory",
					    missing);
	assert_string_equal(m0, w0);
	diags_release(&d);

	/* not a regular file */
	assert_int_equal(baseline_load(dir, &d, &b), -EISDIR);
	diags_release(&d);
	_cleanup_free_ char *fifo = xasprintf("%s/fifo.yaml", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(baseline_load(fifo, &d, &b), -EINVAL);
	_cleanup_free_ char *m1 = diag_format(&d.items[0]);
	_cleanup_free_ char *w1 = xasprintf("%s: cannot read baseline: not a regular file", fifo);
	assert_string_equal(m1, w1);
	diags_release(&d);

	/* too big: refused before it is read */
	_cleanup_free_ char *big = xasprintf("%s/big.yaml", dir);
	int fd = open(big, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, BASELINE_FILE_MAX + 1), 0);
	close(fd);
	assert_int_equal(baseline_load(big, &d, &b), -EFBIG);
	_cleanup_free_ char *m2 = diag_format(&d.items[0]);
	_cleanup_free_ char *w2 = xasprintf("%s: cannot read baseline: larger than 1048576 bytes",
					    big);
	assert_string_equal(m2, w2);
	diags_release(&d);
	assert_null(b);

	/* and as a buffer */
	_cleanup_free_ char *huge = xmalloc(BASELINE_FILE_MAX + 1);
	memset(huge, ' ', BASELINE_FILE_MAX + 1);
	expect_fail_named("huge.yaml", huge, BASELINE_FILE_MAX + 1, -EFBIG,
			  "huge.yaml: baseline is larger than 1048576 bytes\n");
	rm_rf(dir);
}

/* ---- YAML level ---- */

static void test_yaml_syntax(void **state)
{
	(void)state;
	expect_fail(
		"id: [a\n", -EBADMSG,
		"t.yaml:2:1: invalid yaml: did not find expected ',' or ']' (while parsing a flow "
		"sequence at line 1)\n");
	expect_fail("id: a\n  title: b\n", -EBADMSG,
		    "t.yaml:2:8: invalid yaml: mapping values are not allowed in this context\n");
	expect_fail_named("t.yaml", "id: a\0", 6, -EBADMSG,
			  "t.yaml:1:6: invalid yaml: control characters are not allowed\n");
	expect_fail("id: a\n---\nid: b\n", -EINVAL, "t.yaml:2:1: only one document is allowed\n");
	expect_fail("", -EINVAL,
		    "t.yaml: empty baseline, expected a map with id, title, version and rules\n");
	expect_fail("# nothing\n", -EINVAL,
		    "t.yaml: empty baseline, expected a map with id, title, version and rules\n");
	expect_fail("- a\n", -EINVAL, "t.yaml:1:1: expected a map at the top, got list\n");
	expect_fail("id: \"a\\0b\"\n", -EINVAL, "t.yaml:1:5: string contains a NUL character\n");
	/* control characters are not echoed to a terminal */
	expect_fail("\"\\e[31m\\x9b\": 1\n", -EINVAL,
		    "t.yaml:1:1: unknown key '?[31m?" "?', expected one of id, title, version, "
		    "description, extends, params, rules, disable\n"
		    "t.yaml:1:1: missing required key 'id'\n"
		    "t.yaml:1:1: missing required key 'title'\n"
		    "t.yaml:1:1: missing required key 'version'\n");
}

static void test_yaml_aliases(void **state)
{
	(void)state;
	expect_fail("id: &x a\ntitle: *x\nversion: 1\n", -EINVAL,
		    "t.yaml:1:5: anchors and aliases are not allowed (anchor 'x')\n"
		    "t.yaml:2:8: anchors and aliases are not allowed (alias 'x')\n");
	/* billion laughs: rejected at the first anchor, nothing expanded */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb,
		    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (char c = 'b'; c <= 'j'; c++)
		strbuf_addf(&sb, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c, c - 1,
			    c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
	struct diags d = {0};
	struct baseline *b = NULL;
	assert_int_equal(baseline_load_buffer("lol.yaml", sb.buf, sb.len, &d, &b), -EINVAL);
	assert_null(b);
	_cleanup_free_ char *m = diag_format(&d.items[0]);
	assert_string_equal(m, "lol.yaml:1:4: anchors and aliases are not allowed (anchor 'a')");
	diags_release(&d);
	strbuf_release(&sb);
}

static void test_yaml_tags(void **state)
{
	(void)state;
	expect_fail(
		"id: !!python/object:os.system a\n", -EINVAL,
		"t.yaml:1:5: tag '!!python/object:os.system' is not allowed (only str, int, bool "
		"and null)\n");
	expect_fail("id: !custom a\n", -EINVAL,
		    "t.yaml:1:5: tag '!custom' is not allowed (only str, int, bool and null)\n");
	expect_fail("id: !!set {a: 1}\n", -EINVAL,
		    "t.yaml:1:5: tag '!!set' is not allowed (only map and seq)\n");
	expect_fail("id: !!int abc\n", -EINVAL, "t.yaml:1:5: tag '!!int' on string 'abc'\n");
	expect_fail("id: !!float 1.5\n", -EINVAL,
		    "t.yaml:1:5: tag '!!float' is not allowed (only str, int, bool and null)\n");
	/* the standard tags that agree with the value are fine */
	struct baseline *b =
		load_ok_text("id: !!str t\ntitle: !!str 5\nversion: !!int \"7\"\n"
			     "rules: !!seq []\nparams: !!map {a: !!bool true, b: !!null null}\n");
	assert_string_equal(b->title, "5");
	assert_int_equal(b->version, 7);
	baseline_free(b);
}

static void test_yaml_keys(void **state)
{
	(void)state;
	expect_fail("id: a\nid: b\n", -EINVAL,
		    "t.yaml:2:1: duplicate key 'id' (first at line 1)\n");
	expect_fail("true: a\n1: b\n~: c\n[x]: d\n{y: 1}: e\n", -EINVAL,
		    "t.yaml:1:1: keys must be strings, got bool true\n"
		    "t.yaml:2:1: keys must be strings, got int 1\n"
		    "t.yaml:3:1: keys must be strings, got null\n"
		    "t.yaml:4:1: keys must be strings, got list\n"
		    "t.yaml:5:1: keys must be strings, got map\n");
	/* duplicates in a big map go through the hash */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "params:\n");
	for (int i = 0; i < 40; i++)
		strbuf_addf(&sb, "  p%d: %d\n", i, i);
	strbuf_adds(&sb, "  p3: again\n");
	expect_fail(sb.buf, -EINVAL, "t.yaml:42:3: duplicate key 'p3' (first at line 5)\n");
	strbuf_release(&sb);
}

static void test_yaml_limits(void **state)
{
	(void)state;
	/* depth: 16 levels are fine, the 17th is not */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "id: t\ntitle: T\nversion: 1\nparams:\n  p: ");
	for (int i = 0; i < 14; i++)
		strbuf_adds(&sb, "[");
	for (int i = 0; i < 14; i++)
		strbuf_adds(&sb, "]");
	strbuf_adds(&sb, "\n");
	baseline_free(load_ok_text(sb.buf));
	strbuf_release(&sb);
	strbuf_adds(&sb, "id: t\ntitle: T\nversion: 1\nparams:\n  p: ");
	for (int i = 0; i < 15; i++)
		strbuf_adds(&sb, "[");
	for (int i = 0; i < 15; i++)
		strbuf_adds(&sb, "]");
	strbuf_adds(&sb, "\n");
	expect_fail(sb.buf, -EINVAL, "t.yaml:5:20: nesting deeper than 16 levels\n");
	strbuf_release(&sb);

	/* Deep block nesting stops at the limit too. */
	for (int i = 0; i < 40; i++)
		strbuf_addf(&sb, "%*sk:\n", 2 * i, "");
	expect_fail(sb.buf, -EINVAL, "t.yaml:17:33: nesting deeper than 16 levels\n");
	strbuf_release(&sb);

	/* A megabyte of '[': refused quickly, without running out of memory. */
	_cleanup_free_ char *deep = xmalloc(BASELINE_FILE_MAX);
	memset(deep, '[', BASELINE_FILE_MAX);
	struct diags d = {0};
	struct baseline *b = NULL;
	assert_int_equal(baseline_load_buffer("deep.yaml", deep, BASELINE_FILE_MAX, &d, &b),
			 -EINVAL);
	_cleanup_free_ char *m = diag_format(&d.items[0]);
	assert_string_equal(m, "deep.yaml:1:17: nesting deeper than 16 levels");
	diags_release(&d);

	/* string length: 8192 bytes are fine, 8193 are not */
	_cleanup_free_ char *x = xmalloc(BASELINE_STRING_MAX + 2);
	memset(x, 'x', BASELINE_STRING_MAX + 1);
	x[BASELINE_STRING_MAX + 1] = '\0';
	_cleanup_free_ char *text = xasprintf("id: t\ntitle: %s\nversion: 1\n", x);
	expect_fail(text, -EINVAL, "t.yaml:2:8: string longer than 8192 bytes\n");
	x[BASELINE_STRING_MAX] = '\0';
	_cleanup_free_ char *ok = xasprintf("id: t\ntitle: %s\nversion: 1\n", x);
	baseline_free(load_ok_text(ok));
}

static void test_scalars(void **state)
{
	(void)state;
	const struct {
		const char *text;
		enum value_type type;
		int64_t i;
		const char *s;
	} cases[] = {
		{"true", VALUE_BOOL, 1, NULL},    {"False", VALUE_BOOL, 0, NULL},
		{"yes", VALUE_STRING, 0, "yes"},  {"\"true\"", VALUE_STRING, 0, "true"},
		{"null", VALUE_NULL, 0, NULL},    {"~", VALUE_NULL, 0, NULL},
		{"", VALUE_NULL, 0, NULL},        {"''", VALUE_STRING, 0, ""},
		{"42", VALUE_INT, 42, NULL},      {"-7", VALUE_INT, -7, NULL},
		{"+5", VALUE_INT, 5, NULL},       {"0", VALUE_INT, 0, NULL},
		{"0644", VALUE_STRING, 0, "0644"}, {"0x1f", VALUE_STRING, 0, "0x1f"},
		{"1.5", VALUE_STRING, 0, "1.5"},  {"'42'", VALUE_STRING, 0, "42"},
		{"9223372036854775807", VALUE_INT, INT64_MAX, NULL},
		{"2.2", VALUE_STRING, 0, "2.2"},  {"a b", VALUE_STRING, 0, "a b"},
	};
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		_cleanup_free_ char *text = xasprintf("v: %s\n", cases[i].text);
		struct diags d = {0};
		struct yaml_doc doc;
		const struct yaml_limits lim = {BASELINE_DEPTH_MAX, BASELINE_STRING_MAX};
		assert_int_equal(yaml_doc_parse("s.yaml", text, strlen(text), &lim, &d, &doc), 0);
		const struct value *v = value_map_get(doc.root, "v");
		assert_non_null(v);
		assert_int_equal(v->type, cases[i].type);
		if (v->type == VALUE_INT)
			assert_true(v->i == cases[i].i);
		if (v->type == VALUE_BOOL)
			assert_int_equal(v->b, cases[i].i);
		if (v->type == VALUE_STRING)
			assert_string_equal(v->s, cases[i].s);
		assert_int_equal(v->line, 1);
		/* libyaml puts an empty node at the ':' */
		assert_int_equal(v->col, *cases[i].text ? 4 : 3);
		yaml_doc_release(&doc);
	}
	expect_fail("version: 9223372036854775808\n", -EINVAL,
		    "t.yaml:1:10: integer out of range\n");
}

/* ---- schema ---- */

static void test_schema_top(void **state)
{
	(void)state;
	expect_fail("title: T\ncolour: red\n", -EINVAL,
		    "t.yaml:1:1: missing required key 'id'\n"
		    "t.yaml:1:1: missing required key 'version'\n"
		    "t.yaml:2:1: unknown key 'colour', expected one of id, title, version, "
		    "description, extends, params, rules, disable\n");
	expect_fail(
		"id: Not An Id\ntitle: \"\"\nversion: \"1\"\ndescription: [x]\nparams: []\n"
		"rules: {}\ndisable: [1]\n",
		-EINVAL,
		"t.yaml:1:5: id: expected lowercase letters, digits, '.', '_' and '-', got 'Not "
		"An Id'\n"
		"t.yaml:2:8: title: expected a non-empty string, got string ''\n"
		"t.yaml:3:10: version: expected int, got string '1'\n"
		"t.yaml:4:14: description: expected string, got list\n"
		"t.yaml:5:9: params: expected map, got list\n"
		"t.yaml:6:8: rules: expected list, got map\n"
		"t.yaml:7:11: disable[0]: expected string, got int 1\n");
	expect_fail("id: t\ntitle: T\nversion: 1\nextends: \"\"\n", -EINVAL,
		    "t.yaml:4:10: extends: expected a built-in id or a path, got ''\n");
}

#define HEAD "id: t\ntitle: T\nversion: 1\n"

static void test_schema_rules(void **state)
{
	(void)state;
	expect_fail(
		HEAD "rules:\n"
		     "  - id: Bad_ID\n"
		     "    title: x\n"
		     "    severity: low\n"
		     "    check: {kind: manual, instructions: x}\n"
		     "  - id: a.b\n"
		     "    titel: x\n"
		     "    severity: severe\n"
		     "    section: ''\n"
		     "    rationale: 5\n"
		     "    refs: {cis: [\"1.1\", 2], other: x}\n"
		     "    fix: {set: {icc: false}}\n"
		     "    check: [manual]\n"
		     "  - just a string\n",
		-EINVAL,
		"t.yaml:5:9: rules[0].id: expected lowercase letters, digits, '.', '_' and '-', "
		"got 'Bad_ID'\n"
		"t.yaml:9:5: rules[1]: missing required key 'title'\n"
		"t.yaml:10:5: rules[1]: unknown key 'titel', expected one of id, title, section, "
		"severity, rationale, remediation, refs, check, fix, enabled\n"
		"t.yaml:11:15: rules[1].severity: expected one of low, medium, high, critical, got "
		"'severe'\n"
		"t.yaml:12:14: rules[1].section: expected a non-empty string, got ''\n"
		"t.yaml:13:16: rules[1].rationale: expected string, got int 5\n"
		"t.yaml:14:25: rules[1].refs.cis[1]: expected string, got int 2\n"
		"t.yaml:14:36: rules[1].refs.other: expected list of strings, got string 'x'\n"
		"t.yaml:15:10: rules[1].fix: missing required key 'kind'\n"
		"t.yaml:16:12: rules[1].check: expected map, got list\n"
		"t.yaml:17:5: rules[2]: expected map, got string 'just a string'\n");
	expect_fail(HEAD "rules:\n"
			 "  - id: a.one\n"
			 "    title: One\n"
			 "    severity: low\n"
			 "    check: {kind: manual, instructions: x}\n"
			 "  - id: a.one\n"
			 "    title: Again\n"
			 "    severity: low\n",
		    -EINVAL,
		    "t.yaml:9:5: rules[1]: missing required key 'check'\n"
		    "t.yaml:9:9: rules[1].id: duplicate rule id 'a.one' (first at line 5)\n");
	/* enabled: bool or a reference to a bool */
	expect_fail(HEAD "params: {s: yes}\nrules:\n"
			 "  - id: a.one\n"
			 "    title: One\n"
			 "    severity: low\n"
			 "    enabled: 1\n"
			 "    check: {kind: manual, instructions: x}\n"
			 "  - id: a.two\n"
			 "    title: Two\n"
			 "    severity: low\n"
			 "    enabled: {param: s}\n"
			 "    check: {kind: manual, instructions: x}\n",
		    -EINVAL,
		    "t.yaml:9:14: rules[0].enabled: expected bool, got int 1\n"
		    "t.yaml:14:14: rules[1].enabled: expected bool, got string 'yes'\n");
}

static void test_schema_rules_max(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, HEAD "rules:\n");
	for (int i = 0; i <= BASELINE_RULES_MAX; i++)
		strbuf_addf(&sb, "- {id: r.%d, title: R, severity: low, check: {kind: manual, "
				 "instructions: x}}\n",
			    i);
	expect_fail(sb.buf, -EINVAL, "t.yaml:5:1: rules: more than 2000 rules\n");
	strbuf_release(&sb);
}

static void test_schema_checks(void **state)
{
	(void)state;
	expect_fail(
		HEAD "rules:\n"
		     "  - id: a.one\n"
		     "    title: One\n"
		     "    severity: low\n"
		     "    check: {kind: no_such_kind}\n"
		     "  - id: a.two\n"
		     "    title: Two\n"
		     "    severity: low\n"
		     "    check: {instructions: x}\n"
		     "  - id: a.three\n"
		     "    title: Three\n"
		     "    severity: low\n"
		     "    check: {kind: manual, instructions: [x], colour: red}\n"
		     "  - id: a.four\n"
		     "    title: Four\n"
		     "    severity: low\n"
		     "    check: {kind: manual}\n"
		     "  - id: a.five\n"
		     "    title: Five\n"
		     "    severity: low\n"
		     "    check: {kind: daemon_option, key: icc, one_of: [a, [b]]}\n"
		     "  - id: a.six\n"
		     "    title: Six\n"
		     "    severity: low\n"
		     "    check: {kind: 5}\n",
		-EINVAL,
		"t.yaml:8:19: rules[0].check.kind: unknown check kind 'no_such_kind', expected "
		"one of audit_watch, container, daemon_config_valid, daemon_option, daemon_tcp_tls, "
		"file_owner_mode, group_members, image, lsm_enforcing, manual, separate_mount, "
		"sysctl, userns_remap\n"
		"t.yaml:12:12: rules[1].check: missing required key 'kind'\n"
		"t.yaml:16:41: rules[2].check.instructions: expected string, got list\n"
		"t.yaml:16:46: rules[2].check: unknown key 'colour' for check kind 'manual', "
		"expected one of kind, instructions\n"
		"t.yaml:20:12: rules[3].check: missing required key 'instructions' for check kind "
		"'manual'\n"
		"t.yaml:24:56: rules[4].check.one_of[1]: expected scalar (bool, int or string), "
		"got list\n"
		"t.yaml:28:19: rules[5].check.kind: expected a non-empty string, got int 5\n");
}

static void test_schema_check_validate(void **state)
{
	(void)state;
	/* The kind's own validate() runs once the schema is satisfied; its message is its own. */
	const char *text = HEAD "rules:\n"
				"  - id: a.one\n"
				"    title: One\n"
				"    severity: low\n"
				"    check: {kind: daemon_option, key: icc}\n";
	struct diags d = {0};
	struct baseline *b = NULL;
	assert_int_equal(baseline_load_buffer("t.yaml", text, strlen(text), &d, &b), -EINVAL);
	assert_null(b);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.items[0].file, "t.yaml");
	assert_int_equal(d.items[0].line, 8);
	diags_release(&d);
}

static void test_params(void **state)
{
	(void)state;
	/* substitution happens before type checks, which report at the reference */
	expect_fail(
		HEAD "params: {who: root, on: true}\nrules:\n"
		     "  - id: a.one\n"
		     "    title: One\n"
		     "    severity: low\n"
		     "    check: {kind: daemon_option, key: {param: who}, present: {param: who}}\n"
		     "  - id: a.two\n"
		     "    title: Two\n"
		     "    severity: low\n"
		     "    check:\n"
		     "      kind: daemon_option\n"
		     "      key: icc\n"
		     "      one_of:\n"
		     "        - {param: nobody}\n"
		     "        - param: 5\n",
		-EINVAL,
		"t.yaml:9:62: rules[0].check.present: expected bool, got string 'root'\n"
		"t.yaml:17:11: rules[1].check.one_of[0]: unknown param 'nobody'\n"
		"t.yaml:18:11: rules[1].check.one_of[1]: expected a param name after 'param', got "
		"int 5\n");
	/* the whole check may come from a param */
	struct baseline *b = load_ok_text(HEAD "params: {c: {kind: manual, instructions: x}}\n"
					       "rules:\n"
					       "  - id: a.one\n"
					       "    title: One\n"
					       "    severity: low\n"
					       "    check: {param: c}\n");
	assert_ptr_equal(b->rules[0].kind, check_kind_find("manual"));
	assert_int_equal(b->rules[0].check->line, 9);
	baseline_free(b);
	/* a copy may not nest deeper than a document could (the dump must load) */
	expect_fail(
		HEAD "params: {p: [[[[[[[[[[[[[[1]]]]]]]]]]]]]]}\nrules:\n"
		     "  - id: a.one\n"
		     "    title: One\n"
		     "    severity: low\n"
		     "    check: {kind: daemon_option, key: icc, equals: {param: p}}\n",
		-EINVAL,
		"t.yaml:9:52: rules[0].check.equals: param 'p' nests deeper than 16 levels here\n");
	/* params hold no references */
	expect_fail(HEAD "params: {a: x, b: [{param: a}]}\n", -EINVAL,
		    "t.yaml:4:20: params.b: parameter references are not allowed inside params\n");
	/* a {param} map with more keys is a plain map */
	b = load_ok_text(HEAD
			 "rules:\n"
			 "  - id: a.one\n"
			 "    title: One\n"
			 "    severity: low\n"
			 "    check: {kind: daemon_option, key: icc, equals: {param: a, x: 1}}\n");
	assert_int_equal(check_param(&b->rules[0], "equals")->type, VALUE_MAP);
	baseline_free(b);
}

static void test_params_budget(void **state)
{
	(void)state;
	/* two 8 KiB strings referenced by each of 2000 rules are 32 MiB of copies: refused */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, HEAD "params: {big: [%0*d, %0*d]}\nrules:\n", BASELINE_STRING_MAX, 1,
		    BASELINE_STRING_MAX, 2);
	for (int i = 0; i < BASELINE_RULES_MAX; i++)
		strbuf_addf(&sb,
			    "- {id: r.%d, title: R, severity: low, check: {kind: daemon_option, "
			    "key: icc, equals: {param: big}}}\n",
			    i);
	struct diags d = {0};
	struct baseline *b = NULL;
	assert_int_equal(baseline_load_buffer("t.yaml", sb.buf, sb.len, &d, &b), -EINVAL);
	assert_int_equal(d.n, 1);
	_cleanup_free_ char *m = diag_format(&d.items[0]);
	assert_true(startswith(m, "t.yaml:"));
	assert_true(endswith(m, ": params expand to more than 16777216 bytes"));
	diags_release(&d);
	strbuf_release(&sb);
}

static void test_linear(void **state)
{
	(void)state;
	/* 40000 params and 2000 rules: a quadratic step would take minutes here */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, HEAD "params:\n");
	for (int i = 0; i < 40000; i++)
		strbuf_addf(&sb, " p%d: k.%d\n", i, i);
	strbuf_adds(&sb, "rules:\n");
	for (int i = 0; i < BASELINE_RULES_MAX; i++)
		strbuf_addf(&sb, "- {id: r.%d, title: R, severity: low, check: {kind: sysctl, key: "
				 "{param: p%d}, equals: 1}}\n",
			    i, 39999 - i);
	struct diags d = {0};
	struct baseline *b = NULL;
	assert_int_equal(baseline_load_buffer("t.yaml", sb.buf, sb.len, &d, &b), 0);
	assert_int_equal(b->n_rules, BASELINE_RULES_MAX);
	assert_string_equal(check_param_string(&b->rules[0], "key", NULL), "k.39999");
	baseline_free(b);
	strbuf_release(&sb);
}

/* ---- extends ---- */

static void test_extends_errors(void **state)
{
	(void)state;
	_cleanup_free_ char *dir = make_tmpdir();
	put(dir, "a.yaml", HEAD "extends: b.yaml\n");
	put(dir, "b.yaml", HEAD "extends: ./a.yaml\n");
	put(dir, "self.yaml", HEAD "extends: self.yaml\n");
	put(dir, "missing.yaml", HEAD "extends: nowhere/x.yaml\n");
	put(dir, "broken.yaml", HEAD "extends: syntax.yaml\n");
	put(dir, "syntax.yaml", "id: [\n");
	put(dir, "typed.yaml", HEAD "extends: good.yaml\nparams: {icc: [1]}\n");
	put(dir, "good.yaml", HEAD "params: {icc: false, any: null}\nrules:\n- {id: x.y, title: X, "
				   "severity: low, check: {kind: manual, instructions: i}}\n");
	put(dir, "dis.yaml",
	    HEAD "extends: good.yaml\nparams: {any: [1]}\ndisable: [x.y, x.z]\n"
		 "rules:\n- {id: x.w, title: W, severity: low, check: {kind: manual, "
		 "instructions: i}}\n");
	put(dir, "dis2.yaml",
	    HEAD "disable: [x.w]\n"
		 "rules:\n- {id: x.w, title: W, severity: low, check: {kind: manual, "
		 "instructions: i}}\n");
	const struct {
		const char *file;
		int err;
		const char *diags; /* @D@: the directory */
	} cases[] = {
		{"a.yaml", -EINVAL,
		 "@D@/b.yaml:4:10: extends: cycle: @D@/b.yaml -> @D@/a.yaml -> @D@/./a.yaml\n"},
		{"self.yaml", -EINVAL,
		 "@D@/self.yaml:4:10: extends: cycle: @D@/self.yaml -> "
		 "@D@/self.yaml\n"},
		{"missing.yaml", -ENOENT,
		 "@D@/missing.yaml:4:10: extends: cannot read '@D@/nowhere/x.yaml': No such file "
		 "or "
		 "directory\n"},
		{"broken.yaml", -EBADMSG,
		 "@D@/syntax.yaml:2:1: invalid yaml: did not find expected node content (while "
		 "parsing a flow node at line 2)\n"},
		{"typed.yaml", -EINVAL,
		 "@D@/typed.yaml:5:15: params.icc: expected bool like the parent's param, got "
		 "list\n"},
		{"dis.yaml", -EINVAL,
		 "@D@/dis.yaml:6:16: disable[1]: no rule 'x.z' inherited from a parent baseline\n"},
		{"dis2.yaml", -EINVAL,
		 "@D@/dis2.yaml:4:11: disable[0]: no rule 'x.w' inherited from a parent "
		 "baseline\n"},
	};
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		_cleanup_free_ char *path = xasprintf("%s/%s", dir, cases[i].file);
		struct diags d = {0};
		struct baseline *b = NULL;
		int r = baseline_load(path, &d, &b);
		_cleanup_free_ char *got = diags_text(&d);
		_cleanup_free_ char *want = subst_dir(cases[i].diags, dir);
		if (!STREQ(got, want))
			print_error("%s: expected:\n%s\ngot:\n%s\n", cases[i].file, want, got);
		assert_string_equal(got, want);
		assert_int_equal(r, cases[i].err);
		assert_null(b);
		diags_release(&d);
	}

	/* chains: 8 levels of extends are fine, 9 are not */
	for (int i = 0; i <= 9; i++) {
		_cleanup_free_ char *name = xasprintf("l%d.yaml", i);
		_cleanup_free_ char *text = i ? xasprintf(HEAD "extends: l%d.yaml\n", i - 1)
					      : xstrdup(HEAD);
		put(dir, name, text);
	}
	_cleanup_free_ char *l8 = xasprintf("%s/l8.yaml", dir);
	baseline_free(load_ok(l8));
	_cleanup_free_ char *l9 = xasprintf("%s/l9.yaml", dir);
	struct diags d = {0};
	struct baseline *b = NULL;
	assert_int_equal(baseline_load(l9, &d, &b), -EINVAL);
	_cleanup_free_ char *got = diags_text(&d);
	_cleanup_free_ char *want = xasprintf("%s/l1.yaml:4:10: extends: more than 8 levels of "
					      "extends\n",
					      dir);
	assert_string_equal(got, want);
	diags_release(&d);
	rm_rf(dir);
}

/* ---- dump ---- */

static void round_trip(const struct baseline *b)
{
	_cleanup_free_ char *one = dump_text(b);
	struct diags d = {0};
	struct baseline *b2 = NULL;
	int r = baseline_load_buffer("dump.yaml", one, strlen(one), &d, &b2);
	_cleanup_free_ char *problems = diags_text(&d);
	if (r < 0)
		print_error("%s\n%s", one, problems);
	assert_int_equal(r, 0);
	_cleanup_free_ char *two = dump_text(b2);
	assert_string_equal(one, two);
	assert_int_equal(b->n_rules, b2->n_rules);
	for (size_t i = 0; i < b->n_rules; i++) {
		assert_true(value_equal(b->rules[i].check, b2->rules[i].check));
		assert_int_equal(b->rules[i].enabled, b2->rules[i].enabled);
	}
	assert_true(value_equal(b->params, b2->params));
	baseline_free(b2);
}

static void test_dump(void **state)
{
	(void)state;
	struct baseline *b = load_ok_text(
		HEAD "description: \"multi\\nline\\n\"\n"
		     "params: {s: \"true\", n: \"42\", e: \"\", m: \"0644\", l: [1, \"1\", null]}\n"
		     "rules:\n"
		     "  - id: a.one\n"
		     "    title: \"yes: really\"\n"
		     "    severity: critical\n"
		     "    refs: {cis: [\"1.1\", \"2\"]}\n"
		     "    check: {kind: daemon_option, key: icc, equals: {param: l}}\n"
		     "    fix: {kind: daemon_json, set: {icc: false, default-address-pools: [{size: 24}]}}\n");
	_cleanup_free_ char *text = dump_text(b);
	assert_string_equal(text, "id: t\n"
				  "title: T\n"
				  "version: 1\n"
				  "description: |\n"
				  "  multi\n"
				  "  line\n"
				  "params:\n"
				  "  s: 'true'\n"
				  "  n: '42'\n"
				  "  e: ''\n"
				  "  m: 0644\n"
				  "  l: [1, '1', null]\n"
				  "rules:\n"
				  "- id: a.one\n"
				  "  title: 'yes: really'\n"
				  "  section: a\n"
				  "  severity: critical\n"
				  "  enabled: true\n"
				  "  refs:\n"
				  "    cis: [1.1, '2']\n"
				  "  check:\n"
				  "    kind: daemon_option\n"
				  "    key: icc\n"
				  "    equals: [1, '1', null]\n"
				  "  fix:\n"
				  "    kind: daemon_json\n"
				  "    set:\n"
				  "      icc: false\n"
				  "      default-address-pools:\n"
				  "      - size: 24\n");
	round_trip(b);
	baseline_free(b);

	/* the default section is never empty (found by fuzz-baseline) */
	b = load_ok_text(HEAD "rules:\n"
			      "- {id: .x, title: X, severity: low, check: {kind: manual, "
			      "instructions: i}}\n"
			      "- {id: y, title: Y, severity: low, check: {kind: manual, "
			      "instructions: i}}\n");
	assert_string_equal(b->rules[0].section, ".x");
	assert_string_equal(b->rules[1].section, "y");
	round_trip(b);
	baseline_free(b);

	const char *const files[] = {"good.yaml", "child.yaml", "grandchild.yaml"};
	for (size_t i = 0; i < ELEMENTSOF(files); i++) {
		_cleanup_free_ char *path = data_path(files[i]);
		b = load_ok(path);
		round_trip(b);
		baseline_free(b);
	}
	for (size_t i = 0; i < builtin_baselines_count; i++) {
		b = load_ok(builtin_baselines[i].id);
		round_trip(b);
		baseline_free(b);
	}
}

static void test_dump_write_error(void **state)
{
	(void)state;
	struct baseline *b = load_ok_text(HEAD);
	FILE *f = fopen("/dev/full", "we");
	if (f) {
		assert_int_equal(baseline_dump(b, f), -EIO);
		fclose(f);
	}
	baseline_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_extends),
		cmocka_unit_test(test_extends_chain),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_builtin_errors),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_yaml_syntax),
		cmocka_unit_test(test_yaml_aliases),
		cmocka_unit_test(test_yaml_tags),
		cmocka_unit_test(test_yaml_keys),
		cmocka_unit_test(test_yaml_limits),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_schema_top),
		cmocka_unit_test(test_schema_rules),
		cmocka_unit_test(test_schema_rules_max),
		cmocka_unit_test(test_schema_checks),
		cmocka_unit_test(test_schema_check_validate),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_params_budget),
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_extends_errors),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_dump_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
