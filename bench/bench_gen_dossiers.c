/* Generates benchmark dossiers straight into an initialized data directory (after `motcua init`
 * and `motcua demo`), writing what the service's intake writes: the dossier row, its components,
 * planned steps and involved units, one 'intake' history event and one audit event chained as
 * audit_append_as chains them, so that `motcua audit verify` still holds. The dossiers are spread
 * over the 126 service points (SSS.01.50.H26) with commune PCs (SSS.00.50.H26) as resolvers, over
 * the working days of the last DAYS days (due times from the real calendar), in a realistic mix of
 * statuses: the rows of dossiers that moved on are written in their current state (steps,
 * decision, return) although only their intake is in their history.
 *
 *   build/bench_gen_dossiers DATA_DIR N [SAMPLE [DAYS]]
 *
 * appends N dossiers in transactions of BATCH dossiers to the data directory's database (its
 * motcua.db, or the PostgreSQL database named in DATA_DIR/database-url), with durability relaxed
 * for the generation only (SQLite: synchronous=OFF, restored at the end; PostgreSQL: this
 * session's synchronous_commit=off), prints dossiers/s and rows/s, and writes
 * DATA_DIR/bench_codes.txt: "code secret" lines for SAMPLE dossiers (default 100,000) spread
 * evenly over the generated ones, for the public tracking benchmark. DAYS (default 365: a year)
 * is the span of intake dates before today; five years are 1826.
 *
 * SQLite takes each dossier through the stores (dstore_next_number, dstore_insert, dstore_update,
 * dstore_add_event, audit_append_as). On PostgreSQL that is one round trip per statement, about 20
 * a dossier, too slow for ten million; there each batch is written with COPY (db_copy_in) instead:
 * the same rows in the same order of tables (dossier rows already in their current state,
 * version 2 when they moved on, as the store path's update leaves them; then steps, components,
 * units, events, audit events, name words), with the insert triggers that only derive other
 * tables off inside the batch and their rows written set-based per batch instead (gen_bulk.c;
 * bench/gen_same.sh compares both paths), dossier ids reserved from the table's sequence, codes
 * numbered from dossier_counters as read at the start (written back per batch), and the audit
 * chain continued from the newest event with audit_hash. Nothing else may
 * write to the database meanwhile. BENCH_GEN_STORE=1 takes the store path on PostgreSQL too, and
 * BENCH_GEN_SEED and BENCH_GEN_NOW fix the random seed and "now", so that both paths can be
 * compared row by row. Not a test, and never to be run against a live deployment's data. */
#include "base/base.h"

#include <sodium.h>
#include <sys/stat.h>
#include <time.h>

#include "base/arena.h"
#include "base/civil.h"
#include "base/problem.h"
#include "gen_bulk.h"
#include "domain/dossier_state.h"
#include "domain/text.h"
#include "domain/workclock.h"
#include "store/audit_store.h"
#include "store/dossier_store.h"
#include "store/procedure_store.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/calendar.h"
#include "svc/setup.h"
#include "svc/svc.h"

#define BATCH 10000
#define NPOINTS 126
#define MAX_PROCS 64
#define MAX_DAYS 4000 /* working days */
#define DEFAULT_SPAN 365
#define MAX_SPAN 5500
#define DEFAULT_SAMPLE 100000
#define DAY_SECONDS 86400

static uint64_t rng_state;

