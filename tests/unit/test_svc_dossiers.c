/* Tests of the dossier's life through its use cases (svc/dossiers.h), without HTTP, on a real
 * database seeded as `motcua init` and `motcua demo` seed it: intake at a counter and online,
 * receipt, the processing steps, supplements, the extension, the decision and the return, with
 * exact statuses, due times and history; and refusals (status, actor, stale version, fields) that
 * change nothing. Dossiers are read as the API shows them (http/dossier_json.h); the same story
 * over HTTP is tests/api/dossiers.test.mjs. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"
#include "svc_fixture.h"

#include "domain/dossier_state.h"
#include "http/dossier_json.h"
#include "svc/dossiers.h"

/* Thủ tục đăng ký giám hộ: commune level, 3 working days; step 1 (processor, 2 working days) and
 * step 2 (approver, 1 working day) at the resolver; tp02 required, tp07 (the paper declaration)
 * at a counter or by post and tp06 (the e-form) online, tp01..tp07 listed. */
#define PROC "1.004837"
#define STEP1 "Công chức Tư pháp - Hộ tịch kiểm tra, thẩm định hồ sơ và dự thảo kết quả"

/* Thursday 26/11/2026 09:00: 3 working days later is Tuesday 1/12 09:00. */
#define THU "2026-11-26T09:00:00+07:00"

#define EXPECT(v, path, want) svc_fixture_expect_json((v), (path), (want))

static int setup(void **state)
{
	*state = svc_fixture_open("svc-dossiers", "2026-11-01T08:00:00+07:00");
	return 0;
}

static int teardown(void **state)
{
	svc_fixture_close(*state);
	return 0;
}

/* The API tests' guardianship() body: Nguyễn Thị Hằng for herself, decided by the Hoàn Kiếm PC,
 * tp02 and the declaration provided: the paper one (tp07) at a counter or by post, the e-form
 * (tp06) online. */
static void guardianship(struct intake *in, const char *channel)
{
	memset(in, 0, sizeof(*in));
	in->procedure = PROC;
	in->applicant_kind = "person";
	in->applicant_name = "Nguyễn Thị Hằng";
	in->applicant_id = "001190012345";
	in->phone = "0912345678";
	in->address = "Số 1 Tràng Tiền, Hoàn Kiếm";
	in->resolver_unit = HK_PC;
	in->channel = channel;
	in->ncomponents = 2;
	in->components[0] = (struct intake_component){"tp02", true, NULL};
	in->components[1] = (struct intake_component){
		strcmp(channel, "online") == 0 ? "tp06" : "tp07", true, NULL};
}

/* A dossier as the API shows it (kept until the fixture closes). */
static json_t *shown(struct svc_fixture *sf, const struct dossier *d)
{
	return svc_fixture_keep(sf, dossier_json(&sf->db->arena, d, true));
}

static const char *code_of(json_t *d)
{
	return json_string_value(json_object_get(d, "code"));
}

/* An intake by `who` at `at` that must succeed: the new dossier as shown. */
static json_t *intake(struct svc_fixture *sf, const char *who, const char *at,
		      const struct intake *in)
{
	struct svc_ctx ctx = svc_fixture_ctx(sf, who, at);
	struct dossier *d = arena_alloc(ctx.arena, sizeof(*d));
	struct fee_view *fv = arena_alloc(ctx.arena, sizeof(*fv));
	struct fee_view *read = arena_alloc(ctx.arena, sizeof(*read));
	bool replayed = true;
	enum mc_err err = dossier_intake(&ctx, in, d, &replayed, fv);
	if (err)
		fail_msg("intake: %s %s", mc_err_name(err), svc_fixture_fields(sf, ctx.problem));
	assert_false(replayed);
	/* The fee view intake gives back is what reading the dossier's fees gives. */
	assert_int_equal(fees_view(&ctx, d->id, read), MC_OK);
	assert_true(fv->has && read->has);
	assert_int_equal(fv->npayments, read->npayments);
	assert_int_equal(fv->rec.dossier_id, read->rec.dossier_id);
	assert_string_equal(fv->rec.channel, read->rec.channel);
	assert_string_equal(fv->rec.declared, read->rec.declared);
	assert_string_equal(fv->rec.lines, read->rec.lines);
	assert_int_equal(fv->rec.gross, read->rec.gross);
	assert_int_equal(fv->rec.total, read->rec.total);
	assert_int_equal(fv->rec.paid, read->rec.paid);
	assert_int_equal(fv->rec.refunded, read->rec.refunded);
	assert_int_equal(fv->rec.exempt, read->rec.exempt);
	assert_int_equal(fv->rec.updated_at, read->rec.updated_at);
	assert_int_equal(fv->rec.exemption_code == NULL, read->rec.exemption_code == NULL);
	return shown(sf, d);
}

/* A counter intake of guardianship() at `point` by its receiver. */
static json_t *counter_intake(struct svc_fixture *sf, const char *receiver, const char *at)
{
	struct intake in;
	guardianship(&in, "counter");
	return intake(sf, receiver, at, &in);
}

