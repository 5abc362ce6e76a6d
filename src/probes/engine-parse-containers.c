/* engine-parse-containers.c: containers and images as the Engine API lists and inspects them
 * (/containers/json, /containers/ID/json, /containers/ID/top, /images/json, /images/ID/json).
 *
 * The container checks read HostConfig and the mounts as dockerd keeps them, so the inspect
 * parser reads them field by field against the documented types; a wrong type anywhere it
 * looks is an error naming the field, never a silent default that would let a privileged
 * container pass. State, Config and HostConfig must be there: an answer without them is not a
 * container. Arrays are sized once from json-c's counts (a hostile answer with a million port
 * bindings costs linear time), and counts are set before their items are filled, so that a
 * container_fact left by a failed parse is still released whole. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "engine-parse-util.h"
#include "engine-parse.h"

/* A member of struct container_fact, read from the field of the same meaning. */
struct fact_field {
	const char *name;
	size_t offset;
};
#define FIELD(name, member) {name, offsetof(struct container_fact, member)}
#define AT(c, f, type) ((type *)((char *)(c) + (f)->offset))

static const struct fact_field host_strings[] = {
	FIELD("PidMode", pid_mode),         FIELD("NetworkMode", network_mode),
	FIELD("IpcMode", ipc_mode),         FIELD("UTSMode", uts_mode),
	FIELD("UsernsMode", userns_mode),
	/* API >= 1.41 only: "" (the daemon's default) on older engines */
	FIELD("CgroupnsMode", cgroupns_mode), FIELD("CgroupParent", cgroup_parent),
};
static const struct fact_field host_ints[] = {
	FIELD("Memory", memory),       FIELD("MemorySwap", memory_swap),
	FIELD("NanoCpus", nano_cpus),  FIELD("CpuShares", cpu_shares),
	FIELD("CpuQuota", cpu_quota),  FIELD("CpuPeriod", cpu_period),
};
static const struct fact_field host_strvs[] = {
	FIELD("CapAdd", cap_add),
	FIELD("CapDrop", cap_drop),
	FIELD("SecurityOpt", security_opt),
};

/* The i-th item of the list at list_path, which must be an object. */
static int list_object(json_object *list, const char *list_path, size_t i, json_object **ret,
		       char **ret_path, char **ret_why)
{
	json_object *item = json_object_array_get_idx(list, i);
	_cleanup_free_ char *path = ep_path_index(list_path, i);
	if (!json_object_is_type(item, json_type_object))
		return ep_type_error(ret_why, path, "an object", item);
	*ret = item;
	*ret_path = TAKE_PTR(path);
	return 0;
}

/* Config.Healthcheck of a container or an image: TRI_YES when Test is set and not ["NONE"].
 * An empty Test means "inherit from the image", which dockerd has already merged into a
 * container's Config: nothing is left to inherit, so that is TRI_NO too. */
static int read_healthcheck(json_object *config, const char *path, enum tri *ret,
			    char **ret_why)
{
	json_object *hc;
	_cleanup_strv_free_ char **test = NULL;
	int r = ep_object(config, path, "Healthcheck", false, &hc, ret_why);
	if (r < 0)
		return r;
	if (hc) {
		_cleanup_free_ char *hpath = ep_path(path, "Healthcheck");
		if ((r = ep_strv(hc, hpath, "Test", &test, ret_why)) < 0)
			return r;
	}
	*ret = test && !STREQ(test[0], "NONE") ? TRI_YES : TRI_NO;
	return 0;
}

/* ---- /containers/json ---- */

void container_summaries_free(struct container_summary *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		free(s[i].id);
		free(s[i].name);
		free(s[i].image);
		free(s[i].state);
		value_free(s[i].labels);
	}
	free(s);
}

static int read_summary(json_object *o, const char *path, struct container_summary *s,
			char **ret_why)
{
	_cleanup_strv_free_ char **names = NULL;
	int r;
	if ((r = ep_string_required(o, path, "Id", &s->id, ret_why)) < 0 ||
	    (r = ep_strv(o, path, "Names", &names, ret_why)) < 0 ||
	    (r = ep_string(o, path, "Image", "", &s->image, ret_why)) < 0 ||
	    (r = ep_string(o, path, "State", "", &s->state, ret_why)) < 0 ||
	    (r = ep_string_map(o, path, "Labels", &s->labels, ret_why)) < 0)
		return r;
	const char *name = names ? names[0] : "";
	s->name = xstrdup(name[0] == '/' ? name + 1 : name);
	return 0;
}

