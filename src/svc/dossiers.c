/* Intake, reading (with the caller's allowed actions) and history of dossiers, each read in one
 * read transaction. Lists and the change feed are in dossier_list.c, visibility in
 * dossier_access.c, the actions in dossier_actions.c, public tracking in tracking.c. */
#include "base/base.h"

#include <sodium.h>

#include "base/civil.h"
#include "base/fmt.h"
#include "base/random.h"
#include "domain/idnum.h"
#include "domain/text.h"
#include "svc/units.h"
#include "svc/audit.h"
#include "svc/catalog.h"
#include "svc/dossiers_internal.h"
#include "svc/documents.h"
#include "svc/group_commit.h"
#include "svc/dossiers.h"
#include "svc/perm.h"
#include "svc/queue.h"
#include "svc/scope.h"
#include "store/dossier_store.h"

#define CENTER_CODE "000.00.01.H26"

void dossier_new_secret(char out[16])
{
	static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
	const unsigned n = sizeof(alphabet) - 1, limit = 256 / n * n; /* 31 letters: bytes < 248 */
	unsigned char rnd[32];
	size_t used = sizeof(rnd);
	/* Uniform letters from random bytes by rejection: one draw for most secrets rather than one
	 * per letter. */
	for (int i = 0; i < 10;) {
		if (used == sizeof(rnd)) {
			mc_random(rnd, sizeof(rnd));
			used = 0;
		}
		unsigned b = rnd[used++];
		if (b < limit)
			out[i++] = alphabet[b % n];
	}
	sodium_memzero(rnd, sizeof(rnd));
	out[10] = '\0';
}

static void copy(char *dst, size_t cap, const char *src)
{
	str_copy(dst, cap, src);
}

struct get_run {
	const char *code;
	struct dossier *out;
	unsigned *allowed;
};

static enum mc_err get_tx(struct svc_ctx *ctx, void *arg)
{
	struct get_run *run = arg;
	enum mc_err err = dossier_get(ctx, run->code, run->out);
	if (!err && run->allowed)
		*run->allowed = dossier__allowed(ctx, run->out);
	return err;
}

enum mc_err dossier_get_with_actions(struct svc_ctx *ctx, const char *code, struct dossier *out,
				     unsigned *allowed)
{
	struct get_run run = {code, out, allowed};
	return svc_read(ctx, get_tx, &run);
}

struct history_run {
	const char *code;
	void (*fn)(const struct dossier_event *e, void *arg);
	void *arg;
};

static enum mc_err history_tx(struct svc_ctx *ctx, void *arg)
{
	struct history_run *run = arg;
	struct dossier *d = arena_alloc(ctx->arena, sizeof(*d));
	enum mc_err err = dossier_get(ctx, run->code, d);
	return err ? err : dstore_events(ctx->db, d->id, run->fn, run->arg);
}

enum mc_err dossier_history(struct svc_ctx *ctx, const char *code,
			    void (*fn)(const struct dossier_event *e, void *arg), void *arg)
{
	struct history_run run = {code, fn, arg};
	return svc_read(ctx, history_tx, &run);
}

