/* Region allocation in blocks of at least 8 KiB; large requests get a block of their own. The cap
 * is counted here; what going past it means for a request is decided by its users (arena.h). */
#include "base/base.h"

#include <pthread.h>
#include <stdarg.h>

#include "base/arena.h"
#include "base/fmt.h"

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

/* Blocks of ARENA_BLOCK bytes that arena_release frees are kept for the thread's next arenas, up
 * to SPARES_MAX: a request takes two to four, and each was a malloc of the large bins (which
 * first merges glibc's fast bins) and a free (issue 22). A thread's spares are freed when it ends
 * (the key's destructor); an arena may be released on another thread than the one that filled it
 * (the writer's part of a request), its blocks then go to the releasing thread's spares. */
#define SPARES_MAX 6
struct spares {
	struct arena_block *head;
	int n;
	bool keyed; /* registered with spares_key, for the destructor */
};
static _Thread_local struct spares spares;
static pthread_key_t spares_key;
static pthread_once_t spares_once = PTHREAD_ONCE_INIT;

static void spares_free(void *arg)
{
	struct spares *sp = arg;
	while (sp->head) {
		struct arena_block *b = sp->head;
		sp->head = b->next;
		free(b);
	}
	sp->n = 0;
	sp->keyed = false; /* a block kept after this (another key's destructor) registers again */
}

static void spares_key_make(void)
{
	if (pthread_key_create(&spares_key, spares_free) != 0)
		abort();
}

/* Keeps b (of ARENA_BLOCK bytes) for this thread, or frees it. */
static void spare_put(struct arena_block *b)
{
	if (spares.n >= SPARES_MAX) {
		free(b);
		return;
	}
	if (!spares.keyed) {
		pthread_once(&spares_once, spares_key_make);
		if (pthread_setspecific(spares_key, &spares) != 0) {
			free(b);
			return;
		}
		spares.keyed = true;
	}
	b->next = spares.head;
	spares.head = b;
	spares.n++;
}

static struct arena_block *block_new(size_t size)
{
	if (size == ARENA_BLOCK && spares.head) {
		struct arena_block *b = spares.head;
		spares.head = b->next;
		spares.n--;
		return b;
	}
	return xmalloc(sizeof(struct arena_block) + size);
}

void arena_init_max(struct arena *a, size_t max)
{
	a->head = NULL;
	a->total = 0;
	a->max = max;
	a->over = false;
}

void arena_init(struct arena *a)
{
	arena_init_max(a, ARENA_MAX_DEFAULT);
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		if (b->size == ARENA_BLOCK)
			spare_put(b);
		else
			free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
	a->over = false;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		/* A request of more than half a block gets a block of its own, behind the current one;
		 * one that fits a block takes a whole block (a spare: an intake's 8 KB dossier). */
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = block_new(size);
		b->size = size;
		b->used = 0;
		if (n > ARENA_BLOCK / 2 && a->head) {
			/* Keep the current block in front: it may still have room. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += n;
	a->total += n;
	if (a->max && a->total > a->max)
		a->over = true;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	/* Formatted once into the stack when it fits (nearly every text: an id, a path, a short JSON
	 * detail), else measured there and formatted again into the arena. */
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	fmt_vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
