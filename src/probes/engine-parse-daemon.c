/* engine-parse-daemon.c: what the running daemon says about itself (/version, /info,
 * /networks/bridge), turned into engine facts and into settings in daemon.json's terms.
 *
 * The settings are what the checks compare with daemon.json and dockerd's flags: the API is
 * the daemon's own word on what is in force, after defaults, flags and reloads. Only what the
 * API actually tells becomes a setting: a field the answer leaves out adds none (an older or
 * stripped-down engine), so a check sees "the API does not tell", never a guessed default.
 *
 * Each parser reads into a scratch struct and moves the result into the caller's facts only
 * once the whole answer has been read: a broken answer leaves nothing half-applied behind. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "engine-parse-util.h"
#include "engine-parse.h"

#define ICC_OPTION "com.docker.network.bridge.enable_icc"

/* Replaces *dst with *src (taken). */
static void move_string(char **dst, char **src)
{
	free(*dst);
	*dst = TAKE_PTR(*src);
}

/* Moves every setting of t into e, replacing e's settings of the same keys. */
static void move_settings(struct engine_facts *e, struct engine_facts *t)
{
	for (size_t i = 0; i < t->n_settings; i++) {
		struct engine_setting *s = &t->settings[i];
		engine_facts_add_setting(e, s->key, TAKE_PTR(s->value), s->api_field, s->api_text);
	}
}

/* ---- /version ---- */

int engine_parse_version(const char *text, size_t len, struct engine_facts *e, char **ret_why)
{
	*ret_why = NULL;
	_cleanup_json_ json_object *root = NULL;
	_cleanup_free_ char *version = NULL, *api = NULL, *os = NULL, *arch = NULL,
			    *kernel = NULL;
	int r = ep_parse_object(text, len, &root, ret_why);
	if (r < 0)
		return r;
	if ((r = ep_string_required(root, NULL, "Version", &version, ret_why)) < 0 ||
	    (r = ep_string_required(root, NULL, "ApiVersion", &api, ret_why)) < 0 ||
	    (r = ep_string(root, NULL, "Os", NULL, &os, ret_why)) < 0 ||
	    (r = ep_string(root, NULL, "Arch", NULL, &arch, ret_why)) < 0 ||
	    (r = ep_string(root, NULL, "KernelVersion", NULL, &kernel, ret_why)) < 0)
		return r;
	move_string(&e->version, &version);
	move_string(&e->api_version, &api);
	move_string(&e->os, &os);
	move_string(&e->arch, &arch);
	move_string(&e->kernel_version, &kernel);
	return 0;
}

/* ---- /info ---- */

/* String fields of /info: into the facts and, when the daemon.json key exists, a setting. */
static const struct info_string {
	const char *field;   /* in /info */
	const char *setting; /* daemon.json key, NULL: a fact only */
	size_t offset;       /* of the char * in struct engine_facts */
} info_strings[] = {
	{"LoggingDriver", "log-driver", offsetof(struct engine_facts, logging_driver)},
	{"DockerRootDir", "data-root", offsetof(struct engine_facts, data_root)},
	{"Driver", "storage-driver", offsetof(struct engine_facts, storage_driver)},
	{"DefaultRuntime", "default-runtime", offsetof(struct engine_facts, default_runtime)},
	/* daemon.json sets it only inside exec-opts ("native.cgroupdriver=systemd") */
	{"CgroupDriver", NULL, offsetof(struct engine_facts, cgroup_driver)},
};

static const struct info_bool {
	const char *field, *setting;
	size_t offset; /* of the bool in struct engine_facts */
} info_bools[] = {
	{"LiveRestoreEnabled", "live-restore", offsetof(struct engine_facts, live_restore)},
	{"ExperimentalBuild", "experimental", offsetof(struct engine_facts, experimental)},
	{"Debug", "debug", offsetof(struct engine_facts, debug)},
};

static void add_info_setting(struct engine_facts *t, const char *key, struct value *v,
			     const char *field, json_object *api)
{
	_cleanup_free_ char *where = xasprintf("/info %s", field);
	engine_facts_add_setting(t, key, v, where, ep_text(api));
}

