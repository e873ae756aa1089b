/* SQL for reorganizations, handovers and their items. The register snapshot is one INSERT ...
 * SELECT per kind, so that a decision moving hundreds of units stays a few statements per unit. */
#include "base/base.h"

#include "store/reorg_store.h"

static const char *text_col(struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return s ? s : "";
}

static const char SQL_INSERT[] =
	"INSERT INTO reorganizations (decision_number, signed_on, effective_at, target_unit, "
	"handover_days, deadline, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
	"RETURNING id";

enum mc_err reorgstore_insert(struct db *db, struct reorg *r)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, r->decision_number, SIZE_MAX);
	db_bind_text(st, 2, r->signed_on, SIZE_MAX);
	db_bind_int(st, 3, r->effective_at);
	db_bind_text(st, 4, r->target_unit, SIZE_MAX);
	db_bind_int(st, 5, r->handover_days);
	db_bind_text(st, 6, r->deadline, SIZE_MAX);
	db_bind_int(st, 7, r->created_at);
	db_bind_text(st, 8, r->created_by, SIZE_MAX);
	int64_t id = 0;
	enum mc_err err = db_insert_id(st, &id);
	if (!err)
		r->id = id;
	return err;
}

static const char SQL_SET_CHECKSUM[] =
	"UPDATE reorganizations SET dossiers = $2, events = $3, checksum = $4 WHERE id = $1";

enum mc_err reorgstore_set_checksum(struct db *db, const struct reorg *r)
{
	struct db_stmt *st = db_prepare(db, SQL_SET_CHECKSUM);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, r->id);
	db_bind_int(st, 2, r->dossiers);
	db_bind_int(st, 3, r->events);
	db_bind_blob(st, 4, r->checksum, REORG_HASH_LEN);
	return db_run(st);
}

static const char SQL_GET[] =
	"SELECT id, decision_number, signed_on, effective_at, target_unit, handover_days, deadline, "
	"dossiers, events, checksum, created_at, created_by FROM reorganizations WHERE id = $1";

enum mc_err reorgstore_get(struct db *db, int64_t id, struct reorg *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	out->id = db_col_int(st, 0);
	db_col_copy(st, 1, out->decision_number, sizeof(out->decision_number));
	db_col_copy(st, 2, out->signed_on, sizeof(out->signed_on));
	out->effective_at = db_col_int(st, 3);
	db_col_copy(st, 4, out->target_unit, sizeof(out->target_unit));
	out->handover_days = db_col_int(st, 5);
	db_col_copy(st, 6, out->deadline, sizeof(out->deadline));
	out->dossiers = db_col_int(st, 7);
	out->events = db_col_int(st, 8);
	if (!db_col_null(st, 9) && db_col_len(st, 9) == REORG_HASH_LEN)
		memcpy(out->checksum, db_col_blob(st, 9), REORG_HASH_LEN);
	out->created_at = db_col_int(st, 10);
	db_col_copy(st, 11, out->created_by, sizeof(out->created_by));
	return db_run(st);
}

/* Decisions newest first with their handovers counted (the list). */
static const char SQL_LIST[] =
	"SELECT r.id, r.decision_number, r.signed_on, r.effective_at, r.target_unit, "
	"r.handover_days, r.deadline, r.dossiers, r.events, r.created_at, r.created_by, "
	"(SELECT count(*) FROM handovers h WHERE h.reorg_id = r.id), "
	"(SELECT count(*) FROM handovers h WHERE h.reorg_id = r.id AND h.status = 'complete') "
	"FROM reorganizations r WHERE r.id < $1 ORDER BY r.id DESC LIMIT $2";

enum mc_err reorgstore_list(struct db *db, int64_t before, size_t cap,
			bool (*fn)(const struct reorg *r, int64_t handovers, int64_t complete,
				   void *arg),
			void *arg)
{
	bool row;
	enum mc_err err;
	struct reorg r;
	struct db_stmt *st = db_prepare(db, SQL_LIST);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, before > 0 ? before : INT64_MAX);
	db_bind_int(st, 2, (int64_t)cap);
	while (!(err = db_step(st, &row)) && row) {
		memset(&r, 0, sizeof(r));
		r.id = db_col_int(st, 0);
		db_col_copy(st, 1, r.decision_number, sizeof(r.decision_number));
		db_col_copy(st, 2, r.signed_on, sizeof(r.signed_on));
		r.effective_at = db_col_int(st, 3);
		db_col_copy(st, 4, r.target_unit, sizeof(r.target_unit));
		r.handover_days = db_col_int(st, 5);
		db_col_copy(st, 6, r.deadline, sizeof(r.deadline));
		r.dossiers = db_col_int(st, 7);
		r.events = db_col_int(st, 8);
		r.created_at = db_col_int(st, 9);
		db_col_copy(st, 10, r.created_by, sizeof(r.created_by));
		if (!fn(&r, db_col_int(st, 11), db_col_int(st, 12), arg))
			return db_run(st); /* to the end and reset: no statement left open */
	}
	return err;
}

