/* PLACEHOLDER: replaced by the text renderer. */
#include <errno.h>
#include "report.h"
static int render(const struct report *r, unsigned flags, FILE *out)
{
	(void)r; (void)flags; (void)out;
	return -ENOSYS;
}
const struct renderer renderer_text = {.name = "text", .render = render};
