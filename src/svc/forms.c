/* Gathering the data of the official forms: the dossier, its history (the last completion or
 * supplement request for Form 02, the hand-overs for Form 06), unit names and the signed QR of
 * Form 01; rendering is render/'s. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "render/book.h"
#include "render/forms.h"
#include "store/intake_note_store.h"
#include "store/unit_store.h"
#include "svc/dossier_access.h"
#include "svc/forms.h"
#include "svc/perm.h"
#include "svc/receipts.h"
#include "svc/signing.h"

#define FORMS_CENTER "000.00.01.H26" /* the Center, which the service points belong to */
#include "store/dossier_store.h"
#include "store/procedure_store.h"
#include "store/workflow_store.h"

#define FORM_MAX_ROWS 64

static const char *unit_name_at(struct svc_ctx *ctx, const char *code, int64_t at)
{
	struct unit u;
	if (!code || (unitstore_get(ctx->db, code, at, &u) != MC_OK &&
		      unitstore_get(ctx->db, code, ctx->now, &u) != MC_OK))
		return code;
	return arena_strdup(ctx->arena, u.name);
}

static const char *unit_name(struct svc_ctx *ctx, const char *code)
{
	return unit_name_at(ctx, code, ctx->now);
}

/* The header as it stood at `at` (the day of issue): units keep their parents' history
 * (unit_parents), so a form reprinted after a reorganization still names the governing unit of
 * that day. */
static void header(struct svc_ctx *ctx, const char *unit, int64_t at, struct form_data *f)
{
	struct unit u;
	f->place = "Hà Nội";
	f->date = at;
	f->issuing_unit = unit_name_at(ctx, unit, at);
	f->receiving_unit = f->issuing_unit;
	f->governing_unit = "UBND thành phố Hà Nội";
	if (unitstore_get(ctx->db, unit, at, &u) == MC_OK && u.parent[0])
		f->governing_unit = unit_name_at(ctx, u.parent, at);
}

static const char *duration_text(struct svc_ctx *ctx, const struct proc_duration *d)
{
	if (!strcmp(d->unit, "same_day"))
		return "Trong ngày (tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo)";
	const char *unit = !strcmp(d->unit, "working_days")    ? "ngày làm việc"
			   : !strcmp(d->unit, "working_hours") ? "giờ làm việc"
							       : "ngày";
	return arena_printf(ctx->arena, "%lld %s", (long long)d->value, unit);
}

struct history_scan {
	struct svc_ctx *ctx;
	const char *items_json, *reason; /* the last completion or supplement request */
	int64_t stop_at;
	const char *receiver; /* the full name of who received it (intake or receive), else NULL */
};

static void scan_event(const struct dossier_event *e, void *arg)
{
	struct history_scan *h = arg;
	json_t *d = json_loads(e->detail ? e->detail : "{}", 0, NULL);
	bool request = !strcmp(e->action, "request-completion") ||
		       !strcmp(e->action, "request-supplement");
	if (request && d) {
		char *items = json_dumps(json_object_get(d, "items"), JSON_COMPACT | JSON_ENCODE_ANY);
		h->items_json = items ? arena_strdup(h->ctx->arena, items) : NULL;
		free(items);
		const char *reason = json_string_value(json_object_get(d, "reason"));
		h->reason = reason ? arena_strdup(h->ctx->arena, reason) : NULL;
	}
	if (!strcmp(e->action, "stop"))
		h->stop_at = e->at;
	if (!strcmp(e->action, "intake") || !strcmp(e->action, "receive"))
		h->receiver = arena_strdup(h->ctx->arena, e->actor_name && *e->actor_name ? e->actor_name
											   : e->actor);
	json_decref(d);
}

static const char *const *json_texts(struct svc_ctx *ctx, const char *json, size_t *n)
{
	json_t *a = json ? json_loads(json, JSON_DECODE_ANY, NULL) : NULL;
	*n = 0;
	if (!json_is_array(a)) {
		json_decref(a);
		return NULL;
	}
	const char **out = arena_alloc(ctx->arena, (json_array_size(a) + 1) * sizeof(*out));
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (json_is_string(v) && *n < FORM_MAX_ROWS)
			out[(*n)++] = arena_strdup(ctx->arena, json_string_value(v));
	json_decref(a);
	return out;
}

