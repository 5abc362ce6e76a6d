/* loader.c: the baseline loader: files and built-ins, `extends` chains, params and rules.
 *
 * A load reads the top baseline and its `extends` chain (each one a whole baseline) into YAML
 * trees (yaml-util.h), then works from the root-most ancestor down: params merge (a child wins,
 * with the parent's type), rules replace by id, `disable` turns inherited rules off. Only then
 * are {param: NAME} references substituted, so that a child's param reaches its parent's
 * rules, and each effective rule's check is validated against its kind's schema (check.h).
 *
 * Every problem is a diagnostic with file:line:col, and the loader keeps going to find them
 * all; the errno of the first problem is returned (-EINVAL for schema problems, -EBADMSG for
 * YAML syntax, -ENOENT/-EFBIG/... for files), and a baseline is returned only when there was
 * none. Lookups go through hashes (yaml-util.h name_index): nothing here is quadratic in the
 * number of rules, params or keys. */
#include <errno.h>
#include <string.h>

#include "baseline.h"
#include "check.h"
#include "fixer.h"
#include "yaml-util.h"

/* Substituting params copies them: a 10 KiB param referenced by 2000 rules would be a
 * billion-laughs attack of its own. Budget, in approximate bytes of tree, for all copies. */
#define EXPAND_MAX (16u << 20)

static const struct yaml_limits limits = {
	.depth_max = BASELINE_DEPTH_MAX,
	.string_max = BASELINE_STRING_MAX,
};

struct layer {
	struct yaml_doc doc;
	char *prefix;           /* directory of the file with its '/', for relative `extends` */
	const char *builtin_id; /* non-NULL for a built-in */
	bool has_inode;
	dev_t dev;
	ino_t ino;
};

/* An effective rule while layers are merged; its check is validated at the end. */
struct slot {
	struct rule rule;
	const struct layer *layer;
	struct value *node; /* the rule's map in layer->doc */
	size_t index;       /* in its file's rules list, for messages */
	bool disabled;
};

struct loader {
	struct diags *diags;
	int r; /* the first problem */
	struct layer layers[BASELINE_EXTENDS_MAX + 1]; /* [0] is the top, [n-1] the root-most */
	size_t n_layers;
	struct value *params; /* merged */
	size_t params_cap;
	struct name_index params_index;
	struct slot *slots;
	size_t n_slots, cap_slots;
	struct name_index rules_index;
	size_t budget;
	bool over_budget;
	/* Nodes of the documents that the load replaced. They are freed with the documents, not
	 * before: a yaml_doc finds key positions by node address, which must not be reused. */
	struct value *graveyard;
};

static void fail(struct loader *l, int r)
{
	if (r < 0 && !l->r)
		l->r = r;
}

static void problem(struct loader *l, const char *file, const struct value *at, const char *fmt,
		    ...) _printf_(4, 5);
static void problem(struct loader *l, const char *file, const struct value *at, const char *fmt,
		    ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diags_add(l->diags, file, at ? at->line : 0, at ? at->col : 0, "%s", msg);
	fail(l, -EINVAL);
}

/* problem() about key of the node at path: "path.key: message". The path is built only here,
 * when there is something to report. */
static void problem_in(struct loader *l, const char *file, const struct value *at,
		       const char *path, const char *key, const char *fmt, ...) _printf_(6, 7);
static void problem_in(struct loader *l, const char *file, const struct value *at,
		       const char *path, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	_cleanup_free_ char *where = yaml_path_key(path, key);
	problem(l, file, at, "%s: %s", where, msg);
}

bool baseline_spec_is_path(const char *spec)
{
	return strchr(spec, '/') || endswith(spec, ".yaml") || endswith(spec, ".yml");
}

static bool valid_id(const char *s)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("._-", *p)))
			return false;
	return true;
}

static char *builtin_ids(void)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < builtin_baselines_count; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", builtin_baselines[i].id);
	return strbuf_detach(&sb);
}

/* ---- layers and the extends chain ---- */

/* Parses one file of the chain into the next layer. */
static int layer_add(struct loader *l, const char *name, const char *data, size_t len,
		     const char *builtin_id, const struct stat *st)
{
	struct layer *ly = &l->layers[l->n_layers];
	*ly = (struct layer){.builtin_id = builtin_id};
	int r = yaml_doc_parse(name, data, len, &limits, l->diags, &ly->doc);
	if (r < 0) {
		fail(l, r);
		return r;
	}
	const char *slash = strrchr(name, '/');
	ly->prefix = builtin_id ? NULL : xstrndup(name, slash ? (size_t)(slash - name) + 1 : 0);
	if (st) {
		ly->has_inode = true;
		ly->dev = st->st_dev;
		ly->ino = st->st_ino;
	}
	l->n_layers++;
	return 0;
}