/* Checks the applicant; errors under "applicant.". */
void dossier_check_applicant(struct svc_ctx *ctx, const struct intake *in)
{
	struct problem *p = ctx->problem;
	int y, m, d;
	civil_ymd(civil_local_day(ctx->now), &y, &m, &d);
	const char *kind = in->applicant_kind ? in->applicant_kind : "";
	const char *id = in->applicant_id ? in->applicant_id : "";
	if (strcmp(kind, "person") == 0) {
		enum idnum_problem ip = idnum_check_person(id, strlen(id), y);
		if (ip == IDNUM_FORMAT)
			problem_add(p, "applicant.id_number", "must be 12 digits",
				    "số định danh cá nhân phải gồm 12 chữ số");
		else if (ip == IDNUM_PROVINCE)
			problem_add(p, "applicant.id_number", "does not start with a province code",
				    "ba chữ số đầu không phải mã tỉnh, thành phố");
		else if (ip == IDNUM_FUTURE)
			problem_add(p, "applicant.id_number", "encodes a birth year in the future",
				    "năm sinh trong số định danh ở tương lai");
	} else if (strcmp(kind, "organization") == 0) {
		enum idnum_problem ip = idnum_check_tax(id, strlen(id));
		if (ip != IDNUM_OK)
			problem_add(p, "applicant.id_number",
				    ip == IDNUM_CHECK ? "has a wrong check digit"
				    : ip == IDNUM_BRANCH ? "has branch suffix 000"
							 : "must be a 10-digit tax code, optionally -NNN",
				    "mã số thuế không hợp lệ");
	} else {
		problem_add(p, "applicant.kind", "must be person or organization",
			    "loại người nộp phải là person (cá nhân) hoặc organization (tổ chức)");
	}
	if (in->phone && !text_phone_ok(in->phone))
		problem_add(p, "applicant.phone", "is not a phone number", "số điện thoại không hợp lệ");
	if (in->email && !text_email_ok(in->email))
		problem_add(p, "applicant.email", "is not an e-mail address",
			    "địa chỉ thư điện tử không hợp lệ");
	bool self = strcmp(kind, "person") == 0 && ctx->user && strcmp(id, ctx->user->id_number) == 0;
	if (dossier__is_citizen(ctx) && !self && !in->has_rep)
		problem_add(p, "representative",
			    "is required when you file for an organization or for another person: your "
			    "name, ID number, relation and the paper that proves it",
			    "phải khai người đại diện (họ tên, số định danh, quan hệ và giấy tờ chứng "
			    "minh) khi nộp thay tổ chức hoặc người khác");
	else if (dossier__is_citizen(ctx) && self && in->has_rep)
		problem_add(p, "representative", "must be left out when you file for yourself",
			    "không khai người đại diện khi tự nộp hồ sơ của mình");
}

/* The representative block: name, a personal ID number, the relation and (online: required) the
 * paper proving it, which the caller must be able to read. Online, the representative is the
 * citizen who submits. */
static void check_representative(struct svc_ctx *ctx, const struct intake *in)
{
	struct problem *p = ctx->problem;
	int y, m, d;
	if (!in->has_rep)
		return;
	civil_ymd(civil_local_day(ctx->now), &y, &m, &d);
	size_t n = in->rep_name ? text_length(in->rep_name, strlen(in->rep_name)) : 0;
	if (n == 0 || n > 200)
		problem_add(p, "representative.name", "must have 1 to 200 characters",
			    "họ tên người đại diện phải có từ 1 đến 200 ký tự");
	const char *id = in->rep_id_number ? in->rep_id_number : "";
	if (idnum_check_person(id, strlen(id), y) != IDNUM_OK)
		problem_add(p, "representative.id_number", "must be a valid 12-digit personal ID number",
			    "số định danh người đại diện không hợp lệ");
	else if (dossier__is_citizen(ctx) && strcmp(id, ctx->user->id_number) != 0)
		problem_add(p, "representative.id_number", "must be your own ID number",
			    "phải là số định danh của chính bạn");
	else if (in->applicant_kind && !strcmp(in->applicant_kind, "person") && in->applicant_id &&
		 !strcmp(in->applicant_id, id))
		problem_add(p, "representative.id_number", "is the applicant's own ID number",
			    "người đại diện trùng với người nộp");
	const char *rel = in->rep_relation ? in->rep_relation : "";
	if (strcmp(rel, "legal_representative") != 0 && strcmp(rel, "authorized") != 0)
		problem_add(p, "representative.relation", "must be legal_representative or authorized",
			    "quan hệ phải là legal_representative (đại diện theo pháp luật) hoặc "
			    "authorized (được ủy quyền)");
	if (!in->rep_document && dossier__is_citizen(ctx))
		problem_add(p, "representative.document",
			    "is required: the authorization or the paper proving legal representation",
			    "phải tải lên văn bản ủy quyền hoặc giấy tờ chứng minh người đại diện");
	else if (in->rep_document && !documents_attachable(ctx, in->rep_document))
		problem_add(p, "representative.document", "is not a document you may use",
			    "tài liệu không tồn tại hoặc bạn không được dùng");
}

/* The resolver: the named commune PC for commune procedures, else the procedure's unit. A unit
 * that cannot be read (the database failed) is an error, not a field problem. */
