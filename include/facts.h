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

/* ---- the running engine (Docker Engine API: /version, /info, /networks/bridge, containers,
 * images) ----
 *
 * Filled by probe-engine.c from the API answers, through the pure parsers of engine-parse.h.
 * Under --root the engine is not contacted unless --docker-host is given: status stays
 * FACT_UNKNOWN with the reason. An engine that does not answer is FACT_UNREADABLE ("cannot
 * connect to unix:///var/run/docker.sock: Connection refused"); an answer that is not what the
 * API documents is FACT_INVALID with where it broke. */

/* How dockward reaches the engine, and what it looks at (from the command line). */
struct engine_endpoint; /* engine.h */
struct engine_options {
	const struct engine_endpoint *endpoint; /* NULL: not contacted */
	const char *not_contacted_reason; /* when endpoint is NULL: "offline root (...)" */
	bool implicit;           /* the default socket: neither --docker-host nor DOCKER_HOST */
	bool all_containers;     /* stopped and created containers too (--all-containers) */
	const char *containers_regex; /* POSIX ERE on the name (without '/'); NULL: every one */
	char **skip_labels;      /* strv of KEY or KEY=VALUE: containers with one are skipped */
};

/* A daemon setting as the running daemon reports it, in daemon.json's terms. */
struct engine_setting {
	char *key;           /* daemon.json key: "icc", "log-driver", "live-restore", ... */
	struct value *value; /* what daemon.json would say for it: false, "journald", true */
	char *api_field;     /* where it was read: "/networks/bridge Options[\"com.docker.network.bridge.enable_icc\"]" */
	char *api_text;      /* what the API said there, verbatim-ish: "\"false\"" */
};

struct container_mount {
	char *type;        /* "bind", "volume", "tmpfs", "npipe" */
	char *source;      /* host path (bind) or volume's host path */
	char *destination; /* path in the container */
	char *mode;        /* "ro,Z", "" */
	char *propagation; /* "rprivate", "shared", "rshared", ... ("" for volumes) */
	bool rw;
	char *real_source; /* source with symlinks resolved on the host (probe-engine.c), NULL
			      when it could not be (remote engine, absent path) */
};

struct container_port {
	char *container_port; /* "80/tcp" */
	char *host_ip;        /* "0.0.0.0", "127.0.0.1", "::", "" (every interface) */
	uint32_t host_port;   /* 0 when not published or a range starting at 0 */
};

struct container_device {
	char *host_path, *container_path;
	char *permissions; /* "rwm" */
};

enum tri { TRI_UNKNOWN = -1, TRI_NO = 0, TRI_YES = 1 };

struct container_fact {
	char *id;    /* 64 hex digits */
	char *name;  /* without the leading '/' */
	char *image; /* Config.Image as given at create: "nginx:1.25", or an id */
	char *image_id; /* "sha256:..." */
	struct fact_status inspect; /* FACT_OK, FACT_ABSENT (went away between list and inspect),
				       FACT_INVALID (the answer did not parse: reason says where) */
	char *state;  /* State.Status: "running", "created", "exited", "paused", "restarting" */
	bool running;
	int64_t pid;  /* State.Pid, 0 when not running */
	struct value *labels; /* Config.Labels, a map (never NULL once inspected) */

	/* HostConfig */
	bool privileged;
	char *pid_mode, *network_mode, *ipc_mode, *uts_mode, *userns_mode, *cgroupns_mode;
	char **cap_add, **cap_drop; /* strv, as given (with or without "CAP_"), NULL when none */
	char **security_opt;        /* strv, as given: "seccomp=unconfined", "no-new-privileges" */
	struct container_mount *mounts; /* .Mounts (binds, volumes, tmpfs), in API order */
	size_t n_mounts;
	struct container_port *ports; /* HostConfig.PortBindings, one per binding */
	size_t n_ports;
	struct container_device *devices;
	size_t n_devices;
	int64_t memory, memory_swap, nano_cpus, cpu_shares, cpu_quota, cpu_period;
	int64_t pids_limit;           /* 0 when null/0/-1: unlimited */
	bool readonly_rootfs;
	char *restart_policy;         /* "no", "always", "unless-stopped", "on-failure", "" */
	int64_t restart_max_retries;
	char *cgroup_parent;          /* "" when the default */
	char *apparmor_profile;       /* AppArmorProfile: "docker-default", "unconfined", "" */
	char *process_label;          /* ProcessLabel (SELinux), "" when none */

