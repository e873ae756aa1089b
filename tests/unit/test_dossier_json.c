/* Tests of the JSON written directly as text (http/dossier_json.h): the public tracking view and
 * list items must be byte for byte what jansson writes from dossier_public_json and
 * dossier_summary_json, for every optional member present or absent and texts that need escaping. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
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
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_text),
		cmocka_unit_test(test_list_item_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
