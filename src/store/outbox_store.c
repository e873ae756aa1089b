/* SQL for subscriptions and outbox_messages (outbox_store.h). Delivery order and claims are
 * decided here, in SQL: the oldest pending message of each subscription and stream, under a lease
 * so that of several instances one sends it. */
#include "base/base.h"

#include "base/fmt.h"
#include "store/outbox_store.h"

static const char *col_text(struct db_stmt *st, struct arena *a, int col)
{
	const char *t = db_col_text(st, col);
	return t ? arena_strndup(a, t, db_col_len(st, col)) : NULL;
}

/* The webhooks' rows only: the portal's row (kind 'portal', docs/portal.md) is not an
 * administrator's subscription. */
static const char SQL_SUB_COUNT[] = "SELECT count(*) FROM subscriptions WHERE kind = 'webhook'";

enum mc_err ostore_sub_count(struct db *db, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, SQL_SUB_COUNT);
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step_one(st);
	*n = err ? 0 : db_col_int(st, 0);
	return err ? err : db_run(st);
}

static const char SQL_SUB_INSERT[] =
	"INSERT INTO subscriptions (url, events, unit, secret, paused, created_at, created_by) "
	"VALUES ($1, $2, CAST($3 AS TEXT), $4, $5, $6, $7) RETURNING id";

enum mc_err ostore_sub_insert(struct db *db, struct subscription *s)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_SUB_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, s->url, SIZE_MAX);
	db_bind_text(st, 2, s->events, SIZE_MAX);
	db_bind_text(st, 3, s->unit, SIZE_MAX);
	db_bind_text(st, 4, s->secret, SIZE_MAX);
	db_bind_int(st, 5, s->paused);
	db_bind_int(st, 6, s->created_at);
	db_bind_text(st, 7, s->created_by, SIZE_MAX);
	return db_insert_id(st, &s->id);
}

#define SUB_COLS "id, url, events, unit, secret, paused, created_at, created_by"

static void read_sub(struct db_stmt *st, struct arena *a, struct subscription *s)
{
	s->id = db_col_int(st, 0);
	s->url = col_text(st, a, 1);
	s->events = col_text(st, a, 2);
	s->unit = col_text(st, a, 3);
	s->secret = col_text(st, a, 4);
	s->paused = db_col_int(st, 5) != 0;
	s->created_at = db_col_int(st, 6);
	s->created_by = col_text(st, a, 7);
}

static const char SQL_SUB_GET[] =
	"SELECT " SUB_COLS " FROM subscriptions WHERE id = $1 AND kind = 'webhook'";

enum mc_err ostore_sub_get(struct db *db, struct arena *a, int64_t id, struct subscription *out)
{
	struct db_stmt *st = db_prepare(db, SQL_SUB_GET);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_sub(st, a, out);
	return db_run(st);
}

static const char SQL_SUB_LIST[] =
	"SELECT " SUB_COLS " FROM subscriptions WHERE id > $1 AND kind = 'webhook' ORDER BY id "
	"LIMIT $2";

enum mc_err ostore_sub_list(struct db *db, struct arena *a, int64_t after, size_t limit,
			    void (*fn)(const struct subscription *s, void *arg), void *arg,
			    bool *more)
{
	bool row;
	size_t n = 0;
	struct db_stmt *st = db_prepare(db, SQL_SUB_LIST);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, after);
	db_bind_int(st, 2, (int64_t)limit + 1);
	*more = false;
	enum mc_err err;
	while (!(err = db_step(st, &row)) && row) {
		if (n++ == limit) {
			*more = true;
			break;
		}
		struct subscription s;
		read_sub(st, a, &s);
		fn(&s, arg);
	}
	return err ? err : db_run(st);
}

static const char SQL_SUB_PAUSE[] =
	"UPDATE subscriptions SET paused = $2 WHERE id = $1 AND kind = 'webhook'";

enum mc_err ostore_sub_set_paused(struct db *db, int64_t id, bool paused)
{
	struct db_stmt *st = db_prepare(db, SQL_SUB_PAUSE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, paused);
	enum mc_err err = db_run(st);
	return !err && db_changes(db) == 0 ? MC_ENOTFOUND : err;
}

static const char SQL_SUB_DELETE[] =
	"DELETE FROM subscriptions WHERE id = $1 AND kind = 'webhook'";

