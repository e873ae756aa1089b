/* Reading a static file into the answer, with its content type from the extension. Files are
 * small (the UI has no build step), so they are read whole. */
#include "base/base.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/static_files.h"

#define STATIC_MAX (8 * 1024 * 1024)

static const char *type_of(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".json", "application/json; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < MC_ARRAY_LEN(types); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static bool safe_path(const char *p)
{
	if (p[0] != '/' || strstr(p, "..") || strstr(p, "/.") || strstr(p, "//"))
		return false;
	return strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-") ==
	       strlen(p);
}

void static_serve(struct req *r, const char *dir)
{
	const char *p = strcmp(r->path, "/") == 0 ? "/index.html" : r->path;
	struct stat st;
	if (!safe_path(p)) {
		resp_problem(r, 404, NULL, NULL);
		return;
	}
	char *full = arena_printf(&r->arena, "%s%s", dir, p);
	int fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > STATIC_MAX) {
		if (fd >= 0)
			close(fd);
		resp_problem(r, 404, NULL, NULL);
		return;
	}
	size_t size = (size_t)st.st_size, got = 0;
	char *data = xmalloc(size + 1);
	while (got < size) {
		ssize_t n = read(fd, data + got, size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != size) {
		free(data);
		resp_problem(r, 500, NULL, NULL);
		return;
	}
	resp_bytes(r, 200, type_of(p), data, size);
}
