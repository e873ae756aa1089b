/* Durable content-addressed files (see blob_store.h). */
#include "base/base.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "store/blob_store.h"

void blob_path(const char *data_dir, const char *sha256, char *out, size_t cap)
{
	snprintf(out, cap, "%s/blobs/%.2s/%s", data_dir, sha256, sha256);
}

static bool make_dir(const char *path)
{
	return mkdir(path, 0750) == 0 || errno == EEXIST;
}

static bool fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

static bool write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

enum mc_err blob_write(const char *data_dir, const char *sha256, const void *data, size_t len,
		       bool *existed)
{
	char dir[1024], tmpdir[1024], tmp[1100], final[1100];
	unsigned char rnd[8];
	char rhex[17];
	struct stat st;
	blob_path(data_dir, sha256, final, sizeof(final));
	*existed = stat(final, &st) == 0 && (size_t)st.st_size == len;
	if (*existed)
		return MC_OK;
	snprintf(dir, sizeof(dir), "%s/blobs", data_dir);
	snprintf(tmpdir, sizeof(tmpdir), "%s/blobs/tmp", data_dir);
	if (!make_dir(dir) || !make_dir(tmpdir))
		return MC_EIO;
	snprintf(dir, sizeof(dir), "%s/blobs/%.2s", data_dir, sha256);
	if (!make_dir(dir))
		return MC_EIO;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(rhex, sizeof(rhex), rnd, sizeof(rnd));
	snprintf(tmp, sizeof(tmp), "%s/%s", tmpdir, rhex);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0)
		return errno == ENOSPC || errno == EDQUOT ? MC_EBUSY : MC_EIO;
	bool ok = write_all(fd, data, len) && fsync(fd) == 0;
	int e = ok ? 0 : errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && (rename(tmp, final) != 0 || !fsync_dir(dir))) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		log_error("cannot store blob \"%s\": %s", sha256, strerror(e));
		unlink(tmp);
		/* A full disk is a state the service can leave (503), not a fault (500). */
		return e == ENOSPC || e == EDQUOT ? MC_EBUSY : MC_EIO;
	}
	return MC_OK;
}

enum mc_err blob_sweep_tmp(const char *dir, int64_t before, size_t *removed)
{
	struct stat st;
	*removed = 0;
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? MC_OK : MC_EIO;
	int fd = dirfd(d);
	for (struct dirent *e; (e = readdir(d));) {
		if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
		    (int64_t)st.st_mtime > before)
			continue;
		if (unlinkat(fd, e->d_name, 0) == 0)
			(*removed)++;
	}
	closedir(d);
	return MC_OK;
}