static char *chain_text(const struct loader *l, const char *last)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = l->n_layers; i > 0; i--)
		strbuf_addf(&sb, "%s -> ", l->layers[i - 1].doc.file);
	strbuf_adds(&sb, last);
	return strbuf_detach(&sb);
}

/* Loads the parent that child's `extends` (ext, a non-empty string) names. */
static int layer_add_parent(struct loader *l, const struct layer *child, const struct value *ext)
{
	const char *file = child->doc.file;
	_cleanup_free_ char *spec = yaml_shorten(ext->s);
	if (l->n_layers > BASELINE_EXTENDS_MAX) {
		problem(l, file, ext, "extends: more than %d levels of extends",
			BASELINE_EXTENDS_MAX);
		return -EINVAL;
	}
	if (!baseline_spec_is_path(ext->s)) {
		const struct builtin_baseline *bi = builtin_baseline_find(ext->s);
		if (!bi) {
			_cleanup_free_ char *ids = builtin_ids();
			problem(l, file, ext, "extends: no built-in baseline '%s' (built-in: %s)",
				spec, ids);
			return -EINVAL;
		}
		for (size_t i = 0; i < l->n_layers; i++)
			if (l->layers[i].builtin_id && STREQ(l->layers[i].builtin_id, bi->id)) {
				_cleanup_free_ char *name = xasprintf("builtin:%s", bi->id);
				_cleanup_free_ char *chain = chain_text(l, name);
				problem(l, file, ext, "extends: cycle: %s", chain);
				return -EINVAL;
			}
		_cleanup_free_ char *name = xasprintf("builtin:%s", bi->id);
		return layer_add(l, name, bi->data, bi->len, bi->id, NULL);
	}
	if (child->builtin_id) {
		problem(l, file, ext,
			"extends: a built-in baseline can only extend built-ins, got path '%s'",
			spec);
		return -EINVAL;
	}
	_cleanup_free_ char *path = ext->s[0] == '/' ? xstrdup(ext->s)
						      : xasprintf("%s%s", child->prefix, ext->s);
	_cleanup_free_ char *data = NULL;
	size_t len;
	struct stat st;
	int r = read_regular_file(path, BASELINE_FILE_MAX, &data, &len, &st);
	if (r < 0) {
		_cleanup_free_ char *p = yaml_shorten(path);
		diags_add(l->diags, file, ext->line, ext->col, "extends: cannot read '%s': %s", p,
			  yaml_read_error(r, BASELINE_FILE_MAX));
		fail(l, r);
		return r;
	}
	for (size_t i = 0; i < l->n_layers; i++)
		if (l->layers[i].has_inode && l->layers[i].dev == st.st_dev &&
		    l->layers[i].ino == st.st_ino) {
			_cleanup_free_ char *chain = chain_text(l, path);
			problem(l, file, ext, "extends: cycle: %s", chain);
			return -EINVAL;
		}
	return layer_add(l, path, data, len, NULL, &st);
}

/* ---- the top level of one file ---- */

static const char *const top_keys[] = {
	"id", "title", "version", "description", "extends", "params", "rules", "disable", NULL,
};

/* Checks the top-level keys and their types. Returns the `extends` node to follow, or NULL. */
static const struct value *layer_check(struct loader *l, const struct layer *ly)
{
	const struct yaml_doc *d = &ly->doc;
	const struct value *root = d->root, *v;
	if (!root) {
		problem(l, d->file, NULL,
			"empty baseline, expected a map with id, title, version and rules");
		return NULL;
	}
	if (root->type != VALUE_MAP) {
		_cleanup_free_ char *what = yaml_describe(root);
		problem(l, d->file, root, "expected a map at the top, got %s", what);
		return NULL;
	}
	if (yaml_check_keys(d, root, "", top_keys, l->diags) > 0)
		fail(l, -EINVAL);
	int r = yaml_field(d, root, "", "id", VALUE_STRING, true, l->diags, &v);
	fail(l, r);
	if (r > 0 && !valid_id(v->s)) {
		_cleanup_free_ char *s = yaml_shorten(v->s);
		problem(l, d->file, v,
			"id: expected lowercase letters, digits, '.', '_' and '-', got '%s'", s);
	} else if (r > 0 && ly->builtin_id && !STREQ(v->s, ly->builtin_id)) {
		_cleanup_free_ char *s = yaml_shorten(v->s);
		problem(l, d->file, v, "id: expected '%s' (the built-in's file name), got '%s'",
			ly->builtin_id, s);
	}
	fail(l, yaml_field(d, root, "", "title", VALUE_STRING, true, l->diags, &v));
	fail(l, yaml_field(d, root, "", "version", VALUE_INT, true, l->diags, &v));
	fail(l, yaml_field(d, root, "", "description", VALUE_STRING, false, l->diags, &v));
	fail(l, yaml_field(d, root, "", "params", VALUE_MAP, false, l->diags, &v));
	fail(l, yaml_field(d, root, "", "rules", VALUE_LIST, false, l->diags, &v));
	r = yaml_field(d, root, "", "disable", VALUE_LIST, false, l->diags, &v);
	fail(l, r);
	for (size_t i = 0; r > 0 && i < v->list.n; i++)
		if (v->list.items[i]->type != VALUE_STRING) {
			_cleanup_free_ char *what = yaml_describe(v->list.items[i]);
			problem(l, d->file, v->list.items[i],
				"disable[%zu]: expected string, got %s", i, what);
		}
	const struct value *ext = NULL;
	r = yaml_field(d, root, "", "extends", VALUE_STRING, false, l->diags, &ext);
	fail(l, r);
	if (r > 0 && !*ext->s) {
		problem(l, d->file, ext, "extends: expected a built-in id or a path, got ''");
		return NULL;
	}
	return r > 0 ? ext : NULL;
}