static enum mc_err resolve_resolver(struct svc_ctx *ctx, const struct procedure *p,
				    const char *given, char out[UNIT_CODE_MAX])
{
	struct unit u;
	if (strcmp(p->resolver_kind, "commune_pc") == 0) {
		if (!given) {
			problem_add(ctx->problem, "resolver_unit",
				    "is required: the commune or ward whose PC decides",
				    "phải chọn UBND xã/phường giải quyết");
			return MC_OK;
		}
		enum mc_err err = units_at(ctx, given, ctx->now, &u);
		if (err && err != MC_ENOTFOUND)
			return err;
		if (err || strcmp(u.kind, "commune_pc") != 0) {
			problem_add(ctx->problem, "resolver_unit", "is not a commune or ward PC",
				    "không phải UBND xã/phường");
			return MC_OK;
		}
		copy(out, UNIT_CODE_MAX, given);
		return MC_OK;
	}
	if (given && strcmp(given, p->resolver_unit) != 0) {
		problem_add(ctx->problem, "resolver_unit", "is fixed by the procedure; leave it out",
			    "cơ quan giải quyết do thủ tục quy định");
		return MC_OK;
	}
	copy(out, UNIT_CODE_MAX, p->resolver_unit);
	return MC_OK;
}

/* Components: known ids, and every component required to submit on the dossier's channel
 * provided (the paper declaration at a counter or by post, the e-form online). */
static void check_components(struct svc_ctx *ctx, const struct procedure *p,
			     const struct intake_component *c, size_t n, struct dossier *d)
{
	unsigned channel = proc_channel_bit(d->channel);
	for (size_t i = 0; i < n; i++) {
		bool known = false;
		for (size_t j = 0; j < p->ncomponents && !known; j++)
			known = strcmp(p->components[j].id, c[i].id) == 0;
		if (!known)
			problem_add(ctx->problem, arena_printf(ctx->arena, "components[%zu].id", i),
				    "is not a component of this procedure",
				    "không phải thành phần hồ sơ của thủ tục này");
		if (c[i].document && !documents_attachable(ctx, c[i].document))
			problem_add(ctx->problem, arena_printf(ctx->arena, "components[%zu].document", i),
				    "is not a document you may use (yours, or one of a dossier you "
				    "see)",
				    "tài liệu không tồn tại hoặc bạn không được dùng");
	}
	for (size_t j = 0; j < p->ncomponents; j++) {
		const struct proc_component *pc = &p->components[j];
		bool provided = false;
		for (size_t i = 0; i < n; i++)
			if (strcmp(c[i].id, pc->id) == 0 && c[i].provided)
				provided = true;
		if (d && d->ncomponents < DOSSIER_MAX_COMPONENTS) {
			struct dossier_component *dc = &d->components[d->ncomponents++];
			copy(dc->id, sizeof(dc->id), pc->id);
			dc->provided = provided;
			dc->needed = proc_component_required_on(pc, channel);
		}
		if (proc_component_required_on(pc, channel) && !provided)
			problem_add(ctx->problem, arena_printf(ctx->arena, "components.%s", pc->id),
				    arena_printf(ctx->arena, "the required component \"%s\" is not provided",
						 pc->name),
				    arena_printf(ctx->arena, "thiếu thành phần hồ sơ bắt buộc: %s", pc->name));
	}
}

static void plan_steps(const struct procedure *p, struct dossier *d)
{
	d->nsteps = 0;
	for (size_t i = 0; i < p->nsteps && i < DOSSIER_MAX_STEPS; i++) {
		struct dossier_step *s = &d->steps[d->nsteps++];
		memset(s, 0, sizeof(*s));
		s->idx = (int64_t)i + 1;
		s->name = p->steps[i].name;
		copy(s->unit, sizeof(s->unit),
		     strcmp(p->steps[i].unit, "resolver") == 0 ? d->resolver_unit : p->steps[i].unit);
		copy(s->role, sizeof(s->role), p->steps[i].role);
		s->duration = p->steps[i].duration;
	}
}