static const char *timeliness_vi(const char *t)
{
	return !strcmp(t, "early") ? "Trước hạn" : !strcmp(t, "on_time") ? "Đúng hạn"
					     : !strcmp(t, "late")  ? "Quá hạn"
								   : NULL;
}

/* Form 06's rows beyond the steps' hand-overs: send-backs and opinions (docs/decisions.md "Send
 * back and opinions"). */
struct extra_rows {
	struct svc_ctx *ctx;
	const struct dossier *d;
	struct render_handover *rows;
	size_t n, cap;
};

static const char *step_unit_name(struct svc_ctx *ctx, const struct dossier *d, int64_t k)
{
	if (k < 1 || (size_t)k > d->nsteps)
		return "";
	const struct dossier_step *s = &d->steps[k - 1];
	return arena_printf(ctx->arena, "%s (%s)", unit_name(ctx, s->unit), s->name);
}

static void sendback_row(const struct sendback *b, void *arg)
{
	struct extra_rows *x = arg;
	if (x->n == x->cap)
		return;
	struct render_handover *r = &x->rows[x->n++];
	r->from_unit = step_unit_name(x->ctx, x->d, b->from_step);
	r->to_unit = step_unit_name(x->ctx, x->d, b->to_step);
	r->handed_at = b->at;
	r->timeliness = timeliness_vi(b->timeliness);
	r->note = arena_printf(x->ctx->arena, "Trả lại bước %lld: %s", (long long)b->to_step,
			       b->reason);
}

static void opinion_rows(struct extra_rows *x)
{
	for (size_t i = 0; i < x->d->nopinions && x->n < x->cap; i++) {
		const struct dossier_opinion *o = &x->d->opinions[i];
		struct render_handover *r = &x->rows[x->n++];
		r->from_unit = step_unit_name(x->ctx, x->d, o->step);
		r->to_unit = unit_name(x->ctx, o->unit);
		r->handed_at = o->asked_at;
		r->timeliness = o->answered_at ? timeliness_vi(o->timeliness) : NULL;
		int y = 0, m = 0, dd = 0, s = civil_local_secs(o->due_at);
		civil_ymd(civil_local_day(o->due_at), &y, &m, &dd);
		r->note = o->answered_at
				  ? arena_printf(x->ctx->arena,
						 "Xin ý kiến (hạn %02d:%02d, %02d/%02d/%04d): %s",
						 s / 3600, s / 60 % 60, dd, m, y,
						 o->agree ? "đồng ý" : "không đồng ý")
				  : arena_printf(x->ctx->arena,
						 "Xin ý kiến (hạn %02d:%02d, %02d/%02d/%04d): chưa trả lời",
						 s / 3600, s / 60 % 60, dd, m, y);
	}
}

/* Rows in the order they happened (insertion sort: a few dozen rows). */
static void sort_rows(struct render_handover *rows, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct render_handover r = rows[i];
		size_t j = i;
		for (; j > 0 && rows[j - 1].handed_at > r.handed_at; j--)
			rows[j] = rows[j - 1];
		rows[j] = r;
	}
}

/* Form 06: one hand-over per started step, the send-backs and the opinions asked, and the return
 * of the result, in the order they happened. */
static void control_rows(struct svc_ctx *ctx, const struct dossier *d, struct form_data *f)
{
	size_t cap = d->nsteps + 2 + FORM_MAX_ROWS + d->nopinions;
	struct render_handover *rows = arena_alloc(ctx->arena, sizeof(*rows) * cap);
	memset(rows, 0, sizeof(*rows) * cap);
	size_t n = 0;
	const char *from = unit_name(ctx, d->receiving_unit);
	for (size_t i = 0; i < d->nsteps && d->steps[i].started_at; i++) {
		const struct dossier_step *s = &d->steps[i];
		rows[n].from_unit = from;
		rows[n].to_unit = arena_printf(ctx->arena, "%s (%s)", unit_name(ctx, s->unit), s->name);
		rows[n].handed_at = s->started_at;
		rows[n].timeliness = i > 0 ? timeliness_vi(d->steps[i - 1].timeliness) : NULL;
		n++;
		from = unit_name(ctx, s->unit);
	}
	if (d->decided_at && n > 0) {
		rows[n].from_unit = from;
		rows[n].to_unit = unit_name(ctx, d->return_unit);
		rows[n].handed_at = d->decided_at;
		rows[n].timeliness = timeliness_vi(d->steps[d->nsteps - 1].timeliness);
		n++;
	}
	struct extra_rows x = {ctx, d, rows + n, 0, cap - n};
	x.cap = FORM_MAX_ROWS < x.cap ? FORM_MAX_ROWS : x.cap;
	if (wstore_sendbacks(ctx->db, ctx->arena, d->id, sendback_row, &x) == MC_OK)
		opinion_rows(&x);
	n += x.n;
	sort_rows(rows, n);
	f->control.resolving_agency = unit_name(ctx, d->resolver_unit);
	f->control.rows = rows;
	f->control.n_rows = n;
}

