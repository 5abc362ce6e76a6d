/* test-probe-daemon.c: the daemon probe and its parts, on fixture roots built in a temp dir.
 *
 * Parts first (pure functions): the option table, daemon.json parsing (positions, duplicates,
 * what Go refuses but json-c takes), systemd word splitting and $VAR expansion, environment
 * files, dockerd's flag syntax. Then the probe on whole roots: no docker at all, daemon.json
 * only, broken JSON with its exact line:col, a unit with a drop-in that resets ExecStart=,
 * Debian's EnvironmentFile with DOCKER_OPTS, a running dockerd in a fake proc/, a key set both
 * as a flag and in the file, --config-file, a masked unit, and hostile inputs (a file over
 * 4 MiB, NUL bytes, deep nesting, unterminated quotes, a million duplicate keys). */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon-options.h"
#include "daemon-probe.h"
#include "facts.h"
#include "host.h"
#include "probe.h"

extern const struct probe probe_daemon;

/* ---- fixture roots ---- */

static void mkdir_parents(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			(void)mkdir(buf, 0755);
			*p = '/';
		}
}

static void put_bytes(const char *root, const char *rel, const void *data, size_t len)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put(const char *root, const char *rel, const char *content)
{
	put_bytes(root, rel, content, strlen(content));
}

static void put_link(const char *root, const char *rel, const char *target)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	assert_int_equal(symlink(target, path), 0);
}

