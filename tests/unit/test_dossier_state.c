/* Tests of the dossier's rules (domain/dossier_state.h): every action from every status against the
 * table of API.md "Actions", names and their parsing, open statuses, timeliness at its edges and
 * the masking of applicant names for public tracking; the due clock of each status and overdue. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/civil.h"
#include "domain/dossier_state.h"

/* Short names for the matrix below. NO: the action does not fit the status (409). */
#define NO (-1)
#define SUB DS_SUBMITTED
#define NC DS_NEEDS_COMPLETION
#define REC DS_RECEIVED
#define PRO DS_PROCESSING
#define AWS DS_AWAITING_SUPPLEMENT
#define RFR DS_READY_FOR_RETURN
#define RET DS_RETURNED
#define STP DS_STOPPED
#define REF DS_REFUSED

/* API.md "Actions", written out: row = action, column = status it starts from, cell = status it
 * leads to. complete-step, extend and send-back keep the status; stop is open to every status before
 * decide. */
static const int transitions[DA_NACTION][DS_NSTATUS] = {
	/*                         SUB  NC   REC  PRO  AWS  RFR  RET  STP  REF */
	[DA_RECEIVE] =            {REC, NO,  NO,  NO,  NO,  NO,  NO,  NO,  NO},
	[DA_REQUEST_COMPLETION] = {NC,  NO,  NO,  NO,  NO,  NO,  NO,  NO,  NO},
	[DA_RESUBMIT] =           {NO,  SUB, NO,  NO,  NO,  NO,  NO,  NO,  NO},
	[DA_REFUSE] =             {REF, REF, NO,  NO,  NO,  NO,  NO,  NO,  NO},
	[DA_TRANSFER] =           {NO,  NO,  PRO, NO,  NO,  NO,  NO,  NO,  NO},
	[DA_COMPLETE_STEP] =      {NO,  NO,  NO,  PRO, NO,  NO,  NO,  NO,  NO},
	[DA_REQUEST_SUPPLEMENT] = {NO,  NO,  NO,  AWS, NO,  NO,  NO,  NO,  NO},
	[DA_SUPPLEMENT] =         {NO,  NO,  NO,  NO,  PRO, NO,  NO,  NO,  NO},
	[DA_EXTEND] =             {NO,  NO,  NO,  PRO, AWS, NO,  NO,  NO,  NO},
	[DA_DECIDE] =             {NO,  NO,  NO,  RFR, NO,  NO,  NO,  NO,  NO},
	[DA_RETURN] =             {NO,  NO,  NO,  NO,  NO,  RET, NO,  NO,  NO},
	[DA_STOP] =               {STP, STP, STP, STP, STP, NO,  NO,  NO,  NO},
	[DA_SEND_BACK] =          {NO,  NO,  NO,  PRO, NO,  NO,  NO,  NO,  NO},
};

static void test_transition_matrix(void **state)
{
	MC_UNUSED(state);
	int allowed = 0;
	for (int a = 0; a < DA_NACTION; a++)
		for (int s = 0; s < DS_NSTATUS; s++) {
			enum ds_status to = DS_NSTATUS;
			bool ok = ds_transition((enum ds_action)a, (enum ds_status)s, &to);
			if (transitions[a][s] == NO) {
				if (ok)
					print_error("%s from %s allowed\n", ds_action_name((enum ds_action)a),
						    ds_status_name((enum ds_status)s));
				assert_false(ok);
				assert_int_equal(to, DS_NSTATUS); /* untouched */
			} else {
				if (!ok)
					print_error("%s from %s refused\n", ds_action_name((enum ds_action)a),
						    ds_status_name((enum ds_status)s));
				assert_true(ok);
				assert_int_equal(to, transitions[a][s]);
				allowed++;
			}
		}
	assert_int_equal(allowed, 19);
	assert_int_equal(DA_NACTION, 13);
	assert_int_equal(DS_NSTATUS, 9);
}

/* Closed statuses accept no action at all. */
static void test_transition_closed(void **state)
{
	MC_UNUSED(state);
	static const enum ds_status closed[] = {DS_RETURNED, DS_STOPPED, DS_REFUSED};
	for (size_t i = 0; i < MC_ARRAY_LEN(closed); i++)
		for (int a = 0; a < DA_NACTION; a++) {
			enum ds_status to = DS_NSTATUS;
			assert_false(ds_transition((enum ds_action)a, closed[i], &to));
			assert_int_equal(to, DS_NSTATUS);
		}
}