int engine_parse_container_list(const char *text, size_t len, struct container_summary **ret,
				size_t *ret_n, char **ret_why)
{
	*ret_why = NULL;
	_cleanup_json_ json_object *root = NULL;
	int r = ep_parse_list(text, len, &root, ret_why);
	if (r < 0)
		return r;
	size_t n = json_object_array_length(root);
	struct container_summary *l = n ? xcalloc(n, sizeof(*l)) : NULL;
	for (size_t i = 0; i < n; i++) {
		json_object *item;
		_cleanup_free_ char *path = NULL;
		if ((r = list_object(root, NULL, i, &item, &path, ret_why)) < 0 ||
		    (r = read_summary(item, path, &l[i], ret_why)) < 0) {
			container_summaries_free(l, n);
			return r;
		}
	}
	*ret = l;
	*ret_n = n;
	return 0;
}

/* ---- /containers/ID/json ---- */

static int read_state(json_object *root, struct container_fact *c, char **ret_why)
{
	const char *path = "State";
	json_object *s;
	int r;
	if ((r = ep_object(root, NULL, path, true, &s, ret_why)) < 0 ||
	    (r = ep_string(s, path, "Status", "", &c->state, ret_why)) < 0 ||
	    (r = ep_bool(s, path, "Running", &c->running, NULL, ret_why)) < 0 ||
	    (r = ep_int64(s, path, "Pid", false, &c->pid, NULL, ret_why)) < 0)
		return r;
	return 0;
}

static int read_config(json_object *root, struct container_fact *c, char **ret_why)
{
	const char *path = "Config";
	json_object *cfg;
	int r;
	if ((r = ep_object(root, NULL, path, true, &cfg, ret_why)) < 0 ||
	    (r = ep_string(cfg, path, "Image", "", &c->image, ret_why)) < 0 ||
	    (r = ep_string(cfg, path, "User", "", &c->user, ret_why)) < 0 ||
	    (r = ep_string_map(cfg, path, "Labels", &c->labels, ret_why)) < 0 ||
	    (r = read_healthcheck(cfg, path, &c->healthcheck, ret_why)) < 0)
		return r;
	return 0;
}

static int read_devices(json_object *host, const char *hpath, struct container_fact *c,
			char **ret_why)
{
	json_object *list;
	_cleanup_free_ char *path = ep_path(hpath, "Devices");
	int r = ep_list(host, hpath, "Devices", &list, ret_why);
	if (r < 0 || !list)
		return r;
	size_t n = json_object_array_length(list);
	if (n == 0)
		return 0;
	c->devices = xcalloc(n, sizeof(*c->devices));
	c->n_devices = n;
	for (size_t i = 0; i < n; i++) {
		struct container_device *d = &c->devices[i];
		json_object *o;
		_cleanup_free_ char *ipath = NULL;
		if ((r = list_object(list, path, i, &o, &ipath, ret_why)) < 0 ||
		    (r = ep_string(o, ipath, "PathOnHost", "", &d->host_path, ret_why)) < 0 ||
		    (r = ep_string(o, ipath, "PathInContainer", "", &d->container_path,
				   ret_why)) < 0 ||
		    (r = ep_string(o, ipath, "CgroupPermissions", "", &d->permissions,
				   ret_why)) < 0)
			return r;
	}
	return 0;
}

/* HostPort: "" (a port of the daemon's choosing), "8080" or a range "8000-8010" (its first
 * port). */
static int read_host_port(json_object *binding, const char *path, uint32_t *ret,
			  char **ret_why)
{
	_cleanup_free_ char *s = NULL;
	json_object *v;
	int r = ep_string(binding, path, "HostPort", "", &s, ret_why);
	if (r < 0)
		return r;
	if (!*s) {
		*ret = 0;
		return 0;
	}
	char *dash = strchr(s, '-');
	uint32_t first, last = 0;
	if (dash)
		*dash = '\0';
	if (parse_uint32(s, &first) < 0 || first > 65535 ||
	    (dash && (parse_uint32(dash + 1, &last) < 0 || last > 65535 || last < first))) {
		json_object_object_get_ex(binding, "HostPort", &v);
		_cleanup_free_ char *ppath = ep_path(path, "HostPort");
		return ep_type_error(ret_why, ppath, "a port number or range", v);
	}
	*ret = first;
	return 0;
}

