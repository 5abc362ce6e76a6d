/* templates.c: lookup of the templates embedded from templates/ (include/templates.h). The
 * table itself is generated at build time by cmake/embed-templates.cmake. */
#include "templates.h"
#include "util.h"

const struct embedded_template *embedded_template_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < embedded_templates_count; i++)
		if (STREQ(embedded_templates[i].name, name))
			return &embedded_templates[i];
	return NULL;
}

const char *embedded_template_partial(const char *name, size_t *ret_len, void *userdata)
{
	(void)userdata;
	const struct embedded_template *t = embedded_template_find(name);
	if (!t)
		return NULL;
	*ret_len = t->len;
	return t->data;
}
