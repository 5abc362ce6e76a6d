/* test-check-container.c: table-driven tests of the check kind container and its tests.
 *
 * Facts are built by hand: tf_container() gives a container that passes every test, and each
 * setup below changes one thing. Then the recorded answers of dockerd 20.10.24
 * (tests/unit/data/engine/inspect-*.json, parsed with engine_parse_inspect()) run through every
 * test, each container with the verdict it must get. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "check-test-util.h"
#include "engine-parse.h"

#include "../../src/checks/container-tests.h"

extern const struct check_kind check_container;

/* A setup: the engine, one container named after the function, then body (c is the container). */
#define CONTAINER(fn, ...)                                                                         \
	static void fn(struct facts *f)                                                            \
	{                                                                                          \
		tf_engine(f);                                                                      \
		struct container_fact *c = tf_container(f, #fn);                                   \
		(void)c;                                                                           \
		__VA_ARGS__;                                                                       \
	}

static void set_str(char **field, const char *s)
{
	free(*field);
	*field = xstrdup(s);
}

static void set_strv(char ***field, const char *s)
{
	strv_free(*field);
	*field = NULL;
	if (s)
		strv_extend(field, s);
}

/* ---- the engine and the selection ---- */

static void not_probed(struct facts *f)
{
	(void)f;
}

static void offline(struct facts *f)
{
	f->probed |= PROBE_ENGINE;
	fact_status_set(&f->engine.status, NULL, FACT_UNKNOWN, 0,
			"offline root (--docker-host to contact one)");
}

static void unreachable(struct facts *f)
{
	f->probed |= PROBE_ENGINE;
	f->engine.docker_host = xstrdup(TF_DOCKER_HOST);
	fact_status_set(&f->engine.status, TF_DOCKER_HOST, FACT_UNREADABLE, ECONNREFUSED,
			"cannot connect to unix:///var/run/docker.sock: Connection refused");
}

static void not_understood(struct facts *f)
{
	f->probed |= PROBE_ENGINE;
	f->engine.docker_host = xstrdup("tcp://10.0.0.1:2376");
	fact_status_set(&f->engine.status, "tcp://10.0.0.1:2376", FACT_INVALID, EBADMSG,
			"/version: offset 12: unexpected end of data");
}

static void list_invalid(struct facts *f)
{
	tf_engine(f);
	fact_status_set(&f->engine.containers_status, "/containers/json", FACT_INVALID, EBADMSG,
			"[0].Names: expected a list of strings, got 42");
}

static void no_containers(struct facts *f)
{
	tf_engine(f);
}

static void none_all_skipped(struct facts *f)
{
	tf_engine(f);
	f->engine.all_containers = true;
	f->engine.n_skipped = 2;
	f->engine.selection = xstrdup("name matches ^web");
}

static void one_gone(struct facts *f)
{
	tf_engine(f);
	struct container_fact *g = tf_container(f, "gone");
	fact_status_set(&g->inspect, "/containers/json", FACT_ABSENT, ENOENT, "no such container");
	tf_container(f, "stays")->privileged = true;
}

static void one_broken(struct facts *f)
{
	tf_engine(f);
	tf_container(f, "fine");
	struct container_fact *b = tf_container(f, "broken");
	fact_status_set(&b->inspect, "/containers/json", FACT_INVALID, EBADMSG,
			"HostConfig.CapAdd: expected a list of strings, got 42");
}

static void broken_and_privileged(struct facts *f)
{
	one_broken(f);
	tf_container(f, "priv")->privileged = true;
}

static void two_of_three(struct facts *f)
{
	tf_engine(f);
	tf_container(f, "hostpid")->privileged = true;
	tf_container(f, "fine");
	tf_container(f, "web")->privileged = true;
}

static void ten_failing(struct facts *f)
{
	tf_engine(f);
	for (int i = 0; i < 10; i++) {
		char name[8];
		snprintf(name, sizeof(name), "c%d", i);
		tf_container(f, name)->privileged = true;
	}
}

static void skipped_some(struct facts *f)
{
	tf_engine(f);
	tf_container(f, "web");
	f->engine.n_skipped = 3;
	f->engine.selection = xstrdup("no label dockward.skip");
}

/* ---- namespaces ---- */

CONTAINER(pid_host, set_str(&c->pid_mode, "host"))
CONTAINER(pid_other_container, set_str(&c->pid_mode, "container:0123456789abcdef0123456789"))
CONTAINER(net_host, set_str(&c->network_mode, "host"))
CONTAINER(ipc_host, set_str(&c->ipc_mode, "host"))
CONTAINER(ipc_shareable, set_str(&c->ipc_mode, "shareable"))
CONTAINER(uts_host, set_str(&c->uts_mode, "host"))
CONTAINER(userns_host, set_str(&c->userns_mode, "host"))
CONTAINER(userns_default, (void)0)
CONTAINER(cgroupns_host_v2, set_str(&c->cgroupns_mode, "host"))
CONTAINER(cgroupns_host_v1, set_str(&c->cgroupns_mode, "host"); f->engine.cgroup_version = 1)
CONTAINER(cgroupns_host_unknown, set_str(&c->cgroupns_mode, "host"); f->engine.cgroup_version = 0)
CONTAINER(bridge_default, set_str(&c->network_mode, "default"))
CONTAINER(bridge_named, set_str(&c->network_mode, "bridge"))
CONTAINER(bridge_empty, set_str(&c->network_mode, ""))
CONTAINER(net_other_container, set_str(&c->network_mode, "container:fedcba9876543210fedcba"))

/* ---- privileges ---- */

CONTAINER(hardened, (void)0)
CONTAINER(privileged, c->privileged = true)
CONTAINER(cap_sys_admin, set_strv(&c->cap_add, "CAP_SYS_ADMIN"))
CONTAINER(cap_lower, set_strv(&c->cap_add, "sys_module"))
CONTAINER(cap_all, set_strv(&c->cap_add, "ALL"))
CONTAINER(cap_chown, set_strv(&c->cap_add, "CHOWN"))
CONTAINER(nnp_colon_true, set_strv(&c->security_opt, "no-new-privileges:true"))
CONTAINER(nnp_equals_true, set_strv(&c->security_opt, "no-new-privileges=true"))
CONTAINER(nnp_colon_false, set_strv(&c->security_opt, "no-new-privileges:false"))
CONTAINER(nnp_unset, set_strv(&c->security_opt, NULL))
CONTAINER(nnp_garbage, set_strv(&c->security_opt, "no-new-privileges=maybe"))
CONTAINER(nnp_unset_daemon_file, set_strv(&c->security_opt, NULL); tf_daemon(f);
	  tf_daemon_file(f, "no-new-privileges", tv_bool(true), 4))
CONTAINER(nnp_false_daemon_file, set_strv(&c->security_opt, "no-new-privileges=false");
	  tf_daemon(f); tf_daemon_file(f, "no-new-privileges", tv_bool(true), 4))
CONTAINER(nnp_unset_daemon_info, set_strv(&c->security_opt, NULL);
	  f->engine.no_new_privileges = true)
CONTAINER(nnp_unset_daemon_off, set_strv(&c->security_opt, NULL); tf_daemon(f);
	  tf_daemon_file(f, "no-new-privileges", tv_bool(false), 4))
CONTAINER(seccomp_unconfined, strv_extend(&c->security_opt, "seccomp=unconfined"))
CONTAINER(seccomp_colon_unconfined, strv_extend(&c->security_opt, "seccomp:unconfined"))
CONTAINER(seccomp_custom, strv_extend(&c->security_opt, "seccomp={\"defaultAction\":\"x\"}"))
CONTAINER(seccomp_daemon_unconfined, set_str(&f->engine.seccomp_profile, "unconfined"))
CONTAINER(seccomp_daemon_path, set_str(&f->engine.seccomp_profile, "/etc/docker/seccomp.json"))
CONTAINER(seccomp_off, free(f->engine.seccomp_profile); f->engine.seccomp_profile = NULL)
CONTAINER(info_unreadable, fact_status_set(&f->engine.info, "/info", FACT_INVALID, EBADMSG,
					   "SecurityOptions: expected a list of strings"))

static void apparmor_engine(struct facts *f)
{
	f->engine.apparmor = true;
}

CONTAINER(aa_default, apparmor_engine(f))
CONTAINER(aa_profile_unconfined, apparmor_engine(f); set_str(&c->apparmor_profile, "unconfined"))
CONTAINER(aa_opt_unconfined, apparmor_engine(f);
	  strv_extend(&c->security_opt, "apparmor=unconfined"))
CONTAINER(aa_empty, apparmor_engine(f); set_str(&c->apparmor_profile, ""))
CONTAINER(se_labelled, f->engine.selinux = true)
CONTAINER(se_disabled, f->engine.selinux = true; strv_extend(&c->security_opt, "label=disable"))
CONTAINER(se_empty, f->engine.selinux = true; set_str(&c->process_label, ""))
CONTAINER(se_spc, f->engine.selinux = true;
	  set_str(&c->process_label, "system_u:system_r:spc_t:s0"))

static void add_device(struct container_fact *c, const char *path, const char *perms)
{
	struct container_device *d = GROW(c->devices, c->n_devices);
	d->host_path = xstrdup(path);
	d->container_path = xstrdup(path);
	d->permissions = xstrdup(perms);
}

CONTAINER(device_fuse, add_device(c, "/dev/fuse", "rwm"); add_device(c, "/dev/sda", "r"))
CONTAINER(user_unset, set_str(&c->user, ""))
CONTAINER(user_root, set_str(&c->user, "root"))
CONTAINER(user_zero, set_str(&c->user, "0:0"))
CONTAINER(user_root_group, set_str(&c->user, "root:staff"))
CONTAINER(user_root_userns, set_str(&c->user, ""); f->engine.userns = true)
CONTAINER(user_app_gid0, set_str(&c->user, "1000:0"))

/* ---- mounts ---- */

CONTAINER(mount_etc, tf_container_mount(c, "bind", "/etc", "/etc", "/host-etc", "rprivate")->rw =
			     false)
CONTAINER(mount_etc_ssl, tf_container_mount(c, "bind", "/etc/ssl/", NULL, "/ssl", "rprivate"))
CONTAINER(mount_etcetera, tf_container_mount(c, "bind", "/etcetera", NULL, "/x", "rprivate"))
CONTAINER(mount_link_to_etc,
	  tf_container_mount(c, "bind", "/srv/etc-link", "/etc", "/cfg", "rprivate"))
CONTAINER(mount_root, tf_container_mount(c, "bind", "/", "/", "/host", "rslave"))
CONTAINER(mount_var_run, tf_container_mount(c, "bind", "/var/run", "/run", "/var/run", "rprivate"))
CONTAINER(mount_var_run_sub,
	  tf_container_mount(c, "bind", "/var/run/app", "/run/app", "/app", "rprivate"))
CONTAINER(mount_socket, tf_container_mount(c, "bind", "/var/run/docker.sock", "/run/docker.sock",
					   "/var/run/docker.sock", "rprivate"))
CONTAINER(mount_link_to_socket,
	  tf_container_mount(c, "bind", "/srv/d.sock", "/run/docker.sock", "/d.sock", "rprivate"))
CONTAINER(mount_srv, tf_container_mount(c, "bind", "/srv", NULL, "/srv", "rprivate"))
CONTAINER(mount_volume, tf_container_mount(c, "volume", "/var/lib/docker/volumes/v/_data", NULL,
					   "/data", ""))
CONTAINER(mount_tmpfs, tf_container_mount(c, "tmpfs", "", NULL, "/tmp", ""))
CONTAINER(mount_rshared, tf_container_mount(c, "bind", "/mnt/data", NULL, "/data", "rshared"))
CONTAINER(mount_shared, tf_container_mount(c, "bind", "/mnt/a", NULL, "/a", "rslave");
	  tf_container_mount(c, "bind", "/mnt/b", NULL, "/b", "shared"))

/* ---- resources ---- */

CONTAINER(no_memory, c->memory = 0)
CONTAINER(cpu_quota, c->nano_cpus = 0; c->cpu_quota = 50000; c->cpu_period = 100000)
CONTAINER(cpu_shares_512, c->nano_cpus = 0; c->cpu_shares = 512)
CONTAINER(cpu_shares_1024, c->nano_cpus = 0; c->cpu_shares = 1024)
CONTAINER(cpu_none, c->nano_cpus = 0)
CONTAINER(cpu_two, c->nano_cpus = 2000000000)
CONTAINER(no_pids, c->pids_limit = 0)
CONTAINER(writable, c->readonly_rootfs = false)
CONTAINER(cgroup_parent_set, set_str(&c->cgroup_parent, "/custom.slice"))

/* ---- runtime ---- */

CONTAINER(restart_always, set_str(&c->restart_policy, "always"); c->restart_max_retries = 0)
CONTAINER(restart_unless, set_str(&c->restart_policy, "unless-stopped"))
CONTAINER(restart_unlimited, c->restart_max_retries = 0)
CONTAINER(restart_ten, c->restart_max_retries = 10)
CONTAINER(restart_no, set_str(&c->restart_policy, "no"))
CONTAINER(restart_empty, set_str(&c->restart_policy, ""))
CONTAINER(restart_odd, set_str(&c->restart_policy, "sometimes"))
CONTAINER(no_health, c->healthcheck = TRI_NO)
CONTAINER(health_unknown, c->healthcheck = TRI_UNKNOWN)
CONTAINER(runs_sshd, strv_extend(&c->process_names, "sshd");
	  f->engine.processes_source = xstrdup("proc/PID/cgroup"))
CONTAINER(runs_sshd_twice, strv_extend(&c->process_names, "sshd");
	  strv_extend(&c->process_names, "sshd"))
CONTAINER(runs_long_name, strv_extend(&c->process_names, "containerd-shim"))
CONTAINER(stopped, c->running = false; set_str(&c->state, "exited"))
CONTAINER(processes_unseen,
	  fact_status_set(&c->processes, "/proc/4242/cgroup", FACT_UNREADABLE, EACCES,
			  "unreadable: Permission denied"))

/* ---- network ---- */

CONTAINER(port_443, tf_container_port(c, "443/tcp", "127.0.0.1", 443))
CONTAINER(port_8080_all, tf_container_port(c, "80/tcp", "", 8080);
	  tf_container_port(c, "8443/tcp", "::", 8443);
	  tf_container_port(c, "9000/tcp", "127.0.0.1", 9000))
CONTAINER(port_local, tf_container_port(c, "8080/tcp", "127.0.0.1", 8081))
CONTAINER(port_random, tf_container_port(c, "80/tcp", "127.0.0.1", 0))
CONTAINER(port_v6_any, tf_container_port(c, "53/udp", "0.0.0.0", 5353))

/* ---- cases ---- */

#define T(name) PS("test", name)
#define NS(ns) {T("host_namespace"), PS("namespace", ns)}
#define SENSITIVE                                                                                  \
	{T("sensitive_mounts"), PL("paths", "/etc", "/boot"),                                     \
	 PL("exact_paths", "/", "/run", "/var/run")}
#define SSHD {T("processes"), PL("processes", "sshd", "containerd-shim-runc-v2")}

static const struct check_case cases[] = {
	/* the engine */
	{"engine/probe did not run", {T("privileged")}, not_probed, STATUS_ERROR,
	 "facts not collected: the engine probe did not run",
	 "dockward:0:0: probes not run: engine"},
	{"engine/not contacted", {T("privileged")}, offline, STATUS_NOT_APPLICABLE,
	 "Engine API not contacted: offline root (--docker-host to contact one)"},
	{"engine/unreachable", {T("privileged")}, unreachable, STATUS_ERROR,
	 "Engine API unreachable: cannot connect to unix:///var/run/docker.sock: "
	 "Connection refused",
	 "unix:///var/run/docker.sock:0:0: cannot connect"},
	{"engine/answer not understood", {T("privileged")}, not_understood, STATUS_ERROR,
	 "Engine API answer not understood: /version: offset 12: unexpected end of data",
	 "tcp://10.0.0.1:2376:0:0: /version"},
	{"engine/container list invalid", {T("privileged")}, list_invalid, STATUS_ERROR,
	 "the container list is [0].Names: expected a list of strings, got 42",
	 "unix:///var/run/docker.sock:0:0: /containers/json: [0].Names"},
	{"select/no running containers", {T("privileged")}, no_containers, STATUS_NOT_APPLICABLE,
	 "no running containers", "/containers/json: 0 containers selected, 0 skipped"},
	{"select/no containers, 2 skipped", {T("privileged")}, none_all_skipped,
	 STATUS_NOT_APPLICABLE, "no containers; 2 skipped (name matches ^web)",
	 "/containers/json?all=1: 0 containers selected, 2 skipped (name matches ^web)"},
	{"select/skipped ones are said", {T("privileged")}, skipped_some, STATUS_PASS,
	 "1 of 1 container passes; 3 skipped (no label dockward.skip)", NULL, 1},
	{"objects/a container gone meanwhile is left out", {T("privileged")}, one_gone, STATUS_FAIL,
	 "1 of 1 container fails: stays; 1 removed while inspected", NULL, 1},
	{"objects/inspect invalid is an error object", {T("privileged")}, one_broken, STATUS_ERROR,
	 "1 of 2 containers could not be judged: broken", NULL, 2},
	{"objects/a failure wins over an error", {T("privileged")}, broken_and_privileged,
	 STATUS_FAIL, "1 of 3 containers fails: priv", NULL, 3},
	{"summary/two of three fail", {T("privileged")}, two_of_three, STATUS_FAIL,
	 "2 of 3 containers fail: hostpid, web", NULL, 3},
	{"summary/long lists are cut", {T("privileged")}, ten_failing, STATUS_FAIL,
	 "10 of 10 containers fail: c0, c1, c2, c3, c4, c5, c6, c7 and 2 more", NULL, 10},

	/* host_namespace */
	{"host_namespace/pid host", NS("pid"), pid_host, STATUS_FAIL,
	 "1 of 1 container fails: pid_host"},
	{"host_namespace/pid default", NS("pid"), hardened, STATUS_PASS, "1 of 1 container passes"},
	{"host_namespace/pid of another container", NS("pid"), pid_other_container, STATUS_PASS,
	 "1 of 1 container passes"},
	{"host_namespace/network host", NS("network"), net_host, STATUS_FAIL, "fails: net_host"},
	{"host_namespace/ipc host", NS("ipc"), ipc_host, STATUS_FAIL, "fails: ipc_host"},
	{"host_namespace/ipc shareable", NS("ipc"), ipc_shareable, STATUS_PASS, "passes"},
	{"host_namespace/uts host", NS("uts"), uts_host, STATUS_FAIL, "fails: uts_host"},
	{"host_namespace/user host", NS("user"), userns_host, STATUS_FAIL, "fails: userns_host"},
	{"host_namespace/user default", NS("user"), userns_default, STATUS_PASS, "passes"},
	{"host_namespace/cgroup host on v2", NS("cgroup"), cgroupns_host_v2, STATUS_FAIL,
	 "fails: cgroupns_host_v2"},
	{"host_namespace/cgroup on v1: not applicable", NS("cgroup"), cgroupns_host_v1,
	 STATUS_NOT_APPLICABLE, "the engine runs on cgroup v1"},
	{"host_namespace/cgroup host, version unknown", NS("cgroup"), cgroupns_host_unknown,
	 STATUS_ERROR, "could not be judged: cgroupns_host_unknown"},
	{"host_namespace/cgroup private", NS("cgroup"), hardened, STATUS_PASS, "passes"},

	/* default_bridge */
	{"default_bridge/default", {T("default_bridge")}, bridge_default, STATUS_FAIL, "fails"},
	{"default_bridge/bridge", {T("default_bridge")}, bridge_named, STATUS_FAIL, "fails"},
	{"default_bridge/empty is the default", {T("default_bridge")}, bridge_empty, STATUS_FAIL,
	 "fails"},
	{"default_bridge/own network", {T("default_bridge")}, hardened, STATUS_PASS, "passes"},
	{"default_bridge/another container's", {T("default_bridge")}, net_other_container,
	 STATUS_PASS, "passes"},
	{"default_bridge/host network is not the bridge", {T("default_bridge")}, net_host,
	 STATUS_PASS, "passes"},

	/* privileges */
	{"privileged/yes", {T("privileged")}, privileged, STATUS_FAIL, "fails: privileged"},
	{"privileged/no", {T("privileged")}, hardened, STATUS_PASS, "passes"},
	{"capabilities_added/listed, with CAP_",
	 {T("capabilities_added"), PL("capabilities", "SYS_ADMIN", "SYS_MODULE")},
	 cap_sys_admin, STATUS_FAIL, "fails: cap_sys_admin"},
	{"capabilities_added/listed, lower case",
	 {T("capabilities_added"), PL("capabilities", "cap_sys_module")},
	 cap_lower, STATUS_FAIL, "fails: cap_lower"},
	{"capabilities_added/ALL", {T("capabilities_added"), PL("capabilities", "SYS_ADMIN")},
	 cap_all, STATUS_FAIL, "fails: cap_all"},
	{"capabilities_added/not listed",
	 {T("capabilities_added"), PL("capabilities", "SYS_ADMIN")},
	 cap_chown, STATUS_PASS, "passes"},
	{"capabilities_added/no list: any", {T("capabilities_added")}, cap_chown, STATUS_FAIL,
	 "fails: cap_chown"},
	{"capabilities_added/ALL listed: any", {T("capabilities_added"), PL("capabilities", "ALL")},
	 cap_chown, STATUS_FAIL, "fails: cap_chown"},
	{"capabilities_added/privileged",
	 {T("capabilities_added"), PL("capabilities", "SYS_ADMIN")},
	 privileged, STATUS_FAIL, "fails: privileged"},
	{"capabilities_added/none", {T("capabilities_added")}, hardened, STATUS_PASS, "passes"},
	{"no_new_privileges/bare", {T("no_new_privileges")}, hardened, STATUS_PASS, "passes"},
	{"no_new_privileges/:true", {T("no_new_privileges")}, nnp_colon_true, STATUS_PASS,
	 "passes"},
	{"no_new_privileges/=true", {T("no_new_privileges")}, nnp_equals_true, STATUS_PASS,
	 "passes"},
	{"no_new_privileges/:false", {T("no_new_privileges")}, nnp_colon_false, STATUS_FAIL,
	 "fails: nnp_colon_false"},
	{"no_new_privileges/unset", {T("no_new_privileges")}, nnp_unset, STATUS_FAIL,
	 "fails: nnp_unset"},
	{"no_new_privileges/not a boolean", {T("no_new_privileges")}, nnp_garbage, STATUS_ERROR,
	 "could not be judged: nnp_garbage"},
	{"no_new_privileges/daemon.json sets it", {T("no_new_privileges")}, nnp_unset_daemon_file,
	 STATUS_PASS, "passes"},
	{"no_new_privileges/false beats the daemon", {T("no_new_privileges")},
	 nnp_false_daemon_file, STATUS_FAIL, "fails: nnp_false_daemon_file"},
	{"no_new_privileges/running daemon has it", {T("no_new_privileges")},
	 nnp_unset_daemon_info, STATUS_PASS, "passes"},
	{"no_new_privileges/daemon.json says false", {T("no_new_privileges")},
	 nnp_unset_daemon_off, STATUS_FAIL, "fails"},
	{"seccomp/unconfined", {T("seccomp")}, seccomp_unconfined, STATUS_FAIL, "fails"},
	{"seccomp/unconfined, old colon", {T("seccomp")}, seccomp_colon_unconfined, STATUS_FAIL,
	 "fails"},
	{"seccomp/privileged", {T("seccomp")}, privileged, STATUS_FAIL, "fails: privileged"},
	{"seccomp/own profile", {T("seccomp")}, seccomp_custom, STATUS_PASS, "passes"},
	{"seccomp/daemon default", {T("seccomp")}, hardened, STATUS_PASS, "passes"},
	{"seccomp/daemon profile file", {T("seccomp")}, seccomp_daemon_path, STATUS_PASS, "passes"},
	{"seccomp/daemon unconfined", {T("seccomp")}, seccomp_daemon_unconfined, STATUS_FAIL,
	 "fails"},
	{"seccomp/engine without seccomp", {T("seccomp")}, seccomp_off, STATUS_NOT_APPLICABLE,
	 "the engine has no seccomp"},
	{"seccomp/info unreadable", {T("seccomp")}, info_unreadable, STATUS_ERROR,
	 "could not be judged: info_unreadable"},
	{"apparmor/docker-default", {T("apparmor")}, aa_default, STATUS_PASS, "passes"},
	{"apparmor/profile unconfined", {T("apparmor")}, aa_profile_unconfined, STATUS_FAIL,
	 "fails"},
	{"apparmor/opt unconfined", {T("apparmor")}, aa_opt_unconfined, STATUS_FAIL, "fails"},
	{"apparmor/empty profile", {T("apparmor")}, aa_empty, STATUS_FAIL, "fails"},
	{"apparmor/engine without AppArmor", {T("apparmor")}, hardened, STATUS_NOT_APPLICABLE,
	 "the engine does not use AppArmor"},
	{"apparmor/info unreadable", {T("apparmor")}, info_unreadable, STATUS_ERROR,
	 "could not be judged"},
	{"selinux/labelled", {T("selinux")}, se_labelled, STATUS_PASS, "passes"},
	{"selinux/label=disable", {T("selinux")}, se_disabled, STATUS_FAIL, "fails"},
	{"selinux/no label", {T("selinux")}, se_empty, STATUS_FAIL, "fails"},
	{"selinux/spc_t", {T("selinux")}, se_spc, STATUS_FAIL, "fails"},
	{"selinux/engine without SELinux", {T("selinux")}, hardened, STATUS_NOT_APPLICABLE,
	 "the engine runs without SELinux"},
	{"devices/two", {T("devices")}, device_fuse, STATUS_FAIL, "fails"},
	{"devices/privileged", {T("devices")}, privileged, STATUS_FAIL, "fails"},
	{"devices/none", {T("devices")}, hardened, STATUS_PASS, "passes"},
	{"user/unset", {T("user")}, user_unset, STATUS_FAIL, "fails"},
	{"user/root", {T("user")}, user_root, STATUS_FAIL, "fails"},
	{"user/0:0", {T("user")}, user_zero, STATUS_FAIL, "fails"},
	{"user/root:staff", {T("user")}, user_root_group, STATUS_FAIL, "fails"},
	{"user/root with userns-remap", {T("user")}, user_root_userns, STATUS_FAIL, "fails"},
	{"user/65534", {T("user")}, hardened, STATUS_PASS, "passes"},
	{"user/1000:0", {T("user")}, user_app_gid0, STATUS_PASS, "passes"},

	/* mounts */
	{"sensitive_mounts/etc", SENSITIVE, mount_etc, STATUS_FAIL, "fails"},
	{"sensitive_mounts/below etc", SENSITIVE, mount_etc_ssl, STATUS_FAIL, "fails"},
	{"sensitive_mounts/etcetera is not etc", SENSITIVE, mount_etcetera, STATUS_PASS, "passes"},
	{"sensitive_mounts/a link to etc", SENSITIVE, mount_link_to_etc, STATUS_FAIL, "fails"},
	{"sensitive_mounts/root exact", SENSITIVE, mount_root, STATUS_FAIL, "fails"},
	{"sensitive_mounts/var/run exact", SENSITIVE, mount_var_run, STATUS_FAIL, "fails"},
	{"sensitive_mounts/below var/run is allowed", SENSITIVE, mount_var_run_sub, STATUS_PASS,
	 "passes"},
	{"sensitive_mounts/volume", SENSITIVE, mount_volume, STATUS_PASS, "passes"},
	{"sensitive_mounts/tmpfs", SENSITIVE, mount_tmpfs, STATUS_PASS, "passes"},
	{"sensitive_mounts/no mounts", SENSITIVE, hardened, STATUS_PASS, "passes"},
	{"docker_socket/the socket", {T("docker_socket")}, mount_socket, STATUS_FAIL, "fails"},
	{"docker_socket/var/run", {T("docker_socket")}, mount_var_run, STATUS_FAIL, "fails"},
	{"docker_socket/root", {T("docker_socket")}, mount_root, STATUS_FAIL, "fails"},
	{"docker_socket/a link to the socket", {T("docker_socket")}, mount_link_to_socket,
	 STATUS_FAIL, "fails"},
	{"docker_socket/below var/run", {T("docker_socket")}, mount_var_run_sub, STATUS_PASS,
	 "passes"},
	{"docker_socket/srv", {T("docker_socket")}, mount_srv, STATUS_PASS, "passes"},
	{"docker_socket/srv holds the given socket",
	 {T("docker_socket"), PL("socket_paths", "/srv/docker.sock")},
	 mount_srv, STATUS_FAIL, "fails"},
	/* socket_paths elsewhere, but the engine the audit talks to is at /var/run/docker.sock */
	{"docker_socket/the engine's own socket counts",
	 {T("docker_socket"), PL("socket_paths", "/srv/docker.sock")},
	 mount_var_run, STATUS_FAIL, "fails"},
	{"mount_propagation/rshared", {T("mount_propagation")}, mount_rshared, STATUS_FAIL,
	 "fails"},
	{"mount_propagation/shared", {T("mount_propagation")}, mount_shared, STATUS_FAIL, "fails"},
	{"mount_propagation/rprivate", {T("mount_propagation")}, mount_etc, STATUS_PASS, "passes"},

	/* resources */
	{"memory_limit/none", {T("memory_limit")}, no_memory, STATUS_FAIL, "fails"},
	{"memory_limit/64 MiB", {T("memory_limit")}, hardened, STATUS_PASS, "passes"},
	{"cpu_limit/nano cpus", {T("cpu_limit")}, hardened, STATUS_PASS, "passes"},
	{"cpu_limit/quota", {T("cpu_limit")}, cpu_quota, STATUS_PASS, "passes"},
	{"cpu_limit/shares 512", {T("cpu_limit")}, cpu_shares_512, STATUS_PASS, "passes"},
	{"cpu_limit/shares 1024 is the default", {T("cpu_limit")}, cpu_shares_1024, STATUS_FAIL,
	 "fails"},
	{"cpu_limit/none", {T("cpu_limit")}, cpu_none, STATUS_FAIL, "fails"},
	{"pids_limit/none", {T("pids_limit")}, no_pids, STATUS_FAIL, "fails"},
	{"pids_limit/50", {T("pids_limit")}, hardened, STATUS_PASS, "passes"},
	{"readonly_rootfs/writable", {T("readonly_rootfs")}, writable, STATUS_FAIL, "fails"},
	{"readonly_rootfs/read-only", {T("readonly_rootfs")}, hardened, STATUS_PASS, "passes"},
	{"cgroup_parent/set", {T("cgroup_parent")}, cgroup_parent_set, STATUS_FAIL, "fails"},
	{"cgroup_parent/default", {T("cgroup_parent")}, hardened, STATUS_PASS, "passes"},

	/* runtime */
	{"restart_policy/always", {T("restart_policy")}, restart_always, STATUS_FAIL, "fails"},
	{"restart_policy/unless-stopped", {T("restart_policy")}, restart_unless, STATUS_FAIL,
	 "fails"},
	{"restart_policy/on-failure unlimited", {T("restart_policy")}, restart_unlimited,
	 STATUS_FAIL, "fails"},
	{"restart_policy/on-failure 10", {T("restart_policy")}, restart_ten, STATUS_FAIL, "fails"},
	{"restart_policy/on-failure 10 allowed", {T("restart_policy"), PI("max_retries", 10)},
	 restart_ten, STATUS_PASS, "passes"},
	{"restart_policy/on-failure 5", {T("restart_policy")}, hardened, STATUS_PASS, "passes"},
	{"restart_policy/no", {T("restart_policy")}, restart_no, STATUS_PASS, "passes"},
	{"restart_policy/empty", {T("restart_policy")}, restart_empty, STATUS_PASS, "passes"},
	{"restart_policy/unknown", {T("restart_policy")}, restart_odd, STATUS_ERROR,
	 "could not be judged"},
	{"healthcheck/none", {T("healthcheck")}, no_health, STATUS_FAIL, "fails"},
	{"healthcheck/set", {T("healthcheck")}, hardened, STATUS_PASS, "passes"},
	{"healthcheck/unknown", {T("healthcheck")}, health_unknown, STATUS_ERROR,
	 "could not be judged"},
	{"processes/sshd", SSHD, runs_sshd, STATUS_FAIL, "fails: runs_sshd",
	 "processes seen in proc/PID/cgroup"},
	{"processes/sshd twice", SSHD, runs_sshd_twice, STATUS_FAIL, "fails"},
	{"processes/comm cut at 15 characters", SSHD, runs_long_name, STATUS_FAIL, "fails"},
	{"processes/none of them", SSHD, hardened, STATUS_PASS, "passes"},
	{"processes/not running", SSHD, stopped, STATUS_NOT_APPLICABLE,
	 "none of 1 container is running"},
	{"processes/not seen", SSHD, processes_unseen, STATUS_ERROR, "could not be judged"},

	/* network */
	{"privileged_ports/443", {T("privileged_ports")}, port_443, STATUS_FAIL, "fails"},
	{"privileged_ports/8081", {T("privileged_ports")}, port_local, STATUS_PASS, "passes"},
	{"privileged_ports/8081 below 9000", {T("privileged_ports"), PI("below", 9000)}, port_local,
	 STATUS_FAIL, "fails"},
	{"privileged_ports/random port", {T("privileged_ports")}, port_random, STATUS_PASS,
	 "passes"},
	{"privileged_ports/none", {T("privileged_ports")}, hardened, STATUS_PASS, "passes"},
	{"ports_bound/every interface", {T("ports_bound")}, port_8080_all, STATUS_FAIL, "fails"},
	{"ports_bound/0.0.0.0", {T("ports_bound")}, port_v6_any, STATUS_FAIL, "fails"},
	{"ports_bound/127.0.0.1", {T("ports_bound")}, port_local, STATUS_PASS, "passes"},
	{"ports_bound/none", {T("ports_bound")}, hardened, STATUS_PASS, "passes"},
};

/* ---- the object's observed text, exactly ---- */

struct object_case {
	struct tparam params[TP_MAX];
	void (*setup)(struct facts *f);
	enum status status;
	const char *observed;
};

static const struct object_case object_cases[] = {
	{NS("pid"), pid_host, STATUS_FAIL, "PidMode host: shares the host's pid namespace"},
	{NS("pid"), hardened, STATUS_PASS, "PidMode default"},
	{NS("pid"), pid_other_container, STATUS_PASS,
	 "PidMode container:0123456789ab: the pid namespace of another container, not the host's"},
	{NS("ipc"), ipc_shareable, STATUS_PASS, "IpcMode shareable"},
	{NS("user"), userns_default, STATUS_PASS,
	 "UsernsMode default; the daemon does not remap users"},
	{NS("cgroup"), cgroupns_host_v2, STATUS_FAIL,
	 "CgroupnsMode host: shares the host's cgroup namespace"},
	{NS("cgroup"), cgroupns_host_unknown, STATUS_ERROR,
	 "CgroupnsMode host, but the engine does not say which cgroup version it runs (on v1 that "
	 "is the default)"},
	{{T("default_bridge")}, bridge_default, STATUS_FAIL,
	 "NetworkMode default: on the default bridge docker0"},
	{{T("default_bridge")}, bridge_empty, STATUS_FAIL,
	 "NetworkMode (empty): on the default bridge docker0"},
	{{T("default_bridge")}, hardened, STATUS_PASS, "NetworkMode appnet"},
	{{T("default_bridge")}, net_other_container, STATUS_PASS,
	 "NetworkMode container:fedcba987654: the network of another container"},
	{{T("privileged")}, privileged, STATUS_FAIL,
	 "privileged: every capability and host device"},
	{{T("privileged")}, hardened, STATUS_PASS, "not privileged"},
	{{T("capabilities_added"), PL("capabilities", "SYS_ADMIN")}, cap_sys_admin, STATUS_FAIL,
	 "CapAdd: SYS_ADMIN"},
	{{T("capabilities_added"), PL("capabilities", "SYS_ADMIN")}, cap_all, STATUS_FAIL,
	 "CapAdd: ALL (every capability)"},
	{{T("capabilities_added"), PL("capabilities", "SYS_ADMIN")}, cap_chown, STATUS_PASS,
	 "CapAdd: CHOWN (none of those listed)"},
	{{T("capabilities_added")}, privileged, STATUS_FAIL, "privileged: every capability"},
	{{T("capabilities_added")}, hardened, STATUS_PASS, "no capabilities added"},
	{{T("no_new_privileges")}, hardened, STATUS_PASS, "SecurityOpt no-new-privileges"},
	{{T("no_new_privileges")}, nnp_colon_false, STATUS_FAIL,
	 "SecurityOpt no-new-privileges:false"},
	{{T("no_new_privileges")}, nnp_unset, STATUS_FAIL,
	 "no-new-privileges not set, by the container or the daemon"},
	{{T("no_new_privileges")}, nnp_garbage, STATUS_ERROR,
	 "SecurityOpt no-new-privileges=maybe: not a boolean"},
	{{T("no_new_privileges")}, nnp_unset_daemon_file, STATUS_PASS,
	 "no-new-privileges from the daemon (etc/docker/daemon.json:4)"},
	{{T("no_new_privileges")}, nnp_false_daemon_file, STATUS_FAIL,
	 "SecurityOpt no-new-privileges=false overrides the daemon's no-new-privileges "
	 "(etc/docker/daemon.json:4)"},
	{{T("no_new_privileges")}, nnp_unset_daemon_info, STATUS_PASS,
	 "no-new-privileges from the daemon (the running daemon's /info SecurityOptions)"},
	{{T("seccomp")}, seccomp_unconfined, STATUS_FAIL, "SecurityOpt seccomp=unconfined"},
	{{T("seccomp")}, seccomp_colon_unconfined, STATUS_FAIL, "SecurityOpt seccomp:unconfined"},
	{{T("seccomp")}, privileged, STATUS_FAIL, "privileged: runs without seccomp"},
	{{T("seccomp")}, seccomp_custom, STATUS_PASS,
	 "its own seccomp profile (SecurityOpt seccomp=...)"},
	{{T("seccomp")}, hardened, STATUS_PASS, "the daemon's default seccomp profile"},
	{{T("seccomp")}, seccomp_daemon_path, STATUS_PASS,
	 "the daemon's seccomp profile /etc/docker/seccomp.json"},
	{{T("seccomp")}, seccomp_daemon_unconfined, STATUS_FAIL,
	 "no seccomp profile of its own, and the daemon's default is unconfined"},
	{{T("seccomp")}, info_unreadable, STATUS_ERROR,
	 "cannot tell the daemon's default seccomp profile: the engine's /info is SecurityOptions: "
	 "expected a list of strings"},
	{{T("apparmor")}, aa_default, STATUS_PASS, "AppArmorProfile docker-default"},
	{{T("apparmor")}, aa_profile_unconfined, STATUS_FAIL, "AppArmorProfile unconfined"},
	{{T("apparmor")}, aa_opt_unconfined, STATUS_FAIL, "SecurityOpt apparmor=unconfined"},
	{{T("apparmor")}, aa_empty, STATUS_FAIL, "no AppArmor profile (AppArmorProfile empty)"},
	{{T("selinux")}, se_labelled, STATUS_PASS,
	 "ProcessLabel system_u:system_r:container_t:s0:c1,c2"},
	{{T("selinux")}, se_disabled, STATUS_FAIL,
	 "SecurityOpt label=disable: no SELinux separation"},
	{{T("selinux")}, se_empty, STATUS_FAIL, "no SELinux process label (ProcessLabel empty)"},
	{{T("selinux")}, se_spc, STATUS_FAIL,
	 "ProcessLabel system_u:system_r:spc_t:s0: the spc_t type is unconfined"},
	{{T("devices")}, device_fuse, STATUS_FAIL, "host devices /dev/fuse:rwm, /dev/sda:r"},
	{{T("devices")}, privileged, STATUS_FAIL, "privileged: every host device"},
	{{T("devices")}, hardened, STATUS_PASS, "no host devices"},
	{{T("user")}, user_unset, STATUS_FAIL, "User unset: runs as root"},
	{{T("user")}, user_root_group, STATUS_FAIL, "User root:staff: runs as root"},
	{{T("user")}, user_root_userns, STATUS_FAIL,
	 "User unset: runs as root (remapped by the daemon's userns-remap)"},
	{{T("user")}, hardened, STATUS_PASS, "User 65534"},
	{SENSITIVE, mount_etc, STATUS_FAIL, "/etc -> /host-etc (ro)"},
	{SENSITIVE, mount_link_to_etc, STATUS_FAIL,
	 "/srv/etc-link (resolves to /etc) -> /cfg (rw)"},
	{SENSITIVE, mount_etcetera, STATUS_PASS, "no sensitive host path mounted (1 mount)"},
	{SENSITIVE, hardened, STATUS_PASS, "no mounts"},
	{{T("docker_socket")}, mount_socket, STATUS_FAIL,
	 "/var/run/docker.sock (resolves to /run/docker.sock) -> /var/run/docker.sock (rw)"},
	{{T("docker_socket")}, mount_var_run, STATUS_FAIL,
	 "/var/run (resolves to /run) -> /var/run (rw): holds /var/run/docker.sock"},
	{{T("docker_socket")}, mount_link_to_socket, STATUS_FAIL,
	 "/srv/d.sock (resolves to /run/docker.sock) -> /d.sock (rw)"},
	{{T("docker_socket")}, mount_srv, STATUS_PASS, "Docker socket not mounted (1 mount)"},
	{{T("mount_propagation")}, mount_shared, STATUS_FAIL,
	 "shared propagation: /mnt/b -> /b (shared)"},
	{{T("mount_propagation")}, mount_etc, STATUS_PASS, "no shared mount (1 mount)"},
	{{T("memory_limit")}, no_memory, STATUS_FAIL, "no memory limit (Memory 0)"},
	{{T("memory_limit")}, hardened, STATUS_PASS, "Memory 64 MiB"},
	{{T("cpu_limit")}, hardened, STATUS_PASS, "NanoCpus 500000000 (0.5 CPUs)"},
	{{T("cpu_limit")}, cpu_two, STATUS_PASS, "NanoCpus 2000000000 (2 CPUs)"},
	{{T("cpu_limit")}, cpu_quota, STATUS_PASS, "CpuQuota 50000 per period 100000"},
	{{T("cpu_limit")}, cpu_shares_1024, STATUS_FAIL,
	 "no CPU limit (NanoCpus 0, CpuQuota 0, CpuShares 1024)"},
	{{T("pids_limit")}, no_pids, STATUS_FAIL, "no PIDs limit"},
	{{T("pids_limit")}, hardened, STATUS_PASS, "PidsLimit 50"},
	{{T("readonly_rootfs")}, writable, STATUS_FAIL,
	 "writable root filesystem (ReadonlyRootfs false)"},
	{{T("cgroup_parent")}, cgroup_parent_set, STATUS_FAIL, "CgroupParent /custom.slice"},
	{{T("restart_policy")}, restart_always, STATUS_FAIL,
	 "RestartPolicy always: restarts without end"},
	{{T("restart_policy")}, restart_unlimited, STATUS_FAIL,
	 "RestartPolicy on-failure without a maximum: retries without end"},
	{{T("restart_policy")}, restart_ten, STATUS_FAIL,
	 "RestartPolicy on-failure:10: more than 5 retries"},
	{{T("restart_policy")}, hardened, STATUS_PASS, "RestartPolicy on-failure:5"},
	{{T("restart_policy")}, restart_empty, STATUS_PASS, "RestartPolicy none"},
	{{T("restart_policy")}, restart_odd, STATUS_ERROR,
	 "RestartPolicy sometimes: not a policy dockward knows"},
	{{T("healthcheck")}, no_health, STATUS_FAIL,
	 "no health check (from the container or its image)"},
	{SSHD, runs_sshd, STATUS_FAIL, "runs sshd"},
	{SSHD, runs_sshd_twice, STATUS_FAIL, "runs sshd (2 processes)"},
	{SSHD, runs_long_name, STATUS_FAIL, "runs containerd-shim-runc-v2"},
	{SSHD, hardened, STATUS_PASS, "none of them among its 1 process"},
	{SSHD, stopped, STATUS_NOT_APPLICABLE, "not running (exited)"},
	{SSHD, processes_unseen, STATUS_ERROR, "processes: unreadable: Permission denied"},
	{{T("privileged_ports")}, port_443, STATUS_FAIL,
	 "host ports below 1024: 127.0.0.1:443->443/tcp"},
	{{T("privileged_ports")}, port_local, STATUS_PASS, "publishes 127.0.0.1:8081->8080/tcp"},
	{{T("privileged_ports")}, port_random, STATUS_PASS, "publishes 127.0.0.1:random->80/tcp"},
	{{T("ports_bound")}, port_8080_all, STATUS_FAIL,
	 "bound to every interface: 0.0.0.0:8080->80/tcp, [::]:8443->8443/tcp"},
	{{T("ports_bound")}, hardened, STATUS_PASS, "no published ports"},
	{{T("privileged")}, one_broken, STATUS_ERROR,
	 "inspect: HostConfig.CapAdd: expected a list of strings, got 42"},
};

/* The last object (the container the setup made last) says exactly this. */
static void object_texts(void **state)
{
	(void)state;
	bool ok = true;
	for (size_t i = 0; i < ELEMENTSOF(object_cases); i++) {
		const struct object_case *oc = &object_cases[i];
		struct result res;
		test_eval(&check_container, oc->params, oc->setup, &res);
		const struct result_object *o =
			res.n_objects ? &res.objects[res.n_objects - 1] : NULL;
		bool good = o && o->status == oc->status && STREQ(o->observed, oc->observed) &&
			    STREQ(o->kind, "container") && o->image &&
			    STREQ(o->image, "busybox:1.36") && o->id && strlen(o->id) == 64;
		if (!good) {
			print_message("object case %zu (%s): %s '%s', want %s '%s'\n", i,
				      oc->params[0].s, o ? status_to_string(o->status) : "none",
				      o ? o->observed : "", status_to_string(oc->status),
				      oc->observed);
			ok = false;
		}
		result_release(&res);
	}
	assert_true(ok);
}

/* Every test of the table can fail, and the table is sorted and complete. */
static void every_test_can_fail(void **state)
{
	(void)state;
	for (size_t i = 0; container_tests[i]; i++) {
		const struct container_test *t = container_tests[i];
		if (container_tests[i + 1])
			assert_true(strcmp(t->name, container_tests[i + 1]->name) < 0);
		assert_ptr_equal(container_test_find(t->name), t);
		assert_non_null(t->judge);
		assert_non_null(t->params);
		assert_true(strlen(t->help) > 20);
		bool fails = false;
		for (size_t k = 0; k < ELEMENTSOF(cases); k++)
			fails |= cases[k].status == STATUS_FAIL &&
				 STREQ(cases[k].params[0].s, t->name);
		if (!fails)
			print_message("test %s has no failing case\n", t->name);
		assert_true(fails);
	}
	assert_null(container_test_find("nope"));
	assert_null(container_test_find(NULL));
}

static void expectations(void **state)
{
	(void)state;
	const struct {
		struct tparam params[TP_MAX];
		const char *expected;
	} exp[] = {
		{NS("uts"), "no container shares the host's uts namespace"},
		{{T("privileged")}, "each container is not privileged (--privileged)"},
		{{T("capabilities_added"), PL("capabilities", "SYS_ADMIN", "NET_ADMIN")},
		 "no container adds SYS_ADMIN or NET_ADMIN (CapAdd, or privileged)"},
		{SENSITIVE, "no container mounts /etc or /boot or below, nor /, /run or /var/run"},
		{{T("restart_policy"), PI("max_retries", 3)},
		 "no container restarts without end: restart policy no, or on-failure with at "
		 "most 3 retries"},
		{{T("privileged_ports")}, "no container publishes a host port below 1024"},
		{SSHD, "no running container runs sshd or containerd-shim-runc-v2"},
		{{T("docker_socket")},
		 "no container mounts the Docker socket (/var/run/docker.sock or /run/docker.sock) "
		 "or a directory holding it"},
	};
	for (size_t i = 0; i < ELEMENTSOF(exp); i++) {
		struct result res;
		test_eval(&check_container, exp[i].params, hardened, &res);
		assert_string_equal(res.expected, exp[i].expected);
		result_release(&res);
	}
}

static void request_processes(void **state)
{
	(void)state;
	struct facts f;
	facts_init(&f, NULL);
	struct fact_requests q = {0};
	struct rule *r = test_rule_new(&check_container, (struct tparam[TP_MAX])SSHD);
	check_container.request(r, &f, &q);
	assert_true(q.engine_processes);
	assert_false(q.engine_images);
	test_rule_free(r);
	q.engine_processes = false;
	r = test_rule_new(&check_container, (struct tparam[TP_MAX]){T("privileged")});
	check_container.request(r, &f, &q);
	assert_false(q.engine_processes);
	test_rule_free(r);
	fact_requests_release(&q);
	facts_release(&f);
	assert_true(check_container.probes & PROBE_ENGINE);
}

/* ---- validate ---- */

static void validate_ok(void **state)
{
	(void)state;
	const struct tparam ok[][TP_MAX] = {
		{T("privileged")},
		NS("cgroup"),
		SENSITIVE,
		{T("sensitive_mounts"), PL("exact_paths", "/")},
		SSHD,
		{T("privileged_ports"), PI("below", 1)},
		{T("restart_policy"), PI("max_retries", 0)},
		{T("docker_socket"), PL("socket_paths", "/srv/docker.sock")},
		{T("capabilities_added"), PL("capabilities", "CAP_SYS_ADMIN", "net_admin", "ALL")},
	};
	for (size_t i = 0; i < ELEMENTSOF(ok); i++) {
		struct diags d = {0};
		int r = test_validate(&check_container, ok[i], &d);
		for (size_t k = 0; k < d.n; k++)
			print_message("case %zu: %s\n", i, d.items[k].message);
		assert_int_equal(r, 0);
		assert_int_equal(d.n, 0);
	}
}

struct bad_case {
	struct tparam params[TP_MAX];
	int line, col; /* of the diag */
	const char *text;
};

#define AT(i) TEST_LINE + 1 + (i), TEST_COL + 2
#define AT_MAP TEST_LINE, TEST_COL

static const struct bad_case bad_cases[] = {
	{{T("privilegd")}, AT(0), "test: 'privilegd' is not a container test, expected one of "
				  "apparmor, capabilities_added,"},
	{{T("privileged"), PS("namespace", "pid")}, AT(1),
	 "namespace: not a parameter of test 'privileged' (it takes none)"},
	{{T("host_namespace"), PS("namespace", "pid"), PI("below", 10)}, AT(2),
	 "below: not a parameter of test 'host_namespace' (it takes namespace)"},
	{{T("sensitive_mounts"), PL("paths", "/etc"), PL("processes", "sshd")}, AT(2),
	 "processes: not a parameter of test 'sensitive_mounts' (it takes paths, exact_paths)"},
	{{T("host_namespace")}, AT_MAP, "test 'host_namespace' needs namespace"},
	{{T("processes")}, AT_MAP, "test 'processes' needs processes"},
	{{T("sensitive_mounts")}, AT_MAP, "test 'sensitive_mounts' needs paths or exact_paths"},
	{{T("host_namespace"), PS("namespace", "mnt")}, AT(1),
	 "namespace: \"mnt\" is not one of 'pid', 'network', 'ipc', 'uts', 'user', 'cgroup'"},
	{{T("sensitive_mounts"), PL("paths", "/etc", "etc")}, AT(1),
	 "paths: \"etc\" is not an absolute path"},
	{{T("sensitive_mounts"), PL0("exact_paths")}, AT(1), "exact_paths: must not be empty"},
	{{T("processes"), PL("processes", "")}, AT(1),
	 "processes: items must be non-empty strings"},
	{{T("docker_socket"), PL("socket_paths", "docker.sock")}, AT(1),
	 "socket_paths: \"docker.sock\" is not an absolute path"},
	{{T("capabilities_added"), PL("capabilities", "SYS ADMIN")}, AT(1),
	 "capabilities: \"SYS ADMIN\" is not a capability name such as SYS_ADMIN"},
	{{T("privileged_ports"), PI("below", 0)}, AT(1), "below: 0 is not a port bound from 1 to "
							 "65536"},
	{{T("privileged_ports"), PI("below", 70000)}, AT(1), "below: 70000 is not a port bound"},
	{{T("restart_policy"), PI("max_retries", -1)}, AT(1),
	 "max_retries: -1 is not from 0 to 1000000"},
	{{PS("namespace", "pid")}, AT_MAP, "test: a container test name is required"},
};

static void validate_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(bad_cases); i++) {
		struct diags d = {0};
		print_message("bad case %zu: %s\n", i, bad_cases[i].text);
		assert_int_equal(test_validate(&check_container, bad_cases[i].params, &d), -EINVAL);
		assert_one_diag(&d, bad_cases[i].line, bad_cases[i].col, bad_cases[i].text);
		diags_release(&d);
	}
}

