/* The tables of the API's request decoders (decode.h) and a request without a connection, so that
 * fuzz targets and tests reach every decoder without a server. The decoders themselves live beside
 * their handlers in api_*.c. */
#include "base/base.h"

#include "http/decode.h"

/* Adapters from the tables' untyped input to each decoder's own. */
#define BODY(name, type, fn)                                                                       \
	static bool body_##name(struct req *r, void *in)                                          \
	{                                                                                          \
		return fn(r, (type *)in);                                                          \
	}
#define QUERY(name, type, fn)                                                                      \
	static bool query_##name(struct req *r, void *in)                                         \
	{                                                                                          \
		return fn(r, (type *)in);                                                          \
	}

BODY(login, struct login_in, decode_login_or_reply)
BODY(register, struct auth_new_user, decode_register_or_reply)
BODY(citizen_check, struct citizen_check, decode_citizen_check_or_reply)
BODY(day, struct day_in, decode_day_or_reply)
BODY(intake, struct intake, decode_intake_or_reply)
BODY(action, struct action_in, decode_action_or_reply)
BODY(guidance, struct intake_note_in, decode_guidance_or_reply)
BODY(refusal, struct intake_note_in, decode_refusal_or_reply)
BODY(procedure_create, struct procedure, decode_procedure_create_or_reply)
BODY(procedure_update, struct procedure, decode_procedure_update_or_reply)
BODY(rating, struct rating_in, decode_rating_or_reply)
BODY(clock, struct clock_in, decode_clock_or_reply)
BODY(ticket, struct ticket_in, decode_ticket_or_reply)
BODY(call_next, struct call_next_in, decode_call_next_or_reply)
BODY(queue_act, struct queue_act_in, decode_queue_act_or_reply)
BODY(queue_transfer, struct queue_act_in, decode_queue_transfer_or_reply)
BODY(queue_settings, struct queue_settings_in, decode_queue_settings_or_reply)
BODY(staff_create, struct staff_in, decode_staff_create_or_reply)
BODY(staff_update, struct staff_in, decode_staff_update_or_reply)
BODY(appointment, struct appointment_in, decode_appointment_or_reply)
BODY(asset_create, struct asset_in, decode_asset_create_or_reply)
BODY(asset_update, struct asset_in, decode_asset_update_or_reply)
BODY(record_create, struct record_in, decode_record_create_or_reply)
BODY(record_update, struct record_in, decode_record_update_or_reply)
BODY(reorganization, struct reorg_in, decode_reorganization_or_reply)
BODY(confirm, struct confirm_in, decode_confirm_or_reply)
BODY(sign, struct sign_in, decode_sign_or_reply)
BODY(unit, struct unit, decode_unit_or_reply)
BODY(user_create, struct auth_new_user, decode_user_create_or_reply)
BODY(user_change, struct users_change, decode_user_change_or_reply)

#define B(name, type) {#name, sizeof(type), body_##name}

const struct body_decoder decode_bodies[] = {
	B(login, struct login_in),
	B(register, struct auth_new_user),
	B(citizen_check, struct citizen_check),
	B(day, struct day_in),
	B(intake, struct intake),
	B(action, struct action_in),
	B(guidance, struct intake_note_in),
	B(refusal, struct intake_note_in),
	B(procedure_create, struct procedure),
	B(procedure_update, struct procedure),
	B(rating, struct rating_in),
	B(clock, struct clock_in),
	B(ticket, struct ticket_in),
	B(call_next, struct call_next_in),
	B(queue_act, struct queue_act_in),
	B(queue_transfer, struct queue_act_in),
	B(queue_settings, struct queue_settings_in),
	B(staff_create, struct staff_in),
	B(staff_update, struct staff_in),
	B(appointment, struct appointment_in),
	B(asset_create, struct asset_in),
	B(asset_update, struct asset_in),
	B(record_create, struct record_in),
	B(record_update, struct record_in),
	B(reorganization, struct reorg_in),
	B(confirm, struct confirm_in),
	B(sign, struct sign_in),
	B(unit, struct unit),
	B(user_create, struct auth_new_user),
	B(user_change, struct users_change),
};
const size_t decode_nbodies = MC_ARRAY_LEN(decode_bodies);

QUERY(dossiers, struct dossier_query, decode_dossier_query_or_reply)
QUERY(units, struct units_query, decode_units_query_or_reply)
QUERY(users, struct users_query, decode_users_query_or_reply)
QUERY(procedures, struct procedures_query, decode_procedures_query_or_reply)
QUERY(registers, struct reg_query, decode_reg_query_or_reply)
QUERY(summary, struct summary_query, decode_summary_query_or_reply)

const struct query_decoder decode_queries[] = {
	{"/api/v1/dossiers", sizeof(struct dossier_query), query_dossiers},
	{"/api/v1/units", sizeof(struct units_query), query_units},
	{"/api/v1/users", sizeof(struct users_query), query_users},
	{"/api/v1/procedures", sizeof(struct procedures_query), query_procedures},
	{"/api/v1/staff", sizeof(struct reg_query), query_registers},
	{"/api/v1/assets", sizeof(struct reg_query), query_registers},
	{"/api/v1/records", sizeof(struct reg_query), query_registers},
	{"/api/v1/reports/summary", sizeof(struct summary_query), query_summary},
	{"/api/v1/reports/summary.csv", sizeof(struct summary_query), query_summary},
	{"/api/v1/reports/summary.xlsx", sizeof(struct summary_query), query_summary},
};
const size_t decode_nqueries = MC_ARRAY_LEN(decode_queries);

void req_offline_init(struct req *r, const char *method, const char *path)
{
	memset(r, 0, sizeof(*r));
	arena_init(&r->arena);
	problem_init(&r->problem, &r->arena);
	r->method = arena_strdup(&r->arena, method);
	r->path = arena_strdup(&r->arena, path);
	r->route_index = -1;
	snprintf(r->rid, sizeof(r->rid), "offline");
	snprintf(r->client, sizeof(r->client), "offline");
	buf_init(&r->body, 1024 * 1024);
	r->ctx.arena = &r->arena;
	r->ctx.problem = &r->problem;
}

void req_offline_release(struct req *r)
{
	free(r->out);
	r->out = NULL;
	buf_release(&r->body);
	arena_release(&r->arena);
}
