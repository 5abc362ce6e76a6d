/* check.h: check kinds, one table.
 *
 * A check kind is a pure function (rule parameters, facts) -> result, with a schema of the
 * parameters it takes. The schema drives the baseline loader's validation (unknown keys, wrong
 * types, missing required keys are errors with file:line:col), `dockward rules` and the docs.
 * Checks do no I/O: this library links only the model (see CMakeLists.txt). */
#pragma once

#include <stdbool.h>

#include "baseline.h"
#include "facts.h"
#include "result.h"
#include "value.h"

enum param_type {
	PARAM_BOOL,
	PARAM_INT,
	PARAM_STRING,
	PARAM_STRING_LIST, /* a list of strings (a single string is NOT accepted: be explicit) */
	PARAM_SCALAR,      /* bool, int or string */
	PARAM_SCALAR_LIST,
	PARAM_ANY,         /* any value, e.g. a daemon.json value to compare with */
	PARAM_MODE,        /* octal permission bits as a string "0644" */
	_PARAM_TYPE_MAX,
};
const char *param_type_to_string(enum param_type t);

struct check_param {
	const char *name;
	enum param_type type;
	bool required;
	const char *help;
};

struct check_kind {
	const char *name;                 /* "daemon_option" */
	const char *help;                 /* one line */
	const struct check_param *params; /* terminated by {NULL} */
	unsigned probes;                  /* enum probe_flags this kind needs */
	/* Optional: validates combinations the schema cannot express (e.g. "one of equals/one_of
	 * is required"). Adds to diags against the check map's position; returns 0 or -EINVAL. */
	int (*validate)(const struct value *check, const char *file, struct diags *diags);
	/* Optional: asks for files or sysctl keys to be probed; may use facts probed so far (the
	 * daemon configuration names certificate paths and the data root). */
	void (*request)(const struct rule *r, const struct facts *f, struct fact_requests *q);
	/* Sets status, expected, observed and evidence. Must not fail: a check that cannot decide
	 * sets STATUS_ERROR or STATUS_NOT_APPLICABLE with the reason. */
	void (*eval)(const struct rule *r, const struct facts *f, struct result *res);
};

/* Adding a new check kind:
 *   1. src/checks/check-<name>.c defining `const struct check_kind check_<name>`, with its
 *      parameter schema and a comment on what it decides and from which facts;
 *   2. a line in check_kinds[] (src/checks/check-table.c), kept sorted by name;
 *   3. a table-driven test in tests/unit/test-check-<name>.c;
 *   4. rules that use it in baselines/ and a pass and a fail case in tests/fixtures/. */
extern const struct check_kind *const check_kinds[]; /* sorted, NULL-terminated */
const struct check_kind *check_kind_find(const char *name);

/* Parameter accessors for check implementations (the loader guarantees the types). */
const struct value *check_param(const struct rule *r, const char *name);
const char *check_param_string(const struct rule *r, const char *name, const char *def);
bool check_param_bool(const struct rule *r, const char *name, bool def);
int64_t check_param_int(const struct rule *r, const char *name, int64_t def);
