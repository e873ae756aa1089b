/* Notifications to citizens over HTTP (docs/notifications.md): a dossier's notifications with
 * their delivery states, and the applicant's SMS opt-out by tracking secret. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/notify_text.h"
#include "http/http.h"
#include "svc/notify.h"

struct list_out {
	struct req *r;
	json_t *items;
	bool staff;
};

static json_t *ntf_time(int64_t t)
{
	char s[32];
	if (!t)
		return json_null();
	civil_format_time(t, s);
	return json_string(s);
}

static void add_item(const struct notification *n, void *arg)
{
	struct list_out *o = arg;
	json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:b}", "id", n->delivery_id,
				 "channel", n->channel, "recipient",
				 notify_mask(&o->r->arena, n->channel, n->recipient), "event",
				 n->event, "attempts", (json_int_t)n->attempts, "created_at",
				 ntf_time(n->created_at), "sent_at", ntf_time(n->sent_at),
				 "attachment", n->attachment != NULL);
	json_object_set_new(item, "state", json_string(n->state));
	if (n->subject)
		json_object_set_new(item, "subject", json_string(n->subject));
	if (o->staff)
		json_object_set_new(item, "last_error",
				    n->last_error ? json_string(n->last_error) : json_null());
	json_array_append_new(o->items, item);
}

static void get_notifications(struct req *r)
{
	struct list_out o = {r, json_array(), false};
	enum mc_err err = notify_list(&r->ctx, req_param(r, 0), add_item, &o, &o.staff);
	if (err) {
		json_decref(o.items);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", o.items));
}

static void post_sms_opt_out(struct req *r)
{
	enum mc_err err = notify_sms_opt_out(&r->ctx, req_param(r, 0), req_arg(r, "secret"),
					     r->client_key);
	if (err)
		resp_err(r, err);
	else
		resp_empty(r, 204);
}

const struct route api_notify_routes[] = {
	{"GET", "/api/v1/dossiers/{code}/notifications", get_notifications, R_AUTH},
	{"POST", "/api/v1/public/dossiers/{code}/sms-opt-out", post_sms_opt_out, R_NO_CSRF},
	{NULL, NULL, NULL, 0},
};
