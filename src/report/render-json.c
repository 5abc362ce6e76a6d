/* PLACEHOLDER: replaced by the json renderer. */
#include <errno.h>
#include "report.h"
static int render(const struct report *r, unsigned flags, FILE *out)
{
	(void)r; (void)flags; (void)out;
	return -ENOSYS;
}
const struct renderer renderer_json = {.name = "json", .render = render};
