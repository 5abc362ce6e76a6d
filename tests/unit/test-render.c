/* test-render.c: the text and JSON renderers (src/report/render-text.c, render-json.c) on a
 * hand-built report full of hostile strings: quotes, backslashes, newlines, escape sequences,
 * bidi overrides, invalid UTF-8, wide and combining characters, very long titles and details.
 *
 * JSON: must parse (json-c here, and `jq` when it is installed), keep DESIGN's key order, give
 * back every valid string byte for byte, null for unknown values, optional members only when
 * they apply. Text: header and summary lines exact, every line within 100 columns, no control
 * character but the newline, valid UTF-8, sections in baseline order, waivers shown, -q and -v
 * and colour as documented. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "json-util.h"
#include "report.h"

#define HOSTILE_TITLE "Say \"hi\"\\ \033[2J\nFAIL forged line \xe2\x80\xae txet desrever"
#define INVALID_UTF8 "bad \xff\xfe byte \xc3 and overlong \xc0\xaf"
#define LONG_TITLE                                                                                 \
	"Ensure the daemon d\xc3\xa9j\xc3\xa0 uses TLS \xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5"   \
	"\xad\x97 on every TCP socket it listens on, including the ones added by drop-ins, "        \
	"environment files and the running process"

struct fixture {
	struct baseline *b;
	struct waiver waivers[2];
	struct report r;
};

static struct rule *add_rule(struct baseline *b, const char *id, const char *section,
			     enum severity sev, const char *title)
{
	struct rule *rule = GROW(b->rules, b->n_rules);
	rule->id = xstrdup(id);
	rule->section = xstrdup(section);
	rule->severity = sev;
	rule->title = xstrdup(title);
	rule->enabled = true;
	return rule;
}

static void add_ref(struct rule *rule, const char *name, const char *id)
{
	struct rule_ref *ref = GROW(rule->refs, rule->n_refs);
	ref->name = xstrdup(name);
	strv_extend(&ref->ids, id);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct baseline *b = f->b = baseline_new();
	b->id = xstrdup("test-base");
	b->version = 3;
	b->file = xstrdup("/tmp/base \"line\".yaml");
	memset(b->sha256, 'a', 64);

	/* Pointers into b->rules are taken only once every rule is there (GROW reallocates). */
	add_ref(add_rule(b, "daemon.icc", "daemon", SEVERITY_MEDIUM, HOSTILE_TITLE),
		"cis-docker-1.6.0", "2.2");
	add_ref(add_rule(b, "daemon.tls", "daemon", SEVERITY_HIGH, LONG_TITLE), "cis-docker-1.6.0",
		"2.6");
	add_ref(add_rule(b, "files.owner", "files", SEVERITY_LOW, "Owner of " INVALID_UTF8),
		"other-guide", "X1");
	add_rule(b, "daemon.waived", "daemon", SEVERITY_CRITICAL, "A waived rule");
	add_rule(b, "daemon.expired", "daemon", SEVERITY_HIGH, "A rule whose waiver expired");
	add_rule(b, "host.na", "host", SEVERITY_LOW, "Not here");
	add_rule(b, "host.manual", "host", SEVERITY_MEDIUM, "Look at it");
	add_rule(b, "files.pass", "files", SEVERITY_MEDIUM, "Passing rule");
	b->rules[0].rationale = xstrdup("because \xe2\x80\xae and \"why\"");
	add_ref(&b->rules[0], "nist", "CM-7");
	strv_extend(&b->rules[0].refs[0].ids, "2.3");

	f->waivers[0] = (struct waiver){.rule_id = "daemon.waived", .reason = "vendor \"says\" so",
					.approver = "alice", .expires_text = "2099-12-31"};
	f->waivers[1] = (struct waiver){.rule_id = "daemon.expired", .reason = "old", .approver =
					"bob\nmallory", .expires_text = "2020-01-01"};

	struct report *r = &f->r;
	report_init(r);
	r->tool_version = xstrdup("0.1.0");
	r->root = xstrdup("/tmp/ro\"ot");
	r->hostname = NULL;
	r->docker_source = xstrdup("files");
	r->docker_version = NULL;
	r->baseline = b;
	r->started = 1700000000;
	r->duration_ms = 4.2;
	r->results = xcalloc(b->n_rules, sizeof(struct result));
	for (size_t i = 0; i < b->n_rules; i++)
		result_init(&r->results[r->n_results++], &b->rules[i]);
	struct result *x = r->results;

	result_expect(&x[0], "icc is false");
	result_set(&x[0], STATUS_FAIL, "true (dockerd flag --icc=true) \033]0;pwned\007");
	result_add_evidence(&x[0], "/proc/4321/cmdline", 0, 0, "--icc=true");
	result_add_evidence(&x[0], "/etc/docker/daemon.json", 3, 5, "\"icc\": \"x\\ny\"\n}");
	x[0].fix_available = true;
	x[0].fix_summary = xstrdup("set icc=false in daemon.json");
	x[0].restart_required = true;

	result_expect(&x[1], "tlsverify is true for every tcp:// host");
	struct strbuf long_obs = STRBUF_INIT;
	for (int i = 0; i < 30; i++)
		strbuf_addf(&long_obs, "tcp://10.0.0.%d:2375 ", i);
	strbuf_adds(&long_obs, "/a/very/long/path/without/any/spaces/in/it/at/all/that/goes/on/and/on/"
			       "and/on/and/on/and/on/and/on/and/on/and/on/until/it/ends/here");
	result_set(&x[1], STATUS_PASS, "%s", long_obs.buf);
	strbuf_release(&long_obs);

	result_expect(&x[2], "owner root");
	result_set(&x[2], STATUS_ERROR, "cannot read " INVALID_UTF8);
	result_add_evidence(&x[2], "/etc/\xff" "group", 7, 0, "unreadable: %s", strerror(EACCES));
	result_add_object(&x[2], "file", "/etc/docker", "/etc/docker", STATUS_FAIL, "mode 0777");
	result_add_object(&x[2], "file", "/etc/ok", NULL, STATUS_PASS, "mode 0644");

	result_expect(&x[3], "nothing");
	result_set(&x[3], STATUS_WAIVED, "something");
	x[3].waived_status = STATUS_FAIL;
	x[3].waiver = &f->waivers[0];

	result_expect(&x[4], "nothing");
	result_set(&x[4], STATUS_FAIL, "something else");
	x[4].waiver = &f->waivers[1];
	x[4].waiver_expired = true;

	result_expect(&x[5], "a running dockerd");
	result_set(&x[5], STATUS_NOT_APPLICABLE, "no dockerd");
	result_expect(&x[6], "a person decides");
	result_set(&x[6], STATUS_MANUAL, "look at the thing");
	result_expect(&x[7], "ok");
	result_set(&x[7], STATUS_PASS, "ok");
	report_summarize(r);

	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	report_release(&f->r);
	baseline_free(f->b);
	free(f);
	return 0;
}

