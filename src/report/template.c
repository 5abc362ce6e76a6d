/* template.c: templates parsed into a tree, and the tree rendered (include/template.h).
 *
 * Parsing reads the text once. Literal text goes through the HTML context tokenizer
 * (template-html.c) and into text nodes; a {{value}} tag becomes a value node that carries the
 * escaping its place allows, or a diagnostic saying why no escaping is safe there; a section
 * becomes a node with its body as children, and must leave the HTML context as it found it
 * (its body may render zero, one or many times); a partial is parsed where it stands, in the
 * context there, and its nodes are inlined. Rendering walks the tree with a stack of data
 * contexts and never looks at the HTML again.
 *
 * Bounds: the template with every partial inclusion is at most TEMPLATE_SIZE_MAX bytes, and
 * sections and partials nest at most TEMPLATE_DEPTH_MAX deep, so the tree and the parser's and
 * renderer's recursion are bounded; rendering stops after TEMPLATE_STEPS_MAX nodes and items,
 * which bounds sections nested over long lists. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "template-html.h"
#include "template.h"

#define NAME_MAX_LEN 128 /* of a value, section or partial name */

enum node_type {
	NODE_TEXT,
	NODE_VALUE,
	NODE_SECTION,
	NODE_INVERTED,
};

struct node {
	enum node_type type;
	enum html_escape escape; /* NODE_VALUE */
	const char *file;        /* the template's or a partial's name, in template->files */
	int line, col;
	char *text;              /* NODE_TEXT: the bytes (len of them); else the name as written */
	size_t len;
	char **path;             /* the name split at '.'; NULL for "." */
	struct node *children;   /* NODE_SECTION, NODE_INVERTED */
	size_t n_children;
};

struct template {
	struct node *nodes;
	size_t n_nodes;
	char **files;
};

/* ---- parsing ---- */

struct source {
	const char *file;
	const char *text;
	size_t len, pos;
	int line, col; /* of pos; columns count characters */
};

struct parser {
	struct template *t;
	struct diags *diags;
	template_partial_fn partial;
	void *userdata;
	struct html_ctx html;
	size_t total;                                /* bytes read, partials included */
	int depth;                                   /* open sections and partials */
	const char *partials[TEMPLATE_DEPTH_MAX + 1]; /* partials being read, innermost last */
	size_t n_partials;
	size_t errors;
	bool fatal; /* stop here: what follows would only give noise */
};

struct tag {
	char sigil; /* '\0', '#', '^', '/', '>' or '!' */
	char *name;
	int line, col;
};

static void parse_error(struct parser *p, const char *file, int line, int col, const char *fmt,
			...) _printf_(5, 6);
static void parse_error(struct parser *p, const char *file, int line, int col, const char *fmt,
			...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diags_add(p->diags, file, line, col, "%s", msg);
	p->errors++;
}

static void advance(struct source *s, size_t n)
{
	for (; n > 0 && s->pos < s->len; n--, s->pos++) {
		unsigned char ch = (unsigned char)s->text[s->pos];
		if (ch == '\n') {
			s->line++;
			s->col = 1;
		} else if ((ch & 0xc0) != 0x80) {
			s->col++;
		}
	}
}

static const char *template_add_file(struct template *t, const char *name)
{
	STRV_FOREACH(f, t->files)
		if (STREQ(*f, name))
			return *f;
	strv_extend(&t->files, name);
	return t->files[strv_length(t->files) - 1];
}

/* Counts text towards TEMPLATE_SIZE_MAX and refuses NUL bytes. 0 or -EINVAL (reported). */
static int check_text(struct parser *p, const char *file, const char *text, size_t len)
{
	if (len > TEMPLATE_SIZE_MAX - p->total) {
		parse_error(p, file, 0, 0, "the template with its partials is larger than %d bytes",
			    TEMPLATE_SIZE_MAX);
		p->fatal = true;
		return -EINVAL;
	}
	p->total += len;
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		struct source s = {.text = text, .len = len, .line = 1, .col = 1};
		advance(&s, (size_t)(nul - text));
		parse_error(p, file, s.line, s.col, "NUL byte in a template");
		return -EINVAL;
	}
	return 0;
}

