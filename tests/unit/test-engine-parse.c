/* test-engine-parse.c: the Engine API parsers (engine-parse.h) on answers recorded from dockerd
 * 20.10.24 (tests/unit/data/engine/) and on broken copies of them.
 *
 * Recorded answers: /version, /info (and info-nnp.json, from a dockerd run with
 * "no-new-privileges": true, which 20.10 does not report), /networks/bridge, the container
 * lists, one inspect per kind of container the container rules look at, /top, the images.
 * Each is asserted field by field where a rule depends on it. Synthetic answers cover what the
 * recording machine could not show (userns, SELinux, insecure registries, old-style
 * SecurityOptions, icc=false, port ranges). Broken answers: every recorded inspect cut short
 * at many offsets, wrong types at each kind of field (the message must name it), NUL bytes,
 * deep nesting, empty text, "null", "[]", trailing text; and every parser on every recorded
 * file, which must give 0 or -EBADMSG with a message, never a crash (run under valgrind). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine-parse.h"
#include "json-util.h"

static const char *const recorded[] = {
	"containers-all.json", "containers.json",     "image.json",          "images.json",
	"info.json",           "info-nnp.json",       "inspect-always.json", "inspect-caps.json",
	"inspect-etc.json",    "inspect-hard.json",   "inspect-hostpid.json", "inspect-priv.json",
	"inspect-unconf.json", "inspect-varrun.json", "network-bridge.json", "top-hard.json",
	"version.json",
};
static const char *const inspects[] = {
	"inspect-always.json", "inspect-caps.json",   "inspect-etc.json",    "inspect-hard.json",
	"inspect-hostpid.json", "inspect-priv.json", "inspect-unconf.json", "inspect-varrun.json",
};

/* tests/unit/data/engine/<name>, whole; *ret_len its size. */
static char *load(const char *name, size_t *ret_len)
{
	const char *dir = getenv("DOCKWARD_TEST_DATA");
	assert_non_null(dir);
	_cleanup_free_ char *path = xasprintf("%s/engine/%s", dir, name);
	FILE *f = fopen(path, "re");
	assert_non_null(f);
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	assert_int_equal(fclose(f), 0);
	*ret_len = sb.len;
	return strbuf_detach(&sb);
}

/* ---- helpers: parse a recorded inspect, or an edited copy of one ---- */

static void inspect_ok(const char *name, struct container_fact *c)
{
	size_t len;
	_cleanup_free_ char *text = load(name, &len);
	char *why = NULL;
	memset(c, 0, sizeof(*c));
	int r = engine_parse_inspect(text, len, c, &why);
	if (r < 0)
		fail_msg("%s: %s", name, why);
	assert_int_equal(r, 0);
	assert_null(why);
	assert_int_equal(c->inspect.state, FACT_OK);
}

/* The object at a dotted path of root ("HostConfig.RestartPolicy"; "" is root). Borrowed. */
static json_object *object_at(json_object *root, const char *path)
{
	json_object *o = root;
	_cleanup_free_ char *copy = xstrdup(path);
	for (char *p = copy; *p;) {
		char *dot = strchr(p, '.');
		if (dot)
			*dot = '\0';
		assert_true(json_object_object_get_ex(o, p, &o));
		if (!dot)
			break;
		p = dot + 1;
	}
	return o;
}

/* inspect-hard.json with member key of the object at path set to the JSON literal (NULL:
 * removed), as compact text. */
static char *edited(const char *path, const char *key, const char *literal)
{
	size_t len;
	_cleanup_free_ char *text = load("inspect-hard.json", &len);
	_cleanup_json_ json_object *root = json_tokener_parse(text);
	assert_non_null(root);
	json_object *o = object_at(root, path);
	if (literal) {
		json_object *v = json_tokener_parse(literal);
		assert_true(v || STREQ(literal, "null"));
		json_object_object_add(o, key, v);
	} else {
		json_object_object_del(o, key);
	}
	return xstrdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
}

/* engine_parse_inspect on text must fail with exactly want (a prefix when it ends in '*'). */
static void inspect_fails_n(const char *text, size_t len, const char *want)
{
	struct container_fact c = {0};
	char *why = NULL;
	int r = engine_parse_inspect(text, len, &c, &why);
	if (r != -EBADMSG)
		fail_msg("expected -EBADMSG (%s), got %d", want, r);
	assert_non_null(why);
	size_t n = strlen(want);
	if (n && want[n - 1] == '*') {
		if (strncmp(why, want, n - 1) != 0)
			fail_msg("got '%s', expected '%s'", why, want);
	} else if (!STREQ(why, want)) {
		fail_msg("got '%s', expected '%s'", why, want);
	}
	assert_int_not_equal(c.inspect.state, FACT_OK);
	container_fact_release(&c);
	free(why);
}

static void inspect_fails(const char *text, const char *want)
{
	inspect_fails_n(text, strlen(text), want);
}

static void edit_fails(const char *path, const char *key, const char *literal, const char *want)
{
	_cleanup_free_ char *text = edited(path, key, literal);
	inspect_fails(text, want);
}

static void edit_ok(const char *path, const char *key, const char *literal,
		    struct container_fact *c)
{
	_cleanup_free_ char *text = edited(path, key, literal);
	char *why = NULL;
	memset(c, 0, sizeof(*c));
	int r = engine_parse_inspect(text, strlen(text), c, &why);
	if (r < 0)
		fail_msg("%s.%s=%s: %s", path, key, literal, why);
}

