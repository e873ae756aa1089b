/* The rows behind the reports' newer views (docs/reports.md): the dossiers behind an indicator's
 * number, the periodic report's rows and an officer's figures. Plain structs, no I/O. */
#ifndef MC_DOMAIN_REPORT_VIEWS_H
#define MC_DOMAIN_REPORT_VIEWS_H

#include "base/base.h"

/* One dossier of a drill-down; strings valid during the callback. */
struct indicator_dossier {
	int64_t id;
	const char *code, *procedure_code, *procedure_name, *applicant_name, *channel, *status;
	const char *receiving_unit, *resolver_unit, *timeliness, *decision;
	int64_t submitted_at, received_at, due_at, decided_at, returned_at; /* 0: none */
};

/* One row of the periodic report on receiving and resolving dossiers: a level (city departments
 * and sectors, communes and wards) and a field (the procedure's field). */
struct periodic_row {
	const char *level; /* "city" or "commune" */
	const char *field; /* the procedure's field, "" when the catalog has none */
	int64_t carried, online, direct;  /* received: carried over from before the period, new */
	int64_t early, on_time, late;     /* resolved in the period */
	int64_t open_within, open_overdue; /* being resolved at the period's end */
};

/* An officer's figures over a period, each act credited to the account that did it. */
struct staff_row {
	const char *username, *full_name;
	int64_t received, steps_on_time, steps_late, decisions, returns, supplement_requests;
	int64_t step_seconds, steps_timed; /* the sum and count behind the average time per step */
	int64_t rated, satisfied, unsatisfied;
};

#endif
