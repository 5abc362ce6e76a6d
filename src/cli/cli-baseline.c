/* cli-baseline.c: `dockward baseline check FILE`, `dockward baseline dump FILE|ID` and
 * `dockward baseline list`.
 *
 * check: loads a baseline as an audit would and says whether it is well formed. Every problem
 * is printed as FILE:LINE:COL: message on stderr (the loader collects all of them before giving
 * up, so one run shows them all) and the exit code is 2; a good file prints "FILE: ok (N rules)"
 * and exits 0.
 * dump: prints the baseline as the audit will run it (extends merged, params substituted), as
 * YAML that loads back to the same baseline (baseline_dump()).
 * list: the built-in baselines, "ID  VERSION  TITLE" (loaded, so that what is listed is what
 * an audit gets); with -q only the ids (for shell completion).
 * All run in the read-only sandbox: none ever needs to write a file. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"

enum baseline_action {
	BASELINE_CHECK,
	BASELINE_DUMP,
	BASELINE_LIST,
};

static int baseline_list(void)
{
	int r = cli_sandbox();
	if (r)
		return r;
	for (size_t i = 0; i < builtin_baselines_count; i++) {
		const char *id = builtin_baselines[i].id;
		if (arg_quiet) {
			puts(id);
			continue;
		}
		arg_baseline = id;
		_cleanup_(baseline_freep) struct baseline *b = NULL;
		r = cli_load_baseline(&b);
		if (r)
			return r;
		_cleanup_free_ char *title = text_fit(b->title ? b->title : "", 72);
		printf("%-16s %3" PRId64 "  %s\n", id, b->version, title);
	}
	return EXIT_COMPLIANT;
}

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
		{"list", BASELINE_LIST, NULL},
	};
	if (argc < 2) {
		log_error("missing subcommand: expected 'baseline check FILE', 'baseline dump "
			  "FILE|ID' or 'baseline list'");
		cli_hint_help("baseline");
		return EXIT_BAD_INPUT;
	}
	size_t i = 0;
	while (i < ELEMENTSOF(actions) && !STREQ(actions[i].name, argv[1]))
		i++;
	if (i == ELEMENTSOF(actions)) {
		log_error("unknown subcommand 'baseline %s': expected 'baseline check FILE', "
			  "'baseline dump FILE|ID' or 'baseline list'", argv[1]);
		cli_hint_help("baseline");
		return EXIT_BAD_INPUT;
	}
	if (actions[i].action == BASELINE_LIST) {
		if (argc > 2) {
			log_error("unexpected argument '%s'", argv[2]);
			cli_hint_help("baseline");
			return EXIT_BAD_INPUT;
		}
		return baseline_list();
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
