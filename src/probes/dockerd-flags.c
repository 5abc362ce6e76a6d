/* dockerd-flags.c: dockerd's argv -> daemon settings, through the option table.
 *
 * dockerd parses its command line with spf13/pflag, so this follows pflag's rules, not getopt's:
 * "--flag=value" and "--flag value" (the next word is taken even if it starts with '-'),
 * "-Xvalue", "-X value", "-X=value", clusters of one-letter booleans ("-Dl debug"); a boolean
 * never takes the next word ("--icc false" is --icc plus a stray argument, which dockerd
 * refuses), and "--" ends the flags. pflag stops at the first error; we go on, so that one
 * audit lists every problem. Values are typed by the option table (daemon-options.h) and shaped
 * like the daemon.json value for the same key, so that checks compare like with like:
 *     --log-opt max-size=10m            "log-opts": {"max-size": "10m"}
 *     --default-ulimit nofile=1024:2048 "default-ulimits": {"nofile": {"Name": "nofile",
 *                                                            "Hard": 2048, "Soft": 1024}}
 *     --add-runtime crun=/usr/bin/crun  "runtimes": {"crun": {"path": "/usr/bin/crun"}}
 *     --default-address-pool base=10.10.0.0/16,size=24
 *                                       "default-address-pools": [{"base": ..., "size": 24}] */
#include <errno.h>
#include <string.h>

#include "daemon-probe.h"

/* Flags dockerd knows that set no daemon.json key (handled or deliberately ignored). */
static const struct {
	const char *name;
	char short_flag;
	bool takes_value;
} flag_only[] = {
	{"config-file", 0, true}, /* read by the probe */
	{"help", 'h', false},
	{"restart", 'r', false}, /* deprecated since 1.10, still accepted */
	{"validate", 0, false},  /* 23+: check the configuration and exit */
	{"version", 'v', false},
};

struct parse {
	struct dockerd_flags *f;
	size_t *slot; /* per row of daemon_options: index + 1 into f->items, 0 when none yet */
};