static int read_info_fields(json_object *root, struct engine_facts *t, char **ret_why)
{
	int r;
	for (size_t i = 0; i < ELEMENTSOF(info_strings); i++) {
		const struct info_string *f = &info_strings[i];
		char **dst = (char **)((char *)t + f->offset);
		json_object *v;
		if ((r = ep_string(root, NULL, f->field, NULL, dst, ret_why)) < 0)
			return r;
		if (*dst && f->setting && json_object_object_get_ex(root, f->field, &v))
			add_info_setting(t, f->setting, value_new_string(*dst), f->field, v);
	}
	for (size_t i = 0; i < ELEMENTSOF(info_bools); i++) {
		const struct info_bool *f = &info_bools[i];
		bool *dst = (bool *)((char *)t + f->offset);
		bool present;
		json_object *v;
		if ((r = ep_bool(root, NULL, f->field, dst, &present, ret_why)) < 0)
			return r;
		if (present && json_object_object_get_ex(root, f->field, &v))
			add_info_setting(t, f->setting, value_new_bool(*dst), f->field, v);
	}
	/* "1" or "2" (API 1.40 and later): the cgroup namespace tests depend on it */
	_cleanup_free_ char *cgv = NULL;
	if ((r = ep_string(root, NULL, "CgroupVersion", NULL, &cgv, ret_why)) < 0)
		return r;
	t->cgroup_version = !cgv ? 0 : STREQ(cgv, "1") ? 1 : STREQ(cgv, "2") ? 2 : 0;
	/* The API tells only whether debug is on; when it is, that is what log-level says. */
	json_object *debug;
	if (t->debug && json_object_object_get_ex(root, "Debug", &debug))
		add_info_setting(t, "log-level", value_new_string("debug"), "Debug", debug);
	return 0;
}

/* One SecurityOptions entry: "name=seccomp,profile=default" (API >= 1.26), or a bare name
 * ("apparmor", "seccomp", "selinux") as older engines wrote them. Unknown names are kept in
 * security_options only. */
static void read_security_option(const char *entry, struct engine_facts *t)
{
	_cleanup_free_ char *name = NULL, *profile = NULL;
	if (startswith(entry, "name=")) {
		for (const char *p = entry; *p;) {
			size_t n = strcspn(p, ",");
			const char *eq = memchr(p, '=', n);
			if (eq && eq - p == 4 && startswith(p, "name=") && !name) {
				name = xstrndup(eq + 1, n - 5);
			} else if (eq && eq - p == 7 && startswith(p, "profile=") && !profile) {
				/* dockerd writes the profile last and does not escape it: a path
				 * with a comma in it runs to the end */
				profile = xstrdup(eq + 1);
				break;
			}
			p += n;
			if (*p == ',')
				p++;
		}
	} else {
		name = xstrdup(entry);
	}
	if (!name)
		return;
	if (STREQ(name, "seccomp")) {
		/* "builtin" is how engines since 20.10.x (some builds) and 23 name the default
		 * profile; dockward calls it "default" either way. */
		free(t->seccomp_profile);
		t->seccomp_profile = xstrdup(!profile || STREQ(profile, "default") ||
							     STREQ(profile, "builtin")
						     ? "default"
						     : profile);
	} else if (STREQ(name, "userns")) {
		t->userns = true;
	} else if (STREQ(name, "rootless")) {
		t->rootless = true;
	} else if (STREQ(name, "selinux")) {
		t->selinux = true;
	} else if (STREQ(name, "apparmor")) {
		t->apparmor = true;
	} else if (STREQ(name, "no-new-privileges")) {
		t->no_new_privileges = true;
	}
}

/* SecurityOptions lists what is in force and only that: an absent entry means off. When the
 * whole field is absent the API does not tell, and no setting is added. */
static int read_security_options(json_object *root, struct engine_facts *t, char **ret_why)
{
	json_object *so;
	int r = ep_strv(root, NULL, "SecurityOptions", &t->security_options, ret_why);
	if (r < 0)
		return r;
	if (!json_object_object_get_ex(root, "SecurityOptions", &so))
		return 0;
	for (size_t i = 0; t->security_options && t->security_options[i]; i++)
		read_security_option(t->security_options[i], t);
	add_info_setting(t, "selinux-enabled", value_new_bool(t->selinux), "SecurityOptions", so);
	/* Without a seccomp entry seccomp is off (kernel or build): seccomp-profile has no
	 * meaning then, and the API says nothing about it. */
	if (t->seccomp_profile)
		add_info_setting(t, "seccomp-profile",
				 STREQ(t->seccomp_profile, "default")
					 ? value_new_null()
					 : value_new_string(t->seccomp_profile),
				 "SecurityOptions", so);
	return 0;
}

/* insecure-registries: RegistryConfig.InsecureRegistryCIDRs (less 127.0.0.0/8, which dockerd
 * always adds) and the names of IndexConfigs that are not Secure. */
