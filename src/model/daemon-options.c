/* PLACEHOLDER: replaced by the daemon probe's owner with the full option table. */
#include <string.h>
#include "daemon-options.h"
#define B(x) (&(const struct value){.type = VALUE_BOOL, .b = (x)})
#define S(x) (&(const struct value){.type = VALUE_STRING, .s = (char *)(x)})
const struct daemon_option daemon_options[] = {
	{"icc", "icc", 0, DAEMON_OPT_BOOL, B(true)},
	{"log-level", "log-level", 'l', DAEMON_OPT_STRING, S("info")},
};
const size_t daemon_options_count = ELEMENTSOF(daemon_options);
const struct daemon_option *daemon_option_by_key(const char *key)
{
	for (size_t i = 0; i < daemon_options_count; i++)
		if (STREQ(daemon_options[i].key, key))
			return &daemon_options[i];
	return NULL;
}
const struct daemon_option *daemon_option_by_flag(const char *f)
{
	for (size_t i = 0; i < daemon_options_count; i++)
		if (daemon_options[i].flag && STREQ(daemon_options[i].flag, f))
			return &daemon_options[i];
	return NULL;
}
const struct daemon_option *daemon_option_by_short(char c)
{
	for (size_t i = 0; i < daemon_options_count; i++)
		if (daemon_options[i].short_flag == c)
			return &daemon_options[i];
	return NULL;
}
