/* Appointment use cases: settings, free slots on the effective calendar, and bookings whose
 * capacity and per-number limits are enforced in the write transaction by the store's conditional
 * upsert and holder lock (never read-then-write). */
#include "base/base.h"

#include <sodium.h>

#include "base/civil.h"
#include "domain/idnum.h"
#include "domain/text.h"
#include "store/booking_store.h"
#include "store/group_store.h"
#include "store/db.h"
#include "store/procedure_store.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/bookings.h"
#include "svc/calendar_days.h"
#include "svc/catalog.h"
#include "svc/limiter.h"
#include "svc/notify.h"
#include "svc/queue.h"
#include "svc/service_groups.h"
#include "svc/perm.h"

/* Letters and digits that cannot be mistaken for one another when read aloud or typed. */
static const char CODE_ALPHABET[] = "ACDEFGHJKLMNPQRTUVWXY34679";

static void new_code(char out[16])
{
	for (size_t i = 0; i < BOOKING_CODE_LEN; i++)
		out[i] = i == 4 ? '-'
				: CODE_ALPHABET[randombytes_uniform(sizeof(CODE_ALPHABET) - 1)];
	out[BOOKING_CODE_LEN] = '\0';
}

static bool is_staff(struct svc_ctx *ctx)
{
	return ctx->user && ctx->user->nroles > 0 && !perm_has_role(ctx->user, "citizen");
}

enum mc_err bookings_rate(struct svc_ctx *ctx)
{
	int64_t retry = 0;
	struct limiter *l = ctx->state->bookings_limit;
	if (!l || !ctx->client_addr || is_staff(ctx))
		return MC_OK;
	if (limiter_check(l, ctx->client_addr, ctx->real_now, &retry) != MC_OK) {
		ctx->retry_after = retry > 0 ? retry : 1;
		return MC_ETOOMANY;
	}
	limiter_fail(l, ctx->client_addr, ctx->real_now);
	return MC_OK;
}

static enum mc_err find_point(struct svc_ctx *ctx, const char *point)
{
	struct unit u;
	enum mc_err err = unitstore_get(ctx->db, point, ctx->now, &u);
	if (err)
		return err;
	return strcmp(u.kind, "service_point") == 0 ? MC_OK : MC_ENOTFOUND;
}

static enum mc_err covers_point(struct svc_ctx *ctx, const char *point)
{
	enum mc_err err = perm_check(ctx, "receiver", point);
	if (err == MC_EFORBIDDEN)
		err = perm_check(ctx, "unit_manager", point);
	return err;
}

static void defaults(struct booking_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->slot_minutes = BOOKING_DEFAULT_SLOT;
	s->capacity = BOOKING_DEFAULT_CAPACITY;
}

static enum mc_err load_settings(struct svc_ctx *ctx, const char *point, struct booking_settings *s)
{
	enum mc_err err = find_point(ctx, point);
	if (err)
		return err;
	defaults(s);
	err = bstore_settings(ctx->db, point, s);
	return err == MC_ENOTFOUND ? MC_OK : err;
}

struct settings_args {
	const char *point;
	struct booking_settings *s;
};

static enum mc_err get_tx(struct svc_ctx *ctx, void *arg)
{
	struct settings_args *a = arg;
	return load_settings(ctx, a->point, a->s);
}

enum mc_err bookings_settings(struct svc_ctx *ctx, const char *point, struct booking_settings *out)
{
	struct settings_args a = {point, out};
	return svc_read(ctx, get_tx, &a);
}

static enum mc_err put_tx(struct svc_ctx *ctx, void *arg)
{
	struct settings_args *a = arg;
	enum mc_err err = find_point(ctx, a->point);
	if (!err && perm_admin(ctx) != MC_OK && perm_check(ctx, "center_manager", a->point) != MC_OK)
		err = perm_check(ctx, "unit_manager", a->point);
	if (!err)
		err = bstore_set_settings(ctx->db, a->point, a->s, ctx->now, ctx->user->username);
	if (!err) {
		char *detail = arena_printf(ctx->arena,
					    "{\"slot_minutes\":%d,\"capacity\":%d,\"periods\":%zu}",
					    a->s->slot_minutes, a->s->capacity, a->s->nperiods);
		err = audit_append(ctx, a->point, "booking_settings",
				   arena_printf(ctx->arena, "point:%s", a->point), detail);
	}
	return err;
}

