/* PLACEHOLDER: replaced by the baseline loader. */
#include <errno.h>
#include "baseline.h"
int baseline_load(const char *spec, struct diags *diags, struct baseline **ret)
{
	(void)ret;
	diags_add(diags, spec, 0, 0, "baseline loader not built yet");
	return -ENOSYS;
}
int baseline_load_buffer(const char *name, const char *data, size_t len, struct diags *diags,
			 struct baseline **ret)
{
	(void)data; (void)len; (void)ret;
	diags_add(diags, name, 0, 0, "baseline loader not built yet");
	return -ENOSYS;
}
int waivers_load(const char *path, const struct baseline *b, struct diags *diags,
		 struct waivers *ret)
{
	(void)b; (void)ret;
	diags_add(diags, path, 0, 0, "waivers loader not built yet");
	return -ENOSYS;
}
