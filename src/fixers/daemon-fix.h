/* daemon-fix.h: planning a change of dockerd's configuration (private to src/fixers/).
 *
 * The daemon_json, userns_remap and daemon_tcp_hosts fixers all end in the same place: keys set
 * or removed in daemon.json, and dockerd flags that would clash with them taken out of wherever
 * they come from, because dockerd refuses to start when a directive is both a flag and in the
 * file. daemon_fix_plan() does both, or plans nothing for the rule and says why (pb_note
 * NOTE_SKIPPED, or pb_error for a daemon.json that does not parse). See daemon-fix.c. */
#pragma once

#include <stdbool.h>

#include "fixer.h"

struct daemon_change {
	const struct value *set; /* map: daemon.json key -> value, or NULL */
	char *const *remove;     /* strv: keys to take out of daemon.json and of the flags */
	/* Flags to drop besides those of set and remove: every occurrence of drop_key (a
	 * daemon.json key, e.g. "hosts") whose value drop_value() accepts. */
	const char *drop_key;
	bool (*drop_value)(const char *value);
	const char *what; /* one line for the daemon.json change ("set icc=false") */
};

/* Plans the change for rule r. True when everything it needs is planned (the caller then calls
 * pb_rule_planned), false when the rule is left unfixed (a note or an error says why). */
bool daemon_fix_plan(struct plan_builder *pb, const struct rule *r, const struct daemon_change *c);

/* The daemon.json the daemon reads: --config-file when dockerd has one, else
 * /etc/docker/daemon.json. Borrowed or static. */
const char *daemon_fix_config_path(const struct facts *f);

/* For validate(): `set` (map) and `remove` (strv) name known daemon.json keys with values of
 * the type the option table gives. 0 or -EINVAL with diags. */
int daemon_fix_validate_keys(const struct value *fix, const char *file, struct diags *diags);
