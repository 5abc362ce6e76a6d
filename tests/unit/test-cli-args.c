/* test-cli-args.c: the command line contract (src/main.c, src/cli/), by running the built
 * `dockward` next to this test (build/dockward) in a clean environment.
 *
 * Usage errors: the exact message on stderr and exit 2. Help and version on stdout, exit 0.
 * Options before or after the command. Then whole audits of a small tree built here: exit 2 for
 * a root that is not there, the JSON report with a fixed clock (SOURCE_DATE_EPOCH) identical on
 * two runs, -o written in place (an older, longer report cut) and exit 3 when it cannot be
 * opened, -q, what -v says about the sandbox and --docker-host, and --format html with and
 * without --template. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "json-util.h"

static char *dockward_path;

struct run {
	int status;
	char *out, *err;
};

static void run_release(struct run *r)
{
	free(r->out);
	free(r->err);
}

static char *read_fd(int fd)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t n;
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	assert_true(n == 0);
	return strbuf_detach(&sb);
}

static int temp_fd(void)
{
	char path[] = "/tmp/test-cli-args-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

/* Runs dockward with args (NULL-terminated) and extra environment ("K=V", NULL-terminated). */
static struct run run_env(const char *const *env_extra, const char *const *args)
{
	const char *argv[64] = {"dockward"};
	size_t n = 1;
	for (; args[n - 1]; n++) {
		assert_true(n < ELEMENTSOF(argv) - 1);
		argv[n] = args[n - 1];
	}
	argv[n] = NULL;
	const char *envp[16] = {"LC_ALL=C", "TZ=UTC"};
	size_t m = 2;
	for (size_t i = 0; env_extra && env_extra[i]; i++)
		envp[m++] = env_extra[i];
	envp[m] = NULL;

	int out = temp_fd(), err = temp_fd();
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out, STDOUT_FILENO);
		dup2(err, STDERR_FILENO);
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, STDIN_FILENO);
		execve(dockward_path, (char **)argv, (char **)envp);
		_exit(127);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	struct run r = {.status = WEXITSTATUS(status), .out = read_fd(out), .err = read_fd(err)};
	close(out);
	close(err);
	return r;
}

#define RUN(...) run_env(NULL, (const char *const[]){__VA_ARGS__, NULL})
#define RUN_ENV(env, ...)                                                                          \
	run_env((const char *const[]){env, NULL}, (const char *const[]){__VA_ARGS__, NULL})

static void assert_usage_error(struct run r, const char *first_line)
{
	if (r.status != 2 || !startswith(r.err, first_line))
		fail_msg("exit %d, stderr: %s (expected 2 and '%s')", r.status, r.err, first_line);
	assert_string_equal(r.out, "");
	run_release(&r);
}

static int group_setup(void **state)
{
	(void)state;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	assert_true(n > 0);
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	*slash = '\0';
	/* build/tests/test-cli-args -> build/dockward */
	dockward_path = xasprintf("%s/../dockward", self);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	free(dockward_path);
	return 0;
}

static void need_binary(void)
{
	if (access(dockward_path, X_OK) < 0)
		skip(); /* built by `make`, not by `make test-cli-args` alone */
}

