/* template-html.c: the HTML context tokenizer and the escapers of the template renderer.
 *
 * The tokenizer is the WHATWG tokenizer cut down to what decides escaping. Its states
 * (template-html.h) and their moves; "=>" looks at the same byte again in the new state:
 *
 *   text --'<'--> tag open --letter=> tag name --space--> before attr --other=> attr name
 *    ^              | '/' --> end tag open --letter=> tag name                  | '='
 *    |              | "!--" --> comment ... "-->" --> text                      v
 *    |              | "!x", '?' --> bogus comment ... '>' --> text        before value
 *    |              +-other=> text (a lone '<')                           |     |     |
 *    |                                                                   '"'   '\''  other=>
 *    |                                                                    v     v     v
 *    +--'>' from any tag state -------------------------------------- quoted values, unquoted
 *       (the start tag of <script>, <style>, <title>... goes to raw text instead, up to
 *       "</script" followed by a space, '/' or '>')
 *
 * and on the way what an escaping needs to know: the tag's and the attribute's names (a URL
 * attribute, an event handler), whether a URL value has settled its scheme yet, a character
 * reference in progress ("&#10" then a value "6;" would make "&#106;"), the first type
 * attribute of a <script>, and inside <script type="application/json"> whether we are in a
 * JSON string and whether a JSON value may start here.
 *
 * Deliberately not followed: the tree builder (implied end tags, <template>, <svg> and <math>).
 * Those change which element a tag belongs to, not how bytes are tokenized, except that inside
 * <svg> and <math> the raw text elements (<script>, <style>, <title>, <textarea>...) hold
 * markup. We read them as raw text as in HTML, refuse values in most of them, and take a value
 * in <title>, <textarea> or a JSON <script> only when no '<' comes before it in that element,
 * so that the value is text in either reading. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "report.h"
#include "template-html.h"

enum attr_kind {
	ATTR_PLAIN,
	ATTR_URL,    /* its value is a URL */
	ATTR_UNSAFE, /* its value is script or style: no value may go there */
	ATTR_TYPE,   /* type: tells a JSON <script> from a JavaScript one */
};

/* Attributes whose value is a URL that a browser follows, loads or runs. to, from, by and values
 * are SVG animation attributes (<animate attributeName="href" values="javascript:...">). */
static const char *const url_attrs[] = {
	"action", "background", "by",  "cite", "data",   "formaction", "from",
	"href",   "poster",     "src", "to",   "values", "xlink:href", NULL,
};
/* Attributes whose value is code, besides the on* event handlers (srcdoc is a whole page). */
static const char *const unsafe_attrs[] = {"attributename", "srcdoc", "style", NULL};

enum raw_kind {
	RAW_SCRIPT,      /* JavaScript, or JSON with type="application/json" */
	RAW_STYLE,       /* CSS */
	RAW_RCDATA,      /* text with character references, no tags */
	RAW_TEXT,        /* text shown as written */
	RAW_UNSUPPORTED, /* <plaintext>: never ends */
};

/* Elements whose content is not markup, up to their end tag. */
static const struct raw_element {
	const char *name;
	enum raw_kind kind;
} raw_elements[] = {
	{"iframe", RAW_TEXT},   {"noembed", RAW_TEXT},
	{"noframes", RAW_TEXT}, {"noscript", RAW_TEXT}, /* raw text when scripting is on */
	{"plaintext", RAW_UNSUPPORTED},
	{"script", RAW_SCRIPT}, {"style", RAW_STYLE},
	{"textarea", RAW_RCDATA}, {"title", RAW_RCDATA},
	{"xmp", RAW_TEXT},
};

