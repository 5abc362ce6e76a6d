/* report-merge-render.c: the fleet view of `report merge` as text for people and as JSON
 * (dockward-fleet/1, documented in include/report-compare.h).
 *
 * Text layout (every line fits 100 columns; hostile strings are escaped with text_escape()):
 *
 *   dockward fleet view of 3 hosts against docker-host v1
 *
 *   rules, worst first
 *      #   fail  error   pass severity id                      title
 *      1      2      0      1 critical files.docker-sock-mode  The Docker socket permissions...
 *
 *   hosts, worst first
 *     host           score   pass   fail  error    n/a waived manual
 *     web-1          42.8%      3      4      0      0      0      0
 *
 *   matrix: a row per host, a column per rule (numbered as above): F fail, . pass, E error,
 *   - not applicable, W waived, M manual, blank: not in that host's report
 *                  1234567890 1234567
 *     web-1        FF.-...... ..FF...
 *
 *   3 hosts, 2 failing; 17 rules, 5 failing on at least one host
 *
 * The matrix is cut into blocks of MATRIX_BLOCK rules, each with its header of rule numbers
 * written downwards (a digit per line). -q prints only the rules that fail or are in error
 * somewhere, and the summary. */
#include <errno.h>
#include <string.h>

#include "compare-util.h"
#include "report-compare.h"

#define INDENT 2
#define COUNT_WIDTH 6      /* counts up to 999999 */
#define SEVERITY_WIDTH 8   /* "critical" */
#define ID_COLUMN_MAX 32
#define ID_WIDTH_MAX 60
#define HOST_WIDTH_MAX 30
#define MATRIX_BLOCK 50    /* rules per block of the matrix */
#define MATRIX_GROUP 10    /* a space after every this many columns */

static void spaces(struct strbuf *sb, size_t n)
{
	while (n--)
		strbuf_addc(sb, ' ');
}

