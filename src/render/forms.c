/* The layouts of forms 01–06 (forms.h): their wording, fields and tables in the order of RULES.md
 * §1.4. Page mechanics (fonts, wrapping, page breaks, tables, QR) live in pdf.c; the book (07) in
 * book.c. */
#include "base/base.h"

#include "base/civil.h"
#include "render/forms.h"
#include "render/pdf.h"

#define BODY 12.5  /* Noto Serif at 12.5 pt sets like Times at 13–14 pt, the decree's body size */
#define GAP 2.5    /* between paragraphs */
#define SMALL 11.0 /* tables and notes */
#define DOTS "…………………………"

/* The body's size and paragraph gap for the form being drawn: Form 01 sets a little denser (11.5
 * pt, like Times at 12.5–13) so a receipt of up to 8 components fits one page (issue 19). */
static _Thread_local double body_size = BODY, body_gap = GAP;

static const char *const titles[] = {
	"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
	"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
	"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
	"PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
	"THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
	"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
	"SỔ THEO DÕI HỒ SƠ",
};

static const char *const suffixes[] = {
	"TTPVHCC", "PBS-TTPVHCC", "PTC-TTPVHCC", "PXL", "TBD-TTPVHCC", "PKS-TTPVHCC",
};

const char *render_form_title(int n)
{
	return n >= 1 && n <= (int)MC_ARRAY_LEN(titles) ? titles[n - 1] : NULL;
}

const char *render_font_family(void)
{
	return pdf_font_family();
}

/* Wording helpers. */

static const char *val(const char *s)
{
	return s && *s ? s : DOTS;
}

static const char *unit_of(const struct form_data *f)
{
	return f->receiving_unit && *f->receiving_unit ? f->receiving_unit : val(f->issuing_unit);
}

/* "09 giờ 00 phút, ngày 26/11/2026", or a blank to fill by hand when t is 0. */
static void fmt_clock(int64_t t, char out[96])
{
	if (!t) {
		snprintf(out, 96, "….. giờ ….. phút, ngày ….. /….. /……..");
		return;
	}
	int y = 0, m = 0, d = 0, s = civil_local_secs(t);
	civil_ymd(civil_local_day(t), &y, &m, &d);
	snprintf(out, 96, "%02d giờ %02d phút, ngày %02d/%02d/%04d", s / 3600, s / 60 % 60, d, m, y);
}

static void fmt_date(int64_t t, char out[32])
{
	if (!t) {
		snprintf(out, 32, "….. /….. /……..");
		return;
	}
	int y = 0, m = 0, d = 0;
	civil_ymd(civil_local_day(t), &y, &m, &d);
	snprintf(out, 32, "%02d/%02d/%04d", d, m, y);
}

/* "Hà Nội, ngày 06 tháng 02 năm 2026": days below 10 and months below 3 take a leading zero
 * (NĐ 30/2020/NĐ-CP, Phụ lục I). */
static void fmt_place_date(const char *place, int64_t t, char out[256])
{
	place = place && *place ? place : "…………"; /* short enough to keep the line whole */
	if (!t) {
		snprintf(out, 256, "%s, ngày ….. tháng ….. năm ……..", place);
		return;
	}
	int y = 0, m = 0, d = 0;
	civil_ymd(civil_local_day(t), &y, &m, &d);
	snprintf(out, 256, "%s, ngày %02d tháng %s%d năm %04d", place, d, m < 3 ? "0" : "", m, y);
}

/* A sentence of alternating wording and values: parts[0], parts[1] (a value), parts[2], ... */
static void say_parts(struct pdf *p, double indent, int value_style, const char *const *parts,
                      size_t n)
{
	struct pdf_text t;
	pdf_text_init(&t, body_size, PDF_JUSTIFY);
	for (size_t i = 0; i < n; i++)
		pdf_text_add(&t, i % 2 ? val(parts[i]) : parts[i], i % 2 ? value_style : 0);
	pdf_flow(p, &t, indent, body_gap);
	pdf_text_release(&t);
}

#define SAY_N(...) (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))
#define SAY(p, ...) say_parts((p), 0, 0, (const char *const[]){__VA_ARGS__}, SAY_N(__VA_ARGS__))
#define SAY_IN(p, indent, ...) \
	say_parts((p), (indent), 0, (const char *const[]){__VA_ARGS__}, SAY_N(__VA_ARGS__))
#define SAY_BOLD(p, ...) \
	say_parts((p), 0, PDF_BOLD, (const char *const[]){__VA_ARGS__}, SAY_N(__VA_ARGS__))