/* Handovers. */

static const char SQL_INSERT_HANDOVER[] =
	"INSERT INTO handovers (reorg_id, unit_code, old_parent, status) VALUES ($1, $2, $3, 'open') "
	"RETURNING id";

enum mc_err reorgstore_insert_handover(struct db *db, struct handover *h)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_INSERT_HANDOVER);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, h->reorg_id);
	db_bind_text(st, 2, h->unit, SIZE_MAX);
	db_bind_text(st, 3, h->old_parent[0] ? h->old_parent : NULL, SIZE_MAX);
	int64_t id = 0;
	enum mc_err err = db_insert_id(st, &id);
	if (!err) {
		h->id = id;
		snprintf(h->status, sizeof(h->status), "open");
	}
	return err;
}

#define AT_UNIT                                                                                    \
	"JOIN register_spans p ON p.ref_id = x.id AND p.kind = $4 AND p.unit_code = $2 "            \
	"AND p.valid_from <= $3 AND (p.valid_to IS NULL OR p.valid_to > $3) "

static const char SQL_SNAP_STAFF[] =
	"INSERT INTO handover_items (handover_id, kind, ref, label, status) "
	"SELECT $1, 'staff', CAST(x.id AS TEXT), x.full_name || ', ' || x.position, 'pending' "
	"FROM staff x " AT_UNIT "ORDER BY x.id";
static const char SQL_SNAP_RECORDS[] =
	"INSERT INTO handover_items (handover_id, kind, ref, label, status) "
	"SELECT $1, 'record', CAST(x.id AS TEXT), 'Hộp ' || x.box || ', hồ sơ ' || x.file || ': ' || "
	"x.title || ' (' || x.year || ')', 'pending' FROM records x " AT_UNIT "ORDER BY x.id";
static const char SQL_SNAP_ASSETS[] =
	"INSERT INTO handover_items (handover_id, kind, ref, label, status) "
	"SELECT $1, 'asset', CAST(x.id AS TEXT), x.inventory_code || ' - ' || x.name || "
	"' (SL: ' || x.quantity || ')', 'pending' FROM assets x " AT_UNIT "ORDER BY x.id";

static enum mc_err snap(struct db *db, const char *sql, const struct handover *h, int64_t at,
			const char *kind, int64_t *count)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, h->id);
	db_bind_text(st, 2, h->unit, SIZE_MAX);
	db_bind_int(st, 3, at);
	db_bind_text(st, 4, kind, SIZE_MAX);
	enum mc_err err = db_run(st);
	if (!err)
		*count += db_changes(db);
	return err;
}

enum mc_err reorgstore_snapshot_registers(struct db *db, struct handover *h, int64_t at)
{
	enum mc_err err = snap(db, SQL_SNAP_STAFF, h, at, REG_STAFF, &h->counts.staff);
	if (!err)
		err = snap(db, SQL_SNAP_RECORDS, h, at, REG_RECORD, &h->counts.records);
	if (!err)
		err = snap(db, SQL_SNAP_ASSETS, h, at, REG_ASSET, &h->counts.assets);
	return err;
}

static const char SQL_INSERT_ITEM[] =
	"INSERT INTO handover_items (handover_id, kind, ref, label, status, digest, events, "
	"last_event) VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7)";

enum mc_err reorgstore_insert_item(struct db *db, int64_t handover_id, const char *kind,
			       const char *ref, const char *label, const unsigned char *digest,
			       int64_t events, int64_t last_event)
{
	struct db_stmt *st = db_prepare(db, SQL_INSERT_ITEM);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, handover_id);
	db_bind_text(st, 2, kind, SIZE_MAX);
	db_bind_text(st, 3, ref, SIZE_MAX);
	db_bind_text(st, 4, label, SIZE_MAX);
	if (digest)
		db_bind_blob(st, 5, digest, REORG_HASH_LEN);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, events);
	db_bind_int(st, 7, last_event);
	return db_run(st);
}

static const char SQL_SET_COUNTS[] =
	"UPDATE handovers SET n_staff = $2, n_dossiers_open = $3, n_dossiers_closed = $4, "
	"n_records = $5, n_assets = $6 WHERE id = $1";

enum mc_err reorgstore_set_counts(struct db *db, const struct handover *h)
{
	struct db_stmt *st = db_prepare(db, SQL_SET_COUNTS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, h->id);
	db_bind_int(st, 2, h->counts.staff);
	db_bind_int(st, 3, h->counts.dossiers_open);
	db_bind_int(st, 4, h->counts.dossiers_closed);
	db_bind_int(st, 5, h->counts.records);
	db_bind_int(st, 6, h->counts.assets);
	return db_run(st);
}