/* ---- the recorded answers ---- */

struct recorded {
	const char *file; /* inspect-<name>.json */
	const char *fails; /* space-separated "test" or "test/namespace" that fail; others pass */
	const char *not_applicable; /* tests not applicable to it (not running) */
	const char *errors;
};

/* The recorded engine: dockerd 20.10.24 on cgroup v1 without AppArmor or SELinux (info.json),
 * seccomp default. Every container is on the default bridge, and all but hard lack limits. */
#define NO_LIMITS "memory_limit cpu_limit pids_limit readonly_rootfs healthcheck "
#define ROOTISH "user no_new_privileges default_bridge "
static const struct recorded recorded[] = {
	{"always", NO_LIMITS ROOTISH "restart_policy ports_bound privileged_ports", "", ""},
	{"caps", NO_LIMITS ROOTISH "capabilities_added", "", ""},
	{"etc", NO_LIMITS ROOTISH "sensitive_mounts", "", ""},
	{"hard", "default_bridge", "", ""},
	{"hostpid", NO_LIMITS ROOTISH "host_namespace/pid", "", ""},
	{"priv", NO_LIMITS ROOTISH "privileged capabilities_added seccomp devices", "processes",
	 ""},
	{"unconf", NO_LIMITS ROOTISH "seccomp", "", ""},
	{"varrun", NO_LIMITS ROOTISH "docker_socket sensitive_mounts", "", ""},
};

