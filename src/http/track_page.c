/* The tracking page that Form 01's QR opens (/track/{code}?s=…): server-rendered HTML, readable on
 * a phone without JavaScript, in the look of the web application (its stylesheet, header and
 * footer). It shows what GET /public/dossiers/{code} shows: the masked name, dates as dd/mm/yyyy
 * HH:mm, a timeline of the steps, the due time and the timeliness, whether a scanned receipt's
 * signature is genuine; once the result is returned, the rating form (sent by /ui/track.js); a
 * link to send feedback about the dossier. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/dossier_state.h"
#include "http/track_page.h"

static void text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': buf_append_str(b, "&lt;"); break;
		case '>': buf_append_str(b, "&gt;"); break;
		case '&': buf_append_str(b, "&amp;"); break;
		case '"': buf_append_str(b, "&quot;"); break;
		case '\'': buf_append_str(b, "&#39;"); break;
		default: buf_append(b, s, 1);
		}
	}
}

/* "26/11/2026 09:30", as everywhere in the application; "—" for none. */
static void when(struct buf *b, int64_t t)
{
	if (!t) {
		buf_append_str(b, "—");
		return;
	}
	int secs = civil_local_secs(t), y, m, d;
	civil_ymd(civil_local_day(t), &y, &m, &d);
	buf_printf(b, "%02d/%02d/%04d %02d:%02d", d, m, y, secs / 3600, secs / 60 % 60);
}

static const char *status_vi(enum ds_status s)
{
	static const char *const vi[DS_NSTATUS] = {
		[DS_SUBMITTED] = "Đã nộp trực tuyến, chờ tiếp nhận",
		[DS_NEEDS_COMPLETION] = "Cần bổ sung, hoàn thiện hồ sơ",
		[DS_RECEIVED] = "Đã tiếp nhận",
		[DS_PROCESSING] = "Đang giải quyết",
		[DS_AWAITING_SUPPLEMENT] = "Chờ bổ sung hồ sơ",
		[DS_READY_FOR_RETURN] = "Đã có kết quả, chờ trả",
		[DS_RETURNED] = "Đã trả kết quả",
		[DS_STOPPED] = "Đã dừng giải quyết",
		[DS_REFUSED] = "Từ chối tiếp nhận",
	};
	return (unsigned)s < DS_NSTATUS ? vi[s] : ds_status_name(s);
}

static const char *timeliness_vi(const char *t)
{
	return !strcmp(t, "early")     ? "Trước hạn"
	       : !strcmp(t, "on_time") ? "Đúng hạn"
	       : !strcmp(t, "late")    ? "Quá hạn"
				       : NULL;
}

static const char *rating_vi(const char *r)
{
	return !strcmp(r, "very_satisfied") ? "Rất hài lòng"
	       : !strcmp(r, "satisfied")    ? "Hài lòng"
	       : !strcmp(r, "unsatisfied")  ? "Không hài lòng"
					    : r;
}

static void head(struct buf *b, const char *title)
{
	buf_append_str(b, "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
			  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
			  "<title>");
	text(b, title);
	buf_append_str(
		b, " — Trung tâm PVHCC Hà Nội</title>"
		   "<link rel=\"stylesheet\" href=\"/ui/style.css\">"
		   "<link rel=\"icon\" href=\"/ui/icon.svg\" type=\"image/svg+xml\">"
		   "<script type=\"module\" src=\"/ui/track.js\"></script></head><body>"
		   "<a class=\"skip-link\" href=\"#main\">Bỏ qua, đến nội dung chính</a>"
		   "<header class=\"header\"><div class=\"container header__inner\">"
		   "<a class=\"header__brand\" href=\"/#/\"><img src=\"/ui/icon.svg\" alt=\"\" "
		   "width=\"36\" height=\"36\"><span><span class=\"header__org\">Trung tâm Phục vụ "
		   "hành chính công</span> <span class=\"header__city\">Thành phố Hà Nội</span>"
		   "</span></a></div></header><main id=\"main\" class=\"container main track\" "
		   "tabindex=\"-1\">");
}

static void foot(struct buf *b)
{
	buf_append_str(b, "</main><footer class=\"footer\"><div class=\"container\"><p>Hệ thống "
			  "thông tin giải quyết thủ tục hành chính <strong>motcua</strong> · <a "
			  "href=\"/#/\">Tra cứu thủ tục, hồ sơ khác</a></p></div></footer></body></html>");
}

static void row(struct buf *b, const char *term, const char *value, int64_t t)
{
	buf_append_str(b, "<div><dt>");
	text(b, term);
	buf_append_str(b, "</dt><dd>");
	if (value)
		text(b, value);
	else
		when(b, t);
	buf_append_str(b, "</dd></div>");
}

