/* Delegations (svc/workflow.h; docs/decisions.md "Delegation"): recorded, listed and ended by
 * administrators, each change audited. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "svc/audit.h"
#include "svc/perm.h"
#include "svc/workflow.h"
#include "store/procedure_store.h"
#include "store/unit_store.h"
#include "store/workflow_store.h"

static void copy(char *dst, size_t cap, const char *src)
{
	str_copy(dst, cap, src ? src : "");
}

struct create_run {
	const struct delegation_new *in;
	struct delegation *out;
};

static void check_unit(struct svc_ctx *ctx, const char *code, const char *field, struct unit *u)
{
	if (code && unitstore_get(ctx->db, code, ctx->now, u) != MC_OK)
		problem_add(ctx->problem, field, "is not a known unit code",
			    "không phải mã đơn vị đang tồn tại");
}

static enum mc_err create_tx(struct svc_ctx *ctx, void *arg)
{
	struct create_run *run = arg;
	const struct delegation_new *in = run->in;
	struct delegation *g = run->out;
	struct unit u;
	int64_t version = 0, day = 0;
	memset(g, 0, sizeof(*g));
	if (in->procedure && (procstore_latest_version(ctx->db, in->procedure, &version) != MC_OK ||
			      version == 0))
		problem_add(ctx->problem, "procedure", "is not a procedure of the catalogue",
			    "không phải thủ tục trong danh mục");
	check_unit(ctx, in->unit, "unit", &u);
	g->delegating_name = in->delegating_name;
	if (in->delegating_unit) {
		check_unit(ctx, in->delegating_unit, "delegating_agency.unit", &u);
		if (!in->delegating_name && !ctx->problem->n)
			g->delegating_name = arena_strdup(ctx->arena, u.name);
	} else if (!in->delegating_name)
		problem_add(ctx->problem, "delegating_agency", "needs a unit code or a name",
			    "cần mã đơn vị hoặc tên cơ quan ủy quyền");
	if (in->decision_date &&
	    (strlen(in->decision_date) != 10 ||
	     civil_parse_date(in->decision_date, strlen(in->decision_date), &day) != MC_OK))
		problem_add(ctx->problem, "decision_date", "must be a date YYYY-MM-DD",
			    "phải là ngày dạng YYYY-MM-DD");
	if (in->valid_to && in->valid_to <= in->valid_from)
		problem_add(ctx->problem, "valid_to", "must be after valid_from",
			    "phải sau thời điểm bắt đầu hiệu lực");
	if (ctx->problem->n)
		return MC_EINVAL;
	copy(g->procedure_code, sizeof(g->procedure_code), in->procedure);
	copy(g->unit, sizeof(g->unit), in->unit);
	copy(g->delegating_unit, sizeof(g->delegating_unit), in->delegating_unit);
	g->decision_number = in->decision_number;
	copy(g->decision_date, sizeof(g->decision_date), in->decision_date);
	g->valid_from = in->valid_from;
	g->valid_to = in->valid_to;
	g->created_at = ctx->now;
	g->created_by = ctx->user->username;
	enum mc_err err = wstore_delegation_insert(ctx->db, g);
	if (err)
		return err;
	json_t *d = json_pack("{s:s, s:s, s:s}", "procedure", g->procedure_code, "decision_number",
			      g->decision_number, "delegating_agency", g->delegating_name);
	char *detail = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	err = audit_append(ctx, g->unit[0] ? g->unit : NULL, "create_delegation",
			   arena_printf(ctx->arena, "delegation:%lld", (long long)g->id), detail);
	free(detail);
	return err;
}

enum mc_err delegations_create(struct svc_ctx *ctx, const struct delegation_new *in,
			       struct delegation *out)
{
	enum mc_err err = perm_admin(ctx);
	if (err)
		return err;
	if (!in->procedure)
		problem_add(ctx->problem, "procedure", "is required", "trường bắt buộc");
	if (!in->decision_number)
		problem_add(ctx->problem, "decision_number", "is required", "trường bắt buộc");
	if (!in->decision_date)
		problem_add(ctx->problem, "decision_date", "is required", "trường bắt buộc");
	if (!in->valid_from)
		problem_add(ctx->problem, "valid_from", "is required", "trường bắt buộc");
	struct create_run run = {in, out};
	return svc_write(ctx, create_tx, &run);
}

struct list_run {
	const char *procedure;
	int64_t before;
	size_t limit;
	void (*fn)(const struct delegation *g, void *arg);
	void *arg;
};

static enum mc_err list_tx(struct svc_ctx *ctx, void *arg)
{
	struct list_run *run = arg;
	return wstore_delegations(ctx->db, ctx->arena, run->procedure, run->before, run->limit,
				  run->fn, run->arg);
}

enum mc_err delegations_list(struct svc_ctx *ctx, const char *procedure, int64_t before,
			     size_t limit, void (*fn)(const struct delegation *g, void *arg),
			     void *arg)
{
	enum mc_err err = perm_admin(ctx);
	struct list_run run = {procedure, before, limit, fn, arg};
	return err ? err : svc_read(ctx, list_tx, &run);
}

struct one_run {
	int64_t id;
	struct delegation *out;
};

static enum mc_err get_tx(struct svc_ctx *ctx, void *arg)
{
	struct one_run *run = arg;
	return wstore_delegation_get(ctx->db, ctx->arena, run->id, run->out);
}

enum mc_err delegations_get(struct svc_ctx *ctx, int64_t id, struct delegation *out)
{
	enum mc_err err = perm_admin(ctx);
	struct one_run run = {id, out};
	return err ? err : svc_read(ctx, get_tx, &run);
}

static enum mc_err end_tx(struct svc_ctx *ctx, void *arg)
{
	struct one_run *run = arg;
	enum mc_err err = wstore_delegation_get(ctx->db, ctx->arena, run->id, run->out);
	if (err)
		return err;
	if (run->out->ended_at) {
		problem_detail(ctx->problem, "the delegation was already ended", "ủy quyền đã chấm dứt");
		return MC_ECONFLICT;
	}
	err = wstore_delegation_end(ctx->db, run->id, ctx->now, ctx->user->username);
	if (!err)
		err = wstore_delegation_get(ctx->db, ctx->arena, run->id, run->out);
	if (!err)
		err = audit_append(ctx, run->out->unit[0] ? run->out->unit : NULL, "end_delegation",
				   arena_printf(ctx->arena, "delegation:%lld", (long long)run->id), NULL);
	return err;
}

enum mc_err delegations_end(struct svc_ctx *ctx, int64_t id, struct delegation *out)
{
	enum mc_err err = perm_admin(ctx);
	struct one_run run = {id, out};
	return err ? err : svc_write(ctx, end_tx, &run);
}
