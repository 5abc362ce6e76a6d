/* probe-sysctl.c: kernel parameters, live (proc/sys) and persisted (sysctl.d), under the root.
 *
 * For every key the rules asked about (fact_requests->sysctls):
 *  - live: proc/sys/<key as a path>, whitespace-normalised (runs of spaces and tabs become one
 *    space, the ends are trimmed). live_root says whether proc/sys exists at all: it does not in
 *    an image or most fixtures, and then no key has a live value.
 *  - persisted: what systemd-sysctl applies at boot. *.conf files in /etc/sysctl.d,
 *    /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d, /lib/sysctl.d; a name in an
 *    earlier directory masks the same name in later ones (a masking file that is a character
 *    device, or a symlink to /dev/null, is not read at all); the survivors are applied sorted by
 *    file name. /etc/sysctl.conf is applied last, as procps's `sysctl --system` does (systemd
 *    >= 207 reaches it only through the /etc/sysctl.d/99-sysctl.conf symlink that distributions
 *    ship, which leaves the same value winning). The later assignment of a key wins; the value
 *    is whitespace-normalised like the live one.
 *
 * Line syntax (systemd's sysctl.d(5)): `key = value`; blank lines and lines starting with '#' or
 * ';' are comments; a leading '-' means "ignore failure to set" and is dropped; `-key` without
 * '=' is a "negative match": it sets nothing and keeps globs off that key. A key whose first
 * separator is '/' is already in path form (dots in it are literal, as in the VLAN interface
 * "eth0.100"); otherwise '.' and '/' swap (systemd's sysctl_normalize). Keys are compared in that
 * path form. Glob keys (net.ipv4.conf.*.rp_filter) apply to a requested key only when no
 * explicit assignment of that key exists (systemd: "explicit setting exists"); among globs the
 * one assigned last wins. Globs match like glob(3) on /proc/sys: '*' does not cross '/', hence
 * fnmatch(FNM_PATHNAME) on the path forms rather than glob_match(). Lines that are not
 * assignments go to problems as file:line.
 *
 * Why a hand parser and not augeas: measured on this machine (augeas 1.14, a root holding
 * Debian's 4 stock files), aug_init(root, AUG_NO_LOAD|AUG_NO_MODL_AUTOLOAD|AUG_NO_STDINC) takes
 * 0.06 ms and loading the Sysctl lens plus the files 2.0-2.7 ms per audit, against ~0.05 ms
 * for this whole probe on the same root; the whole audit has 20 ms. augeas also followed an
 * absolute symlink in the root's /etc/sysctl.d out of the root (it read the auditing machine's
 * file), which host_read_file cannot do, and it gives no line numbers without AUG_ENABLE_SPAN.
 * The format is one assignment per line. augeas stays the tool for writing sysctl.d (fixers). */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"

#define SYSCTL_FILES_MAX 1024         /* sysctl.d files considered, all directories together */
#define SYSCTL_GLOBS_MAX 1024         /* distinct glob keys remembered */
#define SYSCTL_LIVE_MAX (64u << 10)   /* one proc/sys file */

static const char *const sysctl_dirs[] = {
	"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d",
	"/lib/sysctl.d",
};
#define SYSCTL_CONF_LAST "/etc/sysctl.conf"

/* The last explicit assignment of one requested key. */
struct explicit_set {
	bool set;
	char *value; /* NULL: a negative match ("-key") */
	const char *file; /* borrowed from files_read */
	int line;
};

/* A glob key as it stands after the files read so far. */
struct glob_set {
	char *pattern; /* path form */
	char *value;   /* NULL: a negative match */
	const char *file;
	int line;
	unsigned seq; /* position in systemd's ordered map: bumped when the value changes */
};

struct persist_state {
	char **want;  /* path forms of the requested keys (NULL when invalid), index as in items */
	size_t n_want;
	struct explicit_set *explicit;
	struct glob_set *globs;
	size_t n_globs;
	unsigned seq;
	bool globs_full;
};

/* systemd's sysctl_normalize: path form, '.' and '/' swapped when the first separator is '.';
 * leading slashes dropped. Returns a new string. */
static char *key_to_path(const char *key)
{
	while (*key == '/')
		key++;
	char *s = xstrdup(key);
	char *first = strpbrk(s, "./");
	if (first && *first == '.')
		for (char *p = first; *p; p++) {
			if (*p == '.')
				*p = '/';
			else if (*p == '/')
				*p = '.';
		}
	return s;
}

/* A path form fit to append to /proc/sys: no empty, "." or ".." component. */
static bool path_key_valid(const char *p)
{
	if (!*p)
		return false;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		bool dot = len == 1 && p[0] == '.', dotdot = len == 2 && p[0] == '.' && p[1] == '.';
		if (len == 0 || dot || dotdot)
			return false;
		if (!slash)
			return true;
		p = slash + 1;
	}
}

