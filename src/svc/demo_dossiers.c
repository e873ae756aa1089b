/* Demo dossiers: a living Center for `make run`. Dossiers are driven through the real use cases
 * (dossier_intake, dossier_act) with the clock set back in time, so every status, due time and
 * history event is what the service itself produces. */
#include "base/base.h"

#include "base/civil.h"
#include "render/result_pdf.h"
#include "svc/calendar.h"
#include "svc/documents.h"
#include "svc/demo.h"
#include "svc/dossiers.h"
#include "svc/payments.h"
#include "svc/perm.h"
#include "svc/queue.h"
#include "store/unit_store.h"
#include "store/user_store.h"

struct demo_run {
	struct svc_state *state;
	struct db *db;
	struct arena arena;
	struct problem problem;
	struct user users[12];
	size_t nusers;
	int made;
};

static const struct user *user_of(struct demo_run *run, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < run->nusers; i++)
		if (!strcmp(run->users[i].username, name))
			return &run->users[i];
	if (run->nusers == MC_ARRAY_LEN(run->users) ||
	    userstore_by_name(run->db, name, &run->users[run->nusers]) != MC_OK)
		return NULL;
	return &run->users[run->nusers++];
}

static struct svc_ctx ctx_for(struct demo_run *run, const char *who, int64_t at)
{
	problem_init(&run->problem, &run->arena);
	struct svc_ctx c = {.state = run->state, .db = run->db, .arena = &run->arena,
			    .problem = &run->problem, .user = user_of(run, who), .now = at,
			    .real_now = at};
	return c;
}

/* True when t falls in working time by the effective calendar (days off, make-up days, hours). */
static bool working_at(struct demo_run *run, int64_t t)
{
	struct svc_ctx ctx = ctx_for(run, NULL, t);
	int64_t secs = 0;
	return calendar_between(&ctx, t, t + 1, &secs) == MC_OK && secs == 1;
}

/* Times of the day at which the demo acts, all inside the working periods (08:00-12:00,
 * 13:00-17:00), none at lunch. */
static const int slots[] = {8 * 3600 + 1800,  9 * 3600 + 1800,  10 * 3600 + 1800, 11 * 3600 + 1800,
			    13 * 3600 + 1800, 14 * 3600 + 1800, 15 * 3600 + 1800};
#define NSLOTS ((int)MC_ARRAY_LEN(slots))

/* Slot `slot` of the working day `days` working days before the last working day that has begun
 * by now, by the real calendar (days off and make-up working days); never after now: when the slot
 * is still ahead today, the same slot of the working day before. */
static int64_t past(struct demo_run *run, int64_t now, int days, int slot)
{
	int secs = slots[slot < NSLOTS ? slot : NSLOTS - 1];
	int64_t day = civil_local_day(now);
	for (int guard = 0; guard < 4000; guard++, day--) {
		if (!working_at(run, civil_instant(day, slots[0])))
			continue;
		int64_t t = civil_instant(day, secs);
		if (t > now)
			continue;
		if (days-- == 0)
			return t;
	}
	return civil_instant(civil_local_day(now) - 1, secs); /* not reached: calendars have weekdays */
}

/* The time of a dossier's next event: its slot, but always after the previous event (*last) and
 * never after now. */
static int64_t next_time(struct demo_run *run, int64_t now, int days, int slot, int64_t *last)
{
	int64_t t = past(run, now, days, slot);
	if (*last && t <= *last)
		t = *last + 120 <= now ? *last + 120 : *last + 1;
	if (t > now)
		t = now;
	*last = t;
	return t;
}

struct demo_case {
	const char *procedure, *point, *receiver, *resolver, *processor, *approver;
	const char *name, *id_number;
	const char *comps[4];
	const char *end; /* the status it stops at */
	int days_ago;
};

