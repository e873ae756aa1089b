/* Tests of the JSON written directly as text (http/dossier_json.h): the public tracking view and
 * list items must be byte for byte what jansson writes from dossier_public_json and
 * dossier_summary_json, for every optional member present or absent and texts that need escaping;
 * the full dossier of an intake's 201 what dossier_json with its fees member gives, as staff and as a
 * citizen sees it (api_dossiers.c caller_json_fees). */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "domain/workflow.h"
#include "http/api_fees.h"
#include "http/dossier_json.h"

static void sample(struct dossier *d)
{
	memset(d, 0, sizeof(*d));
	d->id = 42;
	snprintf(d->code, sizeof(d->code), "001.01.50.H26-261126-0001");
	d->status = DS_PROCESSING;
	snprintf(d->procedure_code, sizeof(d->procedure_code), "1.004837");
	d->procedure_version = 3;
	d->procedure_name = "Đăng ký giám hộ";
	snprintf(d->applicant_kind, sizeof(d->applicant_kind), "person");
	d->applicant_name = "Nguyễn Thị Hằng";
	snprintf(d->applicant_id, sizeof(d->applicant_id), "001190012345");
	d->applicant_phone = "0912345678";
	snprintf(d->channel, sizeof(d->channel), "counter");
	snprintf(d->receiving_unit, sizeof(d->receiving_unit), "001.01.50.H26");
	snprintf(d->served_unit, sizeof(d->served_unit), "001.01.50.H26");
	snprintf(d->resolver_unit, sizeof(d->resolver_unit), "001.00.50.H26");
	snprintf(d->return_unit, sizeof(d->return_unit), "001.01.50.H26");
	snprintf(d->return_channel, sizeof(d->return_channel), "counter");
	d->duration.value = 3;
	snprintf(d->duration.unit, sizeof(d->duration.unit), "working_days");
	d->submitted_at = 1764124200;
	d->received_at = 1764124200;
	d->due_at = 1764383400;
	snprintf(d->tracking_secret, sizeof(d->tracking_secret), "ABCDEFGHJK");
	d->version = 7;
	d->nsteps = 2;
	d->steps[0].idx = 1;
	d->steps[0].name = "Tiếp nhận";
	d->steps[0].done_at = 1764124300;
	d->steps[1].idx = 2;
	d->steps[1].name = "Giải quyết";
	snprintf(d->steps[1].unit, sizeof(d->steps[1].unit), "001.00.50.H26");
	snprintf(d->steps[1].role, sizeof(d->steps[1].role), "processor");
	d->steps[1].started_at = 1764124300;
	d->steps[1].due_at = 1764300000;
}

static void expect_same_text(const struct dossier *d)
{
	json_t *o = dossier_public_json(d);
	char *want = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	size_t n;
	char *got = dossier_public_text(d, &n);
	assert_string_equal(got, want);
	assert_int_equal(n, strlen(want));
	json_decref(o);
	free(want);
	free(got);
}

/* json_text_str against jansson's encoding of the same string: every ASCII byte at every place of
 * a text longer than two of the words it scans eight bytes at a time, and Vietnamese text. */
static void test_text_str(void **state)
{
	(void)state;
	char text[20];
	const char *const more[] = {"", "a", "Nguyễn Thị Hằng", "Số 1 \"Tràng Tiền\"\\Hoàn Kiếm\n",
				    "12345678", "1234567\x1f", "\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x01"};
	for (int c = 1; c < 0x80 + (int)MC_ARRAY_LEN(more); c++) {
		for (int at = 0; at < 19; at++) {
			const char *s = text;
			if (c < 0x80) {
				memset(text, 'x', 19);
				text[19] = 0;
				text[at] = (char)c;
			} else if (at == 0) {
				s = more[c - 0x80];
			} else {
				break;
			}
			struct buf b;
			buf_init(&b, 4096);
			json_text_str(&b, s);
			json_t *j = json_string(s);
			char *want = json_dumps(j, JSON_ENCODE_ANY);
			assert_string_equal(b.data, want);
			free(want);
			json_decref(j);
			buf_release(&b);
		}
	}
}

