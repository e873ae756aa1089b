/* GET /api/v1/reports/staff?from=&to=&unit= (docs/reports.md "Staff figures"). */
#include "base/base.h"

#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "svc/staff_figures.h"

static void row_json(const struct staff_row *s, void *arg)
{
	json_t *items = arg;
	json_array_append_new(
		items,
		json_pack("{s:s, s:s, s:I, s:{s:I, s:I}, s:I, s:I, s:I, s:o, s:{s:I, s:I, s:I}}",
			  "username", s->username, "full_name", s->full_name, "received",
			  (json_int_t)s->received, "steps", "on_time", (json_int_t)s->steps_on_time,
			  "late", (json_int_t)s->steps_late, "decisions", (json_int_t)s->decisions,
			  "returns", (json_int_t)s->returns, "supplement_requests",
			  (json_int_t)s->supplement_requests, "average_step_seconds",
			  s->steps_timed ? json_integer(s->step_seconds / s->steps_timed)
					 : json_null(),
			  "ratings", "rated", (json_int_t)s->rated, "satisfied",
			  (json_int_t)s->satisfied, "unsatisfied", (json_int_t)s->unsatisfied));
}

static void get_staff(struct req *r)
{
	struct summary_query q;
	const char *unit = qarg_code(r, "unit", UNIT_CODE_MAX - 1);
	if (decode_summary_query_or_reply(r, &q))
		return;
	json_t *items = json_array();
	enum mc_err err = staff_figures(&r->ctx, q.from, q.to, unit, row_json, items);
	if (err) {
		json_decref(items);
		resp_err(r, err);
		return;
	}
	char f[32], t[32];
	civil_format_time(q.from, f);
	civil_format_time(q.to, t);
	resp_json(r, 200, json_pack("{s:s, s:s, s:o, s:o}", "from", f, "to", t, "unit",
				    unit ? json_string(unit) : json_null(), "items", items));
}

const struct route api_staff_figures_routes[] = {
	{"GET", "/api/v1/reports/staff", get_staff, R_AUTH},
	{NULL, NULL, NULL, 0},
};
