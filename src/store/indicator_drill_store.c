/* Drill-down SQL (store/indicator_drill_store.h). Each condition repeats the one of the matching
 * count in store/indicator_store.c; tests/api/indicator_views.test.mjs checks that every list is
 * as long as its count. The key is bound ($5), never spliced into the SQL. */
#include "base/base.h"

#include <string.h>

#include "store/indicator_drill_store.h"

static const char *const KEYS[] = {
	"portal_sync/numerator",	    "portal_sync/denominator",
	"processing_on_time/numerator",	    "processing_on_time/denominator",
	"returns_on_time/numerator",	    "returns_on_time/denominator",
	"online_submission/numerator",	    "online_submission/denominator",
	"full_online/numerator",	    "full_online/denominator",
	"online_payment/numerator",	    "online_payment/denominator",
	"electronic_results/numerator",	    "electronic_results/denominator",
	"digitized_dossiers/numerator",	    "digitized_dossiers/denominator",
	"satisfaction/numerator",	    "satisfaction/denominator",
	"extension_late_notices/numerator", "extension_late_notices/denominator",
	"data_reuse/numerator",		    "data_reuse/denominator",
	"population_data/numerator",	    "population_data/denominator",
};

bool indicatordrill_known(const char *key)
{
	for (size_t i = 0; key && i < MC_ARRAY_LEN(KEYS); i++)
		if (!strcmp(key, KEYS[i]))
			return true;
	return false;
}

#define RECEIVED "d.received_at BETWEEN $1 AND $2"
#define DECIDED "(d.decided_at BETWEEN $1 AND $2 AND d.timeliness IN ('early', 'on_time', 'late'))"
#define OPEN_WITHIN                                                                                \
	"(d.status IN ('received', 'processing') AND d.received_at <= $2 AND "                     \
	"coalesce(d.extended_due_at, d.due_at) >= $2)"
#define OPEN_PAST                                                                                  \
	"(d.status IN ('received', 'processing') AND d.received_at <= $2 AND "                     \
	"coalesce(d.extended_due_at, d.due_at) < $2)"
#define APPROVED "(d.decided_at BETWEEN $1 AND $2 AND d.decision = 'approved')"
#define WITH_FEE                                                                                   \
	"(d.submitted_at BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM dossier_fees f WHERE "        \
	"f.dossier_id = d.id AND f.gross > 0))"

/* $1 from, $2 to, $3 units (JSON array or NULL), $4 unit or NULL, $5 key, $6 after id, $7 limit. */
#define DRILL_HEAD \
	"SELECT d.id, d.code, d.procedure_code, d.procedure_name, d.applicant_name, d.channel, " \
	"d.status, d.receiving_unit, d.resolver_unit, d.timeliness, d.decision, d.submitted_at, " \
	"d.received_at, coalesce(d.extended_due_at, d.due_at), d.decided_at, d.returned_at " \
	"FROM dossiers d WHERE d.id > $6 AND (d.received_at <= $2 OR d.submitted_at <= $2) " \
	"AND ($3 IS NULL OR EXISTS (SELECT 1 FROM dossier_units u WHERE u.dossier_id = d.id AND " \
	"u.unit IN (SELECT value FROM json_each($3)))) AND ($4 IS NULL OR EXISTS (SELECT 1 FROM " \
	"dossier_units u WHERE u.dossier_id = d.id AND u.unit = $4)) AND ("

