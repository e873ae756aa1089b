/* SQL of the statistics: one statement per grouping (no SQL is built from strings), over the
 * dossier rows (any period, any scope) or over the maintained day cells (whole days, all units). */
#include "base/base.h"

#include "store/report_store.h"
#include "store/sql_open.h"

static const char SQL_SUMMARY_RECEIVING[] =
	"SELECT d.receiving_unit, max(d.receiving_unit), sum(d.received_at BETWEEN $1 AND $2 AND d."
	"channel = 'counter'), sum(d.received_at BETWEEN $1 AND $2 AND d.channel = 'online'), sum(d"
	".received_at BETWEEN $1 AND $2 AND d.channel = 'post'), sum(d.decided_at BETWEEN $1 AND $2"
	" AND d.timeliness = 'early'), sum(d.decided_at BETWEEN $1 AND $2 AND d.timeliness = 'on_ti"
	"me'), sum(d.decided_at BETWEEN $1 AND $2 AND d.timeliness = 'late'), sum(d.status IN ('rec"
	"eived', 'processing') AND d.received_at <= $2 AND coalesce(d.extended_due_at, d.due_at) >="
	" $2), sum(d.status IN ('received', 'processing') AND d.received_at <= $2 AND coalesce(d.ex"
	"tended_due_at, d.due_at) < $2), sum(d.status = 'awaiting_supplement' AND d.received_at <= "
	"$2), sum(d.status = 'stopped' AND d.submitted_at BETWEEN $1 AND $2), sum(d.status = 'refus"
	"ed' AND d.submitted_at BETWEEN $1 AND $2), sum(d.decided_at BETWEEN $1 AND $2 AND d.decisi"
	"on = 'denied'), sum(d.returned_at BETWEEN $1 AND $2), sum(CASE WHEN d.received_at BETWEEN "
	"$1 AND $2 THEN d.supplement_requests ELSE 0 END), sum(d.received_at BETWEEN $1 AND $2 AND "
	"d.channel <> 'online' AND NOT EXISTS (SELECT 1 FROM dossier_components c WHERE c.dossier_i"
	"d = d.id AND c.needed = 1 AND c.document IS NULL)), sum(d.received_at BETWEEN $1 AND $2 AN"
	"D d.channel <> 'online'), sum(d.decided_at BETWEEN $1 AND $2 AND d.decision = 'approved'),"
	" sum(d.decided_at BETWEEN $1 AND $2 AND d.decision = 'approved' AND d.result_signed = 1"
	"), sum(d.rated_at BETWEEN $1 AND $2), sum(d.rated_at BETWEEN $1 AND $2 AND d.rating"
	" IN ('very_satisfied', 'satisfied')), 0 FROM dossiers d WHERE ($3 IS NULL OR EXISTS (SELEC"
	"T 1 FROM dossier_units u WHERE u.dossier_id = d.id AND u.unit IN (SELECT value FROM json_e"
	"ach($3)))) AND (d.received_at <= $2 OR d.submitted_at <= $2) GROUP BY d.receiving_unit ORD"
	"ER BY d.receiving_unit";

