/* COPY batches of generated dossiers into PostgreSQL (gen_bulk.h). Each table's rows are built in
 * COPY's text format in a buffer of their own and sent with db_copy_in when the batch is flushed;
 * the columns are those dstore_insert, dstore_update, dstore_add_event and astore_insert write,
 * with the same NULLs for empty values, plus what those functions (and, before migrations 0044 to
 * 0046, insert triggers) derive: the dossier's received_by and undigitized with its row, its name
 * words (COPY), and its report cells and keys (SQL_DERIVE, set-based over the batch): one row at
 * a time they were most of the generation's time (bench/README.md).
 * Codes, ids and the audit chain are computed here, which is only right while nothing else writes
 * (bench_gen_dossiers' promise). */
#include "base/base.h"

#include "domain/audit.h"
#include "domain/dossier_state.h"
#include "gen_bulk.h"
#include "store/audit_store.h"
#include "svc/audit.h"

#define COUNTER_SLOTS (1u << 20) /* points x days: ~230,000 for five years */
#define COUNTER_KEY 40

enum table { T_DOSSIERS, T_STEPS, T_COMPONENTS, T_UNITS, T_EVENTS, T_AUDIT, T_WORDS, NTABLES };

static const char *const COPY_SQL[NTABLES] = {
	"COPY dossiers (id, code, status, procedure_code, procedure_version, procedure_name, "
	"applicant_kind, applicant_name, applicant_id, applicant_phone, applicant_email, "
	"applicant_address, search_key, channel, receiving_unit, served_unit, resolver_unit, "
	"return_unit, return_channel, duration_value, duration_unit, submitted_at, received_at, "
	"due_at, tracking_secret, calendar_versions, created_by, submitter_id, rep_name, "
	"rep_id_number, rep_relation, rep_document, paused_since, paused_seconds, "
	"supplement_requests, extended_due_at, extended_reason, current_step, decided_at, decision, "
	"decision_reason, result_number, result_title, result_document, timeliness, returned_at, "
	"returned_channel, returned_unit, closed_reason, rating, rating_comment, rated_at, version, "
	"received_by, undigitized) "
	"FROM STDIN",
	"COPY dossier_steps (dossier_id, idx, name, unit, role, duration_value, duration_unit, "
	"started_at, due_at, done_at, done_by, timeliness, paused_seconds) FROM STDIN",
	"COPY dossier_components (dossier_id, component_id, provided, document, needed, counted) "
	"FROM STDIN",
	"COPY dossier_units (unit, dossier_id) FROM STDIN",
	"COPY dossier_events (dossier_id, at, action, actor, unit, from_status, to_status, detail) "
	"FROM STDIN",
	"COPY audit_events (id, at, actor, unit, action, entity, detail, prev_hash, hash) FROM STDIN",
	"COPY dossier_name_words (word, dossier_id, name_key) FROM STDIN",
};

struct buf {
	char *p;
	size_t len, cap;
};

struct counter {
	char key[COUNTER_KEY]; /* "<unit> <day>"; "" = free */
	int64_t last;
	bool moved; /* in this batch */
};

