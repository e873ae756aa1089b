/* The layout of the fee receipt (render/fee_receipt_pdf.h): wording and the lines' table only;
 * page mechanics live in pdf.c. */
#include "base/base.h"

#include "base/buf.h"
#include "base/civil.h"
#include "render/fee_receipt_pdf.h"
#include "render/pdf.h"

#define BODY 12.5
#define SMALL 10.5
#define GAP 3.0
#define QR_SIDE (32 * PDF_MM)

void render_vnd(int64_t v, char out[32])
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%lld", (long long)(v < 0 ? -v : v));
	size_t j = 0;
	if (v < 0)
		out[j++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[j++] = '.';
		out[j++] = digits[i];
	}
	out[j] = '\0';
}

static void line(struct pdf *p, const char *label, const char *value)
{
	struct pdf_text t;
	pdf_text_init(&t, BODY, 0);
	pdf_text_add(&t, label, 0);
	pdf_text_add(&t, value && *value ? value : "……………………", PDF_BOLD);
	pdf_flow(p, &t, 0, GAP);
	pdf_text_release(&t);
}

static void lines_table(struct pdf *p, const struct fee_receipt_doc *d)
{
	struct pdf_table t = {
		.ncols = 4,
		.widths = {30, PDF_TEXT_W - 30 - 70 - 110, 70, 110},
		.align = {PDF_CENTER, 0, PDF_CENTER, PDF_RIGHTALIGN},
		.head = {"TT", "Khoản thu", "Số lượng", "Số tiền (đồng)"},
		.size = SMALL,
	};
	char total[32];
	pdf_table_head(p, &t);
	for (size_t i = 0; i < d->nlines; i++) {
		char no[24], qty[24], amount[32];
		snprintf(no, sizeof(no), "%zu", i + 1);
		snprintf(qty, sizeof(qty), "%lld", (long long)d->lines[i].quantity);
		render_vnd(d->lines[i].amount, amount);
		const char *cells[] = {no, d->lines[i].name, qty, amount};
		pdf_table_row(p, &t, cells);
	}
	render_vnd(d->amount, total);
	const char *cells[] = {"", "Tổng cộng", "", total};
	pdf_table_row(p, &t, cells);
	p->y += GAP * 2;
}

enum mc_err render_fee_receipt_pdf(const struct fee_receipt_doc *d, struct buf *out)
{
	struct pdf p;
	char date[128], number[160], paid[64], total[48];
	int y = 0, m = 0, dd = 0;
	civil_ymd(civil_local_day(d->paid_at), &y, &m, &dd);
	snprintf(date, sizeof(date), "Hà Nội, ngày %02d tháng %s%d năm %04d", dd, m < 3 ? "0" : "", m,
		 y);
	snprintf(number, sizeof(number), "Số: %s", d->receipt_no);
	int secs = civil_local_secs(d->paid_at);
	snprintf(paid, sizeof(paid), "%02d giờ %02d phút, ngày %02d/%02d/%04d", secs / 3600,
		 secs % 3600 / 60, dd, m, y);
	render_vnd(d->amount, total);
	pdf_begin(&p, out, "BIÊN LAI THU PHÍ, LỆ PHÍ", d->paid_at);
	pdf_header(&p, &(struct pdf_header){"UBND THÀNH PHỐ HÀ NỘI", d->agency_name, number, date});
	pdf_title(&p, "BIÊN LAI THU PHÍ, LỆ PHÍ");
	pdf_para(&p, "(Biên lai điện tử)", BODY, PDF_CENTER | PDF_ITALIC, GAP * 3);
	double qr_y = p.y;
	p.inset_right = QR_SIDE + 6 * PDF_MM;
	p.inset_until = qr_y + QR_SIDE;
	line(&p, "Đơn vị thu: ", d->agency_name);
	line(&p, "Người nộp: ", d->payer_name);
	line(&p, "Số định danh: ", d->payer_id);
	line(&p, "Mã hồ sơ: ", d->dossier_code);
	line(&p, "Thủ tục: ", d->procedure_name);
	pdf_qr(&p, d->qr_payload, PDF_RIGHT - QR_SIDE, qr_y, QR_SIDE);
	pdf_box_str(&p, "Quét mã để kiểm tra biên lai", 8, PDF_CENTER, PDF_RIGHT - QR_SIDE - 10,
		    qr_y + QR_SIDE + 2, QR_SIDE + 20);
	if (p.y < qr_y + QR_SIDE + 16)
		p.y = qr_y + QR_SIDE + 16;
	p.inset_right = 0;
	lines_table(&p, d);
	strncat(total, " đồng", sizeof(total) - strlen(total) - 1);
	line(&p, "Số tiền bằng số: ", total);
	line(&p, "Hình thức nộp: ",
	     strcmp(d->method, "cash") == 0 ? "Tiền mặt tại Bộ phận Một cửa"
					    : "Thanh toán trực tuyến qua cổng thanh toán");
	if (d->gateway_ref)
		line(&p, "Mã giao dịch: ", d->gateway_ref);
	line(&p, "Thời điểm nộp: ", paid);
	pdf_need(&p, 120);
	pdf_signatures(&p, NULL,
		       &(struct pdf_sign){"NGƯỜI THU TIỀN",
					  d->collector ? "(Ký và ghi rõ họ tên)" : "(Biên lai điện tử)",
					  d->collector});
	return pdf_finish(&p);
}

