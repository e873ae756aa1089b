/* Helpers over the interface of store/db.h that any backend shares: they call only db_step and
 * the column readers, so a second backend gets them as they are. */
#include "base/base.h"

#include "store/db.h"

enum mc_err db_insert_id(struct db_stmt *st, int64_t *id)
{
	enum mc_err err = db_step_one(st);
	if (err == MC_ENOTFOUND)
		return MC_EDB; /* an INSERT … RETURNING id answers its row */
	if (!err)
		*id = db_col_int(st, 0);
	return err ? err : db_run(st);
}

enum mc_err db_step_one(struct db_stmt *st)
{
	bool row;
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	return row ? MC_OK : MC_ENOTFOUND;
}

void db_col_copy(struct db_stmt *st, int col, char *dst, size_t cap)
{
	const char *s = db_col_text(st, col);
	size_t n = s ? db_col_len(st, col) : 0;
	if (n >= cap)
		n = cap - 1;
	if (n)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

int64_t db_col_int0(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? 0 : db_col_int(st, col);
}