static const char SQL_SUMMARY_RESOLVER[] =
	"SELECT d.resolver_unit, max(d.resolver_unit), sum(d.received_at BETWEEN $1 AND $2 AND d.ch"
	"annel = 'counter'), sum(d.received_at BETWEEN $1 AND $2 AND d.channel = 'online'), sum(d.r"
	"eceived_at BETWEEN $1 AND $2 AND d.channel = 'post'), sum(d.decided_at BETWEEN $1 AND $2 A"
	"ND d.timeliness = 'early'), sum(d.decided_at BETWEEN $1 AND $2 AND d.timeliness = 'on_time"
	"'), sum(d.decided_at BETWEEN $1 AND $2 AND d.timeliness = 'late'), sum(d.status IN ('recei"
	"ved', 'processing') AND d.received_at <= $2 AND coalesce(d.extended_due_at, d.due_at) >= $"
	"2), sum(d.status IN ('received', 'processing') AND d.received_at <= $2 AND coalesce(d.exte"
	"nded_due_at, d.due_at) < $2), sum(d.status = 'awaiting_supplement' AND d.received_at <= $2"
	"), sum(d.status = 'stopped' AND d.submitted_at BETWEEN $1 AND $2), sum(d.status = 'refused"
	"' AND d.submitted_at BETWEEN $1 AND $2), sum(d.decided_at BETWEEN $1 AND $2 AND d.decision"
	" = 'denied'), sum(d.returned_at BETWEEN $1 AND $2), sum(CASE WHEN d.received_at BETWEEN $1"
	" AND $2 THEN d.supplement_requests ELSE 0 END), sum(d.received_at BETWEEN $1 AND $2 AND d."
	"channel <> 'online' AND NOT EXISTS (SELECT 1 FROM dossier_components c WHERE c.dossier_id "
	"= d.id AND c.needed = 1 AND c.document IS NULL)), sum(d.received_at BETWEEN $1 AND $2 AND "
	"d.channel <> 'online'), sum(d.decided_at BETWEEN $1 AND $2 AND d.decision = 'approved'), s"
	"um(d.decided_at BETWEEN $1 AND $2 AND d.decision = 'approved' AND d.result_signed = 1"
	"), sum(d.rated_at BETWEEN $1 AND $2), sum(d.rated_at BETWEEN $1 AND $2 AND d.rating I"
	"N ('very_satisfied', 'satisfied')), 0 FROM dossiers d WHERE ($3 IS NULL OR EXISTS (SELECT "
	"1 FROM dossier_units u WHERE u.dossier_id = d.id AND u.unit IN (SELECT value FROM json_eac"
	"h($3)))) AND (d.received_at <= $2 OR d.submitted_at <= $2) GROUP BY d.resolver_unit ORDER "
	"BY d.resolver_unit";

static const char SQL_SUMMARY_PROCEDURE[] =
	"SELECT d.procedure_code, max(d.procedure_name), sum(d.received_at BETWEEN $1 AND $2 AND d."
	"channel = 'counter'), sum(d.received_at BETWEEN $1 AND $2 AND d.channel = 'online'), sum(d"
	".received_at BETWEEN $1 AND $2 AND d.channel = 'post'), sum(d.decided_at BETWEEN $1 AND $2"
	" AND d.timeliness = 'early'), sum(d.decided_at BETWEEN $1 AND $2 AND d.timeliness = 'on_ti"
	"me'), sum(d.decided_at BETWEEN $1 AND $2 AND d.timeliness = 'late'), sum(d.status IN ('rec"
	"eived', 'processing') AND d.received_at <= $2 AND coalesce(d.extended_due_at, d.due_at) >="
	" $2), sum(d.status IN ('received', 'processing') AND d.received_at <= $2 AND coalesce(d.ex"
	"tended_due_at, d.due_at) < $2), sum(d.status = 'awaiting_supplement' AND d.received_at <= "
	"$2), sum(d.status = 'stopped' AND d.submitted_at BETWEEN $1 AND $2), sum(d.status = 'refus"
	"ed' AND d.submitted_at BETWEEN $1 AND $2), sum(d.decided_at BETWEEN $1 AND $2 AND d.decisi"
	"on = 'denied'), sum(d.returned_at BETWEEN $1 AND $2), sum(CASE WHEN d.received_at BETWEEN "
	"$1 AND $2 THEN d.supplement_requests ELSE 0 END), sum(d.received_at BETWEEN $1 AND $2 AND "
	"d.channel <> 'online' AND NOT EXISTS (SELECT 1 FROM dossier_components c WHERE c.dossier_i"
	"d = d.id AND c.needed = 1 AND c.document IS NULL)), sum(d.received_at BETWEEN $1 AND $2 AN"
	"D d.channel <> 'online'), sum(d.decided_at BETWEEN $1 AND $2 AND d.decision = 'approved'),"
	" sum(d.decided_at BETWEEN $1 AND $2 AND d.decision = 'approved' AND d.result_signed = 1"
	"), sum(d.rated_at BETWEEN $1 AND $2), sum(d.rated_at BETWEEN $1 AND $2 AND d.rating"
	" IN ('very_satisfied', 'satisfied')), 0 FROM dossiers d WHERE ($3 IS NULL OR EXISTS (SELEC"
	"T 1 FROM dossier_units u WHERE u.dossier_id = d.id AND u.unit IN (SELECT value FROM json_e"
	"ach($3)))) AND (d.received_at <= $2 OR d.submitted_at <= $2) GROUP BY d.procedure_code ORD"
	"ER BY d.procedure_code";

