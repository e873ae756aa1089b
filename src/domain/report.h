/* Report rows as the other layers see them: plain structs, no I/O. */
#ifndef MC_DOMAIN_REPORT_H
#define MC_DOMAIN_REPORT_H

#include "base/base.h"

/* How a report groups its rows. */
enum report_group { RG_RECEIVING_UNIT, RG_RESOLVER_UNIT, RG_PROCEDURE, RG_OFFICER };

struct report_row {
	const char *key, *name; /* valid during the callback */
	int64_t recv_counter, recv_online, recv_post;
	int64_t early, on_time, late;
	int64_t within, past_due, paused;
	int64_t stopped, refused, denied, returned, supplement_requests;
	int64_t digitized, scanned_needed; /* counter and post dossiers received, and digitized */
	int64_t approved, electronic;
	int64_t rated, satisfied;
	int64_t processed; /* steps completed (officers only; 0 for the other groupings) */
};

/* The counts behind the indicators (svc/indicators.c, docs/indicators.md) of one period and scope. */
struct indicator_counts {
	int64_t received, received_online;           /* received in the period */
	int64_t received_synced; /* acknowledged by the national portal (docs/portal.md) */
	int64_t received_full, received_full_online; /* of procedures offered fully online */
	int64_t decided, decided_in_time;            /* decided in the period; early or on time */
	int64_t open_within, open_past_due;          /* in progress at the period's end */
	int64_t returned, returned_in_time;          /* returned by the appointment time */
	int64_t approved, approved_electronic;       /* approved with a signed electronic result */
	int64_t decided_digitized; /* decided with every needed paper on file and, approved, signed */
	int64_t decided_unsatisfied_or_late; /* decided in the period and late or rated unsatisfied */
	int64_t extended, extended_late;     /* extensions recorded in the period; late notices */
	int64_t with_fee, paid_online; /* submitted in the period with a fee; of them paid online */
	int64_t feedback_received;     /* feedback received in the period (docs/feedback.md) */
	int64_t feedback_due, feedback_due_answered_in_time; /* due in the period; answered by then */
	/* received in the period with a paper on file; of them with a file already used by an earlier
	 * dossier (reused from "my documents"); online ones submitted by a VNeID-verified account */
	int64_t with_documents, reused_documents, online_vneid;
};

#endif
