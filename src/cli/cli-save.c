/* cli-save.c: `dockward audit --save`: dated JSON and HTML reports in a directory, and one line
 * for the journal.
 *
 * This is what the packaged timer runs every day (packaging/systemd/dockward-audit.service):
 *   /var/lib/dockward/reports/web1-20261123T080000Z.json   the canonical report
 *   /var/lib/dockward/reports/web1-20261123T080000Z.html   the same, for people
 *   stdout: "dockward: docker-host on web1: 40 pass, 7 fail (2 high, 5 medium), ...; score 85%;
 *            report /var/lib/dockward/reports/web1-20261123T080000Z.json"
 *
 * The directory is opened (and created, 0750, when only its last component is missing) before
 * the sandbox, whose one exception is regular files beneath it (cli-landlock.c). Each report is
 * written atomically: a temporary ".NAME.XXXXXX" in the same directory (O_EXCL, O_NOFOLLOW,
 * 0640), written, fsync'ed, renamed to its name, then the directory is fsync'ed; a reader or a
 * `dockward report merge` never sees half a report. Two audits in the same second get "-1",
 * "-2", ... rather than replacing each other's reports. The host name comes from the audited
 * root (etc/hostname under --root: hostile): anything but [A-Za-z0-9._-] becomes '_', and a
 * leading '.' too, so that it cannot name another directory or a hidden file. Old reports are
 * not removed here: the package's tmpfiles.d entry ages them out. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"

#define HOST_NAME_CHARS 64
#define SAME_SECOND_MAX 100

int cli_save_open(struct cli_save *s)
{
	s->dir = arg_report_dir ? arg_report_dir : DEFAULT_REPORT_DIR;
	s->dirfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0 && errno == ENOENT) {
		if (mkdir(s->dir, 0750) < 0 && errno != EEXIST) {
			log_error_errno(-errno, "cannot create the report directory '%s': %m", s->dir);
			return EXIT_CANNOT_INSPECT;
		}
		s->dirfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (s->dirfd < 0) {
		log_error_errno(-errno, "cannot open the report directory '%s': %m", s->dir);
		return EXIT_CANNOT_INSPECT;
	}
	return 0;
}

void cli_save_close(struct cli_save *s)
{
	if (s->dirfd >= 0)
		close(s->dirfd);
	s->dirfd = -1;
}

/* "web1-20261123T080000Z": the host name made safe for a file name, and the start time. */
static char *base_name(const struct report *rep)
{
	struct strbuf sb = STRBUF_INIT;
	const char *h = rep->hostname && *rep->hostname ? rep->hostname : "host";
	for (size_t i = 0; h[i] && i < HOST_NAME_CHARS; i++) {
		char c = h[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '_' || (c == '.' && i > 0);
		strbuf_addc(&sb, ok ? c : '_');
	}
	time_t t = (time_t)rep->started;
	struct tm tm;
	char stamp[32] = "unknown-time";
	if (gmtime_r(&t, &tm))
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	strbuf_addf(&sb, "-%s", stamp);
	return strbuf_detach(&sb);
}

static bool exists_at(int dirfd, const char *name)
{
	struct stat st;
	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT;
}

/* NAME.json and NAME.html both free: base, else base-1, base-2, ... The caller frees. */
static char *free_name(int dirfd, const char *base)
{
	for (int n = 0; n < SAME_SECOND_MAX; n++) {
		_cleanup_free_ char *b = n ? xasprintf("%s-%d", base, n) : xstrdup(base);
		_cleanup_free_ char *j = xasprintf("%s.json", b), *h = xasprintf("%s.html", b);
		if (!exists_at(dirfd, j) && !exists_at(dirfd, h))
			return TAKE_PTR(b);
	}
	return NULL;
}

/* Writes data as dir/name: a temporary file beside it, then rename. 0 or -errno. */
static int write_atomic(int dirfd, const char *name, const char *data, size_t len)
{
	_cleanup_free_ char *prefix = xasprintf(".%s.", name), *tmp = NULL;
	int fd = open_temp_at(dirfd, prefix, 0640, &tmp);
	if (fd < 0)
		return fd;
	int r = fchmod(fd, 0640) < 0 ? -errno : 0; /* whatever the umask */
	if (r == 0)
		r = cli_write_report(fd, data, len); /* writes and fsyncs */
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = -errno;
	if (r < 0)
		unlinkat(dirfd, tmp, 0);
	return r;
}

static void print_line(const struct report *rep, const char *dir, const char *json_name)
{
	size_t fail_by[_SEVERITY_MAX] = {0};
	for (size_t i = 0; i < rep->n_results; i++)
		if (rep->results[i].status == STATUS_FAIL)
			fail_by[rep->results[i].rule->severity]++;
	struct strbuf sb = STRBUF_INIT;
	for (int s = _SEVERITY_MAX - 1; s >= 0; s--)
		if (fail_by[s])
			strbuf_addf(&sb, "%s%zu %s", sb.len ? ", " : " (", fail_by[s],
				    severity_to_string((enum severity)s));
	if (sb.len)
		strbuf_addc(&sb, ')');
	_cleanup_free_ char *id = text_fit(rep->baseline ? rep->baseline->id : "?", 64);
	_cleanup_free_ char *host = text_fit(rep->hostname ? rep->hostname : "?", 64);
	_cleanup_free_ char *where = text_fit(dir, 4096);
	printf("dockward: %s on %s: %zu pass, %zu fail%s, %zu error, %zu not applicable, "
	       "%zu waived, %zu manual; score %.0f%%; report %s%s%s\n",
	       id, host, rep->summary[STATUS_PASS], rep->summary[STATUS_FAIL],
	       sb.buf ? sb.buf : "", rep->summary[STATUS_ERROR],
	       rep->summary[STATUS_NOT_APPLICABLE], rep->summary[STATUS_WAIVED],
	       rep->summary[STATUS_MANUAL], report_score(rep), where,
	       endswith(where, "/") ? "" : "/", json_name);
	strbuf_release(&sb);
}

int cli_save_write(struct cli_save *s, const struct report *rep, const char *json, size_t json_len,
		   const char *html, size_t html_len)
{
	_cleanup_free_ char *base = base_name(rep);
	_cleanup_free_ char *name = free_name(s->dirfd, base);
	if (!name) {
		log_error("cannot save the reports in '%s': %s.json and %d more names are taken",
			  s->dir, base, SAME_SECOND_MAX - 1);
		return EXIT_CANNOT_INSPECT;
	}
	_cleanup_free_ char *json_name = xasprintf("%s.json", name);
	_cleanup_free_ char *html_name = xasprintf("%s.html", name);
	int r = write_atomic(s->dirfd, json_name, json, json_len);
	if (r == 0)
		r = write_atomic(s->dirfd, html_name, html, html_len);
	if (r == 0 && fsync(s->dirfd) < 0)
		r = -errno;
	if (r < 0) {
		log_error_errno(r, "cannot save the reports in '%s': %m", s->dir);
		return EXIT_CANNOT_INSPECT;
	}
	print_line(rep, s->dir, json_name);
	return 0;
}
