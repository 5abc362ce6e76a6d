/* test-check-daemon-option.c: table-driven tests of the check kind daemon_option.
 *
 * Defaults come from the option table; the cases rely only on icc (default true) and log-level
 * (default "info"), which every version of the table has. */
#include "check-test-util.h"

extern const struct check_kind check_daemon_option;

/* ---- facts ---- */

static void none(struct facts *f)
{
	tf_daemon(f);
}

static void not_installed(struct facts *f)
{
	tf_daemon_none(f);
}

static void not_probed(struct facts *f)
{
	(void)f;
}

static void json_absent(struct facts *f)
{
	tf_daemon(f);
	tf_status(&f->daemon.config, "/etc/docker/daemon.json", FACT_ABSENT);
}

static void icc_file_false(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "log-level", tv_str("info"), 2);
	tf_daemon_file(f, "icc", tv_bool(false), 3);
}

static void icc_file_true(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "icc", tv_bool(true), 3);
}

static void icc_flag_true(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "log-level", tv_str("info"), 2);
	tf_daemon_flag(f, "icc", tv_bool(true), "--icc=true");
}

static void icc_flag_false(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_flag(f, "icc", tv_bool(false), "--icc=false");
}

static void icc_unit_flag_false(struct facts *f)
{
	tf_daemon(f);
	f->daemon.flags_from = DAEMON_FLAGS_UNIT;
	free(f->daemon.flags_source);
	f->daemon.flags_source = xstrdup("lib/systemd/system/docker.service");
	f->daemon.flags_line = 12;
	tf_daemon_flag(f, "icc", tv_bool(false), "--icc=false");
}

static void icc_conflict_same(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "icc", tv_bool(false), 3);
	tf_daemon_flag(f, "icc", tv_bool(false), "--icc=false");
}

static void icc_conflict_differ(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "icc", tv_bool(false), 3);
	tf_daemon_flag(f, "icc", tv_bool(true), "--icc");
}

static void json_invalid(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_invalid(f, 4, 7, "unexpected character");
}

static void json_invalid_icc_flag(struct facts *f)
{
	json_invalid(f);
	tf_daemon_flag(f, "icc", tv_bool(false), "--icc=false");
}

static void json_unreadable(struct facts *f)
{
	tf_daemon(f);
	tf_status(&f->daemon.config, "/etc/docker/daemon.json", FACT_UNREADABLE);
}

static void level_debug_file(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "log-level", tv_str("debug"), 2);
}

static void level_warn_file(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "log-level", tv_str("warn"), 2);
}

static void level_debug_flag(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_flag(f, "log-level", tv_str("debug"), "-l debug");
}

static void authz_set(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "authorization-plugins", tv_list("authz-broker", NULL), 5);
}

static void authz_empty(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "authorization-plugins", value_new_list(), 5);
}

static void insecure_wild(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "insecure-registries",
		       tv_list("registry.local:5000", "mirror.example.com", NULL), 6);
}

static void insecure_local(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "insecure-registries", tv_list("registry.local:5000", NULL), 6);
}

static void insecure_flag_string(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_flag(f, "insecure-registries", tv_list("0.0.0.0/0", NULL),
		       "--insecure-registry 0.0.0.0/0");
}

static void hosts_unix(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "hosts", tv_list("unix:///var/run/docker.sock", NULL), 2);
}

static void downloads_int(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "max-concurrent-downloads", tv_int(3), 4);
}

static void icc_string_no(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "icc", tv_str("no"), 3);
}

static struct value *unix_hosts(void)
{
	return tv_list("unix:///var/run/docker.sock", NULL);
}

/* ---- cases ---- */

#define ICC_FALSE {PS("key", "icc"), PB("equals", false)}

