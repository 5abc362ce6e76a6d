/* render-test-util.h: a hand-built report full of hostile strings for the renderer tests
 * (test-render-junit.c, test-render-sarif.c), and helpers to render it and to hand a rendering to
 * the Python validators in tests/report/.
 *
 * The report has a rule in every status, a failing rule with failing and passing containers, a
 * waived rule, an expired waiver, and strings holding what breaks XML and JSON writers: "]]>",
 * "<", "&", quotes, control characters, DEL and C1 controls, U+FFFE, bidi overrides and invalid
 * UTF-8. */
#pragma once

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

#define HOSTILE_TITLE "Title ]]> with <tag> & \"quotes\" 'too'"
#define HOSTILE_OBSERVED "debug\033[31m red\x01 del\x7f c1\xc2\x85 nonchar\xef\xbf\xbe end"
#define INVALID_UTF8 "bad \xff\xfe byte \xc3 and overlong \xc0\xaf"
#define BIDI "\xe2\x80\xae txet desrever"

struct render_fixture {
	struct baseline *b;
	struct waiver waivers[2];
	struct report r;
};

static inline struct rule *render_add_rule(struct baseline *b, const char *id, const char *section,
					   enum severity sev, const char *title)
{
	struct rule *rule = GROW(b->rules, b->n_rules);
	rule->id = xstrdup(id);
	rule->section = section ? xstrdup(section) : NULL;
	rule->severity = sev;
	rule->title = xstrdup(title);
	rule->enabled = true;
	return rule;
}

static inline void render_add_ref(struct rule *rule, const char *name, const char *id)
{
	struct rule_ref *ref = GROW(rule->refs, rule->n_refs);
	ref->name = xstrdup(name);
	strv_extend(&ref->ids, id);
}

/* Rules, in baseline order (results are in the same order; the last rule is disabled and has
 * no result):
 *   0 daemon.hostile     fail, medium: hostile title, observed, evidence with line and col
 *   1 containers.priv    fail, critical: 3 containers, 2 failing (one with a hostile name)
 *   2 files.mode         fail, low: 2 file objects, one failing, one of them with "../"
 *   3 daemon.waived      waived (was fail), high: a waiver whose reason has "]]>" and a newline
 *   4 daemon.expired     fail, high: its waiver expired
 *   5 daemon.undecided   error: observed with invalid UTF-8
 *   6 host.na            not_applicable
 *   7 host.manual        manual
 *   8 host.pass          pass; no section (shown as "other")
 *   9 daemon.disabled    disabled */
