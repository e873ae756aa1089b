/* Error names, the aborting allocators, the string copy and the thread names declared in base.h. */
#undef _POSIX_C_SOURCE
#define _GNU_SOURCE /* pthread_setname_np */
#include "base/base.h"

#include <pthread.h>
#include <time.h>

const char *mc_err_name(enum mc_err err)
{
	switch (err) {
	case MC_OK: return "ok";
	case MC_EINVAL: return "invalid";
	case MC_ENOTFOUND: return "not found";
	case MC_ECONFLICT: return "conflict";
	case MC_EFORBIDDEN: return "forbidden";
	case MC_EAUTH: return "unauthenticated";
	case MC_ETOOMANY: return "too many";
	case MC_ETOOBIG: return "too big";
	case MC_EDB: return "database";
	case MC_EIO: return "io";
	case MC_EBUSY: return "busy";
	case MC_EMEDIA: return "unsupported media";
	case MC_EINTERNAL: return "internal";
	}
	return "unknown";
}

static void die_oom(size_t n)
{
	fprintf(stderr, "motcua: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (!p)
		die_oom(count * n);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

bool str_copy(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strnlen(src, cap) : 0;
	bool fits = n < cap;
	if (!fits)
		n = cap - 1;
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
	return fits;
}

void thread_name(const char *name)
{
	char cut[16];
	str_copy(cut, sizeof(cut), name);
	pthread_setname_np(pthread_self(), cut);
}

static int64_t ms_of(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t wall_ms(void)
{
	return ms_of(CLOCK_REALTIME);
}

int64_t mono_ms(void)
{
	return ms_of(CLOCK_MONOTONIC);
}