static void assert_strv(char **got, const char *const *want, size_t n)
{
	assert_int_equal(strv_length(got), n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(got[i], want[i]);
}

/* ---- /version, /info, /networks/bridge ---- */

static void test_version(void **state)
{
	(void)state;
	size_t len;
	_cleanup_free_ char *text = load("version.json", &len);
	struct engine_facts e = {0};
	char *why = NULL;
	assert_int_equal(engine_parse_version(text, len, &e, &why), 0);
	assert_null(why);
	assert_string_equal(e.version, "20.10.24+dfsg1");
	assert_string_equal(e.api_version, "1.41");
	assert_string_equal(e.os, "linux");
	assert_string_equal(e.arch, "amd64");
	assert_string_equal(e.kernel_version, "6.18.44-fc-v657");
	assert_int_equal(e.n_settings, 0);

	/* a broken answer leaves what was there */
	assert_int_equal(engine_parse_version("{\"Version\":\"x\"}", 15, &e, &why), -EBADMSG);
	assert_string_equal(why, "ApiVersion: missing");
	assert_string_equal(e.version, "20.10.24+dfsg1");
	free(why);
	assert_int_equal(engine_parse_version("{\"Version\":1,\"ApiVersion\":\"1.41\"}", 33, &e,
					      &why),
			 -EBADMSG);
	assert_string_equal(why, "Version: expected a string, got 1");
	free(why);
	engine_facts_release(&e);
}

static void assert_setting(const struct engine_facts *e, const char *key, const char *value_text,
			   const char *api_field, const char *api_text)
{
	const struct engine_setting *s = engine_facts_setting(e, key);
	if (!s)
		fail_msg("no setting '%s'", key);
	_cleanup_free_ char *v = value_to_text(s->value);
	assert_string_equal(v, value_text);
	assert_string_equal(s->api_field, api_field);
	if (api_text)
		assert_string_equal(s->api_text, api_text);
}

static void test_info(void **state)
{
	(void)state;
	static const char *const names[] = {"info.json", "info-nnp.json"};
	static const char *const roots[] = {"/tmp/rec/d/data", "/tmp/pnnp/data"};
	for (size_t k = 0; k < ELEMENTSOF(names); k++) {
		size_t len;
		_cleanup_free_ char *text = load(names[k], &len);
		struct engine_facts e = {0};
		char *why = NULL;
		assert_int_equal(engine_parse_info(text, len, &e, &why), 0);
		assert_null(why);
		static const char *const so[] = {"name=seccomp,profile=default"};
		assert_strv(e.security_options, so, 1);
		assert_string_equal(e.seccomp_profile, "default");
		assert_false(e.userns);
		assert_false(e.rootless);
		assert_false(e.selinux);
		assert_false(e.apparmor);
		/* dockerd 20.10 runs its containers with no_new_privs when daemon.json says so
		 * (info-nnp.json), but /info does not say it: only later engines list
		 * "name=no-new-privileges" */
		assert_false(e.no_new_privileges);
		assert_string_equal(e.logging_driver, "json-file");
		assert_string_equal(e.storage_driver, "overlay2");
		assert_string_equal(e.default_runtime, "runc");
		assert_string_equal(e.cgroup_driver, "cgroupfs");
		assert_int_equal(e.cgroup_version, 1);
		assert_string_equal(e.data_root, roots[k]);
		assert_false(e.debug);
		assert_false(e.live_restore);
		assert_false(e.experimental);

		assert_int_equal(e.n_settings, 10);
		assert_setting(&e, "log-driver", "\"json-file\"", "/info LoggingDriver",
			       "\"json-file\"");
		_cleanup_free_ char *root_text = xasprintf("\"%s\"", roots[k]);
		assert_setting(&e, "data-root", root_text, "/info DockerRootDir", root_text);
		assert_setting(&e, "storage-driver", "\"overlay2\"", "/info Driver", "\"overlay2\"");
		assert_setting(&e, "default-runtime", "\"runc\"", "/info DefaultRuntime",
			       "\"runc\"");
		assert_setting(&e, "live-restore", "false", "/info LiveRestoreEnabled", "false");
		assert_setting(&e, "experimental", "false", "/info ExperimentalBuild", "false");
		assert_setting(&e, "debug", "false", "/info Debug", "false");
		assert_setting(&e, "selinux-enabled", "false", "/info SecurityOptions",
			       "[\"name=seccomp,profile=default\"]");
		assert_setting(&e, "seccomp-profile", "null", "/info SecurityOptions",
			       "[\"name=seccomp,profile=default\"]");
		assert_setting(&e, "insecure-registries", "[]", "/info RegistryConfig", NULL);
		assert_null(engine_facts_setting(&e, "log-level"));
		engine_facts_release(&e);
	}
}

static void test_info_synthetic(void **state)
{
	(void)state;
	struct engine_facts e = {0};
	char *why = NULL;
	const char *text =
		"{\"SecurityOptions\":[\"name=apparmor\",\"name=seccomp,profile=/etc/docker/"
		"sec,comp.json\",\"name=selinux\",\"name=userns\",\"name=rootless\","
		"\"name=cgroupns\",\"name=no-new-privileges\"],\"Debug\":true,"
		"\"RegistryConfig\":{\"InsecureRegistryCIDRs\":[\"10.0.0.0/8\",\"127.0.0.0/8\"],"
		"\"IndexConfigs\":{\"docker.io\":{\"Name\":\"docker.io\",\"Secure\":true},"
		"\"reg:5000\":{\"Name\":\"reg:5000\",\"Secure\":false}}}}";
	assert_int_equal(engine_parse_info(text, strlen(text), &e, &why), 0);
	assert_true(e.apparmor);
	assert_true(e.selinux);
	assert_true(e.userns);
	assert_true(e.rootless);
	assert_true(e.no_new_privileges);
	assert_true(e.debug);
	assert_string_equal(e.seccomp_profile, "/etc/docker/sec,comp.json");
	assert_null(e.logging_driver);
	assert_setting(&e, "seccomp-profile", "\"/etc/docker/sec,comp.json\"",
		       "/info SecurityOptions", NULL);
	assert_setting(&e, "selinux-enabled", "true", "/info SecurityOptions", NULL);
	assert_setting(&e, "log-level", "\"debug\"", "/info Debug", "true");
	assert_setting(&e, "insecure-registries", "[\"10.0.0.0/8\",\"reg:5000\"]",
		       "/info RegistryConfig", NULL);
	/* absent fields: the API does not tell, so no setting */
	assert_null(engine_facts_setting(&e, "log-driver"));
	assert_null(engine_facts_setting(&e, "live-restore"));
	assert_int_equal(e.n_settings, 5);

	/* a second answer replaces the first: old-style names, seccomp without a profile */
	text = "{\"SecurityOptions\":[\"apparmor\",\"seccomp\"],\"LiveRestoreEnabled\":true}";
	assert_int_equal(engine_parse_info(text, strlen(text), &e, &why), 0);
	assert_true(e.apparmor);
	assert_false(e.selinux);
	assert_false(e.userns);
	assert_false(e.debug);
	assert_string_equal(e.seccomp_profile, "default");
	assert_setting(&e, "seccomp-profile", "null", "/info SecurityOptions", NULL);
	assert_setting(&e, "selinux-enabled", "false", "/info SecurityOptions", NULL);
	assert_setting(&e, "live-restore", "true", "/info LiveRestoreEnabled", "true");

	/* builtin is the default profile; unconfined is a value */
	text = "{\"SecurityOptions\":[\"name=seccomp,profile=builtin\"]}";
	assert_int_equal(engine_parse_info(text, strlen(text), &e, &why), 0);
	assert_string_equal(e.seccomp_profile, "default");
	assert_setting(&e, "seccomp-profile", "null", "/info SecurityOptions", NULL);
	text = "{\"SecurityOptions\":[\"name=seccomp,profile=unconfined\"]}";
	assert_int_equal(engine_parse_info(text, strlen(text), &e, &why), 0);
	assert_setting(&e, "seccomp-profile", "\"unconfined\"", "/info SecurityOptions", NULL);

	/* without SecurityOptions nothing is said about them: earlier settings stay */
	assert_int_equal(engine_parse_info("{}", 2, &e, &why), 0);
	assert_null(e.seccomp_profile);
	assert_null(e.security_options);
	assert_setting(&e, "seccomp-profile", "\"unconfined\"", "/info SecurityOptions", NULL);
	assert_null(why);

	/* wrong types name the field, and leave e as it was */
	static const struct {
		const char *text, *why;
	} bad[] = {
		{"{\"SecurityOptions\":\"name=userns\"}",
		 "SecurityOptions: expected a list of strings, got \"name=userns\""},
		{"{\"SecurityOptions\":[\"name=userns\",7]}",
		 "SecurityOptions[1]: expected a string, got 7"},
		{"{\"Debug\":\"true\"}", "Debug: expected a boolean, got \"true\""},
		{"{\"LoggingDriver\":null}", "LoggingDriver: expected a string, got null"},
		{"{\"RegistryConfig\":{\"IndexConfigs\":{\"r\":{\"Secure\":0}}}}",
		 "RegistryConfig.IndexConfigs[\"r\"].Secure: expected a boolean, got 0"},
		{"{\"RegistryConfig\":{\"IndexConfigs\":{\"r\":[]}}}",
		 "RegistryConfig.IndexConfigs[\"r\"]: expected an object, got a list"},
		{"{\"RegistryConfig\":[]}", "RegistryConfig: expected an object, got a list"},
		{"[]", "top level: expected an object, got a list"},
	};
	for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
		assert_int_equal(engine_parse_info(bad[i].text, strlen(bad[i].text), &e, &why),
				 -EBADMSG);
		assert_string_equal(why, bad[i].why);
		free(why);
		why = NULL;
		assert_setting(&e, "seccomp-profile", "\"unconfined\"", "/info SecurityOptions",
			       NULL);
		assert_false(e.debug);
	}
	engine_facts_release(&e);
}

