/* test-fixer-daemon-json.c: the daemon_json and daemon_tcp_hosts fixers on fake roots.
 *
 * Each row is a root (unit files, drop-ins, environment files, daemon.json, a fake proc/), a fix
 * map, and what the plan must hold: the exact new text of every file it writes (and no other
 * file), a note, or an error with file:line:col. Rows marked `again` also write the planned
 * files into the root, probe and plan once more, and require an empty plan: the fix is
 * idempotent and the result is consistent (no directive left both as a flag and in the file). */
#include "daemon-fixer-test-util.h"
#include "json-util.h"

extern const struct fixer_kind fixer_daemon_json;
extern const struct fixer_kind fixer_daemon_tcp_hosts;

#define UNIT "/lib/systemd/system/docker.service"
#define DJ "/etc/docker/daemon.json"
#define DROPIN "/etc/systemd/system/docker.service.d/60-dockward.conf"
#define UNIT_HEAD "[Unit]\nDescription=Docker\n\n[Service]\nType=notify\n"

struct want {
	const char *path;
	const char *text;
};

struct fix_case {
	const char *name;
	const struct fixer_kind *kind;
	const char *fix; /* JSON text of the fix map */
	struct tf_file files[8];
	struct want want[5]; /* every file the plan writes */
	enum note_kind note_kind;
	const char *note; /* substring of a note of note_kind, or NULL */
	int err_line, err_col; /* an error is expected when err_line != 0 */
	bool planned;          /* the rule is in rules_planned */
	bool again;
};