static bool is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* Runs of spaces and tabs become one space; leading and trailing whitespace go. In place. */
static char *normalise_ws(char *s)
{
	strstrip(s);
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\t') {
			if (w > s && w[-1] == ' ')
				continue;
			*w++ = ' ';
		} else
			*w++ = *r;
	}
	*w = '\0';
	return s;
}

static void read_live(const struct host *h, const char *path_key, struct sysctl_fact *s)
{
	_cleanup_free_ char *path = xasprintf("/proc/sys/%s", path_key);
	_cleanup_free_ char *buf = NULL;
	int r = host_read_file(h, path, SYSCTL_LIVE_MAX, false, &buf, NULL);
	fact_status_from_errno(&s->live, path, r);
	if (r >= 0)
		s->live_value = xstrdup(normalise_ws(buf));
}

static void record(struct persist_state *st, const char *key, const char *value, const char *file,
		   int line, struct diags *problems)
{
	if (is_glob(key)) {
		struct glob_set *g = NULL;
		for (size_t i = 0; i < st->n_globs; i++)
			if (STREQ(st->globs[i].pattern, key)) {
				g = &st->globs[i];
				break;
			}
		if (!g) {
			if (st->n_globs >= SYSCTL_GLOBS_MAX) {
				if (!st->globs_full)
					diags_add(problems, file, line, 0,
						  "more than %d glob keys, ignoring the rest",
						  SYSCTL_GLOBS_MAX);
				st->globs_full = true;
				return;
			}
			g = GROW(st->globs, st->n_globs);
			g->pattern = xstrdup(key);
			g->seq = ++st->seq;
		} else if (!streq_ptr(value, g->value)) {
			/* systemd removes it and adds it again: it moves to the end */
			g->seq = ++st->seq;
		}
		free(g->value);
		g->value = xstrdup_or_null(value);
		g->file = file;
		g->line = line;
		return;
	}
	for (size_t i = 0; i < st->n_want; i++) {
		if (!st->want[i] || !STREQ(st->want[i], key))
			continue;
		struct explicit_set *e = &st->explicit[i];
		free(e->value);
		e->set = true;
		e->value = xstrdup_or_null(value);
		e->file = file;
		e->line = line;
	}
}

static void parse_conf(struct persist_state *st, const char *file, char *buf,
		       struct diags *problems)
{
	int line = 0;
	for (char *next, *p = buf; p; p = next) {
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		line++;
		strstrip(p);
		if (!*p || *p == '#' || *p == ';')
			continue;
		char *value = strchr(p, '=');
		if (value) {
			*value++ = '\0';
			normalise_ws(value);
		} else if (*p != '-') {
			diags_add(problems, file, line, 0, "not an assignment: '%s'", p);
			continue;
		}
		if (*p == '-')
			p++;
		strstrip(p);
		if (!*p) {
			diags_add(problems, file, line, 0, "assignment without a key");
			continue;
		}
		_cleanup_free_ char *key = key_to_path(p);
		record(st, key, value, file, line, problems);
	}
}

struct conf_file {
	char *name; /* the file name: masking and order */
	char *path; /* host path */
};

static int conf_file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct conf_file *)a)->name, ((const struct conf_file *)b)->name);
}

/* The sysctl.d files in apply order (masked names already dropped). */
static void list_conf_files(const struct host *h, struct conf_file **ret, size_t *ret_n,
			    struct diags *problems)
{
	struct conf_file *files = NULL;
	size_t n = 0;
	for (size_t d = 0; d < ELEMENTSOF(sysctl_dirs); d++) {
		_cleanup_strv_free_ char **names = NULL;
		int r = host_list_dir(h, sysctl_dirs[d], &names);
		if (r == -ENOENT || r == -ENOTDIR)
			continue;
		if (r < 0) {
			diags_add(problems, sysctl_dirs[d], 0, 0, "cannot list: %s", strerror(-r));
			continue;
		}
		for (char **name = names; *name; name++) {
			if ((*name)[0] == '.' || !endswith(*name, ".conf"))
				continue;
			bool masked = false;
			for (size_t i = 0; i < n && !masked; i++)
				masked = STREQ(files[i].name, *name);
			if (masked)
				continue;
			if (n >= SYSCTL_FILES_MAX) {
				diags_add(problems, sysctl_dirs[d], 0, 0,
					  "more than %d files, ignoring the rest",
					  SYSCTL_FILES_MAX);
				goto done;
			}
			struct conf_file *c = GROW(files, n);
			c->name = xstrdup(*name);
			c->path = xasprintf("%s/%s", sysctl_dirs[d], *name);
		}
	}
done:
	if (n > 1)
		qsort(files, n, sizeof(*files), conf_file_cmp);
	*ret = files;
	*ret_n = n;
}