/* By officer: a row per credited act (migration 0017 says who is credited with what), summed
 * per officer; an officer is listed from their first act. Nobody holds work in progress. */
static const char SQL_SUMMARY_OFFICER[] =
	"WITH a (officer, at, recv_counter, recv_online, recv_post, early, on_time, late, within, pa"
	"st_due, paused, stopped, refused, denied, returned, supplement_requests, digitized, scanned"
	"_needed, approved, electronic, rated, satisfied, processed) AS (SELECT d.received_by AS off"
	"icer, d.received_at AS at, CAST(d.received_at BETWEEN $1 AND $2 AND d.channel = 'counter' A"
	"S INTEGER), CAST(d.received_at BETWEEN $1 AND $2 AND d.channel = 'online' AS INTEGER), CAST"
	"(d.received_at BETWEEN $1 AND $2 AND d.channel = 'post' AS INTEGER), 0, 0, 0, 0, 0, 0, 0, 0"
	", 0, 0, CASE WHEN d.received_at BETWEEN $1 AND $2 THEN d.supplement_requests ELSE 0 END, CA"
	"ST(d.received_at BETWEEN $1 AND $2 AND d.channel <> 'online' AND NOT EXISTS (SELECT 1 FROM "
	"dossier_components c WHERE c.dossier_id = d.id AND c.needed = 1 AND c.document IS NULL) AS "
	"INTEGER), CAST(d.received_at BETWEEN $1 AND $2 AND d.channel <> 'online' AS INTEGER), 0, 0,"
	" 0, 0, 0 FROM dossiers d WHERE ($3 IS NULL OR EXISTS (SELECT 1 FROM dossier_units u WHERE u"
	".dossier_id = d.id AND u.unit IN (SELECT value FROM json_each($3)))) AND d.received_by IS N"
	"OT NULL AND d.received_at IS NOT NULL UNION ALL SELECT d.decided_by AS officer, d.decided_a"
	"t AS at, 0, 0, 0, CAST(d.decided_at BETWEEN $1 AND $2 AND d.timeliness = 'early' AS INTEGER"
	"), CAST(d.decided_at BETWEEN $1 AND $2 AND d.timeliness = 'on_time' AS INTEGER), CAST(d.dec"
	"ided_at BETWEEN $1 AND $2 AND d.timeliness = 'late' AS INTEGER), 0, 0, 0, 0, 0, CAST(d.deci"
	"ded_at BETWEEN $1 AND $2 AND d.decision = 'denied' AS INTEGER), 0, 0, 0, 0, CAST(d.decided_"
	"at BETWEEN $1 AND $2 AND d.decision = 'approved' AS INTEGER), CAST(d.decided_at BETWEEN $1 "
	"AND $2 AND d.decision = 'approved' AND d.result_signed = 1 AS INTEGER), 0, 0, 0 F"
	"ROM dossiers d WHERE ($3 IS NULL OR EXISTS (SELECT 1 FROM dossier_units u WHERE u.dossier_i"
	"d = d.id AND u.unit IN (SELECT value FROM json_each($3)))) AND d.decided_by IS NOT NULL AND"
	" d.decided_at IS NOT NULL UNION ALL SELECT d.closed_by AS officer, d.submitted_at AS at, 0,"
	" 0, 0, 0, 0, 0, 0, 0, 0, CAST(d.status = 'stopped' AND d.submitted_at BETWEEN $1 AND $2 AS "
	"INTEGER), CAST(d.status = 'refused' AND d.submitted_at BETWEEN $1 AND $2 AS INTEGER), 0, 0,"
	" 0, 0, 0, 0, 0, 0, 0, 0 FROM dossiers d WHERE ($3 IS NULL OR EXISTS (SELECT 1 FROM dossier_"
	"units u WHERE u.dossier_id = d.id AND u.unit IN (SELECT value FROM json_each($3)))) AND d.c"
	"losed_by IS NOT NULL AND d.status IN ('stopped', 'refused') UNION ALL SELECT d.returned_by "
	"AS officer, d.returned_at AS at, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CAST(d.returned_at BET"
	"WEEN $1 AND $2 AS INTEGER), 0, 0, 0, 0, 0, CAST(d.rated_at BETWEEN $1 AND $2 AS INTEGER), C"
	"AST(d.rated_at BETWEEN $1 AND $2 AND d.rating IN ('very_satisfied', 'satisfied') AS INTEGER"
	"), 0 FROM dossiers d WHERE ($3 IS NULL OR EXISTS (SELECT 1 FROM dossier_units u WHERE u.dos"
	"sier_id = d.id AND u.unit IN (SELECT value FROM json_each($3)))) AND d.returned_by IS NOT N"
	"ULL AND d.returned_at IS NOT NULL UNION ALL SELECT s.done_by AS officer, s.done_at AS at, 0"
	", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CAST(s.done_at BETWEEN $1 AND $2"
	" AS INTEGER) FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id WHERE ($3 IS NULL "
	"OR EXISTS (SELECT 1 FROM dossier_units u WHERE u.dossier_id = d.id AND u.unit IN (SELECT va"
	"lue FROM json_each($3)))) AND s.role = 'processor' AND s.done_by IS NOT NULL AND s.done_at "
	"IS NOT NULL) SELECT a.officer, coalesce((SELECT u.full_name FROM users u WHERE u.username ="
	" a.officer), a.officer), sum(a.recv_counter), sum(a.recv_online), sum(a.recv_post), sum(a.e"
	"arly), sum(a.on_time), sum(a.late), sum(a.within), sum(a.past_due), sum(a.paused), sum(a.st"
	"opped), sum(a.refused), sum(a.denied), sum(a.returned), sum(a.supplement_requests), sum(a.d"
	"igitized), sum(a.scanned_needed), sum(a.approved), sum(a.electronic), sum(a.rated), sum(a.s"
	"atisfied), sum(a.processed) FROM a WHERE a.at <= $2 GROUP BY a.officer ORDER BY a.officer";

