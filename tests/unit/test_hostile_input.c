/* Regression tests of the bugs the fuzz targets (tests/fuzz/) found in the decoding of hostile
 * input, each on a request made without a server (http/decode.h): a JSON error quoting half a
 * UTF-8 sequence, a bad due_before answered 500, cursors and signatures taken from texts that are
 * not base64url, lax dossier cursors, colliding unit list cache keys, a CSV import that
 * dropped the lines after a NUL byte, and list elements taken without the text checks. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "http/decode.h"
#include "svc/import.h"
#include "svc/receipts.h"

/* A decoded answer's JSON (the caller frees it). */
static json_t *answer_json(const struct req *r)
{
	json_error_t e;
	assert_true(r->responded);
	assert_non_null(r->out);
	json_t *j = json_loadb(r->out, r->out_len, 0, &e);
	assert_non_null(j);
	return j;
}

static void body(struct req *r, const char *text)
{
	r->h_ctype = "application/json";
	assert_int_equal(buf_append(&r->body, text, strlen(text)), MC_OK);
}

/* An invalid escape before a multi-byte character: jansson's message quoted only the first byte
 * of the character, the problem could not be written as JSON, and the process crashed on a NULL
 * body (any JSON route, logged in or not: login, registration, rating). */
static void test_json_error_quoting_half_a_character(void **state)
{
	MC_UNUSED(state);
	struct req r;
	struct login_in in;
	req_offline_init(&r, "POST", "/api/v1/auth/login");
	body(&r, "{\"username\":\"T\\\xe1\xbb\x91t\"}");
	assert_true(decode_login_or_reply(&r, &in));
	assert_int_equal(r.status, 400);
	json_t *j = answer_json(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 400);
	assert_non_null(strstr(json_string_value(json_object_get(j, "detail")), "invalid escape"));
	json_decref(j);
	req_offline_release(&r);
}

/* GET /dossiers?due_before=<not a time> returned without an answer (500), not 422. */
static void test_bad_due_before_is_422(void **state)
{
	MC_UNUSED(state);
	struct req r;
	struct dossier_query q;
	req_offline_init(&r, "GET", "/api/v1/dossiers");
	r.args[0] = (struct req_arg){"due_before", "2026z12-01"};
	r.nargs = 1;
	assert_true(decode_dossier_query_or_reply(&r, &q));
	assert_int_equal(r.status, 422);
	json_t *j = answer_json(&r);
	json_t *e = json_array_get(json_object_get(j, "errors"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "field")), "due_before");
	json_decref(j);
	req_offline_release(&r);
}

/* libsodium 1.0.18 reads bytes above 0x7f as base64 digits: "ZDox\xb2..." decoded. */
static void test_cursor_outside_the_alphabet(void **state)
{
	MC_UNUSED(state);
	struct req r;
	size_t limit;
	const char *value;
	req_offline_init(&r, "GET", "/api/v1/units");
	r.args[0] = (struct req_arg){"cursor", "ZDox\xb2\x85\x94\xce\xb1\x95\xaa\x90MjAwOjQy"};
	r.nargs = 1;
	assert_true(page_or_reply(&r, &limit, &value));
	assert_int_equal(r.status, 422);
	req_offline_release(&r);
	req_offline_init(&r, "GET", "/api/v1/units");
	r.args[0] = (struct req_arg){"cursor", "MDAxLjAxLjUwLkgyNg"};
	r.nargs = 1;
	assert_false(page_or_reply(&r, &limit, &value));
	assert_string_equal(value, "001.01.50.H26");
	req_offline_release(&r);
}

static void test_signature_outside_the_alphabet(void **state)
{
	MC_UNUSED(state);
	unsigned char sig[64];
	char text[96];
	memset(sig, 0xab, sizeof(sig));
	sodium_bin2base64(text, sizeof(text), sig, sizeof(sig),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	assert_true(receipts_sig_decode(text, sig));
	text[3] = (char)0xb2;
	assert_false(receipts_sig_decode(text, sig));
	assert_false(receipts_sig_decode(NULL, sig));
	assert_false(receipts_sig_decode("", sig));
}

/* sscanf read "i: +5", "i:05" and overflowing numbers as cursors. */
static void test_dossier_cursors_are_canonical(void **state)
{
	MC_UNUSED(state);
	int64_t due = 0, id = 0;
	static const char *const bad[] = {"i:+5", "i: 5", "i:05", "i:0", "i:-1", "i:5x", "i:",
					  "i:99999999999999999999", "d:1:2", "x:5", ""};
	for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++)
		assert_false(dossier_cursor_parse(bad[i], false, &due, &id));
	assert_true(dossier_cursor_parse("i:9223372036854775807", false, &due, &id));
	assert_true(id == INT64_MAX);
	static const char *const bad_due[] = {"d:1", "d:1:0", "d:-0:5", "d:01:5", "d:1:5:",
					      "d:-9223372036854775809:5", "i:5"};
	for (size_t i = 0; i < MC_ARRAY_LEN(bad_due); i++)
		assert_false(dossier_cursor_parse(bad_due[i], true, &due, &id));
	assert_true(dossier_cursor_parse("d:-9223372036854775808:7", true, &due, &id));
	assert_true(due == INT64_MIN && id == 7);
}

