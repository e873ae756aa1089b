/* Queue tickets and their summaries as the other layers see them: plain structs, no I/O. */
#ifndef MC_DOMAIN_QUEUE_H
#define MC_DOMAIN_QUEUE_H

#include "base/base.h"
#include "domain/unit.h"

#define QUEUE_GROUP_CHARS 60    /* characters of a ticket's service group */
#define QUEUE_PRIORITY_MAX 16
#define QUEUE_COUNTER_MAX 99    /* counters are numbered 1 .. 99 */
#define QUEUE_ORDINARY_EVERY 3  /* default of a point's rule: an ordinary ticket at least every 3 calls */
#define QUEUE_ORDINARY_EVERY_MIN 2
#define QUEUE_ORDINARY_EVERY_MAX 20

struct ticket {
	int64_t id;
	char point[UNIT_CODE_MAX];
	char day[16];
	int64_t number;
	char service_group[256];
	char priority[QUEUE_PRIORITY_MAX]; /* "" = none */
	char status[16];
	int64_t counter; /* 0 = none */
	int64_t created_at, called_at;
	int64_t target_counter; /* transferred to this counter, 0 = any */
	int64_t recalls, transfers;
	int64_t finished_at; /* done or skipped, 0 = not yet */
	char booking[16];    /* the booking checked in ("" = none) */
};

/* Served and skipped tickets of a period and their summed seconds of waiting (issued to called)
 * and serving (called to finished); per counter (officer NULL), per officer (counter 0) or for
 * a point (both unset). */
struct queue_stat {
	int64_t counter;
	const char *officer;
	int64_t served, skipped;
	int64_t wait_total, serve_total;
	int64_t expired; /* for a point only: left waiting or called at the end of their day */
};

/* What the next call at a counter takes (docs/queue.md, "Call next"). */
enum queue_pick {
	QUEUE_PICK_NONE,     /* nobody waits for this counter */
	QUEUE_PICK_DIRECTED, /* the oldest ticket transferred to this very counter */
	QUEUE_PICK_PRIORITY, /* the oldest priority ticket (any priority group) */
	QUEUE_PICK_ORDINARY, /* the oldest ordinary ticket */
};

/* The rule of a call: a ticket transferred to the counter first; else a priority ticket, unless
 * `streak` priority tickets were already called in a row while an ordinary one waited and
 * streak >= every - 1 (so among any `every` calls with ordinary tickets waiting, at least one is
 * ordinary); else an ordinary one. Pure. */
enum queue_pick queue_rule_pick(bool directed, bool priority, bool ordinary, int64_t streak,
				int every);
/* The point's streak after a pick: one more for a priority ticket called past waiting ordinary
 * ones, 0 after an ordinary ticket or a priority one with no ordinary ticket waiting, unchanged
 * for a directed ticket or none. */
int64_t queue_rule_streak(enum queue_pick pick, bool ordinary, int64_t streak);
/* Whether p is a priority group a ticket may carry ("" or NULL: none is also fine). */
bool queue_priority_known(const char *p);
/* The spoken announcement "Mời khách hàng số 0012 đến quầy số 3" (out: at least 64 bytes). */
void queue_announcement(int64_t number, int64_t counter, char *out, size_t size);

/* One point's queue of a day; the texts are valid during the callback only. */
struct queue_summary {
	const char *point, *name;
	int64_t waiting, serving, issued;
};

#endif