static void test_bridge(void **state)
{
	(void)state;
	size_t len;
	_cleanup_free_ char *text = load("network-bridge.json", &len);
	struct engine_facts e = {0};
	char *why = NULL;
	const char *field = "/networks/bridge Options[\"com.docker.network.bridge.enable_icc\"]";
	assert_int_equal(engine_parse_bridge(text, len, &e, &why), 0);
	assert_null(why);
	assert_int_equal(e.n_settings, 1);
	assert_setting(&e, "icc", "true", field, "\"true\"");

	const char *t = "{\"Options\":{\"com.docker.network.bridge.enable_icc\":\"false\"}}";
	assert_int_equal(engine_parse_bridge(t, strlen(t), &e, &why), 0);
	assert_int_equal(e.n_settings, 1);
	assert_setting(&e, "icc", "false", field, "\"false\"");
	t = "{\"Options\":{}}";
	assert_int_equal(engine_parse_bridge(t, strlen(t), &e, &why), 0);
	assert_setting(&e, "icc", "true", field, "absent");
	t = "{\"Options\":null}";
	assert_int_equal(engine_parse_bridge(t, strlen(t), &e, &why), 0);
	assert_setting(&e, "icc", "true", field, "absent");
	assert_int_equal(engine_parse_bridge("{}", 2, &e, &why), 0);
	assert_setting(&e, "icc", "true", field, "absent");

	static const struct {
		const char *text, *why;
	} bad[] = {
		{"{\"Options\":{\"com.docker.network.bridge.enable_icc\":\"yes\"}}",
		 "Options[\"com.docker.network.bridge.enable_icc\"]: expected \"true\" or "
		 "\"false\", got \"yes\""},
		{"{\"Options\":{\"com.docker.network.bridge.enable_icc\":false}}",
		 "Options[\"com.docker.network.bridge.enable_icc\"]: expected a string, got false"},
		{"{\"Options\":\"x\"}", "Options: expected an object, got \"x\""},
		{"{\"Options\":{}", "offset 13: unexpected end of data"},
	};
	for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
		assert_int_equal(engine_parse_bridge(bad[i].text, strlen(bad[i].text), &e, &why),
				 -EBADMSG);
		assert_string_equal(why, bad[i].why);
		free(why);
		why = NULL;
	}
	assert_setting(&e, "icc", "true", field, "absent");
	engine_facts_release(&e);
}

/* ---- /containers/ID/json, recorded ---- */

static void assert_plain_defaults(const struct container_fact *c)
{
	assert_int_equal(c->id[64], '\0');
	assert_int_equal(strlen(c->id), 64);
	assert_string_equal(c->image, "dw-busybox:1");
	assert_string_equal(c->image_id, "sha256:d123fa0895e29aad65885cdc6c51f3cdfd29552183579400"
					 "295693bb12bdde4f");
	assert_string_equal(c->network_mode, "default");
	assert_string_equal(c->ipc_mode, "private");
	assert_string_equal(c->uts_mode, "");
	assert_string_equal(c->userns_mode, "");
	assert_string_equal(c->cgroupns_mode, "host");
	assert_string_equal(c->cgroup_parent, "");
	assert_string_equal(c->apparmor_profile, "");
	assert_string_equal(c->process_label, "");
	assert_non_null(c->labels);
	assert_int_equal(c->labels->type, VALUE_MAP);
	assert_int_equal(c->labels->map.n, 0);
	assert_int_equal(c->n_devices, 0);
	assert_null(c->process_names);
}

