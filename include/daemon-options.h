/* daemon-options.h: the dockerd options dockward understands, as one table.
 *
 * Maps each daemon.json key to its command-line flag(s), its type and dockerd's default (as of
 * Docker 20.10-24). The daemon probe uses it to turn flags into settings, checks use it for the
 * default of a key that nobody set, and fixers (later) for where a key lives. Plain data. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "value.h"

enum daemon_option_type {
	DAEMON_OPT_BOOL,   /* --icc, --icc=false */
	DAEMON_OPT_STRING, /* --log-level info */
	DAEMON_OPT_LIST,   /* repeated: -H a -H b -> "hosts": ["a","b"] */
	DAEMON_OPT_MAP,    /* repeated k=v: --log-opt max-size=10m -> "log-opts": {...} */
	DAEMON_OPT_INT,
	_DAEMON_OPT_TYPE_MAX,
};

struct daemon_option {
	const char *key;        /* daemon.json key */
	const char *flag;       /* long flag without dashes: "icc" */
	char short_flag;        /* 'H', or 0 */
	enum daemon_option_type type;
	const struct value *default_value; /* dockerd's default, NULL when none (static data) */
};

/* Sorted by key. */
extern const struct daemon_option daemon_options[];
extern const size_t daemon_options_count;

const struct daemon_option *daemon_option_by_key(const char *key);
const struct daemon_option *daemon_option_by_flag(const char *long_flag);
const struct daemon_option *daemon_option_by_short(char c);