/* ---- params ---- */

static bool is_param_ref(const struct value *v)
{
	return v->type == VALUE_MAP && v->map.n == 1 && STREQ(v->map.keys[0], "param");
}

/* The first {param: NAME} inside v, or NULL. */
static const struct value *find_param_ref(const struct value *v)
{
	if (is_param_ref(v))
		return v;
	const struct value *r = NULL;
	if (v->type == VALUE_LIST)
		for (size_t i = 0; i < v->list.n && !r; i++)
			r = find_param_ref(v->list.items[i]);
	else if (v->type == VALUE_MAP)
		for (size_t i = 0; i < v->map.n && !r; i++)
			r = find_param_ref(v->map.vals[i]);
	return r;
}

/* Merges one layer's params into l->params, stealing the values from the layer's tree. */
static void params_merge(struct loader *l, struct layer *ly)
{
	struct value *params = (struct value *)value_map_get(ly->doc.root, "params");
	if (!params || params->type != VALUE_MAP)
		return;
	for (size_t i = 0; i < params->map.n; i++) {
		const char *name = params->map.keys[i];
		struct value *v = params->map.vals[i];
		const struct value *ref = find_param_ref(v);
		if (ref) {
			problem_in(l, ly->doc.file, ref, "params", name,
				   "parameter references are not allowed inside params");
			continue;
		}
		size_t j;
		if (name_index_get(&l->params_index, name, &j)) {
			struct value **old = &l->params->map.vals[j];
			if ((*old)->type != VALUE_NULL && (*old)->type != v->type) {
				_cleanup_free_ char *what = yaml_describe(v);
				problem_in(l, ly->doc.file, v, "params", name,
					   "expected %s like the parent's param, got %s",
					   value_type_to_string((*old)->type), what);
				continue;
			}
			value_list_append(l->graveyard, *old);
			*old = v;
		} else {
			struct value *m = l->params;
			if (m->map.n == l->params_cap) {
				l->params_cap = l->params_cap ? l->params_cap * 2 : 16;
				m->map.keys =
					xreallocarray(m->map.keys, l->params_cap, sizeof(char *));
				m->map.vals = xreallocarray(m->map.vals, l->params_cap, sizeof(v));
			}
			m->map.keys[m->map.n] = xstrdup(name);
			m->map.vals[m->map.n] = v;
			name_index_put(&l->params_index, m->map.keys[m->map.n], m->map.n);
			m->map.n++;
		}
		params->map.vals[i] = value_new_null(); /* stolen */
	}
}

/* Approximate bytes of a tree, for the expansion budget, and how many levels of lists and
 * maps it nests (0 for a scalar). */
static size_t tree_measure(const struct value *v, size_t *ret_depth)
{
	size_t w = sizeof(*v), depth = 0, d;
	if (v->type == VALUE_STRING) {
		w += strlen(v->s) + 1;
	} else if (v->type == VALUE_LIST) {
		for (size_t i = 0; i < v->list.n; i++) {
			w += tree_measure(v->list.items[i], &d);
			depth = d > depth ? d : depth;
		}
		depth++;
	} else if (v->type == VALUE_MAP) {
		for (size_t i = 0; i < v->map.n; i++) {
			w += tree_measure(v->map.vals[i], &d) + strlen(v->map.keys[i]) + 1;
			depth = d > depth ? d : depth;
		}
		depth++;
	}
	*ret_depth = depth;
	return w;
}

/* A substituted value is reported where the reference was written, not where the param was
 * defined (possibly another file). */
static void relabel(struct value *v, int line, int col)
{
	v->line = line;
	v->col = col;
	if (v->type == VALUE_LIST)
		for (size_t i = 0; i < v->list.n; i++)
			relabel(v->list.items[i], line, col);
	else if (v->type == VALUE_MAP)
		for (size_t i = 0; i < v->map.n; i++)
			relabel(v->map.vals[i], line, col);
}