static enum mc_err check_channels(struct svc_ctx *ctx, const struct intake *in, struct dossier *d)
{
	struct unit u;
	const char *ch = in->channel ? in->channel : "";
	bool citizen = dossier__is_citizen(ctx);
	if (citizen && strcmp(ch, "online") != 0)
		problem_add(ctx->problem, "channel", "must be online for a citizen",
			    "công dân nộp hồ sơ trực tuyến (online)");
	else if (!citizen && strcmp(ch, "counter") != 0 && strcmp(ch, "post") != 0)
		problem_add(ctx->problem, "channel", "must be counter or post at a service point",
			    "kênh tiếp nhận phải là counter (trực tiếp) hoặc post (bưu chính)");
	copy(d->channel, sizeof(d->channel), ch);
	const char *rc = in->return_channel ? in->return_channel : "counter";
	if (strcmp(rc, "counter") && strcmp(rc, "post") && strcmp(rc, "online"))
		problem_add(ctx->problem, "return_channel", "must be counter, post or online",
			    "hình thức trả kết quả phải là counter, post hoặc online");
	copy(d->return_channel, sizeof(d->return_channel), rc);
	if (in->return_unit) {
		enum mc_err err = units_at(ctx, in->return_unit, ctx->now, &u);
		if (err && err != MC_ENOTFOUND)
			return err;
		if (err || (strcmp(u.kind, "service_point") && strcmp(u.kind, "center") &&
			    strcmp(u.kind, "branch")))
			problem_add(ctx->problem, "return_unit", "is not a service point",
				    "không phải điểm phục vụ hành chính công");
		copy(d->return_unit, sizeof(d->return_unit), in->return_unit);
	}
	return MC_OK;
}

static void fill_applicant(struct svc_ctx *ctx, const struct intake *in, struct dossier *d)
{
	copy(d->applicant_kind, sizeof(d->applicant_kind), in->applicant_kind);
	d->applicant_name = in->applicant_name ? in->applicant_name : "";
	copy(d->applicant_id, sizeof(d->applicant_id), in->applicant_id);
	d->applicant_phone = in->phone;
	d->applicant_email = in->email;
	d->applicant_address = in->address;
	d->created_by = ctx->user->username;
	if (dossier__is_citizen(ctx)) {
		d->submitter_id = ctx->user->id;
		d->submitter_username = ctx->user->username;
		d->submitter_name = ctx->user->full_name;
	}
	if (in->has_rep) {
		d->rep_name = in->rep_name;
		copy(d->rep_id_number, sizeof(d->rep_id_number), in->rep_id_number);
		copy(d->rep_relation, sizeof(d->rep_relation), in->rep_relation);
		d->rep_document = in->rep_document;
	}
}

/* Returns the dossier an earlier request with the same key created, or MC_ECONFLICT when the key
 * came with another body; MC_ENOTFOUND when the key is new. */
static enum mc_err idem_replay(struct svc_ctx *ctx, const struct intake *in, struct dossier *out)
{
	unsigned char hash[32];
	int status;
	const char *code;
	enum mc_err err = dstore_idem_get(ctx->db, ctx->arena, ctx->user->id, in->idem_key,
					  ctx->real_now - DOSSIER_IDEM_TTL, hash, &status, &code);
	if (err)
		return err;
	if (sodium_memcmp(hash, in->idem_hash, 32) != 0) {
		problem_detail(ctx->problem, "this Idempotency-Key was used with another body",
			       "khóa Idempotency-Key đã được dùng với nội dung khác");
		return MC_ECONFLICT;
	}
	return dstore_get(ctx->db, ctx->arena, code, out);
}

struct intake_job {
	const struct intake *in;
	struct dossier *d;
	char *key; /* malloc'd: intake_finish frees it */
	bool *replayed;
	struct fee_record *fees;
};