/* PortBindings: {"80/tcp": [{"HostIp": "", "HostPort": "8080"}], "53/udp": null}: one
 * container_port per binding (none for a null or empty list). */
static int read_ports(json_object *host, const char *hpath, struct container_fact *c,
		      char **ret_why)
{
	json_object *pb;
	int r = ep_object(host, hpath, "PortBindings", false, &pb, ret_why);
	if (r < 0 || !pb)
		return r;
	_cleanup_free_ char *path = ep_path(hpath, "PortBindings");
	size_t total = 0;
	json_object_object_foreach(pb, port, bindings)
	{
		if (bindings && !json_object_is_type(bindings, json_type_array)) {
			_cleanup_free_ char *ppath = ep_path_key(path, port);
			return ep_type_error(ret_why, ppath, "a list", bindings);
		}
		total += bindings ? json_object_array_length(bindings) : 0;
	}
	if (total == 0)
		return 0;
	c->ports = xcalloc(total, sizeof(*c->ports));
	c->n_ports = total;
	size_t k = 0;
	json_object_object_foreach(pb, port2, bindings2)
	{
		size_t n = bindings2 ? json_object_array_length(bindings2) : 0;
		_cleanup_free_ char *ppath = ep_path_key(path, port2);
		for (size_t i = 0; i < n && k < total; i++, k++) {
			struct container_port *p = &c->ports[k];
			json_object *o;
			_cleanup_free_ char *ipath = NULL;
			p->container_port = xstrdup(port2);
			if ((r = list_object(bindings2, ppath, i, &o, &ipath, ret_why)) < 0 ||
			    (r = ep_string(o, ipath, "HostIp", "", &p->host_ip, ret_why)) < 0 ||
			    (r = read_host_port(o, ipath, &p->host_port, ret_why)) < 0)
				return r;
		}
	}
	return 0;
}

static int read_host_config(json_object *root, struct container_fact *c, char **ret_why)
{
	const char *path = "HostConfig";
	json_object *h, *rp;
	int r;
	if ((r = ep_object(root, NULL, path, true, &h, ret_why)) < 0)
		return r;
	for (size_t i = 0; i < ELEMENTSOF(host_strings); i++)
		if ((r = ep_string(h, path, host_strings[i].name, "",
				   AT(c, &host_strings[i], char *), ret_why)) < 0)
			return r;
	for (size_t i = 0; i < ELEMENTSOF(host_ints); i++)
		if ((r = ep_int64(h, path, host_ints[i].name, false,
				  AT(c, &host_ints[i], int64_t), NULL, ret_why)) < 0)
			return r;
	for (size_t i = 0; i < ELEMENTSOF(host_strvs); i++)
		if ((r = ep_strv(h, path, host_strvs[i].name, AT(c, &host_strvs[i], char **),
				 ret_why)) < 0)
			return r;
	if ((r = ep_bool(h, path, "Privileged", &c->privileged, NULL, ret_why)) < 0 ||
	    (r = ep_bool(h, path, "ReadonlyRootfs", &c->readonly_rootfs, NULL, ret_why)) < 0 ||
	    (r = ep_int64(h, path, "PidsLimit", true, &c->pids_limit, NULL, ret_why)) < 0)
		return r;
	/* null (API >= 1.41), 0 and -1 all mean unlimited; dockerd treats any value <= 0 so */
	if (c->pids_limit < 0)
		c->pids_limit = 0;

	if ((r = ep_object(h, path, "RestartPolicy", false, &rp, ret_why)) < 0)
		return r;
	if (rp) {
		_cleanup_free_ char *rpath = ep_path(path, "RestartPolicy");
		if ((r = ep_string(rp, rpath, "Name", "", &c->restart_policy, ret_why)) < 0 ||
		    (r = ep_int64(rp, rpath, "MaximumRetryCount", false, &c->restart_max_retries,
				  NULL, ret_why)) < 0)
			return r;
	} else {
		c->restart_policy = xstrdup("");
	}
	if ((r = read_devices(h, path, c, ret_why)) < 0 || (r = read_ports(h, path, c, ret_why)) < 0)
		return r;
	return 0;
}

