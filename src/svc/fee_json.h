/* The JSON form of fee rules (docs/fees.md "Fee rules"): the procedure's "fees" member, also the
 * text stored with each procedure version. Shared by the API, the seed and the store's text. */
#ifndef MC_FEE_JSON_H
#define MC_FEE_JSON_H

#include "base/problem.h"
#include "domain/fees.h"

struct json_t;

/* The rules as a JSON array (new reference). */
struct json_t *fee_rules_json(const struct fee_rule *r, size_t n);

/* Decodes an array of rules (at most FEE_MAX_RULES) into arena memory: *out, *n. Every member
 * that is unknown, absent while required, of the wrong type or too long is named in p under
 * prefix ("fees[2].tiers[0].amount"). Returns MC_EINVAL when it added errors. Does not check the
 * rules (fee_rules_check). */
enum mc_err fee_rules_decode(struct json_t *arr, struct arena *a, struct problem *p,
			     const char *prefix, struct fee_rule **out, size_t *n);

/* Checks every rule (fee_rule_problem) and that ids are unique: errors under prefix. */
void fee_rules_check(const struct fee_rule *r, size_t n, struct problem *p, const char *prefix);

/* Decodes stored text (written by fee_rules_json); NULL or "" gives no rules. MC_EINTERNAL when
 * the text is not a valid schedule. */
enum mc_err fee_rules_parse_text(const char *text, struct arena *a, struct fee_rule **out,
				 size_t *n);

/* The stored text of rules (in a), or NULL when n is 0. */
const char *fee_rules_text(const struct fee_rule *r, size_t n, struct arena *a);

#endif
