/* CSV import of staff, assets and archive records: parsing, per-line checks (shared with the API
 * through registers_check_*), duplicates inside the file and in the database, and the all-or-
 * nothing write. Reading the file is the caller's work. */
#include "base/base.h"

#include <jansson.h>

#include "domain/text.h"
#include "svc/audit.h"
#include "svc/import.h"
#include "svc/registers.h"
#include "store/db.h"
#include "store/register_store.h"

#define MAX_COLS 16

struct csv_line {
	size_t n;
	char *f[MAX_COLS];
};

/* Splits one line in place; false when a quote is not closed or there are too many fields. */
static bool split_line(char *s, struct csv_line *out)
{
	out->n = 0;
	for (;;) {
		char *w = s, *start = s;
		if (out->n == MAX_COLS)
			return false;
		if (*s == '"') {
			s++;
			for (;;) {
				if (!*s)
					return false;
				if (*s == '"' && s[1] == '"') {
					*w++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					*w++ = *s++;
				}
			}
			if (*s && *s != ',')
				return false;
		} else {
			while (*s && *s != ',')
				*w++ = *s++;
		}
		char sep = *s;
		*w = '\0';
		out->f[out->n++] = start;
		if (sep != ',')
			return true;
		s++;
	}
}

struct columns {
	const char *const *names;
	size_t nnames;
	int idx[MAX_COLS]; /* column of each name, -1 when absent */
};

static const char *const staff_cols[] = {"full_name", "id_number", "position", "unit", "counter"};
static const char *const asset_cols[] = {"inventory_code", "name", "category", "quantity",
					 "original_value", "remaining_value", "unit", "condition"};
static const char *const record_cols[] = {"unit", "box", "file", "title", "year", "sheets",
					  "retention"};

/* The columns of each kind: the first `required` must be in the header, the rest may be. */
struct kind_def {
	const char *name, *audit_action;
	const char *const *cols;
	size_t ncols, required;
};

static const struct kind_def kinds[] = {
	{"staff", "import_staff", staff_cols, MC_ARRAY_LEN(staff_cols), 4},
	{"assets", "import_assets", asset_cols, MC_ARRAY_LEN(asset_cols), 7},
	{"records", "import_records", record_cols, MC_ARRAY_LEN(record_cols), 6},
};

struct run {
	struct svc_ctx *ctx;
	const struct kind_def *kind;
	struct columns cols;
	import_report_fn report;
	void *arg;
	size_t errors, rows;
	size_t nseen;
	const char **seen; /* inventory codes or ID numbers met so far */
	void **rows_in;    /* parsed inputs, written when no line is bad */
	char *text;        /* the file's copy, cut up while parsing */
};

static void fail(struct run *r, size_t line, const char *field, const char *msg)
{
	r->errors++;
	r->report(line, field, msg, r->arg);
}

static void read_header(struct run *r, struct csv_line *h)
{
	for (size_t i = 0; i < r->kind->ncols; i++) {
		r->cols.idx[i] = -1;
		for (size_t j = 0; j < h->n; j++)
			if (strcmp(h->f[j], r->kind->cols[i]) == 0)
				r->cols.idx[i] = (int)j;
		if (r->cols.idx[i] < 0 && i < r->kind->required)
			fail(r, 1, r->kind->cols[i], "column is missing from the header");
	}
	for (size_t j = 0; j < h->n; j++) {
		bool known = false;
		for (size_t i = 0; i < r->kind->ncols; i++)
			known = known || strcmp(h->f[j], r->kind->cols[i]) == 0;
		if (!known)
			fail(r, 1, h->f[j], "is not a known column");
	}
}

