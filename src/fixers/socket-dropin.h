/* socket-dropin.h: the docker.socket drop-in that file_mode and file_owner share (private to
 * src/fixers/).
 *
 * chmod/chown of /run/docker.sock lasts until systemd creates the socket again (a restart of
 * docker.socket, a reboot): SocketMode=, SocketUser= and SocketGroup= in a drop-in make the
 * change persist. Both fixers write the same file (DOCKWARD_SOCKET_DROPIN), so the editor merges
 * keys into one [Socket] section instead of writing the file twice. */
#pragma once

#include <stdbool.h>

#include "fixer.h"

/* Sets key=value in the last [section] of a systemd unit file's text (text may be NULL: a new
 * file). The last assignment of key in that section is replaced in place; a new key goes before
 * the first key of `order` (NULL-terminated, may be NULL) that sorts after it in that order,
 * else after the section's last assignment; a missing section is appended. Lines it does not
 * change are kept byte for byte. *ret is the new text (the caller frees it). 0, or -EINVAL when
 * key or value contain a newline or the text ends inside a continued line. */
int unit_text_set(const char *text, const char *section, const char *key, const char *value,
		  const char *const *order, char **ret);

/* Plans key=value in the drop-in of `unit` (only "docker.socket" is supported: the drop-in path
 * is fixed) when that unit exists under the root, and `systemctl daemon-reload` when live and
 * PID 1 is systemd. Returns true when the drop-in is (or already was) planned, false when the
 * unit does not exist here (nothing to persist) or the drop-in cannot be edited (noted). */
bool socket_dropin_set(struct plan_builder *pb, const struct rule *r, const char *unit,
		       const char *key, const char *value);

/* For validate(): 0 when the fix map's socket_unit is absent or "docker.socket". */
int socket_dropin_validate(const struct value *fix, const char *file, struct diags *diags);