static void test_version_help(void **state)
{
	(void)state;
	need_binary();
	struct run r = RUN("--version");
	assert_int_equal(r.status, 0);
	assert_true(startswith(r.out, "dockward "));
	assert_string_equal(r.err, "");
	run_release(&r);

	r = RUN("--help");
	assert_int_equal(r.status, 0);
	assert_true(startswith(r.out, "usage: dockward [OPTIONS] COMMAND [ARGS]\n"));
	assert_non_null(strstr(r.out, "\n  audit      audit the host against a baseline"));
	assert_non_null(strstr(r.out, "\n  rules      "));
	assert_non_null(strstr(r.out, "--no-sandbox"));
	run_release(&r);

	/* Three spellings, one text. */
	struct run a = RUN("help", "audit"), b = RUN("audit", "--help"), c = RUN("--help", "audit");
	assert_int_equal(a.status, 0);
	assert_int_equal(b.status, 0);
	assert_int_equal(c.status, 0);
	assert_string_equal(a.out, b.out);
	assert_string_equal(a.out, c.out);
	assert_true(startswith(a.out, "usage: dockward audit [--baseline FILE|ID] [--waivers FILE]\n"));
	assert_non_null(strstr(a.out, "SOURCE_DATE_EPOCH"));
	assert_non_null(strstr(a.out, "--output FILE"));
	run_release(&a);
	run_release(&b);
	run_release(&c);

	r = RUN("help", "rules");
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "--waivers")); /* only the options `rules` takes */
	assert_non_null(strstr(r.out, "--baseline"));
	run_release(&r);

	r = RUN("help");
	assert_int_equal(r.status, 0);
	assert_true(startswith(r.out, "usage: dockward "));
	run_release(&r);
}

static void test_usage_errors(void **state)
{
	(void)state;
	need_binary();
	struct run r = RUN("-q");
	assert_int_equal(r.status, 2);
	assert_true(startswith(r.err, "usage: dockward "));
	run_release(&r);

	assert_usage_error(RUN("frobnicate"), "dockward: unknown command 'frobnicate'\n"
					     "try 'dockward --help' for more information\n");
	assert_usage_error(RUN("help", "frobnicate"), "dockward: unknown command 'frobnicate'\n");
	assert_usage_error(RUN("audit", "--frobnicate"), "dockward: unknown option '--frobnicate'\n");
	assert_usage_error(RUN("audit", "-x"), "dockward: unknown option '-x'\n");
	assert_usage_error(RUN("audit", "-qx"), "dockward: unknown option '-x'\n");
	assert_usage_error(RUN("audit", "--format"), "dockward: option '--format' needs a value\n");
	assert_usage_error(RUN("audit", "-o"), "dockward: option '-o' needs a value\n");
	assert_usage_error(RUN("--version=2"), "dockward: option '--version' takes no value\n");
	assert_usage_error(RUN("audit", "--format", "xml"),
			   "dockward: unknown format 'xml': expected one of html, json, junit, sarif, text\n");
	assert_usage_error(RUN("--fail-on", "severe", "audit"),
			   "dockward: invalid severity 'severe' for --fail-on: expected low, medium, "
			   "high or critical\n");
	assert_usage_error(RUN("--docker-host", "ssh://admin@h1", "audit"),
			   "dockward: --docker-host='ssh://admin@h1': ssh:// is not supported: use "
			   "unix:// or tcp://\n");
	assert_usage_error(RUN("--docker-host", "tcp://", "audit"),
			   "dockward: --docker-host='tcp://': no host: use tcp://HOST:PORT\n");
	assert_usage_error(RUN("audit", "--containers", "(web"),
			   "dockward: invalid --containers '(web': Unmatched ( or \\(\n");
	assert_usage_error(RUN("audit", "--skip-label", "=x"),
			   "dockward: invalid --skip-label '=x': expected KEY or KEY=VALUE\n");
	assert_usage_error(RUN("rules", "--waivers", "w.yaml"),
			   "dockward: option '--waivers' does not apply to 'rules'\n"
			   "try 'dockward rules --help' for more information\n");
	assert_usage_error(RUN("-o", "x.json", "baseline", "check", "b.yaml"),
			   "dockward: option '--output' does not apply to 'baseline'\n");
	assert_usage_error(RUN("audit", "extra"), "dockward: unexpected argument 'extra'\n");
	assert_usage_error(RUN("rules", "extra"), "dockward: unexpected argument 'extra'\n");
	assert_usage_error(RUN("baseline"), "dockward: missing subcommand: expected 'baseline check "
					    "FILE', 'baseline dump FILE|ID' or 'baseline list'\n");
	assert_usage_error(RUN("baseline", "lint", "x"),
			   "dockward: unknown subcommand 'baseline lint': expected 'baseline check "
			   "FILE', 'baseline dump FILE|ID' or 'baseline list'\n");
	assert_usage_error(RUN("baseline", "list", "x"), "dockward: unexpected argument 'x'\n");
	assert_usage_error(RUN("audit", "--save", "-o", "x.json"),
			   "dockward: --save writes JSON and HTML reports itself: it takes no -o\n");
	assert_usage_error(RUN("audit", "--report-dir", "/tmp", "--format", "json"),
			   "dockward: --save writes JSON and HTML reports itself: it takes no "
			   "--format\n");
	assert_usage_error(RUN("rules", "--skip", "x"),
			   "dockward: option '--skip' does not apply to 'rules'\n");
	assert_usage_error(RUN("fix", "--format", "sarif"),
			   "dockward: fix writes --format text or json, not 'sarif' (use 'dockward "
			   "audit --format sarif' after the fix)\n");
	assert_usage_error(RUN("fix", "--save"),
			   "dockward: option '--save' does not apply to 'fix'\n");
	assert_usage_error(RUN("audit", "--config", "/nonexistent/dockward.yaml"),
			   "dockward: cannot read settings '/nonexistent/dockward.yaml': No such "
			   "file or directory\n");
	assert_usage_error(RUN("baseline", "dump"), "dockward: missing file or id: expected "
						    "'baseline dump FILE|ID'\n");
	assert_usage_error(RUN("baseline", "check"), "dockward: missing file: expected 'baseline "
						     "check FILE'\n");
	assert_usage_error(RUN("baseline", "check", "a", "b"), "dockward: unexpected argument 'b'\n");
	assert_usage_error(RUN("--root", "", "audit"), "dockward: empty value for '--root'\n");
	assert_usage_error(RUN("audit", "--template", ""), "dockward: empty value for '--template'\n");
	assert_usage_error(RUN("rules", "--template", "t.tmpl"),
			   "dockward: option '--template' does not apply to 'rules'\n");
	assert_usage_error(RUN_ENV("SOURCE_DATE_EPOCH=yesterday", "audit"),
			   "dockward: invalid SOURCE_DATE_EPOCH 'yesterday': expected seconds since "
			   "1970\n");
}

