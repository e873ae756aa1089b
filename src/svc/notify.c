/* Notifications to citizens (notify.h): what each dossier change tells its applicant, rendered
 * and stored in the change's transaction. The templates are notify_templates.c's, the delivery
 * notify_worker.c's. */
#include "base/base.h"

#include <jansson.h>
#include <sodium.h>
#include <time.h>

#include "base/civil.h"
#include "base/random.h"
#include "domain/booking.h"
#include "domain/dossier.h"
#include "domain/feedback.h"
#include "domain/notify_text.h"
#include "store/db.h"
#include "store/notify_store.h"
#include "svc/units.h"
#include "svc/dossiers.h"
#include "svc/notify.h"
#include "svc/notify_templates.h"
#include "svc/notify_worker.h"
#include "svc/perm.h"

/* "dd/mm/yyyy HH:MM" in Vietnam's time, or "" for 0. */
static const char *vn_time(struct arena *a, int64_t t)
{
	if (!t)
		return "";
	int y, m, d, secs = civil_local_secs(t);
	civil_ymd(civil_local_day(t), &y, &m, &d);
	if (y < 0 || y > 9999)
		return arena_printf(a, "%02d:%02d ngày %02d/%02d/%04d", secs / 3600, secs / 60 % 60, d,
				    m, y);
	/* The same text, its digits written in place: an event formats five of these (issue 22). */
	static const char form[] = "00:00 ngày 00/00/0000";
	char *s = arena_alloc(a, sizeof(form));
	memcpy(s, form, sizeof(form));
	const struct {
		int at, value, digits;
	} parts[] = {{0, secs / 3600, 2}, {3, secs / 60 % 60, 2}, {12, d, 2}, {15, m, 2}, {18, y, 4}};
	for (size_t i = 0; i < MC_ARRAY_LEN(parts); i++)
		for (int k = parts[i].digits - 1, v = parts[i].value; k >= 0; k--, v /= 10)
			s[parts[i].at + k] = (char)('0' + v % 10);
	return s;
}

/* The detail's member name as text ("" when absent). */
static const char *detail_text(struct arena *a, json_t *detail, const char *name)
{
	const char *s = json_string_value(json_object_get(detail, name));
	return arena_strdup(a, s ? s : "");
}

/* The detail's items as lines "- item" (multi) or "item; item" (one line). */
static const char *detail_items(struct arena *a, json_t *detail, bool lines)
{
	json_t *items = json_object_get(detail, "items"), *v;
	size_t i;
	const char *out = "";
	json_array_foreach(items, i, v) {
		const char *s = json_string_value(v);
		if (!s)
			continue;
		if (lines)
			out = arena_printf(a, "%s%s- %s", out, *out ? "\n" : "", s);
		else
			out = arena_printf(a, "%s%s%s", out, *out ? "; " : "", s);
	}
	return out;
}

static const char *unit_name(struct svc_ctx *ctx, const char *code)
{
	struct unit u;
	if (!code || !*code || units_at(ctx, code, ctx->now, &u) != MC_OK)
		return code ? code : "";
	return arena_strdup(ctx->arena, u.name);
}

struct message {
	const char *event, *channel, *recipient, *attachment;
	bool configured;
};

/* One message about `code` (a dossier or a booking), due at wall-clock due_ms. */
static enum mc_err write_one(struct svc_ctx *ctx, const char *code, const struct message *m,
			     const struct notify_var *vars, size_t nvars, int64_t due_ms)
{
	char *subject, *body;
	unsigned char raw[10];
	char uid[33];
	if (!notify_render_template(ctx->arena, ctx->state->cfg.data_dir, m->event, m->channel, vars,
				    nvars, &subject, &body))
		return MC_OK; /* logged: a missing notification never refuses the change */
	/* 32 hex digits: the wall clock's milliseconds (12), then 80 random bits (20). Ids in the
	 * order they are made put each new one at the end of notifications' unique index, on a page
	 * a commit already writes, where 128 random bits put it on a leaf of its own. */
	mc_random(raw, sizeof(raw));
	snprintf(uid, 13, "%012llx", (unsigned long long)wall_ms() & 0xffffffffffffULL);
	sodium_bin2hex(uid + 12, sizeof(uid) - 12, raw, sizeof(raw));
	struct notification n = {
		.delivery_id = arena_printf(ctx->arena, "ntf_%s", uid),
		.dossier_code = code,
		.event = m->event,
		.channel = m->channel,
		.recipient = m->recipient,
		.subject = subject,
		.body = body,
		.attachment = m->attachment,
		.created_at = ctx->now,
		.next_attempt_ms = due_ms,
		.state = m->configured ? "pending" : "skipped",
		.last_error = m->configured ? NULL : "the channel is not configured",
	};
	return nstore_insert(ctx->db, &n);
}

