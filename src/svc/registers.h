/* Registers as use cases: staff (with assignments to units and counters, and appointments as head
 * or deputy of points and branches), assets (owner unit over time) and archive records (holder
 * unit over time). Reading needs a staff role covering the entry's unit; writing needs an
 * administrator, or a unit or Center manager covering the unit (each unit involved in a move). */
#ifndef MC_REGISTERS_H
#define MC_REGISTERS_H

#include "domain/register.h"
#include "svc/svc.h"

/* Input of a create or an update. On update, NULL strings and unset numbers keep their value; a
 * changed unit (or counter) closes the current span at `from` (default now) and opens the next. */
struct staff_in {
	const char *full_name, *id_number, *position, *unit;
	int64_t counter; /* 0 = none */
	bool counter_set;
	int64_t from;
	bool from_set;
};

struct asset_in {
	const char *inventory_code, *name, *category, *condition, *unit;
	int64_t quantity, original_value, remaining_value;
	bool quantity_set, original_set, remaining_set;
	int64_t from;
	bool from_set;
};

struct record_in {
	const char *box, *file, *title, *retention, *unit;
	int64_t year, sheets;
	bool year_set, sheets_set;
	int64_t from;
	bool from_set;
};

struct staff_detail {
	struct reg_staff s;
	size_t nspans, nappts;
	struct reg_span spans[REG_HISTORY_MAX];
	struct reg_appointment appts[REG_HISTORY_MAX];
};

struct asset_detail {
	struct reg_asset a;
	size_t nspans;
	struct reg_span spans[REG_HISTORY_MAX];
};

struct record_detail {
	struct reg_record r;
	size_t nspans;
	struct reg_span spans[REG_HISTORY_MAX];
};

/* Field checks shared by the API and the CSV import: each adds named errors to ctx->problem.
 * `creating` makes the fields of a new entry required. The unit must exist as of ctx->now. */
void registers_check_staff(struct svc_ctx *ctx, const struct staff_in *in, bool creating);
void registers_check_asset(struct svc_ctx *ctx, const struct asset_in *in, bool creating);
void registers_check_record(struct svc_ctx *ctx, const struct record_in *in, bool creating);

/* Creates an entry placed at in->unit from in->from (default now), with its audit event.
 * MC_EINVAL (fields), MC_EFORBIDDEN, MC_ECONFLICT (ID number or inventory code taken). */
enum mc_err registers_staff_create(struct svc_ctx *ctx, const struct staff_in *in,
				   struct staff_detail *out);
enum mc_err registers_asset_create(struct svc_ctx *ctx, const struct asset_in *in,
				   struct asset_detail *out);
enum mc_err registers_record_create(struct svc_ctx *ctx, const struct record_in *in,
				    struct record_detail *out);
/* Inserts without permission checks or a transaction of its own (the CSV import's rows, already
 * checked); the caller appends the audit event. */
enum mc_err registers__insert_staff(struct svc_ctx *ctx, const struct staff_in *in, int64_t *id);
enum mc_err registers__insert_asset(struct svc_ctx *ctx, const struct asset_in *in, int64_t *id);
enum mc_err registers__insert_record(struct svc_ctx *ctx, const struct record_in *in, int64_t *id);

/* Updates an entry. MC_ENOTFOUND when the caller cannot see it, MC_EFORBIDDEN when it may not
 * manage its unit (or the new one). */
enum mc_err registers_staff_update(struct svc_ctx *ctx, int64_t id, const struct staff_in *in,
				   struct staff_detail *out);
enum mc_err registers_asset_update(struct svc_ctx *ctx, int64_t id, const struct asset_in *in,
				   struct asset_detail *out);
enum mc_err registers_record_update(struct svc_ctx *ctx, int64_t id, const struct record_in *in,
				    struct record_detail *out);

/* Reads one entry with its history; MC_ENOTFOUND when unknown or not visible. */
enum mc_err registers_staff_get(struct svc_ctx *ctx, int64_t id, struct staff_detail *out);
enum mc_err registers_asset_get(struct svc_ctx *ctx, int64_t id, struct asset_detail *out);
enum mc_err registers_record_get(struct svc_ctx *ctx, int64_t id, struct record_detail *out);

/* Appoints staff member `id` head or deputy of a point, branch or the Center from `from`. */
enum mc_err registers_appoint(struct svc_ctx *ctx, int64_t id, const char *unit,
			      const char *position, int64_t from, struct staff_detail *out);

/* Lists entries placed at `unit` now (NULL: anywhere, administrators only; others get MC_EINVAL
 * naming "unit"), by id after after_id. MC_EFORBIDDEN when the unit is not covered. */
struct reg_query {
	const char *unit;
	int64_t after_id;
	size_t limit;
};
enum mc_err registers_staff_list(struct svc_ctx *ctx, const struct reg_query *q,
				 void (*fn)(const struct reg_staff *s, void *arg), void *arg,
				 bool *more);
enum mc_err registers_asset_list(struct svc_ctx *ctx, const struct reg_query *q,
				 void (*fn)(const struct reg_asset *a, void *arg), void *arg,
				 bool *more);
enum mc_err registers_record_list(struct svc_ctx *ctx, const struct reg_query *q,
				  void (*fn)(const struct reg_record *r, void *arg), void *arg,
				  bool *more);

#endif
