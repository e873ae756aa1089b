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

/* One channel of the catalog's fee field: the portal's channel name ("Trực tiếp", "Trực tuyến",
 * "Dịch vụ bưu chính"), its amount column and its description. */
struct fee_text_entry {
	const char *channel, *column, *note;
};

/* The schedule of a procedure from all its channels: entries in a foreign currency (fees at
 * representative agencies abroad) are skipped and counted in *skipped; a channel free of charge
 * has no rule; when counter ("Trực tiếp", else the post) and online give the same rule, one rule
 * for "any" channel, else one per channel (ids suffixed "_counter", "_online"); the post pays what
 * the counter does. FEE_TEXT_RULE with rules[0..*nrules) (at most 2); FEE_TEXT_FREE when no
 * channel charges; FEE_TEXT_UNPARSED (*why set, *nrules = 0) when any channel in đồng cannot be
 * read or a channel has two different amounts. */
enum fee_text_result fee_text_schedule(struct arena *a, const struct fee_text_entry *e, size_t n,
				       struct fee_rule rules[2], size_t *nrules, const char **why,
				       size_t *skipped);

#endif