	/* Config */
	char *user;                   /* Config.User, "" for the image's default */
	enum tri healthcheck;         /* TRI_YES: Config.Healthcheck.Test set and not NONE; TRI_NO:
					 NONE or no health check from the container or its image */

	/* processes seen from the host (probe-engine.c): comm names, NULL-terminated */
	struct fact_status processes; /* FACT_OK, or why they could not be seen */
	char **process_names;
};

struct image_fact {
	char *id;     /* "sha256:..." */
	char **tags;  /* RepoTags without "<none>:<none>", NULL when none */
	struct fact_status inspect;
	char *user;   /* Config.User, "" when none (runs as root) */
	enum tri healthcheck;
	bool used;    /* some container (any state) uses it */
	bool dangling; /* no tag and no container */
};

struct engine_facts {
	struct fact_status status;  /* of the connection and /version: see above */
	char *docker_host;          /* as contacted, for evidence ("unix:///var/run/docker.sock") */
	bool plain_tcp;             /* reached over tcp:// without TLS */
	char *version, *api_version, *os, *arch, *kernel_version; /* /version */
	/* /info */
	struct fact_status info;
	char **security_options;    /* SecurityOptions: "name=seccomp,profile=default", ... */
	bool userns, rootless, selinux, apparmor; /* from SecurityOptions */
	char *seccomp_profile;      /* "default", "unconfined", a path; NULL when seccomp is off */
	char *default_runtime, *cgroup_driver, *storage_driver, *data_root, *logging_driver;
	int cgroup_version;         /* CgroupVersion: 1 or 2; 0 when /info does not say */
	bool debug, live_restore, experimental;
	bool no_new_privileges;     /* SecurityOptions has name=no-new-privileges (daemon-wide) */
	/* settings in daemon.json's terms (from /info, /version and /networks/bridge) */
	struct engine_setting *settings;
	size_t n_settings;
	struct fact_status bridge;  /* /networks/bridge */

	/* containers: those selected (see engine_options), in the list's order */
	struct fact_status containers_status; /* /containers/json */
	bool all_containers;        /* stopped ones were listed too */
	struct container_fact *containers;
	size_t n_containers;
	size_t n_skipped;           /* left out by --containers or a skip label */
	char *selection;            /* "name matches ^web, no label dockward.skip", NULL: all */
	char *processes_source;     /* "proc/PID/cgroup" or "/containers/ID/top" */

	/* images: every image (/images/json), inspected */
	struct fact_status images_status;
	struct image_fact *images;
	size_t n_images;
};

/* The running daemon's value for a daemon.json key, or NULL when the API does not tell.
 * Borrowed. */
const struct engine_setting *engine_facts_setting(const struct engine_facts *e, const char *key);
const struct image_fact *engine_facts_image(const struct engine_facts *e, const char *id);
/* Adds (or replaces) a setting in e->settings, taking ownership of value. */
void engine_facts_add_setting(struct engine_facts *e, const char *key, struct value *value,
			      const char *api_field, const char *api_text);
void container_fact_release(struct container_fact *c);
void engine_facts_release(struct engine_facts *e);
void image_fact_release(struct image_fact *i);

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
	PROBE_ENGINE = 1 << 8, /* the Engine API (and /proc for container processes) */
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
	bool engine_images;    /* the engine probe inspects every image */
	bool engine_processes; /* ... and looks at each running container's processes */
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
	struct engine_facts engine;
	const struct engine_options *engine_options; /* borrowed; NULL: engine not contacted */
};

void facts_init(struct facts *f, const struct host *h);
void facts_release(struct facts *f);
void fact_status_set(struct fact_status *s, const char *source, enum fact_state state, int err,
		     const char *reason_fmt, ...) _printf_(5, 6);
/* Sets the status from a -errno of a read: -ENOENT -> FACT_ABSENT, else FACT_UNREADABLE with
 * strerror; 0 -> FACT_OK. */
void fact_status_from_errno(struct fact_status *s, const char *source, int r);
void fact_status_release(struct fact_status *s);
