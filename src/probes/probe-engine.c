/* probe-engine.c: the running engine, through the Docker Engine API (engine.h), and the
 * processes of its containers, seen from the host.
 *
 * What it asks, in two rounds over one handle (kept-alive connections, up to four at once):
 *   1. GET /version (unversioned: every dockerd answers it) and, at the same time, at API
 *      version 1.41 (dockerd 20.10, the newest whose answers engine-parse.c knows):
 *      /containers/json?all=1 (all: an image used only by a stopped container is not
 *      dangling) and /images/json when an image rule asked for images. An engine older than
 *      1.41 refuses those: they are asked again at its own version;
 *   2. in one batch: /info and /networks/bridge (the daemon's settings), one
 *      /containers/ID/json per selected container (running ones, or every one with
 *      --all-containers, minus --containers and --skip-label) and one /images/ID/json per
 *      image. /info is slow (dockerd runs runc and containerd to get their versions): it
 *      overlaps with the inspects instead of holding them up.
 * Nothing else: the cost of an audit grows with what the baseline asks, as for the other probes.
 *
 * Processes (for the sshd rule): when the engine runs on this machine (a unix socket), each
 * running container's cgroup (named in proc/<State.Pid>/cgroup) lists its processes in
 * cgroup.procs, and proc/PID/comm names each: a few small reads per container, and no ptrace
 * rights needed (the sandbox has none). What that cannot tell (an engine elsewhere, a root
 * whose proc is not the engine's) is asked with GET /containers/ID/top, which makes dockerd
 * run ps on its host: slower, but it needs no ps in the image, as `docker exec ps` would.
 *
 * Bind mount sources are resolved on the host (host_realpath) when the engine is local, so
 * that "/var/run" is also seen as "/run". */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine-parse.h"
#include "engine.h"
#include "probe.h"

#define ENGINE_TIMEOUT_MS 10000
#define ENGINE_PARALLEL 4
#define API_VERSION_MAX "1.41"
#define PROC_CGROUP_MAX 65536

static void engine_closep(struct engine **e)
{
	engine_close(*e);
}

static void requests_release(struct engine_request *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].body);
}

/* The reason for a failed request, for a report: "cannot connect to unix:///x: Connection
 * refused", "GET /info: HTTP 500: <first line of the body>". */
static char *request_problem(const struct engine *e, const char *path, int error, long status,
			     const char *body)
{
	if (error == -ENOENT || error == -ECONNREFUSED || error == -EACCES || error == -EKEYREJECTED ||
	    error == -ENOKEY)
		return xasprintf("cannot connect to %s: %s", engine_url(e),
				 error == -EKEYREJECTED ? "TLS handshake or certificate refused"
				 : error == -ENOKEY     ? "TLS client certificate or key unusable"
							: strerror(-error));
	if (error < 0)
		return xasprintf("GET %s from %s: %s", path, engine_url(e), strerror(-error));
	_cleanup_free_ char *line = xstrndup(body ? body : "", 200);
	line[strcspn(line, "\r\n")] = '\0';
	return xasprintf("GET %s from %s: HTTP %ld%s%s", path, engine_url(e), status,
			 *line ? ": " : "", line);
}

/* Checks one answer and parses it: 0 when the fact is usable; else sets st and returns -1. */
typedef int (*parse_fn)(const char *text, size_t len, struct engine_facts *e, char **why);

static int take(const struct engine *eng, struct engine_request *r, struct fact_status *st,
		const char *what, parse_fn parse, struct engine_facts *e)
{
	if (r->error < 0 || r->status != 200) {
		_cleanup_free_ char *why = request_problem(eng, r->path, r->error, r->status, r->body);
		fact_status_set(st, engine_url(eng), r->error < 0 ? FACT_UNREADABLE : FACT_INVALID,
				r->error < 0 ? -r->error : 0, "%s", why);
		return -1;
	}
	_cleanup_free_ char *why = NULL;
	if (parse && parse(r->body, r->len, e, &why) < 0) {
		fact_status_set(st, engine_url(eng), FACT_INVALID, EBADMSG, "%s from %s: %s", what,
				engine_url(eng), why ? why : "not understood");
		return -1;
	}
	fact_status_set(st, engine_url(eng), FACT_OK, 0, NULL);
	return 0;
}