/* Where substitute() is, for messages: built only when there is something to report. */
struct path {
	const struct path *up;
	const char *key; /* NULL: index */
	size_t index;
};

static char *path_text(const struct path *p)
{
	if (!p->up)
		return xstrdup(p->key);
	_cleanup_free_ char *up = path_text(p->up);
	if (!p->key)
		return yaml_path_index(up, p->index);
	return yaml_path_key(up, p->key);
}

/* Replaces every {param: NAME} in *slot by a copy of the merged params[NAME]. A copy is not
 * searched again: params hold no references (params_merge). level: how deep *slot is in its
 * document, counting lists and maps; a copy must not nest deeper than a document may, or the
 * dump of the baseline would not load. */
static void substitute(struct loader *l, const char *file, struct value **slot,
		       const struct path *path, size_t level)
{
	struct value *v = *slot;
	if (is_param_ref(v)) {
		const struct value *name = v->map.vals[0];
		_cleanup_free_ char *where = NULL;
		size_t j;
		if (name->type != VALUE_STRING) {
			_cleanup_free_ char *what = yaml_describe(name);
			where = path_text(path);
			problem(l, file, v, "%s: expected a param name after 'param', got %s",
				where, what);
			return;
		}
		if (!name_index_get(&l->params_index, name->s, &j)) {
			_cleanup_free_ char *s = yaml_shorten(name->s);
			where = path_text(path);
			problem(l, file, v, "%s: unknown param '%s'", where, s);
			return;
		}
		const struct value *p = l->params->map.vals[j];
		size_t depth, w = tree_measure(p, &depth);
		if (level - 1 + depth > BASELINE_DEPTH_MAX) {
			_cleanup_free_ char *s = yaml_shorten(name->s);
			where = path_text(path);
			problem(l, file, v, "%s: param '%s' nests deeper than %d levels here",
				where, s, BASELINE_DEPTH_MAX);
			return;
		}
		if (w > l->budget) { /* reported once: every later reference would fail too */
			where = path_text(path);
			if (!l->over_budget)
				problem(l, file, v, "%s: params expand to more than %u bytes",
					where, EXPAND_MAX);
			l->over_budget = true;
			fail(l, -EINVAL);
			return;
		}
		l->budget -= w;
		struct value *c = yaml_value_copy(p);
		relabel(c, v->line, v->col);
		value_list_append(l->graveyard, v);
		*slot = c;
	} else if (v->type == VALUE_LIST) {
		for (size_t i = 0; i < v->list.n; i++)
			substitute(l, file, &v->list.items[i], &(struct path){path, NULL, i},
				   level + 1);
	} else if (v->type == VALUE_MAP) {
		for (size_t i = 0; i < v->map.n; i++)
			substitute(l, file, &v->map.vals[i],
				   &(struct path){path, v->map.keys[i], 0}, level + 1);
	}
}

/* ---- rules ---- */

static const char *const rule_keys[] = {
	"id", "title", "section", "severity", "rationale", "remediation", "refs", "check", "fix",
	"enabled", NULL,
};

static void rule_refs(struct loader *l, const struct yaml_doc *d, const struct value *refs,
		      const char *path, struct rule *r)
{
	r->refs = refs->map.n ? xcalloc(refs->map.n, sizeof(*r->refs)) : NULL;
	for (size_t i = 0; i < refs->map.n; i++) {
		const struct value *ids = refs->map.vals[i];
		if (ids->type != VALUE_LIST) {
			_cleanup_free_ char *what = yaml_describe(ids);
			problem_in(l, d->file, ids, path, refs->map.keys[i],
				   "expected list of strings, got %s", what);
			continue;
		}
		struct rule_ref *ref = &r->refs[r->n_refs++];
		ref->name = xstrdup(refs->map.keys[i]);
		ref->ids = xcalloc(ids->list.n + 1, sizeof(char *));
		for (size_t j = 0, n = 0; j < ids->list.n; j++) {
			const struct value *id = ids->list.items[j];
			if (id->type == VALUE_STRING) {
				ref->ids[n++] = xstrdup(id->s);
				continue;
			}
			_cleanup_free_ char *what = yaml_describe(id);
			_cleanup_free_ char *p = yaml_path_key(path, refs->map.keys[i]);
			problem(l, d->file, id, "%s[%zu]: expected string, got %s", p, j, what);
		}
	}
}

/* Reads a rule's metadata into r; check, fix and enabled wait for the params. r->id is set
 * only when the id is valid (the rule can then be placed even if other fields are wrong, so
 * that its check is validated too). */
