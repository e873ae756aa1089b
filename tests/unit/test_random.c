/* Tests of base/random.h: draws never repeat, within a thread or across threads (each has its own
 * pool), a draw larger than the pool works, and a forked child does not hand out the bytes its
 * parent will. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/random.h"

#define THREADS 4
#define DRAWS 800 /* of 16 bytes: 4 refills of a 4,096-byte pool per thread */

static unsigned char drawn[THREADS][DRAWS][16];

static void *draw_many(void *arg)
{
	unsigned char(*mine)[16] = arg;
	for (int i = 0; i < DRAWS; i++)
		mc_random(mine[i], 16);
	return NULL;
}

static int cmp16(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

static void test_never_repeats(void **state)
{
	MC_UNUSED(state);
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, draw_many, drawn[i]), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	unsigned char(*all)[16] = &drawn[0][0];
	qsort(all, THREADS * DRAWS, 16, cmp16);
	static const unsigned char zero[16];
	for (int i = 0; i < THREADS * DRAWS; i++) {
		assert_memory_not_equal(all[i], zero, 16);
		if (i > 0)
			assert_memory_not_equal(all[i - 1], all[i], 16);
	}
}

static void test_odd_sizes(void **state)
{
	MC_UNUSED(state);
	unsigned char big[4096], small[3][7];
	memset(big, 0, sizeof(big));
	mc_random(big, sizeof(big));
	size_t zeros = 0;
	for (size_t i = 0; i < sizeof(big); i++)
		zeros += big[i] == 0;
	assert_true(zeros < 64); /* ~16 expected of 4096 uniform bytes */
	for (int i = 0; i < 3; i++)
		mc_random(small[i], sizeof(small[i]));
	assert_memory_not_equal(small[0], small[1], 7);
	assert_memory_not_equal(small[1], small[2], 7);
	mc_random(big, 0); /* nothing asked, nothing drawn */
}

static void test_fork(void **state)
{
	MC_UNUSED(state);
	unsigned char first[16], parent[16], child[16];
	mc_random(first, sizeof(first)); /* the pool now holds bytes the parent hands out next */
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		unsigned char mine[16];
		mc_random(mine, sizeof(mine));
		_exit(write(fds[1], mine, sizeof(mine)) == (ssize_t)sizeof(mine) ? 0 : 1);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], child, sizeof(child)), (ssize_t)sizeof(child));
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	mc_random(parent, sizeof(parent));
	assert_memory_not_equal(parent, child, sizeof(parent));
	assert_memory_not_equal(first, parent, sizeof(parent));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_never_repeats),
		cmocka_unit_test(test_odd_sizes),
		cmocka_unit_test(test_fork),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
