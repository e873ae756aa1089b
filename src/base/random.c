/* Per-thread pools of kernel random bytes (random.h). */
#include "base/base.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/random.h>

#include "base/random.h"

#define POOL 4096

static _Thread_local struct {
	unsigned char bytes[POOL];
	size_t left; /* bytes[POOL - left ..] not handed out yet */
} pool;

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* In the child of a fork: its copy of the forking thread's pool was the parent's too. */
static void forget_in_child(void)
{
	sodium_memzero(pool.bytes, sizeof(pool.bytes));
	pool.left = 0;
}

static void register_fork_handler(void)
{
	pthread_atfork(NULL, NULL, forget_in_child);
}

/* Fills the pool from the kernel's generator in one getrandom call (libsodium's randombytes_buf
 * asks it 256 bytes a call: 16 calls for the pool); libsodium's if getrandom is refused. */
static void refill(void)
{
	size_t have = 0;
	while (have < POOL) {
		ssize_t got = getrandom(pool.bytes + have, POOL - have, 0);
		if (got > 0)
			have += (size_t)got;
		else if (got == 0 || errno != EINTR)
			break;
	}
	if (have < POOL)
		randombytes_buf(pool.bytes + have, POOL - have);
	pool.left = POOL;
}

void mc_random(void *buf, size_t n)
{
	pthread_once(&once, register_fork_handler);
	if (n > POOL / 4) { /* large: straight from the kernel */
		randombytes_buf(buf, n);
		return;
	}
	unsigned char *out = buf;
	while (n > 0) {
		if (pool.left == 0)
			refill();
		size_t take = n < pool.left ? n : pool.left;
		unsigned char *from = pool.bytes + (POOL - pool.left);
		memcpy(out, from, take);
		sodium_memzero(from, take);
		pool.left -= take;
		out += take;
		n -= take;
	}
}
