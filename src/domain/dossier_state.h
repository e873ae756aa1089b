/* The dossier's life as pure rules: statuses, actions, which action may leave which status and
 * where it leads (PRODUCT.md "The dossier's life"), and the dossier's timeliness at decision.
 * No I/O; thread-safe. */
#ifndef MC_DOSSIER_STATE_H
#define MC_DOSSIER_STATE_H

#include "base/base.h"

enum ds_status {
	DS_SUBMITTED,
	DS_NEEDS_COMPLETION,
	DS_RECEIVED,
	DS_PROCESSING,
	DS_AWAITING_SUPPLEMENT,
	DS_READY_FOR_RETURN,
	DS_RETURNED,
	DS_STOPPED,
	DS_REFUSED,
	DS_NSTATUS
};

enum ds_action {
	DA_RECEIVE,
	DA_REQUEST_COMPLETION,
	DA_RESUBMIT,
	DA_REFUSE,
	DA_TRANSFER,
	DA_COMPLETE_STEP,
	DA_REQUEST_SUPPLEMENT,
	DA_SUPPLEMENT,
	DA_EXTEND,
	DA_DECIDE,
	DA_RETURN,
	DA_STOP,
	DA_SEND_BACK, /* a step sends the dossier back to an earlier step (docs/decisions.md) */
	DA_NACTION
};

/* What a status means for the dossier's due time: none (not received yet, or decided, or closed),
 * running, or paused (awaiting a supplement: the pause moves the due time when it ends). */
enum ds_clock { DS_CLOCK_NONE, DS_CLOCK_RUNS, DS_CLOCK_PAUSED };

/* The status's name in API.md ("needs_completion", ...), as the API, the history and the database
 * column spell it; "unknown" out of range. */
const char *ds_status_name(enum ds_status s);
/* The status of a name, exactly as ds_status_name writes it; MC_EINVAL for any other text (*out
 * untouched). */
enum mc_err ds_status_parse(const char *name, enum ds_status *out);
/* Open: the first six statuses (API.md); closed: returned, stopped, refused. */
bool ds_status_open(enum ds_status s);
/* The due time's state in this status. Every status whose clock is not DS_CLOCK_NONE is open;
 * DS_CLOCK_RUNS: received and processing; DS_CLOCK_PAUSED: awaiting_supplement. */
enum ds_clock ds_status_clock(enum ds_status s);
/* Overdue: the due time runs (DS_CLOCK_RUNS) and the effective due time — extended_due_at when
 * extended (non-zero), else due_at; 0 means none — lies before now. The one rule behind the
 * "overdue" of the API, of the lists' overdue filter and of the tracking page. */
bool ds_overdue(enum ds_status s, int64_t due_at, int64_t extended_due_at, int64_t now);

/* The action's name in API.md ("request-completion", ...). */
const char *ds_action_name(enum ds_action a);
enum mc_err ds_action_parse(const char *name, enum ds_action *out);

/* True when the action may be taken from the status; *to gets the status it leads to (for
 * complete-step and extend the status does not change). */
bool ds_transition(enum ds_action a, enum ds_status from, enum ds_status *to);

/* The dossier's timeliness at decision: late when extended, when given a second supplement
 * request, or when decided after due_at; early when decided before 00:00 (UTC+7) of due_at's date;
 * else on time. Returns "early", "on_time" or "late". */
const char *ds_timeliness(int64_t decided_at, int64_t due_at, bool extended,
			  int64_t supplement_requests);

/* Masks a name for public tracking: each word keeps its first letter and the rest becomes at most
 * three '*', one per letter ("Nguyễn Thị Hằng" → "N*** T** H***"), so that the length of a long
 * word is not shown either. The text must be NFC UTF-8; the result is malloc'd. */
char *ds_mask_name(const char *name);

#endif
