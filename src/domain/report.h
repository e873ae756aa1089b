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

#endif
