/* diff.h: unified diffs of two texts, for showing a plan.
 *
 * Lines are compared whole (Myers' O(ND) algorithm, as diff(1) and git use). The output is what
 * `diff -u` prints: "--- a", "+++ b", hunks with `context` lines around each change, and
 * "\ No newline at end of file" where a side lacks its last newline. Config files are small;
 * texts beyond DIFF_MAX_LINES lines are shown as a whole replacement instead. */
#pragma once

#include <stddef.h>

#include "util.h"

#define DIFF_MAX_LINES 20000

/* Appends the diff of a (alen bytes) and b to sb; nothing when they are equal. a_label and
 * b_label go on the --- and +++ lines. A NULL text is an absent file (labelled /dev/null by
 * the caller if wanted). Returns the number of changed lines (added + removed). */
size_t diff_unified(struct strbuf *sb, const char *a_label, const char *a, size_t alen,
		    const char *b_label, const char *b, size_t blen, int context);