enum mc_err notify_dossier_event(struct svc_ctx *ctx, const struct dossier *d, const char *action,
				 const char *to, const char *detail_json, bool is_new)
{
	const char *event = notify_event_of(action, to);
	bool email = d->applicant_email && *d->applicant_email;
	bool sms = d->applicant_phone && *d->applicant_phone;
	if (!event || !ctx->state || (!email && !sms))
		return MC_OK;
	const struct svc_config *cfg = &ctx->state->cfg;
	struct arena *a = ctx->arena;
	bool opted_out = false;
	enum mc_err err = sms && !is_new ? nstore_sms_opted_out(ctx->db, d->code, &opted_out) : MC_OK;
	if (err)
		return err;
	sms = sms && !opted_out;
	/* Only the detail's "reason" and "items" are read: a detail without either name (an
	 * intake's: its channel and procedure) and without an escape that could spell one is not
	 * parsed (jansson takes ~8,000 instructions for it). NULL reads as an empty object below. */
	json_t *detail = detail_json && (strstr(detail_json, "\"reason\"") ||
					 strstr(detail_json, "\"items\"") || strchr(detail_json, '\\'))
				 ? json_loads(detail_json, 0, NULL)
				 : NULL;
	char base[256];
	svc_public_url(ctx->state, base);
	bool approved = !strcmp(d->decision, "approved");
	const char *reason = detail_text(a, detail, "reason");
	struct notify_var vars[] = {
		{"code", d->code},
		{"procedure", d->procedure_name},
		{"applicant", d->applicant_name},
		{"tracking_url", arena_printf(a, "%s/track/%s?s=%s", base, d->code, d->tracking_secret)},
		{"received", vn_time(a, d->received_at ? d->received_at : ctx->now)},
		{"due", vn_time(a, d->due_at)},
		{"new_due", vn_time(a, d->extended_due_at)},
		{"missing", detail_items(a, detail, true)},
		{"missing_line", detail_items(a, detail, false)},
		{"reason", reason},
		{"decision", approved ? "đã giải quyết" : arena_printf(a, "từ chối giải quyết (%s)", reason)},
		{"return_unit", unit_name(ctx, d->return_unit)},
		{"ready_at", vn_time(a, ctx->now)},
		{"returned", vn_time(a, d->returned_at ? d->returned_at : ctx->now)},
	};
	json_decref(detail);
	const struct message msgs[] = {
		{event, "email", d->applicant_email, !strcmp(event, "extended") ? "form04" : NULL,
		 cfg->smtp_url && *cfg->smtp_url && cfg->smtp_from && *cfg->smtp_from},
		{event, "sms", d->applicant_phone, NULL, cfg->sms_url && *cfg->sms_url},
	};
	bool want[] = {email, sms}, any = false;
	for (size_t i = 0; !err && i < MC_ARRAY_LEN(msgs); i++) {
		if (!want[i])
			continue;
		err = write_one(ctx, d->code, &msgs[i], vars, MC_ARRAY_LEN(vars), wall_ms());
		any = any || msgs[i].configured;
	}
	if (!err && any)
		notify_worker_wake_after(ctx);
	return err;
}