static uint64_t next_random(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static uint32_t below(uint32_t n)
{
	return (uint32_t)((next_random() >> 32) % n);
}

static double uniform(void)
{
	return (double)(next_random() >> 11) / 9007199254740992.0;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static bool parse_count(const char *s, uint64_t *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return false;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || v == 0)
		return false;
	*out = v;
	return true;
}

/* ---- Applicants ---- */

static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
				     "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
static const char *const middle_m[] = {"Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thành"};
static const char *const middle_f[] = {"Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương"};
static const char *const given_m[] = {"Anh", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh",
				      "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Việt"};
static const char *const given_f[] = {"Anh", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh",
				      "Mai", "Nga", "Ngọc", "Oanh", "Phương", "Thảo", "Trang", "Yến"};
static const char *const streets[] = {"Tràng Tiền", "Hàng Bài", "Đinh Tiên Hoàng", "Lý Thái Tổ",
				      "Hàng Gai", "Kim Mã", "Giảng Võ", "Láng Hạ", "Cầu Giấy",
				      "Nguyễn Trãi", "Giải Phóng", "Minh Khai", "Lạc Long Quân"};

#define PICK(a) ((a)[below((uint32_t)MC_ARRAY_LEN(a))])

struct applicant {
	char name[96], id[16], phone[16], address[160];
	char *search_key; /* malloc'd */
};

static bool make_applicant(struct applicant *a, int year_now)
{
	bool male = below(2) == 0;
	snprintf(a->name, sizeof(a->name), "%s %s %s", PICK(family),
		 male ? PICK(middle_m) : PICK(middle_f), male ? PICK(given_m) : PICK(given_f));
	/* 12-digit personal ID: Hanoi's province code 001, the century-and-sex digit, the birth
	 * year's last two digits, six random digits. */
	int born = year_now - 18 - (int)below(62);
	int digit = (born >= 2000 ? 2 : 0) + (male ? 0 : 1);
	snprintf(a->id, sizeof(a->id), "001%d%02d%06u", digit, born % 100, below(1000000));
	snprintf(a->phone, sizeof(a->phone), "09%08u", below(100000000));
	snprintf(a->address, sizeof(a->address), "Số %u %s, Hà Nội", 1 + below(300), PICK(streets));
	free(a->search_key);
	a->search_key = NULL;
	return text_search_key(a->name, strlen(a->name), &a->search_key) == MC_OK;
}

/* ---- The generator ---- */

struct gen {
	struct svc_ctx ctx;
	struct procedure procs[MAX_PROCS];
	size_t nprocs;
	char points[NPOINTS][UNIT_CODE_MAX], pcs[NPOINTS][UNIT_CODE_MAX];
	char receivers[NPOINTS][32];
	double weight_cum[NPOINTS];
	int64_t days[MAX_DAYS]; /* working days, oldest first */
	size_t ndays;
	int span; /* calendar days before today */
	int64_t now;
	struct bulk *bulk; /* PostgreSQL's COPY path; NULL: the stores */
	uint64_t rows;
	uint64_t status_count[DS_NSTATUS];
};

static const char SQL_COMMUNE_PROCS[] =
	"SELECT code FROM procedures WHERE latest = 1 AND level = 'commune' ORDER BY code";

static enum mc_err load_procedures(struct gen *g)
{
	char codes[MAX_PROCS][PROC_CODE_MAX];
	size_t n = 0;
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(g->ctx.db, SQL_COMMUNE_PROCS);
	if (!st)
		return MC_EDB;
	while (!(err = db_step(st, &row)) && row && n < MAX_PROCS)
		set(codes[n++], PROC_CODE_MAX, db_col_text(st, 0));
	if (err)
		return err;
	db_run(st);
	for (size_t i = 0; i < n; i++) {
		err = procstore_get(g->ctx.db, g->ctx.arena, codes[i], 0, &g->procs[g->nprocs]);
		if (err)
			return err;
		if (g->procs[g->nprocs].nsteps > 0)
			g->nprocs++;
	}
	return g->nprocs ? MC_OK : MC_ENOTFOUND;
}

static enum mc_err load_units(struct gen *g)
{
	struct unit u;
	double total = 0;
	for (int i = 0; i < NPOINTS; i++) {
		snprintf(g->points[i], UNIT_CODE_MAX, "%03d.01.50.H26", i + 1);
		snprintf(g->pcs[i], UNIT_CODE_MAX, "%03d.00.50.H26", i + 1);
		enum mc_err err = unitstore_get(g->ctx.db, g->points[i], g->now, &u);
		if (!err && strcmp(u.kind, "service_point") != 0)
			err = MC_ENOTFOUND;
		if (!err)
			err = unitstore_get(g->ctx.db, g->pcs[i], g->now, &u);
		if (!err && strcmp(u.kind, "commune_pc") != 0)
			err = MC_ENOTFOUND;
		if (err) {
			fprintf(stderr, "bench_gen_dossiers: unit %s or %s: %s\n", g->points[i],
				g->pcs[i], mc_err_name(err));
			return err;
		}
		/* The demo's receivers for Hoàn Kiếm and Cửa Nam; made-up names elsewhere. */
		snprintf(g->receivers[i], sizeof(g->receivers[i]), "%s",
			 i == 0 ? "tiepnhan.hoankiem" : i == 1 ? "tiepnhan.cuanam" : "");
		if (i > 1)
			snprintf(g->receivers[i], sizeof(g->receivers[i]), "tiepnhan.p%03d", i + 1);
		/* Busy urban wards and quiet rural communes: weights from 0.4 to 1.6. */
		total += 0.4 + 1.2 * uniform();
		g->weight_cum[i] = total;
	}
	for (int i = 0; i < NPOINTS; i++)
		g->weight_cum[i] /= total;
	return MC_OK;
}

static size_t pick_point(struct gen *g)
{
	double r = uniform();
	size_t lo = 0, hi = NPOINTS - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g->weight_cum[mid] < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The working days (by the effective calendar) of the span of days before today. */
static enum mc_err load_days(struct gen *g)
{
	int64_t today = civil_local_day(g->now);
	for (int64_t day = today - g->span; day < today && g->ndays < MAX_DAYS; day++) {
		int64_t worked = 0;
		enum mc_err err = calendar_between(&g->ctx, civil_instant(day, 8 * 3600),
						   civil_instant(day, 17 * 3600), &worked);
		if (err)
			return err;
		if (worked > 0)
			g->days[g->ndays++] = day;
	}
	return g->ndays ? MC_OK : MC_ENOTFOUND;
}

static enum mc_err due_of(struct gen *g, int64_t from, const struct proc_duration *dur,
			  int64_t *due)
{
	enum wc_unit unit;
	if (wc_unit_parse(dur->unit, &unit) != MC_OK)
		return MC_EINTERNAL;
	return calendar_due(&g->ctx, from, dur->value, unit, due);
}

static const char *calendar_versions(struct gen *g, int64_t from, int64_t to, char *buf,
				     size_t cap)
{
	int y0, y1, m, day;
	int64_t v0 = 1, v1 = 1;
	civil_ymd(civil_local_day(from), &y0, &m, &day);
	civil_ymd(civil_local_day(to), &y1, &m, &day);
	calendar_version(&g->ctx, y0, &v0);
	if (y1 != y0) {
		calendar_version(&g->ctx, y1, &v1);
		snprintf(buf, cap, "{\"%d\":%lld,\"%d\":%lld}", y0, (long long)v0, y1, (long long)v1);
	} else {
		snprintf(buf, cap, "{\"%d\":%lld}", y0, (long long)v0);
	}
	return buf;
}

static void new_secret(char out[16])
{
	static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 10; i++)
		out[i] = alphabet[below(sizeof(alphabet) - 1)];
	out[10] = '\0';
}

/* Plans the dossier's steps and components the way intake does. */
static void plan(const struct procedure *p, struct dossier *d)
{
	d->nsteps = 0;
	for (size_t i = 0; i < p->nsteps && i < DOSSIER_MAX_STEPS; i++) {
		struct dossier_step *s = &d->steps[d->nsteps++];
		memset(s, 0, sizeof(*s));
		s->idx = (int64_t)i + 1;
		s->name = p->steps[i].name;
		set(s->unit, sizeof(s->unit),
		    strcmp(p->steps[i].unit, "resolver") == 0 ? d->resolver_unit : p->steps[i].unit);
		set(s->role, sizeof(s->role), p->steps[i].role);
		s->duration = p->steps[i].duration;
	}
	d->ncomponents = 0;
	for (size_t j = 0; j < p->ncomponents && j < DOSSIER_MAX_COMPONENTS; j++) {
		struct dossier_component *c = &d->components[d->ncomponents++];
		set(c->id, sizeof(c->id), p->components[j].id);
		c->provided = p->components[j].required || below(3) == 0;
		c->document = NULL;
	}
}

/* Starts step k (0-based) at t and finishes it at done (0 = still open). */
static enum mc_err work_step(struct gen *g, struct dossier *d, size_t k, int64_t t, int64_t done,
			     const char *actor)
{
	struct dossier_step *s = &d->steps[k];
	s->started_at = t;
	enum mc_err err = due_of(g, t, &s->duration, &s->due_at);
	if (err || !done)
		return err;
	s->done_at = done;
	s->done_by = actor;
	set(s->timeliness, sizeof(s->timeliness), wc_timeliness_name(wc_classify(done, s->due_at)));
	return MC_OK;
}

/* Moves the dossier along its life as far as "now" allows (or leaves it stuck, stopped or
 * refused); times are working-time plausible, not exact. */
static enum mc_err progress(struct gen *g, struct dossier *d, const char *actor)
{
	int64_t t = d->received_at, due = d->due_at, now = g->now;
	uint32_t fate = below(1000);
	enum ds_status st = DS_RECEIVED;
	enum mc_err err = MC_OK;
	if (fate < 20) { /* refused at the counter's second look */
		st = DS_REFUSED;
		d->closed_reason = "Hồ sơ không đủ điều kiện giải quyết";
		goto done;
	}
	if (fate < 40) { /* stopped at the applicant's request */
		st = DS_STOPPED;
		d->closed_reason = "Người nộp đề nghị dừng giải quyết";
		goto done;
	}
	bool late = fate < 140, stuck = fate >= 140 && fate < 160;
	bool supplement = fate >= 160 && fate < 210;
	int64_t t1 = t + 1800 + below(7200); /* transferred to the resolver */
	int64_t decided = late ? due + 3600 + below(3 * DAY_SECONDS)
			       : t1 + (int64_t)((double)(due - t1) * (0.3 + 0.65 * uniform()));
	if (decided <= t1)
		decided = t1 + 600;
	int64_t returned = decided + 3600 + below(2 * DAY_SECONDS);
	if (now < t1 || (stuck && below(3) == 0))
		goto done; /* received (stuck ones: forgotten at the counter) */
	size_t n = d->nsteps;
	if (now < decided || stuck) {
		/* In its steps: the one whose share of [t1, decided) holds now. */
		st = DS_PROCESSING;
		size_t k = stuck ? 0 : (size_t)((double)(now - t1) / (double)(decided - t1) * (double)n);
		if (k >= n)
			k = n - 1;
		for (size_t i = 0; !err && i <= k; i++)
			err = work_step(g, d, i, t1 + (decided - t1) * (int64_t)i / (int64_t)n,
					i < k ? t1 + (decided - t1) * (int64_t)(i + 1) / (int64_t)n : 0,
					actor);
		d->current_step = (int64_t)k + 1;
		if (supplement || (stuck && below(2) == 0)) {
			st = DS_AWAITING_SUPPLEMENT;
			d->supplement_requests = 1;
			d->paused_since = d->steps[k].started_at + (now - d->steps[k].started_at) / 2;
		}
		goto done;
	}
	for (size_t i = 0; !err && i < n; i++)
		err = work_step(g, d, i, t1 + (decided - t1) * (int64_t)i / (int64_t)n,
				i + 1 < n ? t1 + (decided - t1) * (int64_t)(i + 1) / (int64_t)n : decided,
				actor);
	d->current_step = 0;
	d->decided_at = decided;
	if (below(50) == 0) {
		set(d->decision, sizeof(d->decision), "denied");
		d->decision_reason = "Không đủ điều kiện theo quy định";
	} else {
		set(d->decision, sizeof(d->decision), "approved");
		d->result_number = "KQ-BENCH";
		d->result_title = d->procedure_name;
	}
	set(d->timeliness, sizeof(d->timeliness),
	    ds_timeliness(decided, due, false, d->supplement_requests));
	st = DS_READY_FOR_RETURN;
	if (now < returned)
		goto done;
	st = DS_RETURNED;
	d->returned_at = returned;
	set(d->returned_channel, sizeof(d->returned_channel), d->return_channel);
	set(d->returned_unit, sizeof(d->returned_unit), d->return_unit);
done:
	d->status = st;
	g->status_count[st]++;
	return err;
}

static size_t distinct_units(const struct dossier *d)
{
	const char *u[4 + DOSSIER_MAX_STEPS];
	size_t n = 0, distinct = 0;
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
		distinct += !seen;
	}
	return distinct;
}