enum mc_err bookings_set_settings(struct svc_ctx *ctx, const char *point,
				  struct booking_settings *s)
{
	int m = s->slot_minutes;
	if (m != 10 && m != 15 && m != 20 && m != 30 && m != 60)
		problem_add(ctx->problem, "slot_minutes", "must be 10, 15, 20, 30 or 60",
			    "độ dài khung giờ phải là 10, 15, 20, 30 hoặc 60 phút");
	if (s->capacity < 0 || s->capacity > 50)
		problem_add(ctx->problem, "capacity", "must be from 0 to 50",
			    "số chỗ mỗi khung giờ phải từ 0 đến 50");
	for (size_t i = 0; i < s->nperiods; i++) {
		const struct booking_period *p = &s->periods[i];
		bool overlap = i > 0 && s->periods[i - 1].weekday == p->weekday &&
			       s->periods[i - 1].end > p->start;
		if (p->start >= p->end || overlap) {
			problem_add(ctx->problem, "hours",
				    "periods of a day must be in order, each ending after it starts, "
				    "without overlap",
				    "các khoảng giờ trong ngày phải theo thứ tự, kết thúc sau khi bắt "
				    "đầu và không chồng lên nhau");
			break;
		}
	}
	if (ctx->problem->n)
		return MC_EINVAL;
	struct settings_args a = {point, s};
	return svc_write(ctx, put_tx, &a);
}

/* The working-day check on the effective calendar: any working second in the day. */
static enum mc_err working_day(struct svc_ctx *ctx, int64_t day, bool *out)
{
	int64_t secs = 0;
	enum mc_err err = calendar_between(ctx, civil_instant(day, 0), civil_instant(day + 1, 0), &secs);
	*out = secs > 0;
	return err;
}

/* The last day of a window of n working days starting at day (day itself when it is one). */
static enum mc_err window_end(struct svc_ctx *ctx, int64_t day, int n, int64_t *out)
{
	int seen = 0;
	for (int64_t d = day; d < day + 40 * n; d++) {
		bool w;
		enum mc_err err = working_day(ctx, d, &w);
		if (err)
			return err;
		if (w && ++seen == n) {
			*out = d;
			return MC_OK;
		}
	}
	return MC_EINVAL;
}

struct slot_counts {
	int64_t start[2048]; /* a window holds at most 14 days of 10-minute slots */
	int64_t booked[2048];
	size_t n;
};

static void add_count(int64_t start, int64_t booked, void *arg)
{
	struct slot_counts *c = arg;
	if (c->n < MC_ARRAY_LEN(c->start)) {
		c->start[c->n] = start;
		c->booked[c->n++] = booked;
	}
}

static int64_t booked_at(const struct slot_counts *c, int64_t start)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->start[i] == start)
			return c->booked[i];
	return 0;
}

/* Calls fn for each slot of a day on the point's settings that lies wholly in working time. */
static enum mc_err day_slots(struct svc_ctx *ctx, const struct booking_settings *s, int64_t day,
			     bool (*fn)(int64_t start, int64_t end, void *arg), void *arg)
{
	bool w;
	enum mc_err err = working_day(ctx, day, &w);
	if (err || !w)
		return err;
	int weekday = civil_weekday(day);
	weekday = weekday == 0 ? 7 : weekday;
	struct booking_period all = {weekday, 0, CIVIL_DAY};
	const struct booking_period *ps = s->custom_hours ? s->periods : &all;
	size_t np = s->custom_hours ? s->nperiods : 1;
	int64_t len = (int64_t)s->slot_minutes * 60;
	for (size_t i = 0; i < np; i++) {
		if (ps[i].weekday != weekday)
			continue;
		for (int64_t t = ps[i].start; t + len <= ps[i].end; t += len) {
			int64_t start = civil_instant(day, (int)t), secs = 0;
			if ((err = calendar_between(ctx, start, start + len, &secs)))
				return err;
			if (secs == len && !fn(start, start + len, arg))
				return MC_OK;
		}
	}
	return MC_OK;
}