/* The write part of an intake, in the caller's write transaction (group_commit_run). */
static enum mc_err insert_new(struct svc_ctx *ctx, void *arg)
{
	const struct intake_job *job = arg;
	const struct intake *in = job->in;
	struct dossier *d = job->d;
	char day[16], yymmdd[8];
	int64_t n;
	enum mc_err err = MC_OK;
	civil_format_date(civil_local_day(ctx->now), day);
	memcpy(yymmdd, day + 2, 2); /* "2026-12-05" -> "261205" */
	memcpy(yymmdd + 2, day + 5, 2);
	memcpy(yymmdd + 4, day + 8, 2);
	yymmdd[6] = '\0';
	if (in->idem_key) {
		err = idem_replay(ctx, in, d);
		if (err == MC_OK) {
			*job->replayed = true;
			return MC_OK; /* nothing written */
		}
		if (err == MC_ENOTFOUND)
			err = MC_OK;
	}
	if (!err)
		err = dstore_next_number(ctx->db, d->receiving_unit, yymmdd, &n);
	if (!err) {
		fmt_snprintf(d->code, sizeof(d->code), "%s-%s-%04lld", d->receiving_unit, yymmdd,
			     (long long)n);
		err = dstore_insert(ctx->db, d, job->key);
	}
	if (!err)
		err = fees_record(ctx, d->id, job->fees);
	if (!err && in->ticket)
		err = queue_link_dossier(ctx, d->receiving_unit, in->ticket, d->id);
	bool online = strcmp(d->channel, "online") == 0;
	if (!err) {
		char *detail = arena_printf(ctx->arena, "{\"channel\":\"%s\",\"procedure\":\"%s\"}",
					    d->channel, d->procedure_code);
		err = dossier_record(ctx, d, online ? "submit" : "intake", d->receiving_unit, NULL,
				      ds_status_name(d->status), detail);
	}
	if (!err)
		err = documents_record_uses(ctx, d);
	if (!err && in->idem_key)
		err = dstore_idem_put(ctx->db, ctx->user->id, in->idem_key, in->idem_hash, 201, d->code,
				      ctx->real_now);
	return err;
}

/* The intake up to its write: the checks, the dossier as it will be written, and the writer's job
 * (in the context's arena; its search key malloc'd, freed by intake_finish). */
static enum mc_err intake_prepare(struct svc_ctx *ctx, const struct intake *in, struct dossier *d,
				  bool *replayed, struct intake_job **jobp)
{
	struct procedure *p = arena_alloc(ctx->arena, sizeof(*p));
	struct fee_record *fees = arena_alloc(ctx->arena, sizeof(*fees));
	char *key = NULL;
	*jobp = NULL;
	*replayed = false;
	if (!ctx->user)
		return MC_EAUTH;
	bool citizen = dossier__is_citizen(ctx);
	if (!citizen && !perm_has_role(ctx->user, "receiver"))
		return MC_EFORBIDDEN;
	memset(d, 0, sizeof(*d));
	enum mc_err err =
		citizen ? MC_OK : scope_receiving_point(ctx, in->receiving_unit, d->receiving_unit);
	if (err && err != MC_EINVAL)
		return err;
	if (citizen)
		copy(d->receiving_unit, sizeof(d->receiving_unit), CENTER_CODE);
	err = catalog_get(ctx, in->procedure ? in->procedure : "", 0, p);
	if (err && err != MC_ENOTFOUND)
		return err;
	if (err)
		problem_add(ctx->problem, "procedure", "is not a procedure of the catalog",
			    "thủ tục không có trong danh mục");
	dossier_check_applicant(ctx, in);
	check_representative(ctx, in);
	err = check_channels(ctx, in, d);
	if (err)
		return err;
	if (p->code[0]) {
		err = resolve_resolver(ctx, p, in->resolver_unit, d->resolver_unit);
		if (err)
			return err;
		check_components(ctx, p, in->components, in->ncomponents, d);
		if (fees_plan(ctx, p, in->channel ? in->channel : "", &in->fees, fees) == MC_EDB)
			return MC_EDB;
	}
	if (ctx->problem->n)
		return MC_EINVAL;
	copy(d->procedure_code, sizeof(d->procedure_code), p->code);
	d->procedure_version = p->version;
	d->procedure_name = p->name;
	d->duration = p->duration;
	fill_applicant(ctx, in, d);
	copy(d->served_unit, sizeof(d->served_unit), d->receiving_unit);
	if (!d->return_unit[0])
		copy(d->return_unit, sizeof(d->return_unit), d->receiving_unit);
	dossier_new_secret(d->tracking_secret);
	d->submitted_at = ctx->now;
	plan_steps(p, d);
	if (citizen) {
		d->status = DS_SUBMITTED;
	} else {
		d->status = DS_RECEIVED;
		d->received_by = ctx->user->username; /* what the intake event's trigger would set */
		d->received_at = ctx->now;
		err = dossier__due(ctx, ctx->now, &d->duration, &d->due_at);
		if (err)
			return err;
		dossier__calendar_versions(ctx, d, d->received_at, d->due_at);
	}
	for (size_t i = 0; i < in->ncomponents; i++)
		for (size_t j = 0; j < d->ncomponents; j++)
			if (!strcmp(d->components[j].id, in->components[i].id))
				d->components[j].document = in->components[i].document;
	if (text_search_key(d->applicant_name, strlen(d->applicant_name), &key) != MC_OK)
		return MC_EINVAL;
	struct intake_job *job = arena_alloc(ctx->arena, sizeof(*job));
	*job = (struct intake_job){in, d, key, replayed, fees};
	*jobp = job;
	return MC_OK;
}

