/* SQL for notifications and sms_opt_outs (notify_store.h). Which messages are due and who sends
 * them is decided here, under a lease so that of several instances one sends each. */
#include "base/base.h"

#include "store/notify_store.h"

static const char *col_text(struct db_stmt *st, struct arena *a, int col)
{
	const char *t = db_col_text(st, col);
	return t ? arena_strndup(a, t, db_col_len(st, col)) : NULL;
}

static const char SQL_INSERT[] =
	"INSERT INTO notifications (delivery_id, dossier_code, event, channel, recipient, subject, "
	"body, attachment, created_at, next_attempt_ms, state, last_error) "
	"VALUES ($1, $2, $3, $4, $5, CAST($6 AS TEXT), $7, CAST($8 AS TEXT), $9, $10, $11, "
	"CAST($12 AS TEXT))";

enum mc_err nstore_insert(struct db *db, const struct notification *n)
{
	struct db_stmt *st = db_prepare(db, SQL_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text_kept(st, 1, n->delivery_id, SIZE_MAX);
	db_bind_text_kept(st, 2, n->dossier_code, SIZE_MAX);
	db_bind_text_kept(st, 3, n->event, SIZE_MAX);
	db_bind_text_kept(st, 4, n->channel, SIZE_MAX);
	db_bind_text_kept(st, 5, n->recipient, SIZE_MAX);
	db_bind_text_kept(st, 6, n->subject, SIZE_MAX);
	db_bind_text_kept(st, 7, n->body, SIZE_MAX);
	db_bind_text_kept(st, 8, n->attachment, SIZE_MAX);
	db_bind_int(st, 9, n->created_at);
	db_bind_int(st, 10, n->next_attempt_ms);
	db_bind_text_kept(st, 11, n->state, SIZE_MAX);
	db_bind_text_kept(st, 12, n->last_error, SIZE_MAX);
	return db_run(st);
}

static const char SQL_OPTED[] = "SELECT count(*) FROM sms_opt_outs WHERE dossier_code = $1";

enum mc_err nstore_sms_opted_out(struct db *db, const char *code, bool *yes)
{
	struct db_stmt *st = db_prepare(db, SQL_OPTED);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	*yes = !err && db_col_int(st, 0) > 0;
	return err ? err : db_run(st);
}

static const char SQL_OPT_OUT[] = "INSERT INTO sms_opt_outs (dossier_code, at) VALUES ($1, $2) "
				  "ON CONFLICT (dossier_code) DO NOTHING";

enum mc_err nstore_sms_opt_out(struct db *db, const char *code, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_OPT_OUT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	db_bind_int(st, 2, at);
	return db_run(st);
}

static const char SQL_ANY_DUE[] =
	"SELECT count(*) FROM notifications WHERE state = 'pending' AND next_attempt_ms <= $1 "
	"AND claimed_until_ms <= $1";

enum mc_err nstore_any_due(struct db *db, int64_t now_ms, bool *due)
{
	struct db_stmt *st = db_prepare(db, SQL_ANY_DUE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, now_ms);
	enum mc_err err = db_step_one(st);
	*due = !err && db_col_int(st, 0) > 0;
	return err ? err : db_run(st);
}

#define COLS                                                                                     \
	"id, delivery_id, dossier_code, event, channel, recipient, subject, body, attachment, "    \
	"created_at, attempts, next_attempt_ms, state, last_error, sent_at"

static void read_row(struct db_stmt *st, struct arena *a, struct notification *n)
{
	memset(n, 0, sizeof(*n));
	n->id = db_col_int(st, 0);
	n->delivery_id = col_text(st, a, 1);
	n->dossier_code = col_text(st, a, 2);
	n->event = col_text(st, a, 3);
	n->channel = col_text(st, a, 4);
	n->recipient = col_text(st, a, 5);
	n->subject = col_text(st, a, 6);
	n->body = col_text(st, a, 7);
	n->attachment = col_text(st, a, 8);
	n->created_at = db_col_int(st, 9);
	n->attempts = db_col_int(st, 10);
	n->next_attempt_ms = db_col_int(st, 11);
	n->state = col_text(st, a, 12);
	n->last_error = col_text(st, a, 13);
	n->sent_at = db_col_int0(st, 14);
}

static const char SQL_DUE[] =
	"SELECT " COLS " FROM notifications WHERE state = 'pending' AND next_attempt_ms <= $1 "
	"AND claimed_until_ms <= $1 ORDER BY id LIMIT $2";
static const char SQL_LEASE[] = "UPDATE notifications SET claimed_until_ms = $2 WHERE id = $1";

enum mc_err nstore_claim(struct db *db, struct arena *a, int64_t now_ms, int64_t lease_ms,
			 size_t max, struct notification *out, size_t *n)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_DUE);
	*n = 0;
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, now_ms);
	db_bind_int(st, 2, (int64_t)max);
	enum mc_err err;
	while (!(err = db_step(st, &row)) && row && *n < max)
		read_row(st, a, &out[(*n)++]);
	if (!err)
		err = db_run(st);
	for (size_t i = 0; !err && i < *n; i++) {
		st = db_prepare(db, SQL_LEASE);
		if (!st)
			return MC_EDB;
		db_bind_int(st, 1, out[i].id);
		db_bind_int(st, 2, now_ms + lease_ms);
		err = db_run(st);
	}
	return err;
}

static const char SQL_SENT[] =
	"UPDATE notifications SET state = 'sent', attempts = attempts + 1, sent_at = $2, "
	"claimed_until_ms = 0 WHERE id = $1";

enum mc_err nstore_sent(struct db *db, int64_t id, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_SENT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, at);
	return db_run(st);
}

/* Only a pending message: a worker whose lease ran out must not undo another's delivery. */
static const char SQL_FAILED[] =
	"UPDATE notifications SET attempts = attempts + 1, claimed_until_ms = 0, "
	"state = CASE WHEN $2 = 1 THEN 'dead' ELSE 'pending' END, next_attempt_ms = $3, "
	"last_error = $4 WHERE id = $1 AND state = 'pending'";

enum mc_err nstore_failed(struct db *db, int64_t id, bool dead, int64_t next_ms, const char *error)
{
	struct db_stmt *st = db_prepare(db, SQL_FAILED);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, dead);
	db_bind_int(st, 3, next_ms);
	db_bind_text(st, 4, error, SIZE_MAX);
	return db_run(st);
}

static const char SQL_LIST[] =
	"SELECT " COLS " FROM notifications WHERE dossier_code = $1 ORDER BY id LIMIT 1000";

enum mc_err nstore_list(struct db *db, struct arena *a, const char *code,
			void (*fn)(const struct notification *n, void *arg), void *arg)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_LIST);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	enum mc_err err;
	while (!(err = db_step(st, &row)) && row) {
		struct notification n;
		read_row(st, a, &n);
		fn(&n, arg);
	}
	return err ? err : db_run(st);
}

static const char SQL_DROP_PENDING[] =
	"UPDATE notifications SET state = 'skipped', last_error = $3 WHERE dossier_code = $1 "
	"AND event = $2 AND state = 'pending'";

enum mc_err nstore_drop_pending(struct db *db, const char *code, const char *event,
				const char *why)
{
	struct db_stmt *st = db_prepare(db, SQL_DROP_PENDING);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	db_bind_text(st, 2, event, SIZE_MAX);
	db_bind_text(st, 3, why, SIZE_MAX);
	return db_run(st);
}