/* The action named as in API.md, with the body `in` (NULL: none), by `who` at `at`. *out (when
 * not NULL) gets the dossier as shown after a success, else NULL. */
static enum mc_err act(struct svc_fixture *sf, const char *who, const char *at, const char *code,
		       const char *action, struct action_input *in, json_t **out)
{
	struct action_input none;
	if (!in) {
		memset(&none, 0, sizeof(none));
		in = &none;
	}
	assert_int_equal(ds_action_parse(action, &in->action), MC_OK);
	struct svc_ctx ctx = svc_fixture_ctx(sf, who, at);
	struct dossier *d = arena_alloc(ctx.arena, sizeof(*d));
	enum mc_err err = dossier_act(&ctx, code, in, d);
	if (out)
		*out = err ? NULL : shown(sf, d);
	return err;
}

/* An action that must succeed: the dossier as shown after it. */
static json_t *act_ok(struct svc_fixture *sf, const char *who, const char *at, const char *code,
		      const char *action, struct action_input *in)
{
	json_t *d = NULL;
	enum mc_err err = act(sf, who, at, code, action, in, &d);
	if (err)
		fail_msg("%s by %s: %s %s %s", action, who, mc_err_name(err),
			 sf->problem.detail ? sf->problem.detail : "",
			 svc_fixture_fields(sf, &sf->problem));
	return d;
}

/* The dossier as the administrator reads it. */
static json_t *read_back(struct svc_fixture *sf, const char *code, const char *at)
{
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", at);
	struct dossier *d = arena_alloc(ctx.arena, sizeof(*d));
	assert_int_equal(dossier_get(&ctx, code, d), MC_OK);
	return shown(sf, d);
}

/* The actions `who` may take now, joined by commas. */
static const char *allowed(struct svc_fixture *sf, const char *who, const char *at,
			  const char *code)
{
	struct svc_ctx ctx = svc_fixture_ctx(sf, who, at);
	struct dossier *d = arena_alloc(ctx.arena, sizeof(*d));
	const char *names[DA_NACTION];
	char *out = arena_strdup(ctx.arena, "");
	assert_int_equal(dossier_get(&ctx, code, d), MC_OK);
	size_t n = dossier_allowed(&ctx, d, names);
	for (size_t i = 0; i < n; i++)
		out = arena_printf(ctx.arena, "%s%s%s", out, i ? "," : "", names[i]);
	return out;
}

/* The history: one line per event, "action|from|to|actor|unit|detail" ("null" for none, the
 * detail's keys sorted), with the events' times. */
struct history {
	struct svc_fixture *sf;
	const char *line[16];
	int64_t at[16];
	size_t n;
};

static void on_event(const struct dossier_event *e, void *arg)
{
	struct history *h = arg;
	json_t *detail = json_loads(e->detail, 0, NULL);
	char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	assert_true(h->n < MC_ARRAY_LEN(h->line));
	h->at[h->n] = e->at;
	h->line[h->n++] = arena_printf(&h->sf->db->arena, "%s|%s|%s|%s|%s|%s", e->action,
				       e->from_status ? e->from_status : "null",
				       e->to_status ? e->to_status : "null", e->actor,
				       e->unit ? e->unit : "null", text ? text : e->detail);
	free(text);
	json_decref(detail);
}

static struct history history_of(struct svc_fixture *sf, const char *code)
{
	struct history h = {.sf = sf, .n = 0};
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", "2027-01-01T00:00:00+07:00");
	assert_int_equal(dossier_history(&ctx, code, on_event, &h), MC_OK);
	return h;
}

static void expect_event(const struct history *h, size_t i, const char *at, const char *line)
{
	assert_true(i < h->n);
	assert_string_equal(h->line[i], line);
	assert_int_equal(h->at[i], svc_fixture_time(at));
}

/* A refused action: the exact error, and the dossier and its history exactly as before. *problem
 * (when not NULL) gets the refusal's problem. */
static void expect_refused(struct svc_fixture *sf, const char *who, const char *at,
			   const char *code, const char *action, struct action_input *in,
			   enum mc_err want, struct problem *problem)
{
	json_t *before = read_back(sf, code, at), *out = NULL;
	size_t events = history_of(sf, code).n;
	enum mc_err err = act(sf, who, at, code, action, in, &out);
	if (err != want)
		fail_msg("%s by %s: %s, want %s", action, who, mc_err_name(err), mc_err_name(want));
	assert_null(out);
	if (problem)
		*problem = sf->problem;
	json_t *after = read_back(sf, code, at);
	if (!json_equal(before, after))
		fail_msg("%s by %s changed the dossier", action, who);
	assert_int_equal(history_of(sf, code).n, events);
}

/* A counter intake at another commune's point: received at once, due 3 working days later, the
 * steps planned at the named commune's PC but not started. */
