/* SQLite's memory allocator for motcua: the C library's malloc with a small cache of freed blocks
 * per thread (issue 22, docs/performance.md "SQLite's allocations cached; what decides a run's
 * regime").
 *
 * Debian's SQLite is built with SQLITE_OMIT_LOOKASIDE (`PRAGMA compile_options`), so each of its
 * small allocations (a cursor, a record being built, a value bound, a bit vector of a savepoint)
 * is a malloc and a free: ~150 per intake on the writer's connection, and glibc's own per-thread
 * cache holds only 7 blocks of a size, so most of them went through its arenas (malloc and free
 * were ~6 % of an intake's instructions). Here a freed block goes to a list of its size class on
 * the freeing thread, and the next allocation of that class on that thread takes it back.
 *
 * - Sizes up to SQLITE_MEM_CLASS_MAX bytes are rounded up to a class (16-byte steps to 512, then
 *   256-byte steps); larger ones are plain malloc and free.
 * - Each block carries a 16-byte header (its capacity), so xSize needs no malloc_usable_size and
 *   blocks stay 16-byte aligned.
 * - A thread keeps at most SQLITE_MEM_THREAD_BYTES of freed blocks; beyond that a freed block goes
 *   back to malloc. A thread's cached blocks are freed when it ends.
 * - A block may be freed on another thread than the one that allocated it (a pooled connection
 *   moves between HTTP workers): it then joins that thread's cache; every block came from malloc,
 *   so any thread may give it back.
 * - Under AddressSanitizer a cached block's bytes are poisoned, so a use after free inside SQLite
 *   is still reported.
 *
 * Installed by store/db_sqlite.c before SQLite first initializes (sqlite3_config refuses it
 * after). */
#ifndef MC_SQLITE_MEM_H
#define MC_SQLITE_MEM_H

#include "base/base.h"

#define SQLITE_MEM_CLASS_MAX 8192
#define SQLITE_MEM_THREAD_BYTES (512 * 1024)

/* Installs the allocator (SQLITE_CONFIG_MALLOC); false if SQLite refused (already initialized),
 * when it keeps its own. */
bool sqlite_mem_install(void);

/* For tests: the allocator's methods, called directly (what SQLite calls through its config). */
void *sqlite_mem_malloc(int n);
void sqlite_mem_free(void *p);
void *sqlite_mem_realloc(void *p, int n);
int sqlite_mem_size(void *p);
int sqlite_mem_roundup(int n);

/* For tests and profiles: this thread's cache, in blocks and bytes. */
struct sqlite_mem_stats {
	size_t blocks, bytes;
};
void sqlite_mem_thread_stats(struct sqlite_mem_stats *out);

#endif
