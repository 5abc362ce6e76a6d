/* fuzz-baseline.c: libFuzzer target for the baseline loader and dumper.
 *
 * Loads the input as a baseline (baseline_load_buffer), and when it loads, checks the dump
 * round trip on it: dump, load the dump, dump again, and the two dumps must be identical (a
 * dump larger than BASELINE_FILE_MAX is the one excuse: params can expand). A
 * loader that accepts something its own dumper cannot reproduce is a bug worth a crash.
 * Everything is freed, so leaks show up (-detect_leaks=1, the default). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"

/* Relative `extends` paths resolve against the directory of this name, which does not exist:
 * the target never reads the developer's files. */
#define NAME "/nonexistent/fuzz-baseline/fuzz.yaml"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dump(const struct baseline *b, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (!f || baseline_dump(b, f) < 0 || fclose(f) != 0)
		abort();
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = {0};
	struct baseline *b = NULL;
	int r = baseline_load_buffer(NAME, (const char *)data, size, &d, &b);
	if ((r < 0) != (b == NULL) || (r < 0 && d.n == 0))
		abort(); /* a failure always says why, and never returns a baseline */
	for (size_t i = 0; i < d.n; i++)
		free(diag_format(&d.items[i]));
	diags_release(&d);
	if (!b)
		return 0;

	size_t len1, len2;
	char *one = dump(b, &len1);
	if (len1 > BASELINE_FILE_MAX) { /* substituted params can make a dump outgrow the limit */
		free(one);
		baseline_free(b);
		return 0;
	}
	struct baseline *b2 = NULL;
	r = baseline_load_buffer("dump.yaml", one, len1, &d, &b2);
	if (r < 0) {
		fprintf(stderr, "dump does not load:\n%s\n", one);
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s: %d:%d: %s\n", d.items[i].file, d.items[i].line,
				d.items[i].col, d.items[i].message);
		abort();
	}
	char *two = dump(b2, &len2);
	if (len1 != len2 || memcmp(one, two, len1) != 0) {
		fprintf(stderr, "dumps differ:\n%s\n----\n%s\n", one, two);
		abort();
	}
	free(one);
	free(two);
	baseline_free(b2);
	baseline_free(b);
	return 0;
}
