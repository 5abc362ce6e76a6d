/* test-fixer-userns-remap.c: the userns_remap fixer on fake roots.
 *
 * Rows: account files (passwd, shadow, group, gshadow, subuid, subgid), maybe a unit carrying
 * --userns-remap, the fix map, and the exact text of every file the plan writes. The first row
 * is applied and planned again: a second fix changes nothing (the user, group and ranges it
 * made are reused, not duplicated). */
#include "daemon-fixer-test-util.h"
#include "json-util.h"

extern const struct fixer_kind fixer_userns_remap;

#define DJ "/etc/docker/daemon.json"
#define DROPIN "/etc/systemd/system/docker.service.d/60-dockward.conf"
#define PASSWD                                                                                     \
	"root:x:0:0:root:/root:/bin/bash\n"                                                        \
	"daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"                                        \
	"systemd-coredump:x:999:999:systemd Core Dumper:/:/usr/sbin/nologin\n"                     \
	"alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"
#define GROUP "root:x:0:\ndaemon:x:1:\nsystemd-coredump:x:999:\ndocker:x:998:alice\nalice:x:1000:\n"
#define SHADOW                                                                                     \
	"root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"                                 \
	"systemd-coredump:!*:19000::::::\nalice:$y$j9T$abc:19000:0:99999:7:::\n"
#define GSHADOW "root:*::\ndaemon:*::\nsystemd-coredump:!*::\ndocker:!::alice\nalice:!::\n"
#define SUBIDS "alice:100000:65536\n"
#define NOLOGIN {"/usr/sbin/nologin", "#!/bin/sh\nexit 1\n"}

struct want {
	const char *path;
	const char *text;
};

struct userns_case {
	const char *name;
	const char *fix;
	struct tf_file files[10];
	struct want want[8];
	const char *note; /* substring of a NOTE_SKIPPED, or NULL */
	bool again;
};

