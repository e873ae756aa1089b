/* SQL for audit_events. */
#include "base/base.h"

#include "store/audit_store.h"
#include "store/tx_memo.h"

static const char SQL_LAST[] = "SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1";

enum mc_err astore_last(struct db *db, int64_t *id, unsigned char hash[AUDIT_HASH_LEN])
{
	bool row;
	if (txmemo_audit_get(db, id, hash))
		return MC_OK; /* read or appended earlier in this write transaction */
	struct db_stmt *st = db_prepare(db, SQL_LAST);
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*id = 0;
	memset(hash, 0, AUDIT_HASH_LEN);
	if (row) {
		*id = db_col_int(st, 0);
		if (db_col_len(st, 1) == AUDIT_HASH_LEN)
			memcpy(hash, db_col_blob(st, 1), AUDIT_HASH_LEN);
	}
	err = db_run(st);
	if (!err)
		txmemo_audit_put(db, *id, hash);
	return err;
}

static const char SQL_INSERT[] =
	"INSERT INTO audit_events (id, at, actor, unit, action, entity, detail, prev_hash, hash) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

enum mc_err astore_insert(struct db *db, const struct audit_row *r)
{
	struct db_stmt *st = db_prepare(db, SQL_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, r->id);
	db_bind_int(st, 2, r->at);
	db_bind_text_kept(st, 3, r->actor, SIZE_MAX);
	db_bind_text_kept(st, 4, r->unit, SIZE_MAX);
	db_bind_text_kept(st, 5, r->action, SIZE_MAX);
	db_bind_text_kept(st, 6, r->entity, SIZE_MAX);
	db_bind_text_kept(st, 7, r->detail, SIZE_MAX);
	db_bind_blob(st, 8, r->prev_hash, AUDIT_HASH_LEN);
	db_bind_blob(st, 9, r->hash, AUDIT_HASH_LEN);
	enum mc_err err = db_run(st);
	if (!err)
		txmemo_audit_put(db, r->id, r->hash);
	return err;
}

static const char SQL_SCAN[] =
	"SELECT id, at, actor, unit, action, entity, detail, prev_hash, hash FROM audit_events "
	"WHERE id > $1 ORDER BY id LIMIT $2";
/* One entity's events, through audit_events_entity (entity, id). With the entity an optional
 * filter of one statement ("$2 IS NULL OR entity = $2"), SQLite's plan, made once for every value,
 * walked the whole chain after $1 for an account's or a dossier's few events (bench/index_audit.py
 * found that no SQLite plan read the index). */
static const char SQL_SCAN_ENTITY[] =
	"SELECT id, at, actor, unit, action, entity, detail, prev_hash, hash FROM audit_events "
	"WHERE entity = $3 AND id > $1 ORDER BY id LIMIT $2";

static void read_hash(struct db_stmt *st, int col, unsigned char out[AUDIT_HASH_LEN])
{
	memset(out, 0, AUDIT_HASH_LEN);
	size_t n = db_col_len(st, col);
	if (n > AUDIT_HASH_LEN)
		n = AUDIT_HASH_LEN;
	if (n)
		memcpy(out, db_col_blob(st, col), n);
}

enum mc_err astore_scan(struct db *db, const char *entity, int64_t after_id, size_t limit,
			int (*fn)(const struct audit_row *r, void *ctx), void *ctx)
{
	bool row;
	enum mc_err err;
	struct audit_row r;
	struct db_stmt *st = db_prepare(db, entity ? SQL_SCAN_ENTITY : SQL_SCAN);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, after_id);
	db_bind_int(st, 2, limit ? (int64_t)limit : INT64_MAX); /* no limit, on both backends */
	if (entity)
		db_bind_text(st, 3, entity, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		r.id = db_col_int(st, 0);
		r.at = db_col_int(st, 1);
		r.actor = db_col_text(st, 2);
		r.unit = db_col_text(st, 3);
		r.action = db_col_text(st, 4);
		r.entity = db_col_text(st, 5);
		r.detail = db_col_text(st, 6);
		r.has_nul = false;
		for (int c = 2; c <= 6; c++) {
			const char *t = db_col_text(st, c);
			if (t && strlen(t) != db_col_len(st, c))
				r.has_nul = true;
		}
		read_hash(st, 7, r.prev_hash);
		read_hash(st, 8, r.hash);
		if (fn(&r, ctx))
			break;
	}
	return err;
}