/* The NFC text of column i of a line, NULL when absent or empty. */
static const char *col(struct run *r, struct csv_line *l, size_t i, size_t line)
{
	int j = r->cols.idx[i];
	char *nfc = NULL;
	if (j < 0 || (size_t)j >= l->n || !l->f[j][0])
		return NULL;
	/* Every column is one line: a quoted field may not smuggle a newline or a control. */
	if (!text_allowed(l->f[j], strlen(l->f[j]), TEXT_LINE)) {
		fail(r, line, r->kind->cols[i],
		     "must be one line without control or bidirectional formatting characters");
		return NULL;
	}
	if (text_nfc(l->f[j], strlen(l->f[j]), &nfc) != MC_OK) {
		fail(r, line, r->kind->cols[i], "is not valid UTF-8 text");
		return NULL;
	}
	char *s = arena_strdup(r->ctx->arena, nfc);
	free(nfc);
	return s;
}

/* An integer column: *set false when empty; an error when it is not a whole number. */
static int64_t num(struct run *r, struct csv_line *l, size_t i, size_t line, bool *set)
{
	const char *s = col(r, l, i, line);
	char *end = NULL;
	*set = false;
	if (!s)
		return 0;
	long long v = strtoll(s, &end, 10);
	if (*end || end == s) {
		fail(r, line, r->kind->cols[i], "must be a whole number");
		return 0;
	}
	*set = true;
	return v;
}

static bool seen_before(struct run *r, const char *key)
{
	for (size_t i = 0; i < r->nseen; i++)
		if (strcmp(r->seen[i], key) == 0)
			return true;
	r->seen[r->nseen++] = key;
	return false;
}

/* Reports the checks' field errors under the line number. */
static void report_problems(struct run *r, size_t line)
{
	for (struct field_error *e = r->ctx->problem->head; e; e = e->next)
		fail(r, line, e->field, e->message);
}

static void *staff_line(struct run *r, struct csv_line *l, size_t line)
{
	struct staff_in *in = arena_alloc(r->ctx->arena, sizeof(*in));
	bool used = false;
	in->full_name = col(r, l, 0, line);
	in->id_number = col(r, l, 1, line);
	in->position = col(r, l, 2, line);
	in->unit = col(r, l, 3, line);
	in->counter = num(r, l, 4, line, &in->counter_set);
	registers_check_staff(r->ctx, in, true);
	report_problems(r, line);
	if (in->id_number && seen_before(r, in->id_number))
		fail(r, line, "id_number", "appears twice in the file");
	else if (in->id_number && !regstore_id_number_used(r->ctx->db, in->id_number, &used) && used)
		fail(r, line, "id_number", "is already registered");
	return in;
}

static void *asset_line(struct run *r, struct csv_line *l, size_t line)
{
	struct asset_in *in = arena_alloc(r->ctx->arena, sizeof(*in));
	bool used = false;
	in->inventory_code = col(r, l, 0, line);
	in->name = col(r, l, 1, line);
	in->category = col(r, l, 2, line);
	in->quantity = num(r, l, 3, line, &in->quantity_set);
	in->original_value = num(r, l, 4, line, &in->original_set);
	in->remaining_value = num(r, l, 5, line, &in->remaining_set);
	in->unit = col(r, l, 6, line);
	in->condition = col(r, l, 7, line);
	registers_check_asset(r->ctx, in, true);
	report_problems(r, line);
	const char *code = in->inventory_code;
	if (code && seen_before(r, code))
		fail(r, line, "inventory_code", "appears twice in the file");
	else if (code && !regstore_inventory_code_used(r->ctx->db, code, &used) && used)
		fail(r, line, "inventory_code", "is already used by an asset in the database");
	return in;
}

static void *record_line(struct run *r, struct csv_line *l, size_t line)
{
	struct record_in *in = arena_alloc(r->ctx->arena, sizeof(*in));
	in->unit = col(r, l, 0, line);
	in->box = col(r, l, 1, line);
	in->file = col(r, l, 2, line);
	in->title = col(r, l, 3, line);
	in->year = num(r, l, 4, line, &in->year_set);
	in->sheets = num(r, l, 5, line, &in->sheets_set);
	in->retention = col(r, l, 6, line);
	registers_check_record(r->ctx, in, true);
	report_problems(r, line);
	return in;
}