static void test_inspect_recorded(void **state)
{
	(void)state;
	struct container_fact c;

	inspect_ok("inspect-hostpid.json", &c);
	assert_plain_defaults(&c);
	assert_string_equal(c.name, "hostpid");
	assert_string_equal(c.id, "3ef9f0b4775532112e3d6a38acc5fdeec73831a5fcfc37e7bb317fe1804bdfa1");
	assert_string_equal(c.pid_mode, "host");
	assert_string_equal(c.state, "running");
	assert_true(c.running);
	assert_int_equal(c.pid, 26318);
	static const char *const label_disable[] = {"label=disable"};
	assert_strv(c.security_opt, label_disable, 1);
	assert_null(c.cap_add);
	assert_null(c.cap_drop);
	assert_int_equal(c.n_mounts, 0);
	assert_int_equal(c.n_ports, 0);
	assert_false(c.privileged);
	assert_false(c.readonly_rootfs);
	assert_int_equal(c.pids_limit, 0);
	assert_string_equal(c.restart_policy, "no");
	assert_int_equal(c.healthcheck, TRI_NO);
	assert_string_equal(c.user, "");
	assert_string_equal(c.inspect.source,
			    "/containers/3ef9f0b4775532112e3d6a38acc5fdeec73831a5fcfc37e7bb317fe1804bdfa1/json");
	container_fact_release(&c);

	/* as given: dockerd 20.10 keeps what `docker run --cap-add` sent, here with CAP_ */
	inspect_ok("inspect-caps.json", &c);
	assert_plain_defaults(&c);
	assert_string_equal(c.name, "caps");
	static const char *const caps[] = {"CAP_NET_ADMIN", "CAP_SYS_ADMIN"};
	assert_strv(c.cap_add, caps, 2);
	assert_null(c.cap_drop);
	assert_null(c.security_opt);
	assert_string_equal(c.pid_mode, "");
	container_fact_release(&c);

	inspect_ok("inspect-varrun.json", &c);
	assert_plain_defaults(&c);
	assert_int_equal(c.n_mounts, 1);
	assert_string_equal(c.mounts[0].type, "bind");
	assert_string_equal(c.mounts[0].source, "/var/run");
	assert_string_equal(c.mounts[0].destination, "/var/run");
	assert_string_equal(c.mounts[0].mode, "");
	assert_string_equal(c.mounts[0].propagation, "rprivate");
	assert_true(c.mounts[0].rw);
	assert_null(c.mounts[0].real_source);
	container_fact_release(&c);

	inspect_ok("inspect-etc.json", &c);
	assert_plain_defaults(&c);
	assert_int_equal(c.n_mounts, 1);
	assert_string_equal(c.mounts[0].source, "/etc");
	assert_string_equal(c.mounts[0].destination, "/host-etc");
	assert_string_equal(c.mounts[0].mode, "ro");
	assert_false(c.mounts[0].rw);
	container_fact_release(&c);

	inspect_ok("inspect-unconf.json", &c);
	assert_plain_defaults(&c);
	static const char *const unconf[] = {"seccomp=unconfined"};
	assert_strv(c.security_opt, unconf, 1);
	container_fact_release(&c);

	inspect_ok("inspect-always.json", &c);
	assert_plain_defaults(&c);
	assert_string_equal(c.restart_policy, "always");
	assert_int_equal(c.restart_max_retries, 0);
	assert_int_equal(c.n_ports, 3);
	static const struct {
		const char *port, *ip;
		uint32_t host_port;
	} ports[] = {
		{"443/tcp", "127.0.0.1", 443}, {"80/tcp", "", 8080}, {"8443/tcp", "::", 8443}};
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(c.ports[i].container_port, ports[i].port);
		assert_string_equal(c.ports[i].host_ip, ports[i].ip);
		assert_int_equal(c.ports[i].host_port, ports[i].host_port);
	}
	container_fact_release(&c);

	inspect_ok("inspect-hard.json", &c);
	assert_plain_defaults(&c);
	assert_string_equal(c.name, "hard");
	assert_true(c.readonly_rootfs);
	assert_int_equal(c.memory, 67108864);
	assert_int_equal(c.memory_swap, 134217728);
	assert_int_equal(c.nano_cpus, 500000000);
	assert_int_equal(c.cpu_shares, 0);
	assert_int_equal(c.cpu_quota, 0);
	assert_int_equal(c.cpu_period, 0);
	assert_int_equal(c.pids_limit, 50);
	static const char *const nnp[] = {"no-new-privileges"};
	assert_strv(c.security_opt, nnp, 1);
	static const char *const all[] = {"ALL"};
	assert_strv(c.cap_drop, all, 1);
	assert_null(c.cap_add);
	assert_int_equal(c.healthcheck, TRI_YES);
	assert_string_equal(c.user, "65534");
	assert_string_equal(c.restart_policy, "on-failure");
	assert_int_equal(c.restart_max_retries, 5);
	assert_int_equal(c.n_ports, 1);
	assert_string_equal(c.ports[0].container_port, "8080/tcp");
	assert_string_equal(c.ports[0].host_ip, "127.0.0.1");
	assert_int_equal(c.ports[0].host_port, 8081);
	container_fact_release(&c);

	inspect_ok("inspect-priv.json", &c);
	assert_plain_defaults(&c);
	assert_string_equal(c.name, "priv");
	assert_true(c.privileged);
	assert_string_equal(c.state, "created");
	assert_false(c.running);
	assert_int_equal(c.pid, 0);
	container_fact_release(&c);
}

/* ---- /containers/ID/json, edited ---- */