static int read_mounts(json_object *root, struct container_fact *c, char **ret_why)
{
	json_object *list;
	int r = ep_list(root, NULL, "Mounts", &list, ret_why);
	if (r < 0 || !list)
		return r;
	size_t n = json_object_array_length(list);
	if (n == 0)
		return 0;
	c->mounts = xcalloc(n, sizeof(*c->mounts));
	c->n_mounts = n;
	for (size_t i = 0; i < n; i++) {
		struct container_mount *m = &c->mounts[i];
		json_object *o;
		_cleanup_free_ char *path = NULL;
		if ((r = list_object(list, "Mounts", i, &o, &path, ret_why)) < 0 ||
		    (r = ep_string(o, path, "Type", "", &m->type, ret_why)) < 0 ||
		    (r = ep_string(o, path, "Source", "", &m->source, ret_why)) < 0 ||
		    (r = ep_string(o, path, "Destination", "", &m->destination, ret_why)) < 0 ||
		    (r = ep_string(o, path, "Mode", "", &m->mode, ret_why)) < 0 ||
		    (r = ep_string(o, path, "Propagation", "", &m->propagation, ret_why)) < 0 ||
		    (r = ep_bool(o, path, "RW", &m->rw, NULL, ret_why)) < 0)
			return r;
	}
	return 0;
}

int engine_parse_inspect(const char *text, size_t len, struct container_fact *c, char **ret_why)
{
	*ret_why = NULL;
	_cleanup_json_ json_object *root = NULL;
	int r = ep_parse_object(text, len, &root, ret_why);
	if (r < 0)
		return r;
	if ((r = ep_string_required(root, NULL, "Id", &c->id, ret_why)) < 0)
		return r;
	if (!*c->id)
		return ep_fail(ret_why, "Id", "empty");
	if ((r = ep_string_required(root, NULL, "Name", &c->name, ret_why)) < 0 ||
	    (r = ep_string(root, NULL, "Image", "", &c->image_id, ret_why)) < 0 ||
	    (r = ep_string(root, NULL, "AppArmorProfile", "", &c->apparmor_profile, ret_why)) < 0 ||
	    (r = ep_string(root, NULL, "ProcessLabel", "", &c->process_label, ret_why)) < 0 ||
	    (r = read_state(root, c, ret_why)) < 0 || (r = read_config(root, c, ret_why)) < 0 ||
	    (r = read_host_config(root, c, ret_why)) < 0 || (r = read_mounts(root, c, ret_why)) < 0)
		return r;
	if (c->name[0] == '/')
		memmove(c->name, c->name + 1, strlen(c->name));
	_cleanup_free_ char *source = xasprintf("/containers/%s/json", c->id);
	fact_status_set(&c->inspect, source, FACT_OK, 0, NULL);
	return 0;
}

/* ---- /containers/ID/top ---- */

/* The command name of one process. COMM (ps -o comm) is already the name the kernel keeps,
 * the one /proc/PID/comm shows, so it is taken as it is (it may hold '/' or blanks); CMD and
 * COMMAND are command lines: the last path component of their first word. */
static char *command_name(const char *s, bool is_comm)
{
	if (is_comm)
		return xstrdup(s);
	s += strspn(s, " \t");
	size_t n = strcspn(s, " \t");
	const char *slash = memrchr(s, '/', n);
	if (slash) {
		n -= (size_t)(slash + 1 - s);
		s = slash + 1;
	}
	return xstrndup(s, n);
}