static void say_clock(struct pdf *p, const char *label, int64_t t, const char *end)
{
	char when[96];
	fmt_clock(t, when);
	SAY(p, label, when, end);
}

static void person_lines(struct pdf *p, const struct form_data *f)
{
	const struct render_person *a = &f->applicant;
	SAY_BOLD(p, f->applicant_is_org ? "Tổ chức: " : "Ông/Bà: ", a->name);
	SAY(p, "Số định danh cá nhân/tổ chức: ", a->id_number);
	SAY(p, "Địa chỉ: ", a->address);
	SAY(p, "Số điện thoại: ", a->phone, "          Email: ", a->email);
}

static void numbered(struct pdf *p, const char *const *items, size_t n, const char *mark)
{
	for (size_t i = 0; i < n; i++) {
		char num[32];
		if (mark)
			snprintf(num, sizeof(num), "%s ", mark);
		else
			snprintf(num, sizeof(num), "%zu. ", i + 1);
		SAY_IN(p, 14, num, items[i]);
	}
}

/* "Nơi nhận:" on the left, level with the signature on the right. */
static void recipients_and_sign(struct pdf *p, const struct pdf_sign *sign)
{
	static const char *const lines[] = {"- Như trên;", "- Lưu: VT, hồ sơ."};
	pdf_need(p, 130);
	double y = p->y;
	y += pdf_box_str(p, "Nơi nhận:", SMALL + 1, PDF_BOLD | PDF_ITALIC, PDF_LEFT, y, 200);
	for (size_t i = 0; i < MC_ARRAY_LEN(lines); i++)
		y += pdf_box_str(p, lines[i], SMALL, 0, PDF_LEFT, y, 200);
	pdf_signatures(p, NULL, sign);
}

/* Form 01. */

static void components_table(struct pdf *p, const struct form_data *f)
{
	struct pdf_table t = {
		.ncols = 4,
		.widths = {24, PDF_TEXT_W - 24 - 80 - 42, 80, 42},
		.align = {PDF_CENTER, 0, PDF_CENTER, PDF_CENTER},
		.head = {"TT", "Tên giấy tờ", "Hình thức (bản chính, bản sao)", "Số lượng"},
		.size = 9.5,
	};
	pdf_table_head(p, &t);
	for (size_t i = 0; i < f->n_components; i++) {
		const struct render_component *c = &f->components[i];
		char no[24], qty[24];
		snprintf(no, sizeof(no), "%zu", i + 1);
		snprintf(qty, sizeof(qty), "%02d", c->quantity);
		const char *cells[] = {no, val(c->name), val(c->kind), qty};
		pdf_table_row(p, &t, cells);
	}
	p->y += GAP * 2;
}

#define QR_SIDE 76.0

static void receipt_qr(struct pdf *p, const struct form_data *f)
{
	if (!f->qr_payload || !*f->qr_payload)
		return;
	double x = PDF_RIGHT - QR_SIDE, y = p->y;
	pdf_qr(p, f->qr_payload, x, y, QR_SIDE);
	const char *cap = f->qr_caption ? f->qr_caption : "Quét mã để tra cứu hồ sơ";
	double h = pdf_box_str(p, cap, 8.5, PDF_CENTER | PDF_ITALIC, x - 12, y + QR_SIDE + 5,
	                       QR_SIDE + 24);
	p->inset_right = QR_SIDE + 16;
	p->inset_until = y + QR_SIDE + 5 + h;
}

static void authorizer_lines(struct pdf *p, const struct form_data *f)
{
	const struct render_person *a = &f->authorizer;
	if (!a->name || !*a->name)
		return;
	SAY(p, "Người ủy quyền: ", a->name, "; số định danh cá nhân: ", a->id_number);
	SAY(p, "Địa chỉ: ", a->address, "; số điện thoại: ", a->phone, "; email: ", a->email);
	SAY(p, "Giấy tờ ủy quyền: ", f->authorization_paper);
}

static void representative_lines(struct pdf *p, const struct form_data *f)
{
	const struct render_person *r = &f->representative;
	if (!r->name || !*r->name)
		return;
	SAY(p, f->representative_legal ? "Người đại diện theo pháp luật: " : "Người được ủy quyền: ",
	    r->name, "; số định danh cá nhân: ", r->id_number);
	SAY(p, "Giấy tờ chứng minh quyền đại diện: ",
	    f->representative_legal ? "giấy tờ về người đại diện theo pháp luật"
				    : "văn bản ủy quyền");
}