enum mc_err ostore_sub_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, SQL_SUB_DELETE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	enum mc_err err = db_run(st);
	return !err && db_changes(db) == 0 ? MC_ENOTFOUND : err;
}

/* The event name is matched with its quotes inside the stored JSON array. */
static const char SQL_ENQUEUE[] =
	"INSERT INTO outbox_messages (delivery_id, subscription_id, event, stream, dossier_code, "
	"payload, created_at, next_attempt_ms) "
	"SELECT 'msg_' || $1 || '_' || CAST(id AS TEXT), id, $2, $3, CAST($4 AS TEXT), $5, $6, $7 "
	"FROM subscriptions WHERE kind = 'webhook' AND paused = 0 AND instr(events, $8) > 0 "
	"AND (unit IS NULL OR unit = CAST($9 AS TEXT) OR unit = CAST($10 AS TEXT)) ORDER BY id";

static void bind_event(struct db_stmt *st, const struct outbox_event *e)
{
	db_bind_text(st, 1, e->uid, SIZE_MAX);
	db_bind_text(st, 2, e->event, SIZE_MAX);
	db_bind_text(st, 3, e->stream, SIZE_MAX);
	db_bind_text(st, 4, e->dossier_code, SIZE_MAX);
	db_bind_text(st, 5, e->payload, SIZE_MAX);
	db_bind_int(st, 6, e->created_at);
	db_bind_int(st, 7, e->now_ms);
}

enum mc_err ostore_enqueue(struct db *db, const struct outbox_event *e, int64_t *n)
{
	char quoted[64];
	struct db_stmt *st = db_prepare(db, SQL_ENQUEUE);
	if (!st)
		return MC_EDB;
	fmt_snprintf(quoted, sizeof(quoted), "\"%s\"", e->event);
	bind_event(st, e);
	db_bind_text_kept(st, 8, quoted, SIZE_MAX);
	db_bind_text_kept(st, 9, e->unit1, SIZE_MAX);
	db_bind_text_kept(st, 10, e->unit2, SIZE_MAX);
	enum mc_err err = db_run(st);
	*n = err ? 0 : db_changes(db);
	return err;
}

static const char SQL_ENQUEUE_TO[] =
	"INSERT INTO outbox_messages (delivery_id, subscription_id, event, stream, dossier_code, "
	"payload, created_at, next_attempt_ms) "
	"VALUES ('msg_' || $1 || '_' || CAST($8 AS TEXT), $8, $2, $3, CAST($4 AS TEXT), $5, $6, $7)";

enum mc_err ostore_enqueue_to(struct db *db, const struct outbox_event *e, int64_t sub)
{
	struct db_stmt *st = db_prepare(db, SQL_ENQUEUE_TO);
	if (!st)
		return MC_EDB;
	bind_event(st, e);
	db_bind_int(st, 8, sub);
	return db_run(st);
}

#define MSG_COLS                                                                                 \
	"m.id, m.delivery_id, m.subscription_id, m.event, m.stream, m.dossier_code, m.payload, "   \
	"m.created_at, m.attempts, m.next_attempt_ms, m.state, m.last_error, m.delivered_at"

static void read_msg(struct db_stmt *st, struct arena *a, struct outbox_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->id = db_col_int(st, 0);
	m->delivery_id = col_text(st, a, 1);
	m->subscription_id = db_col_int(st, 2);
	m->event = col_text(st, a, 3);
	m->stream = col_text(st, a, 4);
	m->dossier_code = col_text(st, a, 5);
	m->payload = col_text(st, a, 6);
	m->created_at = db_col_int(st, 7);
	m->attempts = db_col_int(st, 8);
	m->next_attempt_ms = db_col_int(st, 9);
	m->state = col_text(st, a, 10);
	m->last_error = col_text(st, a, 11);
	m->delivered_at = db_col_int0(st, 12);
}

static const char SQL_DUE[] =
	"SELECT " MSG_COLS ", s.kind, s.url, s.secret FROM outbox_messages m "
	"JOIN subscriptions s ON s.id = m.subscription_id "
	"WHERE m.state = 'pending' AND m.next_attempt_ms <= $1 AND m.claimed_until_ms <= $1 "
	"AND s.paused = 0 AND NOT EXISTS (SELECT 1 FROM outbox_messages o "
	"WHERE o.subscription_id = m.subscription_id AND o.stream = m.stream "
	"AND o.state = 'pending' AND o.id < m.id) ORDER BY m.id LIMIT $2";
