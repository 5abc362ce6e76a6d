/* probe-daemon.c: the effective Docker daemon configuration = daemon.json merged with dockerd's
 * flags.
 *
 * Flags come from the running dockerd when there is one (proc/PID/comm is "dockerd", its argv
 * from proc/PID/cmdline: on a fixture root a fake proc/ stands in), else from the ExecStart= of
 * docker.service that systemd would run (systemd-unit.c). They go through the option table
 * (dockerd-flags.c); `--config-file` moves daemon.json. daemon.json is read through host.h and
 * parsed by daemon-json.c. A key set both ways keeps both values: dockerd refuses to start then,
 * and the daemon_config_valid check says so. Works offline: everything is a file under the root.
 *
 * Cost: where dockerd runs, one read of its pidfile; else one listing of /proc and a small read
 * of each process's comm (see comm_is_dockerd()); then a few stats and one pass over each file
 * read; nothing is rescanned per key. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon-probe.h"
#include "engine.h"
#include "probe.h"

#define DEFAULT_CONFIG "/etc/docker/daemon.json"
#define COMM_MAX 64 /* proc/PID/comm is at most 16 bytes; anything bigger is not a kernel's */

static const char *const dockerd_binaries[] = {"/usr/bin/dockerd", "/usr/sbin/dockerd"};

static bool is_pid(const char *s, uint32_t *ret)
{
	if (!*s || strlen(s) > 10 || s[0] == '0')
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return parse_uint32(s, ret) >= 0 && *ret > 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The host's own dockerd rather than a rootless one (real uid not 0) or one inside a container
 * (NSpid lists more than one pid: it lives in a child pid namespace, docker-in-docker). A
 * status that cannot be read (most fixtures) does not disqualify. */
static bool is_host_daemon(const struct host *h, uint32_t pid)
{
	_cleanup_free_ char *path = xasprintf("/proc/%u/status", pid);
	_cleanup_free_ char *text = NULL;
	if (host_read_file(h, path, 64 * 1024, false, &text, NULL) < 0)
		return true;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (startswith(line, "Uid:")) {
			char *p = line + 4;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!(p[0] == '0' && (p[1] == '\t' || p[1] == ' ' || p[1] == '\0')))
				return false;
		} else if (startswith(line, "NSpid:")) {
			char *p = line + 6;
			int fields = 0;
			bool in = false;
			for (; *p; p++) {
				bool blank = *p == ' ' || *p == '\t';
				if (!blank && !in)
					fields++;
				in = !blank;
			}
			if (fields > 1)
				return false;
		}
	}
	return true;
}

/* argv from NUL-separated cmdline bytes (the last NUL ends the last word). */
static char **split_cmdline(const char *buf, size_t len)
{
	char **v = NULL;
	size_t n = 0;
	for (size_t i = 0; i < len && n < DOCKERD_ARGV_MAX + 1;) {
		const char *end = memchr(buf + i, '\0', len - i);
		size_t wl = end ? (size_t)(end - (buf + i)) : len - i;
		v = xreallocarray(v, n + 2, sizeof(char *));
		v[n++] = xstrndup(buf + i, wl);
		v[n] = NULL;
		i += wl + 1;
	}
	return v;
}

/* Whether proc/<name>/comm says "dockerd". Read relative to the /proc fd (opened inside the
 * root by host_open_path()) without following links: a fixture's proc/N that is a symlink is
 * refused (ENOTDIR), never followed out of the root. This is the hot loop of the probe, one
 * call per process: three syscalls fewer than a host_read_file() of the full path each, which
 * on a host with 500 processes is the difference between ~3 ms and ~1 ms. */