/* "v1.41" for the engine's API version, capped at what the parsers know. */
static char *api_prefix(const char *api_version)
{
	unsigned maj = 0, min = 0;
	if (!api_version || sscanf(api_version, "%u.%u", &maj, &min) != 2 || maj != 1 || min > 41)
		return xstrdup("/v" API_VERSION_MAX);
	return xasprintf("/v%u.%u", maj, min);
}

/* ---- selection ---- */

static bool label_matches(const struct value *labels, const char *spec)
{
	const char *eq = strchr(spec, '=');
	_cleanup_free_ char *key = eq ? xstrndup(spec, (size_t)(eq - spec)) : xstrdup(spec);
	const struct value *v = value_map_get(labels, key);
	if (!v)
		return false;
	return !eq || (v->type == VALUE_STRING && STREQ(v->s, eq + 1));
}

static bool selected(const struct engine_options *o, const regex_t *re,
		     const struct container_summary *s)
{
	if (!o->all_containers && !streq_ptr(s->state, "running"))
		return false;
	if (re && regexec(re, s->name ? s->name : "", 0, NULL, 0) != 0)
		return false;
	STRV_FOREACH(l, o->skip_labels)
		if (label_matches(s->labels, *l))
			return false;
	return true;
}

static char *selection_text(const struct engine_options *o)
{
	_cleanup_strv_free_ char **parts = NULL;
	strv_extend(&parts, o->all_containers ? "every container" : "running containers");
	if (o->containers_regex)
		strv_extendf(&parts, "name matching /%s/", o->containers_regex);
	STRV_FOREACH(l, o->skip_labels)
		strv_extendf(&parts, "without label %s", *l);
	return strv_join(parts, ", ");
}

/* ---- processes from proc/PID/cgroup ---- */

static int openat_beneath(int dirfd, const char *path)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	return fd < 0 ? -errno : fd;
}