static const char SQL_LEASE[] = "UPDATE outbox_messages SET claimed_until_ms = $2 WHERE id = $1";

enum mc_err ostore_claim(struct db *db, struct arena *a, int64_t now_ms, int64_t lease_ms,
			 size_t max, struct outbox_msg *out, size_t *n)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_DUE);
	*n = 0;
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, now_ms);
	db_bind_int(st, 2, (int64_t)max);
	enum mc_err err;
	while (!(err = db_step(st, &row)) && row && *n < max) {
		struct outbox_msg *m = &out[(*n)++];
		read_msg(st, a, m);
		m->kind = col_text(st, a, 13);
		m->url = col_text(st, a, 14);
		m->secret = col_text(st, a, 15);
	}
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

static const char SQL_DELIVERED[] =
	"UPDATE outbox_messages SET state = 'delivered', attempts = attempts + 1, delivered_at = $2, "
	"claimed_until_ms = 0, last_error = NULL WHERE id = $1";

enum mc_err ostore_delivered(struct db *db, int64_t id, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_DELIVERED);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, at);
	return db_run(st);
}

/* Only a pending message: a worker whose lease ran out must not undo another's delivery. */
static const char SQL_FAILED[] =
	"UPDATE outbox_messages SET attempts = attempts + 1, claimed_until_ms = 0, "
	"state = CASE WHEN $2 = 1 THEN 'dead' ELSE 'pending' END, next_attempt_ms = $3, "
	"last_error = $4 WHERE id = $1 AND state = 'pending'";

enum mc_err ostore_failed(struct db *db, int64_t id, bool dead, int64_t next_ms, const char *error)
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
	"SELECT " MSG_COLS ", (SELECT s.kind FROM subscriptions s WHERE s.id = m.subscription_id) "
	"FROM outbox_messages m WHERE (CAST($1 AS TEXT) IS NULL OR m.state = CAST($1 AS TEXT)) AND m.id > $2 "
	"ORDER BY m.id LIMIT $3";

enum mc_err ostore_list(struct db *db, struct arena *a, const char *state, int64_t after,
			size_t limit, void (*fn)(const struct outbox_msg *m, void *arg), void *arg,
			bool *more)
{
	bool row;
	size_t n = 0;
	struct db_stmt *st = db_prepare(db, SQL_LIST);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, state, SIZE_MAX);
	db_bind_int(st, 2, after);
	db_bind_int(st, 3, (int64_t)limit + 1);
	*more = false;
	enum mc_err err;
	while (!(err = db_step(st, &row)) && row) {
		if (n++ == limit) {
			*more = true;
			break;
		}
		struct outbox_msg m;
		read_msg(st, a, &m);
		m.kind = col_text(st, a, 13);
		fn(&m, arg);
	}
	return err ? err : db_run(st);
}

static const char SQL_STATE[] = "SELECT state FROM outbox_messages WHERE id = $1";
static const char SQL_REPLAY[] =
	"UPDATE outbox_messages SET state = 'pending', attempts = 0, next_attempt_ms = $2, "
	"claimed_until_ms = 0 WHERE id = $1 AND state = 'dead'";

enum mc_err ostore_replay(struct db *db, int64_t id, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db, SQL_STATE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	bool dead = strcmp(db_col_text(st, 0), "dead") == 0;
	err = db_run(st);
	if (err)
		return err;
	if (!dead)
		return MC_ECONFLICT;
	st = db_prepare(db, SQL_REPLAY);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now_ms);
	return db_run(st);
}

static const char SQL_NEXT_DUE[] =
	"SELECT min(max(m.next_attempt_ms, m.claimed_until_ms)) FROM outbox_messages m "
	"JOIN subscriptions s ON s.id = m.subscription_id "
	"WHERE m.state = 'pending' AND s.paused = 0 AND m.next_attempt_ms <= $1";

enum mc_err ostore_next_due(struct db *db, int64_t now_ms, int64_t *ms)
{
	struct db_stmt *st = db_prepare(db, SQL_NEXT_DUE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, now_ms);
	enum mc_err err = db_step_one(st);
	*ms = !err && !db_col_null(st, 0) ? db_col_int(st, 0) : INT64_MAX;
	return err ? err : db_run(st);
}