/* ---- audits of a small tree ---- */

struct tree {
	char dir[64];
	char *root;
};

static void put(const char *path, const char *content)
{
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
}

static int tree_setup(void **state)
{
	struct tree *t = xcalloc(1, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/test-cli-args-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	t->root = xasprintf("%s/root", t->dir);
	assert_int_equal(mkdir(t->root, 0755), 0);
	_cleanup_free_ char *etc = xasprintf("%s/etc", t->root);
	assert_int_equal(mkdir(etc, 0755), 0);
	_cleanup_free_ char *group = xasprintf("%s/etc/group", t->root);
	put(group, "root:x:0:\ndocker:x:999:alice\n");
	_cleanup_free_ char *passwd = xasprintf("%s/etc/passwd", t->root);
	put(passwd, "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
	_cleanup_free_ char *hostname = xasprintf("%s/etc/hostname", t->root);
	put(hostname, "fixture-host\n");
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	_cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t->root);
	free(t);
	return 0;
}

/* Skips when the baseline loader cannot load the built-in baseline yet. */
static void need_loader(void)
{
	need_binary();
	struct run r = RUN("--no-sandbox", "rules");
	bool ok = r.status == 0;
	run_release(&r);
	if (!ok)
		skip();
}

/* tui needs a terminal on stdin and stdout (the runner gives it neither): exit 2 before any
 * audit; --read-only is tui's alone. */
static void test_tui_without_terminal(void **state)
{
	(void)state;
	need_binary();
	struct run r = RUN("tui", "--baseline", "docker-host");
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "dockward: tui needs a terminal ('dockward audit' is the same "
				   "audit without one)\n");
	run_release(&r);
	r = RUN("tui", "--read-only");
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "dockward: tui needs a terminal ('dockward audit' is the same "
				   "audit without one)\n");
	run_release(&r);
	assert_usage_error(RUN("audit", "--read-only"),
			   "dockward: option '--read-only' does not apply to 'audit'\n");
	assert_usage_error(RUN("tui", "extra"), "dockward: unexpected argument 'extra'\n");
}

