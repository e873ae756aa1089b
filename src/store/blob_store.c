/* Durable content-addressed files (see blob_store.h). */
#include "base/base.h"

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
		return MC_EIO;
	bool ok = write_all(fd, data, len) && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp, final) == 0 && fsync_dir(dir);
	if (!ok) {
		log_error("cannot store blob \"%s\": %s", sha256, strerror(errno));
		unlink(tmp);
		return MC_EIO;
	}
	return MC_OK;
}
