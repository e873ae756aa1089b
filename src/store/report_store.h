/* Aggregates of dossiers for the statistics the city is judged by (SQL only). Computed from the
 * dossier rows with GROUP BY; maintained roll-ups replace these statements when the data grows
 * (ARCHITECTURE.md "Runtime"). */
#ifndef MC_REPORT_STORE_H
#define MC_REPORT_STORE_H

#include "store/db.h"

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
};

/* Calls fn per group for the period [from, to]; units_json (a JSON array of unit codes) limits
 * to dossiers involving those units, NULL = all. */
enum mc_err rstore_summary(struct db *db, enum report_group g, int64_t from, int64_t to,
			   const char *units_json, void (*fn)(const struct report_row *r, void *arg),
			   void *arg);

#endif
