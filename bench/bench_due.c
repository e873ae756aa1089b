/* Measures due-date computation: builds a calendar with the official days of 2025-2026 (when
 * data/official_days_2025_2026.csv is found under MOTCUA_SOURCE_DIR or the current directory) and
 * the computed defaults of the other years up to 2030, then computes 1,000,000 due dates with
 * mixed units from random reception instants, and 1,000,000 of 30 working days. Not a test. */
#include "base/base.h"

#include <time.h>

#include "base/civil.h"
#include "domain/holidays.h"
#include "domain/workclock.h"

#define COUNT 1000000

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Loads the official list; returns false when the file cannot be read or parsed. */
static bool load_official(struct wc_calendar *c)
{
	char path[1024];
	const char *source = getenv("MOTCUA_SOURCE_DIR");
	snprintf(path, sizeof(path), "%s/data/official_days_2025_2026.csv", source ? source : ".");
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	static char text[1 << 16];
	size_t len = fread(text, 1, sizeof(text), f);
	fclose(f);
	struct hol_day days[128];
	size_t n = 0, bad = 0;
	if (hol_parse_official_csv(text, len, days, MC_ARRAY_LEN(days), &n, &bad) != MC_OK) {
		fprintf(stderr, "bench_due: %s: bad line %zu\n", path, bad);
		return false;
	}
	wc_calendar_reset_year(c, 2025);
	wc_calendar_reset_year(c, 2026);
	for (size_t i = 0; i < n; i++)
		wc_calendar_set_day(c, days[i].day, days[i].working);
	return true;
}

static void load_defaults(struct wc_calendar *c, int year)
{
	struct hol_day days[HOL_MAX_DEFAULTS];
	size_t n = 0;
	if (hol_defaults(year, days, MC_ARRAY_LEN(days), &n) != MC_OK)
		return;
	wc_calendar_reset_year(c, year);
	for (size_t i = 0; i < n; i++)
		wc_calendar_set_day(c, days[i].day, days[i].working);
}

/* Runs COUNT due dates; mixed = false gives 30 working days each. */
static void run(const struct wc_calendar *c, bool mixed, const char *label)
{
	static const enum wc_unit units[] = {WC_WORKING_HOURS, WC_WORKING_DAYS, WC_CALENDAR_DAYS,
					     WC_SAME_DAY};
	int64_t lo = civil_instant(civil_days(2025, 1, 1), 0);
	int64_t span = civil_instant(civil_days(2030, 6, 1), 0) - lo;
	uint64_t s = 0x9e3779b97f4a7c15u;
	uint64_t checksum = 0;
	size_t errors = 0;
	double start = now_seconds();
	for (int i = 0; i < COUNT; i++) {
		int64_t from = lo + (int64_t)(next_random(&s) % (uint64_t)span);
		enum wc_unit unit = WC_WORKING_DAYS;
		int64_t value = 30;
		if (mixed) {
			uint64_t r = next_random(&s);
			unit = units[r % 4];
			value = unit == WC_SAME_DAY ? 1 : 1 + (int64_t)((r >> 8) % 40);
		}
		int64_t due = 0;
		if (wc_add(c, from, value, unit, &due) != MC_OK)
			errors++;
		checksum += (uint64_t)due;
	}
	double elapsed = now_seconds() - start;
	printf("%-22s %d due dates in %.3f s: %.1f ns per due date (checksum %llx, errors %zu)\n",
	       label, COUNT, elapsed, elapsed * 1e9 / COUNT, (unsigned long long)checksum, errors);
}

int main(void)
{
	struct wc_calendar c;
	double start = now_seconds();
	wc_calendar_init(&c);
	bool official = load_official(&c);
	for (int y = official ? 2027 : 2025; y <= 2030; y++)
		load_defaults(&c, y);
	printf("calendar built in %.3f ms (%s)\n", (now_seconds() - start) * 1e3,
	       official ? "official 2025-2026, defaults 2027-2030" : "defaults 2025-2030");
	run(&c, true, "mixed units:");
	run(&c, false, "30 working days:");
	wc_calendar_release(&c);
	return 0;
}