static ssize_t read_small(int dirfd, const char *path, char *buf, size_t size)
{
	int fd = openat_beneath(dirfd, path);
	if (fd < 0)
		return fd;
	size_t got = 0;
	while (got + 1 < size) {
		ssize_t n = read(fd, buf + got, size - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

/* The cgroup directory (relative to the cgroup mount, "pids/docker/ID" or
 * "system.slice/docker-ID.scope") of a process, from its proc/PID/cgroup: the unified line
 * "0::PATH" of cgroup v2, else the v1 "pids" hierarchy, else "memory". NULL when none. */
static char *cgroup_dir(const char *text)
{
	static const char *const prefer[] = {"pids", "memory"};
	for (size_t k = 0; k <= ELEMENTSOF(prefer); k++) {
		for (const char *line = text; line && *line;) {
			const char *nl = strchr(line, '\n');
			size_t len = nl ? (size_t)(nl - line) : strlen(line);
			/* ID:CONTROLLERS:PATH */
			const char *c1 = memchr(line, ':', len);
			const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line)) : NULL;
			if (c2 && c2[1] == '/') {
				size_t clen = (size_t)(c2 - c1 - 1);
				const char *path = c2 + 2;
				size_t plen = len - (size_t)(path - line);
				bool v2 = clen == 0 && len > 0 && line[0] == '0';
				if (k == ELEMENTSOF(prefer) ? v2
							    : clen == strlen(prefer[k]) &&
								      strncmp(c1 + 1, prefer[k], clen) == 0) {
					if (v2)
						return xstrndup(path, plen);
					return xasprintf("%s/%.*s", prefer[k], (int)plen, path);
				}
			}
			line = nl ? nl + 1 : NULL;
		}
	}
	return NULL;
}

/* Gives each running container the command names of the processes in its cgroup: its init's
 * proc/PID/cgroup names the cgroup, whose cgroup.procs under sys/fs/cgroup lists every process
 * of the container (in the host's PID namespace or not), and each one's proc/PID/comm is its
 * name. All three are readable without ptrace rights, which the Landlock sandbox takes away
 * (the ns and fd links of other processes in proc are not). A container whose cgroup cannot
 * be read is left for the API (processes still FACT_UNKNOWN). 0, or -errno when proc or the
 * cgroup mount is not there (a remote engine, an image). */
static int processes_from_cgroups(const struct host *h, struct engine_facts *e)
{
	int procfd = host_open_path(h, "/proc", O_RDONLY | O_DIRECTORY, true);
	if (procfd < 0)
		return procfd;
	int cgfd = host_open_path(h, "/sys/fs/cgroup", O_RDONLY | O_DIRECTORY, true);
	if (cgfd < 0) {
		close(procfd);
		return cgfd;
	}
	_cleanup_free_ char *buf = xmalloc(PROC_CGROUP_MAX);
	size_t n_ok = 0;
	for (size_t i = 0; i < e->n_containers; i++) {
		struct container_fact *c = &e->containers[i];
		if (!c->running || c->pid <= 0 || c->inspect.state != FACT_OK)
			continue;
		char path[64];
		snprintf(path, sizeof(path), "%lld/cgroup", (long long)c->pid);
		if (read_small(procfd, path, buf, PROC_CGROUP_MAX) <= 0)
			continue;
		_cleanup_free_ char *dir = cgroup_dir(buf);
		if (!dir || !c->id || !strstr(dir, c->id))
			continue; /* not this container's process (pid reused, or another proc) */
		_cleanup_free_ char *procs = xasprintf("%s/cgroup.procs", dir);
		if (read_small(cgfd, procs, buf, PROC_CGROUP_MAX) < 0)
			continue;
		_cleanup_strv_free_ char **names = NULL;
		for (char *p = buf, *nl; p && *p; p = nl) {
			nl = strchr(p, '\n');
			if (nl)
				*nl++ = '\0';
			if (!isdigit((unsigned char)*p))
				continue;
			char comm[64];
			snprintf(path, sizeof(path), "%s/comm", p);
			if (read_small(procfd, path, comm, sizeof(comm)) <= 0)
				continue; /* gone meanwhile */
			comm[strcspn(comm, "\n")] = '\0';
			strv_extend(&names, comm);
		}
		strv_free(c->process_names);
		c->process_names = TAKE_PTR(names);
		fact_status_set(&c->processes, "sys/fs/cgroup", FACT_OK, 0, NULL);
		n_ok++;
	}
	close(cgfd);
	close(procfd);
	if (n_ok) {
		free(e->processes_source);
		e->processes_source = xstrdup("sys/fs/cgroup/.../cgroup.procs");
	}
	return 0;
}

/* The processes of the running containers that proc did not tell, from GET
 * /containers/ID/top?ps_args=-o pid,comm (dockerd runs ps on its host and keeps the container's
 * pids: no ps needed in the image). */
static void processes_from_api(struct engine *eng, const char *prefix, struct engine_facts *e)
{
	_cleanup_free_ struct engine_request *reqs = xcalloc(e->n_containers + 1, sizeof(*reqs));
	_cleanup_free_ size_t *which = xcalloc(e->n_containers + 1, sizeof(size_t));
	_cleanup_strv_free_ char **paths = NULL;
	size_t n = 0;
	for (size_t i = 0; i < e->n_containers; i++) {
		const struct container_fact *c = &e->containers[i];
		if (c->running && c->inspect.state == FACT_OK && c->processes.state == FACT_UNKNOWN) {
			strv_extendf(&paths, "%s/containers/%s/top?ps_args=-o%%20pid,comm", prefix,
				     c->id);
			which[n++] = i;
		}
	}
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++)
		reqs[i].path = paths[i];
	engine_get_many(eng, reqs, n, ENGINE_PARALLEL, ENGINE_TIMEOUT_MS);
	for (size_t k = 0; k < n; k++) {
		struct container_fact *c = &e->containers[which[k]];
		struct engine_request *r = &reqs[k];
		_cleanup_free_ char *why = NULL;
		if (r->error < 0 || r->status != 200) {
			why = request_problem(eng, r->path, r->error, r->status, r->body);
			fact_status_set(&c->processes, engine_url(eng), FACT_UNREADABLE, 0, "%s", why);
		} else if (engine_parse_top(r->body, r->len, &c->process_names, &why) < 0) {
			fact_status_set(&c->processes, engine_url(eng), FACT_INVALID, EBADMSG,
					"GET %s: %s", r->path, why ? why : "not understood");
		} else {
			fact_status_set(&c->processes, engine_url(eng), FACT_OK, 0, NULL);
		}
	}
	requests_release(reqs, n);
	char *src = e->processes_source ? xasprintf("%s and /containers/ID/top", e->processes_source)
					: xstrdup("/containers/ID/top");
	free(e->processes_source);
	e->processes_source = src;
}