static void test_root_missing(void **state)
{
	struct tree *t = *state;
	need_loader();
	_cleanup_free_ char *missing = xasprintf("%s/nope", t->dir);
	_cleanup_free_ char *expected =
		xasprintf("dockward: cannot open root '%s': No such file or directory\n", missing);
	struct run r = RUN("audit", "--root", missing);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, expected);
	assert_string_equal(r.out, "");
	run_release(&r);

	_cleanup_free_ char *file = xasprintf("%s/etc/group", t->root);
	r = RUN("--root", file, "audit");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "Not a directory"));
	run_release(&r);
}

static void test_audit_json(void **state)
{
	struct tree *t = *state;
	need_loader();
	struct run a = RUN_ENV("SOURCE_DATE_EPOCH=1700000000", "audit", "--root", t->root,
			       "--format", "json");
	struct run b = RUN_ENV("SOURCE_DATE_EPOCH=1700000000", "--format=json", "audit",
			       "--root", t->root);
	if (a.status > 3)
		fail_msg("exit %d: %s", a.status, a.err);
	assert_string_equal(a.out, b.out); /* reproducible */
	assert_int_equal(a.status, b.status);

	_cleanup_json_ json_object *o = json_tokener_parse(a.out);
	assert_non_null(o);
	json_object *v;
	assert_true(json_object_object_get_ex(o, "started", &v));
	assert_string_equal(json_object_get_string(v), "2023-11-14T22:13:20Z");
	assert_true(json_object_object_get_ex(o, "duration_ms", &v));
	assert_true(json_object_get_double(v) == 0);
	assert_non_null(strstr(a.out, "\"duration_ms\": 0,"));
	json_object *host;
	assert_true(json_object_object_get_ex(o, "host", &host));
	assert_true(json_object_object_get_ex(host, "root", &v));
	assert_string_equal(json_object_get_string(v), t->root);
	assert_true(json_object_object_get_ex(host, "hostname", &v));
	assert_string_equal(json_object_get_string(v), "fixture-host");
	/* Exit code from the report: 1 when something fails, else 3 when something is in error. */
	assert_true(json_object_object_get_ex(o, "summary", &v));
	json_object *fail, *error;
	assert_true(json_object_object_get_ex(v, "fail", &fail));
	assert_true(json_object_object_get_ex(v, "error", &error));
	int expected = json_object_get_int(fail) ? 1 : json_object_get_int(error) ? 3 : 0;
	assert_int_equal(a.status, expected);
	run_release(&a);
	run_release(&b);
}

static void test_audit_output_file(void **state)
{
	struct tree *t = *state;
	need_loader();
	_cleanup_free_ char *out = xasprintf("%s/report.json", t->dir);
	struct strbuf old = STRBUF_INIT;
	for (int i = 0; i < 20000; i++)
		strbuf_adds(&old, "STALE-REPORT-MARKER ");
	put(out, old.buf);
	strbuf_release(&old);

	struct run r = RUN_ENV("SOURCE_DATE_EPOCH=0", "audit", "--root", t->root, "--format",
			       "json", "-o", out);
	assert_true(r.status <= 3);
	assert_string_equal(r.out, "");
	run_release(&r);
	int fd = open(out, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	_cleanup_free_ char *written = read_fd(fd);
	close(fd);
	assert_null(strstr(written, "STALE-REPORT-MARKER"));
	_cleanup_json_ json_object *o = json_tokener_parse(written);
	assert_non_null(o);

	/* Same report on stdout. */
	r = RUN_ENV("SOURCE_DATE_EPOCH=0", "audit", "--root", t->root, "--format", "json");
	assert_string_equal(r.out, written);
	run_release(&r);

	/* A report file that cannot be opened: exit 3, with the reason. */
	_cleanup_free_ char *bad = xasprintf("%s/no/such/dir/report.json", t->dir);
	_cleanup_free_ char *expected = xasprintf("dockward: cannot open '%s' for the report: No "
						  "such file or directory\n", bad);
	r = RUN("audit", "--root", t->root, "-o", bad);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.err, expected);
	run_release(&r);
}