static void form_01(struct pdf *p, const struct form_data *f)
{
	char sets[24];
	snprintf(sets, sizeof(sets), "%02d", f->sets);
	receipt_qr(p, f);
	SAY_BOLD(p, "Mã hồ sơ: ", f->dossier_code);
	SAY(p, "", unit_of(f), " tiếp nhận hồ sơ của:");
	person_lines(p, f);
	authorizer_lines(p, f);
	representative_lines(p, f);
	SAY(p, "Nội dung yêu cầu giải quyết: ", f->procedure_name);
	if (p->y < p->inset_until)
		p->y = p->inset_until + GAP;
	SAY(p, "1. Thành phần hồ sơ nộp gồm:");
	components_table(p, f);
	SAY(p, "2. Số lượng hồ sơ: ", sets, " (bộ)");
	SAY(p, "3. Thời gian giải quyết hồ sơ theo quy định: ", f->statutory_time);
	say_clock(p, "4. Thời gian nhận hồ sơ: ", f->received_at, "");
	say_clock(p, "5. Thời gian trả kết quả: ", f->due_at, "");
	SAY(p, "6. Đăng ký nhận kết quả tại: ", f->result_place);
	if ((f->book_volume && *f->book_volume) || (f->book_entry && *f->book_entry))
		SAY(p, "Vào Sổ theo dõi hồ sơ, Quyển số: ", f->book_volume, ", Số thứ tự: ",
		    f->book_entry);
	p->y += 4;
	pdf_need(p, 150); /* the signatures and the note travel together: no orphan page */
	pdf_signatures(p,
	               &(struct pdf_sign){"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", f->applicant.name},
	               &(struct pdf_sign){"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)",
	                                  f->officer_name});
	p->y += 8;
	pdf_para(p,
	         "Ghi chú: Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; 01 liên giao "
	         "cho người nộp hồ sơ; 01 liên chuyển kèm theo Phiếu kiểm soát quá trình giải quyết hồ "
	         "sơ và được lưu tại Bộ phận Tiếp nhận và Trả kết quả.",
	         9, PDF_ITALIC | PDF_JUSTIFY, 0);
}

/* Form 02. */

static void form_02(struct pdf *p, const struct form_data *f)
{
	const struct form_supplement *s = &f->supplement;
	SAY_BOLD(p, "Mã hồ sơ (nếu có): ", f->dossier_code);
	SAY_BOLD(p, "Hồ sơ của: ", f->applicant.name);
	SAY(p, "Nội dung yêu cầu giải quyết: ", f->procedure_name);
	SAY(p, "Địa chỉ: ", f->applicant.address);
	SAY(p, "Số điện thoại: ", f->applicant.phone, "          Email: ", f->applicant.email);
	if (f->received_at)
		say_clock(p, "Thời gian nhận hồ sơ: ", f->received_at, "");
	SAY(p, "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:");
	numbered(p, s->items, s->n_items, NULL);
	SAY(p, "Lý do: ", s->reason);
	SAY(p, "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với ",
	    s->contact_name, ", số điện thoại ", s->contact_phone, " để được hướng dẫn./.");
	p->y += 8;
	pdf_signatures(p, NULL,
	               &(struct pdf_sign){"NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", f->officer_name});
}

/* Form 03. */

static void form_03(struct pdf *p, const struct form_data *f)
{
	SAY(p, "", unit_of(f), " tiếp nhận hồ sơ của:");
	person_lines(p, f);
	SAY_BOLD(p, "Mã hồ sơ (nếu có): ", f->dossier_code);
	SAY(p, "Nội dung yêu cầu giải quyết: ", f->procedure_name);
	if (f->received_at)
		say_clock(p, "Thời gian nhận hồ sơ: ", f->received_at, "");
	SAY(p, "Sau khi xem xét, đối chiếu thành phần hồ sơ, ", unit_of(f),
	    " từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:");
	numbered(p, f->refusal.reasons, f->refusal.n_reasons, "-");
	SAY(p, "Xin thông báo để Ông/Bà được biết và thực hiện./.");
	p->y += 8;
	pdf_signatures(p,
	               &(struct pdf_sign){"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", f->applicant.name},
	               &(struct pdf_sign){"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)",
	                                  f->officer_name});
}

/* Form 04. */

