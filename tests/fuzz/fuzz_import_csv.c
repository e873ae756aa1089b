/* Fuzzes the CSV imports of the registers (svc/import.c: staff, assets, records) against an
 * in-memory SQLite database holding the migrations and Hanoi's units, as `motcua init` makes it.
 * The first line names the kind ("staff", "assets", "records"; anything else picks one by its
 * bytes); the rest is the file.
 *
 * Beyond not crashing: the import answers MC_OK with no error, or MC_EINVAL with at
 * least one error reported (each with a line number within the file) and nothing imported; a
 * successful import is then undone so that every input meets the same database. */
#include "base/base.h"

#include "fuzz_common.h"
#include "store/migrate.h"
#include "svc/import.h"
#include "svc/units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;

static void open_db(void)
{
	int applied = 0;
	int64_t units = 0;
	if (db_open(":memory:", &db) != MC_OK || migrate_apply(db, &applied) != MC_OK ||
	    db_begin_write(db) != MC_OK || units_seed_hanoi(db, 1764547200, &units) != MC_OK ||
	    db_commit(db) != MC_OK) {
		fprintf(stderr, "fuzz_import_csv: cannot make the database\n");
		abort();
	}
}

struct report {
	size_t n, lines, bad_line;
};

static void on_error(size_t line, const char *field, const char *message, void *arg)
{
	struct report *rep = arg;
	rep->n++;
	if (line == 0 || line > rep->lines || !field || !message || !*message)
		rep->bad_line = line ? line : SIZE_MAX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"staff", "assets", "records"};
	struct arena a;
	struct problem p;
	struct svc_ctx ctx;
	if (!db)
		open_db();
	arena_init(&a);
	problem_init(&p, &a);
	memset(&ctx, 0, sizeof(ctx));
	ctx.db = db;
	ctx.arena = &a;
	ctx.problem = &p;
	ctx.now = ctx.real_now = 1795651200;
	char *name = fuzz_line(&a, &data, &size);
	const char *kind = NULL;
	uint32_t h = 0;
	for (size_t i = 0; i < MC_ARRAY_LEN(kinds); i++)
		if (strcmp(name, kinds[i]) == 0)
			kind = kinds[i];
	for (const char *c = name; *c; c++)
		h = h * 31 + (unsigned char)*c;
	if (!kind)
		kind = kinds[h % MC_ARRAY_LEN(kinds)];
	struct report rep = {0, 1, 0};
	for (size_t i = 0; i < size; i++)
		rep.lines += data[i] == '\n';
	size_t imported = 0, errors = 0;
	enum mc_err err = import_csv(&ctx, kind, (const char *)data, size, on_error, &rep,
				     &imported, &errors);
	if (rep.bad_line) {
		fprintf(stderr, "an error was reported for line %zu of %zu\n", rep.bad_line,
			rep.lines);
		abort();
	}
	if (errors != rep.n || (err == MC_OK && errors) ||
	    (err == MC_EINVAL && (!errors || imported)) || (err != MC_OK && err != MC_EINVAL)) {
		fprintf(stderr, "import_csv: %s with %zu rows and %zu errors (%zu reported)\n",
			mc_err_name(err), imported, errors, rep.n);
		abort();
	}
	if (imported &&
	    db_exec(db, "DELETE FROM register_spans; DELETE FROM staff; DELETE FROM assets; "
			"DELETE FROM records; DELETE FROM audit_events;") != MC_OK) {
		fprintf(stderr, "cannot undo the import\n");
		abort();
	}
	arena_release(&a);
	return 0;
}