/* --format html: the built-in page; --template: a page of one's own, its partials next to it
 * or built in; a broken one is exit 2 with every problem, before the host is read. */
static void test_audit_html(void **state)
{
	struct tree *t = *state;
	need_loader();
	struct run r = RUN_ENV("SOURCE_DATE_EPOCH=0", "audit", "--root", t->root, "--format",
			       "html");
	assert_true(r.status <= 3);
	assert_true(startswith(r.out, "<!DOCTYPE html>\n"));
	assert_non_null(strstr(r.out, "<meta http-equiv=\"Content-Security-Policy\""));
	assert_non_null(strstr(r.out, "</html>\n"));
	run_release(&r);

	_cleanup_free_ char *page = xasprintf("%s/page.tmpl", t->dir);
	_cleanup_free_ char *css = xasprintf("%s/report.css", t->dir);
	put(page, "<p>{{report.host.hostname}}: {{score.percent}}%</p><style>{{> report.css}}"
		  "</style>{{> report.js}}\n");
	put(css, "p{color:red}");
	r = RUN_ENV("SOURCE_DATE_EPOCH=0", "audit", "--root", t->root, "--format", "html",
		    "--template", page);
	assert_true(r.status <= 3);
	assert_true(startswith(r.out, "<p>"));
	assert_non_null(strstr(r.out, "%</p><style>p{color:red}</style>/* report.js:"));
	run_release(&r);

	put(page, "<p {{title}}>{{#sections}}\n");
	_cleanup_free_ char *expected = xasprintf(
		"%s:1:4: {{title}} inside a tag, where an attribute name goes: not allowed\n"
		"%s:2:1: unclosed section 'sections' (opened at 1:14)\n", page, page);
	r = RUN("audit", "--root", "/nonexistent", "--format", "html", "--template", page);
	assert_int_equal(r.status, 2); /* the template before the root */
	assert_string_equal(r.err, expected);
	assert_string_equal(r.out, "");
	run_release(&r);

	r = RUN("audit", "--root", t->root, "--template", page);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "dockward: --template applies to --format html (and --save) only\n");
	run_release(&r);
}

static void test_audit_text(void **state)
{
	struct tree *t = *state;
	need_loader();
	struct run r = RUN("audit", "--root", t->root, "--no-color");
	assert_true(r.status <= 3);
	assert_true(startswith(r.out, "dockward "));
	assert_non_null(strstr(r.out, " audit of fixture-host (root "));
	assert_null(strstr(r.out, "\033"));
	run_release(&r);

	/* -q: no header; the summary is the last line. */
	r = RUN("-q", "audit", "--root", t->root);
	assert_false(startswith(r.out, "dockward "));
	assert_non_null(strstr(r.out, " rules: "));
	run_release(&r);

	r = RUN_ENV("NO_COLOR=1", "audit", "-v", "--root", t->root, "--docker-host",
		    "unix:///run/docker.sock");
	assert_non_null(strstr(r.err, "dockward: sandbox: "));
	assert_non_null(strstr(r.err, "dockward: engine: unix:///run/docker.sock\n"));
	run_release(&r);

	/* under --root, DOCKER_HOST is not used: only an explicit --docker-host */
	r = RUN_ENV("DOCKER_HOST=unix:///run/docker.sock", "audit", "-v", "--root", t->root);
	assert_non_null(strstr(r.err, "dockward: engine: not contacted (--root without "
				      "--docker-host)\n"));
	run_release(&r);

	r = RUN("audit", "-v", "--no-sandbox", "--root", t->root);
	assert_non_null(strstr(r.err, "dockward: sandbox: off (--no-sandbox)\n"));
	run_release(&r);
}