static void test_transition_out_of_range(void **state)
{
	MC_UNUSED(state);
	enum ds_status to = DS_NSTATUS;
	assert_false(ds_transition(DA_NACTION, DS_SUBMITTED, &to));
	assert_false(ds_transition(DA_RECEIVE, DS_NSTATUS, &to));
	assert_false(ds_transition((enum ds_action)-1, DS_SUBMITTED, &to));
	assert_false(ds_transition(DA_STOP, (enum ds_status)-1, &to));
	assert_int_equal(to, DS_NSTATUS);
}

static void test_status_names(void **state)
{
	MC_UNUSED(state);
	static const char *const names[DS_NSTATUS] = {
		"submitted", "needs_completion", "received", "processing", "awaiting_supplement",
		"ready_for_return", "returned", "stopped", "refused",
	};
	for (int i = 0; i < DS_NSTATUS; i++) {
		enum ds_status s = DS_NSTATUS;
		assert_string_equal(ds_status_name((enum ds_status)i), names[i]);
		assert_int_equal(ds_status_parse(names[i], &s), MC_OK);
		assert_int_equal(s, i);
		assert_int_equal(ds_status_parse(ds_status_name((enum ds_status)i), &s), MC_OK);
		assert_int_equal(s, i);
	}
	assert_string_equal(ds_status_name(DS_NSTATUS), "unknown");
	assert_string_equal(ds_status_name((enum ds_status)-1), "unknown");
	static const char *const bad[] = {"", "Submitted", "SUBMITTED", "submitted ", " submitted",
					  "needs-completion", "ready-for-return", "unknown", "open",
					  "submit"};
	for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
		enum ds_status s = DS_REFUSED;
		assert_int_equal(ds_status_parse(bad[i], &s), MC_EINVAL);
		assert_int_equal(s, DS_REFUSED);
	}
}

static void test_action_names(void **state)
{
	MC_UNUSED(state);
	static const char *const names[DA_NACTION] = {
		"receive", "request-completion", "resubmit", "refuse", "transfer", "complete-step",
		"request-supplement", "supplement", "extend", "decide", "return", "stop", "send-back",
	};
	for (int i = 0; i < DA_NACTION; i++) {
		enum ds_action a = DA_NACTION;
		assert_string_equal(ds_action_name((enum ds_action)i), names[i]);
		assert_int_equal(ds_action_parse(names[i], &a), MC_OK);
		assert_int_equal(a, i);
	}
	assert_string_equal(ds_action_name(DA_NACTION), "unknown");
	static const char *const bad[] = {"", "request_completion", "complete_step", "Receive",
					  "intake", "submit", "decide ", "unknown"};
	for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
		enum ds_action a = DA_STOP;
		assert_int_equal(ds_action_parse(bad[i], &a), MC_EINVAL);
		assert_int_equal(a, DA_STOP);
	}
}

static void test_status_open(void **state)
{
	MC_UNUSED(state);
	static const bool open[DS_NSTATUS] = {
		[DS_SUBMITTED] = true,        [DS_NEEDS_COMPLETION] = true,
		[DS_RECEIVED] = true,         [DS_PROCESSING] = true,
		[DS_AWAITING_SUPPLEMENT] = true, [DS_READY_FOR_RETURN] = true,
		[DS_RETURNED] = false,        [DS_STOPPED] = false,
		[DS_REFUSED] = false,
	};
	for (int i = 0; i < DS_NSTATUS; i++)
		assert_int_equal(ds_status_open((enum ds_status)i), open[i]);
	assert_false(ds_status_open(DS_NSTATUS));
	assert_false(ds_status_open((enum ds_status)-1));
}

/* The due clock runs while received or processing, pauses while awaiting a supplement, and does
 * not count otherwise; every status with a clock is open. */
static void test_status_clock(void **state)
{
	MC_UNUSED(state);
	static const enum ds_clock clock[DS_NSTATUS] = {
		[DS_SUBMITTED] = DS_CLOCK_NONE,      [DS_NEEDS_COMPLETION] = DS_CLOCK_NONE,
		[DS_RECEIVED] = DS_CLOCK_RUNS,       [DS_PROCESSING] = DS_CLOCK_RUNS,
		[DS_AWAITING_SUPPLEMENT] = DS_CLOCK_PAUSED, [DS_READY_FOR_RETURN] = DS_CLOCK_NONE,
		[DS_RETURNED] = DS_CLOCK_NONE,       [DS_STOPPED] = DS_CLOCK_NONE,
		[DS_REFUSED] = DS_CLOCK_NONE,
	};
	for (int i = 0; i < DS_NSTATUS; i++) {
		enum ds_status s = (enum ds_status)i;
		assert_int_equal(ds_status_clock(s), clock[i]);
		if (ds_status_clock(s) != DS_CLOCK_NONE)
			assert_true(ds_status_open(s));
	}
	assert_int_equal(ds_status_clock(DS_NSTATUS), DS_CLOCK_NONE);
	assert_int_equal(ds_status_clock((enum ds_status)-1), DS_CLOCK_NONE);
}

