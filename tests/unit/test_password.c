/* Tests of the password rules: length, the account's own names, the common list (as shipped:
 * sorted and lowercase, so that its binary search holds) and repetitive passwords. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/embed.h"
#include "domain/password.h"

static enum pw_verdict judge(const char *pw)
{
	static const char *const none[] = {NULL};
	return password_judge(pw, none, 0);
}

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(judge(""), PW_LENGTH);
	assert_int_equal(judge("Xk7#qLm2v"), PW_LENGTH);  /* 9 characters */
	assert_int_equal(judge("Xk7#qLm2vR"), PW_OK);     /* 10 */
	assert_int_equal(judge("motcua-demo"), PW_OK);    /* 11: the demo's password */
	assert_int_equal(judge("mật khẩu ơi"), PW_OK);     /* 11 characters, 15 bytes */
	assert_int_equal(judge("mật khẩu"), PW_LENGTH);    /* 8 characters, 11 bytes */
	char longest[PASSWORD_MAX_CHARS + 2];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof(longest) - 1; i++) {
		x = x * 1103515245u + 12345u;
		longest[i] = (char)('a' + (x >> 16) % 26);
	}
	longest[PASSWORD_MAX_CHARS + 1] = '\0';
	assert_int_equal(judge(longest), PW_LENGTH);
	longest[PASSWORD_MAX_CHARS] = '\0';
	assert_int_equal(judge(longest), PW_OK);
}

static void test_personal(void **state)
{
	(void)state;
	const char *const admin[] = {"admin", NULL};
	assert_int_equal(password_judge("admin-test-pass-1", admin, 2), PW_PERSONAL);
	assert_int_equal(password_judge("my ADMIN pass 9", admin, 1), PW_PERSONAL);
	assert_int_equal(password_judge("quan tri vien 1", admin, 1), PW_OK);
	const char *const citizen[] = {"001099012345.abcdef", "001099012345"};
	assert_int_equal(password_judge("001099012345", citizen, 2), PW_PERSONAL);
	assert_int_equal(password_judge("x001099012345!", citizen, 2), PW_PERSONAL);
	assert_int_equal(password_judge("mat khau 2026", citizen, 2), PW_OK);
	/* Names shorter than 3 bytes are not looked for. */
	const char *const short_name[] = {"an"};
	assert_int_equal(password_judge("an toan that su", short_name, 1), PW_OK);
}

static void test_common(void **state)
{
	(void)state;
	assert_true(password_is_common("password"));
	assert_true(password_is_common("PassWord"));
	assert_true(password_is_common("12345678"));
	assert_true(password_is_common("qwertyuiop"));
	assert_false(password_is_common("motcua-demo"));
	assert_int_equal(judge("qwertyuiop"), PW_COMMON);
	assert_int_equal(judge("1q2w3e4r5t"), PW_COMMON);
	assert_int_equal(judge("Password123"), PW_COMMON);
	assert_int_equal(judge("Password2026!"), PW_COMMON);   /* "password" with digits around */
	assert_int_equal(judge("!!Sunshine1234"), PW_COMMON);
	assert_int_equal(judge("football1234"), PW_COMMON);
	assert_int_equal(judge("correct horse 1"), PW_OK);
	assert_int_equal(judge("mat khau 2026"), PW_OK);
}

static void test_repetitive(void **state)
{
	(void)state;
	assert_int_equal(judge("aaaaaaaaaa"), PW_REPETITIVE);
	assert_int_equal(judge("1234567890"), PW_COMMON); /* on the list before it is a run */
	assert_int_equal(judge("2345678901"), PW_REPETITIVE);
	assert_int_equal(judge("0987654321"), PW_REPETITIVE);
	assert_int_equal(judge("9876543210"), PW_REPETITIVE);
	assert_int_equal(judge("bcdefghijk"), PW_REPETITIVE);
	assert_int_equal(judge("zyxwvutsrq"), PW_REPETITIVE);
	assert_int_equal(judge("ababababab"), PW_REPETITIVE);
	assert_int_equal(judge("abcabcabcabc"), PW_REPETITIVE);
	assert_int_equal(judge("wxyzwxyzwx"), PW_REPETITIVE); /* 4 different, one part repeated */
	assert_int_equal(judge("ơơơơơơơơơơ"), PW_REPETITIVE);
	assert_int_equal(judge("wxyzwxyzwq"), PW_OK);
}

/* The binary search needs the list sorted by bytes, lowercase, without repeats or empty lines. */
static void test_list_is_sorted(void **state)
{
	(void)state;
	const struct embed_file *f = embed_find("data/common_passwords.txt");
	assert_non_null(f);
	const char *d = (const char *)f->data;
	assert_true(f->size > 0 && d[f->size - 1] == '\n');
	size_t lines = 0, prev = 0, prev_len = 0;
	for (size_t i = 0; i < f->size;) {
		const char *nl = memchr(d + i, '\n', f->size - i);
		size_t len = (size_t)(nl - (d + i));
		assert_true(len > 0);
		for (size_t k = 0; k < len; k++)
			assert_false(d[i + k] >= 'A' && d[i + k] <= 'Z');
		if (lines > 0) {
			size_t m = len < prev_len ? len : prev_len;
			int c = memcmp(d + prev, d + i, m);
			assert_true(c < 0 || (c == 0 && prev_len < len));
		}
		prev = i;
		prev_len = len;
		lines++;
		i += len + 1;
	}
	assert_int_equal(lines, 30000);
	/* Every entry is found, the first and the last included. */
	char word[256];
	for (size_t i = 0; i < f->size;) {
		const char *nl = memchr(d + i, '\n', f->size - i);
		size_t len = (size_t)(nl - (d + i));
		memcpy(word, d + i, len);
		word[len] = '\0';
		assert_true(password_is_common(word));
		i += len + 1;
	}
	assert_false(password_is_common("!"));
	assert_false(password_is_common("zzzzzzzzzzzzzzzzzzzz"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_personal),
		cmocka_unit_test(test_common),
		cmocka_unit_test(test_repetitive),
		cmocka_unit_test(test_list_is_sorted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