static void rule_parse(struct loader *l, const struct yaml_doc *d, const struct value *node,
		       const char *path, struct rule *r)
{
	const struct value *v;
	if (yaml_check_keys(d, node, path, rule_keys, l->diags) > 0)
		fail(l, -EINVAL);
	int k = yaml_field(d, node, path, "id", VALUE_STRING, true, l->diags, &v);
	fail(l, k);
	if (k > 0 && !valid_id(v->s)) {
		_cleanup_free_ char *s = yaml_shorten(v->s);
		problem(l, d->file, v,
			"%s.id: expected lowercase letters, digits, '.', '_' and '-', got '%s'",
			path, s);
	} else if (k > 0) {
		r->id = xstrdup(v->s);
	}
	if ((k = yaml_field(d, node, path, "title", VALUE_STRING, true, l->diags, &v)) > 0)
		r->title = xstrdup(v->s);
	fail(l, k);
	if ((k = yaml_field(d, node, path, "severity", VALUE_STRING, true, l->diags, &v)) > 0) {
		r->severity = severity_from_string(v->s);
		if (r->severity == _SEVERITY_INVALID) {
			_cleanup_free_ char *s = yaml_shorten(v->s);
			problem(l, d->file, v,
				"%s.severity: expected one of low, medium, high, critical, got '%s'",
				path, s);
		}
	}
	fail(l, k);
	if ((k = yaml_field(d, node, path, "section", VALUE_STRING, false, l->diags, &v)) > 0) {
		if (!*v->s)
			problem(l, d->file, v, "%s.section: expected a non-empty string, got ''",
				path);
		r->section = xstrdup(v->s);
	} else if (r->id) { /* the id up to its first '.', or all of it for ".x" */
		size_t n = strcspn(r->id, ".");
		r->section = xstrndup(r->id, n ? n : strlen(r->id));
	}
	fail(l, k);
	if ((k = yaml_field(d, node, path, "rationale", VALUE_STRING, false, l->diags, &v)) > 0)
		r->rationale = xstrdup(v->s);
	fail(l, k);
	if ((k = yaml_field(d, node, path, "remediation", VALUE_STRING, false, l->diags, &v)) > 0)
		r->remediation = xstrdup(v->s);
	fail(l, k);
	char p[64];
	if ((k = yaml_field(d, node, path, "refs", VALUE_MAP, false, l->diags, &v)) > 0) {
		snprintf(p, sizeof(p), "%s.refs", path);
		rule_refs(l, d, v, p, r);
	}
	fail(l, k);
	if (!value_map_get(node, "check")) /* its type is checked once params are substituted */
		problem(l, d->file, node, "%s: missing required key 'check'", path);
	/* the fix map's kind and keys are validated with the params substituted (fix_validate) */
	k = yaml_field(d, node, path, "fix", VALUE_MAP, false, l->diags, &v);
	fail(l, k);
	r->file = xstrdup(d->file);
	r->line = node->line;
	r->col = node->col;
}

static void slot_append(struct loader *l)
{
	if (l->n_slots == l->cap_slots) {
		l->cap_slots = l->cap_slots ? l->cap_slots * 2 : 64;
		l->slots = xreallocarray(l->slots, l->cap_slots, sizeof(*l->slots));
	}
	l->slots[l->n_slots++] = (struct slot){0};
}

/* Adds one layer's rules (replacing inherited rules with the same id), then its `disable`. */
static void rules_merge(struct loader *l, struct layer *ly)
{
	const struct yaml_doc *d = &ly->doc;
	struct value *rules = (struct value *)value_map_get(d->root, "rules");
	struct name_index local = {0};
	size_t n = rules && rules->type == VALUE_LIST ? rules->list.n : 0;
	if (n > BASELINE_RULES_MAX) {
		problem(l, d->file, rules, "rules: more than %d rules", BASELINE_RULES_MAX);
		n = BASELINE_RULES_MAX;
	}
	for (size_t i = 0; i < n; i++) {
		struct value *node = rules->list.items[i];
		char path[32]; /* paths are short: built without allocating on the good path */
		snprintf(path, sizeof(path), "rules[%zu]", i);
		if (node->type != VALUE_MAP) {
			_cleanup_free_ char *what = yaml_describe(node);
			problem(l, d->file, node, "%s: expected map, got %s", path, what);
			continue;
		}
		struct rule r = {0};
		rule_parse(l, d, node, path, &r);
		size_t j;
		if (!r.id) {
			rule_release(&r);
			continue;
		}
		if (name_index_get(&local, r.id, &j)) {
			const struct value *id = value_map_get(node, "id");
			problem(l, d->file, id, "%s.id: duplicate rule id '%s' (first at line %d)",
				path, r.id, rules->list.items[j]->line);
			rule_release(&r);
			continue;
		}
		name_index_put(&local, value_map_get(node, "id")->s, i);
		struct rule old = {0};
		if (name_index_get(&l->rules_index, r.id, &j)) {
			/* replaced: freed once the index no longer uses its id */
			old = l->slots[j].rule;
		} else if (l->n_slots < BASELINE_RULES_MAX) {
			j = l->n_slots;
			slot_append(l);
		} else {
			problem(l, d->file, node, "%s: more than %d rules with the parents' rules",
				path, BASELINE_RULES_MAX);
			rule_release(&r);
			break;
		}
		l->slots[j] = (struct slot){.rule = r, .layer = ly, .node = node, .index = i};
		name_index_put(&l->rules_index, l->slots[j].rule.id, j);
		rule_release(&old);
	}
	name_index_release(&local);

	const struct value *disable = value_map_get(d->root, "disable");
	for (size_t i = 0; disable && disable->type == VALUE_LIST && i < disable->list.n; i++) {
		const struct value *id = disable->list.items[i];
		size_t j;
		if (id->type != VALUE_STRING) /* reported by layer_check() */
			continue;
		if (name_index_get(&l->rules_index, id->s, &j) && l->slots[j].layer != ly) {
			l->slots[j].disabled = true;
			continue;
		}
		_cleanup_free_ char *s = yaml_shorten(id->s);
		problem(l, d->file, id,
			"disable[%zu]: no rule '%s' inherited from a parent baseline", i, s);
	}
}

