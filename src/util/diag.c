/* diag.c: the diagnostics list (file, line, column, message). */
#include <stdio.h>
#include <string.h>

#include "diag.h"

void diags_add(struct diags *d, const char *file, int line, int col, const char *fmt, ...)
{
	if (d->n > DIAG_MAX)
		return;
	struct diag *x = GROW(d->items, d->n);
	x->file = xstrdup(file ? file : "<input>");
	x->line = line;
	x->col = col;
	if (d->n > DIAG_MAX) {
		x->message = xstrdup("too many problems, giving up");
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	x->message = xvasprintf(fmt, ap);
	va_end(ap);
}

void diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].message);
	}
	free(d->items);
	d->items = NULL;
	d->n = 0;
}

char *diag_format(const struct diag *d)
{
	if (d->line > 0 && d->col > 0)
		return xasprintf("%s:%d:%d: %s", d->file, d->line, d->col, d->message);
	if (d->line > 0)
		return xasprintf("%s:%d: %s", d->file, d->line, d->message);
	return xasprintf("%s: %s", d->file, d->message);
}
