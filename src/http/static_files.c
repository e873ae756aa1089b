/* Reading a static file into the answer, with its content type from the extension. Files are
 * small (the UI has no build step), so they are read whole. */
#include "base/base.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

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
	/* A strong validator from the bytes (the names carry no hash: the UI has no build step). */
	unsigned char h[12];
	char hex[2 * sizeof(h) + 1];
	crypto_generichash(h, sizeof(h), (const unsigned char *)data, size, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	r->out_etag = arena_printf(&r->arena, "\"%s\"", hex);
	r->out_cache = "no-cache";
	const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						      MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm && (strstr(inm, r->out_etag) || !strcmp(inm, "*"))) {
		free(data);
		r->out_vary = true;
		resp_empty(r, 304);
		return;
	}
	resp_bytes(r, 200, type_of(p), data, size);
}

#define GZIP_MIN 1024

static bool compressible(const char *type)
{
	return type && (!strncmp(type, "text/", 5) || !strncmp(type, "application/json", 16) ||
			!strncmp(type, "application/problem+json", 24) ||
			!strncmp(type, "image/svg+xml", 13));
}

/* Whether Accept-Encoding lists gzip, and not with a weight of zero ("gzip;q=0"). */
static bool accepts_gzip(struct req *r)
{
	const char *ae = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_ACCEPT_ENCODING);
	const char *g = ae ? strstr(ae, "gzip") : NULL;
	if (!g)
		return false;
	size_t len = strcspn(g, ",");
	const char *q = strstr(g, "q=");
	if (!q || (size_t)(q - g) > len)
		return true;
	q += 2;
	if (*q++ != '0')
		return true;
	if (*q == '.')
		q++;
	while (*q == '0')
		q++;
	return !(*q == '\0' || *q == ',' || *q == ' ' || *q == ';');
}

void static_maybe_gzip(struct req *r)
{
	if (!r->out || r->out_encoding || !compressible(r->out_type))
		return;
	r->out_vary = true;
	if (r->out_len < GZIP_MIN || !accepts_gzip(r))
		return;
	z_stream z;
	memset(&z, 0, sizeof(z));
	/* 15 + 16: a gzip wrapper; level 6 is zlib's default balance of size and time. */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	uLong cap = deflateBound(&z, (uLong)r->out_len);
	char *out = xmalloc(cap);
	z.next_in = (Bytef *)r->out;
	z.avail_in = (uInt)r->out_len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t n = (size_t)z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || n >= r->out_len) {
		free(out);
		return;
	}
	free(r->out);
	r->out = out;
	r->out_len = n;
	r->out_encoding = "gzip";
}
