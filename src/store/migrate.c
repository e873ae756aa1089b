/* Applies embedded migrations "sql/sqlite/NNNN_name.sql" (or "sql/pg/…" on PostgreSQL) in numeric
 * order, each in one write transaction with its version. SQLite keeps the version in user_version;
 * PostgreSQL in the table schema_version, and there the whole run holds a session advisory lock,
 * so that instances starting together migrate once (the others wait, then find nothing to do). It
 * does not seed data: that is svc/seed.c's work. */
#include "base/base.h"

#include "base/embed.h"
#include "base/log.h"
#include "store/migrate.h"

static const char SQL_USER_VERSION[] = "PRAGMA user_version";
static const char SQL_PG_VERSION[] = "SELECT coalesce(max(version), 0) FROM schema_version";
static const char PG_VERSION_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at "
	"TIMESTAMPTZ NOT NULL DEFAULT now())";
static const char SQL_PG_HAS_VERSIONS[] = "SELECT to_regclass('schema_version') IS NOT NULL";
static const char PG_LOCK[] = "SELECT pg_advisory_lock(7236952019)";
static const char PG_UNLOCK[] = "SELECT pg_advisory_unlock(7236952019)";
static const char SQL_PG_SET_VERSION[] = "INSERT INTO schema_version (version) VALUES ($1)";

/* PostgreSQL: whether the version table exists (a check creates nothing). */
static enum mc_err pg_has_versions(struct db *db, bool *has)
{
	struct db_stmt *st = db_prepare(db, SQL_PG_HAS_VERSIONS);
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step_one(st);
	*has = !err && db_col_int(st, 0) != 0;
	return err ? err : db_run(st);
}

enum mc_err migrate_version(struct db *db, int *version)
{
	bool row, has = true;
	*version = 0;
	if (db_is_pg(db)) {
		enum mc_err err = pg_has_versions(db, &has);
		if (err || !has)
			return err;
	}
	struct db_stmt *st = db_prepare(db, db_is_pg(db) ? SQL_PG_VERSION : SQL_USER_VERSION);
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*version = row ? (int)db_col_int(st, 0) : 0;
	return db_run(st);
}

/* The number of an embedded migration, or -1 when the name is not one. */
static int migration_number(const char *prefix, const char *name)
{
	size_t plen = strlen(prefix);
	if (strncmp(name, prefix, plen) != 0)
		return -1;
	int n = 0;
	const char *p = name + plen;
	for (int i = 0; i < 4; i++, p++) {
		if (*p < '0' || *p > '9')
			return -1;
		n = n * 10 + (*p - '0');
	}
	return *p == '_' ? n : -1;
}

static enum mc_err record_version(struct db *db, int number)
{
	char pragma[64];
	if (!db_is_pg(db)) {
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", number);
		return db_exec(db, pragma);
	}
	struct db_stmt *st = db_prepare(db, SQL_PG_SET_VERSION);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, number);
	return db_run(st);
}

static enum mc_err apply_one(struct db *db, int number, const struct embed_file *f)
{
	enum mc_err err = db_begin_write(db);
	if (err)
		return err;
	err = db_exec(db, (const char *)f->data);
	if (!err)
		err = record_version(db, number);
	if (!err)
		err = db_commit(db);
	if (err) {
		db_rollback(db);
		log_error("migration \"%s\" failed", f->name);
	}
	return err;
}

static enum mc_err apply_pending(struct db *db, int *applied)
{
	const char *prefix = db_is_pg(db) ? "sql/pg/" : "sql/sqlite/";
	int version = 0;
	enum mc_err err = db_is_pg(db) ? db_exec(db, PG_VERSION_TABLE) : MC_OK;
	if (!err)
		err = migrate_version(db, &version);
	if (err)
		return err;
	for (int next = version + 1;; next++) {
		const struct embed_file *found = NULL;
		for (const struct embed_file *f = embed_files; f->name; f++)
			if (migration_number(prefix, f->name) == next)
				found = f;
		if (!found) {
			/* A gap must not hide later migrations. */
			for (const struct embed_file *f = embed_files; f->name; f++)
				if (migration_number(prefix, f->name) > next) {
					log_error("migration %04d is missing before \"%s\"", next, f->name);
					return MC_EINTERNAL;
				}
			break;
		}
		err = apply_one(db, next, found);
		if (err)
			return err;
		(*applied)++;
	}
	return MC_OK;
}

enum mc_err migrate_apply(struct db *db, int *applied)
{
	*applied = 0;
	if (!db_is_pg(db))
		return apply_pending(db, applied);
	enum mc_err err = db_exec(db, PG_LOCK);
	if (err)
		return err;
	err = apply_pending(db, applied);
	enum mc_err unlock = db_exec(db, PG_UNLOCK);
	return err ? err : unlock;
}