/* A tag as written, for messages: at most 40 bytes, controls shown as '?'. */
static char *shown(const char *s, size_t len)
{
	char *r = xstrndup(s, len > 40 ? 40 : len);
	for (char *c = r; *c; c++)
		if ((unsigned char)*c < ' ' || *c == 0x7f)
			*c = '?';
	return r;
}

/* "a", "a.b-c", "." (names); "report.css" (partials). */
static bool valid_name(const char *s, bool partial)
{
	size_t n = strlen(s);
	if (!partial && STREQ(s, "."))
		return true;
	if (n == 0 || n > NAME_MAX_LEN || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '-')
			continue;
		if (c != '.' || (!partial && s[i + 1] == '.'))
			return false;
	}
	return true;
}

static char **split_path(const char *name)
{
	if (STREQ(name, "."))
		return NULL;
	char **path = NULL;
	for (const char *s = name;;) {
		const char *dot = strchr(s, '.');
		strv_push(&path, dot ? xstrndup(s, (size_t)(dot - s)) : xstrdup(s));
		if (!dot)
			return path;
		s = dot + 1;
	}
}

/* Where a comment opened at p (after "{{!") ends: the "}}" that balances it, so that a comment
 * can hold tags ("{{! {{#old}}...{{/old}} }}"). NULL when it does not end. */
