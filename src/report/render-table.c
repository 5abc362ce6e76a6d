/* render-table.c: the output formats (see include/report.h for adding one). */
#include "report.h"

extern const struct renderer renderer_html, renderer_json, renderer_junit, renderer_sarif,
	renderer_text;

/* Sorted by name. */
const struct renderer *const renderers[] = {
	&renderer_html,
	&renderer_json,
	&renderer_junit,
	&renderer_sarif,
	&renderer_text,
	NULL,
};

const struct renderer *renderer_find(const char *name)
{
	for (size_t i = 0; renderers[i]; i++)
		if (STREQ(renderers[i]->name, name))
			return renderers[i];
	return NULL;
}