static void test_counter_intake(void **state)
{
	struct svc_fixture *sf = *state;
	json_t *d = counter_intake(sf, "tiepnhan.cuanam", THU);
	EXPECT(d, "code", "\"" CN_POINT "-261126-0001\"");
	EXPECT(d, "status", "\"received\"");
	EXPECT(d, "channel", "\"counter\"");
	EXPECT(d, "receiving_unit", "\"" CN_POINT "\"");
	EXPECT(d, "served_unit", "\"" CN_POINT "\"");
	EXPECT(d, "resolver_unit", "\"" HK_PC "\"");
	EXPECT(d, "return_unit", "\"" CN_POINT "\"");
	EXPECT(d, "submitted_at", "\"2026-11-26T09:00:00+07:00\"");
	EXPECT(d, "received_at", "\"2026-11-26T09:00:00+07:00\"");
	EXPECT(d, "due_at", "\"2026-12-01T09:00:00+07:00\"");
	EXPECT(d, "duration", "{\"value\": 3, \"unit\": \"working_days\"}");
	EXPECT(d, "current_step", "null");
	EXPECT(d, "procedure.name", "\"Thủ tục đăng ký giám hộ\"");
	EXPECT(d, "calendar_versions", "{\"2026\": 1}");
	EXPECT(d, "version", "1");
	EXPECT(d, "steps.0", "{\"index\": 1, \"name\": \"" STEP1 "\", \"unit\": \"" HK_PC "\", "
			     "\"role\": \"processor\", \"duration\": {\"value\": 2, \"unit\": "
			     "\"working_days\"}, \"started_at\": null, \"due_at\": null, "
			     "\"done_at\": null, \"timeliness\": null}");
	EXPECT(d, "steps.1.role", "\"approver\"");
	EXPECT(d, "steps.1.unit", "\"" HK_PC "\"");
	assert_int_equal(json_array_size(json_object_get(d, "steps")), 2);
	EXPECT(d, "components", "[{\"id\": \"tp01\", \"provided\": false, \"document\": null}, "
				"{\"id\": \"tp02\", \"provided\": true, \"document\": null}, "
				"{\"id\": \"tp03\", \"provided\": false, \"document\": null}, "
				"{\"id\": \"tp04\", \"provided\": false, \"document\": null}, "
				"{\"id\": \"tp05\", \"provided\": false, \"document\": null}, "
				"{\"id\": \"tp06\", \"provided\": false, \"document\": null}, "
				"{\"id\": \"tp07\", \"provided\": true, \"document\": null}]");
	const char *code = code_of(d);
	struct history h = history_of(sf, code);
	assert_int_equal(h.n, 1);
	expect_event(&h, 0, THU, "intake|null|received|tiepnhan.cuanam|" CN_POINT
				 "|{\"channel\":\"counter\",\"procedure\":\"" PROC "\"}");
	/* Who may do what now: the receiving point transfers or stops; the resolver's processor
	 * sees it but has nothing to do yet; another commune's point does not see it. */
	assert_string_equal(allowed(sf, "tiepnhan.cuanam", THU, code), "transfer,stop");
	assert_string_equal(allowed(sf, "xuly.hoankiem", THU, code), "");
	struct svc_ctx ctx = svc_fixture_ctx(sf, "tiepnhan.hoankiem", THU);
	struct dossier *other = arena_alloc(ctx.arena, sizeof(*other));
	assert_int_equal(dossier_get(&ctx, code, other), MC_ENOTFOUND);
	/* The next intake of the point that day takes the next number. */
	assert_string_equal(code_of(counter_intake(sf, "tiepnhan.cuanam", THU)),
			    CN_POINT "-261126-0002");
}

/* Transfer, the first step completed early, the decision on the last step, the return: each
 * status, step due time and history event exact. */