static const char *comment_end(const char *p, const char *end)
{
	size_t depth = 1;
	while (end - p >= 2) {
		if (p[0] == '{' && p[1] == '{') {
			depth++;
			p += 2;
		} else if (p[0] == '}' && p[1] == '}') {
			if (--depth == 0)
				return p;
			p += 2;
		} else {
			p++;
		}
	}
	return NULL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Reads the tag at s (which starts with "{{"). 0 with *tag (its name to free), 1 for a comment
 * or a bad tag (reported) to skip, -EINVAL when the tag does not end (reported, fatal). */
static int read_tag(struct parser *p, struct source *s, struct tag *tag)
{
	const char *body = s->text + s->pos + 2, *end = s->text + s->len;
	*tag = (struct tag){.line = s->line, .col = s->col};
	const char *close = body < end && *body == '!' ? comment_end(body + 1, end)
						      : memmem(body, (size_t)(end - body), "}}", 2);
	if (!close) {
		parse_error(p, s->file, tag->line, tag->col, "'{{' without '}}'");
		p->fatal = true;
		return -EINVAL;
	}
	advance(s, (size_t)(close + 2 - (s->text + s->pos)));

	const char *a = body, *b = close;
	if (a < b && *a && strchr("#^/>!", *a))
		tag->sigil = *a++;
	if (tag->sigil == '!')
		return 1;
	while (a < b && is_blank(*a))
		a++;
	while (b > a && is_blank(b[-1]))
		b--;
	_cleanup_free_ char *name = xstrndup(a, (size_t)(b - a));
	if (!valid_name(name, tag->sigil == '>')) {
		_cleanup_free_ char *what = shown(body, (size_t)(close - body));
		if (*body == '{' || *body == '&')
			parse_error(p, s->file, tag->line, tag->col,
				    "'{{%s}}': there is no unescaped form, every value is escaped",
				    what);
		else
			parse_error(p, s->file, tag->line, tag->col,
				    "bad tag '{{%s}}': a name is letters, digits, '_' and '-', "
				    "joined by '.' (or '.' alone)",
				    what);
		return 1;
	}
	tag->name = TAKE_PTR(name);
	return 0;
}

/* Appends a zeroed node. The array doubles when its length is a power of two: GROW's realloc
 * per element is quadratic for the long lists a big template or a much included partial make. */
static struct node *node_add(struct node **nodes, size_t *n)
{
	if ((*n & (*n - 1)) == 0)
		*nodes = xreallocarray(*nodes, *n ? 2 * *n : 1, sizeof(**nodes));
	struct node *x = &(*nodes)[(*n)++];
	*x = (struct node){0};
	return x;
}

static void parse_text(struct parser *p, struct source *s, size_t end, struct node **nodes,
		       size_t *n)
{
	size_t start = s->pos;
	int line = s->line, col = s->col;
	while (s->pos < end) {
		const char *err = html_ctx_feed(&p->html, (unsigned char)s->text[s->pos]);
		if (err)
			parse_error(p, s->file, s->line, s->col, "%s", err);
		advance(s, 1);
	}
	if (end == start)
		return;
	struct node *x = node_add(nodes, n);
	*x = (struct node){.type = NODE_TEXT, .file = s->file, .line = line, .col = col};
	x->len = end - start;
	x->text = xmalloc(x->len);
	memcpy(x->text, s->text + start, x->len);
}

static void parse_nodes(struct parser *p, struct source *s, struct node **nodes, size_t *n,
			const struct node *open, const struct html_ctx *open_html);

static bool enter(struct parser *p, const struct source *s, const struct tag *tag)
{
	if (p->depth < TEMPLATE_DEPTH_MAX) {
		p->depth++;
		return true;
	}
	parse_error(p, s->file, tag->line, tag->col,
		    "sections and partials nested deeper than %d", TEMPLATE_DEPTH_MAX);
	p->fatal = true;
	return false;
}

static void parse_value(struct parser *p, struct source *s, struct tag *tag, struct node **nodes,
			size_t *n)
{
	enum html_escape escape;
	char why[200];
	if (html_ctx_value(&p->html, &escape, why, sizeof(why)) < 0) {
		parse_error(p, s->file, tag->line, tag->col, "{{%s}} %s", tag->name, why);
		return;
	}
	struct node *x = node_add(nodes, n);
	*x = (struct node){.type = NODE_VALUE, .escape = escape, .file = s->file,
			   .line = tag->line, .col = tag->col, .path = split_path(tag->name)};
	x->text = TAKE_PTR(tag->name);
}

static void parse_section(struct parser *p, struct source *s, struct tag *tag,
			  struct node **nodes, size_t *n)
{
	if (!enter(p, s, tag))
		return;
	struct node x = {.type = tag->sigil == '#' ? NODE_SECTION : NODE_INVERTED,
			 .file = s->file, .line = tag->line, .col = tag->col,
			 .path = split_path(tag->name)};
	x.text = TAKE_PTR(tag->name);
	struct html_ctx start = p->html;
	parse_nodes(p, s, &x.children, &x.n_children, &x, &start);
	p->depth--;
	*node_add(nodes, n) = x;
}

/* A closing tag: true when it closes `open` (even with another name, which is reported). */
static bool close_section(struct parser *p, struct source *s, const struct tag *tag,
			  const struct node *open, const struct html_ctx *open_html)
{
	if (!open) {
		parse_error(p, s->file, tag->line, tag->col, "'{{/%s}}' closes no open section",
			    tag->name);
		return false;
	}
	if (!STREQ(tag->name, open->text))
		parse_error(p, s->file, tag->line, tag->col,
			    "'{{/%s}}' does not close section '%s' (opened at %d:%d)", tag->name,
			    open->text, open->line, open->col);
	if (html_ctx_merge(&p->html, open_html) < 0) {
		char was[80], is[80];
		html_ctx_describe(open_html, was, sizeof(was));
		html_ctx_describe(&p->html, is, sizeof(is));
		if (STREQ(was, is))
			parse_error(p, s->file, tag->line, tag->col,
				    "section '%s' (opened at %d:%d) changes the HTML context "
				    "within %s: a section must end in the context it starts in",
				    open->text, open->line, open->col, is);
		else
			parse_error(p, s->file, tag->line, tag->col,
				    "section '%s' (opened at %d:%d) starts in %s and ends in %s: a "
				    "section must end in the context it starts in",
				    open->text, open->line, open->col, was, is);
		p->html = *open_html; /* go on as if it had */
	}
	return true;
}

static void parse_partial(struct parser *p, struct source *s, struct tag *tag,
			  struct node **nodes, size_t *n)
{
	for (size_t i = 0; i < p->n_partials; i++)
		if (STREQ(p->partials[i], tag->name)) {
			parse_error(p, s->file, tag->line, tag->col,
				    "partial '%s' includes itself", tag->name);
			return;
		}
	size_t len = 0;
	const char *text = p->partial ? p->partial(tag->name, &len, p->userdata) : NULL;
	if (!text) {
		parse_error(p, s->file, tag->line, tag->col, "unknown partial '%s'", tag->name);
		return;
	}
	const char *file = template_add_file(p->t, tag->name);
	if (check_text(p, file, text, len) < 0 || !enter(p, s, tag))
		return;
	struct source sub = {.file = file, .text = text, .len = len, .line = 1, .col = 1};
	p->partials[p->n_partials++] = file;
	parse_nodes(p, &sub, nodes, n, NULL, NULL);
	p->n_partials--;
	p->depth--;
}

/* Parses s into nodes up to its end, or up to the tag closing `open` (whose body starts in the
 * HTML context open_html). */
static void parse_nodes(struct parser *p, struct source *s, struct node **nodes, size_t *n,
			const struct node *open, const struct html_ctx *open_html)
{
	while (!p->fatal) {
		const char *brace = memmem(s->text + s->pos, s->len - s->pos, "{{", 2);
		parse_text(p, s, brace ? (size_t)(brace - s->text) : s->len, nodes, n);
		if (!brace)
			break;
		struct tag tag;
		int r = read_tag(p, s, &tag);
		if (r < 0)
			return;
		if (r > 0)
			continue;
		bool closed = false;
		switch (tag.sigil) {
		case '/':
			closed = close_section(p, s, &tag, open, open_html);
			break;
		case '#':
		case '^':
			parse_section(p, s, &tag, nodes, n);
			break;
		case '>':
			parse_partial(p, s, &tag, nodes, n);
			break;
		default:
			parse_value(p, s, &tag, nodes, n);
			break;
		}
		free(tag.name); /* NULL when a node took it */
		if (closed)
			return;
	}
	if (open && !p->fatal)
		parse_error(p, s->file, s->line, s->col, "unclosed section '%s' (opened at %d:%d)",
			    open->text, open->line, open->col);
}

int template_parse(const char *name, const char *text, size_t len, template_partial_fn partial,
		   void *userdata, struct diags *diags, struct template **ret)
{
	struct template *t = xcalloc(1, sizeof(*t));
	struct parser p = {.t = t, .diags = diags, .partial = partial, .userdata = userdata};
	const char *file = template_add_file(t, name ? name : "<template>");

	html_ctx_init(&p.html);
	if (!text)
		text = "";
	if (check_text(&p, file, text, len) == 0) {
		struct source s = {.file = file, .text = text, .len = len, .line = 1, .col = 1};
		parse_nodes(&p, &s, &t->nodes, &t->n_nodes, NULL, NULL);
	}
	if (p.errors > 0) {
		template_free(t);
		return -EINVAL;
	}
	*ret = t;
	return 0;
}

static void nodes_free(struct node *nodes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(nodes[i].text);
		strv_free(nodes[i].path);
		nodes_free(nodes[i].children, nodes[i].n_children);
	}
	free(nodes);
}