/* After the write: the fee record just written, with no payment yet, is what reading it back would
 * give. */
static void intake_finish(struct intake_job *job, enum mc_err err, struct fee_view *fee_out)
{
	free(job->key);
	job->key = NULL;
	if (!err && !*job->replayed && fee_out) {
		fee_out->has = true;
		fee_out->rec = *job->fees;
		fee_out->npayments = 0;
	}
}

/* The intake; *expected stays true until the write part is handed to the group-commit writer. */
static enum mc_err intake(struct svc_ctx *ctx, const struct intake *in, struct dossier *d,
			  bool *replayed, bool *expected, struct fee_view *fee_out)
{
	struct intake_job *job;
	enum mc_err err = intake_prepare(ctx, in, d, replayed, &job);
	if (err)
		return err;
	err = group_commit_run(ctx->state ? ctx->state->writer : NULL, ctx, *expected, insert_new,
			       job);
	*expected = false;
	intake_finish(job, err, fee_out);
	return err;
}

enum mc_err dossier_intake(struct svc_ctx *ctx, const struct intake *in, struct dossier *d,
			   bool *replayed, struct fee_view *fees)
{
	/* Announced at once, so that the writer waits for this intake while it validates and
	 * concurrent intakes share one commit. */
	struct group_commit *gc = ctx->state ? ctx->state->writer : NULL;
	bool expected = true;
	group_commit_expect(gc);
	if (fees)
		fees->has = false;
	enum mc_err err = intake(ctx, in, d, replayed, &expected, fees);
	if (expected)
		group_commit_unexpect(gc);
	return err;
}

struct intake_pending {
	struct intake_job *job;
	struct fee_view *fees;
	void (*done)(void *arg, enum mc_err err);
	void *done_arg;
};

bool dossier_intake_can_submit(const struct svc_ctx *ctx)
{
	return ctx->state && ctx->state->writer;
}

enum mc_err dossier_intake_begin(struct svc_ctx *ctx, const struct intake *in, struct dossier *d,
				 bool *replayed, struct fee_view *fees, struct intake_pending **out)
{
	struct group_commit *gc = ctx->state->writer;
	group_commit_expect(gc);
	if (fees)
		fees->has = false;
	struct intake_job *job;
	enum mc_err err = intake_prepare(ctx, in, d, replayed, &job);
	if (err) { /* no job yet: nothing to free */
		group_commit_unexpect(gc);
		return err;
	}
	struct intake_pending *p = arena_alloc(ctx->arena, sizeof(*p));
	*p = (struct intake_pending){.job = job, .fees = fees};
	*out = p;
	return MC_OK;
}

/* On the writer's thread, once committed. */
static void intake_pending_done(void *arg, enum mc_err err)
{
	struct intake_pending *p = arg;
	intake_finish(p->job, err, p->fees);
	p->done(p->done_arg, err);
}

void dossier_intake_submit(struct svc_ctx *ctx, struct intake_pending *p,
			   void (*done)(void *arg, enum mc_err err), void *arg)
{
	p->done = done;
	p->done_arg = arg;
	group_commit_submit(ctx->state->writer, ctx, true, insert_new, p->job, intake_pending_done,
			    p);
}
