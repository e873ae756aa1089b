/* Random bytes for identifiers and secrets, without a system call each (random.c). */
#ifndef MC_RANDOM_H
#define MC_RANDOM_H

#include "base/base.h"

/* Fills buf with n bytes from the kernel's generator (getrandom), taken from a pool of this
 * thread's that one call refills (4,096 bytes at a time): each byte is handed out once
 * and wiped from the pool as it is. The same strength as randombytes_buf (which asks the kernel
 * 256 bytes a call). An intake draws ~60 bytes (its tracking secret on the HTTP worker, its
 * notification's and webhook message's ids on the writer): each of the two threads makes one
 * call in over a hundred intakes (0.13 and 0.10 per intake with 256-byte calls). A child process
 * after fork starts with an empty pool. */
void mc_random(void *buf, size_t n);

#endif
