/* Procedures of the catalog (components, steps, durations) as the other layers see them: plain
 * structs, no I/O. */
#ifndef MC_DOMAIN_PROCEDURE_H
#define MC_DOMAIN_PROCEDURE_H

#include "base/base.h"
#include "domain/fees.h"
#include "domain/unit.h"

#define PROC_CODE_MAX 32
#define PROC_FEE_UNSET (-1)
#define PROC_MAX_COMPONENTS 64
#define PROC_MAX_STEPS 32

struct proc_duration {
	int64_t value;
	char unit[16]; /* working_days, working_hours, calendar_days, same_day */
};

struct proc_component {
	char id[24];                /* stable across versions, e.g. "tp01" */
	const char *name;
	char original_or_copy[12];  /* "original", "copy" or "either" */
	int64_t quantity;
	bool required;
	char submit_or_present[8];  /* "submit" or "present" */
	unsigned channels;          /* PROC_CH_*: the channels the paper belongs to (required there) */
};

/* The channels of a dossier a component applies to: on the others it is not asked for at all
 * (online: the e-form instead of the paper declaration). A bit set, never 0. */
#define PROC_CH_COUNTER 1u
#define PROC_CH_ONLINE 2u
#define PROC_CH_POST 4u
#define PROC_CH_ALL (PROC_CH_COUNTER | PROC_CH_ONLINE | PROC_CH_POST)

/* The bit of a channel name ("counter", "online", "post"), 0 for anything else. */
static inline unsigned proc_channel_bit(const char *name)
{
	if (!name)
		return 0;
	if (strcmp(name, "counter") == 0)
		return PROC_CH_COUNTER;
	if (strcmp(name, "online") == 0)
		return PROC_CH_ONLINE;
	if (strcmp(name, "post") == 0)
		return PROC_CH_POST;
	return 0;
}

/* Whether the component must be handed in on a channel (its bit; 0, a channel refused anyway:
 * only the components of every channel). */
static inline bool proc_component_required_on(const struct proc_component *c, unsigned channel)
{
	return c->required && strcmp(c->submit_or_present, "submit") == 0 &&
	       (channel ? (c->channels & channel) != 0 : c->channels == PROC_CH_ALL);
}

struct proc_step {
	const char *name;
	char unit[UNIT_CODE_MAX]; /* "resolver" or a unit code */
	char role[16];            /* "processor" or "approver"; the last step is "approver" */
	struct proc_duration duration;
};

struct procedure {
	char code[PROC_CODE_MAX];
	int64_t version;
	const char *name;
	const char *field;
	char level[8]; /* "commune" or "city" */
	struct proc_duration duration;
	int64_t fee_vnd;
	char online[8];         /* "full", "partial" or "none" */
	char resolver_kind[16]; /* "commune_pc" or "unit" */
	char resolver_unit[UNIT_CODE_MAX]; /* for "unit" */
	const char *result;
	size_t ncomponents;
	struct proc_component *components;
	size_t nsteps;
	struct proc_step *steps;
	/* The fee schedule (domain/fees.h; docs/fees.md): no rules = fee_vnd alone, if set. */
	size_t nfees;
	struct fee_rule *fees;
	const char *fees_text; /* the stored form of the rules (svc/fee_json.h), NULL = none */
};

#endif