static const char *const state_names[] = {
	[HTML_TEXT] = "text",
	[HTML_TAG_OPEN] = "a tag, right after '<'",
	[HTML_END_TAG_OPEN] = "an end tag, right after '</'",
	[HTML_TAG_NAME] = "a tag name",
	[HTML_BEFORE_ATTR] = "a tag, where an attribute name goes",
	[HTML_ATTR_NAME] = "an attribute name",
	[HTML_AFTER_ATTR_NAME] = "a tag, after an attribute name",
	[HTML_BEFORE_VALUE] = "an unquoted attribute value",
	[HTML_VALUE_DQ] = "a quoted attribute value",
	[HTML_VALUE_SQ] = "a quoted attribute value",
	[HTML_VALUE_UQ] = "an unquoted attribute value",
	[HTML_AFTER_VALUE] = "a tag, after an attribute value",
	[HTML_SELF_CLOSING] = "a tag, after '/'",
	[HTML_DECL] = "a <!...> declaration",
	[HTML_DECL_DASH] = "a <!...> declaration",
	[HTML_COMMENT_START] = "an HTML comment",
	[HTML_COMMENT_START_DASH] = "an HTML comment",
	[HTML_COMMENT] = "an HTML comment",
	[HTML_COMMENT_END_DASH] = "an HTML comment",
	[HTML_COMMENT_END] = "an HTML comment",
	[HTML_COMMENT_END_BANG] = "an HTML comment",
	[HTML_BOGUS_COMMENT] = "a <!...> or <?...> declaration",
	[HTML_RAW] = "raw text",
};
_Static_assert(ELEMENTSOF(state_names) == _HTML_STATE_MAX, "state_names");

static bool is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r';
}

static bool is_alpha(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static unsigned char lower(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
}

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (STREQ(*list, s))
			return true;
	return false;
}

/* ---- names ---- */

static void name_add(struct html_name *n, unsigned char ch)
{
	if (n->len < HTML_NAME_MAX - 1) {
		n->s[n->len] = (char)lower(ch);
		n->s[n->len + 1] = '\0';
	}
	if (n->len < UINT8_MAX)
		n->len++;
}

/* Whole (not cut short) and equal to s. */
static bool name_is(const struct html_name *n, const char *s)
{
	return n->len < HTML_NAME_MAX && STREQ(n->s, s);
}

static bool name_eq(const struct html_name *a, const struct html_name *b)
{
	size_t kept = a->len < HTML_NAME_MAX - 1 ? a->len : HTML_NAME_MAX - 1;
	return a->len == b->len && memcmp(a->s, b->s, kept) == 0;
}

static bool type_is_json(const struct html_name *type)
{
	if (type->len >= HTML_NAME_MAX)
		return false;
	const char *s = type->s;
	size_t n = strlen(s);
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	while (n > 0 && is_space((unsigned char)*s))
		s++, n--;
	return (n == 16 && memcmp(s, "application/json", n) == 0) ||
	       (n == 19 && memcmp(s, "application/ld+json", n) == 0);
}

/* ---- tags and attributes ---- */

/* Keeps track of character references; true when ch belongs to one. */
static bool charref(struct html_ctx *c, unsigned char ch)
{
	c->amp = ch == '&' ||
		 (c->amp && (ch == '#' || is_alpha(ch) || (ch >= '0' && ch <= '9')));
	return c->amp;
}

static void tag_start(struct html_ctx *c, bool end_tag)
{
	/* Outside a tag and outside raw text nothing else is set: start afresh. */
	*c = (struct html_ctx){.state = HTML_TAG_NAME, .end_tag = end_tag};
}

static void attr_end(struct html_ctx *c)
{
	if (c->attr_kind == ATTR_TYPE && !c->type_seen) {
		c->type_seen = true; /* a browser reads the first of repeated attributes */
		c->type_json = type_is_json(&c->type);
	}
	c->attr_kind = ATTR_PLAIN;
	c->url_open = false;
	c->amp = false;
}

static void attr_start(struct html_ctx *c)
{
	attr_end(c);
	c->attr = (struct html_name){0};
	c->type = (struct html_name){0};
}

static void attr_name_end(struct html_ctx *c)
{
	bool whole = c->attr.len < HTML_NAME_MAX;
	if (name_is(&c->attr, "type"))
		c->attr_kind = ATTR_TYPE;
	else if (whole && in_list(url_attrs, c->attr.s))
		c->attr_kind = ATTR_URL;
	else if (startswith(c->attr.s, "on") || (whole && in_list(unsafe_attrs, c->attr.s)))
		c->attr_kind = ATTR_UNSAFE;
	else
		c->attr_kind = ATTR_PLAIN;
}

static void value_start(struct html_ctx *c)
{
	c->url_open = c->attr_kind == ATTR_URL;
	c->amp = false;
}