static void day_text(int64_t t, char out[16])
{
	int y = 0, m = 0, dd = 0;
	civil_ymd(civil_local_day(t), &y, &m, &dd);
	snprintf(out, 16, "%02d/%02d/%04d", dd, m, y);
}

enum mc_err render_cash_book_pdf(const struct cash_book_doc *d, struct buf *out)
{
	struct pdf p;
	char date[128], from[16], to[16], total[32];
	int64_t sum = 0;
	int y = 0, m = 0, dd = 0;
	civil_ymd(civil_local_day(d->now), &y, &m, &dd);
	snprintf(date, sizeof(date), "Hà Nội, ngày %02d tháng %s%d năm %04d", dd, m < 3 ? "0" : "", m,
		 y);
	day_text(d->from, from);
	day_text(d->to, to);
	pdf_begin_page(&p, out, "SỔ THU PHÍ, LỆ PHÍ BẰNG TIỀN MẶT", d->now, true);
	pdf_header(&p, &(struct pdf_header){d->governing_unit, d->unit_name, "", date});
	pdf_title(&p, "SỔ THU PHÍ, LỆ PHÍ BẰNG TIỀN MẶT");
	char *period = NULL;
	struct buf b;
	buf_init(&b, 256);
	buf_printf(&b, "Từ ngày %s đến ngày %s", from, to);
	period = b.data;
	pdf_para(&p, period, BODY, PDF_CENTER | PDF_ITALIC, GAP * 3);
	buf_release(&b);
	double w = p.right - p.left; /* landscape */
	struct pdf_table t = {
		.ncols = 7,
		.widths = {28, 150, 145, w - 28 - 150 - 145 - 95 - 85 - 105, 95, 85, 105},
		.align = {PDF_CENTER, 0, 0, 0, PDF_CENTER, PDF_RIGHTALIGN, 0},
		.head = {"TT", "Số biên lai", "Mã hồ sơ", "Người nộp", "Thời điểm nộp",
			 "Số tiền (đồng)", "Người thu"},
		.size = SMALL,
	};
	pdf_table_head(&p, &t);
	for (size_t i = 0; i < d->n; i++) {
		const struct cash_book_row *r = &d->rows[i];
		char no[24], when[48], amount[48];
		int s = civil_local_secs(r->paid_at);
		day_text(r->paid_at, from);
		snprintf(no, sizeof(no), "%zu", i + 1);
		snprintf(when, sizeof(when), "%02d:%02d %s", s / 3600, s % 3600 / 60, from);
		render_vnd(r->amount, amount);
		if (r->refunded)
			snprintf(amount + strlen(amount), sizeof(amount) - strlen(amount), " (đã hoàn)");
		else
			sum += r->amount;
		const char *cells[] = {no, r->receipt_no, r->dossier_code, r->payer, when, amount,
				       r->collector};
		pdf_table_row(&p, &t, cells);
	}
	render_vnd(sum, total);
	const char *cells[] = {"", "Tổng cộng", "", "", "", total, ""};
	pdf_table_row(&p, &t, cells);
	p.y += GAP * 4;
	pdf_need(&p, 120);
	pdf_signatures(&p, NULL, &(struct pdf_sign){"NGƯỜI GHI SỔ", "(Ký và ghi rõ họ tên)", d->keeper});
	return pdf_finish(&p);
}
