/* Random bytes for identifiers and secrets, without a system call each (random.c). */
#ifndef MC_RANDOM_H
#define MC_RANDOM_H

#include "base/base.h"

/* Fills buf with n bytes from the kernel's generator (getrandom, through libsodium), taken from a
 * pool of this thread's that one call refills (4,096 bytes at a time): each byte is handed out once
 * and wiped from the pool as it is. The same strength as randombytes_buf; an intake, which draws
 * three short values (its tracking secret, its notification and webhook ids, ~120 bytes), makes
 * one such call in ~35 instead of three. A child process after fork starts with an empty pool. */
void mc_random(void *buf, size_t n);

#endif
