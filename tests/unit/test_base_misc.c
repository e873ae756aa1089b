/* Tests of the small base modules: field errors (problem.h), the files built into the binary
 * (embed.h), the logger's line shape, level filter and truncation (log.h), and error names and
 * the string copy (base.h). */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/civil.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/problem.h"

/* Problems. */

static size_t count_listed(const struct problem *p)
{
	size_t n = 0;
	for (const struct field_error *e = p->head; e; e = e->next)
		n++;
	return n;
}

static void test_problem_empty(void **state)
{
	MC_UNUSED(state);
	struct arena a;
	struct problem p;
	arena_init(&a);
	memset(&p, 0x55, sizeof(p));
	problem_init(&p, &a);
	assert_ptr_equal(p.arena, &a);
	assert_null(p.head);
	assert_null(p.tail);
	assert_null(p.detail);
	assert_null(p.detail_vi);
	assert_int_equal(p.n, 0);
	assert_int_equal(a.total, 0);
	arena_release(&a);
}

/* Fields are kept in the order they were added; addf joins prefix and name with a dot. */
/* problem_mark and problem_rewind (the group-commit writer's careful pass): back to what was there,
 * from empty and from one field, and a NULL problem accepted. */
static void test_problem_rewind(void **state)
{
	MC_UNUSED(state);
	struct arena a;
	struct problem p;
	struct problem_mark empty, one;
	arena_init(&a);
	problem_init(&p, &a);
	problem_mark(&p, &empty);
	problem_add(&p, "a", "is required", "là bắt buộc");
	problem_mark(&p, &one);
	problem_add(&p, "b", "is too long", "quá dài");
	problem_detail(&p, "conflict", "xung đột");
	problem_rewind(&p, &one);
	assert_int_equal(p.n, 1);
	assert_int_equal(count_listed(&p), 1);
	assert_string_equal(p.head->field, "a");
	assert_null(p.detail);
	problem_add(&p, "c", "x", "y"); /* the list goes on from the mark */
	assert_int_equal(count_listed(&p), 2);
	assert_string_equal(p.head->next->field, "c");
	problem_rewind(&p, &empty);
	assert_int_equal(p.n, 0);
	assert_null(p.head);
	assert_int_equal(count_listed(&p), 0);
	problem_mark(NULL, &one);
	problem_rewind(NULL, &one);
	arena_release(&a);
}

static void test_problem_fields_in_order(void **state)
{
	MC_UNUSED(state);
	struct arena a;
	struct problem p;
	arena_init(&a);
	problem_init(&p, &a);
	problem_add(&p, "a.b", "is required", "là bắt buộc");
	problem_addf(&p, "applicant", "id_number", "is not a valid ID number",
		     "số định danh không hợp lệ");
	problem_addf(&p, "", "limit", "is too large", "quá lớn");
	problem_addf(&p, NULL, "cursor", "is not a cursor", "con trỏ không hợp lệ");
	problem_add(&p, NULL, "body is empty", "nội dung trống");
	problem_addf(&p, "a.b", "c", "x", "y");
	assert_int_equal(p.n, 6);
	assert_int_equal(count_listed(&p), 6);

	static const char *const fields[] = {"a.b", "applicant.id_number", "limit", "cursor", "",
					     "a.b.c"};
	static const char *const messages[] = {"is required", "is not a valid ID number",
					       "is too large", "is not a cursor", "body is empty",
					       "x"};
	static const char *const messages_vi[] = {"là bắt buộc", "số định danh không hợp lệ",
						  "quá lớn", "con trỏ không hợp lệ",
						  "nội dung trống", "y"};
	size_t i = 0;
	for (const struct field_error *e = p.head; e; e = e->next, i++) {
		assert_string_equal(e->field, fields[i]);
		assert_string_equal(e->message, messages[i]);
		assert_string_equal(e->message_vi, messages_vi[i]);
	}
	assert_int_equal(i, 6);
	assert_string_equal(p.tail->field, "a.b.c");
	assert_null(p.tail->next);
	arena_release(&a);
}