static void test_processing_to_return(void **state)
{
	struct svc_fixture *sf = *state;
	const char *code = code_of(counter_intake(sf, "tiepnhan.cuanam", THU));
	json_t *d = act_ok(sf, "tiepnhan.cuanam", THU, code, "transfer", NULL);
	EXPECT(d, "status", "\"processing\"");
	EXPECT(d, "current_step", "{\"index\": 1, \"name\": \"" STEP1 "\", \"unit\": \"" HK_PC
				  "\", \"role\": \"processor\", \"started_at\": "
				  "\"2026-11-26T09:00:00+07:00\", \"due_at\": "
				  "\"2026-11-30T09:00:00+07:00\"}");
	EXPECT(d, "version", "2");

	struct action_input note = {.note = "Hồ sơ hợp lệ"};
	d = act_ok(sf, "xuly.hoankiem", "2026-11-27T10:00:00+07:00", code, "complete-step", &note);
	EXPECT(d, "status", "\"processing\"");
	EXPECT(d, "steps.0.done_at", "\"2026-11-27T10:00:00+07:00\"");
	EXPECT(d, "steps.0.timeliness", "\"early\"");
	EXPECT(d, "current_step.index", "2");
	EXPECT(d, "current_step.role", "\"approver\"");
	EXPECT(d, "current_step.started_at", "\"2026-11-27T10:00:00+07:00\"");
	EXPECT(d, "current_step.due_at", "\"2026-11-30T10:00:00+07:00\"");
	EXPECT(d, "due_at", "\"2026-12-01T09:00:00+07:00\"");
	assert_string_equal(allowed(sf, "lanhdao.hoankiem", "2026-11-27T10:00:00+07:00", code),
			    "request-supplement,extend,decide,send-back");

	struct action_input decide = {.if_match = 3, .outcome = "approved",
				      .result_number = "15/2026/TLGH",
				      .result_title = "Trích lục đăng ký giám hộ"};
	d = act_ok(sf, "lanhdao.hoankiem", "2026-11-27T10:00:00+07:00", code, "decide", &decide);
	EXPECT(d, "status", "\"ready_for_return\"");
	EXPECT(d, "decision", "\"approved\"");
	EXPECT(d, "decided_at", "\"2026-11-27T10:00:00+07:00\"");
	EXPECT(d, "timeliness", "\"early\"");
	EXPECT(d, "result", "{\"number\": \"15/2026/TLGH\", \"title\": \"Trích lục đăng ký giám "
			    "hộ\", \"document\": null}");
	EXPECT(d, "current_step", "null");
	EXPECT(d, "steps.1.timeliness", "\"early\"");
	EXPECT(d, "version", "4");

	struct action_input ret = {.channel = "counter"};
	d = act_ok(sf, "tiepnhan.cuanam", "2026-11-30T14:00:00+07:00", code, "return", &ret);
	EXPECT(d, "status", "\"returned\"");
	EXPECT(d, "returned_at", "\"2026-11-30T14:00:00+07:00\"");
	EXPECT(d, "returned_unit", "\"" CN_POINT "\"");
	EXPECT(d, "returned_channel", "\"counter\"");
	EXPECT(d, "version", "5");
	assert_string_equal(allowed(sf, "tiepnhan.cuanam", "2026-11-30T14:00:00+07:00", code), "");

	struct history h = history_of(sf, code);
	assert_int_equal(h.n, 5);
	expect_event(&h, 1, THU,
		     "transfer|received|processing|tiepnhan.cuanam|" CN_POINT "|{\"step\":1}");
	expect_event(&h, 2, "2026-11-27T10:00:00+07:00",
		     "complete-step|processing|processing|xuly.hoankiem|" HK_PC
		     "|{\"note\":\"Hồ sơ hợp lệ\",\"step\":2}");
	expect_event(&h, 3, "2026-11-27T10:00:00+07:00",
		     "decide|processing|ready_for_return|lanhdao.hoankiem|" HK_PC
		     "|{\"outcome\":\"approved\",\"timeliness\":\"early\"}");
	expect_event(&h, 4, "2026-11-30T14:00:00+07:00",
		     "return|ready_for_return|returned|tiepnhan.cuanam|" CN_POINT
		     "|{\"channel\":\"counter\",\"unit\":\"" CN_POINT "\"}");
}

/* Actions that do not fit 'received' (API.md "Actions"): 409 each, by actors who could take them
 * in the right status; nothing changes. */
static void test_refused_in_wrong_status(void **state)
{
	struct svc_fixture *sf = *state;
	const char *at = "2026-11-26T10:00:00+07:00";
	const char *code = code_of(counter_intake(sf, "tiepnhan.hoankiem", THU));
	struct problem p;
	expect_refused(sf, "tiepnhan.hoankiem", at, code, "receive", NULL, MC_ECONFLICT, &p);
	assert_string_equal(p.detail, "receive is not possible while the dossier is received");
	assert_int_equal(p.n, 0);
	struct action_input empty = {.ncomponents = 0};
	expect_refused(sf, "tiepnhan.hoankiem", at, code, "supplement", &empty, MC_ECONFLICT, NULL);
	expect_refused(sf, "tiepnhan.hoankiem", at, code, "return", NULL, MC_ECONFLICT, NULL);
	expect_refused(sf, "001190012345", at, code, "resubmit", &empty, MC_ECONFLICT, NULL);
	struct action_input decide = {.outcome = "approved", .result_number = "1",
				      .result_title = "x"};
	expect_refused(sf, "lanhdao.hoankiem", at, code, "decide", &decide, MC_ECONFLICT, NULL);
	struct action_input ext = {.reason = "Cần xác minh",
				   .new_due_at = svc_fixture_time("2026-12-10T17:00:00+07:00")};
	expect_refused(sf, "lanhdao.hoankiem", at, code, "extend", &ext, MC_ECONFLICT, NULL);
	/* After the refusals the right action still works, from version 1. */
	EXPECT(act_ok(sf, "tiepnhan.hoankiem", at, code, "transfer", NULL), "version", "2");
	/* complete-step on the last step is not the way to finish. */
	act_ok(sf, "xuly.hoankiem", at, code, "complete-step", NULL);
	expect_refused(sf, "lanhdao.hoankiem", at, code, "complete-step", NULL, MC_ECONFLICT, &p);
	assert_string_equal(p.detail, "the last step ends with a decision, not complete-step");
}

/* Actors who may not take the action: 403 when they see the dossier, 404 when they do not, 401
 * without an account; nothing changes. */
