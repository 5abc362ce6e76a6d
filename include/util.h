/* util.h: allocation, cleanup helpers, strings and safe number parsing.
 *
 * Owns the x-allocation family (OOM aborts: a hardening tool that runs out of memory has nothing
 * sensible left to do), the GNU cleanup-attribute helpers used everywhere, a growable string
 * buffer and NULL-terminated string vectors. Nothing here does I/O on the host; see host.h. */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Built as C11 with GNU extensions (CMake C_EXTENSIONS ON) for __attribute__((cleanup)). */
#define _cleanup_(f) __attribute__((cleanup(f)))
#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_strv_free_ _cleanup_(strv_freep)
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _unused_ __attribute__((unused))

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))
#define TAKE_PTR(p)                                                                                \
	({                                                                                         \
		__typeof__(p) _p_ = (p);                                                           \
		(p) = NULL;                                                                        \
		_p_;                                                                               \
	})
#define STREQ(a, b) (strcmp((a), (b)) == 0)
/* STREQ where either may be NULL (two NULLs are equal). */
static inline bool streq_ptr(const char *a, const char *b)
{
	return a && b ? STREQ(a, b) : a == b;
}

static inline void freep(void *p)
{
	free(*(void **)p);
}

/* Allocation: never return NULL; abort on OOM, on size 0 and on multiplication overflow. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) _printf_(1, 2);
char *xvasprintf(const char *fmt, va_list ap) _printf_(1, 0);
/* xstrdup(s) or NULL when s is NULL. */
char *xstrdup_or_null(const char *s);

/* Grow *array (of *n elements of size) by one zeroed element; returns a pointer to it. */
void *xgrow(void *array_p, size_t *n, size_t size);
#define GROW(array, n) ((__typeof__(*(array)) *)xgrow(&(array), &(n), sizeof(*(array))))

/* strbuf: a growable NUL-terminated string. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
#define STRBUF_INIT {NULL, 0, 0}
void strbuf_add(struct strbuf *sb, const char *s, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) _printf_(2, 3);
/* Hands the buffer to the caller (never NULL: "" when empty); the strbuf is reset. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

/* strv: NULL-terminated vectors of heap strings. */
size_t strv_length(char *const *v);
void strv_push(char ***v, char *s); /* takes s */
void strv_extend(char ***v, const char *s);
void strv_extendf(char ***v, const char *fmt, ...) _printf_(2, 3);
#define STRV_FOREACH(s, l) for (char **s = (l); s && *s; s++)
bool strv_contains(char *const *v, const char *s);
char *strv_join(char *const *v, const char *sep);
/* Sorts v in place (strcmp order). */
void strv_sort(char **v);
char **strv_free(char **v);
static inline void strv_freep(char ***v)
{
	strv_free(*v);
}

/* Safe parsing: whole string, no sign surprises, range checked. 0 or -EINVAL / -ERANGE. */
int parse_int64(const char *s, int64_t *ret);
int parse_uint64(const char *s, uint64_t *ret);
int parse_uint32(const char *s, uint32_t *ret);
/* Octal permission bits "0644" / "644" (at most 07777). */
int parse_mode(const char *s, uint32_t *ret);

bool startswith(const char *s, const char *prefix);
bool endswith(const char *s, const char *suffix);
/* Trims ASCII whitespace in place; returns s. */
char *strstrip(char *s);
/* Glob match (fnmatch without flags) for small patterns. */
bool glob_match(const char *pattern, const char *s);

/* Time: now in seconds, or a fixed clock from the caller. ISO-8601 UTC "YYYY-MM-DDTHH:MM:SSZ". */
void format_iso8601(int64_t epoch, char buf[static 32]);
/* Parses "YYYY-MM-DD" (end of that day, UTC) into epoch seconds. 0 or -EINVAL. */
int parse_date(const char *s, int64_t *ret);

/* Hex sha256 of a buffer (64 chars + NUL). */
void sha256_hex(const void *data, size_t len, char ret[static 65]);

/* Reads a user-supplied file (not a host file: a path given on the command line, named by
 * `extends`, or a report to compare): open, fstat, refuse anything but a regular file (-EISDIR
 * for directories, -EINVAL for others), -EFBIG beyond max bytes, then a bounded read to EOF.
 * *ret is NUL-terminated and freed by the caller; *ret_st (may be NULL) identifies the file
 * for cycle detection. 0 or -errno. (src/util/read-file.c) */
struct stat;
int read_regular_file(const char *path, size_t max, char **ret, size_t *ret_len,
		      struct stat *ret_st);

/* Writes all len bytes of data to fd (retrying short writes and EINTR). 0 or -errno.
 * (src/util/fd-write.c) */
int write_all(int fd, const void *data, size_t len);
/* PREFIX followed by 6 random letters and digits (not created), in *ret. 0 or -errno. */
int random_temp_name(const char *prefix, char **ret);
/* Creates a new file PREFIX + 6 random letters and digits in dirfd (O_CREAT|O_EXCL|O_NOFOLLOW,
 * mode before the umask), retrying on a name that exists. Returns the fd open for writing with
 * *ret_name set (the caller frees it), or -errno. */
int open_temp_at(int dirfd, const char *prefix, unsigned mode, char **ret_name);