/* Copies tests/unit/data/daemon/<name> to <root>/<rel>. */
static void put_data(const char *root, const char *rel, const char *name)
{
	const char *dir = getenv("DOCKWARD_TEST_DATA");
	assert_non_null(dir);
	_cleanup_free_ char *src = xasprintf("%s/daemon/%s", dir, name);
	FILE *f = fopen(src, "re");
	assert_non_null(f);
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	put_bytes(root, rel, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* A fake process: proc/PID/comm and proc/PID/cmdline (argv NULL-terminated). */
static void put_process(const char *root, int pid, const char *comm, const char *const *argv)
{
	_cleanup_free_ char *c = xasprintf("proc/%d/comm", pid);
	_cleanup_free_ char *cl = xasprintf("proc/%d/cmdline", pid);
	_cleanup_free_ char *cv = xasprintf("%s\n", comm);
	put(root, c, cv);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; argv[i]; i++)
		strbuf_add(&sb, argv[i], strlen(argv[i]) + 1);
	put_bytes(root, cl, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
}

static char *make_root(void)
{
	char *t = xstrdup("/tmp/dw-test-daemon-XXXXXX");
	assert_non_null(mkdtemp(t));
	return t;
}

static int rm_one(const char *p, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(p);
}

static void remove_root(char *root)
{
	assert_int_equal(nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(root);
}

static void probe(const char *root, struct host *h, struct facts *f)
{
	assert_int_equal(host_open(h, root), 0);
	facts_init(f, h);
	probe_daemon.run(h, NULL, f);
}

static void done(char *root, struct host *h, struct facts *f)
{
	facts_release(f);
	host_close(h);
	remove_root(root);
}

/* file/flag: the expected value as compact JSON text (value_to_text), NULL for "not set". */
static void assert_setting(const struct daemon_facts *d, const char *key, const char *file,
			   const char *flag)
{
	const struct daemon_setting *s = daemon_facts_find(d, key);
	if (!file && !flag) {
		assert_null(s);
		return;
	}
	assert_non_null(s);
	if (file) {
		assert_non_null(s->file_value);
		_cleanup_free_ char *t = value_to_text(s->file_value);
		assert_string_equal(t, file);
	} else {
		assert_null(s->file_value);
	}
	if (flag) {
		assert_non_null(s->flag_value);
		_cleanup_free_ char *t = value_to_text(s->flag_value);
		assert_string_equal(t, flag);
	} else {
		assert_null(s->flag_value);
	}
}

static bool has_problem(const struct diags *d, const char *file, int line, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if ((!file || (d->items[i].file && STREQ(d->items[i].file, file))) &&
		    (line < 0 || d->items[i].line == line) && strstr(d->items[i].message, needle))
			return true;
	return false;
}

static void dump_problems(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		_cleanup_free_ char *t = diag_format(&d->items[i]);
		print_message("problem: %s\n", t);
	}
}

/* ---- the option table ---- */

static void test_option_table(void **state)
{
	(void)state;
	for (size_t i = 1; i < daemon_options_count; i++)
		if (strcmp(daemon_options[i - 1].key, daemon_options[i].key) >= 0)
			fail_msg("daemon_options not sorted at '%s'", daemon_options[i].key);
	for (size_t i = 0; i < daemon_options_count; i++) {
		const struct daemon_option *o = &daemon_options[i];
		assert_ptr_equal(daemon_option_by_key(o->key), o);
		if (o->flag)
			assert_ptr_equal(daemon_option_by_flag(o->flag), o);
		if (o->short_flag)
			assert_ptr_equal(daemon_option_by_short(o->short_flag), o);
		if (o->default_value) {
			static const enum value_type want[] = {
				[DAEMON_OPT_BOOL] = VALUE_BOOL, [DAEMON_OPT_STRING] = VALUE_STRING,
				[DAEMON_OPT_LIST] = VALUE_LIST, [DAEMON_OPT_MAP] = VALUE_MAP,
				[DAEMON_OPT_INT] = VALUE_INT,
			};
			if (o->default_value->type != want[o->type])
				fail_msg("default of '%s' does not have the option's type", o->key);
		}
	}

	static const char *const required[] = {
		"authorization-plugins", "bip", "bridge", "cgroup-parent", "containerd",
		"data-root", "debug", "default-address-pools", "default-cgroupns-mode",
		"default-ipc-mode", "default-runtime", "default-shm-size", "default-ulimits", "dns",
		"dns-opts", "dns-search", "exec-opts", "exec-root", "experimental", "features",
		"fixed-cidr", "fixed-cidr-v6", "group", "hosts", "icc", "init", "init-path",
		"insecure-registries", "ip", "ip-forward", "ip-masq", "iptables", "ip6tables",
		"ipv6",
		"labels", "live-restore", "log-driver", "log-format", "log-level", "log-opts",
		"max-concurrent-downloads", "max-concurrent-uploads", "max-download-attempts",
		"metrics-addr", "mtu", "no-new-privileges", "oom-score-adjust", "pidfile",
		"raw-logs", "registry-mirrors", "runtimes", "seccomp-profile", "selinux-enabled",
		"shutdown-timeout", "storage-driver", "storage-opts",
		"swarm-default-advertise-addr",
		"tls", "tlscacert", "tlscert", "tlskey", "tlsverify", "userland-proxy",
		"userland-proxy-path", "userns-remap",
	};
	for (size_t i = 0; i < ELEMENTSOF(required); i++)
		if (!daemon_option_by_key(required[i]))
			fail_msg("option '%s' missing", required[i]);
	assert_null(daemon_option_by_key("config-file"));
	assert_null(daemon_option_by_key("nope"));
	assert_null(daemon_option_by_flag("config-file"));

	static const struct {
		const char *key;
		const char *def;
	} defaults[] = {
		{"icc", "true"},           {"iptables", "true"},
		{"ip-forward", "true"},    {"userland-proxy", "true"},
		{"live-restore", "false"}, {"no-new-privileges", "false"},
		{"experimental", "false"}, {"log-level", "\"info\""},
		{"log-driver", "\"json-file\""}, {"data-root", "\"/var/lib/docker\""},
		{"group", "\"docker\""},   {"selinux-enabled", "false"},
		{"tlsverify", "false"},    {"tls", "false"},
		{"hosts", "[\"unix:///var/run/docker.sock\"]"},
	};
	for (size_t i = 0; i < ELEMENTSOF(defaults); i++) {
		const struct daemon_option *o = daemon_option_by_key(defaults[i].key);
		assert_non_null(o);
		assert_non_null(o->default_value);
		_cleanup_free_ char *t = value_to_text(o->default_value);
		assert_string_equal(t, defaults[i].def);
	}
	assert_null(daemon_option_by_key("userns-remap")->default_value);

	static const struct {
		char c;
		const char *key;
	} shorts[] = {{'H', "hosts"}, {'l', "log-level"}, {'D', "debug"}, {'G', "group"},
		      {'s', "storage-driver"}, {'b', "bridge"}, {'p', "pidfile"}, {'g', "graph"}};
	for (size_t i = 0; i < ELEMENTSOF(shorts); i++)
		assert_string_equal(daemon_option_by_short(shorts[i].c)->key, shorts[i].key);
	assert_string_equal(daemon_option_by_flag("host")->key, "hosts");
	assert_string_equal(daemon_option_by_flag("log-opt")->key, "log-opts");
	assert_string_equal(daemon_option_by_flag("add-runtime")->key, "runtimes");
	assert_int_equal(daemon_option_by_key("storage-opts")->type, DAEMON_OPT_LIST);
	assert_int_equal(daemon_option_by_key("log-opts")->type, DAEMON_OPT_MAP);
}

/* ---- daemon.json ---- */

static void parse_ok(const char *text, struct daemon_json *j)
{
	int r = daemon_json_parse(text, strlen(text), j);
	if (r < 0)
		fail_msg("unexpected error %d:%d: %s", j->err_line, j->err_col, j->err_message);
	assert_int_equal(r, 0);
}

static void parse_bad(const char *text, size_t len, int line, int col, const char *needle)
{
	struct daemon_json j;
	assert_int_equal(daemon_json_parse(text, len, &j), -EBADMSG);
	assert_int_equal(j.n, 0);
	assert_non_null(j.err_message);
	if (!strstr(j.err_message, needle) || j.err_line != line || j.err_col != col)
		fail_msg("got %d:%d: %s; want %d:%d: ...%s...", j.err_line, j.err_col,
			 j.err_message, line, col, needle);
	daemon_json_release(&j);
}

static void assert_key(const struct daemon_json *j, size_t i, const char *key, const char *text,
		       int line, int col)
{
	assert_true(i < j->n);
	assert_string_equal(j->keys[i].key, key);
	_cleanup_free_ char *t = value_to_text(j->keys[i].value);
	assert_string_equal(t, text);
	assert_int_equal(j->keys[i].line, line);
	assert_int_equal(j->keys[i].col, col);
}

static void test_json_positions(void **state)
{
	(void)state;
	struct daemon_json j;
	parse_ok("{\n"
		 "  \"icc\": false,\n"
		 "\t\"log-opts\": {\"max-size\": \"10m\", \"icc\": 1},\n"
		 "  \"hosts\": [\"unix:///run/docker.sock\", {\"x\": [1, 2.50, -3e2]}],\n"
		 "  \"caf\\u00e9\": null, \"\\u0069p\": \"é\", \"n\": 9223372036854775807,\n"
		 "  \"big\": 18446744073709551615, \"s\": \"a\\u0000b\"\n"
		 "}\n",
		 &j);
	assert_int_equal(j.n, 8);
	assert_key(&j, 0, "icc", "false", 2, 3);
	assert_key(&j, 1, "log-opts", "{\"max-size\":\"10m\",\"icc\":1}", 3, 2);
	assert_key(&j, 2, "hosts", "[\"unix:///run/docker.sock\",{\"x\":[1,\"2.50\",\"-3e2\"]}]", 4,
		   3);
	assert_key(&j, 3, "caf\xc3\xa9", "null", 5, 3);
	assert_key(&j, 4, "ip", "\"\xc3\xa9\"", 5, 22); /* columns count characters */
	assert_key(&j, 5, "n", "9223372036854775807", 5, 38);
	assert_key(&j, 6, "big", "\"18446744073709551615\"", 6, 3);
	assert_key(&j, 7, "s", "\"a\\\\u0000b\"", 6, 32); /* a NUL stays visible */
	assert_int_equal(j.keys[0].value->type, VALUE_BOOL);
	assert_int_equal(j.keys[5].value->type, VALUE_INT);
	assert_int_equal(j.keys[0].value->line, 2);
	daemon_json_release(&j);

	/* duplicates: the last value, at the last place, once */
	parse_ok("{\"debug\": true, \"icc\": true,\n \"debug\": false}", &j);
	assert_int_equal(j.n, 2);
	assert_key(&j, 0, "icc", "true", 1, 17);
	assert_key(&j, 1, "debug", "false", 2, 2);
	daemon_json_release(&j);

	/* a byte order mark is skipped, columns start after it; CRLF line ends */
	parse_ok("\xef\xbb\xbf{\"icc\": false,\r\n \"debug\": true}", &j);
	assert_key(&j, 0, "icc", "false", 1, 2);
	assert_key(&j, 1, "debug", "true", 2, 2);
	daemon_json_release(&j);

	/* empty and blank files configure nothing */
	parse_ok("", &j);
	assert_int_equal(j.n, 0);
	daemon_json_release(&j);
	parse_ok(" \n\t\r\n", &j);
	assert_int_equal(j.n, 0);
	daemon_json_release(&j);
	parse_ok("{}", &j);
	assert_int_equal(j.n, 0);
	daemon_json_release(&j);
}

static void test_json_errors(void **state)
{
	(void)state;
#define BAD(text, line, col, needle) parse_bad(text, sizeof(text) - 1, line, col, needle)
	/* json-c's own errors, at the offending character */
	BAD("{\n  \"icc\": false\n  \"debug\": true\n}\n", 3, 3, "separator ',' expected");
	BAD("{\"icc\": false,}", 1, 15, "unexpected character");
	BAD("{\"icc\": tru}", 1, 12, "boolean expected");
	BAD("{\"a\": 1} x", 1, 10, "unexpected character");
	BAD("{\"a\": 1}{}", 1, 9, "unexpected character");
	BAD("{\"a\": [1 2]}", 1, 10, "array value separator ',' expected");
	BAD("{\"a\": \"\\q\"}", 1, 9, "invalid string sequence");
	BAD("{\"a\": 01}", 1, 9, "number expected");
	BAD("{/* c */ \"a\": 1}", 1, 2, "quoted object property name expected");
	BAD("{\"a\": \"\xff\"}", 1, 8, "invalid utf-8");
	BAD("{\n  \"icc\": false,\n", 3, 1, "unexpected end of file");
	BAD("{\"a\"", 1, 5, "unexpected end of file");
	/* valid JSON, not an object */
	BAD("\n  [1, 2]", 2, 3, "expected a JSON object, found an array");
	BAD("\"str\"", 1, 1, "found a string");
	BAD("null", 1, 1, "found null");
	BAD("42 ", 1, 1, "found a number");
	/* json-c takes these in strict mode; Go does not */
	BAD("{\"a\": NaN}", 1, 7, "invalid");
	BAD("{\"a\": -Infinity}", 1, 7, "invalid number");
	BAD("{\"a\": Infinity}", 1, 7, "invalid literal 'Infinity'");
	BAD("{'icc': false}", 1, 2, "double quotes");
	BAD("{\"a\": 1.}", 1, 7, "digits must follow '.'");
	BAD("{\"a\":\n \"x\ty\"}", 2, 4, "control character 0x09");
	BAD("{\"icc\\u0000x\": false, \"icc\": true}", 1, 2, "NUL character");
	/* NUL bytes in the file itself */
	BAD("{\"a\":\n 1\0}", 2, 3, "NUL byte");
	BAD("\0", 1, 1, "NUL byte");
#undef BAD

	/* nesting deeper than the bound */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "{\"a\":");
	for (int i = 0; i < 200; i++)
		strbuf_addc(&sb, '[');
	for (int i = 0; i < 200; i++)
		strbuf_addc(&sb, ']');
	strbuf_addc(&sb, '}');
	parse_bad(sb.buf, sb.len, 1, DAEMON_JSON_MAX_DEPTH + 5, "nesting too deep");
	strbuf_release(&sb);

	/* and just inside it */
	strbuf_adds(&sb, "{\"a\":");
	for (int i = 0; i < DAEMON_JSON_MAX_DEPTH - 1; i++)
		strbuf_addc(&sb, '[');
	for (int i = 0; i < DAEMON_JSON_MAX_DEPTH - 1; i++)
		strbuf_addc(&sb, ']');
	strbuf_addc(&sb, '}');
	struct daemon_json j;
	assert_int_equal(daemon_json_parse(sb.buf, sb.len, &j), 0);
	assert_int_equal(j.n, 1);
	daemon_json_release(&j);
	strbuf_release(&sb);
}

/* A hostile file of many keys: one sort, no rescans (this must take well under a second). */
static void test_json_many_keys(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addc(&sb, '{');
	for (int i = 0; i < 200000; i++)
		strbuf_addf(&sb, "%s\"k%d\":%d", i ? "," : "", i % 1000, i);
	strbuf_addc(&sb, '}');
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	struct daemon_json j;
	assert_int_equal(daemon_json_parse(sb.buf, sb.len, &j), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_int_equal(j.n, 1000);
	/* k999 was last written by i = 199999 */
	assert_string_equal(j.keys[999].key, "k999");
	assert_int_equal(j.keys[999].value->i, 199999);
	double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	if (s > 5.0)
		fail_msg("parsing 200000 keys took %.2f s", s);
	daemon_json_release(&j);
	strbuf_release(&sb);
}

/* ---- systemd words, variables and environment files ---- */

static void assert_words(char **got, const char *const *want)
{
	size_t i = 0;
	for (; want[i]; i++) {
		if (!got[i])
			fail_msg("missing word %zu '%s'", i, want[i]);
		assert_string_equal(got[i], want[i]);
	}
	if (got[i])
		fail_msg("extra word '%s'", got[i]);
}

static void test_shell_split(void **state)
{
	(void)state;
	char **w = NULL;
	const char *err = NULL;

	assert_int_equal(shell_split("  /usr/bin/dockerd -H fd:// \t--x=\"a b\"  ", SPLIT_CUNESCAPE,
				     &w, &err),
			 0);
	assert_null(err);
	assert_words(w, (const char *const[]){"/usr/bin/dockerd", "-H", "fd://", "--x=a b", NULL});
	w = strv_free(w);

	const char *quoted = "a'b c'd \"\" 'it\\'s' x\\ y \\x41\\n \"q\\\"\"";
	assert_int_equal(shell_split(quoted, SPLIT_CUNESCAPE, &w, &err), 0);
	assert_words(w, (const char *const[]){"ab cd", "", "it's", "x y", "A\n", "q\"", NULL});
	w = strv_free(w);

	/* without C escapes, a backslash takes the next character as it is */
	assert_int_equal(shell_split("a\\nb", 0, &w, &err), 0);
	assert_words(w, (const char *const[]){"anb", NULL});
	w = strv_free(w);

	assert_int_equal(shell_split("", 0, &w, &err), 0);
	assert_null(w[0]);
	w = strv_free(w);

	assert_int_equal(shell_split("/usr/bin/dockerd \"-H tcp://", SPLIT_CUNESCAPE, &w, &err),
			 -EINVAL);
	assert_string_equal(err, "unterminated quote");
	assert_int_equal(shell_split("a b\\", SPLIT_CUNESCAPE, &w, &err), -EINVAL);
	assert_string_equal(err, "trailing backslash");

	/* relaxed (values of $VAR): the rest of the text is the word */
	assert_int_equal(shell_split("-H 'tcp://x --icc", SPLIT_RELAX, &w, &err), 0);
	assert_string_equal(err, "unterminated quote");
	assert_words(w, (const char *const[]){"-H", "tcp://x --icc", NULL});
	w = strv_free(w);
}

static void test_shell_expand(void **state)
{
	(void)state;
	char **env = NULL;
	assert_int_equal(env_set(&env, "OPTS", 4, "-H tcp://0.0.0.0:2375 '--label=a b'"), 0);
	assert_int_equal(env_set(&env, "ONE", 3, "x y"), 0);
	assert_int_equal(env_set(&env, "ONE", 3, "one two"), 0); /* replaces */
	assert_int_equal(strv_length(env), 2);
	assert_string_equal(env_get(env, "ONE", 3), "one two");
	assert_null(env_get(env, "ON", 2));

	static const char *const words[] = {
		"/usr/bin/dockerd", "$OPTS", "--a=${ONE}", "${ONE}", "$ONE", "$$OPTS",
		"x$ONE", "${NOPE}", "$NOPE", "${ONE:-z}", "${OPEN", "$", NULL,
	};
	char **out = NULL, **unset = NULL, **bad = NULL;
	shell_expand_argv((char *const *)words, env, &out, &unset, &bad);
	assert_words(out, (const char *const[]){
				  "/usr/bin/dockerd", "-H", "tcp://0.0.0.0:2375", "--label=a b",
				  "--a=one two", "one two", "one", "two", "$OPTS", "x$ONE", "",
				  "${ONE:-z}", "${OPEN", NULL});
	assert_words(unset, (const char *const[]){"NOPE", "", NULL});
	assert_null(bad);
	strv_free(out);
	strv_free(unset);

	assert_int_equal(env_set(&env, "Q", 1, "--a 'open"), 0);
	out = unset = bad = NULL;
	shell_expand_argv((char *const[]){"$Q", NULL}, env, &out, &unset, &bad);
	assert_words(out, (const char *const[]){"--a", "open", NULL});
	assert_words(bad, (const char *const[]){"Q", NULL});
	strv_free(out);
	strv_free(unset);
	strv_free(bad);
	strv_free(env);

	assert_true(env_name_is_valid("DOCKER_OPTS", 11));
	assert_false(env_name_is_valid("1X", 2));
	assert_false(env_name_is_valid("A-B", 3));
	assert_false(env_name_is_valid("", 0));
}

static void test_env_file(void **state)
{
	(void)state;
	char **env = NULL;
	struct diags p = {0};
	const char text[] = "# comment\n"
			    "  ; another\n"
			    "A=plain value   \n"
			    "B = 'single $x \\n'\n"
			    "C=\"double \\\"q\\\" \\$HOME \\n\"\n"
			    "D=one\\\n"
			    "two\n"
			    "E=a#not-a-comment\n"
			    "export F=1\n"
			    "WORD\n"
			    "G=\n"
			    "H=\"multi\n"
			    "line\"\n"
			    "I=\"open\n";
	assert_int_equal(env_file_parse(text, sizeof(text) - 1, "/etc/default/docker", &env, &p,
					ENV_ASSIGN_MAX),
			 9);
	assert_string_equal(env_get(env, "A", 1), "plain value");
	assert_string_equal(env_get(env, "B", 1), "single $x \\n");
	assert_string_equal(env_get(env, "C", 1), "double \"q\" $HOME \\n");
	assert_string_equal(env_get(env, "D", 1), "onetwo");
	assert_string_equal(env_get(env, "E", 1), "a#not-a-comment");
	assert_null(env_get(env, "F", 1));
	assert_null(env_get(env, "WORD", 4));
	assert_string_equal(env_get(env, "G", 1), "");
	assert_string_equal(env_get(env, "H", 1), "multi\nline");
	assert_string_equal(env_get(env, "I", 1), "open\n");
	if (p.n != 2)
		dump_problems(&p);
	assert_int_equal(p.n, 2);
	assert_true(has_problem(&p, "/etc/default/docker", 9, "'export F' is not a valid"));
	assert_true(has_problem(&p, "/etc/default/docker", 14, "unterminated quote"));
	diags_release(&p);
	strv_free(env);
}

/* ---- dockerd's flags ---- */

static void test_flags(void **state)
{
	(void)state;
	static const char *const argv[] = {
		"/usr/bin/dockerd",
		"-H", "fd://",
		"--host=tcp://0.0.0.0:2376",
		"-Hunix:///run/a.sock",
		"-H=unix:///run/b.sock",
		"--icc=false",
		"--live-restore",
		"-Dl", "debug",
		"--log-opt", "max-size=10m", "--log-opt=max-file=3", "--log-opt", "max-size=20m",
		"--storage-opt", "dm.basesize=20G",
		"--default-ulimit", "nofile=1024:2048", "--default-ulimit=nproc=512",
		"--add-runtime", "crun=/usr/bin/crun",
		"--default-address-pool", "base=10.10.0.0/16,size=24",
		"--mtu", "1400",
		"-g", "/srv/docker",
		"--tlsverify=1",
		"--userland-proxy=False",
		"--config-file", "/etc/docker/other.json",
		"--log-level", "--debug", /* takes the next word, whatever it is */
		"--no-such-flag", "value",
		"-X",
		"--icc", "false", /* a boolean never takes the next word */
		"--mtu=big",
		"--selinux-enabled=maybe",
		"--label",
		NULL,
	};
	struct dockerd_flags fl;
	dockerd_flags_parse((char *const *)argv, &fl);

	struct {
		const char *key, *value, *text;
	} want[] = {
		{"hosts",
		 "[\"fd://\",\"tcp://0.0.0.0:2376\",\"unix:///run/a.sock\",\"unix:///run/b.sock\"]",
		 "-H fd:// --host=tcp://0.0.0.0:2376 -Hunix:///run/a.sock -H=unix:///run/b.sock"},
		{"icc", "true", "--icc=false --icc"},
		{"live-restore", "true", "--live-restore"},
		{"debug", "true", "-Dl debug"},
		{"log-level", "\"--debug\"", "-Dl debug --log-level --debug"},
		{"log-opts", "{\"max-size\":\"20m\",\"max-file\":\"3\"}",
		 "--log-opt max-size=10m --log-opt=max-file=3 --log-opt max-size=20m"},
		{"storage-opts", "[\"dm.basesize=20G\"]", "--storage-opt dm.basesize=20G"},
		{"default-ulimits",
		 "{\"nofile\":{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024},"
		 "\"nproc\":{\"Name\":\"nproc\",\"Hard\":512,\"Soft\":512}}",
		 "--default-ulimit nofile=1024:2048 --default-ulimit=nproc=512"},
		{"runtimes", "{\"crun\":{\"path\":\"/usr/bin/crun\"}}",
		 "--add-runtime crun=/usr/bin/crun"},
		{"default-address-pools", "[{\"base\":\"10.10.0.0/16\",\"size\":24}]",
		 "--default-address-pool base=10.10.0.0/16,size=24"},
		{"mtu", "\"big\"", "--mtu 1400 --mtu=big"},
		{"data-root", "\"/srv/docker\"", "-g /srv/docker"},
		{"tlsverify", "true", "--tlsverify=1"},
		{"userland-proxy", "false", "--userland-proxy=False"},
		{"selinux-enabled", "\"maybe\"", "--selinux-enabled=maybe"},
	};
	for (size_t i = 0; i < ELEMENTSOF(want); i++) {
		const struct dockerd_flag_setting *s = NULL;
		for (size_t k = 0; k < fl.n; k++)
			if (STREQ(fl.items[k].option->key, want[i].key))
				s = &fl.items[k];
		if (!s)
			fail_msg("no setting for '%s'", want[i].key);
		_cleanup_free_ char *t = value_to_text(s->value);
		assert_string_equal(t, want[i].value);
		if (!STREQ(want[i].key, "debug") && !STREQ(want[i].key, "log-level"))
			assert_string_equal(s->text, want[i].text);
	}
	assert_int_equal(fl.n, ELEMENTSOF(want));
	assert_string_equal(fl.config_file, "/etc/docker/other.json");
	assert_words(fl.unknown, (const char *const[]){"--no-such-flag", "-X", NULL});
	static const char *const problems[] = {
		"unexpected argument 'false'", "invalid integer 'big'", "invalid boolean 'maybe'",
		"flag needs an argument: '--label'",
	};
	for (size_t i = 0; i < ELEMENTSOF(problems); i++) {
		bool found = false;
		for (size_t k = 0; fl.problems && fl.problems[k]; k++)
			found |= strstr(fl.problems[k], problems[i]) != NULL;
		if (!found)
			fail_msg("problem '%s' not reported", problems[i]);
	}
	assert_int_equal(strv_length(fl.problems), ELEMENTSOF(problems));
	dockerd_flags_release(&fl);

	/* "--" ends the flags; -D=false; -G with its value in the word */
	dockerd_flags_parse((char *const[]){"dockerd", "-D=false", "-Gdockeradm", "--", "--icc",
					    NULL},
			    &fl);
	assert_int_equal(fl.n, 2);
	_cleanup_free_ char *t0 = value_to_text(fl.items[0].value);
	_cleanup_free_ char *t1 = value_to_text(fl.items[1].value);
	assert_string_equal(t0, "false");
	assert_string_equal(t1, "\"dockeradm\"");
	assert_int_equal(strv_length(fl.problems), 1);
	dockerd_flags_release(&fl);

	dockerd_flags_parse(NULL, &fl);
	assert_int_equal(fl.n, 0);
	dockerd_flags_release(&fl);
}

/* ---- the probe on whole roots ---- */

static void test_no_docker(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "etc/hostname", "h1\n");
	struct host h;
	struct facts f;
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	assert_false(d->installed);
	assert_null(d->dockerd_path);
	assert_int_equal(d->config.state, FACT_ABSENT);
	assert_string_equal(d->config.source, "/etc/docker/daemon.json");
	assert_int_equal(d->flags_from, DAEMON_FLAGS_NONE);
	assert_null(d->flags_source);
	assert_int_equal(d->pid, 0);
	assert_null(d->argv);
	assert_int_equal(d->n_settings, 0);
	assert_int_equal(d->flag_problems.n, 0);
	assert_null(d->unknown_flags);
	/* the defaults still answer */
	enum daemon_source src;
	const struct value *v = daemon_facts_effective(d, "icc", &src);
	assert_int_equal(src, DAEMON_SOURCE_DEFAULT);
	assert_true(v->b);
	done(root, &h, &f);
}

static void test_daemon_json_only(void **state)
{
	(void)state;
	char *root = make_root();
	put_data(root, "etc/docker/daemon.json", "daemon.json");
	struct host h;
	struct facts f;
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	assert_true(d->installed);
	assert_null(d->dockerd_path);
	assert_int_equal(d->config.state, FACT_OK);
	assert_int_equal(d->flags_from, DAEMON_FLAGS_NONE);
	assert_int_equal(d->n_settings, 10);
	assert_setting(d, "icc", "false", NULL);
	assert_setting(d, "log-opts", "{\"tag\":\"{{.Name}}\",\"max-size\":\"10m\"}", NULL);
	assert_setting(d, "default-ulimits",
		       "{\"nofile\":{\"Name\":\"nofile\",\"Hard\":64000,\"Soft\":64000}}", NULL);
	assert_setting(d, "max-concurrent-downloads", "6", NULL);
	assert_setting(d, "userns-remap", "\"default\"", NULL);
	assert_setting(d, "debug", NULL, NULL);
	const struct daemon_setting *s = daemon_facts_find(d, "live-restore");
	assert_int_equal(s->file_line, 8);
	assert_int_equal(s->file_col, 2);
	assert_null(s->flag_text);
	s = daemon_facts_find(d, "userns-remap");
	assert_int_equal(s->file_line, 16);
	enum daemon_source src;
	assert_false(daemon_facts_effective(d, "icc", &src)->b);
	assert_int_equal(src, DAEMON_SOURCE_FILE);
	done(root, &h, &f);
}

static void test_broken_json(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "etc/docker/daemon.json",
	    "{\n"
	    "  \"icc\": false,\n"
	    "  \"log-driver\": \"journald\"\n"
	    "  \"live-restore\": true\n"
	    "}\n");
	put(root, "usr/bin/dockerd", "#!/bin/sh\n");
	struct host h;
	struct facts f;
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	assert_true(d->installed);
	assert_string_equal(d->dockerd_path, "/usr/bin/dockerd");
	assert_int_equal(d->config.state, FACT_INVALID);
	assert_string_equal(d->config_error.file, "/etc/docker/daemon.json");
	assert_int_equal(d->config_error.line, 4);
	assert_int_equal(d->config_error.col, 3);
	assert_string_equal(d->config_error.message, "object value separator ',' expected");
	assert_non_null(strstr(d->config.reason, "4:3"));
	assert_int_equal(d->n_settings, 0);
	done(root, &h, &f);
}

