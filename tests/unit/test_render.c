/* Tests of render/: forms 01–06 as PDF read back with poppler's pdftotext, pdffonts and pdfinfo,
 * Form 01's QR code decoded with zbarimg from a 200 dpi rendering, the book (Form 07) as XLSX read
 * back with unzip and as CSV, the error paths, and two threads rendering at once. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "render/book.h"
#include "render/forms.h"

/* 2026-11-26 09:00 in Hanoi (02:00Z), a Thursday; due three working days later. */
#define T_RECEIVED INT64_C(1795658400)
#define T_DUE (T_RECEIVED + 5 * 86400)
#define DUE_TEXT "09 giờ 00 phút, ngày 01/12/2026"
#define RECEIVED_TEXT "09 giờ 00 phút, ngày 26/11/2026"
#define CODE "002.01.50.H26-261126-0001"
#define NAME "Nguyễn Thị Hằng"
#define QR_URL "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=002.01.50.H26-261126-0001&k=Zx9"
#define PDF_CAP (8u << 20)

/* fontconfig's caches live until exit behind pointers LeakSanitizer cannot follow; they do not grow
 * with the number of documents (see tests/unit/lsan.supp, which says the same for LSAN_OPTIONS). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static char tmpdir[64];
static bool keep; /* MOTCUA_RENDER_OUT names a directory that keeps the files to look at */

static int setup(void **state)
{
	MC_UNUSED(state);
	const char *out = getenv("MOTCUA_RENDER_OUT");
	if (out && *out && strlen(out) < sizeof(tmpdir)) {
		snprintf(tmpdir, sizeof(tmpdir), "%s", out);
		keep = true;
		return 0;
	}
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/mc_render_XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	MC_UNUSED(state);
	if (keep)
		return 0;
	static const char *const names[] = {"f1.pdf", "f2.pdf", "f3.pdf", "f4.pdf", "f5.pdf", "f6.pdf",
	                                    "f40.pdf", "qr.png", "book.xlsx", "blank.pdf"};
	char path[128];
	for (size_t i = 0; i < MC_ARRAY_LEN(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	return rmdir(tmpdir);
}

static const struct render_component components[] = {
	{"Tờ khai đăng ký khai sinh (Mẫu TP/HT-2020-KS.1)", "Bản chính", 1},
	{"Giấy chứng sinh", "Bản chính", 1},
	{"Giấy tờ tùy thân của người đi đăng ký", "Bản sao", 1},
};

static const char *const items[] = {"Bổ sung bản sao Giấy chứng nhận kết hôn của cha, mẹ",
                                    "Ghi đầy đủ nơi sinh trên tờ khai"};
static const char *const reasons[] = {"Hồ sơ không thuộc thẩm quyền giải quyết của đơn vị"};

static struct render_handover rows[40];

static void fill_rows(size_t n)
{
	static const char *const units[] = {"Bộ phận TN&TKQ", "Phòng Kinh tế", "Lãnh đạo UBND phường"};
	static const char *const status[] = {"Trước hạn", "Đúng hạn", "Quá hạn", ""};
	for (size_t i = 0; i < n; i++)
		rows[i] = (struct render_handover){units[i % 3], units[(i + 1) % 3],
		                                   T_RECEIVED + (int64_t)i * 3600, status[i % 4], NULL};
}

static void fill(struct form_data *f, int form)
{
	memset(f, 0, sizeof(*f));
	f->form = form;
	f->number = form == 2 ? "002.01.50.H26-261126-PBS-0001" : CODE;
	f->governing_unit = "UBND THÀNH PHỐ HÀ NỘI";
	f->issuing_unit = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG";
	f->receiving_unit = "Trung tâm Phục vụ hành chính công thành phố Hà Nội - Điểm phục vụ số 50";
	f->place = "Hà Nội";
	f->date = T_RECEIVED;
	f->dossier_code = CODE;
	f->procedure_name = "Đăng ký khai sinh";
	f->applicant = (struct render_person){NAME, "001190012345",
	                                      "Số 12 ngõ 34 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
	                                      "0912 345 678", "hang.nguyen@example.vn"};
	f->components = components;
	f->n_components = MC_ARRAY_LEN(components);
	f->sets = 1;
	f->statutory_time = "3 ngày làm việc";
	f->received_at = T_RECEIVED;
	f->due_at = T_DUE;
	f->result_place = "Điểm phục vụ số 50, 12 phố Lý Thái Tổ, phường Hoàn Kiếm";
	f->officer_name = "Trần Văn Minh";
	f->book_volume = "05";
	f->book_entry = "0001";
	f->qr_payload = QR_URL;
	f->supplement = (struct form_supplement){items, MC_ARRAY_LEN(items),
	                                         "Hồ sơ thiếu giấy tờ theo quy định", "Trần Văn Minh",
	                                         "024 3825 1234"};
	f->refusal = (struct form_refusal){reasons, MC_ARRAY_LEN(reasons)};
	f->apology = (struct form_apology){"Phòng Văn hóa - Xã hội", 0,
	                                   "Cần xác minh thông tin với cơ quan khác",
	                                   T_DUE + 7 * 86400, "Lê Thị Thu", NULL, NULL};
	f->stop = (struct form_stop){T_RECEIVED + 86400, "Người nộp hồ sơ đề nghị rút hồ sơ", NULL,
	                             "Lê Thị Thu"};
	fill_rows(6);
	f->control = (struct form_control){"Phòng Văn hóa - Xã hội", "Công an phường", rows, 6,
	                                   "Hồ sơ giấy chuyển kèm"};
}

/* Runs a command and returns its standard output (malloc'd). */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf b;
	buf_init(&b, 16u << 20);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), MC_OK);
	pclose(p);
	char *s = buf_take(&b, NULL);
	return s ? s : xstrdup("");
}

