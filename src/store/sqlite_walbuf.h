/* A SQLite VFS over the default one that gathers a connection's writes to its WAL file and hands
 * them to the file system at the next sync, as one write per contiguous run, instead of two
 * pwrite calls per page (a frame's 24-byte header, then the page). Issue 22: a group commit of
 * four intakes wrote ~28 pages per intake that way, and on this virtual machine a system call is
 * dear (its kernel time was half of an intake's CPU).
 *
 * Why it is safe: SQLite makes frames visible to other connections only through the WAL index's
 * header, which a commit writes after the frames and, with synchronous=FULL (every connection of
 * the pool, store/db_sqlite.c), after syncing the WAL; the sync writes what is gathered first. A
 * connection reads its own uncommitted frames (a spilled cache) back through the same file
 * handle, and every operation that observes the file (read, size, truncate, sync, close, a file
 * control) writes what is gathered first. A write that does not continue the gathered run (a
 * frame rewritten in place, the WAL's header after a reset) writes the run first. So the bytes,
 * their order on this handle and their durability at each commit are those of the default VFS;
 * only the number of calls changes. Files other than WAL files pass straight through, a write
 * longer than the default VFS takes in one call split in pieces (sqlite_walbuf.c WRITE_PIECE).
 *
 * Never use it for a connection with synchronous below FULL: there a commit's frames would be
 * visible to others before they were written. */
#ifndef MC_SQLITE_WALBUF_H
#define MC_SQLITE_WALBUF_H

#include "base/base.h"

/* The VFS's name, registered once (not as the default) over the default VFS; NULL if SQLite
 * could not register it (then callers use the default VFS). */
const char *sqlite_walbuf_vfs(void);

/* Process-wide counts since start, for tests and profiles: runs written to WAL files by the
 * gathering (writes), and the SQLite writes they carried (gathered). */
struct sqlite_walbuf_stats {
	uint64_t writes, gathered;
};
void sqlite_walbuf_stats(struct sqlite_walbuf_stats *out);

#endif