static void test_unit_dropin_reset(void **state)
{
	(void)state;
	char *root = make_root();
	put_data(root, "lib/systemd/system/docker.service", "docker-ce.service");
	/* a name in /etc hides the same name in /lib; names sort across directories */
	put(root, "lib/systemd/system/docker.service.d/10-hidden.conf",
	    "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --hidden\n");
	put(root, "etc/systemd/system/docker.service.d/10-hidden.conf", "[Service]\n");
	put(root, "etc/systemd/system/docker.service.d/20-override.conf",
	    "# local flags\n"
	    "[Service]\n"
	    "ExecStart=\n"
	    "ExecStart=-/usr/bin/dockerd --icc=false \\\n"
	    "# a comment inside the continuation\n"
	    "    -H unix:///var/run/docker.sock\n"
	    "[Install]\n"
	    "ExecStart=/not/in/service\n");
	put(root, "run/systemd/system/docker.service.d/30-env.conf",
	    "[Service]\nEnvironment=\"A=1 2\" B=3\n");
	put(root, "etc/systemd/system/docker.service.d/README", "[Service]\nExecStart=\n");
	struct host h;
	struct facts f;
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	if (d->flag_problems.n)
		dump_problems(&d->flag_problems);
	assert_true(d->installed);
	assert_int_equal(d->flags_from, DAEMON_FLAGS_UNIT);
	assert_string_equal(d->flags_source,
			    "/etc/systemd/system/docker.service.d/20-override.conf");
	assert_int_equal(d->flags_line, 4);
	assert_words(d->argv, (const char *const[]){"/usr/bin/dockerd", "--icc=false", "-H",
						    "unix:///var/run/docker.sock", NULL});
	assert_string_equal(d->dockerd_path, "/usr/bin/dockerd");
	assert_int_equal(d->n_settings, 2);
	assert_setting(d, "icc", NULL, "false");
	assert_setting(d, "hosts", NULL, "[\"unix:///var/run/docker.sock\"]");
	assert_setting(d, "containerd", NULL, NULL);
	assert_string_equal(daemon_facts_find(d, "hosts")->flag_text,
			    "-H unix:///var/run/docker.sock");
	assert_int_equal(d->flag_problems.n, 0);
	assert_int_equal(d->config.state, FACT_ABSENT);
	done(root, &h, &f);
}

