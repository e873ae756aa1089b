/* SQL for units and unit_parents. Knows nothing of permissions or JSON. */
#include "base/base.h"

#include "store/unit_store.h"

static const char *nullable(const char *s)
{
	return s && *s ? s : NULL;
}

static const char SQL_INSERT_UNIT[] =
	"INSERT INTO units (code, name, search_key, kind, subkind, gso_code, active, created_at) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char SQL_INSERT_PARENT[] =
	"INSERT INTO unit_parents (unit_code, parent_code, valid_from, valid_to) "
	"VALUES ($1, $2, $3, NULL)";

enum mc_err unitstore_insert(struct db *db, const struct unit *u, const char *search_key,
			  int64_t valid_from, int64_t now)
{
	struct db_stmt *st = db_prepare(db, SQL_INSERT_UNIT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, u->code, SIZE_MAX);
	db_bind_text(st, 2, u->name, SIZE_MAX);
	db_bind_text(st, 3, search_key, SIZE_MAX);
	db_bind_text(st, 4, u->kind, SIZE_MAX);
	db_bind_text(st, 5, nullable(u->subkind), SIZE_MAX);
	db_bind_text(st, 6, nullable(u->gso_code), SIZE_MAX);
	db_bind_int(st, 7, u->active ? 1 : 0);
	db_bind_int(st, 8, now);
	enum mc_err err = db_run(st);
	if (err)
		return err;
	st = db_prepare(db, SQL_INSERT_PARENT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, u->code, SIZE_MAX);
	db_bind_text(st, 2, nullable(u->parent), SIZE_MAX);
	db_bind_int(st, 3, valid_from);
	return db_run(st);
}

static const char SQL_CLOSE_PARENT[] =
	"UPDATE unit_parents SET valid_to = $2 WHERE unit_code = $1 AND valid_to IS NULL";