/* Whether a dangling symlink reads "/dev/null": a mask in a root that has no /dev. */
static bool is_link_to_dev_null(const struct host *h, const char *path)
{
	int fd = host_open_path(h, path, O_PATH, false);
	if (fd < 0)
		return false;
	char target[16];
	ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);
	close(fd);
	if (n < 0)
		return false;
	target[n] = '\0';
	return STREQ(target, "/dev/null");
}

/* Reads and applies one file. optional: absence is not worth a problem. */
static void apply_file(const struct host *h, struct persist_state *st, struct sysctl_facts *s,
		       const char *path, bool optional)
{
	/* stat first: a mask is a device node, which is never to be opened (in an image it could
	 * be any device) */
	struct stat sb;
	int r = host_stat(h, path, true, &sb);
	if (r == -ENOENT && is_link_to_dev_null(h, path))
		return;
	if (r >= 0 && S_ISCHR(sb.st_mode))
		return;
	if (r >= 0 && !S_ISREG(sb.st_mode))
		r = S_ISDIR(sb.st_mode) ? -EISDIR : -EBADFD;
	_cleanup_free_ char *buf = NULL;
	if (r >= 0)
		r = host_read_file(h, path, 0, false, &buf, NULL);
	if (r == -ENOENT && optional)
		return;
	if (r < 0) {
		diags_add(&s->problems, path, 0, 0, "not read: %s",
			  r == -EBADMSG ? "contains a NUL byte" : strerror(-r));
		return;
	}
	strv_extend(&s->files_read, path);
	/* the borrowed name in st lives as long as files_read */
	parse_conf(st, s->files_read[strv_length(s->files_read) - 1], buf, &s->problems);
}

static void resolve_persisted(const struct persist_state *st, size_t i, struct sysctl_fact *s)
{
	const struct explicit_set *e = &st->explicit[i];
	const char *value = NULL, *file = NULL;
	int line = 0;
	if (e->set) {
		/* an explicit "-key" sets nothing and also keeps every glob off it */
		value = e->value;
		file = e->file;
		line = e->line;
	} else if (st->want[i]) {
		unsigned best = 0;
		for (size_t g = 0; g < st->n_globs; g++) {
			const struct glob_set *x = &st->globs[g];
			if (!x->value || x->seq < best ||
			    fnmatch(x->pattern, st->want[i], FNM_PATHNAME) != 0)
				continue;
			best = x->seq;
			value = x->value;
			file = x->file;
			line = x->line;
		}
	}
	if (!value)
		return;
	s->persisted_value = xstrdup(value);
	s->persisted_file = xstrdup(file);
	s->persisted_line = line;
}

static void run(const struct host *h, const struct fact_requests *q, struct facts *f)
{
	struct sysctl_facts *s = &f->sysctl;
	struct stat sb;
	int r = host_stat(h, "/proc/sys", true, &sb);
	if (r >= 0 && !S_ISDIR(sb.st_mode))
		r = -ENOTDIR;
	fact_status_from_errno(&s->live_root, "/proc/sys", r);

	size_t n = q ? strv_length(q->sysctls) : 0;
	if (n == 0)
		return;

	struct persist_state st = {
		.want = xcalloc(n + 1, sizeof(char *)),
		.n_want = n,
		.explicit = xcalloc(n, sizeof(struct explicit_set)),
	};
	for (size_t i = 0; i < n; i++) {
		struct sysctl_fact *x = GROW(s->items, s->n);
		x->key = xstrdup(q->sysctls[i]);
		_cleanup_free_ char *p = key_to_path(q->sysctls[i]);
		if (!path_key_valid(p)) {
			fact_status_set(&x->live, NULL, FACT_INVALID, EINVAL,
					"invalid: '%s' is not a sysctl key", q->sysctls[i]);
			continue;
		}
		st.want[i] = TAKE_PTR(p);
		if (s->live_root.state == FACT_ABSENT)
			fact_status_set(&x->live, s->live_root.source, FACT_ABSENT, 0,
					"absent: no /proc/sys under the root");
		else
			read_live(h, st.want[i], x);
	}

	struct conf_file *files = NULL;
	size_t n_files = 0;
	list_conf_files(h, &files, &n_files, &s->problems);
	for (size_t i = 0; i < n_files; i++) {
		apply_file(h, &st, s, files[i].path, false);
		free(files[i].name);
		free(files[i].path);
	}
	free(files);
	apply_file(h, &st, s, SYSCTL_CONF_LAST, true);

	for (size_t i = 0; i < n; i++) {
		resolve_persisted(&st, i, &s->items[i]);
		free(st.explicit[i].value);
		free(st.want[i]);
	}
	for (size_t g = 0; g < st.n_globs; g++) {
		free(st.globs[g].pattern);
		free(st.globs[g].value);
	}
	free(st.globs);
	free(st.explicit);
	free(st.want);
}

const struct probe probe_sysctl = {
	.name = "sysctl",
	.flag = PROBE_SYSCTL,
	.offline = true,
	.needs_requests = true,
	.run = run,
};
