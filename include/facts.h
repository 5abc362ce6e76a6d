/* facts.h: what the probes found on the host, as plain data.
 *
 * Probes (src/probes/) fill it and only they read the host; checks (src/checks/) read it and
 * nothing else. Everything a probe could not read is recorded as such (state and errno), never
 * replaced by a default: the check turns it into `error` or `not_applicable` with the reason.
 * Paths kept here are host paths ("/etc/docker/daemon.json"); evidence sources are the same
 * paths without the leading slash, relative to the root, as the report schema shows them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "diag.h"
#include "host.h"
#include "value.h"

enum fact_state {
	FACT_UNKNOWN,    /* not probed (no rule needed it) */
	FACT_OK,
	FACT_ABSENT,     /* the file or key does not exist */
	FACT_UNREADABLE, /* exists but could not be read: err holds the errno */
	FACT_INVALID,    /* read but could not be parsed: see the message */
	_FACT_STATE_MAX,
};
const char *fact_state_to_string(enum fact_state s);

/* The state of one source, with a reason fit for a report ("unreadable: Permission denied"). */
struct fact_status {
	enum fact_state state;
	int err;      /* positive errno when FACT_UNREADABLE */
	char *source; /* host path, "/etc/group" */
	char *reason; /* NULL when FACT_OK */
};

/* ---- daemon configuration: daemon.json merged with dockerd's flags ---- */

enum daemon_source {
	DAEMON_SOURCE_DEFAULT, /* dockerd's built-in default (daemon-options.h) */
	DAEMON_SOURCE_FILE,
	DAEMON_SOURCE_FLAG,
	_DAEMON_SOURCE_MAX,
};

struct daemon_setting {
	char *key;                /* daemon.json spelling: "icc", "log-level", "hosts" */
	struct value *file_value; /* from daemon.json, NULL when not set there */
	int file_line, file_col;
	struct value *flag_value; /* from dockerd's flags, NULL when not set there */
	char *flag_text;          /* the flags as written, "--icc=false" (several joined by ' ') */
};

enum daemon_flags_from {
	DAEMON_FLAGS_NONE,    /* no running dockerd and no unit found */
	DAEMON_FLAGS_PROCESS, /* proc/PID/cmdline of the running dockerd */
	DAEMON_FLAGS_UNIT,    /* ExecStart of docker.service (+ drop-ins, EnvironmentFile) */
	_DAEMON_FLAGS_FROM_MAX,
};

struct daemon_facts {
	bool installed;     /* a dockerd binary, unit or daemon.json exists under the root */
	char *dockerd_path; /* host path of the dockerd binary found (or the process's exe) */

	/* daemon.json (or --config-file) */
	struct fact_status config; /* FACT_INVALID: config_error says where */
	struct diag config_error;  /* file, line, col, message when invalid */

	/* dockerd's flags */
	enum daemon_flags_from flags_from;
	char *flags_source; /* "proc/1234/cmdline" or "lib/systemd/system/docker.service" */
	int flags_line;     /* line of the effective ExecStart=, 0 for a process */
	pid_t pid;          /* running dockerd, 0 when none */
	char **argv;        /* dockerd's arguments (argv[0] included), variables expanded */
	char **unknown_flags;
	struct diags flag_problems; /* unparseable ExecStart, unknown variables, ... */

	struct daemon_setting *settings; /* every key set in the file or by a flag */
	size_t n_settings;
};

/* The setting for a key, or NULL when neither the file nor a flag sets it. Borrowed. */
const struct daemon_setting *daemon_facts_find(const struct daemon_facts *d, const char *key);
/* The effective value of a key: the flag's, else the file's, else dockerd's default (NULL when
 * dockerd has none). *ret_source says which. Borrowed. */
const struct value *daemon_facts_effective(const struct daemon_facts *d, const char *key,
					   enum daemon_source *ret_source);

/* ---- users and groups (etc/passwd, etc/group, etc/subuid, etc/subgid) ---- */

struct account_user {
	char *name;
	uint32_t uid, gid;
	int line;
};
struct account_group {
	char *name;
	uint32_t gid;
	char **members; /* strv, as listed in the group file */
	int line;
};
struct subid_range {
	char *owner; /* user name or uid as written */
	uint64_t start, count;
	int line;
};
struct accounts_facts {
	struct fact_status passwd, group, subuid, subgid;
	struct account_user *users;
	size_t n_users;
	struct account_group *groups;
	size_t n_groups;
	struct subid_range *subuids;
	size_t n_subuids;
	struct subid_range *subgids;
	size_t n_subgids;
};
const struct account_group *accounts_find_group(const struct accounts_facts *a, const char *name);
const struct account_user *accounts_find_user(const struct accounts_facts *a, const char *name);
/* Names for ids, or NULL. Borrowed. */
const char *accounts_user_name(const struct accounts_facts *a, uint32_t uid);
const char *accounts_group_name(const struct accounts_facts *a, uint32_t gid);

/* ---- files: stat of every path some rule asked for ---- */

struct file_fact {
	char *path;      /* host path as requested (or found under a recursive request) */
	char *real_path; /* after following symlinks inside the root; NULL unless FACT_OK */
	struct fact_status status;
	mode_t mode;     /* full st_mode (type and permission bits) */
	uid_t uid;
	gid_t gid;
	bool from_recursion; /* found by listing a requested directory */
};
struct files_facts {
	struct file_fact *items;
	size_t n;
};
/* The fact for exactly this path, or NULL when it was not requested. Borrowed. */
const struct file_fact *facts_find_file(const struct files_facts *f, const char *path);