static char *render_to_string(const struct report *r, const char *format, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	assert_non_null(mem);
	const struct renderer *rd = renderer_find(format);
	assert_non_null(rd);
	assert_int_equal(rd->render(r, flags, mem), 0);
	assert_int_equal(fclose(mem), 0);
	assert_int_equal(strlen(buf), len); /* no NUL inside */
	return buf;
}

/* ---- JSON ---- */

static void assert_keys(json_object *o, const char *const *keys)
{
	size_t i = 0;
	json_object_object_foreach(o, k, v)
	{
		(void)v;
		assert_non_null(keys[i]);
		assert_string_equal(k, keys[i]);
		i++;
	}
	assert_null(keys[i]);
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;
	assert_true(json_object_object_get_ex(o, key, &v));
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

static void test_json(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *text = render_to_string(&f->r, "json", 0);

	_cleanup_json_ json_object *root = json_tokener_parse(text);
	assert_non_null(root);
	static const char *const top[] = {"schema",	 "tool",    "host",    "baseline", "started",
					  "duration_ms", "summary", "results", NULL};
	assert_keys(root, top);
	assert_string_equal(get_str(root, "schema"), "dockward-report/1");
	assert_keys(get(root, "tool"), (const char *const[]){"name", "version", NULL});
	assert_string_equal(get_str(get(root, "tool"), "name"), "dockward");

	json_object *host = get(root, "host");
	assert_keys(host, (const char *const[]){"root", "hostname", "docker", NULL});
	assert_string_equal(get_str(host, "root"), "/tmp/ro\"ot");
	assert_null(get(host, "hostname"));
	assert_string_equal(get_str(get(host, "docker"), "source"), "files");
	assert_null(get(get(host, "docker"), "version"));

	json_object *base = get(root, "baseline");
	assert_keys(base, (const char *const[]){"id", "version", "file", "sha256", NULL});
	assert_int_equal(json_object_get_int64(get(base, "version")), 3);
	assert_string_equal(get_str(base, "file"), "/tmp/base \"line\".yaml");

	assert_string_equal(get_str(root, "started"), "2023-11-14T22:13:20Z");
	assert_non_null(strstr(text, "\"duration_ms\": 4.2,"));

	json_object *summary = get(root, "summary");
	assert_keys(summary, (const char *const[]){"pass", "fail", "error", "not_applicable",
						   "waived", "manual", NULL});
	assert_int_equal(json_object_get_int(get(summary, "pass")), 2);
	assert_int_equal(json_object_get_int(get(summary, "fail")), 2);
	assert_int_equal(json_object_get_int(get(summary, "error")), 1);
	assert_int_equal(json_object_get_int(get(summary, "waived")), 1);

	json_object *results = get(root, "results");
	assert_int_equal(json_object_array_length(results), 8);
	json_object *r0 = json_object_array_get_idx(results, 0);
	assert_keys(r0, (const char *const[]){"id", "title", "section", "severity", "status", "refs",
					      "expected", "observed", "evidence", "fix", "objects",
					      "rationale", NULL});
	/* Valid UTF-8, control characters and quotes come back byte for byte. */
	assert_string_equal(get_str(r0, "title"), HOSTILE_TITLE);
	assert_string_equal(get_str(r0, "observed"),
			    "true (dockerd flag --icc=true) \033]0;pwned\007");
	assert_string_equal(get_str(r0, "rationale"), "because \xe2\x80\xae and \"why\"");
	json_object *refs = get(r0, "refs");
	assert_keys(refs, (const char *const[]){"cis-docker-1.6.0", "nist", NULL});
	assert_int_equal(json_object_array_length(get(refs, "cis-docker-1.6.0")), 2);
	json_object *ev = get(r0, "evidence");
	assert_int_equal(json_object_array_length(ev), 2);
	assert_keys(json_object_array_get_idx(ev, 0), (const char *const[]){"source", "detail", NULL});
	assert_string_equal(get_str(json_object_array_get_idx(ev, 0), "source"), "proc/4321/cmdline");
	assert_keys(json_object_array_get_idx(ev, 1),
		    (const char *const[]){"source", "line", "col", "detail", NULL});
	assert_int_equal(json_object_get_int(get(json_object_array_get_idx(ev, 1), "line")), 3);
	assert_string_equal(get_str(json_object_array_get_idx(ev, 1), "detail"),
			    "\"icc\": \"x\\ny\"\n}");
	json_object *fix = get(r0, "fix");
	assert_keys(fix, (const char *const[]){"available", "summary", "restart_required", NULL});
	assert_true(json_object_get_boolean(get(fix, "available")));
	assert_true(json_object_get_boolean(get(fix, "restart_required")));

	/* Invalid UTF-8 is replaced, not copied (the document would not be JSON). */
	json_object *r2 = json_object_array_get_idx(results, 2);
	assert_string_equal(get_str(r2, "title"),
			    "Owner of bad \xef\xbf\xbd\xef\xbf\xbd byte \xef\xbf\xbd and overlong "
			    "\xef\xbf\xbd\xef\xbf\xbd");
	assert_false(has(r2, "waiver"));
	assert_false(has(r2, "rationale"));
	assert_null(get(get(r2, "fix"), "summary"));
	json_object *e2 = json_object_array_get_idx(get(r2, "evidence"), 0);
	assert_keys(e2, (const char *const[]){"source", "line", "detail", NULL});
	json_object *objs = get(r2, "objects");
	assert_int_equal(json_object_array_length(objs), 2);
	assert_keys(json_object_array_get_idx(objs, 0),
		    (const char *const[]){"kind", "id", "name", "status", "observed", NULL});
	assert_null(get(json_object_array_get_idx(objs, 1), "name"));
	assert_string_equal(get_str(json_object_array_get_idx(objs, 0), "status"), "fail");

	json_object *w3 = get(json_object_array_get_idx(results, 3), "waiver");
	assert_keys(w3, (const char *const[]){"reason", "approver", "expires", "expired", NULL});
	assert_string_equal(get_str(w3, "reason"), "vendor \"says\" so");
	assert_false(json_object_get_boolean(get(w3, "expired")));
	json_object *r4 = json_object_array_get_idx(results, 4);
	assert_string_equal(get_str(r4, "status"), "fail");
	assert_true(json_object_get_boolean(get(get(r4, "waiver"), "expired")));
	assert_string_equal(get_str(get(r4, "waiver"), "expires"), "2020-01-01");

	/* No escaped slashes, two-space indentation. */
	assert_null(strstr(text, "\\/"));
	assert_non_null(strstr(text, "\n  \"schema\": \"dockward-report/1\",\n"));
	assert_true(text[strlen(text) - 1] == '\n');
}

/* `jq` is the reference reader our users have: it must accept the document. */
static void test_json_jq(void **state)
{
	struct fixture *f = *state;
	if (system("command -v jq >/dev/null 2>&1") != 0)
		skip();
	_cleanup_free_ char *text = render_to_string(&f->r, "json", 0);
	char path[] = "/tmp/test-render-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	_cleanup_free_ char *cmd = xasprintf("jq -e '.results[0].title and .summary.fail == 2' "
					     "'%s' >/dev/null 2>&1", path);
	int rc = system(cmd);
	unlink(path);
	assert_int_equal(rc, 0);
}