static void test_public_text(void **state)
{
	MC_UNUSED(state);
	struct dossier *d = xcalloc(1, sizeof(*d));
	sample(d);
	expect_same_text(d);
	/* Every field set, texts that need escaping, no steps. */
	d->decided_at = 1764300000;
	d->returned_at = 1764310000;
	snprintf(d->timeliness, sizeof(d->timeliness), "on_time");
	snprintf(d->rating, sizeof(d->rating), "satisfied");
	d->procedure_name = "Quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f "
			    "ctl \x01\x1f del \x7f ý";
	d->applicant_name = "A \"B\" \\C";
	d->steps[0].name = "\x02 step";
	expect_same_text(d);
	d->nsteps = 0;
	d->procedure_name = NULL;
	d->applicant_name = NULL;
	d->received_at = 0;
	d->due_at = 0;
	expect_same_text(d);
	/* Times far from now (a year before 1000, one after 9999 is not reachable). */
	d->received_at = -30000000000;
	d->due_at = 253402214400 - 1;
	expect_same_text(d);
	free(d);
}

static void expect_same_item(const struct dossier *d, bool overdue)
{
	struct arena a;
	struct buf b;
	arena_init(&a);
	json_t *o = dossier_summary_json(&a, d);
	json_object_set_new(o, "overdue", json_boolean(overdue));
	char *want = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf_init(&b, 1 << 20);
	dossier_list_item_text(&b, d, overdue);
	assert_string_equal(b.data, want);
	json_decref(o);
	free(want);
	buf_release(&b);
	arena_release(&a);
}

static void test_list_item_text(void **state)
{
	MC_UNUSED(state);
	struct dossier *d = xcalloc(1, sizeof(*d));
	sample(d);
	expect_same_item(d, false);
	d->current_step = 2;
	expect_same_item(d, true);
	/* Every optional member present, with texts that need escaping. */
	d->applicant_email = "a\"b@example.vn";
	d->applicant_address = "Số 1\tTràng Tiền\n";
	d->paused_since = 1764200000;
	d->extended_due_at = 1764500000;
	d->extended_reason = "Chờ \\ xác minh";
	d->decided_at = 1764300000;
	snprintf(d->decision, sizeof(d->decision), "approved");
	d->decision_reason = "Đủ điều kiện";
	d->result_number = "15/2026/TLGH";
	d->result_title = NULL;
	d->result_document = "sha256:ab";
	snprintf(d->timeliness, sizeof(d->timeliness), "early");
	d->returned_at = 1764310000;
	snprintf(d->returned_unit, sizeof(d->returned_unit), "001.01.50.H26");
	d->closed_reason = "\x01";
	d->supplement_requests = 2;
	snprintf(d->rating, sizeof(d->rating), "satisfied");
	d->version = 1234567890123;
	expect_same_item(d, false);
	/* A current step beyond the steps read, absent texts. */
	d->current_step = 5;
	d->procedure_name = NULL;
	d->applicant_name = NULL;
	d->result_number = NULL;
	d->result_title = "Trích lục";
	d->extended_reason = NULL;
	expect_same_item(d, true);
	d->result_title = NULL;
	expect_same_item(d, true);
	/* Numbers at the ends of their range, written digit by digit. */
	d->supplement_requests = -3;
	d->version = INT64_MIN;
	expect_same_item(d, true);
	d->supplement_requests = 0;
	d->version = INT64_MAX;
	expect_same_item(d, false);
	free(d);
}

/* What caller_json_fees gives, dumped as resp_json does. */
static char *full_by_jansson(const struct dossier *d, const struct fee_view *v, bool staff)
{
	struct arena a;
	arena_init(&a);
	json_t *o = dossier_json(&a, d, true);
	json_object_set_new(o, "fees", fees_member_of(v));
	if (!staff) {
		json_object_set_new(json_object_get(o, "sync"), "error", json_null());
		json_object_set_new(o, "opinions", json_array());
	}
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	arena_release(&a);
	return s;
}

