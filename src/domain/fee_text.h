/* Reading the national catalog's fee texts into fee rules (domain/fees.h): the amount column of
 * one channel ("2,000 Việt Nam Đồng(/trang)", "8,000 VNĐ", "Miễn phí") and its description ("từ
 * trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản", exemptions
 * with their legal basis). Pure: no I/O; strings it makes live in the caller's arena. */
#ifndef MC_DOMAIN_FEE_TEXT_H
#define MC_DOMAIN_FEE_TEXT_H

#include "base/arena.h"
#include "domain/fees.h"

enum fee_text_result {
	FEE_TEXT_RULE,     /* *out holds one rule (channel "any": the caller sets it) */
	FEE_TEXT_FREE,     /* "Miễn phí" with no amount in the description: no rule */
	FEE_TEXT_UNPARSED, /* *why says why (static English text) */
};

/* Parses one channel's amount column and description (either may be NULL). */
enum fee_text_result fee_text_parse(struct arena *a, const char *column, const char *note,
				    struct fee_rule *out, const char **why);

/* Reads a whole-number amount written with "." or "," between groups of three digits ("200.000",
 * "8,000", "50"); *end gets the first byte after it. False when s does not start with one or it
 * passes FEE_AMOUNT_MAX. */
bool fee_text_amount(const char *s, int64_t *out, const char **end);

#endif
