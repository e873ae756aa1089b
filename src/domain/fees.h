/* Fee schedules (phí, lệ phí) of a procedure version and the computation of a dossier's fee lines
 * from them: pure rules over plain structs, integer đồng only, no I/O. Reading the catalog's fee
 * texts into rules is domain/fee_text.h's; storing and the JSON form are svc/'s. */
#ifndef MC_DOMAIN_FEES_H
#define MC_DOMAIN_FEES_H

#include "base/base.h"

#define FEE_MAX_RULES 16       /* rules of one procedure version */
#define FEE_MAX_TIERS 8        /* tiers of one per-unit rule */
#define FEE_MAX_EXEMPTIONS 8   /* exemptions or reductions of one rule */
#define FEE_MAX_DECLARED 8     /* quantities one dossier declares */
#define FEE_AMOUNT_MAX 1000000000000LL /* any amount of a rule, in đồng (as CATALOG_FEE_MAX) */
#define FEE_QUANTITY_MAX 100000        /* a declared quantity */
#define FEE_TOTAL_MAX 1000000000000LL  /* a line, and the total of a dossier, in đồng */
#define FEE_ID_MAX 24
#define FEE_KEY_MAX 16

/* From the from-th unit on (from ≥ 2), each unit costs amount. */
struct fee_tier {
	int64_t from;
	int64_t amount;
};

/* An exemption (percent 100) or a reduction (1..99) some applicants have, with its legal basis. */
struct fee_exemption {
	char code[FEE_ID_MAX]; /* [a-z0-9_], e.g. "poor_household" */
	const char *name;
	const char *legal_basis; /* may be NULL */
	int64_t percent;
};

struct fee_rule {
	char id[FEE_ID_MAX];   /* [a-z0-9_], unique in the schedule, e.g. "le_phi" */
	const char *name;      /* "Lệ phí cấp hộ chiếu" */
	char kind[12];         /* "fixed" or "per_unit" */
	char channel[8];       /* "any", "counter" (counter and post) or "online" */
	int64_t amount;        /* fixed: the amount; per_unit: the price of each unit before a tier */
	char unit[FEE_KEY_MAX]; /* per_unit: the declared quantity it counts, e.g. "pages" */
	size_t ntiers;
	struct fee_tier tiers[FEE_MAX_TIERS]; /* increasing from */
	int64_t cap;           /* 0 = none; the most one group (one "per", or the dossier) costs */
	char per[FEE_KEY_MAX]; /* "" or a declared quantity that multiplies the capped amount */
	const char *agency;    /* the collecting agency (unit code or name); NULL = the resolver */
	const char *legal_basis; /* may be NULL */
	size_t nexemptions;
	struct fee_exemption exemptions[FEE_MAX_EXEMPTIONS];
};

/* What the applicant declares: quantities by key ("pages": 5, "copies": 2). A key a rule needs but
 * the dossier does not declare counts as 1. */
struct fee_declared {
	size_t n;
	struct {
		char key[FEE_KEY_MAX];
		int64_t value;
	} items[FEE_MAX_DECLARED];
};

/* One computed line: gross before any exemption, reduction by it, amount = gross - reduction. */
struct fee_line {
	char rule[FEE_ID_MAX];
	const char *name;
	const char *agency;
	int64_t quantity;   /* units counted (1 for fixed) */
	int64_t multiplier; /* the "per" quantity (1 without) */
	int64_t gross, reduction, amount;
	char exemption[FEE_ID_MAX]; /* the exemption applied, "" none, "*" the whole fee */
};

/* The exemption a dossier claims: code one of the rules' exemptions, or NULL/"" with all = true
 * for an officer's full exemption of every line. */
struct fee_claim {
	const char *code;
	bool all;
};

/* True when s is a declared-quantity key or a rule id: 1..15 of [a-z0-9_] (ids: up to 23). */
bool fee_key_valid(const char *s, size_t max);

/* Checks one rule; on a problem returns its English message, sets *field to the member's name
 * ("tiers[1].from") in static or rule storage and *vi to the Vietnamese message. NULL when sound.
 * Pure and thread-safe. */
const char *fee_rule_problem(const struct fee_rule *r, const char **field, const char **vi);

/* Whether a rule applies to a dossier of channel "counter", "post" or "online". */
bool fee_rule_applies(const struct fee_rule *r, const char *channel);

/* The gross amount of one rule for the declared quantities (before exemptions), in *out.
 * MC_ETOOBIG when it would pass FEE_TOTAL_MAX; MC_EINVAL for a declared value out of 0..
 * FEE_QUANTITY_MAX. */
enum mc_err fee_rule_gross(const struct fee_rule *r, const struct fee_declared *d, int64_t *qty,
			   int64_t *mult, int64_t *out);

/* Computes the lines of every rule that applies to the channel (at most FEE_MAX_RULES in lines),
 * *nlines and *total. A claim's code must be an exemption of at least one applying rule
 * (MC_ENOTFOUND otherwise); it reduces the lines whose rule lists it by its percent (the
 * reduction rounded down: the applicant never pays less than the rule says). MC_ETOOBIG when a
 * line or the total would pass FEE_TOTAL_MAX; MC_EINVAL for a declared value out of range. */
enum mc_err fee_compute(const struct fee_rule *rules, size_t nrules, const struct fee_declared *d,
			const char *channel, const struct fee_claim *claim, struct fee_line *lines,
			size_t *nlines, int64_t *total);

/* The declared value of key, or def when not declared. */
int64_t fee_declared_get(const struct fee_declared *d, const char *key, int64_t def);

#endif