static void test_inspect_fields(void **state)
{
	(void)state;
	struct container_fact c;

	/* documented meanings of null and absent */
	edit_ok("HostConfig", "PidsLimit", "null", &c);
	assert_int_equal(c.pids_limit, 0);
	container_fact_release(&c);
	edit_ok("HostConfig", "PidsLimit", "-1", &c);
	assert_int_equal(c.pids_limit, 0);
	container_fact_release(&c);
	edit_ok("HostConfig", "CgroupnsMode", NULL, &c); /* API < 1.41 */
	assert_string_equal(c.cgroupns_mode, "");
	container_fact_release(&c);
	edit_ok("Config", "Labels", "null", &c);
	assert_int_equal(c.labels->type, VALUE_MAP);
	assert_int_equal(c.labels->map.n, 0);
	container_fact_release(&c);
	edit_ok("Config", "Labels", "{\"a\":\"1\",\"dockward.skip\":\"\"}", &c);
	_cleanup_free_ char *labels = value_to_text(c.labels);
	assert_string_equal(labels, "{\"a\":\"1\",\"dockward.skip\":\"\"}");
	container_fact_release(&c);
	edit_ok("HostConfig", "RestartPolicy", NULL, &c);
	assert_string_equal(c.restart_policy, "");
	container_fact_release(&c);
	edit_ok("HostConfig", "PortBindings", "null", &c);
	assert_int_equal(c.n_ports, 0);
	container_fact_release(&c);
	edit_ok("HostConfig", "CapAdd", "[\"SYS_ADMIN\",\"NET_ADMIN\"]", &c);
	static const char *const caps[] = {"SYS_ADMIN", "NET_ADMIN"};
	assert_strv(c.cap_add, caps, 2);
	container_fact_release(&c);

	/* ports: empty (the daemon picks), a range, none, two bindings of one port */
	edit_ok("HostConfig", "PortBindings",
		"{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"\"},{\"HostIp\":\"::1\","
		"\"HostPort\":\"8000-8010\"}],\"53/udp\":null,\"9/tcp\":[]}",
		&c);
	assert_int_equal(c.n_ports, 2);
	assert_string_equal(c.ports[0].container_port, "80/tcp");
	assert_string_equal(c.ports[0].host_ip, "");
	assert_int_equal(c.ports[0].host_port, 0);
	assert_string_equal(c.ports[1].host_ip, "::1");
	assert_int_equal(c.ports[1].host_port, 8000);
	container_fact_release(&c);

	edit_ok("HostConfig", "Devices",
		"[{\"PathOnHost\":\"/dev/fuse\",\"PathInContainer\":\"/dev/fuse\","
		"\"CgroupPermissions\":\"rwm\"}]",
		&c);
	assert_int_equal(c.n_devices, 1);
	assert_string_equal(c.devices[0].host_path, "/dev/fuse");
	assert_string_equal(c.devices[0].container_path, "/dev/fuse");
	assert_string_equal(c.devices[0].permissions, "rwm");
	container_fact_release(&c);

	/* health checks */
	edit_ok("Config", "Healthcheck", "{\"Test\":[\"NONE\"]}", &c);
	assert_int_equal(c.healthcheck, TRI_NO);
	container_fact_release(&c);
	edit_ok("Config", "Healthcheck", "null", &c);
	assert_int_equal(c.healthcheck, TRI_NO);
	container_fact_release(&c);
	edit_ok("Config", "Healthcheck", "{\"Test\":[]}", &c);
	assert_int_equal(c.healthcheck, TRI_NO);
	container_fact_release(&c);
	edit_ok("Config", "Healthcheck", "{\"Test\":[\"CMD\",\"/bin/check\"]}", &c);
	assert_int_equal(c.healthcheck, TRI_YES);
	container_fact_release(&c);
	edit_ok("", "Name", "\"/a/b\"", &c);
	assert_string_equal(c.name, "a/b");
	container_fact_release(&c);
}