static const struct fix_case cases[] = {
	{
		.name = "create_daemon_json",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"icc\": false}}",
		.files = {{UNIT, UNIT_HEAD "ExecStart=/usr/bin/dockerd -H fd://\n"}},
		.want = {{DJ, "{\n  \"icc\": false\n}\n"}},
		.planned = true,
		.again = true,
	},
	{
		.name = "keep_other_keys",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"icc\": false, \"log-level\": \"info\"}}",
		.files = {{DJ, "{\"log-driver\": \"json-file\", \"icc\": true, \"log-opts\": "
			       "{\"max-size\": \"10m\"}}"}},
		.want = {{DJ, "{\n  \"log-driver\": \"json-file\",\n  \"icc\": false,\n  \"log-opts\": "
			      "{\n    \"max-size\": \"10m\"\n  },\n  \"log-level\": \"info\"\n}\n"}},
		.planned = true,
		.again = true,
	},
	{
		.name = "flag_in_execstart_moves_to_dropin",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"icc\": false}}",
		.files = {{UNIT, UNIT_HEAD "ExecStart=/usr/bin/dockerd -H fd:// --icc=true "
					  "--containerd=/run/containerd/containerd.sock \\\n"
					  "\t\"--label=a b\" 'x=y'\nExecReload=/bin/kill -s HUP $MAINPID\n"}},
		.want = {{DJ, "{\n  \"icc\": false\n}\n"},
			 {DROPIN, "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// "
				  "--containerd=/run/containerd/containerd.sock \"--label=a b\" 'x=y'\n"}},
		.planned = true,
		.again = true,
	},
	{
		.name = "short_flag_with_value_in_dropin",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"log-level\": \"info\"}}",
		.files = {{UNIT, UNIT_HEAD "ExecStart=/usr/bin/dockerd -H fd://\n"},
			  {"/etc/systemd/system/docker.service.d/10-debug.conf",
			   "[Service]\nExecStart=\nExecStart=-/usr/bin/dockerd -l debug -H fd:// "
			   "--log-level=warn\n"},
			  {DJ, "{}\n"}},
		.want = {{DJ, "{\n  \"log-level\": \"info\"\n}\n"},
			 {DROPIN, "[Service]\nExecStart=\nExecStart=-/usr/bin/dockerd -H fd://\n"}},
		.planned = true,
		.again = true,
	},
	{
		.name = "docker_opts_in_environment_file",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"icc\": false}}",
		.files = {{UNIT, UNIT_HEAD "EnvironmentFile=-/etc/default/docker\n"
					  "ExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS\n"},
			  {"/etc/default/docker", "# Docker options\n"
						  "DOCKER_OPTS=\"--dns 8.8.8.8 --icc=true -D\"\n"
						  "#export http_proxy=\"http://127.0.0.1:3128/\"\n"}},
		.want = {{DJ, "{\n  \"icc\": false\n}\n"},
			 {"/etc/default/docker", "# Docker options\n"
						 "DOCKER_OPTS=\"--dns 8.8.8.8 -D\"\n"
						 "#export http_proxy=\"http://127.0.0.1:3128/\"\n"}},
		.planned = true,
		.again = true,
	},
	{
		.name = "remove_key_only_a_flag_sets",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"remove\": [\"insecure-registries\"]}",
		.files = {{UNIT, UNIT_HEAD "ExecStart=/usr/bin/dockerd --insecure-registry reg:5000 "
					  "-H fd:// --insecure-registry=other:5000\n"}},
		.want = {{DROPIN, "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n"}},
		.planned = true,
		.again = true,
	},
	{
		.name = "remove_from_file_and_flag",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"remove\": [\"iptables\"]}",
		.files = {{UNIT, UNIT_HEAD "ExecStart=/usr/bin/dockerd --iptables=false\n"},
			  {DJ, "{\"iptables\": false, \"debug\": true}"}},
		.want = {{DJ, "{\n  \"debug\": true\n}\n"},
			 {DROPIN, "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n"}},
		.planned = true,
		.again = true,
	},
	{
		.name = "running_dockerd_flag_without_source",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"icc\": false}}",
		.files = {{"/proc/4242/comm", "dockerd\n"},
			  {"/proc/4242/cmdline", "/usr/bin/dockerd\0--icc=true\0"}, /* see below */
			  {DJ, "{\"debug\": true}"}},
		.note_kind = NOTE_SKIPPED,
		.note = "dockerd (pid 4242) runs with '--icc=true'",
	},
	{
		.name = "running_dockerd_unit_carries_flag",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"icc\": false}}",
		.files = {{"/proc/4242/comm", "dockerd\n"},
			  {"/proc/4242/cmdline", "/usr/bin/dockerd\0--icc=true\0"},
			  {UNIT, UNIT_HEAD "ExecStart=/usr/bin/dockerd --icc=true -H fd://\n"}},
		.want = {{DJ, "{\n  \"icc\": false\n}\n"},
			 {DROPIN, "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n"}},
		.planned = true,
	},
	{
		.name = "syntax_error_refused",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"icc\": false}}",
		.files = {{DJ, "{\n  \"debug\": true,\n  \"icc\" true\n}\n"}},
		.err_line = 3,
		.err_col = 9,
	},
	{
		.name = "flag_in_cluster_skipped",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"log-level\": \"info\"}}",
		.files = {{UNIT, UNIT_HEAD "ExecStart=/usr/bin/dockerd -Dl debug\n"}},
		.note_kind = NOTE_SKIPPED,
		.note = "inside a cluster",
	},
	{
		.name = "execstart_in_later_dropin_skipped",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"icc\": false}}",
		.files = {{UNIT, UNIT_HEAD "ExecStart=/usr/bin/dockerd -H fd://\n"},
			  {"/etc/systemd/system/docker.service.d/override.conf",
			   "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --icc=true\n"}},
		.note_kind = NOTE_SKIPPED,
		.note = "override.conf:3, a drop-in read after dockward's",
	},
	{
		.name = "config_file_flag_moves_target",
		.kind = &fixer_daemon_json,
		.fix = "{\"kind\": \"daemon_json\", \"set\": {\"live-restore\": true}}",
		.files = {{UNIT, UNIT_HEAD "ExecStart=/usr/bin/dockerd --config-file "
					  "/etc/docker/custom.json\n"},
			  {"/etc/docker/custom.json", "{\"debug\": false}\n"}},
		.want = {{"/etc/docker/custom.json",
			  "{\n  \"debug\": false,\n  \"live-restore\": true\n}\n"}},
		.planned = true,
		.again = true,
	},
	{
		.name = "tcp_hosts_from_flags_and_file",
		.kind = &fixer_daemon_tcp_hosts,
		.fix = "{\"kind\": \"daemon_tcp_hosts\"}",
		.files = {{UNIT, UNIT_HEAD "ExecStart=/usr/bin/dockerd -H fd:// -H "
					  "tcp://0.0.0.0:2375 --host=127.0.0.1:2375\n"},
			  {DJ, "{\"debug\": true}\n"}},
		.want = {{DROPIN, "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n"}},
		.note_kind = NOTE_WARNING,
		.note = "tcp://0.0.0.0:2375, 127.0.0.1:2375: remote clients",
		.planned = true,
		.again = true,
	},
	{
		.name = "tcp_hosts_in_file",
		.kind = &fixer_daemon_tcp_hosts,
		.fix = "{\"kind\": \"daemon_tcp_hosts\"}",
		.files = {{DJ, "{\"hosts\": [\"unix:///var/run/docker.sock\", \"tcp://0.0.0.0:2375\"], "
			       "\"tls\": true}\n"}},
		.want = {{DJ, "{\n  \"hosts\": [\n    \"unix:///var/run/docker.sock\"\n  ],\n  "
			      "\"tls\": true\n}\n"}},
		.note_kind = NOTE_WARNING,
		.note = "tcp://0.0.0.0:2375",
		.planned = true,
		.again = true,
	},
	{
		.name = "tcp_hosts_with_tls_left_alone",
		.kind = &fixer_daemon_tcp_hosts,
		.fix = "{\"kind\": \"daemon_tcp_hosts\"}",
		.files = {{DJ, "{\"hosts\": [\"tcp://0.0.0.0:2376\"], \"tlsverify\": true, "
			       "\"tlscacert\": \"/c\", \"tlscert\": \"/d\", \"tlskey\": \"/e\"}\n"}},
		.note_kind = NOTE_SKIPPED,
		.note = "use TLS client verification",
	},
};