static void problem(struct parse *ps, const char *fmt, ...) _printf_(2, 3);
static void problem(struct parse *ps, const char *fmt, ...)
{
	if (strv_length(ps->f->problems) >= DIAG_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	strv_push(&ps->f->problems, xvasprintf(fmt, ap));
	va_end(ap);
}

/* Go's strconv.ParseBool. */
static int parse_go_bool(const char *s, bool *ret)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
	for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
		if (STREQ(s, yes[i])) {
			*ret = true;
			return 0;
		}
		if (STREQ(s, no[i])) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* go-units' ParseUlimit: "name=soft[:hard]" -> {"Name": name, "Hard": hard, "Soft": soft}. */
static struct value *ulimit_value(const char *name, const char *limits)
{
	_cleanup_free_ char *soft = xstrdup(limits);
	char *colon = strchr(soft, ':');
	const char *hard = soft;
	if (colon) {
		*colon = '\0';
		hard = colon + 1;
	}
	int64_t s, h;
	if (parse_int64(soft, &s) < 0 || parse_int64(hard, &h) < 0)
		return NULL;
	struct value *v = value_new_map();
	value_map_set(v, "Name", value_new_string(name));
	value_map_set(v, "Hard", value_new_int(h));
	value_map_set(v, "Soft", value_new_int(s));
	return v;
}

/* "base=10.10.0.0/16,size=24" -> {"base": "10.10.0.0/16", "size": 24}. */
static struct value *pool_value(const char *text)
{
	_cleanup_free_ char *copy = xstrdup(text);
	struct value *v = value_new_map();
	for (char *field = copy, *next; field; field = next) {
		next = strchr(field, ',');
		if (next)
			*next++ = '\0';
		if (!*field)
			continue;
		char *eq = strchr(field, '=');
		if (!eq)
			return value_free(v);
		*eq = '\0';
		int64_t n;
		if (STREQ(field, "size") && parse_int64(eq + 1, &n) >= 0)
			value_map_set(v, field, value_new_int(n));
		else
			value_map_set(v, field, value_new_string(eq + 1));
	}
	return v;
}

static struct dockerd_flag_setting *setting_for(struct parse *ps, const struct daemon_option *o)
{
	size_t row = (size_t)(o - daemon_options);
	if (ps->slot[row])
		return &ps->f->items[ps->slot[row] - 1];
	struct dockerd_flag_setting *s = GROW(ps->f->items, ps->f->n);
	ps->slot[row] = ps->f->n;
	s->option = o;
	return s;
}

/* value is NULL for a boolean given without one ("--icc"). */
static void apply(struct parse *ps, const struct daemon_option *o, const char *value,
		  const char *text)
{
	/* --graph/-g is the old name of --data-root: record it where dockerd puts it. */
	if (STREQ(o->key, "graph"))
		o = daemon_option_by_key("data-root");

	struct dockerd_flag_setting *s = setting_for(ps, o);
	struct value *item = NULL;
	bool b;
	int64_t i;

	if (s->text) {
		char *t = xasprintf("%s %s", s->text, text);
		free(s->text);
		s->text = t;
	} else {
		s->text = xstrdup(text);
	}

	switch (o->type) {
	case DAEMON_OPT_BOOL:
		if (!value) {
			item = value_new_bool(true);
		} else if (parse_go_bool(value, &b) >= 0) {
			item = value_new_bool(b);
		} else {
			problem(ps, "invalid boolean '%s' in '%s' (dockerd refuses to start)",
				value, text);
			item = value_new_string(value);
		}
		break;
	case DAEMON_OPT_INT:
		if (parse_int64(value, &i) >= 0) {
			item = value_new_int(i);
		} else {
			problem(ps, "invalid integer '%s' in '%s' (dockerd refuses to start)",
				value, text);
			item = value_new_string(value);
		}
		break;
	case DAEMON_OPT_STRING:
		item = value_new_string(value);
		break;
	case DAEMON_OPT_LIST:
		if (!s->value)
			s->value = value_new_list();
		if (s->value->type != VALUE_LIST)
			break;
		if (STREQ(o->key, "default-address-pools")) {
			item = pool_value(value);
			if (!item) {
				problem(ps, "invalid address pool '%s' (expected base=CIDR,size=N)",
					value);
				item = value_new_string(value);
			}
		} else {
			item = value_new_string(value);
		}
		value_list_append(s->value, item);
		return;
	case DAEMON_OPT_MAP: {
		if (!s->value)
			s->value = value_new_map();
		if (s->value->type != VALUE_MAP)
			break;
		_cleanup_free_ char *k = xstrdup(value);
		char *eq = strchr(k, '=');
		const char *v = "";
		if (eq) {
			*eq = '\0';
			v = eq + 1;
		}
		if (STREQ(o->key, "default-ulimits")) {
			item = eq ? ulimit_value(k, v) : NULL;
			if (!item) {
				problem(ps, "invalid ulimit '%s' (expected name=soft[:hard])",
					value);
				item = value_new_string(v);
			}
		} else if (STREQ(o->key, "runtimes")) {
			if (!eq)
				problem(ps, "invalid runtime '%s' (expected name=path)", value);
			item = value_new_map();
			value_map_set(item, "path", value_new_string(v));
		} else {
			item = value_new_string(v);
		}
		value_map_set(s->value, k, item);
		return;
	}
	default:
		break;
	}
	if (item) {
		value_free(s->value);
		s->value = item;
	}
}

static int find_flag_only(const char *name, char short_flag)
{
	for (size_t i = 0; i < ELEMENTSOF(flag_only); i++)
		if (name ? STREQ(flag_only[i].name, name)
			 : (short_flag && flag_only[i].short_flag == short_flag))
			return (int)i;
	return -1;
}

static void set_flag_only(struct parse *ps, int idx, const char *value)
{
	if (STREQ(flag_only[idx].name, "config-file")) {
		free(ps->f->config_file);
		ps->f->config_file = xstrdup(value);
	}
}

/* "--name[=value]"; returns how many words after it were used. */
static size_t parse_long(struct parse *ps, const char *word, char *const *rest)
{
	const char *name = word + 2;
	if (!*name || *name == '-' || *name == '=') {
		problem(ps, "bad flag syntax '%s'", word);
		return 0;
	}
	const char *eq = strchr(name, '=');
	_cleanup_free_ char *n = eq ? xstrndup(name, (size_t)(eq - name)) : xstrdup(name);
	const struct daemon_option *o = daemon_option_by_flag(n);
	int only = o ? -1 : find_flag_only(n, 0);

	if (!o && only < 0) {
		strv_extend(&ps->f->unknown, word);
		/* its value, if it had one, is not a stray argument of its own */
		return !eq && rest[0] && rest[0][0] != '-' ? 1 : 0;
	}
	bool boolean = o ? o->type == DAEMON_OPT_BOOL : !flag_only[only].takes_value;
	const char *value = NULL;
	size_t used = 0;
	_cleanup_free_ char *text = NULL;
	if (eq) {
		value = eq + 1;
	} else if (!boolean) {
		if (!rest[0]) {
			problem(ps, "flag needs an argument: '%s'", word);
			return 0;
		}
		value = rest[0];
		used = 1;
		text = xasprintf("%s %s", word, value);
	}
	if (o)
		apply(ps, o, value, text ? text : word);
	else if (value || !boolean)
		set_flag_only(ps, only, value);
	return used;
}

/* "-abc", "-Xvalue", "-X value", "-X=value"; returns how many words after it were used. */
static size_t parse_short(struct parse *ps, const char *word, char *const *rest)
{
	const char *p = word + 1;
	while (*p) {
		char c = *p;
		const struct daemon_option *o = daemon_option_by_short(c);
		int only = o ? -1 : find_flag_only(NULL, c);
		if (!o && only < 0) {
			_cleanup_free_ char *u = xasprintf("-%c", c);
			strv_extend(&ps->f->unknown, u);
			return 0; /* pflag gives up on the whole cluster */
		}
		bool boolean = o ? o->type == DAEMON_OPT_BOOL : !flag_only[only].takes_value;
		const char *value = NULL;
		size_t used = 0;
		_cleanup_free_ char *text = NULL;

		if (strlen(p) > 2 && p[1] == '=') { /* -X=value */
			value = p + 2;
			p += strlen(p);
		} else if (boolean) { /* -X */
			p++;
		} else if (p[1]) { /* -Xvalue */
			value = p + 1;
			p += strlen(p);
		} else if (rest[0]) { /* -X value */
			value = rest[0];
			used = 1;
			text = xasprintf("%s %s", word, value);
			p++;
		} else {
			problem(ps, "flag needs an argument: '-%c' in '%s'", c, word);
			return 0;
		}
		if (o)
			apply(ps, o, value, text ? text : word);
		else if (value || !boolean)
			set_flag_only(ps, only, value);
		if (used)
			return used;
	}
	return 0;
}

void dockerd_flags_parse(char *const *argv, struct dockerd_flags *ret)
{
	*ret = (struct dockerd_flags){0};
	struct parse ps = {.f = ret, .slot = xcalloc(daemon_options_count, sizeof(size_t))};
	size_t argc = strv_length(argv);

	if (argc > DOCKERD_ARGV_MAX) {
		problem(&ps, "%zu arguments, only the first %d were read", argc, DOCKERD_ARGV_MAX);
		argc = DOCKERD_ARGV_MAX;
	}
	/* rest[] below must stop at argc: a NULL-terminated copy of the window. */
	_cleanup_free_ char **args = xcalloc(argc + 1, sizeof(char *));
	for (size_t i = 0; i < argc; i++)
		args[i] = argv[i];

	for (size_t i = 1; i < argc; i++) {
		const char *w = args[i];
		if (w[0] != '-' || w[1] == '\0') {
			problem(&ps, "unexpected argument '%s' (dockerd takes no arguments)", w);
			continue;
		}
		if (w[1] == '-') {
			if (w[2] == '\0') {
				if (i + 1 < argc)
					problem(&ps,
						"unexpected argument '%s' after '--' (dockerd "
						"takes no arguments)",
						args[i + 1]);
				break;
			}
			i += parse_long(&ps, w, args + i + 1);
		} else {
			i += parse_short(&ps, w, args + i + 1);
		}
	}
	free(ps.slot);
}

void dockerd_flags_release(struct dockerd_flags *f)
{
	for (size_t i = 0; i < f->n; i++) {
		value_free(f->items[i].value);
		free(f->items[i].text);
	}
	free(f->items);
	free(f->config_file);
	strv_free(f->unknown);
	strv_free(f->problems);
	*f = (struct dockerd_flags){0};
}
