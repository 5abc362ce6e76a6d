/* template.h: the smallest HTML template renderer that is safe with hostile data.
 *
 * Debian 12 packages no template library for C (and no mustache in C), so dockward has its own:
 * mustache-like syntax that a designer can edit, rendered from a struct value tree (value.h:
 * maps, lists, strings, ints, bools, null), with escaping chosen by where each tag stands in
 * the HTML, as Go's html/template does, so that a template cannot forget to escape.
 *
 * Syntax:
 *   {{name}}  {{a.b.c}}     a value, looked up through the context stack (innermost first);
 *                           dotted names walk maps from the first context that has the first
 *                           part. {{.}} is the current item. A missing name or null writes
 *                           nothing; ints and bools are written as 42, true, false.
 *   {{#name}}..{{/name}}    a section: a list renders its body once per item (the item is the
 *                           context); a map renders once with the map as context; true, a
 *                           non-empty string or a non-zero int renders once (with the value as
 *                           context); false, null, "", 0, [], {} and a missing name render
 *                           nothing.
 *   {{^name}}..{{/name}}    inverted: renders once when the section would render nothing.
 *   {{! comment }}          nothing. Comments nest: "{{! {{#old}}..{{/old}} }}" is one comment.
 *   {{> name}}              a partial: another template by name (letters, digits, '_', '-',
 *                           '.'; from the partial lookup), parsed and rendered where it stands
 *                           as if its text were there. A partial may not include itself.
 * Spaces inside a tag are allowed ("{{ name }}"). The text around tags is written as it is
 * (no mustache "standalone line" trimming). There is no unescaped {{{...}}} or {{&...}} form:
 * nothing from the data reaches the page unescaped.
 *
 * Context-aware escaping, decided when the template is parsed from the literal HTML around
 * each tag (a small tokenizer follows text, tags, quoted attribute values, comments and the raw
 * text of <script>, <style>, <title>, <textarea>...; src/report/template-html.c):
 *   HTML text, <title>, <textarea>  & < > " ' escaped as &amp; &lt; &gt; &quot; &#39;
 *   a quoted attribute value       the same; in a URL attribute (href, src, action, formaction,
 *                                  xlink:href, cite, data, poster, background, and SVG's to,
 *                                  from, by, values) a value written before the URL's scheme
 *                                  is settled (nothing but other values and text without ':',
 *                                  '/', '?', '#' before it) renders as "#blocked" when it would
 *                                  start a scheme other than http:, https: or mailto:
 *   <script type="application/json"> (or application/ld+json): a JSON value (strings quoted;
 *                                  '<', '>', '&', '\'', U+2028 and U+2029 as \u escapes, so
 *                                  "</script>" cannot end the block), only where a JSON value
 *                                  can start (first, or after '[', ',' or ':'), not inside a
 *                                  JSON string, and not after a '<' in the block
 *   anywhere else                  a parse error: tag and attribute names, unquoted attribute
 *                                  values, event handler (on*), style, srcdoc and
 *                                  attributeName values, <style>, JavaScript <script> (put the
 *                                  data in a JSON block and read it with JSON.parse), other
 *                                  raw text (<iframe>, <noscript>, <xmp>...), HTML comments,
 *                                  right after '<' or '&' (a value could finish a tag or a
 *                                  character reference the template started)
 * Invalid UTF-8 in a value renders as U+FFFD (a NUL cannot occur: value strings are C
 * strings, and json_to_value() keeps an escaped NUL visible as "\u0000").
 * Maps and lists interpolated as values render as JSON inside <script> and are an error
 * elsewhere (at render time: -EINVAL with the tag's position).
 *
 * Sections do not change the HTML context: a section's body must end in the context it starts
 * in ("{{#x}}<b{{/x}}" is refused), since it may render zero, one or many times. So a boolean
 * attribute is written {{#on}}<input checked>{{/on}}{{^on}}<input>{{/on}}. A partial renders
 * exactly once and may change the context (a partial can hold the page's <head>).
 *
 * Errors are "NAME:LINE:COL: message" diagnostics (diag.h; columns count characters):
 * unclosed or mismatched sections, a tag in a context where nothing can be escaped safely, bad
 * names, unknown or self-including partials. Templates come from the binary (templates/,
 * embedded at build time) or from --template FILE. */
#pragma once

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "value.h"

#define TEMPLATE_DEPTH_MAX 32        /* nested sections and partials */
#define TEMPLATE_SIZE_MAX (4 << 20)  /* bytes of template text, each partial inclusion counted */
#define TEMPLATE_STEPS_MAX (1 << 24) /* nodes and list items a render may visit */

struct template;

/* A partial's text by name, or NULL when there is none (then the parse fails with a diag). The
 * text must stay valid until template_parse() returns (it is copied). */
typedef const char *(*template_partial_fn)(const char *name, size_t *ret_len, void *userdata);

/* Parses text (len bytes; NUL bytes refused) named `name` for diagnostics. Partials are
 * resolved and parsed at this point through `partial` (may be NULL: no partials). 0 with *ret
 * (free it with template_free()), or -EINVAL with every problem in diags. */
int template_parse(const char *name, const char *text, size_t len, template_partial_fn partial,
		   void *userdata, struct diags *diags, struct template **ret);
/* NULL is fine. */
void template_free(struct template *t);

/* Renders t with data (the root context; NULL is null) to out, then flushes out. 0, or -EINVAL
 * (a map or list where only a scalar can go, or a value nested more than 64 deep in a JSON
 * block), -E2BIG (more than TEMPLATE_STEPS_MAX steps: sections nested over long lists), -EIO
 * (writing to out failed); then out holds part of the page, and *ret_error (when ret_error is
 * not NULL) says why and where, as "NAME:LINE:COL: message" (the caller frees it). */
int template_render(const struct template *t, const struct value *data, FILE *out,
		    char **ret_error);