static void test_json_fixed_clock(void **state)
{
	struct fixture *f = *state;
	f->r.duration_ms = 0;
	f->r.started = 0;
	_cleanup_free_ char *text = render_to_string(&f->r, "json", 0);
	assert_non_null(strstr(text, "\"started\": \"1970-01-01T00:00:00Z\",\n  \"duration_ms\": 0,"));
}

/* ---- text ---- */

/* Every line: at most 100 columns, valid UTF-8, no control character; returns the lines. */
static char **check_lines(const char *text, bool allow_color)
{
	char **lines = NULL;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl); /* every line ends with a newline */
		_cleanup_free_ char *line = xstrndup(p, (size_t)(nl - p));
		/* Remove colour sequences (which the renderer alone writes) before measuring. */
		struct strbuf plain = STRBUF_INIT;
		for (const char *q = line; *q;) {
			if (allow_color && *q == '\033' && q[1] == '[') {
				q += 2;
				while (*q && *q != 'm')
					q++;
				assert_true(*q == 'm');
				q++;
				continue;
			}
			uint32_t cp;
			size_t len = text_utf8_decode(q, &cp);
			assert_true(len > 0);
			assert_true(cp >= 0x20 && cp != 0x7f);
			assert_false(cp == 0x202e);
			strbuf_add(&plain, q, len);
			q += len;
		}
		char *s = strbuf_detach(&plain);
		if (text_width(s) > 100)
			fail_msg("line wider than 100 columns (%zu): %s", text_width(s), s);
		strv_push(&lines, s);
		p = nl + 1;
	}
	return lines;
}

