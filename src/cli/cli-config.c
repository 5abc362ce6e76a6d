/* cli-config.c: dockward's own settings file, /etc/dockward/dockward.yaml (dockward.yaml(5)).
 *
 *   baseline: /etc/dockward/baseline.yaml   # a file, or the id of a built-in baseline
 *   waivers: /etc/dockward/waivers.yaml
 *   report_dir: /var/lib/dockward/reports   # where `audit --save` writes
 *   fail_on: high
 *   docker_host: unix:///run/docker.sock
 *
 * It gives the defaults that a site wants every run to have (the packaged timer's audit, an
 * administrator's `dockward audit` and `dockward fix`, the Ansible role), so that they all judge
 * the host by the same baseline and waivers. The command line wins: a key only fills an option
 * that was not given, and only for commands that take that option. It is the configuration of
 * the tool on the machine that runs it: it is never read under --root. Relative paths are taken
 * from the file's directory, so that the file and what it names can move together.
 *
 * The file is read with the bounded reader and the YAML loader that baselines use, so the same
 * hostile input is refused the same way, and every problem comes out as FILE:LINE:COL. A default
 * file that does not exist is no settings; a --config FILE that does not exist is an error. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "yaml-util.h"

#define CONFIG_SIZE_MAX (64 * 1024)

static struct {
	char *baseline;
	char *waivers;
	char *report_dir;
	char *docker_host;
} config;

void cli_config_release(void)
{
	free(config.baseline);
	free(config.waivers);
	free(config.report_dir);
	free(config.docker_host);
	config = (typeof(config)){0};
}

/* A built-in id stays as it is; a path (baseline_spec_is_path(), when v may be an id) that is
 * relative is taken from dir ("/etc/dockward/"). */
static char *resolve(const char *dir, const char *v, bool may_be_id)
{
	bool path = !may_be_id || baseline_spec_is_path(v);
	if (!path || v[0] == '/')
		return xstrdup(v);
	return xasprintf("%s%s", dir, v);
}

static const char *const config_keys[] = {
	"baseline", "waivers", "report_dir", "fail_on", "docker_host", NULL,
};

/* Reads the string key of map; NULL when absent or wrong (reported). */
static const char *string_key(const struct yaml_doc *d, const char *key, struct diags *diags)
{
	const struct value *v = NULL;
	if (yaml_field(d, d->root, "", key, VALUE_STRING, false, diags, &v) <= 0)
		return NULL;
	if (!*v->s) {
		diags_add(diags, d->file, v->line, v->col, "%s: expected a non-empty string", key);
		return NULL;
	}
	return v->s;
}

static int parse(const char *file, const char *data, size_t len, unsigned options,
		 struct diags *diags)
{
	struct yaml_doc d = {0};
	struct yaml_limits lim = {.depth_max = 4, .string_max = 4096};
	int r = yaml_doc_parse(file, data, len, &lim, diags, &d);
	if (r < 0)
		return r;
	if (!d.root) { /* an empty file (or only comments): no settings */
		yaml_doc_release(&d);
		return 0;
	}
	if (d.root->type != VALUE_MAP) {
		_cleanup_free_ char *got = yaml_describe(d.root);
		diags_add(diags, file, d.root->line, d.root->col,
			  "expected a map of settings (baseline, waivers, report_dir, fail_on, "
			  "docker_host), got %s",
			  got);
		yaml_doc_release(&d);
		return -EINVAL;
	}
	size_t before = diags->n;
	yaml_check_keys(&d, d.root, "", config_keys, diags);

	const char *slash = strrchr(file, '/');
	_cleanup_free_ char *dir = slash ? xstrndup(file, (size_t)(slash - file) + 1) : xstrdup("");
	const char *v;
	if ((v = string_key(&d, "baseline", diags)) && (options & CLI_OPT_BASELINE) && !arg_baseline)
		arg_baseline = config.baseline = resolve(dir, v, true);
	if ((v = string_key(&d, "waivers", diags)) && (options & CLI_OPT_WAIVERS) && !arg_waivers)
		arg_waivers = config.waivers = resolve(dir, v, false);
	if ((v = string_key(&d, "report_dir", diags)) && !arg_report_dir)
		config.report_dir = resolve(dir, v, false);
	/* like DOCKER_HOST, a default for the live host: under --root the engine is contacted
	 * only when --docker-host says so */
	if ((v = string_key(&d, "docker_host", diags)) && !arg_docker_host &&
	    (options & (CLI_OPT_BASELINE | CLI_OPT_CONTAINERS)) && STREQ(arg_root, "/"))
		arg_docker_host = config.docker_host = xstrdup(v);
	const struct value *fo = value_map_get(d.root, "fail_on");
	if ((v = string_key(&d, "fail_on", diags))) {
		enum severity s = severity_from_string(v);
		if (s < 0)
			diags_add(diags, file, fo->line, fo->col,
				  "fail_on: expected low, medium, high or critical, got '%s'", v);
		else if (!arg_fail_on_given)
			arg_fail_on = s;
	}
	yaml_diags_sort(diags, before);
	yaml_doc_release(&d);
	return diags->n > before ? -EINVAL : 0;
}

int cli_load_config(unsigned options)
{
	const char *file = arg_config ? arg_config : DOCKWARD_CONFIG_FILE;
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r = read_regular_file(file, CONFIG_SIZE_MAX, &data, &len, NULL);
	if (r == -ENOENT && !arg_config)
		return 0;
	if (r < 0) {
		log_error_errno(r, "cannot read settings '%s': %m", file);
		return cli_load_exit(r);
	}
	struct diags diags = {0};
	r = parse(file, data, len, options, &diags);
	cli_print_diags(&diags);
	diags_release(&diags);
	if (r < 0)
		return EXIT_BAD_INPUT;
	log_info("settings '%s'", file);
	if (!arg_report_dir && config.report_dir)
		arg_report_dir = config.report_dir;
	return 0;
}