static void read_summary_row(struct db_stmt *st, void (*fn)(const struct report_row *r, void *arg),
			     void *arg);

static const char *sql_of(enum report_group g)
{
	switch (g) {
	case RG_RECEIVING_UNIT: return SQL_SUMMARY_RECEIVING;
	case RG_RESOLVER_UNIT: return SQL_SUMMARY_RESOLVER;
	case RG_PROCEDURE: return SQL_SUMMARY_PROCEDURE;
	case RG_OFFICER: return SQL_SUMMARY_OFFICER;
	}
	return SQL_SUMMARY_RECEIVING;
}

enum mc_err reportstore_summary(struct db *db, enum report_group g, int64_t from, int64_t to,
			   const char *units_json, void (*fn)(const struct report_row *r, void *arg),
			   void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, sql_of(g));
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_text(st, 3, units_json, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row)
		read_summary_row(st, fn, arg);
	return err;
}
static const char SQL_CELLS_RECEIVING[] =
	"WITH c AS (SELECT key, sum(recv_counter) AS recv_counter, sum(recv_online) AS recv_online,"
	" sum(recv_post) AS recv_post, sum(early) AS early, sum(on_time) AS on_time, sum(late) AS l"
	"ate, sum(stopped) AS stopped, sum(refused) AS refused, sum(denied) AS denied, sum(returned"
	") AS returned, sum(supplement_requests) AS supplement_requests, sum(digitized) AS digitize"
	"d, sum(scanned_needed) AS scanned_needed, sum(approved) AS approved, sum(electronic) AS el"
	"ectronic, sum(rated) AS rated, sum(satisfied) AS satisfied, sum(processed) AS processed FR"
	"OM report_cells WHERE kind = 'receiving_unit' AND day BETWEEN $1 AND $2 GROUP BY key), p A"
	"S (SELECT d.receiving_unit AS key, count(CASE WHEN d.status IN ('received', 'processing') "
	"AND d.received_at <= $3 AND coalesce(d.extended_due_at, d.due_at) >= $3 THEN 1 END) AS wit"
	"hin, count(CASE WHEN d.status IN ('received', 'processing') AND d.received_at <= $3 AND co"
	"alesce(d.extended_due_at, d.due_at) < $3 THEN 1 END) AS past_due, count(CASE WHEN d.status"
	" = 'awaiting_supplement' AND d.received_at <= $3 THEN 1 END) AS paused FROM dossiers d "
	"WHERE " OPEN_STATUSES " GROUP BY d.receiving_unit) "
	"SELECT k.key, k.name, coalesce(c.recv_counter, 0), coalesce(c.recv_online, 0), coalesce("
	"c.recv_post, 0), coalesce(c.early, 0), coalesce(c.on_time, 0), coalesce(c.late, 0), coales"
	"ce(p.within, 0), coalesce(p.past_due, 0), coalesce(p.paused, 0), coalesce(c.stopped, 0), c"
	"oalesce(c.refused, 0), coalesce(c.denied, 0), coalesce(c.returned, 0), coalesce(c.suppleme"
	"nt_requests, 0), coalesce(c.digitized, 0), coalesce(c.scanned_needed, 0), coalesce(c.appro"
	"ved, 0), coalesce(c.electronic, 0), coalesce(c.rated, 0), coalesce(c.satisfied, 0), 0 FROM"
	" report_keys k LEFT JOIN c ON c.key = k.key LEFT JOIN p ON p.key = k.key WHERE k.kind = 'r"
	"eceiving_unit' AND k.first_at <= $3 ORDER BY k.key";

