/* Tests of the procedure catalog's database-free parts: code and component id shapes, decoding
 * the JSON representation (unknown members named by path, NFC, types), and the rules of
 * catalog_check() (one error per field, the last step an approver). */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "base/embed.h"
#include "svc/catalog.h"

static const char VALID[] =
	"{\"code\": \"1.001193\", \"name\": \"Th\xe1\xbb\xa7 t\xe1\xbb\xa5\x63 \xc4\x91\xc4\x83ng k\xc3\xbd\","
	" \"field\": \"H\xe1\xbb\x99 t\xe1\xbb\x8b\x63h\", \"level\": \"commune\","
	" \"duration\": {\"value\": 1, \"unit\": \"same_day\"}, \"fee_vnd\": 0, \"online\": \"partial\","
	" \"resolver\": {\"kind\": \"commune_pc\"},"
	" \"components\": [{\"id\": \"tp01\", \"name\": \"T\xe1\xbb\x9d khai\", \"original_or_copy\":"
	" \"original\", \"quantity\": 1, \"required\": true, \"submit_or_present\": \"submit\"}],"
	" \"steps\": [{\"name\": \"Th\xe1\xba\xa9m \xc4\x91\xe1\xbb\x8bnh\", \"unit\": \"resolver\","
	" \"role\": \"processor\", \"duration\": {\"value\": 1, \"unit\": \"working_hours\"}},"
	" {\"name\": \"Ph\xc3\xaa duy\xe1\xbb\x87t\", \"unit\": \"resolver\", \"role\": \"approver\","
	" \"duration\": {\"value\": 1, \"unit\": \"working_hours\"}}],"
	" \"result\": \"Gi\xe1\xba\xa5y khai sinh\"}";

struct fixture {
	struct arena arena;
	struct problem problem;
	struct procedure proc;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	arena_init(&f->arena);
	problem_init(&f->problem, &f->arena);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_release(&f->arena);
	free(f);
	return 0;
}

/* Decodes text (after an optional edit of the parsed JSON) and checks it. */
static void decode_check(struct fixture *f, const char *text, void (*edit)(json_t *root))
{
	json_t *root = json_loads(text, 0, NULL);
	assert_non_null(root);
	if (edit)
		edit(root);
	catalog_decode(root, &f->arena, &f->problem, &f->proc);
	json_decref(root);
	catalog_check(&f->proc, &f->problem);
}

/* The fields named in the problem, joined with spaces, in order. */
static const char *fields(struct fixture *f)
{
	char *out = arena_strdup(&f->arena, "");
	for (const struct field_error *e = f->problem.head; e; e = e->next)
		out = arena_printf(&f->arena, "%s%s%s", out, *out ? " " : "", e->field);
	return out;
}

static void test_code_shapes(void **state)
{
	MC_UNUSED(state);
	assert_true(catalog_code_valid("1.001193"));
	assert_true(catalog_code_valid("3.000347"));
	assert_false(catalog_code_valid("1.00119"));
	assert_false(catalog_code_valid("1.0011933"));
	assert_false(catalog_code_valid("10001193"));
	assert_false(catalog_code_valid("a.001193"));
	assert_false(catalog_code_valid(""));
	assert_true(catalog_component_id_valid("tp01"));
	assert_true(catalog_component_id_valid("anh_the-4x6"));
	assert_true(catalog_component_id_valid("abcdefghijklmnopqrstuvw"));
	assert_false(catalog_component_id_valid("abcdefghijklmnopqrstuvwx"));
	assert_false(catalog_component_id_valid("TP01"));
	assert_false(catalog_component_id_valid("tp 01"));
	assert_false(catalog_component_id_valid(""));
}

static void test_valid_decodes_and_passes(void **state)
{
	struct fixture *f = *state;
	decode_check(f, VALID, NULL);
	assert_string_equal(fields(f), "");
	assert_string_equal(f->proc.code, "1.001193");
	assert_int_equal(f->proc.version, 0);
	assert_string_equal(f->proc.level, "commune");
	assert_string_equal(f->proc.duration.unit, "same_day");
	assert_int_equal(f->proc.fee_vnd, 0);
	assert_int_equal(f->proc.ncomponents, 1);
	assert_string_equal(f->proc.components[0].id, "tp01");
	assert_true(f->proc.components[0].required);
	assert_int_equal(f->proc.nsteps, 2);
	assert_string_equal(f->proc.steps[1].role, "approver");
}

