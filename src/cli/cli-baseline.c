/* cli-baseline.c: `dockward baseline check FILE` and `dockward baseline dump FILE|ID`.
 *
 * check: loads a baseline as an audit would and says whether it is well formed. Every problem
 * is printed as FILE:LINE:COL: message on stderr (the loader collects all of them before giving
 * up, so one run shows them all) and the exit code is 2; a good file prints "FILE: ok (N rules)"
 * and exits 0.
 * dump: prints the baseline as the audit will run it (extends merged, params substituted), as
 * YAML that loads back to the same baseline (baseline_dump()).
 * Both run in the read-only sandbox: neither ever needs to write a file. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

enum baseline_action {
	BASELINE_CHECK,
	BASELINE_DUMP,
};

static int baseline_do(enum baseline_action action, const char *spec)
{
	int r = cli_sandbox();
	if (r)
		return r;
	arg_baseline = spec;
	_cleanup_(baseline_freep) struct baseline *b = NULL;
	r = cli_load_baseline(&b);
	if (r)
		return r;
	if (action == BASELINE_CHECK) {
		printf("%s: ok (%zu %s)\n", spec, b->n_rules, b->n_rules == 1 ? "rule" : "rules");
		return EXIT_COMPLIANT;
	}
	r = baseline_dump(b, stdout);
	if (r < 0) {
		log_error_errno(r, "cannot dump baseline '%s': %m", spec);
		return EXIT_CANNOT_INSPECT;
	}
	return EXIT_COMPLIANT;
}

int cli_baseline(int argc, char **argv)
{
	static const struct {
		const char *name;
		enum baseline_action action;
		const char *operand;
	} actions[] = {
		{"check", BASELINE_CHECK, "FILE"},
		{"dump", BASELINE_DUMP, "FILE|ID"},
	};
	if (argc < 2) {
		log_error("missing subcommand: expected 'baseline check FILE' or 'baseline dump "
			  "FILE|ID'");
		cli_hint_help("baseline");
		return EXIT_BAD_INPUT;
	}
	size_t i = 0;
	while (i < ELEMENTSOF(actions) && !STREQ(actions[i].name, argv[1]))
		i++;
	if (i == ELEMENTSOF(actions)) {
		log_error("unknown subcommand 'baseline %s': expected 'baseline check FILE' or "
			  "'baseline dump FILE|ID'", argv[1]);
		cli_hint_help("baseline");
		return EXIT_BAD_INPUT;
	}
	if (argc < 3) {
		log_error("missing %s: expected 'baseline %s %s'",
			  actions[i].action == BASELINE_CHECK ? "file" : "file or id",
			  actions[i].name, actions[i].operand);
		cli_hint_help("baseline");
		return EXIT_BAD_INPUT;
	}
	if (argc > 3) {
		log_error("unexpected argument '%s'", argv[3]);
		cli_hint_help("baseline");
		return EXIT_BAD_INPUT;
	}
	return baseline_do(actions[i].action, argv[2]);
}