static ssize_t find_line(char **lines, const char *prefix)
{
	for (size_t i = 0; lines && lines[i]; i++)
		if (startswith(lines[i], prefix))
			return (ssize_t)i;
	return -1;
}

static ssize_t find_containing(char **lines, const char *needle)
{
	for (size_t i = 0; lines && lines[i]; i++)
		if (strstr(lines[i], needle))
			return (ssize_t)i;
	return -1;
}

static void test_text(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *text = render_to_string(&f->r, "text", 0);
	_cleanup_strv_free_ char **lines = check_lines(text, false);

	assert_string_equal(lines[0], "dockward 0.1.0 audit of unknown host (root /tmp/ro\"ot) "
				      "against test-base v3");
	size_t n = strv_length(lines);
	assert_string_equal(lines[n - 1], "8 rules: 2 pass, 2 fail, 1 error, 1 not applicable, "
					  "1 waived, 1 manual; score 50%");

	/* Sections in the order of their first rule; a section's later rules join it. */
	ssize_t daemon = find_line(lines, "daemon"), files = find_line(lines, "files"),
		host = find_line(lines, "host");
	assert_true(daemon > 0 && files > daemon && host > files);
	ssize_t waived = find_containing(lines, "daemon.waived");
	assert_true(waived > daemon && waived < files);
	assert_true(startswith(lines[waived], "  WAIVED critical daemon.waived "));

	/* The hostile title is shown escaped, on one line, cut to fit. */
	ssize_t icc = find_containing(lines, "daemon.icc");
	assert_true(startswith(lines[icc], "  FAIL   medium   daemon.icc     2.2 Say \"hi\"\\ "
					   "\\x1b[2J\\nFAIL forged line \\u202e"));
	assert_int_equal(find_line(lines, "FAIL forged"), -1);
	assert_non_null(strstr(lines[icc + 1], "expected: icc is false"));
	assert_non_null(strstr(lines[icc + 2],
			       "observed: true (dockerd flag --icc=true) \\x1b]0;pwned\\x07"));
	assert_string_equal(lines[icc + 3], "      evidence: proc/4321/cmdline: --icc=true");
	assert_string_equal(lines[icc + 4],
			    "      evidence: etc/docker/daemon.json:3:5: \"icc\": \"x\\ny\"\\n}");
	assert_string_equal(lines[icc + 5],
			    "      fix: set icc=false in daemon.json (restarts dockerd)");

	/* The long title is cut with "..." at 100 columns, between two characters. */
	ssize_t tls = find_containing(lines, "daemon.tls");
	assert_true(endswith(lines[tls], "..."));
	assert_int_equal(text_width(lines[tls]), 100);
	/* A passing rule has no details without -v. */
	assert_false(strstr(lines[tls + 1], "expected:"));

	/* Error: details, invalid UTF-8 shown as escapes; failing objects only. */
	ssize_t owner = find_containing(lines, "files.owner");
	assert_non_null(
		strstr(lines[owner], "ERROR  low      files.owner    -   Owner of bad \\xff\\xfe"));
	assert_string_equal(lines[owner + 3],
			    "      evidence: etc/\\xffgroup:7: unreadable: Permission denied");
	assert_string_equal(lines[owner + 4], "      object: file /etc/docker: fail: mode 0777");
	assert_false(strstr(lines[owner + 5], "/etc/ok"));

	assert_string_equal(lines[waived + 1], "      waived: vendor \"says\" so; approved by alice, "
					       "expires 2099-12-31; status without it: fail");
	ssize_t expired = find_containing(lines, "daemon.expired");
	assert_true(startswith(lines[expired], "  FAIL "));
	ssize_t flag = find_containing(lines, "waiver expired 2020-01-01 (no longer counts): old; "
					      "approved by bob\\nmallory");
	assert_true(flag > expired);

	assert_non_null(strstr(text, "  N/A    low      host.na "));
	assert_non_null(strstr(text, "  MANUAL medium   host.manual "));
	assert_null(strstr(text, "\033"));
}

