/* alloc.c: the x-allocation family. Out of memory aborts: there is no useful partial audit. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

static void oom(void)
{
	fputs("dockward: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t size)
{
	if (size == 0)
		abort();
	void *p = malloc(size);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	if (n == 0 || size == 0)
		abort();
	void *p = calloc(n, size);
	if (!p)
		oom();
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (n == 0 || size == 0)
		abort();
	void *q = reallocarray(p, n, size);
	if (!q)
		oom();
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);
	if (!p)
		oom();
	return p;
}

char *xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *p;
	if (vasprintf(&p, fmt, ap) < 0)
		oom();
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void *xgrow(void *array_p, size_t *n, size_t size)
{
	void **a = array_p;
	*a = xreallocarray(*a, *n + 1, size);
	char *elem = (char *)*a + *n * size;
	memset(elem, 0, size);
	(*n)++;
	return elem;
}