/* Overdue: the clock runs and the effective due time (the extension's when extended) has passed;
 * the due instant itself is not overdue yet; no due time is never overdue. */
static void test_overdue(void **state)
{
	MC_UNUSED(state);
	const int64_t due = 1795687200, later = due + 3 * 86400;
	for (int i = 0; i < DS_NSTATUS; i++) {
		enum ds_status s = (enum ds_status)i;
		bool runs = ds_status_clock(s) == DS_CLOCK_RUNS;
		assert_int_equal(ds_overdue(s, due, 0, due + 1), runs);
		assert_false(ds_overdue(s, due, 0, due));
		assert_false(ds_overdue(s, due, 0, due - 1));
		assert_false(ds_overdue(s, 0, 0, INT64_MAX));
		/* Extended: the new date counts, even when it is earlier than due_at. */
		assert_false(ds_overdue(s, due, later, due + 1));
		assert_int_equal(ds_overdue(s, due, later, later + 1), runs);
		assert_int_equal(ds_overdue(s, later, due, due + 1), runs);
	}
}

/* Every status's name parses back to it; no other text (nor NULL) parses. */
static void test_status_round_trip(void **state)
{
	MC_UNUSED(state);
	for (int i = 0; i < DS_NSTATUS; i++) {
		char copy[32];
		enum ds_status s = DS_NSTATUS;
		snprintf(copy, sizeof(copy), "%s", ds_status_name((enum ds_status)i));
		assert_int_equal(ds_status_parse(copy, &s), MC_OK);
		assert_int_equal(s, i);
		for (int j = 0; j < DS_NSTATUS; j++)
			if (j != i)
				assert_string_not_equal(ds_status_name((enum ds_status)j), copy);
		copy[strlen(copy) - 1] = '\0'; /* a prefix is no name */
		s = DS_NSTATUS;
		assert_int_equal(ds_status_parse(copy, &s), MC_EINVAL);
		assert_int_equal(s, DS_NSTATUS);
	}
	enum ds_status s = DS_NSTATUS;
	assert_int_equal(ds_status_parse(NULL, &s), MC_EINVAL);
	assert_int_equal(s, DS_NSTATUS);
}

/* Due 2026-11-26 17:00 (UTC+7). */
static void test_timeliness_edges(void **state)
{
	MC_UNUSED(state);
	int64_t day = civil_days(2026, 11, 26);
	int64_t midnight = civil_instant(day, 0);
	int64_t due = civil_instant(day, 17 * 3600);
	assert_int_equal(midnight, 1795626000); /* 2026-11-25T17:00:00Z */
	assert_int_equal(due, midnight + 17 * 3600);

	assert_string_equal(ds_timeliness(midnight - 1, due, false, 0), "early");
	assert_string_equal(ds_timeliness(midnight - 86400, due, false, 0), "early");
	assert_string_equal(ds_timeliness(midnight, due, false, 0), "on_time");
	assert_string_equal(ds_timeliness(due - 1, due, false, 0), "on_time");
	assert_string_equal(ds_timeliness(due, due, false, 0), "on_time");
	assert_string_equal(ds_timeliness(due + 1, due, false, 0), "late");
	assert_string_equal(ds_timeliness(due + 86400 * 30, due, false, 0), "late");

	/* An extension makes it late whenever the decision comes. */
	assert_string_equal(ds_timeliness(midnight - 86400, due, true, 0), "late");
	assert_string_equal(ds_timeliness(midnight, due, true, 0), "late");
	assert_string_equal(ds_timeliness(due, due, true, 0), "late");

	/* A second supplement request makes it late; one does not. */
	assert_string_equal(ds_timeliness(midnight - 1, due, false, 1), "early");
	assert_string_equal(ds_timeliness(midnight, due, false, 1), "on_time");
	assert_string_equal(ds_timeliness(due, due, false, 1), "on_time");
	assert_string_equal(ds_timeliness(due + 1, due, false, 1), "late");
	assert_string_equal(ds_timeliness(midnight - 1, due, false, 2), "late");
	assert_string_equal(ds_timeliness(midnight, due, false, 2), "late");
	assert_string_equal(ds_timeliness(midnight - 1, due, false, 3), "late");
}

/* The day boundary is local midnight, not UTC's: 00:10 on the due date (still the day before in
 * UTC) is on time, 23:59:59 local the day before is early. */
