/* The order of calls at a point's counters and the board's announcement (docs/queue.md). Pure. */
#include "base/base.h"

#include "domain/queue.h"

enum queue_pick queue_rule_pick(bool directed, bool priority, bool ordinary, int64_t streak,
				int every)
{
	if (directed)
		return QUEUE_PICK_DIRECTED;
	if (every < QUEUE_ORDINARY_EVERY_MIN)
		every = QUEUE_ORDINARY_EVERY_MIN;
	if (priority && (!ordinary || streak < every - 1))
		return QUEUE_PICK_PRIORITY;
	if (ordinary)
		return QUEUE_PICK_ORDINARY;
	return QUEUE_PICK_NONE;
}

int64_t queue_rule_streak(enum queue_pick pick, bool ordinary, int64_t streak)
{
	switch (pick) {
	case QUEUE_PICK_PRIORITY:
		return ordinary ? streak + 1 : 0;
	case QUEUE_PICK_ORDINARY:
		return 0;
	case QUEUE_PICK_DIRECTED:
	case QUEUE_PICK_NONE:
		break;
	}
	return streak;
}

bool queue_priority_known(const char *p)
{
	return !p || !p[0] || !strcmp(p, "elderly") || !strcmp(p, "disabled") ||
	       !strcmp(p, "pregnant") || !strcmp(p, "appointment");
}

void queue_announcement(int64_t number, int64_t counter, char *out, size_t size)
{
	snprintf(out, size, "Mời khách hàng số %04lld đến quầy số %lld", (long long)number,
		 (long long)counter);
}
