/* fuzz-daemon-json.c: libFuzzer target for the daemon.json reader (src/probes/daemon-json.c).
 *
 * daemon.json is hostile input: any bytes at all go through daemon_json_parse(), which must
 * return 0 or -EBADMSG (or -EFBIG), never crash, leak or read outside the buffer (the input is
 * not NUL-terminated here on purpose). On success every key has a value and a position; on
 * failure the position and message are set. The converted values are printed to text, which
 * walks every node once more. Seeds: tests/unit/data/daemon/daemon.json and any corpus. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon-probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy sized exactly, so that ASan catches any read past the end. */
	char *copy = size ? xmalloc(size) : NULL;
	if (size)
		memcpy(copy, data, size);

	struct daemon_json j;
	int r = daemon_json_parse(copy, size, &j);
	if (r == 0) {
		for (size_t i = 0; i < j.n; i++) {
			if (!j.keys[i].key || !j.keys[i].value || j.keys[i].line < 1 ||
			    j.keys[i].col < 1)
				abort();
			free(value_to_text(j.keys[i].value));
		}
		if (j.err_message)
			abort();
	} else if (r == -EBADMSG) {
		if (!j.err_message || j.n != 0 || j.err_line < 1 || j.err_col < 1)
			abort();
	} else if (r != -EFBIG) {
		abort();
	}
	daemon_json_release(&j);
	free(copy);
	return 0;
}
