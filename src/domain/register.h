/* The staff, asset and record registers as the other layers see them: plain structs, and one
 * descriptor per kind (struct reg_kind) that names each field once: its column, JSON member and
 * input member, its limits and checks, and whether the audit event shows it. No I/O. */
#ifndef MC_DOMAIN_REGISTER_H
#define MC_DOMAIN_REGISTER_H

#include "base/base.h"
#include "base/problem.h"
#include "domain/unit.h"

#define REG_TEXT_MAX 640  /* 200 characters of Vietnamese text */
#define REG_SHORT_MAX 320 /* 100 characters */
#define REG_HISTORY_MAX 64
/* The kinds of register_spans, in SQL spelling. */
#define REG_STAFF "staff"
#define REG_ASSET "asset"
#define REG_RECORD "record"

/* Limits of the fields, in characters for text and in units for numbers. */
#define REG_NAME_CHARS 200      /* a person's full name, an asset's name, a record's title */
#define REG_LABEL_CHARS 100     /* a position, an asset's category and condition */
#define REG_CODE_CHARS 50       /* an inventory code, a record's retention */
#define REG_SHELF_CHARS 20      /* a record's box and file */
#define REG_ID_NUMBER_CHARS 12  /* the personal identification number */
#define REG_COUNTER_MAX 99      /* counters of a service point */
#define REG_QUANTITY_MAX INT64_C(1000000000)
#define REG_VALUE_MAX INT64_C(1000000000000000) /* 10^15 VND */
#define REG_SHEETS_MAX INT64_C(1000000)
#define REG_YEAR_MIN 1900
#define REG_YEAR_MAX 2100
#define REG_APPOINTMENT_CHARS 10 /* "head" or "deputy" */

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

/* Room for an entry of any kind. */
union reg_entry {
	struct reg_staff staff;
	struct reg_asset asset;
	struct reg_record record;
};

/* Input of a create or an update. On update, NULL strings and unset numbers keep their value; a
 * changed unit (or counter) closes the current span at `from` (default now) and opens the next. */
struct staff_in {
	const char *full_name, *id_number, *position, *unit;
	int64_t counter; /* 0 = none */
	bool counter_set;
	int64_t from;
	bool from_set;
};

struct asset_in {
	const char *inventory_code, *name, *category, *condition, *unit;
	int64_t quantity, original_value, remaining_value;
	bool quantity_set, original_set, remaining_set;
	int64_t from;
	bool from_set;
};

struct record_in {
	const char *box, *file, *title, *retention, *unit;
	int64_t year, sheets;
	bool year_set, sheets_set;
	int64_t from;
	bool from_set;
};

/* What a field holds and how it is checked. Text is `const char *` in the input and char[cap] in
 * the entry; numbers are int64_t in both, with a bool in the input saying whether it was given. */
enum reg_type {
	REG_TEXT,  /* one line of min..max characters */
	REG_IDNUM, /* a personal identification number (domain/idnum.h) */
	REG_COUNT, /* a whole number from 0 to max */
	REG_YEAR,  /* a year from min to max */
};

/* The audit event of a create or an update shows the fields marked for it. */
#define REG_AUDIT_CREATE 1u
#define REG_AUDIT_UPDATE 2u

struct reg_field {
	const char *name; /* the column, the JSON member and the input member */
	enum reg_type type;
	int64_t min, max;
	bool required; /* when creating; an update leaves an absent field as it is */
	bool fixed;    /* given at creation only, neither accepted nor changed by an update */
	unsigned audit;
	size_t at, cap;    /* where it is in the entry, and the size of its text */
	size_t in, in_set; /* where it is in the input, and its bool (numbers) */
};

/* A register: its fields in column order (the order of the JSON answers too), and where the parts
 * every kind has are in its entry (struct reg_staff, reg_asset, reg_record) and input (struct
 * staff_in, asset_in, record_in). */
struct reg_kind {
	const char *name;    /* REG_STAFF, REG_ASSET, REG_RECORD: spans, audit entities and actions */
	const char *history; /* the JSON member of its spans: assignments, owners, holders */
	const struct reg_field *fields;
	size_t nfields;
	size_t size, id, at, created_at, version; /* the entry */
	size_t in_size, in_unit, in_from, in_from_set; /* the input */
	const struct reg_field *counter; /* staff: the counter of the place (input only); else NULL */
	bool appointments;               /* staff: heads and deputies */
	/* The field no two entries share (NULL: none), and the error when it is taken. */
	const struct reg_field *unique;
	const char *taken, *taken_vi;
};

extern const struct reg_kind reg_staff_kind, reg_asset_kind, reg_record_kind;

/* The parts of an entry e (the kind's struct): _of reads, _at gives the place to write. */
static inline const void *reg_cmember(const void *p, size_t off)
{
	return (const char *)p + off;
}
static inline void *reg_member(void *p, size_t off)
{
	return (char *)p + off;
}
static inline int64_t reg_int_of(const void *e, size_t off)
{
	return *(const int64_t *)reg_cmember(e, off);
}
static inline int64_t *reg_int_at(void *e, size_t off)
{
	return reg_member(e, off);
}
static inline int64_t reg_id_of(const struct reg_kind *k, const void *e)
{
	return reg_int_of(e, k->id);
}
static inline const struct reg_place *reg_place_of(const struct reg_kind *k, const void *e)
{
	return reg_cmember(e, k->at);
}
static inline const char *reg_text_of(const struct reg_field *f, const void *e)
{
	return reg_cmember(e, f->at);
}
static inline int64_t reg_num_of(const struct reg_field *f, const void *e)
{
	return reg_int_of(e, f->at);
}
static inline char *reg_text_at(const struct reg_field *f, void *e)
{
	return reg_member(e, f->at);
}
static inline int64_t *reg_num_at(const struct reg_field *f, void *e)
{
	return reg_member(e, f->at);
}
/* The same field in an input `in` (the kind's input struct). */
static inline const char *reg_in_text(const struct reg_field *f, const void *in)
{
	return *(const char *const *)reg_cmember(in, f->in);
}
static inline int64_t reg_in_num(const struct reg_field *f, const void *in)
{
	return reg_int_of(in, f->in);
}
static inline bool reg_in_set(const struct reg_field *f, const void *in)
{
	return *(const bool *)reg_cmember(in, f->in_set);
}
/* Text fields (REG_TEXT, REG_IDNUM) are strings in the JSON; the others numbers. */
static inline bool reg_is_text(const struct reg_field *f)
{
	return f->type == REG_TEXT || f->type == REG_IDNUM;
}

/* Checks an input's fields, adding named errors to p (its arena holds the messages): texts first,
 * then numbers and identification numbers, each in the kind's order. `creating` makes the
 * required fields required. now gives the current year of identification numbers. The unit and
 * the counter are the caller's (the unit must exist). */
void reg_check_fields(const struct reg_kind *k, const void *in, bool creating, int64_t now,
		      struct problem *p);
/* Checks one field of an input, as above. */
void reg_check_field(const struct reg_field *f, const void *in, bool creating, int64_t now,
		     struct problem *p);
/* Copies an input's fields into entry e: when creating all of them (absent text as ""), else
 * those given, never a fixed one. */
void reg_apply(const struct reg_kind *k, const void *in, void *e, bool creating);

#endif