static void test_unit_etc_masks_lib(void **state)
{
	(void)state;
	char *root = make_root();
	put_data(root, "lib/systemd/system/docker.service", "docker-ce.service");
	put(root, "etc/systemd/system/docker.service",
	    "[Unit]\nDescription=local\n[Service]\nType=notify\nExecStart=/opt/bin/dockerd "
	    "--data-root=/srv/docker\n");
	struct host h;
	struct facts f;
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	assert_string_equal(d->flags_source, "/etc/systemd/system/docker.service");
	assert_int_equal(d->flags_line, 5);
	assert_string_equal(d->dockerd_path, "/opt/bin/dockerd");
	assert_setting(d, "data-root", NULL, "\"/srv/docker\"");
	assert_setting(d, "containerd", NULL, NULL);
	done(root, &h, &f);

	/* the packaged unit alone */
	root = make_root();
	put_data(root, "usr/lib/systemd/system/docker.service", "docker-ce.service");
	probe(root, &h, &f);
	d = &f.daemon;
	assert_string_equal(d->flags_source, "/usr/lib/systemd/system/docker.service");
	assert_int_equal(d->flags_line, 13);
	assert_setting(d, "hosts", NULL, "[\"fd://\"]");
	assert_setting(d, "containerd", NULL, "\"/run/containerd/containerd.sock\"");
	assert_string_equal(daemon_facts_find(d, "containerd")->flag_text,
			    "--containerd=/run/containerd/containerd.sock");
	done(root, &h, &f);
}

