/* The first include of every motcua .c file: feature macros, the standard integer and truth
 * types, the error enum, allocation helpers that abort on failure, and the banned functions. */
#ifndef MC_BASE_H
#define MC_BASE_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One error type for every fallible function. The HTTP status of each kind is decided in exactly
 * one place (http/resp.c, resp_status_of()). */
enum mc_err {
	MC_OK = 0,
	MC_EINVAL,     /* input that parses but is invalid */
	MC_ENOTFOUND,  /* unknown resource, or one the caller may not see */
	MC_ECONFLICT,  /* conflict with the resource's state or version */
	MC_EFORBIDDEN, /* the caller may see it but may not do this */
	MC_EAUTH,      /* not logged in, or wrong credentials */
	MC_ETOOMANY,   /* rate limit reached */
	MC_ETOOBIG,    /* a size limit reached */
	MC_EDB,        /* the database failed */
	MC_EIO,        /* the file system failed */
	MC_EBUSY,      /* a bounded queue is full */
	MC_EMEDIA,     /* a content type that is not accepted */
	MC_EINTERNAL,  /* a bug or an impossible state */
};

/* Returns a short lowercase name of an error kind, for logs. */
const char *mc_err_name(enum mc_err err);

#define MC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MC_UNUSED(x) ((void)(x))

/* Allocation that aborts on failure: callers never check for NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A string view: not NUL-terminated unless said so. */
struct str {
	const char *ptr;
	size_t len;
};

#define STR_LIT(s) ((struct str){(s), sizeof(s) - 1})

static inline struct str str_of(const char *s)
{
	return (struct str){s, s ? strlen(s) : 0};
}

static inline bool str_eq(struct str a, struct str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool str_eq_cstr(struct str a, const char *b)
{
	return str_eq(a, str_of(b));
}

/* Copies the C string src (NULL: "") into dst, a buffer of cap > 0 bytes, cut to cap - 1 bytes when
 * longer; dst is always NUL-terminated. Returns false when src was cut. */
bool str_copy(char *dst, size_t cap, const char *src);

/* Names the calling thread (at most 15 bytes; longer is cut) for top -H, perf and gdb: motcua's
 * own threads are "mc-<role>". */
void thread_name(const char *name);

/* Milliseconds of the wall clock (CLOCK_REALTIME: since 1970, moved by clock changes and by
 * faketime) and of the monotonic clock (CLOCK_MONOTONIC: for ages and timeouts). */
int64_t wall_ms(void);
int64_t mono_ms(void);

#include "base/banned.h"

#endif