static void write_file(const char *path, const struct buf *b)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(b->data, 1, b->len, fp), b->len);
	assert_int_equal(fclose(fp), 0);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Renders f to tmpdir/name and returns the full path in path[128]. */
static void render_to(const struct form_data *f, const char *name, char path[128])
{
	struct buf b;
	buf_init(&b, PDF_CAP);
	assert_int_equal(render_form_pdf(f, &b), MC_OK);
	assert_true(b.len > 1000);
	assert_memory_equal(b.data, "%PDF-", 5);
	snprintf(path, 128, "%s/%s", tmpdir, name);
	write_file(path, &b);
	buf_release(&b);
}

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("missing \"%s\" in:\n%s", want, text);
}

static void check_form(int form, const char *when_text)
{
	struct form_data f;
	fill(&f, form);
	char path[128], name[16];
	snprintf(name, sizeof(name), "f%d.pdf", form);
	render_to(&f, name, path);
	char *text = run("pdftotext -layout '%s' -", path);
	assert_has(text, render_form_title(form));
	assert_has(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	assert_has(text, "Độc lập - Tự do - Hạnh phúc");
	assert_has(text, "UBND THÀNH PHỐ HÀ NỘI");
	assert_has(text, "Hà Nội, ngày 26 tháng 11 năm 2026");
	assert_has(text, NAME);
	assert_has(text, CODE);
	assert_has(text, when_text);
	free(text);
	char *info = run("pdfinfo '%s'", path);
	assert_has(info, "Pages:           1\n");
	assert_has(info, "Page size:       595.276 x 841.89 pts (A4)");
	free(info);
}

static void test_form_01(void **state)
{
	MC_UNUSED(state);
	check_form(1, DUE_TEXT);
	char path[128];
	snprintf(path, sizeof(path), "%s/f1.pdf", tmpdir);
	char *text = run("pdftotext -layout '%s' -", path);
	assert_has(text, "Số: " CODE "/TTPVHCC");
	assert_has(text, "3. Thời gian giải quyết hồ sơ theo quy định: 3 ngày làm việc");
	assert_has(text, "4. Thời gian nhận hồ sơ: " RECEIVED_TEXT);
	assert_has(text, "Giấy chứng sinh");
	assert_has(text, "NGƯỜI NỘP HỒ SƠ");
	assert_has(text, "NGƯỜI TIẾP NHẬN HỒ SƠ");
	free(text);
}

static void test_form_02(void **state)
{
	MC_UNUSED(state);
	check_form(2, RECEIVED_TEXT);
	char path[128];
	snprintf(path, sizeof(path), "%s/f2.pdf", tmpdir);
	char *text = run("pdftotext -layout '%s' -", path);
	/* Too long for one line even at 10.5 pt: the number breaks after its slash. */
	assert_has(text, "Số: 002.01.50.H26-261126-PBS-0001/");
	assert_has(text, "PBS-TTPVHCC");
	assert_has(text, "2. Ghi đầy đủ nơi sinh trên tờ khai");
	assert_has(text, "NGƯỜI HƯỚNG DẪN");
	free(text);
}

static void test_form_03(void **state)
{
	MC_UNUSED(state);
	check_form(3, RECEIVED_TEXT);
}

static void test_form_04(void **state)
{
	MC_UNUSED(state);
	check_form(4, DUE_TEXT);
	char path[128];
	snprintf(path, sizeof(path), "%s/f4.pdf", tmpdir);
	char *text = run("pdftotext -layout '%s' -", path);
	assert_has(text, "09 giờ 00 phút, ngày 08/12/2026");
	assert_has(text, "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ");
	free(text);
}

static void test_form_05(void **state)
{
	MC_UNUSED(state);
	check_form(5, DUE_TEXT);
}

static void test_form_06(void **state)
{
	MC_UNUSED(state);
	check_form(6, DUE_TEXT);
	char path[128];
	snprintf(path, sizeof(path), "%s/f6.pdf", tmpdir);
	char *text = run("pdftotext -layout '%s' -", path);
	assert_has(text, "Phòng Kinh tế");
	assert_has(text, "Quá hạn");
	free(text);
}

/* Form 01's QR code, rendered at 200 dpi, decodes to the exact URL. */
static void test_form_01_qr(void **state)
{
	MC_UNUSED(state);
	struct form_data f;
	fill(&f, 1);
	char path[128];
	render_to(&f, "f1.pdf", path);
	char *out = run("pdftoppm -r 200 -png -f 1 -l 1 -singlefile '%s' '%s/qr' && "
	                "zbarimg --raw -q '%s/qr.png' 2>/dev/null",
	                path, tmpdir, tmpdir);
	assert_string_equal(out, QR_URL "\n");
	free(out);
}

/* Pango really set the forms in Noto Serif, and the font is embedded. */
static void test_fonts(void **state)
{
	MC_UNUSED(state);
	assert_string_equal(render_font_family(), "Noto Serif");
	struct form_data f;
	fill(&f, 1);
	char path[128];
	render_to(&f, "f1.pdf", path);
	char *fonts = run("pdffonts '%s'", path);
	assert_has(fonts, "+NotoSerif-Regular ");
	assert_has(fonts, "+NotoSerif-Bold ");
	assert_null(strstr(fonts, "DejaVu"));
	for (const char *line = strstr(fonts, "+NotoSerif"); line; line = strstr(line + 1, "+NotoSerif")) {
		const char *end = strchr(line, '\n');
		assert_non_null(end);
		char row[256];
		snprintf(row, sizeof(row), "%.*s", (int)(end - line), line);
		assert_non_null(strstr(row, " yes yes yes ")); /* embedded, subset, with a ToUnicode map */
	}
	free(fonts);
}

/* A 40-row control sheet continues its table on a second page, under a repeated head. */
static void test_form_06_long(void **state)
{
	MC_UNUSED(state);
	struct form_data f;
	fill(&f, 6);
	fill_rows(40);
	f.control.n_rows = 40;
	char path[128];
	render_to(&f, "f40.pdf", path);
	char *info = run("pdfinfo '%s'", path);
	assert_has(info, "Pages:           2\n");
	free(info);
	char *p2 = run("pdftotext -layout -f 2 -l 2 '%s' -", path);
	assert_has(p2, "Bên giao");
	assert_has(p2, "40 ");
	free(p2);
}

static void test_errors(void **state)
{
	MC_UNUSED(state);
	struct form_data f;
	struct buf b;
	buf_init(&b, PDF_CAP);
	assert_int_equal(buf_append_str(&b, "kept"), MC_OK);
	fill(&f, 0);
	assert_int_equal(render_form_pdf(&f, &b), MC_EINVAL);
	fill(&f, 7);
	assert_int_equal(render_form_pdf(&f, &b), MC_EINVAL);
	fill(&f, 1);
	f.applicant.name = "Nguy\xE1\xBB"; /* cut in the middle of a character */
	assert_int_equal(render_form_pdf(&f, &b), MC_EINVAL);
	fill(&f, 1);
	f.n_components = RENDER_MAX_ROWS + 1;
	assert_int_equal(render_form_pdf(&f, &b), MC_ETOOBIG);
	assert_int_equal(b.len, 4);
	assert_string_equal(b.data, "kept");
	fill(&f, 1);
	char url[400];
	memset(url, 'a', sizeof(url) - 1);
	url[sizeof(url) - 1] = '\0';
	f.qr_payload = url; /* would need QR version 13: too dense to scan from paper */
	assert_int_equal(render_form_pdf(&f, &b), MC_EINVAL);
	assert_int_equal(b.len, 4);
	buf_release(&b);
	buf_init(&b, 2000); /* far too small for a PDF */
	fill(&f, 3);
	assert_int_equal(render_form_pdf(&f, &b), MC_ETOOBIG);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

/* A form with nothing filled in prints the blanks of the paper form (dotted lines, "….. giờ"). */
static void test_blank_forms(void **state)
{
	MC_UNUSED(state);
	for (int form = 1; form <= 6; form++) {
		struct form_data f = {.form = form};
		struct buf b;
		buf_init(&b, PDF_CAP);
		assert_int_equal(render_form_pdf(&f, &b), MC_OK);
		char path[128];
		snprintf(path, sizeof(path), "%s/blank.pdf", tmpdir);
		write_file(path, &b);
		buf_release(&b);
		char *text = run("pdftotext -layout '%s' -", path);
		assert_has(text, render_form_title(form));
		assert_has(text, "ngày ….. tháng ….. năm ……..");
		assert_has(text, "Số: …………………………/");
		free(text);
	}
}

/* Forms render on a pool of two threads: both render at once, each many times. */
static void *render_many(void *arg)
{
	int *ok = arg;
	for (int i = 0; i < 6; i++) {
		struct form_data f;
		fill(&f, 1 + (i % 6));
		struct buf b;
		buf_init(&b, PDF_CAP);
		if (render_form_pdf(&f, &b) == MC_OK && b.len > 1000)
			(*ok)++;
		buf_release(&b);
	}
	return NULL;
}

static void test_threads(void **state)
{
	MC_UNUSED(state);
	pthread_t t[2];
	int ok[2] = {0, 0};
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, render_many, &ok[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(ok[0], 6);
	assert_int_equal(ok[1], 6);
}

/* Reports the time to render each form (after the first, which loads the fonts). */
static void test_timing(void **state)
{
	MC_UNUSED(state);
	for (int form = 1; form <= 6; form++) {
		struct form_data f;
		fill(&f, form);
		double t0 = now_ms();
		enum { N = 10 };
		size_t bytes = 0;
		for (int i = 0; i < N; i++) {
			struct buf b;
			buf_init(&b, PDF_CAP);
			assert_int_equal(render_form_pdf(&f, &b), MC_OK);
			bytes = b.len;
			buf_release(&b);
		}
		print_message("form %02d: %.1f ms, %zu bytes\n", form, (now_ms() - t0) / N, bytes);
	}
}

/* The book. */

static const struct book_row book[] = {
	{"002.01.50.H26-261126-0001", "Đăng ký khai sinh", NAME, "Số 12 phố Hàng Bạc, Hoàn Kiếm",
	 "0912 345 678", "UBND phường Hoàn Kiếm", T_RECEIVED, T_DUE, T_DUE - 3600, "Trực tiếp"},
	{"002.01.50.H26-261126-0002", "Cấp bản sao trích lục hộ tịch", "Công ty TNHH An, Bình",
	 "Tầng 3, \"Tòa A\", 5 Láng Hạ", NULL, "Sở Tư pháp", T_RECEIVED + 600, T_DUE, 0,
	 "Dịch vụ bưu chính công ích"},
	{"002.01.50.H26-261126-0003", "=1+1", "@SUM(A1)", "-2+3", "+84 912", "\tTab", T_RECEIVED,
	 T_DUE, 0, "Trực tuyến"},
};

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_book_xlsx(void **state)
{
	MC_UNUSED(state);
	char path[128];
	snprintf(path, sizeof(path), "%s/book.xlsx", tmpdir);
	assert_int_equal(render_book_xlsx(path, "SỔ THEO DÕI HỒ SƠ - Lĩnh vực Hộ tịch", book,
	                                  MC_ARRAY_LEN(book)),
	                 MC_OK);
	char *xml = run("unzip -p '%s' xl/worksheets/sheet1.xml", path);
	for (size_t i = 0; i < MC_ARRAY_LEN(book); i++)
		assert_has(xml, book[i].code);
	assert_has(xml, NAME);
	assert_has(xml, "Công ty TNHH An, Bình");
	assert_has(xml, "Hẹn trả kết quả");
	assert_has(xml, "SỔ THEO DÕI HỒ SƠ - Lĩnh vực Hộ tịch");
	/* One row for the title, one for the heads, one per book row. */
	assert_int_equal(count(xml, "<row "), MC_ARRAY_LEN(book) + 2);
	assert_has(xml, "<mergeCell ref=\"A1:K1\"/>");
	free(xml);
	char *styles = run("unzip -p '%s' xl/styles.xml", path);
	assert_has(styles, "formatCode=\"dd/mm/yyyy hh:mm\"");
	free(styles);
	assert_int_equal(render_book_xlsx("/nonexistent-dir/x.xlsx", "t", book, 1), MC_EIO);
}

static void test_book_csv(void **state)
{
	MC_UNUSED(state);
	struct buf b;
	buf_init(&b, 1u << 20);
	assert_int_equal(render_book_csv(&b, book, MC_ARRAY_LEN(book)), MC_OK);
	assert_memory_equal(b.data, "\xEF\xBB\xBFSTT,Mã hồ sơ,Tên TTHC,", 28);
	assert_has(b.data, ",Phương thức nhận kết quả,Ký nhận\r\n1,002.01.50.H26-261126-0001,"
	                   "Đăng ký khai sinh," NAME ",\"Số 12 phố Hàng Bạc, Hoàn Kiếm; ĐT: 0912 345 "
	                   "678\",UBND phường Hoàn Kiếm,26/11/2026 09:00,01/12/2026 09:00,"
	                   "01/12/2026 08:00,Trực tiếp,\r\n");
	assert_has(b.data, ",\"Công ty TNHH An, Bình\",\"Tầng 3, \"\"Tòa A\"\", 5 Láng Hạ\",Sở Tư "
	                   "pháp,26/11/2026 09:10,01/12/2026 09:00,,Dịch vụ bưu chính công ích,\r\n");
	assert_has(b.data, "\r\n3,002.01.50.H26-261126-0003,'=1+1,'@SUM(A1),'-2+3; ĐT: +84 912,"
	                   "'\tTab,");
	assert_int_equal(count(b.data, "\r\n"), MC_ARRAY_LEN(book) + 1);
	buf_release(&b);

	buf_init(&b, 100);
	assert_int_equal(render_book_csv(&b, book, MC_ARRAY_LEN(book)), MC_ETOOBIG);
	assert_int_equal(b.len, 0);
	struct book_row bad = {.code = "\xFF"};
	assert_int_equal(render_book_csv(&b, &bad, 1), MC_EINVAL);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fonts),        cmocka_unit_test(test_form_01),
		cmocka_unit_test(test_form_01_qr),   cmocka_unit_test(test_form_02),
		cmocka_unit_test(test_form_03),      cmocka_unit_test(test_form_04),
		cmocka_unit_test(test_form_05),      cmocka_unit_test(test_form_06),
		cmocka_unit_test(test_form_06_long), cmocka_unit_test(test_errors),
		cmocka_unit_test(test_blank_forms),
		cmocka_unit_test(test_threads),      cmocka_unit_test(test_timing),
		cmocka_unit_test(test_book_xlsx),    cmocka_unit_test(test_book_csv),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