#define HANDOVER_COLS                                                                              \
	"id, reorg_id, unit_code, old_parent, status, giver_signed_by, giver_signed_at, "          \
	"receiver_signed_by, receiver_signed_at, completed_at, n_staff, n_dossiers_open, "         \
	"n_dossiers_closed, n_records, n_assets "

static void read_handover(struct db_stmt *st, struct handover *h)
{
	memset(h, 0, sizeof(*h));
	h->id = db_col_int(st, 0);
	h->reorg_id = db_col_int(st, 1);
	db_col_copy(st, 2, h->unit, sizeof(h->unit));
	db_col_copy(st, 3, h->old_parent, sizeof(h->old_parent));
	db_col_copy(st, 4, h->status, sizeof(h->status));
	db_col_copy(st, 5, h->giver_by, sizeof(h->giver_by));
	h->giver_at = db_col_int0(st, 6);
	db_col_copy(st, 7, h->receiver_by, sizeof(h->receiver_by));
	h->receiver_at = db_col_int0(st, 8);
	h->completed_at = db_col_int0(st, 9);
	h->counts.staff = db_col_int(st, 10);
	h->counts.dossiers_open = db_col_int(st, 11);
	h->counts.dossiers_closed = db_col_int(st, 12);
	h->counts.records = db_col_int(st, 13);
	h->counts.assets = db_col_int(st, 14);
}

static const char SQL_GET_HANDOVER[] = "SELECT " HANDOVER_COLS "FROM handovers WHERE id = $1";

enum mc_err reorgstore_get_handover(struct db *db, int64_t id, struct handover *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET_HANDOVER);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_handover(st, out);
	return db_run(st);
}

static const char SQL_HANDOVERS[] =
	"SELECT " HANDOVER_COLS "FROM handovers WHERE reorg_id = $1 ORDER BY id";

enum mc_err reorgstore_handovers(struct db *db, int64_t reorg_id,
			     void (*fn)(const struct handover *h, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct handover h;
	struct db_stmt *st = db_prepare(db, SQL_HANDOVERS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, reorg_id);
	while (!(err = db_step(st, &row)) && row) {
		read_handover(st, &h);
		fn(&h, arg);
	}
	return err;
}

static const char SQL_ITEMS[] =
	"SELECT id, kind, ref, label, status, note FROM handover_items WHERE handover_id = $1 "
	"ORDER BY id LIMIT $2";

enum mc_err reorgstore_items(struct db *db, int64_t handover_id, size_t cap,
			 void (*fn)(const struct handover_item *it, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct handover_item it;
	struct db_stmt *st = db_prepare(db, SQL_ITEMS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, handover_id);
	db_bind_int(st, 2, (int64_t)cap);
	while (!(err = db_step(st, &row)) && row) {
		it.id = db_col_int(st, 0);
		it.kind = text_col(st, 1);
		it.ref = text_col(st, 2);
		it.label = text_col(st, 3);
		it.status = text_col(st, 4);
		it.note = text_col(st, 5);
		fn(&it, arg);
	}
	return err;
}

static const char SQL_PENDING[] =
	"SELECT count(*) FROM handover_items WHERE handover_id = $1 AND status = 'pending'";

enum mc_err reorgstore_pending(struct db *db, int64_t handover_id, int64_t *n)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_PENDING);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, handover_id);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*n = row ? db_col_int(st, 0) : 0;
	return db_run(st);
}

static const char SQL_CONFIRM[] =
	"UPDATE handover_items SET status = $3, note = $4, confirmed_by = $5, confirmed_at = $6 "
	"WHERE id = $2 AND handover_id = $1";

enum mc_err reorgstore_confirm(struct db *db, int64_t handover_id, int64_t item_id,
			   const char *status, const char *note, const char *by, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_CONFIRM);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, handover_id);
	db_bind_int(st, 2, item_id);
	db_bind_text(st, 3, status, SIZE_MAX);
	db_bind_text(st, 4, note ? note : "", SIZE_MAX);
	db_bind_text(st, 5, by, SIZE_MAX);
	db_bind_int(st, 6, at);
	enum mc_err err = db_run(st);
	if (!err && db_changes(db) != 1)
		return MC_ENOTFOUND;
	return err;
}

static const char SQL_SIGN_GIVER[] =
	"UPDATE handovers SET giver_signed_by = $2, giver_signed_at = $3 WHERE id = $1";
static const char SQL_SIGN_RECEIVER[] =
	"UPDATE handovers SET receiver_signed_by = $2, receiver_signed_at = $3 WHERE id = $1";

