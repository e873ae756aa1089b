/* Workflow breadth as pure rules (issue 20 items 6 and 7, docs/decisions.md "Delegation" and "Send
 * back and opinions"): when a delegation is in force, which step a dossier may be sent back to,
 * and the limits of a request for opinions. No I/O; thread-safe. */
#ifndef MC_DOMAIN_WORKFLOW_H
#define MC_DOMAIN_WORKFLOW_H

#include "base/base.h"
#include "domain/procedure.h"
#include "domain/unit.h"

#define WF_REASON_CHARS 500          /* a send-back's reason: one line */
#define WF_OPINION_UNITS_MAX 10      /* units asked at once */
#define WF_OPINION_DAYS_MAX 60       /* working days an asked unit may be given */
#define WF_OPINION_TEXT_CHARS 2000   /* a question, an answer */
#define WF_DELEGATING_NAME_CHARS 300 /* the delegating agency's name */
#define WF_DECISION_NUMBER_CHARS 60  /* "125/QĐ-UBND" */

/* A delegation: the procedure (optionally only when `unit` decides it) is decided under the
 * delegation of another agency, by its decision (number, date), valid from valid_from until
 * valid_to (0: no end) unless ended earlier (ended_at). */
struct delegation {
	int64_t id;
	char procedure_code[PROC_CODE_MAX];
	char unit[UNIT_CODE_MAX];            /* "" = any deciding unit */
	char delegating_unit[UNIT_CODE_MAX]; /* "" when named only */
	const char *delegating_name;
	const char *decision_number;
	char decision_date[12]; /* YYYY-MM-DD */
	int64_t valid_from, valid_to, ended_at; /* 0 = none */
	const char *ended_by;
	int64_t created_at;
	const char *created_by;
};

enum wf_force {
	WF_IN_FORCE,
	WF_NOT_YET,  /* now is before valid_from */
	WF_LAPSED,   /* now is at or after valid_to */
	WF_ENDED,    /* ended at or before now */
};

/* Whether the delegation is in force at now: valid_from <= now, now < valid_to (when set) and
 * now < ended_at (when ended). An ended delegation reads WF_ENDED even if it also lapsed. */
enum wf_force wf_delegation_force(const struct delegation *g, int64_t now);
/* "in_force", "not_yet_valid", "lapsed", "ended". */
const char *wf_force_name(enum wf_force f);

/* A send-back from step `current` (1-based) of a plan of nsteps steps to step `to`: true when to
 * is an earlier step of the plan (1 <= to < current <= nsteps). */
bool wf_send_back_ok(int64_t current, int64_t to, size_t nsteps);

#endif
