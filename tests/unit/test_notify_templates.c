/* Tests of the notification templates' overrides (svc/notify_templates.h, docs/notifications.md):
 * without a file the built-in text; a file added is used once the missing file's memory has
 * passed (a second); an edited file applies at once, a removed one too; a broken or too long file
 * falls back to the default. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h> /* unlink, rmdir */

#include "base/arena.h"
#include "svc/notify_templates.h"

static char dir[] = "/tmp/motcua-tpl-XXXXXX";
static char path[600];

static const struct notify_var vars[] = {
	{"code", "001.01.50.H26-261205-0001"},  {"procedure", "Đăng ký khai sinh"},
	{"applicant", "Nguyễn Thị Hằng"},       {"tracking_url", "https://x.vn/track/1"},
	{"received", "09:00 ngày 05/12/2026"}, {"due", "17:00 ngày 07/12/2026"},
};

static const char *sms(struct arena *a)
{
	char *subject = NULL, *body = NULL;
	assert_true(notify_render_template(a, dir, "received", "sms", vars, MC_ARRAY_LEN(vars),
					   &subject, &body));
	assert_null(subject);
	return body;
}

static const char *builtin(struct arena *a)
{
	char *text = notify_render(a, notify_default_template("received", "sms"), vars,
				   MC_ARRAY_LEN(vars));
	assert_non_null(text);
	return text;
}

static void put(const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_overrides(void **state)
{
	MC_UNUSED(state);
	struct arena a;
	arena_init(&a);
	assert_non_null(mkdtemp(dir));
	char sub[512];
	snprintf(sub, sizeof(sub), "%s/templates", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof(sub), "%s/templates/notify", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(path, sizeof(path), "%s/received.sms.txt", sub);

	/* No file: the built-in text, and the file is remembered missing. */
	assert_string_equal(sms(&a), builtin(&a));
	double missing_at = now_s();
	put("Ho so {code} da tiep nhan");
	if (now_s() - missing_at < 0.8) /* still within the second it is remembered missing */
		assert_string_equal(sms(&a), builtin(&a));
	nanosleep(&(struct timespec){.tv_sec = 1, .tv_nsec = 100 * 1000 * 1000}, NULL);
	assert_string_equal(sms(&a), "Ho so 001.01.50.H26-261205-0001 da tiep nhan");
	/* A file present is read at each notification: an edit applies at once. */
	put("HS {code}: nhan {received}");
	assert_string_equal(sms(&a), "HS 001.01.50.H26-261205-0001: nhan 09:00 ngày 05/12/2026");
	/* Broken (an unknown placeholder) or over 8 KiB: the default. */
	put("HS {khong_co}");
	assert_string_equal(sms(&a), builtin(&a));
	char big[8 * 1024 + 2];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	put(big);
	assert_string_equal(sms(&a), builtin(&a));
	/* Removed: the default at once. */
	assert_int_equal(unlink(path), 0);
	assert_string_equal(sms(&a), builtin(&a));
	assert_int_equal(rmdir(sub), 0);
	snprintf(sub, sizeof(sub), "%s/templates", dir);
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(rmdir(dir), 0);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overrides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
