/* cli-template.c: the HTML report's template for `dockward audit --format html`: the built-in
 * page (templates/, embedded at build time), or --template FILE.
 *
 * A template from FILE may include partials ({{> name}}): a file of that name in FILE's
 * directory is used first, so that a copy of templates/ can be edited as a whole, else the
 * built-in partial of that name. Only plain file names are looked up (no '/', no leading '.'):
 * a template names its neighbours, not paths.
 *
 * The template is parsed before the host is read, so that a broken one is exit 2 with every
 * problem printed as NAME:LINE:COL: message, like a broken baseline. The texts stay alive as
 * long as the parsed template. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "template.h"
#include "templates.h"

#define TEMPLATE_FILE_MAX (1u << 20) /* 1 MiB: a page template, not a data file */

struct lookup {
	char *dir;     /* FILE's directory */
	char ***texts; /* where read partials are kept */
	struct diags *diags;
};

static const char *partial(const char *name, size_t *ret_len, void *userdata)
{
	struct lookup *l = userdata;
	if (l->dir && *name && name[0] != '.' && !strchr(name, '/')) {
		_cleanup_free_ char *path = xasprintf("%s/%s", l->dir, name);
		char *text = NULL;
		int r = read_regular_file(path, TEMPLATE_FILE_MAX, &text, ret_len, NULL);
		if (r == 0) {
			strv_push(l->texts, text);
			return text;
		}
		if (r != -ENOENT) { /* there but unreadable: say so rather than fall back */
			errno = -r;
			diags_add(l->diags, path, 0, 0, "cannot read partial: %m");
			return NULL;
		}
	}
	return embedded_template_partial(name, ret_len, NULL);
}

void cli_template_release(struct cli_template *ct)
{
	template_free(ct->t);
	strv_free(ct->texts);
	*ct = (struct cli_template){0};
}

int cli_load_template(struct cli_template *ret)
{
	*ret = (struct cli_template){0};
	const char *name = TEMPLATE_HTML_REPORT;
	const char *text;
	size_t len;
	struct lookup l = {.texts = &ret->texts};
	_cleanup_free_ char *dir = NULL;

	if (arg_template) {
		char *data = NULL;
		int r = read_regular_file(arg_template, TEMPLATE_FILE_MAX, &data, &len, NULL);
		if (r < 0) {
			if (r == -EFBIG)
				log_error("cannot load template '%s': larger than %u bytes", arg_template,
					  TEMPLATE_FILE_MAX);
			else
				log_error_errno(r, "cannot load template '%s': %m", arg_template);
			return cli_load_exit(r);
		}
		strv_push(&ret->texts, data);
		text = data;
		name = arg_template;
		const char *slash = strrchr(arg_template, '/');
		dir = slash ? xstrndup(arg_template, (size_t)(slash - arg_template) + (slash == arg_template))
			    : xstrdup(".");
		l.dir = dir;
	} else {
		const struct embedded_template *e = embedded_template_find(TEMPLATE_HTML_REPORT);
		if (!e) {
			log_error("no built-in template '%s'", TEMPLATE_HTML_REPORT);
			return EXIT_CANNOT_INSPECT;
		}
		text = e->data;
		len = e->len;
	}

	struct diags diags = {0};
	l.diags = &diags;
	int r = template_parse(name, text, len, partial, &l, &diags, &ret->t);
	cli_print_diags(&diags);
	if (r < 0 && diags.n == 0)
		log_error_errno(r, "cannot parse template '%s': %m", name);
	diags_release(&diags);
	if (r < 0) {
		if (!arg_template)
			log_error("the built-in template does not parse: this is a bug");
		cli_template_release(ret);
		return arg_template ? EXIT_BAD_INPUT : EXIT_CANNOT_INSPECT;
	}
	log_info("template '%s'", name);
	return 0;
}