static int render_fixture_setup(void **state)
{
	struct render_fixture *f = xcalloc(1, sizeof(*f));
	struct baseline *b = f->b = baseline_new();
	b->id = xstrdup("hostile-base");
	b->version = 7;
	b->file = xstrdup("/tmp/base.yaml");
	memset(b->sha256, 'b', 64);

	render_add_rule(b, "daemon.hostile", "daemon", SEVERITY_MEDIUM, HOSTILE_TITLE);
	render_add_rule(b, "containers.priv", "containers", SEVERITY_CRITICAL,
			"Containers are not privileged " BIDI);
	render_add_rule(b, "files.mode", "files", SEVERITY_LOW, "Owner of " INVALID_UTF8);
	render_add_rule(b, "daemon.waived", "daemon", SEVERITY_HIGH, "A waived rule");
	render_add_rule(b, "daemon.expired", "daemon", SEVERITY_HIGH, "A rule whose waiver expired");
	render_add_rule(b, "daemon.undecided", "daemon", SEVERITY_MEDIUM, "Undecided");
	render_add_rule(b, "host.na", "host", SEVERITY_LOW, "Not here");
	render_add_rule(b, "host.manual", "host", SEVERITY_MEDIUM, "Look at it");
	render_add_rule(b, "host.pass", NULL, SEVERITY_LOW, "Passing rule");
	render_add_rule(b, "daemon.disabled", "daemon", SEVERITY_LOW, "Disabled")->enabled = false;
	/* References: a duplicate id (tags must stay unique) and a name with invalid UTF-8. */
	render_add_ref(&b->rules[0], "cis-docker-1.6.0", "2.2");
	strv_extend(&b->rules[0].refs[0].ids, "2.2");
	render_add_ref(&b->rules[0], "nist\xff", "CM-7");
	b->rules[0].rationale = xstrdup("because <b>" BIDI "</b> & \"why\"");
	b->rules[0].remediation = xstrdup("set icc=false\x1b[0m in daemon.json");
	render_add_ref(&b->rules[1], "cis-docker-1.6.0", "5.4");

	f->waivers[0] = (struct waiver){.rule_id = "daemon.waived",
					.reason = "vendor ]]> \"says\" <so>\nsecond line",
					.approver = "alice & bob",
					.expires_text = "2099-12-31"};
	f->waivers[1] = (struct waiver){.rule_id = "daemon.expired",
					.reason = "old",
					.approver = "bob\nmallory",
					.expires_text = "2020-01-01"};

	struct report *r = &f->r;
	report_init(r);
	r->tool_version = xstrdup("0.1.0");
	r->root = xstrdup("/tmp/ro ot");
	r->hostname = xstrdup("h1<&>");
	r->docker_source = xstrdup("api");
	r->docker_version = xstrdup("20.10.24");
	r->baseline = b;
	r->started = 1795426800; /* 2026-11-23T09:40:00Z */
	r->duration_ms = 0;
	r->results = xcalloc(b->n_rules, sizeof(struct result));
	for (size_t i = 0; i < b->n_rules; i++)
		if (b->rules[i].enabled)
			result_init(&r->results[r->n_results++], &b->rules[i]);
	struct result *x = r->results;

	result_expect(&x[0], "log-level is info");
	result_set(&x[0], STATUS_FAIL, "%s", HOSTILE_OBSERVED);
	result_add_evidence(&x[0], "/etc/docker/daemon.json", 3, 5, "\"log-level\": ]]> \r\n}");
	result_add_evidence(&x[0], "dockerd default", 0, 0, "info");
	result_add_evidence(&x[0], "/etc/docker/daemon.json", 3, 5, "\"log-level\": ]]> \r\n}");
	x[0].fix_available = true;
	x[0].fix_summary = xstrdup("set log-level=info in daemon.json");
	x[0].restart_required = true;

	result_expect(&x[1], "not privileged");
	result_set(&x[1], STATUS_FAIL, "2 of 3 containers are privileged");
	result_add_evidence(&x[1], "unix:///run/docker.sock", 0, 0, "/containers/json: 3 selected");
	result_add_container(&x[1], "a54d003f83c8", "web", "nginx:1.25", STATUS_PASS,
			     "not privileged");
	result_add_container(&x[1], "3fc72f0609ed", "evil<\x1b]0;x\x07>" INVALID_UTF8, "busybox",
			     STATUS_FAIL, "privileged");
	result_add_container(&x[1], "7963e0ed2e5f", "db", "postgres:16", STATUS_FAIL, "privileged");

	result_expect(&x[2], "mode 0644 or stricter");
	result_set(&x[2], STATUS_FAIL, "one file too open");
	result_add_object(&x[2], "file", "/etc/docker/../../x", "/etc/docker/../../x", STATUS_FAIL,
			  "mode 0666");
	result_add_object(&x[2], "file", "/etc/ok", "/etc/ok", STATUS_PASS, "mode 0644");
	result_add_evidence(&x[2], "/etc/\xff" "group", 7, 0, "mode 0666");

	result_expect(&x[3], "nothing");
	result_set(&x[3], STATUS_WAIVED, "something");
	result_add_evidence(&x[3], "builtin:docker-host", 0, 0, "x");
	x[3].waived_status = STATUS_FAIL;
	x[3].waiver = &f->waivers[0];

	result_expect(&x[4], "nothing");
	result_set(&x[4], STATUS_FAIL, "something else");
	x[4].waiver = &f->waivers[1];
	x[4].waiver_expired = true;

	result_expect(&x[5], "a readable daemon.json");
	result_set(&x[5], STATUS_ERROR, "cannot read " INVALID_UTF8);
	result_add_evidence(&x[5], "/etc/docker/daemon.json", 0, 0, "unreadable: %s",
			    strerror(EACCES));

	result_expect(&x[6], "a running dockerd");
	result_set(&x[6], STATUS_NOT_APPLICABLE, "no dockerd");
	result_expect(&x[7], "a person decides");
	result_set(&x[7], STATUS_MANUAL, "look at the thing");
	result_expect(&x[8], "ok");
	result_set(&x[8], STATUS_PASS, "ok");
	report_summarize(r);

	*state = f;
	return 0;
}

static int render_fixture_teardown(void **state)
{
	struct render_fixture *f = *state;
	report_release(&f->r);
	baseline_free(f->b);
	free(f);
	return 0;
}

/* noinline: once inlined, gcc 12 takes the memstream buffer for a dangling local */
_unused_ static __attribute__((noinline)) char *render_to_string(const struct report *r,
								const char *format)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	assert_non_null(mem);
	const struct renderer *rd = renderer_find(format);
	assert_non_null(rd);
	assert_int_equal(rd->render(r, 0, mem), 0);
	assert_int_equal(fclose(mem), 0);
	assert_int_equal(strlen(buf), len); /* no NUL inside */
	return buf;
}

/* Writes text to a new temp file; its path goes into path (a "/tmp/...XXXXXX" template). */
static inline void render_write_temp(char *path, const char *text)
{
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* Whether Debian's python3 and the given module are there (the validators need them). */
static inline bool render_have_python(const char *module)
{
	_cleanup_free_ char *cmd =
		xasprintf("/usr/bin/python3 -c 'import %s' >/dev/null 2>&1", module);
	return access("/usr/bin/python3", X_OK) == 0 && system(cmd) == 0;
}

/* Runs tests/report/VALIDATOR on the rendering and the JSON report of r (plus extra, such as
 * the schema's path, before them); its exit status. */
static inline int render_validate(const struct report *r, const char *format, const char *validator,
				  const char *extra)
{
	const char *data = getenv("DOCKWARD_TEST_DATA");
	assert_non_null(data);
	_cleanup_free_ char *text = render_to_string(r, format);
	_cleanup_free_ char *json = render_to_string(r, "json");
	char path[] = "/tmp/test-render-XXXXXX", json_path[] = "/tmp/test-render-XXXXXX";
	render_write_temp(path, text);
	render_write_temp(json_path, json);
	_cleanup_free_ char *cmd = xasprintf("/usr/bin/python3 '%s/../../report/%s' %s%s'%s' '%s'",
					     data, validator, extra ? extra : "", extra ? " " : "",
					     path, json_path);
	int rc = system(cmd);
	unlink(path);
	unlink(json_path);
	return rc;
}