static const struct tparam recorded_rules[][TP_MAX] = {
	NS("pid"), NS("network"), NS("ipc"), NS("uts"), NS("user"),
	{T("default_bridge")}, {T("privileged")},
	{T("capabilities_added")},
	{T("no_new_privileges")}, {T("seccomp")}, {T("devices")}, {T("user")},
	SENSITIVE, {T("docker_socket")}, {T("mount_propagation")}, {T("memory_limit")},
	{T("cpu_limit")}, {T("pids_limit")}, {T("readonly_rootfs")}, {T("cgroup_parent")},
	{T("restart_policy")}, {T("healthcheck")}, SSHD, {T("privileged_ports")},
	{T("ports_bound")},
};

static char *read_data(const char *name, size_t *ret_len)
{
	const char *dir = getenv("DOCKWARD_TEST_DATA");
	assert_non_null(dir);
	_cleanup_free_ char *path = xasprintf("%s/engine/%s", dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		print_message("cannot open %s\n", path);
	assert_true(fd >= 0);
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	close(fd);
	*ret_len = sb.len;
	return strbuf_detach(&sb);
}

static const char *recorded_file;

/* The engine of info.json and one container of inspect-<recorded_file>.json. */
static void recorded_setup(struct facts *f)
{
	tf_engine(f);
	size_t len;
	_cleanup_free_ char *info = read_data("info.json", &len);
	_cleanup_free_ char *info_why = NULL;
	f->engine.cgroup_version = 0;
	assert_int_equal(engine_parse_info(info, len, &f->engine, &info_why), 0);
	/* info.json says CgroupVersion "1"; engine_parse_info() may not read it (yet) */
	assert_true(f->engine.cgroup_version == 0 || f->engine.cgroup_version == 1);
	f->engine.cgroup_version = 1;

	struct container_fact *c = GROW(f->engine.containers, f->engine.n_containers);
	_cleanup_free_ char *name = xasprintf("inspect-%s.json", recorded_file);
	_cleanup_free_ char *text = read_data(name, &len);
	_cleanup_free_ char *why = NULL;
	int r = engine_parse_inspect(text, len, c, &why);
	if (r < 0)
		print_message("%s: %s\n", name, why);
	assert_int_equal(r, 0);
	/* what the probe adds: the processes, as in top-hard.json for every running one */
	if (c->running) {
		fact_status_set(&c->processes, "/containers/top", FACT_OK, 0, NULL);
		strv_extend(&c->process_names, "sleep");
	}
}

static bool listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static void recorded_answers(void **state)
{
	(void)state;
	bool ok = true;
	for (size_t i = 0; i < ELEMENTSOF(recorded); i++) {
		recorded_file = recorded[i].file;
		for (size_t k = 0; k < ELEMENTSOF(recorded_rules); k++) {
			const struct tparam *p = recorded_rules[k];
			_cleanup_free_ char *key =
				STREQ(p[0].s, "host_namespace")
					? xasprintf("host_namespace/%s", p[1].s)
					: xstrdup(p[0].s);
			enum status want = STATUS_PASS;
			if (listed(recorded[i].fails, key))
				want = STATUS_FAIL;
			else if (listed(recorded[i].not_applicable, key))
				want = STATUS_NOT_APPLICABLE;
			else if (listed(recorded[i].errors, key))
				want = STATUS_ERROR;
			struct result res;
			test_eval(&check_container, p, recorded_setup, &res);
			const struct result_object *o = res.n_objects == 1 ? &res.objects[0] : NULL;
			if (!o || o->status != want || !STREQ(o->name, recorded[i].file)) {
				print_message("%s %s: %s (%s), want %s\n", recorded[i].file, key,
					      o ? status_to_string(o->status) : "no object",
					      o ? o->observed : res.observed,
					      status_to_string(want));
				ok = false;
			} else if (getenv("CHECK_TEST_VERBOSE")) {
				print_message("%s %s: %s: %s\n", recorded[i].file, key,
					      status_to_string(o->status), o->observed);
			}
			result_release(&res);
		}
	}
	assert_true(ok);
}

/* Tests that depend on the engine rather than the container, on the recorded engine. */
static void recorded_engine_wide(void **state)
{
	(void)state;
	const struct tparam rules[][TP_MAX] = {
		NS("cgroup"), {T("apparmor")}, {T("selinux")}};
	recorded_file = "hard";
	for (size_t k = 0; k < ELEMENTSOF(rules); k++) {
		struct result res;
		test_eval(&check_container, rules[k], recorded_setup, &res);
		assert_int_equal(res.status, STATUS_NOT_APPLICABLE);
		assert_int_equal(res.n_objects, 0);
		result_release(&res);
	}
}

/* Exact texts from the recorded answers. */
static void recorded_texts(void **state)
{
	(void)state;
	const struct {
		const char *file;
		struct tparam params[TP_MAX];
		const char *observed;
	} texts[] = {
		{"always", {T("ports_bound")},
		 "bound to every interface: 0.0.0.0:8080->80/tcp, [::]:8443->8443/tcp"},
		{"always", {T("privileged_ports")},
		 "host ports below 1024: 127.0.0.1:443->443/tcp"},
		{"always", {T("restart_policy")}, "RestartPolicy always: restarts without end"},
		{"caps",
		 {T("capabilities_added"),
		  PL("capabilities", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "NET_ADMIN")},
		 "CapAdd: NET_ADMIN, SYS_ADMIN"},
		{"etc", SENSITIVE, "/etc -> /host-etc (ro)"},
		{"varrun", {T("docker_socket")},
		 "/var/run -> /var/run (rw): holds /var/run/docker.sock"},
		{"varrun", {T("sensitive_mounts"), PL("exact_paths", "/var/run")},
		 "/var/run -> /var/run (rw)"},
		{"hostpid", NS("pid"), "PidMode host: shares the host's pid namespace"},
		{"unconf", {T("seccomp")}, "SecurityOpt seccomp=unconfined"},
		{"priv", {T("privileged")}, "privileged: every capability and host device"},
		{"priv", SSHD, "not running (created)"},
		{"hard", {T("user")}, "User 65534"},
		{"hard", {T("restart_policy")}, "RestartPolicy on-failure:5"},
		{"hard", {T("ports_bound")}, "publishes 127.0.0.1:8081->8080/tcp"},
		{"hard", {T("cpu_limit")}, "NanoCpus 500000000 (0.5 CPUs)"},
		{"hard", {T("memory_limit")}, "Memory 64 MiB"},
		{"hard", {T("healthcheck")}, "has a health check"},
		{"hard", {T("no_new_privileges")}, "SecurityOpt no-new-privileges"},
	};
	bool ok = true;
	for (size_t i = 0; i < ELEMENTSOF(texts); i++) {
		recorded_file = texts[i].file;
		struct result res;
		test_eval(&check_container, texts[i].params, recorded_setup, &res);
		const char *got = res.n_objects == 1 ? res.objects[0].observed : "(no object)";
		if (!STREQ(got, texts[i].observed)) {
			print_message("%s %s: '%s', want '%s'\n", texts[i].file,
				      texts[i].params[0].s, got, texts[i].observed);
			ok = false;
		}
		result_release(&res);
	}
	assert_true(ok);
}

int main(void)
{
	const struct CMUnitTest extra[] = {
		cmocka_unit_test(object_texts),
		cmocka_unit_test(every_test_can_fail),
		cmocka_unit_test(expectations),
		cmocka_unit_test(request_processes),
		cmocka_unit_test(validate_ok),
		cmocka_unit_test(validate_bad),
		cmocka_unit_test(recorded_answers),
		cmocka_unit_test(recorded_engine_wide),
		cmocka_unit_test(recorded_texts),
	};
	return run_check_cases("container", &check_container, cases, ELEMENTSOF(cases), extra,
			       ELEMENTSOF(extra));
}