static void value_char(struct html_ctx *c, unsigned char ch)
{
	bool in_ref = charref(c, ch);
	/* The first of these settles the scheme: "x:" is one, "/", "?" and "#" say there is none.
	 * A '#' in "&#106;" is part of a character reference, not a fragment. */
	if (c->url_open && !in_ref && (ch == ':' || ch == '/' || ch == '?' || ch == '#'))
		c->url_open = false;
	if (c->attr_kind == ATTR_TYPE)
		name_add(&c->type, ch);
}

static const char *tag_close(struct html_ctx *c)
{
	attr_end(c);
	struct html_ctx tag = *c;
	*c = (struct html_ctx){.state = HTML_TEXT};
	if (tag.end_tag)
		return NULL;
	for (size_t i = 0; i < ELEMENTSOF(raw_elements); i++) {
		if (!name_is(&tag.tag, raw_elements[i].name))
			continue;
		if (raw_elements[i].kind == RAW_UNSUPPORTED)
			return "<plaintext> is not supported";
		c->state = HTML_RAW;
		c->raw = (uint8_t)(i + 1);
		c->raw_json = raw_elements[i].kind == RAW_SCRIPT && tag.type_json;
		c->json_expect = true;
		break;
	}
	return NULL;
}

/* ---- raw text ---- */

static const struct raw_element *raw_element(const struct html_ctx *c)
{
	return &raw_elements[c->raw - 1];
}

/* One more byte towards "</name": how many bytes of it are matched now (at most all). */
static uint8_t end_tag_step(uint8_t m, const char *name, unsigned char ch)
{
	char want = m < 2 ? "</"[m] : name[m - 2]; /* '\0' when all are matched */
	if (want && lower(ch) == (unsigned char)want)
		return m + 1;
	return ch == '<';
}

/* True (and c in the end tag's name) when ch ends "</name" as an end tag. */
static bool raw_end(struct html_ctx *c, unsigned char ch)
{
	const char *name = raw_element(c)->name;
	if (c->end_match != strlen(name) + 2 || !(is_space(ch) || ch == '/' || ch == '>'))
		return false;
	tag_start(c, true);
	for (; *name; name++)
		name_add(&c->tag, (unsigned char)*name);
	return true;
}

static void json_char(struct html_ctx *c, unsigned char ch)
{
	if (c->json_string) {
		if (c->json_escape)
			c->json_escape = false;
		else if (ch == '\\')
			c->json_escape = true;
		else if (ch == '"')
			c->json_string = false;
	} else if (ch == '"') {
		c->json_string = true;
		c->json_expect = false;
	} else if (ch == '[' || ch == ',' || ch == ':') {
		c->json_expect = true;
	} else if (!is_space(ch)) {
		c->json_expect = false;
	}
}

static const char *raw_char(struct html_ctx *c, unsigned char ch)
{
	const struct raw_element *e = raw_element(c);
	c->end_match = end_tag_step(c->end_match, e->name, ch);
	c->raw_lt = c->raw_lt || ch == '<';
	if (e->kind == RAW_RCDATA) {
		charref(c, ch);
	} else if (e->kind == RAW_SCRIPT) {
		/* "<!--" in a script makes a later "<script" change where the script ends. */
		c->comment_match = ch == (unsigned char)"<!--"[c->comment_match]
					   ? c->comment_match + 1
					   : ch == '<';
		if (c->comment_match == 4) {
			c->comment_match = 0;
			return "'<!--' inside <script> is not supported";
		}
		if (c->raw_json)
			json_char(c, ch);
	}
	return NULL;
}

/* ---- the tokenizer ---- */

void html_ctx_init(struct html_ctx *c)
{
	*c = (struct html_ctx){.state = HTML_TEXT};
}