static void test_unit_masked(void **state)
{
	(void)state;
	char *root = make_root();
	put_data(root, "lib/systemd/system/docker.service", "docker-ce.service");
	put_link(root, "etc/systemd/system/docker.service", "/dev/null");
	struct host h;
	struct facts f;
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	assert_true(d->installed);
	assert_int_equal(d->flags_from, DAEMON_FLAGS_NONE);
	assert_null(d->argv);
	assert_true(has_problem(&d->flag_problems, "/etc/systemd/system/docker.service", 0,
				"masked"));
	assert_int_equal(d->flag_problems.n, 1);
	done(root, &h, &f);

	/* a drop-in that resets ExecStart= and sets nothing: systemd refuses the unit */
	root = make_root();
	put_data(root, "lib/systemd/system/docker.service", "docker-ce.service");
	put(root, "etc/systemd/system/docker.service.d/x.conf", "[Service]\nExecStart=\n");
	put(root, "etc/systemd/system/docker.service.d/masked.conf", "");
	put_link(root, "etc/systemd/system/docker.service.d/null.conf", "/dev/null");
	probe(root, &h, &f);
	d = &f.daemon;
	assert_int_equal(d->flags_from, DAEMON_FLAGS_NONE);
	assert_true(has_problem(&d->flag_problems, "/lib/systemd/system/docker.service", 0,
				"no ExecStart="));
	assert_int_equal(d->flag_problems.n, 1);
	done(root, &h, &f);
}

