/* The request decoders of the API, callable without a server: each reads the request's body (and,
 * where the shape depends on them, its path parameters) into the input of one use case, collects
 * every field error, and answers 400, 415 or 422 itself. Each returns true when it answered; then
 * the handler stops. Strings land in the request's arena. The handlers in api_*.c call them, and
 * so do the fuzz targets (tests/fuzz/) through the table below, on a request made by
 * req_offline_init(). Not thread-safe beyond the request they are given. */
#ifndef MC_DECODE_H
#define MC_DECODE_H

#include "http/http.h"
#include "svc/auth.h"
#include "svc/catalog.h"
#include "svc/citizens.h"
#include "svc/dossiers.h"
#include "svc/queue.h"
#include "svc/registers.h"
#include "svc/reorg.h"
#include "svc/reports.h"
#include "svc/units.h"
#include "svc/users.h"

/* Bodies whose use case takes plain arguments rather than a struct. */
struct login_in {
	const char *username, *password;
};
struct day_in {
	const char *kind, *name; /* name NULL: the default of the kind */
	bool working;
};
struct rating_in {
	const char *score, *comment;
};
struct clock_in {
	int64_t now;
};
struct ticket_in {
	const char *service_group, *priority;
};
struct call_next_in {
	long counter; /* from the path: /points/{code}/counters/{n}/call-next */
	bool has_current;
	int64_t current; /* "current": the ticket the counter believes it serves (0: none) */
};
struct queue_act_in {
	long counter; /* from the path: /points/{code}/counters/{n}/{action} */
	struct queue_op_in op;
};
struct queue_settings_in {
	int ordinary_every;
};
struct appointment_in {
	const char *unit, *position;
	int64_t from;
	bool from_set;
};
struct sign_in {
	const char *side;
};
struct confirm_in {
	struct item_confirm *items;
	size_t n;
};
struct intake_note_in {
	struct intake in;
	const char *text; /* guidance: the note; refusal: the reason */
};
struct action_in {
	struct action_input in; /* in.action from the path's {action} (404 when unknown) */
};

bool decode_login_or_reply(struct req *r, struct login_in *in);
bool decode_register_or_reply(struct req *r, struct auth_new_user *in);
bool decode_citizen_check_or_reply(struct req *r, struct citizen_check *in);
bool decode_day_or_reply(struct req *r, struct day_in *in);
bool decode_intake_or_reply(struct req *r, struct intake *in);
bool decode_action_or_reply(struct req *r, struct action_in *in);
bool decode_guidance_or_reply(struct req *r, struct intake_note_in *in);
bool decode_refusal_or_reply(struct req *r, struct intake_note_in *in);
/* Procedures: field errors are collected, not answered (publishing names an unknown code first,
 * 404 before 422); only 400 and 415 are answered here. */
bool decode_procedure_create_or_reply(struct req *r, struct procedure *in);
bool decode_procedure_update_or_reply(struct req *r, struct procedure *in);
bool decode_rating_or_reply(struct req *r, struct rating_in *in);
bool decode_clock_or_reply(struct req *r, struct clock_in *in);
bool decode_ticket_or_reply(struct req *r, struct ticket_in *in);
bool decode_call_next_or_reply(struct req *r, struct call_next_in *in);
/* recall, skip, finish: {"number"}; transfer: {"number", "counter", "service_group"}. */
bool decode_queue_act_or_reply(struct req *r, struct queue_act_in *in);
bool decode_queue_transfer_or_reply(struct req *r, struct queue_act_in *in);
bool decode_queue_settings_or_reply(struct req *r, struct queue_settings_in *in);
bool decode_staff_create_or_reply(struct req *r, struct staff_in *in);
bool decode_staff_update_or_reply(struct req *r, struct staff_in *in);
bool decode_appointment_or_reply(struct req *r, struct appointment_in *in);
bool decode_asset_create_or_reply(struct req *r, struct asset_in *in);
bool decode_asset_update_or_reply(struct req *r, struct asset_in *in);
bool decode_record_create_or_reply(struct req *r, struct record_in *in);
bool decode_record_update_or_reply(struct req *r, struct record_in *in);
bool decode_reorganization_or_reply(struct req *r, struct reorg_in *in);
bool decode_confirm_or_reply(struct req *r, struct confirm_in *in);
bool decode_sign_or_reply(struct req *r, struct sign_in *in);
bool decode_unit_or_reply(struct req *r, struct unit *in);
bool decode_user_create_or_reply(struct req *r, struct auth_new_user *in);
bool decode_user_change_or_reply(struct req *r, struct users_change *in);

/* Every body shape by name, for the fuzz targets: in_size bytes of zeroed input to decode into. */
struct body_decoder {
	const char *name;
	size_t in_size;
	bool (*decode)(struct req *r, void *in);
};
extern const struct body_decoder decode_bodies[];
extern const size_t decode_nbodies;

/* The query arguments of the lists and reports. */
struct procedures_query {
	struct catalog_query q;
	bool popular; /* order=popular */
};
struct summary_query {
	enum report_group group;
	int64_t from, to;
};

bool decode_dossier_query_or_reply(struct req *r, struct dossier_query *q);
bool decode_units_query_or_reply(struct req *r, struct units_query *q);
bool decode_users_query_or_reply(struct req *r, struct users_query *q);
bool decode_procedures_query_or_reply(struct req *r, struct procedures_query *q);
bool decode_reg_query_or_reply(struct req *r, struct reg_query *q);
bool decode_summary_query_or_reply(struct req *r, struct summary_query *q);

/* Query decoders of the lists and reports, by route pattern: each reads r->args into the use
 * case's query and answers 422 itself; true when it answered. */
struct query_decoder {
	const char *pattern; /* the GET route it serves */
	size_t in_size;
	bool (*decode)(struct req *r, void *in);
};
extern const struct query_decoder decode_queries[];
extern const size_t decode_nqueries;

/* A request without a connection (fuzzers, unit tests): method and path copied, no arguments,
 * an empty body, the arena and problem list ready. req_offline_release frees what it holds and
 * the answer. */
void req_offline_init(struct req *r, const char *method, const char *path);
void req_offline_release(struct req *r);

#endif