static void test_inspect_wrong_types(void **state)
{
	(void)state;
	edit_fails("HostConfig", "CapAdd", "42",
		   "HostConfig.CapAdd: expected a list of strings, got 42");
	edit_fails("HostConfig", "CapAdd", "[\"SYS_ADMIN\",1]",
		   "HostConfig.CapAdd[1]: expected a string, got 1");
	edit_fails("", "Mounts", "{}", "Mounts: expected a list, got an object");
	edit_fails("", "Mounts", "[42]", "Mounts[0]: expected an object, got 42");
	edit_fails("", "Mounts", "[{\"RW\":\"true\"}]",
		   "Mounts[0].RW: expected a boolean, got \"true\"");
	edit_fails("HostConfig", "Privileged", "\"yes\"",
		   "HostConfig.Privileged: expected a boolean, got \"yes\"");
	edit_fails("HostConfig", "Privileged", "null",
		   "HostConfig.Privileged: expected a boolean, got null");
	edit_fails("", "Name", "null", "Name: expected a string, got null");
	edit_fails("", "Name", NULL, "Name: missing");
	edit_fails("", "Id", "\"\"", "Id: empty");
	edit_fails("", "HostConfig", NULL, "HostConfig: missing");
	edit_fails("", "HostConfig", "null", "HostConfig: expected an object, got null");
	edit_fails("", "State", "[]", "State: expected an object, got a list");
	edit_fails("State", "Pid", "\"26754\"", "State.Pid: expected an integer, got \"26754\"");
	edit_fails("HostConfig", "Memory", "1.5", "HostConfig.Memory: expected an integer, got 1.5");
	edit_fails("HostConfig", "Memory", "99999999999999999999",
		   "HostConfig.Memory: expected an integer within 64 bits, got 18446744073709551615");
	edit_fails("HostConfig", "PidsLimit", "\"50\"",
		   "HostConfig.PidsLimit: expected an integer, got \"50\"");
	edit_fails("HostConfig", "RestartPolicy", "\"always\"",
		   "HostConfig.RestartPolicy: expected an object, got \"always\"");
	edit_fails("HostConfig.RestartPolicy", "MaximumRetryCount", "true",
		   "HostConfig.RestartPolicy.MaximumRetryCount: expected an integer, got true");
	edit_fails("HostConfig", "PortBindings", "[]",
		   "HostConfig.PortBindings: expected an object, got a list");
	edit_fails("HostConfig", "PortBindings", "{\"80/tcp\":{}}",
		   "HostConfig.PortBindings[\"80/tcp\"]: expected a list, got an object");
	edit_fails("HostConfig", "PortBindings", "{\"80/tcp\":[{\"HostPort\":8080}]}",
		   "HostConfig.PortBindings[\"80/tcp\"][0].HostPort: expected a string, got 8080");
	edit_fails("HostConfig", "PortBindings", "{\"80/tcp\":[{\"HostPort\":\"http\"}]}",
		   "HostConfig.PortBindings[\"80/tcp\"][0].HostPort: expected a port number or "
		   "range, got \"http\"");
	edit_fails("HostConfig", "PortBindings", "{\"80/tcp\":[{\"HostPort\":\"70000\"}]}",
		   "HostConfig.PortBindings[\"80/tcp\"][0].HostPort: expected a port number or "
		   "range, got \"70000\"");
	edit_fails("HostConfig", "PortBindings", "{\"80/tcp\":[{\"HostPort\":\"90-80\"}]}",
		   "HostConfig.PortBindings[\"80/tcp\"][0].HostPort: expected a port number or "
		   "range, got \"90-80\"");
	edit_fails("HostConfig", "Devices", "[{\"PathOnHost\":[]}]",
		   "HostConfig.Devices[0].PathOnHost: expected a string, got a list");
	edit_fails("Config", "Labels", "[]", "Config.Labels: expected an object of strings, got a list");
	edit_fails("Config", "Labels", "{\"a\":1}", "Config.Labels[\"a\"]: expected a string, got 1");
	edit_fails("Config", "Labels", "{\"a\\nb\":null}",
		   "Config.Labels[\"a\\nb\"]: expected a string, got null");
	edit_fails("Config", "Healthcheck", "{\"Test\":\"CMD true\"}",
		   "Config.Healthcheck.Test: expected a list of strings, got \"CMD true\"");
	edit_fails("Config", "User", "\"a\\u0000b\"", "Config.User: contains a NUL byte");
	edit_fails("HostConfig", "SecurityOpt", "[\"seccomp=\\u0000\"]",
		   "HostConfig.SecurityOpt[0]: contains a NUL byte");
	edit_fails("HostConfig", "Privileged",
		   "\"an unusually long profile name that goes on and on and on\"",
		   "HostConfig.Privileged: expected a boolean, got \"an unusually long profile "
		   "name that goe...");
}

static void test_inspect_broken_text(void **state)
{
	(void)state;
	/* the top level */
	inspect_fails("", "offset 0: unexpected end of data");
	inspect_fails("  \n", "offset 3: unexpected end of data");
	inspect_fails("null", "top level: expected an object, got null");
	inspect_fails("[]", "top level: expected an object, got a list");
	inspect_fails("42", "top level: expected an object, got 42");
	inspect_fails("\"x\"", "top level: expected an object, got \"x\"");
	inspect_fails("{}", "Id: missing");
	inspect_fails("{} {}", "offset 3: unexpected character");
	inspect_fails("{\"Id\":\"x\"} x", "offset 11: unexpected character");
	inspect_fails("{'Id':'x'}", "offset 6: unexpected character");
	inspect_fails("{'Id':\"x\"}", "offset 1: single-quoted string"); /* json-c takes it */
	inspect_fails("{\"Id\":\"\xff\"}", "offset 7: invalid utf-8 string");
	inspect_fails_n("{\"Id\":\"a\0b\"}", 12, "offset 8: NUL byte");
	inspect_fails("{\"Id\":\"a\\u0000b\"}", "Id: contains a NUL byte");

	/* a NUL in a key would be cut short by json-c: refused before */
	size_t len;
	_cleanup_free_ char *hard = load("inspect-hard.json", &len);
	char *at = strstr(hard, "\"Labels\":{}");
	assert_non_null(at);
	_cleanup_free_ char *nulkey = xasprintf("%.*s\"Labels\":{\"a\\u0000b\":\"x\"}%s",
						(int)(at - hard), hard, at + 11);
	_cleanup_free_ char *want = xasprintf("offset %zu: NUL byte in an object key",
					      (size_t)(at - hard) + 12);
	inspect_fails(nulkey, want);

	/* 1000 levels: json-c stops at its bound */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "{\"Id\":");
	for (int i = 0; i < 1000; i++)
		strbuf_addc(&sb, '[');
	for (int i = 0; i < 1000; i++)
		strbuf_addc(&sb, ']');
	strbuf_addc(&sb, '}');
	inspect_fails(sb.buf, "offset 69: nesting too deep");
	strbuf_release(&sb);

	/* every recorded inspect cut short at every 97th byte (and just before its end) */
	size_t cuts = 0;
	for (size_t k = 0; k < ELEMENTSOF(inspects); k++) {
		_cleanup_free_ char *text = load(inspects[k], &len);
		while (len > 0 && strchr(" \n", text[len - 1]))
			len--;
		for (size_t n = 0; n < len; n = n + 97 < len || n + 1 == len ? n + 97 : len - 1) {
			/* an exact-size copy: ASan and valgrind catch any read past the end */
			char *copy = n ? xmalloc(n) : NULL;
			if (n)
				memcpy(copy, text, n);
			inspect_fails_n(copy ? copy : "", n, "offset *");
			free(copy);
			cuts++;
		}
	}
	assert_true(cuts > 8 * 30);
}

