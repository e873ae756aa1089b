/* The registers' descriptors (one per kind: fields, limits, checks, audit) and the rules that
 * read them: field checks and copying an input into an entry. Pure: the unit of an entry and the
 * uniqueness of its codes are checked by svc/registers.c against the database. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/idnum.h"
#include "domain/register.h"
#include "domain/text.h"

#define BOTH (REG_AUDIT_CREATE | REG_AUDIT_UPDATE)

/* Where member m is in the entry type E and in the input type I. */
#define TEXT_IN(E, I, m) .at = offsetof(E, m), .cap = sizeof(((E *)0)->m), .in = offsetof(I, m)
#define NUM_IN(E, I, m, set) .at = offsetof(E, m), .in = offsetof(I, m), .in_set = offsetof(I, set)
/* A kind named N with the fields F, the history H, the entry type E and the input type I. */
#define KIND(N, F, H, E, I)                                                                        \
	.name = N, .fields = F, .nfields = MC_ARRAY_LEN(F), .history = H, .size = sizeof(E),       \
	.id = offsetof(E, id), .at = offsetof(E, at), .created_at = offsetof(E, created_at),       \
	.version = offsetof(E, version), .in_size = sizeof(I), .in_unit = offsetof(I, unit),       \
	.in_from = offsetof(I, from), .in_from_set = offsetof(I, from_set)

#define STAFF_TEXT(m) TEXT_IN(struct reg_staff, struct staff_in, m)
static const struct reg_field STAFF_FIELDS[] = {
	{"full_name", REG_TEXT, 1, REG_NAME_CHARS, .required = true, .audit = BOTH,
	 STAFF_TEXT(full_name)},
	{"id_number", REG_IDNUM, 0, REG_ID_NUMBER_CHARS, .required = true, .fixed = true,
	 STAFF_TEXT(id_number)},
	{"position", REG_TEXT, 1, REG_LABEL_CHARS, .required = true, .audit = BOTH,
	 STAFF_TEXT(position)},
};
/* Not a column: the counter is part of the staff member's place. */
static const struct reg_field STAFF_COUNTER = {
	"counter", REG_COUNT, 0, REG_COUNTER_MAX, .in = offsetof(struct staff_in, counter),
	.in_set = offsetof(struct staff_in, counter_set)};

const struct reg_kind reg_staff_kind = {
	KIND(REG_STAFF, STAFF_FIELDS, "assignments", struct reg_staff, struct staff_in),
	.counter = &STAFF_COUNTER,
	.appointments = true,
	.unique = &STAFF_FIELDS[1],
	.taken = "is already registered",
	.taken_vi = "số định danh đã có trong danh sách cán bộ",
};

#define ASSET_TEXT(m) TEXT_IN(struct reg_asset, struct asset_in, m)
#define ASSET_NUM(m, set) NUM_IN(struct reg_asset, struct asset_in, m, set)
static const struct reg_field ASSET_FIELDS[] = {
	{"inventory_code", REG_TEXT, 1, REG_CODE_CHARS, .required = true, .audit = BOTH,
	 ASSET_TEXT(inventory_code)},
	{"name", REG_TEXT, 1, REG_NAME_CHARS, .required = true, .audit = REG_AUDIT_CREATE,
	 ASSET_TEXT(name)},
	{"category", REG_TEXT, 1, REG_LABEL_CHARS, .required = true, ASSET_TEXT(category)},
	{"quantity", REG_COUNT, 0, REG_QUANTITY_MAX, .required = true, .audit = BOTH,
	 ASSET_NUM(quantity, quantity_set)},
	{"original_value", REG_COUNT, 0, REG_VALUE_MAX, .required = true,
	 ASSET_NUM(original_value, original_set)},
	{"remaining_value", REG_COUNT, 0, REG_VALUE_MAX, .required = true,
	 .audit = REG_AUDIT_UPDATE, ASSET_NUM(remaining_value, remaining_set)},
	{"condition", REG_TEXT, 0, REG_LABEL_CHARS, .audit = REG_AUDIT_UPDATE,
	 ASSET_TEXT(condition)},
};

const struct reg_kind reg_asset_kind = {
	KIND(REG_ASSET, ASSET_FIELDS, "owners", struct reg_asset, struct asset_in),
	.unique = &ASSET_FIELDS[0],
	.taken = "is already used",
	.taken_vi = "mã tài sản đã được dùng",
};