/* The strings are copies: the caller's buffers may change or go away afterwards. */
static void test_problem_copies_strings(void **state)
{
	MC_UNUSED(state);
	struct arena a;
	struct problem p;
	char field[16], prefix[16], name[16], msg[32], msg_vi[32], detail[32], detail_vi[32];
	arena_init(&a);
	problem_init(&p, &a);
	snprintf(field, sizeof(field), "phone");
	snprintf(prefix, sizeof(prefix), "applicant");
	snprintf(name, sizeof(name), "email");
	snprintf(msg, sizeof(msg), "is malformed");
	snprintf(msg_vi, sizeof(msg_vi), "sai định dạng");
	snprintf(detail, sizeof(detail), "invalid input");
	snprintf(detail_vi, sizeof(detail_vi), "dữ liệu sai");
	problem_add(&p, field, msg, msg_vi);
	problem_addf(&p, prefix, name, msg, msg_vi);
	problem_detail(&p, detail, detail_vi);
	size_t total = a.total;
	assert_true(total > 0);

	const struct field_error *e = p.head;
	assert_ptr_not_equal(e->field, field);
	assert_ptr_not_equal(e->message, msg);
	assert_ptr_not_equal(e->message_vi, msg_vi);
	assert_ptr_not_equal(p.detail, detail);
	assert_ptr_not_equal(p.detail_vi, detail_vi);
	memset(field, 'X', sizeof(field) - 1);
	memset(prefix, 'X', sizeof(prefix) - 1);
	memset(name, 'X', sizeof(name) - 1);
	memset(msg, 'X', sizeof(msg) - 1);
	memset(msg_vi, 'X', sizeof(msg_vi) - 1);
	memset(detail, 'X', sizeof(detail) - 1);
	memset(detail_vi, 'X', sizeof(detail_vi) - 1);
	assert_string_equal(e->field, "phone");
	assert_string_equal(e->message, "is malformed");
	assert_string_equal(e->message_vi, "sai định dạng");
	assert_string_equal(e->next->field, "applicant.email");
	assert_string_equal(e->next->message, "is malformed");
	assert_string_equal(p.detail, "invalid input");
	assert_string_equal(p.detail_vi, "dữ liệu sai");

	/* A NULL detail clears it. */
	problem_detail(&p, NULL, "chỉ tiếng Việt");
	assert_null(p.detail);
	assert_string_equal(p.detail_vi, "chỉ tiếng Việt");
	problem_detail(&p, "only English", NULL);
	assert_string_equal(p.detail, "only English");
	assert_null(p.detail_vi);
	arena_release(&a);
}

/* Past PROBLEM_MAX_ERRORS errors are counted but neither listed nor allocated. */
static void test_problem_cap(void **state)
{
	MC_UNUSED(state);
	struct arena a;
	struct problem p;
	char field[32];
	arena_init(&a);
	problem_init(&p, &a);
	for (int i = 0; i < PROBLEM_MAX_ERRORS; i++) {
		snprintf(field, sizeof(field), "items.%d", i);
		problem_add(&p, field, "bad", "sai");
	}
	assert_int_equal(p.n, PROBLEM_MAX_ERRORS);
	assert_int_equal(count_listed(&p), PROBLEM_MAX_ERRORS);
	size_t total = a.total;
	const struct field_error *tail = p.tail;
	for (int i = PROBLEM_MAX_ERRORS; i < PROBLEM_MAX_ERRORS + 5; i++) {
		snprintf(field, sizeof(field), "items.%d", i);
		problem_add(&p, field, "bad", "sai");
	}
	assert_int_equal(a.total, total); /* nothing allocated for a dropped error */
	for (int i = 0; i < 5; i++)
		problem_addf(&p, "items", "x", "bad", "sai");
	/* problem_addf builds the joined name in the arena before problem_add drops the error: a
	 * few bytes per dropped error, released with the request. */
	assert_true(a.total > total);
	assert_int_equal(p.n, PROBLEM_MAX_ERRORS + 10);
	assert_int_equal(count_listed(&p), PROBLEM_MAX_ERRORS);
	assert_ptr_equal(p.tail, tail);
	assert_null(p.tail->next);
	assert_string_equal(p.head->field, "items.0");
	assert_string_equal(p.tail->field, "items.63");
	assert_int_equal(PROBLEM_MAX_ERRORS, 64);
	size_t i = 0;
	for (const struct field_error *e = p.head; e; e = e->next, i++) {
		snprintf(field, sizeof(field), "items.%zu", i);
		assert_string_equal(e->field, field);
	}
	arena_release(&a);
}

