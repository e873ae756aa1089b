/* SQL for queue_tickets. */
#include "base/base.h"

#include "store/queue_store.h"

static const char SQL_ISSUE[] =
	"INSERT INTO queue_tickets (point_code, day, number, service_group, priority, status, "
	"created_at, booking_code) VALUES ($1, $2, (SELECT coalesce(max(number), 0) + 1 FROM "
	"queue_tickets WHERE point_code = $1 AND day = $2), $3, $4, 'waiting', $5, $6) "
	"RETURNING id, number";

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
	db_bind_text(st, 6, t->booking[0] ? t->booking : NULL, SIZE_MAX);
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
	"UPDATE queue_tickets SET status = 'done', finished_at = $4 WHERE point_code = $1 "
	"AND day = $2 AND counter = $3 AND status = 'called'";

enum mc_err qstore_finish_counter(struct db *db, const char *point, const char *day,
				  int64_t counter, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_FINISH);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	db_bind_int(st, 3, counter);
	db_bind_int(st, 4, at);
	return db_run(st);
}

#define TICKET_COLUMNS                                                                             \
	"id, point_code, day, number, service_group, priority, status, counter, created_at, "      \
	"called_at, target_counter, recalls, transfers, finished_at, booking_code "

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
	t->target_counter = db_col_null(st, 10) ? 0 : db_col_int(st, 10);
	t->recalls = db_col_int(st, 11);
	t->transfers = db_col_int(st, 12);
	t->finished_at = db_col_null(st, 13) ? 0 : db_col_int(st, 13);
	db_col_copy(st, 14, t->booking, sizeof(t->booking));
}

/* The heads of the three lines a counter calls from (enum queue_pick): tickets transferred to
 * it, priority tickets and ordinary ones, each by number. At a point that declares procedure
 * groups, the last two hold only the tickets of the groups the counter serves. */
#define SERVED_GROUPS                                                                              \
	"AND (NOT EXISTS (SELECT 1 FROM service_groups g WHERE g.point_code = $1) "                \
	"OR service_group IN (SELECT g.name FROM service_groups g JOIN service_group_counters c "  \
	"ON c.point_code = g.point_code AND c.position = g.position "                             \
	"WHERE g.point_code = $1 AND c.counter = $3)) "
static const char SQL_HEAD_DIRECTED[] =
	"SELECT " TICKET_COLUMNS "FROM queue_tickets WHERE point_code = $1 AND day = $2 "
	"AND status = 'waiting' AND target_counter = $3 ORDER BY number LIMIT 1";
static const char SQL_HEAD_PRIORITY[] =
	"SELECT " TICKET_COLUMNS "FROM queue_tickets WHERE point_code = $1 AND day = $2 "
	"AND status = 'waiting' AND target_counter IS NULL AND priority IS NOT NULL AND $3 > 0 "
	SERVED_GROUPS "ORDER BY number LIMIT 1";
static const char SQL_HEAD_ORDINARY[] =
	"SELECT " TICKET_COLUMNS "FROM queue_tickets WHERE point_code = $1 AND day = $2 "
	"AND status = 'waiting' AND target_counter IS NULL AND priority IS NULL AND $3 > 0 "
	SERVED_GROUPS "ORDER BY number LIMIT 1";

enum mc_err qstore_head(struct db *db, const char *point, const char *day, int64_t counter,
			enum queue_pick line, struct ticket *out)
{
	const char *sql = line == QUEUE_PICK_DIRECTED  ? SQL_HEAD_DIRECTED
			  : line == QUEUE_PICK_PRIORITY ? SQL_HEAD_PRIORITY
							: SQL_HEAD_ORDINARY;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	db_bind_int(st, 3, counter);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_ticket(st, out);
	return db_run(st);
}

static const char SQL_GET[] = "SELECT " TICKET_COLUMNS "FROM queue_tickets WHERE point_code = $1 "
			      "AND day = $2 AND number = $3";

enum mc_err qstore_get(struct db *db, const char *point, const char *day, int64_t number,
		       struct ticket *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	db_bind_int(st, 3, number);
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

/* The counter's own ticket changes; each only from 'called' at that counter (else MC_ECONFLICT). */
static const char SQL_RECALL[] = "UPDATE queue_tickets SET recalls = recalls + 1 WHERE id = $1 "
				 "AND status = 'called' AND counter = $2";
static const char SQL_END[] = "UPDATE queue_tickets SET status = $3, finished_at = $4 WHERE id = $1 "
			      "AND status = 'called' AND counter = $2";
static const char SQL_TRANSFER[] =
	"UPDATE queue_tickets SET status = 'waiting', counter = NULL, called_at = NULL, "
	"called_by = NULL, target_counter = $3, service_group = $4, transfers = transfers + 1 "
	"WHERE id = $1 AND status = 'called' AND counter = $2";

static enum mc_err changed_one(struct db *db, struct db_stmt *st)
{
	enum mc_err err = db_run(st);
	if (!err && db_changes(db) != 1)
		err = MC_ECONFLICT;
	return err;
}

enum mc_err qstore_recall(struct db *db, int64_t id, int64_t counter)
{
	struct db_stmt *st = db_prepare(db, SQL_RECALL);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, counter);
	return changed_one(db, st);
}