static void test_timeliness_local_day(void **state)
{
	MC_UNUSED(state);
	int64_t day = civil_days(2026, 11, 26);
	int64_t due = civil_instant(day, 30 * 60); /* 00:30 local, 2026-11-25T17:30Z */
	assert_string_equal(ds_timeliness(civil_instant(day, 10 * 60), due, false, 0), "on_time");
	assert_string_equal(ds_timeliness(civil_instant(day - 1, 86399), due, false, 0), "early");
	assert_string_equal(ds_timeliness(civil_instant(day - 1, 8 * 3600), due, false, 0), "early");

	/* Due exactly at midnight: only that instant is on time. */
	due = civil_instant(day, 0);
	assert_string_equal(ds_timeliness(due - 1, due, false, 0), "early");
	assert_string_equal(ds_timeliness(due, due, false, 0), "on_time");
	assert_string_equal(ds_timeliness(due + 1, due, false, 0), "late");

	/* Due at 23:59:59: the whole local day is on time. */
	due = civil_instant(day, 86399);
	assert_string_equal(ds_timeliness(civil_instant(day, 0) - 1, due, false, 0), "early");
	assert_string_equal(ds_timeliness(civil_instant(day, 0), due, false, 0), "on_time");
	assert_string_equal(ds_timeliness(due, due, false, 0), "on_time");
	assert_string_equal(ds_timeliness(due + 1, due, false, 0), "late");
}

static void expect_mask(const char *name, const char *want)
{
	char buf[256];
	char *got = ds_mask_name(name);
	assert_non_null(got);
	/* Copied and freed first, so that a failed comparison leaks nothing. */
	int n = snprintf(buf, sizeof(buf), "%s", got);
	free(got);
	assert_true(n >= 0 && (size_t)n < sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_mask_name(void **state)
{
	MC_UNUSED(state);
	expect_mask("Nguyễn Thị Hằng", "N*** T** H***");
	expect_mask("An", "A*");
	expect_mask("Lê", "L*");
	expect_mask("A", "A");
	expect_mask("Ý", "Ý");
	expect_mask("Đặng Ánh", "Đ*** Á**"); /* a first letter of two bytes stays whole */
	expect_mask("Ưu", "Ư*");
	/* "Trần" has four letters, so three stars. */
	expect_mask("  Trần   Văn  ", "T*** V**");
	expect_mask("Trần\tVăn", "T*** V**");
	expect_mask(" \t A \t ", "A");
	expect_mask("Nguyễnnnnnnnnnnnnn Văn", "N*** V**"); /* at most three stars */
	expect_mask("Công ty TNHH Một thành viên", "C*** t* T*** M** t*** v***");
	expect_mask("", "");
	expect_mask("   ", "");
	expect_mask("O'Neil", "O***");
	expect_mask("Trần-Lê", "T***"); /* a hyphen is part of the word */
}

/* ds_mask_name expects NFC. Given NFD ("Ấn" as A + U+0302 + U+0301 + n), each combining mark
 * counts as a letter: the first letter loses its marks and the word gets more stars. Documented
 * here, not required. */
static void test_mask_name_nfd(void **state)
{
	MC_UNUSED(state);
	expect_mask("\xc3\x82\xcc\x81n", "\xc3\x82**"); /* Â + U+0301 + n: the mark is a star */
	expect_mask("A\xcc\x82\xcc\x81n", "A***");
	expect_mask("Ấn", "Ấ*");
	expect_mask("Le\xcc\x82", "L**"); /* "Lê" in NFD: L, e, U+0302 */
}

/* Bytes that are not UTF-8 never make it read or write out of bounds. */
static void test_mask_name_truncated_utf8(void **state)
{
	MC_UNUSED(state);
	expect_mask("\xe1\xbb", "\xe1\xbb");   /* a cut three-byte first letter is kept as is */
	expect_mask("A\xe1", "A*");
	expect_mask("\xf0", "\xf0");
	expect_mask("Ab \xc3", "A* \xc3");
	expect_mask("\x80\x80\x80\x80\x80", "\x80***"); /* stray continuation bytes count one each */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transition_matrix),
		cmocka_unit_test(test_transition_closed),
		cmocka_unit_test(test_transition_out_of_range),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_action_names),
		cmocka_unit_test(test_status_open),
		cmocka_unit_test(test_status_clock),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_status_round_trip),
		cmocka_unit_test(test_timeliness_edges),
		cmocka_unit_test(test_timeliness_local_day),
		cmocka_unit_test(test_mask_name),
		cmocka_unit_test(test_mask_name_nfd),
		cmocka_unit_test(test_mask_name_truncated_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
