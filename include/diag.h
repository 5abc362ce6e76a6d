/* diag.h: diagnostics about input files, each with file, line and column.
 *
 * Library layers never print. Parsers add every problem they find to a diag list and keep
 * going where they can (as tmux's cfg_add_cause does); the CLI prints them all as
 * "FILE:LINE:COL: message" and exits 2. */
#pragma once

#include <stddef.h>

#include "util.h"

#define DIAG_MAX 200 /* after this many, one last "too many problems" entry is kept */

struct diag {
	char *file;
	int line, col; /* 1-based; 0 when unknown */
	char *message;
};

struct diags {
	struct diag *items;
	size_t n;
};

void diags_add(struct diags *d, const char *file, int line, int col, const char *fmt, ...)
	_printf_(5, 6);
void diags_release(struct diags *d);
/* "FILE:LINE:COL: message" (LINE/COL left out when 0). The caller frees it. */
char *diag_format(const struct diag *d);