enum mc_err reorgstore_sign(struct db *db, int64_t handover_id, bool giver, const char *by,
			int64_t at)
{
	struct db_stmt *st = db_prepare(db, giver ? SQL_SIGN_GIVER : SQL_SIGN_RECEIVER);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, handover_id);
	db_bind_text(st, 2, by, SIZE_MAX);
	db_bind_int(st, 3, at);
	return db_run(st);
}

static const char SQL_COMPLETE[] =
	"UPDATE handovers SET status = 'complete', completed_at = $2 WHERE id = $1";

enum mc_err reorgstore_complete(struct db *db, int64_t handover_id, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_COMPLETE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, handover_id);
	db_bind_int(st, 2, at);
	return db_run(st);
}

/* Dossiers. */

static void read_unit_dossier(struct db_stmt *st, struct unit_dossier *d)
{
	d->id = db_col_int(st, 0);
	d->code = text_col(st, 1);
	d->status = text_col(st, 2);
	d->procedure_name = text_col(st, 3);
	d->submitted_at = db_col_int0(st, 4);
	d->received_at = db_col_int0(st, 5);
	d->due_at = db_col_int0(st, 6);
}

static const char SQL_UNIT_DOSSIERS[] =
	"SELECT d.id, d.code, d.status, d.procedure_name, d.submitted_at, d.received_at, d.due_at "
	"FROM dossier_units u JOIN dossiers d ON d.id = u.dossier_id "
	"WHERE u.unit = $1 AND d.receiving_unit = $1 ORDER BY d.code";

enum mc_err reorgstore_unit_dossiers(struct db *db, const char *unit,
				 void (*fn)(const struct unit_dossier *d, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct unit_dossier d;
	struct db_stmt *st = db_prepare(db, SQL_UNIT_DOSSIERS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, unit, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		read_unit_dossier(st, &d);
		fn(&d, arg);
	}
	return err;
}

static const char SQL_DOSSIER_BY_CODE[] =
	"SELECT d.id, d.code, d.status, d.procedure_name, d.submitted_at, d.received_at, d.due_at "
	"FROM dossiers d WHERE d.code = $1";

enum mc_err reorgstore_dossier_by_code(struct db *db, const char *code, struct unit_dossier *out)
{
	struct db_stmt *st = db_prepare(db, SQL_DOSSIER_BY_CODE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_unit_dossier(st, out);
	out->code = out->status = out->procedure_name = NULL; /* only the numbers outlive the step */
	return db_run(st);
}

static const char SQL_EVENTS[] =
	"SELECT id, at, action, actor, unit, from_status, to_status, detail FROM dossier_events "
	"WHERE dossier_id = $1 AND id <= $2 ORDER BY id";

enum mc_err reorgstore_dossier_events(struct db *db, int64_t dossier_id, int64_t last_event,
				  void (*fn)(const struct event_fields *e, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct event_fields e;
	struct db_stmt *st = db_prepare(db, SQL_EVENTS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, last_event);
	while (!(err = db_step(st, &row)) && row) {
		e.id = db_col_int(st, 0);
		e.at = db_col_int(st, 1);
		for (int i = 0; i < 6; i++)
			e.text[i] = db_col_text(st, 2 + i);
		fn(&e, arg);
	}
	return err;
}

static const char SQL_DOSSIER_ITEMS[] =
	"SELECT i.ref, i.digest, i.events, i.last_event FROM handover_items i "
	"JOIN handovers h ON h.id = i.handover_id WHERE h.reorg_id = $1 AND i.kind = 'dossier' "
	"ORDER BY i.ref";

enum mc_err reorgstore_dossier_items(struct db *db, int64_t reorg_id,
				 void (*fn)(const struct handover_dossier *d, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	static const unsigned char zero[REORG_HASH_LEN];
	struct handover_dossier d;
	struct db_stmt *st = db_prepare(db, SQL_DOSSIER_ITEMS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, reorg_id);
	while (!(err = db_step(st, &row)) && row) {
		d.code = text_col(st, 0);
		bool ok = !db_col_null(st, 1) && db_col_len(st, 1) == REORG_HASH_LEN;
		d.digest = ok ? db_col_blob(st, 1) : zero;
		d.events = db_col_int(st, 2);
		d.last_event = db_col_int(st, 3);
		fn(&d, arg);
	}
	return err;
}

static const char SQL_OPEN_PARENT[] =
	"SELECT valid_from FROM unit_parents WHERE unit_code = $1 AND valid_to IS NULL";

enum mc_err reorgstore_open_parent_since(struct db *db, const char *unit, int64_t *since)
{
	struct db_stmt *st = db_prepare(db, SQL_OPEN_PARENT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, unit, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	*since = db_col_int(st, 0);
	return db_run(st);
}
