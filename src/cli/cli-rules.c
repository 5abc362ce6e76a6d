/* cli-rules.c: `dockward rules`: the rules of a baseline as an aligned table.
 *
 *   ID                        SEVERITY  CIS      TITLE
 *   daemon.icc                medium    2.2      Restrict traffic between containers on the ...
 *
 * With -v a KIND column (the check kind) is added and disabled rules are listed too, marked
 * "(disabled)". Titles are cut to keep lines within 100 columns; every string is escaped
 * (text_fit()), since a baseline can come from anywhere. -q prints only the ids, one per line
 * (for shell completion and scripts; the loader allows only [a-z0-9._-] in ids). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "report.h"

#define LINE_WIDTH 100
#define ID_COLUMN_MAX 32 /* longer ids push the rest of their line right, rather than be cut */
#define ID_WIDTH_MAX 60  /* ... up to this: beyond, an id is hostile and cut */
#define REF_WIDTH_MAX 16
#define KIND_WIDTH_MAX 24
#define SEVERITY_WIDTH 8

static size_t max_size(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* The ids of the first CIS reference, joined by ',' ("2.2,2.3"), or "-". The caller frees. */
static char *cis_refs(const struct rule *rule)
{
	for (size_t i = 0; i < rule->n_refs; i++)
		if (rule->refs[i].name && startswith(rule->refs[i].name, "cis") &&
		    rule->refs[i].ids && rule->refs[i].ids[0])
			return strv_join(rule->refs[i].ids, ",");
	return xstrdup("-");
}

static bool listed(const struct rule *rule)
{
	return rule->enabled || arg_verbose;
}

static char *kind_text(const struct rule *rule)
{
	const char *name = rule->kind ? rule->kind->name : "?";
	return rule->enabled ? xstrdup(name) : xasprintf("%s (disabled)", name);
}

static void add_row(struct strbuf *sb, const char *id, const char *severity, const char *refs,
		    const char *kind, const char *title, size_t id_w, size_t ref_w, size_t kind_w)
{
	_cleanup_free_ char *id_cell = text_fit(id, ID_WIDTH_MAX);
	_cleanup_free_ char *ref_cell = text_fit(refs, ref_w);
	id_w = max_size(id_w, text_width(id_cell));
	text_pad(sb, id_cell, id_w);
	strbuf_addc(sb, ' ');
	text_pad(sb, severity, SEVERITY_WIDTH);
	strbuf_addc(sb, ' ');
	text_pad(sb, ref_cell, ref_w);
	strbuf_addc(sb, ' ');
	size_t used = id_w + 1 + SEVERITY_WIDTH + 1 + ref_w + 1;
	if (kind) {
		_cleanup_free_ char *kind_cell = text_fit(kind, kind_w);
		text_pad(sb, kind_cell, kind_w);
		strbuf_addc(sb, ' ');
		used += kind_w + 1;
	}
	_cleanup_free_ char *title_cell = text_fit(title ? title : "", LINE_WIDTH - used);
	strbuf_adds(sb, title_cell);
	/* No trailing blanks when the title is empty. */
	while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	strbuf_addc(sb, '\n');
}

int cli_rules(int argc, char **argv)
{
	if (argc > 1) {
		log_error("unexpected argument '%s'", argv[1]);
		cli_hint_help("rules");
		return EXIT_BAD_INPUT;
	}
	int r = cli_sandbox();
	if (r)
		return r;
	_cleanup_(baseline_freep) struct baseline *b = NULL;
	r = cli_load_baseline(&b);
	if (r)
		return r;

	if (arg_quiet) {
		for (size_t i = 0; i < b->n_rules; i++)
			if (listed(&b->rules[i]))
				puts(b->rules[i].id);
		return EXIT_COMPLIANT;
	}

	size_t id_w = strlen("ID"), ref_w = strlen("CIS"), kind_w = strlen("KIND");
	for (size_t i = 0; i < b->n_rules; i++) {
		const struct rule *rule = &b->rules[i];
		if (!listed(rule))
			continue;
		_cleanup_free_ char *refs = cis_refs(rule);
		_cleanup_free_ char *kind = kind_text(rule);
		_cleanup_free_ char *id_cell = text_fit(rule->id, ID_COLUMN_MAX);
		_cleanup_free_ char *ref_cell = text_fit(refs, REF_WIDTH_MAX);
		_cleanup_free_ char *kind_cell = text_fit(kind, KIND_WIDTH_MAX);
		id_w = max_size(id_w, text_width(id_cell));
		ref_w = max_size(ref_w, text_width(ref_cell));
		kind_w = max_size(kind_w, text_width(kind_cell));
	}

	struct strbuf sb = STRBUF_INIT;
	add_row(&sb, "ID", "SEVERITY", "CIS", arg_verbose ? "KIND" : NULL, "TITLE", id_w,
			ref_w, kind_w);
	for (size_t i = 0; i < b->n_rules; i++) {
		const struct rule *rule = &b->rules[i];
		if (!listed(rule))
			continue;
		_cleanup_free_ char *refs = cis_refs(rule);
		_cleanup_free_ char *kind = arg_verbose ? kind_text(rule) : NULL;
		add_row(&sb, rule->id, severity_to_string(rule->severity), refs, kind, rule->title,
			id_w, ref_w, kind_w);
	}
	if (sb.buf)
		fputs(sb.buf, stdout);
	strbuf_release(&sb);
	return EXIT_COMPLIANT;
}
