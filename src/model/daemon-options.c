/* daemon-options.c: the dockerd options dockward understands, as one sorted table.
 *
 * One row per daemon.json key, with the long flag that sets it on dockerd's command line, its
 * one-letter form, its type and dockerd's built-in default. Checked against moby's sources
 * (cmd/dockerd/config*.go, cmd/dockerd/options.go, daemon/config/config*.go) for 20.10, plus the
 * keys that 23.0-25.0 added (http-proxy, https-proxy, no-proxy, proxies, default-network-opts,
 * log-format). Notes on rows that are not what one would guess:
 *   - the flag is often the singular of the key: --host/-H sets "hosts", --label "labels",
 *     --log-opt "log-opts", --add-runtime "runtimes", --default-ulimit "default-ulimits";
 *   - --containerd-plugins-namespace sets "containerd-plugin-namespace" (moby's own spelling);
 *   - "graph" (--graph/-g) is the pre-17.05 name of data-root: the daemon probe records the flag
 *     under "data-root"; the json key stays its own row because 20.10 still accepts it;
 *   - builder, default-init, deprecated-key-path, features, proxies, resolv-conf and the
 *     swarm-raft ticks exist only in daemon.json (no flag);
 *   - defaults that depend on the host are left NULL (unknown) rather than guessed:
 *     default-cgroupns-mode (host on cgroup v1, private on v2), the tls* paths ($DOCKER_CERT_PATH),
 *     storage-driver (probed at start), seccomp-profile (the built-in profile);
 *   - mtu's flag default is 0, which dockerd turns into 1500: the table says 1500;
 *   - config-file, validate, version, help and the deprecated --restart are flags without a key:
 *     src/probes/dockerd-flags.c knows them.
 *
 * Adding an option:
 *   1. one row below, in strcmp() order of the key (test-probe-daemon checks the order);
 *   2. its type decides how flags become a value (src/probes/dockerd-flags.c); a flag whose
 *      text is not a plain string/bool/int/k=v needs a converter there too. */
#include <string.h>

#include "daemon-options.h"

#define B(x) (&(const struct value){.type = VALUE_BOOL, .b = (x)})
#define I(x) (&(const struct value){.type = VALUE_INT, .i = (x)})
#define S(x) (&(const struct value){.type = VALUE_STRING, .s = (char *)(x)})

/* dockerd listens on its unix socket when no -H/hosts is given. */
static struct value *const default_hosts_items[] = {
	(struct value *)S("unix:///var/run/docker.sock"),
};
static const struct value default_hosts = {
	.type = VALUE_LIST,
	.list = {.items = (struct value **)default_hosts_items, .n = 1},
};