/* What intake records besides the rows of the dossier: the history event and the audit event. */
struct records {
	char event_detail[160], audit_detail[160], entity[DOSSIER_CODE_MAX + 16];
};

static void make_records(const struct dossier *d, int64_t t, struct records *r)
{
	snprintf(r->event_detail, sizeof(r->event_detail),
		 "{\"channel\":\"%s\",\"procedure\":\"%s\"}", d->channel, d->procedure_code);
	snprintf(r->audit_detail, sizeof(r->audit_detail),
		 "{\"from\":null,\"to\":\"received\",\"at\":%lld}", (long long)t);
	snprintf(r->entity, sizeof(r->entity), "dossier:%s", d->code);
}

/* The store path: the statements intake runs, one dossier at a time. */
static enum mc_err write_store(struct gen *g, struct dossier *d, const char *yymmdd,
			       const char *search_key)
{
	struct records r;
	int64_t n;
	enum mc_err err = dstore_next_number(g->ctx.db, d->receiving_unit, yymmdd, &n);
	if (err)
		return err;
	snprintf(d->code, sizeof(d->code), "%s-%s-%04lld", d->receiving_unit, yymmdd, (long long)n);
	err = dstore_insert(g->ctx.db, d, search_key);
	if (!err && d->status != DS_RECEIVED) {
		/* The row's later fields (current step, decision, return): steps were inserted whole. */
		size_t nsteps = d->nsteps;
		d->nsteps = 0;
		err = dstore_update(g->ctx.db, d);
		d->nsteps = nsteps;
	}
	if (err)
		return err;
	make_records(d, d->received_at, &r);
	struct dossier_event e = {
		.at = d->received_at,
		.action = "intake",
		.actor = d->created_by,
		.unit = d->receiving_unit,
		.from_status = NULL,
		.to_status = "received",
		.detail = r.event_detail,
	};
	err = dstore_add_event(g->ctx.db, d->id, &e);
	if (err)
		return err;
	return audit_append_as(g->ctx.db, d->received_at, d->created_by, d->receiving_unit,
			       "intake", r.entity, r.audit_detail);
}