struct bulk {
	struct db *db;
	struct buf rows[NTABLES];
	struct counter *slots;
	size_t *moved; /* the slots of the counters this batch moved */
	size_t nmoved;
	size_t ncounters;
	int64_t first_id, next_id, end_id; /* reserved dossier ids: [first_id, end_id) */
	int64_t audit_id;
	unsigned char audit_hash[AUDIT_HASH_LEN];
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1 << 16;
		while (b->len + n + 1 > cap)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* A text field of n bytes and its separator. Backslash, tab, newline and return are escaped. */
static void text_n(struct buf *b, const char *s, size_t n)
{
	for (const char *p = s; p < s + n; p++) {
		const char *esc = *p == '\\' ? "\\\\" : *p == '\t' ? "\\t" : *p == '\n' ? "\\n"
				: *p == '\r' ? "\\r" : NULL;
		if (esc)
			put(b, esc, 2);
		else
			put(b, p, 1);
	}
	put(b, "\t", 1);
}

static void text(struct buf *b, const char *s) /* NULL is \N */
{
	if (s)
		text_n(b, s, strlen(s));
	else
		put(b, "\\N\t", 3);
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

static void num(struct buf *b, int64_t v)
{
	char s[24];
	int n = snprintf(s, sizeof(s), "%lld\t", (long long)v);
	put(b, s, (size_t)n);
}

static void opt(struct buf *b, int64_t v) /* 0 is NULL, as the stores' bind_opt_int */
{
	if (v)
		num(b, v);
	else
		text(b, NULL);
}

static void bytes(struct buf *b, const unsigned char *v, size_t n) /* bytea's hex form */
{
	static const char hex[] = "0123456789abcdef";
	put(b, "\\\\x", 3);
	for (size_t i = 0; i < n; i++) {
		char h[2] = {hex[v[i] >> 4], hex[v[i] & 15]};
		put(b, h, 2);
	}
	put(b, "\t", 1);
}

static void end_row(struct buf *b) /* the last field's tab becomes the line's end */
{
	b->p[b->len - 1] = '\n';
}

static size_t slot_of(const struct bulk *b, const char *key)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	size_t i = (size_t)(h % COUNTER_SLOTS);
	while (b->slots[i].key[0] && strcmp(b->slots[i].key, key) != 0)
		i = (i + 1) % COUNTER_SLOTS;
	return i;
}

static const char SQL_COUNTERS[] = "SELECT unit, day, last FROM dossier_counters";

struct bulk *bulk_new(struct db *db)
{
	struct bulk *b = xcalloc(1, sizeof(*b));
	char key[COUNTER_KEY];
	bool row;
	enum mc_err err;
	b->db = db;
	b->slots = xcalloc(COUNTER_SLOTS, sizeof(*b->slots));
	struct db_stmt *st = db_prepare(db, SQL_COUNTERS);
	if (!st) {
		bulk_free(b);
		return NULL;
	}
	while (!(err = db_step(st, &row)) && row) {
		snprintf(key, sizeof(key), "%s %s", db_col_text(st, 0), db_col_text(st, 1));
		struct counter *c = &b->slots[slot_of(b, key)];
		snprintf(c->key, sizeof(c->key), "%s", key);
		c->last = db_col_int(st, 2);
		b->ncounters++;
	}
	if (err || db_exec(db, "CREATE TEMPORARY TABLE gen_counters (unit TEXT, day TEXT, "
			       "last BIGINT)") != MC_OK) {
		bulk_free(b);
		return NULL;
	}
	return b;
}

void bulk_free(struct bulk *b)
{
	if (!b)
		return;
	for (int t = 0; t < NTABLES; t++)
		free(b->rows[t].p);
	free(b->moved);
	free(b->slots);
	free(b);
}

/* The tables intake's inserts derive (the day cells, the report keys, received_by and
 * undigitized) had row triggers until migrations 0045 and 0046 gave that work to the store; the
 * COPY writes received_by and undigitized with the dossier's row, and SQL_DERIVE the rest,
 * set-based over the batch's ids from the rows' final state (each update trigger swaps a row's
 * old contribution for its new one, so the final state's contribution is what they leave). */
/* The day cells and report keys of the batch's dossiers [$1, $2] and their steps, as the
 * triggers of sql/pg/0017 (0021 for the electronic results) add them; dossier_name_words is
 * COPYed. Each statement groups by the cell's key, so ON CONFLICT meets each cell once. */
#define RANGE "d.id BETWEEN $1 AND $2"
#define KINDS(officer) \
	"FROM dossiers d CROSS JOIN LATERAL (VALUES ('receiving_unit', d.receiving_unit), " \
	"('resolver_unit', d.resolver_unit), ('procedure', d.procedure_code), " \
	"('officer', d." officer ")) k (kind, key) WHERE " RANGE " AND k.key IS NOT NULL "
static const char *const SQL_DERIVE[] = {
	"INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, "
	"supplement_requests, digitized, scanned_needed) "
	"SELECT k.kind, (d.received_at + 25200) / 86400, k.key, "
	"sum(coalesce((d.channel = 'counter')::int, 0)), sum(coalesce((d.channel = 'online')::int, 0)), "
	"sum(coalesce((d.channel = 'post')::int, 0)), sum(coalesce(d.supplement_requests, 0)), "
	"sum(coalesce((d.channel <> 'online' AND d.undigitized = 0)::int, 0)), "
	"sum(coalesce((d.channel <> 'online')::int, 0)) " KINDS("received_by")
	"AND d.received_at IS NOT NULL GROUP BY 1, 2, 3 "
	"ON CONFLICT (kind, day, key) DO UPDATE SET "
	"recv_counter = report_cells.recv_counter + excluded.recv_counter, "
	"recv_online = report_cells.recv_online + excluded.recv_online, "
	"recv_post = report_cells.recv_post + excluded.recv_post, "
	"supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, "
	"digitized = report_cells.digitized + excluded.digitized, "
	"scanned_needed = report_cells.scanned_needed + excluded.scanned_needed",

	"INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic) "
	"SELECT k.kind, (d.decided_at + 25200) / 86400, k.key, "
	"sum(coalesce((d.timeliness = 'early')::int, 0)), sum(coalesce((d.timeliness = 'on_time')::int, 0)), "
	"sum(coalesce((d.timeliness = 'late')::int, 0)), sum(coalesce((d.decision = 'denied')::int, 0)), "
	"sum(coalesce((d.decision = 'approved')::int, 0)), "
	"sum(coalesce((d.decision = 'approved' AND d.result_signed = 1)::int, 0)) " KINDS("decided_by")
	"AND d.decided_at IS NOT NULL GROUP BY 1, 2, 3 "
	"ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, "
	"on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, "
	"denied = report_cells.denied + excluded.denied, "
	"approved = report_cells.approved + excluded.approved, "
	"electronic = report_cells.electronic + excluded.electronic",

	"INSERT INTO report_cells (kind, day, key, stopped, refused) "
	"SELECT k.kind, (d.submitted_at + 25200) / 86400, k.key, "
	"sum(coalesce((d.status = 'stopped')::int, 0)), sum(coalesce((d.status = 'refused')::int, 0)) "
	KINDS("closed_by") "AND d.status IN ('stopped', 'refused') GROUP BY 1, 2, 3 "
	"ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, "
	"refused = report_cells.refused + excluded.refused",

	"INSERT INTO report_cells (kind, day, key, returned) "
	"SELECT k.kind, (d.returned_at + 25200) / 86400, k.key, count(*) " KINDS("returned_by")
	"AND d.returned_at IS NOT NULL GROUP BY 1, 2, 3 "
	"ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned",

	"INSERT INTO report_cells (kind, day, key, rated, satisfied) "
	"SELECT k.kind, (d.rated_at + 25200) / 86400, k.key, count(*), "
	"sum(coalesce((d.rating IN ('very_satisfied', 'satisfied'))::int, 0)) " KINDS("returned_by")
	"AND d.rated_at IS NOT NULL GROUP BY 1, 2, 3 "
	"ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, "
	"satisfied = report_cells.satisfied + excluded.satisfied",

	"INSERT INTO report_cells (kind, day, key, processed) "
	"SELECT 'officer', (s.done_at + 25200) / 86400, s.done_by, count(*) FROM dossier_steps s "
	"WHERE s.dossier_id BETWEEN $1 AND $2 AND s.role = 'processor' AND s.done_by IS NOT NULL "
	"AND s.done_at IS NOT NULL GROUP BY 1, 2, 3 "
	"ON CONFLICT (kind, day, key) DO UPDATE SET processed = report_cells.processed + excluded.processed",

	"INSERT INTO report_keys (kind, key, name, first_at) "
	"SELECT k.kind, k.key, max(k.name), "
	"min(LEAST(d.submitted_at, coalesce(d.received_at, d.submitted_at))) "
	"FROM dossiers d CROSS JOIN LATERAL (VALUES ('receiving_unit', d.receiving_unit, d.receiving_unit), "
	"('resolver_unit', d.resolver_unit, d.resolver_unit), "
	"('procedure', d.procedure_code, d.procedure_name)) k (kind, key, name) "
	"WHERE " RANGE " GROUP BY 1, 2 "
	"ON CONFLICT (kind, key) DO UPDATE SET first_at = LEAST(report_keys.first_at, excluded.first_at), "
	"name = GREATEST(report_keys.name, excluded.name) "
	"WHERE excluded.first_at < report_keys.first_at OR excluded.name > report_keys.name",

	"INSERT INTO report_keys (kind, key, name, first_at) "
	"SELECT 'officer', key, key, min(at) FROM ("
	"SELECT d.received_by AS key, d.received_at AS at FROM dossiers d WHERE " RANGE
	" AND d.received_at IS NOT NULL "
	"UNION ALL SELECT d.decided_by, d.decided_at FROM dossiers d WHERE " RANGE
	" AND d.decided_at IS NOT NULL "
	"UNION ALL SELECT d.closed_by, d.submitted_at FROM dossiers d WHERE " RANGE
	" AND d.status IN ('stopped', 'refused') "
	"UNION ALL SELECT d.returned_by, d.returned_at FROM dossiers d WHERE " RANGE
	" AND d.returned_at IS NOT NULL "
	"UNION ALL SELECT s.done_by, s.done_at FROM dossier_steps s WHERE s.dossier_id BETWEEN $1 AND $2"
	" AND s.role = 'processor' AND s.done_at IS NOT NULL) a WHERE key IS NOT NULL GROUP BY key "
	"ON CONFLICT (kind, key) DO UPDATE SET first_at = excluded.first_at "
	"WHERE excluded.first_at < report_keys.first_at",
};
#define NDERIVE (sizeof(SQL_DERIVE) / sizeof(SQL_DERIVE[0]))

/* nextval, then setval n - 1 further: the ids nextval gives meanwhile are ours. */
static const char SQL_RESERVE[] =
	"SELECT nextval(pg_get_serial_sequence('dossiers', 'id')), "
	"setval(pg_get_serial_sequence('dossiers', 'id'), "
	"currval(pg_get_serial_sequence('dossiers', 'id')) + $1 - 1)";

enum mc_err bulk_begin(struct bulk *b, size_t n)
{
	struct db_stmt *st = db_prepare(b->db, SQL_RESERVE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, (int64_t)n);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	free(b->moved);
	b->moved = xcalloc(n ? n : 1, sizeof(*b->moved));
	b->nmoved = 0;
	b->first_id = b->next_id = db_col_int(st, 0);
	b->end_id = b->next_id + (int64_t)n;
	err = db_run(st);
	if (!err)
		err = astore_last(b->db, &b->audit_id, b->audit_hash);
	return err;
}

static void add_dossier(struct buf *r, const struct dossier *d, const char *search_key)
{
	num(r, d->id);
	text(r, d->code);
	text(r, ds_status_name(d->status));
	text(r, d->procedure_code);
	num(r, d->procedure_version);
	text(r, d->procedure_name);
	text(r, d->applicant_kind);
	text(r, d->applicant_name);
	text(r, d->applicant_id);
	text(r, nz(d->applicant_phone));
	text(r, nz(d->applicant_email));
	text(r, nz(d->applicant_address));
	text(r, search_key);
	text(r, d->channel);
	text(r, d->receiving_unit);
	text(r, d->served_unit);
	text(r, d->resolver_unit);
	text(r, d->return_unit);
	text(r, d->return_channel);
	num(r, d->duration.value);
	text(r, d->duration.unit);
	num(r, d->submitted_at);
	opt(r, d->received_at);
	opt(r, d->due_at);
	text(r, d->tracking_secret);
	text(r, d->calendar_versions ? d->calendar_versions : "{}");
	text(r, d->created_by);
	opt(r, d->submitter_id);
	text(r, d->rep_name);
	text(r, d->rep_name ? d->rep_id_number : NULL);
	text(r, d->rep_name ? d->rep_relation : NULL);
	text(r, d->rep_name ? d->rep_document : NULL);
	/* dstore_update's columns: a dossier that moved on was inserted, then updated once. */
	opt(r, d->paused_since);
	num(r, d->paused_seconds);
	num(r, d->supplement_requests);
	opt(r, d->extended_due_at);
	text(r, d->extended_reason);
	opt(r, d->current_step);
	opt(r, d->decided_at);
	text(r, nz(d->decision));
	text(r, d->decision_reason);
	text(r, d->result_number);
	text(r, d->result_title);
	text(r, d->result_document);
	text(r, nz(d->timeliness));
	opt(r, d->returned_at);
	text(r, nz(d->returned_channel));
	text(r, nz(d->returned_unit));
	text(r, d->closed_reason);
	text(r, nz(d->rating));
	text(r, d->rating_comment);
	opt(r, d->rated_at);
	num(r, d->status != DS_RECEIVED ? 2 : 1);
	/* What report_officer_acts makes of the intake event (an officer's, never a citizen's). */
	text(r, d->created_by);
	/* What report_component_insert counts: the needed components without a document. */
	int64_t undigitized = 0;
	for (size_t i = 0; i < d->ncomponents; i++)
		undigitized += d->components[i].needed && !d->components[i].document;
	num(r, undigitized);
	end_row(r);
}

static void add_children(struct bulk *b, const struct dossier *d)
{
	for (size_t i = 0; i < d->nsteps; i++) {
		const struct dossier_step *s = &d->steps[i];
		struct buf *r = &b->rows[T_STEPS];
		num(r, d->id);
		num(r, s->idx);
		text(r, s->name);
		text(r, s->unit);
		text(r, s->role);
		num(r, s->duration.value);
		text(r, s->duration.unit);
		opt(r, s->started_at);
		opt(r, s->due_at);
		opt(r, s->done_at);
		text(r, s->done_by);
		text(r, nz(s->timeliness));
		num(r, s->paused_seconds);
		end_row(r);
	}
	for (size_t i = 0; i < d->ncomponents; i++) {
		struct buf *r = &b->rows[T_COMPONENTS];
		num(r, d->id);
		text(r, d->components[i].id);
		num(r, d->components[i].provided ? 1 : 0);
		text(r, d->components[i].document);
		num(r, d->components[i].needed ? 1 : 0);
		num(r, 1); /* counted: the dossier's undigitized includes it, as intake's rows (0042) */
		end_row(r);
	}
	/* dossier_units once per unit (the store's INSERT skips repeats: ON CONFLICT DO NOTHING). */
	const char *u[4 + DOSSIER_MAX_STEPS];
	size_t n = 0;
	u[n++] = d->receiving_unit;
	u[n++] = d->served_unit;
	u[n++] = d->resolver_unit;
	u[n++] = d->return_unit;
	for (size_t i = 0; i < d->nsteps; i++)
		u[n++] = d->steps[i].unit;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(u[i], u[j]) == 0;
		if (!seen) {
			text(&b->rows[T_UNITS], u[i]);
			num(&b->rows[T_UNITS], d->id);
			end_row(&b->rows[T_UNITS]);
		}
	}
}

