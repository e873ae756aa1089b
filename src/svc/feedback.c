/* Feedback use cases: receiving (checks, routing to the responsible unit, the working-day due
 * time, the per-dossier cap as a conditional upsert in the write transaction), reading by the
 * sender or the unit's staff, reassigning, answering and the public list of published feedback. */
#include "base/base.h"

#include <jansson.h>
#include <sodium.h>

#include "domain/text.h"
#include "store/dossier_store.h"
#include "store/feedback_store.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/calendar_days.h"
#include "svc/dossier_access.h"
#include "svc/dossiers.h"
#include "svc/feedback.h"
#include "svc/limiter.h"
#include "svc/notify.h"
#include "svc/perm.h"
#include "svc/scope.h"

/* Letters and digits that cannot be mistaken for one another when read aloud or typed. */
static const char CODE_ALPHABET[] = "ACDEFGHJKLMNPQRTUVWXY34679";

static void new_code(char out[16])
{
	memcpy(out, "PA-", 3);
	for (size_t i = 3; i < FEEDBACK_CODE_LEN; i++)
		out[i] = i == 7 ? '-' : CODE_ALPHABET[randombytes_uniform(sizeof(CODE_ALPHABET) - 1)];
	out[FEEDBACK_CODE_LEN] = '\0';
}

static bool is_staff(struct svc_ctx *ctx)
{
	return ctx->user && ctx->user->nroles > 0 && !perm_has_role(ctx->user, "citizen");
}

enum mc_err feedback_rate(struct svc_ctx *ctx)
{
	int64_t retry = 0;
	struct limiter *l = ctx->state ? ctx->state->feedback_limit : NULL;
	if (!l || !ctx->client_addr || is_staff(ctx))
		return MC_OK;
	if (limiter_check(l, ctx->client_addr, ctx->real_now, &retry) != MC_OK) {
		ctx->retry_after = retry > 0 ? retry : 1;
		return MC_ETOOMANY;
	}
	limiter_fail(l, ctx->client_addr, ctx->real_now);
	return MC_OK;
}

static bool one_of(const char *s, const char *const words[])
{
	for (size_t i = 0; s && words[i]; i++)
		if (!strcmp(s, words[i]))
			return true;
	return false;
}

/* True when the edge already named the field (no second error for it). */
static bool named(const struct problem *p, const char *field)
{
	for (const struct field_error *e = p->head; e; e = e->next)
		if (strcmp(e->field, field) == 0)
			return true;
	return false;
}

static void need(struct svc_ctx *ctx, const char *value, const char *field, const char *vi)
{
	if (!value && !named(ctx->problem, field))
		problem_add(ctx->problem, field, "is required", vi);
}