static void test_text_verbose_wraps(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *text = render_to_string(&f->r, "text", RENDER_VERBOSE);
	_cleanup_strv_free_ char **lines = check_lines(text, false);

	/* Every rule has its details now, and the long observation wraps under itself. */
	ssize_t tls = find_containing(lines, "daemon.tls");
	assert_true(startswith(lines[tls + 1], "      expected: tlsverify"));
	assert_true(startswith(lines[tls + 2], "      observed: tcp://10.0.0.0:2375 tcp://10.0.0.1"));
	assert_true(startswith(lines[tls + 3], "                tcp://"));
	ssize_t path = find_containing(lines, "/a/very/long/path");
	assert_true(path > tls + 2);
	/* The space-less path is broken between characters, and nothing is lost. */
	assert_true(startswith(lines[path + 1], "                "));
	assert_non_null(strstr(lines[path + 1], "until/it/ends/here"));
	assert_non_null(strstr(text, "      object: file /etc/ok: pass: mode 0644"));
	assert_non_null(strstr(text, "      observed: look at the thing"));
}

static void test_text_quiet(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *text = render_to_string(&f->r, "text", RENDER_QUIET);
	_cleanup_strv_free_ char **lines = check_lines(text, false);

	assert_true(startswith(lines[0], "  FAIL   medium   daemon.icc "));
	for (size_t i = 0; lines[i]; i++) {
		assert_false(startswith(lines[i], "dockward "));
		assert_false(startswith(lines[i], "  PASS"));
		assert_false(startswith(lines[i], "  WAIVED"));
		assert_false(STREQ(lines[i], "daemon"));
	}
	assert_true(find_containing(lines, "files.owner") > 0);
	assert_true(find_containing(lines, "daemon.expired") > 0);
	assert_true(startswith(lines[strv_length(lines) - 1], "8 rules: "));
	assert_string_equal(lines[strv_length(lines) - 2], "");
}