const char *html_ctx_feed(struct html_ctx *c, unsigned char ch)
{
	/* Each case consumes ch and returns, or moves on and looks at ch again (continue). */
	for (;;) {
		switch (c->state) {
		case HTML_TEXT:
			if (ch == '<') {
				c->amp = false;
				c->state = HTML_TAG_OPEN;
			} else {
				charref(c, ch);
			}
			return NULL;
		case HTML_TAG_OPEN:
			if (is_alpha(ch)) {
				tag_start(c, false);
				continue;
			}
			if (ch == '!')
				c->state = HTML_DECL;
			else if (ch == '/')
				c->state = HTML_END_TAG_OPEN;
			else if (ch == '?')
				c->state = HTML_BOGUS_COMMENT;
			else {
				c->state = HTML_TEXT; /* a lone '<' is text */
				continue;
			}
			return NULL;
		case HTML_END_TAG_OPEN:
			if (is_alpha(ch)) {
				tag_start(c, true);
				continue;
			}
			c->state = ch == '>' ? HTML_TEXT : HTML_BOGUS_COMMENT;
			return NULL;
		case HTML_TAG_NAME:
			if (is_space(ch))
				c->state = HTML_BEFORE_ATTR;
			else if (ch == '/')
				c->state = HTML_SELF_CLOSING;
			else if (ch == '>')
				return tag_close(c);
			else
				name_add(&c->tag, ch);
			return NULL;
		case HTML_BEFORE_ATTR:
			if (is_space(ch))
				return NULL;
			if (ch == '/' || ch == '>') {
				c->state = HTML_AFTER_ATTR_NAME;
				continue;
			}
			attr_start(c);
			c->state = HTML_ATTR_NAME;
			if (ch == '=') { /* "<a =x>": an attribute named "=x" */
				name_add(&c->attr, ch);
				return NULL;
			}
			continue;
		case HTML_ATTR_NAME:
			if (is_space(ch) || ch == '/' || ch == '>') {
				attr_name_end(c);
				c->state = HTML_AFTER_ATTR_NAME;
				continue;
			}
			if (ch == '=') {
				attr_name_end(c);
				c->state = HTML_BEFORE_VALUE;
			} else {
				name_add(&c->attr, ch);
			}
			return NULL;
		case HTML_AFTER_ATTR_NAME:
			if (is_space(ch))
				return NULL;
			if (ch == '/')
				c->state = HTML_SELF_CLOSING;
			else if (ch == '=')
				c->state = HTML_BEFORE_VALUE;
			else if (ch == '>')
				return tag_close(c);
			else {
				attr_start(c);
				c->state = HTML_ATTR_NAME;
				continue;
			}
			return NULL;
		case HTML_BEFORE_VALUE:
			if (is_space(ch))
				return NULL;
			if (ch == '>')
				return tag_close(c);
			value_start(c);
			if (ch == '"')
				c->state = HTML_VALUE_DQ;
			else if (ch == '\'')
				c->state = HTML_VALUE_SQ;
			else {
				c->state = HTML_VALUE_UQ;
				continue;
			}
			return NULL;
		case HTML_VALUE_DQ:
		case HTML_VALUE_SQ:
			if (ch == (c->state == HTML_VALUE_DQ ? '"' : '\''))
				c->state = HTML_AFTER_VALUE;
			else
				value_char(c, ch);
			return NULL;
		case HTML_VALUE_UQ:
			if (is_space(ch))
				c->state = HTML_BEFORE_ATTR;
			else if (ch == '>')
				return tag_close(c);
			else
				value_char(c, ch);
			return NULL;
		case HTML_AFTER_VALUE:
			if (is_space(ch))
				c->state = HTML_BEFORE_ATTR;
			else if (ch == '/')
				c->state = HTML_SELF_CLOSING;
			else if (ch == '>')
				return tag_close(c);
			else {
				c->state = HTML_BEFORE_ATTR;
				continue;
			}
			return NULL;
		case HTML_SELF_CLOSING:
			if (ch == '>')
				return tag_close(c);
			c->state = HTML_BEFORE_ATTR;
			continue;
		case HTML_DECL:
		case HTML_DECL_DASH:
			if (ch == '-') {
				c->state = c->state == HTML_DECL ? HTML_DECL_DASH
								 : HTML_COMMENT_START;
				return NULL;
			}
			c->state = HTML_BOGUS_COMMENT;
			continue;
		case HTML_COMMENT_START:
		case HTML_COMMENT_START_DASH:
			/* "<!-->" and "<!--->" are whole comments */
			if (ch == '-')
				c->state = c->state == HTML_COMMENT_START ? HTML_COMMENT_START_DASH
									  : HTML_COMMENT_END;
			else
				c->state = ch == '>' ? HTML_TEXT : HTML_COMMENT;
			return NULL;
		case HTML_COMMENT:
			if (ch == '-')
				c->state = HTML_COMMENT_END_DASH;
			return NULL;
		case HTML_COMMENT_END_DASH:
			c->state = ch == '-' ? HTML_COMMENT_END : HTML_COMMENT;
			return NULL;
		case HTML_COMMENT_END: /* "--" seen: "-->" or "--!>" ends the comment */
			if (ch == '>')
				c->state = HTML_TEXT;
			else if (ch == '!')
				c->state = HTML_COMMENT_END_BANG;
			else if (ch != '-')
				c->state = HTML_COMMENT;
			return NULL;
		case HTML_COMMENT_END_BANG:
			c->state = ch == '>'   ? HTML_TEXT
				   : ch == '-' ? HTML_COMMENT_END_DASH
					       : HTML_COMMENT;
			return NULL;
		case HTML_BOGUS_COMMENT:
			if (ch == '>')
				c->state = HTML_TEXT;
			return NULL;
		case HTML_RAW:
			if (raw_end(c, ch))
				continue;
			return raw_char(c, ch);
		default:
			abort();
		}
	}
}

