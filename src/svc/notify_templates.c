/* Notification templates (notify_templates.h): the built-in Vietnamese texts and the data
 * directory's overrides. Rendering itself is domain/notify_text.c's. */
#include "base/base.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "base/log.h"
#include "svc/notify_templates.h"

#define SIGNATURE "\n\nTrân trọng,\nTrung tâm Phục vụ hành chính công\n"

static const struct {
	const char *event, *email, *sms;
} defaults[] = {
	{"received",
	 "Hồ sơ {code} đã được tiếp nhận\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Hồ sơ {code} về thủ tục \"{procedure}\" đã được tiếp nhận lúc {received}.\n"
	 "Hẹn trả kết quả: {due}.\n"
	 "Theo dõi hồ sơ tại: {tracking_url}" SIGNATURE,
	 "Ho so {code} da duoc tiep nhan. Hen tra ket qua: {due}. Tra cuu: {tracking_url}"},
	{"completion",
	 "Hồ sơ {code} cần hoàn thiện\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Hồ sơ {code} về thủ tục \"{procedure}\" cần được hoàn thiện trước khi tiếp nhận.\n"
	 "Giấy tờ cần bổ sung, hoàn thiện:\n{missing}\n"
	 "Lý do: {reason}\n"
	 "Theo dõi hồ sơ tại: {tracking_url}" SIGNATURE,
	 "Ho so {code} can hoan thien: {missing_line}. Chi tiet: {tracking_url}"},
	{"supplement",
	 "Hồ sơ {code} cần bổ sung giấy tờ\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Hồ sơ {code} về thủ tục \"{procedure}\" cần bổ sung để tiếp tục giải quyết.\n"
	 "Giấy tờ cần bổ sung:\n{missing}\n"
	 "Lý do: {reason}\n"
	 "Thời gian giải quyết tạm dừng cho đến khi nhận đủ giấy tờ bổ sung.\n"
	 "Theo dõi hồ sơ tại: {tracking_url}" SIGNATURE,
	 "Ho so {code} can bo sung: {missing_line}. Chi tiet: {tracking_url}"},
	{"extended",
	 "Thư xin lỗi và gia hạn thời gian giải quyết hồ sơ {code}\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Cơ quan giải quyết chân thành xin lỗi vì hồ sơ {code} về thủ tục \"{procedure}\" "
	 "chưa thể trả kết quả đúng hạn ({due}).\n"
	 "Lý do: {reason}\n"
	 "Thời hạn trả kết quả mới: {new_due}.\n"
	 "Phiếu xin lỗi và đề nghị gia hạn (Mẫu 04) được gửi kèm thư này.\n"
	 "Theo dõi hồ sơ tại: {tracking_url}" SIGNATURE,
	 "Xin loi: ho so {code} duoc gia han den {new_due}. Ly do: {reason}"},
	{"ready",
	 "Hồ sơ {code} đã có kết quả\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Hồ sơ {code} về thủ tục \"{procedure}\" đã có kết quả: {decision}.\n"
	 "Mời Ông/Bà nhận kết quả tại {return_unit}, từ {ready_at}, trong giờ làm việc "
	 "(sáng 8:00–12:00, chiều 13:00–17:00, thứ Hai đến thứ Sáu), "
	 "mang theo giấy tiếp nhận hồ sơ và hẹn trả kết quả.\n"
	 "Theo dõi hồ sơ tại: {tracking_url}" SIGNATURE,
	 "Ho so {code} da co ket qua. Moi nhan tai {return_unit} tu {ready_at}."},
	{"returned",
	 "Hồ sơ {code} đã được trả kết quả\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Kết quả hồ sơ {code} về thủ tục \"{procedure}\" đã được trả lúc {returned}.\n"
	 "Mời Ông/Bà đánh giá mức độ hài lòng tại: {tracking_url}" SIGNATURE,
	 "Ho so {code} da tra ket qua luc {returned}. Danh gia: {tracking_url}"},
	{"booked",
	 "Lịch hẹn {code} đã được đặt\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Ông/Bà đã đặt lịch hẹn nộp hồ sơ thủ tục {procedure} tại {point} "
	 "lúc {slot}.\n"
	 "Mã lịch hẹn: {code}. Khi đến, xin đưa mã này cho cán bộ tiếp nhận để được lấy số ưu tiên.\n"
	 "Muốn hủy lịch hẹn, xin dùng mã lịch hẹn và số định danh cá nhân trên trang đặt lịch."
	 SIGNATURE,
	 "Lich hen {code}: {slot} tai {point}. Dua ma nay khi den de lay so uu tien."},
	{"reminder",
	 "Nhắc lịch hẹn {code}\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Xin nhắc Ông/Bà có lịch hẹn nộp hồ sơ thủ tục {procedure} tại {point} lúc {slot}.\n"
	 "Mã lịch hẹn: {code}." SIGNATURE,
	 "Nhac lich hen {code}: {slot} tai {point}."},
	{"feedback_answered",
	 "Phản ánh, kiến nghị {code} đã được trả lời\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Phản ánh, kiến nghị {code} của Ông/Bà đã được {unit} trả lời lúc {answered}:\n\n"
	 "{answer}\n\n"
	 "Xem câu trả lời tại: {follow_url}" SIGNATURE,
	 "Phan anh, kien nghi {code} da duoc tra loi. Xem tai: {follow_url}"},
	{"feedback_assigned",
	 "Phản ánh, kiến nghị {code} được chuyển đơn vị xử lý\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Phản ánh, kiến nghị {code} của Ông/Bà đã được chuyển đến {unit} để xem xét, trả lời.\n"
	 "Hạn trả lời: {due}.\n"
	 "Theo dõi tại: {follow_url}" SIGNATURE,
	 "Phan anh, kien nghi {code} da chuyen den don vi khac xu ly. Han tra loi: {due}. "
	 "Theo doi: {follow_url}"},
	{"refused",
	 "Hồ sơ {code} bị từ chối tiếp nhận\n\n"
	 "Kính gửi {applicant},\n\n"
	 "Hồ sơ {code} về thủ tục \"{procedure}\" không được tiếp nhận.\n"
	 "Lý do: {reason}" SIGNATURE,
	 "Ho so {code} bi tu choi tiep nhan. Ly do: {reason}"},
};