const struct daemon_option daemon_options[] = {
	{"allow-nondistributable-artifacts", "allow-nondistributable-artifacts", 0, DAEMON_OPT_LIST,
	 NULL},
	{"api-cors-header", "api-cors-header", 0, DAEMON_OPT_STRING, NULL},
	{"authorization-plugins", "authorization-plugin", 0, DAEMON_OPT_LIST, NULL},
	{"bip", "bip", 0, DAEMON_OPT_STRING, NULL},
	{"bridge", "bridge", 'b', DAEMON_OPT_STRING, NULL},
	{"builder", NULL, 0, DAEMON_OPT_MAP, NULL},
	{"cgroup-parent", "cgroup-parent", 0, DAEMON_OPT_STRING, NULL},
	{"cluster-advertise", "cluster-advertise", 0, DAEMON_OPT_STRING, NULL},
	{"cluster-store", "cluster-store", 0, DAEMON_OPT_STRING, NULL},
	{"cluster-store-opts", "cluster-store-opt", 0, DAEMON_OPT_MAP, NULL},
	{"containerd", "containerd", 0, DAEMON_OPT_STRING, NULL},
	{"containerd-namespace", "containerd-namespace", 0, DAEMON_OPT_STRING, S("moby")},
	{"containerd-plugin-namespace", "containerd-plugins-namespace", 0, DAEMON_OPT_STRING,
	 S("plugins.moby")},
	{"cpu-rt-period", "cpu-rt-period", 0, DAEMON_OPT_INT, I(0)},
	{"cpu-rt-runtime", "cpu-rt-runtime", 0, DAEMON_OPT_INT, I(0)},
	{"cri-containerd", "cri-containerd", 0, DAEMON_OPT_BOOL, B(false)},
	{"data-root", "data-root", 0, DAEMON_OPT_STRING, S("/var/lib/docker")},
	{"debug", "debug", 'D', DAEMON_OPT_BOOL, B(false)},
	{"default-address-pools", "default-address-pool", 0, DAEMON_OPT_LIST, NULL},
	{"default-cgroupns-mode", "default-cgroupns-mode", 0, DAEMON_OPT_STRING, NULL},
	{"default-gateway", "default-gateway", 0, DAEMON_OPT_STRING, NULL},
	{"default-gateway-v6", "default-gateway-v6", 0, DAEMON_OPT_STRING, NULL},
	{"default-init", NULL, 0, DAEMON_OPT_STRING, S("docker-init")},
	{"default-ipc-mode", "default-ipc-mode", 0, DAEMON_OPT_STRING, S("private")},
	{"default-network-opts", "default-network-opt", 0, DAEMON_OPT_MAP, NULL},
	{"default-runtime", "default-runtime", 0, DAEMON_OPT_STRING, S("runc")},
	{"default-shm-size", "default-shm-size", 0, DAEMON_OPT_STRING, S("64M")},
	{"default-ulimits", "default-ulimit", 0, DAEMON_OPT_MAP, NULL},
	{"deprecated-key-path", NULL, 0, DAEMON_OPT_STRING, NULL},
	{"dns", "dns", 0, DAEMON_OPT_LIST, NULL},
	{"dns-opts", "dns-opt", 0, DAEMON_OPT_LIST, NULL},
	{"dns-search", "dns-search", 0, DAEMON_OPT_LIST, NULL},
	{"exec-opts", "exec-opt", 0, DAEMON_OPT_LIST, NULL},
	{"exec-root", "exec-root", 0, DAEMON_OPT_STRING, S("/var/run/docker")},
	{"experimental", "experimental", 0, DAEMON_OPT_BOOL, B(false)},
	{"features", NULL, 0, DAEMON_OPT_MAP, NULL},
	{"fixed-cidr", "fixed-cidr", 0, DAEMON_OPT_STRING, NULL},
	{"fixed-cidr-v6", "fixed-cidr-v6", 0, DAEMON_OPT_STRING, NULL},
	{"graph", "graph", 'g', DAEMON_OPT_STRING, NULL},
	{"group", "group", 'G', DAEMON_OPT_STRING, S("docker")},
	{"host-gateway-ip", "host-gateway-ip", 0, DAEMON_OPT_STRING, NULL},
	{"hosts", "host", 'H', DAEMON_OPT_LIST, &default_hosts},
	{"http-proxy", "http-proxy", 0, DAEMON_OPT_STRING, NULL},
	{"https-proxy", "https-proxy", 0, DAEMON_OPT_STRING, NULL},
	{"icc", "icc", 0, DAEMON_OPT_BOOL, B(true)},
	{"init", "init", 0, DAEMON_OPT_BOOL, B(false)},
	{"init-path", "init-path", 0, DAEMON_OPT_STRING, NULL},
	{"insecure-registries", "insecure-registry", 0, DAEMON_OPT_LIST, NULL},
	{"ip", "ip", 0, DAEMON_OPT_STRING, S("0.0.0.0")},
	{"ip-forward", "ip-forward", 0, DAEMON_OPT_BOOL, B(true)},
	{"ip-masq", "ip-masq", 0, DAEMON_OPT_BOOL, B(true)},
	{"ip6tables", "ip6tables", 0, DAEMON_OPT_BOOL, B(false)},
	{"iptables", "iptables", 0, DAEMON_OPT_BOOL, B(true)},
	{"ipv6", "ipv6", 0, DAEMON_OPT_BOOL, B(false)},
	{"labels", "label", 0, DAEMON_OPT_LIST, NULL},
	{"live-restore", "live-restore", 0, DAEMON_OPT_BOOL, B(false)},
	{"log-driver", "log-driver", 0, DAEMON_OPT_STRING, S("json-file")},
	{"log-format", "log-format", 0, DAEMON_OPT_STRING, S("text")},
	{"log-level", "log-level", 'l', DAEMON_OPT_STRING, S("info")},
	{"log-opts", "log-opt", 0, DAEMON_OPT_MAP, NULL},
	{"max-concurrent-downloads", "max-concurrent-downloads", 0, DAEMON_OPT_INT, I(3)},
	{"max-concurrent-uploads", "max-concurrent-uploads", 0, DAEMON_OPT_INT, I(5)},
	{"max-download-attempts", "max-download-attempts", 0, DAEMON_OPT_INT, I(5)},
	{"metrics-addr", "metrics-addr", 0, DAEMON_OPT_STRING, NULL},
	{"mtu", "mtu", 0, DAEMON_OPT_INT, I(1500)},
	{"network-control-plane-mtu", "network-control-plane-mtu", 0, DAEMON_OPT_INT, I(1500)},
	{"network-diagnostic-port", "network-diagnostic-port", 0, DAEMON_OPT_INT, I(0)},
	{"no-new-privileges", "no-new-privileges", 0, DAEMON_OPT_BOOL, B(false)},
	{"no-proxy", "no-proxy", 0, DAEMON_OPT_STRING, NULL},
	{"node-generic-resources", "node-generic-resource", 0, DAEMON_OPT_LIST, NULL},
	{"oom-score-adjust", "oom-score-adjust", 0, DAEMON_OPT_INT, I(0)},
	{"pidfile", "pidfile", 'p', DAEMON_OPT_STRING, S("/var/run/docker.pid")},
	{"proxies", NULL, 0, DAEMON_OPT_MAP, NULL},
	{"raw-logs", "raw-logs", 0, DAEMON_OPT_BOOL, B(false)},
	{"registry-mirrors", "registry-mirror", 0, DAEMON_OPT_LIST, NULL},
	{"resolv-conf", NULL, 0, DAEMON_OPT_STRING, NULL},
	{"rootless", "rootless", 0, DAEMON_OPT_BOOL, B(false)},
	{"runtimes", "add-runtime", 0, DAEMON_OPT_MAP, NULL},
	{"seccomp-profile", "seccomp-profile", 0, DAEMON_OPT_STRING, NULL},
	{"selinux-enabled", "selinux-enabled", 0, DAEMON_OPT_BOOL, B(false)},
	{"shutdown-timeout", "shutdown-timeout", 0, DAEMON_OPT_INT, I(15)},
	{"storage-driver", "storage-driver", 's', DAEMON_OPT_STRING, NULL},
	{"storage-opts", "storage-opt", 0, DAEMON_OPT_LIST, NULL},
	{"swarm-default-advertise-addr", "swarm-default-advertise-addr", 0, DAEMON_OPT_STRING,
	 NULL},
	{"swarm-raft-election-tick", NULL, 0, DAEMON_OPT_INT, NULL},
	{"swarm-raft-heartbeat-tick", NULL, 0, DAEMON_OPT_INT, NULL},
	{"tls", "tls", 0, DAEMON_OPT_BOOL, B(false)},
	{"tlscacert", "tlscacert", 0, DAEMON_OPT_STRING, NULL},
	{"tlscert", "tlscert", 0, DAEMON_OPT_STRING, NULL},
	{"tlskey", "tlskey", 0, DAEMON_OPT_STRING, NULL},
	{"tlsverify", "tlsverify", 0, DAEMON_OPT_BOOL, B(false)},
	{"userland-proxy", "userland-proxy", 0, DAEMON_OPT_BOOL, B(true)},
	{"userland-proxy-path", "userland-proxy-path", 0, DAEMON_OPT_STRING, NULL},
	{"userns-remap", "userns-remap", 0, DAEMON_OPT_STRING, NULL},
};
const size_t daemon_options_count = ELEMENTSOF(daemon_options);

static int cmp_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct daemon_option *)elem)->key);
}

const struct daemon_option *daemon_option_by_key(const char *key)
{
	if (!key)
		return NULL;
	return bsearch(key, daemon_options, daemon_options_count, sizeof(daemon_options[0]),
		       cmp_key);
}

/* Flags are looked up a few dozen times per audit: a linear scan of ~100 rows is cheaper than
 * keeping a second index in sync by hand. */
const struct daemon_option *daemon_option_by_flag(const char *long_flag)
{
	if (!long_flag)
		return NULL;
	for (size_t i = 0; i < daemon_options_count; i++)
		if (daemon_options[i].flag && STREQ(daemon_options[i].flag, long_flag))
			return &daemon_options[i];
	return NULL;
}

const struct daemon_option *daemon_option_by_short(char c)
{
	if (c == 0)
		return NULL;
	for (size_t i = 0; i < daemon_options_count; i++)
		if (daemon_options[i].short_flag == c)
			return &daemon_options[i];
	return NULL;
}
