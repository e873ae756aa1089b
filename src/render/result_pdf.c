/* The demo's electronic result document (render/result_pdf.h), drawn with the forms' layout
 * helpers (render/pdf.h). */
#include "base/base.h"

#include "base/civil.h"
#include "render/pdf.h"
#include "render/result_pdf.h"

enum mc_err result_pdf_render(const struct result_doc *r, struct buf *out)
{
	char number[256], place_date[128], line[512];
	int y = 0, m = 0, d = 0;
	civil_ymd(civil_local_day(r->date), &y, &m, &d);
	snprintf(number, sizeof(number), "Số: %s", r->number);
	snprintf(place_date, sizeof(place_date), "Hà Nội, ngày %02d tháng %s%d năm %04d", d,
		 m < 3 ? "0" : "", m, y);
	size_t start = out->len;
	struct pdf p;
	pdf_begin(&p, out, r->title, r->date);
	pdf_header(&p, &(struct pdf_header){r->governing_unit, r->issuing_unit, number, place_date});
	pdf_title(&p, r->title);
	p.y += 12;
	snprintf(line, sizeof(line), "Cấp cho: %s", r->applicant);
	pdf_para(&p, line, 13, 0, 6);
	snprintf(line, sizeof(line), "Theo hồ sơ số: %s", r->dossier_code);
	pdf_para(&p, line, 13, 0, 6);
	pdf_para(&p,
		 "Văn bản điện tử này được ký số bởi cơ quan giải quyết; kiểm tra chữ ký tại trang "
		 "tra cứu hồ sơ bằng mã hồ sơ và mã tra cứu.",
		 12, PDF_ITALIC | PDF_JUSTIFY, 6);
	pdf_para(&p, "Bản trình diễn (demo): chứng thư số thử nghiệm, không có giá trị pháp lý.", 11,
		 PDF_ITALIC, 0);
	enum mc_err err = pdf_finish(&p);
	if (err) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
	}
	return err;
}
