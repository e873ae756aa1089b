/* The WAL-gathering VFS (sqlite_walbuf.h says what and why). Every method but a WAL file's
 * writes is the default VFS's own, called on the file it opened (placed right after ours). */
#include "base/base.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>

#include "store/sqlite_walbuf.h"

#define WALBUF_NAME "motcua-walbuf"
/* Gathered bytes at most per WAL file; a run that would pass it is written first. A group commit
 * of eight intakes is ~100 pages of 4 KiB. */
#define WALBUF_MAX (1024 * 1024)
/* SQLite's WAL write lock: slot 0 of the WAL index's locks (wal.c, WAL_WRITE_LOCK). */
#define WAL_WRITE_SLOT 0

struct wb_file {
	sqlite3_file base; /* pMethods: &wb_methods once open */
	sqlite3_file *real; /* the default VFS's file, in the same allocation, after this struct */
	/* A WAL file gathers; its database file (db) knows it (wal), to write what is gathered
	 * before the WAL's write lock is released. */
	struct wb_file *db, *wal;
	bool gather;
	unsigned char *buf;
	size_t len, cap;
	sqlite3_int64 at; /* the file offset of buf[0] */
};

static sqlite3_vfs wb_vfs;
static sqlite3_vfs *real_vfs;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool registered;
static _Atomic uint64_t n_writes, n_gathered;

/* The most the default VFS is given in one write: its unix write masks a length to 17 bits
 * (os_unix.c seekAndWriteFd, "nBuf &= 0x1ffff"), so a longer run must go in pieces below that; a
 * run of exactly 128 KiB would be written as nothing and reported as a full disk. */
#define WRITE_PIECE (31 * 4096)

/* Writes n bytes at off to the default VFS's file in pieces of WRITE_PIECE at most. Every write
 * of every file goes so, not only a gathered run: SQLite itself writes longer runs to files other
 * than the WAL, such as a statement journal that spills from memory (its one chunk of
 * STMT_JOURNAL_MEMORY bytes, 1 MiB, store/db_sqlite.c), which the default VFS wrote as nothing
 * and answered "database or disk is full" (issue 22; tests/unit/test_store_db.c
 * test_big_statement). */
static int write_pieces(struct wb_file *f, const void *p, size_t n, sqlite3_int64 off)
{
	int rc = SQLITE_OK;
	for (size_t done = 0; done < n && rc == SQLITE_OK;) {
		size_t k = n - done < WRITE_PIECE ? n - done : WRITE_PIECE;
		rc = f->real->pMethods->xWrite(f->real, (const unsigned char *)p + done, (int)k,
					       off + (sqlite3_int64)done);
		if (f->gather)
			atomic_fetch_add_explicit(&n_writes, 1, memory_order_relaxed);
		done += k;
	}
	return rc;
}

/* Writes the gathered run, in as few calls of the default VFS as it takes. */
static int flush(struct wb_file *f)
{
	int rc = write_pieces(f, f->buf, f->len, f->at);
	f->len = 0;
	return rc;
}

static struct wb_file *of(sqlite3_file *pf)
{
	return (struct wb_file *)(void *)pf;
}

static int wb_close(sqlite3_file *pf)
{
	struct wb_file *f = of(pf);
	int rc = flush(f);
	if (f->db && f->db->wal == f)
		f->db->wal = NULL;
	if (f->wal && f->wal->db == f)
		f->wal->db = NULL;
	free(f->buf);
	f->buf = NULL;
	int rc2 = f->real->pMethods->xClose(f->real);
	return rc ? rc : rc2;
}

static int wb_read(sqlite3_file *pf, void *p, int n, sqlite3_int64 off)
{
	struct wb_file *f = of(pf);
	int rc = flush(f);
	return rc ? rc : f->real->pMethods->xRead(f->real, p, n, off);
}

/* Makes room for n more bytes (within WALBUF_MAX); false when memory is short. */
static bool room(struct wb_file *f, size_t n)
{
	if (f->len + n <= f->cap)
		return true;
	size_t cap = f->cap ? f->cap : 64 * 1024;
	while (cap < f->len + n)
		cap *= 2;
	if (cap > WALBUF_MAX)
		cap = WALBUF_MAX;
	unsigned char *b = realloc(f->buf, cap);
	if (!b)
		return false;
	f->buf = b;
	f->cap = cap;
	return true;
}

