/* A region allocator for request-scoped memory: allocations are freed all at once by
 * arena_release(). Not thread-safe: one arena belongs to one request. Allocation failure aborts. */
#ifndef MC_ARENA_H
#define MC_ARENA_H

#include "base/base.h"

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total; /* bytes handed out, for limits and metrics */
};

void arena_init(struct arena *a);
/* Frees every block; the arena can be used again afterwards. */
void arena_release(struct arena *a);
/* Returns n bytes aligned for any type, zeroed. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