int engine_parse_top(const char *text, size_t len, char ***ret, char **ret_why)
{
	*ret_why = NULL;
	_cleanup_json_ json_object *root = NULL;
	_cleanup_strv_free_ char **titles = NULL;
	json_object *procs;
	int r = ep_parse_object(text, len, &root, ret_why);
	if (r < 0)
		return r;
	if ((r = ep_strv(root, NULL, "Titles", &titles, ret_why)) < 0 ||
	    (r = ep_list(root, NULL, "Processes", &procs, ret_why)) < 0)
		return r;
	/* COMM first: ps was asked for it (docker top ID -o comm), and it is exact */
	static const char *const columns[] = {"COMM", "CMD", "COMMAND"};
	size_t col = SIZE_MAX, which = 0;
	for (size_t k = 0; k < ELEMENTSOF(columns) && col == SIZE_MAX; k++)
		for (size_t i = 0; titles && titles[i]; i++)
			if (STREQ(titles[i], columns[k])) {
				col = i;
				which = k;
				break;
			}
	if (col == SIZE_MAX)
		return ep_fail(ret_why, "Titles", "no COMM, CMD or COMMAND column");

	size_t n = procs ? json_object_array_length(procs) : 0;
	if (n == 0) {
		*ret = NULL;
		return 0;
	}
	_cleanup_strv_free_ char **names = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(procs, i);
		_cleanup_free_ char *path = ep_path_index("Processes", i);
		if (!json_object_is_type(row, json_type_array))
			return ep_type_error(ret_why, path, "a list of strings", row);
		if (json_object_array_length(row) <= col)
			return ep_fail(ret_why, path, "no column %zu (%s)", col + 1,
				       columns[which]);
		_cleanup_free_ char *cpath = ep_path_index(path, col);
		_cleanup_free_ char *s = NULL;
		if ((r = ep_as_string(json_object_array_get_idx(row, col), cpath, &s, ret_why)) < 0)
			return r;
		names[i] = command_name(s, which == 0);
	}
	*ret = TAKE_PTR(names);
	return 0;
}

/* ---- /images/json and /images/ID/json ---- */

/* RepoTags without "<none>:<none>" (an untagged image), NULL when nothing is left. */
static char **real_tags(char **tags)
{
	size_t k = 0;
	for (size_t i = 0; tags && tags[i]; i++) {
		if (STREQ(tags[i], "<none>:<none>"))
			free(tags[i]);
		else
			tags[k++] = tags[i];
	}
	if (!tags)
		return NULL;
	tags[k] = NULL;
	if (k == 0)
		return strv_free(tags);
	return tags;
}

int engine_parse_image_list(const char *text, size_t len, struct image_fact **ret, size_t *ret_n,
			    char **ret_why)
{
	*ret_why = NULL;
	_cleanup_json_ json_object *root = NULL;
	int r = ep_parse_list(text, len, &root, ret_why);
	if (r < 0)
		return r;
	size_t n = json_object_array_length(root);
	struct image_fact *l = n ? xcalloc(n, sizeof(*l)) : NULL;
	for (size_t i = 0; i < n; i++) {
		json_object *item;
		_cleanup_free_ char *path = NULL;
		if ((r = list_object(root, NULL, i, &item, &path, ret_why)) < 0 ||
		    (r = ep_string_required(item, path, "Id", &l[i].id, ret_why)) < 0 ||
		    (r = ep_strv(item, path, "RepoTags", &l[i].tags, ret_why)) < 0) {
			for (size_t k = 0; k < n; k++)
				image_fact_release(&l[k]);
			free(l);
			return r;
		}
		l[i].tags = real_tags(l[i].tags);
	}
	*ret = l;
	*ret_n = n;
	return 0;
}

int engine_parse_image_inspect(const char *text, size_t len, struct image_fact *i, char **ret_why)
{
	*ret_why = NULL;
	_cleanup_json_ json_object *root = NULL;
	_cleanup_free_ char *id = NULL, *user = NULL;
	json_object *cfg;
	enum tri health = TRI_NO;
	int r = ep_parse_object(text, len, &root, ret_why);
	if (r < 0)
		return r;
	if ((r = ep_string_required(root, NULL, "Id", &id, ret_why)) < 0 ||
	    (r = ep_object(root, NULL, "Config", false, &cfg, ret_why)) < 0)
		return r;
	/* Config is null for an image built from nothing: it runs as root, with no health check */
	if (cfg && ((r = ep_string(cfg, "Config", "User", "", &user, ret_why)) < 0 ||
		    (r = read_healthcheck(cfg, "Config", &health, ret_why)) < 0))
		return r;
	if (!i->id)
		i->id = TAKE_PTR(id);
	free(i->user);
	i->user = user ? TAKE_PTR(user) : xstrdup("");
	i->healthcheck = health;
	_cleanup_free_ char *source = xasprintf("/images/%s/json", i->id);
	fact_status_set(&i->inspect, source, FACT_OK, 0, NULL);
	return 0;
}
