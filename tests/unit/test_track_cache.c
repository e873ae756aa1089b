/* Tests of the public tracking cache (svc/track_cache.h): a cached dossier comes back field for
 * field; a change in flight or ended after the stamp keeps a read out; a change forgets the entry;
 * a full set replaces in turn. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "http/dossier_json.h"
#include "svc/track_cache.h"

static void sample(struct dossier *d, const char *code, const char *name)
{
	memset(d, 0, sizeof(*d));
	d->id = 42;
	snprintf(d->code, sizeof(d->code), "%s", code);
	d->status = DS_PROCESSING;
	d->procedure_name = "Đăng ký khai sinh";
	d->applicant_name = name;
	d->received_at = 1764124200;
	d->due_at = 1764383400;
	d->decided_at = 0;
	snprintf(d->timeliness, sizeof(d->timeliness), "%s", "");
	d->returned_at = 0;
	snprintf(d->tracking_secret, sizeof(d->tracking_secret), "ABCDEFGHJK");
	snprintf(d->rating, sizeof(d->rating), "%s", "");
	d->nsteps = 2;
	d->steps[0].name = "Tiếp nhận";
	d->steps[0].done_at = 1764124300;
	d->steps[1].name = "Giải quyết";
	d->steps[1].done_at = 0;
}

static void test_round_trip(void **state)
{
	MC_UNUSED(state);
	struct track_cache *c = track_cache_new(1024);
	struct arena a;
	struct dossier d, *got = xcalloc(1, sizeof(*got));
	arena_init(&a);
	sample(&d, "001.01.50.H26-261126-0001", "Nguyễn Thị Hằng");
	assert_false(track_cache_get(c, &a, d.code, got));
	track_cache_put(c, track_cache_stamp(c), &d);
	assert_true(track_cache_get(c, &a, d.code, got));
	assert_int_equal(got->id, 42);
	assert_string_equal(got->code, d.code);
	assert_int_equal(got->status, DS_PROCESSING);
	assert_string_equal(got->procedure_name, d.procedure_name);
	assert_string_equal(got->applicant_name, d.applicant_name);
	assert_int_equal(got->received_at, d.received_at);
	assert_int_equal(got->due_at, d.due_at);
	assert_int_equal(got->decided_at, 0);
	assert_string_equal(got->timeliness, "");
	assert_string_equal(got->tracking_secret, "ABCDEFGHJK");
	assert_string_equal(got->rating, "");
	assert_int_equal(got->nsteps, 2);
	assert_string_equal(got->steps[1].name, "Giải quyết");
	assert_int_equal(got->steps[0].done_at, 1764124300);
	assert_false(track_cache_get(c, &a, "001.01.50.H26-261126-0002", got));
	/* The same dossier's text from the cache and from the caller's struct are the same. */
	size_t n1, n2;
	char *t1 = dossier_public_text(&d, &n1), *t2 = dossier_public_text(got, &n2);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	free(got);
	arena_release(&a);
	track_cache_free(c);
}

static void test_changes(void **state)
{
	MC_UNUSED(state);
	struct track_cache *c = track_cache_new(1024);
	struct arena a;
	struct dossier d, *got = xcalloc(1, sizeof(*got));
	arena_init(&a);
	sample(&d, "001.01.50.H26-261126-0007", "Trần Văn An");
	track_cache_put(c, track_cache_stamp(c), &d);
	/* A change forgets the entry and, while in flight, nothing is cached. */
	track_cache_change(c, d.code);
	assert_false(track_cache_get(c, &a, d.code, got));
	uint64_t during = track_cache_stamp(c);
	track_cache_put(c, during, &d);
	assert_false(track_cache_get(c, &a, d.code, got));
	/* A read that began before the change ended is not kept after it. */
	track_cache_changed(c, 1);
	track_cache_put(c, during, &d);
	assert_false(track_cache_get(c, &a, d.code, got));
	/* A read after the end is. */
	d.status = DS_RETURNED;
	track_cache_put(c, track_cache_stamp(c), &d);
	assert_true(track_cache_get(c, &a, d.code, got));
	assert_int_equal(got->status, DS_RETURNED);
	/* Two changes in one transaction end together. */
	track_cache_change(c, d.code);
	track_cache_change(c, "001.01.50.H26-261126-0008");
	track_cache_changed(c, 2);
	assert_false(track_cache_get(c, &a, d.code, got));
	track_cache_put(c, track_cache_stamp(c), &d);
	assert_true(track_cache_get(c, &a, d.code, got));
	free(got);
	arena_release(&a);
	track_cache_free(c);
}

static void test_bounded(void **state)
{
	MC_UNUSED(state);
	/* 16 entries: one set of 16 ways; the 17th code replaces the oldest. */
	struct track_cache *c = track_cache_new(16);
	struct arena a;
	struct dossier d, *got = xcalloc(1, sizeof(*got));
	char code[48];
	arena_init(&a);
	for (int i = 0; i < 17; i++) {
		snprintf(code, sizeof(code), "001.01.50.H26-261126-%04d", i);
		sample(&d, code, "Lê Thị Bình");
		track_cache_put(c, track_cache_stamp(c), &d);
	}
	int kept = 0;
	for (int i = 0; i < 17; i++) {
		snprintf(code, sizeof(code), "001.01.50.H26-261126-%04d", i);
		kept += track_cache_get(c, &a, code, got);
	}
	assert_int_equal(kept, 16);
	snprintf(code, sizeof(code), "001.01.50.H26-261126-%04d", 0);
	assert_false(track_cache_get(c, &a, code, got));
	assert_null(track_cache_new(0));
	assert_false(track_cache_get(NULL, &a, code, got));
	track_cache_put(NULL, 0, &d);
	track_cache_change(NULL, code);
	track_cache_changed(NULL, 1);
	free(got);
	arena_release(&a);
	track_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