static void test_refused_without_permission(void **state)
{
	struct svc_fixture *sf = *state;
	const char *at = "2026-11-26T10:00:00+07:00";
	const char *code = code_of(counter_intake(sf, "tiepnhan.cuanam", THU));
	/* The resolver's processor sees a received dossier; only the receiving point transfers. */
	expect_refused(sf, "xuly.hoankiem", at, code, "transfer", NULL, MC_EFORBIDDEN, NULL);
	act_ok(sf, "tiepnhan.cuanam", at, code, "transfer", NULL);
	expect_refused(sf, "tiepnhan.cuanam", at, code, "complete-step", NULL, MC_EFORBIDDEN, NULL);
	expect_refused(sf, "lanhdao.hoankiem", at, code, "complete-step", NULL, MC_EFORBIDDEN,
		       NULL);
	struct action_input decide = {.outcome = "approved", .result_number = "12/GH",
				      .result_title = "Trích lục"};
	expect_refused(sf, "xuly.hoankiem", at, code, "decide", &decide, MC_EFORBIDDEN, NULL);
	struct action_input ext = {.reason = "Cần xác minh",
				   .new_due_at = svc_fixture_time("2026-12-10T17:00:00+07:00")};
	expect_refused(sf, "xuly.hoankiem", at, code, "extend", &ext, MC_EFORBIDDEN, NULL);
	/* The receiving point's commune sees it (its point is below it) but works no step of it. */
	expect_refused(sf, "lanhdao.cuanam", at, code, "complete-step", NULL, MC_EFORBIDDEN, NULL);
	/* Points of other communes do not see it. */
	expect_refused(sf, "tiepnhan.hoankiem", at, code, "stop", NULL, MC_ENOTFOUND, NULL);
	expect_refused(sf, "tiepnhan.badinh", at, code, "complete-step", NULL, MC_ENOTFOUND, NULL);
	/* A citizen who is not the applicant does not see it either. */
	struct action_input stop = {.reason = "Không có nhu cầu"};
	expect_refused(sf, "001085004321", at, code, "stop", &stop, MC_ENOTFOUND, NULL);
	expect_refused(sf, NULL, at, code, "complete-step", NULL, MC_EAUTH, NULL);
	EXPECT(read_back(sf, code, at), "version", "2");
}

/* If-Match: a stale version is a conflict and changes nothing; the current one passes. */
static void test_stale_version(void **state)
{
	struct svc_fixture *sf = *state;
	const char *code = code_of(counter_intake(sf, "tiepnhan.hoankiem", THU));
	act_ok(sf, "tiepnhan.hoankiem", THU, code, "transfer", NULL);
	struct problem p;
	struct action_input stale = {.if_match = 1};
	expect_refused(sf, "xuly.hoankiem", THU, code, "complete-step", &stale, MC_ECONFLICT, &p);
	assert_string_equal(p.detail, "the dossier changed since you read it (If-Match)");
	struct action_input current = {.if_match = 2};
	json_t *d = act_ok(sf, "xuly.hoankiem", THU, code, "complete-step", &current);
	EXPECT(d, "version", "3");
	EXPECT(d, "current_step.index", "2");
}

/* A supplement request pauses the clock: 3 working days later the supplement moves the dossier's
 * and the step's due times by exactly those 3 days. */
static void test_supplement_pause(void **state)
{
	struct svc_fixture *sf = *state;
	const char *mon = "2026-11-30T14:00:00+07:00", *thu = "2026-12-03T14:00:00+07:00";
	json_t *d = counter_intake(sf, "tiepnhan.hoankiem", mon);
	const char *code = code_of(d);
	EXPECT(d, "code", "\"" HK_POINT "-261130-0001\"");
	EXPECT(d, "due_at", "\"2026-12-03T14:00:00+07:00\""); /* Mon 14:00 + 24 working hours */
	d = act_ok(sf, "tiepnhan.hoankiem", mon, code, "transfer", NULL);
	EXPECT(d, "current_step.due_at", "\"2026-12-02T14:00:00+07:00\"");

	struct action_input req = {
		.items_json = "[\"Bản sao giấy khai sinh của người được giám hộ\"]",
		.reason = "Thiếu giấy tờ chứng minh"};
	d = act_ok(sf, "xuly.hoankiem", mon, code, "request-supplement", &req);
	EXPECT(d, "status", "\"awaiting_supplement\"");
	EXPECT(d, "paused", "{\"since\": \"2026-11-30T14:00:00+07:00\"}");
	EXPECT(d, "supplement_requests", "1");
	EXPECT(d, "due_at", "\"2026-12-03T14:00:00+07:00\"");

	struct action_input sup = {.ncomponents = 1};
	sup.components[0] = (struct intake_component){"tp04", true, NULL};
	d = act_ok(sf, "tiepnhan.hoankiem", thu, code, "supplement", &sup);
	EXPECT(d, "status", "\"processing\"");
	EXPECT(d, "paused", "null");
	EXPECT(d, "due_at", "\"2026-12-08T14:00:00+07:00\"");
	EXPECT(d, "current_step.due_at", "\"2026-12-07T14:00:00+07:00\"");
	EXPECT(d, "components.3", "{\"id\": \"tp04\", \"provided\": true, \"document\": null}");
	EXPECT(d, "supplement_requests", "1");

	struct history h = history_of(sf, code);
	assert_int_equal(h.n, 4);
	expect_event(&h, 2, mon,
		     "request-supplement|processing|awaiting_supplement|xuly.hoankiem|" HK_PC
		     "|{\"exception\":false,\"items\":[\"Bản sao giấy khai sinh của người được "
		     "giám hộ\"],\"reason\":\"Thiếu giấy tờ chứng minh\"}");
	expect_event(&h, 3, thu,
		     "supplement|awaiting_supplement|processing|tiepnhan.hoankiem|" HK_POINT "|{}");
}

