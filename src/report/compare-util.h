/* compare-util.h: helpers shared by the renderers of `report diff` and `report merge`
 * (private to src/report/).
 *
 * Text: status tags with their colours, the score cut to one decimal, and lines wrapped at
 * COMPARE_LINE_WIDTH with every hostile string escaped by text_escape() (report.h), as the audit's
 * text renderer shows them. JSON: strings repaired to valid UTF-8 (the loader does not validate
 * it) and scores as numbers with one decimal. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "json-util.h"
#include "report.h"

#define COMPARE_LINE_WIDTH 100
#define COMPARE_TAG_WIDTH 6 /* "WAIVED" */
#define COMPARE_COLOR_RESET "\033[0m"

/* "PASS", "FAIL", "ERROR", "N/A", "WAIVED", "MANUAL" ("?" beyond the enum). */
const char *compare_status_tag(enum status s);
/* The tag's colour (an SGR sequence). */
const char *compare_status_color(enum status s);
/* Appends the tag padded to COMPARE_TAG_WIDTH, coloured when color. */
void compare_add_tag(struct strbuf *sb, enum status s, bool color);

/* The score with one decimal, cut rather than rounded so that 99.96 never reads 100: "42.8",
 * "100". buf holds at least 16 bytes. */
void compare_score_text(double score, char buf[static 16]);

/* Appends prefix (ASCII, as is) then text escaped, wrapped at COMPARE_LINE_WIDTH at the last space
 * that fits (else between two characters); continuation lines are indented by cont_indent.
 * Ends with a newline. */
void compare_add_wrapped(struct strbuf *sb, const char *prefix, size_t cont_indent,
			 const char *text);
/* "<indent spaces><label>: <text>" wrapped under the text. printf-style. */
void compare_add_detail(struct strbuf *sb, size_t indent, const char *label, const char *fmt,
			...) _printf_(4, 5);

/* A JSON string for s with invalid UTF-8 replaced by U+FFFD, or JSON null (NULL) for NULL. */
json_object *compare_jstr(const char *s);
/* A JSON number with compare_score_text()'s text. */
json_object *compare_jscore(double score);
/* {"pass": n, "fail": n, ...} in status order. */
json_object *compare_jsummary(const size_t summary[_STATUS_MAX]);
/* Writes root as pretty JSON (2 spaces, '/' unescaped) and a newline. 0 or -EIO. */
int compare_json_print(json_object *root, FILE *out);