struct list_args {
	const char *point, *procedure;
	int64_t from, to;
	void (*fn)(const struct booking_slot *s, void *arg);
	void *arg;
	struct booking_settings s;
	struct slot_counts *counts;
};

struct emit {
	struct list_args *a;
	int64_t now;
};

static bool emit_free(int64_t start, int64_t end, void *arg)
{
	struct emit *e = arg;
	if (start <= e->now)
		return true;
	int64_t left = e->a->s.capacity - booked_at(e->a->counts, start);
	if (left > 0) {
		struct booking_slot slot = {start, end, left};
		e->a->fn(&slot, e->a->arg);
	}
	return true;
}

static enum mc_err check_procedure(struct svc_ctx *ctx, const char *code)
{
	struct procedure p;
	enum mc_err err = procstore_get(ctx->db, ctx->arena, code, 0, &p);
	if (err == MC_ENOTFOUND) {
		problem_add(ctx->problem, "procedure", "is not a procedure of the catalog",
			    "không có thủ tục này trong danh mục");
		return MC_EINVAL;
	}
	return err;
}

static void not_received(struct svc_ctx *ctx)
{
	problem_add(ctx->problem, "procedure",
		    "the point does not receive this procedure by appointment",
		    "điểm tiếp nhận này không nhận đặt lịch hẹn cho thủ tục này");
}

/* The places taken per slot: of the point, or, at a point with procedure groups, of the
 * procedure's group (its capacity) or, without a procedure, of all its groups together. */
static enum mc_err group_counts(struct svc_ctx *ctx, struct list_args *a)
{
	struct sgroups *gs = arena_alloc(ctx->arena, sizeof(*gs));
	const struct sgroup *g = NULL;
	int64_t from = civil_instant(a->from, 0), to = civil_instant(a->to + 1, 0);
	enum mc_err err = gs ? sgroups_load(ctx, a->point, gs) : MC_ETOOBIG;
	if (err)
		return err;
	if (gs->n == 0)
		return bstore_slot_counts(ctx->db, a->point, from, to, add_count, a->counts);
	if (!a->procedure) {
		a->s.capacity = 0;
		for (size_t i = 0; i < gs->n; i++)
			a->s.capacity += sgroup_capacity(&gs->items[i]);
		return gstore_slot_totals(ctx->db, a->point, from, to, add_count, a->counts);
	}
	if ((err = sgroups_of_procedure(ctx, gs, a->procedure, &g)))
		return err;
	if (!g) {
		not_received(ctx);
		return MC_EINVAL;
	}
	a->s.capacity = sgroup_capacity(g);
	return gstore_slot_counts(ctx->db, a->point, g->name, from, to, add_count, a->counts);
}

static enum mc_err slots_tx(struct svc_ctx *ctx, void *arg)
{
	struct list_args *a = arg;
	int64_t today = civil_local_day(ctx->now), last;
	enum mc_err err = load_settings(ctx, a->point, &a->s);
	if (!err && a->procedure)
		err = check_procedure(ctx, a->procedure);
	if (err)
		return err;
	if (a->from < today) {
		problem_add(ctx->problem, "from", "must not be before today",
			    "ngày bắt đầu không được trước hôm nay");
		return MC_EINVAL;
	}
	if ((err = window_end(ctx, a->from, BOOKING_WINDOW_DAYS, &last)) == MC_EINVAL)
		problem_add(ctx->problem, "from", "is outside the years the calendar covers",
			    "ngày bắt đầu nằm ngoài các năm của lịch làm việc");
	if (err)
		return err;
	if (a->to < 0)
		a->to = last;
	if (a->to < a->from || a->to > last) {
		problem_add(ctx->problem, "to",
			    "must be on or after from, at most 10 working days from it",
			    "ngày kết thúc phải từ ngày bắt đầu, không quá 10 ngày làm việc");
		return MC_EINVAL;
	}
	err = group_counts(ctx, a);
	struct emit e = {a, ctx->now};
	for (int64_t d = a->from; !err && d <= a->to; d++)
		err = day_slots(ctx, &a->s, d, emit_free, &e);
	return err;
}

