/* Units of the administrative hierarchy as the other layers see them: plain structs, no I/O. */
#ifndef MC_DOMAIN_UNIT_H
#define MC_DOMAIN_UNIT_H

#include "base/base.h"

#define UNIT_CODE_MAX 32
#define UNIT_NAME_MAX 512
#define UNIT_NAME_CHARS 200 /* characters of a unit's name */
#define UNIT_KIND_MAX 16
#define UNIT_SUBKIND_MAX 8
#define UNIT_GSO_MAX 16

struct unit {
	char code[UNIT_CODE_MAX];
	char name[UNIT_NAME_MAX];
	char kind[UNIT_KIND_MAX];
	char subkind[UNIT_SUBKIND_MAX]; /* "" when none */
	char parent[UNIT_CODE_MAX];     /* "" when none */
	char gso_code[UNIT_GSO_MAX];    /* "" when none */
	bool active;
};

struct unit_parent_span {
	char parent[UNIT_CODE_MAX]; /* "" = none */
	int64_t from;
	int64_t to; /* INT64_MAX = open */
};

#endif