/* ---- values ---- */

static int refuse(char *why, size_t size, const char *fmt, ...) _printf_(3, 4);
static int refuse(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char amp_hint[] = "right after '&': end the character reference first (&amp;)";

static int raw_value(struct html_ctx *c, enum html_escape *ret, char *why, size_t size)
{
	const char *name = raw_element(c)->name;
	switch (raw_element(c)->kind) {
	case RAW_RCDATA:
		if (c->amp)
			return refuse(why, size, "inside <%s>, %s", name, amp_hint);
		if (c->raw_lt)
			return refuse(why, size, "inside <%s> after a '<': not allowed", name);
		*ret = HTML_ESCAPE_TEXT;
		return 0;
	case RAW_SCRIPT:
		if (!c->raw_json)
			return refuse(why, size,
				      "inside <script>: only <script type=\"application/json\"> "
				      "takes values");
		if (c->json_string)
			return refuse(why, size,
				      "inside a JSON string: a value is written as a whole JSON "
				      "value, drop the quotes");
		if (c->raw_lt)
			return refuse(why, size, "inside <script> after a '<': not allowed");
		if (!c->json_expect)
			return refuse(why, size,
				      "inside <script> where no JSON value can start (only first, "
				      "or after '[', ',' or ':')");
		c->json_expect = false;
		*ret = HTML_ESCAPE_JSON;
		return 0;
	default:
		return refuse(why, size, "inside <%s>: not allowed", name);
	}
}

int html_ctx_value(struct html_ctx *c, enum html_escape *ret, char *why, size_t size)
{
	switch (c->state) {
	case HTML_TEXT:
		if (c->amp)
			return refuse(why, size, "%s", amp_hint);
		*ret = HTML_ESCAPE_TEXT;
		return 0;
	case HTML_VALUE_DQ:
	case HTML_VALUE_SQ:
		if (c->attr_kind == ATTR_UNSAFE)
			return refuse(why, size,
				      "inside the '%s' attribute: not allowed (its value is code)",
				      c->attr.s);
		if (c->amp)
			return refuse(why, size, "%s", amp_hint);
		*ret = c->url_open ? HTML_ESCAPE_URL : HTML_ESCAPE_TEXT;
		if (c->attr_kind == ATTR_TYPE)
			c->type.len = UINT8_MAX; /* a type we cannot know is not JSON */
		return 0;
	case HTML_BEFORE_VALUE:
	case HTML_VALUE_UQ:
		return refuse(why, size, "inside an unquoted attribute value: quote the value");
	case HTML_RAW:
		return raw_value(c, ret, why, size);
	default:
		return refuse(why, size, "inside %s: not allowed", state_names[c->state]);
	}
}

int html_ctx_merge(struct html_ctx *c, const struct html_ctx *s)
{
	if (c->state != s->state || c->end_tag != s->end_tag || !name_eq(&c->tag, &s->tag) ||
	    !name_eq(&c->attr, &s->attr) || c->attr_kind != s->attr_kind ||
	    c->type_seen != s->type_seen || c->type_json != s->type_json ||
	    !name_eq(&c->type, &s->type) || c->amp != s->amp || c->raw != s->raw ||
	    c->raw_json != s->raw_json || c->end_match != s->end_match ||
	    c->comment_match != s->comment_match || c->raw_lt != s->raw_lt ||
	    c->json_string != s->json_string || c->json_escape != s->json_escape ||
	    c->json_expect != s->json_expect)
		return -EINVAL;
	/* A body that settles a URL's scheme may render zero times: after it, still unsettled. */
	c->url_open = c->url_open || s->url_open;
	return 0;
}

void html_ctx_describe(const struct html_ctx *c, char *buf, size_t size)
{
	switch (c->state) {
	case HTML_RAW:
		snprintf(buf, size, "<%s>", raw_element(c)->name);
		break;
	case HTML_BEFORE_VALUE:
	case HTML_VALUE_DQ:
	case HTML_VALUE_SQ:
	case HTML_VALUE_UQ:
		snprintf(buf, size, "the value of attribute '%s'", c->attr.s);
		break;
	default:
		snprintf(buf, size, "%s", state_names[c->state]);
		break;
	}
}

/* ---- escapers ---- */

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

void html_put_text(FILE *out, const char *s)
{
	while (*s) {
		uint32_t cp;
		size_t n = text_utf8_decode(s, &cp);
		if (n == 0) {
			fputs(replacement, out);
			s++;
			continue;
		}
		switch (cp) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fwrite(s, 1, n, out);
			break;
		}
		s += n;
	}
}

