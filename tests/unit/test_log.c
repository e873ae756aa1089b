/* Tests of base/log.h's access lines: a thread's lines wait in its buffer until log_flush, a full
 * buffer, another line of the same thread or the thread's end; none is lost or cut, and each
 * thread's stay in order while other threads write theirs and a flusher runs beside them. Stderr
 * goes to a temporary file during each test. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "base/log.h"

static int saved_stderr = -1;
static FILE *captured;

static int capture(void **state)
{
	MC_UNUSED(state);
	log_flush(); /* nothing of an earlier test is left to land in this one's file */
	captured = tmpfile();
	assert_non_null(captured);
	saved_stderr = dup(STDERR_FILENO);
	assert_true(dup2(fileno(captured), STDERR_FILENO) >= 0);
	return 0;
}

static int restore(void **state)
{
	MC_UNUSED(state);
	log_flush();
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	fclose(captured);
	return 0;
}

/* Everything written to stderr so far (the caller frees it). */
static char *written(void)
{
	long n = lseek(fileno(captured), 0, SEEK_END);
	assert_true(n >= 0);
	char *s = xmalloc((size_t)n + 1);
	assert_int_equal(pread(fileno(captured), s, (size_t)n, 0), n);
	s[n] = '\0';
	return s;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_held_until_flush(void **state)
{
	MC_UNUSED(state);
	log_access("rid=a GET \"/x\" 200");
	log_access("rid=b GET \"/y\" 404");
	char *s = written();
	assert_string_equal(s, ""); /* held: no write(2) per line */
	free(s);
	log_flush();
	s = written();
	assert_int_equal(count(s, "\n"), 2);
	assert_non_null(strstr(s, " info rid=a GET \"/x\" 200\n"));
	assert_true(strstr(s, "rid=a") < strstr(s, "rid=b"));
	free(s);
	log_flush(); /* nothing twice */
	s = written();
	assert_int_equal(count(s, "\n"), 2);
	free(s);
}

static void test_other_line_writes_held_first(void **state)
{
	MC_UNUSED(state);
	log_access("rid=first");
	log_access("rid=second");
	log_warn("a warning after both");
	char *s = written();
	assert_int_equal(count(s, "\n"), 3);
	char *a = strstr(s, "rid=first"), *b = strstr(s, "rid=second"),
	     *w = strstr(s, " warn a warning after both\n");
	assert_true(a && b && w && a < b && b < w);
	free(s);
}

static void test_full_chunk_written(void **state)
{
	MC_UNUSED(state);
	char pad[101];
	memset(pad, 'x', 100);
	pad[100] = '\0';
	for (int i = 0; i < 100; i++) /* ~13 KB: three chunks of PIPE_BUF at most written */
		log_access("rid=%03d %s", i, pad);
	char *s = written();
	size_t len = strlen(s);
	assert_true(len > 0 && len <= 100 * 140);
	assert_true(s[len - 1] == '\n'); /* whole lines only */
	size_t lines = count(s, "\n");
	assert_true(len >= 100 * 130 - 2 * PIPE_BUF); /* only the last chunk's lines wait */
	free(s);
	log_flush();
	s = written();
	assert_int_equal(count(s, "\n"), 100);
	assert_true(count(s, "\n") > lines);
	free(s);
}

static void *three_lines_then_end(void *arg)
{
	MC_UNUSED(arg);
	for (int i = 0; i < 3; i++)
		log_access("rid=ending-%d", i);
	return NULL;
}

static void test_thread_end_writes(void **state)
{
	MC_UNUSED(state);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, three_lines_then_end, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	char *s = written(); /* no log_flush: the thread's end wrote them */
	assert_int_equal(count(s, "rid=ending-"), 3);
	free(s);
}

#define WRITERS 4
#define LINES 3000

static atomic_bool writers_done;

static void *many_lines(void *arg)
{
	int who = (int)(intptr_t)arg;
	for (int i = 0; i < LINES; i++)
		log_access("rid=w%d-%05d GET \"/api/v1/health\" 200 52 0.05ms", who, i);
	return NULL;
}

static void *flusher(void *arg)
{
	MC_UNUSED(arg);
	while (!atomic_load(&writers_done))
		log_flush();
	return NULL;
}

static void test_threads_whole_and_ordered(void **state)
{
	MC_UNUSED(state);
	pthread_t w[WRITERS], f;
	atomic_store(&writers_done, false);
	assert_int_equal(pthread_create(&f, NULL, flusher, NULL), 0);
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_create(&w[i], NULL, many_lines, (void *)(intptr_t)i), 0);
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_join(w[i], NULL), 0);
	atomic_store(&writers_done, true);
	assert_int_equal(pthread_join(f, NULL), 0);
	char *s = written();
	assert_int_equal(count(s, "\n"), WRITERS * LINES);
	int next[WRITERS] = {0};
	for (char *line = s, *end; *line; line = end + 1) {
		end = strchr(line, '\n');
		assert_non_null(end);
		*end = '\0';
		int who, n, used = 0;
		char *rid = strstr(line, " info rid=w");
		assert_non_null(rid);
		assert_int_equal(sscanf(rid, " info rid=w%d-%d GET \"/api/v1/health\" 200 52 0.05ms%n",
					&who, &n, &used),
				 2);
		assert_int_equal(rid[used], '\0'); /* the line is whole */
		assert_true(who >= 0 && who < WRITERS);
		assert_int_equal(n, next[who]); /* each thread's in order, none twice */
		next[who]++;
	}
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(next[i], LINES);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_held_until_flush, capture, restore),
		cmocka_unit_test_setup_teardown(test_other_line_writes_held_first, capture, restore),
		cmocka_unit_test_setup_teardown(test_full_chunk_written, capture, restore),
		cmocka_unit_test_setup_teardown(test_thread_end_writes, capture, restore),
		cmocka_unit_test_setup_teardown(test_threads_whole_and_ordered, capture, restore),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
