/* result.h: the verdict of one rule on one host, with its evidence.
 *
 * Plain data (src/model/result.c). Checks fill a result; the report owns the results. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "baseline.h"

enum status {
	STATUS_PASS,
	STATUS_FAIL,
	STATUS_ERROR,          /* the check could not decide: a fact was unreadable or invalid */
	STATUS_NOT_APPLICABLE, /* the thing the rule is about is not on this host */
	STATUS_WAIVED,
	STATUS_MANUAL,         /* a person must decide; the result says what to look at */
	_STATUS_MAX,
	_STATUS_INVALID = -22,
};
const char *status_to_string(enum status s);
enum status status_from_string(const char *s);

struct evidence {
	char *source; /* host path relative to the root ("etc/docker/daemon.json"), "proc/42/cmdline",
			 or "dockerd flag"; never NULL */
	int line;     /* 0 when not a line of a file */
	int col;
	char *detail; /* what it said */
};

struct result_object { /* one container, image or user a rule looked at */
	char *kind;   /* "container", "user", "file", ... */
	char *id;
	char *name;
	char *image;  /* for a container: the image it runs ("nginx:1.25"); else NULL */
	enum status status;
	char *observed;
};

struct result {
	const struct rule *rule; /* borrowed from the baseline */
	enum status status;
	char *expected;
	char *observed;
	struct evidence *evidence;
	size_t n_evidence;
	struct result_object *objects;
	size_t n_objects;
	/* fix: whether the rule has a fixer, and whether the fix waits for a daemon restart */
	bool fix_available;
	char *fix_summary;
	bool restart_required;
	/* set when waived (status STATUS_WAIVED), or when an expired waiver was ignored */
	const struct waiver *waiver;
	bool waiver_expired;
	enum status waived_status; /* what the status was before the waiver */
};

void result_init(struct result *r, const struct rule *rule);
void result_release(struct result *r);

/* Setters used by checks (printf-style; each replaces the previous text). */
void result_set(struct result *r, enum status s, const char *observed_fmt, ...) _printf_(3, 4);
void result_expect(struct result *r, const char *fmt, ...) _printf_(2, 3);
void result_add_evidence(struct result *r, const char *source, int line, int col,
			 const char *detail_fmt, ...) _printf_(5, 6);
void result_add_object(struct result *r, const char *kind, const char *id, const char *name,
		       enum status s, const char *observed_fmt, ...) _printf_(6, 7);
/* The same for a container, with the image it runs. */
void result_add_container(struct result *r, const char *id, const char *name, const char *image,
			  enum status s, const char *observed_fmt, ...) _printf_(6, 7);
