/* Lists of dossiers (the caller's scope, keyset cursors, the name search's words) and the change
 * feed, each page in one read transaction. The statements are store/dossier_list_store.c's. */
#include "base/base.h"

#include "base/arena.h"
#include "domain/dossier_state.h"
#include "domain/text.h"
#include "svc/citizens.h"
#include "svc/dossiers.h"
#include "svc/dossiers_internal.h"
#include "svc/perm.h"
#include "svc/scope.h"
#include "store/dossier_store.h"

struct list_run {
	struct svc_ctx *ctx;
	struct dossier_filter *f;
	void (*fn)(const struct dossier *d, void *arg);
	void *arg;
	size_t left;
	bool more;
	int64_t last_id, last_due;
};

static bool list_one(struct dossier *d, int64_t due, void *arg)
{
	struct list_run *run = arg;
	if (run->left == 0) {
		run->more = true;
		return false;
	}
	run->left--;
	run->fn(d, run->arg);
	run->last_id = d->id;
	run->last_due = due;
	return true;
}

/* Whether f's list keeps only dossiers that one of codes[0..n) is a unit of: a resolver, a
 * receiving or a returning point it names is always among the dossier's units (dossier_units is
 * written with them at intake and never loses a row; the three never change), so the caller's
 * scope needs no probe per dossier. At 10,000,000 dossiers on PostgreSQL the probe was 0.18 ms
 * of an inbox page's 0.67 ms. */
static bool filter_within(const struct dossier_filter *f, char (*codes)[UNIT_CODE_MAX], size_t n)
{
	const char *named[] = {f->resolver_unit, f->receiving_unit, f->return_unit};
	for (size_t k = 0; k < MC_ARRAY_LEN(named); k++)
		for (size_t i = 0; named[k] && i < n; i++)
			if (!strcmp(named[k], codes[i]))
				return true;
	return false;
}

/* Restricts the filter to what the caller may see: nothing more when its own unit filter already
 * does (filter_within). */
static enum mc_err scope_filter(struct svc_ctx *ctx, struct dossier_filter *f)
{
	if (perm_has_role(ctx->user, "admin"))
		return MC_OK;
	if (dossier__is_citizen(ctx)) {
		f->citizen_user = ctx->user->id;
		f->citizen_number = citizens_verified(ctx->user) ? ctx->user->id_number : NULL;
		return MC_OK;
	}
	char(*codes)[UNIT_CODE_MAX];
	size_t n = 0;
	enum mc_err err = scope_units(ctx, NULL, NULL, &codes, &n);
	if (err)
		return err;
	if (filter_within(f, codes, n))
		return MC_OK;
	f->units_json = scope_codes_json(ctx, codes, n);
	return MC_OK;
}

enum mc_err dossier_scope_units(struct svc_ctx *ctx, const char **units_json)
{
	struct dossier_filter f = {0};
	enum mc_err err = dossier__is_citizen(ctx) ? MC_EFORBIDDEN : scope_filter(ctx, &f);
	*units_json = f.units_json;
	return err;
}

/* The caller's scope, then the page, in one read transaction. */
static enum mc_err list_tx(struct svc_ctx *ctx, void *arg)
{
	struct list_run *run = arg;
	enum mc_err err = scope_filter(ctx, run->f);
	return err ? err : dstore_list_light(ctx->db, ctx->arena, run->f, list_one, run);
}

/* A decimal integer written as dossier_cursor_format writes it: an optional '-', no leading zero,
 * within int64_t; *end gets the first byte after it. */
static bool cursor_int(const char *s, int64_t *out, const char **end)
{
	bool neg = *s == '-';
	uint64_t v = 0, max = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	const char *p = s + neg;
	if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9') || (neg && *p == '0'))
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		uint64_t d = (uint64_t)(*p - '0');
		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	*end = p;
	return true;
}

bool dossier_cursor_parse(const char *c, bool due_order, int64_t *after_due, int64_t *after_id)
{
	const char *p;
	int64_t a, b;
	if (due_order) {
		if (strncmp(c, "d:", 2) != 0 || !cursor_int(c + 2, &a, &p) || *p != ':' ||
		    !cursor_int(p + 1, &b, &p) || *p || b <= 0)
			return false;
		*after_due = a;
		*after_id = b;
		return true;
	}
	if (strncmp(c, "i:", 2) != 0 || !cursor_int(c + 2, &a, &p) || *p || a <= 0)
		return false;
	*after_id = a;
	return true;
}

