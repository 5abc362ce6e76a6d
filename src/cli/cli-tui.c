/* cli-tui.c: `dockward tui`: the audit of `dockward audit` (same baseline, waivers, root and
 * engine), then the interactive view of its report (src/tui/), and the actions the TUI asks for
 * (struct tui_actions): plan, apply, rollback and audit again, through the very steps of
 * `dockward fix --yes --only IDS` and `dockward rollback --yes` (fix_plan(), cli-apply.c).
 *
 * The audit runs before the terminal is taken over, so that a bad baseline or root is printed
 * as it is for `audit` (exit 2 or 3). While the TUI owns the terminal, log lines go to a buffer
 * and the last one becomes the TUI's message. It exits 0 when the user quits, whatever the
 * verdicts: the verdicts are the audit's exit code, not the viewer's.
 *
 * Report-only (--read-only, or not root, or the root not writable): apply and rollback are not
 * offered and the read-only sandbox is applied before the audit, as for `audit`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "audit.h"
#include "cli.h"
#include "engine.h"
#include "fixer.h"
#include "report.h"
#include "tui.h"
#include "version.h"

static void host_closep(struct host *h)
{
	host_close(h);
}

struct tui_ctx {
	const struct host *h;
	const struct baseline *b;
	const struct waivers *w;
	const struct engine_options *eo;
	int64_t now;
	struct facts facts;
	struct report report;
	bool audited; /* facts and report hold an audit */
	FILE *log;    /* log lines while the TUI runs */
	char *log_buf;
	size_t log_len, log_seen;
};

/* The last line logged since the previous call, without "dockward: ", or NULL. */
static char *last_log(struct tui_ctx *c)
{
	fflush(c->log);
	if (c->log_len <= c->log_seen)
		return NULL;
	_cleanup_free_ char *news = xstrndup(c->log_buf + c->log_seen, c->log_len - c->log_seen);
	c->log_seen = c->log_len;
	size_t n = strlen(news);
	while (n > 0 && news[n - 1] == '\n')
		news[--n] = '\0';
	char *line = strrchr(news, '\n');
	line = line ? line + 1 : news;
	if (startswith(line, "dockward: "))
		line += strlen("dockward: ");
	return *line ? xstrdup(line) : NULL;
}

static int audit(struct tui_ctx *c)
{
	if (c->audited) {
		report_release(&c->report);
		facts_release(&c->facts);
		c->audited = false;
	}
	struct audit_options opts = {
		.waivers = c->w,
		.now = c->now,
		.tool_version = DOCKWARD_VERSION,
		.engine = c->eo,
	};
	int r = audit_run(c->h, c->b, &opts, &c->facts, &c->report);
	if (r < 0) {
		report_release(&c->report);
		facts_release(&c->facts);
		memset(&c->report, 0, sizeof(c->report));
		memset(&c->facts, 0, sizeof(c->facts));
		return log_error_errno(r, "audit of '%s' failed: %m", c->h->root);
	}
	c->audited = true;
	return 0;
}

/* fix_plan() for ids, as `dockward fix --only IDS` plans. 0, or -EINVAL (plan errors, or no
 * audit to plan from) with the reason in *ret_why. */
static int plan_for(struct tui_ctx *c, char **ids, struct plan *ret, char **ret_why)
{
	plan_init(ret);
	if (!c->audited) {
		*ret_why = xstrdup("no audit to plan from (r audits again)");
		return -EINVAL;
	}
	struct fix_selection sel = {.only = ids};
	fix_plan(c->h, &c->facts, &c->report, &sel, c->h->live, ret);
	if (ret->errors.n > 0) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < ret->errors.n; i++) {
			_cleanup_free_ char *line = diag_format(&ret->errors.items[i]);
			strbuf_addf(&sb, "%s\n", line);
		}
		*ret_why = strbuf_detach(&sb);
		return -EINVAL;
	}
	return 0;
}

static size_t count_kind(const struct plan *p, enum change_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_changes; i++)
		n += p->changes[i].kind == k;
	return n;
}