static void test_text_color(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *text = render_to_string(&f->r, "text", RENDER_COLOR);
	strv_free(check_lines(text, true)); /* checks every line: widths, no stray escapes */
	assert_non_null(strstr(text, "  \033[1;31mFAIL\033[0m   medium   daemon.icc "));
	assert_non_null(strstr(text, "  \033[32mPASS\033[0m   high     daemon.tls "));
	assert_non_null(strstr(text, "  \033[35mERROR\033[0m  low "));
	assert_non_null(strstr(text, "  \033[2mN/A\033[0m    low "));
	assert_non_null(strstr(text, "  \033[36mWAIVED\033[0m critical "));
	assert_non_null(strstr(text, "  \033[33mMANUAL\033[0m medium "));
	/* The only escape sequences are ours: the hostile ones stay escaped. */
	assert_null(strstr(text, "\033[2J"));
	assert_null(strstr(text, "\033]"));
}

static void test_text_empty(void **state)
{
	(void)state;
	struct baseline *b = baseline_new();
	b->id = xstrdup("empty");
	b->version = 1;
	struct report r;
	report_init(&r);
	r.baseline = b;
	r.tool_version = xstrdup("0.1.0");
	r.root = xstrdup("/");
	r.hostname = xstrdup("h1");
	_cleanup_free_ char *text = render_to_string(&r, "text", 0);
	assert_string_equal(text, "dockward 0.1.0 audit of h1 (root /) against empty v1\n\n"
				  "0 rules: 0 pass, 0 fail, 0 error, 0 not applicable, 0 waived, "
				  "0 manual; score 100%\n");
	_cleanup_free_ char *quiet = render_to_string(&r, "text", RENDER_QUIET);
	assert_string_equal(quiet, "0 rules: 0 pass, 0 fail, 0 error, 0 not applicable, 0 waived, "
				   "0 manual; score 100%\n");
	_cleanup_free_ char *json = render_to_string(&r, "json", 0);
	_cleanup_json_ json_object *o = json_tokener_parse(json);
	assert_non_null(o);
	assert_int_equal(json_object_array_length(get(o, "results")), 0);
	report_release(&r);
	baseline_free(b);
}

/* Ids are what waivers name: a long one is shown whole and pushes its line right; only an
 * absurd one is cut. Either way the line fits. */
