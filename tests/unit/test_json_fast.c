/* Tests of the fast JSON object reader (http/json_fast.h) against jansson, which stays the judge
 * of everything it leaves: request bodies as clients send them are read by it, with the same
 * tree as jansson's; the texts it leaves (numbers with a fraction, errors of every kind, deep
 * nesting, duplicates, bad UTF-8 or escapes) get jansson's answer as before. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../fuzz/json_fast_check.h"

static bool same(const char *s)
{
	return json_fast_same_as_jansson(s, strlen(s));
}

static void test_reads_the_usual(void **state)
{
	MC_UNUSED(state);
	static const char *const usual[] = {
		"{}",
		" \t\r\n{ } \n",
		"{\"procedure\":\"1.004837\",\"applicant\":{\"kind\":\"person\",\"name\":\"Nguyễn Thị "
		"Hằng\",\"id_number\":\"001190000001\",\"phone\":\"0912345678\"},\"channel\":"
		"\"counter\",\"components\":[{\"id\":\"to_khai\",\"provided\":true},{\"id\":\"cccd\","
		"\"provided\":false,\"document\":null}]}",
		"{\"a\":\"\\u00e9\\u1ea1\\ud83d\\ude00\",\"b\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
		"{\"k\\u00e9y\":\"x\",\"k\\u00e8y\":\"y\",\"\":\"empty key\"}",
		"{\"n\":0,\"m\":-0,\"o\":-123456789012345678,\"p\":123456789012345678}",
		"{\"a\":[],\"b\":[[],[{}]],\"c\":[1,\"x\",null,true,false,{\"d\":[]}]}",
		"{\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
		"{\"max\":\"\xf4\x8f\xbf\xbf\",\"bmp\":\"\xef\xbf\xbf\",\"two\":\"\xc2\x80\"}",
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(usual); i++)
		if (!same(usual[i]))
			fail_msg("not read by the fast reader: %s", usual[i]);
}

static void test_leaves_the_rest_to_jansson(void **state)
{
	MC_UNUSED(state);
	static const char *const rest[] = {
		"",
		"   ",
		"[]",
		"[{\"a\":1}]",
		"\"text\"",
		"\xef\xbb\xbf{}",                     /* a byte order mark */
		"{\"a\":1.5}",                        /* fraction */
		"{\"a\":1e3}",                        /* exponent */
		"{\"a\":-1E-3}",
		"{\"a\":1234567890123456789}",        /* 19 digits */
		"{\"a\":99999999999999999999999}",    /* too big for jansson too */
		"{\"a\":01}",                         /* leading zero */
		"{\"a\":-}",
		"{\"a\":+1}",
		"{\"a\":1,\"a\":2}",                  /* duplicate */
		"{\"a\":1,}",                         /* trailing comma */
		"{\"a\" 1}",
		"{a:1}",
		"{\"a\":tru}",
		"{\"a\":truex}",
		"{\"a\":nul}",
		"{\"a\":1}x",                         /* after the object */
		"{\"a\":1}{}",
		"{\"a\":\"\\u0000\"}",                /* NUL */
		"{\"a\":\"\\ud800\"}",                /* lone high surrogate */
		"{\"a\":\"\\udc00\"}",                /* lone low surrogate */
		"{\"a\":\"\\ud800\\u0041\"}",
		"{\"a\":\"\\x41\"}",                  /* unknown escape */
		"{\"a\":\"\\u12\"}",
		"{\"a\":\"tab\there\"}",              /* a control character */
		"{\"a\":\"\xc0\xaf\"}",               /* overlong */
		"{\"a\":\"\xed\xa0\x80\"}",           /* an encoded surrogate */
		"{\"a\":\"\xf4\x90\x80\x80\"}",       /* past U+10FFFF */
		"{\"a\":\"\xe1\xba\"}",               /* cut short */
		"{\"a\":\"\xff\"}",
		"{\"a\":\"open",
		"{\"a\":[1,2}",
		"{\"a\":{\"b\":1]}",
		"{\"\xc3\xa9\":1, \"a\" : [ 1 , 2 ] , \"b\":1.0}",
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(rest); i++)
		if (same(rest[i]))
			fail_msg("read by the fast reader, meant for jansson: %s", rest[i]);
	/* With a NUL byte inside the text. */
	assert_false(json_fast_same_as_jansson("{\"a\":\"x\0y\"}", 11));
	assert_false(json_fast_same_as_jansson("{\"a\":1}\0", 8));
	/* Deeper than 64: jansson's (which reads up to 2048). */
	char deep[200];
	size_t n = 0;
	n += (size_t)snprintf(deep, sizeof(deep), "{\"a\":");
	for (int i = 0; i < 70; i++)
		deep[n++] = '[';
	for (int i = 0; i < 70; i++)
		deep[n++] = ']';
	deep[n++] = '}';
	deep[n] = '\0';
	assert_false(same(deep));
}

static void test_long_body(void **state)
{
	MC_UNUSED(state);
	/* Over the 1 KiB kept on the stack for escaped strings: a heap buffer. */
	size_t cap = 64 * 1024, n = 0;
	char *s = xmalloc(cap);
	n += (size_t)snprintf(s + n, cap - n, "{");
	for (int i = 0; i < 500; i++)
		n += (size_t)snprintf(s + n, cap - n, "%s\"k%d\":\"Nguy\\u1ec5n %d \\\"\\u00e9\\\"\"",
				      i ? "," : "", i, i);
	n += (size_t)snprintf(s + n, cap - n, "}");
	assert_true(json_fast_same_as_jansson(s, n));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_the_usual),
		cmocka_unit_test(test_leaves_the_rest_to_jansson),
		cmocka_unit_test(test_long_body),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