static void test_rules(void **state)
{
	(void)state;
	need_loader();
	struct run r = RUN("rules");
	assert_int_equal(r.status, 0);
	assert_true(startswith(r.out, "ID "));
	assert_non_null(strstr(r.out, " SEVERITY "));
	for (const char *p = r.out; *p;) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_true(nl - p <= 100 * 4); /* bytes; columns are checked in test-render */
		p = nl + 1;
	}
	run_release(&r);

	r = RUN("rules", "-v");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, " KIND "));
	run_release(&r);

	/* -q: the ids alone, one per line, in baseline order (for completion) */
	r = RUN("-q", "rules");
	assert_int_equal(r.status, 0);
	assert_true(startswith(r.out, "host.partition\nhost.docker-group\n"));
	for (const char *p = r.out; *p; p++)
		assert_true(*p == '\n' || *p == '.' || *p == '-' || *p == '_' ||
			    (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'));
	run_release(&r);

	r = RUN("baseline", "list", "-q");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "docker-host\n");
	run_release(&r);
	r = RUN("baseline", "list");
	assert_int_equal(r.status, 0);
	assert_true(startswith(r.out, "docker-host        1  Docker host hardening"));
	run_release(&r);
}

/* --config: the settings fill what the command line leaves unset, relative paths from the
 * file's directory; the command line wins; bad settings are FILE:LINE:COL and exit 2. */
static void test_config(void **state)
{
	struct tree *t = *state;
	need_loader();
	_cleanup_free_ char *cfg = xasprintf("%s/dockward.yaml", t->dir);
	_cleanup_free_ char *site = xasprintf("%s/site.yaml", t->dir);
	_cleanup_free_ char *waivers = xasprintf("%s/waivers.yaml", t->dir);
	put(site, "id: site\ntitle: Site\nversion: 3\nextends: docker-host\n"
		  "disable: [host.partition]\n");
	put(waivers, "waivers:\n  - rule: host.docker-group\n    reason: alice runs CI\n"
		     "    approver: bob\n    expires: 2099-01-01\n");
	put(cfg, "# site settings\nbaseline: site.yaml\nwaivers: waivers.yaml\nfail_on: critical\n");

	struct run r = RUN("audit", "--config", cfg, "--root", t->root, "--format", "json");
	_cleanup_json_ json_object *doc = json_tokener_parse(r.out);
	assert_non_null(doc);
	json_object *v;
	assert_true(json_object_object_get_ex(doc, "baseline", &v));
	assert_string_equal(json_object_get_string(json_object_object_get(v, "id")), "site");
	assert_true(json_object_object_get_ex(doc, "summary", &v));
	assert_int_equal(json_object_get_int(json_object_object_get(v, "waived")), 1);
	/* fail_on: critical: nothing critical fails in this tree */
	assert_true(r.status == 0 || r.status == 3);
	run_release(&r);

	/* the command line wins */
	r = RUN("rules", "-q", "--config", cfg, "--baseline", "docker-host");
	assert_int_equal(r.status, 0);
	assert_true(startswith(r.out, "host.partition\n"));
	run_release(&r);
	r = RUN("rules", "-q", "--config", cfg);
	assert_int_equal(r.status, 0);
	assert_true(startswith(r.out, "host.docker-group\n"));
	run_release(&r);

	/* docker_host is a default for the live host, like DOCKER_HOST: not used under --root */
	put(cfg, "docker_host: unix:///nonexistent/docker.sock\n");
	r = RUN("audit", "-v", "--config", cfg, "--root", t->root);
	assert_null(strstr(r.err, "nonexistent"));
	run_release(&r);

	put(cfg, "baseline: 3\nreport_dir: /tmp\nfrobnicate: 1\nfail_on: severe\n");
	r = RUN("audit", "--config", cfg, "--root", t->root);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	_cleanup_free_ char *want = xasprintf(
		"%1$s:1:11: baseline: expected string, got int 3\n"
		"%1$s:3:1: unknown key 'frobnicate', expected one of baseline, waivers, report_dir, "
		"fail_on, docker_host\n"
		"%1$s:4:10: fail_on: expected low, medium, high or critical, got 'severe'\n",
		cfg);
	assert_string_equal(r.err, want);
	run_release(&r);
	put(cfg, "- baseline\n");
	r = RUN("audit", "--config", cfg, "--root", t->root);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, ":1:1: expected a map of settings"));
	run_release(&r);
}