/* One point of the timeline: done (with its time), current, or upcoming. */
static void point(struct buf *b, const char *state, const char *title, int64_t at,
		  const char *note)
{
	buf_printf(b, "<li class=\"timeline__item timeline__item--%s\" data-state=\"%s\">"
		      "<span class=\"timeline__title\">", state, state);
	text(b, title);
	buf_append_str(b, "</span> <span class=\"timeline__when\">");
	if (at)
		when(b, at);
	else if (note)
		text(b, note);
	buf_append_str(b, "</span>");
	if (at && note) {
		buf_append_str(b, " <span class=\"timeline__note\">· ");
		text(b, note);
		buf_append_str(b, "</span>");
	}
	buf_append_str(b, "</li>");
}

/* Received and not yet decided: a step may be under way (its due time running or paused). */
static bool in_work(const struct dossier *d)
{
	return ds_status_clock(d->status) != DS_CLOCK_NONE;
}

static void timeline(struct buf *b, const struct dossier *d)
{
	bool closed = d->status == DS_STOPPED || d->status == DS_REFUSED;
	buf_append_str(b, "<h2 id=\"timeline-title\">Quá trình giải quyết</h2>"
			  "<ol class=\"timeline\" aria-labelledby=\"timeline-title\">");
	if (!strcmp(d->channel, "online") && d->submitted_at)
		point(b, "done", "Nộp hồ sơ trực tuyến", d->submitted_at, NULL);
	if (d->received_at)
		point(b, "done", "Tiếp nhận hồ sơ", d->received_at, NULL);
	else if (!closed)
		point(b, "current", "Tiếp nhận hồ sơ", 0, status_vi(d->status));
	bool current_seen = false;
	for (size_t i = 0; i < d->nsteps; i++) {
		const struct dossier_step *s = &d->steps[i];
		char *title = NULL;
		size_t n = strlen(s->name ? s->name : "") + 32;
		title = xmalloc(n);
		snprintf(title, n, "Bước %lld: %s", (long long)s->idx, s->name ? s->name : "");
		if (s->done_at) {
			point(b, "done", title, s->done_at, timeliness_vi(s->timeliness));
		} else if (!current_seen && in_work(d) && s->started_at) {
			current_seen = true;
			point(b, "current", title, 0,
			      d->paused_since ? "Tạm dừng, chờ bổ sung hồ sơ" : "Đang thực hiện");
		} else {
			point(b, "upcoming", title, 0, closed ? "Không thực hiện" : "Chưa đến bước này");
		}
		free(title);
	}
	if (d->returned_at)
		point(b, "done", "Trả kết quả", d->returned_at, NULL);
	else if (d->status == DS_READY_FOR_RETURN)
		point(b, "current", "Trả kết quả", 0, "Đã có kết quả, mời nhận");
	else if (closed)
		point(b, "done", status_vi(d->status), 0, d->closed_reason ? d->closed_reason : "");
	else
		point(b, "upcoming", "Trả kết quả", 0, "Chưa đến bước này");
	buf_append_str(b, "</ol>");
}

static void rating(struct buf *b, const struct dossier *d)
{
	if (d->status != DS_RETURNED)
		return;
	buf_append_str(b, "<section class=\"track__rating\" aria-labelledby=\"rating-title\">"
			  "<h2 id=\"rating-title\">Đánh giá mức độ hài lòng</h2>");
	if (d->rating[0]) {
		buf_append_str(b, "<p class=\"rating\" id=\"rating-done\">Bạn đã đánh giá: ");
		text(b, rating_vi(d->rating));
		buf_append_str(b, "</p></section>");
		return;
	}
	buf_append_str(
		b, "<form id=\"rating-form\" novalidate data-code=\"");
	text(b, d->code);
	buf_append_str(
		b, "\"><div class=\"form-group\"><fieldset class=\"fieldset\" id=\"score\">"
		   "<legend class=\"label\">Bạn có hài lòng với việc giải quyết hồ sơ này?</legend>"
		   "<p id=\"score-error\" class=\"field-error\" hidden></p><div class=\"choices\">"
		   "<div class=\"choice\"><input class=\"choice__input\" type=\"radio\" name=\"score\" "
		   "id=\"score-very_satisfied\" value=\"very_satisfied\"><label class=\"choice__label\" "
		   "for=\"score-very_satisfied\">Rất hài lòng</label></div>"
		   "<div class=\"choice\"><input class=\"choice__input\" type=\"radio\" name=\"score\" "
		   "id=\"score-satisfied\" value=\"satisfied\"><label class=\"choice__label\" "
		   "for=\"score-satisfied\">Hài lòng</label></div>"
		   "<div class=\"choice\"><input class=\"choice__input\" type=\"radio\" name=\"score\" "
		   "id=\"score-unsatisfied\" value=\"unsatisfied\"><label class=\"choice__label\" "
		   "for=\"score-unsatisfied\">Không hài lòng</label></div></div></fieldset></div>"
		   "<div class=\"form-group\"><label class=\"label\" for=\"comment\">Góp ý (không bắt "
		   "buộc)</label><textarea class=\"input\" id=\"comment\" name=\"comment\" rows=\"3\" "
		   "maxlength=\"2000\"></textarea></div><div class=\"button-group\"><button "
		   "class=\"button\" type=\"submit\">Gửi đánh giá</button></div>"
		   "<noscript><p>Cần bật JavaScript để gửi đánh giá.</p></noscript></form>"
		   "<div id=\"rating-result\" tabindex=\"-1\"></div></section>");
}

