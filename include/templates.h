/* templates.h: the HTML report's templates, embedded into the binary at build time.
 *
 * Every file under templates/ becomes a byte array in a generated C file
 * (cmake/embed-templates.cmake), so that the report renders the same on a host without the
 * source tree. The names are the file names: report.html.tmpl is the page, report.css and
 * report.js are partials it includes with {{> report.css}} and {{> report.js}}. --template FILE
 * replaces the page (src/cli/cli-audit.c). */
#pragma once

#include <stddef.h>

#define TEMPLATE_HTML_REPORT "report.html.tmpl"

struct embedded_template {
	const char *name; /* "report.css" */
	const char *data; /* NUL-terminated too */
	size_t len;
};
extern const struct embedded_template embedded_templates[]; /* sorted by name, {0}-terminated */
extern const size_t embedded_templates_count;

/* The embedded template of that name, or NULL. Borrowed (static data). */
const struct embedded_template *embedded_template_find(const char *name);

/* A template_partial_fn (template.h) over the embedded templates; userdata is unused. */
const char *embedded_template_partial(const char *name, size_t *ret_len, void *userdata);
