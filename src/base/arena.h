/* A region allocator for request-scoped memory: allocations are freed all at once by
 * arena_release(). Not thread-safe: one arena belongs to one request. Allocation failure aborts.
 *
 * Each arena has a cap on the bytes it hands out, set at creation. An allocation past the cap
 * still succeeds (callers never check for NULL: 300 call sites could not all fail cleanly) but
 * marks the arena over, and what the request does next fails cleanly instead: a database
 * connection bound to the arena (db_bind_arena) answers MC_ETOOBIG to its next step and refuses
 * to commit, and the request's answer is a 413 problem (http/resp.c). What grows with stored data
 * grows row by row, so a request stops within one row (and one allocation) of its cap.
 *
 * The default, 256 MiB, is far above what a request needs: every request of the API tests stays
 * under 200 KiB except the reports (the summary 3.6 MiB; the tracking book 8 MiB for its row
 * table, plus about 0.6 KiB a row: 70 MiB at its 100,000-row maximum), and creating a
 * reorganization takes about 750 bytes a moved dossier (17 MiB for 23,000 dossiers of 116
 * points), so 256 MiB is a decision moving some 350,000 dossiers at once. */
#ifndef MC_ARENA_H
#define MC_ARENA_H

#include "base/base.h"

#define ARENA_MAX_DEFAULT ((size_t)256 << 20)

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total; /* bytes handed out, for limits and metrics */
	size_t max;   /* the cap on total; 0: none */
	bool over;    /* total went past max */
};

/* An empty arena capped at ARENA_MAX_DEFAULT, or at max (0: no cap). */
void arena_init(struct arena *a);
void arena_init_max(struct arena *a, size_t max);
/* True once the arena handed out more than its cap (until arena_release). */
static inline bool arena_over(const struct arena *a)
{
	return a->over;
}
/* Frees every block; the arena can be used again afterwards, with the same cap. */
void arena_release(struct arena *a);
/* Returns n bytes aligned for any type, zeroed (past the cap too, see above). */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