/* One dossier, intake at t, inside the open write transaction. */
static enum mc_err one(struct gen *g, int64_t t, struct applicant *a, FILE *codes, bool sample)
{
	struct dossier d;
	char day[16], yymmdd[8], versions[64];
	int y, m, dd;
	memset(&d, 0, sizeof(d));
	size_t pi = pick_point(g);
	const struct procedure *p = &g->procs[below((uint32_t)g->nprocs)];
	civil_ymd(civil_local_day(t), &y, &m, &dd);
	if (!make_applicant(a, y))
		return MC_EINVAL;
	d.status = DS_RECEIVED;
	set(d.procedure_code, sizeof(d.procedure_code), p->code);
	d.procedure_version = p->version;
	d.procedure_name = p->name;
	set(d.applicant_kind, sizeof(d.applicant_kind), "person");
	d.applicant_name = a->name;
	set(d.applicant_id, sizeof(d.applicant_id), a->id);
	d.applicant_phone = a->phone;
	d.applicant_address = a->address;
	set(d.channel, sizeof(d.channel), below(100) < 93 ? "counter" : "post");
	set(d.receiving_unit, sizeof(d.receiving_unit), g->points[pi]);
	set(d.served_unit, sizeof(d.served_unit), g->points[pi]);
	set(d.return_unit, sizeof(d.return_unit), g->points[pi]);
	set(d.return_channel, sizeof(d.return_channel), below(100) < 85 ? "counter" : "post");
	/* Mostly the point's own commune; now and then another one (intake across boundaries). */
	set(d.resolver_unit, sizeof(d.resolver_unit),
	    below(100) < 92 ? g->pcs[pi] : g->pcs[below(NPOINTS)]);
	d.duration = p->duration;
	d.submitted_at = t;
	d.received_at = t;
	enum mc_err err = due_of(g, t, &d.duration, &d.due_at);
	if (err)
		return err;
	d.calendar_versions = calendar_versions(g, t, d.due_at, versions, sizeof(versions));
	d.created_by = g->receivers[pi];
	new_secret(d.tracking_secret);
	plan(p, &d);
	err = progress(g, &d, "xuly.bench");
	if (err)
		return err;