static void test_debian_environment_file(void **state)
{
	(void)state;
	char *root = make_root();
	put_data(root, "lib/systemd/system/docker.service", "debian-docker.service");
	put_data(root, "etc/default/docker", "debian-default-docker");
	put(root, "usr/sbin/dockerd", "");
	struct host h;
	struct facts f;
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	if (d->flag_problems.n)
		dump_problems(&d->flag_problems);
	assert_int_equal(d->flag_problems.n, 0);
	assert_int_equal(d->flags_from, DAEMON_FLAGS_UNIT);
	assert_string_equal(d->flags_source, "/lib/systemd/system/docker.service");
	assert_int_equal(d->flags_line, 14);
	assert_words(d->argv, (const char *const[]){"/usr/sbin/dockerd", "-H", "fd://", "-H",
						    "tcp://0.0.0.0:2375", "--icc=false", NULL});
	assert_string_equal(d->dockerd_path, "/usr/sbin/dockerd");
	assert_setting(d, "hosts", NULL, "[\"fd://\",\"tcp://0.0.0.0:2375\"]");
	assert_string_equal(daemon_facts_find(d, "hosts")->flag_text,
			    "-H fd:// -H tcp://0.0.0.0:2375");
	assert_setting(d, "icc", NULL, "false");
	assert_string_equal(daemon_facts_find(d, "icc")->flag_text, "--icc=false");
	done(root, &h, &f);

	/* optional and absent: no flags from it, no problem; ${VAR} keeps one word */
	root = make_root();
	put(root, "lib/systemd/system/docker.service",
	    "[Service]\n"
	    "EnvironmentFile=-/etc/default/docker\n"
	    "EnvironmentFile=/etc/sysconfig/docker-*\n"
	    "Environment=LABEL=\"a b\" 'ROOT=/srv/d'\n"
	    "ExecStart=/usr/bin/dockerd $DOCKER_OPTS --label=${LABEL} --data-root ${ROOT} $NOPE "
	    "-H %t/docker.sock\n");
	put(root, "etc/sysconfig/docker-storage", "DOCKER_STORAGE_OPTIONS=x\nROOT=/var/d\n");
	probe(root, &h, &f);
	d = &f.daemon;
	assert_words(d->argv,
		     (const char *const[]){"/usr/bin/dockerd", "--label=a b", "--data-root",
					   "/var/d", "-H", "/run/docker.sock", NULL});
	assert_int_equal(d->flag_problems.n, 2);
	assert_true(has_problem(&d->flag_problems, "/lib/systemd/system/docker.service", 5,
				"'DOCKER_OPTS' is not set"));
	assert_true(has_problem(&d->flag_problems, "/lib/systemd/system/docker.service", 5,
				"'NOPE' is not set"));
	done(root, &h, &f);
}

