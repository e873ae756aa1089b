/* Units of the administrative hierarchy as the other layers see them: plain structs, no I/O. */
#ifndef MC_DOMAIN_UNIT_H
#define MC_DOMAIN_UNIT_H

#include "base/base.h"

#define UNIT_CODE_MAX 32
#define UNIT_NAME_MAX 512

struct unit {
	char code[UNIT_CODE_MAX];
	char name[UNIT_NAME_MAX];
	char kind[16];
	char subkind[8];             /* "" when none */
	char parent[UNIT_CODE_MAX];  /* "" when none */
	char gso_code[16];           /* "" when none */
	bool active;
};

struct unit_parent_span {
	char parent[UNIT_CODE_MAX]; /* "" = none */
	int64_t from;
	int64_t to; /* INT64_MAX = open */
};

#endif
