/* test-check-daemon-config-valid.c: table-driven tests of the check kind daemon_config_valid.
 *
 * Relies only on icc (bool) and log-level (string) being in the option table. */
#include "check-test-util.h"

extern const struct check_kind check_daemon_config_valid;

static void absent(struct facts *f)
{
	tf_daemon(f);
	tf_status(&f->daemon.config, "/etc/docker/daemon.json", FACT_ABSENT);
}

static void valid(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "icc", tv_bool(false), 2);
	tf_daemon_file(f, "log-level", tv_str("info"), 3);
	tf_daemon_flag(f, "debug-not-in-file", tv_bool(true), "--debug"); /* flag only: fine */
}

static void unknown_flag(struct facts *f)
{
	valid(f);
	strv_extend(&f->daemon.unknown_flags, "--frobnicate");
}

static void empty_object(struct facts *f)
{
	tf_daemon(f);
}

static void invalid(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_invalid(f, 4, 7, "expected ',' or '}' after object value");
}

static void not_object(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_invalid(f, 1, 1, "not a JSON object");
}

static void unknown_key(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "icc", tv_bool(false), 2);
	tf_daemon_file(f, "log-levle", tv_str("info"), 3);
}

static void wrong_type(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "icc", tv_str("false"), 2);
}

static void null_value(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "icc", value_new_null(), 2);
}

static void conflict(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "log-level", tv_str("info"), 3);
	tf_daemon_flag(f, "log-level", tv_str("debug"), "--log-level=debug");
}

static void many(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "a-one", tv_str("x"), 2);
	tf_daemon_file(f, "a-two", tv_str("x"), 3);
	tf_daemon_file(f, "icc", tv_int(0), 4);
	tf_daemon_file(f, "log-level", tv_str("info"), 5);
	tf_daemon_flag(f, "log-level", tv_str("info"), "-l info");
}

static void unreadable(struct facts *f)
{
	tf_daemon(f);
	tf_status(&f->daemon.config, "/etc/docker/daemon.json", FACT_UNREADABLE);
}

static void unknown_state(struct facts *f)
{
	tf_daemon(f);
	tf_status(&f->daemon.config, "/etc/docker/daemon.json", FACT_UNKNOWN);
}

static void not_installed(struct facts *f)
{
	tf_daemon_none(f);
}

static void not_probed(struct facts *f)
{
	tf_accounts(f);
}

static const struct check_case cases[] = {
	{"pass/absent: defaults", {{0}}, absent, STATUS_PASS,
	 "etc/docker/daemon.json is absent: dockerd uses its defaults",
	 "etc/docker/daemon.json:0:0: absent"},
	{"pass/known keys of the right type", {{0}}, valid, STATUS_PASS,
	 "is valid: 2 directives, all known"},
	{"pass/flags the table does not know are shown, not judged", {{0}}, unknown_flag,
	 STATUS_PASS, "is valid", "proc/4321/cmdline:0:0: flags dockward does not know: --frobnicate"},
	{"pass/empty object", {{0}}, empty_object, STATUS_PASS, "is valid: 0 directives"},
	{"pass/null is accepted by dockerd", {{0}}, null_value, STATUS_PASS, "1 directive,"},
	{"fail/invalid JSON with line:col", {{0}}, invalid, STATUS_FAIL,
	 "not valid: etc/docker/daemon.json:4:7: expected ',' or '}' after object value",
	 "etc/docker/daemon.json:4:7: expected ','"},
	{"fail/not an object", {{0}}, not_object, STATUS_FAIL, "1:1: not a JSON object"},
	{"fail/unknown directive", {{0}}, unknown_key, STATUS_FAIL,
	 "unknown directive 'log-levle' (line 3)", "etc/docker/daemon.json:3:3: \"log-levle\"", 1},
	{"fail/wrong type", {{0}}, wrong_type, STATUS_FAIL, "'icc' is a string, dockerd wants a bool",
	 "etc/docker/daemon.json:2:3:", 1},
	{"fail/set both as flag and in the file", {{0}}, conflict, STATUS_FAIL,
	 "'log-level' is also set as flag --log-level=debug", "proc/4321/cmdline:0:0: --log-level=debug",
	 1},
	{"fail/four problems, three named", {{0}}, many, STATUS_FAIL, "4 problems in", NULL, 4},
	{"error/unreadable", {{0}}, unreadable, STATUS_ERROR, "daemon.json is unreadable",
	 "Permission denied"},
	{"error/not collected", {{0}}, unknown_state, STATUS_ERROR, "not collected"},
	{"error/daemon probe did not run", {{0}}, not_probed, STATUS_ERROR,
	 "the daemon probe did not run"},
	{"not_applicable/not installed", {{0}}, not_installed, STATUS_NOT_APPLICABLE,
	 "Docker is not installed"},
};

int main(void)
{
	return run_check_cases("daemon_config_valid", &check_daemon_config_valid, cases,
			       ELEMENTSOF(cases), NULL, 0);
}
