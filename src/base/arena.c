/* Region allocation in blocks of at least 8 KiB; large requests get a block of their own. The cap
 * is counted here; what going past it means for a request is decided by its users (arena.h). */
#include "base/base.h"

#include <stdarg.h>

#include "base/arena.h"

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

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
		size_t size = n > ARENA_BLOCK / 2 ? n : ARENA_BLOCK;
		b = xmalloc(sizeof(*b) + size);
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

/* Whether fmt converts nothing but strings: text, "%s" and "%%" alone. */
static bool only_strings(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 2, '%'))
		if (p[1] != 's' && p[1] != '%')
			return false;
	return true;
}

/* fmt (only_strings) with its strings, as vsnprintf writes it ("(null)" for a null pointer), into
 * w when not NULL; returns the length either way. vsnprintf costs ~1,000 instructions a call
 * before it writes a byte, and most formats here join a few texts (ids, keys, short JSON details). */
static size_t join_strings(const char *fmt, va_list ap, char *w)
{
	size_t n = 0;
	for (const char *p = fmt; *p;) {
		const char *piece = p;
		size_t len;
		if (*p != '%') { /* text up to the next conversion */
			len = strcspn(p, "%");
			p += len;
		} else if (p[1] == '%') {
			len = 1;
			p += 2;
		} else { /* "%s" (only_strings) */
			piece = va_arg(ap, const char *);
			if (!piece)
				piece = "(null)";
			len = strlen(piece);
			p += 2;
		}
		if (w)
			memcpy(w + n, piece, len);
		n += len;
	}
	if (w)
		w[n] = '\0';
	return n;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (only_strings(fmt)) {
		va_list count;
		va_copy(count, ap);
		char *out = arena_alloc(a, join_strings(fmt, count, NULL) + 1);
		va_end(count);
		join_strings(fmt, ap, out);
		va_end(ap);
		return out;
	}
	va_end(ap);
	/* Formatted once into the stack when it fits (nearly every text: an id, a path, a short JSON
	 * detail), else measured there and formatted again into the arena. */
	char small[512];
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