/* The intake event and its audit event, as write_store's dstore_add_event and audit_append_as. */
static void add_records(struct bulk *b, const struct dossier *d)
{
	char event_detail[160], audit_detail[160], entity[DOSSIER_CODE_MAX + 16];
	snprintf(event_detail, sizeof(event_detail), "{\"channel\":\"%s\",\"procedure\":\"%s\"}",
		 d->channel, d->procedure_code);
	snprintf(audit_detail, sizeof(audit_detail), "{\"from\":null,\"to\":\"received\",\"at\":%lld}",
		 (long long)d->received_at);
	snprintf(entity, sizeof(entity), "dossier:%s", d->code);
	struct buf *r = &b->rows[T_EVENTS];
	num(r, d->id);
	num(r, d->received_at);
	text(r, "intake");
	text(r, d->created_by);
	text(r, nz(d->receiving_unit));
	text(r, NULL);
	text(r, "received");
	text(r, event_detail);
	end_row(r);
	struct audit_row a = {
		.id = b->audit_id + 1,
		.at = d->received_at,
		.actor = d->created_by,
		.unit = d->receiving_unit[0] ? d->receiving_unit : NULL,
		.action = "intake",
		.entity = entity,
		.detail = audit_detail,
	};
	memcpy(a.prev_hash, b->audit_hash, AUDIT_HASH_LEN);
	audit_hash(&a, a.hash);
	r = &b->rows[T_AUDIT];
	num(r, a.id);
	num(r, a.at);
	text(r, a.actor);
	text(r, a.unit);
	text(r, a.action);
	text(r, a.entity);
	text(r, a.detail);
	bytes(r, a.prev_hash, AUDIT_HASH_LEN);
	bytes(r, a.hash, AUDIT_HASH_LEN);
	end_row(r);
	b->audit_id = a.id;
	memcpy(b->audit_hash, a.hash, AUDIT_HASH_LEN);
}