/* Embedded files. */

/* Reads a file of the source tree into a malloc'd buffer. */
static unsigned char *read_source_file(const char *rel, size_t *size)
{
	char path[4096];
	const char *src = getenv("MOTCUA_SOURCE_DIR");
	assert_non_null(src);
	int n = snprintf(path, sizeof(path), "%s/%s", src, rel);
	assert_true(n > 0 && (size_t)n < sizeof(path));
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	long len = ftell(fp);
	assert_true(len > 0);
	assert_int_equal(fseek(fp, 0, SEEK_SET), 0);
	unsigned char *data = xmalloc((size_t)len);
	size_t got = fread(data, 1, (size_t)len, fp);
	fclose(fp);
	assert_int_equal(got, (size_t)len);
	*size = (size_t)len;
	return data;
}

static void expect_embedded_like_disk(const char *name)
{
	size_t size = 0;
	unsigned char *disk = read_source_file(name, &size);
	const struct embed_file *f = embed_find(name);
	assert_non_null(f);
	assert_string_equal(f->name, name);
	assert_int_equal(f->size, size);
	assert_memory_equal(f->data, disk, size);
	assert_int_equal(f->data[f->size], '\0');
	assert_int_equal(strlen((const char *)f->data), size); /* text files hold no NUL */
	free(disk);
}

static void test_embed_find(void **state)
{
	MC_UNUSED(state);
	expect_embedded_like_disk("sql/sqlite/0001_init.sql");
	expect_embedded_like_disk("data/hanoi_communes.csv");
	assert_null(embed_find("sql/sqlite/9999_nope.sql"));
	assert_null(embed_find(""));
	assert_null(embed_find("sql/sqlite/0001_init")); /* a prefix is not a name */
	assert_null(embed_find("sql/sqlite/0001_init.sql/"));
	assert_null(embed_find("/sql/sqlite/0001_init.sql"));
	assert_null(embed_find("SQL/SQLITE/0001_INIT.SQL"));
	assert_null(embed_find("hanoi_communes.csv"));
}

/* Every migration file in the source tree is embedded, byte for byte. */
static void test_embed_every_migration(void **state)
{
	MC_UNUSED(state);
	char path[4096], name[512];
	const char *src = getenv("MOTCUA_SOURCE_DIR");
	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/sql/sqlite", src);
	DIR *d = opendir(path);
	assert_non_null(d);
	size_t files = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len <= 4 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		snprintf(name, sizeof(name), "sql/sqlite/%s", e->d_name);
		expect_embedded_like_disk(name);
		files++;
	}
	closedir(d);
	assert_true(files >= 7);
	size_t embedded_sql = 0;
	for (const struct embed_file *f = embed_files; f->name; f++)
		if (strncmp(f->name, "sql/sqlite/", 11) == 0)
			embedded_sql++;
	assert_int_equal(embedded_sql, files);
}

/* The logger. */

struct capture {
	char path[64];
	int fd, saved;
};

/* Sends stderr to a fresh temporary file. No cmocka assertion may fail between capture_begin and
 * capture_end, or its message would land in the file: both only record what they need. */
static void capture_begin(struct capture *c)
{
	snprintf(c->path, sizeof(c->path), "/tmp/motcua-test-log-XXXXXX");
	c->fd = mkstemp(c->path);
	assert_true(c->fd >= 0);
	fflush(stderr);
	c->saved = dup(STDERR_FILENO);
	assert_true(c->saved >= 0);
	assert_int_equal(dup2(c->fd, STDERR_FILENO), STDERR_FILENO);
}

