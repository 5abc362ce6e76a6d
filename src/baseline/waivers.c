/* waivers.c: the waivers loader.
 *
 * A waivers file is `waivers: [{rule, reason, approver, expires: YYYY-MM-DD}]`, every field
 * required. A waiver for a rule the baseline does not have is a typo, and an error; so is a
 * second waiver for the same rule. An expired waiver loads fine: the audit reports it as
 * expired rather than dropping it silently. Problems are collected as in loader.c. */
#include <errno.h>
#include <string.h>

#include "baseline.h"
#include "yaml-util.h"

static const struct yaml_limits limits = {
	.depth_max = BASELINE_DEPTH_MAX,
	.string_max = BASELINE_STRING_MAX,
};

static const char *const top_keys[] = {"waivers", NULL};
static const char *const waiver_keys[] = {"rule", "reason", "approver", "expires", NULL};

/* Reads one waiver; 0 with *w filled, or -EINVAL (reported). */
static int waiver_parse(const struct yaml_doc *d, const struct value *node, const char *path,
			struct diags *diags, struct waiver *w)
{
	const struct value *rule = NULL, *reason = NULL, *approver = NULL, *expires;
	int r = 0;
	if (yaml_check_keys(d, node, path, waiver_keys, diags) > 0)
		r = -EINVAL;
	if (yaml_field(d, node, path, "rule", VALUE_STRING, true, diags, &rule) < 0)
		r = -EINVAL;
	if (yaml_field(d, node, path, "reason", VALUE_STRING, true, diags, &reason) < 0)
		r = -EINVAL;
	if (yaml_field(d, node, path, "approver", VALUE_STRING, true, diags, &approver) < 0)
		r = -EINVAL;
	expires = value_map_get(node, "expires");
	int64_t t = 0;
	if (!expires) {
		diags_add(diags, d->file, node->line, node->col,
			  "%s: missing required key 'expires'", path);
		r = -EINVAL;
	} else if (expires->type != VALUE_STRING || parse_date(expires->s, &t) < 0) {
		_cleanup_free_ char *what = yaml_describe(expires);
		diags_add(diags, d->file, expires->line, expires->col,
			  "%s.expires: expected a date YYYY-MM-DD, got %s", path, what);
		r = -EINVAL;
	}
	if (r < 0)
		return r;
	*w = (struct waiver){
		.rule_id = xstrdup(rule->s),
		.reason = xstrdup(reason->s),
		.approver = xstrdup(approver->s),
		.expires_text = xstrdup(expires->s),
		.expires = t,
		.file = xstrdup(d->file),
		.line = node->line,
	};
	return 0;
}

static int waivers_parse(const struct yaml_doc *d, const struct baseline *b, struct diags *diags,
			 struct waivers *w)
{
	const struct value *root = d->root, *list;
	if (!root) {
		diags_add(diags, d->file, 0, 0,
			  "empty waivers file, expected a map with key 'waivers'");
		return -EINVAL;
	}
	if (root->type != VALUE_MAP) {
		_cleanup_free_ char *what = yaml_describe(root);
		diags_add(diags, d->file, root->line, root->col,
			  "expected a map at the top, got %s", what);
		return -EINVAL;
	}
	int r = yaml_check_keys(d, root, "", top_keys, diags) > 0 ? -EINVAL : 0;
	if (yaml_field(d, root, "", "waivers", VALUE_LIST, true, diags, &list) < 0)
		return -EINVAL;
	size_t n = list->list.n;
	if (n > BASELINE_RULES_MAX) {
		diags_add(diags, d->file, list->line, list->col, "waivers: more than %d waivers",
			  BASELINE_RULES_MAX);
		r = -EINVAL;
		n = BASELINE_RULES_MAX;
	}
	struct name_index rules = {0}, seen = {0};
	for (size_t i = 0; b && i < b->n_rules; i++)
		name_index_put(&rules, b->rules[i].id, i);
	for (size_t i = 0; i < n; i++) {
		const struct value *node = list->list.items[i];
		_cleanup_free_ char *path = yaml_path_index("waivers", i);
		struct waiver x;
		size_t j;
		if (node->type != VALUE_MAP) {
			_cleanup_free_ char *what = yaml_describe(node);
			diags_add(diags, d->file, node->line, node->col, "%s: expected map, got %s",
				  path, what);
			r = -EINVAL;
			continue;
		}
		if (waiver_parse(d, node, path, diags, &x) < 0) {
			r = -EINVAL;
			continue;
		}
		const struct value *id = value_map_get(node, "rule");
		_cleanup_free_ char *s = yaml_shorten(id->s);
		if (b && !name_index_get(&rules, id->s, NULL)) {
			diags_add(diags, d->file, id->line, id->col,
				  "%s.rule: no rule '%s' in baseline '%s'", path, s, b->id);
			r = -EINVAL;
		} else if (name_index_get(&seen, id->s, &j)) {
			diags_add(diags, d->file, id->line, id->col,
				  "%s.rule: duplicate waiver for rule '%s' (first at line %d)",
				  path, s, w->items[j].line);
			r = -EINVAL;
		} else {
			name_index_put(&seen, id->s, w->n);
			*GROW(w->items, w->n) = x;
			continue;
		}
		struct waivers one = {.items = &x, .n = 1};
		waivers_release_items(&one);
	}
	name_index_release(&rules);
	name_index_release(&seen);
	return r;
}

int waivers_load(const char *path, const struct baseline *b, struct diags *diags,
		 struct waivers *ret)
{
	_cleanup_free_ char *data = NULL;
	size_t len;
	int r = yaml_read_file(path, BASELINE_FILE_MAX, &data, &len, NULL);
	if (r < 0) {
		diags_add(diags, path, 0, 0, "cannot read waivers: %s",
			  yaml_read_error(r, BASELINE_FILE_MAX));
		return r;
	}
	struct yaml_doc d;
	r = yaml_doc_parse(path, data, len, &limits, diags, &d);
	if (r < 0)
		return r;
	struct waivers w = {0};
	size_t from = diags->n;
	r = waivers_parse(&d, b, diags, &w);
	yaml_diags_sort(diags, from);
	yaml_doc_release(&d);
	if (r < 0) {
		waivers_release(&w);
		return r;
	}
	*ret = w;
	return 0;
}
