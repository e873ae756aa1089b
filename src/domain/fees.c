/* Fee rules and their computation in integer đồng (domain/fees.h). Every product and sum is
 * checked for overflow and bounded by FEE_TOTAL_MAX; nothing here allocates or does I/O. */
#include "base/base.h"

#include "domain/fees.h"

bool fee_key_valid(const char *s, size_t max)
{
	size_t n = 0;
	if (!s)
		return false;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return false;
	return n >= 1 && n < max;
}

int64_t fee_declared_get(const struct fee_declared *d, const char *key, int64_t def)
{
	for (size_t i = 0; d && i < d->n; i++)
		if (strcmp(d->items[i].key, key) == 0)
			return d->items[i].value;
	return def;
}

static bool amount_ok(int64_t v)
{
	return v >= 0 && v <= FEE_AMOUNT_MAX;
}

static const char *check_tiers(const struct fee_rule *r, const char **field, const char **vi)
{
	static const char *const names[FEE_MAX_TIERS] = {
	    "tiers[0]", "tiers[1]", "tiers[2]", "tiers[3]",
	    "tiers[4]", "tiers[5]", "tiers[6]", "tiers[7]"};
	int64_t prev = 1;
	if (r->ntiers > FEE_MAX_TIERS) {
		*field = "tiers";
		*vi = "có quá nhiều bậc";
		return "has too many tiers (at most 8)";
	}
	for (size_t i = 0; i < r->ntiers; i++) {
		*field = names[i];
		if (r->tiers[i].from <= prev || r->tiers[i].from > FEE_QUANTITY_MAX) {
			*vi = "bậc phải bắt đầu từ đơn vị thứ 2 trở đi, tăng dần";
			return "from must be at least 2, increase from tier to tier and stay within "
			       "100000";
		}
		if (!amount_ok(r->tiers[i].amount)) {
			*vi = "mức thu phải từ 0 đến 1000000000000 đồng";
			return "amount must be from 0 to 1000000000000";
		}
		prev = r->tiers[i].from;
	}
	return NULL;
}

static const char *check_exemptions(const struct fee_rule *r, const char **field,
				    const char **vi)
{
	static const char *const names[FEE_MAX_EXEMPTIONS] = {
	    "exemptions[0]", "exemptions[1]", "exemptions[2]", "exemptions[3]",
	    "exemptions[4]", "exemptions[5]", "exemptions[6]", "exemptions[7]"};
	if (r->nexemptions > FEE_MAX_EXEMPTIONS) {
		*field = "exemptions";
		*vi = "có quá nhiều trường hợp miễn, giảm";
		return "has too many exemptions (at most 8)";
	}
	for (size_t i = 0; i < r->nexemptions; i++) {
		const struct fee_exemption *e = &r->exemptions[i];
		*field = names[i];
		if (!fee_key_valid(e->code, FEE_ID_MAX)) {
			*vi = "mã miễn, giảm gồm 1 đến 23 ký tự a-z, 0-9, _";
			return "code must be 1 to 23 of a-z, 0-9 and _";
		}
		if (!e->name || !*e->name) {
			*vi = "cần tên trường hợp miễn, giảm";
			return "name is required";
		}
		if (e->percent < 1 || e->percent > 100) {
			*vi = "tỷ lệ miễn, giảm phải từ 1 đến 100";
			return "percent must be from 1 to 100";
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(r->exemptions[j].code, e->code) == 0) {
				*vi = "mã miễn, giảm bị trùng";
				return "code is used twice";
			}
	}
	return NULL;
}

const char *fee_rule_problem(const struct fee_rule *r, const char **field, const char **vi)
{
	bool per_unit = strcmp(r->kind, "per_unit") == 0;
	*field = "id";
	*vi = "mã khoản thu gồm 1 đến 23 ký tự a-z, 0-9, _";
	if (!fee_key_valid(r->id, FEE_ID_MAX))
		return "must be 1 to 23 of a-z, 0-9 and _";
	*field = "name";
	*vi = "cần tên khoản thu";
	if (!r->name || !*r->name)
		return "is required";
	*field = "kind";
	*vi = "phải là fixed hoặc per_unit";
	if (!per_unit && strcmp(r->kind, "fixed") != 0)
		return "must be fixed or per_unit";
	*field = "channel";
	*vi = "phải là any, counter hoặc online";
	if (strcmp(r->channel, "any") && strcmp(r->channel, "counter") && strcmp(r->channel, "online"))
		return "must be any, counter or online";
	*field = "amount";
	*vi = "mức thu phải từ 0 đến 1000000000000 đồng";
	if (!amount_ok(r->amount))
		return "must be from 0 to 1000000000000";
	*field = "cap";
	if (!amount_ok(r->cap))
		return "must be from 0 (none) to 1000000000000";
	*field = "unit";
	if (per_unit && !fee_key_valid(r->unit, FEE_KEY_MAX)) {
		*vi = "khoản thu theo đơn vị cần tên đơn vị (1 đến 15 ký tự a-z, 0-9, _)";
		return "is required for per_unit: 1 to 15 of a-z, 0-9 and _";
	}
	if (!per_unit && (r->unit[0] || r->ntiers)) {
		*field = r->unit[0] ? "unit" : "tiers";
		*vi = "chỉ dùng cho khoản thu theo đơn vị";
		return "is only for per_unit";
	}
	*field = "per";
	if (r->per[0] && (!fee_key_valid(r->per, FEE_KEY_MAX) || strcmp(r->per, r->unit) == 0)) {
		*vi = "phải là tên một đại lượng khác với đơn vị tính (a-z, 0-9, _)";
		return "must be a quantity name (a-z, 0-9, _) other than unit";
	}
	const char *m = check_tiers(r, field, vi);
	return m ? m : check_exemptions(r, field, vi);
}

