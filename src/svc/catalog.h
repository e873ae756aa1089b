/* The procedure catalog: reading procedures (any version), searching them, publishing new
 * versions (administrators), and the seed of `motcua init` from the embedded data/catalog.json.
 * Every procedure read or written is checked against the rules of API.md "Procedures". */
#ifndef MC_CATALOG_H
#define MC_CATALOG_H

#include "domain/procedure.h"
#include "svc/svc.h"

struct json_t;

#define CATALOG_NAME_MAX 500        /* characters of a procedure's or a step's name */
#define CATALOG_FIELD_MAX 200       /* characters of the field (lĩnh vực) */
#define CATALOG_RESULT_MAX 2000     /* characters of the result text */
#define CATALOG_COMPONENT_MAX 6000  /* characters of a component's name (the portal's are long) */
#define CATALOG_FEE_MAX 1000000000000 /* the largest fee in VND */

struct catalog_query {
	const char *q;          /* NULL = any; matches the name or code, ignoring diacritics and case */
	const char *field;      /* NULL = any; the whole field, ignoring diacritics and case */
	const char *level;      /* NULL = any; "commune" or "city" */
	const char *after_code; /* keyset cursor; NULL = from the start */
	size_t limit;           /* 1..500 */
};

/* Loads a procedure into ctx->arena; version 0 means the latest. MC_ENOTFOUND when the code or
 * that version is unknown. Open to anyone. */
enum mc_err catalog_get(struct svc_ctx *ctx, const char *code, int64_t version,
			struct procedure *out);

/* Lists the latest versions of the procedures that match, in code order; fn gets each (loaded in
 * ctx->arena). *more is true when another page follows. MC_EINVAL for a bad level or q (named in
 * ctx->problem). Open to anyone. */
enum mc_err catalog_list(struct svc_ctx *ctx, const struct catalog_query *q,
			 void (*fn)(const struct procedure *p, void *arg), void *arg, bool *more);

#define CATALOG_POPULAR_MAX 20     /* procedures in the "most used" list at most */
#define CATALOG_POPULAR_SCAN 20000 /* latest dossiers counted for it */

/* The most used procedures (latest versions) among the latest CATALOG_POPULAR_SCAN dossiers,
 * most used first, at most limit (≤ CATALOG_POPULAR_MAX); computed at most once a minute. Open to
 * anyone. */
enum mc_err catalog_popular(struct svc_ctx *ctx, size_t limit,
			    void (*fn)(const struct procedure *p, void *arg), void *arg);

/* Publishes a procedure (administrators only): with create, version 1 of a new code (MC_ECONFLICT
 * when the code exists); otherwise the next version of an existing code (MC_ENOTFOUND when it does
 * not exist; MC_ECONFLICT when in->version is set and is not the latest). Components given without
 * an id keep the id of the previous version's component of the same name, else get the next free
 * "tpNN". Checks every field (MC_EINVAL, errors in ctx->problem, which may already hold decoding
 * errors: then nothing is written either). Appends an audit event in the same transaction. *out
 * gets the stored version, in ctx->arena. */
enum mc_err catalog_publish(struct svc_ctx *ctx, const struct procedure *in, bool create,
			    struct procedure *out);

/* Loads the embedded data/catalog.json (each procedure as version 1) inside the caller's write
 * transaction, after the units it names exist, and appends one audit event. *count gets the number
 * of procedures. MC_EINVAL when an entry breaks a rule (logged with its code). */
enum mc_err catalog_seed(struct db *db, int64_t now, size_t *count);

/* Decodes the JSON representation of a procedure (API.md) into out, strings normalized to NFC and
 * copied into a. Reports in p every member that is unknown ("components[2].colour"), absent while
 * required, of the wrong type, or too long for its slot; absent optional members: version 0, fee
 * PROC_FEE_UNSET, component id "". Never stops at the first error. Returns MC_EINVAL when it added
 * errors. Does not check the rules: catalog_check() and catalog_publish() do. */
enum mc_err catalog_decode(struct json_t *obj, struct arena *a, struct problem *p,
			   struct procedure *out);

/* Checks the rules that need no database (shapes, enums, lengths, ranges, unique component ids,
 * the last step an approver); unknown units are catalog_publish()'s to find. Adds at most one
 * error per field to p (none for a field that p already names). Pure and thread-safe. */
void catalog_check(const struct procedure *in, struct problem *p);

/* True when s is a procedure code: a digit, a dot and six digits ("1.001193"). */
bool catalog_code_valid(const char *s);
/* True when s is a component id: 1 to 23 of [a-z0-9_-]. */
bool catalog_component_id_valid(const char *s);

#endif