/* The signed electronic result: download and verification, with the code and secret (both of
 * alphabets that need no escaping in a URL; escaped for HTML anyway). */
static void signed_result(struct buf *b, const struct dossier *d, const char *secret)
{
	buf_append_str(b, "<section id=\"result\"><h2>Kết quả điện tử</h2><p>Kết quả đã được cơ "
			  "quan giải quyết ký số.</p><ul><li><a href=\"/api/v1/public/dossiers/");
	text(b, d->code);
	buf_append_str(b, "/result.pdf?secret=");
	text(b, secret);
	buf_append_str(b, "\">Tải kết quả điện tử (PDF đã ký số)</a></li><li><a "
			  "href=\"/api/v1/public/results/verify?code=");
	text(b, d->code);
	buf_append_str(b, "&amp;secret=");
	text(b, secret);
	buf_append_str(b, "\">Kiểm tra chữ ký số</a></li></ul></section>");
}

void track_page_render(struct buf *b, const struct dossier *d, int receipt, int64_t now,
		       const char *secret)
{
	char *masked = ds_mask_name(d->applicant_name ? d->applicant_name : "");
	head(b, "Tra cứu hồ sơ");
	buf_append_str(b, "<h1>Tra cứu hồ sơ</h1>");
	if (receipt > 0)
		buf_append_str(b, "<p class=\"notice\" role=\"status\" id=\"receipt\"><strong>Giấy "
				  "tiếp nhận hợp lệ</strong>: chữ ký số của Trung tâm khớp với hồ sơ "
				  "này.</p>");
	else if (receipt == 0)
		buf_append_str(b, "<p class=\"notice notice--error\" role=\"alert\" id=\"receipt\">"
				  "<strong>Cảnh báo: chữ ký trên giấy tiếp nhận không hợp lệ</strong>. "
				  "Giấy này có thể đã bị làm giả.</p>");
	buf_append_str(b, "<dl class=\"summary-list\" id=\"facts\">");
	row(b, "Mã hồ sơ", d->code, 0);
	row(b, "Thủ tục", d->procedure_name ? d->procedure_name : "", 0);
	row(b, "Người nộp", masked, 0);
	row(b, "Trạng thái", status_vi(d->status), 0);
	row(b, "Ngày tiếp nhận", NULL, d->received_at);
	row(b, "Hẹn trả kết quả", NULL, d->extended_due_at ? d->extended_due_at : d->due_at);
	if (d->extended_due_at)
		row(b, "Gia hạn", "Cơ quan giải quyết đã xin lỗi và hẹn lại ngày trả kết quả", 0);
	const char *tl = timeliness_vi(d->timeliness);
	if (!tl && ds_overdue(d->status, d->due_at, d->extended_due_at, now))
		tl = "Đang quá hạn";
	else if (!tl && ds_status_clock(d->status) == DS_CLOCK_RUNS)
		tl = "Đang giải quyết trong hạn";
	row(b, "Tiến độ giải quyết", tl ? tl : "—", 0);
	row(b, "Ngày trả kết quả", NULL, d->returned_at);
	buf_append_str(b, "</dl>");
	if (secret)
		signed_result(b, d, secret);
	timeline(b, d);
	rating(b, d);
	/* Feedback about this dossier (docs/feedback.md), its code prefilled. */
	buf_append_str(b, "<p id=\"feedback-link\"><a href=\"/#/phan-anh?ma=");
	text(b, d->code);
	buf_append_str(b, "\">Gửi phản ánh, kiến nghị về hồ sơ này</a></p>");
	foot(b);
	free(masked);
}

void track_page_error(struct buf *b, const char *message)
{
	head(b, "Tra cứu hồ sơ");
	buf_append_str(b, "<h1>Tra cứu hồ sơ</h1><p class=\"notice notice--error\" role=\"alert\">");
	text(b, message);
	buf_append_str(b, "</p><p><a href=\"/#/\">Về trang chủ để tra cứu lại</a></p>");
	foot(b);
}
