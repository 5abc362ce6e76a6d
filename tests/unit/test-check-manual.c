/* test-check-manual.c: table-driven tests of the check kind manual. */
#include "check-test-util.h"

extern const struct check_kind check_manual;

static void nothing(struct facts *f)
{
	(void)f;
}

static void everything(struct facts *f)
{
	tf_daemon(f);
	tf_accounts(f);
	tf_lsm(f);
}

#define REVIEW "Review who may log in to the Docker host (CIS 1.1.2)"

static const struct check_case cases[] = {
	{"manual/no facts needed", {PS("instructions", REVIEW)}, nothing, STATUS_MANUAL, REVIEW,
	 "test.yaml:6:3: manual check: " REVIEW},
	{"manual/facts do not change it", {PS("instructions", REVIEW)}, everything, STATUS_MANUAL,
	 REVIEW},
	{"manual/multi-line instructions kept", {PS("instructions", "1. look\n2. decide")},
	 nothing, STATUS_MANUAL, "1. look\n2. decide"},
};

static void no_probes(void **state)
{
	(void)state;
	assert_int_equal(check_manual.probes, 0);
	assert_null(check_manual.request);
	assert_true(check_manual.params[0].required);
}

int main(void)
{
	const struct CMUnitTest extra[] = {cmocka_unit_test(no_probes)};
	return run_check_cases("manual", &check_manual, cases, ELEMENTSOF(cases), extra,
			       ELEMENTSOF(extra));
}
