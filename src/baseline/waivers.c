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

struct parse {
	const struct yaml_doc *d;
	const struct baseline *b; /* may be NULL */
	struct diags *diags;
	struct name_index rules; /* the baseline's rule ids */
	struct name_index seen;  /* rule id -> index in w */
	struct waivers w;
};

/* Checks one waiver and appends it to p->w; 0, or -EINVAL with every problem reported. */
static int waiver_add(struct parse *p, const struct value *node, const char *path)
{
	const struct yaml_doc *d = p->d;
	const struct value *rule = NULL, *reason = NULL, *approver = NULL, *expires;
	int r = 0;
	size_t j;
	if (yaml_check_keys(d, node, path, waiver_keys, p->diags) > 0)
		r = -EINVAL;
	if (yaml_field(d, node, path, "rule", VALUE_STRING, true, p->diags, &rule) < 0) {
		r = -EINVAL;
	} else if (p->b && !name_index_get(&p->rules, rule->s, NULL)) {
		_cleanup_free_ char *s = yaml_shorten(rule->s);
		diags_add(p->diags, d->file, rule->line, rule->col,
			  "%s.rule: no rule '%s' in baseline '%s'", path, s, p->b->id);
		r = -EINVAL;
	} else if (name_index_get(&p->seen, rule->s, &j)) {
		_cleanup_free_ char *s = yaml_shorten(rule->s);
		diags_add(p->diags, d->file, rule->line, rule->col,
			  "%s.rule: duplicate waiver for rule '%s' (first at line %d)", path, s,
			  p->w.items[j].line);
		r = -EINVAL;
	}
	if (yaml_field(d, node, path, "reason", VALUE_STRING, true, p->diags, &reason) < 0)
		r = -EINVAL;
	if (yaml_field(d, node, path, "approver", VALUE_STRING, true, p->diags, &approver) < 0)
		r = -EINVAL;
	expires = value_map_get(node, "expires");
	int64_t t = 0;
	if (!expires) {
		diags_add(p->diags, d->file, node->line, node->col,
			  "%s: missing required key 'expires'", path);
		r = -EINVAL;
	} else if (expires->type != VALUE_STRING || parse_date(expires->s, &t) < 0) {
		_cleanup_free_ char *what = yaml_describe(expires);
		diags_add(p->diags, d->file, expires->line, expires->col,
			  "%s.expires: expected a date YYYY-MM-DD, got %s", path, what);
		r = -EINVAL;
	}
	if (r < 0)
		return r;
	name_index_put(&p->seen, rule->s, p->w.n);
	*GROW(p->w.items, p->w.n) = (struct waiver){
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

static int waivers_parse(struct parse *p)
{
	const struct yaml_doc *d = p->d;
	const struct value *root = d->root, *list;
	if (!root) {
		diags_add(p->diags, d->file, 0, 0,
			  "empty waivers file, expected a map with key 'waivers'");
		return -EINVAL;
	}
	if (root->type != VALUE_MAP) {
		_cleanup_free_ char *what = yaml_describe(root);
		diags_add(p->diags, d->file, root->line, root->col,
			  "expected a map at the top, got %s", what);
		return -EINVAL;
	}
	int r = yaml_check_keys(d, root, "", top_keys, p->diags) > 0 ? -EINVAL : 0;
	if (yaml_field(d, root, "", "waivers", VALUE_LIST, true, p->diags, &list) < 0)
		return -EINVAL;
	size_t n = list->list.n;
	if (n > BASELINE_RULES_MAX) {
		diags_add(p->diags, d->file, list->line, list->col, "waivers: more than %d waivers",
			  BASELINE_RULES_MAX);
		r = -EINVAL;
		n = BASELINE_RULES_MAX;
	}
	for (size_t i = 0; p->b && i < p->b->n_rules; i++)
		name_index_put(&p->rules, p->b->rules[i].id, i);
	for (size_t i = 0; i < n; i++) {
		const struct value *node = list->list.items[i];
		_cleanup_free_ char *path = yaml_path_index("waivers", i);
		if (node->type != VALUE_MAP) {
			_cleanup_free_ char *what = yaml_describe(node);
			diags_add(p->diags, d->file, node->line, node->col,
				  "%s: expected map, got %s", path, what);
			r = -EINVAL;
		} else if (waiver_add(p, node, path) < 0) {
			r = -EINVAL;
		}
	}
	return r;
}

int waivers_load(const char *path, const struct baseline *b, struct diags *diags,
		 struct waivers *ret)
{
	_cleanup_free_ char *data = NULL;
	size_t len;
	int r = read_regular_file(path, BASELINE_FILE_MAX, &data, &len, NULL);
	if (r < 0) {
		diags_add(diags, path, 0, 0, "cannot read waivers: %s",
			  yaml_read_error(r, BASELINE_FILE_MAX));
		return r;
	}
	struct yaml_doc d;
	r = yaml_doc_parse(path, data, len, &limits, diags, &d);
	if (r < 0)
		return r;
	struct parse p = {.d = &d, .b = b, .diags = diags};
	size_t from = diags->n;
	r = waivers_parse(&p);
	yaml_diags_sort(diags, from);
	name_index_release(&p.rules);
	name_index_release(&p.seen);
	yaml_doc_release(&d);
	if (r < 0) {
		waivers_release(&p.w);
		return r;
	}
	*ret = p.w;
	return 0;
}