enum mc_err bookings_slots(struct svc_ctx *ctx, const char *point, int64_t from, int64_t to,
			   const char *procedure, void (*fn)(const struct booking_slot *s, void *arg),
			   void *arg)
{
	struct list_args a = {point, procedure, from, to, fn, arg, {0}, NULL};
	a.counts = arena_alloc(ctx->arena, sizeof(*a.counts));
	if (!a.counts)
		return MC_ETOOBIG;
	a.counts->n = 0;
	return svc_read(ctx, slots_tx, &a);
}

/* True when the edge already named the field (no second error for it). */
static bool named(const struct problem *p, const char *field)
{
	for (const struct field_error *e = p->head; e; e = e->next)
		if (strcmp(e->field, field) == 0)
			return true;
	return false;
}

static void check_input(struct svc_ctx *ctx, const struct booking_in *in, int64_t *start)
{
	int y, m, d;
	civil_ymd(civil_local_day(ctx->now), &y, &m, &d);
	if (!named(ctx->problem, "start") && (!in->start || civil_parse_time(in->start, strlen(in->start), start) != MC_OK))
		problem_add(ctx->problem, "start", "must be the start time of a slot (RFC 3339)",
			    "giờ bắt đầu phải là giờ bắt đầu của một khung giờ (RFC 3339)");
	if (!named(ctx->problem, "name") && (!in->name || !in->name[0]))
		problem_add(ctx->problem, "name", "is required", "phải nhập họ và tên");
	if (!named(ctx->problem, "id_number") &&
	    (!in->id_number ||
	     idnum_check_person(in->id_number, strlen(in->id_number), y) != IDNUM_OK))
		problem_add(ctx->problem, "id_number",
			    "must be a valid 12-digit personal identification number",
			    "số định danh cá nhân phải gồm 12 chữ số hợp lệ");
	if (!named(ctx->problem, "phone") && (!in->phone || !text_vn_phone_ok(in->phone)))
		problem_add(ctx->problem, "phone", "must be a phone number of 10 or 11 digits from 0",
			    "số điện thoại phải gồm 10 hoặc 11 chữ số, bắt đầu bằng 0");
	if (!named(ctx->problem, "email") && in->email && !text_email_ok(in->email))
		problem_add(ctx->problem, "email", "is not an e-mail address",
			    "địa chỉ thư điện tử không hợp lệ");
}

struct find_slot {
	int64_t start, end;
	bool found;
};

static bool match_slot(int64_t start, int64_t end, void *arg)
{
	struct find_slot *f = arg;
	if (start != f->start)
		return true;
	f->end = end;
	f->found = true;
	return false;
}

struct book_args {
	const struct booking_in *in;
	int64_t start;
	struct booking *out;
};

/* The reminder's time: 08:00 of the last working day before the slot's day (0 when none is
 * found within two weeks). */
static enum mc_err reminder_time(struct svc_ctx *ctx, int64_t start, int64_t *out)
{
	int64_t day = civil_local_day(start), secs = 0;
	*out = 0;
	for (int64_t d = day - 1; d >= day - 14; d--) {
		enum mc_err err = calendar_between(ctx, civil_instant(d, 0), civil_instant(d + 1, 0),
						   &secs);
		if (err)
			return err;
		if (secs > 0) {
			*out = civil_instant(d, BOOKING_REMIND_SECS);
			return MC_OK;
		}
	}
	return MC_OK;
}