static const struct check_case cases[] = {
	{"equals/file sets the wanted value", ICC_FALSE, icc_file_false, STATUS_PASS,
	 "false (etc/docker/daemon.json:3)", "etc/docker/daemon.json:3:3: \"icc\": false"},
	{"equals/file sets another value", ICC_FALSE, icc_file_true, STATUS_FAIL,
	 "true (etc/docker/daemon.json:3)", "etc/docker/daemon.json:3:3: \"icc\": true"},
	{"equals/nothing sets it: dockerd default judged", ICC_FALSE, none, STATUS_FAIL,
	 "true (dockerd default: nothing sets icc)", "dockerd default:0:0: icc: true"},
	{"equals/default is the wanted value", {PS("key", "icc"), PB("equals", true)}, json_absent,
	 STATUS_PASS, "true (dockerd default: nothing sets icc)", "etc/docker/daemon.json:0:0: absent"},
	{"equals/flag overrides the default, the file sets other keys", ICC_FALSE, icc_flag_true,
	 STATUS_FAIL, "true (dockerd flag --icc=true)", "proc/4321/cmdline:0:0: --icc=true"},
	{"equals/flag sets the wanted value", ICC_FALSE, icc_flag_false, STATUS_PASS,
	 "false (dockerd flag --icc=false)", "proc/4321/cmdline:0:0: --icc=false"},
	{"equals/flag from the unit's ExecStart", ICC_FALSE, icc_unit_flag_false, STATUS_PASS,
	 "dockerd flag --icc=false", "lib/systemd/system/docker.service:12:0: --icc=false"},
	{"conflict/flag and file agree: dockerd still refuses", ICC_FALSE, icc_conflict_same,
	 STATUS_FAIL, "icc set both as flag (--icc=false) and in daemon.json "
		      "(etc/docker/daemon.json:3: false); dockerd refuses to start",
	 "etc/docker/daemon.json:3:3: \"icc\": false"},
	{"conflict/flag and file differ", ICC_FALSE, icc_conflict_differ, STATUS_FAIL,
	 "set both as flag (--icc)", "proc/4321/cmdline:0:0: --icc"},
	{"error/daemon.json invalid, key not set by a flag", ICC_FALSE, json_invalid, STATUS_ERROR,
	 "daemon.json is invalid (etc/docker/daemon.json:4:7: unexpected character)",
	 "etc/docker/daemon.json:4:7: unexpected character"},
	{"invalid daemon.json but the flag decides", ICC_FALSE, json_invalid_icc_flag, STATUS_PASS,
	 "false (dockerd flag --icc=false)"},
	{"error/daemon.json unreadable", ICC_FALSE, json_unreadable, STATUS_ERROR,
	 "daemon.json is unreadable", "Permission denied"},
	{"error/daemon probe did not run", ICC_FALSE, not_probed, STATUS_ERROR,
	 "the daemon probe did not run"},
	{"not_applicable/Docker not installed", ICC_FALSE, not_installed, STATUS_NOT_APPLICABLE,
	 "Docker is not installed"},
	{"equals/string param matches a bool", {PS("key", "icc"), PS("equals", "false")},
	 icc_file_false, STATUS_PASS, "false (etc/docker/daemon.json:3)"},
	{"equals/a string \"no\" is not false", ICC_FALSE, icc_string_no, STATUS_FAIL,
	 "\"no\" (etc/docker/daemon.json:3)"},
	{"equals/list", {PS("key", "hosts"), PV("equals", unix_hosts)}, hosts_unix, STATUS_PASS,
	 "[\"unix:///var/run/docker.sock\"] (etc/docker/daemon.json:2)"},
	{"equals/int against a string param",
	 {PS("key", "max-concurrent-downloads"), PS("equals", "3")}, downloads_int, STATUS_PASS,
	 "3 (etc/docker/daemon.json:4)"},
	{"equals/int against an int param",
	 {PS("key", "max-concurrent-downloads"), PI("equals", 5)}, downloads_int, STATUS_FAIL,
	 "3 (etc/docker/daemon.json:4)"},
	{"one_of/value not allowed", {PS("key", "log-level"), PL("one_of", "info", "warn")},
	 level_debug_file, STATUS_FAIL, "\"debug\" is not one of them"},
	{"one_of/value allowed", {PS("key", "log-level"), PL("one_of", "info", "warn")},
	 level_warn_file, STATUS_PASS, "\"warn\" (etc/docker/daemon.json:2)"},
	{"not_one_of/default is fine", {PS("key", "log-level"), PL("not_one_of", "debug")}, none,
	 STATUS_PASS, "nothing sets log-level"},
	{"not_one_of/flag sets a forbidden value",
	 {PS("key", "log-level"), PL("not_one_of", "debug")}, level_debug_flag, STATUS_FAIL,
	 "\"debug\" is forbidden", "proc/4321/cmdline:0:0: -l debug"},
	{"present/set", {PS("key", "authorization-plugins"), PB("present", true)}, authz_set,
	 STATUS_PASS, "[\"authz-broker\"] (etc/docker/daemon.json:5)"},
	{"present/unset", {PS("key", "authorization-plugins"), PB("present", true)}, none,
	 STATUS_FAIL, "nothing sets authorization-plugins"},
	{"present/empty list is not present",
	 {PS("key", "authorization-plugins"), PB("present", true)}, authz_empty, STATUS_FAIL,
	 "[] (etc/docker/daemon.json:5)"},
	{"present false/unset", {PS("key", "authorization-plugins"), PB("present", false)}, none,
	 STATUS_PASS, "nothing sets authorization-plugins"},
	{"present false/set", {PS("key", "authorization-plugins"), PB("present", false)}, authz_set,
	 STATUS_FAIL, "authz-broker"},
	{"excludes/an item matches a glob",
	 {PS("key", "insecure-registries"), PL("excludes", "*.example.com", "0.0.0.0/0")},
	 insecure_wild, STATUS_FAIL, "\"mirror.example.com\" matches \"*.example.com\""},
	{"excludes/no item matches",
	 {PS("key", "insecure-registries"), PL("excludes", "*.example.com", "0.0.0.0/0")},
	 insecure_local, STATUS_PASS, "registry.local:5000"},
	{"excludes/unset", {PS("key", "insecure-registries"), PL("excludes", "*")}, none,
	 STATUS_PASS, "nothing sets insecure-registries"},
	{"excludes/from a flag", {PS("key", "insecure-registries"), PL("excludes", "0.0.0.0/0")},
	 insecure_flag_string, STATUS_FAIL, "dockerd flag --insecure-registry 0.0.0.0/0"},
	{"when_unset pass/unset", {PS("key", "icc"), PB("equals", false), PS("when_unset", "pass")},
	 none, STATUS_PASS, "the rule says unset is a pass"},
	{"when_unset fail/unset",
	 {PS("key", "log-level"), PL("not_one_of", "debug"), PS("when_unset", "fail")}, none,
	 STATUS_FAIL, "the rule says unset is a fail"},
	{"when_unset pass/set is judged",
	 {PS("key", "icc"), PB("equals", false), PS("when_unset", "pass")}, icc_file_true,
	 STATUS_FAIL, "true (etc/docker/daemon.json:3)"},
};