static int wb_write(sqlite3_file *pf, const void *p, int n, sqlite3_int64 off)
{
	struct wb_file *f = of(pf);
	if (n > WRITE_PIECE && (!f->gather || !f->len))
		return write_pieces(f, p, (size_t)n, off);
	if (!f->gather || n <= 0)
		return f->real->pMethods->xWrite(f->real, p, n, off);
	int rc = SQLITE_OK;
	if (f->len && (off != f->at + (sqlite3_int64)f->len || (size_t)n > WALBUF_MAX - f->len))
		rc = flush(f); /* not the run's continuation, or past the cap: the run goes first */
	if (rc)
		return rc;
	if ((size_t)n > WRITE_PIECE || !room(f, (size_t)n)) {
		atomic_fetch_add_explicit(&n_gathered, 1, memory_order_relaxed);
		return write_pieces(f, p, (size_t)n, off);
	}
	if (!f->len)
		f->at = off;
	memcpy(f->buf + f->len, p, (size_t)n);
	f->len += (size_t)n;
	atomic_fetch_add_explicit(&n_gathered, 1, memory_order_relaxed);
	return SQLITE_OK;
}

static int wb_truncate(sqlite3_file *pf, sqlite3_int64 size)
{
	struct wb_file *f = of(pf);
	int rc = flush(f);
	return rc ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int wb_sync(sqlite3_file *pf, int flags)
{
	struct wb_file *f = of(pf);
	int rc = flush(f);
	return rc ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int wb_file_size(sqlite3_file *pf, sqlite3_int64 *size)
{
	struct wb_file *f = of(pf);
	int rc = flush(f);
	return rc ? rc : f->real->pMethods->xFileSize(f->real, size);
}

static int wb_lock(sqlite3_file *pf, int level)
{
	return of(pf)->real->pMethods->xLock(of(pf)->real, level);
}

static int wb_unlock(sqlite3_file *pf, int level)
{
	return of(pf)->real->pMethods->xUnlock(of(pf)->real, level);
}

static int wb_check_reserved(sqlite3_file *pf, int *out)
{
	return of(pf)->real->pMethods->xCheckReservedLock(of(pf)->real, out);
}

static int wb_file_control(sqlite3_file *pf, int op, void *arg)
{
	struct wb_file *f = of(pf);
	int rc = flush(f);
	return rc ? rc : f->real->pMethods->xFileControl(f->real, op, arg);
}

static int wb_sector_size(sqlite3_file *pf)
{
	return of(pf)->real->pMethods->xSectorSize(of(pf)->real);
}

static int wb_device(sqlite3_file *pf)
{
	return of(pf)->real->pMethods->xDeviceCharacteristics(of(pf)->real);
}

static int wb_shm_map(sqlite3_file *pf, int region, int size, int extend, void volatile **out)
{
	sqlite3_file *r = of(pf)->real;
	return r->pMethods->iVersion >= 2 ? r->pMethods->xShmMap(r, region, size, extend, out)
					  : SQLITE_IOERR;
}

/* The database file's WAL index locks. Before the WAL's write lock is released (a commit's end,
 * or a rollback's), this connection's gathered WAL bytes are written: the next writer, on
 * another connection, may write frames at the same offsets. */
static int wb_shm_lock(sqlite3_file *pf, int ofst, int n, int flags)
{
	struct wb_file *f = of(pf);
	if (f->wal && (flags & SQLITE_SHM_UNLOCK) && ofst <= WAL_WRITE_SLOT &&
	    WAL_WRITE_SLOT < ofst + n) {
		int rc = flush(f->wal);
		if (rc)
			return rc;
	}
	sqlite3_file *r = f->real;
	return r->pMethods->iVersion >= 2 ? r->pMethods->xShmLock(r, ofst, n, flags) : SQLITE_IOERR;
}

static void wb_shm_barrier(sqlite3_file *pf)
{
	sqlite3_file *r = of(pf)->real;
	if (r->pMethods->iVersion >= 2)
		r->pMethods->xShmBarrier(r);
}

static int wb_shm_unmap(sqlite3_file *pf, int delete_flag)
{
	sqlite3_file *r = of(pf)->real;
	return r->pMethods->iVersion >= 2 ? r->pMethods->xShmUnmap(r, delete_flag) : SQLITE_OK;
}

static int wb_fetch(sqlite3_file *pf, sqlite3_int64 off, int n, void **out)
{
	struct wb_file *f = of(pf);
	int rc = flush(f);
	if (rc)
		return rc;
	if (f->real->pMethods->iVersion < 3) {
		*out = NULL;
		return SQLITE_OK;
	}
	return f->real->pMethods->xFetch(f->real, off, n, out);
}

static int wb_unfetch(sqlite3_file *pf, sqlite3_int64 off, void *p)
{
	sqlite3_file *r = of(pf)->real;
	return r->pMethods->iVersion >= 3 ? r->pMethods->xUnfetch(r, off, p) : SQLITE_OK;
}

static const sqlite3_io_methods wb_methods = {
	.iVersion = 3,
	.xClose = wb_close,
	.xRead = wb_read,
	.xWrite = wb_write,
	.xTruncate = wb_truncate,
	.xSync = wb_sync,
	.xFileSize = wb_file_size,
	.xLock = wb_lock,
	.xUnlock = wb_unlock,
	.xCheckReservedLock = wb_check_reserved,
	.xFileControl = wb_file_control,
	.xSectorSize = wb_sector_size,
	.xDeviceCharacteristics = wb_device,
	.xShmMap = wb_shm_map,
	.xShmLock = wb_shm_lock,
	.xShmBarrier = wb_shm_barrier,
	.xShmUnmap = wb_shm_unmap,
	.xFetch = wb_fetch,
	.xUnfetch = wb_unfetch,
};

static int wb_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *pf, int flags,
		   int *out_flags)
{
	MC_UNUSED(vfs);
	struct wb_file *f = of(pf);
	memset(f, 0, sizeof(*f));
	f->real = (sqlite3_file *)(void *)(f + 1);
	int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK)
		return rc; /* pMethods stays NULL: SQLite will not call xClose */
	f->base.pMethods = &wb_methods;
	if ((flags & SQLITE_OPEN_WAL) && name) {
		/* Gathers only when its database file is ours, for the write lock's hook. */
		sqlite3_file *db = sqlite3_database_file_object(name);
		if (db && db->pMethods == &wb_methods) {
			f->db = of(db);
			f->db->wal = f;
			f->gather = true;
		}
	}
	return SQLITE_OK;
}

