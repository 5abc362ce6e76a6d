/* template-html.h: what the template renderer knows about HTML (private to src/report/template*.c).
 *
 * Two halves. The context tokenizer follows the literal text of a template byte by byte, as a
 * browser's tokenizer would (WHATWG HTML, "Tokenization", reduced to the states that decide how
 * a value must be escaped), and says for each {{value}} tag which escaping is safe where it
 * stands, or why none is. The escapers then write a value for one of those contexts.
 *
 * The tokenizer never sees the values themselves: a value is escaped so that it cannot change
 * the state the tokenizer is in (no '<' in text, no quote in an attribute value, no '"' or
 * "</script" in JSON), so the state after a value is the state before it, and the whole page's
 * contexts are known when the template is parsed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "value.h"

enum html_escape {
	HTML_ESCAPE_TEXT, /* text, RCDATA and quoted attribute values: entities */
	HTML_ESCAPE_URL,  /* the same, before a URL's scheme is settled: see html_put_url() */
	HTML_ESCAPE_JSON, /* <script type="application/json">: one whole JSON value */
};

enum html_state {
	HTML_TEXT,               /* data */
	HTML_TAG_OPEN,           /* "<" */
	HTML_END_TAG_OPEN,       /* "</" */
	HTML_TAG_NAME,           /* "<di" */
	HTML_BEFORE_ATTR,        /* "<div " */
	HTML_ATTR_NAME,          /* "<div cla" */
	HTML_AFTER_ATTR_NAME,    /* "<div class " */
	HTML_BEFORE_VALUE,       /* "<div class=" */
	HTML_VALUE_DQ,           /* "<div class=\"x" */
	HTML_VALUE_SQ,           /* "<div class='x" */
	HTML_VALUE_UQ,           /* "<div class=x" */
	HTML_AFTER_VALUE,        /* "<div class=\"x\"" */
	HTML_SELF_CLOSING,       /* "<br/" */
	HTML_DECL,               /* "<!" */
	HTML_DECL_DASH,          /* "<!-" */
	HTML_COMMENT_START,      /* "<!--" */
	HTML_COMMENT_START_DASH, /* "<!---" */
	HTML_COMMENT,            /* "<!-- x" */
	HTML_COMMENT_END_DASH,   /* "<!-- x-" */
	HTML_COMMENT_END,        /* "<!-- x--" */
	HTML_COMMENT_END_BANG,   /* "<!-- x--!" */
	HTML_BOGUS_COMMENT,      /* "<!DOCTYPE", "<?xml", "</ x": up to the next '>' */
	HTML_RAW,                /* the text of <script>, <style>, <title>...: up to its end tag */
	_HTML_STATE_MAX,
};

#define HTML_NAME_MAX 24 /* bytes kept of a tag or attribute name, and of a script's type */

/* A bounded, lowercased copy of a name or value; len counts past the end (saturating). */
struct html_name {
	char s[HTML_NAME_MAX];
	uint8_t len;
};

/* Where the tokenizer stands. Plain data: copied and compared by the parser (sections). */
struct html_ctx {
	enum html_state state;
	/* the tag being read */
	bool end_tag;
	struct html_name tag;
	struct html_name attr;   /* the attribute being read */
	uint8_t attr_kind;       /* enum attr_kind (template-html.c) */
	bool url_open;           /* in a URL attribute's value, before its scheme is settled */
	bool type_seen;          /* the tag had a type attribute: the first one counts */
	bool type_json;          /* ... and it said application/json */
	struct html_name type;   /* the value of the type attribute being read */
	bool amp;                /* inside a character reference ("&", "&#10", "&am") */
	/* raw text */
	uint8_t raw;             /* 1 + index in raw_elements[] of the element, 0 outside */
	bool raw_json;           /* that element is <script type="application/json"> */
	uint8_t end_match;       /* bytes of "</name" matched */
	uint8_t comment_match;   /* bytes of "<!--" matched (refused in <script>) */
	bool raw_lt;             /* a '<' was seen in this raw text */
	bool json_string, json_escape, json_expect; /* JSON: in a string, after '\\', where a
						       value can start */
};

void html_ctx_init(struct html_ctx *c);
/* Feeds one byte of the template's literal text. NULL, or a static message when the byte makes
 * the page something this tokenizer does not follow (the caller reports it at the byte). */
const char *html_ctx_feed(struct html_ctx *c, unsigned char ch);
/* A {{value}} stands here: 0 with *ret, the escaping to use (and c updated as after a value),
 * or -EINVAL with why[] saying why no escaping is safe here ("inside <style>: not allowed"). */
int html_ctx_value(struct html_ctx *c, enum html_escape *ret, char *why, size_t why_size);
/* After a section body: 0 when c (where the body ends) is the context `start` (where it
 * starts), with c joined to hold for both; -EINVAL when they differ. */
int html_ctx_merge(struct html_ctx *c, const struct html_ctx *start);
/* Says where c stands, for messages ("text", "the value of attribute 'href'", "<script>"). */
void html_ctx_describe(const struct html_ctx *c, char *buf, size_t size);

/* Escapers: write s (a C string) for their context. Invalid UTF-8 becomes U+FFFD. */
void html_put_text(FILE *out, const char *s);
/* A URL attribute's value where no scheme is written yet: s, unless it could start the URL with
 * a scheme other than http:, https: or mailto: (javascript:, data:, vbscript:...), which gives
 * "#blocked". */
void html_put_url(FILE *out, const char *s);
#define HTML_JSON_DEPTH_MAX 64
/* v (NULL: null) as JSON safe inside <script>: 0, or -E2BIG when nested deeper than
 * HTML_JSON_DEPTH_MAX. */
int html_put_json(FILE *out, const struct value *v);