/* Members were joined by \x1f: parent "A\x1fB" and parent "A" with q "B" shared a cache key. */
static void test_unit_list_keys_do_not_collide(void **state)
{
	MC_UNUSED(state);
	struct arena a;
	struct problem p;
	struct svc_ctx ctx = {.arena = &a, .problem = &p};
	arena_init(&a);
	problem_init(&p, &a);
	struct units_query q1 = {.parent = "A\x1f" "B", .limit = 50};
	struct units_query q2 = {.parent = "A", .q = "B", .after_code = "\x1e\x1f\x1e", .limit = 50};
	struct units_query q3 = {.parent = "A", .q = "B", .limit = 50};
	assert_string_not_equal(units_list_key(&ctx, &q1), units_list_key(&ctx, &q2));
	assert_string_not_equal(units_list_key(&ctx, &q2), units_list_key(&ctx, &q3));
	assert_string_equal(units_list_key(&ctx, &q3), units_list_key(&ctx, &q3));
	arena_release(&a);
}

struct reported {
	size_t n, line;
	char message[128];
};

static void on_error(size_t line, const char *field, const char *message, void *arg)
{
	struct reported *rep = arg;
	MC_UNUSED(field);
	rep->n++;
	rep->line = line;
	snprintf(rep->message, sizeof(rep->message), "%s", message);
}

/* A NUL byte ended the text: the lines after it were dropped and the import said it succeeded. */
static void test_import_refuses_a_nul_byte(void **state)
{
	MC_UNUSED(state);
	static const char file[] = "unit,box,file,title,year,sheets\n"
				   "001.01.50.H26,H1,01,A,2024,1\n\0"
				   "001.01.50.H26,H1,02,B,2024,1\n";
	struct arena a;
	struct problem p;
	struct svc_ctx ctx = {.arena = &a, .problem = &p};
	struct reported rep = {0};
	size_t imported = 9, errors = 0;
	arena_init(&a);
	problem_init(&p, &a);
	assert_int_equal(import_csv(&ctx, "records", file, sizeof(file) - 1, on_error, &rep,
				    &imported, &errors),
			 MC_EINVAL);
	assert_int_equal(imported, 0);
	assert_int_equal(errors, 1);
	assert_int_equal(rep.n, 1);
	assert_int_equal(rep.line, 3);
	assert_non_null(strstr(rep.message, "NUL"));
	arena_release(&a);
}

/* The component ids a guidance note lists (and the handover items, the units of a reorganization)
 * were copied from the body as they came: a DEL (0x7f) in one reached the stored note. Each
 * element now goes through the same checks as a one-line field, named by its place. */
static void test_list_elements_are_checked_texts(void **state)
{
	MC_UNUSED(state);
	struct req r;
	struct intake_note_in in;
	memset(&in, 0x5a, sizeof(in)); /* the decoder sets what it fills */
	req_offline_init(&r, "POST", "/api/v1/intake-guidance");
	body(&r, "{\"procedure\":\"1.001193\",\"applicant\":{\"kind\":\"person\",\"name\":\"A\","
		 "\"id_number\":\"001190012345\"},\"missing\":[\"tp01\",\"tp0pr\x7f" "ced2\","
		 "\"e\xcc\x81\"],\"note\":\"b\xe1\xbb\x95 sung\"}");
	assert_true(decode_guidance_or_reply(&r, &in));
	assert_int_equal(r.status, 422);
	json_t *j = answer_json(&r);
	json_t *errors = json_object_get(j, "errors");
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
			    "missing[1]");
	json_decref(j);
	req_offline_release(&r);

	/* A decomposed id is kept composed (NFC), like any other field. */
	req_offline_init(&r, "POST", "/api/v1/intake-guidance");
	body(&r, "{\"procedure\":\"1.001193\",\"applicant\":{\"kind\":\"person\",\"name\":\"A\","
		 "\"id_number\":\"001190012345\"},\"missing\":[\"e\xcc\x81\"]}");
	memset(&in, 0x5a, sizeof(in));
	assert_false(decode_guidance_or_reply(&r, &in));
	assert_int_equal(in.in.ncomponents, 1);
	assert_string_equal(in.in.components[0].id, "\xc3\xa9");
	req_offline_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_error_quoting_half_a_character),
		cmocka_unit_test(test_bad_due_before_is_422),
		cmocka_unit_test(test_cursor_outside_the_alphabet),
		cmocka_unit_test(test_signature_outside_the_alphabet),
		cmocka_unit_test(test_dossier_cursors_are_canonical),
		cmocka_unit_test(test_unit_list_keys_do_not_collide),
		cmocka_unit_test(test_import_refuses_a_nul_byte),
		cmocka_unit_test(test_list_elements_are_checked_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
