/* augeas-util.c: augeas on text (see augeas-util.h). No file is read or written by augeas: the
 * session is opened on a root that does not exist, with no autoload, and only aug_text_store /
 * aug_text_retrieve move text in and out. */
#include <augeas.h>
#include <errno.h>
#include <string.h>

#include "augeas-util.h"

struct augeas_session {
	augeas *aug;
};

struct augeas_session *augeas_session_new(void)
{
	struct augeas_session *s = xcalloc(1, sizeof(*s));
	return s;
}

struct augeas_session *augeas_session_free(struct augeas_session *s)
{
	if (!s)
		return NULL;
	if (s->aug)
		aug_close(s->aug);
	free(s);
	return NULL;
}

static int session_open(struct augeas_session *s, char **ret_error)
{
	if (s->aug)
		return 0;
	/* A root that cannot exist: augeas must never reach the host's files from here. */
	s->aug = aug_init("/nonexistent/dockward-augeas-text-only", NULL,
			  AUG_NO_LOAD | AUG_NO_MODL_AUTOLOAD | AUG_NO_ERR_CLOSE);
	if (!s->aug || aug_error(s->aug) != AUG_NOERROR) {
		*ret_error = xasprintf("augeas could not start%s%s", s->aug ? ": " : "",
				       s->aug ? aug_error_message(s->aug) : "");
		if (s->aug)
			aug_close(s->aug);
		s->aug = NULL;
		return -EIO;
	}
	return 0;
}

/* The parse error of the last text store, as "line L, char C: message". */
static char *store_error(augeas *aug)
{
	const char *msg = NULL, *line = NULL, *chr = NULL;
	aug_get(aug, "/augeas/text/t/error/message", &msg);
	aug_get(aug, "/augeas/text/t/error/line", &line);
	aug_get(aug, "/augeas/text/t/error/char", &chr);
	if (msg)
		return xasprintf("line %s, char %s: %s", line ? line : "?", chr ? chr : "?", msg);
	const char *minor = aug_error_minor_message(aug);
	return xasprintf("%s%s%s", aug_error_message(aug), minor ? ": " : "", minor ? minor : "");
}

static int store(struct augeas_session *s, const char *lens, const char *text, char **ret_error)
{
	int r = session_open(s, ret_error);
	if (r < 0)
		return r;
	aug_rm(s->aug, "/t");
	aug_rm(s->aug, "/text");
	aug_rm(s->aug, "/augeas/text");
	if (aug_set(s->aug, "/text", text) < 0) {
		*ret_error = xstrdup(aug_error_message(s->aug));
		return -EIO;
	}
	if (aug_text_store(s->aug, lens, "/text", "/t") < 0) {
		*ret_error = store_error(s->aug);
		return -EINVAL;
	}
	return 0;
}

int augeas_edit_text(struct augeas_session *s, const char *lens, const char *text,
		     const struct augeas_op *ops, size_t n_ops, char **ret, char **ret_error)
{
	*ret = NULL;
	*ret_error = NULL;
	int r = store(s, lens, text, ret_error);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n_ops; i++) {
		_cleanup_free_ char *p = xasprintf("/t/%s", ops[i].path);
		int k = ops[i].kind == AUGEAS_SET ? aug_set(s->aug, p, ops[i].value)
						  : aug_rm(s->aug, p);
		if (k < 0) {
			const char *minor = aug_error_minor_message(s->aug);
			*ret_error = xasprintf("%s %s: %s%s%s",
					       ops[i].kind == AUGEAS_SET ? "set" : "remove",
					       ops[i].path, aug_error_message(s->aug),
					       minor ? ": " : "", minor ? minor : "");
			return -EINVAL;
		}
	}
	aug_rm(s->aug, "/out");
	if (aug_text_retrieve(s->aug, lens, "/text", "/t", "/out") < 0) {
		const char *msg = NULL;
		aug_get(s->aug, "/augeas/text/out/error/message", &msg);
		if (!msg)
			aug_get(s->aug, "/augeas/text/t/error/message", &msg);
		*ret_error = xasprintf("the edited tree does not render with %s: %s", lens,
				       msg ? msg : aug_error_message(s->aug));
		return -EINVAL;
	}
	const char *out = NULL;
	aug_get(s->aug, "/out", &out);
	*ret = xstrdup(out ? out : "");
	return 0;
}

int augeas_match_text(struct augeas_session *s, const char *lens, const char *text,
		      const char *path, char ***ret, char **ret_error)
{
	*ret = NULL;
	*ret_error = NULL;
	int r = store(s, lens, text, ret_error);
	if (r < 0)
		return r;
	_cleanup_free_ char *p = xasprintf("/t/%s", path);
	char **matches = NULL;
	int n = aug_match(s->aug, p, &matches);
	if (n < 0) {
		*ret_error = xasprintf("match %s: %s", path, aug_error_message(s->aug));
		return -EINVAL;
	}
	char **v = xcalloc(1, sizeof(char *));
	for (int i = 0; i < n; i++) {
		const char *val = NULL;
		aug_get(s->aug, matches[i], &val);
		strv_extend(&v, val ? val : "");
		free(matches[i]);
	}
	free(matches);
	*ret = v;
	return 0;
}
