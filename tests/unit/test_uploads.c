/* Tests of uploads in progress (svc/uploads.h) in a temporary data directory: the bytes go to a
 * temp file with their SHA-256, the slots per account and per address, a body over the limit
 * drops its file at once, and freeing an upload removes a file nobody took. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "svc/uploads.h"

#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

struct fixture {
	char dir[64];
	struct svc_state state;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/motcua-uploads-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->state.cfg.data_dir = f->dir;
	f->state.cfg.upload_max = 10;
	f->state.cfg.upload_per_account = 2;
	f->state.cfg.upload_per_ip = 3;
	f->state.uploads = upload_slots_new();
	*state = f;
	return 0;
}

static int count_tmp(const struct fixture *f)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/blobs/tmp", f->dir);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[128];
	upload_slots_free(f->state.uploads);
	snprintf(path, sizeof(path), "%s/blobs/tmp", f->dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/blobs", f->dir);
	rmdir(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void test_bytes_and_hash(void **state)
{
	struct fixture *f = *state;
	struct upload *u;
	const char *path;
	size_t len;
	char sha[65];
	struct stat st;
	assert_int_equal(upload_open(&f->state, "hang", "192.0.2.1", &u), MC_OK);
	assert_int_equal(upload_write(u, "a", 1), MC_OK);
	assert_int_equal(upload_write(u, "bc", 2), MC_OK);
	assert_int_equal(upload_len(u), 3);
	assert_true(upload_result(u, &path, &len, sha));
	assert_int_equal(len, 3);
	assert_string_equal(sha, SHA_ABC);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 3);
	assert_int_equal(upload_count(&f->state), 1);
	upload_free(u); /* not taken: the file goes */
	assert_int_equal(count_tmp(f), 0);
	assert_int_equal(upload_count(&f->state), 0);
}

static void test_too_big(void **state)
{
	struct fixture *f = *state;
	struct upload *u;
	const char *path;
	size_t len;
	char sha[65];
	assert_int_equal(upload_open(&f->state, "hang", "192.0.2.1", &u), MC_OK);
	assert_int_equal(upload_write(u, "0123456789", 10), MC_OK);
	assert_int_equal(count_tmp(f), 1);
	assert_int_equal(upload_write(u, "x", 1), MC_ETOOBIG);
	assert_int_equal(count_tmp(f), 0); /* dropped at once */
	assert_int_equal(upload_write(u, "y", 1), MC_ETOOBIG);
	assert_false(upload_result(u, &path, &len, sha));
	upload_free(u);
}

static void test_slots(void **state)
{
	struct fixture *f = *state;
	struct upload *u[5] = {0}, *no = NULL;
	assert_int_equal(upload_open(&f->state, "hang", "192.0.2.1", &u[0]), MC_OK);
	assert_int_equal(upload_open(&f->state, "hang", "192.0.2.2", &u[1]), MC_OK);
	/* The account has two. */
	assert_int_equal(upload_open(&f->state, "hang", "192.0.2.3", &no), MC_ETOOMANY);
	assert_null(no);
	/* The address 192.0.2.1 has three, whoever uploads. */
	assert_int_equal(upload_open(&f->state, "minh", "192.0.2.1", &u[2]), MC_OK);
	assert_int_equal(upload_open(&f->state, "lan", "192.0.2.1", &u[3]), MC_OK);
	assert_int_equal(upload_open(&f->state, "tuan", "192.0.2.1", &no), MC_ETOOMANY);
	assert_int_equal(upload_open(&f->state, "tuan", "192.0.2.9", &u[4]), MC_OK);
	assert_int_equal(upload_count(&f->state), 5);
	/* A slot comes back when its upload ends. */
	upload_free(u[0]);
	assert_int_equal(upload_open(&f->state, "hang", "192.0.2.1", &u[0]), MC_OK);
	for (size_t i = 0; i < MC_ARRAY_LEN(u); i++)
		upload_free(u[i]);
	assert_int_equal(upload_count(&f->state), 0);
	assert_int_equal(count_tmp(f), 0);
	upload_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bytes_and_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slots, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
