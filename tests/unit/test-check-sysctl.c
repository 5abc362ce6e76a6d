/* test-check-sysctl.c: table-driven tests of the check kind sysctl. */
#include "check-test-util.h"

extern const struct check_kind check_sysctl;

#define FWD "net.ipv4.ip_forward"
#define RED "net.ipv4.conf.all.send_redirects"
#define D99 "/etc/sysctl.d/99-docker.conf"

static void both_ok(struct facts *f)
{
	tf_sysctl(f, FACT_OK);
	tf_sysctl_key(f, RED, FACT_OK, "0", "0", D99, 3);
}

static void live_wrong(struct facts *f)
{
	tf_sysctl(f, FACT_OK);
	tf_sysctl_key(f, RED, FACT_OK, "1", "0", D99, 3);
}

static void not_persisted(struct facts *f)
{
	tf_sysctl(f, FACT_OK);
	tf_sysctl_key(f, RED, FACT_OK, "0", NULL, NULL, 0);
}

static void persisted_wrong(struct facts *f)
{
	tf_sysctl(f, FACT_OK);
	tf_sysctl_key(f, RED, FACT_OK, "0", "1", "/etc/sysctl.conf", 28);
}

static void absent_from_kernel(struct facts *f)
{
	tf_sysctl(f, FACT_OK);
	tf_sysctl_key(f, "net.ipv6.conf.all.forwarding", FACT_ABSENT, NULL, "0", D99, 4);
}

static void offline_persisted(struct facts *f)
{
	tf_sysctl(f, FACT_ABSENT);
	tf_sysctl_key(f, RED, FACT_ABSENT, NULL, "0", D99, 3);
}

static void offline_not_persisted(struct facts *f)
{
	tf_sysctl(f, FACT_ABSENT);
	tf_sysctl_key(f, RED, FACT_ABSENT, NULL, NULL, NULL, 0);
}

static void live_unreadable(struct facts *f)
{
	tf_sysctl(f, FACT_OK);
	tf_sysctl_key(f, RED, FACT_UNREADABLE, NULL, "0", D99, 3);
}

static void proc_sys_unreadable(struct facts *f)
{
	tf_sysctl(f, FACT_UNREADABLE);
	tf_sysctl_key(f, RED, FACT_UNKNOWN, NULL, "0", D99, 3);
}

static void whitespace(struct facts *f)
{
	tf_sysctl(f, FACT_OK);
	tf_sysctl_key(f, "net.ipv4.ip_local_port_range", FACT_OK, "32768 60999",
		      "32768\t  60999 ", D99, 5);
}

static void forward_on(struct facts *f)
{
	tf_sysctl(f, FACT_OK);
	tf_sysctl_key(f, FWD, FACT_OK, "1", NULL, NULL, 0);
}

static void not_requested(struct facts *f)
{
	tf_sysctl(f, FACT_OK);
}

static void not_probed(struct facts *f)
{
	(void)f;
}

#define RED0 PS("key", RED), PI("equals", 0)

static const struct check_case cases[] = {
	{"pass/live and persisted", {RED0}, both_ok, STATUS_PASS,
	 "live 0; persisted 0 (etc/sysctl.d/99-docker.conf:3)",
	 "etc/sysctl.d/99-docker.conf:3:0: " RED " = 0"},
	{"fail/live value wrong", {RED0}, live_wrong, STATUS_FAIL, "live 1 (wrong)",
	 "proc/sys/net/ipv4/conf/all/send_redirects:0:0: 1"},
	{"fail/live ok but not persisted", {RED0}, not_persisted, STATUS_FAIL,
	 "live 0; not persisted",
	 "usr/lib/sysctl.d/50-default.conf:0:0: " RED " is not set in /usr/lib/sysctl.d/"
	 "50-default.conf, /etc/sysctl.conf"},
	{"fail/persisted value wrong", {RED0}, persisted_wrong, STATUS_FAIL,
	 "persisted 1 (etc/sysctl.conf:28) (wrong)"},
	{"pass/live only: not persisted is fine", {RED0, PB("persisted", false)}, not_persisted,
	 STATUS_PASS, "live 0; not persisted (not judged)"},
	{"pass/persisted only: live ignored", {RED0, PB("live", false)}, live_wrong, STATUS_PASS,
	 "live 1 (not judged); persisted 0"},
	{"not_applicable/kernel has no such key",
	 {PS("key", "net.ipv6.conf.all.forwarding"), PI("equals", 0)}, absent_from_kernel,
	 STATUS_NOT_APPLICABLE, "kernel has no net.ipv6.conf.all.forwarding",
	 "proc/sys/net/ipv6/conf/all/forwarding:0:0: absent"},
	{"pass/offline root: judged on persisted only", {RED0}, offline_persisted, STATUS_PASS,
	 "live value not seen (no proc/sys: offline root); persisted 0"},
	{"fail/offline root: not persisted", {RED0}, offline_not_persisted, STATUS_FAIL,
	 "not persisted"},
	{"not_applicable/offline root, live only", {RED0, PB("persisted", false)},
	 offline_persisted, STATUS_NOT_APPLICABLE, "offline root: no live value"},
	{"error/live value unreadable", {RED0}, live_unreadable, STATUS_ERROR,
	 "proc/sys/net/ipv4/conf/all/send_redirects is unreadable"},
	{"error/proc/sys unreadable", {RED0}, proc_sys_unreadable, STATUS_ERROR,
	 "proc/sys is unreadable"},
	{"pass/whitespace normalised",
	 {PS("key", "net.ipv4.ip_local_port_range"), PS("equals", "32768   60999")}, whitespace,
	 STATUS_PASS, "live 32768 60999; persisted 32768 60999"},
	{"fail/bool equals means 1 or 0", {PS("key", FWD), PB("equals", false)}, forward_on,
	 STATUS_FAIL, "live 1 (wrong)"},
	{"error/key not collected", {RED0}, not_requested, STATUS_ERROR, "was not collected"},
	{"error/sysctl probe did not run", {RED0}, not_probed, STATUS_ERROR,
	 "the sysctl probe did not run"},
};

static void validate_key(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_sysctl,
				       (struct tparam[]){PS("key", "net/ipv4/../x"), PI("equals", 0),
							 {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 1, TEST_COL + 2, "is not a sysctl key");
	diags_release(&d);
	assert_int_equal(test_validate(&check_sysctl,
				       (struct tparam[]){RED0, PB("live", false),
							 PB("persisted", false), {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE, TEST_COL, "live and persisted are both false");
	diags_release(&d);
	assert_int_equal(test_validate(&check_sysctl, (struct tparam[]){RED0, {0}}, &d), 0);
	assert_int_equal(d.n, 0);
}

static void request_key(void **state)
{
	(void)state;
	struct facts f;
	facts_init(&f, NULL);
	struct fact_requests q = {0};
	struct rule *r = test_rule_new(&check_sysctl, (struct tparam[]){RED0, {0}});
	check_sysctl.request(r, &f, &q);
	check_sysctl.request(r, &f, &q); /* asked twice, collected once */
	test_rule_free(r);
	assert_int_equal(strv_length(q.sysctls), 1);
	assert_string_equal(q.sysctls[0], RED);
	assert_int_equal(q.n_files, 0);
	fact_requests_release(&q);
	facts_release(&f);
}

int main(void)
{
	const struct CMUnitTest extra[] = {
		cmocka_unit_test(validate_key),
		cmocka_unit_test(request_key),
	};
	return run_check_cases("sysctl", &check_sysctl, cases, ELEMENTSOF(cases), extra,
			       ELEMENTSOF(extra));
}
