/* Tests of the queue board's text (api_queue.c): ticket_text and ticket_serving_text give, byte for
 * byte, what jansson's json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER) gives for ticket_json and for
 * the board's serving entry (API.md: counter, number, service_group, priority, announcement), over
 * tickets of every status with texts that need escaping, Vietnamese and the empty priority. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"
#include "http/http.h"
#include "svc/queue.h"

/* A fixed-seed xorshift generator: the cases are the same on every run. */
static uint32_t seed = 20261206;
static uint32_t next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 17;
	seed ^= seed << 5;
	return seed;
}

/* A text of up to max - 1 bytes from pieces that JSON escapes, and some that it does not. */
static void random_text(char *out, size_t max)
{
	static const char *const pieces[] = {"a",  "Đất đai", "\"", "\\", "/",  "\n", "\t", "\x01",
					     "\x1f", "\x7f",   "ư",  " ",  "Hộ tịch", "0", "\r", "€"};
	size_t len = 0, n = next() % 12;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[next() % MC_ARRAY_LEN(pieces)];
		size_t k = strlen(p);
		if (len + k >= max)
			break;
		memcpy(out + len, p, k + 1);
		len += k;
	}
}

static void random_ticket(struct ticket *t)
{
	static const char *const statuses[] = {"waiting", "called", "done", "skipped"};
	memset(t, 0, sizeof(*t));
	t->id = next() % 1000;
	random_text(t->point, sizeof(t->point));
	str_copy(t->day, sizeof(t->day), next() % 2 ? "2026-12-06" : "2027-02-16");
	t->number = next() % 10000;
	random_text(t->service_group, sizeof(t->service_group));
	if (next() % 2)
		random_text(t->priority, sizeof(t->priority));
	str_copy(t->status, sizeof(t->status), statuses[next() % 4]);
	t->counter = next() % 3 ? next() % 40 : 0;
	t->created_at = 1796000000 + next() % 10000000;
	t->called_at = next() % 2 ? t->created_at + next() % 5000 : 0;
	t->finished_at = next() % 3 ? 0 : t->created_at + next() % 9000;
	t->target_counter = next() % 3 ? 0 : next() % 40;
	t->recalls = next() % 4;
	t->transfers = next() % 4;
}

static void expect_same(json_t *j, struct buf *b, const struct ticket *t, int i)
{
	char *want = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	assert_non_null(want);
	assert_false(b->full);
	if (strcmp(want, b->data))
		fail_msg("ticket %d (status %s, number %lld): got\n%s\nwant\n%s", i, t->status,
			 (long long)t->number, b->data, want);
	free(want);
}

static void test_ticket_text(void **state)
{
	MC_UNUSED(state);
	struct ticket t;
	for (int i = 0; i < 5000; i++) {
		random_ticket(&t);
		struct buf b;
		buf_init(&b, 1 << 20);
		ticket_text(&b, &t);
		expect_same(ticket_json(&t), &b, &t, i);
		buf_release(&b);
	}
}

static void test_serving_text(void **state)
{
	MC_UNUSED(state);
	struct ticket t;
	for (int i = 0; i < 5000; i++) {
		random_ticket(&t);
		str_copy(t.status, sizeof(t.status), "called");
		t.counter = 1 + next() % 40;
		char said[96];
		queue_announcement(t.number, t.counter, said, sizeof(said));
		json_t *j = json_pack("{s:I, s:I, s:s, s:s?, s:s}", "counter", (json_int_t)t.counter,
				      "number", (json_int_t)t.number, "service_group",
				      t.service_group, "priority", t.priority[0] ? t.priority : NULL,
				      "announcement", said);
		struct buf b;
		buf_init(&b, 1 << 20);
		ticket_serving_text(&b, &t);
		expect_same(j, &b, &t, i);
		buf_release(&b);
	}
}

/* The texts that matter most, written out: a called ticket with its announcement, a waiting one
 * with nulls. */
static void test_known(void **state)
{
	MC_UNUSED(state);
	struct ticket t = {.number = 3, .counter = 2, .created_at = 1796533200,
			   .called_at = 1796533260, .recalls = 1};
	str_copy(t.point, sizeof(t.point), "001.01.50.H26");
	str_copy(t.day, sizeof(t.day), "2026-12-06");
	str_copy(t.service_group, sizeof(t.service_group), "Đất đai");
	str_copy(t.status, sizeof(t.status), "called");
	struct buf b;
	buf_init(&b, 4096);
	ticket_text(&b, &t);
	assert_string_equal(
		b.data, "{\"point\":\"001.01.50.H26\",\"day\":\"2026-12-06\",\"number\":3,"
			"\"service_group\":\"Đất đai\",\"priority\":null,\"status\":\"called\","
			"\"counter\":2,\"issued_at\":\"2026-12-06T12:00:00+07:00\","
			"\"called_at\":\"2026-12-06T12:01:00+07:00\",\"finished_at\":null,"
			"\"target_counter\":null,\"recalls\":1,\"transfers\":0,"
			"\"announcement\":\"Mời khách hàng số 0003 đến quầy số 2\"}");
	buf_release(&b);
	buf_init(&b, 4096);
	ticket_serving_text(&b, &t);
	assert_string_equal(b.data, "{\"counter\":2,\"number\":3,\"service_group\":\"Đất đai\","
				    "\"priority\":null,\"announcement\":\"Mời khách hàng số 0003 "
				    "đến quầy số 2\"}");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_ticket_text),
		cmocka_unit_test(test_serving_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