/* ---- checks ---- */

static const struct check_param *kind_param(const struct check_param *params, const char *name)
{
	for (const struct check_param *p = params; p && p->name; p++)
		if (STREQ(p->name, name))
			return p;
	return NULL;
}

static bool is_scalar(const struct value *v)
{
	return v->type == VALUE_BOOL || v->type == VALUE_INT || v->type == VALUE_STRING;
}

/* Checks v, at key of the map at path, against a parameter type; reports and returns false
 * when it does not fit. */
static bool param_type_check(struct loader *l, const char *file, const struct value *v,
			     enum param_type t, const char *path, const char *key)
{
	bool ok;
	uint32_t mode;
	switch (t) {
	case PARAM_BOOL:
		ok = v->type == VALUE_BOOL;
		break;
	case PARAM_INT:
		ok = v->type == VALUE_INT;
		break;
	case PARAM_STRING:
		ok = v->type == VALUE_STRING;
		break;
	case PARAM_SCALAR:
		ok = is_scalar(v);
		break;
	case PARAM_MODE:
		ok = v->type == VALUE_STRING && parse_mode(v->s, &mode) == 0;
		break;
	case PARAM_STRING_LIST:
	case PARAM_SCALAR_LIST:
		ok = v->type == VALUE_LIST;
		for (size_t i = 0; ok && i < v->list.n; i++) {
			const struct value *item = v->list.items[i];
			if (t == PARAM_STRING_LIST ? item->type == VALUE_STRING : is_scalar(item))
				continue;
			_cleanup_free_ char *what = yaml_describe(item);
			_cleanup_free_ char *p = yaml_path_key(path, key);
			problem(l, file, item, "%s[%zu]: expected %s, got %s", p, i,
				t == PARAM_STRING_LIST ? "string" : "scalar (bool, int or string)",
				what);
			return false;
		}
		break;
	default:
		ok = true;
		break;
	}
	if (!ok) {
		_cleanup_free_ char *what = yaml_describe(v);
		problem_in(l, file, v, path, key, "expected %s, got %s", param_type_to_string(t),
			   what);
	}
	return ok;
}

static char *kind_names(bool fix)
{
	struct strbuf sb = STRBUF_INIT;
	if (fix)
		for (size_t i = 0; fixer_kinds[i]; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", fixer_kinds[i]->name);
	else
		for (size_t i = 0; check_kinds[i]; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", check_kinds[i]->name);
	return strbuf_detach(&sb);
}

static char *param_names(const struct check_param *params)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "kind");
	for (const struct check_param *p = params; p && p->name; p++)
		strbuf_addf(&sb, ", %s", p->name);
	return strbuf_detach(&sb);
}

/* Validates the keys of a check or fix map (besides kind) against a schema. */
static bool params_validate(struct loader *l, const struct yaml_doc *d, const struct value *map,
			    const char *path, const char *what, const char *kind_name,
			    const struct check_param *params,
			    int (*validate)(const struct value *, const char *, struct diags *))
{
	bool ok = true;
	for (size_t i = 0; i < map->map.n; i++) {
		const char *key = map->map.keys[i];
		if (STREQ(key, "kind"))
			continue;
		const struct check_param *p = kind_param(params, key);
		if (!p) {
			int line, col;
			yaml_doc_key_pos(d, map, i, &line, &col);
			_cleanup_free_ char *k = yaml_shorten(key), *names = param_names(params);
			diags_add(l->diags, d->file, line, col,
				  "%s: unknown key '%s' for %s kind '%s', expected one of %s", path,
				  k, what, kind_name, names);
			fail(l, -EINVAL);
			ok = false;
			continue;
		}
		if (find_param_ref(map->map.vals[i])) { /* unresolved: reported by substitute() */
			ok = false;
			continue;
		}
		ok &= param_type_check(l, d->file, map->map.vals[i], p->type, path, key);
	}
	for (const struct check_param *p = params; p && p->name; p++)
		if (p->required && !value_map_get(map, p->name)) {
			problem(l, d->file, map, "%s: missing required key '%s' for %s kind '%s'",
				path, p->name, what, kind_name);
			ok = false;
		}
	if (ok && validate) {
		int r = validate(map, d->file, l->diags);
		fail(l, r);
		ok = r >= 0;
	}
	return ok;
}

