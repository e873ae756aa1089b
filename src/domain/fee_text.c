/* The reader of the catalog's fee texts (domain/fee_text.h). It knows the few patterns the
 * national portal's fee fields use and refuses everything else, saying why, so that a person
 * enters those rules by hand; it never guesses an amount. */
#include "base/base.h"

#include "domain/fee_text.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool fee_text_amount(const char *s, int64_t *out, const char **end)
{
	int64_t v = 0;
	size_t i = 0, group = 0;
	if (!s || !is_digit(s[0]))
		return false;
	for (;;) {
		if (is_digit(s[i])) {
			v = v * 10 + (s[i] - '0');
			if (v > FEE_AMOUNT_MAX)
				return false;
			group++;
			i++;
		} else if ((s[i] == '.' || s[i] == ',') && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
			   is_digit(s[i + 3]) && !is_digit(s[i + 4]) && (group <= 3)) {
			group = 0;
			i++;
		} else {
			break;
		}
	}
	*out = v;
	*end = s + i;
	return true;
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* After an amount: "đồng", "Đồng", "đ", "VNĐ" or "Việt Nam Đồng"; the rest, or NULL. */
static const char *currency(const char *s)
{
	static const char *const words[] = {"Việt Nam Đồng", "đồng", "Đồng", "VNĐ", "đ"};
	s = skip_spaces(s);
	for (size_t i = 0; i < MC_ARRAY_LEN(words); i++)
		if (strncmp(s, words[i], strlen(words[i])) == 0)
			return s + strlen(words[i]);
	return NULL;
}

/* The word after "/" (up to "/", ";", ".", ",", "(" or ")"), trimmed, into w. */
static void unit_word(const char *s, char *w, size_t cap)
{
	size_t n = 0;
	s = skip_spaces(s);
	while (*s && !strchr("/;.,()", *s) && n + 1 < cap)
		w[n++] = *s++;
	while (n && w[n - 1] == ' ')
		n--;
	w[n] = '\0';
}

struct unit_map {
	const char *word, *key;
};

/* Units that count something the applicant declares; any other unit ("lần", "giao dịch", "hộ
 * chiếu", "di chúc") is one per dossier. */
static const struct unit_map units[] = {
    {"trang", "pages"}, {"bản", "copies"}, {"trường hợp", "cases"}, {"người", "persons"}};

static const char *unit_key(const char *word)
{
	for (size_t i = 0; i < MC_ARRAY_LEN(units); i++)
		if (strcmp(word, units[i].word) == 0)
			return units[i].key;
	return NULL;
}

/* Each amount of the note followed by a currency or "/", in order: calls fn(amount, after). */
static void each_amount(const char *note, void (*fn)(int64_t, const char *, void *), void *arg)
{
	for (const char *s = note; s && *s; s++) {
		int64_t v;
		const char *end;
		if ((s == note || (!is_digit(s[-1]) && s[-1] != '/')) &&
		    fee_text_amount(s, &v, &end)) {
			const char *c = currency(end), *sl = skip_spaces(end);
			/* "160.000/hộ chiếu" counts; "47/2019" and "22/12" do not. */
			if (c || (*sl == '/' && !is_digit(skip_spaces(sl + 1)[0])))
				fn(v, c ? c : sl, arg);
			s = end - 1;
		}
	}
}

struct note_scan {
	int64_t want;
	bool any, found;
	char unit[32]; /* the unit word after the wanted amount */
};

static void scan_one(int64_t v, const char *after, void *arg)
{
	struct note_scan *n = arg;
	n->any = true;
	if (v != n->want)
		return;
	n->found = true;
	if (!n->unit[0] && *after == '/')
		unit_word(after + 1, n->unit, sizeof(n->unit));
}

/* "từ <unit> thứ K trở lên thu X" → a tier; "tối đa … X đồng/<unit>" → a cap. */
static void read_tiers_and_cap(const char *note, struct fee_rule *r)
{
	for (const char *s = note; (s = strstr(s, "thứ ")) != NULL && r->ntiers < FEE_MAX_TIERS;) {
		int64_t k, x;
		const char *end, *thu;
		s += strlen("thứ ");
		if (!fee_text_amount(s, &k, &end) ||
		    strncmp(skip_spaces(end), "trở lên", strlen("trở lên")) != 0)
			continue;
		thu = strstr(end, "thu ");
		if (!thu || thu - end > 20 || !fee_text_amount(thu + 4, &x, &end) || !currency(end))
			continue;
		if (k >= 2 && k <= FEE_QUANTITY_MAX &&
		    (r->ntiers == 0 || k > r->tiers[r->ntiers - 1].from))
			r->tiers[r->ntiers++] = (struct fee_tier){k, x};
	}
	const char *s = strstr(note, "tối đa");
	if (!s)
		return;
	for (const char *p = s; *p && p - s < 40; p++) {
		int64_t x;
		const char *end, *c;
		if (is_digit(*p) && fee_text_amount(p, &x, &end) && (c = currency(end)) != NULL) {
			char w[32] = "";
			if (*c == '/')
				unit_word(c + 1, w, sizeof(w));
			const char *key = unit_key(w);
			r->cap = x;
			if (key && strcmp(key, r->unit) != 0)
				memcpy(r->per, key, strlen(key) + 1);
			return;
		}
	}
}

struct phrase {
	const char *text, *code, *name;
};

static const struct phrase phrases[] = {
    {"hộ nghèo", "poor_household", "Người thuộc hộ nghèo"},
    {"có công với cách mạng", "meritorious", "Người có công với cách mạng hoặc thuộc gia đình có "
					      "công với cách mạng"},
    {"người khuyết tật", "disabled", "Người khuyết tật"},
    {"cha dượng hoặc mẹ kế", "stepparent", "Cha dượng hoặc mẹ kế nhận con riêng của vợ hoặc "
					    "chồng làm con nuôi"},
    {"bác ruột nhận cháu", "relative", "Cô, cậu, dì, chú, bác ruột nhận cháu làm con nuôi"},
    {"Trẻ khuyết tật", "child_special_needs", "Nhận trẻ khuyết tật, nhiễm HIV/AIDS hoặc mắc bệnh "
					       "hiểm nghèo làm con nuôi"},
    {"vay vốn tại tổ chức tín dụng", "agri_loan", "Cá nhân, hộ gia đình vay vốn tại tổ chức tín "
						  "dụng phục vụ phát triển nông nghiệp, nông thôn"},
    {"thuộc diện được miễn", "by_law", "Người thuộc diện được miễn theo văn bản quy định mức thu"},
};

/* The first "Thông tư số …" or "Nghị định số …" reference of the note, verbatim. */
static const char *legal_basis(struct arena *a, const char *note)
{
	static const char *const kinds[] = {"Thông tư số ", "Nghị định số "};
	const char *best = NULL;
	for (size_t i = 0; i < MC_ARRAY_LEN(kinds); i++) {
		const char *s = strstr(note, kinds[i]);
		if (s && (!best || s < best))
			best = s;
	}
	if (!best)
		return NULL;
	const char *num = strstr(best, "số ") + strlen("số ");
	size_t n = strcspn(num, " ,;)");
	size_t head = (size_t)(num - best);
	char *out = arena_alloc(a, head + n + 1);
	memcpy(out, best, head + n);
	out[head + n] = '\0';
	return out;
}

static void read_exemptions(struct arena *a, const char *note, struct fee_rule *r)
{
	const char *basis = legal_basis(a, note);
	for (size_t i = 0; i < MC_ARRAY_LEN(phrases) && r->nexemptions < FEE_MAX_EXEMPTIONS; i++) {
		if (!strstr(note, phrases[i].text))
			continue;
		struct fee_exemption *e = &r->exemptions[r->nexemptions++];
		memcpy(e->code, phrases[i].code, strlen(phrases[i].code) + 1);
		e->name = phrases[i].name;
		e->legal_basis = basis;
		e->percent = 100;
	}
	r->legal_basis = basis;
}

static void name_rule(const char *note, struct fee_rule *r)
{
	static const char *const ids[] = {"le_phi", "phi", "phi_le_phi"};
	static const char *const names[] = {"Lệ phí", "Phí", "Phí, lệ phí"};
	size_t k = 2;
	if (strstr(note, "Lệ phí") || strstr(note, "lệ phí"))
		k = 0;
	else if (strstr(note, "Phí") || strstr(note, "phí"))
		k = 1;
	memcpy(r->id, ids[k], strlen(ids[k]) + 1);
	r->name = names[k];
}

/* The column: an amount in đồng and maybe "(/unit)". */
static enum fee_text_result read_column(const char *column, int64_t *amount, char *unit,
					size_t cap, const char **why)
{
	const char *end, *rest;
	if (strstr(column, "Miễn phí"))
		return FEE_TEXT_FREE;
	if (!fee_text_amount(skip_spaces(column), amount, &end)) {
		*why = "the amount column holds no amount";
		return FEE_TEXT_UNPARSED;
	}
	rest = currency(end);
	if (!rest) {
		*why = "the amount is not in đồng";
		return FEE_TEXT_UNPARSED;
	}
	unit[0] = '\0';
	if (strncmp(rest, "(/", 2) == 0)
		unit_word(rest + 2, unit, cap);
	return FEE_TEXT_RULE;
}

enum fee_text_result fee_text_parse(struct arena *a, const char *column, const char *note,
				    struct fee_rule *out, const char **why)
{
	int64_t amount = 0;
	char unit[32];
	struct note_scan scan = {0};
	note = note ? note : "";
	memset(out, 0, sizeof(*out));
	enum fee_text_result res = read_column(column ? column : "", &amount, unit, sizeof(unit), why);
	scan.want = amount;
	each_amount(note, scan_one, &scan);
	if (res == FEE_TEXT_FREE && scan.any) {
		*why = "the amount column says free but the description names an amount";
		return FEE_TEXT_UNPARSED;
	}
	if (res != FEE_TEXT_RULE)
		return res;
	if (strstr(note, "đến hết ngày")) {
		*why = "the description limits an amount to a period";
		return FEE_TEXT_UNPARSED;
	}
	if (scan.any && !scan.found) {
		*why = "the amount column and the description disagree";
		return FEE_TEXT_UNPARSED;
	}
	if (!unit[0])
		memcpy(unit, scan.unit, sizeof(unit));
	const char *key = unit_key(unit);
	memcpy(out->kind, key ? "per_unit" : "fixed", key ? 9 : 6);
	memcpy(out->channel, "any", 4);
	if (key)
		memcpy(out->unit, key, strlen(key) + 1);
	out->amount = amount;
	name_rule(note, out);
	if (key)
		read_tiers_and_cap(note, out);
	read_exemptions(a, note, out);
	return FEE_TEXT_RULE;
}

static bool same_rule(const struct fee_rule *x, const struct fee_rule *y)
{
	if (strcmp(x->kind, y->kind) || x->amount != y->amount || strcmp(x->unit, y->unit) ||
	    x->cap != y->cap || strcmp(x->per, y->per) || x->ntiers != y->ntiers)
		return false;
	for (size_t i = 0; i < x->ntiers; i++)
		if (x->tiers[i].from != y->tiers[i].from || x->tiers[i].amount != y->tiers[i].amount)
			return false;
	return true;
}

enum { SLOT_COUNTER, SLOT_ONLINE, SLOT_POST };

struct slot {
	bool seen, charged;
	struct fee_rule rule;
};

static int slot_of(const char *channel)
{
	if (channel && strcmp(channel, "Trực tuyến") == 0)
		return SLOT_ONLINE;
	if (channel && strcmp(channel, "Dịch vụ bưu chính") == 0)
		return SLOT_POST;
	return SLOT_COUNTER;
}

static void suffix(struct fee_rule *r, const char *channel)
{
	size_t n = strlen(r->id);
	snprintf(r->id + n, sizeof(r->id) - n, "_%s", channel);
	memcpy(r->channel, channel, strlen(channel) + 1);
}

enum fee_text_result fee_text_schedule(struct arena *a, const struct fee_text_entry *e, size_t n,
				       struct fee_rule rules[2], size_t *nrules, const char **why,
				       size_t *skipped)
{
	struct slot slots[3] = {0};
	struct fee_rule r;
	*nrules = 0;
	*skipped = 0;
	for (size_t i = 0; i < n; i++) {
		const char *w = NULL;
		enum fee_text_result res = fee_text_parse(a, e[i].column, e[i].note, &r, &w);
		struct slot *s = &slots[slot_of(e[i].channel)];
		if (res == FEE_TEXT_UNPARSED && strcmp(w, "the amount is not in đồng") == 0) {
			(*skipped)++;
			continue;
		}
		if (res == FEE_TEXT_UNPARSED) {
			*why = w;
			return res;
		}
		bool charged = res == FEE_TEXT_RULE;
		if (s->seen && (s->charged != charged || (charged && !same_rule(&s->rule, &r)))) {
			*why = "a channel has two different amounts";
			return FEE_TEXT_UNPARSED;
		}
		s->seen = true;
		s->charged = charged;
		if (charged)
			s->rule = r;
	}
	struct slot *counter = slots[SLOT_COUNTER].seen ? &slots[SLOT_COUNTER] : &slots[SLOT_POST];
	struct slot *online = &slots[SLOT_ONLINE];
	if (!counter->charged && !online->charged)
		return FEE_TEXT_FREE;
	if (counter->charged && (!online->seen || (online->charged &&
						   same_rule(&counter->rule, &online->rule)))) {
		rules[(*nrules)++] = counter->rule;
	} else if (online->charged && !counter->seen) {
		rules[(*nrules)++] = online->rule;
	} else {
		if (counter->charged) {
			rules[*nrules] = counter->rule;
			suffix(&rules[(*nrules)++], "counter");
		}
		if (online->charged) {
			rules[*nrules] = online->rule;
			suffix(&rules[(*nrules)++], "online");
		}
	}
	return FEE_TEXT_RULE;
}
