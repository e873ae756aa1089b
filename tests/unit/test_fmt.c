/* Tests of base/fmt: fmt_vsnprintf against glibc's vsnprintf, byte for byte and result for
 * result, for every buffer size from 0 up, over a table of the formats the code uses and 30,000
 * random conversions of each kind; and that the formats it should write itself are not handed to
 * vsnprintf (fmt_is_fast), so that the comparison tests its own writer. */
#include "base/base.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <cmocka.h>

#include "base/fmt.h"

/* The formats here are made at run time, as in the code they are literals. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

#define SENTINEL 0x5a
#define CHECK_MAX 600

/* fmt with its arguments, by fmt_vsnprintf and by vsnprintf, into buffers of every size from 0
 * to the text's length + 2 (and 512): the same result, the same bytes, nothing written past the
 * size. */
static void same(const char *fmt, ...)
{
	static const size_t extra_caps[] = {512, CHECK_MAX};
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int want = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	va_copy(ap2, ap);
	int got = fmt_vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (got != want)
		fail_msg("\"%s\": length %d, vsnprintf %d", fmt, got, want);
	assert_true(want >= 0 && want < CHECK_MAX - 8);
	size_t last = (size_t)want + 2;
	for (size_t i = 0; i <= last + MC_ARRAY_LEN(extra_caps); i++) {
		size_t cap = i <= last ? i : extra_caps[i - last - 1];
		char a[CHECK_MAX + 8], b[CHECK_MAX + 8];
		memset(a, SENTINEL, sizeof(a));
		memset(b, SENTINEL, sizeof(b));
		va_copy(ap2, ap);
		int n1 = fmt_vsnprintf(a, cap, fmt, ap2);
		va_end(ap2);
		va_copy(ap2, ap);
		int n2 = vsnprintf(b, cap, fmt, ap2);
		va_end(ap2);
		assert_int_equal(n1, n2);
		if (memcmp(a, b, sizeof(a)) != 0)
			fail_msg("\"%s\" into %zu bytes: \"%.*s\", vsnprintf \"%.*s\"", fmt, cap,
				 (int)(cap ? cap - 1 : 0), a, (int)(cap ? cap - 1 : 0), b);
	}
	va_end(ap);
}

static void test_fast_formats(void **state)
{
	MC_UNUSED(state);
	static const char *fast[] = {
		"", "plain", "%%", "100%% %s", "%s", "t:%s", "%s%s- %s", "\"%s\"", "%d", "%i", "%u",
		"%ld", "%lld", "%lu", "%llu", "%zu", "%zd", "%02d:%02d ngày %02d/%02d/%04d",
		"handover:%lld", "{\"%d\":%lld,\"%d\":%lld}", "%5d", "%05d", "%0d", "%99d", "%012llu",
	};
	static const char *slow[] = {
		"%x", "%f", "%.3s", "%-5d", "%+d", "% d", "%hd", "%hhu", "%ls", "%5s", "%05s", "%*d",
		"%.2d", "%p", "%c", "%100d", "%00d", "%jd", "%td", "%Lf", "%'d", "%1$s", "%", "abc%",
		"%s and %x",
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(fast); i++)
		if (!fmt_is_fast(fast[i]))
			fail_msg("\"%s\" went to vsnprintf", fast[i]);
	for (size_t i = 0; i < MC_ARRAY_LEN(slow); i++)
		if (fmt_is_fast(slow[i]))
			fail_msg("\"%s\" was taken as a fast format", slow[i]);
}