static void form_04(struct pdf *p, const struct form_data *f)
{
	const struct form_apology *a = &f->apology;
	const char *agency = a->agency && *a->agency ? a->agency : val(f->issuing_unit);
	/* An organization is addressed as such, a person as Ông/Bà. */
	const char *you = f->applicant_is_org ? "Quý cơ quan, tổ chức" : "Ông/Bà";
	char received[32], due[96], new_due[96];
	fmt_date(f->received_at, received);
	fmt_clock(a->original_due ? a->original_due : f->due_at, due);
	fmt_clock(a->new_due, new_due);
	pdf_para(p, "", BODY, 0, 0);
	if (f->applicant_is_org)
		SAY_BOLD(p, "Kính gửi: ", f->applicant.name);
	else
		SAY_BOLD(p, "Kính gửi: Ông/Bà ", f->applicant.name);
	SAY(p, "Ngày ", received, ", ", unit_of(f),
	    " tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: ", f->procedure_name, " của ",
	    you, ".");
	SAY(p, "Số định danh cá nhân/tổ chức: ", f->applicant.id_number);
	SAY_BOLD(p, "Mã số hồ sơ: ", f->dossier_code);
	SAY(p, "Thời gian hẹn trả kết quả giải quyết hồ sơ: ", due, ".");
	SAY(p, "Tuy nhiên đến nay, ", agency, " chưa trả kết quả giải quyết hồ sơ cho ", you,
	    " đúng thời hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.");
	SAY(p, "Lý do: ", a->reason);
	SAY(p, "Sự chậm trễ này đã gây phiền hà cho ", you, ". ", agency, " xin lỗi ", you,
	    " và đề nghị gia hạn thời gian giải quyết hồ sơ; kết quả giải quyết hồ sơ sẽ được trả cho ",
	    you, " vào: ", new_due, ".");
	if (a->tuq_agency && *a->tuq_agency)
		SAY(p, agency, " ký thừa ủy quyền của ", a->tuq_agency, " theo Quyết định số ",
		    a->tuq_decision, ".");
	SAY(p, "Xin trân trọng cảm ơn./.");
	p->y += 8;
	if (a->tuq_agency && *a->tuq_agency) { /* Decree 30/2020/NĐ-CP: "TUQ." before the head */
		char title[512];
		snprintf(title, sizeof(title), "TUQ. THỦ TRƯỞNG %s", a->tuq_agency);
		recipients_and_sign(p, &(struct pdf_sign){title, "(Ký thừa ủy quyền, ghi rõ họ tên và "
		                                                 "đóng dấu)", a->agency_head});
		return;
	}
	recipients_and_sign(p, &(struct pdf_sign){"THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
	                                          "(Ký, ghi rõ họ tên và đóng dấu)", a->agency_head});
}

/* Form 05 (its official fields were not found: see RULES.md §1.4; NĐ 118/2025 Điều 21). */

static void form_05(struct pdf *p, const struct form_data *f)
{
	const struct form_stop *s = &f->stop;
	char received[32], requested[32], due[96];
	fmt_date(f->received_at, received);
	fmt_date(s->requested_at, requested);
	fmt_clock(f->due_at, due);
	pdf_para(p, "", BODY, 0, 0);
	SAY_BOLD(p, "Kính gửi: Ông/Bà ", f->applicant.name);
	SAY(p, "Ngày ", received, ", ", unit_of(f), " đã tiếp nhận hồ sơ của Ông/Bà:");
	SAY_IN(p, 14, "- Mã hồ sơ: ", f->dossier_code);
	SAY_IN(p, 14, "- Thủ tục hành chính: ", f->procedure_name);
	SAY_IN(p, 14, "- Số định danh cá nhân/tổ chức: ", f->applicant.id_number);
	SAY_IN(p, 14, "- Thời gian hẹn trả kết quả: ", due);
	if (s->requested_at)
		SAY(p, "Ngày ", requested, ", Ông/Bà có yêu cầu dừng giải quyết hồ sơ nêu trên.");
	SAY(p, "Lý do dừng giải quyết: ", s->reason);
	SAY(p, "Căn cứ Điều 21 Nghị định số 118/2025/NĐ-CP của Chính phủ, ", unit_of(f),
	    " thông báo dừng giải quyết hồ sơ nêu trên.");
	if (f->result_place && *f->result_place)
		SAY(p, "Ông/Bà nhận lại hồ sơ tại: ", f->result_place, ".");
	SAY(p, "Xin thông báo để Ông/Bà được biết./.");
	p->y += 8;
	const char *title = s->signer_title && *s->signer_title ? s->signer_title
	                                                          : "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ";
	recipients_and_sign(p, &(struct pdf_sign){title, "(Ký, ghi rõ họ tên và đóng dấu)",
	                                          s->signer_name});
}