static const struct demo_case cases[] = {
	{"1.004837", "002.01.50.H26", "tiepnhan.cuanam", "001.00.50.H26", "xuly.hoankiem",
	 "lanhdao.hoankiem", "Nguyễn Thị Hằng", "001190012345", {"tp02", "tp07"}, "returned", 12},
	{"1.004837", "001.01.50.H26", "tiepnhan.hoankiem", "001.00.50.H26", "xuly.hoankiem",
	 "lanhdao.hoankiem", "Lê Văn Hùng", "001082011223", {"tp02", "tp07"}, "ready_for_return", 6},
	{"1.004837", "003.01.50.H26", "tiepnhan.badinh", "002.00.50.H26", "xuly.cuanam",
	 "lanhdao.cuanam", "Phạm Thị Mai", "001195033221", {"tp02", "tp07"}, "processing", 2},
	{"1.004837", "001.01.50.H26", "tiepnhan.hoankiem", "002.00.50.H26", "xuly.cuanam",
	 "lanhdao.cuanam", "Hoàng Đức Long", "001079044556", {"tp02", "tp07"}, "awaiting_supplement", 3},
	{"1.004837", "002.01.50.H26", "tiepnhan.cuanam", "002.00.50.H26", "xuly.cuanam",
	 "lanhdao.cuanam", "Vũ Thị Lan", "001188055667", {"tp02", "tp07"}, "received", 0},
	{"1.004837", "001.01.50.H26", "tiepnhan.hoankiem", "001.00.50.H26", "xuly.hoankiem",
	 "lanhdao.hoankiem", "Trần Văn Nam", "001085004321", {"tp02", "tp07"}, "processing", 9},
	{"1.004837", "003.01.50.H26", "tiepnhan.badinh", "001.00.50.H26", "xuly.hoankiem",
	 "lanhdao.hoankiem", "Đỗ Minh Châu", "001090066778", {"tp02", "tp07"}, "stopped", 4},
	{"1.004837", "002.01.50.H26", "tiepnhan.cuanam", "001.00.50.H26", "xuly.hoankiem",
	 "lanhdao.hoankiem", "Ngô Thị Thu", "001186077889", {"tp02", "tp07"}, "returned", 20},
	/* Online: the citizen submits (the e-form tp06 instead of the paper declaration tp07); the
	 * Center's desk asks to complete, refuses or receives. */
	{"1.004837", NULL, "001190012345", "001.00.50.H26", "xuly.hoankiem", "lanhdao.hoankiem",
	 "Nguyễn Thị Hằng", "001190012345", {"tp02", "tp06"}, "submitted", 0},
	{"1.004837", NULL, "001085004321", "002.00.50.H26", "xuly.cuanam", "lanhdao.cuanam",
	 "Trần Văn Nam", "001085004321", {"tp02", "tp06"}, "needs_completion", 1},
	{"1.004837", NULL, "001085004321", "001.00.50.H26", "xuly.hoankiem", "lanhdao.hoankiem",
	 "Trần Văn Nam", "001085004321", {"tp02", "tp06"}, "refused", 2},
	/* Other procedures, so that the home page's "most used" list has more than one. */
	{"1.000894", "001.01.50.H26", "tiepnhan.hoankiem", "001.00.50.H26", "xuly.hoankiem",
	 "lanhdao.hoankiem", "Bùi Văn Toàn", "001092088990", {"tp01", "tp04"}, "returned", 5},
	{"1.004194", "002.01.50.H26", "tiepnhan.cuanam", "002.00.50.H26", "xuly.cuanam",
	 "lanhdao.cuanam", "Đinh Thị Hoa", "001194099001", {NULL}, "processing", 1},
	{"1.004873", "001.01.50.H26", "tiepnhan.hoankiem", "001.00.50.H26", "xuly.hoankiem",
	 "lanhdao.hoankiem", "Mai Thị Ngọc", "001197023456", {"tp03", "tp06"}, "processing", 0},
	{"1.004194", "001.01.50.H26", "tiepnhan.hoankiem", "001.00.50.H26", "xuly.hoankiem",
	 "lanhdao.hoankiem", "Lý Quốc Bảo", "001088012678", {NULL}, "returned", 7},
};