/* Validates a (substituted) check map against its kind's schema; the kind or NULL. */
static const struct check_kind *check_validate(struct loader *l, const struct yaml_doc *d,
					       const struct value *check, const char *path)
{
	const struct value *v;
	if (check->type != VALUE_MAP) {
		_cleanup_free_ char *what = yaml_describe(check);
		problem(l, d->file, check, "%s: expected map, got %s", path, what);
		return NULL;
	}
	int r = yaml_field(d, check, path, "kind", VALUE_STRING, true, l->diags, &v);
	if (r <= 0) {
		fail(l, -EINVAL);
		return NULL;
	}
	const struct check_kind *kind = check_kind_find(v->s);
	if (!kind) {
		_cleanup_free_ char *s = yaml_shorten(v->s), *names = kind_names(false);
		problem(l, d->file, v, "%s.kind: unknown check kind '%s', expected one of %s", path,
			s, names);
		return NULL;
	}
	return params_validate(l, d, check, path, "check", kind->name, kind->params,
			       kind->validate)
		       ? kind
		       : NULL;
}

/* Validates a (substituted) fix map against its fixer kind's schema. */
static bool fix_validate(struct loader *l, const struct yaml_doc *d, const struct value *fix,
			 const char *path)
{
	const struct value *v;
	if (fix->type != VALUE_MAP) /* reported with the rule's other fields */
		return false;
	int r = yaml_field(d, fix, path, "kind", VALUE_STRING, true, l->diags, &v);
	if (r <= 0) {
		fail(l, -EINVAL);
		return false;
	}
	const struct fixer_kind *kind = fixer_kind_find(v->s);
	if (!kind) {
		_cleanup_free_ char *s = yaml_shorten(v->s), *names = kind_names(true);
		problem(l, d->file, v, "%s.kind: unknown fix kind '%s', expected one of %s", path,
			s, names);
		return false;
	}
	return params_validate(l, d, fix, path, "fix", kind->name, kind->params, kind->validate);
}

/* Substitutes params in a rule's check and enabled, validates them, and completes the rule,
 * taking its check and fix from the document. */
static void slot_finish(struct loader *l, struct slot *s)
{
	const struct yaml_doc *d = &s->layer->doc;
	struct value *node = s->node;
	s->rule.enabled = true;
	for (size_t i = 0; i < node->map.n; i++) {
		const char *key = node->map.keys[i];
		struct value **v = &node->map.vals[i];
		if (!STREQ(key, "check") && !STREQ(key, "enabled") && !STREQ(key, "fix"))
			continue;
		char where[48];
		snprintf(where, sizeof(where), "rules[%zu].%s", s->index, key);
		/* level 4: the top map, rules, the rule, then this */
		substitute(l, d->file, v, &(struct path){NULL, where, 0}, 4);
		if (STREQ(key, "fix")) {
			if (!is_param_ref(*v) && fix_validate(l, d, *v, where)) {
				s->rule.fix = TAKE_PTR(*v);
				*v = value_new_null();
			}
		} else if (STREQ(key, "enabled")) {
			if ((*v)->type == VALUE_BOOL) {
				s->rule.enabled = (*v)->b;
			} else if (!is_param_ref(*v)) { /* an unresolved reference is reported */
				_cleanup_free_ char *what = yaml_describe(*v);
				problem(l, d->file, *v, "%s: expected bool, got %s", where, what);
			}
		} else if (!is_param_ref(*v)) { /* an unresolved reference is reported */
			s->rule.kind = check_validate(l, d, *v, where);
			if (s->rule.kind) {
				s->rule.check = TAKE_PTR(*v);
				*v = value_new_null();
			}
		}
	}
	if (s->disabled)
		s->rule.enabled = false;
}

/* ---- the load ---- */

static void loader_release(struct loader *l)
{
	for (size_t i = 0; i < l->n_layers; i++) {
		yaml_doc_release(&l->layers[i].doc);
		free(l->layers[i].prefix);
	}
	value_free(l->params);
	value_free(l->graveyard);
	name_index_release(&l->params_index);
	for (size_t i = 0; i < l->n_slots; i++)
		rule_release(&l->slots[i].rule);
	free(l->slots);
	name_index_release(&l->rules_index);
}