/* dossier_name_words_insert: each distinct word of the search key (split at single spaces, as
 * regexp_split_to_table(search_key, ' '), empty words left out) with the dossier and
 * the key. */
static void add_words(struct buf *r, int64_t id, const char *key)
{
	for (const char *p = key; p;) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool seen = len == 0;
		for (const char *q = key; q < p && !seen;) { /* the same word earlier in the key */
			const char *qe = strchr(q, ' ');
			seen = (size_t)(qe - q) == len && memcmp(q, p, len) == 0;
			q = qe + 1;
		}
		if (!seen) {
			text_n(r, p, len);
			num(r, id);
			put(r, " ", 1); /* the key between two spaces (migration 0039) */
			text_n(r, key, strlen(key));
			r->p[r->len - 1] = ' '; /* text_n's closing tab */
			put(r, "\t", 1);
			end_row(r);
		}
		p = e ? e + 1 : NULL;
	}
}

enum mc_err bulk_add(struct bulk *b, struct dossier *d, const char *yymmdd,
		     const char *search_key)
{
	char key[COUNTER_KEY];
	if (b->next_id >= b->end_id)
		return MC_EINVAL;
	snprintf(key, sizeof(key), "%s %s", d->receiving_unit, yymmdd);
	struct counter *c = &b->slots[slot_of(b, key)];
	if (!c->key[0]) {
		if (b->ncounters + 1 >= COUNTER_SLOTS / 2)
			return MC_ETOOBIG;
		snprintf(c->key, sizeof(c->key), "%s", key);
		b->ncounters++;
	}
	c->last++;
	if (!c->moved) {
		c->moved = true;
		b->moved[b->nmoved++] = (size_t)(c - b->slots);
	}
	snprintf(d->code, sizeof(d->code), "%s-%s-%04lld", d->receiving_unit, yymmdd,
		 (long long)c->last);
	d->id = b->next_id++;
	add_dossier(&b->rows[T_DOSSIERS], d, search_key);
	add_children(b, d);
	add_records(b, d);
	add_words(&b->rows[T_WORDS], d->id, search_key);
	return MC_OK;
}