static enum mc_err intake(struct demo_run *run, const struct demo_case *c, int64_t at,
			  struct dossier *d)
{
	struct svc_ctx ctx = ctx_for(run, c->receiver, at);
	struct intake *in = arena_alloc(&run->arena, sizeof(*in));
	bool replayed;
	in->procedure = c->procedure;
	in->applicant_kind = "person";
	in->applicant_name = c->name;
	in->applicant_id = c->id_number;
	in->phone = "0912345678";
	in->resolver_unit = c->resolver;
	in->receiving_unit = c->point;
	in->channel = c->point ? "counter" : "online";
	for (size_t i = 0; i < MC_ARRAY_LEN(c->comps) && c->comps[i]; i++) {
		in->components[i].id = c->comps[i];
		in->components[i].provided = true;
		in->ncomponents++;
	}
	if (!ctx.user)
		return MC_ENOTFOUND;
	return dossier_intake(&ctx, in, d, &replayed, NULL);
}

static enum mc_err act(struct demo_run *run, const char *who, int64_t at, const char *code,
		       struct action_input *in, struct dossier *d)
{
	struct svc_ctx ctx = ctx_for(run, who, at);
	if (!ctx.user)
		return MC_ENOTFOUND;
	return dossier_act(&ctx, code, in, d);
}

/* With signing keys (MOTCUA_KEY_SECRET, and `pki demo` run before), the approver decides with a
 * result PDF that the server signs; the id of that document, or NULL without keys. */
static const char *result_document(struct demo_run *run, const struct demo_case *c, int64_t at,
				   const struct dossier *d)
{
	const char *secret = run->state->cfg.key_secret;
	struct svc_ctx ctx = ctx_for(run, c->approver, at);
	struct unit u;
	struct buf pdf;
	struct document *doc = arena_alloc(&run->arena, sizeof(*doc));
	if (!secret || strlen(secret) < 16 || !ctx.user ||
	    unitstore_get(run->db, c->resolver, at, &u) != MC_OK)
		return NULL;
	struct result_doc r = {"UBND THÀNH PHỐ HÀ NỘI", u.name, "TLGH/2026",
			       "Trích lục đăng ký giám hộ", c->name, d->code, at};
	buf_init(&pdf, 4 * 1024 * 1024);
	enum mc_err err = result_pdf_render(&r, &pdf);
	if (!err)
		err = documents_store(&ctx, "ket-qua.pdf", c->id_number, pdf.data, pdf.len, doc);
	buf_release(&pdf);
	return err ? NULL : doc->id;
}

/* The fee is paid in cash at the counter before the result goes back (docs/fees.md); nothing due
 * (a free procedure) is not an error. */
static enum mc_err pay_due(struct demo_run *run, const struct demo_case *c, int64_t at,
			   const char *code)
{
	struct svc_ctx ctx = ctx_for(run, c->receiver, at);
	struct payment p;
	if (!ctx.user)
		return MC_ENOTFOUND;
	enum mc_err err = payments_cash(&ctx, code, 0, &p);
	return err == MC_ECONFLICT ? MC_OK : err;
}

static bool reached(const struct dossier *d, const char *end)
{
	return strcmp(ds_status_name(d->status), end) == 0;
}

/* Drives one dossier from intake to its end status: its steps at the slots of a working day, going
 * on to the next working day after the last slot. */