enum mc_err qstore_end(struct db *db, int64_t id, int64_t counter, const char *status, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_END);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, counter);
	db_bind_text(st, 3, status, SIZE_MAX);
	db_bind_int(st, 4, at);
	return changed_one(db, st);
}

enum mc_err qstore_transfer(struct db *db, int64_t id, int64_t counter, int64_t target,
			    const char *group)
{
	struct db_stmt *st = db_prepare(db, SQL_TRANSFER);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, counter);
	if (target)
		db_bind_int(st, 3, target);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, group, SIZE_MAX);
	return changed_one(db, st);
}

/* The point's row of the day: created at the first call, locked (updated) by every call so that
 * calls at one point run one after the other. */
static const char SQL_DAY_LOCK[] =
	"INSERT INTO queue_days (point_code, day, priority_streak) VALUES ($1, $2, 0) "
	"ON CONFLICT (point_code, day) DO UPDATE SET priority_streak = queue_days.priority_streak "
	"RETURNING priority_streak";
static const char SQL_DAY_SET[] =
	"UPDATE queue_days SET priority_streak = $3 WHERE point_code = $1 AND day = $2";

enum mc_err qstore_day_lock(struct db *db, const char *point, const char *day, int64_t *streak)
{
	struct db_stmt *st = db_prepare(db, SQL_DAY_LOCK);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err == MC_ENOTFOUND ? MC_EDB : err;
	*streak = db_col_int(st, 0);
	return db_run(st);
}

