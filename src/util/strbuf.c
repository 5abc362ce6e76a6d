/* strbuf.c: growable strings and string vectors. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>
#include <string.h>

#include "util.h"

static void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (extra > SIZE_MAX - sb->len - 1)
		abort();
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	sb->buf = xreallocarray(sb->buf, cap, 1);
	sb->cap = cap;
}

void strbuf_add(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_grow(sb, len);
	if (len)
		memcpy(sb->buf + sb->len, s, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addc(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *s = xvasprintf(fmt, ap);
	va_end(ap);
	strbuf_adds(sb, s);
}

char *strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

size_t strv_length(char *const *v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

void strv_push(char ***v, char *s)
{
	size_t n = strv_length(*v);
	*v = xreallocarray(*v, n + 2, sizeof(char *));
	(*v)[n] = s;
	(*v)[n + 1] = NULL;
}

void strv_extend(char ***v, const char *s)
{
	strv_push(v, xstrdup(s));
}

void strv_extendf(char ***v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strv_push(v, xvasprintf(fmt, ap));
	va_end(ap);
}

bool strv_contains(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (STREQ(v[i], s))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strv_sort(char **v)
{
	size_t n = strv_length(v);
	if (n > 1)
		qsort(v, n, sizeof(char *), cmp_str);
}

char *strv_join(char *const *v, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; v && v[i]; i++) {
		if (i)
			strbuf_adds(&sb, sep);
		strbuf_adds(&sb, v[i]);
	}
	return strbuf_detach(&sb);
}

char **strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
	return NULL;
}
