/* Applies embedded migrations "sql/sqlite/NNNN_name.sql" in numeric order. It does not seed
 * data: that is svc/seed.c's work. */
#include "base/base.h"

#include "base/embed.h"
#include "base/log.h"
#include "store/migrate.h"

static const char SQL_USER_VERSION[] = "PRAGMA user_version";

enum mc_err migrate_version(struct db *db, int *version)
{
	struct db_stmt *st = db_prepare(db, SQL_USER_VERSION);
	bool row;
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*version = row ? (int)db_col_int(st, 0) : 0;
	return db_run(st);
}

/* The number of an embedded migration, or -1 when the name is not one. */
static int migration_number(const char *name)
{
	const char *prefix = "sql/sqlite/";
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

static enum mc_err apply_one(struct db *db, int number, const struct embed_file *f)
{
	char pragma[64];
	enum mc_err err = db_begin_write(db);
	if (err)
		return err;
	err = db_exec(db, (const char *)f->data);
	if (!err) {
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", number);
		err = db_exec(db, pragma);
	}
	if (!err)
		err = db_commit(db);
	if (err) {
		db_rollback(db);
		log_error("migration \"%s\" failed", f->name);
	}
	return err;
}

enum mc_err migrate_apply(struct db *db, int *applied)
{
	int version = 0;
	*applied = 0;
	enum mc_err err = migrate_version(db, &version);
	if (err)
		return err;
	for (int next = version + 1;; next++) {
		const struct embed_file *found = NULL;
		for (const struct embed_file *f = embed_files; f->name; f++)
			if (migration_number(f->name) == next)
				found = f;
		if (!found) {
			/* A gap must not hide later migrations. */
			for (const struct embed_file *f = embed_files; f->name; f++)
				if (migration_number(f->name) > next) {
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