/* The confirmation: each change on a line, files first, then what happens to dockerd. */
static void confirm_text(const struct tui_ctx *c, const struct plan *p, FILE *out)
{
	fprintf(out, "These changes will be made, journaled (u or 'dockward rollback' undoes "
		     "them):\n\n");
	if (count_kind(p, CHANGE_FILE)) {
		fprintf(out, "Files to write:\n");
		for (size_t i = 0; i < p->n_changes; i++)
			if (p->changes[i].kind == CHANGE_FILE)
				fprintf(out, "  %s %s\n",
					p->changes[i].old_exists ? "edit  " : "create", p->changes[i].path);
	}
	if (count_kind(p, CHANGE_FILE) < p->n_changes) {
		fprintf(out, "Other changes:\n");
		for (size_t i = 0; i < p->n_changes; i++)
			if (p->changes[i].kind != CHANGE_FILE)
				fprintf(out, "  %s\n", p->changes[i].summary ? p->changes[i].summary
									      : p->changes[i].path);
	}
	fprintf(out, "\n");
	if (!p->restart)
		fprintf(out, "dockerd: no restart needed.\n");
	else if (arg_no_restart)
		fprintf(out, "dockerd: NOT restarted (--no-restart); its rules wait for its next "
			     "start.\n");
	else if (!c->h->live && !arg_restart_command)
		fprintf(out, "dockerd: NOT restarted (--root %s: files only; --restart-command "
			     "restarts it); its rules wait for its next start.\n", c->h->root);
	else
		fprintf(out, "dockerd: RESTARTED after the change (%s), then the API is awaited.\n",
			arg_restart_command ? arg_restart_command : "the init system");
	fprintf(out, "\nApply? y applies, n or q cancels.\n");
}

static int act_plan(void *userdata, char **ids, bool confirm, char **ret_text)
{
	struct tui_ctx *c = userdata;
	struct plan p;
	int r = plan_for(c, ids, &p, ret_text);
	if (r < 0) {
		plan_release(&p);
		return r;
	}
	if (plan_is_empty(&p)) {
		plan_release(&p);
		*ret_text = xstrdup("nothing to change: these rules pass, or have no automatic fix");
		return 1;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out) {
		plan_release(&p);
		*ret_text = xstrdup("out of memory");
		return -ENOMEM;
	}
	if (confirm)
		confirm_text(c, &p, out);
	else
		r = plan_render_text(&p, 0, out);
	fclose(out);
	plan_release(&p);
	*ret_text = buf;
	return r < 0 ? r : 0;
}

/* The journal's runs, as `dockward history -v` lists them. */
static int act_history(void *userdata, char **ret_text)
{
	struct tui_ctx *c = userdata;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out) {
		*ret_text = xstrdup("out of memory");
		return -ENOMEM;
	}
	int r = cli_history_list(c->h, true, out);
	fclose(out);
	if (r < 0) {
		free(buf);
		*ret_text = xasprintf("cannot read the journal under '%s': %s", c->h->root,
				      strerror(-r));
		return r;
	}
	*ret_text = buf;
	return 0;
}

/* Audits again; the message says why not when it fails. */
static int reaudit_msg(struct tui_ctx *c, char **ret_msg)
{
	int r = audit(c);
	if (r < 0) {
		free(*ret_msg);
		*ret_msg = last_log(c);
	}
	return r;
}

static int act_apply(void *userdata, char **ids, char **ret_msg)
{
	struct tui_ctx *c = userdata;
	struct plan p;
	_cleanup_free_ char *why = NULL;
	int r = plan_for(c, ids, &p, &why);
	if (r < 0 || plan_is_empty(&p)) {
		char *nl = why ? strchr(why, '\n') : NULL;
		if (nl)
			*nl = '\0';
		*ret_msg = xstrdup(why ? why : "nothing to change: nothing was applied");
		plan_release(&p);
		return r < 0 ? r : 0;
	}
	_cleanup_free_ char *id = NULL;
	bool waiting = false;
	r = cli_apply(c->h, &p, c->now, NULL, &id, &waiting, NULL);
	_cleanup_free_ char *logged = last_log(c);
	if (r) {
		*ret_msg = xasprintf("apply failed: %s", logged ? logged : "see 'dockward history'");
	} else if (!id) {
		*ret_msg = xstrdup("nothing needed changing: nothing was applied");
	} else {
		size_t files = count_kind(&p, CHANGE_FILE);
		*ret_msg = xasprintf("applied run %s: %zu file%s%s", id, files, files == 1 ? "" : "s",
				     waiting ? "; dockerd not restarted, its rules wait for it" : "");
	}
	int k = reaudit_msg(c, ret_msg);
	if (k == 0 && waiting)
		cli_mark_waiting(&c->report, &p);
	plan_release(&p);
	return r ? -EIO : k;
}

