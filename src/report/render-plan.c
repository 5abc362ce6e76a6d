/* render-plan.c: a remediation plan as text for people: a unified diff for every file that
 * would be written, one line for every other action, then warnings and manual steps.
 *
 * File contents are host data and may be hostile: each diff line is escaped like every other
 * string dockward prints (control characters, bidi overrides and invalid UTF-8 shown as escapes),
 * except tabs, which stay tabs so that the diff stays a diff. */
#include <errno.h>
#include <string.h>

#include "diff.h"
#include "report.h"

#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_CYAN "\033[36m"
#define C_BOLD "\033[1m"
#define C_YELLOW "\033[33m"
#define C_OFF "\033[0m"

static void escape_keep_tabs(struct strbuf *sb, const char *s, size_t len)
{
	_cleanup_free_ char *copy = xstrndup(s, len);
	char *p = copy;
	for (;;) {
		char *tab = strchr(p, '\t');
		if (tab)
			*tab = '\0';
		text_escape(sb, p);
		if (!tab)
			break;
		strbuf_addc(sb, '\t');
		p = tab + 1;
	}
}

static void print_diff(const struct change *c, bool color, FILE *out)
{
	struct strbuf d = STRBUF_INIT;
	_cleanup_free_ char *a = xasprintf("a%s", c->path), *b = xasprintf("b%s", c->path);
	diff_unified(&d, c->old_exists ? a : "/dev/null", c->old_content, c->old_len, b,
		     c->new_content, c->new_len, 3);
	const char *s = d.buf ? d.buf : "";
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		struct strbuf line = STRBUF_INIT;
		escape_keep_tabs(&line, s, len);
		const char *col = NULL;
		if (color) {
			if (startswith(s, "---") || startswith(s, "+++"))
				col = C_BOLD;
			else if (*s == '@')
				col = C_CYAN;
			else if (*s == '-')
				col = C_RED;
			else if (*s == '+')
				col = C_GREEN;
		}
		fprintf(out, "%s%s%s\n", col ? col : "", line.buf ? line.buf : "", col ? C_OFF : "");
		strbuf_release(&line);
		s += len + (nl ? 1 : 0);
	}
	strbuf_release(&d);
}

static void print_rules(char *const *ids, FILE *out)
{
	if (!ids || !ids[0])
		return;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; ids[i]; i++) {
		if (i)
			strbuf_adds(&sb, ", ");
		text_escape(&sb, ids[i]);
	}
	fprintf(out, "    rules: %s\n", sb.buf);
	strbuf_release(&sb);
}

static void print_text_line(const char *prefix, const char *text, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	text_escape(&sb, text);
	fprintf(out, "%s%s\n", prefix, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

int plan_render_text(const struct plan *p, unsigned flags, FILE *out)
{
	bool color = flags & RENDER_COLOR;
	size_t n_kind[_CHANGE_KIND_MAX] = {0};
	for (size_t i = 0; i < p->n_changes; i++)
		if (p->changes[i].kind >= 0 && p->changes[i].kind < _CHANGE_KIND_MAX)
			n_kind[p->changes[i].kind]++;

	if (plan_is_empty(p))
		fprintf(out, "Plan: nothing to change.\n");
	else
		fprintf(out,
			"Plan: %zu file%s to write, %zu owner/mode change%s, %zu live setting%s, "
			"%zu command%s%s.\n",
			n_kind[CHANGE_FILE], n_kind[CHANGE_FILE] == 1 ? "" : "s",
			n_kind[CHANGE_ATTR], n_kind[CHANGE_ATTR] == 1 ? "" : "s",
			n_kind[CHANGE_SYSCTL] + n_kind[CHANGE_SELINUX],
			n_kind[CHANGE_SYSCTL] + n_kind[CHANGE_SELINUX] == 1 ? "" : "s",
			n_kind[CHANGE_COMMAND], n_kind[CHANGE_COMMAND] == 1 ? "" : "s",
			p->restart ? ", then restart dockerd" : "");

	for (size_t i = 0; i < p->n_changes; i++) {
		const struct change *c = &p->changes[i];
		fputc('\n', out);
		print_text_line(c->kind == CHANGE_FILE ? "# " : "", c->summary ? c->summary : c->path,
				out);
		if (c->kind == CHANGE_FILE) {
			if (!c->old_exists)
				fprintf(out, "    new file, mode %04o, owner %lld:%lld\n",
					(unsigned)(c->set_mode >= 0 ? c->set_mode : 0644),
					(long long)(c->set_uid >= 0 ? c->set_uid : 0),
					(long long)(c->set_gid >= 0 ? c->set_gid : 0));
			else if (c->set_mode >= 0 || c->set_uid >= 0 || c->set_gid >= 0)
				fprintf(out, "    and mode %04o -> %04o, owner %u:%u -> %lld:%lld\n",
					c->old_mode,
					(unsigned)(c->set_mode >= 0 ? c->set_mode : c->old_mode),
					c->old_uid, c->old_gid,
					(long long)(c->set_uid >= 0 ? c->set_uid : c->old_uid),
					(long long)(c->set_gid >= 0 ? c->set_gid : c->old_gid));
			print_diff(c, color, out);
		}
		print_rules(c->rule_ids, out);
	}
	if (p->restart) {
		fputc('\n', out);
		fprintf(out, "restart dockerd: its configuration changes\n");
		print_rules(p->restart_rules, out);
	}
	for (int k = 0; k < _NOTE_KIND_MAX; k++) {
		bool any = false;
		for (size_t i = 0; i < p->n_notes; i++) {
			const struct plan_note *n = &p->notes[i];
			if ((int)n->kind != k)
				continue;
			if (!any)
				fprintf(out, "\n%s%s:%s\n",
					color ? (k == NOTE_WARNING ? C_YELLOW C_BOLD : C_BOLD) : "",
					k == NOTE_WARNING  ? "Warnings"
					: k == NOTE_MANUAL ? "Manual steps (no tool can do these)"
							   : "Not fixed",
					color ? C_OFF : "");
			any = true;
			struct strbuf sb = STRBUF_INIT;
			strbuf_adds(&sb, "  - ");
			if (n->rule_id) {
				text_escape(&sb, n->rule_id);
				strbuf_adds(&sb, ": ");
			}
			text_escape(&sb, n->text);
			fprintf(out, "%s\n", sb.buf);
			strbuf_release(&sb);
		}
	}
	return ferror(out) ? -EIO : 0;
}
