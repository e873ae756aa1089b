/* Content-addressed files of a data directory: blobs/ab/<sha256>. A blob is written to a temp
 * file, fsync'd, renamed into place and its directory fsync'd, so that once blob_write returns
 * the bytes survive a crash; identical bytes are stored once. Thread-safe (files only). */
#ifndef MC_BLOB_STORE_H
#define MC_BLOB_STORE_H

#include "base/base.h"

/* Stores the bytes whose lower-case hex SHA-256 is sha256 (the caller computed it). MC_EBUSY when
 * the disk is full, MC_EIO on other failures. *existed is true when the blob was already there. */
enum mc_err blob_write(const char *data_dir, const char *sha256, const void *data, size_t len,
		       bool *existed);
/* Removes the regular files of dir (not below it) last modified at or before `before` (epoch
 * seconds): temporary files that a crash or a killed request left. A missing dir is no error.
 * *removed counts the files removed. */
enum mc_err blob_sweep_tmp(const char *dir, int64_t before, size_t *removed);
/* The path of a blob into out (cap bytes). */
void blob_path(const char *data_dir, const char *sha256, char *out, size_t cap);

#endif
