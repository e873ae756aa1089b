/* Queue tickets and their summaries as the other layers see them: plain structs, no I/O. */
#ifndef MC_DOMAIN_QUEUE_H
#define MC_DOMAIN_QUEUE_H

#include "base/base.h"
#include "domain/unit.h"

#define QUEUE_GROUP_CHARS 60    /* characters of a ticket's service group */
#define QUEUE_PRIORITY_MAX 16

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
};

/* One point's queue of a day; the texts are valid during the callback only. */
struct queue_summary {
	const char *point, *name;
	int64_t waiting, serving, issued;
};

#endif
