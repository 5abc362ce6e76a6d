/* result.c: lifecycle and setters of struct result. No I/O. */
#include <string.h>

#include "result.h"

static const char *const status_names[] = {
	[STATUS_PASS] = "pass",
	[STATUS_FAIL] = "fail",
	[STATUS_ERROR] = "error",
	[STATUS_NOT_APPLICABLE] = "not_applicable",
	[STATUS_WAIVED] = "waived",
	[STATUS_MANUAL] = "manual",
};
_Static_assert(ELEMENTSOF(status_names) == _STATUS_MAX, "status_names");

const char *status_to_string(enum status s)
{
	return s >= 0 && s < _STATUS_MAX ? status_names[s] : "?";
}

enum status status_from_string(const char *s)
{
	for (int i = 0; i < _STATUS_MAX; i++)
		if (s && STREQ(s, status_names[i]))
			return (enum status)i;
	return _STATUS_INVALID;
}

void result_init(struct result *r, const struct rule *rule)
{
	memset(r, 0, sizeof(*r));
	r->rule = rule;
	r->status = STATUS_ERROR; /* a check that forgets to decide must not look like a pass */
}

void result_release(struct result *r)
{
	free(r->expected);
	free(r->observed);
	for (size_t i = 0; i < r->n_evidence; i++) {
		free(r->evidence[i].source);
		free(r->evidence[i].detail);
	}
	free(r->evidence);
	for (size_t i = 0; i < r->n_objects; i++) {
		free(r->objects[i].kind);
		free(r->objects[i].id);
		free(r->objects[i].name);
		free(r->objects[i].image);
		free(r->objects[i].observed);
	}
	free(r->objects);
	free(r->fix_summary);
	memset(r, 0, sizeof(*r));
}

void result_set(struct result *r, enum status s, const char *observed_fmt, ...)
{
	r->status = s;
	free(r->observed);
	r->observed = NULL;
	if (observed_fmt) {
		va_list ap;
		va_start(ap, observed_fmt);
		r->observed = xvasprintf(observed_fmt, ap);
		va_end(ap);
	}
}

void result_expect(struct result *r, const char *fmt, ...)
{
	free(r->expected);
	va_list ap;
	va_start(ap, fmt);
	r->expected = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Evidence sources are shown relative to the root, as the report schema does. */
static const char *source_rel(const char *s)
{
	if (s[0] == '/' && s[1])
		return s + 1;
	return s;
}

void result_add_evidence(struct result *r, const char *source, int line, int col,
			 const char *detail_fmt, ...)
{
	struct evidence *e = GROW(r->evidence, r->n_evidence);
	e->source = xstrdup(source_rel(source ? source : "?"));
	e->line = line;
	e->col = col;
	va_list ap;
	va_start(ap, detail_fmt);
	e->detail = xvasprintf(detail_fmt, ap);
	va_end(ap);
}

void result_add_object(struct result *r, const char *kind, const char *id, const char *name,
		       enum status s, const char *observed_fmt, ...)
{
	struct result_object *o = GROW(r->objects, r->n_objects);
	o->kind = xstrdup(kind);
	o->id = xstrdup_or_null(id);
	o->name = xstrdup_or_null(name);
	o->status = s;
	va_list ap;
	va_start(ap, observed_fmt);
	o->observed = xvasprintf(observed_fmt, ap);
	va_end(ap);
}

void result_add_container(struct result *r, const char *id, const char *name, const char *image,
			  enum status s, const char *observed_fmt, ...)
{
	struct result_object *o = GROW(r->objects, r->n_objects);
	o->kind = xstrdup("container");
	o->id = xstrdup_or_null(id);
	o->name = xstrdup_or_null(name);
	o->image = xstrdup_or_null(image);
	o->status = s;
	va_list ap;
	va_start(ap, observed_fmt);
	o->observed = xvasprintf(observed_fmt, ap);
	va_end(ap);
}