static bool comm_is_dockerd(int proc_fd, const char *name)
{
	int dfd = openat(proc_fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return false;
	int fd = openat(dfd, "comm", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	close(dfd);
	if (fd < 0)
		return false;
	char buf[COMM_MAX + 1];
	ssize_t n = -1;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) /* not a FIFO or a device */
		n = read(fd, buf, COMM_MAX);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return STREQ(strstrip(buf), "dockerd");
}

/* Takes pid as the daemon if its command line can be read. */
static bool take_process(const struct host *h, struct daemon_facts *d, uint32_t pid)
{
	_cleanup_free_ char *path = xasprintf("/proc/%u/cmdline", pid);
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	if (host_read_file(h, path, 0, true, &buf, &len) < 0 || len == 0)
		return false; /* a zombie, or gone */
	d->pid = (pid_t)pid;
	d->argv = split_cmdline(buf, len);
	d->flags_from = DAEMON_FLAGS_PROCESS;
	d->flags_source = TAKE_PTR(path);
	d->flags_line = 0;
	return true;
}

/* Whether the dockerd with this pid listens on the unix socket `socket` (its -H/--host flags,
 * or dockerd's default socket when it has none). /run and /var/run are taken as one. */
static bool serves_socket(const struct host *h, uint32_t pid, const char *socket)
{
	_cleanup_free_ char *path = xasprintf("/proc/%u/cmdline", pid);
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	if (host_read_file(h, path, 0, true, &buf, &len) < 0 || len == 0)
		return false;
	_cleanup_strv_free_ char **argv = split_cmdline(buf, len);
	const char *want = startswith(socket, "/var/run/") ? socket + strlen("/var") : socket;
	bool any = false;
	for (size_t i = 1; argv && argv[i]; i++) {
		const char *a = argv[i], *v = NULL;
		if ((STREQ(a, "-H") || STREQ(a, "--host")) && argv[i + 1])
			v = argv[++i];
		else if (startswith(a, "--host="))
			v = a + strlen("--host=");
		else if (startswith(a, "-H"))
			v = a[2] == '=' ? a + 3 : a + 2;
		if (!v)
			continue;
		any = true;
		if (!startswith(v, "unix://"))
			continue;
		v += strlen("unix://");
		if (startswith(v, "/var/run/"))
			v += strlen("/var");
		if (STREQ(v, want))
			return true;
	}
	return !any && STREQ(want, "/run/docker.sock");
}

/* Finds the running dockerd: first the pid in dockerd's default pidfile, checked against its
 * comm (one read instead of a scan, on the hosts where dockerd runs); else every
 * proc/[0-9]+/comm. With several, the one that serves `socket` (the Engine API socket that the
 * audit talks to, NULL when none) wins, so that the flags and daemon.json read are those of
 * the daemon whose API answers. Fills pid, argv and the flags' source. */
static bool find_process(const struct host *h, struct daemon_facts *d, const char *socket)
{
	int proc_fd = host_open_path(h, "/proc", O_RDONLY | O_DIRECTORY, true);
	if (proc_fd < 0)
		return false; /* no /proc (an image or a fixture): no process */
	DIR *dir = fdopendir(proc_fd);
	if (!dir) {
		close(proc_fd);
		return false;
	}

	bool found = false;
	uint32_t pid;
	_cleanup_free_ char *pidfile = NULL;
	if (host_read_file(h, "/var/run/docker.pid", 32, false, &pidfile, NULL) >= 0 &&
	    is_pid(strstrip(pidfile), &pid) && comm_is_dockerd(dirfd(dir), pidfile) &&
	    is_host_daemon(h, pid) && (!socket || serves_socket(h, pid, socket)))
		found = take_process(h, d, pid);

	uint32_t *cands = NULL;
	size_t n = 0;
	struct dirent *de;
	while (!found && (de = readdir(dir)))
		if (is_pid(de->d_name, &pid) && comm_is_dockerd(dirfd(dir), de->d_name))
			*GROW(cands, n) = pid;
	closedir(dir);
	if (n)
		qsort(cands, n, sizeof(*cands), cmp_u32);

	/* The daemon behind the socket; else the first host daemon with a readable command line;
	 * else the first with one. */
	for (size_t i = 0; socket && n > 1 && i < n && !found; i++)
		if (serves_socket(h, cands[i], socket))
			found = take_process(h, d, cands[i]);
	for (int pass = 0; pass < 2 && !found; pass++)
		for (size_t i = 0; i < n && !found; i++)
			if (pass == 1 || is_host_daemon(h, cands[i]))
				found = take_process(h, d, cands[i]);
	free(cands);
	return found;
}

static bool host_exists(const struct host *h, const char *path)
{
	struct stat st;
	return host_stat(h, path, true, &st) >= 0;
}

static void read_config(const struct host *h, struct daemon_facts *d, const char *path,
			struct daemon_json *j, bool explicit_path)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	/* NULs allowed here so that daemon_json_parse() can say where the first one is. */
	int r = host_read_file(h, path, 0, true, &text, &len);
	if (r < 0) {
		fact_status_from_errno(&d->config, path, r);
		if (r == -ENOENT && explicit_path)
			diags_add(&d->flag_problems, d->flags_source, d->flags_line, 0,
				  "--config-file '%s' does not exist: dockerd refuses to start",
				  path);
		return;
	}
	r = daemon_json_parse(text, len, j);
	if (r >= 0) {
		fact_status_set(&d->config, path, FACT_OK, 0, NULL);
		return;
	}
	if (r == -EFBIG) {
		fact_status_set(&d->config, path, FACT_UNREADABLE, EFBIG,
				"unreadable: larger than the limit");
		return;
	}
	fact_status_set(&d->config, path, FACT_INVALID, 0, "invalid: %d:%d: %s", j->err_line,
			j->err_col, j->err_message);
	d->config_error = (struct diag){
		.file = xstrdup(path),
		.line = j->err_line,
		.col = j->err_col,
		.message = xstrdup(j->err_message),
	};
}