/* ---- mounts (proc/self/mountinfo, through libmount) ---- */

struct mount_entry {
	int id, parent_id;
	unsigned major, minor;
	char *root;   /* root of the mount within its filesystem ("/" or a bind's subdirectory) */
	char *target; /* mount point */
	char *fstype;
	char *source;
	char *options;
};
struct mounts_facts {
	struct fact_status status;
	struct mount_entry *items; /* in mountinfo order: later entries cover earlier ones */
	size_t n;
};

/* ---- kernel parameters ---- */

struct sysctl_fact {
	char *key; /* dotted: "net.ipv4.conf.all.send_redirects" */
	struct fact_status live; /* proc/sys/...; FACT_ABSENT when the kernel has no such key */
	char *live_value;        /* whitespace-normalised */
	char *persisted_value;   /* the value that wins at boot, NULL when not persisted */
	char *persisted_file;    /* host path of the file that sets it last */
	int persisted_line;
};
struct sysctl_facts {
	struct fact_status live_root; /* proc/sys itself: absent in an image or most fixtures */
	struct sysctl_fact *items;
	size_t n;
	char **files_read; /* host paths, in the order they apply */
	struct diags problems; /* unparseable lines in sysctl files */
};
const struct sysctl_fact *facts_find_sysctl(const struct sysctl_facts *s, const char *key);

/* ---- mandatory access control ---- */

struct lsm_facts {
	/* SELinux: selinuxfs (sys/fs/selinux/enforce) and etc/selinux/config */
	struct fact_status selinux_fs;     /* FACT_ABSENT when SELinux is not active */
	int selinux_enforce;               /* 1 enforcing, 0 permissive, -1 unknown */
	struct fact_status selinux_config; /* etc/selinux/config */
	char *selinux_config_mode;         /* SELINUX= value, NULL when not set */
	int selinux_config_line;
	char *selinux_config_type;         /* SELINUXTYPE= value */
	/* AppArmor: sys/module/apparmor/parameters/enabled, sys/kernel/security/apparmor/profiles */
	struct fact_status apparmor_module; /* FACT_ABSENT when the module is not there */
	bool apparmor_enabled;              /* parameters/enabled is "Y" */
	struct fact_status apparmor_profiles;
	size_t apparmor_enforce, apparmor_complain;
	bool apparmor_docker_default; /* a "docker-default" profile is loaded in enforce mode */
};

/* ---- auditd rules ---- */

struct audit_watch {
	char *path; /* watched path: -w PATH or -F path=PATH / -F dir=PATH */
	char *perms;
	char *key;
	char *source; /* host path of the rules file, or "auditctl -l" */
	int line;
};
struct audit_facts {
	struct fact_status status; /* FACT_ABSENT when there is no rules file at all */
	char **files_read;
	struct audit_watch *items;
	size_t n;
	bool kernel_rules_read; /* `auditctl -l` was read (live host only) */
};

/* ---- listening TCP sockets (proc/net/tcp, proc/net/tcp6) ---- */

struct listen_socket {
	int family;    /* 4 or 6 */
	char addr[64]; /* textual address */
	uint16_t port;
	uint64_t inode;
	bool dockerd;  /* the inode is among the running dockerd's fds */
};
struct sockets_facts {
	struct fact_status status;
	bool owners_known; /* dockerd's fds could be read, so `dockerd` is meaningful */
	struct listen_socket *items;
	size_t n;
};

/* ---- all of it ---- */

enum probe_flags {
	PROBE_DAEMON = 1 << 0,
	PROBE_ACCOUNTS = 1 << 1,
	PROBE_FILES = 1 << 2,
	PROBE_MOUNTS = 1 << 3,
	PROBE_SYSCTL = 1 << 4,
	PROBE_LSM = 1 << 5,
	PROBE_AUDIT = 1 << 6,
	PROBE_SOCKETS = 1 << 7,
};

/* What the rules asked to be looked at, collected before the probes that need it run. */
struct file_request {
	char *path;
	bool recursive; /* list a directory's tree (bounded) */
};
struct fact_requests {
	struct file_request *files;
	size_t n_files;
	char **sysctls; /* strv of dotted keys */
};
void fact_requests_add_file(struct fact_requests *q, const char *path, bool recursive);
void fact_requests_add_sysctl(struct fact_requests *q, const char *key);
void fact_requests_release(struct fact_requests *q);

struct facts {
	const struct host *host; /* borrowed */
	unsigned probed;         /* enum probe_flags that ran */
	struct daemon_facts daemon;
	struct accounts_facts accounts;
	struct files_facts files;
	struct mounts_facts mounts;
	struct sysctl_facts sysctl;
	struct lsm_facts lsm;
	struct audit_facts audit;
	struct sockets_facts sockets;
};

void facts_init(struct facts *f, const struct host *h);
void facts_release(struct facts *f);
void fact_status_set(struct fact_status *s, const char *source, enum fact_state state, int err,
		     const char *reason_fmt, ...) _printf_(5, 6);
/* Sets the status from a -errno of a read: -ENOENT -> FACT_ABSENT, else FACT_UNREADABLE with
 * strerror; 0 -> FACT_OK. */
void fact_status_from_errno(struct fact_status *s, const char *source, int r);
void fact_status_release(struct fact_status *s);