/* Form 06. */

static void handover_table(struct pdf *p, const struct form_control *c)
{
	struct pdf_table t = {
		.ncols = 6,
		.widths = {24, 122, 122, 103, 56, PDF_TEXT_W - 24 - 122 - 122 - 103 - 56},
		.align = {PDF_CENTER, 0, 0, PDF_CENTER, PDF_CENTER, 0},
		.head = {"TT", "Bên giao", "Bên nhận", "Thời gian giao, nhận",
		         "Kết quả (trước, đúng, quá hạn)", "Ghi chú"},
		.size = 10,
	};
	pdf_table_head(p, &t);
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct render_handover *r = &c->rows[i];
		char no[24], when[64] = "";
		snprintf(no, sizeof(no), "%zu", i + 1);
		if (r->handed_at) {
			int y = 0, m = 0, d = 0, s = civil_local_secs(r->handed_at);
			civil_ymd(civil_local_day(r->handed_at), &y, &m, &d);
			snprintf(when, sizeof(when), "%02d:%02d, %02d/%02d/%04d", s / 3600, s / 60 % 60, d, m,
			         y);
		}
		const char *cells[] = {no,   val(r->from_unit), val(r->to_unit), when,
		                       r->timeliness ? r->timeliness : "", r->note ? r->note : ""};
		pdf_table_row(p, &t, cells);
	}
	p->y += GAP * 2;
}

static void form_06(struct pdf *p, const struct form_data *f)
{
	const struct form_control *c = &f->control;
	SAY_BOLD(p, "Mã hồ sơ: ", f->dossier_code);
	SAY(p, "Tên thủ tục hành chính: ", f->procedure_name);
	SAY(p, "Tổ chức, cá nhân nộp hồ sơ: ", f->applicant.name);
	SAY(p, "Cơ quan (bộ phận) giải quyết hồ sơ: ", c->resolving_agency);
	SAY(p, "Cơ quan phối hợp giải quyết hồ sơ: ", c->coordinating_agency);
	say_clock(p, "Thời gian nhận hồ sơ: ", f->received_at, "");
	say_clock(p, "Thời gian hẹn trả kết quả: ", f->due_at, "");
	p->y += GAP;
	handover_table(p, c);
	if (c->notes && *c->notes)
		SAY(p, "Ghi chú: ", c->notes);
	pdf_para(p,
	         "Kết quả giải quyết của mỗi bước do bên nhận ghi khi nhận hồ sơ; trên hệ thống thông "
	         "tin giải quyết thủ tục hành chính, quá trình này được ghi tự động.",
	         10, PDF_ITALIC | PDF_JUSTIFY, 0);
}

/* Entry point. */

static enum mc_err check(const struct form_data *f)
{
	if (f->form < 1 || f->form > 6)
		return MC_EINVAL;
	if (f->n_components > RENDER_MAX_ROWS || f->supplement.n_items > RENDER_MAX_ROWS ||
	    f->refusal.n_reasons > RENDER_MAX_ROWS || f->control.n_rows > RENDER_MAX_ROWS)
		return MC_ETOOBIG;
	return MC_OK;
}

enum mc_err render_form_pdf(const struct form_data *f, struct buf *out)
{
	static void (*const layouts[])(struct pdf *, const struct form_data *) = {
		form_01, form_02, form_03, form_04, form_05, form_06,
	};
	enum mc_err err = check(f);
	if (err)
		return err;
	size_t start = out->len;
	char number[512], place_date[256];
	const char *suffix = f->number_suffix ? f->number_suffix : suffixes[f->form - 1];
	snprintf(number, sizeof(number), "Số: %s/%s", val(f->number), suffix);
	fmt_place_date(f->place, f->date, place_date);
	struct pdf p;
	body_size = f->form == 1 ? 11.5 : BODY;
	body_gap = f->form == 1 ? 1.0 : GAP;
	pdf_begin(&p, out, titles[f->form - 1], f->date);
	pdf_header(&p, &(struct pdf_header){f->governing_unit, f->issuing_unit, number, place_date});
	pdf_title(&p, titles[f->form - 1]);
	p.y += 8;
	layouts[f->form - 1](&p, f);
	err = pdf_finish(&p);
	if (err) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
	}
	return err;
}