/* A second supplement request needs the exception flag and makes the decision late even when it
 * comes early. */
static void test_second_supplement_is_late(void **state)
{
	struct svc_fixture *sf = *state;
	const char *code = code_of(counter_intake(sf, "tiepnhan.hoankiem", THU));
	act_ok(sf, "tiepnhan.hoankiem", THU, code, "transfer", NULL);
	struct action_input req = {.items_json = "[\"Ảnh\"]", .reason = "Thiếu ảnh"};
	act_ok(sf, "xuly.hoankiem", THU, code, "request-supplement", &req);
	struct action_input none = {.ncomponents = 0};
	act_ok(sf, "001190012345", THU, code, "supplement", &none);

	struct problem p;
	expect_refused(sf, "xuly.hoankiem", THU, code, "request-supplement", &req, MC_ECONFLICT,
		       &p);
	assert_string_equal(p.detail, "a supplement was already requested; a second one needs "
				      "\"exception\": true and makes the dossier late");
	req.exception = true;
	json_t *d = act_ok(sf, "xuly.hoankiem", THU, code, "request-supplement", &req);
	EXPECT(d, "supplement_requests", "2");
	EXPECT(d, "status", "\"awaiting_supplement\"");
	/* The applicant (a verified citizen account of the same ID number) supplies it. */
	d = act_ok(sf, "001190012345", THU, code, "supplement", &none);
	EXPECT(d, "status", "\"processing\"");
	act_ok(sf, "xuly.hoankiem", THU, code, "complete-step", NULL);
	struct action_input deny = {.outcome = "denied", .reason = "Không đủ điều kiện giám hộ"};
	d = act_ok(sf, "lanhdao.hoankiem", THU, code, "decide", &deny);
	EXPECT(d, "status", "\"ready_for_return\"");
	EXPECT(d, "decision", "\"denied\"");
	EXPECT(d, "decision_reason", "\"Không đủ điều kiện giám hộ\"");
	EXPECT(d, "result", "null");
	EXPECT(d, "timeliness", "\"late\"");
	EXPECT(d, "due_at", "\"2026-12-01T09:00:00+07:00\""); /* no working time paused */
}

/* The extension (Form 04): the approver only, after the due time, once; the decision is then late
 * even on time. */
static void test_extension_once(void **state)
{
	struct svc_fixture *sf = *state;
	const char *at = "2026-12-03T15:00:00+07:00";
	json_t *d = counter_intake(sf, "tiepnhan.hoankiem", at);
	const char *code = code_of(d);
	EXPECT(d, "due_at", "\"2026-12-08T15:00:00+07:00\"");
	act_ok(sf, "tiepnhan.hoankiem", at, code, "transfer", NULL);
	struct problem p;
	struct action_input early = {.reason = "Cần xác minh",
				     .new_due_at = svc_fixture_time("2026-12-01T17:00:00+07:00")};
	expect_refused(sf, "lanhdao.hoankiem", at, code, "extend", &early, MC_EINVAL, &p);
	assert_string_equal(svc_fixture_fields(sf, &p), "new_due_at");
	struct action_input ext = {.reason = "Cần xác minh thêm với cơ quan công an",
				   .new_due_at = svc_fixture_time("2026-12-10T17:00:00+07:00")};
	d = act_ok(sf, "lanhdao.hoankiem", at, code, "extend", &ext);
	EXPECT(d, "extended",
	       "{\"new_due_at\": \"2026-12-10T17:00:00+07:00\", \"reason\": \"Cần xác minh thêm với "
	       "cơ quan công an\", \"at\": \"2026-12-03T15:00:00+07:00\", \"late_notice\": false}");
	EXPECT(d, "due_at", "\"2026-12-08T15:00:00+07:00\"");
	EXPECT(d, "status", "\"processing\"");
	struct action_input again = {.reason = "Lần hai",
				     .new_due_at = svc_fixture_time("2026-12-15T17:00:00+07:00")};
	expect_refused(sf, "lanhdao.hoankiem", at, code, "extend", &again, MC_ECONFLICT, &p);
	assert_string_equal(p.detail, "the dossier was already extended once");
	act_ok(sf, "xuly.hoankiem", at, code, "complete-step", NULL);
	struct action_input decide = {.outcome = "approved", .result_number = "20/GH",
				      .result_title = "Trích lục"};
	d = act_ok(sf, "lanhdao.hoankiem", at, code, "decide", &decide);
	EXPECT(d, "decided_at", "\"2026-12-03T15:00:00+07:00\"");
	EXPECT(d, "timeliness", "\"late\"");
	struct history h = history_of(sf, code);
	expect_event(&h, 2, at,
		     "extend|processing|processing|lanhdao.hoankiem|" HK_PC
		     "|{\"late_notice\":false,\"new_due_at\":\"2026-12-10T17:00:00+07:00\",\"reason\":\"Cần xác minh "
		     "thêm với cơ quan công an\"}");
}