char *dossier_cursor_format(struct arena *a, bool due_order, int64_t last_due, int64_t last_id)
{
	return due_order ? arena_printf(a, "d:%lld:%lld", (long long)last_due, (long long)last_id)
			 : arena_printf(a, "i:%lld", (long long)last_id);
}

/* Splits a name search's key into the words the list matches (docs/decisions.md "Finding
 * dossiers by name"): every word but the last is a whole word of the name (" w "), the last a
 * word's beginning (" w"), unless the query ended with a space; words past the fourth go with the
 * fourth, in order. With drive, the whole words and the beginning (two or more ASCII letters or
 * digits) are the candidates whose postings may drive the search (the store picks the rarest). */
static void query_words(struct arena *a, const char *key, bool last_whole, bool drive,
			struct dossier_filter *f)
{
	char *k = arena_strdup(a, key);
	char *words[64];
	size_t n = 0, ncand = 0;
	for (char *save = NULL, *w = strtok_r(k, " ", &save); w && n < MC_ARRAY_LEN(words);
	     w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	for (size_t i = 0; i < n && i < DOSSIER_QUERY_WORDS; i++) {
		if (i + 1 == DOSSIER_QUERY_WORDS && n > DOSSIER_QUERY_WORDS) {
			char *rest = arena_printf(a, " %s", words[i]);
			for (size_t j = i + 1; j < n; j++)
				rest = arena_printf(a, "%s %s", rest, words[j]);
			f->q_words[i] = last_whole ? arena_printf(a, "%s ", rest) : rest;
			break;
		}
		bool whole = i + 1 < n || last_whole;
		f->q_words[i] = arena_printf(a, whole ? " %s " : " %s", words[i]);
	}
	for (size_t i = 0; drive && i < n && ncand < DOSSIER_QUERY_WORDS; i++) {
		const char *w = words[i];
		if (i + 1 < n || last_whole) {
			f->q_cand[ncand++] = w;
			continue;
		}
		size_t len = strlen(w);
		bool ascii = len >= 2;
		for (size_t j = 0; ascii && j < len; j++)
			ascii = (w[j] >= 'a' && w[j] <= 'y') || (w[j] >= '0' && w[j] <= '8');
		if (ascii) {
			char *hi = arena_strdup(a, w);
			hi[len - 1]++; /* the first text after every word that begins with w */
			f->q_cand[ncand] = w;
			f->q_cand_hi[ncand++] = hi;
		}
	}
}

static void query_text(struct svc_ctx *ctx, const char *q, struct dossier_filter *f)
{
	char *key = NULL;
	/* Codes and ID numbers have digits; a name has none, so a query without digits is a name
	 * search alone and its words can drive the list. */
	bool digits = strpbrk(q, "0123456789") != NULL;
	f->q_code = digits ? q : NULL;
	f->q_id = digits ? q : NULL;
	size_t len = strlen(q);
	if (text_search_key(q, len, &key) == MC_OK && *key) {
		f->q_key = arena_strdup(ctx->arena, key);
		query_words(ctx->arena, key, len > 0 && q[len - 1] == ' ', !digits, f);
	}
	free(key);
}

/* The filters that a list and the change feed take alike from the query, and the page's limit
 * with one more to tell whether more follow. */
static struct dossier_filter filter_of(const struct svc_ctx *ctx, const struct dossier_query *q)
{
	return (struct dossier_filter){
		.status = q->status,
		.receiving_unit = q->receiving_unit,
		.resolver_unit = q->resolver_unit,
		.return_unit = q->return_unit,
		.procedure = q->procedure,
		.sync = q->sync,
		.now = ctx->now,
		.limit = q->limit + 1,
	};
}

enum mc_err dossier_list(struct svc_ctx *ctx, const struct dossier_query *q,
			 void (*fn)(const struct dossier *d, void *arg), void *arg,
			 const char **next)
{
	struct dossier_filter f = filter_of(ctx, q);
	f.overdue = q->overdue;
	f.due_before = q->due_before;
	f.due_order = q->overdue || q->due_before || q->order_due;
	f.after_due = INT64_MIN;
	enum ds_status st;
	*next = NULL;
	if (!ctx->user)
		return MC_EAUTH;
	if (q->status && ds_status_parse(q->status, &st) != MC_OK)
		problem_add(ctx->problem, "status", "is not a dossier status", "trạng thái không hợp lệ");
	if (q->sync && strcmp(q->sync, "pending") != 0 && strcmp(q->sync, "acknowledged") != 0 &&
	    strcmp(q->sync, "failed") != 0 && strcmp(q->sync, "disabled") != 0)
		problem_add(ctx->problem, "sync", "is not pending, acknowledged, failed or disabled",
			    "trạng thái đồng bộ phải là pending, acknowledged, failed hoặc disabled");
	if (q->cursor && !dossier_cursor_parse(q->cursor, f.due_order, &f.after_due, &f.after_id))
		problem_add(ctx->problem, "cursor", "is not a cursor this API gave",
			    "con trỏ phân trang không hợp lệ");
	if (ctx->problem->n)
		return MC_EINVAL;
	if (q->q)
		query_text(ctx, q->q, &f);
	struct list_run run = {ctx, &f, fn, arg, q->limit, false, 0, 0};
	enum mc_err err = svc_read(ctx, list_tx, &run);
	if (!err && run.more)
		*next = dossier_cursor_format(ctx->arena, f.due_order, run.last_due, run.last_id);
	return err;
}

bool dossier_query_is_feed(const struct dossier_query *q)
{
	return q->updated_since_given || (q->cursor && !strncmp(q->cursor, "c:", 2));
}

struct feed_run {
	struct dossier_filter *f;
	const struct dossier_query *q;
	void (*fn)(const struct dossier *d, const struct dossier_change *c, void *arg);
	void *arg;
	size_t left;
	bool from_time; /* the first page: from q->updated_since, not from a cursor */
	bool more;
	int64_t last;
};

static bool feed_one(struct dossier *d, int64_t due, const struct dossier_change *c, void *arg)
{
	MC_UNUSED(due);
	struct feed_run *run = arg;
	if (run->left == 0) {
		run->more = true;
		return false;
	}
	run->left--;
	run->fn(d, c, run->arg);
	run->last = c->seq;
	return true;
}

static enum mc_err feed_tx(struct svc_ctx *ctx, void *arg)
{
	struct feed_run *run = arg;
	enum mc_err err = scope_filter(ctx, run->f);
	if (!err && run->from_time)
		err = dstore_feed_start(ctx->db, run->q->updated_since, &run->f->after_id);
	run->last = run->f->after_id;
	return err ? err : dstore_feed(ctx->db, ctx->arena, run->f, feed_one, run);
}

enum mc_err dossier_feed(struct svc_ctx *ctx, const struct dossier_query *q,
			 void (*fn)(const struct dossier *d, const struct dossier_change *c, void *arg),
			 void *arg, const char **next, bool *more)
{
	struct dossier_filter f = filter_of(ctx, q);
	enum ds_status st;
	const char *p;
	int64_t pos = 0;
	*next = NULL;
	*more = false;
	if (!ctx->user)
		return MC_EAUTH;
	if (q->status && ds_status_parse(q->status, &st) != MC_OK)
		problem_add(ctx->problem, "status", "is not a dossier status", "trạng thái không hợp lệ");
	if (q->cursor && (strncmp(q->cursor, "c:", 2) != 0 || !cursor_int(q->cursor + 2, &pos, &p) ||
			  *p || pos < 0))
		problem_add(ctx->problem, "cursor", "is not a cursor this API gave",
			    "con trỏ phân trang không hợp lệ");
	static const char *const not_with[] = {"overdue", "due_before", "order"};
	bool used[] = {q->overdue, q->due_before != 0, q->order_due};
	for (size_t i = 0; i < sizeof(used) / sizeof(used[0]); i++)
		if (used[i])
			problem_add(ctx->problem, not_with[i],
				    "cannot be used in the change feed (updated_since or its cursor)",
				    "không dùng được với dòng thay đổi (updated_since hoặc con trỏ của nó)");
	if (ctx->problem->n)
		return MC_EINVAL;
	if (q->q)
		query_text(ctx, q->q, &f);
	f.after_id = pos; /* a cursor wins over updated_since */
	struct feed_run run = {&f, q, fn, arg, q->limit, !q->cursor, false, 0};
	enum mc_err err = svc_read(ctx, feed_tx, &run);
	if (!err) {
		*next = arena_printf(ctx->arena, "c:%lld", (long long)run.last);
		*more = run.more;
	}
	return err;
}
