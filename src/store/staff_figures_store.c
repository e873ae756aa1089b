/* SQL of the officers' figures (store/staff_figures_store.h). */
#include "base/base.h"

#include "store/staff_figures_store.h"

/* $1 from, $2 to, $3 units (JSON array or NULL), $4 unit or NULL, $5 username or NULL. Acts: the
 * history's intake/receive, decide, return and request-supplement events; the steps completed
 * (done_by), in time (early or on time) or late, with their handling time (done - started -
 * paused, wall-clock seconds); and the ratings given in the period to dossiers the account acted
 * on at any time (one per dossier and account). Citizens' accounts are left out. */
static const char SQL[] =
	"WITH acts AS ("
	"SELECT e.actor AS who, e.dossier_id AS did, "
	"CASE WHEN e.action IN ('intake', 'receive') THEN 1 ELSE 0 END AS recv, "
	"CASE WHEN e.action = 'decide' THEN 1 ELSE 0 END AS dec, "
	"CASE WHEN e.action = 'return' THEN 1 ELSE 0 END AS ret, "
	"CASE WHEN e.action = 'request-supplement' THEN 1 ELSE 0 END AS sup, "
	"0 AS ok, 0 AS late, 0 AS secs, 0 AS timed, 0 AS rated, 0 AS sat, 0 AS unsat "
	"FROM dossier_events e WHERE e.at BETWEEN $1 AND $2 AND e.action IN ('intake', 'receive', "
	"'decide', 'return', 'request-supplement') "
	"UNION ALL SELECT s.done_by, s.dossier_id, 0, 0, 0, 0, "
	"CASE WHEN s.timeliness IN ('early', 'on_time') THEN 1 ELSE 0 END, "
	"CASE WHEN s.timeliness = 'late' THEN 1 ELSE 0 END, "
	"CASE WHEN s.started_at IS NULL THEN 0 ELSE max(s.done_at - s.started_at - "
	"s.paused_seconds, 0) END, CASE WHEN s.started_at IS NULL THEN 0 ELSE 1 END, 0, 0, 0 "
	"FROM dossier_steps s WHERE s.done_at BETWEEN $1 AND $2 AND s.done_by IS NOT NULL "
	/* A pass of a step closed by sending the dossier back (its own timeliness), and an answered
	 * opinion, count as steps of the officer who did them (docs/workflow.md). */
	"UNION ALL SELECT b.actor, b.dossier_id, 0, 0, 0, 0, "
	"CASE WHEN b.timeliness IN ('early', 'on_time') THEN 1 ELSE 0 END, "
	"CASE WHEN b.timeliness = 'late' THEN 1 ELSE 0 END, 0, 0, 0, 0, 0 "
	"FROM dossier_sendbacks b WHERE b.at BETWEEN $1 AND $2 "
	"UNION ALL SELECT o.answered_by, o.dossier_id, 0, 0, 0, 0, "
	"CASE WHEN o.timeliness IN ('early', 'on_time') THEN 1 ELSE 0 END, "
	"CASE WHEN o.timeliness = 'late' THEN 1 ELSE 0 END, 0, 0, 0, 0, 0 "
	"FROM dossier_opinions o WHERE o.answered_at BETWEEN $1 AND $2 AND o.answered_by IS NOT NULL "
	"UNION ALL SELECT t.who, d.id, 0, 0, 0, 0, 0, 0, 0, 0, 1, "
	"CASE WHEN d.rating IN ('very_satisfied', 'satisfied') THEN 1 ELSE 0 END, "
	"CASE WHEN d.rating = 'unsatisfied' THEN 1 ELSE 0 END "
	"FROM dossiers d JOIN (SELECT actor AS who, dossier_id FROM dossier_events "
	"UNION SELECT done_by, dossier_id FROM dossier_steps WHERE done_by IS NOT NULL) t "
	"ON t.dossier_id = d.id WHERE d.rated_at BETWEEN $1 AND $2 AND d.rating IS NOT NULL"
	") SELECT a.who, u.full_name, sum(a.recv), sum(a.ok), sum(a.late), sum(a.dec), sum(a.ret), "
	"sum(a.sup), sum(a.secs), sum(a.timed), sum(a.rated), sum(a.sat), sum(a.unsat) "
	"FROM acts a JOIN users u ON u.username = a.who "
	"WHERE NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = "
	"'citizen') AND ($5 IS NULL OR a.who = $5) "
	"AND ($3 IS NULL OR EXISTS (SELECT 1 FROM dossier_units du WHERE du.dossier_id = a.did AND "
	"du.unit IN (SELECT value FROM json_each($3)))) AND ($4 IS NULL OR EXISTS (SELECT 1 FROM "
	"dossier_units du WHERE du.dossier_id = a.did AND du.unit = $4)) "
	"GROUP BY a.who, u.full_name";

enum mc_err stafffigures_list(struct db *db, int64_t from, int64_t to, const char *units_json,
			      const char *unit, const char *username,
			      void (*fn)(const struct staff_row *r, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_text(st, 3, units_json, SIZE_MAX);
	db_bind_text(st, 4, unit, SIZE_MAX);
	db_bind_text(st, 5, username, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		const char *who = db_col_text(st, 0), *name = db_col_text(st, 1);
		struct staff_row r = {
			.username = who ? who : "",
			.full_name = name ? name : "",
			.received = db_col_int0(st, 2),
			.steps_on_time = db_col_int0(st, 3),
			.steps_late = db_col_int0(st, 4),
			.decisions = db_col_int0(st, 5),
			.returns = db_col_int0(st, 6),
			.supplement_requests = db_col_int0(st, 7),
			.step_seconds = db_col_int0(st, 8),
			.steps_timed = db_col_int0(st, 9),
			.rated = db_col_int0(st, 10),
			.satisfied = db_col_int0(st, 11),
			.unsatisfied = db_col_int0(st, 12),
		};
		fn(&r, arg);
	}
	return err;
}