	civil_format_date(civil_local_day(t), day);
	snprintf(yymmdd, sizeof(yymmdd), "%.2s%.2s%.2s", day + 2, day + 5, day + 8);
	err = g->bulk ? bulk_add(g->bulk, &d, yymmdd, a->search_key)
		      : write_store(g, &d, yymmdd, a->search_key);
	if (err)
		return err;
	g->rows += 4 + d.nsteps + d.ncomponents + distinct_units(&d); /* + counter, event, audit */
	if (sample)
		fprintf(codes, "%s %s\n", d.code, d.tracking_secret);
	return MC_OK;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_gen_dossiers DATA_DIR N [SAMPLE [DAYS]]\n"
			"  appends N dossiers to an initialized data directory (motcua init, motcua "
			"demo),\n  intake dates over the DAYS (365) days before today, and writes "
			"DATA_DIR/bench_codes.txt\n  with SAMPLE (100000) code/secret lines\n");
	return 2;
}

/* An environment variable's number, or dflt when it is unset. */
static uint64_t env_count(const char *name, uint64_t dflt)
{
	uint64_t v;
	return parse_count(getenv(name), &v) ? v : dflt;
}

/* The data directory's database: the PostgreSQL URL it remembers (svc/setup.h), else its SQLite
 * file, which must exist. */
