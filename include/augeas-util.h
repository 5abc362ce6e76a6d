/* augeas-util.h: the one door to augeas, used on text (no file I/O by augeas).
 *
 * Fixers edit configuration files through augeas lenses so that comments, order and layout of
 * what they do not change are kept. Augeas never touches the host here: text goes in, the lens
 * parses it into a tree, the edits run on the tree, and the lens renders text back (aug_text_store
 * and aug_text_retrieve). Lenses load on first use (Sysctl ~2.5 ms, Shellvars ~40 ms), so a
 * session is opened lazily and shared by one plan. Paths in edits are relative to the file's tree:
 * "net.ipv4.ip_forward", "docker/user[. = 'bob']", "DOCKER_OPTS". */
#pragma once

#include <stddef.h>

#include "util.h"

struct augeas_session;

struct augeas_session *augeas_session_new(void);
struct augeas_session *augeas_session_free(struct augeas_session *s);
static inline void augeas_session_freep(struct augeas_session **s)
{
	augeas_session_free(*s);
}

enum augeas_op_kind {
	AUGEAS_SET, /* set the node at path to value (created, with its parents, if missing) */
	AUGEAS_RM,  /* remove every node matching path */
};

struct augeas_op {
	enum augeas_op_kind kind;
	const char *path;
	const char *value;
};

/* Parses text with lens ("Sysctl.lns"), applies ops in order, renders text back into *ret (the
 * caller frees it). 0, or -EINVAL when the text does not parse with the lens or an edit is not
 * valid for it (*ret_error: "line 3, char 5: ..." or augeas's message; the caller frees it), or
 * -ENOMEM/-EIO when augeas failed otherwise. */
int augeas_edit_text(struct augeas_session *s, const char *lens, const char *text,
		     const struct augeas_op *ops, size_t n_ops, char **ret, char **ret_error);

/* Parses text with lens and returns the values of every node matching path (a strv; nodes
 * without a value are ""), in document order. 0 or -EINVAL with *ret_error. */
int augeas_match_text(struct augeas_session *s, const char *lens, const char *text,
		      const char *path, char ***ret, char **ret_error);
