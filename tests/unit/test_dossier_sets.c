/* The sets of statuses the store's SQL spells out stay those of the domain (domain/dossier_state.h):
 * with one dossier of each status in a real database, the overdue lists (every statement variant),
 * the dossiers a calendar change spans and the statistics' in-progress counts (from the rows and
 * from the day cells) pick exactly the statuses whose due time runs, is paused, or either. The SQL
 * text must stay static (statements are cached by address, partial indexes match it), so it is
 * checked here rather than built from the domain's table. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"

#include "base/civil.h"
#include "domain/dossier_state.h"
#include "store/dossier_store.h"
#include "store/report_store.h"

#define PC1 "001.00.50.H26"
#define DAY 86400

/* "Now": 2026-11-26 09:00 (UTC+7); every dossier was received ten days before. */
static int64_t now_of(void)
{
	return civil_instant(civil_days(2026, 11, 26), 9 * 3600);
}

/* The receiving unit of status s's dossiers, one service point per status. */
static const char *unit_of(int s)
{
	static const char *const units[DS_NSTATUS] = {
		"001.01.50.H26", "001.02.50.H26", "001.03.50.H26", "001.04.50.H26", "001.05.50.H26",
		"001.06.50.H26", "001.07.50.H26", "001.08.50.H26", "001.09.50.H26",
	};
	return units[s];
}

static void insert(struct db *db, int s, bool past_due)
{
	struct dossier d;
	memset(&d, 0, sizeof(d));
	snprintf(d.code, sizeof(d.code), "%s-261116-%04d", unit_of(s), past_due ? 1 : 2);
	d.status = (enum ds_status)s;
	snprintf(d.procedure_code, sizeof(d.procedure_code), "P0000001");
	d.procedure_version = 1;
	d.procedure_name = "Đăng ký khai sinh";
	snprintf(d.applicant_kind, sizeof(d.applicant_kind), "person");
	d.applicant_name = "Nguyễn Thị Hằng";
	snprintf(d.applicant_id, sizeof(d.applicant_id), "001190012345");
	snprintf(d.channel, sizeof(d.channel), "counter");
	snprintf(d.receiving_unit, sizeof(d.receiving_unit), "%s", unit_of(s));
	snprintf(d.served_unit, sizeof(d.served_unit), "%s", unit_of(s));
	snprintf(d.resolver_unit, sizeof(d.resolver_unit), PC1);
	snprintf(d.return_unit, sizeof(d.return_unit), "%s", unit_of(s));
	snprintf(d.return_channel, sizeof(d.return_channel), "counter");
	d.duration.value = 5;
	snprintf(d.duration.unit, sizeof(d.duration.unit), "working_days");
	d.submitted_at = now_of() - 10 * DAY;
	d.received_at = now_of() - 10 * DAY;
	d.due_at = now_of() + (past_due ? -DAY : DAY);
	snprintf(d.tracking_secret, sizeof(d.tracking_secret), "ABCDEFGH");
	d.created_by = "tiepnhan.a";
	assert_int_equal(dstore_insert(db, &d, "nguyen thi hang"), MC_OK);
}

