/* Tests of the shared working-day table (svc/calendar_days.c) against changes of the calendar on
 * another connection: a read transaction whose snapshot predates a change computes on the calendar
 * it sees, but what it read is not kept, so the next call (on any connection) computes on the
 * changed calendar; and a change's own transaction computes on its uncommitted days (the open
 * dossiers it moves). Two connections to one SQLite file in WAL mode, as the server's pool has. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"
#include "svc_fixture.h"
#include "store/calendar_store.h"
#include "svc/calendar_days.h"

#define FROM "2026-12-07T08:00:00+07:00" /* a Monday */

static char *due_text(struct svc_fixture *sf, struct svc_ctx *ctx, int64_t days)
{
	int64_t due = 0;
	char text[32];
	assert_int_equal(calendar_due(ctx, svc_fixture_time(FROM), days, WC_WORKING_DAYS, &due),
			 MC_OK);
	civil_format_time(due, text);
	return arena_strdup(&sf->db->arena, text);
}

struct stale_read {
	struct svc_fixture *sf;
	struct svc_ctx *writer;
	char *due_inside;
	int64_t version_inside;
};

/* Inside the reader's transaction: its snapshot is taken by a first read, then the writer's
 * change commits, then the reader computes a due time. */
static enum mc_err stale_read_tx(struct svc_ctx *ctx, void *arg)
{
	struct stale_read *r = arg;
	struct cal_year_row yr;
	int64_t version = 0;
	size_t moved = 0;
	assert_int_equal(calstore_year(ctx->db, 2026, &yr), MC_OK);
	assert_int_equal(calendar_override(r->writer, civil_days(2026, 12, 8), false,
					   "Nghỉ bù thử nghiệm", &version, &moved),
			 MC_OK);
	assert_int_equal(version, yr.version + 1);
	r->due_inside = due_text(r->sf, ctx, 2);
	assert_int_equal(calendar_version(ctx, 2026, &r->version_inside), MC_OK);
	return MC_OK;
}

static void test_read_before_change_not_kept(void **state)
{
	MC_UNUSED(state);
	struct svc_fixture *sf = svc_fixture_open("svc-calendar", "2026-11-01T08:00:00+07:00");
	struct db *other = NULL;
	assert_int_equal(db_open(sf->db->path, &other), MC_OK);
	struct svc_ctx writer = svc_fixture_ctx(sf, "admin", "2026-12-01T09:00:00+07:00");
	struct svc_ctx reader = svc_fixture_ctx(sf, "admin", "2026-12-01T09:00:00+07:00");
	reader.db = other;
	int64_t before = 0, after = 0;
	/* Two working days from Monday 08:00 end on Tuesday at 17:00; with Tuesday off, Wednesday. */
	assert_string_equal(due_text(sf, &reader, 2), "2026-12-08T17:00:00+07:00");
	assert_int_equal(calendar_version(&reader, 2026, &before), MC_OK);

	struct stale_read r = {sf, &writer, NULL, 0};
	assert_int_equal(svc_tx(&reader, SVC_TX_READ, stale_read_tx, &r), MC_OK);
	/* The reader's snapshot has no day off on Tuesday. */
	assert_string_equal(r.due_inside, "2026-12-08T17:00:00+07:00");
	assert_int_equal(r.version_inside, before);

	/* Nothing of that read was kept: both connections now skip Tuesday. */
	assert_string_equal(due_text(sf, &reader, 2), "2026-12-09T17:00:00+07:00");
	assert_string_equal(due_text(sf, &writer, 2), "2026-12-09T17:00:00+07:00");
	assert_int_equal(calendar_version(&writer, 2026, &after), MC_OK);
	assert_int_equal(after, before + 1);
	assert_int_equal(calendar_version(&reader, 2026, &after), MC_OK);
	assert_int_equal(after, before + 1);

	/* The change undone: the next calls see it at once. */
	assert_int_equal(calendar_override_delete(&writer, civil_days(2026, 12, 8), &after), MC_OK);
	assert_int_equal(after, before + 2);
	assert_string_equal(due_text(sf, &reader, 2), "2026-12-08T17:00:00+07:00");
	assert_string_equal(due_text(sf, &writer, 2), "2026-12-08T17:00:00+07:00");
	db_close(other);
	svc_fixture_close(sf);
}

static void changed(void *cache, int n)
{
	cal_cache_changed(cache, n);
}

/* A change that fails rolls back: the table must not keep the days it wrote. */
static enum mc_err change_then_fail_tx(struct svc_ctx *ctx, void *arg)
{
	struct svc_fixture *sf = arg;
	struct hol_day d;
	memset(&d, 0, sizeof(d));
	d.day = civil_days(2026, 12, 8);
	d.working = false;
	SET(d.name, "Ngày nghỉ bị hủy");
	cal_cache_change(&ctx->state->calendar); /* as calendar.c's changes do */
	db_on_tx_end(ctx->db, changed, &ctx->state->calendar);
	assert_int_equal(calstore_override_put(ctx->db, 2026, &d, ctx->real_now, "admin"), MC_OK);
	/* Seen by the changing transaction itself, */
	assert_string_equal(due_text(sf, ctx, 2), "2026-12-09T17:00:00+07:00");
	return MC_ECONFLICT; /* then rolled back */
}

static void test_rolled_back_change_not_kept(void **state)
{
	MC_UNUSED(state);
	struct svc_fixture *sf = svc_fixture_open("svc-calendar-rb", "2026-11-01T08:00:00+07:00");
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", "2026-12-01T09:00:00+07:00");
	assert_string_equal(due_text(sf, &ctx, 2), "2026-12-08T17:00:00+07:00");
	assert_int_equal(svc_tx(&ctx, SVC_TX_WRITE, change_then_fail_tx, sf), MC_ECONFLICT);
	assert_string_equal(due_text(sf, &ctx, 2), "2026-12-08T17:00:00+07:00");
	svc_fixture_close(sf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_before_change_not_kept),
		cmocka_unit_test(test_rolled_back_change_not_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
