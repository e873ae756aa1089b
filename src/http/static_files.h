/* Static files of the web UI, served from one directory. */
#ifndef MC_STATIC_FILES_H
#define MC_STATIC_FILES_H

#include "http/http.h"

/* Answers a GET for r->path from dir: "/" is index.html; paths with "..", hidden segments or
 * characters outside [A-Za-z0-9._/-] are 404; files above 8 MiB are not served. */
void static_serve(struct req *r, const char *dir);

/* Static files carry an ETag (a hash of their bytes) and "Cache-Control: no-cache": the browser
 * keeps them and asks again with If-None-Match, which a 304 without a body answers. */

/* Compresses the answer in memory (r->out) with gzip when the client accepts it, the type is text
 * (HTML, CSS, JavaScript, JSON, SVG, plain text) and the body is at least 1 KiB: sets
 * Content-Encoding and Vary. Leaves the body as it is otherwise, or when compressing fails or
 * does not make it smaller. */
void static_maybe_gzip(struct req *r);

#endif
