/* Tests of Vietnamese text rules (NFC, rejected bytes, search keys, code point length) and of the
 * personal identification number and tax code checks (RULES.md §4.3–4.4). */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <utf8proc.h>

#include "domain/idnum.h"
#include "domain/text.h"

/* "Nguyễn Thị Hằng" composed (ễ U+1EC5, ị U+1ECB, ằ U+1EB1) and decomposed (e + U+0302 + U+0303,
 * i + U+0323, a + U+0306 + U+0300). */
#define NAME_NFC "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b H\xe1\xba\xb1ng"
#define NAME_NFD "Nguye\xcc\x82\xcc\x83n Thi\xcc\xa3 Ha\xcc\x86\xcc\x80ng"
/* "Phường" composed (ư U+01B0, ờ U+1EDD) and decomposed (u + U+031B, o + U+031B + U+0300). */
#define PHUONG_NFC "Ph\xc6\xb0\xe1\xbb\x9dng"
#define PHUONG_NFD "Phu\xcc\x9bo\xcc\x9b\xcc\x80ng"

static void expect_nfc(const char *in, size_t len, const char *want)
{
	char *out = NULL;
	assert_int_equal(text_nfc(in, len, &out), MC_OK);
	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void expect_nfc_rejected(const char *in, size_t len)
{
	char *out = (char *)"untouched";
	assert_int_equal(text_nfc(in, len, &out), MC_EINVAL);
	assert_string_equal(out, "untouched");
}

static void test_nfc_composes(void **state)
{
	MC_UNUSED(state);
	assert_int_not_equal(strlen(NAME_NFD), strlen(NAME_NFC));
	expect_nfc(NAME_NFD, strlen(NAME_NFD), NAME_NFC);
	expect_nfc(NAME_NFC, strlen(NAME_NFC), NAME_NFC);
	expect_nfc(PHUONG_NFD, strlen(PHUONG_NFD), PHUONG_NFC);
	expect_nfc("Ba\xcc\x81o ca\xcc\x81o", strlen("Ba\xcc\x81o ca\xcc\x81o"), "B\xc3\xa1o c\xc3\xa1o");
	expect_nfc("plain ASCII", 11, "plain ASCII");
	expect_nfc("plain ASCII", 5, "plain"); /* the ASCII path: the length bounds it too */
	expect_nfc("", 0, "");
	/* The length bounds the input. */
	expect_nfc(NAME_NFD "tail", strlen(NAME_NFD), NAME_NFC);
}

static size_t put_utf8(char *p, int cp)
{
	if (cp < 0x80) {
		p[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (char)(0xc0 | cp >> 6);
		p[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	p[0] = (char)(0xe0 | cp >> 12);
	p[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	p[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

/* What text_nfc passes through without utf8proc (code points below U+0300 and U+1E00..U+1EFF)
 * must be its own NFC by utf8proc itself: every such code point after a letter, and pairs of them
 * (every seventh against every seventh), are unchanged by NFC. */
static void test_nfc_fast_path(void **state)
{
	MC_UNUSED(state);
	int cps[1200];
	size_t n = 0;
	for (int cp = 0xa0; cp < 0x300; cp++)
		cps[n++] = cp;
	for (int cp = 0x1e00; cp <= 0x1eff; cp++)
		cps[n++] = cp;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i % 7 == 0 ? 0 : n; j <= n; j += 7) {
			char in[16];
			size_t len = 0;
			in[len++] = 'A';
			len += put_utf8(in + len, cps[i]);
			if (j < n)
				len += put_utf8(in + len, cps[j]);
			in[len] = 0;
			utf8proc_uint8_t *lib = NULL;
			assert_true(utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, &lib,
						 UTF8PROC_STABLE | UTF8PROC_COMPOSE) >= 0);
			assert_string_equal((const char *)lib, in);
			free(lib);
			expect_nfc(in, len, in);
			size_t chars = 0;
			assert_true(text_nfc_already(in, len, &chars));
			assert_int_equal(chars, j < n ? 3 : 2);
		}
	}
	size_t chars = 0;
	assert_false(text_nfc_already("\xe1\xbb\x87\xcc\x81", 5, &chars)); /* a combining mark */
	assert_false(text_nfc_already("\xe1\xbd\xb1", 3, &chars));
	assert_true(text_nfc_already("Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b", 14, &chars));
	assert_int_equal(chars, 10); /* "Nguyễn Thị" */
	assert_true(text_nfc_already("", 0, &chars));
	assert_int_equal(chars, 0);
	/* Beside them, a combining mark still composes, and U+0300.. or U+1F00.. take utf8proc. */
	expect_nfc("\xe1\xbb\x87\xcc\x81", 5, "\xe1\xbb\x87\xcc\x81"); /* ệ + acute stays */
	expect_nfc("e\xcc\xa3\xcc\x82", 5, "\xe1\xbb\x87");                /* e + dot + circumflex */
	expect_nfc("\xe1\xbd\xb1", 3, "\xce\xac"); /* U+1F71 is a singleton: NFC is U+03AC */
}

static void test_nfc_rejects_invalid_utf8(void **state)
{
	MC_UNUSED(state);
	expect_nfc_rejected("abc\xc3", 4);         /* truncated sequence */
	expect_nfc_rejected("\xff", 1);            /* never valid */
	expect_nfc_rejected("a\x80z", 3);          /* lone continuation byte */
	expect_nfc_rejected("\xc0\xaf", 2);        /* overlong '/' */
	expect_nfc_rejected("\xed\xa0\x80", 3);    /* a surrogate */
	expect_nfc_rejected("\xf4\x90\x80\x80", 4); /* beyond U+10FFFF */
	expect_nfc_rejected("Nguy\xe1\xbbn", 7);   /* ễ cut short */
	static const char *bad[] = {"abc\xc3", "\xff", "a\x80z", "\xc0\xaf", "\xed\xa0\x80",
				    "\xf4\x90\x80\x80", "Nguy\xe1\xbbn"};
	for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
		size_t chars;
		assert_false(text_nfc_already(bad[i], strlen(bad[i]), &chars));
	}
}

static void test_nfc_controls(void **state)
{
	MC_UNUSED(state);
	expect_nfc("a\tb\nc", 5, "a\tb\nc");
	expect_nfc_rejected("a\x01", 2);
	expect_nfc_rejected("a\0b", 3);
	expect_nfc_rejected("\x1b[31m", 5);
	expect_nfc_rejected("del\x7f", 4);
	expect_nfc_rejected("\x0b", 1);
	expect_nfc_rejected("\x0c", 1);
}

/* text.h allows tab, carriage return and newline among control characters. */
static void test_nfc_other_controls(void **state)
{
	MC_UNUSED(state);
	char *out = NULL;
	/* A carriage return is allowed (CRLF line ends in pasted addresses). */
	assert_int_equal(text_nfc("a\rb", 3, &out), MC_OK);
	assert_string_equal(out, "a\rb");
	free(out);
	out = NULL;
	assert_int_equal(text_nfc("a\x01" "b", 3, &out), MC_EINVAL);
	assert_null(out);
}

static void test_nfc_c1_controls(void **state)
{
	MC_UNUSED(state);
	char *out = NULL;
	/* C1 control characters U+0080..U+009F (here U+009B, CSI, a terminal escape introducer). */
	assert_int_equal(text_nfc("a\xc2\x9b" "31m", 6, &out), MC_EINVAL);
	assert_null(out);
}

static void expect_key(const char *in, const char *want)
{
	char *out = NULL;
	assert_int_equal(text_search_key(in, strlen(in), &out), MC_OK);
	assert_string_equal(out, want);
	free(out);
}

static void test_search_key(void **state)
{
	MC_UNUSED(state);
	expect_key("Hoàn Kiếm", "hoan kiem");
	expect_key("ĐỐNG ĐA", "dong da");
	expect_key("đường Đê La Thành", "duong de la thanh");
	expect_key("  Phường   Cửa  Nam ", "phuong cua nam");
	expect_key("Ba\tĐình\nHà Nội", "ba dinh ha noi");
	expect_key(NAME_NFD, "nguyen thi hang");
	expect_key(NAME_NFC, "nguyen thi hang");
	expect_key(PHUONG_NFD " Cu\xcc\x9b\xcc\x89" "a Nam", "phuong cua nam");
	expect_key("Xã Sóc Sơn", "xa soc son");
	expect_key("", "");
	expect_key("   ", "");
	expect_key("UBND 123", "ubnd 123");
}

static utf8proc_int32_t ref_fold_d(utf8proc_int32_t c, void *data)
{
	MC_UNUSED(data);
	return c == 0x0111 || c == 0x0110 ? 'd' : c;
}

/* The search key as utf8proc gives it for the whole text (text.c's path before its table). */
static char *ref_key(const char *in, size_t len)
{
	utf8proc_uint8_t *res = NULL;
	utf8proc_ssize_t n = utf8proc_map_custom(
		(const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, &res,
		UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD |
			UTF8PROC_COMPAT | UTF8PROC_STRIPCC,
		ref_fold_d, NULL);
	if (n < 0)
		return NULL;
	char *p = (char *)res;
	size_t w = 0;
	bool space = true;
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		bool ws = p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r';
		if (ws && !space)
			p[w++] = ' ';
		else if (!ws)
			p[w++] = p[i];
		space = ws;
	}
	if (w > 0 && p[w - 1] == ' ')
		w--;
	p[w] = '\0';
	return p;
}

static void expect_key_as_utf8proc(const char *in, size_t len)
{
	char *want = ref_key(in, len), *got = NULL;
	assert_non_null(want);
	assert_int_equal(text_search_key(in, len, &got), MC_OK);
	if (strcmp(got, want) != 0)
		fail_msg("search key of \"%s\": \"%s\", utf8proc \"%s\"", in, got, want);
	free(got);
	free(want);
}

/* text_search_key's table (code points below U+0300 and U+1E00..U+1EFF, each folded alone by
 * utf8proc) gives what utf8proc gives for the whole text: every such code point alone and between
 * letters, with a combining mark after it (utf8proc's path), and 20,000 random texts of them,
 * ASCII letters, spaces, tabs and line ends. */
static void test_search_key_fast(void **state)
{
	MC_UNUSED(state);
	int cps[1100];
	size_t n = 0;
	for (int cp = 0x20; cp < 0x300; cp++)
		if (cp < 0x7f || cp > 0x9f)
			cps[n++] = cp;
	for (int cp = 0x1e00; cp <= 0x1eff; cp++)
		cps[n++] = cp;
	char in[256];
	for (size_t i = 0; i < n; i++) {
		size_t len = put_utf8(in, cps[i]);
		expect_key_as_utf8proc(in, len);
		len = 0;
		in[len++] = 'A';
		len += put_utf8(in + len, cps[i]);
		in[len++] = 'b';
		expect_key_as_utf8proc(in, len);
		len += put_utf8(in + len, 0x0301); /* a combining acute: utf8proc's path */
		expect_key_as_utf8proc(in, len);
	}
	static const int extra[] = {' ', ' ', '\t', '\n', '\r', 'a', 'Z', '0'};
	uint32_t seed = 2026;
	for (int t = 0; t < 20000; t++) {
		size_t len = 0;
		int k = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 24;
		for (int j = 0; j < k; j++) {
			uint32_t r = (seed = seed * 1103515245u + 12345u) >> 8;
			int cp = r % 3 ? cps[r % n] : extra[r % 8];
			len += put_utf8(in + len, cp);
		}
		expect_key_as_utf8proc(in, len);
	}
}

static void expect_compact(const char *in, const char *want)
{
	char *out = NULL;
	assert_int_equal(text_compact_key(in, strlen(in), &out), MC_OK);
	assert_string_equal(out, want);
	free(out);
}

static void test_compact_key(void **state)
{
	MC_UNUSED(state);
	expect_compact("Hoàn Kiếm", "hoankiem");
	expect_compact("tiepnhan.hoankiem", "tiepnhanhoankiem");
	expect_compact("  Đỗ Thị-Lan_2 ", "dothilan2");
	expect_compact("...", "");
	expect_compact("Ωmega", "ωmega");
	char *out = (char *)"untouched";
	assert_int_equal(text_compact_key("Ho\xc3", 3, &out), MC_EINVAL);
	assert_string_equal(out, "untouched");
}

static void test_search_key_rejects_invalid_utf8(void **state)
{
	MC_UNUSED(state);
	char *out = (char *)"untouched";
	assert_int_equal(text_search_key("Ho\xc3", 3, &out), MC_EINVAL);
	assert_int_equal(text_search_key("\xff\xfe", 2, &out), MC_EINVAL);
	assert_string_equal(out, "untouched");
}

static void test_length(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(text_length("", 0), 0);
	assert_int_equal(text_length("abc", 3), 3);
	assert_int_equal(text_length(NAME_NFC, strlen(NAME_NFC)), 15);
	assert_int_equal(text_length(NAME_NFD, strlen(NAME_NFD)), 20);
	assert_int_equal(text_length("Hoàn Kiếm", strlen("Hoàn Kiếm")), 9);
	assert_int_equal(text_length("\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3", 8), 2); /* two flags' letters */
}

static enum idnum_problem person(const char *s)
{
	return idnum_check_person(s, strlen(s), 2026);
}

static void test_phone_and_email(void **state)
{
	(void)state;
	assert_true(text_vn_phone_ok("0912345678"));
	assert_true(text_vn_phone_ok("02439999999"));
	assert_false(text_vn_phone_ok("912345678"));    /* no leading 0 */
	assert_false(text_vn_phone_ok("091234567"));    /* 9 digits */
	assert_false(text_vn_phone_ok("091234567890")); /* 12 digits */
	assert_false(text_vn_phone_ok("0912 345 678")); /* spaces: the general check takes them */
	assert_true(text_phone_ok("0912 345 678"));
	assert_true(text_phone_ok("+84 912.345-678"));
	assert_false(text_phone_ok("0912x45678"));
	assert_true(text_email_ok("lan.nguyen@hanoi.gov.vn"));
	assert_false(text_email_ok("@hanoi.gov.vn"));
	assert_false(text_email_ok("a@b@hanoi.gov.vn"));
	assert_false(text_email_ok("a@hanoi"));
	assert_false(text_email_ok("a@.hanoi.vn"));
	assert_false(text_email_ok("a@hanoi.vn."));
	assert_false(text_email_ok("a b@hanoi.vn"));
	assert_false(text_email_ok("a\tb@hanoi.vn"));
	assert_false(text_email_ok("a\x7f@hanoi.vn"));
}

static void test_person_valid(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(person("001190012345"), IDNUM_OK);
	assert_int_equal(person("079301012345"), IDNUM_OK); /* a woman born 2001 in HCMC */
	assert_int_equal(person("096026000001"), IDNUM_OK); /* Cà Mau, the last code */
	assert_int_equal(person("001220123456"), IDNUM_OK); /* century digit 2, year 20 → 2020 */
	assert_int_equal(person("001226123456"), IDNUM_OK); /* 2026 is not in the future */
}

static void test_person_format(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(person("00119001234"), IDNUM_FORMAT);
	assert_int_equal(person("0011900123456"), IDNUM_FORMAT);
	assert_int_equal(person(""), IDNUM_FORMAT);
	assert_int_equal(person("00119001234a"), IDNUM_FORMAT);
	assert_int_equal(person("001 90012345"), IDNUM_FORMAT);
	assert_int_equal(person("-01190012345"), IDNUM_FORMAT);
	assert_int_equal(idnum_check_person("001190012345", 11, 2026), IDNUM_FORMAT);
}

static void test_person_province(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(person("000190012345"), IDNUM_PROVINCE);
	assert_int_equal(person("003190012345"), IDNUM_PROVINCE); /* not in the CSV */
	assert_int_equal(person("097190012345"), IDNUM_PROVINCE);
	assert_int_equal(person("999190012345"), IDNUM_PROVINCE);
	assert_true(idnum_province_known("001"));
	assert_true(idnum_province_known("096"));
	assert_false(idnum_province_known("000"));
	assert_false(idnum_province_known("003"));
	assert_false(idnum_province_known("050"));
}

/* Every code of data/cccd_province_codes.csv is known, and no other code from 000 to 999 is. */
static void test_province_list_matches_csv(void **state)
{
	MC_UNUSED(state);
	bool in_csv[1000] = {false};
	char path[4096];
	char line[256];
	const char *src = getenv("MOTCUA_SOURCE_DIR");
	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/data/cccd_province_codes.csv", src);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t rows = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] < '0' || line[0] > '9')
			continue; /* comments and the header */
		assert_true(line[1] >= '0' && line[1] <= '9' && line[2] >= '0' && line[2] <= '9');
		assert_int_equal(line[3], ',');
		in_csv[(line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0')] = true;
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 63);
	for (int i = 0; i < 1000; i++) {
		char code[4];
		snprintf(code, sizeof(code), "%03d", i);
		assert_int_equal(idnum_province_known(code), in_csv[i]);
	}
}

static void test_person_future(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(person("001299012345"), IDNUM_FUTURE); /* 2099 */
	assert_int_equal(person("001227012345"), IDNUM_FUTURE); /* 2027 */
	assert_int_equal(person("001327012345"), IDNUM_FUTURE); /* 2027, a woman */
	assert_int_equal(person("001400012345"), IDNUM_FUTURE); /* 2100 */
	assert_int_equal(person("001999012345"), IDNUM_FUTURE); /* 2399 */
	assert_int_equal(person("001899012345"), IDNUM_FUTURE); /* 2399 */
	assert_int_equal(idnum_check_person("001999012345", 12, 2399), IDNUM_OK);
	assert_int_equal(idnum_check_person("001227012345", 12, 2027), IDNUM_OK);
}

static enum idnum_problem tax(const char *s)
{
	return idnum_check_tax(s, strlen(s));
}

static void test_tax_valid(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(tax("0100233488"), IDNUM_OK);
	assert_int_equal(tax("0314409058"), IDNUM_OK);
	assert_int_equal(tax("0314409058-002"), IDNUM_OK);
	assert_int_equal(tax("0314409058-999"), IDNUM_OK);
	assert_int_equal(tax("0100109106"), IDNUM_OK);
	assert_int_equal(tax("0100112437"), IDNUM_OK);
	assert_int_equal(tax("0312687878"), IDNUM_OK);
}

static void test_tax_invalid(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(tax("0100233480"), IDNUM_CHECK);
	assert_int_equal(tax("0101234567"), IDNUM_CHECK); /* Σ mod 11 = 5 ⇒ C = 5, not 7 */
	assert_int_equal(tax("0101234565"), IDNUM_OK);    /* the same code with its right digit */
	assert_int_equal(tax("0314409058-000"), IDNUM_BRANCH);
	assert_int_equal(tax("01002334881"), IDNUM_FORMAT);
	assert_int_equal(tax("010023348"), IDNUM_FORMAT);
	assert_int_equal(tax("0314409058-02"), IDNUM_FORMAT);
	assert_int_equal(tax("0314409058-0002"), IDNUM_FORMAT);
	assert_int_equal(tax("0314409058_002"), IDNUM_FORMAT);
	assert_int_equal(tax("0314409058-00a"), IDNUM_FORMAT);
	assert_int_equal(tax("031440905a"), IDNUM_FORMAT);
	assert_int_equal(tax(""), IDNUM_FORMAT);
	/* The check digit of a wrong code must not hide a bad branch. */
	assert_int_equal(tax("0100233480-001"), IDNUM_CHECK);
}

/* Digits 3–9 all zero are invalid even when the check digit fits: 0100000003 has Σ = 29,
 * Σ mod 11 = 7, C = 3. */
static void test_tax_zero_sequence(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(tax("0100000009"), IDNUM_CHECK);
	assert_int_equal(tax("0100000003"), IDNUM_CHECK);
	assert_int_equal(tax("0100000003-001"), IDNUM_CHECK);
}

/* A sum ≡ 0 mod 11 has no valid check digit (10 is not a digit): every last digit is rejected.
 * The codes are found by search so that the test does not rest on arithmetic by hand. */
static void test_tax_sum_divisible_by_11(void **state)
{
	MC_UNUSED(state);
	static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
	char code[11] = "0100000000";
	int found = 0;
	for (int n = 1; n < 100000 && found < 3; n++) {
		for (int i = 0, v = n; i < 7; i++, v /= 10)
			code[8 - i] = (char)('0' + v % 10);
		int sum = 0;
		for (int i = 0; i < 9; i++)
			sum += w[i] * (code[i] - '0');
		if (sum % 11 != 0)
			continue;
		for (char c = '0'; c <= '9'; c++) {
			code[9] = c;
			assert_int_equal(tax(code), IDNUM_CHECK);
		}
		found++;
	}
	assert_int_equal(found, 3);
}

/* Single-line text refuses every control and the bidirectional overrides and isolates; several
 * lines allow tab, CR and LF only. */
static void test_allowed_line_and_lines(void **state)
{
	(void)state;
	static const char *const refused_everywhere[] = {
		"a\x01" "b", "a\x1b[31m", "a\x7f", "a\xc2\x85" "b", "a\xc2\x9f",
		"abc\xe2\x80\xaa", "\xe2\x80\xab" "x", "x\xe2\x80\xac", "\xe2\x80\xad" "x",
		"file\xe2\x80\xaegnp.exe", "\xe2\x81\xa6" "x", "\xe2\x81\xa7" "x",
		"\xe2\x81\xa8" "x", "x\xe2\x81\xa9",
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(refused_everywhere); i++) {
		const char *s = refused_everywhere[i];
		assert_false(text_allowed(s, strlen(s), TEXT_LINE));
		assert_false(text_allowed(s, strlen(s), TEXT_LINES));
	}
	assert_false(text_allowed("a\0b", 3, TEXT_LINE));
	assert_false(text_allowed("a\0b", 3, TEXT_LINES));
	static const char *const layout[] = {"a\tb", "a\nb", "a\r\nb", "\n"};
	for (size_t i = 0; i < MC_ARRAY_LEN(layout); i++) {
		assert_false(text_allowed(layout[i], strlen(layout[i]), TEXT_LINE));
		assert_true(text_allowed(layout[i], strlen(layout[i]), TEXT_LINES));
	}
	/* Neighbours of the refused code points stay allowed: U+2029, U+202F, U+2065 (unassigned
	 * but not a control), U+206A; Vietnamese letters; U+00A0 (C2 A0). */
	static const char *const fine[] = {
		"", "Nguy\xe1\xbb\x85n V\xc4\x83n A", "a\xe2\x80\xa9" "b", "a\xe2\x80\xaf" "b",
		"a\xe2\x81\xa5" "b", "a\xe2\x81\xaa" "b", "a\xc2\xa0" "b", "so-01/2026.pdf",
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(fine); i++) {
		assert_true(text_allowed(fine[i], strlen(fine[i]), TEXT_LINE));
		assert_true(text_allowed(fine[i], strlen(fine[i]), TEXT_LINES));
	}
	/* A truncated sequence at the end is not mistaken for an override. */
	assert_true(text_allowed("a\xe2\x80", 3, TEXT_LINE));
	/* text_nfc refuses what several lines may not hold. */
	char *out = NULL;
	assert_int_equal(text_nfc("x\xe2\x80\xae" "y", 5, &out), MC_EINVAL);
	assert_int_equal(text_nfc("x\ny", 3, &out), MC_OK);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nfc_composes),
		cmocka_unit_test(test_nfc_fast_path),
		cmocka_unit_test(test_nfc_rejects_invalid_utf8),
		cmocka_unit_test(test_nfc_controls),
		cmocka_unit_test(test_nfc_other_controls),
		cmocka_unit_test(test_nfc_c1_controls),
		cmocka_unit_test(test_allowed_line_and_lines),
		cmocka_unit_test(test_search_key),
		cmocka_unit_test(test_search_key_fast),
		cmocka_unit_test(test_search_key_rejects_invalid_utf8),
		cmocka_unit_test(test_compact_key),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_phone_and_email),
		cmocka_unit_test(test_person_valid),
		cmocka_unit_test(test_person_format),
		cmocka_unit_test(test_person_province),
		cmocka_unit_test(test_province_list_matches_csv),
		cmocka_unit_test(test_person_future),
		cmocka_unit_test(test_tax_valid),
		cmocka_unit_test(test_tax_invalid),
		cmocka_unit_test(test_tax_zero_sequence),
		cmocka_unit_test(test_tax_sum_divisible_by_11),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
