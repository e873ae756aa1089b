/* Registers as use cases: staff (with assignments to units and counters, and appointments as head
 * or deputy of points and branches), assets (owner unit over time) and archive records (holder
 * unit over time). Reading needs a staff role covering the entry's unit; writing needs an
 * administrator, or a unit or Center manager covering the unit (each unit involved in a move).
 * Every use case takes the kind's descriptor (domain/register.h: reg_staff_kind, reg_asset_kind,
 * reg_record_kind) with its input (struct staff_in, asset_in, record_in). */
#ifndef MC_REGISTERS_H
#define MC_REGISTERS_H

#include "domain/register.h"
#include "svc/svc.h"

/* An entry with its history. */
struct reg_detail {
	union reg_entry e; /* the kind's struct */
	size_t nspans, nappts;
	struct reg_span spans[REG_HISTORY_MAX];
	struct reg_appointment appts[REG_HISTORY_MAX]; /* staff only */
};

/* Field checks shared by the API and the CSV import: each adds named errors to ctx->problem.
 * `creating` makes the fields of a new entry required. The unit must exist as of ctx->now. */
void registers_check(struct svc_ctx *ctx, const struct reg_kind *k, const void *in, bool creating);

/* Creates an entry placed at its unit from its `from` (default now), with its audit event.
 * MC_EINVAL (fields), MC_EFORBIDDEN, MC_ECONFLICT (ID number or inventory code taken). */
enum mc_err registers_create(struct svc_ctx *ctx, const struct reg_kind *k, const void *in,
			     struct reg_detail *out);
/* Inserts without permission checks or a transaction of its own (the CSV import's rows, already
 * checked); the caller appends the audit event. */
enum mc_err registers__insert(struct svc_ctx *ctx, const struct reg_kind *k, const void *in,
			      int64_t *id);

/* Updates an entry. MC_ENOTFOUND when the caller cannot see it, MC_EFORBIDDEN when it may not
 * manage its unit (or the new one). */
enum mc_err registers_update(struct svc_ctx *ctx, const struct reg_kind *k, int64_t id,
			     const void *in, struct reg_detail *out);

/* Reads one entry with its history; MC_ENOTFOUND when unknown or not visible. */
enum mc_err registers_get(struct svc_ctx *ctx, const struct reg_kind *k, int64_t id,
			  struct reg_detail *out);

/* Appoints staff member `id` head or deputy of a point, branch or the Center from `from`. */
enum mc_err registers_appoint(struct svc_ctx *ctx, int64_t id, const char *unit,
			      const char *position, int64_t from, struct reg_detail *out);

/* Lists entries placed at `unit` now (NULL: anywhere, administrators only; others get MC_EINVAL
 * naming "unit"), by id after after_id; fn gets the kind's struct. MC_EFORBIDDEN when the unit is
 * not covered. */
struct reg_query {
	const char *unit;
	int64_t after_id;
	size_t limit;
};
enum mc_err registers_list(struct svc_ctx *ctx, const struct reg_kind *k, const struct reg_query *q,
			   void (*fn)(const void *e, void *arg), void *arg, bool *more);

/* The checks and inserts of the CSV import, by kind. */
static inline void registers_check_staff(struct svc_ctx *ctx, const struct staff_in *in,
					 bool creating)
{
	registers_check(ctx, &reg_staff_kind, in, creating);
}
static inline void registers_check_asset(struct svc_ctx *ctx, const struct asset_in *in,
					 bool creating)
{
	registers_check(ctx, &reg_asset_kind, in, creating);
}
static inline void registers_check_record(struct svc_ctx *ctx, const struct record_in *in,
					  bool creating)
{
	registers_check(ctx, &reg_record_kind, in, creating);
}
static inline enum mc_err registers__insert_staff(struct svc_ctx *ctx, const struct staff_in *in,
						  int64_t *id)
{
	return registers__insert(ctx, &reg_staff_kind, in, id);
}
static inline enum mc_err registers__insert_asset(struct svc_ctx *ctx, const struct asset_in *in,
						  int64_t *id)
{
	return registers__insert(ctx, &reg_asset_kind, in, id);
}
static inline enum mc_err registers__insert_record(struct svc_ctx *ctx,
						   const struct record_in *in, int64_t *id)
{
	return registers__insert(ctx, &reg_record_kind, in, id);
}

#endif