/* The checks that need no database: kinds, what the feedback is about, contact. */
static void check_input(struct svc_ctx *ctx, const struct feedback_in *in)
{
	static const char *const kinds[] = {"phan_anh", "kien_nghi", "khieu_nai", NULL};
	static const char *const abouts[] = {"dossier", "point", "officer", NULL};
	struct problem *p = ctx->problem;
	if (!named(p, "kind") && !one_of(in->kind, kinds))
		problem_add(p, "kind", "must be phan_anh, kien_nghi or khieu_nai",
			    "loại phải là phan_anh (phản ánh), kien_nghi (kiến nghị) hoặc khieu_nai "
			    "(khiếu nại)");
	if (!named(p, "about") && !one_of(in->about, abouts))
		problem_add(p, "about", "must be dossier, point or officer",
			    "đối tượng phải là dossier (hồ sơ), point (điểm tiếp nhận) hoặc officer "
			    "(cán bộ)");
	if (in->about && !strcmp(in->about, "dossier"))
		need(ctx, in->dossier, "dossier", "phải nhập mã hồ sơ");
	if (in->dossier && !in->secret && !ctx->user)
		need(ctx, in->secret, "secret", "phải nhập mã tra cứu của hồ sơ");
	if (in->about && !strcmp(in->about, "point"))
		need(ctx, in->point, "point", "phải chọn điểm tiếp nhận");
	if (in->about && !strcmp(in->about, "officer")) {
		if (in->dossier)
			need(ctx, in->officer, "officer", "phải chọn cán bộ trong lịch sử hồ sơ");
		else if (!named(p, "point") && !named(p, "officer_name") &&
			 (!in->point || !in->officer_name))
			problem_add(p, in->point ? "officer_name" : "point",
				    "an officer is named by a dossier and its officer, or a point and a "
				    "name",
				    "cán bộ được xác định bằng hồ sơ và cán bộ trong lịch sử hồ sơ, hoặc "
				    "điểm tiếp nhận và họ tên");
	}
	if (!named(p, "content") && in->content && text_length(in->content, strlen(in->content)) < 10)
		problem_add(p, "content", "must have at least 10 characters", "tối thiểu 10 ký tự");
	need(ctx, in->content, "content", "phải nhập nội dung");
	need(ctx, in->name, "name", "phải nhập họ và tên");
	if (!named(p, "phone") && in->phone && !text_vn_phone_ok(in->phone))
		problem_add(p, "phone", "must be a phone number of 10 or 11 digits from 0",
			    "số điện thoại phải gồm 10 hoặc 11 chữ số, bắt đầu bằng 0");
	if (!named(p, "email") && in->email && !text_email_ok(in->email))
		problem_add(p, "email", "is not an e-mail address", "địa chỉ thư điện tử không hợp lệ");
	if (!in->phone && !in->email && !named(p, "phone") && !named(p, "email"))
		problem_add(p, "phone", "a phone number or an e-mail address is required",
			    "phải nhập số điện thoại hoặc địa chỉ thư điện tử để nhận trả lời");
}

struct officer_find {
	const char *username;
	char unit[UNIT_CODE_MAX];
	char name[512];
	bool found;
};

/* The officer's last act on the dossier decides the unit (the unit they acted for). */
static void find_officer(const struct dossier_event *e, void *arg)
{
	struct officer_find *o = arg;
	if (!e->actor || strcmp(e->actor, o->username) != 0 || !e->unit || !e->unit[0])
		return;
	snprintf(o->unit, sizeof(o->unit), "%s", e->unit);
	snprintf(o->name, sizeof(o->name), "%s", e->actor_name ? e->actor_name : e->actor);
	o->found = true;
}

struct submit_args {
	const struct feedback_in *in;
	struct feedback *out;
	bool wrong_secret; /* counted after the transaction */
};

static enum mc_err route_dossier(struct svc_ctx *ctx, struct submit_args *a)
{
	const struct feedback_in *in = a->in;
	struct feedback *f = a->out;
	struct dossier *d = arena_alloc(ctx->arena, sizeof(*d));
	enum mc_err err = dstore_get(ctx->db, ctx->arena, in->dossier, d);
	if (err && err != MC_ENOTFOUND)
		return err;
	bool mine = !err && ctx->user && (dossier_citizen_covers(ctx->user, d) ||
					  (is_staff(ctx) && dossier_visible(ctx, d)));
	if (err || (!mine && !dossier_secret_matches(in->secret, d->tracking_secret))) {
		a->wrong_secret = !mine;
		problem_add(ctx->problem, "dossier", "no dossier has this code and tracking secret",
			    "không có hồ sơ với mã và mã tra cứu này");
		return MC_EINVAL;
	}
	snprintf(f->dossier, sizeof(f->dossier), "%s", d->code);
	const char *unit = d->resolver_unit[0] ? d->resolver_unit
			   : d->receiving_unit[0] ? d->receiving_unit
						  : d->served_unit;
	snprintf(f->unit, sizeof(f->unit), "%s", unit);
	if (strcmp(in->about, "officer") != 0)
		return MC_OK;
	struct officer_find o = {in->officer, "", "", false};
	if ((err = dstore_events(ctx->db, d->id, find_officer, &o)))
		return err;
	if (!o.found) {
		problem_add(ctx->problem, "officer", "is not an officer in this dossier's history",
			    "không phải cán bộ có trong lịch sử xử lý hồ sơ này");
		return MC_EINVAL;
	}
	snprintf(f->officer, sizeof(f->officer), "%s", in->officer);
	snprintf(f->officer_name, sizeof(f->officer_name), "%s", o.name);
	snprintf(f->unit, sizeof(f->unit), "%s", o.unit);
	return MC_OK;
}