static size_t digits(size_t n)
{
	size_t d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static const char *host_label(const struct fleet_host *h)
{
	return h->hostname && *h->hostname ? h->hostname : h->file;
}

static char *baseline_text(const char *id, int64_t version)
{
	if (version >= 0)
		return xasprintf("%s v%lld", id ? id : "?", (long long)version);
	return xstrdup(id ? id : "?");
}

static bool rule_is_bad(const struct fleet_rule *rule)
{
	return rule->counts[STATUS_FAIL] || rule->counts[STATUS_ERROR];
}

static void add_header(struct strbuf *sb, const struct fleet *f)
{
	struct strbuf t = STRBUF_INIT;
	strbuf_addf(&t, "dockward fleet view of %zu %s", f->n_hosts,
		    f->n_hosts == 1 ? "host" : "hosts");
	if (f->n_baselines == 1) {
		_cleanup_free_ char *b = baseline_text(f->baselines[0].id, f->baselines[0].version);
		strbuf_addf(&t, " against %s", b);
	} else if (f->n_baselines > 1) {
		strbuf_adds(&t, " against several baselines: ");
		for (size_t i = 0; i < f->n_baselines; i++) {
			_cleanup_free_ char *b =
				baseline_text(f->baselines[i].id, f->baselines[i].version);
			strbuf_addf(&t, "%s%s (%zu %s)", i ? ", " : "", b, f->baselines[i].hosts,
				    f->baselines[i].hosts == 1 ? "host" : "hosts");
		}
	}
	compare_add_wrapped(sb, "", 2, t.buf);
	strbuf_release(&t);
}

static void add_rules(struct strbuf *sb, const struct fleet *f, unsigned flags)
{
	bool quiet = flags & RENDER_QUIET;
	size_t num_w = digits(f->n_rules) + 1, id_w = 2;
	if (num_w < 3)
		num_w = 3;
	for (size_t k = 0; k < f->n_rules; k++) {
		const struct fleet_rule *rule = &f->rules[f->rule_order[k]];
		if (quiet && !rule_is_bad(rule))
			continue;
		_cleanup_free_ char *id = text_fit(rule->id, ID_COLUMN_MAX);
		if (text_width(id) > id_w)
			id_w = text_width(id);
	}
	strbuf_addf(sb, "\n%s\n", quiet ? "rules failing or in error, worst first"
					: "rules, worst first");
	spaces(sb, INDENT + num_w - 1);
	strbuf_addf(sb, "#%*s%*s%*s ", COUNT_WIDTH + 1, "fail", COUNT_WIDTH + 1, "error",
		    COUNT_WIDTH + 1, "pass");
	text_pad(sb, "severity", SEVERITY_WIDTH);
	strbuf_addc(sb, ' ');
	text_pad(sb, "id", id_w);
	strbuf_adds(sb, " title\n");
	for (size_t k = 0; k < f->n_rules; k++) {
		const struct fleet_rule *rule = &f->rules[f->rule_order[k]];
		if (quiet && !rule_is_bad(rule))
			continue;
		spaces(sb, INDENT);
		strbuf_addf(sb, "%*zu %*zu %*zu %*zu ", (int)num_w, k + 1, COUNT_WIDTH,
			    rule->counts[STATUS_FAIL], COUNT_WIDTH, rule->counts[STATUS_ERROR],
			    COUNT_WIDTH, rule->counts[STATUS_PASS]);
		text_pad(sb, severity_to_string(rule->severity), SEVERITY_WIDTH);
		strbuf_addc(sb, ' ');
		_cleanup_free_ char *id = text_fit(rule->id, ID_WIDTH_MAX);
		size_t id_used = text_width(id) > id_w ? text_width(id) : id_w;
		text_pad(sb, id, id_used);
		strbuf_addc(sb, ' ');
		size_t used = INDENT + num_w + 3 * (COUNT_WIDTH + 1) + 1 + SEVERITY_WIDTH + 1 +
			      id_used + 1;
		size_t room = COMPARE_LINE_WIDTH > used + 10 ? COMPARE_LINE_WIDTH - used : 10;
		_cleanup_free_ char *title = text_fit(rule->title ? rule->title : "", room);
		strbuf_addf(sb, "%s\n", title);
	}
}

static size_t host_width(const struct fleet *f)
{
	size_t w = 4;
	for (size_t i = 0; i < f->n_hosts; i++) {
		_cleanup_free_ char *label = text_fit(host_label(&f->hosts[i]), HOST_WIDTH_MAX);
		if (text_width(label) > w)
			w = text_width(label);
	}
	return w;
}

static void add_hosts(struct strbuf *sb, const struct fleet *f, size_t host_w)
{
	static const char *const heads[] = {
		[STATUS_PASS] = "pass", [STATUS_FAIL] = "fail", [STATUS_ERROR] = "error",
		[STATUS_NOT_APPLICABLE] = "n/a", [STATUS_WAIVED] = "waived",
		[STATUS_MANUAL] = "manual",
	};
	_Static_assert(ELEMENTSOF(heads) == _STATUS_MAX, "heads");
	bool several = f->n_baselines > 1;
	strbuf_adds(sb, "\nhosts, worst first\n");
	spaces(sb, INDENT);
	text_pad(sb, "host", host_w);
	strbuf_addf(sb, " %6s", "score");
	for (int s = 0; s < _STATUS_MAX; s++)
		strbuf_addf(sb, " %*s", COUNT_WIDTH, heads[s]);
	strbuf_adds(sb, several ? "  baseline\n" : "\n");
	for (size_t k = 0; k < f->n_hosts; k++) {
		const struct fleet_host *h = &f->hosts[f->host_order[k]];
		spaces(sb, INDENT);
		_cleanup_free_ char *label = text_fit(host_label(h), HOST_WIDTH_MAX);
		text_pad(sb, label, host_w);
		char score[16];
		compare_score_text(fleet_host_score(h), score);
		strbuf_addf(sb, " %5s%%", score);
		for (int s = 0; s < _STATUS_MAX; s++)
			strbuf_addf(sb, " %*zu", COUNT_WIDTH, h->summary[s]);
		if (several) {
			_cleanup_free_ char *b = baseline_text(h->baseline_id, h->baseline_version);
			_cleanup_free_ char *fit = text_fit(b, 30);
			strbuf_addf(sb, "  %s", fit);
		}
		strbuf_addc(sb, '\n');
	}
}

static void add_matrix_block(struct strbuf *sb, const struct fleet *f, size_t from, size_t to,
			     size_t host_w, bool color)
{
	/* The rule numbers, a digit per line, most significant first; lines that would be blank
	 * (hundreds in the first block) are left out. */
	size_t rows = digits(to);
	for (size_t d = 0; d < rows; d++) {
		size_t place = 1;
		for (size_t k = d + 1; k < rows; k++)
			place *= 10;
		size_t start = sb->len;
		spaces(sb, INDENT + host_w + 1);
		bool any = false;
		for (size_t k = from; k < to; k++) {
			size_t num = k + 1;
			if (k > from && (k - from) % MATRIX_GROUP == 0)
				strbuf_addc(sb, ' ');
			bool leading = num < place && d + 1 < rows;
			strbuf_addc(sb, leading ? ' ' : (char)('0' + (num / place) % 10));
			any |= !leading;
		}
		while (sb->len > start && sb->buf[sb->len - 1] == ' ')
			sb->buf[--sb->len] = '\0';
		if (any)
			strbuf_addc(sb, '\n');
		else
			sb->buf[sb->len = start] = '\0';
	}
	for (size_t k = 0; k < f->n_hosts; k++) {
		const struct fleet_host *h = &f->hosts[f->host_order[k]];
		spaces(sb, INDENT);
		_cleanup_free_ char *label = text_fit(host_label(h), HOST_WIDTH_MAX);
		text_pad(sb, label, host_w);
		strbuf_addc(sb, ' ');
		for (size_t j = from; j < to; j++) {
			if (j > from && (j - from) % MATRIX_GROUP == 0)
				strbuf_addc(sb, ' ');
			size_t idx = f->rule_order[j];
			uint8_t st = idx < h->n_row ? h->row[idx] : FLEET_ABSENT;
			char letter = fleet_status_letter(st);
			if (color && (st == STATUS_FAIL || st == STATUS_ERROR))
				strbuf_addf(sb, "%s%c%s", compare_status_color((enum status)st),
					    letter, COMPARE_COLOR_RESET);
			else
				strbuf_addc(sb, letter);
		}
		/* A row of one block may end in blanks (rules the host does not have). */
		while (sb->len && sb->buf[sb->len - 1] == ' ')
			sb->buf[--sb->len] = '\0';
		strbuf_addc(sb, '\n');
	}
}

static void add_matrix(struct strbuf *sb, const struct fleet *f, size_t host_w, bool color)
{
	strbuf_addc(sb, '\n');
	compare_add_wrapped(sb, "", 0,
			    "matrix: a row per host, a column per rule (numbered as above): F fail, "
			    ". pass, E error, - not applicable, W waived, M manual, blank: not in "
			    "that host's report");
	for (size_t from = 0; from < f->n_rules; from += MATRIX_BLOCK) {
		size_t to = from + MATRIX_BLOCK < f->n_rules ? from + MATRIX_BLOCK : f->n_rules;
		if (from)
			strbuf_addc(sb, '\n');
		add_matrix_block(sb, f, from, to, host_w, color);
	}
}

int fleet_render_text(const struct fleet *f, unsigned flags, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	bool quiet = flags & RENDER_QUIET;
	if (!quiet)
		add_header(&sb, f);
	add_rules(&sb, f, flags);
	if (!quiet && f->n_hosts) {
		size_t host_w = host_width(f);
		add_hosts(&sb, f, host_w);
		if (f->n_rules)
			add_matrix(&sb, f, host_w, flags & RENDER_COLOR);
	}
	strbuf_addf(&sb, "\n%zu %s, %zu failing; %zu %s, %zu failing on at least one host\n",
		    f->n_hosts, f->n_hosts == 1 ? "host" : "hosts", f->hosts_failing, f->n_rules,
		    f->n_rules == 1 ? "rule" : "rules", f->rules_failing);
	fputs(sb.buf, out);
	strbuf_release(&sb);
	return ferror(out) ? -EIO : 0;
}

/* ---- JSON ---- */

static void add(json_object *obj, const char *key, json_object *val)
{
	json_object_object_add(obj, key, val);
}

static json_object *jversion(int64_t version)
{
	return version >= 0 ? json_object_new_int64(version) : NULL;
}

static json_object *jhost(const struct fleet_host *h)
{
	json_object *o = json_object_new_object();
	add(o, "file", compare_jstr(h->file));
	add(o, "hostname", compare_jstr(h->hostname));
	add(o, "root", compare_jstr(h->root));
	json_object *b = json_object_new_object();
	add(b, "id", compare_jstr(h->baseline_id));
	add(b, "version", jversion(h->baseline_version));
	add(o, "baseline", b);
	add(o, "started", compare_jstr(h->started));
	add(o, "summary", compare_jsummary(h->summary));
	add(o, "score", compare_jscore(fleet_host_score(h)));
	return o;
}

static json_object *jrule(const struct fleet_rule *rule)
{
	json_object *o = json_object_new_object();
	add(o, "id", compare_jstr(rule->id));
	add(o, "title", compare_jstr(rule->title));
	add(o, "section", compare_jstr(rule->section));
	add(o, "severity", json_object_new_string(severity_to_string(rule->severity)));
	json_object *hosts = compare_jsummary(rule->counts);
	add(hosts, "absent", json_object_new_int64((int64_t)rule->absent));
	add(o, "hosts", hosts);
	return o;
}

static json_object *fleet_json(const struct fleet *f, const char *tool_version)
{
	json_object *root = json_object_new_object();
	add(root, "schema", json_object_new_string(FLEET_SCHEMA));
	json_object *tool = json_object_new_object();
	add(tool, "name", json_object_new_string("dockward"));
	add(tool, "version", compare_jstr(tool_version));
	add(root, "tool", tool);

	json_object *s = json_object_new_object();
	add(s, "hosts", json_object_new_int64((int64_t)f->n_hosts));
	add(s, "rules", json_object_new_int64((int64_t)f->n_rules));
	add(s, "hosts_failing", json_object_new_int64((int64_t)f->hosts_failing));
	add(s, "rules_failing", json_object_new_int64((int64_t)f->rules_failing));
	add(root, "summary", s);

	json_object *baselines = json_object_new_array();
	for (size_t i = 0; i < f->n_baselines; i++) {
		json_object *b = json_object_new_object();
		add(b, "id", compare_jstr(f->baselines[i].id));
		add(b, "version", jversion(f->baselines[i].version));
		add(b, "hosts", json_object_new_int64((int64_t)f->baselines[i].hosts));
		json_object_array_add(baselines, b);
	}
	add(root, "baselines", baselines);

	json_object *hosts = json_object_new_array_ext((int)f->n_hosts + 1);
	for (size_t k = 0; k < f->n_hosts; k++)
		json_object_array_add(hosts, jhost(&f->hosts[f->host_order[k]]));
	add(root, "hosts", hosts);

	json_object *rules = json_object_new_array_ext((int)f->n_rules + 1);
	for (size_t k = 0; k < f->n_rules; k++)
		json_object_array_add(rules, jrule(&f->rules[f->rule_order[k]]));
	add(root, "rules", rules);

	/* One string object per status, shared by reference by every cell. */
	json_object *names[_STATUS_MAX];
	for (int st = 0; st < _STATUS_MAX; st++)
		names[st] = json_object_new_string(status_to_string((enum status)st));
	json_object *matrix = json_object_new_array_ext((int)f->n_hosts + 1);
	for (size_t k = 0; k < f->n_hosts; k++) {
		const struct fleet_host *h = &f->hosts[f->host_order[k]];
		json_object *row = json_object_new_array_ext((int)f->n_rules + 1);
		for (size_t j = 0; j < f->n_rules; j++) {
			size_t idx = f->rule_order[j];
			uint8_t st = idx < h->n_row ? h->row[idx] : FLEET_ABSENT;
			json_object_array_add(row, st < _STATUS_MAX ? json_object_get(names[st])
								    : NULL);
		}
		json_object_array_add(matrix, row);
	}
	for (int st = 0; st < _STATUS_MAX; st++)
		json_object_put(names[st]);
	add(root, "matrix", matrix);
	return root;
}

int fleet_render_json(const struct fleet *f, const char *tool_version, FILE *out)
{
	_cleanup_json_ json_object *root = fleet_json(f, tool_version);
	return compare_json_print(root, out);
}