#define RECORD_TEXT(m) TEXT_IN(struct reg_record, struct record_in, m)
#define RECORD_NUM(m) NUM_IN(struct reg_record, struct record_in, m, m##_set)
static const struct reg_field RECORD_FIELDS[] = {
	{"box", REG_TEXT, 1, REG_SHELF_CHARS, .required = true, .audit = BOTH, RECORD_TEXT(box)},
	{"file", REG_TEXT, 1, REG_SHELF_CHARS, .required = true, .audit = BOTH, RECORD_TEXT(file)},
	{"title", REG_TEXT, 1, REG_NAME_CHARS, .required = true, .audit = BOTH, RECORD_TEXT(title)},
	{"year", REG_YEAR, REG_YEAR_MIN, REG_YEAR_MAX, .required = true, RECORD_NUM(year)},
	{"sheets", REG_COUNT, 0, REG_SHEETS_MAX, .required = true, RECORD_NUM(sheets)},
	{"retention", REG_TEXT, 0, REG_CODE_CHARS, RECORD_TEXT(retention)},
};

const struct reg_kind reg_record_kind = {
	KIND(REG_RECORD, RECORD_FIELDS, "holders", struct reg_record, struct record_in),
};

/* Checks. */

static void required(struct problem *p, const char *field)
{
	problem_add(p, field, "is required", "trường bắt buộc");
}

static void check_text(const struct reg_field *f, const char *s, bool creating, struct problem *p)
{
	if (!s) {
		if (creating && f->required)
			required(p, f->name);
		return;
	}
	int64_t n = (int64_t)text_length(s, strlen(s));
	if (n < f->min || n > f->max) {
		char *m = arena_printf(p->arena, "must have %lld to %lld characters",
				       (long long)f->min, (long long)f->max);
		char *vi = arena_printf(p->arena, "phải có từ %lld đến %lld ký tự", (long long)f->min,
					(long long)f->max);
		problem_add(p, f->name, m, vi);
	}
}

static void check_idnum(const struct reg_field *f, const char *s, bool creating, int64_t now,
			struct problem *p)
{
	int y = 0, m = 0, d = 0;
	if (creating && f->required && !s)
		required(p, f->name);
	civil_ymd(civil_local_day(now), &y, &m, &d);
	if (s && idnum_check_person(s, strlen(s), y) != IDNUM_OK)
		problem_add(p, f->name, "must be a 12-digit personal identification number",
			    "số định danh cá nhân phải gồm 12 chữ số hợp lệ");
}

static void check_number(const struct reg_field *f, const void *in, bool creating,
			 struct problem *p)
{
	int64_t v = reg_in_num(f, in);
	if (!reg_in_set(f, in)) {
		if (creating && f->required)
			required(p, f->name);
		return;
	}
	if (f->type == REG_YEAR) {
		if (v < f->min || v > f->max)
			problem_add(p, f->name,
				    arena_printf(p->arena, "must be from %lld to %lld",
						 (long long)f->min, (long long)f->max),
				    arena_printf(p->arena, "năm phải từ %lld đến %lld",
						 (long long)f->min, (long long)f->max));
	} else if (v < 0) {
		problem_add(p, f->name, "must not be negative", "không được là số âm");
	} else if (v > f->max) {
		problem_add(p, f->name, "is too large", "giá trị quá lớn");
	}
}

void reg_check_field(const struct reg_field *f, const void *in, bool creating, int64_t now,
		     struct problem *p)
{
	switch (f->type) {
	case REG_TEXT:
		check_text(f, reg_in_text(f, in), creating, p);
		break;
	case REG_IDNUM:
		check_idnum(f, reg_in_text(f, in), creating, now, p);
		break;
	case REG_COUNT:
	case REG_YEAR:
		check_number(f, in, creating, p);
		break;
	}
}

void reg_check_fields(const struct reg_kind *k, const void *in, bool creating, int64_t now,
		      struct problem *p)
{
	for (size_t i = 0; i < k->nfields; i++)
		if (k->fields[i].type == REG_TEXT)
			reg_check_field(&k->fields[i], in, creating, now, p);
	for (size_t i = 0; i < k->nfields; i++)
		if (k->fields[i].type != REG_TEXT)
			reg_check_field(&k->fields[i], in, creating, now, p);
}

void reg_apply(const struct reg_kind *k, const void *in, void *e, bool creating)
{
	for (size_t i = 0; i < k->nfields; i++) {
		const struct reg_field *f = &k->fields[i];
		if (!creating && f->fixed)
			continue;
		if (reg_is_text(f)) {
			const char *s = reg_in_text(f, in);
			if (creating || s)
				str_copy(reg_text_at(f, e), f->cap, s);
		} else if (creating || reg_in_set(f, in)) {
			*reg_num_at(f, e) = reg_in_num(f, in);
		}
	}
}
