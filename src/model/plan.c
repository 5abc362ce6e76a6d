/* plan.c: the remediation plan model: lifecycle and small queries. No I/O. */
#include <stdarg.h>
#include <string.h>

#include "plan.h"

static const char *const change_kind_names[_CHANGE_KIND_MAX] = {
	[CHANGE_FILE] = "file",       [CHANGE_ATTR] = "attr",         [CHANGE_SYSCTL] = "sysctl",
	[CHANGE_SELINUX] = "selinux", [CHANGE_COMMAND] = "command",
};

const char *change_kind_to_string(enum change_kind k)
{
	return k >= 0 && k < _CHANGE_KIND_MAX ? change_kind_names[k] : "?";
}

static const char *const note_kind_names[_NOTE_KIND_MAX] = {
	[NOTE_WARNING] = "warning",
	[NOTE_MANUAL] = "manual",
	[NOTE_SKIPPED] = "skipped",
};

const char *note_kind_to_string(enum note_kind k)
{
	return k >= 0 && k < _NOTE_KIND_MAX ? note_kind_names[k] : "?";
}

void plan_init(struct plan *p)
{
	memset(p, 0, sizeof(*p));
}

void change_release(struct change *c)
{
	free(c->path);
	free(c->summary);
	strv_free(c->rule_ids);
	free(c->old_content);
	free(c->new_content);
	free(c->value);
	free(c->old_value);
	strv_free(c->argv);
	memset(c, 0, sizeof(*c));
}

void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->n_changes; i++)
		change_release(&p->changes[i]);
	free(p->changes);
	for (size_t i = 0; i < p->n_notes; i++) {
		free(p->notes[i].rule_id);
		free(p->notes[i].text);
	}
	free(p->notes);
	strv_free(p->restart_rules);
	strv_free(p->rules_planned);
	diags_release(&p->errors);
	memset(p, 0, sizeof(*p));
}

struct change *plan_add_change(struct plan *p, enum change_kind k)
{
	struct change *c = GROW(p->changes, p->n_changes);
	c->kind = k;
	c->set_mode = c->set_uid = c->set_gid = -1;
	return c;
}

void plan_add_note(struct plan *p, enum note_kind k, const char *rule_id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	/* the same note for the same rule once */
	for (size_t i = 0; i < p->n_notes; i++)
		if (p->notes[i].kind == k && STREQ(p->notes[i].text, text) &&
		    ((!rule_id && !p->notes[i].rule_id) ||
		     (rule_id && p->notes[i].rule_id && STREQ(rule_id, p->notes[i].rule_id)))) {
			free(text);
			return;
		}
	struct plan_note *n = GROW(p->notes, p->n_notes);
	n->kind = k;
	n->rule_id = xstrdup_or_null(rule_id);
	n->text = text;
}

struct change *plan_find_change(struct plan *p, enum change_kind k, const char *path)
{
	for (size_t i = 0; i < p->n_changes; i++)
		if (p->changes[i].kind == k && p->changes[i].path && STREQ(p->changes[i].path, path))
			return &p->changes[i];
	return NULL;
}

void change_add_rule(struct change *c, const char *rule_id)
{
	if (!strv_contains(c->rule_ids, rule_id))
		strv_extend(&c->rule_ids, rule_id);
}

bool plan_is_empty(const struct plan *p)
{
	return p->n_changes == 0;
}
