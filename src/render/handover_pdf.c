/* The layout of the handover record (biên bản bàn giao tổ chức lại): wording and tables only;
 * page mechanics live in pdf.c. */
#include "base/base.h"

#include "base/civil.h"
#include "render/handover_pdf.h"
#include "render/pdf.h"

#define BODY 12.5
#define SMALL 10.5
#define GAP 3.0

static const char *status_vi(const char *s)
{
	if (!strcmp(s, "received"))
		return "Đã nhận";
	if (!strcmp(s, "missing"))
		return "Thiếu";
	if (!strcmp(s, "damaged"))
		return "Hư hỏng";
	return "Chưa xác nhận";
}

static const char *const kinds[] = {"staff", "dossier", "record", "asset"};
static const char *const sections[] = {
	"I. DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC",
	"II. HỒ SƠ THỦ TỤC HÀNH CHÍNH",
	"III. HỒ SƠ LƯU TRỮ",
	"IV. TÀI SẢN, TRANG THIẾT BỊ",
};

static void items_table(struct pdf *p, const struct handover_doc *d, size_t k)
{
	struct pdf_table t = {
		.ncols = 4,
		.widths = {30, PDF_TEXT_W - 30 - 80 - 90, 80, 90},
		.align = {PDF_CENTER, 0, PDF_CENTER, 0},
		.head = {"TT", "Nội dung", "Tình trạng", "Ghi chú"},
		.size = SMALL,
	};
	size_t n = 0;
	pdf_need(p, 60);
	pdf_para(p, sections[k], BODY, PDF_BOLD, GAP);
	for (size_t i = 0; i < d->nitems; i++)
		n += strcmp(d->items[i].kind, kinds[k]) == 0;
	if (n == 0) {
		pdf_para(p, "Không có.", BODY, PDF_ITALIC, GAP * 2);
		return;
	}
	pdf_table_head(p, &t);
	n = 0;
	for (size_t i = 0; i < d->nitems; i++) {
		const struct handover_item *it = &d->items[i];
		char no[24];
		if (strcmp(it->kind, kinds[k]) != 0)
			continue;
		snprintf(no, sizeof(no), "%zu", ++n);
		const char *cells[] = {no, it->label, status_vi(it->status), it->note};
		pdf_table_row(p, &t, cells);
	}
	p->y += GAP * 2;
}

static void intro(struct pdf *p, const struct handover_doc *d)
{
	struct buf b;
	buf_init(&b, 4096);
	buf_printf(&b, "Căn cứ Quyết định số %s ngày %s về việc tổ chức lại, có hiệu lực từ %s; "
		   "thời hạn hoàn thành bàn giao: %s.", d->decision_number, d->signed_on,
		   d->effective_at, d->deadline);
	pdf_para(p, b.data, BODY, PDF_JUSTIFY, GAP);
	b.len = 0;
	buf_printf(&b, "Đơn vị được bàn giao: %s (mã %s).", d->unit_name, d->unit_code);
	pdf_para(p, b.data, BODY, 0, GAP);
	b.len = 0;
	buf_printf(&b, "Bên giao: %s.", d->giver_name);
	pdf_para(p, b.data, BODY, 0, GAP);
	b.len = 0;
	buf_printf(&b, "Bên nhận: %s.", d->receiver_name);
	pdf_para(p, b.data, BODY, 0, GAP);
	pdf_para(p, "Hai bên thống nhất bàn giao theo danh mục dưới đây:", BODY, 0, GAP * 2);
	buf_release(&b);
}

static void place_date(int64_t t, char out[128])
{
	int y = 0, m = 0, d = 0;
	civil_ymd(civil_local_day(t), &y, &m, &d);
	snprintf(out, 128, "Hà Nội, ngày %02d tháng %s%d năm %04d", d, m < 3 ? "0" : "", m, y);
}

enum mc_err render_handover_pdf(const struct handover_doc *d, struct buf *out)
{
	struct pdf p;
	char date[128], number[160];
	place_date(d->now, date);
	snprintf(number, sizeof(number), "Số: %s", d->decision_number);
	pdf_begin(&p, out, "BIÊN BẢN BÀN GIAO", d->created);
	pdf_header(&p, &(struct pdf_header){"UBND THÀNH PHỐ HÀ NỘI", d->receiver_name, number, date});
	pdf_title(&p, "BIÊN BẢN BÀN GIAO");
	pdf_para(&p, d->unit_name, BODY, PDF_CENTER | PDF_BOLD, GAP * 3);
	intro(&p, d);
	for (size_t k = 0; k < MC_ARRAY_LEN(kinds); k++)
		items_table(&p, d, k);
	pdf_para(&p, d->complete ? "Biên bản đã được hai bên ký, hoàn thành bàn giao."
				 : "Biên bản chưa hoàn thành.",
		 BODY, PDF_ITALIC, GAP * 3);
	pdf_need(&p, 120);
	pdf_signatures(&p, &(struct pdf_sign){"ĐẠI DIỆN BÊN GIAO", "(Ký và ghi rõ họ tên)", d->giver_by},
		       &(struct pdf_sign){"ĐẠI DIỆN BÊN NHẬN", "(Ký và ghi rõ họ tên)", d->receiver_by});
	return pdf_finish(&p);
}
