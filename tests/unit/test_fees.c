/* Tests of fee rules and their computation (domain/fees.h) and of the reader of the catalog's fee
 * texts (domain/fee_text.h), with exact amounts in đồng. The texts are the national catalog's own
 * (data/procedures.json, by_channel). */
#include "base/base.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/arena.h"
#include "domain/fee_text.h"
#include "domain/fees.h"

/* 2.000815, certified copies: 2.000 đ a page, 1.000 đ a page from page 3, at most 200.000 đ a
 * copy. */
static struct fee_rule copy_rule(void)
{
	struct fee_rule r = {.id = "phi", .name = "Phí", .kind = "per_unit", .channel = "any",
			     .amount = 2000, .unit = "pages", .ntiers = 1, .cap = 200000,
			     .per = "copies"};
	r.tiers[0] = (struct fee_tier){3, 1000};
	return r;
}

static struct fee_declared decl(int64_t pages, int64_t copies)
{
	struct fee_declared d = {.n = 2};
	memcpy(d.items[0].key, "pages", 6);
	d.items[0].value = pages;
	memcpy(d.items[1].key, "copies", 7);
	d.items[1].value = copies;
	return d;
}

static int64_t gross(const struct fee_rule *r, int64_t pages, int64_t copies)
{
	struct fee_declared d = decl(pages, copies);
	int64_t q, m, out = -1;
	assert_int_equal(fee_rule_gross(r, &d, &q, &m, &out), MC_OK);
	assert_int_equal(q, pages);
	return out;
}

static void test_tiers(void **state)
{
	(void)state;
	struct fee_rule r = copy_rule();
	assert_int_equal(gross(&r, 0, 1), 0);
	assert_int_equal(gross(&r, 1, 1), 2000);
	assert_int_equal(gross(&r, 2, 1), 4000);
	assert_int_equal(gross(&r, 3, 1), 5000);
	assert_int_equal(gross(&r, 10, 1), 12000);
	assert_int_equal(gross(&r, 10, 3), 36000);
	/* Three tiers: 1-2 at 2000, 3-5 at 1000, 6+ at 500. */
	r.ntiers = 2;
	r.tiers[1] = (struct fee_tier){6, 500};
	assert_int_equal(gross(&r, 5, 1), 7000);
	assert_int_equal(gross(&r, 6, 1), 7500);
	assert_int_equal(gross(&r, 9, 1), 9000);
}

static void test_cap(void **state)
{
	(void)state;
	struct fee_rule r = copy_rule();
	/* 198 pages: 4000 + 196 × 1000 = 200000 exactly; 199 would be 201000 → the cap. */
	assert_int_equal(gross(&r, 198, 1), 200000);
	assert_int_equal(gross(&r, 199, 1), 200000);
	assert_int_equal(gross(&r, 5000, 1), 200000);
	/* The cap is per copy: two copies of 500 pages pay twice the cap. */
	assert_int_equal(gross(&r, 500, 2), 400000);
	r.cap = 0; /* none */
	assert_int_equal(gross(&r, 500, 1), 2000 * 2 + 498 * 1000);
}

static void test_fixed_and_undeclared(void **state)
{
	(void)state;
	struct fee_rule r = {.id = "le_phi", .name = "Lệ phí", .kind = "fixed", .channel = "any",
			     .amount = 400000};
	struct fee_declared none = {0};
	int64_t q, m, out;
	assert_int_equal(fee_rule_gross(&r, &none, &q, &m, &out), MC_OK);
	assert_int_equal(out, 400000);
	assert_int_equal(q, 1);
	assert_int_equal(m, 1);
	struct fee_rule c = copy_rule();
	/* Nothing declared: one page of one copy. */
	assert_int_equal(fee_rule_gross(&c, &none, &q, &m, &out), MC_OK);
	assert_int_equal(out, 2000);
	/* A fixed amount per person. */
	memcpy(r.per, "persons", 8);
	struct fee_declared p = {.n = 1};
	memcpy(p.items[0].key, "persons", 8);
	p.items[0].value = 4;
	assert_int_equal(fee_rule_gross(&r, &p, &q, &m, &out), MC_OK);
	assert_int_equal(out, 1600000);
	assert_int_equal(m, 4);
}