static enum mc_err book_tx(struct svc_ctx *ctx, void *arg)
{
	struct book_args *a = arg;
	const struct booking_in *in = a->in;
	struct booking_settings s;
	int64_t today = civil_local_day(ctx->now), last = 0, active = 0;
	enum mc_err err = load_settings(ctx, in->point, &s);
	if (err == MC_ENOTFOUND) {
		problem_add(ctx->problem, "point", "is not a service point",
			    "không có điểm tiếp nhận này");
		return MC_EINVAL;
	}
	if (!err && is_staff(ctx) && !perm_has_role(ctx->user, "receiver"))
		err = MC_EFORBIDDEN;
	if (!err)
		err = check_procedure(ctx, in->procedure);
	if (!err)
		err = window_end(ctx, today, BOOKING_WINDOW_DAYS, &last);
	struct sgroups *gs = arena_alloc(ctx->arena, sizeof(*gs));
	const struct sgroup *g = NULL;
	if (!err)
		err = gs ? sgroups_load(ctx, in->point, gs) : MC_ETOOBIG;
	if (!err && gs->n > 0) {
		err = sgroups_of_procedure(ctx, gs, in->procedure, &g);
		if (!err && !g) {
			not_received(ctx);
			err = MC_EINVAL;
		}
	}
	if (err)
		return err;
	struct find_slot f = {a->start, 0, false};
	int64_t day = civil_local_day(a->start);
	if (a->start > ctx->now && day <= last)
		err = day_slots(ctx, &s, day, match_slot, &f);
	if (err)
		return err;
	if (!f.found || s.capacity < 1) {
		problem_add(ctx->problem, "start",
			    "is not the start of an open slot of this point in the next 10 working days",
			    "không phải giờ bắt đầu của một khung giờ còn mở của điểm này trong 10 ngày "
			    "làm việc tới");
		return MC_EINVAL;
	}
	if ((err = bstore_hold(ctx->db, in->id_number, ctx->now, &active)))
		return err;
	if (active >= BOOKING_ACTIVE_MAX) {
		problem_add(ctx->problem, "id_number", "already holds 3 active bookings",
			    "số định danh này đã có 3 lịch hẹn chưa đến hạn");
		problem_detail(ctx->problem, "too many active bookings for this ID number",
			       "quá số lịch hẹn được đặt cho một số định danh");
		return MC_ECONFLICT;
	}
	err = g ? gstore_take_place(ctx->db, in->point, g->name, a->start, sgroup_capacity(g))
		: bstore_take_place(ctx->db, in->point, a->start, s.capacity);
	if (err == MC_ECONFLICT) {
		problem_add(ctx->problem, "start", "this slot is full", "khung giờ này đã hết chỗ");
		problem_detail(ctx->problem, "the slot is full", "khung giờ đã hết chỗ");
		return err;
	}
	if (err)
		return err;
	struct booking *b = a->out;
	memset(b, 0, sizeof(*b));
	new_code(b->code);
	snprintf(b->point, sizeof(b->point), "%s", in->point);
	snprintf(b->procedure, sizeof(b->procedure), "%s", in->procedure);
	b->start_at = a->start;
	b->end_at = f.end;
	snprintf(b->name, sizeof(b->name), "%s", in->name);
	snprintf(b->id_number, sizeof(b->id_number), "%s", in->id_number);
	snprintf(b->phone, sizeof(b->phone), "%s", in->phone);
	snprintf(b->email, sizeof(b->email), "%s", in->email ? in->email : "");
	snprintf(b->status, sizeof(b->status), "booked");
	snprintf(b->service_group, sizeof(b->service_group), "%s", g ? g->name : "");
	snprintf(b->booked_by, sizeof(b->booked_by), "%s", ctx->user ? ctx->user->username : "");
	b->created_at = ctx->now;
	if ((err = bstore_insert(ctx->db, b)))
		return err;
	err = audit_append(ctx, b->point, "book_appointment",
			   arena_printf(ctx->arena, "booking:%s", b->code), "{}");
	int64_t remind_at = 0;
	if (!err)
		err = reminder_time(ctx, b->start_at, &remind_at);
	struct procedure *p = arena_alloc(ctx->arena, sizeof(*p));
	const char *pname = b->procedure;
	if (!err && catalog_get(ctx, b->procedure, 0, p) == MC_OK)
		pname = p->name;
	if (!err)
		err = notify_booking(ctx, b, pname, remind_at);
	return err;
}

