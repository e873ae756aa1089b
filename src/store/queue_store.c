/* SQL for queue_tickets. */
#include "base/base.h"

#include "store/queue_store.h"

static const char SQL_ISSUE[] =
	"INSERT INTO queue_tickets (point_code, day, number, service_group, priority, status, "
	"created_at) VALUES ($1, $2, (SELECT coalesce(max(number), 0) + 1 FROM queue_tickets "
	"WHERE point_code = $1 AND day = $2), $3, $4, 'waiting', $5) RETURNING id, number";

enum mc_err qstore_issue(struct db *db, struct ticket *t)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_ISSUE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, t->point, SIZE_MAX);
	db_bind_text(st, 2, t->day, SIZE_MAX);
	db_bind_text(st, 3, t->service_group, SIZE_MAX);
	db_bind_text(st, 4, t->priority[0] ? t->priority : NULL, SIZE_MAX);
	db_bind_int(st, 5, t->created_at);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	if (!row)
		return MC_EDB;
	t->id = db_col_int(st, 0);
	t->number = db_col_int(st, 1);
	snprintf(t->status, sizeof(t->status), "waiting");
	return db_run(st);
}

static const char SQL_FINISH[] =
	"UPDATE queue_tickets SET status = 'done' WHERE point_code = $1 AND day = $2 "
	"AND counter = $3 AND status = 'called'";

enum mc_err qstore_finish_counter(struct db *db, const char *point, const char *day,
				  int64_t counter)
{
	struct db_stmt *st = db_prepare(db, SQL_FINISH);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	db_bind_int(st, 3, counter);
	return db_run(st);
}

#define TICKET_COLUMNS                                                                             \
	"id, point_code, day, number, service_group, priority, status, counter, created_at, "      \
	"called_at "

static void read_ticket(struct db_stmt *st, struct ticket *t)
{
	memset(t, 0, sizeof(*t));
	t->id = db_col_int(st, 0);
	db_col_copy(st, 1, t->point, sizeof(t->point));
	db_col_copy(st, 2, t->day, sizeof(t->day));
	t->number = db_col_int(st, 3);
	db_col_copy(st, 4, t->service_group, sizeof(t->service_group));
	db_col_copy(st, 5, t->priority, sizeof(t->priority));
	db_col_copy(st, 6, t->status, sizeof(t->status));
	t->counter = db_col_null(st, 7) ? 0 : db_col_int(st, 7);
	t->created_at = db_col_int(st, 8);
	t->called_at = db_col_null(st, 9) ? 0 : db_col_int(st, 9);
}

static const char SQL_NEXT[] =
	"SELECT " TICKET_COLUMNS "FROM queue_tickets WHERE point_code = $1 AND day = $2 "
	"AND status = 'waiting' ORDER BY priority IS NULL, number LIMIT 1";

enum mc_err qstore_next_waiting(struct db *db, const char *point, const char *day,
				struct ticket *out)
{
	struct db_stmt *st = db_prepare(db, SQL_NEXT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_ticket(st, out);
	return db_run(st);
}

static const char SQL_CALLED[] =
	"UPDATE queue_tickets SET status = 'called', counter = $2, called_at = $3, called_by = $4 "
	"WHERE id = $1 AND status = 'waiting'";

enum mc_err qstore_mark_called(struct db *db, int64_t id, int64_t counter, int64_t at,
			       const char *by)
{
	struct db_stmt *st = db_prepare(db, SQL_CALLED);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, counter);
	db_bind_int(st, 3, at);
	db_bind_text(st, 4, by, SIZE_MAX);
	enum mc_err err = db_run(st);
	if (!err && db_changes(db) != 1)
		err = MC_ECONFLICT;
	return err;
}

static const char SQL_LIST[] =
	"SELECT " TICKET_COLUMNS "FROM queue_tickets WHERE point_code = $1 AND day = $2 "
	"AND number > $3 ORDER BY number LIMIT $4";

enum mc_err qstore_list(struct db *db, const char *point, const char *day, int64_t after,
			size_t limit, void (*fn)(const struct ticket *t, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct ticket t;
	struct db_stmt *st = db_prepare(db, SQL_LIST);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	db_bind_int(st, 3, after);
	db_bind_int(st, 4, (int64_t)limit);
	while (!(err = db_step(st, &row)) && row) {
		read_ticket(st, &t);
		fn(&t, arg);
	}
	return err;
}

static const char SQL_COUNT_WAITING[] =
	"SELECT count(*) FROM queue_tickets WHERE point_code = $1 AND day = $2 AND status = 'waiting'";

enum mc_err qstore_count_waiting(struct db *db, const char *point, const char *day, int64_t *n)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_COUNT_WAITING);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*n = row ? db_col_int(st, 0) : 0;
	return db_run(st);
}

/* Every service point's counts of the day, by the (point_code, day, status) index. */
static const char SQL_SUMMARY[] =
	"SELECT code, name, "
	"(SELECT count(*) FROM queue_tickets q WHERE q.point_code = u.code AND q.day = $1 "
	"AND q.status = 'waiting'), "
	"(SELECT count(*) FROM queue_tickets q WHERE q.point_code = u.code AND q.day = $1 "
	"AND q.status = 'called'), "
	"(SELECT count(*) FROM queue_tickets q WHERE q.point_code = u.code AND q.day = $1) "
	"FROM units u WHERE u.kind = 'service_point' ORDER BY code";

enum mc_err qstore_summary(struct db *db, const char *day,
			   void (*fn)(const struct queue_summary *s, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_SUMMARY);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, day, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		struct queue_summary s = {db_col_text(st, 0), db_col_text(st, 1), db_col_int(st, 2),
					  db_col_int(st, 3), db_col_int(st, 4)};
		if (s.issued)
			fn(&s, arg);
	}
	return err;
}