/* Online: the citizen submits to the Center; its desk asks to complete, the citizen resubmits,
 * the desk receives and the clock starts then. */
static void test_online_submission_and_receipt(void **state)
{
	struct svc_fixture *sf = *state;
	const char *at = "2026-12-04T08:30:00+07:00";
	struct intake in;
	guardianship(&in, "online");
	json_t *d = intake(sf, "001190012345", at, &in);
	const char *code = code_of(d);
	EXPECT(d, "code", "\"" CENTER "-261204-0001\"");
	EXPECT(d, "status", "\"submitted\"");
	EXPECT(d, "receiving_unit", "\"" CENTER "\"");
	EXPECT(d, "received_at", "null");
	EXPECT(d, "due_at", "null");
	EXPECT(d, "submitter",
	       "{\"username\": \"001190012345\", \"full_name\": \"Nguyễn Thị Hằng\"}");
	struct svc_ctx ctx = svc_fixture_ctx(sf, "tiepnhan.hoankiem", at);
	struct dossier *hidden = arena_alloc(ctx.arena, sizeof(*hidden));
	assert_int_equal(dossier_get(&ctx, code, hidden), MC_ENOTFOUND);
	assert_string_equal(allowed(sf, "tiepnhan.trungtam", at, code),
			    "receive,request-completion,refuse,stop");
	assert_string_equal(allowed(sf, "001190012345", at, code), "stop");

	struct action_input req = {.items_json = "[\"Tờ khai có chữ ký\"]",
				   .reason = "Tờ khai chưa ký"};
	EXPECT(act_ok(sf, "tiepnhan.trungtam", at, code, "request-completion", &req), "status",
	       "\"needs_completion\"");
	struct action_input again = {.ncomponents = 1};
	again.components[0] = (struct intake_component){"tp07", true, NULL};
	EXPECT(act_ok(sf, "001190012345", at, code, "resubmit", &again), "status", "\"submitted\"");
	d = act_ok(sf, "tiepnhan.trungtam", at, code, "receive", NULL);
	EXPECT(d, "status", "\"received\"");
	EXPECT(d, "received_at", "\"2026-12-04T08:30:00+07:00\"");
	EXPECT(d, "due_at", "\"2026-12-09T08:30:00+07:00\"");
	EXPECT(d, "calendar_versions", "{\"2026\": 1}");
	EXPECT(d, "version", "4");

	struct history h = history_of(sf, code);
	assert_int_equal(h.n, 4);
	expect_event(&h, 0, at, "submit|null|submitted|001190012345|" CENTER
				"|{\"channel\":\"online\",\"procedure\":\"" PROC "\"}");
	expect_event(&h, 1, at,
		     "request-completion|submitted|needs_completion|tiepnhan.trungtam|" CENTER
		     "|{\"items\":[\"Tờ khai có chữ ký\"],\"reason\":\"Tờ khai chưa ký\"}");
	expect_event(&h, 2, at, "resubmit|needs_completion|submitted|001190012345|" CENTER "|{}");
	expect_event(&h, 3, at, "receive|submitted|received|tiepnhan.trungtam|" CENTER "|{}");
}

/* Stop on the applicant's request closes a received dossier; a refusal closes a submitted one;
 * closed dossiers take no more actions. */
static void test_stop_and_refuse(void **state)
{
	struct svc_fixture *sf = *state;
	const char *at = "2026-12-04T09:00:00+07:00";
	const char *code = code_of(counter_intake(sf, "tiepnhan.hoankiem", at));
	struct problem p;
	struct action_input bare = {.reason = NULL};
	expect_refused(sf, "001190012345", at, code, "stop", &bare, MC_EINVAL, &p);
	assert_string_equal(svc_fixture_fields(sf, &p), "reason");
	struct action_input stop = {.reason = "Tôi không có nhu cầu nữa"};
	json_t *d = act_ok(sf, "001190012345", at, code, "stop", &stop);
	EXPECT(d, "status", "\"stopped\"");
	EXPECT(d, "closed_reason", "\"Tôi không có nhu cầu nữa\"");
	EXPECT(d, "current_step", "null");
	expect_refused(sf, "tiepnhan.hoankiem", at, code, "transfer", NULL, MC_ECONFLICT, NULL);
	expect_refused(sf, "001190012345", at, code, "stop", &stop, MC_ECONFLICT, NULL);
	struct history h = history_of(sf, code);
	expect_event(&h, 1, at, "stop|received|stopped|001190012345|" HK_POINT
				"|{\"reason\":\"Tôi không có nhu cầu nữa\"}");

	struct intake in;
	guardianship(&in, "online");
	const char *online = code_of(intake(sf, "001190012345", at, &in));
	struct action_input refuse = {.reason = "Không thuộc thẩm quyền"};
	d = act_ok(sf, "tiepnhan.trungtam", at, online, "refuse", &refuse);
	EXPECT(d, "status", "\"refused\"");
	EXPECT(d, "closed_reason", "\"Không thuộc thẩm quyền\"");
	expect_refused(sf, "tiepnhan.trungtam", at, online, "receive", NULL, MC_ECONFLICT, NULL);
}