static int read_registries(json_object *root, struct engine_facts *t, char **ret_why)
{
	const char *path = "RegistryConfig";
	json_object *rc, *index;
	_cleanup_strv_free_ char **cidrs = NULL;
	int r;
	if ((r = ep_object(root, NULL, path, false, &rc, ret_why)) < 0)
		return r;
	if (!rc)
		return 0;
	if ((r = ep_strv(rc, path, "InsecureRegistryCIDRs", &cidrs, ret_why)) < 0 ||
	    (r = ep_object(rc, path, "IndexConfigs", false, &index, ret_why)) < 0)
		return r;

	_cleanup_(value_freep) struct value *list = value_new_list();
	for (size_t i = 0; cidrs && cidrs[i]; i++)
		if (!STREQ(cidrs[i], "127.0.0.0/8"))
			value_list_append(list, value_new_string(cidrs[i]));
	if (index) {
		_cleanup_free_ char *ipath = ep_path(path, "IndexConfigs");
		json_object_object_foreach(index, key, reg)
		{
			_cleanup_free_ char *rpath = ep_path_key(ipath, key);
			_cleanup_free_ char *name = NULL;
			bool secure, has_secure;
			if (!json_object_is_type(reg, json_type_object))
				return ep_type_error(ret_why, rpath, "an object", reg);
			if ((r = ep_string(reg, rpath, "Name", key, &name, ret_why)) < 0 ||
			    (r = ep_bool(reg, rpath, "Secure", &secure, &has_secure, ret_why)) < 0)
				return r;
			if (has_secure && !secure)
				value_list_append(list, value_new_string(name));
		}
	}
	add_info_setting(t, "insecure-registries", TAKE_PTR(list), path, rc);
	return 0;
}

int engine_parse_info(const char *text, size_t len, struct engine_facts *e, char **ret_why)
{
	*ret_why = NULL;
	_cleanup_json_ json_object *root = NULL;
	struct engine_facts t = {0};
	int r = ep_parse_object(text, len, &root, ret_why);
	if (r < 0)
		return r;
	if ((r = read_info_fields(root, &t, ret_why)) < 0 ||
	    (r = read_security_options(root, &t, ret_why)) < 0 ||
	    (r = read_registries(root, &t, ret_why)) < 0) {
		engine_facts_release(&t);
		return r;
	}

	strv_free(e->security_options);
	e->security_options = TAKE_PTR(t.security_options);
	e->userns = t.userns;
	e->rootless = t.rootless;
	e->selinux = t.selinux;
	e->apparmor = t.apparmor;
	e->no_new_privileges = t.no_new_privileges;
	move_string(&e->seccomp_profile, &t.seccomp_profile);
	for (size_t i = 0; i < ELEMENTSOF(info_strings); i++)
		move_string((char **)((char *)e + info_strings[i].offset),
			    (char **)((char *)&t + info_strings[i].offset));
	e->debug = t.debug;
	e->live_restore = t.live_restore;
	e->experimental = t.experimental;
	e->cgroup_version = t.cgroup_version;
	move_settings(e, &t);
	engine_facts_release(&t);
	return 0;
}

/* ---- /networks/bridge ---- */

int engine_parse_bridge(const char *text, size_t len, struct engine_facts *e, char **ret_why)
{
	*ret_why = NULL;
	_cleanup_json_ json_object *root = NULL;
	json_object *options, *icc = NULL;
	int r = ep_parse_object(text, len, &root, ret_why);
	if (r < 0)
		return r;
	if ((r = ep_object(root, NULL, "Options", false, &options, ret_why)) < 0)
		return r;
	_cleanup_free_ char *path = ep_path_key("Options", ICC_OPTION);
	_cleanup_free_ char *where = xasprintf("/networks/bridge %s", path);
	if (!options || !json_object_object_get_ex(options, ICC_OPTION, &icc)) {
		/* dockerd leaves the option out when icc has its default, true */
		engine_facts_add_setting(e, "icc", value_new_bool(true), where, "absent");
		return 0;
	}
	_cleanup_free_ char *s = NULL;
	if ((r = ep_as_string(icc, path, &s, ret_why)) < 0)
		return r;
	if (!STREQ(s, "true") && !STREQ(s, "false"))
		return ep_type_error(ret_why, path, "\"true\" or \"false\"", icc);
	engine_facts_add_setting(e, "icc", value_new_bool(STREQ(s, "true")), where, ep_text(icc));
	return 0;
}