static enum mc_err route_point(struct svc_ctx *ctx, struct submit_args *a)
{
	struct unit u;
	enum mc_err err = unitstore_get(ctx->db, a->in->point, ctx->now, &u);
	if (err && err != MC_ENOTFOUND)
		return err;
	if (err || !u.active || (strcmp(u.kind, "service_point") && strcmp(u.kind, "center") &&
				 strcmp(u.kind, "branch"))) {
		problem_add(ctx->problem, "point", "is not a service point", "không có điểm tiếp nhận này");
		return MC_EINVAL;
	}
	snprintf(a->out->point, sizeof(a->out->point), "%s", u.code);
	snprintf(a->out->unit, sizeof(a->out->unit), "%s", u.code);
	if (a->in->officer_name)
		snprintf(a->out->officer_name, sizeof(a->out->officer_name), "%s",
			 a->in->officer_name);
	return MC_OK;
}

static enum mc_err submit_tx(struct svc_ctx *ctx, void *arg)
{
	struct submit_args *a = arg;
	const struct feedback_in *in = a->in;
	struct feedback *f = a->out;
	enum mc_err err = in->dossier ? route_dossier(ctx, a) : route_point(ctx, a);
	if (err)
		return err;
	int64_t days = ctx->state ? ctx->state->cfg.feedback_days : FEEDBACK_DEFAULT_DAYS;
	if ((err = calendar_due(ctx, ctx->now, days, WC_WORKING_DAYS, &f->due_at)))
		return err;
	if (f->dossier[0]) {
		err = fbstore_take_open(ctx->db, f->dossier, FEEDBACK_DOSSIER_OPEN_MAX);
		if (err == MC_ECONFLICT) {
			problem_add(ctx->problem, "dossier",
				    "already has 3 unanswered feedback; wait for an answer",
				    "hồ sơ này đã có 3 phản ánh, kiến nghị chưa được trả lời; vui lòng "
				    "chờ trả lời");
			problem_detail(ctx->problem, "too many unanswered feedback for this dossier",
				       "quá số phản ánh, kiến nghị chưa trả lời cho một hồ sơ");
		}
		if (err)
			return err;
	}
	new_code(f->code);
	dossier_new_secret(f->secret);
	snprintf(f->kind, sizeof(f->kind), "%s", in->kind);
	snprintf(f->about, sizeof(f->about), "%s", in->about);
	f->content = in->content;
	snprintf(f->contact_name, sizeof(f->contact_name), "%s", in->name);
	snprintf(f->contact_phone, sizeof(f->contact_phone), "%s", in->phone ? in->phone : "");
	snprintf(f->contact_email, sizeof(f->contact_email), "%s", in->email ? in->email : "");
	f->consent = in->consent;
	if (ctx->user && perm_has_role(ctx->user, "citizen"))
		snprintf(f->submitted_by, sizeof(f->submitted_by), "%s", ctx->user->username);
	f->received_at = ctx->now;
	snprintf(f->status, sizeof(f->status), "open");
	if ((err = fbstore_insert(ctx->db, f)))
		return err;
	return audit_append(ctx, f->unit, "feedback_received",
			    arena_printf(ctx->arena, "feedback:%s", f->code),
			    arena_printf(ctx->arena, "{\"kind\":\"%s\",\"about\":\"%s\"}", f->kind,
					 f->about));
}

enum mc_err feedback_submit(struct svc_ctx *ctx, const struct feedback_in *in, struct feedback *out)
{
	int64_t retry = 0;
	enum mc_err err = feedback_rate(ctx);
	if (err)
		return err;
	check_input(ctx, in);
	if (ctx->problem->n)
		return MC_EINVAL;
	if (in->dossier && ctx->client_addr &&
	    guess_check(ctx->state, ctx->client_addr, ctx->real_now, &retry)) {
		ctx->retry_after = retry > 0 ? retry : 1;
		return MC_ETOOMANY;
	}
	memset(out, 0, sizeof(*out));
	struct submit_args a = {in, out, false};
	err = svc_write(ctx, submit_tx, &a);
	if (a.wrong_secret && ctx->client_addr)
		guess_fail(ctx, ctx->client_addr);
	return err;
}

