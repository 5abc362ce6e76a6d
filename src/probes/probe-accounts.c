/* probe-accounts.c: users, groups and subordinate id ranges (etc/passwd, etc/group,
 * etc/subuid, etc/subgid under the host root).
 *
 * passwd and group lines are parsed by glibc (fgetpwent/fgetgrent on an fmemopen() of one line
 * at a time), the parser that getpwnam() on the host itself uses: a hostile line means to us
 * what it means to the system (" 0" is uid 0 to glibc, so it is to us). One line at a time
 * because glibc skips lines it cannot parse without a word, and we want each entry's line and a
 * count of what was skipped. NIS compat entries ("+", "+name", "-name") name no local account
 * and are skipped too. subuid/subgid ("owner:start:count") are simple enough to parse here, with
 * the same strictness as shadow's own parser (exactly three fields, numbers only).
 *
 * What was skipped is said in the status reason of an otherwise readable file
 * ("2 malformed lines skipped"); the entries that parsed are kept. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "probe.h"

#define PASSWD_PATH "/etc/passwd"
#define GROUP_PATH "/etc/group"
#define SUBUID_PATH "/etc/subuid"
#define SUBGID_PATH "/etc/subgid"

struct skipped {
	unsigned malformed;
	unsigned nis;
};

typedef void (*line_fn)(char *line, char *stripped, int lineno, void *data);

/* Splits buf in place into lines; calls fn for each line that is not blank and not a '#'
 * comment (glibc's nss files parser skips those too, after leading whitespace), with the line
 * as written and without its leading whitespace. */
static void for_each_line(char *buf, line_fn fn, void *data)
{
	int lineno = 0;
	char *p = buf;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		char *s = p;
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\v' || *s == '\f')
			s++;
		if (*s && *s != '#')
			fn(p, s, lineno, data);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void set_status(struct fact_status *s, const char *source, const struct skipped *k)
{
	if (k->malformed && k->nis)
		fact_status_set(s, source, FACT_OK, 0,
				"%u malformed line%s and %u NIS compat line%s skipped",
				k->malformed, k->malformed == 1 ? "" : "s", k->nis,
				k->nis == 1 ? "" : "s");
	else if (k->malformed)
		fact_status_set(s, source, FACT_OK, 0, "%u malformed line%s skipped",
				k->malformed, k->malformed == 1 ? "" : "s");
	else if (k->nis)
		fact_status_set(s, source, FACT_OK, 0, "%u NIS compat line%s skipped", k->nis,
				k->nis == 1 ? "" : "s");
	else
		fact_status_set(s, source, FACT_OK, 0, NULL);
}

/* Reads a file; false (with the status set) when it could not be read. */
static bool read_source(const struct host *h, const char *path, struct fact_status *s,
			char **ret)
{
	int r = host_read_file(h, path, 0, false, ret, NULL);
	if (r < 0) {
		fact_status_from_errno(s, path, r);
		return false;
	}
	return true;
}

struct line_ctx {
	struct accounts_facts *a;
	struct skipped skipped;
	struct subid_range **ranges; /* subuid/subgid */
	size_t *n_ranges;
};

static bool is_nis_compat(const char *line)
{
	return line[0] == '+' || line[0] == '-';
}

static void passwd_line(char *raw, char *line, int lineno, void *data)
{
	(void)raw;
	struct line_ctx *c = data;
	if (is_nis_compat(line)) {
		c->skipped.nis++;
		return;
	}
	FILE *f = fmemopen(line, strlen(line), "r");
	if (!f) {
		c->skipped.malformed++;
		return;
	}
	struct passwd *pw = fgetpwent(f);
	if (!pw || !pw->pw_name[0]) {
		c->skipped.malformed++;
	} else {
		struct account_user *u = GROW(c->a->users, c->a->n_users);
		u->name = xstrdup(pw->pw_name);
		u->uid = pw->pw_uid;
		u->gid = pw->pw_gid;
		u->line = lineno;
	}
	fclose(f);
}

static void group_line(char *raw, char *line, int lineno, void *data)
{
	(void)raw;
	struct line_ctx *c = data;
	if (is_nis_compat(line)) {
		c->skipped.nis++;
		return;
	}
	FILE *f = fmemopen(line, strlen(line), "r");
	if (!f) {
		c->skipped.malformed++;
		return;
	}
	struct group *gr = fgetgrent(f);
	if (!gr || !gr->gr_name[0]) {
		c->skipped.malformed++;
	} else {
		struct account_group *g = GROW(c->a->groups, c->a->n_groups);
		g->name = xstrdup(gr->gr_name);
		g->gid = gr->gr_gid;
		g->line = lineno;
		for (char **m = gr->gr_mem; m && *m; m++)
			strv_extend(&g->members, *m);
		if (!g->members)
			g->members = xcalloc(1, sizeof(char *));
	}
	fclose(f);
}

static void subid_line(char *line, char *stripped, int lineno, void *data)
{
	struct line_ctx *c = data;
	if (stripped != line) { /* shadow would take the blanks as part of the owner's name */
		c->skipped.malformed++;
		return;
	}
	size_t n = strlen(line);
	if (n && line[n - 1] == '\r')
		line[n - 1] = '\0';
	char *fields[3];
	char *p = line;
	for (int i = 0; i < 3; i++) {
		fields[i] = p;
		p = strchr(p, ':');
		if (i < 2) {
			if (!p) {
				c->skipped.malformed++;
				return;
			}
			*p++ = '\0';
		} else if (p) { /* a fourth field */
			c->skipped.malformed++;
			return;
		}
	}
	uint64_t start, count;
	if (!fields[0][0] || parse_uint64(fields[1], &start) < 0 ||
	    parse_uint64(fields[2], &count) < 0) {
		c->skipped.malformed++;
		return;
	}
	struct subid_range *s = GROW(*c->ranges, *c->n_ranges);
	s->owner = xstrdup(fields[0]);
	s->start = start;
	s->count = count;
	s->line = lineno;
}

static void probe_file(const struct host *h, const char *path, struct fact_status *s,
		       line_fn fn, struct line_ctx *c)
{
	_cleanup_free_ char *buf = NULL;
	if (!read_source(h, path, s, &buf))
		return;
	for_each_line(buf, fn, c);
	set_status(s, path, &c->skipped);
}

static void run(const struct host *h, const struct fact_requests *q, struct facts *f)
{
	(void)q;
	struct accounts_facts *a = &f->accounts;

	struct line_ctx pw = {.a = a};
	probe_file(h, PASSWD_PATH, &a->passwd, passwd_line, &pw);
	struct line_ctx gr = {.a = a};
	probe_file(h, GROUP_PATH, &a->group, group_line, &gr);
	struct line_ctx su = {.a = a, .ranges = &a->subuids, .n_ranges = &a->n_subuids};
	probe_file(h, SUBUID_PATH, &a->subuid, subid_line, &su);
	struct line_ctx sg = {.a = a, .ranges = &a->subgids, .n_ranges = &a->n_subgids};
	probe_file(h, SUBGID_PATH, &a->subgid, subid_line, &sg);
}

const struct probe probe_accounts = {
	.name = "accounts",
	.flag = PROBE_ACCOUNTS,
	.offline = true,
	.run = run,
};
