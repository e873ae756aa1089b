/* Fuzzes the reader of the catalog's fee texts (domain/fee_text.c) and the payment gateway's
 * canonical text (svc/payments.c). Input: the first line is an amount column, the second a
 * description, the rest "key=value" lines as a gateway callback's parameters. Beyond not
 * crashing: a rule the reader returns passes fee_rule_problem and computes within FEE_TOTAL_MAX;
 * the canonical text is the same whatever the parameters' order, and only holds printable ASCII. */
#include "base/base.h"

#include "base/arena.h"
#include "domain/fee_text.h"
#include "domain/fees.h"
#include "svc/payments.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *take_line(struct arena *a, const uint8_t **data, size_t *size)
{
	const uint8_t *nl = memchr(*data, '\n', *size);
	size_t n = nl ? (size_t)(nl - *data) : *size;
	char *line = arena_strndup(a, (const char *)*data, n);
	*data += nl ? n + 1 : n;
	*size -= nl ? n + 1 : n;
	return line;
}

static void check_rule(const char *column, const char *note, struct arena *a)
{
	struct fee_rule r;
	const char *why = NULL, *field, *vi;
	if (fee_text_parse(a, column, note, &r, &why) != FEE_TEXT_RULE)
		return;
	if (fee_rule_problem(&r, &field, &vi)) {
		fprintf(stderr, "the reader returned a rule that fails at \"%s\"\n", field);
		abort();
	}
	struct fee_declared d = {.n = 2};
	snprintf(d.items[0].key, FEE_KEY_MAX, "%s", r.unit[0] ? r.unit : "pages");
	d.items[0].value = FEE_QUANTITY_MAX;
	snprintf(d.items[1].key, FEE_KEY_MAX, "%s", r.per[0] ? r.per : "copies");
	d.items[1].value = FEE_QUANTITY_MAX;
	int64_t q, m, out = -1;
	enum mc_err err = fee_rule_gross(&r, &d, &q, &m, &out);
	if (err != MC_ETOOBIG && (err != MC_OK || out < 0 || out > FEE_TOTAL_MAX))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct pay_param params[PAY_PARAMS_MAX], reversed[PAY_PARAMS_MAX];
	size_t n = 0;
	arena_init(&a);
	const char *column = take_line(&a, &data, &size);
	const char *note = take_line(&a, &data, &size);
	check_rule(column, note, &a);
	while (size && n < PAY_PARAMS_MAX) {
		char *line = take_line(&a, &data, &size);
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		params[n++] = (struct pay_param){line, eq + 1};
	}
	for (size_t i = 0; i < n; i++)
		reversed[i] = params[n - 1 - i];
	const char *x = payments_canonical(&a, params, n);
	const char *y = payments_canonical(&a, reversed, n);
	/* Equal names sort in input order, so compare only when names are distinct. */
	bool distinct = true;
	for (size_t i = 0; i < n && distinct; i++)
		for (size_t j = i + 1; j < n && distinct; j++)
			distinct = strcmp(params[i].key, params[j].key) != 0;
	if (distinct && strcmp(x, y) != 0)
		abort();
	for (const char *p = x; *p; p++)
		if (*p < 0x21 || *p > 0x7e)
			abort();
	arena_release(&a);
	return 0;
}