static void test_table(void **state)
{
	MC_UNUSED(state);
	same("");
	same("plain text, Tiếng Việt có dấu");
	same("100%% done, %s%%", "đã xong");
	same("t:%s", "HK-2026-00012");
	same("%s", (const char *)NULL);
	same("[%s|%s]", "", (const char *)NULL);
	same("%s%s- %s", "a", "\n", "Giấy tờ");
	same("{\"from\":%s%s%s,\"to\":%s%s%s,\"at\":%lld}", "\"", "received", "\"", "\"", "processing",
	     "\"", 1764310000123LL);
	same("%02d:%02d ngày %02d/%02d/%04d", 9, 5, 1, 12, 2026);
	same("%02d:%02d ngày %02d/%02d/%04d", 23, 59, 31, 1, 999);
	same("{\"%d\":%lld,\"%d\":%lld}", 2026, 3LL, 2027, -1LL);
	same("handover:%lld", LLONG_MIN);
	same("%lld %lld", LLONG_MAX, 0LL);
	same("%d %d %d %i", INT_MIN, INT_MAX, 0, -1);
	same("%u %u", 0u, UINT_MAX);
	same("%ld %lu", LONG_MIN, ULONG_MAX);
	same("%llu", ULLONG_MAX);
	same("%zu %zd %zd", SIZE_MAX, (ssize_t)-5, (ssize_t)SSIZE_MAX);
	same("components[%zu].id", (size_t)6);
	same("%05d|%5d|%05d|%5d|%0d", -42, -42, 42, 42, -7);
	same("%2d|%02d|%3u|%03u", 123456, -123456, 7u, 7u);
	same("%99d", INT_MIN);
	same("%099lld", LLONG_MIN);
	same("%012llu|%10zu", ULLONG_MAX, (size_t)0);
	/* Handed to vsnprintf, still the same. */
	same("%x %5s %-4d|%+d %.2f", 255u, "ab", 3, 4, 1.5);
}

/* A few bytes of random text without '%' (ASCII and the UTF-8 of "ệ"). */
static void random_text(char *out, size_t max, unsigned *seed)
{
	static const char *pieces[] = {"a", "Z", " ", ":", "{", "\"", "ệ", "-", "9", "\n"};
	size_t n = 0, count = (size_t)rand_r(seed) % 5;
	out[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		const char *p = pieces[(size_t)rand_r(seed) % MC_ARRAY_LEN(pieces)];
		size_t len = strlen(p);
		if (n + len >= max)
			break;
		memcpy(out + n, p, len + 1);
		n += len;
	}
}

static unsigned long long random_bits(unsigned *seed)
{
	unsigned long long v = 0;
	for (int i = 0; i < 5; i++)
		v = v << 15 ^ (unsigned long long)rand_r(seed);
	switch (rand_r(seed) % 6) { /* small numbers and the edges as often as large ones */
	case 0:
		return v % 10;
	case 1:
		return v % 1000;
	case 2:
		return 0 - (v % 1000);
	case 3:
		return rand_r(seed) % 2 ? 0x8000000000000000ULL : 0x7fffffffffffffffULL;
	default:
		return v;
	}
}

static void test_random(void **state)
{
	MC_UNUSED(state);
	static const char *lengths[] = {"", "l", "ll", "z"};
	static const char kinds[] = {'d', 'i', 'u', 's'};
	unsigned seed = 20261205;
	for (int round = 0; round < 30000; round++) {
		char before[32], after[32], conv[16], fmt[96];
		random_text(before, sizeof(before), &seed);
		random_text(after, sizeof(after), &seed);
		char kind = kinds[(size_t)rand_r(&seed) % MC_ARRAY_LEN(kinds)];
		const char *len = kind == 's' ? "" : lengths[(size_t)rand_r(&seed) % MC_ARRAY_LEN(lengths)];
		int flags = kind == 's' ? 0 : rand_r(&seed) % 4; /* 0: none, 1: width, 2: 0 and width, 3: 0 */
		int width = 1 + rand_r(&seed) % (rand_r(&seed) % 4 ? 12 : 99);
		if (flags == 0 || flags == 3)
			snprintf(conv, sizeof(conv), "%%%s%s%c", flags == 3 ? "0" : "", len, kind);
		else
			snprintf(conv, sizeof(conv), "%%%s%d%s%c", flags == 2 ? "0" : "", width, len, kind);
		snprintf(fmt, sizeof(fmt), "%s%s%s", before, conv, after);
		assert_true(fmt_is_fast(fmt));
		unsigned long long bits = random_bits(&seed);
		if (kind == 's') {
			char text[32];
			random_text(text, sizeof(text), &seed);
			same(fmt, rand_r(&seed) % 20 ? text : NULL);
		} else if (kind == 'u') {
			if (!*len)
				same(fmt, (unsigned)bits);
			else if (len[0] == 'z')
				same(fmt, (size_t)bits);
			else if (len[1] == 'l')
				same(fmt, bits);
			else
				same(fmt, (unsigned long)bits);
		} else {
			if (!*len)
				same(fmt, (int)(unsigned)bits);
			else if (len[0] == 'z')
				same(fmt, (ssize_t)bits);
			else if (len[1] == 'l')
				same(fmt, (long long)bits);
			else
				same(fmt, (long)bits);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_formats),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