/* Two dossiers of every status: one past its due time, one not. */
static int setup(void **state)
{
	struct fixture *f = fixture_open("sets");
	fixture_unit(f->db, PC1, "UBND Phường Cửa Nam", "ubnd phuong cua nam", "commune_pc", "phuong",
		     "", 0);
	for (int s = 0; s < DS_NSTATUS; s++)
		fixture_unit(f->db, unit_of(s), unit_of(s), unit_of(s), "service_point", "", PC1, 0);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	for (int s = 0; s < DS_NSTATUS; s++) {
		insert(f->db, s, true);
		insert(f->db, s, false);
	}
	assert_int_equal(db_commit(f->db), MC_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

/* The statuses whose dossiers a listing gave, one bit per status. */
static unsigned status_bits(const char *code)
{
	for (int s = 0; s < DS_NSTATUS; s++)
		if (strncmp(code, unit_of(s), strlen(unit_of(s))) == 0)
			return 1u << s;
	fail_msg("a dossier of no status: %s", code);
	return 0;
}

static void add_code(const char *code, int64_t id, int64_t due, void *arg)
{
	MC_UNUSED(id);
	MC_UNUSED(due);
	*(unsigned *)arg |= status_bits(code);
}

static bool add_row(struct dossier *d, int64_t due, void *arg)
{
	MC_UNUSED(due);
	*(unsigned *)arg |= 1u << d->status;
	assert_int_equal(status_bits(d->code), 1u << d->status);
	return true;
}

static void add_spanning(const char *code, void *arg)
{
	*(unsigned *)arg |= status_bits(code);
}

/* The domain's sets, one bit per status. */
static unsigned domain_overdue(void)
{
	unsigned bits = 0;
	for (int s = 0; s < DS_NSTATUS; s++)
		if (ds_overdue((enum ds_status)s, now_of() - DAY, 0, now_of()))
			bits |= 1u << s;
	return bits;
}

static unsigned domain_clock(bool runs, bool paused)
{
	unsigned bits = 0;
	for (int s = 0; s < DS_NSTATUS; s++) {
		enum ds_clock c = ds_status_clock((enum ds_status)s);
		if ((runs && c == DS_CLOCK_RUNS) || (paused && c == DS_CLOCK_PAUSED))
			bits |= 1u << s;
	}
	return bits;
}

/* The domain's sets themselves: received and processing run, awaiting_supplement pauses. */
static void test_domain_sets(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(domain_overdue(), (1u << DS_RECEIVED) | (1u << DS_PROCESSING));
	assert_int_equal(domain_clock(true, false), (1u << DS_RECEIVED) | (1u << DS_PROCESSING));
	assert_int_equal(domain_clock(false, true), 1u << DS_AWAITING_SUPPLEMENT);
}

/* The overdue filter in each statement variant (codes or rows, with or without the resolver). */
static void test_overdue_lists(void **state)
{
	struct fixture *f = *state;
	for (int variant = 0; variant < 4; variant++) {
		struct dossier_filter q = {.limit = 100, .overdue = true, .due_order = true,
					   .now = now_of(), .after_due = INT64_MIN};
		unsigned got = 0;
		if (variant & 1)
			q.resolver_unit = PC1;
		if (variant & 2)
			assert_int_equal(dstore_list_light(f->db, &f->arena, &q, add_row, &got), MC_OK);
		else
			assert_int_equal(dstore_list(f->db, &q, add_code, &got), MC_OK);
		assert_int_equal(got, domain_overdue());
	}
}

/* The dossiers a calendar change may touch: those whose due time runs or is paused. */
static void test_open_spanning(void **state)
{
	struct fixture *f = *state;
	unsigned got = 0;
	assert_int_equal(dstore_open_spanning(f->db, now_of() - 30 * DAY, now_of(), add_spanning,
					      &got),
			 MC_OK);
	assert_int_equal(got, domain_clock(true, true));
}

struct progress {
	int64_t within[DS_NSTATUS], past_due[DS_NSTATUS], paused[DS_NSTATUS];
};

static void add_report_row(const struct report_row *r, void *arg)
{
	struct progress *p = arg;
	for (int s = 0; s < DS_NSTATUS; s++)
		if (r->key && strcmp(r->key, unit_of(s)) == 0) {
			p->within[s] = r->within;
			p->past_due[s] = r->past_due;
			p->paused[s] = r->paused;
		}
}

/* In progress as of now: within its due time or past it while the clock runs, paused while it is
 * paused; the same from the dossier rows and from the day cells. */
static void check_progress(const struct progress *p)
{
	unsigned runs = domain_clock(true, false), paused = domain_clock(false, true);
	for (int s = 0; s < DS_NSTATUS; s++) {
		bool r = runs & (1u << s);
		bool z = paused & (1u << s);
		assert_int_equal(p->within[s], r ? 1 : 0);
		assert_int_equal(p->past_due[s], r ? 1 : 0);
		assert_int_equal(p->paused[s], z ? 2 : 0);
	}
}

static void test_report_progress(void **state)
{
	struct fixture *f = *state;
	struct progress rows, cells;
	memset(&rows, 0, sizeof(rows));
	memset(&cells, 0, sizeof(cells));
	int64_t today = civil_local_day(now_of());
	assert_int_equal(reportstore_summary(f->db, RG_RECEIVING_UNIT, now_of() - 30 * DAY, now_of(), NULL,
					add_report_row, &rows),
			 MC_OK);
	check_progress(&rows);
	assert_int_equal(reportstore_summary_cells(f->db, RG_RECEIVING_UNIT, today - 30, today, now_of(),
					      add_report_row, &cells),
			 MC_OK);
	check_progress(&cells);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_domain_sets),
		cmocka_unit_test_setup_teardown(test_overdue_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_spanning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_progress, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