/* Restores stderr and returns what was written (malloc'd, NUL-terminated); *len its length. */
static char *capture_end(struct capture *c, size_t *len)
{
	fflush(stderr);
	int restored = dup2(c->saved, STDERR_FILENO);
	close(c->saved);
	assert_int_equal(restored, STDERR_FILENO);
	off_t size = lseek(c->fd, 0, SEEK_END);
	assert_true(size >= 0);
	char *text = xmalloc((size_t)size + 1);
	ssize_t got = pread(c->fd, text, (size_t)size, 0);
	close(c->fd);
	unlink(c->path);
	assert_int_equal(got, size);
	text[size] = '\0';
	*len = (size_t)size;
	return text;
}

/* Checks "YYYY-MM-DDTHH:MM:SS+07:00 " at the start of line, within a few seconds of now. */
static void expect_timestamp(const char *line, int64_t before, int64_t after)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd+07:00 ";
	for (size_t i = 0; i < sizeof(shape) - 1; i++) {
		if (shape[i] == 'd')
			assert_true(line[i] >= '0' && line[i] <= '9');
		else
			assert_int_equal(line[i], shape[i]);
	}
	int64_t t = 0;
	assert_int_equal(civil_parse_time(line, 25, &t), MC_OK);
	assert_true(t >= before && t <= after);
}

static void test_log_line_shape(void **state)
{
	MC_UNUSED(state);
	struct capture c;
	size_t len = 0;
	log_set_level(LOG_INFO);
	int64_t before = (int64_t)time(NULL);
	capture_begin(&c);
	log_info("unit \"%s\" created by %d", "001.01.50.H26", 7);
	char *text = capture_end(&c, &len);
	int64_t after = (int64_t)time(NULL);
	static const char rest[] = "info unit \"001.01.50.H26\" created by 7\n";
	assert_int_equal(len, 26 + sizeof(rest) - 1);
	expect_timestamp(text, before, after);
	assert_string_equal(text + 26, rest);
	free(text);
}

/* Lines below the level are dropped; each level has its name. */
static void test_log_levels(void **state)
{
	MC_UNUSED(state);
	struct capture c;
	size_t len = 0;
	int64_t before = (int64_t)time(NULL);
	capture_begin(&c);
	log_set_level(LOG_INFO);
	log_debug("dropped %d", 1);
	log_info("kept %d", 2);
	log_warn("kept %d", 3);
	log_error("kept %d", 4);
	log_set_level(LOG_ERROR);
	log_debug("dropped %d", 5);
	log_info("dropped %d", 6);
	log_warn("dropped %d", 7);
	log_error("kept %d", 8);
	log_set_level(LOG_DEBUG);
	log_debug("kept %d", 9);
	log_set_level(LOG_INFO);
	log_debug("dropped %d", 10);
	char *text = capture_end(&c, &len);
	int64_t after = (int64_t)time(NULL);

	static const char *const want[] = {"info kept 2\n", "warn kept 3\n", "error kept 4\n",
					   "error kept 8\n", "debug kept 9\n"};
	const char *p = text;
	for (size_t i = 0; i < MC_ARRAY_LEN(want); i++) {
		expect_timestamp(p, before, after);
		size_t n = strlen(want[i]);
		assert_memory_equal(p + 26, want[i], n);
		p += 26 + n;
	}
	assert_int_equal((size_t)(p - text), len);
	assert_null(strstr(text, "dropped"));
	free(text);
}

/* A line longer than the 2048-byte buffer is cut: prefix, 2015 bytes of message, newline. */
static void test_log_long_line(void **state)
{
	MC_UNUSED(state);
	struct capture c;
	size_t len = 0;
	char *big = xmalloc(5001);
	memset(big, 'x', 5000);
	big[5000] = '\0';
	log_set_level(LOG_INFO);
	capture_begin(&c);
	log_warn("%s", big);
	log_info("after %s", "it");
	char *text = capture_end(&c, &len);
	/* 25 (time) + 1 + 4 ("warn") + 1 = 31 bytes of prefix; 2047 bytes in all. */
	assert_int_equal(len, 2047 + 26 + strlen("info after it\n"));
	assert_memory_equal(text + 26, "warn ", 5);
	for (size_t i = 31; i < 2046; i++)
		assert_int_equal(text[i], 'x');
	assert_int_equal(text[2046], '\n');
	assert_string_equal(text + 2047 + 26, "info after it\n");

	/* Exactly filling the buffer: 2015 bytes of message are kept whole. */
	capture_begin(&c);
	big[2015] = '\0';
	log_warn("%s", big);
	char *text2 = capture_end(&c, &len);
	assert_int_equal(len, 2047);
	assert_int_equal(text2[2046], '\n');
	assert_int_equal(text2[2045], 'x');
	free(text2);

	/* One byte less leaves room: 2014 bytes and the newline. */
	capture_begin(&c);
	big[2014] = '\0';
	log_warn("%s", big);
	char *text3 = capture_end(&c, &len);
	assert_int_equal(len, 2046);
	assert_int_equal(text3[2045], '\n');
	free(text3);

	free(text);
	free(big);
}