static void parse_line(struct run *r, char *text, size_t line)
{
	struct csv_line l;
	struct problem p;
	struct problem *saved = r->ctx->problem;
	if (!split_line(text, &l)) {
		fail(r, line, "", "has an unclosed quote or too many fields");
		return;
	}
	if (r->rows == IMPORT_MAX_ROWS) {
		fail(r, line, "", "is past the limit of rows per file");
		return;
	}
	problem_init(&p, r->ctx->arena);
	r->ctx->problem = &p;
	void *in = r->kind == &kinds[0]   ? staff_line(r, &l, line)
		   : r->kind == &kinds[1] ? asset_line(r, &l, line)
					  : record_line(r, &l, line);
	r->ctx->problem = saved;
	r->rows_in[r->rows++] = in;
}

/* Walks the lines: the first non-empty one is the header. */
static void parse_all(struct run *r, char *text)
{
	size_t line = 0;
	bool header = true;
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3;
	for (char *s = text; s && *s;) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		size_t len = strlen(s);
		if (len && s[len - 1] == '\r')
			s[--len] = '\0';
		line++;
		if (len && header) {
			struct csv_line h;
			if (!split_line(s, &h))
				fail(r, line, "", "the header is not valid CSV");
			else
				read_header(r, &h);
			header = false;
		} else if (len) {
			parse_line(r, s, line);
		}
		s = nl ? nl + 1 : NULL;
	}
	if (header)
		fail(r, 1, "", "the file has no header line");
}

static enum mc_err write_all(struct run *r)
{
	enum mc_err err = MC_OK;
	int64_t id = 0;
	for (size_t i = 0; !err && i < r->rows; i++) {
		if (r->kind == &kinds[0])
			err = registers__insert_staff(r->ctx, r->rows_in[i], &id);
		else if (r->kind == &kinds[1])
			err = registers__insert_asset(r->ctx, r->rows_in[i], &id);
		else
			err = registers__insert_record(r->ctx, r->rows_in[i], &id);
	}
	if (err)
		return err;
	json_t *d = json_pack("{s:I}", "rows", (json_int_t)r->rows);
	char *detail = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	err = audit_append_as(r->ctx->db, r->ctx->real_now,
			      r->ctx->user ? r->ctx->user->username : "cli", NULL,
			      r->kind->audit_action, arena_printf(r->ctx->arena, "import:%s", r->kind->name),
			      detail);
	free(detail);
	return err;
}

/* Checks every line (against the database too) and writes them all only when none is bad. */
static enum mc_err import_tx(struct svc_ctx *ctx, void *arg)
{
	struct run *r = arg;
	MC_UNUSED(ctx); /* r->ctx */
	parse_all(r, r->text);
	enum mc_err err = r->errors ? MC_OK : write_all(r);
	return err ? err : r->errors ? MC_EINVAL : MC_OK;
}

enum mc_err import_csv(struct svc_ctx *ctx, const char *kind, const char *text, size_t len,
		       import_report_fn report, void *arg, size_t *imported, size_t *errors)
{
	struct run r = {.ctx = ctx, .report = report, .arg = arg};
	*imported = *errors = 0;
	for (size_t i = 0; i < MC_ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i].name, kind) == 0)
			r.kind = &kinds[i];
	if (!r.kind || len > IMPORT_MAX_BYTES)
		return MC_EINVAL;
	/* A NUL byte would end the text early and drop the lines after it without a word. */
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		size_t line = 1;
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		r.report(line, "", "holds a NUL byte (is this a text file?)", r.arg);
		*errors = 1;
		return MC_EINVAL;
	}
	r.text = arena_strndup(ctx->arena, text, len);
	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	r.rows_in = arena_alloc(ctx->arena, lines * sizeof(*r.rows_in));
	r.seen = arena_alloc(ctx->arena, lines * sizeof(*r.seen));
	enum mc_err err = svc_write(ctx, import_tx, &r);
	*errors = r.errors;
	*imported = !err ? r.rows : 0;
	return err;
}