static const struct userns_case cases[] = {
	{
		.name = "fresh_host",
		.fix = "{\"kind\": \"userns_remap\"}",
		.files = {{"/etc/passwd", PASSWD}, {"/etc/group", GROUP}, {"/etc/shadow", SHADOW},
			  {"/etc/gshadow", GSHADOW}, {"/etc/subuid", SUBIDS}, {"/etc/subgid", SUBIDS},
			  NOLOGIN},
		.want = {
			{"/etc/passwd", PASSWD "dockremap:x:997:997::/nonexistent:/usr/sbin/nologin\n"},
			{"/etc/group", GROUP "dockremap:x:997:\n"},
			{"/etc/gshadow", GSHADOW "dockremap:!::\n"},
			{"/etc/shadow", SHADOW "dockremap:!:::::::\n"},
			{"/etc/subuid", SUBIDS "dockremap:196608:65536\n"},
			{"/etc/subgid", SUBIDS "dockremap:196608:65536\n"},
			{DJ, "{\n  \"userns-remap\": \"default\"\n}\n"},
		},
		.again = true,
	},
	{
		.name = "existing_user_and_ranges_reused",
		.fix = "{\"kind\": \"userns_remap\"}",
		.files = {{"/etc/passwd", PASSWD "dockremap:x:120:130::/nonexistent:/bin/false\n"},
			  {"/etc/group", GROUP "dockremap:x:130:\n"},
			  {"/etc/subuid", "dockremap:200000:65536\n"},
			  {"/etc/subgid", "dockremap:200000:65536\n"},
			  {DJ, "{\"icc\": false}"}},
		.want = {{DJ, "{\n  \"icc\": false,\n  \"userns-remap\": \"default\"\n}\n"}},
		.again = true,
	},
	{
		.name = "range_in_one_file_copied_to_the_other",
		.fix = "{\"kind\": \"userns_remap\"}",
		.files = {{"/etc/passwd", PASSWD "dockremap:x:120:130::/nonexistent:/bin/false\n"},
			  {"/etc/group", GROUP "dockremap:x:130:\n"},
			  {"/etc/subuid", "bob:131072:65536\n"},
			  {"/etc/subgid", "dockremap:262144:65536\n"}},
		.want = {{"/etc/subuid", "bob:131072:65536\ndockremap:262144:65536\n"},
			 {DJ, "{\n  \"userns-remap\": \"default\"\n}\n"}},
		.again = true,
	},
	{
		.name = "overlaps_avoided_in_both_files",
		.fix = "{\"kind\": \"userns_remap\", \"user\": \"remap\"}",
		.files = {{"/etc/passwd", PASSWD}, {"/etc/group", GROUP},
			  {"/etc/subuid", "alice:100000:65536\nbob:165536:65536"},
			  {"/etc/subgid", "alice:100000:100000\ncarol:262144:1\n"}},
		.want = {
			{"/etc/passwd", PASSWD "remap:!:997:997::/nonexistent:/bin/false\n"},
			{"/etc/group", GROUP "remap:x:997:\n"},
			{"/etc/subuid", "alice:100000:65536\nbob:165536:65536\nremap:327680:65536\n"},
			{"/etc/subgid", "alice:100000:100000\ncarol:262144:1\nremap:327680:65536\n"},
			{DJ, "{\n  \"userns-remap\": \"remap\"\n}\n"},
		},
		.again = true,
	},
	{
		.name = "flag_in_unit_moves",
		.fix = "{\"kind\": \"userns_remap\"}",
		.files = {{"/etc/passwd", PASSWD "dockremap:x:120:130::/nonexistent:/bin/false\n"},
			  {"/etc/group", GROUP "dockremap:x:130:\n"},
			  {"/etc/subuid", "dockremap:200000:65536\n"},
			  {"/etc/subgid", "dockremap:200000:65536\n"},
			  {"/lib/systemd/system/docker.service",
			   "[Service]\nExecStart=/usr/bin/dockerd --userns-remap=root -H fd://\n"}},
		.want = {{DJ, "{\n  \"userns-remap\": \"default\"\n}\n"},
			 {DROPIN, "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n"}},
		.again = true,
	},
	{
		.name = "bad_subuid_line_skipped",
		.fix = "{\"kind\": \"userns_remap\"}",
		.files = {{"/etc/passwd", PASSWD}, {"/etc/group", GROUP},
			  {"/etc/subuid", "alice:100000:65536\nbroken line\n"}},
		.note = "/etc/subuid line 2",
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

static void run_case(void **state)
{
	const struct userns_case *c = *state;
	_cleanup_free_ char *root = tf_root(c->files);
	struct rule r;
	tf_rule(&r, "daemon.userns-remap", json_value(c->fix));
	struct plan p;
	tf_plan(root, &fixer_userns_remap, &r, &p);

	size_t n_want = 0;
	for (; n_want < ELEMENTSOF(c->want) && c->want[n_want].path; n_want++) {
		const struct change *ch = tf_change(&p, c->want[n_want].path);
		if (!ch) {
			tf_dump(&p);
			fail_msg("no change planned for %s", c->want[n_want].path);
		}
		assert_string_equal(ch->new_content, c->want[n_want].text);
	}
	size_t n_files = 0;
	for (size_t i = 0; i < p.n_changes; i++)
		n_files += p.changes[i].kind == CHANGE_FILE;
	if (n_files != n_want)
		tf_dump(&p);
	assert_int_equal(n_files, n_want);
	assert_int_equal(p.errors.n, 0);
	if (c->note) {
		const char *n = tf_note(&p, NOTE_SKIPPED);
		assert_non_null(n);
		assert_non_null(strstr(n, c->note));
		assert_false(strv_contains(p.rules_planned, "daemon.userns-remap"));
	} else {
		assert_true(strv_contains(p.rules_planned, "daemon.userns-remap"));
		const char *w = tf_note(&p, NOTE_WARNING);
		assert_non_null(w);
		assert_non_null(strstr(w, "changes the data root to /var/lib/docker/<uid>.<gid>"));
		/* the accounts files keep their owner and mode; only daemon.json is daemon
		 * configuration */
		const struct change *pw = tf_change(&p, "/etc/passwd");
		if (pw)
			assert_false(pw->daemon_config);
	}
	if (c->again) {
		tf_apply(root, &p);
		struct plan p2;
		tf_plan(root, &fixer_userns_remap, &r, &p2);
		if (p2.n_changes)
			tf_dump(&p2);
		assert_int_equal(p2.n_changes, 0);
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
	return _cmocka_run_group_tests("fixer_userns_remap", tests, ELEMENTSOF(cases), NULL, NULL);
}
