/* Fuzzes the procedure JSON import (svc/catalog*.c): the bytes are read as the seed file and the
 * API's bodies are (strict JSON, duplicate keys refused); an object, or each object of an array
 * (as data/catalog.json holds them), is decoded with catalog_decode() and checked with
 * catalog_check(), the same steps as publishing and seeding before the database.
 *
 * Beyond not crashing: decoding says MC_EINVAL exactly when it added errors; checking adds at
 * most one error per field and none for a field already named; a procedure that passes both has
 * a valid code, at least one step, an approver as its last step and valid component ids. */
#include "base/base.h"

#include "fuzz_common.h"
#include "svc/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ITEMS 16

static void check_one(json_t *v)
{
	struct arena a;
	struct problem p;
	struct procedure proc;
	arena_init(&a);
	problem_init(&p, &a);
	memset(&proc, 0, sizeof(proc));
	enum mc_err err = catalog_decode(v, &a, &p, &proc);
	if ((err == MC_EINVAL) != (p.n > 0) || (err != MC_OK && err != MC_EINVAL)) {
		fprintf(stderr, "catalog_decode: %s with %zu errors\n", mc_err_name(err), p.n);
		abort();
	}
	struct field_error *before = p.tail;
	catalog_check(&proc, &p);
	struct field_error *first_new = before ? before->next : p.head;
	for (struct field_error *e = first_new; e; e = e->next)
		for (struct field_error *o = p.head; o && o != e; o = o->next)
			if (strcmp(o->field, e->field) == 0) {
				fprintf(stderr, "catalog_check named \"%s\" twice\n", e->field);
				abort();
			}
	if (p.n == 0) {
		bool ok = catalog_code_valid(proc.code) && proc.nsteps >= 1 &&
			  strcmp(proc.steps[proc.nsteps - 1].role, "approver") == 0;
		for (size_t i = 0; ok && i < proc.ncomponents; i++)
			ok = !proc.components[i].id[0] ||
			     catalog_component_id_valid(proc.components[i].id);
		if (!ok) {
			fprintf(stderr, "a procedure passed the checks but breaks a rule\n");
			abort();
		}
	}
	arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t e;
	json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
	if (!root)
		return 0;
	if (json_is_array(root)) {
		size_t i;
		json_t *v;
		json_array_foreach(root, i, v) {
			if (i == MAX_ITEMS)
				break;
			if (json_is_object(v))
				check_one(v);
		}
	} else if (json_is_object(root)) {
		check_one(root);
	}
	json_decref(root);
	return 0;
}