static const char SQL_CELLS_RESOLVER[] =
	"WITH c AS (SELECT key, sum(recv_counter) AS recv_counter, sum(recv_online) AS recv_online,"
	" sum(recv_post) AS recv_post, sum(early) AS early, sum(on_time) AS on_time, sum(late) AS l"
	"ate, sum(stopped) AS stopped, sum(refused) AS refused, sum(denied) AS denied, sum(returned"
	") AS returned, sum(supplement_requests) AS supplement_requests, sum(digitized) AS digitize"
	"d, sum(scanned_needed) AS scanned_needed, sum(approved) AS approved, sum(electronic) AS el"
	"ectronic, sum(rated) AS rated, sum(satisfied) AS satisfied, sum(processed) AS processed FR"
	"OM report_cells WHERE kind = 'resolver_unit' AND day BETWEEN $1 AND $2 GROUP BY key), p AS"
	" (SELECT d.resolver_unit AS key, count(CASE WHEN d.status IN ('received', 'processing') AN"
	"D d.received_at <= $3 AND coalesce(d.extended_due_at, d.due_at) >= $3 THEN 1 END) AS withi"
	"n, count(CASE WHEN d.status IN ('received', 'processing') AND d.received_at <= $3 AND coal"
	"esce(d.extended_due_at, d.due_at) < $3 THEN 1 END) AS past_due, count(CASE WHEN d.status ="
	" 'awaiting_supplement' AND d.received_at <= $3 THEN 1 END) AS paused FROM dossiers d WHERE "
	OPEN_STATUSES " GROUP BY d.resolver_unit) "
	"SELECT k.key, k.name, coalesce(c.recv_counter, 0), coalesce(c.recv_online, 0), coalesce(c.r"
	"ecv_post, 0), coalesce(c.early, 0), coalesce(c.on_time, 0), coalesce(c.late, 0), coalesce("
	"p.within, 0), coalesce(p.past_due, 0), coalesce(p.paused, 0), coalesce(c.stopped, 0), coal"
	"esce(c.refused, 0), coalesce(c.denied, 0), coalesce(c.returned, 0), coalesce(c.supplement_"
	"requests, 0), coalesce(c.digitized, 0), coalesce(c.scanned_needed, 0), coalesce(c.approved"
	", 0), coalesce(c.electronic, 0), coalesce(c.rated, 0), coalesce(c.satisfied, 0), 0 FROM re"
	"port_keys k LEFT JOIN c ON c.key = k.key LEFT JOIN p ON p.key = k.key WHERE k.kind = 'reso"
	"lver_unit' AND k.first_at <= $3 ORDER BY k.key";

