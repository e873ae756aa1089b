/* Tests of the search synonyms: the file built into the binary parses whole, aliases match whole
 * words only, the longest wins, the rest of the query stays; malformed lines are refused. */
#include "base/base.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/embed.h"
#include "domain/synonyms.h"
#include "domain/text.h"

static char *fold(const char *s, size_t n)
{
	char *key = NULL;
	return text_search_key(s, n, &key) == MC_OK ? key : NULL;
}

static struct synonyms syn;

static void expect(const struct synonyms *s, const char *key, const char *want)
{
	char out[256];
	bool hit = synonyms_expand(s, key, out, sizeof(out));
	if (!want) {
		assert_false(hit);
		return;
	}
	assert_true(hit);
	assert_string_equal(out, want);
}

static void test_data_file(void **state)
{
	(void)state;
	const struct embed_file *f = embed_find("data/search_synonyms.csv");
	size_t line = 99;
	assert_non_null(f);
	assert_int_equal(synonyms_parse((const char *)f->data, f->size, fold, &syn, &line), MC_OK);
	assert_int_equal(line, 0);
	assert_true(syn.n >= 20);
	expect(&syn, "so do", "giay chung nhan quyen su dung dat");
	expect(&syn, "cap doi so do", "cap doi giay chung nhan quyen su dung dat");
	expect(&syn, "bang lai", "giay phep lai xe");
	expect(&syn, "bang lai xe", "giay phep lai xe"); /* the longest alias, not "bang lai" + " xe" */
	expect(&syn, "cccd", "can cuoc");
	expect(&syn, "socccd", NULL);
	expect(&syn, "khai sinh", NULL);
	/* No entry maps to itself, and no expansion is itself an alias (one rewrite suffices). */
	for (size_t i = 0; i < syn.n; i++) {
		assert_string_not_equal(syn.items[i].alias, syn.items[i].expansion);
		for (size_t j = 0; j < syn.n; j++)
			if (!strcmp(syn.items[i].expansion, syn.items[j].alias))
				fail_msg("expansion \"%s\" is an alias", syn.items[i].expansion);
	}
}

static void test_forms_and_errors(void **state)
{
	(void)state;
	static struct synonyms s;
	size_t line = 0;
	const char ok[] = "# comment\n\n  Sổ Đỏ , Giấy chứng nhận\r\nx,y\n";
	assert_int_equal(synonyms_parse(ok, strlen(ok), fold, &s, &line), MC_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.items[0].alias, "so do");
	assert_string_equal(s.items[0].expansion, "giay chung nhan");
	const char no_comma[] = "a,b\nno comma here\n";
	assert_int_equal(synonyms_parse(no_comma, strlen(no_comma), fold, &s, &line), MC_EINVAL);
	assert_int_equal(line, 2);
	const char empty_side[] = "a,\n";
	assert_int_equal(synonyms_parse(empty_side, strlen(empty_side), fold, &s, &line), MC_EINVAL);
	assert_int_equal(line, 1);
	char long_line[300];
	memset(long_line, 'a', sizeof(long_line) - 3);
	memcpy(long_line + sizeof(long_line) - 3, ",b", 3);
	assert_int_equal(synonyms_parse(long_line, strlen(long_line), fold, &s, &line), MC_EINVAL);
	/* A result that does not fit is no rewrite. */
	const char one[] = "ab,cdefghij\n";
	assert_int_equal(synonyms_parse(one, strlen(one), fold, &s, &line), MC_OK);
	char small[6];
	assert_false(synonyms_expand(&s, "ab", small, sizeof(small)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_file),
		cmocka_unit_test(test_forms_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