static int act_rollback(void *userdata, char **ret_msg)
{
	struct tui_ctx *c = userdata;
	_cleanup_free_ char *id = NULL;
	int r = journal_last_id(c->h, &id);
	if (r == -ENOENT) {
		*ret_msg = xasprintf("no run to roll back under '%s'", c->h->root);
		return r;
	}
	if (r < 0) {
		*ret_msg = xasprintf("cannot read the journal: %s", strerror(-r));
		return r;
	}
	r = cli_rollback_run(c->h, id, false, NULL);
	_cleanup_free_ char *logged = last_log(c);
	if (r)
		*ret_msg = xasprintf("rollback of run %s failed: %s", id, logged ? logged : "?");
	else
		*ret_msg = xasprintf("rolled back run %s", id);
	int k = reaudit_msg(c, ret_msg);
	return r ? -EIO : k;
}

static int act_reaudit(void *userdata, char **ret_msg)
{
	struct tui_ctx *c = userdata;
	*ret_msg = xstrdup("audited again");
	return reaudit_msg(c, ret_msg);
}

/* Why this run cannot write, or NULL when it can. */
static const char *read_only_why(const struct host *h)
{
	if (arg_read_only)
		return "--read-only";
	if (geteuid() != 0)
		return "not root";
	if (access(h->root, W_OK) < 0)
		return "the root is not writable";
	return NULL;
}

int cli_tui(int argc, char **argv)
{
	if (argc > 1) {
		log_error("unexpected argument '%s'", argv[1]);
		cli_hint_help("tui");
		return EXIT_BAD_INPUT;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		log_error("tui needs a terminal ('dockward audit' is the same audit without one)");
		return EXIT_BAD_INPUT;
	}
	int64_t now;
	bool fixed_clock;
	int r = cli_clock(&now, &fixed_clock);
	if (r)
		return r;
	_cleanup_(baseline_freep) struct baseline *b = NULL;
	r = cli_load_baseline(&b);
	if (r)
		return r;
	_cleanup_(waivers_releasep) struct waivers waivers = {0};
	r = cli_load_waivers(b, &waivers);
	if (r)
		return r;
	_cleanup_(host_closep) struct host h = {.root_fd = -1};
	r = cli_open_host(&h);
	if (r)
		return r;
	_cleanup_(engine_endpoint_release) struct engine_endpoint ep = {0};
	struct engine_options eo;
	r = cli_engine_options(&h, &ep, &eo);
	if (r)
		return r;

	const char *ro = read_only_why(&h);
	if (ro && (r = cli_sandbox())) /* report-only: nothing can write, as for audit */
		return r;

	struct tui_ctx c = {
		.h = &h,
		.b = b,
		.w = arg_waivers ? &waivers : NULL,
		.eo = &eo,
		.now = now,
	};
	if (audit(&c) < 0)
		return EXIT_CANNOT_INSPECT;
	c.log = open_memstream(&c.log_buf, &c.log_len);
	if (!c.log) {
		report_release(&c.report);
		facts_release(&c.facts);
		return log_error_errno(-ENOMEM, "cannot set up the TUI: %m"), EXIT_CANNOT_INSPECT;
	}
	struct tui_actions a = {
		.userdata = &c,
		.report = &c.report,
		.read_only = ro != NULL,
		.read_only_why = ro,
		.plan = act_plan,
		.apply = act_apply,
		.rollback = act_rollback,
		.reaudit = act_reaudit,
		.history = act_history,
	};
	cli_log_to(c.log);
	r = tui_run(&a, cli_use_color(STDOUT_FILENO) ? TUI_RUN_COLOR : 0);
	cli_log_to(NULL);
	fclose(c.log);
	free(c.log_buf);
	if (c.audited) {
		report_release(&c.report);
		facts_release(&c.facts);
	}
	if (r < 0)
		return log_error_errno(r, "cannot set up the terminal: %m"), EXIT_CANNOT_INSPECT;
	return EXIT_COMPLIANT;
}