/* --save: both reports under their dated names (0640, atomically: no temporary left), one line
 * on stdout, a second audit in the same second beside the first; the sandbox still denies
 * every write outside the directory. */
static void test_save(void **state)
{
	struct tree *t = *state;
	need_loader();
	_cleanup_free_ char *dir = xasprintf("%s/reports", t->dir);
	for (int i = 0; i < 2; i++) {
		struct run r = RUN_ENV("SOURCE_DATE_EPOCH=1700000000", "audit", "--root", t->root,
				       "--report-dir", dir, "--fail-on", "critical");
		assert_true(r.status == 0 || r.status == 3);
		_cleanup_free_ char *want = xasprintf(
			"%s/fixture-host-20231114T221320Z%s.json\n", dir, i ? "-1" : "");
		if (!startswith(r.out, "dockward: docker-host on fixture-host: ") ||
		    !endswith(r.out, want) || strchr(r.out, '\n') != r.out + strlen(r.out) - 1)
			fail_msg("stdout: %s", r.out);
		run_release(&r);
	}
	const char *names[] = {"fixture-host-20231114T221320Z.json",
			       "fixture-host-20231114T221320Z.html",
			       "fixture-host-20231114T221320Z-1.json",
			       "fixture-host-20231114T221320Z-1.html"};
	for (size_t i = 0; i < ELEMENTSOF(names); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", dir, names[i]);
		struct stat st;
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0640);
		assert_true(st.st_size > 1000);
	}
	_cleanup_free_ char *ls = xasprintf("test $(ls -A '%s' | wc -l) = 4", dir);
	assert_int_equal(system(ls), 0);
	_cleanup_free_ char *json = xasprintf("%s/%s", dir, names[0]);
	_cleanup_json_ json_object *doc = json_object_from_file(json);
	assert_non_null(doc);

	/* a host name that tries to leave the directory */
	_cleanup_free_ char *hostname = xasprintf("%s/etc/hostname", t->root);
	put(hostname, "../../evil\n");
	struct run r = RUN_ENV("SOURCE_DATE_EPOCH=1700000000", "audit", "--root", t->root,
			       "--report-dir", dir);
	_cleanup_free_ char *safe = xasprintf("%s/_._.._evil-20231114T221320Z.json\n", dir);
	if (!endswith(r.out, safe))
		fail_msg("stdout: %s", r.out);
	run_release(&r);
}

static void test_baseline_check(void **state)
{
	struct tree *t = *state;
	need_loader();
	_cleanup_free_ char *bad = xasprintf("%s/bad.yaml", t->dir);
	put(bad, "id: bad\nversion: 1\nfrobnicate: true\nrules:\n  - id: x.y\n    title: t\n"
		 "    severity: extreme\n    check: {kind: no_such_kind}\n");
	struct run r = RUN("baseline", "check", bad);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	/* Every problem, each as FILE:LINE:COL: message. */
	size_t n = 0;
	for (const char *p = r.err; (p = strstr(p, bad)); p++, n++)
		assert_true(p == r.err || p[-1] == '\n');
	assert_true(n >= 2);
	_cleanup_free_ char *prefix = xasprintf("%s:", bad);
	assert_true(startswith(r.err, prefix));
	run_release(&r);

	_cleanup_free_ char *missing = xasprintf("%s/missing.yaml", t->dir);
	r = RUN("baseline", "check", missing);
	assert_int_equal(r.status, 2);
	run_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_help),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_tui_without_terminal),
		cmocka_unit_test_setup_teardown(test_root_missing, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_audit_json, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_audit_output_file, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_audit_html, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_audit_text, tree_setup, tree_teardown),
		cmocka_unit_test(test_rules),
		cmocka_unit_test_setup_teardown(test_config, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_save, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_baseline_check, tree_setup, tree_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