static const char SQL_CELLS_PROCEDURE[] =
	"WITH c AS (SELECT key, sum(recv_counter) AS recv_counter, sum(recv_online) AS recv_online,"
	" sum(recv_post) AS recv_post, sum(early) AS early, sum(on_time) AS on_time, sum(late) AS l"
	"ate, sum(stopped) AS stopped, sum(refused) AS refused, sum(denied) AS denied, sum(returned"
	") AS returned, sum(supplement_requests) AS supplement_requests, sum(digitized) AS digitize"
	"d, sum(scanned_needed) AS scanned_needed, sum(approved) AS approved, sum(electronic) AS el"
	"ectronic, sum(rated) AS rated, sum(satisfied) AS satisfied, sum(processed) AS processed FR"
	"OM report_cells WHERE kind = 'procedure' AND day BETWEEN $1 AND $2 GROUP BY key), p AS (SE"
	"LECT d.procedure_code AS key, count(CASE WHEN d.status IN ('received', 'processing') AND d"
	".received_at <= $3 AND coalesce(d.extended_due_at, d.due_at) >= $3 THEN 1 END) AS within, "
	"count(CASE WHEN d.status IN ('received', 'processing') AND d.received_at <= $3 AND coalesc"
	"e(d.extended_due_at, d.due_at) < $3 THEN 1 END) AS past_due, count(CASE WHEN d.status = 'a"
	"waiting_supplement' AND d.received_at <= $3 THEN 1 END) AS paused FROM dossiers d WHERE "
	OPEN_STATUSES " GROUP BY d.procedure_code) "
	"SELECT k.key, k.name, coalesce(c.recv_counter, 0), coalesce(c.recv_online, 0), coalesce(c.rec"
	"v_post, 0), coalesce(c.early, 0), coalesce(c.on_time, 0), coalesce(c.late, 0), coalesce(p."
	"within, 0), coalesce(p.past_due, 0), coalesce(p.paused, 0), coalesce(c.stopped, 0), coales"
	"ce(c.refused, 0), coalesce(c.denied, 0), coalesce(c.returned, 0), coalesce(c.supplement_re"
	"quests, 0), coalesce(c.digitized, 0), coalesce(c.scanned_needed, 0), coalesce(c.approved, "
	"0), coalesce(c.electronic, 0), coalesce(c.rated, 0), coalesce(c.satisfied, 0), 0 FROM repo"
	"rt_keys k LEFT JOIN c ON c.key = k.key LEFT JOIN p ON p.key = k.key WHERE k.kind = 'proced"
	"ure' AND k.first_at <= $3 ORDER BY k.key";

