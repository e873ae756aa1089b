/* Tests of the document files and tables (store/blob_store.h, store/document_store.h) in a fresh
 * temporary directory: durable blob writes and their failures, idempotent blob rows, the round
 * trip of a document, uses by dossiers with the reused flag, and the pages of an owner's
 * documents. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "store/blob_store.h"
#include "store/db.h"
#include "store/document_store.h"
#include "store/dossier_store.h"
#include "store/migrate.h"
#include "store/unit_store.h"

#define SP1 "001.01.50.H26" /* a service point of PC1 */
#define PC1 "001.00.50.H26" /* a commune PC */

/* SHA-256 of "abc" and of "hello\n". */
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_HELLO "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

#define OWNER "001190012345"




static int setup(void **state)
{
	struct fixture *f = fixture_open("documents");
	fixture_unit(f->db, PC1, "UBND Phường Cửa Nam", "ubnd phuong cua nam", "commune_pc", "", "", 0);
	fixture_unit(f->db, SP1, "Điểm phục vụ Cửa Nam", "diem phuc vu cua nam", "service_point", "", PC1, 0);
	*state = f;
	return 0;
}

/* Removes a directory tree (the blob store nests two levels below the data directory). */

static int teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

/* The number of entries of a directory other than . and .. (-1 when it cannot be opened). */
static int count_entries(const char *path)
{
	int n = 0;
	DIR *d = opendir(path);
	if (!d)
		return -1;
	for (struct dirent *e; (e = readdir(d));)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Reads a whole small file into buf; returns its length. */
static size_t read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	ssize_t n = read(fd, buf, cap);
	assert_true(n >= 0);
	close(fd);
	return (size_t)n;
}

static void test_blob_path(void **state)
{
	char out[256];
	MC_UNUSED(state);
	blob_path("/var/lib/motcua", SHA_ABC, out, sizeof(out));
	assert_string_equal(out, "/var/lib/motcua/blobs/ba/" SHA_ABC);
	/* A short buffer is truncated, never overrun. */
	blob_path("/d", SHA_ABC, out, 12);
	assert_string_equal(out, "/d/blobs/ba");
}

