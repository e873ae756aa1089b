/* Content-addressed files of a data directory: blobs/ab/<sha256>. A blob is written to a temp
 * file in blobs/tmp, fsync'd, renamed into place and its directory fsync'd, so that once
 * blob_write or blob_adopt returns the bytes survive a crash; identical bytes are stored once.
 * Uploads write their temp file as the bytes arrive (blob_tmp_create, blob_tmp_append) and hand
 * it over with blob_adopt. Thread-safe (files only). */
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

/* Creates an empty temp file for a blob being received, in <data_dir>/blobs/tmp (made when
 * missing); its path goes to path (cap bytes) and its descriptor to *fd (the caller closes it).
 * MC_EBUSY when the disk is full, MC_EIO on other failures (also for the two below). Leftovers of
 * a crash are removed by the housekeeping sweep (blob_sweep_tmp). */
enum mc_err blob_tmp_create(const char *data_dir, char *path, size_t cap, int *fd);
/* Appends bytes to a temp file. MC_EIO on failure. */
enum mc_err blob_tmp_append(int fd, const void *data, size_t len);
/* Makes the temp file at tmp_path, len bytes whose SHA-256 is sha256, the blob: fsync, rename
 * into blobs/ab/<sha256>, fsync of that directory. When the blob exists already the temp file is
 * removed and *existed is true. The temp file is gone after MC_OK (MC_EIO: it stays, the caller
 * removes it). */
enum mc_err blob_adopt(const char *data_dir, const char *sha256, const char *tmp_path, size_t len,
		       bool *existed);

#endif
