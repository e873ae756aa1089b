/* Indicators (docs/indicators.md): the counts of store/indicator_store.c in one read transaction,
 * named and explained. The formulas follow the national portal's application of Decision 766
 * (RULES.md §2, [S]) where one exists; the others are ours and say so. */
#include "base/base.h"

#include <string.h>

#include "svc/indicators.h"
#include "svc/perm.h"
#include "svc/scope.h"
#include "store/indicator_store.h"

enum mc_err report_scope(struct svc_ctx *ctx, const char *unit, const char **units_json)
{
	*units_json = NULL;
	if (!ctx->user)
		return MC_EAUTH;
	if (perm_has_role(ctx->user, "citizen") && ctx->user->nroles == 1)
		return MC_EFORBIDDEN;
	if (perm_has_role(ctx->user, "admin"))
		return MC_OK;
	char(*codes)[UNIT_CODE_MAX];
	size_t n = 0;
	enum mc_err err = scope_units(ctx, NULL, NULL, &codes, &n);
	if (err)
		return err;
	bool found = !unit;
	for (size_t i = 0; i < n; i++)
		found |= unit && !strcmp(unit, codes[i]);
	*units_json = scope_codes_json(ctx, codes, n);
	if (!found) {
		problem_detail(ctx->problem, "the unit is outside the units you work for",
			       "đơn vị nằm ngoài phạm vi đơn vị của bạn");
		return MC_EFORBIDDEN;
	}
	return MC_OK;
}


static void put(struct indicator *out, size_t *n, const char *id, const char *code_766,
		const char *name, const char *formula, int64_t num, int64_t den)
{
	out[(*n)++] = (struct indicator){id, code_766, name, formula, num, den};
}

struct counts_arg {
	int64_t from, to;
	const char *unit;
	struct indicator_counts c;
};

static enum mc_err read_counts(struct svc_ctx *ctx, void *arg)
{
	struct counts_arg *a = arg;
	const char *units;
	enum mc_err err = report_scope(ctx, a->unit, &units);
	return err ? err : indicatorstore_counts(ctx->db, a->from, a->to, units, a->unit, &a->c);
}

enum mc_err indicators_compute(struct svc_ctx *ctx, int64_t from, int64_t to, const char *unit,
			       struct indicator out[INDICATORS_MAX], size_t *n)
{
	struct counts_arg a = {from, to, unit, {0}};
	*n = 0;
	if (!ctx->user)
		return MC_EAUTH;
	if (perm_has_role(ctx->user, "citizen") && ctx->user->nroles == 1)
		return MC_EFORBIDDEN;
	enum mc_err err = svc_read(ctx, read_counts, &a);
	if (err)
		return err;
	const struct indicator_counts c = a.c;
	put(out, n, "portal_sync", "1.4", "Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia",
	    "hồ sơ tiếp nhận trong kỳ đã được Cổng Dịch vụ công quốc gia xác nhận / tổng số hồ sơ tiếp "
	    "nhận trong kỳ × 100",
	    c.received_synced, c.received);
	put(out, n, "processing_on_time", "2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn",
	    "(hồ sơ đã giải quyết trước hạn, đúng hạn + hồ sơ đang giải quyết còn hạn) / (hồ sơ đã "
	    "giải quyết + hồ sơ đang giải quyết) × 100",
	    c.decided_in_time + c.open_within, c.decided + c.open_within + c.open_past_due);
	put(out, n, "returns_on_time", NULL, "Tỷ lệ trả kết quả đúng hẹn",
	    "hồ sơ trả kết quả (tại quầy, gửi bưu chính, trực tuyến) không muộn hơn thời gian hẹn trả / "
	    "hồ sơ đã trả kết quả × 100",
	    c.returned_in_time, c.returned);
	put(out, n, "online_submission", "3.3", "Tỷ lệ hồ sơ nộp trực tuyến",
	    "hồ sơ nộp trực tuyến được tiếp nhận / tổng số hồ sơ được tiếp nhận × 100",
	    c.received_online, c.received);
	put(out, n, "full_online", "3", "Tỷ lệ hồ sơ trực tuyến toàn trình",
	    "hồ sơ nộp trực tuyến của thủ tục cung cấp dịch vụ công trực tuyến toàn trình / tổng số hồ "
	    "sơ của các thủ tục đó được tiếp nhận × 100",
	    c.received_full_online, c.received_full);
	put(out, n, "online_payment", "4", "Tỷ lệ hồ sơ thanh toán trực tuyến",
	    "hồ sơ có phí, lệ phí đã thanh toán trực tuyến / hồ sơ nộp trong kỳ của thủ tục có phí, lệ "
	    "phí (khác 0) × 100",
	    c.paid_online, c.with_fee);
	put(out, n, "electronic_results", "6.1", "Tỷ lệ hồ sơ có kết quả điện tử",
	    "hồ sơ có kết quả giải quyết điện tử đã ký số / hồ sơ có kết quả (phê duyệt) × 100",
	    c.approved_electronic, c.approved);
	put(out, n, "digitized_dossiers", "6.2", "Tỷ lệ số hóa hồ sơ",
	    "hồ sơ đã giải quyết có đủ tệp điện tử của các thành phần hồ sơ và (nếu có kết quả) kết quả "
	    "điện tử đã ký số / hồ sơ đã giải quyết × 100",
	    c.decided_digitized, c.decided);
	put(out, n, "data_reuse", "6.4", "Tỷ lệ hồ sơ sử dụng lại dữ liệu, giấy tờ đã số hóa",
	    "hồ sơ tiếp nhận trong kỳ có thành phần dùng lại tệp đã nộp trong hồ sơ trước / hồ sơ "
	    "tiếp nhận trong kỳ có thành phần hồ sơ điện tử × 100",
	    c.reused_documents, c.with_documents);
	put(out, n, "population_data", "6.6", "Tỷ lệ hồ sơ trực tuyến sử dụng dữ liệu dân cư",
	    "hồ sơ nộp trực tuyến được tiếp nhận trong kỳ của tài khoản xác thực qua VNeID / hồ sơ "
	    "nộp trực tuyến được tiếp nhận trong kỳ × 100",
	    c.online_vneid, c.received_online);
	put(out, n, "satisfaction", "5.3", "Mức độ hài lòng trong tiếp nhận, giải quyết thủ tục",
	    "(hồ sơ đã giải quyết − hồ sơ bị đánh giá không hài lòng hoặc giải quyết quá hạn) / hồ sơ "
	    "đã giải quyết × 100",
	    c.decided - c.decided_unsatisfied_or_late, c.decided);
	put(out, n, "extension_late_notices", NULL, "Tỷ lệ gia hạn thông báo muộn",
	    "số lần gia hạn ghi nhận khi còn dưới một ngày làm việc trước hạn (hoặc đã quá hạn) / số "
	    "lần gia hạn × 100",
	    c.extended_late, c.extended);
	put(out, n, "feedback_received", NULL, "Số phản ánh, kiến nghị trên 100 hồ sơ tiếp nhận",
	    "phản ánh, kiến nghị, khiếu nại nhận trong kỳ / hồ sơ tiếp nhận trong kỳ × 100",
	    c.feedback_received, c.received);
	put(out, n, "feedback_on_time", "5.1", "Tỷ lệ phản ánh, kiến nghị được trả lời đúng hạn",
	    "phản ánh, kiến nghị đến hạn trả lời trong kỳ đã được trả lời không muộn hơn hạn / phản "
	    "ánh, kiến nghị đến hạn trả lời trong kỳ × 100",
	    c.feedback_due_answered_in_time, c.feedback_due);
	return MC_OK;
}