static void test_text_long_ids(void **state)
{
	(void)state;
	struct baseline *b = baseline_new();
	b->id = xstrdup("ids");
	b->version = 1;
	const char *long_id = "kernel.sysctl-ipv4-accept-source-route-default"; /* 46 */
	struct strbuf absurd = STRBUF_INIT;
	for (int i = 0; i < 20; i++)
		strbuf_adds(&absurd, "abcdefghij");
	add_ref(add_rule(b, "a.short", "a", SEVERITY_LOW, "Short id"), "cis", "1.1");
	add_rule(b, long_id, "a", SEVERITY_LOW, "A title that is long enough to need cutting when "
						 "the id is long, as this one is, really");
	add_rule(b, absurd.buf, "a", SEVERITY_LOW, "Absurd");
	strbuf_release(&absurd);

	struct report r;
	report_init(&r);
	r.baseline = b;
	r.results = xcalloc(b->n_rules, sizeof(struct result));
	for (size_t i = 0; i < b->n_rules; i++) {
		result_init(&r.results[r.n_results], &b->rules[i]);
		result_set(&r.results[r.n_results++], STATUS_PASS, "ok");
	}
	report_summarize(&r);
	_cleanup_free_ char *text = render_to_string(&r, "text", 0);
	_cleanup_strv_free_ char **lines = check_lines(text, false);
	ssize_t i = find_containing(lines, "a.short");
	assert_string_equal(lines[i], "  PASS   low      a.short                          1.1 Short id");
	i = find_containing(lines, long_id);
	assert_true(startswith(lines[i], "  PASS   low      "
					 "kernel.sysctl-ipv4-accept-source-route-default -   A title"));
	assert_true(endswith(lines[i], "..."));
	i = find_containing(lines, "abcdefghij");
	assert_non_null(strstr(lines[i], "abcdefg... -   Absurd"));
	assert_int_equal(strchr(lines[i] + 18, ' ') - (lines[i] + 18), 60);
	report_release(&r);
	baseline_free(b);
}

/* ---- text helpers ---- */

static void assert_fit(const char *s, size_t width, const char *expected)
{
	_cleanup_free_ char *got = text_fit(s, width);
	assert_string_equal(got, expected);
	assert_true(text_width(got) <= width);
}

static void test_text_fit(void **state)
{
	(void)state;
	assert_fit("short", 10, "short");
	assert_fit("exactly10!", 10, "exactly10!");
	assert_fit("eleven char", 10, "eleven ...");
	assert_fit("h\xc3\xa9llo w\xc3\xb6rld", 8, "h\xc3\xa9llo...");
	/* Wide characters count two columns and are never split. */
#define KANJI4 "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97"
	assert_fit(KANJI4, 8, KANJI4);
	assert_fit(KANJI4, 7, "\xe6\xbc\xa2\xe5\xad\x97...");
	assert_fit(KANJI4, 6, "\xe6\xbc\xa2...");
	assert_fit(KANJI4, 4, "...");
	/* A combining mark stays with its letter. */
	assert_fit("ae\xcc\x81xyz", 5, "ae\xcc\x81xyz");
	assert_fit("ae\xcc\x81xyzw", 5, "ae\xcc\x81...");
	/* Escapes. */
	assert_fit("a\nb\tc\rd\033e\x7f", 40, "a\\nb\\tc\\rd\\x1be\\x7f");
	assert_fit("\xc2\x85 \xe2\x80\xae \xe2\x81\xa6", 40, "\\u0085 \\u202e \\u2066");
	assert_fit("\xff\xc3(\xed\xa0\x80\xf4\x90\x80\x80", 80,
		   "\\xff\\xc3(\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80");
	/* An escape is cut as a whole only by width, never inside a UTF-8 sequence. */
	assert_fit("\n\n\n", 5, "\\n...");
	assert_fit("abcdef", 2, "ab");
	assert_fit("", 0, "");

	uint32_t cp;
	assert_int_equal(text_utf8_decode("\xe2\x82\xac", &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(text_utf8_decode("\xf0\x9f\x98\x80", &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(text_utf8_decode("\xe2\x82", &cp), 0);
	assert_int_equal(text_utf8_decode("\xc1\xbf", &cp), 0);
	assert_int_equal(text_utf8_decode("\xf8\x88\x80\x80\x80", &cp), 0);
	assert_int_equal(text_width("\xf0\x9f\x98\x80x"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_jq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_fixed_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_verbose_wraps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_quiet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_color, setup, teardown),
		cmocka_unit_test(test_text_empty),
		cmocka_unit_test(test_text_long_ids),
		cmocka_unit_test(test_text_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