/* A component's name as Form 01 lists it: the catalogue's names run to whole legal paragraphs, so
 * the receipt keeps the first clause (up to ". ", ";" or " (" once past 24 bytes) and at most
 * RECEIPT_NAME_MAX bytes, cut at a space with "…": eight components then fit on one page. */
#define RECEIPT_NAME_MAX 80

static const char *receipt_name(struct svc_ctx *ctx, const char *name)
{
	size_t len = strlen(name), cut = len;
	for (size_t i = 24; i < len; i++)
		if ((name[i] == '.' && name[i + 1] == ' ') || name[i] == ';' ||
		    (name[i] == ' ' && name[i + 1] == '(')) {
			cut = i;
			break;
		}
	bool dots = false;
	if (cut > RECEIPT_NAME_MAX) {
		cut = RECEIPT_NAME_MAX;
		while (cut > 0 && name[cut] != ' ')
			cut--;
		dots = true;
	}
	if (cut == len)
		return name;
	return arena_printf(ctx->arena, "%.*s%s", (int)cut, name, dots ? " …" : "");
}

static void components(struct svc_ctx *ctx, const struct dossier *d, struct form_data *f)
{
	struct procedure *p = arena_alloc(ctx->arena, sizeof(*p));
	if (procstore_get(ctx->db, ctx->arena, d->procedure_code, d->procedure_version, p) != MC_OK)
		return;
	struct render_component *c = arena_alloc(ctx->arena, sizeof(*c) * (p->ncomponents + 1));
	size_t n = 0;
	for (size_t i = 0; i < p->ncomponents; i++)
		for (size_t j = 0; j < d->ncomponents; j++)
			if (!strcmp(d->components[j].id, p->components[i].id) && d->components[j].provided) {
				c[n].name = receipt_name(ctx, p->components[i].name);
				c[n].kind = !strcmp(p->components[i].original_or_copy, "copy") ? "Bản sao"
					    : !strcmp(p->components[i].original_or_copy, "either")
						    ? "Bản chính hoặc bản sao"
						    : "Bản chính";
				c[n++].quantity = (int)p->components[i].quantity;
			}
	f->components = c;
	f->n_components = n;
}

static const char *const *one_text(struct svc_ctx *ctx, const char *text)
{
	const char **list = arena_alloc(ctx->arena, sizeof(*list));
	list[0] = text;
	return list;
}

static bool applies(const struct dossier *d, int form, const struct history_scan *h)
{
	switch (form) {
	case 1: return d->received_at != 0 || d->status == DS_SUBMITTED;
	case 2: return h->reason || h->items_json;
	case 3: return d->status == DS_REFUSED;
	case 4: return d->extended_due_at != 0;
	case 5: return d->status == DS_STOPPED;
	case 6: return d->nsteps > 0 && d->steps[0].started_at != 0;
	default: return false;
	}
}

