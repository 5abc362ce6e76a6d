/* builtin.c: lookup in the table of built-in baselines (generated from baselines/ at build
 * time by cmake/embed-baselines.cmake). Lives beside the generated table, not in the model, so
 * that the model links without it. */
#include "baseline.h"

const struct builtin_baseline *builtin_baseline_find(const char *id)
{
	for (size_t i = 0; i < builtin_baselines_count; i++)
		if (STREQ(builtin_baselines[i].id, id))
			return &builtin_baselines[i];
	return NULL;
}