static void test_running_process(void **state)
{
	(void)state;
	char *root = make_root();
	put_data(root, "lib/systemd/system/docker.service", "docker-ce.service");
	/* a dockerd inside a container (two pids in NSpid) and one of a rootless user */
	put_process(root, 77, "dockerd", (const char *const[]){"dockerd", "--icc", NULL});
	put(root, "proc/77/status", "Name:\tdockerd\nUid:\t0\t0\t0\t0\nNSpid:\t77\t1\n");
	put_process(root, 88, "dockerd", (const char *const[]){"dockerd", "--rootless", NULL});
	put(root, "proc/88/status", "Name:\tdockerd\nUid:\t1000\t1000\t1000\t1000\nNSpid:\t88\n");
	put_process(root, 4321, "dockerd",
		    (const char *const[]){"/usr/bin/dockerd", "-H", "fd://", "--live-restore",
					  "--containerd=/run/containerd/containerd.sock", NULL});
	put(root, "proc/4321/status", "Name:\tdockerd\nUid:\t0\t0\t0\t0\nNSpid:\t4321\n");
	put(root, "proc/999/comm", "containerd\n");
	put(root, "proc/self/comm", "dockerd\n");
	put(root, "proc/0123/comm", "dockerd\n");
	/* a pid entry that is a link is not followed (it could point out of the root) */
	put_process(root, 1, "systemd", (const char *const[]){"/sbin/init", NULL});
	put(root, "elsewhere/comm", "dockerd\n");
	put_bytes(root, "elsewhere/cmdline", "/evil/dockerd\0", 14);
	put_link(root, "proc/55", "../elsewhere");
	/* a stale pidfile: the pid is not a dockerd now, so the scan decides */
	put(root, "var/run/docker.pid", "999\n");
	struct host h;
	struct facts f;
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	assert_true(d->installed);
	assert_int_equal(d->pid, 4321);
	assert_int_equal(d->flags_from, DAEMON_FLAGS_PROCESS);
	assert_string_equal(d->flags_source, "/proc/4321/cmdline");
	assert_int_equal(d->flags_line, 0);
	assert_string_equal(d->dockerd_path, "/usr/bin/dockerd");
	assert_int_equal(strv_length(d->argv), 5);
	assert_setting(d, "live-restore", NULL, "true");
	assert_setting(d, "hosts", NULL, "[\"fd://\"]");
	assert_int_equal(d->flag_problems.n, 0);
	done(root, &h, &f);

	/* the pidfile names the daemon: no scan needed, even with a lower dockerd pid around */
	root = make_root();
	put_process(root, 30, "dockerd", (const char *const[]){"dockerd", "--debug", NULL});
	put_process(root, 31000, "dockerd", (const char *const[]){"/usr/bin/dockerd", NULL});
	put(root, "run/docker.pid", "31000");
	put_link(root, "var/run", "../run");
	probe(root, &h, &f);
	assert_int_equal(f.daemon.pid, 31000);
	assert_int_equal(f.daemon.n_settings, 0);
	done(root, &h, &f);

	/* no status files (a plain fixture): the lowest pid; a relative argv[0] */
	root = make_root();
	put_process(root, 200, "dockerd", (const char *const[]){"dockerd", "-D", NULL});
	put_process(root, 30, "dockerd", (const char *const[]){"dockerd", "--debug=false", NULL});
	put(root, "usr/bin/dockerd", "");
	probe(root, &h, &f);
	d = &f.daemon;
	assert_int_equal(d->pid, 30);
	assert_string_equal(d->dockerd_path, "/usr/bin/dockerd");
	assert_setting(d, "debug", NULL, "false");
	done(root, &h, &f);
}

static void test_conflict(void **state)
{
	(void)state;
	char *root = make_root();
	put_process(root, 10, "dockerd",
		    (const char *const[]){"/usr/bin/dockerd", "--icc=false", "-l", "warn", NULL});
	put(root, "etc/docker/daemon.json", "{\n  \"icc\": true,\n  \"debug\": true\n}\n");
	struct host h;
	struct facts f;
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	assert_int_equal(d->n_settings, 3);
	assert_setting(d, "icc", "true", "false");
	const struct daemon_setting *s = daemon_facts_find(d, "icc");
	assert_string_equal(s->flag_text, "--icc=false");
	assert_int_equal(s->file_line, 2);
	assert_int_equal(s->file_col, 3);
	assert_setting(d, "debug", "true", NULL);
	assert_setting(d, "log-level", NULL, "\"warn\"");
	enum daemon_source src;
	assert_false(daemon_facts_effective(d, "icc", &src)->b);
	assert_int_equal(src, DAEMON_SOURCE_FLAG);
	done(root, &h, &f);
}

static void test_config_file_flag(void **state)
{
	(void)state;
	char *root = make_root();
	put_process(root, 10, "dockerd",
		    (const char *const[]){"/usr/bin/dockerd", "--config-file",
					  "/etc/docker/other.json", NULL});
	put(root, "etc/docker/daemon.json", "{\"icc\": false}");
	put(root, "etc/docker/other.json", "{\"debug\": true}");
	struct host h;
	struct facts f;
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	assert_string_equal(d->config.source, "/etc/docker/other.json");
	assert_int_equal(d->config.state, FACT_OK);
	assert_setting(d, "debug", "true", NULL);
	assert_setting(d, "icc", NULL, NULL);
	assert_null(daemon_facts_find(d, "config-file"));
	assert_null(d->unknown_flags);
	done(root, &h, &f);

	/* relative to dockerd's working directory (/), and absent: dockerd would not start */
	root = make_root();
	put_process(root, 10, "dockerd",
		    (const char *const[]){"dockerd", "--config-file=etc/docker/none.json", NULL});
	probe(root, &h, &f);
	d = &f.daemon;
	assert_string_equal(d->config.source, "/etc/docker/none.json");
	assert_int_equal(d->config.state, FACT_ABSENT);
	assert_true(has_problem(&d->flag_problems, "/proc/10/cmdline", 0, "does not exist"));
	done(root, &h, &f);
}

