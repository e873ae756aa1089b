/* What dossier_store.c shares with the other dossier stores (dossier_list_store.c): the columns
 * of a dossier's row and of one step, and reading them. Internal to store/dossier*_store.c. */
#ifndef MC_DOSSIER_STORE_INTERNAL_H
#define MC_DOSSIER_STORE_INTERNAL_H

#include "store/dossier_store.h"

/* A column of the online submitter's account, looked up only for a dossier that has one: a
 * counter intake has none, and PostgreSQL ran the subquery anyway, a scan of users per row and
 * column (two per dossier of an inbox page: 1.11 -> 0.70 ms for 50 at 10,000,000 dossiers). */
#define SUBMITTER(col)                                                                             \
	"CASE WHEN d.submitter_id IS NOT NULL THEN (SELECT " col " FROM users WHERE id = "          \
	"d.submitter_id) END"
/* The row of a dossier d (read_identity and read_progress), then one step s (read_step). */
#define DOSSIER_COLUMNS                                                                            \
	"d.id, d.code, d.status, d.procedure_code, d.procedure_version, d.procedure_name, "        \
	"d.applicant_kind, d.applicant_name, d.applicant_id, d.applicant_phone, d.applicant_email, " \
	"d.applicant_address, d.channel, d.receiving_unit, d.served_unit, d.resolver_unit, "       \
	"d.return_unit, d.return_channel, d.duration_value, d.duration_unit, d.submitted_at, "     \
	"d.received_at, d.due_at, d.paused_since, d.paused_seconds, d.supplement_requests, "       \
	"d.extended_due_at, d.extended_reason, d.current_step, d.decided_at, d.decision, "         \
	"d.decision_reason, d.result_number, d.result_title, d.result_document, d.timeliness, "    \
	"d.returned_at, d.returned_channel, d.returned_unit, d.closed_reason, d.tracking_secret, " \
	"d.calendar_versions, d.created_by, d.version, d.rating, d.rating_comment, d.rated_at, "    \
	"d.submitter_id, " SUBMITTER("username") ", " SUBMITTER("full_name") ", d.rep_name, "      \
	"d.rep_id_number, d.rep_relation, d.rep_document, d.extended_at, d.extended_late, d.returned_address, "       \
	"d.returned_tracking"
#define DOSSIER_NCOLUMNS 58
#define STEP_COLUMNS                                                                               \
	"s.idx, s.name, s.unit, s.role, s.duration_value, s.duration_unit, s.started_at, s.due_at, " \
	"s.done_at, s.done_by, s.timeliness, s.paused_seconds"

/* Reads a row of DOSSIER_COLUMNS followed by STEP_COLUMNS of its current step (NULL when none)
 * into d: the dossier without components, and of the steps only the current one
 * (steps[current_step - 1], nsteps = current_step). Texts go into a. */
enum mc_err dstore__read_light(struct arena *a, struct db_stmt *st, struct dossier *d);
/* The text of the list statement dstore_list (rows false) or dstore_list_light (rows true) runs
 * for f, before a name search picks its driving word (for tests of its plan). */
const char *dstore__list_sql(const struct dossier_filter *f, bool rows);
/* The text of the statement that reads a name search's dossiers above the postings' mark ($26). */
const char *dstore__list_tail_sql(bool rows);

#endif