/* ---- containers and images ---- */

static int parse_info(const char *t, size_t n, struct engine_facts *e, char **why);
static int parse_bridge(const char *t, size_t n, struct engine_facts *e, char **why);

/* The containers to inspect: indexes into list, in order. */
static size_t select_containers(const struct engine_options *o, const struct container_summary *list,
				size_t n_list, size_t *sel, struct engine_facts *e)
{
	regex_t re;
	/* the CLI compiled it once already: a failure here cannot happen */
	bool have_re = o->containers_regex &&
		       regcomp(&re, o->containers_regex, REG_EXTENDED | REG_NOSUB) == 0;
	size_t n = 0;
	for (size_t i = 0; i < n_list; i++) {
		if (!o->all_containers && !streq_ptr(list[i].state, "running"))
			continue; /* not counted as skipped: stopped ones are out of scope */
		if (selected(o, have_re ? &re : NULL, &list[i]))
			sel[n++] = i;
		else
			e->n_skipped++;
	}
	if (have_re)
		regfree(&re);
	return n;
}

static void take_inspect(const struct host *h, const struct engine *eng, bool local,
			 const struct container_summary *s, struct engine_request *r,
			 struct engine_facts *e)
{
	if (r->error == 0 && r->status == 404)
		return; /* removed between the list and the inspect */
	struct container_fact *c = &e->containers[e->n_containers++];
	_cleanup_free_ char *why = NULL;
	if (r->error < 0 || r->status != 200) {
		why = request_problem(eng, r->path, r->error, r->status, r->body);
	} else if (engine_parse_inspect(r->body, r->len, c, &why) < 0) {
		char *w = xasprintf("GET %s: %s", r->path, why ? why : "not understood");
		free(why);
		why = w;
	}
	if (why) {
		/* keep who it is from the list, and say why it could not be judged */
		container_fact_release(c);
		c->id = xstrdup_or_null(s->id);
		c->name = xstrdup_or_null(s->name);
		c->image = xstrdup_or_null(s->image);
		c->state = xstrdup_or_null(s->state);
		c->labels = value_copy(s->labels);
		fact_status_set(&c->inspect, engine_url(eng), FACT_INVALID, EBADMSG, "%s", why);
		return;
	}
	if (local && h->live)
		for (size_t m = 0; m < c->n_mounts; m++) {
			struct container_mount *mt = &c->mounts[m];
			if (mt->source && mt->source[0] == '/')
				(void)host_realpath(h, mt->source, &mt->real_source);
		}
}

static void take_image(const struct engine *eng, struct engine_request *r, struct image_fact *im)
{
	_cleanup_free_ char *why = NULL;
	if (r->error < 0 || r->status != 200)
		why = request_problem(eng, r->path, r->error, r->status, r->body);
	else if (engine_parse_image_inspect(r->body, r->len, im, &why) < 0) {
		char *w = xasprintf("GET %s: %s", r->path, why ? why : "not understood");
		free(why);
		why = w;
	}
	if (why)
		fact_status_set(&im->inspect, engine_url(eng), FACT_INVALID, EBADMSG, "%s", why);
	else
		fact_status_set(&im->inspect, engine_url(eng), FACT_OK, 0, NULL);
}

/* Round 2, in one batch: /info and /networks/bridge (dockerd answers /info slowly: it runs
 * runc, containerd and docker-init to report their versions, so it goes first, on a connection
 * of its own, while the other connections carry the inspects), every selected container's
 * inspect and every image's. */
