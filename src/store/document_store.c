/* SQL for blobs, documents and document_uses. */
#include "base/base.h"

#include "store/document_store.h"

static const char SQL_BLOB_PUT[] =
	"INSERT INTO blobs (sha256, size, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

enum mc_err docstore_blob_put(struct db *db, const char *sha256, int64_t size, int64_t now)
{
	struct db_stmt *st = db_prepare(db, SQL_BLOB_PUT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, sha256, SIZE_MAX);
	db_bind_int(st, 2, size);
	db_bind_int(st, 3, now);
	return db_run(st);
}

static const char SQL_INSERT[] =
	"INSERT INTO documents (id, sha256, size, content_type, filename, owner, uploaded_by, "
	"created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

enum mc_err docstore_insert(struct db *db, const struct document *d)
{
	struct db_stmt *st = db_prepare(db, SQL_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, d->id, SIZE_MAX);
	db_bind_text(st, 2, d->sha256, SIZE_MAX);
	db_bind_int(st, 3, d->size);
	db_bind_text(st, 4, d->content_type, SIZE_MAX);
	db_bind_text(st, 5, d->filename, SIZE_MAX);
	db_bind_text(st, 6, d->owner, SIZE_MAX);
	db_bind_text(st, 7, d->uploaded_by, SIZE_MAX);
	db_bind_int(st, 8, d->created_at);
	return db_run(st);
}

#define DOC_COLUMNS "id, sha256, size, content_type, filename, owner, uploaded_by, created_at "

static void read_doc(struct arena *a, struct db_stmt *st, struct document *d)
{
	db_col_copy(st, 0, d->id, sizeof(d->id));
	db_col_copy(st, 1, d->sha256, sizeof(d->sha256));
	d->size = db_col_int(st, 2);
	db_col_copy(st, 3, d->content_type, sizeof(d->content_type));
	d->filename = arena_strdup(a, db_col_text(st, 4) ? db_col_text(st, 4) : "");
	db_col_copy(st, 5, d->owner, sizeof(d->owner));
	d->uploaded_by = arena_strdup(a, db_col_text(st, 6) ? db_col_text(st, 6) : "");
	d->created_at = db_col_int(st, 7);
}

static const char SQL_GET[] = "SELECT " DOC_COLUMNS "FROM documents WHERE id = $1";

enum mc_err docstore_get(struct db *db, struct arena *a, const char *id, struct document *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, id, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_doc(a, st, out);
	return db_run(st);
}

static const char SQL_USED_BEFORE[] =
	"SELECT count(*) FROM document_uses WHERE document_id = $1 AND dossier_id <> $2";
static const char SQL_USE[] =
	"INSERT INTO document_uses (document_id, dossier_id, role, component_id, reused, created_at) "
	"VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";

enum mc_err docstore_use(struct db *db, const char *doc_id, int64_t dossier_id, const char *role,
			 const char *component_id, int64_t now, bool *reused)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_USED_BEFORE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, doc_id, SIZE_MAX);
	db_bind_int(st, 2, dossier_id);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*reused = *reused || (row && db_col_int(st, 0) > 0);
	err = db_run(st);
	if (err)
		return err;
	st = db_prepare(db, SQL_USE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, doc_id, SIZE_MAX);
	db_bind_int(st, 2, dossier_id);
	db_bind_text(st, 3, role, SIZE_MAX);
	db_bind_text(st, 4, component_id, SIZE_MAX);
	db_bind_int(st, 5, *reused ? 1 : 0);
	db_bind_int(st, 6, now);
	return db_run(st);
}

static const char SQL_USING[] = "SELECT DISTINCT dossier_id FROM document_uses WHERE document_id = $1";

enum mc_err docstore_dossiers_using(struct db *db, const char *doc_id,
				    void (*fn)(int64_t dossier_id, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_USING);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, doc_id, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row)
		fn(db_col_int(st, 0), arg);
	return err;
}

static const char SQL_BY_OWNER[] =
	"SELECT " DOC_COLUMNS "FROM documents WHERE owner = $1 AND ($4 IS NULL OR uploaded_by = $4) "
	"AND ($2 IS NULL OR "
	"(created_at, id) < ((SELECT created_at FROM documents WHERE id = $2), $2)) "
	"ORDER BY created_at DESC, id DESC LIMIT $3";

enum mc_err docstore_by_owner(struct db *db, struct arena *a, const char *owner,
			      const char *uploader, size_t limit, const char *after_id, void (*fn)(const struct document *d, void *arg),
			      void *arg)
{
	bool row;
	enum mc_err err;
	struct document d;
	struct db_stmt *st = db_prepare(db, SQL_BY_OWNER);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, owner, SIZE_MAX);
	db_bind_text(st, 2, after_id, SIZE_MAX);
	db_bind_int(st, 3, (int64_t)limit);
	db_bind_text(st, 4, uploader, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		read_doc(a, st, &d);
		fn(&d, arg);
	}
	return err;
}
