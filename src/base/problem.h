/* Field errors collected while checking input, to be answered as one problem+json (RFC 9457) with
 * an English and a Vietnamese message for each field. Memory comes from the request's arena. */
#ifndef MC_PROBLEM_H
#define MC_PROBLEM_H

#include "base/arena.h"
#include "base/base.h"

#define PROBLEM_MAX_ERRORS 64 /* more are counted but not listed */

struct field_error {
	const char *field; /* a JSON path like "applicant.id_number" or a query parameter name */
	const char *message;
	const char *message_vi;
	struct field_error *next;
};

struct problem {
	struct arena *arena;
	const char *detail;    /* overall English explanation, or NULL */
	const char *detail_vi; /* the same in Vietnamese, or NULL */
	struct field_error *head, *tail;
	size_t n;
};

void problem_init(struct problem *p, struct arena *a);
/* Adds an error for a field; the strings are copied into the arena. */
void problem_add(struct problem *p, const char *field, const char *message, const char *message_vi);
/* Adds an error whose field name is built from a prefix and a name ("applicant" + "name"). */
void problem_addf(struct problem *p, const char *prefix, const char *name, const char *message,
		  const char *message_vi);
/* Sets the overall explanation (copied). */
void problem_detail(struct problem *p, const char *detail, const char *detail_vi);

/* What a problem holds at one moment, to go back to it (problem_rewind) when the work that may add
 * to it is done again from the start (the group-commit writer's careful pass). */
struct problem_mark {
	struct field_error *tail;
	size_t n;
	const char *detail, *detail_vi;
};
/* Both accept a NULL p (no problem kept): nothing to mark or rewind. */
void problem_mark(const struct problem *p, struct problem_mark *m);
void problem_rewind(struct problem *p, const struct problem_mark *m);

#endif