/* A failure part-way keeps what was read, and container_fact_release frees it (valgrind). */
static void test_inspect_partial(void **state)
{
	(void)state;
	_cleanup_free_ char *text = edited(
		"", "Mounts", "[{\"Type\":\"bind\",\"Source\":\"/a\",\"Destination\":\"/b\"},7]");
	struct container_fact c = {0};
	char *why = NULL;
	assert_int_equal(engine_parse_inspect(text, strlen(text), &c, &why), -EBADMSG);
	assert_string_equal(why, "Mounts[1]: expected an object, got 7");
	assert_int_equal(c.n_mounts, 2);
	assert_string_equal(c.mounts[0].source, "/a");
	assert_null(c.mounts[1].source);
	assert_string_equal(c.name, "/hard"); /* not yet stripped: the parse stopped first */
	assert_int_equal(c.inspect.state, FACT_UNKNOWN);
	container_fact_release(&c);
	free(why);

	_cleanup_free_ char *ports = edited(
		"HostConfig", "PortBindings",
		"{\"1/tcp\":[{\"HostIp\":\"a\",\"HostPort\":\"1\"}],\"2/tcp\":[{\"HostPort\":\"x\"}]}");
	why = NULL;
	assert_int_equal(engine_parse_inspect(ports, strlen(ports), &c, &why), -EBADMSG);
	assert_int_equal(c.n_ports, 2);
	assert_string_equal(c.ports[0].host_ip, "a");
	assert_string_equal(c.ports[1].container_port, "2/tcp");
	container_fact_release(&c);
	free(why);
}

/* ---- lists, top, images ---- */

static void test_container_list(void **state)
{
	(void)state;
	size_t len, n;
	_cleanup_free_ char *text = load("containers-all.json", &len);
	struct container_summary *s = NULL;
	char *why = NULL;
	assert_int_equal(engine_parse_container_list(text, len, &s, &n, &why), 0);
	assert_null(why);
	assert_int_equal(n, 8);
	static const char *const names[] = {"priv", "hard", "always", "unconf",
					    "etc",  "varrun", "caps", "hostpid"};
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(s[i].name, names[i]);
		assert_string_equal(s[i].image, "dw-busybox:1");
		assert_string_equal(s[i].state, i == 0 ? "created" : "running");
		assert_int_equal(s[i].labels->type, VALUE_MAP);
		assert_int_equal(strlen(s[i].id), 64);
	}
	assert_string_equal(s[1].id, "a54d003f83c8727017dec8a9e96081bf1990f6dba3f5e9e801c679347821e35e");
	container_summaries_free(s, n);

	_cleanup_free_ char *running = load("containers.json", &len);
	assert_int_equal(engine_parse_container_list(running, len, &s, &n, &why), 0);
	assert_int_equal(n, 7);
	assert_string_equal(s[0].name, "hard");
	container_summaries_free(s, n);

	assert_int_equal(engine_parse_container_list("[]", 2, &s, &n, &why), 0);
	assert_int_equal(n, 0);
	assert_null(s);

	const char *t = "[{\"Id\":\"a\",\"Names\":null,\"Labels\":{\"k\":\"v\"}}]";
	assert_int_equal(engine_parse_container_list(t, strlen(t), &s, &n, &why), 0);
	assert_int_equal(n, 1);
	assert_string_equal(s[0].name, "");
	assert_string_equal(s[0].state, "");
	assert_true(value_is_string(value_map_get(s[0].labels, "k"), "v"));
	container_summaries_free(s, n);

	static const struct {
		const char *text, *why;
	} bad[] = {
		{"{}", "top level: expected a list, got an object"},
		{"[{\"Id\":\"a\"},{\"Id\":\"b\",\"Names\":[\"/b\"],\"Labels\":[]}]",
		 "[1].Labels: expected an object of strings, got a list"},
		{"[{\"Id\":\"a\"},3]", "[1]: expected an object, got 3"},
		{"[{\"Names\":[\"/x\"]}]", "[0].Id: missing"},
	};
	for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
		s = NULL;
		assert_int_equal(engine_parse_container_list(bad[i].text, strlen(bad[i].text), &s,
							     &n, &why),
				 -EBADMSG);
		assert_string_equal(why, bad[i].why);
		assert_null(s);
		free(why);
		why = NULL;
	}
}

static void test_top(void **state)
{
	(void)state;
	size_t len;
	_cleanup_free_ char *text = load("top-hard.json", &len);
	char **names = NULL, *why = NULL;
	assert_int_equal(engine_parse_top(text, len, &names, &why), 0);
	static const char *const sleep[] = {"sleep"};
	assert_strv(names, sleep, 1);
	names = strv_free(names);

	const char *t = "{\"Titles\":[\"PID\",\"COMMAND\"],\"Processes\":[[\"1\",\"/usr/bin/"
			"python3 -m http.server\"],[\"2\",\"  nginx: worker\"],[\"3\",\"\"]]}";
	assert_int_equal(engine_parse_top(t, strlen(t), &names, &why), 0);
	static const char *const cmds[] = {"python3", "nginx:", ""};
	assert_strv(names, cmds, 3);
	names = strv_free(names);

	t = "{\"Titles\":[\"PID\",\"CMD\",\"COMM\"],\"Processes\":[[\"1\",\"/bin/sh -c x\","
	    "\"kworker/0:1 x\"]]}";
	assert_int_equal(engine_parse_top(t, strlen(t), &names, &why), 0);
	static const char *const comm[] = {"kworker/0:1 x"};
	assert_strv(names, comm, 1);
	names = strv_free(names);

	t = "{\"Titles\":[\"PID\",\"CMD\"],\"Processes\":null}";
	assert_int_equal(engine_parse_top(t, strlen(t), &names, &why), 0);
	assert_null(names);
	assert_null(why);

	static const struct {
		const char *text, *why;
	} bad[] = {
		{"{\"Titles\":[\"PID\"],\"Processes\":[]}", "Titles: no COMM, CMD or COMMAND column"},
		{"{\"Processes\":[]}", "Titles: no COMM, CMD or COMMAND column"},
		{"{\"Titles\":[\"PID\",\"CMD\"],\"Processes\":[[\"1\"]]}",
		 "Processes[0]: no column 2 (CMD)"},
		{"{\"Titles\":[\"CMD\"],\"Processes\":[[\"a\"],\"b\"]}",
		 "Processes[1]: expected a list of strings, got \"b\""},
		{"{\"Titles\":[\"CMD\"],\"Processes\":[[1]]}",
		 "Processes[0][0]: expected a string, got 1"},
		{"{\"Titles\":[\"CMD\"],\"Processes\":{}}", "Processes: expected a list, got an object"},
	};
	for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
		assert_int_equal(engine_parse_top(bad[i].text, strlen(bad[i].text), &names, &why),
				 -EBADMSG);
		assert_string_equal(why, bad[i].why);
		assert_null(names);
		free(why);
		why = NULL;
	}
}