/* A message with '%' and non-ASCII text passed through %s is written as is. */
static void test_log_literal_text(void **state)
{
	MC_UNUSED(state);
	struct capture c;
	size_t len = 0;
	log_set_level(LOG_INFO);
	capture_begin(&c);
	log_info("%s", "100% \"Phường Cửa Nam\" %s %d");
	log_info("%s", "");
	char *text = capture_end(&c, &len);
	const char *second = strchr(text, '\n');
	assert_non_null(second);
	second++;
	assert_int_equal((size_t)(second - text), 26 + strlen("info 100% \"Phường Cửa Nam\" %s %d\n"));
	assert_memory_equal(text + 26, "info 100% \"Phường Cửa Nam\" %s %d\n",
			    strlen("info 100% \"Phường Cửa Nam\" %s %d\n"));
	assert_string_equal(second + 26, "info \n");
	free(text);
}

/* Error names. */

static void test_err_names(void **state)
{
	MC_UNUSED(state);
	static const struct {
		enum mc_err err;
		const char *name;
	} names[] = {
		{MC_OK, "ok"},
		{MC_EINVAL, "invalid"},
		{MC_ENOTFOUND, "not found"},
		{MC_ECONFLICT, "conflict"},
		{MC_EFORBIDDEN, "forbidden"},
		{MC_EAUTH, "unauthenticated"},
		{MC_ETOOMANY, "too many"},
		{MC_ETOOBIG, "too big"},
		{MC_EDB, "database"},
		{MC_EIO, "io"},
		{MC_EBUSY, "busy"},
		{MC_EMEDIA, "unsupported media"},
		{MC_EINTERNAL, "internal"},
	};
	/* The table covers the enum: MC_EINTERNAL is its last value. */
	assert_int_equal(MC_ARRAY_LEN(names), MC_EINTERNAL + 1);
	for (size_t i = 0; i < MC_ARRAY_LEN(names); i++) {
		assert_int_equal(names[i].err, (enum mc_err)i);
		assert_string_equal(mc_err_name(names[i].err), names[i].name);
	}
	assert_string_equal(mc_err_name((enum mc_err)(MC_EINTERNAL + 1)), "unknown");
	assert_string_equal(mc_err_name((enum mc_err)-1), "unknown");
}

/* The string copy into a fixed buffer. */

static void test_str_copy(void **state)
{
	MC_UNUSED(state);
	char b[6];
	memset(b, 'x', sizeof(b));
	assert_true(str_copy(b, sizeof(b), "abcde"));
	assert_string_equal(b, "abcde");
	assert_false(str_copy(b, sizeof(b), "abcdef"));
	assert_string_equal(b, "abcde");
	assert_true(str_copy(b, sizeof(b), NULL));
	assert_string_equal(b, "");
	assert_false(str_copy(b, 1, "a"));
	assert_string_equal(b, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_problem_empty),
		cmocka_unit_test(test_problem_fields_in_order),
		cmocka_unit_test(test_problem_rewind),
		cmocka_unit_test(test_problem_copies_strings),
		cmocka_unit_test(test_problem_cap),
		cmocka_unit_test(test_embed_find),
		cmocka_unit_test(test_embed_every_migration),
		cmocka_unit_test(test_log_line_shape),
		cmocka_unit_test(test_log_levels),
		cmocka_unit_test(test_log_long_line),
		cmocka_unit_test(test_log_literal_text),
		cmocka_unit_test(test_err_names),
		cmocka_unit_test(test_str_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