static const char SQL_CELLS_OFFICER[] =
	"WITH c AS (SELECT key, sum(recv_counter) AS recv_counter, sum(recv_online) AS recv_online,"
	" sum(recv_post) AS recv_post, sum(early) AS early, sum(on_time) AS on_time, sum(late) AS l"
	"ate, sum(stopped) AS stopped, sum(refused) AS refused, sum(denied) AS denied, sum(returned"
	") AS returned, sum(supplement_requests) AS supplement_requests, sum(digitized) AS digitize"
	"d, sum(scanned_needed) AS scanned_needed, sum(approved) AS approved, sum(electronic) AS el"
	"ectronic, sum(rated) AS rated, sum(satisfied) AS satisfied, sum(processed) AS processed FR"
	"OM report_cells WHERE kind = 'officer' AND day BETWEEN $1 AND $2 GROUP BY key) SELECT k.ke"
	"y, coalesce((SELECT u.full_name FROM users u WHERE u.username = k.key), k.key), coalesce(c"
	".recv_counter, 0), coalesce(c.recv_online, 0), coalesce(c.recv_post, 0), coalesce(c.early,"
	" 0), coalesce(c.on_time, 0), coalesce(c.late, 0), 0, 0, 0, coalesce(c.stopped, 0), coalesc"
	"e(c.refused, 0), coalesce(c.denied, 0), coalesce(c.returned, 0), coalesce(c.supplement_req"
	"uests, 0), coalesce(c.digitized, 0), coalesce(c.scanned_needed, 0), coalesce(c.approved, 0"
	"), coalesce(c.electronic, 0), coalesce(c.rated, 0), coalesce(c.satisfied, 0), coalesce(c.p"
	"rocessed, 0) FROM report_keys k LEFT JOIN c ON c.key = k.key WHERE k.kind = 'officer' AND "
	"k.first_at <= $3 ORDER BY k.key";

static const char *cells_sql_of(enum report_group g)
{
	switch (g) {
	case RG_RECEIVING_UNIT: return SQL_CELLS_RECEIVING;
	case RG_RESOLVER_UNIT: return SQL_CELLS_RESOLVER;
	case RG_PROCEDURE: return SQL_CELLS_PROCEDURE;
	case RG_OFFICER: return SQL_CELLS_OFFICER;
	}
	return SQL_CELLS_RECEIVING;
}

/* The columns of a summary row from column 2 on (both statement kinds give the same columns). */
static void read_summary_row(struct db_stmt *st, void (*fn)(const struct report_row *r, void *arg),
			     void *arg)
{
	struct report_row r = {.key = db_col_text(st, 0), .name = db_col_text(st, 1)};
	int64_t *f[] = {&r.recv_counter, &r.recv_online, &r.recv_post, &r.early, &r.on_time,
			&r.late, &r.within, &r.past_due, &r.paused, &r.stopped, &r.refused,
			&r.denied, &r.returned, &r.supplement_requests, &r.digitized,
			&r.scanned_needed, &r.approved, &r.electronic, &r.rated, &r.satisfied,
			&r.processed};
	for (size_t i = 0; i < MC_ARRAY_LEN(f); i++)
		*f[i] = db_col_null(st, (int)i + 2) ? 0 : db_col_int(st, (int)i + 2);
	fn(&r, arg);
}

enum mc_err reportstore_summary_cells(struct db *db, enum report_group g, int64_t from_day,
				 int64_t to_day, int64_t to,
				 void (*fn)(const struct report_row *r, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, cells_sql_of(g));
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, from_day);
	db_bind_int(st, 2, to_day);
	db_bind_int(st, 3, to);
	while (!(err = db_step(st, &row)) && row)
		read_summary_row(st, fn, arg);
	return err;
}


/* Whether every receiving unit that has dossiers is among the units of units_json. */
static const char SQL_COVERS_ALL_RECEIVING[] =
	"SELECT NOT EXISTS (SELECT 1 FROM report_keys WHERE kind = 'receiving_unit' "
	"AND key NOT IN (SELECT value FROM json_each($1)))";

enum mc_err reportstore_covers_all_receiving(struct db *db, const char *units_json, bool *all)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_COVERS_ALL_RECEIVING);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, units_json, SIZE_MAX);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*all = row && db_col_int(st, 0) != 0;
	return db_run(st);
}