/* An intake refused: 422 naming each field, 403 for the wrong point or role; no number used. */
static void test_intake_refused(void **state)
{
	struct svc_fixture *sf = *state;
	const char *at = "2026-12-07T09:00:00+07:00";
	static const struct {
		const char *procedure, *id_number, *resolver, *channel;
		size_t ncomponents;
		const char *fields;
	} bad[] = {
		{PROC, "12345", HK_PC, "counter", 2, "applicant.id_number"},
		{PROC, "001990012345", HK_PC, "counter", 2, "applicant.id_number"},
		{PROC, "001190012345", HK_PC, "counter", 1, "components.tp07"},
		{"9.999999", "001190012345", HK_PC, "counter", 2, "procedure"},
		{PROC, "001190012345", HK_POINT, "counter", 2, "resolver_unit"},
		{PROC, "001190012345", NULL, "counter", 2, "resolver_unit"},
		{PROC, "001190012345", HK_PC, "fax", 2, "channel"},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
		struct intake in;
		guardianship(&in, bad[i].channel);
		in.procedure = bad[i].procedure;
		in.applicant_id = bad[i].id_number;
		in.resolver_unit = bad[i].resolver;
		in.ncomponents = bad[i].ncomponents;
		struct svc_ctx ctx = svc_fixture_ctx(sf, "tiepnhan.hoankiem", at);
		struct dossier *d = arena_alloc(ctx.arena, sizeof(*d));
		bool replayed = false;
		assert_int_equal(dossier_intake(&ctx, &in, d, &replayed, NULL), MC_EINVAL);
		assert_string_equal(svc_fixture_fields(sf, ctx.problem), bad[i].fields);
	}
	struct intake in;
	guardianship(&in, "counter");
	in.receiving_unit = CN_POINT;
	struct svc_ctx ctx = svc_fixture_ctx(sf, "tiepnhan.hoankiem", at);
	struct dossier *d = arena_alloc(ctx.arena, sizeof(*d));
	bool replayed = false;
	assert_int_equal(dossier_intake(&ctx, &in, d, &replayed, NULL), MC_EFORBIDDEN);
	guardianship(&in, "counter");
	ctx = svc_fixture_ctx(sf, "xuly.hoankiem", at);
	assert_int_equal(dossier_intake(&ctx, &in, d, &replayed, NULL), MC_EFORBIDDEN);
	/* Nothing was written: the point's first dossier of the day is still number 0001. */
	assert_string_equal(code_of(counter_intake(sf, "tiepnhan.hoankiem", at)),
			    HK_POINT "-261207-0001");
}

/* The same Idempotency-Key and body gives the first dossier again without writing; another body
 * is a conflict. */
static void test_intake_idempotency(void **state)
{
	struct svc_fixture *sf = *state;
	const char *at = "2026-12-07T10:00:00+07:00";
	struct intake in;
	guardianship(&in, "counter");
	in.idem_key = "intake-42";
	memset(in.idem_hash, 0xa1, sizeof(in.idem_hash));
	const char *first = code_of(intake(sf, "tiepnhan.hoankiem", at, &in));
	assert_string_equal(first, HK_POINT "-261207-0001");
	struct svc_ctx ctx = svc_fixture_ctx(sf, "tiepnhan.hoankiem", at);
	struct dossier *d = arena_alloc(ctx.arena, sizeof(*d));
	bool replayed = false;
	assert_int_equal(dossier_intake(&ctx, &in, d, &replayed, NULL), MC_OK);
	assert_true(replayed);
	assert_string_equal(d->code, first);
	memset(in.idem_hash, 0xb2, sizeof(in.idem_hash));
	ctx = svc_fixture_ctx(sf, "tiepnhan.hoankiem", at);
	assert_int_equal(dossier_intake(&ctx, &in, d, &replayed, NULL), MC_ECONFLICT);
	assert_string_equal(ctx.problem->detail, "this Idempotency-Key was used with another body");
	in.idem_key = NULL;
	assert_string_equal(code_of(intake(sf, "tiepnhan.hoankiem", at, &in)),
			    HK_POINT "-261207-0002");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_counter_intake),
		T(test_processing_to_return),
		T(test_refused_in_wrong_status),
		T(test_refused_without_permission),
		T(test_stale_version),
		T(test_supplement_pause),
		T(test_second_supplement_is_late),
		T(test_extension_once),
		T(test_online_submission_and_receipt),
		T(test_stop_and_refuse),
		T(test_intake_refused),
		T(test_intake_idempotency),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