bool fee_rule_applies(const struct fee_rule *r, const char *channel)
{
	bool online = strcmp(channel, "online") == 0;
	if (strcmp(r->channel, "any") == 0)
		return true;
	return online ? strcmp(r->channel, "online") == 0 : strcmp(r->channel, "counter") == 0;
}

static bool checked_mul(int64_t a, int64_t b, int64_t *out)
{
	return !__builtin_mul_overflow(a, b, out) && *out <= FEE_TOTAL_MAX;
}

static bool checked_add(int64_t a, int64_t b, int64_t *out)
{
	return !__builtin_add_overflow(a, b, out) && *out <= FEE_TOTAL_MAX;
}

/* The price of units 1..q: each unit at the last tier it reaches (or the base amount). */
static bool tiered(const struct fee_rule *r, int64_t q, int64_t *out)
{
	int64_t sum = 0, start = 1, price = r->amount;
	for (size_t i = 0; i <= r->ntiers && start <= q; i++) {
		int64_t end = i < r->ntiers ? r->tiers[i].from - 1 : q; /* last unit at price */
		if (end > q)
			end = q;
		int64_t part;
		if (end >= start && (!checked_mul(end - start + 1, price, &part) ||
				     !checked_add(sum, part, &sum)))
			return false;
		if (i < r->ntiers) {
			start = r->tiers[i].from;
			price = r->tiers[i].amount;
		}
	}
	*out = sum;
	return true;
}

static bool declared_ok(const struct fee_declared *d)
{
	for (size_t i = 0; d && i < d->n; i++)
		if (d->items[i].value < 0 || d->items[i].value > FEE_QUANTITY_MAX)
			return false;
	return true;
}

enum mc_err fee_rule_gross(const struct fee_rule *r, const struct fee_declared *d, int64_t *qty,
			   int64_t *mult, int64_t *out)
{
	int64_t base;
	if (!declared_ok(d))
		return MC_EINVAL;
	*qty = strcmp(r->kind, "per_unit") == 0 ? fee_declared_get(d, r->unit, 1) : 1;
	*mult = r->per[0] ? fee_declared_get(d, r->per, 1) : 1;
	if (strcmp(r->kind, "per_unit") == 0) {
		if (!tiered(r, *qty, &base))
			return MC_ETOOBIG;
	} else {
		base = r->amount;
	}
	if (r->cap > 0 && base > r->cap)
		base = r->cap;
	return checked_mul(base, *mult, out) ? MC_OK : MC_ETOOBIG;
}

static const struct fee_exemption *find_exemption(const struct fee_rule *r, const char *code)
{
	for (size_t i = 0; code && *code && i < r->nexemptions; i++)
		if (strcmp(r->exemptions[i].code, code) == 0)
			return &r->exemptions[i];
	return NULL;
}

static void apply_claim(const struct fee_rule *r, const struct fee_claim *c, struct fee_line *l)
{
	const struct fee_exemption *e = c ? find_exemption(r, c->code) : NULL;
	l->reduction = 0;
	l->exemption[0] = '\0';
	if (c && c->all) {
		l->reduction = l->gross;
		memcpy(l->exemption, "*", 2);
	} else if (e) {
		/* gross ≤ 10^12 and percent ≤ 100: the product fits easily. */
		l->reduction = l->gross * e->percent / 100;
		memcpy(l->exemption, e->code, strlen(e->code) + 1);
	}
	l->amount = l->gross - l->reduction;
}

enum mc_err fee_compute(const struct fee_rule *rules, size_t nrules, const struct fee_declared *d,
			const char *channel, const struct fee_claim *claim, struct fee_line *lines,
			size_t *nlines, int64_t *total)
{
	bool claim_found = !claim || claim->all || !claim->code || !*claim->code;
	*nlines = 0;
	*total = 0;
	if (nrules > FEE_MAX_RULES)
		return MC_EINVAL;
	for (size_t i = 0; i < nrules; i++) {
		const struct fee_rule *r = &rules[i];
		if (!fee_rule_applies(r, channel))
			continue;
		struct fee_line *l = &lines[(*nlines)++];
		memset(l, 0, sizeof(*l));
		memcpy(l->rule, r->id, sizeof(l->rule));
		l->name = r->name;
		l->agency = r->agency;
		enum mc_err err = fee_rule_gross(r, d, &l->quantity, &l->multiplier, &l->gross);
		if (err)
			return err;
		apply_claim(r, claim, l);
		claim_found = claim_found || find_exemption(r, claim->code);
		if (!checked_add(*total, l->amount, total))
			return MC_ETOOBIG;
	}
	return claim_found ? MC_OK : MC_ENOTFOUND;
}
