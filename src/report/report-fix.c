/* report-fix.c: the fix of one rule, as the report shows it: the unified diff of the files that
 * the fix plan (the one `dockward fix --dry-run` prints) writes for that rule.
 *
 * The plan is built once for the whole audit, so a file that serves several rules (daemon.json
 * for every daemon rule) shows every rule's edit in each of them: that is the file dockward fix
 * would write, and a reviewer approves files, not fragments of them. */
#include <string.h>

#include "diff.h"
#include "report.h"

#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

char *report_fix_diff(const struct report *r, const char *rule_id)
{
	if (!r->plan || !rule_id)
		return NULL;
	struct strbuf d = STRBUF_INIT;
	for (size_t i = 0; i < r->plan->n_changes; i++) {
		const struct change *c = &r->plan->changes[i];
		if (c->kind != CHANGE_FILE || !strv_contains(c->rule_ids, rule_id))
			continue;
		_cleanup_free_ char *a = xasprintf("a%s", c->path), *b = xasprintf("b%s", c->path);
		diff_unified(&d, c->old_exists ? a : "/dev/null", c->old_content, c->old_len, b,
			     c->new_content, c->new_len, 3);
	}
	if (d.len == 0) {
		strbuf_release(&d);
		return NULL;
	}
	/* A NUL in a file would end the string early everywhere it goes next. */
	struct strbuf out = STRBUF_INIT;
	for (size_t i = 0; i < d.len; i++) {
		size_t n = strnlen(d.buf + i, d.len - i);
		strbuf_add(&out, d.buf + i, n);
		i += n;
		if (i < d.len)
			strbuf_adds(&out, REPLACEMENT_CHARACTER);
	}
	strbuf_release(&d);
	return strbuf_detach(&out);
}