static void test_blob_write_new_then_existing(void **state)
{
	struct fixture *f = *state;
	char path[256], tmpdir[128], buf[64];
	struct stat st;
	bool existed = true;
	mode_t old = umask(022);

	assert_int_equal(blob_write(f->dir, SHA_ABC, "abc", 3, &existed), MC_OK);
	assert_false(existed);
	blob_path(f->dir, SHA_ABC, path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_size, 3);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "abc", 3);

	/* The fan-out directory and the temp directory are private to the server's group. */
	snprintf(tmpdir, sizeof(tmpdir), "%s/blobs/ba", f->dir);
	assert_int_equal(stat(tmpdir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0750);
	snprintf(tmpdir, sizeof(tmpdir), "%s/blobs/tmp", f->dir);
	assert_int_equal(count_entries(tmpdir), 0);

	/* The same bytes again: nothing written, existed set. */
	existed = false;
	assert_int_equal(blob_write(f->dir, SHA_ABC, "abc", 3, &existed), MC_OK);
	assert_true(existed);
	assert_int_equal(count_entries(tmpdir), 0);

	/* A second blob lands in its own fan-out directory. */
	assert_int_equal(blob_write(f->dir, SHA_HELLO, "hello\n", 6, &existed), MC_OK);
	assert_false(existed);
	blob_path(f->dir, SHA_HELLO, path, sizeof(path));
	assert_int_equal(read_file(path, buf, sizeof(buf)), 6);
	assert_memory_equal(buf, "hello\n", 6);
	snprintf(path, sizeof(path), "%s/blobs", f->dir);
	assert_int_equal(count_entries(path), 3); /* ba, 58, tmp */
	assert_int_equal(count_entries(tmpdir), 0);

	/* An empty blob is a file of zero bytes. */
	assert_int_equal(blob_write(f->dir, SHA_EMPTY, "", 0, &existed), MC_OK);
	assert_false(existed);
	blob_path(f->dir, SHA_EMPTY, path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	umask(old);
}

static void test_blob_write_unwritable(void **state)
{
	struct fixture *f = *state;
	char data_dir[128], path[256], tmpdir[128];
	bool existed = true;

	/* A data directory that is a regular file: blobs/ cannot be created under it. */
	snprintf(data_dir, sizeof(data_dir), "%s/not-a-dir", f->dir);
	int fd = open(data_dir, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(blob_write(data_dir, SHA_ABC, "abc", 3, &existed), MC_EIO);
	assert_false(existed);

	/* A fan-out path taken by a file: the rename fails and the temp file is removed. */
	snprintf(path, sizeof(path), "%s/blobs", f->dir);
	assert_int_equal(mkdir(path, 0750), 0);
	snprintf(path, sizeof(path), "%s/blobs/ba", f->dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);
	existed = true;
	assert_int_equal(blob_write(f->dir, SHA_ABC, "abc", 3, &existed), MC_EIO);
	assert_false(existed);
	snprintf(tmpdir, sizeof(tmpdir), "%s/blobs/tmp", f->dir);
	assert_int_equal(count_entries(tmpdir), 0);

	/* Other prefixes still work. */
	assert_int_equal(blob_write(f->dir, SHA_HELLO, "hello\n", 6, &existed), MC_OK);
	assert_false(existed);
}

/* Received bytes: a temp file made, appended to, then adopted (or removed when the blob exists);
 * leftovers older than the age are swept. */
static void test_blob_adopt(void **state)
{
	struct fixture *f = *state;
	char tmp[1200], tmp2[1200], path[256], tmpdir[128], buf[64];
	int fd;
	bool existed = true;
	assert_int_equal(blob_tmp_create(f->dir, tmp, sizeof(tmp), &fd), MC_OK);
	assert_int_equal(blob_tmp_append(fd, "ab", 2), MC_OK);
	assert_int_equal(blob_tmp_append(fd, "c", 1), MC_OK);
	close(fd);
	snprintf(tmpdir, sizeof(tmpdir), "%s/blobs/tmp", f->dir);
	assert_int_equal(count_entries(tmpdir), 1);
	assert_int_equal(blob_adopt(f->dir, SHA_ABC, tmp, 3, &existed), MC_OK);
	assert_false(existed);
	blob_path(f->dir, SHA_ABC, path, sizeof(path));
	assert_int_equal(read_file(path, buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "abc", 3);
	assert_int_equal(count_entries(tmpdir), 0);
	/* The same bytes again: the temp file goes, the blob stays. */
	assert_int_equal(blob_tmp_create(f->dir, tmp2, sizeof(tmp2), &fd), MC_OK);
	assert_int_equal(blob_tmp_append(fd, "abc", 3), MC_OK);
	close(fd);
	assert_int_equal(blob_adopt(f->dir, SHA_ABC, tmp2, 3, &existed), MC_OK);
	assert_true(existed);
	assert_int_equal(count_entries(tmpdir), 0);
	/* A leftover is swept once old enough, not before. */
	assert_int_equal(blob_tmp_create(f->dir, tmp, sizeof(tmp), &fd), MC_OK);
	close(fd);
	/* Bounds far from the file's time: the file system stamps it with the real clock, which a
	 * test under libfaketime does not share (some stat calls are faked, others not). */
	size_t removed = 9;
	assert_int_equal(blob_sweep_tmp(tmpdir, 86400, &removed), MC_OK); /* 1970-01-02 */
	assert_int_equal(removed, 0);
	assert_int_equal(count_entries(tmpdir), 1);
	assert_int_equal(blob_sweep_tmp(tmpdir, INT64_C(1) << 40, &removed), MC_OK);
	assert_int_equal(removed, 1);
	assert_int_equal(count_entries(tmpdir), 0);
}

/* The blob rows behind the documents of the tests below. */
static void put_blobs(struct db *db)
{
	assert_int_equal(docstore_blob_put(db, SHA_ABC, 3, 100), MC_OK);
	assert_int_equal(docstore_blob_put(db, SHA_HELLO, 6, 100), MC_OK);
}

static void make_doc(struct document *d, const char *id, const char *sha, const char *owner,
		     int64_t created_at)
{
	memset(d, 0, sizeof(*d));
	SET(d->id, id);
	SET(d->sha256, sha);
	d->size = strcmp(sha, SHA_ABC) == 0 ? 3 : 6;
	SET(d->content_type, "application/pdf");
	d->filename = "Giấy khai sinh.pdf";
	SET(d->owner, owner);
	d->uploaded_by = "hang.nguyen";
	d->created_at = created_at;
}

static const char SQL_BLOB_ROW[] = "SELECT count(*), max(size), max(created_at) FROM blobs "
				   "WHERE sha256 = $1";

static void test_blob_put_idempotent(void **state)
{
	struct fixture *f = *state;
	bool row;
	struct document d;
	assert_int_equal(docstore_blob_put(f->db, SHA_ABC, 3, 100), MC_OK);
	/* The second put changes nothing, not even the time. */
	assert_int_equal(docstore_blob_put(f->db, SHA_ABC, 3, 200), MC_OK);
	struct db_stmt *st = db_prepare(f->db, SQL_BLOB_ROW);
	assert_non_null(st);
	db_bind_text(st, 1, SHA_ABC, SIZE_MAX);
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_true(row);
	assert_int_equal(db_col_int(st, 0), 1);
	assert_int_equal(db_col_int(st, 1), 3);
	assert_int_equal(db_col_int(st, 2), 100);
	assert_int_equal(db_run(st), MC_OK);

	/* A document needs its blob row. */
	make_doc(&d, "0000000001aaaaaaaaaaaaaaaa", SHA_HELLO, OWNER, 100);
	assert_int_equal(docstore_insert(f->db, &d), MC_ECONFLICT);
}

static void test_insert_get_round_trip(void **state)
{
	struct fixture *f = *state;
	struct document d, got;
	put_blobs(f->db);
	make_doc(&d, "0000000001aaaaaaaaaaaaaaaa", SHA_ABC, OWNER, 1234567);
	assert_int_equal(docstore_insert(f->db, &d), MC_OK);

	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(docstore_get(f->db, &f->arena, "0000000001aaaaaaaaaaaaaaaa", &got), MC_OK);
	assert_string_equal(got.id, "0000000001aaaaaaaaaaaaaaaa");
	assert_string_equal(got.sha256, SHA_ABC);
	assert_int_equal(got.size, 3);
	assert_string_equal(got.content_type, "application/pdf");
	assert_string_equal(got.filename, "Giấy khai sinh.pdf");
	assert_string_equal(got.owner, OWNER);
	assert_string_equal(got.uploaded_by, "hang.nguyen");
	assert_int_equal(got.created_at, 1234567);

	assert_int_equal(docstore_get(f->db, &f->arena, "0000000001aaaaaaaaaaaaaaab", &got),
			 MC_ENOTFOUND);
	/* Ids are unique. */
	assert_int_equal(docstore_insert(f->db, &d), MC_ECONFLICT);
}

/* A dossier received at SP1 with the given code; returns its id. */
static int64_t insert_dossier(struct db *db, const char *code)
{
	struct dossier *d = xcalloc(1, sizeof(*d));
	SET(d->code, code);
	d->status = DS_RECEIVED;
	SET(d->procedure_code, "P0000001");
	d->procedure_version = 1;
	d->procedure_name = "Đăng ký khai sinh";
	SET(d->applicant_kind, "person");
	d->applicant_name = "Nguyễn Thị Hằng";
	SET(d->applicant_id, OWNER);
	SET(d->channel, "counter");
	SET(d->receiving_unit, SP1);
	SET(d->served_unit, PC1);
	SET(d->resolver_unit, PC1);
	SET(d->return_unit, SP1);
	SET(d->return_channel, "counter");
	d->duration.value = 5;
	SET(d->duration.unit, "working_days");
	d->submitted_at = 1000;
	SET(d->tracking_secret, "ABCDEFGH");
	d->created_by = "hang.nguyen";
	assert_int_equal(dstore_insert(db, d, "nguyen thi hang"), MC_OK);
	int64_t id = d->id;
	free(d);
	assert_true(id > 0);
	return id;
}

static const char SQL_REUSED[] = "SELECT reused, component_id FROM document_uses "
				 "WHERE document_id = $1 AND dossier_id = $2 AND role = $3";

/* The stored reused flag of a use (-1 when there is no such use); component into comp. */
static int64_t stored_reused(struct db *db, const char *doc, int64_t dossier, const char *role,
			     char *comp, size_t cap)
{
	bool row;
	int64_t v = -1;
	struct db_stmt *st = db_prepare(db, SQL_REUSED);
	assert_non_null(st);
	db_bind_text(st, 1, doc, SIZE_MAX);
	db_bind_int(st, 2, dossier);
	db_bind_text(st, 3, role, SIZE_MAX);
	assert_int_equal(db_step(st, &row), MC_OK);
	comp[0] = '\0';
	if (row) {
		v = db_col_int(st, 0);
		snprintf(comp, cap, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "(null)");
	}
	assert_int_equal(db_run(st), MC_OK);
	return v;
}

struct ids {
	int64_t v[8];
	size_t n;
};

static void collect_id(int64_t id, void *arg)
{
	struct ids *ids = arg;
	assert_true(ids->n < MC_ARRAY_LEN(ids->v));
	ids->v[ids->n++] = id;
}

/* Dossier ids in ascending order (the store promises no order). */
static void sort_ids(struct ids *ids)
{
	for (size_t i = 1; i < ids->n; i++)
		for (size_t j = i; j > 0 && ids->v[j - 1] > ids->v[j]; j--) {
			int64_t t = ids->v[j];
			ids->v[j] = ids->v[j - 1];
			ids->v[j - 1] = t;
		}
}

#define DOC_A "0000000001aaaaaaaaaaaaaaaa"
#define DOC_B "0000000002bbbbbbbbbbbbbbbb"

static void test_use_and_reuse(void **state)
{
	struct fixture *f = *state;
	struct document d;
	char comp[32];
	struct ids ids = {0};
	put_blobs(f->db);
	make_doc(&d, DOC_A, SHA_ABC, OWNER, 500);
	assert_int_equal(docstore_insert(f->db, &d), MC_OK);
	make_doc(&d, DOC_B, SHA_HELLO, OWNER, 500);
	assert_int_equal(docstore_insert(f->db, &d), MC_OK);
	int64_t d1 = insert_dossier(f->db, SP1 "-261126-0001");
	int64_t d2 = insert_dossier(f->db, SP1 "-261126-0002");
	int64_t d3 = insert_dossier(f->db, SP1 "-261126-0003");

	/* Nobody used DOC_A yet. */
	assert_int_equal(docstore_dossiers_using(f->db, DOC_A, collect_id, &ids), MC_OK);
	assert_int_equal(ids.n, 0);

	/* First use by d1: not reused. */
	bool reused = false;
	assert_int_equal(docstore_use(f->db, DOC_A, d1, "component", "tp01", 1000, &reused), MC_OK);
	assert_false(reused);
	assert_int_equal(stored_reused(f->db, DOC_A, d1, "component", comp, sizeof(comp)), 0);
	assert_string_equal(comp, "tp01");

	/* The same dossier again, as its result: still not reused (no other dossier). */
	reused = false;
	assert_int_equal(docstore_use(f->db, DOC_A, d1, "result", NULL, 1001, &reused), MC_OK);
	assert_false(reused);
	assert_int_equal(stored_reused(f->db, DOC_A, d1, "result", comp, sizeof(comp)), 0);
	assert_string_equal(comp, "(null)");

	/* d2 uses it after d1: reused. */
	reused = false;
	assert_int_equal(docstore_use(f->db, DOC_A, d2, "component", "tp02", 1002, &reused), MC_OK);
	assert_true(reused);
	assert_int_equal(stored_reused(f->db, DOC_A, d2, "component", comp, sizeof(comp)), 1);
	assert_string_equal(comp, "tp02");

	/* Recording the same use twice keeps the first row. */
	reused = false;
	assert_int_equal(docstore_use(f->db, DOC_A, d1, "component", "tp09", 1003, &reused), MC_OK);
	assert_true(reused); /* d2 uses it now */
	assert_int_equal(stored_reused(f->db, DOC_A, d1, "component", comp, sizeof(comp)), 0);
	assert_string_equal(comp, "tp01");

	/* The caller says reused (the document is older than the dossier): kept on a first use. */
	reused = true;
	assert_int_equal(docstore_use(f->db, DOC_B, d3, "component", "tp01", 1004, &reused), MC_OK);
	assert_true(reused);
	assert_int_equal(stored_reused(f->db, DOC_B, d3, "component", comp, sizeof(comp)), 1);

	/* Each dossier once, although d1 uses DOC_A twice. */
	assert_int_equal(docstore_dossiers_using(f->db, DOC_A, collect_id, &ids), MC_OK);
	sort_ids(&ids);
	assert_int_equal(ids.n, 2);
	assert_int_equal(ids.v[0], d1);
	assert_int_equal(ids.v[1], d2);
	ids.n = 0;
	assert_int_equal(docstore_dossiers_using(f->db, DOC_B, collect_id, &ids), MC_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.v[0], d3);

	/* Unknown documents, dossiers and roles are refused by the schema. */
	reused = false;
	assert_int_equal(docstore_use(f->db, "0000000009zzzzzzzzzzzzzzzz", d1, "component", "tp01",
				      1005, &reused),
			 MC_ECONFLICT);
	assert_int_equal(docstore_use(f->db, DOC_B, d1, "scan", "tp01", 1005, &reused),
			 MC_ECONFLICT);
	assert_int_equal(docstore_use(f->db, DOC_B, d3 + 100, "component", "tp01", 1005, &reused),
			 MC_ECONFLICT);
}

struct page {
	char ids[8][DOC_ID_LEN + 1];
	int64_t created[8];
	size_t n;
};

static void collect_doc(const struct document *d, void *arg)
{
	struct page *p = arg;
	assert_true(p->n < MC_ARRAY_LEN(p->ids));
	assert_string_equal(d->owner, OWNER);
	assert_string_equal(d->filename, "Giấy khai sinh.pdf");
	snprintf(p->ids[p->n], sizeof(p->ids[p->n]), "%s", d->id);
	p->created[p->n++] = d->created_at;
}

/* Ids as the service makes them: the time first, so id order is creation order. */
#define ID1 "000000000aaaaaaaaaaaaaaaaa"
#define ID2 "000000000baaaaaaaaaaaaaaaa"
#define ID3 "000000000caaaaaaaaaaaaaaaa"
#define ID4 "000000000daaaaaaaaaaaaaaaa"

static void test_by_owner_pages(void **state)
{
	struct fixture *f = *state;
	struct document d;
	struct page p = {0};
	put_blobs(f->db);
	make_doc(&d, ID1, SHA_ABC, OWNER, 100);
	assert_int_equal(docstore_insert(f->db, &d), MC_OK);
	make_doc(&d, ID2, SHA_HELLO, OWNER, 200);
	assert_int_equal(docstore_insert(f->db, &d), MC_OK);
	make_doc(&d, ID3, SHA_ABC, "0101234567", 250); /* another owner */
	assert_int_equal(docstore_insert(f->db, &d), MC_OK);
	make_doc(&d, ID4, SHA_ABC, OWNER, 300);
	assert_int_equal(docstore_insert(f->db, &d), MC_OK);

	/* Newest first, two per page. */
	assert_int_equal(docstore_by_owner(f->db, &f->arena, OWNER, NULL, 2, NULL, collect_doc, &p),
			 MC_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.ids[0], ID4);
	assert_int_equal(p.created[0], 300);
	assert_string_equal(p.ids[1], ID2);
	assert_int_equal(p.created[1], 200);

	p.n = 0;
	assert_int_equal(docstore_by_owner(f->db, &f->arena, OWNER, NULL, 2, ID2, collect_doc, &p),
			 MC_OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.ids[0], ID1);
	assert_int_equal(p.created[0], 100);

	p.n = 0;
	assert_int_equal(docstore_by_owner(f->db, &f->arena, OWNER, NULL, 2, ID1, collect_doc, &p),
			 MC_OK);
	assert_int_equal(p.n, 0);

	/* Everything in one page; limit 0 gives nothing; an unknown owner nothing. */
	assert_int_equal(docstore_by_owner(f->db, &f->arena, OWNER, NULL, 10, NULL, collect_doc, &p),
			 MC_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.ids[0], ID4);
	assert_string_equal(p.ids[1], ID2);
	assert_string_equal(p.ids[2], ID1);
	p.n = 0;
	assert_int_equal(docstore_by_owner(f->db, &f->arena, OWNER, NULL, 0, NULL, collect_doc, &p),
			 MC_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(docstore_by_owner(f->db, &f->arena, "079190000001", NULL, 10, NULL, collect_doc,
					   &p),
			 MC_OK);
	assert_int_equal(p.n, 0);
}

static void test_by_owner_created_order(void **state)
{
	struct fixture *f = *state;
	struct document d;
	struct page p = {0};
	put_blobs(f->db);
	/* An id whose order disagrees with its creation time (a service clock behind real time). */
	make_doc(&d, ID1, SHA_ABC, OWNER, 900);
	assert_int_equal(docstore_insert(f->db, &d), MC_OK);
	make_doc(&d, ID2, SHA_HELLO, OWNER, 100);
	assert_int_equal(docstore_insert(f->db, &d), MC_OK);
	assert_int_equal(docstore_by_owner(f->db, &f->arena, OWNER, NULL, 10, NULL, collect_doc, &p),
			 MC_OK);
	assert_int_equal(p.n, 2);
	/* Newest first by creation time, whatever the ids say (regression test: it once sorted by
	 * id alone); the cursor pages on (created_at, id). */
	assert_string_equal(p.ids[0], ID1);
	assert_int_equal(p.created[0], 900);
	assert_string_equal(p.ids[1], ID2);
	struct page q = {0};
	assert_int_equal(docstore_by_owner(f->db, &f->arena, OWNER, NULL, 10, ID1, collect_doc, &q), MC_OK);
	assert_int_equal(q.n, 1);
	assert_string_equal(q.ids[0], ID2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blob_path),
		T(test_blob_write_new_then_existing),
		T(test_blob_write_unwritable),
		T(test_blob_adopt),
		T(test_blob_put_idempotent),
		T(test_insert_get_round_trip),
		T(test_use_and_reuse),
		T(test_by_owner_pages),
		T(test_by_owner_created_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
