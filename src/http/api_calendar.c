/* The calendar over HTTP: a year's days, administrators' overrides, due times, lunar and solar
 * dates. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/lunar.h"
#include "http/decode.h"
#include "http/http.h"
#include "svc/calendar.h"

#define DAY_KIND_CHARS 10 /* "off" or "working", checked below */

static bool int_arg(struct req *r, const char *name, long min, long max, bool required, long *out)
{
	const char *v = req_arg(r, name);
	if (!v) {
		if (required)
			problem_add(&r->problem, name, "is required", "tham số bắt buộc");
		return false;
	}
	char *end = NULL;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < min || n > max) {
		char *m = arena_printf(&r->arena, "must be an integer from %ld to %ld", min, max);
		char *mvi = arena_printf(&r->arena, "phải là số nguyên từ %ld đến %ld", min, max);
		problem_add(&r->problem, name, m, mvi);
		return false;
	}
	*out = n;
	return true;
}

static json_t *day_json(const struct cal_day *d)
{
	char date[16];
	civil_format_date(d->d.day, date);
	return json_pack("{s:s, s:s, s:s, s:s}", "date", date, "kind", d->d.working ? "working" : "off",
			 "name", d->d.name, "source", cal_source_name(d->source));
}

static void get_year(struct req *r)
{
	char *end = NULL;
	const char *y = req_param(r, 0);
	long year = strtol(y, &end, 10);
	if (!*y || *end || strlen(y) != 4)
		year = 0;
	struct cal_day *days = arena_alloc(&r->arena, sizeof(*days) * (CAL_MAX_DAYS + CAL_OVERRIDES_MAX));
	size_t n = 0;
	int64_t version = 0;
	enum mc_err err = calendar_year(&r->ctx, (int)year, days, CAL_MAX_DAYS + CAL_OVERRIDES_MAX, &n,
					&version);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, day_json(&days[i]));
	resp_json(r, 200, json_pack("{s:i, s:I, s:o}", "year", (int)year, "version", (json_int_t)version,
				    "days", list));
}

static bool date_param_or_reply(struct req *r, int64_t *day)
{
	const char *v = req_param(r, 0);
	if (civil_parse_date(v, strlen(v), day) != MC_OK) {
		problem_add(&r->problem, "date", "must be a real date YYYY-MM-DD",
			    "ngày phải có dạng YYYY-MM-DD và có thật");
		return problems_or_reply(r);
	}
	return false;
}

bool decode_day_or_reply(struct req *r, struct day_in *in)
{
	static const char *const fields[] = {"kind", "name", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "kind", true, DAY_KIND_CHARS, &in->kind);
	jin_str(r, body, "", "name", false, HOL_NAME_CHARS, &in->name);
	json_decref(body);
	if (in->kind && strcmp(in->kind, "off") != 0 && strcmp(in->kind, "working") != 0)
		problem_add(&r->problem, "kind", "must be off or working",
			    "loại ngày phải là off (nghỉ) hoặc working (làm việc)");
	if (in->name && strlen(in->name) > HOL_NAME_MAX - 1)
		problem_add(&r->problem, "name", "is too long", "tên quá dài");
	if (problems_or_reply(r))
		return true;
	in->working = strcmp(in->kind, "working") == 0;
	if (!in->name)
		in->name = in->working ? "Ngày làm việc (điều chỉnh)" : "Ngày nghỉ (điều chỉnh)";
	return false;
}

static void put_day(struct req *r)
{
	struct day_in in;
	int64_t day, version;
	memset(&in, 0, sizeof(in));
	/* The date is checked with the body's fields: one answer names every bad field. */
	bool bad_date = civil_parse_date(req_param(r, 0), strlen(req_param(r, 0)), &day) != MC_OK;
	if (bad_date)
		problem_add(&r->problem, "date", "must be a real date YYYY-MM-DD",
			    "ngày phải có dạng YYYY-MM-DD và có thật");
	if (decode_day_or_reply(r, &in))
		return;
	bool working = in.working;
	const char *name = in.name;
	size_t recomputed = 0;
	enum mc_err err = calendar_override(&r->ctx, day, working, name, &version, &recomputed);
	if (err) {
		resp_err(r, err);
		return;
	}
	struct cal_day d = {.source = CAL_OVERRIDE};
	d.d.day = day;
	d.d.working = working;
	snprintf(d.d.name, sizeof(d.d.name), "%s", name);
	json_t *j = day_json(&d);
	json_object_set_new(j, "version", json_integer(version));
	json_object_set_new(j, "recomputed", json_integer((json_int_t)recomputed));
	resp_json(r, 200, j);
}