static void test_hostile(void **state)
{
	(void)state;
	struct host h;
	struct facts f;

	/* over 4 MiB: unreadable, not parsed */
	char *root = make_root();
	size_t big = HOST_FILE_MAX + 10;
	char *buf = xmalloc(big);
	memset(buf, ' ', big);
	buf[0] = '{';
	buf[big - 1] = '}';
	put_bytes(root, "etc/docker/daemon.json", buf, big);
	free(buf);
	probe(root, &h, &f);
	assert_int_equal(f.daemon.config.state, FACT_UNREADABLE);
	assert_int_equal(f.daemon.config.err, EFBIG);
	assert_true(f.daemon.installed);
	done(root, &h, &f);

	/* NUL bytes: invalid, and where */
	root = make_root();
	put_bytes(root, "etc/docker/daemon.json", "{\n  \"icc\": \0false}", 18);
	probe(root, &h, &f);
	assert_int_equal(f.daemon.config.state, FACT_INVALID);
	assert_int_equal(f.daemon.config_error.line, 2);
	assert_int_equal(f.daemon.config_error.col, 10);
	assert_string_equal(f.daemon.config_error.message, "contains a NUL byte");
	done(root, &h, &f);

	/* deep nesting */
	root = make_root();
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "{\"features\":");
	for (int i = 0; i < 100000; i++)
		strbuf_addc(&sb, '[');
	put_bytes(root, "etc/docker/daemon.json", sb.buf, sb.len);
	strbuf_release(&sb);
	probe(root, &h, &f);
	assert_int_equal(f.daemon.config.state, FACT_INVALID);
	assert_string_equal(f.daemon.config_error.message, "nesting too deep");
	done(root, &h, &f);

	/* a directory where the file should be */
	root = make_root();
	put(root, "etc/docker/daemon.json/x", "");
	probe(root, &h, &f);
	assert_int_equal(f.daemon.config.state, FACT_UNREADABLE);
	assert_int_equal(f.daemon.config.err, EISDIR);
	done(root, &h, &f);

	/* unterminated quotes in the unit and in the environment file; NULs in a unit */
	root = make_root();
	put(root, "lib/systemd/system/docker.service",
	    "[Service]\n"
	    "EnvironmentFile=/etc/default/docker\n"
	    "ExecStart=/usr/bin/dockerd $DOCKER_OPTS\n"
	    "ExecStart=/usr/bin/dockerd \"-H tcp://0.0.0.0:2375\n"
	    "Environment=\"A=b\n"
	    "Bogus line\n"
	    "[Service\n");
	put(root, "etc/default/docker", "X=1\nDOCKER_OPTS='-H tcp://0.0.0.0:2375 --icc=false\n");
	put_bytes(root, "etc/systemd/system/docker.service.d/nul.conf", "[Service]\0\n", 11);
	probe(root, &h, &f);
	const struct daemon_facts *d = &f.daemon;
	const char *unit = "/lib/systemd/system/docker.service";
	assert_true(has_problem(&d->flag_problems, unit, 4, "unterminated quote"));
	assert_true(has_problem(&d->flag_problems, unit, 5, "unterminated quote"));
	assert_true(has_problem(&d->flag_problems, unit, 6, "missing '='"));
	assert_true(has_problem(&d->flag_problems, unit, 7, "invalid section header"));
	assert_true(has_problem(&d->flag_problems, "/etc/default/docker", 2, "unterminated quote"));
	assert_true(has_problem(&d->flag_problems, "/etc/systemd/system/docker.service.d/nul.conf",
				0, "NUL byte"));
	/* the first ExecStart= stays: the broken one is ignored, as systemd does */
	assert_int_equal(d->flags_line, 3);
	assert_words(d->argv, (const char *const[]){"/usr/bin/dockerd", "-H", "tcp://0.0.0.0:2375",
						    "--icc=false", NULL});
	done(root, &h, &f);

	/* a cmdline of a million flags is cut at DOCKERD_ARGV_MAX words */
	root = make_root();
	strbuf_adds(&sb, "/usr/bin/dockerd");
	strbuf_addc(&sb, '\0');
	for (int i = 0; i < 1000000; i++) {
		strbuf_adds(&sb, "-D");
		strbuf_addc(&sb, '\0');
	}
	put(root, "proc/5/comm", "dockerd\n");
	put_bytes(root, "proc/5/cmdline", sb.buf, sb.len);
	strbuf_release(&sb);
	probe(root, &h, &f);
	d = &f.daemon;
	assert_int_equal(d->pid, 5);
	assert_int_equal(strv_length(d->argv), DOCKERD_ARGV_MAX + 1);
	assert_setting(d, "debug", NULL, "true");
	assert_true(has_problem(&d->flag_problems, "/proc/5/cmdline", 0, "only the first"));
	done(root, &h, &f);

	/* environments built to be slow: many variables, 500000 assignments, a huge ExecStart */
	root = make_root();
	strbuf_adds(&sb, "[Service]\nEnvironmentFile=/etc/default/docker\n");
	for (int i = 0; i < 300; i++)
		strbuf_addf(&sb, "Environment=V%d=%d\n", i, i);
	strbuf_adds(&sb, "ExecStart=/usr/bin/dockerd");
	for (int i = 0; i < 100000; i++)
		strbuf_adds(&sb, " $V1 --log-level=${V2}");
	strbuf_addc(&sb, '\n');
	put_bytes(root, "lib/systemd/system/docker.service", sb.buf, sb.len);
	strbuf_release(&sb);
	for (int i = 0; i < 500000; i++)
		strbuf_adds(&sb, "V1=-D\n");
	put_bytes(root, "etc/default/docker", sb.buf, sb.len);
	strbuf_release(&sb);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	probe(root, &h, &f);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	d = &f.daemon;
	assert_true(has_problem(&d->flag_problems, unit, 259, "more than 256 variables"));
	assert_true(has_problem(&d->flag_problems, "/etc/default/docker", 3797, "more than 4096"));
	assert_int_equal(strv_length(d->argv), DOCKERD_ARGV_MAX);
	assert_setting(d, "debug", NULL, "true");
	assert_setting(d, "log-level", NULL, "\"2\"");
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (secs > 5.0)
		fail_msg("a hostile unit took %.2f s", secs);
	done(root, &h, &f);

	/* a symlink that tries to leave the root is followed inside it */
	root = make_root();
	put_link(root, "etc/docker/daemon.json", "../../../../../../etc/passwd");
	probe(root, &h, &f);
	assert_int_equal(f.daemon.config.state, FACT_ABSENT);
	done(root, &h, &f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_option_table),
		cmocka_unit_test(test_json_positions),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_json_many_keys),
		cmocka_unit_test(test_shell_split),
		cmocka_unit_test(test_shell_expand),
		cmocka_unit_test(test_env_file),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_no_docker),
		cmocka_unit_test(test_daemon_json_only),
		cmocka_unit_test(test_broken_json),
		cmocka_unit_test(test_unit_dropin_reset),
		cmocka_unit_test(test_unit_etc_masks_lib),
		cmocka_unit_test(test_unit_masked),
		cmocka_unit_test(test_debian_environment_file),
		cmocka_unit_test(test_running_process),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_config_file_flag),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
