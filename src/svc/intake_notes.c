/* Counter work that creates no dossier: Form 02 guidance (papers missing, no code used) and
 * Form 03 refusals (a request outside the Center's scope). Each gets a number of its own,
 * consecutive per receiving point and day: <point>-<yymmdd>-PBS-NNNN / -PTC-NNNN. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "store/intake_note_store.h"
#include "svc/audit.h"
#include "svc/catalog.h"
#include "svc/dossiers.h"
#include "svc/intake_notes.h"
#include "svc/perm.h"
#include "svc/scope.h"
#include "store/db.h"
#include "store/dossier_store.h"

struct note_args {
	struct intake_note *n;
	const char *tag, *yymmdd, *key;
};

static enum mc_err note_insert_tx(struct svc_ctx *ctx, void *arg)
{
	struct note_args *a = arg;
	struct intake_note *n = a->n;
	int64_t seq;
	enum mc_err err = dstore_next_number(ctx->db, a->key, a->yymmdd, &seq);
	if (!err) {
		snprintf(n->number, sizeof(n->number), "%s-%s-%s-%04lld", n->unit, a->yymmdd,
			 a->tag, (long long)seq);
		err = instore_insert(ctx->db, n);
	}
	if (!err) {
		char *detail = arena_printf(ctx->arena, "{\"procedure\":\"%s\"}", n->procedure);
		err = audit_append(ctx, n->unit, n->kind[0] == 'g' ? "intake_guidance" : "intake_refusal",
				   arena_printf(ctx->arena, "intake_note:%s", n->number), detail);
	}
	return err;
}

static enum mc_err note_insert(struct svc_ctx *ctx, struct intake_note *n, const char *tag)
{
	char day[16], yymmdd[8], key[64];
	civil_format_date(civil_local_day(ctx->now), day);
	snprintf(yymmdd, sizeof(yymmdd), "%.2s%.2s%.2s", day + 2, day + 5, day + 8);
	snprintf(key, sizeof(key), "%s:%s", tag, n->unit);
	struct note_args a = {n, tag, yymmdd, key};
	return svc_write(ctx, note_insert_tx, &a);
}

static enum mc_err begin_note(struct svc_ctx *ctx, const struct intake *in, struct intake_note *n,
			      char unit[UNIT_CODE_MAX])
{
	if (!ctx->user)
		return MC_EAUTH;
	if (!perm_has_role(ctx->user, "receiver"))
		return MC_EFORBIDDEN;
	enum mc_err err = scope_receiving_point(ctx, in->receiving_unit, unit);
	if (err && err != MC_EINVAL)
		return err;
	dossier_check_applicant(ctx, in);
	memset(n, 0, sizeof(*n));
	n->unit = unit;
	n->applicant_kind = in->applicant_kind;
	n->applicant_name = in->applicant_name;
	n->applicant_id = in->applicant_id;
	n->created_at = ctx->now;
	n->created_by = ctx->user->username;
	return MC_OK;
}

enum mc_err intake_guidance(struct svc_ctx *ctx, const struct intake *in, const char *note,
			    struct intake_note *out)
{
	struct procedure *p = arena_alloc(ctx->arena, sizeof(*p));
	char *unit = arena_alloc(ctx->arena, UNIT_CODE_MAX);
	enum mc_err err = begin_note(ctx, in, out, unit);
	if (err)
		return err;
	err = catalog_get(ctx, in->procedure ? in->procedure : "", 0, p);
	if (err && err != MC_ENOTFOUND)
		return err;
	if (err)
		problem_add(ctx->problem, "procedure", "is not a procedure of the catalog",
			    "thủ tục không có trong danh mục");
	if (in->ncomponents == 0)
		problem_add(ctx->problem, "missing", "must list at least one component id",
			    "phải nêu ít nhất một thành phần còn thiếu");
	json_t *missing = json_array();
	for (size_t i = 0; i < in->ncomponents; i++) {
		bool known = false;
		for (size_t j = 0; !err && j < p->ncomponents && !known; j++)
			known = !strcmp(p->components[j].id, in->components[i].id);
		if (!known && !err)
			problem_add(ctx->problem, arena_printf(ctx->arena, "missing[%zu]", i),
				    "is not a component of this procedure",
				    "không phải thành phần hồ sơ của thủ tục này");
		json_array_append_new(missing, json_string(in->components[i].id));
	}
	char *text = json_dumps(missing, JSON_COMPACT);
	json_decref(missing);
	out->missing_json = arena_strdup(ctx->arena, text);
	free(text);
	if (ctx->problem->n)
		return MC_EINVAL;
	snprintf(out->kind, sizeof(out->kind), "guidance");
	out->procedure = p->code;
	out->text = note;
	return note_insert(ctx, out, "PBS");
}

enum mc_err intake_refusal(struct svc_ctx *ctx, const struct intake *in, const char *reason,
			   struct intake_note *out)
{
	char *unit = arena_alloc(ctx->arena, UNIT_CODE_MAX);
	enum mc_err err = begin_note(ctx, in, out, unit);
	if (err)
		return err;
	if (!in->procedure || !*in->procedure)
		problem_add(ctx->problem, "procedure", "is required: what the applicant asked for",
			    "phải ghi nội dung yêu cầu");
	if (!reason || !*reason)
		problem_add(ctx->problem, "reason", "is required", "phải ghi rõ lý do từ chối");
	if (ctx->problem->n)
		return MC_EINVAL;
	snprintf(out->kind, sizeof(out->kind), "refusal");
	out->procedure = in->procedure;
	out->missing_json = "[]";
	out->text = reason;
	return note_insert(ctx, out, "PTC");
}