/* MC_OK when the caller's staff roles (or the administrator's) cover the unit. */
static enum mc_err covers(struct svc_ctx *ctx, const char *unit)
{
	if (perm_admin(ctx) == MC_OK)
		return MC_OK;
	return perm_check(ctx, NULL, unit);
}

struct code_args {
	const char *code, *secret, *unit, *answer;
	bool publish;
	struct feedback *out;
	bool staff, wrong;
};

static enum mc_err find_tx(struct svc_ctx *ctx, void *arg)
{
	struct code_args *a = arg;
	enum mc_err err = fbstore_get(ctx->db, ctx->arena, a->code, a->out);
	if (err && err != MC_ENOTFOUND)
		return err;
	if (!err && is_staff(ctx) && covers(ctx, a->out->unit) == MC_OK) {
		a->staff = true;
		return MC_OK;
	}
	bool sender = !err && ctx->user && a->out->submitted_by[0] &&
		      !strcmp(ctx->user->username, a->out->submitted_by);
	if (!err && (sender || dossier_secret_matches(a->secret, a->out->secret)))
		return MC_OK;
	a->wrong = true;
	return MC_ENOTFOUND;
}

enum mc_err feedback_find(struct svc_ctx *ctx, const char *code, const char *secret,
			  struct feedback *out, bool *staff)
{
	int64_t retry = 0;
	struct code_args a = {code, secret, NULL, NULL, false, out, false, false};
	enum mc_err err = feedback_rate(ctx);
	if (err)
		return err;
	if (ctx->client_addr && guess_check(ctx->state, ctx->client_addr, ctx->real_now, &retry)) {
		ctx->retry_after = retry > 0 ? retry : 1;
		return MC_ETOOMANY;
	}
	err = svc_read(ctx, find_tx, &a);
	if (a.wrong && ctx->client_addr)
		guess_fail(ctx, ctx->client_addr);
	*staff = a.staff;
	return err;
}

struct list_args {
	const char *status;
	size_t limit;
	void (*fn)(const struct feedback *f, void *arg);
	void *arg;
};

static enum mc_err list_tx(struct svc_ctx *ctx, void *arg)
{
	struct list_args *a = arg;
	const char *units = NULL;
	if (perm_admin(ctx) != MC_OK) {
		char(*codes)[UNIT_CODE_MAX];
		size_t n = 0;
		enum mc_err err = scope_units(ctx, NULL, NULL, &codes, &n);
		if (err)
			return err;
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_string(codes[i]));
		char *text = json_dumps(arr, JSON_COMPACT);
		json_decref(arr);
		units = arena_strdup(ctx->arena, text);
		free(text);
	}
	return fbstore_list(ctx->db, ctx->arena, units, a->status, a->limit, a->fn, a->arg);
}

enum mc_err feedback_list(struct svc_ctx *ctx, const char *status, size_t limit,
			  void (*fn)(const struct feedback *f, void *arg), void *arg)
{
	if (!ctx->user)
		return MC_EAUTH;
	if (!is_staff(ctx))
		return MC_EFORBIDDEN;
	struct list_args a = {status, limit > FEEDBACK_LIST_MAX ? FEEDBACK_LIST_MAX : limit, fn, arg};
	return svc_read(ctx, list_tx, &a);
}

/* Loads a feedback for staff covering its unit: MC_ENOTFOUND when unknown, MC_EFORBIDDEN when it
 * is outside the caller's scope. */
static enum mc_err load_for_staff(struct svc_ctx *ctx, struct code_args *a)
{
	if (!ctx->user)
		return MC_EAUTH;
	if (!is_staff(ctx))
		return MC_EFORBIDDEN;
	enum mc_err err = fbstore_get(ctx->db, ctx->arena, a->code, a->out);
	if (!err)
		err = covers(ctx, a->out->unit);
	if (!err && strcmp(a->out->status, "open") != 0) {
		problem_detail(ctx->problem, "the feedback was already answered",
			       "phản ánh, kiến nghị đã được trả lời");
		err = MC_ECONFLICT;
	}
	return err;
}

