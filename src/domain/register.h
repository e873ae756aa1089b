/* The staff, asset and record registers as the other layers see them: plain structs, no I/O. */
#ifndef MC_DOMAIN_REGISTER_H
#define MC_DOMAIN_REGISTER_H

#include "base/base.h"
#include "domain/unit.h"

#define REG_TEXT_MAX 640  /* 200 characters of Vietnamese text */
#define REG_SHORT_MAX 320 /* 100 characters */
#define REG_HISTORY_MAX 64
/* The kinds of register_spans, in SQL spelling. */
#define REG_STAFF "staff"
#define REG_ASSET "asset"
#define REG_RECORD "record"

/* Where an entry is at an instant: unit "" when nowhere (not yet or no longer). */
struct reg_place {
	char unit[UNIT_CODE_MAX];
	int64_t counter; /* staff only; 0 = none */
	int64_t since;
};

struct reg_staff {
	int64_t id;
	char full_name[REG_TEXT_MAX];
	char id_number[16];
	char position[REG_SHORT_MAX];
	struct reg_place at;
	int64_t created_at, version;
};

struct reg_asset {
	int64_t id;
	char inventory_code[REG_SHORT_MAX];
	char name[REG_TEXT_MAX];
	char category[REG_SHORT_MAX];
	int64_t quantity, original_value, remaining_value;
	char condition[REG_SHORT_MAX];
	struct reg_place at;
	int64_t created_at, version;
};

struct reg_record {
	int64_t id;
	char box[REG_SHORT_MAX];
	char file[REG_SHORT_MAX];
	char title[REG_TEXT_MAX];
	int64_t year, sheets;
	char retention[REG_SHORT_MAX];
	struct reg_place at;
	int64_t created_at, version;
};

struct reg_span {
	char unit[UNIT_CODE_MAX];
	int64_t counter; /* 0 = none */
	int64_t from, to; /* to INT64_MAX = open */
};

struct reg_appointment {
	char unit[UNIT_CODE_MAX];
	char position[8]; /* head | deputy */
	int64_t from, to; /* to INT64_MAX = open */
};

#endif