static struct baseline *baseline_build(struct loader *l, const char *name, const char *sha256)
{
	const struct value *root = l->layers[0].doc.root, *ext = value_map_get(root, "extends");
	const struct value *desc = value_map_get(root, "description");
	struct baseline *b = baseline_new();
	b->id = xstrdup(value_map_get(root, "id")->s);
	b->title = xstrdup(value_map_get(root, "title")->s);
	b->version = value_map_get(root, "version")->i;
	b->description = desc ? xstrdup(desc->s) : NULL;
	b->file = xstrdup(name);
	memcpy(b->sha256, sha256, sizeof(b->sha256));
	b->extends = ext ? xstrdup(ext->s) : NULL;
	b->params = TAKE_PTR(l->params);
	b->n_rules = l->n_slots;
	b->rules = l->n_slots ? xcalloc(l->n_slots, sizeof(*b->rules)) : NULL;
	for (size_t i = 0; i < l->n_slots; i++) {
		b->rules[i] = l->slots[i].rule;
		l->slots[i].rule = (struct rule){0};
	}
	return b;
}

/* Loads the baseline in data (named name) and its chain. builtin_id/st: see layer_add(). */
static int load(const char *name, const char *data, size_t len, const char *builtin_id,
		const struct stat *st, struct diags *diags, struct baseline **ret)
{
	if (len > BASELINE_FILE_MAX) {
		diags_add(diags, name, 0, 0, "baseline is %s",
			  yaml_read_error(-EFBIG, BASELINE_FILE_MAX));
		return -EFBIG;
	}
	char sha256[65];
	const struct builtin_baseline *bi = builtin_id ? builtin_baseline_find(builtin_id) : NULL;
	if (bi && bi->data == data && bi->len == len && strlen(bi->sha256) == 64)
		memcpy(sha256, bi->sha256, sizeof(sha256)); /* digested at build time */
	else
		sha256_hex(data, len, sha256);
	struct loader l = {
		.diags = diags,
		.params = value_new_map(),
		.budget = EXPAND_MAX,
		.graveyard = value_new_list(),
	};
	bool chain = layer_add(&l, name, data, len, builtin_id, st) == 0;
	for (size_t i = 0; chain && i < l.n_layers; i++) {
		const struct value *ext = layer_check(&l, &l.layers[i]);
		if (ext && layer_add_parent(&l, &l.layers[i], ext) < 0)
			chain = false;
	}
	/* Merge only a complete chain: a missing parent would make every inherited rule and
	 * param the child mentions look wrong. Other problems do not stop the merge, so that the
	 * rules' problems are found too. */
	if (chain) {
		for (size_t i = l.n_layers; i > 0; i--)
			params_merge(&l, &l.layers[i - 1]);
		for (size_t i = l.n_layers; i > 0; i--)
			rules_merge(&l, &l.layers[i - 1]);
		for (size_t i = 0; i < l.n_slots; i++)
			slot_finish(&l, &l.slots[i]);
	}
	int r = l.r;
	if (r == 0)
		*ret = baseline_build(&l, name, sha256);
	loader_release(&l);
	return r;
}

int baseline_load_buffer(const char *name, const char *data, size_t len, struct diags *diags,
			 struct baseline **ret)
{
	/* The built-ins are loaded under their "builtin:<id>" names: they may extend only other
	 * built-ins, and their id must match the file's name. */
	const char *builtin_id = startswith(name, "builtin:") ? name + strlen("builtin:") : NULL;
	size_t from = diags->n;
	int r = load(name, data, len, builtin_id, NULL, diags, ret);
	yaml_diags_sort(diags, from);
	return r;
}

int baseline_load(const char *spec, struct diags *diags, struct baseline **ret)
{
	if (!baseline_spec_is_path(spec)) {
		const struct builtin_baseline *bi = builtin_baseline_find(spec);
		if (!bi) {
			_cleanup_free_ char *s = yaml_shorten(spec), *ids = builtin_ids();
			diags_add(diags, s, 0, 0,
				  "no built-in baseline '%s' (built-in: %s; a file path needs a '/' "
				  "or a .yaml suffix)",
				  s, ids);
			return -ENOENT;
		}
		_cleanup_free_ char *name = xasprintf("builtin:%s", bi->id);
		return baseline_load_buffer(name, bi->data, bi->len, diags, ret);
	}
	_cleanup_free_ char *data = NULL;
	size_t len;
	struct stat st;
	int r = read_regular_file(spec, BASELINE_FILE_MAX, &data, &len, &st);
	if (r < 0) {
		diags_add(diags, spec, 0, 0, "cannot read baseline: %s",
			  yaml_read_error(r, BASELINE_FILE_MAX));
		return r;
	}
	size_t from = diags->n;
	r = load(spec, data, len, NULL, &st, diags, ret);
	yaml_diags_sort(diags, from);
	return r;
}
