/* SQLite's allocator with a per-thread cache of freed blocks (sqlite_mem.h says what and why). */
#include "base/base.h"

#include <pthread.h>
#include <sqlite3.h>

#include "store/sqlite_mem.h"

#if defined(__SANITIZE_ADDRESS__)
#define MEM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEM_ASAN 1
#endif
#endif
#ifdef MEM_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Classes: 16-byte steps up to 512 bytes (0..31), then 256-byte steps up to
 * SQLITE_MEM_CLASS_MAX (32..61). */
#define SMALL_MAX 512
#define SMALL_CLASSES (SMALL_MAX / 16)
#define NCLASS (SMALL_CLASSES + (SQLITE_MEM_CLASS_MAX - SMALL_MAX) / 256)
#define NO_CLASS (-1)

/* Before every block: its capacity (what xSize answers) and, while cached, the next cached block
 * of its class. 16 bytes, so the block keeps malloc's 16-byte alignment. */
struct hdr {
	size_t cap;
	struct hdr *next;
};

_Static_assert(sizeof(struct hdr) == 16, "the header keeps 16-byte alignment");

struct tcache {
	struct hdr *head[NCLASS];
	size_t bytes;
	bool keyed; /* the thread-exit destructor is registered for this thread */
	bool dead;  /* the destructor ran: no more caching on this thread */
};

static _Thread_local struct tcache tc;
static pthread_key_t exit_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static bool key_ok;

static int class_of(size_t n)
{
	if (n == 0)
		n = 1;
	if (n <= SMALL_MAX)
		return (int)((n + 15) / 16) - 1;
	if (n <= SQLITE_MEM_CLASS_MAX)
		return SMALL_CLASSES + (int)((n - SMALL_MAX + 255) / 256) - 1;
	return NO_CLASS;
}

static size_t class_cap(int c)
{
	return c < SMALL_CLASSES ? (size_t)(c + 1) * 16
				 : SMALL_MAX + (size_t)(c - SMALL_CLASSES + 1) * 256;
}

/* The bytes asked for (SQLite never asks for 0 or fewer, but a direct call may). */
static size_t want_of(int n)
{
	return n > 0 ? (size_t)n : 1;
}

/* What a block for `want` bytes holds: its class's size, or past the classes `want` in 8s. */
static size_t cap_of(size_t want)
{
	int c = class_of(want);
	return c != NO_CLASS ? class_cap(c) : (want + 7) & ~(size_t)7;
}

static void drain(struct tcache *t)
{
	for (int c = 0; c < NCLASS; c++) {
		while (t->head[c]) {
			struct hdr *h = t->head[c];
			t->head[c] = h->next;
			UNPOISON(h + 1, h->cap);
			free(h);
		}
	}
	t->bytes = 0;
}

static void on_thread_exit(void *arg)
{
	MC_UNUSED(arg);
	tc.dead = true;
	drain(&tc);
}

static void key_init(void)
{
	key_ok = pthread_key_create(&exit_key, on_thread_exit) == 0;
}

void *sqlite_mem_malloc(int n)
{
	size_t want = want_of(n);
	int c = class_of(want);
	if (c != NO_CLASS) {
		struct hdr *h = tc.head[c];
		if (h) {
			tc.head[c] = h->next;
			tc.bytes -= h->cap;
			UNPOISON(h + 1, h->cap);
			return h + 1;
		}
	}
	size_t cap = cap_of(want);
	struct hdr *h = malloc(sizeof(*h) + cap);
	if (!h)
		return NULL;
	h->cap = cap;
	h->next = NULL;
	return h + 1;
}

void sqlite_mem_free(void *p)
{
	if (!p)
		return;
	struct hdr *h = (struct hdr *)p - 1;
	int c = class_of(h->cap);
	if (c == NO_CLASS || tc.dead || tc.bytes + h->cap > SQLITE_MEM_THREAD_BYTES) {
		free(h);
		return;
	}
	if (!tc.keyed) {
		pthread_once(&key_once, key_init);
		/* Without the destructor a thread's cache would outlive it: no caching then. */
		if (!key_ok || pthread_setspecific(exit_key, &tc) != 0) {
			free(h);
			return;
		}
		tc.keyed = true;
	}
	h->next = tc.head[c];
	tc.head[c] = h;
	tc.bytes += h->cap;
	POISON(p, h->cap);
}

int sqlite_mem_size(void *p)
{
	return p ? (int)((struct hdr *)p - 1)->cap : 0;
}

void *sqlite_mem_realloc(void *p, int n)
{
	if (!p)
		return sqlite_mem_malloc(n);
	size_t old = ((struct hdr *)p - 1)->cap;
	size_t want = want_of(n);
	int c = class_of(want);
	if (c != NO_CLASS && c == class_of(old))
		return p;
	if (c == NO_CLASS && class_of(old) == NO_CLASS) {
		size_t cap = cap_of(want);
		struct hdr *h = realloc((struct hdr *)p - 1, sizeof(*h) + cap);
		if (!h)
			return NULL;
		h->cap = cap;
		return h + 1;
	}
	void *q = sqlite_mem_malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old < want ? old : want);
	sqlite_mem_free(p);
	return q;
}

int sqlite_mem_roundup(int n)
{
	return (int)cap_of(want_of(n));
}

static int mem_init(void *arg)
{
	MC_UNUSED(arg);
	return SQLITE_OK;
}

static void mem_shutdown(void *arg)
{
	MC_UNUSED(arg);
}

bool sqlite_mem_install(void)
{
	static const sqlite3_mem_methods methods = {
		sqlite_mem_malloc, sqlite_mem_free,	 sqlite_mem_realloc, sqlite_mem_size,
		sqlite_mem_roundup, mem_init,		 mem_shutdown,	     NULL,
	};
	return sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) == SQLITE_OK;
}

void sqlite_mem_thread_stats(struct sqlite_mem_stats *out)
{
	out->blocks = 0;
	for (int c = 0; c < NCLASS; c++)
		for (const struct hdr *h = tc.head[c]; h; h = h->next)
			out->blocks++;
	out->bytes = tc.bytes;
}