const char *notify_default_template(const char *event, const char *channel)
{
	for (size_t i = 0; i < MC_ARRAY_LEN(defaults); i++)
		if (!strcmp(defaults[i].event, event))
			return !strcmp(channel, "email") ? defaults[i].email : defaults[i].sms;
	return NULL;
}

/* The override's text into arena a; NULL when there is none (quietly) or it cannot be used
 * (logged). */
/* Override files found missing, by path, each with when it was (CLOCK_MONOTONIC ms): one is not
 * looked for again within ABSENT_MS, so that the usual data directory without overrides costs no
 * file system call per notification (an fopen that fails, ~3 us of an intake's CPU). A file
 * added is used from the first notification ABSENT_MS after it was last found missing; a file
 * present is read at each notification, so an edit or a removal applies at once. */
#define ABSENT_MS 1000
#define ABSENT_SLOTS 64

static struct {
	pthread_mutex_t lock;
	struct {
		char path[256];
		int64_t at_ms;
	} slot[ABSENT_SLOTS];
	size_t next; /* the slot to take for a path not yet known, in turn */
} absent = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* True when path was found missing less than ABSENT_MS ago. */
static bool known_absent(const char *path, int64_t now_ms)
{
	bool yes = false;
	pthread_mutex_lock(&absent.lock);
	for (size_t i = 0; i < ABSENT_SLOTS && !yes; i++)
		yes = absent.slot[i].at_ms && now_ms - absent.slot[i].at_ms < ABSENT_MS &&
		      !strcmp(absent.slot[i].path, path);
	pthread_mutex_unlock(&absent.lock);
	return yes;
}

static void note_absent(const char *path, int64_t now_ms)
{
	if (strlen(path) >= sizeof(absent.slot[0].path))
		return; /* looked for each time */
	pthread_mutex_lock(&absent.lock);
	size_t at = ABSENT_SLOTS;
	for (size_t i = 0; i < ABSENT_SLOTS && at == ABSENT_SLOTS; i++)
		if (absent.slot[i].at_ms && !strcmp(absent.slot[i].path, path))
			at = i;
	if (at == ABSENT_SLOTS) {
		at = absent.next;
		absent.next = (absent.next + 1) % ABSENT_SLOTS;
		snprintf(absent.slot[at].path, sizeof(absent.slot[at].path), "%s", path);
	}
	absent.slot[at].at_ms = now_ms;
	pthread_mutex_unlock(&absent.lock);
}

static char *read_override(struct arena *a, const char *path)
{
	int64_t now_ms = mono_ms();
	if (known_absent(path, now_ms))
		return NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT)
			note_absent(path, now_ms);
		else
			log_warn("notifications: template \"%s\" unreadable: %s", path, strerror(errno));
		return NULL;
	}
	char *text = arena_alloc(a, NOTIFY_TEMPLATE_MAX + 1);
	size_t n = fread(text, 1, NOTIFY_TEMPLATE_MAX + 1, f);
	fclose(f);
	if (n > NOTIFY_TEMPLATE_MAX || memchr(text, '\0', n)) {
		log_warn("notifications: template \"%s\" is over %d bytes or binary: the default is used",
			 path, NOTIFY_TEMPLATE_MAX);
		return NULL;
	}
	text[n] = '\0';
	return text;
}

/* Splits an e-mail template's rendering into its subject (first line) and body (after the empty
 * line). False when it has no such shape or the subject is empty or too long. */
static bool split_mail(char *text, char **subject, char **body)
{
	char *nl = strchr(text, '\n');
	if (!nl || nl == text || (size_t)(nl - text) > NOTIFY_SUBJECT_CHARS)
		return false;
	*nl = '\0';
	if (nl > text && nl[-1] == '\r')
		nl[-1] = '\0';
	char *rest = nl + 1;
	if (*rest == '\r')
		rest++;
	if (*rest != '\n')
		return false;
	*subject = text;
	*body = rest + 1;
	return **subject != '\0';
}

static bool render_one(struct arena *a, const char *tpl, const char *channel,
		       const struct notify_var *vars, size_t n, char **subject, char **body)
{
	char *text = notify_render(a, tpl, vars, n);
	if (!text)
		return false;
	*subject = NULL;
	if (!strcmp(channel, "email"))
		return split_mail(text, subject, body);
	*body = text;
	return *text != '\0';
}

bool notify_render_template(struct arena *a, const char *data_dir, const char *event,
			    const char *channel, const struct notify_var *vars, size_t n,
			    char **subject, char **body)
{
	const char *fallback = notify_default_template(event, channel);
	if (!fallback)
		return false;
	if (data_dir) {
		const char *path =
			arena_printf(a, "%s/templates/notify/%s.%s.txt", data_dir, event, channel);
		char *tpl = read_override(a, path);
		if (tpl && render_one(a, tpl, channel, vars, n, subject, body))
			return true;
		if (tpl)
			log_warn("notifications: template \"%s\" is broken (an unknown placeholder, or "
				 "no subject line and empty line): the default is used",
				 path);
	}
	if (render_one(a, fallback, channel, vars, n, subject, body))
		return true;
	log_error("notifications: the default template \"%s.%s\" does not render", event, channel);
	return false;
}