static bool find_target(const char *dir, char *out, size_t cap)
{
	struct stat sb;
	if (setup_remembered_database(dir, out, cap))
		return true;
	snprintf(out, cap, "%s/motcua.db", dir);
	if (stat(out, &sb) == 0)
		return true;
	fprintf(stderr, "bench_gen_dossiers: %s holds no database; run motcua init first\n", dir);
	return false;
}

/* Durability relaxed for the generation only: a crash here loses nothing anyone needs. SQLite's
 * is restored at the end; PostgreSQL's setting ends with this session. */
static enum mc_err relax(struct gen *g, bool pg)
{
	if (!pg)
		return db_exec(g->ctx.db, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
	return db_exec(g->ctx.db, "SET synchronous_commit = off");
}

/* One batch of dossiers [i, end) in one write transaction. */
static enum mc_err batch(struct gen *g, uint64_t i, uint64_t end, uint64_t total, uint64_t every,
			 uint64_t sample, uint64_t *sampled, struct applicant *appl, FILE *codes)
{
	enum mc_err err = db_begin_write(g->ctx.db);
	if (!err && g->bulk)
		err = bulk_begin(g->bulk, (size_t)(end - i));
	for (uint64_t k = i; !err && k < end; k++) {
		/* Oldest first, so that ids grow with time as they would in service. */
		double pos = ((double)k + uniform()) / (double)total * (double)g->ndays;
		size_t di = (size_t)pos;
		if (di >= g->ndays)
			di = g->ndays - 1;
		int64_t t = civil_instant(g->days[di], 8 * 3600 + (int)((pos - (double)di) * 9 * 3600));
		bool take = k % every == 0 && *sampled < sample;
		*sampled += take;
		err = one(g, t, appl, codes, take);
	}
	if (!err && g->bulk)
		err = bulk_flush(g->bulk);
	if (!err)
		err = db_commit(g->ctx.db);
	db_rollback(g->ctx.db);
	return err;
}

int main(int argc, char **argv)
{
	static struct gen g;
	struct arena arena;
	struct problem problem;
	struct svc_state *state = xcalloc(1, sizeof(*state));
	struct applicant appl = {0};
	uint64_t total, sample = DEFAULT_SAMPLE, span = DEFAULT_SPAN;
	char target[SETUP_DATABASE_URL_MAX], codes_path[4096];
	int rc = 1;
	FILE *codes = NULL;
	if (argc < 3 || argc > 5 || !parse_count(argv[2], &total) ||
	    (argc >= 4 && !parse_count(argv[3], &sample)) ||
	    (argc == 5 && (!parse_count(argv[4], &span) || span > MAX_SPAN)))
		return usage();
	if (sample > total)
		sample = total;
	snprintf(codes_path, sizeof(codes_path), "%s/bench_codes.txt", argv[1]);
	if (!find_target(argv[1], target, sizeof(target)) || sodium_init() < 0)
		return 1;
	bool pg = db_target_is_pg(target);
	rng_state = env_count("BENCH_GEN_SEED", 0);
	if (!rng_state)
		randombytes_buf(&rng_state, sizeof(rng_state));
	rng_state |= 1;
	arena_init(&arena);
	problem_init(&problem, &arena);
	cal_cache_init(&state->calendar);
	g.now = (int64_t)env_count("BENCH_GEN_NOW", (uint64_t)time(NULL));
	g.span = (int)span;
	g.ctx = (struct svc_ctx){.state = state, .arena = &arena, .problem = &problem,
				 .now = g.now, .real_now = g.now};
	if (db_open(target, &g.ctx.db) != MC_OK)
		goto out;
	codes = fopen(codes_path, "w");
	if (!codes) {
		perror(codes_path);
		goto out;
	}
	enum mc_err err = load_procedures(&g);
	if (!err)
		err = load_units(&g);
	if (!err)
		err = load_days(&g);
	if (err) {
		fprintf(stderr, "bench_gen_dossiers: the data directory is not ready (%s): run motcua "
				"init first\n",
			mc_err_name(err));
		goto out;
	}
	if (pg && !env_count("BENCH_GEN_STORE", 0) && !(g.bulk = bulk_new(g.ctx.db)))
		goto out;
	err = relax(&g, pg);
	double t0 = now_seconds();
	uint64_t every = total / sample, sampled = 0;
	for (uint64_t i = 0; !err && i < total; i += BATCH) {
		err = batch(&g, i, i + BATCH < total ? i + BATCH : total, total, every, sample,
			    &sampled, &appl, codes);
		if (!err && (i / BATCH) % 10 == 9)
			fprintf(stderr, "  %llu dossiers, %.0f/s\n",
				(unsigned long long)(i + BATCH), (double)(i + BATCH) / (now_seconds() - t0));
	}
	double gen_s = now_seconds() - t0;
	if (err) {
		fprintf(stderr, "bench_gen_dossiers: generation failed: %s\n", mc_err_name(err));
		goto out;
	}
	/* Back to the service's durability, with SQLite's WAL folded into the database file;
	 * PostgreSQL's planner gets statistics of the new rows. */
	err = db_exec(g.ctx.db, pg ? "ANALYZE"
				   : "PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(TRUNCATE);");
	double all_s = now_seconds() - t0;
	if (err)
		goto out;
	if (fclose(codes) != 0) {
		codes = NULL;
		perror(codes_path);
		goto out;
	}
	codes = NULL;
	printf("generated %llu dossiers over %d days in %.1f s (%.1f s with the final %s): %.0f "
	       "dossiers/s, %.0f rows/s (%llu rows, %s)\n",
	       (unsigned long long)total, g.span, gen_s, all_s, pg ? "ANALYZE" : "checkpoint",
	       (double)total / gen_s, (double)g.rows / gen_s, (unsigned long long)g.rows,
	       pg ? (g.bulk ? "PostgreSQL, COPY" : "PostgreSQL, stores") : "SQLite");
	printf("statuses:");
	for (int s = 0; s < DS_NSTATUS; s++)
		if (g.status_count[s])
			printf(" %s %llu", ds_status_name((enum ds_status)s),
			       (unsigned long long)g.status_count[s]);
	printf("\nsample: %llu code/secret lines in %s\n", (unsigned long long)sampled, codes_path);
	rc = 0;
out:
	if (codes)
		fclose(codes);
	free(appl.search_key);
	bulk_free(g.bulk);
	db_close(g.ctx.db);
	cal_cache_release(&state->calendar);
	free(state);
	arena_release(&arena);
	return rc;
}