static void expect_same_full(const struct dossier *d, const struct fee_view *v)
{
	for (int staff = 0; staff < 2; staff++) {
		char *want = full_by_jansson(d, v, staff);
		struct buf b;
		buf_init(&b, DOSSIER_TEXT_MAX);
		dossier_full_text(&b, d, true, staff);
		assert_false(b.full);
		b.len--;
		buf_append_str(&b, ",\"fees\":");
		fees_member_text(&b, v);
		buf_append_str(&b, "}");
		assert_false(b.full);
		assert_string_equal(b.data, want);
		buf_release(&b);
		free(want);
	}
}

static void test_full_text(void **state)
{
	MC_UNUSED(state);
	struct dossier *d = xcalloc(1, sizeof(*d));
	struct fee_view *v = xcalloc(1, sizeof(*v));
	sample(d);
	/* A new intake: no opinions, no delegation, calendar versions, no fee record. */
	d->calendar_versions = "{\"2026\":1}";
	expect_same_full(d, v);
	/* Its fee record just written. */
	v->has = true;
	snprintf(v->rec.channel, sizeof(v->rec.channel), "counter");
	v->rec.declared = "{}";
	v->rec.lines = "[]";
	expect_same_full(d, v);
	/* Everything present, texts that need escaping, stored JSON that jansson rewrites. */
	d->calendar_versions = "{ \"2026\" : 3, \"2027\":1 }";
	d->steps[0].timeliness[0] = '\0';
	snprintf(d->steps[1].timeliness, sizeof(d->steps[1].timeliness), "late");
	d->steps[1].duration.value = 2;
	snprintf(d->steps[1].duration.unit, sizeof(d->steps[1].duration.unit), "working_days");
	d->steps[1].done_at = 1764310000;
	d->nopinions = 2;
	d->opinions = xcalloc(2, sizeof(*d->opinions));
	d->opinions[0].id = 5;
	d->opinions[0].step = 1;
	snprintf(d->opinions[0].unit, sizeof(d->opinions[0].unit), "000.00.12.H26");
	d->opinions[0].question = "Có \"đồng ý\"?\n";
	d->opinions[0].asked_at = 1764124300;
	d->opinions[0].asked_by = "xuly.hoankiem";
	d->opinions[0].due_days = 5;
	d->opinions[0].due_at = 1764400000;
	d->opinions[1] = d->opinions[0];
	d->opinions[1].id = 6;
	d->opinions[1].question = NULL;
	d->opinions[1].asked_by = NULL;
	d->opinions[1].answered_at = 1764200000;
	d->opinions[1].answered_by = "chuyenvien";
	d->opinions[1].agree = true;
	d->opinions[1].answer = "Đồng ý \\ tab\t";
	snprintf(d->opinions[1].timeliness, sizeof(d->opinions[1].timeliness), "early");
	struct delegation g = {.id = 9, .delegating_name = "Sở Tư pháp", .valid_from = 1764000000,
			       .created_at = 1763000000, .created_by = "admin"};
	snprintf(g.procedure_code, sizeof(g.procedure_code), "1.004837");
	snprintf(g.decision_date, sizeof(g.decision_date), "2026-11-01");
	d->delegation = &g;
	d->ncomponents = 3;
	snprintf(d->components[0].id, sizeof(d->components[0].id), "tp01");
	d->components[0].provided = true;
	d->components[0].needed = true;
	d->components[0].document = "sha256:0f";
	snprintf(d->components[1].id, sizeof(d->components[1].id), "tp02");
	d->components[1].needed = false;
	d->components[1].document = "";
	snprintf(d->components[2].id, sizeof(d->components[2].id), "tp\"3");
	d->components[2].provided = true;
	d->result_number = "15/2026";
	d->result_document = "sha256:ab";
	snprintf(d->sync.state, sizeof(d->sync.state), "failed");
	d->sync.at = 1764300000;
	d->sync.error = "HTTP 502 from \"portal\"";
	d->sync.receipt = "R-1";
	v->rec.declared = "{\"copies\": 2}";
	v->rec.lines = "[{\"id\":\"le_phi\",\"amount\":8000}]";
	v->rec.gross = 16000;
	v->rec.total = 8000;
	v->rec.paid = 10000;
	v->rec.refunded = 2000;
	v->rec.exempt = true;
	v->rec.exemption_code = "";
	v->rec.exemption_reason = "Hộ nghèo";
	v->npayments = 2;
	snprintf(v->payments[0].order_id, sizeof(v->payments[0].order_id), "MC-1");
	snprintf(v->payments[0].method, sizeof(v->payments[0].method), "cash");
	v->payments[0].amount = 8000;
	snprintf(v->payments[0].status, sizeof(v->payments[0].status), "paid");
	v->payments[0].receipt_no = "";
	v->payments[0].created_at = 1764124300;
	v->payments[0].paid_at = 1764124400;
	v->payments[1] = v->payments[0];
	v->payments[1].agency = "UBND \"phường\"";
	v->payments[1].receipt_no = NULL;
	v->payments[1].refunded_at = 1764200000;
	v->payments[1].refund_reason = "Nộp thừa";
	expect_same_full(d, v);
	/* Delegation with every member, no exemption code, stored JSON that is not JSON. */
	snprintf(g.unit, sizeof(g.unit), "001.00.50.H26");
	snprintf(g.delegating_unit, sizeof(g.delegating_unit), "000.00.12.H26");
	g.decision_number = "12/QĐ";
	g.valid_to = 1800000000;
	g.ended_at = 1790000000;
	g.ended_by = "admin";
	v->rec.exemption_code = NULL;
	v->rec.exemption_paper = "Giấy \\ xác nhận";
	v->rec.declared = "not json";
	v->rec.lines = NULL;
	d->calendar_versions = "{";
	d->tracking_secret[0] = '\0';
	expect_same_full(d, v);
	v->rec.exempt = false;
	d->calendar_versions = NULL;
	d->delegation = NULL;
	d->nsteps = 0;
	expect_same_full(d, v);
	free(d->opinions);
	free(d);
	free(v);
}