enum mc_err notify_booking(struct svc_ctx *ctx, const struct booking *b, const char *procedure,
			   int64_t remind_at)
{
	if (!ctx->state)
		return MC_OK;
	const struct svc_config *cfg = &ctx->state->cfg;
	struct arena *a = ctx->arena;
	bool email = b->email[0] != '\0', sms = b->phone[0] != '\0';
	struct notify_var vars[] = {
		{"code", b->code},
		{"applicant", b->name},
		{"procedure", procedure},
		{"point", unit_name(ctx, b->point)},
		{"slot", vn_time(a, b->start_at)},
	};
	bool mail_ok = cfg->smtp_url && *cfg->smtp_url && cfg->smtp_from && *cfg->smtp_from;
	bool sms_ok = cfg->sms_url && *cfg->sms_url;
	enum mc_err err = MC_OK;
	bool any = false;
	/* The confirmation now; the reminder at remind_at on the domain clock, as an offset from now
	 * on the worker's wall clock (none when that time has passed). */
	for (int r = 0; !err && r < 2; r++) {
		if (r == 1 && remind_at <= ctx->now)
			break;
		const char *event = r ? "reminder" : "booked";
		int64_t due = wall_ms() + (r ? (remind_at - ctx->now) * 1000 : 0);
		const struct message msgs[] = {
			{event, "email", b->email, NULL, mail_ok},
			{event, "sms", b->phone, NULL, sms_ok},
		};
		bool want[] = {email, sms};
		for (size_t i = 0; !err && i < MC_ARRAY_LEN(msgs); i++) {
			if (!want[i])
				continue;
			err = write_one(ctx, b->code, &msgs[i], vars, MC_ARRAY_LEN(vars), due);
			any = any || msgs[i].configured;
		}
	}
	if (!err && any)
		notify_worker_wake_after(ctx);
	return err;
}

enum mc_err notify_feedback(struct svc_ctx *ctx, const struct feedback *f, const char *event)
{
	bool email = f->contact_email[0] != '\0', sms = f->contact_phone[0] != '\0';
	if (!ctx->state || (!email && !sms))
		return MC_OK;
	const struct svc_config *cfg = &ctx->state->cfg;
	struct arena *a = ctx->arena;
	char base[256];
	svc_public_url(ctx->state, base);
	struct notify_var vars[] = {
		{"code", f->code},
		{"applicant", f->contact_name},
		{"unit", unit_name(ctx, f->unit)},
		{"due", vn_time(a, f->due_at)},
		{"answered", vn_time(a, f->answered_at)},
		{"answer", f->answer ? f->answer : ""},
		{"follow_url", arena_printf(a, "%s/#/phan-anh?pa=%s&s=%s", base, f->code, f->secret)},
	};
	const struct message msgs[] = {
		{event, "email", f->contact_email, NULL,
		 cfg->smtp_url && *cfg->smtp_url && cfg->smtp_from && *cfg->smtp_from},
		{event, "sms", f->contact_phone, NULL, cfg->sms_url && *cfg->sms_url},
	};
	bool want[] = {email, sms}, any = false;
	enum mc_err err = MC_OK;
	for (size_t i = 0; !err && i < MC_ARRAY_LEN(msgs); i++) {
		if (!want[i])
			continue;
		err = write_one(ctx, f->code, &msgs[i], vars, MC_ARRAY_LEN(vars), wall_ms());
		any = any || msgs[i].configured;
	}
	if (!err && any)
		notify_worker_wake_after(ctx);
	return err;
}

enum mc_err notify_booking_cancelled(struct svc_ctx *ctx, const char *code)
{
	return ctx->state ? nstore_drop_pending(ctx->db, code, "reminder", "the booking was cancelled")
			  : MC_OK;
}

struct list_run {
	const char *code;
	void (*fn)(const struct notification *n, void *arg);
	void *arg;
};

static enum mc_err list_tx(struct svc_ctx *ctx, void *arg)
{
	struct list_run *run = arg;
	struct dossier *d = arena_alloc(ctx->arena, sizeof(*d));
	enum mc_err err = dossier_get(ctx, run->code, d);
	return err ? err : nstore_list(ctx->db, ctx->arena, d->code, run->fn, run->arg);
}

enum mc_err notify_list(struct svc_ctx *ctx, const char *code,
			void (*fn)(const struct notification *n, void *arg), void *arg,
			bool *staff)
{
	struct list_run run = {code, fn, arg};
	if (!ctx->user)
		return MC_EAUTH;
	*staff = !perm_has_role(ctx->user, "citizen");
	return svc_read(ctx, list_tx, &run);
}

static enum mc_err opt_out_tx(struct svc_ctx *ctx, void *arg)
{
	return nstore_sms_opt_out(ctx->db, arg, ctx->now);
}

enum mc_err notify_sms_opt_out(struct svc_ctx *ctx, const char *code, const char *secret,
			       const char *client)
{
	struct dossier *d = arena_alloc(ctx->arena, sizeof(*d));
	enum mc_err err = dossier_track(ctx, code, secret, client, d);
	return err ? err : svc_write(ctx, opt_out_tx, d->code);
}