enum mc_err bookings_book(struct svc_ctx *ctx, const struct booking_in *in, struct booking *out)
{
	int64_t start = 0;
	enum mc_err err = bookings_rate(ctx);
	if (err)
		return err;
	check_input(ctx, in, &start);
	if (!in->point && !named(ctx->problem, "point"))
		problem_add(ctx->problem, "point", "is required", "phải chọn điểm tiếp nhận");
	if (!in->procedure && !named(ctx->problem, "procedure"))
		problem_add(ctx->problem, "procedure", "is required", "phải chọn thủ tục");
	if (ctx->problem->n)
		return MC_EINVAL;
	struct book_args a = {in, start, out};
	return svc_write(ctx, book_tx, &a);
}

struct code_args {
	const char *code, *id_number, *status;
	struct booking *out;
	bool wrong; /* a wrong code and number pair (counted after the transaction) */
	struct ticket *ticket; /* check-in: the ticket issued */
	int64_t *waiting_ahead;
};

/* Loads the booking for its booker (the matching ID number) or its point's staff. */
static enum mc_err load_for(struct svc_ctx *ctx, struct code_args *a)
{
	enum mc_err err = bstore_get(ctx->db, a->code, a->out);
	if (err && err != MC_ENOTFOUND)
		return err;
	if (!err && is_staff(ctx) && covers_point(ctx, a->out->point) == MC_OK)
		return MC_OK;
	bool ok = !err && a->id_number && strlen(a->id_number) == strlen(a->out->id_number) &&
		  sodium_memcmp(a->id_number, a->out->id_number, strlen(a->id_number)) == 0;
	if (!ok) {
		a->wrong = true;
		return MC_ENOTFOUND;
	}
	return MC_OK;
}

static enum mc_err find_tx(struct svc_ctx *ctx, void *arg)
{
	return load_for(ctx, arg);
}

static enum mc_err guarded(struct svc_ctx *ctx, struct code_args *a, svc_tx_fn fn, bool write)
{
	int64_t retry = 0;
	if (ctx->client_addr && guess_check(ctx->state, ctx->client_addr, ctx->real_now, &retry)) {
		ctx->retry_after = retry > 0 ? retry : 1;
		return MC_ETOOMANY;
	}
	enum mc_err err = write ? svc_write(ctx, fn, a) : svc_read(ctx, fn, a);
	if (a->wrong && ctx->client_addr)
		guess_fail(ctx, ctx->client_addr);
	return err;
}

enum mc_err bookings_find(struct svc_ctx *ctx, const char *code, const char *id_number,
			  struct booking *out)
{
	struct code_args a = {code, id_number, NULL, out, false, NULL, NULL};
	return guarded(ctx, &a, find_tx, false);
}

static enum mc_err cancel_tx(struct svc_ctx *ctx, void *arg)
{
	struct code_args *a = arg;
	enum mc_err err = load_for(ctx, a);
	if (err)
		return err;
	struct booking *b = a->out;
	if (strcmp(b->status, "booked") != 0 || b->start_at <= ctx->now) {
		problem_detail(ctx->problem, "only a booking not yet started can be cancelled",
			       "chỉ hủy được lịch hẹn chưa đến giờ");
		return MC_ECONFLICT;
	}
	err = bstore_set_status(ctx->db, b->id, "booked", "cancelled", ctx->now,
				ctx->user ? ctx->user->username : "booker");
	if (!err)
		err = b->service_group[0]
			      ? gstore_free_place(ctx->db, b->point, b->service_group, b->start_at)
			      : bstore_free_place(ctx->db, b->point, b->start_at);
	if (!err) {
		snprintf(b->status, sizeof(b->status), "cancelled");
		b->changed_at = ctx->now;
		err = audit_append(ctx, b->point, "cancel_appointment",
				   arena_printf(ctx->arena, "booking:%s", b->code), "{}");
		if (!err)
			err = notify_booking_cancelled(ctx, b->code);
	}
	return err;
}