void template_free(struct template *t)
{
	if (!t)
		return;
	nodes_free(t->nodes, t->n_nodes);
	strv_free(t->files);
	free(t);
}

/* ---- rendering ---- */

struct renderer {
	FILE *out;
	const struct value *stack[TEMPLATE_DEPTH_MAX + 1]; /* data contexts, innermost last */
	size_t n;
	size_t steps;
	char *error;
};

static int render_fail(struct renderer *r, const struct node *x, int ret, const char *fmt, ...)
	_printf_(4, 5);
static int render_fail(struct renderer *r, const struct node *x, int ret, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	r->error = xasprintf("%s:%d:%d: %s", x->file, x->line, x->col, msg);
	return ret;
}

/* The first name up the stack (innermost first) that has path[0], then down its maps. */
static const struct value *lookup(const struct renderer *r, char *const *path)
{
	if (!path)
		return r->stack[r->n - 1];
	const struct value *v = NULL;
	for (size_t i = r->n; i-- > 0 && !v;)
		v = value_map_get(r->stack[i], path[0]);
	for (size_t k = 1; v && path[k]; k++)
		v = value_map_get(v, path[k]);
	return v;
}

/* Whether a section renders: false, null, "", 0, [], {} and a missing name do not. */
static bool truthy(const struct value *v)
{
	if (!v)
		return false;
	switch (v->type) {
	case VALUE_BOOL:
		return v->b;
	case VALUE_INT:
		return v->i != 0;
	case VALUE_STRING:
		return v->s[0] != '\0';
	case VALUE_LIST:
		return v->list.n > 0;
	case VALUE_MAP:
		return v->map.n > 0;
	default:
		return false;
	}
}

