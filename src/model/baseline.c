/* baseline.c: lifecycle of the baseline model (struct baseline, rule, waivers). No I/O. */
#include <string.h>

#include "baseline.h"

static const char *const severity_names[] = {
	[SEVERITY_LOW] = "low",
	[SEVERITY_MEDIUM] = "medium",
	[SEVERITY_HIGH] = "high",
	[SEVERITY_CRITICAL] = "critical",
};
_Static_assert(ELEMENTSOF(severity_names) == _SEVERITY_MAX, "severity_names");

const char *severity_to_string(enum severity s)
{
	return s >= 0 && s < _SEVERITY_MAX ? severity_names[s] : "?";
}

enum severity severity_from_string(const char *s)
{
	for (int i = 0; i < _SEVERITY_MAX; i++)
		if (s && STREQ(s, severity_names[i]))
			return (enum severity)i;
	return _SEVERITY_INVALID;
}

struct baseline *baseline_new(void)
{
	return xcalloc(1, sizeof(struct baseline));
}

void rule_release(struct rule *r)
{
	free(r->id);
	free(r->title);
	free(r->section);
	free(r->rationale);
	free(r->remediation);
	for (size_t i = 0; i < r->n_refs; i++) {
		free(r->refs[i].name);
		strv_free(r->refs[i].ids);
	}
	free(r->refs);
	value_free(r->check);
	value_free(r->fix);
	free(r->file);
	memset(r, 0, sizeof(*r));
}

struct baseline *baseline_free(struct baseline *b)
{
	if (!b)
		return NULL;
	free(b->id);
	free(b->title);
	free(b->description);
	free(b->file);
	free(b->extends);
	value_free(b->params);
	for (size_t i = 0; i < b->n_rules; i++)
		rule_release(&b->rules[i]);
	free(b->rules);
	free(b);
	return NULL;
}

const struct rule *baseline_find_rule(const struct baseline *b, const char *id)
{
	for (size_t i = 0; b && i < b->n_rules; i++)
		if (STREQ(b->rules[i].id, id))
			return &b->rules[i];
	return NULL;
}

void waivers_release(struct waivers *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->items[i].rule_id);
		free(w->items[i].reason);
		free(w->items[i].approver);
		free(w->items[i].expires_text);
		free(w->items[i].file);
	}
	free(w->items);
	w->items = NULL;
	w->n = 0;
}

const struct waiver *waivers_find(const struct waivers *w, const char *rule_id)
{
	for (size_t i = 0; w && i < w->n; i++)
		if (STREQ(w->items[i].rule_id, rule_id))
			return &w->items[i];
	return NULL;
}