/* ---- validate ---- */

static void validate_ok(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_daemon_option,
				       (struct tparam[]){PS("key", "icc"), PB("equals", false), {0}},
				       &d),
			 0);
	assert_int_equal(d.n, 0);
	diags_release(&d);
}

static void validate_no_test(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_daemon_option,
				       (struct tparam[]){PS("key", "icc"), {0}}, &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE, TEST_COL,
			"exactly one of equals, one_of, not_one_of, present, excludes is required");
	diags_release(&d);
}

static void validate_two_tests(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_daemon_option,
				       (struct tparam[]){PS("key", "icc"), PB("equals", false),
							 PB("present", true), {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE, TEST_COL, "found equals, present");
	diags_release(&d);
}

static void validate_when_unset(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_daemon_option,
				       (struct tparam[]){PS("key", "icc"), PB("equals", false),
							 PS("when_unset", "maybe"), {0}},
				       &d),
			 -EINVAL);
	/* at the parameter itself: third param */
	assert_one_diag(&d, TEST_LINE + 3, TEST_COL + 2, "when_unset: \"maybe\" is not one of");
	diags_release(&d);
}

static void validate_unknown_key(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_daemon_option,
				       (struct tparam[]){PS("key", "icc-typo"), PB("equals", false),
							 {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 1, TEST_COL + 2, "'icc-typo' is not a daemon.json key");
	diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest extra[] = {
		cmocka_unit_test(validate_ok),
		cmocka_unit_test(validate_no_test),
		cmocka_unit_test(validate_two_tests),
		cmocka_unit_test(validate_when_unset),
		cmocka_unit_test(validate_unknown_key),
	};
	return run_check_cases("daemon_option", &check_daemon_option, cases, ELEMENTSOF(cases),
			       extra, ELEMENTSOF(extra));
}
