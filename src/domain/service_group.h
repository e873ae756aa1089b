/* Procedure groups of a service point as the other layers see them: plain structs, no I/O. A
 * group covers procedure fields (lĩnh vực, matched by their search key) and is served by a list
 * of counters; its places per slot are its own capacity, or the number of its counters. */
#ifndef MC_DOMAIN_SERVICE_GROUP_H
#define MC_DOMAIN_SERVICE_GROUP_H

#include "base/base.h"

#define SGROUP_MAX 30           /* groups per point */
#define SGROUP_NAME_CHARS 60    /* characters of a group's name (a ticket's service group) */
#define SGROUP_FIELDS_MAX 50    /* fields per group */
#define SGROUP_COUNTERS_MAX 99  /* counters per group (counters are numbered 1 .. 99) */
#define SGROUP_CAPACITY_MAX 50

struct sgroup {
	const char *name;
	int capacity;          /* -1: the number of its counters */
	const char **fields;   /* as the catalog spells them */
	const char **keys;     /* their search keys */
	size_t nfields;
	int *counters;         /* ascending */
	size_t ncounters;
};

struct sgroups {
	struct sgroup items[SGROUP_MAX];
	size_t n;
};

/* A group's places per slot. */
static inline int sgroup_capacity(const struct sgroup *g)
{
	return g->capacity >= 0 ? g->capacity : (int)g->ncounters;
}

#endif
