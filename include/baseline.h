/* baseline.h: the baseline model (rules, params, waivers) and its loader.
 *
 * The model part (struct baseline, struct rule, struct waiver and their lifecycle) is plain data
 * in src/model/. The loader (src/baseline/) reads YAML with libyaml, resolves `extends`, merges
 * params, substitutes {param: NAME} references, and validates every check against the schema of
 * its kind (check.h) so that a loaded rule is always well formed. All problems go into a diags
 * list with file, line and column; a baseline with any problem is not returned. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "value.h"

/* Limits on baseline and waiver input (hostile input). */
#define BASELINE_FILE_MAX (1u << 20) /* 1 MiB */
#define BASELINE_RULES_MAX 2000
#define BASELINE_DEPTH_MAX 16       /* YAML nesting */
#define BASELINE_STRING_MAX 8192    /* one scalar */
#define BASELINE_EXTENDS_MAX 8      /* chain length */

enum severity {
	SEVERITY_LOW,
	SEVERITY_MEDIUM,
	SEVERITY_HIGH,
	SEVERITY_CRITICAL,
	_SEVERITY_MAX,
	_SEVERITY_INVALID = -22, /* -EINVAL */
};
const char *severity_to_string(enum severity s);
enum severity severity_from_string(const char *s); /* _SEVERITY_INVALID when unknown */

struct check_kind; /* check.h */

struct rule_ref {
	char *name;  /* "cis-docker-1.6.0" */
	char **ids;  /* strv: "2.2", ... */
};

struct rule {
	char *id;        /* "daemon.icc" */
	char *title;
	char *section;   /* "daemon"; defaults to the id up to its first '.' */
	enum severity severity;
	char *rationale; /* may be NULL */
	char *remediation; /* human instructions; may be NULL */
	struct rule_ref *refs;
	size_t n_refs;
	const struct check_kind *kind; /* never NULL in a loaded baseline */
	struct value *check;           /* map of the check's parameters, params substituted */
	struct value *fix;             /* map, or NULL: the fixer's parameters (remediation issue) */
	bool enabled;
	char *file; /* where the rule was defined */
	int line, col;
};

struct baseline {
	char *id;
	char *title;
	char *description;
	int64_t version;
	char *file;   /* path given, or "builtin:<id>" */
	char sha256[65]; /* of the top file's bytes */
	char *extends;   /* id or path of the parent, as written; NULL when none */
	struct value *params; /* merged params (map) */
	struct rule *rules;
	size_t n_rules;
};

struct baseline *baseline_new(void);
struct baseline *baseline_free(struct baseline *b);
static inline void baseline_freep(struct baseline **b)
{
	baseline_free(*b);
}
void rule_release(struct rule *r);
/* NULL when absent. Borrowed. */
const struct rule *baseline_find_rule(const struct baseline *b, const char *id);

/* Loading. `spec` is a file path (contains '/' or ends in .yaml/.yml) or the id of a built-in
 * baseline. 0 with *ret set, or -EINVAL/-EBADMSG (problems in diags), -ENOENT (no such file or
 * id; also in diags), -EFBIG, or another -errno. */
int baseline_load(const char *spec, struct diags *diags, struct baseline **ret);
/* A spec names a file when it has a '/' or a YAML suffix; anything else is a built-in id. */
bool baseline_spec_is_path(const char *spec);
/* Loads from a buffer (the fuzz target and the built-in baselines use this). */
int baseline_load_buffer(const char *name, const char *data, size_t len, struct diags *diags,
			 struct baseline **ret);

/* Writes b as YAML: the merged baseline with params substituted, self-contained (no extends,
 * no disable: disabled rules say enabled: false), every field spelled out, in a fixed order.
 * Loading the output and dumping it again gives the same bytes. 0, or -EIO when writing out
 * failed. */
int baseline_dump(const struct baseline *b, FILE *out);

/* The built-in baselines embedded at build time from baselines/ (every .yaml file). */
struct builtin_baseline {
	const char *id;
	const char *name; /* file name, "docker-host.yaml" */
	const char *data;
	size_t len;
	const char *sha256; /* of data, computed at build time (no digest at start-up) */
};
extern const struct builtin_baseline builtin_baselines[];
extern const size_t builtin_baselines_count;
#define BASELINE_DEFAULT_ID "docker-host"
const struct builtin_baseline *builtin_baseline_find(const char *id);

/* Waivers: a YAML file `waivers: [{rule, reason, approver, expires: YYYY-MM-DD}]`. */
struct waiver {
	char *rule_id;
	char *reason;
	char *approver;
	char *expires_text; /* as written */
	int64_t expires;     /* end of that day, UTC, epoch seconds */
	char *file;
	int line;
};
struct waivers {
	struct waiver *items;
	size_t n;
};
/* 0, or -errno with problems in diags. Unknown rule ids are reported against the baseline when
 * one is given (a waiver for a rule that does not exist is a typo, and an error). */
int waivers_load(const char *path, const struct baseline *b, struct diags *diags,
		 struct waivers *ret);
void waivers_release(struct waivers *w);
/* The waiver for a rule, or NULL. Borrowed. */
const struct waiver *waivers_find(const struct waivers *w, const char *rule_id);