static void round_two(const struct host *h, struct engine *eng, bool local, const char *prefix,
		      const struct engine_options *o, const struct container_summary *list,
		      size_t n_list, struct engine_facts *e)
{
	_cleanup_free_ size_t *sel = xcalloc(n_list + 1, sizeof(size_t));
	size_t n_sel = select_containers(o, list, n_list, sel, e);

	for (size_t i = 0; i < e->n_images; i++) {
		struct image_fact *im = &e->images[i];
		for (size_t k = 0; k < n_list && !im->used; k++)
			if (list[k].image_id && im->id && STREQ(list[k].image_id, im->id))
				im->used = true;
		im->dangling = !im->tags && !im->used;
	}

	size_t n = 2 + n_sel + e->n_images;
	_cleanup_free_ struct engine_request *reqs = xcalloc(n, sizeof(*reqs));
	_cleanup_strv_free_ char **paths = NULL;
	strv_extendf(&paths, "%s/info", prefix);
	strv_extendf(&paths, "%s/networks/bridge", prefix);
	for (size_t i = 0; i < n_sel; i++)
		strv_extendf(&paths, "%s/containers/%s/json", prefix, list[sel[i]].id);
	for (size_t i = 0; i < e->n_images; i++)
		strv_extendf(&paths, "%s/images/%s/json", prefix, e->images[i].id);
	for (size_t i = 0; i < n; i++)
		reqs[i].path = paths[i];
	engine_get_many(eng, reqs, n, ENGINE_PARALLEL, ENGINE_TIMEOUT_MS);

	take(eng, &reqs[0], &e->info, "GET /info", parse_info, e);
	take(eng, &reqs[1], &e->bridge, "GET /networks/bridge", parse_bridge, e);
	e->containers = xcalloc(n_sel + 1, sizeof(*e->containers));
	for (size_t i = 0; i < n_sel; i++)
		take_inspect(h, eng, local, &list[sel[i]], &reqs[2 + i], e);
	for (size_t i = 0; i < e->n_images; i++)
		take_image(eng, &reqs[2 + n_sel + i], &e->images[i]);
	requests_release(reqs, n);
}

/* The first unix socket in the running dockerd's -H flags (or daemon.json hosts) that exists:
 * the engine to ask when the default socket is absent. NULL when none. */
static char *daemon_socket(const struct facts *f)
{
	if (!(f->probed & PROBE_DAEMON) || f->daemon.pid == 0)
		return NULL;
	const struct value *v = daemon_facts_effective(&f->daemon, "hosts", NULL);
	for (size_t i = 0; v && v->type == VALUE_LIST && i < v->list.n; i++) {
		const struct value *x = v->list.items[i];
		struct stat st;
		if (x->type == VALUE_STRING && startswith(x->s, "unix:///") &&
		    stat(x->s + strlen("unix://"), &st) == 0 && S_ISSOCK(st.st_mode))
			return xstrdup(x->s + strlen("unix://"));
	}
	return NULL;
}

static int parse_version(const char *t, size_t n, struct engine_facts *e, char **why)
{
	return engine_parse_version(t, n, e, why);
}
static int parse_info(const char *t, size_t n, struct engine_facts *e, char **why)
{
	return engine_parse_info(t, n, e, why);
}
static int parse_bridge(const char *t, size_t n, struct engine_facts *e, char **why)
{
	return engine_parse_bridge(t, n, e, why);
}

enum { R_VERSION, R_LIST, R_IMAGES, _R_MAX };

/* Round 1: /version unversioned, and the lists at `prefix` (the newest version the parsers know,
 * sent at once rather than after /version answered: one round trip less). */
static void round_one(struct engine *eng, const char *prefix, bool images, bool with_version,
		      struct engine_request *reqs, char **paths)
{
	static const char *const tails[_R_MAX] = {
		[R_VERSION] = "/version",
		[R_LIST] = "/containers/json?all=1",
		[R_IMAGES] = "/images/json",
	};
	size_t first = with_version ? R_VERSION : R_LIST;
	size_t n = images ? _R_MAX : R_IMAGES;
	for (size_t i = first; i < n; i++) {
		free(paths[i]);
		paths[i] = i == R_VERSION ? xstrdup(tails[i]) : xasprintf("%s%s", prefix, tails[i]);
		free(reqs[i].body);
		reqs[i] = (struct engine_request){.path = paths[i]};
	}
	engine_get_many(eng, reqs + first, n - first, ENGINE_PARALLEL, ENGINE_TIMEOUT_MS);
}