static enum mc_err drive(struct demo_run *run, const struct demo_case *c, int64_t now)
{
	struct dossier *d = arena_alloc(&run->arena, sizeof(*d));
	struct action_input a;
	int h = 0, days = c->days_ago;
	int64_t last = 0;
	enum mc_err err = intake(run, c, next_time(run, now, days, h++, &last), d);
	const char *code = arena_strdup(&run->arena, d->code);
#define STEP(who, what, ...)                                                                     \
	do {                                                                                       \
		if (err || reached(d, c->end))                                                     \
			return err;                                                                \
		memset(&a, 0, sizeof(a));                                                          \
		a.action = (what);                                                                 \
		__VA_ARGS__;                                                                       \
		err = act(run, (who), next_time(run, now, days, h, &last), code, &a, d);           \
		if (++h >= NSLOTS) {                                                               \
			h = 0;                                                                     \
			days = days > 0 ? days - 1 : 0;                                            \
		}                                                                                  \
	} while (0)
	if (!c->point) { /* online: the Center's desk */
		const char *desk = "tiepnhan.trungtam";
		if (!strcmp(c->end, "refused")) {
			STEP(desk, DA_REFUSE, a.reason = "Thủ tục không thuộc phạm vi tiếp nhận trực tuyến");
			return err;
		}
		STEP(desk, DA_REQUEST_COMPLETION, a.items_json = "[\"Tờ khai có chữ ký của người yêu cầu\"]",
		     a.reason = "Tờ khai chưa có chữ ký");
		return err;
	}
	if (!strcmp(c->end, "stopped")) {
		STEP(c->receiver, DA_STOP, a.reason = "Người nộp đề nghị dừng giải quyết");
		return err;
	}
	STEP(c->receiver, DA_TRANSFER, (void)0);
	if (!strcmp(c->end, "awaiting_supplement")) {
		STEP(c->processor, DA_REQUEST_SUPPLEMENT, a.items_json = "[\"Bản sao giấy khai sinh\"]",
		     a.reason = "Thiếu giấy tờ chứng minh quan hệ");
		return err;
	}
	STEP(c->processor, DA_COMPLETE_STEP, a.note = "Hồ sơ đầy đủ, hợp lệ");
	const char *result = err || reached(d, c->end) ? NULL
				   : result_document(run, c, next_time(run, now, days, h, &last), d);
	STEP(c->approver, DA_DECIDE, a.outcome = "approved", a.result_number = "TLGH/2026",
	     a.result_title = "Trích lục đăng ký giám hộ", a.result_document = result);
	if (!err && !reached(d, c->end))
		err = pay_due(run, c, next_time(run, now, days, h, &last), code);
	/* The first returned case goes back online when its result is signed (it is then). */
	STEP(c->receiver, DA_RETURN, a.channel = result && c == &cases[0] ? "online" : "counter");
#undef STEP
	return err;
}

/* Today's queues at two points: people waiting, two of them already called to a counter. Only
 * while the points are open (a working day, in working hours): none at night, at lunch, at a
 * weekend or on a day off. */
static enum mc_err queues(struct demo_run *run, int64_t now, int *tickets)
{
	if (!working_at(run, now))
		return MC_OK;
	static const struct {
		const char *point, *receiver, *priority;
	} issue[] = {
		{"001.01.50.H26", "tiepnhan.hoankiem", NULL},   {"001.01.50.H26", "tiepnhan.hoankiem", NULL},
		{"001.01.50.H26", "tiepnhan.hoankiem", "elderly"}, {"001.01.50.H26", "tiepnhan.hoankiem", NULL},
		{"001.01.50.H26", "tiepnhan.hoankiem", NULL},   {"001.01.50.H26", "tiepnhan.hoankiem", NULL},
		{"002.01.50.H26", "tiepnhan.cuanam", NULL},     {"002.01.50.H26", "tiepnhan.cuanam", "pregnant"},
		{"002.01.50.H26", "tiepnhan.cuanam", NULL},
	};
	enum mc_err err = MC_OK;
	struct ticket t;
	int64_t ahead;
	bool found, repeated;
	for (size_t i = 0; !err && i < MC_ARRAY_LEN(issue); i++) {
		struct svc_ctx ctx = ctx_for(run, issue[i].receiver, now);
		err = queue_issue(&ctx, issue[i].point, NULL, issue[i].priority, &t, &ahead);
		if (!err)
			(*tickets)++;
	}
	for (int counter = 1; !err && counter <= 2; counter++) {
		struct svc_ctx ctx = ctx_for(run, "tiepnhan.hoankiem", now);
		err = queue_call_next(&ctx, "001.01.50.H26", counter, NULL, &t, &found, &repeated);
	}
	arena_release(&run->arena);
	return err;
}

enum mc_err demo_dossiers(struct svc_ctx *ctx, int *created, int *tickets)
{
	struct demo_run run = {.state = ctx->state, .db = ctx->db};
	int64_t now = ctx->now;
	enum mc_err err = MC_OK;
	arena_init(&run.arena);
	*created = 0;
	*tickets = 0;
	for (size_t i = 0; !err && i < MC_ARRAY_LEN(cases); i++) {
		err = drive(&run, &cases[i], now);
		if (!err)
			(*created)++;
		arena_release(&run.arena);
	}
	if (!err)
		err = queues(&run, now, tickets);
	return err;
}