static enum mc_err assign_tx(struct svc_ctx *ctx, void *arg)
{
	struct code_args *a = arg;
	struct unit u;
	enum mc_err err = load_for_staff(ctx, a);
	if (err)
		return err;
	err = unitstore_get(ctx->db, a->unit, ctx->now, &u);
	if (err == MC_ENOTFOUND || (!err && !u.active)) {
		problem_add(ctx->problem, "unit", "is not a unit", "không có đơn vị này");
		return MC_EINVAL;
	}
	if (!err)
		err = covers(ctx, a->unit);
	if (err == MC_EFORBIDDEN)
		problem_detail(ctx->problem, "the unit is outside the units you work for",
			       "đơn vị nằm ngoài phạm vi đơn vị của bạn");
	if (!err)
		err = fbstore_assign(ctx->db, a->out->id, a->unit);
	if (err)
		return err;
	char *detail = arena_printf(ctx->arena, "{\"from\":\"%s\",\"to\":\"%s\"}", a->out->unit,
				    a->unit);
	bool moved = strcmp(a->out->unit, a->unit) != 0;
	snprintf(a->out->unit, sizeof(a->out->unit), "%s", a->unit);
	err = audit_append(ctx, a->unit, "feedback_assigned",
			   arena_printf(ctx->arena, "feedback:%s", a->out->code), detail);
	if (!err && moved)
		err = notify_feedback(ctx, a->out, "feedback_assigned");
	return err;
}

enum mc_err feedback_assign(struct svc_ctx *ctx, const char *code, const char *unit,
			    struct feedback *out)
{
	struct code_args a = {code, NULL, unit, NULL, false, out, true, false};
	return svc_write(ctx, assign_tx, &a);
}

static enum mc_err answer_tx(struct svc_ctx *ctx, void *arg)
{
	struct code_args *a = arg;
	struct feedback *f = a->out;
	enum mc_err err = load_for_staff(ctx, a);
	if (err)
		return err;
	if (a->publish && !f->consent) {
		problem_add(ctx->problem, "publish", "the sender did not agree to publication",
			    "người gửi không đồng ý công khai");
		return MC_EINVAL;
	}
	f->answer = a->answer;
	f->answered_at = ctx->now;
	snprintf(f->answered_by, sizeof(f->answered_by), "%s", ctx->user->username);
	f->late = ctx->now > f->due_at;
	f->published = a->publish;
	snprintf(f->status, sizeof(f->status), "answered");
	err = fbstore_answer(ctx->db, f);
	if (!err && f->dossier[0])
		err = fbstore_free_open(ctx->db, f->dossier);
	if (err)
		return err;
	err = audit_append(ctx, f->unit, "feedback_answered",
			   arena_printf(ctx->arena, "feedback:%s", f->code),
			   arena_printf(ctx->arena, "{\"late\":%s,\"published\":%s}",
					f->late ? "true" : "false", f->published ? "true" : "false"));
	return err ? err : notify_feedback(ctx, f, "feedback_answered");
}

enum mc_err feedback_answer(struct svc_ctx *ctx, const char *code, const char *answer,
			    bool publish, struct feedback *out)
{
	struct code_args a = {code, NULL, NULL, answer, publish, out, true, false};
	return svc_write(ctx, answer_tx, &a);
}

struct pub_args {
	const char *unit;
	size_t offset, limit;
	void (*fn)(const struct feedback *f, void *arg);
	void *arg;
};

static enum mc_err published_tx(struct svc_ctx *ctx, void *arg)
{
	struct pub_args *a = arg;
	return fbstore_published(ctx->db, ctx->arena, a->unit, a->offset, a->limit, a->fn, a->arg);
}

enum mc_err feedback_published(struct svc_ctx *ctx, const char *unit, size_t offset, size_t limit,
			       void (*fn)(const struct feedback *f, void *arg), void *arg)
{
	enum mc_err err = feedback_rate(ctx);
	if (err)
		return err;
	struct pub_args a = {unit, offset, limit > FEEDBACK_LIST_MAX ? FEEDBACK_LIST_MAX : limit, fn,
			     arg};
	return svc_read(ctx, published_tx, &a);
}
