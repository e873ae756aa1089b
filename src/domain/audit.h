/* Audit events as the other layers see them: plain structs, no I/O. */
#ifndef MC_DOMAIN_AUDIT_H
#define MC_DOMAIN_AUDIT_H

#include "base/base.h"

#define AUDIT_HASH_LEN 32

/* One event. Strings point into the statement's row (read) or the caller's memory (append). */
struct audit_row {
	int64_t id;
	int64_t at;
	const char *actor;
	const char *unit; /* NULL when none */
	const char *action;
	const char *entity;
	const char *detail; /* JSON text */
	unsigned char prev_hash[AUDIT_HASH_LEN];
	unsigned char hash[AUDIT_HASH_LEN];
	bool has_nul; /* read: a text column holds a NUL byte (never written by motcua) */
};

#endif