/* 1.004222, permanent residence: 20.000 đ at the counter, 10.000 đ online. */
static void test_channel(void **state)
{
	(void)state;
	struct fee_rule rules[2] = {
	    {.id = "le_phi_counter", .name = "Lệ phí", .kind = "fixed", .channel = "counter",
	     .amount = 20000},
	    {.id = "le_phi_online", .name = "Lệ phí", .kind = "fixed", .channel = "online",
	     .amount = 10000}};
	struct fee_line lines[FEE_MAX_RULES];
	size_t n;
	int64_t total;
	assert_int_equal(fee_compute(rules, 2, NULL, "counter", NULL, lines, &n, &total), MC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0].rule, "le_phi_counter");
	assert_int_equal(total, 20000);
	assert_int_equal(fee_compute(rules, 2, NULL, "post", NULL, lines, &n, &total), MC_OK);
	assert_int_equal(total, 20000);
	assert_int_equal(fee_compute(rules, 2, NULL, "online", NULL, lines, &n, &total), MC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0].rule, "le_phi_online");
	assert_int_equal(total, 10000);
}

static void test_exemption(void **state)
{
	(void)state;
	struct fee_rule rules[2] = {copy_rule(),
				    {.id = "le_phi", .name = "Lệ phí", .kind = "fixed",
				     .channel = "any", .amount = 50000, .nexemptions = 2}};
	rules[1].exemptions[0] = (struct fee_exemption){"poor_household", "Hộ nghèo", NULL, 100};
	rules[1].exemptions[1] = (struct fee_exemption){"half", "Giảm 50%", "TT 64/2025", 50};
	struct fee_declared d = decl(3, 1);
	struct fee_line lines[FEE_MAX_RULES];
	size_t n;
	int64_t total;
	struct fee_claim poor = {"poor_household", false};
	assert_int_equal(fee_compute(rules, 2, &d, "counter", &poor, lines, &n, &total), MC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(lines[0].amount, 5000); /* the copy fee does not list it */
	assert_string_equal(lines[0].exemption, "");
	assert_int_equal(lines[1].gross, 50000);
	assert_int_equal(lines[1].reduction, 50000);
	assert_int_equal(lines[1].amount, 0);
	assert_string_equal(lines[1].exemption, "poor_household");
	assert_int_equal(total, 5000);
	/* A reduction rounds the reduction down: 50% of 50001 reduces 25000. */
	rules[1].amount = 50001;
	struct fee_claim half = {"half", false};
	assert_int_equal(fee_compute(rules, 2, &d, "counter", &half, lines, &n, &total), MC_OK);
	assert_int_equal(lines[1].reduction, 25000);
	assert_int_equal(lines[1].amount, 25001);
	assert_int_equal(total, 30001);
	/* An officer's full exemption clears every line. */
	struct fee_claim all = {NULL, true};
	assert_int_equal(fee_compute(rules, 2, &d, "counter", &all, lines, &n, &total), MC_OK);
	assert_int_equal(total, 0);
	assert_string_equal(lines[0].exemption, "*");
	assert_int_equal(lines[0].reduction, 5000);
	/* A code no applying rule lists. */
	struct fee_claim bad = {"children_under_6", false};
	assert_int_equal(fee_compute(rules, 2, &d, "counter", &bad, lines, &n, &total),
			 MC_ENOTFOUND);
}

static void test_overflow(void **state)
{
	(void)state;
	struct fee_rule r = copy_rule();
	r.cap = 0;
	r.amount = FEE_AMOUNT_MAX;
	r.ntiers = 0;
	struct fee_declared d = decl(2, 1);
	int64_t q, m, out;
	assert_int_equal(fee_rule_gross(&r, &d, &q, &m, &out), MC_ETOOBIG);
	d = decl(1, 1);
	assert_int_equal(fee_rule_gross(&r, &d, &q, &m, &out), MC_OK);
	assert_int_equal(out, FEE_AMOUNT_MAX);
	d = decl(1, 2); /* the multiplier passes the limit */
	assert_int_equal(fee_rule_gross(&r, &d, &q, &m, &out), MC_ETOOBIG);
	d = decl(FEE_QUANTITY_MAX + 1, 1);
	assert_int_equal(fee_rule_gross(&r, &d, &q, &m, &out), MC_EINVAL);
	d = decl(-1, 1);
	assert_int_equal(fee_rule_gross(&r, &d, &q, &m, &out), MC_EINVAL);
	/* Two lines each within the limit whose sum is not. */
	struct fee_rule two[2] = {{.id = "a", .name = "A", .kind = "fixed", .channel = "any",
				   .amount = FEE_AMOUNT_MAX},
				  {.id = "b", .name = "B", .kind = "fixed", .channel = "any",
				   .amount = 1}};
	struct fee_line lines[FEE_MAX_RULES];
	size_t n;
	int64_t total;
	assert_int_equal(fee_compute(two, 2, NULL, "online", NULL, lines, &n, &total), MC_ETOOBIG);
	/* The largest quantity at the largest legal tiers stays exact. */
	struct fee_rule big = copy_rule();
	big.cap = 0;
	big.amount = 10000000;
	big.tiers[0].amount = 10000000;
	d = decl(FEE_QUANTITY_MAX, 1);
	assert_int_equal(fee_rule_gross(&big, &d, &q, &m, &out), MC_OK);
	assert_int_equal(out, 1000000000000LL);
}

static void expect_problem(struct fee_rule r, const char *field)
{
	const char *f = NULL, *vi = NULL;
	const char *msg = fee_rule_problem(&r, &f, &vi);
	if (!msg)
		fail_msg("no problem found, expected one in %s", field);
	assert_string_equal(f, field);
	assert_non_null(vi);
}

static void test_rule_checks(void **state)
{
	(void)state;
	const char *f, *vi;
	struct fee_rule r = copy_rule();
	assert_null(fee_rule_problem(&r, &f, &vi));
	r.id[0] = 'X';
	expect_problem(r, "id");
	r = copy_rule();
	memcpy(r.kind, "tiered", 7);
	expect_problem(r, "kind");
	r = copy_rule();
	memcpy(r.channel, "post", 5);
	expect_problem(r, "channel");
	r = copy_rule();
	r.amount = -1;
	expect_problem(r, "amount");
	r = copy_rule();
	r.cap = FEE_AMOUNT_MAX + 1;
	expect_problem(r, "cap");
	r = copy_rule();
	r.tiers[0].from = 1;
	expect_problem(r, "tiers[0]");
	r = copy_rule();
	r.ntiers = 2;
	r.tiers[1] = (struct fee_tier){3, 500}; /* not increasing */
	expect_problem(r, "tiers[1]");
	r = copy_rule();
	memcpy(r.per, "pages", 6);
	expect_problem(r, "per");
	r = copy_rule();
	memcpy(r.kind, "fixed", 6);
	expect_problem(r, "unit");
	r = copy_rule();
	r.nexemptions = 1;
	r.exemptions[0] = (struct fee_exemption){"poor", "Hộ nghèo", NULL, 101};
	expect_problem(r, "exemptions[0]");
}

static enum fee_text_result parse(struct arena *a, const char *col, const char *note,
				  struct fee_rule *r, const char **why)
{
	*why = NULL;
	return fee_text_parse(a, col, note, r, why);
}

/* The catalog's own texts. */
static void test_parse_catalog(void **state)
{
	(void)state;
	struct arena a;
	struct fee_rule r;
	const char *why;
	const char *f, *vi;
	arena_init(&a);
	/* 2.000815 */
	assert_int_equal(
	    parse(&a, "2,000 Việt Nam Đồng(/trang)",
		  "Tại Ủy ban nhân dân cấp xã, Tổ chức hành nghề công chứng: 2.000 đồng/trang; từ "
		  "trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản. "
		  "Trang là căn cứ để thu phí được tính theo trang của bản chính;",
		  &r, &why),
	    FEE_TEXT_RULE);
	assert_string_equal(r.kind, "per_unit");
	assert_string_equal(r.unit, "pages");
	assert_int_equal(r.amount, 2000);
	assert_int_equal(r.ntiers, 1);
	assert_int_equal(r.tiers[0].from, 3);
	assert_int_equal(r.tiers[0].amount, 1000);
	assert_int_equal(r.cap, 200000);
	assert_string_equal(r.per, "copies");
	assert_string_equal(r.id, "phi");
	assert_null(fee_rule_problem(&r, &f, &vi));
	assert_int_equal(gross(&r, 7, 2), 2 * (4000 + 5000));
	/* The same procedure abroad, in USD. */
	assert_int_equal(parse(&a, "10 USD(/bản)", "Tại cơ quan đại diện: 10 USD/bản.", &r, &why),
			 FEE_TEXT_UNPARSED);
	assert_string_equal(why, "the amount is not in đồng");
	/* 2.000635: a bare amount. */
	assert_int_equal(parse(&a, "8,000 VNĐ", "", &r, &why), FEE_TEXT_RULE);
	assert_string_equal(r.kind, "fixed");
	assert_int_equal(r.amount, 8000);
	assert_string_equal(r.name, "Phí, lệ phí");
	/* 1.004194 at the counter: per person. */
	assert_int_equal(parse(&a, "10,000 Việt Nam Đồng",
			       "Đăng ký tạm trú theo danh sách: + Trường hợp công dân nộp hồ sơ trực "
			       "tiếp thu 10.000 đồng/người/lần đăng ký;)- Nộp hồ sơ trực tiếp tại "
			       "Công an cấp xã. Thời gian tiếp nhận hồ sơ: Giờ hành chính các ngày "
			       "làm việc từ thứ 2 đến thứ 6 và sáng thứ 7 hàng tuần",
			       &r, &why),
			 FEE_TEXT_RULE);
	assert_string_equal(r.kind, "per_unit");
	assert_string_equal(r.unit, "persons");
	assert_int_equal(r.ntiers, 0);
	/* 2.001263: 400.000 đ a case, with exemptions. */
	assert_int_equal(
	    parse(&a, "400,000 Việt Nam Đồng",
		  "Mức thu lệ phí: 400.000đ/trường hợp. Miễn lệ phí đăng ký nuôi con nuôi trong "
		  "nước đối với trường hợp cha dượng hoặc mẹ kế nhận con riêng của vợ hoặc chồng làm "
		  "con nuôi; cô, cậu, dì, chú, bác ruột nhận cháu làm con nuôi; nhận các trẻ em sau "
		  "đây làm con nuôi: Trẻ khuyết tật, nhiễm HIV/AIDS hoặc mắc bệnh hiểm nghèo",
		  &r, &why),
	    FEE_TEXT_RULE);
	assert_string_equal(r.id, "le_phi");
	assert_string_equal(r.unit, "cases");
	assert_int_equal(r.nexemptions, 3);
	assert_string_equal(r.exemptions[0].code, "stepparent");
	assert_string_equal(r.exemptions[1].code, "relative");
	assert_string_equal(r.exemptions[2].code, "child_special_needs");
	assert_int_equal(r.exemptions[2].percent, 100);
	/* 1.004222 at the counter: the legal basis of its exemption, dates not read as amounts. */
	assert_int_equal(parse(&a, "20,000 Việt Nam Đồng",
			       "Trường hợp công dân thuộc diện được miễn phí theo quy định tại Điều 4 "
			       "Thông tư số 75/2022/TT-BTC ngày 22/12/2022 quy định mức thu",
			       &r, &why),
			 FEE_TEXT_RULE);
	assert_int_equal(r.amount, 20000);
	assert_int_equal(r.nexemptions, 1);
	assert_string_equal(r.exemptions[0].code, "by_law");
	assert_string_equal(r.exemptions[0].legal_basis, "Thông tư số 75/2022/TT-BTC");
	/* 1.001456: "200.000đ/ hộ chiếu" is one per dossier. */
	assert_int_equal(parse(&a, "200,000 Việt Nam Đồng",
			       "200.000đ/ hộ chiếu. Trường hợp cấp lại do bị hỏng hoặc bị mất: "
			       "400.000đ/hộ chiếu (Thông tư số 25/2021/TT-BTC ngày 07/4/2021 của Bộ "
			       "Tài chính).",
			       &r, &why),
			 FEE_TEXT_RULE);
	assert_string_equal(r.kind, "fixed");
	assert_int_equal(r.amount, 200000);
	assert_string_equal(r.legal_basis, "Thông tư số 25/2021/TT-BTC");
	/* 2.001610 online: the source's typo "100 VNĐ" against 100.000 in the description. */
	assert_int_equal(parse(&a, "100 VNĐ",
			       "Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần (Thông tư "
			       "số 47/2019/TT-BTC",
			       &r, &why),
			 FEE_TEXT_UNPARSED);
	assert_string_equal(why, "the amount column and the description disagree");
	/* 3.000347: "Miễn phí" in the column, an amount in the description. */
	assert_int_equal(parse(&a, "Miễn phí", "Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.",
			       &r, &why),
			 FEE_TEXT_UNPARSED);
	assert_int_equal(parse(&a, "Miễn phí", "", &r, &why), FEE_TEXT_FREE);
	/* An amount limited to a period (1.001456 online). */
	assert_int_equal(parse(&a, "160,000 Việt Nam Đồng",
			       "+ 160.000/hộ chiếu (áp dụng đến hết ngày 31/12/2023 theo Thông tư số "
			       "44/2023/TT-BTC)",
			       &r, &why),
			 FEE_TEXT_UNPARSED);
	assert_int_equal(parse(&a, "Không có thông tin", "", &r, &why), FEE_TEXT_UNPARSED);
	arena_release(&a);
}

static void test_amounts(void **state)
{
	(void)state;
	int64_t v;
	const char *end;
	assert_true(fee_text_amount("200.000 đồng", &v, &end));
	assert_int_equal(v, 200000);
	assert_string_equal(end, " đồng");
	assert_true(fee_text_amount("8,000", &v, &end));
	assert_int_equal(v, 8000);
	assert_true(fee_text_amount("1.000.000đ", &v, &end));
	assert_int_equal(v, 1000000);
	assert_true(fee_text_amount("2.5", &v, &end)); /* not a group of three: stops */
	assert_int_equal(v, 2);
	assert_false(fee_text_amount("đồng", &v, &end));
	assert_false(fee_text_amount("99999999999999", &v, &end));
}

/* Property: whatever texts the reader gets (fragments of the catalog's phrasing, shuffled by a
 * fixed-seed generator), a rule it returns passes the rule checks and computes without overflow
 * for any declared quantity in range. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t next_rand(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_parse_property(void **state)
{
	(void)state;
	static const char *const columns[] = {
	    "2,000 Việt Nam Đồng(/trang)", "8,000 VNĐ", "Miễn phí", "400,000 Việt Nam Đồng",
	    "999,999,999,999 VNĐ", "10 USD(/bản)", "0 VNĐ", "1,000 Việt Nam Đồng(/người)", "", "7"};
	static const char *const parts[] = {
	    "2.000 đồng/trang", "; từ trang thứ 3 trở lên thu 1.000 đồng/trang", ", tối đa thu không quá ",
	    "200.000 đồng/bản", "từ trang thứ 2 trở lên thu 999.999.999.999 đồng/trang", "thứ 9999999 trở lên thu 5 đ",
	    "Miễn lệ phí cho người thuộc hộ nghèo; người khuyết tật", " Thông tư số 75/2022/TT-BTC",
	    "Nghị định số ", "8.000 đồng/lần", "400.000đ/trường hợp", "1.000", "/", "đồng", "tối đa",
	    " 22/12/2022 ", "có công với cách mạng", "10.000 đồng/người/lần"};
	struct arena a;
	arena_init(&a);
	for (int i = 0; i < 20000; i++) {
		char note[1024] = "";
		size_t n = next_rand() % 6;
		for (size_t k = 0; k < n; k++) {
			const char *part = parts[next_rand() % MC_ARRAY_LEN(parts)];
			if (strlen(note) + strlen(part) < sizeof(note))
				memcpy(note + strlen(note), part, strlen(part) + 1);
		}
		struct fee_rule r;
		const char *why = NULL, *f, *vi;
		const char *col = columns[next_rand() % MC_ARRAY_LEN(columns)];
		if (fee_text_parse(&a, col, note, &r, &why) != FEE_TEXT_RULE)
			continue;
		const char *msg = fee_rule_problem(&r, &f, &vi);
		if (msg)
			fail_msg("\"%s\" + \"%s\": %s %s", col, note, f, msg);
		struct fee_declared d = decl((int64_t)(next_rand() % (FEE_QUANTITY_MAX + 1)),
					     (int64_t)(next_rand() % 3));
		int64_t q, m, out;
		enum mc_err err = fee_rule_gross(&r, &d, &q, &m, &out);
		assert_true(err == MC_OK || err == MC_ETOOBIG);
		if (!err)
			assert_true(out >= 0 && out <= FEE_TOTAL_MAX);
	}
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tiers),        cmocka_unit_test(test_cap),
	    cmocka_unit_test(test_fixed_and_undeclared), cmocka_unit_test(test_channel),
	    cmocka_unit_test(test_exemption),    cmocka_unit_test(test_overflow),
	    cmocka_unit_test(test_rule_checks),  cmocka_unit_test(test_parse_catalog),
	    cmocka_unit_test(test_amounts),      cmocka_unit_test(test_parse_property),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