static const char SQL_LIST[] =
	DRILL_HEAD
	"($5 = 'portal_sync/numerator' AND " RECEIVED " AND EXISTS (SELECT 1 FROM portal_sync s "
	"WHERE s.dossier_code = d.code AND s.state = 'acknowledged')) "
	"OR ($5 = 'portal_sync/denominator' AND " RECEIVED ") "
	"OR ($5 = 'processing_on_time/numerator' AND ((d.decided_at BETWEEN $1 AND $2 AND "
	"d.timeliness IN ('early', 'on_time')) OR " OPEN_WITHIN ")) "
	"OR ($5 = 'processing_on_time/denominator' AND (" DECIDED " OR " OPEN_WITHIN " OR " OPEN_PAST
	")) "
	"OR ($5 = 'returns_on_time/numerator' AND d.returned_at BETWEEN $1 AND $2 AND "
	"d.returned_at <= coalesce(d.extended_due_at, d.due_at)) "
	"OR ($5 = 'returns_on_time/denominator' AND d.returned_at BETWEEN $1 AND $2) "
	"OR ($5 = 'online_submission/numerator' AND " RECEIVED " AND d.channel = 'online') "
	"OR ($5 = 'online_submission/denominator' AND " RECEIVED ") "
	"OR ($5 IN ('full_online/numerator', 'full_online/denominator') AND " RECEIVED
	" AND EXISTS (SELECT 1 FROM procedures p WHERE p.code = d.procedure_code AND p.version = "
	"d.procedure_version AND p.online = 'full') AND ($5 = 'full_online/denominator' OR "
	"d.channel = 'online')) "
	"OR ($5 = 'online_payment/numerator' AND " WITH_FEE " AND EXISTS (SELECT 1 FROM payments pm "
	"WHERE pm.dossier_id = d.id AND pm.method = 'online' AND pm.status = 'paid')) "
	"OR ($5 = 'online_payment/denominator' AND " WITH_FEE ") "
	"OR ($5 = 'electronic_results/numerator' AND " APPROVED " AND d.result_signed = 1) "
	"OR ($5 = 'electronic_results/denominator' AND " APPROVED ") "
	"OR ($5 = 'digitized_dossiers/numerator' AND " DECIDED " AND (d.decision = 'denied' OR "
	"d.result_signed = 1) AND NOT EXISTS (SELECT 1 FROM dossier_components c WHERE "
	"c.dossier_id = d.id AND c.needed = 1 AND c.document IS NULL)) "
	"OR ($5 IN ('digitized_dossiers/denominator', 'satisfaction/denominator') AND " DECIDED ") "
	"OR ($5 = 'satisfaction/numerator' AND " DECIDED " AND d.timeliness <> 'late' AND "
	"coalesce(d.rating, '') <> 'unsatisfied') "
	"OR ($5 = 'extension_late_notices/numerator' AND d.extended_at BETWEEN $1 AND $2 AND "
	"d.extended_late = 1) "
	"OR ($5 = 'extension_late_notices/denominator' AND d.extended_at BETWEEN $1 AND $2)"
	") ORDER BY d.id LIMIT $7";

/* The same for 766's 6.4 and 6.6 (a statement of their own: one text would pass C's 4,095
 * characters). */
static const char SQL_MORE[] =
	DRILL_HEAD
	"($5 IN ('data_reuse/numerator', 'data_reuse/denominator') AND " RECEIVED " AND EXISTS "
	"(SELECT 1 FROM dossier_components c WHERE c.dossier_id = d.id AND c.document IS NOT NULL "
	"AND ($5 = 'data_reuse/denominator' OR EXISTS (SELECT 1 FROM dossier_components c2 WHERE "
	"c2.document = c.document AND c2.dossier_id < d.id)))) "
	"OR ($5 IN ('population_data/numerator', 'population_data/denominator') AND " RECEIVED
	" AND d.channel = 'online' AND ($5 = 'population_data/denominator' OR EXISTS (SELECT 1 FROM "
	"users su WHERE su.id = d.submitter_id AND su.verified_via = 'vneid')))"
	") ORDER BY d.id LIMIT $7";

static const char *text0(struct db_stmt *st, int c)
{
	const char *s = db_col_text(st, c);
	return s ? s : "";
}

enum mc_err indicatordrill_list(struct db *db, const char *key, int64_t from, int64_t to,
				const char *units_json, const char *unit, int64_t after_id,
				size_t limit,
				void (*fn)(const struct indicator_dossier *d, void *arg), void *arg)
{
	bool more = !strncmp(key, "data_reuse/", 11) || !strncmp(key, "population_data/", 16);
	struct db_stmt *st = db_prepare(db, more ? SQL_MORE : SQL_LIST);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_text(st, 3, units_json, SIZE_MAX);
	db_bind_text(st, 4, unit, SIZE_MAX);
	db_bind_text(st, 5, key, SIZE_MAX);
	db_bind_int(st, 6, after_id);
	db_bind_int(st, 7, (int64_t)limit);
	for (;;) {
		bool row;
		enum mc_err err = db_step(st, &row);
		if (err)
			return err;
		if (!row)
			break;
		struct indicator_dossier d = {
			.id = db_col_int(st, 0),
			.code = text0(st, 1),
			.procedure_code = text0(st, 2),
			.procedure_name = text0(st, 3),
			.applicant_name = text0(st, 4),
			.channel = text0(st, 5),
			.status = text0(st, 6),
			.receiving_unit = text0(st, 7),
			.resolver_unit = text0(st, 8),
			.timeliness = db_col_text(st, 9),
			.decision = db_col_text(st, 10),
			.submitted_at = db_col_int0(st, 11),
			.received_at = db_col_int0(st, 12),
			.due_at = db_col_int0(st, 13),
			.decided_at = db_col_int0(st, 14),
			.returned_at = db_col_int0(st, 15),
		};
		fn(&d, arg);
	}
	return MC_OK;
}