/* Settings: one per key. Flags first (a key from the table at most once: the option's row
 * indexes it), then daemon.json keys, joined to the flag's setting when both set a key. */
static void merge_settings(struct daemon_facts *d, struct dockerd_flags *fl, struct daemon_json *j)
{
	size_t total = fl->n + j->n;
	if (total == 0)
		return;
	d->settings = xcalloc(total, sizeof(*d->settings));
	_cleanup_free_ size_t *row_slot = xcalloc(daemon_options_count, sizeof(size_t));

	for (size_t i = 0; i < fl->n; i++) {
		struct daemon_setting *s = &d->settings[d->n_settings++];
		s->key = xstrdup(fl->items[i].option->key);
		s->flag_value = TAKE_PTR(fl->items[i].value);
		s->flag_text = TAKE_PTR(fl->items[i].text);
		row_slot[fl->items[i].option - daemon_options] = d->n_settings;
	}
	for (size_t i = 0; i < j->n; i++) {
		const struct daemon_option *o = daemon_option_by_key(j->keys[i].key);
		size_t slot = o ? row_slot[o - daemon_options] : 0;
		struct daemon_setting *s =
			slot ? &d->settings[slot - 1] : &d->settings[d->n_settings++];
		if (!slot)
			s->key = TAKE_PTR(j->keys[i].key);
		s->file_value = TAKE_PTR(j->keys[i].value);
		s->file_line = j->keys[i].line;
		s->file_col = j->keys[i].col;
	}
}

static void run(const struct host *h, const struct fact_requests *q, struct facts *f)
{
	struct daemon_facts *d = &f->daemon;
	struct systemd_exec unit = {0};
	struct dockerd_flags fl = {0};
	struct daemon_json j = {0};
	bool have_unit = false;
	(void)q;

	const struct engine_options *eo = f->engine_options;
	const char *socket = eo && eo->endpoint ? eo->endpoint->socket_path : NULL;
	if (!find_process(h, d, socket)) {
		have_unit = systemd_unit_load(h, "docker.service", &unit, &d->flag_problems) >= 0;
		if (have_unit && unit.masked)
			diags_add(&d->flag_problems, unit.unit_path, 0, 0,
				  "docker.service is masked: systemd will not start dockerd");
		else if (have_unit && !unit.argv)
			diags_add(&d->flag_problems, unit.unit_path, 0, 0,
				  "docker.service has no ExecStart=: systemd refuses to start it");
		if (unit.argv) {
			d->argv = TAKE_PTR(unit.argv);
			d->flags_from = DAEMON_FLAGS_UNIT;
			d->flags_source = xstrdup(unit.exec_source);
			d->flags_line = unit.exec_line;
		}
	}

	dockerd_flags_parse(d->argv, &fl);
	for (size_t i = 0; fl.problems && fl.problems[i]; i++)
		diags_add(&d->flag_problems, d->flags_source, d->flags_line, 0, "%s",
			  fl.problems[i]);
	d->unknown_flags = TAKE_PTR(fl.unknown);

	_cleanup_free_ char *config = NULL;
	if (fl.config_file)
		config = fl.config_file[0] == '/' ? xstrdup(fl.config_file)
						  : xasprintf("/%s", fl.config_file);
	read_config(h, d, config ? config : DEFAULT_CONFIG, &j, config != NULL);

	merge_settings(d, &fl, &j);

	const char *argv0 = d->argv && d->argv[0] && d->argv[0][0] == '/' ? d->argv[0] : NULL;
	if (argv0)
		d->dockerd_path = xstrdup(argv0);
	bool binary = false;
	for (size_t i = 0; i < ELEMENTSOF(dockerd_binaries) && !binary; i++)
		if (host_exists(h, dockerd_binaries[i])) {
			binary = true;
			if (!d->dockerd_path)
				d->dockerd_path = xstrdup(dockerd_binaries[i]);
		}
	d->installed = binary || d->pid != 0 || have_unit ||
		       (d->config.state != FACT_ABSENT && d->config.state != FACT_UNKNOWN);

	dockerd_flags_release(&fl);
	daemon_json_release(&j);
	systemd_exec_release(&unit);
}

const struct probe probe_daemon = {
	.name = "daemon",
	.flag = PROBE_DAEMON,
	.offline = true,
	.run = run,
};