static int render_value(struct renderer *r, const struct node *x)
{
	const struct value *v = lookup(r, x->path);
	if (x->escape == HTML_ESCAPE_JSON) {
		if (html_put_json(r->out, v) < 0)
			return render_fail(r, x, -EINVAL, "{{%s}} is nested deeper than %d levels",
					   x->text, HTML_JSON_DEPTH_MAX);
		return 0;
	}
	char buf[32];
	const char *s = ""; /* a missing name and null write nothing */
	switch (v ? v->type : VALUE_NULL) {
	case VALUE_BOOL:
		s = v->b ? "true" : "false";
		break;
	case VALUE_INT:
		snprintf(buf, sizeof(buf), "%" PRId64, v->i);
		s = buf;
		break;
	case VALUE_STRING:
		s = v->s;
		break;
	case VALUE_LIST:
	case VALUE_MAP:
		return render_fail(r, x, -EINVAL,
				   "{{%s}} is a %s: only <script type=\"application/json\"> takes "
				   "lists and maps",
				   x->text, value_type_to_string(v->type));
	default:
		break;
	}
	if (x->escape == HTML_ESCAPE_URL)
		html_put_url(r->out, s);
	else
		html_put_text(r->out, s);
	return 0;
}

static int render_nodes(struct renderer *r, const struct node *nodes, size_t n);

static int render_with(struct renderer *r, const struct node *x, const struct value *context)
{
	if (r->n >= ELEMENTSOF(r->stack))
		abort(); /* parsing bounds the nesting of sections */
	r->stack[r->n++] = context;
	int ret = render_nodes(r, x->children, x->n_children);
	r->n--;
	return ret;
}

static int render_node(struct renderer *r, const struct node *x)
{
	if (++r->steps > TEMPLATE_STEPS_MAX)
		return render_fail(r, x, -E2BIG, "the page takes more than %d steps to render",
				   TEMPLATE_STEPS_MAX);
	if (ferror(r->out))
		return render_fail(r, x, -EIO, "writing the page failed");

	const struct value *v;
	switch (x->type) {
	case NODE_TEXT:
		fwrite(x->text, 1, x->len, r->out);
		return 0;
	case NODE_VALUE:
		return render_value(r, x);
	case NODE_INVERTED:
		return truthy(lookup(r, x->path)) ? 0 : render_nodes(r, x->children, x->n_children);
	case NODE_SECTION:
		v = lookup(r, x->path);
		if (!truthy(v))
			return 0;
		if (v->type != VALUE_LIST)
			return render_with(r, x, v);
		for (size_t i = 0; i < v->list.n; i++) {
			int ret = render_with(r, x, v->list.items[i]);
			if (ret < 0)
				return ret;
		}
		return 0;
	default:
		abort();
	}
}

static int render_nodes(struct renderer *r, const struct node *nodes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int ret = render_node(r, &nodes[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int template_render(const struct template *t, const struct value *data, FILE *out,
		    char **ret_error)
{
	struct renderer r = {.out = out, .stack = {data}, .n = 1};
	int ret = render_nodes(&r, t->nodes, t->n_nodes);
	if (ret == 0 && (fflush(out) != 0 || ferror(out))) {
		r.error = xasprintf("%s: writing the page failed", t->files[0]);
		ret = -EIO;
	}
	if (ret < 0 && ret_error)
		*ret_error = TAKE_PTR(r.error);
	free(r.error);
	return ret;
}