static void fill_common(struct svc_ctx *ctx, const struct dossier *d, const struct history_scan *h,
			struct form_data *f)
{
	/* Form 01 is issued when the dossier is received (or submitted online); the others today. */
	int64_t issued = d->received_at ? d->received_at : d->submitted_at;
	header(ctx, d->receiving_unit, f->form == 1 && issued ? issued : ctx->now, f);
	f->number = d->code;
	f->dossier_code = d->code;
	f->procedure_name = d->procedure_name;
	f->applicant.name = d->applicant_name;
	f->applicant.id_number = d->applicant_id;
	f->applicant.address = d->applicant_address;
	f->applicant.phone = d->applicant_phone;
	f->applicant.email = d->applicant_email;
	f->applicant_is_org = !strcmp(d->applicant_kind, "organization");
	if (d->rep_name) {
		f->representative.name = d->rep_name;
		f->representative.id_number = d->rep_id_number;
		f->representative_legal = !strcmp(d->rep_relation, "legal_representative");
	}
	f->sets = 1;
	f->statutory_time = duration_text(ctx, &d->duration);
	f->received_at = d->received_at ? d->received_at : d->submitted_at;
	f->due_at = d->due_at;
	f->result_place = unit_name(ctx, d->return_unit);
	/* The receiving officer by full name; an online dossier not yet received has none (the
	 * citizen who submitted it is not the receiver): the line stays blank. */
	f->officer_name = h->receiver;
	components(ctx, d, f);
}

/* A deciding unit under a delegation signs thừa ủy quyền (TUQ., Decree 30/2020/NĐ-CP; docs/
 * decisions.md "Delegation"): the delegation the dossier was decided under, else the one in force
 * on the day of the letter for the procedure and the deciding unit. */
struct pick {
	int64_t at;
	struct delegation *in_force;
	struct arena *arena;
};

static void pick_in_force(const struct delegation *g, void *arg)
{
	struct pick *p = arg;
	if (!p->in_force && wf_delegation_force(g, p->at) == WF_IN_FORCE) {
		p->in_force = arena_alloc(p->arena, sizeof(*p->in_force));
		*p->in_force = *g;
	}
}

static void delegated_signature(struct svc_ctx *ctx, const struct dossier *d, struct form_data *f)
{
	const struct delegation *g = d->delegation;
	if (!g) {
		struct pick p = {f->date, NULL, ctx->arena};
		const char *unit = d->nsteps ? d->steps[d->nsteps - 1].unit : d->resolver_unit;
		if (wstore_delegations_for(ctx->db, ctx->arena, d->procedure_code, unit, pick_in_force,
					   &p) != MC_OK)
			return;
		g = p.in_force;
	}
	if (!g)
		return;
	int64_t day = 0;
	int y = 0, m = 0, dd = 0;
	if (civil_parse_date(g->decision_date, strlen(g->decision_date), &day) == MC_OK)
		civil_ymd(day, &y, &m, &dd);
	f->apology.tuq_agency = g->delegating_name;
	f->apology.tuq_decision = arena_printf(ctx->arena, "%s ngày %02d/%02d/%04d",
					       g->decision_number, dd, m, y);
}

static void fill_specific(struct svc_ctx *ctx, const struct dossier *d, const struct history_scan *h,
			  struct form_data *f)
{
	char sig[96], base[256];
	switch (f->form) {
	case 1:
		/* A submitted online dossier gets its receipt with the submission time; the signed QR
		 * comes once it is received (the signature covers the reception time). */
		if (d->received_at && receipts_sign(ctx->state, d, sig) == MC_OK) {
			svc_public_url(ctx->state, base);
			f->qr_payload = arena_printf(ctx->arena, "%s/track/%s?s=%s&sig=%s", base, d->code,
						     d->tracking_secret, sig);
			f->qr_caption = arena_printf(ctx->arena, "Mã tra cứu: %s", d->tracking_secret);
		}
		break;
	case 2:
		f->supplement.items = json_texts(ctx, h->items_json, &f->supplement.n_items);
		f->supplement.reason = h->reason;
		f->supplement.contact_name = f->issuing_unit;
		break;
	case 3:
		f->refusal.reasons = one_text(ctx, d->closed_reason);
		f->refusal.n_reasons = 1;
		break;
	case 4:
		/* Issued by the deciding agency, under its own header and on the day the extension
		 * was recorded; the receipt it recalls was the receiving unit's. */
		header(ctx, d->resolver_unit, d->extended_at ? d->extended_at : ctx->now, f);
		f->receiving_unit = unit_name_at(ctx, d->receiving_unit, f->date);
		f->apology.agency = f->issuing_unit;
		f->apology.reason = d->extended_reason;
		f->apology.new_due = d->extended_due_at;
		delegated_signature(ctx, d, f);
		break;
	case 5:
		f->stop.requested_at = h->stop_at;
		f->stop.reason = d->closed_reason;
		break;
	case 6:
		control_rows(ctx, d, f);
		break;
	}
}