enum mc_err unitstore_move(struct db *db, const char *code, const char *new_parent, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_CLOSE_PARENT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	db_bind_int(st, 2, at);
	enum mc_err err = db_run(st);
	if (err)
		return err;
	if (db_changes(db) != 1)
		return MC_ENOTFOUND;
	st = db_prepare(db, SQL_INSERT_PARENT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	db_bind_text(st, 2, nullable(new_parent), SIZE_MAX);
	db_bind_int(st, 3, at);
	return db_run(st);
}

#define UNIT_COLUMNS "u.code, u.name, u.kind, u.subkind, p.parent_code, u.gso_code, u.active "
#define AS_OF_JOIN                                                                                 \
	"JOIN unit_parents p ON p.unit_code = u.code AND p.valid_from <= $1 "                      \
	"AND (p.valid_to IS NULL OR p.valid_to > $1) "

static void read_unit(struct db_stmt *st, struct unit *u)
{
	db_col_copy(st, 0, u->code, sizeof(u->code));
	db_col_copy(st, 1, u->name, sizeof(u->name));
	db_col_copy(st, 2, u->kind, sizeof(u->kind));
	db_col_copy(st, 3, u->subkind, sizeof(u->subkind));
	db_col_copy(st, 4, u->parent, sizeof(u->parent));
	db_col_copy(st, 5, u->gso_code, sizeof(u->gso_code));
	u->active = db_col_int(st, 6) != 0;
}

static const char SQL_GET_UNIT[] =
	"SELECT " UNIT_COLUMNS "FROM units u " AS_OF_JOIN "WHERE u.code = $2";

enum mc_err unitstore_get(struct db *db, const char *code, int64_t as_of, struct unit *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET_UNIT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, as_of);
	db_bind_text(st, 2, code, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_unit(st, out);
	return db_run(st);
}

static const char SQL_PARENT_AT[] =
	"SELECT parent_code FROM unit_parents WHERE unit_code = $2 AND valid_from <= $1 "
	"AND (valid_to IS NULL OR valid_to > $1)";

enum mc_err unitstore_parent_at(struct db *db, const char *code, int64_t at,
			     char out[UNIT_CODE_MAX])
{
	struct db_stmt *st = db_prepare(db, SQL_PARENT_AT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, at);
	db_bind_text(st, 2, code, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	db_col_copy(st, 0, out, UNIT_CODE_MAX);
	return db_run(st);
}

static const char SQL_PARENTS[] =
	"SELECT parent_code, valid_from, valid_to FROM unit_parents WHERE unit_code = $1 "
	"ORDER BY valid_from, id";

enum mc_err unitstore_parents(struct db *db, const char *code, struct unit_parent_span *out,
			   size_t cap, size_t *n)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_PARENTS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	*n = 0;
	while (!(err = db_step(st, &row)) && row) {
		if (*n == cap)
			continue;
		struct unit_parent_span *s = &out[(*n)++];
		db_col_copy(st, 0, s->parent, sizeof(s->parent));
		s->from = db_col_int(st, 1);
		s->to = db_col_null(st, 2) ? INT64_MAX : db_col_int(st, 2);
	}
	return err;
}

static const char SQL_LIST_UNITS[] =
	"SELECT " UNIT_COLUMNS "FROM units u " AS_OF_JOIN
	"WHERE ($2 IS NULL OR u.kind = $2) AND ($3 IS NULL OR u.subkind = $3) "
	"AND ($4 IS NULL OR p.parent_code = $4) "
	"AND ($5 IS NULL OR instr(u.search_key, $5) > 0) "
	"AND ($6 IS NULL OR u.code > $6) ORDER BY u.code LIMIT $7";

enum mc_err unitstore_list(struct db *db, const struct unit_filter *f,
			void (*fn)(const struct unit *u, void *ctx), void *ctx, size_t *count)
{
	bool row;
	enum mc_err err;
	struct unit u;
	struct db_stmt *st = db_prepare(db, SQL_LIST_UNITS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, f->as_of);
	db_bind_text(st, 2, f->kind, SIZE_MAX);
	db_bind_text(st, 3, f->subkind, SIZE_MAX);
	db_bind_text(st, 4, f->parent, SIZE_MAX);
	db_bind_text(st, 5, f->search_key, SIZE_MAX);
	db_bind_text(st, 6, f->after_code, SIZE_MAX);
	db_bind_int(st, 7, (int64_t)f->limit);
	*count = 0;
	while (!(err = db_step(st, &row)) && row) {
		read_unit(st, &u);
		fn(&u, ctx);
		(*count)++;
	}
	return err;
}

static const char SQL_TREE[] =
	"SELECT u.code, p.parent_code, u.kind, p.valid_to FROM units u " AS_OF_JOIN "ORDER BY u.code";
static const char SQL_NEXT_SPAN[] = "SELECT min(valid_from) FROM unit_parents WHERE valid_from > $1";

enum mc_err unitstore_tree(struct db *db, int64_t as_of,
			void (*fn)(const char *code, const char *parent, const char *kind, void *arg),
			void *arg, int64_t *until)
{
	bool row;
	enum mc_err err;
	*until = INT64_MAX;
	struct db_stmt *st = db_prepare(db, SQL_TREE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, as_of);
	while (!(err = db_step(st, &row)) && row) {
		const char *parent = db_col_text(st, 1);
		fn(db_col_text(st, 0), parent ? parent : "", db_col_text(st, 2), arg);
		if (!db_col_null(st, 3) && db_col_int(st, 3) < *until)
			*until = db_col_int(st, 3);
	}
	if (err)
		return err;
	st = db_prepare(db, SQL_NEXT_SPAN);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, as_of);
	err = db_step_one(st);
	if (!err && !db_col_null(st, 0) && db_col_int(st, 0) < *until)
		*until = db_col_int(st, 0);
	return err ? err : db_run(st);
}

static const char SQL_STAMP[] =
	"SELECT (SELECT max(id) FROM unit_parents), (SELECT max(rowid) FROM units)";

enum mc_err unitstore_stamp(struct db *db, int64_t stamp[2])
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_STAMP);
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	stamp[0] = row ? db_col_int0(st, 0) : 0;
	stamp[1] = row ? db_col_int0(st, 1) : 0;
	return db_run(st);
}

static const char SQL_COUNT_UNITS[] = "SELECT count(*) FROM units";

enum mc_err unitstore_count(struct db *db, int64_t *n)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_COUNT_UNITS);
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*n = row ? db_col_int(st, 0) : 0;
	return db_run(st);
}