static int wb_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
	MC_UNUSED(v);
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int wb_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	MC_UNUSED(v);
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int wb_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out)
{
	MC_UNUSED(v);
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *wb_dlopen(sqlite3_vfs *v, const char *name)
{
	MC_UNUSED(v);
	return real_vfs->xDlOpen(real_vfs, name);
}

static void wb_dlerror(sqlite3_vfs *v, int n, char *out)
{
	MC_UNUSED(v);
	real_vfs->xDlError(real_vfs, n, out);
}

static void (*wb_dlsym(sqlite3_vfs *v, void *h, const char *sym))(void)
{
	MC_UNUSED(v);
	return real_vfs->xDlSym(real_vfs, h, sym);
}

static void wb_dlclose(sqlite3_vfs *v, void *h)
{
	MC_UNUSED(v);
	real_vfs->xDlClose(real_vfs, h);
}

static int wb_randomness(sqlite3_vfs *v, int n, char *out)
{
	MC_UNUSED(v);
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int wb_sleep(sqlite3_vfs *v, int us)
{
	MC_UNUSED(v);
	return real_vfs->xSleep(real_vfs, us);
}

static int wb_current_time(sqlite3_vfs *v, double *out)
{
	MC_UNUSED(v);
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int wb_last_error(sqlite3_vfs *v, int n, char *out)
{
	MC_UNUSED(v);
	return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, n, out) : 0;
}

static int wb_current_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	MC_UNUSED(v);
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static void register_vfs(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs || real_vfs->iVersion < 2)
		return;
	wb_vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(struct wb_file) + real_vfs->szOsFile,
		.mxPathname = real_vfs->mxPathname,
		.zName = WALBUF_NAME,
		.xOpen = wb_open,
		.xDelete = wb_delete,
		.xAccess = wb_access,
		.xFullPathname = wb_full_pathname,
		.xDlOpen = wb_dlopen,
		.xDlError = wb_dlerror,
		.xDlSym = wb_dlsym,
		.xDlClose = wb_dlclose,
		.xRandomness = wb_randomness,
		.xSleep = wb_sleep,
		.xCurrentTime = wb_current_time,
		.xGetLastError = wb_last_error,
		.xCurrentTimeInt64 = wb_current_time64,
	};
	registered = sqlite3_vfs_register(&wb_vfs, 0) == SQLITE_OK;
}

const char *sqlite_walbuf_vfs(void)
{
	pthread_once(&once, register_vfs);
	return registered ? WALBUF_NAME : NULL;
}

void sqlite_walbuf_stats(struct sqlite_walbuf_stats *out)
{
	out->writes = atomic_load_explicit(&n_writes, memory_order_relaxed);
	out->gathered = atomic_load_explicit(&n_gathered, memory_order_relaxed);
}