/* json_text_value against jansson's parse and dump of the same text (its fallback "{}" when
 * that is no JSON): the texts it writes as they are and those it parses. */
static void test_text_value(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"{}", "[]", "{\"2026\":1}", "{\"2025\":3,\"2026\":1}", "{\"2026\":1,\"2025\":3}",
		"{\"2026\":0}", "{\"2026\":-4}", "{\"2026\":01}", "{\"2026\":1,\"2026\":2}",
		"{\"2026\": 1}", "{ \"2026\":1}", "{\"2026\":1 }", "{\"2026\":1,}", "{\"2026\":1}x",
		"{\"20a6\":1}", "{\"\":1}", "{\"2026\":1.5}", "{\"2026\":1e3}", "{\"2026\":\"1\"}",
		"{\"2026\":123456789012345}", "{\"2026\":1234567890123456789}", "{\"0\":1}",
		"{\"1\":1,\"2\":2,\"3\":3,\"4\":4,\"5\":5,\"6\":6,\"7\":7,\"8\":8,\"9\":9}",
		"{\"2026\":-0}", "{\"2026\":-}", "{\"2026\"1}", "{\"2026\":1", "{", "", "null",
		"[1,2]", "{\"a\":{\"b\":[1,\"c\"]}}", "{\"2026\":1,\"2027\"}",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		json_t *v = json_loads(texts[i], 0, NULL);
		if (!v)
			v = json_loads("{}", 0, NULL);
		char *want = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(v);
		struct buf b;
		buf_init(&b, 4096);
		json_text_value(&b, texts[i], "{}");
		assert_false(b.full);
		if (strcmp(b.data, want) != 0)
			fail_msg("json_text_value(%s): %s, jansson %s", texts[i], b.data, want);
		buf_release(&b);
		free(want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_str),
		cmocka_unit_test(test_public_text),
		cmocka_unit_test(test_list_item_text),
		cmocka_unit_test(test_full_text),
		cmocka_unit_test(test_text_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