enum mc_err qstore_day_set(struct db *db, const char *point, const char *day, int64_t streak)
{
	struct db_stmt *st = db_prepare(db, SQL_DAY_SET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	db_bind_int(st, 3, streak);
	return db_run(st);
}

static const char SQL_SETTINGS_GET[] =
	"SELECT ordinary_every FROM queue_settings WHERE point_code = $1";
static const char SQL_SETTINGS_PUT[] =
	"INSERT INTO queue_settings (point_code, ordinary_every, updated_at, updated_by) "
	"VALUES ($1, $2, $3, $4) ON CONFLICT (point_code) DO UPDATE SET ordinary_every = "
	"excluded.ordinary_every, updated_at = excluded.updated_at, updated_by = excluded.updated_by";

enum mc_err qstore_settings_get(struct db *db, const char *point, int *every)
{
	struct db_stmt *st = db_prepare(db, SQL_SETTINGS_GET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err == MC_ENOTFOUND) {
		*every = QUEUE_ORDINARY_EVERY;
		return MC_OK;
	}
	if (err)
		return err;
	*every = (int)db_col_int(st, 0);
	return db_run(st);
}

enum mc_err qstore_settings_put(struct db *db, const char *point, int every, int64_t at,
				const char *by)
{
	struct db_stmt *st = db_prepare(db, SQL_SETTINGS_PUT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_int(st, 2, every);
	db_bind_int(st, 3, at);
	db_bind_text(st, 4, by, SIZE_MAX);
	return db_run(st);
}

/* A dossier received from a ticket that was called (and maybe finished) at the point today. */
static const char SQL_LINK[] =
	"INSERT INTO queue_ticket_dossiers (dossier_id, ticket_id) SELECT $1, id FROM queue_tickets "
	"WHERE point_code = $2 AND day = $3 AND number = $4 AND status IN ('called', 'done')";

enum mc_err qstore_link_dossier(struct db *db, int64_t dossier_id, const char *point,
				const char *day, int64_t number)
{
	struct db_stmt *st = db_prepare(db, SQL_LINK);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_text(st, 2, point, SIZE_MAX);
	db_bind_text(st, 3, day, SIZE_MAX);
	db_bind_int(st, 4, number);
	enum mc_err err = db_run(st);
	if (!err && db_changes(db) != 1)
		err = MC_ENOTFOUND;
	return err;
}

static const char SQL_DOSSIER_TICKET[] =
	"SELECT " TICKET_COLUMNS "FROM queue_tickets WHERE id = (SELECT ticket_id FROM "
	"queue_ticket_dossiers WHERE dossier_id = $1)";

enum mc_err qstore_dossier_ticket(struct db *db, int64_t dossier_id, struct ticket *out)
{
	struct db_stmt *st = db_prepare(db, SQL_DOSSIER_TICKET);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_ticket(st, out);
	return db_run(st);
}

/* Served (done) and skipped tickets of a point's days from..to, with the sums of their waiting
 * (issued to called) and serving (called to finished) seconds, per counter, per officer (who
 * called the ticket) or for the point; for the point also the expired ones (left at the end of
 * their day). */
#define STATS_SUMS                                                                                 \
	"sum(CASE WHEN status = 'done' THEN 1 ELSE 0 END), "                                       \
	"sum(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END), "                                    \
	"coalesce(sum(CASE WHEN status = 'done' THEN called_at - created_at ELSE 0 END), 0), "     \
	"coalesce(sum(CASE WHEN status = 'done' THEN finished_at - called_at ELSE 0 END), 0), "    \
	"sum(CASE WHEN status = 'expired' THEN 1 ELSE 0 END) "                                     \
	"FROM queue_tickets WHERE point_code = $1 AND day >= $2 AND day <= $3 "
static const char SQL_STATS_COUNTER[] =
	"SELECT counter, NULL, " STATS_SUMS "AND status IN ('done', 'skipped') "
	"GROUP BY counter ORDER BY counter";
static const char SQL_STATS_OFFICER[] =
	"SELECT 0, called_by, " STATS_SUMS "AND status IN ('done', 'skipped') "
	"GROUP BY called_by ORDER BY called_by";
static const char SQL_STATS_POINT[] =
	"SELECT 0, NULL, " STATS_SUMS "AND status IN ('done', 'skipped', 'expired')";

enum mc_err qstore_stats(struct db *db, const char *point, const char *from, const char *to,
			 int by, void (*fn)(const struct queue_stat *s, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	const char *sql = by == 0 ? SQL_STATS_POINT : by == 1 ? SQL_STATS_COUNTER : SQL_STATS_OFFICER;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, from, SIZE_MAX);
	db_bind_text(st, 3, to, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		struct queue_stat s = {
			.counter = db_col_null(st, 0) ? 0 : db_col_int(st, 0),
			.officer = db_col_null(st, 1) ? NULL : db_col_text(st, 1),
			.served = db_col_null(st, 2) ? 0 : db_col_int(st, 2),
			.skipped = db_col_null(st, 3) ? 0 : db_col_int(st, 3),
			.wait_total = db_col_int(st, 4),
			.serve_total = db_col_int(st, 5),
			.expired = db_col_null(st, 6) ? 0 : db_col_int(st, 6),
		};
		fn(&s, arg);
	}
	return err;
}

static const char SQL_COUNTER_TICKET[] =
	"SELECT " TICKET_COLUMNS "FROM queue_tickets WHERE point_code = $1 AND day = $2 "
	"AND counter = $3 AND status = 'called' ORDER BY called_at DESC, id DESC LIMIT 1";

enum mc_err qstore_counter_ticket(struct db *db, const char *point, const char *day,
				  int64_t counter, struct ticket *out)
{
	struct db_stmt *st = db_prepare(db, SQL_COUNTER_TICKET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	db_bind_int(st, 3, counter);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_ticket(st, out);
	return db_run(st);
}

static const char SQL_SETTINGS_STORED[] =
	"SELECT count(*) FROM queue_settings WHERE point_code = $1";

enum mc_err qstore_settings_stored(struct db *db, const char *point, int *stored)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_SETTINGS_STORED);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*stored = row ? (int)db_col_int(st, 0) : 0;
	return db_run(st);
}

static const char SQL_SERVING[] =
	"SELECT " TICKET_COLUMNS "FROM queue_tickets WHERE point_code = $1 AND day = $2 "
	"AND status = 'called' ORDER BY counter, called_at DESC";

enum mc_err qstore_serving(struct db *db, const char *point, const char *day,
			   void (*fn)(const struct ticket *t, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct ticket t;
	int64_t last = -1;
	struct db_stmt *st = db_prepare(db, SQL_SERVING);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		read_ticket(st, &t);
		if (t.counter != last)
			fn(&t, arg);
		last = t.counter;
	}
	return err;
}

/* Tickets of days before `day` still waiting or called become expired, at most `limit` a call. */
static const char SQL_EXPIRE[] =
	"UPDATE queue_tickets SET status = 'expired' WHERE id IN (SELECT id FROM queue_tickets "
	"WHERE status IN ('waiting', 'called') AND day < $1 ORDER BY id LIMIT $2)";

enum mc_err qstore_expire(struct db *db, const char *day, int64_t limit, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, SQL_EXPIRE);
	*n = 0;
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, day, SIZE_MAX);
	db_bind_int(st, 2, limit);
	enum mc_err err = db_run(st);
	if (!err)
		*n = db_changes(db);
	return err;
}