static struct value *json_value(const char *s)
{
	json_object *o = json_tokener_parse(s);
	assert_non_null(o);
	struct value *v = json_to_value(o);
	json_object_put(o);
	return v;
}

/* /proc/PID/cmdline holds NULs: string literals stop at the first one, so the rows write it
 * with '\0' separators through this table instead. */
static const struct {
	const char *text;
	size_t len;
} cmdlines[] = {
	{"/usr/bin/dockerd\0--icc=true\0", sizeof("/usr/bin/dockerd\0--icc=true\0") - 1},
};

static void write_cmdlines(const char *root, const struct fix_case *c)
{
	for (size_t i = 0; c->files[i].path; i++) {
		if (!endswith(c->files[i].path, "/cmdline"))
			continue;
		_cleanup_free_ char *full = xasprintf("%s%s", root, c->files[i].path);
		FILE *f = fopen(full, "w");
		assert_non_null(f);
		assert_int_equal(fwrite(cmdlines[0].text, 1, cmdlines[0].len, f), cmdlines[0].len);
		assert_int_equal(fclose(f), 0);
	}
}

static void run_case(void **state)
{
	const struct fix_case *c = *state;
	_cleanup_free_ char *root = tf_root(c->files);
	write_cmdlines(root, c);
	struct rule r;
	tf_rule(&r, "daemon.test", json_value(c->fix));
	struct plan p;
	tf_plan(root, c->kind, &r, &p);
	if (getenv("TEST_VERBOSE"))
		tf_dump(&p);

	size_t n_want = 0;
	for (; n_want < ELEMENTSOF(c->want) && c->want[n_want].path; n_want++) {
		const struct change *ch = tf_change(&p, c->want[n_want].path);
		if (!ch) {
			tf_dump(&p);
			fail_msg("no change planned for %s", c->want[n_want].path);
		}
		assert_non_null(ch->new_content);
		assert_string_equal(ch->new_content, c->want[n_want].text);
	}
	size_t n_files = 0;
	for (size_t i = 0; i < p.n_changes; i++)
		n_files += p.changes[i].kind == CHANGE_FILE;
	if (n_files != n_want)
		tf_dump(&p);
	assert_int_equal(n_files, n_want);
	if (c->note) {
		bool found = false;
		for (size_t i = 0; i < p.n_notes; i++)
			found |= p.notes[i].kind == c->note_kind && strstr(p.notes[i].text, c->note);
		if (!found)
			tf_dump(&p);
		assert_true(found);
	}
	if (c->err_line) {
		assert_int_equal(p.errors.n, 1);
		assert_string_equal(p.errors.items[0].file, DJ);
		assert_int_equal(p.errors.items[0].line, c->err_line);
		assert_int_equal(p.errors.items[0].col, c->err_col);
	} else {
		assert_int_equal(p.errors.n, 0);
	}
	assert_int_equal(strv_contains(p.rules_planned, "daemon.test"), c->planned);
	if (c->planned)
		assert_true(p.restart);

	if (c->again) {
		tf_apply(root, &p);
		struct plan p2;
		tf_plan(root, c->kind, &r, &p2);
		if (p2.n_changes)
			tf_dump(&p2);
		assert_int_equal(p2.n_changes, 0);
		assert_int_equal(tf_count_notes(&p2, NOTE_SKIPPED), 0);
		assert_int_equal(p2.errors.n, 0);
		plan_release(&p2);
	}
	plan_release(&p);
	tf_rule_release(&r);
	tf_rm_rf(root);
}

int main(void)
{
	struct CMUnitTest tests[ELEMENTSOF(cases)];
	for (size_t i = 0; i < ELEMENTSOF(cases); i++)
		tests[i] = (struct CMUnitTest){.name = cases[i].name,
					       .test_func = run_case,
					       .initial_state = (void *)&cases[i]};
	return _cmocka_run_group_tests("fixer_daemon_json", tests, ELEMENTSOF(cases), NULL, NULL);
}