enum mc_err bookings_cancel(struct svc_ctx *ctx, const char *code, const char *id_number,
			    struct booking *out)
{
	struct code_args a = {code, id_number, NULL, out, false, NULL, NULL};
	return guarded(ctx, &a, cancel_tx, true);
}

/* The group of the ticket a check-in issues: the group covering the booking's procedure now, at
 * a point with groups; else the group it booked in; else BOOKING_TICKET_GROUP. */
static enum mc_err arrival_group(struct svc_ctx *ctx, const struct booking *b, const char **out)
{
	struct sgroups *gs = arena_alloc(ctx->arena, sizeof(*gs));
	const struct sgroup *g = NULL;
	*out = b->service_group[0] ? b->service_group : BOOKING_TICKET_GROUP;
	enum mc_err err = gs ? sgroups_load(ctx, b->point, gs) : MC_ETOOBIG;
	if (!err && gs->n > 0)
		err = sgroups_of_procedure(ctx, gs, b->procedure, &g);
	if (err == MC_ENOTFOUND)
		err = MC_OK;
	if (g)
		*out = g->name;
	return err;
}

static enum mc_err mark_tx(struct svc_ctx *ctx, void *arg)
{
	struct code_args *a = arg;
	struct booking *b = a->out;
	const char *group = NULL;
	enum mc_err err = bstore_get(ctx->db, a->code, b);
	if (!err)
		err = covers_point(ctx, b->point);
	if (err)
		return err;
	bool arrive = strcmp(a->status, "arrived") == 0;
	bool ok = strcmp(b->status, "booked") == 0 &&
		  (arrive ? civil_local_day(b->start_at) == civil_local_day(ctx->now)
			  : ctx->now >= b->end_at);
	if (!ok) {
		if (arrive)
			problem_detail(ctx->problem, "only a booked place can be checked in, on its day",
				       "chỉ ghi nhận đến được lịch hẹn đang chờ, trong ngày hẹn");
		else
			problem_detail(ctx->problem,
				       "a no-show is recorded only for a booked place after its slot",
				       "chỉ ghi nhận vắng mặt sau khi hết khung giờ hẹn");
		return MC_ECONFLICT;
	}
	err = bstore_set_status(ctx->db, b->id, "booked", a->status, ctx->now,
				ctx->user->username);
	if (!err) {
		snprintf(b->status, sizeof(b->status), "%s", a->status);
		b->changed_at = ctx->now;
		err = audit_append(ctx, b->point, arrive ? "appointment_arrived" : "appointment_no_show",
				   arena_printf(ctx->arena, "booking:%s", b->code), "{}");
	}
	if (!err && arrive)
		err = arrival_group(ctx, b, &group);
	if (!err && arrive)
		err = queue_issue_for_booking(ctx, b->point, group, b->code, a->ticket,
					      a->waiting_ahead);
	return err;
}

enum mc_err bookings_mark(struct svc_ctx *ctx, const char *code, const char *status,
			  struct booking *out, struct ticket *ticket, int64_t *waiting_ahead)
{
	struct code_args a = {code, NULL, status, out, false, ticket, waiting_ahead};
	return svc_write(ctx, mark_tx, &a);
}

struct day_args {
	const char *point;
	int64_t day;
	void (*fn)(const struct booking *b, void *arg);
	void *arg;
};

static enum mc_err day_tx(struct svc_ctx *ctx, void *arg)
{
	struct day_args *a = arg;
	enum mc_err err = find_point(ctx, a->point);
	if (!err)
		err = covers_point(ctx, a->point);
	if (!err)
		err = bstore_list(ctx->db, a->point, civil_instant(a->day, 0),
				  civil_instant(a->day + 1, 0), a->fn, a->arg);
	return err;
}

enum mc_err bookings_day(struct svc_ctx *ctx, const char *point, int64_t day,
			 void (*fn)(const struct booking *b, void *arg), void *arg)
{
	struct day_args a = {point, day, fn, arg};
	return svc_read(ctx, day_tx, &a);
}