static void test_images(void **state)
{
	(void)state;
	size_t len, n;
	_cleanup_free_ char *text = load("images.json", &len);
	struct image_fact *l = NULL;
	char *why = NULL;
	assert_int_equal(engine_parse_image_list(text, len, &l, &n, &why), 0);
	assert_int_equal(n, 1);
	const char *id = "sha256:d123fa0895e29aad65885cdc6c51f3cdfd29552183579400295693bb12bdde4f";
	assert_string_equal(l[0].id, id);
	static const char *const tags[] = {"dw-busybox:1"};
	assert_strv(l[0].tags, tags, 1);
	assert_int_equal(l[0].inspect.state, FACT_UNKNOWN);

	_cleanup_free_ char *inspect = load("image.json", &len);
	l[0].healthcheck = TRI_UNKNOWN;
	assert_int_equal(engine_parse_image_inspect(inspect, len, &l[0], &why), 0);
	assert_string_equal(l[0].user, "");
	assert_int_equal(l[0].healthcheck, TRI_NO);
	assert_int_equal(l[0].inspect.state, FACT_OK);
	assert_string_equal(l[0].id, id);
	image_fact_release(&l[0]);
	free(l);

	const char *t = "[{\"Id\":\"sha256:1\",\"RepoTags\":[\"<none>:<none>\"]},"
			"{\"Id\":\"sha256:2\",\"RepoTags\":[\"<none>:<none>\",\"a:1\",\"b:2\"]},"
			"{\"Id\":\"sha256:3\",\"RepoTags\":null}]";
	assert_int_equal(engine_parse_image_list(t, strlen(t), &l, &n, &why), 0);
	assert_int_equal(n, 3);
	assert_null(l[0].tags);
	static const char *const ab[] = {"a:1", "b:2"};
	assert_strv(l[1].tags, ab, 2);
	assert_null(l[2].tags);

	/* an image with a user and a health check; one without any Config */
	t = "{\"Id\":\"sha256:1\",\"Config\":{\"User\":\"app\",\"Healthcheck\":{\"Test\":"
	    "[\"CMD-SHELL\",\"true\"]}}}";
	assert_int_equal(engine_parse_image_inspect(t, strlen(t), &l[0], &why), 0);
	assert_string_equal(l[0].user, "app");
	assert_int_equal(l[0].healthcheck, TRI_YES);
	t = "{\"Id\":\"sha256:2\",\"Config\":null}";
	assert_int_equal(engine_parse_image_inspect(t, strlen(t), &l[1], &why), 0);
	assert_string_equal(l[1].user, "");
	assert_int_equal(l[1].healthcheck, TRI_NO);
	/* broken: i stays as it was */
	t = "{\"Id\":\"sha256:3\",\"Config\":{\"User\":0}}";
	assert_int_equal(engine_parse_image_inspect(t, strlen(t), &l[2], &why), -EBADMSG);
	assert_string_equal(why, "Config.User: expected a string, got 0");
	assert_null(l[2].user);
	assert_int_equal(l[2].inspect.state, FACT_UNKNOWN);
	free(why);
	for (size_t i = 0; i < n; i++)
		image_fact_release(&l[i]);
	free(l);

	t = "[{\"Id\":\"sha256:1\",\"RepoTags\":[\"a\"]},{\"Id\":\"sha256:2\",\"RepoTags\":7}]";
	l = NULL;
	assert_int_equal(engine_parse_image_list(t, strlen(t), &l, &n, &why), -EBADMSG);
	assert_string_equal(why, "[1].RepoTags: expected a list of strings, got 7");
	assert_null(l);
	free(why);
}

/* Every parser on every recorded file: 0, or -EBADMSG with a message; never a crash. */
static void test_all_parsers_all_files(void **state)
{
	(void)state;
	size_t ok = 0;
	for (size_t k = 0; k < ELEMENTSOF(recorded); k++) {
		size_t len, n;
		_cleanup_free_ char *text = load(recorded[k], &len);
		for (int p = 0; p < 7; p++) {
			struct engine_facts e = {0};
			struct container_fact c = {0};
			struct container_summary *s = NULL;
			struct image_fact *images = NULL, img = {0};
			char **names = NULL, *why = NULL;
			int r;
			switch (p) {
			case 0: r = engine_parse_version(text, len, &e, &why); break;
			case 1: r = engine_parse_info(text, len, &e, &why); break;
			case 2: r = engine_parse_bridge(text, len, &e, &why); break;
			case 3: r = engine_parse_container_list(text, len, &s, &n, &why); break;
			case 4: r = engine_parse_inspect(text, len, &c, &why); break;
			case 5: r = engine_parse_top(text, len, &names, &why); break;
			default: r = engine_parse_image_list(text, len, &images, &n, &why); break;
			}
			if (r == 0) {
				assert_null(why);
				ok++;
			} else {
				assert_int_equal(r, -EBADMSG);
				assert_non_null(why);
				assert_true(strlen(why) > 0);
			}
			if (p == 3 && r == 0)
				container_summaries_free(s, n);
			if (p == 6 && r == 0) {
				for (size_t i = 0; i < n; i++)
					image_fact_release(&images[i]);
				free(images);
			}
			char *why2 = NULL;
			r = engine_parse_image_inspect(text, len, &img, &why2);
			assert_true(r == 0 ? !why2 : r == -EBADMSG && why2);
			free(why2);
			image_fact_release(&img);
			engine_facts_release(&e);
			container_fact_release(&c);
			strv_free(names);
			free(why);
		}
	}
	/* each file parses with its own parser at least (bridge and info take any object) */
	assert_true(ok >= ELEMENTSOF(recorded));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_info_synthetic),
		cmocka_unit_test(test_bridge),
		cmocka_unit_test(test_inspect_recorded),
		cmocka_unit_test(test_inspect_fields),
		cmocka_unit_test(test_inspect_wrong_types),
		cmocka_unit_test(test_inspect_broken_text),
		cmocka_unit_test(test_inspect_partial),
		cmocka_unit_test(test_container_list),
		cmocka_unit_test(test_top),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_all_parsers_all_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