/* The official titles, as the UI lists them (render/forms.c prints them in capitals). */
static const char *const form_titles[FORMS_DOSSIER_MAX + 1] = {
	NULL,
	"Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
	"Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
	"Phiếu từ chối tiếp nhận giải quyết hồ sơ",
	"Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết",
	"Thông báo dừng giải quyết hồ sơ",
	"Phiếu kiểm soát quá trình giải quyết hồ sơ",
};

/* The dossier (visible to the caller) and what its history says for the forms. */
static enum mc_err load(struct svc_ctx *ctx, const char *code, struct dossier *d,
			struct history_scan *h)
{
	enum mc_err err = dossier_get(ctx, code, d);
	if (!err)
		err = dstore_events(ctx->db, d->id, scan_event, h);
	return err;
}

enum mc_err forms_dossier_list(struct svc_ctx *ctx, const char *code, struct form_ref *out,
			       size_t *n)
{
	struct dossier *d = arena_alloc(ctx->arena, sizeof(*d));
	struct history_scan h = {ctx, NULL, NULL, 0, NULL};
	enum mc_err err = load(ctx, code, d, &h);
	*n = 0;
	if (err)
		return err;
	for (int form = 1; form <= FORMS_DOSSIER_MAX; form++)
		if (applies(d, form, &h)) {
			out[*n].form = form;
			out[(*n)++].title = form_titles[form];
		}
	return MC_OK;
}

static enum mc_err dossier_pdf(struct svc_ctx *ctx, const char *code, int form, struct buf *out,
			       struct dossier *d)
{
	struct form_data *f = arena_alloc(ctx->arena, sizeof(*f));
	struct history_scan h = {ctx, NULL, NULL, 0, NULL};
	enum mc_err err = load(ctx, code, d, &h);
	if (err)
		return err;
	if (!applies(d, form, &h))
		return MC_ENOTFOUND;
	f->form = form;
	fill_common(ctx, d, &h, f);
	fill_specific(ctx, d, &h, f);
	return render_form_pdf(f, out);
}

enum mc_err forms_dossier_pdf(struct svc_ctx *ctx, const char *code, int form, struct buf *out)
{
	return dossier_pdf(ctx, code, form, out, arena_alloc(ctx->arena, sizeof(struct dossier)));
}

enum mc_err forms_dossier_pdf_signed(struct svc_ctx *ctx, const char *code, int form,
				     struct buf *out, char signer[32])
{
	if (form != 1 && form != 4) {
		problem_add(ctx->problem, "signed", "only Forms 01 and 04 are signed",
			    "chỉ ký số Mẫu 01 và Mẫu 04");
		return MC_EINVAL;
	}
	struct dossier *d = arena_alloc(ctx->arena, sizeof(*d));
	enum mc_err err = dossier_pdf(ctx, code, form, out, d);
	if (err)
		return err;
	/* Form 01 is the receiving point's receipt (signed by the Center when the point has no
	 * certificate of its own: the points are the Center's); Form 04 the deciding agency's letter. */
	const char *units[2] = {form == 1 ? d->receiving_unit : d->resolver_unit, FORMS_CENTER};
	return signing_sign_form(ctx, units, form == 1 ? 2 : 1, out, signer);
}

enum mc_err forms_note_pdf(struct svc_ctx *ctx, const char *number, bool guidance, struct buf *out)
{
	struct intake_note n;
	struct form_data *f = arena_alloc(ctx->arena, sizeof(*f));
	enum mc_err err = instore_get(ctx->db, ctx->arena, number, &n);
	if (err)
		return err;
	if (strcmp(n.kind, guidance ? "guidance" : "refusal") != 0 ||
	    perm_check(ctx, "receiver", n.unit) != MC_OK)
		return MC_ENOTFOUND;
	f->form = guidance ? 2 : 3;
	header(ctx, n.unit, n.created_at, f);
	f->number = n.number;
	f->procedure_name = n.procedure;
	f->applicant.name = n.applicant_name;
	f->applicant.id_number = n.applicant_id;
	f->applicant_is_org = n.applicant_kind && !strcmp(n.applicant_kind, "organization");
	f->received_at = n.created_at;
	f->officer_name = n.created_by;
	if (guidance) {
		f->supplement.items = json_texts(ctx, n.missing_json, &f->supplement.n_items);
		f->supplement.reason = n.text;
		f->supplement.contact_name = f->issuing_unit;
	} else {
		f->refusal.reasons = one_text(ctx, n.text);
		f->refusal.n_reasons = 1;
	}
	return render_form_pdf(f, out);
}