static void decomposed_name(json_t *root)
{
	/* "Đăng ký" with ă and ý decomposed. */
	json_object_set_new(root, "name", json_string("\xc4\x90\x61\xcc\x86ng ky\xcc\x81"));
	json_object_set_new(root, "fee_vnd", json_null());
}

static void test_nfc_and_null_fee(void **state)
{
	struct fixture *f = *state;
	decode_check(f, VALID, decomposed_name);
	assert_string_equal(fields(f), "");
	assert_string_equal(f->proc.name, "\xc4\x90\xc4\x83ng k\xc3\xbd");
	assert_int_equal(f->proc.fee_vnd, PROC_FEE_UNSET);
}

static void unknown_members(json_t *root)
{
	json_object_set_new(root, "colour", json_string("red"));
	json_object_set_new(json_object_get(root, "resolver"), "x", json_true());
	json_object_set_new(json_array_get(json_object_get(root, "components"), 0), "colour",
			    json_string("blue"));
	json_t *step = json_array_get(json_object_get(root, "steps"), 1);
	json_object_set_new(json_object_get(step, "duration"), "colour", json_string("green"));
}

static void test_unknown_members_named_by_path(void **state)
{
	struct fixture *f = *state;
	decode_check(f, VALID, unknown_members);
	assert_string_equal(fields(f),
			    "colour resolver.x components[0].colour steps[1].duration.colour");
}

static void break_rules(json_t *root)
{
	json_object_set_new(root, "code", json_string("1.1193"));
	json_object_set_new(root, "level", json_string("city"));
	json_object_set_new(json_object_get(root, "duration"), "value", json_integer(2));
	json_t *steps = json_object_get(root, "steps");
	json_object_set_new(json_array_get(steps, 1), "role", json_string("processor"));
	json_t *comps = json_object_get(root, "components");
	json_array_append_new(comps, json_deep_copy(json_array_get(comps, 0)));
	json_object_set_new(json_array_get(comps, 1), "quantity", json_integer(0));
}

static void test_rules_one_error_per_field(void **state)
{
	struct fixture *f = *state;
	decode_check(f, VALID, break_rules);
	assert_string_equal(fields(f), "code duration.value resolver.kind components[1].id "
				       "components[1].quantity steps[1].role");
}

static void wrong_types(json_t *root)
{
	json_object_set_new(root, "name", json_integer(7));
	json_object_set_new(root, "steps", json_string("none"));
	json_object_del(root, "result");
	json_object_del(root, "duration");
	json_object_set_new(root, "fee_vnd", json_integer(-1));
	json_object_set_new(root, "version", json_integer(0));
}

static void test_types_and_absence(void **state)
{
	struct fixture *f = *state;
	decode_check(f, VALID, wrong_types);
	assert_string_equal(fields(f), "version name duration fee_vnd result steps");
}

static void test_seed_file_passes_the_rules(void **state)
{
	struct fixture *f = *state;
	const struct embed_file *file = embed_find("data/catalog.json");
	assert_non_null(file);
	json_t *root = json_loadb((const char *)file->data, file->size, 0, NULL);
	assert_true(json_is_array(root));
	assert_int_equal(json_array_size(root), 35);
	size_t i;
	json_t *v;
	json_array_foreach(root, i, v) {
		assert_int_equal(catalog_decode(v, &f->arena, &f->problem, &f->proc), MC_OK);
		catalog_check(&f->proc, &f->problem);
		assert_string_equal(fields(f), "");
	}
	json_decref(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_shapes),
		cmocka_unit_test_setup_teardown(test_valid_decodes_and_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nfc_and_null_fee, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_members_named_by_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules_one_error_per_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types_and_absence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_file_passes_the_rules, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