/* Whether s, where a URL's scheme may still be written, gives no scheme or an allowed one. Reads
 * as the URL parser does: tabs and newlines are dropped anywhere, leading controls and spaces
 * are skipped, and the scheme is what comes before a ':' that comes before any '/', '?', '#'.
 * Text before s in the attribute (no ':', '/', '?', '#' in it, or the scheme would be settled)
 * can only prefix the scheme: no dangerous scheme ends in "http", "https" or "mailto". */
static bool url_scheme_allowed(const char *s)
{
	static const char *const allowed[] = {"http", "https", "mailto", NULL};
	char scheme[8];
	size_t n = 0;
	bool leading = true;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '\t' || ch == '\n' || ch == '\r' || (leading && ch <= ' '))
			continue;
		leading = false;
		if (ch == '/' || ch == '?' || ch == '#')
			return true;
		if (ch == ':') {
			if (n >= sizeof(scheme))
				return false;
			scheme[n] = '\0';
			return in_list(allowed, scheme);
		}
		if (n < sizeof(scheme) - 1)
			scheme[n] = (char)lower(ch);
		if (n < sizeof(scheme))
			n++;
	}
	return true;
}

void html_put_url(FILE *out, const char *s)
{
	html_put_text(out, url_scheme_allowed(s) ? s : "#blocked");
}

/* A JSON string that cannot end a <script> ("</script>" is "\u003c/script\u003e"), open an
 * HTML comment or a JavaScript string, or end a JavaScript line (U+2028, U+2029). */
static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	while (*s) {
		uint32_t cp;
		size_t n = text_utf8_decode(s, &cp);
		if (n == 0) {
			fputs("\\ufffd", out);
			s++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (char)cp);
		else if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == '\'' ||
			 cp == 0x2028 || cp == 0x2029)
			fprintf(out, "\\u%04" PRIx32, cp);
		else
			fwrite(s, 1, n, out);
		s += n;
	}
	fputc('"', out);
}

static int json_value(FILE *out, const struct value *v, int depth)
{
	if (depth > HTML_JSON_DEPTH_MAX)
		return -E2BIG;
	if (!v) {
		fputs("null", out);
		return 0;
	}
	switch (v->type) {
	case VALUE_BOOL:
		fputs(v->b ? "true" : "false", out);
		return 0;
	case VALUE_INT:
		fprintf(out, "%" PRId64, v->i);
		return 0;
	case VALUE_STRING:
		json_string(out, v->s);
		return 0;
	case VALUE_LIST:
		fputc('[', out);
		for (size_t i = 0; i < v->list.n; i++) {
			if (i > 0)
				fputc(',', out);
			int r = json_value(out, v->list.items[i], depth + 1);
			if (r < 0)
				return r;
		}
		fputc(']', out);
		return 0;
	case VALUE_MAP:
		fputc('{', out);
		for (size_t i = 0; i < v->map.n; i++) {
			if (i > 0)
				fputc(',', out);
			json_string(out, v->map.keys[i]);
			fputc(':', out);
			int r = json_value(out, v->map.vals[i], depth + 1);
			if (r < 0)
				return r;
		}
		fputc('}', out);
		return 0;
	default:
		fputs("null", out);
		return 0;
	}
}

int html_put_json(FILE *out, const struct value *v)
{
	return json_value(out, v, 0);
}