/* The counters' new values through a temporary table: one COPY and one upsert a batch. */
static const char SQL_COUNTERS_COPY[] = "COPY gen_counters (unit, day, last) FROM STDIN";
static const char SQL_COUNTERS_MERGE[] =
	"INSERT INTO dossier_counters (unit, day, last) SELECT unit, day, last FROM gen_counters "
	"ON CONFLICT (unit, day) DO UPDATE SET last = excluded.last; TRUNCATE gen_counters";

static enum mc_err flush_counters(struct bulk *b)
{
	struct buf r = {0};
	for (size_t i = 0; i < b->nmoved; i++) {
		struct counter *c = &b->slots[b->moved[i]];
		const char *space = strchr(c->key, ' ');
		put(&r, c->key, (size_t)(space - c->key));
		put(&r, "\t", 1);
		text(&r, space + 1);
		num(&r, c->last);
		end_row(&r);
		c->moved = false;
	}
	b->nmoved = 0;
	enum mc_err err = r.len ? db_copy_in(b->db, SQL_COUNTERS_COPY, r.p, r.len) : MC_OK;
	free(r.p);
	return err ? err : db_exec(b->db, SQL_COUNTERS_MERGE);
}

enum mc_err bulk_flush(struct bulk *b)
{
	enum mc_err err = MC_OK;
	for (int t = 0; !err && t < NTABLES; t++) {
		if (b->rows[t].len)
			err = db_copy_in(b->db, COPY_SQL[t], b->rows[t].p, b->rows[t].len);
		b->rows[t].len = 0;
	}
	err = err ? err : flush_counters(b);
	for (size_t i = 0; !err && i < NDERIVE && b->next_id > b->first_id; i++) {
		struct db_stmt *st = db_prepare(b->db, SQL_DERIVE[i]);
		if (!st)
			return MC_EDB;
		db_bind_int(st, 1, b->first_id);
		db_bind_int(st, 2, b->next_id - 1);
		err = db_run(st);
	}
	return err;
}
