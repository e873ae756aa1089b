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

/* A full disk is a state the service can leave (503), not a fault (500). */
static enum mc_err io_error(int e)
{
	return e == ENOSPC || e == EDQUOT ? MC_EBUSY : MC_EIO;
}

enum mc_err blob_tmp_create(const char *data_dir, char *path, size_t cap, int *fd)
{
	char dir[1024];
	unsigned char rnd[8];
	char rhex[17];
	snprintf(dir, sizeof(dir), "%s/blobs", data_dir);
	if (!make_dir(dir))
		return MC_EIO;
	snprintf(dir, sizeof(dir), "%s/blobs/tmp", data_dir);
	if (!make_dir(dir))
		return MC_EIO;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(rhex, sizeof(rhex), rnd, sizeof(rnd));
	if ((size_t)snprintf(path, cap, "%s/%s", dir, rhex) >= cap)
		return MC_EIO;
	*fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (*fd < 0) {
		log_error("cannot create \"%s\": %s", path, strerror(errno));
		return io_error(errno);
	}
	return MC_OK;
}

enum mc_err blob_tmp_append(int fd, const void *data, size_t len)
{
	return write_all(fd, data, len) ? MC_OK : io_error(errno);
}

enum mc_err blob_adopt(const char *data_dir, const char *sha256, const char *tmp_path, size_t len,
		       bool *existed)
{
	char dir[1024], final[1100];
	struct stat st;
	blob_path(data_dir, sha256, final, sizeof(final));
	*existed = stat(final, &st) == 0 && (size_t)st.st_size == len;
	if (*existed) {
		unlink(tmp_path);
		return MC_OK;
	}
	snprintf(dir, sizeof(dir), "%s/blobs/%.2s", data_dir, sha256);
	if (!make_dir(dir))
		return MC_EIO;
	int fd = open(tmp_path, O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && fsync(fd) == 0;
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp_path, final) == 0 && fsync_dir(dir);
	if (!ok) {
		int e = errno;
		log_error("cannot store blob \"%s\": %s", sha256, strerror(e));
		return io_error(e);
	}
	return MC_OK;
}

enum mc_err blob_write(const char *data_dir, const char *sha256, const void *data, size_t len,
		       bool *existed)
{
	char final[1100], tmp[1100];
	struct stat st;
	int fd;
	blob_path(data_dir, sha256, final, sizeof(final));
	*existed = stat(final, &st) == 0 && (size_t)st.st_size == len;
	if (*existed)
		return MC_OK;
	enum mc_err err = blob_tmp_create(data_dir, tmp, sizeof(tmp), &fd);
	if (err)
		return err;
	bool ok = write_all(fd, data, len);
	int e = ok ? 0 : errno;
	ok = close(fd) == 0 && ok;
	err = ok ? blob_adopt(data_dir, sha256, tmp, len, existed) : io_error(e ? e : errno);
	if (err) {
		if (!ok)
			log_error("cannot store blob \"%s\": %s", sha256, strerror(errno));
		unlink(tmp);
	}
	return err;
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