static void run(const struct host *h, const struct fact_requests *q, struct facts *f)
{
	struct engine_facts *e = &f->engine;
	const struct engine_options *o = f->engine_options;
	if (!o || !o->endpoint) {
		fact_status_set(&e->status, NULL, FACT_UNKNOWN, 0, "Engine API not contacted: %s",
				o && o->not_contacted_reason ? o->not_contacted_reason
							     : "no docker host given");
		return;
	}
	const struct engine_endpoint *ep = o->endpoint;
	e->docker_host = xstrdup(ep->url);
	e->plain_tcp = ep->base_url && !ep->tls;
	e->all_containers = o->all_containers;
	e->selection = selection_text(o);

	/* The default socket is not there, but the running dockerd listens elsewhere (-H in its
	 * flags): that is this host's engine. */
	_cleanup_free_ char *found = NULL;
	struct stat st;
	if (o->implicit && h->live && ep->socket_path && stat(ep->socket_path, &st) < 0) {
		found = daemon_socket(f);
		/* A host without Docker at all: nothing to ask, and nothing wrong with that. */
		if (!found && (f->probed & PROBE_DAEMON) && !f->daemon.installed) {
			fact_status_set(&e->status, ep->url, FACT_UNKNOWN, 0,
					"Engine API not contacted: Docker is not installed (no dockerd, "
					"docker.service, daemon.json or %s)",
					ep->socket_path);
			return;
		}
	}
	_cleanup_(engine_closep) struct engine *eng = NULL;
	if (found) {
		free(e->docker_host);
		e->docker_host = xasprintf("unix://%s", found);
	}
	if (found ? engine_open(e->docker_host, &eng) < 0 : engine_open_endpoint(ep, &eng) < 0) {
		fact_status_set(&e->status, ep->url, FACT_INVALID, EINVAL,
				"cannot use docker host '%s'", ep->url);
		return;
	}

	bool images = q && q->engine_images;
	struct engine_request reqs[_R_MAX] = {0};
	char *paths[_R_MAX] = {0};
	_cleanup_free_ char *prefix = xstrdup("/v" API_VERSION_MAX);
	round_one(eng, prefix, images, true, reqs, paths);
	int r = take(eng, &reqs[R_VERSION], &e->status, "GET /version", parse_version, e);
	if (r == 0) {
		/* an engine older than 1.41 refuses /v1.41 (HTTP 400): ask again at its version */
		_cleanup_free_ char *own = api_prefix(e->api_version);
		if (!STREQ(own, prefix)) {
			free(prefix);
			prefix = TAKE_PTR(own);
			round_one(eng, prefix, images, false, reqs, paths);
		}
	}
	struct container_summary *list = NULL;
	size_t n_list = 0;
	if (r == 0) {
		if (take(eng, &reqs[R_LIST], &e->containers_status, "GET /containers/json", NULL,
			 e) == 0) {
			_cleanup_free_ char *why = NULL;
			if (engine_parse_container_list(reqs[R_LIST].body, reqs[R_LIST].len, &list,
							&n_list, &why) < 0)
				fact_status_set(&e->containers_status, ep->url, FACT_INVALID, EBADMSG,
						"GET /containers/json from %s: %s", ep->url,
						why ? why : "not understood");
		}
		if (images && take(eng, &reqs[R_IMAGES], &e->images_status, "GET /images/json",
				   NULL, e) == 0) {
			_cleanup_free_ char *why = NULL;
			if (engine_parse_image_list(reqs[R_IMAGES].body, reqs[R_IMAGES].len,
						    &e->images, &e->n_images, &why) < 0)
				fact_status_set(&e->images_status, ep->url, FACT_INVALID, EBADMSG,
						"GET /images/json from %s: %s", ep->url,
						why ? why : "not understood");
		}
	}
	requests_release(reqs, _R_MAX);
	for (size_t i = 0; i < _R_MAX; i++)
		free(paths[i]);
	if (r < 0)
		return;

	/* Round 2: the daemon's settings, what was selected, the images; then the processes */
	bool local = ep->socket_path != NULL;
	bool have_list = e->containers_status.state == FACT_OK;
	round_two(h, eng, local, prefix, o, have_list ? list : NULL, have_list ? n_list : 0, e);
	if (have_list && q && q->engine_processes) {
		if (local)
			(void)processes_from_cgroups(h, e);
		processes_from_api(eng, prefix, e); /* what proc could not tell */
	}
	container_summaries_free(list, n_list);
}

const struct probe probe_engine = {
	.name = "engine",
	.flag = PROBE_ENGINE,
	.offline = false,
	.needs_requests = true,
	.run = run,
};