#define BOOK_MAX_ROWS 100000

struct book_build {
	struct svc_ctx *ctx;
	struct book_row *rows;
	size_t n;
	enum mc_err err;
	struct dossier *d; /* each row's dossier in turn: its texts stay in the arena */
};

static const char *method_vi(const char *channel)
{
	return !strcmp(channel, "post")     ? "Dịch vụ bưu chính công ích"
	       : !strcmp(channel, "online") ? "Trực tuyến"
					    : "Trực tiếp";
}

static void book_add(const char *code, void *arg)
{
	struct book_build *b = arg;
	struct dossier *d = b->d;
	if (b->err || (b->err = dstore_get(b->ctx->db, b->ctx->arena, code, d)))
		return;
	struct book_row *r = &b->rows[b->n++];
	r->code = arena_strdup(b->ctx->arena, d->code);
	r->procedure_name = d->procedure_name;
	r->applicant_name = d->applicant_name;
	r->address = d->applicant_address;
	r->phone = d->applicant_phone;
	r->lead_agency = unit_name(b->ctx, arena_strdup(b->ctx->arena, d->resolver_unit));
	r->received_at = d->received_at;
	r->due_at = d->due_at;
	r->returned_at = d->returned_at;
	r->return_method = method_vi(d->returned_at ? d->returned_channel : d->return_channel);
}

/* The rows of a unit's book for [from, to] (arena), after the checks every format shares. */
static enum mc_err book_rows(struct svc_ctx *ctx, const char *unit, int64_t from, int64_t to,
			     struct unit *u, struct book_build *b)
{
	if (!ctx->user)
		return MC_EAUTH;
	if (!unit || unitstore_get(ctx->db, unit, ctx->now, u) != MC_OK) {
		problem_add(ctx->problem, "unit", "is not a known unit", "đơn vị không tồn tại");
		return MC_EINVAL;
	}
	if (!perm_has_role(ctx->user, "admin") && perm_check(ctx, NULL, unit) != MC_OK)
		return MC_EFORBIDDEN;
	*b = (struct book_build){ctx, NULL, 0, MC_OK, NULL};
	b->d = arena_alloc(ctx->arena, sizeof(*b->d));
	b->rows = arena_alloc(ctx->arena, sizeof(*b->rows) * BOOK_MAX_ROWS);
	enum mc_err err = dstore_received_between(ctx->db, unit, from, to, BOOK_MAX_ROWS, book_add, b);
	return err ? err : b->err;
}

enum mc_err forms_book(struct svc_ctx *ctx, const char *unit, int64_t from, int64_t to,
		       const char *xlsx_path, struct buf *csv_out)
{
	struct unit u;
	struct book_build b;
	enum mc_err err = book_rows(ctx, unit, from, to, &u, &b);
	if (err)
		return err;
	if (xlsx_path) {
		char *title = arena_printf(ctx->arena, "SỔ THEO DÕI HỒ SƠ — %s", u.name);
		return render_book_xlsx(xlsx_path, title, b.rows, b.n);
	}
	return render_book_csv(csv_out, b.rows, b.n);
}

enum mc_err forms_book_pdf(struct svc_ctx *ctx, const char *unit, int64_t from, int64_t to,
			   struct buf *out)
{
	struct unit u, parent;
	struct book_build b;
	enum mc_err err = book_rows(ctx, unit, from, to, &u, &b);
	if (err)
		return err;
	bool has_parent = u.parent[0] && unitstore_get(ctx->db, u.parent, ctx->now, &parent) == MC_OK;
	struct book_doc d = {
		.governing_unit = has_parent ? parent.name : "UBND thành phố Hà Nội",
		.issuing_unit = u.name,
		.keeper = ctx->user->full_name,
		.from = from,
		.to = to,
		.now = ctx->now,
		.rows = b.rows,
		.n = b.n,
	};
	return render_book_pdf(out, &d);
}