static void delete_day(struct req *r)
{
	int64_t day, version;
	if (date_param_or_reply(r, &day))
		return;
	enum mc_err err = calendar_override_delete(&r->ctx, day, &version);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_empty(r, 204);
}

static void get_due(struct req *r)
{
	int64_t from = 0, due = 0;
	long value = 0;
	bool present;
	enum wc_unit unit = WC_WORKING_DAYS;
	const char *u = req_arg(r, "unit");
	bool from_ok = time_arg(r, "from", true, &from, &present);
	if (from_ok && !present)
		problem_add(&r->problem, "from", "is required", "tham số bắt buộc");
	int_arg(r, "value", 0, WC_MAX_VALUE, true, &value);
	if (!u)
		problem_add(&r->problem, "unit", "is required", "tham số bắt buộc");
	else if (wc_unit_parse(u, &unit) != MC_OK)
		problem_add(&r->problem, "unit",
			    "must be working_days, working_hours, calendar_days or same_day",
			    "đơn vị phải là working_days, working_hours, calendar_days hoặc same_day");
	if (problems_or_reply(r))
		return;
	enum mc_err err = calendar_due(&r->ctx, from, value, unit, &due);
	if (err) {
		resp_err(r, err);
		return;
	}
	char f[32], d[32];
	civil_format_time(from, f);
	civil_format_time(due, d);
	resp_json(r, 200, json_pack("{s:s, s:s, s:i, s:s}", "from", f, "due_at", d, "value", (int)value,
				    "unit", wc_unit_name(unit)));
}

static void get_lunar(struct req *r)
{
	const char *v = req_arg(r, "date");
	int64_t day;
	struct lunar_date l;
	if (!v || civil_parse_date(v, strlen(v), &day) != MC_OK ||
	    lunar_from_solar(day, &l) != MC_OK) {
		problem_add(&r->problem, "date", "must be a real date YYYY-MM-DD of the years 1900-2100",
			    "ngày phải có dạng YYYY-MM-DD, trong các năm 1900-2100");
		problems_or_reply(r);
		return;
	}
	resp_json(r, 200, json_pack("{s:i, s:i, s:i, s:b}", "day", l.day, "month", l.month, "year",
				    l.year, "leap", l.leap));
}

static void get_solar(struct req *r)
{
	long day = 0, month = 0, year = 0;
	struct lunar_date l;
	int64_t out;
	const char *leap = req_arg(r, "leap");
	int_arg(r, "day", 1, 30, true, &day);
	int_arg(r, "month", 1, 12, true, &month);
	int_arg(r, "year", LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR, true, &year);
	if (leap && strcmp(leap, "true") != 0 && strcmp(leap, "false") != 0)
		problem_add(&r->problem, "leap", "must be true or false", "phải là true hoặc false");
	if (problems_or_reply(r))
		return;
	l.day = (int)day;
	l.month = (int)month;
	l.year = (int)year;
	l.leap = leap && strcmp(leap, "true") == 0;
	if (lunar_to_solar(&l, &out) != MC_OK) {
		if (l.leap && lunar_leap_month(l.year) != l.month)
			problem_add(&r->problem, "leap", "the year has no such leap month",
				    "năm này không có tháng nhuận đó");
		else
			problem_add(&r->problem, "day", "the month has no such day",
				    "tháng âm lịch này không có ngày đó");
		problems_or_reply(r);
		return;
	}
	char date[16];
	civil_format_date(out, date);
	resp_json(r, 200, json_pack("{s:s}", "date", date));
}

const struct route api_calendar_routes[] = {
	{"GET", "/api/v1/calendar/due", get_due, 0},
	{"GET", "/api/v1/calendar/lunar", get_lunar, 0},
	{"GET", "/api/v1/calendar/solar", get_solar, 0},
	{"GET", "/api/v1/calendar/{year}", get_year, 0},
	{"PUT", "/api/v1/calendar/days/{date}", put_day, R_AUTH | R_ADMIN | R_JSON},
	{"DELETE", "/api/v1/calendar/days/{date}", delete_day, R_AUTH | R_ADMIN},
	{NULL, NULL, NULL, 0},
};
