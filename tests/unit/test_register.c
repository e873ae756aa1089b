/* Tests of the registers' descriptors (domain/register.c): the field checks name the fields in the
 * order the API has always listed them, with its messages, and an update copies only what it is
 * given, never a fixed field. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/civil.h"
#include "domain/register.h"

/* 2026-11-26 09:00 in Hanoi. */
static int64_t now(void)
{
	int64_t day = 0;
	assert_int_equal(civil_parse_date("2026-11-26", 10, &day), MC_OK);
	return civil_instant(day, 9 * 3600);
}

/* The problem's errors as "field: message" lines. */
static char *errors(struct problem *p, struct arena *a)
{
	char *out = arena_strdup(a, "");
	for (struct field_error *e = p->head; e; e = e->next)
		out = arena_printf(a, "%s%s: %s\n", out, e->field, e->message);
	return out;
}

static void test_asset_required_in_order(void **state)
{
	MC_UNUSED(state);
	struct arena a;
	struct problem p;
	struct asset_in in = {0};
	arena_init(&a);
	problem_init(&p, &a);
	reg_check_fields(&reg_asset_kind, &in, true, now(), &p);
	assert_string_equal(errors(&p, &a), "inventory_code: is required\n"
					    "name: is required\n"
					    "category: is required\n"
					    "quantity: is required\n"
					    "original_value: is required\n"
					    "remaining_value: is required\n");
	problem_init(&p, &a);
	reg_check_fields(&reg_asset_kind, &in, false, now(), &p);
	assert_int_equal(p.n, 0);
	arena_release(&a);
}

static void test_limits_and_texts_first(void **state)
{
	MC_UNUSED(state);
	struct arena a;
	struct problem p;
	struct record_in in = {.box = "", .file = "02", .title = "Sổ", .year = 1899, .year_set = true,
			       .sheets = -1, .sheets_set = true, .retention = ""};
	arena_init(&a);
	problem_init(&p, &a);
	reg_check_fields(&reg_record_kind, &in, true, now(), &p);
	assert_string_equal(errors(&p, &a), "box: must have 1 to 20 characters\n"
					    "year: must be from 1900 to 2100\n"
					    "sheets: must not be negative\n");
	struct staff_in s = {.full_name = "A", .id_number = "12345", .position = "x",
			     .counter = 100, .counter_set = true};
	problem_init(&p, &a);
	reg_check_fields(&reg_staff_kind, &s, true, now(), &p);
	reg_check_field(reg_staff_kind.counter, &s, true, now(), &p);
	assert_string_equal(errors(&p, &a),
			    "id_number: must be a 12-digit personal identification number\n"
			    "counter: is too large\n");
	arena_release(&a);
}

static void test_apply(void **state)
{
	MC_UNUSED(state);
	struct reg_staff e = {0};
	struct staff_in in = {.full_name = "Nguyễn Văn A", .id_number = "001190054321",
			      .position = "Chuyên viên"};
	reg_apply(&reg_staff_kind, &in, &e, true);
	assert_string_equal(e.full_name, "Nguyễn Văn A");
	assert_string_equal(e.id_number, "001190054321");
	struct staff_in change = {.id_number = "001190099999", .position = "Trưởng"};
	reg_apply(&reg_staff_kind, &change, &e, false);
	assert_string_equal(e.full_name, "Nguyễn Văn A");
	assert_string_equal(e.id_number, "001190054321");
	assert_string_equal(e.position, "Trưởng");

	struct reg_asset a = {.quantity = 3, .original_value = 7};
	struct asset_in ain = {.quantity = 5, .quantity_set = true, .original_value = 9};
	reg_apply(&reg_asset_kind, &ain, &a, false);
	assert_int_equal(a.quantity, 5);
	assert_int_equal(a.original_value, 7);
	reg_apply(&reg_asset_kind, &(struct asset_in){0}, &a, true);
	assert_int_equal(a.quantity, 0);
	assert_string_equal(a.condition, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_asset_required_in_order),
		cmocka_unit_test(test_limits_and_texts_first),
		cmocka_unit_test(test_apply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
