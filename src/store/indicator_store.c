/* SQL of the indicators (svc/indicators.c): one statement over the dossier rows of a period and a
 * scope, no SQL built from strings. */
#include "base/base.h"

#include "store/indicator_store.h"

/* $1 from, $2 to (inclusive), $3 the caller's units as a JSON array (NULL: all), $4 one unit
 * (NULL: all). A dossier counts for a unit when the unit is one of its units (dossier_units). */
static const char SQL_COUNTS[] =
	"SELECT "
	"coalesce(sum(d.received_at BETWEEN $1 AND $2), 0), "
	"coalesce(sum(d.received_at BETWEEN $1 AND $2 AND d.channel = 'online'), 0), "
	"coalesce(sum(d.received_at BETWEEN $1 AND $2 AND p.online = 'full'), 0), "
	"coalesce(sum(d.received_at BETWEEN $1 AND $2 AND p.online = 'full' AND d.channel = 'online'), 0), "
	"coalesce(sum(d.decided_at BETWEEN $1 AND $2 AND d.timeliness IN ('early', 'on_time', 'late')), 0), "
	"coalesce(sum(d.decided_at BETWEEN $1 AND $2 AND d.timeliness IN ('early', 'on_time')), 0), "
	"coalesce(sum(d.status IN ('received', 'processing') AND d.received_at <= $2 AND "
	"coalesce(d.extended_due_at, d.due_at) >= $2), 0), "
	"coalesce(sum(d.status IN ('received', 'processing') AND d.received_at <= $2 AND "
	"coalesce(d.extended_due_at, d.due_at) < $2), 0), "
	"coalesce(sum(d.returned_at BETWEEN $1 AND $2), 0), "
	"coalesce(sum(d.returned_at BETWEEN $1 AND $2 AND d.returned_at <= "
	"coalesce(d.extended_due_at, d.due_at)), 0), "
	"coalesce(sum(d.decided_at BETWEEN $1 AND $2 AND d.decision = 'approved'), 0), "
	"coalesce(sum(d.decided_at BETWEEN $1 AND $2 AND d.decision = 'approved' AND "
	"d.result_signed = 1), 0), "
	"coalesce(sum(d.decided_at BETWEEN $1 AND $2 AND d.timeliness IN ('early', 'on_time', 'late') "
	"AND (d.decision = 'denied' OR d.result_signed = 1) AND NOT EXISTS (SELECT 1 FROM "
	"dossier_components c WHERE c.dossier_id = d.id AND c.needed = 1 AND c.document IS NULL)), 0), "
	"coalesce(sum(d.decided_at BETWEEN $1 AND $2 AND d.timeliness IN ('early', 'on_time', 'late') "
	"AND (d.timeliness = 'late' OR d.rating = 'unsatisfied')), 0), "
	"coalesce(sum(d.extended_at BETWEEN $1 AND $2), 0), "
	"coalesce(sum(d.extended_at BETWEEN $1 AND $2 AND d.extended_late = 1), 0), "
	"coalesce(sum(d.received_at BETWEEN $1 AND $2 AND s.state = 'acknowledged'), 0), "
	"coalesce(sum(d.submitted_at BETWEEN $1 AND $2 AND f.gross > 0), 0), "
	"coalesce(sum(d.submitted_at BETWEEN $1 AND $2 AND f.gross > 0 AND EXISTS (SELECT 1 FROM "
	"payments pm WHERE pm.dossier_id = d.id AND pm.method = 'online' AND pm.status = 'paid')), 0), "
	"coalesce(sum(d.received_at BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM dossier_components "
	"c WHERE c.dossier_id = d.id AND c.document IS NOT NULL)), 0), "
	"coalesce(sum(d.received_at BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM dossier_components "
	"c WHERE c.dossier_id = d.id AND c.document IS NOT NULL AND EXISTS (SELECT 1 FROM "
	"dossier_components c2 WHERE c2.document = c.document AND c2.dossier_id < d.id))), 0), "
	"coalesce(sum(d.received_at BETWEEN $1 AND $2 AND d.channel = 'online' AND "
	"su.verified_via = 'vneid'), 0) "
	"FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code AND "
	"p.version = d.procedure_version LEFT JOIN portal_sync s ON s.dossier_code = d.code "
	"LEFT JOIN dossier_fees f ON f.dossier_id = d.id LEFT JOIN users su ON su.id = d.submitter_id "
	"WHERE ($3 IS NULL OR EXISTS (SELECT 1 FROM dossier_units u WHERE u.dossier_id = d.id AND "
	"u.unit IN (SELECT value FROM json_each($3)))) AND ($4 IS NULL OR EXISTS (SELECT 1 FROM "
	"dossier_units u WHERE u.dossier_id = d.id AND u.unit = $4)) AND (d.received_at <= $2 OR "
	"d.submitted_at <= $2)";

/* Feedback (docs/feedback.md) counts for the unit it is assigned to: $1 from, $2 to (inclusive),
 * $3 the caller's units as a JSON array (NULL: all), $4 one unit (NULL: all). */
static const char SQL_FEEDBACK[] =
	"SELECT coalesce(sum(received_at BETWEEN $1 AND $2), 0), "
	"coalesce(sum(due_at BETWEEN $1 AND $2), 0), "
	"coalesce(sum(due_at BETWEEN $1 AND $2 AND answered_at IS NOT NULL AND answered_at <= due_at), 0) "
	"FROM feedback WHERE ($3 IS NULL OR unit IN (SELECT value FROM json_each($3))) AND "
	"($4 IS NULL OR unit = $4)";

static enum mc_err feedback_counts(struct db *db, int64_t from, int64_t to, const char *units_json,
				   const char *unit, struct indicator_counts *out)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_FEEDBACK);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_text(st, 3, units_json, SIZE_MAX);
	db_bind_text(st, 4, unit, SIZE_MAX);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	if (!row)
		return MC_EINTERNAL;
	out->feedback_received = db_col_int(st, 0);
	out->feedback_due = db_col_int(st, 1);
	out->feedback_due_answered_in_time = db_col_int(st, 2);
	return db_run(st);
}

enum mc_err indicatorstore_counts(struct db *db, int64_t from, int64_t to, const char *units_json,
				  const char *unit, struct indicator_counts *out)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_COUNTS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_text(st, 3, units_json, SIZE_MAX);
	db_bind_text(st, 4, unit, SIZE_MAX);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	if (!row)
		return MC_EINTERNAL;
	int64_t *f[] = {&out->received, &out->received_online, &out->received_full,
			&out->received_full_online, &out->decided, &out->decided_in_time,
			&out->open_within, &out->open_past_due, &out->returned, &out->returned_in_time,
			&out->approved, &out->approved_electronic, &out->decided_digitized,
			&out->decided_unsatisfied_or_late, &out->extended, &out->extended_late, &out->received_synced, &out->with_fee, &out->paid_online,
			&out->with_documents, &out->reused_documents, &out->online_vneid};
	for (size_t i = 0; i < MC_ARRAY_LEN(f); i++)
		*f[i] = db_col_int(st, (int)i);
	err = db_run(st);
	return err ? err : feedback_counts(db, from, to, units_json, unit, out);
}
