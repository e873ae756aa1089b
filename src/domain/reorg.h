/* Reorganizations and their handovers as the other layers see them: plain structs, no I/O. */
#ifndef MC_DOMAIN_REORG_H
#define MC_DOMAIN_REORG_H

#include "base/base.h"
#include "domain/register.h"
#include "domain/unit.h"

#define REORG_HASH_LEN 32
#define REORG_ACTOR_MAX 128
#define REORG_DECISION_NUMBER_CHARS 100 /* characters of a decision's number */
#define REORG_NOTE_CHARS 500            /* characters of a handover item's note */

struct reorg {
	int64_t id;
	char decision_number[REG_SHORT_MAX];
	char signed_on[16]; /* YYYY-MM-DD */
	int64_t effective_at;
	char target_unit[UNIT_CODE_MAX];
	int64_t handover_days;
	char deadline[16]; /* YYYY-MM-DD */
	int64_t dossiers, events; /* counted at creation */
	unsigned char checksum[REORG_HASH_LEN];
	int64_t created_at;
	char created_by[REORG_ACTOR_MAX];
};

struct handover_counts {
	int64_t staff, dossiers_open, dossiers_closed, records, assets;
};

struct handover {
	int64_t id, reorg_id;
	char unit[UNIT_CODE_MAX];
	char old_parent[UNIT_CODE_MAX]; /* "" when none */
	char status[12];                /* open | complete */
	char giver_by[REORG_ACTOR_MAX], receiver_by[REORG_ACTOR_MAX]; /* "" = not signed */
	int64_t giver_at, receiver_at, completed_at;                  /* 0 = not yet */
	struct handover_counts counts;
};

/* One item as read back; the texts are valid during the callback only. */
struct handover_item {
	int64_t id;
	const char *kind, *ref, *label, *status, *note;
};

#endif
